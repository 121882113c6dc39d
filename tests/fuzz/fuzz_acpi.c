/* libFuzzer target for the ACPI parser: the input is a fake physical memory image;
 * its first 36 bytes are the RSDP copy. Checksums are fixed up iteratively
 * (unless byte 15 (oem_id end) is odd) so the MADT walker gets explored. */
#include "../unit/shim.h"
#include "../../hv/arch/x86/acpi.c"

static struct acpi_cpu cpus[8];
static struct acpi_table_range tabs[8];

/* An invariant broken by some input: abort so libFuzzer keeps the input. */
#define FC(c) do { if (!(c)) { fprintf(stderr, "invariant %s\n", #c); abort(); } } while (0)

static void run(uint8_t *buf, size_t size, struct acpi_info *ai)
{
	memset(ai, 0, sizeof(*ai));
	ai->cpus = cpus; ai->max_cpus = 8; ai->tables = tabs; ai->max_tables = 8;
	shim_log_clear();
	acpi_parse(buf, size < 36 ? size : 36, 0, size, ai);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct acpi_info ai;
	paddr_t found;

	memcpy(buf, data, size);
	hv_direct_map_offset = (uintptr_t)buf;
	bool fix = !(size > 15 && (buf[14] & 1));
	if (fix && size >= 36) {
		buf[8] = 0; buf[8] = -checksum(buf, 20);
		buf[32] = 0; buf[32] = -checksum(buf, 36);
	}
	for (int round = 0; round < 8; round++) {
		run(buf, size, &ai);
		bool changed = false;
		for (unsigned i = 0; fix && i < ai.nr_tables; i++) {
			uint8_t *t = buf + ai.tables[i].start;
			size_t len = ai.tables[i].end - ai.tables[i].start;
			if (len >= 36 && checksum(t, len)) { t[9] -= checksum(t, len); changed = true; }
		}
		if (!changed) break;
	}
	FC(ai.nr_cpus <= 8 && ai.nr_tables <= 8);
	for (unsigned i = 0; i < ai.nr_tables; i++)
		FC(ai.tables[i].start < ai.tables[i].end && ai.tables[i].end <= size);
	for (unsigned i = 0; i < ai.nr_cpus; i++)
		for (unsigned j = 0; j < i; j++)
			FC(cpus[i].apic_id != cpus[j].apic_id);
	if (size >= 0x100000)
		acpi_find_rsdp_bios(&found);
	free(buf);
	return 0;
}
