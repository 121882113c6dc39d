/* See td_layout.h. */
#include "td_layout.h"
#include "../lib/format.h"
#include "../lib/string.h"

static uint64_t image_pages_bytes(const struct td_layout_image *im)
{
	return ALIGN_UP(im->pad + im->size, PAGE_SIZE);
}

bool td_layout_plan(const struct manifest_guest *g, const uint8_t *const data[],
		    const uint64_t size[], struct td_layout *out, char err[TD_LAYOUT_ERROR_LEN])
{
	const struct manifest_td *t = &g->td;

	memset(out, 0, sizeof(*out));
	out->initial_memory = t->initial_memory;
	for (unsigned i = 0; i < t->nr_images; i++) {
		const struct manifest_td_image *mi = &t->images[i];
		struct td_layout_image *im = &out->image[i];
		uint64_t end;

		im->data = data[i];
		im->size = size[i];
		im->measured = mi->measured;
		if (!size[i]) {
			format(err, TD_LAYOUT_ERROR_LEN, "image \"%s\" is empty", mi->module);
			return false;
		}
		if (mi->at_top) {
			im->pad = ALIGN_UP(size[i], PAGE_SIZE) - size[i];
			if (size[i] > TD_IMAGE_END - g->memory) {
				format(err, TD_LAYOUT_ERROR_LEN, "image \"%s\" (%llu bytes) does not fit "
				       "between the TD's RAM and 4 GiB", mi->module,
				       (unsigned long long)size[i]);
				return false;
			}
			im->gpa = TD_IMAGE_END - image_pages_bytes(im);
		} else {
			im->gpa = mi->gpa;
		}
		end = im->gpa + image_pages_bytes(im);
		if (end > TD_IMAGE_END && !mi->at_top) {
			format(err, TD_LAYOUT_ERROR_LEN, "image \"%s\" at GPA 0x%llx runs past 4 GiB",
			       mi->module, (unsigned long long)im->gpa);
			return false;
		}
		if (im->gpa < g->memory) {
			format(err, TD_LAYOUT_ERROR_LEN, "image \"%s\" at GPA 0x%llx overlaps the "
			       "TD's RAM [0, 0x%llx)", mi->module, (unsigned long long)im->gpa,
			       (unsigned long long)g->memory);
			return false;
		}
		for (unsigned j = 0; j < i; j++) {
			const struct td_layout_image *o = &out->image[j];

			if (im->gpa < o->gpa + image_pages_bytes(o) && o->gpa < end) {
				format(err, TD_LAYOUT_ERROR_LEN, "images \"%s\" and \"%s\" overlap",
				       t->images[j].module, mi->module);
				return false;
			}
		}
		out->nr_images++;
	}
	return true;
}

void td_page_contents(const struct td_layout *l, const struct td_page *p, uint8_t out[PAGE_SIZE])
{
	const struct td_layout_image *im;

	memset(out, 0, PAGE_SIZE);
	if (p->image < 0)
		return;
	im = &l->image[p->image];
	for (uint64_t i = 0; i < PAGE_SIZE; i++) {
		uint64_t at = p->gpa - im->gpa + i;     /* offset in the padded image */

		if (at >= im->pad && at - im->pad < im->size)
			out[i] = im->data[at - im->pad];
	}
}

bool td_layout_walk(const struct td_layout *l, bool (*add)(void *ctx, const struct td_page *p),
		    void *ctx)
{
	for (unsigned i = 0; i < l->nr_images; i++) {
		const struct td_layout_image *im = &l->image[i];

		for (uint64_t off = 0; off < image_pages_bytes(im); off += PAGE_SIZE)
			if (!add(ctx, &(struct td_page){ im->gpa + off, (int)i, im->measured }))
				return false;
	}
	for (uint64_t gpa = 0; gpa < l->initial_memory; gpa += PAGE_SIZE)
		if (!add(ctx, &(struct td_page){ gpa, -1, false }))
			return false;
	return true;
}

uint64_t td_layout_pages(const struct td_layout *l)
{
	uint64_t bytes = l->initial_memory;

	for (unsigned i = 0; i < l->nr_images; i++)
		bytes += image_pages_bytes(&l->image[i]);
	return bytes / PAGE_SIZE;
}
