/* Multiboot2 information block -> struct boot_info. The block comes from the
 * boot loader and is read as untrusted input: every field is bounds-checked
 * against its tag and the tag against the block before it is used. */
#include "multiboot2.h"
#include "lib/format.h"
#include "lib/string.h"
#include "log.h"

struct mb2_parser {
	const uint8_t *info;
	uint32_t total;
	struct boot_info *out;
	/* The last memory map tags whose framing was valid; converted after
	 * the walk, because the EFI map is preferred wherever it appears. */
	const uint8_t *mmap, *efi_mmap;
	bool efi_bs_running;
	unsigned mem_dropped;
};

static void __printf(4, 5) tag_error(struct mb2_parser *p, uint32_t type,
				     uint32_t off, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	log_error("multiboot2: tag %u at offset 0x%x: %s", type, off, why);
	p->out->nr_errors++;
}

/* Memory ranges. bi->mem stays sorted, non-overlapping and merged after
 * every mem_add(), so the result does not depend on the firmware's order
 * and a fragmented map never needs more slots than its distinct ranges. */

/* Where firmware ranges overlap, the higher rank wins. */
static const uint8_t mem_rank[] = {
	[MEM_USABLE] = 0,
	[MEM_ACPI_RECLAIM] = 1,
	[MEM_PERSISTENT] = 2,
	[MEM_ACPI_NVS] = 3,
	[MEM_RESERVED] = 4,
	[MEM_BAD] = 5,
};

/* Scratch for rebuilding bi->mem; mb2_parse runs once, on the boot CPU. */
static struct mem_range mem_scratch[BOOT_MAX_MEM_RANGES];

struct mem_builder {
	unsigned n;
	bool full;
};

static void mem_emit(struct mem_builder *b, paddr_t base, paddr_t end,
		     enum mem_type type)
{
	struct mem_range *last = b->n ? &mem_scratch[b->n - 1] : NULL;

	if (base >= end)
		return;
	if (last && last->type == type && last->base + last->size == base) {
		last->size += end - base;
		return;
	}
	if (b->n == BOOT_MAX_MEM_RANGES) {
		b->full = true;
		return;
	}
	mem_scratch[b->n++] = (struct mem_range){ base, end - base, type };
}

/* Adds [base, end) with type. Returns false, leaving bi->mem unchanged, when
 * the result would need more than BOOT_MAX_MEM_RANGES ranges. */
static bool mem_add(struct boot_info *bi, paddr_t base, paddr_t end,
		    enum mem_type type)
{
	struct mem_builder b = { 0, false };
	paddr_t cur = base; /* the part of [base, end) not yet emitted */

	for (unsigned i = 0; i < bi->nr_mem; i++) {
		const struct mem_range *r = &bi->mem[i];
		paddr_t r_end = r->base + r->size;

		if (r_end <= cur || r->base >= end) {
			if (r->base >= end && cur < end) {
				mem_emit(&b, cur, end, type);
				cur = end;
			}
			mem_emit(&b, r->base, r_end, r->type);
			continue;
		}
		if (r->base < cur)
			mem_emit(&b, r->base, cur, r->type);
		else
			mem_emit(&b, cur, r->base, type);
		paddr_t ov_end = MIN(r_end, end);
		mem_emit(&b, MAX(r->base, cur), ov_end,
			 mem_rank[type] > mem_rank[r->type] ? type : r->type);
		mem_emit(&b, end, r_end, r->type);
		cur = ov_end;
	}
	mem_emit(&b, cur, end, type);
	if (b.full)
		return false;
	memcpy(bi->mem, mem_scratch, b.n * sizeof(mem_scratch[0]));
	bi->nr_mem = b.n;
	return true;
}

static void mem_add_entry(struct mb2_parser *p, unsigned idx, paddr_t base,
			  uint64_t size, enum mem_type type)
{
	if (size == 0)
		return;
	if (size > UINT64_MAX - base) {
		log_error("multiboot2: memory map entry %u (base 0x%lx, size 0x%lx) wraps around; ignored",
			  idx, base, size);
		p->out->nr_errors++;
		return;
	}
	if (!mem_add(p->out, base, base + size, type))
		p->mem_dropped++;
}

static enum mem_type mem_type_from_mmap(uint32_t type)
{
	switch (type) {
	case MB2_MMAP_AVAILABLE:
		return MEM_USABLE;
	case MB2_MMAP_ACPI_RECLAIM:
		return MEM_ACPI_RECLAIM;
	case MB2_MMAP_NVS:
		return MEM_ACPI_NVS;
	case MB2_MMAP_BADRAM:
		return MEM_BAD;
	case MB2_MMAP_PERSISTENT:
		return MEM_PERSISTENT;
	}
	return MEM_RESERVED;
}

static enum mem_type mem_type_from_efi(uint32_t type)
{
	switch (type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return MEM_USABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return MEM_ACPI_RECLAIM;
	case EFI_ACPI_MEMORY_NVS:
		return MEM_ACPI_NVS;
	case EFI_UNUSABLE_MEMORY:
		return MEM_BAD;
	case EFI_PERSISTENT_MEMORY:
		return MEM_PERSISTENT;
	}
	return MEM_RESERVED;
}

