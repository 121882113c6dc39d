/* Breakpoints for the hypervisor target: int3 patched into the text (Z0)
 * and the debug registers DR0-DR3 for instruction breakpoints and data
 * watchpoints (Z1-Z4), one table for every CPU, loaded into each as it
 * resumes. Every CPU is stopped while the tables change. */
#include "gdb_x86.h"
#include "insn.h"
#include "../../lib/string.h"

/* ---- Software breakpoints: int3 patched into the text ---- */

#define MAX_SW_BREAKPOINTS 64
#define INT3_OPCODE 0xcc

static struct {
	uint64_t addr;
	uint8_t saved;
	bool used;
	bool lifted;            /* original byte back while the stub runs */
} sw_bps[MAX_SW_BREAKPOINTS];

static int sw_find(uint64_t addr)
{
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (sw_bps[i].used && sw_bps[i].addr == addr)
			return i;
	return -1;
}

bool gdb_x86_sw_breakpoint_at(uint64_t addr)
{
	return sw_find(addr) >= 0;
}

static enum gdb_status sw_insert(uint64_t addr)
{
	static const uint8_t int3_opcode = INT3_OPCODE;
	int slot = -1;

	if (sw_find(addr) >= 0)
		return GDB_OK;
	for (int i = 0; i < MAX_SW_BREAKPOINTS && slot < 0; i++)
		if (!sw_bps[i].used)
			slot = i;
	if (slot < 0 || gdb_x86_read_mem(addr, &sw_bps[slot].saved, 1) != 1 ||
	    gdb_x86_write_mem(addr, &int3_opcode, 1) != 1)
		return GDB_ERROR;
	sw_bps[slot].addr = addr;
	sw_bps[slot].used = true;
	sw_bps[slot].lifted = false;
	return GDB_OK;
}

static enum gdb_status sw_remove(uint64_t addr)
{
	int i = sw_find(addr);

	if (i < 0 || gdb_x86_write_mem(addr, &sw_bps[i].saved, 1) != 1)
		return GDB_ERROR;
	sw_bps[i].used = false;
	return GDB_OK;
}

bool gdb_x86_lift_sw_breakpoint(uint64_t addr)
{
	int i = sw_find(addr);

	if (i < 0 || gdb_x86_write_mem(addr, &sw_bps[i].saved, 1) != 1)
		return false;
	sw_bps[i].lifted = true;
	return true;
}

void gdb_x86_rearm_sw_breakpoints(void)
{
	static const uint8_t int3_opcode = INT3_OPCODE;

	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++) {
		if (sw_bps[i].used && sw_bps[i].lifted) {
			gdb_x86_write_mem(sw_bps[i].addr, &int3_opcode, 1);
			sw_bps[i].lifted = false;
		}
	}
}

/* ---- Hardware breakpoints and watchpoints: DR0-DR3 ---- */

#define DR6_RESET  0xffff0ff0ull
#define DR7_FIXED  BIT(10)                      /* reads as 1 */
#define DR7_LE_GE  (BIT(8) | BIT(9))            /* exact data breakpoints */
#define DR7_ENABLE(n)     BIT(2 * (n))          /* L0-L3 */
#define DR7_RW(n, rw)     ((uint64_t)(rw) << (16 + 4 * (n)))
#define DR7_LEN(n, len)   ((uint64_t)(len) << (18 + 4 * (n)))
enum { DR7_RW_EXEC = 0, DR7_RW_WRITE = 1, DR7_RW_ACCESS = 3 };

static struct gdb_x86_hw_bps hw_bps;

/* DR7's LEN encoding of 1, 2, 4 and 8 bytes. */
static unsigned dr7_len(unsigned len)
{
	return len == 2 ? 1 : len == 4 ? 3 : len == 8 ? 2 : 0;
}

uint64_t gdb_x86_dr7(const struct gdb_x86_hw_bps *t)
{
	uint64_t v = DR7_FIXED;

	for (unsigned n = 0; n < GDB_X86_NR_HW_BPS; n++) {
		const struct gdb_x86_hw_bp *b = &t->slot[n];

		if (!b->used)
			continue;
		v |= DR7_ENABLE(n) | DR7_LEN(n, dr7_len(b->len));
		if (b->type == GDB_BP_HARDWARE) {
			v |= DR7_RW(n, DR7_RW_EXEC);
		} else {
			v |= DR7_LE_GE;
			v |= DR7_RW(n, b->type == GDB_WATCH_WRITE ? DR7_RW_WRITE : DR7_RW_ACCESS);
		}
	}
	return v;
}

