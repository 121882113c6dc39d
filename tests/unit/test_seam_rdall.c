/* Conformance of TDH.SYS.RDALL (leaf 37): the metadata list it writes,
 * parsed back and checked against TDH.SYS.RD of the same fields, and its
 * refusals with their exact status and operand id, per intel/tdx-module
 * tdx_1.5 src/vmm_dispatcher/api_calls/tdh_sys_rdall.c and md_dump_list
 * (src/common/metadata_handlers/metadata_generic.c). */
#include "shim.h"
#include "seam_harness.h"
#include "test.h"

#define ST(code, operand) ((code) | (operand))
#define ID_NA ~0ull
#define MAX_TDMRS_ID 0x9100000100000008ull
#define CMR_SIZE0_ID 0x9000000300000100ull
/* md_field_id_t: LAST_ELEMENT_IN_FIELD 37:34, LAST_FIELD_IN_SEQUENCE
 * 46:38, WRITE_MASK_VALID 51, CONTEXT_CODE 54:52, reserved 31:24, 49:47,
 * 55 and 62 (include/tdx_api_defs.h). */
#define SEQ_LAST_FIELD(h)  (((h) >> 38) & 0x1ff)
#define SEQ_LAST_ELEMENT(h) (((h) >> 34) & 0xf)
#define SEQ_NOT_ID_BITS    (0x1ffull << 38 | 0xfull << 34 | 1ull << 51 | 7ull << 52 | \
			    0xffull << 24 | 7ull << 47 | 1ull << 55 | 1ull << 62)

#define LIST_PAGE (FAKE_PHYS_BASE + FAKE_PHYS_SIZE - PAGE_SIZE)
#define MAX_DUMPED 256

struct dumped {
	uint64_t id, value;
};

static uint64_t rdall(uint64_t page, uint64_t start, uint64_t *next)
{
	struct tdx_module_args a = { .rdx = page, .r8 = start };
	uint64_t status = call(TDH_SYS_RDALL, &a);

	*next = a.r8;
	return status;
}

static bool page_untouched(void)
{
	const uint8_t *p = phys_to_virt(LIST_PAGE);

	for (unsigned i = 0; i < PAGE_SIZE; i++)
		if (p[i] != 0x5a)       /* harness_boot's fill */
			return false;
	return true;
}

/* The fields of the list at list, appended to out[*n]: checks the list
 * header and each sequence header as a host reading the list would. */
static void parse_list(const void *list, size_t size, struct dumped *out, unsigned *n)
{
	const uint16_t *header = list;
	const uint64_t *slot = (const uint64_t *)list + 1;
	const uint64_t *end = (const uint64_t *)((const uint8_t *)list + header[0]);

	CHECK(header[0] >= 8 && header[0] <= size && header[0] % 8 == 0);
	CHECK_EQ(((const uint32_t *)list)[1], 0);               /* reserved */
	for (unsigned s = 0; s < header[1]; s++) {
		uint64_t seq = *slot++;

		CHECK(slot < end);
		CHECK_EQ(SEQ_LAST_ELEMENT(seq), 0);             /* global fields: one element */
		CHECK_EQ(seq & (1ull << 51 | 7ull << 52 | 0xffull << 24 | 7ull << 47 |
				1ull << 55 | 1ull << 62), 0);
		for (unsigned i = 0; i <= SEQ_LAST_FIELD(seq) && slot < end; i++) {
			CHECK(*n < MAX_DUMPED);
			out[*n].id = (seq & ~SEQ_NOT_ID_BITS) + i;
			out[*n].value = *slot++;
			(*n)++;
		}
	}
	CHECK(slot == end);
}

