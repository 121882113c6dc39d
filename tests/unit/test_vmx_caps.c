/* VM-execution control computation against recorded capability MSRs. */
#include "shim.h"
#include "../../hv/arch/x86/vmx_caps.c"
#include "test.h"

/* Recorded from Bochs 2.7, cpu model corei7_icelake_u (tdvisor's debug log,
 * "vmx: caps ..."): IA32_VMX_BASIC bit 55 set, so these are TRUE_* values. */
static const struct vmx_caps bochs_icelake = {
	.basic = 0xd8100000000004ull,
	.pinbased = 0x7f00000016ull,
	.procbased = 0xfff9fffe04006172ull,
	.procbased2 = 0x2977fff00000000ull,
	.exit = 0x7fffff00036dfbull,
	.entry = 0xffff000011fbull,
	.misc = 0x600401e0ull,
	.ept_vpid = 0xf0106334141ull,
	.cr0_fixed0 = 0x80000021ull, .cr0_fixed1 = 0xffffffffull,
	.cr4_fixed0 = 0x2000ull, .cr4_fixed1 = 0x772fffull,
};

TEST(bochs_icelake_gets_every_control_tdvisor_wants)
{
	struct vmx_controls c;
	char why[160] = "";

	CHECK(vmx_controls_compute(&bochs_icelake, &c, why, sizeof(why)));
	CHECK_STR(why, "");
	CHECK_EQ(c.pin & (PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING | PIN_PREEMPTION_TIMER),
		 PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING | PIN_PREEMPTION_TIMER);
	CHECK_EQ(c.pin & 0x16, 0x16);          /* allowed-0 (must-be-1) bits kept */
	CHECK(c.proc & PROC_HLT_EXITING);
	CHECK(c.proc & PROC_USE_IO_BITMAPS);
	CHECK(c.proc & PROC_USE_MSR_BITMAPS);
	CHECK_EQ(c.proc & (PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING), 0);
	CHECK_EQ(c.proc2 & (PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST | PROC2_ENABLE_VPID),
		 PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST | PROC2_ENABLE_VPID);
	CHECK(c.exit & EXIT_HOST_ADDRESS_SPACE_SIZE);
	CHECK(c.exit & EXIT_ACK_INTERRUPT_ON_EXIT);
	CHECK(c.entry & ENTRY_LOAD_IA32_EFER);
	CHECK_EQ(c.entry & ENTRY_IA32E_MODE_GUEST, 0); /* guests start in 32-bit mode */
	CHECK(c.preemption_timer);
	CHECK(c.vpid);
	CHECK_EQ(c.preemption_timer_shift, 0);
}

TEST(missing_unrestricted_guest_is_reported_by_name)
{
	struct vmx_caps caps = bochs_icelake;
	struct vmx_controls c;
	char why[160];

	caps.procbased2 &= ~((uint64_t)PROC2_UNRESTRICTED_GUEST << 32);
	CHECK(!vmx_controls_compute(&caps, &c, why, sizeof(why)));
	CHECK_STR(why, "secondary processor-based control 'unrestricted guest' (bit 7) "
		       "is not supported by this CPU");
}

TEST(missing_ept_is_reported_before_later_fields)
{
	struct vmx_caps caps = bochs_icelake;
	struct vmx_controls c;
	char why[160];

	caps.procbased2 &= ~((uint64_t)PROC2_ENABLE_EPT << 32);
	caps.exit &= ~((uint64_t)EXIT_LOAD_IA32_EFER << 32);
	CHECK(!vmx_controls_compute(&caps, &c, why, sizeof(why)));
	CHECK_STR(why, "secondary processor-based control 'enable EPT' (bit 1) is not "
		       "supported by this CPU");
}

TEST(optional_preemption_timer_may_be_missing)
{
	struct vmx_caps caps = bochs_icelake;
	struct vmx_controls c;
	char why[160];

	caps.pinbased &= ~((uint64_t)PIN_PREEMPTION_TIMER << 32);
	CHECK(vmx_controls_compute(&caps, &c, why, sizeof(why)));
	CHECK(!c.preemption_timer);
	CHECK_EQ(c.pin & PIN_PREEMPTION_TIMER, 0);
}

/* Without the TRUE MSRs, CR3-load/store exiting are default1: a CPU that
 * forces them cannot run tdvisor's guests, which own CR3. */
TEST(forced_cr3_exiting_is_refused)
{
	struct vmx_caps caps = bochs_icelake;
	struct vmx_controls c;
	char why[160];

	caps.procbased |= PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING;
	CHECK(!vmx_controls_compute(&caps, &c, why, sizeof(why)));
	CHECK(strstr(why, "CR3-load/store exiting") != NULL);
}

TEST(fixed_cr_bits)
{
	/* Host CR0 must keep PE, NE and PG; a guest under unrestricted guest may
	 * clear PE and PG but not NE. */
	CHECK_EQ(vmx_fix_cr0(&bochs_icelake, 0x80000011, false), 0x80000031);
	CHECK_EQ(vmx_fix_cr0(&bochs_icelake, 0x0, true), 0x20);
	CHECK_EQ(vmx_fix_cr4(&bochs_icelake, 0x20), 0x2020);           /* VMXE forced */
	CHECK_EQ(vmx_fix_cr4(&bochs_icelake, 0x800000), 0x2000);       /* unsupported bit dropped */
}