void gdb_x86_load_debug_regs(void)
{
	write_dr0(hw_bps.slot[0].used ? hw_bps.slot[0].addr : 0);
	write_dr1(hw_bps.slot[1].used ? hw_bps.slot[1].addr : 0);
	write_dr2(hw_bps.slot[2].used ? hw_bps.slot[2].addr : 0);
	write_dr3(hw_bps.slot[3].used ? hw_bps.slot[3].addr : 0);
	write_dr6(DR6_RESET);
	write_dr7(gdb_x86_dr7(&hw_bps));
}

void gdb_x86_hw_decode(const struct gdb_x86_hw_bps *t, uint64_t dr6, struct gdb_stop *stop,
		       bool *instruction)
{
	*instruction = false;
	for (unsigned n = 0; n < GDB_X86_NR_HW_BPS; n++) {
		const struct gdb_x86_hw_bp *b = &t->slot[n];

		if (!(dr6 & BIT(n)) || !b->used)
			continue;
		if (b->type == GDB_BP_HARDWARE) {
			stop->kind = GDB_STOP_HWBREAK;
			*instruction = true;
		} else {
			stop->kind = b->type == GDB_WATCH_WRITE ? GDB_STOP_WATCH : GDB_STOP_AWATCH;
			stop->watch_addr = b->addr;
		}
		return;
	}
}

void gdb_x86_decode_dr6(uint64_t dr6, struct gdb_stop *stop, bool *instruction)
{
	gdb_x86_hw_decode(&hw_bps, dr6, stop, instruction);
}

static int hw_find(const struct gdb_x86_hw_bps *t, enum gdb_bp_type type, uint64_t addr,
		   uint64_t len)
{
	for (int n = 0; n < GDB_X86_NR_HW_BPS; n++)
		if (t->slot[n].used && t->slot[n].type == type && t->slot[n].addr == addr &&
		    t->slot[n].len == len)
			return n;
	return -1;
}

/* x86 has no read-only watchpoint (Z3): gdb is told so and does without. */
enum gdb_status gdb_x86_hw_insert(struct gdb_x86_hw_bps *t, enum gdb_bp_type type,
				  uint64_t addr, uint64_t len)
{
	bool len_ok = type == GDB_BP_HARDWARE ? len == 1 :
		(len == 1 || len == 2 || len == 4 || len == 8) && IS_ALIGNED(addr, len);

	if (type == GDB_WATCH_READ)
		return GDB_UNSUPPORTED;
	if (!len_ok || !gdb_x86_canonical(addr))
		return GDB_ERROR;
	if (hw_find(t, type, addr, len) >= 0)
		return GDB_OK;
	for (int n = 0; n < GDB_X86_NR_HW_BPS; n++) {
		if (!t->slot[n].used) {
			t->slot[n] = (struct gdb_x86_hw_bp){
				.addr = addr, .type = (uint8_t)type, .len = (uint8_t)len,
				.used = true,
			};
			return GDB_OK;
		}
	}
	return GDB_ERROR;
}

enum gdb_status gdb_x86_hw_remove(struct gdb_x86_hw_bps *t, enum gdb_bp_type type,
				  uint64_t addr, uint64_t len)
{
	int n;

	if (type == GDB_WATCH_READ)
		return GDB_UNSUPPORTED;
	n = hw_find(t, type, addr, len);
	if (n < 0)
		return GDB_ERROR;
	t->slot[n].used = false;
	return GDB_OK;
}

/* x86 int3 breakpoints are one byte: gdb's kind is 1. */
enum gdb_status gdb_x86_insert_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	if (type == GDB_BP_SOFTWARE)
		return kind == 1 ? sw_insert(addr) : GDB_ERROR;
	return gdb_x86_hw_insert(&hw_bps, type, addr, kind);
}

enum gdb_status gdb_x86_remove_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	if (type == GDB_BP_SOFTWARE)
		return kind == 1 ? sw_remove(addr) : GDB_ERROR;
	return gdb_x86_hw_remove(&hw_bps, type, addr, kind);
}

/* Detach: the text gets its bytes back, DR7 is cleared as CPUs resume. */
void gdb_x86_remove_all_bps(void)
{
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (sw_bps[i].used)
			sw_remove(sw_bps[i].addr);
	memset(&hw_bps, 0, sizeof(hw_bps));
}
