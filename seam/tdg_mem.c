/* TDG.MEM.PAGE.ACCEPT (TDCALL leaf 6): the TD takes a page the host added
 * with TDH.MEM.PAGE.AUG. intel/tdx-module tdx_1.5 src/td_dispatcher/
 * vm_exits/tdg_mem_page_accept.c (check_tdaccept_failure), and the
 * EPT-violation TD exit it makes when the page is not there yet
 * (async_tdexit_ept_violation and tdx_ept_violation_exit_to_vmm,
 * td_other_exits.c; async_tdexit_internal, td_exit.c). Plain code on the
 * TD's state in struct td_run, so host tests run it without VMX. */
#include "td_mem.h"
#include "../hv/lib/string.h"
#include "../hv/tdx/tdx_status.h"

/* EPT-violation exit qualification bits (Intel SDM Vol. 3C, table 28-7). */
#define EPT_QUAL_WRITE          BIT(1)
#define EPT_QUAL_RWX_SHIFT      3       /* the entry's R, W, X in bits 5:3 */
#define EPT_QUAL_GUEST_BITS     (0x3full << 7) /* 12:7: GLA valid ... NMI unblocking */

/* The extended exit qualification's info for ACCEPT (tdaccept_vmx_eeq_
 * info_t, tdx_api_defs.h): requested level 2:0, level where the walk
 * stopped 5:3, that entry's public state 13:6, whether it is a leaf 14. */
#define EEQ_INFO_SHIFT          32

enum accept_outcome {
	ACCEPT_OK,
	ACCEPT_ALREADY_ACCEPTED,
	ACCEPT_SIZE_MISMATCH,
	ACCEPT_VIOLATION,               /* the host must add or unblock the page */
};

uint64_t td_exit_ept_violation(struct tdx_module_args *args, uint64_t gpa, uint64_t qual,
			       uint64_t eeq)
{
	memset(args, 0, sizeof(*args));
	args->rcx = qual & ~EPT_QUAL_GUEST_BITS;
	args->rdx = eeq;
	args->r8 = gpa & ~(PAGE_SIZE - 1);
	return TD_EXIT_REASON_EPT_VIOLATION;
}

/* check_tdaccept_failure on the entry where the walk towards the
 * requested level stopped. */
static enum accept_outcome accept_outcome(uint64_t septe, bool walk_stopped_above)
{
	/* A leaf above the requested size: accepted already if the guest can
	 * use it, else (PENDING at 2M for a 4K accept, blocked, or a missing
	 * S-EPT level) the host must act. */
	if (walk_stopped_above)
		return sept_has(septe, SEPT_F_ACCESSIBLE) ? ACCEPT_ALREADY_ACCEPTED : ACCEPT_VIOLATION;
	/* 2M requested where an S-EPT page maps 4K pieces. */
	if ((septe & SEPT_STATE_MASK) != SEPT_STATE_FREE && !sept_is_leaf(septe))
		return ACCEPT_SIZE_MISMATCH;
	if (sept_has(septe, SEPT_F_ACCESSIBLE))
		return ACCEPT_ALREADY_ACCEPTED;
	if (!sept_has(septe, SEPT_F_ACCEPTABLE))
		return ACCEPT_VIOLATION;
	return ACCEPT_OK;
}

/* RCX = GPA | level (0 4K, 1 2M). A PENDING page is zeroed and becomes
 * MAPPED (RWX). The real module zeroes a 2M page 4K at a time and may
 * stop for a pending interrupt (RIP stays on the TDCALL); the model
 * zeroes it in one go. */
enum tdg_result tdg_mem_page_accept(struct td_run *r, struct tdx_module_args *args,
				    uint64_t *status)
{
	uint64_t info = r->g.rcx, gpa = info & SEPT_HPA_MASK, septe, *e, qual, eeq;
	unsigned level = info & 7, reached;
	enum accept_outcome outcome;

	if (!sept_page_info_ok(info, SEPT_LEVEL_PT, SEPT_LEVEL_PD) ||
	    !sept_gpa_private_ok(r->tdcs, gpa)) {
		r->g.rax = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
		return TDG_DONE;
	}
	/* The host's memory leaves run under the TD lock: so does this. */
	spin_lock(&seam_global()->td_lock);
	e = sept_walk(r->tdcs, gpa, level, &reached);
	septe = *e;
	outcome = accept_outcome(septe, reached != level);
	if (outcome == ACCEPT_OK) {
		memset(td_page(sept_leaf_hpa(septe, gpa, level)), 0, SEPT_LEVEL_SIZE(level));
		*e = sept_with_state(septe | SEPT_RWX, SEPT_STATE_MAPPED);
	}
	spin_unlock(&seam_global()->td_lock);

	switch (outcome) {
	case ACCEPT_OK:
		r->g.rax = TDX_SUCCESS;
		return TDG_DONE;
	case ACCEPT_ALREADY_ACCEPTED:
		r->g.rax = seam_status(TDX_PAGE_ALREADY_ACCEPTED, reached);
		return TDG_DONE;
	case ACCEPT_SIZE_MISMATCH:
		r->g.rax = seam_status(TDX_PAGE_SIZE_MISMATCH, reached);
		return TDG_DONE;
	case ACCEPT_VIOLATION:
		break;
	}
	/* ACCEPT writes the page: a write access, with the rights the entry
	 * gives. The TDCALL runs again when the host re-enters the vCPU. */
	qual = EPT_QUAL_WRITE | (septe & SEPT_RWX) << EPT_QUAL_RWX_SHIFT;
	eeq = TD_EEQ_ACCEPT |
	      (uint64_t)(level | reached << 3 | sept_public_state(septe) << 6 |
			 (uint64_t)sept_is_leaf(septe) << 14) << EEQ_INFO_SHIFT;
	*status = td_exit_ept_violation(args, gpa, qual, eeq);
	return TDG_EXIT;
}
