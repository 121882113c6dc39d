/* td-bench: path lengths of a Trust Domain's calls to the host and of
 * accepting its memory (docs/benchmarks.md; tools/bench.sh runs it in a
 * one-CPU Bochs, where the TSC counts instructions).
 *
 * The image is padded at the front to 1 MiB (guests.mk, td-bench-<N>m.bin),
 * so that building the TD adds and measures a realistic image; the padding
 * starts with the TD's RAM in MiB as decimal text, which the manifest must
 * give it too (manifests/tests/bench-td*.json): the TD cannot learn it from
 * the host, and only a TD with 128 MiB or more has room for both accept
 * benchmarks.
 *
 * Each round trip is timed over BENCH_ITERS calls; EXIT_STATS before and
 * after the loop gives the hypervisor's share, TSC from each TD exit to the
 * next TDH.VP.ENTER (tdvisor_pv.h), the rest being the TDX module's (the
 * software model here) and, for the #VE paths, the guest's #VE handler. */
#include "guest-abi/tests/td_rt.h"

#define BENCH_ITERS       1000
#define POST_PORT         0x80          /* accepted and ignored by tdvisor */
#define PARAMS_GPA        0xfff00000ull /* the padded image's first byte */
#define ACCEPT_SIZE       (64ull << 20)
#define ACCEPT_2M_GPA     0ull
#define ACCEPT_4K_GPA     ACCEPT_SIZE

struct exit_stats {
	uint64_t hv_ticks, exits;
};

static uint64_t ram_mib;

static struct exit_stats exit_stats(void)
{
	struct gprs r = {
		.rcx = TDG_VP_VMCALL_EXPOSE_STANDARD, .r10 = TDVISOR_PV_TDVMCALL_LEAF,
		.r11 = TDVISOR_PV_EXIT_STATS,
	};
	uint64_t status = td_vmcall_raw(&r);

	CHECK(status == TDX_SUCCESS && r.r10 == TDG_VP_VMCALL_SUCCESS,
	      "EXIT_STATS: TDCALL status 0x%lx, R10 0x%lx", status, r.r10);
	return (struct exit_stats){ r.r11, r.r12 };
}

/* The hypervisor's TSC per exit between two EXIT_STATS calls, of which
 * there must have been at least `min_exits`. */
static uint64_t hv_per_exit(const char *what, struct exit_stats s0, struct exit_stats s1,
			    uint64_t min_exits)
{
	uint64_t exits = s1.exits - s0.exits;

	CHECK(exits >= min_exits, "%s: %lu exits, expected at least %lu", what, exits, min_exits);
	return (s1.hv_ticks - s0.hv_ticks) / exits;
}

/* One line per figure, as tools/bench.sh reads them. */
static void report_round_trip(const char *what, void (*loop)(void), bool to_host)
{
	struct exit_stats s0 = exit_stats();
	uint64_t t0 = rdtsc_fenced(), t1;

	loop();
	t1 = rdtsc_fenced();
	struct exit_stats s1 = exit_stats();

	guest_printf("bench: %s round trip %lu tsc\n", what, (t1 - t0) / BENCH_ITERS);
	if (to_host)
		guest_printf("bench: %s hypervisor %lu tsc/exit\n", what,
			     hv_per_exit(what, s0, s1, BENCH_ITERS));
}

static void loop_vp_info(void)
{
	struct td_vp_info info;
	uint64_t status = 0;

	for (int i = 0; i < BENCH_ITERS; i++)
		status |= tdg_vp_info(&info);
	CHECK(status == TDX_SUCCESS, "TDG.VP.INFO failed in the loop");
}

static void loop_cpuid_ve(void)
{
	uint64_t ves = td_ve_stats.cpuid;

	for (int i = 0; i < BENCH_ITERS; i++)
		cpuid(TDVISOR_CPUID_LEAF_BASE, 0);
	CHECK(td_ve_stats.cpuid - ves == BENCH_ITERS, "%lu #VEs for %u CPUIDs",
	      td_ve_stats.cpuid - ves, BENCH_ITERS);
}

static void loop_cpuid_direct(void)
{
	struct cpuid_regs c;
	uint64_t status = 0;

	for (int i = 0; i < BENCH_ITERS; i++)
		status |= tdvmcall_cpuid(TDVISOR_CPUID_LEAF_BASE, 0, &c);
	CHECK(status == TDG_VP_VMCALL_SUCCESS && c.ebx == TDVISOR_CPUID_SIGNATURE_EBX,
	      "TDVMCALL Instruction.CPUID: status 0x%lx, EBX 0x%x", status, c.ebx);
}

