/* libFuzzer target for the serial monitor's line editor and command parser
 * (hv/monitor_cmd.c). The input is what arrives on the console: it is
 * 1. parsed whole as one line, from an exactly-sized heap copy (ASan sees
 *    any read past it);
 * 2. fed byte by byte to the line editor, each finished line parsed.
 * Checked: echo stays within 4 bytes, a line never exceeds
 * MONITOR_LINE_MAX and is NUL-terminated, every parse yields a known kind
 * with NUL-terminated text, a guest name is 1-31 printable characters, an
 * error always has a message, a level is a real level. */
#include "../unit/shim.h"
#include "../../hv/monitor_cmd.c"

#define FC(c) do { if (!(c)) { fprintf(stderr, "invariant %s (line %d)\n", #c, __LINE__); \
		abort(); } } while (0)

static void check_cmd(const struct monitor_cmd *c)
{
	size_t n;

	FC(c->kind <= MON_ERROR);
	FC(memchr(c->msg, '\0', sizeof(c->msg)) != NULL);
	FC(memchr(c->name, '\0', sizeof(c->name)) != NULL);
	n = strlen(c->name);
	switch (c->kind) {
	case MON_TD:
	case MON_KILL:
	case MON_MIRROR_CHECK:
		FC(n >= 1 && n <= MANIFEST_NAME_MAX);
		for (size_t i = 0; i < n; i++)
			FC(c->name[i] > 0x20 && c->name[i] < 0x7f);
		break;
	case MON_LOG:
		FC(c->level <= LOG_DEBUG);
		break;
	case MON_ERROR:
		FC(c->msg[0] != '\0');
		for (size_t i = 0; c->msg[i]; i++)
			FC(c->msg[i] >= 0x20 && c->msg[i] < 0x7f);
		break;
	default:
		FC(n == 0);
		break;
	}
}

static void parse_copy(const uint8_t *bytes, size_t len)
{
	char *line = malloc(len ? len : 1);
	struct monitor_cmd cmd;

	memcpy(line, bytes, len);
	monitor_parse(line, len, &cmd);
	check_cmd(&cmd);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct monitor_rx rx;

	parse_copy(data, size);
	monitor_rx_reset(&rx);
	for (size_t i = 0; i < size; i++) {
		char echo[4];
		size_t echo_len = 99;
		enum monitor_rx_event ev = monitor_rx_byte(&rx, data[i], echo, &echo_len);

		FC(ev <= MONITOR_RX_TOO_LONG);
		FC(echo_len <= 4);
		FC(rx.len <= MONITOR_LINE_MAX);
		FC(rx.buf[rx.len] == '\0');
		FC(strlen(rx.buf) == rx.len);
		if (ev == MONITOR_RX_LINE) {
			FC(!rx.overflow);
			parse_copy((const uint8_t *)rx.buf, rx.len);
		}
		if (ev == MONITOR_RX_TOO_LONG)
			FC(rx.overflow);
	}
	return 0;
}
