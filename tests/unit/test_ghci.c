/* The TDG.VP.VMCALL decoder (hv/tdx/ghci.c): a table of register sets as
 * the TDX module hands them over, valid and invalid, for every
 * sub-function and tdvisor PV call, with the status a guest must get and
 * what the hypervisor must act on. */
#include "shim.h"
#include "../../hv/tdx/ghci.c"
#include "test.h"

#define SH48      BIT(47)               /* the shared bit at GPAW 48 */
#define SH52      BIT(51)
#define STD       0xfc00ull             /* R10-R15 exposed */
#define ALL       0xffccull             /* Linux's mask: RDX..R15 but RBP */
#define PVLEAF    TDVISOR_PV_TDVMCALL_LEAF
#define OK        TDG_VP_VMCALL_SUCCESS
#define EINVAL    TDG_VP_VMCALL_INVALID_OPERAND
#define EALIGN    TDG_VP_VMCALL_ALIGN_ERROR
#define ENOSUB    TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED

/* Little-endian 8-byte chunk of a string, as a guest loads it into a GPR. */
static uint64_t chunk(const char *s)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8 && s[i]; i++)
		v |= (uint64_t)(uint8_t)s[i] << (8 * i);
	return v;
}

struct ghci_case {
	const char *what;
	unsigned gpaw;                  /* 0: 48 */
	struct tdx_module_args in;
	uint64_t status;
	const char *name;
	uint64_t fail_r11;
	struct ghci_request want;       /* compared when status is OK */
};

#define CALL(fn, ...) { .rcx = STD, .r10 = 0, .r11 = fn, __VA_ARGS__ }
#define PVCALL(fn, ...) { .rcx = STD, .r10 = PVLEAF, .r11 = fn, __VA_ARGS__ }
#define INFO      TDG_VP_VMCALL_GET_TD_VM_CALL_INFO
#define MAPGPA    TDG_VP_VMCALL_MAP_GPA
#define NOTIFY    TDG_VP_VMCALL_SETUP_EVENT_NOTIFY_INTERRUPT
#define IO        TDG_VP_VMCALL_INSTRUCTION_IO
#define MMIO      TDG_VP_VMCALL_VE_REQUEST_MMIO