static void loop_io_ve(void)
{
	uint64_t ves = td_ve_stats.io;

	for (int i = 0; i < BENCH_ITERS; i++)
		outb(POST_PORT, (uint8_t)i);
	CHECK(td_ve_stats.io - ves == BENCH_ITERS, "%lu #VEs for %u OUTs",
	      td_ve_stats.io - ves, BENCH_ITERS);
}

static void loop_io_direct(void)
{
	uint64_t status = 0;

	for (int i = 0; i < BENCH_ITERS; i++)
		status |= tdvmcall_io_write(1, POST_PORT, (uint8_t)i);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "TDVMCALL Instruction.IO failed in the loop");
}

static void case_round_trips(void)
{
	report_round_trip("tdcall", loop_vp_info, false);
	report_round_trip("cpuid via #VE", loop_cpuid_ve, true);
	report_round_trip("cpuid direct", loop_cpuid_direct, true);
	report_round_trip("io via #VE", loop_io_ve, true);
	report_round_trip("io direct", loop_io_direct, true);
}

/* ACCEPT_SIZE of lazy RAM from `start`, every page at `level`: the host
 * adds each page (TDH.MEM.PAGE.AUG, at the level the TD asked for) on the
 * EPT violation the first ACCEPT of it causes, and the TD's ACCEPT then
 * succeeds. The TD's time, and the exits and hypervisor time among it. */
static void accept(const char *name, uint64_t start, unsigned level)
{
	uint64_t size = level == TD_LEVEL_2M ? SZ_2M : SZ_4K, pages = ACCEPT_SIZE / size;
	struct exit_stats s0 = exit_stats(), s1;
	uint64_t t0 = rdtsc_fenced(), t1, status;

	for (uint64_t gpa = start; gpa < start + ACCEPT_SIZE; gpa += size) {
		status = tdg_mem_page_accept(gpa, level);
		CHECK(status == TDX_SUCCESS, "ACCEPT of GPA 0x%lx at %s: status 0x%lx", gpa,
		      name, status);
	}
	t1 = rdtsc_fenced();
	s1 = exit_stats();
	/* The memory is there: its first and last qwords read zero. */
	CHECK(read64(start) == 0 && read64(start + ACCEPT_SIZE - 8) == 0,
	      "accepted RAM at GPA 0x%lx does not read zero", start);
	/* EXIT_STATS counts its own second call's exit too. */
	guest_printf("bench: accept 64 MiB in %s pages %lu tsc\n", name, t1 - t0);
	guest_printf("bench: accept 64 MiB in %s pages hypervisor %lu tsc\n", name,
		     s1.hv_ticks - s0.hv_ticks);
	guest_printf("bench: accept 64 MiB in %s pages TD exits %lu\n", name,
		     s1.exits - s0.exits - 1);
	guest_printf("bench: accept 64 MiB in %s pages page count %lu\n", name, pages);
}

static void case_accept_2m(void)
{
	if (ram_mib < (ACCEPT_2M_GPA + ACCEPT_SIZE) >> 20) {
		td_say("skipped: %lu MiB of RAM", ram_mib);
		return;
	}
	accept("2M", ACCEPT_2M_GPA, TD_LEVEL_2M);
}

static void case_accept_4k(void)
{
	if (ram_mib < (ACCEPT_4K_GPA + ACCEPT_SIZE) >> 20) {
		td_say("skipped: %lu MiB of RAM", ram_mib);
		return;
	}
	accept("4K", ACCEPT_4K_GPA, TD_LEVEL_4K);
}

/* Decimal digits at PARAMS_GPA, ended by a NUL. (Without the padding,
 * PARAMS_GPA is no page of the TD's and the host stops it.) */
static void case_params(void)
{
	const volatile char *p = (const volatile char *)(uintptr_t)PARAMS_GPA;
	unsigned n = 0;

	for (ram_mib = 0; n < 8 && p[n] >= '0' && p[n] <= '9'; n++)
		ram_mib = ram_mib * 10 + (uint64_t)(p[n] - '0');
	CHECK(n > 0 && p[n] == '\0', "no RAM size at GPA 0x%llx, the padded image's start",
	      PARAMS_GPA);
	td_say("%lu MiB of RAM, image padded to 1 MiB", ram_mib);
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "params", case_params },
		{ "round-trips", case_round_trips },
		{ "accept-2m", case_accept_2m },
		{ "accept-4k", case_accept_4k },
	};

	return td_run_cases("td-bench", cases, sizeof(cases) / sizeof(cases[0]));
}
