/* td-badmap: a hostile TD that asks for conversions and MMIO the host must
 * refuse (README.md, "Hostile TDs"): MapGPA of a huge range outside its
 * memory, of misaligned ranges, of ranges straddling the shared bit or
 * leaving GPAW; #VE.RequestMMIO to private GPAs. Each call must come back
 * with an error and nothing converted; then the TD is still served. */
#include "guest-abi/tests/td_rt.h"

#define PRIVATE_GPA   0x100000ull
#define HUGE_START    (4ull << 30)      /* above everything the TD has */
#define HUGE_SIZE     (1ull << 46)
#define GPAW_END(s)   ((s) << 1)

#define MAP_GPA       .r10 = TDG_VP_VMCALL_STANDARD, .r11 = TDG_VP_VMCALL_MAP_GPA
#define MMIO          .r10 = TDG_VP_VMCALL_STANDARD, .r11 = TDG_VP_VMCALL_VE_REQUEST_MMIO
#define INVALID       .expect = TD_EXPECT_STATUS, .status = TDG_VP_VMCALL_INVALID_OPERAND, \
		      .r11_is_r12 = true
#define MISALIGNED    .expect = TD_EXPECT_STATUS, .status = TDG_VP_VMCALL_ALIGN_ERROR, \
		      .r11_is_r12 = true
#define MMIO_INVALID  .expect = TD_EXPECT_STATUS, .status = TDG_VP_VMCALL_INVALID_OPERAND

/* The host may answer RETRY while it works through a long range, but it
 * must end in an error, soon: 64 TiB that are not the TD's. */
static void case_huge(void)
{
	uint64_t gpa = td_shared_bit | HUGE_START, status;
	unsigned calls;

	status = td_map_gpa(gpa, HUGE_SIZE, &calls);
	td_say("MapGPA [0x%lx, +0x%llx) to shared: 0x%lx after %u calls", gpa, HUGE_SIZE,
	       status, calls);
	CHECK(status >> 63, "MapGPA of 64 TiB outside the TD's memory ended with 0x%lx",
	      status);
}

static void case_bad_ranges(void)
{
	const uint64_t s = td_shared_bit, end = GPAW_END(s);
	const uint64_t image = (uint64_t)(uintptr_t)__image_start;
	const struct td_bad_call calls[] = {
		{ "MapGPA GPA not 4K-aligned", MAP_GPA, .r12 = s | (PRIVATE_GPA + 0x800),
		  .r13 = SZ_4K, MISALIGNED },
		{ "MapGPA size not 4K-aligned", MAP_GPA, .r12 = s | PRIVATE_GPA, .r13 = 0x1800,
		  MISALIGNED },
		{ "MapGPA size 0", MAP_GPA, .r12 = s | PRIVATE_GPA, .r13 = 0, INVALID },
		{ "MapGPA straddling the shared bit", MAP_GPA, .r12 = s - SZ_4K,
		  .r13 = 2 * SZ_4K, INVALID },
		{ "MapGPA straddling the shared bit, whole", MAP_GPA, .r12 = 0, .r13 = end,
		  INVALID },
		{ "MapGPA across the end of GPAW", MAP_GPA, .r12 = end - SZ_4K,
		  .r13 = 2 * SZ_4K, INVALID },
		{ "MapGPA beyond GPAW", MAP_GPA, .r12 = end, .r13 = SZ_4K, INVALID },
		{ "MapGPA at 2^52", MAP_GPA, .r12 = 1ull << 52, .r13 = SZ_4K, INVALID },
		{ "MapGPA wrapping around", MAP_GPA, .r12 = ~0ull << 12, .r13 = 2 * SZ_4K,
		  INVALID },

		{ "#VE.RequestMMIO read of private RAM", MMIO, .r12 = 8,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = PRIVATE_GPA, MMIO_INVALID },
		{ "#VE.RequestMMIO write of the TD's own image", MMIO, .r12 = 8,
		  .r13 = TDG_VP_VMCALL_WRITE, .r14 = image, .r15 = 0xdeadbeef, MMIO_INVALID },
		{ "#VE.RequestMMIO read across the shared bit", MMIO, .r12 = 8,
		  .r13 = TDG_VP_VMCALL_READ, .r14 = s - 4, MMIO_INVALID },
	};
	unsigned wrong = td_bad_calls(calls, sizeof(calls) / sizeof(calls[0]));

	CHECK(wrong == 0, "%u of %u bad calls got the wrong answer", wrong,
	      (unsigned)(sizeof(calls) / sizeof(calls[0])));
}

/* Still alive, still private: the image (code, stack) was not converted,
 * and the host still answers. */
static void case_still_served(void)
{
	struct cpuid_regs c;
	uint64_t status = tdvmcall_cpuid(TDVISOR_CPUID_LEAF_BASE, 0, &c);

	CHECK(status == TDG_VP_VMCALL_SUCCESS && c.ebx == TDVISOR_CPUID_SIGNATURE_EBX,
	      "Instruction.CPUID(0x40000000) afterwards: status 0x%lx, EBX 0x%x", status, c.ebx);
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "huge", case_huge },
		{ "bad-ranges", case_bad_ranges },
		{ "still-served", case_still_served },
	};

	return td_run_cases("td-badmap", cases, sizeof(cases) / sizeof(cases[0]));
}
