/* Trust Domains from the manifest: build, measure, run. The build follows
 * KVM's order (../shared/REFERENCES.md "TD build"): MNG.CREATE with a KeyID,
 * MNG.KEY.CONFIG on every package, MNG.ADDCX, MNG.INIT with TD_PARAMS,
 * VP.CREATE/ADDCX/INIT, SEPT.ADD for the levels above each page, PAGE.ADD
 * (+ MR.EXTEND in 256-byte chunks for the image), MR.FINALIZE. The vCPU
 * runs on its pinned CPU in a TDH.VP.ENTER loop; TDG.VP.VMCALLs come back
 * here (td_exit.c). First version: one vCPU per TD, private memory added
 * up front (no lazy accept), no shared memory. Every page the module takes
 * is recorded in struct td so that, when the TD stops, td_teardown.c can
 * reclaim them all and release the KeyID. */
#include "seamcall.h"
#include "hkid.h"
#include "td.h"
#include "td_layout.h"
#include "tdx.h"
#include "tdx_status.h"
#include "../arch/x86/apic.h"
#include "../arch/x86/percpu.h"
#include "../arch/x86/smp.h"
#include "../boot_info.h"
#include "../guests.h"
#include "../lib/format.h"
#include "../lib/string.h"
#include "../log.h"
#include "../mm/page_alloc.h"
#include "../mm/phys.h"

extern const struct boot_info *hv_boot_info;

#define TD_ATTR_DEBUG           BIT(0)
#define TD_ATTR_SEPT_VE_DISABLE BIT(28)
#define TD_XFAM_X87_SSE         0x3ull
#define TD_EPTP_4LEVEL_WB       ((3ull << 3) | 6)
#define TD_TSC_2500MHZ          100             /* units of 25 MHz */
#define MRTD_FIELD              0x1310000300000000ull  /* TDCS MRTD[0..5] (tdr_tdcs_fields_lookup.h) */

static struct td tds[TD_MAX];
static unsigned nr_tds;

static bool ok(const struct td *td, uint64_t status, const char *what)
{
	if (status == TDX_SUCCESS)
		return true;
	log_error("td %s: not started: %s failed", td->name, what);
	return false;
}

static paddr_t td_page(void)
{
	return page_alloc_tdx(1, PAGE_SIZE);
}

static bool key_config_one(void *arg)
{
	struct td *td = arg;
	struct tdx_module_args a = { .rcx = td->tdr };

	td->status = tdx_call(TDH_MNG_KEY_CONFIG, &a, 0);
	return td->status == TDX_SUCCESS;
}

/* TDH.MNG.KEY.CONFIG on one CPU of every package, one at a time. */
static bool configure_keys(struct td *td)
{
	return ok(td, smp_call_each_package(key_config_one, td) ? TDX_SUCCESS : td->status,
		  "TDH.MNG.KEY.CONFIG");
}

static bool create(struct td *td)
{
	struct tdx_module_args a;

	td->tdr = td_page();
	td->hkid = hkid_alloc();
	if (!td->tdr || !td->hkid) {
		log_error("td %s: not started: %s", td->name,
			  td->hkid ? "no TDX-usable memory" : "no free TDX KeyID");
		return false;
	}
	a = (struct tdx_module_args){ .rcx = td->tdr, .rdx = td->hkid };
	if (!ok(td, tdx_call(TDH_MNG_CREATE, &a, 0), "TDH.MNG.CREATE") || !configure_keys(td))
		return false;
	for (unsigned i = 0; i < TD_TDCS_PAGES; i++) {
		paddr_t page = td_page();

		a = (struct tdx_module_args){ .rcx = page, .rdx = td->tdr };
		if (!a.rcx || !ok(td, tdx_call(TDH_MNG_ADDCX, &a, 0), "TDH.MNG.ADDCX"))
			return false;
		td->tdcs[td->nr_tdcs++] = page;
	}
	return true;
}

/* TD_PARAMS (1024 bytes, 1024-aligned): attributes, XFAM, max vCPUs,
 * EPTP controls, config flags, TSC frequency (REFERENCES.md). A non-debug
 * TD without SEPT_VE_DISABLE would take #VEs on pending pages that Linux
 * guests panic on: tdvisor sets it. */
