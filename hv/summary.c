/* Prints the boot summary. Tests and users grep these lines; keep their
 * wording stable (tests/boot/ checks them). */
#include "arch/x86/percpu.h"
#include "lib/format.h"
#include "log.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "summary.h"
#include "tdx/hkid.h"
#include "tdx/tdx.h"
#include "arch/x86/vmx_cpu.h"

static unsigned long long kib(uint64_t bytes)
{
	return (unsigned long long)(bytes / KiB);
}

static void print_memory(void)
{
	const struct memory_totals *t = mem_totals();
	const struct reservation *r;
	unsigned n;

	log_info("summary: memory: %llu KiB usable RAM, hypervisor image %llu KiB, "
		 "excluded %llu KiB, reserved %llu KiB, allocator %llu KiB (%llu KiB free)",
		 kib(t->ram), kib(t->image), kib(t->excluded), kib(t->reserved),
		 kib(t->managed), kib(page_alloc_free_pages() * PAGE_SIZE));
	r = mem_reservations(&n);
	for (unsigned i = 0; i < n; i++)
		log_info("summary: reserved range \"%s\": [0x%llx, 0x%llx)", r[i].name,
			 (unsigned long long)r[i].base,
			 (unsigned long long)(r[i].base + r[i].size));
}

static void print_cpus(void)
{
	uint32_t packages[MAX_CPUS];
	unsigned nr_packages = 0;

	for (unsigned i = 0; i < nr_cpus; i++) {
		const struct percpu *c = &percpu[i];
		bool seen = false;

		if (c->state != CPU_ONLINE) {
			log_info("summary: cpu%u: APIC id %u, offline (did not start)", i, c->apic_id);
			continue;
		}
		log_info("summary: cpu%u: APIC id %u, package %u", i, c->apic_id, c->package);
		for (unsigned p = 0; p < nr_packages; p++)
			seen |= packages[p] == c->package;
		if (!seen)
			packages[nr_packages++] = c->package;
	}
	log_info("summary: CPUs: %u online of %u, %u package%s", cpus_online(), nr_cpus,
		 nr_packages, nr_packages == 1 ? "" : "s");
}

static void print_tdx(void)
{
	const struct tdx_info *t = tdx_get_info();
	unsigned in_use, free_ids, leaked;

	if (t->state != TDX_READY) {
		log_info("summary: TDX: %s (%s)", t->state == TDX_FAILED ? "failed" : "unavailable",
			 t->why);
		return;
	}
	hkid_counts(&in_use, &free_ids, &leaked);
	log_info("summary: TDX: ready, %s module %u.%u, %u TDMR%s, PAMT %llu KiB, "
		 "%llu SEAMCALLs to initialize", t->emulated ? "EMULATED" : "hardware",
		 t->major, t->minor, t->nr_tdmrs, t->nr_tdmrs == 1 ? "" : "s",
		 (unsigned long long)(t->pamt_pages * 4), (unsigned long long)t->seamcalls);
	log_info("summary: TDX KeyIDs [%u, %u): global %u, %u in use, %u free, %u leaked",
		 t->keyid_start, t->keyid_start + t->nr_keyids, t->global_keyid, in_use,
		 free_ids, leaked);
}

void summary_print(const struct summary *s)
{
	char line[200];

	log_info("summary: ---- tdvisor %s boot summary ----", tdvisor_version);
	log_info("summary: boot: %s via %s, memory map from %s", s->bi->efi_boot ? "UEFI" : "BIOS",
		 s->bi->loader_name[0] ? s->bi->loader_name : "unknown loader",
		 s->bi->mem_from_efi ? "the EFI memory map" : "the BIOS (e820) map");
	print_memory();
	print_cpus();
	manifest_summary(s->manifest, line, sizeof(line));
	log_info("summary: %s", line);
	if (s->vmx.availability == VMX_AVAILABLE && vmx_usable)
		log_info("summary: VMX: available, root operation on %u of %u CPUs "
			 "(VMCS revision %u, EPT, unrestricted guest%s%s)",
			 vmx_cpus_in_root(), cpus_online(),
			 (unsigned)(s->vmx.vmx_basic & 0x7fffffff),
			 vmx_controls.vpid ? ", VPID" : "",
			 vmx_controls.preemption_timer ? ", preemption-timer watchdog" : "");
	else if (s->vmx.availability == VMX_AVAILABLE)
		log_info("summary: VMX: present but not usable for VMs (see the vmx: errors above)");
	else
		log_info("summary: VMX: %s", vmx_availability_text(s->vmx.availability));
	print_tdx();
	log_info("summary: boot complete at TSC %llu", (unsigned long long)s->tsc);
}
