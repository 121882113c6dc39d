/* td_tdcall(struct gprs *r): every TDCALL of the TD test guests. Loads all
 * general registers but RSP from *r (RAX = leaf, RCX = TDVMCALL's exposure
 * bitmap, ...), executes TDCALL, stores them all back (insn.h struct gprs),
 * so C code sees exactly what the module left in each register. */

/* struct gprs offsets (insn.h; regs.S uses the same) */
#define R_RAX 0
#define R_RBX 8
#define R_RCX 16
#define R_RDX 24
#define R_RSI 32
#define R_RDI 40
#define R_RBP 48
#define R_R8  56
#define R_R9  64
#define R_R10 72
#define R_R11 80
#define R_R12 88
#define R_R13 96
#define R_R14 104
#define R_R15 112

/* 66 0F 01 CC: spelled out, older assemblers lack the mnemonic. */
#define TDCALL .byte 0x66, 0x0f, 0x01, 0xcc

	.text
	.globl td_tdcall
	.type td_tdcall, @function
td_tdcall:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi
	movq R_RAX(%rdi), %rax
	movq R_RBX(%rdi), %rbx
	movq R_RCX(%rdi), %rcx
	movq R_RDX(%rdi), %rdx
	movq R_RSI(%rdi), %rsi
	movq R_RBP(%rdi), %rbp
	movq R_R8(%rdi), %r8
	movq R_R9(%rdi), %r9
	movq R_R10(%rdi), %r10
	movq R_R11(%rdi), %r11
	movq R_R12(%rdi), %r12
	movq R_R13(%rdi), %r13
	movq R_R14(%rdi), %r14
	movq R_R15(%rdi), %r15
	movq R_RDI(%rdi), %rdi
	TDCALL
	xchgq %rdi, (%rsp)              /* RDI = r again; its result on the stack */
	movq %rax, R_RAX(%rdi)
	movq %rbx, R_RBX(%rdi)
	movq %rcx, R_RCX(%rdi)
	movq %rdx, R_RDX(%rdi)
	movq %rsi, R_RSI(%rdi)
	movq %rbp, R_RBP(%rdi)
	movq %r8, R_R8(%rdi)
	movq %r9, R_R9(%rdi)
	movq %r10, R_R10(%rdi)
	movq %r11, R_R11(%rdi)
	movq %r12, R_R12(%rdi)
	movq %r13, R_R13(%rdi)
	movq %r14, R_R14(%rdi)
	movq %r15, R_R15(%rdi)
	popq %rax
	movq %rax, R_RDI(%rdi)
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret
	.size td_tdcall, . - td_tdcall

	.section .note.GNU-stack, "", @progbits
