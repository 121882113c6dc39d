/* Trust Domains from the manifest: build, measure, start. The build follows
 * KVM's order (../shared/REFERENCES.md "TD build"): MNG.CREATE with a KeyID,
 * MNG.KEY.CONFIG on every package, MNG.ADDCX, MNG.INIT with TD_PARAMS,
 * VP.CREATE/ADDCX/INIT for each vCPU on the CPU it is pinned to, SEPT.ADD
 * for the levels above each page, PAGE.ADD (+ MR.EXTEND in 256-byte chunks
 * for measured images) for the images and the initial memory, then
 * MR.FINALIZE. The rest of the TD's RAM is added when the TD accepts it
 * (td_memory.c). Each vCPU then runs its TDH.VP.ENTER loop (td_exit.c).
 * Every page the module takes is recorded in the Secure-EPT mirror or in
 * struct td once the SEAMCALL that took it succeeded, so td_teardown.c can
 * reclaim them all and release the KeyID. */
#include "seamcall.h"
#include "hkid.h"
#include "td.h"
#include "td_layout.h"
#include "td_params.h"
#include "tdh_sys.h"
#include "tdx.h"
#include "tdx_status.h"
#include "../arch.h"
#include "../arch/x86/apic.h"
#include "../arch/x86/cpu.h"
#include "../arch/x86/insn.h"
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

#define MRTD_FIELD 0x1310000300000000ull  /* TDCS MRTD[0..5] (tdr_tdcs_fields_lookup.h) */

static struct td tds[TD_MAX];
static unsigned nr_tds;

static bool ok(const struct td *td, uint64_t status, const char *what)
{
	if (status == TDX_SUCCESS)
		return true;
	log_error("td %s: not started: %s failed", td->name, what);
	return false;
}

paddr_t td_alloc_page(void)
{
	return page_alloc_tdx(1, PAGE_SIZE);
}

/* A page the module refused to take is still ours: back to the allocator.
 * False, for the failing step's return. */
static bool give_back(paddr_t page)
{
	if (page)
		page_free(page);
	return false;
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

	td->tdr = td_alloc_page();
	td->hkid = hkid_alloc();
	if (!td->tdr || !td->hkid) {
		log_error("td %s: not started: %s", td->name,
			  td->hkid ? "no TDX-usable memory" : "no free TDX KeyID");
		return false;
	}
	a = (struct tdx_module_args){ .rcx = td->tdr, .rdx = td->hkid };
	if (!ok(td, tdx_call(TDH_MNG_CREATE, &a, 0), "TDH.MNG.CREATE"))
		return false;
	td->pages_given++;
	if (!configure_keys(td))
		return false;
	for (unsigned i = 0; i < TD_TDCS_PAGES; i++) {
		paddr_t page = td_alloc_page();

		a = (struct tdx_module_args){ .rcx = page, .rdx = td->tdr };
		if (!a.rcx || !ok(td, tdx_call(TDH_MNG_ADDCX, &a, 0), "TDH.MNG.ADDCX"))
			return give_back(page);
		td->tdcs[td->nr_tdcs++] = page;
		td->pages_given++;
	}
	return true;
}

/* CPUID_CONFIG[i] stands for the module's i-th configurable leaf: find
 * each manifest entry's slot by asking the module for its list. */
static bool fill_cpuid_config(struct td *td, struct td_params *p)
{
	const struct manifest_td *t = &td->cfg->td;
	uint64_t n = 0;

	if (!t->nr_cpuid)
		return true;
	if (tdh_sys_rd(MD_NUM_CPUID_CONFIG, &n) != TDX_SUCCESS) {
		log_error("td %s: not started: the TDX module does not list its CPUID_CONFIG "
			  "leaves", td->name);
		return false;
	}
	for (unsigned i = 0; i < t->nr_cpuid; i++) {
		const struct manifest_td_cpuid *c = &t->cpuid[i];
		uint64_t want = c->leaf | (uint64_t)c->subleaf << 32, leaf = 0;
		unsigned slot;

		for (slot = 0; slot < MIN(n, TD_NUM_CPUID_CONFIG); slot++)
			if (tdh_sys_rd(MD_CPUID_CONFIG_LEAF(slot), &leaf) == TDX_SUCCESS &&
			    leaf == want)
				break;
		if (slot == MIN(n, TD_NUM_CPUID_CONFIG)) {
			log_error("td %s: not started: CPUID leaf 0x%x%s is not configurable in "
				  "this TDX module", td->name, c->leaf,
				  c->subleaf == MANIFEST_CPUID_NO_SUBLEAF ? "" : " (with sub-leaf)");
			return false;
		}
		p->cpuid_config[slot] = (struct td_cpuid_values){ c->eax, c->ebx, c->ecx, c->edx };
	}
	return true;
}

