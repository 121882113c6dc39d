/* vm-io-flood: an endless stream of I/O exits to a port nobody claims.
 * tdvisor must keep serving its other guests (and its console) meanwhile. */
#include "guest-abi/tests/rt.h"

#define UNCLAIMED_PORT 0x1234

int guest_main(void)
{
	guest_printf("hostile: io-flood starting: outb to port 0x%x forever\n",
		     UNCLAIMED_PORT);
	for (uint8_t v = 0;; v++)
		outb(UNCLAIMED_PORT, v);
}
