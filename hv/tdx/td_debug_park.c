/* All-stop for the TD under the debugger: a stop request (a break-in, or
 * a #DB/#BP TD exit of one vCPU) kicks every running vCPU out of
 * TDH.VP.ENTER; each parks on the host side of its loop, where it answers
 * other CPUs' calls (TDH.VP.RD/WR must run on the vCPU's own CPU). The
 * first to park becomes the server: once the others are parked it lets the
 * debugger serve the stop, then releases the vCPUs the debugger resumes
 * and waits until they have left, so that the next stop cannot take a
 * leaving vCPU for a parked one. vCPUs kept stopped stay parked for the
 * next stop, as the hypervisor target's CPUs do (gdb_x86_stop.c). */
#include "td_debug.h"
#include "../arch/x86/apic.h"
#include "../arch/x86/cpu.h"
#include "../arch/x86/insn.h"
#include "../arch/x86/percpu.h"
#include "../arch/x86/smp.h"
#include "../arch/x86/vmx.h"

/* How long the server waits for a vCPU that does not park (one in the
 * host waiting for an interrupt, say); the debugger then does without it. */
#define PARK_TIMEOUT_MS 200
#define INTR_INFO_TYPE_MASK  (7u << INTR_INFO_TYPE_SHIFT)
#define VECTOR_DB            1
#define VECTOR_BP            3

struct parking {
	volatile bool parked;
	volatile bool release;
	enum td_debug_action action;
	struct td_debug_event ev;
};

static struct {
	struct td *volatile td;
	const struct td_debugger *debugger;
	volatile bool stop;
	volatile int server;            /* VCPU_INDEX serving the debugger, or -1 */
	struct parking vcpu[TD_MAX_VCPUS];
} dbg = { .server = -1 };

struct td *td_debug_target(void)
{
	return dbg.td;
}

bool td_debug_stopping(void)
{
	return dbg.td && (dbg.stop || dbg.server >= 0);
}

bool td_debug_parked(const struct td *td, unsigned i)
{
	return td && td == dbg.td && i < td->nr_vcpus &&
	       __atomic_load_n(&dbg.vcpu[i].parked, __ATOMIC_ACQUIRE);
}

void td_debug_request_stop(void)
{
	struct td *td = dbg.td;

	if (!td)
		return;
	__atomic_store_n(&dbg.stop, true, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		const struct td_vcpu *v = &td->vcpu[i];

		if (v->running && !dbg.vcpu[i].parked && v->cpu != this_cpu()->index)
			apic_send_kick(percpu[v->cpu].apic_id);
	}
}

void td_debug_attach(struct td *td, const struct td_debugger *d)
{
	if (td && !td_debug_allowed(td))
		return;
	dbg.debugger = d;
	for (unsigned i = 0; td && i < TD_MAX_VCPUS; i++)
		dbg.vcpu[i].ev.reason = TD_DEBUG_PARKED;
	__atomic_store_n(&dbg.td, td, __ATOMIC_RELEASE);
	if (td)
		td_debug_request_stop();
	else
		__atomic_store_n(&dbg.stop, false, __ATOMIC_RELEASE);
}

bool td_debug_should_park(const struct td_vcpu *v)
{
	return __atomic_load_n(&dbg.stop, __ATOMIC_ACQUIRE) && dbg.td == v->td;
}

/* Every running vCPU but self parked, or the TD stopping, or timed out. */
static void wait_parked(const struct td *td, unsigned self)
{
	uint64_t deadline = rdtsc() + cpu_tsc_khz() * PARK_TIMEOUT_MS;

	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		while (i != self && td->vcpu[i].running && !dbg.vcpu[i].parked &&
		       !td->kill_requested && rdtsc() < deadline) {
			smp_run_pending_call();
			cpu_relax();
		}
	}
}

static void serve(struct td_vcpu *v)
{
	struct td *td = v->td;
	enum td_debug_action action[TD_MAX_VCPUS];
	const struct td_debugger *d = dbg.debugger;
	bool released[TD_MAX_VCPUS] = { false };

	for (unsigned i = 0; i < TD_MAX_VCPUS; i++)
		action[i] = TD_DEBUG_STAY;
	wait_parked(td, v->index);
	d->serve(v, &dbg.vcpu[v->index].ev, action);
	if (dbg.td != td) {             /* detached: everybody goes */
		for (unsigned i = 0; i < TD_MAX_VCPUS; i++)
			action[i] = TD_DEBUG_CONTINUE;
	}
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		if (action[i] != TD_DEBUG_STAY)
			__atomic_store_n(&dbg.stop, false, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct parking *p = &dbg.vcpu[i];

		p->ev.reason = TD_DEBUG_PARKED;
		if (i == v->index || !p->parked || action[i] == TD_DEBUG_STAY)
			continue;
		p->action = action[i];
		released[i] = true;
		__atomic_store_n(&p->release, true, __ATOMIC_RELEASE);
	}
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		while (released[i] && __atomic_load_n(&dbg.vcpu[i].parked, __ATOMIC_ACQUIRE))
			cpu_relax();
	dbg.vcpu[v->index].action = action[v->index];
	__atomic_store_n(&dbg.server, -1, __ATOMIC_RELEASE);
	if (d->resumed)
		d->resumed();
}

void td_debug_park(struct td_vcpu *v)
{
	struct parking *p = &dbg.vcpu[v->index];
	struct td *td = v->td;

	__atomic_store_n(&p->parked, true, __ATOMIC_RELEASE);
	for (;;) {
		int none = -1;

		if (dbg.td != td || td->kill_requested)
			break;          /* debugger gone, or the TD is stopping */
		if (__atomic_load_n(&dbg.stop, __ATOMIC_ACQUIRE) &&
		    __atomic_compare_exchange_n(&dbg.server, &none, (int)v->index, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			serve(v);
			if (p->action != TD_DEBUG_STAY)
				break;
			continue;
		}
		if (__atomic_exchange_n(&p->release, false, __ATOMIC_ACQ_REL))
			break;
		smp_run_pending_call();
		cpu_relax();
	}
	__atomic_store_n(&p->parked, false, __ATOMIC_RELEASE);
}

bool td_debug_exit(struct td_vcpu *v, const struct tdx_module_args *a)
{
	uint32_t info = (uint32_t)a->r9;
	unsigned vector = INTR_INFO_VECTOR(info);
	struct parking *p = &dbg.vcpu[v->index];

	if (dbg.td != v->td || !(info & INTR_INFO_VALID) ||
	    (info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI ||
	    (vector != VECTOR_DB && vector != VECTOR_BP))
		return false;
	/* A #BP VM exit leaves RIP at the int3; a #DB's qualification holds
	 * the B0-B3 and BS bits DR6 would have got (SDM 27.2.1). */
	p->ev.reason = vector == VECTOR_BP ? TD_DEBUG_BREAKPOINT : TD_DEBUG_TRAP;
	p->ev.dr6 = a->rcx;
	td_debug_request_stop();
	td_debug_park(v);
	return true;
}

void td_debug_td_stopped(struct td *td, int exit_status)
{
	const struct td_debugger *d = dbg.debugger;

	if (!td || td != dbg.td)
		return;
	td_debug_attach(NULL, NULL);
	if (d && d->td_stopped)
		d->td_stopped(td, exit_status);
}
