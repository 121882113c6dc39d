/* The Secure-EPT mirror: private leaves with their state, S-EPT pages by
 * (GPA, level), counters, ordering, and what happens without memory. The
 * mirror never touches the TD's pages, so their HPAs here are made up. */
#include "shim.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../hv/mm/range_set.c"
#include "../../hv/mm/page_alloc.c"
#include "../../hv/mm/pagetable.c"
#include "../../hv/mm/ept.c"
#include "../../hv/mm/sept_mirror.c"
#include "test.h"

/* 4 MiB of fake physical memory at 16 MiB for the mirror's own tables. */
#define FAKE_BASE (16 * MiB)
#define FAKE_SIZE (4 * MiB)
#define FAKE_PAGES (FAKE_SIZE / PAGE_SIZE)

static struct sept_mirror fresh_mirror(void)
{
	static uint8_t *ram;
	static struct range_set free;
	struct sept_mirror m;

	if (!ram)
		ram = aligned_alloc(PAGE_SIZE, FAKE_SIZE);
	hv_direct_map_offset = (uintptr_t)ram - FAKE_BASE;
	memset(&free, 0, sizeof(free));
	range_set_add(&free, FAKE_BASE, FAKE_BASE + FAKE_SIZE);
	free_pages = managed_pages = 0;
	CHECK(page_alloc_init(&free, ~0ull));
	CHECK_EQ(sept_mirror_init(&m), PT_OK);
	return m;
}

/* True when fn(arg) panics (the shim's panic aborts). */
static bool panics(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

TEST(mirror_maps_4k_and_2m_pages_with_their_state)
{
	struct sept_mirror m = fresh_mirror();
	struct sept_mirror_leaf leaf;
	struct pt_leaf raw;

	CHECK_EQ(sept_mirror_map(&m, 0x1000, 0x100005000ull, PAGE_SIZE_4K, SEPT_MIRROR_MAPPED),
		 PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x400000, 0x100200000ull, PAGE_SIZE_2M, SEPT_MIRROR_PENDING),
		 PT_OK);
	CHECK_EQ(m.nr_private, 1 + 512);

	CHECK(sept_mirror_lookup(&m, 0x1abc, &leaf));
	CHECK_EQ(leaf.gpa, 0x1000);
	CHECK_EQ(leaf.hpa, 0x100005000ull);
	CHECK_EQ(leaf.size, PAGE_SIZE_4K);
	CHECK_EQ(leaf.state, SEPT_MIRROR_MAPPED);
	CHECK(sept_mirror_lookup(&m, 0x5ff123, &leaf));
	CHECK_EQ(leaf.gpa, 0x400000);
	CHECK_EQ(leaf.hpa, 0x100200000ull);
	CHECK_EQ(leaf.size, PAGE_SIZE_2M);
	CHECK_EQ(leaf.state, SEPT_MIRROR_PENDING);
	/* One 2M leaf in the walker's table, not 512 small ones. */
	CHECK(pt_lookup(&m.priv, 0x5ff000, &raw));
	CHECK_EQ(raw.page_size, PAGE_SIZE_2M);
	CHECK(!sept_mirror_lookup(&m, 0x2000, &leaf));
	CHECK(!sept_mirror_lookup(&m, 0x600000, &leaf));

	/* ACCEPT of the 2M page, then BLOCK of the 4K one. */
	sept_mirror_set_state(&m, 0x4ab000, SEPT_MIRROR_MAPPED);
	sept_mirror_set_state(&m, 0x1000, SEPT_MIRROR_BLOCKED);
	CHECK(sept_mirror_lookup(&m, 0x400000, &leaf));
	CHECK_EQ(leaf.state, SEPT_MIRROR_MAPPED);
	CHECK_EQ(leaf.hpa, 0x100200000ull);
	CHECK_EQ(leaf.size, PAGE_SIZE_2M);
	CHECK(sept_mirror_lookup(&m, 0x1000, &leaf));
	CHECK_EQ(leaf.state, SEPT_MIRROR_BLOCKED);
	CHECK_EQ(leaf.hpa, 0x100005000ull);
	CHECK_EQ(m.nr_private, 1 + 512);
	sept_mirror_destroy(&m);
}

