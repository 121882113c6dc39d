/* The guests' COM1 and port policy (hv/dev/uart_model.c, guest_ports.c):
 * Linux's 8250 probe must find a 16550A and pass the THRE test; output
 * becomes "[name] text" lines; the debug-exit port, POST port, unclaimed
 * ports and the I/O flood limit behave as guest-abi/tdvisor_pv.h says. */
#include "shim.h"
#include "../../hv/dev/uart_model.c"
#include "../../hv/dev/guest_ports.c"
#include "test.h"

/* Register offsets and bits as Linux's include/uapi/linux/serial_reg.h
 * names them. */
enum { RX = 0, TX = 0, DLL = 0, DLM = 1, IER = 1, IIR = 2, FCR = 2, EFR = 2, LCR = 3,
       MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

static struct uart_model u;

static bool log_is(const char *want)
{
	return strcmp(shim_log, want) == 0;
}

static uint8_t in(unsigned off)
{
	return uart_model_read(&u, off);
}

static void out(unsigned off, uint8_t v)
{
	uart_model_write(&u, off, v);
}

/* drivers/tty/serial/8250/8250_port.c size_fifo(): bytes looped back. */
static int size_fifo(void)
{
	uint8_t old_lcr = in(LCR), old_fcr, old_mcr;
	int count;

	out(LCR, 0);
	old_fcr = in(FCR);
	old_mcr = in(MCR);
	out(FCR, 0x07);                 /* enable, clear both FIFOs */
	out(MCR, 0x10);                 /* loopback */
	out(LCR, 0x80);
	out(DLL, 1);
	out(DLM, 0);
	out(LCR, 0x03);
	for (count = 0; count < 256; count++)
		out(TX, (uint8_t)count);
	for (count = 0; (in(LSR) & 0x01) && count < 256; count++)
		in(RX);
	out(FCR, old_fcr);
	out(MCR, old_mcr);
	out(LCR, old_lcr);
	return count;
}

/* The checks of 8250_port.c autoconfig() and autoconfig_16550a(), in
 * order; returns the port type Linux would settle on. */
static const char *linux_autoconfig(void)
{
	uint8_t scratch, scratch2, scratch3, save_mcr, save_lcr, status1, status2, iersave;

	scratch = in(IER);
	out(IER, 0);
	scratch2 = in(IER) & 0x0f;
	out(IER, 0x0f);
	scratch3 = in(IER) & 0x0f;
	out(IER, scratch);
	if (scratch2 != 0 || scratch3 != 0x0f)
		return "none (IER test)";
	save_mcr = in(MCR);
	save_lcr = in(LCR);
	out(MCR, 0x10 | 0x08 | 0x02);   /* LOOP | OUT2 | RTS */
	status1 = in(MSR) & 0xf0;
	out(MCR, save_mcr);
	if (status1 != 0x90)            /* DCD | CTS */
		return "none (loopback test)";
	out(LCR, 0xbf);
	out(EFR, 0);
	out(LCR, 0);
	out(FCR, 0x01);
	switch (in(IIR) & 0xc0) {
	case 0x00:
		return "8250/16450";
	case 0x80:
		return "16550";
	case 0x40:
		return "unknown";
	}
	/* autoconfig_16550a(): no EFR behind LCR 0x80 or 0xbf ... */
	out(LCR, 0x80);
	if (in(EFR) == 0)
		return "16650 family";
	out(LCR, 0xbf);
	if (in(EFR) == 0)
		return "16650V2 family";
	/* ... not a National Semiconductor SuperIO ... */
	out(LCR, 0);
	status1 = in(MCR);
	out(LCR, 0xe0);
	status2 = in(2);
	if (!((status2 ^ status1) & 0x10)) {
		out(LCR, 0);
		out(MCR, status1 ^ 0x10);
		out(LCR, 0xe0);
		status2 = in(2);
		out(LCR, 0);
		out(MCR, status1);
		if ((status2 ^ status1) & 0x10)
			return "NS16550A";
	}
	/* ... not a TI16750 ... */
	out(LCR, 0);
	out(FCR, 0x01 | 0x20);
	status1 = in(IIR) & 0xe0;
	out(FCR, 0x01);
	out(LCR, 0x80);
	out(FCR, 0x01 | 0x20);
	status2 = in(IIR) & 0xe0;
	out(FCR, 0x01);
	out(LCR, 0);
	if (status1 == 0xc0 && status2 == 0xe0)
		return "16750";
	/* ... not an XScale (IER bit 6 sticks) ... */
	iersave = in(IER);
	out(IER, iersave & ~0x40);
	if (!(in(IER) & 0x40)) {
		out(IER, iersave | 0x40);
		if (in(IER) & 0x40)
			return "XScale";
	}
	out(IER, iersave);
	/* ... and not a U6 with a 64-byte FIFO. */
	if (size_fifo() == 64)
		return "U6_16550A";
	out(LCR, save_lcr);
	out(MCR, save_mcr);
	out(FCR, 0x07);
	out(FCR, 0);
	in(RX);
	out(IER, 0);
	return "16550A";
}

TEST(linux_probe_finds_a_16550a)
{
	uart_model_init(&u, "td0", false);
	shim_log_clear();
	CHECK_STR(linux_autoconfig(), "16550A");
	CHECK_EQ(in(LCR), 0);
	CHECK_EQ(in(MCR), 0);
	CHECK_EQ(in(IER), 0);
	CHECK_EQ(in(LSR), 0x60);        /* THRE | TEMT, no data */
	CHECK_EQ(shim_log[0], 0);       /* looped-back bytes never reach the console */
}

/* serial8250_do_startup(): with THRI enabled, a working UART reports a
 * THR-empty interrupt, and again after IER is rewritten; a UART that does
 * not gets UART_BUG_THRE (and Linux polls with a timer). */
TEST(thre_interrupt_as_linux_startup_tests_it)
{
	uint8_t iir1, iir;

	uart_model_init(&u, "td0", false);
	out(FCR, 0x01);
	out(IER, 0x02);
	iir1 = in(IIR);
	out(IER, 0);
	out(IER, 0x02);
	iir = in(IIR);
	out(IER, 0);
	CHECK_EQ(iir1, 0xc2);
	CHECK_EQ(iir, 0xc2);
	/* Reading IIR acknowledged it; writing THR brings it back. */
	out(IER, 0x02);
	CHECK_EQ(in(IIR), 0xc2);
	CHECK_EQ(in(IIR), 0xc1);
	out(TX, 'x');
	CHECK_EQ(in(IIR), 0xc2);
	/* Masked in IER: no interrupt shows. */
	out(IER, 0);
	out(TX, 'y');
	CHECK_EQ(in(IIR), 0xc1);
	out(FCR, 0);
	CHECK_EQ(in(IIR), 0x01);        /* FIFOs off: bits 7:6 clear */
}

TEST(registers_hold_what_linux_writes)
{
	uart_model_init(&u, "vm0", false);
	out(LCR, 0x83);                 /* DLAB, 8N1 */
	out(DLL, 0x01);                 /* 115200 baud */
	out(DLM, 0x02);
	CHECK_EQ(in(DLL), 0x01);
	CHECK_EQ(in(DLM), 0x02);
	out(LCR, 0x03);
	CHECK_EQ(in(IER), 0);           /* DLM did not land in IER */
	out(IER, 0xff);
	CHECK_EQ(in(IER), 0x0f);
	out(LCR, 0x83);
	CHECK_EQ(in(DLM), 0x02);
	out(LCR, 0x03);
	out(SCR, 0x5a);
	CHECK_EQ(in(SCR), 0x5a);
	out(MCR, 0xff);
	CHECK_EQ(in(MCR), 0x1f);
	out(MCR, 0x0b);                 /* DTR | RTS | OUT2 */
	CHECK_EQ(in(MSR), 0xb0);        /* a terminal is attached */
	out(MCR, 0x10 | 0x05);          /* loopback: DTR -> DSR, OUT1 -> RI */
	CHECK_EQ(in(MSR), 0x60);
	out(TX, 0x42);
	CHECK_EQ(in(LSR), 0x61);
	CHECK_EQ(in(RX), 0x42);
	CHECK_EQ(in(LSR), 0x60);
	CHECK_EQ(in(RX), 0);
	out(LSR, 0);                    /* read-only */
	CHECK_EQ(in(LSR), 0x60);
	CHECK_EQ(in(8), 0xff);
}

TEST(output_lines)
{
	static const char mixed[] = "tab\tesc\x1b bell\a high\xe9";
	char long_line[201];

	uart_model_init(&u, "td0", false);
	shim_log_clear();
	for (const char *s = "hello\r\n"; *s; s++)
		out(TX, (uint8_t)*s);
	CHECK(log_is("[td0] hello\n"));

	shim_log_clear();
	uart_model_text(&u, mixed, sizeof(mixed) - 1);
	out(TX, '\n');
	CHECK(log_is("[td0] tab\tesc? bell? high?\n"));

	/* PV text and THR bytes join one line. */
	shim_log_clear();
	uart_model_text(&u, "Test ", 5);
	out(TX, 'r');
	uart_model_text(&u, "esult\nnext", 10);
	CHECK(log_is("[td0] Test result\n"));
	out(TX, '\n');
	CHECK(log_is("[td0] Test result\n[td0] next\n"));

	/* A line is cut after 159 characters. */
	shim_log_clear();
	memset(long_line, 'a', 200);
	long_line[200] = '\n';
	uart_model_text(&u, long_line, sizeof(long_line));
	CHECK(strncmp(shim_log, "[td0] ", 6) == 0);
	CHECK_EQ(strchr(shim_log, '\n') - shim_log, 6 + 159);
	CHECK(strcmp(strchr(shim_log, '\n') + 1,
		     "[td0] aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n") == 0);  /* 41 left */

	/* Writes to THR under DLAB program the divisor, they print nothing. */
	shim_log_clear();
	out(LCR, 0x80);
	out(TX, 'z');
	out(LCR, 0x03);
	out(TX, '\n');
	CHECK(log_is("[td0] \n"));
}

TEST(console_none_is_silent)
{
	uart_model_init(&u, "quiet", true);
	shim_log_clear();
	uart_model_text(&u, "secret\n", 7);
	out(TX, 'x');
	out(TX, '\n');
	CHECK_EQ(shim_log[0], 0);
	CHECK_EQ(in(LSR), 0x60);        /* the UART still works */
}

static bool port(struct guest_ports *p, uint16_t number, unsigned size, bool write,
		 uint32_t *value, struct port_io *io)
{
	bool ok;

	*io = (struct port_io){ .port = number, .size = (uint8_t)size, .write = write,
				.value = *value };
	ok = guest_port_io(p, io);
	*value = io->value;
	return ok;
}

TEST(port_policy)
{
	struct guest_ports p;
	struct port_io io;
	uint32_t v;

	guest_ports_init(&p, "vm1", false);
	shim_log_clear();
	v = 'A';
	CHECK(port(&p, 0x3f8, 1, true, &v, &io));
	v = '\n';
	CHECK(port(&p, 0x3f8, 4, true, &v, &io));       /* upper bytes: IER, FCR, LCR = 0 */
	CHECK(log_is("[vm1] A\n"));
	v = 0;
	CHECK(port(&p, 0x3fd, 2, false, &v, &io));
	CHECK_EQ(v, 0xb060);                            /* LSR, then MSR */
	v = 0;
	CHECK(port(&p, 0x3fe, 4, false, &v, &io));
	CHECK_EQ(v, 0xffff00b0);                        /* MSR, SCR, then past COM1 */
	v = 7;
	CHECK(port(&p, 0x80, 1, true, &v, &io));        /* POST codes */
	v = 1234;
	CHECK(port(&p, 0x80, 4, false, &v, &io));
	CHECK_EQ(v, 0);
	CHECK_EQ(p.unclaimed, 0);
	v = 0;
	CHECK(port(&p, 0xcfc, 2, false, &v, &io));
	CHECK_EQ(v, 0xffff);                            /* nothing answers */
	v = 0;
	CHECK(port(&p, 0x60, 4, false, &v, &io));
	CHECK_EQ(v, 0xffffffff);
	v = 0x12;
	CHECK(port(&p, 0x70, 1, true, &v, &io));
	CHECK_EQ(p.unclaimed, 3);
	v = 0;
	CHECK(port(&p, 0xf4, 1, false, &v, &io));       /* reading debug-exit: unclaimed */
	CHECK_EQ(v, 0xff);
	CHECK_EQ(p.unclaimed, 4);
}

TEST(debug_exit_port)
{
	struct guest_ports p;
	struct port_io io;
	uint32_t v = 0x1ff;

	guest_ports_init(&p, "td0", false);
	CHECK(!port(&p, 0xf4, 1, true, &v, &io));
	CHECK_EQ(io.exit_status, 0xff);                 /* only the byte written */
	CHECK_STR(io.stop_reason, "the guest wrote 255 to the debug-exit port");
	v = 0xffffffff;
	CHECK(!port(&p, 0xf4, 4, true, &v, &io));
	CHECK_EQ(io.exit_status, -1);
	v = 0;
	CHECK(!port(&p, 0xf4, 2, true, &v, &io));
	CHECK_EQ(io.exit_status, 0);
	CHECK_STR(io.stop_reason, "the guest wrote 0 to the debug-exit port");
}

TEST(io_flood)
{
	struct guest_ports p;
	struct port_io io;
	uint32_t v;

	guest_ports_init(&p, "flood", false);
	for (unsigned i = 0; i < GUEST_PORTS_UNCLAIMED_LIMIT; i++) {
		v = 0;
		if (!port(&p, 0x1234, 1, true, &v, &io)) {
			CHECK(!"stopped before the limit");
			return;
		}
	}
	v = 0;
	CHECK(port(&p, 0x3f8, 1, true, &v, &io));       /* COM1 does not count */
	CHECK(!port(&p, 0x1234, 1, true, &v, &io));
	CHECK_EQ(io.exit_status, -1);
	CHECK_STR(io.stop_reason, "I/O flood: more than 10000 accesses to unclaimed ports "
		  "(last: out to port 0x1234)");
}
