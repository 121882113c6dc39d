/* The physical page allocator: a bitmap over [0, top of free RAM), one bit
 * per 4 KiB page, set = free. Every page it hands out is zeroed. Pages are
 * handed out lowest-first below a ceiling that starts at 4 GiB (all the boot
 * identity map reaches) and is lifted once the direct map is live. */
#ifndef HV_MM_PAGE_ALLOC_H
#define HV_MM_PAGE_ALLOC_H

#include "../types.h"
#include "range_set.h"

/* Places the bitmap itself in the free set (below limit) and removes it. */
bool page_alloc_init(struct range_set *free, paddr_t bitmap_limit);
void page_alloc_set_ceiling(paddr_t ceiling);

/* Returns 0 when no page is left (physical page 0 is never free). */
paddr_t page_alloc(void);
paddr_t page_alloc_contig(uint64_t pages, uint64_t align);
/* Freeing a page that is not allocated is a hypervisor bug: panics. */
void page_free(paddr_t pa);
void page_free_contig(paddr_t pa, uint64_t pages);

/* Takes exactly [pa, pa + pages * 4K) if every page of it is free (for
 * placements decided elsewhere, such as PAMTs); false leaves all as is. */
bool page_alloc_claim(paddr_t pa, uint64_t pages);
/* The free pages as ranges (a snapshot). */
void page_alloc_free_ranges(struct range_set *out);

/* TDX-usable memory (RAM in CMRs), set once when the TDX module is
 * initialized; pages for Trust Domains come only from there. */
void page_alloc_set_tdx_usable(const struct range_set *usable);
bool page_is_tdx_usable(paddr_t pa, uint64_t pages);
paddr_t page_alloc_tdx(uint64_t pages, uint64_t align);

uint64_t page_alloc_free_pages(void);
uint64_t page_alloc_managed_pages(void);

#endif
