/* The Secure EPT: walking it and reporting its entries. Sources: intel/
 * tdx-module tdx_1.5 src/common/memory_handlers/sept_manager.[ch]
 * (secure_ept_walk, set_arch_septe_details_in_vmm_regs, the state
 * encodings), include/auto_gen/sept_state_lookup.c (public states) and
 * src/common/helpers/helpers.[ch] (check_gpa_validity,
 * verify_page_info_input), src/common/memory_handlers/sept_manager.h
 * (sept_update_state) and helpers.h (leaf_ept_entry_to_hpa). Entry
 * format and states: seam/td_state.h. */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

#define SEPT_PAGE_INFO_RESERVED (0xff8ull | (0xfffull << 52)) /* bits 11:3, 63:52 */

static unsigned sept_index(uint64_t gpa, unsigned level)
{
	return (gpa >> (PAGE_SHIFT + 9 * level)) & (SEPT_ENTRIES - 1);
}

uint64_t *sept_walk(const struct td_tdcs *tdcs, uint64_t gpa, unsigned level,
		    unsigned *reached)
{
	uint64_t table = tdcs->eptp & SEPT_HPA_MASK;
	unsigned l = (tdcs->eptp >> TD_EPTP_PWL_SHIFT) & 7;
	uint64_t *e;

	for (;; l--) {
		e = (uint64_t *)td_page(table) + sept_index(gpa, l);
		*reached = l;
		if (l == level || (*e & SEPT_RWX) == 0 || sept_is_leaf(*e) || l == SEPT_LEVEL_PT)
			return e;
		table = *e & SEPT_HPA_MASK;
	}
}

bool sept_is_leaf(uint64_t septe)
{
	return (septe & SEPT_LEAF) != 0;
}

bool sept_gpa_private_ok(const struct td_tdcs *tdcs, uint64_t gpa)
{
	unsigned width = tdcs->gpaw ? 52 : 48;

	if (gpa & BIT(width - 1))                       /* the shared bit */
		return false;
	if (gpa & ~(BIT(TD_MAX_PA_BITS) - 1))
		return false;
	return tdcs->gpaw || (gpa & ((BIT(TD_MAX_PA_BITS) - 1) & ~(BIT(width) - 1))) == 0;
}

bool sept_page_info_ok(uint64_t page_info, unsigned min, unsigned max)
{
	unsigned level = page_info & 7;
	uint64_t gpa = page_info & SEPT_HPA_MASK;

	return !(page_info & SEPT_PAGE_INFO_RESERVED) && level >= min && level <= max &&
	       IS_ALIGNED(gpa, PAGE_SIZE << (9 * level));
}

/* The S-EPT states the model creates (the migration states BLOCKEDW and
 * EXPORTED_* are not modelled; REMOVED only arises from import), with
 * the public state TDH.MEM.SEPT.RD reports, their properties
 * (sept_special_flags_lookup) and the SEAMCALL leaves that may act on
 * them (seamcall_sept_state_lookup), all from sept_state_lookup.c. */
#define L(x) BIT(TDH_##x)

static const struct sept_state_info {
	uint64_t bits;
	uint32_t public_state;
	uint32_t flags;                 /* SEPT_F_* */
	uint64_t leaves;                /* BIT(leaf) of the SEAMCALLs allowed */
} sept_states[] = {
	{ SEPT_STATE_FREE, 0, 0,
	  L(MEM_PAGE_ADD) | L(MEM_SEPT_ADD) | L(MEM_PAGE_AUG) },
	{ SEPT_STATE_REMOVED, 5, 0, L(MEM_PAGE_AUG) },
	{ SEPT_STATE_NL_MAPPED, 0x84, SEPT_F_TLB_TRACKED,
	  L(MEM_SEPT_ADD) | L(MEM_RANGE_BLOCK) | L(MEM_PAGE_PROMOTE) | L(MEM_SEPT_REMOVE) },
	{ SEPT_STATE_NL_BLOCKED, 0x81, SEPT_F_BLOCKED | SEPT_F_TLB_TRACKED,
	  L(MEM_PAGE_PROMOTE) | L(MEM_SEPT_REMOVE) | L(MEM_RANGE_UNBLOCK) },
	{ SEPT_STATE_MAPPED, 4, SEPT_F_TLB_TRACKED | SEPT_F_ACCESSIBLE,
	  L(MEM_RANGE_BLOCK) | L(MEM_PAGE_DEMOTE) | L(MR_EXTEND) | L(MEM_PAGE_REMOVE) },
	{ SEPT_STATE_BLOCKED, 1, SEPT_F_BLOCKED | SEPT_F_TLB_TRACKED,
	  L(MEM_PAGE_DEMOTE) | L(MEM_PAGE_REMOVE) | L(MEM_RANGE_UNBLOCK) },
	{ SEPT_STATE_PENDING, 2, SEPT_F_TLB_TRACKED | SEPT_F_ACCEPTABLE | SEPT_F_PENDING,
	  L(MEM_RANGE_BLOCK) | L(MEM_PAGE_DEMOTE) | L(MEM_PAGE_REMOVE) },
	{ SEPT_STATE_PENDING_BLOCKED, 3, SEPT_F_BLOCKED | SEPT_F_TLB_TRACKED | SEPT_F_PENDING,
	  L(MEM_PAGE_DEMOTE) | L(MEM_PAGE_REMOVE) | L(MEM_RANGE_UNBLOCK) },
};

