/* TDH.MEM.PAGE.DEMOTE (leaf 15): split a 2M TD page into 512 4K pages
 * under a new S-EPT page, each in the state the 2M page had (MAPPED or
 * PENDING; a blocked page is unblocked by the split), so that the host
 * can then remove, or the guest accept, a part of it. intel/tdx-module
 * tdx_1.5 src/vmm_dispatcher/api_calls/tdh_mem_page_demote.c
 * (sept_split_entry) and pamt_demote (pamt_manager.c). A 1G page never
 * exists in the model, so a level-2 request finds a non-leaf entry and
 * is refused like any wrong state. The module may stop with
 * INTERRUPTED_RESTARTABLE before splitting; the model never does. */
#include "td_mem.h"
#include "../hv/tdx/tdx_status.h"

/* RCX = GPA | level (1 2M; 2 1G), RDX = TDR (bit 0: L2 S-EPT add mode,
 * meaningless without L2 VMs), R8 = the new S-EPT page; R9-R11 (L2 S-EPT
 * pages) are returned as given. In a running TD the page must be blocked
 * and the block tracked first. */
static uint64_t mem_page_demote(struct tdx_module_args *args)
{
	struct pamt_entry *sept_pamt;
	uint64_t status, septe, page, piece, *table;
	struct mem_target t;

	if (args->rdx & TD_HANDLE_RESERVED) {
		args->rcx = args->rdx = 0;
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	}
	args->rdx &= SEPT_HPA_MASK;
	status = mem_target_find(args, TDH_MEM_PAGE_DEMOTE, SEPT_LEVEL_PD, SEPT_LEVEL_PDPT, &t);
	if (status != TDX_SUCCESS)
		return status;
	status = mem_target_allows(args, &t, TDH_MEM_PAGE_DEMOTE);
	if (status != TDX_SUCCESS)
		return status;
	if (mem_target_needs_tracking(&t)) {
		if (!sept_has(*t.septe, SEPT_F_BLOCKED)) {
			sept_report(args, *t.septe, t.level);
			return seam_status(TDX_GPA_RANGE_NOT_BLOCKED, TDX_OPERAND_RCX);
		}
		if (!mem_target_tracked(&t))
			return seam_status(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_RCX);
	}
	status = pamt_check_page(args->r8, TDX_OPERAND_R8, PT_NDA, &sept_pamt);
	if (status != TDX_SUCCESS)
		return status;

	/* sept_split_entry: 512 copies of the entry, each to its piece. */
	septe = sept_unblocked(*t.septe);
	page = sept_leaf_hpa(septe, t.gpa, t.level);
	piece = SEPT_LEVEL_SIZE(t.level - 1);
	table = td_page(args->r8);
	for (unsigned i = 0; i < SEPT_ENTRIES; i++)
		table[i] = (septe & ~SEPT_HPA_MASK) | (page + i * piece);
	pamt_demote(page, (enum pamt_level)t.level);
	*t.septe = SEPT_RWX | (args->r8 & SEPT_HPA_MASK) | SEPT_SVE;     /* NL_MAPPED */
	pamt_assign(sept_pamt, PT_EPT, t.tdr_pa);
	t.tdr->chldcnt++;
	return TDX_SUCCESS;
}

uint64_t seam_mem_page_demote(struct tdx_module_args *args)
{
	return td_leaf_call(mem_page_demote, args);
}
