/* Conformance of TDH.MEM.PAGE.DEMOTE (intel/tdx-module tdx_1.5
 * tdh_mem_page_demote.c): a 2M page split into 512 4K pages of the same
 * state under a new S-EPT page, the PAMT moved from the 2M entry to the
 * 4K entries (pamt_demote), each check with its status and operand id. */
#include "shim.h"
#include "seam_mem_harness.h"
#include "test.h"

#define GPA1 (GPA0 + PAGE_SIZE)

static inline uint64_t tdh_demote(uint64_t gpa_level, paddr_t tdr, paddr_t sept_page)
{
	return leaf(TDH_MEM_PAGE_DEMOTE, gpa_level, tdr, sept_page, 0);
}

TEST(demote_a_pending_2m_page)
{
	paddr_t tdvpr, big, sept;
	uint64_t before;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	sept = harness_page();
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, sept), ST(TDX_GPA_RANGE_NOT_BLOCKED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_PENDING));
	CHECK_EQ(tdh_block(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, sept), ST(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	before = chldcnt(td.tdr);
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, sept), TDX_SUCCESS);

	CHECK_EQ(tdh_sept_rd(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_NL_MAPPED));
	for (unsigned i = 0; i < 512; i += 85) {
		CHECK_EQ(tdh_sept_rd((GPA_2M + i * PAGE_SIZE) | LEVEL_4K, td.tdr), TDX_SUCCESS);
		CHECK_EQ(last.rcx, (big + i * PAGE_SIZE) | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);
		CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_PENDING));      /* unblocked */
		CHECK_EQ(tdh_rdmd(big + i * PAGE_SIZE), TDX_SUCCESS);
		CHECK_EQ(last.rcx, PT_REG);
		CHECK_EQ(last.rdx, td.tdr);
		CHECK_EQ(last.r8, PAMT_4K);
	}
	CHECK_EQ(page_type(sept), PT_EPT);
	CHECK_EQ(chldcnt(td.tdr), before + 1);
	/* The guest takes one 4K piece. */
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, (GPA_2M + 3 * PAGE_SIZE) | LEVEL_4K, &exit), TDX_SUCCESS);
	CHECK_EQ(sept_state((GPA_2M + 3 * PAGE_SIZE) | LEVEL_4K, td.tdr), STATE_MAPPED);
	CHECK_EQ(sept_state((GPA_2M + 4 * PAGE_SIZE) | LEVEL_4K, td.tdr), STATE_PENDING);
}

TEST(demote_a_mapped_2m_page_then_remove_a_piece)
{
	paddr_t tdvpr, big;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA_2M | LEVEL_2M, &exit), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd((GPA_2M + 511 * PAGE_SIZE) | LEVEL_4K, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, (big + 511 * PAGE_SIZE) | SEPT_RWX | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF |
		 SEPT_SVE);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_MAPPED));

	CHECK_EQ(tdh_block(GPA_2M + 7 * PAGE_SIZE, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA_2M + 7 * PAGE_SIZE, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, big + 7 * PAGE_SIZE);
	CHECK_EQ(page_type(big + 7 * PAGE_SIZE), PT_NDA);
	CHECK_EQ(page_type(big + 8 * PAGE_SIZE), PT_REG);
}

/* Before FINALIZE: nothing to block or track. */
TEST(demote_before_finalize)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	sept_map_to(td.tdr, GPA_2M, SEPT_LEVEL_PDPT);
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, harness_2m_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(sept_state((GPA_2M + PAGE_SIZE) | LEVEL_4K, td.tdr), STATE_PENDING);
}

TEST(demote_operand_checks)
{
	paddr_t tdvpr, big;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr | BIT(1), harness_page()),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr | BIT(52), harness_page()),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_4K, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_demote(GPA_2M | 3, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_demote(GPA0 | LEVEL_2M, td.tdr, harness_page()),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_NL_MAPPED));
	CHECK_EQ(tdh_demote(0 | SEPT_LEVEL_PDPT, td.tdr, harness_page()),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PDPT, STATE_NL_MAPPED));
	/* The new S-EPT page: a free 4K page, checked last. */
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, big + PAGE_SIZE),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr, harness_page() + 4), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	CHECK_EQ(sept_state(GPA_2M | LEVEL_2M, td.tdr), STATE_PENDING_BLOCKED);
	/* Bit 0 (L2 S-EPT add mode) is no reserved bit. */
	CHECK_EQ(tdh_demote(GPA_2M | LEVEL_2M, td.tdr | BIT(0), harness_page()), TDX_SUCCESS);
}
