/* The GDB protocol engine against a fake target: acks and retransmission,
 * every command's reply, thread selection, resume actions (vCont and the
 * legacy c/s), fatal stops, detach, kill, and bytes that arrive while the
 * target runs. */
#include "shim.h"
#include "../../hv/gdb_packet.c"
#include "../../hv/gdbstub.c"
#include "gdb_fake_target.h"
#include "test.h"

static struct gdb_session session;
static struct gdb_resume res;
static char script[8192];
static size_t script_len;

static const struct gdb_stop stop1 = { .tid = 1, .signal = GDB_SIGTRAP };
static const struct gdb_stop stop2 = { .tid = 2, .signal = GDB_SIGTRAP };

static void start(void)
{
	fake_reset();
	gdb_session_init(&session, &fake_target);
	script_len = 0;
}

static void add_raw_n(const char *s, size_t n)
{
	memcpy(script + script_len, s, n);
	script_len += n;
}

static void add_raw(const char *s)
{
	add_raw_n(s, strlen(s));
}

/* One packet from gdb, framed. */
static void add(const char *payload)
{
	char buf[600];
	int n = snprintf(buf, sizeof(buf), "$%s#%02x", payload,
			 gdb_checksum(payload, strlen(payload)));

	add_raw_n(buf, (size_t)n);
}

/* Runs the engine on what was added; true when it returned. */
static bool go(const struct gdb_stop *stop)
{
	bool returned = fake_run(&session, stop, script, script_len, &res);

	script_len = 0;
	return returned;
}

/* Appends "$payload#cc" to an expected-output string. */
static void frame(char *exp, const char *payload, size_t len)
{
	size_t n = strlen(exp);

	exp[n++] = '$';
	memcpy(exp + n, payload, len);
	n += len;
	sprintf(exp + n, "#%02x", gdb_checksum(payload, len));
}

/* The output for packets answered in ack mode: "+$reply#cc" each. */
static const char *acked(const char *r1, const char *r2)
{
	static char exp[4096];

	exp[0] = '\0';
	strcat(exp, "+");
	frame(exp, r1, strlen(r1));
	if (r2) {
		strcat(exp, "+");
		frame(exp, r2, strlen(r2));
	}
	return exp;
}

#define EXPECT_OUT(exp) CHECK(strcmp(fake.out, (exp)) == 0 || \
			      (printf("  got:  %s\n  want: %s\n", fake.out, (exp)), 0))

/* Thread 1's registers: 0x11.. + r, little-endian; register 3 unavailable. */
static const char regs1[] = "1111111111111111" "1211111111111111" "13111111"
			    "xxxxxxxxxxxxxxxxxxxx";

TEST(supported_then_no_ack_mode)
{
	start();
	add("qSupported:multiprocess+;swbreak+;hwbreak+");
	CHECK(!go(&stop1));
	EXPECT_OUT(acked("PacketSize=1000;qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+",
			 NULL));
	add("QStartNoAckMode");
	add_raw("+");           /* gdb acknowledges the OK */
	add("g");
	CHECK(!go(&stop1));
	{
		char exp[256] = "+";

		frame(exp, "OK", 2);
		frame(exp, regs1, strlen(regs1));
		EXPECT_OUT(exp);
	}
	CHECK(session.no_ack);
	add("qSupported");      /* a new connection starts in ack mode again */
	CHECK(!go(&stop1));
	CHECK(!session.no_ack);
	CHECK(!session.gdb_swbreak);
}

TEST(stop_reason_replies)
{
	struct gdb_stop st = { .tid = 2, .signal = GDB_SIGTRAP, .kind = GDB_STOP_SWBREAK };

	start();
	add("?");
	go(&st);
	EXPECT_OUT(acked("T05thread:2;", NULL));       /* swbreak not negotiated */
	add("qSupported:swbreak+;hwbreak+");
	add("?");
	go(&st);
	CHECK(strstr(fake.out, "$T05swbreak:;thread:2;#") != NULL);
	st.kind = GDB_STOP_HWBREAK;
	add("?");
	go(&st);
	EXPECT_OUT(acked("T05hwbreak:;thread:2;", NULL));
	st.kind = GDB_STOP_WATCH;
	st.watch_addr = 0x1008;
	add("?");
	go(&st);
	EXPECT_OUT(acked("T05watch:1008;thread:2;", NULL));
	st.kind = GDB_STOP_AWATCH;
	st.signal = GDB_SIGINT;
	add("?");
	go(&st);
	EXPECT_OUT(acked("T02awatch:1008;thread:2;", NULL));
}

