/* VMX availability (Intel SDM vol. 3C 24.6 "Discovering support for VMX"
 * and 24.7 "Enabling and entering VMX operation"). */
#include "cpu.h"
#include "insn.h"
#include "msr.h"
#include "vmx_probe.h"

void vmx_probe(struct vmx_probe *out)
{
	out->feature_control = 0;
	out->vmx_basic = 0;
	if (!(cpuid(1, 0).ecx & BIT(5))) {
		out->availability = VMX_NO_CPU_SUPPORT;
		return;
	}
	if (!rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &out->feature_control)) {
		out->availability = VMX_NO_FEATURE_MSR;
		return;
	}
	if ((out->feature_control & FEATURE_CONTROL_LOCKED) &&
	    !(out->feature_control & FEATURE_CONTROL_VMX_OUTSIDE_SMX)) {
		out->availability = VMX_LOCKED_OFF;
		return;
	}
	rdmsr_safe(MSR_IA32_VMX_BASIC, &out->vmx_basic);
	out->availability = VMX_AVAILABLE;
}

const char *vmx_availability_text(enum vmx_availability a)
{
	switch (a) {
	case VMX_AVAILABLE:
		return "available";
	case VMX_NO_CPU_SUPPORT:
		return "not available: the CPU does not report VMX (CPUID.1:ECX.VMX = 0); "
		       "tdvisor can report but not run guests here (QEMU TCG has no VMX: "
		       "use Bochs or real hardware)";
	case VMX_LOCKED_OFF:
		return "not available: the firmware locked IA32_FEATURE_CONTROL with VMX "
		       "disabled; enable VMX (Intel VT-x) in the firmware setup";
	case VMX_NO_FEATURE_MSR:
		return "not available: IA32_FEATURE_CONTROL cannot be read";
	}
	return "unknown";
}
