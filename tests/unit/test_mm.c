/* Memory layer: range sets, the page allocator and the page-table walker,
 * on a buffer that stands in for physical memory. */
#include "shim.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../hv/mm/range_set.c"
#include "../../hv/mm/page_alloc.c"
#include "../../hv/mm/pagetable.c"
#include "../../hv/mm/ept.c"
#include "test.h"

/* 16 MiB of fake "physical memory" at fake physical address 16 MiB. */
#define FAKE_BASE (16 * MiB)
#define FAKE_SIZE (16 * MiB)
static uint8_t *fake_ram;

static void fake_memory(struct range_set *free)
{
	if (!fake_ram)
		fake_ram = aligned_alloc(PAGE_SIZE, FAKE_SIZE);
	memset(fake_ram, 0xa5, FAKE_SIZE);
	hv_direct_map_offset = (uintptr_t)fake_ram - FAKE_BASE;
	memset(free, 0, sizeof(*free));
	range_set_add(free, FAKE_BASE, FAKE_BASE + FAKE_SIZE);
	free_pages = managed_pages = 0;
}

TEST(range_set_merges_and_splits)
{
	struct range_set s = { 0 };

	range_set_add(&s, 0x1000, 0x3000);
	range_set_add(&s, 0x5000, 0x6000);
	range_set_add(&s, 0x3000, 0x5000);      /* touches both: one range */
	CHECK_EQ(s.n, 1);
	CHECK_EQ(s.r[0].start, 0x1000);
	CHECK_EQ(s.r[0].end, 0x6000);
	range_set_remove(&s, 0x2000, 0x3000);   /* hole in the middle */
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.r[0].end, 0x2000);
	CHECK_EQ(s.r[1].start, 0x3000);
	range_set_remove(&s, 0x0, 0x1800);      /* clips the front */
	CHECK_EQ(s.r[0].start, 0x1800);
	range_set_remove(&s, 0x1000, 0x10000);  /* everything */
	CHECK_EQ(s.n, 0);
	CHECK_EQ(range_set_total(&s), 0);
}

TEST(range_set_find_respects_alignment_and_bounds)
{
	struct range_set s = { 0 };

	range_set_add(&s, 0x1000, 0x9000);
	range_set_add(&s, 0x200000, 0x400000);
	CHECK_EQ(range_set_find(&s, 0x2000, 0x1000, 0, ~0ull), 0x1000);
	CHECK_EQ(range_set_find(&s, 0x2000, 0x4000, 0, ~0ull), 0x4000);
	CHECK_EQ(range_set_find(&s, 0x100000, 0x1000, 0, ~0ull), 0x200000);
	CHECK_EQ(range_set_find(&s, 0x100000, 0x1000, 0, 0x250000), 0);
	CHECK_EQ(range_set_find(&s, 0x400000, 0x1000, 0, ~0ull), 0);
}

TEST(range_set_overflow_is_flagged)
{
	static struct range_set s;

	memset(&s, 0, sizeof(s));
	for (unsigned i = 0; i < RANGE_SET_MAX + 4; i++)
		range_set_add(&s, i * 0x2000ull, i * 0x2000ull + 0x1000);
	CHECK_EQ(s.n, RANGE_SET_MAX);
	CHECK(s.overflow);
}

TEST(allocator_hands_out_each_page_once_then_reports_exhaustion)
{
	static struct range_set free;
	static uint8_t seen[FAKE_SIZE / PAGE_SIZE];
	uint64_t pages = 0;
	paddr_t pa;

	fake_memory(&free);
	CHECK(page_alloc_init(&free, ~0ull));
	memset(seen, 0, sizeof(seen));
	uint64_t managed = page_alloc_managed_pages();
	CHECK(managed > 0 && managed < FAKE_SIZE / PAGE_SIZE);  /* bitmap took some */
	while ((pa = page_alloc()) != 0) {
		uint64_t i = (pa - FAKE_BASE) / PAGE_SIZE;
		CHECK(pa >= FAKE_BASE && pa < FAKE_BASE + FAKE_SIZE);
		CHECK(IS_ALIGNED(pa, PAGE_SIZE));
		CHECK(!seen[i]);
		seen[i] = 1;
		CHECK_EQ(*(uint64_t *)phys_to_virt(pa), 0);      /* zeroed */
		pages++;
	}
	CHECK_EQ(pages, managed);
	CHECK_EQ(page_alloc_free_pages(), 0);
	page_free(FAKE_BASE + FAKE_SIZE - PAGE_SIZE);
	CHECK_EQ(page_alloc(), FAKE_BASE + FAKE_SIZE - PAGE_SIZE);
}

