/* td-smp: a Trust Domain with several vCPUs (2 or 3), each on its own
 * physical CPU. Every vCPU introduces itself (TDG.VP.INFO, CPUID, x2APIC
 * ID); all make #VE-path calls at the same time (CPUID and RDMSR through
 * the host, console lines that must come out whole); vCPU 1 wakes vCPU 0
 * from HLT with an IPI through the x2APIC ICR; all accept private RAM at
 * the same time and meet at a barrier in it, each reading what the others
 * wrote. vCPU 0 runs the cases and hands each vCPU its part with
 * td_run_on() (td_rt.c), which wakes an idle vCPU with an IPI too. */
#include "guest-abi/tests/td_rt.h"

#define MSR_IA32_APIC_BASE  0x1b
#define APIC_BASE_BSP       (1ull << 8)
#define MSR_X2APIC_ID       0x802
#define MSR_X2APIC_ISR0     0x810       /* ISR bits 31:0; +1 per 32 vectors */

#define LINES      4                    /* console lines per vCPU */
#define ALPHABET   "0123456789abcdefghijklmnopqrstuvwxyz"
/* What vCPU 1 waits before its IPI, so that vCPU 0 is in the host's HLT:
 * getting there takes vCPU 0 well under 100,000 TSC ticks under Bochs. */
#define IPI_DELAY  2000000ull
#define MEET_GPA   0x1000ull            /* the barrier and one word per vCPU */

/* fn on every vCPU at once: the others by td_run_on(), vCPU 0 itself. */
static void on_every_vcpu(void (*fn)(void *))
{
	td_run_on_others(fn, NULL);
	fn(NULL);
	td_wait_others();
}

static void hello(void *unused)
{
	unsigned me = td_vcpu_index();
	struct td_vp_info info;
	uint32_t cpuid_index = cpuid(1, 0).ebx >> 24;
	uint64_t apic_id = td_rdmsr(MSR_X2APIC_ID);
	bool bsp = td_rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_BSP;

	(void)unused;
	CHECK(tdg_vp_info(&info) == TDX_SUCCESS, "vCPU %u: TDG.VP.INFO failed", me);
	CHECK(info.vcpu_index == me, "vCPU %u: TDG.VP.INFO VCPU_INDEX %lu", me, info.vcpu_index);
	CHECK(info.num_vcpus == td_nr_vcpus && info.max_vcpus >= info.num_vcpus,
	      "vCPU %u: TDG.VP.INFO NUM_VCPUS %u, MAX_VCPUS %u; vCPU 0 saw %u", me,
	      info.num_vcpus, info.max_vcpus, td_nr_vcpus);
	CHECK(cpuid_index == me, "vCPU %u: CPUID(1).EBX[31:24] %u", me, cpuid_index);
	CHECK(apic_id == me, "vCPU %u: x2APIC ID %lu", me, apic_id);
	CHECK(bsp == (me == 0), "vCPU %u: IA32_APIC_BASE.BSP %d", me, bsp);
	td_say("vCPU %u of %u: hello (TDG.VP.INFO VCPU_INDEX %lu, NUM_VCPUS %u; x2APIC ID %lu%s)",
	       me, td_nr_vcpus, info.vcpu_index, info.num_vcpus, apic_id, bsp ? ", BSP" : "");
}

static void case_hello(void)
{
	CHECK(td_nr_vcpus >= 2, "%u vCPU: td-smp needs 2 or more", td_nr_vcpus);
	on_every_vcpu(hello);
}

static bool is_tdvisor_signature(struct cpuid_regs c)
{
	static const char want[] = "TDVISORTDVIS";
	char got[12];

	memcpy(got, &c.ebx, 4);
	memcpy(got + 4, &c.ecx, 4);
	memcpy(got + 8, &c.edx, 4);
	for (unsigned i = 0; i < sizeof(got); i++)
		if (got[i] != want[i])
			return false;
	return true;
}

/* Each vCPU's lines go out byte by byte through #VE; the runtime's console
 * lock keeps a line together, the host must too. */
static void ve_calls(void *unused)
{
	unsigned me = td_vcpu_index();

	(void)unused;
	for (unsigned line = 1; line <= LINES; line++) {
		uint64_t apic_id = td_rdmsr(MSR_X2APIC_ID);

		CHECK(is_tdvisor_signature(cpuid(0x40000000, 0)),
		      "vCPU %u: CPUID 0x40000000 is not tdvisor's", me);
		CHECK(apic_id == me, "vCPU %u: x2APIC ID %lu", me, apic_id);
		td_say("vCPU %u line %u of %u: %s", me, line, LINES, ALPHABET);
	}
}

