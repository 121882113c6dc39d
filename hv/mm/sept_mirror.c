/* The Secure-EPT mirror: three page tables built with the one walker.
 *
 * priv maps private GPA -> HPA with 4K and 2M leaves in a software format
 * that no CPU ever walks: a "valid" bit for presence and the page's state
 * in bits the address does not use.
 *
 * tables maps one 4K key per S-EPT page to that page's HPA. An S-EPT
 * page's GPA is a multiple of its span (2 MiB at level 1 and more above),
 * so GPA >> 9 is page-aligned and below 2^39 for GPAs below 2^48; the
 * level goes in bits 40:39 above it. Keys never collide, and key order is
 * level-major: walking the keys visits leaf tables (level 1) first, the
 * order in which the module lets tables go. */
#include "sept_mirror.h"
#include "ept.h"
#include "../log.h"

#define MIRROR_VALID        BIT(0)
#define MIRROR_STATE_SHIFT  52
#define MIRROR_STATE_MASK   (3ull << MIRROR_STATE_SHIFT)

#define TABLE_KEY_LEVEL_SHIFT 39

static const struct pt_format pt_format_sept_mirror = {
	.name = "sept-mirror",
	.present_mask = MIRROR_VALID,
	.table_flags = MIRROR_VALID,
};

int sept_mirror_init(struct sept_mirror *m)
{
	*m = (struct sept_mirror){ 0 };
	if (pt_init(&m->priv, &pt_format_sept_mirror) ||
	    pt_init(&m->tables, &pt_format_sept_mirror) ||
	    pt_init(&m->shared, &pt_format_ept)) {
		sept_mirror_destroy(m);
		return PT_NO_MEMORY;
	}
	return PT_OK;
}

void sept_mirror_destroy(struct sept_mirror *m)
{
	pt_destroy(&m->priv);
	pt_destroy(&m->tables);
	pt_destroy(&m->shared);
	m->nr_tables = m->nr_private = 0;
}

static uint64_t table_span(unsigned level)
{
	return 1ull << (PAGE_SHIFT + 9 * level);
}

static bool table_key(uint64_t gpa, unsigned level, uint64_t *key)
{
	if (level < 1 || level > 3 || gpa >= PT_VA_LIMIT)
		return false;
	*key = ((uint64_t)(level - 1) << TABLE_KEY_LEVEL_SHIFT) |
	       ALIGN_DOWN(gpa, table_span(level)) >> 9;
	return true;
}

int sept_mirror_add_table(struct sept_mirror *m, uint64_t gpa, unsigned level, paddr_t hpa)
{
	uint64_t key;
	int err;

	if (!table_key(gpa, level, &key) || !hpa || !IS_ALIGNED(hpa, PAGE_SIZE) ||
	    sept_mirror_has_table(m, gpa, level))
		return PT_BAD_ARGUMENT;
	err = pt_map(&m->tables, key, hpa, PAGE_SIZE, MIRROR_VALID, PAGE_SIZE_4K);
	if (!err)
		m->nr_tables++;
	return err;
}

paddr_t sept_mirror_table(const struct sept_mirror *m, uint64_t gpa, unsigned level)
{
	struct pt_leaf leaf;
	uint64_t key;

	if (!table_key(gpa, level, &key) || !pt_lookup(&m->tables, key, &leaf))
		return 0;
	return leaf.pa;
}

bool sept_mirror_has_table(const struct sept_mirror *m, uint64_t gpa, unsigned level)
{
	return sept_mirror_table(m, gpa, level) != 0;
}

void sept_mirror_remove_table(struct sept_mirror *m, uint64_t gpa, unsigned level)
{
	struct pt_leaf leaf;
	uint64_t key;

	if (!table_key(gpa, level, &key) || !pt_lookup(&m->tables, key, &leaf))
		return;
	/* Clearing one 4K leaf splits nothing, so it cannot fail. */
	pt_unmap(&m->tables, key, PAGE_SIZE);
	m->nr_tables--;
}

struct table_visit {
	bool (*fn)(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa);
	void *ctx;
};

static bool visit_table(void *ctx, uint64_t key, const struct pt_leaf *leaf)
{
	const struct table_visit *v = ctx;
	uint64_t gpa = (key & (BIT(TABLE_KEY_LEVEL_SHIFT) - 1)) << 9;

	return v->fn(v->ctx, gpa, (unsigned)(key >> TABLE_KEY_LEVEL_SHIFT) + 1, leaf->pa);
}

bool sept_mirror_for_each_table(const struct sept_mirror *m,
				bool (*fn)(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa),
				void *ctx)
{
	struct table_visit v = { fn, ctx };

	return pt_for_each(&m->tables, 0, PT_VA_LIMIT, visit_table, &v);
}

