/* Firmware discovery for the boot path: RSDP from the multiboot2 tag (the
 * only way under UEFI) or the BIOS areas, then the MADT's CPU list. */
#include "acpi.h"
#include "../../log.h"
#include "../../mm/phys.h"
#include "../../platform.h"

#define MAX_ACPI_TABLES 64

bool acpi_discover(const struct boot_info *bi, paddr_t limit, struct platform *out)
{
	static struct acpi_cpu cpus[PLATFORM_MAX_CPUS];
	static struct acpi_table_range tables[MAX_ACPI_TABLES];
	struct acpi_info info = {
		.cpus = cpus, .max_cpus = PLATFORM_MAX_CPUS,
		.tables = tables, .max_tables = MAX_ACPI_TABLES,
	};
	paddr_t rsdp_pa = 0;
	bool found;

	if (bi->rsdp_len) {
		found = acpi_parse(bi->rsdp, bi->rsdp_len, 0, limit, &info);
	} else if (!bi->efi_boot && acpi_find_rsdp_bios(&rsdp_pa)) {
		found = acpi_parse(phys_to_virt(rsdp_pa), ACPI_RSDP_V2_LEN, rsdp_pa, limit, &info);
	} else {
		log_warn("acpi: no RSDP (no multiboot2 ACPI tag%s)",
			 bi->efi_boot ? "" : " and none in the BIOS areas");
		return false;
	}
	for (unsigned i = 0; i < info.nr_tables; i++)
		range_set_add(&out->acpi_ranges, tables[i].start, tables[i].end);
	if (!found)
		return false;
	out->lapic_base = info.lapic_base;
	out->has_8259 = info.pic_present;
	for (unsigned i = 0; i < info.nr_cpus; i++) {
		if (!cpus[i].enabled)
			continue;       /* online-capable: not present at boot */
		out->cpus[out->nr_cpus].apic_id = cpus[i].apic_id;
		out->cpus[out->nr_cpus].acpi_uid = cpus[i].uid;
		out->nr_cpus++;
	}
	return true;
}
