/* The serial monitor's line editor and command parser (monitor_cmd.h).
 * Pure: no hardware, no globals written, every input byte allowed. */
#include "lib/format.h"
#include "lib/string.h"
#include "monitor_cmd.h"

#define MONITOR_MAX_WORDS 3     /* more than any command takes, to say "extra" */

const struct monitor_cmd_info monitor_cmds[] = {
	{ "help", MON_HELP, "help", "list the commands", false, false, false },
	{ "cpus", MON_CPUS, "cpus", "each CPU: APIC id, package, state, what it runs",
	  false, false, false },
	{ "mem", MON_MEM, "mem", "memory totals, free pages and reserved ranges",
	  false, false, false },
	{ "tdx", MON_TDX, "tdx", "TDX state, module, KeyIDs, PAMT, SEAMCALL count",
	  false, false, false },
	{ "tds", MON_TDS, "tds", "each Trust Domain: name, CPU, state", false, false, false },
	{ "vms", MON_VMS, "vms", "each VM: name, CPUs, memory, state", false, false, false },
	{ "td", MON_TD, "td NAME", "one Trust Domain's details", true, false, false },
	{ "kill", MON_KILL, "kill NAME", "stop the VM or TD NAME", true, false, false },
	{ "log", MON_LOG, "log error|warn|info|debug", "set the log level", false, true,
	  false },
	{ "mirror-check", MON_MIRROR_CHECK, "mirror-check NAME",
	  "check TD NAME's Secure-EPT mirror against the module", true, false, false },
	{ "exit", MON_EXIT, "exit", "end the run (only with exit=debug-port)", false, false,
	  true },
};
const unsigned monitor_nr_cmds = ARRAY_SIZE(monitor_cmds);

struct word {
	const char *s;
	size_t len;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static unsigned split(const char *line, size_t len, struct word *w, unsigned max)
{
	unsigned n = 0;
	size_t i = 0;

	while (i < len) {
		size_t start;

		while (i < len && is_space(line[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_space(line[i]))
			i++;
		if (n < max)
			w[n] = (struct word){ line + start, i - start };
		n++;
	}
	return n;
}

static bool word_is(const struct word *w, const char *s)
{
	size_t n = strlen(s);

	return w->len == n && memcmp(w->s, s, n) == 0;
}

/* A word as printable text for a message: at most 32 characters, anything
 * outside printable ASCII shown as '?'. */
static void printable(char *dst, size_t size, const struct word *w)
{
	size_t n = MIN(w->len, MIN(size - 1, (size_t)32));

	for (size_t i = 0; i < n; i++)
		dst[i] = w->s[i] >= 0x21 && w->s[i] < 0x7f ? w->s[i] : '?';
	if (w->len > n && n >= 3)
		memcpy(dst + n - 3, "...", 3);
	dst[n] = '\0';
}

static void error(struct monitor_cmd *out, const char *fmt, const char *a, const char *b)
{
	out->kind = MON_ERROR;
	format(out->msg, sizeof(out->msg), fmt, a, b);
}

static bool name_ok(const struct word *w)
{
	if (w->len == 0 || w->len > MANIFEST_NAME_MAX)
		return false;
	for (size_t i = 0; i < w->len; i++)
		if (w->s[i] < 0x21 || w->s[i] >= 0x7f)
			return false;
	return true;
}

static void parse_args(const struct monitor_cmd_info *c, const struct word *w, unsigned n,
		       struct monitor_cmd *out)
{
	unsigned want = (c->takes_name || c->takes_level) ? 1 : 0;
	char text[40];

	if (n - 1 != want) {
		error(out, "usage: %s%s", c->usage,
		      n - 1 > want ? " (too many arguments)" : " (missing argument)");
		return;
	}
	out->kind = c->kind;
	if (c->takes_name) {
		if (!name_ok(&w[1])) {
			printable(text, sizeof(text), &w[1]);
			error(out, "%s: '%s' is not a guest name (1-31 printable characters)",
			      c->name, text);
			return;
		}
		memcpy(out->name, w[1].s, w[1].len);
		out->name[w[1].len] = '\0';
	}
	if (c->takes_level) {
		char level[8];

		if (w[1].len >= sizeof(level)) {
			error(out, "usage: %s%s", c->usage, " (not a level)");
			return;
		}
		memcpy(level, w[1].s, w[1].len);
		level[w[1].len] = '\0';
		if (!log_level_from_name(level, &out->level))
			error(out, "usage: %s%s", c->usage, " (not a level)");
	}
}

void monitor_parse(const char *line, size_t len, struct monitor_cmd *out)
{
	struct word w[MONITOR_MAX_WORDS];
	unsigned n = split(line, len, w, MONITOR_MAX_WORDS);
	char text[40];

	memset(out, 0, sizeof(*out));
	out->kind = MON_EMPTY;
	if (n == 0)
		return;
	for (unsigned i = 0; i < monitor_nr_cmds; i++)
		if (word_is(&w[0], monitor_cmds[i].name)) {
			parse_args(&monitor_cmds[i], w, n, out);
			return;
		}
	printable(text, sizeof(text), &w[0]);
	error(out, "monitor: unknown command '%s'; type help%s", text, "");
}

void monitor_rx_reset(struct monitor_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

enum monitor_rx_event monitor_rx_byte(struct monitor_rx *rx, uint8_t c, char echo[4],
				      size_t *echo_len)
{
	bool after_cr = rx->last_cr;

	*echo_len = 0;
	rx->last_cr = c == '\r';
	if (rx->done) {
		rx->len = 0;
		rx->overflow = false;
		rx->done = false;
	}
	rx->buf[rx->len] = '\0';
	if (c == '\n' && after_cr)
		return MONITOR_RX_NONE;         /* the LF of a CR LF */
	if (c == '\r' || c == '\n') {
		echo[(*echo_len)++] = '\n';
		rx->done = true;
		return rx->overflow ? MONITOR_RX_TOO_LONG : MONITOR_RX_LINE;
	}
	if (c == '\b' || c == 0x7f) {
		if (rx->len && !rx->overflow) {
			rx->buf[--rx->len] = '\0';
			memcpy(echo, "\b \b", 3);
			*echo_len = 3;
		}
		return MONITOR_RX_NONE;
	}
	if (c < 0x20 && c != '\t')
		return MONITOR_RX_NONE;
	if (c >= 0x7f)
		return MONITOR_RX_NONE;
	if (rx->len == MONITOR_LINE_MAX) {
		rx->overflow = true;
		return MONITOR_RX_NONE;
	}
	if (rx->overflow)
		return MONITOR_RX_NONE;
	rx->buf[rx->len++] = (char)c;
	rx->buf[rx->len] = '\0';
	echo[(*echo_len)++] = (char)c;
	return MONITOR_RX_NONE;
}
