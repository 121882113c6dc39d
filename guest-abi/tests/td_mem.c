/* td-mem: private memory the host adds lazily, and conversions between
 * private and shared (README.md, "td-mem"). Its manifest entry must give
 * it TD_MEM_RAM of "memory" (manifests/tests/td-two.json); the host
 * adds none of it up front unless "initial_memory" says so, in which case
 * those pages are found already accepted. */
#include "guest-abi/tests/td_rt.h"

#define TD_MEM_RAM      (16ull << 20)
#define LAST_2M         (TD_MEM_RAM - SZ_2M)
#define CONVERT_GPA     0x800000ull     /* 64 KiB in the middle of the RAM */
#define CONVERT_SIZE    0x10000ull
#define PRIVATE_GPA     0x100000ull     /* accepted private RAM, for refusals */
#define GPA_BEYOND_GPAW (1ull << 52)

static struct td_accept_stats accepted;

static uint64_t pattern(uint64_t gpa, uint64_t round)
{
	return (gpa + round) * 0x9e3779b97f4a7c15ull;
}

/* GPA 0 is RAM like any other: accessed through asm, not C pointers. */
static void fill(uint64_t start, uint64_t end, uint64_t round)
{
	for (uint64_t gpa = start; gpa < end; gpa += 8)
		write64(gpa, pattern(gpa, round));
}

static void expect_pattern(uint64_t start, uint64_t end, uint64_t round)
{
	for (uint64_t gpa = start; gpa < end; gpa += 8) {
		uint64_t v = read64(gpa);

		CHECK(v == pattern(gpa, round), "GPA 0x%lx holds 0x%lx, wrote 0x%lx", gpa, v,
		      pattern(gpa, round));
	}
}

static void expect_zero(uint64_t start, uint64_t end)
{
	for (uint64_t gpa = start; gpa < end; gpa += 8) {
		uint64_t v = read64(gpa);

		CHECK(v == 0, "freshly accepted GPA 0x%lx holds 0x%lx", gpa, v);
	}
}

/* [4 KiB, 2 MiB) in 4 KiB pages, then 2 MiB pages, then page 0 alone. */
static void case_accept(void)
{
	uint64_t failed = 0, status;
	uint64_t pages;

	status = td_accept_range(SZ_4K, TD_MEM_RAM, &accepted, &failed);
	CHECK(status == TDX_SUCCESS, "accepting [0x1000, 0x%llx): GPA 0x%lx status 0x%lx",
	      TD_MEM_RAM, failed, status);
	status = td_accept_range(0, SZ_4K, &accepted, &failed);
	CHECK(status == TDX_SUCCESS, "accepting page 0: status 0x%lx", status);
	pages = accepted.pages_2m * (SZ_2M / SZ_4K) + accepted.pages_4k + accepted.already_accepted;
	td_say("accepted %llu MiB of RAM: %lu 2M pages, %lu 4K pages, %lu 4K pages already"
	       " accepted", TD_MEM_RAM >> 20, accepted.pages_2m, accepted.pages_4k,
	       accepted.already_accepted);
	CHECK(pages == TD_MEM_RAM / SZ_4K, "%lu pages accepted of %llu", pages,
	      TD_MEM_RAM / SZ_4K);
	CHECK(accepted.pages_2m > 0 || accepted.already_accepted > 0,
	      "no 2 MiB page accepted: each 2 MiB accept fell back to 4 KiB pages");
	expect_zero(0, TD_MEM_RAM);
	td_say("all of it reads zero");
}

static void case_patterns(void)
{
	fill(0, TD_MEM_RAM, 1);
	expect_pattern(0, TD_MEM_RAM, 1);
	fill(0, TD_MEM_RAM, 2);
	expect_pattern(0, TD_MEM_RAM, 2);
	td_say("two patterns written and read back across [0, 0x%llx)", TD_MEM_RAM);
}

/* Accepting again: a warning, not an error, naming the level of the leaf
 * found; 2 MiB over 4 KiB leaves: a size mismatch. Bad operands are the
 * module's to refuse, without a TD exit. */
