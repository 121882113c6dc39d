/* CPUID in a TD as the model answers it (seam/cpuid_virt.c): which leaves
 * become #VE, and the virtual values built from the platform's CPUID (a
 * fixed fake here), the TD's CPUID_CONFIG, XFAM, ATTRIBUTES and the
 * vCPU, per intel/tdx-module tdx_1.5 include/auto_gen/
 * cpuid_configurations.c, tdh_mng_init.c and td_cpuid.c. Also that
 * TDH.MNG.INIT refuses the CPUID_CONFIG bits the table does not make
 * configurable. */
#include "shim.h"
#include "seam_td_harness.h"
#include "test.h"

#define FMS 0x806f8

/* A platform: every leaf answers all-ones except the range maxima and
 * the XSAVE component sizes, so fixed and configured bits show. */
static struct td_cpuid_values fake_native(uint32_t leaf, uint32_t subleaf)
{
	if (leaf == 0)
		return (struct td_cpuid_values){ 0x20, 0x756e6547, 0x6c65746e, 0x49656e69 };
	if (leaf == 0x80000000)
		return (struct td_cpuid_values){ 0x80000008, 0, 0, 0 };
	if (leaf == 0xd && subleaf == 2)
		return (struct td_cpuid_values){ 256, 576, 0, 0 };    /* AVX: size, offset */
	return (struct td_cpuid_values){ ~0u, ~0u, ~0u, ~0u };
}

static struct td_tdcs tdcs;
static struct td_cpuid_vcpu vcpu;

static void setup(uint64_t xfam, uint64_t attributes)
{
	memset(&tdcs, 0, sizeof(tdcs));
	tdcs.xfam = xfam;
	tdcs.attributes = attributes;
	tdcs.tsc_frequency = 100;
	vcpu = (struct td_cpuid_vcpu){ .vcpu_index = 3, .cr4 = 0, .long_mode = true,
				       .platform_fms = FMS, .native = fake_native };
}

static bool virt(uint32_t leaf, uint32_t subleaf, struct td_cpuid_values *out)
{
	return td_cpuid_virtual(&tdcs, &vcpu, leaf, subleaf, out);
}

TEST(cpuid_leaves_the_module_does_not_answer_are_ve)
{
	struct td_cpuid_values v;

	setup(3, 0);
	CHECK(!virt(0x40000000, 0, &v));        /* the hypervisor range */
	CHECK(!virt(0x4fffffff, 0, &v));
	CHECK(!virt(0x6, 0, &v));               /* faulting: thermal/power */
	CHECK(!virt(0x1f, 0, &v));              /* faulting: topology */
	CHECK(!virt(0x80000006, 0, &v));
	CHECK(!virt(0xb, 0, &v));               /* not in the table */
	CHECK(!virt(0x2, 0, &v));
	CHECK(!virt(0x4, 5, &v));               /* a subleaf not in the table */
	CHECK(virt(0x4, 3, &v));
}

TEST(cpuid_tdx_leaf_and_vendor)
{
	struct td_cpuid_values v;

	setup(3, 0);
	CHECK(virt(0x21, 0, &v));
	CHECK_EQ(v.eax, 0);
	CHECK_EQ(v.ebx, 0x65746e49);            /* "IntelTDX    " */
	CHECK_EQ(v.edx, 0x5844546c);
	CHECK_EQ(v.ecx, 0x20202020);
	CHECK(virt(0x0, 0, &v));
	CHECK_EQ(v.eax, 0x23);                  /* the last virtualized base leaf */
	CHECK_EQ(v.ebx, 0x756e6547);
}

TEST(cpuid_leaf_1_fixed_configured_and_dynamic_bits)
{
	struct td_cpuid_values v;

	setup(3, 0);
	CHECK(virt(0x1, 0, &v));
	CHECK_EQ(v.eax, FMS);                   /* CPUID_CONFIG 0: the platform's */
	CHECK_EQ(v.ebx >> 24, 3);               /* INITIAL_APIC_ID = VCPU_INDEX */
	CHECK_EQ(v.ebx & 0xff00ff, 0);          /* brand index, logical CPUs: fixed 0 */
	CHECK(v.ecx & BIT(31));                 /* fixed 1: hypervisor present */
	CHECK(!(v.ecx & BIT(5)));               /* fixed 0: VMX */
	CHECK(!(v.ecx & BIT(27)));              /* OSXSAVE follows CR4 */
	CHECK(!(v.ecx & BIT(28)));              /* AVX: ALLOW_DIRECT, config 0 */
	CHECK(v.edx & BIT(9));                  /* fixed 1: APIC */
	vcpu.cr4 = BIT(18);
	tdcs.cpuid_config[0].ecx = BIT(28);
	CHECK(virt(0x1, 0, &v));
	CHECK(v.ecx & BIT(27));
	CHECK(!(v.ecx & BIT(28)));              /* XFAM has no AVX */
	tdcs.xfam = 7;
	CHECK(virt(0x1, 0, &v));
	CHECK(v.ecx & BIT(28));
}

