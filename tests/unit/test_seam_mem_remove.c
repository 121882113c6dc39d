/* Conformance of taking memory back from a TD: TDH.MEM.RANGE.BLOCK,
 * TDH.MEM.TRACK, TDH.MEM.RANGE.UNBLOCK, TDH.MEM.PAGE.REMOVE and
 * TDH.MEM.SEPT.REMOVE, with the TLB-tracking rules (the TD epoch and the
 * vCPUs still running in the previous one), the S-EPT states
 * TDH.MEM.SEPT.RD reports on the way, and each status and operand id of
 * intel/tdx-module tdx_1.5 tdh_mem_range_block.c, tdh_mem_track.c,
 * tdh_mem_range_unblock.c, tdh_mem_page_remove.c, tdh_mem_sept_remove.c. */
#include "shim.h"
#include "seam_mem_harness.h"
#include "test.h"

#define GPA1      (GPA0 + PAGE_SIZE)
#define GPA_1G    0x40000000ull         /* a 1G region with no S-EPT pages yet */

/* ---- TDH.MEM.RANGE.BLOCK ---- */

TEST(block_takes_access_away_in_each_state)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), TDX_SUCCESS);
	page = last.rcx & SEPT_HPA_MASK;
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);  /* no RWX */
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_BLOCKED));

	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(sept_state(GPA1, td.tdr), STATE_PENDING_BLOCKED);

	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, harness_2m_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(sept_state(GPA_2M | LEVEL_2M, td.tdr), STATE_PENDING_BLOCKED);

	/* The PT entry: the walk below it stops there now. */
	CHECK_EQ(tdh_block(GPA0 | 1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA0 | 1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, 0);                                  /* non-leaf without RWX */
	CHECK_EQ(last.rdx, SEPT_DETAILS(1, STATE_NL_BLOCKED));
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(1, STATE_NL_BLOCKED));
	CHECK_EQ(tdh_page_aug(GPA0 + 2 * PAGE_SIZE, td.tdr, harness_page()),
		 ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
}

TEST(block_twice_is_a_warning)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA0, td.tdr), ST(TDX_GPA_RANGE_ALREADY_BLOCKED, TDX_OPERAND_RCX));
	CHECK(!TDX_STATUS_IS_ERROR(TDX_GPA_RANGE_ALREADY_BLOCKED));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_BLOCKED));
	CHECK_EQ(sept_state(GPA0, td.tdr), STATE_BLOCKED);
}

TEST(block_of_a_free_entry)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_block(GPA1, td.tdr), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_SVE);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_FREE));
	CHECK_EQ(tdh_block(GPA_1G | 1, td.tdr), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PDPT, STATE_FREE));
}

TEST(block_operand_checks)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_block(GPA0 | 4, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_block(GPA0 | 1, td.tdr), TDX_SUCCESS);   /* GPA0 is 2M aligned */
	CHECK_EQ(tdh_block(GPA1 | 1, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_block(GPA1 | BIT(47), td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_block(GPA1, tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
	td = td_build(TD_TDCS_ADDED, HKID + 1);
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_OP_STATE_INCORRECT);
}

/* RDMD's R9: the TD epoch the block happened in. */
TEST(block_records_the_epoch)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	page = harness_page();
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, page), TDX_SUCCESS);
	CHECK_EQ(tdh_rdmd(page), TDX_SUCCESS);
	CHECK_EQ(last.r9, 0);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_rdmd(page), TDX_SUCCESS);
	CHECK_EQ(last.r9, 3);                   /* 1 at TDH.MNG.INIT, two tracks */
	/* A non-leaf entry marks its S-EPT page. */
	page = harness_page();
	CHECK_EQ(tdh_sept_add(GPA_1G | SEPT_LEVEL_PDPT, td.tdr, page), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA_1G | SEPT_LEVEL_PDPT, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_rdmd(page), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_EPT);
	CHECK_EQ(last.r9, 3);
}

/* ---- TDH.MEM.TRACK ---- */

TEST(track_operand_checks)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_track(tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_track(td.tdr + 1), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	td = td_build(TD_TDCS_ADDED, HKID + 1);
	CHECK_EQ(tdh_track(td.tdr), TDX_OP_STATE_INCORRECT);
	td = td_build(TD_INITIALIZED, HKID + 2);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
}

/* A vCPU that entered before a TRACK holds the epoch TRACK left: the next
 * TRACK waits for it to leave. One entering after a TRACK flushes its
 * cached translations first. */
