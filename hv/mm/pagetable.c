/* Generic 4-level page-table walker. Level 3 is the root (PML4), level 0
 * holds 4 KiB leaves; levels 1 and 2 may hold 2 MiB and 1 GiB leaves. */
#include "pagetable.h"
#include "page_alloc.h"
#include "phys.h"
#include "../lib/string.h"

const struct pt_format pt_format_host = {
	.name = "host",
	.present_mask = PTE_P,
	.table_flags = PTE_P | PTE_W,
};

static unsigned shift_of(unsigned level)
{
	return PAGE_SHIFT + 9 * level;
}

static unsigned index_of(uint64_t va, unsigned level)
{
	return (va >> shift_of(level)) & (PT_ENTRIES - 1);
}

static uint64_t *table_at(paddr_t pa)
{
	return phys_to_virt(pa & PT_ADDR_MASK);
}

static bool is_present(const struct pt_format *fmt, uint64_t e)
{
	return e & fmt->present_mask;
}

static bool is_leaf(unsigned level, uint64_t e)
{
	return level == 0 || (e & PT_LARGE);
}

int pt_init(struct page_table *pt, const struct pt_format *fmt)
{
	pt->fmt = fmt;
	pt->root = page_alloc();
	return pt->root ? PT_OK : PT_NO_MEMORY;
}

/* Replaces a large leaf at level by a table of 512 leaves one level down
 * that map the same memory with the same flags. */
static int split(const struct pt_format *fmt, uint64_t *entry, unsigned level)
{
	paddr_t table = page_alloc();
	uint64_t child_size = 1ull << shift_of(level - 1);
	uint64_t flags = *entry & ~PT_ADDR_MASK;
	paddr_t base = *entry & PT_ADDR_MASK & ~((1ull << shift_of(level)) - 1);
	uint64_t *child;

	if (!table)
		return PT_NO_MEMORY;
	if (level - 1 == 0)
		flags &= ~PT_LARGE;
	child = table_at(table);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		child[i] = (base + i * child_size) | flags;
	*entry = table | fmt->table_flags;
	return PT_OK;
}

/* The entry for va at target_level, creating or splitting tables on the way. */
static int walk_create(struct page_table *pt, uint64_t va, unsigned target_level,
		       uint64_t **out)
{
	uint64_t *table = table_at(pt->root);

	for (unsigned level = PT_LEVELS - 1; level > target_level; level--) {
		uint64_t *e = &table[index_of(va, level)];

		if (!is_present(pt->fmt, *e)) {
			paddr_t t = page_alloc();
			if (!t)
				return PT_NO_MEMORY;
			*e = t | pt->fmt->table_flags;
		} else if (is_leaf(level, *e)) {
			int err = split(pt->fmt, e, level);
			if (err)
				return err;
		}
		table = table_at(*e);
	}
	*out = &table[index_of(va, target_level)];
	return PT_OK;
}

static void free_tables(const struct pt_format *fmt, paddr_t table, unsigned level)
{
	uint64_t *t = table_at(table);

	for (unsigned i = 0; level > 0 && i < PT_ENTRIES; i++)
		if (is_present(fmt, t[i]) && !is_leaf(level, t[i]))
			free_tables(fmt, t[i] & PT_ADDR_MASK, level - 1);
	page_free(table);
}

static unsigned leaf_level_for(uint64_t va, paddr_t pa, uint64_t size,
			       uint64_t max_page)
{
	for (unsigned level = 2; level > 0; level--) {
		uint64_t page = 1ull << shift_of(level);

		if (page <= max_page && IS_ALIGNED(va | pa, page) && size >= page)
			return level;
	}
	return 0;
}

int pt_map(struct page_table *pt, uint64_t va, paddr_t pa, uint64_t size,
	   uint64_t leaf_flags, uint64_t max_page)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || va + size < va)
		return PT_BAD_ARGUMENT;
	while (size) {
		unsigned level = leaf_level_for(va, pa, size, max_page);
		uint64_t page = 1ull << shift_of(level);
		uint64_t *e;
		int err = walk_create(pt, va, level, &e);

		if (err)
			return err;
		/* A table where a large leaf now goes: free it, the leaf replaces it. */
		if (level && is_present(pt->fmt, *e) && !is_leaf(level, *e))
			free_tables(pt->fmt, *e & PT_ADDR_MASK, level - 1);
		*e = pa | leaf_flags | (level ? PT_LARGE : 0);
		va += page;
		pa += page;
		size -= page;
	}
	return PT_OK;
}

