/* What every TD leaf shares: the dispatcher's module-state checks, the TD
 * lock, the TDR and TDCS checks, and the op-state table. Sources: intel/
 * tdx-module tdx_1.5 src/vmm_dispatcher/tdx_vmm_dispatcher.c,
 * src/common/helpers/helpers.c (check_lock_and_map_explicit_tdr,
 * check_td_in_correct_build_state, check_any_td_state_map_tdcs_and_lock)
 * and include/auto_gen/op_state_lookup.c. */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

uint64_t td_leaf_enter(void)
{
	struct seam_global *g = seam_global();

	if (g->state == SYS_SHUTDOWN)
		return TDX_SYS_SHUTDOWN;
	if (g->state != SYS_READY)
		return TDX_SYS_NOT_READY;
	spin_lock(&g->td_lock);
	return TDX_SUCCESS;
}

void td_leaf_exit(void)
{
	spin_unlock(&seam_global()->td_lock);
}

uint64_t td_leaf_call(uint64_t (*fn)(struct tdx_module_args *), struct tdx_module_args *args)
{
	uint64_t status = td_leaf_enter();

	if (status != TDX_SUCCESS)
		return status;
	status = fn(args);
	td_leaf_exit();
	return status;
}

uint64_t td_explicit_tdr(uint64_t pa, uint32_t operand, enum pamt_page_type type,
			 struct td_tdr **tdr, struct pamt_entry **entry)
{
	uint64_t status = pamt_check_page(pa, operand, type, entry);

	if (status == TDX_SUCCESS)
		*tdr = td_page(pa);
	return status;
}

uint64_t td_explicit_tdcs(uint64_t tdr_pa, uint32_t operand, unsigned leaf, struct td_tdr **tdr,
			  struct td_tdcs **tdcs)
{
	struct pamt_entry *entry;
	uint64_t status = td_explicit_tdr(tdr_pa, operand, PT_TDR, tdr, &entry);

	return status == TDX_SUCCESS ? td_check_state(*tdr, leaf, tdcs) : status;
}

/* Op states in which each leaf may run, one bit per state
 * (seamcall_state_lookup, columns UNINITIALIZED, INITIALIZED, RUNNABLE;
 * the migration states are not modelled). */
#define OPS(u, i, r) ((u) << OP_STATE_UNINITIALIZED | (i) << OP_STATE_INITIALIZED | \
		      (r) << OP_STATE_RUNNABLE)

static const uint8_t td_op_states[64] = {
	[TDH_VP_ENTER] = OPS(0, 0, 1),
	[TDH_MNG_ADDCX] = OPS(1, 0, 0),
	[TDH_MEM_PAGE_ADD] = OPS(0, 1, 0),
	[TDH_MEM_SEPT_ADD] = OPS(0, 1, 1),
	[TDH_VP_ADDCX] = OPS(0, 1, 0),
	[TDH_MEM_PAGE_RELOCATE] = OPS(0, 1, 1),
	[TDH_MEM_PAGE_AUG] = OPS(0, 1, 1),
	[TDH_MEM_RANGE_BLOCK] = OPS(0, 1, 1),
	[TDH_VP_CREATE] = OPS(0, 1, 0),
	[TDH_MNG_RD] = OPS(0, 1, 1),
	[TDH_MEM_RD] = OPS(0, 1, 1),
	[TDH_MNG_WR] = OPS(0, 1, 1),
	[TDH_MEM_WR] = OPS(0, 1, 1),
	[TDH_MEM_PAGE_DEMOTE] = OPS(0, 1, 1),
	[TDH_MR_EXTEND] = OPS(0, 1, 0),
	[TDH_MR_FINALIZE] = OPS(0, 1, 0),
	[TDH_VP_FLUSH] = OPS(1, 1, 1),
	[TDH_MNG_INIT] = OPS(1, 0, 0),
	[TDH_VP_INIT] = OPS(0, 1, 0),
	[TDH_MEM_PAGE_PROMOTE] = OPS(0, 1, 1),
	[TDH_MEM_SEPT_RD] = OPS(0, 1, 1),
	[TDH_VP_RD] = OPS(0, 1, 1),
	[TDH_MEM_PAGE_REMOVE] = OPS(0, 1, 1),
	[TDH_MEM_SEPT_REMOVE] = OPS(0, 1, 1),
	[TDH_MEM_TRACK] = OPS(0, 1, 1),
	[TDH_MEM_RANGE_UNBLOCK] = OPS(0, 1, 1),
	[TDH_VP_WR] = OPS(0, 1, 1),
};

bool td_op_state_allows(unsigned leaf, uint32_t op_state)
{
	return leaf < ARRAY_SIZE(td_op_states) && op_state <= OP_STATE_RUNNABLE &&
	       (td_op_states[leaf] & BIT(op_state));
}

uint64_t td_check_state(const struct td_tdr *tdr, unsigned leaf, struct td_tdcs **tdcs)
{
	if (tdr->fatal)
		return TDX_TD_FATAL;
	if (tdr->lifecycle != TD_KEYS_CONFIGURED)
		return TDX_TD_KEYS_NOT_CONFIGURED;
	if (tdr->num_tdcx < TD_TDCS_PAGES)
		return TDX_TDCS_NOT_ALLOCATED;
	*tdcs = td_tdcs_of(tdr);
	if (!td_op_state_allows(leaf, (*tdcs)->op_state))
		return TDX_OP_STATE_INCORRECT;
	return TDX_SUCCESS;
}

struct td_tdr *seam_td_tdr(uint64_t tdr_pa)
{
	const struct pamt_entry *e = pamt_entry_of(tdr_pa);

	return e && e->type == PT_TDR && pamt_private_hpa_ok(tdr_pa, PAGE_SIZE) ?
	       td_page(tdr_pa) : NULL;
}

struct td_tdvpr *seam_td_tdvpr(uint64_t tdvpr_pa)
{
	const struct pamt_entry *e = pamt_entry_of(tdvpr_pa);

	return e && e->type == PT_TDVPR && pamt_private_hpa_ok(tdvpr_pa, PAGE_SIZE) ?
	       td_page(tdvpr_pa) : NULL;
}

bool seam_td_sept_root(uint64_t tdr_pa, uint64_t *eptp, unsigned *gpaw_bits)
{
	const struct td_tdr *tdr = seam_td_tdr(tdr_pa);
	const struct td_tdcs *tdcs;

	if (!tdr || tdr->num_tdcx < TD_TDCS_PAGES)
		return false;
	tdcs = td_tdcs_of(tdr);
	if (tdcs->op_state == OP_STATE_UNINITIALIZED)
		return false;
	*eptp = tdcs->eptp;
	*gpaw_bits = tdcs->gpaw ? 52 : 48;
	return true;
}
