/* The serial monitor's parser and line editor (hv/monitor_cmd.c): every
 * command, every error, and the editor's echo, erase, CR LF and overflow. */
#include "shim.h"
#include "../../hv/monitor_cmd.c"
#include "test.h"

static struct monitor_cmd cmd;

static enum monitor_cmd_kind parse(const char *line)
{
	monitor_parse(line, strlen(line), &cmd);
	return cmd.kind;
}

TEST(commands_without_arguments)
{
	CHECK_EQ(parse("help"), MON_HELP);
	CHECK_EQ(parse("cpus"), MON_CPUS);
	CHECK_EQ(parse("mem"), MON_MEM);
	CHECK_EQ(parse("tdx"), MON_TDX);
	CHECK_EQ(parse("tds"), MON_TDS);
	CHECK_EQ(parse("vms"), MON_VMS);
	CHECK_EQ(parse("exit"), MON_EXIT);
	CHECK_EQ(parse("  \tvms \t "), MON_VMS);
	CHECK_STR(cmd.name, "");
	CHECK_STR(cmd.msg, "");
}

TEST(empty_lines)
{
	CHECK_EQ(parse(""), MON_EMPTY);
	CHECK_EQ(parse("   "), MON_EMPTY);
	CHECK_EQ(parse("\t \t"), MON_EMPTY);
	monitor_parse(NULL, 0, &cmd);
	CHECK_EQ(cmd.kind, MON_EMPTY);
}

TEST(commands_with_a_name)
{
	CHECK_EQ(parse("td td0"), MON_TD);
	CHECK_STR(cmd.name, "td0");
	CHECK_EQ(parse("kill vm1"), MON_KILL);
	CHECK_STR(cmd.name, "vm1");
	CHECK_EQ(parse("mirror-check  my-td "), MON_MIRROR_CHECK);
	CHECK_STR(cmd.name, "my-td");
	/* 31 characters is the longest manifest name. */
	CHECK_EQ(parse("td abcdefghijklmnopqrstuvwxyz01"), MON_TD);
	CHECK_STR(cmd.name, "abcdefghijklmnopqrstuvwxyz01");
	CHECK_EQ(parse("kill abcdefghijklmnopqrstuvwxyz012345"), MON_ERROR);
}

TEST(name_length_limit)
{
	char line[64] = "td ";

	memset(line + 3, 'n', MANIFEST_NAME_MAX);
	CHECK_EQ(parse(line), MON_TD);
	CHECK_EQ(strlen(cmd.name), MANIFEST_NAME_MAX);
	line[3 + MANIFEST_NAME_MAX] = 'n';
	CHECK_EQ(parse(line), MON_ERROR);
	CHECK_STR(cmd.msg, "td: 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn' is not a guest name "
		  "(1-31 printable characters)");
	/* Longer words are cut in messages. */
	memset(line + 3, 'n', 40);
	line[43] = '\0';
	CHECK_EQ(parse(line), MON_ERROR);
	CHECK_STR(cmd.msg, "td: 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnn...' is not a guest name "
		  "(1-31 printable characters)");
}

TEST(names_with_odd_bytes)
{
	const char line[] = "kill a\x01z";

	monitor_parse(line, sizeof(line) - 1, &cmd);
	CHECK_EQ(cmd.kind, MON_ERROR);
	CHECK_STR(cmd.msg, "kill: 'a?z' is not a guest name (1-31 printable characters)");
}