TEST(cpuid_config_direct_replaces_the_native_value)
{
	struct td_cpuid_values v;

	setup(3, 0);
	tdcs.cpuid_config[1] = (struct td_cpuid_values){ 0x121, 0x01c0003f, 0x3f, 0x0 };
	CHECK(virt(0x4, 0, &v));
	CHECK_EQ(v.eax, 0x121);
	CHECK_EQ(v.ebx, 0x01c00fff);            /* line size (11:0) stays native */
	CHECK_EQ(v.ecx, 0x3f);
	CHECK_EQ(v.edx, 0);
}

TEST(cpuid_xfam_attributes_and_tsc_decide_whole_leaves)
{
	struct td_cpuid_values v;

	setup(3, 0);
	CHECK(virt(0xa, 0, &v));                /* no PERFMON */
	CHECK_EQ(v.eax | v.ebx | v.ecx | v.edx, 0);
	CHECK(virt(0xd, 2, &v));                /* XFAM[2] clear */
	CHECK_EQ(v.eax | v.ebx | v.ecx | v.edx, 0);
	CHECK(virt(0x15, 0, &v));
	CHECK_EQ(v.eax, 1);
	CHECK_EQ(v.ebx, 100);                   /* TSC_FREQUENCY, 25 MHz units */
	CHECK_EQ(v.ecx, 25000000);
	CHECK(virt(0x19, 0, &v));               /* Key Locker */
	CHECK_EQ(v.eax | v.ebx | v.ecx | v.edx, 0);
	setup(7, TD_ATTR_PERFMON | TD_ATTR_PKS);
	CHECK(virt(0xa, 0, &v));
	CHECK(v.eax != 0);
	CHECK(virt(0xd, 2, &v));
	CHECK_EQ(v.eax, 256);
	CHECK(virt(0xd, 0, &v));
	CHECK_EQ(v.ecx, 832);                   /* legacy + header + AVX */
	CHECK(virt(0x7, 0, &v));
	CHECK(v.ecx & BIT(31));                 /* PKS */
	CHECK(!(v.ecx & BIT(23)));              /* Key Locker */
}

TEST(cpuid_beyond_the_ranges_answers_as_the_last_base_leaf)
{
	struct td_cpuid_values a, b;

	setup(3, 0);
	CHECK(virt(0x23, 0, &a));
	CHECK(virt(0x30, 0, &b));
	CHECK_EQ(memcmp(&a, &b, sizeof(a)), 0);
	CHECK(virt(0x80000020, 0, &b));
	CHECK_EQ(memcmp(&a, &b, sizeof(a)), 0);
	CHECK(virt(0x80000001, 0, &b));
	CHECK(b.edx & BIT(11));                 /* SYSCALL in 64-bit mode */
	vcpu.long_mode = false;
	CHECK(virt(0x80000001, 0, &b));
	CHECK(!(b.edx & BIT(11)));
}

/* ---- TDH.MNG.INIT agrees with the table ---- */

TEST(mng_init_refuses_cpuid_config_bits_the_table_does_not_allow)
{
	struct td_params *p;
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	p = phys_to_virt(td.params);
	p->cpuid_config[5].ebx = BIT(0);        /* CPUID(7,0).EBX.FSGSBASE: native only */
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), ST(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG));
	CHECK_EQ(last.rcx, 0x7);
	p->cpuid_config[5].ebx = BIT(3);        /* BMI1: ALLOW_DIRECT */
	p->cpuid_config[0].eax = FMS + 1;       /* not the platform's F/M/S */
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), ST(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG));
	CHECK_EQ(last.rcx, 0x1 | (uint64_t)TD_CPUID_SUBLEAF_NA << 32);
	p->cpuid_config[0].eax = FMS;
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
}
