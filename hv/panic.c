/* panic(): a broken hypervisor invariant. Prints the reason, this CPU's
 * registers and a stack trace, then stops every CPU. Only the first CPU to
 * panic reports; a second one stops quietly so the report stays readable. */
#include "arch.h"
#include "gdbstub.h"
#include "lib/format.h"
#include "log.h"
#include "panic.h"

static volatile int panicking;

bool panic_begin(void)
{
	return __atomic_exchange_n(&panicking, 1, __ATOMIC_ACQ_REL) == 0;
}

bool panic_in_progress(void)
{
	return __atomic_load_n(&panicking, __ATOMIC_ACQUIRE) != 0;
}

void panic(const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	if (!panic_begin())
		arch_stop_all(HV_EXIT_PANIC);
	va_start(ap, fmt);
	vformat(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	log_panic_line("PANIC: %s", reason);
	arch_dump_current_state();
	gdb_stop_after_panic();         /* GDB stub: inspect before the stop */
	log_panic_line("PANIC: stopping all CPUs");
	arch_stop_all(HV_EXIT_PANIC);
}
