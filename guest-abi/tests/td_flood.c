/* td-flood: a hostile TD that writes to an I/O port nothing claims, as
 * fast as it can, each `out` one #VE and one TDVMCALL Instruction.IO
 * (README.md, "Hostile TDs"). The host must stop it (or keep serving every
 * other guest); still running after FLOOD_LIMIT writes, it ends with
 * FAILURE. */
#include "guest-abi/tests/td_rt.h"

#define FLOOD_PORT  0x1234
#define FLOOD_LIMIT 100000u             /* ten times tdvisor's limit for VMs */

int guest_main(void)
{
	guest_printf("td-flood: outb to port 0x%x, %u times (each a #VE)\n", FLOOD_PORT,
		     FLOOD_LIMIT);
	for (unsigned i = 0; i < FLOOD_LIMIT; i++)
		outb(FLOOD_PORT, (uint8_t)i);
	guest_fail("%u writes to port 0x%x and never stopped", FLOOD_LIMIT, FLOOD_PORT);
}
