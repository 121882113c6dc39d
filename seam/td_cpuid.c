/* A TD's CPUID exit (intel/tdx-module tdx_1.5 src/td_dispatcher/vm_exits/
 * td_cpuid.c): a #VE for the leaves the module does not virtualize and
 * when the guest asked for one at its privilege level with
 * TDG.VP.CPUIDVE.SET; otherwise the virtual value (seam/cpuid_virt.c)
 * in EAX/EBX/ECX/EDX, upper halves zero, and RIP past the CPUID. */
#include "td_cpuid.h"
#include "td_run.h"
#include "../hv/arch/x86/insn.h"
#include "../hv/arch/x86/vmx.h"
#include "../hv/arch/x86/vmx_exit.h"

#define EFER_LMA     BIT(10)
#define AR_L         BIT(13)            /* CS access rights: 64-bit code */
#define AR_DPL(ar)   (((ar) >> 5) & 3)

static struct td_cpuid_values td_cpuid_native(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs c = cpuid(leaf, subleaf);

	return (struct td_cpuid_values){ c.eax, c.ebx, c.ecx, c.edx };
}

void td_cpuid_exit(struct td_run *r)
{
	const struct td_vcpu_ctls *c = &r->vp->ctls;
	unsigned cpl = AR_DPL(vmcs_read(VMCS_GUEST_SS_AR));
	struct td_cpuid_vcpu v = {
		.vcpu_index = r->vp->vcpu_index,
		.cr4 = vmcs_read(VMCS_GUEST_CR4),
		.long_mode = (vmcs_read(VMCS_GUEST_IA32_EFER) & EFER_LMA) &&
			     (vmcs_read(VMCS_GUEST_CS_AR) & AR_L),
		.platform_fms = seam_global()->platform_fms,
		.native = td_cpuid_native,
	};
	struct td_cpuid_values out;

	if ((cpl == 0 ? c->cpuid_supervisor_ve : c->cpuid_user_ve) ||
	    !td_cpuid_virtual(r->tdcs, &v, (uint32_t)r->g.rax, (uint32_t)r->g.rcx, &out)) {
		td_inject_ve(r, EXIT_REASON_CPUID, 0);
		return;
	}
	r->g.rax = out.eax;
	r->g.rbx = out.ebx;
	r->g.rcx = out.ecx;
	r->g.rdx = out.edx;
	vmcs_write(VMCS_GUEST_RIP, vmcs_read(VMCS_GUEST_RIP) + vmcs_read(VMCS_EXIT_INSTRUCTION_LENGTH));
}
