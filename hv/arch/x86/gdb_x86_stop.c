/* Stopping and resuming the hypervisor's CPUs for gdb (all-stop).
 *
 * Every stop enters through an exception frame: a breakpoint or single
 * step (#BP, #DB), an int3 the stub executes on purpose (gdb.wait, Ctrl-C,
 * panic), or an unexpected exception. The CPU that stops takes `master`
 * (one stop at a time; a second CPU with an event of its own waits for it),
 * sends an NMI to every other online CPU, which parks in its NMI handler
 * with its frame published, and then serves gdb over the serial line. On
 * resume it releases the CPUs gdb resumes, waits until they have left, and
 * gives up `master`; CPUs gdb keeps stopped (stepping one thread) stay
 * parked, the master too, and the next stop finds them already stopped. */
#include "apic.h"
#include "cpu.h"
#include "gdb_x86.h"
#include "insn.h"
#include "msr.h"
#include "uart16550.h"
#include "../../arch.h"
#include "../../cmdline.h"
#include "../../gdb_td.h"
#include "../../lib/string.h"
#include "../../log.h"
#include "../../panic.h"
#include "../../spinlock.h"

#define RFLAGS_TF BIT(8)
#define RFLAGS_RF BIT(16)
#define DR6_RESET 0xffff0ff0ull
/* How long the others get to answer the park NMI. A CPU running a guest
 * may not answer at all (see docs/debugging.md); gdb then does not see it. */
#define PARK_TIMEOUT_MS 200

struct gdb_x86_cpu gdb_x86_cpus[MAX_CPUS];

static bool enabled;
static bool wait_at_boot;
static uint16_t port;
static struct gdb_session session;
/* The CPU serving gdb, or -1. */
static volatile int master = -1;
/* Orders a CPU parking against the master choosing whom to release. */
static struct spinlock park_lock;
static bool resuming;
static volatile bool polling;

static struct gdb_x86_cpu *me(void)
{
	return &gdb_x86_cpus[this_cpu()->index];
}

/* Publishes what gdb sees of this CPU. DR7 is cleared first: the stub's own
 * code must not hit gdb's hardware breakpoints. */
static void save_context(struct gdb_x86_cpu *c, struct exception_frame *f)
{
	write_dr7(0);
	c->frame = f;
	c->fs_base = rdmsr(MSR_FS_BASE);
	c->gs_base = rdmsr(MSR_GS_BASE);
	c->ds = read_ds();
	c->es = read_es();
	c->fs = read_fs();
	c->gs = read_gs();
}

/* Applies gdb's action to the frame this CPU returns through. TF is the
 * stub's alone: set for a step, cleared otherwise. RF lets an instruction
 * breakpoint's instruction run instead of faulting again. */
static void leave(struct gdb_x86_cpu *c)
{
	struct exception_frame *f = c->frame;

	if (c->action == GDB_ACTION_STEP)
		f->rflags |= RFLAGS_TF;
	else
		f->rflags &= ~RFLAGS_TF;
	if (c->resume_rf)
		f->rflags |= RFLAGS_RF;
	c->resume_rf = false;
	gdb_x86_load_debug_regs();
	c->frame = NULL;
	__atomic_store_n(&c->stopped, false, __ATOMIC_RELEASE);
}

static void park_wait(struct gdb_x86_cpu *c)
{
	while (!__atomic_load_n(&c->release, __ATOMIC_ACQUIRE)) {
		if (cpus_stopping)      /* gdb's kill, or a panic ends the run */
			for (;;)
				hlt();
		cpu_relax();
	}
	c->release = false;
	leave(c);
}

