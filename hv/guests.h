/* What VMs and TDs share: the count of running guests (the run ends when it
 * drops to zero) and the CPUID view a guest gets. */
#ifndef HV_GUESTS_H
#define HV_GUESTS_H

#include "arch/x86/insn.h"
#include "types.h"

void guest_started(void);
/* The last guest to stop ends the run ("all guests have stopped"). */
void guest_stopped(void);

/* CPUID as guests see it: VMX/SMX, MTRR and MCE hidden, the hypervisor
 * bit set, and tdvisor's leaves at 0x40000000 (guest-abi/tdvisor_pv.h). */
struct cpuid_regs guest_cpuid(uint32_t leaf, uint32_t subleaf);

#endif
