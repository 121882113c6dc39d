/* Multiboot2 parser: realistic BIOS and UEFI GRUB blocks, and hostile ones.
 * Every block is copied into an exactly-sized heap buffer, so ASan reports
 * any read past its end. */
#include "shim.h"
#include "../../hv/multiboot2.c"
#include "test.h"

static struct {
	uint8_t buf[64 * 1024];
	size_t len;
	uint8_t *heap; /* the exact-size copy handed to the parser */
} mb;

static struct boot_info bi;

#define CHECK_NO_LOG()                                                \
	do {                                                          \
		if (shim_log[0])                                      \
			printf("  unexpected log:\n%s", shim_log);   \
		CHECK(shim_log[0] == '\0');                          \
	} while (0)

static void mb_begin(void)
{
	memset(mb.buf, 0, sizeof(mb.buf));
	mb.len = 8;
	shim_log_clear();
}

/* Appends a tag whose size field is size (normally 8 + payload length) and
 * pads it to 8 bytes with 0xAA, so strings never end in padding by luck. */
static void mb_tag_sized(uint32_t type, uint32_t size, const void *payload,
			 size_t payload_len)
{
	struct mb2_tag t = { type, size };

	memcpy(mb.buf + mb.len, &t, sizeof(t));
	if (payload_len)
		memcpy(mb.buf + mb.len + 8, payload, payload_len);
	mb.len += 8 + payload_len;
	while (mb.len % 8)
		mb.buf[mb.len++] = 0xAA;
}

static void mb_tag(uint32_t type, const void *payload, size_t payload_len)
{
	mb_tag_sized(type, 8 + payload_len, payload, payload_len);
}

static void mb_string(uint32_t type, const char *s)
{
	mb_tag(type, s, strlen(s) + 1);
}

static void mb_module(uint32_t start, uint32_t end, const char *s)
{
	uint8_t p[256];

	memcpy(p, &start, 4);
	memcpy(p + 4, &end, 4);
	memcpy(p + 8, s, strlen(s) + 1);
	mb_tag(MB2_TAG_MODULE, p, 8 + strlen(s) + 1);
}

struct e820 {
	uint64_t base, len;
	uint32_t type;
};

static void mb_mmap(const struct e820 *e, unsigned n)
{
	static uint8_t p[16 * 1024];
	uint32_t hdr[2] = { sizeof(struct mb2_mmap_entry), 0 };

	memcpy(p, hdr, 8);
	for (unsigned i = 0; i < n; i++) {
		struct mb2_mmap_entry me = { e[i].base, e[i].len, e[i].type, 0 };
		memcpy(p + 8 + i * sizeof(me), &me, sizeof(me));
	}
	mb_tag(MB2_TAG_MMAP, p, 8 + n * sizeof(struct mb2_mmap_entry));
}

struct efi {
	uint32_t type;
	uint64_t base, pages;
};

#define EFI_DESC_SIZE 48 /* what OVMF and most firmware use */

static void mb_efi_mmap(const struct efi *d, unsigned n)
{
	static uint8_t p[40 * 1024];
	uint32_t hdr[2] = { EFI_DESC_SIZE, 1 };

	memset(p, 0, sizeof(p));
	memcpy(p, hdr, 8);
	for (unsigned i = 0; i < n; i++) {
		struct efi_memory_descriptor ed = {
			.type = d[i].type, .phys_start = d[i].base,
			.virt_start = 0, .num_pages = d[i].pages,
			.attribute = 0xf,
		};
		memcpy(p + 8 + i * EFI_DESC_SIZE, &ed, sizeof(ed));
	}
	mb_tag(MB2_TAG_EFI_MMAP, p, 8 + n * EFI_DESC_SIZE);
}

static void mb_rsdp(uint32_t type, char fill)
{
	uint8_t r[36];

	memset(r, fill, sizeof(r));
	memcpy(r, "RSD PTR ", 8);
	mb_tag(type, r, type == MB2_TAG_ACPI_OLD ? 20 : 36);
}

/* Sets total_size to the current length (plus an end tag when end) and
 * returns the parser's result on an exact-size heap copy. */
