/* libFuzzer target for the multiboot2 parser. The input is copied into an
 * exactly-sized heap buffer so ASan sees any read past it, and the parser is
 * given that size as its bound. Unless bit 0 of the header's reserved word is
 * set, total_size is patched to the input size, so mutations explore the tags
 * rather than mostly failing the total-size check. */
#include "../unit/shim.h"
#include "../../hv/multiboot2.c"

static struct boot_info bi;

#define FUZZ_CHECK(cond)                                                  \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);               \
			abort();                                          \
		}                                                         \
	} while (0)

/* A string from the parser is either "" or NUL-terminated inside the block. */
static void check_string(const char *s, const uint8_t *buf, size_t size)
{
	FUZZ_CHECK(s != NULL);
	if ((const uint8_t *)s >= buf && (const uint8_t *)s < buf + size) {
		size_t room = buf + size - (const uint8_t *)s;
		FUZZ_CHECK(strnlen(s, room) < room);
	} else {
		FUZZ_CHECK(s[0] == '\0');
	}
}

static bool valid_type(enum mem_type t)
{
	return t == MEM_USABLE || t == MEM_RESERVED || t == MEM_ACPI_RECLAIM ||
	       t == MEM_ACPI_NVS || t == MEM_BAD || t == MEM_PERSISTENT;
}

static void check_invariants(const uint8_t *buf, size_t size,
			     enum mb2_result r)
{
	FUZZ_CHECK(r == MB2_OK || r == MB2_ERR_BLOCK || r == MB2_ERR_EFI_BS);
	FUZZ_CHECK(bi.info_start == 0x10000);
	FUZZ_CHECK(bi.info_end >= bi.info_start);
	FUZZ_CHECK(bi.info_end - bi.info_start <= size);
	FUZZ_CHECK(bi.nr_mem <= BOOT_MAX_MEM_RANGES);
	for (unsigned i = 0; i < bi.nr_mem; i++) {
		const struct mem_range *m = &bi.mem[i];

		FUZZ_CHECK(m->size > 0);
		FUZZ_CHECK(m->size <= UINT64_MAX - m->base);
		FUZZ_CHECK(valid_type(m->type));
		if (i + 1 < bi.nr_mem) {
			const struct mem_range *n = &bi.mem[i + 1];

			FUZZ_CHECK(m->base + m->size <= n->base);
			FUZZ_CHECK(m->base + m->size < n->base || m->type != n->type);
		}
	}
	FUZZ_CHECK(bi.nr_modules <= BOOT_MAX_MODULES);
	for (unsigned i = 0; i < bi.nr_modules; i++) {
		FUZZ_CHECK(bi.modules[i].start <= bi.modules[i].end);
		check_string(bi.modules[i].string, buf, size);
		FUZZ_CHECK(boot_find_module(&bi, bi.modules[i].string) != NULL);
	}
	check_string(bi.cmdline, buf, size);
	check_string(bi.loader_name, buf, size);
	FUZZ_CHECK(bi.rsdp_len == 0 || bi.rsdp_len == 20 || bi.rsdp_len == 36);
	if (r == MB2_ERR_BLOCK)
		FUZZ_CHECK(bi.nr_mem == 0 && bi.nr_modules == 0 && bi.nr_errors == 1);
	if (r == MB2_ERR_EFI_BS)
		FUZZ_CHECK(bi.nr_errors > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	enum mb2_result r;

	memcpy(buf, data, size);
	if (size >= 8 && !(buf[4] & 1)) {
		uint32_t total = size;
		memcpy(buf, &total, 4);
	}
	shim_log_clear();
	r = mb2_parse(buf, size, 0x10000, &bi);
	check_invariants(buf, size, r);
	free(buf);
	return 0;
}
