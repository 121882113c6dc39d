/* The hypervisor as a gdb target: the serial line, threads (CPUs), their
 * registers as saved in each stopped CPU's exception frame, and memory as
 * hv_page_table maps it. Breakpoints are in gdb_x86_breakpoints.c. Every
 * CPU is stopped while these run (gdb_x86_stop.c). */
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

const char gdb_x86_features_xml[] =
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

bool gdb_x86_canonical(uint64_t va)
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
		if (r == REG_RSP && !gdb_x86_canonical(v))
			return false;
		*(uint64_t *)((char *)f + gpr_offset[r]) = v;
		return true;
	}
	if (r == REG_RIP) {
		if (!gdb_x86_canonical(v))
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

	if (!gdb_x86_canonical(va) || !pt_lookup(&hv_page_table, va, &leaf))
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

size_t gdb_x86_read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
	return copy(addr, buf, NULL, len);
}

size_t gdb_x86_write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
	return copy(addr, NULL, buf, len);
}

const struct gdb_target gdb_x86_target = {
	.getc = serial_getc,
	.putc = serial_putc,
	.thread_stopped = thread_stopped,
	.thread_describe = thread_describe,
	.features_xml = gdb_x86_features_xml,
	.nr_regs = NR_REGS,
	.pc_regnum = REG_RIP,
	.reg_size = reg_size,
	.read_reg = read_reg,
	.write_reg = write_reg,
	.read_mem = gdb_x86_read_mem,
	.write_mem = gdb_x86_write_mem,
	.insert_bp = gdb_x86_insert_bp,
	.remove_bp = gdb_x86_remove_bp,
	.remove_all_bps = gdb_x86_remove_all_bps,
};
