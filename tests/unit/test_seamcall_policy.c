/* The SEAMCALL call policy (tdx_call) and the module-lifecycle wrappers,
 * against a scripted backend installed with seamcall_set_backend(): which
 * statuses are retried, with which inputs, how often, what is logged. */
#include "shim.h"
#include "../../hv/tdx/tdx_status.c"
#include "../../hv/tdx/seamcall.c"
#include "../../hv/tdx/tdh_sys.c"
#include "test.h"

/* The default backend; every test installs the scripted one instead. */
uint64_t seamcall_hw(uint64_t rax, struct tdx_module_args *args)
{
	(void)rax;
	(void)args;
	test_fail(__FILE__, __LINE__, "the hardware backend was called");
	return TDX_SEAMCALL_VMFAILINVALID;
}

#define MAX_CALLS 256

/* The scripted module: call i answers status[i] (TDX_SUCCESS past the
 * script) and records what it was given. Every call overwrites all
 * outputs, as the module does, so a retry that reused them would show. */
static struct {
	uint64_t status[MAX_CALLS];
	unsigned n;
	unsigned calls;
	uint64_t rax[MAX_CALLS];
	struct tdx_module_args in[MAX_CALLS];
	struct tdx_module_args out[MAX_CALLS];
} script;

static uint64_t scripted(uint64_t rax, struct tdx_module_args *a)
{
	unsigned i = script.calls++;
	uint64_t status = i < script.n ? script.status[i] : TDX_SUCCESS;
	uint64_t *reg = (uint64_t *)a;

	if (i >= MAX_CALLS) {
		test_fail(__FILE__, __LINE__, "too many SEAMCALLs");
		return TDX_OPERAND_INVALID;
	}
	script.rax[i] = rax;
	script.in[i] = *a;
	for (unsigned r = 0; r < sizeof(*a) / sizeof(uint64_t); r++)
		reg[r] = 0xd00d000000000000ull | ((uint64_t)i << 8) | r;
	script.out[i] = *a;
	return status;
}

static void script_reset(void)
{
	memset(&script, 0, sizeof(script));
	seamcall_set_backend(scripted);
	shim_log_clear();
}

/* The first n calls answer status, the rest succeed. */
static void script_burst(uint64_t status, unsigned n)
{
	script_reset();
	for (unsigned i = 0; i < n && i < MAX_CALLS; i++)
		script.status[i] = status;
	script.n = n;
}

/* Inputs with every register set, so a register the retry lost shows. */
static struct tdx_module_args some_inputs(void)
{
	return (struct tdx_module_args){
		.rcx = 0x1111, .rdx = 0x2222, .r8 = 0x8888, .r9 = 0x9999, .r10 = 0x1010,
		.r11 = 0x1111a, .r12 = 0x1212, .r13 = 0x1313, .r14 = 0x1414, .r15 = 0x1515,
		.rbx = 0xbbbb, .rdi = 0xd1d1, .rsi = 0x5151,
	};
}