TEST(mirror_refuses_misaligned_overlapping_and_out_of_range_maps)
{
	struct sept_mirror m = fresh_mirror();
	struct sept_mirror_leaf leaf;

	CHECK_EQ(sept_mirror_map(&m, 0x200000, 0x100200000ull, PAGE_SIZE_2M, SEPT_MIRROR_MAPPED),
		 PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x600000, 0x100000000ull, PAGE_SIZE_4K, SEPT_MIRROR_MAPPED),
		 PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x801000, 0x100200000ull, PAGE_SIZE_2M, SEPT_MIRROR_MAPPED),
		 PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_map(&m, 0x800000, 0x100201000ull, PAGE_SIZE_2M, SEPT_MIRROR_MAPPED),
		 PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_map(&m, 0x800000, 0x100200000ull, 2 * PAGE_SIZE, SEPT_MIRROR_MAPPED),
		 PT_BAD_ARGUMENT);
	/* Over a page already there: inside the 2M one, or a 2M over a 4K. */
	CHECK_EQ(sept_mirror_map(&m, 0x3ff000, 0x100000000ull, PAGE_SIZE_4K, SEPT_MIRROR_PENDING),
		 PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_map(&m, 0x600000, 0x100400000ull, PAGE_SIZE_2M, SEPT_MIRROR_PENDING),
		 PT_BAD_ARGUMENT);
	/* Beyond what a 4-level S-EPT maps (the walker would alias it). */
	CHECK_EQ(sept_mirror_map(&m, PT_VA_LIMIT, 0x100000000ull, PAGE_SIZE_4K, SEPT_MIRROR_MAPPED),
		 PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_map(&m, ~0ull - PAGE_SIZE_2M + 1, 0, PAGE_SIZE_2M, SEPT_MIRROR_MAPPED),
		 PT_BAD_ARGUMENT);
	CHECK(!sept_mirror_lookup(&m, PT_VA_LIMIT + 0x200000, &leaf));

	CHECK_EQ(m.nr_private, 512 + 1);
	CHECK(sept_mirror_lookup(&m, 0x3ff000, &leaf));
	CHECK_EQ(leaf.state, SEPT_MIRROR_MAPPED);
	CHECK_EQ(leaf.size, PAGE_SIZE_2M);
	CHECK(sept_mirror_lookup(&m, 0x600000, &leaf));
	CHECK_EQ(leaf.size, PAGE_SIZE_4K);
	CHECK(!sept_mirror_lookup(&m, 0x800000, &leaf));
	sept_mirror_destroy(&m);
}

TEST(mirror_unmap_forgets_whole_pages_and_keeps_the_count)
{
	struct sept_mirror m = fresh_mirror();
	struct sept_mirror_leaf leaf;

	CHECK_EQ(sept_mirror_map(&m, 0x200000, 0x100200000ull, PAGE_SIZE_2M, SEPT_MIRROR_MAPPED),
		 PT_OK);
	for (uint64_t gpa = 0x400000; gpa < 0x400000 + 8 * PAGE_SIZE; gpa += PAGE_SIZE)
		CHECK_EQ(sept_mirror_map(&m, gpa, 0x100000000ull + gpa, PAGE_SIZE_4K,
					 SEPT_MIRROR_PENDING), PT_OK);
	CHECK_EQ(m.nr_private, 512 + 8);

	sept_mirror_unmap(&m, 0x403000, PAGE_SIZE_4K);
	CHECK(!sept_mirror_lookup(&m, 0x403000, &leaf));
	CHECK(sept_mirror_lookup(&m, 0x404000, &leaf));
	CHECK_EQ(m.nr_private, 512 + 7);
	sept_mirror_unmap(&m, 0x403000, PAGE_SIZE_4K);         /* already gone */
	CHECK_EQ(m.nr_private, 512 + 7);

	sept_mirror_unmap(&m, 0x200000, PAGE_SIZE_2M);
	CHECK(!sept_mirror_lookup(&m, 0x2ff000, &leaf));
	CHECK_EQ(m.nr_private, 7);
	/* A 2M range of 4K pages: all of them. */
	sept_mirror_unmap(&m, 0x400000, PAGE_SIZE_2M);
	CHECK(!sept_mirror_lookup(&m, 0x407000, &leaf));
	CHECK_EQ(m.nr_private, 0);
	/* The range is free again, for one 2M page. */
	CHECK_EQ(sept_mirror_map(&m, 0x400000, 0x100400000ull, PAGE_SIZE_2M, SEPT_MIRROR_PENDING),
		 PT_OK);
	CHECK_EQ(m.nr_private, 512);
	sept_mirror_destroy(&m);
}

static struct sept_mirror doomed;

static void unmap_half_of_a_2m_page(void *arg)
{
	(void)arg;
	sept_mirror_unmap(&doomed, 0x200000, PAGE_SIZE_2M / 2);
}

static void set_state_of_a_hole(void *arg)
{
	(void)arg;
	sept_mirror_set_state(&doomed, 0x400000, SEPT_MIRROR_BLOCKED);
}

