/* Interrupts for TD vCPUs, the way KVM gives them to TDs (arch/x86/kvm/
 * vmx/tdx.c, posted_intr.c): the host cannot touch a TD's virtual APIC,
 * which lives in the TDVPS, so every interrupt goes through the vCPU's
 * posted-interrupt descriptor. Posting sets the vector's PIR bit and ON
 * and sends the notification vector (POSTED_INTR_VECTOR) to the vCPU's
 * CPU: inside TDH.VP.ENTER the TDX module moves PIR into the virtual APIC
 * and the TD takes the interrupt when it can; a CPU that is outside the TD
 * takes the notification itself (only an EOI, exceptions.c), so before it
 * enters the TD again it sends itself another if ON is still set, as KVM's
 * tdx_vcpu_run does. A halted vCPU waits in HLT with interrupts enabled,
 * and any of these wakes it: the notification, the kick (smp calls, kill)
 * or the CPU's APIC timer, which backs the TD's APIC timer.
 *
 * Time: the TD's TSC is taken to be the CPU's. That holds under the
 * software module, which neither offsets nor scales a TD's TSC; on
 * hardware the TD's TSC_OFFSET and TSC_MULTIPLIER (TDH.MNG.RD) would have
 * to convert deadlines, which is not done yet. */
#include "td.h"
#include "td_debug.h"
#include "td_fields.h"
#include "tdx_status.h"
#include "../arch/x86/apic.h"
#include "../arch/x86/insn.h"
#include "../arch/x86/percpu.h"
#include "../arch/x86/smp.h"
#include "../log.h"

#define X2APIC_ICR 0x830

static uint64_t td_tsc(void)
{
	return rdtsc();
}

static bool vp_wr(struct td_vcpu *v, uint64_t field, uint64_t value, uint64_t mask)
{
	struct tdx_module_args a = { .rcx = v->tdvps[0], .rdx = field, .r8 = value, .r9 = mask };

	v->status = tdx_call(TDH_VP_WR, &a, 0);
	return v->status == TDX_SUCCESS;
}

static void notify(const struct td_vcpu *v)
{
	apic_send_vector(percpu[v->cpu].apic_id, POSTED_INTR_VECTOR);
}

static bool posted(const struct td_vcpu *v)
{
	return __atomic_load_n(&v->irq.pid.control, __ATOMIC_ACQUIRE) & PI_DESC_ON;
}

bool td_irq_init(struct td_vcpu *v)
{
	/* The image is identity-mapped: the descriptor's address is its PA. */
	paddr_t pid = (paddr_t)(uintptr_t)&v->irq.pid;

	v->irq.pid = (struct vmx_pi_desc){ 0 };
	td_lapic_reset(&v->irq.lapic);
	/* KVM's order: the vector and the address before the control that
	 * makes the module use them. */
	if (!vp_wr(v, TDX_FIELD_POSTED_INTR_NV, POSTED_INTR_VECTOR, ~0ull) ||
	    !vp_wr(v, TDX_FIELD_POSTED_INTR_DESC_ADDR, pid, ~0ull) ||
	    !vp_wr(v, TDX_FIELD_PIN_BASED_CONTROLS, PIN_POSTED_INTERRUPTS, PIN_POSTED_INTERRUPTS)) {
		td_stop(v->td, "vCPU %u: TDH.VP.WR of its posted-interrupt descriptor failed",
			v->index);
		return false;
	}
	return true;
}

void td_irq_post(struct td_vcpu *v, uint8_t vector)
{
	struct vmx_pi_desc *pid = &v->irq.pid;

	__atomic_fetch_or(&pid->pir[vector / 64], 1ull << (vector % 64), __ATOMIC_SEQ_CST);
	/* ON already set: a notification is on its way and covers this one. */
	if (!(__atomic_fetch_or(&pid->control, PI_DESC_ON, __ATOMIC_SEQ_CST) & PI_DESC_ON))
		notify(v);
}

void td_irq_notify_event(struct td_vcpu *v)
{
	if (v->irq.notify_vector)
		td_irq_post(v, v->irq.notify_vector);
}

