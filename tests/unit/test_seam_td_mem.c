/* Conformance of the software TDX module's Secure EPT, initial-memory,
 * measurement and teardown leaves: TDH.MEM.SEPT.ADD, SEPT.RD, PAGE.ADD,
 * TDH.MR.EXTEND, FINALIZE, TDH.VP.FLUSH, TDH.MNG.VPFLUSHDONE,
 * TDH.PHYMEM.CACHE.WB, TDH.MNG.KEY.FREEID, TDH.PHYMEM.PAGE.RECLAIM and
 * RDMD. Each case asserts the exact status and operand id the real module
 * returns (intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mem_*.c, tdh_mr_*.c, tdh_vp_flush.c, tdh_mng_*.c, tdh_phymem_*.c),
 * with the S-EPT details a failing walk reports and the PAMT ownership
 * that follows; the end-to-end cases build TDs as KVM does and check MRTD
 * against seam/measure run on its own. */
#include "shim.h"
#include "seam_td_harness.h"
#include "test.h"

/* ---- TDH.MEM.SEPT.ADD ---- */

TEST(sept_add_levels_run_from_pd_to_pml4)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(GPA0 | 0, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_add(0 | 4, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(sept_add_gpa_aligned_to_its_level)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(0x1000 | 1, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_add(GPA0 | 2, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_add(0x40000000 | 3, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(sept_add_reserved_bits_in_rcx)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(BIT(3) | 3, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_add(BIT(52) | 3, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(sept_add_private_gpas_only)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(BIT(47) | 3, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	/* Bits 51:48 lie beyond GPAW 48. */
	CHECK_EQ(tdh_sept_add(BIT(48) | 3, td.tdr, harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(sept_add_without_the_parent_level_reports_where_the_walk_stopped)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(GPA0 | 1, td.tdr, harness_page()), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_SVE);           /* a free entry */
	CHECK_EQ(last.rdx, 3);                  /* at level 3, state FREE */
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_add(GPA0 | 1, td.tdr, harness_page()), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, 2);
}

TEST(sept_add_entry_already_mapped)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page()), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_RWX);           /* non-leaf: no address reported */
	CHECK_EQ(last.rdx, 3 | 0x84 << 8);      /* NL_MAPPED */
}

TEST(sept_add_allow_existing)
{
	struct td td;
	paddr_t spare;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page()), TDX_SUCCESS);
	spare = harness_page();
	CHECK_EQ(tdh_sept_add_v1(0 | 3, td.tdr | ALLOW_EXISTING, spare), TDX_SUCCESS);
	CHECK_EQ(last.r8, spare | BIT(63));     /* not used: the host keeps it */
	CHECK_EQ(page_type(spare), PT_NDA);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr | ALLOW_EXISTING, spare), TDX_SUCCESS);
	CHECK_EQ(page_type(spare), PT_NDA);
}

TEST(sept_add_version1_returns_the_pages)
{
	struct td td;
	paddr_t page;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	page = harness_page();
	CHECK_EQ(tdh_sept_add_v1(0 | 3, td.tdr, page | BIT(63)), TDX_SUCCESS);
	CHECK_EQ(last.r8, NULL_PA);             /* used */
	CHECK_EQ(last.r9, NULL_PA);
	CHECK_EQ(page_type(page), PT_EPT);
}

TEST(sept_add_version1_without_a_page_only_checks)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add_v1(0 | 3, td.tdr, NULL_PA),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, 3);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_add_v1(0 | 3, td.tdr, NULL_PA), TDX_SUCCESS);
	/* Version 0 needs a page. */
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, NULL_PA), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
}

TEST(sept_add_version1_l2_pages_need_l2_vms)
{
	struct td td;
	struct tdx_module_args a;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	a = (struct tdx_module_args){ .rcx = 0 | 3, .rdx = td.tdr, .r8 = harness_page(),
				      .r9 = NULL_PA, .r10 = harness_page(), .r11 = NULL_PA };
	CHECK_EQ(call(TDH_MEM_SEPT_ADD | V1, &a), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R10));
}

