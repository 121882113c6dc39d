/* The Trust Domain test guests' runtime (README.md, "Trust Domain test
 * guests"): the boot contract's constants, the boot registers, TDCALL and
 * TDG.VP.VMCALL wrappers, the #VE handler's counters. The console (printf
 * onto COM1 with `out`, which #VEs in a TD) and the exception stubs are the
 * VM guests' console.c and exceptions.S, rebuilt position-independent. */
#ifndef TD_RT_H
#define TD_RT_H

/* Memory: the image ends at GPA 4 GiB (linked there by td_guest.ld); the
 * host also adds private RAM [0, 2 MiB). Nothing else exists. */
#define TD_RAM_SIZE       0x200000
#define TD_PML4           0x1000        /* page tables, built by td_entry.S */
#define TD_PDPT           0x2000
#define TD_PD_LOW         0x3000        /* [0, 2 MiB): one 2 MiB page */
#define TD_PD_HIGH        0x4000        /* [4 GiB - 2 MiB, 4 GiB): one 2 MiB page */
#define TD_STACK_BOTTOM   0x10000
#define TD_STACK_TOP      0x20000       /* vCPU 0's stack: 64 KiB */

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

#ifndef __ASSEMBLY__
#include "guest-abi/tests/rt.h"

/* TDCALL leaves (RAX) and the statuses the guest checks. */
#define TDG_VP_VMCALL        0
#define TDG_VP_INFO          1
#define TDG_VP_VEINFO_GET    3
#define TDX_SUCCESS          0
#define TDX_NO_VALID_VE_INFO 0xc000070400000000ull

/* TDG.VP.VMCALL: RCX = the GPRs exposed to the host (bit n = register n,
 * RAX = 0 ... R15 = 15). The usual calls expose R10-R15 only; the rest
 * keep their values across the call (the module restores them). */
#define TDVMCALL_EXPOSE_R10_R15 0xfc00ull
/* ReportFatalError also carries its message in RBX, RDX, RSI, RDI, R8, R9. */
#define TDVMCALL_EXPOSE_FATAL   0xffccull
#define TDVMCALL_GHCI           0       /* R10: a GHCI standard sub-function */
#define TDVMCALL_CPUID          10      /* R11 sub-functions: VMX exit reasons... */
#define TDVMCALL_IO             30
#define TDVMCALL_REPORT_FATAL   0x10003 /* ...and GHCI's own */

/* VMX exit reasons in the #VE information. */
#define EXIT_REASON_CPUID    10
#define EXIT_REASON_IO       30
#define VEC_VE               20

/* What the vCPU started with, saved by td_entry.S (vCPU 0 only; 32-bit
 * values but R8, which only 64-bit mode can read). */
struct td_boot_regs {
	uint64_t rbx, rcx, rdx, rsi, r8, rflags, cr0, cr4, efer;
};
_Static_assert(sizeof(struct td_boot_regs) == TD_BR_SIZE, "td_entry.S offsets");
extern struct td_boot_regs td_boot_regs;

/* td_regs.S: loads every GPR but RSP from *r, executes TDCALL, stores them
 * all back. RAX holds the leaf on the way in, the status on the way out. */
void td_tdcall(struct gprs *r);

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

/* GHCI sub-functions. Each returns the TDVMCALL status (R10, 0 = success);
 * a TDCALL that itself fails ends the TD (td_fatal). */
uint64_t tdvmcall_io_write(unsigned size, uint16_t port, uint32_t value);
uint64_t tdvmcall_io_read(unsigned size, uint16_t port, uint32_t *value);
uint64_t tdvmcall_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *out);
/* ReportFatalError with up to 64 bytes of `msg`; then port 0xf4 with 1. */
_Noreturn void td_fatal(const char *msg);

/* COM1 output by direct TDVMCALL Instruction.IO, one byte per call: no
 * #VE, so it also works inside the exception handler. */
void td_console_direct(const char *s, size_t len);

/* #VEs handled so far, by exit reason. */
struct td_ve_stats {
	uint64_t cpuid, io;
};
extern volatile struct td_ve_stats td_ve_stats;

#endif /* !__ASSEMBLY__ */
#endif
