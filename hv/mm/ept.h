/* EPT: the format descriptor the shared page-table walker uses for extended
 * page tables, leaf-flag encoding, and the EPT pointer (SDM vol. 3C 29.3). */
#ifndef HV_MM_EPT_H
#define HV_MM_EPT_H

#include "pagetable.h"

#define EPT_READ        BIT(0)
#define EPT_WRITE       BIT(1)
#define EPT_EXEC        BIT(2)
#define EPT_RWX         (EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MEMTYPE_SHIFT 3
#define EPT_IGNORE_PAT  BIT(6)

enum ept_memtype {
	EPT_MT_UC = 0,
	EPT_MT_WC = 1,
	EPT_MT_WT = 4,
	EPT_MT_WP = 5,
	EPT_MT_WB = 6,
};

extern const struct pt_format pt_format_ept;

static inline uint64_t ept_leaf_flags(uint64_t rwx, enum ept_memtype mt)
{
	return (rwx & EPT_RWX) | ((uint64_t)mt << EPT_MEMTYPE_SHIFT);
}

/* EPTP for a 4-level table with write-back paging-structure accesses. */
static inline uint64_t ept_pointer(const struct page_table *ept)
{
	return ept->root | (3ull << 3) | EPT_MT_WB;
}

#endif
