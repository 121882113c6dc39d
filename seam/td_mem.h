/* What the memory leaves of the model share: the GPA operand checks of
 * the SEAMCALLs that act on one S-EPT entry (seam/td_mem*.c), the
 * TDCALL TDG.MEM.PAGE.ACCEPT (seam/tdg_mem.c) and the EPT-violation TD
 * exit both it and a guest access can make (seam/td_mem_ept.c). */
#ifndef SEAM_TD_MEM_H
#define SEAM_TD_MEM_H

#include "td_run.h"

/* An absent page operand (R8-R11 of SEPT.ADD/SEPT.REMOVE version 1). */
#define NULL_PA (~0ull)
/* RDX as td_handle_and_flags_t (tdx_api_defs.h): the TDR in 51:12, a
 * leaf's flag in bit 0, bits 11:1 and 63:52 reserved. */
#define TD_HANDLE_RESERVED (0xffeull | (0xfffull << 52))

/* The S-EPT entry a leaf acts on, and its TD. */
struct mem_target {
	struct td_tdr *tdr;
	struct td_tdcs *tdcs;
	uint64_t tdr_pa;
	uint64_t gpa;
	unsigned level;
	uint64_t *septe;
};

/* The first checks of a leaf with RCX = GPA | level and RDX = TDR, in the
 * module's order: RCX and RDX cleared; RDX a TDR (check_lock_and_map_
 * explicit_tdr); the TD state for leaf; RCX with level in [min, max]
 * (verify_page_info_input: OPERAND_INVALID/RCX); the private walk to that
 * level (sept_walk_private). */
uint64_t mem_target_find(struct tdx_module_args *args, unsigned leaf, unsigned min,
			 unsigned max, struct mem_target *t);
/* EPT_ENTRY_STATE_INCORRECT/RCX, the entry reported at the requested
 * level, unless leaf may act on the entry in its state. */
uint64_t mem_target_allows(struct tdx_module_args *args, const struct mem_target *t,
			   unsigned leaf);
/* Whether removing or unblocking the entry needs TLB tracking: its state
 * may be cached by a CPU (sept_state_is_tlb_tracking_required) and the TD
 * can run (op_state_is_tlb_tracking_required: RUNNABLE). */
bool mem_target_needs_tracking(const struct mem_target *t);
/* Whether the page the entry points to was blocked in an epoch that every
 * vCPU has left since a TDH.MEM.TRACK (is_tlb_tracked on its BEPOCH). */
bool mem_target_tracked(const struct mem_target *t);

/* Extended exit qualification types (vmx_eeq_type_t, vmcs_defs.h). */
#define TD_EEQ_ACCEPT                 1
#define TD_EEQ_PENDING_EPT_VIOLATION  6
#define TD_EXIT_REASON_EPT_VIOLATION  48

/* tdx_ept_violation_exit_to_vmm (td_other_exits.c): the outputs of
 * TDH.VP.ENTER for an EPT-violation TD exit: RCX = exit qualification
 * with bits 12:7 cleared, RDX = extended exit qualification, R8 = GPA
 * with bits 11:0 cleared, every other register 0. Returns the status
 * (exit reason 48). */
uint64_t td_exit_ept_violation(struct tdx_module_args *args, uint64_t gpa, uint64_t qual,
			       uint64_t eeq);

/* TDG.MEM.PAGE.ACCEPT (seam/tdg_mem.c); returns TDG_DONE, or TDG_EXIT
 * with *status and args set for an EPT-violation TD exit. */
enum tdg_result tdg_mem_page_accept(struct td_run *r, struct tdx_module_args *args, uint64_t *status);

/* An EPT violation while the TD runs (seam/td_mem_ept.c): false to
 * re-enter the TD (a #VE was injected), true for a TD exit with *status
 * and args set. */
bool td_mem_ept_violation(struct td_run *r, struct tdx_module_args *args, uint64_t qual,
		      uint64_t *status);

#endif