TEST(allocator_never_hands_out_the_bitmap_or_reserved_ranges)
{
	static struct range_set free;
	paddr_t pa;

	fake_memory(&free);
	range_set_remove(&free, FAKE_BASE + MiB, FAKE_BASE + 2 * MiB);  /* "reserved" */
	CHECK(page_alloc_init(&free, ~0ull));
		while ((pa = page_alloc()) != 0) {
		CHECK(pa < FAKE_BASE + MiB || pa >= FAKE_BASE + 2 * MiB);
		CHECK(pa != bitmap_pa);
	}
}

TEST(allocator_contiguous_alignment_and_ceiling)
{
	static struct range_set free;

	fake_memory(&free);
	CHECK(page_alloc_init(&free, ~0ull));
	paddr_t a = page_alloc_contig(16, 64 * KiB);
	CHECK(a && IS_ALIGNED(a, 64 * KiB));
	page_alloc_set_ceiling(FAKE_BASE + 4 * MiB);
	paddr_t big = page_alloc_contig(1024, PAGE_SIZE);     /* 4 MiB: cannot fit */
	CHECK_EQ(big, 0);
	page_alloc_set_ceiling(~0ull);
	big = page_alloc_contig(1024, PAGE_SIZE);
	CHECK(big >= FAKE_BASE + 4 * MiB - 1024 * PAGE_SIZE);
	page_free_contig(big, 1024);
	page_free_contig(a, 16);
}

static struct page_table fresh_table(void)
{
	static struct range_set free;
	struct page_table pt;

	fake_memory(&free);
	page_alloc_init(&free, ~0ull);
	CHECK_EQ(pt_init(&pt, &pt_format_host), PT_OK);
	return pt;
}