static bool init_td(struct td *td)
{
	paddr_t params = page_alloc();
	uint8_t *p = params ? phys_to_virt(params) : NULL;
	struct tdx_module_args a = { .rcx = td->tdr, .rdx = params };
	uint64_t status;

	if (!p)
		return false;
	*(uint64_t *)(p + 0) = TD_ATTR_SEPT_VE_DISABLE | TD_ATTR_DEBUG;
	*(uint64_t *)(p + 8) = TD_XFAM_X87_SSE;
	*(uint16_t *)(p + 16) = 1;                      /* max_vcpus */
	*(uint64_t *)(p + 24) = TD_EPTP_4LEVEL_WB;
	*(uint64_t *)(p + 32) = 0;                      /* GPAW 48 */
	*(uint16_t *)(p + 40) = TD_TSC_2500MHZ;
	status = tdx_call(TDH_MNG_INIT, &a, 0);
	page_free(params);
	return ok(td, status, "TDH.MNG.INIT");
}

static void vp_init_one(void *arg)
{
	struct td *td = arg;
	struct tdx_module_args a = { .rcx = td->tdvpr, .rdx = 0 };

	td->status = tdx_call(TDH_VP_INIT, &a, 0);
}

static bool create_vcpu(struct td *td)
{
	struct tdx_module_args a;

	td->tdvpr = td_page();
	a = (struct tdx_module_args){ .rcx = td->tdvpr, .rdx = td->tdr };
	if (!td->tdvpr || !ok(td, tdx_call(TDH_VP_CREATE, &a, 0), "TDH.VP.CREATE"))
		return false;
	td->tdvps[td->nr_tdvps++] = td->tdvpr;
	for (unsigned i = 1; i < TD_TDVPS_PAGES; i++) {
		paddr_t page = td_page();

		a = (struct tdx_module_args){ .rcx = page, .rdx = td->tdvpr };
		if (!a.rcx || !ok(td, tdx_call(TDH_VP_ADDCX, &a, 0), "TDH.VP.ADDCX"))
			return false;
		td->tdvps[td->nr_tdvps++] = page;
	}
	/* VP.INIT associates the vCPU with the calling CPU: run it on the
	 * CPU the vCPU is pinned to, or TDH.VP.ENTER there is refused. */
	smp_call_on(td->cpu, vp_init_one, td);
	return ok(td, td->status, "TDH.VP.INIT");
}

/* The S-EPT pages above gpa, top level first. The host's record of which
 * exist is the Secure-EPT mirror (a small set here: one entry per table). */
static bool sept_has(const struct td *td, uint64_t key)
{
	for (unsigned i = 0; i < td->nr_sept; i++)
		if (td->sept[i] == key)
			return true;
	return false;
}

static bool add_sept_levels(struct td *td, uint64_t gpa)
{
	for (unsigned level = 3; level >= 1; level--) {
		uint64_t span = 1ull << (12 + 9 * level);
		uint64_t key = (ALIGN_DOWN(gpa, span)) | level;
		struct tdx_module_args a;

		if (sept_has(td, key))
			continue;
		if (td->nr_sept == TD_MAX_SEPT) {
			log_error("td %s: not started: too many S-EPT pages", td->name);
			return false;
		}
		a = (struct tdx_module_args){ .rcx = key, .rdx = td->tdr, .r8 = td_page() };
		if (!a.r8 || !ok(td, tdx_call(TDH_MEM_SEPT_ADD, &a, 0), "TDH.MEM.SEPT.ADD"))
			return false;
		td->sept_hpa[td->nr_sept] = a.r8;
		td->sept[td->nr_sept++] = key;
	}
	return true;
}

/* PAGE.ADD one page from source (a host page) at gpa; MR.EXTEND its 16
 * chunks when measured. */
static bool add_page(struct td *td, uint64_t gpa, paddr_t source, bool measure)
{
	struct tdx_module_args a;
	paddr_t page;

	if (!add_sept_levels(td, gpa))
		return false;
	if (td->nr_pages == TD_MAX_PAGES) {
		log_error("td %s: not started: more than %u private pages", td->name,
			  (unsigned)TD_MAX_PAGES);
		return false;
	}
	page = td_page();
	a = (struct tdx_module_args){ .rcx = gpa, .rdx = td->tdr, .r8 = page, .r9 = source };
	if (!a.r8 || !ok(td, tdx_call(TDH_MEM_PAGE_ADD, &a, 0), "TDH.MEM.PAGE.ADD"))
		return false;
	td->pages[td->nr_pages++] = page;
	for (unsigned off = 0; measure && off < PAGE_SIZE; off += 256) {
		a = (struct tdx_module_args){ .rcx = gpa + off, .rdx = td->tdr };
		if (!ok(td, tdx_call(TDH_MR_EXTEND, &a, 0), "TDH.MR.EXTEND"))
			return false;
	}
	return true;
}

struct add_ctx {
	struct td *td;
	const uint8_t *image;
	uint64_t image_size;
	paddr_t bounce;
};

static bool add_one(void *arg, const struct td_page *p)
{
	struct add_ctx *c = arg;

	td_page_contents(p, c->image, c->image_size, phys_to_virt(c->bounce));
	return add_page(c->td, p->gpa, c->bounce, p->measured);
}

