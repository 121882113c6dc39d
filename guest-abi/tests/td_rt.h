/* The Trust Domain test guests' runtime (README.md, "Trust Domain test
 * guests"): boot registers, TDCALL and TDG.VP.VMCALL wrappers, accept and
 * MapGPA helpers, the #VE handler's counters and a test-case runner. The
 * console (printf onto COM1 with `out`, which #VEs in a TD) and the
 * exception stubs are the VM guests' console.c and exceptions.S, rebuilt
 * position-independent.
 *
 * Memory: everything the runtime needs (code, data, .bss, page tables,
 * stacks) lives in the image, which the host adds and measures before the
 * TD runs; RAM [0, memory) exists only once the TD accepts it (the host
 * adds it lazily), so a guest accepts RAM before touching it. */
#ifndef TD_RT_H
#define TD_RT_H

#define TD_CS64           0x08          /* td_entry.S GDT; == GUEST_CS (rt.h) */
#define TD_DS             0x10

/* struct td_boot_regs offsets, for td_entry.S */
#define TD_BR_RBX    0
#define TD_BR_RCX    8
#define TD_BR_RDX    16
#define TD_BR_RSI    24
#define TD_BR_R8     32
#define TD_BR_RFLAGS 40
#define TD_BR_CR0    48
#define TD_BR_CR4    56
#define TD_BR_EFER   64
#define TD_BR_SIZE   72

/* Stacks, in the image (td_entry.S): vCPU 0 runs the tests (td-badcalls
 * needs about 5 KiB); the others run what td_run_on() hands them. The
 * total is what the image has room for: a TD with more vCPUs than
 * TD_RT_MAX_VCPUS is stopped at start. */
#define TD_RT_MAX_VCPUS   3
#define TD_STACK_SIZE     0x2000        /* vCPU 0's */
#define TD_AP_STACK_SIZE  0x1000        /* each other vCPU's */

/* Virtual memory (td_entry.S): identity-mapped private RAM [0, 1 GiB) and
 * the image's 2 MiB below 4 GiB; the shared window (td_shared_window())
 * maps VA [1 GiB, 2 GiB) to the shared alias of GPA [0, 1 GiB). */
#define TD_SHARED_WINDOW      0x40000000ull
#define TD_SHARED_WINDOW_SIZE 0x40000000ull

#ifndef __ASSEMBLY__
#include "guest-abi/tdx_ghci.h"
#include "guest-abi/tests/rt.h"

#define SZ_4K  0x1000ull
#define SZ_2M  0x200000ull

/* TDX module completion statuses the guests check: class in bits 63:32,
 * details (operand id, SEPT level) in 31:0 (../shared/TDX-TD-ABI.md §3-§6). */
#define TDX_SUCCESS               0ull
#define TDX_OPERAND_INVALID       0xc000010000000000ull
#define TDX_NO_VALID_VE_INFO      0xc000070400000000ull
#define TDX_PAGE_ALREADY_ACCEPTED 0x00000b0a00000000ull
#define TDX_PAGE_SIZE_MISMATCH    0xc0000b0b00000000ull
#define TDX_STATUS_CLASS(s)       ((s) & 0xffffffff00000000ull)
#define TDX_OPERAND_RCX           1
#define TDX_OPERAND_RDX           2
#define TDX_OPERAND_R8            8

/* VMX exit reasons, as the #VE information reports them. */
#define EXIT_REASON_CPUID         10
#define EXIT_REASON_HLT           12
#define EXIT_REASON_IO            30
#define EXIT_REASON_RDMSR         31
#define EXIT_REASON_WRMSR         32
#define VEC_VE                    20

/* What the vCPU started with, saved by td_entry.S (vCPU 0 only; 32-bit
 * values but R8, which only 64-bit mode can read). */
struct td_boot_regs {
	uint64_t rbx, rcx, rdx, rsi, r8, rflags, cr0, cr4, efer;
};
_Static_assert(sizeof(struct td_boot_regs) == TD_BR_SIZE, "td_entry.S offsets");
extern struct td_boot_regs td_boot_regs;

/* td_entry.S's page tables (in the image): the PDPT and the page directory
 * td_shared_window() fills. */
extern uint64_t td_pdpt[512], td_pd_shared[512];
/* td_entry.S's stacks for vCPUs 1 and up. */
extern char td_ap_stacks[];

/* td_regs.S: loads every GPR but RSP from *r, executes TDCALL, stores them
 * all back. RAX holds the leaf on the way in, the status on the way out. */
void td_tdcall(struct gprs *r);

/* ---- TDCALLs into the module (td_ghci.c) ---- */

struct td_vp_info {
	uint64_t gpaw, attributes;
	uint32_t num_vcpus, max_vcpus;
	uint64_t vcpu_index;
};
uint64_t tdg_vp_info(struct td_vp_info *info);

