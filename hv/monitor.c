/* The serial monitor (monitor.h): CPU 0's idle loop feeds it the bytes the
 * console UART received; a finished line is parsed (monitor_cmd.c) and run
 * here. Answers go through the log, so they carry the [cpu0] prefix and
 * never tear another CPU's line; they use the level that always prints,
 * since an answer the user asked for must not be filtered by loglevel.
 * Guests run on their own CPUs and are never touched, except by kill. */
#include "arch.h"
#include "arch/x86/insn.h"
#include "arch/x86/percpu.h"
#include "arch/x86/uart16550.h"
#include "cmdline.h"
#include "lib/format.h"
#include "lib/string.h"
#include "log.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "monitor.h"
#include "tdx/td.h"
#include "monitor_cmd.h"
#include "tdx/hkid.h"
#include "tdx/seamcall.h"
#include "tdx/tdx.h"
#include "vm.h"

#define say(...) log_msg(LOG_ERROR, __VA_ARGS__)

static const char prompt[] = "tdvisor> ";

static bool enabled;
static bool holds_run;
static bool debug_port_exit;
static uint16_t port;
static const struct manifest *manifest;
static struct monitor_rx rx;

static unsigned long long kib(uint64_t bytes)
{
	return (unsigned long long)(bytes / KiB);
}

