/* Trust Domain runtime core: IDT, the #VE handler, exit and failure, the
 * test-case runner, the other vCPUs. td_entry.S calls td_start() in long
 * mode on vCPU 0's stack, td_ap_start() on each other vCPU's. */
#include "guest-abi/tests/td_rt.h"

#define RFLAGS_IF          (1ull << 9)
#define MSR_X2APIC_EOI     0x80b
#define MSR_X2APIC_ICR     0x830

/* console.c skips UART polling when this says tdvisor: the host's COM1
 * needs none, and every LSR read would be one more #VE. */
struct guest_env guest_env = { .tdvisor = true };
volatile struct td_ve_stats td_ve_stats;
uint64_t td_gpaw, td_shared_bit;
unsigned td_nr_vcpus = 1;
volatile uint32_t td_vcpus_released;

static const char *current_td = "td";
static const char *current_case;        /* NULL outside td_run_cases() */

/* What td_run_on() hands a vCPU. fn is written last and cleared once it
 * has returned: non-NULL also means busy. */
struct vcpu_slot {
	void (*fn)(void *);
	void *arg;
	uint64_t ipis;                  /* TD_IPI_VECTOR interrupts taken */
};
static struct vcpu_slot vcpus[TD_RT_MAX_VCPUS];

struct interrupt_frame;
static void ipi_interrupt(struct interrupt_frame *frame);

extern const uint64_t guest_exc_stubs[32];      /* exceptions.S */
/* The exceptions, then TD_IPI_VECTOR: shared by all vCPUs. */
static uint64_t idt[(TD_IPI_VECTOR + 1) * 2];

/* 64-bit interrupt gate, present, DPL 0 (SDM vol. 3 fig. 6-8) */
static void set_gate(unsigned vector, uint64_t handler)
{
	idt[2 * vector] = (handler & 0xffff) | (uint64_t)TD_CS64 << 16 |
			  (uint64_t)0x8e << 40 | (handler >> 16 & 0xffff) << 48;
	idt[2 * vector + 1] = handler >> 32;
}

static void idt_init(void)
{
	for (unsigned v = 0; v < 32; v++)
		set_gate(v, guest_exc_stubs[v]);
	set_gate(TD_IPI_VECTOR, (uint64_t)(uintptr_t)ipi_interrupt);
}

_Noreturn void td_start(void)
{
	struct td_vp_info info;

	idt_init();
	lidt((uint64_t)idt, sizeof(idt) - 1);
	if (tdg_vp_info(&info) != TDX_SUCCESS || info.gpaw < 2)
		td_fatal("TDG.VP.INFO failed at start");
	td_gpaw = info.gpaw;
	td_shared_bit = 1ull << (info.gpaw - 1);
	/* The others have no stack beyond these: they wait in td_entry.S. */
	if (info.num_vcpus > TD_RT_MAX_VCPUS)
		td_fatal("more vCPUs than the runtime has stacks for");
	td_nr_vcpus = info.num_vcpus;
	__atomic_store_n(&td_vcpus_released, 1, __ATOMIC_RELEASE);
	guest_exit((uint32_t)guest_main());
}

/* ---- the other vCPUs ---- */

/* The others idle in HLT with interrupts enabled, which the host ends
 * only for an interrupt (td_run_on()'s IPI) or to stop the TD. An IPI
 * that comes between the check and the HLT stays pending in the virtual
 * APIC: the host sees it and the HLT returns at once. */
_Noreturn void td_ap_start(unsigned index)
{
	struct vcpu_slot *self = &vcpus[index];

	lidt((uint64_t)idt, sizeof(idt) - 1);
	for (;;) {
		void (*fn)(void *) = __atomic_load_n(&self->fn, __ATOMIC_ACQUIRE);

		if (!fn) {
			sti_hlt_cli();
			continue;
		}
		fn(self->arg);
		__atomic_store_n(&self->fn, NULL, __ATOMIC_RELEASE);
	}
}

