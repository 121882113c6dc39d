/* 16550 UART driver, polled. Register offsets from the National/TI datasheet. */
#include "uart16550.h"
#include "insn.h"

enum {
	UART_DATA = 0,      /* DLL when LCR.DLAB */
	UART_IER = 1,       /* DLM when LCR.DLAB */
	UART_FCR = 2,
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_SCR = 7,
};

#define LSR_DR    0x01  /* a received byte is waiting */
#define LSR_THRE  0x20  /* transmit holding register empty */
#define LSR_TEMT  0x40  /* transmitter completely idle */
#define LCR_8N1   0x03
#define LCR_DLAB  0x80
#define FCR_FIFO  0xc7  /* enable and clear FIFOs, 14-byte threshold */
#define MCR_DTR_RTS 0x03

/* The scratch register exists on every 16550; a port with nothing behind it
 * reads back 0xff, so two patterns written and read back tell if it is there. */
bool uart_present(uint16_t port)
{
	outb(port + UART_SCR, 0x5a);
	if (inb(port + UART_SCR) != 0x5a)
		return false;
	outb(port + UART_SCR, 0xa5);
	return inb(port + UART_SCR) == 0xa5;
}

void uart_init(uint16_t port)
{
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DATA, 1);      /* divisor 1: 115200 baud */
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_FIFO);
	outb(port + UART_MCR, MCR_DTR_RTS);
}

void uart_putc(uint16_t port, char c)
{
	unsigned long spins = 1000000;

	/* Bounded: a wedged or absent UART must not hang the hypervisor. */
	while (!(inb(port + UART_LSR) & LSR_THRE) && --spins)
		cpu_relax();
	outb(port + UART_DATA, (uint8_t)c);
}

void uart_drain(uint16_t port)
{
	unsigned long spins = 1000000;

	while (!(inb(port + UART_LSR) & LSR_TEMT) && --spins)
		cpu_relax();
}

bool uart_has_data(uint16_t port)
{
	return inb(port + UART_LSR) & LSR_DR;
}

int uart_getc(uint16_t port)
{
	return uart_has_data(port) ? inb(port + UART_DATA) : -1;
}