static const struct sept_state_info *sept_state_of(uint64_t septe)
{
	uint64_t bits = septe & SEPT_STATE_MASK;

	/* D is "don't care" in MAPPED (it tracks dirtiness there). */
	if ((bits & ~SEPT_D) == SEPT_STATE_MAPPED)
		bits = SEPT_STATE_MAPPED;
	for (unsigned i = 0; i < ARRAY_SIZE(sept_states); i++)
		if (sept_states[i].bits == bits)
			return &sept_states[i];
	return NULL;
}

uint32_t sept_public_state(uint64_t septe)
{
	const struct sept_state_info *s = sept_state_of(septe);

	return s ? s->public_state : 0;
}

/* TDH.MEM.SEPT.RD reads an entry in any state. */
bool sept_allows(uint64_t septe, unsigned leaf)
{
	const struct sept_state_info *s = sept_state_of(septe);

	return leaf == TDH_MEM_SEPT_RD || (s && leaf < 64 && (s->leaves & BIT(leaf)));
}

bool sept_has(uint64_t septe, unsigned flag)
{
	const struct sept_state_info *s = sept_state_of(septe);

	return s && (s->flags & flag);
}

uint64_t sept_with_state(uint64_t septe, uint64_t state)
{
	return (septe & ~SEPT_STATE_MASK) | state | SEPT_SVE;
}

/* block_sept_entry: NL_MAPPED -> NL_BLOCKED, MAPPED -> BLOCKED (both lose
 * RWX), PENDING -> PENDING_BLOCKED (already without RWX). */
uint64_t sept_blocked(uint64_t septe)
{
	uint64_t state = septe & SEPT_STATE_MASK;

	if (state == SEPT_STATE_NL_MAPPED)
		return sept_with_state(septe & ~SEPT_RWX, SEPT_STATE_NL_BLOCKED);
	if (state == SEPT_STATE_PENDING)
		return sept_with_state(septe, SEPT_STATE_PENDING_BLOCKED);
	return sept_with_state(septe & ~SEPT_RWX, SEPT_STATE_BLOCKED);
}

/* sept_unblock: the state before blocking, with RWX back (and the memory
 * type WB on a leaf, 0 on a non-leaf, where those bits are reserved); an
 * entry not blocked stays as it is. */
uint64_t sept_unblocked(uint64_t septe)
{
	switch (septe & SEPT_STATE_MASK) {
	case SEPT_STATE_NL_BLOCKED:
		return sept_with_state((septe & ~SEPT_MT_MASK) | SEPT_RWX, SEPT_STATE_NL_MAPPED);
	case SEPT_STATE_PENDING_BLOCKED:
		return sept_with_state(septe, SEPT_STATE_PENDING);
	case SEPT_STATE_BLOCKED:
		return sept_with_state((septe & ~SEPT_MT_MASK) | SEPT_RWX | SEPT_MT_WB,
				       SEPT_STATE_MAPPED);
	default:
		return septe;
	}
}

uint64_t sept_leaf_hpa(uint64_t septe, uint64_t gpa, unsigned level)
{
	uint64_t size = SEPT_LEVEL_SIZE(level);

	return (septe & SEPT_HPA_MASK & ~(size - 1)) | (gpa & (size - 1));
}

uint64_t sept_walk_private(struct tdx_module_args *args, const struct td_tdcs *tdcs,
			   uint64_t gpa, unsigned level, uint64_t **septe)
{
	unsigned reached;

	if (!sept_gpa_private_ok(tdcs, gpa))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	*septe = sept_walk(tdcs, gpa, level, &reached);
	if (reached != level) {
		sept_report(args, **septe, reached);
		return seam_status(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX);
	}
	return TDX_SUCCESS;
}

void sept_report(struct tdx_module_args *args, uint64_t septe, unsigned level)
{
	uint64_t arch;

	if ((septe & SEPT_STATE_MASK) == SEPT_STATE_FREE)
		arch = SEPT_SVE;
	else if (sept_is_leaf(septe))
		arch = septe & (SEPT_RWX | SEPT_MT_MASK | SEPT_HPA_MASK | SEPT_IPAT |
				SEPT_LEAF | SEPT_SVE);
	else    /* no HPA: SEPT_ARCH_ENTRY_NON_LEAF_MASK is RWX | PS (sept_manager.h) */
		arch = septe & (SEPT_RWX | SEPT_LEAF);
	args->rcx = arch;
	args->rdx = level | (uint64_t)sept_public_state(septe) << 8;
}
