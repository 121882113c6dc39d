/* A debug TD as gdb's target (see gdb_td.h), and `monitor`. Registers are
 * TDX metadata fields (TDH.VP.RD/WR), in the hypervisor target's x86-64
 * description, so gdb sees the same layout for both. Memory is guest-
 * virtual, through the vCPU that stopped. Breakpoints: int3 written with
 * TDH.MEM.WR (Z0), DR0-DR3/DR7 written into every vCPU (Z1, Z2, Z4); both
 * reach the host because the debugger sets #DB and #BP in each vCPU's
 * exception bitmap, which a debug TD's TD VMCS lets the host write, and a
 * debug TD exits to the host on any intercepted exception (td_debug.h).
 * Stepping sets RFLAGS.TF; the #DB ends the step. */
#include "gdb_td.h"
#include "arch/x86/gdb_x86.h"
#include "lib/format.h"
#include "lib/string.h"
#include "log.h"
#include "tdx/td_debug.h"
#include "tdx/td_fields.h"
#include "tdx/tdx_status.h"

#define RFLAGS_TF     BIT(8)
#define RFLAGS_RF     BIT(16)
#define INT3_OPCODE   0xcc
#define INTERCEPTED   (BIT(1) | BIT(3))         /* #DB, #BP */
#define MAX_SW_BREAKPOINTS 64

static struct gdb_session *session;
static struct gdb_target td_target;
static struct td *td;                   /* gdb's TD while td_target is the target */
static struct td *pending;              /* chosen, attached once the old target let go */
static struct td_vcpu *cur;             /* the vCPU whose stop is served */
static bool intercepting;               /* #DB/#BP in every vCPU's exception bitmap */
static bool stepping[TD_MAX_VCPUS];     /* TF set by us */
static bool resume_rf[TD_MAX_VCPUS];    /* stopped on an instruction breakpoint */

static struct {
	uint64_t addr;
	uint8_t saved;
	bool used;
} td_sw_bps[MAX_SW_BREAKPOINTS];

static struct gdb_x86_hw_bps td_hw_bps;

/* ---- Threads ---- */

static struct td_vcpu *vcpu_of(unsigned tid)
{
	return td && tid >= 1 && tid <= td->nr_vcpus && td_debug_parked(td, tid - 1) ?
	       &td->vcpu[tid - 1] : NULL;
}

static bool td_thread_stopped(unsigned tid)
{
	return vcpu_of(tid) != NULL;
}

static size_t td_thread_describe(unsigned tid, char *buf, size_t size)
{
	size_t n = format(buf, size, "td %s vCPU %u on cpu%u", td->name, tid - 1,
			  td->vcpu[tid - 1].cpu);

	return MIN(n, size ? size - 1 : 0);
}

/* ---- Registers: gdb register number -> TDX field, and what gdb may write ---- */

struct td_reg {
	uint64_t field;                 /* 0: unavailable (x87 state) */
	uint64_t write_mask;
};

static const struct td_reg td_regs[NR_REGS] = {
	[0] = { TDX_FIELD_RAX, ~0ull }, [1] = { TDX_FIELD_RBX, ~0ull },
	[2] = { TDX_FIELD_RCX, ~0ull }, [3] = { TDX_FIELD_RDX, ~0ull },
	[4] = { TDX_FIELD_RSI, ~0ull }, [5] = { TDX_FIELD_RDI, ~0ull },
	[6] = { TDX_FIELD_RBP, ~0ull },
	[REG_RSP] = { TDX_FIELD_GUEST_RSP, ~0ull },   /* the GPR slot 4 is a placeholder */
	[8] = { TDX_FIELD_GPR(8), ~0ull }, [9] = { TDX_FIELD_GPR(9), ~0ull },
	[10] = { TDX_FIELD_GPR(10), ~0ull }, [11] = { TDX_FIELD_GPR(11), ~0ull },
	[12] = { TDX_FIELD_GPR(12), ~0ull }, [13] = { TDX_FIELD_GPR(13), ~0ull },
	[14] = { TDX_FIELD_GPR(14), ~0ull }, [15] = { TDX_FIELD_GPR(15), ~0ull },
	[REG_RIP] = { TDX_FIELD_GUEST_RIP, ~0ull },
	[REG_EFLAGS] = { TDX_FIELD_GUEST_RFLAGS, RFLAGS_USER },
	[REG_CS] = { TDX_FIELD_GUEST_CS_SEL, 0 }, [REG_SS] = { TDX_FIELD_GUEST_SS_SEL, 0 },
	[REG_DS] = { TDX_FIELD_GUEST_DS_SEL, 0 }, [REG_ES] = { TDX_FIELD_GUEST_ES_SEL, 0 },
	[REG_FS] = { TDX_FIELD_GUEST_FS_SEL, 0 }, [REG_GS] = { TDX_FIELD_GUEST_GS_SEL, 0 },
	[REG_FS_BASE] = { TDX_FIELD_GUEST_FS_BASE, ~0ull },
	[REG_GS_BASE] = { TDX_FIELD_GUEST_GS_BASE, ~0ull },
};

