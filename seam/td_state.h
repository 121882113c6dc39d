/* Per-TD and per-vCPU state of the software TDX module, and the layout of
 * every page it keeps that state in. As in the real module, the model keeps
 * no TD table of its own: a TD lives in the pages the host donated (TDR,
 * TDCX, TDVPR, S-EPT pages), and the PAMT entry of each page says what it
 * is and which TD owns it. Names and numbers follow intel/tdx-module
 * tdx_1.5 (src/common/data_structures/td_control_structures.h, tdx_tdvps.h,
 * src/common/memory_handlers/pamt_manager.h, sept_manager.h, x86_defs.h);
 * the byte layout inside a page is the model's own (the real one is opaque
 * to the host and not architectural), chosen and documented here.
 *
 * Page map of a TD:
 *   TDR   (1 page)   struct td_tdr: life cycle, HKID, TDCX page list.
 *   TDCS  (4 pages,  TDCS_BASE_SIZE in seam/metadata.c; the module's first
 *          four TDCS page indexes, MSR_BITMAPS_PAGE_INDEX 2 and
 *          SEPT_ROOT_PAGE_INDEX 3 included; the ZERO and MIGSC_LINKS pages
 *          of the real module are not modelled):
 *     0  struct td_tdcs: management and execution-control fields
 *     1  struct td_tdcs_measure: MRTD hash context, MRTD, MRCONFIGID,
 *        MROWNER, MROWNERCONFIG, RTMRs
 *     2  MSR bitmaps for the TD VMCS (all ones at TDH.MNG.ADDCX: intercept)
 *     3  S-EPT root (PML4), in hardware EPT format (below)
 *   TDVPS (6 pages per vCPU, TDVPS_BASE_SIZE; the real module's indexes):
 *     0  TDVPR: struct td_tdvpr (VE_INFO at offset 0, management, the
 *        register state loaded at the first TDH.VP.ENTER)
 *     1  TD VMCS (zero until TDH.VP.ENTER builds it)
 *     2  virtual APIC page
 *     3-5 XSAVE area (12 KiB)
 *   S-EPT pages: 512 entries each, hardware EPT format.
 *
 * PAMT entry (16 bytes; seam/sys.c writes them at TDH.SYS.TDMR.INIT):
 * byte 0 page type (PT_*), bytes 1-7 BEPOCH (the TD epoch at which
 * TDH.MEM.RANGE.BLOCK blocked a REG or EPT page, 56 bits), bytes 8-15
 * owner: the TDR PA for TDCX, TDVPR, REG and EPT pages (the real module
 * stores the same PA as a 40-bit page number), 0 for a TDR or a free page.
 * As in pamt_manager.c there are three levels, one entry per 1G, 2M and
 * 4K of each TDMR. A page the TD got at 2M (TDH.MEM.PAGE.AUG level 1) is
 * a REG entry at the 2M level with all 512 4K entries under it left NDA;
 * a PAMT walk stops at the first REG entry from the top (pamt_walk), so
 * such a page is 2M to TDH.PHYMEM.PAGE.RDMD and RECLAIM, and none of its
 * 4K pieces can be given to anything else. 1G pages are not modelled (the
 * 1G entries stay NDA).
 *
 * S-EPT entry: the real module's encoding, which is also hardware EPT:
 *   bits 2:0 RWX, 5:3 memory type (WB = 6, leaves), 6 IPAT, 7 leaf (also on
 *   4K entries, where the CPU ignores it; on a PD entry it makes a 2M
 *   page, as in hardware EPT), 51:12 HPA, and the module's state bits
 *   D (9), TDEX (53), TDBW (54), TDB (55), TDP (56), SVE (63).
 *   FREE            = TDEX|TDBW|TDB|SVE, RWX 0: not present to the CPU
 *   REMOVED         = TDBW|TDB|SVE (import only; never made by the model)
 *   NL_MAPPED       = RWX | HPA of the child S-EPT page | SVE
 *   NL_BLOCKED      = TDB | HPA of the child | SVE, RWX 0
 *   MAPPED          = RWX | WB << 3 | IPAT | leaf | HPA of the TD page | SVE
 *   BLOCKED         = MAPPED with TDB set and RWX 0
 *   PENDING         = MAPPED with TDP set and RWX 0 (TDH.MEM.PAGE.AUG)
 *   PENDING_BLOCKED = PENDING with TDB set
 * Every state but MAPPED and NL_MAPPED has RWX 0, so the CPU takes an EPT
 * violation there (SVE set: never a hardware #VE) and the module decides.
 * So the root in TDCS page 3 with EPTP = root | (4-1) << 3 | WB is a
 * working EPT for the TD's VMCS (seam_td_sept_root()). Levels as the module
 * numbers them: 0 PT (4K), 1 PD (2M), 2 PDPT (1G), 3 PML4. Only 4-level
 * EPT is modelled (the platform reports no PML5), so GPAW is 48 and the
 * shared bit is GPA bit 47.
 *
 * Addresses the module records for a TD's own pages (TDR.TDCX_PA[],
 * TDVPR.TDVPS_PA[]) carry the TD's KeyID in bits 51:46, as the real module
 * keeps them (TDH.MNG.RD shows them so); td_page() strips it.
 *
 * Module-wide TD state lives in struct seam_global (seam_state.h): the key
 * ownership table (KOT, one entry per KeyID: FREE -> ASSIGNED at
 * TDH.MNG.CREATE -> FLUSHED at TDH.MNG.VPFLUSHDONE -> FREE at
 * TDH.MNG.KEY.FREEID once every package ran TDH.PHYMEM.CACHE.WB; the
 * module's global KeyID counts as RESERVED), the TD lock, and the
 * platform's CPUID(1).EAX. The TD leaves run one at a time under the TD
 * lock, so the module's per-page and per-TD sharex locks (and the
 * OPERAND_BUSY they give under contention) have no counterpart; busy
 * statuses come from fault injection only. */
