/* A running TD's memory, kept in the Secure-EPT mirror (hv/mm/sept_mirror.c):
 * S-EPT pages added on demand, private RAM added lazily with PAGE.AUG when
 * the TD accepts it (2M pages where the TD accepts 2M), conversions between
 * private and shared for MapGPA (private pages leave through RANGE.BLOCK ->
 * MEM.TRACK -> PAGE.REMOVE -> PHYMEM.PAGE.WBINVD, as KVM's
 * tdx_sept_remove_private_spte does;
 * shared pages are host pages in the shared EPT the module is pointed at),
 * and the host's access to shared memory. */
#include "keyid.h"
#include "seamcall.h"
#include "td.h"
#include "tdx_status.h"
#include "../arch.h"
#include "../arch/x86/insn.h"
#include "../../guest-abi/tdx_ghci.h"
#include "../lib/string.h"
#include "../log.h"
#include "../mm/ept.h"
#include "../mm/page_alloc.h"
#include "../mm/phys.h"

/* Extended exit qualification of an EPT-violation TD exit (RDX): type in
 * bits 3:0, the S-EPT level TDG.MEM.PAGE.ACCEPT asked for in bits 34:32
 * (tdx-module vmx_ext_exit_qual_t / tdaccept_vmx_eeq_info_t; KVM's
 * tdx_handle_ept_violation reads the same). */
#define EEQ_TYPE(eeq)         ((eeq) & 0xf)
#define EEQ_TYPE_ACCEPT       1
#define EEQ_REQ_LEVEL(eeq)    (((eeq) >> 32) & 7)

/* MapGPA converts at most this much per call, then asks the TD to retry
 * from where it stopped, so one call cannot hold a CPU for long. */
#define MAP_GPA_BATCH (2 * MiB)

/* One change to TD memory at a time, over all TDs: EPT violations and
 * MapGPA are rare next to the work they cause, and the conversion batch
 * below is too big for a stack. */
static struct spinlock memory_lock;

void td_memory_lock(void)
{
	spin_lock(&memory_lock);
}

void td_memory_unlock(void)
{
	spin_unlock(&memory_lock);
}

static uint64_t level_size(unsigned level)
{
	return 1ull << (12 + 9 * level);
}

bool td_sept_ensure(struct td *td, uint64_t gpa, unsigned leaf_level)
{
	for (unsigned level = 3; level > leaf_level; level--) {
		uint64_t base = ALIGN_DOWN(gpa, level_size(level));
		struct tdx_module_args a;
		paddr_t page;

		if (sept_mirror_has_table(&td->mirror, base, level))
			continue;
		page = td_alloc_page();
		a = (struct tdx_module_args){ .rcx = base | level, .rdx = td->tdr, .r8 = page };
		if (!page) {
			log_error("td %s: no TDX-usable memory for an S-EPT page", td->name);
			return false;
		}
		if (tdx_call(TDH_MEM_SEPT_ADD, &a, 0) != TDX_SUCCESS) {
			page_free(page);
			return false;
		}
		td->pages_given++;
		if (sept_mirror_add_table(&td->mirror, base, level, page) != PT_OK) {
			log_error("td %s: no memory for the Secure-EPT mirror", td->name);
			return false;
		}
	}
	return true;
}

static bool stop_at_first(void *ctx, const struct sept_mirror_leaf *leaf)
{
	(void)ctx;
	(void)leaf;
	return false;
}

/* Whether [base, base + 2M) can be one 2M private page: inside the TD's
 * RAM and nothing of it mapped or split into a page table yet. */
static bool can_map_2m(const struct td *td, uint64_t base)
{
	return base + 2 * MiB <= td->cfg->memory &&
	       !sept_mirror_has_table(&td->mirror, base, TD_LEVEL_2M) &&
	       sept_mirror_for_each(&td->mirror, base, base + 2 * MiB, stop_at_first, NULL);
}

/* PAGE.AUG of one page at gpa (level 4K or 2M): it becomes PENDING until
 * the TD accepts it. */
