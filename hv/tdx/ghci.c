/* The TDG.VP.VMCALL decoder (ghci.h): one table row per sub-function with
 * the registers it needs exposed and its validator. Conventions and status
 * choices follow KVM's handle_tdvmcall() (torvalds/linux
 * arch/x86/kvm/vmx/tdx.c) and the guest side in arch/x86/coco/tdx/tdx.c;
 * the register ABI is written down in guest-abi/tdx_ghci.h. */
#include "ghci.h"
#include "../../guest-abi/tdvisor_pv.h"
#include "../../guest-abi/tdx_ghci.h"

#define R10_R11   (TDG_VP_VMCALL_GPR_R10 | TDG_VP_VMCALL_GPR_R11)
#define R10_R12   (R10_R11 | TDG_VP_VMCALL_GPR_R12)
#define R10_R13   (R10_R12 | TDG_VP_VMCALL_GPR_R13)
#define R10_R14   (R10_R13 | TDG_VP_VMCALL_GPR_R14)
#define R10_R15   (R10_R14 | TDG_VP_VMCALL_GPR_R15)

typedef uint64_t (*ghci_decoder)(const struct tdx_module_args *a, unsigned gpaw,
				 struct ghci_request *req);

struct ghci_subfunc {
	uint64_t leaf;                  /* R10 */
	uint64_t id;                    /* R11 */
	const char *name;
	enum ghci_call call;
	uint16_t needs;                 /* GPRs that must be exposed (RCX) */
	ghci_decoder decode;            /* NULL: known, not offered */
};

static uint64_t shared_bit(unsigned gpaw)
{
	return BIT(gpaw - 1);
}

/* [gpa, gpa + len) with len >= 1 lies below 2^gpaw. */
static bool inside_gpaw(uint64_t gpa, uint64_t len, unsigned gpaw)
{
	uint64_t limit = BIT(gpaw);

	return gpa < limit && len <= limit - gpa;
}

static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? ~0ull : BIT(8 * size) - 1;
}

static uint64_t decode_info(const struct tdx_module_args *a, unsigned gpaw,
			    struct ghci_request *req)
{
	(void)gpaw;
	if (a->r12 > 1)                 /* leaves 0 and 1 exist (GHCI 1.5) */
		return TDG_VP_VMCALL_INVALID_OPERAND;
	req->info.leaf = a->r12;
	return TDG_VP_VMCALL_SUCCESS;
}

/* Range checks first, then alignment, as KVM's tdx_map_gpa(); either way
 * R11 answers the start GPA. */
static uint64_t decode_map_gpa(const struct tdx_module_args *a, unsigned gpaw,
			       struct ghci_request *req)
{
	uint64_t gpa = a->r12, size = a->r13;

