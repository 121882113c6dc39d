/* An EPT violation while a TD runs: intel/tdx-module tdx_1.5
 * src/td_dispatcher/vm_exits/td_ept_violation.c (td_ept_violation_exit).
 * Every S-EPT entry the TD cannot use has no access rights and SVE set,
 * so the CPU always exits to the module, which decides:
 * - a private GPA whose page is PENDING (added by TDH.MEM.PAGE.AUG, not
 *   yet accepted): a #VE to the TD with the EPT-violation VE info (exit
 *   reason 48, exit qualification, GPA, GLA), or, if the TD's ATTRIBUTES
 *   has SEPT_VE_DISABLE, a TD exit whose extended exit qualification says
 *   PENDING_EPT_VIOLATION (6). The TD's TD_CTLS.PENDING_VE_DISABLE
 *   decides; it starts as ATTRIBUTES.SEPT_VE_DISABLE (seam/td_init.c);
 * - anything else (FREE, blocked, a shared GPA): a TD exit to the host
 *   with the exit qualification and GPA, extended qualification 0.
 * On hardware a shared GPA never reaches the module when the CPU can
 * convert the violation: it delivers the #VE itself (td_shared_ept.c).
 * The model's single EPT makes every such access exit, so this file
 * delivers the #VE the CPU would have, under the SDM's conditions.
 * Not modelled: the #PF(RSVD) the module injects for a GPA with bits set
 * between GPAW and MAX_PA, its zero-step attack heuristics
 * (td_exit_epf_stepping_log), and the VM exit a debug TD's exception
 * bitmap would make of a CPU-delivered #VE (bit 20). */
#include "td_mem.h"
#include "../hv/arch/x86/vmx.h"
#include "../hv/arch/x86/vmx_exit.h"
#include "../hv/tdx/td_fields.h"

#define EPT_QUAL_NMI_UNBLOCKING BIT(12)
#define INTERRUPTIBILITY_NMI    BIT(3)
#define CR0_PE                  BIT(0)

/* Whether the private page at gpa waits for the TD's ACCEPT. */
static bool gpa_pending(const struct td_run *r, uint64_t gpa)
{
	unsigned reached;
	uint64_t septe;

	spin_lock(&seam_global()->td_lock);
	septe = *sept_walk(r->tdcs, gpa, SEPT_LEVEL_PT, &reached);
	spin_unlock(&seam_global()->td_lock);
	return sept_has(septe, SEPT_F_ACCEPTABLE);
}

/* The EPT-violation VE info: td_inject_ve fills it (or makes the #VE a
 * #DF), then the addresses. */
static void inject_ept_ve(struct td_run *r, uint64_t qual, uint64_t gpa)
{
	struct td_ve_info *ve = &r->vp->ve_info;
	bool ve_info_free = !ve->valid;

	td_inject_ve(r, TD_EXIT_REASON_EPT_VIOLATION, qual);
	if (ve_info_free) {
		ve->gpa = gpa;
		ve->gla = vmcs_read(VMCS_GUEST_LINEAR_ADDRESS);
	}
}

/* Whether the CPU would have delivered a #VE for this violation at a
 * shared GPA instead of exiting: the violation is convertible in the
 * host's shared EPT, CR0.PE is set, no event was being delivered through
 * the IDT, and VE_INFO is free (a valid one makes the CPU exit: no #DF,
 * unlike the module's own #VEs). GPAW 52 (5-level) is not modelled. */
static bool shared_gpa_ve(const struct td_run *r, uint64_t gpa)
{
	return !r->tdcs->gpaw && r->vp->ctls.shared_eptp &&
	       (vmcs_read(VMCS_GUEST_CR0) & CR0_PE) &&
	       !(vmcs_read(VMCS_IDT_VECTORING_INFO) & INTR_INFO_VALID) &&
	       !r->vp->ve_info.valid &&
	       td_shared_ept_convertible(r->vp->ctls.shared_eptp, gpa);
}

bool td_mem_ept_violation(struct td_run *r, struct tdx_module_args *args, uint64_t qual,
		      uint64_t *status)
{
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS), eeq = 0;
	unsigned gpaw = r->tdcs->gpaw ? 52 : 48;

	/* An IRET that unblocked NMIs faulted: NMIs stay blocked, as the
	 * instruction did not complete. */
	if (qual & EPT_QUAL_NMI_UNBLOCKING)
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY,
			   vmcs_read(VMCS_GUEST_INTERRUPTIBILITY) | INTERRUPTIBILITY_NMI);
	if (gpa & BIT(gpaw - 1)) {
		if (shared_gpa_ve(r, gpa)) {
			inject_ept_ve(r, qual, gpa);
			return false;
		}
	} else if (gpa_pending(r, gpa)) {
		if (!(r->tdcs->td_ctls & TDX_TD_CTLS_PENDING_VE_DISABLE)) {
			inject_ept_ve(r, qual, gpa);
			return false;
		}
		eeq = TD_EEQ_PENDING_EPT_VIOLATION;
	}
	*status = td_exit_ept_violation(args, gpa, qual, eeq);
	return true;
}
