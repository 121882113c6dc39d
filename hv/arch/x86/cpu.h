/* CPU identification and features the hypervisor depends on. */
#ifndef HV_ARCH_X86_CPU_H
#define HV_ARCH_X86_CPU_H

#include "../../types.h"

struct cpu_features {
	char vendor[13];
	uint32_t family_model_stepping;
	uint32_t max_leaf;
	bool vmx;
	bool x2apic;
	bool tsc_deadline;      /* the APIC timer's TSC-deadline mode */
	bool movdir64b;         /* 64-byte direct stores (clear_page.c) */
	bool hypervisor;        /* running under another hypervisor */
	bool nx;
	bool page_1g;
};

extern struct cpu_features cpu_features;
/* Set once a CPU has begun stopping the others: an NMI then means "halt". */
extern volatile bool cpus_stopping;

void cpu_features_probe(void);
/* A host NMI taken as a VM exit while a guest ran (see cpu.c). */
void arch_guest_nmi(void);
void cpu_calibrate_tsc(void);
uint64_t cpu_tsc_khz(void);
/* Zeroes a 4 KiB page that a TD owned (clear_page.c: MOVDIR64B if present). */
void cpu_clear_page(void *page);
uint32_t cpu_package_id(uint32_t apic_id);
void arch_console_setup(uint16_t port, bool debug_port_exit);
bool stack_address_plausible(uint64_t addr);

#endif
