/* TD_PARAMS, the input of TDH.MNG.INIT (TDX module ABI, td_params_t in
 * intel/tdx-module include/tdx_api_defs.h; REFERENCES.md): 1024 bytes,
 * 1024-aligned, in a page the host shares with the module. */
#ifndef HV_TDX_TD_PARAMS_H
#define HV_TDX_TD_PARAMS_H

#include "../types.h"

#define TDX_TD_PARAMS_CPUID_CONFIGS 12  /* MAX_NUM_CPUID_CONFIG of module 1.5 */

#define TDX_ATTR_DEBUG           BIT(0)
#define TDX_ATTR_SEPT_VE_DISABLE BIT(28)
#define TDX_EPTP_4LEVEL_WB       ((3ull << 3) | 6)
#define TDX_TSC_UNIT_MHZ         25     /* TSC_FREQUENCY is in 25 MHz units */

struct tdx_cpuid_config {
	uint32_t eax, ebx, ecx, edx;
};

struct tdx_td_params {
	uint64_t attributes;
	uint64_t xfam;
	uint16_t max_vcpus;
	uint8_t num_l2_vms;
	uint8_t msr_config_ctls;
	uint8_t reserved0[4];
	uint64_t eptp_controls;
	uint64_t config_flags;          /* bit 0: GPAW 52 (else 48) */
	uint16_t tsc_frequency;
	uint8_t reserved1[38];
	uint8_t mr_config_id[48];
	uint8_t mr_owner[48];
	uint8_t mr_owner_config[48];
	uint64_t ia32_arch_capabilities_config;
	uint8_t reserved2[24];
	struct tdx_cpuid_config cpuid_config[TDX_TD_PARAMS_CPUID_CONFIGS];
	uint8_t reserved3[576];
};
_Static_assert(sizeof(struct tdx_td_params) == 1024, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct tdx_td_params, eptp_controls) == 24, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct tdx_td_params, tsc_frequency) == 40, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct tdx_td_params, cpuid_config) == 256, "TD_PARAMS");

#endif