TEST(read_registers_by_thread)
{
	start();
	add("g");
	go(&stop1);
	EXPECT_OUT(acked(regs1, NULL));
	add("Hg2");
	add("g");
	go(&stop1);
	EXPECT_OUT(acked("OK", "2222222222222222" "2322222222222222" "24222222"
			 "xxxxxxxxxxxxxxxxxxxx"));
	add("Hg3");             /* exists, but is not stopped */
	add("T3");
	add("T2");
	add("T0");
	add("T-1");
	go(&stop1);
	CHECK(strstr(fake.out, "+$E01#a6+$E01#a6+$OK#9a+$E01#a6+$E01#a6") == fake.out);
	fake.stopped3 = true;
	add("Hg3");
	add("p0");
	go(&stop1);
	EXPECT_OUT(acked("OK", "3333333333333333"));
	add("Hg0");             /* any thread: the one that stopped */
	add("p0");
	go(&stop2);
	EXPECT_OUT(acked("OK", "2222222222222222"));
}

TEST(single_registers)
{
	start();
	add("p1");
	add("p3");
	go(&stop1);
	EXPECT_OUT(acked("1211111111111111", "xxxxxxxxxxxxxxxxxxxx"));
	add("p4");
	add("P0=0807060504030201");
	go(&stop1);
	EXPECT_OUT(acked("E01", "OK"));
	CHECK_EQ(fake.regs[0][0], 0x0102030405060708ull);
	add("P0=01020304");     /* wrong size */
	add("P2=00000000");     /* read-only */
	go(&stop1);
	EXPECT_OUT(acked("E01", "E01"));
	add("P9=00");
	go(&stop1);
	EXPECT_OUT(acked("E01", NULL));
}

TEST(write_all_registers_writes_only_changes)
{
	char g[128];

	start();
	/* r0 changed, r1 and r2 as they are, r3 unavailable: ignored. */
	snprintf(g, sizeof(g), "G%s%s%s%s", "aa11111111111111", "1211111111111111",
		 "13111111", "00000000000000000000");
	add(g);
	go(&stop1);
	EXPECT_OUT(acked("OK", NULL));
	CHECK_EQ(fake.reg_writes, 1);
	CHECK_EQ(fake.regs[0][0], 0x11111111111111aaull);
	snprintf(g, sizeof(g), "G%s%s%s%s", "aa11111111111111", "1211111111111111",
		 "14111111", "00000000000000000000");   /* r2 is read-only */
	add(g);
	add("G00");             /* wrong length */
	go(&stop1);
	EXPECT_OUT(acked("E01", "E01"));
}

TEST(memory_reads)
{
	start();
	add("m1000,4");
	add("m10fe,4");         /* only two bytes exist */
	go(&stop1);
	EXPECT_OUT(acked("00010203", "feff"));
	add("m2000,1");
	add("m1000,0");
	go(&stop1);
	EXPECT_OUT(acked("E01", ""));
	add("mffffffffffffffff,10");    /* wraps: the target just stops */
	go(&stop1);
	EXPECT_OUT(acked("E01", NULL));
	add("m1000,100000");    /* clamped to what fits a reply */
	go(&stop1);
	CHECK_EQ(fake.out_len, 1 + 1 + 2 * FAKE_MEM_SIZE + 3);
}

TEST(memory_writes)
{
	static const char x[] = "X1020,4:}]}\x03}\x04" "a";
	char pkt[64];

	start();
	add("M1010,2:abcd");
	go(&stop1);
	EXPECT_OUT(acked("OK", NULL));
	CHECK_EQ(fake.mem[0x10], 0xab);
	CHECK_EQ(fake.mem[0x11], 0xcd);
	snprintf(pkt, sizeof(pkt), "$%s#%02x", x, gdb_checksum(x, sizeof(x) - 1));
	add_raw(pkt);
	go(&stop1);
	EXPECT_OUT(acked("OK", NULL));
	CHECK(memcmp(&fake.mem[0x20], "}#$a", 4) == 0);
	add("M10ff,2:0000");    /* the second byte is outside */
	add("X2000,0:");
	add("M1000,2:00");
	go(&stop1);
	CHECK(strstr(fake.out, "+$E01#a6+$OK#9a+$E01#a6") == fake.out);
}

