/* GDB packet layer: framing (checksums, acks, Ctrl-C, resync, overlong
 * packets), decoding of every supported command and of malformed ones, and
 * the reply builders (hex, escapes, bounded buffers). */
#include "shim.h"
#include "../../hv/gdb_packet.c"
#include "test.h"

static struct gdb_rx rx;
static uint8_t data[64];
static struct gdb_cmd cmd;

/* Feeds s; returns the event of its last byte. */
static enum gdb_rx_event feed_n(const char *s, size_t n)
{
	enum gdb_rx_event ev = GDB_RX_NONE;

	for (size_t i = 0; i < n; i++)
		ev = gdb_rx_byte(&rx, (uint8_t)s[i]);
	return ev;
}

static enum gdb_rx_event feed(const char *s)
{
	return feed_n(s, strlen(s));
}

/* "$payload#cc" with the right checksum. */
static const char *framed(const char *payload)
{
	static char buf[GDB_PACKET_MAX + 16];

	snprintf(buf, sizeof(buf), "$%s#%02x", payload,
		 gdb_checksum(payload, strlen(payload)));
	return buf;
}

static enum gdb_cmd_kind dec(const char *pkt)
{
	gdb_decode(pkt, strlen(pkt), data, sizeof(data), &cmd);
	return cmd.kind;
}

static enum gdb_cmd_kind dec_n(const char *pkt, size_t n)
{
	gdb_decode(pkt, n, data, sizeof(data), &cmd);
	return cmd.kind;
}

TEST(rx_good_packet)
{
	gdb_rx_reset(&rx);
	CHECK_EQ(feed("$g#67"), GDB_RX_PACKET);
	CHECK_EQ(rx.len, 1);
	CHECK(strcmp(rx.buf, "g") == 0);
	CHECK_EQ(feed("$?#3F"), GDB_RX_PACKET);  /* checksum digits in either case */
	CHECK(strcmp(rx.buf, "?") == 0);
	CHECK_EQ(feed("$#00"), GDB_RX_PACKET);   /* the empty packet */
	CHECK_EQ(rx.len, 0);
	CHECK_EQ(feed(framed("m1000,40")), GDB_RX_PACKET);
	CHECK(strcmp(rx.buf, "m1000,40") == 0);
}

TEST(rx_every_byte_but_the_last_is_none)
{
	const char *p = framed("qSupported:swbreak+");

	gdb_rx_reset(&rx);
	for (size_t i = 0; i + 1 < strlen(p); i++)
		CHECK_EQ(gdb_rx_byte(&rx, (uint8_t)p[i]), GDB_RX_NONE);
	CHECK_EQ(gdb_rx_byte(&rx, (uint8_t)p[strlen(p) - 1]), GDB_RX_PACKET);
}

TEST(rx_bad_checksums)
{
	gdb_rx_reset(&rx);
	CHECK_EQ(feed("$g#68"), GDB_RX_BAD_CHECKSUM);
	CHECK_EQ(feed("$g#6z"), GDB_RX_BAD_CHECKSUM);
	CHECK_EQ(feed("$g#z7"), GDB_RX_BAD_CHECKSUM);
	CHECK_EQ(feed("$g#-7"), GDB_RX_BAD_CHECKSUM);
	/* Still in step afterwards. */
	CHECK_EQ(feed("$g#67"), GDB_RX_PACKET);
}

TEST(rx_acks_and_break)
{
	gdb_rx_reset(&rx);
	CHECK_EQ(feed("+"), GDB_RX_ACK);
	CHECK_EQ(feed("-"), GDB_RX_NAK);
	CHECK_EQ(feed("\x03"), GDB_RX_BREAK);
	CHECK_EQ(feed("x"), GDB_RX_NONE);
	CHECK_EQ(feed("#"), GDB_RX_NONE);       /* a stray '#' outside a packet */
	CHECK_EQ(feed("$g#67+"), GDB_RX_ACK);
}

TEST(rx_control_bytes_inside_a_packet_are_data)
{
	static const char pkt[] = "X10,3:\x03+-";
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "$%s#%02x", pkt, gdb_checksum(pkt, sizeof(pkt) - 1));

	gdb_rx_reset(&rx);
	CHECK_EQ(feed_n(buf, (size_t)n), GDB_RX_PACKET);
	CHECK_EQ(rx.len, sizeof(pkt) - 1);
	CHECK(memcmp(rx.buf, pkt, sizeof(pkt) - 1) == 0);
}

