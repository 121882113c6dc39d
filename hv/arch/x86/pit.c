/* PIT channel 2 in one-shot mode, polled through port 0x61 (OUT2 in bit 5). */
#include "insn.h"
#include "pit.h"

#define PIT_HZ          1193182u
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PORT_B          0x61
#define PORT_B_GATE2    0x01
#define PORT_B_SPEAKER  0x02
#define PORT_B_OUT2     0x20
#define CMD_CH2_LOHI_MODE0 0xb0

static void delay_chunk(unsigned us)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000u);
	uint8_t b = inb(PORT_B) & ~PORT_B_SPEAKER;

	if (count < 2)
		count = 2;
	outb(PORT_B, b & ~PORT_B_GATE2);
	outb(PIT_CMD, CMD_CH2_LOHI_MODE0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	outb(PORT_B, b | PORT_B_GATE2);
	/* Bounded: a machine without a PIT must not hang here forever. */
	for (unsigned long spins = 100000000; !(inb(PORT_B) & PORT_B_OUT2) && spins; spins--)
		cpu_relax();
}

void pit_delay_us(unsigned us)
{
	while (us > 50000) {            /* 16-bit counter: at most ~54 ms */
		delay_chunk(50000);
		us -= 50000;
	}
	delay_chunk(us);
}
