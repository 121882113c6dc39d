/* The TDH.VP.ENTER loop of one TD vCPU, on the CPU it is pinned to, and the
 * dispatch of TD exits by reason: TDG.VP.VMCALLs to td_vmcall.c, EPT
 * violations to td_memory.c, interrupts to td_irq.c. Host state: the TDX
 * module restores the host's state on every TD exit except what the ABI
 * lets it clobber (GPRs other than the outputs, which seamcall() saves,
 * and the debug registers, which tdvisor does not use while a TD runs);
 * the software module runs the TD with tdvisor's own VMX exit path and
 * restores the same. The last vCPU to leave tears the TD down. */
#include "seamcall.h"
#include "td.h"
#include "td_debug.h"
#include "td_fields.h"
#include "tdx_status.h"
#include "../arch/x86/apic.h"
#include "../arch/x86/cpu.h"
#include "../arch/x86/host_debug.h"
#include "../arch/x86/insn.h"
#include "../arch/x86/smp.h"
#include "../guests.h"
#include "../log.h"

#define EXIT_REASON_EXCEPTION_NMI      0
#define EXIT_REASON_EXTERNAL_INTERRUPT 1
#define EXIT_REASON_EPT_VIOLATION      48
#define EXIT_REASON_TDCALL             77


/* The shared EPT (the mirror's) is the TD's view of shared GPAs: hand its
 * root to the module, as KVM's tdx_load_mmu_pgd does (the bare root HPA:
 * walk length and memory type are the Secure EPT's). */
static bool set_shared_eptp(struct td_vcpu *v)
{
	struct tdx_module_args a = {
		.rcx = v->tdvps[0], .rdx = TDX_FIELD_SHARED_EPTP,
		.r8 = v->td->mirror.shared.root, .r9 = ~0ull,
	};

	v->status = tdx_call(TDH_VP_WR, &a, 0);
	if (v->status != TDX_SUCCESS) {
		td_stop(v->td, "vCPU %u: TDH.VP.WR of the shared EPT pointer failed", v->index);
		return false;
	}
	return true;
}

/* The manifest's watchdog_ms: a vCPU whose only exits for that long were
 * the watchdog's own timer interrupts is stopped. Other exits just move
 * the deadline (v->last_exit_tsc, taken when their handling ends, so a
 * long HLT does not count); the timer is re-armed when it fires. */
static bool watchdog(struct td_vcpu *v, uint64_t now)
{
	uint64_t ticks = v->td->cfg->watchdog_ms * cpu_tsc_khz();

	if (!ticks)
		return true;
	if (now - v->last_exit_tsc >= ticks) {
		td_stop(v->td, "watchdog: vCPU %u made no exit for %llu ms", v->index,
			(unsigned long long)v->td->cfg->watchdog_ms);
		return false;
	}
	td_irq_set_watchdog(v, v->last_exit_tsc + ticks);
	return true;
}

/* One TD exit; false when the vCPU is to leave its loop. */
static bool handle_exit(struct td_vcpu *v, uint64_t status, struct tdx_module_args *a)
{
	struct td *td = v->td;
	char text[160];

	switch (status) {
	case EXIT_REASON_TDCALL:
		return td_vmcall(v, a);
	case EXIT_REASON_EXCEPTION_NMI:
		if (!td_debug_exit(v, a))       /* a debugger's #DB/#BP, or an NMI: */
			arch_guest_nmi();       /* stop, or the GDB stub's park */
		return true;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		apic_eoi();             /* a kick or the host's own timer */
		return watchdog(v, rdtsc());
	case EXIT_REASON_EPT_VIOLATION:
		return td_ept_violation(v, a->r8, a->rcx, a->rdx);
	}
	/* The module was busy (another LP held a lock it needed) and did not
	 * enter: enter again, as KVM does. */
	if (TDX_STATUS_CODE(status) == TDX_OPERAND_BUSY || TDX_STATUS_CODE(status) == TDX_SYS_BUSY)
		return true;
	if (status >> 32) {     /* a completion status, not a TD exit reason */
		tdx_status_format(status, text, sizeof(text));
		td_stop(td, "vCPU %u: TDH.VP.ENTER failed: %s", v->index, text);
	} else {
		td_stop(td, "vCPU %u: unexpected TD exit, reason %llu (qualification 0x%llx, "
			"GPA 0x%llx, interruption info 0x%llx)", v->index,
			(unsigned long long)status, (unsigned long long)a->rcx,
			(unsigned long long)a->r8, (unsigned long long)a->r9);
	}
	return false;
}

void td_vcpu_run(void *arg)
{
	struct td_vcpu *v = arg;
	struct td *td = v->td;
	struct tdx_module_args a = { 0 };

	log_info("td %s: vCPU %u entering on cpu%u", td->name, v->index, v->cpu);
	v->running = true;
	td_irq_init(v);
	if (set_shared_eptp(v)) {
		uint64_t exit_tsc = 0;

		if (v->index == 0)
			log_info("td %s: first entry %llu SEAMCALLs and %llu TSC ticks after "
				 "TDH.MNG.CREATE", td->name,
				 (unsigned long long)(seamcall_count_total() - td->build_seamcalls),
				 (unsigned long long)(rdtsc() - td->build_tsc));
		v->last_exit_tsc = rdtsc();
		watchdog(v, v->last_exit_tsc);
		for (;;) {
			struct host_debug dbg;
			uint64_t status;

			if (td_debug_should_park(v))
				td_debug_park(v);       /* gdb holds the TD */
			if (td->kill_requested)
				break;
			if (v->flush_shared) {
				v->flush_shared = false;
				invept(INVEPT_ALL_CONTEXT, 0);
			}
			a.rcx = v->tdvps[0];
			v->in_guest = true;
			host_debug_save(&dbg);
			if (exit_tsc)
				v->hv_ticks += rdtsc() - exit_tsc;
			status = seamcall(TDH_VP_ENTER, &a);
			exit_tsc = rdtsc();
			host_debug_restore(&dbg);       /* the gdb stub's breakpoints */
			v->in_guest = false;
			v->exits++;
			smp_run_pending_call();  /* other CPUs' work, between exits */
			td_irq_poll(v);
			if (!handle_exit(v, status, &a))
				break;
			if (status != EXIT_REASON_EXTERNAL_INTERRUPT)
				v->last_exit_tsc = rdtsc();     /* after a HLT's wait, too */
		}
	}
	v->running = false;
	if (__atomic_sub_fetch(&td->vcpus_running, 1, __ATOMIC_SEQ_CST) == 0) {
		td_debug_td_stopped(td, td->exit_status);
		td_teardown(td);        /* the last vCPU out; VP.FLUSH runs on each CPU */
		td->state = TD_STATE_STOPPED;
		guest_stopped();
	}
}

void td_flush_shared_ept(struct td *td)
{
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		td->vcpu[i].flush_shared = true;
	td_kick_vcpus(td);
}
