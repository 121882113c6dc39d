/* libFuzzer target for SHA-384 and HMAC-SHA-384: the message is fed through
 * update() in pieces whose lengths come from the input itself, and the digest
 * must equal the one-shot digest. Input layout: byte 0 = number of pieces
 * minus one (mod 16); the next that-many bytes each give a piece length
 * (0-255, scaled by 2 to reach past a block); byte after that = HMAC key
 * length; the rest is key then message. Each piece and the message are
 * copied to exactly-sized heap buffers, so ASan sees any over-read. */
#include "../unit/shim.h"
#include "../../seam/crypto/sha384.c"
#include "../../seam/crypto/hmac_sha384.c"

#define FUZZ_CHECK(cond)                                                  \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);               \
			abort();                                          \
		}                                                         \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t want[SHA384_DIGEST_SIZE], got[SHA384_DIGEST_SIZE];
	struct sha384_ctx ctx;
	struct hmac_sha384_ctx hctx;
	size_t nr_cuts, key_len, len, at = 0;
	const uint8_t *cuts, *key;
	uint8_t *msg;

	if (size < 1)
		return 0;
	nr_cuts = data[0] % 16;
	if (size < 2 + nr_cuts)
		return 0;
	cuts = data + 1;
	key_len = data[1 + nr_cuts];
	key = data + 2 + nr_cuts;
	if (size < 2 + nr_cuts + key_len)
		return 0;
	len = size - 2 - nr_cuts - key_len;
	msg = malloc(len ? len : 1);
	memcpy(msg, key + key_len, len);

	sha384(msg, len, want);
	sha384_init(&ctx);
	hmac_sha384_init(&hctx, key, key_len);
	for (size_t i = 0; i <= nr_cuts; i++) {
		size_t n = i < nr_cuts ? MIN(2u * cuts[i], len - at) : len - at;
		uint8_t *piece = malloc(n ? n : 1);

		memcpy(piece, msg + at, n);
		sha384_update(&ctx, n ? piece : NULL, n);
		hmac_sha384_update(&hctx, n ? piece : NULL, n);
		free(piece);
		at += n;
	}
	FUZZ_CHECK(at == len);
	sha384_final(&ctx, got);
	FUZZ_CHECK(memcmp(got, want, sizeof(want)) == 0);

	hmac_sha384_final(&hctx, got);
	hmac_sha384(key, key_len, msg, len, want);
	FUZZ_CHECK(memcmp(got, want, sizeof(want)) == 0);
	free(msg);
	return 0;
}