/* The module never cuts a 2M page on REMOVE nor changes a page it does not
 * have: either means the mirror is out of sync, a hypervisor bug. */
TEST(mirror_out_of_sync_changes_panic)
{
	struct sept_mirror_leaf leaf;

	doomed = fresh_mirror();
	CHECK_EQ(sept_mirror_map(&doomed, 0x200000, 0x100200000ull, PAGE_SIZE_2M,
				 SEPT_MIRROR_MAPPED), PT_OK);
	CHECK(panics(unmap_half_of_a_2m_page, NULL));
	CHECK(panics(set_state_of_a_hole, NULL));
	CHECK(sept_mirror_lookup(&doomed, 0x300000, &leaf));    /* the parent's is intact */
	sept_mirror_destroy(&doomed);
}

struct collected {
	unsigned n, stop_after;
	struct sept_mirror_leaf leaf[8];
};

static bool collect(void *ctx, const struct sept_mirror_leaf *leaf)
{
	struct collected *c = ctx;

	if (c->n < ARRAY_SIZE(c->leaf))
		c->leaf[c->n] = *leaf;
	return ++c->n != c->stop_after;
}

TEST(mirror_for_each_goes_in_gpa_order_and_stops_early)
{
	struct sept_mirror m = fresh_mirror();
	struct collected c = { 0 };

	CHECK_EQ(sept_mirror_map(&m, 0x40000000, 0x100000000ull, PAGE_SIZE_4K, SEPT_MIRROR_MAPPED),
		 PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x200000, 0x100200000ull, PAGE_SIZE_2M, SEPT_MIRROR_PENDING),
		 PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x7ffffffff000ull, 0x100001000ull, PAGE_SIZE_4K,
				 SEPT_MIRROR_BLOCKED), PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x5000, 0x100002000ull, PAGE_SIZE_4K, SEPT_MIRROR_MAPPED),
		 PT_OK);

	CHECK(sept_mirror_for_each(&m, 0, PT_VA_LIMIT, collect, &c));
	CHECK_EQ(c.n, 4);
	CHECK_EQ(c.leaf[0].gpa, 0x5000);
	CHECK_EQ(c.leaf[1].gpa, 0x200000);
	CHECK_EQ(c.leaf[1].hpa, 0x100200000ull);
	CHECK_EQ(c.leaf[1].size, PAGE_SIZE_2M);
	CHECK_EQ(c.leaf[1].state, SEPT_MIRROR_PENDING);
	CHECK_EQ(c.leaf[2].gpa, 0x40000000);
	CHECK_EQ(c.leaf[3].gpa, 0x7ffffffff000ull);
	CHECK_EQ(c.leaf[3].state, SEPT_MIRROR_BLOCKED);

	/* A range starting inside the 2M page gives the whole page. */
	c = (struct collected){ 0 };
	CHECK(sept_mirror_for_each(&m, 0x3ff000, 0x40000001, collect, &c));
	CHECK_EQ(c.n, 2);
	CHECK_EQ(c.leaf[0].gpa, 0x200000);
	CHECK_EQ(c.leaf[1].gpa, 0x40000000);

	c = (struct collected){ .stop_after = 3 };
	CHECK(!sept_mirror_for_each(&m, 0, PT_VA_LIMIT, collect, &c));
	CHECK_EQ(c.n, 3);
	sept_mirror_destroy(&m);
}

struct table_seen {
	unsigned n, stop_after;
	uint64_t gpa[8];
	unsigned level[8];
	paddr_t hpa[8];
};

static bool collect_table(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa)
{
	struct table_seen *t = ctx;

	if (t->n < ARRAY_SIZE(t->gpa)) {
		t->gpa[t->n] = gpa;
		t->level[t->n] = level;
		t->hpa[t->n] = hpa;
	}
	return ++t->n != t->stop_after;
}

