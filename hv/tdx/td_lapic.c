/* The x2APIC registers a TD's guest reaches the host with: every x2APIC
 * MSR but TPR, PPR, EOI, ISR, TMR, IRR and SELF_IPI, which the TDX module
 * virtualizes without an exit (../shared/TDX-TD-ABI.md section 4), and
 * IA32_TSC_DEADLINE (#VE when the TD has the feature). KVM emulates the
 * same set for TDs (arch/x86/kvm/vmx/tdx.c, tdx_has_emulated_msr) with
 * its local APIC model; this is the part a TD guest uses: version, LDR,
 * SVR, ESR, ICR, the LVTs and the timer in one-shot, periodic and
 * TSC-deadline mode (Intel SDM vol. 3A 11.5.4, 11.12). The x2APIC ID and
 * APIC_BASE are td_vmcall.c's. Pure: the caller gives the time (the TD's
 * TSC) and posts what comes out. */
#include "td_irq.h"

enum {
	X2APIC_VERSION = 0x803,
	X2APIC_LDR = 0x80d,
	X2APIC_SVR = 0x80f,
	X2APIC_ESR = 0x828,
	X2APIC_ICR = 0x830,
	X2APIC_LVT_TIMER = 0x832,       /* ... LVT_ERROR 0x837, as lapic.lvt[] */
	X2APIC_LVT_ERROR = 0x837,
	X2APIC_TMICT = 0x838,
	X2APIC_TMCCT = 0x839,
	X2APIC_TDCR = 0x83e,
	MSR_IA32_TSC_DEADLINE = 0x6e0,
};

/* Version 0x14 (integrated APIC) with six LVT entries, as KVM reports. */
#define APIC_VERSION      (0x14u | (5u << 16))
#define SVR_RESET         0xffu
#define SVR_WRITABLE      0x1ffu        /* vector, software enable */
#define LVT_VECTOR(l)     ((l) & 0xffu)
#define LVT_MASKED        BIT(16)
#define LVT_TIMER_MODE(l) (((l) >> 17) & 3)
#define TDCR_WRITABLE     0xbu
#define ICR_WRITABLE      (0xffffffff000000ffull | (7u << 8) | BIT(11) | BIT(14) | BIT(15) | \
			   (3u << 18))
#define ICR_DELIVERY(i)   (((i) >> 8) & 7)
#define ICR_LOGICAL       BIT(11)
#define ICR_SHORTHAND(i)  (((i) >> 18) & 3)
#define ICR_DEST(i)       ((uint32_t)((i) >> 32))
#define DEST_BROADCAST    0xffffffffu

enum { TIMER_ONE_SHOT = 0, TIMER_PERIODIC = 1, TIMER_TSC_DEADLINE = 2 };
#define DELIVERY_FIXED    0
enum { SHORTHAND_NONE = 0, SHORTHAND_SELF = 1, SHORTHAND_ALL = 2, SHORTHAND_OTHERS = 3 };

/* What each LVT keeps (the rest is reserved or read-only): vector,
 * delivery mode, polarity, trigger mode, mask, timer mode. */
static const uint32_t lvt_writable[6] = {
	0x700ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff,
};

void td_lapic_reset(struct td_lapic *l)
{
	*l = (struct td_lapic){ .svr = SVR_RESET };
	for (unsigned i = 0; i < ARRAY_SIZE(l->lvt); i++)
		l->lvt[i] = LVT_MASKED;
}

/* TDCR bits 3, 1:0 -> divide by 2, 4, 8, 16, 32, 64, 128 or 1. */
static uint64_t timer_divide(const struct td_lapic *l)
{
	unsigned code = (l->tdcr & 3) | ((l->tdcr >> 1) & 4);

	return 1ull << ((code + 1) & 7);
}

static unsigned timer_mode(const struct td_lapic *l)
{
	return LVT_TIMER_MODE(l->lvt[0]);
}

/* x2APIC logical destination: cluster in 31:16, one bit of 16 in 15:0. */
static uint32_t ldr_of(uint32_t x2apic_id)
{
	return (x2apic_id >> 4) << 16 | 1u << (x2apic_id & 15);
}

uint8_t td_lapic_timer_due(struct td_lapic *l, uint64_t now)
{
	uint32_t lvt = l->lvt[0];

	if (!l->timer_expiry || now < l->timer_expiry)
		return 0;
	if (timer_mode(l) == TIMER_PERIODIC && l->timer_period) {
		/* Missed periods are dropped, not delivered in a burst. */
		l->timer_expiry += l->timer_period;
		if (l->timer_expiry <= now)
			l->timer_expiry = now + l->timer_period;
	} else {
		l->timer_expiry = 0;
		l->tsc_deadline = 0;    /* the MSR reads 0 once the timer fired */
	}
	return (lvt & LVT_MASKED) || LVT_VECTOR(lvt) < 16 ? 0 : (uint8_t)LVT_VECTOR(lvt);
}

