/* TDX module initialization, in the order Linux uses on hardware
 * (../shared/REFERENCES.md "Order of operations"): SYS.INIT once, LP.INIT on
 * every CPU, SYS.RD for the metadata, TDMRs and PAMTs, SYS.CONFIG with the
 * global KeyID, WBINVD everywhere, SYS.KEY.CONFIG once per package, one
 * package at a time, SYS.TDMR.INIT until each TDMR is done. The same code
 * drives the hardware module and the software one. */
#include "detect.h"
#include "hkid.h"
#include "seamcall.h"
#include "tdh_sys.h"
#include "tdmr_setup.h"
#include "tdx.h"
#include "tdx_status.h"
#include "../arch.h"
#include "../arch/x86/insn.h"
#include "../arch/x86/percpu.h"
#include "../arch/x86/smp.h"
#include "../arch/x86/vmx_cpu.h"
#include "../log.h"
#include "../../seam/seam.h"

static struct tdx_info info = { .state = TDX_UNAVAILABLE, .why = "not initialized" };
static struct tdx_detect detected;
static bool model_ready;

const struct tdx_info *tdx_get_info(void)
{
	return &info;
}

static void unavailable(const char *why)
{
	info.state = TDX_UNAVAILABLE;
	info.why = why;
	log_info("tdx: TDX unavailable: %s; TDs will be refused.", why);
}

void tdx_early_init(const struct boot_info *bi, const struct manifest *m)
{
	struct seam_params p = {
		.mktme_keyids = m->tdx.mktme_keyids,
		.tdx_keyids = m->tdx.tdx_keyids,
	};

	if (m->tdx.module == MANIFEST_TDX_HARDWARE)
		return;
	model_ready = seam_platform_init(bi, &p);
	if (!model_ready)
		log_error("tdx: no memory for the software TDX module's SEAM range");
}

static bool hw_read_msr(uint32_t msr, uint64_t *value)
{
	return rdmsr_safe(msr, value);
}

/* Is a hardware module answering? A harmless SYS.RD: before SYS.INIT a
 * loaded module refuses it with a status, an empty SEAM range gives
 * VMfailInvalid, a CPU without SEAM raises #UD. */
static bool hardware_module_present(const char **why)
{
	struct tdx_module_args a = { .rdx = MD_MAJOR_VERSION };
	uint64_t status;

	if (!tdx_detect(hw_read_msr, &detected)) {
		*why = detected.why;
		return false;
	}
	status = seamcall_hw(TDH_SYS_RD, &a);
	if (status == TDX_SEAMCALL_VMFAILINVALID) {
		log_info("tdx: TDX module is not loaded.");
		*why = "the TDX module is not loaded";
		return false;
	}
	if (status == TDX_SEAMCALL_UD || status == TDX_SEAMCALL_GP) {
		*why = "SEAMCALL faults on this CPU";
		return false;
	}
	return true;
}

/* The model learns the CPUs it must expect from the CPU layer, as the
 * real module learns them from MCHECK. */
static void tell_model_topology(void)
{
	uint32_t pkgs[SEAM_MAX_LPS];
	unsigned n = 0;

	for (unsigned i = 0; i < nr_cpus && n < SEAM_MAX_LPS; i++)
		if (percpu[i].state == CPU_ONLINE)
			pkgs[n++] = percpu[i].package;
	seam_set_topology(n, pkgs);
}

static bool select_module(const struct manifest *m)
{
	const char *why = "the manifest asks for the emulated module";

	if (m->tdx.module != MANIFEST_TDX_EMULATED && hardware_module_present(&why)) {
		seamcall_set_backend(seamcall_hw);
		info.emulated = false;
		return true;
	}
	if (m->tdx.module == MANIFEST_TDX_HARDWARE) {
		unavailable(why);
		return false;
	}
	if (!model_ready) {
		unavailable("the software TDX module could not reserve its memory");
		return false;
	}
	log_info("tdx: no hardware TDX module (%s): using the software module", why);
	tell_model_topology();
	seam_set_platform_fms(cpuid(1, 0).eax);
	seam_set_faults(m->tdx.faults, m->tdx.nr_faults);
	seamcall_set_backend(seam_seamcall);
	seam_print_banner();
	info.emulated = true;
	if (!tdx_detect(seam_read_msr, &detected)) {
		unavailable(detected.why);
		return false;
	}
	return true;
}

