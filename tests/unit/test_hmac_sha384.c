/* HMAC-SHA-384: RFC 4231 section 4 test cases 1-7 (case 5 is truncated to
 * 128 bits by the RFC; cases 6 and 7 hash a 131-byte key first), plus the
 * incremental API. */
#include "shim.h"
#include "../../seam/crypto/sha384.c"
#include "../../seam/crypto/hmac_sha384.c"
#include "test.h"

static void check_mac(const uint8_t *mac, size_t n, const char *want)
{
	char hex[2 * SHA384_DIGEST_SIZE + 1];

	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	CHECK_STR(hex, want);
}

static void check_case(uint8_t key_byte, size_t key_len, const void *data,
		       size_t len, size_t mac_len, const char *want)
{
	uint8_t key[131], mac[SHA384_DIGEST_SIZE];

	memset(key, key_byte, key_len);
	hmac_sha384(key, key_len, data, len, mac);
	check_mac(mac, mac_len, want);
}

TEST(rfc4231_case1)
{
	check_case(0x0b, 20, "Hi There", 8, 48,
		   "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec6"
		   "82aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
}

TEST(rfc4231_case2_short_key)
{
	static const char data[] = "what do ya want for nothing?";
	uint8_t mac[SHA384_DIGEST_SIZE];

	hmac_sha384("Jefe", 4, data, strlen(data), mac);
	check_mac(mac, 48, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
			   "e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
}

TEST(rfc4231_case3)
{
	uint8_t data[50];

	memset(data, 0xdd, sizeof(data));
	check_case(0xaa, 20, data, sizeof(data), 48,
		   "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9feb"
		   "e83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27");
}

TEST(rfc4231_case4)
{
	uint8_t key[25], data[50], mac[SHA384_DIGEST_SIZE];

	for (int i = 0; i < 25; i++)
		key[i] = (uint8_t)(i + 1);
	memset(data, 0xcd, sizeof(data));
	hmac_sha384(key, sizeof(key), data, sizeof(data), mac);
	check_mac(mac, 48, "3e8a69b7783c25851933ab6290af6ca77a9981480850009c"
			   "c5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb");
}

TEST(rfc4231_case5_truncated)
{
	check_case(0x0c, 20, "Test With Truncation", 20, 16,
		   "3abf34c3503b2a23a46efc619baef897");
}

TEST(rfc4231_case6_long_key)
{
	static const char data[] =
		"Test Using Larger Than Block-Size Key - Hash Key First";

	check_case(0xaa, 131, data, strlen(data), 48,
		   "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f"
		   "3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952");
}

static const char case7_data[] =
	"This is a test using a larger than block-size key and a larger "
	"than block-size data. The key needs to be hashed before being "
	"used by the HMAC algorithm.";
static const char case7_mac[] =
	"6617178e941f020d351e2f254e8fd32c602420feb0b8fb9a"
	"dccebb82461e99c5a678cc31e799176d3860e6110c46523e";

TEST(rfc4231_case7_long_key_long_data)
{
	check_case(0xaa, 131, case7_data, strlen(case7_data), 48, case7_mac);
}

TEST(incremental_equals_one_shot)
{
	struct hmac_sha384_ctx ctx;
	uint8_t key[131], mac[SHA384_DIGEST_SIZE];
	size_t len = strlen(case7_data);

	memset(key, 0xaa, sizeof(key));
	for (size_t cut = 0; cut <= len; cut++) {
		hmac_sha384_init(&ctx, key, sizeof(key));
		hmac_sha384_update(&ctx, case7_data, cut);
		hmac_sha384_update(&ctx, case7_data + cut, len - cut);
		hmac_sha384_final(&ctx, mac);
		check_mac(mac, 48, case7_mac);
	}
}

/* A 128-byte key is used as is, a 129-byte one is hashed: the two differ
 * from each other and from the empty key. */
TEST(key_length_edges)
{
	uint8_t key[129], a[48], b[48], c[48], d[48];

	memset(key, 0x42, sizeof(key));
	hmac_sha384(key, 128, "x", 1, a);
	hmac_sha384(key, 129, "x", 1, b);
	hmac_sha384(NULL, 0, "x", 1, c);
	CHECK(memcmp(a, b, 48) != 0);
	CHECK(memcmp(a, c, 48) != 0);
	/* RFC 2104: a long key is replaced by its digest. */
	sha384(key, 129, d);
	hmac_sha384(d, 48, "x", 1, a);
	CHECK(memcmp(a, b, 48) == 0);
}
