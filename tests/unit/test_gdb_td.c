/* A debug TD as gdb's target (hv/gdb_td.c) over the real access layer
 * (hv/tdx/td_debug.c) and a fake TDX module behind tdx_call(): registers
 * map to TDX metadata fields read on the vCPU's own CPU, guest-virtual
 * memory goes through the TD's page tables read with TDH.MEM.RD, partial
 * words are merged, breakpoints are written and restored, stepping sets and
 * clears TF, a production TD is refused without a single SEAMCALL, and the
 * `monitor` commands choose and list the targets. The parking machinery
 * (td_debug_park.c) is replaced by a record of what was asked of it. */
#include <setjmp.h>

#include "shim.h"
#include "../../hv/gdb_packet.c"
#include "../../hv/gdbstub.c"
#include "../../hv/tdx/td_debug.c"
#include "../../hv/arch/x86/gdb_x86_breakpoints.c"
#include "../../hv/gdb_td.c"
#include "test.h"

#define GPA_SIZE   0x400000ull          /* the debug TD's private memory */
#define DBG_TDR    0x10000ull
#define PROD_TDR   0x30000ull
#define TDVPR(td, i) ((td) + 0x1000 * ((i) + 1))
#define MAX_FIELDS 64

/* ---- The fake machine: two TDs, a TDX module, CPUs ---- */

static struct td tds[3];
static struct td *const dbg_td = &tds[0], *const prod_td = &tds[1], *const dbg2_td = &tds[2];

static struct {
	uint8_t mem[GPA_SIZE];
	struct { uint64_t field, value; } fields[TD_MAX_VCPUS][MAX_FIELDS];
	unsigned nr_fields[TD_MAX_VCPUS];
	uint64_t refuse_field;          /* VP.WR of this field fails */
	unsigned prod_calls;            /* SEAMCALLs naming the production TD */
	unsigned wrong_cpu;             /* VP.RD/WR away from the vCPU's CPU */
	unsigned unaligned;             /* MEM.RD/WR of an unaligned GPA */
	unsigned mem_rd, mem_wr;
	unsigned current_cpu;
	bool parked[TD_MAX_VCPUS];
	struct td *attached;
	unsigned attaches, stop_requests, breaks_into_hv, kills;
} m;

static uint64_t *field_slot(unsigned vcpu, uint64_t field)
{
	for (unsigned i = 0; i < m.nr_fields[vcpu]; i++)
		if (m.fields[vcpu][i].field == field)
			return &m.fields[vcpu][i].value;
	return NULL;
}

static void set_field(unsigned vcpu, uint64_t field, uint64_t value)
{
	uint64_t *slot = field_slot(vcpu, field);

	if (!slot) {
		m.fields[vcpu][m.nr_fields[vcpu]].field = field;
		slot = &m.fields[vcpu][m.nr_fields[vcpu]++].value;
	}
	*slot = value;
}

static uint64_t get_field(unsigned vcpu, uint64_t field)
{
	uint64_t *slot = field_slot(vcpu, field);

	return slot ? *slot : 0xdead;
}

static uint64_t mem_word(uint64_t gpa)
{
	uint64_t w;

	memcpy(&w, m.mem + gpa, 8);
	return w;
}

static void set_mem_word(uint64_t gpa, uint64_t w)
{
	memcpy(m.mem + gpa, &w, 8);
}

static uint64_t fake_vp(struct tdx_module_args *a, bool write)
{
	unsigned vcpu = (unsigned)((a->rcx - TDVPR(DBG_TDR, 0)) / 0x1000);
	uint64_t *slot, old;

	if (a->rcx == TDVPR(PROD_TDR, 0)) {
		m.prod_calls++;
		return TDX_TD_NON_DEBUG;
	}
	if (vcpu >= dbg_td->nr_vcpus)
		abort();
	if (m.current_cpu != dbg_td->vcpu[vcpu].cpu)
		m.wrong_cpu++;
	slot = field_slot(vcpu, a->rdx);
	if (!slot || (write && a->rdx == m.refuse_field))
		return write ? TDX_METADATA_FIELD_NOT_WRITABLE : TDX_OPERAND_INVALID | 2;
	old = *slot;
	if (write)
		*slot = (old & ~a->r9) | (a->r8 & a->r9);
	a->r8 = old;
	return TDX_SUCCESS;
}

