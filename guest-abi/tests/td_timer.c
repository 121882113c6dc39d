/* td-timer: interrupts in a Trust Domain, the way a Linux TD gets them.
 * The APIC timer and the ICR are host-emulated x2APIC MSRs, reached with
 * RDMSR/WRMSR through #VE and TDG.VP.VMCALL (td_rt.c); the interrupt comes
 * through the vCPU's posted-interrupt descriptor and the TDX module's
 * virtual APIC, whose EOI, ISR and SELF_IPI the TD uses directly (MSRs the
 * module does not intercept). HLT is a #VE too: the host keeps the vCPU
 * until an interrupt is pending. */
#include "guest-abi/tests/td_rt.h"

#define MSR_X2APIC_EOI      0x80b
#define MSR_X2APIC_ISR0     0x810       /* ISR bits 31:0; +1 per 32 vectors */
#define MSR_X2APIC_ICR      0x830
#define MSR_X2APIC_LVT_TIMER 0x832
#define MSR_X2APIC_TMICT    0x838
#define MSR_X2APIC_TMCCT    0x839
#define MSR_X2APIC_TDCR     0x83e
#define MSR_X2APIC_SELF_IPI 0x83f
#define MSR_TSC_DEADLINE    0x6e0

#define LVT_MASKED          (1u << 16)
#define LVT_ONE_SHOT        (0u << 17)
#define LVT_TSC_DEADLINE    (2u << 17)
#define TDCR_DIVIDE_BY_1    0xb
#define ICR_SELF            (1u << 18)

#define TIMER_VECTOR        0xec        /* Linux's LOCAL_TIMER_VECTOR */
#define IPI_VECTOR          0x41
#define DELAY               200000      /* TSC ticks */

struct interrupt_frame;

static uint64_t idt[256 * 2] __attribute__((aligned(16)));

/* What the handlers saw, for the cases to check outside them (nothing is
 * printed in a handler: the interrupted code may hold the console lock). */
static volatile unsigned timer_ticks, ipis;
static volatile uint64_t timer_tsc;
static volatile bool isr_set_in_handler;

static bool isr_has(unsigned vector)
{
	return td_rdmsr(MSR_X2APIC_ISR0 + vector / 32) & (1ull << (vector % 32));
}

__attribute__((interrupt)) static void timer_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	timer_tsc = rdtsc_fenced();
	isr_set_in_handler = isr_has(TIMER_VECTOR);
	timer_ticks++;
	td_wrmsr(MSR_X2APIC_EOI, 0);
}

__attribute__((interrupt)) static void ipi_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	ipis++;
	td_wrmsr(MSR_X2APIC_EOI, 0);
}

static void set_gate(unsigned vector, void (*handler)(struct interrupt_frame *))
{
	uint64_t off = (uint64_t)(uintptr_t)handler;

	idt[2 * vector] = (off & 0xffff) | (uint64_t)TD_CS64 << 16 | (uint64_t)0x8e << 40 |
			  (off >> 16 & 0xffff) << 48;
	idt[2 * vector + 1] = off >> 32;
}

/* The runtime's IDT covers the exceptions only: extend a copy of it. */
static void idt_extend(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } cur;

	asm volatile("sidt %0" : "=m"(cur));
	memcpy(idt, (const void *)(uintptr_t)cur.base, (size_t)cur.limit + 1);
	set_gate(TIMER_VECTOR, timer_interrupt);
	set_gate(IPI_VECTOR, ipi_interrupt);
	lidt((uint64_t)(uintptr_t)idt, sizeof(idt) - 1);
}

/* Lets a pending interrupt in for one instruction. */
static void interrupt_window(void)
{
	asm volatile("sti; nop; cli" : : : "memory");
}