static bool td_read_reg(unsigned tid, unsigned r, uint8_t *val)
{
	struct td_vcpu *v = vcpu_of(tid);
	uint64_t x;

	if (!v || r >= NR_REGS || !td_regs[r].field ||
	    td_debug_vp_rd(v, td_regs[r].field, &x) != TDX_SUCCESS)
		return false;
	for (unsigned i = 0; i < td_target.reg_size(r); i++)
		val[i] = (uint8_t)(x >> (8 * i));
	return true;
}

/* Bits outside the register's write mask must keep their value: segment
 * selectors and the system flags stay the TD's. */
static bool td_write_reg(unsigned tid, unsigned r, const uint8_t *val)
{
	struct td_vcpu *v = vcpu_of(tid);
	uint64_t x = 0, cur_val, mask;

	if (!v || r >= NR_REGS || !td_regs[r].field ||
	    td_debug_vp_rd(v, td_regs[r].field, &cur_val) != TDX_SUCCESS)
		return false;
	for (unsigned i = 0; i < td_target.reg_size(r); i++)
		x |= (uint64_t)val[i] << (8 * i);
	mask = td_regs[r].write_mask;
	if (td_target.reg_size(r) < 8)
		x |= cur_val & ~0ull << (8 * td_target.reg_size(r));
	if ((x & ~mask) != (cur_val & ~mask))
		return false;
	return (x & mask) == (cur_val & mask) ||
	       td_debug_vp_wr(v, td_regs[r].field, x, mask) == TDX_SUCCESS;
}

/* ---- Memory: guest-virtual, as the vCPU that stopped translates it ---- */

static size_t td_read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
	return cur ? td_debug_read(cur, addr, buf, len) : 0;
}

static size_t td_write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
	return cur ? td_debug_write(cur, addr, buf, len) : 0;
}

/* ---- Breakpoints ---- */

/* #DB and #BP exit to the host from every vCPU (on: while gdb debugs the
 * TD; off when it lets go). */
static bool intercept(bool on)
{
	bool ok = true;

	for (unsigned i = 0; i < td->nr_vcpus; i++)
		ok &= td_debug_vp_wr(&td->vcpu[i], TDX_FIELD_EXCEPTION_BITMAP, on ? INTERCEPTED : 0,
				     INTERCEPTED) == TDX_SUCCESS;
	intercepting = on && ok;
	return ok;
}

static int td_sw_find(uint64_t addr)
{
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (td_sw_bps[i].used && td_sw_bps[i].addr == addr)
			return i;
	return -1;
}

static enum gdb_status td_sw_insert(uint64_t addr)
{
	static const uint8_t int3 = INT3_OPCODE;
	int slot = -1;

	if (td_sw_find(addr) >= 0)
		return GDB_OK;
	for (int i = 0; i < MAX_SW_BREAKPOINTS && slot < 0; i++)
		if (!td_sw_bps[i].used)
			slot = i;
	if (slot < 0 || !intercepting || td_read_mem(addr, &td_sw_bps[slot].saved, 1) != 1 ||
	    td_write_mem(addr, &int3, 1) != 1)
		return GDB_ERROR;
	td_sw_bps[slot].addr = addr;
	td_sw_bps[slot].used = true;
	return GDB_OK;
}

static enum gdb_status td_sw_remove(uint64_t addr)
{
	int i = td_sw_find(addr);

	if (i < 0 || td_write_mem(addr, &td_sw_bps[i].saved, 1) != 1)
		return GDB_ERROR;
	td_sw_bps[i].used = false;
	return GDB_OK;
}

