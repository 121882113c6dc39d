/* Conformance of TDG.MEM.PAGE.ACCEPT (intel/tdx-module tdx_1.5
 * tdg_mem_page_accept.c), run on a vCPU's state without VMX: the S-EPT
 * transition PENDING -> MAPPED with the page zeroed, the warning and
 * error statuses with the level in the operand id, and the EPT-violation
 * TD exit (async_tdexit_ept_violation) the host sees when the page is
 * not there yet: TDH.VP.ENTER's status and RCX/RDX/R8/R9 as KVM reads
 * them (arch/x86/kvm/vmx/tdx.c). */
#include "shim.h"
#include "seam_mem_harness.h"
#include "test.h"

#define GPA1 (GPA0 + PAGE_SIZE)

/* The extended exit qualification of an ACCEPT exit: type 1, requested
 * level 34:32, level reached 37:35, that entry's state 45:38, leaf 46. */
static uint64_t accept_eeq(unsigned req, unsigned reached, unsigned state, bool leaf)
{
	return 1 | (uint64_t)(req | reached << 3 | state << 6 | (unsigned)leaf << 14) << 32;
}

static void fill(paddr_t pa, uint64_t size, uint8_t byte)
{
	memset(phys_to_virt(pa), byte, size);
}

static bool zero(paddr_t pa, uint64_t size)
{
	const uint8_t *p = phys_to_virt(pa);

	for (uint64_t i = 0; i < size; i++)
		if (p[i])
			return false;
	return true;
}

TEST(accept_4k_maps_a_zeroed_page)
{
	paddr_t tdvpr, page;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	page = harness_page();
	fill(page, PAGE_SIZE, 0xa5);            /* what the host left there */
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, page), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | LEVEL_4K, &exit), TDX_SUCCESS);
	CHECK(!exit);
	CHECK(zero(page, PAGE_SIZE));
	CHECK_EQ(tdh_sept_rd(GPA1, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, page | SEPT_RWX | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_MAPPED));
}

TEST(accept_2m_maps_a_zeroed_2m_page)
{
	paddr_t tdvpr, big;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	fill(big, SIZE_2M, 0x3c);
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA_2M | LEVEL_2M, &exit), TDX_SUCCESS);
	CHECK(!exit);
	CHECK(zero(big, SIZE_2M));
	CHECK_EQ(sept_state(GPA_2M | LEVEL_2M, td.tdr), STATE_MAPPED);
	/* A hardware EPT 2M page: a leaf PDE with RWX. */
	CHECK_EQ(tdh_sept_rd(GPA_2M | LEVEL_2M, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.rcx, big | SEPT_RWX | SEPT_MT_WB | SEPT_IPAT | SEPT_LEAF | SEPT_SVE);
}

TEST(accept_twice_is_a_warning_with_the_level)
{
	paddr_t tdvpr, big;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1, &exit), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1, &exit), TDX_PAGE_ALREADY_ACCEPTED | LEVEL_4K);
	CHECK(!exit);
	CHECK(!TDX_STATUS_IS_ERROR(TDX_PAGE_ALREADY_ACCEPTED));
	/* A page of the initial image is accepted already. */
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA0, &exit), TDX_PAGE_ALREADY_ACCEPTED | LEVEL_4K);
	/* 4K inside an accepted 2M page: found at level 1. */
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA_2M | LEVEL_2M, &exit), TDX_SUCCESS);
	fill(big + PAGE_SIZE, 8, 0x11);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA_2M + PAGE_SIZE, &exit), TDX_PAGE_ALREADY_ACCEPTED | LEVEL_2M);
	CHECK(!zero(big + PAGE_SIZE, 8));       /* not zeroed again */
}

TEST(accept_2m_where_4k_pages_are_mapped)
{
	paddr_t tdvpr;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA0 | LEVEL_2M, &exit), TDX_PAGE_SIZE_MISMATCH | LEVEL_2M);
	CHECK(!exit);
	CHECK(TDX_STATUS_IS_ERROR(TDX_PAGE_SIZE_MISMATCH));
}

TEST(accept_operand_checks)
{
	paddr_t tdvpr;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | 2, &exit), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | LEVEL_2M, &exit), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | BIT(4), &exit), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | BIT(52), &exit), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | BIT(47), &exit), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK(!exit);
}

/* No page at the GPA yet: a TD exit so the host can TDH.MEM.PAGE.AUG it;
 * the TDCALL runs again at the next TDH.VP.ENTER. */