static uint64_t current_count(const struct td_lapic *l, uint64_t now)
{
	if (timer_mode(l) == TIMER_TSC_DEADLINE || !l->timer_expiry || now >= l->timer_expiry)
		return 0;
	return (l->timer_expiry - now) / timer_divide(l);
}

bool td_lapic_read(const struct td_lapic *l, uint32_t x2apic_id, uint32_t msr, uint64_t now,
		   uint64_t *value)
{
	switch (msr) {
	case X2APIC_VERSION:
		*value = APIC_VERSION;
		return true;
	case X2APIC_LDR:
		*value = ldr_of(x2apic_id);
		return true;
	case X2APIC_SVR:
		*value = l->svr;
		return true;
	case X2APIC_ESR:
		*value = 0;             /* no errors are recorded */
		return true;
	case X2APIC_ICR:
		*value = l->icr;
		return true;
	case X2APIC_LVT_TIMER ... X2APIC_LVT_ERROR:
		*value = l->lvt[msr - X2APIC_LVT_TIMER];
		return true;
	case X2APIC_TMICT:
		*value = l->tmict;
		return true;
	case X2APIC_TMCCT:
		*value = current_count(l, now);
		return true;
	case X2APIC_TDCR:
		*value = l->tdcr;
		return true;
	case MSR_IA32_TSC_DEADLINE:
		*value = timer_mode(l) == TIMER_TSC_DEADLINE ? l->tsc_deadline : 0;
		return true;
	}
	return false;
}

/* A new LVT timer mode disarms the timer and clears its counts (as KVM's
 * apic_update_lvtt). */
static void write_lvt_timer(struct td_lapic *l, uint32_t value)
{
	uint32_t old_mode = timer_mode(l);

	l->lvt[0] = value & lvt_writable[0];
	if (timer_mode(l) != old_mode) {
		l->tmict = 0;
		l->tsc_deadline = 0;
		l->timer_expiry = 0;
		l->timer_period = 0;
	}
}

static void write_tmict(struct td_lapic *l, uint32_t count, uint64_t now)
{
	uint64_t ticks = (uint64_t)count * timer_divide(l);

	l->tmict = count;
	l->timer_expiry = count ? now + ticks : 0;
	l->timer_period = timer_mode(l) == TIMER_PERIODIC ? ticks : 0;
}

bool td_lapic_write(struct td_lapic *l, uint32_t msr, uint64_t value, uint64_t now)
{
	/* x2APIC registers are 32 bits but the ICR: upper bits #GP. */
	if (msr != X2APIC_ICR && msr != MSR_IA32_TSC_DEADLINE && value >> 32)
		return false;
	switch (msr) {
	case X2APIC_SVR:
		l->svr = (uint32_t)value & SVR_WRITABLE;
		return true;
	case X2APIC_ESR:
		return value == 0;
	case X2APIC_ICR:
		l->icr = value & ICR_WRITABLE;
		return true;
	case X2APIC_LVT_TIMER:
		write_lvt_timer(l, (uint32_t)value);
		return true;
	case X2APIC_LVT_TIMER + 1 ... X2APIC_LVT_ERROR:
		l->lvt[msr - X2APIC_LVT_TIMER] = (uint32_t)value & lvt_writable[msr - X2APIC_LVT_TIMER];
		return true;
	case X2APIC_TMICT:
		if (timer_mode(l) != TIMER_TSC_DEADLINE)        /* ignored in that mode */
			write_tmict(l, (uint32_t)value, now);
		return true;
	case X2APIC_TDCR:
		l->tdcr = (uint32_t)value & TDCR_WRITABLE;
		return true;
	case MSR_IA32_TSC_DEADLINE:
		if (timer_mode(l) == TIMER_TSC_DEADLINE) {      /* ignored in the others */
			l->tsc_deadline = value;
			l->timer_expiry = value;
		}
		return true;
	}
	return false;           /* read-only (version, LDR, TMCCT) or not ours */
}

bool td_lapic_icr_fixed(uint64_t icr, uint8_t *vector)
{
	*vector = (uint8_t)icr;
	return ICR_DELIVERY(icr) == DELIVERY_FIXED && *vector >= 16;
}

bool td_lapic_icr_targets(uint64_t icr, uint32_t self, uint32_t x2apic_id)
{
	uint32_t dest = ICR_DEST(icr);

	switch (ICR_SHORTHAND(icr)) {
	case SHORTHAND_SELF:
		return x2apic_id == self;
	case SHORTHAND_ALL:
		return true;
	case SHORTHAND_OTHERS:
		return x2apic_id != self;
	}
	if (dest == DEST_BROADCAST)
		return true;
	if (icr & ICR_LOGICAL)
		return (dest >> 16) == (ldr_of(x2apic_id) >> 16) && (dest & ldr_of(x2apic_id) & 0xffff);
	return dest == x2apic_id;
}