static const struct ghci_case cases[] = {
	/* GetTdVmCallInfo */
	{ "info leaf 0", 0, CALL(INFO, .r12 = 0), OK, "GetTdVmCallInfo", 0,
	  { .call = GHCI_GET_TD_VM_CALL_INFO, .info = { 0 } } },
	{ "info leaf 1", 0, CALL(INFO, .r12 = 1), OK, "GetTdVmCallInfo", 0,
	  { .call = GHCI_GET_TD_VM_CALL_INFO, .info = { 1 } } },
	{ "info leaf 2", 0, CALL(INFO, .r12 = 2), EINVAL, "GetTdVmCallInfo", 0, { 0 } },
	{ "info: R14 (an output) not exposed", 0,
	  { .rcx = 0x3c00, .r11 = INFO }, EINVAL, "GetTdVmCallInfo", 0, { 0 } },

	/* MapGPA */
	{ "map 2M to shared", 0, CALL(MAPGPA, .r12 = SH48 | 0x200000, .r13 = 0x200000), OK,
	  "MapGPA", 0,
	  { .call = GHCI_MAP_GPA, .map_gpa = { SH48 | 0x200000, 0x200000, true } } },
	{ "map 4K back to private", 0, CALL(MAPGPA, .r12 = 0x7000, .r13 = 0x1000), OK,
	  "MapGPA", 0, { .call = GHCI_MAP_GPA, .map_gpa = { 0x7000, 0x1000, false } } },
	{ "map the last private page", 0, CALL(MAPGPA, .r12 = SH48 - 0x1000, .r13 = 0x1000), OK,
	  "MapGPA", 0, { .call = GHCI_MAP_GPA, .map_gpa = { SH48 - 0x1000, 0x1000, false } } },
	{ "map the whole shared half", 0, CALL(MAPGPA, .r12 = SH48, .r13 = SH48), OK,
	  "MapGPA", 0, { .call = GHCI_MAP_GPA, .map_gpa = { SH48, SH48, true } } },
	{ "map size 0", 0, CALL(MAPGPA, .r12 = 0x1000, .r13 = 0), EINVAL, "MapGPA", 0x1000, { 0 } },
	{ "map misaligned GPA", 0, CALL(MAPGPA, .r12 = 0x100800, .r13 = 0x1000), EALIGN,
	  "MapGPA", 0x100800, { 0 } },
	{ "map misaligned size", 0, CALL(MAPGPA, .r12 = 0x100000, .r13 = 0x1800), EALIGN,
	  "MapGPA", 0x100000, { 0 } },
	{ "map straddling the shared bit", 0, CALL(MAPGPA, .r12 = SH48 - 0x1000, .r13 = 0x2000),
	  EINVAL, "MapGPA", SH48 - 0x1000, { 0 } },
	{ "map starting past GPAW", 0, CALL(MAPGPA, .r12 = BIT(48), .r13 = 0x1000), EINVAL,
	  "MapGPA", BIT(48), { 0 } },
	{ "map ending past GPAW", 0, CALL(MAPGPA, .r12 = BIT(48) - 0x1000, .r13 = 0x2000),
	  EINVAL, "MapGPA", BIT(48) - 0x1000, { 0 } },
	{ "map huge", 0, CALL(MAPGPA, .r12 = 0, .r13 = 0xfffffffffffff000ull), EINVAL,
	  "MapGPA", 0, { 0 } },
	{ "map wrapping around", 0, CALL(MAPGPA, .r12 = 0xfffffffffffff000ull, .r13 = 0x2000),
	  EINVAL, "MapGPA", 0xfffffffffffff000ull, { 0 } },
	{ "map misaligned and past GPAW: the range error wins", 0,
	  CALL(MAPGPA, .r12 = BIT(50) | 0x10, .r13 = 0x1000), EINVAL, "MapGPA", BIT(50) | 0x10,
	  { 0 } },
	{ "map at GPAW 52: bit 51 is the shared bit", 52,
	  CALL(MAPGPA, .r12 = SH52 | 0x1000, .r13 = 0x1000), OK, "MapGPA", 0,
	  { .call = GHCI_MAP_GPA, .map_gpa = { SH52 | 0x1000, 0x1000, true } } },
	{ "map at GPAW 52: bit 47 is a private address bit", 52,
	  CALL(MAPGPA, .r12 = SH48, .r13 = 0x1000), OK, "MapGPA", 0,
	  { .call = GHCI_MAP_GPA, .map_gpa = { SH48, 0x1000, false } } },
	{ "map at GPAW 48 of a GPAW-52 shared GPA", 0,
	  CALL(MAPGPA, .r12 = SH52 | 0x1000, .r13 = 0x1000), EINVAL, "MapGPA", SH52 | 0x1000,
	  { 0 } },
	{ "map with R13 not exposed", 0, { .rcx = 0x1c00, .r11 = MAPGPA, .r12 = 0x1000 },
	  EINVAL, "MapGPA", 0, { 0 } },

	/* GetQuote: no quoting service, whatever the buffer */
	{ "quote", 0, CALL(TDG_VP_VMCALL_GET_QUOTE, .r12 = SH48 | 0x10000, .r13 = 0x2000),
	  ENOSUB, "GetQuote", 0, { 0 } },

	/* ReportFatalError (the message cases are in fatal_message below) */
	{ "fatal with nothing but R10/R11 exposed", 0,
	  { .rcx = 0x0c00, .r11 = TDG_VP_VMCALL_REPORT_FATAL_ERROR, .r12 = 7 }, OK,
	  "ReportFatalError", 0, { .call = GHCI_REPORT_FATAL_ERROR, .fatal = { .code = 0 } } },
	{ "fatal with a code and a data page", 0,
	  CALL(TDG_VP_VMCALL_REPORT_FATAL_ERROR, .r12 = BIT(63) | BIT(40) | 0x1234,
	       .r13 = SH48 | 0x5000),
	  OK, "ReportFatalError", 0,
	  { .call = GHCI_REPORT_FATAL_ERROR,
	    .fatal = { .code = 0x1234, .has_data_gpa = true, .data_gpa = SH48 | 0x5000 } } },
	{ "fatal: data page flagged but R13 not exposed", 0,
	  { .rcx = 0x1c00, .r11 = TDG_VP_VMCALL_REPORT_FATAL_ERROR, .r12 = BIT(63),
	    .r13 = 0x5000 },
	  OK, "ReportFatalError", 0, { .call = GHCI_REPORT_FATAL_ERROR, .fatal = { .code = 0 } } },

	/* SetupEventNotifyInterrupt */
	{ "notify 32", 0, CALL(NOTIFY, .r12 = 32), OK, "SetupEventNotifyInterrupt", 0,
	  { .call = GHCI_SETUP_EVENT_NOTIFY, .notify = { 32 } } },
	{ "notify 255", 0, CALL(NOTIFY, .r12 = 255), OK, "SetupEventNotifyInterrupt", 0,
	  { .call = GHCI_SETUP_EVENT_NOTIFY, .notify = { 255 } } },
	{ "notify 31 (an exception vector)", 0, CALL(NOTIFY, .r12 = 31), EINVAL,
	  "SetupEventNotifyInterrupt", 0, { 0 } },
	{ "notify 0", 0, CALL(NOTIFY, .r12 = 0), EINVAL, "SetupEventNotifyInterrupt", 0, { 0 } },
	{ "notify 256", 0, CALL(NOTIFY, .r12 = 256), EINVAL, "SetupEventNotifyInterrupt", 0,
	  { 0 } },
	{ "notify 0x100000020 (not truncated)", 0, CALL(NOTIFY, .r12 = 0x100000020ull), EINVAL,
	  "SetupEventNotifyInterrupt", 0, { 0 } },

	/* Instruction.CPUID */
	{ "cpuid", 0, CALL(TDG_VP_VMCALL_INSTRUCTION_CPUID, .r12 = 0x40000000, .r13 = 0), OK,
	  "Instruction.CPUID", 0, { .call = GHCI_CPUID, .cpuid = { 0x40000000, 0 } } },
	{ "cpuid: upper halves of RAX/RCX ignored", 0,
	  CALL(TDG_VP_VMCALL_INSTRUCTION_CPUID, .r12 = 0xdead000000000007ull,
	       .r13 = 0xbeef000000000001ull),
	  OK, "Instruction.CPUID", 0, { .call = GHCI_CPUID, .cpuid = { 7, 1 } } },
	{ "cpuid: R15 (EDX out) not exposed", 0,
	  { .rcx = 0x7c00, .r11 = TDG_VP_VMCALL_INSTRUCTION_CPUID, .r12 = 1 }, EINVAL,
	  "Instruction.CPUID", 0, { 0 } },

	/* Instruction.HLT */
	{ "hlt, interrupts enabled", 0, CALL(TDG_VP_VMCALL_INSTRUCTION_HLT, .r12 = 0), OK,
	  "Instruction.HLT", 0, { .call = GHCI_HLT, .hlt = { false } } },
	{ "hlt, interrupts blocked", 0, CALL(TDG_VP_VMCALL_INSTRUCTION_HLT, .r12 = 1), OK,
	  "Instruction.HLT", 0, { .call = GHCI_HLT, .hlt = { true } } },
	{ "hlt with flag 2", 0, CALL(TDG_VP_VMCALL_INSTRUCTION_HLT, .r12 = 2), EINVAL,
	  "Instruction.HLT", 0, { 0 } },

	/* Instruction.IO */
	{ "outb COM1", 0, CALL(IO, .r12 = 1, .r13 = 1, .r14 = 0x3f8, .r15 = 0x41), OK,
	  "Instruction.IO", 0, { .call = GHCI_IO, .io = { 0x3f8, 1, true, 0x41 } } },
	{ "outw keeps 2 bytes", 0, CALL(IO, .r12 = 2, .r13 = 1, .r14 = 0x80, .r15 = 0x12345678),
	  OK, "Instruction.IO", 0, { .call = GHCI_IO, .io = { 0x80, 2, true, 0x5678 } } },
	{ "inl 0xcfc", 0, CALL(IO, .r12 = 4, .r13 = 0, .r14 = 0xcfc, .r15 = 99), OK,
	  "Instruction.IO", 0, { .call = GHCI_IO, .io = { 0xcfc, 4, false, 0 } } },
	{ "in with R15 not exposed", 0, { .rcx = 0x7c00, .r11 = IO, .r12 = 1, .r14 = 0x3fd },
	  OK, "Instruction.IO", 0, { .call = GHCI_IO, .io = { 0x3fd, 1, false, 0 } } },
	{ "out with R15 not exposed", 0,
	  { .rcx = 0x7c00, .r11 = IO, .r12 = 1, .r13 = 1, .r14 = 0x3f8 }, EINVAL,
	  "Instruction.IO", 0, { 0 } },
	{ "io size 3", 0, CALL(IO, .r12 = 3, .r13 = 1, .r14 = 0x3f8), EINVAL, "Instruction.IO",
	  0, { 0 } },
	{ "io size 8", 0, CALL(IO, .r12 = 8, .r13 = 0, .r14 = 0x3f8), EINVAL, "Instruction.IO",
	  0, { 0 } },
	{ "io size 0", 0, CALL(IO, .r12 = 0, .r13 = 0, .r14 = 0x3f8), EINVAL, "Instruction.IO",
	  0, { 0 } },
	{ "io direction 2", 0, CALL(IO, .r12 = 1, .r13 = 2, .r14 = 0x3f8), EINVAL,
	  "Instruction.IO", 0, { 0 } },
	{ "io port 0x10000", 0, CALL(IO, .r12 = 1, .r13 = 0, .r14 = 0x10000), EINVAL,
	  "Instruction.IO", 0, { 0 } },
	{ "io port 0xffff", 0, CALL(IO, .r12 = 1, .r13 = 0, .r14 = 0xffff), OK,
	  "Instruction.IO", 0, { .call = GHCI_IO, .io = { 0xffff, 1, false, 0 } } },

	/* Instruction.RDMSR / WRMSR */
	{ "rdmsr APIC_BASE", 0, CALL(TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0x1b, .r13 = 5), OK,
	  "Instruction.RDMSR", 0, { .call = GHCI_RDMSR, .msr = { 0x1b, 0 } } },
	{ "rdmsr: upper half of RCX ignored", 0,
	  CALL(TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0xffffffff00000802ull), OK,
	  "Instruction.RDMSR", 0, { .call = GHCI_RDMSR, .msr = { 0x802, 0 } } },
	{ "rdmsr with R12 not exposed", 0,
	  { .rcx = 0x0c00, .r11 = TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0x1b }, EINVAL,
	  "Instruction.RDMSR", 0, { 0 } },
	{ "wrmsr TSC_DEADLINE", 0,
	  CALL(TDG_VP_VMCALL_INSTRUCTION_WRMSR, .r12 = 0x6e0, .r13 = 0x123456789abull), OK,
	  "Instruction.WRMSR", 0, { .call = GHCI_WRMSR, .msr = { 0x6e0, 0x123456789abull } } },
	{ "wrmsr with R13 not exposed", 0,
	  { .rcx = 0x1c00, .r11 = TDG_VP_VMCALL_INSTRUCTION_WRMSR, .r12 = 0x6e0 }, EINVAL,
	  "Instruction.WRMSR", 0, { 0 } },

	/* #VE.RequestMMIO */
	{ "mmio read 4 shared", 0, CALL(MMIO, .r12 = 4, .r13 = 0, .r14 = SH48 | 0xfec00000), OK,
	  "#VE.RequestMMIO", 0, { .call = GHCI_MMIO, .mmio = { SH48 | 0xfec00000, 4, false, 0 } } },
	{ "mmio write 8 shared", 0,
	  CALL(MMIO, .r12 = 8, .r13 = 1, .r14 = SH48 | 0x1000, .r15 = 0x1122334455667788ull), OK,
	  "#VE.RequestMMIO", 0,
	  { .call = GHCI_MMIO, .mmio = { SH48 | 0x1000, 8, true, 0x1122334455667788ull } } },
	{ "mmio write 1 keeps 1 byte", 0,
	  CALL(MMIO, .r12 = 1, .r13 = 1, .r14 = SH48 | 0x1000, .r15 = 0x1ff), OK,
	  "#VE.RequestMMIO", 0, { .call = GHCI_MMIO, .mmio = { SH48 | 0x1000, 1, true, 0xff } } },
	{ "mmio to a private GPA", 0, CALL(MMIO, .r12 = 4, .r13 = 0, .r14 = 0xfec00000), EINVAL,
	  "#VE.RequestMMIO", 0, { 0 } },
	{ "mmio running past GPAW", 0, CALL(MMIO, .r12 = 8, .r13 = 0, .r14 = BIT(48) - 4),
	  EINVAL, "#VE.RequestMMIO", 0, { 0 } },
	{ "mmio at the last shared bytes", 0, CALL(MMIO, .r12 = 8, .r13 = 0, .r14 = BIT(48) - 8),
	  OK, "#VE.RequestMMIO", 0, { .call = GHCI_MMIO, .mmio = { BIT(48) - 8, 8, false, 0 } } },
	{ "mmio shared at GPAW 52", 52, CALL(MMIO, .r12 = 2, .r13 = 0, .r14 = SH52 | 0x10), OK,
	  "#VE.RequestMMIO", 0, { .call = GHCI_MMIO, .mmio = { SH52 | 0x10, 2, false, 0 } } },
	{ "mmio at GPAW 52 with bit 47 only: private", 52,
	  CALL(MMIO, .r12 = 2, .r13 = 0, .r14 = SH48 | 0x10), EINVAL, "#VE.RequestMMIO", 0,
	  { 0 } },
	{ "mmio size 3", 0, CALL(MMIO, .r12 = 3, .r13 = 0, .r14 = SH48), EINVAL,
	  "#VE.RequestMMIO", 0, { 0 } },
	{ "mmio size 16", 0, CALL(MMIO, .r12 = 16, .r13 = 0, .r14 = SH48), EINVAL,
	  "#VE.RequestMMIO", 0, { 0 } },
	{ "mmio direction 7", 0, CALL(MMIO, .r12 = 4, .r13 = 7, .r14 = SH48), EINVAL,
	  "#VE.RequestMMIO", 0, { 0 } },
	{ "mmio write with R15 not exposed", 0,
	  { .rcx = 0x7c00, .r11 = MMIO, .r12 = 4, .r13 = 1, .r14 = SH48 }, EINVAL,
	  "#VE.RequestMMIO", 0, { 0 } },

	/* tdvisor PV calls */
	{ "pv console", 0, PVCALL(TDVISOR_PV_CONSOLE_WRITE, .r12 = SH48 | 0x3000, .r13 = 12), OK,
	  "CONSOLE_WRITE", 0, { .call = GHCI_PV_CONSOLE_WRITE, .console = { SH48 | 0x3000, 12 } } },
	{ "pv console of 4096 bytes", 0,
	  PVCALL(TDVISOR_PV_CONSOLE_WRITE, .r12 = SH48 | 0x3000, .r13 = 4096), OK,
	  "CONSOLE_WRITE", 0,
	  { .call = GHCI_PV_CONSOLE_WRITE, .console = { SH48 | 0x3000, 4096 } } },
	{ "pv console of nothing", 0, PVCALL(TDVISOR_PV_CONSOLE_WRITE, .r12 = 0, .r13 = 0), OK,
	  "CONSOLE_WRITE", 0, { .call = GHCI_PV_CONSOLE_WRITE, .console = { 0, 0 } } },
	{ "pv console of 4097 bytes", 0,
	  PVCALL(TDVISOR_PV_CONSOLE_WRITE, .r12 = SH48 | 0x3000, .r13 = 4097), EINVAL,
	  "CONSOLE_WRITE", 0, { 0 } },
	{ "pv console from private memory", 0,
	  PVCALL(TDVISOR_PV_CONSOLE_WRITE, .r12 = 0x3000, .r13 = 12), EINVAL, "CONSOLE_WRITE", 0,
	  { 0 } },
	{ "pv console running past GPAW", 0,
	  PVCALL(TDVISOR_PV_CONSOLE_WRITE, .r12 = BIT(48) - 4, .r13 = 12), EINVAL,
	  "CONSOLE_WRITE", 0, { 0 } },
	{ "pv console with R13 not exposed", 0,
	  { .rcx = 0x1c00, .r10 = PVLEAF, .r11 = TDVISOR_PV_CONSOLE_WRITE, .r12 = SH48 }, EINVAL,
	  "CONSOLE_WRITE", 0, { 0 } },
	{ "pv exit", 0, PVCALL(TDVISOR_PV_EXIT, .r12 = 3), OK, "EXIT", 0,
	  { .call = GHCI_PV_EXIT, .exit = { 3 } } },
	{ "pv exit with R12 not exposed", 0,
	  { .rcx = 0x0c00, .r10 = PVLEAF, .r11 = TDVISOR_PV_EXIT, .r12 = 3 }, EINVAL, "EXIT", 0,
	  { 0 } },
	{ "pv exit stats", 0, PVCALL(TDVISOR_PV_EXIT_STATS), OK, "EXIT_STATS", 0,
	  { .call = GHCI_PV_EXIT_STATS } },
	{ "pv exit stats with R12 not exposed", 0,
	  { .rcx = 0x0c00, .r10 = PVLEAF, .r11 = TDVISOR_PV_EXIT_STATS }, EINVAL, "EXIT_STATS", 0,
	  { 0 } },

	/* Nothing of the kind */
	{ "sub-function 0x10005", 0, CALL(0x10005), ENOSUB, "unknown", 0, { 0 } },
	{ "sub-function 0 (R11 not exposed)", 0, { .rcx = 0x0400, .r11 = IO }, ENOSUB, "unknown",
	  0, { 0 } },
	{ "VMX exit reason 1 as a sub-function", 0, CALL(1), ENOSUB, "unknown", 0, { 0 } },
	{ "R10 = 1", 0, { .rcx = STD, .r10 = 1, .r11 = MAPGPA }, ENOSUB, "unknown", 0, { 0 } },
	{ "PV function 99", 0, PVCALL(99), ENOSUB, "unknown", 0, { 0 } },
	{ "PV function number as a GHCI sub-function", 0, CALL(TDVISOR_PV_EXIT, .r12 = 0),
	  ENOSUB, "unknown", 0, { 0 } },
};

