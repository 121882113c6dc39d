/* Plain VMs: build each from its manifest entry (memory under EPT, the image
 * copied in), pin its vCPUs, and stop it with a reason when it ends or
 * misbehaves. A VM that cannot be built is reported and skipped; the others
 * still run. */
#include "arch.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/vmx_cpu.h"
#include "boot_info.h"
#include "guests.h"
#include "lib/format.h"
#include "lib/string.h"
#include "log.h"
#include "mm/ept.h"
#include "mm/page_alloc.h"
#include "mm/phys.h"
#include "vm.h"

extern const struct boot_info *hv_boot_info;

static struct vm vms[VM_MAX];
static unsigned nr_vms;

static void vm_fail(struct vm *vm, const char *why)
{
	log_error("vm %s: not started: %s", vm->name, why);
}

/* Backs GPAs [0, memory) with host pages, 2 MiB at a time where a 2 MiB
 * block is free (fewer EPT entries and TLB misses), else 4 KiB pages. */
static bool map_memory(struct vm *vm)
{
	uint64_t rwx = ept_leaf_flags(EPT_RWX, EPT_MT_WB);

	for (uint64_t gpa = 0; gpa < vm->memory;) {
		uint64_t left = vm->memory - gpa;
		paddr_t pa = 0;

		if (left >= PAGE_SIZE_2M && IS_ALIGNED(gpa, PAGE_SIZE_2M))
			pa = page_alloc_contig(PAGE_SIZE_2M / PAGE_SIZE, PAGE_SIZE_2M);
		if (pa) {
			if (pt_map(&vm->ept, gpa, pa, PAGE_SIZE_2M, rwx, PAGE_SIZE_2M))
				return false;
			gpa += PAGE_SIZE_2M;
			continue;
		}
		pa = page_alloc();
		if (!pa || pt_map(&vm->ept, gpa, pa, PAGE_SIZE, rwx, PAGE_SIZE_4K))
			return false;
		gpa += PAGE_SIZE;
	}
	return true;
}

bool vm_gpa_is_ram(const struct vm *vm, uint64_t gpa)
{
	return gpa < vm->memory;
}

static bool copy_guest(struct vm *vm, uint64_t gpa, void *buf, size_t len, bool to_guest)
{
	return gpa < vm->memory && len <= vm->memory - gpa &&
	       pt_copy(&vm->ept, gpa, buf, len, to_guest);
}

bool vm_read_guest(struct vm *vm, uint64_t gpa, void *dst, size_t len)
{
	return copy_guest(vm, gpa, dst, len, false);
}

static bool load_image(struct vm *vm)
{
	const struct manifest_guest *g = vm->cfg;
	const struct boot_module *m = boot_find_module(hv_boot_info, g->image);
	char why[160];

	if (!g->image[0]) {
		vm_fail(vm, "no \"image\" in its manifest entry");
		return false;
	}
	if (!m) {
		format(why, sizeof(why), "no multiboot2 module named \"%s\"", g->image);
		vm_fail(vm, why);
		return false;
	}
	if (!copy_guest(vm, g->load, phys_to_virt(m->start), m->end - m->start, true)) {
		format(why, sizeof(why), "image \"%s\" (%llu bytes) does not fit at GPA 0x%llx "
		       "in %llu KiB of memory", g->image, (unsigned long long)(m->end - m->start),
		       (unsigned long long)g->load, (unsigned long long)(vm->memory / KiB));
		vm_fail(vm, why);
		return false;
	}
	return true;
}

static bool cpus_ready(struct vm *vm)
{
	char why[120];

	for (unsigned i = 0; i < vm->cfg->cpus.count; i++) {
		unsigned cpu = vm->cfg->cpus.cpu[i];

		if (cpu >= nr_cpus || percpu[cpu].state != CPU_ONLINE || !percpu[cpu].vmxon_region) {
			format(why, sizeof(why), "CPU %u is not online in VMX root operation", cpu);
			vm_fail(vm, why);
			return false;
		}
	}
	return true;
}

static bool vm_build(struct vm *vm, const struct manifest_guest *g)
{
	memcpy(vm->name, g->name, sizeof(vm->name));
	vm->cfg = g;
	vm->memory = g->memory;
	vm->watchdog_ticks = g->watchdog_ms * cpu_tsc_khz();
	guest_ports_init(&vm->ports, vm->name, g->console == MANIFEST_CONSOLE_NONE);
	if (!cpus_ready(vm))
		return false;
	if (pt_init(&vm->ept, &pt_format_ept) || !map_memory(vm) || !vmx_vm_init(vm)) {
		vm_fail(vm, "out of memory");
		return false;
	}
	if (!load_image(vm))
		return false;
	vm->nr_vcpus = g->cpus.count;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->index = i;
		v->cpu = g->cpus.cpu[i];
	}
	log_info("vm %s: %llu MiB at GPA 0, image \"%s\" at 0x%llx, entry 0x%llx, %u vCPU%s",
		 vm->name, (unsigned long long)(vm->memory / MiB), g->image,
		 (unsigned long long)g->load, (unsigned long long)g->entry, vm->nr_vcpus,
		 vm->nr_vcpus == 1 ? "" : "s");
	return true;
}

unsigned vm_start_all(const struct manifest *m)
{
	unsigned started = 0;

	for (unsigned i = 0; i < m->vms.count && nr_vms < VM_MAX; i++) {
		struct vm *vm = &vms[nr_vms];

		if (!vmx_usable) {
			log_error("vm %s: not started: VMX is not available on this machine",
				  m->vms.guest[i].name);
			continue;
		}
		if (!vm_build(vm, &m->vms.guest[i]))
			continue;
		nr_vms++;
		started++;
		guest_started();
	}
	/* Hand the vCPUs out only once every VM is built: the count of running
	 * VMs must be final before any of them can stop. */
	for (unsigned i = 0; i < nr_vms; i++)
		for (unsigned j = 0; j < vms[i].nr_vcpus; j++) {
			struct vcpu *v = &vms[i].vcpus[j];

			percpu[v->cpu].vcpu = v;
			if (v->cpu != arch_cpu_index())
				apic_send_kick(percpu[v->cpu].apic_id);
		}
	return started;
}

void vm_stop(struct vm *vm, int status, const char *fmt, ...)
{
	char reason[200];
	va_list ap;
	spin_lock(&vm->lock);
	if (vm->state == VM_STOPPED) {
		spin_unlock(&vm->lock);
		return;
	}
	vm->state = VM_STOPPED;
	spin_unlock(&vm->lock);
	va_start(ap, fmt);
	vformat(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	log_info("vm %s: stopped (status %d): %s", vm->name, status, reason);
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].cpu != arch_cpu_index())
			apic_send_kick(percpu[vm->vcpus[i].cpu].apic_id);
	guest_stopped();
}

struct vm *vm_at(unsigned i)
{
	return i < __atomic_load_n(&nr_vms, __ATOMIC_ACQUIRE) ? &vms[i] : NULL;
}

struct vm *vm_find(const char *name)
{
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++)
		if (strcmp(vm->name, name) == 0)
			return vm;
	return NULL;
}
