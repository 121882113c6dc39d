/* The model's view of the PAMT the host gave at TDH.SYS.CONFIG, and the
 * module's checks on physical-page operands: intel/tdx-module tdx_1.5
 * src/common/memory_handlers/pamt_manager.c (pamt_get_block, pamt_walk,
 * pamt_is_2mb_range_free) and src/common/helpers/helpers.c
 * (hpa_check_with_pwr_2_alignment, shared_hpa_check,
 * non_shared_hpa_metadata_check_and_lock, check_and_lock_free_range_hpa).
 * Entry layout and the 4K/2M/1G levels: seam/td_state.h. */
#ifndef SEAM_PAMT_H
#define SEAM_PAMT_H

#include "seam_state.h"
#include "tdmr_check.h"

/* Physical addresses of the modelled platform: 46 address bits, the KeyID
 * in bits 51:46 (seam/tdmr_check.h), MAX_PA 52. */
#define TD_MAX_PA_BITS  52
#define TD_HKID_SHIFT   TDMR_CHECK_MODEL_PA_BITS
#define TD_PA_MASK      (BIT(TD_HKID_SHIFT) - 1)

static inline unsigned td_pa_hkid(uint64_t pa)
{
	return (unsigned)((pa & (BIT(TD_MAX_PA_BITS) - 1)) >> TD_HKID_SHIFT);
}

enum pamt_page_type {
	PT_NDA = 0,
	PT_RSVD = 1,
	PT_REG = 3,
	PT_TDR = 4,
	PT_TDCX = 5,
	PT_TDVPR = 6,
	PT_EPT = 8,
};

/* PAMT levels, as the module's page_size_t and the R8 that
 * TDH.PHYMEM.PAGE.RDMD and RECLAIM return. */
enum pamt_level {
	PAMT_4K = 0,
	PAMT_2M = 1,
	PAMT_1G = 2,
};

struct pamt_entry {
	uint8_t type;                   /* enum pamt_page_type */
	uint8_t bepoch[7];              /* REG/EPT: TD epoch at RANGE.BLOCK, 56-bit LE */
	uint64_t owner;                 /* TDR PA, or 0 */
};
_Static_assert(sizeof(struct pamt_entry) == SEAM_PAMT_ENTRY_SIZE, "PAMT entry");

/* pamt_walk without a target size: the entry that describes the page at
 * pa (the 1G entry if it is a REG leaf, else the 2M entry if it is one,
 * else the 4K entry) and its level; NULL when no TDMR whose PAMT is
 * initialized covers pa (pamt_get_block). Pages of the SEAM range count as
 * covered by none: on hardware SEAMRR is never convertible memory. */
struct pamt_entry *pamt_walk(uint64_t pa, enum pamt_level *level);
/* pamt_walk's entry for pa, whatever its level. */
struct pamt_entry *pamt_entry_of(uint64_t pa);
/* hpa_check_with_pwr_2_alignment: aligned, no KeyID bits, below MAX_PA. */
bool pamt_private_hpa_ok(uint64_t pa, uint64_t align);
/* check_and_lock_explicit_4k_private_hpa: OPERAND_INVALID unless
 * pamt_private_hpa_ok(pa, 4K), OPERAND_ADDR_RANGE_ERROR outside the
 * initialized TDMRs, PAGE_METADATA_INCORRECT unless the page's PAMT entry
 * is a 4K one (not a page inside a 2M TD page) of type type; each with
 * operand. */
uint64_t pamt_check_page(uint64_t pa, uint32_t operand, enum pamt_page_type type,
			 struct pamt_entry **entry);
/* check_and_lock_free_range_hpa: a free range of 4K (PAMT_4K) or 2M
 * (PAMT_2M, 2M aligned, its 2M entry and all 512 4K entries under it NDA)
 * to become a TD page; the same statuses as pamt_check_page. *entry is
 * the PAMT entry at that level. */
uint64_t pamt_check_free_range(uint64_t pa, uint32_t operand, enum pamt_level level,
			       struct pamt_entry **entry);
/* shared_hpa_check_with_pwr_2_alignment: TDX_SUCCESS, or TDX_OPERAND_INVALID
 * (misaligned, beyond MAX_PA, overlapping the SEAM range, or a private
 * KeyID). */
uint64_t pamt_check_shared(uint64_t pa, uint64_t size);
void pamt_assign(struct pamt_entry *e, enum pamt_page_type type, uint64_t owner);

/* pamt_demote: the REG entry of the page at pa (at level, 2M) hands its
 * type and owner to the 512 entries one level down and becomes NDA. */
void pamt_demote(uint64_t pa, enum pamt_level level);

/* BEPOCH: the TD epoch TDH.MEM.RANGE.BLOCK recorded for a REG or EPT page
 * (pamt_entry_t.bepoch; 0 until blocked). */
uint64_t pamt_bepoch(const struct pamt_entry *e);
void pamt_set_bepoch(struct pamt_entry *e, uint64_t epoch);

#endif
