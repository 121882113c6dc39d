/* TD interrupts: the emulated x2APIC registers and timer (hv/tdx/
 * td_lapic.c) and the software module's posted-interrupt bookkeeping and
 * VMXIP (seam/td_vapic.c). What needs VMX (the VMCS, the notification exit)
 * runs in Bochs: tests/boot scenario td-timer. */
#include "shim.h"
#include "../../hv/tdx/td_lapic.c"
#include "../../seam/td_vapic.c"
#include "test.h"

enum {
	LVT_TIMER = 0x832, LVT_LINT0 = 0x835, TMICT = 0x838, TMCCT = 0x839, TDCR = 0x83e,
	TSC_DEADLINE = 0x6e0, SVR = 0x80f, ESR = 0x828, VERSION = 0x803, LDR = 0x80d,
};
#define MODE_PERIODIC (1u << 17)
#define MODE_DEADLINE (2u << 17)
#define MASKED        (1u << 16)

static uint64_t rd(const struct td_lapic *l, uint32_t msr, uint64_t now)
{
	uint64_t v = 0xdead;

	CHECK(td_lapic_read(l, 3, msr, now, &v));
	return v;
}

TEST(lapic_reset_state_masks_every_lvt)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK_EQ(rd(&l, LVT_TIMER, 0), MASKED);
	CHECK_EQ(rd(&l, 0x837, 0), MASKED);
	CHECK_EQ(rd(&l, SVR, 0), 0xff);
	CHECK_EQ(rd(&l, VERSION, 0) & 0xff, 0x14);
	CHECK_EQ(rd(&l, VERSION, 0) >> 16 & 0xff, 5);   /* six LVT entries */
	CHECK_EQ(td_lapic_timer_due(&l, ~0ull), 0);      /* nothing armed */
}

TEST(tsc_deadline_fires_once_at_the_deadline_and_reads_zero_after)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(td_lapic_write(&l, LVT_TIMER, MODE_DEADLINE | 0xec, 100));
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 5000, 100));
	CHECK_EQ(rd(&l, TSC_DEADLINE, 200), 5000);
	CHECK_EQ(l.timer_expiry, 5000);
	CHECK_EQ(td_lapic_timer_due(&l, 4999), 0);
	CHECK_EQ(td_lapic_timer_due(&l, 5000), 0xec);
	CHECK_EQ(rd(&l, TSC_DEADLINE, 5001), 0);
	CHECK_EQ(l.timer_expiry, 0);
	CHECK_EQ(td_lapic_timer_due(&l, 99999), 0);     /* once */
}

TEST(tsc_deadline_zero_disarms_and_other_modes_ignore_it)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 5000, 0)); /* one-shot mode: ignored */
	CHECK_EQ(l.timer_expiry, 0);
	CHECK_EQ(rd(&l, TSC_DEADLINE, 0), 0);
	CHECK(td_lapic_write(&l, LVT_TIMER, MODE_DEADLINE | 0x40, 0));
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 5000, 0));
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 0, 0));
	CHECK_EQ(td_lapic_timer_due(&l, 6000), 0);
	/* TMICT means nothing in TSC-deadline mode */
	CHECK(td_lapic_write(&l, TMICT, 10, 0));
	CHECK_EQ(l.timer_expiry, 0);
}

TEST(masked_timer_expires_without_a_vector)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(td_lapic_write(&l, LVT_TIMER, MODE_DEADLINE | MASKED | 0xec, 0));
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 10, 0));
	CHECK_EQ(td_lapic_timer_due(&l, 10), 0);
	CHECK_EQ(l.timer_expiry, 0);                    /* but it did expire */
	/* vectors 0-15 are illegal: never delivered */
	CHECK(td_lapic_write(&l, LVT_TIMER, MODE_DEADLINE | 0x0f, 0));
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 10, 0));
	CHECK_EQ(td_lapic_timer_due(&l, 10), 0);
}

TEST(mode_change_disarms_the_timer)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(td_lapic_write(&l, LVT_TIMER, MODE_DEADLINE | 0x40, 0));
	CHECK(td_lapic_write(&l, TSC_DEADLINE, 100, 0));
	CHECK(td_lapic_write(&l, LVT_TIMER, 0x40, 0));  /* to one-shot */
	CHECK_EQ(l.timer_expiry, 0);
	CHECK_EQ(td_lapic_timer_due(&l, 1000), 0);
	/* the same mode again keeps it armed (only the vector changes) */
	CHECK(td_lapic_write(&l, TMICT, 7, 0));
	CHECK(td_lapic_write(&l, LVT_TIMER, 0x41, 0));
	CHECK(l.timer_expiry != 0);
}

