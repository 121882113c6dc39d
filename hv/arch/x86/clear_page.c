/* Clearing a page that belonged to a TD. With TDX, a partial write to a
 * cache line still tagged with the TD's KeyID can poison it (the
 * partial-write erratum); MOVDIR64B writes a whole 64-byte line in one
 * direct store, so Linux clears such pages with it (tdx_clear_page) and
 * so does tdvisor where the CPU has it (cpu_features.movdir64b). Without it,
 * there is no TDX hardware either, and plain stores are enough. */
#include "cpu.h"
#include "insn.h"
#include "../../lib/string.h"

static const uint8_t zero_line[64] __attribute__((aligned(64)));

void cpu_clear_page(void *page)
{
	if (!cpu_features.movdir64b) {
		memset(page, 0, PAGE_SIZE);
		return;
	}
	for (uint8_t *line = page; line < (uint8_t *)page + PAGE_SIZE; line += 64)
		/* movdir64b (%rsi), %rdi */
		__asm__ volatile(".byte 0x66, 0x0f, 0x38, 0xf8, 0x3e"
				 :: "S"(zero_line), "D"(line) : "memory");
	__asm__ volatile("mfence" ::: "memory"); /* order the direct stores */
}