static uint64_t fake_mem(struct tdx_module_args *a, bool write)
{
	if (a->rdx == PROD_TDR) {
		m.prod_calls++;
		return TDX_TD_NON_DEBUG;
	}
	if (a->rcx % 8) {
		m.unaligned++;
		return TDX_OPERAND_INVALID | 1;
	}
	if (a->rcx >= GPA_SIZE)
		return TDX_EPT_ENTRY_NOT_PRESENT | 1;
	if (write) {
		m.mem_wr++;
		set_mem_word(a->rcx, a->r8);
	} else {
		m.mem_rd++;
		a->r8 = mem_word(a->rcx);
	}
	return TDX_SUCCESS;
}

uint64_t tdx_call(uint64_t rax, struct tdx_module_args *a, unsigned flags)
{
	(void)flags;
	switch (rax & 0xffff) {
	case TDH_VP_RD: return fake_vp(a, false);
	case TDH_VP_WR: return fake_vp(a, true);
	case TDH_MEM_RD: return fake_mem(a, false);
	case TDH_MEM_WR: return fake_mem(a, true);
	default: abort();
	}
}

void smp_call_on(unsigned cpu, void (*fn)(void *), void *arg)
{
	m.current_cpu = cpu;
	fn(arg);
	m.current_cpu = 0;
}

unsigned td_count(void) { return 3; }
struct td *td_at(unsigned i) { return i < 3 ? &tds[i] : NULL; }

struct td *td_find(const char *name)
{
	for (unsigned i = 0; i < 3; i++)
		if (strcmp(tds[i].name, name) == 0)
			return &tds[i];
	return NULL;
}

bool td_kill(const char *name)
{
	m.kills++;
	return td_find(name) != NULL;
}

/* td_debug_park.c's part, recorded. */
void td_debug_attach(struct td *t, const struct td_debugger *d)
{
	(void)d;
	m.attached = t;
	m.attaches++;
}

struct td *td_debug_target(void) { return m.attached; }
bool td_debug_stopping(void) { return false; }
void td_debug_request_stop(void) { m.stop_requests++; }

bool td_debug_parked(const struct td *t, unsigned i)
{
	return t == dbg_td && i < t->nr_vcpus && m.parked[i];
}

void gdb_x86_break_in(void) { m.breaks_into_hv++; }

/* gdb_x86.c's part of the hypervisor target, which the TD target does
 * not use but gdb_x86_breakpoints.c names. */
bool gdb_x86_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

size_t gdb_x86_read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
	(void)addr, (void)buf, (void)len;
	abort();
}

size_t gdb_x86_write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
	(void)addr, (void)buf, (void)len;
	abort();
}

/* ---- The serial line and the hypervisor target ---- */

static struct {
	const char *in;
	size_t len, pos;
	char out[8192];
	size_t out_len;
	jmp_buf eof;
} line;

static int line_getc(void)
{
	if (line.pos == line.len)
		longjmp(line.eof, 1);
	return (unsigned char)line.in[line.pos++];
}

static void line_putc(char c)
{
	if (line.out_len < sizeof(line.out) - 1)
		line.out[line.out_len++] = c;
	line.out[line.out_len] = '\0';
}

static unsigned hv_reg_size(unsigned r)
{
	return r >= REG_ST0 && r < REG_FCTRL ? 10 : r > REG_RIP && r < REG_FS_BASE ? 4 : 8;
}

static bool hv_thread_stopped(unsigned tid)
{
	return tid == 1;
}

static void hv_remove_all_bps(void)
{
}

const struct gdb_target gdb_x86_target = {
	.getc = line_getc, .putc = line_putc, .features_xml = "<target/>",
	.nr_regs = NR_REGS, .pc_regnum = REG_RIP, .reg_size = hv_reg_size,
	.thread_stopped = hv_thread_stopped, .remove_all_bps = hv_remove_all_bps,
};

/* ---- Harness ---- */

