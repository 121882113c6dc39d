/* Conformance of TDH.PHYMEM.PAGE.WBINVD (intel/tdx-module tdx_1.5
 * tdh_phymem_page_wbinvd.c): the KeyID bits of RCX are taken out, the rest
 * must be a 4K-aligned address below MAX_PA in a TDMR whose PAMT says the
 * page is free; the KeyID itself is not checked. Each refusal with its
 * status and operand id. */
#include "shim.h"
#include "seam_mem_harness.h"
#include "test.h"

#define KEYID_SHIFT 46                  /* the model's KeyID bits: 51:46 */

static inline uint64_t keyed(paddr_t pa, uint64_t keyid)
{
	return pa | keyid << KEYID_SHIFT;
}

static inline uint64_t tdh_wbinvd(uint64_t keyed_pa)
{
	return leaf(TDH_PHYMEM_PAGE_WBINVD, keyed_pa, 0, 0, 0);
}

/* What KVM does after TDH.MEM.PAGE.REMOVE: WBINVD through the TD's KeyID. */
TEST(wbinvd_a_page_the_td_gave_back)
{
	paddr_t tdvpr, page;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_sept_rd(GPA0, td.tdr), TDX_SUCCESS);
	page = last.rcx & SEPT_HPA_MASK;
	/* Still the TD's: the module refuses. */
	CHECK_EQ(tdh_wbinvd(keyed(page, HKID)), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_track(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_remove(GPA0, td.tdr), TDX_SUCCESS);
	memset(&last, 0xa5, sizeof(last));
	CHECK_EQ(tdh_wbinvd(keyed(page, HKID)), TDX_SUCCESS);
	CHECK_EQ(last.rcx, keyed(page, HKID));                  /* no outputs */
	CHECK_EQ(page_type(page), PT_NDA);
	/* The module trusts the KeyID: any value flushes that KeyID's lines. */
	CHECK_EQ(tdh_wbinvd(keyed(page, 0)), TDX_SUCCESS);
	CHECK_EQ(tdh_wbinvd(keyed(page, 63)), TDX_SUCCESS);
}

TEST(wbinvd_refuses_pages_in_use)
{
	paddr_t tdvpr, big;
	struct td td;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_wbinvd(keyed(td.tdr, HARNESS_GLOBAL_HKID)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_wbinvd(keyed(tdvpr, HKID)), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_wbinvd(keyed(td.tdcx[0], HKID)), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	/* A 4K piece of a 2M TD page: the PAMT leaf is the 2M REG entry. */
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	CHECK_EQ(tdh_wbinvd(keyed(big + 5 * PAGE_SIZE, HKID)),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_wbinvd(keyed(big + 2 * MiB, HKID)), TDX_SUCCESS);   /* the next, free */
}

TEST(wbinvd_operand_checks)
{
	paddr_t page;

	ready(1);
	page = harness_page();
	CHECK_EQ(tdh_wbinvd(keyed(page, HKID)), TDX_SUCCESS);           /* never given */
	CHECK_EQ(tdh_wbinvd(keyed(page + 8, HKID)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_wbinvd(keyed(page, HKID) | BIT(52)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_wbinvd(keyed(page, HKID) | BIT(63)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	/* Outside every TDMR, and the model's SEAM range (never convertible). */
	CHECK_EQ(tdh_wbinvd(keyed(2 * GiB, HKID)), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_wbinvd(keyed(FAKE_PHYS_BASE, HKID)),
		 ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
}

TEST(wbinvd_needs_a_ready_module)
{
	harness_boot(1, 1);
	CHECK_EQ(tdh_wbinvd(keyed(FAKE_PHYS_BASE + 8 * MiB, HKID)), TDX_SYS_NOT_READY);
}