/* DR0-DR3 and DR7 into every vCPU. */
static bool load_debug_regs(void)
{
	bool ok = true;

	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct td_vcpu *v = &td->vcpu[i];

		for (unsigned n = 0; n < GDB_X86_NR_HW_BPS; n++) {
			const struct gdb_x86_hw_bp *b = &td_hw_bps.slot[n];

			ok &= td_debug_vp_wr(v, TDX_FIELD_DR(n), b->used ? b->addr : 0, ~0ull) ==
			      TDX_SUCCESS;
		}
		ok &= td_debug_vp_wr(v, TDX_FIELD_GUEST_DR7, gdb_x86_dr7(&td_hw_bps), ~0ull) ==
		      TDX_SUCCESS;
	}
	return ok;
}

/* Written into the vCPUs at once: a module that does not let the host
 * write them refuses here, and gdb says it could not insert it. */
static enum gdb_status td_hw_insert(enum gdb_bp_type type, uint64_t addr, uint64_t len)
{
	enum gdb_status st;

	if (!intercepting)
		return GDB_ERROR;
	st = gdb_x86_hw_insert(&td_hw_bps, type, addr, len);
	if (st != GDB_OK || load_debug_regs())
		return st;
	gdb_x86_hw_remove(&td_hw_bps, type, addr, len);
	load_debug_regs();
	return GDB_ERROR;
}

static enum gdb_status td_hw_remove(enum gdb_bp_type type, uint64_t addr, uint64_t len)
{
	enum gdb_status st = gdb_x86_hw_remove(&td_hw_bps, type, addr, len);

	if (st != GDB_OK)
		return st;
	return load_debug_regs() ? GDB_OK : GDB_ERROR;
}

static enum gdb_status td_insert_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	if (type == GDB_BP_SOFTWARE)
		return kind == 1 ? td_sw_insert(addr) : GDB_ERROR;
	return td_hw_insert(type, addr, kind);
}

static enum gdb_status td_remove_bp(enum gdb_bp_type type, uint64_t addr, uint64_t kind)
{
	if (type == GDB_BP_SOFTWARE)
		return kind == 1 ? td_sw_remove(addr) : GDB_ERROR;
	return td_hw_remove(type, addr, kind);
}

static void td_remove_all_bps(void)
{
	bool any_hw = false;

	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (td_sw_bps[i].used)
			td_sw_remove(td_sw_bps[i].addr);
	for (unsigned n = 0; n < GDB_X86_NR_HW_BPS; n++) {
		any_hw |= td_hw_bps.slot[n].used;
		td_hw_bps.slot[n].used = false;
	}
	if (any_hw)
		load_debug_regs();
}

/* ---- Choosing the target: monitor ---- */

static bool running(const struct td *t)
{
	return t->state == TD_STATE_BUILT || t->state == TD_STATE_RUNNING;
}

static const char *state_name(const struct td *t)
{
	return t->state == TD_STATE_BUILT ? "built" :
	       t->state == TD_STATE_RUNNING ? "running" : "stopped";
}

static void list_targets(const struct gdb_target *current, char *out, size_t size)
{
	size_t n = format(out, size, "hv: the hypervisor, CPUs as threads%s\n",
			  current == &td_target ? "" : " (selected)");

	for (unsigned i = 0; i < td_count() && n < size; i++) {
		const struct td *t = td_at(i);

		if (!td_debug_allowed(t))
			n += format(out + n, size - n,
				    "td %s: not debuggable (ATTRIBUTES.DEBUG is clear)\n", t->name);
		else
			n += format(out + n, size - n, "td %s: debug TD, %u vCPU%s, %s%s\n",
				    t->name, t->nr_vcpus, t->nr_vcpus == 1 ? "" : "s",
				    state_name(t),
				    current == &td_target && t == td ? " (selected)" : "");
	}
}

