/* Module lifecycle leaves: TDH.SYS.INIT, LP.INIT, CONFIG, KEY.CONFIG,
 * TDMR.INIT, LP.SHUTDOWN, SHUTDOWN. Checks and their order follow the
 * module source, intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_sys_*.c; the platform checks the real module makes at SYS.INIT and
 * LP.INIT (SMRRs, CPUID and MSR consistency across LPs) are not modelled:
 * the model's platform is consistent by construction. */
#include "pamt.h"
#include "seam_state.h"
#include "tdmr_check.h"
#include "../hv/lib/string.h"
#include "../hv/mm/phys.h"
#include "../hv/tdx/tdx_status.h"

#define TDMR_INFO_PA_ARRAY_ALIGN 512    /* TDMR_INFO_ENTRY_PTR_ARRAY_ALIGNMENT */
#define TDMR_INIT_CHUNK (1024 * PAGE_SIZE) /* TDMR_4K_PAMT_INIT_COUNT 4K entries */
#define PAMT_NDA  0                     /* page type: not directly assigned */
#define PAMT_RSVD 1                     /* reserved: never usable by TDs */

uint64_t seam_sys_init(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	uint64_t attributes = args->rcx, status;

	args->rcx = args->rdx = args->r8 = 0;
	if (!spin_lock_bounded(&g->lock, 1))
		return TDX_SYS_BUSY;
	if (attributes != 0)
		status = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	else if (g->state != SYSINIT_PENDING)
		status = TDX_SYS_INIT_NOT_PENDING;
	else {
		g->state = SYSINIT_DONE;
		status = TDX_SUCCESS;
	}
	spin_unlock(&g->lock);
	return status;
}

uint64_t seam_sys_lp_init(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	unsigned lp = seam_lp();
	uint64_t status;

	(void)args;
	if (!spin_lock_bounded(&g->lock, 1))
		return TDX_SYS_BUSY;
	/* tdh_sys_lp_init.c: SYS.INIT must be done, the module not shut down,
	 * and this LP not initialized yet. */
	if (g->state == SYSINIT_PENDING)
		status = TDX_SYS_INIT_NOT_PENDING;
	else if (g->state == SYS_SHUTDOWN)
		status = TDX_SYS_SHUTDOWN;
	else if (lp >= SEAM_MAX_LPS || lp >= g->params.nr_lps)
		status = TDX_SYS_LP_INIT_NOT_PENDING;
	else if (g->lp_init[lp])
		status = TDX_SYS_LP_INIT_DONE;
	else {
		g->lp_init[lp] = true;
		g->nr_init_lps++;
		status = TDX_SUCCESS;
	}
	spin_unlock(&g->lock);
	return status;
}

/* shared_hpa_check_with_pwr_2_alignment on a pointer-array entry. */
static bool valid_shared_hpa(uint64_t pa, uint64_t align)
{
	return seam_shared_hpa_ok(pa, align, align);
}

static void record_tdmr(struct seam_tdmr *t, const struct tdmr_info *info)
{
	t->base = info->base;
	t->size = info->size;
	t->last_initialized = info->base;
	t->pamt_1g_base = info->pamt_1g_base;
	t->pamt_2m_base = info->pamt_2m_base;
	t->pamt_4k_base = info->pamt_4k_base;
}

static const struct tdmr_info *tdmr_info_of(const struct seam_global *g,
					    const struct seam_tdmr *t)
{
	return &g->tdmr_info[t - g->tdmrs];
}

/* tdh_sys_config.c: state and LP checks, the array pointer, the count, the
 * global KeyID, then each TDMR_INFO pointer and entry in turn (an entry is
 * checked against the ones before it as it is copied in). */
uint64_t seam_sys_config(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	uint64_t array_pa = args->rcx, count = args->rdx, hkid = args->r8;
	const struct tdmr_check_params cp = {
		.cmrs = g->cmrs,
		.nr_cmrs = g->nr_cmrs,
		.max_tdmrs = SEAM_MAX_TDMRS,
		.max_rsvd = SEAM_MAX_RSVD_PER_TDMR,
		.pamt_entry_size = SEAM_PAMT_ENTRY_SIZE,
		.hkid_mask = (BIT(TDX_MAX_PA_BITS) - 1) & ~(BIT(TDMR_CHECK_MODEL_PA_BITS) - 1),
	};
	uint64_t status = TDX_SUCCESS;
	const uint64_t *pas;

	if (!spin_lock_bounded(&g->lock, 1))
		return TDX_SYS_BUSY;
	if (g->state != SYSINIT_DONE || g->nr_init_lps < g->params.nr_lps) {
		status = TDX_SYS_CONFIG_NOT_PENDING;
		goto out;
	}
	if (!valid_shared_hpa(array_pa, TDMR_INFO_PA_ARRAY_ALIGN)) {
		status = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
		goto out;
	}
	status = tdmr_check_count(count, &cp);
	if (status != TDX_SUCCESS)
		goto out;
	/* The private KeyID range starts right after the MKTME KeyIDs. */
	if ((hkid >> 16) != 0 || hkid <= g->params.mktme_keyids ||
	    hkid > g->params.mktme_keyids + g->params.tdx_keyids) {
		status = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_R8);
		goto out;
	}
	pas = phys_to_virt(array_pa & TD_PA_MASK);   /* the shared KeyID bits address nothing here */
	for (uint64_t i = 0; i < count; i++) {
		if (!valid_shared_hpa(pas[i], TDMR_INFO_PA_ARRAY_ALIGN)) {
			status = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
			goto out;
		}
		memcpy(&g->tdmr_info[i], phys_to_virt(pas[i] & TD_PA_MASK), sizeof(g->tdmr_info[i]));
		status = tdmr_check_one(g->tdmr_info, (unsigned)i, &cp);
		if (status != TDX_SUCCESS)
			goto out;
	}
	for (uint64_t i = 0; i < count; i++)
		record_tdmr(&g->tdmrs[i], &g->tdmr_info[i]);
	g->nr_tdmrs = (unsigned)count;
	g->hkid = (uint16_t)hkid;
	g->pkg_config_bitmap = 0;
	g->state = SYSCONFIG_DONE;
