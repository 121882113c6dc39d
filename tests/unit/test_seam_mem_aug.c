/* Conformance of TDH.MEM.PAGE.AUG (4K and 2M) and of the PAMT at 2M: the
 * exact status and operand id of each check, in the order of intel/
 * tdx-module tdx_1.5 tdh_mem_page_aug.c; the S-EPT entry and PAMT
 * ownership an AUG leaves; TDH.PHYMEM.PAGE.RDMD and RECLAIM of a 2M page
 * (tdh_phymem_page_rdmd.c, tdh_phymem_page_reclaim.c, pamt_manager.c). */
#include "shim.h"
#include "seam_mem_harness.h"
#include "test.h"

#define GPA1 (GPA0 + PAGE_SIZE)

TEST(aug_4k_makes_a_pending_page)
{
	paddr_t tdvpr, page;
	uint64_t before;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	before = chldcnt(td.tdr);
	CHECK_EQ(sept_state(GPA1 | LEVEL_4K, td.tdr), STATE_FREE);
	page = harness_page();
	CHECK_EQ(tdh_page_aug(GPA1 | LEVEL_4K, td.tdr, page), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA1 | LEVEL_4K, td.tdr), TDX_SUCCESS);
	/* A leaf to the page, WB, without access rights until accepted. */
	CHECK_EQ(last.rcx, page | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_PENDING));
	CHECK_EQ(tdh_rdmd(page), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_REG);
	CHECK_EQ(last.rdx, td.tdr);
	CHECK_EQ(last.r8, PAMT_4K);
	CHECK_EQ(chldcnt(td.tdr), before + 1);
}

TEST(aug_2m_owns_the_whole_range)
{
	paddr_t tdvpr, page;
	uint64_t before;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	before = chldcnt(td.tdr);
	page = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, page), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_PENDING));
	/* Every 4K address in it reads the one 2M PAMT entry. */
	for (uint64_t off = 0; off < SIZE_2M; off += 511 * PAGE_SIZE) {
		CHECK_EQ(tdh_rdmd(page + off), TDX_SUCCESS);
		CHECK_EQ(last.rcx, PT_REG);
		CHECK_EQ(last.rdx, td.tdr);
		CHECK_EQ(last.r8, PAMT_2M);
	}
	CHECK_EQ(chldcnt(td.tdr), before + 512);
}

/* The op-state table of 1.5 (op_state_lookup.c) allows AUG from
 * TDH.MNG.INIT on, before FINALIZE too; not before TDH.MNG.INIT. */
TEST(aug_needs_an_initialized_td)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID + 1);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_OP_STATE_INCORRECT);
	td = td_with_vcpu(&tdvpr);      /* INITIALIZED, a PT for GPA0 */
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(sept_state(GPA1, td.tdr), STATE_PENDING);
}

TEST(aug_page_info_checks)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(0x40000000 | 2, td.tdr, harness_page()),       /* 1G */
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_aug((GPA_2M + PAGE_SIZE) | LEVEL_2M, td.tdr, harness_2m_page()),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_aug(GPA1 | BIT(3), td.tdr, harness_page()),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_aug(GPA1 | BIT(47), td.tdr, harness_page()),       /* shared */
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_aug(GPA1 | BIT(48), td.tdr, harness_page()),       /* beyond GPAW */
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(aug_checks_the_tdr_first)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA1 | BIT(3), tdvpr, harness_page()),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr + 8, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(aug_without_the_s_ept_levels_above)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(0x40000000, td.tdr, harness_page()),
		 ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_SVE);                           /* a FREE PDPT entry */
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PDPT, STATE_FREE));
	/* GPA_2M has a PD but no PT: a 4K AUG stops at the PD entry. */
	CHECK_EQ(tdh_page_aug(GPA_2M, td.tdr, harness_page()), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PD, STATE_FREE));
}

