/* Host harness for the host side of TDX: the real hv/tdx code (detection,
 * SEAMCALL policy, module initialization, TDMR/PAMT setup, HKIDs), the real
 * page allocator and the software module (seam/), compiled for the host
 * over a fake machine:
 * - fake physical memory behind phys_to_virt(): one sparse mapping of the
 *   low HARNESS_PHYS_SPAN bytes, so RAM can sit anywhere below it (PAMTs,
 *   the allocator bitmap and the SEAM range live there as on hardware);
 * - the CPU layer: percpu[], nr_cpus, smp_call_on()/smp_call_each() that run
 *   fn as the target CPU (arch_cpu_index() says so), vmx_usable;
 * - the privileged instructions tdx_init.c uses (this file stands in for
 *   hv/arch/x86/insn.h): rdmsr_safe() answers from a table of platform
 *   MSRs, wbinvd() is recorded;
 * - a scripted hardware TDX module behind seamcall_hw(): it answers the
 *   initialization leaves, records every call (leaf, CPU, inputs, outputs,
 *   status) in one event list with the WBINVDs, and injects a status at a
 *   chosen call, once or as a burst.
 * Include after shim.h, before test.h. tdx_init() runs once per boot and
 * keeps its state in statics, as in the hypervisor: run each boot in a
 * child process (harness_in_child). */
#ifndef TESTS_UNIT_TDX_HOST_HARNESS_H
#define TESTS_UNIT_TDX_HOST_HARNESS_H

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* hv/arch/x86/insn.h is replaced by the stand-ins below. */
#define HV_ARCH_X86_INSN_H

#include "../../hv/arch/x86/msr.h"
#include "../../hv/arch/x86/percpu.h"
#include "../../hv/mm/page_alloc.h"
#include "../../hv/mm/phys.h"
#include "../../hv/tdx/seamcall.h"
#include "../../hv/tdx/tdx.h"
#include "../../hv/tdx/tdx_status.h"

/* ---- Platform MSRs and privileged instructions ---- */

struct harness_msrs {
	bool seamrr;                    /* MTRRCAP bit 15 */
	bool seamrr_configured;         /* SEAMRR base configured, mask enabled */
	bool seamrr_locked;
	bool has_partitioning;          /* IA32_MKTME_KEYID_PARTITIONING readable */
	uint32_t mktme_keyids, tdx_keyids;
};

/* A CPU with TDX enabled by the BIOS: KeyIDs 1..15 MKTME, 16..63 TDX. */
static const struct harness_msrs harness_tdx_platform = {
	true, true, true, true, 15, 48,
};

static struct harness_msrs harness_msr;

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* A Sapphire Rapids signature, as the platform's CPUID(1).EAX. */
static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = { 0 };

	(void)subleaf;
	if (leaf == 1)
		r.eax = 0x806f8;
	return r;
}

static inline bool rdmsr_safe(uint32_t msr, uint64_t *v)
{
	*v = 0;
	switch (msr) {
	case MSR_IA32_MTRRCAP:
		*v = harness_msr.seamrr ? MTRRCAP_SEAMRR | 0x508 : 0x508;
		return true;
	case MSR_IA32_SEAMRR_PHYS_BASE:
		if (!harness_msr.seamrr)
			return false;
		*v = 0x7e000000ull | (harness_msr.seamrr_configured ? SEAMRR_BASE_CONFIGURED : 0);
		return true;
	case MSR_IA32_SEAMRR_PHYS_MASK:
		if (!harness_msr.seamrr)
			return false;
		*v = 0xffffffe000000ull | (harness_msr.seamrr_configured ? SEAMRR_MASK_ENABLED : 0) |
		     (harness_msr.seamrr_locked ? SEAMRR_MASK_LOCKED : 0);
		return true;
	case MSR_IA32_MKTME_KEYID_PARTITIONING:
		if (!harness_msr.has_partitioning)
			return false;
		*v = ((uint64_t)harness_msr.tdx_keyids << 32) | harness_msr.mktme_keyids;
		return true;
	default:
		return false;
	}
}

