/* Exception entry: one stub per vector 0-31 pushes a dummy error code where
 * the CPU pushes none, then the vector, so every frame has the layout of
 * struct exception_frame (exceptions.h); the common path saves the GPRs and
 * calls exception_handler(frame). */

#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			   (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.macro stub v
	.balign 16
exception_stub_\v:
	.if !HAS_ERROR_CODE(\v)
	pushq $0
	.endif
	pushq $\v
	jmp exception_common
	.endm

	.altmacro
	.macro stubs from, to
	stub \from
	.if \to - \from
	stubs %(\from + 1), \to
	.endif
	.endm
	stubs 0, 31

/* The interrupt vectors tdvisor uses (apic.h): the kick IPI, the TD
 * posted-interrupt notification and the APIC's spurious vector. They
 * share the exception path. */
	.balign 16
	.globl interrupt_stub_kick, interrupt_stub_posted, interrupt_stub_spurious
interrupt_stub_kick:
	pushq $0
	pushq $0xf0
	jmp exception_common
	.balign 16
interrupt_stub_posted:
	pushq $0
	pushq $0xf2
	jmp exception_common
	.balign 16
interrupt_stub_spurious:
	pushq $0
	pushq $0xff
	jmp exception_common

exception_common:
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
	movq %rsp, %rdi
	/* Align the stack for C; the frame pointer chain continues through the
	 * interrupted code's RBP, so panic traces cross the exception. */
	movq %rsp, %rbx
	andq $-16, %rsp
	call exception_handler
	movq %rbx, %rsp
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
	addq $16, %rsp
	iretq

	.macro stub_addr v
	.quad exception_stub_\v
	.endm
	.macro stub_addrs from, to
	stub_addr \from
	.if \to - \from
	stub_addrs %(\from + 1), \to
	.endif
	.endm

	.section .rodata
	.balign 8
	.globl exception_stubs
exception_stubs:
	stub_addrs 0, 31
