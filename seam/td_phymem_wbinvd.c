/* TDH.PHYMEM.PAGE.WBINVD (leaf 41): write back and invalidate the cache
 * lines of one 4K page through the KeyID in the address's KeyID bits, as
 * intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/
 * tdh_phymem_page_wbinvd.c does. The host calls it after
 * TDH.MEM.PAGE.REMOVE, with the TD's KeyID, before it reuses the page
 * (Linux arch/x86/kvm/vmx/tdx.c, tdh_phymem_page_wbinvd_hkid).
 *
 * The module takes the KeyID bits out of RCX and checks only the rest:
 * the KeyID itself is not checked (any value the host passes is the one
 * whose lines it flushes), the page must be free (PT_NDA: removed or
 * never given) at its own 4K PAMT level. Memory is not encrypted in the
 * model, so no cache line belongs to a KeyID: after the checks there is
 * nothing to write back. */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

/* Bits 51:46 of a physical address hold its KeyID (seam/pamt.h). */
#define TD_HKID_MASK ((BIT(TD_MAX_PA_BITS) - 1) & ~TD_PA_MASK)

/* RCX = the page's PA with a KeyID in the KeyID bits. No outputs. */
static uint64_t phymem_page_wbinvd(struct tdx_module_args *args)
{
	struct pamt_entry *e;

	return pamt_check_page(args->rcx & ~TD_HKID_MASK, TDX_OPERAND_RCX, PT_NDA, &e);
}

uint64_t seam_phymem_page_wbinvd(struct tdx_module_args *args)
{
	return td_leaf_call(phymem_page_wbinvd, args);
}
