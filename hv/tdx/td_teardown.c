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
	unsigned reclaimed, leaked;
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

/* VP.FLUSH .. FREEID; on failure *why says which step failed. */
static bool release_key(struct teardown *t, const char **why)
{
	struct td *td = t->td;
	struct tdx_module_args a = { .rcx = td->tdvpr };
	uint64_t status;

	/* The vCPU is associated with this CPU (VP.INIT ran here, VP.ENTER
	 * ran here). Not associated means there is nothing to flush. */
	status = tdx_call(TDH_VP_FLUSH, &a, TDX_CALL_QUIET);
	if (status != TDX_SUCCESS && TDX_STATUS_CODE(status) != TDX_VCPU_NOT_ASSOCIATED) {
		log_failure(td->name, "TDH.VP.FLUSH", status);
		*why = "TDH.VP.FLUSH failed";
		return false;
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

/* RECLAIM one page and give it back cleared; a page the module does not
 * give back stays allocated forever. Real hardware must clear it with
 * MOVDIR64B (not memset): TDX's partial-write erratum can leave a cache
 * line poisoned under the old KeyID after a partial write, and MOVDIR64B
 * writes whole lines. Memory in the software module is not encrypted, so
 * plain stores do here. */
static void reclaim(struct teardown *t, paddr_t pa)
{
	struct tdx_module_args a = { .rcx = pa };

	if (!pa)
		return;
	if (tdx_call(TDH_PHYMEM_PAGE_RECLAIM, &a, 0) != TDX_SUCCESS) {
		t->leaked++;
		return;
	}
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	page_free(pa);
	t->reclaimed++;
}

static unsigned td_owned_pages(const struct td *td)
{
	return td->nr_pages + td->nr_sept + td->nr_tdvps + td->nr_tdcs + (td->tdr ? 1 : 0);
}

void td_teardown(struct td *td)
{
	struct teardown t = { .td = td };
	const char *why = NULL;

	if (!release_key(&t, &why)) {
		hkid_leak(td->hkid);
		t.leaked = td_owned_pages(td);
		log_error("td %s: torn down: 0 pages reclaimed, %u leaked, KeyID %u leaked: %s",
			  td->name, t.leaked, td->hkid, why);
		return;
	}
	hkid_release(td->hkid);

	for (unsigned i = td->nr_pages; i-- > 0;)
		reclaim(&t, td->pages[i]);
	for (unsigned i = td->nr_sept; i-- > 0;)       /* leaf tables first */
		reclaim(&t, td->sept_hpa[i]);
	for (unsigned i = td->nr_tdvps; i-- > 0;)      /* TDVPR ([0]) last */
		reclaim(&t, td->tdvps[i]);
	for (unsigned i = td->nr_tdcs; i-- > 0;)
		reclaim(&t, td->tdcs[i]);
	reclaim(&t, td->tdr);                           /* the TDR last of all */
	td->nr_pages = td->nr_sept = td->nr_tdvps = td->nr_tdcs = 0;
	td->tdr = td->tdvpr = 0;

	if (t.leaked)
		log_error("td %s: torn down: %u pages reclaimed, %u leaked (RECLAIM failed), "
			  "KeyID %u released (free pages: %llu before the build, %llu now)",
			  td->name, t.reclaimed, t.leaked, td->hkid,
			  (unsigned long long)td->free_before,
			  (unsigned long long)page_alloc_free_pages());
	else
		log_info("td %s: torn down: %u pages reclaimed, KeyID %u released "
			 "(free pages: %llu before the build, %llu now)", td->name, t.reclaimed,
			 td->hkid, (unsigned long long)td->free_before,
			 (unsigned long long)page_alloc_free_pages());
}
