/* Conformance of the software TDX module's TD and vCPU management leaves:
 * TDH.MNG.CREATE, KEY.CONFIG, ADDCX, INIT, RD and TDH.VP.CREATE, ADDCX,
 * INIT. Each case asserts the exact status and operand id the real module
 * returns (intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mng_*.c, tdh_vp_*.c) and the state the leaf leaves behind. Memory,
 * measurement and teardown leaves: test_seam_td_mem.c. */
#include "shim.h"
#include "seam_td_harness.h"
#include "test.h"

/* ---- Module state and the dispatcher ---- */

TEST(td_leaves_need_the_module_ready)
{
	unsigned n;
	paddr_t pas;

	harness_boot(1, 1);
	harness_init_lps(1);
	pas = harness_tdmrs(&n);
	CHECK_EQ(sys_config(pas, n, HARNESS_GLOBAL_HKID), TDX_SUCCESS);
	/* Configured but no SYS.KEY.CONFIG yet: SYSCONFIG_DONE. */
	CHECK_EQ(tdh_mng_create(FAKE_PHYS_BASE + 30 * MiB, HKID), TDX_SYS_NOT_READY);
	CHECK_EQ(tdh_rdmd(FAKE_PHYS_BASE + 30 * MiB), TDX_SYS_NOT_READY);
}

TEST(td_leaves_after_shutdown_say_so)
{
	ready(1);
	CHECK_EQ(call0(TDH_SYS_SHUTDOWN), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_create(harness_page(), HKID), TDX_SYS_SHUTDOWN);
	CHECK_EQ(tdh_cache_wb(0), TDX_SYS_SHUTDOWN);
}

TEST(only_sept_add_and_vp_init_take_a_version)
{
	ready(1);
	CHECK_EQ(leaf(TDH_MNG_CREATE | V1, harness_page(), HKID, 0, 0),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(leaf(TDH_MEM_SEPT_ADD | TDH_LEAF_VERSION(2), 0, 0, 0, 0),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(leaf(TDH_VP_INIT | TDH_LEAF_VERSION(2), 0, 0, 0, 0),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
}

TEST(model_td_constants_match_what_sys_rd_reports)
{
	static const struct { uint64_t id, value; } f[] = {
		{ 0x1900000300000000ull, TD_ATTRIBUTES_FIXED0 },
		{ 0x1900000300000001ull, TD_ATTRIBUTES_FIXED1 },
		{ 0x1900000300000002ull, TD_XFAM_FIXED0 },
		{ 0x1900000300000003ull, TD_XFAM_FIXED1 },
		{ 0x9800000100000100ull, TD_TDCS_PAGES * PAGE_SIZE },
		{ 0x9800000100000200ull, TD_TDVPS_PAGES * PAGE_SIZE },
	};

	ready(1);
	for (unsigned i = 0; i < ARRAY_SIZE(f); i++) {
		CHECK_EQ(leaf(TDH_SYS_RD, 0, f[i].id, 0, 0), TDX_SUCCESS);
		CHECK_EQ(last.r8, f[i].value);
	}
}

/* ---- TDH.MNG.CREATE ---- */

TEST(create_rejects_hkid_reserved_bits)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page(), BIT(16) | HKID), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(create_rejects_an_mktme_hkid)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page(), 15), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_mng_create(harness_page(), 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(create_rejects_an_hkid_past_the_private_range)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page(), 64), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_mng_create(harness_page(), 63), TDX_SUCCESS);  /* the last one */
}

TEST(create_checks_the_hkid_before_the_tdr)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page() + 8, 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(create_rejects_a_misaligned_tdr)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page() + 0x800, HKID), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(create_rejects_a_tdr_with_keyid_bits)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page() | BIT(46), HKID), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_create(harness_page() | BIT(52), HKID), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(create_rejects_a_tdr_outside_every_tdmr)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(8 * GiB, HKID), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
}

