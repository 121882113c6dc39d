/* vCPU-scope metadata: the fields TDH.VP.RD/WR and TDG.VP.RD/WR reach
 * (seam/md.h), with the masks of intel/tdx-module tdx_1.5
 * include/auto_gen/tdvps_fields_lookup.c and td_vmcs_fields_lookup.c and
 * the special cases of src/common/metadata_handlers/metadata_vp.c.
 *
 * Where a field lives in the model: guest GPRs, DR0-3/DR6, XCR0 and the
 * management fields in the TDVPR page; the TD VMCS's guest state in the
 * TDVPR's register image until the vCPU first runs (TDH.VP.ENTER builds
 * the VMCS from it; the real module builds its VMCS at TDH.VP.INIT) and in
 * the VMCS after (td_vmcs_read/write); the host-written VMCS controls in
 * vp->ctls, which TDH.VP.ENTER applies (td_state.h). The model has the
 * subset below; every other id is TDX_METADATA_FIELD_ID_INCORRECT
 * (docs/tdx-module-model.md lists what is missing). */
#include "md.h"
#include "td_irq.h"
#include "../hv/arch/x86/vmx.h"
#include "../hv/tdx/tdx_status.h"

#define VMCS_FIELD_HIGH    1u           /* encoding bit 0: high half access */
#define VECTOR_UD          6
#define VECTOR_MC          18
#define PIN_POSTED_INTR    BIT(7)
#define PI_NV_UNSET        0xffffu      /* POSTED_INTERRUPT_NOTFICATION_VECTOR_INIT */
#define PI_NV_MAX          255
#define PI_DESC_SIZE       64
#define SHARED_EPTP_ADDR   0x000ffffffffff000ull

enum md_vp_kind {
	VP_MEM,         /* in the TDVPR page at offset */
	VP_GUEST,       /* TD VMCS guest state; before the first entry at offset */
	VP_CTL,         /* a host-written TD VMCS control kept in vp->ctls */
	VP_STATE_DETAILS,
};

struct md_vp_field {
	uint64_t id;                    /* first element */
	uint8_t count;                  /* elements */
	uint8_t kind;                   /* enum md_vp_kind */
	uint16_t offset;                /* in struct td_tdvpr */
	uint16_t stride;                /* bytes between elements there */
	uint16_t bytes;                 /* of the storage */
	const struct md_masks *masks;
};

static const struct md_masks vp_none = { 0, 0, 0, 0, 0, 0 };
static const struct md_masks vp_debug_rw = { 0, 0, ~0ull, ~0ull, 0, 0 };
static const struct md_masks vp_debug_ro = { 0, 0, ~0ull, 0, 0, 0 };
static const struct md_masks vp_host_ro = { ~0ull, 0, ~0ull, 0, 0, 0 };
static const struct md_masks vp_all_ro = { ~0ull, 0, ~0ull, 0, ~0ull, 0 };
static const struct md_masks vp_guest_rw = { ~0ull, 0, ~0ull, 0, ~0ull, ~0ull };
static const struct md_masks vp_dr6 = { 0, 0, ~0ull, 0xffffffffull, 0, 0 };
static const struct md_masks vp_host_rw = { ~0ull, ~0ull, ~0ull, ~0ull, 0, 0 };
static const struct md_masks vp_pid = { ~0ull, ~0x3full, ~0ull, ~0x3full, 0, 0 };
static const struct md_masks vp_shared_eptp = { SHARED_EPTP_ADDR, SHARED_EPTP_ADDR, ~0ull,
					     SHARED_EPTP_ADDR, 0, 0 };
static const struct md_masks vp_pin_based = { PIN_POSTED_INTR, PIN_POSTED_INTR, ~0ull,
					   PIN_POSTED_INTR, 0, 0 };
static const struct md_masks vp_exc_bitmap = { 0, 0, ~0ull, ~BIT(VECTOR_MC), 0, 0 };
/* Interrupt-window, INVLPG, RDPMC, CR3/CR8 exiting, MOV-DR, I/O, MTF,
 * MONITOR, PAUSE: what td_vmcs_fields_lookup.c lets a debugger set. */
static const struct md_masks vp_proc_based = { 0, 0, ~0ull, 0x69994a04ull, 0, 0 };

#define AT(f)          __builtin_offsetof(struct td_tdvpr, f), 0, \
		       sizeof(((struct td_tdvpr *)0)->f)