TEST(accept_of_a_free_gpa_exits_to_the_host)
{
	paddr_t tdvpr;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | LEVEL_4K, &exit), TDG_MEM_PAGE_ACCEPT);  /* RAX kept */
	CHECK(exit);
	CHECK_EQ(exit_status, 48);                      /* EPT violation, SUCCESS class */
	CHECK_EQ(last.rcx, BIT(1));                     /* a write; the entry gives no rights */
	CHECK_EQ(last.rdx, accept_eeq(LEVEL_4K, LEVEL_4K, STATE_FREE, false));
	CHECK_EQ(last.r8, GPA1);
	CHECK_EQ(last.r9, 0);
	CHECK_EQ(last.r10 | last.r11 | last.r12 | last.r13 | last.r14 | last.r15, 0);
	CHECK_EQ(last.rbx | last.rsi | last.rdi, 0);
	CHECK_EQ(sept_state(GPA1, td.tdr), STATE_FREE);
	/* The host adds the page; the TDCALL's second run succeeds. */
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdg_accept(td.tdr, tdvpr, GPA1 | LEVEL_4K, &exit), TDX_SUCCESS);
	CHECK(!exit);
}

TEST(accept_2m_where_no_pd_exists)
{
	paddr_t tdvpr;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	tdg_accept(td.tdr, tdvpr, 0x40000000 | LEVEL_2M, &exit);
	CHECK(exit);
	CHECK_EQ(last.rdx, accept_eeq(LEVEL_2M, SEPT_LEVEL_PDPT, STATE_FREE, false));
	CHECK_EQ(last.r8, 0x40000000);
	/* 2M of free entries where a PD exists: the host may AUG at 2M. */
	tdg_accept(td.tdr, tdvpr, GPA_2M | LEVEL_2M, &exit);
	CHECK(exit);
	CHECK_EQ(last.rdx, accept_eeq(LEVEL_2M, LEVEL_2M, STATE_FREE, false));
}

/* 4K accept inside a PENDING 2M page: the guest asks for less than the
 * host gave; the host sees the requested level (KVM demotes then). */
TEST(accept_4k_inside_a_pending_2m_page)
{
	paddr_t tdvpr, big;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	big = harness_2m_page();
	CHECK_EQ(tdh_page_aug(GPA_2M | LEVEL_2M, td.tdr, big), TDX_SUCCESS);
	tdg_accept(td.tdr, tdvpr, (GPA_2M + 3 * PAGE_SIZE) | LEVEL_4K, &exit);
	CHECK(exit);
	CHECK_EQ(last.rcx, BIT(1));
	CHECK_EQ(last.rdx, accept_eeq(LEVEL_4K, LEVEL_2M, STATE_PENDING, true));
	CHECK_EQ(last.r8, GPA_2M + 3 * PAGE_SIZE);
	CHECK_EQ(sept_state(GPA_2M | LEVEL_2M, td.tdr), STATE_PENDING);
}

TEST(accept_of_a_blocked_page_exits)
{
	paddr_t tdvpr;
	struct td td;
	bool exit;

	ready(1);
	td = td_runnable(&tdvpr);
	CHECK_EQ(tdh_page_aug(GPA1, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_block(GPA1, td.tdr), TDX_SUCCESS);
	tdg_accept(td.tdr, tdvpr, GPA1, &exit);
	CHECK(exit);
	CHECK_EQ(last.rdx, accept_eeq(LEVEL_4K, LEVEL_4K, STATE_PENDING_BLOCKED, true));
	CHECK_EQ(sept_state(GPA1, td.tdr), STATE_PENDING_BLOCKED);
	/* A blocked MAPPED page is not guest-accessible either. */
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	tdg_accept(td.tdr, tdvpr, GPA0, &exit);
	CHECK(exit);
	CHECK_EQ(last.rdx, accept_eeq(LEVEL_4K, LEVEL_4K, STATE_BLOCKED, true));
}

/* Whether a guest access to a PENDING page is a #VE or a TD exit follows
 * TD_CTLS.PENDING_VE_DISABLE, which TDH.MNG.INIT takes from
 * ATTRIBUTES.SEPT_VE_DISABLE (tdh_mng_init.c); the host cannot read it. */
static uint64_t td_ctls(paddr_t tdr)
{
	return td_tdcs_of(seam_td_tdr(tdr))->td_ctls;
}

TEST(pending_ve_disable_starts_as_sept_ve_disable)
{
	struct td plain, no_ve;
	struct td_params *p;

	ready(1);
	plain = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(td_ctls(plain.tdr), 0);
	no_ve = td_build(TD_TDCS_ADDED, HKID + 1);
	p = phys_to_virt(no_ve.params);
	p->attributes = TD_ATTR_SEPT_VE_DISABLE;
	CHECK_EQ(tdh_mng_init(no_ve.tdr, no_ve.params), TDX_SUCCESS);
	CHECK_EQ(td_ctls(no_ve.tdr), TDX_TD_CTLS_PENDING_VE_DISABLE);
}