TEST(create_rejects_a_tdr_in_a_reserved_area)
{
	ready(1);
	/* Below the CMR, and the PAMT itself: reserved areas of the TDMR. */
	CHECK_EQ(tdh_mng_create(0x100000, HKID), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_create(seam_global()->tdmrs[0].pamt_4k_base, HKID),
		 ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(create_never_takes_a_page_of_the_seam_range)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(FAKE_PHYS_BASE + 64 * KiB, HKID),
		 ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
}

TEST(create_rejects_a_page_that_is_already_a_tdr)
{
	paddr_t tdr;

	ready(1);
	tdr = harness_page();
	CHECK_EQ(tdh_mng_create(tdr, HKID), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_create(tdr, HKID + 1), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(create_refuses_the_global_hkid)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page(), HARNESS_GLOBAL_HKID), TDX_HKID_NOT_FREE);
}

TEST(create_refuses_an_hkid_in_use)
{
	ready(1);
	CHECK_EQ(tdh_mng_create(harness_page(), HKID), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_create(harness_page(), HKID), TDX_HKID_NOT_FREE);
}

TEST(create_makes_a_zeroed_tdr_owned_by_nobody)
{
	paddr_t tdr;
	const struct td_tdr *t;

	ready(1);
	tdr = harness_page();
	CHECK_EQ(tdh_mng_create(tdr, HKID), TDX_SUCCESS);
	t = phys_to_virt(tdr);
	CHECK_EQ(t->lifecycle, TD_HKID_ASSIGNED);
	CHECK_EQ(t->hkid, HKID);
	CHECK_EQ(t->num_tdcx, 0);
	CHECK_EQ(((const uint8_t *)t)[PAGE_SIZE - 1], 0);
	CHECK_EQ(tdh_rdmd(tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_TDR);
	CHECK_EQ(last.rdx, 0);
	CHECK_EQ(seam_global()->kot[HKID].state, KOT_STATE_HKID_ASSIGNED);
}

/* ---- TDH.MNG.KEY.CONFIG ---- */

TEST(key_config_needs_a_tdr)
{
	ready(1);
	CHECK_EQ(tdh_key_config(harness_page()), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_key_config(harness_page() + 4), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(key_config_once_per_package)
{
	struct td td;

	ready(1);
	td = td_build(TD_CREATED, HKID);
	CHECK_EQ(tdh_key_config(td.tdr), TDX_SUCCESS);
	/* The only package is done, so the keys are configured. */
	CHECK_EQ(tdh_key_config(td.tdr), TDX_LIFECYCLE_STATE_INCORRECT);
}

TEST(key_config_twice_on_one_of_two_packages)
{
	struct td td;

	ready(2);
	td = td_build(TD_CREATED, HKID);
	CHECK_EQ(tdh_key_config(td.tdr), TDX_SUCCESS);              /* LP 0: package 0 */
	CHECK_EQ(tdh_key_config(td.tdr), TDX_KEY_CONFIGURED);
	CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr), TDX_TD_KEYS_NOT_CONFIGURED);
	harness_lp = 1;
	CHECK_EQ(tdh_key_config(td.tdr), TDX_SUCCESS);              /* package 1: the last */
	harness_lp = 0;
	CHECK_EQ(((const struct td_tdr *)phys_to_virt(td.tdr))->lifecycle, TD_KEYS_CONFIGURED);
	CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr), TDX_SUCCESS);
}

/* ---- TDH.MNG.ADDCX ---- */

TEST(addcx_before_key_config)
{
	struct td td;

	ready(1);
	td = td_build(TD_CREATED, HKID);
	CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr), TDX_TD_KEYS_NOT_CONFIGURED);
}

