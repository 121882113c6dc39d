/* TDMR builder (hv/tdx/tdmr.c), the TDH.SYS.CONFIG checks of the model
 * (seam/tdmr_check.c), the Linux comparison model (hv/tdx/linux_tdmr.c) and
 * tools/tdmr-plan's map reader: one test per module rule, hand maps, the
 * real-world maps of tests/unit/tdmr_maps/, and properties over thousands
 * of generated maps (every layout the builder emits passes the module's
 * checks; on small maps it finds a layout exactly when one exists, with
 * the least PAMT). */
#include "shim.h"
#define TDMR_PLAN_NO_MAIN
#include "../../hv/tdx/tdmr.c"
#include "../../hv/tdx/linux_tdmr.c"
#include "../../seam/tdmr_check.c"
#include "../../tools/tdmr-plan.c"
#include "test.h"

#define ST(code, a, b, c) ((code) + (uint64_t)(a) + ((uint64_t)(b) << 8) + ((uint64_t)(c) << 16))

static const struct tdmr_limits default_limits = { 64, 16, { 16, 16, 16 } };

/* ---- the module's checks, one rule at a time ---- */

/* Two valid TDMRs: [0, 2 GiB) with its PAMTs after the first MiB, in one
 * reserved area that also covers [0, 1 MiB) (not convertible), and
 * [4 GiB, 6 GiB) with its PAMTs at its start. */
static struct tdmr_cmr cmrs[4];
static unsigned nr_cmrs;
static struct tdmr_info tv[TDMR_MAX_TDMRS];

static void baseline(void)
{
	memset(tv, 0, sizeof(tv));
	cmrs[0] = (struct tdmr_cmr){ MiB, 3 * GiB - MiB };
	cmrs[1] = (struct tdmr_cmr){ 4 * GiB, 4 * GiB };
	nr_cmrs = 2;

	tv[0].base = 0;
	tv[0].size = 2 * GiB;
	tv[0].pamt_4k_base = 0x100000;
	tv[0].pamt_4k_size = 0x800000;
	tv[0].pamt_2m_base = 0x900000;
	tv[0].pamt_2m_size = 0x4000;
	tv[0].pamt_1g_base = 0x904000;
	tv[0].pamt_1g_size = 0x1000;
	tv[0].rsvd[0] = (struct tdmr_reserved_area){ 0, 0x905000 };

	tv[1].base = 4 * GiB;
	tv[1].size = 2 * GiB;
	tv[1].pamt_4k_base = 4 * GiB;
	tv[1].pamt_4k_size = 0x800000;
	tv[1].pamt_2m_base = 4 * GiB + 0x800000;
	tv[1].pamt_2m_size = 0x4000;
	tv[1].pamt_1g_base = 4 * GiB + 0x804000;
	tv[1].pamt_1g_size = 0x1000;
	tv[1].rsvd[0] = (struct tdmr_reserved_area){ 0, 0x805000 };
}

static uint64_t hkid_mask;

static uint64_t check(unsigned n)
{
	struct tdmr_check_params cp = { cmrs, nr_cmrs, 64, 16, 16, hkid_mask };

	return tdmr_check_all(tv, n, &cp);
}

TEST(check_accepts_baseline)
{
	baseline();
	CHECK_EQ(check(2), TDX_SUCCESS);
	CHECK_EQ(check(1), TDX_SUCCESS);
}

TEST(check_count)
{
	baseline();
	CHECK_EQ(check(0), TDX_OPERAND_INVALID + TDX_OPERAND_RDX);
	CHECK_EQ(check(65), TDX_OPERAND_INVALID + TDX_OPERAND_RDX);
	CHECK_EQ(check(64), ST(TDX_NON_ORDERED_TDMR, 2, 0, 0)); /* entry 2 is all zero */
}

TEST(check_tdmr_wraps)
{
	baseline();
	tv[1].base = 0xffffffffc0000000ull;         /* checked before the order */
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
}

TEST(check_tdmr_order)
{
	baseline();
	tv[1].base = 0;                             /* same base: overlaps */
	CHECK_EQ(check(2), ST(TDX_NON_ORDERED_TDMR, 1, 0, 0));
	baseline();
	tv[2] = tv[0];                              /* TDMR 1 below TDMR 0 */
	tv[0] = tv[1];
	tv[1] = tv[2];
	CHECK_EQ(check(1), TDX_SUCCESS);
	CHECK_EQ(check(2), ST(TDX_NON_ORDERED_TDMR, 1, 0, 0));
	baseline();
	tv[1].base = GiB;                           /* inside TDMR 0 */
	CHECK_EQ(check(2), ST(TDX_NON_ORDERED_TDMR, 1, 0, 0));
}

TEST(check_tdmr_alignment)
{
	baseline();
	tv[1].base = 4 * GiB + 2 * MiB;
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
	baseline();
	tv[1].size = GiB + 4096;
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
	baseline();
	tv[1].size = 0;
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
}

TEST(check_tdmr_address_width_and_keyid)
{
	baseline();
	tv[1].base = BIT(52);
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
	baseline();
	hkid_mask = BIT(52) - BIT(46);
	tv[1].base = BIT(46);                       /* KeyID bits in the base */
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
	baseline();
	tv[1].base = BIT(46) - GiB;                 /* ... in the last byte */
	CHECK_EQ(check(2), ST(TDX_INVALID_TDMR, 1, 0, 0));
	hkid_mask = 0;
	/* The model's own platform has KeyID bits 51:46. */
	baseline();
	tv[1].base = BIT(46);
	CHECK_EQ(tdmr_check(tv, 2, cmrs, nr_cmrs, 16), ST(TDX_INVALID_TDMR, 1, 0, 0));
	baseline();
	CHECK_EQ(tdmr_check(tv, 2, cmrs, nr_cmrs, 16), TDX_SUCCESS);
}

TEST(check_reserved_null_then_area)
{
	baseline();
	tv[1].rsvd[2] = (struct tdmr_reserved_area){ 0x1000000, 0x1000 };
	CHECK_EQ(check(2), ST(TDX_NON_ORDERED_RESERVED_IN_TDMR, 1, 1, 0));
}

TEST(check_reserved_wraps)
{
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0xfffffffffffff000ull, 0x2000 };
	CHECK_EQ(check(2), ST(TDX_INVALID_RESERVED_IN_TDMR, 1, 1, 0));
	baseline();
	/* offset + size fits, base + offset does not. */
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0xffffffff00000000ull, 0x1000 };
	CHECK_EQ(check(2), ST(TDX_INVALID_RESERVED_IN_TDMR, 1, 1, 0));
}

TEST(check_reserved_order)
{
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x10000000, 0x1000 };
	tv[1].rsvd[2] = (struct tdmr_reserved_area){ 0x8000000, 0x1000 };
	CHECK_EQ(check(2), ST(TDX_NON_ORDERED_RESERVED_IN_TDMR, 1, 2, 0));
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x804000, 0x2000 };  /* overlaps area 0 */
	CHECK_EQ(check(2), ST(TDX_NON_ORDERED_RESERVED_IN_TDMR, 1, 1, 0));
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x805000, 0x1000 };  /* touching is fine */
	CHECK_EQ(check(2), TDX_SUCCESS);
}