struct td_ve_info {
	uint64_t exit_reason, exit_qual, gla, gpa;
	uint32_t instr_len, instr_info;
};
uint64_t tdg_vp_veinfo_get(struct td_ve_info *ve);

/* TDG.MR.REPORT (RCX report GPA, RDX REPORTDATA GPA, R8 subtype) and
 * TDG.MR.RTMR.EXTEND (RCX extension GPA, RDX index): the raw status. */
uint64_t tdg_mr_report(uint64_t report_gpa, uint64_t reportdata_gpa, uint64_t subtype);
uint64_t tdg_mr_rtmr_extend(uint64_t extension_gpa, uint64_t index);

/* TDG.MEM.PAGE.ACCEPT of one page: RCX = GPA | level (0 = 4 KiB, 1 = 2 MiB). */
#define TD_LEVEL_4K 0
#define TD_LEVEL_2M 1
uint64_t tdg_mem_page_accept(uint64_t gpa, unsigned level);

/* ---- TDG.VP.VMCALL (td_ghci.c) ---- */

/* One TDG.VP.VMCALL exactly as given (RAX is set to TDG_VP_VMCALL, nothing
 * else): for tests of bad arguments. Returns the TDCALL status (RAX). */
uint64_t td_vmcall_raw(struct gprs *r);
/* A GHCI sub-function (R10 = 0) exposing R10-R15; R12-R15 from *r, results
 * back in *r. Returns R10, the GHCI status; a failed TDCALL ends the TD. */
uint64_t tdvmcall(uint64_t fn, struct gprs *r);

uint64_t tdvmcall_io_write(unsigned size, uint16_t port, uint32_t value);
uint64_t tdvmcall_io_read(unsigned size, uint16_t port, uint32_t *value);
uint64_t tdvmcall_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *out);
uint64_t tdvmcall_rdmsr(uint32_t msr, uint64_t *value);
uint64_t tdvmcall_wrmsr(uint32_t msr, uint64_t value);
uint64_t tdvmcall_hlt(bool interrupts_blocked);
/* #VE.RequestMMIO: size 1, 2, 4 or 8 at a shared GPA. */
uint64_t tdvmcall_mmio_read(unsigned size, uint64_t gpa, uint64_t *value);
uint64_t tdvmcall_mmio_write(unsigned size, uint64_t gpa, uint64_t value);
/* One MapGPA call; *resume = R11 (the GPA to continue from on RETRY, the
 * start GPA on an error). */
uint64_t tdvmcall_map_gpa(uint64_t gpa, uint64_t size, uint64_t *resume);
/* GetTdVmCallInfo: out[0..3] = R11..R14. */
uint64_t tdvmcall_get_td_vm_call_info(uint64_t leaf, uint64_t out[4]);

/* tdvisor's PV calls (tdvisor_pv.h): R10 = TDVISOR_PV_TDVMCALL_LEAF,
 * R11 = function, R12-R14 arguments. Returns R10, a GHCI status. */
uint64_t td_pv_call(uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2);

/* ReportFatalError with up to 64 bytes of `msg`; then port 0xf4 with 1. */
_Noreturn void td_fatal(const char *msg);

/* COM1 output by direct TDVMCALL Instruction.IO, one byte per call: no
 * #VE, so it also works inside the exception handler. */
void td_console_direct(const char *s, size_t len);

/* ---- memory (td_memory.c) ---- */

/* Set by td_start() from TDG.VP.INFO: GPAW and the shared bit (GPAW - 1). */
extern uint64_t td_gpaw, td_shared_bit;

struct td_accept_stats {
	uint64_t pages_2m, pages_4k;    /* accepted now, by size */
	uint64_t already_accepted;      /* 4 KiB pages found accepted */
};
/* Accepts private RAM [start, end) (4 KiB aligned): a 2 MiB page wherever
 * the range covers an aligned one, falling back to 4 KiB pages when that
 * fails (as Linux's try_accept_one, arch/x86/coco/tdx/tdx-shared.c), 4 KiB
 * pages elsewhere. Pages already accepted are counted, not an error.
 * Returns TDX_SUCCESS or the first other status, its GPA in *failed_gpa. */
uint64_t td_accept_range(uint64_t start, uint64_t end, struct td_accept_stats *st,
			 uint64_t *failed_gpa);

/* MapGPA of [gpa, gpa + size) following RETRY (Linux's tdx_map_gpa,
 * arch/x86/coco/tdx/tdx.c): to shared when `gpa` has the shared bit.
 * Returns the final GHCI status; *calls counts the TDVMCALLs made. */
uint64_t td_map_gpa(uint64_t gpa, uint64_t size, unsigned *calls);

/* Maps the shared window when the CPU's page tables can hold the shared
 * bit (MAXPHYADDR, CPUID 0x80000008 EAX[7:0], above it); false if not (an
 * emulator with a narrower physical address width). */
bool td_shared_window(void);
/* The window's virtual address of shared GPA `gpa` (shared bit clear or
 * set), below 1 GiB. */