TEST(addcx_takes_the_tdr_in_rdx)
{
	struct td td;

	ready(1);
	td = td_build(TD_KEYED, HKID);
	CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr + 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_mng_addcx(td.tdr, harness_page()), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(addcx_checks_the_new_page)
{
	struct td td;

	ready(1);
	td = td_build(TD_KEYED, HKID);
	CHECK_EQ(tdh_mng_addcx(harness_page() + 1, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_addcx(8 * GiB, td.tdr), ST(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_addcx(td.tdr, td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(((const struct td_tdr *)phys_to_virt(td.tdr))->num_tdcx, 0);
}

TEST(addcx_takes_exactly_the_tdcs_pages)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr), TDX_TDCX_NUM_INCORRECT);
	/* The count is checked before the page. */
	CHECK_EQ(tdh_mng_addcx(harness_page() + 1, td.tdr), TDX_TDCX_NUM_INCORRECT);
}

TEST(addcx_prepares_each_tdcs_page_for_its_role)
{
	struct td td;
	const uint8_t *p;
	const uint64_t *root;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	p = phys_to_virt(td.tdcx[TDCS_PAGE_MGMT]);
	CHECK_EQ(p[0] | p[PAGE_SIZE - 1], 0);
	p = phys_to_virt(td.tdcx[TDCS_PAGE_MSR_BITMAPS]);
	CHECK_EQ(p[0] & p[PAGE_SIZE - 1], 0xff);
	root = phys_to_virt(td.tdcx[TDCS_PAGE_SEPT_ROOT]);
	CHECK_EQ(root[0], SEPTE_INIT_VALUE);
	CHECK_EQ(root[511], SEPTE_INIT_VALUE);
	CHECK_EQ(root[0], 0x80e0000000000000ull);
	for (unsigned i = 0; i < TD_TDCS_PAGES; i++) {
		CHECK_EQ(tdh_rdmd(td.tdcx[i]), TDX_SUCCESS);
		CHECK_EQ(last.rcx, PT_TDCX);
		CHECK_EQ(last.rdx, td.tdr);
	}
}

/* ---- TDH.MNG.INIT ---- */

TEST(init_needs_every_tdcs_page)
{
	struct td td;

	ready(1);
	td = td_build(TD_KEYED, HKID);
	for (unsigned i = 0; i < TD_TDCS_PAGES - 1; i++)
		CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_TDCS_NOT_ALLOCATED);
}

TEST(init_needs_keys)
{
	struct td td;

	ready(1);
	td = td_build(TD_CREATED, HKID);
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_TD_KEYS_NOT_CONFIGURED);
}

TEST(init_checks_the_tdr_first)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mng_init(td.tdr + 8, td.params + 8), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_init(td.tdcx[0], td.params), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(init_wants_td_params_1024_aligned)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mng_init(td.tdr, td.params + 512), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(init_wants_td_params_shared)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mng_init(td.tdr, td.params | (uint64_t)HKID << 46),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_mng_init(td.tdr, FAKE_PHYS_BASE + 8 * KiB), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_mng_init(td.tdr, td.params | BIT(52)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	/* An MKTME KeyID is a shared one. */
	CHECK_EQ(tdh_mng_init(td.tdr, td.params | 1ull << 46), TDX_SUCCESS);
}

/* MNG.INIT of a fresh TD whose TD_PARAMS `edit` changed; RCX is in last. */
static uint64_t init_with(void (*edit)(struct td_params *))
{
	struct td td = td_build(TD_TDCS_ADDED, spare_hkid++);

	edit(phys_to_virt(td.params));
	return tdh_mng_init(td.tdr, td.params);
}