static enum mb2_result mb_parse_raw(bool end, size_t avail_extra)
{
	uint32_t total;

	if (end)
		mb_tag_sized(MB2_TAG_END, 8, NULL, 0);
	total = mb.len;
	memcpy(mb.buf, &total, 4);
	free(mb.heap);
	mb.heap = malloc(mb.len + avail_extra);
	memcpy(mb.heap, mb.buf, mb.len);
	return mb2_parse(mb.heap, mb.len + avail_extra, 0x10000, &bi);
}

static enum mb2_result mb_parse(void)
{
	return mb_parse_raw(true, 0);
}

static void check_range(unsigned i, uint64_t base, uint64_t size,
			enum mem_type type)
{
	CHECK(i < bi.nr_mem);
	CHECK_EQ(bi.mem[i].base, base);
	CHECK_EQ(bi.mem[i].size, size);
	CHECK_EQ(bi.mem[i].type, type);
}

TEST(bios_grub_block)
{
	static const struct e820 map[] = {
		{ 0x0, 0x9fc00, 1 },
		{ 0x9fc00, 0x400, 2 },
		{ 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x1fee0000, 1 },
		{ 0x1ffe0000, 0x20000, 3 },
		{ 0xfffc0000, 0x40000, 2 },
		{ 0x180000000, 0x1000, 12 }, /* unknown e820 type */
	};
	uint32_t meminfo[2] = { 639, 523136 };

	mb_begin();
	mb_string(MB2_TAG_CMDLINE, "console=ttyS0 loglevel=debug");
	mb_string(MB2_TAG_LOADER_NAME, "GRUB 2.06-13+deb12u1");
	mb_module(0x200000, 0x200400, "manifest");
	mb_module(0x201000, 0x281000, "td0");
	mb_tag(MB2_TAG_BASIC_MEMINFO, meminfo, sizeof(meminfo));
	mb_mmap(map, ARRAY_SIZE(map));
	mb_tag(MB2_TAG_FRAMEBUFFER, "\1\2\3\4\5\6\7", 7); /* ignored */
	mb_rsdp(MB2_TAG_ACPI_OLD, 'x');
	CHECK_EQ(mb_parse(), MB2_OK);

	CHECK_EQ(bi.nr_errors, 0);
	CHECK_NO_LOG();
	CHECK_EQ(bi.info_start, 0x10000);
	CHECK_EQ(bi.info_end, 0x10000 + mb.len);
	CHECK_STR(bi.cmdline, "console=ttyS0 loglevel=debug");
	CHECK_STR(bi.loader_name, "GRUB 2.06-13+deb12u1");
	CHECK_EQ(bi.nr_modules, 2);
	CHECK_EQ(bi.modules[0].start, 0x200000);
	CHECK_EQ(bi.modules[0].end, 0x200400);
	CHECK_STR(bi.modules[0].string, "manifest");
	CHECK_STR(bi.modules[1].string, "td0");
	CHECK(boot_find_module(&bi, "manifest") == &bi.modules[0]);
	CHECK(boot_find_module(&bi, "td0") == &bi.modules[1]);
	CHECK(boot_find_module(&bi, "td") == NULL);
	CHECK(boot_find_module(&bi, "manifestx") == NULL);
	CHECK(!bi.mem_from_efi);
	CHECK(!bi.efi_boot);
	CHECK_EQ(bi.nr_mem, 7);
	check_range(0, 0x0, 0x9fc00, MEM_USABLE);
	check_range(1, 0x9fc00, 0x400, MEM_RESERVED);
	check_range(2, 0xf0000, 0x10000, MEM_RESERVED);
	check_range(3, 0x100000, 0x1fee0000, MEM_USABLE);
	check_range(4, 0x1ffe0000, 0x20000, MEM_ACPI_RECLAIM);
	check_range(5, 0xfffc0000, 0x40000, MEM_RESERVED);
	check_range(6, 0x180000000, 0x1000, MEM_RESERVED);
	CHECK_EQ(bi.rsdp_len, 20);
	CHECK(memcmp(bi.rsdp, "RSD PTR xxxxxxxxxxxx", 20) == 0);
}

