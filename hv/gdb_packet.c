/* GDB remote protocol packets: framing, command decoding, reply building.
 * Every argument is parsed against the end of the packet, numbers are
 * checked for overflow and lengths against the caller's buffer, so a
 * malformed or hostile packet yields MALFORMED, never a wild access. */
#include "gdb_packet.h"
#include "lib/string.h"

enum rx_state { RX_IDLE, RX_DATA, RX_CSUM1, RX_CSUM2 };

void gdb_rx_reset(struct gdb_rx *rx)
{
	rx->state = RX_IDLE;
	rx->len = 0;
}

int gdb_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void rx_start(struct gdb_rx *rx)
{
	rx->state = RX_DATA;
	rx->len = 0;
	rx->sum = 0;
	rx->csum = 0;
	rx->bad_digit = false;
	rx->overlong = false;
}

static void rx_csum_digit(struct gdb_rx *rx, uint8_t c)
{
	int d = gdb_hex_digit(c);

	if (d < 0)
		rx->bad_digit = true;
	rx->csum = (uint8_t)(rx->csum << 4 | (d & 0xf));
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c)
{
	if (c == '$') {
		rx_start(rx);
		return GDB_RX_NONE;
	}
	switch (rx->state) {
	case RX_DATA:
		if (c == '#') {
			rx->state = RX_CSUM1;
		} else {
			rx->sum += c;
			if (rx->len < GDB_PACKET_MAX)
				rx->buf[rx->len++] = (char)c;
			else
				rx->overlong = true;
		}
		return GDB_RX_NONE;
	case RX_CSUM1:
		rx_csum_digit(rx, c);
		rx->state = RX_CSUM2;
		return GDB_RX_NONE;
	case RX_CSUM2:
		rx_csum_digit(rx, c);
		rx->state = RX_IDLE;
		rx->buf[rx->len] = '\0';
		if (rx->bad_digit || rx->csum != rx->sum)
			return GDB_RX_BAD_CHECKSUM;
		return rx->overlong ? GDB_RX_OVERLONG : GDB_RX_PACKET;
	default:
		rx->state = RX_IDLE;
		if (c == '+')
			return GDB_RX_ACK;
		if (c == '-')
			return GDB_RX_NAK;
		return c == 0x03 ? GDB_RX_BREAK : GDB_RX_NONE;
	}
}

/* ---- Decoding ---- */

struct cursor {
	const char *p, *end;
};

static bool at_end(const struct cursor *c)
{
	return c->p == c->end;
}

static bool take(struct cursor *c, char ch)
{
	if (at_end(c) || *c->p != ch)
		return false;
	c->p++;
	return true;
}

