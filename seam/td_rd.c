/* TD-scope metadata: TDH.MNG.RD (version 0) and TDH.MNG.WR, and the field
 * access TDG.VM.RD/WR share (seam/md.h). intel/tdx-module tdx_1.5
 * src/vmm_dispatcher/api_calls/tdh_mng_rd_wr.c, src/common/
 * metadata_handlers/metadata_td.c (md_td_write_element: TD_CTLS). Field
 * ids and masks from include/auto_gen/tdr_tdcs_fields_lookup.c; the model
 * has the subset below, every other id is TDX_METADATA_FIELD_ID_INCORRECT
 * (docs/tdx-module-model.md lists it). */
#include "md.h"
#include "../hv/tdx/tdx_status.h"

enum md_src { MD_TDR, MD_TDCS, MD_MEASURE, MD_CONST };

struct md_td_field {
	uint64_t id;                    /* first element */
	unsigned count;                 /* elements (consecutive field codes) */
	enum md_src src;
	unsigned offset, size;          /* bytes in that page; element stride = size */
	const struct md_masks *masks;
	uint64_t constant;              /* MD_CONST */
};

/* Who may read and write what (prod / debug / guest). */
static const struct md_masks td_host_ro = { ~0ull, 0, ~0ull, 0, 0, 0 };
static const struct md_masks td_all_ro = { ~0ull, 0, ~0ull, 0, ~0ull, 0 };
static const struct md_masks td_debug_guest_ro = { 0, 0, ~0ull, 0, ~0ull, 0 };
static const struct md_masks td_notify_enables = { 0, 0, ~0ull, 1, 1, 1 };
static const struct md_masks td_td_ctls = { 0, 0, ~0ull, 0, ~0ull, TDX_TD_CTLS_PENDING_VE_DISABLE };

#define TDR_F(f)     MD_TDR, __builtin_offsetof(struct td_tdr, f), sizeof(((struct td_tdr *)0)->f)
#define TDCS_F(f)    MD_TDCS, __builtin_offsetof(struct td_tdcs, f), sizeof(((struct td_tdcs *)0)->f)
#define MEAS_F(f, n) MD_MEASURE, __builtin_offsetof(struct td_tdcs_measure, f), \
		     sizeof(((struct td_tdcs_measure *)0)->f) / (n)
#define MR_ELEMS     (MR_SIZE / 8)
/* TSC virtualization: the model runs TDs with TSC offset 0 and no
 * scaling (multiplier 1.0 in the VMCS's 16.48 fixed point). */
#define MD_TSC_MULTIPLIER_ONE BIT(48)

static const struct md_td_field md_td_fields[] = {
	{ 0x8010000000000001ull, 1, TDR_F(fatal), &td_host_ro, 0 },          /* FATAL */
	{ 0x8010000200000002ull, 1, TDR_F(num_tdcx), &td_host_ro, 0 },       /* NUM_TDCX */
	{ 0x8010000300000004ull, 1, TDR_F(chldcnt), &td_host_ro, 0 },        /* CHLDCNT */
	{ 0x8010000200000005ull, 1, TDR_F(lifecycle), &td_host_ro, 0 },      /* LIFECYCLE_STATE */
	{ 0x8010000300000010ull, TD_TDCS_PAGES, MD_TDR,                   /* TDCX_PA[] */
	  __builtin_offsetof(struct td_tdr, tdcx_pa), 8, &td_host_ro, 0 },
	{ 0x8110000100000001ull, 1, TDR_F(hkid), &td_host_ro, 0 },           /* HKID */
	{ 0x8110000300000002ull, 1, TDR_F(pkg_config_bitmap), &td_host_ro, 0 },
	{ TDX_FIELD_NUM_VCPUS, 1, TDCS_F(num_vcpus), &td_all_ro, 0 },
	{ 0x9010000200000002ull, 1, TDCS_F(num_assoc_vcpus), &td_host_ro, 0 },
	{ TDX_FIELD_OP_STATE, 1, TDCS_F(op_state), &td_host_ro, 0 },
	{ 0x9010000100000005ull, 1, TDCS_F(num_l2_vms), &td_all_ro, 0 },     /* NUM_L2_VMS */
	{ TDX_FIELD_ATTRIBUTES, 1, TDCS_F(attributes), &td_all_ro, 0 },
	{ TDX_FIELD_TD_XFAM, 1, TDCS_F(xfam), &td_all_ro, 0 },
	{ TDX_FIELD_MAX_VCPUS, 1, TDCS_F(max_vcpus), &td_all_ro, 0 },
	{ TDX_FIELD_GPAW, 1, TDCS_F(gpaw), &td_all_ro, 0 },
	{ TDX_FIELD_TD_EPTP, 1, TDCS_F(eptp), &td_host_ro, 0 },
	{ TDX_FIELD_TSC_OFFSET, 1, MD_CONST, 0, 8, &td_host_ro, 0 },
	{ TDX_FIELD_TSC_MULTIPLIER, 1, MD_CONST, 0, 8, &td_host_ro, MD_TSC_MULTIPLIER_ONE },
	{ TDX_FIELD_TSC_FREQUENCY, 1, TDCS_F(tsc_frequency), &td_all_ro, 0 },
	{ TDX_FIELD_NOTIFY_ENABLES, 1, TDCS_F(notify_enables), &td_notify_enables, 0 },
	{ TDX_FIELD_CONFIG_FLAGS, 1, TDCS_F(config_flags), &td_all_ro, 0 },
	{ TDX_FIELD_TD_CTLS, 1, TDCS_F(td_ctls), &td_td_ctls, 0 },
	{ TDX_FIELD_MRTD, MR_ELEMS, MEAS_F(mrtd, MR_ELEMS), &td_all_ro, 0 },
	{ 0x1310000300000010ull, MR_ELEMS, MEAS_F(mr_config_id, MR_ELEMS), &td_all_ro, 0 },
	{ 0x1310000300000018ull, MR_ELEMS, MEAS_F(mr_owner, MR_ELEMS), &td_all_ro, 0 },
	{ 0x1310000300000020ull, MR_ELEMS, MEAS_F(mr_owner_config, MR_ELEMS), &td_all_ro, 0 },
	{ TDX_FIELD_RTMR(0), NR_RTMRS * MR_ELEMS, MEAS_F(rtmr, NR_RTMRS * MR_ELEMS),
	  &td_debug_guest_ro, 0 },
};

