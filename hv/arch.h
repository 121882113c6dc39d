/* The hooks generic hypervisor code calls into the architecture layer
 * (Jailhouse style: generic code never touches hardware directly). */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include "types.h"

/* How a run ends, as seen by a test harness through the debug-exit ports
 * (cmdline exit=debug-port). QEMU's isa-debug-exit turns code c into exit
 * status 2c+1; Bochs just stops and the serial log tells the rest. */
enum hv_exit_code {
	HV_EXIT_IDLE = 0x10,        /* booted, nothing left to run */
	HV_EXIT_CONFIG_ERROR = 0x11, /* the manifest was refused */
	HV_EXIT_PANIC = 0x12,       /* a hypervisor invariant broke */
	HV_EXIT_UNSUPPORTED = 0x13, /* platform cannot run tdvisor */
	HV_EXIT_KILLED = 0x14,      /* gdb's kill command (hv/gdbstub.h) */
};

unsigned arch_cpu_index(void);
/* True when the calling CPU is in VMX root operation (SEAMCALL is legal). */
bool arch_cpu_in_vmx_root(void);
/* Writes one already-formatted console line; the caller holds the console lock. */
void arch_console_write(const char *s, size_t len);
void arch_console_drain(void);
/* Registers and a stack trace of the calling CPU, for panic. */
void arch_dump_current_state(void);
/* Stops every other CPU (NMI), then this one; ends the run with code when
 * the command line asked for a debug-port exit. */
__noreturn void arch_stop_all(enum hv_exit_code code);

#endif
