/* TDH.VP.RD (version 0) and TDH.VP.WR, in the order of intel/tdx-module
 * tdx_1.5 src/vmm_dispatcher/api_calls/tdh_vp_rd_wr.c: the TDVPR and its
 * TD, the TD's op state, the TDVPS pages, then the vCPU's state and its
 * association with this LP (check_and_associate_vcpu: a read may look at
 * a disabled vCPU; a vCPU associated with another LP is refused, so a
 * host reads a running vCPU on the CPU it runs on), then the field
 * (seam/md_vp.c). A TD VMCS field is reached by loading that VMCS on this
 * LP, as the module does (seam/td_vmcs.c). */
#include "md.h"
#include "../hv/tdx/tdx_status.h"

static bool vp_state_allows(const struct td_tdvpr *vp, bool write)
{
	return vp->state == VCPU_READY || vp->state == VCPU_ACTIVE ||
	       (vp->state == VCPU_DISABLED && !write);
}

/* RCX = TDVPR, RDX = field id; WR: R8 = value, R9 = write mask. R8 out =
 * the value (RD) or the old value (WR), 0 on failure. */
static uint64_t vp_rd_wr(struct tdx_module_args *args, bool write)
{
	struct md_request req = {
		.access = write ? MD_HOST_WR : MD_HOST_RD, .value = args->r8, .mask = args->r9,
	};
	struct td_tdvpr *vp;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t status;

	args->r8 = 0;
	status = vp_explicit_tdvpr(args->rcx, TDX_OPERAND_RCX, &vp, &tdr);
	if (status != TDX_SUCCESS)
		return status;
	status = td_check_state(tdr, write ? TDH_VP_WR : TDH_VP_RD, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (vp->num_tdvps_pages < vp_pages_needed(tdcs))
		return TDX_TDCX_NUM_INCORRECT;
	if (!vp_state_allows(vp, write))
		return TDX_VCPU_STATE_INCORRECT;
	if (vp->assoc_lp != VCPU_NO_LP && vp->assoc_lp != seam_lp())
		return TDX_VCPU_ASSOCIATED;
	if (vp->assoc_lp == VCPU_NO_LP) {
		vp->assoc_lp = seam_lp();
		tdcs->num_assoc_vcpus++;
	}
	req.debug = (tdcs->attributes & TD_ATTR_DEBUG) != 0;
	status = md_vp_access(vp, args->rdx, &req);
	if (status == TDX_SUCCESS)
		args->r8 = req.out;
	return status;
}

static uint64_t vp_rd(struct tdx_module_args *args)
{
	return vp_rd_wr(args, false);
}

static uint64_t vp_wr(struct tdx_module_args *args)
{
	return vp_rd_wr(args, true);
}

uint64_t seam_vp_rd(struct tdx_module_args *args)
{
	return td_leaf_call(vp_rd, args);
}

uint64_t seam_vp_wr(struct tdx_module_args *args)
{
	return td_leaf_call(vp_wr, args);
}