TEST(rx_dollar_restarts)
{
	gdb_rx_reset(&rx);
	CHECK_EQ(feed("$m10,garbage$g#67"), GDB_RX_PACKET);
	CHECK(strcmp(rx.buf, "g") == 0);
	CHECK_EQ(feed("$g#6$g#67"), GDB_RX_PACKET);     /* even in the checksum */
	CHECK(strcmp(rx.buf, "g") == 0);
}

TEST(rx_overlong)
{
	static char payload[GDB_PACKET_MAX + 2];

	memset(payload, 'a', GDB_PACKET_MAX);
	payload[GDB_PACKET_MAX] = '\0';
	gdb_rx_reset(&rx);
	CHECK_EQ(feed(framed(payload)), GDB_RX_PACKET);         /* exactly the maximum */
	CHECK_EQ(rx.len, GDB_PACKET_MAX);
	payload[GDB_PACKET_MAX] = 'a';
	payload[GDB_PACKET_MAX + 1] = '\0';
	CHECK_EQ(feed(framed(payload)), GDB_RX_OVERLONG);
	CHECK_EQ(rx.len, GDB_PACKET_MAX);
	CHECK_EQ(feed("$aa#00"), GDB_RX_BAD_CHECKSUM);
	/* Overlong with a bad checksum is a bad checksum: gdb resends it. */
	feed("$");
	for (int i = 0; i < GDB_PACKET_MAX + 10; i++)
		gdb_rx_byte(&rx, 'b');
	CHECK_EQ(feed("#00"), GDB_RX_BAD_CHECKSUM);
	CHECK_EQ(feed("$g#67"), GDB_RX_PACKET);
}

TEST(decode_simple_commands)
{
	CHECK_EQ(dec("?"), GDB_CMD_STOP_REASON);
	CHECK_EQ(dec("g"), GDB_CMD_READ_REGS);
	CHECK_EQ(dec("k"), GDB_CMD_KILL);
	CHECK_EQ(dec("vKill;1"), GDB_CMD_KILL);
	CHECK_EQ(dec("D"), GDB_CMD_DETACH);
	CHECK_EQ(dec("D;1f"), GDB_CMD_DETACH);
	CHECK_EQ(dec("vCont?"), GDB_CMD_VCONT_QUERY);
	CHECK_EQ(dec("QStartNoAckMode"), GDB_CMD_NO_ACK_MODE);
	CHECK_EQ(dec("qfThreadInfo"), GDB_CMD_THREAD_FIRST);
	CHECK_EQ(dec("qsThreadInfo"), GDB_CMD_THREAD_NEXT);
	CHECK_EQ(dec("qC"), GDB_CMD_CURRENT_THREAD);
	CHECK_EQ(dec("qAttached"), GDB_CMD_ATTACHED);
	CHECK_EQ(dec("qAttached:1"), GDB_CMD_ATTACHED);
}

TEST(decode_unknown_commands_answer_empty)
{
	CHECK_EQ(dec(""), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qTStatus"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("vMustReplyEmpty"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qOffsets"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qSymbol::"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("QThreadEvents:1"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qXfer:auxv:read::0,100"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qCRC:10,20"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qSupportedX"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("Z5,1000,1"), GDB_CMD_UNKNOWN);    /* no such breakpoint type */
	CHECK_EQ(dec("!"), GDB_CMD_UNKNOWN);
	CHECK(cmd.data == NULL && cmd.data_len == 0);
}

TEST(decode_registers)
{
	CHECK_EQ(dec("p10"), GDB_CMD_READ_REG);
	CHECK_EQ(cmd.regno, 0x10);
	CHECK_EQ(dec("P11=0123456789abcdef"), GDB_CMD_WRITE_REG);
	CHECK_EQ(cmd.regno, 0x11);
	CHECK_EQ(cmd.data_len, 8);
	CHECK_EQ(cmd.data[0], 0x01);
	CHECK_EQ(cmd.data[7], 0xef);
	CHECK_EQ(dec("G00ff10"), GDB_CMD_WRITE_REGS);
	CHECK_EQ(cmd.data_len, 3);
	CHECK_EQ(cmd.data[1], 0xff);
	CHECK_EQ(dec("GABCD"), GDB_CMD_WRITE_REGS);     /* upper-case hex too */
	CHECK_EQ(cmd.data[0], 0xab);
}