static struct gdb_session sess;
static char script[4096];
static enum td_debug_action action[TD_MAX_VCPUS];

static void setup_td(struct td *t, const char *name, uint64_t attributes, paddr_t tdr,
		     unsigned nr_vcpus)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->attributes = attributes;
	t->tdr = tdr;
	t->gpaw = 48;
	t->state = TD_STATE_RUNNING;
	t->nr_vcpus = nr_vcpus;
	for (unsigned i = 0; i < nr_vcpus; i++) {
		t->vcpu[i] = (struct td_vcpu){ .td = t, .index = i, .cpu = i + 1,
					       .tdvps = { TDVPR(tdr, i) }, .running = true };
	}
}

/* The debug TD's vCPU i: every register a distinct value, long mode with
 * CR3 = 0x1000: GVA 0x5000 -> GPA 0x9000 (4 KiB), [2 MiB, 4 MiB) identity
 * through a 2 MiB page, GVA 0x6000 not present. */
static void setup_vcpu(unsigned i)
{
	for (unsigned n = 0; n < 16; n++)
		set_field(i, TDX_FIELD_GPR(n), 0x1000000000000000ull * (i + 1) + n);
	set_field(i, TDX_FIELD_GUEST_RSP, 0x7777000 + i);
	set_field(i, TDX_FIELD_GUEST_RIP, 0x5004);
	set_field(i, TDX_FIELD_GUEST_RFLAGS, 0x246);
	set_field(i, TDX_FIELD_GUEST_CS_SEL, 0x08);
	set_field(i, TDX_FIELD_GUEST_SS_SEL, 0x10);
	set_field(i, TDX_FIELD_GUEST_DS_SEL, 0x10);
	set_field(i, TDX_FIELD_GUEST_ES_SEL, 0x10);
	set_field(i, TDX_FIELD_GUEST_FS_SEL, 0);
	set_field(i, TDX_FIELD_GUEST_GS_SEL, 0);
	set_field(i, TDX_FIELD_GUEST_FS_BASE, 0xf5000 + i);
	set_field(i, TDX_FIELD_GUEST_GS_BASE, 0x65000 + i);
	set_field(i, TDX_FIELD_GUEST_CR0, 0x80000021);
	set_field(i, TDX_FIELD_GUEST_CR3, 0x1000);
	set_field(i, TDX_FIELD_GUEST_CR4, 0x2060);
	set_field(i, TDX_FIELD_GUEST_IA32_EFER, 0xd01);
	set_field(i, TDX_FIELD_EXCEPTION_BITMAP, BIT(6));       /* the module's own #UD */
	for (unsigned n = 0; n < 4; n++)
		set_field(i, TDX_FIELD_DR(n), 0);
	set_field(i, TDX_FIELD_GUEST_DR7, 0x400);
}

static void reset(void)
{
	memset(&m, 0, sizeof(m));
	setup_td(dbg_td, "dbg", BIT(0), DBG_TDR, 2);
	setup_td(prod_td, "prod", 0, PROD_TDR, 1);
	setup_td(dbg2_td, "dbg2", BIT(0), 0x50000, 1);
	dbg2_td->state = TD_STATE_BUILT;
	setup_vcpu(0);
	setup_vcpu(1);
	set_mem_word(0x1000, 0x2000 | 3);               /* PML4[0] */
	set_mem_word(0x2000, 0x3000 | 3);               /* PDPT[0] */
	set_mem_word(0x3000, 0x4000 | 3);               /* PD[0]: a page table */
	set_mem_word(0x3008, 0x200000 | 0x83);          /* PD[1]: 2 MiB page */
	set_mem_word(0x4000 + 5 * 8, 0x9000 | 3);       /* PT[5] */
	for (unsigned i = 0; i < 16; i++)
		m.mem[0x9000 + i] = (uint8_t)(0xa0 + i);
	m.mem[0x200010] = 0x42;
	m.parked[0] = m.parked[1] = true;
	memset(&td_sw_bps, 0, sizeof(td_sw_bps));
	memset(&td_hw_bps, 0, sizeof(td_hw_bps));
	memset(stepping, 0, sizeof(stepping));
	td = NULL;
	pending = NULL;
	cur = NULL;
	intercepting = false;
	handing_over = false;
	gdb_session_init(&sess, &gdb_x86_target);
	gdb_td_setup(&sess);
}

