/* Application-processor start code. The boot CPU copies this blob to a page
 * below 1 MiB, fills in the tr_* fields and sends INIT-SIPI-SIPI; the AP starts
 * here in real mode with CS = page >> 4, goes straight to long mode on the
 * early page tables (which map this page and the image 1:1) and jumps to
 * ap_start64 in the image. Only position-independent code: it runs at
 * whatever low page the memory layer reserved for it. */
#include "boot/boot.h"

#define rel(sym) ((sym) - tr_start)

	.section .trampoline, "a"
	.code16
	.globl tr_start
tr_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl rel(tr_gdt_ptr)
	movl %cr4, %eax
	orl $(1 << 5), %eax             /* PAE */
	movl %eax, %cr4
	movl rel(tr_cr3), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx          /* EFER */
	rdmsr
	orl rel(tr_efer), %eax
	wrmsr
	movl $0x80000011, %eax          /* PG | ET | PE */
	movl %eax, %cr0
	ljmpl *rel(tr_far_jump)

	.code64
tr_long_mode:
	movw $BOOT_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movq tr_stack(%rip), %rsi
	movl tr_cpu(%rip), %edi
	movq tr_entry(%rip), %rax
	jmp *%rax

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
tr_gdt_end:
	.globl tr_gdt_ptr, tr_far_jump, tr_cr3, tr_efer, tr_stack, tr_entry, tr_cpu
	.globl tr_long_mode, tr_gdt
tr_gdt_ptr:
	.word tr_gdt_end - tr_gdt - 1
	.long 0                         /* linear address of tr_gdt */
	.balign 4
tr_far_jump:
	.long 0                         /* linear address of tr_long_mode */
	.word BOOT_CS
	.balign 8
tr_cr3:   .long 0
tr_efer:  .long 0
tr_stack: .quad 0
tr_entry: .quad 0
tr_cpu:   .long 0
	.globl tr_end
tr_end:

/* 64-bit continuation in the image: switch to the final page tables, then to
 * this CPU's own stack (RSI), then C. */
	.text
	.globl ap_start64
ap_start64:
	movq hv_cr3(%rip), %rax
	movq %rax, %cr3
	movq %rsi, %rsp
	xorl %ebp, %ebp
	call ap_main
1:	cli
	hlt
	jmp 1b
