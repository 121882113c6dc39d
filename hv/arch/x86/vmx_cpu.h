/* Entering VMX root operation on a CPU. */
#ifndef HV_ARCH_X86_VMX_CPU_H
#define HV_ARCH_X86_VMX_CPU_H

#include "vmx_caps.h"

/* Set on the boot CPU, checked against every AP: tdvisor assumes all CPUs
 * have the same VMX capabilities. */
extern struct vmx_caps vmx_caps;
extern struct vmx_controls vmx_controls;
extern bool vmx_usable;         /* controls computed, boot CPU in VMX root */

/* Enables VMX on the calling CPU (IA32_FEATURE_CONTROL, fixed CR0/CR4 bits,
 * VMXON). Logs why not and returns false when it cannot. */
bool vmx_cpu_enable(void);
unsigned vmx_cpus_in_root(void);

#endif
