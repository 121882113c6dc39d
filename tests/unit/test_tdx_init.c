/* TDX module initialization (hv/tdx/tdx_init.c, tdmr_setup.c) on a fake
 * machine (tdx_host_harness.h):
 * - against a scripted hardware module: the exact order of leaves, CPUs and
 *   register inputs (../shared/REFERENCES.md "Order of operations");
 * - a failure injected at every step of that order: TDX ends FAILED (or
 *   UNAVAILABLE when detection fails), every page init took is back in the
 *   allocator, and nothing but TDH.SYS.LP.SHUTDOWN follows the failure;
 *   busy bursts at every step are retried within TDX_RETRY_LIMIT;
 * - against the software module (seam/) on 1, 2 and 4 packages;
 * - detection and module selection.
 * tdx_init() runs once per boot: every scenario runs in a child process. */
#include "shim.h"
#include "tdx_host_harness.h"
#include "test.h"

static const uint32_t pkgs_0011[] = { 0, 0, 1, 1 };
static const uint32_t pkgs_0101[] = { 0, 1, 0, 1 };
static const uint32_t pkgs_1100[] = { 1, 1, 0, 0 };

static bool same_args(const struct tdx_module_args *a, const struct tdx_module_args *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static const char *event_name(const struct harness_event *e)
{
	return e->kind == EV_WBINVD ? "WBINVD" : tdh_leaf_name(e->rax);
}

/* ---- The expected order of a successful initialization ---- */

static struct harness_event expected[HARNESS_MAX_EVENTS];
static unsigned nr_expected;

static void expect(enum harness_event_kind kind, uint64_t rax, unsigned cpu,
		   struct tdx_module_args in)
{
	expected[nr_expected++] = (struct harness_event){ .kind = kind, .cpu = cpu, .rax = rax,
							  .in = in };
}

static void expect_rd(uint64_t field)
{
	expect(EV_SEAMCALL, TDH_SYS_RD, 0, (struct tdx_module_args){ .rdx = field });
}

/* What Linux does on hardware, for the machine harness_boot() made and
 * the TDMRs tdmr_setup() chose: probe, SYS.INIT, LP.INIT on each online
 * CPU on that CPU, SYS.RD (version, CMRs, limits), SYS.CONFIG, WBINVD on
 * each CPU, KEY.CONFIG on the first CPU of each package, TDMR.INIT until
 * each TDMR is done (HARNESS_TDMR_INIT_STEP a call). */
static void expect_successful_init(void)
{
	uint64_t pkgs_done = 0;

	nr_expected = 0;
	expect_rd(MD_MAJOR_VERSION);                            /* the probe */
	expect(EV_SEAMCALL, TDH_SYS_INIT, 0, (struct tdx_module_args){ 0 });
	for (unsigned i = 0; i < nr_cpus; i++)
		if (percpu[i].state == CPU_ONLINE)
			expect(EV_SEAMCALL, TDH_SYS_LP_INIT, i, (struct tdx_module_args){ 0 });
	expect_rd(MD_VENDOR_ID);
	expect_rd(MD_MAJOR_VERSION);
	expect_rd(MD_MINOR_VERSION);
	expect_rd(MD_BUILD_DATE);
	expect_rd(MD_BUILD_NUM);
	expect_rd(MD_NUM_CMRS);
	for (unsigned i = 0; i < hw.nr_cmrs; i++) {
		expect_rd(MD_CMR_BASE(i));
		expect_rd(MD_CMR_SIZE(i));
	}
	expect_rd(MD_MAX_TDMRS);
	expect_rd(MD_MAX_RESERVED_PER_TDMR);
	expect_rd(MD_PAMT_4K_ENTRY_SIZE);
	expect_rd(MD_PAMT_2M_ENTRY_SIZE);
	expect_rd(MD_PAMT_1G_ENTRY_SIZE);
	expect(EV_SEAMCALL, TDH_SYS_CONFIG, 0,
	       (struct tdx_module_args){ .rcx = tdmr_pa_array(), .rdx = plan.nr_tdmrs, .r8 = 16 });
	for (unsigned i = 0; i < nr_cpus; i++)
		if (percpu[i].state == CPU_ONLINE)
			expect(EV_WBINVD, 0, i, (struct tdx_module_args){ 0 });
	for (unsigned i = 0; i < nr_cpus; i++) {
		if (percpu[i].state != CPU_ONLINE || (pkgs_done & BIT(percpu[i].package)))
			continue;
		pkgs_done |= BIT(percpu[i].package);
		expect(EV_SEAMCALL, TDH_SYS_KEY_CONFIG, i, (struct tdx_module_args){ 0 });
	}
	for (unsigned t = 0; t < plan.nr_tdmrs; t++)
		for (uint64_t done = 0; done < plan.tdmr[t].size; done += HARNESS_TDMR_INIT_STEP)
			expect(EV_SEAMCALL, TDH_SYS_TDMR_INIT, 0,
			       (struct tdx_module_args){ .rcx = plan.tdmr[t].base });
}

/* The recorded events are exactly the expected ones: kind, leaf (version
 * 0), CPU and every input register. Reports the first difference. */
static void check_sequence(void)
{
	for (unsigned i = 0; i < nr_expected && i < harness_nr_events; i++) {
		const struct harness_event *e = &harness_events[i], *x = &expected[i];
		char m[400];

		if (e->kind == x->kind && e->cpu == x->cpu &&
		    (e->kind == EV_WBINVD || (e->rax == x->rax && same_args(&e->in, &x->in))))
			continue;
		snprintf(m, sizeof(m), "event %u is %s on cpu%u (rcx 0x%llx rdx 0x%llx r8 0x%llx), "
			 "expected %s on cpu%u (rcx 0x%llx rdx 0x%llx r8 0x%llx)", i,
			 event_name(e), e->cpu, (unsigned long long)e->in.rcx,
			 (unsigned long long)e->in.rdx, (unsigned long long)e->in.r8,
			 event_name(x), x->cpu, (unsigned long long)x->in.rcx,
			 (unsigned long long)x->in.rdx, (unsigned long long)x->in.r8);
		test_fail(__FILE__, __LINE__, m);
		return;
	}
	CHECK_EQ(harness_nr_events, nr_expected);
}

static void boot_hardware(unsigned cpus, const uint32_t *pkg, enum manifest_tdx_module module)
{
	struct harness_config c = {
		.nr_cpus = cpus, .package = pkg, .module = module,
		.hw_platform = true, .hw_module = true,
	};

	harness_boot(&c);
}

/* ---- (a) The order against a scripted hardware module ---- */

struct topology {
	unsigned cpus;
	const uint32_t *pkg;
	unsigned pkgs;
};

static void hardware_init_in_order(void *arg)
{
	const struct topology *t = arg;
	uint64_t free_before;
	const struct tdx_info *info = tdx_get_info();

	boot_hardware(t->cpus, t->pkg, MANIFEST_TDX_AUTO);
	free_before = page_alloc_free_pages();
	tdx_init(&harness_manifest);

	CHECK_EQ(info->state, TDX_READY);
	CHECK(!info->emulated);
	CHECK(shim_log_has("tdx: TDX module: vendor_id 0x8086, major_version 1, minor_version 5, "
			   "build_date 20250314, build_num 744\n"));
	CHECK(shim_log_has("tdx: TDX module initialized.\n"));
	CHECK(!shim_log_has("EMULATED"));
	CHECK_EQ(info->major, 1);
	CHECK_EQ(info->minor, 5);
	CHECK_EQ(info->build_date, HARNESS_BUILD_DATE);
	CHECK_EQ(info->build_num, HARNESS_BUILD_NUM);
	CHECK_EQ(info->keyid_start, 16);
	CHECK_EQ(info->nr_keyids, 48);
	CHECK_EQ(info->global_keyid, 16);
	CHECK_EQ(info->nr_tdmrs, plan.nr_tdmrs);
	CHECK(plan.nr_tdmrs >= 2);      /* the default map needs two */

	expect_successful_init();
	check_sequence();
	/* Every SEAMCALL but the raw probe went through the counted path. */
	CHECK_EQ(info->seamcalls, hw.nr_calls - 1);

	/* SYS.CONFIG: RCX a 512-aligned array of 512-aligned TDMR_INFO
	 * addresses, each TDMR_INFO the plan's. */
	const struct harness_event *config = NULL;
	for (unsigned i = 0; i < harness_nr_events; i++)
		if (harness_events[i].rax == TDH_SYS_CONFIG && harness_events[i].kind == EV_SEAMCALL)
			config = &harness_events[i];
	CHECK(config != NULL);
	if (config) {
		const uint64_t *pas = phys_to_virt(config->in.rcx);

		CHECK(IS_ALIGNED(config->in.rcx, 512));
		for (unsigned i = 0; i < plan.nr_tdmrs; i++) {
			struct tdmr_info want;

			CHECK(IS_ALIGNED(pas[i], 512));
			tdmr_plan_to_info(&plan, i, &want);
			CHECK(memcmp(phys_to_virt(pas[i]), &want, sizeof(want)) == 0);
		}
	}
	/* TDMR.INIT was repeated while RDX was short of the TDMR's end and
	 * stopped when it got there. */
	for (unsigned t = 0; t < hw.nr_tdmrs; t++)
		CHECK_EQ(hw.tdmr[t].done, hw.tdmr[t].size);
	for (unsigned i = 0; i < harness_nr_events; i++) {
		const struct harness_event *e = &harness_events[i], *next = e + 1;
		uint64_t end = e->in.rcx + GiB;         /* every TDMR of this map is 1 GiB */
		bool last;

		if (e->kind != EV_SEAMCALL || e->rax != TDH_SYS_TDMR_INIT)
			continue;
		last = i + 1 == harness_nr_events || next->rax != TDH_SYS_TDMR_INIT ||
		       next->in.rcx != e->in.rcx;
		if (last)
			CHECK_EQ(e->out.rdx, end);
		else
			CHECK(e->out.rdx < end);
	}
	/* KEY.CONFIG: once per package, on a CPU of that package. */
	uint64_t configured = 0;
	for (unsigned i = 0; i < harness_nr_events; i++) {
		const struct harness_event *e = &harness_events[i];
		uint32_t pkg = percpu[e->cpu].package;

		if (e->kind != EV_SEAMCALL || e->rax != TDH_SYS_KEY_CONFIG)
			continue;
		CHECK(!(configured & BIT(pkg)));
		configured |= BIT(pkg);
	}
	CHECK_EQ(__builtin_popcountll(configured), t->pkgs);
	/* The PAMTs, the TDMR_INFOs and the address array stay allocated. */
	CHECK_EQ(free_before - page_alloc_free_pages(),
		 info->pamt_pages + ALIGN_UP(plan.nr_tdmrs * 512, PAGE_SIZE) / PAGE_SIZE + 1);
	CHECK(shim_log_has("tdx: TDMR 0: [0x0, 0x40000000), "));
	CHECK(shim_log_has("tdx: TDMR 1: [0x80000000, 0xc0000000), "));
}

TEST(hardware_init_order_two_cpus_two_packages)
{
	struct topology t = { 2, NULL, 2 };

	CHECK(harness_in_child(hardware_init_in_order, &t));
}

TEST(hardware_init_order_one_cpu)
{
	struct topology t = { 1, NULL, 1 };

	CHECK(harness_in_child(hardware_init_in_order, &t));
}

TEST(hardware_init_order_key_config_on_the_first_cpu_of_each_package)
{
	struct topology a = { 4, pkgs_0011, 2 }, b = { 4, pkgs_0101, 2 }, c = { 4, pkgs_1100, 2 };

	CHECK(harness_in_child(hardware_init_in_order, &a));
	CHECK(harness_in_child(hardware_init_in_order, &b));
	CHECK(harness_in_child(hardware_init_in_order, &c));
}

static void offline_cpu_is_left_out(void *arg)
{
	(void)arg;
	boot_hardware(4, pkgs_0011, MANIFEST_TDX_HARDWARE);
	percpu[2].state = CPU_FAILED;   /* did not answer INIT-SIPI-SIPI */
	tdx_init(&harness_manifest);
	CHECK_EQ(tdx_get_info()->state, TDX_READY);
	expect_successful_init();       /* LP.INIT, WBINVD, KEY.CONFIG skip CPU 2 */
	check_sequence();
	for (unsigned i = 0; i < harness_nr_events; i++)
		CHECK(harness_events[i].cpu != 2);
}

TEST(hardware_init_skips_cpus_that_are_not_online)
{
	CHECK(harness_in_child(offline_cpu_is_left_out, NULL));
}

/* ---- (b) Failure and busy bursts at every step ---- */

struct injection {
	unsigned step;                  /* SEAMCALL number (0: the probe) */
	uint64_t status;
	unsigned count;                 /* consecutive calls answering status */
	bool expect_ready;              /* the burst is within the retry budget */
};

static struct range_set free_before, free_after;

/* The free pages now are exactly those of the snapshot. */
static void check_nothing_leaked(void)
{
	page_alloc_free_ranges(&free_after);
	CHECK_EQ(free_after.n, free_before.n);
	CHECK(memcmp(free_after.r, free_before.r, free_before.n * sizeof(free_before.r[0])) == 0);
}

static void inject_and_init(void *arg)
{
	const struct injection *in = arg;
	const struct tdx_info *info = tdx_get_info();
	const struct harness_event *calls[HARNESS_MAX_EVENTS];
	uint64_t pages = 0;
	unsigned n, after;

	boot_hardware(2, NULL, MANIFEST_TDX_HARDWARE);
	pages = page_alloc_free_pages();
	page_alloc_free_ranges(&free_before);
	harness_inject(in->step, in->status, in->count);
	tdx_init(&harness_manifest);
	n = harness_seamcalls(calls, HARNESS_MAX_EVENTS);
	harness_shared->calls = n;
	if (n <= in->step) {
		/* No such step: the init ended before it, untouched. */
		CHECK_EQ(info->state, TDX_READY);
		return;
	}
	snprintf(harness_shared->what, sizeof(harness_shared->what), "%s on cpu%u answering %s x%u",
		 event_name(calls[in->step]), calls[in->step]->cpu, tdx_status_name(in->status),
		 in->count);

	/* The injected calls are the same SEAMCALL, retried with its inputs. */
	for (unsigned i = 1; i < in->count && in->step + i < n; i++) {
		CHECK_EQ(calls[in->step + i]->rax, calls[in->step]->rax);
		CHECK_EQ(calls[in->step + i]->cpu, calls[in->step]->cpu);
		CHECK(same_args(&calls[in->step + i]->in, &calls[in->step]->in));
	}
	if (in->expect_ready) {
		CHECK_EQ(info->state, TDX_READY);
		CHECK(shim_log_has("tdx: TDX module initialized.\n"));
		CHECK(!shim_log_has("failed"));
		return;
	}
	CHECK(!shim_log_has("tdx: TDX module initialized."));
	CHECK_EQ(page_alloc_free_pages(), pages);
	check_nothing_leaked();
	if (in->step == 0) {
		/* The probe: no module, so nothing was initialized or shut down. */
		CHECK_EQ(info->state, TDX_UNAVAILABLE);
		CHECK_STR(info->why, in->status == TDX_SEAMCALL_VMFAILINVALID
			  ? "the TDX module is not loaded" : "SEAMCALL faults on this CPU");
		CHECK(!shim_log_has("Failed to initialize"));
		CHECK_EQ(n, 1);
		return;
	}
	CHECK_EQ(info->state, TDX_FAILED);
	CHECK_STR(info->why, "the TDX module failed to initialize");
	CHECK(shim_log_has("tdx: Failed to initialize TDX module. Shut it down.\n"));
	{
		char line[120];

		snprintf(line, sizeof(line), "tdx: %s failed: ", tdh_leaf_name(calls[in->step]->rax));
		CHECK(shim_log_has(line));
	}
	/* After the failing call (and its retries): LP.SHUTDOWN on every
	 * online CPU, on that CPU, and nothing else. */
	after = in->step + in->count;
	CHECK_EQ(n, after + nr_cpus);
	for (unsigned i = after; i < n; i++) {
		CHECK_EQ(calls[i]->rax, TDH_SYS_LP_SHUTDOWN);
		CHECK_EQ(calls[i]->cpu, i - after);
		CHECK(same_args(&calls[i]->in, &(struct tdx_module_args){ 0 }));
	}
}

/* Runs one injection in a child; reports which step failed. */
static unsigned run_injection(struct injection in)
{
	if (!harness_in_child(inject_and_init, &in)) {
		char m[256];

		snprintf(m, sizeof(m), "step %u: %s", in.step, harness_shared->what);
		test_fail(__FILE__, __LINE__, m);
	}
	return harness_shared->calls;
}

static unsigned reference_calls(void)
{
	return run_injection((struct injection){ .step = ~0u, .expect_ready = true });
}

TEST(a_failure_at_any_step_leaves_tdx_failed_with_nothing_leaked)
{
	const uint64_t errors[] = {
		TDX_OPERAND_INVALID | TDX_OPERAND_RCX, TDX_SEAMCALL_VMFAILINVALID,
		TDX_SEAMCALL_UD, TDX_SEAMCALL_GP,
	};
	unsigned total = reference_calls(), steps = 0;

	CHECK(total > 20);
	for (unsigned step = 0; step < total; step++)
		for (unsigned e = 0; e < ARRAY_SIZE(errors); e++) {
			if (step == 0 && errors[e] == (TDX_OPERAND_INVALID | TDX_OPERAND_RCX))
				continue;       /* a status at the probe means "a module is there" */
			run_injection((struct injection){ step, errors[e], 1, false });
			steps++;
		}
	CHECK(steps >= 4 * (total - 1));
}

TEST(busy_bursts_at_any_step_are_retried_within_the_limit)
{
	unsigned total = reference_calls();

	/* Step 0 is the raw probe: it has no retry policy. */
	for (unsigned step = 1; step < total; step++) {
		CHECK_EQ(run_injection((struct injection){ step, TDX_OPERAND_BUSY | TDX_OPERAND_RCX,
							    TDX_RETRY_LIMIT, true }),
			 total + TDX_RETRY_LIMIT);
		CHECK_EQ(run_injection((struct injection){ step, TDX_RND_NO_ENTROPY,
							    TDX_RETRY_LIMIT, true }),
			 total + TDX_RETRY_LIMIT);
		run_injection((struct injection){ step, TDX_RND_NO_ENTROPY, TDX_RETRY_LIMIT + 1, false });
		run_injection((struct injection){ step, TDX_SYS_BUSY, TDX_RETRY_LIMIT + 1, false });
	}
}

/* Failures that are not SEAMCALL statuses: no TDMR layout, no memory. */

static void init_fails_cleanly(void)
{
	tdx_init(&harness_manifest);
	CHECK_EQ(tdx_get_info()->state, TDX_FAILED);
	CHECK(shim_log_has("tdx: Failed to initialize TDX module. Shut it down.\n"));
	check_nothing_leaked();
	for (unsigned i = 0; i < harness_nr_events; i++)
		CHECK(harness_events[i].rax != TDH_SYS_CONFIG);
	CHECK_EQ(harness_events[harness_nr_events - 1].rax, TDH_SYS_LP_SHUTDOWN);
}

static void no_layout(void *arg)
{
	(void)arg;
	boot_hardware(2, NULL, MANIFEST_TDX_HARDWARE);
	hw.max_tdmrs = 1;               /* [0, 3 GiB) in one TDMR needs 3 areas */
	hw.max_rsvd = 1;
	page_alloc_free_ranges(&free_before);
	init_fails_cleanly();
	CHECK(shim_log_has("tdx: no TDMR layout for this machine: "));
}

TEST(no_tdmr_layout_within_the_module_limits_fails_cleanly)
{
	CHECK(harness_in_child(no_layout, NULL));
}

/* One TDMR: RAM [1 MiB, 64 MiB) only. */
static const struct mem_range low_ram[] = {
	{ 0, 640 * KiB, MEM_USABLE },
	{ 1 * MiB, 63 * MiB, MEM_USABLE },
};

/* PAMT bytes of one 1 GiB TDMR with 16-byte entries: 4K, 2M, 1G levels. */
#define PAMT_PAGES_1G ((4 * MiB + 8 * KiB + 4 * KiB) / PAGE_SIZE)

/* Takes every free page, then gives back spare + the PAMTs' worth of one
 * contiguous run, so the PAMTs fit and spare pages are left over. */
static void leave_free(uint64_t spare)
{
	paddr_t run = 0, pa;

	while ((pa = page_alloc()) != 0)
		if (!run && pa >= 16 * MiB)
			run = pa;
	page_free_contig(run, PAMT_PAGES_1G + spare);
}

static void out_of_memory(void *arg)
{
	const uint64_t *spare = arg;
	struct harness_config c = {
		.nr_cpus = 2, .module = MANIFEST_TDX_HARDWARE, .hw_platform = true,
		.hw_module = true, .ram = low_ram, .nr_ram = ARRAY_SIZE(low_ram),
	};

	harness_boot(&c);
	if (*spare == ~0ull) {
		while (page_alloc())   /* not even room for the PAMTs */
			;
	} else {
		leave_free(*spare);
	}
	page_alloc_free_ranges(&free_before);
	init_fails_cleanly();
	if (*spare == ~0ull) {
		CHECK(shim_log_has("tdx: no TDMR layout for this machine: "));
		CHECK_EQ(harness_claims, 0);
	} else {
		CHECK_EQ(harness_claims, TDX_PS_NR);    /* the PAMTs were taken, then given back */
		CHECK(shim_log_has("tdx: no memory for 1 TDMR_INFO\n"));
	}
}

TEST(running_out_of_memory_for_pamts_or_tdmr_infos_fails_cleanly)
{
	const uint64_t spare[] = { ~0ull, 0, 1 };       /* no PAMT room; no TDMR_INFO; no array */

	for (unsigned i = 0; i < ARRAY_SIZE(spare); i++)
		CHECK(harness_in_child(out_of_memory, (void *)&spare[i]));
}

static void claim_fails(void *arg)
{
	const unsigned *which = arg;

	boot_hardware(2, NULL, MANIFEST_TDX_HARDWARE);
	page_alloc_free_ranges(&free_before);
	harness_fail_claim = *which;
	init_fails_cleanly();
	CHECK(shim_log_has("tdx: PAMT range ["));
}

TEST(a_pamt_claim_failing_half_way_gives_back_the_claimed_ones)
{
	/* Two TDMRs, three PAMTs each: fail the first, a middle and the last claim. */
	const unsigned which[] = { 0, 1, 3, 5 };

	for (unsigned i = 0; i < ARRAY_SIZE(which); i++)
		CHECK(harness_in_child(claim_fails, (void *)&which[i]));
}

/* ---- (c) Against the software module ---- */

static void model_init(void *arg)
{
	const struct topology *t = arg;
	const struct tdx_info *info = tdx_get_info();
	struct harness_config c = { .nr_cpus = t->cpus, .package = t->pkg, .module = MANIFEST_TDX_AUTO };
	const struct seam_global *g;
	uint64_t free_before_init, next;

	harness_boot(&c);
	free_before_init = page_alloc_free_pages();
	tdx_init(&harness_manifest);
	g = seam_global();

	CHECK_EQ(info->state, TDX_READY);
	CHECK(info->emulated);
	CHECK(shim_log_has("seam: EMULATED TDX MODULE"));
	CHECK(shim_log_has("tdx: TDX module initialized.\n"));
	CHECK_EQ(hw.nr_calls, 0);                       /* the hardware backend was never used */
	CHECK_EQ(g->state, SYS_READY);
	CHECK_EQ(g->params.nr_pkgs, t->pkgs);
	CHECK_EQ(g->nr_init_pkgs, t->pkgs);
	CHECK_EQ(__builtin_popcountll(g->pkg_config_bitmap), t->pkgs);
	CHECK_EQ(g->nr_init_lps, t->cpus);
	for (unsigned i = 0; i < t->cpus; i++)
		CHECK(g->lp_init[i]);
	CHECK_EQ(g->hkid, 16);
	CHECK_EQ(g->nr_tdmrs, info->nr_tdmrs);
	CHECK(g->nr_tdmrs >= 2);
	for (unsigned i = 0; i < g->nr_tdmrs; i++) {
		CHECK(g->tdmrs[i].last_initialized >= g->tdmrs[i].base + g->tdmrs[i].size);
		CHECK_EQ(tdh_sys_tdmr_init(g->tdmrs[i].base, &next), TDX_TDMR_ALREADY_INITIALIZED);
	}
	CHECK_EQ(free_before_init - page_alloc_free_pages(),
		 info->pamt_pages + ALIGN_UP(info->nr_tdmrs * 512, PAGE_SIZE) / PAGE_SIZE + 1);
}

TEST(model_init_one_package)
{
	struct topology t = { 1, NULL, 1 };

	CHECK(harness_in_child(model_init, &t));
}

TEST(model_init_two_packages)
{
	struct topology t = { 2, NULL, 2 };

	CHECK(harness_in_child(model_init, &t));
}

TEST(model_init_four_packages)
{
	struct topology t = { 4, NULL, 4 };

	CHECK(harness_in_child(model_init, &t));
}

TEST(model_init_four_cpus_in_two_packages)
{
	struct topology a = { 4, pkgs_0011, 2 }, b = { 4, pkgs_0101, 2 }, c = { 4, pkgs_1100, 2 };

	CHECK(harness_in_child(model_init, &a));
	CHECK(harness_in_child(model_init, &b));
	CHECK(harness_in_child(model_init, &c));
}

static void model_cpu_outside_vmx_root(void *arg)
{
	struct harness_config c = { .nr_cpus = 2, .module = MANIFEST_TDX_EMULATED };

	(void)arg;
	harness_boot(&c);
	harness_not_in_root[1] = true;  /* SEAMCALL raises #UD there */
	page_alloc_free_ranges(&free_before);
	tdx_init(&harness_manifest);
	CHECK_EQ(tdx_get_info()->state, TDX_FAILED);
	CHECK(shim_log_has("tdx: TDH.SYS.LP.INIT failed: SEAMCALL #UD"));
	CHECK(shim_log_has("tdx: Failed to initialize TDX module. Shut it down.\n"));
	CHECK(seam_global()->lp_shutdown[0]);
	CHECK_EQ(seam_global()->state, SYSINIT_DONE);
	check_nothing_leaked();
}

TEST(model_init_with_a_cpu_outside_vmx_root_fails_cleanly)
{
	CHECK(harness_in_child(model_cpu_outside_vmx_root, NULL));
}

/* The model's own fault injection (manifest tdx.inject) through the whole
 * host path: a burst within the budget succeeds, a longer one fails. */
struct model_fault {
	struct manifest_fault f;
	bool expect_ready;
};

static void model_with_fault(void *arg)
{
	const struct model_fault *mf = arg;
	struct harness_config c = { .nr_cpus = 4, .package = pkgs_0011, .module = MANIFEST_TDX_EMULATED };

	harness_boot(&c);
	harness_manifest.tdx.faults[0] = mf->f;
	harness_manifest.tdx.nr_faults = 1;
	page_alloc_free_ranges(&free_before);
	tdx_init(&harness_manifest);
	if (mf->expect_ready) {
		CHECK_EQ(tdx_get_info()->state, TDX_READY);
		CHECK_EQ(seam_global()->state, SYS_READY);
		return;
	}
	CHECK_EQ(tdx_get_info()->state, TDX_FAILED);
	CHECK(shim_log_has("(still busy after retries)"));
	CHECK(shim_log_has("tdx: Failed to initialize TDX module. Shut it down.\n"));
	check_nothing_leaked();
}

TEST(model_injected_bursts_are_retried_within_bounds)
{
	const struct model_fault cases[] = {
		{ { TDH_SYS_KEY_CONFIG, MANIFEST_FAULT_RND_NO_ENTROPY, 1, TDX_RETRY_LIMIT }, true },
		{ { TDH_SYS_KEY_CONFIG, MANIFEST_FAULT_RND_NO_ENTROPY, 1, TDX_RETRY_LIMIT + 1 }, false },
		{ { TDH_SYS_TDMR_INIT, MANIFEST_FAULT_OPERAND_BUSY, 100, TDX_RETRY_LIMIT }, true },
		{ { TDH_SYS_TDMR_INIT, MANIFEST_FAULT_OPERAND_BUSY, 100, TDX_RETRY_LIMIT + 1 }, false },
		{ { TDH_SYS_LP_INIT, MANIFEST_FAULT_SYS_BUSY, 3, TDX_RETRY_LIMIT + 1 }, false },
		{ { TDH_SYS_CONFIG, MANIFEST_FAULT_SYS_BUSY, 0, TDX_RETRY_LIMIT }, true },
		{ { TDH_SYS_TDMR_INIT, MANIFEST_FAULT_INTERRUPTED_RESUMABLE, 5, 3 * TDX_RETRY_LIMIT }, true },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK(harness_in_child(model_with_fault, (void *)&cases[i]));
}

/* ---- (d) Detection and module selection ---- */

struct detection {
	struct harness_config c;
	struct harness_msrs msrs;       /* used when c.hw_platform */
	bool no_vmx;
	enum tdx_state state;
	const char *why;
	bool emulated;
	unsigned hw_calls;              /* SEAMCALLs the hardware module saw */
	const char *log;                /* a line the log must have */
};

static void detect_case(void *arg)
{
	const struct detection *d = arg;
	const struct tdx_info *info = tdx_get_info();

	harness_boot(&d->c);
	if (d->c.hw_platform)
		harness_msr = d->msrs;
	vmx_usable = !d->no_vmx;
	tdx_init(&harness_manifest);
	CHECK_EQ(info->state, d->state);
	if (d->why) {
		char line[200];

		CHECK_STR(info->why, d->why);
		snprintf(line, sizeof(line), "tdx: TDX unavailable: %s; TDs will be refused.\n", d->why);
		CHECK(shim_log_has(line));
	}
	if (d->state == TDX_READY)
		CHECK_EQ(info->emulated, d->emulated);
	CHECK_EQ(hw.nr_calls, d->hw_calls);
	CHECK_EQ(shim_log_has("seam: EMULATED TDX MODULE") != 0, d->emulated);
	if (!d->emulated)
		CHECK(backend != seam_seamcall);
	if (d->c.module == MANIFEST_TDX_HARDWARE)
		CHECK_EQ(harness_nr_reserved, 0);       /* the model never got memory */
	if (d->log)
		CHECK(shim_log_has(d->log));
	CHECK(!shim_log_has("Failed to initialize"));
}

static bool detect(struct detection d)
{
	return harness_in_child(detect_case, &d);
}

#define PLATFORM(...) ((struct harness_msrs){ __VA_ARGS__ })

TEST(no_vmx_means_no_seamcall)
{
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_AUTO }, .no_vmx = true,
		.state = TDX_UNAVAILABLE,
		.why = "SEAMCALL needs VMX root operation, and VMX is not usable here" }));
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_HARDWARE, .hw_platform = true,
		       .hw_module = true },
		.msrs = harness_tdx_platform, .no_vmx = true, .state = TDX_UNAVAILABLE,
		.why = "SEAMCALL needs VMX root operation, and VMX is not usable here" }));
}

