/* Per-CPU records, CPU features, the console hook and stopping CPUs. */
#include "apic.h"
#include "cpu.h"
#include "exceptions.h"
#include "gdb_x86.h"
#include "insn.h"
#include "msr.h"
#include "percpu.h"
#include "pit.h"
#include "uart16550.h"
#include "../../arch.h"
#include "../../log.h"
#include "../../panic.h"
#include "../../mm/phys.h"

struct percpu percpu[MAX_CPUS];
unsigned nr_cpus = 1;
struct cpu_features cpu_features;

static uint16_t console_port = COM1_PORT;
volatile bool cpus_stopping;
static bool exit_via_debug_port;

void percpu_install(struct percpu *p)
{
	p->self = p;
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)p);
}

unsigned arch_cpu_index(void)
{
	return this_cpu()->index;
}

bool arch_cpu_in_vmx_root(void)
{
	return this_cpu()->vmxon_region != 0;
}

unsigned cpus_online(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nr_cpus; i++)
		n += percpu[i].state == CPU_ONLINE;
	return n;
}

void cpu_features_probe(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	unsigned max_leaf = r.eax;

	((uint32_t *)cpu_features.vendor)[0] = r.ebx;
	((uint32_t *)cpu_features.vendor)[1] = r.edx;
	((uint32_t *)cpu_features.vendor)[2] = r.ecx;
	cpu_features.vendor[12] = '\0';
	r = cpuid(1, 0);
	cpu_features.family_model_stepping = r.eax;
	cpu_features.vmx = r.ecx & BIT(5);
	cpu_features.x2apic = r.ecx & BIT(21);
	cpu_features.tsc_deadline = r.ecx & BIT(24);
	cpu_features.hypervisor = r.ecx & BIT(31);
	cpu_features.max_leaf = max_leaf;
	if (max_leaf >= 7)
		cpu_features.movdir64b = cpuid(7, 0).ecx & BIT(28);
	r = cpuid(0x80000000, 0);
	if (r.eax >= 0x80000001) {
		r = cpuid(0x80000001, 0);
		cpu_features.nx = r.edx & BIT(20);
		cpu_features.page_1g = r.edx & BIT(26);
	}
}

/* Package of the calling CPU: the APIC id above the bits that number cores
 * and threads (CPUID 0x1F or 0xB, whichever the CPU has, else leaf 1). */
uint32_t cpu_package_id(uint32_t apic_id)
{
	unsigned leaf = cpu_features.max_leaf >= 0x1f ? 0x1f : 0xb;

	if (cpu_features.max_leaf >= leaf && cpuid(leaf, 0).ebx != 0) {
		unsigned shift = 0;

		for (unsigned sub = 0; sub < 8; sub++) {
			struct cpuid_regs r = cpuid(leaf, sub);
			if (((r.ecx >> 8) & 0xff) == 0)
				break;
			shift = r.eax & 0x1f;
		}
		return apic_id >> shift;
	}
	unsigned logical = (cpuid(1, 0).ebx >> 16) & 0xff;
	unsigned shift = 0;
	while ((1u << shift) < logical)
		shift++;
	return apic_id >> shift;
}

static uint64_t tsc_khz = 1;

/* Against the PIT: good to a few percent, which is all the watchdog and
 * log timings need. In Bochs (sync=none) it gives the configured ips/1000. */
void cpu_calibrate_tsc(void)
{
	uint64_t t0 = rdtsc();

	pit_delay_us(10000);
	tsc_khz = MAX((rdtsc() - t0) / 10, 1);
	log_info("cpu: TSC runs at %llu kHz", (unsigned long long)tsc_khz);
}

uint64_t cpu_tsc_khz(void)
{
	return tsc_khz;
}

void arch_console_setup(uint16_t port, bool debug_port_exit)
{
	console_port = port;
	exit_via_debug_port = debug_port_exit;
	uart_init(port);
}

void arch_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc(console_port, '\r');
		uart_putc(console_port, s[i]);
	}
}

void arch_console_drain(void)
{
	uart_drain(console_port);
}

/* Stack area and image: where a frame pointer chain may lead. */
bool stack_address_plausible(uint64_t addr)
{
	extern char __image_start[], __image_end[];

	return (addr >= STACK_AREA_BASE && addr < STACK_AREA_BASE + MAX_CPUS * STACK_SLOT_SIZE) ||
	       (addr >= (uintptr_t)__image_start && addr < (uintptr_t)__image_end);
}

void arch_dump_current_state(void)
{
	struct exception_frame f = { 0 };

	__asm__ volatile("mov %%rsp, %0; mov %%rbp, %1; lea (%%rip), %2"
			 : "=r"(f.rsp), "=r"(f.rbp), "=r"(f.rip));
	f.rflags = read_rflags();
	dump_registers(&f);
	dump_stack_trace(f.rbp);
}

/* QEMU's isa-debug-exit (port 0xf4) exits with status 2*code+1; Bochs stops
 * when "Shutdown" is written to port 0x8900. Both are harmless elsewhere,
 * but are only used when the command line asks (exit=debug-port). */
static void debug_port_exit(enum hv_exit_code code)
{
	static const char bochs_shutdown[] = "Shutdown";

	outl(0xf4, code);
	for (const char *c = bochs_shutdown; *c; c++)
		outb(0x8900, *c);
}

void arch_stop_all(enum hv_exit_code code)
{
	irq_disable();
	if (!__atomic_exchange_n(&cpus_stopping, true, __ATOMIC_ACQ_REL) && nr_cpus > 1)
		apic_send_nmi_all_but_self();
	arch_console_drain();
	if (exit_via_debug_port)
		debug_port_exit(code);
	for (;;)
		hlt();
}

/* An NMI that arrived while this CPU ran a guest (VM or TD) and so became
 * a VM exit: "stop" (panic or end of run) halts here; the GDB stub's park
 * request is replayed as a software NMI so the stub's normal path sees it. */
void arch_guest_nmi(void)
{
	if (panic_in_progress() || cpus_stopping)
		for (;;)
			hlt();
	if (gdb_x86_cpus[this_cpu()->index].nmi_pending)
		__asm__ volatile("int $2");
}
