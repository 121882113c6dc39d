/* A small vsnprintf. It never writes past the buffer and never reads a
 * string argument past the precision, so it is safe on untrusted strings. */
#include "format.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Right-aligned in width; the caller pads left-aligned fields afterwards. */
static void put_number(struct out *o, uint64_t v, bool negative, unsigned base,
		       bool upper, int width, bool zero)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		width--;
	if (!zero)
		pad(o, ' ', width - n);
	if (negative)
		put(o, '-');
	if (zero)
		pad(o, '0', width - n);
	while (n)
		put(o, tmp[--n]);
}

static void put_string(struct out *o, const char *s, int width, int precision)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while ((precision < 0 || n < precision) && s[n])
		n++;
	pad(o, ' ', width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
}

size_t vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, zero = false;
		int width = 0, precision = -1, longs = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++)
			*fmt == '-' ? (left = true) : (zero = true);
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		if (*fmt == '.') {
			precision = 0;
			if (*++fmt == '*') {
				precision = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				precision = precision * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'h'; fmt++)
			if (*fmt != 'h')
				longs++;

		size_t start = o.len;
		uint64_t v;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t s = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			v = s < 0 ? -(uint64_t)s : (uint64_t)s;
			put_number(&o, v, s < 0, 10, false, left ? 0 : width, zero);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			put_number(&o, v, false,
				   *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				   *fmt == 'X', left ? 0 : width, zero);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				   false, 0, false);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's':
			put_string(&o, va_arg(ap, const char *), left ? 0 : width,
				   precision);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
		if (left)
			pad(&o, ' ', width - (int)(o.len - start));
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

size_t format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