	req->fail_r11 = gpa;
	if (size == 0 || !inside_gpaw(gpa, size, gpaw) ||
	    ((gpa ^ (gpa + size - 1)) & shared_bit(gpaw)))
		return TDG_VP_VMCALL_INVALID_OPERAND;
	if (!IS_ALIGNED(gpa, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return TDG_VP_VMCALL_ALIGN_ERROR;
	req->map_gpa.gpa = gpa;
	req->map_gpa.size = size;
	req->map_gpa.to_shared = gpa & shared_bit(gpaw);
	return TDG_VP_VMCALL_SUCCESS;
}

/* A GPR's value if the guest exposed it; the module hands over 0 for the
 * others, but the decoder does not rely on that. */
static uint64_t exposed(const struct tdx_module_args *a, unsigned gpr, uint64_t value)
{
	return a->rcx & BIT(gpr) ? value : 0;
}

/* Never refused: a TD that reports a fatal error is stopped whatever its
 * arguments. The message is 64 bytes in R14 R15 RBX RDI RSI R8 R9 RDX, as
 * Linux's tdx_panic() packs it. */
static uint64_t decode_fatal(const struct tdx_module_args *a, unsigned gpaw,
			     struct ghci_request *req)
{
	const uint64_t words[8] = {
		exposed(a, 14, a->r14), exposed(a, 15, a->r15), exposed(a, 3, a->rbx),
		exposed(a, 7, a->rdi), exposed(a, 6, a->rsi), exposed(a, 8, a->r8),
		exposed(a, 9, a->r9), exposed(a, 2, a->rdx),
	};
	uint64_t r12 = exposed(a, 12, a->r12);
	char *msg = req->fatal.message;
	unsigned n = 0;

	(void)gpaw;
	req->fatal.code = (uint32_t)(r12 & TDG_VP_VMCALL_FATAL_CODE_MASK);
	req->fatal.has_data_gpa = (r12 & TDG_VP_VMCALL_FATAL_DATA_GPA_VALID) &&
				  (a->rcx & TDG_VP_VMCALL_GPR_R13);
	req->fatal.data_gpa = req->fatal.has_data_gpa ? a->r13 : 0;
	for (; n < TDG_VP_VMCALL_FATAL_MESSAGE; n++) {
		char c = (char)(words[n / 8] >> (8 * (n % 8)));

		if (c == '\0')
			break;
		msg[n] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	msg[n] = '\0';
	return TDG_VP_VMCALL_SUCCESS;
}

static uint64_t decode_notify(const struct tdx_module_args *a, unsigned gpaw,
			      struct ghci_request *req)
{
	(void)gpaw;
	if (a->r12 < TDG_VP_VMCALL_NOTIFY_VECTOR_MIN || a->r12 > TDG_VP_VMCALL_NOTIFY_VECTOR_MAX)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	req->notify.vector = (uint8_t)a->r12;
	return TDG_VP_VMCALL_SUCCESS;
}

/* The instruction took EAX and ECX only: upper halves are ignored, as the
 * CPU would (Linux passes the full RAX/RCX of the #VE frame). */
static uint64_t decode_cpuid(const struct tdx_module_args *a, unsigned gpaw,
			     struct ghci_request *req)
{
	(void)gpaw;
	req->cpuid.leaf = (uint32_t)a->r12;
	req->cpuid.subleaf = (uint32_t)a->r13;
	return TDG_VP_VMCALL_SUCCESS;
}

static uint64_t decode_hlt(const struct tdx_module_args *a, unsigned gpaw,
			   struct ghci_request *req)
{
	(void)gpaw;
	if (a->r12 > 1)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	req->hlt.irq_blocked = a->r12;
	return TDG_VP_VMCALL_SUCCESS;
}

static uint64_t decode_io(const struct tdx_module_args *a, unsigned gpaw,
			  struct ghci_request *req)
{
	uint64_t size = a->r12, dir = a->r13, port = a->r14;

	(void)gpaw;
	if ((size != 1 && size != 2 && size != 4) || dir > TDG_VP_VMCALL_WRITE || port > 0xffff)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	if (dir == TDG_VP_VMCALL_WRITE && !(a->rcx & TDG_VP_VMCALL_GPR_R15))
		return TDG_VP_VMCALL_INVALID_OPERAND;
	req->io.port = (uint16_t)port;
	req->io.size = (uint8_t)size;
	req->io.write = dir == TDG_VP_VMCALL_WRITE;
	req->io.value = req->io.write ? (uint32_t)(a->r15 & size_mask(size)) : 0;
	return TDG_VP_VMCALL_SUCCESS;
}

static uint64_t decode_msr(const struct tdx_module_args *a, unsigned gpaw,
			   struct ghci_request *req)
{
	(void)gpaw;
	req->msr.index = (uint32_t)a->r12;      /* RDMSR/WRMSR read ECX only */
	req->msr.value = req->call == GHCI_WRMSR ? a->r13 : 0;
	return TDG_VP_VMCALL_SUCCESS;
}

/* MMIO is emulated for shared GPAs only (KVM's tdx_emulate_mmio()): a
 * private GPA is the TD's own memory, never a device. */
static uint64_t decode_mmio(const struct tdx_module_args *a, unsigned gpaw,
			    struct ghci_request *req)
{
	uint64_t size = a->r12, dir = a->r13, gpa = a->r14;

	if ((size != 1 && size != 2 && size != 4 && size != 8) || dir > TDG_VP_VMCALL_WRITE)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	if (!inside_gpaw(gpa, size, gpaw) || !(gpa & shared_bit(gpaw)))
		return TDG_VP_VMCALL_INVALID_OPERAND;
	if (dir == TDG_VP_VMCALL_WRITE && !(a->rcx & TDG_VP_VMCALL_GPR_R15))
		return TDG_VP_VMCALL_INVALID_OPERAND;
	req->mmio.gpa = gpa;
	req->mmio.size = (uint8_t)size;
	req->mmio.write = dir == TDG_VP_VMCALL_WRITE;
	req->mmio.value = req->mmio.write ? a->r15 & size_mask(size) : 0;
	return TDG_VP_VMCALL_SUCCESS;
}

/* The text must be in shared memory: the host cannot read private pages. */
static uint64_t decode_console(const struct tdx_module_args *a, unsigned gpaw,
			       struct ghci_request *req)
{
	uint64_t gpa = a->r12, len = a->r13;

	if (len > GHCI_PV_CONSOLE_MAX)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	if (len && (!inside_gpaw(gpa, len, gpaw) || !(gpa & shared_bit(gpaw))))
		return TDG_VP_VMCALL_INVALID_OPERAND;
	req->console.gpa = gpa;
	req->console.len = len;
	return TDG_VP_VMCALL_SUCCESS;
}

static uint64_t decode_exit(const struct tdx_module_args *a, unsigned gpaw,
			    struct ghci_request *req)
{
	(void)gpaw;
	req->exit.status = a->r12;
	return TDG_VP_VMCALL_SUCCESS;
}

/* A call without arguments: only the exposed registers are checked. */
static uint64_t decode_no_args(const struct tdx_module_args *a, unsigned gpaw,
			       struct ghci_request *req)
{
	(void)a;
	(void)gpaw;
	(void)req;
	return TDG_VP_VMCALL_SUCCESS;
}

#define GHCI(id_, name_, call_, needs_, decode_) \
	{ TDG_VP_VMCALL_STANDARD, id_, name_, call_, needs_, decode_ }
#define PV(id_, name_, call_, needs_, decode_) \
	{ TDVISOR_PV_TDVMCALL_LEAF, id_, name_, call_, needs_, decode_ }

static const struct ghci_subfunc subfuncs[] = {
	GHCI(TDG_VP_VMCALL_GET_TD_VM_CALL_INFO, "GetTdVmCallInfo", GHCI_GET_TD_VM_CALL_INFO,
	     R10_R14, decode_info),
	GHCI(TDG_VP_VMCALL_MAP_GPA, "MapGPA", GHCI_MAP_GPA, R10_R13, decode_map_gpa),
	/* No quoting service (tdx_ghci.h, GetQuote). */
	GHCI(TDG_VP_VMCALL_GET_QUOTE, "GetQuote", 0, R10_R11, NULL),
	GHCI(TDG_VP_VMCALL_REPORT_FATAL_ERROR, "ReportFatalError", GHCI_REPORT_FATAL_ERROR,
	     R10_R11, decode_fatal),
	GHCI(TDG_VP_VMCALL_SETUP_EVENT_NOTIFY_INTERRUPT, "SetupEventNotifyInterrupt",
	     GHCI_SETUP_EVENT_NOTIFY, R10_R12, decode_notify),
	GHCI(TDG_VP_VMCALL_INSTRUCTION_CPUID, "Instruction.CPUID", GHCI_CPUID, R10_R15,
	     decode_cpuid),
	GHCI(TDG_VP_VMCALL_INSTRUCTION_HLT, "Instruction.HLT", GHCI_HLT, R10_R12, decode_hlt),
	GHCI(TDG_VP_VMCALL_INSTRUCTION_IO, "Instruction.IO", GHCI_IO, R10_R14, decode_io),
	GHCI(TDG_VP_VMCALL_INSTRUCTION_RDMSR, "Instruction.RDMSR", GHCI_RDMSR, R10_R12,
	     decode_msr),
	GHCI(TDG_VP_VMCALL_INSTRUCTION_WRMSR, "Instruction.WRMSR", GHCI_WRMSR, R10_R13,
	     decode_msr),
	GHCI(TDG_VP_VMCALL_VE_REQUEST_MMIO, "#VE.RequestMMIO", GHCI_MMIO, R10_R14, decode_mmio),
	PV(TDVISOR_PV_CONSOLE_WRITE, "CONSOLE_WRITE", GHCI_PV_CONSOLE_WRITE, R10_R13,
	   decode_console),
	PV(TDVISOR_PV_EXIT, "EXIT", GHCI_PV_EXIT, R10_R12, decode_exit),
	PV(TDVISOR_PV_EXIT_STATS, "EXIT_STATS", GHCI_PV_EXIT_STATS, R10_R12, decode_no_args),
};

static const struct ghci_subfunc *find_subfunc(uint64_t leaf, uint64_t id)
{
	for (size_t i = 0; i < ARRAY_SIZE(subfuncs); i++)
		if (subfuncs[i].leaf == leaf && subfuncs[i].id == id)
			return &subfuncs[i];
	return NULL;
}

uint64_t ghci_decode(const struct tdx_module_args *a, unsigned gpaw, struct ghci_request *req)
{
	const struct ghci_subfunc *f = find_subfunc(exposed(a, 10, a->r10), exposed(a, 11, a->r11));

	*req = (struct ghci_request){ .name = "unknown" };
	if (!f)
		return TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED;
	req->name = f->name;
	req->call = f->call;
	if (!f->decode)
		return TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED;
	if ((a->rcx & f->needs) != f->needs)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	return f->decode(a, gpaw, req);
}
