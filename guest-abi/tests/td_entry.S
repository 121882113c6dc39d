/* Trust Domain test-guest entry (README.md, "Trust Domain test guests").
 *
 * The host adds the flat image so that its last byte is at GPA 0xffffffff,
 * and every vCPU starts at the reset vector, RIP = 0xfffffff0, the image's
 * last 16 bytes (td_reset below), in 32-bit protected mode with paging off:
 * CS base 0, limit 4 GiB, selector 0; GDTR and IDTR base 0, limit 0xffff
 * (no tables of ours yet); EFER = SCE|LME|NXE; EBX = GPAW, ECX = R8 = the
 * host's TDH.VP.INIT input, EDX = CPUID(1).EAX, ESI = vCPU index. All vCPUs
 * start together (../shared/TDX-TD-ABI.md section 1).
 *
 * The image is the only memory that exists at this point (RAM is added
 * when the TD accepts it), so the page tables and the stacks are in the
 * image's .bss. vCPU 0 saves those registers and fills the page tables:
 * identity 2 MiB pages for [0, 1 GiB) (RAM, usable once accepted) and for
 * the 2 MiB below 4 GiB (the image). Then each vCPU on its own stack loads
 * the GDT, enters long mode (LME is already set: CR4.PAE, CR3, CR0.PG, a
 * far jump to a 64-bit CS) and calls C: vCPU 0 td_start(), the others
 * td_ap_start(index) (td_rt.c). TDCALL raises #GP outside 64-bit mode, and
 * with no IDT yet any exception here is a triple fault: nothing in this
 * file may fault or #VE (CR and EFER reads are native, the CR writes
 * change guest-owned bits only).
 *
 * The other vCPUs wait in PAUSE, reading only td_vcpus_released, until
 * vCPU 0 has built everything they share (page tables here, the IDT and
 * TD facts in td_start()); one whose index has no stack here never leaves
 * (td_start() stops such a TD). None of them can make an exit before long
 * mode, so vCPU 0's setup must stay short: the host's watchdog counts from
 * the first entry. They wait with interrupts enabled, as td_pause() does
 * (td_rt.h), so that the host can stop the TD under Bochs too; no
 * interrupt is sent to a vCPU before td_run_on(), so none is delivered
 * here, where there is no IDT. */
#include "guest-abi/tests/td_rt.h"

#define MSR_EFER  0xc0000080
#define CR0_PG    (1 << 31)
#define CR4_PAE   (1 << 5)
#define PTE_P_W   0x003                 /* present, writable */
#define PTE_LARGE 0x083                 /* present, writable, 2 MiB page */

	.section .text.td_entry, "ax"
	.code32
td_start32:
	/* RFLAGS first, before an instruction changes it. Every vCPU pushes
	 * into the same one-word slot (they all start with RFLAGS = 0x2). */
	movl $td_initial_rflags + 4, %esp
	pushfl
	testl %esi, %esi
	jnz td_ap_wait

	movl %ebx, td_boot_regs + TD_BR_RBX
	movl %ecx, td_boot_regs + TD_BR_RCX
	movl %edx, td_boot_regs + TD_BR_RDX
	movl %esi, td_boot_regs + TD_BR_RSI
	movl td_initial_rflags, %eax
	movl %eax, td_boot_regs + TD_BR_RFLAGS
	movl %cr0, %eax
	movl %eax, td_boot_regs + TD_BR_CR0
	movl %cr4, %eax
	movl %eax, td_boot_regs + TD_BR_CR4
	movl $MSR_EFER, %ecx
	rdmsr
	movl %eax, td_boot_regs + TD_BR_EFER
	movl %edx, td_boot_regs + TD_BR_EFER + 4

	/* The tables are zeros in the image file: only the entries to set. */
	movl $td_pd_low, %edi
	movl $PTE_LARGE, %eax
1:	movl %eax, (%edi)                               /* [0, 1 GiB) */
	addl $0x200000, %eax
	addl $8, %edi
	cmpl $td_pd_low + 4096, %edi
	jne 1b
	movl $td_pdpt + PTE_P_W, td_pml4
	movl $td_pd_low + PTE_P_W, td_pdpt              /* PDPT[0]: [0, 1 GiB) */
	movl $td_pd_high + PTE_P_W, td_pdpt + 3 * 8     /* PDPT[3]: [3 GiB, 4 GiB) */
	movl $0xffe00000 + PTE_LARGE, td_pd_high + 511 * 8 /* [4 GiB - 2 MiB, 4 GiB) */
	movl $td_stack + TD_STACK_SIZE, %esp
	jmp td_long_mode

td_ap_wait:
	cmpl $TD_RT_MAX_VCPUS, %esi
	jae td_ap_park
1:	sti
	pause
	cli
	cmpl $0, td_vcpus_released
	je 1b
	imull $TD_AP_STACK_SIZE, %esi, %esp     /* vCPU i's stack ends at */
	addl $td_ap_stacks, %esp                /* td_ap_stacks + i * size */

td_long_mode:                           /* every vCPU, ESP at its stack's top */
	cld
	lgdt td_gdt_ptr
	movl $TD_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	movl %eax, %ss

	movl %cr4, %eax                 /* MCE stays; VMXE reads 0 (shadow) */
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $td_pml4, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $CR0_PG, %eax               /* EFER.LME is set: this activates IA-32e */
	movl %eax, %cr0
	ljmp $TD_CS64, $td_start64

td_ap_park:
	sti
	pause
	jmp td_ap_park

	.code64
td_start64:
	movl %esi, %edi                 /* the index, zero-extended */
	testl %edi, %edi
	jnz 1f
	movq %r8, td_boot_regs + TD_BR_R8(%rip)
	call td_start                   /* does not return */
	ud2
1:	call td_ap_start                /* td_ap_start(index): does not return */
	ud2

	/* The reset vector: the image's last 16 bytes, at 0xfffffff0. */
	.section .td_reset, "ax"
	.code32
	.globl td_reset
td_reset:
	jmp td_start32                  /* E9 rel32: another section, never short */
	.fill 16 - (. - td_reset), 1, 0xf4

	.data
	.balign 8
	.globl td_boot_regs
td_boot_regs:                           /* struct td_boot_regs (td_rt.h) */
	.skip TD_BR_SIZE
td_initial_rflags:
	.long 0
	.balign 8
td_gdt:                                 /* accessed bits preset: no GDT writes */
	.quad 0
	.quad 0x00af9b000000ffff        /* TD_CS64: 64-bit code */
	.quad 0x00cf93000000ffff        /* TD_DS: flat data */
td_gdt_end:
td_gdt_ptr:
	.word td_gdt_end - td_gdt - 1
	.long td_gdt                    /* 32-bit LGDT: base below 4 GiB */

	/* Page tables (td_rt.h) and the stack: zeros in the image file. */
	.section .bss.td_pages, "aw", @nobits
	.balign 4096
td_pml4:
	.skip 4096
	.globl td_pdpt
td_pdpt:
	.skip 4096
td_pd_low:
	.skip 4096
td_pd_high:
	.skip 4096
	.globl td_pd_shared
td_pd_shared:                           /* filled by td_shared_window() */
	.skip 4096
td_stack:                               /* vCPU 0's */
	.skip TD_STACK_SIZE
	.globl td_ap_stacks
td_ap_stacks:                           /* vCPUs 1 .. TD_RT_MAX_VCPUS - 1 */
	.skip (TD_RT_MAX_VCPUS - 1) * TD_AP_STACK_SIZE

	.section .note.GNU-stack, "", @progbits
