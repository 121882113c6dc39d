/* Host tests of the model's memory leaves after the initial image: one
 * wrapper per leaf (outputs in `last`, as seam_td_harness.h), 2M pages,
 * a finalized TD, and the guest side run without VMX: TDG.MEM.PAGE.ACCEPT
 * called on the vCPU's state, vCPUs entering and leaving the TD for TLB
 * tracking. Include after shim.h. */
#ifndef TESTS_UNIT_SEAM_MEM_HARNESS_H
#define TESTS_UNIT_SEAM_MEM_HARNESS_H

#include "seam_td_harness.h"

#define GPA_2M       0x400000ull        /* a 2M-aligned GPA beside GPA0's PT */
#define LEVEL_4K     0
#define LEVEL_2M     1
#define SIZE_2M      (2 * MiB)

/* TDH.MEM.SEPT.RD's RDX: level | public state << 8. */
#define STATE_FREE            0
#define STATE_BLOCKED         1
#define STATE_PENDING         2
#define STATE_PENDING_BLOCKED 3
#define STATE_MAPPED          4
#define STATE_NL_BLOCKED      0x81
#define STATE_NL_MAPPED       0x84
#define SEPT_DETAILS(level, state) ((uint64_t)(level) | (uint64_t)(state) << 8)

static inline uint64_t tdh_page_aug(uint64_t gpa_level, paddr_t tdr, paddr_t page)
{
	return leaf(TDH_MEM_PAGE_AUG, gpa_level, tdr, page, 0);
}

static inline uint64_t tdh_block(uint64_t gpa_level, paddr_t tdr)
{
	return leaf(TDH_MEM_RANGE_BLOCK, gpa_level, tdr, 0, 0);
}

static inline uint64_t tdh_unblock(uint64_t gpa_level, paddr_t tdr)
{
	return leaf(TDH_MEM_RANGE_UNBLOCK, gpa_level, tdr, 0, 0);
}

static inline uint64_t tdh_track(paddr_t tdr)
{
	return leaf(TDH_MEM_TRACK, tdr, 0, 0, 0);
}

static inline uint64_t tdh_page_remove(uint64_t gpa_level, paddr_t tdr)
{
	return leaf(TDH_MEM_PAGE_REMOVE, gpa_level, tdr, 0, 0);
}

static inline uint64_t tdh_sept_remove(uint64_t gpa_level, paddr_t tdr)
{
	return leaf(TDH_MEM_SEPT_REMOVE, gpa_level, tdr, 0, 0);
}

/* The public state TDH.MEM.SEPT.RD reports for the entry at gpa | level. */
static inline uint64_t sept_state(uint64_t gpa_level, paddr_t tdr)
{
	CHECK_EQ(tdh_sept_rd(gpa_level, tdr), TDX_SUCCESS);
	return (last.rdx >> 8) & 0xff;
}

/* A free 2M-aligned range of 512 NDA pages; harness_page never hands out
 * any of it afterwards. */
static inline paddr_t harness_2m_page(void)
{
	for (paddr_t pa = ALIGN_UP(harness_next_page, SIZE_2M);
	     pa + SIZE_2M <= harness_page_limit; pa += SIZE_2M) {
		bool free = true;

		for (paddr_t p = pa; free && p < pa + SIZE_2M; p += PAGE_SIZE) {
			const struct pamt_entry *e = pamt_entry_of(p);

			free = e && e->type == PT_NDA;
		}
		if (free) {
			harness_next_page = pa + SIZE_2M;
			return pa;
		}
	}
	fprintf(stderr, "harness: no free 2M range\n");
	abort();
}

/* S-EPT pages from the PML4 down to `lowest` (1: a PT exists for 4K
 * pages, 2: a PD exists for 2M pages) for gpa. */
static inline void sept_map_to(paddr_t tdr, uint64_t gpa, unsigned lowest)
{
	for (unsigned level = SEPT_LEVEL_PML4; level >= lowest; level--) {
		uint64_t info = ALIGN_DOWN(gpa, PAGE_SIZE << (9 * level)) | level;

		CHECK_EQ(tdh_sept_rd(info, tdr), TDX_SUCCESS);
		if (((last.rdx >> 8) & 0xff) == STATE_NL_MAPPED)
			continue;
		CHECK_EQ(tdh_sept_add(info, tdr, harness_page()), TDX_SUCCESS);
	}
}

/* A TD after TDH.MR.FINALIZE (RUNNABLE) with one vCPU, one PAGE.ADDed
 * page at GPA0, a PT for 4K pages around GPA0 and a PD for GPA_2M. */
static inline struct td td_runnable(paddr_t *tdvpr)
{
	struct td td = td_with_vcpu(tdvpr);

	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_SUCCESS);
	sept_map_to(td.tdr, GPA_2M, SEPT_LEVEL_PDPT);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);
	return td;
}

/* Teardown up to TDH.MNG.KEY.FREEID (one package): every page of the TD
 * can be reclaimed now. */
static inline void td_tear_down(paddr_t tdr, paddr_t tdvpr)
{
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vpflushdone(tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_cache_wb(0), TDX_SUCCESS);
	CHECK_EQ(tdh_freeid(tdr), TDX_SUCCESS);
}

static inline uint64_t chldcnt(paddr_t tdr)
{
	CHECK_EQ(tdh_mng_rd(tdr, MD_CHLDCNT), TDX_SUCCESS);
	return last.r8;
}

/* The vCPU's state as TDH.VP.ENTER holds it while the TD runs. */
static inline struct td_run td_run_of(paddr_t tdr, paddr_t tdvpr)
{
	struct td_run r = { .tdr = seam_td_tdr(tdr), .vp = seam_td_tdvpr(tdvpr) };

	r.tdcs = td_tdcs_of(r.tdr);
	return r;
}

/* TDG.MEM.PAGE.ACCEPT from the vCPU: the TDCALL's RAX when it completes;
 * for a TD exit, *exit is true and `last` holds TDH.VP.ENTER's outputs
 * and `exit_status` its status. */
static uint64_t exit_status;

static inline uint64_t tdg_accept(paddr_t tdr, paddr_t tdvpr, uint64_t gpa_level, bool *exit)
{
	struct td_run r = td_run_of(tdr, tdvpr);

	r.g.rax = TDG_MEM_PAGE_ACCEPT;
	r.g.rcx = gpa_level;
	memset(&last, 0x77, sizeof(last));
	*exit = tdg_mem_page_accept(&r, &last, &exit_status) == TDG_EXIT;
	return r.g.rax;
}

/* A vCPU entering and leaving the TD, as TDH.VP.ENTER does around its run. */
static inline bool vcpu_enters(paddr_t tdr, paddr_t tdvpr)
{
	struct td_run r = td_run_of(tdr, tdvpr);

	return td_epoch_enter(r.tdcs, r.vp);
}

static inline void vcpu_leaves(paddr_t tdr, paddr_t tdvpr)
{
	struct td_run r = td_run_of(tdr, tdvpr);

	td_epoch_exit(r.tdcs, r.vp);
}

#endif
