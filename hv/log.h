/* Logging with levels and a CPU-id prefix, and panic. Every line goes out as
 * "[cpuN] text" in one piece, so lines from several CPUs never interleave. */
#ifndef HV_LOG_H
#define HV_LOG_H

#include "types.h"

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

void log_msg(enum log_level level, const char *fmt, ...) __printf(2, 3);
void log_vmsg(enum log_level level, const char *fmt, va_list ap);
void log_set_level(enum log_level level);
/* Raw console bytes (no prefix, no newline added: the serial monitor's
 * prompt and echo), written under the console lock so that they never land
 * inside another CPU's line. */
void log_write_raw(const char *s, size_t len);
bool log_level_from_name(const char *name, enum log_level *out);
const char *log_level_name(enum log_level level);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* A broken hypervisor invariant: print the reason, registers and a stack
 * trace, stop every CPU. Never for guest misbehaviour or bad input. */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond)                                                        \
	do {                                                                \
		if (cond)                                                   \
			panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif
