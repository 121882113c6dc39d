/* ACPI: RSDP -> RSDT/XSDT -> MADT. Pure parsing through phys_to_virt(); the
 * only side effects are the results in struct acpi_info and log lines. */
#include "acpi.h"
#include "../../lib/string.h"
#include "../../log.h"
#include "../../mm/phys.h"

struct acpi_parser {
	struct acpi_info *info;
	paddr_t limit;
	bool tables_full_reported;
};

static uint8_t checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* A signature that is safe to print. */
static void sig_name(char out[5], const char *sig)
{
	for (int i = 0; i < 4; i++)
		out[i] = sig[i] >= 0x20 && sig[i] <= 0x7e ? sig[i] : '?';
	out[4] = '\0';
}

static bool rsdp_check(const void *p, size_t len, bool report)
{
	const struct acpi_rsdp *r = p;

	if (len < ACPI_RSDP_V1_LEN) {
		if (report)
			log_error("acpi: RSDP is %zu bytes, shorter than %u",
				  len, ACPI_RSDP_V1_LEN);
		return false;
	}
	if (memcmp(r->signature, ACPI_RSDP_SIGNATURE, 8) != 0) {
		if (report)
			log_error("acpi: RSDP signature is not \"RSD PTR \"");
		return false;
	}
	if (checksum(r, ACPI_RSDP_V1_LEN) != 0) {
		if (report)
			log_error("acpi: RSDP checksum is bad");
		return false;
	}
	if (r->revision < 2 || len < ACPI_RSDP_V2_LEN)
		return true;
	if (r->length < ACPI_RSDP_V2_LEN || r->length > len) {
		if (report)
			log_error("acpi: RSDP revision %u length %u is outside [%u, %zu]",
				  r->revision, r->length, ACPI_RSDP_V2_LEN, len);
		return false;
	}
	if (checksum(r, r->length) != 0) {
		if (report)
			log_error("acpi: RSDP extended checksum is bad");
		return false;
	}
	return true;
}

bool acpi_rsdp_valid(const void *rsdp, size_t len)
{
	return rsdp_check(rsdp, len, true);
}

static bool scan_rsdp(paddr_t start, paddr_t end, paddr_t *out)
{
	for (paddr_t pa = start; pa + ACPI_RSDP_V1_LEN <= end; pa += 16) {
		if (rsdp_check(phys_to_virt(pa), end - pa, false)) {
			*out = pa;
			return true;
		}
	}
	return false;
}

bool acpi_find_rsdp_bios(paddr_t *out)
{
	uint16_t seg;
	paddr_t ebda;

	memcpy(&seg, phys_to_virt(0x40e), sizeof(seg));
	ebda = (paddr_t)seg << 4;
	/* the EBDA lies below the 640 KiB VGA hole, above the IVT and BDA */
	if (ebda >= 0x500 && ebda + 1024 <= 0xa0000 &&
	    scan_rsdp(ebda, ebda + 1024, out))
		return true;
	return scan_rsdp(0xe0000, 0x100000, out);
}

static void record(struct acpi_parser *p, paddr_t start, paddr_t end,
		   const char *sig)
{
	struct acpi_info *ai = p->info;

	for (unsigned i = 0; i < ai->nr_tables; i++)
		if (ai->tables[i].start == start && ai->tables[i].end == end)
			return;
	if (ai->nr_tables == ai->max_tables) {
		if (!p->tables_full_reported)
			log_error("acpi: more than %u tables; the ranges of the rest are not recorded",
				  ai->max_tables);
		p->tables_full_reported = true;
		ai->nr_errors++;
		return;
	}
	ai->tables[ai->nr_tables] = (struct acpi_table_range){ start, end, "" };
	sig_name(ai->tables[ai->nr_tables].signature, sig);
	ai->nr_tables++;
}

/* The checked table at pa, or NULL (reported) when it lies beyond the limit
 * or its length or checksum is bad. Records what it read. */