/* Both memory map tags are a 16-byte header with an entry size, followed by
 * whole entries. Returns false (reported) when the framing is unusable. */
static bool mmap_framing_ok(struct mb2_parser *p, const struct mb2_tag *tag,
			    uint32_t off, uint32_t entry_size, uint32_t min_entry)
{
	uint32_t bytes = tag->size - sizeof(struct mb2_tag_mmap);

	if (entry_size < min_entry) {
		tag_error(p, tag->type, off,
			  "entry size %u is smaller than %u; tag ignored",
			  entry_size, min_entry);
		return false;
	}
	if (bytes % entry_size) {
		tag_error(p, tag->type, off,
			  "%u bytes of entries are not a whole number of %u-byte entries; tag ignored",
			  bytes, entry_size);
		return false;
	}
	return true;
}

static void build_memory_map(struct mb2_parser *p)
{
	struct boot_info *bi = p->out;

	if (p->efi_mmap) {
		const struct mb2_tag_efi_mmap *t = (const void *)p->efi_mmap;
		unsigned n = (t->tag.size - sizeof(*t)) / t->descr_size;

		bi->mem_from_efi = true;
		for (unsigned i = 0; i < n; i++) {
			const struct efi_memory_descriptor *d =
				(const void *)(p->efi_mmap + sizeof(*t) +
					       (size_t)i * t->descr_size);

			if (d->num_pages > (UINT64_MAX >> EFI_PAGE_SHIFT)) {
				log_error("multiboot2: EFI memory descriptor %u (base 0x%lx, 0x%lx pages) is too large; ignored",
					  i, d->phys_start, d->num_pages);
				bi->nr_errors++;
				continue;
			}
			mem_add_entry(p, i, d->phys_start,
				      d->num_pages << EFI_PAGE_SHIFT,
				      mem_type_from_efi(d->type));
		}
	} else if (p->mmap) {
		const struct mb2_tag_mmap *t = (const void *)p->mmap;
		unsigned n = (t->tag.size - sizeof(*t)) / t->entry_size;

		for (unsigned i = 0; i < n; i++) {
			const struct mb2_mmap_entry *e =
				(const void *)(p->mmap + sizeof(*t) +
					       (size_t)i * t->entry_size);

			mem_add_entry(p, i, e->base_addr, e->length,
				      mem_type_from_mmap(e->type));
		}
	}
	if (p->mem_dropped) {
		log_error("multiboot2: memory map needs more than %u ranges; %u entries dropped",
			  BOOT_MAX_MEM_RANGES, p->mem_dropped);
		bi->nr_errors++;
	}
}

/* The NUL-terminated string that starts at byte hdr of the tag, or NULL
 * (reported) when the tag is too small or the string runs past it. */
static const char *tag_string(struct mb2_parser *p, const struct mb2_tag *tag,
			      uint32_t off, uint32_t hdr)
{
	if (tag->size < hdr) {
		tag_error(p, tag->type, off, "size %u is too small for this tag type",
			  tag->size);
		return NULL;
	}
	const char *s = (const char *)tag + hdr;
	if (strnlen(s, tag->size - hdr) == tag->size - hdr) {
		tag_error(p, tag->type, off,
			  "string is not NUL-terminated within the tag");
		return NULL;
	}
	return s;
}

static void parse_module(struct mb2_parser *p, const struct mb2_tag *tag,
			 uint32_t off)
{
	const struct mb2_tag_module *m = (const void *)tag;
	struct boot_info *bi = p->out;
	const char *s = tag_string(p, tag, off, sizeof(*m));

	if (!s)
		return;
	if (m->mod_end < m->mod_start) {
		tag_error(p, tag->type, off,
			  "module end 0x%x is below its start 0x%x; module ignored",
			  m->mod_end, m->mod_start);
		return;
	}
	if (bi->nr_modules == BOOT_MAX_MODULES) {
		tag_error(p, tag->type, off,
			  "more than %u modules; module \"%s\" ignored",
			  BOOT_MAX_MODULES, s);
		return;
	}
	bi->modules[bi->nr_modules++] = (struct boot_module){
		.start = m->mod_start, .end = m->mod_end, .string = s,
	};
}

static void parse_acpi(struct mb2_parser *p, const struct mb2_tag *tag,
		       uint32_t off, unsigned len)
{
	struct boot_info *bi = p->out;

	if (tag->size < sizeof(struct mb2_tag_acpi) + len) {
		tag_error(p, tag->type, off,
			  "size %u is too small for a %u-byte RSDP", tag->size, len);
		return;
	}
	if (bi->rsdp_len > len)
		return; /* keep the v2 RSDP over a v1 one */
	memcpy(bi->rsdp, ((const struct mb2_tag_acpi *)tag)->rsdp, len);
	bi->rsdp_len = len;
}

/* Tags 11 and 12 carry the EFI system table pointer: their presence is what
 * tells us the machine booted through UEFI. */
