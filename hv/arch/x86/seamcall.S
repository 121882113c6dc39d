/* seamcall_hw(rax, args): the SEAMCALL instruction (66 0F 01 CF) with the
 * TDX module's register ABI. Inputs and outputs go through struct
 * tdx_module_args (hv/tdx/seamcall.h): rcx rdx r8 r9 r10 r11 r12 r13 r14
 * r15 rbx rdi rsi at offsets 0..96. CF=1 after SEAMCALL is VMfailInvalid:
 * no module is loaded. A #UD (CPU without SEAM, or not in VMX root) or #GP
 * lands on the __extable fixup, which receives the vector in RAX. */
#define TDX_SW_ERROR            0x8000ff0000000000
#define SEAMCALL_VMFAILINVALID  (TDX_SW_ERROR | 0xffff0000)

	.text
	.globl seamcall_hw
seamcall_hw:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rsi                      /* args, for the outputs */
	movq %rdi, %rax
	movq 0(%rsi), %rcx
	movq 8(%rsi), %rdx
	movq 16(%rsi), %r8
	movq 24(%rsi), %r9
	movq 32(%rsi), %r10
	movq 40(%rsi), %r11
	movq 48(%rsi), %r12
	movq 56(%rsi), %r13
	movq 64(%rsi), %r14
	movq 72(%rsi), %r15
	movq 80(%rsi), %rbx
	movq 88(%rsi), %rdi
	movq 96(%rsi), %rsi
1:	.byte 0x66, 0x0f, 0x01, 0xcf    /* SEAMCALL */
	jnc 2f
	movabsq $SEAMCALL_VMFAILINVALID, %rax
2:	xchgq %rsi, (%rsp)              /* rsi = args; output rsi on the stack */
	movq %rcx, 0(%rsi)
	movq %rdx, 8(%rsi)
	movq %r8, 16(%rsi)
	movq %r9, 24(%rsi)
	movq %r10, 32(%rsi)
	movq %r11, 40(%rsi)
	movq %r12, 48(%rsi)
	movq %r13, 56(%rsi)
	movq %r14, 64(%rsi)
	movq %r15, 72(%rsi)
	movq %rbx, 80(%rsi)
	movq %rdi, 88(%rsi)
	popq %rcx
	movq %rcx, 96(%rsi)
3:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* Fault: RAX holds the vector; the registers may hold module garbage, the
 * outputs are left untouched. */
4:	popq %rsi
	movabsq $TDX_SW_ERROR, %rcx
	orq %rcx, %rax
	jmp 3b

	.pushsection __extable, "a"
	.balign 8
	.quad 1b, 4b
	.popsection
