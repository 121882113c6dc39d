/* The initial private memory of a TD, page by page, in the order tdvisor
 * adds it: the image first (placed so its last byte is at GPA 0xFFFFFFFF,
 * under the reset vector), each page added and measured; then the
 * manifest's memory as zeroed RAM from GPA 0, added but not extended. The
 * hypervisor (td.c) and tools/tdx-measure walk the same layout, so the MRTD
 * the tool predicts is the one the hypervisor prints. */
#ifndef HV_TDX_TD_LAYOUT_H
#define HV_TDX_TD_LAYOUT_H

#include "../types.h"

#define TD_IMAGE_MAX (64 * KiB)
#define TD_IMAGE_END (4 * GiB)

struct td_page {
	uint64_t gpa;
	bool measured;          /* TDH.MR.EXTEND its 16 chunks after PAGE.ADD */
};

/* The page's bytes: from the image (zero-padded at the front so the image
 * ends at 4 GiB) or zero for RAM. */
void td_page_contents(const struct td_page *p, const uint8_t *image, uint64_t image_size,
		      uint8_t out[PAGE_SIZE]);
/* Calls add() for every page in order; stops at the first false. */
bool td_layout(uint64_t image_size, uint64_t memory,
	       bool (*add)(void *ctx, const struct td_page *p), void *ctx);
uint64_t td_image_base(uint64_t image_size);

#endif
