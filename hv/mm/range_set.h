/* A sorted set of disjoint physical ranges with add and remove. The memory
 * layer builds "free RAM" from the boot memory map with it (add usable
 * ranges, remove everything the hypervisor must not hand out). */
#ifndef HV_MM_RANGE_SET_H
#define HV_MM_RANGE_SET_H

#include "../types.h"

#define RANGE_SET_MAX 256

struct range {
	paddr_t start;
	paddr_t end;    /* exclusive */
};

struct range_set {
	struct range r[RANGE_SET_MAX];
	unsigned n;
	bool overflow;  /* an add or split did not fit: some memory was dropped */
};

void range_set_add(struct range_set *s, paddr_t start, paddr_t end);
void range_set_remove(struct range_set *s, paddr_t start, paddr_t end);
uint64_t range_set_total(const struct range_set *s);
/* Lowest aligned block of size inside [min, max) that lies in the set, or 0. */
paddr_t range_set_find(const struct range_set *s, uint64_t size, uint64_t align,
		       paddr_t min, paddr_t max);

#endif