/* LP.INIT on this CPU unless it failed on an earlier one: the first failure
 * ends the initialization, and only LP.SHUTDOWN may follow it. */
static void lp_init_one(void *arg)
{
	int *failed_cpu = arg;

	if (*failed_cpu < 0 && tdh_sys_lp_init() != TDX_SUCCESS)
		*failed_cpu = (int)arch_cpu_index();
}

static void wbinvd_one(void *arg)
{
	(void)arg;
	wbinvd();
}

static bool key_config_one(void *arg)
{
	uint64_t status = tdh_sys_key_config();

	(void)arg;
	return status == TDX_SUCCESS || TDX_STATUS_CODE(status) == TDX_KEY_CONFIGURED;
}

static void lp_shutdown_one(void *arg)
{
	(void)arg;
	tdh_sys_lp_shutdown();
}

static bool read_version(void)
{
	uint64_t vendor, major, minor, date, build;

	if (tdh_sys_rd(MD_VENDOR_ID, &vendor) || tdh_sys_rd(MD_MAJOR_VERSION, &major) ||
	    tdh_sys_rd(MD_MINOR_VERSION, &minor) || tdh_sys_rd(MD_BUILD_DATE, &date) ||
	    tdh_sys_rd(MD_BUILD_NUM, &build))
		return false;
	info.major = major;
	info.minor = minor;
	info.build_date = date;
	info.build_num = build;
	log_info("tdx: TDX module: vendor_id 0x%llx, major_version %llu, minor_version %llu, "
		 "build_date %llu, build_num %llu%s", (unsigned long long)vendor,
		 (unsigned long long)major, (unsigned long long)minor,
		 (unsigned long long)date, (unsigned long long)build,
		 info.emulated ? " (emulated)" : "");
	return true;
}

/* KEY.CONFIG on one CPU of each package, one package at a time (the
 * module's rule: configuring two packages at once is refused), stopping at
 * the first failure as Linux does. */
static bool configure_keys(void)
{
	return smp_call_each_package(key_config_one, NULL);
}

static bool initialize_module(void)
{
	int failed_cpu = -1;
	uint16_t global_keyid;

	if (tdh_sys_init() != TDX_SUCCESS)
		return false;
	smp_call_each(lp_init_one, &failed_cpu);
	if (failed_cpu >= 0) {
		log_error("tdx: TDH.SYS.LP.INIT failed on CPU %d; TDX needs every CPU", failed_cpu);
		return false;
	}
	if (!read_version())
		return false;
	global_keyid = hkid_init(info.keyid_start, info.nr_keyids);
	info.global_keyid = global_keyid;
	if (!tdmr_setup(&info.nr_tdmrs, &info.pamt_pages))
		return false;
	if (tdh_sys_config(tdmr_pa_array(), info.nr_tdmrs, global_keyid) != TDX_SUCCESS)
		return false;
	smp_call_each(wbinvd_one, NULL);
	if (!configure_keys())
		return false;
	return tdmr_initialize_all();
}

void tdx_init(const struct manifest *m)
{
	uint64_t calls_before = seamcall_count_total();

	if (!vmx_usable) {
		unavailable("SEAMCALL needs VMX root operation, and VMX is not usable here");
		return;
	}
	if (!select_module(m))
		return;
	info.keyid_start = detected.keyid_start;
	info.nr_keyids = detected.nr_keyids;
	if (!initialize_module()) {
		log_error("tdx: Failed to initialize TDX module. Shut it down.");
		smp_call_each(lp_shutdown_one, NULL);
		tdmr_release();
		info.state = TDX_FAILED;
		info.why = "the TDX module failed to initialize";
		return;
	}
	info.seamcalls = seamcall_count_total() - calls_before;
	log_info("tdx: %llu pages allocated for PAMT.", (unsigned long long)info.pamt_pages);
	log_info("tdx: TDX module initialized.");
	info.state = TDX_READY;
}
