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
#include "../../seam/md.c"
#include "../../seam/td_rd.c"
#include "../../seam/md_vp.c"
#include "../../seam/td_vp_md.c"
#include "../../seam/td_debug.c"
#include "../../seam/tdg_md.c"
#include "../../seam/cpuid_virt.c"
#include "../../seam/td_vp.c"
#include "../../seam/td_mem.c"
#include "../../seam/td_mem_aug.c"
#include "../../seam/td_mem_block.c"
#include "../../seam/td_mem_track.c"
#include "../../seam/td_mem_remove.c"
#include "../../seam/td_mem_demote.c"
#include "../../seam/tdg_mem.c"
#include "../../seam/td_mr.c"
#include "../../seam/td_teardown.c"
#include "../../seam/td_phymem_wbinvd.c"
#include "../../seam/td_vapic.c"
#include "../../seam/td_shared_ept.c"

/* TDH.VP.ENTER runs the TD with VMX, which a host test does not have: it
 * is exercised in Bochs (tests/boot); here it answers like an unknown leaf. */
uint64_t seam_vp_enter(struct tdx_module_args *args)
{
	(void)args;
	return TDX_OPERAND_INVALID | TDX_OPERAND_RAX;
}

/* The TD VMCS needs VMX too (seam/td_vmcs.c): host tests see one VMCS for
 * every vCPU that has run, holding the fields written so far; a field
 * never written is one the VMCS does not have. */
static struct {
	uint32_t field;
	uint64_t value;
} fake_vmcs[64];
static unsigned fake_vmcs_fields;

bool td_vmcs_read(const struct td_tdvpr *vp, uint32_t field, uint64_t *value)
{
	(void)vp;
	for (unsigned i = 0; i < fake_vmcs_fields; i++) {
		if (fake_vmcs[i].field == field) {
			*value = fake_vmcs[i].value;
			return true;
		}
	}
	return false;
}

bool td_vmcs_write(const struct td_tdvpr *vp, uint32_t field, uint64_t value)
{
	unsigned i;

	(void)vp;
	for (i = 0; i < fake_vmcs_fields && fake_vmcs[i].field != field; i++)
		;
	if (i == ARRAY_SIZE(fake_vmcs))
		return false;
	if (i == fake_vmcs_fields)
		fake_vmcs_fields++;
	fake_vmcs[i].field = field;
	fake_vmcs[i].value = value;
	return true;
}
