/* Trust Domains run from the manifest's "tds" (td.c builds, td_exit.c runs
 * the TDH.VP.ENTER loop and answers TDG.VP.VMCALLs). */
#ifndef HV_TDX_TD_H
#define HV_TDX_TD_H

#include "../manifest.h"
#include "../types.h"

#define TD_MAX       16
#define TD_MAX_SEPT  64
#define TD_LINE      160

struct td {
	char name[MANIFEST_NAME_MAX + 1];
	const struct manifest_guest *cfg;
	unsigned cpu;
	paddr_t tdr, tdvpr;
	uint16_t hkid;
	uint64_t image_gpa;
	uint64_t sept[TD_MAX_SEPT];     /* S-EPT tables added: GPA | level */
	unsigned nr_sept;
	uint64_t status;                /* of the last per-package call */
	char line[TD_LINE];
	unsigned line_len;
	uint64_t exits;
};

/* Builds every TD of the manifest (TDX must be ready) and starts each
 * vCPU on its CPU. Returns how many started; the others are reported. */
unsigned td_start_all(const struct manifest *m);
/* The TDH.VP.ENTER loop of one TD (td_exit.c), on its pinned CPU. */
void td_run(void *td);

#endif
