/* The CPUID values a TD sees (seam/td_cpuid.h), computed as the real
 * module does, in three steps:
 * - at TDH.SYS.INIT the platform's value of each leaf in cpuid_lookup,
 *   FIXED0-or-DYNAMIC bits cleared and FIXED1 bits set
 *   (complete_cpuid_handling, helpers.c);
 * - at TDH.MNG.INIT the TD's CPUID_CONFIG (CONFIG_DIRECT bits replaced,
 *   ALLOW_DIRECT bits cleared where the host gave 0), then what XFAM,
 *   ATTRIBUTES and TSC_FREQUENCY decide (read_and_set_cpuid_configurations,
 *   tdh_mng_init.c);
 * - at the CPUID exit what depends on the vCPU (td_cpuid_exit, td_cpuid.c).
 * The model computes all three at the exit from the CPU's current CPUID,
 * which is the same for a platform whose CPUID does not change. The table
 * is include/auto_gen/cpuid_configurations.c; the platform checks of
 * TDH.SYS.INIT (verify_mask/verify_value) are not modelled. */
#include "td_cpuid.h"

#define CPUID_NA               TD_CPUID_SUBLEAF_NA
#define CPUID_NO_CONFIG             0xff
#define LAST_BASE_LEAF   0x23u          /* CPUID_LAST_BASE_LEAF */
#define EXT_BASE         0x80000000u
#define HV_RANGE_FIRST   0x40000000u    /* CPUID_RESERVED_START..END: always #VE */
#define HV_RANGE_LAST    0x4fffffffu
#define XCR0_USER_BITS   0x602ffull     /* XCR0_USER_BIT_MASK: 0-7, 9, 17, 18 */
#define XSAVE_LEGACY_AND_HEADER 576u

/* One virtualized leaf/subleaf (cpuid_lookup_t). */
struct cpuid_leaf {
	uint32_t leaf, subleaf;
	uint8_t faulting;               /* always a #VE */
	uint8_t config;                 /* CPUID_CONFIG index, or CPUID_NO_CONFIG */
	struct td_cpuid_values fixed1, fixed0;
};

#define CPUID_LEAF(leaf, sub, fault, cfg, f1, f0) { leaf, sub, fault, cfg, f1, f0 }
#define CPUID_REGS(a, b, c, d) { a, b, c, d }
#define CPUID_ZERO CPUID_REGS(0, 0, 0, 0)
#define CPUID_ONES CPUID_REGS(~0u, ~0u, ~0u, ~0u)

