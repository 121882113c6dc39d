/* The hypervisor as a gdb target: its registers as saved in each stopped
 * CPU's exception frame, its memory as hv_page_table maps it, int3
 * breakpoints (Z0) and debug-register breakpoints and watchpoints (Z1-Z4).
 * Every CPU is stopped while these run (gdb_x86_stop.c), so the tables need
 * no locks. */
#include "gdb_x86.h"
#include "insn.h"
#include "uart16550.h"
#include "../../lib/format.h"
#include "../../mm/memory.h"
#include "../../mm/pagetable.h"
#include "../../mm/phys.h"

static uint16_t port;

void gdb_x86_set_port(uint16_t p)
{
	port = p;
}

static int serial_getc(void)
{
	int c;

	while ((c = uart_getc(port)) < 0)
		cpu_relax();
	return c;
}

static void serial_putc(char c)
{
	uart_putc(port, c);
}

/* ---- Threads ---- */

static struct gdb_x86_cpu *stopped_cpu(unsigned tid)
{
	struct gdb_x86_cpu *c;

	if (tid == 0 || tid > nr_cpus || percpu[tid - 1].state != CPU_ONLINE)
		return NULL;
	c = &gdb_x86_cpus[tid - 1];
	return __atomic_load_n(&c->stopped, __ATOMIC_ACQUIRE) && c->frame ? c : NULL;
}

static bool thread_stopped(unsigned tid)
{
	return stopped_cpu(tid) != NULL;
}

static size_t thread_describe(unsigned tid, char *buf, size_t size)
{
	const struct percpu *p = &percpu[tid - 1];
	size_t n = format(buf, size, "cpu%u, APIC id %u, package %u", p->index, p->apic_id,
			  p->package);

	return MIN(n, size ? size - 1 : 0);
}

/* ---- Registers, in the order of the target description below ---- */

enum {
	REG_RSP = 7,
	REG_RIP = 16,
	REG_EFLAGS,
	REG_CS, REG_SS, REG_DS, REG_ES, REG_FS, REG_GS,
	REG_ST0,                        /* st0-st7: x87 state is not saved */
	REG_FCTRL = REG_ST0 + 8,        /* fctrl..fop: likewise */
	REG_FS_BASE = REG_FCTRL + 8,
	REG_GS_BASE,
	NR_REGS,
};

static const uint8_t gpr_offset[16] = {
	offsetof(struct exception_frame, rax), offsetof(struct exception_frame, rbx),
	offsetof(struct exception_frame, rcx), offsetof(struct exception_frame, rdx),
	offsetof(struct exception_frame, rsi), offsetof(struct exception_frame, rdi),
	offsetof(struct exception_frame, rbp), offsetof(struct exception_frame, rsp),
	offsetof(struct exception_frame, r8), offsetof(struct exception_frame, r9),
	offsetof(struct exception_frame, r10), offsetof(struct exception_frame, r11),
	offsetof(struct exception_frame, r12), offsetof(struct exception_frame, r13),
	offsetof(struct exception_frame, r14), offsetof(struct exception_frame, r15),
};

/* Flags gdb may change; TF and RF belong to the stub's stepping, IF and
 * the rest to the hypervisor's own invariants. */
#define RFLAGS_USER (BIT(0) | BIT(2) | BIT(4) | BIT(6) | BIT(7) | BIT(10) | BIT(11))