static const struct gdb_target *choose_td(const struct gdb_target *current, const char *name,
					  char *out, size_t size)
{
	struct td *t = td_find(name);

	if (!t) {
		format(out, size, "td: no TD named '%s' (monitor targets lists them)\n", name);
		return current;
	}
	if (!td_debug_allowed(t)) {
		format(out, size, "td %s: refused: not a debug TD (ATTRIBUTES.DEBUG is clear); "
		       "its state and memory stay private\n", t->name);
		return current;
	}
	if (!running(t)) {
		format(out, size, "td %s: stopped; nothing to debug\n", t->name);
		return current;
	}
	if (current == &td_target && t == td) {
		format(out, size, "td %s: already selected\n", t->name);
		return current;
	}
	pending = t;
	format(out, size, "td %s: gdb now debugs its vCPUs as threads 1-%u; next: "
	       "`maintenance flush register-cache`, `thread 1`, `symbol-file` of the TD\n",
	       t->name, t->nr_vcpus);
	/* From another TD, the session must still leave that one: it passes
	 * through the hypervisor target, and resumed() takes t over. */
	return current == &td_target ? &gdb_x86_target : &td_target;
}

const struct gdb_target *gdb_td_monitor(const struct gdb_target *current, const char *cmd,
					char *out, size_t size)
{
	while (*cmd == ' ')
		cmd++;
	if (strcmp(cmd, "targets") == 0) {
		list_targets(current, out, size);
		return current;
	}
	if (strcmp(cmd, "hv") == 0) {
		if (current == &gdb_x86_target) {
			format(out, size, "hv: already selected\n");
			return current;
		}
		format(out, size, "hv: gdb now debugs the hypervisor; next: `maintenance flush "
		       "register-cache`, `thread 1`, `symbol-file` of tdvisor.elf\n");
		pending = NULL;
		return &gdb_x86_target;
	}
	if (strncmp(cmd, "td ", 3) == 0 && cmd[3] && !strchr(cmd + 3, ' '))
		return choose_td(current, cmd + 3, out, size);
	format(out, size, "monitor commands: targets | hv | td NAME\n");
	return current;
}

/* ---- Serving a stop of the TD (struct td_debugger) ---- */

static bool td_sw_breakpoint_at(uint64_t addr)
{
	return td_sw_find(addr) >= 0;
}

static uint64_t rip_of(struct td_vcpu *v)
{
	uint64_t rip = 0;

	td_debug_vp_rd(v, TDX_FIELD_GUEST_RIP, &rip);
	return rip;
}

/* The stop gdb is told about. A #BP exit leaves RIP at the int3: ours is a
 * Z0 stop there; one in the TD's own code is stepped over, as natively. */
static void decode_stop(struct td_vcpu *v, const struct td_debug_event *ev,
			struct gdb_stop *stop)
{
	*stop = (struct gdb_stop){ .tid = v->index + 1, .signal = GDB_SIGTRAP };
	if (ev->reason == TD_DEBUG_PARKED) {
		stop->signal = GDB_SIGINT;
	} else if (ev->reason == TD_DEBUG_BREAKPOINT) {
		uint64_t rip = rip_of(v);

		if (td_sw_breakpoint_at(rip))
			stop->kind = GDB_STOP_SWBREAK;
		else
			td_debug_vp_wr(v, TDX_FIELD_GUEST_RIP, rip + 1, ~0ull);
	} else {
		/* An instruction breakpoint is a fault: RF gets the vCPU past it. */
		gdb_x86_hw_decode(&td_hw_bps, ev->dr6, stop, &resume_rf[v->index]);
	}
}

/* TF off on every parked vCPU that was stepping: gdb sees no trace of it. */
static void end_steps(void)
{
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		if (stepping[i] && td_debug_parked(td, i))
			td_debug_vp_wr(&td->vcpu[i], TDX_FIELD_GUEST_RFLAGS, 0, RFLAGS_TF);
		stepping[i] = stepping[i] && !td_debug_parked(td, i);
	}
}

static void apply(const struct gdb_resume *r, enum td_debug_action action[TD_MAX_VCPUS])
{
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct td_vcpu *v = &td->vcpu[i];
		uint8_t a = r->action[i + 1];

		if (!td_debug_parked(td, i) || a == GDB_ACTION_STOP)
			continue;
		if (a == GDB_ACTION_STEP && intercepting) {
			td_debug_vp_wr(v, TDX_FIELD_GUEST_RFLAGS, RFLAGS_TF, RFLAGS_TF);
			stepping[i] = true;
		}
		if (resume_rf[i])
			td_debug_vp_wr(v, TDX_FIELD_GUEST_RFLAGS, RFLAGS_RF, RFLAGS_RF);
		resume_rf[i] = false;
		action[i] = a == GDB_ACTION_STEP ? TD_DEBUG_STEP : TD_DEBUG_CONTINUE;
	}
}