TEST(aug_onto_a_mapped_page)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	page = harness_page();
	CHECK_EQ(tdh_page_aug(GPA0, td.tdr, page), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_MAPPED));
	CHECK_EQ(last.rcx & SEPT_RWX, SEPT_RWX);
	CHECK_EQ(page_type(page), PT_NDA);
	/* Twice at one GPA: the second finds it PENDING. */
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, page), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_PENDING));
}

TEST(aug_2m_where_a_page_table_maps_4k)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA0 | LEVEL_2M, td.tdr, harness_2m_page()),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_RWX);                           /* non-leaf: RWX only */
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_NL_MAPPED));
}

TEST(aug_4k_inside_a_2m_page)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, harness_2m_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_page_aug(GPA_2M + PAGE_SIZE, td.tdr, harness_page()),
		 ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_PENDING));
	CHECK_EQ(last.rcx & SEPT_LEAF, SEPT_LEAF);
}

TEST(aug_checks_the_entry_before_the_page)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA0, td.tdr, td.tdr), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
}

TEST(aug_page_operand_checks)
{
	paddr_t tdvpr, big;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page() + 0x800), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page() | (uint64_t)HKID << 46),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, 8 * GiB), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, 0x100000), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	/* A 2M page must be 2M aligned. */
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big + PAGE_SIZE),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, 8 * GiB),
		 ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_R8));
	CHECK_EQ(sept_state(GPA_2M | LEVEL_2M, td.tdr), STATE_FREE);
}

/* pamt_is_2mb_range_free: one 4K page in use, or reserved, spoils it. */
TEST(aug_2m_needs_every_4k_page_free)
{
	paddr_t tdvpr, big;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, big + 5 * PAGE_SIZE), TDX_SUCCESS);
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	/* The first 2M of memory holds the reserved low megabyte. */
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, 0), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(sept_state(GPA_2M | LEVEL_2M, td.tdr), STATE_FREE);
}

/* The 4K pieces of a 2M TD page belong to it: no leaf takes one. */
TEST(a_4k_piece_of_a_2m_page_is_not_free)
{
	paddr_t tdvpr, big;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, big + 7 * PAGE_SIZE),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_mng_create(big + PAGE_SIZE, HKID + 1), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_add(0x40000000 | 2, td.tdr, big), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_aug((GPA_2M + SIZE_2M) | LEVEL_2M, td.tdr, big),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
}

/* RECLAIM takes a 2M page by its 2M-aligned address, and gives all of
 * it back; a 4K address inside it names the page but is refused. */
TEST(reclaim_of_a_2m_page)
{
	paddr_t tdvpr, big;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	td_tear_down(td.tdr, tdvpr);
	CHECK_EQ(tdh_reclaim(big + PAGE_SIZE), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, PT_REG);                     /* outputs filled in first */
	CHECK_EQ(last.rdx, td.tdr);
	CHECK_EQ(last.r8, PAMT_2M);
	CHECK_EQ(tdh_reclaim(td.tdr), TDX_TD_ASSOCIATED_PAGES_EXIST);
	CHECK_EQ(tdh_reclaim(big), TDX_SUCCESS);
	CHECK_EQ(last.r8, PAMT_2M);
	for (uint64_t off = 0; off < SIZE_2M; off += 73 * PAGE_SIZE) {
		CHECK_EQ(tdh_rdmd(big + off), TDX_SUCCESS);
		CHECK_EQ(last.rcx, PT_NDA);
		CHECK_EQ(last.r8, PAMT_4K);
	}
	CHECK_EQ(tdh_reclaim(big), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	/* The TD's count went down by 512: only 4K pages are left. */
	CHECK_EQ(((const struct td_tdr *)phys_to_virt(td.tdr))->chldcnt,
		 TD_TDCS_PAGES + TD_TDVPS_PAGES + 3 + 1);
	/* Its pieces serve as 4K pages again. */
	CHECK_EQ(tdh_mng_create(big + PAGE_SIZE, HKID + 1), TDX_SUCCESS);
}
