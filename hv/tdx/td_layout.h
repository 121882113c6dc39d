/* The initial private memory of a TD, page by page, in the order tdvisor
 * adds it: each image of the manifest in order (every page PAGE.ADDed, and
 * MR.EXTENDed in 256-byte chunks when the image is "measured"), then the
 * manifest's "initial_memory" as zeroed RAM from GPA 0 (added, not
 * extended). Everything else is added lazily (PAGE.AUG) when the TD
 * accepts it. An image "at the top" ends at GPA 0xFFFFFFFF, its last byte
 * under the reset vector (zero padding in front of it); an image at a GPA
 * starts there (zero padding after it). The hypervisor (td.c) and
 * tools/tdx-measure plan and walk the same layout, so the MRTD the tool
 * predicts is the one the hypervisor prints. */
#ifndef HV_TDX_TD_LAYOUT_H
#define HV_TDX_TD_LAYOUT_H

#include "../manifest.h"
#include "../types.h"

#define TD_IMAGE_END MANIFEST_TD_IMAGE_END   /* the reset vector page ends here */

struct td_layout_image {
	const uint8_t *data;
	uint64_t size;
	uint64_t gpa;           /* first page */
	uint64_t pad;           /* zero bytes before data in the first page(s) */
	bool measured;
};

struct td_layout {
	struct td_layout_image image[MANIFEST_TD_MAX_IMAGES];
	unsigned nr_images;
	uint64_t initial_memory;
};

struct td_page {
	uint64_t gpa;
	int image;              /* index into td_layout.image, -1 for RAM */
	bool measured;          /* TDH.MR.EXTEND its 16 chunks after PAGE.ADD */
};

#define TD_LAYOUT_ERROR_LEN 160

/* Places the images of TD g, whose contents are data[i] (size[i] bytes,
 * in g->td.images order). False with a reason in err when an image is
 * empty, runs past 4 GiB, or overlaps another image or the TD's RAM. */
bool td_layout_plan(const struct manifest_guest *g, const uint8_t *const data[],
		    const uint64_t size[], struct td_layout *out, char err[TD_LAYOUT_ERROR_LEN]);
/* The page's bytes (zero for RAM and padding). */
void td_page_contents(const struct td_layout *l, const struct td_page *p, uint8_t out[PAGE_SIZE]);
/* Calls add() for every page in order; stops at the first false. */
bool td_layout_walk(const struct td_layout *l, bool (*add)(void *ctx, const struct td_page *p),
		    void *ctx);
/* Pages td_layout_walk() visits. */
uint64_t td_layout_pages(const struct td_layout *l);

#endif