static void attr_kl(struct td_params *p) { p->attributes = BIT(31); }
static void attr_migratable_debug(struct td_params *p) { p->attributes = TD_ATTR_MIGRATABLE | TD_ATTR_DEBUG; }
static void attr_migratable_perfmon(struct td_params *p) { p->attributes = TD_ATTR_MIGRATABLE | TD_ATTR_PERFMON; }
static void attr_reserved(struct td_params *p) { p->attributes = BIT(1); }
static void attr_all_allowed(struct td_params *p) { p->attributes = TD_ATTR_DEBUG | TD_ATTR_SEPT_VE_DISABLE | TD_ATTR_PKS | TD_ATTR_PERFMON; }
static void xfam_no_x87(struct td_params *p) { p->xfam = 2; }
static void xfam_avx512(struct td_params *p) { p->xfam = 0xe7; }
static void xfam_avx(struct td_params *p) { p->xfam = 7; }
static void attr_and_xfam_bad(struct td_params *p) { p->attributes = BIT(31); p->xfam = 0; }
static void no_vcpus(struct td_params *p) { p->max_vcpus = 0; }
static void l2_vms_4(struct td_params *p) { p->num_l2_vms = 4; }
static void l2_vms_1(struct td_params *p) { p->num_l2_vms = 1; }
static void reserved0(struct td_params *p) { p->reserved0[3] = 1; }
static void config_bit3(struct td_params *p) { p->config_flags = BIT(3); }
static void config_all(struct td_params *p) { p->config_flags = BIT(1) | BIT(2); }
static void eptp_uc(struct td_params *p) { p->eptp_controls = 3 << 3; }
static void eptp_5level(struct td_params *p) { p->eptp_controls = (4 << 3) | 6; }
static void eptp_3level(struct td_params *p) { p->eptp_controls = (2 << 3) | 6; }
static void eptp_ad(struct td_params *p) { p->eptp_controls |= BIT(6); }
static void eptp_address(struct td_params *p) { p->eptp_controls |= 0x1000; }
static void gpaw_52(struct td_params *p) { p->config_flags = BIT(0); }
static void tsc_low(struct td_params *p) { p->tsc_frequency = 3; }
static void tsc_high(struct td_params *p) { p->tsc_frequency = 401; }
static void tsc_edges(struct td_params *p) { p->tsc_frequency = 4; }
static void reserved1(struct td_params *p) { p->reserved1[37] = 1; }
static void msr_ctls_reserved(struct td_params *p) { p->msr_config_ctls = 2; }
static void reserved2(struct td_params *p) { p->reserved2[0] = 1; }
static void reserved3(struct td_params *p) { p->reserved3[575] = 1; }
static void cpuid_7_0_ebx0(struct td_params *p) { p->cpuid_config[5].ebx = 1; }
static void cpuid_4_3_edx3(struct td_params *p) { p->cpuid_config[4].edx = BIT(3); }
static void cpuid_fms_other(struct td_params *p) { p->cpuid_config[0].eax = 0x50654; }
static void cpuid_fms_native(struct td_params *p) { p->cpuid_config[0].eax = 0x806f8; }
static void cpuid_allowed(struct td_params *p) { p->cpuid_config[5].ebx = 0xdc2b9b18; p->cpuid_config[11].eax = 0xf; }
static void arch_cap_no_flag(struct td_params *p) { p->ia32_arch_capabilities_config = BIT(4); }
static void arch_cap_bad_bit(struct td_params *p) { p->msr_config_ctls = 1; p->ia32_arch_capabilities_config = BIT(5); }
static void arch_cap_ok(struct td_params *p) { p->msr_config_ctls = 1; p->ia32_arch_capabilities_config = BIT(4) | BIT(24); }
static void cpuid_and_arch_cap_bad(struct td_params *p) { cpuid_7_0_ebx0(p); arch_cap_no_flag(p); }

TEST(init_attributes_outside_fixed0)
{
	ready(1);
	CHECK_EQ(init_with(attr_kl), ST(TDX_OPERAND_INVALID, TDX_OPERAND_ATTRIBUTES));
	CHECK_EQ(init_with(attr_reserved), ST(TDX_OPERAND_INVALID, TDX_OPERAND_ATTRIBUTES));
}

