/* SHA-384 per FIPS 180-4: the SHA-512 compression function (section 6.4)
 * with the SHA-384 initial hash value (5.3.4) and a 48-byte digest. Plain
 * 64-bit integer code: the hypervisor builds with -mgeneral-regs-only, and
 * the only tables are the round constants, indexed by round, not by data. */
#include "sha384.h"
#include "../../hv/lib/string.h"

/* FIPS 180-4 section 4.2.3: the first 64 bits of the fractional parts of
 * the cube roots of the first 80 primes. */
static const uint64_t K[80] = {
	0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full,
	0xe9b5dba58189dbbcull, 0x3956c25bf348b538ull, 0x59f111f1b605d019ull,
	0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull, 0xd807aa98a3030242ull,
	0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
	0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull,
	0xc19bf174cf692694ull, 0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull,
	0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull, 0x2de92c6f592b0275ull,
	0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
	0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full,
	0xbf597fc7beef0ee4ull, 0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull,
	0x06ca6351e003826full, 0x142929670a0e6e70ull, 0x27b70a8546d22ffcull,
	0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
	0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull,
	0x92722c851482353bull, 0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull,
	0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull, 0xd192e819d6ef5218ull,
	0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
	0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull,
	0x34b0bcb5e19b48a8ull, 0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull,
	0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull, 0x748f82ee5defb2fcull,
	0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
	0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull,
	0xc67178f2e372532bull, 0xca273eceea26619cull, 0xd186b8c721c0c207ull,
	0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull, 0x06f067aa72176fbaull,
	0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
	0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull,
	0x431d67c49c100d4cull, 0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull,
	0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

static inline uint64_t ror(uint64_t x, unsigned n)
{
	return (x >> n) | (x << (64 - n));
}

static inline uint64_t load_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline void store_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

/* Section 6.4.2, with the message schedule kept as a rolling window of 16
 * words (W[t] depends on W[t-2], W[t-7], W[t-15], W[t-16]) to keep the stack
 * small. */
static void compress(uint64_t h[8], const uint8_t block[SHA384_BLOCK_SIZE])
{
	uint64_t w[16];
	uint64_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint64_t e = h[4], f = h[5], g = h[6], hh = h[7];

	for (int t = 0; t < 80; t++) {
		uint64_t wt, t1, t2;

		if (t < 16) {
			wt = load_be64(block + 8 * t);
		} else {
			uint64_t w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15];
			uint64_t s0 = ror(w15, 1) ^ ror(w15, 8) ^ (w15 >> 7);
			uint64_t s1 = ror(w2, 19) ^ ror(w2, 61) ^ (w2 >> 6);

			wt = s1 + w[(t - 7) & 15] + s0 + w[t & 15];
		}
		w[t & 15] = wt;
		t1 = hh + (ror(e, 14) ^ ror(e, 18) ^ ror(e, 41)) +
		     ((e & f) ^ (~e & g)) + K[t] + wt;
		t2 = (ror(a, 28) ^ ror(a, 34) ^ ror(a, 39)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void sha384_init(struct sha384_ctx *ctx)
{
	/* Section 5.3.4. */
	static const uint64_t iv[8] = {
		0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull,
		0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
		0x67332667ffc00b31ull, 0x8eb44a8768581511ull,
		0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull,
	};

	memcpy(ctx->h, iv, sizeof(iv));
	ctx->total = 0;
	ctx->buf_len = 0;
}

void sha384_update(struct sha384_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len == 0)   /* data may be NULL then; memcpy must not see it */
		return;
	ctx->total += len;
	if (ctx->buf_len) {
		size_t n = MIN(len, SHA384_BLOCK_SIZE - ctx->buf_len);

		memcpy(ctx->buf + ctx->buf_len, p, n);
		ctx->buf_len += n;
		p += n;
		len -= n;
		if (ctx->buf_len < SHA384_BLOCK_SIZE)
			return;
		compress(ctx->h, ctx->buf);
		ctx->buf_len = 0;
	}
	for (; len >= SHA384_BLOCK_SIZE; p += SHA384_BLOCK_SIZE,
					 len -= SHA384_BLOCK_SIZE)
		compress(ctx->h, p);
	memcpy(ctx->buf, p, len);
	ctx->buf_len = len;
}

void sha384_final(struct sha384_ctx *ctx, uint8_t out[SHA384_DIGEST_SIZE])
{
	/* Section 5.1.2: a 1 bit, zeros, then the 128-bit big-endian message
	 * length in bits, ending on a block boundary. */
	uint64_t bits_hi = ctx->total >> 61, bits_lo = ctx->total << 3;

	ctx->buf[ctx->buf_len++] = 0x80;
	if (ctx->buf_len > SHA384_BLOCK_SIZE - 16) {
		memset(ctx->buf + ctx->buf_len, 0, SHA384_BLOCK_SIZE - ctx->buf_len);
		compress(ctx->h, ctx->buf);
		ctx->buf_len = 0;
	}
	memset(ctx->buf + ctx->buf_len, 0, SHA384_BLOCK_SIZE - 16 - ctx->buf_len);
	store_be64(ctx->buf + SHA384_BLOCK_SIZE - 16, bits_hi);
	store_be64(ctx->buf + SHA384_BLOCK_SIZE - 8, bits_lo);
	compress(ctx->h, ctx->buf);
	for (int i = 0; i < SHA384_DIGEST_SIZE / 8; i++)
		store_be64(out + 8 * i, ctx->h[i]);
	memset(ctx, 0, sizeof(*ctx));
}

void sha384(const void *data, size_t len, uint8_t out[SHA384_DIGEST_SIZE])
{
	struct sha384_ctx ctx;

	sha384_init(&ctx);
	sha384_update(&ctx, data, len);
	sha384_final(&ctx, out);
}