static bool same_request(const struct ghci_request *a, const struct ghci_request *b)
{
	if (a->call != b->call)
		return false;
	switch (a->call) {
	case GHCI_GET_TD_VM_CALL_INFO:
		return a->info.leaf == b->info.leaf;
	case GHCI_MAP_GPA:
		return a->map_gpa.gpa == b->map_gpa.gpa && a->map_gpa.size == b->map_gpa.size &&
		       a->map_gpa.to_shared == b->map_gpa.to_shared;
	case GHCI_REPORT_FATAL_ERROR:
		return a->fatal.code == b->fatal.code &&
		       a->fatal.has_data_gpa == b->fatal.has_data_gpa &&
		       a->fatal.data_gpa == b->fatal.data_gpa &&
		       strcmp(a->fatal.message, b->fatal.message) == 0;
	case GHCI_SETUP_EVENT_NOTIFY:
		return a->notify.vector == b->notify.vector;
	case GHCI_CPUID:
		return a->cpuid.leaf == b->cpuid.leaf && a->cpuid.subleaf == b->cpuid.subleaf;
	case GHCI_HLT:
		return a->hlt.irq_blocked == b->hlt.irq_blocked;
	case GHCI_IO:
		return a->io.port == b->io.port && a->io.size == b->io.size &&
		       a->io.write == b->io.write && a->io.value == b->io.value;
	case GHCI_RDMSR:
	case GHCI_WRMSR:
		return a->msr.index == b->msr.index && a->msr.value == b->msr.value;
	case GHCI_MMIO:
		return a->mmio.gpa == b->mmio.gpa && a->mmio.size == b->mmio.size &&
		       a->mmio.write == b->mmio.write && a->mmio.value == b->mmio.value;
	case GHCI_PV_CONSOLE_WRITE:
		return a->console.gpa == b->console.gpa && a->console.len == b->console.len;
	case GHCI_PV_EXIT:
		return a->exit.status == b->exit.status;
	case GHCI_PV_EXIT_STATS:
		return true;
	}
	return false;
}