unsigned td_vcpu_index(void)
{
	uintptr_t sp, off;

	asm("movq %%rsp, %0" : "=r"(sp));
	off = sp - (uintptr_t)td_ap_stacks;     /* wraps below them: vCPU 0's */
	if (off < (TD_RT_MAX_VCPUS - 1) * TD_AP_STACK_SIZE)
		return 1 + (unsigned)(off / TD_AP_STACK_SIZE);
	return 0;
}

void td_send_ipi(unsigned vcpu)
{
	/* x2APIC ICR: destination in 63:32; fixed, physical, no shorthand */
	td_wrmsr(MSR_X2APIC_ICR, (uint64_t)vcpu << 32 | TD_IPI_VECTOR);
}

__attribute__((interrupt)) static void ipi_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	__atomic_fetch_add(&vcpus[td_vcpu_index()].ipis, 1, __ATOMIC_RELAXED);
	td_wrmsr(MSR_X2APIC_EOI, 0);
}

uint64_t td_ipis_taken(void)
{
	return __atomic_load_n(&vcpus[td_vcpu_index()].ipis, __ATOMIC_RELAXED);
}

static void wait_idle(const struct vcpu_slot *slot)
{
	while (__atomic_load_n(&slot->fn, __ATOMIC_ACQUIRE))
		td_pause();
}

void td_run_on(unsigned vcpu, void (*fn)(void *), void *arg)
{
	struct vcpu_slot *slot = &vcpus[vcpu];

	if (vcpu >= td_nr_vcpus || vcpu == td_vcpu_index())
		guest_fail("td_run_on: no vCPU %u to hand a function to", vcpu);
	wait_idle(slot);
	slot->arg = arg;
	__atomic_store_n(&slot->fn, fn, __ATOMIC_RELEASE);
	td_send_ipi(vcpu);
}

void td_run_on_others(void (*fn)(void *), void *arg)
{
	for (unsigned i = 0; i < td_nr_vcpus; i++)
		if (i != td_vcpu_index())
			td_run_on(i, fn, arg);
}

void td_wait_others(void)
{
	for (unsigned i = 0; i < td_nr_vcpus; i++)
		if (i != td_vcpu_index())
			wait_idle(&vcpus[i]);
}

/* ---- #VE: the instruction done through the host ---- */

static void ve_cpuid(struct exc_frame *f)
{
	struct cpuid_regs c;
	uint64_t status = tdvmcall_cpuid((uint32_t)f->rax, (uint32_t)f->rcx, &c);

	if (status != 0)
		guest_fail("#VE CPUID 0x%lx: TDVMCALL status 0x%lx", f->rax, status);
	f->rax = c.eax;
	f->rbx = c.ebx;
	f->rcx = c.ecx;
	f->rdx = c.edx;
	__atomic_fetch_add(&td_ve_stats.cpuid, 1, __ATOMIC_RELAXED);
}

/* exit qualification: 2:0 size - 1, 3 IN, 4 string, 31:16 port */
static void ve_io(struct exc_frame *f, const struct td_ve_info *ve)
{
	unsigned size = (ve->exit_qual & 7) + 1;
	bool in = ve->exit_qual & 8;
	uint16_t port = (uint16_t)(ve->exit_qual >> 16);
	uint64_t mask = size == 4 ? 0xffffffffu : (1u << 8 * size) - 1;
	uint64_t status;
	uint32_t value;

	if ((ve->exit_qual & 0x10) || (size != 1 && size != 2 && size != 4))
		guest_fail("#VE I/O at RIP 0x%lx: qualification 0x%lx unsupported",
			   f->rip, ve->exit_qual);
	if (in) {
		status = tdvmcall_io_read(size, port, &value);
		/* a 32-bit IN zero-extends into RAX, 8/16-bit ones merge */
		f->rax = size == 4 ? value : (f->rax & ~mask) | (value & mask);
	} else {
		status = tdvmcall_io_write(size, port, (uint32_t)(f->rax & mask));
	}
	if (status != 0)
		guest_fail("#VE I/O port 0x%x: TDVMCALL status 0x%lx", port, status);
	__atomic_fetch_add(&td_ve_stats.io, 1, __ATOMIC_RELAXED);
}

/* A refused MSR would be a #GP on bare metal (Linux's #VE handler raises
 * one); the tests only touch MSRs the host serves. */