/* TD_PARAMS from the manifest (docs/manifest.md): attributes, XFAM, one
 * vCPU per pinned CPU, 4-level EPT, GPAW 48, the TSC frequency. */
static bool init_td(struct td *td)
{
	const struct manifest_td *t = &td->cfg->td;
	paddr_t page = page_alloc();
	struct td_params *p = page ? phys_to_virt(page) : NULL;
	struct tdx_module_args a = { .rcx = td->tdr, .rdx = page };
	uint64_t tsc_mhz = t->tsc_mhz ? t->tsc_mhz : cpu_tsc_khz() / 1000;
	bool good;

	if (!p)
		return false;
	memset(p, 0, PAGE_SIZE);
	td->attributes = (t->debug ? TD_ATTR_DEBUG : 0) |
			 (t->sept_ve_disable ? TD_ATTR_SEPT_VE_DISABLE : 0);
	td->gpaw = 48;
	p->attributes = td->attributes;
	p->xfam = t->xfam;
	p->max_vcpus = (uint16_t)td->nr_vcpus;
	p->eptp_controls = TD_EPTP_4LEVEL_WB;
	p->config_flags = 0;                            /* GPAW 48 */
	/* The platform's TSC rounded to the ABI's 25 MHz units and range. */
	p->tsc_frequency = (uint16_t)MIN(MAX((tsc_mhz + TD_TSC_UNIT_MHZ / 2) / TD_TSC_UNIT_MHZ,
					     4), 400);
	good = fill_cpuid_config(td, p) && ok(td, tdx_call(TDH_MNG_INIT, &a, 0), "TDH.MNG.INIT");
	page_free(page);
	return good;
}

/* TDH.VP.INIT's RDX is the vCPU's RCX (and R8) at the reset vector: KVM
 * passes the TD HOB's GPA there for TDVF; tdvisor passes the size of the
 * TD's RAM at GPA 0, so a TD knows what to accept (guest-abi/README.md). */
static void vp_init_one(void *arg)
{
	struct td_vcpu *v = arg;
	struct tdx_module_args a = { .rcx = v->tdvps[0], .rdx = v->td->cfg->memory };

	v->status = tdx_call(TDH_VP_INIT, &a, 0);
}

static bool create_vcpu(struct td *td, struct td_vcpu *v)
{
	struct tdx_module_args a;
	paddr_t tdvpr = td_alloc_page();

	a = (struct tdx_module_args){ .rcx = tdvpr, .rdx = td->tdr };
	if (!tdvpr || !ok(td, tdx_call(TDH_VP_CREATE, &a, 0), "TDH.VP.CREATE"))
		return give_back(tdvpr);
	v->tdvps[v->nr_tdvps++] = tdvpr;
	td->pages_given++;
	for (unsigned i = 1; i < TD_TDVPS_PAGES; i++) {
		paddr_t page = td_alloc_page();

		a = (struct tdx_module_args){ .rcx = page, .rdx = tdvpr };
		if (!a.rcx || !ok(td, tdx_call(TDH_VP_ADDCX, &a, 0), "TDH.VP.ADDCX"))
			return give_back(page);
		v->tdvps[v->nr_tdvps++] = page;
		td->pages_given++;
	}
	/* VP.INIT associates the vCPU with the calling CPU: run it on the
	 * CPU the vCPU is pinned to, or TDH.VP.ENTER there is refused. */
	smp_call_on(v->cpu, vp_init_one, v);
	return ok(td, v->status, "TDH.VP.INIT");
}

struct add_ctx {
	struct td *td;
	const struct td_layout *layout;
	paddr_t bounce;
};

