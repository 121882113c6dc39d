/* Interrupts of a TD vCPU in the model, as on hardware:
 * - The TD VMCS gives the vCPU a virtual x2APIC whose page is TDVPS page 2
 *   (intel/tdx-module tdx_1.5 src/common/x86_defs/vmcs_defs.h: "use TPR
 *   shadow" in PROCBASED_CTLS_INIT; "virtualize x2APIC mode", "APIC-
 *   register virtualization" and "virtual-interrupt delivery" in
 *   PROCBASED_CTLS2_INIT; td_vmcs_init.c points the virtual-APIC address
 *   at TDVPS_VAPIC_PAGE_INDEX). The CPU delivers what is pending in the
 *   virtual IRR when the TD can take it (RFLAGS.IF, interruptibility,
 *   PPR) and virtualizes the TD's TPR, EOI and SELF_IPI writes, which
 *   the TD's MSR bitmap passes through: none of that exits. Bochs 2.7
 *   implements all of it (tests/unit/test_vmx_caps.c: IA32_VMX_PROCBASED_
 *   CTLS2 allows bits 4, 8 and 9).
 * - The host posts interrupts to a posted-interrupt descriptor in its own
 *   memory and sends the notification vector; it gave both with TDH.VP.WR
 *   (POSTED_INTR_DESC_ADDR, POSTED_INTR_NV, then the "process posted
 *   interrupts" pin control: KVM arch/x86/kvm/vmx/tdx.c). Bochs 2.7 has
 *   no posted-interrupt processing (IA32_VMX_PINBASED_CTLS bit 39 clear),
 *   so the model does the CPU's part (SDM vol. 3C 30.6): the notification
 *   arrives as an external-interrupt exit, acknowledged on exit; the model
 *   writes EOI to the local APIC, clears ON, ORs PIR into the virtual IRR,
 *   raises RVI and resumes the TD with no TD exit. Like the CPU it acts
 *   only on the notification vector: a host that finds ON set with the
 *   vCPU outside the TD sends itself the notification before TDH.VP.ENTER
 *   (as KVM's tdx_vcpu_run does). */
#include "td_irq.h"
#include "td_run.h"
#include "../hv/arch/x86/apic.h"
#include "../hv/arch/x86/vmx_cpu.h"
#include "../hv/arch/x86/vmx_exit.h"
#include "../hv/log.h"

#define VAPIC_CONTROLS2 (PROC2_VIRTUALIZE_X2APIC | PROC2_APIC_REGISTER_VIRT | \
			 PROC2_VIRTUAL_INTR_DELIVERY)
#define NR_EOI_EXIT_BITMAPS 4
#define INTR_INFO_TYPE_MASK (7u << INTR_INFO_TYPE_SHIFT)
#define INTR_INFO_ENTRY_BITS (INTR_INFO_VALID | 0x7ffu)   /* 30:12 reserved at entry */
#define INTR_TYPE_SOFT_INTR (4u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_SOFT_EXC  (6u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_PRIV_SOFT (5u << INTR_INFO_TYPE_SHIFT)

void td_irq_vmcs_init(const struct td_run *r)
{
	static bool warned;
	uint32_t allowed2 = (uint32_t)(vmx_caps.procbased2 >> 32);
	uint32_t allowed = (uint32_t)(vmx_caps.procbased >> 32);

	if ((allowed2 & VAPIC_CONTROLS2) != VAPIC_CONTROLS2 || !(allowed & PROC_USE_TPR_SHADOW)) {
		if (!warned)
			log_warn("seam: this CPU has no virtual-interrupt delivery: TDs get no interrupts");
		warned = true;
		return;
	}
	vmcs_write(VMCS_PROC_BASED_CONTROLS, vmcs_read(VMCS_PROC_BASED_CONTROLS) | PROC_USE_TPR_SHADOW);
	vmcs_write(VMCS_PROC_BASED_CONTROLS2, vmcs_read(VMCS_PROC_BASED_CONTROLS2) | VAPIC_CONTROLS2);
	vmcs_write(VMCS_VIRTUAL_APIC_PAGE, r->vp->tdvps_pa[TDVPS_PAGE_VAPIC] & TD_PA_MASK);
	vmcs_write(VMCS_TPR_THRESHOLD, 0);
	/* No EOI exits: TDs have no level-triggered interrupts. */
	for (unsigned i = 0; i < NR_EOI_EXIT_BITMAPS; i++)
		vmcs_write(VMCS_EOI_EXIT_BITMAP0 + 2 * i, 0);
	vmcs_write(VMCS_GUEST_INTR_STATUS, 0);
}

bool td_irq_notification(struct td_run *r, uint32_t intr_info)
{
	const struct td_vcpu_ctls *c = &r->vp->ctls;
	struct vmx_pi_desc *pid;
	uint64_t status;
	int highest;

	if (!(c->pin_based & PIN_POSTED_INTERRUPTS) ||
	    INTR_INFO_VECTOR(intr_info) != c->posted_intr_nv)
		return false;
	apic_eoi();
	pid = phys_to_virt(c->pid_hpa);
	__atomic_fetch_and(&pid->control, ~PI_DESC_ON, __ATOMIC_ACQ_REL);
	highest = vapic_take_pir(td_page(r->vp->tdvps_pa[TDVPS_PAGE_VAPIC]), pid);
	status = vmcs_read(VMCS_GUEST_INTR_STATUS);
	if (highest != VAPIC_NO_VECTOR && (uint64_t)highest > (status & 0xff))
		vmcs_write(VMCS_GUEST_INTR_STATUS, (status & 0xff00) | (uint64_t)highest);
	return true;
}

void td_irq_reinject(void)
{
	uint32_t idt = vmcs_read(VMCS_IDT_VECTORING_INFO);
	uint32_t type = idt & INTR_INFO_TYPE_MASK;

	if (!(idt & INTR_INFO_VALID) || (vmcs_read(VMCS_ENTRY_INTR_INFO) & INTR_INFO_VALID))
		return;
	vmcs_write(VMCS_ENTRY_INTR_INFO, idt & INTR_INFO_ENTRY_BITS);
	if (idt & INTR_INFO_ERROR_CODE)
		vmcs_write(VMCS_ENTRY_EXCEPTION_ERROR_CODE, vmcs_read(VMCS_IDT_VECTORING_ERROR_CODE));
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXC || type == INTR_TYPE_PRIV_SOFT)
		vmcs_write(VMCS_ENTRY_INSTRUCTION_LENGTH, vmcs_read(VMCS_EXIT_INSTRUCTION_LENGTH));
}
