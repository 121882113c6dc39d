/* TDMRs and PAMTs for module initialization (tdmr_setup.c): build the
 * layout from TDX-usable memory, allocate the PAMTs, hand the TDMR_INFO
 * array to TDH.SYS.CONFIG, then run TDH.SYS.TDMR.INIT to completion. */
#ifndef HV_TDX_TDMR_SETUP_H
#define HV_TDX_TDMR_SETUP_H

#include "../types.h"

bool tdmr_setup(unsigned *nr_tdmrs, uint64_t *pamt_pages);
/* Physical address of the array of TDMR_INFO addresses (for SYS.CONFIG). */
paddr_t tdmr_pa_array(void);
bool tdmr_initialize_all(void);
/* After a failed initialization: PAMTs and TDMR_INFOs go back. */
void tdmr_release(void);

#endif
