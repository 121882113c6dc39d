/* Global metadata for TDH.SYS.RD, TDH.SYS.RDALL and TDG.SYS.RD: the
 * fields a host needs to configure the module and create TDs, and the few
 * a guest may read (guest_rd_mask of the lookup table). Field ids from
 * intel/tdx-module tdx_1.5 include/auto_gen/global_sys_fields_lookup.c; an
 * id (md_field_id_t, include/tdx_api_defs.h) holds the field code in
 * bits 23:0 (an array index in its low bits), the element size in bits
 * 33:32, the context code in 54:52 (0: global) and the class in 61:56.
 * Values are those of a TDX module 1.5 on a platform like the one
 * modelled. */
#include "pamt.h"
#include "seam_state.h"
#include "tdg_md.h"
#include "../hv/mm/phys.h"
#include "../hv/tdx/tdx_status.h"

#define FIELD_NA ~0ull
#define FIELD_ID_EXACT ~0ull
/* The bits md_find_entry_idx and md_check_field_and_get_entry
 * (src/common/metadata_handlers/metadata_generic.c) match a list's start
 * id on: class, element size and field code; the rest is ignored. */
#define FIELD_ID_MATCH (0x3f00000000000000ull | 0x0000000300000000ull | 0xffffffull)
#define FIELD_ID_CONTEXT 0x0070000000000000ull
/* md_field_id_t as a list's sequence header: the fields after the first
 * in the sequence (LAST_FIELD_IN_SEQUENCE, 9 bits). */
#define FIELD_ID_LAST_FIELD_SHIFT 38

enum {
	MODEL_BUILD_DATE = 20261122,    /* the model reports its own identity */
	MODEL_BUILD_NUM = 1,
	MODEL_MAJOR = 1,
	MODEL_MINOR = 5,
};

/* TDX_FEATURES0 (tdx_features_enum0_t): what the model implements of the
 * module's optional features: TDG.VP.RD/WR (bit 3) and a configurable
 * virtual IA32_ARCH_CAPABILITIES (bit 11). */
#define MODEL_TDX_FEATURES0 (BIT(3) | BIT(11))

struct field {
	uint64_t id;
	unsigned count;                 /* array elements (ids id .. id+count-1) */
	uint64_t (*value)(const struct seam_global *g, unsigned index);
	uint64_t constant;
	bool guest;                     /* TDG.SYS.RD may read it */
};

static uint64_t num_cmrs(const struct seam_global *g, unsigned i)
{
	(void)i;
	return g->nr_cmrs;
}

static uint64_t cmr_base(const struct seam_global *g, unsigned i)
{
	return i < g->nr_cmrs ? g->cmrs[i].base : 0;
}

static uint64_t cmr_size(const struct seam_global *g, unsigned i)
{
	return i < g->nr_cmrs ? g->cmrs[i].size : 0;
}

static uint64_t num_pkgs(const struct seam_global *g, unsigned i)
{
	(void)i;
	return g->params.nr_pkgs;
}