TEST(check_reserved_alignment_and_bounds)
{
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x10000800, 0x1000 };
	CHECK_EQ(check(2), ST(TDX_INVALID_RESERVED_IN_TDMR, 1, 1, 0));
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x10000000, 0x1800 };
	CHECK_EQ(check(2), ST(TDX_INVALID_RESERVED_IN_TDMR, 1, 1, 0));
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 2 * GiB - 0x1000, 0x2000 };
	CHECK_EQ(check(2), ST(TDX_INVALID_RESERVED_IN_TDMR, 1, 1, 0));
	baseline();
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 2 * GiB - 0x1000, 0x1000 };
	CHECK_EQ(check(2), TDX_SUCCESS);
}

TEST(check_pamt_fields)
{
	baseline();
	tv[1].pamt_1g_base += 0x800;
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_1G, 0));
	baseline();
	tv[1].pamt_2m_size = 0x1000;                /* 2 GiB needs 1024 entries of 16 */
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_2M, 0));
	baseline();
	tv[1].pamt_4k_base = BIT(52);
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_4K, 0));
	baseline();
	tv[1].pamt_4k_size = 0xfffffffffffff000ull; /* base + size wraps */
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_4K, 0));
	baseline();
	tv[1].pamt_4k_size = 0x800800;              /* not a whole number of pages */
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_4K, 0));
	baseline();
	hkid_mask = BIT(52) - BIT(40);
	tv[1].pamt_2m_size = BIT(40);               /* last byte has KeyID bits */
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_2M, 0));
	hkid_mask = 0;
	/* 1G is checked first. */
	baseline();
	tv[1].pamt_4k_base = BIT(52);
	tv[1].pamt_1g_size = 0;
	CHECK_EQ(check(2), ST(TDX_INVALID_PAMT, 1, TDX_PS_1G, 0));
}

TEST(check_pamt_overlaps_pamt)
{
	baseline();
	tv[1].pamt_2m_base = tv[0].pamt_1g_base;    /* another TDMR's PAMT */
	CHECK_EQ(check(2), ST(TDX_PAMT_OVERLAP, 1, TDX_PS_2M, 0));
	baseline();
	tv[1].pamt_1g_base = tv[1].pamt_4k_base;    /* its own 4K and 1G */
	CHECK_EQ(check(2), ST(TDX_PAMT_OVERLAP, 1, TDX_PS_4K, 1));
	baseline();
	tv[1].pamt_1g_base = tv[1].pamt_2m_base;    /* its own 2M and 1G */
	CHECK_EQ(check(2), ST(TDX_PAMT_OVERLAP, 1, TDX_PS_2M, 1));
}

TEST(check_pamt_overlaps_available_memory)
{
	baseline();
	tv[1].pamt_1g_base = 5 * GiB;               /* its own TDMR, not reserved */
	CHECK_EQ(check(2), ST(TDX_PAMT_OVERLAP, 1, TDX_PS_1G, 1));
	baseline();
	tv[1].pamt_4k_base = GiB;                   /* an earlier TDMR */
	CHECK_EQ(check(2), ST(TDX_PAMT_OVERLAP, 1, TDX_PS_4K, 0));
	baseline();
	tv[0].pamt_1g_base = 5 * GiB;               /* found when the later TDMR comes */
	CHECK_EQ(check(1), TDX_SUCCESS);
	CHECK_EQ(check(2), ST(TDX_PAMT_OVERLAP, 0, TDX_PS_1G, 1));
	baseline();
	tv[1].pamt_1g_base = 3 * GiB;               /* outside every TDMR: fine here */
	cmrs[0].size = 3 * GiB;
	CHECK_EQ(check(2), TDX_SUCCESS);
}

TEST(check_pamt_outside_cmrs)
{
	baseline();
	tv[0].pamt_1g_base = 3 * GiB;               /* no TDMR, no CMR there */
	CHECK_EQ(check(2), ST(TDX_PAMT_OUTSIDE_CMRS, 0, TDX_PS_1G, 0));
	baseline();
	tv[1].pamt_4k_base = 8 * GiB - 0x400000;    /* runs past the end of its CMR */
	tv[1].rsvd[0].size = 0;
	tv[1].rsvd[0] = (struct tdmr_reserved_area){ 0x800000, 0x5000 };
	CHECK_EQ(check(2), ST(TDX_PAMT_OUTSIDE_CMRS, 1, TDX_PS_4K, 0));
}

TEST(check_tdmr_outside_cmrs)
{
	baseline();
	tv[0].rsvd[0] = (struct tdmr_reserved_area){ 0x1000, 0x904000 };   /* [0, 4K) left out */
	CHECK_EQ(check(2), ST(TDX_TDMR_OUTSIDE_CMRS, 0, 0, 0));
	baseline();
	tv[1].size = 5 * GiB;                       /* runs past the CMR's end */
	tv[1].pamt_4k_size = 0x1400000;
	tv[1].pamt_2m_base = 4 * GiB + 0x1400000;
	tv[1].pamt_2m_size = 0xa000;
	tv[1].pamt_1g_base = 4 * GiB + 0x140a000;
	tv[1].rsvd[0].size = 0x140b000;
	CHECK_EQ(check(2), ST(TDX_TDMR_OUTSIDE_CMRS, 1, 0, 0));
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 4 * GiB, GiB };     /* now reserved */
	CHECK_EQ(check(2), TDX_SUCCESS);
}

TEST(check_cmrs_join_when_adjacent)
{
	baseline();
	cmrs[0] = (struct tdmr_cmr){ MiB, GiB - MiB };
	cmrs[1] = (struct tdmr_cmr){ GiB, 2 * GiB };
	cmrs[2] = (struct tdmr_cmr){ 4 * GiB, 4 * GiB };
	nr_cmrs = 3;
	CHECK_EQ(check(2), TDX_SUCCESS);
	cmrs[1] = (struct tdmr_cmr){ GiB + 0x1000, 2 * GiB };     /* a one-page gap */
	CHECK_EQ(check(2), ST(TDX_TDMR_OUTSIDE_CMRS, 0, 0, 0));
	cmrs[1] = (struct tdmr_cmr){ 0, 0 };        /* empty entries are skipped */
	cmrs[0] = (struct tdmr_cmr){ MiB, 3 * GiB - MiB };
	CHECK_EQ(check(2), TDX_SUCCESS);
}

TEST(check_order_of_rules)
{
	baseline();
	/* Reserved areas are checked before PAMTs, PAMTs before CMRs. */
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x10000800, 0x1000 };
	tv[1].pamt_1g_base += 0x800;
	CHECK_EQ(check(2), ST(TDX_INVALID_RESERVED_IN_TDMR, 1, 1, 0));
	baseline();
	tv[0].rsvd[0] = (struct tdmr_reserved_area){ 0x1000, 0x904000 };
	tv[0].pamt_1g_base = 3 * GiB;
	CHECK_EQ(check(2), ST(TDX_PAMT_OUTSIDE_CMRS, 0, TDX_PS_1G, 0));
	/* TDMR 0's faults come before TDMR 1's. */
	tv[1].base = 0;
	CHECK_EQ(check(2), ST(TDX_PAMT_OUTSIDE_CMRS, 0, TDX_PS_1G, 0));
}

