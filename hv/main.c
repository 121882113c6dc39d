/* The boot sequence: console, boot information, CPUs' tables, memory, page
 * tables, the other CPUs, the manifest, then a summary. Each step either
 * works, or degrades with a logged reason, or stops the machine cleanly
 * with a message: never a silent hang. */
#include "../boot/boot.h"
#include "arch.h"
#include "platform.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/descriptors.h"
#include "arch/x86/insn.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic8259.h"
#include "arch/x86/smp.h"
#include "arch/x86/uart16550.h"
#include "arch/x86/vmx_probe.h"
#include "boot_info.h"
#include "cmdline.h"
#include "crashtest.h"
#include "gdbstub.h"
#include "lib/string.h"
#include "log.h"
#include "manifest.h"
#include "monitor.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "mm/phys.h"
#include "multiboot2.h"
#include "panic.h"
#include "summary.h"
#include "arch/x86/vmx_cpu.h"
#include "vm.h"
#include "guests.h"
#include "tdx/td.h"
#include "tdx/tdx.h"

#define CR0_NW BIT(29)
#define CR0_CD BIT(30)

static struct boot_info boot_info;
const struct boot_info *hv_boot_info = &boot_info;
static struct platform platform;
static struct manifest manifest;
static struct manifest_errors manifest_errors;
static bool log_level_from_cmdline;

static void console_setup(void)
{
	uint16_t port = COM1_PORT;
	char level[16];
	enum log_level lvl;

	if (!cmdline_console_port(boot_info.cmdline, &port))
		port = COM1_PORT;
	arch_console_setup(port, cmdline_has(boot_info.cmdline, "exit") &&
			   cmdline_get(boot_info.cmdline, "exit", level, sizeof(level)) &&
			   strcmp(level, "debug-port") == 0);
	log_console_ready();
	if (cmdline_get(boot_info.cmdline, "loglevel", level, sizeof(level))) {
		if (log_level_from_name(level, &lvl)) {
			log_set_level(lvl);
			log_level_from_cmdline = true;
		} else {
			log_warn("cmdline: loglevel=%s is not one of error, warn, info, debug", level);
		}
	}
}

/* After the switch to the final page tables the boot information block is
 * reachable only through the direct map. */
static const char *rebased(const char *s)
{
	return s ? (const char *)phys_to_virt((paddr_t)(uintptr_t)s) : s;
}

static void boot_info_rebase(struct boot_info *bi)
{
	bi->cmdline = rebased(bi->cmdline);
	bi->loader_name = rebased(bi->loader_name);
	for (unsigned i = 0; i < bi->nr_modules; i++)
		bi->modules[i].string = rebased(bi->modules[i].string);
}

static __noreturn void manifest_refused(int errors)
{
	for (unsigned i = 0; i < manifest_errors.count; i++)
		log_error("%s", manifest_errors.msg[i]);
	log_error("manifest: %d error%s; no guest started. Fix the manifest "
		  "(check it with build/manifest-check) and reboot.",
		  errors, errors == 1 ? "" : "s");
	arch_stop_all(HV_EXIT_CONFIG_ERROR);
}

/* Parses the manifest module early (its choices shape memory: the TDX
 * model's SEAM range); on any error prints every message and stops with
 * nothing started, as the manifest reference promises. */
static void parse_manifest(void)
{
	const struct boot_module *m = boot_find_module(&boot_info, "manifest");
	int errors;

	if (!m) {
		log_warn("manifest: no multiboot2 module named \"manifest\"; using defaults (no guests)");
		manifest_parse("{}", 2, &manifest, &manifest_errors);
		return;
	}
	errors = manifest_parse(phys_to_virt(m->start), m->end - m->start, &manifest,
				&manifest_errors);
	if (errors)
		manifest_refused(errors);
	if (!log_level_from_cmdline)
		log_set_level(manifest.hypervisor.log_level);
}

/* The checks that need the CPUs to be up. */
static void check_manifest_platform(void)
{
	int errors = manifest_check_platform(&manifest, nr_cpus, &manifest_errors);

	if (errors)
		manifest_refused(errors);
}

static void boot_continue(void)
{
	struct summary s = { 0 };
	unsigned started;

	cpu_calibrate_tsc();
	gdb_setup(boot_info.cmdline);   /* its stop timeouts use the TSC rate */
	vmx_cpu_enable();       /* before the APs: they follow the boot CPU */
	for (unsigned i = 0; i < platform.nr_cpus; i++)
		smp_add_cpu(platform.cpus[i].apic_id);
	smp_start_aps(mem_ap_start_page());
	gdb_wait_at_boot();     /* gdb.wait: every CPU is up, TDX and guests not yet */
	check_manifest_platform();
	tdx_init(&manifest);

	s.bi = &boot_info;
	s.manifest = &manifest;
	vmx_probe(&s.vmx);
	s.tsc = rdtsc();
	summary_print(&s);
	{
		char kind[32] = "";
		cmdline_get(boot_info.cmdline, "crashtest", kind, sizeof(kind));
		crashtest_run(kind);
	}
	monitor_init(boot_info.cmdline, &manifest);
	/* Count the guests before any can stop, so the run cannot end early. */
	guest_started();
	started = vm_start_all(&manifest);
	started += td_start_all(&manifest);
	if (!started) {
		log_info("hypervisor: %s; %s", manifest.vms.count + manifest.tds.count ?
			 "no guest could be started" : "no guests to run",
			 monitor_holds_run() ? "waiting for monitor commands" : "halting");
		if (!monitor_holds_run())
			arch_stop_all(HV_EXIT_IDLE);
		monitor_prompt();
		cpu_idle();     /* the boot's own count keeps the run up */
	}
	guest_stopped();
	cpu_idle();
}

void hv_main(uint32_t magic, uint32_t info_pa)
{
	enum mb2_result mb2;

	(void)magic;            /* checked by boot/entry32.S */
	/* Firmware may hand over with caching disabled (CR0.CD/NW, the reset
	 * value); APs get a clean CR0 from the trampoline. */
	write_cr0(read_cr0() & ~(CR0_CD | CR0_NW));
	percpu_install(&percpu[0]);
	cpu_features_probe();
	mb2 = mb2_parse(phys_to_virt(info_pa), MIN(MB2_INFO_MAX_SIZE, 4 * GiB - info_pa),
			info_pa, &boot_info);
	console_setup();
	log_info("tdvisor %s starting (%s, %s boot, command line \"%s\")", tdvisor_version,
		 boot_info.loader_name[0] ? boot_info.loader_name : "unknown loader",
		 boot_info.efi_boot ? "UEFI" : "BIOS", boot_info.cmdline);
	if (mb2 != MB2_OK) {
		log_error("boot: the boot information cannot be used (%s); halting",
			  mb2 == MB2_ERR_EFI_BS ? "EFI boot services still running" :
						  "malformed multiboot2 block");
		arch_stop_all(HV_EXIT_UNSUPPORTED);
	}
	smp_early_boot_cpu();
	pic8259_mask_all();

	if (!acpi_discover(&boot_info, 4 * GiB, &platform))
		log_warn("acpi: no usable MADT; running on the boot CPU only");
	mem_init(&boot_info, &platform.acpi_ranges);
	parse_manifest();
	tdx_early_init(&boot_info, &manifest);
	if (!mem_start_allocator())
		panic("mm: cannot start the page allocator");
	paging_init(&boot_info, apic_mmio_base());
	boot_info_rebase(&boot_info);
	smp_init_boot_cpu();
	call_on_stack(percpu[0].stack_top, boot_continue);
}