TEST(breakpoints)
{
	start();
	add("Z0,1000,1");
	add("z0,1000,1");
	go(&stop1);
	EXPECT_OUT(acked("OK", "OK"));
	CHECK_EQ(fake.bp_inserts, 1);
	CHECK_EQ(fake.bp_removes, 1);
	add("Z3,1004,1");       /* unsupported: empty */
	add("Z0,1000,2");       /* refused */
	go(&stop1);
	EXPECT_OUT(acked("", "E01"));
	add("Z4,2008,1");
	go(&stop1);
	CHECK_EQ(fake.last_bp_type, GDB_WATCH_ACCESS);
	CHECK_EQ(fake.last_bp_addr, 0x2008);
	add("Z9,1000,1");       /* no such type: unknown */
	go(&stop1);
	EXPECT_OUT(acked("", NULL));
}

TEST(target_description_in_slices)
{
	size_t total = strlen(fake_xml);
	char pkt[64];

	start();
	add("qXfer:features:read:target.xml:0,5");
	go(&stop1);
	EXPECT_OUT(acked("m<targ", NULL));
	add("qXfer:features:read:target.xml:8,4");
	go(&stop1);
	{
		char exp[64] = "+";

		frame(exp, "m}\x04}\x03}]}\x0a", 9);
		EXPECT_OUT(exp);
	}
	snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,1000", total - 9);
	add(pkt);
	go(&stop1);
	EXPECT_OUT(acked("l</target>", NULL));
	snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,10", total);
	add(pkt);
	snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,10", total + 1);
	add(pkt);
	go(&stop1);
	EXPECT_OUT(acked("l", "E01"));
	add("qXfer:features:read:other.xml:0,10");
	add("qXfer:features:read:target.xml:0,0");
	go(&stop1);
	EXPECT_OUT(acked("E00", "m"));
}

TEST(thread_queries)
{
	start();
	add("qfThreadInfo");
	add("qsThreadInfo");
	go(&stop1);
	EXPECT_OUT(acked("m1,2", "l"));
	fake.stopped3 = true;
	add("qfThreadInfo");
	add("qC");
	go(&stop2);
	EXPECT_OUT(acked("m1,2,3", "QC2"));
	add("qThreadExtraInfo,2");
	add("qThreadExtraInfo,5");
	go(&stop1);
	CHECK(strstr(fake.out, "$66616b6520746872656164203" "2#") != NULL);   /* "fake thread 2" */
	CHECK(strstr(fake.out, "$E01#") != NULL);
	add("qAttached");
	add("vCont?");
	go(&stop1);
	EXPECT_OUT(acked("1", "vCont;c;C;s;S"));
}

TEST(vcont_resumes_as_told)
{
	start();
	add("vCont;s:2;c");
	CHECK(go(&stop1));
	CHECK_EQ(res.outcome, GDB_RESUME);
	CHECK_EQ(res.action[1], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[2], GDB_ACTION_STEP);
	CHECK_EQ(res.action[3], GDB_ACTION_STOP);
	EXPECT_OUT("+");        /* no reply until the next stop */
	/* The next stop owes gdb its reply at once; its thread becomes Hg. */
	CHECK(!go(&stop2));
	{
		char exp[64] = "";

		frame(exp, "T05thread:2;", 12);
		EXPECT_OUT(exp);
	}
	CHECK_EQ(session.general_tid, 2);
	add("vCont;s:1");       /* scheduler locking: thread 2 stays */
	CHECK(go(&stop2));
	CHECK_EQ(res.action[1], GDB_ACTION_STEP);
	CHECK_EQ(res.action[2], GDB_ACTION_STOP);
	add("vCont;c:3");       /* nothing stopped to resume */
	add("vCont;c:0");       /* any thread: the one that stopped */
	CHECK(go(&stop1));
	/* After the stop reply owed for the last resume: */
	CHECK(strstr(fake.out, "#d7+$E01#a6+") != NULL);
	CHECK_EQ(res.action[1], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[2], GDB_ACTION_STOP);
	add("vCont;c:2;s");     /* leftmost match wins */
	CHECK(go(&stop1));
	CHECK_EQ(res.action[1], GDB_ACTION_STEP);
	CHECK_EQ(res.action[2], GDB_ACTION_CONTINUE);
}

