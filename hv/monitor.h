/* The serial monitor: a command line on the console UART, polled from CPU
 * 0's idle loop (docs/debugging.md "Serial monitor"). On by default;
 * `monitor=off` disables it. */
#ifndef HV_MONITOR_H
#define HV_MONITOR_H

#include "manifest.h"
#include "types.h"

/* After the boot summary: reads monitor= from the command line. While
 * guests run and log, the prompt appears only after the user's first Enter. */
void monitor_init(const char *cmdline, const struct manifest *m);
/* With no guest to run, whether the run stays up for the monitor: yes when
 * it is enabled, except that exit=debug-port (tests) ends the run unless
 * monitor=on is given explicitly. */
bool monitor_holds_run(void);
/* Prints the prompt (when the monitor is on): once the boot is quiet. */
void monitor_prompt(void);
/* From CPU 0's idle loop: reads what the console received, without
 * waiting, and runs finished lines. True when the monitor is on (the idle
 * loop must then poll instead of halting: the UART raises no interrupt). */
bool monitor_poll(void);

#endif
