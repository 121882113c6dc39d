/* Log lines to the serial console. Until the console is up (the command line
 * that names its port is parsed first), lines collect in a small buffer and
 * are written out by log_console_ready(), so nothing logged early is lost. */
#include "arch.h"
#include "gdbstub.h"
#include "lib/format.h"
#include "lib/string.h"
#include "log.h"
#include "spinlock.h"

#define LOG_LINE_MAX  512
#define EARLY_BUF_SIZE 8192

static struct spinlock console_lock;
static enum log_level current_level = LOG_INFO;
static bool console_ready;
static char early_buf[EARLY_BUF_SIZE];
static size_t early_len;
static bool early_overflow;

void log_set_level(enum log_level level)
{
	current_level = level;
}

static void emit(const char *line, size_t len)
{
	if (console_ready) {
		arch_console_write(line, len);
		return;
	}
	if (early_len + len > sizeof(early_buf)) {
		early_overflow = true;
		return;
	}
	memcpy(early_buf + early_len, line, len);
	early_len += len;
}

void log_console_ready(void)
{
	spin_lock(&console_lock);
	console_ready = true;
	arch_console_write(early_buf, early_len);
	if (early_overflow) {
		static const char lost[] = "[cpu0] log: early messages lost (buffer full)\n";
		arch_console_write(lost, sizeof(lost) - 1);
	}
	spin_unlock(&console_lock);
}

static size_t format_line(char *line, const char *fmt, va_list ap)
{
	size_t n = format(line, LOG_LINE_MAX, "[cpu%u] ", arch_cpu_index());

	n += vformat(line + n, LOG_LINE_MAX - n, fmt, ap);
	if (n > LOG_LINE_MAX - 2)
		n = LOG_LINE_MAX - 2;
	line[n++] = '\n';
	line[n] = '\0';
	return n;
}

void log_write_raw(const char *s, size_t len)
{
	spin_lock(&console_lock);
	emit(s, len);
	spin_unlock(&console_lock);
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t n;

	if (level > current_level)
		return;
	n = format_line(line, fmt, ap);
	spin_lock(&console_lock);
	emit(line, n);
	spin_unlock(&console_lock);
	gdb_poll();     /* GDB stub: a CPU busy logging still sees Ctrl-C */
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

/* Panic output must get through even if the console lock is held by a CPU
 * that will never release it (possibly the panicking one). */
void log_panic_line(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	size_t n;
	bool locked = spin_lock_bounded(&console_lock, 10000000);

	va_start(ap, fmt);
	n = format_line(line, fmt, ap);
	va_end(ap);
	console_ready = true;
	if (early_len) {
		arch_console_write(early_buf, early_len);
		early_len = 0;
	}
	arch_console_write(line, n);
	if (locked)
		spin_unlock(&console_lock);
}
