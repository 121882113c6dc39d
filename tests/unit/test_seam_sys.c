/* Conformance of the software TDX module's lifecycle leaves: each case
 * asserts the exact status (and operand id) the real module returns, per
 * intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/tdh_sys_*.c. */
#include "shim.h"
#include "seam_harness.h"
#include "test.h"

#define MD_MAX_TDMRS_ID 0x9100000100000008ull
#define ST(code, operand) ((code) | (operand))

TEST(seamcall_outside_vmx_root_is_ud)
{
	harness_boot(1, 1);
	harness_vmx_root = false;
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SEAMCALL_UD);
}

TEST(unknown_leaf_and_bad_version_are_operand_invalid_rax)
{
	harness_boot(1, 1);
	CHECK_EQ(call0(46), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(call0(TDH_SYS_INIT | TDH_LEAF_VERSION(1)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
	CHECK_EQ(call0(TDH_SYS_INIT | (1ull << 24)), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RAX));
}

TEST(sys_init_checks_attributes_then_state)
{
	struct tdx_module_args a = { .rcx = 1 };

	harness_boot(1, 1);
	CHECK_EQ(call(TDH_SYS_INIT, &a), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SUCCESS);
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SYS_INIT_NOT_PENDING);
}

TEST(lp_init_needs_sys_init_and_happens_once_per_lp)
{
	harness_boot(2, 1);
	CHECK_EQ(call_on(0, TDH_SYS_LP_INIT), TDX_SYS_INIT_NOT_PENDING);
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SUCCESS);
	CHECK_EQ(call_on(0, TDH_SYS_LP_INIT), TDX_SUCCESS);
	CHECK_EQ(call_on(0, TDH_SYS_LP_INIT), TDX_SYS_LP_INIT_DONE);
	CHECK_EQ(call_on(1, TDH_SYS_LP_INIT), TDX_SUCCESS);
	CHECK_EQ(call_on(2, TDH_SYS_LP_INIT), TDX_SYS_LP_INIT_NOT_PENDING);  /* not an LP */
}

TEST(sys_rd_needs_lp_init_and_walks_fields)
{
	struct tdx_module_args a = { .rdx = MD_MAX_TDMRS_ID };

	harness_boot(2, 1);
	call0(TDH_SYS_INIT);
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SYS_LP_INIT_NOT_DONE);
	CHECK_EQ(a.rdx, ~0ull);
	call_on(0, TDH_SYS_LP_INIT);
	a.rdx = MD_MAX_TDMRS_ID;
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
	CHECK_EQ(a.r8, 64);
	CHECK_EQ(a.rdx, 0x9100000100000009ull);        /* next: MAX_RESERVED_PER_TDMR */
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
	CHECK_EQ(a.r8, 16);
	a.rdx = 0;
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	CHECK_EQ(a.rdx, 0x0000000200000000ull);        /* NUM_PKGS comes first */
	a.rdx = 0x9100000100000007ull;
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_METADATA_FIELD_ID_INCORRECT);
	a.rdx = 0x0800000200000000ull;
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
	CHECK_EQ(a.r8, 0x8086);
	/* RAM minus the model's own SEAM range (the first 4 MiB here), which
	 * is not convertible memory. */
	a.rdx = 0x9000000300000080ull;                  /* CMR_BASE[0] */
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
	CHECK_EQ(a.r8, FAKE_PHYS_BASE + SEAM_RANGE_SIZE);
	a.rdx = 0x9000000300000100ull;                  /* CMR_SIZE[0] */
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
	CHECK_EQ(a.r8, FAKE_PHYS_SIZE - SEAM_RANGE_SIZE);
}

TEST(config_refused_until_every_lp_is_initialized)
{
	unsigned n;
	paddr_t pas;

	harness_boot(2, 1);
	call0(TDH_SYS_INIT);
	call_on(0, TDH_SYS_LP_INIT);
	pas = harness_tdmrs(&n);
	CHECK_EQ(sys_config(pas, n, 16), TDX_SYS_CONFIG_NOT_PENDING);
	call_on(1, TDH_SYS_LP_INIT);
	CHECK_EQ(sys_config(pas, n, 16), TDX_SUCCESS);
	CHECK_EQ(sys_config(pas, n, 16), TDX_SYS_CONFIG_NOT_PENDING);  /* only once */
}