/* Appends one framed packet from gdb. */
static void add(const char *payload)
{
	sprintf(script + strlen(script), "$%s#%02x", payload,
		gdb_checksum(payload, strlen(payload)));
}

static void run_line(void (*fn)(void *), void *arg)
{
	line.in = script;
	line.len = strlen(script);
	line.pos = 0;
	line.out_len = 0;
	line.out[0] = '\0';
	if (!setjmp(line.eof))
		fn(arg);
	script[0] = '\0';
}

static struct td_debug_event event;

static void serve_vcpu0(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < TD_MAX_VCPUS; i++)
		action[i] = TD_DEBUG_STAY;
	serve(&dbg_td->vcpu[0], &event, action);
}

/* gdb debugs the debug TD: chosen, taken over, one stop served on vCPU 0. */
static void stop_td(enum td_debug_reason reason, uint64_t dr6)
{
	if (!td) {
		sess.target = gdb_td_monitor(&gdb_x86_target, "td dbg", (char[256]){ 0 }, 256);
		gdb_td_take_over();
	}
	event = (struct td_debug_event){ .reason = reason, .dr6 = dr6 };
	run_line(serve_vcpu0, NULL);
}

/* The reply to the last packet: the text between the last "$" and "#". */
static const char *last_reply(void)
{
	static char r[4096];
	const char *start = strrchr(line.out, '$'), *end;

	if (!start || !(end = strchr(start, '#')))
		return "(none)";
	snprintf(r, sizeof(r), "%.*s", (int)(end - start - 1), start + 1);
	return r;
}

static const char *ask(const char *packet)
{
	add(packet);
	stop_td(TD_DEBUG_PARKED, 0);
	return last_reply();
}

/* ---- Tests ---- */

TEST(registers_map_to_tdx_fields)
{
	reset();
	CHECK_STR(ask("p0"), "0000000000000010");           /* rax: GPR 0 */
	CHECK_STR(ask("p1"), "0300000000000010");           /* rbx: GPR 3 */
	CHECK_STR(ask("p2"), "0100000000000010");           /* rcx: GPR 1 */
	CHECK_STR(ask("p6"), "0500000000000010");           /* rbp: GPR 5 */
	CHECK_STR(ask("p7"), "0070770700000000");           /* rsp: the VMCS, not GPR 4 */
	CHECK_STR(ask("pf"), "0f00000000000010");           /* r15 */
	CHECK_STR(ask("p10"), "0450000000000000");          /* rip */
	CHECK_STR(ask("p11"), "46020000");                  /* eflags: 32 bits */
	CHECK_STR(ask("p12"), "08000000");                  /* cs */
	CHECK_STR(ask("p18"), "xxxxxxxxxxxxxxxxxxxx");      /* st0: unavailable */
	CHECK_STR(ask("p28"), "00500f0000000000");          /* fs_base */
	add("Hg2");
	CHECK_STR(ask("p0"), "0000000000000020");           /* vCPU 1's */
	CHECK_EQ(m.wrong_cpu, 0);
	m.parked[1] = false;                                /* late: not a thread */
	CHECK_STR(ask("Hg2"), "E01");
}

TEST(register_writes_keep_what_gdb_may_not_change)
{
	reset();
	CHECK_STR(ask("P0=efcdab8967452301"), "OK");
	CHECK_EQ(get_field(0, TDX_FIELD_RAX), 0x0123456789abcdefull);
	CHECK_STR(ask("P11=47020000"), "OK");               /* CF: gdb's to set */
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_RFLAGS), 0x247);
	CHECK_STR(ask("P11=47030000"), "E01");              /* TF: the stub's */
	CHECK_STR(ask("P11=47000000"), "E01");              /* IF: the TD's */
	CHECK_STR(ask("P12=08000000"), "OK");               /* cs unchanged */
	CHECK_STR(ask("P12=10000000"), "E01");
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_CS_SEL), 0x08);
	CHECK_STR(ask("P18=00000000000000000000"), "E01");  /* st0 */
	CHECK_EQ(m.wrong_cpu, 0);
}

