/* The software TDX module: a model of Intel's TDX module 1.5 that answers
 * SEAMCALLs on machines without TDX (docs/tdx-module-model.md). It gives no
 * confidentiality and no real attestation: it runs in the hypervisor's own
 * address space, with no memory encryption and no integrity protection.
 *
 * hv/ reaches it only through the SEAMCALL boundary (seam_seamcall is a
 * backend of hv/tdx/seamcall.h) and, for detection, through the platform
 * MSRs it emulates (seam_read_msr), exactly where hardware would answer. */
#ifndef SEAM_SEAM_H
#define SEAM_SEAM_H

#include "../hv/boot_info.h"
#include "../hv/manifest.h"
#include "../hv/tdx/seamcall.h"
#include "../hv/types.h"

#define SEAM_MAX_CMRS 32
#define SEAM_MAX_LPS  64

/* Platform parameters of the modelled machine (the manifest's "tdx" keys;
 * the topology from the CPU layer). */
struct seam_params {
	uint32_t mktme_keyids;          /* KeyIDs before the TDX range (default 15) */
	uint32_t tdx_keyids;            /* TDX private KeyIDs (default 48) */
	unsigned nr_lps;                /* logical processors the module expects */
	unsigned nr_pkgs;
	uint32_t lp_pkg[SEAM_MAX_LPS];  /* package of each LP, by CPU index */
};

/* The logical processors (CPU index order) and their packages, which the
 * real module learns from MCHECK at platform boot. */
void seam_set_topology(unsigned nr_lps, const uint32_t *lp_pkg);

/* Reserves the model's SEAM range (before the page allocator starts) and
 * derives the CMRs from the boot memory map: RAM above 1 MiB, as a BIOS
 * would report convertible memory. Returns false (logged) on failure. */
bool seam_platform_init(const struct boot_info *bi, const struct seam_params *p);
/* The loud banner: what an emulated module cannot give. */
void seam_print_banner(void);

uint64_t seam_seamcall(uint64_t rax, struct tdx_module_args *args);
/* CPUID(1).EAX of the platform, which TDH.MNG.INIT checks TD_PARAMS
 * against and TDH.VP.INIT hands to the vCPU in RDX (seam/td_init.c). */
void seam_set_platform_fms(uint32_t fms);
/* The manifest's fault-injection schedule (seam/fault.c). */
void seam_set_faults(const struct manifest_fault *faults, unsigned n);
/* IA32_MKTME_KEYID_PARTITIONING, IA32_TME_ACTIVATE, MTRRCAP and the SEAMRR
 * MSRs as a TDX platform with this module loaded would report them. */
bool seam_read_msr(uint32_t msr, uint64_t *value);

#endif