TEST(sept_add_checks_the_new_page)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page() + 8), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, 8 * GiB), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_R8));
}

TEST(sept_add_tdr_handle)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr | BIT(1), harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr | BIT(60), harness_page()), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdcx[3], harness_page()), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(sept_add_before_init)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, harness_page()), TDX_OP_STATE_INCORRECT);
}

TEST(sept_add_builds_hardware_ept_entries)
{
	struct td td;
	paddr_t pdpt;
	const uint64_t *root;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	pdpt = harness_page();
	CHECK_EQ(tdh_sept_add(0 | 3, td.tdr, pdpt), TDX_SUCCESS);
	root = phys_to_virt(td.tdcx[TDCS_PAGE_SEPT_ROOT]);
	CHECK_EQ(root[0], pdpt | SEPT_RWX | SEPT_SVE);
	CHECK_EQ(((const uint64_t *)phys_to_virt(pdpt))[7], SEPTE_INIT_VALUE);
	CHECK_EQ(tdh_rdmd(pdpt), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_EPT);
	CHECK_EQ(last.rdx, td.tdr);
}

/* ---- TDH.MEM.SEPT.RD ---- */

TEST(sept_rd_reports_free_non_leaf_and_leaf_entries)
{
	struct td td;
	paddr_t tdvpr, page;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_sept_rd(GPA0 | 0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, SEPT_SVE);
	CHECK_EQ(last.rdx, 0);
	CHECK_EQ(tdh_sept_rd(GPA0 | 1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, SEPT_RWX);
	CHECK_EQ(last.rdx, 1 | 0x84 << 8);
	page = harness_page();
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, page, source_page(1)), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA0 | 0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page | 0xf7 | SEPT_SVE);     /* RWX, WB, IPAT, leaf */
	CHECK_EQ(last.rdx, 0 | 4 << 8);                 /* MAPPED */
}

TEST(sept_rd_walk_failure_details)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_rd(GPA0 | 0, td.tdr), ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_SVE);
	CHECK_EQ(last.rdx, 3);
	CHECK_EQ(tdh_sept_rd(0 | 3, td.tdr), TDX_SUCCESS);          /* the root entry itself */
	CHECK_EQ(last.rdx, 3);
}

TEST(sept_rd_operand_checks)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_rd(GPA0 | 4, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_rd(GPA0 | 2, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_rd(BIT(47) | 3, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_sept_rd(0 | 3, td.tdcx[0]), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(sept_rd_l2_attributes_only_for_debug_tds)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_sept_rd(0 | 3, td.tdr | 1), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	td = td_build(TD_TDCS_ADDED, HKID + 1);
	((struct td_params *)phys_to_virt(td.params))->attributes = TD_ATTR_DEBUG;
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
	last.r8 = 99;
	CHECK_EQ(leaf(TDH_MEM_SEPT_RD, 0 | 3, td.tdr | 1, 99, 0), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
}

/* ---- TDH.MEM.PAGE.ADD ---- */

TEST(page_add_4k_only)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0 | 1, td.tdr, harness_page(), source_page(0)),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_page_add(GPA0 | 0x800, td.tdr, harness_page(), source_page(0)),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(page_add_private_gpa_only)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0 | BIT(47), td.tdr, harness_page(), source_page(0)),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(page_add_without_a_page_table)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0 + 2 * MiB, td.tdr, harness_page(), source_page(0)),
		 ST(TDX_EPT_WALK_FAILED, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, 1);                  /* stopped at the free PD entry */
}

TEST(page_add_twice_at_one_gpa)
{
	struct td td;
	paddr_t tdvpr, again;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_SUCCESS);
	again = harness_page();
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, again, source_page(0)),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, 0 | 4 << 8);
	CHECK_EQ(page_type(again), PT_NDA);
}

