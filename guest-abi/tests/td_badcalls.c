/* td-badcalls: a hostile TD that calls every GHCI sub-function with
 * registers the host must refuse (README.md, "Hostile TDs"). Each call
 * must come back with the error status of guest-abi/tdx_ghci.h; none may
 * hang the TD or hurt the host. Not called: ReportFatalError (it ends the
 * TD by design) and Instruction.HLT with interrupts blocked (only an NMI
 * wakes it); Instruction.CPUID has no invalid inputs (any leaf is a
 * question the host answers). */
#include "guest-abi/tests/td_rt.h"

#define PRIVATE_GPA   0x100000ull
#define UNKNOWN_MSR   0x4b564dffu       /* in no MSR range a CPU defines */
#define IO_PORT       0x80
#define GPAW_END(s)   ((s) << 1)        /* 1 << GPAW, from the shared bit */

#define GHCI(fn)      .r10 = TDG_VP_VMCALL_STANDARD, .r11 = TDG_VP_VMCALL_##fn
#define PV(fn)        .r10 = TDVISOR_PV_TDVMCALL_LEAF, .r11 = (fn)
#define INVALID       .expect = TD_EXPECT_STATUS, .status = TDG_VP_VMCALL_INVALID_OPERAND
#define UNSUPPORTED   .expect = TD_EXPECT_STATUS, .status = TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED

