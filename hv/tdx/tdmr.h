/* TDMR/PAMT layout for TDH.SYS.CONFIG: the hardware structures (TDMR_INFO,
 * CMR_INFO) and the builder that turns TDX-usable memory into TDMRs,
 * reserved areas and PAMT placement. The builder is pure: no allocation,
 * no logging, no hardware access; it picks the PAMT addresses inside the
 * usable memory it is given, and the caller then carves exactly those
 * ranges out of free RAM (mem_reserve(name, size, PAGE_SIZE, base,
 * base + size) before the page allocator starts). Algorithm and rules:
 * docs/tdmr.md. */
#ifndef HV_TDX_TDMR_H
#define HV_TDX_TDMR_H

#include "../mm/range_set.h"
#include "../types.h"

/* Module limits (intel/tdx-module tdx_1.5): MAX_TDMRS 64
 * (src/common/data_structures/tdx_global_data.h), MAX_RESERVED_AREAS 16
 * and MAX_CMR 32 (include/tdx_api_defs.h), 16-byte PAMT entries
 * (PAMT_ENTRY_SIZE_IN_BYTES, src/common/memory_handlers/pamt_manager.h).
 * The structures below are sized for these maxima; the metadata a module
 * reports (MAX_TDMRS, MAX_RESERVED_PER_TDMR, PAMT_*_ENTRY_SIZE) may only
 * lower them. */
#define TDMR_MAX_TDMRS      64
#define TDMR_MAX_RSVD       16
#define TDMR_MAX_CMRS       32
#define TDMR_PAMT_ENTRY     16
#define TDMR_GRANULE        GiB         /* TDMR base and size alignment */
#define TDMR_INFO_ALIGN     512         /* TDMR_INFO_ENTRY_PTR_ARRAY_ALIGNMENT */
#define TDX_MAX_PA_BITS     52          /* MAX_PA, src/common/x86_defs/x86_defs.h */

/* Page sizes as the module numbers them (page_size_t: PT_4KB 0, PT_2MB 1,
 * PT_1GB 2); they index PAMT levels and appear in PAMT status details. */
enum tdx_page_size {
	TDX_PS_4K = 0,
	TDX_PS_2M = 1,
	TDX_PS_1G = 2,
	TDX_PS_NR = 3,
};

/* TDMR_INFO (tdmr_info_entry_t in include/tdx_api_defs.h). The module reads
 * MAX_RESERVED_AREAS entries; a size of 0 ends the list. Each TDMR_INFO
 * must sit at a 512-byte aligned address (TDH.SYS.CONFIG checks every
 * pointer in the RCX array with that alignment). */
struct tdmr_reserved_area {
	uint64_t offset;                /* from the TDMR base; 4K aligned */
	uint64_t size;                  /* 4K aligned; 0 = end of list */
} __packed;

struct tdmr_info {
	uint64_t base;                  /* 1 GiB aligned */
	uint64_t size;                  /* multiple of 1 GiB */
	uint64_t pamt_1g_base, pamt_1g_size;
	uint64_t pamt_2m_base, pamt_2m_size;
	uint64_t pamt_4k_base, pamt_4k_size;
	struct tdmr_reserved_area rsvd[TDMR_MAX_RSVD];
} __packed __aligned(TDMR_INFO_ALIGN);

_Static_assert(__builtin_offsetof(struct tdmr_info, rsvd) == 64, "TDMR_INFO header");
_Static_assert(sizeof(struct tdmr_info) == 512, "TDMR_INFO size");

/* CMR_INFO (cmr_info_entry_t): size 0 marks an unused entry. */
struct tdmr_cmr {
	uint64_t base;
	uint64_t size;
} __packed;

_Static_assert(sizeof(struct tdmr_cmr) == 16, "CMR_INFO size");

static inline uint64_t tdmr_info_pamt_base(const struct tdmr_info *t, enum tdx_page_size ps)
{
	return ps == TDX_PS_4K ? t->pamt_4k_base : ps == TDX_PS_2M ? t->pamt_2m_base
								   : t->pamt_1g_base;
}

