/* Trust Domains run from the manifest's "tds" (td.c builds, td_exit.c runs
 * the TDH.VP.ENTER loop, td_vmcall.c answers TDG.VP.VMCALLs, td_memory.c
 * keeps the Secure-EPT mirror and handles EPT violations and MapGPA). */
#ifndef HV_TDX_TD_H
#define HV_TDX_TD_H

#include "td_irq.h"
#include "../dev/guest_ports.h"
#include "../manifest.h"
#include "../mm/sept_mirror.h"
#include "seamcall.h"
#include "../types.h"

#define TD_MAX        16
#define TD_MAX_VCPUS  8
#define TD_TDCS_PAGES   4
#define TD_TDVPS_PAGES  6               /* TDVPR + 5 TDVPX */

enum td_state {
	TD_STATE_BUILT,         /* measured and finalized, vCPUs not entered yet */
	TD_STATE_RUNNING,
	TD_STATE_STOPPED,       /* torn down (or its pages leaked) */
};

struct td;

struct td_vcpu {
	struct td *td;
	unsigned index;                 /* VCPU_INDEX: TDH.VP.INIT order */
	unsigned cpu;                   /* the physical CPU it is pinned to */
	paddr_t tdvps[TD_TDVPS_PAGES];  /* [0] = TDVPR, then the TDVPX pages */
	unsigned nr_tdvps;
	volatile bool running;          /* in its TDH.VP.ENTER loop */
	volatile bool in_guest;         /* inside TDH.VP.ENTER right now */
	volatile bool flush_shared;     /* INVEPT before the next entry */
	uint64_t status;                /* of the last call made on its CPU */
	uint64_t exits;
	uint64_t hv_ticks;              /* TSC from TD exit to the next entry */
	uint64_t last_exit_tsc;         /* of the last exit that was no interrupt */
	struct td_irq irq;
};

struct td {
	char name[MANIFEST_NAME_MAX + 1];
	volatile enum td_state state;
	volatile bool kill_requested;   /* set by td_stop(), seen after TD exits */
	int exit_status;                /* the TD's own (td_exit_status), else -1 */
	char mrtd_hex[2 * 48 + 1];
	const struct manifest_guest *cfg;
	paddr_t tdr;
	uint16_t hkid;
	uint64_t attributes;
	unsigned gpaw;                  /* 48 or 52: the shared bit is gpaw - 1 */
	struct td_vcpu vcpu[TD_MAX_VCPUS];
	unsigned nr_vcpus;
	volatile unsigned vcpus_running;
	paddr_t tdcs[TD_TDCS_PAGES];
	unsigned nr_tdcs;
	/* Every S-EPT page and private page the module took for this TD, and
	 * the shared EPT, as the hypervisor's own page tables (td_memory.c). */
	struct sept_mirror mirror;
	uint64_t private_bytes;         /* private RAM mapped (ADD + AUG) */
	uint64_t private_limit;         /* the manifest's memory + images */
	/* Account shown at teardown. */
	uint64_t pages_given, pages_removed, pages_reclaimed, pages_leaked;
	uint64_t free_before;           /* allocator's free pages before the build */
	uint64_t build_tsc;             /* TSC and SEAMCALL count at MNG.CREATE, */
	uint64_t build_seamcalls;       /* for the build's cost at the first entry */
	struct guest_ports ports;       /* COM1 ("[name] text" lines), debug exit */
	uint64_t status;                /* of the last per-package call */
};

/* Builds every TD of the manifest (TDX must be ready) and starts each
 * vCPU on its CPU. Returns how many started; the others are reported. */
unsigned td_start_all(const struct manifest *m);
/* The TDs that were built, for the monitor and the GDB stub. */
unsigned td_count(void);
struct td *td_at(unsigned i);
struct td *td_find(const char *name);
/* Asks a running TD to stop: every vCPU's CPU is kicked out of
 * TDH.VP.ENTER, the TD is stopped and torn down. False when not running. */
bool td_kill(const char *name);
/* Stops the TD from one of its vCPUs: logs "td NAME: stopped: reason"
 * once, and makes the other vCPUs leave their loops. */
