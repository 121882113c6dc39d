/* SMP bring-up: the boot CPU copies boot/ap_trampoline.S to a page below
 * 1 MiB and starts each AP with INIT, 10 ms, SIPI, 200 us, SIPI (Intel SDM
 * vol. 3A 9.4.4 and the MultiProcessor Specification's universal algorithm).
 * Each AP then installs its per-CPU data, descriptor tables and APIC, finds
 * its package and reports in. */
#include "apic.h"
#include "cpu.h"
#include "descriptors.h"
#include "gdb_x86.h"
#include "insn.h"
#include "msr.h"
#include "percpu.h"
#include "pit.h"
#include "smp.h"
#include "vmx_cpu.h"
#include "../../../boot/boot.h"
#include "../../lib/string.h"
#include "../../arch.h"
#include "../../log.h"
#include "../../mm/memory.h"
#include "../../mm/phys.h"
#include "../../monitor.h"
#include "../../vm.h"

extern char tr_start[], tr_gdt[], tr_gdt_ptr[], tr_far_jump[], tr_long_mode[];
extern char tr_cr3[], tr_efer[], tr_stack[], tr_entry[], tr_cpu[], tr_end[];
extern char ap_start64[];

#define AP_ANSWER_TIMEOUT_US 200000

void ap_main(unsigned index);

void smp_add_cpu(uint32_t apic_id)
{
	if (apic_id == percpu[0].apic_id)
		return;
	if (nr_cpus == MAX_CPUS) {
		log_warn("smp: more than %d CPUs; APIC id %u is not used", MAX_CPUS, apic_id);
		return;
	}
	percpu[nr_cpus].index = nr_cpus;
	percpu[nr_cpus].apic_id = apic_id;
	percpu[nr_cpus].state = CPU_ABSENT;
	nr_cpus++;
}

/* Per-CPU state every CPU sets up for itself the same way. */
static void cpu_setup_local(struct percpu *cpu)
{
	percpu_install(cpu);
	gdt_load(cpu);
	idt_load();
	apic_init_local();
	cpu->package = cpu_package_id(cpu->apic_id);
}

/* Until its stacks are mapped the boot CPU runs on the image's boot stack;
 * these give its #DF/NMI/#MC gates somewhere to land meanwhile, so an early
 * fault prints a report instead of triple-faulting. */
static uint8_t early_ist[NR_IST][4096] __aligned(16);

void smp_early_boot_cpu(void)
{
	struct percpu *cpu = &percpu[0];

	cpu->stack_top = (uintptr_t)boot_stack_top;
	for (int i = 1; i <= NR_IST; i++)
		cpu->ist_top[i] = (uintptr_t)early_ist[i - 1] + sizeof(early_ist[0]);
	idt_init();
	percpu_install(cpu);
	gdt_load(cpu);
	idt_load();
}

void smp_init_boot_cpu(void)
{
	struct percpu *cpu = &percpu[0];

	if (!paging_map_cpu_stacks(0, &cpu->stack_top, cpu->ist_top))
		panic("smp: no memory for the boot CPU's stacks");
	cpu->index = 0;
	cpu_setup_local(cpu);
	cpu->apic_id = apic_local_id();
	cpu->package = cpu_package_id(cpu->apic_id);
	cpu->state = CPU_ONLINE;
	log_info("smp: cpu0: APIC id %u, package %u (boot CPU, %s)", cpu->apic_id,
		 cpu->package, apic_x2apic_mode() ? "x2APIC" : "xAPIC");
}

static void *tr_field(paddr_t page, const char *sym)
{
	return (char *)phys_to_virt(page) + (sym - tr_start);
}

static void trampoline_install(paddr_t page)
{
	memcpy(phys_to_virt(page), tr_start, tr_end - tr_start);
	*(uint32_t *)tr_field(page, tr_gdt_ptr + 2) = page + (tr_gdt - tr_start);
	*(uint32_t *)tr_field(page, tr_far_jump) = page + (tr_long_mode - tr_start);
	*(uint32_t *)tr_field(page, tr_cr3) = (uint32_t)(uintptr_t)early_pml4;
	*(uint32_t *)tr_field(page, tr_efer) = BIT(8) | (cpu_features.nx ? EFER_NXE : 0);
	*(uint64_t *)tr_field(page, tr_entry) = (uintptr_t)ap_start64;
}

static bool wait_for_answer(struct percpu *cpu, unsigned us)
{
	for (unsigned waited = 0; waited < us; waited += 1000) {
		if (cpu->state != CPU_STARTING)
			return true;
		pit_delay_us(1000);
	}
	return cpu->state != CPU_STARTING;
}

