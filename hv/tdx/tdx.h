/* TDX on the host: detection, module initialization, and the state the
 * rest of tdvisor asks about. */
#ifndef HV_TDX_TDX_H
#define HV_TDX_TDX_H

#include "../boot_info.h"
#include "../manifest.h"
#include "../types.h"

enum tdx_state {
	TDX_UNAVAILABLE,        /* no module, or no VMX: TDs are refused */
	TDX_FAILED,             /* a module was there but did not initialize */
	TDX_READY,
};

struct tdx_info {
	enum tdx_state state;
	const char *why;                /* for UNAVAILABLE/FAILED: one sentence */
	bool emulated;                  /* the software module (seam/) answers */
	uint32_t keyid_start, nr_keyids; /* private KeyIDs [start, start + nr) */
	uint16_t global_keyid;
	uint32_t major, minor, build_num, build_date;
	uint64_t pamt_pages;
	unsigned nr_tdmrs;
	uint64_t seamcalls;             /* SEAMCALLs the initialization made */
};

/* Before the page allocator starts: reserves what an emulated module needs
 * (its SEAM range) unless the manifest insists on hardware. */
void tdx_early_init(const struct boot_info *bi, const struct manifest *m);
/* After every CPU is online and in VMX root: detects and initializes the
 * module on all CPUs. Never fails the boot: the outcome is in tdx_info. */
void tdx_init(const struct manifest *m);
const struct tdx_info *tdx_get_info(void);

#endif
