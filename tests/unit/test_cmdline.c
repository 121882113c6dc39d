/* Command line parser: lookup, bare keys, buffer bounds, numbers, console
 * ports, log levels, duplicates (the last occurrence wins). */
#include "shim.h"
#include "../../hv/cmdline.c"
#include "test.h"

TEST(get_present_and_absent)
{
	const char *cl = "console=ttyS1 loglevel=debug exit=debug-port";
	char v[32];

	shim_log_clear();
	CHECK(cmdline_get(cl, "console", v, sizeof(v)));
	CHECK_STR(v, "ttyS1");
	CHECK(cmdline_get(cl, "exit", v, sizeof(v)));
	CHECK_STR(v, "debug-port");
	CHECK(cmdline_get(cl, "loglevel", v, sizeof(v)));
	CHECK_STR(v, "debug");
	CHECK(!cmdline_get(cl, "consol", v, sizeof(v)));
	CHECK(!cmdline_get(cl, "console=ttyS1", v, sizeof(v)));
	CHECK(!cmdline_get(cl, "ttyS1", v, sizeof(v)));
	CHECK(!cmdline_get(cl, "exit=debug", v, sizeof(v)));
	CHECK(!cmdline_get("", "console", v, sizeof(v)));
	CHECK(!cmdline_get(NULL, "console", v, sizeof(v)));
	CHECK(!cmdline_get("   \t ", "console", v, sizeof(v)));
	CHECK_EQ(shim_log[0], 0);
}

TEST(bare_keys_and_empty_values)
{
	const char *cl = "  nosmp\tquiet  empty= a=b=c ";
	char v[16];

	CHECK(cmdline_has(cl, "nosmp"));
	CHECK(cmdline_has(cl, "quiet"));
	CHECK(cmdline_has(cl, "empty"));
	CHECK(cmdline_has(cl, "a"));
	CHECK(!cmdline_has(cl, "no"));
	CHECK(!cmdline_has(cl, "b"));
	CHECK(!cmdline_has(NULL, "quiet"));
	strcpy(v, "junk");
	CHECK(cmdline_get(cl, "nosmp", v, sizeof(v)));
	CHECK_STR(v, "");
	CHECK(cmdline_get(cl, "quiet", v, sizeof(v)));
	CHECK_STR(v, "");
	strcpy(v, "junk");
	CHECK(cmdline_get(cl, "empty", v, sizeof(v)));
	CHECK_STR(v, "");
	CHECK(cmdline_get(cl, "a", v, sizeof(v)));
	CHECK_STR(v, "b=c");
}

TEST(word_iteration)
{
	const char *cursor = "a=1 b =c";
	struct cmdline_word w;

	CHECK(cmdline_next(&cursor, &w));
	CHECK(w.key_len == 1 && w.key[0] == 'a' && w.has_value);
	CHECK(w.value_len == 1 && w.value[0] == '1');
	CHECK(cmdline_next(&cursor, &w));
	CHECK(w.key_len == 1 && w.key[0] == 'b' && !w.has_value && w.value_len == 0);
	CHECK(cmdline_next(&cursor, &w));
	CHECK(w.key_len == 0 && w.has_value && w.value_len == 1 && w.value[0] == 'c');
	CHECK(!cmdline_next(&cursor, &w));
	CHECK(!cmdline_next(&cursor, &w));
}

TEST(buffer_too_small)
{
	char v[8];

	shim_log_clear();
	memset(v, 'x', sizeof(v));
	CHECK(!cmdline_get("key=12345678", "key", v, sizeof(v)));
	CHECK(shim_log_has("cmdline: value of key is longer than 7 bytes"));
	CHECK_STR(v, "");
	CHECK(cmdline_get("key=1234567", "key", v, sizeof(v)));
	CHECK_STR(v, "1234567");

	shim_log_clear();
	CHECK(!cmdline_get("key", "key", v, 0));
	CHECK(shim_log_has("cmdline: value of key is longer than 0 bytes"));
	CHECK(cmdline_get("key", "key", v, 1));
	CHECK_STR(v, "");

	/* the last occurrence counts, even when an earlier one would fit */
	shim_log_clear();
	CHECK(!cmdline_get("key=1 key=123456789", "key", v, sizeof(v)));
	CHECK(shim_log_has("cmdline: value of key is longer than 7 bytes"));
}

TEST(duplicates_last_wins)
{
	char v[16];
	uint64_t n = 0;
	uint16_t port;

	CHECK(cmdline_get("loglevel=info x loglevel=warn", "loglevel", v, sizeof(v)));
	CHECK_STR(v, "warn");
	CHECK(cmdline_get("k=1 k", "k", v, sizeof(v)));
	CHECK_STR(v, "");
	CHECK(cmdline_get_u64("n=1 n=0x20", "n", &n));
	CHECK_EQ(n, 0x20);
	CHECK(cmdline_console_port("console=ttyS1 console=ttyS3", &port));
	CHECK_EQ(port, 0x2e8);
}

