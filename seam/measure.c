/* MRTD and RTMR arithmetic, as in Intel's TDX module 1.5 source
 * (github.com/intel/tdx-module, branch tdx_1.5, "TDX 1.5.01"):
 *
 * - tdh_mng_init.c: sha384_init(&tdcs->measurement_fields.td_sha_ctx), and
 *   the four RTMRs are zeroed.
 * - tdh_mem_page_add.c: one sha384_update_128B() of a sha384_128B_block_t
 *   (crypto/sha384.h) zero-initialized, api_name = "MEM.PAGE.ADD" (a
 *   uint128_t, so zero-padded to 16 bytes), gpa = page_info_to_pa() of RCX
 *   (the GPA with the level bits dropped) at offset 16 as a little-endian
 *   uint64_t, the remaining 104 bytes zero. The page contents are not hashed.
 * - tdh_mr_extend.c: the same block with api_name = "MR.EXTEND" and gpa =
 *   RCX as given (checked 256-byte aligned), then the 256 bytes of the TD
 *   page at that GPA as two more 128-byte blocks.
 * - tdh_mr_finalize.c: sha384_finalize() of that context is MRTD.
 * - tdg_mr_rtmr_extend.c: RTMR[i] = sha384_generate_hash(RTMR[i] || the
 *   48 bytes at the extension GPA), one 96-byte message.
 *
 * The module's SHA-384 is Intel IPP's (ippsHashUpdate_rmf), i.e. plain
 * FIPS 180-4 SHA-384 over the concatenated blocks. */
#include "measure.h"
#include "../hv/lib/string.h"

/* sha384_128B_block_t's mr_td_extend_struct view. */
#define MEASURE_NAME_SIZE 16
#define MEASURE_GPA_OFF   16

static void measure_op(struct mrtd_ctx *ctx, const char *name, uint64_t gpa)
{
	uint8_t block[SHA384_BLOCK_SIZE] = { 0 };

	memcpy(block, name, strnlen(name, MEASURE_NAME_SIZE));
	for (int i = 0; i < 8; i++)
		block[MEASURE_GPA_OFF + i] = (uint8_t)(gpa >> (8 * i));
	sha384_update(&ctx->sha, block, sizeof(block));
}

void mrtd_init(struct mrtd_ctx *ctx)
{
	sha384_init(&ctx->sha);
}

void mrtd_page_add(struct mrtd_ctx *ctx, uint64_t gpa)
{
	measure_op(ctx, "MEM.PAGE.ADD", gpa);
}

void mrtd_extend_chunk(struct mrtd_ctx *ctx, uint64_t gpa,
		       const uint8_t data[MR_EXTEND_CHUNK])
{
	measure_op(ctx, "MR.EXTEND", gpa);
	sha384_update(&ctx->sha, data, MR_EXTEND_CHUNK);
}

void mrtd_finalize(struct mrtd_ctx *ctx, uint8_t mrtd[MR_SIZE])
{
	sha384_final(&ctx->sha, mrtd);
}

void rtmr_extend(uint8_t rtmr[MR_SIZE], const uint8_t extension[MR_SIZE])
{
	uint8_t cat[2 * MR_SIZE];

	memcpy(cat, rtmr, MR_SIZE);
	memcpy(cat + MR_SIZE, extension, MR_SIZE);
	sha384(cat, sizeof(cat), rtmr);
}
