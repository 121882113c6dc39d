/* A 16550A UART model on port I/O for guests (VMs and TDs alike): enough
 * registers (THR/RBR, IER, IIR/FCR, LCR, MCR with loopback, LSR, MSR, SCR,
 * DLL/DLM) for Linux's 8250 driver to probe it as a 16550A and print; what
 * is written to THR is collected into lines printed as "[name] text". No
 * input reaches the guest (RBR reads 0, LSR.DR stays clear outside
 * loopback) and no interrupt line is wired: the guest polls LSR, as Linux's
 * console does. Register layout: PC16550D datasheet; the probe it must pass:
 * Linux drivers/tty/serial/8250/8250_port.c autoconfig(). */
#ifndef HV_DEV_UART_MODEL_H
#define HV_DEV_UART_MODEL_H

#include "../spinlock.h"
#include "../types.h"

#define UART_MODEL_LINE 160     /* a line is cut after 159 characters */
#define UART_MODEL_PORTS 8      /* offsets 0..7 from the base port */

struct uart_model {
	const char *name;               /* prefix of output lines */
	bool silent;                    /* manifest "console": "none" */
	struct spinlock lock;           /* vCPUs of one guest share it */
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t rbr;                    /* loopback: the last byte sent */
	bool rx_ready;                  /* loopback: rbr not read yet */
	bool thr_irq;                   /* THR-empty interrupt pending */
	char line[UART_MODEL_LINE];
	unsigned line_len;
};

void uart_model_init(struct uart_model *u, const char *name, bool silent);
/* One byte access at offset 0..7 from the UART's base port (others read
 * 0xff and are ignored on write). */
uint8_t uart_model_read(struct uart_model *u, unsigned offset);
void uart_model_write(struct uart_model *u, unsigned offset, uint8_t value);
/* Text from a PV console call: joins the same line buffer. */
void uart_model_text(struct uart_model *u, const char *text, size_t len);

#endif