TEST(legacy_continue_and_step)
{
	start();
	add("c");
	CHECK(go(&stop1));
	CHECK_EQ(res.action[1], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[2], GDB_ACTION_CONTINUE);
	add("Hc2");
	add("c");
	CHECK(go(&stop1));
	CHECK_EQ(res.action[1], GDB_ACTION_STOP);
	CHECK_EQ(res.action[2], GDB_ACTION_CONTINUE);
	add("Hc0");
	add("Hg2");
	add("s");               /* the Hg thread steps alone */
	CHECK(go(&stop1));
	CHECK_EQ(res.action[1], GDB_ACTION_STOP);
	CHECK_EQ(res.action[2], GDB_ACTION_STEP);
	add("c1234");           /* resume address: thread 1's PC (register 1) */
	CHECK(go(&stop1));
	CHECK_EQ(fake.regs[0][1], 0x1234);
	add("C0b;5678");
	CHECK(go(&stop1));
	CHECK_EQ(fake.regs[0][1], 0x5678);
	add("Hc3");             /* not stopped */
	go(&stop1);
	CHECK(strstr(fake.out, "#d7+$E01#a6") != NULL);
}

TEST(fatal_stop_ends_on_resume)
{
	struct gdb_stop st = { .tid = 1, .signal = GDB_SIGABRT, .fatal = true };

	start();
	add("g");
	add("c");
	CHECK(go(&st));
	CHECK_EQ(res.outcome, GDB_KILL);
	CHECK(strstr(fake.out, "+$X06#") != NULL);
	st.signal = GDB_SIGSEGV;
	add("vCont;s:1");
	CHECK(go(&st));
	CHECK_EQ(res.outcome, GDB_KILL);
	EXPECT_OUT(acked("X0b", NULL));
}

TEST(detach_and_kill)
{
	start();
	add("QStartNoAckMode");
	add("Hg2");
	add("D");
	CHECK(go(&stop1));
	CHECK_EQ(res.outcome, GDB_DETACH);
	CHECK_EQ(fake.remove_all, 1);
	CHECK_EQ(res.action[1], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[2], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[3], GDB_ACTION_STOP);
	CHECK(!session.no_ack && !session.stop_reply_owed);
	CHECK_EQ(session.general_tid, GDB_TID_ANY);
	add("D;1");
	CHECK(go(&stop1));
	EXPECT_OUT(acked("OK", NULL));
	add("k");
	CHECK(go(&stop1));
	CHECK_EQ(res.outcome, GDB_KILL);
	EXPECT_OUT("+");        /* k has no reply */
	add("vKill;1");
	CHECK(go(&stop1));
	CHECK_EQ(res.outcome, GDB_KILL);
}

TEST(acks_naks_and_bad_packets)
{
	char exp[256] = "+";

	start();
	add("m1000,1");
	add_raw("-");           /* gdb asks for the reply again */
	add_raw("-");
	add_raw("+");
	add_raw("-");           /* acknowledged: nothing more to resend */
	go(&stop1);
	frame(exp, "00", 2);
	frame(exp, "00", 2);
	frame(exp, "00", 2);
	EXPECT_OUT(exp);
	add_raw("$g#00");
	go(&stop1);
	EXPECT_OUT("-");
	add("vMustReplyEmpty");
	add("m10,zz");
	go(&stop1);
	EXPECT_OUT(acked("", "E01"));
	add_raw("\x03");        /* Ctrl-C while stopped: nothing to do */
	go(&stop1);
	EXPECT_OUT("");
}

TEST(overlong_packet_is_refused_whole)
{
	static char big[GDB_PACKET_MAX + 16];

	start();
	memset(big, '0', sizeof(big) - 1);
	big[0] = 'G';
	{
		static char framed[sizeof(big) + 8];
		int n = snprintf(framed, sizeof(framed), "$%s#%02x", big,
				 gdb_checksum(big, strlen(big)));

		add_raw_n(framed, (size_t)n);
	}
	go(&stop1);
	EXPECT_OUT(acked("E01", NULL));
	CHECK_EQ(fake.reg_writes, 0);
}