/* Appends to buf (size bytes, *n used so far); output past the end is cut. */
static void __printf(4, 5) append(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;

	if (*n >= size - 1)
		return;
	va_start(ap, fmt);
	*n += vformat(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	*n = MIN(*n, size - 1);
}

static const struct manifest_guest *find_td(const char *name)
{
	for (unsigned i = 0; i < manifest->tds.count; i++)
		if (strcmp(manifest->tds.guest[i].name, name) == 0)
			return &manifest->tds.guest[i];
	return NULL;
}

static void cmd_help(void)
{
	for (unsigned i = 0; i < monitor_nr_cmds; i++)
		if (!monitor_cmds[i].hidden)
			say("  %-26s %s", monitor_cmds[i].usage, monitor_cmds[i].help);
}

static const char *cpu_state_name(enum cpu_state s)
{
	switch (s) {
	case CPU_ONLINE: return "online";
	case CPU_STARTING: return "starting";
	case CPU_FAILED: return "failed";
	default: return "absent";
	}
}

/* What runs on a CPU: VM vCPUs from the VMs, TDs from the manifest (the
 * TD layer keeps its list to itself). */
static void cmd_cpus(void)
{
	for (unsigned i = 0; i < nr_cpus; i++) {
		const struct percpu *c = &percpu[i];
		char runs[120] = "";
		size_t n = 0;
		struct vm *vm;

		for (unsigned v = 0; (vm = vm_at(v)); v++)
			for (unsigned j = 0; j < vm->nr_vcpus; j++)
				if (vm->vcpus[j].cpu == i)
					append(runs, sizeof(runs), &n, "%svm %s vCPU %u (%s)",
					       n ? ", " : "", vm->name, j,
					       vm->state == VM_RUNNING ? "running" : "stopped");
		for (unsigned t = 0; t < manifest->tds.count; t++)
			if (manifest->tds.guest[t].cpus.cpu[0] == i)
				append(runs, sizeof(runs), &n, "%std %s", n ? ", " : "",
				       manifest->tds.guest[t].name);
		say("cpu%u: APIC id %u, package %u, %s, %s%s", i, c->apic_id, c->package,
		    cpu_state_name(c->state), n ? "runs " : "", n ? runs :
		    i == 0 ? "idle (serves the monitor)" : "idle");
	}
}

static void cmd_mem(void)
{
	const struct memory_totals *t = mem_totals();
	const struct reservation *r;
	unsigned n;

	say("mem: %llu KiB usable RAM, hypervisor image %llu KiB, excluded %llu KiB, "
	    "reserved %llu KiB, allocator %llu KiB (%llu KiB free)", kib(t->ram), kib(t->image),
	    kib(t->excluded), kib(t->reserved), kib(t->managed),
	    kib(page_alloc_free_pages() * PAGE_SIZE));
	r = mem_reservations(&n);
	for (unsigned i = 0; i < n; i++)
		say("mem: reserved range \"%s\": [0x%llx, 0x%llx)", r[i].name,
		    (unsigned long long)r[i].base, (unsigned long long)(r[i].base + r[i].size));
}

static void cmd_tdx(void)
{
	const struct tdx_info *t = tdx_get_info();
	unsigned in_use, free_ids, leaked;

	if (t->state != TDX_READY) {
		say("tdx: %s (%s)", t->state == TDX_FAILED ? "failed" : "unavailable", t->why);
		return;
	}
	hkid_counts(&in_use, &free_ids, &leaked);
	say("tdx: ready, %s module %u.%u (build %u, date %u)",
	    t->emulated ? "EMULATED" : "hardware", t->major, t->minor, t->build_num,
	    t->build_date);
	say("tdx: KeyIDs [%u, %u): global %u, %u in use, %u free, %u leaked", t->keyid_start,
	    t->keyid_start + t->nr_keyids, t->global_keyid, in_use, free_ids, leaked);
	say("tdx: %u TDMR%s, PAMT %llu KiB; SEAMCALLs: %llu to initialize, %llu in all",
	    t->nr_tdmrs, t->nr_tdmrs == 1 ? "" : "s", (unsigned long long)(t->pamt_pages * 4),
	    (unsigned long long)t->seamcalls, (unsigned long long)seamcall_count_total());
}

static const char *const td_state_names[] = {
	[TD_STATE_BUILT] = "built", [TD_STATE_RUNNING] = "running",
	[TD_STATE_STOPPED] = "stopped",
};

static void cmd_tds(void)
{
	if (!td_count()) {
		say("tds: none built (%u in the manifest)", manifest->tds.count);
		return;
	}
	for (unsigned i = 0; i < td_count(); i++) {
		const struct td *t = td_at(i);

		say("tds: %s on cpu%s, %s, KeyID %u, MRTD %.16s...", t->name, td_cpu_list(t),
		    td_state_names[t->state], t->hkid, t->mrtd_hex);
	}
}

static void cmd_td(const char *name)
{
	const struct td *t = td_find(name);

	if (!t) {
		say("td: no TD named '%s'%s", name, vm_find(name) ? " (it is a VM: see vms)" :
		    find_td(name) ? " (in the manifest, but it was not built)" : "");
		return;
	}
	say("td %s: %s on cpu%s, KeyID %u, %llu KiB RAM, %llu KiB private memory added, %s, "
	    "%llu TD exits", t->name, td_state_names[t->state], td_cpu_list(t), t->hkid,
	    kib(t->cfg->memory), kib(t->private_bytes), t->cfg->td.debug ? "debug" : "not debug",
	    (unsigned long long)td_exits(t));
	say("td %s: MRTD %s", t->name, t->mrtd_hex);
}

static void cmd_vms(void)
{
	struct vm *vm;
	unsigned v;

	for (v = 0; (vm = vm_at(v)); v++) {
		char cpus[64] = "";
		size_t n = 0;
		uint64_t exits = 0;

		for (unsigned j = 0; j < vm->nr_vcpus; j++)
			exits += vm->vcpus[j].exits;
		for (unsigned j = 0; j < vm->nr_vcpus; j++)
			append(cpus, sizeof(cpus), &n, "%s%u", j ? "," : "", vm->vcpus[j].cpu);
		say("vms: %s: cpu%s %s, %llu KiB, %s, %llu exits", vm->name,
		    vm->nr_vcpus == 1 ? "" : "s", cpus, kib(vm->memory),
		    vm->state == VM_RUNNING ? "running" : "stopped",
		    (unsigned long long)exits);
	}
	if (!v)
		say("vms: none running (the manifest lists %u)", manifest->vms.count);
}

static void cmd_kill(const char *name)
{
	struct vm *vm = vm_find(name);

	if (vm) {
		if (vm->state == VM_STOPPED)
			say("kill: vm %s has already stopped", name);
		else
			vm_stop(vm, -1, "killed from the monitor");
		return;
	}
	if (td_kill(name))
		say("kill: stopping td %s", name);
	else if (td_find(name) || find_td(name))
		say("kill: td %s is not running", name);
	else
		say("kill: no VM or TD named '%s'", name);
}

static void cmd_mirror_check(const char *name)
{
	struct td *t = td_find(name);
	struct td_mirror_report r;

	if (!t) {
		say("mirror-check: no TD named '%s'", name);
		return;
	}
	if (t->state != TD_STATE_RUNNING) {
		say("mirror-check %s: the TD is %s: nothing to compare", name,
		    td_state_names[t->state]);
		return;
	}
	td_mirror_check(t, &r);
	if (!r.mismatches)
		say("mirror-check %s: %llu private pages and %llu S-EPT pages agree with "
		    "TDH.MEM.SEPT.RD", name, (unsigned long long)r.pages,
		    (unsigned long long)r.tables);
	else
		say("mirror-check %s: %llu of %llu entries differ; first: %s", name,
		    (unsigned long long)r.mismatches, (unsigned long long)(r.pages + r.tables),
		    r.first);
}

static void cmd_exit(void)
{
	if (!debug_port_exit) {
		say("exit: only with exit=debug-port on the command line (scripted sessions)");
		return;
	}
	say("monitor: exit: ending the run");
	arch_stop_all(HV_EXIT_IDLE);
}

static void run(const struct monitor_cmd *c)
{
	switch (c->kind) {
	case MON_EMPTY: break;
	case MON_HELP: cmd_help(); break;
	case MON_CPUS: cmd_cpus(); break;
	case MON_MEM: cmd_mem(); break;
	case MON_TDX: cmd_tdx(); break;
	case MON_TDS: cmd_tds(); break;
	case MON_VMS: cmd_vms(); break;
	case MON_TD: cmd_td(c->name); break;
	case MON_KILL: cmd_kill(c->name); break;
	case MON_LOG:
		log_set_level(c->level);
		say("log: level is now %s", log_level_name(c->level));
		break;
	case MON_MIRROR_CHECK: cmd_mirror_check(c->name); break;
	case MON_EXIT: cmd_exit(); break;
	case MON_ERROR: say("%s", c->msg); break;
	}
}

static void show_prompt(void)
{
	log_write_raw(prompt, sizeof(prompt) - 1);
}

bool monitor_poll(void)
{
	int budget = 64;        /* bytes per call: the idle loop has other work */

	if (!enabled || this_cpu()->index != 0)
		return false;
	while (budget-- && uart_has_data(port)) {
		struct monitor_cmd cmd;
		char echo[4];
		size_t len;
		enum monitor_rx_event ev = monitor_rx_byte(&rx, (uint8_t)uart_getc(port), echo,
							   &len);

		if (len)
			log_write_raw(echo, len);
		if (ev == MONITOR_RX_TOO_LONG) {
			say("monitor: line longer than %u characters; discarded", MONITOR_LINE_MAX);
		} else if (ev == MONITOR_RX_LINE) {
			monitor_parse(rx.buf, rx.len, &cmd);
			run(&cmd);
		}
		if (ev != MONITOR_RX_NONE)
			show_prompt();
	}
	cpu_relax();
	return true;
}

bool monitor_holds_run(void)
{
	return holds_run;
}

void monitor_prompt(void)
{
	if (enabled)
		show_prompt();
}

/* gdb=ttyS0..3|PORT, bare gdb or gdb.wait: COM2; 0 without a stub. */
static uint16_t gdb_port(const char *cmdline)
{
	static const uint16_t ttys[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	char v[16] = "";
	uint64_t p;

	if (!cmdline_has(cmdline, "gdb") && !cmdline_has(cmdline, "gdb.wait"))
		return 0;
	cmdline_get(cmdline, "gdb", v, sizeof(v));
	if (!v[0])
		return COM2_PORT;
	if (strlen(v) == 5 && memcmp(v, "ttyS", 4) == 0 && v[4] >= '0' && v[4] <= '3')
		return ttys[v[4] - '0'];
	return cmdline_get_u64(cmdline, "gdb", &p) ? (uint16_t)p : 0;
}

void monitor_init(const char *cmdline, const struct manifest *m)
{
	char v[16] = "";
	bool explicit_on = false;

	manifest = m;
	debug_port_exit = cmdline_get(cmdline, "exit", v, sizeof(v)) &&
			  strcmp(v, "debug-port") == 0;
	v[0] = '\0';
	if (cmdline_get(cmdline, "monitor", v, sizeof(v))) {
		if (strcmp(v, "off") == 0) {
			log_info("monitor: off (monitor=off)");
			return;
		}
		if (v[0] && strcmp(v, "on") != 0)
			log_warn("cmdline: monitor=%s is not on or off; the monitor stays on", v);
		explicit_on = strcmp(v, "on") == 0 || !v[0];
	}
	if (!cmdline_console_port(cmdline, &port))
		port = COM1_PORT;
	if (gdb_port(cmdline) == port) {
		log_warn("monitor: off: the GDB stub uses the console port 0x%x", port);
		return;
	}
	enabled = true;
	holds_run = !debug_port_exit || explicit_on;
	monitor_rx_reset(&rx);
	log_info("monitor: on the console (port 0x%x): type help; monitor=off disables it", port);
}
