/* The hypervisor's view of physical memory after boot: what is RAM, what was
 * kept out of the allocator and why, named reservations, the host page
 * tables. */
#ifndef HV_MM_MEMORY_H
#define HV_MM_MEMORY_H

#include "../boot_info.h"
#include "pagetable.h"
#include "range_set.h"

#define MAX_RESERVATIONS 8

struct reservation {
	const char *name;
	paddr_t base;
	uint64_t size;
};

struct memory_totals {
	uint64_t ram;           /* usable RAM in the boot memory map */
	uint64_t excluded;      /* usable RAM kept from the allocator */
	uint64_t image;         /* the hypervisor image */
	uint64_t reserved;      /* named reservations */
	uint64_t managed;       /* handed to the page allocator */
};

/* Ranges the memory layer must keep out of the allocator besides the image,
 * the multiboot2 block and the modules (ACPI tables, found by the caller). */
struct range_set;

/* Builds the free set from the memory map minus the first 1 MiB (but for the
 * AP start page), the image, the boot information and modules, and keep_out. */
void mem_init(const struct boot_info *bi, const struct range_set *keep_out);
/* Carves a named, aligned range out of free RAM within [min, max_end). Only
 * before mem_start_allocator(): nothing allocated may ever sit in it. */
paddr_t mem_reserve(const char *name, uint64_t size, uint64_t align, paddr_t min,
		    paddr_t max_end);
bool mem_start_allocator(void);
const struct reservation *mem_reservations(unsigned *count);
const struct memory_totals *mem_totals(void);
paddr_t mem_ap_start_page(void);

/* Host page tables: direct map of RAM, the image with per-section rights,
 * the local APIC page uncached. */
extern struct page_table hv_page_table;
extern uint64_t hv_cr3;
void paging_init(const struct boot_info *bi, paddr_t apic_mmio);
/* Maps a CPU's kernel and IST stacks under guard pages; returns false when
 * memory ran out. */
bool paging_map_cpu_stacks(unsigned cpu, uint64_t *stack_top, uint64_t ist_top[4]);

#endif
