/* Conformance of the model's metadata and debug leaves: TDH.VP.RD/WR,
 * TDH.MNG.RD/WR, TDH.MEM.RD/WR and the TDCALLs TDG.VM.RD/WR,
 * TDG.VP.RD/WR, TDG.SYS.RD, TDG.VP.CPUIDVE.SET. Each case asserts the
 * exact status (and operand id) of intel/tdx-module tdx_1.5
 * tdh_vp_rd_wr.c, tdh_mng_rd_wr.c, tdh_mem_rd_wr.c, tdg_*_rd_wr.c with
 * the masks of include/auto_gen/ field tables, and what a field reads
 * back. Field ids: hv/tdx/td_fields.h. */
#include "shim.h"
#include "seam_mem_harness.h"
#include "test.h"

#define PLATFORM_FMS 0x806f8
#define HOST_ALL     ~0ull

static uint64_t tdh_vp_rd(paddr_t tdvpr, uint64_t id)
{
	return leaf(TDH_VP_RD, tdvpr, id, 0, 0);
}

static uint64_t tdh_vp_wr(paddr_t tdvpr, uint64_t id, uint64_t value, uint64_t mask)
{
	return leaf(TDH_VP_WR, tdvpr, id, value, mask);
}

static uint64_t tdh_mng_wr(paddr_t tdr, uint64_t id, uint64_t value, uint64_t mask)
{
	return leaf(TDH_MNG_WR, tdr, id, value, mask);
}

static uint64_t tdh_mem_rd(uint64_t gpa, paddr_t tdr)
{
	return leaf(TDH_MEM_RD, gpa, tdr, 0, 0);
}

static uint64_t tdh_mem_wr(uint64_t gpa, paddr_t tdr, uint64_t value)
{
	return leaf(TDH_MEM_WR, gpa, tdr, value, 0);
}

/* An initialized TD with these ATTRIBUTES and CONFIG_FLAGS, one vCPU and a
 * PT for GPA0. */
static struct td td_with(uint64_t attributes, uint64_t config_flags, paddr_t *tdvpr)
{
	struct td td = td_build(TD_TDCS_ADDED, HKID);
	struct td_params *p = phys_to_virt(td.params);

	p->attributes = attributes;
	p->config_flags = config_flags;
	CHECK_EQ(tdh_mng_init(td.tdr, td.params), TDX_SUCCESS);
	*tdvpr = vcpu_build(td.tdr, TD_TDVPS_PAGES, true);
	sept_map(td.tdr, GPA0);
	return td;
}

static struct td debug_td(paddr_t *tdvpr)
{
	return td_with(TD_ATTR_DEBUG, 0, tdvpr);
}

/* ---- TDH.VP.RD / TDH.VP.WR: guest state ---- */

TEST(vp_rd_reads_a_debug_tds_gprs_as_vp_init_set_them)
{
	paddr_t tdvpr;

	ready(1);
	debug_td(&tdvpr);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RCX), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x1234);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RBX), TDX_SUCCESS);
	CHECK_EQ(last.r8, 48);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RDX), TDX_SUCCESS);
	CHECK_EQ(last.r8, PLATFORM_FMS);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RSI), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RIP), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xfffffff0);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RFLAGS), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x2);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_DR7), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x400);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_ES_AR + 2), TDX_SUCCESS);    /* CS */
	CHECK_EQ(last.r8, 0xc09b);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_ES_LIMIT + 2 * 7), TDX_SUCCESS); /* TR */
	CHECK_EQ(last.r8, 0xffff);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_DR(6)), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xffff0ff0);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_XCR0), TDX_SUCCESS);
	CHECK_EQ(last.r8, 1);
}