/* The runtime counts every vCPU's #VEs in one place: none may be lost. */
static void case_concurrent_ve(void)
{
	uint64_t cpuids = td_ve_stats.cpuid, msrs = td_ve_stats.msr;
	/* the RDMSRs, and td_run_on()'s ICR write for each other vCPU */
	unsigned want_msrs = td_nr_vcpus * LINES + td_nr_vcpus - 1;

	on_every_vcpu(ve_calls);
	CHECK(td_ve_stats.cpuid - cpuids == td_nr_vcpus * LINES &&
	      td_ve_stats.msr - msrs == want_msrs,
	      "%lu CPUID and %lu MSR #VEs counted, expected %u and %u",
	      td_ve_stats.cpuid - cpuids, td_ve_stats.msr - msrs, td_nr_vcpus * LINES, want_msrs);
}

static volatile bool vcpu0_halting;

static void wake_vcpu0(void *unused)
{
	uint64_t until;

	(void)unused;
	while (!vcpu0_halting)
		td_pause();
	until = rdtsc_fenced() + IPI_DELAY;
	while (rdtsc_fenced() < until)
		td_pause();
	td_say("vCPU 1: IPI vector 0x%x to vCPU 0 through the x2APIC ICR", TD_IPI_VECTOR);
	td_send_ipi(0);
}

static void case_ipi(void)
{
	uint64_t taken = td_ipis_taken();
	uint64_t isr = MSR_X2APIC_ISR0 + TD_IPI_VECTOR / 32;
	unsigned halts = 0;

	td_run_on(1, wake_vcpu0, NULL);
	vcpu0_halting = true;
	while (td_ipis_taken() == taken) {
		sti_hlt_cli();
		halts++;
	}
	td_wait_others();
	CHECK(td_ipis_taken() == taken + 1, "%lu IPIs taken", td_ipis_taken() - taken);
	CHECK(halts == 1, "HLT returned %u times before the IPI: it must wait for an interrupt",
	      halts);
	CHECK(!(td_rdmsr(isr) & 1ull << TD_IPI_VECTOR % 32),
	      "ISR bit 0x%x still set after the EOI", TD_IPI_VECTOR);
	td_say("vCPU 0: woken from HLT by vCPU 1's IPI, vector 0x%x taken and EOIed",
	       TD_IPI_VECTOR);
}

/* The barrier and the words, in RAM vCPU 0 accepted (zeroed by ACCEPT). */
struct meeting {
	uint32_t arrived;
	uint64_t word[TD_RT_MAX_VCPUS];
};

/* The page each vCPU accepts and fills, above the meeting page. */
static uint64_t own_gpa(unsigned vcpu)
{
	return MEET_GPA + SZ_4K * (1 + vcpu);
}

static uint64_t pattern(unsigned vcpu, unsigned i)
{
	return 0x5eed000000000000ull | (uint64_t)vcpu << 32 | i;
}

static void accept_page(uint64_t gpa)
{
	struct td_accept_stats st = { 0 };
	uint64_t failed = 0;
	uint64_t status = td_accept_range(gpa, gpa + SZ_4K, &st, &failed);

	CHECK(status == TDX_SUCCESS && st.pages_4k == 1,
	      "vCPU %u: ACCEPT of GPA 0x%lx: status 0x%lx at GPA 0x%lx, %lu pages accepted",
	      td_vcpu_index(), gpa, status, failed, st.pages_4k);
}

/* Each vCPU accepts its own page (the host adds them at the same time),
 * fills it, then waits for all at the barrier and reads every page. */
static void meet(void *unused)
{
	unsigned me = td_vcpu_index();
	volatile struct meeting *m = (volatile struct meeting *)(uintptr_t)MEET_GPA;
	volatile uint64_t *own = (volatile uint64_t *)(uintptr_t)own_gpa(me);

	(void)unused;
	accept_page(own_gpa(me));
	for (unsigned i = 0; i < SZ_4K / 8; i++)
		own[i] = pattern(me, i);
	m->word[me] = pattern(me, 0);
	__atomic_add_fetch(&m->arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&m->arrived, __ATOMIC_ACQUIRE) < td_nr_vcpus)
		td_pause();
	for (unsigned v = 0; v < td_nr_vcpus; v++) {
		volatile uint64_t *page = (volatile uint64_t *)(uintptr_t)own_gpa(v);

		CHECK(m->word[v] == pattern(v, 0), "vCPU %u: vCPU %u's word reads 0x%lx", me, v,
		      m->word[v]);
		for (unsigned i = 0; i < SZ_4K / 8; i++)
			CHECK(page[i] == pattern(v, i), "vCPU %u: GPA 0x%lx reads 0x%lx, vCPU %u"
			      " wrote 0x%lx", me, own_gpa(v) + 8 * i, page[i], v, pattern(v, i));
	}
	td_say("vCPU %u: all %u vCPUs at the barrier; their pages at GPA 0x%lx-0x%lx read back",
	       me, td_nr_vcpus, own_gpa(0), own_gpa(td_nr_vcpus) - 1);
}

static void case_barrier(void)
{
	accept_page(MEET_GPA);
	on_every_vcpu(meet);
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "hello", case_hello },
		{ "concurrent-ve", case_concurrent_ve },
		{ "ipi", case_ipi },
		{ "barrier", case_barrier },
	};

	return td_run_cases("td-smp", cases, sizeof(cases) / sizeof(cases[0]));
}
