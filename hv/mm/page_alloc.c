/* Bitmap page allocator. Simple and obviously correct beats clever here:
 * the hypervisor allocates at boot, when guests are built and when a TD
 * accepts memory, never per exit; hints keep the common single-page
 * searches from rescanning what is known to be taken. */
#include "page_alloc.h"
#include "phys.h"
#include "../lib/string.h"
#include "../log.h"
#include "../spinlock.h"

static struct spinlock lock;
/* Kept as a physical address: the direct map moves when paging goes live. */
static paddr_t bitmap_pa;       /* bit set = page free */
static uint64_t nr_pages;       /* pages the bitmap covers */
static uint64_t free_pages, managed_pages;
static uint64_t ceiling_pfn;
static uint64_t hint;           /* lowest pfn that may be free */
static uint64_t tdx_hint;       /* lowest TDX-usable pfn that may be free */
static struct range_set tdx_usable;  /* fixed once TDX is initialized */

static uint64_t *bitmap_word(uint64_t pfn)
{
	return (uint64_t *)phys_to_virt(bitmap_pa) + pfn / 64;
}

static bool page_is_free(uint64_t pfn)
{
	return *bitmap_word(pfn) & BIT(pfn % 64);
}

static void mark(uint64_t pfn, bool is_free)
{
	if (is_free)
		*bitmap_word(pfn) |= BIT(pfn % 64);
	else
		*bitmap_word(pfn) &= ~BIT(pfn % 64);
}

bool page_alloc_init(struct range_set *free, paddr_t bitmap_limit)
{
	paddr_t top, at;
	uint64_t bytes;

	if (!free->n)
		return false;
	top = free->r[free->n - 1].end;
	nr_pages = top >> PAGE_SHIFT;
	bytes = ALIGN_UP((nr_pages + 63) / 64 * 8, PAGE_SIZE);
	at = range_set_find(free, bytes, PAGE_SIZE, PAGE_SIZE, bitmap_limit);
	if (!at) {
		log_error("mm: no room below 0x%llx for the %llu-byte page bitmap",
			  (unsigned long long)bitmap_limit, (unsigned long long)bytes);
		return false;
	}
	range_set_remove(free, at, at + bytes);
	bitmap_pa = at;
	memset(phys_to_virt(at), 0, bytes);
	for (unsigned i = 0; i < free->n; i++) {
		uint64_t first = ALIGN_UP(free->r[i].start, PAGE_SIZE) >> PAGE_SHIFT;
		uint64_t last = ALIGN_DOWN(free->r[i].end, PAGE_SIZE) >> PAGE_SHIFT;

		for (uint64_t pfn = first ? first : 1; pfn < last; pfn++) {
			mark(pfn, true);
			free_pages++;
		}
	}
	managed_pages = free_pages;
	ceiling_pfn = nr_pages;
	hint = 1;
	return true;
}

void page_alloc_set_ceiling(paddr_t ceiling)
{
	spin_lock(&lock);
	ceiling_pfn = MIN(ceiling >> PAGE_SHIFT, nr_pages);
	spin_unlock(&lock);
}

/* Takes the first run of `pages` free pages in [first, last) that starts
 * at a multiple of step; 0 if there is none. After a used page the search
 * goes on at the next multiple of step past it, so a 2M search does not
 * test the same used page 512 times. Lock held. */
static paddr_t take_run(uint64_t first, uint64_t last, uint64_t pages, uint64_t step)
{
	for (uint64_t pfn = ALIGN_UP(first, step); pfn + pages <= last;) {
		uint64_t n = 0;

		while (n < pages && page_is_free(pfn + n))
			n++;
		if (n == pages) {
			for (n = 0; n < pages; n++)
				mark(pfn + n, false);
			free_pages -= pages;
			return pfn << PAGE_SHIFT;
		}
		pfn = ALIGN_UP(pfn + n + 1, step);
	}
	return 0;
}

static paddr_t zeroed(paddr_t pa, uint64_t pages)
{
	if (pa)
		memset(phys_to_virt(pa), 0, pages * PAGE_SIZE);
	return pa;
}

