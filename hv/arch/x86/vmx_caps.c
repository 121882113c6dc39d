/* VM-execution control computation (SDM vol. 3C appendix A.3-A.5): the low
 * 32 bits of a capability MSR are the allowed-0 settings (a set bit must be
 * 1), the high 32 bits the allowed-1 settings (a clear bit must be 0). */
#include "insn.h"
#include "msr.h"
#include "vmx.h"
#include "vmx_caps.h"
#include "../../lib/format.h"

#define CR0_PE BIT(0)
#define CR0_PG BIT(31)

struct control_bit {
	uint32_t bit;
	const char *name;
};

struct control_request {
	const char *field;              /* e.g. "pin-based" */
	uint32_t required, optional;
	const struct control_bit *names;
};

static const struct control_bit pin_names[] = {
	{ PIN_EXTERNAL_INTERRUPT_EXITING, "external-interrupt exiting" },
	{ PIN_NMI_EXITING, "NMI exiting" },
	{ PIN_PREEMPTION_TIMER, "VMX-preemption timer" },
	{ 0, NULL },
};
static const struct control_bit proc_names[] = {
	{ PROC_HLT_EXITING, "HLT exiting" },
	{ PROC_USE_IO_BITMAPS, "use I/O bitmaps" },
	{ PROC_USE_MSR_BITMAPS, "use MSR bitmaps" },
	{ PROC_ACTIVATE_SECONDARY, "activate secondary controls" },
	{ 0, NULL },
};
static const struct control_bit proc2_names[] = {
	{ PROC2_ENABLE_EPT, "enable EPT" },
	{ PROC2_UNRESTRICTED_GUEST, "unrestricted guest" },
	{ PROC2_ENABLE_VPID, "enable VPID" },
	{ 0, NULL },
};
static const struct control_bit exit_names[] = {
	{ EXIT_HOST_ADDRESS_SPACE_SIZE, "host address-space size" },
	{ EXIT_ACK_INTERRUPT_ON_EXIT, "acknowledge interrupt on exit" },
	{ EXIT_SAVE_IA32_PAT, "save IA32_PAT" },
	{ EXIT_LOAD_IA32_PAT, "load IA32_PAT" },
	{ EXIT_SAVE_IA32_EFER, "save IA32_EFER" },
	{ EXIT_LOAD_IA32_EFER, "load IA32_EFER" },
	{ 0, NULL },
};
static const struct control_bit entry_names[] = {
	{ ENTRY_LOAD_IA32_PAT, "load IA32_PAT" },
	{ ENTRY_LOAD_IA32_EFER, "load IA32_EFER" },
	{ 0, NULL },
};

void vmx_caps_read(struct vmx_caps *c)
{
	bool true_ctls;

	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	true_ctls = c->basic & VMX_BASIC_TRUE_CTLS;
	c->pinbased = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS);
	c->procbased = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS);
	c->entry = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS);
	c->procbased2 = 0;
	if ((c->procbased >> 32) & PROC_ACTIVATE_SECONDARY)
		c->procbased2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
	c->misc = rdmsr(MSR_IA32_VMX_MISC);
	c->ept_vpid = (c->procbased2 >> 32) & (PROC2_ENABLE_EPT | PROC2_ENABLE_VPID) ?
		      rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) : 0;
	c->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
}

static const char *bit_name(const struct control_bit *names, uint32_t bit)
{
	for (; names->name; names++)
		if (names->bit == bit)
			return names->name;
	return "?";
}

static bool compute(uint64_t cap, const struct control_request *r, uint32_t *out,
		    char *why, size_t why_size)
{
	uint32_t must_be_1 = (uint32_t)cap, may_be_1 = (uint32_t)(cap >> 32);
	uint32_t missing = r->required & ~may_be_1;

	if (missing) {
		unsigned bit = __builtin_ctz(missing);
		format(why, why_size, "%s control '%s' (bit %u) is not supported by this CPU",
		       r->field, bit_name(r->names, 1u << bit), bit);
		return false;
	}
	*out = ((r->required | r->optional) & may_be_1) | must_be_1;
	return true;
}

bool vmx_controls_compute(const struct vmx_caps *caps, struct vmx_controls *out,
			  char *why, size_t why_size)
{
	const struct control_request pin = {
		"pin-based", PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING,
		PIN_PREEMPTION_TIMER, pin_names };
	const struct control_request proc = {
		"primary processor-based",
		PROC_HLT_EXITING | PROC_USE_IO_BITMAPS | PROC_USE_MSR_BITMAPS |
		PROC_ACTIVATE_SECONDARY, 0, proc_names };
	const struct control_request proc2 = {
		"secondary processor-based", PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST,
		PROC2_ENABLE_VPID, proc2_names };
	const struct control_request exit = {
		"VM-exit",
		EXIT_HOST_ADDRESS_SPACE_SIZE | EXIT_ACK_INTERRUPT_ON_EXIT |
		EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT | EXIT_SAVE_IA32_EFER |
		EXIT_LOAD_IA32_EFER, 0, exit_names };
	const struct control_request entry = {
		"VM-entry", ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_IA32_EFER, 0, entry_names };

	if (!compute(caps->pinbased, &pin, &out->pin, why, why_size) ||
	    !compute(caps->procbased, &proc, &out->proc, why, why_size) ||
	    !compute(caps->procbased2, &proc2, &out->proc2, why, why_size) ||
	    !compute(caps->exit, &exit, &out->exit, why, why_size) ||
	    !compute(caps->entry, &entry, &out->entry, why, why_size))
		return false;
	/* Exits tdvisor does not want but some CPUs force (default1 controls
	 * without the TRUE MSRs): CR3 load/store exiting cannot be cleared then. */
	if (out->proc & (PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING)) {
		format(why, why_size, "primary processor-based controls 'CR3-load/store "
		       "exiting' cannot be cleared on this CPU (no TRUE controls)");
		return false;
	}
	out->preemption_timer = out->pin & PIN_PREEMPTION_TIMER;
	out->vpid = out->proc2 & PROC2_ENABLE_VPID;
	out->preemption_timer_shift = caps->misc & 0x1f;
	return true;
}

uint64_t vmx_fix_cr0(const struct vmx_caps *caps, uint64_t cr0, bool unrestricted)
{
	uint64_t fixed0 = caps->cr0_fixed0;

	if (unrestricted)
		fixed0 &= ~(CR0_PE | CR0_PG);
	return (cr0 | fixed0) & caps->cr0_fixed1;
}

uint64_t vmx_fix_cr4(const struct vmx_caps *caps, uint64_t cr4)
{
	return (cr4 | caps->cr4_fixed0) & caps->cr4_fixed1;
}
