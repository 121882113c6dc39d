/* Which EPT violations at a shared GPA the CPU turns into a #VE for the
 * TD (td_shared_ept_convertible), walking a host shared EPT built here
 * in fake memory: bit 63 ("suppress #VE") of the not-present entry where
 * the walk stops, at any level, or of the leaf that maps the page,
 * decides (SDM vol. 3C, "Convertible EPT Violations"); bit 63 of the
 * non-leaf entries on the way does not count. In Bochs a TD cannot
 * reach a shared GPA (guest-physical addresses stop at bit 39, the
 * shared bit is 47), so this is where the rule is checked. */
#include "shim.h"
#include "seam_harness.h"
#include "test.h"

#define SHARED       BIT(47)
#define GPA          (SHARED | 0x12345000ull)
#define RWX          7ull
#define EPT_PS       BIT(7)
#define SVE          BIT(63)
#define WB           (6ull << 3)

/* A zeroed table: every entry not present with SVE clear, as the host's
 * shared EPT (hv/mm/sept_mirror.c) leaves what it has not mapped. */
static uint64_t *new_table(paddr_t *pa)
{
	*pa = harness_page();
	memset(phys_to_virt(*pa), 0, PAGE_SIZE);
	return phys_to_virt(*pa);
}

static unsigned index_at(uint64_t gpa, unsigned level)
{
	return (gpa >> (12 + 9 * level)) & 511;
}

struct shared_ept {
	uint64_t eptp;
	uint64_t *pml4, *pdpt, *pd, *pt;
};

/* The tables down to the PT that maps GPA. */
static struct shared_ept shared_ept_to_pt(void)
{
	struct shared_ept s;
	paddr_t root, pdpt, pd, pt;

	s.pml4 = new_table(&root);
	s.pdpt = new_table(&pdpt);
	s.pd = new_table(&pd);
	s.pt = new_table(&pt);
	s.pml4[index_at(GPA, 3)] = pdpt | RWX;
	s.pdpt[index_at(GPA, 2)] = pd | RWX;
	s.pd[index_at(GPA, 1)] = pt | RWX;
	s.eptp = root | (3 << 3) | 6;
	return s;
}

TEST(unmapped_shared_gpa_is_a_ve_unless_suppressed)
{
	struct shared_ept s;
	paddr_t root;

	harness_module_ready(1, 1);
	s.pml4 = new_table(&root);
	s.eptp = root | (3 << 3) | 6;
	CHECK(td_shared_ept_convertible(s.eptp, GPA));          /* empty root */
	s.pml4[index_at(GPA, 3)] = SVE;
	CHECK(!td_shared_ept_convertible(s.eptp, GPA));
	CHECK(td_shared_ept_convertible(s.eptp, GPA + BIT(39)));    /* the next PML4 entry */
}

TEST(the_entry_where_the_walk_stops_decides_at_every_level)
{
	struct shared_ept s;

	harness_module_ready(1, 1);
	s = shared_ept_to_pt();
	/* Non-leaf entries with SVE set on the way: not theirs to decide. */
	s.pml4[index_at(GPA, 3)] |= SVE;
	s.pdpt[index_at(GPA, 2)] |= SVE;
	s.pd[index_at(GPA, 1)] |= SVE;
	CHECK(td_shared_ept_convertible(s.eptp, GPA));          /* PT entry 0 */
	s.pt[index_at(GPA, 0)] = SVE;
	CHECK(!td_shared_ept_convertible(s.eptp, GPA));

	s.pd[index_at(GPA, 1)] = 0;                             /* stops at the PD */
	CHECK(td_shared_ept_convertible(s.eptp, GPA));
	s.pd[index_at(GPA, 1)] = SVE;
	CHECK(!td_shared_ept_convertible(s.eptp, GPA));

	s.pdpt[index_at(GPA, 2)] = 0;                           /* stops at the PDPT */
	CHECK(td_shared_ept_convertible(s.eptp, GPA));
	s.pdpt[index_at(GPA, 2)] = SVE;
	CHECK(!td_shared_ept_convertible(s.eptp, GPA));
}

/* A present leaf means a permission violation: its own bit 63 decides. */
TEST(a_mapped_page_decides_by_its_leaf)
{
	struct shared_ept s;
	paddr_t page;

	harness_module_ready(1, 1);
	page = harness_page();
	s = shared_ept_to_pt();
	s.pt[index_at(GPA, 0)] = page | 1 | WB;                 /* read-only 4K */
	CHECK(td_shared_ept_convertible(s.eptp, GPA));
	s.pt[index_at(GPA, 0)] |= SVE;
	CHECK(!td_shared_ept_convertible(s.eptp, GPA));

	s.pd[index_at(GPA, 1)] = ALIGN_DOWN(page, 2 * MiB) | 1 | WB | EPT_PS;
	CHECK(td_shared_ept_convertible(s.eptp, GPA));          /* the 2M leaf, not the PT */
	s.pd[index_at(GPA, 1)] |= SVE;
	CHECK(!td_shared_ept_convertible(s.eptp, GPA));
}
