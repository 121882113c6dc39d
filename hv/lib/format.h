/* printf-style formatting into a bounded buffer. Supports what the hypervisor
 * prints: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0', a width, a
 * precision for strings, and the length modifiers hh h l ll z. */
#ifndef HV_LIB_FORMAT_H
#define HV_LIB_FORMAT_H

#include "../types.h"

/* Returns the length the full output would have had (as vsnprintf does);
 * the buffer is always NUL-terminated when size > 0. */
size_t vformat(char *buf, size_t size, const char *fmt, va_list ap);
size_t format(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