void td_stop(struct td *td, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for an ending the TD asked for (its exit call, the debug-exit
 * port) or the operator's kill: logged as information, not an error. */
void td_stop_orderly(struct td *td, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The TD ends itself with an exit status (the debug-exit port, the PV
 * exit call): "td NAME: stopped (status N): reason", as for VMs. */
void td_exit_status(struct td *td, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The TDH.VP.ENTER loop of one vCPU (td_exit.c), on its pinned CPU. */
void td_vcpu_run(void *vcpu);
/* TDG.VP.VMCALL from a vCPU (td_vmcall.c): false when the TD is to stop
 * (td_stop() was called with the reason). a holds the exposed registers
 * on entry and the answers on return. */
bool td_vmcall(struct td_vcpu *v, struct tdx_module_args *a);
/* After the last vCPU stopped, on its CPU (td_teardown.c): VP.FLUSH on
 * every vCPU's CPU, MNG.VPFLUSHDONE, PHYMEM.CACHE.WB on every package,
 * MNG.KEY.FREEID, then PHYMEM.PAGE.RECLAIM of every page (TDR last). */
void td_teardown(struct td *td);

/* td_memory.c: private and shared memory of a running TD. */
/* An EPT-violation TD exit at gpa (exit qualification qual, extended exit
 * qualification eeq): a private GPA inside the TD's RAM that is not added
 * yet gets PAGE.AUG (2M when the TD accepts 2M); anything else stops the
 * TD with the reason. False when the TD is to stop. */
bool td_ept_violation(struct td_vcpu *v, uint64_t gpa, uint64_t qual, uint64_t eeq);
/* MapGPA after validation (alignment, GPAW, no straddling: td_vmcall.c):
 * converts [gpa, gpa + size) to shared (to_shared) or private. Returns the
 * GHCI status; on TDG_VP_VMCALL_RETRY *next is where to resume. */
uint64_t td_map_gpa(struct td *td, uint64_t gpa, uint64_t size, bool to_shared, uint64_t *next);
/* Copies to or from a TD's shared memory (shared bit set in gpa); false if
 * not mapped shared. For MMIO emulation and the PV console. */
bool td_shared_copy(struct td *td, uint64_t gpa, void *buf, size_t len, bool to_td);

/* Monitor helpers: "1,2" (a static buffer, one caller at a time) and
 * the TD exits of all vCPUs. */
const char *td_cpu_list(const struct td *td);
uint64_t td_exits(const struct td *td);

/* `mirror-check NAME` (td_mirror_check.c). */
struct td_mirror_report {
	uint64_t pages, tables;         /* checked: 4 KiB private pages, S-EPT pages */
	uint64_t mismatches;
	char first[200];                /* the first mismatch */
};
void td_mirror_check(struct td *td, struct td_mirror_report *out);

/* ---- Shared by the hv/tdx/td*.c files only ---- */

/* Serializes changes to TD memory (td_memory.c) with readers of it. */
void td_memory_lock(void);
void td_memory_unlock(void);

/* SEPT.ADD level numbers: a leaf at TD_LEVEL_4K needs tables at levels
 * 3..1, one at TD_LEVEL_2M tables at 3..2. */
#define TD_LEVEL_4K 0
#define TD_LEVEL_2M 1

/* A page of TDX-usable memory for the module (0 when there is none). */
paddr_t td_alloc_page(void);
/* SEPT.ADD of every S-EPT page above a leaf at level for gpa that the
 * mirror does not have yet; false (logged) on failure. */
bool td_sept_ensure(struct td *td, uint64_t gpa, unsigned level);
/* Pages the TD no longer owns (after PAGE.REMOVE or RECLAIM): cleared
 * (MOVDIR64B where the CPU has it) and given back to the allocator. */
void td_release_pages(struct td *td, paddr_t pa, uint64_t pages);
/* The shared EPT changed: every vCPU invalidates its EPT TLB before it
 * enters again. */
void td_flush_shared_ept(struct td *td);
/* Kicks every vCPU of td that runs on another CPU out of TDH.VP.ENTER. */
void td_kick_vcpus(struct td *td);

#endif
