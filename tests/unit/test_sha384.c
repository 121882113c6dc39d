/* SHA-384: the FIPS 180-4 example messages (NIST CSRC "SHA384.pdf" and the
 * CAVP long-message test "a" x 1,000,000), every block-boundary length
 * against OpenSSL digests (tests/unit/gen_sha384_vectors.sh), and the
 * incremental API split at every offset. tests/tools/sha384_vs_openssl.sh
 * compares many more random files with `openssl dgst -sha384`. */
#include "shim.h"
#include "../../seam/crypto/sha384.c"
#include "test.h"

static void to_hex(const uint8_t d[SHA384_DIGEST_SIZE], char out[97])
{
	for (int i = 0; i < SHA384_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_digest(const uint8_t d[SHA384_DIGEST_SIZE], const char *want)
{
	char hex[97];

	to_hex(d, hex);
	CHECK_STR(hex, want);
}

/* The message the generator script builds: byte i = (i*31 + 7) mod 256. */
static void pattern(uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 31 + 7);
}

TEST(fips_abc)
{
	uint8_t d[SHA384_DIGEST_SIZE];

	sha384("abc", 3, d);
	check_digest(d, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
			"1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
}

TEST(fips_two_block_message)
{
	static const char m[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	uint8_t d[SHA384_DIGEST_SIZE];

	CHECK_EQ(strlen(m), 112);
	sha384(m, strlen(m), d);
	check_digest(d, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d2"
			"2fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
}

TEST(fips_empty)
{
	uint8_t d[SHA384_DIGEST_SIZE];

	sha384(NULL, 0, d);
	check_digest(d, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"
			"4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
}

TEST(fips_million_a)
{
	struct sha384_ctx ctx;
	uint8_t chunk[1000], d[SHA384_DIGEST_SIZE];

	memset(chunk, 'a', sizeof(chunk));
	sha384_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha384_update(&ctx, chunk, sizeof(chunk));
	sha384_final(&ctx, d);
	check_digest(d, "9d0e1809716474cb086e834e310a4a1ced149e9c00f24852"
			"7972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985");
}

/* Lengths around the 112-byte padding limit and the 128-byte block; the
 * digests are OpenSSL's, from gen_sha384_vectors.sh. */
static const struct {
	size_t len;
	const char *digest;
} boundary[] = {
	{    0, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b" },
	{    1, "f12be95011fa37de81bf76bee4e73a992f431a7c69b60d2495c7383ae0545569842a0c019d89c208ae48f843562b56ff" },
	{   55, "c3fc2efb3f7f03957fed594638fc1a9e5b790844913e7fd43ad29a26bd5e5aaf494a137cc3f282d73e778d77d3c1c036" },
	{   56, "29d62ede666ed78653a8f02f92eb8a02b4b627d15f0e6d61291f63b0ec159586316fbe3f2450d01c82d86e52ae754483" },
	{   63, "cd8621421f3eca8f41d9d35b21009846018e276278195798fb84e46700baddd94dd0ae8e8230d1f3bac66997fb62a369" },
	{   64, "5a7c058de8f3c7e5eb66aca0f99b51860f936baca131c77d90de19fa1bbf7c208408b6dbe4354a9b279ef4eab09acd6e" },
	{  111, "5922d169e553267e1846ae2128a026407faf487dab98dfb383e751d3846f82f6edbe70b48b6202327516159d340c56a9" },
	{  112, "b42aff1d6d298152801480cb2b5851c32afe5e5fbae583b0a9b52fe955440c3f276fd812c0f4439cf94c3f9e03068a21" },
	{  113, "8cb479a9a1e2abe9e271a31f09534a46ea438842744703904558ca5849e7dc5ee7b62594e008962e4dac5da8b746bed6" },
	{  127, "e0cc0da38b3a32572851d199e9e485afe1e62f5c24ac1c7f0b6680a1ea9febbe49d02923617d02074dd2ad70b5671389" },
	{  128, "95ab88109cbf117548a8ad35909ffefa175d06a9c42614b9d359548cff5d550b30affb36ff638cd32aa5f5409066c68a" },
	{  129, "1d0599fa8c2d4e8d626778051da62b78a0ecc76cbfdc5687302048373d1f8a5e772f19aeaf7be25f68e0ccf4f0b7f8a8" },
	{  239, "b0e8d8a1df31886ebb4707fbfce9ae5873f3dabcf6e7563f3352c1d837a5923ad7eedfe6b8c6d4a813095a30c352eb30" },
	{  240, "62f145f55197394c113cdf35478b33900a179a2d2f7559f0584f914cc77dc49d631746abddd484e489ce7ab478a69d20" },
	{  255, "8d67a20eb619e87bd1083a1b616eb5406d77c8fc2b0894b7082e316d67e5b4d48fb45d3ca824fd204a8d47896a95368f" },
	{  256, "1309811305efc73654ede73c40aaff0f19353c321689dcbb04138ab3fff3a6eabbc5a65af08da09fe44766d9e223826e" },
	{  257, "7a990affd33d804967b571127e813efef6e54704ecb0c817c0afc703275d8c24c920b7b7d8bd2d57d9f84ea8e17f5d9f" },
	{ 1000, "4f33e6bdc22d2129245d832f3b149770b799aa9e63b4c79bd3073aca7e5afc8332c83cace1f5d81c22a256f09dcb3f98" },
};

TEST(boundary_lengths_match_openssl)
{
	uint8_t msg[1000], d[SHA384_DIGEST_SIZE];

	pattern(msg, sizeof(msg));
	for (size_t i = 0; i < ARRAY_SIZE(boundary); i++) {
		sha384(msg, boundary[i].len, d);
		check_digest(d, boundary[i].digest);
	}
}

/* Two updates split at every offset, and one byte at a time, give the
 * one-shot digest for every boundary length. */
TEST(incremental_equals_one_shot)
{
	uint8_t msg[300], want[SHA384_DIGEST_SIZE], got[SHA384_DIGEST_SIZE];
	struct sha384_ctx ctx;

	pattern(msg, sizeof(msg));
	for (size_t len = 0; len <= sizeof(msg); len++) {
		sha384(msg, len, want);
		for (size_t cut = 0; cut <= len; cut++) {
			sha384_init(&ctx);
			sha384_update(&ctx, msg, cut);
			sha384_update(&ctx, msg + cut, len - cut);
			sha384_final(&ctx, got);
			CHECK(memcmp(got, want, sizeof(want)) == 0);
		}
		sha384_init(&ctx);
		for (size_t i = 0; i < len; i++)
			sha384_update(&ctx, msg + i, 1);
		sha384_final(&ctx, got);
		CHECK(memcmp(got, want, sizeof(want)) == 0);
	}
}

/* Final wipes the context: no state (and so no MAC key material) is left. */
TEST(final_wipes_context)
{
	static const struct sha384_ctx zero;
	struct sha384_ctx ctx;
	uint8_t d[SHA384_DIGEST_SIZE];

	sha384_init(&ctx);
	sha384_update(&ctx, "abc", 3);
	sha384_final(&ctx, d);
	CHECK(memcmp(&ctx, &zero, sizeof(ctx)) == 0);
}
