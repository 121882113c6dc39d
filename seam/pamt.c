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

/* pamt_get_block: the TDMR whose initialized PAMT covers pa, or NULL. */
static const struct seam_tdmr *pamt_tdmr_of(uint64_t pa)
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
	return t;
}

static struct pamt_entry *pamt_level_entry(const struct seam_tdmr *t, uint64_t pa,
					   enum pamt_level level)
{
	static const uint64_t sizes[] = { [PAMT_4K] = PAGE_SIZE, [PAMT_2M] = 2 * MiB,
					  [PAMT_1G] = GiB };
	uint64_t base = level == PAMT_4K ? t->pamt_4k_base :
			level == PAMT_2M ? t->pamt_2m_base : t->pamt_1g_base;

	return (struct pamt_entry *)phys_to_virt(base) + (pa - t->base) / sizes[level];
}

struct pamt_entry *pamt_walk(uint64_t pa, enum pamt_level *level)
{
	const struct seam_tdmr *t = pamt_tdmr_of(pa);

	if (!t)
		return NULL;
	/* A page added at a larger size is a REG leaf there; the entries
	 * below it stay NDA (pamt_walk in pamt_manager.c). */
	for (*level = PAMT_1G; *level > PAMT_4K; (*level)--) {
		struct pamt_entry *e = pamt_level_entry(t, pa, *level);

		if (e->type == PT_REG)
			return e;
	}
	return pamt_level_entry(t, pa, PAMT_4K);
}

struct pamt_entry *pamt_entry_of(uint64_t pa)
{
	enum pamt_level level;

	return pamt_walk(pa, &level);
}

bool pamt_private_hpa_ok(uint64_t pa, uint64_t align)
{
	return IS_ALIGNED(pa, align) && td_pa_hkid(pa) == 0 && pa < BIT(TD_MAX_PA_BITS);
}

uint64_t pamt_check_page(uint64_t pa, uint32_t operand, enum pamt_page_type type,
			 struct pamt_entry **entry)
{
	struct pamt_entry *e;
	enum pamt_level level;

	if (!pamt_private_hpa_ok(pa, PAGE_SIZE))
		return seam_status(TDX_OPERAND_INVALID, operand);
	e = pamt_walk(pa, &level);
	if (!e)
		return seam_status(TDX_OPERAND_ADDR_RANGE_ERROR, operand);
	if (level != PAMT_4K || e->type != type)
		return seam_status(TDX_PAGE_METADATA_INCORRECT, operand);
	*entry = e;
	return TDX_SUCCESS;
}

uint64_t pamt_check_free_range(uint64_t pa, uint32_t operand, enum pamt_level level,
			       struct pamt_entry **entry)
{
	const struct seam_tdmr *t;
	struct pamt_entry *e;

	if (level == PAMT_4K)
		return pamt_check_page(pa, operand, PT_NDA, entry);
	if (!pamt_private_hpa_ok(pa, 2 * MiB))
		return seam_status(TDX_OPERAND_INVALID, operand);
	t = pamt_tdmr_of(pa);
	if (!t)
		return seam_status(TDX_OPERAND_ADDR_RANGE_ERROR, operand);
	/* The walk to the 2M level stops early at a 1G REG leaf. */
	e = pamt_level_entry(t, pa, PAMT_1G);
	if (e->type == PT_REG)
		return seam_status(TDX_PAGE_METADATA_INCORRECT, operand);
	e = pamt_level_entry(t, pa, PAMT_2M);
	if (e->type != PT_NDA)
		return seam_status(TDX_PAGE_METADATA_INCORRECT, operand);
	/* pamt_is_2mb_range_free: no 4K page in it is assigned or reserved. */
	for (uint64_t off = 0; off < 2 * MiB; off += PAGE_SIZE)
		if (pamt_level_entry(t, pa + off, PAMT_4K)->type != PT_NDA)
			return seam_status(TDX_PAGE_METADATA_INCORRECT, operand);
	*entry = e;
	return TDX_SUCCESS;
}

void pamt_demote(uint64_t pa, enum pamt_level level)
{
	const struct seam_tdmr *t = pamt_tdmr_of(pa);
	struct pamt_entry *parent = pamt_level_entry(t, pa, level);
	uint64_t piece = (PAGE_SIZE << (9 * level)) / 512;

	for (unsigned i = 0; i < 512; i++)
		pamt_assign(pamt_level_entry(t, pa + i * piece, level - 1),
			    (enum pamt_page_type)parent->type, parent->owner);
	parent->type = PT_NDA;
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
	pamt_set_bepoch(e, 0);
}

uint64_t pamt_bepoch(const struct pamt_entry *e)
{
	uint64_t epoch = 0;

	for (unsigned i = 0; i < sizeof(e->bepoch); i++)
		epoch |= (uint64_t)e->bepoch[i] << (8 * i);
	return epoch;
}

void pamt_set_bepoch(struct pamt_entry *e, uint64_t epoch)
{
	for (unsigned i = 0; i < sizeof(e->bepoch); i++)
		e->bepoch[i] = (uint8_t)(epoch >> (8 * i));
}