TEST(page_add_checks_the_source_page)
{
	struct td td;
	paddr_t tdvpr, src;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	src = source_page(0);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), src + 8), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R9));
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), src | (uint64_t)HKID << 46),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_R9));
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), FAKE_PHYS_BASE),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_R9));
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), BIT(52)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R9));
}

TEST(page_add_checks_the_source_before_the_target)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, td.tdr, FAKE_PHYS_BASE), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R9));
}

TEST(page_add_checks_the_target_page)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, td.tdr, source_page(0)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, tdvpr, source_page(0)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, 8 * GiB, source_page(0)),
		 ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page() + 0x100, source_page(0)),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	CHECK_EQ(tdh_sept_rd(GPA0 | 0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rdx, 0);                  /* still free */
}

TEST(page_add_one_page_at_two_gpas)
{
	struct td td;
	paddr_t tdvpr, page;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	page = harness_page();
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, page, source_page(0)), TDX_SUCCESS);
	CHECK_EQ(tdh_page_add(GPA0 + PAGE_SIZE, td.tdr, page, source_page(0)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
}

TEST(page_add_needs_an_initialized_td)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_page_add(GPA0, harness_page(), harness_page(), source_page(0)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(page_add_after_finalize)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_OP_STATE_INCORRECT);
}

TEST(page_add_copies_maps_and_owns_the_page)
{
	struct td td;
	paddr_t tdvpr, page, src;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	page = harness_page();
	src = source_page(3);
	CHECK_EQ(tdh_page_add(GPA0 + PAGE_SIZE, td.tdr, page, src), TDX_SUCCESS);
	CHECK_EQ(last.rcx, 0);
	CHECK_EQ(last.rdx, 0);
	CHECK(memcmp(phys_to_virt(page), phys_to_virt(src), PAGE_SIZE) == 0);
	CHECK_EQ(tdh_rdmd(page), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_REG);
	CHECK_EQ(last.rdx, td.tdr);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(last.r9, 0);
}

/* ---- TDH.MR.EXTEND / TDH.MR.FINALIZE ---- */

TEST(mr_extend_256_byte_chunks)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_SUCCESS);
	CHECK_EQ(tdh_mr_extend(GPA0 + 128, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mr_extend(GPA0 + 0xf00, td.tdr), TDX_SUCCESS);
}

TEST(mr_extend_of_an_unmapped_gpa)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_mr_extend(GPA0, td.tdr), ST(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rcx, SEPT_SVE);
	CHECK_EQ(last.rdx, 0);
	CHECK_EQ(tdh_mr_extend(GPA0 + 4 * MiB, td.tdr), ST(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, 1);
}

TEST(mr_extend_private_gpa_only)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_mr_extend(GPA0 | BIT(47), td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mr_extend(GPA0 | BIT(52), td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mr_extend(GPA0, tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(mr_extend_and_finalize_need_an_initialized_td)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mr_extend(GPA0, td.tdr), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_mr_finalize(td.tdr + 4), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(finalize_needs_an_initialized_vcpu)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_NO_VCPUS);
	vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_NO_VCPUS);
}

TEST(finalize_once_then_the_build_is_closed)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_SUCCESS);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_mr_extend(GPA0, td.tdr), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_vp_create(harness_page(), td.tdr), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_OP_STATE), TDX_SUCCESS);
	CHECK_EQ(last.r8, OP_STATE_RUNNABLE);
	/* The S-EPT still grows: TDH.MEM.SEPT.ADD is allowed while RUNNABLE. */
	CHECK_EQ(tdh_sept_add(0x40000000 | 2, td.tdr, harness_page()), TDX_SUCCESS);
}

TEST(vp_init_after_finalize)
{
	struct td td;
	paddr_t tdvpr, late;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	late = vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_init(late, 0), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_vp_addcx(harness_page(), late), TDX_OP_STATE_INCORRECT);
}

