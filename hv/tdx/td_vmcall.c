/* td_vmcall(): one TDG.VP.VMCALL of a TD vCPU. ghci_decode() validates
 * every argument without side effects; the handlers below then act and
 * cannot be made to misbehave by the guest. A refused call gets its GHCI
 * status in R10 and the TD runs on; only ReportFatalError, the PV EXIT, the
 * debug-exit port, an I/O flood, a HLT that can never wake and a MapGPA
 * the host cannot carry out (td_map_gpa() stops the TD) end the TD.
 * Outputs reach the guest only in registers it exposed, which the decoder
 * checked. */
#include "ghci.h"
#include "td.h"
#include "../dev/guest_ports.h"
#include "../guests.h"
#include "../lib/format.h"
#include "../log.h"
#include "../../guest-abi/tdvisor_pv.h"
#include "../../guest-abi/tdx_ghci.h"

/* The MSRs answered here when td_irq does not claim them: a TD's local
 * APIC is always in x2APIC mode at the architectural base, and its x2APIC
 * ID is its VCPU_INDEX (the TDX module reports that in CPUID(1).EBX[31:24]).
 * Everything else is refused, which a Linux guest's #VE handler turns into
 * the #GP that rdmsr_safe()/wrmsr_safe() expect. */
#define MSR_IA32_APIC_BASE   0x1b
#define MSR_X2APIC_ID        0x802
#define APIC_BASE_ADDRESS    0xfee00000ull
#define APIC_BASE_BSP        BIT(8)
#define APIC_BASE_X2APIC     BIT(10)
#define APIC_BASE_ENABLE     BIT(11)

typedef bool (*ghci_handler)(struct td_vcpu *v, const struct ghci_request *r,
			     struct tdx_module_args *a);

static uint64_t apic_base(const struct td_vcpu *v)
{
	return APIC_BASE_ADDRESS | APIC_BASE_ENABLE | APIC_BASE_X2APIC |
	       (v->index == 0 ? APIC_BASE_BSP : 0);
}

static bool do_get_info(struct td_vcpu *v, const struct ghci_request *r,
		     struct tdx_module_args *a)
{
	(void)v;
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	a->r11 = r->info.leaf == 1 ? TDG_VP_VMCALL_INFO1_SETUP_EVENT_NOTIFY_INTERRUPT : 0;
	a->r12 = a->r13 = a->r14 = 0;
	return true;
}

static bool do_map_gpa(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	uint64_t next = r->map_gpa.gpa;

	a->r10 = td_map_gpa(v->td, r->map_gpa.gpa, r->map_gpa.size, r->map_gpa.to_shared, &next);
	/* RETRY: where to resume; an error: the start GPA (as KVM answers). */
	a->r11 = a->r10 == TDG_VP_VMCALL_RETRY ? next : r->map_gpa.gpa;
	return !v->td->kill_requested;  /* td_map_gpa() stops a TD it cannot serve */
}

static bool do_report_fatal(struct td_vcpu *v, const struct ghci_request *r,
			 struct tdx_module_args *a)
{
	char data[48] = "";

	(void)a;
	if (r->fatal.has_data_gpa)
		format(data, sizeof(data), ", more at GPA 0x%llx",
		       (unsigned long long)r->fatal.data_gpa);
	td_stop(v->td, "vCPU %u reported a fatal error (code 0x%x%s): %s", v->index,
		r->fatal.code, data, r->fatal.message[0] ? r->fatal.message : "(no message)");
	return false;
}

static bool do_setup_notify(struct td_vcpu *v, const struct ghci_request *r,
			 struct tdx_module_args *a)
{
	v->irq.notify_vector = r->notify.vector;
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	return true;
}

static bool do_cpuid(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	struct cpuid_regs c = guest_cpuid(r->cpuid.leaf, r->cpuid.subleaf);

	(void)v;
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	a->r12 = c.eax;
	a->r13 = c.ebx;
	a->r14 = c.ecx;
	a->r15 = c.edx;
	return true;
}

static bool do_hlt(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	if (!td_irq_halt(v, r->hlt.irq_blocked)) {
		td_stop(v->td, "vCPU %u halted with interrupts blocked: it can never wake up",
			v->index);
		return false;
	}
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	return true;
}

static bool do_port_io(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	struct port_io io = {
		.port = r->io.port, .size = r->io.size, .write = r->io.write, .value = r->io.value,
	};

	if (!guest_port_io(&v->td->ports, &io)) {
		if (io.exit_status >= 0)        /* the debug-exit port: the TD's choice */
			td_exit_status(v->td, io.exit_status, "%s", io.stop_reason);
		else
			td_stop(v->td, "%s", io.stop_reason);
		return false;
	}
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	if (!io.write)
		a->r11 = io.value;
	return true;
}

