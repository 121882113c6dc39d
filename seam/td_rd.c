/* TDH.MNG.RD (version 0): RCX = TDR, RDX = field id; R8 = the value.
 * intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls/tdh_mng_rd_wr.c
 * with the lookup of src/common/metadata_handlers/metadata_generic.c
 * (md_check_as_single_element_id, md_find_entry_idx: a field is found by
 * class code and field code; context, element size, increment size and
 * write-mask bits are ignored). Field ids from
 * include/auto_gen/tdr_tdcs_fields_lookup.h; the model answers the subset
 * below, every other id is TDX_METADATA_FIELD_ID_INCORRECT. */
#include "td_state.h"
#include "../hv/tdx/tdx_status.h"

#define MD_FIELD_CODE(id)  ((id) & 0xffffffull)
#define MD_CLASS_CODE(id)  (((id) >> 56) & 0x3f)
/* reserved_0 31:24, last_element_in_field 37:34, last_field_in_sequence
 * 46:38, reserved_1 49:47, reserved_2 55, reserved_3 62. */
#define MD_SINGLE_ELEMENT_MBZ (0xff000000ull | (0xfull << 34) | (0x1ffull << 38) | \
			       (7ull << 47) | BIT(55) | BIT(62))

enum md_src { MD_TDR, MD_TDCS, MD_MEASURE };

struct md_td_field {
	uint64_t id;                    /* first element */
	unsigned count;                 /* elements (consecutive field codes) */
	enum md_src src;
	unsigned offset, size;          /* bytes in that page; element stride = size */
};

#define TDR_F(f)     MD_TDR, __builtin_offsetof(struct td_tdr, f), sizeof(((struct td_tdr *)0)->f)
#define TDCS_F(f)    MD_TDCS, __builtin_offsetof(struct td_tdcs, f), sizeof(((struct td_tdcs *)0)->f)
#define MEAS_F(f, n) MD_MEASURE, __builtin_offsetof(struct td_tdcs_measure, f), \
		     sizeof(((struct td_tdcs_measure *)0)->f) / (n)

static const struct md_td_field md_td_fields[] = {
	{ 0x8010000000000001ull, 1, TDR_F(fatal) },             /* FATAL */
	{ 0x8010000200000002ull, 1, TDR_F(num_tdcx) },          /* NUM_TDCX */
	{ 0x8010000300000004ull, 1, TDR_F(chldcnt) },           /* CHLDCNT */
	{ 0x8010000200000005ull, 1, TDR_F(lifecycle) },         /* LIFECYCLE_STATE */
	{ 0x8010000300000010ull, TD_TDCS_PAGES, MD_TDR,         /* TDCX_PA[] */
	  __builtin_offsetof(struct td_tdr, tdcx_pa), 8 },
	{ 0x8110000100000001ull, 1, TDR_F(hkid) },              /* HKID */
	{ 0x8110000300000002ull, 1, TDR_F(pkg_config_bitmap) }, /* PKG_CONFIG_BITMAP */
	{ 0x9010000200000001ull, 1, TDCS_F(num_vcpus) },        /* NUM_VCPUS */
	{ 0x9010000200000002ull, 1, TDCS_F(num_assoc_vcpus) },  /* NUM_ASSOC_VCPUS */
	{ 0x9010000200000004ull, 1, TDCS_F(op_state) },         /* OP_STATE */
	{ 0x9010000100000005ull, 1, TDCS_F(num_l2_vms) },       /* NUM_L2_VMS */
	{ 0x1110000300000000ull, 1, TDCS_F(attributes) },       /* ATTRIBUTES */
	{ 0x1110000300000001ull, 1, TDCS_F(xfam) },             /* XFAM */
	{ 0x1110000200000002ull, 1, TDCS_F(max_vcpus) },        /* MAX_VCPUS */
	{ 0x1110000000000003ull, 1, TDCS_F(gpaw) },             /* GPAW */
	{ 0x1110000300000004ull, 1, TDCS_F(eptp) },             /* EPTP */
	{ 0x111000010000000Cull, 1, TDCS_F(tsc_frequency) },    /* TSC_FREQUENCY */
	{ 0x1110000300000016ull, 1, TDCS_F(config_flags) },     /* CONFIG_FLAGS */
	{ 0x1310000300000000ull, MR_SIZE / 8, MEAS_F(mrtd, MR_SIZE / 8) },
	{ 0x1310000300000010ull, MR_SIZE / 8, MEAS_F(mr_config_id, MR_SIZE / 8) },
	{ 0x1310000300000018ull, MR_SIZE / 8, MEAS_F(mr_owner, MR_SIZE / 8) },
	{ 0x1310000300000020ull, MR_SIZE / 8, MEAS_F(mr_owner_config, MR_SIZE / 8) },
	{ 0x1310000300000040ull, NR_RTMRS * MR_SIZE / 8,        /* RTMR[4] */
	  MEAS_F(rtmr, NR_RTMRS * MR_SIZE / 8) },
};

static const struct md_td_field *md_td_lookup(uint64_t id, unsigned *index)
{
	for (unsigned i = 0; i < ARRAY_SIZE(md_td_fields); i++) {
		const struct md_td_field *f = &md_td_fields[i];
		uint64_t first = MD_FIELD_CODE(f->id);

		if (MD_CLASS_CODE(id) == MD_CLASS_CODE(f->id) && MD_FIELD_CODE(id) >= first &&
		    MD_FIELD_CODE(id) < first + f->count) {
			*index = (unsigned)(MD_FIELD_CODE(id) - first);
			return f;
		}
	}
	return NULL;
}

static uint64_t md_td_value(const struct td_tdr *tdr, const struct md_td_field *f, unsigned index)
{
	const uint8_t *page = f->src == MD_TDR ? (const uint8_t *)tdr :
			      f->src == MD_TDCS ? (const uint8_t *)td_tdcs_of(tdr) :
			      (const uint8_t *)td_measure_of(tdr);
	const uint8_t *p = page + f->offset + index * f->size;
	uint64_t v = 0;

	for (unsigned i = 0; i < f->size && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t mng_rd(struct tdx_module_args *args)
{
	uint64_t id = args->rdx, status;
	const struct md_td_field *f;
	struct pamt_entry *pamt;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	unsigned index;

	args->r8 = 0;
	status = td_explicit_tdr(args->rcx, TDX_OPERAND_RCX, PT_TDR, &tdr, &pamt);
	if (status != TDX_SUCCESS)
		return status;
	status = td_check_state(tdr, TDH_MNG_RD, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (id & MD_SINGLE_ELEMENT_MBZ)
		return TDX_METADATA_FIELD_ID_INCORRECT;
	f = md_td_lookup(id, &index);
	if (!f)
		return TDX_METADATA_FIELD_ID_INCORRECT;
	args->r8 = md_td_value(tdr, f, index);
	return TDX_SUCCESS;
}

uint64_t seam_mng_rd(struct tdx_module_args *args)
{
	return td_leaf_call(mng_rd, args);
}
