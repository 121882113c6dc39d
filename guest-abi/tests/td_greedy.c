/* td-greedy: a hostile TD that accepts 2 MiB after 2 MiB of private memory
 * from GPA 0 up, past the "memory" its manifest gives it (README.md,
 * "Hostile TDs"). The host must refuse the first page beyond and stop the
 * TD with a logged reason; a TD still running at GREEDY_LIMIT ends with
 * FAILURE. */
#include "guest-abi/tests/td_rt.h"

#define GREEDY_LIMIT (1ull << 30)       /* far beyond any test manifest */
#define STATUS_REFUSED 3

static void case_greedy(void)
{
	struct td_accept_stats st = { 0 };
	uint64_t failed = 0, status;

	for (uint64_t gpa = 0; gpa < GREEDY_LIMIT; gpa += SZ_2M) {
		td_say("accepting 2 MiB at GPA 0x%lx", gpa);
		status = td_accept_range(gpa, gpa + SZ_2M, &st, &failed);
		if (status != TDX_SUCCESS) {
			/* The module answered instead of the host stopping us. */
			td_say("accept of GPA 0x%lx refused: status 0x%lx", failed, status);
			guest_exit(STATUS_REFUSED);
		}
	}
	guest_fail("accepted %llu MiB and was never stopped", GREEDY_LIMIT >> 20);
}

int guest_main(void)
{
	static const struct td_case cases[] = { { "greedy", case_greedy } };

	return td_run_cases("td-greedy", cases, 1);
}
