/* The rules of one metadata element access (seam/md.h), from intel/
 * tdx-module tdx_1.5 src/common/metadata_handlers/metadata_generic.[ch],
 * md_td_write_element (metadata_td.c) and md_vp_write_element
 * (metadata_vp.c). */
#include "md.h"
#include "../hv/tdx/tdx_status.h"

/* reserved_0 31:24, last_element_in_field 37:34, last_field_in_sequence
 * 46:38, reserved_1 49:47, reserved_2 55, reserved_3 62. */
#define MD_SINGLE_ELEMENT_MBZ (0xff000000ull | (0xfull << 34) | (0x1ffull << 38) | \
			       (7ull << 47) | BIT(55) | BIT(62))

bool md_single_element_ok(uint64_t id)
{
	return !(id & MD_SINGLE_ELEMENT_MBZ);
}

uint64_t md_size_mask(uint64_t id)
{
	unsigned bytes = TDX_MD_ELEM_SIZE(id);

	return bytes == 8 ? ~0ull : BIT(8 * bytes) - 1;
}

static void md_masks_for(const struct md_masks *m, const struct md_request *req,
			 uint64_t *rd, uint64_t *wr)
{
	bool host = req->access == MD_HOST_RD || req->access == MD_HOST_WR;
	bool read = req->access == MD_HOST_RD || req->access == MD_GUEST_RD;

	if (host) {
		*rd = req->debug ? m->dbg_rd : m->prod_rd;
		*wr = req->debug ? m->dbg_wr : m->prod_wr;
	} else {
		*rd = m->guest_rd;
		*wr = m->guest_wr;
	}
	if (read)
		*wr = 0;
}

uint64_t md_element(const struct md_masks *m, uint64_t entry_id, uint64_t cur,
		    struct md_request *req, bool pa_field, bool whole_clears, uint64_t *next)
{
	uint64_t size = md_size_mask(entry_id), rd, wr, combined, base;

	md_masks_for(m, req, &rd, &wr);
	rd &= size;
	wr &= size;
	cur &= size;
	if (req->access == MD_HOST_RD || req->access == MD_GUEST_RD) {
		if (rd == 0)
			return TDX_METADATA_FIELD_NOT_READABLE;
		req->out = cur & rd;
		return TDX_SUCCESS;
	}
	combined = wr & req->mask;
	if (combined == 0)
		return TDX_METADATA_FIELD_NOT_WRITABLE;
	base = whole_clears && combined == size ? 0 : cur;
	if (pa_field && cur == (NULL_PA & size))
		base &= wr;
	/* Bits the caller asks to write but may not must keep their value. */
	if ((base ^ req->value) & req->mask & ~wr)
		return TDX_METADATA_FIELD_VALUE_NOT_VALID;
	*next = (base & ~combined) | (req->value & combined);
	req->out = cur & rd;
	return TDX_SUCCESS;
}
