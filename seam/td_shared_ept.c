/* Shared memory of a TD. On TDX hardware the CPU walks two EPTs for a TD:
 * the Secure EPT for private GPAs and the host's shared EPT (the TD VMCS's
 * SHARED_EPT_POINTER, written with TDH.VP.WR) for GPAs with the shared bit
 * set. Bochs, like any VMX CPU without TDX, walks one. With GPAW 48 the
 * shared bit is GPA bit 47, so shared GPAs are exactly PML4 indexes
 * 256..511, which the S-EPT never uses for private memory (the module
 * refuses private GPAs with bit 47 set). The model therefore copies the
 * upper half of the host's shared-EPT root into the upper half of the
 * S-EPT root before each entry: below the root the CPU walks the host's
 * own tables, so later changes the host makes there are seen at once, and
 * the host's INVEPT flushes them, as on hardware. */
#include "td_run.h"
#include "../hv/mm/phys.h"

#define SHARED_PML4_FIRST 256
#define EPTP_ADDR_MASK    0x000ffffffffff000ull

void td_merge_shared_ept(struct td_run *r)
{
	uint64_t *sept_root = td_page(r->tdr->tdcx_pa[TDCS_PAGE_SEPT_ROOT]);
	const uint64_t *shared_root;

	if (r->tdcs->gpaw || !r->vp->ctls.shared_eptp)
		return;         /* GPAW 52 is not modelled; no shared EPT yet */
	shared_root = phys_to_virt(r->vp->ctls.shared_eptp & EPTP_ADDR_MASK);
	for (unsigned i = SHARED_PML4_FIRST; i < SEPT_ENTRIES; i++)
		if (sept_root[i] != shared_root[i])
			sept_root[i] = shared_root[i];
}
