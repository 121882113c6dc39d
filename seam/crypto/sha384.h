/* SHA-384 (FIPS 180-4 section 6.5: SHA-512 with its own initial value,
 * truncated to 48 bytes). The context holds no pointers, so the software TDX
 * module can keep one in a TDCS page between SEAMCALLs, as the real module
 * keeps TDCS.TD_SHA_CTX for MRTD. */
#ifndef SEAM_CRYPTO_SHA384_H
#define SEAM_CRYPTO_SHA384_H

#include "../../hv/types.h"

#define SHA384_DIGEST_SIZE 48
#define SHA384_BLOCK_SIZE  128

struct sha384_ctx {
	uint64_t h[8];
	uint64_t total;                 /* bytes hashed so far (< 2^64) */
	uint8_t buf[SHA384_BLOCK_SIZE]; /* pending partial block */
	uint32_t buf_len;
};

void sha384_init(struct sha384_ctx *ctx);
void sha384_update(struct sha384_ctx *ctx, const void *data, size_t len);
/* Pads, writes the digest and wipes the context; init it again to reuse. */
void sha384_final(struct sha384_ctx *ctx, uint8_t out[SHA384_DIGEST_SIZE]);
void sha384(const void *data, size_t len, uint8_t out[SHA384_DIGEST_SIZE]);

#endif
