/* Clearing a page that belonged to a TD. With TDX, a partial write to a
 * cache line still tagged with the TD's KeyID can poison it (the
 * partial-write erratum); MOVDIR64B writes a whole 64-byte line in one
 * direct store, so Linux clears such pages with it (tdx_clear_page) and
 * so does tdvisor where the CPU has it (CPUID.(7,0):ECX[28]). Without it,
 * there is no TDX hardware either, and plain stores are enough. */
#include "cpu.h"
#include "insn.h"
#include "../../lib/string.h"

#define CPUID7_ECX_MOVDIR64B BIT(28)

static const uint8_t zero_line[64] __attribute__((aligned(64)));

void cpu_clear_page(void *page)
{
	static int has_movdir64b = -1;

	if (has_movdir64b < 0)
		has_movdir64b = cpuid(0, 0).eax >= 7 &&
				(cpuid(7, 0).ecx & CPUID7_ECX_MOVDIR64B) != 0;
	if (!has_movdir64b) {
		memset(page, 0, PAGE_SIZE);
		return;
	}
	for (uint8_t *line = page; line < (uint8_t *)page + PAGE_SIZE; line += 64)
		/* movdir64b (%rsi), %rdi */
		__asm__ volatile(".byte 0x66, 0x0f, 0x38, 0xf8, 0x3e"
				 :: "S"(zero_line), "D"(line) : "memory");
	__asm__ volatile("mfence" ::: "memory"); /* order the direct stores */
}
