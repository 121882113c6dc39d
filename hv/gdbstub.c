/* The GDB remote-serial-protocol engine: acks and retransmission, one
 * handler per command, thread selection and resume actions. It keeps no
 * state but struct gdb_session and touches the machine only through
 * struct gdb_target, so host tests drive it with a fake target. */
#include "gdbstub.h"
#include "lib/string.h"

#define FEATURES_ANNEX "target.xml"

void gdb_session_init(struct gdb_session *s, const struct gdb_target *t)
{
	memset(s, 0, sizeof(*s));
	s->target = t;
	gdb_rx_reset(&s->rx);
}

static void put_frame(struct gdb_session *s)
{
	for (size_t i = 0; i < s->tx_len; i++)
		s->target->putc(s->tx[i]);
}

/* Frames the payload as "$payload#cc" (kept for a retransmission) and sends
 * it. A payload that did not fit the reply buffer goes out as an error. */
static void send(struct gdb_session *s, const struct gdb_out *o)
{
	static const char hex[] = "0123456789abcdef";
	const char *payload = o->full ? "E01" : o->buf;
	size_t len = o->full ? 3 : o->len;
	uint8_t sum = gdb_checksum(payload, len);

	s->tx[0] = '$';
	memcpy(s->tx + 1, payload, len);
	s->tx[len + 1] = '#';
	s->tx[len + 2] = hex[sum >> 4];
	s->tx[len + 3] = hex[sum & 0xf];
	s->tx_len = len + 4;
	put_frame(s);
	s->awaiting_ack = !s->no_ack;
}

static void ack(struct gdb_session *s, char c)
{
	if (!s->no_ack)
		s->target->putc(c);
}

static bool stopped(const struct gdb_session *s, int64_t tid)
{
	return tid > 0 && tid <= GDB_MAX_THREADS && s->target->thread_stopped((unsigned)tid);
}

/* The thread whose registers g/G/p/P mean: Hg's, or the one that stopped. */
static int64_t general_thread(const struct gdb_session *s)
{
	return s->general_tid > 0 ? s->general_tid : s->stop.tid;
}

static void stop_reply(struct gdb_session *s, struct gdb_out *o)
{
	static const char *const watch[] = {
		[GDB_STOP_WATCH] = "watch:", [GDB_STOP_RWATCH] = "rwatch:",
		[GDB_STOP_AWATCH] = "awatch:",
	};
	const struct gdb_stop *st = &s->stop;

	gdb_out_str(o, "T");
	gdb_out_hex_u8(o, st->signal);
	if (st->kind == GDB_STOP_SWBREAK && s->gdb_swbreak)
		gdb_out_str(o, "swbreak:;");
	if (st->kind == GDB_STOP_HWBREAK && s->gdb_hwbreak)
		gdb_out_str(o, "hwbreak:;");
	if (st->kind >= GDB_STOP_WATCH && st->kind <= GDB_STOP_AWATCH) {
		gdb_out_str(o, watch[st->kind]);
		gdb_out_hex_u64(o, st->watch_addr);
		gdb_out_str(o, ";");
	}
	gdb_out_str(o, "thread:");
	gdb_out_hex_u64(o, st->tid);
	gdb_out_str(o, ";");
	/* gdb takes the reporting thread as the new Hg thread. */
	s->general_tid = st->tid;
}

static void read_regs(struct gdb_session *s, struct gdb_out *o)
{
	const struct gdb_target *t = s->target;
	int64_t tid = general_thread(s);
	uint8_t val[GDB_MAX_REG_SIZE];

	if (!stopped(s, tid)) {
		gdb_out_str(o, "E01");
		return;
	}
	for (unsigned r = 0; r < t->nr_regs; r++) {
		unsigned size = t->reg_size(r);

		if (t->read_reg((unsigned)tid, r, val))
			gdb_out_hex(o, val, size);
		else
			gdb_out_unavailable(o, size);
	}
}

/* G: gdb sends every register back; only those that changed are written,
 * so registers the target cannot write are fine as long as gdb left them. */
