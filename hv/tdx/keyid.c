/* Where the KeyID sits in a physical address: in the top bits of the
 * platform's MAXPHYADDR, IA32_TME_ACTIVATE bits 35:32 (MK_TME_KEYID_BITS)
 * of them, as Linux finds it (arch/x86/kernel/cpu/intel.c,
 * detect_tme_early, lowers x86_phys_bits by that many; mk_keyed_paddr in
 * arch/x86/virt/vmx/tdx/tdx.c shifts the KeyID by x86_phys_bits). The
 * software module answers the MSR for the platform it models, whose
 * MAXPHYADDR is MAX_PA whatever the CPU under it reports. */
#include "keyid.h"
#include "seamcall.h"
#include "tdmr.h"
#include "tdx.h"
#include "tdx_status.h"
#include "../arch/x86/insn.h"
#include "../arch/x86/msr.h"
#include "../../seam/seam.h"

#define CPUID_ADDRESS_SIZES 0x80000008u

static unsigned keyid_shift;

static unsigned find_keyid_shift(void)
{
	uint64_t tme = 0;

	if (tdx_get_info()->emulated) {
		seam_read_msr(MSR_IA32_TME_ACTIVATE, &tme);
		return TDX_MAX_PA_BITS - TME_ACTIVATE_KEYID_BITS(tme);
	}
	if (!rdmsr_safe(MSR_IA32_TME_ACTIVATE, &tme))
		tme = 0;
	return (cpuid(CPUID_ADDRESS_SIZES, 0).eax & 0xff) - TME_ACTIVATE_KEYID_BITS(tme);
}

uint64_t tdx_keyed_pa(uint16_t keyid, paddr_t pa)
{
	if (!keyid_shift)
		keyid_shift = find_keyid_shift();
	return pa | (uint64_t)keyid << keyid_shift;
}

bool tdx_wbinvd_pages(uint16_t keyid, paddr_t pa, uint64_t pages)
{
	for (uint64_t i = 0; i < pages; i++) {
		struct tdx_module_args a = { .rcx = tdx_keyed_pa(keyid, pa + i * PAGE_SIZE) };

		if (tdx_call(TDH_PHYMEM_PAGE_WBINVD, &a, 0) != TDX_SUCCESS)
			return false;
	}
	return true;
}