TEST(check_reads_only_max_reserved_areas)
{
	struct tdmr_check_params cp = { cmrs, 2, 64, 1, 16, 0 };

	baseline();
	/* A second area the module does not read leaves a PAMT unreserved. */
	tv[1].rsvd[0] = (struct tdmr_reserved_area){ 0, 0x804000 };
	tv[1].rsvd[1] = (struct tdmr_reserved_area){ 0x804000, 0x1000 };
	CHECK_EQ(check(2), TDX_SUCCESS);
	CHECK_EQ(tdmr_check_all(tv, 2, &cp), ST(TDX_PAMT_OVERLAP, 1, TDX_PS_1G, 1));
}

TEST(check_reserved_lookup_and_names)
{
	char buf[96];

	baseline();
	CHECK(tdmr_info_reserved(&tv[0], 0));
	CHECK(tdmr_info_reserved(&tv[0], 0x904fff));
	CHECK(!tdmr_info_reserved(&tv[0], 0x905000));
	tdmr_check_format(ST(TDX_PAMT_OVERLAP, 3, TDX_PS_4K, 1), buf, sizeof(buf));
	CHECK_STR(buf, "TDX_PAMT_OVERLAP (TDMR 3 PAMT_4K, TDMR 1)");
	tdmr_check_format(ST(TDX_NON_ORDERED_RESERVED_IN_TDMR, 2, 5, 0), buf, sizeof(buf));
	CHECK_STR(buf, "TDX_NON_ORDERED_RESERVED_IN_TDMR (TDMR 2, area 5)");
	tdmr_check_format(TDX_OPERAND_INVALID + TDX_OPERAND_RDX, buf, sizeof(buf));
	CHECK_STR(buf, "TDX_OPERAND_INVALID (operand 2)");
	tdmr_check_format(ST(TDX_INVALID_PAMT, 0, TDX_PS_1G, 0), buf, sizeof(buf));
	CHECK_STR(buf, "TDX_INVALID_PAMT (TDMR 0 PAMT_1G)");
}

/* ---- the builder on hand-made maps ---- */

static struct tdmr_work work;
static struct tdmr_plan pl;
static struct tdmr_info infos[TDMR_MAX_TDMRS];

static bool build(const struct range *u, unsigned nu, const struct tdmr_cmr *c, unsigned nc,
		  const struct range *avoid, unsigned na, struct tdmr_limits lim, unsigned flags)
{
	struct tdmr_input in = { u, nu, c, nc, avoid, na, lim, flags };

	return tdmr_build(&in, &work, &pl);
}

/* Every layout the builder emits must pass the module's checks. */
static uint64_t check_plan(const struct tdmr_cmr *c, unsigned nc, const struct tdmr_limits *lim)
{
	struct tdmr_check_params cp = { c, nc, lim->max_tdmrs, lim->max_rsvd,
					lim->pamt_entry_size[0], 0 };

	for (unsigned t = 0; t < pl.nr_tdmrs; t++)
		tdmr_plan_to_info(&pl, t, &infos[t]);
	return tdmr_check_all(infos, pl.nr_tdmrs, &cp);
}

TEST(build_one_range)
{
	struct range u[] = { { MiB, 2 * GiB } };
	struct tdmr_cmr c[] = { { MiB, 2 * GiB - MiB } };

	CHECK(build(u, 1, c, 1, NULL, 0, default_limits, 0));
	CHECK_EQ(pl.nr_tdmrs, 1);
	CHECK_EQ(pl.tdmr[0].base, 0);
	CHECK_EQ(pl.tdmr[0].size, 2 * GiB);
	/* The PAMTs sit right after the hole below 1 MiB: one area for both. */
	CHECK_EQ(pl.tdmr[0].pamt[TDX_PS_4K].start, MiB);
	CHECK_EQ(pl.tdmr[0].pamt[TDX_PS_4K].end, MiB + 8 * MiB);
	CHECK_EQ(pl.tdmr[0].pamt[TDX_PS_2M].end - pl.tdmr[0].pamt[TDX_PS_2M].start, 16 * KiB);
	CHECK_EQ(pl.tdmr[0].pamt[TDX_PS_1G].end - pl.tdmr[0].pamt[TDX_PS_1G].start, 4 * KiB);
	CHECK_EQ(pl.tdmr[0].nr_rsvd, 1);
	CHECK_EQ(pl.tdmr[0].rsvd[0].start, 0);
	CHECK_EQ(pl.tdmr[0].rsvd[0].end, 0x905000);
	CHECK_EQ(pl.pamt_bytes, 8 * MiB + 20 * KiB);
	CHECK_EQ(check_plan(c, 1, &default_limits), TDX_SUCCESS);
}

TEST(build_skips_empty_gigabytes_until_tdmrs_run_out)
{
	struct range u[] = { { MiB, GiB }, { 16 * GiB, 17 * GiB } };
	struct tdmr_cmr c[] = { { MiB, GiB - MiB }, { 16 * GiB, GiB } };
	struct tdmr_limits one = default_limits;

	CHECK(build(u, 2, c, 2, NULL, 0, default_limits, 0));
	CHECK_EQ(pl.nr_tdmrs, 2);
	CHECK_EQ(pl.pamt_bytes, 2 * (4 * MiB + 8 * KiB + 4 * KiB));
	/* One TDMR allowed: it bridges the 15 GiB gap, at 17 GiB of PAMT cost. */
	one.max_tdmrs = 1;
	CHECK(build(u, 2, c, 2, NULL, 0, one, 0));
	CHECK_EQ(pl.nr_tdmrs, 1);
	CHECK_EQ(pl.tdmr[0].size, 17 * GiB);
	CHECK_EQ(pl.pamt_bytes, 17 * 4 * MiB + 17 * 8 * KiB + 4 * KiB);
	CHECK_EQ(check_plan(c, 2, &one), TDX_SUCCESS);
}

TEST(build_reports_too_many_tdmrs)
{
	struct range u[] = { { GiB, 2 * GiB }, { 5 * GiB, 6 * GiB }, { 9 * GiB, 10 * GiB } };
	struct tdmr_cmr c[] = { { GiB, GiB }, { 5 * GiB, GiB }, { 9 * GiB, GiB } };
	struct tdmr_limits lim = { 1, 1, { 16, 16, 16 } };

	CHECK(!build(u, 3, c, 3, NULL, 0, lim, 0));
	CHECK_EQ(pl.result, TDMR_ERR_TOO_MANY_TDMRS);
	CHECK_STR(pl.msg, "the map needs 2 TDMRs, the module allows 1");
	CHECK_EQ(pl.need, 2);
	CHECK_EQ(pl.allowed, 1);
	lim.max_tdmrs = 2;
	CHECK(build(u, 3, c, 3, NULL, 0, lim, 0));
	CHECK_EQ(pl.nr_tdmrs, 2);
	CHECK_EQ(check_plan(c, 3, &lim), TDX_SUCCESS);
}

