/* HMAC-SHA-384 (RFC 2104, FIPS 198-1), for the emulated module's TDREPORT
 * MAC. Keys longer than the 128-byte block are hashed first, as the RFC says. */
#ifndef SEAM_CRYPTO_HMAC_SHA384_H
#define SEAM_CRYPTO_HMAC_SHA384_H

#include "sha384.h"

struct hmac_sha384_ctx {
	struct sha384_ctx inner; /* H((K ^ ipad) || ...) */
	struct sha384_ctx outer; /* H((K ^ opad) || inner digest) */
};

void hmac_sha384_init(struct hmac_sha384_ctx *ctx, const void *key,
		      size_t key_len);
void hmac_sha384_update(struct hmac_sha384_ctx *ctx, const void *data,
			size_t len);
/* Writes the full 48-byte MAC and wipes the context. */
void hmac_sha384_final(struct hmac_sha384_ctx *ctx,
		       uint8_t out[SHA384_DIGEST_SIZE]);
void hmac_sha384(const void *key, size_t key_len, const void *data,
		 size_t len, uint8_t out[SHA384_DIGEST_SIZE]);

#endif
