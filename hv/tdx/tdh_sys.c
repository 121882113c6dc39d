/* One wrapper per module-lifecycle SEAMCALL leaf, named after the
 * specification, with the register ABI at the call site (TDX module 1.5
 * ABI spec; intel/tdx-module tdx_1.5 src/vmm_dispatcher/api_calls). All go
 * through tdx_call(), which retries and logs. */
#include "seamcall.h"
#include "tdh_sys.h"

/* TDH.SYS.INIT: RCX = SYS_ATTRIBUTES (0). */
uint64_t tdh_sys_init(void)
{
	struct tdx_module_args a = { .rcx = 0 };

	return tdx_call(TDH_SYS_INIT, &a, 0);
}

/* TDH.SYS.LP.INIT: no inputs; on the logical processor being initialized. */
uint64_t tdh_sys_lp_init(void)
{
	struct tdx_module_args a = { 0 };

	return tdx_call(TDH_SYS_LP_INIT, &a, 0);
}

/* TDH.SYS.RD: RDX = field id; out R8 = value, RDX = next field id. */
uint64_t tdh_sys_rd(uint64_t field, uint64_t *value)
{
	struct tdx_module_args a = { .rdx = field };
	uint64_t status = tdx_call(TDH_SYS_RD, &a, 0);

	*value = a.r8;
	return status;
}

/* TDH.SYS.CONFIG: RCX = PA of an array of TDMR_INFO PAs (512-byte aligned),
 * RDX = number of TDMRs, R8 = the global private KeyID. */
uint64_t tdh_sys_config(paddr_t tdmr_pa_array, unsigned nr_tdmrs, uint16_t global_keyid)
{
	struct tdx_module_args a = { .rcx = tdmr_pa_array, .rdx = nr_tdmrs, .r8 = global_keyid };

	return tdx_call(TDH_SYS_CONFIG, &a, 0);
}

/* TDH.SYS.KEY.CONFIG: no inputs; once on one CPU of every package. */
uint64_t tdh_sys_key_config(void)
{
	struct tdx_module_args a = { 0 };

	return tdx_call(TDH_SYS_KEY_CONFIG, &a, 0);
}

/* TDH.SYS.TDMR.INIT: RCX = TDMR base; out RDX = next address to initialize,
 * rounded down to 1 GiB. */
uint64_t tdh_sys_tdmr_init(paddr_t tdmr_base, uint64_t *next)
{
	struct tdx_module_args a = { .rcx = tdmr_base };
	uint64_t status = tdx_call(TDH_SYS_TDMR_INIT, &a, 0);

	*next = a.rdx;
	return status;
}

/* TDH.SYS.LP.SHUTDOWN: no inputs; makes this LP refuse further SEAMCALLs. */
uint64_t tdh_sys_lp_shutdown(void)
{
	struct tdx_module_args a = { 0 };

	return tdx_call(TDH_SYS_LP_SHUTDOWN, &a, 0);
}