TEST(memory_through_the_tds_own_page_tables)
{
	reset();
	CHECK_STR(ask("m5003,6"), "a3a4a5a6a7a8");          /* 4 KiB page, across a word */
	CHECK_STR(ask("m200010,1"), "42");                  /* 2 MiB page */
	CHECK_STR(ask("m6000,4"), "E01");                   /* not present */
	CHECK_STR(ask("m800000000000,1"), "E01");           /* not canonical */
	m.mem[0x9ffe] = 0xaa;
	m.mem[0x9fff] = 0xbb;
	CHECK_STR(ask("m5ffe,4"), "aabb");                  /* up to the unmapped page */
	CHECK_STR(ask("M5005,3:112233"), "OK");             /* partial words merged */
	CHECK_EQ(mem_word(0x9000), 0x332211a4a3a2a1a0ull);
	CHECK_EQ(mem_word(0x9008), 0xafaeadacabaaa9a8ull);
	CHECK_EQ(m.unaligned, 0);
	set_field(0, TDX_FIELD_GUEST_CR0, 0x21);            /* paging off: identity */
	CHECK_STR(ask("m9001,2"), "a1a2");
}

TEST(breakpoints_are_written_and_restored)
{
	reset();
	CHECK_STR(ask("Z0,5004,1"), "OK");
	CHECK_EQ(get_field(0, TDX_FIELD_EXCEPTION_BITMAP), BIT(6) | BIT(1) | BIT(3));
	CHECK_EQ(get_field(1, TDX_FIELD_EXCEPTION_BITMAP), BIT(6) | BIT(1) | BIT(3));
	CHECK_EQ(m.mem[0x9004], 0xcc);
	CHECK_EQ(m.mem[0x9003], 0xa3);
	CHECK_STR(ask("Z0,5004,1"), "OK");                  /* once is enough */
	CHECK_STR(ask("z0,5004,1"), "OK");
	CHECK_EQ(m.mem[0x9004], 0xa4);
	CHECK_STR(ask("z0,5004,1"), "E01");
	CHECK_STR(ask("Z0,6000,1"), "E01");                 /* unmapped */
	/* A #BP at one of ours is a swbreak stop; RIP stays at the int3. */
	CHECK_STR(ask("Z0,5004,1"), "OK");
	add("qSupported:swbreak+");
	add("?");
	stop_td(TD_DEBUG_BREAKPOINT, 0);
	CHECK_STR(last_reply(), "T05swbreak:;thread:1;");
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_RIP), 0x5004);
	/* Detach: the byte is back, nothing intercepted, gdb's target is the
	 * hypervisor again. */
	add("D");
	stop_td(TD_DEBUG_PARKED, 0);
	CHECK_EQ(m.mem[0x9004], 0xa4);
	CHECK_EQ(get_field(0, TDX_FIELD_EXCEPTION_BITMAP), BIT(6));
	CHECK(m.attached == NULL);
	CHECK(sess.target == &gdb_x86_target);
	CHECK_EQ(action[0], TD_DEBUG_STAY);                 /* td_debug_park lets all go */
}

TEST(int3_of_the_td_itself_is_stepped_over)
{
	reset();
	add("?");
	stop_td(TD_DEBUG_BREAKPOINT, 0);
	CHECK_STR(last_reply(), "T05thread:1;");
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_RIP), 0x5005);
}

TEST(stepping_sets_and_clears_tf)
{
	reset();
	add("vCont;s:1");
	stop_td(TD_DEBUG_PARKED, 0);
	CHECK_EQ(action[0], TD_DEBUG_STEP);
	CHECK_EQ(action[1], TD_DEBUG_STAY);
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_RFLAGS), 0x346);
	CHECK_EQ(get_field(1, TDX_FIELD_GUEST_RFLAGS), 0x246);
	add("?");
	stop_td(TD_DEBUG_TRAP, BIT(14));                    /* DR6.BS */
	CHECK_STR(last_reply(), "T05thread:1;");
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_RFLAGS), 0x246);
	add("c");
	stop_td(TD_DEBUG_PARKED, 0);
	CHECK_EQ(action[0], TD_DEBUG_CONTINUE);
	CHECK_EQ(action[1], TD_DEBUG_CONTINUE);
}