static void case_tsc_deadline(void)
{
	uint64_t deadline, hlts = td_ve_stats.hlt;
	unsigned ticks = timer_ticks;

	td_wrmsr(MSR_X2APIC_LVT_TIMER, LVT_TSC_DEADLINE | TIMER_VECTOR);
	deadline = rdtsc_fenced() + DELAY;
	td_wrmsr(MSR_TSC_DEADLINE, deadline);
	CHECK(td_rdmsr(MSR_TSC_DEADLINE) == deadline, "IA32_TSC_DEADLINE reads 0x%lx",
	      td_rdmsr(MSR_TSC_DEADLINE));
	while (timer_ticks == ticks)
		sti_hlt_cli();
	CHECK(timer_ticks == ticks + 1, "%u timer interrupts", timer_ticks - ticks);
	CHECK(timer_tsc >= deadline, "the interrupt came %lu ticks early", deadline - timer_tsc);
	CHECK(td_ve_stats.hlt > hlts, "no HLT reached the host");
	CHECK(isr_set_in_handler, "ISR bit 0x%x not set in the handler", TIMER_VECTOR);
	CHECK(!isr_has(TIMER_VECTOR), "ISR bit 0x%x still set after EOI", TIMER_VECTOR);
	CHECK(td_rdmsr(MSR_TSC_DEADLINE) == 0, "IA32_TSC_DEADLINE not cleared when it fired");
	td_say("timer vector 0x%x woke the HLT, at or after its TSC deadline", TIMER_VECTOR);
}

static void case_deadline_in_the_past(void)
{
	unsigned ticks = timer_ticks;

	td_wrmsr(MSR_TSC_DEADLINE, rdtsc_fenced() - 1);
	interrupt_window();
	CHECK(timer_ticks == ticks + 1, "%u timer interrupts", timer_ticks - ticks);
	td_say("a deadline already past fires at once");
}

static void case_masked(void)
{
	unsigned ticks = timer_ticks;
	uint64_t deadline;

	td_wrmsr(MSR_X2APIC_LVT_TIMER, LVT_TSC_DEADLINE | LVT_MASKED | TIMER_VECTOR);
	deadline = rdtsc_fenced() + DELAY;
	td_wrmsr(MSR_TSC_DEADLINE, deadline);
	asm volatile("sti" : : : "memory");
	while (rdtsc_fenced() < deadline + DELAY)
		asm volatile("pause");
	asm volatile("cli" : : : "memory");
	CHECK(td_rdmsr(MSR_TSC_DEADLINE) == 0, "the masked timer did not expire");
	interrupt_window();
	CHECK(timer_ticks == ticks, "a masked timer interrupted");
	td_say("a masked timer expires without an interrupt");
}

static void case_one_shot(void)
{
	unsigned ticks = timer_ticks;

	td_wrmsr(MSR_X2APIC_LVT_TIMER, LVT_ONE_SHOT | TIMER_VECTOR);
	td_wrmsr(MSR_X2APIC_TDCR, TDCR_DIVIDE_BY_1);
	td_wrmsr(MSR_X2APIC_TMICT, DELAY);
	CHECK(td_rdmsr(MSR_X2APIC_TMCCT) <= DELAY, "current count above the initial one");
	while (timer_ticks == ticks)
		sti_hlt_cli();
	CHECK(td_rdmsr(MSR_X2APIC_TMCCT) == 0, "current count not 0 after the interrupt");
	interrupt_window();
	CHECK(timer_ticks == ticks + 1, "%u one-shot interrupts", timer_ticks - ticks);
	td_wrmsr(MSR_X2APIC_LVT_TIMER, LVT_MASKED);
	td_say("one-shot timer: one interrupt, then the count stays 0");
}

static void case_ipis(void)
{
	unsigned seen = ipis;
	uint64_t msr_ves = td_ve_stats.msr;

	td_wrmsr(MSR_X2APIC_ICR, ICR_SELF | IPI_VECTOR);       /* through the host */
	CHECK(td_ve_stats.msr == msr_ves + 1, "the ICR write did not reach the host");
	interrupt_window();
	CHECK(ipis == seen + 1, "%u IPIs through the ICR", ipis - seen);
	msr_ves = td_ve_stats.msr;
	td_wrmsr(MSR_X2APIC_SELF_IPI, IPI_VECTOR);             /* the module's own */
	CHECK(td_ve_stats.msr == msr_ves, "SELF_IPI took a #VE");
	interrupt_window();
	CHECK(ipis == seen + 2, "%u IPIs in all", ipis - seen);
	td_say("self-IPIs through the ICR (host) and SELF_IPI (virtual APIC)");
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "tsc-deadline", case_tsc_deadline },
		{ "deadline-in-the-past", case_deadline_in_the_past },
		{ "masked", case_masked },
		{ "one-shot", case_one_shot },
		{ "ipis", case_ipis },
	};

	idt_extend();
	return td_run_cases("td-timer", cases, sizeof(cases) / sizeof(cases[0]));
}