TEST(vp_rd_and_wr_refuse_a_production_tds_guest_state)
{
	paddr_t tdvpr;

	ready(1);
	td_with_vcpu(&tdvpr);
	last.r8 = 0x55;
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RAX), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RIP), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_DR(0)), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_EXCEPTION_BITMAP), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_RAX, 1, HOST_ALL), TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_RIP, 1, HOST_ALL), TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_EXCEPTION_BITMAP, BIT(3), BIT(3)),
		 TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PROC_BASED_CONTROLS, TDX_PROC_MONITOR_TRAP_FLAG,
			   TDX_PROC_MONITOR_TRAP_FLAG), TDX_METADATA_FIELD_NOT_WRITABLE);
	/* What any host may read. */
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_VCPU_INDEX), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_NUM_TDVPS_PAGES), TDX_SUCCESS);
	CHECK_EQ(last.r8, TD_TDVPS_PAGES);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_XFAM), TDX_SUCCESS);
	CHECK_EQ(last.r8, 3);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_TDVPS_PAGE_PA(0)), TDX_SUCCESS);
	CHECK_EQ(last.r8, tdvpr | (uint64_t)HKID << TD_HKID_SHIFT);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_VCPU_STATE_DETAILS), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
}

TEST(vp_rd_rsp_is_the_vmcs_field_not_the_gpr_slot)
{
	paddr_t tdvpr;

	ready(1);
	debug_td(&tdvpr);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GPR(4)), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GPR(4), 1, HOST_ALL), TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_RSP, 0x7000, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RSP), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x7000);
}

TEST(vp_wr_before_the_first_entry_sets_the_state_it_starts_with)
{
	paddr_t tdvpr;
	struct td_tdvpr *vp;

	ready(1);
	debug_td(&tdvpr);
	vp = seam_td_tdvpr(tdvpr);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_RIP, 0x100000, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xfffffff0);          /* the old value */
	CHECK_EQ(vp->regs.rip, 0x100000);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_R15, 0xabcdef, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(vp->regs.gpr[TD_R15], 0xabcdef);
	/* Only the bits in the mask change: RFLAGS.TF for single-step. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_RFLAGS, BIT(8), BIT(8)), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RFLAGS), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x102);
	/* Hardware breakpoint: DR0 and DR7. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_DR(0), 0x100040, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_DR7, 0x401, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(vp->ctls.dr[0], 0x100040);
	CHECK_EQ(vp->regs.dr7, 0x401);
}

TEST(vp_wr_refuses_bits_outside_the_write_mask)
{
	paddr_t tdvpr;

	ready(1);
	debug_td(&tdvpr);
	/* DR6: bits 63:32 are not writable; asking to change one fails, a
	 * mask without them does not. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_DR(6), BIT(32), HOST_ALL),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_DR(6), 0xffff4ff0, 0xffffffff), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xffff0ff0);
	/* XCR0 is read-only even for a debugger. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_XCR0, 3, HOST_ALL), TDX_METADATA_FIELD_NOT_WRITABLE);
	/* A mask with no writable bit. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_RAX, 1, 0), TDX_METADATA_FIELD_NOT_WRITABLE);
}

TEST(vp_rd_checks_the_field_id)
{
	paddr_t tdvpr;

	ready(1);
	debug_td(&tdvpr);
	/* Reserved bits 31:24, LAST_ELEMENT_IN_FIELD, bit 62. */
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RAX | BIT(24)), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RAX | BIT(34)), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RAX | BIT(62)), TDX_METADATA_FIELD_ID_INCORRECT);
	/* No such field; the high half of a 64-bit VMCS field. */
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GPR(16)), TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RIP + 1), TDX_METADATA_FIELD_ID_INCORRECT);
	/* Context, size and write-mask-valid bits are ignored: KVM's ids
	 * (class and field code only) work. */
	CHECK_EQ(tdh_vp_rd(tdvpr, 0x681eull), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xfffffff0);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RCX | BIT(51)), TDX_SUCCESS);
}

/* ---- TDH.VP.RD / TDH.VP.WR: the leaf's checks in order ---- */

TEST(vp_rd_needs_a_tdvpr_in_rcx)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = debug_td(&tdvpr);
	CHECK_EQ(tdh_vp_rd(td.tdr, TDX_FIELD_RAX), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_vp_wr(tdvpr + 8, TDX_FIELD_RAX, 0, HOST_ALL),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
}

TEST(vp_rd_of_an_uninitialized_vcpu)
{
	paddr_t tdvpr, partial, fresh;
	struct td td;

	ready(1);
	td = debug_td(&tdvpr);
	partial = vcpu_build(td.tdr, 2, false);
	fresh = vcpu_build(td.tdr, TD_TDVPS_PAGES, false);
	CHECK_EQ(tdh_vp_rd(partial, TDX_FIELD_RAX), TDX_TDCX_NUM_INCORRECT);
	CHECK_EQ(tdh_vp_rd(fresh, TDX_FIELD_RAX), TDX_VCPU_STATE_INCORRECT);
}

