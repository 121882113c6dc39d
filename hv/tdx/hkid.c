/* HKID allocator: a state per KeyID in the private range. A released KeyID
 * goes back to the pool; a leaked one is parked forever, since its cache
 * lines may still be dirty under an old key. */
#include "hkid.h"
#include "../log.h"
#include "../spinlock.h"

enum hkid_state { HKID_FREE, HKID_GLOBAL, HKID_IN_USE, HKID_LEAKED };

static struct spinlock lock;
static uint8_t state[HKID_MAX];
static uint32_t first, count;

uint16_t hkid_init(uint32_t start, uint32_t n)
{
	first = start;
	count = MIN(n, HKID_MAX);
	for (uint32_t i = 0; i < count; i++)
		state[i] = HKID_FREE;
	state[0] = HKID_GLOBAL;
	return (uint16_t)first;
}

uint16_t hkid_alloc(void)
{
	uint16_t id = 0;

	spin_lock(&lock);
	for (uint32_t i = 0; i < count && !id; i++) {
		if (state[i] == HKID_FREE) {
			state[i] = HKID_IN_USE;
			id = (uint16_t)(first + i);
		}
	}
	spin_unlock(&lock);
	return id;
}

static void set_state(uint16_t hkid, enum hkid_state from, enum hkid_state to)
{
	uint32_t i = hkid - first;

	BUG_ON(hkid < first || i >= count);
	spin_lock(&lock);
	BUG_ON(state[i] != from);
	state[i] = to;
	spin_unlock(&lock);
}

void hkid_release(uint16_t hkid)
{
	set_state(hkid, HKID_IN_USE, HKID_FREE);
}

void hkid_leak(uint16_t hkid)
{
	set_state(hkid, HKID_IN_USE, HKID_LEAKED);
	log_error("tdx: KeyID %u could not be released cleanly; it will not be reused", hkid);
}

void hkid_counts(unsigned *in_use, unsigned *free_ids, unsigned *leaked)
{
	*in_use = *free_ids = *leaked = 0;
	for (uint32_t i = 0; i < count; i++) {
		*in_use += state[i] == HKID_IN_USE || state[i] == HKID_GLOBAL;
		*free_ids += state[i] == HKID_FREE;
		*leaked += state[i] == HKID_LEAKED;
	}
}
