/* Boot-time memory accounting: which RAM the allocator may hand out. */
#include "memory.h"
#include "page_alloc.h"
#include "../../boot/boot.h"
#include "../log.h"

#define LOW_MEMORY_END (1 * MiB)
#define EARLY_MAP_END  (4 * GiB)    /* what the boot page tables map */

static struct range_set free_ram;
static struct reservation reservations[MAX_RESERVATIONS];
static unsigned nr_reservations;
static struct memory_totals totals;
static bool allocator_started;
static paddr_t ap_start_page;

void mem_init(const struct boot_info *bi, const struct range_set *keep_out)
{
	paddr_t image_start = (uintptr_t)__image_start, image_end = (uintptr_t)__image_end;

	for (unsigned i = 0; i < bi->nr_mem; i++) {
		const struct mem_range *m = &bi->mem[i];
		if (m->type != MEM_USABLE)
			continue;
		/* Only whole pages are RAM we can hand out. */
		range_set_add(&free_ram, ALIGN_UP(m->base, PAGE_SIZE),
			      ALIGN_DOWN(m->base + m->size, PAGE_SIZE));
	}
	totals.ram = range_set_total(&free_ram);
	totals.image = image_end - image_start;

	range_set_remove(&free_ram, 0, PAGE_SIZE);      /* real-mode IVT, BDA */
	range_set_remove(&free_ram, image_start, image_end);
	range_set_remove(&free_ram, ALIGN_DOWN(bi->info_start, PAGE_SIZE),
			 ALIGN_UP(bi->info_end, PAGE_SIZE));
	for (unsigned i = 0; i < bi->nr_modules; i++)
		range_set_remove(&free_ram, ALIGN_DOWN(bi->modules[i].start, PAGE_SIZE),
				 ALIGN_UP(bi->modules[i].end, PAGE_SIZE));
	for (unsigned i = 0; keep_out && i < keep_out->n; i++)
		range_set_remove(&free_ram, ALIGN_DOWN(keep_out->r[i].start, PAGE_SIZE),
				 ALIGN_UP(keep_out->r[i].end, PAGE_SIZE));

	/* The AP start code must sit below 1 MiB (SIPI vectors are real-mode
	 * pages); take the highest free page there, clear of the EBDA/BIOS. */
	for (paddr_t pa = 0x9f000; pa >= 0x1000 && !ap_start_page; pa -= PAGE_SIZE)
		if (range_set_find(&free_ram, PAGE_SIZE, PAGE_SIZE, pa, pa + PAGE_SIZE))
			ap_start_page = pa;
	if (ap_start_page)
		mem_reserve("ap-start", PAGE_SIZE, PAGE_SIZE, ap_start_page,
			    ap_start_page + PAGE_SIZE);
	else
		log_warn("mm: no free page below 1 MiB for AP start code; only the boot CPU will run");
	range_set_remove(&free_ram, 0, LOW_MEMORY_END);
	if (free_ram.overflow)
		log_warn("mm: memory map too fragmented, some RAM is not used");
}

paddr_t mem_reserve(const char *name, uint64_t size, uint64_t align, paddr_t min,
		    paddr_t max_end)
{
	paddr_t base;

	BUG_ON(allocator_started);
	if (nr_reservations == MAX_RESERVATIONS) {
		log_error("mm: too many reservations, cannot reserve %s", name);
		return 0;
	}
	base = range_set_find(&free_ram, ALIGN_UP(size, PAGE_SIZE), MAX(align, PAGE_SIZE),
			      MAX(min, PAGE_SIZE), max_end);
	if (!base) {
		log_error("mm: no free range of %llu KiB for %s",
			  (unsigned long long)(size / KiB), name);
		return 0;
	}
	range_set_remove(&free_ram, base, base + ALIGN_UP(size, PAGE_SIZE));
	reservations[nr_reservations++] = (struct reservation){ name, base, ALIGN_UP(size, PAGE_SIZE) };
	totals.reserved += ALIGN_UP(size, PAGE_SIZE);
	return base;
}

bool mem_start_allocator(void)
{
	uint64_t before = range_set_total(&free_ram);

	allocator_started = true;
	if (!page_alloc_init(&free_ram, EARLY_MAP_END))
		return false;
	page_alloc_set_ceiling(EARLY_MAP_END);
	totals.managed = page_alloc_managed_pages() * PAGE_SIZE;
	totals.excluded = totals.ram - before - totals.reserved;
	return true;
}

const struct reservation *mem_reservations(unsigned *count)
{
	*count = nr_reservations;
	return reservations;
}

const struct memory_totals *mem_totals(void)
{
	return &totals;
}

paddr_t mem_ap_start_page(void)
{
	return ap_start_page;
}
