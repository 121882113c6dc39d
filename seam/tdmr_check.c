/* TDMR_INFO checks of TDH.SYS.CONFIG (tdmr_check.h). Every rule cites the
 * function of intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_sys_config.c that makes it; helpers are from src/common/helpers/
 * helpers.h. The code is tdvisor's own; the order of the checks and the
 * status each one returns are the module's. */
#include "tdmr_check.h"
#include "../hv/lib/format.h"
#include "../hv/tdx/tdx_status.h"

/* api_error_with_multiple_info (include/tdx_api_defs.h). */
static uint64_t status_info(uint64_t code, unsigned a, unsigned b, unsigned c)
{
	return code + (uint8_t)a + ((uint64_t)(uint8_t)b << 8) + ((uint64_t)(uint8_t)c << 16);
}

/* is_valid_integer_range: base + size does not wrap. */
static bool valid_range(uint64_t base, uint64_t size)
{
	return base <= UINT64_MAX - size;
}

/* is_overlap: [b1, b1 + s1) and [b2, b2 + s2) meet (callers validated
 * both ranges, as the module's callers do). */
static bool overlap(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
	return !(b1 >= b2 + s2 || b2 >= b1 + s1);
}

/* is_pa_smaller_than_max_pa (MAX_PA 52) and get_hkid_from_pa() == 0. */
static bool valid_pa(uint64_t pa, const struct tdmr_check_params *cp)
{
	return pa < BIT(TDX_MAX_PA_BITS) && !(pa & cp->hkid_mask);
}

/* is_area_in_cmr: [start, end) inside one CMR, where a CMR starting at the
 * end of the previous non-empty one extends it. */
static bool in_cmr(uint64_t start, uint64_t end, const struct tdmr_check_params *cp)
{
	uint64_t last_start = 0, last_end = 0;

	for (unsigned i = 0; i < cp->nr_cmrs; i++) {
		uint64_t cs = cp->cmrs[i].base, ce = cp->cmrs[i].base + cp->cmrs[i].size;

		if (!cp->cmrs[i].size)
			continue;
		if (cs == last_end)
			cs = last_start;
		if (start >= cs && end <= ce)
			return true;
		last_start = cs;
		last_end = ce;
	}
	return false;
}

/* Calls pred on each stretch of TDMR t outside its reserved areas, the way
 * is_pamt_overlaps_available_area and check_tdmr_available_areas walk
 * them; returns true as soon as pred does. Reserved areas were checked. */
static bool any_available(const struct tdmr_info *t, unsigned max_rsvd,
			  bool (*pred)(uint64_t start, uint64_t end, const void *ctx), const void *ctx)
{
	uint64_t end = t->base + t->size, avail = t->base;
	bool valid = false;

	for (unsigned j = 0; j < max_rsvd; j++) {
		uint64_t rs = t->base + t->rsvd[j].offset;

		valid = t->rsvd[j].size != 0;
		if (avail == end)
			break;
		if (valid && avail == rs) {     /* area at the start, or two touching */
			avail = rs + t->rsvd[j].size;
			continue;
		}
		if (pred(avail, valid ? rs : end, ctx))
			return true;
		if (!valid)                     /* a null area ends the list */
			break;
		avail = rs + t->rsvd[j].size;
	}
	return valid && end > avail && pred(avail, end, ctx);
}

struct span {
	uint64_t base, size;
};

static bool pred_overlaps(uint64_t start, uint64_t end, const void *ctx)
{
	const struct span *s = ctx;

	return overlap(s->base, s->size, start, end - start);
}

static bool pred_outside_cmrs(uint64_t start, uint64_t end, const void *ctx)
{
	return !in_cmr(start, end, ctx);
}

/* check_and_set_tdmrs, first part: base + size, ascending, disjoint. */
static uint64_t check_order(const struct tdmr_info *tdmrs, unsigned i)
{
	const struct tdmr_info *t = &tdmrs[i], *prev = i ? &tdmrs[i - 1] : NULL;

	if (!valid_range(t->base, t->size))
		return status_info(TDX_INVALID_TDMR, i, 0, 0);
	if (prev && t->base < prev->base)
		return status_info(TDX_NON_ORDERED_TDMR, i, 0, 0);
	if (prev && t->base < prev->base + prev->size)
		return status_info(TDX_NON_ORDERED_TDMR, i, 0, 0);
	return TDX_SUCCESS;
}

