/* A debug TD as gdb's target, and the choice of target from gdb:
 * `monitor targets`, `monitor hv`, `monitor td NAME`. The TD's vCPUs are
 * gdb's threads (thread id = VCPU_INDEX + 1); registers, memory and
 * breakpoints go through hv/tdx/td_debug.h; a stop of the TD is served on
 * the CPU of one of its parked vCPUs while the hypervisor runs on. */
#ifndef HV_GDB_TD_H
#define HV_GDB_TD_H

#include "gdbstub.h"

/* The session's monitor command (gdb_monitor_fn). */
const struct gdb_target *gdb_td_monitor(const struct gdb_target *current, const char *cmd,
					char *out, size_t size);
/* Sets up the session the stub serves: its monitor, and the session the
 * TD target serves its stops with. */
void gdb_td_setup(struct gdb_session *s);
/* After the hypervisor target let gdb go with GDB_SWITCH: the TD gdb chose
 * is asked to stop, and its first parked vCPU takes the session over. */
void gdb_td_take_over(void);
/* The serial poll while a TD is gdb's target (false otherwise: the
 * hypervisor's poll goes on): reads gdb's bytes while the TD runs, and
 * turns a Ctrl-C (or a new gdb's first packet) into a stop of the TD. */
bool gdb_td_poll(int (*read_byte)(void));

#endif