/* The fields TDH.SYS.RD serves, in its own order (id 0: the first). */
static unsigned sys_rd_fields(struct dumped *out)
{
	struct tdx_module_args a = { .rdx = 0 };
	unsigned n = 0;

	CHECK_EQ(call(TDH_SYS_RD, &a), TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	while (a.rdx != ID_NA && n < MAX_DUMPED) {
		out[n].id = a.rdx;
		CHECK_EQ(call(TDH_SYS_RD, &a), TDX_SUCCESS);
		out[n++].value = a.r8;
	}
	return n;
}

static void check_same_fields(const struct dumped *got, unsigned n_got,
			      const struct dumped *want, unsigned n_want)
{
	CHECK_EQ(n_got, n_want);
	for (unsigned i = 0; i < n_got && i < n_want; i++) {
		CHECK_EQ(got[i].id, want[i].id);
		CHECK_EQ(got[i].value, want[i].value);
	}
}

TEST(rdall_dumps_every_field_sys_rd_serves)
{
	static struct dumped want[MAX_DUMPED], got[MAX_DUMPED];
	const uint64_t *list;
	unsigned n_want, n_got = 0;
	uint64_t next = 0;

	harness_boot(2, 2);
	list = phys_to_virt(LIST_PAGE);
	harness_init_lps(2);
	n_want = sys_rd_fields(want);
	CHECK(n_want > 40);                     /* CMR arrays included */
	CHECK_EQ(rdall(LIST_PAGE, ID_NA, &next), TDX_SUCCESS);
	CHECK_EQ(next, ID_NA);
	parse_list(list, PAGE_SIZE, got, &n_got);
	check_same_fields(got, n_got, want, n_want);
	/* Nothing written past the list. */
	for (unsigned i = *(const uint16_t *)list; i < PAGE_SIZE; i++)
		CHECK_EQ(((const uint8_t *)list)[i], 0x5a);
}

TEST(rdall_sequences_hold_consecutive_fields_only)
{
	const uint64_t *list, *slot;
	uint64_t next, prev_end = ID_NA;
	bool attributes_seen = false;

	harness_boot(1, 1);
	list = phys_to_virt(LIST_PAGE);
	slot = list + 1;
	harness_init_lps(1);
	CHECK_EQ(rdall(LIST_PAGE, ID_NA, &next), TDX_SUCCESS);
	for (unsigned s = 0; s < ((const uint16_t *)list)[1]; s++) {
		uint64_t seq = *slot, first = seq & ~SEQ_NOT_ID_BITS;

		/* A sequence ends only where the next id does not follow. */
		CHECK(prev_end == ID_NA || first != prev_end + 1);
		prev_end = first + SEQ_LAST_FIELD(seq);
		if (first == 0x1900000300000000ull) {   /* ATTRIBUTES_FIXED0 .. XFAM_FIXED1 */
			CHECK_EQ(SEQ_LAST_FIELD(seq), 3);
			attributes_seen = true;
		}
		slot += 2 + SEQ_LAST_FIELD(seq);
	}
	CHECK(attributes_seen);
}

TEST(rdall_starts_at_the_field_r8_names)
{
	static struct dumped want[MAX_DUMPED], got[MAX_DUMPED];
	unsigned n_want, n_got = 0, from = 0;
	uint64_t next;

	harness_boot(1, 1);
	harness_init_lps(1);
	n_want = sys_rd_fields(want);
	while (from < n_want && want[from].id != CMR_SIZE0_ID)
		from++;
	CHECK_EQ(rdall(LIST_PAGE, CMR_SIZE0_ID, &next), TDX_SUCCESS);
	CHECK_EQ(next, ID_NA);
	parse_list(phys_to_virt(LIST_PAGE), PAGE_SIZE, got, &n_got);
	check_same_fields(got, n_got, want + from, n_want - from);
	/* md_dump_list matches the start on class, element size and field
	 * code: the context code, the reserved bits and bit 63 are ignored,
	 * and the list names the field as the module knows it. */
	n_got = 0;
	CHECK_EQ(rdall(LIST_PAGE, (MAX_TDMRS_ID & ~(1ull << 63)) | 2ull << 52 | 1ull << 62 | 5ull << 38,
		       &next), TDX_SUCCESS);
	parse_list(phys_to_virt(LIST_PAGE), PAGE_SIZE, got, &n_got);
	CHECK(n_got > 0);
	CHECK_EQ(got[0].id, MAX_TDMRS_ID);
	CHECK_EQ(got[0].value, SEAM_MAX_TDMRS);
}

/* A 4 KiB page holds every global field, so TDH.SYS.RDALL itself never
 * overflows here; the same list builder on a small buffer shows the
 * continuation rule: METADATA_LIST_OVERFLOW, R8 = the first field left
 * out, and asking again from there gives the rest. */
TEST(rdall_list_that_does_not_fit_continues_at_the_next_field)
{
	static struct dumped want[MAX_DUMPED], got[MAX_DUMPED];
	static uint64_t buf[8];
	unsigned n_want, n_got = 0, calls = 0;
	uint64_t start = ID_NA, next, status;

	harness_boot(1, 1);
	harness_init_lps(1);
	n_want = sys_rd_fields(want);
	do {
		unsigned before = n_got;

		status = dump_list(start, buf, sizeof(buf), &next);
		parse_list(buf, sizeof(buf), got, &n_got);
		CHECK(n_got > before);
		if (next != ID_NA) {
			CHECK_EQ(status, TDX_METADATA_LIST_OVERFLOW);
			CHECK(n_got < n_want);
			CHECK_EQ(next, want[n_got].id);
		}
		start = next;
	} while (next != ID_NA && ++calls < MAX_DUMPED);
	CHECK_EQ(status, TDX_SUCCESS);
	CHECK(calls > 1);
	check_same_fields(got, n_got, want, n_want);
	/* Room for the list header only: nothing dumped, resume at the start. */
	CHECK_EQ(dump_list(MAX_TDMRS_ID, buf, 16, &next), TDX_METADATA_LIST_OVERFLOW);
	CHECK_EQ(next, MAX_TDMRS_ID);
	CHECK_EQ(((const uint16_t *)buf)[1], 0);
}

TEST(rdall_needs_lp_init_before_looking_at_operands)
{
	uint64_t next;

	harness_boot(2, 1);
	CHECK_EQ(rdall(LIST_PAGE, ID_NA, &next), TDX_SYS_LP_INIT_NOT_DONE);
	CHECK_EQ(next, ID_NA);
	call0(TDH_SYS_INIT);
	call_on(1, TDH_SYS_LP_INIT);
	harness_lp = 0;
	CHECK_EQ(rdall(LIST_PAGE + 8, MAX_TDMRS_ID, &next), TDX_SYS_LP_INIT_NOT_DONE);
	CHECK_EQ(next, ID_NA);
	CHECK(page_untouched());
	harness_lp = 1;
	CHECK_EQ(rdall(LIST_PAGE, MAX_TDMRS_ID, &next), TDX_SUCCESS);
}

TEST(rdall_refuses_a_list_page_that_is_not_a_shared_hpa)
{
	const uint64_t rdx_invalid = ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX);
	uint64_t next;

	harness_boot(1, 1);
	harness_init_lps(1);
	CHECK_EQ(rdall(LIST_PAGE + 8, ID_NA, &next), rdx_invalid);      /* not 4K aligned */
	CHECK_EQ(next, ID_NA);
	CHECK_EQ(rdall(LIST_PAGE + 0x800, ID_NA, &next), rdx_invalid);
	CHECK_EQ(rdall(1ull << 52, ID_NA, &next), rdx_invalid);          /* past MAX_PA */
	CHECK_EQ(rdall(LIST_PAGE | 16ull << 46, ID_NA, &next), rdx_invalid); /* private KeyID */
	CHECK_EQ(rdall(FAKE_PHYS_BASE, ID_NA, &next), rdx_invalid);      /* SEAM range */
	/* The operand is checked before the field id. */
	CHECK_EQ(rdall(LIST_PAGE + 8, 0x9100000100000007ull, &next), rdx_invalid);
	CHECK(page_untouched());
	/* A shared KeyID names the same memory. */
	CHECK_EQ(rdall(LIST_PAGE | 15ull << 46, ID_NA, &next), TDX_SUCCESS);
	CHECK(!page_untouched());
}

TEST(rdall_refuses_a_start_field_the_module_does_not_have)
{
	uint64_t next;

	harness_boot(1, 1);
	harness_init_lps(1);
	CHECK_EQ(rdall(LIST_PAGE, 0x9100000100000007ull, &next), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(next, ID_NA);
	/* MAX_TDMRS with a 64-bit element size: not that field. */
	CHECK_EQ(rdall(LIST_PAGE, MAX_TDMRS_ID | 3ull << 32, &next), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(next, ID_NA);
	CHECK(page_untouched());
}