/* ---- End to end ---- */

/* The KVM order: each page's PAGE.ADD followed by its sixteen MR.EXTENDs,
 * pages measured or not; MRTD as seam/measure computes it on its own. */
TEST(build_a_td_and_check_mrtd)
{
	struct td td;
	paddr_t tdvpr, pages[4], src[4];
	struct mrtd_ctx expect;
	uint8_t mrtd[MR_SIZE];
	uint64_t eptp;
	unsigned gpaw;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	mrtd_init(&expect);
	for (unsigned i = 0; i < 4; i++) {
		uint64_t gpa = GPA0 + i * PAGE_SIZE;

		pages[i] = harness_page();
		src[i] = source_page(i);
		CHECK_EQ(tdh_page_add(gpa, td.tdr, pages[i], src[i]), TDX_SUCCESS);
		mrtd_page_add(&expect, gpa);
		if (i == 2)
			continue;       /* an unmeasured page: only its GPA counts */
		for (unsigned off = 0; off < PAGE_SIZE; off += MR_EXTEND_CHUNK) {
			CHECK_EQ(tdh_mr_extend(gpa + off, td.tdr), TDX_SUCCESS);
			mrtd_extend_chunk(&expect, gpa + off,
					  (const uint8_t *)phys_to_virt(src[i]) + off);
		}
	}
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);
	mrtd_finalize(&expect, mrtd);
	for (unsigned i = 0; i < MR_SIZE / 8; i++) {
		uint64_t q = 0;

		for (unsigned b = 0; b < 8; b++)
			q |= (uint64_t)mrtd[i * 8 + b] << (8 * b);
		CHECK_EQ(tdh_mng_rd(td.tdr, MD_MRTD + i), TDX_SUCCESS);
		CHECK_EQ(last.r8, q);
	}
	/* The S-EPT is a hardware EPT: walk it as the CPU would. */
	CHECK(seam_td_sept_root(td.tdr, &eptp, &gpaw));
	for (unsigned i = 0; i < 4; i++) {
		uint64_t gpa = GPA0 + i * PAGE_SIZE, table = eptp & SEPT_HPA_MASK, e = 0;

		for (int level = 3; level >= 0; level--) {
			e = ((const uint64_t *)phys_to_virt(table))[(gpa >> (12 + 9 * level)) & 511];
			CHECK_EQ(e & 7, 7);
			table = e & SEPT_HPA_MASK;
		}
		CHECK_EQ(table, pages[i]);
		CHECK_EQ((e >> 3) & 7, 6);      /* write-back */
	}
}

TEST(two_tds_build_side_by_side)
{
	struct td a, b;
	paddr_t va, vb;

	ready(2);
	a = td_build(TD_INITIALIZED, HKID);
	b = td_build(TD_INITIALIZED, HKID + 1);
	va = vcpu_build(a.tdr, TD_TDVPS_PAGES, true);
	vb = vcpu_build(b.tdr, TD_TDVPS_PAGES, true);
	sept_map(a.tdr, GPA0);
	sept_map(b.tdr, GPA0);
	CHECK_EQ(tdh_page_add(GPA0, a.tdr, harness_page(), source_page(1)), TDX_SUCCESS);
	CHECK_EQ(tdh_page_add(GPA0, b.tdr, harness_page(), source_page(2)), TDX_SUCCESS);
	/* A vCPU of one TD is no page for the other. */
	CHECK_EQ(tdh_page_add(GPA0 + PAGE_SIZE, b.tdr, va, source_page(0)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_mr_finalize(a.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_mr_finalize(b.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_rdmd(vb), TDX_SUCCESS);
	CHECK_EQ(last.rdx, b.tdr);
}

/* ---- Teardown: VP.FLUSH, VPFLUSHDONE, CACHE.WB, FREEID, RECLAIM ---- */

TEST(vpflushdone_while_a_vcpu_is_associated)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_FLUSHVP_NOT_DONE);
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
	CHECK_EQ(((const struct td_tdr *)phys_to_virt(td.tdr))->lifecycle, TD_BLOCKED);
}

TEST(vp_flush_on_another_lp)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);          /* VP.INIT ran on LP 0 */
	harness_lp = 1;
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_VCPU_NOT_ASSOCIATED);
	harness_lp = 0;
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_VCPU_NOT_ASSOCIATED);     /* done already */
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_NUM_ASSOC), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
}