static bool aug(struct td *td, uint64_t gpa, unsigned level)
{
	uint64_t size = level_size(level);
	paddr_t hpa;
	struct tdx_module_args a;
	uint64_t status;

	if (td->private_bytes + size > td->private_limit) {
		td_stop(td, "asked for GPA 0x%llx beyond its %llu KiB of memory (all given)",
			(unsigned long long)gpa, (unsigned long long)(td->cfg->memory / KiB));
		return false;
	}
	if (!td_sept_ensure(td, gpa, level)) {
		td_stop(td, "could not add an S-EPT page for GPA 0x%llx", (unsigned long long)gpa);
		return false;
	}
	hpa = page_alloc_tdx(size / PAGE_SIZE, size);
	if (!hpa) {
		td_stop(td, "no TDX-usable memory left for GPA 0x%llx", (unsigned long long)gpa);
		return false;
	}
	a = (struct tdx_module_args){ .rcx = gpa | level, .rdx = td->tdr, .r8 = hpa };
	status = tdx_call(TDH_MEM_PAGE_AUG, &a, 0);
	if (status != TDX_SUCCESS) {
		page_free_contig(hpa, size / PAGE_SIZE);
		td_stop(td, "TDH.MEM.PAGE.AUG of GPA 0x%llx failed", (unsigned long long)gpa);
		return false;
	}
	td->pages_given += size / PAGE_SIZE;
	td->private_bytes += size;
	if (sept_mirror_map(&td->mirror, gpa, hpa, size, SEPT_MIRROR_PENDING) != PT_OK) {
		td_stop(td, "no memory for the Secure-EPT mirror");
		return false;
	}
	return true;
}

static bool ept_violation(struct td_vcpu *v, uint64_t gpa, uint64_t qual, uint64_t eeq)
{
	struct td *td = v->td;
	uint64_t shared_bit = BIT(td->gpaw - 1);
	struct sept_mirror_leaf leaf;
	unsigned level = TD_LEVEL_4K;

	if (gpa & shared_bit) {
		td_stop(td, "vCPU %u: EPT violation at shared GPA 0x%llx, which is not mapped "
			"shared (qualification 0x%llx)", v->index, (unsigned long long)gpa,
			(unsigned long long)qual);
		return false;
	}
	if (sept_mirror_lookup(&td->mirror, gpa, &leaf)) {
		/* Added already: the TD touched it before accepting it, which
		 * with SEPT_VE_DISABLE it cannot be told about. */
		td_stop(td, "vCPU %u: touched GPA 0x%llx before accepting it (qualification "
			"0x%llx)", v->index, (unsigned long long)gpa, (unsigned long long)qual);
		return false;
	}
	if (gpa >= td->cfg->memory) {
		td_stop(td, "vCPU %u: accessed GPA 0x%llx outside its memory (%llu KiB of RAM at "
			"GPA 0)", v->index, (unsigned long long)gpa,
			(unsigned long long)(td->cfg->memory / KiB));
		return false;
	}
	/* The TD accepts at the level it asked for; a plain access gets 4K. */
	if (EEQ_TYPE(eeq) == EEQ_TYPE_ACCEPT && EEQ_REQ_LEVEL(eeq) == TD_LEVEL_2M &&
	    can_map_2m(td, ALIGN_DOWN(gpa, 2 * MiB)))
		level = TD_LEVEL_2M;
	return aug(td, ALIGN_DOWN(gpa, level_size(level)), level);
}

bool td_ept_violation(struct td_vcpu *v, uint64_t gpa, uint64_t qual, uint64_t eeq)
{
	bool good;

	spin_lock(&memory_lock);
	good = ept_violation(v, gpa, qual, eeq);
	spin_unlock(&memory_lock);
	return good;
}

/* ---- MapGPA ---- */

/* The pages one MapGPA call takes away from the TD. */
static struct removal {
	struct td *td;
	uint64_t start, end;
	uint64_t status;                /* GHCI status if a page cannot go */
	uint64_t gpa[MAP_GPA_BATCH / PAGE_SIZE];
	unsigned level[MAP_GPA_BATCH / PAGE_SIZE];
	paddr_t hpa[MAP_GPA_BATCH / PAGE_SIZE];
	unsigned n;
} batch;

static bool collect(void *ctx, const struct sept_mirror_leaf *leaf)
{
	struct removal *r = ctx;

	if (leaf->gpa < r->start || leaf->gpa + leaf->size > r->end ||
	    r->n == ARRAY_SIZE(r->gpa)) {
		r->status = TDG_VP_VMCALL_INVALID_OPERAND;      /* split_at() failed */
		return false;
	}
	r->gpa[r->n] = leaf->gpa;
	r->level[r->n] = leaf->size == PAGE_SIZE ? TD_LEVEL_4K : TD_LEVEL_2M;
	r->hpa[r->n++] = leaf->hpa;
	return true;
}

