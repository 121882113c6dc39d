/* The hypervisor's own page tables, replacing the boot identity map:
 * - every RAM range of the memory map at DIRECT_MAP_BASE + pa, RW + NX;
 * - the image at its link address: text RX, rodata R+NX, data/bss RW+NX;
 * - the local APIC page in the direct map, uncached;
 * - per-CPU stacks in the stack area, each under an unmapped guard page.
 * CR0.WP makes the read-only mappings binding on the hypervisor itself. */
#include "memory.h"
#include "page_alloc.h"
#include "phys.h"
#include "../../boot/boot.h"
#include "../arch/x86/cpu.h"
#include "../arch/x86/insn.h"
#include "../arch/x86/percpu.h"
#include "../log.h"

#define CR0_WP  BIT(16)
#define CR4_PGE BIT(7)

struct page_table hv_page_table;
uint64_t hv_cr3;                /* loaded by APs in ap_start64 */
uint64_t hv_direct_map_offset;

static uint64_t nx(void)
{
	return cpu_features.nx ? PTE_NX : 0;
}

static void map_or_panic(uint64_t va, paddr_t pa, uint64_t size, uint64_t flags,
			 uint64_t max_page, const char *what)
{
	int err = pt_map(&hv_page_table, va, pa, size, flags, max_page);

	if (err)
		panic("mm: cannot map %s (error %d)", what, err);
}

static void map_image(void)
{
	paddr_t text = (uintptr_t)__image_start, rodata = (uintptr_t)__text_end;
	paddr_t data = (uintptr_t)__rodata_end, end = (uintptr_t)__image_end;

	map_or_panic(text, text, rodata - text, PTE_P | PTE_G, PAGE_SIZE_4K, "text");
	map_or_panic(rodata, rodata, data - rodata, PTE_P | PTE_G | nx(), PAGE_SIZE_4K,
		     "rodata");
	map_or_panic(data, data, end - data, PTE_P | PTE_W | PTE_G | nx(), PAGE_SIZE_4K,
		     "data");
}

void paging_init(const struct boot_info *bi, paddr_t apic_mmio)
{
	uint64_t max_page = cpu_features.page_1g ? PAGE_SIZE_1G : PAGE_SIZE_2M;

	if (pt_init(&hv_page_table, &pt_format_host))
		panic("mm: no memory for the root page table");
	for (unsigned i = 0; i < bi->nr_mem; i++) {
		const struct mem_range *m = &bi->mem[i];
		paddr_t start = ALIGN_DOWN(m->base, PAGE_SIZE);
		paddr_t end = ALIGN_UP(m->base + m->size, PAGE_SIZE);

		if (m->type == MEM_USABLE || m->type == MEM_ACPI_RECLAIM ||
		    m->type == MEM_ACPI_NVS)
			map_or_panic(DIRECT_MAP_BASE + start, start, end - start,
				     PTE_P | PTE_W | PTE_G | nx(), max_page, "RAM");
	}
	map_or_panic(DIRECT_MAP_BASE + apic_mmio, apic_mmio, PAGE_SIZE,
		     PTE_P | PTE_W | PTE_PCD | PTE_PWT | nx(), PAGE_SIZE_4K, "local APIC");
	map_image();

	hv_cr3 = hv_page_table.root;
	write_cr4(read_cr4() | CR4_PGE);
	write_cr3(hv_cr3);
	write_cr0(read_cr0() | CR0_WP);
	hv_direct_map_offset = DIRECT_MAP_BASE;
	page_alloc_set_ceiling(~0ull);
}

static bool map_stack(uint64_t *cursor, uint64_t size, uint64_t *top)
{
	paddr_t pa = page_alloc_contig(size / PAGE_SIZE, PAGE_SIZE);

	*cursor += PAGE_SIZE;           /* guard page: left unmapped */
	if (!pa || pt_map(&hv_page_table, *cursor, pa, size, PTE_P | PTE_W | nx(),
			  PAGE_SIZE_4K))
		return false;
	*cursor += size;
	*top = *cursor;
	return true;
}

bool paging_map_cpu_stacks(unsigned cpu, uint64_t *stack_top, uint64_t ist_top[4])
{
	uint64_t cursor = STACK_AREA_BASE + (uint64_t)cpu * STACK_SLOT_SIZE;

	if (!map_stack(&cursor, KERNEL_STACK_SIZE, stack_top))
		return false;
	for (int i = 1; i <= NR_IST; i++)
		if (!map_stack(&cursor, IST_STACK_SIZE, &ist_top[i]))
			return false;
	return true;
}