static void case_bad_calls(void)
{
	const uint64_t s = td_shared_bit;
	const struct td_bad_call calls[] = {
		{ "GetTdVmCallInfo leaf 2", GHCI(GET_TD_VM_CALL_INFO), .r12 = 2, INVALID },
		{ "GetTdVmCallInfo leaf ~0", GHCI(GET_TD_VM_CALL_INFO), .r12 = ~0ull, INVALID },

		{ "MapGPA size 0", GHCI(MAP_GPA), .r12 = s | PRIVATE_GPA, .r13 = 0, INVALID,
		  .r11_is_r12 = true },
		{ "MapGPA GPA not 4K-aligned", GHCI(MAP_GPA), .r12 = s | (PRIVATE_GPA + 8),
		  .r13 = SZ_4K, .expect = TD_EXPECT_STATUS, .status = TDG_VP_VMCALL_ALIGN_ERROR,
		  .r11_is_r12 = true },

		{ "GetQuote of a private buffer", GHCI(GET_QUOTE), .r12 = PRIVATE_GPA,
		  .r13 = SZ_4K, .expect = TD_EXPECT_ERROR },
		{ "GetQuote size 0", GHCI(GET_QUOTE), .r12 = s | PRIVATE_GPA, .r13 = 0,
		  .expect = TD_EXPECT_ERROR },

		{ "SetupEventNotifyInterrupt vector 0", GHCI(SETUP_EVENT_NOTIFY_INTERRUPT),
		  .r12 = 0, INVALID },
		{ "SetupEventNotifyInterrupt vector 31", GHCI(SETUP_EVENT_NOTIFY_INTERRUPT),
		  .r12 = 31, INVALID },
		{ "SetupEventNotifyInterrupt vector 256", GHCI(SETUP_EVENT_NOTIFY_INTERRUPT),
		  .r12 = 256, INVALID },
		{ "SetupEventNotifyInterrupt vector ~0", GHCI(SETUP_EVENT_NOTIFY_INTERRUPT),
		  .r12 = ~0ull, INVALID },

		{ "Instruction.IO size 0", GHCI(INSTRUCTION_IO), .r12 = 0, .r13 = 1,
		  .r14 = IO_PORT, INVALID },
		{ "Instruction.IO size 3", GHCI(INSTRUCTION_IO), .r12 = 3, .r13 = 1,
		  .r14 = IO_PORT, INVALID },
		{ "Instruction.IO size 8", GHCI(INSTRUCTION_IO), .r12 = 8, .r13 = 0,
		  .r14 = IO_PORT, INVALID },
		{ "Instruction.IO direction 2", GHCI(INSTRUCTION_IO), .r12 = 1, .r13 = 2,
		  .r14 = IO_PORT, INVALID },
		{ "Instruction.IO port 0x10000", GHCI(INSTRUCTION_IO), .r12 = 1, .r13 = 1,
		  .r14 = 0x10000, INVALID },

		{ "Instruction.RDMSR of an unknown MSR", GHCI(INSTRUCTION_RDMSR),
		  .r12 = UNKNOWN_MSR, .expect = TD_EXPECT_ERROR },
		{ "Instruction.RDMSR index above 32 bits", GHCI(INSTRUCTION_RDMSR),
		  .r12 = 1ull << 32 | 0x10, .expect = TD_EXPECT_ERROR },
		{ "Instruction.WRMSR of an unknown MSR", GHCI(INSTRUCTION_WRMSR),
		  .r12 = UNKNOWN_MSR, .r13 = 1, .expect = TD_EXPECT_ERROR },

		{ "#VE.RequestMMIO read of a private GPA", GHCI(VE_REQUEST_MMIO), .r12 = 4,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = PRIVATE_GPA, INVALID },
		{ "#VE.RequestMMIO size 0", GHCI(VE_REQUEST_MMIO), .r12 = 0,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = s | 0xc0000000, INVALID },
		{ "#VE.RequestMMIO size 3", GHCI(VE_REQUEST_MMIO), .r12 = 3,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = s | 0xc0000000, INVALID },
		{ "#VE.RequestMMIO size 16", GHCI(VE_REQUEST_MMIO), .r12 = 16,
		  .r13 = TDG_VP_VMCALL_WRITE, .r14 = s | 0xc0000000, INVALID },
		{ "#VE.RequestMMIO direction 2", GHCI(VE_REQUEST_MMIO), .r12 = 4, .r13 = 2,
		  .r14 = s | 0xc0000000, INVALID },
		{ "#VE.RequestMMIO across the end of GPAW", GHCI(VE_REQUEST_MMIO), .r12 = 8,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = GPAW_END(s) - 4, INVALID },
		{ "#VE.RequestMMIO beyond GPAW", GHCI(VE_REQUEST_MMIO), .r12 = 4,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = GPAW_END(s) | s, INVALID },

		{ "sub-function 0", .r11 = 0, UNSUPPORTED },
		{ "sub-function 0x10005", .r11 = 0x10005, UNSUPPORTED },
		{ "sub-function ~0", .r11 = ~0ull, UNSUPPORTED },
		{ "R10 leaf 1 (not tdvisor's)", .r10 = 1, .r11 = TDG_VP_VMCALL_INSTRUCTION_CPUID,
		  UNSUPPORTED },

		{ "Instruction.IO with R12-R15 not exposed", .rcx = TDG_VP_VMCALL_GPR_R10 |
		  TDG_VP_VMCALL_GPR_R11, GHCI(INSTRUCTION_IO), .r12 = 1, .r13 = 1,
		  .r14 = TDVISOR_PORT_COM1, .r15 = '!', INVALID },
		{ "TDG.VP.VMCALL exposing RSP", .rcx = TDG_VP_VMCALL_EXPOSE_STANDARD | 1 << 4,
		  GHCI(INSTRUCTION_CPUID), .expect = TD_EXPECT_TDCALL,
		  .status = TDX_OPERAND_INVALID | TDX_OPERAND_RCX },
		{ "TDG.VP.VMCALL with RCX bits 63:32 set",
		  .rcx = TDG_VP_VMCALL_EXPOSE_STANDARD | 1ull << 32, GHCI(INSTRUCTION_CPUID),
		  .expect = TD_EXPECT_TDCALL, .status = TDX_OPERAND_INVALID | TDX_OPERAND_RCX },

		{ "PV function 0xdead", PV(0xdead), UNSUPPORTED },
		{ "PV CONSOLE_WRITE of a private GPA", PV(TDVISOR_PV_CONSOLE_WRITE),
		  .r12 = PRIVATE_GPA, .r13 = 16, INVALID },
		{ "PV CONSOLE_WRITE of 4097 bytes", PV(TDVISOR_PV_CONSOLE_WRITE),
		  .r12 = s | 0xc0000000, .r13 = 4097, INVALID },
		{ "PV CONSOLE_WRITE beyond GPAW", PV(TDVISOR_PV_CONSOLE_WRITE),
		  .r12 = GPAW_END(s), .r13 = 16, INVALID },
	};
	unsigned wrong = td_bad_calls(calls, sizeof(calls) / sizeof(calls[0]));

	CHECK(wrong == 0, "%u of %u bad calls got the wrong answer", wrong,
	      (unsigned)(sizeof(calls) / sizeof(calls[0])));
}

/* After all that, the host still serves this TD. */
static void case_still_served(void)
{
	struct cpuid_regs c;
	uint64_t status = tdvmcall_cpuid(TDVISOR_CPUID_LEAF_BASE, 0, &c);

	CHECK(status == TDG_VP_VMCALL_SUCCESS && c.ebx == TDVISOR_CPUID_SIGNATURE_EBX,
	      "Instruction.CPUID(0x40000000) afterwards: status 0x%lx, EBX 0x%x", status, c.ebx);
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "bad-calls", case_bad_calls },
		{ "still-served", case_still_served },
	};

	return td_run_cases("td-badcalls", cases, sizeof(cases) / sizeof(cases[0]));
}