TEST(init_migratable_td_can_be_neither_debug_nor_perfmon)
{
	ready(1);
	CHECK_EQ(init_with(attr_migratable_debug), ST(TDX_OPERAND_INVALID, TDX_OPERAND_ATTRIBUTES));
	CHECK_EQ(init_with(attr_migratable_perfmon), ST(TDX_OPERAND_INVALID, TDX_OPERAND_ATTRIBUTES));
}

TEST(init_accepts_every_fixed0_attribute)
{
	ready(1);
	CHECK_EQ(init_with(attr_all_allowed), TDX_SUCCESS);
}

TEST(init_xfam_needs_x87_and_sse)
{
	ready(1);
	CHECK_EQ(init_with(xfam_no_x87), ST(TDX_OPERAND_INVALID, TDX_OPERAND_XFAM));
}

TEST(init_xfam_outside_what_the_model_supports)
{
	ready(1);
	CHECK_EQ(init_with(xfam_avx512), ST(TDX_OPERAND_INVALID, TDX_OPERAND_XFAM));
	CHECK_EQ(init_with(xfam_avx), TDX_SUCCESS);
}

TEST(init_checks_attributes_before_xfam)
{
	ready(1);
	CHECK_EQ(init_with(attr_and_xfam_bad), ST(TDX_OPERAND_INVALID, TDX_OPERAND_ATTRIBUTES));
}

TEST(init_max_vcpus_zero)
{
	ready(1);
	CHECK_EQ(init_with(no_vcpus), ST(TDX_OPERAND_INVALID, TDX_OPERAND_MAX_VCPUS));
}

TEST(init_num_l2_vms)
{
	ready(1);
	CHECK_EQ(init_with(l2_vms_4), ST(TDX_OPERAND_INVALID, TDX_OPERAND_NUM_L2_VMS));
	/* Legal, but an L2 VM needs a TDCS page the model's TDCS does not have. */
	CHECK_EQ(init_with(l2_vms_1), TDX_TDCS_NOT_ALLOCATED);
}

TEST(init_reserved0)
{
	ready(1);
	CHECK_EQ(init_with(reserved0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(init_config_flags)
{
	ready(1);
	CHECK_EQ(init_with(config_bit3), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EXEC_CONTROLS));
	CHECK_EQ(init_with(config_all), TDX_SUCCESS);
}

TEST(init_eptp_controls_memory_type_and_levels)
{
	ready(1);
	CHECK_EQ(init_with(eptp_uc), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS));
	CHECK_EQ(init_with(eptp_5level), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS));
	CHECK_EQ(init_with(eptp_3level), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS));
}

TEST(init_eptp_controls_other_bits)
{
	ready(1);
	CHECK_EQ(init_with(eptp_ad), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS));
	CHECK_EQ(init_with(eptp_address), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS));
}

TEST(init_gpaw_52_needs_5_level_ept)
{
	ready(1);
	CHECK_EQ(init_with(gpaw_52), ST(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS));
}

TEST(init_tsc_frequency_range)
{
	ready(1);
	CHECK_EQ(init_with(tsc_low), ST(TDX_OPERAND_INVALID, TDX_OPERAND_TSC_FREQUENCY));
	CHECK_EQ(init_with(tsc_high), ST(TDX_OPERAND_INVALID, TDX_OPERAND_TSC_FREQUENCY));
	CHECK_EQ(init_with(tsc_edges), TDX_SUCCESS);
}

