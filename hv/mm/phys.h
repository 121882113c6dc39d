/* Access to physical memory through the hypervisor's direct map. Until the
 * final page tables are live the offset is 0 (boot identity map of the low
 * 4 GiB); afterwards all RAM is mapped at DIRECT_MAP_BASE. Host tests point
 * the offset at a buffer that stands in for physical memory. */
#ifndef HV_MM_PHYS_H
#define HV_MM_PHYS_H

#include "../types.h"

#define DIRECT_MAP_BASE 0xffff800000000000ull

extern uint64_t hv_direct_map_offset;

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + hv_direct_map_offset);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va - hv_direct_map_offset;
}

#endif