TEST(one_shot_counts_tsc_ticks_through_the_divider)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(td_lapic_write(&l, LVT_TIMER, 0x30, 0));
	CHECK(td_lapic_write(&l, TDCR, 0x3, 0));        /* divide by 16 */
	CHECK(td_lapic_write(&l, TMICT, 100, 1000));
	CHECK_EQ(l.timer_expiry, 1000 + 1600);
	CHECK_EQ(rd(&l, TMICT, 1000), 100);
	CHECK_EQ(rd(&l, TMCCT, 1000 + 160), 90);
	CHECK_EQ(td_lapic_timer_due(&l, 2599), 0);
	CHECK_EQ(td_lapic_timer_due(&l, 2600), 0x30);
	CHECK_EQ(rd(&l, TMCCT, 2700), 0);
	CHECK_EQ(td_lapic_timer_due(&l, 5000), 0);      /* one shot */
	CHECK(td_lapic_write(&l, TDCR, 0xb, 0));        /* divide by 1 */
	CHECK(td_lapic_write(&l, TMICT, 5, 10));
	CHECK_EQ(l.timer_expiry, 15);
	CHECK(td_lapic_write(&l, TDCR, 0x8, 0));        /* divide by 32 */
	CHECK(td_lapic_write(&l, TMICT, 1, 10));
	CHECK_EQ(l.timer_expiry, 42);
	CHECK(td_lapic_write(&l, TMICT, 0, 10));        /* 0 stops it */
	CHECK_EQ(l.timer_expiry, 0);
}

TEST(periodic_rearms_and_drops_missed_periods)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(td_lapic_write(&l, LVT_TIMER, MODE_PERIODIC | 0x31, 0));
	CHECK(td_lapic_write(&l, TDCR, 0xb, 0));        /* divide by 1 */
	CHECK(td_lapic_write(&l, TMICT, 100, 0));
	CHECK_EQ(td_lapic_timer_due(&l, 100), 0x31);
	CHECK_EQ(l.timer_expiry, 200);
	CHECK_EQ(td_lapic_timer_due(&l, 250), 0x31);
	CHECK_EQ(l.timer_expiry, 300);
	CHECK_EQ(td_lapic_timer_due(&l, 1000), 0x31);   /* far behind: one, not seven */
	CHECK_EQ(l.timer_expiry, 1100);
	CHECK_EQ(td_lapic_timer_due(&l, 1000), 0);
}

TEST(x2apic_write_rules)
{
	struct td_lapic l;

	td_lapic_reset(&l);
	CHECK(!td_lapic_write(&l, VERSION, 0, 0));      /* read-only: #GP */
	CHECK(!td_lapic_write(&l, LDR, 0, 0));
	CHECK(!td_lapic_write(&l, TMCCT, 0, 0));
	CHECK(!td_lapic_write(&l, ESR, 1, 0));          /* ESR takes only 0 */
	CHECK(td_lapic_write(&l, ESR, 0, 0));
	CHECK(!td_lapic_write(&l, SVR, 1ull << 32, 0)); /* upper half reserved */
	CHECK(!td_lapic_write(&l, 0x808, 0, 0));        /* TPR: the module's */
	CHECK(!td_lapic_write(&l, 0x802, 0, 0));        /* ID: td_vmcall.c's */
	CHECK(td_lapic_write(&l, SVR, 0xffff, 0));
	CHECK_EQ(rd(&l, SVR, 0), 0x1ff);
	CHECK(td_lapic_write(&l, LVT_LINT0, 0xffffffff, 0));
	CHECK_EQ(rd(&l, LVT_LINT0, 0), 0x1a7ff);
	CHECK_EQ(rd(&l, LDR, 0), (0u << 16) | (1u << 3));  /* x2APIC ID 3 */
	{
		uint64_t v;

		CHECK(td_lapic_read(&l, 0x25, LDR, 0, &v));
		CHECK_EQ(v, (2u << 16) | (1u << 5));
		CHECK(!td_lapic_read(&l, 0, 0x80b, 0, &v));  /* EOI never exits */
	}
}