static inline volatile uint8_t *td_shared_va(uint64_t gpa)
{
	return (volatile uint8_t *)(uintptr_t)(TD_SHARED_WINDOW + (gpa & (TD_SHARED_WINDOW_SIZE - 1)));
}

/* ---- calls that must be refused (td_bad_calls.c) ---- */

enum td_expect {
	TD_EXPECT_STATUS,       /* R10 == status */
	TD_EXPECT_ERROR,        /* R10 bit 63 set: a GHCI error, whichever */
	TD_EXPECT_TDCALL,       /* the module refuses the TDCALL: RAX == status */
};

/* One TDG.VP.VMCALL with bad arguments, and what it must get back. */
struct td_bad_call {
	const char *what;
	uint64_t rcx;           /* exposure bitmap; 0: TDG_VP_VMCALL_EXPOSE_STANDARD */
	uint64_t r10, r11, r12, r13, r14, r15;
	enum td_expect expect;
	uint64_t status;
	bool r11_is_r12;        /* MapGPA errors hand the start GPA back in R11 */
};
/* Makes each call and prints "<td>: <what>: <status>" or, when the answer
 * is not the expected one, "<td>: WRONG <what>: ..."; returns how many
 * were wrong. Every call must come back: a hang is the host's bug. */
unsigned td_bad_calls(const struct td_bad_call *calls, unsigned n);

/* ---- tests (td_rt.c) ---- */

/* One test case: a name and a function whose CHECKs end the TD on failure. */
struct td_case {
	const char *name;
	void (*run)(void);
};
/* Runs the cases in order: "<td>: ok <case>" after each, then
 * "Test result: SUCCESS"; a failed CHECK prints "Test result: FAILURE (case
 * <case>): <what>" and reports it with ReportFatalError. Returns 0. */
int td_run_cases(const char *td, const struct td_case *cases, unsigned n);
/* One line "<td>: <text>\n" on the console (td: the name given to
 * td_run_cases). */
void td_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* td_rt.c's own (GCC may also call them for struct copies and zeroing). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* #VEs handled so far by all vCPUs together, by exit reason. */
struct td_ve_stats {
	uint64_t cpuid, io, msr, hlt;
};
extern volatile struct td_ve_stats td_ve_stats;

/* ---- vCPUs (td_rt.c) ----
 *
 * Every vCPU starts with the TD (td_entry.S). vCPU 0 runs td_start() and
 * guest_main(); the others wait until td_start() has set up what they
 * share, then idle in HLT with interrupts enabled, each running the
 * functions td_run_on() hands it. One interrupt vector is the runtime's:
 * TD_IPI_VECTOR, an IPI that wakes an idle vCPU; its handler counts it
 * (td_ipis_taken()) and EOIs. */

#define TD_IPI_VECTOR 0x20

/* Set by td_start() from TDG.VP.INFO NUM_VCPUS (at most TD_RT_MAX_VCPUS). */
extern unsigned td_nr_vcpus;
/* td_entry.S waits for this before taking vCPUs 1 and up to long mode. */
extern volatile uint32_t td_vcpus_released;

/* The calling vCPU's index (TDG.VP.INFO VCPU_INDEX, RSI at the reset
 * vector), known from the runtime stack it runs on. */
unsigned td_vcpu_index(void);
/* Hands fn(arg) to vCPU `vcpu` (not the caller's), once that vCPU has
 * finished what it was handed before, and wakes it: fn runs concurrently
 * with the caller, then the vCPU idles again. */
void td_run_on(unsigned vcpu, void (*fn)(void *), void *arg);
/* td_run_on() every vCPU but the caller. */
void td_run_on_others(void (*fn)(void *), void *arg);
/* Waits until every vCPU but the caller has finished what it was handed. */
void td_wait_others(void);
/* A fixed IPI of TD_IPI_VECTOR to vCPU `vcpu` (x2APIC ID = vCPU index)
 * through the x2APIC ICR: a WRMSR that #VEs into TDG.VP.VMCALL. */
void td_send_ipi(unsigned vcpu);
/* TD_IPI_VECTOR interrupts the calling vCPU has taken. */
uint64_t td_ipis_taken(void);

/* One PAUSE of a spin-wait, with interrupts enabled for it: an IPI is
 * taken, and the host's kick when it stops the TD makes the vCPU exit even
 * on Bochs 2.7, which makes no VM exit for an external interrupt while the
 * guest has RFLAGS.IF = 0 (td_spin.c). */
static inline void td_pause(void)
{
	asm volatile("sti; pause; cli" : : : "memory");
}

/* RDMSR/WRMSR: native for the MSRs the module lets through (x2APIC EOI,
 * ISR, ...), a #VE served through the host for the others; an MSR the
 * host refuses ends the TD. */
static inline uint64_t td_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline void td_wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
		     : "memory");
}

#endif /* !__ASSEMBLY__ */
#endif
