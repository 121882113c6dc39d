/* Exception entry stubs for vectors 0-31. Each pushes a dummy error code if
 * the CPU pushes none, then its vector, so guest_exception() (rt.c) always
 * sees one frame layout (struct exc_frame, rt.h). The handler may change the
 * saved RIP (fixups) before the IRETQ. */

.macro EXC_STUB vec
	.balign 16
exc_stub_\vec:
	.if !(\vec == 8 || \vec == 10 || \vec == 11 || \vec == 12 || \vec == 13 || \
	      \vec == 14 || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30)
	pushq $0
	.endif
	pushq $\vec
	jmp exc_common
.endm

	.text
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	EXC_STUB \v
	.endr

exc_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi                 /* 16-byte aligned: 5 + 2 + 15 qwords */
	call guest_exception
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp                  /* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.globl guest_exc_stubs
guest_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad exc_stub_\v
	.endr

	.section .note.GNU-stack, "", @progbits