TEST(build_reports_too_many_reserved_areas)
{
	struct range u[5];
	struct tdmr_cmr c[5];
	struct tdmr_limits lim = default_limits;

	for (unsigned i = 0; i < 5; i++) {
		u[i] = (struct range){ GiB + (2 * i + 1) * 64 * MiB, GiB + (2 * i + 2) * 64 * MiB };
		c[i] = (struct tdmr_cmr){ u[i].start, 64 * MiB };
	}
	lim.max_rsvd = 5;
	CHECK(!build(u, 5, c, 5, NULL, 0, lim, 0));
	CHECK_EQ(pl.result, TDMR_ERR_TOO_MANY_RSVD);
	CHECK_STR(pl.msg, "the 1 GiB block [0x40000000, 0x80000000) needs 6 reserved areas on its own, the module allows 5 per TDMR");
	lim.max_rsvd = 6;
	CHECK(build(u, 5, c, 5, NULL, 0, lim, 0));
	CHECK_EQ(pl.max_rsvd_used, 6);
	CHECK_EQ(check_plan(c, 5, &lim), TDX_SUCCESS);
}

TEST(build_reports_no_room_for_pamt)
{
	struct range u[] = { { GiB, GiB + 4 * KiB } };
	struct tdmr_cmr c[] = { { GiB, GiB } };

	CHECK(!build(u, 1, c, 1, NULL, 0, default_limits, 0));
	CHECK_EQ(pl.result, TDMR_ERR_NO_PAMT_SPACE);
	CHECK_STR(pl.msg, "no room for the PAMT_4K of TDMR 0 [0x40000000, 0x80000000): it needs 4194304 contiguous bytes of usable memory, the largest free range is 4096 bytes");
}

TEST(build_needs_a_reserved_area_for_pamt)
{
	struct range u[] = { { GiB, 2 * GiB } };
	struct tdmr_cmr c[] = { { GiB, GiB } };
	struct tdmr_limits lim = default_limits;

	lim.max_rsvd = 0;
	CHECK(!build(u, 1, c, 1, NULL, 0, lim, 0));
	CHECK_EQ(pl.result, TDMR_ERR_TOO_MANY_RSVD);
	CHECK_STR(pl.msg, "no place for the PAMT_4K of TDMR 0 [0x40000000, 0x80000000) within 0 reserved areas per TDMR");
	lim.max_rsvd = 1;
	CHECK(build(u, 1, c, 1, NULL, 0, lim, 0));
	CHECK_EQ(pl.tdmr[0].nr_rsvd, 1);
	CHECK_EQ(check_plan(c, 1, &lim), TDX_SUCCESS);
}

TEST(build_keeps_pamts_out_of_avoided_ranges)
{
	struct range u[] = { { MiB, 2 * GiB } };
	struct range avoid[] = { { 1900 * MiB, 2 * GiB }, { MiB, 64 * MiB } };
	struct tdmr_cmr c[] = { { MiB, 2 * GiB - MiB } };

	CHECK(build(u, 1, c, 1, avoid, 2, default_limits, 0));
	for (int ps = 0; ps < TDX_PS_NR; ps++) {
		CHECK(pl.tdmr[0].pamt[ps].start >= 64 * MiB);
		CHECK(pl.tdmr[0].pamt[ps].end <= 1900 * MiB);
	}
	/* Not next to a hole any more: one area for the PAMTs, one for [0, 1M). */
	CHECK_EQ(pl.tdmr[0].nr_rsvd, 2);
	CHECK_EQ(check_plan(c, 1, &default_limits), TDX_SUCCESS);
}

TEST(build_relaxed_reserves_only_non_convertible_holes)
{
	struct range u[] = { { MiB, 100 * MiB }, { 200 * MiB, 300 * MiB }, { 400 * MiB, 2 * GiB } };
	struct tdmr_cmr c[] = { { MiB, 2 * GiB - MiB } };

	CHECK(build(u, 3, c, 1, NULL, 0, default_limits, 0));
	CHECK_EQ(pl.max_rsvd_used, 3);
	CHECK(build(u, 3, c, 1, NULL, 0, default_limits, TDMR_FLAG_RESERVE_NON_CMR_ONLY));
	CHECK_EQ(pl.max_rsvd_used, 1);
	CHECK_EQ(pl.tdmr[0].rsvd[0].start, 0);
	CHECK_EQ(check_plan(c, 1, &default_limits), TDX_SUCCESS);
}

TEST(build_fills_one_page_fragments_with_pamts)
{
	/* [2G, 3G) holds 5 holes joined by two one-page fragments. */
	struct range u[] = { { MiB, 2 * GiB + 0x1000000 }, { 2 * GiB + 0x2000000, 2 * GiB + 0x2001000 },
			     { 2 * GiB + 0x3000000, 2 * GiB + 0x3001000 },
			     { 2 * GiB + 0x4000000, 3 * GiB - 0x1000000 } };
	struct tdmr_cmr c[] = { { MiB, 3 * GiB - MiB } };
	struct tdmr_limits lim = default_limits;

	lim.max_rsvd = 3;
	CHECK(build(u, 4, c, 1, NULL, 0, lim, 0));
	CHECK(pl.max_rsvd_used <= 3);
	CHECK_EQ(check_plan(c, 1, &lim), TDX_SUCCESS);
	lim.max_rsvd = 1;
	CHECK(!build(u, 4, c, 1, NULL, 0, lim, 0));
	CHECK_EQ(pl.result, TDMR_ERR_TOO_MANY_RSVD);
	CHECK_STR(pl.msg, "the 1 GiB block [0x80000000, 0xc0000000) needs 2 reserved areas on its own (with PAMTs in its one-page ranges), the module allows 1 per TDMR");
}

TEST(build_rejects_bad_input)
{
	struct range unsorted[] = { { 2 * GiB, 3 * GiB }, { GiB, 2 * GiB - 4096 } };
	struct range u[] = { { GiB, 2 * GiB } };
	struct tdmr_cmr c[] = { { GiB, GiB } }, half[] = { { GiB, GiB / 2 } };
	struct tdmr_cmr overlapping[] = { { GiB, GiB }, { GiB + MiB, GiB } };
	struct tdmr_limits lim = default_limits;

	CHECK(!build(unsorted, 2, c, 1, NULL, 0, default_limits, 0));
	CHECK_STR(pl.msg, "usable range 1 [0x40000000, 0x7ffff000) is out of order or overlaps");
	CHECK(!build(u, 1, half, 1, NULL, 0, default_limits, 0));
	CHECK_STR(pl.msg, "usable range [0x40000000, 0x80000000) is not inside a CMR");
	CHECK(!build(u, 1, overlapping, 2, NULL, 0, default_limits, 0));
	CHECK_STR(pl.msg, "CMR 1 [0x40100000, +0x40000000) is out of order or overlaps");
	CHECK(!build(u, 0, c, 1, NULL, 0, default_limits, 0));
	CHECK_STR(pl.msg, "no TDX-usable memory");
	lim.pamt_entry_size[TDX_PS_2M] = 0;
	CHECK(!build(u, 1, c, 1, NULL, 0, lim, 0));
	CHECK_STR(pl.msg, "PAMT_2M entry size 0 is not 1..4096 bytes");
	CHECK_EQ(pl.result, TDMR_ERR_INPUT);
}

