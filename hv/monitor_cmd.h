/* The serial monitor's pure half: the line editor (bytes in, echo and a
 * finished line out) and the command parser (a line to a command and its
 * validated argument). Neither touches hardware or global state, so both
 * are unit-tested and fuzzed on the host (tests/unit/test_monitor.c,
 * tests/fuzz/fuzz_monitor.c); hv/monitor.c runs the commands. */
#ifndef HV_MONITOR_CMD_H
#define HV_MONITOR_CMD_H

#include "log.h"
#include "manifest.h"
#include "types.h"

#define MONITOR_LINE_MAX 120    /* characters a command line may have */
#define MONITOR_MSG_MAX  160

enum monitor_cmd_kind {
	MON_EMPTY,              /* a blank line: just a new prompt */
	MON_HELP,
	MON_CPUS,
	MON_MEM,
	MON_TDX,
	MON_TDS,
	MON_VMS,
	MON_TD,
	MON_KILL,
	MON_LOG,
	MON_MIRROR_CHECK,
	MON_EXIT,               /* not in help: scripted sessions (docs/debugging.md) */
	MON_ERROR,              /* unknown or malformed: print msg */
};

struct monitor_cmd {
	enum monitor_cmd_kind kind;
	char name[MANIFEST_NAME_MAX + 1];       /* td, kill, mirror-check */
	enum log_level level;                   /* log */
	char msg[MONITOR_MSG_MAX];              /* MON_ERROR: what to tell the user */
};

struct monitor_cmd_info {
	const char *name;
	enum monitor_cmd_kind kind;
	const char *usage;      /* "td NAME" */
	const char *help;       /* one line */
	bool takes_name;        /* one NAME argument */
	bool takes_level;       /* one LEVEL argument */
	bool hidden;            /* left out of help */
};

extern const struct monitor_cmd_info monitor_cmds[];
extern const unsigned monitor_nr_cmds;

/* Parses line[0..len) (no NUL needed; any bytes). Never fails: errors come
 * back as MON_ERROR with the message to print. */
void monitor_parse(const char *line, size_t len, struct monitor_cmd *out);

/* The line editor. Printable ASCII is kept (up to MONITOR_LINE_MAX) and
 * echoed; backspace/DEL erases; CR, LF or CR LF ends the line; other bytes
 * are ignored. Past MONITOR_LINE_MAX characters the rest of the line is
 * discarded and MONITOR_RX_TOO_LONG reported at its end. */
struct monitor_rx {
	char buf[MONITOR_LINE_MAX + 1];
	size_t len;
	bool overflow;
	bool last_cr;           /* an LF right after a CR ends nothing */
	bool done;              /* the line was reported: the next byte starts anew */
};

enum monitor_rx_event {
	MONITOR_RX_NONE,
	MONITOR_RX_LINE,        /* rx->buf[0..len) is a line (NUL-terminated) */
	MONITOR_RX_TOO_LONG,    /* a line was too long and was discarded */
};

void monitor_rx_reset(struct monitor_rx *rx);
/* Feeds one byte; writes what to echo into echo[] (at most 4 bytes) and its
 * length into *echo_len. After an event rx->buf holds the line until the
 * next byte is fed. */
enum monitor_rx_event monitor_rx_byte(struct monitor_rx *rx, uint8_t c, char echo[4],
				      size_t *echo_len);

#endif