/* PAGE.ADD one page of the layout; MR.EXTEND its 16 chunks if measured. */
static bool add_page(void *arg, const struct td_page *p)
{
	struct add_ctx *c = arg;
	struct td *td = c->td;
	struct tdx_module_args a;
	paddr_t page;

	if (!td_sept_ensure(td, p->gpa, TD_LEVEL_4K))
		return false;
	td_page_contents(c->layout, p, phys_to_virt(c->bounce));
	page = td_alloc_page();
	a = (struct tdx_module_args){ .rcx = p->gpa, .rdx = td->tdr, .r8 = page, .r9 = c->bounce };
	if (!page || !ok(td, tdx_call(TDH_MEM_PAGE_ADD, &a, 0), "TDH.MEM.PAGE.ADD"))
		return give_back(page);
	td->pages_given++;
	td->private_bytes += PAGE_SIZE;
	if (sept_mirror_map(&td->mirror, p->gpa, page, PAGE_SIZE, SEPT_MIRROR_MAPPED) != PT_OK) {
		log_error("td %s: not started: no memory for the Secure-EPT mirror", td->name);
		return false;
	}
	for (unsigned off = 0; p->measured && off < PAGE_SIZE; off += 256) {
		a = (struct tdx_module_args){ .rcx = p->gpa + off, .rdx = td->tdr };
		if (!ok(td, tdx_call(TDH_MR_EXTEND, &a, 0), "TDH.MR.EXTEND"))
			return false;
	}
	return true;
}

/* The images and the initial memory, as td_layout.c orders them. */
static bool add_memory(struct td *td)
{
	const struct manifest_td *t = &td->cfg->td;
	const uint8_t *data[MANIFEST_TD_MAX_IMAGES];
	uint64_t size[MANIFEST_TD_MAX_IMAGES];
	static struct td_layout layout;         /* the boot CPU builds one TD at a time */
	char err[TD_LAYOUT_ERROR_LEN];
	struct add_ctx c = { .td = td, .layout = &layout };
	bool good;

	for (unsigned i = 0; i < t->nr_images; i++) {
		const struct boot_module *m = boot_find_module(hv_boot_info, t->images[i].module);

		if (!m) {
			log_error("td %s: not started: image \"%s\" is not a multiboot2 module",
				  td->name, t->images[i].module);
			return false;
		}
		data[i] = phys_to_virt(m->start);
		size[i] = m->end - m->start;
	}
	if (!td_layout_plan(td->cfg, data, size, &layout, err)) {
		log_error("td %s: not started: %s", td->name, err);
		return false;
	}
	td->private_limit = td->cfg->memory + (td_layout_pages(&layout) * PAGE_SIZE -
					       layout.initial_memory);
	c.bounce = page_alloc();
	if (!c.bounce)
		return false;
	good = td_layout_walk(&layout, add_page, &c);
	page_free(c.bounce);
	return good;
}

static bool finalize(struct td *td)
{
	struct tdx_module_args a = { .rcx = td->tdr };
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
		format(td->mrtd_hex + 2 * i, 3, "%02x", mrtd[i]);
	log_info("td %s: MRTD %s", td->name, td->mrtd_hex);
	return true;
}

static bool check_cpus(struct td *td, const struct manifest_guest *g)
{
	if (g->cpus.count > TD_MAX_VCPUS) {
		log_error("td %s: not started: %u vCPUs, at most %u", td->name, g->cpus.count,
			  TD_MAX_VCPUS);
		return false;
	}
	td->nr_vcpus = g->cpus.count;
	for (unsigned i = 0; i < td->nr_vcpus; i++) {
		struct td_vcpu *v = &td->vcpu[i];

		*v = (struct td_vcpu){ .td = td, .index = i, .cpu = g->cpus.cpu[i] };
		if (v->cpu >= nr_cpus || percpu[v->cpu].state != CPU_ONLINE) {
			log_error("td %s: not started: CPU %u is not online", td->name, v->cpu);
			return false;
		}
	}
	return true;
}