TEST(platform_msrs_that_rule_out_tdx_name_the_reason)
{
	const struct { struct harness_msrs msrs; const char *why; } cases[] = {
		{ PLATFORM(false, true, true, true, 15, 48),
		  "the CPU has no SEAM range register (MTRRCAP bit 15 clear)" },
		{ PLATFORM(true, false, true, true, 15, 48),
		  "the BIOS did not configure and lock the SEAM range (SEAMRR)" },
		{ PLATFORM(true, true, false, true, 15, 48),
		  "the BIOS did not configure and lock the SEAM range (SEAMRR)" },
		{ PLATFORM(true, true, true, false, 15, 48),
		  "IA32_MKTME_KEYID_PARTITIONING cannot be read" },
		{ PLATFORM(true, true, true, true, 15, 1),
		  "the BIOS assigned fewer than 2 TDX private KeyIDs" },
		{ PLATFORM(true, true, true, true, 63, 0),
		  "the BIOS assigned fewer than 2 TDX private KeyIDs" },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK(detect((struct detection){
			.c = { .nr_cpus = 2, .module = MANIFEST_TDX_HARDWARE, .hw_platform = true,
			       .hw_module = true },
			.msrs = cases[i].msrs, .state = TDX_UNAVAILABLE, .why = cases[i].why }));
}

TEST(hardware_only_without_a_module_is_unavailable_without_the_model)
{
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_HARDWARE, .hw_platform = true },
		.msrs = harness_tdx_platform, .state = TDX_UNAVAILABLE,
		.why = "the TDX module is not loaded", .hw_calls = 1,
		.log = "tdx: TDX module is not loaded.\n" }));
}

