/* VM-exit handling for plain VMs, and VMCS access helpers. */
#ifndef HV_ARCH_X86_VMX_EXIT_H
#define HV_ARCH_X86_VMX_EXIT_H

#include "vmx.h"

struct vcpu;

void vmcs_write(enum vmcs_field field, uint64_t value);
uint64_t vmcs_read(enum vmcs_field field);

void vmx_handle_exit(struct vcpu *v);
/* Host-state fields of the current VMCS for the calling CPU (VMs and the
 * software TDX module's TD VMCSs alike). */
void vmx_setup_host_state(void);
/* The VMCS fields every fresh guest (VM or TD) starts with the same: no
 * #PF filtering, CR3 targets, MSR load/store lists or pending event; no
 * debug or SYSENTER state; active, not blocked; no VMCS link. */
void vmx_write_quiet_state(void);
/* VMLAUNCH/VMRESUME failed or entry failed: stop the VM with the decoded
 * VM-instruction error. */
void vmx_report_entry_failure(struct vcpu *v);

#endif
