/* TDH.MNG.INIT: RCX = TDR, RDX = TD_PARAMS (shared, 1024-byte aligned).
 * Checks and their order from intel/tdx-module tdx_1.5
 * src/vmm_dispatcher/api_calls/tdh_mng_init.c (read_and_set_td_configurations,
 * read_and_set_cpuid_configurations), src/common/helpers/helpers.c
 * (verify_td_attributes, check_xfam, verify_td_config_flags,
 * verify_and_set_td_eptp_controls) and src/common/helpers/virt_msr_helpers.c
 * (init_virt_ia32_arch_capabilities); the CPUID_CONFIG rules are those of
 * seam/cpuid_virt.c. The TD_PARAMS are checked into a
 * local copy and stored only when all checks pass (the module stores field
 * by field, but a failed call leaves the TD UNINITIALIZED either way).
 * Not modelled: the BOOT_NT4 and IA32_TSC_ADJUST MSR checks (the model's
 * platform is consistent), the TSC multiplier and offset (TDH.VP.ENTER
 * virtualizes TSC from TSC_FREQUENCY), the native CPUID values (the model
 * stores CPUID_CONFIG as given; its platform has no TSX, so the HLE/RTM
 * rule always holds). */
#include "td_cpuid.h"
#include "td_state.h"
#include "../hv/lib/string.h"
#include "../hv/tdx/td_fields.h"
#include "../hv/tdx/tdx_status.h"

#define TD_MAX_L2_VMS         3
#define TD_TSC_FREQUENCY_MIN  4         /* 100 MHz, in 25 MHz units */
#define TD_TSC_FREQUENCY_MAX  400       /* 10 GHz */
#define TD_EPTP_MT_MASK       7ull
#define TD_EPTP_PWL_MASK      (7ull << TD_EPTP_PWL_SHIFT)
/* IA32_ARCH_CAPABILITIES bits a host may configure: SSB_NO, RRSBA, BHI_NO,
 * PBRSB_NO. */
#define TD_ARCH_CAP_CONFIGURABLE (BIT(4) | BIT(19) | BIT(20) | BIT(24))

static bool td_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static bool td_attributes_ok(uint64_t attr)
{
	if ((attr & ~TD_ATTRIBUTES_FIXED0) || (attr & TD_ATTRIBUTES_FIXED1) != TD_ATTRIBUTES_FIXED1)
		return false;
	/* A migratable TD can be neither a debug TD nor use PERFMON. */
	return !(attr & TD_ATTR_MIGRATABLE) || !(attr & (TD_ATTR_DEBUG | TD_ATTR_PERFMON));
}

/* check_xfam: the AVX-512, CET and AMX pairing rules concern bits the
 * model's XFAM_FIXED0 never allows. */
static bool td_xfam_ok(uint64_t xfam)
{
	return !(xfam & ~TD_XFAM_FIXED0) && (xfam & TD_XFAM_FIXED1) == TD_XFAM_FIXED1;
}

/* verify_and_set_td_eptp_controls: WB, 4-level (the platform has no PML5),
 * no A/D or supervisor shadow-stack bits, no address; GPAW 52 needs
 * 5-level EPT. */
static bool td_eptp_controls_ok(uint64_t eptp, bool gpaw)
{
	return (eptp & TD_EPTP_MT_MASK) == TD_EPTP_MT_WB &&
	       (eptp & ~(TD_EPTP_MT_MASK | TD_EPTP_PWL_MASK)) == 0 &&
	       ((eptp & TD_EPTP_PWL_MASK) >> TD_EPTP_PWL_SHIFT) == SEPT_PWL && !gpaw;
}

static uint64_t td_check_params(const struct td_params *p, const struct td_tdr *tdr)
{
	if (!td_attributes_ok(p->attributes))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_ATTRIBUTES);
	if (!td_xfam_ok(p->xfam))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_XFAM);
	if (p->max_vcpus == 0)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_MAX_VCPUS);
	if (p->num_l2_vms > TD_MAX_L2_VMS)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_NUM_L2_VMS);
	/* Each L2 VM needs one more TDCS page than the model's TDCS has. */
	if (tdr->num_tdcx < (uint32_t)TD_TDCS_PAGES + p->num_l2_vms)
		return TDX_TDCS_NOT_ALLOCATED;
	if (!td_zero(p->reserved0, sizeof(p->reserved0)))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	if (p->config_flags & ~TD_CONFIG_FLAGS_FIXED0)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_EXEC_CONTROLS);
	if (!td_eptp_controls_ok(p->eptp_controls, p->config_flags & TD_CONFIG_GPAW))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_EPTP_CONTROLS);
	if (p->tsc_frequency < TD_TSC_FREQUENCY_MIN || p->tsc_frequency > TD_TSC_FREQUENCY_MAX)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_TSC_FREQUENCY);
	if (!td_zero(p->reserved1, sizeof(p->reserved1)) || (p->msr_config_ctls & ~1u) ||
	    !td_zero(p->reserved2, sizeof(p->reserved2)))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	return TDX_SUCCESS;
}