TEST(init_reserved1_msr_ctls_reserved2)
{
	ready(1);
	CHECK_EQ(init_with(reserved1), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(init_with(msr_ctls_reserved), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(init_with(reserved2), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(init_cpuid_bit_not_configurable_names_the_leaf)
{
	ready(1);
	CHECK_EQ(init_with(cpuid_7_0_ebx0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG));
	CHECK_EQ(last.rcx, 7);                          /* leaf 7, subleaf 0 */
	CHECK_EQ(init_with(cpuid_4_3_edx3), ST(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG));
	CHECK_EQ(last.rcx, 4 | 3ull << 32);
}

TEST(init_cpuid_family_model_stepping_is_native_or_zero)
{
	ready(1);
	CHECK_EQ(init_with(cpuid_fms_other), ST(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG));
	CHECK_EQ(last.rcx, 0xffffffff00000001ull);      /* leaf 1, no subleaf */
	CHECK_EQ(init_with(cpuid_fms_native), TDX_SUCCESS);
	CHECK_EQ(last.rcx, 0);
	CHECK_EQ(init_with(cpuid_allowed), TDX_SUCCESS);
}

TEST(init_reserved3)
{
	ready(1);
	CHECK_EQ(init_with(reserved3), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(init_arch_capabilities_config)
{
	ready(1);
	CHECK_EQ(init_with(arch_cap_no_flag),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_IA32_ARCH_CAPABILITIES_CONFIG));
	CHECK_EQ(init_with(arch_cap_bad_bit),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_IA32_ARCH_CAPABILITIES_CONFIG));
	CHECK_EQ(init_with(arch_cap_ok), TDX_SUCCESS);
	/* CPUID comes before IA32_ARCH_CAPABILITIES. */
	CHECK_EQ(init_with(cpuid_and_arch_cap_bad), ST(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG));
}

TEST(init_runs_once)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_mng_addcx(harness_page(), td.tdr), TDX_TDCX_NUM_INCORRECT);
}

TEST(init_failure_leaves_the_td_uninitialized)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	((struct td_params *)phys_to_virt(td.params))->max_vcpus = 0;
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), ST(TDX_OPERAND_INVALID, TDX_OPERAND_MAX_VCPUS));
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_OP_STATE), TDX_OP_STATE_INCORRECT);
	((struct td_params *)phys_to_virt(td.params))->max_vcpus = 1;
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
}

TEST(init_records_td_params_and_the_sept_root)
{
	struct td td;
	struct td_params *p;
	uint64_t eptp;
	unsigned gpaw;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	p = phys_to_virt(td.params);
	p->attributes = TD_ATTR_SEPT_VE_DISABLE;
	p->max_vcpus = 3;
	p->tsc_frequency = 0x78;
	p->mr_owner[0] = 0xab;
	CHECK_EQ(seam_td_sept_root(td.tdr, &eptp, &gpaw), false);       /* not yet */
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_ATTRIBUTES), TDX_SUCCESS);
	CHECK_EQ(last.r8, TD_ATTR_SEPT_VE_DISABLE);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_XFAM), TDX_SUCCESS);
	CHECK_EQ(last.r8, 3);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_MAX_VCPUS), TDX_SUCCESS);
	CHECK_EQ(last.r8, 3);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_TSC_FREQ), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x78);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_GPAW), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_OP_STATE), TDX_SUCCESS);
	CHECK_EQ(last.r8, OP_STATE_INITIALIZED);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_MROWNER), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xab);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_EPTP), TDX_SUCCESS);
	CHECK_EQ(last.r8, td.tdcx[TDCS_PAGE_SEPT_ROOT] | (3 << 3) | 6);
	CHECK(seam_td_sept_root(td.tdr, &eptp, &gpaw));
	CHECK_EQ(eptp, td.tdcx[TDCS_PAGE_SEPT_ROOT] | 0x1e);
	CHECK_EQ(gpaw, 48);
}

/* ---- TDH.MNG.RD ---- */

TEST(mng_rd_before_init)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_HKID), TDX_OP_STATE_INCORRECT);
	td = td_build(TD_KEYED, HKID + 1);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_HKID), TDX_TDCS_NOT_ALLOCATED);
}

TEST(mng_rd_unknown_or_malformed_field)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_mng_rd(td.tdr, 0x1110000300000099ull), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_MRTD + 6), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_HKID | 1ull << 34), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_HKID | 1ull << 24), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(last.r8, 0);
}