TEST(config_operand_checks_in_module_order)
{
	unsigned n;
	paddr_t pas;

	harness_boot(1, 1);
	harness_init_lps(1);
	pas = harness_tdmrs(&n);
	CHECK_EQ(sys_config(pas + 8, n, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(sys_config(1ull << 52, n, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	/* KeyID 16 (a private one) in bits 51:46 of the array pointer. */
	CHECK_EQ(sys_config(pas | (16ull << 46), n, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	/* Inside the SEAM range. */
	CHECK_EQ(sys_config(FAKE_PHYS_BASE, n, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(sys_config(pas, 0, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(sys_config(pas, 65, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(sys_config(pas, n, 15), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8)); /* MKTME */
	CHECK_EQ(sys_config(pas, n, 64), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8)); /* past range */
	CHECK_EQ(sys_config(pas, n, 0), ST(TDX_OPERAND_INVALID, TDX_OPERAND_R8));
	/* A shared KeyID (1..15) in the pointer is fine: it names the same memory. */
	CHECK_EQ(sys_config(pas | (1ull << 46), n, 63), TDX_SUCCESS);  /* the last private one */
}

TEST(config_rejects_a_misaligned_tdmr_info_pointer)
{
	unsigned n;
	paddr_t pas;

	harness_boot(1, 1);
	harness_init_lps(1);
	pas = harness_tdmrs(&n);
	((uint64_t *)phys_to_virt(pas))[0] += 64;
	CHECK_EQ(sys_config(pas, n, 16), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(config_rejects_a_tdmr_outside_cmrs_via_the_validator)
{
	unsigned n;
	paddr_t pas;
	struct tdmr_info *info;

	harness_boot(1, 1);
	harness_init_lps(1);
	pas = harness_tdmrs(&n);
	info = phys_to_virt(((uint64_t *)phys_to_virt(pas))[0]);
	/* The last reserved area covers the hole above the CMR up to the end
	 * of the TDMR; make it stop 1 GiB / 2 short. */
	unsigned last = 0;
	while (last + 1 < TDMR_MAX_RSVD && info->rsvd[last + 1].size)
		last++;
	uint64_t size = info->rsvd[last].size;
	CHECK_EQ(info->rsvd[last].offset + size, info->size);
	CHECK(size > GiB / 2);
	info->rsvd[last].size = size - GiB / 2;
	CHECK_EQ(sys_config(pas, n, 16), TDX_TDMR_OUTSIDE_CMRS);      /* detail: TDMR 0 */
	CHECK_EQ(seam_global()->state, SYSINIT_DONE);                 /* nothing changed */
	info->rsvd[last].size = size;
	CHECK_EQ(sys_config(pas, n, 16), TDX_SUCCESS);
}

TEST(key_config_once_per_package_then_ready)
{
	unsigned n;
	paddr_t pas;

	harness_boot(4, 2);
	harness_init_lps(4);
	CHECK_EQ(call_on(0, TDH_SYS_KEY_CONFIG), TDX_SYS_KEY_CONFIG_NOT_PENDING);
	pas = harness_tdmrs(&n);
	harness_lp = 0;
	CHECK_EQ(sys_config(pas, n, 16), TDX_SUCCESS);
	CHECK_EQ(call_on(0, TDH_SYS_KEY_CONFIG), TDX_SUCCESS);       /* package 0 */
	CHECK_EQ(call_on(2, TDH_SYS_KEY_CONFIG), TDX_KEY_CONFIGURED); /* package 0 again */
	CHECK_EQ(seam_global()->state, SYSCONFIG_DONE);
	CHECK_EQ(call_on(1, TDH_SYS_KEY_CONFIG), TDX_SUCCESS);       /* package 1 */
	CHECK_EQ(seam_global()->state, SYS_READY);
	CHECK_EQ(call_on(3, TDH_SYS_KEY_CONFIG), TDX_SYS_KEY_CONFIG_NOT_PENDING);
}

TEST(tdmr_init_progresses_in_slices_and_marks_reserved_pamt_entries)
{
	unsigned n, calls = 0;
	paddr_t pas;
	uint64_t next = 0, status;
	struct seam_global *g;

	harness_boot(1, 1);
	harness_init_lps(1);
	pas = harness_tdmrs(&n);
	CHECK_EQ(sys_config(pas, n, 16), TDX_SUCCESS);
	CHECK_EQ(tdmr_init(0, &next), TDX_SYS_NOT_READY);
	CHECK_EQ(call0(TDH_SYS_KEY_CONFIG), TDX_SUCCESS);
	CHECK_EQ(tdmr_init(0x1000, &next), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdmr_init(8 * GiB, &next), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	g = seam_global();
	do {
		status = tdmr_init(g->tdmrs[0].base, &next);
		calls++;
		CHECK(IS_ALIGNED(next, GiB));
	} while (status == TDX_SUCCESS && next < g->tdmrs[0].base + g->tdmrs[0].size);
	CHECK_EQ(status, TDX_SUCCESS);
	CHECK_EQ(calls, g->tdmrs[0].size / (4 * MiB));    /* 1024 4K entries per call */
	CHECK_EQ(tdmr_init(g->tdmrs[0].base, &next), TDX_TDMR_ALREADY_INITIALIZED);
	/* Page 0 lies below the CMR: reserved; the CMR's first page is not. */
	const uint8_t *pamt = phys_to_virt(g->tdmrs[0].pamt_4k_base);
	CHECK_EQ(pamt[0], PAMT_RSVD);
	CHECK_EQ(pamt[(FAKE_PHYS_BASE + 28 * MiB) / PAGE_SIZE * 16],
		 tdmr_info_reserved(&g->tdmr_info[0], FAKE_PHYS_BASE + 28 * MiB) ? PAMT_RSVD : PAMT_NDA);
}

TEST(platform_msrs_describe_the_modelled_machine)
{
	uint64_t v;

	harness_boot(1, 1);
	CHECK(seam_read_msr(0x87, &v));
	CHECK_EQ(v, (48ull << 32) | 15);
	CHECK(seam_read_msr(0xfe, &v));
	CHECK(v & BIT(15));
	CHECK(seam_read_msr(0x1400, &v));
	CHECK_EQ(v, FAKE_PHYS_BASE | BIT(3));
	CHECK(seam_read_msr(0x1401, &v));
	CHECK_EQ(v & (BIT(10) | BIT(11)), BIT(10) | BIT(11));
	CHECK(!seam_read_msr(0x3a, &v));
}

TEST(status_names_are_decoded_for_logs)
{
	char buf[160];

	tdx_status_format(0xC000010000000045ull, buf, sizeof(buf));
	CHECK_STR(buf, "TDX_OPERAND_INVALID (operand 0x45 CPUID_CONFIG)");
	tdx_status_format(TDX_SYS_CONFIG_NOT_PENDING, buf, sizeof(buf));
	CHECK_STR(buf, "TDX_SYS_CONFIG_NOT_PENDING");
	tdx_status_format(TDX_SEAMCALL_VMFAILINVALID, buf, sizeof(buf));
	CHECK_STR(buf, "SEAMCALL VMfailInvalid (no TDX module)");
	CHECK_STR(tdx_status_name(TDX_KEY_CONFIGURED), "TDX_KEY_CONFIGURED");
}

TEST(injected_faults_follow_the_schedule_without_side_effects)
{
	struct manifest_fault f[2] = {
		{ .leaf = TDH_SYS_INIT, .status = MANIFEST_FAULT_SYS_BUSY, .after = 0, .times = 2 },
		{ .leaf = TDH_SYS_LP_INIT, .status = MANIFEST_FAULT_OPERAND_BUSY, .after = 1, .times = 1 },
	};

	harness_boot(2, 1);
	seam_set_faults(f, 2);
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SYS_BUSY);
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SYS_BUSY);
	CHECK_EQ(seam_global()->state, SYSINIT_PENDING);       /* nothing happened */
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SUCCESS);
	CHECK_EQ(call_on(0, TDH_SYS_LP_INIT), TDX_SUCCESS);     /* the first passes */
	CHECK_EQ(call_on(1, TDH_SYS_LP_INIT), TDX_OPERAND_BUSY);
	CHECK_EQ(seam_global()->nr_init_lps, 1);
	CHECK_EQ(call_on(1, TDH_SYS_LP_INIT), TDX_SUCCESS);
	seam_set_faults(NULL, 0);
}

TEST(shutdown_refuses_further_initialization)
{
	harness_boot(2, 1);
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SUCCESS);
	CHECK_EQ(call_on(0, TDH_SYS_LP_INIT), TDX_SUCCESS);
	CHECK_EQ(call_on(0, TDH_SYS_SHUTDOWN), TDX_SUCCESS);
	CHECK_EQ(call_on(1, TDH_SYS_LP_INIT), TDX_SYS_SHUTDOWN);
	CHECK_EQ(call0(TDH_SYS_INIT), TDX_SYS_INIT_NOT_PENDING);
}

TEST(tdmr_init_on_a_busy_tdmr_is_operand_busy)
{
	unsigned n;
	uint64_t next;
	struct seam_global *g;

	harness_boot(1, 1);
	harness_init_lps(1);
	paddr_t pas = harness_tdmrs(&n);

	CHECK_EQ(sys_config(pas, n, 16), TDX_SUCCESS);
	CHECK_EQ(call0(TDH_SYS_KEY_CONFIG), TDX_SUCCESS);
	g = seam_global();
	spin_lock(&g->tdmrs[0].lock);           /* another LP is initializing it */
	CHECK_EQ(tdmr_init(g->tdmrs[0].base, &next), ST(TDX_OPERAND_BUSY, TDX_OPERAND_RCX));
	spin_unlock(&g->tdmrs[0].lock);
	CHECK_EQ(tdmr_init(g->tdmrs[0].base, &next), TDX_SUCCESS);
}

TEST(sys_rd_array_elements_and_the_end_of_the_list)
{
	struct tdx_module_args a = { .rdx = 0x9000000300000080ull + SEAM_MAX_CMRS - 1 };

	harness_boot(1, 1);
	harness_init_lps(1);
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);    /* CMR_BASE[31]: unused, 0 */
	CHECK_EQ(a.r8, 0);
	CHECK_EQ(a.rdx, 0x9000000300000100ull);         /* next: CMR_SIZE[0] */
	a.rdx = 0x9800000100000200ull;                  /* TDVPS_BASE_SIZE, the last field */
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
	CHECK_EQ(a.r8, 6 * PAGE_SIZE);
	CHECK_EQ(a.rdx, ~0ull);                         /* no next field */
	a.rdx = 0x9000000300000080ull + SEAM_MAX_CMRS;  /* one past CMR_BASE[] */
	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_METADATA_FIELD_ID_INCORRECT);
}

TEST(key_config_is_per_package_not_per_lp_order)
{
	unsigned n;

	harness_boot(4, 2);
	harness_init_lps(4);
	paddr_t pas = harness_tdmrs(&n);

	CHECK_EQ(sys_config(pas, n, 16), TDX_SUCCESS);
	CHECK_EQ(call_on(3, TDH_SYS_KEY_CONFIG), TDX_SUCCESS);       /* package 1 first */
	CHECK_EQ(call_on(1, TDH_SYS_KEY_CONFIG), TDX_KEY_CONFIGURED); /* package 1 again */
	CHECK_EQ(call_on(2, TDH_SYS_KEY_CONFIG), TDX_SUCCESS);       /* package 0 */
	CHECK_EQ(seam_global()->state, SYS_READY);
}