TEST(u64_parsing)
{
	uint64_t n = 7;

	shim_log_clear();
	CHECK(cmdline_get_u64("n=0", "n", &n));
	CHECK_EQ(n, 0);
	CHECK(cmdline_get_u64("n=18446744073709551615", "n", &n));
	CHECK_EQ(n, UINT64_MAX);
	CHECK(cmdline_get_u64("n=0xffffffffffffffff", "n", &n));
	CHECK_EQ(n, UINT64_MAX);
	CHECK(cmdline_get_u64("n=0XaBc", "n", &n));
	CHECK_EQ(n, 0xabc);
	CHECK(cmdline_get_u64("n=007", "n", &n)); /* decimal, not octal */
	CHECK_EQ(n, 7);
	CHECK_EQ(shim_log[0], 0);

	n = 42;
	CHECK(!cmdline_get_u64("m=1", "n", &n));
	CHECK_EQ(shim_log[0], 0);
	CHECK(!cmdline_get_u64("n=18446744073709551616", "n", &n));
	CHECK(shim_log_has("cmdline: n=18446744073709551616 is not a decimal or 0x-hex number below 2^64"));
	CHECK(!cmdline_get_u64("n=0x10000000000000000", "n", &n));
	CHECK(shim_log_has("cmdline: n=0x10000000000000000 is not"));
	CHECK(!cmdline_get_u64("n=0x", "n", &n));
	CHECK(shim_log_has("cmdline: n=0x is not"));
	CHECK(!cmdline_get_u64("n=", "n", &n));
	CHECK(shim_log_has("cmdline: n= is not"));
	CHECK(!cmdline_get_u64("n", "n", &n));
	CHECK(!cmdline_get_u64("n=12a", "n", &n));
	CHECK(shim_log_has("cmdline: n=12a is not"));
	CHECK(!cmdline_get_u64("n=-1", "n", &n));
	CHECK(!cmdline_get_u64("n=0xfg", "n", &n));
	CHECK(!cmdline_get_u64("n=+5", "n", &n));
	CHECK_EQ(n, 42);
}

TEST(console_ports)
{
	uint16_t port = 0;

	shim_log_clear();
	CHECK(cmdline_console_port("", &port));
	CHECK_EQ(port, 0x3f8);
	CHECK(cmdline_console_port(NULL, &port));
	CHECK_EQ(port, 0x3f8);
	CHECK(cmdline_console_port("console=ttyS0", &port));
	CHECK_EQ(port, 0x3f8);
	CHECK(cmdline_console_port("console=ttyS1", &port));
	CHECK_EQ(port, 0x2f8);
	CHECK(cmdline_console_port("quiet console=ttyS2 x", &port));
	CHECK_EQ(port, 0x3e8);
	CHECK(cmdline_console_port("console=ttyS3", &port));
	CHECK_EQ(port, 0x2e8);
	CHECK(cmdline_console_port("console=0x3f8", &port));
	CHECK_EQ(port, 0x3f8);
	CHECK(cmdline_console_port("console=0x2F8", &port));
	CHECK_EQ(port, 0x2f8);
	CHECK(cmdline_console_port("console=1016", &port));
	CHECK_EQ(port, 0x3f8);
	CHECK_EQ(shim_log[0], 0);

	CHECK(!cmdline_console_port("console=ttyS4", &port));
	CHECK_EQ(port, 0x3f8);
	CHECK(shim_log_has("cmdline: console=ttyS4 is not ttyS0-ttyS3 or an I/O port; using 0x3f8"));
	port = 0;
	CHECK(!cmdline_console_port("console=0x10000", &port));
	CHECK_EQ(port, 0x3f8);
	CHECK(!cmdline_console_port("console=0", &port));
	CHECK(!cmdline_console_port("console=ttyS", &port));
	CHECK(!cmdline_console_port("console=ttyS00", &port));
	CHECK(!cmdline_console_port("console", &port));
	CHECK(shim_log_has("cmdline: console= is not ttyS0-ttyS3"));
}

TEST(log_levels)
{
	enum log_level l = LOG_INFO;

	shim_log_clear();
	CHECK(!cmdline_log_level("quiet", &l));
	CHECK_EQ(l, LOG_INFO);
	CHECK_EQ(shim_log[0], 0);
	CHECK(cmdline_log_level("loglevel=error", &l));
	CHECK_EQ(l, LOG_ERROR);
	CHECK(cmdline_log_level("loglevel=warn", &l));
	CHECK_EQ(l, LOG_WARN);
	CHECK(cmdline_log_level("loglevel=debug", &l));
	CHECK_EQ(l, LOG_DEBUG);
	CHECK(cmdline_log_level("loglevel=info", &l));
	CHECK_EQ(l, LOG_INFO);

	CHECK(!cmdline_log_level("loglevel=verbose", &l));
	CHECK(shim_log_has("cmdline: loglevel=verbose is not error, warn, info or debug"));
	CHECK(!cmdline_log_level("loglevel=debugdebug", &l));
	CHECK(!cmdline_log_level("loglevel=", &l));
	CHECK(!cmdline_log_level("loglevel=3", &l));
	CHECK_EQ(l, LOG_INFO);
}

TEST(long_values_are_quoted_short)
{
	char cl[300] = "console=";
	uint16_t port;

	memset(cl + 8, 'z', 200);
	cl[208] = '\0';
	shim_log_clear();
	CHECK(!cmdline_console_port(cl, &port));
	/* 64 characters quoted, not 200 */
	CHECK(shim_log_has("cmdline: console=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz is not"));
}

TEST(warn_unknown)
{
	static const char *const known[] = { "console", "loglevel", "exit" };

	shim_log_clear();
	CHECK_EQ(cmdline_warn_unknown("console=ttyS0 loglevel=info exit=debug-port",
				      known, ARRAY_SIZE(known)), 0);
	CHECK_EQ(shim_log[0], 0);
	CHECK_EQ(cmdline_warn_unknown("consol=ttyS0 quiet loglevel exitx=1",
				      known, ARRAY_SIZE(known)), 3);
	CHECK(shim_log_has("cmdline: unknown option 'consol' ignored"));
	CHECK(shim_log_has("cmdline: unknown option 'quiet' ignored"));
	CHECK(shim_log_has("cmdline: unknown option 'exitx' ignored"));
	CHECK(!shim_log_has("'loglevel'"));
	CHECK_EQ(cmdline_warn_unknown(NULL, known, ARRAY_SIZE(known)), 0);
}
