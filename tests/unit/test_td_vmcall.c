/* td_vmcall() (hv/tdx/td_vmcall.c) on the host: what a TD sees in its
 * registers and what the hypervisor does for each TDG.VP.VMCALL, with the
 * TD's memory, interrupt and stop functions replaced by recording stubs. */
#include "shim.h"
#include "../../hv/tdx/ghci.c"
#include "../../hv/dev/uart_model.c"
#include "../../hv/dev/guest_ports.c"
#include "../../hv/tdx/td_vmcall.c"
#include "test.h"

#define SH      BIT(47)
#define STD     0xfc00ull
#define PVLEAF  TDVISOR_PV_TDVMCALL_LEAF

static struct td td;
static char stop_reason[256];
static unsigned stops, map_calls, halts;
static int stop_status = -1;            /* td_exit_status's, else -1 */
static uint64_t map_status, map_next;
static uint64_t tsc_deadline;          /* td_irq's MSR in this stub */
static char shared_text[64] = "hello from shared memory\n";

void td_stop(struct td *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(stop_reason, sizeof(stop_reason), fmt, ap);
	va_end(ap);
	t->kill_requested = true;
	stop_status = -1;
	stops++;
}

void td_exit_status(struct td *t, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(stop_reason, sizeof(stop_reason), fmt, ap);
	va_end(ap);
	t->kill_requested = true;
	stop_status = status;
	stops++;
}

uint64_t td_map_gpa(struct td *t, uint64_t gpa, uint64_t size, bool to_shared, uint64_t *next)
{
	(void)t;
	(void)size;
	(void)to_shared;
	map_calls++;
	*next = map_status == TDG_VP_VMCALL_RETRY ? gpa + map_next : 0;
	return map_status;
}

bool td_shared_copy(struct td *t, uint64_t gpa, void *buf, size_t len, bool to_td)
{
	(void)t;
	if (to_td || gpa != (SH | 0x3000) || len > sizeof(shared_text))
		return false;
	memcpy(buf, shared_text, len);
	return true;
}

bool td_irq_halt(struct td_vcpu *v, bool irq_blocked)
{
	(void)v;
	halts++;
	return !irq_blocked;            /* nothing could wake a blocked vCPU */
}

bool td_irq_rdmsr(struct td_vcpu *v, uint32_t msr, uint64_t *value)
{
	if (msr != 0x6e0)
		return false;
	(void)v;
	*value = tsc_deadline;
	return true;
}

bool td_irq_wrmsr(struct td_vcpu *v, uint32_t msr, uint64_t value)
{
	if (msr != 0x6e0)
		return false;
	(void)v;
	tsc_deadline = value;
	return true;
}

struct cpuid_regs guest_cpuid(uint32_t leaf, uint32_t subleaf)
{
	return (struct cpuid_regs){ leaf, subleaf, 0x1111, 0x2222 };
}

static struct td_vcpu *fresh_td(void)
{
	memset(&td, 0, sizeof(td));
	strcpy(td.name, "td0");
	td.gpaw = 48;
	td.nr_vcpus = 2;
	for (unsigned i = 0; i < 2; i++) {
		td.vcpu[i].td = &td;
		td.vcpu[i].index = i;
	}
	guest_ports_init(&td.ports, td.name, false);
	stop_reason[0] = '\0';
	stops = map_calls = halts = 0;
	shim_log_clear();
	return &td.vcpu[0];
}

static bool call(struct td_vcpu *v, struct tdx_module_args *a)
{
	if (!a->rcx)
		a->rcx = STD;
	return td_vmcall(v, a);
}

static bool io(struct td_vcpu *v, unsigned size, bool write, uint16_t port, uint32_t value,
	       struct tdx_module_args *a)
{
	*a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_IO, .r12 = size,
				       .r13 = write, .r14 = port, .r15 = value };
	return call(v, a);
}

static bool log_is(const char *want)
{
	return strcmp(shim_log, want) == 0;
}

