/* Every privileged x86 instruction the hypervisor uses, as one inline each.
 * Keeping them here means host tests can stand in for this one header. */
#ifndef HV_ARCH_X86_INSN_H
#define HV_ARCH_X86_INSN_H

#include "../../types.h"

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

/* RDMSR that survives a #GP (an MSR the CPU does not implement): the
 * exception handler finds the fixup in __extable and resumes at label 2. */
static inline bool rdmsr_safe(uint32_t msr, uint64_t *v)
{
	uint32_t lo = 0, hi = 0;
	bool ok;

	__asm__ volatile("1: rdmsr\n\t"
			 "mov $1, %2\n\t"
			 "jmp 3f\n"
			 "2: xor %2, %2\n"
			 "3:\n\t"
			 ".pushsection __extable, \"a\"\n\t"
			 ".balign 8\n\t"
			 ".quad 1b, 2b\n\t"
			 ".popsection"
			 : "=a"(lo), "=d"(hi), "=r"(ok)
			 : "c"(msr));
	*v = ((uint64_t)hi << 32) | lo;
	return ok;
}

/* One-byte load and store that survive a fault (#PF, #GP), like rdmsr_safe:
 * the GDB stub reads and writes memory gdb names through these, after
 * checking the mapping, so a stale or racing mapping cannot panic it. */
static inline bool load_u8_safe(const volatile uint8_t *p, uint8_t *v)
{
	uint8_t val = 0;
	bool ok;

	__asm__ volatile("1: movb %2, %0\n\t"
			 "mov $1, %1\n\t"
			 "jmp 3f\n"
			 "2: xor %1, %1\n"
			 "3:\n\t"
			 ".pushsection __extable, \"a\"\n\t"
			 ".balign 8\n\t"
			 ".quad 1b, 2b\n\t"
			 ".popsection"
			 : "+q"(val), "=r"(ok)
			 : "m"(*p));
	*v = val;
	return ok;
}

static inline bool store_u8_safe(volatile uint8_t *p, uint8_t v)
{
	bool ok;

	__asm__ volatile("1: movb %2, %0\n\t"
			 "mov $1, %1\n\t"
			 "jmp 3f\n"
			 "2: xor %1, %1\n"
			 "3:\n\t"
			 ".pushsection __extable, \"a\"\n\t"
			 ".balign 8\n\t"
			 ".quad 1b, 2b\n\t"
			 ".popsection"
			 : "=m"(*p), "=r"(ok)
			 : "q"(v)
			 : "memory");
	return ok;
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

#define DEFINE_CR(n)                                                   \
	static inline uint64_t read_cr##n(void)                        \
	{                                                              \
		uint64_t v;                                            \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));      \
		return v;                                              \
	}                                                              \
	static inline void write_cr##n(uint64_t v)                     \
	{                                                              \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* Debug registers (Intel SDM vol. 3B 18.2): DR0-DR3 breakpoint addresses,
 * DR6 status, DR7 control. */
#define DEFINE_DR(n)                                                   \
	static inline uint64_t read_dr##n(void)                        \
	{                                                              \
		uint64_t v;                                            \
		__asm__ volatile("mov %%db" #n ", %0" : "=r"(v));      \
		return v;                                              \
	}                                                              \
	static inline void write_dr##n(uint64_t v)                     \
	{                                                              \
		__asm__ volatile("mov %0, %%db" #n : : "r"(v) : "memory"); \
	}
DEFINE_DR(0)
DEFINE_DR(1)
DEFINE_DR(2)
DEFINE_DR(3)
DEFINE_DR(6)
DEFINE_DR(7)
#undef DEFINE_DR

/* Data segment selectors, for the debugger's register view. */
#define DEFINE_SEG(s)                                                  \
	static inline uint16_t read_##s(void)                          \
	{                                                              \
		uint16_t v;                                            \
		__asm__ volatile("mov %%" #s ", %0" : "=r"(v));        \
		return v;                                              \
	}
DEFINE_SEG(ds)
DEFINE_SEG(es)
DEFINE_SEG(fs)
DEFINE_SEG(gs)
#undef DEFINE_SEG

/* A breakpoint trap (#BP) on purpose: the GDB stub enters through it so
 * that every stop has a real exception frame. */
static inline void int3(void)
{
	__asm__ volatile("int3" ::: "memory");
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

static inline void invlpg(const void *va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

struct __packed desc_ptr {
	uint16_t limit;
	uint64_t base;
};

static inline void lgdt(const struct desc_ptr *p)
{
	__asm__ volatile("lgdt %0" : : "m"(*p));
}

static inline void lidt(const struct desc_ptr *p)
{
	__asm__ volatile("lidt %0" : : "m"(*p));
}

static inline void ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel));
}

static inline void wbinvd(void)
{
	__asm__ volatile("wbinvd" ::: "memory");
}

/* VMX instructions. Each returns false on VMfailInvalid (CF) or
 * VMfailValid (ZF); the caller reads VM_INSTRUCTION_ERROR for the latter. */
static inline bool vmxon(paddr_t region)
{
	bool ok;

	__asm__ volatile("vmxon %1; seta %0" : "=qm"(ok) : "m"(region) : "cc", "memory");
	return ok;
}

static inline void vmxoff(void)
{
	__asm__ volatile("vmxoff" ::: "cc", "memory");
}

static inline bool vmclear(paddr_t vmcs)
{
	bool ok;

	__asm__ volatile("vmclear %1; seta %0" : "=qm"(ok) : "m"(vmcs) : "cc", "memory");
	return ok;
}

static inline bool vmptrld(paddr_t vmcs)
{
	bool ok;

	__asm__ volatile("vmptrld %1; seta %0" : "=qm"(ok) : "m"(vmcs) : "cc", "memory");
	return ok;
}

static inline bool vmwrite(uint64_t field, uint64_t value)
{
	bool ok;

	__asm__ volatile("vmwrite %2, %1; seta %0"
			 : "=qm"(ok) : "r"(field), "rm"(value) : "cc", "memory");
	return ok;
}

static inline bool vmread(uint64_t field, uint64_t *value)
{
	bool ok;

	__asm__ volatile("vmread %2, %1; seta %0"
			 : "=qm"(ok), "=rm"(*value) : "r"(field) : "cc", "memory");
	return ok;
}

struct invept_descriptor {
	uint64_t eptp;
	uint64_t reserved;
};

#define INVEPT_SINGLE_CONTEXT 1
#define INVEPT_ALL_CONTEXT    2

static inline bool invept(uint64_t type, uint64_t eptp)
{
	struct invept_descriptor d = { eptp, 0 };
	bool ok;

	__asm__ volatile("invept %1, %2; seta %0"
			 : "=qm"(ok) : "m"(d), "r"(type) : "cc", "memory");
	return ok;
}


#endif