#define ARR(f, n)      __builtin_offsetof(struct td_tdvpr, f[n]), \
		       sizeof(((struct td_tdvpr *)0)->f[0]), sizeof(((struct td_tdvpr *)0)->f[0])
#define SEG(part)      __builtin_offsetof(struct td_tdvpr, regs.es.part), \
		       sizeof(struct td_segment), sizeof(((struct td_segment *)0)->part)

static const struct md_vp_field md_vp_fields[] = {
	/* Guest GPRs; RSP is in the VMCS, its slot here a placeholder. */
	{ TDX_FIELD_GPR(0), 4, VP_MEM, ARR(regs.gpr, 0), &vp_debug_rw },
	{ TDX_FIELD_GPR(4), 1, VP_MEM, ARR(regs.gpr, 4), &vp_none },
	{ TDX_FIELD_GPR(5), 11, VP_MEM, ARR(regs.gpr, 5), &vp_debug_rw },
	{ TDX_FIELD_DR(0), 4, VP_MEM, ARR(ctls.dr, 0), &vp_debug_rw },
	{ TDX_FIELD_DR(6), 1, VP_MEM, AT(regs.dr6), &vp_dr6 },
	{ TDX_FIELD_XCR0, 1, VP_MEM, AT(regs.xcr0), &vp_debug_ro },
	{ TDX_FIELD_VCPU_STATE_DETAILS, 1, VP_STATE_DETAILS, 0, 0, 8, &vp_host_ro },
	{ TDX_FIELD_VCPU_INDEX, 1, VP_MEM, AT(vcpu_index), &vp_all_ro },
	{ TDX_FIELD_NUM_TDVPS_PAGES, 1, VP_MEM, AT(num_tdvps_pages), &vp_host_ro },
	{ TDX_FIELD_ASSOC_LPID, 1, VP_MEM, AT(assoc_lp), &vp_host_ro },
	{ TDX_FIELD_CPUID_SUPERVISOR_VE, 1, VP_MEM, AT(ctls.cpuid_supervisor_ve), &vp_guest_rw },
	{ TDX_FIELD_CPUID_USER_VE, 1, VP_MEM, AT(ctls.cpuid_user_ve), &vp_guest_rw },
	{ TDX_FIELD_XFAM, 1, VP_MEM, AT(xfam), &vp_host_ro },
	{ TDX_FIELD_TDVPS_PAGE_PA(0), TD_TDVPS_PAGES, VP_MEM, ARR(tdvps_pa, 0), &vp_host_ro },
	/* TD VMCS controls the host writes. */
	{ TDX_FIELD_POSTED_INTR_NV, 1, VP_CTL, AT(ctls.posted_intr_nv), &vp_host_rw },
	{ TDX_FIELD_POSTED_INTR_DESC_ADDR, 1, VP_CTL, AT(ctls.pid_hpa), &vp_pid },
	{ TDX_FIELD_SHARED_EPTP, 1, VP_CTL, AT(ctls.shared_eptp), &vp_shared_eptp },
	{ TDX_FIELD_PIN_BASED_CONTROLS, 1, VP_CTL, AT(ctls.pin_based), &vp_pin_based },
	{ TDX_FIELD_PROC_BASED_CONTROLS, 1, VP_CTL, AT(ctls.proc_based), &vp_proc_based },
	{ TDX_FIELD_EXCEPTION_BITMAP, 1, VP_CTL, AT(ctls.exception_bitmap), &vp_exc_bitmap },
	/* TD VMCS guest state (debug TD), ES CS SS DS FS GS LDTR TR in turn. */
	{ TDX_FIELD_GUEST_ES_SEL, 8, VP_GUEST, SEG(selector), &vp_debug_rw },
	{ TDX_FIELD_GUEST_ES_LIMIT, 8, VP_GUEST, SEG(limit), &vp_debug_rw },
	{ TDX_FIELD_GUEST_ES_AR, 8, VP_GUEST, SEG(ar), &vp_debug_rw },
	{ TDX_FIELD_GUEST_ES_BASE, 8, VP_GUEST, SEG(base), &vp_debug_rw },
	{ TDX_FIELD_GUEST_GDTR_LIMIT, 1, VP_GUEST, AT(regs.gdtr_limit), &vp_debug_rw },
	{ TDX_FIELD_GUEST_IDTR_LIMIT, 1, VP_GUEST, AT(regs.idtr_limit), &vp_debug_rw },
	{ TDX_FIELD_GUEST_GDTR_BASE, 1, VP_GUEST, AT(regs.gdtr_base), &vp_debug_rw },
	{ TDX_FIELD_GUEST_IDTR_BASE, 1, VP_GUEST, AT(regs.idtr_base), &vp_debug_rw },
	{ TDX_FIELD_GUEST_CR0, 1, VP_GUEST, AT(regs.cr0), &vp_debug_rw },
	{ TDX_FIELD_GUEST_CR3, 1, VP_GUEST, AT(regs.cr3), &vp_debug_rw },
	{ TDX_FIELD_GUEST_CR4, 1, VP_GUEST, AT(regs.cr4), &vp_debug_rw },
	{ TDX_FIELD_GUEST_DR7, 1, VP_GUEST, AT(regs.dr7), &vp_debug_rw },
	{ TDX_FIELD_GUEST_RSP, 1, VP_GUEST, ARR(regs.gpr, TD_RSP), &vp_debug_rw },
	{ TDX_FIELD_GUEST_RIP, 1, VP_GUEST, AT(regs.rip), &vp_debug_rw },
	{ TDX_FIELD_GUEST_RFLAGS, 1, VP_GUEST, AT(regs.rflags), &vp_debug_rw },
	{ TDX_FIELD_GUEST_IA32_PAT, 1, VP_GUEST, AT(regs.ia32_pat), &vp_debug_rw },
	{ TDX_FIELD_GUEST_IA32_EFER, 1, VP_GUEST, AT(regs.ia32_efer), &vp_debug_rw },
};

