/* Every source file of the software TDX module, for host tests that compile
 * the model in (one list: a new seam/ file is added here only). */
#include "../../seam/tdmr_check.c"
#include "../../seam/fault.c"
#include "../../seam/seam.c"
#include "../../seam/sys.c"
#include "../../seam/metadata.c"
#include "../../seam/crypto/sha384.c"
#include "../../seam/measure.c"
#include "../../seam/pamt.c"
#include "../../seam/sept.c"
#include "../../seam/td.c"
#include "../../seam/td_mng.c"
#include "../../seam/td_init.c"
#include "../../seam/td_rd.c"
#include "../../seam/td_vp.c"
#include "../../seam/td_mem.c"
#include "../../seam/td_mr.c"
#include "../../seam/td_teardown.c"

/* TDH.VP.ENTER runs the TD with VMX, which a host test does not have: it
 * is exercised in Bochs (tests/boot); here it answers like an unknown leaf. */
uint64_t seam_vp_enter(struct tdx_module_args *args)
{
	(void)args;
	return TDX_OPERAND_INVALID | TDX_OPERAND_RAX;
}
