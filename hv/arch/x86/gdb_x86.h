/* The hypervisor itself as a GDB target on x86-64. gdb_x86.c is the target
 * (serial line, threads, registers, memory), gdb_x86_breakpoints.c its
 * breakpoints and watchpoints; gdb_x86_stop.c stops and resumes the
 * CPUs (all-stop: the CPU that stops parks the others with an NMI) and holds
 * the hooks the rest of the hypervisor calls. Threads are CPUs: thread id =
 * CPU index + 1. */
#ifndef HV_ARCH_X86_GDB_X86_H
#define HV_ARCH_X86_GDB_X86_H

#include "exceptions.h"
#include "percpu.h"
#include "../../gdbstub.h"

_Static_assert(MAX_CPUS <= GDB_MAX_THREADS, "every CPU must be a gdb thread");

/* exceptions.c hooks. Each returns false (or does nothing) while the stub
 * is disabled. */
/* #DB (vector 1) and #BP (vector 3): true when the stub handled it. */
bool gdb_x86_debug_exception(struct exception_frame *f);
/* NMI: true when it was the stub's request to park this CPU. */
bool gdb_x86_nmi(struct exception_frame *f);
/* An unexpected exception, after its report: gdb may inspect the machine;
 * returns when gdb lets go, and the caller stops everything as before. */
void gdb_x86_fatal_exception(struct exception_frame *f);
/* smp.c's idle loop: true when this CPU polled for gdb instead of halting. */
bool gdb_x86_idle_poll(void);

/* What the stub knows about each CPU while it is stopped. */
struct gdb_x86_cpu {
	struct exception_frame *frame;  /* the context gdb reads and edits */
	struct exception_frame *event_frame;    /* a #BP/#DB waiting to be reported */
	uint64_t fs_base, gs_base;
	uint16_t ds, es, fs, gs;
	volatile bool stopped;
	volatile bool release;          /* set by the CPU running the stub */
	uint8_t action;                 /* enum gdb_action, with release */
	bool resume_rf;                 /* stopped on an instruction breakpoint */
	bool nmi_pending;               /* asked to park */
	uint8_t trap_signal;            /* why this CPU executes int3 on purpose */
	bool trap_fatal;
	bool in_stub;                   /* serving gdb: its own faults must not recurse */
};

extern struct gdb_x86_cpu gdb_x86_cpus[MAX_CPUS];
extern const struct gdb_target gdb_x86_target;

/* gdb's amd64 registers, in the order of gdb_x86_features_xml (target.xml),
 * which the hypervisor target and the TD target (hv/gdb_td.c) share. */
extern const char gdb_x86_features_xml[];
enum {
	REG_RSP = 7,
	REG_RIP = 16,
	REG_EFLAGS,
	REG_CS, REG_SS, REG_DS, REG_ES, REG_FS, REG_GS,
	REG_ST0,                        /* st0-st7: x87 state is not saved */
	REG_FCTRL = REG_ST0 + 8,        /* fctrl..fop: likewise */
	REG_FS_BASE = REG_FCTRL + 8,
	REG_GS_BASE,
	NR_REGS,
};
/* Flags gdb may change; TF and RF belong to the stub's stepping, IF and
 * the rest to the target's own invariants. */
#define RFLAGS_USER (BIT(0) | BIT(2) | BIT(4) | BIT(6) | BIT(7) | BIT(10) | BIT(11))

/* Target internals shared by gdb_x86*.c. */
bool gdb_x86_canonical(uint64_t va);
size_t gdb_x86_read_mem(uint64_t addr, uint8_t *buf, size_t len);
size_t gdb_x86_write_mem(uint64_t addr, const uint8_t *buf, size_t len);
enum gdb_status gdb_x86_insert_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind);
enum gdb_status gdb_x86_remove_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind);
void gdb_x86_remove_all_bps(void);
/* An int3 of a Z0 breakpoint is at addr. */
bool gdb_x86_sw_breakpoint_at(uint64_t addr);
/* The stub ran into a Z0 breakpoint gdb set in code the stub uses itself
 * (uart_putc, memcpy, ...): puts the original byte back until the stub
 * leaves, when gdb_x86_rearm_sw_breakpoints() patches the int3 in again. */
bool gdb_x86_lift_sw_breakpoint(uint64_t addr);
void gdb_x86_rearm_sw_breakpoints(void);
/* Hardware breakpoints and watchpoints (Z1, Z2, Z4) in DR0-DR3 and DR7:
 * the hypervisor's table here, a debugged TD's in hv/gdb_td.c. */
#define GDB_X86_NR_HW_BPS 4
struct gdb_x86_hw_bp {
	uint64_t addr;
	uint8_t type;           /* enum gdb_bp_type */
	uint8_t len;
	bool used;
};
struct gdb_x86_hw_bps {
	struct gdb_x86_hw_bp slot[GDB_X86_NR_HW_BPS];   /* slot n is DRn */
};
enum gdb_status gdb_x86_hw_insert(struct gdb_x86_hw_bps *t, enum gdb_bp_type type,
				  uint64_t addr, uint64_t len);
enum gdb_status gdb_x86_hw_remove(struct gdb_x86_hw_bps *t, enum gdb_bp_type type,
				  uint64_t addr, uint64_t len);
/* DR7 enabling t's breakpoints. */
uint64_t gdb_x86_dr7(const struct gdb_x86_hw_bps *t);
/* Decodes DR6 of a #DB (or a #DB VM exit's qualification) into stop;
 * *instruction: an instruction breakpoint (a fault: RF must be set to
 * resume over it). */
void gdb_x86_hw_decode(const struct gdb_x86_hw_bps *t, uint64_t dr6, struct gdb_stop *stop,
		       bool *instruction);
/* gdb_x86_hw_decode() with the hypervisor's table. */
void gdb_x86_decode_dr6(uint64_t dr6, struct gdb_stop *stop, bool *instruction);
/* Loads this CPU's DR0-DR3 and DR7 from the Z1-Z4 table. */
void gdb_x86_load_debug_regs(void);
/* Stops the hypervisor for gdb here, owing gdb no stop reply: gdb chose
 * the hypervisor target while serving a TD (hv/gdb_td.c). */
void gdb_x86_break_in(void);
/* The serial port gdb talks on. */
void gdb_x86_set_port(uint16_t port);

#endif