static const struct cpuid_leaf cpuid_leaves[] = {
	CPUID_LEAF(0x0, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_REGS(0x23, 0, 0, 0), CPUID_REGS(0xffffffdc, 0, 0, 0)),
	CPUID_LEAF(0x1, CPUID_NA, 0, 0, CPUID_REGS(0, 0, 0x80000000, 0x200), CPUID_REGS(0xf000c000, 0xff0000ff, 0x08010060, 0x40120400)),
	CPUID_LEAF(0x3, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x4, 0, 0, 1, CPUID_ZERO, CPUID_REGS(0x3c00, 0, 0, 0x4)),
	CPUID_LEAF(0x4, 1, 0, 2, CPUID_ZERO, CPUID_REGS(0x3c00, 0, 0, 0x4)),
	CPUID_LEAF(0x4, 2, 0, 3, CPUID_ZERO, CPUID_REGS(0x3c00, 0, 0, 0x4)),
	CPUID_LEAF(0x4, 3, 0, 4, CPUID_ZERO, CPUID_REGS(0x3c00, 0, 0, 0xfffffff8)),
	CPUID_LEAF(0x4, 4, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x5, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0xffff0000, 0xffff0000, 0xfffffffc, 0)),
	CPUID_LEAF(0x6, CPUID_NA, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x7, 0, 0, 5, CPUID_ZERO, CPUID_REGS(0, 0x00404006, 0x643e8010, 0x002298c3)),
	CPUID_LEAF(0x7, 1, 0, 6, CPUID_ZERO, CPUID_REGS(0xffffe2cf, ~0u, ~0u, ~0u)),
	CPUID_LEAF(0x7, 2, 0, 10, CPUID_ZERO, CPUID_REGS(~0u, ~0u, ~0u, 0xffffffc0)),
	CPUID_LEAF(0x8, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0xa, CPUID_NA, 0, 7, CPUID_ZERO, CPUID_REGS(0, 0, 0, 0xffff6000)),
	CPUID_LEAF(0xd, 0, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0xfff9fd18, ~0u, 0, ~0u)),
	CPUID_LEAF(0xd, 1, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0xffffffe0, ~0u, 0xffff26ff, ~0u)),
	CPUID_LEAF(0xd, 2, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 3, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 4, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 5, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 6, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 7, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 8, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 9, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 10, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 11, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 12, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 13, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 14, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 15, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 16, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 17, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xd, 18, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, 0, ~0u)),
	CPUID_LEAF(0xe, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x11, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x12, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x13, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x14, 0, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0xfffffe00, 0x7ffffff0, ~0u)),
	CPUID_LEAF(0x14, 1, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0xfff8, 0, ~0u, ~0u)),
	CPUID_LEAF(0x15, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_REGS(0x1, 0, 0x017d7840, 0), CPUID_REGS(0xfffffffe, 0, 0xfe8287bf, ~0u)),
	CPUID_LEAF(0x19, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0xfffffff8, 0xffffffeb, 0xfffffffd, ~0u)),
	CPUID_LEAF(0x1c, CPUID_NA, 0, 8, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1d, 0, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1d, 1, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1e, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1f, 0, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1f, 1, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1f, 2, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1f, 3, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1f, 4, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x1f, 5, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x20, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	/* "IntelTDX    ": the TDX guest's own leaf. */
	CPUID_LEAF(0x21, 0, 0, CPUID_NO_CONFIG, CPUID_REGS(0, 0x65746e49, 0x20202020, 0x5844546c),
	  CPUID_REGS(~0u, 0x9a8b91b6, 0xdfdfdfdf, 0xa7bbab93)),
	CPUID_LEAF(0x22, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x23, 0, 0, 11, CPUID_ZERO, CPUID_REGS(0xfffffff0, 0, ~0u, ~0u)),
	CPUID_LEAF(0x23, 1, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, 0, ~0u, ~0u)),
	CPUID_LEAF(0x23, 2, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ONES),
	CPUID_LEAF(0x23, 3, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(0, ~0u, ~0u, ~0u)),
	CPUID_LEAF(0x80000000, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_REGS(0x80000008, 0, 0, 0), CPUID_REGS(0x7ffffff7, ~0u, ~0u, ~0u)),
	CPUID_LEAF(0x80000001, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(~0u, ~0u, 0xfffffede, 0xd3efffff)),
	CPUID_LEAF(0x80000006, CPUID_NA, 1, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_ZERO),
	CPUID_LEAF(0x80000007, CPUID_NA, 0, CPUID_NO_CONFIG, CPUID_ZERO, CPUID_REGS(~0u, ~0u, ~0u, 0xfffffeff)),
	CPUID_LEAF(0x80000008, CPUID_NA, 0, 9, CPUID_ZERO, CPUID_REGS(0xffff0000, 0xfffffdff, ~0u, ~0u)),
};

const struct td_cpuid_configurable td_cpuid_configurable[TD_NUM_CPUID_CONFIG] = {
	{ 0x1, CPUID_NA, CPUID_REGS(0x0fff3fff, 0x00ff0000, 0, 0), CPUID_REGS(0, 0, 0x31044d88, 0xb8440000) },
	{ 0x4, 0, CPUID_REGS(0xffffc3ff, 0xfffff000, ~0u, 0xfffffffb), CPUID_ZERO },
	{ 0x4, 1, CPUID_REGS(0xffffc3ff, 0xfffff000, ~0u, 0xfffffffb), CPUID_ZERO },
	{ 0x4, 2, CPUID_REGS(0xffffc3ff, 0xfffff000, ~0u, 0xfffffffb), CPUID_ZERO },
	{ 0x4, 3, CPUID_REGS(0xffffc3ff, 0xfffff000, ~0u, 0x7), CPUID_ZERO },
	{ 0x7, 0, CPUID_ZERO, CPUID_REGS(0, 0xdc2b9b18, 0x02417f65, 0x0005411c) },
	{ 0x7, 1, CPUID_ZERO, CPUID_REGS(0x1d30, 0, 0, 0) },
	{ 0xa, CPUID_NA, CPUID_ZERO, CPUID_ZERO },
	{ 0x1c, CPUID_NA, CPUID_ZERO, CPUID_REGS(0xff, 0, 0, 0) },
	{ 0x80000008, CPUID_NA, CPUID_ZERO, CPUID_REGS(0, 0x200, 0, 0) },
	{ 0x7, 2, CPUID_ZERO, CPUID_REGS(0, 0, 0, 0x28) },
	{ 0x23, 0, CPUID_ZERO, CPUID_REGS(0xf, 0, 0, 0) },
};

