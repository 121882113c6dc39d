/* MRTD and RTMR. Each MRTD check builds the module's 128-byte blocks by hand
 * (tdh_mem_page_add.c, tdh_mr_extend.c: name zero-padded to 16 bytes, GPA
 * little-endian at 16, 104 zero bytes) and hashes the concatenation in one
 * go; one build sequence is also pinned to a digest computed by OpenSSL from
 * a byte stream built by tests/unit/gen_sha384_vectors.sh in shell. */
#include "shim.h"
#include "../../seam/crypto/sha384.c"
#include "../../seam/measure.c"
#include "test.h"

static void check_hex(const uint8_t d[MR_SIZE], const char *want)
{
	char hex[2 * MR_SIZE + 1];

	for (int i = 0; i < MR_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	CHECK_STR(hex, want);
}

/* Byte j of the data of TD page p, as the generator script builds it. */
static void page_data(uint8_t page[4096], unsigned p)
{
	for (unsigned j = 0; j < 4096; j++)
		page[j] = (uint8_t)(j * 31 + 7 + 13 * (j / 256) + 101 * p);
}

/* Appends one block, written out byte by byte rather than through a struct. */
static size_t put_block(uint8_t *s, size_t at, const char name[16],
			uint64_t gpa)
{
	memcpy(s + at, name, 16);
	for (int i = 0; i < 8; i++)
		s[at + 16 + i] = (uint8_t)(gpa >> (8 * i));
	memset(s + at + 24, 0, 104);
	return at + 128;
}

TEST(empty_td_is_sha384_of_nothing)
{
	struct mrtd_ctx ctx;
	uint8_t mrtd[MR_SIZE];

	mrtd_init(&ctx);
	mrtd_finalize(&ctx, mrtd);
	check_hex(mrtd, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"
			"4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
}

TEST(page_add_block_layout)
{
	static const char name[16] = "MEM.PAGE.ADD\0\0\0";
	uint8_t stream[128], want[MR_SIZE], got[MR_SIZE];
	struct mrtd_ctx ctx;

	put_block(stream, 0, name, 0x0123456789abc000ull);
	CHECK_EQ(stream[16], 0x00);
	CHECK_EQ(stream[17], 0xc0);
	CHECK_EQ(stream[23], 0x01);
	sha384(stream, sizeof(stream), want);

	mrtd_init(&ctx);
	mrtd_page_add(&ctx, 0x0123456789abc000ull);
	mrtd_finalize(&ctx, got);
	CHECK(memcmp(got, want, MR_SIZE) == 0);
}

TEST(extend_block_layout)
{
	static const char name[16] = "MR.EXTEND\0\0\0\0\0\0";
	uint8_t stream[384], data[4096], want[MR_SIZE], got[MR_SIZE];
	struct mrtd_ctx ctx;

	page_data(data, 0);
	put_block(stream, 0, name, 0xfff00f00);
	memcpy(stream + 128, data + 0xf00, 256);
	sha384(stream, sizeof(stream), want);

	mrtd_init(&ctx);
	mrtd_extend_chunk(&ctx, 0xfff00f00, data + 0xf00);
	mrtd_finalize(&ctx, got);
	CHECK(memcmp(got, want, MR_SIZE) == 0);
}

/* A small TDVF-like build: page 0 added and measured, page 1 added only,
 * page 2 added and measured, in that order (PAGE.ADD, then the sixteen
 * MR.EXTENDs of its 256-byte chunks, as KVM issues them). */
static void build_td(struct mrtd_ctx *ctx)
{
	uint8_t data[4096];

	mrtd_init(ctx);
	mrtd_page_add(ctx, 0x800000);
	page_data(data, 0);
	for (int c = 0; c < 16; c++)
		mrtd_extend_chunk(ctx, 0x800000 + 256 * c, data + 256 * c);
	mrtd_page_add(ctx, 0x801000);
	mrtd_page_add(ctx, 0xfffff000);
	page_data(data, 2);
	for (int c = 0; c < 16; c++)
		mrtd_extend_chunk(ctx, 0xfffff000 + 256 * c, data + 256 * c);
}

TEST(build_sequence_matches_hand_built_stream)
{
	static const char add[16] = "MEM.PAGE.ADD", ext[16] = "MR.EXTEND";
	static uint8_t stream[99 * 128];
	uint8_t data[4096], want[MR_SIZE], got[MR_SIZE];
	struct mrtd_ctx ctx;
	size_t at = 0;

	at = put_block(stream, at, add, 0x800000);
	page_data(data, 0);
	for (int c = 0; c < 16; c++) {
		at = put_block(stream, at, ext, 0x800000 + 256 * c);
		memcpy(stream + at, data + 256 * c, 256);
		at += 256;
	}
	at = put_block(stream, at, add, 0x801000);
	at = put_block(stream, at, add, 0xfffff000);
	page_data(data, 2);
	for (int c = 0; c < 16; c++) {
		at = put_block(stream, at, ext, 0xfffff000 + 256 * c);
		memcpy(stream + at, data + 256 * c, 256);
		at += 256;
	}
	CHECK_EQ(at, sizeof(stream));
	sha384(stream, at, want);

	build_td(&ctx);
	mrtd_finalize(&ctx, got);
	CHECK(memcmp(got, want, MR_SIZE) == 0);
}

TEST(build_sequence_matches_openssl)
{
	struct mrtd_ctx ctx;
	uint8_t mrtd[MR_SIZE];

	build_td(&ctx);
	mrtd_finalize(&ctx, mrtd);
	check_hex(mrtd, "f6cccf5609b8f6887a52cc8b61c3d148810245ca95406e1e"
			"c5f2a134390adf08a46b82d809b3f1a6697880d9e5b934f8");
}

/* What is measured, and in what order, all changes MRTD. */
TEST(order_gpa_and_data_matter)
{
	uint8_t data[256] = { 0 }, base[MR_SIZE], d[MR_SIZE];
	struct mrtd_ctx ctx;

	mrtd_init(&ctx);
	mrtd_page_add(&ctx, 0x1000);
	mrtd_page_add(&ctx, 0x2000);
	mrtd_finalize(&ctx, base);

	mrtd_init(&ctx);
	mrtd_page_add(&ctx, 0x2000);
	mrtd_page_add(&ctx, 0x1000);
	mrtd_finalize(&ctx, d);
	CHECK(memcmp(base, d, MR_SIZE) != 0);

	mrtd_init(&ctx);
	mrtd_page_add(&ctx, 0x1000);
	mrtd_extend_chunk(&ctx, 0x2000, data);
	mrtd_finalize(&ctx, base);
	data[255] = 1;
	mrtd_init(&ctx);
	mrtd_page_add(&ctx, 0x1000);
	mrtd_extend_chunk(&ctx, 0x2000, data);
	mrtd_finalize(&ctx, d);
	CHECK(memcmp(base, d, MR_SIZE) != 0);
}

TEST(rtmr_extend_concatenates_and_hashes)
{
	uint8_t rtmr[MR_SIZE] = { 0 }, e1[MR_SIZE], e2[MR_SIZE];
	uint8_t cat[2 * MR_SIZE], want[MR_SIZE];

	sha384(NULL, 0, e1);
	sha384("abc", 3, e2);
	memset(cat, 0, MR_SIZE);
	memcpy(cat + MR_SIZE, e1, MR_SIZE);
	sha384(cat, sizeof(cat), want);

	rtmr_extend(rtmr, e1);
	CHECK(memcmp(rtmr, want, MR_SIZE) == 0);
	rtmr_extend(rtmr, e2);
	check_hex(rtmr, "250af50742f24f5e09ba3458e4c89a17b41a4b0344a0f69d"
			"589c7b242768c96d424be7cb141cdbd4cae083c8b356f71f");
}
