/* VMXON on every CPU (SDM vol. 3C 24.7-24.8). The boot CPU computes the
 * controls once; each AP checks its capabilities match and enters VMX root
 * with its own VMXON region. */
#include "cpu.h"
#include "insn.h"
#include "msr.h"
#include "percpu.h"
#include "vmx.h"
#include "vmx_cpu.h"
#include "../../lib/string.h"
#include "../../log.h"
#include "../../mm/page_alloc.h"
#include "../../mm/phys.h"

struct vmx_caps vmx_caps;
struct vmx_controls vmx_controls;
bool vmx_usable;
static unsigned cpus_in_root;

static bool feature_control_allows_vmx(void)
{
	uint64_t fc;

	if (!rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc)) {
		log_error("vmx: IA32_FEATURE_CONTROL cannot be read; VMX disabled");
		return false;
	}
	if (!(fc & FEATURE_CONTROL_LOCKED)) {
		/* Firmware left it open: allow VMX outside SMX and lock it, as
		 * Linux does, so nothing can turn it off under us. */
		wrmsr(MSR_IA32_FEATURE_CONTROL,
		      fc | FEATURE_CONTROL_VMX_OUTSIDE_SMX | FEATURE_CONTROL_LOCKED);
		return true;
	}
	if (!(fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX)) {
		log_error("vmx: the firmware locked IA32_FEATURE_CONTROL (0x%llx) with VMX "
			  "disabled; enable Intel VT-x in the firmware setup",
			  (unsigned long long)fc);
		return false;
	}
	return true;
}

static bool caps_match_boot_cpu(const struct vmx_caps *mine)
{
	if (memcmp(mine, &vmx_caps, sizeof(*mine)) == 0)
		return true;
	log_error("vmx: cpu%u has VMX capabilities different from cpu0; not using VMX here",
		  this_cpu()->index);
	return false;
}

bool vmx_cpu_enable(void)
{
	struct percpu *cpu = this_cpu();
	struct vmx_caps caps;
	paddr_t region;

	if (!cpu_features.vmx || !feature_control_allows_vmx())
		return false;
	vmx_caps_read(&caps);
	if (cpu->index == 0) {
		char why[160];

		vmx_caps = caps;
		log_debug("vmx: caps basic %llx pin %llx proc %llx proc2 %llx exit %llx entry %llx "
			  "misc %llx ept %llx cr0 %llx/%llx cr4 %llx/%llx",
			  (unsigned long long)caps.basic, (unsigned long long)caps.pinbased,
			  (unsigned long long)caps.procbased, (unsigned long long)caps.procbased2,
			  (unsigned long long)caps.exit, (unsigned long long)caps.entry,
			  (unsigned long long)caps.misc, (unsigned long long)caps.ept_vpid,
			  (unsigned long long)caps.cr0_fixed0, (unsigned long long)caps.cr0_fixed1,
			  (unsigned long long)caps.cr4_fixed0, (unsigned long long)caps.cr4_fixed1);
		if (!vmx_controls_compute(&vmx_caps, &vmx_controls, why, sizeof(why))) {
			log_error("vmx: cannot run VMs: %s", why);
			return false;
		}
	} else if (!vmx_usable || !caps_match_boot_cpu(&caps)) {
		return false;
	}
	write_cr0(vmx_fix_cr0(&caps, read_cr0(), false));
	write_cr4(vmx_fix_cr4(&caps, read_cr4()));
	region = page_alloc();
	if (!region) {
		log_error("vmx: cpu%u: no memory for the VMXON region", cpu->index);
		return false;
	}
	*(uint32_t *)phys_to_virt(region) = caps.basic & 0x7fffffff;
	if (!vmxon(region)) {
		log_error("vmx: cpu%u: VMXON failed", cpu->index);
		page_free(region);
		return false;
	}
	cpu->vmxon_region = region;
	__atomic_fetch_add(&cpus_in_root, 1, __ATOMIC_RELAXED);
	if (cpu->index == 0)
		vmx_usable = true;
	log_debug("vmx: cpu%u in VMX root operation", cpu->index);
	return true;
}

unsigned vmx_cpus_in_root(void)
{
	return cpus_in_root;
}
