/* TLB tracking: TDH.MEM.TRACK (leaf 38) and the epoch accounting of
 * TDH.VP.ENTER. intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mem_track.c, adjust_tlb_tracking_state (helpers.c), the TD-exit
 * sequence in src/td_transitions/td_exit.c and is_tlb_tracked
 * (helpers.h).
 *
 * The TD has an epoch (TDCS.TD_EPOCH, 1 at TDH.MNG.INIT) and two
 * counters of the vCPUs running in it, one for even and one for odd
 * epochs. A vCPU entering the TD takes the current epoch and counts
 * itself in; leaving, it counts itself out. TDH.MEM.TRACK moves the TD
 * to the next epoch, which it may only do once no vCPU is left in the
 * previous one. A page blocked in epoch B can no longer be in any
 * vCPU's cached translations once the TD has passed B and no vCPU still
 * runs in B: every vCPU entering since flushed them (td_epoch_enter). */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

bool td_epoch_enter(struct td_tdcs *tdcs, struct td_tdvpr *vp)
{
	bool flush;

	spin_lock(&seam_global()->td_lock);
	tdcs->epoch_refcount[tdcs->td_epoch & 1]++;
	flush = vp->vcpu_epoch != tdcs->td_epoch;
	vp->vcpu_epoch = tdcs->td_epoch;
	spin_unlock(&seam_global()->td_lock);
	return flush;
}

void td_epoch_exit(struct td_tdcs *tdcs, const struct td_tdvpr *vp)
{
	spin_lock(&seam_global()->td_lock);
	tdcs->epoch_refcount[vp->vcpu_epoch & 1]--;
	spin_unlock(&seam_global()->td_lock);
}

bool td_tlb_tracked(const struct td_tdcs *tdcs, uint64_t bepoch)
{
	if (bepoch == tdcs->td_epoch - 1 && tdcs->epoch_refcount[bepoch & 1] == 0)
		return true;
	return bepoch < tdcs->td_epoch - 1;
}

/* RCX = TDR. */
static uint64_t mem_track(struct tdx_module_args *args)
{
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t status;

	status = td_explicit_tdcs(args->rcx, TDX_OPERAND_RCX, TDH_MEM_TRACK, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	/* The counter of the previous epoch becomes the next epoch's. */
	if (tdcs->epoch_refcount[1 - (tdcs->td_epoch & 1)] != 0)
		return TDX_PREVIOUS_TLB_EPOCH_BUSY;

	tdcs->td_epoch++;
	return TDX_SUCCESS;
}

uint64_t seam_mem_track(struct tdx_module_args *args)
{
	return td_leaf_call(mem_track, args);
}
