/* The host's KeyID-tagged addresses (hv/tdx/keyid.c) against the software
 * module: the KeyID lands in the bits the module takes it from (51:46, as
 * its IA32_TME_ACTIVATE says), so TDH.PHYMEM.PAGE.WBINVD finds the page;
 * a page the module does not consider free is refused and reported.
 * tdx_init() runs once per boot: each case runs in a child process. */
#include "shim.h"
#include "tdx_host_harness.h"
#include "../../hv/tdx/keyid.c"
#include "test.h"

static void emulated_tdx_ready(void)
{
	struct harness_config c = { .nr_cpus = 1, .module = MANIFEST_TDX_EMULATED };

	harness_boot(&c);
	tdx_init(&harness_manifest);
	CHECK_EQ(tdx_get_info()->state, TDX_READY);
}

static void keyid_bits_of_the_model(void *arg)
{
	(void)arg;
	emulated_tdx_ready();
	CHECK_EQ(tdx_keyed_pa(17, 0x123000), 0x123000 | 17ull << 46);
	CHECK_EQ(tdx_keyed_pa(63, 0x7ffff000), 0x7ffff000 | 63ull << 46);
}

TEST(keyid_sits_where_the_model_takes_it_from)
{
	CHECK(harness_in_child(keyid_bits_of_the_model, NULL));
}

static void wbinvd_free_and_reserved(void *arg)
{
	paddr_t pages;

	(void)arg;
	emulated_tdx_ready();
	pages = page_alloc_contig(4, PAGE_SIZE);
	CHECK(pages != 0);
	CHECK(tdx_wbinvd_pages(tdx_get_info()->keyid_start + 1, pages, 4));
	CHECK(!shim_log_has("failed"));
	/* A PAMT page is a reserved area of its TDMR: not a free page. */
	CHECK(!tdx_wbinvd_pages(tdx_get_info()->keyid_start + 1,
				seam_global()->tdmrs[0].pamt_4k_base, 1));
	CHECK(shim_log_has("TDH.PHYMEM.PAGE.WBINVD failed"));
}

TEST(wbinvd_of_pages_through_a_keyid)
{
	CHECK(harness_in_child(wbinvd_free_and_reserved, NULL));
}
