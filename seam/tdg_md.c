/* The metadata TDCALLs: TDG.VM.RD/WR (TD scope), TDG.VP.RD/WR (vCPU
 * scope), TDG.SYS.RD (the module's global fields a guest may read) and
 * TDG.VP.CPUIDVE.SET. Registers as intel/tdx-module tdx_1.5
 * src/td_dispatcher/tdx_td_dispatcher.c passes them and
 * src/td_dispatcher/vm_exits/tdg_vm_rd_wr.c, tdg_vp_rd_wr.c, tdg_sys_rd.c
 * and tdg_vp_cpuidve_set.c use them; the fields and their guest masks are
 * those of seam/td_rd.c, seam/md_vp.c and seam/metadata.c. Version 1 of
 * TDG.VM.RD (the next field id in RDX) is not modelled, and TDG.VP.RD
 * returns RDX = -1 where the module gives the next readable field id. */
#include "md.h"
#include "tdg_md.h"
#include "../hv/tdx/tdx_status.h"

#define CPUIDVE_SUPERVISOR BIT(0)
#define CPUIDVE_USER       BIT(1)

/* RCX = VM id (0: the TD itself), RDX = field id; WR: R8 = value, R9 =
 * write mask. R8 out = the value (RD) or the old value (WR), 0 on error. */
static void tdg_vm_rd_wr(struct td_run *r, bool write)
{
	struct md_request req = {
		.access = write ? MD_GUEST_WR : MD_GUEST_RD, .value = r->g.r8, .mask = r->g.r9,
	};

	r->g.r8 = 0;
	if (r->g.rcx != 0) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
		return;
	}
	r->g.rax = md_td_access(r->tdr, r->g.rdx, &req);
	if (r->g.rax == TDX_SUCCESS)
		r->g.r8 = req.out;
}

void tdg_vm_rd(struct td_run *r)
{
	tdg_vm_rd_wr(r, false);
}

void tdg_vm_wr(struct td_run *r)
{
	tdg_vm_rd_wr(r, true);
}

/* RCX = 0, RDX = field id; WR: R8 = value, R9 = write mask. */
static void tdg_vp_rd_wr(struct td_run *r, bool write)
{
	struct md_request req = {
		.access = write ? MD_GUEST_WR : MD_GUEST_RD, .value = r->g.r8, .mask = r->g.r9,
	};
	uint64_t id = r->g.rdx;

	if (!write)
		r->g.rdx = NULL_PA;     /* MD_FIELD_ID_NA */
	r->g.r8 = 0;
	if (r->g.rcx != 0) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
		return;
	}
	r->g.rax = md_vp_access(r->vp, id, &req);
	if (r->g.rax == TDX_SUCCESS)
		r->g.r8 = req.out;
}

void tdg_vp_rd(struct td_run *r)
{
	tdg_vp_rd_wr(r, false);
}

void tdg_vp_wr(struct td_run *r)
{
	tdg_vp_rd_wr(r, true);
}

/* RDX = field id; RDX out = the next field id a guest may read, R8 = the
 * value. */
void tdg_sys_rd(struct td_run *r)
{
	r->g.rax = seam_sys_field_read(r->g.rdx, true, &r->g.r8, &r->g.rdx);
}

/* RCX bit 0: #VE for CPUID at CPL 0, bit 1: at CPL > 0; other bits 0. */
void tdg_vp_cpuidve_set(struct td_run *r)
{
	if (r->g.rcx & ~(CPUIDVE_SUPERVISOR | CPUIDVE_USER)) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
		return;
	}
	r->vp->ctls.cpuid_supervisor_ve = (r->g.rcx & CPUIDVE_SUPERVISOR) != 0;
	r->vp->ctls.cpuid_user_ve = (r->g.rcx & CPUIDVE_USER) != 0;
	r->g.rax = TDX_SUCCESS;
}