TEST(vp_rd_runs_on_the_vcpus_lp_or_associates_it)
{
	paddr_t tdvpr;

	ready(1);
	debug_td(&tdvpr);
	harness_lp = 1;
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RAX), TDX_VCPU_ASSOCIATED);
	harness_lp = 0;
	CHECK_EQ(tdh_vp_flush(tdvpr), TDX_SUCCESS);
	harness_lp = 1;
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_ASSOC_LPID), TDX_SUCCESS);
	CHECK_EQ(last.r8, 1);
	harness_lp = 0;
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_RAX), TDX_VCPU_ASSOCIATED);
}

TEST(vp_wr_refuses_a_disabled_vcpu_vp_rd_does_not)
{
	paddr_t tdvpr;

	ready(1);
	debug_td(&tdvpr);
	seam_td_tdvpr(tdvpr)->state = VCPU_DISABLED;     /* as after a triple fault */
	fake_vmcs_fields = 0;
	td_vmcs_write(NULL, 0x681e, 0x1234);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RIP), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x1234);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_RIP, 0, HOST_ALL), TDX_VCPU_STATE_INCORRECT);
}

/* ---- TD VMCS controls ---- */

TEST(posted_interrupts_need_vector_and_descriptor_first)
{
	paddr_t tdvpr, pid = harness_page();

	ready(1);
	td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_POSTED_INTR_DESC_ADDR), TDX_SUCCESS);
	CHECK_EQ(last.r8, NULL_PA);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_POSTED_INTR_NV), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xffff);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PIN_BASED_CONTROLS, BIT(7), BIT(7)),
		 TDX_TD_VMCS_FIELD_NOT_INITIALIZED | 0x0002);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_POSTED_INTR_NV, 256, HOST_ALL),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_POSTED_INTR_NV, 0xf2, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PIN_BASED_CONTROLS, BIT(7), BIT(7)),
		 TDX_TD_VMCS_FIELD_NOT_INITIALIZED | 0x2016);
	/* The descriptor: 64-byte aligned, shared, outside the SEAM range. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_POSTED_INTR_DESC_ADDR, pid + 0x20, HOST_ALL),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_POSTED_INTR_DESC_ADDR, FAKE_PHYS_BASE + 0x1000,
			   HOST_ALL), TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_POSTED_INTR_DESC_ADDR, pid + 0x40, HOST_ALL),
		 TDX_SUCCESS);
	CHECK_EQ(last.r8, NULL_PA);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PIN_BASED_CONTROLS, BIT(7), BIT(7)), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_PIN_BASED_CONTROLS), TDX_SUCCESS);
	CHECK_EQ(last.r8, BIT(7));
	CHECK_EQ(seam_td_tdvpr(tdvpr)->ctls.pid_hpa, pid + 0x40);
	CHECK_EQ(seam_td_tdvpr(tdvpr)->ctls.posted_intr_nv, 0xf2);
	/* Other pin-based bits are the module's. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PIN_BASED_CONTROLS, BIT(0), BIT(0)),
		 TDX_METADATA_FIELD_NOT_WRITABLE);
}

TEST(shared_eptp_takes_a_shared_page_address_only)
{
	paddr_t tdvpr, root = harness_page();

	ready(1);
	td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_SHARED_EPTP, root | 0x5e, HOST_ALL),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_SHARED_EPTP, FAKE_PHYS_BASE, HOST_ALL),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_SHARED_EPTP, root, HOST_ALL), TDX_SUCCESS);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_SHARED_EPTP), TDX_SUCCESS);
	CHECK_EQ(last.r8, root);
	CHECK_EQ(seam_td_tdvpr(tdvpr)->ctls.shared_eptp, root);
}

TEST(exception_bitmap_of_a_debug_td_keeps_mc)
{
	paddr_t tdvpr;
	const struct td_tdvpr *vp;

	ready(1);
	debug_td(&tdvpr);
	vp = seam_td_tdvpr(tdvpr);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_EXCEPTION_BITMAP), TDX_SUCCESS);
	CHECK_EQ(last.r8, BIT(18));
	/* #DB and #BP become TD exits. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_EXCEPTION_BITMAP, BIT(1) | BIT(3), BIT(1) | BIT(3)),
		 TDX_SUCCESS);
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_EXCEPTION_BITMAP), TDX_SUCCESS);
	CHECK_EQ(last.r8, BIT(1) | BIT(3) | BIT(18));
	/* The TD VMCS also intercepts #UD, for TDCALL. */
	CHECK_EQ(md_vp_exception_bitmap(vp), BIT(1) | BIT(3) | BIT(6) | BIT(18));
	/* #MC cannot be cleared. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_EXCEPTION_BITMAP, 0, BIT(18)),
		 TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_EXCEPTION_BITMAP, 0, 0xffffffff),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_EXCEPTION_BITMAP, BIT(18), 0xffffffff), TDX_SUCCESS);
	CHECK_EQ(last.r8, BIT(1) | BIT(3) | BIT(18));
}

TEST(vp_wr_after_the_first_entry_goes_to_the_td_vmcs)
{
	paddr_t tdvpr;
	struct td_tdvpr *vp;
	uint64_t v;

	ready(1);
	debug_td(&tdvpr);
	vp = seam_td_tdvpr(tdvpr);
	vp->state = VCPU_ACTIVE;                /* TDH.VP.ENTER built the VMCS */
	fake_vmcs_fields = 0;
	td_vmcs_write(vp, VMCS_GUEST_RIP, 0x200000);
	td_vmcs_write(vp, VMCS_PROC_BASED_CONTROLS, 0x84006172);
	td_vmcs_write(vp, VMCS_EXCEPTION_BITMAP, BIT(6) | BIT(18));
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_RIP), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0x200000);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_GUEST_RIP, 0x200010, HOST_ALL), TDX_SUCCESS);
	CHECK(td_vmcs_read(vp, VMCS_GUEST_RIP, &v));
	CHECK_EQ(v, 0x200010);
	CHECK_EQ(vp->regs.rip, 0xfffffff0);     /* the pre-entry image is history */
	/* A field this CPU's VMCS lacks. */
	CHECK_EQ(tdh_vp_rd(tdvpr, TDX_FIELD_GUEST_CR3), TDX_METADATA_FIELD_ID_INCORRECT);
	/* Single-step with the monitor trap flag: the VMCS's other bits stay. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PROC_BASED_CONTROLS, TDX_PROC_MONITOR_TRAP_FLAG,
			   TDX_PROC_MONITOR_TRAP_FLAG), TDX_SUCCESS);
	CHECK(td_vmcs_read(vp, VMCS_PROC_BASED_CONTROLS, &v));
	CHECK_EQ(v, 0x84006172 | TDX_PROC_MONITOR_TRAP_FLAG);
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_PROC_BASED_CONTROLS, 0, TDX_PROC_MONITOR_TRAP_FLAG),
		 TDX_SUCCESS);
	CHECK(td_vmcs_read(vp, VMCS_PROC_BASED_CONTROLS, &v));
	CHECK_EQ(v, 0x84006172);
	/* #BP into the live exception bitmap, #UD kept. */
	CHECK_EQ(tdh_vp_wr(tdvpr, TDX_FIELD_EXCEPTION_BITMAP, BIT(3), BIT(3)), TDX_SUCCESS);
	CHECK(td_vmcs_read(vp, VMCS_EXCEPTION_BITMAP, &v));
	CHECK_EQ(v, BIT(3) | BIT(6) | BIT(18));
}

