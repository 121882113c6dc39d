/* Every privileged or exiting instruction the test guests use, in one place.
 * The *_safe variants run under the exception fixup table (rt.c): a fault on
 * the instruction is recorded and execution resumes right after it, so a
 * test can check that an access faults (RDMSR of an unknown MSR -> #GP)
 * instead of dying on it. They return the vector, or FAULT_NONE. */
#ifndef GUEST_INSN_H
#define GUEST_INSN_H

#include <stdint.h>

#define FAULT_NONE (-1)
#define VEC_UD     6
#define VEC_GP     13

/* Set by the exception handler when a fixup site faults. */
extern volatile int guest_fault_vector;
extern volatile uint64_t guest_fault_error;

/* Registers the instruction at label `fault` as allowed to fault; the
 * handler resumes at label `resume`. Entries are read by rt.c. */
#define GUEST_FIXUP(fault, resume)                                     \
	".pushsection .fixup_table, \"a\"\n\t.balign 8\n\t"            \
	".quad " #fault ", " #resume "\n\t.popsection\n\t"

static inline void fault_arm(void)
{
	guest_fault_vector = FAULT_NONE;
	guest_fault_error = 0;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(subleaf) : "memory");
	return r;
}

static inline int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	fault_arm();
	asm volatile("1: rdmsr\n2:\n\t" GUEST_FIXUP(1b, 2b)
		     : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	*val = (uint64_t)hi << 32 | lo;
	return guest_fault_vector;
}

static inline int wrmsr_safe(uint32_t msr, uint64_t val)
{
	fault_arm();
	asm volatile("1: wrmsr\n2:\n\t" GUEST_FIXUP(1b, 2b)
		     : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
	return guest_fault_vector;
}

/* A load that may fault (non-canonical address) or stop the guest (EPT). */
static inline int read64_safe(uint64_t addr, uint64_t *val)
{
	uint64_t v = 0;

	fault_arm();
	asm volatile("1: movq (%1), %0\n2:\n\t" GUEST_FIXUP(1b, 2b)
		     : "+r"(v) : "r"(addr) : "memory");
	*val = v;
	return guest_fault_vector;
}

static inline uint64_t read64(uint64_t addr)
{
	uint64_t v;

	asm volatile("movq (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

/* Through asm, not a C pointer: address 0 is RAM here, not a null pointer. */
static inline void write64(uint64_t addr, uint64_t v)
{
	asm volatile("movq %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

static inline uint64_t read_fs64(uint64_t offset)
{
	uint64_t v;

	asm volatile("movq %%fs:(%1), %0" : "=r"(v) : "r"(offset) : "memory");
	return v;
}

/* RDTSC fenced on both sides so the measured instructions stay inside. */
static inline uint64_t rdtsc_fenced(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* HLT with interrupts enabled (STI's shadow covers the HLT, so no interrupt
 * can slip in between); interrupts are off again afterwards. */
static inline void sti_hlt_cli(void)
{
	asm volatile("sti; hlt; cli" : : : "memory");
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	asm volatile("pushfq; popq %0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	asm volatile("movq %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	asm volatile("movq %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	asm volatile("movq %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	asm volatile("movq %%cr4, %0" : "=r"(v));
	return v;
}

static inline void lidt(uint64_t base, uint16_t limit)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} ptr = { limit, base };

	asm volatile("lidt %0" : : "m"(ptr) : "memory");
}

/* tdvisor's PV call (tdvisor_pv.h): RAX = function, RBX/RCX/RDX = args;
 * RAX = status on return, RBX/RCX carry EXIT_STATS results. Under the fixup
 * table because on bare metal (the native smoke test) VMCALL raises #UD. */
struct pv_result {
	uint64_t status, rbx, rcx;
	int fault;
};

static inline struct pv_result pv_call(uint64_t fn, uint64_t rbx, uint64_t rcx,
				       uint64_t rdx)
{
	fault_arm();
	asm volatile("1: vmcall\n2:\n\t" GUEST_FIXUP(1b, 2b)
		     : "+a"(fn), "+b"(rbx), "+c"(rcx), "+d"(rdx) : : "memory");
	return (struct pv_result){ fn, rbx, rcx, guest_fault_vector };
}

/* All general registers around one exiting instruction (regs.S): loads
 * them from *r, executes it, stores them back. A hypervisor must preserve
 * every register the instruction does not define. */
struct gprs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

void gprs_vmcall(struct gprs *r);
void gprs_cpuid(struct gprs *r);
void gprs_outb_post(struct gprs *r);   /* outb %al, $0x80 */

#endif
