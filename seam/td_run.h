/* What the parts of TDH.VP.ENTER share while a TD vCPU runs in the model:
 * td_enter.c (the VMCS, the VM-exit loop, #VE injection), tdg.c (the
 * TDCALL leaves) and td_guest_mem.c (reaching TD memory). */
#ifndef SEAM_TD_RUN_H
#define SEAM_TD_RUN_H

#include "seam_state.h"
#include "td_state.h"
#include "../hv/arch/x86/guest_regs.h"

struct td_run {
	struct td_tdr *tdr;
	struct td_tdcs *tdcs;
	struct td_tdvpr *vp;
	struct guest_regs g;            /* live GPRs while in the loop */
};

/* TDCALL leaf numbers (RAX), TDX module 1.5 ABI. */
enum tdg_leaf {
	TDG_VP_VMCALL = 0,
	TDG_VP_INFO = 1,
	TDG_MR_RTMR_EXTEND = 2,
	TDG_VP_VEINFO_GET = 3,
	TDG_MR_REPORT = 4,
	TDG_VP_CPUIDVE_SET = 5,
	TDG_MEM_PAGE_ACCEPT = 6,
	TDG_VM_RD = 7,
	TDG_VM_WR = 8,
	TDG_VP_RD = 9,
	TDG_VP_WR = 10,
	TDG_SYS_RD = 11,
	TDG_SYS_RDALL = 12,
};

enum tdg_result {
	TDG_DONE,       /* the leaf completed: RIP moves past the TDCALL */
	TDG_AGAIN,      /* re-enter at the same TDCALL (e.g. after #VE injection) */
	TDG_EXIT,       /* TD exit to the host first (*status, args set); the
			 * TDCALL runs again on the next TDH.VP.ENTER */
};

/* One TDCALL other than TDG.VP.VMCALL (tdg.c). */
enum tdg_result tdg_call(struct td_run *r, struct tdx_module_args *args, uint64_t *status);

/* td_enter.c */
void td_inject(unsigned vector, bool error_code);
/* A #VE with this exit reason and qualification (or #DF if VE_INFO is
 * still valid). */
void td_inject_ve(struct td_run *r, uint32_t reason, uint64_t qual);
void td_skip_tdcall(void);

/* td_shared_ept.c: makes the host's shared EPT the TD's view of shared
 * GPAs, before every entry. */
void td_merge_shared_ept(struct td_run *r);
/* Whether the CPU would make an EPT violation at shared gpa a #VE: the
 * walk of the 4-level shared EPT ends at an entry with "suppress #VE"
 * (bit 63) clear. */
bool td_shared_ept_convertible(uint64_t shared_eptp, uint64_t gpa);

/* td_guest_mem.c */
/* GPA -> HPA through the S-EPT; false for a GPA not mapped (or pending). */
bool td_gpa_to_hpa(const struct td_run *r, uint64_t gpa, uint64_t *hpa);
/* Guest-linear -> GPA through the TD's own paging (identity when off). */
bool td_gva_to_gpa(const struct td_run *r, uint64_t gva, uint64_t *gpa);
/* Copies to or from TD private memory at gpa; false if a page is unmapped. */
bool td_copy_gpa(const struct td_run *r, uint64_t gpa, void *buf, size_t len, bool to_td);

#endif
