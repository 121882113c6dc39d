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
 * the host's INVEPT flushes them, as on hardware.
 *
 * A shared GPA the host has not mapped: the CPU walks the host's tables,
 * and the module's TD VMCS sets the "EPT-violation #VE" control
 * (intel/tdx-module vmcs_defs.h, PROCBASED_CTLS2_INIT 0x133CB3FA has
 * bit 18), so where the walk ends at an entry whose bit 63 ("suppress
 * #VE") is clear the TD gets a #VE, not a TD exit: that is how a TD
 * guest learns it touched MMIO (SDM vol. 3C, "Convertible EPT
 * Violations", 26.5.7.1 in recent editions; 25.5.6.1 in older ones).
 * The model runs the TD on one EPT whose S-EPT entries all have SVE
 * set, so its VM exit comes to td_mem_ept.c, which asks
 * td_shared_ept_convertible what the CPU would have done. */
#include "td_run.h"
#include "../hv/mm/phys.h"
#include "../hv/lib/string.h"

#define SHARED_PML4_FIRST 256
#define EPTP_ADDR_MASK    0x000ffffffffff000ull
#define EPT_PRESENT_MASK  7ull          /* read, write, execute */
#define EPT_PAGE_SIZE     BIT(7)        /* a leaf above the PT level */
#define EPT_SUPPRESS_VE   BIT(63)

void td_merge_shared_ept(struct td_run *r)
{
	uint64_t *sept_root = td_page(r->tdr->tdcx_pa[TDCS_PAGE_SEPT_ROOT]);
	const uint64_t *shared_root;

	if (r->tdcs->gpaw || !r->vp->ctls.shared_eptp)
		return;         /* GPAW 52 is not modelled; no shared EPT yet */
	shared_root = phys_to_virt(r->vp->ctls.shared_eptp & EPTP_ADDR_MASK);
	/* Usually unchanged since the last entry: one string compare. */
	if (memcmp(&sept_root[SHARED_PML4_FIRST], &shared_root[SHARED_PML4_FIRST],
		   (SEPT_ENTRIES - SHARED_PML4_FIRST) * sizeof(uint64_t)))
		memcpy(&sept_root[SHARED_PML4_FIRST], &shared_root[SHARED_PML4_FIRST],
		       (SEPT_ENTRIES - SHARED_PML4_FIRST) * sizeof(uint64_t));
}

/* The SDM's rule: bit 63 of exactly one entry decides, the not-present
 * entry where the walk stopped (at any level) or the leaf that maps the
 * page (a permission violation). Non-leaf entries the walk went through
 * do not count. */
bool td_shared_ept_convertible(uint64_t shared_eptp, uint64_t gpa)
{
	uint64_t table = shared_eptp & EPTP_ADDR_MASK;

	for (unsigned level = SEPT_LEVEL_PML4;; level--) {
		uint64_t e = ((const uint64_t *)phys_to_virt(table))
			     [(gpa >> (PAGE_SHIFT + 9 * level)) & (SEPT_ENTRIES - 1)];

		if (!(e & EPT_PRESENT_MASK) || level == SEPT_LEVEL_PT ||
		    (level <= SEPT_LEVEL_PDPT && (e & EPT_PAGE_SIZE)))
			return !(e & EPT_SUPPRESS_VE);
		table = e & EPTP_ADDR_MASK;
	}
}
