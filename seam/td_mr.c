/* TD measurement: TDH.MR.EXTEND and TDH.MR.FINALIZE, with the module's
 * checks in the module's order (intel/tdx-module tdx_1.5
 * src/vmm_dispatcher/api_calls/tdh_mr_extend.c, tdh_mr_finalize.c). The
 * hash arithmetic is seam/measure.c; SERVTD_HASH (service TDs) is not
 * modelled. */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

/* RCX = GPA (256-byte aligned) of a MAPPED private page, RDX = TDR. */
static uint64_t mr_extend(struct tdx_module_args *args)
{
	uint64_t gpa = args->rcx, tdr_pa = args->rdx, status, *septe;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	unsigned reached;

	args->rcx = args->rdx = 0;
	status = td_explicit_tdcs(tdr_pa, TDX_OPERAND_RDX, TDH_MR_EXTEND, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (!IS_ALIGNED(gpa, MR_EXTEND_CHUNK) || !sept_gpa_private_ok(tdcs, gpa))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	/* check_and_walk_private_gpa_to_leaf: a present leaf, else NOT_PRESENT */
	septe = sept_walk(tdcs, gpa, SEPT_LEVEL_PT, &reached);
	if (!sept_is_leaf(*septe) || !(*septe & SEPT_RWX)) {
		sept_report(args, *septe, reached);
		return seam_status(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_RCX);
	}
	if ((*septe & SEPT_STATE_MASK & ~SEPT_D) != SEPT_STATE_MAPPED)
		return TDX_EPT_ENTRY_NOT_PRESENT;

	mrtd_extend_chunk(&td_measure_of(tdr)->mrtd_ctx, gpa,
			  (const uint8_t *)td_page(*septe & SEPT_HPA_MASK) + (gpa & (PAGE_SIZE - 1)));
	return TDX_SUCCESS;
}

/* RCX = TDR. The TD needs a vCPU; MRTD is then final and readable with
 * TDH.MNG.RD, and the TD runnable. */
static uint64_t mr_finalize(struct tdx_module_args *args)
{
	struct td_tdcs_measure *m;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t status;

	status = td_explicit_tdcs(args->rcx, TDX_OPERAND_RCX, TDH_MR_FINALIZE, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (tdcs->num_vcpus == 0)
		return TDX_NO_VCPUS;

	m = td_measure_of(tdr);
	mrtd_finalize(&m->mrtd_ctx, m->mrtd);
	tdcs->op_state = OP_STATE_RUNNABLE;
	return TDX_SUCCESS;
}

uint64_t seam_mr_extend(struct tdx_module_args *args)
{
	return td_leaf_call(mr_extend, args);
}

uint64_t seam_mr_finalize(struct tdx_module_args *args)
{
	return td_leaf_call(mr_finalize, args);
}