TEST(vp_flush_of_vcpus_never_initialized)
{
	struct td td;
	paddr_t partial, whole;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	partial = vcpu_build(td.tdr, 2, false);
	whole = vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	CHECK_EQ(tdh_vp_flush(partial), TDX_TDCX_NUM_INCORRECT);
	CHECK_EQ(tdh_vp_flush(whole), TDX_VCPU_NOT_ASSOCIATED);
	CHECK_EQ(tdh_vp_flush(td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	/* No vCPU is associated, so the TD can be blocked. */
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
}

TEST(vp_flush_after_vpflushdone)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_TD_KEYS_NOT_CONFIGURED);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_LIFECYCLE_STATE_INCORRECT);
}

TEST(vpflushdone_of_a_td_without_keys)
{
	struct td td;

	ready(2);
	td = td_build(TD_CREATED, HKID);
	CHECK_EQ(tdh_key_config(td.tdr), TDX_SUCCESS);      /* one package of two */
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_key_config(td.tdr), TDX_LIFECYCLE_STATE_INCORRECT);
	CHECK_EQ(tdh_vpflushdone(harness_page()), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(build_leaves_after_vpflushdone)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_add(0x40000000 | 2, td.tdr, harness_page()), TDX_TD_KEYS_NOT_CONFIGURED);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_HKID), TDX_TD_KEYS_NOT_CONFIGURED);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(0)), TDX_TD_KEYS_NOT_CONFIGURED);
}

TEST(cache_wb_commands)
{
	ready(1);
	CHECK_EQ(tdh_cache_wb(2), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_cache_wb(0), TDX_NO_HKID_READY_TO_WBCACHE);
	CHECK_EQ(tdh_cache_wb(1), TDX_WBCACHE_RESUME_ERROR);
}

/* VPFLUSHDONE of a TD with its vCPU flushed. */
static struct td td_blocked(paddr_t *tdvpr, unsigned hkid)
{
	struct td td = td_build(TD_INITIALIZED, hkid);

	*tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	CHECK_EQ(tdh_vp_flush(*tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
	return td;
}

TEST(freeid_needs_a_blocked_td)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_freeid(td.tdr), TDX_LIFECYCLE_STATE_INCORRECT);
	CHECK_EQ(tdh_freeid(td.tdr + 4), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(freeid_needs_cache_wb_on_every_package)
{
	struct td td;
	paddr_t tdvpr;

	ready(2);
	td = td_blocked(&tdvpr, HKID);
	CHECK_EQ(tdh_freeid(td.tdr), TDX_WBCACHE_NOT_COMPLETE);
	CHECK_EQ(tdh_cache_wb(0), TDX_SUCCESS);             /* package 0 */
	CHECK_EQ(tdh_freeid(td.tdr), TDX_WBCACHE_NOT_COMPLETE);
	harness_lp = 1;
	CHECK_EQ(tdh_cache_wb(0), TDX_SUCCESS);             /* package 1 */
	harness_lp = 0;
	CHECK_EQ(tdh_freeid(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_freeid(td.tdr), TDX_LIFECYCLE_STATE_INCORRECT);
	CHECK_EQ(tdh_cache_wb(0), TDX_NO_HKID_READY_TO_WBCACHE);
}

TEST(hkid_reuse_waits_for_freeid)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_blocked(&tdvpr, HKID);
	CHECK_EQ(tdh_mng_create(harness_page(), HKID), TDX_HKID_NOT_FREE);
	CHECK_EQ(tdh_cache_wb(0), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_create(harness_page(), HKID), TDX_HKID_NOT_FREE);
	CHECK_EQ(tdh_freeid(td.tdr), TDX_SUCCESS);
	CHECK_EQ(seam_global()->kot[HKID].state, KOT_STATE_HKID_FREE);
	CHECK_EQ(tdh_mng_create(harness_page(), HKID), TDX_SUCCESS);
}

TEST(reclaim_before_teardown)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_reclaim(tdvpr), TDX_LIFECYCLE_STATE_INCORRECT);
	CHECK_EQ(last.rcx, PT_TDVPR);           /* the outputs are filled in */
	CHECK_EQ(last.rdx, td.tdr);
	CHECK_EQ(tdh_reclaim(td.tdr), TDX_LIFECYCLE_STATE_INCORRECT);
	CHECK_EQ(last.rcx, PT_TDR);
	CHECK_EQ(last.rdx, 0);
	CHECK_EQ(page_type(tdvpr), PT_TDVPR);
}

