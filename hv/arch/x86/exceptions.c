/* Exception handling: a fault at an instruction listed in __extable resumes
 * at its fixup; anything else in the hypervisor is a bug and panics with the
 * vector, error code, registers and a stack trace. An NMI while another CPU
 * panics is that CPU's request to stop. */
#include "exceptions.h"
#include "apic.h"
#include "cpu.h"
#include "gdb_x86.h"
#include "insn.h"
#include "../../arch.h"
#include "../../log.h"
#include "../../panic.h"

extern const struct extable_entry __extable_start[], __extable_end[];

static const char *const vector_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization exception", "#CP control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26",
	"reserved 27", "#HV hypervisor injection", "#VC VMM communication",
	"#SX security exception", "reserved 31",
};

/* The fixup code receives the vector in RAX: callers such as the SEAMCALL
 * probe tell #UD (no SEAM) from #GP. */
static bool apply_fixup(struct exception_frame *f)
{
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
		if (e->insn == f->rip) {
			f->rip = e->fixup;
			f->rax = f->vector;
			return true;
		}
	}
	return false;
}

void dump_registers(const struct exception_frame *f)
{
	log_panic_line("RIP %04llx:%016llx RSP %04llx:%016llx RFLAGS %016llx",
		       (unsigned long long)f->cs, (unsigned long long)f->rip,
		       (unsigned long long)f->ss, (unsigned long long)f->rsp,
		       (unsigned long long)f->rflags);
	log_panic_line("RAX %016llx RBX %016llx RCX %016llx RDX %016llx",
		       (unsigned long long)f->rax, (unsigned long long)f->rbx,
		       (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	log_panic_line("RSI %016llx RDI %016llx RBP %016llx R8  %016llx",
		       (unsigned long long)f->rsi, (unsigned long long)f->rdi,
		       (unsigned long long)f->rbp, (unsigned long long)f->r8);
	log_panic_line("R9  %016llx R10 %016llx R11 %016llx R12 %016llx",
		       (unsigned long long)f->r9, (unsigned long long)f->r10,
		       (unsigned long long)f->r11, (unsigned long long)f->r12);
	log_panic_line("R13 %016llx R14 %016llx R15 %016llx",
		       (unsigned long long)f->r13, (unsigned long long)f->r14,
		       (unsigned long long)f->r15);
	log_panic_line("CR0 %016llx CR2 %016llx CR3 %016llx CR4 %016llx",
		       (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
		       (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
}

/* Walks the RBP chain (the build keeps frame pointers). Only frames inside
 * the hypervisor's stack area or image are followed, so a corrupt chain ends
 * the trace instead of faulting inside the panic path. */
bool stack_address_plausible(uint64_t addr);

void dump_stack_trace(uint64_t rbp)
{
	log_panic_line("stack trace (return addresses; resolve with addr2line -e build/tdvisor.elf):");
	for (int depth = 0; depth < 24; depth++) {
		if (!IS_ALIGNED(rbp, 8) || !stack_address_plausible(rbp) ||
		    !stack_address_plausible(rbp + 15))
			return;
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;
		if (!frame[1])
			return;
		log_panic_line("  #%d %016llx", depth, (unsigned long long)frame[1]);
		if (frame[0] <= rbp)
			return;         /* stacks grow down: callers are higher */
		rbp = frame[0];
	}
}

void exception_handler(struct exception_frame *f)
{
	/* GDB stub: its NMI parks this CPU for the debugger. It comes first:
	 * a panic hands the machine to gdb before it stops the CPUs. */
	if (f->vector == 2 && gdb_x86_nmi(f))
		return;
	if (f->vector == 2 && (panic_in_progress() || cpus_stopping))
		for (;;)
			hlt();
	/* A TD's posted-interrupt notification taken outside the TD: the
	 * vector waits in the descriptor for the next TDH.VP.ENTER. */
	if (f->vector == KICK_VECTOR || f->vector == POSTED_INTR_VECTOR) {
		apic_eoi();
		return;
	}
	if (f->vector == SPURIOUS_VECTOR)
		return;         /* no EOI for spurious interrupts */
	/* GDB stub: breakpoints and single steps (before the fixups: a
	 * breakpoint may sit on an instruction that has one). */
	if ((f->vector == 1 || f->vector == 3) && gdb_x86_debug_exception(f))
		return;
	if (apply_fixup(f))
		return;
	if (!panic_begin())
		arch_stop_all(HV_EXIT_PANIC);
	log_panic_line("PANIC: exception %llu (%s), error code 0x%llx%s",
		       (unsigned long long)f->vector, vector_names[f->vector & 31],
		       (unsigned long long)f->error_code,
		       f->vector == 14 ? ", see CR2 for the address" : "");
	dump_registers(f);
	log_panic_line("  #-1 %016llx (faulting instruction)", (unsigned long long)f->rip);
	dump_stack_trace(f->rbp);
	gdb_x86_fatal_exception(f);     /* GDB stub: inspect before the stop */
	log_panic_line("PANIC: stopping all CPUs");
	arch_stop_all(HV_EXIT_PANIC);
}
