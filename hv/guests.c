/* The running-guest count shared by VMs and TDs. */
#include "arch.h"
#include "guests.h"
#include "log.h"

static volatile unsigned running;

void guest_started(void)
{
	__atomic_add_fetch(&running, 1, __ATOMIC_ACQ_REL);
}

void guest_stopped(void)
{
	if (__atomic_sub_fetch(&running, 1, __ATOMIC_ACQ_REL) == 0) {
		log_info("hypervisor: all guests have stopped; halting");
		arch_stop_all(HV_EXIT_IDLE);
	}
}
