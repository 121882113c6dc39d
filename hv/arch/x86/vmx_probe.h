/* Whether this CPU can enter VMX operation, and why not, for the boot
 * summary. Enabling VMX is the [vmx] layer's job; this only reads. */
#ifndef HV_ARCH_X86_VMX_PROBE_H
#define HV_ARCH_X86_VMX_PROBE_H

#include "../../types.h"

enum vmx_availability {
	VMX_AVAILABLE,          /* CPUID says VMX and firmware allows it */
	VMX_NO_CPU_SUPPORT,     /* CPUID.1:ECX.VMX = 0 */
	VMX_LOCKED_OFF,         /* IA32_FEATURE_CONTROL locked without VMX */
	VMX_NO_FEATURE_MSR,     /* IA32_FEATURE_CONTROL not readable */
};

struct vmx_probe {
	enum vmx_availability availability;
	uint64_t feature_control;
	uint64_t vmx_basic;     /* IA32_VMX_BASIC when available */
};

void vmx_probe(struct vmx_probe *out);
const char *vmx_availability_text(enum vmx_availability a);

#endif
