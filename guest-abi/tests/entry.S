/* Test-guest entry. tdvisor copies the flat image to GPA 0x100000 and starts
 * every vCPU at its first byte in 32-bit protected mode, paging off, with
 * EBX = RAM size, ESI = vCPU index, ECX = boot magic (tdvisor_pv.h).
 *
 * vCPU 0 records the boot registers, zeroes .bss (the hypervisor copies
 * only the file's bytes), maps the low 4 GiB 1:1 with 2 MiB pages (beyond
 * RAM too, so a wild access reaches EPT instead of faulting here), enters
 * long mode and calls guest_start() (rt.c). Other vCPUs wait until vCPU 0
 * has built the tables, then enter long mode on their own small stacks and
 * call guest_ap_start(index).
 *
 * The image also carries a multiboot (v1) header with load addresses, so
 * `qemu-system-x86_64 -kernel vm-test.bin` runs it on bare (emulated)
 * hardware: the native smoke test. There ECX is not the magic, so the
 * image runs as a single vCPU and rt.c reads the multiboot information. */

/* Must equal TDVISOR_PV_BOOT_MAGIC: tdvisor_pv.h is not assembler-safe (its
 * enums), so rt.c checks the two agree with a _Static_assert. */
#define BOOT_MAGIC      0x74647673
#define MB1_MAGIC       0x1badb002
#define MB1_FLAGS       0x00010002      /* bit 1: memory info; bit 16: addresses below */
#define MAX_VCPUS       8               /* rt.h GUEST_MAX_VCPUS */
#define BSP_STACK_SIZE  16384
#define AP_STACK_SIZE   4096
#define GDT_CS          0x08            /* rt.h GUEST_CS */
#define GDT_DS          0x10
#define MSR_EFER        0xc0000080
#define EFER_LME        (1 << 8)
#define CR0_PG          (1 << 31)
#define CR4_PAE         (1 << 5)

/* struct guest_boot_regs offsets (rt.h) */
#define BR_EAX    0
#define BR_EBX    4
#define BR_ECX    8
#define BR_ESI    12
#define BR_CR0    16
#define BR_CR4    20
#define BR_EFLAGS 24
#define BR_EFER   32

	.section .text.entry, "ax"
	.code32
	.globl _start
_start:
	jmp start32

	.balign 4
mb1_header:
	.long MB1_MAGIC, MB1_FLAGS, -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header                /* header_addr */
	.long _start                    /* load_addr: the file's first byte */
	.long __image_end               /* load_end_addr */
	.long __bss_end                 /* bss_end_addr */
	.long _start                    /* entry_addr */

start32:
	/* EFLAGS first, before CLI, CLD or a comparison changes it. Every vCPU
	 * pushes into the same one-word slot (they all start with the same
	 * RFLAGS); vCPU 0 copies it below. No stack is shared with C code. */
	movl $initial_eflags + 4, %esp
	pushfl
	cli
	cld
	cmpl $BOOT_MAGIC, %ecx
	jne 1f                          /* not tdvisor: a lone vCPU */
	testl %esi, %esi
	jnz ap_wait
1:
	movl %eax, guest_boot_regs + BR_EAX
	movl %ebx, guest_boot_regs + BR_EBX
	movl %ecx, guest_boot_regs + BR_ECX
	movl %esi, guest_boot_regs + BR_ESI
	movl %cr0, %eax
	movl %eax, guest_boot_regs + BR_CR0
	movl %cr4, %eax
	movl %eax, guest_boot_regs + BR_CR4
	movl initial_eflags, %eax
	movl %eax, guest_boot_regs + BR_EFLAGS
	movl $MSR_EFER, %ecx
	rdmsr
	movl %eax, guest_boot_regs + BR_EFER
	movl %edx, guest_boot_regs + BR_EFER + 4

	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl

	/* PML4[0] -> PDPT; PDPT[0..3] -> four directories of 2 MiB pages. */
	movl $pdpt + 3, pml4
	movl $pd + 3, %eax
	xorl %ecx, %ecx
2:	movl %eax, pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jb 2b
	xorl %ecx, %ecx
3:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax                 /* present, writable, 2 MiB page */
	movl %eax, pd(, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax                  /* address bits 32 and up */
	movl %eax, pd + 4(, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jb 3b

	movl $1, tables_ready
	xorl %ebp, %ebp                 /* EBP = vCPU index from here on */
	jmp enter_long_mode

ap_wait:
	cmpl $MAX_VCPUS, %esi
	jae park32
1:	pause
	cmpl $0, tables_ready
	je 1b
	movl %esi, %ebp

enter_long_mode:
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	lgdt gdt_ptr
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0
	ljmp $GDT_CS, $long_mode

/* A vCPU beyond what the runtime has stacks for: idle in HLT with
 * interrupts enabled (rt.c guest_ap_main says why). */
park32:
	sti
	hlt
	jmp park32

	.code64
long_mode:
	movl $GDT_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	testl %ebp, %ebp
	jnz 1f
	movq $bsp_stack_top, %rsp
	call guest_start
	jmp park64
1:	movl %ebp, %eax
	shll $12, %eax                  /* AP_STACK_SIZE */
	leaq ap_stacks(%rax), %rsp      /* top of stack [index - 1] */
	movl %ebp, %edi
	call guest_ap_start
park64:
	sti
	hlt
	jmp park64

	.data
	.balign 8
	.globl guest_boot_regs
guest_boot_regs:                        /* struct guest_boot_regs (rt.h) */
	.skip 40
initial_eflags:
	.long 0
tables_ready:
	.long 0
	.balign 8
gdt:                                    /* in .data: the CPU sets accessed bits */
	.quad 0
	.quad 0x00af9a000000ffff        /* GDT_CS: 64-bit code */
	.quad 0x00cf92000000ffff        /* GDT_DS: flat data */
gdt_end:
gdt_ptr:
	.word gdt_end - gdt - 1
	.long gdt

	.bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4 * 4096
bsp_stack:
	.skip BSP_STACK_SIZE
bsp_stack_top:
ap_stacks:
	.skip (MAX_VCPUS - 1) * AP_STACK_SIZE

	.section .note.GNU-stack, "", @progbits