TEST(hardware_breakpoints_go_into_every_vcpu)
{
	reset();
	CHECK_STR(ask("Z1,5010,1"), "OK");
	CHECK_STR(ask("Z2,9008,8"), "OK");
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(get_field(i, TDX_FIELD_DR(0)), 0x5010);
		CHECK_EQ(get_field(i, TDX_FIELD_DR(1)), 0x9008);
		CHECK_EQ(get_field(i, TDX_FIELD_GUEST_DR7), 0x400 | 0x1 | 0x4 | 0x300 | (1u << 20) |
			 (2u << 22));
	}
	add("qSupported:hwbreak+");
	add("?");
	stop_td(TD_DEBUG_TRAP, BIT(0));
	CHECK_STR(last_reply(), "T05hwbreak:;thread:1;");
	add("c");
	stop_td(TD_DEBUG_PARKED, 0);
	CHECK_EQ(get_field(0, TDX_FIELD_GUEST_RFLAGS) & BIT(16), BIT(16));  /* RF past it */
	CHECK_STR(ask("z1,5010,1"), "OK");
	CHECK_EQ(get_field(1, TDX_FIELD_DR(0)), 0);
	CHECK_STR(ask("Z3,9008,8"), "");                    /* no read-only watchpoints */
	m.refuse_field = TDX_FIELD_DR(0);                   /* a module that does not allow it */
	CHECK_STR(ask("Z1,5010,1"), "E01");
	CHECK_EQ(td_hw_bps.slot[0].used, false);
}

TEST(non_debug_td_is_refused_and_never_read)
{
	char out[256] = "";
	uint8_t buf[8];
	uint64_t v;

	reset();
	CHECK(gdb_td_monitor(&gdb_x86_target, "td prod", out, sizeof(out)) == &gdb_x86_target);
	CHECK(strstr(out, "td prod: refused: not a debug TD (ATTRIBUTES.DEBUG is clear)") == out);
	CHECK(pending == NULL);
	CHECK_EQ(td_debug_read(&prod_td->vcpu[0], 0x1000, buf, sizeof(buf)), 0);
	CHECK_EQ(td_debug_write(&prod_td->vcpu[0], 0x1000, buf, sizeof(buf)), 0);
	CHECK_EQ(td_debug_vp_rd(&prod_td->vcpu[0], TDX_FIELD_RAX, &v), TDX_TD_NON_DEBUG);
	CHECK_EQ(m.prod_calls, 0);
}

