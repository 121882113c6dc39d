/* The CPUID a guest sees, for VM exits and TD #VE-forwarded CPUIDs alike. */
#include "../../guests.h"
#include "../../../guest-abi/tdvisor_pv.h"

#define CPUID_1_ECX_VMX        BIT(5)
#define CPUID_1_ECX_SMX        BIT(6)
#define CPUID_1_ECX_HYPERVISOR BIT(31)
#define CPUID_1_EDX_MCE        BIT(7)
#define CPUID_1_EDX_MTRR       BIT(12)
#define CPUID_1_EDX_MCA        BIT(14)

struct cpuid_regs guest_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = { 0 };

	if (leaf == TDVISOR_CPUID_LEAF_BASE) {
		r.eax = TDVISOR_CPUID_LEAF_BASE + 1;
		r.ebx = TDVISOR_CPUID_SIGNATURE_EBX;
		r.ecx = TDVISOR_CPUID_SIGNATURE_ECX;
		r.edx = TDVISOR_CPUID_SIGNATURE_EDX;
	} else if (leaf == TDVISOR_CPUID_LEAF_BASE + 1) {
		r.eax = TDVISOR_PV_ABI_VERSION;
	} else if (leaf < TDVISOR_CPUID_LEAF_BASE || leaf >= TDVISOR_CPUID_LEAF_BASE + 0x100) {
		r = cpuid(leaf, subleaf);
		if (leaf == 1) {
			/* No nested VMX, no SMX; no MTRR/MCE MSRs are emulated. */
			r.ecx &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_SMX);
			r.ecx |= CPUID_1_ECX_HYPERVISOR;
			r.edx &= ~(CPUID_1_EDX_MCE | CPUID_1_EDX_MTRR | CPUID_1_EDX_MCA);
		}
	}
	return r;
}
