/* The GDB remote-serial-protocol engine. It is architecture-neutral: it
 * talks to the stopped machine through struct gdb_target (serial line,
 * registers in the target description's order, memory, breakpoints) and
 * hands back what gdb wants resumed. All-stop: the target stops every
 * thread before it calls gdb_session_run() and resumes as told afterwards.
 * Thread ids are 1..GDB_MAX_THREADS (the hypervisor target: CPU index + 1). */
#ifndef HV_GDBSTUB_H
#define HV_GDBSTUB_H

#include "gdb_packet.h"

#define GDB_MAX_THREADS 64
#define GDB_MAX_REG_SIZE 16     /* bytes of the largest register */

/* gdb's own signal numbers (gdb/signals.def), which the protocol carries;
 * they are not any host's. */
enum gdb_signal {
	GDB_SIGINT = 2,
	GDB_SIGILL = 4,
	GDB_SIGTRAP = 5,
	GDB_SIGABRT = 6,
	GDB_SIGFPE = 8,
	GDB_SIGKILL = 9,
	GDB_SIGBUS = 10,
	GDB_SIGSEGV = 11,
};

/* Z/z packet types. */
enum gdb_bp_type {
	GDB_BP_SOFTWARE = 0,
	GDB_BP_HARDWARE = 1,
	GDB_WATCH_WRITE = 2,
	GDB_WATCH_READ = 3,
	GDB_WATCH_ACCESS = 4,
};

enum gdb_status {
	GDB_OK,
	GDB_ERROR,              /* reply "E.." */
	GDB_UNSUPPORTED,        /* reply "": gdb then knows not to ask again */
};

enum gdb_stop_kind {
	GDB_STOP_SIGNAL,        /* just the signal */
	GDB_STOP_SWBREAK,       /* a Z0 breakpoint; the PC is already at it */
	GDB_STOP_HWBREAK,       /* a Z1 breakpoint */
	GDB_STOP_WATCH,         /* Z2, Z3, Z4 hit at watch_addr */
	GDB_STOP_RWATCH,
	GDB_STOP_AWATCH,
};

struct gdb_stop {
	unsigned tid;           /* the thread that stopped */
	uint8_t signal;         /* enum gdb_signal */
	enum gdb_stop_kind kind;
	uint64_t watch_addr;
	bool fatal;             /* a panic or unexpected exception: cannot resume */
};

enum gdb_action {
	GDB_ACTION_STOP,        /* stays stopped (all-stop: not resumed by gdb) */
	GDB_ACTION_CONTINUE,
	GDB_ACTION_STEP,
};

enum gdb_outcome {
	GDB_RESUME,             /* apply the actions */
	GDB_DETACH,             /* breakpoints are removed; every thread continues */
	GDB_KILL,               /* end the run */
	GDB_SWITCH,             /* `monitor` chose another target (now s->target):
				 * the old one's breakpoints are removed and every
				 * thread of it continues; gdb waits for no stop
				 * reply, the new target serves its next packet */
};

struct gdb_resume {
	enum gdb_outcome outcome;
	uint8_t action[GDB_MAX_THREADS + 1];    /* enum gdb_action by thread id */
};

struct gdb_target {
	int (*getc)(void);              /* the next byte from gdb; waits for it */
	void (*putc)(char c);
	bool (*thread_stopped)(unsigned tid);   /* exists and is stopped */
	/* Text for `info threads`; returns its length (at most size). */
	size_t (*thread_describe)(unsigned tid, char *buf, size_t size);
	const char *features_xml;       /* target.xml; register numbers follow it */
	unsigned nr_regs;
	unsigned pc_regnum;
	unsigned (*reg_size)(unsigned regno);
	/* false when the value is unavailable (not saved on a stop) */
	bool (*read_reg)(unsigned tid, unsigned regno, uint8_t *val);
	bool (*write_reg)(unsigned tid, unsigned regno, const uint8_t *val);
	/* Both return how many bytes from addr on were transferred before the
	 * first that could not be. */
	size_t (*read_mem)(uint64_t addr, uint8_t *buf, size_t len);
	size_t (*write_mem)(uint64_t addr, const uint8_t *buf, size_t len);
	enum gdb_status (*insert_bp)(enum gdb_bp_type type, uint64_t addr, uint64_t kind);
	enum gdb_status (*remove_bp)(enum gdb_bp_type type, uint64_t addr, uint64_t kind);
	void (*remove_all_bps)(void);
};

#define GDB_MONITOR_MAX 256     /* characters of a `monitor` command and its answer */

/* `monitor CMD` (qRcmd): writes what gdb is to print into out (at most
 * size bytes, NUL-terminated) and returns the target gdb talks to from now
 * on: current to stay, another one to switch (GDB_SWITCH). */
typedef const struct gdb_target *(*gdb_monitor_fn)(const struct gdb_target *current,
						   const char *cmd, char *out, size_t size);

struct gdb_session {
	const struct gdb_target *target;
	gdb_monitor_fn monitor;         /* NULL: `monitor` is not offered */
	bool no_ack;                    /* QStartNoAckMode accepted */
	bool awaiting_ack;              /* tx was sent; a '-' asks for it again */
	bool stop_reply_owed;           /* gdb resumed us and waits for the next stop */
	bool gdb_swbreak, gdb_hwbreak;  /* from gdb's qSupported */
	int64_t general_tid;            /* Hg: registers and memory */
	int64_t continue_tid;           /* Hc: legacy c and s */
	struct gdb_stop stop;
	struct gdb_rx rx;
	char tx[GDB_PACKET_MAX + 4];    /* the last reply, framed */
	size_t tx_len;
	char reply[GDB_PACKET_MAX];
	uint8_t data[GDB_PACKET_MAX];   /* decoded G, P, M and X arguments */
};

void gdb_session_init(struct gdb_session *s, const struct gdb_target *t);
/* Serves gdb for one stop: sends the stop reply if gdb is waiting for one,
 * then answers packets until gdb resumes, detaches or kills. */
void gdb_session_run(struct gdb_session *s, const struct gdb_stop *stop,
		     struct gdb_resume *out);
/* While the target runs: feeds one byte received from gdb; true when gdb
 * wants the target stopped (Ctrl-C, or a packet starting: a debugger that
 * attaches to a running hypervisor). A started packet stays in s->rx, so
 * gdb_session_run() reads the rest of it. */
bool gdb_session_running_byte(struct gdb_session *s, uint8_t c);
/* The program gdb waits on ended (a TD that stopped): if gdb waits for a
 * stop reply, tells it "exited with status" (W), or "killed" (X, SIGKILL)
 * when killed; gdb then disconnects. */
void gdb_session_exited(struct gdb_session *s, bool killed, uint8_t status);

/* Entry points for the rest of the hypervisor, implemented by the
 * architecture's hypervisor target (hv/arch/x86/gdb_x86_stop.c). Each does
 * nothing while the stub is disabled. */
/* Enables the stub from the command line: gdb[=ttyS0-3|port], gdb.wait. */
void gdb_setup(const char *cmdline);
/* gdb.wait: stops here until gdb attaches and continues. */
void gdb_wait_at_boot(void);
/* Checks the serial line for gdb's Ctrl-C; cheap when nothing arrived. */
void gdb_poll(void);
/* After a panic report: lets gdb inspect the machine before it stops. */
void gdb_stop_after_panic(void);

#endif
