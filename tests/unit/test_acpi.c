/* ACPI parsing against a fake physical address space: a 2 MiB heap buffer
 * that phys_to_virt() maps physical 0 onto. Tables placed at its very end
 * let ASan catch reads past them; addresses beyond it must never be touched. */
#include "shim.h"
#include "../../hv/arch/x86/acpi.c"
#include "test.h"

#define MEM_SIZE 0x200000u

static uint8_t *mem;
static struct acpi_cpu cpus[ACPI_MAX_CPUS];
static struct acpi_table_range tables[32];
static struct acpi_info ai;

static void reset(void)
{
	free(mem);
	mem = calloc(1, MEM_SIZE);
	hv_direct_map_offset = (uintptr_t)mem;
	memset(&ai, 0xee, sizeof(ai)); /* acpi_parse must reset its outputs */
	ai.cpus = cpus;
	ai.max_cpus = ACPI_MAX_CPUS;
	ai.tables = tables;
	ai.max_tables = ARRAY_SIZE(tables);
	shim_log_clear();
}

static void fix_checksum(uint8_t *p, size_t len, uint8_t *field)
{
	*field = 0;
	*field = -checksum(p, len);
}

static struct acpi_rsdp *put_rsdp(paddr_t pa, uint8_t rev, uint32_t rsdt,
				  uint64_t xsdt)
{
	struct acpi_rsdp *r = (void *)(mem + pa);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->revision = rev;
	r->rsdt_address = rsdt;
	fix_checksum((uint8_t *)r, 20, &r->checksum);
	if (rev >= 2) {
		r->length = 36;
		r->xsdt_address = xsdt;
		fix_checksum((uint8_t *)r, 36, &r->ext_checksum);
	}
	return r;
}

/* A table under construction. */
static struct {
	uint8_t buf[4096];
	size_t len;
} tb;

static void tb_begin(const char *sig)
{
	memset(&tb, 0, sizeof(tb));
	memcpy(tb.buf, sig, 4);
	memcpy(tb.buf + 10, "TDVSR ", 6);
	tb.len = sizeof(struct acpi_sdt_header);
}

static void tb_add(const void *p, size_t n)
{
	memcpy(tb.buf + tb.len, p, n);
	tb.len += n;
}

static void tb_u32(uint32_t v)
{
	tb_add(&v, 4);
}

static void tb_u64(uint64_t v)
{
	tb_add(&v, 8);
}

/* Writes the table at pa with a correct length and checksum. */
static struct acpi_sdt_header *tb_put(paddr_t pa)
{
	struct acpi_sdt_header *h = (void *)tb.buf;

	h->length = tb.len;
	fix_checksum(tb.buf, tb.len, &h->checksum);
	memcpy(mem + pa, tb.buf, tb.len);
	return (void *)(mem + pa);
}

static void put_simple(paddr_t pa, const char *sig)
{
	tb_begin(sig);
	tb_u32(0x12345678);
	tb_put(pa);
}

static void put_root(paddr_t pa, const char *sig, const uint64_t *t, unsigned n)
{
	tb_begin(sig);
	for (unsigned i = 0; i < n; i++)
		sig[0] == 'X' ? tb_u64(t[i]) : tb_u32(t[i]);
	tb_put(pa);
}

static void madt_begin(uint32_t lapic, uint32_t flags)
{
	tb_begin("APIC");
	tb_u32(lapic);
	tb_u32(flags);
}

static void madt_lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	struct acpi_madt_lapic l = { { 0, 8 }, uid, id, flags };
	tb_add(&l, sizeof(l));
}

static void madt_x2apic(uint32_t id, uint32_t uid, uint32_t flags)
{
	struct acpi_madt_x2apic x = { { 9, 16 }, 0, id, flags, uid };
	tb_add(&x, sizeof(x));
}

static void madt_raw(uint8_t type, uint8_t len)
{
	uint8_t e[256] = { type, len };
	tb_add(e, len < 2 ? 2 : len);
}

static bool parse_at(paddr_t rsdp_pa, paddr_t limit)
{
	return acpi_parse(mem + rsdp_pa, ACPI_RSDP_V2_LEN, rsdp_pa, limit, &ai);
}

