/* 32-bit entry from GRUB (multiboot2: protected mode, paging off, EAX = magic,
 * EBX = information block). Checks the magic and long-mode support, maps the
 * low 4 GiB 1:1 with 2 MiB pages, enters long mode and calls
 * hv_main(magic, info). Refusals print one line on COM1 and halt: no C code
 * can run before long mode. */
#include "boot/boot.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define COM1                 0x3f8
#define MSR_EFER             0xc0000080
#define EFER_LME             (1 << 8)
#define EFER_NXE             (1 << 11)
#define CR0_PE               (1 << 0)
#define CR0_PG               (1 << 31)
#define CR4_PAE              (1 << 5)

/* A multiboot (version 1) header as well: GRUB's `multiboot` command can then
 * load this image with the wrong protocol, which is how the boot tests check
 * that a bad magic is refused with a message. */
	.section .multiboot2, "a"
	.balign 4
	.long 0x1badb002, 0, -0x1badb002

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl $boot_stack_top, %esp
	cmpl $MB2_BOOTLOADER_MAGIC, %eax
	jne bad_magic
	movl %eax, boot_magic
	movl %ebx, boot_info_phys

	/* Long mode (and NX when present) from CPUID 0x80000001. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode
	movl $EFER_LME, %edi
	btl $20, %edx
	jnc 1f
	orl $EFER_NXE, %edi
1:
	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
	movl $early_pdpt + 3, early_pml4
	movl $early_pd, %eax
	orl $3, %eax
	xorl %ecx, %ecx
2:	movl %eax, early_pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jb 2b
	xorl %ecx, %ecx
3:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax                 /* present, writable, 2 MiB page */
	movl %eax, early_pd(, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax                  /* bits 32+ of the address: ecx >> 11 */
	movl %eax, early_pd + 4(, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jb 3b

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $early_pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl %edi, %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE), %eax
	movl %eax, %cr0
	lgdt early_gdt_ptr
	ljmp $BOOT_CS, $long_mode

bad_magic:
	movl %eax, %edx
	movl $msg_bad_magic, %esi
	call early_puts
	movl %edx, %eax
	call early_puthex
	movl $msg_halt, %esi
	call early_puts
	jmp early_halt

no_long_mode:
	movl $msg_no_long_mode, %esi
	call early_puts
	jmp early_halt

early_halt:
	cli
	hlt
	jmp early_halt

/* early_puts: ESI = NUL-terminated string; early_puthex: EAX. COM1 is set to
 * 115200 8N1 first: the firmware may not have initialized it. */
early_uart_init:
	pushl %eax
	pushl %edx
	movw $COM1 + 1, %dx; movb $0x00, %al; outb %al, %dx
	movw $COM1 + 3, %dx; movb $0x80, %al; outb %al, %dx
	movw $COM1 + 0, %dx; movb $0x01, %al; outb %al, %dx
	movw $COM1 + 1, %dx; movb $0x00, %al; outb %al, %dx
	movw $COM1 + 3, %dx; movb $0x03, %al; outb %al, %dx
	movw $COM1 + 2, %dx; movb $0xc7, %al; outb %al, %dx
	movw $COM1 + 4, %dx; movb $0x03, %al; outb %al, %dx
	popl %edx
	popl %eax
	ret

early_putc:                             /* AL = character */
	pushl %edx
	pushl %eax
	movw $COM1 + 5, %dx
1:	inb %dx, %al
	testb $0x20, %al
	jz 1b
	popl %eax
	movw $COM1, %dx
	outb %al, %dx
	popl %edx
	ret

early_puts:
	call early_uart_init
1:	lodsb
	testb %al, %al
	jz 2f
	call early_putc
	jmp 1b
2:	ret

early_puthex:
	movl %eax, %ebx
	movl $8, %ecx
1:	roll $4, %ebx
	movl %ebx, %eax
	andl $0xf, %eax
	movb hex_digits(%eax), %al
	call early_putc
	loop 1b
	ret

	.code64
long_mode:
	movw $BOOT_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_magic, %edi
	movl boot_info_phys, %esi
	call hv_main
1:	cli
	hlt
	jmp 1b

	.section .rodata
hex_digits:
	.ascii "0123456789abcdef"
msg_bad_magic:
	.asciz "\r\ntdvisor: not started by a multiboot2 boot loader (EAX=0x"
msg_halt:
	.asciz ", expected 0x36d76289); halting.\r\n"
msg_no_long_mode:
	.asciz "\r\ntdvisor: this CPU has no long mode (x86-64); halting.\r\n"

	.balign 8
	.globl early_gdt
early_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* BOOT_CS: 64-bit code */
	.quad 0x00cf92000000ffff        /* BOOT_DS: data */
early_gdt_end:
	.globl early_gdt_ptr
early_gdt_ptr:
	.word early_gdt_end - early_gdt - 1
	.quad early_gdt

	.data
	.balign 4
boot_magic:     .long 0
boot_info_phys: .long 0

	.bss
	.balign 4096
	.globl early_pml4
early_pml4:     .skip 4096
early_pdpt:     .skip 4096
early_pd:       .skip 4 * 4096
	.balign 16
boot_stack:     .skip BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
