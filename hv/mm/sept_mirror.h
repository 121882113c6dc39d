/* The hypervisor's own record of a TD's memory, kept in page tables built
 * with the one walker (pagetable.c), updated after every successful
 * SEAMCALL that changes the TD's Secure EPT: private leaves (GPA -> HPA,
 * with the state the module gave the page), the S-EPT pages themselves,
 * and the shared EPT (an ordinary EPT the module is pointed at). Fault
 * handling, MapGPA, teardown and reclaim walk this mirror, never the
 * module; `mirror-check NAME` compares it with TDH.MEM.SEPT.RD. */
#ifndef HV_MM_SEPT_MIRROR_H
#define HV_MM_SEPT_MIRROR_H

#include "pagetable.h"

/* State of a private leaf, as the module's S-EPT has it. */
enum sept_mirror_state {
	SEPT_MIRROR_MAPPED = 1,         /* PAGE.ADD, or AUG then accepted */
	SEPT_MIRROR_PENDING = 2,        /* PAGE.AUG, not yet accepted */
	SEPT_MIRROR_BLOCKED = 3,        /* RANGE.BLOCK done, being removed */
};

struct sept_mirror {
	struct page_table priv;         /* private GPA -> HPA, state in the leaf */
	struct page_table tables;       /* S-EPT page per (GPA, level) -> its HPA */
	struct page_table shared;       /* the shared EPT (GPA with the shared bit) */
	uint64_t nr_tables;             /* S-EPT pages the module holds */
	uint64_t nr_private;            /* private 4K pages mapped, any state */
};

struct sept_mirror_leaf {
	uint64_t gpa;                   /* first GPA of the page */
	paddr_t hpa;
	uint64_t size;                  /* 4 KiB or 2 MiB */
	enum sept_mirror_state state;
};

/* GPAs are private (shared bit clear) and below 2^48: a 4-level S-EPT.
 * Errors are enum pt_error; PT_NO_MEMORY leaves the mirror's contents and
 * counters unchanged. No lock: the caller serializes changes to one TD. */

/* An empty mirror (all three tables), or PT_NO_MEMORY with nothing held. */
int sept_mirror_init(struct sept_mirror *m);
/* Frees the mirror's own tables (never the TD's pages). Safe after a
 * failed init. */
void sept_mirror_destroy(struct sept_mirror *m);

/* S-EPT pages, keyed by (gpa, level) with level as TDH.MEM.SEPT.ADD's:
 * the page an entry of that level points to (KVM: pg_level_to_tdx_sept_level
 * in linux arch/x86/kvm/vmx/tdx.c), spanning 1 << (12 + 9 * level) bytes
 * of GPA: level 1 holds 4K leaves for 2 MiB, level 3 covers 512 GiB. Any
 * gpa inside the span names the page. add_table refuses (PT_BAD_ARGUMENT)
 * a level outside 1..3, a page already recorded, or hpa 0; table returns
 * 0 when there is none; remove_table of an absent page does nothing. */
int sept_mirror_add_table(struct sept_mirror *m, uint64_t gpa, unsigned level, paddr_t hpa);
bool sept_mirror_has_table(const struct sept_mirror *m, uint64_t gpa, unsigned level);
paddr_t sept_mirror_table(const struct sept_mirror *m, uint64_t gpa, unsigned level);
void sept_mirror_remove_table(struct sept_mirror *m, uint64_t gpa, unsigned level);

/* Private leaves: one page of size (4K or 2M) at gpa. map needs gpa and
 * hpa aligned to size and no leaf in the range (the module never maps over
 * one), else PT_BAD_ARGUMENT. lookup of any GPA inside a page gives the
 * whole page. set_state of a GPA with no leaf panics (mirror out of sync).
 * unmap forgets every leaf in [gpa, gpa + size), which must hold whole
 * leaves only (cutting one panics); an empty range is fine. */
int sept_mirror_map(struct sept_mirror *m, uint64_t gpa, paddr_t hpa, uint64_t size,
		    enum sept_mirror_state state);
bool sept_mirror_lookup(const struct sept_mirror *m, uint64_t gpa, struct sept_mirror_leaf *out);
void sept_mirror_set_state(struct sept_mirror *m, uint64_t gpa, enum sept_mirror_state state);
void sept_mirror_unmap(struct sept_mirror *m, uint64_t gpa, uint64_t size);

/* Every private leaf that overlaps [start, end), whole, in GPA order;
 * stops when fn returns false (and returns false). fn may set_state or
 * unmap the leaf it is given, nothing else. */
bool sept_mirror_for_each(const struct sept_mirror *m, uint64_t start, uint64_t end,
			  bool (*fn)(void *ctx, const struct sept_mirror_leaf *leaf), void *ctx);
/* Every S-EPT page (gpa aligned to its span), leaf tables (level 1)
 * first, then level 2, then 3, so the module accepts their removal or
 * reclaim in this order; within a level in GPA order. Stops as for_each
 * does; fn may remove_table the page it is given, nothing else. */
bool sept_mirror_for_each_table(const struct sept_mirror *m,
				bool (*fn)(void *ctx, uint64_t gpa, unsigned level, paddr_t hpa),
				void *ctx);

#endif