/* VMCS fields step by 2 (their lookup entries have INC_SIZE 1); an odd
 * encoding asks for the high half, which metadata_vp.c refuses. */
static unsigned md_vp_step(const struct md_vp_field *f)
{
	return TDX_MD_CLASS(f->id) == 0 ? 2 : 1;
}

static const struct md_vp_field *md_vp_lookup(uint64_t id, unsigned *index)
{
	for (unsigned i = 0; i < ARRAY_SIZE(md_vp_fields); i++) {
		const struct md_vp_field *f = &md_vp_fields[i];
		uint64_t first = TDX_MD_FIELD_CODE(f->id), code = TDX_MD_FIELD_CODE(id);
		unsigned step = md_vp_step(f);

		if (TDX_MD_CLASS(id) != TDX_MD_CLASS(f->id) || code < first ||
		    code >= first + (uint64_t)f->count * step)
			continue;
		if ((code - first) % step)
			return NULL;
		*index = (unsigned)((code - first) / step);
		return f;
	}
	return NULL;
}

static uint8_t *md_vp_storage(struct td_tdvpr *vp, const struct md_vp_field *f, unsigned index)
{
	return (uint8_t *)vp + f->offset + index * f->stride;
}

static uint64_t md_vp_load(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void md_vp_store(uint8_t *p, unsigned bytes, uint64_t v)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The TD VMCS exists once the vCPU has run: TDH.VP.ENTER builds it (and
 * only a vCPU that ran is disabled, by a triple fault). */
static bool md_vp_vmcs_live(const struct td_tdvpr *vp)
{
	return vp->state == VCPU_ACTIVE || vp->state == VCPU_DISABLED;
}

static uint32_t md_vp_vmcs_field(const struct md_vp_field *f, unsigned index)
{
	return (uint32_t)TDX_MD_FIELD_CODE(f->id) + 2 * index;
}

static bool md_vp_get(struct td_tdvpr *vp, const struct md_vp_field *f, unsigned index,
		      uint64_t *value)
{
	switch (f->kind) {
	case VP_GUEST:
		if (md_vp_vmcs_live(vp))
			return td_vmcs_read(vp, md_vp_vmcs_field(f, index), value);
		break;
	case VP_STATE_DETAILS:
		*value = td_vcpu_state_details(vp);
		return true;
	case VP_CTL:
		if (f->id == TDX_FIELD_EXCEPTION_BITMAP) {
			*value = vp->ctls.exception_bitmap | BIT(VECTOR_MC);
			return true;
		}
		break;
	}
	*value = md_vp_load(md_vp_storage(vp, f, index), f->bytes);
	return true;
}

/* The checks metadata_vp.c makes on the value to be written
 * (md_vp_handle_field_attribute_on_wr, md_vp_element_vmcs_wr_handle). */
static uint64_t md_vp_check(const struct td_tdvpr *vp, const struct md_vp_field *f,
			    uint64_t value)
{
	switch (f->id) {
	case TDX_FIELD_POSTED_INTR_NV:
		return value > PI_NV_MAX ? TDX_METADATA_FIELD_VALUE_NOT_VALID : TDX_SUCCESS;
	case TDX_FIELD_POSTED_INTR_DESC_ADDR:
		return seam_shared_hpa_ok(value, PI_DESC_SIZE, 1) ?
		       TDX_SUCCESS : TDX_METADATA_FIELD_VALUE_NOT_VALID;
	case TDX_FIELD_SHARED_EPTP:
		return seam_shared_hpa_ok(value, PAGE_SIZE, 1) ?
		       TDX_SUCCESS : TDX_METADATA_FIELD_VALUE_NOT_VALID;
	case TDX_FIELD_PIN_BASED_CONTROLS:
		/* Posted interrupts need the vector and the descriptor first. */
		if (!(value & PIN_POSTED_INTR))
			return TDX_SUCCESS;
		if (vp->ctls.posted_intr_nv == PI_NV_UNSET)
			return TDX_TD_VMCS_FIELD_NOT_INITIALIZED |
			       TDX_MD_FIELD_CODE(TDX_FIELD_POSTED_INTR_NV);
		if (vp->ctls.pid_hpa == NULL_PA)
			return TDX_TD_VMCS_FIELD_NOT_INITIALIZED |
			       TDX_MD_FIELD_CODE(TDX_FIELD_POSTED_INTR_DESC_ADDR);
		return TDX_SUCCESS;
	default:
		return TDX_SUCCESS;
	}
}

/* A write that reached the VMCS's own copy: guest state goes there once
 * the VMCS exists, and the debug controls change the VMCS's bits. */
static bool md_vp_set(struct td_tdvpr *vp, const struct md_vp_field *f, unsigned index,
		      uint64_t value, uint64_t changed)
{
	uint64_t vmcs;

	if (f->kind == VP_GUEST && md_vp_vmcs_live(vp))
		return td_vmcs_write(vp, md_vp_vmcs_field(f, index), value);
	md_vp_store(md_vp_storage(vp, f, index), f->bytes, value);
	if (!md_vp_vmcs_live(vp))
		return true;
	if (f->id == TDX_FIELD_EXCEPTION_BITMAP)
		return td_vmcs_write(vp, VMCS_EXCEPTION_BITMAP, md_vp_exception_bitmap(vp));
	if (f->id == TDX_FIELD_PROC_BASED_CONTROLS)
		return td_vmcs_read(vp, VMCS_PROC_BASED_CONTROLS, &vmcs) &&
		       td_vmcs_write(vp, VMCS_PROC_BASED_CONTROLS, (vmcs & ~changed) | (value & changed));
	return true;
}

uint64_t md_vp_access(struct td_tdvpr *vp, uint64_t id, struct md_request *req)
{
	const struct md_vp_field *f;
	uint64_t cur, next, status;
	unsigned index;
	bool pa_field;

	if (!md_single_element_ok(id))
		return TDX_METADATA_FIELD_ID_INCORRECT;
	f = md_vp_lookup(id, &index);
	if (!f || !md_vp_get(vp, f, index, &cur))
		return TDX_METADATA_FIELD_ID_INCORRECT;
	pa_field = f->id == TDX_FIELD_POSTED_INTR_DESC_ADDR || f->id == TDX_FIELD_SHARED_EPTP;
	status = md_element(f->masks, f->id, cur, req, pa_field, true, &next);
	if (status != TDX_SUCCESS || req->access == MD_HOST_RD || req->access == MD_GUEST_RD)
		return status;
	status = md_vp_check(vp, f, next);
	if (status != TDX_SUCCESS)
		return status;
	if (!md_vp_set(vp, f, index, next, next ^ cur))
		return TDX_METADATA_FIELD_NOT_WRITABLE;
	return TDX_SUCCESS;
}

void md_vp_init_ctls(struct td_vcpu_ctls *c)
{
	*c = (struct td_vcpu_ctls){
		.pid_hpa = NULL_PA,
		.posted_intr_nv = PI_NV_UNSET,
		.exception_bitmap = BIT(VECTOR_MC),
	};
}

uint32_t md_vp_exception_bitmap(const struct td_tdvpr *vp)
{
	return vp->ctls.exception_bitmap | BIT(VECTOR_MC) | BIT(VECTOR_UD);
}
