/* The monitor's `mirror-check NAME`: every entry of the hypervisor's
 * Secure-EPT mirror, private pages and S-EPT pages, is read back from the
 * module with TDH.MEM.SEPT.RD and compared: a private page must be a leaf
 * at the same level with the same HPA in a state the mirror's allows (the
 * host cannot see TDG.MEM.PAGE.ACCEPT, so a page the mirror calls PENDING
 * may be MAPPED in the module); an S-EPT page must be a mapped non-leaf
 * entry at its level. SEPT.RD does not show a non-leaf entry's HPA (the
 * 1.5 module's SEPT_ARCH_ENTRY_NON_LEAF_MASK keeps RWX and bit 7 only), so
 * the table's own HPA cannot be compared. */
#include "seamcall.h"
#include "td.h"
#include "tdx_status.h"
#include "../lib/format.h"
#include "../lib/string.h"

/* Public S-EPT entry states in TDH.MEM.SEPT.RD's RDX bits 15:8 (TDX module
 * ABI, sept_entry_state; seam/sept.c has the same table). */
enum {
	SEPT_RD_BLOCKED = 1, SEPT_RD_PENDING = 2, SEPT_RD_PENDING_BLOCKED = 3,
	SEPT_RD_MAPPED = 4, SEPT_RD_NL_MAPPED = 0x84,
};

#define SEPT_RD_HPA 0x000ffffffffff000ull

struct check {
	struct td *td;
	struct td_mirror_report *out;
};

static bool state_agrees(enum sept_mirror_state mirror, unsigned module)
{
	switch (mirror) {
	case SEPT_MIRROR_MAPPED:
		return module == SEPT_RD_MAPPED;
	case SEPT_MIRROR_PENDING:
		return module == SEPT_RD_PENDING || module == SEPT_RD_MAPPED;
	case SEPT_MIRROR_BLOCKED:
		return module == SEPT_RD_BLOCKED || module == SEPT_RD_PENDING_BLOCKED;
	}
	return false;
}

static void mismatch(struct check *c, uint64_t gpa, unsigned level, paddr_t hpa,
		     const struct tdx_module_args *a, uint64_t status)
{
	struct td_mirror_report *r = c->out;

	if (!r->mismatches++)
		format(r->first, sizeof(r->first), "GPA 0x%llx level %u: mirror has HPA 0x%llx, "
		       "module %s 0x%llx (level %llu, state 0x%llx)", (unsigned long long)gpa, level,
		       (unsigned long long)hpa, status ? "fails with" : "has entry",
		       (unsigned long long)(status ? status : a->rcx),
		       (unsigned long long)(a->rdx & 7), (unsigned long long)((a->rdx >> 8) & 0xff));
}

static uint64_t sept_rd(struct check *c, uint64_t gpa, unsigned level, struct tdx_module_args *a)
{
	*a = (struct tdx_module_args){ .rcx = gpa | level, .rdx = c->td->tdr };
	return tdx_call(TDH_MEM_SEPT_RD, a, TDX_CALL_QUIET);
}

static bool check_leaf(void *ctx, const struct sept_mirror_leaf *leaf)
{
	struct check *c = ctx;
	unsigned level = leaf->size == PAGE_SIZE ? TD_LEVEL_4K : TD_LEVEL_2M;
	struct tdx_module_args a;
	uint64_t status = sept_rd(c, leaf->gpa, level, &a);

	c->out->pages += leaf->size / PAGE_SIZE;
	if (status != TDX_SUCCESS || (a.rdx & 7) != level || (a.rcx & SEPT_RD_HPA) != leaf->hpa ||
	    !state_agrees(leaf->state, (a.rdx >> 8) & 0xff))
		mismatch(c, leaf->gpa, level, leaf->hpa, &a, status);
	return true;
}

static bool check_table(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa)
{
	struct check *c = ctx;
	struct tdx_module_args a;
	uint64_t status = sept_rd(c, gpa, level, &a);

	c->out->tables++;
	if (status != TDX_SUCCESS || (a.rdx & 7) != level ||
	    ((a.rdx >> 8) & 0xff) != SEPT_RD_NL_MAPPED)
		mismatch(c, gpa, level, hpa, &a, status);
	return true;
}

void td_mirror_check(struct td *td, struct td_mirror_report *out)
{
	struct check c = { td, out };

	memset(out, 0, sizeof(*out));
	td_memory_lock();
	sept_mirror_for_each(&td->mirror, 0, BIT(td->gpaw - 1), check_leaf, &c);
	sept_mirror_for_each_table(&td->mirror, check_table, &c);
	td_memory_unlock();
}
