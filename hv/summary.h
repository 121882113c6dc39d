/* The boot summary: the one screen a user reads to know the machine is up. */
#ifndef HV_SUMMARY_H
#define HV_SUMMARY_H

#include "arch/x86/vmx_probe.h"
#include "boot_info.h"
#include "manifest.h"

struct summary {
	const struct boot_info *bi;
	const struct manifest *manifest;
	struct vmx_probe vmx;
	uint64_t tsc;
};

void summary_print(const struct summary *s);

#endif
