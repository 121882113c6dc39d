/* Trust Domain runtime core: IDT, the #VE handler, TDCALL wrappers, exit.
 * td_entry.S calls td_start() in long mode on vCPU 0's stack. */
#include "guest-abi/tests/td_rt.h"

#define TD_EXIT_STATUS_FAILED 1

/* console.c skips UART polling when this says tdvisor: the host's COM1
 * needs none, and every LSR read would be one more #VE. */
struct guest_env guest_env = { .tdvisor = true };
volatile struct td_ve_stats td_ve_stats;

extern const uint64_t guest_exc_stubs[32];      /* exceptions.S */
static uint64_t idt[32 * 2];

static void idt_init(void)
{
	for (int v = 0; v < 32; v++) {
		uint64_t off = guest_exc_stubs[v];

		/* 64-bit interrupt gate, present, DPL 0 (SDM vol. 3 fig. 6-8) */
		idt[2 * v] = (off & 0xffff) | (uint64_t)TD_CS64 << 16 |
			     (uint64_t)0x8e << 40 | (off >> 16 & 0xffff) << 48;
		idt[2 * v + 1] = off >> 32;
	}
}

_Noreturn void td_start(void)
{
	idt_init();
	lidt((uint64_t)idt, sizeof(idt) - 1);
	guest_exit((uint32_t)guest_main());
}

/* ---- TDCALL ---- */

uint64_t tdg_vp_info(struct td_vp_info *info)
{
	struct gprs r = { .rax = TDG_VP_INFO };

	td_tdcall(&r);
	info->gpaw = r.rcx & 0x3f;
	info->attributes = r.rdx;
	info->num_vcpus = (uint32_t)r.r8;
	info->max_vcpus = (uint32_t)(r.r8 >> 32);
	info->vcpu_index = r.r9;
	return r.rax;
}

uint64_t tdg_vp_veinfo_get(struct td_ve_info *ve)
{
	struct gprs r = { .rax = TDG_VP_VEINFO_GET };

	td_tdcall(&r);
	ve->exit_reason = r.rcx;
	ve->exit_qual = r.rdx;
	ve->gla = r.r8;
	ve->gpa = r.r9;
	ve->instr_len = (uint32_t)r.r10;
	ve->instr_info = (uint32_t)(r.r10 >> 32);
	return r.rax;
}

/* A GHCI call exposing R10-R15 only; returns R10. A failed TDCALL (RAX)
 * means the call never reached the host: nothing sensible is left. */
static uint64_t tdvmcall(struct gprs *r, uint64_t fn)
{
	r->rax = TDG_VP_VMCALL;
	r->rcx = TDVMCALL_EXPOSE_R10_R15;
	r->r10 = TDVMCALL_GHCI;
	r->r11 = fn;
	td_tdcall(r);
	if (r->rax != TDX_SUCCESS)
		td_fatal("td-test: TDG.VP.VMCALL failed");
	return r->r10;
}

uint64_t tdvmcall_io_write(unsigned size, uint16_t port, uint32_t value)
{
	struct gprs r = { .r12 = size, .r13 = 1, .r14 = port, .r15 = value };

	return tdvmcall(&r, TDVMCALL_IO);
}

uint64_t tdvmcall_io_read(unsigned size, uint16_t port, uint32_t *value)
{
	struct gprs r = { .r12 = size, .r13 = 0, .r14 = port };
	uint64_t status = tdvmcall(&r, TDVMCALL_IO);

	*value = (uint32_t)r.r11;
	return status;
}

uint64_t tdvmcall_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *out)
{
	struct gprs r = { .r12 = leaf, .r13 = subleaf };
	uint64_t status = tdvmcall(&r, TDVMCALL_CPUID);

	*out = (struct cpuid_regs){ (uint32_t)r.r12, (uint32_t)r.r13,
				    (uint32_t)r.r14, (uint32_t)r.r15 };
	return status;
}

/* GHCI ReportFatalError: R12 = error code (0: panic; bit 63 clear: R13
 * holds no data page), the message in R14, R15, RBX, RDI, RSI, R8, R9, RDX
 * in that order, 64 bytes, NUL-padded (as Linux's tdx_panic()). The host
 * tears the TD down; should it return, the debug-exit port does. */
_Noreturn void td_fatal(const char *msg)
{
	char text[64] = { 0 };
	uint64_t *m = (uint64_t *)text;

	for (size_t i = 0; i < sizeof(text) && msg[i]; i++)
		text[i] = msg[i];
	for (;;) {
		struct gprs r = {
			.rax = TDG_VP_VMCALL, .rcx = TDVMCALL_EXPOSE_FATAL,
			.r10 = TDVMCALL_GHCI, .r11 = TDVMCALL_REPORT_FATAL,
			.r14 = m[0], .r15 = m[1], .rbx = m[2], .rdi = m[3],
			.rsi = m[4], .r8 = m[5], .r9 = m[6], .rdx = m[7],
		};

		td_tdcall(&r);
		r = (struct gprs){
			.rax = TDG_VP_VMCALL, .rcx = TDVMCALL_EXPOSE_R10_R15,
			.r11 = TDVMCALL_IO, .r12 = 4, .r13 = 1,
			.r14 = TDVISOR_PORT_DEBUG_EXIT, .r15 = TD_EXIT_STATUS_FAILED,
		};
		td_tdcall(&r);
	}
}

