/* Building TDs in host tests of the software TDX module: one wrapper per
 * TD leaf (registers out left in `last`), a module ready for TDs, and
 * builders for each stage of a TD's life as KVM takes it (create, keys,
 * TDCS, TDH.MNG.INIT, vCPUs, S-EPT), which check each step with test.h's
 * CHECK_EQ. Include after shim.h. */
#ifndef TESTS_UNIT_SEAM_TD_HARNESS_H
#define TESTS_UNIT_SEAM_TD_HARNESS_H

#include "seam_harness.h"
#include "test.h"

#define ST(code, operand) ((code) | (operand))

#define HKID           17               /* the first private KeyID after the global one */
#define GPA0           0x200000ull      /* where the test TDs' image starts */
#define ALLOW_EXISTING BIT(0)
#define V1             TDH_LEAF_VERSION(1)

/* TDH.MNG.RD field ids (include/auto_gen/tdr_tdcs_fields_lookup.h). */
#define MD_NUM_TDCX    0x8010000200000002ull
#define MD_CHLDCNT     0x8010000300000004ull
#define MD_LIFECYCLE   0x8010000200000005ull
#define MD_TDCX_PA     0x8010000300000010ull
#define MD_HKID        0x8110000100000001ull
#define MD_NUM_VCPUS   0x9010000200000001ull
#define MD_NUM_ASSOC   0x9010000200000002ull
#define MD_OP_STATE    0x9010000200000004ull
#define MD_ATTRIBUTES  0x1110000300000000ull
#define MD_XFAM        0x1110000300000001ull
#define MD_MAX_VCPUS   0x1110000200000002ull
#define MD_GPAW        0x1110000000000003ull
#define MD_EPTP        0x1110000300000004ull
#define MD_TSC_FREQ    0x111000010000000Cull
#define MD_MRTD        0x1310000300000000ull
#define MD_MROWNER     0x1310000300000018ull
#define MD_RTMR        0x1310000300000040ull

/* ---- Calls: registers out are left in `last` ---- */

static struct tdx_module_args last;

static inline uint64_t leaf(uint64_t rax, uint64_t rcx, uint64_t rdx, uint64_t r8, uint64_t r9)
{
	last = (struct tdx_module_args){ .rcx = rcx, .rdx = rdx, .r8 = r8, .r9 = r9 };
	return call(rax, &last);
}

static inline uint64_t tdh_mng_create(paddr_t tdr, uint64_t hkid)
{
	return leaf(TDH_MNG_CREATE, tdr, hkid, 0, 0);
}

static inline uint64_t tdh_key_config(paddr_t tdr)
{
	return leaf(TDH_MNG_KEY_CONFIG, tdr, 0, 0, 0);
}

static inline uint64_t tdh_mng_addcx(paddr_t tdcx, paddr_t tdr)
{
	return leaf(TDH_MNG_ADDCX, tdcx, tdr, 0, 0);
}

static inline uint64_t tdh_mng_init(paddr_t tdr, paddr_t params)
{
	return leaf(TDH_MNG_INIT, tdr, params, 0, 0);
}

static inline uint64_t tdh_mng_rd(paddr_t tdr, uint64_t field)
{
	return leaf(TDH_MNG_RD, tdr, field, 0, 0);
}

static inline uint64_t tdh_vp_create(paddr_t tdvpr, paddr_t tdr)
{
	return leaf(TDH_VP_CREATE, tdvpr, tdr, 0, 0);
}

static inline uint64_t tdh_vp_addcx(paddr_t tdcx, paddr_t tdvpr)
{
	return leaf(TDH_VP_ADDCX, tdcx, tdvpr, 0, 0);
}

static inline uint64_t tdh_vp_init(paddr_t tdvpr, uint64_t rcx)
{
	return leaf(TDH_VP_INIT, tdvpr, rcx, 0, 0);
}

static inline uint64_t tdh_sept_add(uint64_t gpa_level, paddr_t tdr, paddr_t page)
{
	return leaf(TDH_MEM_SEPT_ADD, gpa_level, tdr, page, 0);
}

/* Version 1 with no L2 S-EPT pages (R9-R11 NULL_PA). */
static inline uint64_t tdh_sept_add_v1(uint64_t gpa_level, uint64_t tdr, uint64_t page)
{
	last = (struct tdx_module_args){ .rcx = gpa_level, .rdx = tdr, .r8 = page,
					 .r9 = NULL_PA, .r10 = NULL_PA, .r11 = NULL_PA };
	return call(TDH_MEM_SEPT_ADD | V1, &last);
}

static inline uint64_t tdh_sept_rd(uint64_t gpa_level, paddr_t tdr)
{
	return leaf(TDH_MEM_SEPT_RD, gpa_level, tdr, 0, 0);
}

static inline uint64_t tdh_page_add(uint64_t gpa, paddr_t tdr, paddr_t page, paddr_t source)
{
	return leaf(TDH_MEM_PAGE_ADD, gpa, tdr, page, source);
}

static inline uint64_t tdh_mr_extend(uint64_t gpa, paddr_t tdr)
{
	return leaf(TDH_MR_EXTEND, gpa, tdr, 0, 0);
}

static inline uint64_t tdh_mr_finalize(paddr_t tdr)
{
	return leaf(TDH_MR_FINALIZE, tdr, 0, 0, 0);
}

static inline uint64_t tdh_vp_flush(paddr_t tdvpr)
{
	return leaf(TDH_VP_FLUSH, tdvpr, 0, 0, 0);
}