TEST(console_through_instruction_io)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	for (const char *s = "hi\n"; *s; s++) {
		CHECK(io(v, 1, true, 0x3f8, (uint8_t)*s, &a));
		CHECK_EQ(a.r10, TDG_VP_VMCALL_SUCCESS);
	}
	CHECK(log_is("[td0] hi\n"));
	CHECK(io(v, 1, false, 0x3fd, 0, &a));
	CHECK_EQ(a.r11, 0x60);
	CHECK(io(v, 2, false, 0x1234, 0, &a));
	CHECK_EQ(a.r11, 0xffff);
	CHECK_EQ(stops, 0);
}

TEST(debug_exit_and_flood_stop_the_td)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;
	unsigned i;

	CHECK(!io(v, 1, true, 0xf4, 3, &a));
	CHECK_STR(stop_reason, "the guest wrote 3 to the debug-exit port");
	CHECK_EQ(stop_status, 3);

	v = fresh_td();
	for (i = 0; i <= GUEST_PORTS_UNCLAIMED_LIMIT && io(v, 1, false, 0x1234, 0, &a); i++)
		;
	CHECK_EQ(i, GUEST_PORTS_UNCLAIMED_LIMIT);
	CHECK_EQ(stops, 1);
	CHECK_STR(stop_reason, "I/O flood: more than 10000 accesses to unclaimed ports "
		  "(last: in from port 0x1234)");
}

TEST(refused_calls_keep_the_td_running)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	CHECK(io(v, 3, true, 0x3f8, 'x', &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_INVALID_OPERAND);
	a = (struct tdx_module_args){ .r11 = 0x10005 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_GET_QUOTE, .r12 = SH, .r13 = 4096 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED);
	CHECK_EQ(stops, 0);
	CHECK_EQ(shim_log_has("[td0]"), 0);
}

TEST(map_gpa_answers)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	map_status = TDG_VP_VMCALL_RETRY;
	map_next = 2 * MiB;
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_MAP_GPA, .r12 = SH | 0x400000,
				      .r13 = 8 * MiB };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_RETRY);
	CHECK_EQ(a.r11, SH | 0x600000);

	map_status = TDG_VP_VMCALL_SUCCESS;
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_MAP_GPA, .r12 = 0x400000,
				      .r13 = 4096 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_SUCCESS);

	map_status = TDG_VP_VMCALL_INVALID_OPERAND;
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_MAP_GPA, .r12 = 0x400000,
				      .r13 = 4096 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r11, 0x400000);
	CHECK_EQ(map_calls, 3);

	/* Refused by the decoder: td_map_gpa() is never asked. */
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_MAP_GPA, .r12 = SH - 4096,
				      .r13 = 8192 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_INVALID_OPERAND);
	CHECK_EQ(a.r11, SH - 4096);
	CHECK_EQ(map_calls, 3);
}

TEST(fatal_error_is_logged_and_stops)
{
	struct td_vcpu *v = &fresh_td()[1];
	struct tdx_module_args a = {
		.rcx = 0xffcc, .r11 = TDG_VP_VMCALL_REPORT_FATAL_ERROR, .r12 = BIT(63) | 5,
		.r13 = SH | 0x9000, .r14 = 0x6f6f202c63696e61ull /* "anic, oo" */,
		.r15 = 0x7370ull /* "ps" */,
	};

	CHECK(!td_vmcall(v, &a));
	CHECK_STR(stop_reason, "vCPU 1 reported a fatal error (code 0x5, more at GPA "
		  "0x800000009000): anic, oops");
}

TEST(notify_hlt_cpuid_info)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_SETUP_EVENT_NOTIFY_INTERRUPT,
				      .r12 = 0xec };
	CHECK(call(v, &a));
	CHECK_EQ(v->irq.notify_vector, 0xec);

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_HLT, .r12 = 0 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_SUCCESS);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_HLT, .r12 = 1 };
	CHECK(!call(v, &a));
	CHECK_STR(stop_reason, "vCPU 0 halted with interrupts blocked: it can never wake up");
	CHECK_EQ(halts, 2);

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_CPUID, .r12 = 7,
				      .r13 = 1 };
	CHECK(call(v, &a));
	CHECK(a.r12 == 7 && a.r13 == 1 && a.r14 == 0x1111 && a.r15 == 0x2222);

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_GET_TD_VM_CALL_INFO, .r12 = 1,
				      .r13 = 9, .r14 = 9 };
	CHECK(call(v, &a));
	CHECK(a.r10 == 0 && a.r11 == TDG_VP_VMCALL_INFO1_SETUP_EVENT_NOTIFY_INTERRUPT &&
	      a.r12 == 0 && a.r13 == 0 && a.r14 == 0);
}

