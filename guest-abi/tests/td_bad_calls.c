/* The table runner of the hostile TDs td-badcalls and td-badmap: GHCI
 * calls with bad arguments, each checked against the status it must get
 * (td_rt.h struct td_bad_call). */
#include "guest-abi/tests/td_rt.h"

static const char *const expect_names[] = {
	[TD_EXPECT_STATUS] = "", [TD_EXPECT_ERROR] = "a GHCI error",
	[TD_EXPECT_TDCALL] = "TDCALL status ",
};

static bool as_expected(const struct td_bad_call *c, const struct gprs *r, uint64_t rax)
{
	if (c->expect == TD_EXPECT_TDCALL)
		return rax == c->status;
	if (rax != TDX_SUCCESS)
		return false;
	if (c->r11_is_r12 && r->r11 != c->r12)
		return false;
	if (c->expect == TD_EXPECT_ERROR)
		return r->r10 >> 63;
	return r->r10 == c->status;
}

unsigned td_bad_calls(const struct td_bad_call *calls, unsigned n)
{
	unsigned wrong = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct td_bad_call *c = &calls[i];
		struct gprs r = {
			.rcx = c->rcx ? c->rcx : TDG_VP_VMCALL_EXPOSE_STANDARD,
			.r10 = c->r10, .r11 = c->r11, .r12 = c->r12, .r13 = c->r13,
			.r14 = c->r14, .r15 = c->r15,
		};
		uint64_t rax = td_vmcall_raw(&r);
		uint64_t got = c->expect == TD_EXPECT_TDCALL ? rax : r.r10;

		if (as_expected(c, &r, rax)) {
			td_say("%s: 0x%lx", c->what, got);
			continue;
		}
		wrong++;
		if (c->expect != TD_EXPECT_ERROR)
			td_say("WRONG %s: TDCALL 0x%lx, R10 0x%lx, R11 0x%lx; expected %s0x%lx",
			       c->what, rax, r.r10, r.r11, expect_names[c->expect], c->status);
		else
			td_say("WRONG %s: TDCALL 0x%lx, R10 0x%lx, R11 0x%lx; expected %s",
			       c->what, rax, r.r10, r.r11, expect_names[c->expect]);
		if (c->r11_is_r12 && r.r11 != c->r12)
			td_say("WRONG %s: R11 should be the start GPA 0x%lx", c->what, c->r12);
	}
	return wrong;
}
