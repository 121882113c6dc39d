/* Off-TD debugging of a debug TD (ATTRIBUTES.DEBUG set at TDH.MNG.INIT),
 * the host side. Only such a TD lets the host read or write its vCPU state
 * (TDH.VP.RD/WR) and private memory (TDH.MEM.RD/WR); the module refuses a
 * production TD with TDX_TD_NON_DEBUG, and td_debug_allowed() refuses it
 * before asking. Sources: intel/tdx-module tdx_1.5
 * src/vmm_dispatcher/api_calls/tdh_vp_rd_wr.c (debug read/write masks; the
 * vCPU is associated with the calling CPU, so VP.RD/WR run on the vCPU's
 * own), tdh_mem_rd_wr.c (one 8-byte-aligned private word per call),
 * src/td_dispatcher/vm_exits/td_other_exits.c (a debug TD exits to the
 * host on any exception its exception bitmap intercepts).
 *
 * td_debug.c: registers, memory and guest-virtual translation through those
 * SEAMCALLs. td_debug_park.c: stopping all vCPUs of the TD under the
 * debugger on the host side of their TDH.VP.ENTER loops, and letting them
 * go again; the debugger (hv/gdb_td.c) serves each stop. */
#ifndef HV_TDX_TD_DEBUG_H
#define HV_TDX_TD_DEBUG_H

#include "td.h"

/* ---- Access (td_debug.c) ---- */

bool td_debug_allowed(const struct td *td);
/* TDH.VP.RD / TDH.VP.WR of one metadata field (td_fields.h) of vCPU v, on
 * the vCPU's CPU; the module's status. VP.WR changes the bits in mask. */
uint64_t td_debug_vp_rd(struct td_vcpu *v, uint64_t field, uint64_t *val);
uint64_t td_debug_vp_wr(struct td_vcpu *v, uint64_t field, uint64_t val, uint64_t mask);
/* Guest-virtual address -> GPA through v's own paging: identity with
 * CR0.PG clear, the 4-level tables (read with TDH.MEM.RD) in long mode;
 * false when not mapped or in a paging mode not handled (32-bit paging). */
bool td_debug_translate(struct td_vcpu *v, uint64_t gva, uint64_t *gpa);
/* Guest-virtual memory as v sees it, in 8-byte TDH.MEM.RD/WR words (a
 * partial word is read, merged and written back). Return how many bytes
 * from gva on were transferred before the first that could not be. */
size_t td_debug_read(struct td_vcpu *v, uint64_t gva, void *buf, size_t len);
size_t td_debug_write(struct td_vcpu *v, uint64_t gva, const void *buf, size_t len);

/* ---- Stopping and resuming the TD under the debugger (td_debug_park.c) ---- */

/* Why a vCPU stopped, for the debugger. */
enum td_debug_reason {
	TD_DEBUG_PARKED,        /* asked to stop (break-in, another vCPU's event) */
	TD_DEBUG_BREAKPOINT,    /* #BP: RIP is at the int3 */
	TD_DEBUG_TRAP,          /* #DB: dr6 holds its B0-B3 and BS bits */
};

struct td_debug_event {
	enum td_debug_reason reason;
	uint64_t dr6;
};

enum td_debug_action {
	TD_DEBUG_STAY,          /* remains parked */
	TD_DEBUG_CONTINUE,
	TD_DEBUG_STEP,          /* the debugger set RFLAGS.TF */
};

/* The debugger's side (hv/gdb_td.c). */
struct td_debugger {
	/* One stop, on the CPU of vCPU v, every running vCPU of the TD parked
	 * (or late): serves it and sets what each vCPU does next (by
	 * VCPU_INDEX; STAY for all but v is all-stop stepping). It may detach
	 * (td_debug_attach(NULL, NULL)): every vCPU then continues. */
	void (*serve)(struct td_vcpu *v, const struct td_debug_event *ev,
		      enum td_debug_action action[TD_MAX_VCPUS]);
	/* Then, once the resumed vCPUs have left their parking, on that CPU. */
	void (*resumed)(void);
	/* The TD under the debugger stopped, on the CPU of the vCPU that
	 * stopped it; the TD is no longer under the debugger. exit_status:
	 * what the TD reported (the debug-exit port), or -1 when it was
	 * stopped (killed, crashed). */
	void (*td_stopped)(struct td *td, int exit_status);
};

/* Puts td under debugger d and asks every vCPU to park; (NULL, NULL)
 * releases the TD. td must be a debug TD (td_debug_allowed). */
void td_debug_attach(struct td *td, const struct td_debugger *d);
struct td *td_debug_target(void);
/* Asks every vCPU of the TD under the debugger to park: each running one
 * is kicked out of TDH.VP.ENTER. */
void td_debug_request_stop(void);
/* True while a stop is requested or being served: the debugger's line
 * then belongs to the vCPU serving it. */
bool td_debug_stopping(void);
/* Whether vCPU index i is parked (its registers can be read). */
bool td_debug_parked(const struct td *td, unsigned i);

/* For the vCPU loop (td_exit.c). Before each TDH.VP.ENTER:
 *	if (td_debug_should_park(v))
 *		td_debug_park(v);
 * and for an EXCEPTION_NMI exit, before the NMI path:
 *	if (td_debug_exit(v, &args))
 *		continue;
 * and once the TD stopped: td_debug_td_stopped(td, exit_status). */
bool td_debug_should_park(const struct td_vcpu *v);
/* Parks v until the debugger resumes it; the first vCPU to park serves the
 * debugger once every running vCPU of the TD is parked. */
void td_debug_park(struct td_vcpu *v);
/* An EXCEPTION_NMI TD exit (a = the TDH.VP.ENTER outputs: RCX exit
 * qualification, R9 interruption information): true when it was a #DB or
 * #BP of the TD under the debugger, and v has parked and been resumed. */
bool td_debug_exit(struct td_vcpu *v, const struct tdx_module_args *a);
void td_debug_td_stopped(struct td *td, int exit_status);

#endif
