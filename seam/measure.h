/* TD measurement registers as the TDX module computes them: MRTD, built by
 * TDH.MNG.INIT / TDH.MEM.PAGE.ADD / TDH.MR.EXTEND / TDH.MR.FINALIZE, and the
 * RTMR extend of TDG.MR.RTMR.EXTEND. Pure functions of their inputs, with no
 * module state, so a host tool (tools/tdx-measure) can predict MRTD offline
 * by linking this file and seam/crypto/sha384.c. Layouts: measure.c. */
#ifndef SEAM_MEASURE_H
#define SEAM_MEASURE_H

#include "crypto/sha384.h"

#define MR_SIZE            SHA384_DIGEST_SIZE /* MRTD, RTMR: 48 bytes */
#define MR_EXTEND_CHUNK    256                /* bytes per TDH.MR.EXTEND */
#define NR_RTMRS           4

/* The running MRTD hash (TDCS.TD_SHA_CTX): no pointers, so it can live in
 * a TDCS page of the SEAM range between SEAMCALLs. */
struct mrtd_ctx {
	struct sha384_ctx sha;
};

/* The callers (the SEAMCALL decoders) check every operand before calling:
 * these cannot fail. */

/* TDH.MNG.INIT. */
void mrtd_init(struct mrtd_ctx *ctx);
/* TDH.MEM.PAGE.ADD of the 4 KiB page at gpa (page-aligned, private, shared
 * bit clear). The page contents are not measured. */
void mrtd_page_add(struct mrtd_ctx *ctx, uint64_t gpa);
/* TDH.MR.EXTEND of the 256 bytes at gpa (256-byte aligned, private). */
void mrtd_extend_chunk(struct mrtd_ctx *ctx, uint64_t gpa,
		       const uint8_t data[MR_EXTEND_CHUNK]);
/* TDH.MR.FINALIZE: writes MRTD and wipes ctx. */
void mrtd_finalize(struct mrtd_ctx *ctx, uint8_t mrtd[MR_SIZE]);

/* TDG.MR.RTMR.EXTEND: rtmr = SHA-384(rtmr || extension). TDH.MNG.INIT
 * starts every RTMR at 48 zero bytes. */
void rtmr_extend(uint8_t rtmr[MR_SIZE], const uint8_t extension[MR_SIZE]);

#endif