/* After a switch away from the TD, until its vCPUs have gone and the new
 * target holds the line: the hypervisor's poll must leave gdb's bytes. */
static volatile bool handing_over;

/* gdb lets go of the TD: no breakpoints, no interception, no TF. */
static void let_go(void)
{
	td_remove_all_bps();
	end_steps();
	intercept(false);
	td_debug_attach(NULL, NULL);
	td = NULL;
	cur = NULL;
}

static void serve(struct td_vcpu *v, const struct td_debug_event *ev,
		  enum td_debug_action action[TD_MAX_VCPUS])
{
	struct gdb_stop stop;
	struct gdb_resume r;
	struct td *t = v->td;

	cur = v;
	end_steps();
	if (!intercepting && !intercept(true))
		log_warn("gdb: td %s: the TDX module refused #DB/#BP interception: no "
			 "breakpoints or stepping", t->name);
	decode_stop(v, ev, &stop);
	gdb_session_run(session, &stop, &r);
	switch (r.outcome) {
	case GDB_RESUME:
		apply(&r, action);
		return;
	case GDB_KILL:                  /* kills the TD, not the hypervisor */
		let_go();
		session->target = &gdb_x86_target;
		td_kill(t->name);
		return;
	case GDB_DETACH:
		let_go();
		session->target = &gdb_x86_target;
		return;
	case GDB_SWITCH:                /* to the hypervisor, or through it to `pending` */
		let_go();
		handing_over = true;
		return;
	}
}

/* The TD's vCPUs have gone: the next target takes the line. */
static void resumed(void)
{
	if (!handing_over)
		return;
	if (pending) {
		session->target = &td_target;
		gdb_td_take_over();
	} else {
		gdb_x86_break_in();     /* returns when gdb resumes the hypervisor */
	}
	handing_over = false;
}

/* The TD ended under gdb: gdb hears it exited and disconnects. */
static void td_stopped(struct td *t, int exit_status)
{
	(void)t;
	memset(td_sw_bps, 0, sizeof(td_sw_bps));      /* its memory is gone */
	memset(&td_hw_bps, 0, sizeof(td_hw_bps));
	td = NULL;
	cur = NULL;
	intercepting = false;
	session->target = &gdb_x86_target;
	gdb_session_exited(session, exit_status < 0, (uint8_t)exit_status);
}

static const struct td_debugger gdb_debugger = {
	.serve = serve,
	.resumed = resumed,
	.td_stopped = td_stopped,
};

void gdb_td_take_over(void)
{
	struct td *t = pending;

	if (!t || session->target != &td_target)
		return;
	pending = NULL;
	memset(stepping, 0, sizeof(stepping));
	memset(resume_rf, 0, sizeof(resume_rf));
	intercepting = false;
	td = t;
	td_debug_attach(t, &gdb_debugger);
}

bool gdb_td_poll(int (*read_byte)(void))
{
	int c;

	if (handing_over)
		return true;
	if (!session || session->target != &td_target)
		return false;
	/* Between a switch and the first stop, and during stops, the line is
	 * the serving vCPU's. */
	if (!td || td_debug_target() != td || td_debug_stopping())
		return true;
	while ((c = read_byte()) >= 0) {
		if (gdb_session_running_byte(session, (uint8_t)c)) {
			td_debug_request_stop();
			break;
		}
	}
	return true;
}

void gdb_td_setup(struct gdb_session *s)
{
	const struct gdb_target *hv = &gdb_x86_target;

	session = s;
	s->monitor = gdb_td_monitor;
	td_target = (struct gdb_target){
		.getc = hv->getc,
		.putc = hv->putc,
		.thread_stopped = td_thread_stopped,
		.thread_describe = td_thread_describe,
		.features_xml = hv->features_xml,
		.nr_regs = hv->nr_regs,
		.pc_regnum = hv->pc_regnum,
		.reg_size = hv->reg_size,
		.read_reg = td_read_reg,
		.write_reg = td_write_reg,
		.read_mem = td_read_mem,
		.write_mem = td_write_mem,
		.insert_bp = td_insert_bp,
		.remove_bp = td_remove_bp,
		.remove_all_bps = td_remove_all_bps,
	};
}
