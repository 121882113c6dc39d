/* Kinds: panic (a BUG), write-text (a store into the read-only hypervisor
 * text: must #PF), stack-overflow (unbounded recursion into the guard page:
 * must #DF on its IST stack, since #PF cannot push onto a full stack). */
#include "crashtest.h"
#include "lib/string.h"
#include "log.h"

static volatile unsigned long depth;

/* Recurses until depth says stop, which it never does: the compiler cannot
 * prove that, so it keeps the recursion and the stack frames. */
__attribute__((noinline))
static unsigned long recurse(volatile unsigned long *prev)
{
	volatile unsigned long pad[64];

	pad[0] = *prev + 1;
	if (depth == ~0ul)
		return pad[0];
	depth = pad[0];
	return recurse(pad) + pad[63];
}

void crashtest_run(const char *kind)
{
	if (!kind[0])
		return;
	log_warn("crashtest: %s requested on the command line", kind);
	if (strcmp(kind, "panic") == 0) {
		panic("crashtest: deliberate panic");
	} else if (strcmp(kind, "write-text") == 0) {
		*(volatile unsigned char *)(uintptr_t)crashtest_run = 0xcc;
		log_error("crashtest: the write to hypervisor text succeeded: text is not read-only");
	} else if (strcmp(kind, "stack-overflow") == 0) {
		unsigned long start = 0;
		recurse(&start);
	} else {
		log_warn("crashtest: unknown kind \"%s\" (panic, write-text, stack-overflow)", kind);
	}
}
