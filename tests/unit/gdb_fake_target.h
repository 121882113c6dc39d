/* A fake gdb target for the engine's host tests and fuzzer: threads 1 and 2
 * stopped (3 exists but runs), four registers (one unavailable), 256 bytes
 * of memory at FAKE_MEM_BASE, breakpoints recorded. Input comes from a
 * script; when it runs out, getc longjmps back to the caller of
 * fake_run(), as a real line would simply never deliver another byte. */
#ifndef TESTS_UNIT_GDB_FAKE_TARGET_H
#define TESTS_UNIT_GDB_FAKE_TARGET_H

#include <setjmp.h>

#include "../../hv/gdbstub.h"

#define FAKE_MEM_BASE 0x1000
#define FAKE_MEM_SIZE 256
#define FAKE_OUT_SIZE (4 * GDB_PACKET_MAX)

static struct {
	const uint8_t *in;
	size_t in_len, in_pos;
	char out[FAKE_OUT_SIZE];
	size_t out_len;
	jmp_buf eof;
	uint64_t regs[3][4];            /* [tid - 1][regno] */
	unsigned reg_writes;
	uint8_t mem[FAKE_MEM_SIZE];
	unsigned bp_inserts, bp_removes, remove_all;
	enum gdb_bp_type last_bp_type;
	uint64_t last_bp_addr;
	bool stopped3;
} fake;

static int fake_getc(void)
{
	if (fake.in_pos == fake.in_len)
		longjmp(fake.eof, 1);
	return fake.in[fake.in_pos++];
}

static void fake_putc(char c)
{
	if (fake.out_len < sizeof(fake.out) - 1)
		fake.out[fake.out_len++] = c;
	fake.out[fake.out_len] = '\0';
}

static bool fake_thread_stopped(unsigned tid)
{
	return tid == 1 || tid == 2 || (tid == 3 && fake.stopped3);
}

static size_t fake_describe(unsigned tid, char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "fake thread %u", tid);
}

static const unsigned fake_sizes[4] = { 8, 8, 4, 10 };

static unsigned fake_reg_size(unsigned r)
{
	return fake_sizes[r];
}

static bool fake_read_reg(unsigned tid, unsigned r, uint8_t *val)
{
	if (tid < 1 || tid > 3 || r > 3)
		abort();        /* the engine must have checked */
	if (r == 3)
		return false;
	for (unsigned i = 0; i < fake_sizes[r]; i++)
		val[i] = (uint8_t)(fake.regs[tid - 1][r] >> (8 * i));
	return true;
}

/* Register 2 is read-only, as segment registers are on x86. */
static bool fake_write_reg(unsigned tid, unsigned r, const uint8_t *val)
{
	uint64_t v = 0;

	if (tid < 1 || tid > 3 || r > 3)
		abort();
	if (r >= 2)
		return false;
	for (unsigned i = 0; i < fake_sizes[r]; i++)
		v |= (uint64_t)val[i] << (8 * i);
	fake.regs[tid - 1][r] = v;
	fake.reg_writes++;
	return true;
}

static size_t fake_copy(uint64_t addr, uint8_t *to, const uint8_t *from, size_t len)
{
	size_t n = 0;

	for (; n < len; n++) {
		uint64_t a = addr + n;

		if (a < FAKE_MEM_BASE || a >= FAKE_MEM_BASE + FAKE_MEM_SIZE)
			break;
		if (from)
			fake.mem[a - FAKE_MEM_BASE] = from[n];
		else
			to[n] = fake.mem[a - FAKE_MEM_BASE];
	}
	return n;
}

static size_t fake_read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
	return fake_copy(addr, buf, NULL, len);
}

static size_t fake_write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
	return fake_copy(addr, NULL, buf, len);
}

static enum gdb_status fake_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind, bool insert)
{
	if (type > GDB_WATCH_ACCESS)
		abort();
	fake.last_bp_type = type;
	fake.last_bp_addr = addr;
	if (type == GDB_WATCH_READ)
		return GDB_UNSUPPORTED;
	if (kind != 1)
		return GDB_ERROR;
	if (insert)
		fake.bp_inserts++;
	else
		fake.bp_removes++;
	return GDB_OK;
}

static enum gdb_status fake_insert_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	return fake_bp(type, addr, kind, true);
}

static enum gdb_status fake_remove_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	return fake_bp(type, addr, kind, false);
}

static void fake_remove_all(void)
{
	fake.remove_all++;
}

/* Special characters, so that qXfer replies need escapes. */
static const char fake_xml[] = "<target>$#}*abcdefghijklmnopqrstuvwxyz</target>";

static const struct gdb_target fake_target = {
	.getc = fake_getc,
	.putc = fake_putc,
	.thread_stopped = fake_thread_stopped,
	.thread_describe = fake_describe,
	.features_xml = fake_xml,
	.nr_regs = 4,
	.pc_regnum = 1,
	.reg_size = fake_reg_size,
	.read_reg = fake_read_reg,
	.write_reg = fake_write_reg,
	.read_mem = fake_read_mem,
	.write_mem = fake_write_mem,
	.insert_bp = fake_insert_bp,
	.remove_bp = fake_remove_bp,
	.remove_all_bps = fake_remove_all,
};

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	for (unsigned t = 0; t < 3; t++)
		for (unsigned r = 0; r < 4; r++)
			fake.regs[t][r] = 0x1111111111111111ull * (t + 1) + r;
	for (unsigned i = 0; i < FAKE_MEM_SIZE; i++)
		fake.mem[i] = (uint8_t)i;
}

/* Runs one stop on input; true when the engine returned (resume, detach,
 * kill), false when the input ran out first. */
static bool fake_run(struct gdb_session *s, const struct gdb_stop *stop, const void *in,
		     size_t len, struct gdb_resume *out)
{
	fake.in = in;
	fake.in_len = len;
	fake.in_pos = 0;
	fake.out_len = 0;
	fake.out[0] = '\0';
	if (setjmp(fake.eof))
		return false;
	gdb_session_run(s, stop, out);
	return true;
}

#endif
