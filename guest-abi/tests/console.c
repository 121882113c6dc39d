/* Console output: a small printf onto COM1 byte writes (tdvisor collects
 * them into lines). Under tdvisor there is no LSR polling: its COM1 need
 * not emulate the LSR. On bare hardware (the native smoke test) a real UART
 * drops bytes unless the transmitter is polled. */
#include "guest-abi/tests/rt.h"

#define COM1_LSR       (TDVISOR_PORT_COM1 + 5)
#define LSR_THR_EMPTY  0x20
#define LSR_POLL_LIMIT 100000   /* no UART at all: give up rather than hang */

struct out {
	char *buf;
	size_t size, len;       /* len stops growing at size - 1 */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void put_number(struct out *o, uint64_t v, unsigned base, bool negative,
		       int width, char pad)
{
	char digits[24];
	int n = 0;

	if (negative && pad == '0') {
		put(o, '-');
		negative = false;
		width--;
	}
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		digits[n++] = '-';
	for (int i = n; i < width; i++)
		put(o, pad);
	while (n)
		put(o, digits[--n]);
}

/* Returns the length written (truncated to size - 1), NUL-terminated. */
int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, longs = 0;

		if (*++fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			longs++;

		uint64_t u;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t s = longs ? va_arg(ap, int64_t) : va_arg(ap, int);

			put_number(&o, s < 0 ? -(uint64_t)s : (uint64_t)s, 10, s < 0,
				   width, pad);
			break;
		}
		case 'u':
		case 'x':
			u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			put_number(&o, u, *fmt == 'u' ? 10 : 16, false, width, pad);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (uint64_t)va_arg(ap, void *), 16, false, width, pad);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			for (s = s ? s : "(null)"; *s; s++)
				put(&o, *s);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:                /* unknown conversion: show it */
			put(&o, '%');
			if (!*fmt)
				goto done;
			put(&o, *fmt);
		}
	}
done:
	if (size)
		buf[o.len] = '\0';
	return (int)o.len;
}

int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static volatile int console_lock;

void console_write(const char *s, size_t len, bool lock)
{
	if (lock)
		while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
			asm volatile("pause");
	for (size_t i = 0; i < len; i++) {
		for (int n = 0; !guest_env.tdvisor && n < LSR_POLL_LIMIT; n++)
			if (inb(COM1_LSR) & LSR_THR_EMPTY)
				break;
		outb(TDVISOR_PORT_COM1, (uint8_t)s[i]);
	}
	if (lock)
		__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
}

void guest_printf(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, (size_t)n, true);
}
