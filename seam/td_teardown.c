/* TD teardown and page metadata: TDH.MNG.VPFLUSHDONE, TDH.PHYMEM.CACHE.WB,
 * TDH.MNG.KEY.FREEID, TDH.MNG.KEY.RECLAIMID, TDH.PHYMEM.PAGE.RECLAIM,
 * TDH.PHYMEM.PAGE.RDMD, each with the module's checks in the module's
 * order (intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_mng_vpflushdone.c, tdh_phymem_cache_wb.c, tdh_mng_key_freeid.c,
 * tdh_mng_key_reclaimid.c, tdh_phymem_page_reclaim.c,
 * tdh_phymem_page_rdmd.c). The HKID's life: ASSIGNED (MNG.CREATE) ->
 * FLUSHED (VPFLUSHDONE, TD BLOCKED) -> CACHE.WB on every package ->
 * FREE (FREEID, TD TEARDOWN); then every page of the TD can be reclaimed,
 * the TDR last. Memory is not encrypted, so CACHE.WB has no cache to write
 * back: it completes in one call and is never INTERRUPTED_RESUMABLE. */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

#define CACHE_WB_START  0
#define CACHE_WB_RESUME 1

/* RCX = TDR: no vCPU may still be associated with an LP. */
static uint64_t mng_vpflushdone(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	struct pamt_entry *pamt;
	struct td_tdr *tdr;
	uint64_t status;

	status = td_explicit_tdr(args->rcx, TDX_OPERAND_RCX, PT_TDR, &tdr, &pamt);
	if (status != TDX_SUCCESS)
		return status;
	if (tdr->lifecycle != TD_KEYS_CONFIGURED && tdr->lifecycle != TD_HKID_ASSIGNED)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (tdr->num_tdcx >= TD_TDCS_PAGES) {
		const struct td_tdcs *tdcs = td_tdcs_of(tdr);

		if (tdcs->op_state != OP_STATE_UNINITIALIZED && tdcs->num_assoc_vcpus != 0)
			return TDX_FLUSHVP_NOT_DONE;
	}

	g->kot[tdr->hkid].wbinvd_bitmap = g->pkg_config_bitmap;
	g->kot[tdr->hkid].state = KOT_STATE_HKID_FLUSHED;
	tdr->lifecycle = TD_BLOCKED;
	return TDX_SUCCESS;
}

/* RCX = 0 (start) or 1 (resume an interrupted call), on each package. */
static uint64_t phymem_cache_wb(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	unsigned first = g->params.mktme_keyids + 1;
	unsigned last = g->params.mktme_keyids + g->params.tdx_keyids;
	bool any = false;

	if (args->rcx > CACHE_WB_RESUME)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	/* Nothing is ever interrupted, so there is nothing to resume. */
	if (args->rcx == CACHE_WB_RESUME)
		return TDX_WBCACHE_RESUME_ERROR;
	for (unsigned hkid = first; hkid <= last; hkid++)
		any |= g->kot[hkid].state == KOT_STATE_HKID_FLUSHED;
	if (!any)
		return TDX_NO_HKID_READY_TO_WBCACHE;

	for (unsigned hkid = first; hkid <= last; hkid++)
		if (g->kot[hkid].state == KOT_STATE_HKID_FLUSHED)
			g->kot[hkid].wbinvd_bitmap &= ~BIT(seam_pkg());
	return TDX_SUCCESS;
}

/* RCX = TDR: the HKID is free again once every package wrote it back. */
static uint64_t mng_key_freeid(struct tdx_module_args *args)
{
	struct seam_global *g = seam_global();
	struct pamt_entry *pamt;
	struct td_tdr *tdr;
	uint64_t status;

	status = td_explicit_tdr(args->rcx, TDX_OPERAND_RCX, PT_TDR, &tdr, &pamt);
	if (status != TDX_SUCCESS)
		return status;
	if (tdr->lifecycle != TD_BLOCKED)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (g->kot[tdr->hkid].wbinvd_bitmap != 0)
		return TDX_WBCACHE_NOT_COMPLETE;

	g->kot[tdr->hkid].state = KOT_STATE_HKID_FREE;
	tdr->lifecycle = TD_TEARDOWN;
	return TDX_SUCCESS;
}

