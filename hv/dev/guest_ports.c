/* The one port policy of guest_ports.h. A wide access to COM1 reaches
 * consecutive UART registers byte by byte, as on the ISA bus. */
#include "guest_ports.h"
#include "../lib/format.h"
#include "../../guest-abi/tdvisor_pv.h"

#define PORT_POST 0x80

void guest_ports_init(struct guest_ports *p, const char *name, bool silent_console)
{
	uart_model_init(&p->com1, name, silent_console);
	p->unclaimed = 0;
}

static bool is_com1(unsigned port)
{
	return port >= TDVISOR_PORT_COM1 && port < TDVISOR_PORT_COM1 + UART_MODEL_PORTS;
}

static void com1_access(struct uart_model *u, struct port_io *io)
{
	uint32_t in = 0;

	for (unsigned i = 0; i < io->size; i++) {
		unsigned port = io->port + i;
		uint8_t byte = 0xff;    /* past COM1's last register: nothing there */

		if (io->write && is_com1(port))
			uart_model_write(u, port - TDVISOR_PORT_COM1, (uint8_t)(io->value >> (8 * i)));
		else if (is_com1(port))
			byte = uart_model_read(u, port - TDVISOR_PORT_COM1);
		in |= (uint32_t)byte << (8 * i);
	}
	if (!io->write)
		io->value = in;
}

bool guest_port_io(struct guest_ports *p, struct port_io *io)
{
	uint32_t mask = io->size >= 4 ? 0xffffffffu : (1u << (8 * io->size)) - 1;

	if (io->write)
		io->value &= mask;
	if (io->write && io->port == TDVISOR_PORT_DEBUG_EXIT) {
		io->exit_status = (int)io->value;
		format(io->stop_reason, sizeof(io->stop_reason),
		       "the guest wrote %u to the debug-exit port", io->value);
		return false;
	}
	if (is_com1(io->port)) {
		com1_access(&p->com1, io);
		return true;
	}
	if (io->port == PORT_POST) {
		if (!io->write)
			io->value = 0;
		return true;
	}
	if (__atomic_add_fetch(&p->unclaimed, 1, __ATOMIC_RELAXED) > GUEST_PORTS_UNCLAIMED_LIMIT) {
		io->exit_status = -1;
		format(io->stop_reason, sizeof(io->stop_reason),
		       "I/O flood: more than %u accesses to unclaimed ports (last: %s port 0x%x)",
		       GUEST_PORTS_UNCLAIMED_LIMIT, io->write ? "out to" : "in from", io->port);
		return false;
	}
	if (!io->write)
		io->value = mask;       /* nothing answers: the bus floats high */
	return true;
}
