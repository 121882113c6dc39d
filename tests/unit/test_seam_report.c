/* The TDREPORT the software module builds: layout, hashes and MAC. */
#include "shim.h"
#include "../../seam/crypto/sha384.c"
#include "../../seam/crypto/hmac_sha384.c"
#include "../../seam/td_report.c"
#include "test.h"

static struct td_tdcs tdcs;
static struct td_tdcs_measure m;
static uint8_t report[1024];

static void build(uint8_t fill)
{
	uint8_t reportdata[64];

	memset(reportdata, fill, sizeof(reportdata));
	td_build_report(&tdcs, &m, reportdata, report);
}

TEST(report_layout_and_hashes)
{
	uint8_t digest[48], mac[48];

	tdcs.attributes = 0x10000001;
	tdcs.xfam = 3;
	memset(m.mrtd, 0x11, sizeof(m.mrtd));
	memset(m.rtmr[3], 0x33, sizeof(m.rtmr[3]));
	build(0x5a);
	CHECK_EQ(report[0], 0x81);                      /* REPORTTYPE.TYPE: TDX */
	CHECK_EQ(report[1], 0);                         /* subtype */
	CHECK_EQ(report[128], 0x5a);                    /* REPORTDATA */
	CHECK_EQ(report[191], 0x5a);
	CHECK_EQ(*(uint64_t *)(report + 512), 0x10000001);     /* TDINFO.ATTRIBUTES */
	CHECK_EQ(*(uint64_t *)(report + 520), 3);              /* XFAM */
	CHECK_EQ(report[512 + 16], 0x11);                      /* MRTD */
	CHECK_EQ(report[512 + 208 + 3 * 48], 0x33);            /* RTMR[3] */
	sha384(report + 512, 512, digest);
	CHECK(memcmp(report + 80, digest, 48) == 0);    /* TEE_INFO_HASH = SHA-384(TDINFO) */
	sha384(report + 256, 256, digest);
	CHECK(memcmp(report + 32, digest, 48) == 0);    /* TEE_TCB_INFO_HASH */
	hmac_sha384(report_key, sizeof(report_key), report, 224, mac);
	CHECK(memcmp(report + 224, mac, 32) == 0);      /* MAC over REPORTMACSTRUCT[0, 224) */
}

TEST(mac_depends_on_reportdata_and_measurements)
{
	uint8_t first[32];

	build(1);
	memcpy(first, report + 224, 32);
	build(2);
	CHECK(memcmp(first, report + 224, 32) != 0);
	build(1);
	CHECK(memcmp(first, report + 224, 32) == 0);    /* deterministic within a boot */
	m.rtmr[0][0] ^= 1;
	build(1);
	CHECK(memcmp(first, report + 224, 32) != 0);
}
