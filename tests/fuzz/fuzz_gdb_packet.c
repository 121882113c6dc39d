/* libFuzzer target for the GDB stub's packet layer and protocol engine.
 * The input is the byte stream gdb would send. It is
 * 1. decoded whole as one packet payload, from an exactly-sized heap copy
 *    (ASan sees any read past it), with the decoder's promises checked;
 * 2. framed byte by byte, each complete packet decoded likewise;
 * 3. served by the engine against the fake target of the unit tests, stop
 *    after stop, with bytes between stops fed as if the target ran; every
 *    byte the engine sends must be an ack or a well-formed packet, and
 *    resume actions may only name stopped threads. */
#include "../unit/shim.h"
#include "../../hv/gdb_packet.c"
#include "../../hv/gdbstub.c"
#include "../unit/gdb_fake_target.h"

#define FC(c) do { if (!(c)) { fprintf(stderr, "invariant %s (line %d)\n", #c, __LINE__); \
		abort(); } } while (0)

static struct gdb_session session;

static void check_cmd(const struct gdb_cmd *cmd, const char *pkt, size_t len,
		      const uint8_t *data, size_t data_size)
{
	FC(cmd->kind <= GDB_CMD_MONITOR);
	FC(cmd->data_len <= data_size);
	FC(cmd->nr_actions <= GDB_MAX_VCONT);
	if (cmd->data)
		FC(cmd->data == data);
	else
		FC(cmd->data_len == 0);
	switch (cmd->kind) {
	case GDB_CMD_WRITE_MEM:
		FC(cmd->data_len == cmd->len);
		break;
	case GDB_CMD_WRITE_REGS:
	case GDB_CMD_WRITE_REG:
		FC(cmd->data != NULL && cmd->data_len > 0);
		break;
	case GDB_CMD_READ_FEATURES:
		FC(cmd->annex >= pkt && cmd->annex + cmd->annex_len <= pkt + len);
		break;
	case GDB_CMD_VCONT:
		FC(cmd->nr_actions > 0);
		for (unsigned i = 0; i < cmd->nr_actions; i++) {
			FC(cmd->actions[i].action == 'c' || cmd->actions[i].action == 's');
			FC(cmd->actions[i].tid >= GDB_TID_ALL &&
			   cmd->actions[i].tid <= GDB_TID_MAX);
		}
		break;
	case GDB_CMD_SET_THREAD:
		FC(cmd->thread_op == 'g' || cmd->thread_op == 'c');
		/* fall through */
	case GDB_CMD_THREAD_ALIVE:
	case GDB_CMD_THREAD_EXTRA:
		FC(cmd->tid >= GDB_TID_ALL && cmd->tid <= GDB_TID_MAX);
		break;
	case GDB_CMD_INSERT_BREAK:
	case GDB_CMD_REMOVE_BREAK:
		FC(cmd->bp_type <= 4);
		break;
	case GDB_CMD_READ_REG:
		FC(cmd->regno <= 0xffff);
		break;
	default:
		break;
	}
}

static void decode_copy(const uint8_t *bytes, size_t len)
{
	char *pkt = malloc(len ? len : 1);
	uint8_t *data = malloc(64);
	struct gdb_cmd cmd;

	memcpy(pkt, bytes, len);
	gdb_decode(pkt, len, data, 64, &cmd);
	check_cmd(&cmd, pkt, len, data, 64);
	free(data);
	free(pkt);
}

/* Everything the engine sent: '+', '-' and "$payload#cc" with a correct
 * checksum and no raw '$' or '#' inside. */
static void check_output(void)
{
	size_t i = 0;

	if (fake.out_len >= sizeof(fake.out) - 1)
		return;         /* truncated by the fake: nothing to judge */
	while (i < fake.out_len) {
		size_t start, end;

		if (fake.out[i] == '+' || fake.out[i] == '-') {
			i++;
			continue;
		}
		FC(fake.out[i] == '$');
		start = ++i;
		while (i < fake.out_len && fake.out[i] != '#') {
			FC(fake.out[i] != '$');
			i++;
		}
		FC(i + 2 < fake.out_len);
		end = i;
		FC(end - start <= GDB_PACKET_MAX);
		FC(gdb_hex_digit(fake.out[i + 1]) >= 0 && gdb_hex_digit(fake.out[i + 2]) >= 0);
		FC((uint8_t)(gdb_hex_digit(fake.out[i + 1]) << 4 | gdb_hex_digit(fake.out[i + 2])) ==
		   gdb_checksum(fake.out + start, end - start));
		i += 3;
	}
}

static void serve(const uint8_t *bytes, size_t size)
{
	struct gdb_stop stop = { .tid = 1, .signal = GDB_SIGTRAP };
	struct gdb_resume res;
	size_t pos = 0;

	fake_reset();
	gdb_session_init(&session, &fake_target);
	/* The first byte chooses the stop: fatal, thread, kind. */
	if (size) {
		stop.fatal = bytes[0] & 1;
		stop.tid = bytes[0] & 2 ? 2 : 1;
		stop.kind = (enum gdb_stop_kind)((bytes[0] >> 2) % (GDB_STOP_AWATCH + 1));
		stop.watch_addr = bytes[0];
		fake.stopped3 = bytes[0] & 0x80;
		pos = 1;
	}
	while (pos < size) {
		bool returned = fake_run(&session, &stop, bytes + pos, size - pos, &res);

		pos += fake.in_pos;
		check_output();
		if (!returned)
			break;
		FC(res.outcome <= GDB_KILL);
		for (unsigned t = 0; t <= GDB_MAX_THREADS; t++) {
			FC(res.action[t] <= GDB_ACTION_STEP);
			if (res.action[t] != GDB_ACTION_STOP)
				FC(fake_thread_stopped(t));
		}
		if (res.outcome == GDB_KILL || stop.fatal)
			break;
		/* Running: bytes go to the poller until gdb wants a stop. */
		while (pos < size && !gdb_session_running_byte(&session, bytes[pos++]))
			;
		stop.tid = stop.tid == 1 ? 2 : 1;
		stop.signal = GDB_SIGINT;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdb_rx rx;
	uint8_t *buf = malloc(GDB_PACKET_MAX);

	decode_copy(data, size);
	gdb_rx_reset(&rx);
	for (size_t i = 0; i < size; i++) {
		enum gdb_rx_event ev = gdb_rx_byte(&rx, data[i]);

		FC(ev <= GDB_RX_BREAK);
		FC(rx.len <= GDB_PACKET_MAX);
		if (ev == GDB_RX_PACKET) {
			struct gdb_cmd cmd;

			FC(rx.buf[rx.len] == '\0');
			decode_copy((const uint8_t *)rx.buf, rx.len);
			gdb_decode(rx.buf, rx.len, buf, GDB_PACKET_MAX, &cmd);
			check_cmd(&cmd, rx.buf, rx.len, buf, GDB_PACKET_MAX);
		}
	}
	serve(data, size);
	free(buf);
	return 0;
}
