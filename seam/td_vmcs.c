/* The parts of vCPU metadata and debugging that need VMX (seam/md.h):
 * - TD VMCS access for TDH.VP.RD/WR after the vCPU's first entry: like
 *   the real module's set_vm_vmcs_as_active (tdh_vp_rd_wr.c, metadata_vp.c
 *   md_vp_get_element), the leaf loads the vCPU's VMCS on this LP and uses
 *   VMREAD/VMWRITE, which fail for an encoding the CPU does not have. The
 *   VMCS stays current after the leaf, as after TDH.VP.ENTER: on a CPU
 *   that runs TDs hv/ keeps no VMCS of its own current (it calls the
 *   module between TD exits of that CPU's vCPU only), and the module
 *   loads the VMCS it needs at every leaf. The association rule of
 *   TDH.VP.RD/WR (the vCPU's own LP) keeps a VMCS current on one LP only.
 * - The TD's debug registers DR0-DR3 and DR6 around TDH.VP.ENTER: loaded
 *   from the TDVPS before the first VM entry and saved back after the last
 *   VM exit, the host's own values kept aside, so a debugger's hardware
 *   breakpoints (TDH.VP.WR of DR0-DR3 and the VMCS's DR7) act in the TD
 *   only. DR7 itself is VMCS guest state. */
#include "md.h"
#include "../hv/arch/x86/insn.h"

static bool td_vmcs_load(const struct td_tdvpr *vp)
{
	return vmptrld(vp->tdvps_pa[TDVPS_PAGE_VMCS] & TD_PA_MASK);
}

bool td_vmcs_read(const struct td_tdvpr *vp, uint32_t field, uint64_t *value)
{
	return td_vmcs_load(vp) && vmread(field, value);
}

bool td_vmcs_write(const struct td_tdvpr *vp, uint32_t field, uint64_t value)
{
	return td_vmcs_load(vp) && vmwrite(field, value);
}

void td_debug_regs_enter(const struct td_tdvpr *vp, struct td_host_debug_regs *host)
{
	host->dr[0] = read_dr0();
	host->dr[1] = read_dr1();
	host->dr[2] = read_dr2();
	host->dr[3] = read_dr3();
	host->dr6 = read_dr6();
	write_dr0(vp->ctls.dr[0]);
	write_dr1(vp->ctls.dr[1]);
	write_dr2(vp->ctls.dr[2]);
	write_dr3(vp->ctls.dr[3]);
	write_dr6(vp->regs.dr6);
}

void td_debug_regs_exit(struct td_tdvpr *vp, const struct td_host_debug_regs *host)
{
	vp->ctls.dr[0] = read_dr0();
	vp->ctls.dr[1] = read_dr1();
	vp->ctls.dr[2] = read_dr2();
	vp->ctls.dr[3] = read_dr3();
	vp->regs.dr6 = read_dr6();
	write_dr0(host->dr[0]);
	write_dr1(host->dr[1]);
	write_dr2(host->dr[2]);
	write_dr3(host->dr[3]);
	write_dr6(host->dr6);
}