/* Sorted by id: TDH.SYS.RD also returns the next readable id. */
static const struct field fields[] = {
	{ 0x0000000200000000ull, 1, num_pkgs, 0, false },       /* NUM_PKGS */
	{ 0x0800000100000003ull, 1, NULL, MODEL_MINOR, true },  /* MINOR_VERSION */
	{ 0x0800000100000004ull, 1, NULL, MODEL_MAJOR, true },  /* MAJOR_VERSION */
	{ 0x0800000200000000ull, 1, NULL, 0x8086, true },       /* VENDOR_ID */
	{ 0x0a00000000000001ull, 1, NULL, 1, true },            /* NUM_TDX_FEATURES */
	{ 0x0a00000300000008ull, 1, NULL, MODEL_TDX_FEATURES0, true }, /* TDX_FEATURES0 */
	/* ATTRIBUTES_FIXED0/1: a 0 in FIXED0 must be 0 in a TD's ATTRIBUTES,
	 * a 1 in FIXED1 must be 1. TDX_ATTRIBUTES_FIXED0/1 in
	 * td_control_structures.h: DEBUG, SEPT_VE_DISABLE, MIGRATABLE, PKS,
	 * PERFMON may be set; nothing is forced. */
	{ 0x1900000300000000ull, 1, NULL, BIT(0) | BIT(28) | BIT(29) | BIT(30) | BIT(63), false },
	{ 0x1900000300000001ull, 1, NULL, 0, false },
	/* XFAM_FIXED0 = TDX_XFAM_FIXED0 (0x6dbe7) masked by what the CPU
	 * supports; the model advertises x87, SSE, AVX (0x7) only, as the
	 * hypervisor passes no other extended state through. FIXED1 = x87|SSE. */
	{ 0x1900000300000002ull, 1, NULL, 0x7, false },
	{ 0x1900000300000003ull, 1, NULL, 0x3, false },
	{ 0x8800000100000002ull, 1, NULL, MODEL_BUILD_NUM, false },    /* BUILD_NUM */
	{ 0x8800000200000001ull, 1, NULL, MODEL_BUILD_DATE, false },   /* BUILD_DATE */
	{ 0x9000000100000000ull, 1, num_cmrs, 0, false },              /* NUM_CMRS */
	{ 0x9000000300000080ull, SEAM_MAX_CMRS, cmr_base, 0, false },  /* CMR_BASE[] */
	{ 0x9000000300000100ull, SEAM_MAX_CMRS, cmr_size, 0, false },  /* CMR_SIZE[] */
	{ 0x9100000100000008ull, 1, NULL, SEAM_MAX_TDMRS, false },     /* MAX_TDMRS */
	{ 0x9100000100000009ull, 1, NULL, SEAM_MAX_RSVD_PER_TDMR, false },
	{ 0x9100000100000010ull, 1, NULL, SEAM_PAMT_ENTRY_SIZE, false }, /* PAMT_4K_ENTRY_SIZE */
	{ 0x9100000100000011ull, 1, NULL, SEAM_PAMT_ENTRY_SIZE, false }, /* PAMT_2M_ENTRY_SIZE */
	{ 0x9100000100000012ull, 1, NULL, SEAM_PAMT_ENTRY_SIZE, false }, /* PAMT_1G_ENTRY_SIZE */
	{ 0x9800000100000000ull, 1, NULL, PAGE_SIZE, false },          /* TDR_BASE_SIZE */
	{ 0x9800000100000100ull, 1, NULL, 4 * PAGE_SIZE, false },      /* TDCS_BASE_SIZE */
	{ 0x9800000100000200ull, 1, NULL, 6 * PAGE_SIZE, false },      /* TDVPS_BASE_SIZE */
};

/* The field whose id, compared on the bits of match, is id (or one of its
 * array elements). */
static const struct field *lookup(uint64_t id, uint64_t match, unsigned *index)
{
	for (unsigned i = 0; i < ARRAY_SIZE(fields); i++) {
		uint64_t first = fields[i].id & match;

		if ((id & match) >= first && (id & match) < first + fields[i].count) {
			*index = (unsigned)((id & match) - first);
			return &fields[i];
		}
	}
	return NULL;
}

/* The first field after f[index] (or f itself when first) that the
 * reader may read. */
static uint64_t next_id(const struct field *f, unsigned index, bool guest)
{
	if (index + 1 < f->count)
		return f->id + index + 1;
	for (f++; f < fields + ARRAY_SIZE(fields); f++)
		if (!guest || f->guest)
			return f->id;
	return FIELD_NA;
}