static uint64_t state_flags(enum sept_mirror_state state)
{
	return MIRROR_VALID | (uint64_t)state << MIRROR_STATE_SHIFT;
}

static bool stop_at_first(void *ctx, uint64_t va, const struct pt_leaf *leaf)
{
	(void)ctx, (void)va, (void)leaf;
	return false;
}

static bool range_is_empty(const struct sept_mirror *m, uint64_t gpa, uint64_t size)
{
	return pt_for_each(&m->priv, gpa, gpa + size, stop_at_first, NULL);
}

int sept_mirror_map(struct sept_mirror *m, uint64_t gpa, paddr_t hpa, uint64_t size,
		    enum sept_mirror_state state)
{
	int err;

	if ((size != PAGE_SIZE_4K && size != PAGE_SIZE_2M) || !IS_ALIGNED(gpa | hpa, size) ||
	    gpa >= PT_VA_LIMIT || !range_is_empty(m, gpa, size))
		return PT_BAD_ARGUMENT;
	/* Aligned and empty: exactly one leaf of this size, no split. */
	err = pt_map(&m->priv, gpa, hpa, size, state_flags(state), size);
	if (!err)
		m->nr_private += size / PAGE_SIZE;
	return err;
}

static void leaf_from(uint64_t gpa, const struct pt_leaf *pt, struct sept_mirror_leaf *out)
{
	out->gpa = ALIGN_DOWN(gpa, pt->page_size);
	out->hpa = ALIGN_DOWN(pt->pa, pt->page_size);
	out->size = pt->page_size;
	out->state = (pt->flags & MIRROR_STATE_MASK) >> MIRROR_STATE_SHIFT;
}

bool sept_mirror_lookup(const struct sept_mirror *m, uint64_t gpa, struct sept_mirror_leaf *out)
{
	struct pt_leaf leaf;

	if (gpa >= PT_VA_LIMIT || !pt_lookup(&m->priv, gpa, &leaf))
		return false;
	leaf_from(gpa, &leaf, out);
	return true;
}

void sept_mirror_set_state(struct sept_mirror *m, uint64_t gpa, enum sept_mirror_state state)
{
	struct sept_mirror_leaf leaf;

	/* The module changed a page the mirror does not hold: out of sync. */
	if (!sept_mirror_lookup(m, gpa, &leaf))
		panic("sept mirror: state change of unmapped GPA 0x%llx",
		      (unsigned long long)gpa);
	/* Rewriting an existing leaf in place allocates nothing. */
	pt_map(&m->priv, leaf.gpa, leaf.hpa, leaf.size, state_flags(state), leaf.size);
}

struct unmap_count {
	uint64_t start, end, pages;
};

static bool count_whole_leaf(void *ctx, uint64_t va, const struct pt_leaf *leaf)
{
	struct unmap_count *c = ctx;

	/* Cutting a leaf would need a split the module never did (DEMOTE). */
	if (va < c->start || va + leaf->page_size > c->end)
		panic("sept mirror: unmap of [0x%llx, 0x%llx) cuts the leaf at 0x%llx",
		      (unsigned long long)c->start, (unsigned long long)c->end,
		      (unsigned long long)va);
	c->pages += leaf->page_size / PAGE_SIZE;
	return true;
}

void sept_mirror_unmap(struct sept_mirror *m, uint64_t gpa, uint64_t size)
{
	struct unmap_count c = { gpa, gpa + size, 0 };

	BUG_ON(!IS_ALIGNED(gpa | size, PAGE_SIZE) || gpa >= PT_VA_LIMIT ||
	       size > PT_VA_LIMIT - gpa);
	pt_for_each(&m->priv, gpa, gpa + size, count_whole_leaf, &c);
	/* Only whole leaves go: nothing is split, nothing allocated. */
	pt_unmap(&m->priv, gpa, size);
	m->nr_private -= c.pages;
}

struct leaf_visit {
	bool (*fn)(void *ctx, const struct sept_mirror_leaf *leaf);
	void *ctx;
};

static bool visit_leaf(void *ctx, uint64_t va, const struct pt_leaf *pt)
{
	const struct leaf_visit *v = ctx;
	struct sept_mirror_leaf leaf;

	leaf_from(va, pt, &leaf);
	return v->fn(v->ctx, &leaf);
}

bool sept_mirror_for_each(const struct sept_mirror *m, uint64_t start, uint64_t end,
			  bool (*fn)(void *ctx, const struct sept_mirror_leaf *leaf), void *ctx)
{
	struct leaf_visit v = { fn, ctx };

	return pt_for_each(&m->priv, start, end, visit_leaf, &v);
}
