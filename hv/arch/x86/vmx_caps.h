/* VMX capabilities: the capability MSRs of a CPU and the VM-execution
 * controls computed from them. Pure functions over recorded MSR values, so
 * host tests can replay other CPUs' capability sets. */
#ifndef HV_ARCH_X86_VMX_CAPS_H
#define HV_ARCH_X86_VMX_CAPS_H

#include "../../types.h"

struct vmx_caps {
	uint64_t basic;
	uint64_t pinbased, procbased, exit, entry;      /* TRUE_* when basic bit 55 */
	uint64_t procbased2;
	uint64_t misc;
	uint64_t ept_vpid;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

struct vmx_controls {
	uint32_t pin, proc, proc2, exit, entry;
	bool preemption_timer;  /* optional: the watchdog needs it */
	bool vpid;
	unsigned preemption_timer_shift;  /* timer ticks every 2^shift TSC ticks */
};

/* Reads the capability MSRs of the calling CPU. */
void vmx_caps_read(struct vmx_caps *caps);
/* Computes the controls tdvisor needs for a VM under EPT + unrestricted
 * guest. On a missing required control writes a sentence naming it (e.g.
 * "secondary processor-based control 'unrestricted guest' (bit 7)") into
 * why and returns false. */
bool vmx_controls_compute(const struct vmx_caps *caps, struct vmx_controls *out,
			  char *why, size_t why_size);
/* CR0/CR4 values adjusted to what VMX operation allows. unrestricted
 * allows CR0.PE and CR0.PG to be 0 (guest values only). */
uint64_t vmx_fix_cr0(const struct vmx_caps *caps, uint64_t cr0, bool unrestricted);
uint64_t vmx_fix_cr4(const struct vmx_caps *caps, uint64_t cr4);

#endif