bool gdb_x86_nmi(struct exception_frame *f)
{
	struct gdb_x86_cpu *c;
	bool park;

	if (!enabled || cpus_stopping)
		return false;
	c = me();
	if (!__atomic_exchange_n(&c->nmi_pending, false, __ATOMIC_ACQ_REL))
		return false;
	spin_lock(&park_lock);
	/* A late NMI of a stop that is over or ending, or that reaches a CPU
	 * which has since begun a stop of its own, is dropped. */
	park = master >= 0 && master != (int)this_cpu()->index && !resuming && !c->stopped;
	if (park) {
		/* A CPU waiting to report its own breakpoint shows gdb that. */
		save_context(c, c->event_frame ? c->event_frame : f);
		__atomic_store_n(&c->stopped, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&park_lock);
	if (park)
		park_wait(c);
	return true;
}

static void park_others(void)
{
	unsigned self = this_cpu()->index;
	uint64_t deadline;

	for (unsigned i = 0; i < nr_cpus; i++) {
		if (i == self || percpu[i].state != CPU_ONLINE || gdb_x86_cpus[i].stopped)
			continue;
		__atomic_store_n(&gdb_x86_cpus[i].nmi_pending, true, __ATOMIC_RELEASE);
		apic_send_nmi(percpu[i].apic_id);
	}
	deadline = rdtsc() + cpu_tsc_khz() * PARK_TIMEOUT_MS;
	for (unsigned i = 0; i < nr_cpus; i++) {
		while (percpu[i].state == CPU_ONLINE &&
		       !__atomic_load_n(&gdb_x86_cpus[i].stopped, __ATOMIC_ACQUIRE) &&
		       rdtsc() < deadline)
			cpu_relax();
	}
}

static void give_up_master(void)
{
	spin_lock(&park_lock);
	resuming = false;
	__atomic_store_n(&master, -1, __ATOMIC_RELEASE);
	spin_unlock(&park_lock);
}

static void resume(struct gdb_x86_cpu *self, const struct gdb_resume *r)
{
	unsigned me_index = this_cpu()->index;
	bool released[MAX_CPUS] = { false };

	gdb_x86_rearm_sw_breakpoints();
	spin_lock(&park_lock);
	resuming = true;
	spin_unlock(&park_lock);
	for (unsigned i = 0; i < nr_cpus; i++) {
		struct gdb_x86_cpu *c = &gdb_x86_cpus[i];

		if (!c->stopped)
			continue;
		c->action = r->action[i + 1];
		if (i != me_index && c->action != GDB_ACTION_STOP) {
			released[i] = true;
			__atomic_store_n(&c->release, true, __ATOMIC_RELEASE);
		}
	}
	/* A released CPU must be gone before the next stop may begin, or that
	 * stop would take it for stopped. */
	for (unsigned i = 0; i < nr_cpus; i++)
		while (released[i] && __atomic_load_n(&gdb_x86_cpus[i].stopped, __ATOMIC_ACQUIRE))
			cpu_relax();
	self->in_stub = false;
	if (self->action == GDB_ACTION_STOP) {
		give_up_master();
		park_wait(self);
		return;
	}
	leave(self);
	give_up_master();
}

/* Called holding master. Returns when gdb resumes this CPU. */
static void serve(struct exception_frame *f, const struct gdb_stop *stop)
{
	struct gdb_x86_cpu *c = me();
	struct gdb_resume r;

	c->in_stub = true;
	spin_lock(&park_lock);
	save_context(c, f);
	__atomic_store_n(&c->stopped, true, __ATOMIC_RELEASE);
	spin_unlock(&park_lock);
	park_others();
	gdb_session_run(&session, stop, &r);
	if (stop->fatal)
		return;         /* the caller stops every CPU; the others stay parked */
	if (r.outcome == GDB_KILL) {
		log_panic_line("gdb: killed by the debugger; stopping all CPUs");
		arch_stop_all(HV_EXIT_KILLED);
	}
	resume(c, &r);
	if (r.outcome == GDB_SWITCH)
		gdb_td_take_over();     /* gdb chose a TD: it serves gdb from now on */
}

/* Waits for the master role; meanwhile another stop may park this CPU,
 * showing gdb the event frame. */
static void enter(struct gdb_x86_cpu *c, struct exception_frame *f, const struct gdb_stop *stop)
{
	int self = (int)this_cpu()->index;

	c->event_frame = f;
	for (;;) {
		int expected = -1;

		if (__atomic_compare_exchange_n(&master, &expected, self, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			break;
		cpu_relax();
	}
	c->event_frame = NULL;
	if (stop->kind == GDB_STOP_SWBREAK && !gdb_x86_sw_breakpoint_at(f->rip)) {
		/* gdb removed the breakpoint while this CPU waited: run the
		 * original instruction as if nothing had happened. */
		give_up_master();
		return;
	}
	serve(f, stop);
}

bool gdb_x86_debug_exception(struct exception_frame *f)
{
	struct gdb_stop stop = { .signal = GDB_SIGTRAP, .kind = GDB_STOP_SIGNAL };
	struct gdb_x86_cpu *c;
	bool instruction = false;

	if (!enabled)
		return false;
	c = me();
	if (c->in_stub) {
		/* gdb's breakpoint in code the stub runs: step aside. */
		if (f->vector == 3 && gdb_x86_lift_sw_breakpoint(f->rip - 1)) {
			f->rip--;
			return true;
		}
		return false;   /* any other trap in the stub: panic, do not recurse */
	}
	stop.tid = this_cpu()->index + 1;
	if (f->vector == 3) {
		if (c->trap_signal) {
			stop.signal = c->trap_signal;
			stop.fatal = c->trap_fatal;
			c->trap_signal = 0;
		} else if (gdb_x86_sw_breakpoint_at(f->rip - 1)) {
			f->rip--;       /* gdb wants the breakpoint's address */
			stop.kind = GDB_STOP_SWBREAK;
		}
	} else {
		uint64_t dr6 = read_dr6();

		write_dr6(DR6_RESET);
		f->rflags &= ~RFLAGS_TF;
		gdb_x86_decode_dr6(dr6, &stop, &instruction);
	}
	c->resume_rf = instruction;
	enter(c, f, &stop);
	return true;
}

static uint8_t signal_of(uint64_t vector)
{
	switch (vector) {
	case 0: case 16: case 19: return GDB_SIGFPE;
	case 6: return GDB_SIGILL;
	case 17: case 18: return GDB_SIGBUS;
	default: return GDB_SIGSEGV;
	}
}

void gdb_x86_fatal_exception(struct exception_frame *f)
{
	struct gdb_stop stop = { .signal = signal_of(f->vector), .fatal = true };

	if (!enabled || me()->in_stub)
		return;
	stop.tid = this_cpu()->index + 1;
	log_panic_line("gdb: the machine is stopped for the debugger on port 0x%x", port);
	enter(me(), f, &stop);
}

/* Enters the stub through a real #BP frame, telling it why. */
static void trap(uint8_t signal, bool fatal)
{
	struct gdb_x86_cpu *c = me();

	c->trap_signal = signal;
	c->trap_fatal = fatal;
	int3();
}

static int poll_byte(void)
{
	return uart_has_data(port) ? uart_getc(port) : -1;
}

void gdb_poll(void)
{
	bool stop = false;

	/* During a stop the line belongs to the CPU serving gdb. Before the
	 * gdb.wait stop, a gdb that connects early is left queued for it
	 * rather than breaking in somewhere earlier in boot. */
	if (!enabled || wait_at_boot || master >= 0 || me()->in_stub ||
	    __atomic_exchange_n(&polling, true, __ATOMIC_ACQUIRE))
		return;
	/* With a TD as gdb's target, a break-in stops that TD instead. */
	if (!gdb_td_poll(poll_byte))
		while (!stop && uart_has_data(port))
			stop = gdb_session_running_byte(&session, (uint8_t)uart_getc(port));
	__atomic_store_n(&polling, false, __ATOMIC_RELEASE);
	if (stop)
		trap(GDB_SIGINT, false);
}

void gdb_x86_break_in(void)
{
	trap(GDB_SIGTRAP, false);
}

/* CPU 0 polls while idle; the others halt as usual. Interrupts stay
 * masked: the idle loop finds its work without the kick, and CPU 0 is where
 * the legacy PIC's timer would land. */
bool gdb_x86_idle_poll(void)
{
	if (!enabled || this_cpu()->index != 0)
		return false;
	gdb_poll();
	cpu_relax();
	return true;
}

void gdb_stop_after_panic(void)
{
	if (!enabled || me()->in_stub)
		return;
	log_panic_line("gdb: the machine is stopped for the debugger on port 0x%x", port);
	trap(GDB_SIGABRT, true);
}

void gdb_wait_at_boot(void)
{
	if (!enabled || !wait_at_boot)
		return;
	log_info("gdb: waiting for gdb on port 0x%x (gdb.wait)", port);
	trap(GDB_SIGTRAP, false);
	wait_at_boot = false;
}

/* gdb=ttyS0..ttyS3 or an I/O port number; bare `gdb` means COM2. */
static bool gdb_port(const char *cmdline, uint16_t *out)
{
	static const uint16_t ttys[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	char value[16];
	uint64_t n;

	*out = COM2_PORT;
	if (!cmdline_has(cmdline, "gdb"))
		return true;
	if (!cmdline_get(cmdline, "gdb", value, sizeof(value)))
		return false;
	if (!value[0])
		return true;
	if (strncmp(value, "ttyS", 4) == 0 && value[4] >= '0' && value[4] <= '3' && !value[5]) {
		*out = ttys[value[4] - '0'];
		return true;
	}
	if (cmdline_get_u64(cmdline, "gdb", &n) && n > 0 && n <= 0xffff) {
		*out = (uint16_t)n;
		return true;
	}
	log_error("gdb: gdb=%s is not ttyS0-ttyS3 or an I/O port", value);
	return false;
}

void gdb_setup(const char *cmdline)
{
	uint16_t console;

	wait_at_boot = cmdline_has(cmdline, "gdb.wait");
	if (!cmdline_has(cmdline, "gdb") && !wait_at_boot)
		return;
	if (!gdb_port(cmdline, &port)) {
		log_error("gdb: the stub is off");
		return;
	}
	cmdline_console_port(cmdline, &console);
	if (port == console) {
		log_error("gdb: port 0x%x is the console's; the stub is off "
			  "(give gdb and the console different ports)", port);
		return;
	}
	if (!uart_present(port)) {
		log_error("gdb: no UART at port 0x%x; the stub is off", port);
		return;
	}
	gdb_session_init(&session, &gdb_x86_target);
	gdb_td_setup(&session);
	/* A gdb that connected early (Bochs' socket server makes it) may have
	 * sent its first packet already: keep it, uart_init empties the FIFO. */
	while (uart_has_data(port))
		gdb_session_running_byte(&session, (uint8_t)uart_getc(port));
	uart_init(port);
	gdb_x86_set_port(port);
	enabled = true;
	log_info("gdb: remote stub on port 0x%x%s", port,
		 wait_at_boot ? "; gdb.wait: boot stops once every CPU is up" : "");
}