static bool apic_rdmsr(const struct td_vcpu *v, uint32_t msr, uint64_t *value)
{
	if (msr == MSR_IA32_APIC_BASE)
		*value = apic_base(v);
	else if (msr == MSR_X2APIC_ID)
		*value = v->index;
	else
		return false;
	return true;
}

static bool do_rdmsr(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	uint32_t msr = r->msr.index;
	uint64_t value;

	if (!td_irq_rdmsr(v, msr, &value) && !apic_rdmsr(v, msr, &value)) {
		log_debug("td %s: vCPU %u: RDMSR 0x%x refused", v->td->name, v->index, msr);
		a->r10 = TDG_VP_VMCALL_INVALID_OPERAND;
		return true;
	}
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	a->r11 = value;
	return true;
}

static bool do_wrmsr(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	uint32_t msr = r->msr.index;

	/* Rewriting APIC_BASE with its value is accepted; the APIC cannot
	 * be moved, disabled or taken out of x2APIC mode. */
	if (td_irq_wrmsr(v, msr, r->msr.value) ||
	    (msr == MSR_IA32_APIC_BASE && r->msr.value == apic_base(v))) {
		a->r10 = TDG_VP_VMCALL_SUCCESS;
		return true;
	}
	log_debug("td %s: vCPU %u: WRMSR 0x%x <- 0x%llx refused", v->td->name, v->index, msr,
		  (unsigned long long)r->msr.value);
	a->r10 = TDG_VP_VMCALL_INVALID_OPERAND;
	return true;
}

/* No MMIO device exists for TDs yet: the shared GPA is an empty bus. */
static bool do_mmio(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	log_debug("td %s: vCPU %u: MMIO %s of %u bytes at GPA 0x%llx: no device",
		  v->td->name, v->index, r->mmio.write ? "write" : "read", r->mmio.size,
		  (unsigned long long)r->mmio.gpa);
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	if (!r->mmio.write)
		a->r11 = r->mmio.size == 8 ? ~0ull : BIT(8 * r->mmio.size) - 1;
	return true;
}

static bool do_console_write(struct td_vcpu *v, const struct ghci_request *r,
			  struct tdx_module_args *a)
{
	char text[GHCI_PV_CONSOLE_MAX];
	size_t len = r->console.len;

	if (len && !td_shared_copy(v->td, r->console.gpa, text, len, false)) {
		a->r10 = TDG_VP_VMCALL_INVALID_OPERAND;     /* not mapped shared */
		return true;
	}
	uart_model_text(&v->td->ports.com1, text, len);
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	return true;
}

static bool do_pv_exit(struct td_vcpu *v, const struct ghci_request *r, struct tdx_module_args *a)
{
	(void)a;
	td_exit_status(v->td, (int)r->exit.status, "the TD asked to exit (PV call)");
	return false;
}

/* For path-length benchmarks (tdvisor_pv.h): this vCPU's own counters. */
static bool do_exit_stats(struct td_vcpu *v, const struct ghci_request *r,
			  struct tdx_module_args *a)
{
	(void)r;
	a->r10 = TDG_VP_VMCALL_SUCCESS;
	a->r11 = v->hv_ticks;
	a->r12 = v->exits;
	return true;
}

static const ghci_handler handlers[] = {
	[GHCI_GET_TD_VM_CALL_INFO] = do_get_info,
	[GHCI_MAP_GPA] = do_map_gpa,
	[GHCI_REPORT_FATAL_ERROR] = do_report_fatal,
	[GHCI_SETUP_EVENT_NOTIFY] = do_setup_notify,
	[GHCI_CPUID] = do_cpuid,
	[GHCI_HLT] = do_hlt,
	[GHCI_IO] = do_port_io,
	[GHCI_RDMSR] = do_rdmsr,
	[GHCI_WRMSR] = do_wrmsr,
	[GHCI_MMIO] = do_mmio,
	[GHCI_PV_CONSOLE_WRITE] = do_console_write,
	[GHCI_PV_EXIT] = do_pv_exit,
	[GHCI_PV_EXIT_STATS] = do_exit_stats,
};
_Static_assert(ARRAY_SIZE(handlers) == GHCI_PV_EXIT_STATS + 1, "a handler per decoded call");

bool td_vmcall(struct td_vcpu *v, struct tdx_module_args *a)
{
	struct ghci_request r;
	uint64_t status = ghci_decode(a, v->td->gpaw, &r);

	if (status != TDG_VP_VMCALL_SUCCESS) {
		log_debug("td %s: vCPU %u: TDG.VP.VMCALL %s (R10 0x%llx, R11 0x%llx) refused: "
			  "status 0x%llx", v->td->name, v->index, r.name,
			  (unsigned long long)a->r10, (unsigned long long)a->r11,
			  (unsigned long long)status);
		a->r10 = status;
		a->r11 = r.fail_r11;
		return true;
	}
	return handlers[r.call](v, &r, a);
}
