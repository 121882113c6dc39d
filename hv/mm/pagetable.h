/* The one 4-level page-table walker. Host paging and EPT (and later the
 * shared EPT and the Secure-EPT mirror) differ only in which bits mean
 * "present" and what a non-leaf entry carries, so a small format descriptor
 * is all that varies; callers encode leaf flags with the format's helpers. */
#ifndef HV_MM_PAGETABLE_H
#define HV_MM_PAGETABLE_H

#include "../types.h"

#define PT_LEVELS      4
#define PT_ENTRIES     512
#define PT_ADDR_MASK   0x000ffffffffff000ull
#define PT_LARGE       BIT(7)   /* PS in host paging, "leaf" in EPT */
#define PT_VA_LIMIT    BIT(48)  /* four levels translate address bits 47:0 */

#define PAGE_SIZE_4K   (4 * KiB)
#define PAGE_SIZE_2M   (2 * MiB)
#define PAGE_SIZE_1G   (1 * GiB)

/* Host paging bits (Intel SDM vol. 3A, 4.5). */
#define PTE_P    BIT(0)
#define PTE_W    BIT(1)
#define PTE_U    BIT(2)
#define PTE_PWT  BIT(3)
#define PTE_PCD  BIT(4)
#define PTE_A    BIT(5)
#define PTE_D    BIT(6)
#define PTE_G    BIT(8)
#define PTE_NX   BIT(63)

struct pt_format {
	const char *name;
	uint64_t present_mask;  /* entry present when any of these bits is set */
	uint64_t table_flags;   /* what a non-leaf entry carries */
};

extern const struct pt_format pt_format_host;

struct page_table {
	const struct pt_format *fmt;
	paddr_t root;
};

struct pt_leaf {
	paddr_t pa;             /* of the looked-up address, not the page */
	uint64_t flags;         /* the leaf entry without its address bits */
	uint64_t page_size;
};

enum pt_error {
	PT_OK = 0,
	PT_NO_MEMORY = -1,      /* a table page could not be allocated */
	PT_BAD_ARGUMENT = -2,   /* unaligned or wrapping range */
};

int pt_init(struct page_table *pt, const struct pt_format *fmt);
/* Maps [va, va+size) to [pa, pa+size), replacing what was there (large
 * pages in the way are split), with the largest page sizes up to max_page
 * that alignment allows. */
int pt_map(struct page_table *pt, uint64_t va, paddr_t pa, uint64_t size,
	   uint64_t leaf_flags, uint64_t max_page);
int pt_unmap(struct page_table *pt, uint64_t va, uint64_t size);
bool pt_lookup(const struct page_table *pt, uint64_t va, struct pt_leaf *out);
/* Calls fn for every leaf that overlaps [start, end), in address order,
 * with the leaf's first address (bits 47:0, not sign-extended) and its
 * first physical address in leaf->pa. Stops when fn returns false, and
 * then returns false. fn may unmap or remap (same size) the leaf it is
 * given, which frees no table; any other change is unsafe. */
typedef bool (*pt_leaf_fn)(void *ctx, uint64_t va, const struct pt_leaf *leaf);
bool pt_for_each(const struct page_table *pt, uint64_t start, uint64_t end,
		 pt_leaf_fn fn, void *ctx);
/* Copies len bytes between buf and the memory mapped at [va, va + len),
 * page by page through the table (guest RAM is contiguous in GPA space
 * only); into the mapping when to_mapping. False, having copied a prefix,
 * at the first unmapped page. */
bool pt_copy(const struct page_table *pt, uint64_t va, void *buf, size_t len, bool to_mapping);
/* Frees every table page (not the mapped memory). */
void pt_destroy(struct page_table *pt);

#endif