static const char features_xml[] =
	"<?xml version=\"1.0\"?>"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
	"<target version=\"1.0\"><architecture>i386:x86-64</architecture>"
	"<feature name=\"org.gnu.gdb.i386.core\">"
	"<flags id=\"i386_eflags\" size=\"4\">"
	"<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/>"
	"<field name=\"PF\" start=\"2\" end=\"2\"/><field name=\"AF\" start=\"4\" end=\"4\"/>"
	"<field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>"
	"<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/>"
	"<field name=\"DF\" start=\"10\" end=\"10\"/><field name=\"OF\" start=\"11\" end=\"11\"/>"
	"<field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>"
	"<field name=\"AC\" start=\"18\" end=\"18\"/><field name=\"ID\" start=\"21\" end=\"21\"/>"
	"</flags>"
	"<reg name=\"rax\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rbx\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rcx\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rdx\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rsi\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rdi\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\"/>"
	"<reg name=\"rsp\" bitsize=\"64\" type=\"data_ptr\"/>"
	"<reg name=\"r8\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r9\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r10\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r11\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r12\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r13\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r14\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"r15\" bitsize=\"64\" type=\"int64\"/>"
	"<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\"/>"
	"<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>"
	"<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>"
	/* gdb's amd64 architecture insists on the x87 registers in the core
	 * feature; they read as unavailable. */
	"<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"</feature>"
	"<feature name=\"org.gnu.gdb.i386.segments\">"
	"<reg name=\"fs_base\" bitsize=\"64\" type=\"int\"/>"
	"<reg name=\"gs_base\" bitsize=\"64\" type=\"int\"/>"
	"</feature></target>";

static unsigned reg_size(unsigned r)
{
	if (r >= REG_ST0 && r < REG_FCTRL)
		return 10;
	if (r > REG_RIP && r < REG_FS_BASE)
		return 4;
	return 8;
}

static bool canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* A register's value; false when the stub does not have it. */
static bool reg_value(const struct gdb_x86_cpu *c, unsigned r, uint64_t *v)
{
	const struct exception_frame *f = c->frame;

	if (r < REG_RIP) {
		*v = *(const uint64_t *)((const char *)f + gpr_offset[r]);
		return true;
	}
	switch (r) {
	case REG_RIP: *v = f->rip; return true;
	case REG_EFLAGS: *v = (uint32_t)f->rflags; return true;
	case REG_CS: *v = f->cs; return true;
	case REG_SS: *v = f->ss; return true;
	case REG_DS: *v = c->ds; return true;
	case REG_ES: *v = c->es; return true;
	case REG_FS: *v = c->fs; return true;
	case REG_GS: *v = c->gs; return true;
	case REG_FS_BASE: *v = c->fs_base; return true;
	case REG_GS_BASE: *v = c->gs_base; return true;
	default: return false;
	}
}

static bool read_reg(unsigned tid, unsigned r, uint8_t *val)
{
	const struct gdb_x86_cpu *c = stopped_cpu(tid);
	uint64_t v;

	if (!c || r >= NR_REGS || !reg_value(c, r, &v))
		return false;
	for (unsigned i = 0; i < reg_size(r); i++)
		val[i] = (uint8_t)(v >> (8 * i));
	return true;
}

/* The general registers, RIP and the arithmetic flags take effect when the
 * CPU resumes. Segments, the FS/GS bases (GS is the per-CPU pointer) and
 * the other flags keep the hypervisor running; a write must leave them as
 * they are. */
static bool write_reg(unsigned tid, unsigned r, const uint8_t *val)
{
	struct gdb_x86_cpu *c = stopped_cpu(tid);
	struct exception_frame *f;
	uint64_t v = 0, cur;

	if (!c || r >= NR_REGS || !reg_value(c, r, &cur))
		return false;
	for (unsigned i = 0; i < reg_size(r); i++)
		v |= (uint64_t)val[i] << (8 * i);
	f = c->frame;
	if (r < REG_RIP) {
		if (r == REG_RSP && !canonical(v))
			return false;
		*(uint64_t *)((char *)f + gpr_offset[r]) = v;
		return true;
	}
	if (r == REG_RIP) {
		if (!canonical(v))
			return false;
		f->rip = v;
		return true;
	}
	if (r == REG_EFLAGS) {
		if ((v & ~RFLAGS_USER) != (cur & ~RFLAGS_USER))
			return false;
		f->rflags = (f->rflags & ~RFLAGS_USER) | (v & RFLAGS_USER);
		return true;
	}
	return v == cur;
}

/* ---- Memory ---- */

/* Where the byte at va can be accessed: at va, or, to write a read-only
 * page (text, rodata, which CR0.WP protects from the hypervisor too),
 * through the direct map's writable alias of the same frame. */
