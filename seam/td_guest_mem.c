/* How the module reaches a TD's memory while it runs: GPA -> HPA through
 * the S-EPT, guest-virtual -> GPA through the TD's own page tables, and
 * copies in and out for the TDCALL leaves that take GPAs. */
#include "td_run.h"
#include "../hv/arch/x86/vmx.h"
#include "../hv/arch/x86/vmx_cpu.h"
#include "../hv/arch/x86/vmx_exit.h"
#include "../hv/lib/string.h"

#define CR0_PG      BIT(31)
#define PTE_PRESENT BIT(0)
#define PTE_LARGE   BIT(7)
#define PTE_ADDR    0x000ffffffffff000ull

/* GPA -> HPA through the S-EPT, down to a 4K or 2M leaf; false unless
 * the guest may use the page now (MAPPED: not FREE, not PENDING until the
 * TD accepts it, not blocked). */
bool td_gpa_to_hpa(const struct td_run *r, uint64_t gpa, uint64_t *hpa)
{
	unsigned reached;
	uint64_t septe = *sept_walk(r->tdcs, gpa, SEPT_LEVEL_PT, &reached);

	if (!sept_is_leaf(septe) || !sept_has(septe, SEPT_F_ACCESSIBLE))
		return false;
	*hpa = sept_leaf_hpa(septe, gpa, reached);
	return true;
}

/* Guest linear -> guest physical through the TD's own 4-level tables (or
 * identity while paging is off); the tables are private TD memory. */
bool td_gva_to_gpa(const struct td_run *r, uint64_t gva, uint64_t *gpa)
{
	uint64_t cr0 = vmcs_read(VMCS_GUEST_CR0), table = vmcs_read(VMCS_GUEST_CR3) & PTE_ADDR;

	if (!(cr0 & CR0_PG)) {
		*gpa = gva & 0xffffffffull;
		return true;
	}
	for (int level = 3; level >= 0; level--) {
		uint64_t hpa, e;
		unsigned shift = 12 + 9 * level;

		if (!td_gpa_to_hpa(r, table + ((gva >> shift) & 511) * 8, &hpa))
			return false;
		e = *(uint64_t *)phys_to_virt(hpa);
		if (!(e & PTE_PRESENT))
			return false;
		if (level == 0 || (level <= 2 && (e & PTE_LARGE))) {
			uint64_t page = 1ull << shift;
			*gpa = (e & PTE_ADDR & ~(page - 1)) | (gva & (page - 1));
			return true;
		}
		table = e & PTE_ADDR;
	}
	return false;
}

/* Copies between the model and TD private memory at a GPA, page by page
 * through the S-EPT; false when a page is not mapped. */
bool td_copy_gpa(const struct td_run *r, uint64_t gpa, void *buf, size_t len, bool to_td)
{
	uint8_t *p = buf;

	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
		uint64_t hpa;

		if (!td_gpa_to_hpa(r, gpa, &hpa))
			return false;
		if (to_td)
			memcpy(phys_to_virt(hpa), p, chunk);
		else
			memcpy(p, phys_to_virt(hpa), chunk);
		gpa += chunk;
		p += chunk;
		len -= chunk;
	}
	return true;
}