#ifndef SEAM_TD_STATE_H
#define SEAM_TD_STATE_H

#include "measure.h"
#include "../hv/tdx/td_params.h"
#include "pamt.h"
#include "../hv/mm/phys.h"

/* ---- Sizes ---- */

#define TD_TDCS_PAGES   4       /* TDCS_BASE_SIZE / 4K */
#define TD_TDVPS_PAGES  6       /* TDVPS_BASE_SIZE / 4K */

enum td_tdcs_page {
	TDCS_PAGE_MGMT = 0,
	TDCS_PAGE_MEASURE = 1,
	TDCS_PAGE_MSR_BITMAPS = 2,      /* MSR_BITMAPS_PAGE_INDEX */
	TDCS_PAGE_SEPT_ROOT = 3,        /* SEPT_ROOT_PAGE_INDEX */
};

enum td_tdvps_page {
	TDVPS_PAGE_TDVPR = 0,           /* TDVPS_VE_INFO_PAGE_INDEX */
	TDVPS_PAGE_VMCS = 1,
	TDVPS_PAGE_VAPIC = 2,
	TDVPS_PAGE_XSAVE = 3,           /* 3..5 */
};

/* ---- Key ownership (global, seam_state.h) ---- */

enum kot_state {
	KOT_STATE_HKID_FREE = 0,
	KOT_STATE_HKID_ASSIGNED = 1,
	KOT_STATE_HKID_FLUSHED = 2,
	KOT_STATE_HKID_RESERVED = 3,    /* the module's global KeyID */
};

/* ---- TDR ---- */

enum td_lifecycle {
	TD_HKID_ASSIGNED = 0,
	TD_KEYS_CONFIGURED = 1,
	TD_BLOCKED = 2,
	TD_TEARDOWN = 3,
};

struct td_tdr {
	uint32_t lifecycle;             /* enum td_lifecycle */
	uint32_t fatal;                 /* set by a fatal TD exit; blocks builds */
	uint32_t num_tdcx;
	uint16_t hkid;
	uint16_t reserved;
	uint64_t chldcnt;               /* pages (TDCX, TDVPR, EPT, REG) it owns */
	uint64_t pkg_config_bitmap;     /* packages that ran TDH.MNG.KEY.CONFIG */
	uint64_t tdcx_pa[TD_TDCS_PAGES];
};
_Static_assert(sizeof(struct td_tdr) <= PAGE_SIZE, "TDR");

/* ---- TDCS ---- */

enum td_op_state {
	OP_STATE_UNINITIALIZED = 0,
	OP_STATE_INITIALIZED = 1,
	OP_STATE_RUNNABLE = 2,
};

/* TD_PARAMS and the ATTRIBUTES bits: hv/tdx/td_params.h (the host fills
 * the same structure). */

/* What the model reports through TDH.SYS.RD (seam/metadata.c; the unit
 * tests check the two agree): ATTRIBUTES_FIXED0/1, XFAM_FIXED0/1. */
