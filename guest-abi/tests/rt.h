/* The test guests' runtime: boot information, console, exceptions, exit.
 * Each guest image is this runtime plus one file that defines guest_main(). */
#ifndef GUEST_RT_H
#define GUEST_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-abi/tdvisor_pv.h"
#include "guest-abi/tests/insn.h"

#define GUEST_MAX_VCPUS  8      /* entry.S MAX_VCPUS */
#define GUEST_CS         0x08   /* entry.S GDT_CS */
#define GUEST_LOAD_ADDR  0x100000u
#define MIB              (1024u * 1024u)

/* Registers as the vCPU was started, saved by entry.S before it changed any
 * (vCPU 0 only). Offsets are fixed: entry.S writes them. */
struct guest_boot_regs {
	uint32_t eax, ebx, ecx, esi, cr0, cr4, eflags, pad;
	uint64_t efer;
};
_Static_assert(sizeof(struct guest_boot_regs) == 40, "entry.S offsets");
extern struct guest_boot_regs guest_boot_regs;

/* What the boot registers mean, decoded by rt.c. */
struct guest_env {
	bool tdvisor;           /* ECX held TDVISOR_PV_BOOT_MAGIC */
	uint32_t vcpu;          /* ESI under tdvisor, else 0 */
	uint64_t mem_size;      /* bytes of RAM from GPA 0; 0 if unknown */
};
extern struct guest_env guest_env;

/* Linker script symbols. */
extern char __image_start[], __image_end[], __bss_start[], __bss_end[];

/* Provided by each guest: the test itself. Returns the exit status. */
int guest_main(void);
/* May be provided by a guest for vCPUs other than 0; the default announces
 * the vCPU and idles it in HLT with interrupts enabled. */
void guest_ap_main(uint32_t vcpu);

/* Console: each call's text goes out on COM1 as one unit, so lines of
 * different vCPUs do not interleave. Formats: %s %c %d %i %u %x %p %% with
 * l/ll/z sizes, '0' flag and a width. */
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Raw bytes to COM1; `lock` false only where the lock may already be held. */
void console_write(const char *s, size_t len, bool lock);

/* Ends the VM: PV EXIT under tdvisor, else the debug-exit port 0xf4. */
_Noreturn void guest_exit(uint32_t status);
/* Prints "Test result: FAILURE: <text>" and exits with status 1. */
_Noreturn void guest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(cond, ...) do { if (!(cond)) guest_fail(__VA_ARGS__); } while (0)

/* The frame guest_exception() gets from exceptions.S. */
struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
};

#endif
