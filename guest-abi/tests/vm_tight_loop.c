/* vm-tight-loop: spins forever with interrupts off and no exits at all.
 * Only the hypervisor's own means (preemption timer, kill from the monitor)
 * can take the CPU back. */
#include "guest-abi/tests/rt.h"

int guest_main(void)
{
	guest_printf("hostile: tight-loop starting: cli; jmp . forever\n");
	asm volatile("cli\n1: jmp 1b" : : : "memory");
	__builtin_unreachable();
}
