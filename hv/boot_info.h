/* What the boot loader told us, in a loader-neutral form. Filled once by the
 * multiboot2 parser on the boot CPU, read-only afterwards. All addresses are
 * physical. Strings point into the multiboot2 information block, which the
 * memory layer keeps reserved for the hypervisor's lifetime. */
#ifndef HV_BOOT_INFO_H
#define HV_BOOT_INFO_H

#include "types.h"

enum mem_type {
	MEM_USABLE = 1,       /* RAM the hypervisor may use */
	MEM_RESERVED = 2,     /* firmware, MMIO holes, anything unknown */
	MEM_ACPI_RECLAIM = 3, /* ACPI tables: keep while we read them */
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
	MEM_PERSISTENT = 7,
};

struct mem_range {
	paddr_t base;
	uint64_t size;
	enum mem_type type;
};

struct boot_module {
	paddr_t start;
	paddr_t end;        /* exclusive */
	const char *string; /* e.g. "manifest"; never NULL (may be "") */
};

#define BOOT_MAX_MEM_RANGES 256
#define BOOT_MAX_MODULES    32

struct boot_info {
	paddr_t info_start, info_end;   /* the multiboot2 block itself */
	const char *cmdline;            /* never NULL (may be "") */
	const char *loader_name;        /* never NULL (may be "") */

	struct mem_range mem[BOOT_MAX_MEM_RANGES];
	unsigned nr_mem;
	bool mem_from_efi;              /* taken from the EFI memory map tag */
	bool efi_boot;                  /* an EFI system table tag was present */

	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned nr_modules;

	/* A copy of the RSDP from the ACPI tag (v1: 20 bytes, v2: 36). */
	uint8_t rsdp[36];
	unsigned rsdp_len;              /* 0: no ACPI tag */

	unsigned nr_errors;             /* malformed tags reported and skipped */
};

const struct boot_module *boot_find_module(const struct boot_info *bi,
					   const char *string);

#endif
