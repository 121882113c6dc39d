/* The Secure EPT: walking it and reporting its entries. Sources: intel/
 * tdx-module tdx_1.5 src/common/memory_handlers/sept_manager.[ch]
 * (secure_ept_walk, set_arch_septe_details_in_vmm_regs, the state
 * encodings), include/auto_gen/sept_state_lookup.c (public states) and
 * src/common/helpers/helpers.[ch] (check_gpa_validity,
 * verify_page_info_input). Entry format: seam/td_state.h. */
#include "td_state.h"

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

/* The state encodings the model creates or the remaining memory leaves
 * may, with the public state TDH.MEM.SEPT.RD reports for each. */
static const struct {
	uint64_t bits;
	uint32_t state;
} sept_states[] = {
	{ SEPT_STATE_FREE, 0 },                                 /* FREE */
	{ SEPT_STATE_MAPPED, 4 },                               /* MAPPED */
	{ SEPT_STATE_NL_MAPPED, 0x84 },                         /* NL_MAPPED */
	{ SEPT_STATE_MAPPED | SEPT_TDP, 2 },                    /* PENDING */
	{ SEPT_STATE_MAPPED | SEPT_TDB, 1 },                    /* BLOCKED */
	{ SEPT_STATE_MAPPED | SEPT_TDP | SEPT_TDB, 3 },         /* PENDING_BLOCKED */
	{ SEPT_TDB, 0x81 },                                     /* NL_BLOCKED */
	{ SEPT_TDB | SEPT_TDBW, 5 },                            /* REMOVED */
};

uint32_t sept_public_state(uint64_t septe)
{
	uint64_t bits = septe & SEPT_STATE_MASK;

	/* D is "don't care" in MAPPED (it tracks dirtiness there). */
	if ((bits & ~SEPT_D) == SEPT_STATE_MAPPED)
		bits = SEPT_STATE_MAPPED;
	for (unsigned i = 0; i < ARRAY_SIZE(sept_states); i++)
		if (sept_states[i].bits == bits)
			return sept_states[i].state;
	return 0;
}

void sept_report(struct tdx_module_args *args, uint64_t septe, unsigned level)
{
	uint64_t arch;

	if ((septe & SEPT_STATE_MASK) == SEPT_STATE_FREE)
		arch = SEPT_SVE;
	else if (sept_is_leaf(septe))
		arch = septe & (SEPT_RWX | SEPT_MT_MASK | SEPT_HPA_MASK | SEPT_IPAT |
				SEPT_LEAF | SEPT_SVE);
	else
		arch = septe & (SEPT_RWX | SEPT_LEAF);
	args->rcx = arch;
	args->rdx = level | (uint64_t)sept_public_state(septe) << 8;
}