static void case_accept_again(void)
{
	uint64_t status = tdg_mem_page_accept(SZ_4K, TD_LEVEL_4K);

	CHECK(status == (TDX_PAGE_ALREADY_ACCEPTED | TD_LEVEL_4K),
	      "4K accept of accepted page 0x1000: 0x%lx", status);
	status = tdg_mem_page_accept(0, TD_LEVEL_2M);
	CHECK(TDX_STATUS_CLASS(status) == TDX_PAGE_SIZE_MISMATCH,
	      "2M accept over the 4K pages of [0, 2M): 0x%lx", status);
	/* The last 2 MiB went in as one page if any did: accepts go upward
	 * and "initial_memory" starts at GPA 0. */
	if (accepted.pages_2m > 0) {
		status = tdg_mem_page_accept(LAST_2M, TD_LEVEL_2M);
		CHECK(status == (TDX_PAGE_ALREADY_ACCEPTED | TD_LEVEL_2M),
		      "2M accept of accepted 2M page 0x%llx: 0x%lx", LAST_2M, status);
		status = tdg_mem_page_accept(LAST_2M + SZ_4K, TD_LEVEL_4K);
		CHECK(status == (TDX_PAGE_ALREADY_ACCEPTED | TD_LEVEL_2M),
		      "4K accept inside accepted 2M page 0x%llx: 0x%lx", LAST_2M, status);
	}
	td_say("accepting accepted pages: PAGE_ALREADY_ACCEPTED, PAGE_SIZE_MISMATCH for 2M"
	       " over 4K");

	static const struct { const char *what; uint64_t gpa; unsigned level; } bad[] = {
		{ "2M accept of a GPA not 2M-aligned", SZ_4K, TD_LEVEL_2M },
		{ "1G accept", 0, 2 },
		{ "accept beyond GPAW", GPA_BEYOND_GPAW, TD_LEVEL_4K },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		status = tdg_mem_page_accept(bad[i].gpa, bad[i].level);
		CHECK(status == (TDX_OPERAND_INVALID | TDX_OPERAND_RCX), "%s: 0x%lx",
		      bad[i].what, status);
	}
	status = tdg_mem_page_accept(td_shared_bit | PRIVATE_GPA, TD_LEVEL_4K);
	CHECK(status == (TDX_OPERAND_INVALID | TDX_OPERAND_RCX), "accept of a shared GPA: 0x%lx",
	      status);
	td_say("misaligned, 1G, shared and beyond-GPAW accepts: OPERAND_INVALID");
}

/* Private -> shared, then tdvisor's PV console reads text the TD wrote
 * there. The host cannot read private memory: a private GPA is refused. */
static void case_to_shared(void)
{
	static const char msg[] = "td-mem: hello through a shared buffer\n";
	uint64_t shared = td_shared_bit | CONVERT_GPA, status;
	unsigned calls;

	status = td_map_gpa(shared, CONVERT_SIZE, &calls);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "MapGPA [0x%lx, +0x%llx) to shared: 0x%lx",
	      shared, CONVERT_SIZE, status);
	td_say("MapGPA [0x%lx, +0x%llx) to shared: done in %u calls", shared, CONVERT_SIZE,
	       calls);

	status = td_pv_call(TDVISOR_PV_CONSOLE_WRITE, PRIVATE_GPA, 8, 0);
	CHECK(status == TDG_VP_VMCALL_INVALID_OPERAND, "PV CONSOLE_WRITE of private GPA 0x%llx: 0x%lx",
	      PRIVATE_GPA, status);
	if (!td_shared_window()) {
		td_say("shared memory is not addressable on this CPU (MAXPHYADDR %u < GPAW %lu):"
		       " shared buffer checks skipped", cpuid(0x80000008, 0).eax & 0xff, td_gpaw);
		return;
	}
	volatile uint8_t *buf = td_shared_va(CONVERT_GPA);

	for (uint64_t i = 0; i < CONVERT_SIZE; i++)
		buf[i] = (uint8_t)(i * 7);
	for (uint64_t i = 0; i < CONVERT_SIZE; i++)
		CHECK(buf[i] == (uint8_t)(i * 7), "shared byte 0x%lx reads 0x%x", i, buf[i]);
	for (unsigned i = 0; i < sizeof(msg) - 1; i++)
		buf[i] = (uint8_t)msg[i];
	status = td_pv_call(TDVISOR_PV_CONSOLE_WRITE, shared, sizeof(msg) - 1, 0);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "PV CONSOLE_WRITE of shared GPA 0x%lx: 0x%lx", shared,
	      status);
}

/* Shared -> private: the pages come back unaccepted and, once accepted,
 * zeroed: nothing written before the conversion survives. */
static void case_to_private(void)
{
	struct td_accept_stats again = { 0 };
	uint64_t failed = 0, status;
	unsigned calls;

	status = td_map_gpa(CONVERT_GPA, CONVERT_SIZE, &calls);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "MapGPA [0x%llx, +0x%llx) to private: 0x%lx",
	      CONVERT_GPA, CONVERT_SIZE, status);
	status = td_accept_range(CONVERT_GPA, CONVERT_GPA + CONVERT_SIZE, &again, &failed);
	CHECK(status == TDX_SUCCESS, "accepting converted GPA 0x%lx: 0x%lx", failed, status);
	CHECK(again.pages_4k == CONVERT_SIZE / SZ_4K && !again.already_accepted,
	      "converted range: %lu 4K pages accepted, %lu already accepted", again.pages_4k,
	      again.already_accepted);
	expect_zero(CONVERT_GPA, CONVERT_GPA + CONVERT_SIZE);
	fill(CONVERT_GPA, CONVERT_GPA + CONVERT_SIZE, 3);
	expect_pattern(0, CONVERT_GPA, 2);
	expect_pattern(CONVERT_GPA, CONVERT_GPA + CONVERT_SIZE, 3);
	expect_pattern(CONVERT_GPA + CONVERT_SIZE, TD_MEM_RAM, 2);
	td_say("MapGPA back to private in %u calls: accepted again, zero, usable; the rest of"
	       " the RAM kept its pattern", calls);
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "accept", case_accept },
		{ "patterns", case_patterns },
		{ "accept-again", case_accept_again },
		{ "map-gpa-to-shared", case_to_shared },
		{ "map-gpa-to-private", case_to_private },
	};

	return td_run_cases("td-mem", cases, sizeof(cases) / sizeof(cases[0]));
}
