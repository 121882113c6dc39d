/* Virtual interrupts of TD vCPUs in the software TDX module (td_irq.c):
 * the virtual APIC the TD VMCS gives each vCPU, and the posted-interrupt
 * processing the CPU under the model lacks. */
#ifndef SEAM_TD_IRQ_H
#define SEAM_TD_IRQ_H

#include "td_state.h"
#include "../hv/arch/x86/vmx.h"

struct td_run;

/* Virtual-APIC page (TDVPS page 2) registers the model reads and writes:
 * 32-bit registers on 16-byte strides (SDM vol. 3C 30.1). */
#define VAPIC_PPR       0xa0
#define VAPIC_IRR       0x200
#define VAPIC_NO_VECTOR (-1)

/* First TDH.VP.ENTER, TD VMCS current: TPR shadow, virtualize x2APIC mode,
 * APIC-register virtualization and virtual-interrupt delivery on, virtual
 * APIC page = TDVPS page 2. */
void td_irq_vmcs_init(const struct td_run *r);
/* An external-interrupt exit (vector acknowledged on exit, in intr_info):
 * true when it was the host's posted-interrupt notification and the model
 * processed the descriptor as the CPU would, so the TD runs on. */
bool td_irq_notification(struct td_run *r, uint32_t intr_info);
/* Before a VM entry: an event whose delivery an exit interrupted (IDT-
 * vectoring information) is delivered again, unless the model injects one. */
void td_irq_reinject(void);
/* TDVPS VCPU_STATE_DETAILS (non-architectural): bit 0 VMXIP, a virtual
 * interrupt pending above the vCPU's PPR (metadata_vp.c). */
uint64_t td_vcpu_state_details(const struct td_tdvpr *vp);
#define TD_VCPU_STATE_DETAILS_VMXIP BIT(0)

/* Pure parts, for host tests. */
/* PIR -> virtual IRR (logical OR, PIR cleared atomically); returns the
 * highest vector moved, or VAPIC_NO_VECTOR. */
int vapic_take_pir(uint8_t *vapic, struct vmx_pi_desc *pid);
/* Highest vector set in the 256-bit register array at offset base. */
int vapic_highest(const uint8_t *vapic, unsigned base);

#endif