/* Bits an XFAM bit enables (xfam_mask_* of cpuid_configurations.c):
 * cleared when that XFAM bit is 0. */
struct xfam_mask {
	uint32_t leaf, subleaf;
	uint64_t xfam_bits;             /* any of them enables the bits */
	struct td_cpuid_values bits;
};

static const struct xfam_mask xfam_masks[] = {
	{ 0x1, CPUID_NA, BIT(2), CPUID_REGS(0, 0, 0x30001000, 0) },
	{ 0x7, 0, BIT(2), CPUID_REGS(0, 0x20, 0x600, 0) },
	{ 0x7, 0, BIT(5), CPUID_REGS(0, 0xdc230000, 0x5842, 0x0080010c) },
	{ 0x7, 0, BIT(6), CPUID_REGS(0, 0xdc230000, 0x5842, 0x0080010c) },
	{ 0x7, 0, BIT(7), CPUID_REGS(0, 0xdc230000, 0x5842, 0x0080010c) },
	{ 0x7, 0, BIT(8), CPUID_REGS(0, 0x02000000, 0, 0) },
	{ 0x7, 0, BIT(9), CPUID_REGS(0, 0, 0x8, 0) },
	{ 0x7, 0, BIT(11), CPUID_REGS(0, 0, 0x80, 0x00100000) },
	{ 0x7, 0, BIT(12), CPUID_REGS(0, 0, 0x80, 0x00100000) },
	{ 0x7, 0, BIT(14), CPUID_REGS(0, 0, 0, 0x20) },
	{ 0x7, 0, BIT(15), CPUID_REGS(0, 0, 0, 0x00080000) },
	{ 0x7, 0, BIT(17), CPUID_REGS(0, 0, 0, 0x03400000) },
	{ 0x7, 0, BIT(18), CPUID_REGS(0, 0, 0, 0x03400000) },
	{ 0x7, 1, BIT(5), CPUID_REGS(0x30, 0, 0, 0) },
	{ 0x7, 1, BIT(6), CPUID_REGS(0x30, 0, 0, 0) },
	{ 0x7, 1, BIT(7), CPUID_REGS(0x30, 0, 0, 0) },
	{ 0xd, 0, BIT(2), CPUID_REGS(0x4, 0, 0, 0) },
	{ 0xd, 0, BIT(5), CPUID_REGS(0xe0, 0, 0, 0) },
	{ 0xd, 0, BIT(6), CPUID_REGS(0xe0, 0, 0, 0) },
	{ 0xd, 0, BIT(7), CPUID_REGS(0xe0, 0, 0, 0) },
	{ 0xd, 0, BIT(9), CPUID_REGS(0x200, 0, 0, 0) },
	{ 0xd, 0, BIT(17), CPUID_REGS(0x60000, 0, 0, 0) },
	{ 0xd, 0, BIT(18), CPUID_REGS(0x60000, 0, 0, 0) },
	{ 0xd, 1, BIT(8), CPUID_REGS(0, 0, 0x100, 0) },
	{ 0xd, 1, BIT(11), CPUID_REGS(0, 0, 0x1800, 0) },
	{ 0xd, 1, BIT(12), CPUID_REGS(0, 0, 0x1800, 0) },
	{ 0xd, 1, BIT(14), CPUID_REGS(0, 0, 0x4000, 0) },
	{ 0xd, 1, BIT(15), CPUID_REGS(0, 0, 0x8000, 0) },
};