TEST(decode_register_errors)
{
	CHECK_EQ(dec("p"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("pxyz"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("p10000"), GDB_CMD_MALFORMED);     /* register numbers stay small */
	CHECK_EQ(dec("p1,"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("P1"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("P1="), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("P=00"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("P1=0"), GDB_CMD_MALFORMED);       /* odd digit count */
	CHECK_EQ(dec("P1=0g"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("G"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("G0"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Gxx"), GDB_CMD_MALFORMED);        /* 'x' is for replies only */
	CHECK_EQ(dec("g1"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("?x"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("k1"), GDB_CMD_MALFORMED);
}

TEST(decode_register_data_bounded_by_buffer)
{
	char g[2 * sizeof(data) + 4] = "G";

	memset(g + 1, 'a', 2 * sizeof(data));
	g[1 + 2 * sizeof(data)] = '\0';
	CHECK_EQ(dec(g), GDB_CMD_WRITE_REGS);
	CHECK_EQ(cmd.data_len, sizeof(data));
	strcat(g, "aa");
	CHECK_EQ(dec(g), GDB_CMD_MALFORMED);
}

TEST(decode_memory)
{
	CHECK_EQ(dec("m1000,40"), GDB_CMD_READ_MEM);
	CHECK_EQ(cmd.addr, 0x1000);
	CHECK_EQ(cmd.len, 0x40);
	CHECK_EQ(dec("mffffffffffffffff,1"), GDB_CMD_READ_MEM);
	CHECK_EQ(cmd.addr, UINT64_MAX);
	CHECK_EQ(dec("m0000000000000000000010,1"), GDB_CMD_READ_MEM);  /* leading zeros */
	CHECK_EQ(cmd.addr, 0x10);
	CHECK_EQ(dec("M20,3:aabbcc"), GDB_CMD_WRITE_MEM);
	CHECK_EQ(cmd.addr, 0x20);
	CHECK_EQ(cmd.data_len, 3);
	CHECK_EQ(cmd.data[2], 0xcc);
	CHECK_EQ(dec("M20,0:"), GDB_CMD_WRITE_MEM);
	CHECK_EQ(cmd.data_len, 0);
}

TEST(decode_memory_errors)
{
	CHECK_EQ(dec("m"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("m10"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("m10,"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("m,4"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("mzz,1"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("m10,4x"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("m10000000000000000,1"), GDB_CMD_MALFORMED);     /* 65 bits */
	CHECK_EQ(dec("m1,10000000000000000"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("M10,2:123"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("M10,2:12"), GDB_CMD_MALFORMED);   /* fewer bytes than said */
	CHECK_EQ(dec("M10,1:1234"), GDB_CMD_MALFORMED); /* more */
	CHECK_EQ(dec("M10,1:zz"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("M10,1"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("M10:1,00"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("M10,ffffffffffffffff:00"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("M10,41:00"), GDB_CMD_MALFORMED);  /* longer than the buffer */
}

TEST(decode_binary_write_escapes)
{
	/* 0x7d '}', 0x23 '#', 0x24 '$', 0x2a '*' arrive escaped as '}' + b^0x20. */
	static const char pkt[] = "X40,6:}]}\x03}\x04}\x0a\x00\xff";

	CHECK_EQ(dec_n(pkt, sizeof(pkt) - 1), GDB_CMD_WRITE_MEM);
	CHECK_EQ(cmd.addr, 0x40);
	CHECK_EQ(cmd.data_len, 6);
	CHECK_EQ(cmd.data[0], 0x7d);
	CHECK_EQ(cmd.data[1], 0x23);
	CHECK_EQ(cmd.data[2], 0x24);
	CHECK_EQ(cmd.data[3], 0x2a);
	CHECK_EQ(cmd.data[4], 0x00);
	CHECK_EQ(cmd.data[5], 0xff);
	CHECK_EQ(dec("X40,0:"), GDB_CMD_WRITE_MEM);     /* gdb's probe for X */
	CHECK_EQ(cmd.data_len, 0);
	CHECK_EQ(dec("X40,1:}"), GDB_CMD_MALFORMED);    /* dangling escape */
	CHECK_EQ(dec("X40,2:a"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("X40,1:ab"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("X40,1"), GDB_CMD_MALFORMED);
}

TEST(decode_continue_and_step)
{
	CHECK_EQ(dec("c"), GDB_CMD_CONTINUE);
	CHECK(!cmd.has_addr);
	CHECK_EQ(dec("c2000"), GDB_CMD_CONTINUE);
	CHECK(cmd.has_addr);
	CHECK_EQ(cmd.addr, 0x2000);
	CHECK_EQ(dec("s"), GDB_CMD_STEP);
	CHECK_EQ(dec("s10"), GDB_CMD_STEP);
	CHECK_EQ(cmd.addr, 0x10);
	CHECK_EQ(dec("C05"), GDB_CMD_CONTINUE);
	CHECK(!cmd.has_addr);
	CHECK_EQ(dec("C0b;3000"), GDB_CMD_CONTINUE);
	CHECK(cmd.has_addr);
	CHECK_EQ(cmd.addr, 0x3000);
	CHECK_EQ(dec("S05"), GDB_CMD_STEP);
	CHECK_EQ(dec("S05;4"), GDB_CMD_STEP);
	CHECK_EQ(dec("c10z"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("C"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Cxyz"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("C100"), GDB_CMD_MALFORMED);       /* signals are one byte */
	CHECK_EQ(dec("C05;"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("C05:1"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("s;"), GDB_CMD_MALFORMED);
}

TEST(decode_vcont_actions)
{
	CHECK_EQ(dec("vCont;c"), GDB_CMD_VCONT);
	CHECK_EQ(cmd.nr_actions, 1);
	CHECK_EQ(cmd.actions[0].action, 'c');
	CHECK_EQ(cmd.actions[0].tid, GDB_TID_ALL);
	CHECK_EQ(dec("vCont;s:2;c"), GDB_CMD_VCONT);
	CHECK_EQ(cmd.nr_actions, 2);
	CHECK_EQ(cmd.actions[0].action, 's');
	CHECK_EQ(cmd.actions[0].tid, 2);
	CHECK_EQ(cmd.actions[1].action, 'c');
	CHECK_EQ(cmd.actions[1].tid, GDB_TID_ALL);
	CHECK_EQ(dec("vCont;C05:1;S0b:-1"), GDB_CMD_VCONT);
	CHECK_EQ(cmd.actions[0].action, 'c');
	CHECK_EQ(cmd.actions[0].tid, 1);
	CHECK_EQ(cmd.actions[1].action, 's');
	CHECK_EQ(cmd.actions[1].tid, GDB_TID_ALL);
	CHECK_EQ(dec("vCont;c:1;c:2;c:3;c:4;c:5;c:6;c:7;c:8"), GDB_CMD_VCONT);
	CHECK_EQ(cmd.nr_actions, GDB_MAX_VCONT);
}

TEST(decode_vcont_errors)
{
	CHECK_EQ(dec("vCont"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont?x"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;t"), GDB_CMD_MALFORMED);    /* not offered */
	CHECK_EQ(dec("vCont;r10,20"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;c:"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;c:zz"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;c:p1.1"), GDB_CMD_MALFORMED);       /* no multiprocess */
	CHECK_EQ(dec("vCont;C"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;cc"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;c;"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vCont;c:1;c:2;c:3;c:4;c:5;c:6;c:7;c:8;c:9"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("vKill"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("vKill;"), GDB_CMD_MALFORMED);
}

TEST(decode_threads)
{
	CHECK_EQ(dec("Hg0"), GDB_CMD_SET_THREAD);
	CHECK_EQ(cmd.thread_op, 'g');
	CHECK_EQ(cmd.tid, GDB_TID_ANY);
	CHECK_EQ(dec("Hc-1"), GDB_CMD_SET_THREAD);
	CHECK_EQ(cmd.thread_op, 'c');
	CHECK_EQ(cmd.tid, GDB_TID_ALL);
	CHECK_EQ(dec("Hg1f"), GDB_CMD_SET_THREAD);
	CHECK_EQ(cmd.tid, 0x1f);
	CHECK_EQ(dec("T2"), GDB_CMD_THREAD_ALIVE);
	CHECK_EQ(cmd.tid, 2);
	CHECK_EQ(dec("qThreadExtraInfo,3"), GDB_CMD_THREAD_EXTRA);
	CHECK_EQ(cmd.tid, 3);
	CHECK_EQ(dec("H"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Hg"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Hx1"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Hg-2"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Hg80000000"), GDB_CMD_MALFORMED); /* beyond any thread id */
	CHECK_EQ(dec("T"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Tz"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("T1,"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("qThreadExtraInfo,"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("qThreadExtraInfo"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qfThreadInfox"), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec("qAttached:"), GDB_CMD_MALFORMED);
}

TEST(decode_breakpoints)
{
	for (unsigned type = 0; type <= 4; type++) {
		char pkt[32];

		snprintf(pkt, sizeof(pkt), "Z%u,ffffffff80001000,%u", type, type ? 8 : 1);
		CHECK_EQ(dec(pkt), GDB_CMD_INSERT_BREAK);
		CHECK_EQ(cmd.bp_type, type);
		CHECK_EQ(cmd.addr, 0xffffffff80001000ull);
		CHECK_EQ(cmd.len, type ? 8 : 1);
		pkt[0] = 'z';
		CHECK_EQ(dec(pkt), GDB_CMD_REMOVE_BREAK);
		CHECK_EQ(cmd.bp_type, type);
	}
	CHECK_EQ(dec("Z0,10"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Z0,10,"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Z0"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Z"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("Z0,10,1;X1,0"), GDB_CMD_MALFORMED);       /* no conditions offered */
	CHECK_EQ(dec("Zq,10,1"), GDB_CMD_MALFORMED);
}

TEST(decode_supported_features)
{
	CHECK_EQ(dec("qSupported"), GDB_CMD_SUPPORTED);
	CHECK(!cmd.gdb_swbreak && !cmd.gdb_hwbreak);
	CHECK_EQ(dec("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386"),
		 GDB_CMD_SUPPORTED);
	CHECK(cmd.gdb_swbreak && cmd.gdb_hwbreak);
	CHECK_EQ(dec("qSupported:swbreak-;hwbreak+"), GDB_CMD_SUPPORTED);
	CHECK(!cmd.gdb_swbreak && cmd.gdb_hwbreak);
	CHECK_EQ(dec("qSupported:swbreak+x;;"), GDB_CMD_SUPPORTED);
	CHECK(!cmd.gdb_swbreak);
}

TEST(decode_features_read)
{
	CHECK_EQ(dec("qXfer:features:read:target.xml:0,ffb"), GDB_CMD_READ_FEATURES);
	CHECK_EQ(cmd.annex_len, 10);
	CHECK(memcmp(cmd.annex, "target.xml", 10) == 0);
	CHECK_EQ(cmd.addr, 0);
	CHECK_EQ(cmd.len, 0xffb);
	CHECK_EQ(dec("qXfer:features:read::10,20"), GDB_CMD_READ_FEATURES);
	CHECK_EQ(cmd.annex_len, 0);
	CHECK_EQ(dec("qXfer:features:read:target.xml"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("qXfer:features:read:target.xml:"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("qXfer:features:read:target.xml:0"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("qXfer:features:read:target.xml:0,1,"), GDB_CMD_MALFORMED);
	CHECK_EQ(dec("qXfer:features:write:target.xml:0:ab"), GDB_CMD_UNKNOWN);
}

TEST(decode_never_reads_past_the_length)
{
	/* The bytes after the given length must not matter. */
	CHECK_EQ(dec_n("m10,4", 4), GDB_CMD_MALFORMED);
	CHECK_EQ(dec_n("m10,4junk", 5), GDB_CMD_READ_MEM);
	CHECK_EQ(dec_n("qSupported", 3), GDB_CMD_UNKNOWN);
	CHECK_EQ(dec_n("vCont?", 5), GDB_CMD_MALFORMED);
	CHECK_EQ(dec_n("M10,1:ab", 7), GDB_CMD_MALFORMED);
}

TEST(out_hex_and_numbers)
{
	char buf[64];
	struct gdb_out o;
	static const uint8_t bytes[] = { 0x00, 0x7f, 0xab, 0xff };

	gdb_out_init(&o, buf, sizeof(buf));
	gdb_out_hex_u64(&o, 0);
	gdb_out_str(&o, ",");
	gdb_out_hex_u64(&o, 0x1234);
	gdb_out_str(&o, ",");
	gdb_out_hex_u64(&o, UINT64_MAX);
	gdb_out_str(&o, ",");
	gdb_out_hex(&o, bytes, sizeof(bytes));
	gdb_out_str(&o, ",");
	gdb_out_hex_u8(&o, 5);
	gdb_out_unavailable(&o, 2);
	CHECK(!o.full);
	CHECK_EQ(o.len, strlen("0,1234,ffffffffffffffff,007fabff,05xxxx"));
	CHECK(memcmp(buf, "0,1234,ffffffffffffffff,007fabff,05xxxx", o.len) == 0);
	CHECK_EQ(gdb_checksum("g", 1), 0x67);
	CHECK_EQ(gdb_checksum("", 0), 0);
	CHECK_EQ(gdb_hex_digit('F'), 15);
	CHECK_EQ(gdb_hex_digit('g'), -1);
}

TEST(out_full_keeps_whole_fields)
{
	char buf[6];
	struct gdb_out o;
	static const uint8_t b[4] = { 1, 2, 3, 4 };

	gdb_out_init(&o, buf, sizeof(buf));
	gdb_out_str(&o, "OK");
	gdb_out_hex(&o, b, 4);          /* 8 digits: does not fit */
	CHECK(o.full);
	CHECK_EQ(o.len, 2);
	gdb_out_str(&o, "x");           /* nothing more once full */
	CHECK_EQ(o.len, 2);
	gdb_out_init(&o, buf, sizeof(buf));
	gdb_out_hex_u64(&o, 0x1234567);
	CHECK(o.full);
	CHECK_EQ(o.len, 0);
}

TEST(out_binary_escapes_and_stops_at_whole_bytes)
{
	char buf[16];
	struct gdb_out o;
	static const uint8_t special[] = { '$', '#', '}', '*', 'a', 0, 0x03 };

	gdb_out_init(&o, buf, sizeof(buf));
	CHECK_EQ(gdb_out_binary(&o, special, sizeof(special)), sizeof(special));
	CHECK_EQ(o.len, 11);
	CHECK(memcmp(buf, "}\x04}\x03}]}\x0a" "a\0\x03", 11) == 0);
	CHECK(!o.full);
	gdb_out_init(&o, buf, 3);
	CHECK_EQ(gdb_out_binary(&o, (const uint8_t *)"a}}", 3), 2);
	CHECK_EQ(o.len, 3);
	CHECK(!o.full);                 /* a short slice is not an error */
	o.full = true;
	CHECK_EQ(gdb_out_binary(&o, (const uint8_t *)"a", 1), 0);
	CHECK(o.full);
}

TEST(binary_round_trip_every_byte)
{
	uint8_t all[256];
	static char pkt[8 + 2 * sizeof(all)];
	uint8_t back[256];
	struct gdb_out o;
	int head;

	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	head = snprintf(pkt, sizeof(pkt), "X0,100:");
	gdb_out_init(&o, pkt + head, sizeof(pkt) - (size_t)head);
	CHECK_EQ(gdb_out_binary(&o, all, sizeof(all)), sizeof(all));
	gdb_decode(pkt, (size_t)head + o.len, back, sizeof(back), &cmd);
	CHECK_EQ(cmd.kind, GDB_CMD_WRITE_MEM);
	CHECK_EQ(cmd.data_len, 256);
	CHECK(memcmp(back, all, sizeof(all)) == 0);
	/* And framed, the escaped stream never holds a raw '$' or '#'. */
	for (size_t i = 0; i < (size_t)head + o.len; i++)
		CHECK(pkt[i] != '$' && pkt[i] != '#');
}
