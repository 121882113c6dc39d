/* Module-lifecycle SEAMCALL wrappers (tdh_sys.c). Each returns the
 * completion status after the tdx_call() policy. */
#ifndef HV_TDX_TDH_SYS_H
#define HV_TDX_TDH_SYS_H

#include "../types.h"

uint64_t tdh_sys_init(void);
uint64_t tdh_sys_lp_init(void);
uint64_t tdh_sys_rd(uint64_t field, uint64_t *value);
uint64_t tdh_sys_config(paddr_t tdmr_pa_array, unsigned nr_tdmrs, uint16_t global_keyid);
uint64_t tdh_sys_key_config(void);
uint64_t tdh_sys_tdmr_init(paddr_t tdmr_base, uint64_t *next);
uint64_t tdh_sys_lp_shutdown(void);

/* Global metadata field ids the host reads (global_sys_fields_lookup.h). */
#define MD_NUM_PKGS            0x0000000200000000ull
#define MD_VENDOR_ID           0x0800000200000000ull
#define MD_BUILD_DATE          0x8800000200000001ull
#define MD_BUILD_NUM           0x8800000100000002ull
#define MD_MINOR_VERSION       0x0800000100000003ull
#define MD_MAJOR_VERSION       0x0800000100000004ull
#define MD_NUM_CMRS            0x9000000100000000ull
#define MD_CMR_BASE(i)         (0x9000000300000080ull + (i))
#define MD_CMR_SIZE(i)         (0x9000000300000100ull + (i))
#define MD_MAX_TDMRS           0x9100000100000008ull
#define MD_MAX_RESERVED_PER_TDMR 0x9100000100000009ull
#define MD_PAMT_4K_ENTRY_SIZE  0x9100000100000010ull
#define MD_PAMT_2M_ENTRY_SIZE  0x9100000100000011ull
#define MD_PAMT_1G_ENTRY_SIZE  0x9100000100000012ull
/* TD configuration: the CPUID leaves TD_PARAMS.CPUID_CONFIG[i] stands for
 * (leaf | subleaf << 32, subleaf ~0 when the leaf has none), as Linux's
 * tdx_global_metadata.c reads them. */
#define MD_NUM_CPUID_CONFIG    0x9900000100000004ull
#define MD_CPUID_CONFIG_LEAF(i) (0x9900000300000400ull + (i))

#endif
