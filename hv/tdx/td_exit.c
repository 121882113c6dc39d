/* The TDH.VP.ENTER loop and the GHCI exit handler for the TDG.VP.VMCALLs a
 * TD makes (GHCI: R10 = 0, R11 = sub-function, arguments from R12;
 * status back in R10, output in R11; REFERENCES.md "TDG.VP.VMCALL").
 * Handlers decode and validate, then act; a bad argument gets the GHCI
 * error status, never a hypervisor crash. */
#include "seamcall.h"
#include "td.h"
#include "tdx_status.h"
#include "../arch/x86/apic.h"
#include "../arch/x86/cpu.h"
#include "../arch/x86/smp.h"
#include "../arch/x86/insn.h"
#include "../guests.h"
#include "../log.h"
#include "../../guest-abi/tdvisor_pv.h"

#define EXIT_REASON_EXCEPTION_NMI      0
#define EXIT_REASON_EXTERNAL_INTERRUPT 1
#define EXIT_REASON_EPT_VIOLATION      48
#define EXIT_REASON_TDCALL             77

#define GHCI_SUCCESS          0ull
#define GHCI_INVALID_OPERAND  0x8000000000000000ull
#define GHCI_CPUID            10
#define GHCI_HLT              12
#define GHCI_IO               30
#define GHCI_REPORT_FATAL     0x10003ull
#define GHCI_PORT_COM1        0x3f8
#define GHCI_PORT_EXIT        0xf4

static void td_putc(struct td *td, char c)
{
	if (c != '\n' && td->line_len < TD_LINE - 1)
		td->line[td->line_len++] = (c >= 0x20 && c < 0x7f) ? c : '?';
	if (c == '\n' || td->line_len == TD_LINE - 1) {
		td->line[td->line_len] = '\0';
		log_info("[%s] %s", td->name, td->line);
		td->line_len = 0;
	}
}

/* Instruction.IO: R12 size, R13 direction (1 = write), R14 port, R15 value. */
static bool ghci_io(struct td *td, struct tdx_module_args *a)
{
	uint64_t size = a->r12, write = a->r13, port = a->r14, value = a->r15;

	if ((size != 1 && size != 2 && size != 4) || write > 1 || port > 0xffff) {
		a->r10 = GHCI_INVALID_OPERAND;
		return true;
	}
	a->r10 = GHCI_SUCCESS;
	a->r11 = 0;
	if (write && port == GHCI_PORT_EXIT) {
		log_info("td %s: stopped (status %d): the TD wrote %u to the debug-exit port",
			 td->name, (int)(uint32_t)value, (unsigned)value);
		return false;
	}
	if (write && port == GHCI_PORT_COM1)
		td_putc(td, (char)value);
	else if (!write)
		a->r11 = port == GHCI_PORT_COM1 + 5 ? 0x60 : 0xffffffffull >> (32 - 8 * size);
	return true;
}

/* Instruction.CPUID: R12 leaf, R13 sub-leaf -> R12..R15 = EAX..EDX, with
 * the same filtering and hypervisor leaves as for VMs. */
static void ghci_cpuid(struct tdx_module_args *a)
{
	struct cpuid_regs r = guest_cpuid((uint32_t)a->r12, (uint32_t)a->r13);

	a->r10 = GHCI_SUCCESS;
	a->r12 = r.eax;
	a->r13 = r.ebx;
	a->r14 = r.ecx;
	a->r15 = r.edx;
}

/* One TDG.VP.VMCALL; false when the TD is to stop. */
static bool handle_vmcall(struct td *td, struct tdx_module_args *a)
{
	if (a->r10 != 0) {
		a->r10 = GHCI_INVALID_OPERAND;  /* no vendor calls for TDs yet */
		return true;
	}
	switch (a->r11) {
	case GHCI_IO:
		return ghci_io(td, a);
	case GHCI_CPUID:
		ghci_cpuid(a);
		return true;
	case GHCI_HLT:
		a->r10 = GHCI_SUCCESS;          /* no interrupt sources yet */
		return true;
	case GHCI_REPORT_FATAL:
		log_error("td %s: stopped: the TD reported a fatal error (code 0x%llx)",
			  td->name, (unsigned long long)a->r12);
		return false;
	default:
		a->r10 = GHCI_INVALID_OPERAND;
		return true;
	}
}

void td_run(void *arg)
{
	struct td *td = arg;
	struct tdx_module_args a = { 0 };
	char text[160];

	log_info("td %s: vCPU 0 entering on cpu%u", td->name, td->cpu);
	td->state = TD_STATE_RUNNING;
	for (;;) {
		uint64_t status;

		if (td->kill_requested) {
			log_info("td %s: stopped: killed from the monitor", td->name);
			break;
		}

		a.rcx = td->tdvpr;
		status = seamcall(TDH_VP_ENTER, &a);
		td->exits++;
		smp_run_pending_call();  /* other CPUs' per-package work, between exits */
		if (status == EXIT_REASON_TDCALL) {
			if (!handle_vmcall(td, &a))
				break;
			continue;
		}
		if (status == EXIT_REASON_EXCEPTION_NMI) {
			arch_guest_nmi();       /* stop, or the GDB stub's park */
			continue;
		}
		if (status == EXIT_REASON_EXTERNAL_INTERRUPT) {
			apic_eoi();             /* the kick; nothing else interrupts */
			continue;
		}
		if (status == EXIT_REASON_EPT_VIOLATION) {
			log_error("td %s: stopped: EPT violation at GPA 0x%llx (qualification 0x%llx)",
				  td->name, (unsigned long long)a.r8, (unsigned long long)a.rcx);
			break;
		}
		if (status >> 32) {     /* a completion status, not a TD exit reason */
			tdx_status_format(status, text, sizeof(text));
			log_error("td %s: stopped: TDH.VP.ENTER failed: %s", td->name, text);
		} else {
			log_error("td %s: stopped: unexpected TD exit, reason %llu (qualification "
				  "0x%llx, GPA 0x%llx, interruption info 0x%llx)", td->name,
				  (unsigned long long)status, (unsigned long long)a.rcx,
				  (unsigned long long)a.r8, (unsigned long long)a.r9);
		}
		break;
	}
	td_teardown(td);        /* still on the vCPU's CPU, for TDH.VP.FLUSH */
	td->state = TD_STATE_STOPPED;
	guest_stopped();
}