static bool write_regs(struct gdb_session *s, const struct gdb_cmd *cmd)
{
	const struct gdb_target *t = s->target;
	int64_t tid = general_thread(s);
	uint8_t cur[GDB_MAX_REG_SIZE];
	size_t off = 0;

	if (!stopped(s, tid))
		return false;
	for (unsigned r = 0; r < t->nr_regs; r++)
		off += t->reg_size(r);
	if (off != cmd->data_len)
		return false;
	off = 0;
	for (unsigned r = 0; r < t->nr_regs; r++) {
		unsigned size = t->reg_size(r);
		const uint8_t *val = cmd->data + off;

		off += size;
		if (!t->read_reg((unsigned)tid, r, cur) || memcmp(cur, val, size) == 0)
			continue;
		if (!t->write_reg((unsigned)tid, r, val))
			return false;
	}
	return true;
}

static void read_reg(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	const struct gdb_target *t = s->target;
	int64_t tid = general_thread(s);
	uint8_t val[GDB_MAX_REG_SIZE];

	if (!stopped(s, tid) || cmd->regno >= t->nr_regs)
		gdb_out_str(o, "E01");
	else if (t->read_reg((unsigned)tid, cmd->regno, val))
		gdb_out_hex(o, val, t->reg_size(cmd->regno));
	else
		gdb_out_unavailable(o, t->reg_size(cmd->regno));
}

static bool write_reg(struct gdb_session *s, const struct gdb_cmd *cmd)
{
	const struct gdb_target *t = s->target;
	int64_t tid = general_thread(s);

	return stopped(s, tid) && cmd->regno < t->nr_regs &&
	       cmd->data_len == t->reg_size(cmd->regno) &&
	       t->write_reg((unsigned)tid, cmd->regno, cmd->data);
}

static void read_mem(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	size_t len = (size_t)MIN(cmd->len, (uint64_t)sizeof(s->reply) / 2);
	size_t n;

	if (len == 0)
		return;
	n = s->target->read_mem(cmd->addr, s->data, len);
	if (n == 0)
		gdb_out_str(o, "E01");
	else
		gdb_out_hex(o, s->data, n);
}

static void breakpoint(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	enum gdb_bp_type type = (enum gdb_bp_type)cmd->bp_type;
	enum gdb_status st = cmd->kind == GDB_CMD_INSERT_BREAK ?
		s->target->insert_bp(type, cmd->addr, cmd->len) :
		s->target->remove_bp(type, cmd->addr, cmd->len);

	if (st == GDB_OK)
		gdb_out_str(o, "OK");
	else if (st == GDB_ERROR)
		gdb_out_str(o, "E01");
}

static void thread_list(struct gdb_session *s, struct gdb_out *o)
{
	bool any = false;

	for (unsigned tid = 1; tid <= GDB_MAX_THREADS; tid++) {
		if (!stopped(s, tid))
			continue;
		gdb_out_str(o, any ? "," : "m");
		gdb_out_hex_u64(o, tid);
		any = true;
	}
	if (!any)
		gdb_out_str(o, "l");
}

static void thread_extra(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	char text[64];
	size_t n;

	if (!stopped(s, cmd->tid)) {
		gdb_out_str(o, "E01");
		return;
	}
	n = s->target->thread_describe((unsigned)cmd->tid, text, sizeof(text));
	gdb_out_hex(o, (const uint8_t *)text, MIN(n, sizeof(text)));
}

/* qXfer:features:read: 'm' and a slice when more follows, 'l' with the
 * last slice. */
static void read_features(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	const char *xml = s->target->features_xml;
	size_t total = strlen(xml), want, sent;

	if (cmd->annex_len != strlen(FEATURES_ANNEX) ||
	    memcmp(cmd->annex, FEATURES_ANNEX, cmd->annex_len) != 0) {
		gdb_out_str(o, "E00");
		return;
	}
	if (cmd->addr > total) {
		gdb_out_str(o, "E01");
		return;
	}
	want = (size_t)MIN(cmd->len, (uint64_t)(total - cmd->addr));
	gdb_out_str(o, "m");
	sent = gdb_out_binary(o, (const uint8_t *)xml + cmd->addr, want);
	if (cmd->addr + sent == total)
		o->buf[0] = 'l';
}

