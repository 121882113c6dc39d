/* The port I/O policy every guest gets, VMs and TDs alike
 * (guest-abi/tdvisor_pv.h "Ports"): COM1 is the 16550A model, an OUT to
 * the debug-exit port ends the guest with that status, port 0x80 (POST
 * codes) is accepted and ignored, and no other port answers: IN reads all
 * ones, OUT is dropped, and more than GUEST_PORTS_UNCLAIMED_LIMIT such
 * accesses stop the guest (a guest spinning on a missing device would
 * otherwise hold its CPU forever). */
#ifndef HV_DEV_GUEST_PORTS_H
#define HV_DEV_GUEST_PORTS_H

#include "uart_model.h"

#define GUEST_PORTS_UNCLAIMED_LIMIT 10000

struct guest_ports {
	struct uart_model com1;
	uint64_t unclaimed;             /* accesses no device answered */
};

/* One IN or OUT, as the guest's vCPU made it. */
struct port_io {
	uint16_t port;
	uint8_t size;                   /* 1, 2 or 4 bytes */
	bool write;
	uint32_t value;                 /* written, or read (zero-extended) */
	/* Set when guest_port_io() returns false. */
	int exit_status;
	char stop_reason[112];
};

void guest_ports_init(struct guest_ports *p, const char *name, bool silent_console);
/* Performs io; false when the guest is to stop (io->exit_status and
 * io->stop_reason say why). Any vCPU of the guest may call it. */
bool guest_port_io(struct guest_ports *p, struct port_io *io);

#endif
