/* Module entry: SEAM range, platform MSRs, and the SEAMCALL dispatcher. */
#include "../hv/arch/x86/msr.h"
#include "seam_state.h"
#include "tdmr_check.h"
#include "../hv/arch.h"
#include "../hv/log.h"
#include "../hv/mm/memory.h"
#include "../hv/mm/phys.h"
#include "../hv/lib/string.h"
#include "../hv/tdx/tdx_status.h"

/* Room for the global data now and per-TD state as leaves arrive. */
#define SEAM_RANGE_SIZE (4 * MiB)


static paddr_t seam_range;

/* All-ones I/O bitmaps (ports 0-0xffff), shared read-only by every TD
 * VMCS: a TD's port I/O always becomes a #VE. Kept in the SEAM range. */
#define SEAM_IO_BITMAP_OFFSET (2 * MiB)

paddr_t seam_io_bitmaps(void)
{
	return seam_range + SEAM_IO_BITMAP_OFFSET;
}

/* shared_hpa_check (helpers.c): below MAX_PA, outside SEAMRR, and a KeyID
 * (bits 51:46 here) that is not a private one. */
bool seam_shared_hpa_ok(uint64_t pa, uint64_t size, uint64_t align)
{
	uint64_t keyid = (pa >> TDMR_CHECK_MODEL_PA_BITS) & 0x3f;
	uint64_t addr = pa & (BIT(TDMR_CHECK_MODEL_PA_BITS) - 1);

	return IS_ALIGNED(pa, align) && pa < BIT(TDX_MAX_PA_BITS) &&
	       (addr + size <= seam_range || addr >= seam_range + SEAM_RANGE_SIZE) &&
	       keyid <= seam_global()->params.mktme_keyids;
}

struct seam_global *seam_global(void)
{
	return phys_to_virt(seam_range);
}

unsigned seam_lp(void)
{
	return arch_cpu_index();
}

unsigned seam_pkg(void)
{
	return seam_global()->params.lp_pkg[seam_lp() % SEAM_MAX_LPS];
}

static void derive_cmrs(struct seam_global *g, const struct boot_info *bi)
{
	for (unsigned i = 0; i < bi->nr_mem && g->nr_cmrs < SEAM_MAX_CMRS; i++) {
		const struct mem_range *m = &bi->mem[i];
		uint64_t base = ALIGN_UP(MAX(m->base, 1 * MiB), PAGE_SIZE);
		uint64_t end = ALIGN_DOWN(m->base + m->size, PAGE_SIZE);
		struct tdmr_cmr *prev = g->nr_cmrs ? &g->cmrs[g->nr_cmrs - 1] : NULL;

		if (m->type != MEM_USABLE || end <= base)
			continue;
		if (prev && prev->base + prev->size == base)
			prev->size += end - base;       /* adjacent RAM: one CMR */
		else
			g->cmrs[g->nr_cmrs++] = (struct tdmr_cmr){ base, end - base };
	}
}

/* The SEAM range itself is not convertible memory: cut it out of the CMR
 * that holds it (it was usable RAM in the boot map until reserved). */
static void cmrs_exclude(struct seam_global *g, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < g->nr_cmrs; i++) {
		struct tdmr_cmr *c = &g->cmrs[i];
		uint64_t c_end = c->base + c->size;

		if (start < c->base || end > c_end)
			continue;
		if (end < c_end && g->nr_cmrs < SEAM_MAX_CMRS) {
			memmove(&g->cmrs[i + 2], &g->cmrs[i + 1],
				(g->nr_cmrs - i - 1) * sizeof(g->cmrs[0]));
			g->cmrs[i + 1] = (struct tdmr_cmr){ end, c_end - end };
			g->nr_cmrs++;
		}
		c->size = start - c->base;
		if (!c->size) {
			memmove(c, c + 1, (g->nr_cmrs - i - 1) * sizeof(g->cmrs[0]));
			g->nr_cmrs--;
		}
		return;
	}
}

