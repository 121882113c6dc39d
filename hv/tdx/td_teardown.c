/* Tearing a stopped TD down, in the order Linux/KVM use (REFERENCES.md
 * "Order of operations", Teardown) and the module checks (seam/
 * td_teardown.c): TDH.VP.FLUSH on the vCPU's CPU -> TDH.MNG.VPFLUSHDONE
 * (TD BLOCKED) -> TDH.PHYMEM.CACHE.WB on one CPU of every package ->
 * TDH.MNG.KEY.FREEID (TD TEARDOWN) -> TDH.PHYMEM.PAGE.RECLAIM of every
 * page the TD owned: private pages, S-EPT pages, TDVPX then TDVPR, TDCS
 * pages, the TDR last (the module refuses it while it owns any page).
 * The KeyID goes back to the pool only once FREEID succeeded; if a step
 * before fails, the KeyID may still tag dirty cache lines and no page can
 * be reclaimed: the KeyID and every page are leaked on purpose. */
#include "hkid.h"
#include "seamcall.h"
#include "td.h"
#include "tdx_status.h"
#include "../arch/x86/cpu.h"
#include "../arch/x86/percpu.h"
#include "../arch/x86/smp.h"
#include "../lib/string.h"
#include "../log.h"
#include "../mm/page_alloc.h"
#include "../mm/phys.h"

#define CACHE_WB_START  0
#define CACHE_WB_RESUME 1

struct teardown {
	struct td *td;
	uint64_t status;                /* of the last per-package call */
	uint64_t reclaimed, leaked;     /* 4 KiB pages */
};

/* TDH.PHYMEM.CACHE.WB on this CPU's package. Not through tdx_call(): it
 * continues an INTERRUPTED_RESUMABLE call with the outputs the module
 * left, but CACHE.WB has none; a resumed call must say so with RCX = 1
 * (RCX = 0 starts over, and may never finish under a steady interrupt
 * load). The software module never interrupts CACHE.WB (it answers a
 * resume with WBCACHE_RESUME_ERROR); real modules do. */
static bool cache_wb_one(void *arg)
{
	struct teardown *t = arg;
	unsigned busy = 0;
	uint64_t rcx = CACHE_WB_START, status;

	for (;;) {
		struct tdx_module_args a = { .rcx = rcx };
		uint64_t code;

		status = seamcall(TDH_PHYMEM_CACHE_WB, &a);
		code = TDX_STATUS_CODE(status);
		if (code == TDX_INTERRUPTED_RESUMABLE) {
			rcx = CACHE_WB_RESUME;
			continue;
		}
		if ((code == TDX_OPERAND_BUSY || code == TDX_SYS_BUSY) && ++busy <= TDX_RETRY_LIMIT)
			continue;
		break;
	}
	/* NO_HKID_READY_TO_WBCACHE is a warning: another teardown's CACHE.WB
	 * on this package already wrote our KeyID back. */
	t->status = TDX_STATUS_IS_ERROR(status) ? status : TDX_SUCCESS;
	return t->status == TDX_SUCCESS;
}


static void log_failure(const char *td, const char *leaf, uint64_t status)
{
	char text[160];

	tdx_status_format(status, text, sizeof(text));
	log_error("td %s: teardown: %s failed: %s", td, leaf, text);
}

/* TDH.VP.FLUSH on the vCPU's own CPU, where VP.INIT and VP.ENTER ran. */
static void flush_one(void *arg)
{
	struct td_vcpu *v = arg;
	struct tdx_module_args a = { .rcx = v->tdvps[0] };

	v->status = tdx_call(TDH_VP_FLUSH, &a, TDX_CALL_QUIET);
	if (TDX_STATUS_CODE(v->status) == TDX_VCPU_NOT_ASSOCIATED)
		v->status = TDX_SUCCESS;        /* never ran: nothing to flush */
}

/* VP.FLUSH .. FREEID; on failure *why says which step failed. */
static bool release_key(struct teardown *t, const char **why)
{
	struct td *td = t->td;
	struct tdx_module_args a;

	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct td_vcpu *v = &td->vcpu[i];

		if (!v->nr_tdvps)
			continue;
		smp_call_on(v->cpu, flush_one, v);
		if (v->status != TDX_SUCCESS) {
			log_failure(td->name, "TDH.VP.FLUSH", v->status);
			*why = "TDH.VP.FLUSH failed";
			return false;
		}
	}
	a = (struct tdx_module_args){ .rcx = td->tdr };
	if (tdx_call(TDH_MNG_VPFLUSHDONE, &a, 0) != TDX_SUCCESS) {
		*why = "TDH.MNG.VPFLUSHDONE failed";
		return false;
	}
	/* On every package; a CPU busy with a guest takes it at its next exit. */
	if (!smp_call_each_package(cache_wb_one, t)) {
		*why = "TDH.PHYMEM.CACHE.WB failed";
		log_failure(td->name, "TDH.PHYMEM.CACHE.WB", t->status);
		return false;
	}
	a = (struct tdx_module_args){ .rcx = td->tdr };
	if (tdx_call(TDH_MNG_KEY_FREEID, &a, 0) != TDX_SUCCESS) {
		*why = "TDH.MNG.KEY.FREEID failed";
		return false;
	}
	return true;
}