TEST(missing_and_extra_arguments)
{
	CHECK_EQ(parse("td"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: td NAME (missing argument)");
	CHECK_EQ(parse("kill"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: kill NAME (missing argument)");
	CHECK_EQ(parse("mirror-check"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: mirror-check NAME (missing argument)");
	CHECK_EQ(parse("log"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: log error|warn|info|debug (missing argument)");
	CHECK_EQ(parse("td a b"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: td NAME (too many arguments)");
	CHECK_EQ(parse("kill a b c d"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: kill NAME (too many arguments)");
	CHECK_EQ(parse("help me"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: help (too many arguments)");
	CHECK_EQ(parse("cpus 1"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: cpus (too many arguments)");
	CHECK_EQ(parse("mem x"), MON_ERROR);
	CHECK_EQ(parse("tdx x"), MON_ERROR);
	CHECK_EQ(parse("tds x"), MON_ERROR);
	CHECK_EQ(parse("vms x"), MON_ERROR);
	CHECK_EQ(parse("exit now"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: exit (too many arguments)");
	CHECK_EQ(parse("log debug info"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: log error|warn|info|debug (too many arguments)");
}

TEST(log_levels)
{
	CHECK_EQ(parse("log error"), MON_LOG);
	CHECK_EQ(cmd.level, LOG_ERROR);
	CHECK_EQ(parse("log warn"), MON_LOG);
	CHECK_EQ(cmd.level, LOG_WARN);
	CHECK_EQ(parse("log info"), MON_LOG);
	CHECK_EQ(cmd.level, LOG_INFO);
	CHECK_EQ(parse("log debug"), MON_LOG);
	CHECK_EQ(cmd.level, LOG_DEBUG);
	CHECK_EQ(parse("log loud"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: log error|warn|info|debug (not a level)");
	CHECK_EQ(parse("log DEBUG"), MON_ERROR);
	CHECK_EQ(parse("log debugging"), MON_ERROR);
	CHECK_STR(cmd.msg, "usage: log error|warn|info|debug (not a level)");
}

TEST(unknown_commands)
{
	CHECK_EQ(parse("bogus"), MON_ERROR);
	CHECK_STR(cmd.msg, "monitor: unknown command 'bogus'; type help");
	CHECK_EQ(parse("HELP"), MON_ERROR);
	CHECK_STR(cmd.msg, "monitor: unknown command 'HELP'; type help");
	CHECK_EQ(parse("hel"), MON_ERROR);
	CHECK_EQ(parse("helpx"), MON_ERROR);
	CHECK_EQ(parse("mirror"), MON_ERROR);
	CHECK_EQ(parse("xyz td0 extra"), MON_ERROR);
	CHECK_STR(cmd.msg, "monitor: unknown command 'xyz'; type help");
	CHECK_EQ(parse("0123456789012345678901234567890123456789"), MON_ERROR);
	CHECK_STR(cmd.msg, "monitor: unknown command '01234567890123456789012345678...'; type help");
}

TEST(parse_reads_only_len_bytes)
{
	monitor_parse("helpme", 4, &cmd);
	CHECK_EQ(cmd.kind, MON_HELP);
	monitor_parse("td td0 junk", 6, &cmd);
	CHECK_EQ(cmd.kind, MON_TD);
	CHECK_STR(cmd.name, "td0");
}

TEST(help_table)
{
	unsigned hidden = 0;

	for (unsigned i = 0; i < monitor_nr_cmds; i++) {
		CHECK(monitor_cmds[i].usage && monitor_cmds[i].help);
		CHECK(strncmp(monitor_cmds[i].usage, monitor_cmds[i].name,
			      strlen(monitor_cmds[i].name)) == 0);
		CHECK_EQ(parse(monitor_cmds[i].name),
			 monitor_cmds[i].takes_name || monitor_cmds[i].takes_level ?
			 MON_ERROR : monitor_cmds[i].kind);
		hidden += monitor_cmds[i].hidden;
	}
	CHECK_EQ(monitor_nr_cmds, 11);
	CHECK_EQ(hidden, 1);    /* exit */
}

/* Feeds s to the editor; returns the last event, echo appended to out. */
static enum monitor_rx_event feed(struct monitor_rx *rx, const char *s, size_t len,
				  char *out, size_t *out_len)
{
	enum monitor_rx_event last = MONITOR_RX_NONE;

	for (size_t i = 0; i < len; i++) {
		char echo[4];
		size_t n;
		enum monitor_rx_event ev = monitor_rx_byte(rx, (uint8_t)s[i], echo, &n);

		CHECK(n <= 4);
		memcpy(out + *out_len, echo, n);
		*out_len += n;
		out[*out_len] = '\0';
		if (ev != MONITOR_RX_NONE)
			last = ev;
	}
	return last;
}

TEST(editor_line_and_echo)
{
	struct monitor_rx rx;
	char out[512];
	size_t n = 0;

	monitor_rx_reset(&rx);
	CHECK_EQ(feed(&rx, "cpus", 4, out, &n), MONITOR_RX_NONE);
	CHECK_EQ(feed(&rx, "\n", 1, out, &n), MONITOR_RX_LINE);
	CHECK_STR(rx.buf, "cpus");
	CHECK_EQ(rx.len, 4);
	CHECK_STR(out, "cpus\n");
	/* The next byte starts a new line. */
	n = 0;
	CHECK_EQ(feed(&rx, "vms\r", 4, out, &n), MONITOR_RX_LINE);
	CHECK_STR(rx.buf, "vms");
	CHECK_STR(out, "vms\n");
}

TEST(editor_cr_lf_is_one_end)
{
	struct monitor_rx rx;
	char out[512];
	size_t n = 0;

	monitor_rx_reset(&rx);
	CHECK_EQ(feed(&rx, "tdx\r", 4, out, &n), MONITOR_RX_LINE);
	CHECK_EQ(feed(&rx, "\n", 1, out, &n), MONITOR_RX_NONE);
	CHECK_EQ(feed(&rx, "\n", 1, out, &n), MONITOR_RX_LINE);  /* a real empty line */
	CHECK_STR(rx.buf, "");
	CHECK_STR(out, "tdx\n\n");
}

TEST(editor_backspace_and_control_bytes)
{
	struct monitor_rx rx;
	char out[512];
	size_t n = 0;

	monitor_rx_reset(&rx);
	static const char keys[] = "\bhepl\b\x7flp\x1b\x01\xff\n";

	CHECK_EQ(feed(&rx, keys, sizeof(keys) - 1, out, &n), MONITOR_RX_LINE);
	CHECK_STR(rx.buf, "help");
	CHECK_STR(out, "hepl\b \b\b \blp\n");
	n = 0;
	CHECK_EQ(feed(&rx, "a\tb\n", 4, out, &n), MONITOR_RX_LINE);
	CHECK_STR(rx.buf, "a\tb");
}

TEST(editor_overlong_line_discarded)
{
	struct monitor_rx rx;
	char line[300], out[1024];
	size_t n = 0;

	monitor_rx_reset(&rx);
	memset(line, 'x', 200);
	CHECK_EQ(feed(&rx, line, 200, out, &n), MONITOR_RX_NONE);
	CHECK_EQ(rx.len, MONITOR_LINE_MAX);
	CHECK_EQ(n, MONITOR_LINE_MAX);  /* only what is kept is echoed */
	CHECK_EQ(feed(&rx, "\b\b", 2, out, &n), MONITOR_RX_NONE);
	CHECK_EQ(feed(&rx, "\n", 1, out, &n), MONITOR_RX_TOO_LONG);
	/* The next line is clean again. */
	CHECK_EQ(feed(&rx, "help\n", 5, out, &n), MONITOR_RX_LINE);
	CHECK_STR(rx.buf, "help");
	/* Exactly MONITOR_LINE_MAX characters still fit. */
	CHECK_EQ(feed(&rx, line, MONITOR_LINE_MAX, out, &n), MONITOR_RX_NONE);
	CHECK_EQ(feed(&rx, "\r", 1, out, &n), MONITOR_RX_LINE);
	CHECK_EQ(rx.len, MONITOR_LINE_MAX);
}