/* One event the test can check the order of: a SEAMCALL to the scripted
 * hardware module, or a WBINVD. */
enum harness_event_kind { EV_SEAMCALL, EV_WBINVD };

struct harness_event {
	enum harness_event_kind kind;
	unsigned cpu;
	uint64_t rax;
	struct tdx_module_args in, out;
	uint64_t status;
};

#define HARNESS_MAX_EVENTS 4096
static struct harness_event harness_events[HARNESS_MAX_EVENTS];
static unsigned harness_nr_events;
static unsigned harness_cpu;            /* arch_cpu_index() */

static struct harness_event *harness_record(enum harness_event_kind kind)
{
	struct harness_event *e;

	if (harness_nr_events == HARNESS_MAX_EVENTS) {
		fprintf(stderr, "harness: event list full\n");
		abort();
	}
	e = &harness_events[harness_nr_events++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->cpu = harness_cpu;
	return e;
}

static inline void wbinvd(void)
{
	harness_record(EV_WBINVD);
}

/* ---- The code under test ---- */

#include "../../hv/mm/range_set.c"
#include "../../hv/mm/page_alloc.c"
#include "../../hv/tdx/tdx_status.c"
#include "../../hv/tdx/seamcall.c"
#include "../../hv/tdx/tdh_sys.c"
#include "../../hv/tdx/detect.c"
#include "../../hv/tdx/hkid.c"
#include "../../hv/tdx/tdmr.c"
/* A test can make the n-th PAMT claim fail, as if the range were taken
 * (the builder only picks free memory, so nothing else provokes it). */
static unsigned harness_claims, harness_fail_claim = ~0u;

static bool harness_page_alloc_claim(paddr_t pa, uint64_t pages)
{
	if (harness_claims++ == harness_fail_claim)
		return false;
	return page_alloc_claim(pa, pages);
}

#define page_alloc_claim harness_page_alloc_claim
#include "../../hv/tdx/tdmr_setup.c"
#undef page_alloc_claim
#include "../../hv/tdx/tdx_init.c"
/* The whole model, as tests/unit/seam_harness.h lists it. */
#include "seam_sources.h"

/* ---- Fake physical memory and the memory layer ---- */

#define HARNESS_PHYS_SPAN (4 * GiB)
#define HARNESS_MAX_RAM   8

static uint8_t *harness_phys;
static struct boot_info harness_bi;
const struct boot_info *hv_boot_info = &harness_bi;
static struct range_set harness_free;   /* free RAM until the allocator starts */
static unsigned harness_nr_reserved;
static bool harness_reserve_fails;

paddr_t mem_reserve(const char *name, uint64_t size, uint64_t align, paddr_t min, paddr_t max)
{
	paddr_t base;

	(void)name;
	if (harness_reserve_fails)
		return 0;
	base = range_set_find(&harness_free, size, align, min, max);
	if (base) {
		range_set_remove(&harness_free, base, base + size);
		harness_nr_reserved++;
	}
	return base;
}

/* ---- The CPU layer ---- */

struct percpu percpu[MAX_CPUS];
unsigned nr_cpus;
bool vmx_usable;
static bool harness_not_in_root[MAX_CPUS];

unsigned arch_cpu_index(void)
{
	return harness_cpu;
}

bool arch_cpu_in_vmx_root(void)
{
	return !harness_not_in_root[harness_cpu];
}

extern int test_current_failed;

void smp_call_on(unsigned cpu, void (*fn)(void *), void *arg)
{
	unsigned caller = harness_cpu;

	if (cpu >= nr_cpus || percpu[cpu].state != CPU_ONLINE) {
		printf("  harness: smp_call_on(%u) to a CPU that is not online\n", cpu);
		test_current_failed = 1;
		return;
	}
	harness_cpu = cpu;
	fn(arg);
	harness_cpu = caller;
}

void smp_call_each(void (*fn)(void *), void *arg)
{
	for (unsigned i = 0; i < nr_cpus; i++)
		if (percpu[i].state == CPU_ONLINE)
			smp_call_on(i, fn, arg);
}

/* The per-package loop is the real one, on top of the fakes above. */
#include "../../hv/arch/x86/smp_package.c"

/* ---- The scripted hardware module (seamcall_hw) ---- */

/* TDH.SYS.TDMR.INIT makes this much progress per call, so a 1 GiB TDMR takes
 * three calls and reports its base twice before its end. */
#define HARNESS_TDMR_INIT_STEP (384 * MiB)
#define HARNESS_BUILD_DATE 20250314
#define HARNESS_BUILD_NUM  744

static struct {
	bool present;                   /* else every call is VMfailInvalid */
	bool sys_init_done;
	unsigned nr_cmrs;
	struct tdmr_cmr cmr[TDMR_MAX_CMRS];
	unsigned nr_tdmrs;
	struct { uint64_t base, size, done; } tdmr[TDMR_MAX_TDMRS];
	unsigned max_tdmrs, max_rsvd;   /* reported limits; 0: 64 and 16 */
	unsigned nr_calls;              /* SEAMCALLs so far (the next one's number) */
	unsigned inject_at;             /* first call that gets inject_status */
	unsigned inject_count;          /* how many calls in a row get it (0: none) */
	uint64_t inject_status;
} hw;

static __unused void harness_inject(unsigned call, uint64_t status, unsigned count)
{
	hw.inject_at = call;
	hw.inject_status = status;
	hw.inject_count = count;
}

static bool hw_sys_rd(uint64_t field, uint64_t *value)
{
	for (unsigned i = 0; i < hw.nr_cmrs; i++) {
		if (field == MD_CMR_BASE(i)) {
			*value = hw.cmr[i].base;
			return true;
		}
		if (field == MD_CMR_SIZE(i)) {
			*value = hw.cmr[i].size;
			return true;
		}
	}
	switch (field) {
	case MD_VENDOR_ID:              *value = 0x8086; return true;
	case MD_MAJOR_VERSION:          *value = 1; return true;
	case MD_MINOR_VERSION:          *value = 5; return true;
	case MD_BUILD_DATE:             *value = HARNESS_BUILD_DATE; return true;
	case MD_BUILD_NUM:              *value = HARNESS_BUILD_NUM; return true;
	case MD_NUM_PKGS:               *value = 1; return true;
	case MD_NUM_CMRS:               *value = hw.nr_cmrs; return true;
	case MD_MAX_TDMRS:              *value = hw.max_tdmrs ? hw.max_tdmrs : 64; return true;
	case MD_MAX_RESERVED_PER_TDMR:  *value = hw.max_rsvd ? hw.max_rsvd : 16; return true;
	case MD_PAMT_4K_ENTRY_SIZE:
	case MD_PAMT_2M_ENTRY_SIZE:
	case MD_PAMT_1G_ENTRY_SIZE:     *value = 16; return true;
	default:                        return false;
	}
}

/* TDH.SYS.CONFIG: takes note of the TDMRs (their TDMR_INFOs are read
 * through the array, as the module copies them in). */
static uint64_t hw_sys_config(const struct tdx_module_args *a)
{
	const uint64_t *pas = phys_to_virt(a->rcx);

	if (!IS_ALIGNED(a->rcx, 512) || a->rdx == 0 || a->rdx > TDMR_MAX_TDMRS)
		return TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
	hw.nr_tdmrs = (unsigned)a->rdx;
	for (unsigned i = 0; i < hw.nr_tdmrs; i++) {
		const struct tdmr_info *info = phys_to_virt(pas[i]);

		hw.tdmr[i].base = info->base;
		hw.tdmr[i].size = info->size;
		hw.tdmr[i].done = 0;
	}
	return TDX_SUCCESS;
}

static uint64_t hw_tdmr_init(struct tdx_module_args *a)
{
	for (unsigned i = 0; i < hw.nr_tdmrs; i++) {
		if (hw.tdmr[i].base != a->rcx)
			continue;
		if (hw.tdmr[i].done >= hw.tdmr[i].size)
			return TDX_TDMR_ALREADY_INITIALIZED;
		hw.tdmr[i].done = MIN(hw.tdmr[i].done + HARNESS_TDMR_INIT_STEP, hw.tdmr[i].size);
		a->rdx = ALIGN_DOWN(hw.tdmr[i].base + hw.tdmr[i].done, GiB);
		return TDX_SUCCESS;
	}
	return TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
}

static uint64_t hw_answer(uint64_t rax, struct tdx_module_args *a)
{
	switch (rax) {
	case TDH_SYS_INIT:
		hw.sys_init_done = true;
		return TDX_SUCCESS;
	case TDH_SYS_RD:
		if (!hw.sys_init_done)         /* the probe, before SYS.INIT */
			return TDX_SYS_LP_INIT_NOT_DONE;
		if (!hw_sys_rd(a->rdx, &a->r8))
			return TDX_METADATA_FIELD_ID_INCORRECT;
		a->rdx = a->rdx + 1;            /* "next field id": not checked by the host */
		return TDX_SUCCESS;
	case TDH_SYS_CONFIG:
		return hw_sys_config(a);
	case TDH_SYS_TDMR_INIT:
		return hw_tdmr_init(a);
	case TDH_SYS_LP_INIT:
	case TDH_SYS_KEY_CONFIG:
	case TDH_SYS_LP_SHUTDOWN:
		return TDX_SUCCESS;
	default:
		return TDX_OPERAND_INVALID | TDX_OPERAND_RAX;
	}
}

uint64_t seamcall_hw(uint64_t rax, struct tdx_module_args *args)
{
	struct harness_event *e = harness_record(EV_SEAMCALL);
	unsigned n = hw.nr_calls++;

	e->rax = rax;
	e->in = *args;
	if (!hw.present)
		e->status = TDX_SEAMCALL_VMFAILINVALID;
	else if (hw.inject_count && n >= hw.inject_at && n < hw.inject_at + hw.inject_count)
		e->status = hw.inject_status;   /* outputs as the caller left them */
	else
		e->status = hw_answer(rax, args);
	e->out = *args;
	return e->status;
}

/* ---- A fresh machine ---- */

struct harness_config {
	unsigned nr_cpus;
	const uint32_t *package;        /* per CPU; NULL: CPU i in package i */
	enum manifest_tdx_module module;
	bool hw_platform;               /* the MSRs say TDX is enabled */
	bool hw_module;                 /* ... and a module answers SEAMCALL */
	const struct mem_range *ram;    /* NULL: harness_default_ram */
	unsigned nr_ram;
	uint32_t model_tdx_keyids;      /* manifest "tdx_keyids"; 0: 48 */
	bool reserve_fails;             /* no room for the model's SEAM range */
};

/* Two RAM ranges 2 GiB apart, so the layout needs two TDMRs: the low one
 * with the hypervisor image and the model's SEAM range, a high one. */
static const struct mem_range harness_default_ram[] = {
	{ 0, 640 * KiB, MEM_USABLE },
	{ 640 * KiB, 384 * KiB, MEM_RESERVED },
	{ 1 * MiB, 63 * MiB, MEM_USABLE },
	{ 2 * GiB, 16 * MiB, MEM_USABLE },
};

#define HARNESS_IMAGE_START (1 * MiB)   /* the hypervisor image: never free */
#define HARNESS_IMAGE_END   (3 * MiB)

static struct manifest harness_manifest;

/* Boots the fake machine up to the point where main.c calls tdx_init():
 * memory map, tdx_early_init() (the model's SEAM range), the page allocator
 * over what is left, the CPUs online and in VMX root. */
static void harness_boot(const struct harness_config *c)
{
	const struct mem_range *ram = c->ram ? c->ram : harness_default_ram;
	unsigned nr_ram = c->ram ? c->nr_ram : ARRAY_SIZE(harness_default_ram);

	if (!harness_phys) {
		harness_phys = mmap(NULL, HARNESS_PHYS_SPAN, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (harness_phys == MAP_FAILED) {
			perror("harness: mmap");
			abort();
		}
	} else {
		madvise(harness_phys, HARNESS_PHYS_SPAN, MADV_DONTNEED);
	}
	hv_direct_map_offset = (uintptr_t)harness_phys;

	memset(&harness_bi, 0, sizeof(harness_bi));
	memset(&harness_free, 0, sizeof(harness_free));
	memset(&hw, 0, sizeof(hw));
	for (unsigned i = 0; i < nr_ram && i < HARNESS_MAX_RAM; i++) {
		const struct mem_range *m = &ram[i];

		if (m->base + m->size > HARNESS_PHYS_SPAN) {
			fprintf(stderr, "harness: RAM beyond the fake physical span\n");
			abort();
		}
		harness_bi.mem[harness_bi.nr_mem++] = *m;
		if (m->type != MEM_USABLE || m->base + m->size <= 1 * MiB)
			continue;
		/* What firmware reports as convertible: RAM above 1 MiB. */
		hw.cmr[hw.nr_cmrs++] = (struct tdmr_cmr){ MAX(m->base, 1 * MiB),
							  m->base + m->size - MAX(m->base, 1 * MiB) };
		range_set_add(&harness_free, MAX(m->base, 1 * MiB), m->base + m->size);
	}
	range_set_remove(&harness_free, HARNESS_IMAGE_START, HARNESS_IMAGE_END);
	harness_nr_reserved = 0;
	harness_reserve_fails = c->reserve_fails;
	harness_claims = 0;
	harness_fail_claim = ~0u;

	harness_nr_events = 0;
	harness_cpu = 0;
	hw.present = c->hw_module;
	harness_msr = c->hw_platform ? harness_tdx_platform : (struct harness_msrs){ 0 };

	memset(percpu, 0, sizeof(percpu));
	memset(harness_not_in_root, 0, sizeof(harness_not_in_root));
	nr_cpus = c->nr_cpus;
	for (unsigned i = 0; i < nr_cpus; i++) {
		percpu[i].self = &percpu[i];
		percpu[i].index = i;
		percpu[i].apic_id = i;
		percpu[i].package = c->package ? c->package[i] : i;
		percpu[i].state = CPU_ONLINE;
	}
	vmx_usable = true;

	memset(&harness_manifest, 0, sizeof(harness_manifest));
	harness_manifest.tdx.module = c->module;
	harness_manifest.tdx.mktme_keyids = 15;
	harness_manifest.tdx.tdx_keyids = c->model_tdx_keyids ? c->model_tdx_keyids : 48;
	shim_log_clear();
	tdx_early_init(&harness_bi, &harness_manifest);

	free_pages = managed_pages = 0;
	if (!page_alloc_init(&harness_free, ~0ull)) {
		fprintf(stderr, "harness: page allocator\n");
		abort();
	}
}

/* The SEAMCALLs recorded so far (WBINVDs skipped), in order. */
static __unused unsigned harness_seamcalls(const struct harness_event **out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < harness_nr_events && n < max; i++)
		if (harness_events[i].kind == EV_SEAMCALL)
			out[n++] = &harness_events[i];
	return n;
}

/* ---- Isolation ---- */

/* Results a child passes back to its parent. */
static struct harness_shared {
	unsigned calls;                 /* SEAMCALLs the child's boot made */
	char what[160];                 /* what the child was doing */
} *harness_shared;

/* Runs fn(arg) in a child process: one boot of the fake machine, with
 * tdx_init()'s static state fresh. The child's CHECK failures and crashes
 * (a panic aborts) count in the parent. Returns true when it passed. */
static __unused bool harness_in_child(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	if (!harness_shared) {
		harness_shared = mmap(NULL, sizeof(*harness_shared), PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (harness_shared == MAP_FAILED) {
			perror("harness: mmap");
			abort();
		}
	}
	memset(harness_shared, 0, sizeof(*harness_shared));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		test_current_failed = 0;
		fn(arg);
		fflush(stdout);
		_exit(test_current_failed ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	if (WIFSIGNALED(status))
		printf("  child died with signal %d\n", WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#endif
