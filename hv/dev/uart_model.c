/* The 16550A model behind every guest's COM1 (uart_model.h). Transmission
 * is instantaneous, so THR is always empty: LSR says THRE|TEMT, and the
 * THR-empty interrupt condition comes back as soon as it is cleared, the
 * way Linux's 8250 THRE test (serial8250_do_startup) expects of a working
 * UART. */
#include "uart_model.h"
#include "../log.h"

/* Register offsets and bits (PC16550D). */
#define UART_RBR_THR  0         /* DLL when LCR.DLAB */
#define UART_IER      1         /* DLM when LCR.DLAB */
#define UART_IIR_FCR  2
#define UART_LCR      3
#define UART_MCR      4
#define UART_LSR      5
#define UART_MSR      6
#define UART_SCR      7

#define IER_RDI       0x01      /* received data available */
#define IER_THRI      0x02      /* THR empty */
#define IER_MASK      0x0f      /* bits 7:4 are always 0 on a 16550A */
#define IIR_NO_INT    0x01
#define IIR_THRI      0x02
#define IIR_RDI       0x04
#define IIR_FIFO      0xc0      /* both bits: FIFOs enabled (a 16550A) */
#define FCR_ENABLE    0x01
#define FCR_CLEAR_RX  0x02
#define FCR_KEPT      0xc9      /* enable, DMA mode, trigger level */
#define LCR_DLAB      0x80
#define MCR_MASK      0x1f
#define MCR_LOOP      0x10
#define LSR_DR        0x01
#define LSR_THRE      0x20
#define LSR_TEMT      0x40
#define MSR_CTS       0x10
#define MSR_DSR       0x20
#define MSR_DCD       0x80

void uart_model_init(struct uart_model *u, const char *name, bool silent)
{
	*u = (struct uart_model){ .name = name, .silent = silent };
}

static void flush_line(struct uart_model *u)
{
	u->line[u->line_len] = '\0';
	log_info("[%s] %s", u->name, u->line);
	u->line_len = 0;
}

/* Printable ASCII and tabs are kept, '\r' is dropped, anything else shows
 * as '?': a guest cannot send escape sequences to the hypervisor's
 * console. */
static void put_char(struct uart_model *u, char c)
{
	if (u->silent || c == '\r')
		return;
	if (c != '\n')
		u->line[u->line_len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '?';
	if (c == '\n' || u->line_len == UART_MODEL_LINE - 1)
		flush_line(u);
}

/* In loopback the modem outputs feed the modem inputs: RTS->CTS,
 * DTR->DSR, OUT1->RI, OUT2->DCD. Otherwise a terminal is attached. */
static uint8_t modem_status(const struct uart_model *u)
{
	if (!(u->mcr & MCR_LOOP))
		return MSR_DCD | MSR_DSR | MSR_CTS;
	return (uint8_t)(((u->mcr & 0x02) << 3) | ((u->mcr & 0x01) << 5) |
			 ((u->mcr & 0x0c) << 4));
}

static uint8_t interrupt_id(struct uart_model *u)
{
	uint8_t fifo = u->fcr & FCR_ENABLE ? IIR_FIFO : 0;

	if ((u->ier & IER_RDI) && u->rx_ready)
		return fifo | IIR_RDI;
	if ((u->ier & IER_THRI) && u->thr_irq) {
		u->thr_irq = false;     /* reading IIR acknowledges THR empty */
		return fifo | IIR_THRI;
	}
	return fifo | IIR_NO_INT;
}

static uint8_t read_locked(struct uart_model *u, unsigned offset)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (offset) {
	case UART_RBR_THR:
		if (dlab)
			return u->dll;
		if (!u->rx_ready)
			return 0;
		u->rx_ready = false;
		return u->rbr;
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR_FCR:
		return interrupt_id(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return LSR_THRE | LSR_TEMT | (u->rx_ready ? LSR_DR : 0);
	case UART_MSR:
		return modem_status(u);
	case UART_SCR:
		return u->scr;
	default:
		return 0xff;
	}
}

static void write_locked(struct uart_model *u, unsigned offset, uint8_t value)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (offset) {
	case UART_RBR_THR:
		if (dlab) {
			u->dll = value;
		} else if (u->mcr & MCR_LOOP) {
			u->rbr = value;         /* sent to itself, not to the line */
			u->rx_ready = true;
		} else {
			put_char(u, (char)value);
		}
		if (!dlab)
			u->thr_irq = true;      /* sent at once: THR empty again */
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = value;
			break;
		}
		/* Enabling the THR-empty interrupt while THR is empty raises it. */
		if ((value & IER_THRI) && !(u->ier & IER_THRI))
			u->thr_irq = true;
		u->ier = value & IER_MASK;
		break;
	case UART_IIR_FCR:
		if (value & FCR_CLEAR_RX)
			u->rx_ready = false;
		u->fcr = value & FCR_ENABLE ? value & FCR_KEPT : 0;
		break;
	case UART_LCR:
		u->lcr = value;
		break;
	case UART_MCR:
		u->mcr = value & MCR_MASK;
		break;
	case UART_SCR:
		u->scr = value;
		break;
	default:
		break;                  /* LSR and MSR are read-only */
	}
}

uint8_t uart_model_read(struct uart_model *u, unsigned offset)
{
	uint8_t value;

	spin_lock(&u->lock);
	value = read_locked(u, offset);
	spin_unlock(&u->lock);
	return value;
}

void uart_model_write(struct uart_model *u, unsigned offset, uint8_t value)
{
	spin_lock(&u->lock);
	write_locked(u, offset, value);
	spin_unlock(&u->lock);
}

void uart_model_text(struct uart_model *u, const char *text, size_t len)
{
	spin_lock(&u->lock);
	for (size_t i = 0; i < len; i++)
		put_char(u, text[i]);
	spin_unlock(&u->lock);
}