/* read_and_set_cpuid_configurations: every set bit must be configurable;
 * CPUID(1).EAX (family/model/stepping) must be 0 (native) or native. On
 * failure RCX names the leaf and subleaf. */
static uint64_t td_check_cpuid(const struct td_params *p, struct tdx_module_args *args)
{
	uint32_t fms = seam_global()->platform_fms;

	for (unsigned i = 0; i < TD_NUM_CPUID_CONFIG; i++) {
		const struct td_cpuid_values *v = &p->cpuid_config[i];
		const struct td_cpuid_configurable *c = &td_cpuid_configurable[i];
		uint64_t leaf_subleaf = c->leaf | (uint64_t)c->subleaf << 32;

		if ((v->eax & ~(c->config_direct.eax | c->allow_direct.eax)) ||
		    (v->ebx & ~(c->config_direct.ebx | c->allow_direct.ebx)) ||
		    (v->ecx & ~(c->config_direct.ecx | c->allow_direct.ecx)) ||
		    (v->edx & ~(c->config_direct.edx | c->allow_direct.edx))) {
			args->rcx = leaf_subleaf;
			return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG);
		}
		if (c->leaf == 1) {
			uint32_t eax = (fms & ~c->config_direct.eax) | (v->eax & c->config_direct.eax);

			if (eax != 0 && eax != fms) {
				args->rcx = leaf_subleaf;
				return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_CPUID_CONFIG);
			}
		}
	}
	if (!td_zero(p->reserved3, sizeof(p->reserved3)))
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	return TDX_SUCCESS;
}

static bool td_arch_cap_ok(const struct td_params *p)
{
	if (!(p->msr_config_ctls & 1) && p->ia32_arch_capabilities_config)
		return false;
	return !(p->ia32_arch_capabilities_config & ~TD_ARCH_CAP_CONFIGURABLE);
}

static void td_store_params(const struct td_tdr *tdr, const struct td_params *p)
{
	struct td_tdcs *tdcs = td_tdcs_of(tdr);
	struct td_tdcs_measure *m = td_measure_of(tdr);

	tdcs->num_vcpus = 0;
	tdcs->num_assoc_vcpus = 0;
	tdcs->num_l2_vms = p->num_l2_vms;
	tdcs->attributes = p->attributes;
	tdcs->xfam = p->xfam;
	tdcs->max_vcpus = p->max_vcpus;
	tdcs->tsc_frequency = p->tsc_frequency;
	tdcs->gpaw = (p->config_flags & TD_CONFIG_GPAW) != 0;
	tdcs->config_flags = p->config_flags;
	tdcs->eptp = (tdr->tdcx_pa[TDCS_PAGE_SEPT_ROOT] & TD_PA_MASK) | p->eptp_controls;
	tdcs->virt_ia32_arch_capabilities_config = p->ia32_arch_capabilities_config;
	memcpy(tdcs->cpuid_config, p->cpuid_config, sizeof(tdcs->cpuid_config));
	memcpy(m->mr_config_id, p->mr_config_id, MR_SIZE);
	memcpy(m->mr_owner, p->mr_owner, MR_SIZE);
	memcpy(m->mr_owner_config, p->mr_owner_config, MR_SIZE);
	mrtd_init(&m->mrtd_ctx);
	memset(m->rtmr, 0, sizeof(m->rtmr));
	tdcs->td_epoch = 1;             /* no vCPU has run: both refcounts 0 */
	/* TD_CTLS.PENDING_VE_DISABLE starts as ATTRIBUTES.SEPT_VE_DISABLE
	 * (tdh_mng_init.c); TDG.VM.WR may change it later. */
	tdcs->td_ctls = (p->attributes & TD_ATTR_SEPT_VE_DISABLE) ? TDX_TD_CTLS_PENDING_VE_DISABLE : 0;
	tdcs->op_state = OP_STATE_INITIALIZED;
}

static uint64_t mng_init(struct tdx_module_args *args)
{
	uint64_t tdr_pa = args->rcx, params_pa = args->rdx, status;
	const struct td_params *p;
	struct td_tdcs *tdcs;
	struct td_tdr *tdr;

	args->rcx = 0;
	status = td_explicit_tdcs(tdr_pa, TDX_OPERAND_RCX, TDH_MNG_INIT, &tdr, &tdcs);
	if (status != TDX_SUCCESS)
		return status;
	if (pamt_check_shared(params_pa, TD_PARAMS_ALIGN) != TDX_SUCCESS)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	p = td_page(params_pa);
	status = td_check_params(p, tdr);
	if (status == TDX_SUCCESS)
		status = td_check_cpuid(p, args);
	if (status == TDX_SUCCESS && !td_arch_cap_ok(p))
		status = seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_IA32_ARCH_CAPABILITIES_CONFIG);
	if (status != TDX_SUCCESS)
		return status;
	td_store_params(tdr, p);
	return TDX_SUCCESS;
}

uint64_t seam_mng_init(struct tdx_module_args *args)
{
	return td_leaf_call(mng_init, args);
}

void seam_set_platform_fms(uint32_t fms)
{
	seam_global()->platform_fms = fms;
}
