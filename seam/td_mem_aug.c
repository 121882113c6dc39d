/* TDH.MEM.PAGE.AUG (leaf 6): the host gives a running TD a page, 4K or 2M,
 * that the TD must accept (TDG.MEM.PAGE.ACCEPT) before it can use it.
 * intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mem_page_aug.c, with check_and_lock_free_range_hpa (helpers.c) for
 * the page. The op-state table allows AUG once TDH.MNG.INIT is done
 * (INITIALIZED or RUNNABLE: op_state_lookup.c), as the module does. */
#include "td_mem.h"
#include "../hv/tdx/tdx_status.h"

/* RCX = GPA | level (0 4K, 1 2M), RDX = TDR, R8 = the page (2M aligned
 * for level 1). The S-EPT entry becomes PENDING: a leaf to the page with
 * no access rights, so the TD's first touch is an EPT violation the
 * module turns into a #VE or a TD exit (seam/td_mem_ept.c). */
static uint64_t mem_page_aug(struct tdx_module_args *args)
{
	uint64_t page_pa = args->r8, status;
	struct pamt_entry *page_pamt;
	struct mem_target t;

	status = mem_target_find(args, TDH_MEM_PAGE_AUG, SEPT_LEVEL_PT, SEPT_LEVEL_PD, &t);
	if (status != TDX_SUCCESS)
		return status;
	status = mem_target_allows(args, &t, TDH_MEM_PAGE_AUG);
	if (status != TDX_SUCCESS)
		return status;
	status = pamt_check_free_range(page_pa, TDX_OPERAND_R8, (enum pamt_level)t.level,
				       &page_pamt);
	if (status != TDX_SUCCESS)
		return status;

	/* sept_set_leaf_and_release_locks: WB, IPAT, leaf, SVE, no RWX. */
	*t.septe = page_pa | SEPT_MT_WB | SEPT_STATE_PENDING | SEPT_SVE;
	/* CHLDCNT counts 4K pages: a 2M page is 512. */
	t.tdr->chldcnt += SEPT_LEVEL_SIZE(t.level) / PAGE_SIZE;
	pamt_assign(page_pamt, PT_REG, t.tdr_pa);
	return TDX_SUCCESS;
}

uint64_t seam_mem_page_aug(struct tdx_module_args *args)
{
	return td_leaf_call(mem_page_aug, args);
}