static inline uint64_t tdmr_info_pamt_size(const struct tdmr_info *t, enum tdx_page_size ps)
{
	return ps == TDX_PS_4K ? t->pamt_4k_size : ps == TDX_PS_2M ? t->pamt_2m_size
								   : t->pamt_1g_size;
}

/* What the module reports through TDH.SYS.RD (MAX_TDMRS,
 * MAX_RESERVED_PER_TDMR, PAMT_{4K,2M,1G}_ENTRY_SIZE). */
struct tdmr_limits {
	unsigned max_tdmrs;
	unsigned max_rsvd;
	unsigned pamt_entry_size[TDX_PS_NR];    /* indexed by enum tdx_page_size */
};

/* Bytes of the PAMT for one level of a TDMR of tdmr_size bytes: one entry
 * per page of that size, rounded up to 4K (the module checks the size is
 * 4K aligned and at least entries x entry size). */
uint64_t tdmr_pamt_size(uint64_t tdmr_size, enum tdx_page_size ps, unsigned entry_size);

/* Reserve only the parts of a TDMR that are not convertible (outside every
 * CMR) instead of every part that is not usable. What the module requires;
 * it needs fewer reserved areas where firmware marks convertible memory
 * reserved (ACPI tables and the like), but leaves that memory known to the
 * module as TDX memory. The caller must keep such memory away from TDs. */
#define TDMR_FLAG_RESERVE_NON_CMR_ONLY  BIT(0)

struct tdmr_input {
	/* Memory to cover with TDMRs and to take PAMTs from: sorted, disjoint,
	 * inside the CMRs (RAM of the boot map, first 1 MiB excluded). Ends are
	 * exclusive; partial pages are dropped. */
	const struct range *usable;
	unsigned nr_usable;
	/* The module's CMRs, ascending and disjoint, as TDH.SYS.RD reports. */
	const struct tdmr_cmr *cmrs;
	unsigned nr_cmrs;
	/* Usable memory no PAMT may occupy (hypervisor image, boot modules,
	 * other reservations); may be NULL. */
	const struct range *avoid;
	unsigned nr_avoid;
	struct tdmr_limits limits;
	unsigned flags;
};

struct tdmr_desc {
	paddr_t base;
	uint64_t size;
	struct range pamt[TDX_PS_NR];   /* by page size; inside usable memory */
	unsigned nr_rsvd;
	struct range rsvd[TDMR_MAX_RSVD]; /* absolute, ascending */
};

enum tdmr_result {
	TDMR_OK,
	TDMR_ERR_INPUT,                 /* inputs break their contract */
	TDMR_ERR_TOO_MANY_TDMRS,        /* needs more TDMRs than the module allows */
	TDMR_ERR_TOO_MANY_RSVD,         /* a 1 GiB block needs more reserved areas */
	TDMR_ERR_NO_PAMT_SPACE,         /* no usable memory for a PAMT */
};

struct tdmr_plan {
	enum tdmr_result result;
	char msg[200];                  /* the failure, as one line to print */
	uint64_t need, allowed;         /* the limit that failed: needed vs allowed */
	unsigned nr_tdmrs;
	struct tdmr_desc tdmr[TDMR_MAX_TDMRS];
	uint64_t pamt_bytes;            /* sum of all PAMTs */
	unsigned max_rsvd_used;         /* most reserved areas in one TDMR */
};

/* The builder's scratch space (about 175 KiB); the caller provides it so the
 * builder needs no allocator. Sized for RANGE_SET_MAX usable ranges. */
#define TDMR_MAX_RANGES   RANGE_SET_MAX
#define TDMR_MAX_AVOID    64
#define TDMR_MAX_POINTS   (4 * TDMR_MAX_RANGES + 4)
#define TDMR_MAX_BLOCKS   (TDX_PS_NR * TDMR_MAX_TDMRS)

struct tdmr_pamt_item {
	uint64_t size;
	uint16_t tdmr;
	uint16_t ps;                    /* enum tdx_page_size */
};

