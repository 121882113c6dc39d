/* PAMT lookup and page-operand checks (seam/pamt.h). Sources: intel/
 * tdx-module tdx_1.5 src/common/memory_handlers/pamt_manager.c and
 * src/common/helpers/helpers.c. */
#include "pamt.h"
#include "../hv/arch/x86/msr.h"
#include "../hv/mm/phys.h"
#include "../hv/tdx/tdx_status.h"

#define SEAMRR_ADDR_MASK 0x000ffffffffff000ull

/* SEAMRR as the model reports it (seam_read_msr). */
static bool pamt_overlaps_seam_range(uint64_t pa, uint64_t size)
{
	uint64_t base = 0, mask = 0, range;

	seam_read_msr(MSR_IA32_SEAMRR_PHYS_BASE, &base);
	seam_read_msr(MSR_IA32_SEAMRR_PHYS_MASK, &mask);
	base &= SEAMRR_ADDR_MASK;
	range = (~mask & SEAMRR_ADDR_MASK) + PAGE_SIZE;
	return pa < base + range && base < pa + size;
}

struct pamt_entry *pamt_entry_of(uint64_t pa)
{
	const struct seam_global *g = seam_global();
	const struct seam_tdmr *t = NULL;

	/* TDMRs are sorted by base: the covering one is the last at or below pa. */
	for (unsigned i = 0; i < g->nr_tdmrs && g->tdmrs[i].base <= pa; i++)
		t = &g->tdmrs[i];
	if (!t || pa >= t->base + t->size)
		return NULL;
	/* Usable only once the whole 1 GiB block is initialized. */
	if (pa >= ALIGN_DOWN(t->last_initialized, GiB))
		return NULL;
	if (pamt_overlaps_seam_range(pa, PAGE_SIZE))
		return NULL;
	return (struct pamt_entry *)phys_to_virt(t->pamt_4k_base) + (pa - t->base) / PAGE_SIZE;
}

bool pamt_private_hpa_ok(uint64_t pa, uint64_t align)
{
	return IS_ALIGNED(pa, align) && td_pa_hkid(pa) == 0 && pa < BIT(TD_MAX_PA_BITS);
}

uint64_t pamt_check_page(uint64_t pa, uint32_t operand, enum pamt_page_type type,
			 struct pamt_entry **entry)
{
	struct pamt_entry *e;

	if (!pamt_private_hpa_ok(pa, PAGE_SIZE))
		return seam_status(TDX_OPERAND_INVALID, operand);
	e = pamt_entry_of(pa);
	if (!e)
		return seam_status(TDX_OPERAND_ADDR_RANGE_ERROR, operand);
	if (e->type != type)
		return seam_status(TDX_PAGE_METADATA_INCORRECT, operand);
	*entry = e;
	return TDX_SUCCESS;
}

uint64_t pamt_check_shared(uint64_t pa, uint64_t size)
{
	const struct seam_global *g = seam_global();

	if (!IS_ALIGNED(pa, size) || pa >= BIT(TD_MAX_PA_BITS) ||
	    pamt_overlaps_seam_range(pa & TD_PA_MASK, size) ||
	    td_pa_hkid(pa) > g->params.mktme_keyids)
		return TDX_OPERAND_INVALID;
	return TDX_SUCCESS;
}

void pamt_assign(struct pamt_entry *e, enum pamt_page_type type, uint64_t owner)
{
	e->type = (uint8_t)type;
	e->owner = owner;
}