TEST(pagetable_maps_4k_and_large_pages_by_alignment)
{
	struct page_table pt = fresh_table();
	struct pt_leaf leaf;

	CHECK_EQ(pt_map(&pt, 0xffff800000000000ull, 0, 4 * MiB + 8 * KiB,
			PTE_P | PTE_W, PAGE_SIZE_2M), PT_OK);
	CHECK(pt_lookup(&pt, 0xffff800000001234ull, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_2M);
	CHECK_EQ(leaf.pa, 0x1234);
	CHECK(pt_lookup(&pt, 0xffff800000401000ull, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_4K);
	CHECK_EQ(leaf.pa, 0x401000);
	CHECK_EQ(leaf.flags & (PTE_P | PTE_W), PTE_P | PTE_W);
	CHECK(!pt_lookup(&pt, 0xffff800000402000ull, &leaf));
	/* Misaligned physical address: only 4K pages are possible. */
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x1000, PAGE_SIZE_2M, PTE_P, PAGE_SIZE_1G), PT_OK);
	CHECK(pt_lookup(&pt, 0x40000000, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_4K);
	CHECK_EQ(pt_map(&pt, 0x1001, 0, PAGE_SIZE, PTE_P, PAGE_SIZE_4K), PT_BAD_ARGUMENT);
}

TEST(pagetable_split_keeps_the_rest_of_a_large_page)
{
	struct page_table pt = fresh_table();
	struct pt_leaf leaf;

	CHECK_EQ(pt_map(&pt, 0, 0, PAGE_SIZE_1G, PTE_P | PTE_W | PTE_NX, PAGE_SIZE_1G), PT_OK);
	CHECK(pt_lookup(&pt, 0x12345678, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_1G);
	/* Change one 4K page to read-only: 1G -> 2M -> 4K splits. */
	CHECK_EQ(pt_map(&pt, 0x200000, 0x200000, PAGE_SIZE, PTE_P, PAGE_SIZE_4K), PT_OK);
	CHECK(pt_lookup(&pt, 0x200000, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_4K);
	CHECK_EQ(leaf.flags & PTE_W, 0);
	CHECK(pt_lookup(&pt, 0x201000, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_4K);
	CHECK_EQ(leaf.flags & (PTE_W | PTE_NX | PT_LARGE), PTE_W | PTE_NX);
	CHECK_EQ(leaf.pa, 0x201000);
	CHECK(pt_lookup(&pt, 0x3ff00000, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_2M);
	CHECK_EQ(leaf.pa, 0x3ff00000);
}

TEST(pagetable_unmap_makes_guard_holes_and_destroy_frees_tables)
{
	struct page_table pt = fresh_table();
	struct pt_leaf leaf;
	uint64_t before = page_alloc_free_pages() + 1;  /* root already taken */

	CHECK_EQ(pt_map(&pt, 0x600000, 0x600000, 4 * MiB, PTE_P, PAGE_SIZE_2M), PT_OK);
	CHECK_EQ(pt_unmap(&pt, 0x601000, PAGE_SIZE), PT_OK);
	CHECK(!pt_lookup(&pt, 0x601000, &leaf));
	CHECK(pt_lookup(&pt, 0x600000, &leaf));
	CHECK(pt_lookup(&pt, 0x602000, &leaf));
	CHECK(pt_lookup(&pt, 0x800000, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_2M);
	CHECK_EQ(pt_unmap(&pt, 0x600000, 4 * MiB), PT_OK);
	CHECK(!pt_lookup(&pt, 0x800000, &leaf));
	pt_destroy(&pt);
	CHECK_EQ(page_alloc_free_pages(), before);
}

struct seen_leaves {
	unsigned n, stop_after;
	uint64_t va[8], pa[8], size[8], flags[8];
};

static bool record_leaf(void *ctx, uint64_t va, const struct pt_leaf *leaf)
{
	struct seen_leaves *s = ctx;

	if (s->n < ARRAY_SIZE(s->va)) {
		s->va[s->n] = va;
		s->pa[s->n] = leaf->pa;
		s->size[s->n] = leaf->page_size;
		s->flags[s->n] = leaf->flags;
	}
	return ++s->n != s->stop_after;
}

/* Leaves come in address order, whole (with their first address) even when
 * the range starts or ends inside them; fn returning false stops the walk. */
TEST(pagetable_for_each_visits_leaves_in_order)
{
	struct page_table pt = fresh_table();
	struct seen_leaves s = { 0 };

	CHECK_EQ(pt_map(&pt, 0x7f0000000000ull, 0x3000, PAGE_SIZE, PTE_P, PAGE_SIZE_4K), PT_OK);
	CHECK_EQ(pt_map(&pt, 0x200000, 0x40200000, PAGE_SIZE_2M, PTE_P | PTE_W, PAGE_SIZE_2M),
		 PT_OK);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x5000, PAGE_SIZE, PTE_P | PTE_NX, PAGE_SIZE_4K), PT_OK);
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x80000000, PAGE_SIZE_1G, PTE_P, PAGE_SIZE_1G), PT_OK);

	CHECK(pt_for_each(&pt, 0, PT_VA_LIMIT, record_leaf, &s));
	CHECK_EQ(s.n, 4);
	CHECK_EQ(s.va[0], 0x1000);
	CHECK_EQ(s.pa[0], 0x5000);
	CHECK_EQ(s.size[0], PAGE_SIZE_4K);
	CHECK_EQ(s.flags[0], PTE_P | PTE_NX);
	CHECK_EQ(s.va[1], 0x200000);
	CHECK_EQ(s.pa[1], 0x40200000);
	CHECK_EQ(s.size[1], PAGE_SIZE_2M);
	CHECK_EQ(s.flags[1], PTE_P | PTE_W | PT_LARGE);
	CHECK_EQ(s.va[2], 0x40000000);
	CHECK_EQ(s.size[2], PAGE_SIZE_1G);
	CHECK_EQ(s.va[3], 0x7f0000000000ull);
	CHECK_EQ(s.pa[3], 0x3000);

	/* From inside the 2M leaf to inside the 1G one: both, whole. */
	s = (struct seen_leaves){ 0 };
	CHECK(pt_for_each(&pt, 0x300000, 0x40001000, record_leaf, &s));
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.va[0], 0x200000);
	CHECK_EQ(s.pa[0], 0x40200000);
	CHECK_EQ(s.va[1], 0x40000000);

	/* Ends right before a leaf, or an empty range: nothing. */
	s = (struct seen_leaves){ 0 };
	CHECK(pt_for_each(&pt, 0x2000, 0x200000, record_leaf, &s));
	CHECK(pt_for_each(&pt, 0x1000, 0x1000, record_leaf, &s));
	CHECK(pt_for_each(&pt, PT_VA_LIMIT, ~0ull, record_leaf, &s));
	CHECK_EQ(s.n, 0);

	s = (struct seen_leaves){ .stop_after = 2 };
	CHECK(!pt_for_each(&pt, 0, PT_VA_LIMIT, record_leaf, &s));
	CHECK_EQ(s.n, 2);
	pt_destroy(&pt);
}

static bool unmap_leaf(void *ctx, uint64_t va, const struct pt_leaf *leaf)
{
	struct page_table *pt = ctx;

	return pt_unmap(pt, va, leaf->page_size) == PT_OK;
}

/* Tearing down leaf by leaf from inside the walk is allowed. */
TEST(pagetable_for_each_lets_fn_unmap_its_leaf)
{
	struct page_table pt = fresh_table();
	struct seen_leaves s = { 0 };

	CHECK_EQ(pt_map(&pt, 0, 0x40000000, 4 * MiB + 3 * PAGE_SIZE, PTE_P, PAGE_SIZE_2M), PT_OK);
	CHECK(pt_for_each(&pt, 0, PT_VA_LIMIT, record_leaf, &s));
	CHECK_EQ(s.n, 5);               /* two 2M leaves, three 4K ones */
	CHECK(pt_for_each(&pt, 0, PT_VA_LIMIT, unmap_leaf, &pt));
	s = (struct seen_leaves){ 0 };
	CHECK(pt_for_each(&pt, 0, PT_VA_LIMIT, record_leaf, &s));
	CHECK_EQ(s.n, 0);
	pt_destroy(&pt);
}

/* EPT through the same walker: presence is any of R/W/X, memory types and
 * permissions live in the leaves, a 2M split keeps both. */
TEST(ept_maps_with_permissions_and_memory_types)
{
	struct page_table ept;
	struct pt_leaf leaf;
	static struct range_set free;

	fake_memory(&free);
	page_alloc_init(&free, ~0ull);
	CHECK_EQ(pt_init(&ept, &pt_format_ept), PT_OK);
	CHECK_EQ(pt_map(&ept, 0, 0x40000000, 4 * MiB, ept_leaf_flags(EPT_RWX, EPT_MT_WB),
			PAGE_SIZE_2M), PT_OK);
	CHECK_EQ(pt_map(&ept, 0xfee00000, 0xfee00000, PAGE_SIZE,
			ept_leaf_flags(EPT_READ | EPT_WRITE, EPT_MT_UC), PAGE_SIZE_2M), PT_OK);
	CHECK(pt_lookup(&ept, 0x1234, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_2M);
	CHECK_EQ(leaf.pa, 0x40001234);
	CHECK_EQ(leaf.flags & 0x3f, EPT_RWX | (EPT_MT_WB << EPT_MEMTYPE_SHIFT));
	CHECK(pt_lookup(&ept, 0xfee00010, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_4K);
	CHECK_EQ(leaf.flags & 0x3f, EPT_READ | EPT_WRITE | (EPT_MT_UC << EPT_MEMTYPE_SHIFT));
	/* Take write access from one 4K page inside a 2M leaf: split. */
	CHECK_EQ(pt_map(&ept, 0x201000, 0x40201000, PAGE_SIZE,
			ept_leaf_flags(EPT_READ | EPT_EXEC, EPT_MT_WB), PAGE_SIZE_4K), PT_OK);
	CHECK(pt_lookup(&ept, 0x201000, &leaf));
	CHECK_EQ(leaf.flags & EPT_RWX, EPT_READ | EPT_EXEC);
	CHECK(pt_lookup(&ept, 0x202000, &leaf));
	CHECK_EQ(leaf.page_size, PAGE_SIZE_4K);
	CHECK_EQ(leaf.flags & 0x3f, EPT_RWX | (EPT_MT_WB << EPT_MEMTYPE_SHIFT));
	CHECK_EQ(leaf.pa, 0x40202000);
	/* A leaf with no access at all is "not present" to the walker. */
	CHECK_EQ(pt_map(&ept, 0x300000, 0x40300000, PAGE_SIZE, ept_leaf_flags(0, EPT_MT_WB),
			PAGE_SIZE_4K), PT_OK);
	CHECK(!pt_lookup(&ept, 0x300000, &leaf));
	CHECK_EQ(ept_pointer(&ept) & 0xfff, (3 << 3) | EPT_MT_WB);
	pt_destroy(&ept);
}

TEST(double_free_is_a_bug)
{
	static struct range_set free;
	int status;
	pid_t pid;

	fake_memory(&free);
	page_alloc_init(&free, ~0ull);
	paddr_t pa = page_alloc();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		page_free(pa);
		page_free(pa);          /* must panic (abort in the shim) */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

TEST(allocator_claims_exact_ranges_and_lists_free_ranges)
{
	static struct range_set free, snapshot;

	fake_memory(&free);
	CHECK(page_alloc_init(&free, ~0ull));
	paddr_t a = page_alloc();
	CHECK(page_alloc_claim(FAKE_BASE + 8 * MiB, 16));
	CHECK(!page_alloc_claim(FAKE_BASE + 8 * MiB + 15 * PAGE_SIZE, 2));  /* overlaps */
	CHECK(!page_alloc_claim(a, 1));                                   /* taken */
	CHECK(page_alloc_claim(FAKE_BASE + 8 * MiB + 16 * PAGE_SIZE, 1));  /* next to it */
	page_alloc_free_ranges(&snapshot);
	CHECK_EQ(snapshot.n, 2);
	CHECK_EQ(snapshot.r[0].start, a + PAGE_SIZE);
	CHECK_EQ(snapshot.r[0].end, FAKE_BASE + 8 * MiB);
	CHECK_EQ(snapshot.r[1].start, FAKE_BASE + 8 * MiB + 17 * PAGE_SIZE);
	CHECK_EQ(snapshot.r[1].end, FAKE_BASE + FAKE_SIZE);
	CHECK_EQ(range_set_total(&snapshot), page_alloc_free_pages() * PAGE_SIZE);
}

TEST(tdx_allocations_stay_inside_tdx_usable_memory)
{
	static struct range_set free, usable;
	paddr_t pa;

	fake_memory(&free);
	CHECK(page_alloc_init(&free, ~0ull));
	CHECK_EQ(page_alloc_tdx(1, PAGE_SIZE), 0);      /* nothing is TDX-usable yet */
	memset(&usable, 0, sizeof(usable));
	range_set_add(&usable, FAKE_BASE + 4 * MiB, FAKE_BASE + 6 * MiB);
	page_alloc_set_tdx_usable(&usable);
	CHECK(page_is_tdx_usable(FAKE_BASE + 5 * MiB, 256));
	CHECK(!page_is_tdx_usable(FAKE_BASE + 5 * MiB, 257));
	pa = page_alloc_tdx(512, 2 * MiB);
	CHECK_EQ(pa, FAKE_BASE + 4 * MiB);
	CHECK_EQ(page_alloc_tdx(512, 2 * MiB), 0);      /* the only 2M block is taken */
	while ((pa = page_alloc_tdx(1, PAGE_SIZE)) != 0)
		CHECK(pa >= FAKE_BASE + 4 * MiB && pa < FAKE_BASE + 6 * MiB);
	CHECK(page_alloc() != 0);                       /* ordinary memory remains */
}