TEST(mng_rd_ignores_context_size_and_write_mask_bits)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_mng_rd(td.tdr, (MD_HKID & ~(3ull << 32)) | 2ull << 52 | BIT(51) | BIT(50)),
		 TDX_SUCCESS);
	CHECK_EQ(last.r8, HKID);
}

TEST(mng_rd_tdr_fields)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_LIFECYCLE), TDX_SUCCESS);
	CHECK_EQ(last.r8, TD_KEYS_CONFIGURED);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_NUM_TDCX), TDX_SUCCESS);
	CHECK_EQ(last.r8, TD_TDCS_PAGES);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_CHLDCNT), TDX_SUCCESS);
	CHECK_EQ(last.r8, TD_TDCS_PAGES);
	/* TDCX_PA carries the TD's KeyID, as the module stores it. */
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_TDCX_PA + 3), TDX_SUCCESS);
	CHECK_EQ(last.r8, td.tdcx[3] | (uint64_t)HKID << 46);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_TDCX_PA + TD_TDCS_PAGES), TDX_METADATA_FIELD_ID_INCORRECT);
}

TEST(mng_rd_mrtd_and_rtmrs_are_zero_before_finalize)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	for (unsigned i = 0; i < 6; i++) {
		CHECK_EQ(tdh_mng_rd(td.tdr, MD_MRTD + i), TDX_SUCCESS);
		CHECK_EQ(last.r8, 0);
	}
	/* RTMRs are the guest's and a debug host's only (prod_rd_mask 0 in
	 * tdr_tdcs_fields_lookup.c). */
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_RTMR + 23), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(last.r8, 0);
}

/* ---- TDH.VP.CREATE / ADDCX / INIT ---- */

TEST(vp_create_before_init)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_vp_create(harness_page(), td.tdr), TDX_OP_STATE_INCORRECT);
}

TEST(vp_create_takes_the_tdr_in_rdx)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_vp_create(harness_page(), td.tdr | 0x800), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_vp_create(harness_page(), td.tdcx[0]), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(vp_create_refuses_a_page_in_use)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_vp_create(td.tdcx[1], td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_create(td.tdr, td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_create(0x200000, td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(vp_create_records_the_owner)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = harness_page();
	CHECK_EQ(tdh_vp_create(tdvpr, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_rdmd(tdvpr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, PT_TDVPR);
	CHECK_EQ(last.rdx, td.tdr);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_CHLDCNT), TDX_SUCCESS);
	CHECK_EQ(last.r8, TD_TDCS_PAGES + 1);
	CHECK_EQ(seam_td_tdvpr(tdvpr)->state, VCPU_UNINITIALIZED);
	CHECK(seam_td_tdvpr(td.tdr) == NULL);
}

TEST(vp_addcx_takes_the_tdvpr_in_rdx)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_vp_addcx(harness_page(), td.tdr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_vp_addcx(harness_page(), td.tdr + 64), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
}

TEST(vp_addcx_refuses_a_page_in_use)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = vcpu_build(td.tdr, 1, false);
	CHECK_EQ(tdh_vp_addcx(tdvpr, tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_addcx(td.tdcx[2], tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_addcx(harness_page() | BIT(47), tdvpr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(vp_addcx_takes_exactly_the_tdvps_pages)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	CHECK_EQ(tdh_vp_addcx(harness_page(), tdvpr), TDX_TDCX_NUM_INCORRECT);
}

TEST(vp_addcx_after_vp_init)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	CHECK_EQ(tdh_vp_addcx(harness_page(), tdvpr), TDX_VCPU_STATE_INCORRECT);
}

TEST(vp_init_needs_every_tdvps_page)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES - 1, false);
	CHECK_EQ(tdh_vp_init(tdvpr, 0), TDX_TDCX_NUM_INCORRECT);
}

TEST(vp_init_needs_a_tdvpr)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_vp_init(td.tdr, 0), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_init(td.tdr + 8, 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_init(harness_page(), 0), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
}

TEST(vp_init_runs_once)
{
	struct td td;
	paddr_t tdvpr;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	CHECK_EQ(tdh_vp_init(tdvpr, 0), TDX_VCPU_STATE_INCORRECT);
}

TEST(vp_init_beyond_max_vcpus)
{
	struct td td = { 0 };
	paddr_t extra;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	((struct td_params *)phys_to_virt(td.params))->max_vcpus = 1;
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
	vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	extra = vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	CHECK_EQ(tdh_vp_init(extra, 0), TDX_MAX_VCPUS_EXCEEDED);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_NUM_VCPUS), TDX_SUCCESS);
	CHECK_EQ(last.r8, 1);
}