/* The image under the reset vector, then zeroed RAM (td_layout.c). */
static bool add_memory(struct td *td)
{
	const struct boot_module *m = boot_find_module(hv_boot_info, td->cfg->image);
	struct add_ctx c = { .td = td };
	bool good;

	if (!m || m->end - m->start > TD_IMAGE_MAX || m->end == m->start) {
		log_error("td %s: not started: image \"%s\" %s", td->name, td->cfg->image,
			  m ? "is empty or larger than 64 KiB" : "is not a multiboot2 module");
		return false;
	}
	c.image = phys_to_virt(m->start);
	c.image_size = m->end - m->start;
	c.bounce = page_alloc();
	if (!c.bounce)
		return false;
	good = td_layout(c.image_size, td->cfg->memory, add_one, &c);
	page_free(c.bounce);
	td->image_gpa = td_image_base(c.image_size);
	return good;
}

static bool finalize(struct td *td)
{
	struct tdx_module_args a = { .rcx = td->tdr };
	char hex[2 * 48 + 1];
	uint8_t mrtd[48];

	if (!ok(td, tdx_call(TDH_MR_FINALIZE, &a, 0), "TDH.MR.FINALIZE"))
		return false;
	for (unsigned i = 0; i < 6; i++) {
		a = (struct tdx_module_args){ .rcx = td->tdr, .rdx = MRTD_FIELD + i };
		if (!ok(td, tdx_call(TDH_MNG_RD, &a, 0), "TDH.MNG.RD(MRTD)"))
			return false;
		memcpy(mrtd + 8 * i, &a.r8, 8);
	}
	for (unsigned i = 0; i < 48; i++)
		format(hex + 2 * i, 3, "%02x", mrtd[i]);
	memcpy(td->mrtd_hex, hex, sizeof(td->mrtd_hex));
	log_info("td %s: MRTD %s", td->name, hex);
	return true;
}

static bool td_build(struct td *td, const struct manifest_guest *g)
{
	memcpy(td->name, g->name, sizeof(td->name));
	td->cfg = g;
	td->cpu = g->cpus.cpu[0];
	td->free_before = page_alloc_free_pages();
	if (g->cpus.count != 1) {
		log_error("td %s: not started: one vCPU per TD in this version", td->name);
		return false;
	}
	if (g->memory > TD_MAX_RAM_PAGES * PAGE_SIZE) {
		log_error("td %s: not started: more than %u pages of private RAM (%llu KiB at most)",
			  td->name, (unsigned)TD_MAX_RAM_PAGES,
			  (unsigned long long)(TD_MAX_RAM_PAGES * PAGE_SIZE / KiB));
		return false;
	}
	if (td->cpu >= nr_cpus || percpu[td->cpu].state != CPU_ONLINE) {
		log_error("td %s: not started: CPU %u is not online", td->name, td->cpu);
		return false;
	}
	if (!create(td) || !init_td(td) || !create_vcpu(td) || !add_memory(td) || !finalize(td))
		return false;
	log_info("td %s: built: %llu KiB private RAM, image \"%s\" at GPA 0x%llx, vCPU 0 on cpu%u",
		 td->name, (unsigned long long)(g->memory / KiB), g->image,
		 (unsigned long long)td->image_gpa, td->cpu);
	return true;
}

unsigned td_start_all(const struct manifest *m)
{
	unsigned started = 0;

	for (unsigned i = 0; i < m->tds.count && nr_tds < TD_MAX; i++) {
		struct td *td = &tds[nr_tds];

		if (tdx_get_info()->state != TDX_READY) {
			log_error("td %s: not started: TDX is not ready (%s)", m->tds.guest[i].name,
				  tdx_get_info()->why);
			continue;
		}
		if (!td_build(td, &m->tds.guest[i]))
			continue;
		guest_started();
		nr_tds++;
		started++;
	}
	for (unsigned i = 0; i < nr_tds; i++)
		smp_post(tds[i].cpu, td_run, &tds[i]);
	return started;
}

unsigned td_count(void)
{
	return nr_tds;
}

const struct td *td_at(unsigned i)
{
	return i < nr_tds ? &tds[i] : NULL;
}

const struct td *td_find(const char *name)
{
	for (unsigned i = 0; i < nr_tds; i++)
		if (strcmp(tds[i].name, name) == 0)
			return &tds[i];
	return NULL;
}

bool td_kill(const char *name)
{
	struct td *td = (struct td *)td_find(name);

	if (!td || td->state != TD_STATE_RUNNING)
		return false;
	td->kill_requested = true;
	apic_send_kick(percpu[td->cpu].apic_id);
	return true;
}
