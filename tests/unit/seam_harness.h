/* Host harness for the software TDX module: the model compiled for the
 * host and called directly, no VMX. Fake physical memory stands behind
 * phys_to_virt(); the harness plays the CPU layer (which logical processor
 * is calling, whether it is in VMX root) and the memory layer (the SEAM
 * range reservation). Include after shim.h, before test.h. */
#ifndef TESTS_UNIT_SEAM_HARNESS_H
#define TESTS_UNIT_SEAM_HARNESS_H

#include "../../hv/tdx/tdx_status.c"
#include "../../hv/tdx/tdmr.c"
#include "seam_sources.h"

/* Fake physical memory: [FAKE_PHYS_BASE, FAKE_PHYS_BASE + FAKE_PHYS_SIZE). */
#define FAKE_PHYS_BASE (16 * MiB)
#define FAKE_PHYS_SIZE (32 * MiB)

static uint8_t *fake_phys;
static unsigned harness_lp;
static bool harness_vmx_root = true;
static paddr_t harness_next_reserve = FAKE_PHYS_BASE;

unsigned arch_cpu_index(void)
{
	return harness_lp;
}

bool arch_cpu_in_vmx_root(void)
{
	return harness_vmx_root;
}

paddr_t mem_reserve(const char *name, uint64_t size, uint64_t align, paddr_t min, paddr_t max)
{
	paddr_t base = ALIGN_UP(MAX(harness_next_reserve, min), align);

	(void)name;
	if (base + size > FAKE_PHYS_BASE + FAKE_PHYS_SIZE || base + size > max)
		return 0;
	harness_next_reserve = base + size;
	return base;
}

/* A fresh machine: RAM [FAKE_PHYS_BASE, +SIZE) as the only usable range,
 * nr_lps logical processors spread over nr_pkgs packages. The SEAM range
 * takes the first 4 MiB of fake memory. */
static void harness_boot(unsigned nr_lps, unsigned nr_pkgs)
{
	static struct boot_info bi;
	struct seam_params p = { .mktme_keyids = 15, .tdx_keyids = 48 };
	uint32_t pkgs[SEAM_MAX_LPS];

	if (!fake_phys)
		fake_phys = aligned_alloc(2 * MiB, FAKE_PHYS_SIZE);
	memset(fake_phys, 0x5a, FAKE_PHYS_SIZE);
	hv_direct_map_offset = (uintptr_t)fake_phys - FAKE_PHYS_BASE;
	harness_next_reserve = FAKE_PHYS_BASE;
	harness_lp = 0;
	harness_vmx_root = true;
	memset(&bi, 0, sizeof(bi));
	bi.mem[0] = (struct mem_range){ FAKE_PHYS_BASE, FAKE_PHYS_SIZE, MEM_USABLE };
	bi.nr_mem = 1;
	seam_platform_init(&bi, &p);
	for (unsigned i = 0; i < nr_lps; i++)
		pkgs[i] = i % nr_pkgs;
	seam_set_topology(nr_lps, pkgs);
}

static uint64_t call(uint64_t leaf, struct tdx_module_args *a)
{
	return seam_seamcall(leaf, a);
}

static uint64_t call0(uint64_t leaf)
{
	struct tdx_module_args a = { 0 };

	return seam_seamcall(leaf, &a);
}

static uint64_t call_on(unsigned lp, uint64_t leaf)
{
	harness_lp = lp;
	return call0(leaf);
}

/* SYS.INIT and LP.INIT on every LP. */
static void harness_init_lps(unsigned nr_lps)
{
	call0(TDH_SYS_INIT);
	for (unsigned lp = 0; lp < nr_lps; lp++)
		call_on(lp, TDH_SYS_LP_INIT);
	harness_lp = 0;
}

/* The TDMR layout tdvisor's builder makes for the fake machine, written
 * as TDMR_INFOs plus the address array near the top of fake memory.
 * Returns the array's physical address. */