/* The CPU's APIC timer follows the TD's timer or the watchdog, whichever
 * comes first (or stays off without either). */
static void arm_host_timer(struct td_vcpu *v)
{
	uint64_t at = v->irq.lapic.timer_expiry, dog = v->irq.watchdog_deadline;

	if (dog && (!at || dog < at))
		at = dog;
	v->irq.host_timer = apic_timer_deadline(at);
}

void td_irq_set_watchdog(struct td_vcpu *v, uint64_t deadline)
{
	v->irq.watchdog_deadline = deadline;
	arm_host_timer(v);
}

static void timer_poll(struct td_vcpu *v)
{
	struct td_lapic *l = &v->irq.lapic;
	uint64_t expiry = l->timer_expiry;
	uint8_t vector = td_lapic_timer_due(l, td_tsc());

	if (vector)
		td_irq_post(v, vector);
	if (l->timer_expiry != expiry)
		arm_host_timer(v);
}

void td_irq_poll(struct td_vcpu *v)
{
	timer_poll(v);
	if (posted(v))
		notify(v);
}

/* An interrupt already in the virtual APIC that the TD could not take when
 * it halted (TDVPS VCPU_STATE_DETAILS, as KVM's
 * tdx_protected_apic_has_interrupt reads it). */
static bool vapic_pending(struct td_vcpu *v)
{
	struct tdx_module_args a = { .rcx = v->tdvps[0], .rdx = TDX_FIELD_VCPU_STATE_DETAILS };

	v->status = tdx_call(TDH_VP_RD, &a, 0);
	return v->status == TDX_SUCCESS && (a.r8 & TDX_VCPU_STATE_DETAILS_INTR_PENDING);
}

bool td_irq_halt(struct td_vcpu *v, bool irq_blocked)
{
	if (irq_blocked)
		return false;
	if (vapic_pending(v))
		return true;
	for (;;) {
		timer_poll(v);
		if (posted(v) || v->td->kill_requested || td_debug_should_park(v))
			break;
		/* "sti; hlt" is atomic (STI's shadow): a wakeup that arrives
		 * after the checks above still ends the HLT. */
		if (v->irq.lapic.timer_expiry && !v->irq.host_timer)
			cpu_relax();    /* no APIC timer to wake the CPU: watch the TSC */
		else
			__asm__ volatile("sti; hlt; cli" ::: "memory");
		smp_run_pending_call();
	}
	if (posted(v))
		notify(v);      /* this CPU took the notification in its HLT */
	return true;
}

bool td_irq_rdmsr(struct td_vcpu *v, uint32_t msr, uint64_t *value)
{
	return td_lapic_read(&v->irq.lapic, v->index, msr, td_tsc(), value);
}

/* A fixed IPI the TD sends through its ICR, to each vCPU it names. Other
 * delivery modes (NMI, INIT, SIPI, lowest priority) are not given to TDs:
 * TDX guests start their APs through the MADT mailbox. */
static void send_ipi(struct td_vcpu *v, uint64_t icr)
{
	struct td *td = v->td;
	uint8_t vector;

	if (!td_lapic_icr_fixed(icr, &vector)) {
		log_debug("td %s: vCPU %u: IPI 0x%llx not delivered (not a fixed interrupt)",
			  td->name, v->index, (unsigned long long)icr);
		return;
	}
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		if (td_lapic_icr_targets(icr, v->index, td->vcpu[i].index))
			td_irq_post(&td->vcpu[i], vector);
}

bool td_irq_wrmsr(struct td_vcpu *v, uint32_t msr, uint64_t value)
{
	struct td_lapic *l = &v->irq.lapic;
	uint64_t expiry = l->timer_expiry;

	if (!td_lapic_write(l, msr, value, td_tsc()))
		return false;
	if (msr == X2APIC_ICR)
		send_ipi(v, l->icr);
	if (l->timer_expiry != expiry)
		arm_host_timer(v);
	timer_poll(v);          /* a deadline already past fires now */
	return true;
}
