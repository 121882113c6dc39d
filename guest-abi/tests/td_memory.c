/* A TD's own memory management: accepting private RAM, converting ranges
 * between private and shared with MapGPA, and the page-table window onto
 * shared memory (td_rt.h). */
#include "guest-abi/tests/td_rt.h"

#define PTE_LARGE             0x83ull   /* present, writable, 2 MiB page */
#define PTE_TABLE             0x03ull   /* present, writable */
#define MAP_GPA_MAX_STALLS    3         /* RETRYs without progress, as Linux */
#define MAP_GPA_MAX_CALLS     4096      /* the tests convert at most a few MiB */
#define CPUID_MAX_EXT_LEAF    0x80000000u
#define CPUID_ADDRESS_SIZES   0x80000008u

static bool aligned(uint64_t x, uint64_t a)
{
	return (x & (a - 1)) == 0;
}

static bool already_accepted(uint64_t status)
{
	return TDX_STATUS_CLASS(status) == TDX_PAGE_ALREADY_ACCEPTED;
}

uint64_t td_accept_range(uint64_t start, uint64_t end, struct td_accept_stats *st,
			 uint64_t *failed_gpa)
{
	uint64_t gpa = start, status;

	while (gpa < end) {
		if (aligned(gpa, SZ_2M) && end - gpa >= SZ_2M) {
			status = tdg_mem_page_accept(gpa, TD_LEVEL_2M);
			if (status == TDX_SUCCESS || already_accepted(status)) {
				if (status == TDX_SUCCESS)
					st->pages_2m++;
				else
					st->already_accepted += SZ_2M / SZ_4K;
				gpa += SZ_2M;
				continue;
			}
			/* Mapped as 4 KiB pages (PAGE_SIZE_MISMATCH) or not
			 * acceptable as a whole: this 2 MiB in 4 KiB pages. */
		}
		status = tdg_mem_page_accept(gpa, TD_LEVEL_4K);
		if (status == TDX_SUCCESS) {
			st->pages_4k++;
		} else if (already_accepted(status)) {
			st->already_accepted++;
		} else {
			*failed_gpa = gpa;
			return status;
		}
		gpa += SZ_4K;
	}
	return TDX_SUCCESS;
}

/* RETRY hands back the GPA to go on from (R11): it must lie in what is
 * left of the range; the same GPA again counts as a stall. */
uint64_t td_map_gpa(uint64_t gpa, uint64_t size, unsigned *calls)
{
	uint64_t end = gpa + size, resume, status;
	unsigned stalls = 0;

	for (*calls = 0; *calls < MAP_GPA_MAX_CALLS;) {
		status = tdvmcall_map_gpa(gpa, end - gpa, &resume);
		(*calls)++;
		if (status != TDG_VP_VMCALL_RETRY)
			return status;
		if (resume < gpa || resume >= end)
			guest_fail("MapGPA [0x%lx, 0x%lx): RETRY resumes at 0x%lx, outside the range",
				   gpa, end, resume);
		if (resume == gpa && ++stalls > MAP_GPA_MAX_STALLS)
			return status;
		if (resume != gpa)
			stalls = 0;
		gpa = resume;
	}
	return TDG_VP_VMCALL_RETRY;
}

/* A guest page-table entry holding the shared bit needs a MAXPHYADDR
 * beyond it: true of TDX hardware, not of every emulator. */
bool td_shared_window(void)
{
	static bool mapped;
	unsigned maxphyaddr;

	if (cpuid(CPUID_MAX_EXT_LEAF, 0).eax < CPUID_ADDRESS_SIZES)
		return false;
	maxphyaddr = cpuid(CPUID_ADDRESS_SIZES, 0).eax & 0xff;
	if (maxphyaddr < td_gpaw)
		return false;
	if (!mapped) {
		for (uint64_t i = 0; i < 512; i++)
			td_pd_shared[i] = (td_shared_bit | i * SZ_2M) | PTE_LARGE;
		td_pdpt[TD_SHARED_WINDOW / TD_SHARED_WINDOW_SIZE] =
			(uint64_t)(uintptr_t)td_pd_shared | PTE_TABLE;
		write_cr3(read_cr3());
		mapped = true;
	}
	return true;
}
