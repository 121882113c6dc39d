/* TD creation: TDH.MNG.CREATE, TDH.MNG.KEY.CONFIG, TDH.MNG.ADDCX. Each
 * leaf makes the module's checks in the module's order, then its effects,
 * which cannot fail. Page layouts: seam/td_state.h. */
#include "td_state.h"
#include "../hv/lib/string.h"
#include "../hv/tdx/tdx_status.h"

#define HKID_INPUT_RESERVED (~0xffffull)        /* hkid_api_input_t bits 63:16 */

static bool td_hkid_private(unsigned hkid)
{
	const struct seam_params *p = &seam_global()->params;

	return hkid > p->mktme_keyids && hkid <= p->mktme_keyids + p->tdx_keyids;
}

static uint32_t td_kot_state(unsigned hkid)
{
	struct seam_global *g = seam_global();

	/* TDH.SYS.CONFIG reserves the module's own KeyID. */
	if (hkid == g->hkid)
		return KOT_STATE_HKID_RESERVED;
	return g->kot[hkid].state;
}

/* tdh_mng_create.c: RCX = TDR page, RDX = HKID. */
static uint64_t mng_create(struct tdx_module_args *args)
{
	uint64_t tdr_pa = args->rcx, hkid_in = args->rdx, status;
	unsigned hkid = (unsigned)(hkid_in & 0xffff);
	struct pamt_entry *pamt;
	struct td_tdr *tdr;

	if ((hkid_in & HKID_INPUT_RESERVED) || !td_hkid_private(hkid))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	status = td_explicit_tdr(tdr_pa, TDX_OPERAND_RCX, PT_NDA, &tdr, &pamt);
	if (status != TDX_SUCCESS)
		return status;
	if (td_kot_state(hkid) != KOT_STATE_HKID_FREE)
		return TDX_HKID_NOT_FREE;

	memset(tdr, 0, PAGE_SIZE);
	seam_global()->kot[hkid].state = KOT_STATE_HKID_ASSIGNED;
	tdr->hkid = (uint16_t)hkid;
	tdr->lifecycle = TD_HKID_ASSIGNED;
	pamt_assign(pamt, PT_TDR, 0);
	return TDX_SUCCESS;
}

/* tdh_mng_key_config.c: RCX = TDR. Once per package; the last package
 * makes the keys configured. Programming the key (PCONFIG) is left out:
 * memory is not encrypted. */
static uint64_t mng_key_config(struct tdx_module_args *args)
{
	uint64_t all_pkgs = seam_global()->pkg_config_bitmap, status;
	uint64_t pkg = BIT(seam_pkg());
	struct pamt_entry *pamt;
	struct td_tdr *tdr;

	status = td_explicit_tdr(args->rcx, TDX_OPERAND_RCX, PT_TDR, &tdr, &pamt);
	if (status != TDX_SUCCESS)
		return status;
	if (tdr->fatal)
		return TDX_TD_FATAL;
	if (tdr->lifecycle != TD_HKID_ASSIGNED)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (tdr->pkg_config_bitmap & pkg)
		return TDX_KEY_CONFIGURED;

	tdr->pkg_config_bitmap |= pkg;
	if (tdr->pkg_config_bitmap == all_pkgs)
		tdr->lifecycle = TD_KEYS_CONFIGURED;
	return TDX_SUCCESS;
}

/* tdh_mng_add_cx.c: RCX = the new TDCX page, RDX = TDR. Pages are added
 * in TDCS page order; each starts as that page must (MSR bitmaps all
 * ones, the S-EPT root all free entries, the rest zero). With the model's
 * TDCS of exactly the minimum size the op-state check the module makes
 * past the minimum never applies. */
static uint64_t mng_addcx(struct tdx_module_args *args)
{
	uint64_t tdcx_pa = args->rcx, tdr_pa = args->rdx, status;
	struct pamt_entry *tdr_pamt, *tdcx_pamt;
	struct td_tdr *tdr;
	unsigned index;

	status = td_explicit_tdr(tdr_pa, TDX_OPERAND_RDX, PT_TDR, &tdr, &tdr_pamt);
	if (status != TDX_SUCCESS)
		return status;
	if (tdr->fatal)
		return TDX_TD_FATAL;
	if (tdr->lifecycle != TD_KEYS_CONFIGURED)
		return TDX_TD_KEYS_NOT_CONFIGURED;
	index = tdr->num_tdcx;
	if (index >= TD_TDCS_PAGES)
		return TDX_TDCX_NUM_INCORRECT;
	status = pamt_check_page(tdcx_pa, TDX_OPERAND_RCX, PT_NDA, &tdcx_pamt);
	if (status != TDX_SUCCESS)
		return status;

	if (index == TDCS_PAGE_MSR_BITMAPS) {
		memset(td_page(tdcx_pa), 0xff, PAGE_SIZE);
	} else if (index == TDCS_PAGE_SEPT_ROOT) {
		uint64_t *e = td_page(tdcx_pa);

		for (unsigned i = 0; i < SEPT_ENTRIES; i++)
			e[i] = SEPTE_INIT_VALUE;
	} else {
		memset(td_page(tdcx_pa), 0, PAGE_SIZE);
	}
	/* Recorded with the TD's KeyID, as the module does (TDCX_PA reads so). */
	tdr->tdcx_pa[index] = tdcx_pa | (uint64_t)tdr->hkid << TD_HKID_SHIFT;
	tdr->num_tdcx = index + 1;
	tdr->chldcnt++;
	pamt_assign(tdcx_pamt, PT_TDCX, tdr_pa);
	return TDX_SUCCESS;
}

uint64_t seam_mng_create(struct tdx_module_args *args)
{
	return td_leaf_call(mng_create, args);
}

uint64_t seam_mng_key_config(struct tdx_module_args *args)
{
	return td_leaf_call(mng_key_config, args);
}

uint64_t seam_mng_addcx(struct tdx_module_args *args)
{
	return td_leaf_call(mng_addcx, args);
}
