/* A ticket spinlock: fair, so a CPU printing in a loop cannot starve another.
 * The hypervisor runs with interrupts off, so no IRQ-save variant is needed. */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include "types.h"

struct spinlock {
	volatile uint32_t next;
	volatile uint32_t owner;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		__builtin_ia32_pause();
}

/* For panic: gives up after a bounded spin rather than deadlocking on a lock
 * the panicking CPU (or a dead one) holds. */
static inline bool spin_lock_bounded(struct spinlock *l, unsigned long spins)
{
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);

	while (spins--) {
		uint32_t expected = owner;
		if (__atomic_compare_exchange_n(&l->next, &expected, owner + 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
		__builtin_ia32_pause();
		owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	}
	return false;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
