/* Interrupts for TD vCPUs: posting a vector to a vCPU (posted-interrupt
 * descriptor + notification, as KVM does for TDs), the local APIC
 * registers a TD reaches through TDG.VP.VMCALL<Instruction.RDMSR/WRMSR>
 * (its timer among them, td_lapic.c), the SetupEventNotifyInterrupt
 * vector, and HLT that waits for an interrupt. */
#ifndef HV_TDX_TD_IRQ_H
#define HV_TDX_TD_IRQ_H

#include "../arch/x86/vmx.h"
#include "../types.h"

struct td_vcpu;

/* The x2APIC registers the host emulates for a TD (the TDX module lets
 * the TD reach TPR, PPR, EOI, ISR, TMR, IRR and SELF_IPI in its virtual
 * APIC without exits; every other x2APIC MSR #VEs into a TDVMCALL). The
 * APIC timer counts at the TD's TSC rate (TDCR divides it). */
struct td_lapic {
	uint32_t svr;
	uint32_t lvt[6];                /* timer, thermal, PMI, LINT0, LINT1, error */
	uint64_t icr;
	uint32_t tmict, tdcr;
	uint64_t tsc_deadline;          /* IA32_TSC_DEADLINE as the TD wrote it */
	uint64_t timer_expiry;          /* TD TSC when the timer fires; 0: disarmed */
	uint64_t timer_period;          /* periodic mode: TSC ticks per period */
};

/* Per-vCPU interrupt state, embedded in struct td_vcpu. */
struct td_irq {
	/* Hypervisor memory the TDX module reads: its address is given with
	 * TDH.VP.WR (tdvisor's image is identity-mapped, linker.ld). */
	struct vmx_pi_desc pid;
	struct td_lapic lapic;
	uint8_t notify_vector;          /* SetupEventNotifyInterrupt; 0: none */
	bool host_timer;                /* the CPU's APIC timer backs lapic's */
	uint64_t watchdog_deadline;     /* TSC; 0: none (td_irq_set_watchdog) */
};

/* The CPU's APIC timer also fires at deadline (TSC, 0: never), so that a
 * vCPU that never exits is still taken out of TDH.VP.ENTER: the TDX module
 * gives the host no preemption timer, but every external interrupt exits. */
void td_irq_set_watchdog(struct td_vcpu *v, uint64_t deadline);
/* Before the first TDH.VP.ENTER of the vCPU, on its CPU: hands the module
 * the descriptor and notification vector (TDH.VP.WR); on failure stops
 * the TD (td_stop) and returns false. */
bool td_irq_init(struct td_vcpu *v);
/* Makes vector (16..255) pending for the vCPU and notifies its CPU: the
 * module takes the notification inside TDH.VP.ENTER, a halted vCPU wakes.
 * Any CPU. */
void td_irq_post(struct td_vcpu *v, uint8_t vector);
/* Posts the SetupEventNotifyInterrupt vector, if the TD set one up (for a
 * host event such as a completed GetQuote; tdvisor has none yet). */
void td_irq_notify_event(struct td_vcpu *v);
/* TDG.VP.VMCALL<Instruction.HLT>: returns true when an interrupt is
 * pending for the vCPU or the TD is being stopped; false at once if
 * irq_blocked (RFLAGS.IF was 0: only an NMI could wake it, and tdvisor
 * sends TDs none). On the vCPU's CPU; answers other CPUs' calls while it
 * waits. */
bool td_irq_halt(struct td_vcpu *v, bool irq_blocked);
/* Instruction.RDMSR / WRMSR of the x2APIC registers emulated here and
 * IA32_TSC_DEADLINE: true when done; false for an MSR not emulated here
 * or an access the x2APIC refuses with #GP (writing a read-only register,
 * a reserved value): the caller answers INVALID_OPERAND. On the vCPU's CPU. */
bool td_irq_rdmsr(struct td_vcpu *v, uint32_t msr, uint64_t *value);
bool td_irq_wrmsr(struct td_vcpu *v, uint32_t msr, uint64_t value);
/* On the vCPU's CPU after every TD exit and before the next TDH.VP.ENTER:
 * fires an expired timer, and makes sure a vector posted while the vCPU
 * was out reaches it (a notification the CPU took itself is sent again). */
void td_irq_poll(struct td_vcpu *v);

/* td_lapic.c, the emulated registers; now is the TD's TSC. */
void td_lapic_reset(struct td_lapic *l);
/* The timer fired by now: returns the vector to post (0: none, masked or
 * not due) and re-arms a periodic timer. */
uint8_t td_lapic_timer_due(struct td_lapic *l, uint64_t now);
bool td_lapic_read(const struct td_lapic *l, uint32_t x2apic_id, uint32_t msr, uint64_t now,
		   uint64_t *value);
bool td_lapic_write(struct td_lapic *l, uint32_t msr, uint64_t value, uint64_t now);
/* Whether an ICR destination names the vCPU with this x2APIC ID (the
 * sender is self); the ICR's vector when it is a fixed interrupt. */
bool td_lapic_icr_targets(uint64_t icr, uint32_t self, uint32_t x2apic_id);
bool td_lapic_icr_fixed(uint64_t icr, uint8_t *vector);

#endif
