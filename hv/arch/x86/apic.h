/* Local APIC: x2APIC when the CPU has it, xAPIC MMIO otherwise. */
#ifndef HV_ARCH_X86_APIC_H
#define HV_ARCH_X86_APIC_H

#include "../../types.h"

#define XAPIC_DEFAULT_BASE 0xfee00000ull

/* Enables the local APIC of the calling CPU (x2APIC mode when available). */
void apic_init_local(void);
uint32_t apic_local_id(void);
bool apic_x2apic_mode(void);
paddr_t apic_mmio_base(void);
void apic_send_init(uint32_t apic_id);
void apic_send_sipi(uint32_t apic_id, uint8_t page);
void apic_send_nmi_all_but_self(void);
/* One CPU: the GDB stub parks only CPUs that are online (an NMI would
 * derail one still in its start-up trampoline). */
void apic_send_nmi(uint32_t apic_id);
/* The kick IPI wakes an idle CPU or forces its vCPU out of the guest. */
#define KICK_VECTOR     0xf0
/* The posted-interrupt notification vector of TD vCPUs (hv/tdx/td_irq.c;
 * Linux's POSTED_INTR_VECTOR): the TDX module takes it while the vCPU runs;
 * a CPU that takes it itself only acknowledges it. */
#define POSTED_INTR_VECTOR 0xf2
#define SPURIOUS_VECTOR 0xff
void apic_send_kick(uint32_t apic_id);
/* A fixed interrupt with vector to one CPU (the caller's own included). */
void apic_send_vector(uint32_t apic_id, uint8_t vector);
void apic_eoi(void);
/* The calling CPU's APIC timer in TSC-deadline mode: a KICK_VECTOR
 * interrupt once the TSC reaches tsc (0 disarms). False when the CPU has
 * no TSC-deadline timer (CPUID.1:ECX[24]). */
bool apic_timer_deadline(uint64_t tsc);

#endif