TEST(decode_table)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ghci_case *c = &cases[i];
		struct ghci_request req;
		uint64_t status;
		char what[160];

		memset(&req, 0xa5, sizeof(req));        /* decode must set what it returns */
		status = ghci_decode(&c->in, c->gpaw ? c->gpaw : 48, &req);
		snprintf(what, sizeof(what), "case \"%s\": status 0x%llx", c->what,
			 (unsigned long long)status);
		if (status != c->status)
			test_fail(__FILE__, __LINE__, what);
		if (strcmp(req.name, c->name) != 0)
			test_fail(__FILE__, __LINE__, what);
		if (status == OK && !same_request(&req, &c->want))
			test_fail(__FILE__, __LINE__, what);
		if (status != OK && req.fail_r11 != c->fail_r11)
			test_fail(__FILE__, __LINE__, what);
	}
}

/* Every row of the decoder's table is exercised above, valid and not. */
TEST(every_subfunction_has_cases)
{
	for (size_t i = 0; i < ARRAY_SIZE(subfuncs); i++) {
		unsigned ok = 0, refused = 0;

		for (size_t j = 0; j < ARRAY_SIZE(cases); j++) {
			if (strcmp(cases[j].name, subfuncs[i].name) != 0)
				continue;
			if (cases[j].status == OK)
				ok++;
			else
				refused++;
		}
		bool offered = subfuncs[i].decode != NULL;
		bool refusable = !offered || subfuncs[i].call != GHCI_REPORT_FATAL_ERROR;

		if ((offered && !ok) || (refusable && !refused))
			test_fail(__FILE__, __LINE__, subfuncs[i].name);
	}
}

