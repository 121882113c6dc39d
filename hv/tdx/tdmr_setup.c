/* TDMRs and PAMTs at module initialization. The layout comes from the one
 * TDMR builder (tdmr.c, also behind tools/tdmr-plan); this file feeds it the
 * machine (TDX-usable memory = boot-map RAM above 1 MiB inside the CMRs the
 * module reports, and what is already in use), claims the PAMT ranges it
 * chose from the page allocator, and hands the TDMR_INFO array over. */
#include "tdh_sys.h"
#include "tdmr.h"
#include "tdmr_setup.h"
#include "tdx_status.h"
#include "../boot_info.h"
#include "../lib/string.h"
#include "../log.h"
#include "../mm/page_alloc.h"
#include "../mm/phys.h"

extern const struct boot_info *hv_boot_info;

static struct tdmr_work work;
static struct tdmr_plan plan;
static struct tdmr_cmr cmrs[TDMR_MAX_CMRS];
static struct range_set usable, free_now, avoid;
static paddr_t info_array;      /* TDMR_INFO entries, 512-byte aligned */
static paddr_t pa_array;        /* their physical addresses, for SYS.CONFIG */
static unsigned pamts_claimed;  /* PAMT ranges taken so far, in plan order */

static bool read_cmrs(unsigned *nr)
{
	uint64_t n;

	if (tdh_sys_rd(MD_NUM_CMRS, &n) != TDX_SUCCESS)
		return false;
	*nr = MIN(n, TDMR_MAX_CMRS);
	for (unsigned i = 0; i < *nr; i++) {
		uint64_t base, size;

		if (tdh_sys_rd(MD_CMR_BASE(i), &base) != TDX_SUCCESS ||
		    tdh_sys_rd(MD_CMR_SIZE(i), &size) != TDX_SUCCESS)
			return false;
		cmrs[i].base = base;
		cmrs[i].size = size;
	}
	return true;
}

static bool read_limits(struct tdmr_limits *l)
{
	uint64_t max_tdmrs, max_rsvd, e4k, e2m, e1g;

	if (tdh_sys_rd(MD_MAX_TDMRS, &max_tdmrs) || tdh_sys_rd(MD_MAX_RESERVED_PER_TDMR, &max_rsvd) ||
	    tdh_sys_rd(MD_PAMT_4K_ENTRY_SIZE, &e4k) || tdh_sys_rd(MD_PAMT_2M_ENTRY_SIZE, &e2m) ||
	    tdh_sys_rd(MD_PAMT_1G_ENTRY_SIZE, &e1g))
		return false;
	l->max_tdmrs = MIN(max_tdmrs, TDMR_MAX_TDMRS);
	l->max_rsvd = MIN(max_rsvd, TDMR_MAX_RSVD);
	l->pamt_entry_size[TDX_PS_4K] = e4k;
	l->pamt_entry_size[TDX_PS_2M] = e2m;
	l->pamt_entry_size[TDX_PS_1G] = e1g;
	return true;
}

/* TDX-usable memory: RAM of the boot map above 1 MiB, clipped to CMRs. It
 * stays fixed for the module's lifetime. */
static void build_usable(unsigned nr_cmrs)
{
	struct range_set ram = { 0 };

	memset(&usable, 0, sizeof(usable));
	for (unsigned i = 0; i < hv_boot_info->nr_mem; i++) {
		const struct mem_range *m = &hv_boot_info->mem[i];

		if (m->type == MEM_USABLE)
			range_set_add(&ram, ALIGN_UP(MAX(m->base, MiB), PAGE_SIZE),
				      ALIGN_DOWN(m->base + m->size, PAGE_SIZE));
	}
	for (unsigned c = 0; c < nr_cmrs; c++)
		for (unsigned i = 0; i < ram.n; i++)
			range_set_add(&usable, MAX(ram.r[i].start, cmrs[c].base),
				      MIN(ram.r[i].end, cmrs[c].base + cmrs[c].size));
}

/* PAMTs may only go where the allocator has free pages right now. */
static bool build_avoid(void)
{
	avoid = usable;
	page_alloc_free_ranges(&free_now);
	for (unsigned i = 0; i < free_now.n; i++)
		range_set_remove(&avoid, free_now.r[i].start, free_now.r[i].end);
	if (avoid.n > TDMR_MAX_AVOID) {
		log_error("tdx: memory in use is in %u pieces; the TDMR builder takes %u",
			  avoid.n, TDMR_MAX_AVOID);
		return false;
	}
	return true;
}