static volatile uint8_t *resolve(uint64_t va, bool write)
{
	struct pt_leaf leaf, alias;
	uint64_t a;

	if (!canonical(va) || !pt_lookup(&hv_page_table, va, &leaf))
		return NULL;
	if (!write || (leaf.flags & PTE_W))
		return (volatile uint8_t *)(uintptr_t)va;
	a = (uint64_t)(uintptr_t)phys_to_virt(leaf.pa);
	if (!pt_lookup(&hv_page_table, a, &alias) || !(alias.flags & PTE_W) ||
	    alias.pa != leaf.pa)
		return NULL;
	return (volatile uint8_t *)(uintptr_t)a;
}

/* Byte by byte through the __extable-protected accessors, one lookup per
 * page; stops at the first byte that is unmapped or faults. */
static size_t copy(uint64_t addr, uint8_t *to, const uint8_t *from, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t va = addr + done;
		size_t chunk = MIN(len - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		volatile uint8_t *p = resolve(va, from != NULL);

		if (!p)
			break;
		for (size_t i = 0; i < chunk; i++) {
			bool ok = from ? store_u8_safe(p + i, from[done + i])
				       : load_u8_safe(p + i, &to[done + i]);
			if (!ok)
				return done + i;
		}
		done += chunk;
	}
	return done;
}

static size_t read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
	return copy(addr, buf, NULL, len);
}

static size_t write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
	return copy(addr, NULL, buf, len);
}

/* ---- Software breakpoints: int3 patched into the text ---- */

#define MAX_SW_BREAKPOINTS 64
#define INT3_OPCODE 0xcc

static struct {
	uint64_t addr;
	uint8_t saved;
	bool used;
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
	if (slot < 0 || read_mem(addr, &sw_bps[slot].saved, 1) != 1 ||
	    write_mem(addr, &int3_opcode, 1) != 1)
		return GDB_ERROR;
	sw_bps[slot].addr = addr;
	sw_bps[slot].used = true;
	return GDB_OK;
}

static enum gdb_status sw_remove(uint64_t addr)
{
	int i = sw_find(addr);

	if (i < 0 || write_mem(addr, &sw_bps[i].saved, 1) != 1)
		return GDB_ERROR;
	sw_bps[i].used = false;
	return GDB_OK;
}

/* ---- Hardware breakpoints and watchpoints: DR0-DR3 ---- */

#define NR_HW_BREAKPOINTS 4
#define DR6_RESET  0xffff0ff0ull
#define DR7_FIXED  BIT(10)                      /* reads as 1 */
#define DR7_LE_GE  (BIT(8) | BIT(9))            /* exact data breakpoints */
#define DR7_ENABLE(n)     BIT(2 * (n))          /* L0-L3 */
#define DR7_RW(n, rw)     ((uint64_t)(rw) << (16 + 4 * (n)))
#define DR7_LEN(n, len)   ((uint64_t)(len) << (18 + 4 * (n)))
enum { DR7_RW_EXEC = 0, DR7_RW_WRITE = 1, DR7_RW_ACCESS = 3 };

static struct {
	uint64_t addr;
	uint8_t type;           /* enum gdb_bp_type */
	uint8_t len;
	bool used;
} hw_bps[NR_HW_BREAKPOINTS];

/* DR7's LEN encoding of 1, 2, 4 and 8 bytes. */
static unsigned dr7_len(unsigned len)
{
	return len == 2 ? 1 : len == 4 ? 3 : len == 8 ? 2 : 0;
}

static uint64_t dr7_value(void)
{
	uint64_t v = DR7_FIXED;

	for (unsigned n = 0; n < NR_HW_BREAKPOINTS; n++) {
		if (!hw_bps[n].used)
			continue;
		v |= DR7_ENABLE(n) | DR7_LEN(n, dr7_len(hw_bps[n].len));
		if (hw_bps[n].type == GDB_BP_HARDWARE) {
			v |= DR7_RW(n, DR7_RW_EXEC);
		} else {
			v |= DR7_LE_GE;
			v |= DR7_RW(n, hw_bps[n].type == GDB_WATCH_WRITE ? DR7_RW_WRITE
									 : DR7_RW_ACCESS);
		}
	}
	return v;
}