TEST(track_waits_for_vcpus_in_the_previous_epoch)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK(vcpu_enters(td.tdr, tdvpr));      /* first entry: epoch 0 -> 1 */
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_PREVIOUS_TLB_EPOCH_BUSY);
	vcpu_leaves(td.tdr, tdvpr);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK(vcpu_enters(td.tdr, tdvpr));      /* the epoch moved: flush */
	vcpu_leaves(td.tdr, tdvpr);
	CHECK(!vcpu_enters(td.tdr, tdvpr));     /* same epoch: no flush */
	vcpu_leaves(td.tdr, tdvpr);
}

/* ---- TDH.MEM.PAGE.REMOVE ---- */

/* What a host does to take a page from a running TD (KVM's
 * tdx_sept_remove_private_spte): BLOCK, TRACK, kick the vCPUs, REMOVE. */
TEST(remove_needs_block_then_track)
{
	paddr_t tdvpr, page;
	uint64_t before;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), TDX_SUCCESS);
	page = last.rcx & SEPT_HPA_MASK;
	before = chldcnt(td.tdr);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), ST(TDX_GPA_RANGE_NOT_BLOCKED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_MAPPED));
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), ST(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page);
	CHECK_EQ(sept_state(GPA0, td.tdr), STATE_FREE);
	CHECK_EQ(page_type(page), PT_NDA);
	CHECK_EQ(chldcnt(td.tdr), before - 1);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	/* The GPA takes a new page. */
	CHECK_EQ(tdh_page_aug(GPA0, td.tdr, page), TDX_SUCCESS);
}

TEST(remove_waits_for_vcpus_of_the_blocking_epoch)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	vcpu_enters(td.tdr, tdvpr);
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	/* The vCPU may still hold GPA0's translation. */
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), ST(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_RCX));
	vcpu_leaves(td.tdr, tdvpr);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), TDX_SUCCESS);
}

/* A vCPU that entered after the TRACK flushed: it does not delay. */
TEST(remove_after_a_vcpu_reentered)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	vcpu_enters(td.tdr, tdvpr);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), TDX_SUCCESS);
	vcpu_leaves(td.tdr, tdvpr);
}

/* Before TDH.MR.FINALIZE no vCPU ran: no blocking or tracking needed. */
TEST(remove_before_finalize)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	page = harness_page();
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, page, source_page(0)), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page);
	CHECK_EQ(page_type(page), PT_NDA);
}

TEST(remove_a_pending_page)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	page = harness_page();
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, page), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA1, td.tdr), ST(TDX_GPA_RANGE_NOT_BLOCKED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_PENDING));
	CHECK_EQ(tdh_block(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page);
	CHECK_EQ(page_type(page), PT_NDA);
}

TEST(remove_a_2m_page)
{
	paddr_t tdvpr, big;
	uint64_t before;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	before = chldcnt(td.tdr);
	CHECK_EQ(tdh_block(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	/* Named at 4K, the walk stops at the 2M leaf. */
	CHECK_EQ(tdh_page_remove(GPA_2M, td.tdr), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_2M, STATE_PENDING_BLOCKED));
	CHECK_EQ(tdh_page_remove(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, big);
	CHECK_EQ(chldcnt(td.tdr), before - 512);
	CHECK_EQ(tdh_rdmd(big + SIZE_2M - PAGE_SIZE), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_NDA);
	CHECK_EQ(last.r8, PAMT_4K);
}

TEST(remove_leaves_only)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_remove(GPA0 | 1, td.tdr), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(1, STATE_NL_MAPPED));
	CHECK_EQ(tdh_page_remove(GPA1, td.tdr), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_FREE));
	CHECK_EQ(tdh_page_remove(0 | 3, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr + 0x10), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

/* ---- TDH.MEM.RANGE.UNBLOCK ---- */

TEST(unblock_needs_the_block_tracked)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), TDX_SUCCESS);
	page = last.rcx & SEPT_HPA_MASK;
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_unblock(GPA0, td.tdr), ST(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_SEPT_TREE));
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_unblock(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page | SEPT_RWX | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_MAPPED));
	CHECK_EQ(tdh_unblock(GPA0, td.tdr), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_MAPPED));
}

