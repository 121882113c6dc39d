/* HMAC-SHA-384: H((K0 ^ opad) || H((K0 ^ ipad) || text)), where K0 is the key
 * (or its SHA-384 digest when longer than a block) zero-padded to 128 bytes
 * (FIPS 198-1 section 4). Both padded-key blocks are absorbed at init, so
 * the context holds no copy of the key. Stack temporaries are not wiped: the
 * emulated module claims no confidentiality (docs/tdx-module-model.md). */
#include "hmac_sha384.h"
#include "../../hv/lib/string.h"

void hmac_sha384_init(struct hmac_sha384_ctx *ctx, const void *key,
		      size_t key_len)
{
	uint8_t k0[SHA384_BLOCK_SIZE] = { 0 };
	uint8_t pad[SHA384_BLOCK_SIZE];

	if (key_len > SHA384_BLOCK_SIZE)
		sha384(key, key_len, k0);
	else if (key_len)
		memcpy(k0, key, key_len);

	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k0[i] ^ 0x36;
	sha384_init(&ctx->inner);
	sha384_update(&ctx->inner, pad, sizeof(pad));
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k0[i] ^ 0x5c;
	sha384_init(&ctx->outer);
	sha384_update(&ctx->outer, pad, sizeof(pad));
}

void hmac_sha384_update(struct hmac_sha384_ctx *ctx, const void *data,
			size_t len)
{
	sha384_update(&ctx->inner, data, len);
}

void hmac_sha384_final(struct hmac_sha384_ctx *ctx,
		       uint8_t out[SHA384_DIGEST_SIZE])
{
	uint8_t inner[SHA384_DIGEST_SIZE];

	sha384_final(&ctx->inner, inner);
	sha384_update(&ctx->outer, inner, sizeof(inner));
	sha384_final(&ctx->outer, out);
}

void hmac_sha384(const void *key, size_t key_len, const void *data,
		 size_t len, uint8_t out[SHA384_DIGEST_SIZE])
{
	struct hmac_sha384_ctx ctx;

	hmac_sha384_init(&ctx, key, key_len);
	hmac_sha384_update(&ctx, data, len);
	hmac_sha384_final(&ctx, out);
}