static void decode_fatal_regs(struct tdx_module_args *a, struct ghci_request *req)
{
	a->r11 = TDG_VP_VMCALL_REPORT_FATAL_ERROR;
	CHECK_EQ(ghci_decode(a, 48, req), OK);
	CHECK_EQ(req->call, GHCI_REPORT_FATAL_ERROR);
}

/* The message layout of Linux's tdx_panic(): R14 R15 RBX RDI RSI R8 R9
 * RDX, NUL-padded; all 64 bytes may be text. */
TEST(fatal_message)
{
	const char *text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-";
	struct tdx_module_args a = {
		.rcx = ALL, .r14 = chunk(text), .r15 = chunk(text + 8), .rbx = chunk(text + 16),
		.rdi = chunk(text + 24), .rsi = chunk(text + 32), .r8 = chunk(text + 40),
		.r9 = chunk(text + 48), .rdx = chunk(text + 56),
	};
	struct ghci_request req;

	decode_fatal_regs(&a, &req);
	CHECK_STR(req.fatal.message, text);

	a = (struct tdx_module_args){ .rcx = ALL, .r14 = chunk("kernel p"),
				      .r15 = chunk("anic: no"), .rbx = chunk(" init"),
				      .rdi = chunk("ignored") };
	decode_fatal_regs(&a, &req);
	CHECK_STR(req.fatal.message, "kernel panic: no init");

	/* Control characters and bytes >= 0x7f never reach the console. */
	a = (struct tdx_module_args){ .rcx = ALL, .r14 = chunk("a\x1b[2Jb\x7f\xff") };
	decode_fatal_regs(&a, &req);
	CHECK_STR(req.fatal.message, "a?[2Jb??");

	/* Registers the guest did not expose are not read. */
	a = (struct tdx_module_args){ .rcx = STD, .r14 = chunk("only R14"),
				      .r15 = chunk(" and R15"), .rbx = chunk("not RBX!") };
	decode_fatal_regs(&a, &req);
	CHECK_STR(req.fatal.message, "only R14 and R15");
}