/* check_tdmr_area_addresses_and_size: 1 GiB aligned, non-empty, first and
 * last byte below MAX_PA with KeyID 0. */
static uint64_t check_tdmr_addresses(const struct tdmr_info *t, unsigned i,
				     const struct tdmr_check_params *cp)
{
	if (!IS_ALIGNED(t->base, GiB) || !IS_ALIGNED(t->size, GiB) || t->size == 0)
		return status_info(TDX_INVALID_TDMR, i, 0, 0);
	if (!valid_pa(t->base, cp))
		return status_info(TDX_INVALID_TDMR, i, 0, 0);
	if (!valid_pa(t->base + t->size - 1, cp))
		return status_info(TDX_INVALID_TDMR, i, 0, 0);
	return TDX_SUCCESS;
}

/* check_tdmr_reserved_areas: nulls only at the end; each area no wrap,
 * ascending and disjoint, 4K aligned, inside the TDMR. */
static uint64_t check_reserved(const struct tdmr_info *t, unsigned i,
			       const struct tdmr_check_params *cp)
{
	uint64_t tdmr_end = t->base + t->size;

	for (unsigned j = 0; j < cp->max_rsvd; j++) {
		uint64_t off = t->rsvd[j].offset, size = t->rsvd[j].size, start;

		if (size == 0) {
			if (j + 1 < cp->max_rsvd && t->rsvd[j + 1].size != 0)
				return status_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
			continue;
		}
		if (!valid_range(off, size))
			return status_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (j > 0 && off < t->rsvd[j - 1].offset)
			return status_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
		if (j > 0 && off < t->rsvd[j - 1].offset + t->rsvd[j - 1].size)
			return status_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
		if (!IS_ALIGNED(off, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
			return status_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (!valid_range(t->base, off))
			return status_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		start = t->base + off;
		if (!valid_range(start, size))
			return status_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (start < t->base || start + size > tdmr_end)
			return status_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
	}
	return TDX_SUCCESS;
}

/* check_pamt_addresses_and_size: no wrap, 4K aligned base and size, first
 * and last byte below MAX_PA with KeyID 0, room for one entry per page. */
static bool pamt_ok(uint64_t base, uint64_t size, uint64_t page, uint64_t tdmr_size,
		    const struct tdmr_check_params *cp)
{
	if (!valid_range(base, size))
		return false;
	if (!IS_ALIGNED(base, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return false;
	if (!valid_pa(base, cp) || !valid_pa(base + size - 1, cp))
		return false;
	return size >= (tdmr_size / page) * cp->pamt_entry_size;
}

/* The module checks the levels 1G, 2M, 4K here, 4K, 2M, 1G for overlaps,
 * and 1G, 2M, 4K again for CMRs. */
static const enum tdx_page_size big_first[TDX_PS_NR] = { TDX_PS_1G, TDX_PS_2M, TDX_PS_4K };
static const enum tdx_page_size small_first[TDX_PS_NR] = { TDX_PS_4K, TDX_PS_2M, TDX_PS_1G };

/* check_pamt_addresses. */
static uint64_t check_pamt_addresses(const struct tdmr_info *t, unsigned i,
				     const struct tdmr_check_params *cp)
{
	static const uint64_t page[TDX_PS_NR] = { [TDX_PS_4K] = 4 * KiB, [TDX_PS_2M] = 2 * MiB,
						  [TDX_PS_1G] = GiB };

	for (unsigned k = 0; k < TDX_PS_NR; k++) {
		enum tdx_page_size ps = big_first[k];

		if (!pamt_ok(tdmr_info_pamt_base(t, ps), tdmr_info_pamt_size(t, ps), page[ps], t->size, cp))
			return status_info(TDX_INVALID_PAMT, i, ps, 0);
	}
	return TDX_SUCCESS;
}

static bool pamts_overlap(const struct tdmr_info *a, enum tdx_page_size pa,
			  const struct tdmr_info *b, enum tdx_page_size pb)
{
	return overlap(tdmr_info_pamt_base(a, pa), tdmr_info_pamt_size(a, pa),
		       tdmr_info_pamt_base(b, pb), tdmr_info_pamt_size(b, pb));
}

/* check_all_pamt_overlap: i's PAMTs against every earlier TDMR's three,
 * then against each other. */
static uint64_t check_pamt_overlap(const struct tdmr_info *tdmrs, unsigned i)
{
	const struct tdmr_info *t = &tdmrs[i];

	for (unsigned j = 0; j < i; j++)
		for (unsigned k = 0; k < TDX_PS_NR; k++)
			for (unsigned l = 0; l < TDX_PS_NR; l++)
				if (pamts_overlap(t, small_first[k], &tdmrs[j], small_first[l]))
					return status_info(TDX_PAMT_OVERLAP, i, small_first[k], j);
	if (pamts_overlap(t, TDX_PS_4K, t, TDX_PS_2M) || pamts_overlap(t, TDX_PS_4K, t, TDX_PS_1G))
		return status_info(TDX_PAMT_OVERLAP, i, TDX_PS_4K, i);
	if (pamts_overlap(t, TDX_PS_2M, t, TDX_PS_1G))
		return status_info(TDX_PAMT_OVERLAP, i, TDX_PS_2M, i);
	return TDX_SUCCESS;
}

static bool pamt_hits_available(const struct tdmr_info *owner, enum tdx_page_size ps,
				const struct tdmr_info *t, unsigned max_rsvd)
{
	struct span s = { tdmr_info_pamt_base(owner, ps), tdmr_info_pamt_size(owner, ps) };

	return any_available(t, max_rsvd, pred_overlaps, &s);
}

/* check_pamt_overlaps_available_areas: i's PAMTs against the non-reserved
 * memory of TDMRs 0..i, and earlier TDMRs' PAMTs against i's. */
static uint64_t check_pamt_available(const struct tdmr_info *tdmrs, unsigned i,
				     const struct tdmr_check_params *cp)
{
	for (unsigned j = 0; j <= i; j++) {
		for (unsigned k = 0; k < TDX_PS_NR; k++)
			if (pamt_hits_available(&tdmrs[i], small_first[k], &tdmrs[j], cp->max_rsvd))
				return status_info(TDX_PAMT_OVERLAP, i, small_first[k], j);
		if (j == i)
			break;
		for (unsigned k = 0; k < TDX_PS_NR; k++)
			if (pamt_hits_available(&tdmrs[j], small_first[k], &tdmrs[i], cp->max_rsvd))
				return status_info(TDX_PAMT_OVERLAP, j, small_first[k], i);
	}
	return TDX_SUCCESS;
}

/* check_pamt_in_cmr. */
static uint64_t check_pamt_cmr(const struct tdmr_info *t, unsigned i,
			       const struct tdmr_check_params *cp)
{
	for (unsigned k = 0; k < TDX_PS_NR; k++) {
		enum tdx_page_size ps = big_first[k];
		uint64_t base = tdmr_info_pamt_base(t, ps);

		if (!in_cmr(base, base + tdmr_info_pamt_size(t, ps), cp))
			return status_info(TDX_PAMT_OUTSIDE_CMRS, i, ps, 0);
	}
	return TDX_SUCCESS;
}

uint64_t tdmr_check_count(uint64_t count, const struct tdmr_check_params *cp)
{
	/* tdh_sys_config: num_of_tdmr_entries > MAX_TDMRS, then < 1. */
	if (count > cp->max_tdmrs || count < 1)
		return TDX_OPERAND_INVALID + TDX_OPERAND_RDX;
	return TDX_SUCCESS;
}

uint64_t tdmr_check_one(const struct tdmr_info *tdmrs, unsigned i,
			const struct tdmr_check_params *cp)
{
	const struct tdmr_info *t = &tdmrs[i];
	struct tdmr_check_params p = *cp;
	uint64_t s;

	p.max_rsvd = MIN(p.max_rsvd, TDMR_MAX_RSVD);
	/* check_and_set_tdmrs: order, addresses, reserved areas, PAMTs
	 * (check_tdmr_pamt_areas), then the non-reserved memory in CMRs. */
	if ((s = check_order(tdmrs, i)) != TDX_SUCCESS ||
	    (s = check_tdmr_addresses(t, i, &p)) != TDX_SUCCESS ||
	    (s = check_reserved(t, i, &p)) != TDX_SUCCESS ||
	    (s = check_pamt_addresses(t, i, &p)) != TDX_SUCCESS ||
	    (s = check_pamt_overlap(tdmrs, i)) != TDX_SUCCESS ||
	    (s = check_pamt_available(tdmrs, i, &p)) != TDX_SUCCESS ||
	    (s = check_pamt_cmr(t, i, &p)) != TDX_SUCCESS)
		return s;
	/* check_tdmr_available_areas. */
	if (any_available(t, p.max_rsvd, pred_outside_cmrs, &p))
		return status_info(TDX_TDMR_OUTSIDE_CMRS, i, 0, 0);
	return TDX_SUCCESS;
}

uint64_t tdmr_check_all(const struct tdmr_info *tdmrs, uint64_t count,
			const struct tdmr_check_params *cp)
{
	uint64_t s = tdmr_check_count(count, cp);

	for (unsigned i = 0; s == TDX_SUCCESS && i < count; i++)
		s = tdmr_check_one(tdmrs, i, cp);
	return s;
}

uint64_t tdmr_check(const struct tdmr_info *tdmrs, unsigned count, const struct tdmr_cmr *cmrs,
		    unsigned nr_cmrs, unsigned max_rsvd)
{
	struct tdmr_check_params cp = {
		.cmrs = cmrs,
		.nr_cmrs = nr_cmrs,
		.max_tdmrs = TDMR_MAX_TDMRS,
		.max_rsvd = max_rsvd,
		.pamt_entry_size = TDMR_PAMT_ENTRY,
		.hkid_mask = (BIT(TDX_MAX_PA_BITS) - 1) & ~(BIT(TDMR_CHECK_MODEL_PA_BITS) - 1),
	};

	return tdmr_check_all(tdmrs, count, &cp);
}

bool tdmr_info_reserved(const struct tdmr_info *info, uint64_t pa)
{
	for (unsigned j = 0; j < TDMR_MAX_RSVD && info->rsvd[j].size; j++) {
		uint64_t start = info->base + info->rsvd[j].offset;

		if (pa >= start && pa - start < info->rsvd[j].size)
			return true;
	}
	return false;
}

size_t tdmr_check_format(uint64_t status, char *buf, size_t size)
{
	static const char *const level[4] = { "PAMT_4K", "PAMT_2M", "PAMT_1G", "PAMT_?" };
	uint64_t code = status & 0xffffffff00000000ull;
	unsigned a = status & 0xff, b = (status >> 8) & 0xff, c = (status >> 16) & 0xff;
	const char *lv = level[MIN(b, 3u)];

	if (code == TDX_SUCCESS)
		return format(buf, size, "TDX_SUCCESS");
	if (code == TDX_OPERAND_INVALID)
		return format(buf, size, "TDX_OPERAND_INVALID (operand %u)", (unsigned)(status & 0xffffffff));
	if (code == TDX_INVALID_TDMR)
		return format(buf, size, "TDX_INVALID_TDMR (TDMR %u)", a);
	if (code == TDX_NON_ORDERED_TDMR)
		return format(buf, size, "TDX_NON_ORDERED_TDMR (TDMR %u)", a);
	if (code == TDX_TDMR_OUTSIDE_CMRS)
		return format(buf, size, "TDX_TDMR_OUTSIDE_CMRS (TDMR %u)", a);
	if (code == TDX_INVALID_RESERVED_IN_TDMR)
		return format(buf, size, "TDX_INVALID_RESERVED_IN_TDMR (TDMR %u, area %u)", a, b);
	if (code == TDX_NON_ORDERED_RESERVED_IN_TDMR)
		return format(buf, size, "TDX_NON_ORDERED_RESERVED_IN_TDMR (TDMR %u, area %u)", a, b);
	if (code == TDX_INVALID_PAMT)
		return format(buf, size, "TDX_INVALID_PAMT (TDMR %u %s)", a, lv);
	if (code == TDX_PAMT_OUTSIDE_CMRS)
		return format(buf, size, "TDX_PAMT_OUTSIDE_CMRS (TDMR %u %s)", a, lv);
	if (code == TDX_PAMT_OVERLAP)
		return format(buf, size, "TDX_PAMT_OVERLAP (TDMR %u %s, TDMR %u)", a, lv, c);
	return format(buf, size, "status 0x%llx", (unsigned long long)status);
}
