/* The model's own state. It lives in the SEAM range (reserved at boot,
 * never handed to the allocator); only seam/ touches it. Names follow the
 * module source where the concept is the same (intel/tdx-module tdx_1.5:
 * include/data_structures/tdx_global_data.h). */
#ifndef SEAM_SEAM_STATE_H
#define SEAM_SEAM_STATE_H

#include "seam.h"
#include "../hv/tdx/tdmr.h"
#include "../hv/spinlock.h"

#define SEAM_MAX_TDMRS         64
#define SEAM_MAX_RSVD_PER_TDMR 16
#define SEAM_PAMT_ENTRY_SIZE   16

/* Module-wide state machine (tdx_global_data.h sysinit_state_e). */
enum seam_sys_state {
	SYSINIT_PENDING = 0,
	SYSINIT_DONE = 1,
	SYSCONFIG_DONE = 2,
	SYS_READY = 3,
	SYS_SHUTDOWN = 4,
};


struct seam_tdmr {
	uint64_t base, size;
	uint64_t last_initialized;      /* next address whose PAMT is not set up */
	uint64_t pamt_1g_base, pamt_2m_base, pamt_4k_base;
	struct spinlock lock;           /* held: TDMR.INIT says OPERAND_BUSY */
};

/* HKIDs the model can track: every KeyID a manifest can configure. */
#define SEAM_MAX_HKIDS 1024

/* Key ownership table entry (tdx_global_data.h kot_entry_t): state is
 * enum kot_state (seam/td_state.h); wbinvd_bitmap the packages that still
 * owe a TDH.PHYMEM.CACHE.WB for a flushed HKID. */
struct seam_kot_entry {
	uint32_t state;
	uint32_t reserved;
	uint64_t wbinvd_bitmap;
};

struct seam_global {
	struct spinlock lock;           /* the module's global sharex lock */
	enum seam_sys_state state;
	struct seam_params params;
	struct tdmr_cmr cmrs[SEAM_MAX_CMRS];
	unsigned nr_cmrs;
	bool lp_init[SEAM_MAX_LPS];
	bool lp_shutdown[SEAM_MAX_LPS];
	unsigned nr_init_lps;
	uint64_t pkg_config_bitmap;
	unsigned nr_init_pkgs;
	uint16_t hkid;                  /* the module's global private KeyID */
	struct seam_tdmr tdmrs[SEAM_MAX_TDMRS];
	struct tdmr_info tdmr_info[SEAM_MAX_TDMRS]; /* copies taken at SYS.CONFIG */
	unsigned nr_tdmrs;
	/* TD management (seam/td*.c, seam/sept.c, seam/pamt.c) */
	struct spinlock td_lock;        /* held by each TD leaf: one at a time */
	uint32_t platform_fms;          /* native CPUID(1).EAX; 0 until set */
	struct seam_kot_entry kot[SEAM_MAX_HKIDS];
};

/* The model's global data, in the SEAM range. */
struct seam_global *seam_global(void);

/* Per-leaf handlers (seam/sys.c, ...): they read inputs from and write
 * outputs to args, and return the completion status. */
uint64_t seam_sys_init(struct tdx_module_args *args);
uint64_t seam_sys_lp_init(struct tdx_module_args *args);
uint64_t seam_sys_rd(struct tdx_module_args *args);
uint64_t seam_sys_rdall(struct tdx_module_args *args);
uint64_t seam_sys_config(struct tdx_module_args *args);
uint64_t seam_sys_key_config(struct tdx_module_args *args);
uint64_t seam_sys_tdmr_init(struct tdx_module_args *args);
uint64_t seam_sys_lp_shutdown(struct tdx_module_args *args);
uint64_t seam_sys_shutdown(struct tdx_module_args *args);
/* shared_hpa_check: pa may name a host (shared) buffer of size bytes. */
bool seam_shared_hpa_ok(uint64_t pa, uint64_t size, uint64_t align);
/* Two all-ones I/O bitmap pages for TD VMCSs. */
paddr_t seam_io_bitmaps(void);
/* TDH.VP.ENTER (seam/td_enter.c): runs without the TD lock held. */
uint64_t seam_vp_enter(struct tdx_module_args *args);
/* TD and vCPU management, initial memory, teardown (seam/td*.c). */
uint64_t seam_mng_create(struct tdx_module_args *args);
uint64_t seam_mng_key_config(struct tdx_module_args *args);
uint64_t seam_mng_addcx(struct tdx_module_args *args);
uint64_t seam_mng_init(struct tdx_module_args *args);
uint64_t seam_mng_rd(struct tdx_module_args *args);
uint64_t seam_mng_wr(struct tdx_module_args *args);
uint64_t seam_vp_rd(struct tdx_module_args *args);
uint64_t seam_vp_wr(struct tdx_module_args *args);
uint64_t seam_mem_rd(struct tdx_module_args *args);
uint64_t seam_mem_wr(struct tdx_module_args *args);
uint64_t seam_vp_create(struct tdx_module_args *args);
uint64_t seam_vp_addcx(struct tdx_module_args *args);
uint64_t seam_vp_init(struct tdx_module_args *args, unsigned version);
uint64_t seam_vp_flush(struct tdx_module_args *args);
uint64_t seam_mem_sept_add(struct tdx_module_args *args, unsigned version);
uint64_t seam_mem_sept_rd(struct tdx_module_args *args);
uint64_t seam_mem_page_add(struct tdx_module_args *args);
uint64_t seam_mem_page_aug(struct tdx_module_args *args);
uint64_t seam_mem_range_block(struct tdx_module_args *args);
uint64_t seam_mem_range_unblock(struct tdx_module_args *args);
uint64_t seam_mem_track(struct tdx_module_args *args);
uint64_t seam_mem_page_remove(struct tdx_module_args *args);
uint64_t seam_mem_page_demote(struct tdx_module_args *args);
uint64_t seam_mem_sept_remove(struct tdx_module_args *args, unsigned version);
uint64_t seam_mr_extend(struct tdx_module_args *args);
uint64_t seam_mr_finalize(struct tdx_module_args *args);
uint64_t seam_mng_vpflushdone(struct tdx_module_args *args);
uint64_t seam_phymem_cache_wb(struct tdx_module_args *args);
uint64_t seam_mng_key_freeid(struct tdx_module_args *args);
uint64_t seam_mng_key_reclaimid(struct tdx_module_args *args);
uint64_t seam_phymem_page_reclaim(struct tdx_module_args *args);
uint64_t seam_phymem_page_rdmd(struct tdx_module_args *args);
uint64_t seam_phymem_page_wbinvd(struct tdx_module_args *args);

/* The platform's CPUID(1).EAX, which the real module samples at
 * TDH.SYS.INIT: TDH.VP.INIT puts it in a vCPU's RDX and TDH.MNG.INIT
 * checks CPUID_CONFIG's family/model/stepping against it. */
void seam_set_platform_fms(uint32_t fms);

/* The status a scheduled fault makes this call of leaf return, or
 * TDX_SUCCESS to run it normally. */
uint64_t seam_injected_fault(unsigned leaf);

/* The calling logical processor and its package. */
unsigned seam_lp(void);
unsigned seam_pkg(void);

static inline uint64_t seam_status(uint64_t code, uint32_t operand)
{
	return code | operand;
}

#endif