static const struct range *pamt_range(unsigned i)
{
	return &plan.tdmr[i / TDX_PS_NR].pamt[i % TDX_PS_NR];
}

static bool claim_pamts(void)
{
	for (unsigned i = 0; i < plan.nr_tdmrs * TDX_PS_NR; i++) {
		const struct range *r = pamt_range(i);

		if (!page_alloc_claim(r->start, (r->end - r->start) / PAGE_SIZE)) {
			log_error("tdx: PAMT range [0x%llx, 0x%llx) is not free",
				  (unsigned long long)r->start, (unsigned long long)r->end);
			return false;
		}
		pamts_claimed = i + 1;
	}
	return true;
}

static bool write_tdmr_infos(void)
{
	uint64_t bytes = plan.nr_tdmrs * sizeof(struct tdmr_info);
	struct tdmr_info *infos;
	uint64_t *pas;

	info_array = page_alloc_contig(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, PAGE_SIZE);
	pa_array = page_alloc();
	if (!info_array || !pa_array) {
		log_error("tdx: no memory for %u TDMR_INFO%s", plan.nr_tdmrs,
			  plan.nr_tdmrs == 1 ? "" : "s");
		return false;
	}
	infos = phys_to_virt(info_array);
	pas = phys_to_virt(pa_array);
	for (unsigned i = 0; i < plan.nr_tdmrs; i++) {
		tdmr_plan_to_info(&plan, i, &infos[i]);
		pas[i] = info_array + i * sizeof(struct tdmr_info);
	}
	return true;
}

bool tdmr_setup(unsigned *nr_tdmrs, uint64_t *pamt_pages)
{
	struct tdmr_input in = { 0 };
	unsigned nr_cmrs;

	if (!read_cmrs(&nr_cmrs) || !read_limits(&in.limits))
		return false;
	build_usable(nr_cmrs);
	if (!build_avoid())
		return false;
	in.usable = usable.r;
	in.nr_usable = usable.n;
	in.cmrs = cmrs;
	in.nr_cmrs = nr_cmrs;
	in.avoid = avoid.r;
	in.nr_avoid = avoid.n;
	if (!tdmr_build(&in, &work, &plan)) {
		log_error("tdx: no TDMR layout for this machine: %s", plan.msg);
		return false;
	}
	if (!claim_pamts() || !write_tdmr_infos())
		return false;
	for (unsigned i = 0; i < plan.nr_tdmrs; i++)
		log_info("tdx: TDMR %u: [0x%llx, 0x%llx), %u reserved area%s", i,
			 (unsigned long long)plan.tdmr[i].base,
			 (unsigned long long)(plan.tdmr[i].base + plan.tdmr[i].size),
			 plan.tdmr[i].nr_rsvd, plan.tdmr[i].nr_rsvd == 1 ? "" : "s");
	page_alloc_set_tdx_usable(&usable);
	*nr_tdmrs = plan.nr_tdmrs;
	*pamt_pages = plan.pamt_bytes / PAGE_SIZE;
	return true;
}

paddr_t tdmr_pa_array(void)
{
	return pa_array;
}

bool tdmr_initialize_all(void)
{
	for (unsigned i = 0; i < plan.nr_tdmrs; i++) {
		paddr_t base = plan.tdmr[i].base, end = base + plan.tdmr[i].size;
		uint64_t next = base;

		/* The module initializes a bounded slice per call and reports
		 * progress rounded down to 1 GiB. */
		while (next < end) {
			uint64_t status = tdh_sys_tdmr_init(base, &next);

			if (TDX_STATUS_CODE(status) == TDX_TDMR_ALREADY_INITIALIZED)
				break;
			if (status != TDX_SUCCESS)
				return false;
		}
	}
	return true;
}

void tdmr_release(void)
{
	for (unsigned i = 0; i < pamts_claimed; i++) {
		const struct range *r = pamt_range(i);

		page_free_contig(r->start, (r->end - r->start) / PAGE_SIZE);
	}
	pamts_claimed = 0;
	if (info_array)
		page_free_contig(info_array, ALIGN_UP(plan.nr_tdmrs * sizeof(struct tdmr_info),
						      PAGE_SIZE) / PAGE_SIZE);
	if (pa_array)
		page_free(pa_array);
	info_array = pa_array = 0;
}
