/* Panic internals shared by panic.c, the log and the exception handlers. */
#ifndef HV_PANIC_H
#define HV_PANIC_H

#include "types.h"

bool panic_in_progress(void);
/* Claims the right to report; false when another CPU already panics. */
bool panic_begin(void);
/* One console line that bypasses a held console lock. */
void log_panic_line(const char *fmt, ...) __printf(1, 2);
void log_console_ready(void);

#endif