static const struct acpi_sdt_header *table_get(struct acpi_parser *p,
					       paddr_t pa)
{
	struct acpi_info *ai = p->info;
	const struct acpi_sdt_header *h;
	char sig[5];
	uint32_t len;

	if (pa > p->limit || p->limit - pa < sizeof(*h)) {
		log_warn("acpi: table at 0x%lx is beyond the mapped limit 0x%lx; skipped",
			 pa, p->limit);
		ai->nr_skipped++;
		return NULL;
	}
	h = phys_to_virt(pa);
	sig_name(sig, h->signature);
	len = h->length;
	if (len < sizeof(*h) || len > ACPI_TABLE_MAX_LEN) {
		record(p, pa, pa + sizeof(*h), h->signature);
		log_error("acpi: %s at 0x%lx: length %u is %s", sig, pa, len,
			  len < sizeof(*h) ? "shorter than its header"
					   : "absurd (over 1 MiB)");
		ai->nr_errors++;
		return NULL;
	}
	if (p->limit - pa < len) {
		record(p, pa, pa + sizeof(*h), h->signature);
		log_warn("acpi: %s at 0x%lx: its %u bytes run beyond the mapped limit 0x%lx; skipped",
			 sig, pa, len, p->limit);
		ai->nr_skipped++;
		return NULL;
	}
	record(p, pa, pa + len, h->signature);
	if (checksum(h, len) != 0) {
		log_error("acpi: %s at 0x%lx: bad checksum", sig, pa);
		ai->nr_errors++;
		return NULL;
	}
	return h;
}

static void madt_error(struct acpi_parser *p, paddr_t pa, const char *what,
		       unsigned type, uint32_t off, unsigned len)
{
	log_error("acpi: MADT at 0x%lx: type %u entry at offset 0x%x (length %u) %s",
		  pa, type, off, len, what);
	p->info->nr_errors++;
}

static void add_cpu(struct acpi_parser *p, uint32_t apic_id, uint32_t uid,
		    uint32_t flags)
{
	struct acpi_info *ai = p->info;

	if (!(flags & (ACPI_MADT_CPU_ENABLED | ACPI_MADT_CPU_ONLINE_CAPABLE))) {
		log_debug("acpi: CPU with APIC id %u (UID %u) is disabled", apic_id, uid);
		return;
	}
	for (unsigned i = 0; i < ai->nr_cpus; i++) {
		if (ai->cpus[i].apic_id == apic_id) {
			log_warn("acpi: MADT lists APIC id %u twice (UIDs %u and %u); the second is ignored",
				 apic_id, ai->cpus[i].uid, uid);
			return;
		}
	}
	if (ai->nr_cpus == ai->max_cpus) {
		ai->cpus_dropped++;
		return;
	}
	ai->cpus[ai->nr_cpus++] = (struct acpi_cpu){
		.apic_id = apic_id,
		.uid = uid,
		.enabled = flags & ACPI_MADT_CPU_ENABLED,
	};
}

static void parse_madt(struct acpi_parser *p, const struct acpi_sdt_header *h,
		       paddr_t pa)
{
	const struct acpi_madt *madt = (const void *)h;
	const uint8_t *base = (const uint8_t *)h;
	struct acpi_info *ai = p->info;
	uint32_t len = h->length;

	if (len < sizeof(*madt)) {
		log_error("acpi: APIC at 0x%lx: length %u is too short for a MADT",
			  pa, len);
		ai->nr_errors++;
		return;
	}
	ai->have_madt = true;
	ai->lapic_base = madt->lapic_address;
	ai->pic_present = madt->flags & ACPI_MADT_PCAT_COMPAT;

	for (uint32_t off = sizeof(*madt); off < len;) {
		const struct acpi_madt_entry *e = (const void *)(base + off);
		unsigned min = 2;

		if (len - off < sizeof(*e)) {
			log_error("acpi: MADT at 0x%lx: %u stray bytes at offset 0x%x; ignored",
				  pa, len - off, off);
			ai->nr_errors++;
			break;
		}
		if (e->length < sizeof(*e) || e->length > len - off) {
			madt_error(p, pa, e->length < sizeof(*e)
				   ? "is too short; rest of the MADT ignored"
				   : "runs past the table end; rest of the MADT ignored",
				   e->type, off, e->length);
			break;
		}
		switch (e->type) {
		case ACPI_MADT_LAPIC:
			min = sizeof(struct acpi_madt_lapic);
			break;
		case ACPI_MADT_X2APIC:
			min = sizeof(struct acpi_madt_x2apic);
			break;
		case ACPI_MADT_LAPIC_OVERRIDE:
			min = sizeof(struct acpi_madt_lapic_override);
			break;
		}
		if (e->length < min) {
			madt_error(p, pa, "is too short; skipped", e->type, off,
				   e->length);
		} else if (e->type == ACPI_MADT_LAPIC) {
			const struct acpi_madt_lapic *l = (const void *)e;

			if (l->apic_id != 0xff) /* 0xff: the broadcast id */
				add_cpu(p, l->apic_id, l->processor_uid, l->flags);
		} else if (e->type == ACPI_MADT_X2APIC) {
			const struct acpi_madt_x2apic *x = (const void *)e;

			if (x->x2apic_id != 0xffffffff)
				add_cpu(p, x->x2apic_id, x->processor_uid, x->flags);
		} else if (e->type == ACPI_MADT_LAPIC_OVERRIDE) {
			ai->lapic_base = ((const struct acpi_madt_lapic_override *)e)->address;
		}
		off += e->length;
	}
	if (ai->cpus_dropped)
		log_error("acpi: MADT at 0x%lx lists %u more CPUs than the %u supported; they are ignored",
			  pa, ai->cpus_dropped, ai->max_cpus);
	log_info("acpi: MADT at 0x%lx: %u CPUs, local APIC at 0x%lx%s",
		 pa, ai->nr_cpus, ai->lapic_base, ai->pic_present ? ", 8259 PICs" : "");
}