/* Register bits the special cases use. */
#define CPUID1_ECX_MONITOR     BIT(3)
#define CPUID1_ECX_OSXSAVE     BIT(27)
#define CPUID7_ECX_OSPKE       BIT(4)
#define CPUID7_ECX_LA57        BIT(16)
#define CPUID7_ECX_KL          BIT(23)
#define CPUID7_ECX_PKS         BIT(31)
#define CPUID_EXT1_EDX_SYSCALL BIT(11)
#define CR4_OSXSAVE            BIT(18)
#define CR4_PKE                BIT(22)
#define XFAM_PT                BIT(8)
#define XFAM_LBR               BIT(15)
#define XFAM_AMX               (BIT(17) | BIT(18))
#define LA_BITS_48             48u
#define LA_BITS_57             57u

static uint32_t *reg(struct td_cpuid_values *v, unsigned i)
{
	uint32_t *r[4] = { &v->eax, &v->ebx, &v->ecx, &v->edx };

	return r[i];
}

static uint32_t creg(const struct td_cpuid_values *v, unsigned i)
{
	return *reg((struct td_cpuid_values *)v, i);
}

static const struct cpuid_leaf *cpuid_find(uint32_t leaf, uint32_t subleaf)
{
	for (unsigned i = 0; i < ARRAY_SIZE(cpuid_leaves); i++)
		if (cpuid_leaves[i].leaf == leaf &&
		    (cpuid_leaves[i].subleaf == CPUID_NA || cpuid_leaves[i].subleaf == subleaf))
			return &cpuid_leaves[i];
	return NULL;
}

/* The platform's value as TDH.SYS.INIT reads it: 0 for a leaf beyond the
 * CPU's range; CPUID(1).EAX the platform's family/model/stepping. */
static struct td_cpuid_values cpuid_native(const struct td_cpuid_vcpu *v, const struct cpuid_leaf *e)
{
	uint32_t subleaf = e->subleaf == CPUID_NA ? 0 : e->subleaf;
	uint32_t max = e->leaf >= EXT_BASE ? v->native(EXT_BASE, 0).eax : v->native(0, 0).eax;
	struct td_cpuid_values n = { 0, 0, 0, 0 };

	if (e->leaf <= max)
		n = v->native(e->leaf, subleaf);
	if (e->leaf == 0x1 && v->platform_fms)
		n.eax = v->platform_fms;
	return n;
}

static void cpuid_apply_config(struct td_cpuid_values *out, const struct td_cpuid_configurable *c,
			       const struct td_cpuid_values *config)
{
	for (unsigned i = 0; i < 4; i++) {
		uint32_t direct = creg(&c->config_direct, i), allow = creg(&c->allow_direct, i);
		uint32_t *r = reg(out, i);

		*r = (*r & ~direct) | (creg(config, i) & direct);
		*r &= creg(config, i) | ~allow;
	}
}

static void cpuid_apply_xfam(struct td_cpuid_values *out, const struct cpuid_leaf *e, uint64_t xfam)
{
	for (unsigned i = 0; i < ARRAY_SIZE(xfam_masks); i++) {
		const struct xfam_mask *m = &xfam_masks[i];

		if (m->leaf != e->leaf || m->subleaf != e->subleaf || (xfam & m->xfam_bits))
			continue;
		for (unsigned r = 0; r < 4; r++)
			*reg(out, r) &= ~creg(&m->bits, r);
	}
}

/* calculate_xsave_area_max_size: the standard-format XSAVE area for the
 * user components XFAM enables. */
static uint32_t cpuid_xsave_size(const struct td_cpuid_vcpu *v, uint64_t xfam)
{
	uint32_t size = XSAVE_LEGACY_AND_HEADER;

	for (unsigned n = 2; n < 64; n++) {
		struct td_cpuid_values c;

		if (!(xfam & XCR0_USER_BITS & BIT(n)))
			continue;
		c = v->native(0xd, n);
		size = MAX(size, c.ebx + c.eax);
	}
	return size;
}