/* Consumes word when the rest of the packet starts with it. */
static bool take_word(struct cursor *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* One or more hex digits, at most 64 significant bits. */
static bool take_hex(struct cursor *c, uint64_t *out)
{
	uint64_t v = 0;
	const char *start = c->p;
	int d;

	while (!at_end(c) && (d = gdb_hex_digit(*c->p)) >= 0) {
		if (v >> 60)
			return false;
		v = v << 4 | (unsigned)d;
		c->p++;
	}
	*out = v;
	return c->p != start;
}

static bool take_hex_max(struct cursor *c, uint64_t max, uint64_t *out)
{
	return take_hex(c, out) && *out <= max;
}

static bool take_tid(struct cursor *c, int64_t *tid)
{
	uint64_t v;

	if (take_word(c, "-1")) {
		*tid = GDB_TID_ALL;
		return true;
	}
	if (!take_hex_max(c, GDB_TID_MAX, &v))
		return false;
	*tid = (int64_t)v;
	return true;
}

/* The rest of the packet as hex bytes. */
static bool take_hex_bytes(struct cursor *c, uint8_t *data, size_t size, size_t *len)
{
	size_t n = (size_t)(c->end - c->p);

	if (n % 2 || n / 2 > size)
		return false;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = gdb_hex_digit(c->p[2 * i]), lo = gdb_hex_digit(c->p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		data[i] = (uint8_t)(hi << 4 | lo);
	}
	c->p = c->end;
	*len = n / 2;
	return true;
}

/* The rest of the packet as X-packet binary: '}' escapes the next byte,
 * which is sent XORed with 0x20. */
static bool take_binary(struct cursor *c, uint8_t *data, size_t size, size_t *len)
{
	size_t n = 0;

	while (!at_end(c)) {
		uint8_t b = (uint8_t)*c->p++;

		if (b == '}') {
			if (at_end(c))
				return false;
			b = (uint8_t)*c->p++ ^ 0x20;
		}
		if (n == size)
			return false;
		data[n++] = b;
	}
	*len = n;
	return true;
}

/* "addr,len" */
static bool take_range(struct cursor *c, struct gdb_cmd *cmd)
{
	return take_hex(c, &cmd->addr) && take(c, ',') && take_hex(c, &cmd->len);
}

static enum gdb_cmd_kind decode_write_mem(struct cursor *c, bool binary, uint8_t *data,
					  size_t size, struct gdb_cmd *cmd)
{
	size_t n;

	if (!take_range(c, cmd) || !take(c, ':') || cmd->len > size)
		return GDB_CMD_MALFORMED;
	if (binary ? !take_binary(c, data, cmd->len, &n) : !take_hex_bytes(c, data, cmd->len, &n))
		return GDB_CMD_MALFORMED;
	if (n != cmd->len)
		return GDB_CMD_MALFORMED;
	cmd->data = data;
	cmd->data_len = n;
	return GDB_CMD_WRITE_MEM;
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr] */
static enum gdb_cmd_kind decode_resume(struct cursor *c, bool with_signal, struct gdb_cmd *cmd,
				       enum gdb_cmd_kind kind)
{
	uint64_t sig;

	if (with_signal) {
		if (!take_hex_max(c, 0xff, &sig))
			return GDB_CMD_MALFORMED;
		if (at_end(c))
			return kind;
		if (!take(c, ';'))
			return GDB_CMD_MALFORMED;
	} else if (at_end(c)) {
		return kind;
	}
	if (!take_hex(c, &cmd->addr) || !at_end(c))
		return GDB_CMD_MALFORMED;
	cmd->has_addr = true;
	return kind;
}

static enum gdb_cmd_kind decode_vcont(struct cursor *c, struct gdb_cmd *cmd)
{
	if (take(c, '?'))
		return at_end(c) ? GDB_CMD_VCONT_QUERY : GDB_CMD_MALFORMED;
	if (at_end(c))
		return GDB_CMD_MALFORMED;
	while (!at_end(c)) {
		struct gdb_vcont_action *a;
		uint64_t sig;
		char op;

		if (!take(c, ';') || at_end(c) || cmd->nr_actions == GDB_MAX_VCONT)
			return GDB_CMD_MALFORMED;
		op = *c->p++;
		if (op == 'C' || op == 'S') {
			if (!take_hex_max(c, 0xff, &sig))
				return GDB_CMD_MALFORMED;
			op = op == 'C' ? 'c' : 's';
		} else if (op != 'c' && op != 's') {
			return GDB_CMD_MALFORMED;       /* t, r: not offered by vCont? */
		}
		a = &cmd->actions[cmd->nr_actions++];
		a->action = op;
		a->tid = GDB_TID_ALL;
		if (take(c, ':') && !take_tid(c, &a->tid))
			return GDB_CMD_MALFORMED;
	}
	return GDB_CMD_VCONT;
}

static enum gdb_cmd_kind decode_breakpoint(struct cursor *c, struct gdb_cmd *cmd, bool insert)
{
	uint64_t type;

	if (!take_hex(c, &type))
		return GDB_CMD_MALFORMED;
	if (type > 4)
		return GDB_CMD_UNKNOWN;
	cmd->bp_type = (unsigned)type;
	if (!take(c, ',') || !take_range(c, cmd) || !at_end(c))
		return GDB_CMD_MALFORMED;
	return insert ? GDB_CMD_INSERT_BREAK : GDB_CMD_REMOVE_BREAK;
}

static enum gdb_cmd_kind decode_supported(struct cursor *c, struct gdb_cmd *cmd)
{
	if (at_end(c))
		return GDB_CMD_SUPPORTED;
	if (!take(c, ':'))
		return GDB_CMD_UNKNOWN;
	while (!at_end(c)) {
		const char *start = c->p;

		while (!at_end(c) && *c->p != ';')
			c->p++;
		if (c->p - start == 8 && memcmp(start, "swbreak+", 8) == 0)
			cmd->gdb_swbreak = true;
		if (c->p - start == 8 && memcmp(start, "hwbreak+", 8) == 0)
			cmd->gdb_hwbreak = true;
		take(c, ';');
	}
	return GDB_CMD_SUPPORTED;
}

/* qXfer:features:read:annex:offset,length */
static enum gdb_cmd_kind decode_xfer(struct cursor *c, struct gdb_cmd *cmd)
{
	if (!take_word(c, "features:read:"))
		return GDB_CMD_UNKNOWN;
	cmd->annex = c->p;
	while (!at_end(c) && *c->p != ':')
		c->p++;
	cmd->annex_len = (size_t)(c->p - cmd->annex);
	if (!take(c, ':') || !take_range(c, cmd) || !at_end(c))
		return GDB_CMD_MALFORMED;
	return GDB_CMD_READ_FEATURES;
}

static enum gdb_cmd_kind decode_query(struct cursor *c, uint8_t *data, size_t size,
				      struct gdb_cmd *cmd)
{
	uint64_t pid;

	if (take_word(c, "Supported"))
		return decode_supported(c, cmd);
	if (take_word(c, "Xfer:"))
		return decode_xfer(c, cmd);
	if (take_word(c, "fThreadInfo"))
		return at_end(c) ? GDB_CMD_THREAD_FIRST : GDB_CMD_UNKNOWN;
	if (take_word(c, "sThreadInfo"))
		return at_end(c) ? GDB_CMD_THREAD_NEXT : GDB_CMD_UNKNOWN;
	if (take_word(c, "ThreadExtraInfo,"))
		return take_tid(c, &cmd->tid) && at_end(c) ? GDB_CMD_THREAD_EXTRA
							   : GDB_CMD_MALFORMED;
	if (take_word(c, "Attached")) {
		if (at_end(c) || (take(c, ':') && take_hex(c, &pid) && at_end(c)))
			return GDB_CMD_ATTACHED;
		return GDB_CMD_MALFORMED;
	}
	if (take(c, 'C'))
		return at_end(c) ? GDB_CMD_CURRENT_THREAD : GDB_CMD_UNKNOWN;
	if (take_word(c, "Rcmd,")) {
		if (!take_hex_bytes(c, data, size, &cmd->data_len) || !at_end(c))
			return GDB_CMD_MALFORMED;
		cmd->data = data;
		return GDB_CMD_MONITOR;
	}
	return GDB_CMD_UNKNOWN;
}

static enum gdb_cmd_kind decode(struct cursor *c, uint8_t *data, size_t size,
				struct gdb_cmd *cmd)
{
	uint64_t v;
	char op;

	if (at_end(c))
		return GDB_CMD_UNKNOWN;
	op = *c->p++;
	switch (op) {
	case '?':
		return at_end(c) ? GDB_CMD_STOP_REASON : GDB_CMD_MALFORMED;
	case 'g':
		return at_end(c) ? GDB_CMD_READ_REGS : GDB_CMD_MALFORMED;
	case 'G':
		if (at_end(c) || !take_hex_bytes(c, data, size, &cmd->data_len))
			return GDB_CMD_MALFORMED;
		cmd->data = data;
		return GDB_CMD_WRITE_REGS;
	case 'p':
		if (!take_hex_max(c, 0xffff, &v) || !at_end(c))
			return GDB_CMD_MALFORMED;
		cmd->regno = (unsigned)v;
		return GDB_CMD_READ_REG;
	case 'P':
		if (!take_hex_max(c, 0xffff, &v) || !take(c, '=') || at_end(c) ||
		    !take_hex_bytes(c, data, size, &cmd->data_len))
			return GDB_CMD_MALFORMED;
		cmd->regno = (unsigned)v;
		cmd->data = data;
		return GDB_CMD_WRITE_REG;
	case 'm':
		return take_range(c, cmd) && at_end(c) ? GDB_CMD_READ_MEM : GDB_CMD_MALFORMED;
	case 'M':
	case 'X':
		return decode_write_mem(c, op == 'X', data, size, cmd);
	case 'c':
	case 'C':
		return decode_resume(c, op == 'C', cmd, GDB_CMD_CONTINUE);
	case 's':
	case 'S':
		return decode_resume(c, op == 'S', cmd, GDB_CMD_STEP);
	case 'H':
		if (at_end(c) || (*c->p != 'g' && *c->p != 'c'))
			return GDB_CMD_MALFORMED;
		cmd->thread_op = *c->p++;
		return take_tid(c, &cmd->tid) && at_end(c) ? GDB_CMD_SET_THREAD
							   : GDB_CMD_MALFORMED;
	case 'T':
		return take_tid(c, &cmd->tid) && at_end(c) ? GDB_CMD_THREAD_ALIVE
							   : GDB_CMD_MALFORMED;
	case 'Z':
	case 'z':
		return decode_breakpoint(c, cmd, op == 'Z');
	case 'D':
		if (at_end(c) || (take(c, ';') && take_hex(c, &v) && at_end(c)))
			return GDB_CMD_DETACH;
		return GDB_CMD_MALFORMED;
	case 'k':
		return at_end(c) ? GDB_CMD_KILL : GDB_CMD_MALFORMED;
	case 'v':
		if (take_word(c, "Cont"))
			return decode_vcont(c, cmd);
		if (take_word(c, "Kill;"))
			return take_hex(c, &v) && at_end(c) ? GDB_CMD_KILL : GDB_CMD_MALFORMED;
		return GDB_CMD_UNKNOWN;
	case 'q':
		return decode_query(c, data, size, cmd);
	case 'Q':
		return take_word(c, "StartNoAckMode") && at_end(c) ? GDB_CMD_NO_ACK_MODE
								   : GDB_CMD_UNKNOWN;
	default:
		return GDB_CMD_UNKNOWN;
	}
}

void gdb_decode(const char *pkt, size_t len, uint8_t *data, size_t data_size,
		struct gdb_cmd *cmd)
{
	struct cursor c = { pkt, pkt + len };

	memset(cmd, 0, sizeof(*cmd));
	cmd->kind = decode(&c, data, data_size, cmd);
	if (cmd->kind == GDB_CMD_UNKNOWN || cmd->kind == GDB_CMD_MALFORMED) {
		cmd->data = NULL;
		cmd->data_len = 0;
	}
}

/* ---- Replies ---- */

static const char hex_digits[] = "0123456789abcdef";

void gdb_out_init(struct gdb_out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	o->full = false;
}

static bool room(struct gdb_out *o, size_t n)
{
	if (o->full || n > o->size - o->len) {
		o->full = true;
		return false;
	}
	return true;
}

void gdb_out_str(struct gdb_out *o, const char *s)
{
	size_t n = strlen(s);

	if (!room(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void gdb_out_hex(struct gdb_out *o, const uint8_t *data, size_t n)
{
	if (n > SIZE_MAX / 2 || !room(o, 2 * n))
		return;
	for (size_t i = 0; i < n; i++) {
		o->buf[o->len++] = hex_digits[data[i] >> 4];
		o->buf[o->len++] = hex_digits[data[i] & 0xf];
	}
}

void gdb_out_hex_u8(struct gdb_out *o, uint8_t v)
{
	gdb_out_hex(o, &v, 1);
}

void gdb_out_hex_u64(struct gdb_out *o, uint64_t v)
{
	char digits[16];
	int n = 0;

	do {
		digits[n++] = hex_digits[v & 0xf];
		v >>= 4;
	} while (v);
	if (!room(o, (size_t)n))
		return;
	while (n)
		o->buf[o->len++] = digits[--n];
}

void gdb_out_unavailable(struct gdb_out *o, size_t n)
{
	if (n > SIZE_MAX / 2 || !room(o, 2 * n))
		return;
	memset(o->buf + o->len, 'x', 2 * n);
	o->len += 2 * n;
}

size_t gdb_out_binary(struct gdb_out *o, const uint8_t *data, size_t n)
{
	bool was_full = o->full;
	size_t i;

	for (i = 0; i < n && !o->full; i++) {
		uint8_t b = data[i];
		bool esc = b == '$' || b == '#' || b == '}' || b == '*';

		if (!room(o, esc ? 2 : 1))
			break;
		if (esc) {
			o->buf[o->len++] = '}';
			b ^= 0x20;
		}
		o->buf[o->len++] = (char)b;
	}
	/* Running out of room here is not an error: the caller sends what fit
	 * and gdb asks for the rest. */
	o->full = was_full;
	return i;
}

uint8_t gdb_checksum(const char *s, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum += (uint8_t)*s++;
	return sum;
}
