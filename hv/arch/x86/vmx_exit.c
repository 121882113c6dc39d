/* VM-exit dispatch for plain VMs. Handlers decode and validate first and
 * act only on valid input (seL4 style); anything a guest does wrong stops
 * that guest with a logged reason, never the hypervisor. */
#include "apic.h"
#include "cpu.h"
#include "insn.h"
#include "msr.h"
#include "percpu.h"
#include "vmx.h"
#include "vmx_cpu.h"
#include "vmx_exit.h"
#include "../../guests.h"
#include "../../log.h"
#include "../../panic.h"
#include "../../vm.h"
#include "../../../guest-abi/tdvisor_pv.h"

#define PV_CONSOLE_MAX         4096

static void skip_instruction(void)
{
	uint64_t intr = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY);

	vmcs_write(VMCS_GUEST_RIP, vmcs_read(VMCS_GUEST_RIP) +
		   vmcs_read(VMCS_EXIT_INSTRUCTION_LENGTH));
	if (intr & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY,
			   intr & ~(INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
}

static void inject_gp(void)
{
	vmcs_write(VMCS_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION |
		   INTR_INFO_ERROR_CODE | 13);
	vmcs_write(VMCS_ENTRY_EXCEPTION_ERROR_CODE, 0);
}

static uint64_t *gpr(struct vcpu *v, unsigned n)
{
	uint64_t *regs[16] = {
		&v->regs.rax, &v->regs.rcx, &v->regs.rdx, &v->regs.rbx, NULL,
		&v->regs.rbp, &v->regs.rsi, &v->regs.rdi, &v->regs.r8, &v->regs.r9,
		&v->regs.r10, &v->regs.r11, &v->regs.r12, &v->regs.r13, &v->regs.r14,
		&v->regs.r15,
	};

	return regs[n & 15];
}

static void handle_io(struct vcpu *v, uint64_t qual)
{
	unsigned size = IO_QUAL_SIZE(qual);
	uint64_t mask = size == 4 ? 0xffffffffull : (1ull << (8 * size)) - 1;
	struct port_io io = {
		.port = IO_QUAL_PORT(qual), .size = size, .write = !(qual & IO_QUAL_IN),
		.value = v->regs.rax & mask,
	};

	if (qual & IO_QUAL_STRING) {
		vm_stop(v->vm, -1, "string I/O (INS/OUTS) on port 0x%x is not supported", io.port);
		return;
	}
	if (!guest_port_io(&v->vm->ports, &io)) {
		vm_stop(v->vm, io.exit_status, "%s", io.stop_reason);
		return;
	}
	if (!io.write)
		v->regs.rax = (v->regs.rax & ~mask) | io.value;
	skip_instruction();
}

static void handle_cpuid(struct vcpu *v)
{
	struct cpuid_regs r = guest_cpuid(v->regs.rax, v->regs.rcx);

	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	skip_instruction();
}

static void handle_hlt(struct vcpu *v)
{
	if (!(vmcs_read(VMCS_GUEST_RFLAGS) & BIT(9))) {
		vm_stop(v->vm, -1, "vCPU %u halted with interrupts disabled (RIP 0x%llx): "
			"it can never wake up", v->index,
			(unsigned long long)vmcs_read(VMCS_GUEST_RIP));
		return;
	}
	/* No virtual interrupt sources exist yet, so an interrupt "arrives" at
	 * once: resume after the HLT. */
	skip_instruction();
}

static bool read_msr(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	switch (msr) {
	case 0x10:                      /* IA32_TIME_STAMP_COUNTER */
		*value = rdtsc();
		return true;
	case MSR_IA32_APIC_BASE:        /* no APIC is emulated: report it off */
		*value = 0xfee00000ull | (v->index == 0 ? APIC_BASE_BSP : 0);
		return true;
	case 0x1a0:                     /* IA32_MISC_ENABLE: fast strings only */
		*value = 1;
		return true;
	default:
		return false;
	}
}

static void handle_msr(struct vcpu *v, bool write)
{
	uint32_t msr = v->regs.rcx;
	uint64_t value;

	if (write || !read_msr(v, msr, &value)) {
		/* Unknown MSRs, and writes to the read-only ones above, fault
		 * as on a CPU without them. */
		log_debug("vm %s: %s of MSR 0x%x: #GP", v->vm->name, write ? "WRMSR" : "RDMSR", msr);
		inject_gp();
		return;
	}
	v->regs.rax = (uint32_t)value;
	v->regs.rdx = value >> 32;
	skip_instruction();
}

static void handle_vmcall(struct vcpu *v)
{
	uint64_t fn = v->regs.rax;
	char text[PV_CONSOLE_MAX];

	switch (fn) {
	case TDVISOR_PV_CONSOLE_WRITE: {
		uint64_t gpa = v->regs.rbx, len = v->regs.rcx;

		if (len > PV_CONSOLE_MAX || !vm_read_guest(v->vm, gpa, text, len)) {
			v->regs.rax = TDVISOR_PV_EINVAL;
			break;
		}
		uart_model_text(&v->vm->ports.com1, text, len);
		v->regs.rax = TDVISOR_PV_OK;
		break;
	}
	case TDVISOR_PV_EXIT:
		vm_stop(v->vm, (int)v->regs.rbx, "the guest asked to exit (PV call)");
		return;
	case TDVISOR_PV_EXIT_STATS:
		v->regs.rbx = v->hv_ticks;
		v->regs.rcx = v->exits;
		v->regs.rax = TDVISOR_PV_OK;
		break;
	default:
		v->regs.rax = TDVISOR_PV_ENOSYS;
		break;
	}
	skip_instruction();
}

/* MOV to CR0/CR4 touching a host-owned bit (SDM table 28-3): the guest
 * value goes to the read shadow, the real register keeps what VMX needs. */
static void handle_cr_access(struct vcpu *v, uint64_t qual)
{
	unsigned cr = qual & 15, type = (qual >> 4) & 3;
	uint64_t value = *gpr(v, (qual >> 8) & 15);

	if (type != 0 || (cr != 0 && cr != 4) || ((qual >> 8) & 15) == 4) {
		vm_stop(v->vm, -1, "unsupported control-register access (qualification 0x%llx)",
			(unsigned long long)qual);
		return;
	}
	if (cr == 0) {
		vmcs_write(VMCS_CR0_READ_SHADOW, value);
		vmcs_write(VMCS_GUEST_CR0, vmx_fix_cr0(&vmx_caps, value, true));
	} else {
		if (value & ~vmx_caps.cr4_fixed1) {
			inject_gp();            /* a CR4 bit this CPU does not have */
			return;
		}
		vmcs_write(VMCS_CR4_READ_SHADOW, value);
		vmcs_write(VMCS_GUEST_CR4, vmx_fix_cr4(&vmx_caps, value));
	}
	skip_instruction();
}

static void handle_ept_violation(struct vcpu *v, uint64_t qual)
{
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	const char *access = qual & EPT_QUAL_WRITE ? "write" :
			     qual & EPT_QUAL_FETCH ? "instruction fetch" : "read";

	vm_stop(v->vm, -1, "EPT violation: %s at GPA 0x%llx, %s guest memory (RIP 0x%llx)",
		access, (unsigned long long)gpa,
		vm_gpa_is_ram(v->vm, gpa) ? "inside" : "outside",
		(unsigned long long)vmcs_read(VMCS_GUEST_RIP));
}

static void handle_preemption_timer(struct vcpu *v, uint64_t now)
{
	uint64_t quiet = now - v->last_progress_tsc;

	if (v->vm->watchdog_ticks && quiet > v->vm->watchdog_ticks)
		vm_stop(v->vm, -1, "watchdog: vCPU %u made no exit for %llu ms (RIP 0x%llx)",
			v->index, (unsigned long long)(quiet / cpu_tsc_khz()),
			(unsigned long long)vmcs_read(VMCS_GUEST_RIP));
}

static void handle_external_interrupt(void)
{
	uint32_t info = vmcs_read(VMCS_EXIT_INTR_INFO);

	/* Acknowledged on exit: the only source is tdvisor's own kick IPI,
	 * whose job (make this vCPU look at its VM's state) is done. */
	if (info & INTR_INFO_VALID)
		apic_eoi();
}

void vmx_handle_exit(struct vcpu *v)
{
	uint32_t reason = vmcs_read(VMCS_EXIT_REASON);
	uint32_t basic = EXIT_REASON_BASIC(reason);
	uint64_t qual = vmcs_read(VMCS_EXIT_QUALIFICATION);

	if (reason & EXIT_REASON_ENTRY_FAILURE) {
		vmx_report_entry_failure(v);
		return;
	}
	if (basic != EXIT_REASON_PREEMPTION_TIMER && basic != EXIT_REASON_EXTERNAL_INTERRUPT)
		v->last_progress_tsc = v->regs.exit_tsc;
	switch (basic) {
	case EXIT_REASON_IO:
		handle_io(v, qual);
		break;
	case EXIT_REASON_CPUID:
		handle_cpuid(v);
		break;
	case EXIT_REASON_HLT:
		handle_hlt(v);
		break;
	case EXIT_REASON_RDMSR:
	case EXIT_REASON_WRMSR:
		handle_msr(v, basic == EXIT_REASON_WRMSR);
		break;
	case EXIT_REASON_VMCALL:
		handle_vmcall(v);
		break;
	case EXIT_REASON_CR_ACCESS:
		handle_cr_access(v, qual);
		break;
	case EXIT_REASON_EPT_VIOLATION:
		handle_ept_violation(v, qual);
		break;
	case EXIT_REASON_PREEMPTION_TIMER:
		handle_preemption_timer(v, v->regs.exit_tsc);
		break;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		handle_external_interrupt();
		break;
	case EXIT_REASON_EXCEPTION_NMI:
		/* NMI exiting: an NMI for this CPU while the guest ran. */
		arch_guest_nmi();
		break;
	case EXIT_REASON_TRIPLE_FAULT:
		vm_stop(v->vm, -1, "triple fault on vCPU %u (RIP 0x%llx)", v->index,
			(unsigned long long)vmcs_read(VMCS_GUEST_RIP));
		break;
	case EXIT_REASON_INVD:
		skip_instruction();     /* guest memory is ours to keep coherent */
		break;
	default:
		vm_stop(v->vm, -1, "unhandled exit: reason %u (%s), qualification 0x%llx, RIP 0x%llx",
			basic, vmx_exit_reason_name(basic), (unsigned long long)qual,
			(unsigned long long)vmcs_read(VMCS_GUEST_RIP));
		break;
	}
}

void vmx_report_entry_failure(struct vcpu *v)
{
	uint64_t reason, error;

	if (vmread(VMCS_EXIT_REASON, &reason) && (reason & EXIT_REASON_ENTRY_FAILURE)) {
		vm_stop(v->vm, -1, "VM entry failed: %s (exit qualification %llu)",
			vmx_exit_reason_name(EXIT_REASON_BASIC(reason)),
			(unsigned long long)vmcs_read(VMCS_EXIT_QUALIFICATION));
		return;
	}
	error = vmread(VMCS_VM_INSTRUCTION_ERROR, &error) ? error : 0;
	vm_stop(v->vm, -1, "VM%s failed: VM-instruction error %llu (%s)",
		v->launched ? "RESUME" : "LAUNCH", (unsigned long long)error,
		vmx_instruction_error_name(error));
}
