/* GDB remote serial protocol, the pure part: framing received bytes into
 * packets ("$data#cc"), decoding a packet into a command whose arguments are
 * all checked, and building replies. No I/O and no target, so host tests and
 * the fuzzer run exactly this code. Protocol reference: the GDB manual,
 * appendix "GDB Remote Serial Protocol". */
#ifndef HV_GDB_PACKET_H
#define HV_GDB_PACKET_H

#include "types.h"

/* Longest packet payload accepted, and advertised to gdb as PacketSize. */
#define GDB_PACKET_MAX 4096
#define GDB_MAX_VCONT  8        /* actions in one vCont packet */

/* ---- Framing ---- */

enum gdb_rx_event {
	GDB_RX_NONE,            /* byte consumed; no packet complete yet */
	GDB_RX_PACKET,          /* rx->buf holds a packet with a good checksum */
	GDB_RX_BAD_CHECKSUM,    /* answer '-': gdb sends it again */
	GDB_RX_OVERLONG,        /* good checksum, but longer than GDB_PACKET_MAX */
	GDB_RX_ACK,             /* '+' outside a packet */
	GDB_RX_NAK,             /* '-' outside a packet: send the last reply again */
	GDB_RX_BREAK,           /* 0x03 outside a packet: gdb's Ctrl-C */
};

struct gdb_rx {
	uint8_t state;
	uint8_t sum;            /* of the data bytes so far */
	uint8_t csum;           /* the checksum digits read so far */
	bool bad_digit;         /* a checksum character was not hex */
	bool overlong;
	size_t len;
	char buf[GDB_PACKET_MAX + 1];   /* payload; NUL-terminated once complete */
};

void gdb_rx_reset(struct gdb_rx *rx);
/* Feeds one received byte. A '$' always starts a new packet, so the stream
 * resynchronises after garbage: gdb escapes '$' and '#' inside packets. */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c);

/* ---- Commands ---- */

enum gdb_cmd_kind {
	GDB_CMD_UNKNOWN,        /* not supported here: reply "" */
	GDB_CMD_MALFORMED,      /* supported, but the arguments are bad: reply "E.." */
	GDB_CMD_STOP_REASON,    /* ? */
	GDB_CMD_READ_REGS,      /* g */
	GDB_CMD_WRITE_REGS,     /* G hex */
	GDB_CMD_READ_REG,       /* p n */
	GDB_CMD_WRITE_REG,      /* P n=hex */
	GDB_CMD_READ_MEM,       /* m addr,len */
	GDB_CMD_WRITE_MEM,      /* M addr,len:hex   X addr,len:binary */
	GDB_CMD_CONTINUE,       /* c [addr]   C sig[;addr] (signal ignored) */
	GDB_CMD_STEP,           /* s [addr]   S sig[;addr] */
	GDB_CMD_VCONT,          /* vCont;action[:tid]... with actions c C s S */
	GDB_CMD_VCONT_QUERY,    /* vCont? */
	GDB_CMD_SET_THREAD,     /* H g|c tid */
	GDB_CMD_THREAD_ALIVE,   /* T tid */
	GDB_CMD_INSERT_BREAK,   /* Z type,addr,kind */
	GDB_CMD_REMOVE_BREAK,   /* z type,addr,kind */
	GDB_CMD_DETACH,         /* D   D;pid */
	GDB_CMD_KILL,           /* k   vKill;pid */
	GDB_CMD_SUPPORTED,      /* qSupported[:feature;...] */
	GDB_CMD_NO_ACK_MODE,    /* QStartNoAckMode */
	GDB_CMD_READ_FEATURES,  /* qXfer:features:read:annex:offset,length */
	GDB_CMD_THREAD_FIRST,   /* qfThreadInfo */
	GDB_CMD_THREAD_NEXT,    /* qsThreadInfo */
	GDB_CMD_CURRENT_THREAD, /* qC */
	GDB_CMD_THREAD_EXTRA,   /* qThreadExtraInfo,tid */
	GDB_CMD_ATTACHED,       /* qAttached[:pid] */
	GDB_CMD_MONITOR,        /* qRcmd,hex: `monitor TEXT`, TEXT in data */
};

/* Thread ids as gdb writes them: -1 all threads, 0 any thread, n > 0 one. */
#define GDB_TID_ALL (-1)
#define GDB_TID_ANY 0
#define GDB_TID_MAX 0x7fffffff

struct gdb_vcont_action {
	char action;            /* 'c' or 's' (C and S are read as c and s) */
	int64_t tid;            /* GDB_TID_ALL when the action names no thread */
};

struct gdb_cmd {
	enum gdb_cmd_kind kind;
	uint64_t addr;          /* m M X Z z, c s C S with has_addr; qXfer: offset */
	uint64_t len;           /* m M X; qXfer: length; Z z: kind */
	unsigned regno;         /* p P */
	unsigned bp_type;       /* Z z: 0 software, 1 hardware, 2 write, 3 read, 4 access */
	char thread_op;         /* H: 'g' (registers, memory) or 'c' (step, continue) */
	int64_t tid;            /* H T qThreadExtraInfo */
	bool has_addr;
	const uint8_t *data;    /* G P M X qRcmd: the decoded bytes (caller's buffer) */
	size_t data_len;
	const char *annex;      /* qXfer: points into the packet, annex_len bytes */
	size_t annex_len;
	unsigned nr_actions;    /* vCont */
	struct gdb_vcont_action actions[GDB_MAX_VCONT];
	bool gdb_swbreak;       /* qSupported: gdb understands these stop reasons */
	bool gdb_hwbreak;
};

/* Decodes pkt (len bytes, as gdb_rx framed it) into cmd. Hex and binary
 * arguments are decoded into data[0, data_size); cmd->data points there. A
 * command that does not fit data is MALFORMED. Never reads past pkt + len. */
void gdb_decode(const char *pkt, size_t len, uint8_t *data, size_t data_size,
		struct gdb_cmd *cmd);

/* ---- Replies ---- */

/* A reply payload under construction. Appends that do not fit set full and
 * leave len where it was before that append, so a reply is never cut in the
 * middle of a field. */
struct gdb_out {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

void gdb_out_init(struct gdb_out *o, char *buf, size_t size);
void gdb_out_str(struct gdb_out *o, const char *s);
void gdb_out_hex(struct gdb_out *o, const uint8_t *data, size_t n);
/* Big-endian hex without leading zeros ("0" for 0): addresses, thread ids. */
void gdb_out_hex_u64(struct gdb_out *o, uint64_t v);
/* Two hex digits. */
void gdb_out_hex_u8(struct gdb_out *o, uint8_t v);
/* "xx" per byte: a register whose value is unavailable. */
void gdb_out_unavailable(struct gdb_out *o, size_t n);
/* Binary data with '$', '#', '}' and '*' escaped; appends as many whole
 * bytes as fit and returns how many. */
size_t gdb_out_binary(struct gdb_out *o, const uint8_t *data, size_t n);

uint8_t gdb_checksum(const char *s, size_t n);
/* Hex digit value, or -1. */
int gdb_hex_digit(char c);

#endif