/* ---- TDH.MNG.RD / TDH.MNG.WR ---- */

TEST(mng_wr_writes_only_what_the_host_may)
{
	paddr_t tdvpr;
	struct td prod, dbg;

	ready(1);
	prod = td_build(TD_INITIALIZED, spare_hkid++);
	CHECK_EQ(tdh_mng_wr(prod.tdr, TDX_FIELD_ATTRIBUTES, 1, HOST_ALL),
		 TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_mng_wr(prod.tdr, TDX_FIELD_NOTIFY_ENABLES, 1, 1),
		 TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_mng_rd(prod.tdr, TDX_FIELD_NOTIFY_ENABLES), TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(tdh_mng_rd(prod.tdr, TDX_FIELD_TD_CTLS), TDX_METADATA_FIELD_NOT_READABLE);
	dbg = td_with(TD_ATTR_DEBUG, 0, &tdvpr);
	CHECK_EQ(tdh_mng_wr(dbg.tdr, TDX_FIELD_NOTIFY_ENABLES, 1, 1), TDX_SUCCESS);
	CHECK_EQ(tdh_mng_rd(dbg.tdr, TDX_FIELD_NOTIFY_ENABLES), TDX_SUCCESS);
	CHECK_EQ(last.r8, 1);
	CHECK_EQ(tdh_mng_wr(dbg.tdr, TDX_FIELD_NOTIFY_ENABLES, 2, 2),
		 TDX_METADATA_FIELD_NOT_WRITABLE);
	CHECK_EQ(tdh_mng_wr(dbg.tdr, TDX_FIELD_NOTIFY_ENABLES, 3, 3),
		 TDX_METADATA_FIELD_VALUE_NOT_VALID);
}

TEST(mng_rd_tsc_virtualization_of_the_model)
{
	struct td td;

	ready(1);
	td = td_build(TD_INITIALIZED, HKID);
	CHECK_EQ(tdh_mng_rd(td.tdr, TDX_FIELD_TSC_OFFSET), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_mng_rd(td.tdr, TDX_FIELD_TSC_MULTIPLIER), TDX_SUCCESS);
	CHECK_EQ(last.r8, BIT(48));
	CHECK_EQ(tdh_mng_rd(td.tdr, TDX_FIELD_TSC_FREQUENCY), TDX_SUCCESS);
	CHECK_EQ(last.r8, 100);
	CHECK_EQ(tdh_mng_rd(td.tdr, TDX_FIELD_TD_EPTP), TDX_SUCCESS);
	CHECK_EQ(last.r8 & 0x3f, (3 << 3) | 6);
}

TEST(mng_wr_checks_td_and_op_state)
{
	struct td td;

	ready(1);
	td = td_build(TD_TDCS_ADDED, HKID);
	CHECK_EQ(tdh_mng_wr(td.tdr, TDX_FIELD_NOTIFY_ENABLES, 1, 1), TDX_OP_STATE_INCORRECT);
	CHECK_EQ(tdh_mng_wr(td.tdr + 4, TDX_FIELD_NOTIFY_ENABLES, 1, 1),
		 ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mng_rd(td.tdr, TDX_FIELD_ATTRIBUTES | BIT(55)), TDX_OP_STATE_INCORRECT);
}

/* ---- TDH.MEM.RD / TDH.MEM.WR ---- */

TEST(mem_rd_refuses_a_production_td)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(3)), TDX_SUCCESS);
	CHECK_EQ(tdh_mem_rd(GPA0, td.tdr), TDX_TD_NON_DEBUG);
	CHECK_EQ(last.r8, 0);
	CHECK_EQ(tdh_mem_wr(GPA0, td.tdr, 1), TDX_TD_NON_DEBUG);
}

