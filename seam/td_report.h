/* The TDREPORT the model builds for TDG.MR.REPORT (td_report.c). */
#ifndef SEAM_TD_REPORT_H
#define SEAM_TD_REPORT_H

#include "td_state.h"

void td_build_report(const struct td_tdcs *tdcs, const struct td_tdcs_measure *m,
		     const uint8_t reportdata[64], uint8_t out[1024]);

#endif