static void supported(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	/* qSupported opens a connection: whatever the last gdb set is gone. */
	s->no_ack = false;
	s->general_tid = GDB_TID_ANY;
	s->continue_tid = GDB_TID_ANY;
	s->gdb_swbreak = cmd->gdb_swbreak;
	s->gdb_hwbreak = cmd->gdb_hwbreak;
	gdb_out_str(o, "PacketSize=");
	gdb_out_hex_u64(o, GDB_PACKET_MAX);
	gdb_out_str(o, ";qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+");
}

static void set_thread(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o)
{
	if (cmd->tid > 0 && !stopped(s, cmd->tid)) {
		gdb_out_str(o, "E01");
		return;
	}
	if (cmd->thread_op == 'g')
		s->general_tid = cmd->tid;
	else
		s->continue_tid = cmd->tid;
	gdb_out_str(o, "OK");
}

static bool vcont_matches(const struct gdb_session *s, int64_t action_tid, unsigned tid)
{
	if (action_tid == GDB_TID_ALL)
		return true;
	if (action_tid == GDB_TID_ANY)
		return tid == s->stop.tid;
	return action_tid == tid;
}

/* vCont: for each stopped thread the leftmost action naming it applies;
 * threads no action names stay stopped. */
static void vcont_actions(struct gdb_session *s, const struct gdb_cmd *cmd,
			  struct gdb_resume *out)
{
	for (unsigned tid = 1; tid <= GDB_MAX_THREADS; tid++) {
		if (!stopped(s, tid))
			continue;
		for (unsigned i = 0; i < cmd->nr_actions; i++) {
			if (vcont_matches(s, cmd->actions[i].tid, tid)) {
				out->action[tid] = cmd->actions[i].action == 's' ?
					GDB_ACTION_STEP : GDB_ACTION_CONTINUE;
				break;
			}
		}
	}
}

/* Legacy c and s act on the Hc thread; c without one resumes every thread,
 * s without one steps the Hg thread (gdb's current thread) alone. */
static bool legacy_actions(struct gdb_session *s, const struct gdb_cmd *cmd,
			   struct gdb_resume *out)
{
	int64_t tid = s->continue_tid > 0 ? s->continue_tid : 0;

	if (cmd->kind == GDB_CMD_STEP && !tid)
		tid = general_thread(s);
	if (tid && !stopped(s, tid))
		return false;
	if (cmd->has_addr) {
		/* The PC in target byte order; every target here is little-endian. */
		const struct gdb_target *t = s->target;
		unsigned pc_tid = tid ? (unsigned)tid : s->stop.tid;
		uint8_t pc[GDB_MAX_REG_SIZE] = { 0 };

		for (unsigned i = 0; i < t->reg_size(t->pc_regnum) && i < 8; i++)
			pc[i] = (uint8_t)(cmd->addr >> (8 * i));
		if (!stopped(s, pc_tid) || !t->write_reg(pc_tid, t->pc_regnum, pc))
			return false;
	}
	for (unsigned id = 1; id <= GDB_MAX_THREADS; id++) {
		if (stopped(s, id) && (!tid || id == tid))
			out->action[id] = cmd->kind == GDB_CMD_STEP ? GDB_ACTION_STEP
								    : GDB_ACTION_CONTINUE;
	}
	return true;
}

/* True when the target is to resume; otherwise o holds the error reply. */
static bool resume(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_resume *out,
		   struct gdb_out *o)
{
	bool any = false;

	if (s->stop.fatal) {
		/* Nothing can run on after a panic: tell gdb the program ended. */
		gdb_out_str(o, "X");
		gdb_out_hex_u8(o, s->stop.signal);
		send(s, o);
		out->outcome = GDB_KILL;
		return true;
	}
	memset(out->action, GDB_ACTION_STOP, sizeof(out->action));
	if (cmd->kind == GDB_CMD_VCONT)
		vcont_actions(s, cmd, out);
	else if (!legacy_actions(s, cmd, out))
		memset(out->action, GDB_ACTION_STOP, sizeof(out->action));
	for (unsigned t = 1; t <= GDB_MAX_THREADS; t++)
		any |= out->action[t] != GDB_ACTION_STOP;
	if (!any) {
		gdb_out_str(o, "E01");
		return false;
	}
	out->outcome = GDB_RESUME;
	s->stop_reply_owed = true;
	return true;
}