paddr_t page_alloc_contig(uint64_t pages, uint64_t align)
{
	uint64_t step = MAX(align >> PAGE_SHIFT, 1);
	paddr_t pa;

	if (!pages)
		return 0;
	spin_lock(&lock);
	pa = take_run(hint, ceiling_pfn, pages, step);
	if (pa && pa >> PAGE_SHIFT == hint)
		hint = (pa >> PAGE_SHIFT) + pages;
	spin_unlock(&lock);
	return zeroed(pa, pages);
}

void page_alloc_set_tdx_usable(const struct range_set *usable)
{
	spin_lock(&lock);
	tdx_usable = *usable;
	spin_unlock(&lock);
}

bool page_is_tdx_usable(paddr_t pa, uint64_t pages)
{
	uint64_t end = pa + pages * PAGE_SIZE;

	for (unsigned i = 0; i < tdx_usable.n; i++)
		if (pa >= tdx_usable.r[i].start && end <= tdx_usable.r[i].end)
			return true;
	return false;
}

/* TD memory must be convertible: search only the TDX-usable ranges. */
paddr_t page_alloc_tdx(uint64_t pages, uint64_t align)
{
	uint64_t step = MAX(align >> PAGE_SHIFT, 1);
	paddr_t pa = 0;

	if (!pages)
		return 0;
	spin_lock(&lock);
	for (unsigned i = 0; i < tdx_usable.n && !pa; i++) {
		uint64_t first = MAX(tdx_usable.r[i].start >> PAGE_SHIFT, tdx_hint);
		uint64_t last = MIN(tdx_usable.r[i].end >> PAGE_SHIFT, ceiling_pfn);

		pa = take_run(first, last, pages, step);
		/* Single pages are taken lowest first: nothing below is free. */
		if (pa && pages == 1)
			tdx_hint = (pa >> PAGE_SHIFT) + 1;
	}
	spin_unlock(&lock);
	return zeroed(pa, pages);
}

paddr_t page_alloc(void)
{
	return page_alloc_contig(1, PAGE_SIZE);
}

void page_free_contig(paddr_t pa, uint64_t pages)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	BUG_ON(!IS_ALIGNED(pa, PAGE_SIZE) || pfn == 0 || pfn + pages > nr_pages);
	spin_lock(&lock);
	for (uint64_t i = 0; i < pages; i++) {
		BUG_ON(page_is_free(pfn + i));
		mark(pfn + i, true);
	}
	free_pages += pages;
	hint = MIN(hint, pfn);
	tdx_hint = MIN(tdx_hint, pfn);
	spin_unlock(&lock);
}

void page_free(paddr_t pa)
{
	page_free_contig(pa, 1);
}

uint64_t page_alloc_free_pages(void)
{
	return free_pages;
}

uint64_t page_alloc_managed_pages(void)
{
	return managed_pages;
}

bool page_alloc_claim(paddr_t pa, uint64_t pages)
{
	uint64_t pfn = pa >> PAGE_SHIFT;
	bool ok = IS_ALIGNED(pa, PAGE_SIZE) && pfn && pfn + pages <= nr_pages;

	spin_lock(&lock);
	for (uint64_t i = 0; ok && i < pages; i++)
		ok = page_is_free(pfn + i);
	for (uint64_t i = 0; ok && i < pages; i++)
		mark(pfn + i, false);
	if (ok)
		free_pages -= pages;
	spin_unlock(&lock);
	if (ok)
		memset(phys_to_virt(pa), 0, pages * PAGE_SIZE);
	return ok;
}

void page_alloc_free_ranges(struct range_set *out)
{
	uint64_t run = 0;

	memset(out, 0, sizeof(*out));
	spin_lock(&lock);
	for (uint64_t pfn = 1; pfn <= nr_pages; pfn++) {
		bool is_free = pfn < nr_pages && page_is_free(pfn);

		if (is_free && !run)
			run = pfn;
		if (!is_free && run) {
			range_set_add(out, run << PAGE_SHIFT, pfn << PAGE_SHIFT);
			run = 0;
		}
	}
	spin_unlock(&lock);
}