static void parse_efi_system_table(struct mb2_parser *p,
				   const struct mb2_tag *tag, uint32_t off,
				   uint32_t min)
{
	if (tag->size < min)
		tag_error(p, tag->type, off, "size %u is below %u", tag->size, min);
	else
		p->out->efi_boot = true;
}

/* Returns true at the end tag. */
static bool parse_tag(struct mb2_parser *p, const struct mb2_tag *tag,
		      uint32_t off)
{
	struct boot_info *bi = p->out;
	const char *s;

	switch (tag->type) {
	case MB2_TAG_END:
		if (tag->size != sizeof(struct mb2_tag))
			tag_error(p, tag->type, off, "end tag size %u, expected 8",
				  tag->size);
		return true;
	case MB2_TAG_CMDLINE:
		if ((s = tag_string(p, tag, off, sizeof(struct mb2_tag))))
			bi->cmdline = s;
		break;
	case MB2_TAG_LOADER_NAME:
		if ((s = tag_string(p, tag, off, sizeof(struct mb2_tag))))
			bi->loader_name = s;
		break;
	case MB2_TAG_MODULE:
		parse_module(p, tag, off);
		break;
	case MB2_TAG_MMAP:
	case MB2_TAG_EFI_MMAP: {
		bool efi = tag->type == MB2_TAG_EFI_MMAP;
		const struct mb2_tag_mmap *t = (const void *)tag;

		if (tag->size < sizeof(*t)) {
			tag_error(p, tag->type, off,
				  "size %u is too small for a memory map tag", tag->size);
		} else if (mmap_framing_ok(p, tag, off, t->entry_size,
					   efi ? sizeof(struct efi_memory_descriptor)
					       : sizeof(struct mb2_mmap_entry))) {
			*(efi ? &p->efi_mmap : &p->mmap) = (const uint8_t *)tag;
		}
		break;
	}
	case MB2_TAG_EFI32:
		parse_efi_system_table(p, tag, off, sizeof(struct mb2_tag_efi32));
		break;
	case MB2_TAG_EFI64:
		parse_efi_system_table(p, tag, off, sizeof(struct mb2_tag_efi64));
		break;
	case MB2_TAG_ACPI_OLD:
		parse_acpi(p, tag, off, 20);
		break;
	case MB2_TAG_ACPI_NEW:
		parse_acpi(p, tag, off, 36);
		break;
	case MB2_TAG_EFI_BS:
		tag_error(p, tag->type, off,
			  "EFI boot services were not terminated; the firmware still owns memory");
		p->efi_bs_running = true;
		break;
	default:
		break; /* framebuffer, ELF sections, ...: not used */
	}
	return false;
}

enum mb2_result mb2_parse(const void *info, size_t avail, paddr_t info_pa,
			  struct boot_info *out)
{
	struct mb2_parser p = { .info = info, .out = out };
	const struct mb2_info_header *hdr = info;

	memset(out, 0, sizeof(*out));
	out->cmdline = "";
	out->loader_name = "";
	out->info_start = out->info_end = info_pa;

	if (avail < sizeof(*hdr)) {
		log_error("multiboot2: %zu bytes are too few for an information block",
			  avail);
		out->nr_errors++;
		return MB2_ERR_BLOCK;
	}
	p.total = hdr->total_size;
	if (p.total < MB2_INFO_MIN_SIZE || p.total > MB2_INFO_MAX_SIZE) {
		log_error("multiboot2: information block total size %u is outside [%u, %u]",
			  p.total, MB2_INFO_MIN_SIZE, MB2_INFO_MAX_SIZE);
		out->nr_errors++;
		return MB2_ERR_BLOCK;
	}
	if (p.total > avail) {
		log_error("multiboot2: information block total size %u exceeds the %zu bytes available",
			  p.total, avail);
		out->nr_errors++;
		return MB2_ERR_BLOCK;
	}
	out->info_end = info_pa + p.total;

	for (uint32_t off = sizeof(*hdr);;) {
		if (p.total - off < sizeof(struct mb2_tag)) {
			log_error("multiboot2: no end tag within the block's %u bytes",
				  p.total);
			out->nr_errors++;
			break;
		}
		const struct mb2_tag *tag = (const void *)(p.info + off);
		uint32_t size = tag->size;

		if (size < sizeof(struct mb2_tag)) {
			tag_error(&p, tag->type, off,
				  "size %u is smaller than a tag header; parsing stopped",
				  size);
			break;
		}
		if (size > p.total - off) {
			tag_error(&p, tag->type, off,
				  "size %u runs past the block end (total size %u); parsing stopped",
				  size, p.total);
			break;
		}
		if (parse_tag(&p, tag, off))
			break;
		off = MIN(off + ALIGN_UP(size, MB2_TAG_ALIGN), p.total);
	}

	build_memory_map(&p);
	return p.efi_bs_running ? MB2_ERR_EFI_BS : MB2_OK;
}

const struct boot_module *boot_find_module(const struct boot_info *bi,
					   const char *string)
{
	for (unsigned i = 0; i < bi->nr_modules; i++)
		if (strcmp(bi->modules[i].string, string) == 0)
			return &bi->modules[i];
	return NULL;
}