struct tdmr_work {
	struct range usable[TDMR_MAX_RANGES];
	unsigned nr_usable;
	struct range cmr[TDMR_MAX_CMRS];
	unsigned nr_cmr;
	struct range avoid[TDMR_MAX_AVOID];
	unsigned nr_avoid;
	/* Candidate TDMR boundaries and what the layout search knows of them. */
	paddr_t point[TDMR_MAX_POINTS];
	unsigned nr_points;
	uint16_t first_after[TDMR_MAX_POINTS];  /* first usable range ending past it */
	uint16_t nr_before[TDMR_MAX_POINTS];    /* usable ranges starting before it */
	uint8_t head_needs[TDMR_MAX_POINTS];    /* hole from here to the next range needs an area */
	uint8_t tail_needs[TDMR_MAX_POINTS];    /* hole from the last range to here needs one */
	uint16_t gap_needs[TDMR_MAX_RANGES + 1]; /* prefix count of inner gaps needing areas */
	uint16_t frag_prefix[TDMR_MAX_RANGES + 1]; /* ... of 4K ranges between two such gaps */
	bool absorb;                    /* count 4K fragments as filled by PAMT_1Gs */
	uint64_t max_size;              /* largest TDMR allowed (0: any) */
	uint64_t cost[2][TDMR_MAX_POINTS];
	uint16_t from[TDMR_MAX_TDMRS + 1][TDMR_MAX_POINTS];
	/* PAMTs to place, largest first, and the blocks placed so far. */
	struct tdmr_pamt_item item[TDMR_MAX_BLOCKS];
	unsigned areas[TDMR_MAX_TDMRS];
	struct range block[TDMR_MAX_BLOCKS];   /* ascending */
	unsigned nr_blocks;
};

/* Builds the layout. Returns true with plan filled, or false with
 * plan->result and plan->msg saying which input or limit fails and by how
 * much. Deterministic; time bounded by ranges x points x TDMRs. */
bool tdmr_build(const struct tdmr_input *in, struct tdmr_work *work, struct tdmr_plan *plan);

/* The hardware TDMR_INFO of plan TDMR i (unused reserved areas zeroed). */
void tdmr_plan_to_info(const struct tdmr_plan *plan, unsigned i, struct tdmr_info *out);

#if __STDC_HOSTED__
/* Host only, for comparison (tools/tdmr-plan --linux, docs/tdmr.md): a
 * model of Linux's TDMR construction, arch/x86/virt/vmx/tdx/tdx.c
 * construct_tdmrs (fill_out_tdmrs, tdmrs_set_up_pamt_all,
 * tdmrs_populate_rsvd_areas_all) as in torvalds/linux 01fb93a3, which
 * still takes holes from memblock, not from CMRs. linux_tdmr.c compiles to
 * nothing in the freestanding (hypervisor) build. */
#define LINUX_ENOMEM 12
#define LINUX_ENOSPC 28
#define LINUX_TDMR_MAX_TMB 512

/* An SRAT memory affinity range: [start, end) belongs to NUMA node nid. */
struct linux_numa_range {
	paddr_t start, end;
	int nid;
};

struct linux_tdmr_input {
	const struct range *ram;        /* e820 RAM (memblock.memory), ascending */
	unsigned nr_ram;
	const struct linux_numa_range *numa;    /* none: one node */
	unsigned nr_numa;
	struct tdmr_limits limits;
};

struct linux_tmb {                     /* struct tdx_memblock */
	paddr_t start, end;
	int nid;
};

struct linux_tdmr_result {
	int err;                        /* 0, -LINUX_ENOSPC or -LINUX_ENOMEM */
	char msg[160];                  /* Linux's message for the failure */
	unsigned nr_tdmrs;              /* TDMRs used (or needed, on -ENOSPC) */
	unsigned max_rsvd;              /* most reserved areas one TDMR needs */
	unsigned max_rsvd_tdmr;         /* ... and which TDMR */
	uint64_t pamt_bytes;
	struct tdmr_info tdmr[TDMR_MAX_TDMRS];
	struct linux_tmb tmb[LINUX_TDMR_MAX_TMB];
	unsigned nr_tmb;
};

void linux_tdmr_build(const struct linux_tdmr_input *in, struct linux_tdmr_result *out);
#endif

#endif
