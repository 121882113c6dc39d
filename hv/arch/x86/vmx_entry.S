/* VM entry and exit. vmx_enter(regs, launched) saves the host's callee-saved
 * registers and regs on the stack, records HOST_RSP, loads the guest GPRs
 * and CR2, and executes VMRESUME (launched) or VMLAUNCH. A VM exit arrives at
 * vmx_exit with RSP = HOST_RSP; it stores the guest GPRs and CR2 back into
 * regs and returns 0 to vmx_enter's caller. */
#include "hv/arch/x86/guest_regs.h"

#define VMCS_HOST_RSP 0x6c14

	.text
	.globl vmx_enter
vmx_enter:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi                      /* regs, found again at exit */
	movq $VMCS_HOST_RSP, %rax
	vmwrite %rsp, %rax
	jbe .Lfail_early

	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, GR_ENTRY_TSC(%rdi)

	movq GR_CR2(%rdi), %rax
	movq %rax, %cr2
	testl %esi, %esi
	movq GR_RAX(%rdi), %rax
	movq GR_RBX(%rdi), %rbx
	movq GR_RCX(%rdi), %rcx
	movq GR_RDX(%rdi), %rdx
	movq GR_RSI(%rdi), %rsi
	movq GR_RBP(%rdi), %rbp
	movq GR_R8(%rdi), %r8
	movq GR_R9(%rdi), %r9
	movq GR_R10(%rdi), %r10
	movq GR_R11(%rdi), %r11
	movq GR_R12(%rdi), %r12
	movq GR_R13(%rdi), %r13
	movq GR_R14(%rdi), %r14
	movq GR_R15(%rdi), %r15
	movq GR_RDI(%rdi), %rdi         /* flags from testl survive the movs */
	jnz .Lresume
	vmlaunch
	jmp .Lfail
.Lresume:
	vmresume
.Lfail:
	/* VMfail: guest registers are loaded, host ones are on the stack. */
	popq %rdi
	jmp .Lreturn_fail
.Lfail_early:
	popq %rdi
.Lreturn_fail:
	movl $1, %eax
	jmp .Lreturn

	.globl vmx_exit
vmx_exit:
	xchgq %rdi, (%rsp)              /* rdi = regs; guest rdi on the stack */
	movq %rax, GR_RAX(%rdi)
	movq %rbx, GR_RBX(%rdi)
	movq %rcx, GR_RCX(%rdi)
	movq %rdx, GR_RDX(%rdi)
	movq %rsi, GR_RSI(%rdi)
	movq %rbp, GR_RBP(%rdi)
	movq %r8, GR_R8(%rdi)
	movq %r9, GR_R9(%rdi)
	movq %r10, GR_R10(%rdi)
	movq %r11, GR_R11(%rdi)
	movq %r12, GR_R12(%rdi)
	movq %r13, GR_R13(%rdi)
	movq %r14, GR_R14(%rdi)
	movq %r15, GR_R15(%rdi)
	popq %rax
	movq %rax, GR_RDI(%rdi)
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, GR_EXIT_TSC(%rdi)
	movq %cr2, %rax
	movq %rax, GR_CR2(%rdi)
	xorl %eax, %eax
.Lreturn:
	/* RSP points at the saved r15 on both paths; RBP may hold guest data. */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