TEST(mirror_records_sept_pages_by_gpa_and_level)
{
	struct sept_mirror m = fresh_mirror();

	/* Any GPA inside a level's span names the page. */
	CHECK_EQ(sept_mirror_add_table(&m, 0x1234567, 1, 0x100011000ull), PT_OK);
	CHECK(sept_mirror_has_table(&m, 0x1200000, 1));
	CHECK(sept_mirror_has_table(&m, 0x13fffff, 1));
	CHECK_EQ(sept_mirror_table(&m, 0x1300000, 1), 0x100011000ull);
	CHECK(!sept_mirror_has_table(&m, 0x1400000, 1));
	CHECK(!sept_mirror_has_table(&m, 0x1200000, 2));
	CHECK_EQ(sept_mirror_table(&m, 0x1200000, 3), 0);

	CHECK_EQ(sept_mirror_add_table(&m, 0x3fffffff, 2, 0x100012000ull), PT_OK);
	CHECK_EQ(sept_mirror_table(&m, 0, 2), 0x100012000ull);
	CHECK_EQ(sept_mirror_table(&m, 0x1200000, 1), 0x100011000ull);
	CHECK_EQ(m.nr_tables, 2);

	CHECK_EQ(sept_mirror_add_table(&m, 0x1200000, 1, 0x100013000ull), PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 0, 0x100013000ull), PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 4, 0x100013000ull), PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_add_table(&m, 0x800000, 1, 0), PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_add_table(&m, PT_VA_LIMIT, 3, 0x100013000ull), PT_BAD_ARGUMENT);
	CHECK_EQ(sept_mirror_table(&m, 0x1200000, 1), 0x100011000ull);
	CHECK_EQ(m.nr_tables, 2);

	sept_mirror_remove_table(&m, 0x1200000, 1);
	CHECK(!sept_mirror_has_table(&m, 0x1200000, 1));
	CHECK(sept_mirror_has_table(&m, 0x1200000, 2));
	CHECK_EQ(m.nr_tables, 1);
	sept_mirror_remove_table(&m, 0x1200000, 1);              /* already gone */
	sept_mirror_remove_table(&m, 0x40000000, 2);             /* never there */
	CHECK_EQ(m.nr_tables, 1);
	sept_mirror_destroy(&m);
}

/* Leaf tables before the tables that point to them, whatever the order of
 * SEPT.ADDs; each with its aligned GPA. */
TEST(mirror_for_each_table_goes_level_by_level)
{
	struct sept_mirror m = fresh_mirror();
	struct table_seen t = { 0 };

	CHECK_EQ(sept_mirror_add_table(&m, 0x7fffffe00000ull, 3, 0x100001000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0x7fffffe00000ull, 2, 0x100002000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0x7fffffe12345ull, 1, 0x100003000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 3, 0x100004000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 2, 0x100005000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0x200000, 1, 0x100006000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 1, 0x100007000ull), PT_OK);
	CHECK_EQ(m.nr_tables, 7);

	CHECK(sept_mirror_for_each_table(&m, collect_table, &t));
	CHECK_EQ(t.n, 7);
	CHECK_EQ(t.level[0], 1);
	CHECK_EQ(t.gpa[0], 0);
	CHECK_EQ(t.hpa[0], 0x100007000ull);
	CHECK_EQ(t.level[1], 1);
	CHECK_EQ(t.gpa[1], 0x200000);
	CHECK_EQ(t.level[2], 1);
	CHECK_EQ(t.gpa[2], 0x7fffffe00000ull);
	CHECK_EQ(t.hpa[2], 0x100003000ull);
	CHECK_EQ(t.level[3], 2);
	CHECK_EQ(t.gpa[3], 0);
	CHECK_EQ(t.level[4], 2);
	CHECK_EQ(t.gpa[4], 0x7fffc0000000ull);
	CHECK_EQ(t.hpa[4], 0x100002000ull);
	CHECK_EQ(t.level[5], 3);
	CHECK_EQ(t.gpa[5], 0);
	CHECK_EQ(t.level[6], 3);
	CHECK_EQ(t.gpa[6], 0x7f8000000000ull);
	CHECK_EQ(t.hpa[6], 0x100001000ull);

	t = (struct table_seen){ .stop_after = 4 };
	CHECK(!sept_mirror_for_each_table(&m, collect_table, &t));
	CHECK_EQ(t.n, 4);
	sept_mirror_destroy(&m);
}

static bool remove_visited_leaf(void *ctx, const struct sept_mirror_leaf *leaf)
{
	sept_mirror_unmap(ctx, leaf->gpa, leaf->size);
	return true;
}

static bool remove_visited_table(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa)
{
	(void)hpa;
	sept_mirror_remove_table(ctx, gpa, level);
	return true;
}

/* Teardown's shape: forget each page and table while walking them; then
 * destroy gives back every page the mirror took. */