static void check_cpu(unsigned i, uint32_t apic_id, uint32_t uid, bool enabled)
{
	CHECK(i < ai.nr_cpus);
	CHECK_EQ(ai.cpus[i].apic_id, apic_id);
	CHECK_EQ(ai.cpus[i].uid, uid);
	CHECK_EQ(ai.cpus[i].enabled, enabled);
}

static void check_table(unsigned i, paddr_t start, paddr_t end, const char *sig)
{
	CHECK(i < ai.nr_tables);
	CHECK_EQ(ai.tables[i].start, start);
	CHECK_EQ(ai.tables[i].end, end);
	CHECK_STR(ai.tables[i].signature, sig);
}

/* A BIOS machine: RSDP v1 in the BIOS area, RSDT, FACP, MADT. */
TEST(rsdp_v1_rsdt_madt)
{
	static const uint64_t rsdt[] = { 0x101000, 0x102000 };
	paddr_t found = 0;

	reset();
	put_rsdp(0xf5a40, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, 2);
	put_simple(0x101000, "FACP");
	madt_begin(0xfee00000, ACPI_MADT_PCAT_COMPAT);
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 1);
	madt_lapic(2, 2, 0);       /* disabled */
	madt_lapic(3, 3, 2);       /* online-capable */
	madt_lapic(4, 0xff, 1);    /* broadcast id: not a CPU */
	madt_raw(ACPI_MADT_IOAPIC, 12);
	madt_raw(ACPI_MADT_INT_OVERRIDE, 10);
	madt_raw(ACPI_MADT_LAPIC_NMI, 6);
	tb_put(0x102000);

	CHECK(acpi_find_rsdp_bios(&found));
	CHECK_EQ(found, 0xf5a40);
	CHECK(acpi_parse(mem + found, ACPI_RSDP_V1_LEN, found, 1ull << 32, &ai));
	CHECK_EQ(ai.nr_errors, 0);
	CHECK_EQ(ai.nr_skipped, 0);
	CHECK(ai.have_madt);
	CHECK(ai.pic_present);
	CHECK_EQ(ai.lapic_base, 0xfee00000);
	CHECK_EQ(ai.nr_cpus, 3);
	CHECK_EQ(ai.cpus_dropped, 0);
	check_cpu(0, 0, 0, true);
	check_cpu(1, 1, 1, true);
	check_cpu(2, 3, 3, false);
	CHECK_EQ(ai.nr_tables, 4);
	check_table(0, 0xf5a40, 0xf5a40 + 20, "RSDP");
	check_table(1, 0x100000, 0x100000 + 36 + 8, "RSDT");
	check_table(2, 0x101000, 0x101000 + 40, "FACP");
	check_table(3, 0x102000, 0x102000 + 44 + 5 * 8 + 12 + 10 + 6, "APIC");
	CHECK(shim_log_has("acpi: MADT at 0x102000: 3 CPUs, local APIC at 0xfee00000, 8259 PICs"));
	CHECK(shim_log_has("acpi: CPU with APIC id 2 (UID 2) is disabled"));
	CHECK(!shim_log_has("error"));
}

