/* call_on_stack(top, fn): continue on another stack (the boot CPU leaves the
 * image's boot stack for its guard-paged one). fn must not return. */
	.text
	.globl call_on_stack
call_on_stack:
	movq %rdi, %rsp
	xorl %ebp, %ebp
	call *%rsi
	ud2
