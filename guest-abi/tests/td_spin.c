/* td-spin: a Trust Domain that says hello and then computes forever with no
 * exits, for tests that stop a running TD from the outside (the monitor's
 * kill: the host kicks the TD's CPU and the TD exits for the interrupt).
 * It spins with interrupts enabled: Bochs 2.7 makes no VM exit for an
 * external interrupt while the guest has RFLAGS.IF = 0, even with
 * external-interrupt exiting on (hardware would). */
#include "guest-abi/tests/td_rt.h"

int guest_main(void)
{
	guest_printf("td-spin: spinning without exits\n");
	for (;;)
		__asm__ volatile("sti; pause");
	return 0;
}