TEST(mem_rd_and_wr_reach_a_debug_tds_private_page)
{
	paddr_t tdvpr, page = harness_page(), source = source_page(5);
	uint64_t expect;
	struct td td;

	ready(1);
	td = debug_td(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, page, source), TDX_SUCCESS);
	memcpy(&expect, (uint8_t *)phys_to_virt(source) + 0x18, 8);
	CHECK_EQ(tdh_mem_rd(GPA0 + 0x18, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.r8, expect);
	CHECK_EQ(last.rcx, 0);
	CHECK_EQ(last.rdx, 0);
	CHECK_EQ(tdh_mem_wr(GPA0 + 0x18, td.tdr, 0xcc), TDX_SUCCESS);   /* int3 */
	CHECK_EQ(last.r8, expect);
	CHECK_EQ(*(uint64_t *)((uint8_t *)phys_to_virt(page) + 0x18), 0xcc);
	CHECK_EQ(tdh_mem_rd(GPA0 + 0x18, td.tdr), TDX_SUCCESS);
	CHECK_EQ(last.r8, 0xcc);
}

TEST(mem_rd_checks_the_gpa)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = debug_td(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(1)), TDX_SUCCESS);
	CHECK_EQ(tdh_mem_rd(GPA0 + 4, td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	CHECK_EQ(tdh_mem_rd(GPA0 | BIT(47), td.tdr), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RCX));
	/* A free 4K entry in the PT: where the walk stopped, in RCX/RDX. */
	CHECK_EQ(tdh_mem_rd(GPA0 + PAGE_SIZE, td.tdr),
		 ST(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_FREE));
	CHECK_EQ(last.rcx, SEPT_SVE);
	/* No PD for 1 GiB up: the walk stops at the PDPT. */
	CHECK_EQ(tdh_mem_rd(0x40000000ull, td.tdr), ST(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(SEPT_LEVEL_PDPT, STATE_FREE));
	CHECK_EQ(tdh_mem_rd(GPA0, td.tdr + 8), ST(TDX_OPERAND_INVALID, TDX_OPERAND_RDX));
	CHECK_EQ(tdh_mem_rd(GPA0, tdvpr), ST(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_RDX));
}

TEST(mem_rd_refuses_blocked_and_pending_pages)
{
	paddr_t tdvpr;
	struct td td;

	ready(1);
	td = debug_td(&tdvpr);
	CHECK_EQ(tdh_page_add(GPA0, td.tdr, harness_page(), source_page(1)), TDX_SUCCESS);
	CHECK_EQ(tdh_mr_finalize(td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_page_aug(GPA0 + PAGE_SIZE, td.tdr, harness_page()), TDX_SUCCESS);
	CHECK_EQ(tdh_mem_rd(GPA0 + PAGE_SIZE, td.tdr),
		 ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_PENDING));
	CHECK_EQ(tdh_block(GPA0, td.tdr), TDX_SUCCESS);
	CHECK_EQ(tdh_mem_wr(GPA0, td.tdr, 0), ST(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_RCX));
	CHECK_EQ(last.rdx, SEPT_DETAILS(LEVEL_4K, STATE_BLOCKED));
	CHECK_EQ(last.r8, 0);
}

/* ---- TDCALLs ---- */

static struct td_run run_of(paddr_t tdr, paddr_t tdvpr, uint64_t leaf_rax)
{
	struct td_run r = td_run_of(tdr, tdvpr);

	memset(&r.g, 0, sizeof(r.g));
	r.g.rax = leaf_rax;
	return r;
}

TEST(tdg_vm_rd_and_wr_what_linux_uses)
{
	paddr_t tdvpr;
	struct td_run r;
	struct td td;

	ready(1);
	td = td_with(TD_ATTR_SEPT_VE_DISABLE, 0, &tdvpr);
	r = run_of(td.tdr, tdvpr, TDG_VM_RD);
	r.g.rdx = TDX_FIELD_ATTRIBUTES;
	tdg_vm_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, TD_ATTR_SEPT_VE_DISABLE);
	r.g.rdx = TDX_FIELD_CONFIG_FLAGS;
	tdg_vm_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, 0);
	r.g.rdx = TDX_FIELD_TD_CTLS;
	tdg_vm_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, TDX_TD_CTLS_PENDING_VE_DISABLE);
	/* No FLEXIBLE_PENDING_VE: the guest cannot change PENDING_VE_DISABLE. */
	r.g.rdx = TDX_FIELD_TD_CTLS;
	r.g.r8 = 0;
	r.g.r9 = TDX_TD_CTLS_PENDING_VE_DISABLE;
	tdg_vm_wr(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_VALUE_NOT_VALID);
	/* Linux's REDUCE_VE (TD_CTLS bit 3) is not a 1.5 control. */
	r.g.rdx = TDX_FIELD_TD_CTLS;
	r.g.r8 = r.g.r9 = BIT(3);
	tdg_vm_wr(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_NOT_WRITABLE);
	/* Linux's ids: NOTIFY_ENABLES written with its context bits, and
	 * TOPOLOGY_ENUM_CONFIGURED, which 1.5 does not have. */
	r.g.rdx = 0x9100000000000010ull;
	r.g.r8 = 0;
	r.g.r9 = ~0ull;
	tdg_vm_wr(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	r.g.rdx = 0x9100000000000019ull;
	tdg_vm_rd(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_ID_INCORRECT);
	CHECK_EQ(r.g.r8, 0);
	/* The host's fields are not the guest's. */
	r.g.rdx = TDX_FIELD_TD_EPTP;
	tdg_vm_rd(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_NOT_READABLE);
	r.g.rdx = TDX_FIELD_ATTRIBUTES;
	r.g.rcx = 1;
	tdg_vm_rd(&r);
	CHECK_EQ(r.g.rax, TDX_OPERAND_INVALID | TDX_OPERAND_RCX);
}