/* Real hardware must clear a page the TD owned with MOVDIR64B, not plain
 * stores: TDX's partial-write erratum can leave a cache line poisoned
 * under the old KeyID after a partial write, and MOVDIR64B writes whole
 * lines (Linux's tdx_clear_page). Where the CPU lacks it (the software
 * module's platforms), memory was never encrypted and stores do. */
void td_release_pages(struct td *td, paddr_t pa, uint64_t pages)
{
	(void)td;
	for (uint64_t i = 0; i < pages; i++)
		cpu_clear_page(phys_to_virt(pa + i * PAGE_SIZE));
	page_free_contig(pa, pages);
}

/* RECLAIM one page (4K, or the head of a 2M page) and give it back
 * cleared; a page the module does not give back stays allocated forever. */
static void reclaim(struct teardown *t, paddr_t pa, uint64_t pages)
{
	struct tdx_module_args a = { .rcx = pa };

	if (!pa)
		return;
	if (tdx_call(TDH_PHYMEM_PAGE_RECLAIM, &a, 0) != TDX_SUCCESS) {
		t->leaked += pages;
		return;
	}
	td_release_pages(t->td, pa, pages);
	t->reclaimed += pages;
}

static bool reclaim_leaf(void *ctx, const struct sept_mirror_leaf *leaf)
{
	reclaim(ctx, leaf->hpa, leaf->size / PAGE_SIZE);
	return true;
}

static bool reclaim_table(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa)
{
	(void)gpa;
	(void)level;
	reclaim(ctx, hpa, 1);
	return true;
}

static bool free_shared(void *ctx, uint64_t gpa, const struct pt_leaf *leaf)
{
	(void)ctx;
	(void)gpa;
	page_free_contig(leaf->pa, leaf->page_size / PAGE_SIZE);
	return true;
}

static void reclaim_all(struct teardown *t)
{
	struct td *td = t->td;

	sept_mirror_for_each(&td->mirror, 0, ~0ull, reclaim_leaf, t);
	sept_mirror_for_each_table(&td->mirror, reclaim_table, t);
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct td_vcpu *v = &td->vcpu[i];

		for (unsigned j = v->nr_tdvps; j-- > 0;)        /* TDVPR ([0]) last */
			reclaim(t, v->tdvps[j], 1);
		v->nr_tdvps = 0;
	}
	for (unsigned i = td->nr_tdcs; i-- > 0;)
		reclaim(t, td->tdcs[i], 1);
	td->nr_tdcs = 0;
	reclaim(t, td->tdr, 1);                         /* the TDR last of all */
	td->tdr = 0;
}

void td_teardown(struct td *td)
{
	struct teardown t = { .td = td };
	const char *why = NULL;

	pt_for_each(&td->mirror.shared, 0, ~0ull, free_shared, NULL);
	if (td->pages_given == 0) {                     /* MNG.CREATE never ran */
		if (td->tdr)
			page_free(td->tdr);
		if (td->hkid)
			hkid_release(td->hkid);
		sept_mirror_destroy(&td->mirror);
		return;
	}
	if (!release_key(&t, &why)) {
		hkid_leak(td->hkid);
		log_error("td %s: torn down: pages given %llu, reclaimed 0, leaked %llu; KeyID %u "
			  "leaked: %s", td->name, (unsigned long long)td->pages_given,
			  (unsigned long long)td->pages_given, td->hkid, why);
		td->pages_leaked = td->pages_given;
		return;
	}
	hkid_release(td->hkid);
	reclaim_all(&t);
	sept_mirror_destroy(&td->mirror);
	td->pages_reclaimed = t.reclaimed;
	td->pages_leaked = t.leaked;
	log_msg(t.leaked || td->pages_removed + t.reclaimed != td->pages_given ? LOG_ERROR : LOG_INFO,
		"td %s: torn down: pages given %llu, removed while running %llu, reclaimed %llu, "
		"leaked %llu; KeyID %u released (free pages: %llu before the build, %llu now)",
		td->name, (unsigned long long)td->pages_given,
		(unsigned long long)td->pages_removed, (unsigned long long)t.reclaimed,
		(unsigned long long)t.leaked, td->hkid, (unsigned long long)td->free_before,
		(unsigned long long)page_alloc_free_pages());
}