static void ve_msr(struct exc_frame *f, bool write)
{
	uint32_t msr = (uint32_t)f->rcx;
	uint64_t status, value;

	if (write) {
		status = tdvmcall_wrmsr(msr, f->rdx << 32 | (uint32_t)f->rax);
	} else {
		status = tdvmcall_rdmsr(msr, &value);
		f->rax = (uint32_t)value;
		f->rdx = value >> 32;
	}
	if (status != 0)
		guest_fail("#VE %s 0x%x: TDVMCALL status 0x%lx", write ? "WRMSR" : "RDMSR",
			   msr, status);
	__atomic_fetch_add(&td_ve_stats.msr, 1, __ATOMIC_RELAXED);
}

/* R12 tells the host whether an interrupt could wake the vCPU at all. */
static void ve_hlt(struct exc_frame *f)
{
	uint64_t status = tdvmcall_hlt(!(f->rflags & RFLAGS_IF));

	if (status != 0)
		guest_fail("#VE HLT: TDVMCALL status 0x%lx", status);
	__atomic_fetch_add(&td_ve_stats.hlt, 1, __ATOMIC_RELAXED);
}

/* Take the information first (a #VE while it is still valid becomes #DF),
 * then do the instruction through the host and step over it. An EPT
 * violation #VE (MMIO) is not expected: the TDs use #VE.RequestMMIO. */
static void handle_ve(struct exc_frame *f)
{
	struct td_ve_info ve;
	uint64_t status = tdg_vp_veinfo_get(&ve);

	if (status != TDX_SUCCESS)
		guest_fail("#VE at RIP 0x%lx: TDG.VP.VEINFO.GET status 0x%lx", f->rip, status);
	switch (ve.exit_reason) {
	case EXIT_REASON_CPUID:
		ve_cpuid(f);
		break;
	case EXIT_REASON_IO:
		ve_io(f, &ve);
		break;
	case EXIT_REASON_RDMSR:
	case EXIT_REASON_WRMSR:
		ve_msr(f, ve.exit_reason == EXIT_REASON_WRMSR);
		break;
	case EXIT_REASON_HLT:
		ve_hlt(f);
		break;
	default:
		guest_fail("unexpected #VE at RIP 0x%lx: exit reason %lu, qualification 0x%lx,"
			   " GPA 0x%lx", f->rip, ve.exit_reason, ve.exit_qual, ve.gpa);
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

/* ---- exit, failure, test cases ---- */

/* Instruction.IO write of the status to the debug-exit port ends the TD. */
_Noreturn void guest_exit(uint32_t status)
{
	tdvmcall_io_write(4, TDVISOR_PORT_DEBUG_EXIT, status);
	td_fatal("the debug-exit port returned");
}

/* The FAILURE line goes out by direct TDVMCALL (no #VE: safe in any
 * exception handler, and with the console lock held), then
 * ReportFatalError carries the same text. */
_Noreturn void guest_fail(const char *fmt, ...)
{
	static const char prefix[] = "Test result: ";
	char line[256];
	va_list ap;
	int n;

	n = guest_snprintf(line, sizeof(line), "%sFAILURE", prefix);
	if (current_case)
		n += guest_snprintf(line + n, sizeof(line) - (size_t)n, " (case %s)",
				    current_case);
	n += guest_snprintf(line + n, sizeof(line) - (size_t)n, ": ");
	va_start(ap, fmt);
	n += guest_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	td_console_direct(line, (size_t)n);
	line[n - 1] = '\0';
	td_fatal(line + sizeof(prefix) - 1);    /* "FAILURE (case X): <what>" */
}

void td_say(const char *fmt, ...)
{
	char text[224];
	va_list ap;

	va_start(ap, fmt);
	guest_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	guest_printf("%s: %s\n", current_td, text);
}

int td_run_cases(const char *td, const struct td_case *cases, unsigned n)
{
	current_td = td;
	for (unsigned i = 0; i < n; i++) {
		current_case = cases[i].name;
		cases[i].run();
		guest_printf("%s: ok %s\n", td, cases[i].name);
	}
	current_case = NULL;
	guest_printf("Test result: SUCCESS\n");
	return 0;
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