static void start_one(paddr_t page, struct percpu *cpu)
{
	if (!paging_map_cpu_stacks(cpu->index, &cpu->stack_top, cpu->ist_top)) {
		log_error("smp: cpu%u: no memory for its stacks; not started", cpu->index);
		cpu->state = CPU_FAILED;
		return;
	}
	*(uint64_t *)tr_field(page, tr_stack) = cpu->stack_top;
	*(uint32_t *)tr_field(page, tr_cpu) = cpu->index;
	cpu->state = CPU_STARTING;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	apic_send_init(cpu->apic_id);
	pit_delay_us(10000);
	apic_send_sipi(cpu->apic_id, page >> PAGE_SHIFT);
	if (!wait_for_answer(cpu, 200)) {
		apic_send_sipi(cpu->apic_id, page >> PAGE_SHIFT);
		wait_for_answer(cpu, AP_ANSWER_TIMEOUT_US);
	}
	if (cpu->state != CPU_ONLINE) {
		cpu->state = CPU_FAILED;
		log_error("smp: cpu%u (APIC id %u) did not start; continuing without it",
			  cpu->index, cpu->apic_id);
	}
}

void smp_start_aps(paddr_t page)
{
	if (nr_cpus > 1 && !page) {
		log_error("smp: no AP start page; %u CPUs left offline", nr_cpus - 1);
		return;
	}
	trampoline_install(page);
	for (unsigned i = 1; i < nr_cpus; i++)
		start_one(page, &percpu[i]);
}

void ap_main(unsigned index)
{
	struct percpu *cpu = &percpu[index];
	uint32_t apic_id;

	cpu_setup_local(cpu);
	apic_id = apic_local_id();
	if (apic_id != cpu->apic_id)
		log_warn("smp: cpu%u: APIC id %u, the MADT said %u", index, apic_id,
			 cpu->apic_id);
	cpu->apic_id = apic_id;
	cpu->package = cpu_package_id(apic_id);
	if (vmx_usable)
		vmx_cpu_enable();
	log_info("smp: cpu%u: APIC id %u, package %u online%s", index, apic_id, cpu->package,
		 cpu->vmxon_region ? ", in VMX root" : "");
	__atomic_store_n(&cpu->state, CPU_ONLINE, __ATOMIC_RELEASE);
	cpu_idle();
}

static void post(unsigned index, struct smp_call *c)
{
	struct percpu *cpu = &percpu[index];

	c->done = false;
	while (!__atomic_compare_exchange_n(&cpu->call, &(struct smp_call *){ NULL }, c, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		smp_run_pending_call();         /* see smp_call_on() */
		cpu_relax();    /* one call in flight per CPU */
	}
	if (index != arch_cpu_index())
		apic_send_kick(cpu->apic_id);
}

void smp_call_on(unsigned index, void (*fn)(void *), void *arg)
{
	struct smp_call c = { fn, arg, false };

	if (index == arch_cpu_index()) {
		fn(arg);
		return;
	}
	post(index, &c);
	/* Two CPUs may call each other at once (two TDs torn down together
	 * each run TDH.PHYMEM.CACHE.WB on every package): a waiting CPU
	 * answers the calls made to it, or both would wait forever. */
	while (!c.done) {
		smp_run_pending_call();
		cpu_relax();
	}
}

void smp_post(unsigned index, void (*fn)(void *), void *arg)
{
	static struct smp_call posted[MAX_CPUS];

	posted[index] = (struct smp_call){ fn, arg, false };
	post(index, &posted[index]);
}

/* Takes the call before running it, so a long one (a guest's run loop)
 * still lets further calls through: guest loops call this after exits. */
void smp_run_pending_call(void)
{
	struct smp_call *c = __atomic_exchange_n(&this_cpu()->call, NULL, __ATOMIC_ACQ_REL);

	if (!c)
		return;
	c->fn(c->arg);
	__atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
}

void smp_call_each(void (*fn)(void *), void *arg)
{
	for (unsigned i = 0; i < nr_cpus; i++)
		if (percpu[i].state == CPU_ONLINE)
			smp_call_on(i, fn, arg);
}

void cpu_idle(void)
{
	struct percpu *cpu = this_cpu();

	for (;;) {
		struct vcpu *v;
		bool polled;

		if (__atomic_load_n(&cpu->call, __ATOMIC_ACQUIRE)) {
			smp_run_pending_call();
			continue;
		}
		v = __atomic_exchange_n(&cpu->vcpu, NULL, __ATOMIC_ACQ_REL);
		if (v) {
			vcpu_run(v);
			continue;
		}
		polled = monitor_poll();        /* serial monitor: CPU 0 polls COM1 */
		if (gdb_x86_idle_poll() || polled)
			continue;       /* GDB stub: poll for Ctrl-C instead of halting */
		/* STI's one-instruction shadow makes "sti; hlt" atomic: a kick
		 * that arrives after the check above still wakes the HLT. */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
}