static bool same_args(const struct tdx_module_args *a, const struct tdx_module_args *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static const uint64_t transient_statuses[] = {
	TDX_OPERAND_BUSY | TDX_OPERAND_RCX,     /* busy on the page in RCX */
	TDX_RND_NO_ENTROPY,
	TDX_SYS_BUSY,
};

TEST(busy_bursts_up_to_the_limit_are_retried_with_the_original_inputs)
{
	const unsigned bursts[] = { 1, 2, TDX_RETRY_LIMIT / 2, TDX_RETRY_LIMIT };

	for (unsigned s = 0; s < ARRAY_SIZE(transient_statuses); s++)
		for (unsigned b = 0; b < ARRAY_SIZE(bursts); b++) {
			struct tdx_module_args orig = some_inputs(), a = orig;

			script_burst(transient_statuses[s], bursts[b]);
			CHECK_EQ(tdx_call(TDH_MEM_PAGE_AUG, &a, 0), TDX_SUCCESS);
			CHECK_EQ(script.calls, bursts[b] + 1);
			for (unsigned i = 0; i < script.calls; i++) {
				CHECK_EQ(script.rax[i], TDH_MEM_PAGE_AUG);
				CHECK(same_args(&script.in[i], &orig));
			}
			/* The caller sees the outputs of the call that succeeded. */
			CHECK(same_args(&a, &script.out[bursts[b]]));
			CHECK(!shim_log_has("failed"));
		}
}

TEST(a_burst_longer_than_the_limit_fails_with_the_busy_status)
{
	for (unsigned s = 0; s < ARRAY_SIZE(transient_statuses); s++) {
		struct tdx_module_args orig = some_inputs(), a = orig;

		script_burst(transient_statuses[s], TDX_RETRY_LIMIT + 1);
		CHECK_EQ(tdx_call(TDH_MEM_PAGE_AUG, &a, 0), transient_statuses[s]);
		CHECK_EQ(script.calls, TDX_RETRY_LIMIT + 1);   /* no call after the budget */
		for (unsigned i = 0; i < script.calls; i++)
			CHECK(same_args(&script.in[i], &orig));
		CHECK(shim_log_has("(still busy after retries)"));
	}
	script_burst(TDX_OPERAND_BUSY | TDX_OPERAND_RCX, MAX_CALLS);    /* busy for ever */
	{
		struct tdx_module_args a = some_inputs();

		CHECK_EQ(tdx_call(TDH_MEM_PAGE_AUG, &a, 0), TDX_OPERAND_BUSY | TDX_OPERAND_RCX);
		CHECK_EQ(script.calls, TDX_RETRY_LIMIT + 1);
		CHECK(shim_log_has("tdx: TDH.MEM.PAGE.AUG failed: TDX_OPERAND_BUSY (operand 0x1 RCX)"
				   " (still busy after retries)\n"));
	}
}

TEST(the_retry_budget_is_shared_by_all_transient_statuses)
{
	struct tdx_module_args a = some_inputs();

	/* 17 transient answers in a row, of three kinds: one budget. */
	script_reset();
	for (unsigned i = 0; i <= TDX_RETRY_LIMIT; i++)
		script.status[i] = transient_statuses[i % ARRAY_SIZE(transient_statuses)];
	script.n = TDX_RETRY_LIMIT + 1;
	CHECK(TDX_STATUS_IS_ERROR(tdx_call(TDH_SYS_KEY_CONFIG, &a, 0)));
	CHECK_EQ(script.calls, TDX_RETRY_LIMIT + 1);
	CHECK(shim_log_has("tdx: TDH.SYS.KEY.CONFIG failed: "));
}

TEST(interrupted_resumable_is_continued_with_the_modules_outputs)
{
	struct tdx_module_args orig = some_inputs(), a = orig;
	const unsigned interrupts = 3 * TDX_RETRY_LIMIT;        /* not a retry: no budget */

	script_burst(TDX_INTERRUPTED_RESUMABLE, interrupts);
	CHECK_EQ(tdx_call(TDH_PHYMEM_CACHE_WB, &a, 0), TDX_SUCCESS);
	CHECK_EQ(script.calls, interrupts + 1);
	CHECK(same_args(&script.in[0], &orig));
	for (unsigned i = 1; i < script.calls; i++) {
		CHECK_EQ(script.rax[i], TDH_PHYMEM_CACHE_WB);
		CHECK(same_args(&script.in[i], &script.out[i - 1]));    /* where it stopped */
	}
	CHECK(!shim_log_has("failed"));
}

TEST(other_errors_are_not_retried_and_are_logged_by_name)
{
	script_burst(TDX_OPERAND_INVALID | TDX_OPERAND_R8, 1);
	CHECK_EQ(tdh_sys_config(0x100000, 2, 15), TDX_OPERAND_INVALID | TDX_OPERAND_R8);
	CHECK_EQ(script.calls, 1);
	CHECK(shim_log_has("tdx: TDH.SYS.CONFIG failed: TDX_OPERAND_INVALID (operand 0x8 R8)\n"));
	CHECK(!shim_log_has("still busy"));

	script_burst(TDX_SEAMCALL_VMFAILINVALID, 1);
	CHECK_EQ(tdh_sys_init(), TDX_SEAMCALL_VMFAILINVALID);
	CHECK_EQ(script.calls, 1);
	CHECK(shim_log_has("tdx: TDH.SYS.INIT failed: SEAMCALL VMfailInvalid (no TDX module)\n"));

	script_burst(TDX_SEAMCALL_UD, 1);
	CHECK_EQ(tdh_sys_lp_init(), TDX_SEAMCALL_UD);
	CHECK_EQ(script.calls, 1);
	CHECK(shim_log_has("tdx: TDH.SYS.LP.INIT failed: SEAMCALL #UD"));

	/* INTERRUPTED_RESTARTABLE is not INTERRUPTED_RESUMABLE: reported. */
	script_burst(TDX_INTERRUPTED_RESTARTABLE, 1);
	CHECK_EQ(tdh_sys_key_config(), TDX_INTERRUPTED_RESTARTABLE);
	CHECK_EQ(script.calls, 1);
}

TEST(statuses_that_are_not_errors_are_returned_silently)
{
	uint64_t next;

	script_burst(TDX_TDMR_ALREADY_INITIALIZED, 1);
	CHECK_EQ(tdh_sys_tdmr_init(GiB, &next), TDX_TDMR_ALREADY_INITIALIZED);
	CHECK_EQ(script.calls, 1);
	CHECK_EQ(shim_log[0], '\0');
}

TEST(quiet_calls_leave_the_report_to_the_caller)
{
	struct tdx_module_args a = some_inputs();

	script_burst(TDX_OPERAND_INVALID | TDX_OPERAND_RCX, 1);
	CHECK_EQ(tdx_call(TDH_SYS_CONFIG, &a, TDX_CALL_QUIET), TDX_OPERAND_INVALID | TDX_OPERAND_RCX);
	CHECK(!shim_log_has("failed"));

	/* Quiet does not change the retry rules. */
	a = some_inputs();
	script_burst(TDX_RND_NO_ENTROPY, TDX_RETRY_LIMIT + 1);
	CHECK_EQ(tdx_call(TDH_SYS_KEY_CONFIG, &a, TDX_CALL_QUIET), TDX_RND_NO_ENTROPY);
	CHECK_EQ(script.calls, TDX_RETRY_LIMIT + 1);
	CHECK(!shim_log_has("failed"));
}

TEST(every_seamcall_is_counted_per_leaf_retries_included)
{
	uint64_t config = seamcall_count(TDH_SYS_CONFIG), aug = seamcall_count(TDH_MEM_PAGE_AUG);
	uint64_t total = seamcall_count_total();
	struct tdx_module_args a = some_inputs();

	script_burst(TDX_OPERAND_BUSY, 3);
	tdx_call(TDH_SYS_CONFIG, &a, 0);                        /* 4 SEAMCALLs */
	a = some_inputs();
	tdx_call(TDH_MEM_PAGE_AUG | TDH_LEAF_VERSION(1), &a, 0); /* counts under its leaf */
	CHECK_EQ(seamcall_count(TDH_SYS_CONFIG), config + 4);
	CHECK_EQ(seamcall_count(TDH_MEM_PAGE_AUG), aug + 1);
	CHECK_EQ(seamcall_count_total(), total + 5);
	CHECK_STR(tdh_leaf_name(TDH_MEM_PAGE_AUG | TDH_LEAF_VERSION(1)), "TDH.MEM.PAGE.AUG");
	CHECK_STR(tdh_leaf_name(46), "TDH.(unknown leaf)");
}

/* Each lifecycle wrapper: its leaf, its registers, nothing else set. */
TEST(lifecycle_wrappers_use_the_documented_registers)
{
	struct tdx_module_args none = { 0 };
	uint64_t value = 0, next = 0;

	script_reset();
	CHECK_EQ(tdh_sys_init(), TDX_SUCCESS);
	CHECK_EQ(tdh_sys_lp_init(), TDX_SUCCESS);
	CHECK_EQ(tdh_sys_rd(0x9100000100000008ull, &value), TDX_SUCCESS);
	CHECK_EQ(tdh_sys_config(0x7fe00, 3, 16), TDX_SUCCESS);
	CHECK_EQ(tdh_sys_key_config(), TDX_SUCCESS);
	CHECK_EQ(tdh_sys_tdmr_init(2 * GiB, &next), TDX_SUCCESS);
	CHECK_EQ(tdh_sys_lp_shutdown(), TDX_SUCCESS);
	CHECK_EQ(script.calls, 7);

	CHECK_EQ(script.rax[0], TDH_SYS_INIT);
	CHECK(same_args(&script.in[0], &none));                 /* RCX = attributes 0 */
	CHECK_EQ(script.rax[1], TDH_SYS_LP_INIT);
	CHECK(same_args(&script.in[1], &none));
	CHECK_EQ(script.rax[2], TDH_SYS_RD);
	CHECK(same_args(&script.in[2], &(struct tdx_module_args){ .rdx = 0x9100000100000008ull }));
	CHECK_EQ(value, script.out[2].r8);                      /* the value is in R8 */
	CHECK_EQ(script.rax[3], TDH_SYS_CONFIG);
	CHECK(same_args(&script.in[3], &(struct tdx_module_args){ .rcx = 0x7fe00, .rdx = 3, .r8 = 16 }));
	CHECK_EQ(script.rax[4], TDH_SYS_KEY_CONFIG);
	CHECK(same_args(&script.in[4], &none));
	CHECK_EQ(script.rax[5], TDH_SYS_TDMR_INIT);
	CHECK(same_args(&script.in[5], &(struct tdx_module_args){ .rcx = 2 * GiB }));
	CHECK_EQ(next, script.out[5].rdx);                      /* progress is in RDX */
	CHECK_EQ(script.rax[6], TDH_SYS_LP_SHUTDOWN);
	CHECK(same_args(&script.in[6], &none));
}
