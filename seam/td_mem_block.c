/* TDH.MEM.RANGE.BLOCK (leaf 7) and TDH.MEM.RANGE.UNBLOCK (leaf 39): take
 * the guest's access to a GPA range away (the first step of removing a
 * page or an S-EPT page) and give it back. intel/tdx-module tdx_1.5
 * src/vmm_dispatcher/api_calls/tdh_mem_range_block.c and
 * tdh_mem_range_unblock.c, with block_sept_entry and sept_unblock
 * (sept_manager.h). A blocked entry has no access rights, so a vCPU that
 * touches the range takes an EPT violation to the host; one that cached
 * the old translation keeps it until its next TD entry after a
 * TDH.MEM.TRACK (seam/td_mem_track.c), which is why the page's PAMT entry
 * records the epoch it was blocked in (BEPOCH). */
#include "td_mem.h"
#include "../hv/tdx/tdx_status.h"

/* RCX = GPA | level (0-3), RDX = TDR. An entry already blocked answers
 * GPA_RANGE_ALREADY_BLOCKED (a warning: the range stays blocked). */
static uint64_t mem_range_block(struct tdx_module_args *args)
{
	struct mem_target t;
	uint64_t status, septe, page;

	status = mem_target_find(args, TDH_MEM_RANGE_BLOCK, SEPT_LEVEL_PT, SEPT_PWL, &t);
	if (status != TDX_SUCCESS)
		return status;
	septe = *t.septe;
	if (!sept_allows(septe, TDH_MEM_RANGE_BLOCK)) {
		sept_report(args, septe, t.level);
		return seam_status(sept_has(septe, SEPT_F_BLOCKED) ? TDX_GPA_RANGE_ALREADY_BLOCKED :
				   TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
	}

	*t.septe = sept_blocked(septe);
	/* The TD page (at its own size) or the child S-EPT page. */
	page = sept_is_leaf(septe) ? sept_leaf_hpa(septe, t.gpa, t.level) : septe & SEPT_HPA_MASK;
	pamt_set_bepoch(pamt_entry_of(page), t.tdcs->td_epoch);
	return TDX_SUCCESS;
}

/* RCX = GPA | level (0-3), RDX = TDR. In a running TD the blocking must
 * have been tracked first: a vCPU may still hold the translation from
 * before the block, and unblocking would let the two disagree. */
static uint64_t mem_range_unblock(struct tdx_module_args *args)
{
	struct mem_target t;
	uint64_t status;

	status = mem_target_find(args, TDH_MEM_RANGE_UNBLOCK, SEPT_LEVEL_PT, SEPT_PWL, &t);
	if (status != TDX_SUCCESS)
		return status;
	status = mem_target_allows(args, &t, TDH_MEM_RANGE_UNBLOCK);
	if (status != TDX_SUCCESS)
		return status;
	if (mem_target_needs_tracking(&t) && !mem_target_tracked(&t))
		return seam_status(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_SEPT_TREE);

	*t.septe = sept_unblocked(*t.septe);
	return TDX_SUCCESS;
}

uint64_t seam_mem_range_block(struct tdx_module_args *args)
{
	return td_leaf_call(mem_range_block, args);
}

uint64_t seam_mem_range_unblock(struct tdx_module_args *args)
{
	return td_leaf_call(mem_range_unblock, args);
}