TEST(build_handles_many_ranges)
{
	static struct range u[TDMR_MAX_RANGES + 1];
	struct tdmr_cmr c[] = { { MiB, 64 * GiB } };

	for (unsigned i = 0; i <= TDMR_MAX_RANGES; i++)
		u[i] = (struct range){ MiB + i * 64 * MiB, MiB + i * 64 * MiB + 32 * MiB };
	CHECK(!build(u, TDMR_MAX_RANGES + 1, c, 1, NULL, 0, default_limits, 0));
	CHECK_STR(pl.msg, "more than 256 usable ranges");
	/* 256 ranges, 16 per GiB: every 1 GiB block needs 16 or 17 areas. */
	CHECK(!build(u, TDMR_MAX_RANGES, c, 1, NULL, 0, default_limits, 0));
	CHECK_EQ(pl.result, TDMR_ERR_TOO_MANY_RSVD);
	CHECK(build(u, TDMR_MAX_RANGES, c, 1, NULL, 0, default_limits, TDMR_FLAG_RESERVE_NON_CMR_ONLY));
	CHECK_EQ(check_plan(c, 1, &default_limits), TDX_SUCCESS);
}

TEST(plan_to_info_round_trip)
{
	struct range u[] = { { MiB, 3 * GiB }, { 4 * GiB, 9 * GiB } };
	struct tdmr_cmr c[] = { { MiB, 3 * GiB - MiB }, { 4 * GiB, 5 * GiB } };

	CHECK(build(u, 2, c, 2, NULL, 0, default_limits, 0));
	for (unsigned t = 0; t < pl.nr_tdmrs; t++) {
		tdmr_plan_to_info(&pl, t, &infos[t]);
		CHECK_EQ(infos[t].base, pl.tdmr[t].base);
		CHECK_EQ(infos[t].pamt_4k_size, tdmr_pamt_size(pl.tdmr[t].size, TDX_PS_4K, 16));
		CHECK_EQ(infos[t].pamt_1g_size, 4096);
		for (unsigned r = 0; r < TDMR_MAX_RSVD; r++)
			CHECK_EQ(infos[t].rsvd[r].size != 0, r < pl.tdmr[t].nr_rsvd);
	}
	CHECK_EQ(sizeof(struct tdmr_info), 512);
}

/* ---- the Linux model ---- */

static struct linux_tdmr_result lres;

TEST(linux_model_one_tdmr_per_region)
{
	struct range ram[] = { { 0, 0x9f000 }, { MiB, 2 * GiB }, { 4 * GiB, 10 * GiB } };
	struct linux_tdmr_input in = { ram, 3, NULL, 0, default_limits };

	linux_tdmr_build(&in, &lres);
	CHECK_EQ(lres.err, 0);
	CHECK_EQ(lres.nr_tdmrs, 2);
	CHECK_EQ(lres.tdmr[0].base, 0);
	CHECK_EQ(lres.tdmr[0].size, 2 * GiB);
	CHECK_EQ(lres.tdmr[1].base, 4 * GiB);
	/* Both PAMTs in ZONE_NORMAL from its start: two more areas in TDMR 1. */
	CHECK_EQ(lres.tdmr[0].pamt_4k_base, 4 * GiB);
	CHECK_EQ(lres.max_rsvd, 2);
	CHECK_EQ(lres.max_rsvd_tdmr, 1);
	CHECK_EQ(lres.pamt_bytes, tdmr_pamt_total(2 * GiB, default_limits.pamt_entry_size) +
				  tdmr_pamt_total(6 * GiB, default_limits.pamt_entry_size));
}

TEST(linux_model_runs_out)
{
	static struct range ram[70];
	struct linux_tdmr_input in = { ram, 70, NULL, 0, default_limits };
	struct range few[] = { { MiB, 100 * MiB }, { 200 * MiB, 300 * MiB }, { 400 * MiB, GiB },
			       { 4 * GiB, 5 * GiB } };
	struct tdmr_limits lim = default_limits;

	for (unsigned i = 0; i < 70; i++)
		ram[i] = (struct range){ (2 * i + 1) * GiB, (2 * i + 2) * GiB };
	linux_tdmr_build(&in, &lres);
	CHECK_EQ(lres.err, -LINUX_ENOSPC);
	CHECK_EQ(lres.nr_tdmrs, 70);
	CHECK_STR(lres.msg, "initialization failed: TDMRs exhausted.");
	lim.max_rsvd = 3;
	in = (struct linux_tdmr_input){ few, 4, NULL, 0, lim };
	linux_tdmr_build(&in, &lres);
	CHECK_EQ(lres.err, 0);
	lim.max_rsvd = 2;
	in.limits = lim;
	linux_tdmr_build(&in, &lres);
	CHECK_EQ(lres.err, -LINUX_ENOSPC);
	CHECK_STR(lres.msg, "initialization failed: TDMR [0x0, 0x40000000): reserved areas exhausted.");
	CHECK_EQ(lres.max_rsvd, 3);
}

TEST(linux_model_splits_at_nodes)
{
	struct range ram[] = { { MiB, 2 * GiB }, { 4 * GiB, 8 * GiB } };
	struct linux_numa_range numa[] = { { 0, 6 * GiB, 0 }, { 6 * GiB, 8 * GiB, 1 } };
	struct linux_tdmr_input in = { ram, 2, numa, 2, default_limits };

	linux_tdmr_build(&in, &lres);
	CHECK_EQ(lres.err, 0);
	CHECK_EQ(lres.nr_tdmrs, 3);
	CHECK_EQ(lres.tdmr[2].base, 6 * GiB);
	/* TDMR 2's PAMT comes from node 1's memory. */
	CHECK(lres.tdmr[2].pamt_4k_base >= 6 * GiB);
	CHECK(lres.tdmr[1].pamt_4k_base < 6 * GiB);
}

/* ---- tdmr-plan's map reader ---- */

static struct map mp;

TEST(map_reader_formats)
{
	char err[256] = "";

	CHECK(map_parse("[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable\n"
			"[    0.000000] BIOS-e820: [mem 0x000000000009f000-0x00000000000fffff] reserved\n"
			"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000007fffffff] usable\n"
			"[    0.000000] BIOS-e820: [mem 0x0000000080000000-0x00000000bfffffff] usable\n"
			"[    0.010247] ACPI: SRAT: Node 1 PXM 1 [mem 0x80000000-0xbfffffff]\n",
			&mp, err, sizeof(err)));
	CHECK_EQ(mp.nr_ram, 2);
	CHECK_EQ(mp.ram[1].start, MiB);
	CHECK_EQ(mp.ram[1].end, 3 * GiB);
	CHECK_EQ(mp.nr_cmr, 1);                     /* RAM above 1 MiB */
	CHECK_EQ(mp.cmr[0].base, MiB);
	CHECK_EQ(mp.nr_numa, 1);
	CHECK_EQ(mp.numa[0].end, 3 * GiB);
	CHECK(map_parse("BIOS-e820: 0000000000100000 - 0000000040000000 (usable)\n"
			"# BIOS-e820: [mem 0x0-0xfff] usable  (comment)\n", &mp, err, sizeof(err)));
	CHECK_EQ(mp.nr_ram, 1);
	CHECK_EQ(mp.ram[0].end, GiB);
	CHECK(map_parse("{\"ram\": [[\"0x100000\", \"0x80000000\"], [4294967296, \"0x140000000\"]],\n"
			" \"cmrs\": [[\"0x100000\", \"0x80000000\"], [\"0x100000000\", \"0x140000000\"]],\n"
			" \"avoid\": [[\"0x100000\", \"0x200000\"]]}", &mp, err, sizeof(err)));
	CHECK_EQ(mp.nr_ram, 2);
	CHECK_EQ(mp.nr_cmr, 2);
	CHECK_EQ(mp.nr_avoid, 1);
	CHECK(map_parse("virt/tdx: CMR: [0x100000, 0x6f800000)\n", &mp, err, sizeof(err)));
	CHECK_EQ(mp.nr_ram, 1);
	CHECK_EQ(mp.ram[0].end, 0x6f800000);
	CHECK(!map_parse("{\"ram\": [[1, 2], [3]]}", &mp, err, sizeof(err)));
	CHECK_STR(err, "\"ram\" is not a list of [start, end] pairs");
	CHECK(!map_parse("nothing here\n", &mp, err, sizeof(err)));
	CHECK_STR(err, "no RAM in the map");
}