/* An ACPI 2.0+ machine: the XSDT wins over an RSDT that points elsewhere. */
TEST(rsdp_v2_xsdt_preferred)
{
	static const uint64_t xsdt[] = { 0x121000, 0x122000 };
	static const uint64_t rsdt[] = { 0x131000 };
	struct acpi_madt_lapic_override ov = { { 5, 12 }, 0, 0x1fee00000ull };
	paddr_t found = 0;

	reset();
	mem[0x40e] = 0xc0; /* EBDA segment 0x9fc0 -> 0x9fc00 */
	mem[0x40f] = 0x9f;
	put_rsdp(0x9fc00 + 0x30, 2, 0x130000, 0x120000);
	put_rsdp(0xe0000, 0, 0x130000, 0); /* the EBDA is scanned first */
	put_root(0x120000, "XSDT", xsdt, 2);
	put_root(0x130000, "RSDT", rsdt, 1);
	put_simple(0x121000, "FACP");
	madt_begin(0xfee00000, 0);
	madt_x2apic(0x100, 10, 1);
	madt_lapic(1, 5, 1);
	madt_x2apic(5, 11, 1);     /* the same CPU again */
	madt_x2apic(0x101, 12, 3);
	madt_x2apic(0xffffffff, 13, 1);
	tb_add(&ov, sizeof(ov));
	tb_put(0x122000);
	madt_begin(0xfee00000, 1); /* the RSDT's MADT: must not be used */
	madt_lapic(0, 0, 1);
	tb_put(0x131000);

	CHECK(acpi_find_rsdp_bios(&found));
	CHECK_EQ(found, 0x9fc30);
	CHECK(parse_at(found, 1ull << 32));
	CHECK_EQ(ai.nr_errors, 0);
	CHECK(!ai.pic_present);
	CHECK_EQ(ai.lapic_base, 0x1fee00000ull);
	CHECK_EQ(ai.nr_cpus, 3);
	check_cpu(0, 0x100, 10, true);
	check_cpu(1, 5, 1, true);
	check_cpu(2, 0x101, 12, true);
	CHECK(shim_log_has("acpi: MADT lists APIC id 5 twice (UIDs 1 and 11); the second is ignored"));
	CHECK_EQ(ai.nr_tables, 4);
	check_table(0, 0x9fc30, 0x9fc30 + 36, "RSDP");
	check_table(1, 0x120000, 0x120000 + 36 + 16, "XSDT");
	check_table(2, 0x121000, 0x121000 + 40, "FACP");
	check_table(3, 0x122000, 0x122000 + 44 + 16 * 4 + 8 + 12, "APIC");
}

/* GRUB's old ACPI tag holds 20 bytes even of a revision-2 RSDP: RSDT only. */
TEST(rsdp_copy_from_multiboot)
{
	static const uint64_t rsdt[] = { 0, 0x102000 }; /* a null slot */
	uint8_t copy[20];

	reset();
	put_rsdp(0xe0000, 2, 0x100000, 0x110000);
	memcpy(copy, mem + 0xe0000, sizeof(copy));
	memset(mem + 0xe0000, 0, 36); /* only the copy remains */
	put_root(0x100000, "RSDT", rsdt, 2);
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	tb_put(0x102000);

	CHECK(acpi_parse(copy, sizeof(copy), 0, 1ull << 32, &ai));
	CHECK_EQ(ai.nr_errors, 0);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK_EQ(ai.nr_tables, 2);
	check_table(0, 0x100000, 0x100000 + 44, "RSDT");
	check_table(1, 0x102000, 0x102000 + 52, "APIC");
}

