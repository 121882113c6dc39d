/* Guest general-purpose registers as vmx_entry.S saves and loads them (the
 * VMCS holds RSP, RIP and RFLAGS). Offsets are shared with the assembly. */
#ifndef HV_ARCH_X86_GUEST_REGS_H
#define HV_ARCH_X86_GUEST_REGS_H

#define GR_RAX 0
#define GR_RBX 8
#define GR_RCX 16
#define GR_RDX 24
#define GR_RSI 32
#define GR_RDI 40
#define GR_RBP 48
#define GR_R8  56
#define GR_R9  64
#define GR_R10 72
#define GR_R11 80
#define GR_R12 88
#define GR_R13 96
#define GR_R14 104
#define GR_R15 112
#define GR_CR2 120
#define GR_ENTRY_TSC 128
#define GR_EXIT_TSC  136

#ifndef __ASSEMBLY__
#include "../../types.h"

struct guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t cr2;           /* not in the VMCS: switched by hand */
	uint64_t entry_tsc;     /* TSC just before VM entry */
	uint64_t exit_tsc;      /* TSC first thing after VM exit */
};

_Static_assert(__builtin_offsetof(struct guest_regs, r15) == GR_R15, "GR_R15");
_Static_assert(__builtin_offsetof(struct guest_regs, cr2) == GR_CR2, "GR_CR2");
_Static_assert(__builtin_offsetof(struct guest_regs, exit_tsc) == GR_EXIT_TSC, "GR_EXIT_TSC");

/* Enters the guest whose VMCS is current; returns 0 after a VM exit, or 1
 * when VMLAUNCH/VMRESUME itself failed (read VM_INSTRUCTION_ERROR). */
int vmx_enter(struct guest_regs *regs, int launched);
#endif

#endif