/* ---- real-world maps (tests/unit/tdmr_maps/) ---- */

struct real_map {
	const char *file;
	unsigned tdmrs, max_rsvd;
	uint64_t pamt;
	unsigned lx_tdmrs, lx_max_rsvd;     /* Linux's algorithm */
	uint64_t lx_pamt;
	unsigned min_rsvd, lx_min_rsvd;     /* fewest reserved areas per TDMR that work */
};

static const struct real_map real_maps[] = {
	{ "amd-dell-c6525-epyc", 2, 4, 1075847168, 2, 5, 1075847168, 3, 5 },
	{ "clx-hpe-dl380-gen10", 2, 5, 537927680, 3, 7, 537931776, 4, 7 },
	{ "emr-canonical-tdx-135-cmrs", 2, 4, 1075847168, 5, 6, 1075859456, 1, 6 },
	{ "icx-hpe-dl360-gen10plus", 2, 5, 537927680, 3, 5, 537931776, 4, 5 },
	{ "icx-inspur-nf5280m6", 2, 3, 1075847168, 2, 3, 1075847168, 2, 3 },
	{ "icx-lenovo-sr650v2-512g", 2, 3, 2151690240, 3, 3, 2151690240, 2, 3 },
	{ "skx-huawei-2288hv5", 2, 2, 268967936, 3, 3, 268972032, 1, 3 },
	{ "skx-lenovo-sr950", 2, 5, 100868096, 2, 5, 100868096, 4, 5 },
	{ "spr-archercity-cxl", 2, 2, 537927680, 2, 3, 537927680, 1, 3 },
	{ "spr-eaglestream", 2, 2, 537927680, 3, 4, 537931776, 1, 4 },
};

static bool load(const char *name)
{
	char path[256], err[256] = "";

	snprintf(path, sizeof(path), "tests/unit/tdmr_maps/%s.e820", name);
	if (!map_load(path, &mp, err, sizeof(err))) {
		test_fail(__FILE__, __LINE__, err);
		return false;
	}
	return true;
}

TEST(real_maps_table)
{
	struct plan_opts o = { default_limits, 0 };
	struct outcome mine, lx;

	for (unsigned i = 0; i < ARRAY_SIZE(real_maps); i++) {
		const struct real_map *r = &real_maps[i];

		if (!load(r->file))
			continue;
		run_tdvisor(&mp, &o, &mine);
		if (!mine.ok)
			printf("  %s: %s\n", r->file, mine.msg);
		CHECK(mine.ok);
		CHECK_EQ(mine.check, TDX_SUCCESS);
		CHECK_EQ(mine.nr_tdmrs, r->tdmrs);
		CHECK_EQ(mine.max_rsvd, r->max_rsvd);
		CHECK_EQ(mine.pamt_bytes, r->pamt);
		run_linux(&mp, &o, &lx);
		CHECK(lx.ok);
		CHECK_EQ(lx.check, TDX_SUCCESS);
		CHECK_EQ(lx.nr_tdmrs, r->lx_tdmrs);
		CHECK_EQ(lx.max_rsvd, r->lx_max_rsvd);
		CHECK_EQ(lx.pamt_bytes, r->lx_pamt);
		/* PAMT never above Linux's for the same map. */
		CHECK(mine.pamt_bytes <= lx.pamt_bytes);
	}
}

TEST(real_maps_with_fewer_reserved_areas)
{
	for (unsigned i = 0; i < ARRAY_SIZE(real_maps); i++) {
		const struct real_map *r = &real_maps[i];
		struct plan_opts o = { default_limits, 0 };
		struct outcome mine, lx;

		if (!load(r->file))
			continue;
		o.limits.max_rsvd = r->min_rsvd;
		run_tdvisor(&mp, &o, &mine);
		CHECK(mine.ok);
		CHECK_EQ(mine.check, TDX_SUCCESS);
		if (r->min_rsvd) {
			o.limits.max_rsvd = r->min_rsvd - 1;
			run_tdvisor(&mp, &o, &mine);
			CHECK(!mine.ok);
		}
		o.limits.max_rsvd = r->lx_min_rsvd;
		run_linux(&mp, &o, &lx);
		CHECK(lx.ok);
		o.limits.max_rsvd = r->lx_min_rsvd - 1;
		run_linux(&mp, &o, &lx);
		CHECK(!lx.ok);
	}
}

TEST(real_map_failure_messages)
{
	struct plan_opts o = { default_limits, 0 };
	struct outcome mine, lx;

	if (!load("clx-hpe-dl380-gen10"))
		return;
	o.limits.max_rsvd = 3;
	run_tdvisor(&mp, &o, &mine);
	CHECK_STR(mine.msg, "the 1 GiB block [0x80000000, 0xc0000000) needs 4 reserved areas on its own (with PAMTs in its one-page ranges), the module allows 3 per TDMR");
	o.limits.max_rsvd = 6;
	run_linux(&mp, &o, &lx);
	CHECK_STR(lx.msg, "-ENOSPC: initialization failed: TDMR [0x0, 0xc0000000): reserved areas exhausted. (7 areas needed, 6 allowed)");
	run_tdvisor(&mp, &o, &mine);
	CHECK(mine.ok);
	o = (struct plan_opts){ default_limits, 0 };
	o.limits.max_tdmrs = 1;
	run_tdvisor(&mp, &o, &mine);       /* one TDMR across the 3-4 GiB hole */
	CHECK(mine.ok);
	CHECK_EQ(mine.nr_tdmrs, 1);
	CHECK_EQ(mine.check, TDX_SUCCESS);
	run_linux(&mp, &o, &lx);
	CHECK_STR(lx.msg, "-ENOSPC: initialization failed: TDMRs exhausted. (3 TDMRs needed, 1 allowed)");
	if (!load("spr-archercity-cxl"))
		return;
	o.limits.max_rsvd = 0;
	run_tdvisor(&mp, &o, &mine);
	CHECK_STR(mine.msg, "the 1 GiB block [0x0, 0x40000000) needs 1 reserved areas on its own, the module allows 0 per TDMR");
}