TEST(auto_without_a_module_falls_back_to_the_model)
{
	/* SEAMRR there but the module not loaded, then a CPU without SEAM. */
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_AUTO, .hw_platform = true },
		.msrs = harness_tdx_platform, .state = TDX_READY, .emulated = true, .hw_calls = 1,
		.log = "tdx: no hardware TDX module (the TDX module is not loaded): using the software module\n" }));
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_AUTO },
		.state = TDX_READY, .emulated = true,
		.log = "tdx: no hardware TDX module (the CPU has no SEAM range register "
		       "(MTRRCAP bit 15 clear)): using the software module\n" }));
}

TEST(emulated_uses_the_model_even_when_a_module_answers)
{
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_EMULATED, .hw_platform = true,
		       .hw_module = true },
		.msrs = harness_tdx_platform, .state = TDX_READY, .emulated = true, .hw_calls = 0,
		.log = "tdx: no hardware TDX module (the manifest asks for the emulated module): "
		       "using the software module\n" }));
}

TEST(the_model_without_memory_or_keyids_is_unavailable)
{
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_EMULATED, .reserve_fails = true },
		.state = TDX_UNAVAILABLE, .why = "the software TDX module could not reserve its memory",
		.log = "tdx: no memory for the software TDX module's SEAM range\n" }));
	CHECK(detect((struct detection){
		.c = { .nr_cpus = 2, .module = MANIFEST_TDX_EMULATED, .model_tdx_keyids = 1 },
		.state = TDX_UNAVAILABLE, .why = "the BIOS assigned fewer than 2 TDX private KeyIDs",
		.emulated = true }));
}
