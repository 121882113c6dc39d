/* Host implementations of the hypervisor's logging, linked into every unit
 * test binary. panic() aborts, which the harness reports as a crash. */
#include <stdarg.h>

#include "shim.h"
#include "../../hv/lib/format.h"

char shim_log[65536];
static size_t shim_log_len;
static enum log_level shim_level = LOG_DEBUG;

void shim_log_clear(void)
{
	shim_log_len = 0;
	shim_log[0] = '\0';
}

int shim_log_has(const char *needle)
{
	return strstr(shim_log, needle) != NULL;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[512];

	if (level > shim_level)
		return;
	vformat(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	if (shim_log_len + n + 2 < sizeof(shim_log)) {
		memcpy(shim_log + shim_log_len, line, n);
		shim_log_len += n;
		shim_log[shim_log_len++] = '\n';
		shim_log[shim_log_len] = '\0';
	}
	if (getenv("SHIM_VERBOSE"))
		fprintf(stderr, "log: %s\n", line);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void log_set_level(enum log_level level)
{
	shim_level = level;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "panic: %s\n", line);
	abort();
}
uint64_t hv_direct_map_offset;
