/* The hypervisor's command line (multiboot2 tag 1): words separated by
 * spaces or tabs, each `key=value` or a bare `key` (value ""). The value runs
 * to the next space and may contain '='; there is no quoting. When a key
 * appears more than once the last occurrence wins, so a boot entry can
 * override defaults by appending. Unknown keys are not errors here: the
 * caller warns about them with cmdline_warn_unknown().
 *
 * Keys the hypervisor uses:
 *   console=ttyS0|ttyS1|ttyS2|ttyS3|<port>   serial console (default ttyS0)
 *   loglevel=error|warn|info|debug
 *   exit=debug-port                          tests: exit through the emulator's debug port
 *   gdb[=ttyS0|ttyS1|ttyS2|ttyS3|<port>]     GDB stub on that serial port (bare: ttyS1)
 *   gdb.wait                                 stop for gdb once every CPU is up (implies gdb)
 *   monitor=on|off                           serial monitor on the console (default on)
 *
 * A NULL cmdline reads as "". Nothing here writes past a caller's buffer. */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include "log.h"
#include "types.h"

#define CMDLINE_COM1 0x3f8

struct cmdline_word {
	const char *key;   /* not NUL-terminated: use key_len */
	size_t key_len;
	const char *value; /* likewise; "" for a bare key */
	size_t value_len;
	bool has_value;    /* written as key=value (possibly key=) */
};

/* Steps through the words: start with *cursor = cmdline; returns false when
 * no word is left. */
bool cmdline_next(const char **cursor, struct cmdline_word *w);

/* True when key appears, bare or with a value. */
bool cmdline_has(const char *cmdline, const char *key);

/* Copies key's value (the last occurrence; "" for a bare key) into val.
 * Returns false when key is absent, and when the value does not fit in size
 * bytes with its NUL (reported; val is then "" if size > 0). */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

/* Parses key's value as decimal or 0x-prefixed hex. Returns false when key is
 * absent (silently) or the value is not a number or overflows (reported);
 * *out is unchanged then. */
bool cmdline_get_u64(const char *cmdline, const char *key, uint64_t *out);

/* The serial port for console=: ttyS0-ttyS3 are 0x3f8, 0x2f8, 0x3e8, 0x2e8;
 * a number is an I/O port. Sets *port to COM1 when console= is absent
 * (returns true) or invalid (reported, returns false). */
bool cmdline_console_port(const char *cmdline, uint16_t *port);

/* Sets *level from loglevel=. Returns false, leaving *level unchanged, when
 * loglevel= is absent (silently) or not a level name (reported). */
bool cmdline_log_level(const char *cmdline, enum log_level *level);

/* Warns about each word whose key is not in known[]; returns how many. */
unsigned cmdline_warn_unknown(const char *cmdline, const char *const *known,
			      unsigned nr_known);

#endif