TEST(vp_init_records_the_initial_register_state)
{
	struct td td;
	paddr_t tdvpr[2];
	const struct td_tdvpr *vp;
	const struct td_vcpu_regs *r;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	tdvpr[0] = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	tdvpr[1] = vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	harness_lp = 1;
	CHECK_EQ(leaf(TDH_VP_INIT | V1, tdvpr[1], 0xfeed, 7, 0), TDX_SUCCESS);
	harness_lp = 0;
	vp = seam_td_tdvpr(tdvpr[1]);
	r = &vp->regs;
	CHECK_EQ(vp->state, VCPU_READY);
	CHECK_EQ(vp->vcpu_index, 1);
	CHECK_EQ(vp->x2apic_id, 7);
	CHECK_EQ(vp->assoc_lp, 1);
	CHECK_EQ(vp->ve_info.valid, 0);
	CHECK_EQ(r->gpr[TD_RBX], 48);
	CHECK_EQ(r->gpr[TD_RCX], 0xfeed);
	CHECK_EQ(r->gpr[TD_R8], 0xfeed);
	CHECK_EQ(r->gpr[TD_RDX], 0x806f8);
	CHECK_EQ(r->gpr[TD_RSI], 1);
	CHECK_EQ(r->gpr[TD_RAX] | r->gpr[TD_RDI] | r->gpr[TD_R15], 0);
	CHECK_EQ(r->rip, 0xfffffff0);
	CHECK_EQ(r->rflags, 2);
	CHECK_EQ(r->cr0, 0x21);
	CHECK_EQ(r->cr4, 0x2040);
	CHECK_EQ(r->ia32_efer, 0x901);
	CHECK_EQ(r->ia32_pat, 0x0007040600070406ull);
	CHECK_EQ(r->xcr0, 1);
	CHECK_EQ(r->dr6, 0xffff0ff0);
	CHECK_EQ(r->dr7, 0x400);
	CHECK_EQ(r->ia32_fmask, 0x20200);
	CHECK_EQ(r->cs.ar, 0xc09b);
	CHECK_EQ(r->cs.limit, 0xffffffff);
	CHECK_EQ(r->ss.ar, 0xc093);
	CHECK_EQ(r->ldtr.ar, 0x10082);
	CHECK_EQ(r->tr.ar, 0x8b);
	CHECK_EQ(r->gdtr_limit, 0xffff);
	CHECK_EQ(*(const uint64_t *)((const uint8_t *)phys_to_virt(vp->tdvps_pa[TDVPS_PAGE_XSAVE] &
								  TD_PA_MASK) + 520), BIT(63));
	/* Version 0: the x2APIC ID is the vCPU index. */
	CHECK_EQ(seam_td_tdvpr(tdvpr[0])->x2apic_id, 0);
	CHECK_EQ(seam_td_tdvpr(tdvpr[0])->regs.gpr[TD_RSI], 0);
	CHECK_EQ(tdh_mng_rd(td.tdr, MD_NUM_ASSOC), TDX_SUCCESS);
	CHECK_EQ(last.r8, 2);
}