bool seam_platform_init(const struct boot_info *bi, const struct seam_params *p)
{
	struct seam_global *g;

	seam_range = mem_reserve("seam", SEAM_RANGE_SIZE, 2 * MiB, 1 * MiB, ~0ull);
	if (!seam_range)
		return false;
	g = seam_global();
	memset(g, 0, sizeof(*g));
	_Static_assert(sizeof(*g) <= SEAM_IO_BITMAP_OFFSET, "SEAM range layout");
	memset(phys_to_virt(seam_io_bitmaps()), 0xff, 2 * PAGE_SIZE);
	g->params = *p;
	g->state = SYSINIT_PENDING;
	derive_cmrs(g, bi);
	cmrs_exclude(g, seam_range, seam_range + SEAM_RANGE_SIZE);
	return true;
}

void seam_set_topology(unsigned nr_lps, const uint32_t *lp_pkg)
{
	struct seam_params *p = &seam_global()->params;
	uint64_t seen = 0;

	p->nr_lps = MIN(nr_lps, SEAM_MAX_LPS);
	p->nr_pkgs = 0;
	for (unsigned i = 0; i < p->nr_lps; i++) {
		p->lp_pkg[i] = lp_pkg[i] % 64;
		if (!(seen & BIT(p->lp_pkg[i])))
			p->nr_pkgs++;
		seen |= BIT(p->lp_pkg[i]);
	}
}

void seam_print_banner(void)
{
	log_warn("seam: ================================================================");
	log_warn("seam: EMULATED TDX MODULE (tdvisor seam/, modelling TDX module 1.5).");
	log_warn("seam: Trust Domains get NO confidentiality: their memory is neither");
	log_warn("seam: encrypted nor integrity-protected, and the host can read it.");
	log_warn("seam: There is NO real attestation: reports are not signed by Intel.");
	log_warn("seam: For development and testing only.");
	log_warn("seam: ================================================================");
}

bool seam_read_msr(uint32_t msr, uint64_t *value)
{
	const struct seam_global *g = seam_global();

	switch (msr) {
	case MSR_IA32_MKTME_KEYID_PARTITIONING:
		*value = ((uint64_t)g->params.tdx_keyids << 32) | g->params.mktme_keyids;
		return true;
	case MSR_IA32_MTRRCAP:
		*value = MTRRCAP_SEAMRR;
		return true;
	case MSR_IA32_TME_ACTIVATE:     /* KeyIDs in PA bits 51:46 (seam/pamt.h) */
		*value = TME_ACTIVATE_LOCKED | TME_ACTIVATE_ENABLED |
			 (uint64_t)(TDX_MAX_PA_BITS - TDMR_CHECK_MODEL_PA_BITS) << 32;
		return true;
	case MSR_IA32_SEAMRR_PHYS_BASE:
		*value = seam_range | SEAMRR_BASE_CONFIGURED;
		return true;
	case MSR_IA32_SEAMRR_PHYS_MASK:
		*value = (~(SEAM_RANGE_SIZE - 1) & 0x000ffffffffff000ull) |
			 SEAMRR_MASK_LOCKED | SEAMRR_MASK_ENABLED;
		return true;
	default:
		return false;
	}
}

/* Leaves this model implements; every other leaf number answers
 * TDX_OPERAND_INVALID on RAX, as the module does for unknown leaves. */