TEST(tdg_vm_wr_pending_ve_disable_with_flexible_pending_ve)
{
	paddr_t tdvpr;
	struct td_run r;
	struct td td;

	ready(1);
	td = td_with(TD_ATTR_DEBUG, TDX_CONFIG_FLAGS_FLEXIBLE_PENDING_VE, &tdvpr);
	r = run_of(td.tdr, tdvpr, TDG_VM_WR);
	r.g.rdx = TDX_FIELD_TD_CTLS;
	r.g.r8 = r.g.r9 = TDX_TD_CTLS_PENDING_VE_DISABLE;
	tdg_vm_wr(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, 0);
	CHECK_EQ(tdh_mng_rd(td.tdr, TDX_FIELD_TD_CTLS), TDX_SUCCESS);
	CHECK_EQ(last.r8, TDX_TD_CTLS_PENDING_VE_DISABLE);
}

TEST(tdg_vp_rd_wr_and_cpuidve_set)
{
	paddr_t tdvpr;
	struct td_run r;
	struct td td;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	r = run_of(td.tdr, tdvpr, TDG_VP_RD);
	r.g.rdx = TDX_FIELD_VCPU_INDEX;
	tdg_vp_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, 0);
	r.g.rdx = TDX_FIELD_RAX;
	tdg_vp_rd(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(r.g.rdx, NULL_PA);
	r.g.rcx = 3;
	tdg_vp_cpuidve_set(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	r.g.rcx = 0;
	r.g.rdx = TDX_FIELD_CPUID_USER_VE;
	tdg_vp_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, 1);
	r.g.rdx = TDX_FIELD_CPUID_SUPERVISOR_VE;
	r.g.r8 = 0;
	r.g.r9 = 0xff;
	tdg_vp_wr(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(seam_td_tdvpr(tdvpr)->ctls.cpuid_supervisor_ve, 0);
	CHECK_EQ(seam_td_tdvpr(tdvpr)->ctls.cpuid_user_ve, 1);
	r.g.rcx = 4;
	tdg_vp_cpuidve_set(&r);
	CHECK_EQ(r.g.rax, TDX_OPERAND_INVALID | TDX_OPERAND_RCX);
	r.g.rcx = 1;
	r.g.rdx = TDX_FIELD_VCPU_INDEX;
	tdg_vp_wr(&r);
	CHECK_EQ(r.g.rax, TDX_OPERAND_INVALID | TDX_OPERAND_RCX);
	r.g.rcx = 0;
	tdg_vp_wr(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_NOT_WRITABLE);
}

TEST(tdg_sys_rd_reads_the_guest_visible_fields_only)
{
	paddr_t tdvpr;
	struct td_run r;
	struct td td;

	ready(1);
	td = td_with_vcpu(&tdvpr);
	r = run_of(td.tdr, tdvpr, TDG_SYS_RD);
	r.g.rdx = 0;
	tdg_sys_rd(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	CHECK_EQ(r.g.rdx, 0x0800000100000003ull);       /* MINOR_VERSION */
	tdg_sys_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, 5);
	r.g.rdx = 0x0a00000300000008ull;                /* TDX_FEATURES0 */
	tdg_sys_rd(&r);
	CHECK_EQ(r.g.rax, TDX_SUCCESS);
	CHECK_EQ(r.g.r8, BIT(3) | BIT(11));
	CHECK_EQ(r.g.rdx, NULL_PA);                     /* the last a guest may read */
	r.g.rdx = 0x9100000100000008ull;                /* MAX_TDMRS: the host's */
	tdg_sys_rd(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_NOT_READABLE);
	CHECK_EQ(r.g.r8, 0);
	r.g.rdx = 0x0a00000300000009ull;
	tdg_sys_rd(&r);
	CHECK_EQ(r.g.rax, TDX_METADATA_FIELD_ID_INCORRECT);
	/* The host reads the same field and the next one it may read. */
	CHECK_EQ(leaf(TDH_SYS_RD, 0, 0x0a00000300000008ull, 0, 0), TDX_SUCCESS);
	CHECK_EQ(last.rdx, 0x1900000300000000ull);
}