#define TD_ATTRIBUTES_FIXED0 (TD_ATTR_DEBUG | TD_ATTR_SEPT_VE_DISABLE | \
			      TD_ATTR_MIGRATABLE | TD_ATTR_PKS | TD_ATTR_PERFMON)
#define TD_ATTRIBUTES_FIXED1 0ull
#define TD_XFAM_FIXED0       0x7ull
#define TD_XFAM_FIXED1       0x3ull
#define TD_CONFIG_FLAGS_FIXED0 (BIT(0) | BIT(1) | BIT(2)) /* CONFIG_FLAGS_FIXED0 */

/* TDCS page 0. */
struct td_tdcs {
	/* management */
	uint32_t op_state;              /* enum td_op_state */
	uint32_t num_vcpus;             /* initialized by TDH.VP.INIT */
	uint32_t num_assoc_vcpus;       /* vCPUs associated with an LP */
	uint16_t num_l2_vms;
	uint16_t reserved0;
	/* execution controls, from TD_PARAMS at TDH.MNG.INIT */
	uint64_t attributes;
	uint64_t xfam;
	uint32_t max_vcpus;
	uint16_t tsc_frequency;
	uint8_t gpaw;                   /* CONFIG_FLAGS.GPAW */
	uint8_t reserved1;
	uint64_t eptp;                  /* S-EPT root | PWL | WB */
	uint64_t config_flags;
	uint64_t virt_ia32_arch_capabilities_config;
	/* TD-scope controls the guest sets with TDG.VM.WR (seam/td_rd.c):
	 * NOTIFY_ENABLES bit 0 and TD_CTLS.PENDING_VE_DISABLE (bit 0). */
	uint64_t notify_enables;
	uint64_t td_ctls;
	/* CPUID_CONFIG as given; the module's native values are not modelled */
	struct td_cpuid_values cpuid_config[TD_NUM_CPUID_CONFIG];
	/* TLB tracking (epoch_tracking): the TD epoch, 1 from TDH.MNG.INIT,
	 * which TDH.MEM.TRACK advances, and how many vCPUs run in the TD in
	 * an even / odd epoch. Under the TD lock. */
	uint64_t td_epoch;
	uint16_t epoch_refcount[2];
};
_Static_assert(sizeof(struct td_tdcs) <= PAGE_SIZE, "TDCS page 0");

/* TDCS page 1. */
struct td_tdcs_measure {
	struct mrtd_ctx mrtd_ctx;       /* TD_SHA_CTX, between INIT and FINALIZE */
	uint8_t mrtd[MR_SIZE];          /* set by TDH.MR.FINALIZE */
	uint8_t mr_config_id[MR_SIZE];
	uint8_t mr_owner[MR_SIZE];
	uint8_t mr_owner_config[MR_SIZE];
	uint8_t rtmr[NR_RTMRS][MR_SIZE];
};
_Static_assert(sizeof(struct td_tdcs_measure) <= PAGE_SIZE, "TDCS page 1");

/* ---- TDVPS ---- */

enum td_vcpu_state {
	VCPU_UNINITIALIZED = 0,
	VCPU_READY = 2,
	VCPU_ACTIVE = 4,
	VCPU_DISABLED = 8,
};

#define VCPU_NO_LP 0xffffffffu

/* VE_INFO (tdvps_ve_info_t), 128 bytes at offset 0 of the TDVPR: the VMCS
 * virtualization-exception information address points here. */
struct td_ve_info {
	uint32_t exit_reason;
	uint32_t valid;                 /* 0xffffffff valid, 0 free */
	uint64_t exit_qualification;
	uint64_t gla;
	uint64_t gpa;
	uint16_t eptp_index;
	uint8_t reserved0[2];
	uint32_t instruction_length;
	uint32_t instruction_info;
	uint8_t reserved1[84];
};
_Static_assert(sizeof(struct td_ve_info) == 128, "VE_INFO");

/* A segment register as the VMCS holds it. */
struct td_segment {
	uint16_t selector;
	uint16_t reserved;
	uint32_t ar;                    /* VMX access rights */
	uint32_t limit;
	uint32_t reserved1;
	uint64_t base;
};

/* GPR indexes: the x86 register numbering. */
enum td_gpr {
	TD_RAX, TD_RCX, TD_RDX, TD_RBX, TD_RSP, TD_RBP, TD_RSI, TD_RDI,
	TD_R8, TD_R9, TD_R10, TD_R11, TD_R12, TD_R13, TD_R14, TD_R15,
	TD_NR_GPRS,
};

