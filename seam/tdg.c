/* The TDCALL leaves a TD calls into the module (TDG.*), other than
 * TDG.VP.VMCALL, which td_enter.c turns into a TD exit. Each leaf reads
 * its inputs from and writes its outputs to the guest's GPRs in r->g, as
 * intel/tdx-module tdx_1.5 src/td_dispatcher/vm_exits/tdg_*.c do. */
#include "td_mem.h"
#include "td_report.h"
#include "td_run.h"
#include "tdg_md.h"
#include "../hv/tdx/tdx_status.h"

#define TDREPORT_SIZE 1024

/* tdg_mr_report.c: RCX = TDREPORT GPA (1024-aligned), RDX = REPORTDATA GPA
 * (64-aligned), R8 = subtype 0. An unmapped GPA gives OPERAND_INVALID here
 * (the real module takes an EPT-violation TD exit: docs/tdx-module-model.md). */
static void tdg_mr_report(struct td_run *r)
{
	static uint8_t report[TDREPORT_SIZE];
	uint8_t reportdata[64];

	if (!IS_ALIGNED(r->g.rcx, TDREPORT_SIZE)) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
	} else if (!IS_ALIGNED(r->g.rdx, 64)) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RDX;
	} else if (r->g.r8 != 0) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_R8;
	} else if (!td_copy_gpa(r, r->g.rdx, reportdata, sizeof(reportdata), false)) {
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RDX;
	} else {
		td_build_report(r->tdcs, td_measure_of(r->tdr), reportdata, report);
		r->g.rax = td_copy_gpa(r, r->g.rcx, report, sizeof(report), true) ?
			   TDX_SUCCESS : (TDX_OPERAND_INVALID | TDX_OPERAND_RCX);
	}
}

/* tdg_mr_rtmr_extend.c: RCX = GPA of the 48-byte extension (64-aligned),
 * RDX = RTMR index 0-3. */
static void tdg_mr_rtmr_extend(struct td_run *r)
{
	uint8_t ext[MR_SIZE];

	if (!IS_ALIGNED(r->g.rcx, 64) || !td_copy_gpa(r, r->g.rcx, ext, sizeof(ext), false))
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
	else if (r->g.rdx >= NR_RTMRS)
		r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RDX;
	else {
		rtmr_extend(td_measure_of(r->tdr)->rtmr[r->g.rdx], ext);
		r->g.rax = TDX_SUCCESS;
	}
}

/* tdg_vp_info.c */
static void tdg_vp_info(struct td_run *r)
{
	r->g.rax = TDX_SUCCESS;
	r->g.rcx = r->tdcs->gpaw ? 52 : 48;
	r->g.rdx = r->tdcs->attributes;
	r->g.r8 = ((uint64_t)r->tdcs->max_vcpus << 32) | r->tdcs->num_vcpus;
	r->g.r9 = r->vp->vcpu_index;
	r->g.r10 = 1;                   /* TDG.SYS.RD available */
	r->g.r11 = 0;
}

/* tdg_vp_veinfo_get.c */
static void tdg_vp_veinfo_get(struct td_run *r)
{
	struct td_ve_info *ve = &r->vp->ve_info;

	if (!ve->valid) {
		r->g.rax = TDX_NO_VALID_VE_INFO;
		r->g.rcx = r->g.rdx = r->g.r8 = r->g.r9 = r->g.r10 = 0;
		return;
	}
	r->g.rax = TDX_SUCCESS;
	r->g.rcx = ve->exit_reason;
	r->g.rdx = ve->exit_qualification;
	r->g.r8 = ve->gla;
	r->g.r9 = ve->gpa;
	r->g.r10 = ve->instruction_length | ((uint64_t)ve->instruction_info << 32);
	ve->valid = 0;
}

/* A leaf completes the TDCALL; the ones that may need the host first
 * (TDG.MEM.PAGE.ACCEPT of a page not yet added) take the args too. */
typedef void (*tdg_simple_fn)(struct td_run *r);

static const tdg_simple_fn tdg_simple[] = {
	[TDG_VP_INFO] = tdg_vp_info,
	[TDG_VP_VEINFO_GET] = tdg_vp_veinfo_get,
	[TDG_MR_REPORT] = tdg_mr_report,
	[TDG_MR_RTMR_EXTEND] = tdg_mr_rtmr_extend,
	[TDG_VP_CPUIDVE_SET] = tdg_vp_cpuidve_set,
	[TDG_VM_RD] = tdg_vm_rd,
	[TDG_VM_WR] = tdg_vm_wr,
	[TDG_VP_RD] = tdg_vp_rd,
	[TDG_VP_WR] = tdg_vp_wr,
	[TDG_SYS_RD] = tdg_sys_rd,
};

enum tdg_result tdg_call(struct td_run *r, struct tdx_module_args *args, uint64_t *status)
{
	uint64_t leaf = r->g.rax;

	if (leaf == TDG_MEM_PAGE_ACCEPT)
		return tdg_mem_page_accept(r, args, status);
	if (leaf < ARRAY_SIZE(tdg_simple) && tdg_simple[leaf]) {
		tdg_simple[leaf](r);
		return TDG_DONE;
	}
	r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RAX;
	return TDG_DONE;
}