out:
	spin_unlock(&g->lock);
	return status;
}

uint64_t seam_sys_key_config(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	unsigned pkg = seam_pkg();
	uint64_t status;

	(void)args;
	if (!spin_lock_bounded(&g->lock, 1))
		return TDX_SYS_BUSY;
	if (g->state != SYSCONFIG_DONE)
		status = TDX_SYS_KEY_CONFIG_NOT_PENDING;
	else if (g->pkg_config_bitmap & BIT(pkg))
		status = TDX_KEY_CONFIGURED;
	else {
		/* Real hardware programs the global KeyID's key into this
		 * package's memory controllers (PCONFIG); memory is not
		 * encrypted here, so only the bookkeeping remains. */
		g->pkg_config_bitmap |= BIT(pkg);
		if (++g->nr_init_pkgs == g->params.nr_pkgs)
			g->state = SYS_READY;
		status = TDX_SUCCESS;
	}
	spin_unlock(&g->lock);
	return status;
}

/* PAMT entries of [start, start + size) of TDMR t: 4K entries, plus the
 * 2M and 1G entries of the blocks the range begins. Entries of reserved
 * areas say RSVD so no TD page can ever land there. */
static void pamt_init_chunk(const struct seam_tdmr *t, const struct tdmr_info *info,
			    uint64_t start, uint64_t size)
{
	uint8_t *pamt_4k = phys_to_virt(t->pamt_4k_base);

	for (uint64_t pa = start; pa < start + size && pa < t->base + t->size; pa += PAGE_SIZE) {
		uint8_t *e = pamt_4k + (pa - t->base) / PAGE_SIZE * SEAM_PAMT_ENTRY_SIZE;

		memset(e, 0, SEAM_PAMT_ENTRY_SIZE);
		e[0] = tdmr_info_reserved(info, pa) ? PAMT_RSVD : PAMT_NDA;
		if (IS_ALIGNED(pa, 2 * MiB))
			memset((uint8_t *)phys_to_virt(t->pamt_2m_base) +
			       (pa - t->base) / (2 * MiB) * SEAM_PAMT_ENTRY_SIZE, 0,
			       SEAM_PAMT_ENTRY_SIZE);
		if (IS_ALIGNED(pa, 1 * GiB))
			memset((uint8_t *)phys_to_virt(t->pamt_1g_base) +
			       (pa - t->base) / GiB * SEAM_PAMT_ENTRY_SIZE, 0,
			       SEAM_PAMT_ENTRY_SIZE);
	}
}

uint64_t seam_sys_tdmr_init(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	uint64_t tdmr_pa = args->rcx;
	struct seam_tdmr *t = NULL;
	uint64_t status;

	args->rdx = 0;
	if (!IS_ALIGNED(tdmr_pa, GiB) || tdmr_pa >= (1ull << 46))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	if (g->state != SYS_READY)
		return TDX_SYS_NOT_READY;
	for (unsigned i = 0; i < g->nr_tdmrs && !t; i++)
		if (g->tdmrs[i].base == tdmr_pa)
			t = &g->tdmrs[i];
	if (!t)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	if (!spin_lock_bounded(&t->lock, 1))
		return seam_status(TDX_OPERAND_BUSY, TDX_OPERAND_RCX);
	if (t->last_initialized >= t->base + t->size) {
		status = TDX_TDMR_ALREADY_INITIALIZED;
	} else {
		pamt_init_chunk(t, tdmr_info_of(g, t), t->last_initialized, TDMR_INIT_CHUNK);
		t->last_initialized += TDMR_INIT_CHUNK;
		/* Rounded down to 1 GiB: a block is usable only once whole. */
		args->rdx = t->last_initialized & ~(GiB - 1);
		status = TDX_SUCCESS;
	}
	spin_unlock(&t->lock);
	return status;
}

uint64_t seam_sys_lp_shutdown(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	unsigned lp = seam_lp();

	(void)args;
	if (lp < SEAM_MAX_LPS)
		g->lp_shutdown[lp] = true;
	return TDX_SUCCESS;
}

uint64_t seam_sys_shutdown(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();

	(void)args;
	if (!spin_lock_bounded(&g->lock, 1))
		return TDX_SYS_BUSY;
	g->state = SYS_SHUTDOWN;
	spin_unlock(&g->lock);
	return TDX_SUCCESS;
}