/* The vCPU's register state. TDH.VP.INIT writes the initial values (as
 * tdh_vp_init.c and td_vmcs_init.c set them; ../shared/TDX-TD-ABI.md
 * section 1); the first TDH.VP.ENTER loads them into the TD VMCS and the
 * CPU, later exits save the live state here. */
struct td_vcpu_regs {
	uint64_t gpr[TD_NR_GPRS];
	uint64_t rip, rflags;
	uint64_t cr0, cr3, cr4;
	uint64_t dr6, dr7;
	uint64_t xcr0;
	uint64_t ia32_efer, ia32_pat, ia32_fmask;
	uint64_t ia32_perf_global_ctrl;
	struct td_segment es, cs, ss, ds, fs, gs, ldtr, tr;
	uint64_t gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
};

/* What the host and the guest set through TDH.VP.WR / TDG.VP.WR that is
 * not guest register state (seam/md_vp.c). The real module keeps shadows
 * of the host-written TD VMCS controls in the TDVPS (management.shadow_*);
 * here they are the only copy of the controls Bochs' VMCS lacks (posted
 * interrupts, the shared EPTP), and TDH.VP.ENTER builds the TD VMCS's
 * exception bitmap and debug controls from them. Initial values
 * (TDH.VP.INIT, td_vmcs_init.c): PID_HPA NULL_PA, notification vector
 * 0xffff (neither set yet), exception bitmap #MC. */
struct td_vcpu_ctls {
	uint64_t pid_hpa;               /* POSTED_INTR_DESC_ADDR */
	uint64_t shared_eptp;           /* SHARED_EPTP */
	uint16_t posted_intr_nv;        /* POSTED_INTR_NV */
	uint8_t cpuid_supervisor_ve;    /* TDG.VP.CPUIDVE.SET */
	uint8_t cpuid_user_ve;
	uint32_t pin_based;             /* PROCESS_POSTED_INTERRUPTS (bit 7) */
	uint32_t exception_bitmap;      /* the host's, debug TD (#MC always) */
	uint32_t proc_based;            /* debug-writable primary controls set */
	uint64_t dr[4];                 /* DR0-DR3 (DR6, DR7: td_vcpu_regs) */
};

/* TDVPR page (TDVPS page 0). */
struct td_tdvpr {
	struct td_ve_info ve_info;
	/* management */
	uint8_t state;                  /* enum td_vcpu_state */
	uint8_t num_tdvps_pages;        /* TDVPR + TDCX pages added so far */
	uint8_t last_td_exit;           /* LAST_EXIT_*; ASYNC_FAULT after INIT */
	uint8_t reserved0;
	uint32_t vcpu_index;
	uint32_t assoc_lp;              /* VCPU_NO_LP when not associated */
	uint32_t x2apic_id;             /* TDH.VP.INIT v1 R8, else VCPU_INDEX */
	uint64_t tdr_pa;                /* owner (also in the PAMT) */
	uint64_t tdvps_pa[TD_TDVPS_PAGES];
	uint64_t xfam;
	uint64_t vcpu_epoch;            /* TD epoch at its last TDH.VP.ENTER */
	struct td_vcpu_regs regs;
	struct td_vcpu_ctls ctls;
};
_Static_assert(sizeof(struct td_tdvpr) <= PAGE_SIZE, "TDVPR");

/* last_td_exit: the first entry copies no host GPRs (tdh_vp_init.c). */
#define TD_LAST_EXIT_ASYNC_FAULT 0

/* XSAVE header of the XSAVE area (TDVPS page 3): XCOMP_BV at offset 520. */
#define TD_XSAVE_XCOMP_BV_OFFSET 520

/* ---- Secure EPT ---- */

#define SEPT_LEVEL_PT   0
#define SEPT_LEVEL_PD   1
#define SEPT_LEVEL_PDPT 2
#define SEPT_LEVEL_PML4 3
#define SEPT_PWL        SEPT_LEVEL_PML4 /* EPTP bits 5:3: walk length - 1 */
#define SEPT_ENTRIES    512

#define SEPT_R          BIT(0)
#define SEPT_W          BIT(1)
#define SEPT_X          BIT(2)
#define SEPT_RWX        (SEPT_R | SEPT_W | SEPT_X)
#define SEPT_MT_WB      (6ull << 3)
#define SEPT_MT_MASK    (7ull << 3)
#define SEPT_IPAT       BIT(6)
#define SEPT_LEAF       BIT(7)
#define SEPT_D          BIT(9)
#define SEPT_TDEX       BIT(53)
#define SEPT_TDBW       BIT(54)
#define SEPT_TDB        BIT(55)
#define SEPT_TDP        BIT(56)
#define SEPT_SVE        BIT(63)
#define SEPT_HPA_MASK   0x000ffffffffff000ull

