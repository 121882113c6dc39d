/* What firmware tables told us about the machine. */
#ifndef HV_PLATFORM_H
#define HV_PLATFORM_H

#include "boot_info.h"
#include "mm/range_set.h"

#define PLATFORM_MAX_CPUS 256

struct platform_cpu {
	uint32_t apic_id;
	uint32_t acpi_uid;
};

struct platform {
	struct platform_cpu cpus[PLATFORM_MAX_CPUS];   /* MADT order */
	unsigned nr_cpus;
	paddr_t lapic_base;
	bool has_8259;
	struct range_set acpi_ranges;   /* tables kept out of the allocator */
};

/* Finds the RSDP (multiboot2 tag, else the BIOS areas), reads the MADT.
 * Tables at or above limit are not touched. */
bool acpi_discover(const struct boot_info *bi, paddr_t limit, struct platform *out);

#endif
