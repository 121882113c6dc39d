/* TD_PARAMS, the input of TDH.MNG.INIT (TDX module ABI, td_params_t in
 * intel/tdx-module include/tdx_api_defs.h; REFERENCES.md), and the
 * ATTRIBUTES bits: one definition for the host that fills it (hv/tdx/td.c)
 * and the software module that checks it (seam/td_init.c). */
#ifndef HV_TDX_TD_PARAMS_H
#define HV_TDX_TD_PARAMS_H

#include "../types.h"

/* TD_PARAMS (include/tdx_api_defs.h td_params_t), 1024 bytes, 1024-aligned,
 * read by TDH.MNG.INIT from a shared page. */
#define TD_NUM_CPUID_CONFIG 12

struct td_cpuid_values {
	uint32_t eax, ebx, ecx, edx;
};

struct td_params {
	uint64_t attributes;
	uint64_t xfam;
	uint16_t max_vcpus;
	uint8_t num_l2_vms;
	uint8_t msr_config_ctls;        /* bit 0 IA32_ARCH_CAPABILITIES_CONFIG valid */
	uint8_t reserved0[4];
	uint64_t eptp_controls;
	uint64_t config_flags;
	uint16_t tsc_frequency;         /* units of 25 MHz */
	uint8_t reserved1[38];
	uint8_t mr_config_id[48];
	uint8_t mr_owner[48];
	uint8_t mr_owner_config[48];
	uint64_t ia32_arch_capabilities_config;
	uint8_t reserved2[24];
	struct td_cpuid_values cpuid_config[TD_NUM_CPUID_CONFIG];
	uint8_t reserved3[576];
};
/* Naturally aligned, so no packing is needed: the offsets are the ABI's. */
_Static_assert(sizeof(struct td_params) == 1024, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct td_params, eptp_controls) == 24, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct td_params, tsc_frequency) == 40, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct td_params, mr_config_id) == 80, "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct td_params, ia32_arch_capabilities_config) == 224,
	       "TD_PARAMS");
_Static_assert(__builtin_offsetof(struct td_params, cpuid_config) == 256, "TD_PARAMS");

#define TD_PARAMS_ALIGN 1024

/* ATTRIBUTES and CONFIG_FLAGS bits (td_param_attributes_t, config_flags_t). */
#define TD_ATTR_DEBUG           BIT(0)
#define TD_ATTR_SEPT_VE_DISABLE BIT(28)
#define TD_ATTR_MIGRATABLE      BIT(29)
#define TD_ATTR_PKS             BIT(30)
#define TD_ATTR_PERFMON         BIT(63)
#define TD_CONFIG_GPAW          BIT(0)

#define TD_EPTP_4LEVEL_WB       ((3ull << 3) | 6)       /* EPTP_CONTROLS: PWL 4, WB */
#define TD_TSC_UNIT_MHZ         25      /* TSC_FREQUENCY is in 25 MHz units */

#endif
