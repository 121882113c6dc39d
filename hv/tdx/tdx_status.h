/* TDX module status codes (SEAMCALL/TDCALL completion status in RAX) and
 * operand ids, shared by the host side (hv/tdx) and the model (seam/). */
#ifndef HV_TDX_TDX_STATUS_H
#define HV_TDX_TDX_STATUS_H

#include "../types.h"

#define TDX_STATUS(name, value) static const uint64_t TDX_##name = value##ull;
#include "tdx_status_list.h"
#undef TDX_STATUS

enum tdx_operand_id {
#define TDX_OPERAND(name, value) TDX_OPERAND_##name = value,
#include "tdx_operand_list.h"
#undef TDX_OPERAND
};

/* What tdvisor's SEAMCALL backends report when the instruction itself did
 * not complete (Linux's software-defined codes: bit 63 set, bits 47:40 all
 * ones, so they cannot collide with a module status). */
#define TDX_SW_ERROR               0x8000ff0000000000ull
#define TDX_SEAMCALL_VMFAILINVALID (TDX_SW_ERROR | 0xffff0000ull) /* no module */
#define TDX_SEAMCALL_GP            (TDX_SW_ERROR | 13)             /* #GP */
#define TDX_SEAMCALL_UD            (TDX_SW_ERROR | 6)              /* #UD */

#define TDX_STATUS_CODE(s)    ((s) & 0xffffffff00000000ull)
#define TDX_STATUS_DETAIL(s)  ((uint32_t)(s))
#define TDX_STATUS_IS_ERROR(s) (((s) >> 63) & 1)

/* "TDX_OPERAND_INVALID" for any status with that code, whatever its detail;
 * "unknown status" for values the ABI does not define. */
const char *tdx_status_name(uint64_t status);
/* "RCX", "CPUID_CONFIG", ...; NULL for an id the ABI does not name. */
const char *tdx_operand_name(uint32_t operand);
/* "TDX_OPERAND_INVALID (operand 0x45 CPUID_CONFIG)" into buf. */
size_t tdx_status_format(uint64_t status, char *buf, size_t size);

#endif
