/* vm-triple-fault: with an IDT of limit 0, UD2's #UD cannot be delivered
 * (#GP), nor can that (#DF), so the vCPU triple-faults. tdvisor must stop
 * this VM and report it; anything printed after the first line is a bug. */
#include "guest-abi/tests/rt.h"

int guest_main(void)
{
	guest_printf("hostile: triple-fault starting\n");
	lidt(0, 0);
	asm volatile("ud2");
	guest_fail("survived a triple fault");
}
