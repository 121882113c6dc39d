/* Local APIC access (Intel SDM vol. 3A ch. 11). Only what the hypervisor
 * needs: its own id, INIT/SIPI to start CPUs, NMI to stop them. */
#include "apic.h"
#include "cpu.h"
#include "insn.h"
#include "msr.h"
#include "../../mm/phys.h"

enum {
	XAPIC_ID = 0x20,
	XAPIC_EOI = 0xb0,
	XAPIC_SVR = 0xf0,
	XAPIC_ICR_LOW = 0x300,
	XAPIC_ICR_HIGH = 0x310,
	XAPIC_LVT_TIMER = 0x320,
	X2APIC_ICR_MSR = 0x830,
	X2APIC_ID_MSR = 0x802,
	X2APIC_EOI_MSR = 0x80b,
	X2APIC_SVR_MSR = 0x80f,
	X2APIC_LVT_TIMER_MSR = 0x832,
	MSR_IA32_TSC_DEADLINE = 0x6e0,
};

#define SVR_ENABLE       BIT(8)
#define ICR_INIT         (5u << 8)
#define ICR_STARTUP      (6u << 8)
#define ICR_FIXED        (0u << 8)
#define ICR_NMI          (4u << 8)
#define ICR_PENDING      BIT(12)
#define ICR_ASSERT       BIT(14)
#define ICR_ALL_BUT_SELF (3u << 18)
#define LVT_TIMER_TSC_DEADLINE (2u << 17)
#define LVT_MASKED       BIT(16)

static bool x2apic;
static paddr_t mmio_base = XAPIC_DEFAULT_BASE;

static volatile uint32_t *xapic_reg(unsigned off)
{
	return (volatile uint32_t *)phys_to_virt(mmio_base + off);
}

void apic_init_local(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	mmio_base = base & 0xffffff000ull;
	x2apic = cpu_features.x2apic;
	base |= APIC_BASE_ENABLE;
	if (x2apic)
		base |= APIC_BASE_X2APIC;
	wrmsr(MSR_IA32_APIC_BASE, base);
	if (x2apic)
		wrmsr(X2APIC_SVR_MSR, SVR_ENABLE | SPURIOUS_VECTOR);
	else
		*xapic_reg(XAPIC_SVR) = SVR_ENABLE | SPURIOUS_VECTOR;
}

bool apic_x2apic_mode(void)
{
	return x2apic;
}

paddr_t apic_mmio_base(void)
{
	return rdmsr(MSR_IA32_APIC_BASE) & 0xffffff000ull;
}

uint32_t apic_local_id(void)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_ID_MSR);
	return *xapic_reg(XAPIC_ID) >> 24;
}

static void send_ipi(uint32_t dest, uint32_t icr)
{
	if (x2apic) {
		wrmsr(X2APIC_ICR_MSR, ((uint64_t)dest << 32) | icr);
		return;
	}
	*xapic_reg(XAPIC_ICR_HIGH) = dest << 24;
	*xapic_reg(XAPIC_ICR_LOW) = icr;
	for (unsigned long spins = 1000000; (*xapic_reg(XAPIC_ICR_LOW) & ICR_PENDING) && spins; spins--)
		cpu_relax();
}

void apic_send_init(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_INIT | ICR_ASSERT);
}

void apic_send_sipi(uint32_t apic_id, uint8_t page)
{
	send_ipi(apic_id, ICR_STARTUP | ICR_ASSERT | page);
}

void apic_send_nmi_all_but_self(void)
{
	send_ipi(0, ICR_NMI | ICR_ASSERT | ICR_ALL_BUT_SELF);
}

void apic_send_nmi(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_NMI | ICR_ASSERT);
}

void apic_send_kick(uint32_t apic_id)
{
	apic_send_vector(apic_id, KICK_VECTOR);
}

void apic_send_vector(uint32_t apic_id, uint8_t vector)
{
	send_ipi(apic_id, ICR_FIXED | ICR_ASSERT | vector);
}

static void write_lvt_timer(uint32_t lvt)
{
	if (x2apic) {
		wrmsr(X2APIC_LVT_TIMER_MSR, lvt);
		return;
	}
	*xapic_reg(XAPIC_LVT_TIMER) = lvt;
	/* An MMIO write is not ordered with the WRMSR that arms the timer
	 * (SDM vol. 3A 11.5.4.1). */
	__asm__ volatile("mfence" ::: "memory");
}

bool apic_timer_deadline(uint64_t tsc)
{
	if (!cpu_features.tsc_deadline)
		return false;
	write_lvt_timer(tsc ? LVT_TIMER_TSC_DEADLINE | KICK_VECTOR : LVT_MASKED);
	wrmsr(MSR_IA32_TSC_DEADLINE, tsc);
	return true;
}

void apic_eoi(void)
{
	if (x2apic)
		wrmsr(X2APIC_EOI_MSR, 0);
	else
		*xapic_reg(XAPIC_EOI) = 0;
}
