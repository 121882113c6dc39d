/* TDX detection from the platform MSRs, with the log lines users know from
 * Linux (../shared/seeds: "tdx: SEAMRR enabled.", "tdx: TDX private KeyID
 * range: [16, 64).", "tdx: TDX enabled by BIOS."). Under the software
 * module the same MSRs are answered by the model, through the same code. */
#include "../arch/x86/msr.h"
#include "detect.h"
#include "../log.h"


bool tdx_detect(tdx_msr_reader read_msr, struct tdx_detect *out)
{
	uint64_t mtrrcap, base, mask, keyids;

	out->why = NULL;
	if (!read_msr(MSR_IA32_MTRRCAP, &mtrrcap) || !(mtrrcap & MTRRCAP_SEAMRR)) {
		out->why = "the CPU has no SEAM range register (MTRRCAP bit 15 clear)";
		return false;
	}
	if (!read_msr(MSR_IA32_SEAMRR_PHYS_BASE, &base) || !read_msr(MSR_IA32_SEAMRR_PHYS_MASK, &mask) ||
	    !(base & SEAMRR_BASE_CONFIGURED) || !(mask & SEAMRR_MASK_ENABLED) ||
	    !(mask & SEAMRR_MASK_LOCKED)) {
		out->why = "the BIOS did not configure and lock the SEAM range (SEAMRR)";
		return false;
	}
	log_info("tdx: SEAMRR enabled.");
	if (!read_msr(MSR_IA32_MKTME_KEYID_PARTITIONING, &keyids)) {
		out->why = "IA32_MKTME_KEYID_PARTITIONING cannot be read";
		return false;
	}
	/* Bits 31:0 count the MKTME KeyIDs (1..N after KeyID 0), bits 63:32
	 * the TDX private KeyIDs that follow them. */
	out->keyid_start = (uint32_t)keyids + 1;
	out->nr_keyids = (uint32_t)(keyids >> 32);
	if (out->nr_keyids < 2) {
		/* One for the module's global KeyID, at least one for a TD. */
		out->why = "the BIOS assigned fewer than 2 TDX private KeyIDs";
		return false;
	}
	log_info("tdx: TDX private KeyID range: [%u, %u).", out->keyid_start,
		 out->keyid_start + out->nr_keyids);
	log_info("tdx: TDX enabled by BIOS.");
	return true;
}