TEST(monitor_lists_and_chooses_targets)
{
	char out[512] = "";

	reset();
	CHECK(gdb_td_monitor(&gdb_x86_target, "targets", out, sizeof(out)) == &gdb_x86_target);
	CHECK_STR(out, "hv: the hypervisor, CPUs as threads (selected)\n"
		       "td dbg: debug TD, 2 vCPUs, running\n"
		       "td prod: not debuggable (ATTRIBUTES.DEBUG is clear)\n"
		       "td dbg2: debug TD, 1 vCPU, built\n");
	gdb_td_monitor(&gdb_x86_target, "td nobody", out, sizeof(out));
	CHECK_STR(out, "td: no TD named 'nobody' (monitor targets lists them)\n");
	gdb_td_monitor(&gdb_x86_target, "td", out, sizeof(out));
	CHECK_STR(out, "monitor commands: targets | hv | td NAME\n");
	gdb_td_monitor(&gdb_x86_target, "hv", out, sizeof(out));
	CHECK_STR(out, "hv: already selected\n");
	dbg_td->state = TD_STATE_STOPPED;
	gdb_td_monitor(&gdb_x86_target, "td dbg", out, sizeof(out));
	CHECK_STR(out, "td dbg: stopped; nothing to debug\n");
	dbg_td->state = TD_STATE_RUNNING;

	/* Through gdb: the hypervisor target switches to the TD, which is
	 * attached only once the hypervisor has let gdb go. */
	{
		static char pkt[64] = "qRcmd,";
		struct gdb_resume r;

		for (const char *p = "td dbg"; *p; p++)
			sprintf(pkt + strlen(pkt), "%02x", *p);
		add(pkt);
		line.in = script;
		line.len = strlen(script);
		line.pos = 0;
		line.out_len = 0;
		if (!setjmp(line.eof))
			gdb_session_run(&sess, &(struct gdb_stop){ .tid = 1 }, &r);
		script[0] = '\0';
		CHECK_EQ(r.outcome, GDB_SWITCH);
		CHECK(strstr(line.out, "td dbg: gdb now debugs") == NULL);  /* it is hex */
		CHECK(sess.target == &td_target);
		CHECK(m.attached == NULL);
		gdb_td_take_over();
		CHECK(m.attached == dbg_td);
	}
	gdb_td_monitor(&td_target, "targets", out, sizeof(out));
	CHECK(strstr(out, "hv: the hypervisor, CPUs as threads\ntd dbg: debug TD, 2 vCPUs, "
		      "running (selected)\n") == out);

	/* Back to the hypervisor: the TD goes free, then the hypervisor stops. */
	{
		static char pkt[64] = "qRcmd,";

		for (const char *p = "hv"; *p; p++)
			sprintf(pkt + strlen(pkt), "%02x", *p);
		add(pkt);
		stop_td(TD_DEBUG_PARKED, 0);
	}
	CHECK(sess.target == &gdb_x86_target);
	CHECK(m.attached == NULL);
	CHECK_EQ(m.breaks_into_hv, 0);
	resumed();
	CHECK_EQ(m.breaks_into_hv, 1);
}

static size_t poll_pos;

static int poll_ctrl_c(void)
{
	return poll_pos++ == 0 ? 0x03 : -1;
}

TEST(ctrl_c_stops_the_td_not_the_hypervisor)
{
	reset();
	poll_pos = 0;
	CHECK(!gdb_td_poll(poll_ctrl_c));                   /* the hypervisor's line */
	CHECK_EQ(poll_pos, 0);
	sess.target = gdb_td_monitor(&gdb_x86_target, "td dbg", (char[256]){ 0 }, 256);
	CHECK(gdb_td_poll(poll_ctrl_c));                    /* not attached yet: hands off */
	CHECK_EQ(poll_pos, 0);
	gdb_td_take_over();
	CHECK(gdb_td_poll(poll_ctrl_c));
	CHECK_EQ(poll_pos, 1);
	CHECK_EQ(m.stop_requests, 1);
}

TEST(the_td_ending_ends_the_session)
{
	reset();
	add("c");
	stop_td(TD_DEBUG_PARKED, 0);
	CHECK(sess.stop_reply_owed);
	line.out_len = 0;
	td_stopped(dbg_td, 0);
	CHECK(strcmp(line.out, "$W00#b7") == 0);
	CHECK(sess.target == &gdb_x86_target);
	CHECK(td == NULL);
}

static int no_bytes(void)
{
	return -1;
}

TEST(switching_from_one_td_to_another_passes_through_the_hypervisor)
{
	reset();
	CHECK_STR(ask("Z0,5004,1"), "OK");
	{
		static char pkt[64] = "qRcmd,";

		for (const char *p = "td dbg2"; *p; p++)
			sprintf(pkt + strlen(pkt), "%02x", *p);
		add(pkt);
		stop_td(TD_DEBUG_PARKED, 0);
	}
	CHECK_EQ(m.mem[0x9004], 0xa4);                      /* dbg let go */
	CHECK_EQ(get_field(0, TDX_FIELD_EXCEPTION_BITMAP), BIT(6));
	CHECK(m.attached == NULL);
	CHECK(gdb_td_poll(no_bytes));                       /* the line stays handed over */
	resumed();
	CHECK(sess.target == &td_target);
	CHECK(m.attached == dbg2_td);
	CHECK(td == dbg2_td);
	CHECK_EQ(m.breaks_into_hv, 0);
}
