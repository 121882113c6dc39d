/* Trust Domains run from the manifest's "tds" (td.c builds, td_exit.c runs
 * the TDH.VP.ENTER loop and answers TDG.VP.VMCALLs). */
#ifndef HV_TDX_TD_H
#define HV_TDX_TD_H

#include "../manifest.h"
#include "../types.h"

#define TD_MAX       16
#define TD_MAX_SEPT  64
#define TD_LINE      160
#define TD_TDCS_PAGES   4
#define TD_TDVPS_PAGES  6               /* TDVPR + 5 TDVPX */
/* Private pages a TD can be given (PAGE.ADD targets): its RAM plus the
 * image, so "memory" is at most 8 MiB in this version. */
#define TD_MAX_RAM_PAGES (8 * MiB / PAGE_SIZE)
#define TD_MAX_PAGES     (TD_MAX_RAM_PAGES + 64 * KiB / PAGE_SIZE)

enum td_state {
	TD_STATE_BUILT,         /* measured and finalized, vCPU not entered yet */
	TD_STATE_RUNNING,
	TD_STATE_STOPPED,       /* torn down (or its pages leaked) */
};

struct td {
	char name[MANIFEST_NAME_MAX + 1];
	volatile enum td_state state;
	volatile bool kill_requested;   /* set by td_kill(), seen after a TD exit */
	char mrtd_hex[2 * 48 + 1];
	const struct manifest_guest *cfg;
	unsigned cpu;
	paddr_t tdr, tdvpr;
	uint16_t hkid;
	uint64_t image_gpa;
	uint64_t sept[TD_MAX_SEPT];     /* S-EPT tables added: GPA | level */
	paddr_t sept_hpa[TD_MAX_SEPT];  /* ... and the page holding each */
	unsigned nr_sept;
	/* Every page the module took for this TD, recorded once the SEAMCALL
	 * that took it succeeded, so teardown can reclaim them all. */
	paddr_t tdcs[TD_TDCS_PAGES];
	unsigned nr_tdcs;
	paddr_t tdvps[TD_TDVPS_PAGES];  /* [0] = TDVPR, then the TDVPX pages */
	unsigned nr_tdvps;
	paddr_t pages[TD_MAX_PAGES];    /* private pages (PAGE.ADD targets) */
	unsigned nr_pages;
	uint64_t free_before;           /* allocator's free pages before the build */
	uint64_t status;                /* of the last per-package call */
	char line[TD_LINE];
	unsigned line_len;
	uint64_t exits;
};

/* Builds every TD of the manifest (TDX must be ready) and starts each
 * vCPU on its CPU. Returns how many started; the others are reported. */
unsigned td_start_all(const struct manifest *m);
/* The TDs that were built, for the monitor. */
unsigned td_count(void);
const struct td *td_at(unsigned i);
const struct td *td_find(const char *name);
/* Asks a running TD to stop: its CPU is kicked out of TDH.VP.ENTER and the
 * TD is stopped and torn down there. False when it is not running. */
bool td_kill(const char *name);
/* The TDH.VP.ENTER loop of one TD (td_exit.c), on its pinned CPU. */
void td_run(void *td);
/* After the TD stopped, on its vCPU's CPU (td_teardown.c): VP.FLUSH,
 * MNG.VPFLUSHDONE, PHYMEM.CACHE.WB on every package, MNG.KEY.FREEID, then
 * PHYMEM.PAGE.RECLAIM of every page (TDR last); reclaimed pages go back to
 * the allocator, the KeyID to the pool (or both are leaked on failure). */
void td_teardown(struct td *td);

#endif
