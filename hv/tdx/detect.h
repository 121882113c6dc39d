/* Platform detection of TDX from MSRs. */
#ifndef HV_TDX_DETECT_H
#define HV_TDX_DETECT_H

#include "../types.h"

typedef bool (*tdx_msr_reader)(uint32_t msr, uint64_t *value);

struct tdx_detect {
	uint32_t keyid_start, nr_keyids;
	const char *why;        /* when not detected */
};

bool tdx_detect(tdx_msr_reader read_msr, struct tdx_detect *out);

#endif