/* ---- properties over generated maps ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, so a failure names a reproducible map. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

struct gen_map {
	struct range u[48];
	unsigned nu;
	struct tdmr_cmr c[TDMR_MAX_CMRS];
	unsigned nc;
	struct range avoid[8];
	unsigned na;
	struct tdmr_limits lim;
	unsigned flags;
};

static bool covered_by(const struct range *r, unsigned n, paddr_t a, paddr_t b)
{
	for (unsigned i = 0; i < n; i++)
		if (a >= r[i].start && b <= r[i].end)
			return true;
	return false;
}

static bool in_cmr_list(const struct gen_map *g, paddr_t a, paddr_t b)
{
	/* Merged where adjacent, like the module. */
	paddr_t s = 0, e = 0;

	for (unsigned i = 0; i < g->nc; i++) {
		paddr_t cs = g->c[i].base, ce = cs + g->c[i].size;

		if (cs == e)
			cs = s;
		if (a >= cs && b <= ce)
			return true;
		s = cs;
		e = ce;
	}
	return false;
}

/* Checks the plan in pl against the map by sweeping every elementary
 * segment between interesting addresses. Returns a reason, or NULL. */
static const char *plan_violation(const struct gen_map *g)
{
	static paddr_t pts[2048];
	unsigned n = 0;
	bool relaxed = g->flags & TDMR_FLAG_RESERVE_NON_CMR_ONLY;

	if (pl.nr_tdmrs > g->lim.max_tdmrs)
		return "too many TDMRs";
	for (unsigned t = 0; t < pl.nr_tdmrs; t++) {
		const struct tdmr_desc *d = &pl.tdmr[t];

		if (!IS_ALIGNED(d->base, GiB) || !d->size || !IS_ALIGNED(d->size, GiB))
			return "TDMR not 1 GiB aligned";
		if (t && d->base < pl.tdmr[t - 1].base + pl.tdmr[t - 1].size)
			return "TDMRs out of order";
		if (d->nr_rsvd > g->lim.max_rsvd)
			return "too many reserved areas";
		for (int ps = 0; ps < TDX_PS_NR; ps++)
			if (d->pamt[ps].end - d->pamt[ps].start !=
			    tdmr_pamt_size(d->size, (enum tdx_page_size)ps, g->lim.pamt_entry_size[ps]))
				return "PAMT not at its floor size";
		pts[n++] = d->base;
		pts[n++] = d->base + d->size;
		for (unsigned r = 0; r < d->nr_rsvd; r++) {
			pts[n++] = d->rsvd[r].start;
			pts[n++] = d->rsvd[r].end;
		}
		for (int ps = 0; ps < TDX_PS_NR; ps++) {
			pts[n++] = d->pamt[ps].start;
			pts[n++] = d->pamt[ps].end;
		}
	}
	for (unsigned i = 0; i < g->nu; i++) {
		pts[n++] = ALIGN_UP(g->u[i].start, PAGE_SIZE);
		pts[n++] = ALIGN_DOWN(g->u[i].end, PAGE_SIZE);
	}
	for (unsigned i = 0; i < g->nc; i++) {
		pts[n++] = g->c[i].base;
		pts[n++] = g->c[i].base + g->c[i].size;
	}
	for (unsigned i = 0; i < g->na; i++) {
		pts[n++] = ALIGN_DOWN(g->avoid[i].start, PAGE_SIZE);
		pts[n++] = ALIGN_UP(g->avoid[i].end, PAGE_SIZE);
	}
	for (unsigned i = 1; i < n; i++)
		for (unsigned k = i; k > 0 && pts[k] < pts[k - 1]; k--) {
			paddr_t x = pts[k];
			pts[k] = pts[k - 1];
			pts[k - 1] = x;
		}
	for (unsigned i = 0; i + 1 < n; i++) {
		paddr_t a = pts[i], b = pts[i + 1];
		int tdmr = -1, pamts = 0;
		bool usable = false, reserved = false, avoided = false;

		if (a == b)
			continue;
		for (unsigned k = 0; k < g->nu; k++)
			usable |= a >= ALIGN_UP(g->u[k].start, PAGE_SIZE) && b <= ALIGN_DOWN(g->u[k].end, PAGE_SIZE);
		avoided = covered_by(g->avoid, g->na, a, b);
		for (unsigned t = 0; t < pl.nr_tdmrs; t++) {
			const struct tdmr_desc *d = &pl.tdmr[t];

			if (a >= d->base && b <= d->base + d->size) {
				tdmr = (int)t;
				reserved = covered_by(d->rsvd, d->nr_rsvd, a, b);
			}
			for (int ps = 0; ps < TDX_PS_NR; ps++)
				pamts += a >= d->pamt[ps].start && b <= d->pamt[ps].end;
		}
		if (pamts > 1)
			return "PAMTs overlap";
		if (pamts && (!usable || avoided))
			return "PAMT outside usable memory or in an avoided range";
		if (pamts && tdmr >= 0 && !reserved)
			return "PAMT inside a TDMR but not reserved";
		if (usable && tdmr < 0)
			return "usable memory outside every TDMR";
		if (usable && !pamts && reserved)
			return "usable memory reserved";
		if (tdmr >= 0 && !reserved && !usable && (!relaxed || !in_cmr_list(g, a, b)))
			return "unusable memory in a TDMR not reserved";
	}
	return NULL;
}

static void gen(struct gen_map *g, unsigned max_ranges, unsigned granules)
{
	paddr_t at = MiB + rnd_below(4) * GiB / 4;
	unsigned target = 1 + (unsigned)rnd_below(max_ranges);

	memset(g, 0, sizeof(*g));
	while (g->nu < target) {
		uint64_t len, gap;
		unsigned kind = (unsigned)rnd_below(8);

		/* Pages, a few MiB, a few hundred MiB, or GiBs. */
		len = kind == 0 ? PAGE_SIZE * (1 + rnd_below(3)) :
		      kind < 3 ? (1 + rnd_below(64)) * 64 * KiB :
		      kind < 6 ? (1 + rnd_below(32)) * 32 * MiB : (1 + rnd_below(3)) * GiB;
		if (at + len > (paddr_t)granules * GiB)
			break;
		g->u[g->nu++] = (struct range){ at, at + len };
		gap = rnd_below(3) == 0 ? PAGE_SIZE * (1 + rnd_below(4)) :
		      rnd_below(2) ? (1 + rnd_below(64)) * MiB : (1 + rnd_below(3)) * GiB;
		at += len + gap;
	}
	if (!g->nu)
		g->u[g->nu++] = (struct range){ MiB, 2 * MiB + 8 * MiB };
	/* CMRs: the usable ranges, or coarser ones bridging some gaps. */
	for (unsigned i = 0; i < g->nu && g->nc < TDMR_MAX_CMRS;) {
		paddr_t s = g->u[i].start, e = g->u[i].end;

		i++;
		while (i < g->nu && (rnd_below(3) == 0 || g->nc == TDMR_MAX_CMRS - 1)) {
			e = g->u[i].end;
			i++;
		}
		g->c[g->nc++] = (struct tdmr_cmr){ s, e - s };
	}
	for (unsigned i = 0; i < 8 && rnd_below(3) == 0; i++) {
		const struct range *u = &g->u[rnd_below(g->nu)];
		paddr_t s = u->start + rnd_below((u->end - u->start) / PAGE_SIZE) * PAGE_SIZE;

		g->avoid[g->na++] = (struct range){ s, MIN(u->end, s + (1 + rnd_below(512)) * PAGE_SIZE) };
	}
	g->lim.max_tdmrs = rnd_below(4) ? 1 + (unsigned)rnd_below(6) : 64;
	g->lim.max_rsvd = rnd_below(4) ? (unsigned)rnd_below(8) : 16;
	/* The module has one entry size for every level (sizeof(pamt_entry_t)). */
	g->lim.pamt_entry_size[0] = rnd_below(8) ? 16 : 1 + (unsigned)rnd_below(64);
	g->lim.pamt_entry_size[1] = g->lim.pamt_entry_size[2] = g->lim.pamt_entry_size[0];
	g->flags = rnd_below(4) == 0 ? TDMR_FLAG_RESERVE_NON_CMR_ONLY : 0;
}