static bool td_build(struct td *td, const struct manifest_guest *g)
{
	memcpy(td->name, g->name, sizeof(td->name));
	td->cfg = g;
	td->free_before = page_alloc_free_pages();
	td->build_tsc = rdtsc();
	td->build_seamcalls = seamcall_count_total();
	guest_ports_init(&td->ports, td->name, g->console == MANIFEST_CONSOLE_NONE);
	if (!check_cpus(td, g))
		return false;
	if (sept_mirror_init(&td->mirror) != PT_OK) {
		log_error("td %s: not started: no memory for the Secure-EPT mirror", td->name);
		return false;
	}
	if (!create(td) || !init_td(td))
		return false;
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		if (!create_vcpu(td, &td->vcpu[i]))
			return false;
	if (!add_memory(td) || !finalize(td))
		return false;
	log_info("td %s: built: %llu KiB RAM (%llu KiB added now, the rest when accepted), "
		 "%u vCPU%s, %s, %llu pages given to the TDX module", td->name,
		 (unsigned long long)(g->memory / KiB),
		 (unsigned long long)(g->td.initial_memory / KiB), td->nr_vcpus,
		 td->nr_vcpus == 1 ? "" : "s", g->td.debug ? "debug" : "not debuggable",
		 (unsigned long long)td->pages_given);
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
		if (!td_build(td, &m->tds.guest[i])) {
			/* Whatever the module took is given back (or accounted leaked). */
			td_teardown(td);
			memset(td, 0, sizeof(*td));
			continue;
		}
		guest_started();
		nr_tds++;
		started++;
	}
	for (unsigned i = 0; i < nr_tds; i++) {
		tds[i].vcpus_running = tds[i].nr_vcpus;
		tds[i].state = TD_STATE_RUNNING;
		for (unsigned j = 0; j < tds[i].nr_vcpus; j++)
			smp_post(tds[i].vcpu[j].cpu, td_vcpu_run, &tds[i].vcpu[j]);
	}
	return started;
}

unsigned td_count(void)
{
	return nr_tds;
}

struct td *td_at(unsigned i)
{
	return i < nr_tds ? &tds[i] : NULL;
}

struct td *td_find(const char *name)
{
	for (unsigned i = 0; i < nr_tds; i++)
		if (strcmp(tds[i].name, name) == 0)
			return &tds[i];
	return NULL;
}

const char *td_cpu_list(const struct td *td)
{
	static char buf[TD_MAX_VCPUS * 4 + 1];
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		n += format(buf + n, sizeof(buf) - n, "%s%u", i ? "," : "", td->vcpu[i].cpu);
	return buf;
}

uint64_t td_exits(const struct td *td)
{
	uint64_t exits = 0;

	for (unsigned i = 0; i < td->nr_vcpus; i++)
		exits += td->vcpu[i].exits;
	return exits;
}

/* Every vCPU of td that is inside TDH.VP.ENTER on another CPU leaves it. */
void td_kick_vcpus(struct td *td)
{
	for (unsigned i = 0; i < td->nr_vcpus; i++)
		if (td->vcpu[i].running && td->vcpu[i].cpu != arch_cpu_index())
			apic_send_kick(percpu[td->vcpu[i].cpu].apic_id);
}

#define NO_STATUS INT32_MIN

static void stop(struct td *td, enum log_level level, int status, const char *fmt, va_list ap)
{
	char reason[200];

	if (__atomic_exchange_n(&td->kill_requested, true, __ATOMIC_SEQ_CST))
		return;         /* another vCPU stopped it first */
	td->exit_status = status == NO_STATUS ? -1 : status;
	vformat(reason, sizeof(reason), fmt, ap);
	if (status == NO_STATUS)
		log_msg(level, "td %s: stopped: %s", td->name, reason);
	else
		log_msg(level, "td %s: stopped (status %d): %s", td->name, status, reason);
	td_kick_vcpus(td);
}

void td_stop(struct td *td, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stop(td, LOG_ERROR, NO_STATUS, fmt, ap);
	va_end(ap);
}

void td_stop_orderly(struct td *td, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stop(td, LOG_INFO, NO_STATUS, fmt, ap);
	va_end(ap);
}

void td_exit_status(struct td *td, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stop(td, LOG_INFO, status, fmt, ap);
	va_end(ap);
}

bool td_kill(const char *name)
{
	struct td *td = td_find(name);

	if (!td || td->state != TD_STATE_RUNNING)
		return false;
	td_stop_orderly(td, "killed from the monitor");
	return true;
}
