/* ACPI table discovery, as much as the hypervisor needs: the RSDP, the
 * RSDT/XSDT, and the MADT's CPUs and local APIC address (ACPI 6.5, chapter
 * 5.2). Tables are firmware input: each is bounds- and checksum-checked
 * before any field is trusted, and read through phys_to_virt() only below a
 * caller-given limit (the early map covers the low 4 GiB). */
#ifndef HV_ARCH_X86_ACPI_H
#define HV_ARCH_X86_ACPI_H

#include "../../types.h"

#define ACPI_RSDP_SIGNATURE "RSD PTR "
#define ACPI_RSDP_V1_LEN    20
#define ACPI_RSDP_V2_LEN    36
#define ACPI_TABLE_MAX_LEN  (1u * 1024 * 1024) /* longer is taken as corrupt */

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;      /* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision;      /* 0: ACPI 1.0 (20 bytes); >= 2: the fields below */
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t ext_checksum;  /* over length bytes */
	uint8_t reserved[3];
} __packed;

struct acpi_sdt_header {
	char signature[4];
	uint32_t length;       /* including this header */
	uint8_t revision;
	uint8_t checksum;      /* over length bytes */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_sdt_header hdr;
	uint32_t lapic_address;
	uint32_t flags;
	/* interrupt controller structures follow */
} __packed;

#define ACPI_MADT_PCAT_COMPAT BIT(0) /* dual 8259 PICs present */

enum acpi_madt_type {
	ACPI_MADT_LAPIC = 0,
	ACPI_MADT_IOAPIC = 1,
	ACPI_MADT_INT_OVERRIDE = 2,
	ACPI_MADT_NMI_SOURCE = 3,
	ACPI_MADT_LAPIC_NMI = 4,
	ACPI_MADT_LAPIC_OVERRIDE = 5,
	ACPI_MADT_X2APIC = 9,
	ACPI_MADT_X2APIC_NMI = 10,
};

struct acpi_madt_entry {
	uint8_t type;
	uint8_t length;
} __packed;

/* Flags of the LAPIC and x2APIC entries. */
#define ACPI_MADT_CPU_ENABLED        BIT(0)
#define ACPI_MADT_CPU_ONLINE_CAPABLE BIT(1) /* may be enabled at run time */

struct acpi_madt_lapic {
	struct acpi_madt_entry e;
	uint8_t processor_uid;
	uint8_t apic_id;
	uint32_t flags;
} __packed;

struct acpi_madt_lapic_override {
	struct acpi_madt_entry e;
	uint16_t reserved;
	uint64_t address;
} __packed;

struct acpi_madt_x2apic {
	struct acpi_madt_entry e;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t processor_uid;
} __packed;

_Static_assert(sizeof(struct acpi_rsdp) == ACPI_RSDP_V2_LEN, "acpi_rsdp");
_Static_assert(sizeof(struct acpi_sdt_header) == 36, "acpi_sdt_header");
_Static_assert(sizeof(struct acpi_madt) == 44, "acpi_madt");
_Static_assert(sizeof(struct acpi_madt_entry) == 2, "acpi_madt_entry");
_Static_assert(sizeof(struct acpi_madt_lapic) == 8, "acpi_madt_lapic");
_Static_assert(sizeof(struct acpi_madt_lapic_override) == 12,
	       "acpi_madt_lapic_override");
_Static_assert(sizeof(struct acpi_madt_x2apic) == 16, "acpi_madt_x2apic");

#define ACPI_MAX_CPUS 256 /* a sensible capacity for acpi_info.cpus */

struct acpi_cpu {
	uint32_t apic_id;  /* x2APIC id; an xAPIC id is its low 8 bits */
	uint32_t uid;      /* ACPI processor UID */
	bool enabled;      /* false: online-capable only, not started by firmware */
};

/* A physical range [start, end) that the parser read. */
struct acpi_table_range {
	paddr_t start, end;
	char signature[5]; /* "RSDP", "XSDT", ...; '?' for unprintable bytes */
};

struct acpi_info {
	/* Filled by the caller: where to put the results, and how many fit. */
	struct acpi_cpu *cpus;
	unsigned max_cpus;
	struct acpi_table_range *tables;
	unsigned max_tables;

	/* Filled by acpi_parse(). */
	unsigned nr_cpus;          /* enabled or online-capable, no duplicates */
	unsigned cpus_dropped;     /* listed CPUs that did not fit (reported) */
	unsigned nr_tables;
	paddr_t lapic_base;        /* MADT header, or its 64-bit override entry */
	bool pic_present;          /* MADT PCAT_COMPAT flag */
	bool have_madt;
	unsigned nr_errors;        /* corrupt tables and entries (log_error) */
	unsigned nr_skipped;       /* tables beyond the limit (log_warn) */
};

/* Checks the signature, the v1 checksum and, for revision >= 2 when len >=
 * 36, the length and extended checksum. Reports what is wrong. A revision-2
 * RSDP given as a 20-byte copy (multiboot2's old ACPI tag) is valid as v1. */
bool acpi_rsdp_valid(const void *rsdp, size_t len);

/* BIOS only: scans the first KiB of the EBDA (its segment is the 16-bit word
 * at physical 0x40E) and then 0xE0000-0xFFFFF, on 16-byte boundaries, for a
 * valid RSDP. Reads through phys_to_virt(). */
bool acpi_find_rsdp_bios(paddr_t *out);

/*
 * Walks the tables from the RSDP (len bytes at rsdp: a copy such as
 * boot_info.rsdp with boot_info.rsdp_len, or phys_to_virt() of what
 * acpi_find_rsdp_bios() found with ACPI_RSDP_V2_LEN). rsdp_pa is the RSDP's
 * physical address, recorded in info->tables; 0 when rsdp is a copy. The XSDT is used when the RSDP is revision >= 2 and gives
 * one, else (or when the XSDT is unusable) the RSDT. Every table must lie
 * entirely below limit or it is skipped unread.
 *
 * info->tables receives every range read (the RSDP, the root table, each
 * table whose header was checked), so the memory layer can keep them out of
 * the allocator. Returns true when a MADT was found and parsed; the CPU list
 * is then in info->cpus in MADT order.
 */
bool acpi_parse(const void *rsdp, size_t len, paddr_t rsdp_pa, paddr_t limit,
		struct acpi_info *info);

#endif