static paddr_t harness_tdmrs(unsigned *count)
{
	static struct tdmr_work work;
	static struct tdmr_plan plan;
	const struct seam_global *g = seam_global();
	paddr_t top = FAKE_PHYS_BASE + FAKE_PHYS_SIZE;
	paddr_t infos = top - 64 * KiB, pas = top - 68 * KiB;
	/* Usable = the CMR: fake RAM minus the model's SEAM range. */
	struct range usable = { g->cmrs[0].base, top };
	struct range avoid[2] = { { g->cmrs[0].base, harness_next_reserve }, { pas, top } };
	struct tdmr_input in = {
		.usable = &usable, .nr_usable = 1,
		.cmrs = g->cmrs, .nr_cmrs = g->nr_cmrs,
		.avoid = avoid, .nr_avoid = 2,
		.limits = { 64, 16, { 16, 16, 16 } },
	};

	if (!tdmr_build(&in, &work, &plan)) {
		fprintf(stderr, "harness: %s\n", plan.msg);
		abort();
	}
	for (unsigned i = 0; i < plan.nr_tdmrs; i++) {
		tdmr_plan_to_info(&plan, i, (struct tdmr_info *)phys_to_virt(infos) + i);
		((uint64_t *)phys_to_virt(pas))[i] = infos + i * sizeof(struct tdmr_info);
	}
	*count = plan.nr_tdmrs;
	return pas;
}

static uint64_t sys_config(paddr_t pas, uint64_t count, uint64_t hkid)
{
	struct tdx_module_args a = { .rcx = pas, .rdx = count, .r8 = hkid };

	return call(TDH_SYS_CONFIG, &a);
}

static uint64_t tdmr_init(paddr_t base, uint64_t *next)
{
	struct tdx_module_args a = { .rcx = base };
	uint64_t status = call(TDH_SYS_TDMR_INIT, &a);

	*next = a.rdx;
	return status;
}

/* ---- A module ready for TDs, and pages to give it ---- */

#define HARNESS_GLOBAL_HKID 16

static paddr_t harness_next_page;
static paddr_t harness_page_limit;

/* SYS.INIT and LP.INIT on nr_lps LPs over nr_pkgs packages, the fake
 * machine's TDMRs configured with global KeyID 16, KEY.CONFIG on each
 * package and every TDMR initialized: SYS_READY, PAMTs all set up. */
static __unused void harness_module_ready(unsigned nr_lps, unsigned nr_pkgs)
{
	struct seam_global *g;
	unsigned n;
	paddr_t pas;

	harness_boot(nr_lps, nr_pkgs);
	harness_init_lps(nr_lps);
	pas = harness_tdmrs(&n);
	if (sys_config(pas, n, HARNESS_GLOBAL_HKID) != TDX_SUCCESS)
		abort();
	for (unsigned pkg = 0; pkg < nr_pkgs; pkg++)
		if (call_on(pkg, TDH_SYS_KEY_CONFIG) != TDX_SUCCESS)
			abort();
	harness_lp = 0;
	g = seam_global();
	for (unsigned i = 0; i < g->nr_tdmrs; i++) {
		uint64_t next = 0;

		while (tdmr_init(g->tdmrs[i].base, &next) == TDX_SUCCESS)
			;
	}
	harness_next_page = FAKE_PHYS_BASE;
	harness_page_limit = pas;       /* the TDMR_INFOs lie above */
}

/* A page no one uses yet: a free (NDA) page of the TDMR, so never in the
 * SEAM range, a PAMT or a reserved area, below the TDMR_INFOs. Its bytes
 * are whatever the fake memory holds. Good as a TD page or as a shared
 * page (TD_PARAMS, a PAGE.ADD source). */
static __unused paddr_t harness_page(void)
{
	while (harness_next_page < harness_page_limit) {
		paddr_t pa = harness_next_page;
		const struct pamt_entry *e = pamt_entry_of(pa);

		harness_next_page += PAGE_SIZE;
		if (e && e->type == PT_NDA)
			return pa;
	}
	fprintf(stderr, "harness: out of pages\n");
	abort();
}

#endif