/* What GRUB's UEFI build passes after ExitBootServices: both maps, EFI64,
 * both ACPI tags. The EFI map is fragmented and unsorted. */
TEST(uefi_grub_block)
{
	static const struct efi efimap[] = {
		{ EFI_BOOT_SERVICES_CODE, 0x0, 1 },
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9e },
		{ EFI_BOOT_SERVICES_DATA, 0x9f000, 1 },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700 },
		{ EFI_ACPI_MEMORY_NVS, 0x800000, 8 },
		{ EFI_CONVENTIONAL_MEMORY, 0x808000, 8 },
		{ EFI_LOADER_DATA, 0x810000, 0xf0 },
		{ EFI_LOADER_CODE, 0x900000, 0x100 },
		{ EFI_BOOT_SERVICES_DATA, 0xa00000, 0x600 },
		{ EFI_RUNTIME_SERVICES_DATA, 0x1000000, 0x10 },
		{ EFI_RUNTIME_SERVICES_CODE, 0x1010000, 0x10 },
		{ EFI_ACPI_RECLAIM_MEMORY, 0x1020000, 4 },
		{ EFI_RESERVED_MEMORY, 0x1024000, 4 },
		{ EFI_UNUSABLE_MEMORY, 0x1028000, 1 },
		{ EFI_PERSISTENT_MEMORY, 0x2000000, 0x1000 },
		{ EFI_UNACCEPTED_MEMORY, 0x3000000, 0x1000 },
		{ EFI_PAL_CODE, 0x4100000, 1 },
		{ EFI_MEMORY_MAPPED_IO, 0xffc00000, 0x400 },
		{ EFI_MEMORY_MAPPED_IO_PORT_SPACE, 0xfec00000, 1 },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000000, 0x40000 },
		{ EFI_BOOT_SERVICES_DATA, 0x140000000, 0x100 },
		{ EFI_CONVENTIONAL_MEMORY, 0x1029000, 0 }, /* empty */
		{ 0x80000001, 0x5000000, 1 }, /* OEM type */
	};
	static const struct e820 legacy[] = { { 0, 0x1000, 1 } };
	uint64_t st = 0x7f9ee018;

	mb_begin();
	mb_string(MB2_TAG_CMDLINE, "");
	mb_string(MB2_TAG_LOADER_NAME, "GRUB 2.06");
	mb_module(0x900000, 0x900100, "manifest");
	mb_tag(MB2_TAG_EFI64, &st, sizeof(st));
	mb_rsdp(MB2_TAG_ACPI_NEW, 'n');
	mb_rsdp(MB2_TAG_ACPI_OLD, 'o'); /* the v2 copy wins in either order */
	mb_mmap(legacy, ARRAY_SIZE(legacy));
	mb_efi_mmap(efimap, ARRAY_SIZE(efimap));
	CHECK_EQ(mb_parse(), MB2_OK);

	CHECK_EQ(bi.nr_errors, 0);
	CHECK_NO_LOG();
	CHECK_STR(bi.cmdline, "");
	CHECK(bi.efi_boot);
	CHECK(bi.mem_from_efi);
	CHECK_EQ(bi.rsdp_len, 36);
	CHECK(memcmp(bi.rsdp, "RSD PTR nnnn", 12) == 0);
	CHECK_EQ(bi.nr_mem, 15);
	check_range(0, 0x0, 0xa0000, MEM_USABLE);
	check_range(1, 0x100000, 0x700000, MEM_USABLE);
	check_range(2, 0x800000, 0x8000, MEM_ACPI_NVS);
	check_range(3, 0x808000, 0x7f8000, MEM_USABLE);
	check_range(4, 0x1000000, 0x20000, MEM_RESERVED);
	check_range(5, 0x1020000, 0x4000, MEM_ACPI_RECLAIM);
	check_range(6, 0x1024000, 0x4000, MEM_RESERVED);
	check_range(7, 0x1028000, 0x1000, MEM_BAD);
	check_range(8, 0x2000000, 0x1000000, MEM_PERSISTENT);
	check_range(9, 0x3000000, 0x1000000, MEM_RESERVED);
	check_range(10, 0x4100000, 0x1000, MEM_RESERVED);
	check_range(11, 0x5000000, 0x1000, MEM_RESERVED);
	/* 0xfec00000 and 0xffc00000 are not adjacent */
	CHECK_EQ(bi.mem[12].base, 0xfec00000);
	check_range(13, 0xffc00000, 0x400000, MEM_RESERVED);
	check_range(14, 0x100000000, 0x40100000, MEM_USABLE);
}