TEST(bytes_while_running)
{
	start();
	CHECK(!gdb_session_running_byte(&session, '+'));
	CHECK(!gdb_session_running_byte(&session, 'x'));
	CHECK(gdb_session_running_byte(&session, 0x03));
	/* A gdb attaching: its first packet starts; the stop then reads the
	 * rest of it and owes no stop reply to a gdb that never resumed. */
	session.stop_reply_owed = true;
	CHECK(gdb_session_running_byte(&session, '$'));
	CHECK(!session.stop_reply_owed);
	add_raw("?#3f");
	go(&stop1);
	EXPECT_OUT(acked("T05thread:1;", NULL));
}

TEST(reply_buffer_never_overflows)
{
	/* A target description larger than a reply still goes out in slices. */
	start();
	add("qXfer:features:read:target.xml:0,ffffffff");
	go(&stop1);
	CHECK(fake.out_len < GDB_PACKET_MAX + 8);
	CHECK(strstr(fake.out, "+$l<target>") == fake.out);
}

/* ---- monitor (qRcmd) and the end of the program gdb waits on ---- */

static const struct gdb_target other_target = { .remove_all_bps = fake_remove_all };
static char last_monitor_cmd[GDB_MONITOR_MAX + 1];

/* "go" switches to other_target; anything else is echoed back. */
static const struct gdb_target *fake_monitor(const struct gdb_target *current, const char *cmd,
					     char *out, size_t size)
{
	snprintf(last_monitor_cmd, sizeof(last_monitor_cmd), "%s", cmd);
	if (strcmp(cmd, "go") == 0)
		return &other_target;
	snprintf(out, size, "you said %s\n", cmd);
	return current;
}

/* "qRcmd," and the text in hex, as gdb sends `monitor TEXT`. */
static void add_monitor(const char *text)
{
	char pkt[2 * GDB_MONITOR_MAX + 16] = "qRcmd,";

	for (size_t i = 0; text[i]; i++)
		sprintf(pkt + strlen(pkt), "%02x", (unsigned char)text[i]);
	add(pkt);
}

TEST(monitor_needs_a_handler)
{
	start();
	add_monitor("targets");
	CHECK(!go(&stop1));
	EXPECT_OUT(acked("", NULL));    /* not offered: gdb says so */
}

TEST(monitor_answers_in_hex)
{
	char want[128] = "";

	start();
	session.monitor = fake_monitor;
	add_monitor("hello");
	CHECK(!go(&stop1));
	CHECK_STR(last_monitor_cmd, "hello");
	for (const char *p = "you said hello\n"; *p; p++)
		sprintf(want + strlen(want), "%02x", (unsigned char)*p);
	EXPECT_OUT(acked(want, NULL));
	CHECK(session.target == &fake_target);
	add("qRcmd,6");                 /* odd hex */
	CHECK(!go(&stop1));
	EXPECT_OUT(acked("E01", NULL));
}

TEST(monitor_switch_releases_the_old_target)
{
	start();
	session.monitor = fake_monitor;
	add("Hg2");
	add_monitor("go");
	CHECK(go(&stop1));
	CHECK_EQ(res.outcome, GDB_SWITCH);
	EXPECT_OUT(acked("OK", "OK"));
	CHECK(session.target == &other_target);
	CHECK_EQ(fake.remove_all, 1);
	CHECK_EQ(res.action[1], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[2], GDB_ACTION_CONTINUE);
	CHECK_EQ(res.action[3], GDB_ACTION_STOP);
	CHECK_EQ(session.general_tid, GDB_TID_ANY);
	CHECK(!session.stop_reply_owed);
}

TEST(exit_is_reported_only_to_a_waiting_gdb)
{
	start();
	fake.out_len = 0;
	gdb_session_exited(&session, false, 0);
	CHECK_EQ(fake.out_len, 0);      /* gdb is not waiting for a stop */
	add("c");
	CHECK(go(&stop1));
	CHECK(session.stop_reply_owed);
	fake.out_len = 0;
	gdb_session_exited(&session, false, 3);
	EXPECT_OUT("$W03#ba");
	CHECK(!session.stop_reply_owed);
	session.stop_reply_owed = true;
	fake.out_len = 0;
	gdb_session_exited(&session, true, 0);
	EXPECT_OUT("$X09#c1");
}
