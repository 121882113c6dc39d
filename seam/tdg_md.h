/* The metadata TDCALLs of the model (seam/tdg_md.c), for the TDCALL
 * dispatch table in seam/tdg.c. Each reads its inputs from and writes its
 * outputs (RAX the status) to the guest's GPRs in r->g. */
#ifndef SEAM_TDG_MD_H
#define SEAM_TDG_MD_H

#include "td_run.h"

void tdg_vp_cpuidve_set(struct td_run *r);
void tdg_vm_rd(struct td_run *r);
void tdg_vm_wr(struct td_run *r);
void tdg_vp_rd(struct td_run *r);
void tdg_vp_wr(struct td_run *r);
void tdg_sys_rd(struct td_run *r);

/* TDH.SYS.RD and TDG.SYS.RD (seam/metadata.c): the global field id, for a
 * guest only the fields it may read. *value = the field, *next = the next
 * field id (of those a guest may read when guest), -1 after the last. */
uint64_t seam_sys_field_read(uint64_t id, bool guest, uint64_t *value, uint64_t *next);

#endif