static unsigned built_ok, built_fail;

static void check_generated(const struct gen_map *g, unsigned seed)
{
	const char *why;
	char m[256];

	if (!build(g->u, g->nu, g->c, g->nc, g->avoid, g->na, g->lim, g->flags)) {
		built_fail++;
		if (!pl.msg[0] || pl.result == TDMR_OK || pl.result == TDMR_ERR_INPUT ||
		    (pl.result != TDMR_ERR_NO_PAMT_SPACE && pl.need <= pl.allowed)) {
			snprintf(m, sizeof(m), "map %u: failed without a reason (%d) %s", seed,
				 pl.result, pl.msg);
			test_fail(__FILE__, __LINE__, m);
		}
		return;
	}
	built_ok++;
	why = plan_violation(g);
	if (why) {
		snprintf(m, sizeof(m), "map %u: %s", seed, why);
		test_fail(__FILE__, __LINE__, m);
		return;
	}
	if (check_plan(g->c, g->nc, &g->lim) != TDX_SUCCESS) {
		char st[96];

		tdmr_check_format(check_plan(g->c, g->nc, &g->lim), st, sizeof(st));
		snprintf(m, sizeof(m), "map %u: the module rejects the layout: %s", seed, st);
		test_fail(__FILE__, __LINE__, m);
	}
}

TEST(property_generated_maps)
{
	static struct gen_map g;

	rng_state = 0x9e3779b97f4a7c15ull;
	built_ok = built_fail = 0;
	for (unsigned seed = 0; seed < 4000; seed++) {
		gen(&g, seed % 4 == 3 ? 40 : 12, seed % 5 == 4 ? 64 : 12);
		check_generated(&g, seed);
	}
	printf("  4000 maps: %u built, %u beyond the limits\n", built_ok, built_fail);
	CHECK(built_ok > 2000);
	CHECK(built_fail > 100);
}

/* ---- optimality against brute force on small maps ---- */

/* Maps whose ranges start and end at least 64 MiB inside a 1 GiB block
 * and are at least 64 MiB long: every range next to a hole has room for
 * all PAMTs, so a layout exists exactly when some set of TDMRs has few
 * enough holes in each and at least one reserved area is allowed. */
static unsigned brute_holes(const struct gen_map *g, paddr_t a, paddr_t b)
{
	unsigned h = 0;
	paddr_t at = a;

	for (unsigned i = 0; i < g->nu; i++) {
		if (g->u[i].end <= a || g->u[i].start >= b)
			continue;
		if (g->u[i].start > at)
			h++;
		at = g->u[i].end;
	}
	return h + (at < b);
}

static bool granule_used(const struct gen_map *g, unsigned k)
{
	for (unsigned i = 0; i < g->nu; i++)
		if (g->u[i].start < (k + 1) * GiB && g->u[i].end > k * GiB)
			return true;
	return false;
}

/* Least PAMT of a cover of granules [k, G) with at most left TDMRs. */
static uint64_t brute(const struct gen_map *g, unsigned k, unsigned granules, unsigned left)
{
	uint64_t best = UINT64_MAX;

	if (k == granules)
		return 0;
	if (!granule_used(g, k))
		best = brute(g, k + 1, granules, left);
	if (!left)
		return best;
	for (unsigned e = k + 1; e <= granules; e++) {
		uint64_t rest;

		if (brute_holes(g, k * GiB, e * GiB) > g->lim.max_rsvd)
			break;
		if (!granule_used(g, k) || !granule_used(g, e - 1))
			continue;           /* never worth it: a smaller TDMR does */
		rest = brute(g, e, granules, left - 1);
		if (rest != UINT64_MAX)
			best = MIN(best, rest + tdmr_pamt_total((e - k) * GiB, g->lim.pamt_entry_size));
	}
	return best;
}

TEST(property_least_pamt_when_a_layout_exists)
{
	static struct gen_map g;
	unsigned agree_ok = 0, agree_fail = 0;

	rng_state = 12345;
	for (unsigned seed = 0; seed < 3000; seed++) {
		unsigned granules = 2 + (unsigned)rnd_below(6);
		paddr_t at = (rnd_below(granules) * 16 + 1 + rnd_below(14)) * 64 * MiB;
		uint64_t best;

		memset(&g, 0, sizeof(g));
		while (g.nu < 12) {
			/* Ends on 64 MiB steps 1..15 inside a GiB. */
			paddr_t end = at + (1 + rnd_below(24)) * 64 * MiB;

			if (end % GiB == 0)
				end += 64 * MiB;
			if (end > granules * GiB)
				break;
			g.u[g.nu++] = (struct range){ at, end };
			at = end + (1 + rnd_below(20)) * 64 * MiB;
			if (at % GiB == 0)
				at += 64 * MiB;
		}
		if (!g.nu)
			continue;
		for (unsigned i = 0; i < g.nu; i++)
			g.c[g.nc++] = (struct tdmr_cmr){ g.u[i].start, g.u[i].end - g.u[i].start };
		g.lim.max_tdmrs = 1 + (unsigned)rnd_below(4);
		g.lim.max_rsvd = 1 + (unsigned)rnd_below(5);
		for (int ps = 0; ps < TDX_PS_NR; ps++)
			g.lim.pamt_entry_size[ps] = 16;

		best = brute(&g, 0, granules, g.lim.max_tdmrs);
		if (build(g.u, g.nu, g.c, g.nc, NULL, 0, g.lim, 0)) {
			char m[160];

			if (best == UINT64_MAX || pl.pamt_bytes != best) {
				snprintf(m, sizeof(m), "map %u: built with PAMT %llu, brute force says %llu",
					 seed, (unsigned long long)pl.pamt_bytes, (unsigned long long)best);
				test_fail(__FILE__, __LINE__, m);
			}
			if (plan_violation(&g) || check_plan(g.c, g.nc, &g.lim) != TDX_SUCCESS) {
				snprintf(m, sizeof(m), "map %u: invalid layout", seed);
				test_fail(__FILE__, __LINE__, m);
			}
			agree_ok++;
		} else {
			if (best != UINT64_MAX) {
				char m[300];

				snprintf(m, sizeof(m), "map %u: no layout (%s) but one exists with PAMT %llu",
					 seed, pl.msg, (unsigned long long)best);
				test_fail(__FILE__, __LINE__, m);
			}
			agree_fail++;
		}
	}
	printf("  brute force agrees: %u with a layout, %u without\n", agree_ok, agree_fail);
	CHECK(agree_ok > 500 && agree_fail > 100);
}