void td_console_direct(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (tdvmcall_io_write(1, TDVISOR_PORT_COM1, (uint8_t)s[i]) != 0)
			td_fatal("td-test: TDVMCALL Instruction.IO to COM1 failed");
}

/* ---- exceptions ---- */

/* #VE: take the information first (a #VE while it is still valid becomes
 * #DF), then do the instruction through the host. Only CPUID and port
 * I/O are expected; anything else ends the TD. */
static void handle_ve(struct exc_frame *f)
{
	struct td_ve_info ve;
	uint64_t status;

	status = tdg_vp_veinfo_get(&ve);
	if (status != TDX_SUCCESS)
		guest_fail("#VE at RIP 0x%lx: TDG.VP.VEINFO.GET status 0x%lx", f->rip, status);

	switch (ve.exit_reason) {
	case EXIT_REASON_CPUID: {
		struct cpuid_regs c;

		status = tdvmcall_cpuid((uint32_t)f->rax, (uint32_t)f->rcx, &c);
		if (status != 0)
			guest_fail("#VE CPUID 0x%lx: TDVMCALL status 0x%lx", f->rax, status);
		f->rax = c.eax;
		f->rbx = c.ebx;
		f->rcx = c.ecx;
		f->rdx = c.edx;
		td_ve_stats.cpuid++;
		break;
	}
	case EXIT_REASON_IO: {
		/* exit qualification: 2:0 size - 1, 3 IN, 4 string, 31:16 port */
		unsigned size = (ve.exit_qual & 7) + 1;
		bool in = ve.exit_qual & 8;
		uint16_t port = (uint16_t)(ve.exit_qual >> 16);
		uint64_t mask = size == 4 ? 0xffffffffu : (1u << 8 * size) - 1;
		uint32_t value;

		if ((ve.exit_qual & 0x10) || (size != 1 && size != 2 && size != 4))
			guest_fail("#VE I/O at RIP 0x%lx: qualification 0x%lx unsupported",
				   f->rip, ve.exit_qual);
		if (in) {
			status = tdvmcall_io_read(size, port, &value);
			/* a 32-bit IN zero-extends into RAX, 8/16-bit ones merge */
			f->rax = size == 4 ? value : (f->rax & ~mask) | (value & mask);
		} else {
			status = tdvmcall_io_write(size, port, (uint32_t)(f->rax & mask));
		}
		if (status != 0)
			guest_fail("#VE I/O port 0x%x: TDVMCALL status 0x%lx", port, status);
		td_ve_stats.io++;
		break;
	}
	default:
		guest_fail("unexpected #VE at RIP 0x%lx: exit reason %lu, qualification 0x%lx",
			   f->rip, ve.exit_reason, ve.exit_qual);
	}
	f->rip += ve.instr_len;
}

static const char *const exc_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO",
	"#TS", "#NP", "#SS", "#GP", "#PF", "15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP", "22", "23", "24", "25", "26", "27", "#HV", "#VC", "#SX", "31",
};

void guest_exception(struct exc_frame *f)
{
	struct td_ve_info ve;

	if (f->vector == VEC_VE) {
		handle_ve(f);
		return;
	}
	/* A #DF here is most likely a #VE taken while the VE information was
	 * still valid: say which, and clear it before printing (guest_fail
	 * prints without #VE anyway). */
	if (tdg_vp_veinfo_get(&ve) == TDX_SUCCESS)
		guest_fail("exception %lu (%s) at RIP 0x%lx, error code 0x%lx, with #VE"
			   " information pending (exit reason %lu)", f->vector,
			   exc_names[f->vector & 31], f->rip, f->error, ve.exit_reason);
	guest_fail("unexpected exception %lu (%s) at RIP 0x%lx, error code 0x%lx, RSP 0x%lx",
		   f->vector, exc_names[f->vector & 31], f->rip, f->error, f->rsp);
}

/* ---- exit ---- */

/* Instruction.IO write of the status to the debug-exit port ends the TD. */
_Noreturn void guest_exit(uint32_t status)
{
	tdvmcall_io_write(4, TDVISOR_PORT_DEBUG_EXIT, status);
	td_fatal("td-test: the exit port returned");
}

/* The FAILURE line goes out by direct TDVMCALL (no #VE: safe in any
 * exception handler), then ReportFatalError carries the same text. */
_Noreturn void guest_fail(const char *fmt, ...)
{
	static const char prefix[] = "Test result: ";
	char line[256];
	va_list ap;
	int n;

	n = guest_snprintf(line, sizeof(line), "%sFAILURE: ", prefix);
	va_start(ap, fmt);
	n += guest_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	td_console_direct(line, (size_t)n);
	line[n - 1] = '\0';
	td_fatal(line + sizeof(prefix) - 1);    /* "FAILURE: <what>" */
}

/* GCC may call these even in freestanding code (struct copies, zeroing). */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}
