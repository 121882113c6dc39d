/* The checks the TDX module makes on the TDMR_INFO array at TDH.SYS.CONFIG,
 * in the module's order and with its status codes and details, as
 * intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/tdh_sys_config.c
 * does them (check_and_set_tdmrs and its helpers). The leaf handler does
 * the rest of TDH.SYS.CONFIG itself (module state, the RCX array and each
 * TDMR_INFO pointer, the global KeyID) and calls tdmr_check_one() on each
 * entry as it copies it in, or tdmr_check() on the whole copied array.
 *
 * Status details (api_error_with_multiple_info: byte k of the low 32 bits
 * holds info k):
 *   TDX_INVALID_TDMR, TDX_NON_ORDERED_TDMR, TDX_TDMR_OUTSIDE_CMRS: TDMR
 *   TDX_INVALID_RESERVED_IN_TDMR, TDX_NON_ORDERED_RESERVED_IN_TDMR:
 *       TDMR, reserved area
 *   TDX_INVALID_PAMT, TDX_PAMT_OUTSIDE_CMRS: TDMR, page size (0 4K, 1 2M, 1G 2)
 *   TDX_PAMT_OVERLAP: TDMR owning the PAMT, its page size, the TDMR whose
 *       PAMT or non-reserved memory it overlaps
 *   TDX_OPERAND_INVALID (count out of range): operand id RDX */
#ifndef SEAM_TDMR_CHECK_H
#define SEAM_TDMR_CHECK_H

#include "../hv/tdx/tdmr.h"
#include "../hv/types.h"

struct tdmr_check_params {
	const struct tdmr_cmr *cmrs;    /* the module's CMR table, in its order */
	unsigned nr_cmrs;               /* entries of size 0 are skipped */
	unsigned max_tdmrs;             /* MAX_TDMRS */
	unsigned max_rsvd;              /* MAX_RESERVED_AREAS read per TDMR */
	unsigned pamt_entry_size;       /* sizeof(pamt_entry_t) */
	uint64_t hkid_mask;             /* PA bits holding a KeyID; must be 0 */
};

/* The modelled platform: 46-bit physical addresses with the KeyID in bits
 * 51:46 (what seam/ reports), 64 TDMRs, 16-byte PAMT entries. */
#define TDMR_CHECK_MODEL_PA_BITS 46

/* TDH.SYS.CONFIG's count check (RDX in 1..MAX_TDMRS). */
uint64_t tdmr_check_count(uint64_t count, const struct tdmr_check_params *cp);
/* Checks entry i of tdmrs against itself and entries 0..i-1 (already
 * checked), exactly as the module does when it reaches entry i. */
uint64_t tdmr_check_one(const struct tdmr_info *tdmrs, unsigned i,
			const struct tdmr_check_params *cp);
/* Count, then every entry in order: the first failure, or TDX_SUCCESS. */
uint64_t tdmr_check_all(const struct tdmr_info *tdmrs, uint64_t count,
			const struct tdmr_check_params *cp);
/* tdmr_check_all() for the modelled platform. */
uint64_t tdmr_check(const struct tdmr_info *tdmrs, unsigned count, const struct tdmr_cmr *cmrs,
		    unsigned nr_cmrs, unsigned max_rsvd);

/* pa lies in one of info's reserved areas (the list ends at a size 0). */
bool tdmr_info_reserved(const struct tdmr_info *info, uint64_t pa);

/* "TDX_PAMT_OVERLAP (TDMR 3 PAMT_4K, TDMR 1)" for the statuses above. */
size_t tdmr_check_format(uint64_t status, char *buf, size_t size);

#endif