TEST(msr_policy)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_WRMSR, .r12 = 0x6e0,
				      .r13 = 12345 };
	CHECK(call(v, &a));
	CHECK_EQ(tsc_deadline, 12345);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0x6e0 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r11, 12345);

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0x1b };
	CHECK(call(v, &a));
	CHECK_EQ(a.r11, 0xfee00d00);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0x1b };
	CHECK(call(&td.vcpu[1], &a));
	CHECK_EQ(a.r11, 0xfee00c00);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0x802 };
	CHECK(call(&td.vcpu[1], &a));
	CHECK_EQ(a.r11, 1);

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_WRMSR, .r12 = 0x1b,
				      .r13 = 0xfee00d00 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_SUCCESS);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_WRMSR, .r12 = 0x1b,
				      .r13 = 0xfee00900 };         /* out of x2APIC mode */
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_INVALID_OPERAND);

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_INSTRUCTION_RDMSR, .r12 = 0xce };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_INVALID_OPERAND);
	CHECK_EQ(stops, 0);
}

TEST(mmio_without_devices)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_VE_REQUEST_MMIO, .r12 = 2,
				      .r14 = SH | 0xfec00000 };
	CHECK(call(v, &a));
	CHECK(a.r10 == 0 && a.r11 == 0xffff);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_VE_REQUEST_MMIO, .r12 = 8,
				      .r14 = SH | 0xfec00000 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r11, ~0ull);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_VE_REQUEST_MMIO, .r12 = 4, .r13 = 1,
				      .r14 = SH | 0xfec00000, .r15 = 1 };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, 0);
	a = (struct tdx_module_args){ .r11 = TDG_VP_VMCALL_VE_REQUEST_MMIO, .r12 = 4, .r13 = 1,
				      .r14 = 0xfec00000, .r15 = 1 };   /* private: refused */
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_INVALID_OPERAND);
}

TEST(pv_console_and_exit)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	a = (struct tdx_module_args){ .r10 = PVLEAF, .r11 = TDVISOR_PV_CONSOLE_WRITE,
				      .r12 = SH | 0x3000, .r13 = strlen(shared_text) };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, 0);
	CHECK(log_is("[td0] hello from shared memory\n"));
	a = (struct tdx_module_args){ .r10 = PVLEAF, .r11 = TDVISOR_PV_CONSOLE_WRITE,
				      .r12 = SH | 0x4000, .r13 = 4 };  /* not mapped shared */
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_INVALID_OPERAND);

	a = (struct tdx_module_args){ .r10 = PVLEAF, .r11 = TDVISOR_PV_EXIT, .r12 = 3 };
	CHECK(!call(v, &a));
	CHECK_STR(stop_reason, "the TD asked to exit (PV call)");
	CHECK_EQ(stop_status, 3);
}

TEST(pv_exit_stats_are_the_calling_vcpus)
{
	struct td_vcpu *v = fresh_td();
	struct tdx_module_args a;

	v->hv_ticks = 123456;
	v->exits = 789;
	td.vcpu[1].hv_ticks = 1;
	td.vcpu[1].exits = 2;
	a = (struct tdx_module_args){ .r10 = PVLEAF, .r11 = TDVISOR_PV_EXIT_STATS };
	CHECK(call(v, &a));
	CHECK_EQ(a.r10, TDG_VP_VMCALL_SUCCESS);
	CHECK_EQ(a.r11, 123456);
	CHECK_EQ(a.r12, 789);
	CHECK_EQ(stops, 0);
}