uint64_t seam_sys_field_read(uint64_t id, bool guest, uint64_t *value, uint64_t *next)
{
	const struct seam_global *g = seam_global();
	const struct field *f;
	unsigned index;

	*next = FIELD_NA;
	*value = 0;
	if (id == 0) {
		*next = !guest || fields[0].guest ? fields[0].id : next_id(&fields[0], 0, true);
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	f = lookup(id, FIELD_ID_EXACT, &index);
	if (!f)
		return TDX_METADATA_FIELD_ID_INCORRECT;
	if (guest && !f->guest)
		return TDX_METADATA_FIELD_NOT_READABLE;
	*value = f->value ? f->value(g, index) : f->constant;
	*next = next_id(f, index, guest);
	return TDX_SUCCESS;
}

/* Both host leaves need TDH.SYS.LP.INIT done on the calling LP. */
static bool lp_is_init(void)
{
	return seam_lp() < SEAM_MAX_LPS && seam_global()->lp_init[seam_lp()];
}

uint64_t seam_sys_rd(struct tdx_module_args *args)
{
	if (!lp_is_init()) {
		args->rdx = FIELD_NA;
		args->r8 = 0;
		return TDX_SYS_LP_INIT_NOT_DONE;
	}
	return seam_sys_field_read(args->rdx, false, &args->r8, &args->rdx);
}

/* md_list_header_t (src/common/metadata_handlers/metadata_generic.h): a
 * metadata list is this header, then sequences: an md_field_id_t naming
 * the first field, then one 8-byte slot per element of each field. */
struct md_list_header {
	uint16_t list_size;             /* bytes, this header included */
	uint16_t nr_sequences;
	uint32_t reserved;
};

/* md_dump_list for the host: from the field start names (-1 whatever its
 * context code: the first one), as many whole fields as fit in size bytes
 * at list, fields with consecutive ids in one sequence. Every field here
 * has one element and the host may read them all. *next is the first
 * field left out, -1 when none was. */
static uint64_t dump_list(uint64_t start, void *list, size_t size, uint64_t *next)
{
	struct md_list_header *header = list;
	uint64_t *out = (uint64_t *)(header + 1);
	const uint64_t *end = (const uint64_t *)((uint8_t *)list + size);
	const struct field *f;
	unsigned index;
	uint64_t id;

	*next = FIELD_NA;
	if ((start | FIELD_ID_CONTEXT) == FIELD_NA) {
		id = fields[0].id;
	} else {
		f = lookup(start, FIELD_ID_MATCH, &index);
		if (!f)
			return TDX_METADATA_FIELD_ID_INCORRECT;
		id = f->id + index;
	}
	*header = (struct md_list_header){ .list_size = sizeof(*header) };
	/* A page holds fewer than 512 elements: a sequence never outgrows
	 * LAST_FIELD_IN_SEQUENCE. */
	while (id != FIELD_NA && end - out >= 2) {
		uint64_t *sequence = out++, first = id, last;

		do {
			last = id;
			seam_sys_field_read(id, false, out++, &id);     /* a table id: readable */
		} while (id == last + 1 && out < end);
		*sequence = first | (last - first) << FIELD_ID_LAST_FIELD_SHIFT;
		header->nr_sequences++;
	}
	header->list_size = (uint16_t)((uint8_t *)out - (uint8_t *)list);
	*next = id;
	return id == FIELD_NA ? TDX_SUCCESS : TDX_METADATA_LIST_OVERFLOW;
}

/* tdh_sys_rdall.c: RDX a 4K-aligned shared page for the list, R8 the
 * field to start from; R8 out the next field to ask for (-1: done). */
uint64_t seam_sys_rdall(struct tdx_module_args *args)
{
	uint64_t start = args->r8;

	args->r8 = FIELD_NA;
	if (!lp_is_init())
		return TDX_SYS_LP_INIT_NOT_DONE;
	if (!seam_shared_hpa_ok(args->rdx, PAGE_SIZE, PAGE_SIZE))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	return dump_list(start, phys_to_virt(args->rdx & TD_PA_MASK), PAGE_SIZE, &args->r8);
}