TEST(uefi_large_fragmented_map_merges)
{
	static struct efi d[700];

	/* 700 descriptors alternating the four usable types merge into one. */
	for (unsigned i = 0; i < ARRAY_SIZE(d); i++) {
		static const uint32_t t[] = { EFI_CONVENTIONAL_MEMORY,
					      EFI_BOOT_SERVICES_DATA,
					      EFI_LOADER_DATA,
					      EFI_BOOT_SERVICES_CODE };
		unsigned j = ARRAY_SIZE(d) - 1 - i; /* descending order */
		d[i] = (struct efi){ t[i % 4], 0x100000 + j * 0x3000ull, 3 };
	}
	mb_begin();
	mb_efi_mmap(d, ARRAY_SIZE(d));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK_EQ(bi.nr_errors, 0);
	CHECK_EQ(bi.nr_mem, 1);
	check_range(0, 0x100000, 700 * 0x3000ull, MEM_USABLE);
}

TEST(overlapping_ranges_most_restrictive_wins)
{
	static const struct e820 map[] = {
		{ 0x0, 0x10000, 1 },
		{ 0x8000, 0x1000, 2 },     /* reserved inside usable */
		{ 0xc000, 0x8000, 3 },     /* ACPI reclaim over the usable end */
		{ 0x12000, 0x1000, 1 },    /* usable inside ACPI: loses */
		{ 0x20000, 0x1000, 5 },
		{ 0x1f000, 0x3000, 4 },    /* NVS around bad RAM */
	};

	mb_begin();
	mb_mmap(map, ARRAY_SIZE(map));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK_EQ(bi.nr_errors, 0);
	CHECK_EQ(bi.nr_mem, 7);
	check_range(0, 0x0, 0x8000, MEM_USABLE);
	check_range(1, 0x8000, 0x1000, MEM_RESERVED);
	check_range(2, 0x9000, 0x3000, MEM_USABLE);
	check_range(3, 0xc000, 0x8000, MEM_ACPI_RECLAIM);
	check_range(4, 0x1f000, 0x1000, MEM_ACPI_NVS);
	check_range(5, 0x20000, 0x1000, MEM_BAD);
	check_range(6, 0x21000, 0x1000, MEM_ACPI_NVS);
}

TEST(zero_size_tag_stops)
{
	mb_begin();
	mb_string(MB2_TAG_CMDLINE, "a");
	mb_tag_sized(MB2_TAG_LOADER_NAME, 0, "\0\0\0\0\0\0\0", 8);
	mb_string(MB2_TAG_CMDLINE, "not reached");
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 2 at offset 0x18: size 0 is smaller than a tag header; parsing stopped"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_STR(bi.cmdline, "a");
	CHECK_STR(bi.loader_name, "");
}

TEST(tag_size_past_total_stops)
{
	mb_begin();
	mb_tag_sized(MB2_TAG_CMDLINE, 0x100, "hello", 6);
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 1 at offset 0x8: size 256 runs past the block end (total size 32); parsing stopped"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_STR(bi.cmdline, "");
}