TEST(bad_rsdp)
{
	struct acpi_rsdp *r;

	reset();
	r = put_rsdp(0xe0000, 2, 0x100000, 0x110000);
	CHECK(acpi_rsdp_valid(r, 36));
	CHECK(!acpi_rsdp_valid(r, 19));
	CHECK(shim_log_has("acpi: RSDP is 19 bytes, shorter than 20"));

	r->ext_checksum++;
	CHECK(!acpi_rsdp_valid(r, 36));
	CHECK(shim_log_has("acpi: RSDP extended checksum is bad"));
	CHECK(acpi_rsdp_valid(r, 20)); /* as a v1 copy it is fine */

	r = put_rsdp(0xe0000, 2, 0x100000, 0x110000);
	r->length = 20;
	fix_checksum((uint8_t *)r, 36, &r->ext_checksum);
	CHECK(!acpi_rsdp_valid(r, 36));
	CHECK(shim_log_has("acpi: RSDP revision 2 length 20 is outside [36, 36]"));
	r->length = 0xffffffff;
	fix_checksum((uint8_t *)r, 36, &r->ext_checksum);
	CHECK(!acpi_rsdp_valid(r, 36));
	CHECK(shim_log_has("acpi: RSDP revision 2 length 4294967295 is outside [36, 36]"));

	r = put_rsdp(0xe0000, 0, 0x100000, 0);
	r->checksum++;
	CHECK(!acpi_rsdp_valid(r, 20));
	CHECK(shim_log_has("acpi: RSDP checksum is bad"));
	r->signature[0] = 'X';
	CHECK(!acpi_rsdp_valid(r, 20));
	CHECK(shim_log_has("acpi: RSDP signature is not \"RSD PTR \""));

	shim_log_clear();
	CHECK(!parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: RSDP signature is not"));
	CHECK_EQ(ai.nr_errors, 1);
	CHECK_EQ(ai.nr_tables, 0);
	CHECK_EQ(ai.nr_cpus, 0);
}

TEST(bios_scan)
{
	paddr_t found = 0x1234;

	reset();
	CHECK(!acpi_find_rsdp_bios(&found));
	CHECK_EQ(found, 0x1234);

	put_rsdp(0xe0008, 0, 0x100000, 0); /* not on a 16-byte boundary */
	CHECK(!acpi_find_rsdp_bios(&found));

	struct acpi_rsdp *r = put_rsdp(0xe0010, 0, 0x100000, 0);
	r->checksum ^= 1;
	CHECK(!acpi_find_rsdp_bios(&found));

	put_rsdp(0xffff0, 2, 0x100000, 0x110000); /* last slot: only 16 bytes left */
	CHECK(!acpi_find_rsdp_bios(&found));
	put_rsdp(0xfffe0, 2, 0x100000, 0x110000);
	CHECK(acpi_find_rsdp_bios(&found));
	CHECK_EQ(found, 0xfffe0);
	CHECK_EQ(shim_log[0], 0); /* a scan stays quiet */
}

TEST(bad_table_checksums)
{
	static const uint64_t rsdt[] = { 0x101000, 0x102000 };

	reset();
	put_rsdp(0xe0000, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, 2);
	put_simple(0x101000, "FACP");
	mem[0x101000 + 36]++;
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	tb_put(0x102000);

	CHECK(parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: FACP at 0x101000: bad checksum"));
	CHECK_EQ(ai.nr_errors, 1);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK_EQ(ai.nr_tables, 4); /* the bad FACP was read, so it is recorded */

	mem[0x102000 + 44]++;
	shim_log_clear();
	CHECK(!parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: APIC at 0x102000: bad checksum"));
	CHECK(shim_log_has("acpi: no valid MADT (APIC table) found"));
	CHECK_EQ(ai.nr_cpus, 0);
	CHECK(!ai.have_madt);

	mem[0x100000 + 36]++;
	shim_log_clear();
	CHECK(!parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: RSDT at 0x100000: bad checksum"));
	CHECK(shim_log_has("acpi: no usable RSDT or XSDT"));
	CHECK_EQ(ai.nr_errors, 2);
}

TEST(xsdt_unusable_falls_back_to_rsdt)
{
	static const uint64_t rsdt[] = { 0x102000 };

	reset();
	put_rsdp(0xe0000, 2, 0x100000, 0x110000);
	put_root(0x100000, "RSDT", rsdt, 1);
	put_simple(0x110000, "FACP"); /* not an XSDT */
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 7, 1);
	tb_put(0x102000);

	CHECK(parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: table at 0x110000 is FACP, expected XSDT"));
	CHECK(shim_log_has("acpi: XSDT unusable; falling back to the RSDT"));
	check_cpu(0, 7, 0, true);

	/* an XSDT above the limit is never touched */
	reset();
	put_rsdp(0xe0000, 2, 0x100000, 0x2000000000ull);
	put_root(0x100000, "RSDT", rsdt, 1);
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 7, 1);
	tb_put(0x102000);
	CHECK(parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: table at 0x2000000000 is beyond the mapped limit 0x100000000; skipped"));
	CHECK_EQ(ai.nr_skipped, 1);
	CHECK_EQ(ai.nr_errors, 0);
}

TEST(tables_beyond_limit)
{
	static const uint64_t xsdt[] = { 0x100000000ull, 0xffffffffffffffffull,
					 0x17ff00, 0x17f000, 0x170000 };

	reset();
	put_rsdp(0xe0000, 2, 0, 0x100000);
	put_root(0x100000, "XSDT", xsdt, ARRAY_SIZE(xsdt));
	tb_begin("SSDT");
	tb.len = 0x200;
	tb_put(0x17ff00);   /* straddles the limit */
	tb_begin("HPET");
	tb.len = 0xf00;
	tb_put(0x17f000);   /* ends at 0x17ff00 */
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	tb_put(0x170000);

	CHECK(parse_at(0xe0000, 0x180000));
	CHECK(shim_log_has("acpi: table at 0x100000000 is beyond the mapped limit 0x180000; skipped"));
	CHECK(shim_log_has("acpi: table at 0xffffffffffffffff is beyond the mapped limit 0x180000; skipped"));
	CHECK(shim_log_has("acpi: SSDT at 0x17ff00: its 512 bytes run beyond the mapped limit 0x180000; skipped"));
	CHECK(!shim_log_has("HPET"));
	CHECK_EQ(ai.nr_skipped, 3);
	CHECK_EQ(ai.nr_errors, 0);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK_EQ(ai.nr_tables, 5);
	check_table(2, 0x17ff00, 0x17ff00 + 36, "SSDT"); /* only its header was read */
	check_table(3, 0x17f000, 0x17ff00, "HPET");

	/* a table may end exactly at the limit */
	shim_log_clear();
	CHECK(parse_at(0xe0000, 0x17ff00));
	CHECK(shim_log_has("acpi: table at 0x17ff00 is beyond the mapped limit 0x17ff00; skipped"));
	CHECK(!shim_log_has("HPET"));
	CHECK_EQ(ai.nr_skipped, 3);
	check_table(2, 0x17f000, 0x17ff00, "HPET");

	/* a header that would straddle the limit is not read at all */
	reset();
	put_rsdp(0xe0000, 0, 0x17fff0, 0);
	CHECK(!parse_at(0xe0000, 0x180000));
	CHECK(shim_log_has("acpi: table at 0x17fff0 is beyond the mapped limit 0x180000; skipped"));
}

TEST(absurd_and_short_lengths)
{
	static const uint64_t rsdt[] = { 0x101000, 0x102000, 0x103000 };
	struct acpi_sdt_header *h;

	reset();
	put_rsdp(0xe0000, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, 3);
	put_simple(0x101000, "SSDT");
	h = (void *)(mem + 0x101000);
	h->length = 0x200000;
	put_simple(0x102000, "DMAR");
	h = (void *)(mem + 0x102000);
	h->length = 10;
	tb_begin("APIC"); /* a header-only MADT */
	tb_put(0x103000);

	CHECK(!parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: SSDT at 0x101000: length 2097152 is absurd (over 1 MiB)"));
	CHECK(shim_log_has("acpi: DMAR at 0x102000: length 10 is shorter than its header"));
	CHECK(shim_log_has("acpi: APIC at 0x103000: length 36 is too short for a MADT"));
	CHECK(shim_log_has("acpi: no valid MADT (APIC table) found"));
	CHECK_EQ(ai.nr_errors, 4);
	check_table(2, 0x101000, 0x101000 + 36, "SSDT");
	check_table(3, 0x102000, 0x102000 + 36, "DMAR");
}

/* The MADT ends the fake memory, so a read past it trips ASan. */
static paddr_t put_madt_at_end(void)
{
	static uint64_t rsdt[1];

	rsdt[0] = MEM_SIZE - tb.len;
	tb_put(rsdt[0]);
	put_rsdp(0xe0000, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, 1);
	return rsdt[0];
}

TEST(madt_entry_length_zero)
{
	reset();
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	madt_raw(ACPI_MADT_LAPIC, 0);
	madt_lapic(1, 1, 1);
	paddr_t pa = put_madt_at_end();

	CHECK(parse_at(0xe0000, MEM_SIZE));
	CHECK(shim_log_has("acpi: MADT at 0x1fffc2: type 0 entry at offset 0x34 (length 0) is too short; rest of the MADT ignored"));
	CHECK_EQ(pa, 0x1fffc2);
	CHECK_EQ(ai.nr_cpus, 1);
	CHECK_EQ(ai.nr_errors, 1);
}

TEST(madt_entry_past_end)
{
	reset();
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	madt_raw(ACPI_MADT_X2APIC, 16);
	tb.len -= 6; /* the x2APIC entry is cut short by the table length */
	put_madt_at_end();

	CHECK(parse_at(0xe0000, MEM_SIZE));
	CHECK(shim_log_has("acpi: MADT at 0x1fffc2: type 9 entry at offset 0x34 (length 16) runs past the table end; rest of the MADT ignored"));
	CHECK_EQ(ai.nr_cpus, 1);

	reset();
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	tb_add("\x09", 1); /* one stray byte */
	put_madt_at_end();
	CHECK(parse_at(0xe0000, MEM_SIZE));
	CHECK(shim_log_has("acpi: MADT at 0x1fffcb: 1 stray bytes at offset 0x34; ignored"));
	CHECK_EQ(ai.nr_cpus, 1);
}

TEST(madt_entries_too_short_for_their_type)
{
	reset();
	madt_begin(0xfee00000, 1);
	madt_raw(ACPI_MADT_LAPIC, 4);
	madt_raw(ACPI_MADT_X2APIC, 8);
	madt_raw(ACPI_MADT_LAPIC_OVERRIDE, 4);
	madt_lapic(0, 3, 1);
	put_madt_at_end();

	CHECK(parse_at(0xe0000, MEM_SIZE));
	CHECK(shim_log_has("type 0 entry at offset 0x2c (length 4) is too short; skipped"));
	CHECK(shim_log_has("type 9 entry at offset 0x30 (length 8) is too short; skipped"));
	CHECK(shim_log_has("type 5 entry at offset 0x38 (length 4) is too short; skipped"));
	CHECK_EQ(ai.nr_errors, 3);
	CHECK_EQ(ai.lapic_base, 0xfee00000);
	CHECK_EQ(ai.nr_cpus, 1);
	check_cpu(0, 3, 0, true);
}

TEST(too_many_cpus)
{
	static struct acpi_cpu few[4];

	reset();
	ai.cpus = few;
	ai.max_cpus = ARRAY_SIZE(few);
	madt_begin(0xfee00000, 1);
	for (unsigned i = 0; i < 6; i++)
		madt_lapic(i, i, 1);
	put_madt_at_end();

	CHECK(parse_at(0xe0000, MEM_SIZE));
	CHECK(shim_log_has("acpi: MADT at 0x1fffa4 lists 2 more CPUs than the 4 supported; they are ignored"));
	CHECK_EQ(ai.nr_cpus, 4);
	CHECK_EQ(ai.cpus_dropped, 2);
	CHECK_EQ(few[3].apic_id, 3);
}

TEST(table_list_full)
{
	static const uint64_t rsdt[] = { 0x101000, 0x102000, 0x103000, 0x101000 };
	static struct acpi_table_range two[2];

	reset();
	ai.tables = two;
	ai.max_tables = ARRAY_SIZE(two);
	put_rsdp(0xe0000, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, ARRAY_SIZE(rsdt));
	put_simple(0x101000, "FACP");
	put_simple(0x102000, "HPET");
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	tb_put(0x103000);

	CHECK(parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: more than 2 tables; the ranges of the rest are not recorded"));
	CHECK_EQ(ai.nr_tables, 2);
	CHECK_EQ(ai.nr_errors, 4); /* one report, every lost range counted */
	CHECK_EQ(ai.nr_cpus, 1);
}

TEST(duplicate_table_entries_recorded_once)
{
	static const uint64_t rsdt[] = { 0x102000, 0x102000 };

	reset();
	put_rsdp(0xe0000, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, 2);
	madt_begin(0xfee00000, 1);
	madt_lapic(0, 0, 1);
	tb_put(0x102000);

	CHECK(parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: second MADT at 0x102000 ignored"));
	CHECK_EQ(ai.nr_tables, 3);
	CHECK_EQ(ai.nr_cpus, 1);
}

TEST(unprintable_signature)
{
	static const uint64_t rsdt[] = { 0x101000 };

	reset();
	put_rsdp(0xe0000, 0, 0x100000, 0);
	put_root(0x100000, "RSDT", rsdt, 1);
	put_simple(0x101000, "A\n\0B");
	mem[0x101000 + 36]++;
	CHECK(!parse_at(0xe0000, 1ull << 32));
	CHECK(shim_log_has("acpi: A??B at 0x101000: bad checksum"));
	check_table(2, 0x101000, 0x101000 + 40, "A??B");
}
