/* Per-CPU data. Each CPU's GS base points at its struct percpu, whose first
 * field points at itself, so this_cpu() is one load from %gs:0. */
#ifndef HV_ARCH_X86_PERCPU_H
#define HV_ARCH_X86_PERCPU_H

#include "../../types.h"
#include "descriptors.h"

#define MAX_CPUS 64

/* Virtual layout of a CPU's stacks in the stack area: an unmapped guard page
 * below each stack turns an overflow into a page fault (on its own #DF stack)
 * instead of silent corruption. */
#define STACK_AREA_BASE   0xffffc00000000000ull
#define STACK_SLOT_SIZE   (256 * KiB)
#define KERNEL_STACK_SIZE (32 * KiB)
#define IST_STACK_SIZE    (16 * KiB)

enum ist_index { IST_DF = 1, IST_NMI = 2, IST_MC = 3, NR_IST = 3 };

enum cpu_state {
	CPU_ABSENT,     /* listed in the MADT, not (yet) started */
	CPU_STARTING,
	CPU_ONLINE,
	CPU_FAILED,     /* did not answer INIT-SIPI-SIPI */
};

struct vcpu;

/* Work one CPU hands another (smp.c): taken atomically as a whole. */
struct smp_call {
	void (*fn)(void *);
	void *arg;
	volatile bool done;
};

struct percpu {
	struct percpu *self;            /* must stay first: read via %gs:0 */
	unsigned index;                 /* 0 = boot CPU, in MADT order */
	uint32_t apic_id;
	uint32_t package;               /* physical package (socket) */
	volatile enum cpu_state state;
	uint64_t stack_top;
	uint64_t ist_top[NR_IST + 1];
	struct gdt gdt;
	struct tss tss;
	paddr_t vmxon_region;           /* 0: not in VMX root */
	struct vcpu *volatile vcpu;     /* the vCPU pinned here, once assigned */
	struct smp_call *volatile call; /* smp_call_on()/smp_post(): work for this CPU */
};

extern struct percpu percpu[MAX_CPUS];
extern unsigned nr_cpus;               /* CPUs listed (online or not) */

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

void percpu_install(struct percpu *p);
unsigned cpus_online(void);

#endif
