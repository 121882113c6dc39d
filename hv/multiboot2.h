/* The multiboot2 boot information format (Multiboot2 specification 2.0,
 * section 3.6) and its parser into struct boot_info. The layouts are the
 * loader's, so they are packed and size-checked; the parser reads them
 * through these structs only after checking that they fit in their tag. */
#ifndef HV_MULTIBOOT2_H
#define HV_MULTIBOOT2_H

#include "boot_info.h"

/* EAX on entry from a multiboot2 loader. */
#define MB2_BOOTLOADER_MAGIC 0x36d76289u

/* The parser refuses blocks larger than this: a GRUB block with hundreds of
 * EFI descriptors is a few tens of KiB. */
#define MB2_INFO_MAX_SIZE (1u * 1024 * 1024)
#define MB2_INFO_MIN_SIZE 16u /* the fixed header and an end tag */
#define MB2_TAG_ALIGN     8u

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_BOOTDEV = 5,
	MB2_TAG_MMAP = 6,
	MB2_TAG_VBE = 7,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ELF_SECTIONS = 9,
	MB2_TAG_APM = 10,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_SMBIOS = 13,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_NETWORK = 16,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18, /* EFI boot services not terminated */
	MB2_TAG_EFI32_IH = 19,
	MB2_TAG_EFI64_IH = 20,
	MB2_TAG_LOAD_BASE_ADDR = 21,
};

/* Legacy (e820-style) memory map entry types. */
enum mb2_mmap_type {
	MB2_MMAP_AVAILABLE = 1,
	MB2_MMAP_RESERVED = 2,
	MB2_MMAP_ACPI_RECLAIM = 3,
	MB2_MMAP_NVS = 4,
	MB2_MMAP_BADRAM = 5,
	MB2_MMAP_PERSISTENT = 7, /* e820 type 7, passed through by GRUB */
};

/* UEFI 2.10 EFI_MEMORY_TYPE. */
enum efi_memory_type {
	EFI_RESERVED_MEMORY = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_RUNTIME_SERVICES_CODE = 5,
	EFI_RUNTIME_SERVICES_DATA = 6,
	EFI_CONVENTIONAL_MEMORY = 7,
	EFI_UNUSABLE_MEMORY = 8,
	EFI_ACPI_RECLAIM_MEMORY = 9,
	EFI_ACPI_MEMORY_NVS = 10,
	EFI_MEMORY_MAPPED_IO = 11,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE = 12,
	EFI_PAL_CODE = 13,
	EFI_PERSISTENT_MEMORY = 14,
	EFI_UNACCEPTED_MEMORY = 15,
};

#define EFI_PAGE_SHIFT 12

struct mb2_info_header {
	uint32_t total_size; /* including this header and the end tag */
	uint32_t reserved;
} __packed;

struct mb2_tag {
	uint32_t type;
	uint32_t size; /* including this header, excluding padding to 8 */
} __packed;

/* Tags 1 and 2: a NUL-terminated string follows the header. */
struct mb2_tag_string {
	struct mb2_tag tag;
	char string[];
} __packed;

struct mb2_tag_module {
	struct mb2_tag tag;
	uint32_t mod_start;
	uint32_t mod_end; /* exclusive, as GRUB fills it */
	char string[];
} __packed;

struct mb2_tag_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
	/* entries of entry_size bytes, each starting with mb2_mmap_entry */
} __packed;

struct mb2_mmap_entry {
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
} __packed;

struct mb2_tag_efi_mmap {
	struct mb2_tag tag;
	uint32_t descr_size;
	uint32_t descr_version;
	/* descriptors of descr_size bytes, each starting with efi_memory_descriptor */
} __packed;

struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t num_pages; /* 4 KiB pages, whatever the CPU's page size */
	uint64_t attribute;
} __packed;

struct mb2_tag_efi32 {
	struct mb2_tag tag;
	uint32_t pointer;
} __packed;

struct mb2_tag_efi64 {
	struct mb2_tag tag;
	uint64_t pointer;
} __packed;

/* Tags 14 and 15: a copy of the RSDP (v1: 20 bytes, v2: its length). */
struct mb2_tag_acpi {
	struct mb2_tag tag;
	uint8_t rsdp[];
} __packed;

_Static_assert(sizeof(struct mb2_info_header) == 8, "mb2_info_header");
_Static_assert(sizeof(struct mb2_tag) == 8, "mb2_tag");
_Static_assert(sizeof(struct mb2_tag_string) == 8, "mb2_tag_string");
_Static_assert(sizeof(struct mb2_tag_module) == 16, "mb2_tag_module");
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "mb2_tag_mmap");
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "mb2_mmap_entry");
_Static_assert(sizeof(struct mb2_tag_efi_mmap) == 16, "mb2_tag_efi_mmap");
_Static_assert(sizeof(struct efi_memory_descriptor) == 40, "efi_memory_descriptor");
_Static_assert(sizeof(struct mb2_tag_efi32) == 12, "mb2_tag_efi32");
_Static_assert(sizeof(struct mb2_tag_efi64) == 16, "mb2_tag_efi64");
_Static_assert(sizeof(struct mb2_tag_acpi) == 8, "mb2_tag_acpi");

/* mb2_parse() results. Tag-level problems do not fail the parse: each is
 * logged, counted in boot_info.nr_errors and skipped. */
enum mb2_result {
	MB2_OK = 0,
	MB2_ERR_BLOCK = -1,   /* no usable block: bad total size; out is empty */
	MB2_ERR_EFI_BS = -2,  /* the loader left EFI boot services running, so
			       * the firmware still owns memory; out is filled */
};

/*
 * Fills *out from the multiboot2 information block at info.
 *
 * avail bounds every read: the parser never touches info[avail] or beyond,
 * whatever total_size says. The boot path passes
 * MIN(MB2_INFO_MAX_SIZE, 4 GiB - info_pa), since its early map covers the low
 * 4 GiB; tests and the fuzzer pass their buffer's size.
 *
 * info_pa is the block's physical address (the caller knows it from EBX);
 * it is recorded as out->info_start, with out->info_end = info_pa +
 * total_size, so the memory layer can keep the block reserved: the strings in
 * *out point into it.
 *
 * The memory map comes from the EFI memory map tag when one is usable
 * (out->mem_from_efi), else from the legacy tag. Ranges come out sorted by
 * base, non-overlapping, with adjacent ranges of one type merged; where
 * firmware entries overlap, the more restrictive type wins (usable < ACPI
 * reclaim < persistent < ACPI NVS < reserved < bad). EFI loader and boot
 * services memory is reported usable (GRUB has exited boot services): that
 * includes the hypervisor image, the modules and this block, which the memory
 * layer must reserve itself. Tags that appear twice: the later one wins.
 */
enum mb2_result mb2_parse(const void *info, size_t avail, paddr_t info_pa,
			  struct boot_info *out);

#endif