TEST(total_size_absurd)
{
	uint32_t total = 0x7fffffff;

	mb_begin();
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK_EQ(bi.nr_errors, 0);

	/* total_size patched after mb_parse_raw() wrote it */
	memcpy(mb.heap, &total, 4);
	shim_log_clear();
	CHECK_EQ(mb2_parse(mb.heap, mb.len, 0x10000, &bi), MB2_ERR_BLOCK);
	CHECK(shim_log_has("multiboot2: information block total size 2147483647 is outside [16, 1048576]"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_EQ(bi.info_end, bi.info_start);
	CHECK_STR(bi.cmdline, "");
	CHECK_STR(bi.loader_name, "");

	total = 8;
	memcpy(mb.heap, &total, 4);
	shim_log_clear();
	CHECK_EQ(mb2_parse(mb.heap, mb.len, 0, &bi), MB2_ERR_BLOCK);
	CHECK(shim_log_has("multiboot2: information block total size 8 is outside [16, 1048576]"));

	/* plausible, but more than the caller can map */
	total = 32;
	memcpy(mb.heap, &total, 4);
	shim_log_clear();
	CHECK_EQ(mb2_parse(mb.heap, mb.len, 0, &bi), MB2_ERR_BLOCK);
	CHECK(shim_log_has("multiboot2: information block total size 32 exceeds the 16 bytes available"));

	shim_log_clear();
	CHECK_EQ(mb2_parse(mb.heap, 4, 0, &bi), MB2_ERR_BLOCK);
	CHECK(shim_log_has("multiboot2: 4 bytes are too few for an information block"));
}

TEST(missing_end_tag)
{
	mb_begin();
	mb_string(MB2_TAG_CMDLINE, "console=ttyS1");
	CHECK_EQ(mb_parse_raw(false, 0), MB2_OK);
	CHECK(shim_log_has("multiboot2: no end tag within the block's 32 bytes"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_STR(bi.cmdline, "console=ttyS1");

	/* total size not a multiple of 8: the tag's padding runs past it */
	mb_begin();
	mb_tag(MB2_TAG_CMDLINE, "abc", 4);
	mb.len = 20;
	CHECK_EQ(mb_parse_raw(false, 0), MB2_OK);
	CHECK(shim_log_has("multiboot2: no end tag within the block's 20 bytes"));
	CHECK_STR(bi.cmdline, "abc");
}

TEST(end_tag_wrong_size)
{
	mb_begin();
	mb_tag_sized(MB2_TAG_END, 16, "\0\0\0\0\0\0\0\0", 8);
	CHECK_EQ(mb_parse_raw(false, 0), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 0 at offset 0x8: end tag size 16, expected 8"));
	CHECK_EQ(bi.nr_errors, 1);
}

TEST(trailing_bytes_after_end_tag_ignored)
{
	mb_begin();
	mb_tag_sized(MB2_TAG_END, 8, NULL, 0);
	mb_tag_sized(MB2_TAG_EFI_BS, 8, NULL, 0);
	CHECK_EQ(mb_parse_raw(false, 0), MB2_OK);
	CHECK_EQ(bi.nr_errors, 0);
}

TEST(mmap_entry_size_zero)
{
	uint32_t p[2] = { 0, 0 };

	mb_begin();
	mb_tag(MB2_TAG_MMAP, p, sizeof(p));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 6 at offset 0x8: entry size 0 is smaller than 24; tag ignored"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_EQ(bi.nr_mem, 0);
}

TEST(mmap_entry_larger_than_tag)
{
	uint8_t p[8 + 24];
	uint32_t hdr[2] = { 48, 0 };
	struct mb2_mmap_entry e = { 0, 0x1000, 1, 0 };

	memcpy(p, hdr, 8);
	memcpy(p + 8, &e, sizeof(e));
	mb_begin();
	mb_tag(MB2_TAG_MMAP, p, sizeof(p));
	/* at the very end, with no end tag: a 48-byte read would overrun */
	CHECK_EQ(mb_parse_raw(false, 0), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 6 at offset 0x8: 24 bytes of entries are not a whole number of 48-byte entries; tag ignored"));
	CHECK_EQ(bi.nr_errors, 2); /* and no end tag */
	CHECK_EQ(bi.nr_mem, 0);
}

TEST(mmap_tag_too_small)
{
	uint32_t p[1] = { 24 };

	mb_begin();
	mb_tag(MB2_TAG_EFI_MMAP, p, sizeof(p));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 17 at offset 0x8: size 12 is too small for a memory map tag"));
	CHECK_EQ(bi.nr_errors, 1);
}

TEST(bad_efi_map_falls_back_to_legacy)
{
	static const struct e820 legacy[] = { { 0x100000, 0x100000, 1 } };
	uint32_t p[2] = { 32, 1 }; /* shorter than an EFI descriptor */

	mb_begin();
	mb_mmap(legacy, ARRAY_SIZE(legacy));
	mb_tag(MB2_TAG_EFI_MMAP, p, sizeof(p));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 17 at offset 0x30: entry size 32 is smaller than 40; tag ignored"));
	CHECK(!bi.mem_from_efi);
	CHECK_EQ(bi.nr_mem, 1);
	check_range(0, 0x100000, 0x100000, MEM_USABLE);
}

TEST(mmap_entries_that_wrap)
{
	static const struct e820 map[] = {
		{ 0xfffffffffffff000ull, 0x2000, 1 },
		{ 0xfffffffffffff000ull, 0x1000, 2 }, /* ends at 2^64: not representable */
		{ 0x1000, 0x1000, 1 },
	};
	static const struct efi efimap[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 1ull << 60 },
		{ EFI_CONVENTIONAL_MEMORY, 0x2000, 1 },
	};

	mb_begin();
	mb_mmap(map, ARRAY_SIZE(map));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: memory map entry 0 (base 0xfffffffffffff000, size 0x2000) wraps around; ignored"));
	CHECK(shim_log_has("multiboot2: memory map entry 1 (base 0xfffffffffffff000, size 0x1000) wraps around; ignored"));
	CHECK_EQ(bi.nr_errors, 2);
	CHECK_EQ(bi.nr_mem, 1);
	check_range(0, 0x1000, 0x1000, MEM_USABLE);

	mb_begin();
	mb_efi_mmap(efimap, ARRAY_SIZE(efimap));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: EFI memory descriptor 0 (base 0x1000, 0x1000000000000000 pages) is too large; ignored"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_EQ(bi.nr_mem, 1);
}

TEST(too_many_mmap_ranges)
{
	static struct e820 map[300];

	for (unsigned i = 0; i < ARRAY_SIZE(map); i++)
		map[i] = (struct e820){ i * 0x2000ull, 0x1000, 1 + i % 2 };
	mb_begin();
	mb_mmap(map, ARRAY_SIZE(map));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: memory map needs more than 256 ranges; 44 entries dropped"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_EQ(bi.nr_mem, 256);
	for (unsigned i = 0; i < 256; i++)
		check_range(i, i * 0x2000ull, 0x1000, 1 + i % 2);
}

TEST(full_map_keeps_ranges_when_insert_would_split)
{
	static struct e820 map[257];

	for (unsigned i = 0; i < 256; i++)
		map[i] = (struct e820){ i * 0x2000ull, 0x1000, 1 };
	/* splitting the first range needs two more slots: dropped, the
	 * first range stays whole */
	map[256] = (struct e820){ 0x800, 0x100, 2 };
	mb_begin();
	mb_mmap(map, ARRAY_SIZE(map));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: memory map needs more than 256 ranges; 1 entries dropped"));
	CHECK_EQ(bi.nr_mem, 256);
	check_range(0, 0, 0x1000, MEM_USABLE);
}

TEST(module_string_not_terminated)
{
	uint32_t p[4] = { 0x1000, 0x2000, 0x64636261, 0x68676665 };

	mb_begin();
	mb_tag(MB2_TAG_MODULE, p, sizeof(p));
	/* the tag ends the heap buffer, so a read past "abcdefgh" trips ASan */
	CHECK_EQ(mb_parse_raw(false, 0), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 3 at offset 0x8: string is not NUL-terminated within the tag"));
	CHECK(shim_log_has("multiboot2: no end tag within the block's 32 bytes"));
	CHECK_EQ(bi.nr_errors, 2);
	CHECK_EQ(bi.nr_modules, 0);
}

TEST(string_not_terminated_before_padding)
{
	mb_begin();
	mb_tag(MB2_TAG_CMDLINE, "hello", 5); /* padding is 0xAA, then the end tag */
	mb_tag(MB2_TAG_LOADER_NAME, "", 0);
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 1 at offset 0x8: string is not NUL-terminated within the tag"));
	CHECK(shim_log_has("multiboot2: tag 2 at offset 0x18: string is not NUL-terminated within the tag"));
	CHECK_EQ(bi.nr_errors, 2);
	CHECK_STR(bi.cmdline, "");
	CHECK_STR(bi.loader_name, "");
}

TEST(module_tag_too_small)
{
	uint32_t p[1] = { 0x1000 };

	mb_begin();
	mb_tag(MB2_TAG_MODULE, p, sizeof(p));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 3 at offset 0x8: size 12 is too small for this tag type"));
	CHECK_EQ(bi.nr_modules, 0);
}

TEST(module_end_below_start)
{
	mb_begin();
	mb_module(0x2000, 0x1000, "manifest");
	mb_module(0x3000, 0x3000, ""); /* empty module, empty string: fine */
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 3 at offset 0x8: module end 0x1000 is below its start 0x2000; module ignored"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_EQ(bi.nr_modules, 1);
	CHECK_STR(bi.modules[0].string, "");
	CHECK(boot_find_module(&bi, "manifest") == NULL);
	CHECK(boot_find_module(&bi, "") == &bi.modules[0]);
}

TEST(too_many_modules)
{
	mb_begin();
	for (unsigned i = 0; i < BOOT_MAX_MODULES + 1; i++)
		mb_module(0x100000 + i * 0x1000, 0x100000 + i * 0x1000 + 1,
			  i == BOOT_MAX_MODULES ? "manifest" : "m");
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 3 at offset 0x308: more than 32 modules; module \"manifest\" ignored"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK_EQ(bi.nr_modules, 32);
}

TEST(efi_boot_services_not_terminated)
{
	uint64_t st = 0x7f9ee018;

	mb_begin();
	mb_tag(MB2_TAG_EFI64, &st, sizeof(st));
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_string(MB2_TAG_CMDLINE, "still parsed");
	CHECK_EQ(mb_parse(), MB2_ERR_EFI_BS);
	CHECK(shim_log_has("multiboot2: tag 18 at offset 0x18: EFI boot services were not terminated; the firmware still owns memory"));
	CHECK_EQ(bi.nr_errors, 1);
	CHECK(bi.efi_boot);
	CHECK_STR(bi.cmdline, "still parsed");
}

TEST(small_efi_and_acpi_tags)
{
	uint32_t st32 = 0x7f9ee018;

	mb_begin();
	mb_tag(MB2_TAG_EFI64, &st32, sizeof(st32));
	mb_tag(MB2_TAG_ACPI_NEW, "RSD PTR \0\0\0\0\0\0\0\0\0\0\0\0", 20);
	mb_tag(MB2_TAG_ACPI_OLD, "RSD PTR ", 8);
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(shim_log_has("multiboot2: tag 12 at offset 0x8: size 12 is below 16"));
	CHECK(shim_log_has("multiboot2: tag 15 at offset 0x18: size 28 is too small for a 36-byte RSDP"));
	CHECK(shim_log_has("multiboot2: tag 14 at offset 0x38: size 16 is too small for a 20-byte RSDP"));
	CHECK_EQ(bi.nr_errors, 3);
	CHECK(!bi.efi_boot);
	CHECK_EQ(bi.rsdp_len, 0);

	mb_begin();
	mb_tag(MB2_TAG_EFI32, &st32, sizeof(st32));
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK(bi.efi_boot);
	CHECK_EQ(bi.nr_errors, 0);
}

TEST(later_tag_wins)
{
	mb_begin();
	mb_string(MB2_TAG_CMDLINE, "first");
	mb_string(MB2_TAG_CMDLINE, "second");
	mb_rsdp(MB2_TAG_ACPI_OLD, '1');
	mb_rsdp(MB2_TAG_ACPI_OLD, '2');
	CHECK_EQ(mb_parse(), MB2_OK);
	CHECK_STR(bi.cmdline, "second");
	CHECK_EQ(bi.rsdp_len, 20);
	CHECK_EQ(bi.rsdp[19], '2');
}

/* Inputs the fuzzer found are added below as regression cases. */
