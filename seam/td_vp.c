/* vCPU management: TDH.VP.CREATE, TDH.VP.ADDCX, TDH.VP.INIT, TDH.VP.FLUSH,
 * each with the module's checks in the module's order (intel/tdx-module
 * tdx_1.5 src/vmm_dispatcher/api_calls/tdh_vp_*.c; the initial state from
 * tdh_vp_init.c and src/common/data_structures/td_vmcs_init.c, see
 * ../shared/TDX-TD-ABI.md section 1). The TDVPS layout: seam/td_state.h.
 * A vCPU's owner TDR is found through the PAMT, as the module does; the
 * module's lock on it (OPERAND_BUSY on TDR) has no counterpart here, the
 * TD leaves being serialized. */
#include "md.h"
#include "td_state.h"
#include "../hv/lib/string.h"
#include "../hv/tdx/tdx_status.h"

#define TDVPS_PAGES_PER_L2_VM 3
#define VP_INIT_MAX_VERSION   1

/* Initial register values (x86_defs.h, msr_defs.h, td_vmcs_init.c). */
#define VP_XCR0_RESET        0x1ull
#define VP_DR6_RESET         0xffff0ff0ull
#define VP_FMASK_RESET       0x20200ull
#define VP_RIP_RESET         0xfffffff0ull
#define VP_RFLAGS_RESET      0x2ull
#define VP_DR7_RESET         0x400ull
#define VP_CR0_RESET         0x21ull            /* PE | NE */
#define VP_CR4_RESET         0x2040ull          /* MCE | VMXE */
#define VP_EFER_RESET        0x901ull           /* SCE | LME | NXE */
#define VP_PAT_RESET         0x0007040600070406ull
#define VP_PERF_GLOBAL_RESET 0xffull
#define VP_AR_CODE32         0xc09bu
#define VP_AR_DATA32         0xc093u
#define VP_AR_LDTR_UNUSABLE  0x10082u
#define VP_AR_TR_BUSY64      0x8bu

unsigned vp_pages_needed(const struct td_tdcs *tdcs)
{
	return TD_TDVPS_PAGES + TDVPS_PAGES_PER_L2_VM * tdcs->num_l2_vms;
}

static uint64_t vp_with_hkid(uint64_t pa, const struct td_tdr *tdr)
{
	return pa | (uint64_t)tdr->hkid << TD_HKID_SHIFT;
}

