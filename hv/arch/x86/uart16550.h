/* The 16550 UART: polled output, polled input, no interrupts. */
#ifndef HV_ARCH_X86_UART16550_H
#define HV_ARCH_X86_UART16550_H

#include "../../types.h"

#define COM1_PORT 0x3f8
#define COM2_PORT 0x2f8

void uart_init(uint16_t port);
void uart_putc(uint16_t port, char c);
/* Waits until the transmitter is empty: before a power-off write, or the
 * last bytes of the log are lost (Bochs, QEMU and real UARTs alike). */
void uart_drain(uint16_t port);
bool uart_present(uint16_t port);
/* Polled input for the GDB stub: never waits. */
bool uart_has_data(uint16_t port);
/* The next received byte, or -1 when none is waiting. */
int uart_getc(uint16_t port);

#endif
