/* The virtual-APIC page of a TD vCPU (TDVPS page 2) as the model reads
 * and writes it outside VMX: posted interrupts into the IRR, and whether
 * an interrupt is pending (seam/td_irq.h). No VMX here, so host tests
 * compile it with the rest of the model. */
#include "td_irq.h"

static uint32_t *vapic_reg(uint8_t *vapic, unsigned base, unsigned i)
{
	return (uint32_t *)(vapic + base + 16 * i);
}

static uint32_t vapic_read(const uint8_t *vapic, unsigned base, unsigned i)
{
	return *(const uint32_t *)(vapic + base + 16 * i);
}

int vapic_highest(const uint8_t *vapic, unsigned base)
{
	for (int i = 7; i >= 0; i--) {
		uint32_t bits = vapic_read(vapic, base, (unsigned)i);

		if (bits)
			return 32 * i + 31 - __builtin_clz(bits);
	}
	return VAPIC_NO_VECTOR;
}

int vapic_take_pir(uint8_t *vapic, struct vmx_pi_desc *pid)
{
	int highest = VAPIC_NO_VECTOR;

	for (unsigned i = 0; i < ARRAY_SIZE(pid->pir); i++) {
		uint64_t bits = __atomic_exchange_n(&pid->pir[i], 0, __ATOMIC_ACQ_REL);

		if (!bits)
			continue;
		*vapic_reg(vapic, VAPIC_IRR, 2 * i) |= (uint32_t)bits;
		*vapic_reg(vapic, VAPIC_IRR, 2 * i + 1) |= (uint32_t)(bits >> 32);
		highest = 64 * (int)i + 63 - __builtin_clzll(bits);
	}
	return highest;
}

uint64_t td_vcpu_state_details(const struct td_tdvpr *vp)
{
	const uint8_t *vapic = td_page(vp->tdvps_pa[TDVPS_PAGE_VAPIC]);
	int rvi = vapic_highest(vapic, VAPIC_IRR);  /* RVI tracks the IRR's top */
	uint32_t ppr = vapic_read(vapic, VAPIC_PPR, 0);

	return rvi != VAPIC_NO_VECTOR && ((unsigned)rvi & 0xf0) > (ppr & 0xf0) ?
	       TD_VCPU_STATE_DETAILS_VMXIP : 0;
}
