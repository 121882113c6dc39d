/* The SEAMCALL boundary. Everything in hv/ reaches the TDX module through
 * seamcall() with the hardware register ABI: RAX = leaf | version << 16,
 * inputs and outputs in RCX, RDX, R8-R15 (and RBX, RSI, RDI for a few
 * leaves), 64-bit completion status returned. Two backends sit behind it:
 * the SEAMCALL instruction (hv/arch/x86/seamcall.S) and the software
 * module (seam/). Callers use tdx_call(), which adds the retry rules and
 * the logging; raw seamcall() is for the probe and for seam/ tests. */
#ifndef HV_TDX_SEAMCALL_H
#define HV_TDX_SEAMCALL_H

#include "../types.h"

enum tdh_leaf {
#define TDH_LEAF(id, number, name) TDH_##id = number,
#include "tdh_leaves.h"
#undef TDH_LEAF
};

#define TDH_LEAF_VERSION(v) ((uint64_t)(v) << 16)

struct tdx_module_args {
	uint64_t rcx, rdx, r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rbx, rdi, rsi;
};

typedef uint64_t (*seamcall_backend_fn)(uint64_t rax, struct tdx_module_args *args);

/* The hardware instruction: TDX_SEAMCALL_VMFAILINVALID when no module is
 * loaded, TDX_SEAMCALL_UD / _GP when the instruction faults (no SEAM, or
 * not in VMX root). */
uint64_t seamcall_hw(uint64_t rax, struct tdx_module_args *args);

void seamcall_set_backend(seamcall_backend_fn fn);
uint64_t seamcall(uint64_t rax, struct tdx_module_args *args);
/* How many SEAMCALLs were made, per leaf (for benchmarks and the summary). */
uint64_t seamcall_count(enum tdh_leaf leaf);
uint64_t seamcall_count_total(void);
const char *tdh_leaf_name(uint64_t rax);

/* tdx_call() policy flags. */
#define TDX_CALL_QUIET     BIT(0)  /* the caller reports failures itself */

/* seamcall() plus the rules every caller would otherwise get wrong:
 * OPERAND_BUSY, RND_NO_ENTROPY and SYS_BUSY are retried a bounded number
 * of times with the original inputs; INTERRUPTED_RESUMABLE is continued with
 * the outputs the module left (it resumes where it stopped); any other
 * failure is logged as "tdx: <LEAF> failed: <STATUS> (operand ...)". */
uint64_t tdx_call(uint64_t rax, struct tdx_module_args *args, unsigned flags);

#define TDX_RETRY_LIMIT 16

#endif
