/* The legacy 8259 PICs: tdvisor uses the local APIC only. The BIOS leaves
 * the PICs unmasked with the PIT on vector 8, so the first STI on the boot
 * CPU would deliver a timer tick that looks like a #DF; mask both. */
#include "insn.h"
#include "pic8259.h"

#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

void pic8259_mask_all(void)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}
