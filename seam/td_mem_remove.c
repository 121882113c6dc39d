/* TDH.MEM.PAGE.REMOVE (leaf 29) and TDH.MEM.SEPT.REMOVE (leaf 30): take a
 * TD page, or an empty S-EPT page, back from a TD that keeps running.
 * intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mem_page_remove.c and tdh_mem_sept_remove.c. In a running TD the
 * entry must be blocked (TDH.MEM.RANGE.BLOCK) and the block tracked
 * (TDH.MEM.TRACK, then every vCPU out of the TD once) so no CPU can still
 * reach the page; before TDH.MR.FINALIZE no vCPU has run, and neither is
 * needed. The page is NDA again, for the host to clear and reuse. */
#include "td_mem.h"
#include "../hv/tdx/tdx_status.h"

#define SEPT_REMOVE_MAX_VERSION 1

/* The blocking and tracking a running TD needs before an entry goes. */
static uint64_t mem_remove_tracked(struct tdx_module_args *args, const struct mem_target *t)
{
	if (!mem_target_needs_tracking(t))
		return TDX_SUCCESS;
	if (!sept_has(*t->septe, SEPT_F_BLOCKED)) {
		sept_report(args, *t->septe, t->level);
		return seam_status(TDX_GPA_RANGE_NOT_BLOCKED, TDX_OPERAND_RCX);
	}
	if (!mem_target_tracked(t))
		return seam_status(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_RCX);
	return TDX_SUCCESS;
}

/* RCX = GPA | level (0 4K, 1 2M, 2 1G), RDX = TDR. Returns RCX = the
 * page's HPA. A leaf in any state but FREE may go (MAPPED, PENDING, and
 * their blocked states). */
static uint64_t mem_page_remove(struct tdx_module_args *args)
{
	struct pamt_entry *page_pamt;
	struct mem_target t;
	uint64_t status, page;

	status = mem_target_find(args, TDH_MEM_PAGE_REMOVE, SEPT_LEVEL_PT, SEPT_LEVEL_PDPT, &t);
	if (status != TDX_SUCCESS)
		return status;
	if (!sept_is_leaf(*t.septe) || !sept_allows(*t.septe, TDH_MEM_PAGE_REMOVE)) {
		sept_report(args, *t.septe, t.level);
		return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
	}
	page = sept_leaf_hpa(*t.septe, t.gpa, t.level);
	page_pamt = pamt_entry_of(page);
	status = mem_remove_tracked(args, &t);
	if (status != TDX_SUCCESS)
		return status;

	*t.septe = SEPTE_INIT_VALUE;
	t.tdr->chldcnt -= SEPT_LEVEL_SIZE(t.level) / PAGE_SIZE;
	/* Only the type changes; the stale owner stays, as in the module. */
	page_pamt->type = PT_NDA;
	args->rcx = page;
	return TDX_SUCCESS;
}

/* RCX = GPA | level (1-3) of the entry pointing to the S-EPT page, RDX =
 * TDR; version 1 also returns R9-R11 (the L2 S-EPT pages removed: none,
 * NULL_PA, as the model's TDs have no L2 VMs). Returns RCX = the page. */
static uint64_t mem_sept_remove(struct tdx_module_args *args)
{
	struct pamt_entry *page_pamt;
	struct mem_target t;
	uint64_t status, page, *table;

	status = mem_target_find(args, TDH_MEM_SEPT_REMOVE, SEPT_LEVEL_PD, SEPT_PWL, &t);
	if (status != TDX_SUCCESS)
		return status;
	status = mem_target_allows(args, &t, TDH_MEM_SEPT_REMOVE);
	if (status != TDX_SUCCESS)
		return status;
	page = *t.septe & SEPT_HPA_MASK;
	page_pamt = pamt_entry_of(page);
	status = mem_remove_tracked(args, &t);
	if (status != TDX_SUCCESS)
		return status;
	table = td_page(page);
	for (unsigned i = 0; i < SEPT_ENTRIES; i++) {
		if ((table[i] & SEPT_STATE_MASK) != SEPT_STATE_FREE) {
			sept_report(args, *t.septe, t.level);
			return seam_status(TDX_EPT_PAGE_NOT_FREE, TDX_OPERAND_RCX);
		}
	}

	*t.septe = SEPTE_INIT_VALUE;
	t.tdr->chldcnt--;
	page_pamt->type = PT_NDA;
	args->rcx = page;
	return TDX_SUCCESS;
}

uint64_t seam_mem_page_remove(struct tdx_module_args *args)
{
	return td_leaf_call(mem_page_remove, args);
}

uint64_t seam_mem_sept_remove(struct tdx_module_args *args, unsigned version)
{
	uint64_t status = td_leaf_enter();

	if (status != TDX_SUCCESS)
		return status;
	if (version > 0)
		args->r9 = args->r10 = args->r11 = NULL_PA;
	if (version > SEPT_REMOVE_MAX_VERSION) {
		args->rcx = args->rdx = 0;
		status = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RAX);
	} else {
		status = mem_sept_remove(args);
	}
	td_leaf_exit();
	return status;
}