static inline uint64_t tdh_vpflushdone(paddr_t tdr)
{
	return leaf(TDH_MNG_VPFLUSHDONE, tdr, 0, 0, 0);
}

static inline uint64_t tdh_cache_wb(uint64_t cmd)
{
	return leaf(TDH_PHYMEM_CACHE_WB, cmd, 0, 0, 0);
}

static inline uint64_t tdh_freeid(paddr_t tdr)
{
	return leaf(TDH_MNG_KEY_FREEID, tdr, 0, 0, 0);
}

static inline uint64_t tdh_reclaim(paddr_t pa)
{
	return leaf(TDH_PHYMEM_PAGE_RECLAIM, pa, 0, 0, 0);
}

static inline uint64_t tdh_rdmd(paddr_t pa)
{
	return leaf(TDH_PHYMEM_PAGE_RDMD, pa, 0, 0, 0);
}

static inline uint8_t page_type(paddr_t pa)
{
	CHECK_EQ(tdh_rdmd(pa), TDX_SUCCESS);
	return (uint8_t)last.rcx;
}

/* ---- Building TDs ---- */

enum td_stage { TD_CREATED, TD_KEYED, TD_TDCS_ADDED, TD_INITIALIZED };

struct td {
	paddr_t tdr;
	paddr_t tdcx[TD_TDCS_PAGES];
	paddr_t params;
};

static unsigned nr_pkgs;
static unsigned spare_hkid;     /* for cases that build several TDs */

/* A module ready for TDs on 2 LPs in `pkgs` packages. */
static inline void ready(unsigned pkgs)
{
	nr_pkgs = pkgs;
	harness_module_ready(2, pkgs);
	seam_set_platform_fms(0x806f8);
	spare_hkid = 40;
}

/* Valid TD_PARAMS: no attributes, x87|SSE, 4 vCPUs, 4-level WB S-EPT,
 * GPAW 48, 2.5 GHz TSC, nothing configured in CPUID. */
static inline struct td_params *new_params(paddr_t *pa)
{
	struct td_params *p;

	*pa = harness_page();
	p = phys_to_virt(*pa);
	memset(p, 0, sizeof(*p));
	p->xfam = 3;
	p->max_vcpus = 4;
	p->eptp_controls = (3 << 3) | 6;
	p->tsc_frequency = 100;
	return p;
}

static inline void key_config_all(paddr_t tdr)
{
	for (unsigned lp = 0; lp < nr_pkgs; lp++) {
		harness_lp = lp;        /* LP i is in package i */
		CHECK_EQ(tdh_key_config(tdr), TDX_SUCCESS);
	}
	harness_lp = 0;
}

static inline void add_tdcs(struct td *td)
{
	for (unsigned i = 0; i < TD_TDCS_PAGES; i++) {
		td->tdcx[i] = harness_page();
		CHECK_EQ(tdh_mng_addcx(td->tdcx[i], td->tdr), TDX_SUCCESS);
	}
}

static inline struct td td_build(enum td_stage stage, unsigned hkid)
{
	struct td td = { .tdr = harness_page() };

	CHECK_EQ(tdh_mng_create(td.tdr, hkid), TDX_SUCCESS);
	if (stage >= TD_KEYED)
		key_config_all(td.tdr);
	if (stage >= TD_TDCS_ADDED)
		add_tdcs(&td);
	new_params(&td.params);
	if (stage >= TD_INITIALIZED)
		CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
	return td;
}

/* A vCPU with `pages` TDVPS pages, initialized when init. */
static inline paddr_t vcpu_build(paddr_t tdr, unsigned pages, bool init)
{
	paddr_t tdvpr = harness_page();

	CHECK_EQ(tdh_vp_create(tdvpr, tdr), TDX_SUCCESS);
	for (unsigned i = 1; i < pages; i++)
		CHECK_EQ(tdh_vp_addcx(harness_page(), tdvpr), TDX_SUCCESS);
	if (init)
		CHECK_EQ(tdh_vp_init(tdvpr, 0x1234), TDX_SUCCESS);
	return tdvpr;
}

/* S-EPT pages down to the PT that maps gpa (levels 3, 2, 1, as needed). */
static inline void sept_map(paddr_t tdr, uint64_t gpa)
{
	for (unsigned level = SEPT_LEVEL_PML4; level >= SEPT_LEVEL_PD; level--) {
		uint64_t info = ALIGN_DOWN(gpa, PAGE_SIZE << (9 * level)) | level;

		CHECK_EQ(tdh_sept_rd(info, tdr), TDX_SUCCESS);
		if (((last.rdx >> 8) & 0xff) == 0x84)
			continue;
		CHECK_EQ(tdh_sept_add(info, tdr, harness_page()), TDX_SUCCESS);
	}
}

/* A source page filled with a pattern that depends on seed. */
static inline paddr_t source_page(unsigned seed)
{
	paddr_t pa = harness_page();
	uint8_t *p = phys_to_virt(pa);

	for (unsigned i = 0; i < PAGE_SIZE; i++)
		p[i] = (uint8_t)(i * 7 + seed);
	return pa;
}

/* An initialized TD with one initialized vCPU and a PT for GPA0. */
static inline struct td td_with_vcpu(paddr_t *tdvpr)
{
	struct td td = td_build(TD_INITIALIZED, HKID);

	*tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	sept_map(td.tdr, GPA0);
	return td;
}

#endif