#define SEPT_STATE_MASK (SEPT_D | SEPT_IPAT | SEPT_LEAF | SEPT_TDP | SEPT_TDB | \
			 SEPT_TDBW | SEPT_TDEX)
#define SEPT_STATE_FREE            (SEPT_TDEX | SEPT_TDBW | SEPT_TDB)
#define SEPT_STATE_REMOVED         (SEPT_TDBW | SEPT_TDB)
#define SEPT_STATE_NL_MAPPED       0ull
#define SEPT_STATE_NL_BLOCKED      SEPT_TDB
#define SEPT_STATE_MAPPED          (SEPT_IPAT | SEPT_LEAF)
#define SEPT_STATE_BLOCKED         (SEPT_STATE_MAPPED | SEPT_TDB)
#define SEPT_STATE_PENDING         (SEPT_STATE_MAPPED | SEPT_TDP)
#define SEPT_STATE_PENDING_BLOCKED (SEPT_STATE_PENDING | SEPT_TDB)
#define SEPTE_INIT_VALUE           (SEPT_STATE_FREE | SEPT_SVE)

/* What each S-EPT state allows (include/auto_gen/sept_state_lookup.c,
 * sept_special_flags_lookup), for sept_has(). */
#define SEPT_F_BLOCKED       BIT(0)     /* any_blocked */
#define SEPT_F_TLB_TRACKED   BIT(1)     /* tlb_tracking_required */
#define SEPT_F_ACCESSIBLE    BIT(2)     /* guest_accessible_leaf */
#define SEPT_F_ACCEPTABLE    BIT(3)     /* any_pending_and_guest_acceptable */
#define SEPT_F_PENDING       BIT(4)     /* any_pending */

/* Bytes in a page of an S-EPT level (4K, 2M, 1G, 512G). */
#define SEPT_LEVEL_SIZE(level) (PAGE_SIZE << (9 * (level)))

/* EPTP of the TD's S-EPT: root PA | (PWL << 3) | WB. */
#define TD_EPTP_PWL_SHIFT 3
#define TD_EPTP_MT_WB     6ull

/* ---- Shared helpers (seam/td.c, seam/sept.c) ---- */

/* The leaves run one at a time under the model's TD lock, after the
 * dispatcher's module-state checks (tdx_vmm_dispatcher.c: SYS_SHUTDOWN,
 * SYS_NOT_READY). td_leaf_enter returns TDX_SUCCESS with the lock held or
 * the refusal without it; td_leaf_call wraps a whole leaf in the pair. */
uint64_t td_leaf_enter(void);
void td_leaf_exit(void);
uint64_t td_leaf_call(uint64_t (*fn)(struct tdx_module_args *), struct tdx_module_args *args);

/* check_lock_and_map_explicit_tdr: the TDR at pa, with PAMT type type
 * (PT_NDA for a page about to become one). */
uint64_t td_explicit_tdr(uint64_t pa, uint32_t operand, enum pamt_page_type type,
			 struct td_tdr **tdr, struct pamt_entry **entry);
/* The two above in a row, as most TD leaves begin: the TDR at tdr_pa,
 * then its TDCS if the TD's state allows leaf. */
uint64_t td_explicit_tdcs(uint64_t tdr_pa, uint32_t operand, unsigned leaf, struct td_tdr **tdr,
			  struct td_tdcs **tdcs);
/* check_state_map_tdcs_and_lock: TD not fatal, keys configured, TDCS
 * allocated, and the op state allows leaf. */
uint64_t td_check_state(const struct td_tdr *tdr, unsigned leaf, struct td_tdcs **tdcs);
/* seam/td_vp.c: the TDVPR at pa and its owner TDR (PAMT checks as
 * check_and_lock_explicit_4k_private_hpa, PT_TDVPR); the TDVPS pages a
 * vCPU of the TD needs (TDX_TDCX_NUM_INCORRECT below that). */
uint64_t vp_explicit_tdvpr(uint64_t pa, uint32_t operand, struct td_tdvpr **vp,
			   struct td_tdr **tdr);