static uint64_t (*const handlers[64])(struct tdx_module_args *) = {
	[TDH_VP_ENTER] = seam_vp_enter,
	[TDH_SYS_INIT] = seam_sys_init,
	[TDH_SYS_LP_INIT] = seam_sys_lp_init,
	[TDH_SYS_RD] = seam_sys_rd,
	[TDH_SYS_RDALL] = seam_sys_rdall,
	[TDH_SYS_CONFIG] = seam_sys_config,
	[TDH_SYS_KEY_CONFIG] = seam_sys_key_config,
	[TDH_SYS_TDMR_INIT] = seam_sys_tdmr_init,
	[TDH_SYS_LP_SHUTDOWN] = seam_sys_lp_shutdown,
	[TDH_SYS_SHUTDOWN] = seam_sys_shutdown,
	[TDH_MNG_CREATE] = seam_mng_create,
	[TDH_MNG_KEY_CONFIG] = seam_mng_key_config,
	[TDH_MNG_ADDCX] = seam_mng_addcx,
	[TDH_MNG_INIT] = seam_mng_init,
	[TDH_MNG_RD] = seam_mng_rd,
	[TDH_MNG_WR] = seam_mng_wr,
	[TDH_VP_RD] = seam_vp_rd,
	[TDH_VP_WR] = seam_vp_wr,
	[TDH_MEM_RD] = seam_mem_rd,
	[TDH_MEM_WR] = seam_mem_wr,
	[TDH_VP_CREATE] = seam_vp_create,
	[TDH_VP_ADDCX] = seam_vp_addcx,
	[TDH_VP_FLUSH] = seam_vp_flush,
	[TDH_MEM_SEPT_RD] = seam_mem_sept_rd,
	[TDH_MEM_PAGE_ADD] = seam_mem_page_add,
	[TDH_MEM_PAGE_AUG] = seam_mem_page_aug,
	[TDH_MEM_RANGE_BLOCK] = seam_mem_range_block,
	[TDH_MEM_RANGE_UNBLOCK] = seam_mem_range_unblock,
	[TDH_MEM_TRACK] = seam_mem_track,
	[TDH_MEM_PAGE_REMOVE] = seam_mem_page_remove,
	[TDH_MEM_PAGE_DEMOTE] = seam_mem_page_demote,
	[TDH_MR_EXTEND] = seam_mr_extend,
	[TDH_MR_FINALIZE] = seam_mr_finalize,
	[TDH_MNG_VPFLUSHDONE] = seam_mng_vpflushdone,
	[TDH_PHYMEM_CACHE_WB] = seam_phymem_cache_wb,
	[TDH_MNG_KEY_FREEID] = seam_mng_key_freeid,
	[TDH_MNG_KEY_RECLAIMID] = seam_mng_key_reclaimid,
	[TDH_PHYMEM_PAGE_RECLAIM] = seam_phymem_page_reclaim,
	[TDH_PHYMEM_PAGE_RDMD] = seam_phymem_page_rdmd,
	[TDH_PHYMEM_PAGE_WBINVD] = seam_phymem_page_wbinvd,
};

/* Leaves with more than one version: tdx_vmm_dispatcher.c passes a
 * non-zero version only to these, and the leaf checks it. TDH.VP.INIT is
 * here although 1.5.01 refuses its version 1: Linux calls it that way
 * (R8 = x2APIC ID), as later modules allow. */
static uint64_t (*const versioned_handlers[64])(struct tdx_module_args *, unsigned) = {
	[TDH_MEM_SEPT_ADD] = seam_mem_sept_add,
	[TDH_MEM_SEPT_REMOVE] = seam_mem_sept_remove,
	[TDH_VP_INIT] = seam_vp_init,
};

uint64_t seam_seamcall(uint64_t rax, struct tdx_module_args *args)
{
	unsigned leaf = rax & 0xffff, version = (rax >> 16) & 0xff;
	uint64_t status;

	/* SEAMCALL is an instruction of VMX root operation: anywhere else it
	 * raises #UD, and the model keeps that rule. */
	if (!arch_cpu_in_vmx_root())
		return TDX_SEAMCALL_UD;
	if (leaf >= ARRAY_SIZE(handlers) || (rax >> 24) != 0 ||
	    !(handlers[leaf] || versioned_handlers[leaf]) ||
	    (version != 0 && !versioned_handlers[leaf]))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RAX);
	status = seam_injected_fault(leaf);
	if (status != TDX_SUCCESS)
		return status;
	if (versioned_handlers[leaf])
		return versioned_handlers[leaf](args, version);
	return handlers[leaf](args);
}