TEST(icr_destinations)
{
	uint8_t vector;

	/* physical destination, broadcast, shorthands */
	CHECK(td_lapic_icr_targets(0x0000000200000040ull, 0, 2));
	CHECK(!td_lapic_icr_targets(0x0000000200000040ull, 0, 1));
	CHECK(td_lapic_icr_targets(0xffffffff00000040ull, 0, 5));
	CHECK(td_lapic_icr_targets(0x40 | 1u << 18, 4, 4));           /* self */
	CHECK(!td_lapic_icr_targets(0x40 | 1u << 18, 4, 3));
	CHECK(td_lapic_icr_targets(0x40 | 2u << 18, 4, 4));           /* all */
	CHECK(!td_lapic_icr_targets(0x40 | 3u << 18, 4, 4));          /* others */
	CHECK(td_lapic_icr_targets(0x40 | 3u << 18, 4, 0));
	/* logical: cluster 1, members 0 and 2 = x2APIC IDs 16 and 18 */
	CHECK(td_lapic_icr_targets(0x0001000500000840ull, 0, 16));
	CHECK(td_lapic_icr_targets(0x0001000500000840ull, 0, 18));
	CHECK(!td_lapic_icr_targets(0x0001000500000840ull, 0, 17));
	CHECK(!td_lapic_icr_targets(0x0001000500000840ull, 0, 2));
	/* only fixed interrupts with a legal vector are sent */
	CHECK(td_lapic_icr_fixed(0x40, &vector));
	CHECK_EQ(vector, 0x40);
	CHECK(!td_lapic_icr_fixed(0x0f, &vector));
	CHECK(!td_lapic_icr_fixed(0x40 | 4u << 8, &vector));          /* NMI */
	CHECK(!td_lapic_icr_fixed(0x40 | 1u << 8, &vector));          /* lowest priority */
}

/* The module's side: PIR into the virtual IRR, and VMXIP. */
static uint8_t vapic[4096] __attribute__((aligned(4096)));

static bool irr_has(unsigned vector)
{
	uint32_t reg;

	memcpy(&reg, vapic + VAPIC_IRR + 16 * (vector / 32), 4);
	return reg & (1u << (vector % 32));
}

TEST(pir_moves_into_irr_and_is_cleared)
{
	struct vmx_pi_desc pid = { .pir = { 0 }, .control = PI_DESC_ON };

	memset(vapic, 0, sizeof(vapic));
	CHECK_EQ(vapic_take_pir(vapic, &pid), VAPIC_NO_VECTOR);
	pid.pir[0] = 1ull << 32 | 1ull << 20;           /* vectors 32 and 20 */
	pid.pir[3] = 1ull << 63;                        /* vector 255 */
	pid.pir[1] = 1ull << 0;                         /* vector 64 */
	CHECK_EQ(vapic_take_pir(vapic, &pid), 255);
	CHECK(irr_has(20) && irr_has(32) && irr_has(64) && irr_has(255));
	CHECK(!irr_has(33) && !irr_has(254));
	CHECK_EQ(pid.pir[0] | pid.pir[1] | pid.pir[2] | pid.pir[3], 0);
	CHECK_EQ(pid.control, PI_DESC_ON);              /* ON is the caller's */
	/* IRR bits already there stay (logical OR) */
	pid.pir[2] = 1ull << 1;                         /* vector 129 */
	CHECK_EQ(vapic_take_pir(vapic, &pid), 129);
	CHECK(irr_has(255) && irr_has(129));
	CHECK_EQ(vapic_highest(vapic, VAPIC_IRR), 255);
}

TEST(vmxip_compares_priority_classes_with_ppr)
{
	struct td_tdvpr vp = { 0 };
	struct vmx_pi_desc pid = { .pir = { 0 } };
	uint32_t ppr;

	memset(vapic, 0, sizeof(vapic));
	hv_direct_map_offset = (uintptr_t)vapic - 0x10000;
	vp.tdvps_pa[TDVPS_PAGE_VAPIC] = 0x10000;
	CHECK_EQ(td_vcpu_state_details(&vp), 0);        /* nothing pending */
	pid.pir[0] = 1ull << 0x35;
	vapic_take_pir(vapic, &pid);
	CHECK_EQ(td_vcpu_state_details(&vp), TD_VCPU_STATE_DETAILS_VMXIP);
	ppr = 0x30;                                     /* same class: blocked */
	memcpy(vapic + VAPIC_PPR, &ppr, 4);
	CHECK_EQ(td_vcpu_state_details(&vp), 0);
	ppr = 0x2f;
	memcpy(vapic + VAPIC_PPR, &ppr, 4);
	CHECK_EQ(td_vcpu_state_details(&vp), TD_VCPU_STATE_DETAILS_VMXIP);
	hv_direct_map_offset = 0;
}