TEST(mirror_teardown_walk_and_destroy_return_every_page)
{
	struct sept_mirror m = fresh_mirror();
	uint64_t free_before_init = page_alloc_free_pages() + 3;  /* three roots */
	struct collected left = { 0 };
	struct pt_leaf raw;

	for (uint64_t gpa = 0; gpa < 16 * PAGE_SIZE_2M; gpa += PAGE_SIZE_2M) {
		CHECK_EQ(sept_mirror_add_table(&m, gpa, 1, 0x100000000ull + gpa / 512), PT_OK);
		CHECK_EQ(sept_mirror_map(&m, gpa, 0x100000000ull + gpa, PAGE_SIZE_4K,
					 SEPT_MIRROR_MAPPED), PT_OK);
	}
	CHECK_EQ(sept_mirror_add_table(&m, 0, 2, 0x200000000ull), PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 3, 0x200001000ull), PT_OK);
	CHECK_EQ(sept_mirror_map(&m, 0x40000000, 0x140000000ull, PAGE_SIZE_2M,
				 SEPT_MIRROR_PENDING), PT_OK);
	CHECK_EQ(pt_map(&m.shared, BIT(47), 0x180000000ull, PAGE_SIZE_4K,
			ept_leaf_flags(EPT_RWX, EPT_MT_WB), PAGE_SIZE_4K), PT_OK);
	CHECK_EQ(m.nr_tables, 18);
	CHECK_EQ(m.nr_private, 16 + 512);
	CHECK(page_alloc_free_pages() < free_before_init - 3);

	CHECK(sept_mirror_for_each(&m, 0, PT_VA_LIMIT, remove_visited_leaf, &m));
	CHECK(sept_mirror_for_each_table(&m, remove_visited_table, &m));
	CHECK_EQ(m.nr_private, 0);
	CHECK_EQ(m.nr_tables, 0);
	CHECK(sept_mirror_for_each(&m, 0, PT_VA_LIMIT, collect, &left));
	CHECK_EQ(left.n, 0);
	CHECK(pt_lookup(&m.shared, BIT(47), &raw));              /* not the mirror's to drop */

	sept_mirror_destroy(&m);
	CHECK_EQ(page_alloc_free_pages(), free_before_init);
	CHECK_EQ(m.nr_private + m.nr_tables, 0);
}

/* Takes every free page; gives them back with give_back(). */
static paddr_t hoard[FAKE_PAGES];
static unsigned hoarded;

static void exhaust_memory(void)
{
	paddr_t pa;

	hoarded = 0;
	while ((pa = page_alloc()) != 0)
		hoard[hoarded++] = pa;
}

static void give_back(void)
{
	while (hoarded)
		page_free(hoard[--hoarded]);
}

TEST(mirror_without_memory_fails_and_changes_nothing)
{
	struct sept_mirror m = fresh_mirror(), other;
	struct sept_mirror_leaf leaf;
	uint64_t free_before_init = page_alloc_free_pages() + 3;

	CHECK_EQ(sept_mirror_map(&m, 0x1000, 0x100001000ull, PAGE_SIZE_4K, SEPT_MIRROR_MAPPED),
		 PT_OK);
	CHECK_EQ(sept_mirror_add_table(&m, 0, 1, 0x100002000ull), PT_OK);
	exhaust_memory();

	/* Far from what is mapped: new tables would be needed. */
	CHECK_EQ(sept_mirror_map(&m, 0x40000000000ull, 0x100200000ull, PAGE_SIZE_2M,
				 SEPT_MIRROR_PENDING), PT_NO_MEMORY);
	CHECK(!sept_mirror_lookup(&m, 0x40000000000ull, &leaf));
	CHECK_EQ(m.nr_private, 1);
	CHECK_EQ(sept_mirror_add_table(&m, 0x40000000000ull, 1, 0x100003000ull), PT_NO_MEMORY);
	CHECK(!sept_mirror_has_table(&m, 0x40000000000ull, 1));
	CHECK_EQ(m.nr_tables, 1);
	/* One page: init takes it for its first root, then gives it back. */
	page_free(hoard[--hoarded]);
	CHECK_EQ(sept_mirror_init(&other), PT_NO_MEMORY);
	CHECK_EQ(page_alloc_free_pages(), 1);
	sept_mirror_destroy(&other);
	CHECK_EQ(page_alloc_free_pages(), 1);
	/* What was there still is, and can still change without memory. */
	CHECK(sept_mirror_lookup(&m, 0x1000, &leaf));
	CHECK_EQ(leaf.hpa, 0x100001000ull);
	sept_mirror_set_state(&m, 0x1000, SEPT_MIRROR_BLOCKED);
	sept_mirror_unmap(&m, 0x1000, PAGE_SIZE_4K);
	CHECK_EQ(m.nr_private, 0);

	give_back();
	CHECK_EQ(sept_mirror_map(&m, 0x40000000000ull, 0x100200000ull, PAGE_SIZE_2M,
				 SEPT_MIRROR_PENDING), PT_OK);
	CHECK_EQ(m.nr_private, 512);
	sept_mirror_destroy(&m);
	CHECK_EQ(page_alloc_free_pages(), free_before_init);
}