/* The current target lets go: no breakpoints, every stopped thread runs. */
static void release_target(struct gdb_session *s, struct gdb_resume *out,
			   enum gdb_outcome outcome)
{
	s->target->remove_all_bps();
	out->outcome = outcome;
	for (unsigned t = 1; t <= GDB_MAX_THREADS; t++)
		out->action[t] = stopped(s, t) ? GDB_ACTION_CONTINUE : GDB_ACTION_STOP;
	s->stop_reply_owed = false;
	s->general_tid = GDB_TID_ANY;
	s->continue_tid = GDB_TID_ANY;
}

static void detach(struct gdb_session *s, struct gdb_resume *out)
{
	release_target(s, out, GDB_DETACH);
	/* The next gdb starts afresh, in ack mode. */
	s->no_ack = false;
	s->awaiting_ack = false;
}

/* qRcmd: the answer goes back as hex text ("OK" when there is none). True
 * when the session leaves this target (the answer is sent already). */
static bool monitor(struct gdb_session *s, const struct gdb_cmd *cmd, struct gdb_out *o,
		    struct gdb_resume *out)
{
	char text[GDB_MONITOR_MAX + 1], answer[GDB_MONITOR_MAX + 1];
	const struct gdb_target *next;

	if (!s->monitor)
		return false;                   /* "": not supported */
	if (cmd->data_len > GDB_MONITOR_MAX) {
		gdb_out_str(o, "E01");
		return false;
	}
	memcpy(text, cmd->data, cmd->data_len);
	text[cmd->data_len] = '\0';    /* a NUL inside ends the command there */
	answer[0] = '\0';
	next = s->monitor(s->target, text, answer, sizeof(answer));
	answer[GDB_MONITOR_MAX] = '\0';
	if (answer[0])
		gdb_out_hex(o, (const uint8_t *)answer, strlen(answer));
	else
		gdb_out_str(o, "OK");
	if (!next || next == s->target)
		return false;
	send(s, o);
	release_target(s, out, GDB_SWITCH);
	s->target = next;
	return true;
}

/* Answers one packet; true when the target is to leave the stop. */
static bool handle(struct gdb_session *s, struct gdb_resume *out)
{
	const struct gdb_target *t = s->target;
	struct gdb_cmd cmd;
	struct gdb_out o;

	gdb_decode(s->rx.buf, s->rx.len, s->data, sizeof(s->data), &cmd);
	gdb_out_init(&o, s->reply, sizeof(s->reply));
	switch (cmd.kind) {
	case GDB_CMD_UNKNOWN:
		break;
	case GDB_CMD_MALFORMED:
		gdb_out_str(&o, "E01");
		break;
	case GDB_CMD_STOP_REASON:
		stop_reply(s, &o);
		break;
	case GDB_CMD_READ_REGS:
		read_regs(s, &o);
		break;
	case GDB_CMD_WRITE_REGS:
		gdb_out_str(&o, write_regs(s, &cmd) ? "OK" : "E01");
		break;
	case GDB_CMD_READ_REG:
		read_reg(s, &cmd, &o);
		break;
	case GDB_CMD_WRITE_REG:
		gdb_out_str(&o, write_reg(s, &cmd) ? "OK" : "E01");
		break;
	case GDB_CMD_READ_MEM:
		read_mem(s, &cmd, &o);
		break;
	case GDB_CMD_WRITE_MEM:
		gdb_out_str(&o, t->write_mem(cmd.addr, cmd.data, cmd.data_len) == cmd.data_len ?
			    "OK" : "E01");
		break;
	case GDB_CMD_CONTINUE:
	case GDB_CMD_STEP:
	case GDB_CMD_VCONT:
		if (resume(s, &cmd, out, &o))
			return true;
		break;
	case GDB_CMD_VCONT_QUERY:
		gdb_out_str(&o, "vCont;c;C;s;S");
		break;
	case GDB_CMD_SET_THREAD:
		set_thread(s, &cmd, &o);
		break;
	case GDB_CMD_THREAD_ALIVE:
		gdb_out_str(&o, stopped(s, cmd.tid) ? "OK" : "E01");
		break;
	case GDB_CMD_INSERT_BREAK:
	case GDB_CMD_REMOVE_BREAK:
		breakpoint(s, &cmd, &o);
		break;
	case GDB_CMD_DETACH:
		gdb_out_str(&o, "OK");
		send(s, &o);
		detach(s, out);
		return true;
	case GDB_CMD_KILL:
		out->outcome = GDB_KILL;
		return true;
	case GDB_CMD_SUPPORTED:
		supported(s, &cmd, &o);
		break;
	case GDB_CMD_NO_ACK_MODE:
		/* This OK is still acknowledged; nothing after it is. */
		gdb_out_str(&o, "OK");
		send(s, &o);
		s->no_ack = true;
		s->awaiting_ack = false;
		return false;
	case GDB_CMD_READ_FEATURES:
		read_features(s, &cmd, &o);
		break;
	case GDB_CMD_THREAD_FIRST:
		thread_list(s, &o);
		break;
	case GDB_CMD_THREAD_NEXT:
		gdb_out_str(&o, "l");
		break;
	case GDB_CMD_CURRENT_THREAD:
		gdb_out_str(&o, "QC");
		gdb_out_hex_u64(&o, (uint64_t)general_thread(s));
		break;
	case GDB_CMD_THREAD_EXTRA:
		thread_extra(s, &cmd, &o);
		break;
	case GDB_CMD_ATTACHED:
		gdb_out_str(&o, "1");   /* quitting gdb detaches, never kills */
		break;
	case GDB_CMD_MONITOR:
		if (monitor(s, &cmd, &o, out))
			return true;
		break;
	}
	send(s, &o);
	return false;
}

