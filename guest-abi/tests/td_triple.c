/* td-triple: a hostile TD that triple-faults (README.md, "Hostile TDs"):
 * with an IDT of limit 0, the #UD cannot be delivered, nor the #GP that
 * follows, nor the #DF. The module ends the vCPU (TDX_NON_RECOVERABLE_VCPU)
 * and the host must stop the TD and say why. Nothing else is printed. */
#include "guest-abi/tests/td_rt.h"

int guest_main(void)
{
	guest_printf("td-triple: triple fault starting\n");
	lidt(0, 0);
	asm volatile("ud2");
	guest_fail("executed past UD2 with an empty IDT");
}
