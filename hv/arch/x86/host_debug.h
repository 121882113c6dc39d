/* The hypervisor's own debug registers across a guest run. A VM exit sets
 * DR7 to 0x400 (SDM vol. 3C 28.3.3) and TDH.VP.ENTER leaves DR0-3/DR6 as
 * the TD had them (the TDX module only restores what it must; KVM puts the
 * host's back with hw_breakpoint_restore()). tdvisor's GDB stub keeps its
 * hardware breakpoints in DR0-3/DR7, so a CPU that runs guests saves them
 * before entering and restores them after the exit. Only DR7's enable
 * bits are read on the way in when no breakpoint is set: one instruction
 * per entry. DEBUGCTL and the MSRs only user mode uses (STAR, LSTAR,
 * FMASK, KERNEL_GS_BASE, TSX_CTRL) and extended state need nothing:
 * tdvisor sets no DEBUGCTL bit, has no user mode and uses no FPU/SSE. */
#ifndef HV_ARCH_X86_HOST_DEBUG_H
#define HV_ARCH_X86_HOST_DEBUG_H

#include "insn.h"

#define DR7_ENABLES 0xffull     /* L0-3, G0-3 */

struct host_debug {
	uint64_t dr7, dr[4];
};

static inline void host_debug_save(struct host_debug *h)
{
	h->dr7 = read_dr7();
	if (!(h->dr7 & DR7_ENABLES))
		return;
	h->dr[0] = read_dr0();
	h->dr[1] = read_dr1();
	h->dr[2] = read_dr2();
	h->dr[3] = read_dr3();
}

static inline void host_debug_restore(const struct host_debug *h)
{
	if (!(h->dr7 & DR7_ENABLES))
		return;
	write_dr0(h->dr[0]);
	write_dr1(h->dr[1]);
	write_dr2(h->dr[2]);
	write_dr3(h->dr[3]);
	write_dr7(h->dr7);
}

#endif