/* What TDH.MNG.INIT decides from XFAM, ATTRIBUTES and TSC_FREQUENCY. */
static void cpuid_td_config(const struct td_tdcs *tdcs, const struct td_cpuid_vcpu *v,
			    const struct cpuid_leaf *e, struct td_cpuid_values *out)
{
	struct td_cpuid_values dep;
	bool clear = false;

	cpuid_apply_xfam(out, e, tdcs->xfam);
	switch (e->leaf) {
	case 0x5:
		clear = !(td_cpuid_virtual(tdcs, v, 0x1, 0, &dep) && (dep.ecx & CPUID1_ECX_MONITOR));
		break;
	case 0x7:
		if (e->subleaf == 0) {
			out->ecx = (out->ecx & ~(CPUID7_ECX_PKS | CPUID7_ECX_KL)) |
				   ((tdcs->attributes & TD_ATTR_PKS) ? CPUID7_ECX_PKS : 0);
		}
		break;
	case 0xa:
		clear = !(tdcs->attributes & TD_ATTR_PERFMON);
		break;
	case 0xd:
		if (e->subleaf == 0)
			out->ecx = cpuid_xsave_size(v, tdcs->xfam);
		else if (e->subleaf >= 2)
			clear = !(tdcs->xfam & BIT(e->subleaf));
		break;
	case 0x14:
		clear = !(tdcs->xfam & XFAM_PT);
		break;
	case 0x15:
		out->ebx = tdcs->tsc_frequency;
		break;
	case 0x19:
		clear = true;           /* Key Locker: not for TDs */
		break;
	case 0x1c:
		clear = !(tdcs->xfam & XFAM_LBR);
		break;
	case 0x1d:
		clear = (tdcs->xfam & XFAM_AMX) != XFAM_AMX;
		break;
	case 0x80000008: {
		bool la57 = td_cpuid_virtual(tdcs, v, 0x7, 0, &dep) && (dep.ecx & CPUID7_ECX_LA57);

		out->eax = (out->eax & ~0xff00u) | (la57 ? LA_BITS_57 : LA_BITS_48) << 8;
		break;
	}
	}
	if (clear)
		*out = (struct td_cpuid_values){ 0, 0, 0, 0 };
}

/* What td_cpuid_exit makes depend on the vCPU. */
static void cpuid_vcpu_dynamic(const struct td_cpuid_vcpu *v, const struct cpuid_leaf *e,
			       struct td_cpuid_values *out)
{
	switch (e->leaf) {
	case 0x1:
		out->ebx = (out->ebx & 0x00ffffffu) | v->vcpu_index << 24;
		out->ecx = (out->ecx & ~CPUID1_ECX_OSXSAVE) |
			   ((v->cr4 & CR4_OSXSAVE) ? CPUID1_ECX_OSXSAVE : 0);
		break;
	case 0x7:
		if (e->subleaf == 0)
			out->ecx = (out->ecx & ~CPUID7_ECX_OSPKE) |
				   ((v->cr4 & CR4_PKE) ? CPUID7_ECX_OSPKE : 0);
		break;
	case 0xd:
		if (e->subleaf <= 1)
			out->ebx = v->native(0xd, e->subleaf).ebx;
		break;
	case 0x80000001:
		out->edx = (out->edx & ~CPUID_EXT1_EDX_SYSCALL) |
			   (v->long_mode ? CPUID_EXT1_EDX_SYSCALL : 0);
		break;
	}
}

bool td_cpuid_virtual(const struct td_tdcs *tdcs, const struct td_cpuid_vcpu *v,
		      uint32_t leaf, uint32_t subleaf, struct td_cpuid_values *out)
{
	uint32_t last_ext = v->native(EXT_BASE, 0).eax;
	const struct cpuid_leaf *e;

	/* A leaf beyond its range answers as the last base leaf. */
	if ((leaf < HV_RANGE_FIRST || leaf > HV_RANGE_LAST) &&
	    (leaf > last_ext || (leaf > LAST_BASE_LEAF && leaf < EXT_BASE)))
		leaf = LAST_BASE_LEAF;
	e = cpuid_find(leaf, subleaf);
	if (!e || e->faulting)
		return false;
	*out = cpuid_native(v, e);
	for (unsigned i = 0; i < 4; i++)
		*reg(out, i) = (creg(out, i) & ~creg(&e->fixed0, i)) | creg(&e->fixed1, i);
	if (e->config != CPUID_NO_CONFIG)
		cpuid_apply_config(out, &td_cpuid_configurable[e->config],
				   &tdcs->cpuid_config[e->config]);
	if (e->leaf == 0x1 && out->eax == 0)
		out->eax = v->platform_fms;     /* CPUID_CONFIG 0: native F/M/S */
	cpuid_td_config(tdcs, v, e, out);
	cpuid_vcpu_dynamic(v, e, out);
	return true;
}