void gdb_x86_load_debug_regs(void)
{
	write_dr0(hw_bps[0].used ? hw_bps[0].addr : 0);
	write_dr1(hw_bps[1].used ? hw_bps[1].addr : 0);
	write_dr2(hw_bps[2].used ? hw_bps[2].addr : 0);
	write_dr3(hw_bps[3].used ? hw_bps[3].addr : 0);
	write_dr6(DR6_RESET);
	write_dr7(dr7_value());
}

void gdb_x86_decode_dr6(uint64_t dr6, struct gdb_stop *stop, bool *instruction)
{
	*instruction = false;
	for (unsigned n = 0; n < NR_HW_BREAKPOINTS; n++) {
		if (!(dr6 & BIT(n)) || !hw_bps[n].used)
			continue;
		if (hw_bps[n].type == GDB_BP_HARDWARE) {
			stop->kind = GDB_STOP_HWBREAK;
			*instruction = true;
		} else {
			stop->kind = hw_bps[n].type == GDB_WATCH_WRITE ? GDB_STOP_WATCH
								       : GDB_STOP_AWATCH;
			stop->watch_addr = hw_bps[n].addr;
		}
		return;
	}
}

static int hw_find(enum gdb_bp_type type, uint64_t addr, uint64_t len)
{
	for (int n = 0; n < NR_HW_BREAKPOINTS; n++)
		if (hw_bps[n].used && hw_bps[n].type == type && hw_bps[n].addr == addr &&
		    hw_bps[n].len == len)
			return n;
	return -1;
}

/* x86 has no read-only watchpoint (Z3): gdb is told so and does without. */
static enum gdb_status hw_insert(enum gdb_bp_type type, uint64_t addr, uint64_t len)
{
	bool len_ok = type == GDB_BP_HARDWARE ? len == 1 :
		(len == 1 || len == 2 || len == 4 || len == 8) && IS_ALIGNED(addr, len);

	if (type == GDB_WATCH_READ)
		return GDB_UNSUPPORTED;
	if (!len_ok || !canonical(addr))
		return GDB_ERROR;
	if (hw_find(type, addr, len) >= 0)
		return GDB_OK;
	for (int n = 0; n < NR_HW_BREAKPOINTS; n++) {
		if (!hw_bps[n].used) {
			hw_bps[n].addr = addr;
			hw_bps[n].type = (uint8_t)type;
			hw_bps[n].len = (uint8_t)len;
			hw_bps[n].used = true;
			return GDB_OK;
		}
	}
	return GDB_ERROR;
}

static enum gdb_status hw_remove(enum gdb_bp_type type, uint64_t addr, uint64_t len)
{
	int n;

	if (type == GDB_WATCH_READ)
		return GDB_UNSUPPORTED;
	n = hw_find(type, addr, len);
	if (n < 0)
		return GDB_ERROR;
	hw_bps[n].used = false;
	return GDB_OK;
}

/* x86 int3 breakpoints are one byte: gdb's kind is 1. */
static enum gdb_status insert_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	if (type == GDB_BP_SOFTWARE)
		return kind == 1 ? sw_insert(addr) : GDB_ERROR;
	return hw_insert(type, addr, kind);
}

static enum gdb_status remove_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	if (type == GDB_BP_SOFTWARE)
		return kind == 1 ? sw_remove(addr) : GDB_ERROR;
	return hw_remove(type, addr, kind);
}

/* Detach: the text gets its bytes back, DR7 is cleared as CPUs resume. */
static void remove_all_bps(void)
{
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (sw_bps[i].used)
			sw_remove(sw_bps[i].addr);
	for (int n = 0; n < NR_HW_BREAKPOINTS; n++)
		hw_bps[n].used = false;
}

const struct gdb_target gdb_x86_target = {
	.getc = serial_getc,
	.putc = serial_putc,
	.thread_stopped = thread_stopped,
	.thread_describe = thread_describe,
	.features_xml = features_xml,
	.nr_regs = NR_REGS,
	.pc_regnum = REG_RIP,
	.reg_size = reg_size,
	.read_reg = read_reg,
	.write_reg = write_reg,
	.read_mem = read_mem,
	.write_mem = write_mem,
	.insert_bp = insert_bp,
	.remove_bp = remove_bp,
	.remove_all_bps = remove_all_bps,
};
