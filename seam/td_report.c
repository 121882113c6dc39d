/* TDG.MR.REPORT (leaf 4) and TDG.MR.RTMR.EXTEND (leaf 2): the TD's report
 * and its runtime measurement registers (../shared/TDX-TD-ABI.md section 5;
 * intel/tdx-module tdx_1.5 src/td_dispatcher/vm_exits/tdg_mr_report.c,
 * tdg_mr_rtmr_extend.c, include/tdx_api_defs.h).
 *
 * TDREPORT_STRUCT (1024 bytes): REPORTMACSTRUCT (256) | TEE_TCB_INFO (256) |
 * TDINFO (512). The layout is the real one; the content the model cannot
 * have is zero (CPUSVN, MRSEAM, MRSIGNERSEAM, TEE_TCB_SVN: there is no SEAM
 * module measured by an Intel loader), and the MAC is HMAC-SHA-384 under a
 * key the model makes at boot, cut to 32 bytes: it proves nothing to anyone
 * outside this boot, and nothing can turn it into a quote. */
#include "crypto/hmac_sha384.h"
#include "crypto/sha384.h"
#include "td_report.h"
#include "../hv/arch/x86/insn.h"
#include "../hv/lib/string.h"

#define REPORT_TYPE_TDX     0x81
#define MAC_SIZE            32
#define REPORTDATA_SIZE     64

struct tdinfo {
	uint64_t attributes;
	uint64_t xfam;
	uint8_t mrtd[MR_SIZE];
	uint8_t mrconfigid[MR_SIZE];
	uint8_t mrowner[MR_SIZE];
	uint8_t mrownerconfig[MR_SIZE];
	uint8_t rtmr[NR_RTMRS][MR_SIZE];
	uint8_t servtd_hash[MR_SIZE];
	uint8_t reserved[64];
};
_Static_assert(sizeof(struct tdinfo) == 512, "TDINFO");

struct reportmac {
	uint8_t type, subtype, version, reserved0;
	uint8_t reserved1[12];
	uint8_t cpusvn[16];
	uint8_t tee_tcb_info_hash[MR_SIZE];
	uint8_t tee_info_hash[MR_SIZE];
	uint8_t reportdata[REPORTDATA_SIZE];
	uint8_t reserved2[32];
	uint8_t mac[MAC_SIZE];
};
_Static_assert(sizeof(struct reportmac) == 256, "REPORTMACSTRUCT");

struct tdreport {
	struct reportmac mac;
	uint8_t tee_tcb_info[256];
	struct tdinfo tdinfo;
};
_Static_assert(sizeof(struct tdreport) == 1024, "TDREPORT_STRUCT");

static uint8_t report_key[MR_SIZE];
static bool report_key_ready;

/* A per-boot key; the TSC at first use is as good as any secret here,
 * since the model's MAC is not a security boundary (see above). */
static void make_report_key(void)
{
	uint64_t seed[2] = { rdtsc(), (uint64_t)(uintptr_t)&report_key };

	sha384(seed, sizeof(seed), report_key);
	report_key_ready = true;
}

void td_build_report(const struct td_tdcs *tdcs, const struct td_tdcs_measure *m,
		     const uint8_t reportdata[64], uint8_t out[1024])
{
	struct tdreport r;
	uint8_t mac[SHA384_DIGEST_SIZE];

	if (!report_key_ready)
		make_report_key();
	memset(&r, 0, sizeof(r));
	r.tdinfo.attributes = tdcs->attributes;
	r.tdinfo.xfam = tdcs->xfam;
	memcpy(r.tdinfo.mrtd, m->mrtd, MR_SIZE);
	memcpy(r.tdinfo.mrconfigid, m->mr_config_id, MR_SIZE);
	memcpy(r.tdinfo.mrowner, m->mr_owner, MR_SIZE);
	memcpy(r.tdinfo.mrownerconfig, m->mr_owner_config, MR_SIZE);
	memcpy(r.tdinfo.rtmr, m->rtmr, sizeof(r.tdinfo.rtmr));
	r.mac.type = REPORT_TYPE_TDX;
	sha384(r.tee_tcb_info, sizeof(r.tee_tcb_info), r.mac.tee_tcb_info_hash);
	sha384(&r.tdinfo, sizeof(r.tdinfo), r.mac.tee_info_hash);
	memcpy(r.mac.reportdata, reportdata, REPORTDATA_SIZE);
	hmac_sha384(report_key, sizeof(report_key), &r.mac,
		    offsetof(struct reportmac, mac), mac);
	memcpy(r.mac.mac, mac, MAC_SIZE);
	memcpy(out, &r, sizeof(r));
}
