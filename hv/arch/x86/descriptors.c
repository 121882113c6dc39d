/* Per-CPU GDT and TSS, one shared IDT. Every exception vector has a handler;
 * #DF, NMI and #MC run on their own IST stacks so they work even when the
 * kernel stack is the problem (overflow into its guard page). */
#include "apic.h"
#include "descriptors.h"
#include "insn.h"
#include "percpu.h"
#include "../../lib/string.h"

#define SEG_CODE64 0x00af9a000000ffffull
#define SEG_DATA   0x00cf92000000ffffull
#define GATE_INTERRUPT 0x8e     /* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAILABLE  0x89

extern const uint64_t exception_stubs[32];   /* exception_entry.S */
extern char interrupt_stub_kick[], interrupt_stub_posted[], interrupt_stub_spurious[];

static struct idt_gate idt[256] __aligned(16);

static void tss_descriptor(uint64_t *slot, const struct tss *tss)
{
	uint64_t base = (uint64_t)(uintptr_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		  ((uint64_t)TSS_AVAILABLE << 40) | (((limit >> 16) & 0xf) << 48) |
		  (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

void gdt_load(struct percpu *cpu)
{
	struct desc_ptr p = { sizeof(cpu->gdt) - 1, (uint64_t)(uintptr_t)&cpu->gdt };

	memset(&cpu->tss, 0, sizeof(cpu->tss));
	for (int i = 1; i <= NR_IST; i++)
		cpu->tss.ist[i - 1] = cpu->ist_top[i];
	cpu->tss.rsp[0] = cpu->stack_top;
	cpu->tss.iomap_base = sizeof(cpu->tss);   /* no I/O bitmap */

	cpu->gdt.entry[0] = 0;
	cpu->gdt.entry[1] = SEG_CODE64;
	cpu->gdt.entry[2] = SEG_DATA;
	tss_descriptor(&cpu->gdt.entry[3], &cpu->tss);
	lgdt(&p);
	/* Reload CS with a far return, then the data segments, then TR. */
	__asm__ volatile("pushq %0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %1, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %1, %%ss\n\t"
			 : : "i"((uint64_t)GDT_CODE_SEL), "r"((uint16_t)GDT_DATA_SEL)
			 : "rax", "memory");
	ltr(GDT_TSS_SEL);
}

static void set_gate(unsigned vector, uint64_t handler, unsigned ist)
{
	struct idt_gate *g = &idt[vector];

	g->offset_lo = handler & 0xffff;
	g->selector = GDT_CODE_SEL;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_hi = handler >> 32;
	g->reserved = 0;
}

void idt_init(void)
{
	for (unsigned v = 0; v < 32; v++) {
		unsigned ist = v == 2 ? IST_NMI : v == 8 ? IST_DF : v == 18 ? IST_MC : 0;
		set_gate(v, exception_stubs[v], ist);
	}
	set_gate(KICK_VECTOR, (uintptr_t)interrupt_stub_kick, 0);
	set_gate(POSTED_INTR_VECTOR, (uintptr_t)interrupt_stub_posted, 0);
	set_gate(SPURIOUS_VECTOR, (uintptr_t)interrupt_stub_spurious, 0);
}

void idt_load(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	lidt(&p);
}
