/* TDH.MEM.RD and TDH.MEM.WR: 8 bytes of a debug TD's private memory, for a
 * host debugger. intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mem_rd_wr.c: RCX = GPA (8-byte aligned), RDX = TDR; WR: R8 = the
 * new value. R8 out = the value before (RCX and RDX cleared). The walk
 * (check_and_walk_private_gpa_to_leaf) ends at a 4K or 2M leaf; an entry
 * that is not a leaf gives EPT_ENTRY_NOT_PRESENT with the entry where it
 * stopped in RCX/RDX; the leaf must be in a state the leaf may act on
 * (seamcall_sept_state_lookup: MAPPED, and the migration states BLOCKEDW
 * and EXPORTED_* the model does not have; BLOCKED and PENDING pages are
 * refused with EPT_ENTRY_STATE_INCORRECT). */
#include "md.h"
#include "../hv/tdx/tdx_status.h"

#define MEM_RW_ALIGN 8

static uint64_t mem_rd_wr(struct tdx_module_args *args, bool write)
{
	uint64_t gpa = args->rcx, tdr_pa = args->rdx, value = args->r8, status, *septe, *data;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	unsigned level;

	args->rcx = args->rdx = args->r8 = 0;
	status = td_explicit_tdcs(tdr_pa, TDX_OPERAND_RDX, write ? TDH_MEM_WR : TDH_MEM_RD, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (!(tdcs->attributes & TD_ATTR_DEBUG))
		return TDX_TD_NON_DEBUG;
	if (!IS_ALIGNED(gpa, MEM_RW_ALIGN))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	if (!sept_gpa_private_ok(tdcs, gpa))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	septe = sept_walk(tdcs, gpa, SEPT_LEVEL_PT, &level);
	if (!sept_is_leaf(*septe)) {
		sept_report(args, *septe, level);
		return seam_status(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_RCX);
	}
	if (!sept_has(*septe, SEPT_F_ACCESSIBLE)) {
		sept_report(args, *septe, level);
		return seam_status(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX);
	}
	data = phys_to_virt(sept_leaf_hpa(*septe, gpa, level) & TD_PA_MASK);
	args->r8 = *data;
	if (write)
		*data = value;
	return TDX_SUCCESS;
}

static uint64_t mem_rd(struct tdx_module_args *args)
{
	return mem_rd_wr(args, false);
}

static uint64_t mem_wr(struct tdx_module_args *args)
{
	return mem_rd_wr(args, true);
}

uint64_t seam_mem_rd(struct tdx_module_args *args)
{
	return td_leaf_call(mem_rd, args);
}

uint64_t seam_mem_wr(struct tdx_module_args *args)
{
	return td_leaf_call(mem_wr, args);
}