/* The 1.5 module keeps this leaf for compatibility and does nothing. */
static uint64_t mng_key_reclaimid(struct tdx_module_args *args)
{
	(void)args;
	return TDX_SUCCESS;
}

/* The PAMT entry of an explicit page operand of RECLAIM and RDMD, at
 * whatever level the page is (a 4K address inside a 2M TD page finds the
 * 2M entry). */
static uint64_t phymem_entry(uint64_t pa, struct pamt_entry **e, enum pamt_level *level)
{
	if (!pamt_private_hpa_ok(pa, PAGE_SIZE))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	*e = pamt_walk(pa, level);
	if (!*e)
		return seam_status(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_RCX);
	return TDX_SUCCESS;
}

static void phymem_clear_outputs(struct tdx_module_args *args)
{
	args->rcx = args->rdx = args->r8 = args->r9 = args->r10 = args->r11 = 0;
}

/* RCX = a page of a torn-down TD (a 2M page by its 2M-aligned address).
 * Returns RCX = its page type, RDX = its owner, R8 = its size (0 4K,
 * 1 2M); a TDR goes last, when it owns no page. */
static uint64_t phymem_page_reclaim(struct tdx_module_args *args)
{
	uint64_t pa = args->rcx, status;
	enum pamt_level level;
	struct pamt_entry *e;
	struct td_tdr *tdr;

	phymem_clear_outputs(args);
	status = phymem_entry(pa, &e, &level);
	if (status != TDX_SUCCESS)
		return status;
	if (e->type == PT_NDA || e->type == PT_RSVD)
		return seam_status(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX);
	args->rcx = e->type;
	args->rdx = e->owner;
	args->r8 = level;
	if (!IS_ALIGNED(pa, SEPT_LEVEL_SIZE(level)))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	tdr = td_page(e->type == PT_TDR ? pa : e->owner);
	if (tdr->lifecycle != TD_TEARDOWN)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (e->type == PT_TDR && tdr->chldcnt != 0)
		return TDX_TD_ASSOCIATED_PAGES_EXIST;

	if (e->type != PT_TDR)
		tdr->chldcnt -= SEPT_LEVEL_SIZE(level) / PAGE_SIZE;
	/* Only the type changes; the stale owner stays, as in the module. */
	e->type = PT_NDA;
	return TDX_SUCCESS;
}

/* RCX = any page in a TDMR. Returns RCX = page type, RDX = owner, R8 =
 * page size (0 4K, 1 2M), R9 = BEPOCH of REG and EPT pages (the TD epoch
 * TDH.MEM.RANGE.BLOCK recorded; 0 if never blocked). */
static uint64_t phymem_page_rdmd(struct tdx_module_args *args)
{
	uint64_t pa = args->rcx, status;
	enum pamt_level level;
	struct pamt_entry *e;

	phymem_clear_outputs(args);
	status = phymem_entry(pa, &e, &level);
	if (status != TDX_SUCCESS)
		return status;
	args->rcx = e->type;
	args->rdx = e->owner;
	args->r8 = level;
	if (e->type == PT_REG || e->type == PT_EPT)
		args->r9 = pamt_bepoch(e);
	return TDX_SUCCESS;
}

uint64_t seam_mng_vpflushdone(struct tdx_module_args *args)
{
	return td_leaf_call(mng_vpflushdone, args);
}

uint64_t seam_phymem_cache_wb(struct tdx_module_args *args)
{
	return td_leaf_call(phymem_cache_wb, args);
}

uint64_t seam_mng_key_freeid(struct tdx_module_args *args)
{
	return td_leaf_call(mng_key_freeid, args);
}

uint64_t seam_mng_key_reclaimid(struct tdx_module_args *args)
{
	return td_leaf_call(mng_key_reclaimid, args);
}

uint64_t seam_phymem_page_reclaim(struct tdx_module_args *args)
{
	return td_leaf_call(phymem_page_reclaim, args);
}

uint64_t seam_phymem_page_rdmd(struct tdx_module_args *args)
{
	return td_leaf_call(phymem_page_rdmd, args);
}