unsigned vp_pages_needed(const struct td_tdcs *tdcs);
/* Whether leaf may run in op state (auto_gen/op_state_lookup.c). */
bool td_op_state_allows(unsigned leaf, uint32_t op_state);

static inline void *td_page(uint64_t pa)
{
	return phys_to_virt(pa & TD_PA_MASK);
}

static inline struct td_tdcs *td_tdcs_of(const struct td_tdr *tdr)
{
	return td_page(tdr->tdcx_pa[TDCS_PAGE_MGMT]);
}

static inline struct td_tdcs_measure *td_measure_of(const struct td_tdr *tdr)
{
	return td_page(tdr->tdcx_pa[TDCS_PAGE_MEASURE]);
}

/* Secure EPT (seam/sept.c). */
/* secure_ept_walk: from the root down towards level; returns the entry at
 * the level where the walk stopped (*reached): level itself, or a higher
 * one whose entry is not present or is a leaf. */
uint64_t *sept_walk(const struct td_tdcs *tdcs, uint64_t gpa, unsigned level,
		    unsigned *reached);
/* check_gpa_validity for a private GPA. */
bool sept_gpa_private_ok(const struct td_tdcs *tdcs, uint64_t gpa);
/* The page_info input (level in 2:0, GPA in 51:12): reserved bits zero,
 * level in [min, max], GPA aligned to the level (verify_page_info_input). */
bool sept_page_info_ok(uint64_t page_info, unsigned min, unsigned max);
bool sept_is_leaf(uint64_t septe);
uint32_t sept_public_state(uint64_t septe);
/* seamcall_sept_state_lookup: whether SEAMCALL leaf may act on an entry
 * in this state; sept_has: one of the SEPT_F_* properties of its state. */
bool sept_allows(uint64_t septe, unsigned leaf);
bool sept_has(uint64_t septe, unsigned flag);
/* sept_update_state: the entry with its state bits replaced (SVE set). */
uint64_t sept_with_state(uint64_t septe, uint64_t state);
/* block_sept_entry (tdh_mem_range_block.c) and sept_unblock: an entry of
 * a state TDH.MEM.RANGE.BLOCK accepts made blocked, and back. */
uint64_t sept_blocked(uint64_t septe);
uint64_t sept_unblocked(uint64_t septe);
/* leaf_ept_entry_to_hpa for a leaf at level. */
uint64_t sept_leaf_hpa(uint64_t septe, uint64_t gpa, unsigned level);
/* set_arch_septe_details_in_vmm_regs: RCX = the entry in architectural
 * form, RDX = level | public state << 8. */
void sept_report(struct tdx_module_args *args, uint64_t septe, unsigned level);
/* lock_sept_check_and_walk_private_gpa: OPERAND_INVALID/RCX unless gpa is
 * a valid private GPA; EPT_WALK_FAILED/RCX (the entry where the walk
 * stopped reported in RCX/RDX) unless the walk reaches level. */
uint64_t sept_walk_private(struct tdx_module_args *args, const struct td_tdcs *tdcs,
			   uint64_t gpa, unsigned level, uint64_t **septe);

/* TLB tracking (seam/td_mem_track.c). TDH.VP.ENTER calls td_epoch_enter
 * before running the vCPU, which returns true when the vCPU must flush
 * the TD's cached translations first (the TD epoch moved since it last
 * ran), and td_epoch_exit when the vCPU leaves the TD. is_tlb_tracked:
 * whether every vCPU that could still hold a translation of a page
 * blocked at bepoch has left the TD since a TDH.MEM.TRACK after it. */
bool td_epoch_enter(struct td_tdcs *tdcs, struct td_tdvpr *vp);
void td_epoch_exit(struct td_tdcs *tdcs, const struct td_tdvpr *vp);
bool td_tlb_tracked(const struct td_tdcs *tdcs, uint64_t bepoch);

/* Lookups for TDH.VP.ENTER and the debug paths: NULL unless pa is a page
 * of that PAMT type. */
struct td_tdr *seam_td_tdr(uint64_t tdr_pa);
struct td_tdvpr *seam_td_tdvpr(uint64_t tdvpr_pa);
/* The EPTP of an initialized TD's S-EPT (root | PWL << 3 | WB, usable as
 * the EPT pointer of its VMCS) and its GPAW (48 or 52 bits); false for a
 * page that is no TDR or a TD before TDH.MNG.INIT. */
bool seam_td_sept_root(uint64_t tdr_pa, uint64_t *eptp, unsigned *gpaw_bits);

#endif