int pt_unmap(struct page_table *pt, uint64_t va, uint64_t size)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE) || va + size < va)
		return PT_BAD_ARGUMENT;
	while (size) {
		uint64_t *table = table_at(pt->root);
		unsigned level = PT_LEVELS - 1;
		uint64_t *e;

		/* Descend to the entry covering va; split only when the range
		 * covers a large leaf partly. */
		for (;; level--) {
			uint64_t page = 1ull << shift_of(level);

			e = &table[index_of(va, level)];
			if (!is_present(pt->fmt, *e) ||
			    (is_leaf(level, *e) && IS_ALIGNED(va, page) && size >= page)) {
				uint64_t step = page - (va & (page - 1));
				if (is_present(pt->fmt, *e) && !is_leaf(level, *e))
					free_tables(pt->fmt, *e & PT_ADDR_MASK, level - 1);
				*e = 0;
				step = MIN(step, size);
				va += step;
				size -= step;
				break;
			}
			if (is_leaf(level, *e)) {
				int err = split(pt->fmt, e, level);
				if (err)
					return err;
			}
			table = table_at(*e);
		}
	}
	return PT_OK;
}

/* What the leaf entry e at level says about va. */
static void leaf_of(uint64_t e, unsigned level, uint64_t va, struct pt_leaf *out)
{
	uint64_t page = 1ull << shift_of(level);

	out->page_size = page;
	out->flags = e & ~PT_ADDR_MASK;
	out->pa = (e & PT_ADDR_MASK & ~(page - 1)) | (va & (page - 1));
}

bool pt_lookup(const struct page_table *pt, uint64_t va, struct pt_leaf *out)
{
	uint64_t *table = table_at(pt->root);

	for (unsigned level = PT_LEVELS - 1;; level--) {
		uint64_t e = table[index_of(va, level)];

		if (!is_present(pt->fmt, e))
			return false;
		if (is_leaf(level, e)) {
			leaf_of(e, level, va, out);
			return true;
		}
		table = table_at(e);
	}
}

/* The leaves under one table at level, whose first entry maps base; the
 * table overlaps [start, end). */
static bool for_each_under(const struct page_table *pt, paddr_t table, unsigned level,
			   uint64_t base, uint64_t start, uint64_t end,
			   pt_leaf_fn fn, void *ctx)
{
	const uint64_t *t = table_at(table);
	uint64_t span = 1ull << shift_of(level);

	for (unsigned i = start > base ? index_of(start, level) : 0;
	     i < PT_ENTRIES && base + i * span < end; i++) {
		uint64_t va = base + i * span;
		struct pt_leaf leaf;

		if (!is_present(pt->fmt, t[i]))
			continue;
		if (!is_leaf(level, t[i])) {
			if (!for_each_under(pt, t[i] & PT_ADDR_MASK, level - 1, va, start, end,
					    fn, ctx))
				return false;
			continue;
		}
		leaf_of(t[i], level, va, &leaf);
		if (!fn(ctx, va, &leaf))
			return false;
	}
	return true;
}

bool pt_for_each(const struct page_table *pt, uint64_t start, uint64_t end,
		 pt_leaf_fn fn, void *ctx)
{
	if (start >= MIN(end, PT_VA_LIMIT))
		return true;
	return for_each_under(pt, pt->root, PT_LEVELS - 1, 0, start, end, fn, ctx);
}

void pt_destroy(struct page_table *pt)
{
	if (pt->root)
		free_tables(pt->fmt, pt->root, PT_LEVELS - 1);
	pt->root = 0;
}

bool pt_copy(const struct page_table *pt, uint64_t va, void *buf, size_t len, bool to_mapping)
{
	uint8_t *p = buf;

	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		struct pt_leaf leaf;

		if (!pt_lookup(pt, va, &leaf))
			return false;
		if (to_mapping)
			memcpy(phys_to_virt(leaf.pa), p, chunk);
		else
			memcpy(p, phys_to_virt(leaf.pa), chunk);
		va += chunk;
		p += chunk;
		len -= chunk;
	}
	return true;
}