TEST(reclaim_of_a_blocked_td)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_blocked(&tdvpr, HKID);
	CHECK_EQ(tdh_reclaim(td.tdcx[0]), TDX_LIFECYCLE_STATE_INCORRECT);
}

TEST(reclaim_operand_checks)
{
	ready(1);
	CHECK_EQ(tdh_reclaim(harness_page() + 8), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_reclaim(harness_page() | BIT(47)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_reclaim(8 * GiB), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_reclaim(harness_page()), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_reclaim(0x100000), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(reclaim_the_tdr_last)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_blocked(&tdvpr, HKID);
	CHECK_EQ(tdh_cache_wb(0), TDX_SUCCESS);
	CHECK_EQ(tdh_freeid(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_reclaim(td.tdr), TDX_TD_ASSOCIATED_PAGES_EXIST);
	CHECK_EQ(last.rcx, PT_TDR);
}

/* The whole life: build, run nothing, tear down, reclaim every page, and
 * the pages are free for the next TD, the HKID too. */
TEST(teardown_returns_every_page)
{
	struct td td;
	paddr_t tdvpr, pages[2], sept[3];
	const struct td_tdvpr *vp;
	uint64_t vps[TD_TDVPS_PAGES];

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	vp = seam_td_tdvpr(tdvpr);
	for (unsigned i = 0; i < TD_TDVPS_PAGES; i++)
		vps[i] = vp->tdvps_pa[i] & TD_PA_MASK;
	for (unsigned level = 3, i = 0; level >= 1; level--, i++) {
		sept[i] = harness_page();
		CHECK_EQ(tdh_sept_add(ALIGN_DOWN(GPA0, PAGE_SIZE << (9 * level)) | level, td.tdr, sept[i]),
			 TDX_SUCCESS);
	}
	for (unsigned i = 0; i < 2; i++) {
		pages[i] = harness_page();
		CHECK_EQ(tdh_page_add(GPA0 + i * PAGE_SIZE, td.tdr, pages[i], source_page(i)), TDX_SUCCESS);
	}
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);

	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	CHECK_EQ(tdh_vpflushdone(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_cache_wb(0), TDX_SUCCESS);
	CHECK_EQ(tdh_freeid(td.tdr), TDX_SUCCESS);
	CHECK_EQ(leaf(TDH_MNG_KEY_RECLAIMID, td.tdr, 0, 0, 0), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_CHLDCNT), TDX_TD_KEYS_NOT_CONFIGURED);
	CHECK_EQ(((const struct td_tdr *)phys_to_virt(td.tdr))->chldcnt,
		 TD_TDCS_PAGES + TD_TDVPS_PAGES + 3 + 2);

	CHECK_EQ(tdh_reclaim(pages[0]), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_REG);
	CHECK_EQ(last.rdx, td.tdr);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_reclaim(pages[0]), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_reclaim(pages[1]), TDX_SUCCESS);
	for (unsigned i = 0; i < 3; i++) {
		CHECK_EQ(tdh_reclaim(sept[i]), TDX_SUCCESS);
		CHECK_EQ(last.rcx, PT_EPT);
	}
	for (unsigned i = TD_TDVPS_PAGES; i-- > 0;) {
		CHECK_EQ(tdh_reclaim(vps[i]), TDX_SUCCESS);
		CHECK_EQ(last.rcx, i == 0 ? PT_TDVPR : PT_TDCX);
	}
	for (unsigned i = 0; i < TD_TDCS_PAGES; i++)
		CHECK_EQ(tdh_reclaim(td.tdcx[i]), TDX_SUCCESS);
	CHECK_EQ(tdh_reclaim(td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_TDR);
	CHECK_EQ(page_type(td.tdr), PT_NDA);
	CHECK_EQ(page_type(pages[1]), PT_NDA);
	/* A reclaimed page serves again, under another type. */
	CHECK_EQ(tdh_mng_create(pages[0], HKID), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_create(td.tdr, HKID + 1), TDX_SUCCESS);
	key_config_all(td.tdr);
	CHECK_EQ(tdh_mng_addcx(sept[0], td.tdr), TDX_SUCCESS);
}

/* ---- TDH.PHYMEM.PAGE.RDMD ---- */

TEST(rdmd_operand_checks)
{
	ready(1);
	CHECK_EQ(tdh_rdmd(harness_page() + 0x10), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_rdmd(harness_page() | (uint64_t)HKID << 46), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_rdmd(BIT(52)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_rdmd(2 * GiB), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_rdmd(FAKE_PHYS_BASE), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX)); /* SEAM range */
}

TEST(rdmd_reports_free_and_reserved_pages)
{
	ready(1);
	CHECK_EQ(tdh_rdmd(harness_page()), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_NDA);
	CHECK_EQ(last.rdx, 0);
	CHECK_EQ(tdh_rdmd(0x100000), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_RSVD);
	CHECK_EQ(tdh_rdmd(seam_global()->tdmrs[0].pamt_4k_base), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_RSVD);
}

TEST(a_page_serves_one_role_at_a_time)
{
	struct td td;
	paddr_t tdvpr, reg, ept;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	reg = harness_page();
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, reg, source_page(0)), TDX_SUCCESS);
	CHECK_EQ(tdh_sept_rd(GPA0 | 1, td.tdr), TDX_SUCCESS);
	ept = harness_page();
	CHECK_EQ(tdh_sept_add(0x40000000 | 2, td.tdr, ept), TDX_SUCCESS);
	/* REG as S-EPT page, EPT as TD page, TDCX as TDVPR, TDVPR as TDR. */
	CHECK_EQ(tdh_sept_add(0x80000000 | 2, td.tdr, reg), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_page_add(GPA0 + PAGE_SIZE, td.tdr, ept, source_page(0)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_R8));
	CHECK_EQ(tdh_vp_create(td.tdcx[0], td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_create(tdvpr, HKID + 1), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_addcx(reg, td.tdr), TDX_TDCX_NUM_INCORRECT);
}

TEST(injected_busy_leaves_a_td_leaf_without_effect)
{
	struct manifest_fault f = { .leaf = TDH_MNG_CREATE, .status = MANIFEST_FAULT_OPERAND_BUSY,
				    .after = 0, .times = 1 };
	paddr_t tdr;

	ready(1);
	seam_set_faults(&f, 1);
	tdr = harness_page();
	CHECK_EQ(tdh_mng_create(tdr, HKID), TDX_OPERAND_BUSY);
	CHECK_EQ(page_type(tdr), PT_NDA);
	CHECK_EQ(tdh_mng_create(tdr, HKID), TDX_SUCCESS);
	seam_set_faults(NULL, 0);
}