TEST(unblock_restores_pending_and_non_leaf_entries)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA_2M | SEPT_LEVEL_PDPT, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_block(0 | SEPT_LEVEL_PDPT, td.tdr), TDX_SUCCESS);  /* the PD of GPA0 */
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_unblock(0 | SEPT_LEVEL_PDPT, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(0 | SEPT_LEVEL_PDPT, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, SEPT_RWX);
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PDPT, STATE_NL_MAPPED));
	CHECK_EQ(tdh_unblock(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx & SEPT_RWX, 0);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_PENDING));
}

/* Before FINALIZE nothing is tracked. */
TEST(unblock_before_finalize)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_unblock(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(sept_state(GPA0, td.tdr), STATE_MAPPED);
}

/* ---- TDH.MEM.SEPT.REMOVE ---- */

TEST(sept_remove_an_empty_blocked_table)
{
	paddr_t tdvpr, pt;
	uint64_t before;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_sept_add(GPA_1G | SEPT_LEVEL_PDPT, td.tdr, harness_page()), TDX_SUCCESS);
	pt = harness_page();
	CHECK_EQ(tdh_sept_add(GPA_1G | SEPT_LEVEL_PD, td.tdr, pt), TDX_SUCCESS);
	before = chldcnt(td.tdr);
	CHECK_EQ(tdh_sept_remove(GPA_1G | SEPT_LEVEL_PD, td.tdr),
		 ST(TDX_GPA_RANGE_NOT_BLOCKED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PD, STATE_NL_MAPPED));
	CHECK_EQ(tdh_block(GPA_1G | SEPT_LEVEL_PD, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_remove(GPA_1G | SEPT_LEVEL_PD, td.tdr),
		 ST(TDX_TLB_TRACKING_NOT_DONE, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_remove(GPA_1G | SEPT_LEVEL_PD, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, pt);
	CHECK_EQ(sept_state(GPA_1G | SEPT_LEVEL_PD, td.tdr), STATE_FREE);
	CHECK_EQ(page_type(pt), PT_NDA);
	CHECK_EQ(chldcnt(td.tdr), before - 1);
}

TEST(sept_remove_of_a_table_in_use)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_block(GPA0 | SEPT_LEVEL_PD, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_remove(GPA0 | SEPT_LEVEL_PD, td.tdr), ST(TDX_EPT_PAGE_NOT_FREE, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PD, STATE_NL_BLOCKED));
	CHECK_EQ(sept_state(GPA0 | SEPT_LEVEL_PD, td.tdr), STATE_NL_BLOCKED);
}

TEST(sept_remove_of_a_leaf_or_free_entry)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, harness_2m_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_remove(GPA_2M | SEPT_LEVEL_PD, td.tdr),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PD, STATE_PENDING));
	CHECK_EQ(tdh_sept_remove((GPA_2M + SIZE_2M) | SEPT_LEVEL_PD, td.tdr),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PD, STATE_FREE));
}

TEST(sept_remove_operand_checks)
{
	struct tdx_module_args a;
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_sept_remove(GPA1 | 0, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_remove(GPA_2M | 4, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_remove(GPA_1G | 1, tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
	a = (struct tdx_module_args){ .rcx = GPA_1G | 1, .rdx = td.tdr, .r9 = 1, .r10 = 2, .r11 = 3 };
	CHECK_EQ(call(TDH_MEM_SEPT_REMOVE | TDH_LEAF_VERSION(2), &a), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(a.r9, NULL_PA);
	a = (struct tdx_module_args){ .rcx = GPA_1G | 1, .rdx = td.tdr, .r9 = 1, .r10 = 2, .r11 = 3 };
	CHECK_EQ(call(TDH_MEM_SEPT_REMOVE | V1, &a), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(a.r9, NULL_PA);                /* no L2 S-EPT pages */
	CHECK_EQ(a.r10, NULL_PA);
	CHECK_EQ(a.r11, NULL_PA);
}

/* Other leaves' versions are refused before anything else. */
TEST(memory_leaves_have_one_version)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(leaf(TDH_MEM_PAGE_AUG | V1, GPA1, td.tdr, harness_page(), 0),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(leaf(TDH_MEM_RANGE_BLOCK | V1, GPA0, td.tdr, 0, 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(leaf(TDH_MEM_TRACK | V1, td.tdr, 0, 0, 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(leaf(TDH_MEM_PAGE_REMOVE | V1, GPA0, td.tdr, 0, 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(sept_state(GPA0, td.tdr), STATE_MAPPED);
}