/* md_find_entry_idx: by class code and field code. */
static const struct md_td_field *md_td_lookup(uint64_t id, unsigned *index)
{
	for (unsigned i = 0; i < ARRAY_SIZE(md_td_fields); i++) {
		const struct md_td_field *f = &md_td_fields[i];
		uint64_t first = TDX_MD_FIELD_CODE(f->id);

		if (TDX_MD_CLASS(id) == TDX_MD_CLASS(f->id) && TDX_MD_FIELD_CODE(id) >= first &&
		    TDX_MD_FIELD_CODE(id) < first + f->count) {
			*index = (unsigned)(TDX_MD_FIELD_CODE(id) - first);
			return f;
		}
	}
	return NULL;
}

static uint8_t *md_td_element(struct td_tdr *tdr, const struct md_td_field *f, unsigned index)
{
	uint8_t *page = f->src == MD_TDR ? (uint8_t *)tdr :
			f->src == MD_TDCS ? (uint8_t *)td_tdcs_of(tdr) :
			(uint8_t *)td_measure_of(tdr);

	return page + f->offset + index * f->size;
}

static uint64_t md_load(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void md_store(uint8_t *p, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < size && i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t md_td_access(struct td_tdr *tdr, uint64_t id, struct md_request *req)
{
	const struct td_tdcs *tdcs = td_tdcs_of(tdr);
	const struct md_td_field *f;
	uint64_t cur, next, status;
	unsigned index;

	if (!md_single_element_ok(id))
		return TDX_METADATA_FIELD_ID_INCORRECT;
	f = md_td_lookup(id, &index);
	if (!f)
		return TDX_METADATA_FIELD_ID_INCORRECT;
	cur = f->src == MD_CONST ? f->constant : md_load(md_td_element(tdr, f, index), f->size);
	status = md_element(f->masks, f->id, cur, req, false, false, &next);
	if (status != TDX_SUCCESS || req->access == MD_HOST_RD || req->access == MD_GUEST_RD)
		return status;
	/* A guest changes PENDING_VE_DISABLE only if its TD was built with
	 * CONFIG_FLAGS.FLEXIBLE_PENDING_VE. */
	if (f->id == TDX_FIELD_TD_CTLS && req->access == MD_GUEST_WR &&
	    !(tdcs->config_flags & TDX_CONFIG_FLAGS_FLEXIBLE_PENDING_VE) &&
	    ((next ^ cur) & TDX_TD_CTLS_PENDING_VE_DISABLE))
		return TDX_METADATA_FIELD_VALUE_NOT_VALID;
	md_store(md_td_element(tdr, f, index), f->size, next);
	return TDX_SUCCESS;
}

/* tdh_mng_rd_wr: RCX = TDR, RDX = field id; WR: R8 = value, R9 = mask.
 * R8 out = the value (RD) or the old value (WR), 0 on failure. */
static uint64_t mng_rd_wr(struct tdx_module_args *args, bool write)
{
	struct md_request req = {
		.access = write ? MD_HOST_WR : MD_HOST_RD, .value = args->r8, .mask = args->r9,
	};
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t status;

	args->r8 = 0;
	status = td_explicit_tdcs(args->rcx, TDX_OPERAND_RCX, write ? TDH_MNG_WR : TDH_MNG_RD, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	req.debug = (tdcs->attributes & TD_ATTR_DEBUG) != 0;
	status = md_td_access(tdr, args->rdx, &req);
	if (status == TDX_SUCCESS)
		args->r8 = req.out;
	return status;
}

static uint64_t mng_rd(struct tdx_module_args *args)
{
	return mng_rd_wr(args, false);
}

static uint64_t mng_wr(struct tdx_module_args *args)
{
	return mng_rd_wr(args, true);
}

uint64_t seam_mng_rd(struct tdx_module_args *args)
{
	return td_leaf_call(mng_rd, args);
}

uint64_t seam_mng_wr(struct tdx_module_args *args)
{
	return td_leaf_call(mng_wr, args);
}