/* After MEM.TRACK every vCPU must leave the TD once before the module
 * lets pages go (TLB tracking): kick the others and wait for their exit. */
static void wait_for_exits(struct td *td)
{
	uint64_t seen[TD_MAX_VCPUS];

	for (unsigned i = 0; i < td->nr_vcpus; i++)
		seen[i] = td->vcpu[i].exits;
	td_kick_vcpus(td);
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct td_vcpu *o = &td->vcpu[i];

		if (o->cpu == arch_cpu_index())
			continue;
		while (o->in_guest && o->exits == seen[i])
			cpu_relax();
	}
}

/* A 2M page that gpa splits (gpa inside it, not at its start) becomes 512
 * 4K pages: RANGE.BLOCK, MEM.TRACK, every vCPU out once, PAGE.DEMOTE with
 * a new S-EPT page for the 4K level (the 4K entries keep the page's state,
 * unblocked), as the TDX module's TDH.MEM.PAGE.DEMOTE requires. */
static bool split_at(struct td *td, uint64_t gpa)
{
	struct sept_mirror_leaf leaf;
	struct tdx_module_args a;
	paddr_t table;

	if (!sept_mirror_lookup(&td->mirror, gpa, &leaf) || leaf.gpa == gpa ||
	    leaf.size == PAGE_SIZE)
		return true;
	table = td_alloc_page();
	if (!table)
		return false;
	a = (struct tdx_module_args){ .rcx = leaf.gpa | TD_LEVEL_2M, .rdx = td->tdr };
	if (tdx_call(TDH_MEM_RANGE_BLOCK, &a, 0) != TDX_SUCCESS)
		goto fail;
	sept_mirror_set_state(&td->mirror, leaf.gpa, SEPT_MIRROR_BLOCKED);
	a = (struct tdx_module_args){ .rcx = td->tdr };
	if (tdx_call(TDH_MEM_TRACK, &a, 0) != TDX_SUCCESS)
		goto fail;
	wait_for_exits(td);
	a = (struct tdx_module_args){ .rcx = leaf.gpa | TD_LEVEL_2M, .rdx = td->tdr, .r8 = table };
	if (tdx_call(TDH_MEM_PAGE_DEMOTE, &a, 0) != TDX_SUCCESS)
		goto fail;
	td->pages_given++;
	sept_mirror_unmap(&td->mirror, leaf.gpa, leaf.size);
	for (uint64_t off = 0; off < leaf.size; off += PAGE_SIZE)
		if (sept_mirror_map(&td->mirror, leaf.gpa + off, leaf.hpa + off, PAGE_SIZE,
				    leaf.state) != PT_OK)
			return false;
	return sept_mirror_add_table(&td->mirror, leaf.gpa, TD_LEVEL_4K + 1, table) == PT_OK;
fail:
	page_free(table);
	return false;
}

/* BLOCK every private page in [start, end), TRACK, wait until every vCPU
 * left the TD once, REMOVE them and give them back. */
static uint64_t remove_private(struct removal *r, struct td *td, uint64_t start, uint64_t end)
{
	struct tdx_module_args a;

	if (!split_at(td, start) || !split_at(td, end))
		return TDG_VP_VMCALL_INVALID_OPERAND;
	memset(r, 0, sizeof(*r));
	r->td = td;
	r->start = start;
	r->end = end;
	r->status = TDG_VP_VMCALL_SUCCESS;
	sept_mirror_for_each(&td->mirror, start, end, collect, r);
	if (r->status != TDG_VP_VMCALL_SUCCESS || !r->n)
		return r->status;
	for (unsigned i = 0; i < r->n; i++) {
		a = (struct tdx_module_args){ .rcx = r->gpa[i] | r->level[i], .rdx = td->tdr };
		if (tdx_call(TDH_MEM_RANGE_BLOCK, &a, 0) != TDX_SUCCESS)
			return TDG_VP_VMCALL_INVALID_OPERAND;
		sept_mirror_set_state(&td->mirror, r->gpa[i], SEPT_MIRROR_BLOCKED);
	}
	a = (struct tdx_module_args){ .rcx = td->tdr };
	if (tdx_call(TDH_MEM_TRACK, &a, 0) != TDX_SUCCESS)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	wait_for_exits(td);
	for (unsigned i = 0; i < r->n; i++) {
		uint64_t pages = level_size(r->level[i]) / PAGE_SIZE;

		a = (struct tdx_module_args){ .rcx = r->gpa[i] | r->level[i], .rdx = td->tdr };
		if (tdx_call(TDH_MEM_PAGE_REMOVE, &a, 0) != TDX_SUCCESS)
			return TDG_VP_VMCALL_INVALID_OPERAND;
		sept_mirror_unmap(&td->mirror, r->gpa[i], pages * PAGE_SIZE);
		td->private_bytes -= pages * PAGE_SIZE;
		td->pages_removed += pages;
		/* The TD's KeyID may still tag cache lines of the pages: they
		 * are written back before the pages are cleared and reused
		 * (KVM's tdx_sept_remove_private_spte). Pages whose flush the
		 * module refused stay allocated forever. */
		if (!tdx_wbinvd_pages(td->hkid, r->hpa[i], pages))
			return TDG_VP_VMCALL_INVALID_OPERAND;
		td_release_pages(td, r->hpa[i], pages);
	}
	return TDG_VP_VMCALL_SUCCESS;
}

