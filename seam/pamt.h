/* The model's view of the PAMT the host gave at TDH.SYS.CONFIG, and the
 * module's checks on physical-page operands: intel/tdx-module tdx_1.5
 * src/common/memory_handlers/pamt_manager.c (pamt_get_block, pamt_walk)
 * and src/common/helpers/helpers.c (hpa_check_with_pwr_2_alignment,
 * shared_hpa_check, non_shared_hpa_metadata_check_and_lock). Entry layout:
 * seam/td_state.h. */
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

struct pamt_entry {
	uint8_t type;                   /* enum pamt_page_type */
	uint8_t reserved[7];
	uint64_t owner;                 /* TDR PA, or 0 */
};
_Static_assert(sizeof(struct pamt_entry) == SEAM_PAMT_ENTRY_SIZE, "PAMT entry");

/* The PAMT entry of the 4K page at pa, or NULL when no TDMR whose PAMT is
 * initialized covers it (pamt_get_block). Pages of the SEAM range count as
 * covered by none: on hardware SEAMRR is never convertible memory. */
struct pamt_entry *pamt_entry_of(uint64_t pa);
/* hpa_check_with_pwr_2_alignment: aligned, no KeyID bits, below MAX_PA. */
bool pamt_private_hpa_ok(uint64_t pa, uint64_t align);
/* check_and_lock_explicit_4k_private_hpa: OPERAND_INVALID unless
 * pamt_private_hpa_ok(pa, 4K), OPERAND_ADDR_RANGE_ERROR outside the
 * initialized TDMRs, PAGE_METADATA_INCORRECT unless the PAMT type is type;
 * each with operand. */
uint64_t pamt_check_page(uint64_t pa, uint32_t operand, enum pamt_page_type type,
			 struct pamt_entry **entry);
/* shared_hpa_check_with_pwr_2_alignment: TDX_SUCCESS, or TDX_OPERAND_INVALID
 * (misaligned, beyond MAX_PA, overlapping the SEAM range, or a private
 * KeyID). */
uint64_t pamt_check_shared(uint64_t pa, uint64_t size);
void pamt_assign(struct pamt_entry *e, enum pamt_page_type type, uint64_t owner);

#endif