/* tdh_vp_create.c: RCX = the new TDVPR page, RDX = TDR. */
static uint64_t vp_create(struct tdx_module_args *args)
{
	uint64_t tdvpr_pa = args->rcx, tdr_pa = args->rdx, status;
	struct pamt_entry *tdvpr_pamt;
	struct td_tdvpr *vp;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;

	status = td_explicit_tdcs(tdr_pa, TDX_OPERAND_RDX, TDH_VP_CREATE, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	status = pamt_check_page(tdvpr_pa, TDX_OPERAND_RCX, PT_NDA, &tdvpr_pamt);
	if (status != TDX_SUCCESS)
		return status;

	vp = td_page(tdvpr_pa);
	memset(vp, 0, PAGE_SIZE);
	vp->num_tdvps_pages = 1;
	vp->assoc_lp = VCPU_NO_LP;
	vp->tdr_pa = tdr_pa;
	vp->tdvps_pa[TDVPS_PAGE_TDVPR] = vp_with_hkid(tdvpr_pa, tdr);
	tdr->chldcnt++;
	pamt_assign(tdvpr_pamt, PT_TDVPR, tdr_pa);
	return TDX_SUCCESS;
}

/* The TDVPR at pa and its owner TDR (lock_and_map_implicit_tdr). */
uint64_t vp_explicit_tdvpr(uint64_t pa, uint32_t operand, struct td_tdvpr **vp,
			   struct td_tdr **tdr)
{
	struct pamt_entry *e;
	uint64_t status = pamt_check_page(pa, operand, PT_TDVPR, &e);

	if (status != TDX_SUCCESS)
		return status;
	*vp = td_page(pa);
	*tdr = td_page(e->owner);
	return TDX_SUCCESS;
}

/* tdh_vp_addcx.c: RCX = the new TDCX page, RDX = TDVPR. */
static uint64_t vp_addcx(struct tdx_module_args *args)
{
	uint64_t tdcx_pa = args->rcx, status;
	struct pamt_entry *tdcx_pamt;
	struct td_tdvpr *vp;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	unsigned n;

	status = vp_explicit_tdvpr(args->rdx, TDX_OPERAND_RDX, &vp, &tdr);
	if (status != TDX_SUCCESS)
		return status;
	status = td_check_state(tdr, TDH_VP_ADDCX, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (vp->state != VCPU_UNINITIALIZED)
		return TDX_VCPU_STATE_INCORRECT;
	n = vp->num_tdvps_pages;
	if (n >= TD_TDVPS_PAGES)
		return TDX_TDCX_NUM_INCORRECT;
	status = pamt_check_page(tdcx_pa, TDX_OPERAND_RCX, PT_NDA, &tdcx_pamt);
	if (status != TDX_SUCCESS)
		return status;

	memset(td_page(tdcx_pa), 0, PAGE_SIZE);
	vp->tdvps_pa[n] = vp_with_hkid(tdcx_pa, tdr);
	vp->num_tdvps_pages = (uint8_t)(n + 1);
	tdr->chldcnt++;
	pamt_assign(tdcx_pamt, PT_TDCX, vp->tdr_pa);
	return TDX_SUCCESS;
}

static void vp_segment(struct td_segment *s, uint32_t limit, uint32_t ar)
{
	s->limit = limit;
	s->ar = ar;
}

/* init_vcpu_gprs_and_registers, init_vcpu_msrs and the TD VMCS guest
 * state of td_vmcs_init.c: 32-bit protected mode, paging off, at the
 * reset vector. */
static void vp_initial_state(struct td_tdvpr *vp, const struct td_tdcs *tdcs, uint64_t rcx)
{
	struct td_vcpu_regs *r = &vp->regs;
	uint8_t *xsave = td_page(vp->tdvps_pa[TDVPS_PAGE_XSAVE]);

	memset(r, 0, sizeof(*r));
	r->gpr[TD_RBX] = tdcs->gpaw ? 52 : 48;
	r->gpr[TD_RCX] = rcx;
	r->gpr[TD_R8] = rcx;
	r->gpr[TD_RDX] = seam_global()->platform_fms;
	r->gpr[TD_RSI] = vp->vcpu_index;
	r->xcr0 = VP_XCR0_RESET;
	r->dr6 = VP_DR6_RESET;
	r->ia32_fmask = VP_FMASK_RESET;
	r->rip = VP_RIP_RESET;
	r->rflags = VP_RFLAGS_RESET;
	r->dr7 = VP_DR7_RESET;
	r->cr0 = VP_CR0_RESET;
	r->cr4 = VP_CR4_RESET;
	r->ia32_efer = VP_EFER_RESET;
	r->ia32_pat = VP_PAT_RESET;
	r->ia32_perf_global_ctrl = VP_PERF_GLOBAL_RESET;
	vp_segment(&r->cs, 0xffffffff, VP_AR_CODE32);
	vp_segment(&r->ds, 0xffffffff, VP_AR_DATA32);
	vp_segment(&r->es, 0xffffffff, VP_AR_DATA32);
	vp_segment(&r->fs, 0xffffffff, VP_AR_DATA32);
	vp_segment(&r->gs, 0xffffffff, VP_AR_DATA32);
	vp_segment(&r->ss, 0xffffffff, VP_AR_DATA32);
	vp_segment(&r->ldtr, 0xffff, VP_AR_LDTR_UNUSABLE);
	vp_segment(&r->tr, 0xffff, VP_AR_TR_BUSY64);
	r->gdtr_limit = 0xffff;
	/* XSAVE header: compacted format, no component in use. */
	*(uint64_t *)(xsave + TD_XSAVE_XCOMP_BV_OFFSET) = BIT(63);
}

/* tdh_vp_init.c: RCX = TDVPR, RDX = the vCPU's initial RCX; version 1
 * also takes R8 = its x2APIC ID (recorded for the virtual APIC; later
 * modules' checks on it are unknown, see ../shared/TDX-TD-ABI.md). The
 * vCPU is associated with the calling LP, as on its first entry. */
static uint64_t vp_init(struct tdx_module_args *args, unsigned version)
{
	struct td_tdvpr *vp;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t status;

	if (version > VP_INIT_MAX_VERSION)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RAX);
	status = vp_explicit_tdvpr(args->rcx, TDX_OPERAND_RCX, &vp, &tdr);
	if (status != TDX_SUCCESS)
		return status;
	status = td_check_state(tdr, TDH_VP_INIT, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (vp->num_tdvps_pages < vp_pages_needed(tdcs))
		return TDX_TDCX_NUM_INCORRECT;
	if (vp->state != VCPU_UNINITIALIZED)
		return TDX_VCPU_STATE_INCORRECT;
	if (tdcs->num_vcpus >= tdcs->max_vcpus)
		return TDX_MAX_VCPUS_EXCEEDED;

	vp->vcpu_index = tdcs->num_vcpus++;
	vp->x2apic_id = version > 0 ? (uint32_t)args->r8 : vp->vcpu_index;
	vp->xfam = tdcs->xfam;
	vp_initial_state(vp, tdcs, args->rdx);
	md_vp_init_ctls(&vp->ctls);
	vp->state = VCPU_READY;
	vp->last_td_exit = TD_LAST_EXIT_ASYNC_FAULT;
	vp->assoc_lp = seam_lp();
	tdcs->num_assoc_vcpus++;
	return TDX_SUCCESS;
}

/* tdh_vp_flush.c: RCX = TDVPR, called on the LP the vCPU is associated
 * with. The real module also flushes the TD's TLB entries and VMCLEARs the
 * TD VMCS on this LP; TDH.VP.ENTER, which loads that VMCS, owns that part. */
static uint64_t vp_flush(struct tdx_module_args *args)
{
	struct td_tdvpr *vp;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;
	uint64_t status;

	status = vp_explicit_tdvpr(args->rcx, TDX_OPERAND_RCX, &vp, &tdr);
	if (status != TDX_SUCCESS)
		return status;
	if (tdr->lifecycle != TD_KEYS_CONFIGURED)
		return TDX_TD_KEYS_NOT_CONFIGURED;
	tdcs = td_tdcs_of(tdr);
	if (vp->num_tdvps_pages < vp_pages_needed(tdcs))
		return TDX_TDCX_NUM_INCORRECT;
	if (vp->assoc_lp != seam_lp())
		return TDX_VCPU_NOT_ASSOCIATED;

	vp->assoc_lp = VCPU_NO_LP;
	tdcs->num_assoc_vcpus--;
	return TDX_SUCCESS;
}

uint64_t seam_vp_create(struct tdx_module_args *args)
{
	return td_leaf_call(vp_create, args);
}

uint64_t seam_vp_addcx(struct tdx_module_args *args)
{
	return td_leaf_call(vp_addcx, args);
}

uint64_t seam_vp_init(struct tdx_module_args *args, unsigned version)
{
	uint64_t status = td_leaf_enter();

	if (status != TDX_SUCCESS)
		return status;
	status = vp_init(args, version);
	td_leaf_exit();
	return status;
}

uint64_t seam_vp_flush(struct tdx_module_args *args)
{
	return td_leaf_call(vp_flush, args);
}