/* Returns false when the root table itself is unusable. */
static bool walk_root(struct acpi_parser *p, paddr_t pa, const char *want,
		      unsigned entry_size)
{
	const struct acpi_sdt_header *root = table_get(p, pa);
	char sig[5];

	if (!root)
		return false;
	if (memcmp(root->signature, want, 4) != 0) {
		sig_name(sig, root->signature);
		log_error("acpi: table at 0x%lx is %s, expected %s", pa, sig, want);
		p->info->nr_errors++;
		return false;
	}

	unsigned n = (root->length - sizeof(*root)) / entry_size;
	const uint8_t *entries = (const uint8_t *)(root + 1);

	for (unsigned i = 0; i < n; i++) {
		uint64_t tpa = 0;

		memcpy(&tpa, entries + (size_t)i * entry_size, entry_size);
		if (!tpa)
			continue; /* some firmware leaves null slots */

		const struct acpi_sdt_header *t = table_get(p, tpa);

		if (!t || memcmp(t->signature, "APIC", 4) != 0)
			continue;
		if (p->info->have_madt)
			log_warn("acpi: second MADT at 0x%lx ignored", tpa);
		else
			parse_madt(p, t, tpa);
	}
	return true;
}

bool acpi_parse(const void *rsdp, size_t len, paddr_t rsdp_pa, paddr_t limit,
		struct acpi_info *info)
{
	struct acpi_parser p = { .info = info, .limit = limit };
	const struct acpi_rsdp *r = rsdp;
	bool have_root = false;

	info->nr_cpus = info->cpus_dropped = info->nr_tables = 0;
	info->nr_errors = info->nr_skipped = 0;
	info->lapic_base = 0;
	info->pic_present = info->have_madt = false;

	if (!rsdp_check(rsdp, len, true)) {
		info->nr_errors++;
		return false;
	}
	if (rsdp_pa) {
		size_t n = r->revision >= 2 && len >= ACPI_RSDP_V2_LEN ? r->length
								 : ACPI_RSDP_V1_LEN;
		record(&p, rsdp_pa, rsdp_pa + n, "RSDP");
	}
	if (r->revision >= 2 && len >= ACPI_RSDP_V2_LEN && r->xsdt_address) {
		have_root = walk_root(&p, r->xsdt_address, "XSDT", 8);
		if (!have_root && r->rsdt_address)
			log_warn("acpi: XSDT unusable; falling back to the RSDT");
	}
	if (!have_root && r->rsdt_address)
		have_root = walk_root(&p, r->rsdt_address, "RSDT", 4);
	if (!have_root) {
		log_error("acpi: no usable RSDT or XSDT");
		info->nr_errors++;
		return false;
	}
	if (!info->have_madt) {
		log_error("acpi: no valid MADT (APIC table) found");
		info->nr_errors++;
		return false;
	}
	return true;
}
