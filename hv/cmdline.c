/* Command line words -> typed options. The line comes from the boot loader's
 * configuration, so every value is length-checked before it is copied. */
#include "cmdline.h"
#include "lib/string.h"

/* Longest value quoted back in an error message. */
#define CMDLINE_QUOTE_MAX 64

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool cmdline_next(const char **cursor, struct cmdline_word *w)
{
	const char *p = *cursor;

	if (!p)
		return false;
	while (is_space(*p))
		p++;
	if (!*p) {
		*cursor = p;
		return false;
	}
	w->key = p;
	while (*p && !is_space(*p) && *p != '=')
		p++;
	w->key_len = p - w->key;
	w->has_value = *p == '=';
	if (w->has_value)
		p++;
	w->value = p;
	while (w->has_value && *p && !is_space(*p))
		p++;
	w->value_len = p - w->value;
	*cursor = p;
	return true;
}

static bool key_is(const struct cmdline_word *w, const char *key)
{
	return w->key_len == strlen(key) && memcmp(w->key, key, w->key_len) == 0;
}

/* The last word with this key. */
static bool find(const char *cmdline, const char *key, struct cmdline_word *out)
{
	const char *cursor = cmdline;
	struct cmdline_word w;
	bool found = false;

	while (cmdline_next(&cursor, &w)) {
		if (key_is(&w, key)) {
			*out = w;
			found = true;
		}
	}
	return found;
}

static bool value_is(const struct cmdline_word *w, const char *s)
{
	return w->value_len == strlen(s) && memcmp(w->value, s, w->value_len) == 0;
}

static int quote_len(const struct cmdline_word *w)
{
	return (int)MIN(w->value_len, CMDLINE_QUOTE_MAX);
}

bool cmdline_has(const char *cmdline, const char *key)
{
	struct cmdline_word w;

	return find(cmdline, key, &w);
}

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
	struct cmdline_word w;

	if (!find(cmdline, key, &w))
		return false;
	if (w.value_len >= size) {
		log_error("cmdline: value of %s is longer than %zu bytes",
			  key, size ? size - 1 : 0);
		if (size)
			val[0] = '\0';
		return false;
	}
	memcpy(val, w.value, w.value_len);
	val[w.value_len] = '\0';
	return true;
}

static bool parse_u64(const char *s, size_t len, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	}
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

bool cmdline_get_u64(const char *cmdline, const char *key, uint64_t *out)
{
	struct cmdline_word w;

	if (!find(cmdline, key, &w))
		return false;
	if (!parse_u64(w.value, w.value_len, out)) {
		log_error("cmdline: %s=%.*s is not a decimal or 0x-hex number below 2^64",
			  key, quote_len(&w), w.value);
		return false;
	}
	return true;
}

bool cmdline_console_port(const char *cmdline, uint16_t *port)
{
	static const struct {
		const char *name;
		uint16_t port;
	} ttys[] = {
		{ "ttyS0", 0x3f8 },
		{ "ttyS1", 0x2f8 },
		{ "ttyS2", 0x3e8 },
		{ "ttyS3", 0x2e8 },
	};
	struct cmdline_word w;
	uint64_t v;

	*port = CMDLINE_COM1;
	if (!find(cmdline, "console", &w))
		return true;
	for (unsigned i = 0; i < ARRAY_SIZE(ttys); i++) {
		if (value_is(&w, ttys[i].name)) {
			*port = ttys[i].port;
			return true;
		}
	}
	if (parse_u64(w.value, w.value_len, &v) && v > 0 && v <= 0xffff) {
		*port = v;
		return true;
	}
	log_error("cmdline: console=%.*s is not ttyS0-ttyS3 or an I/O port; using 0x%x",
		  quote_len(&w), w.value, CMDLINE_COM1);
	return false;
}

bool cmdline_log_level(const char *cmdline, enum log_level *level)
{
	struct cmdline_word w;
	char name[8];

	if (!find(cmdline, "loglevel", &w))
		return false;
	if (w.value_len < sizeof(name)) {
		memcpy(name, w.value, w.value_len);
		name[w.value_len] = '\0';
		if (log_level_from_name(name, level))
			return true;
	}
	log_error("cmdline: loglevel=%.*s is not error, warn, info or debug",
		  quote_len(&w), w.value);
	return false;
}

unsigned cmdline_warn_unknown(const char *cmdline, const char *const *known,
			      unsigned nr_known)
{
	const char *cursor = cmdline;
	struct cmdline_word w;
	unsigned unknown = 0;

	while (cmdline_next(&cursor, &w)) {
		unsigned i = 0;

		while (i < nr_known && !key_is(&w, known[i]))
			i++;
		if (i == nr_known) {
			log_warn("cmdline: unknown option '%.*s' ignored",
				 (int)MIN(w.key_len, CMDLINE_QUOTE_MAX), w.key);
			unknown++;
		}
	}
	return unknown;
}