void gdb_session_run(struct gdb_session *s, const struct gdb_stop *stop,
		     struct gdb_resume *out)
{
	memset(out, 0, sizeof(*out));
	s->stop = *stop;
	if (s->stop_reply_owed) {
		struct gdb_out o;

		gdb_out_init(&o, s->reply, sizeof(s->reply));
		stop_reply(s, &o);
		send(s, &o);
		s->stop_reply_owed = false;
	}
	for (;;) {
		switch (gdb_rx_byte(&s->rx, (uint8_t)s->target->getc())) {
		case GDB_RX_PACKET:
			s->awaiting_ack = false;        /* gdb moved on: it got the reply */
			ack(s, '+');
			if (handle(s, out))
				return;
			break;
		case GDB_RX_OVERLONG: {
			struct gdb_out o;

			ack(s, '+');
			gdb_out_init(&o, s->reply, sizeof(s->reply));
			gdb_out_str(&o, "E01");
			send(s, &o);
			break;
		}
		case GDB_RX_BAD_CHECKSUM:
			ack(s, '-');
			break;
		case GDB_RX_ACK:
			s->awaiting_ack = false;
			break;
		case GDB_RX_NAK:
			if (s->awaiting_ack)
				put_frame(s);
			break;
		case GDB_RX_BREAK:      /* already stopped */
		case GDB_RX_NONE:
			break;
		}
	}
}

bool gdb_session_running_byte(struct gdb_session *s, uint8_t c)
{
	enum gdb_rx_event ev = gdb_rx_byte(&s->rx, c);

	if (c == '$') {
		/* A packet while running: a new gdb attaching, which expects no
		 * stop reply of the previous one. */
		s->stop_reply_owed = false;
		return true;
	}
	return ev == GDB_RX_BREAK;
}

void gdb_session_exited(struct gdb_session *s, bool killed, uint8_t status)
{
	struct gdb_out o;

	if (!s->stop_reply_owed)
		return;
	gdb_out_init(&o, s->reply, sizeof(s->reply));
	gdb_out_str(&o, killed ? "X" : "W");
	gdb_out_hex_u8(&o, killed ? GDB_SIGKILL : status);
	send(s, &o);
	/* gdb closes the connection; the next one starts in ack mode. */
	s->stop_reply_owed = false;
	s->no_ack = false;
	s->awaiting_ack = false;
}