static uint64_t map_shared(struct td *td, uint64_t start, uint64_t end)
{
	for (uint64_t gpa = start; gpa < end; gpa += PAGE_SIZE) {
		struct pt_leaf leaf;
		paddr_t page;

		if (pt_lookup(&td->mirror.shared, gpa, &leaf))
			continue;
		page = page_alloc();
		if (!page)
			return TDG_VP_VMCALL_INVALID_OPERAND;   /* the host is out of memory */
		memset(phys_to_virt(page), 0, PAGE_SIZE);
		if (pt_map(&td->mirror.shared, gpa, page, PAGE_SIZE,
			   ept_leaf_flags(EPT_RWX, EPT_MT_WB), PAGE_SIZE) != PT_OK) {
			page_free(page);
			return TDG_VP_VMCALL_INVALID_OPERAND;
		}
	}
	return TDG_VP_VMCALL_SUCCESS;
}

/* Shared pages leave the shared EPT, every vCPU flushes its EPT TLB (a
 * kick and one exit each), then the pages go back to the allocator. */
static void unmap_shared(struct removal *r, struct td *td, uint64_t start, uint64_t end)
{
	r->n = 0;
	for (uint64_t gpa = start; gpa < end; gpa += PAGE_SIZE) {
		struct pt_leaf leaf;

		if (!pt_lookup(&td->mirror.shared, gpa, &leaf))
			continue;
		pt_unmap(&td->mirror.shared, gpa, PAGE_SIZE);
		r->hpa[r->n++] = leaf.pa;
	}
	if (!r->n)
		return;
	td_flush_shared_ept(td);
	wait_for_exits(td);
	invept(INVEPT_ALL_CONTEXT, 0);          /* this CPU's vCPU is out already */
	for (unsigned i = 0; i < r->n; i++)
		page_free(r->hpa[i]);
}

uint64_t td_map_gpa(struct td *td, uint64_t gpa, uint64_t size, bool to_shared, uint64_t *next)
{
	uint64_t shared_bit = BIT(td->gpaw - 1);
	uint64_t start = gpa & ~shared_bit;
	/* Batches end on 2M boundaries, so they split no 2M page themselves. */
	uint64_t end = MIN(start + size, ALIGN_DOWN(start, 2 * MiB) + MAP_GPA_BATCH);
	uint64_t status;

	/* Only the TD's RAM converts (QEMU likewise refuses ranges outside
	 * guest RAM): anything else would be host memory the TD asks for. */
	if (start >= td->cfg->memory || size > td->cfg->memory - start)
		return TDG_VP_VMCALL_INVALID_OPERAND;
	spin_lock(&memory_lock);
	if (to_shared) {
		status = remove_private(&batch, td, start, end);
		if (status == TDG_VP_VMCALL_SUCCESS)
			status = map_shared(td, start | shared_bit, end | shared_bit);
	} else {
		unmap_shared(&batch, td, start | shared_bit, end | shared_bit);
		status = TDG_VP_VMCALL_SUCCESS; /* added again when the TD accepts it */
	}
	spin_unlock(&memory_lock);
	if (status == TDG_VP_VMCALL_SUCCESS && end < start + size) {
		*next = gpa + (end - start);
		return TDG_VP_VMCALL_RETRY;
	}
	return status;
}

bool td_shared_copy(struct td *td, uint64_t gpa, void *buf, size_t len, bool to_td)
{
	return (gpa & BIT(td->gpaw - 1)) && pt_copy(&td->mirror.shared, gpa, buf, len, to_td);
}
