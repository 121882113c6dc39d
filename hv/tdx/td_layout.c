/* See td_layout.h. */
#include "td_layout.h"
#include "../lib/string.h"

uint64_t td_image_base(uint64_t image_size)
{
	return TD_IMAGE_END - ALIGN_UP(image_size, PAGE_SIZE);
}

void td_page_contents(const struct td_page *p, const uint8_t *image, uint64_t image_size,
		      uint8_t out[PAGE_SIZE])
{
	uint64_t base = td_image_base(image_size);
	uint64_t pad = ALIGN_UP(image_size, PAGE_SIZE) - image_size;

	memset(out, 0, PAGE_SIZE);
	if (!p->measured || p->gpa < base)
		return;
	for (uint64_t i = 0; i < PAGE_SIZE; i++) {
		uint64_t at = p->gpa - base + i;

		if (at >= pad)
			out[i] = image[at - pad];
	}
}

bool td_layout(uint64_t image_size, uint64_t memory,
	       bool (*add)(void *ctx, const struct td_page *p), void *ctx)
{
	for (uint64_t gpa = td_image_base(image_size); gpa < TD_IMAGE_END; gpa += PAGE_SIZE)
		if (!add(ctx, &(struct td_page){ gpa, true }))
			return false;
	for (uint64_t gpa = 0; gpa < memory; gpa += PAGE_SIZE)
		if (!add(ctx, &(struct td_page){ gpa, false }))
			return false;
	return true;
}
