/* The JSON manifest GRUB hands us as a module, decoded into a typed,
 * validated configuration. The same source builds into the hypervisor, the
 * host tool build/manifest-check and the unit and fuzz tests, so an operator
 * sees byte-identical error lines before and at boot. docs/manifest.md
 * describes the format. */
#ifndef HV_MANIFEST_H
#define HV_MANIFEST_H

#include "log.h"
#include "types.h"

#define MANIFEST_MAX_BYTES  (1u << 20) /* keeps every offset in jsmn's int */
#define MANIFEST_MAX_TOKENS 2048       /* jsmn tokens; plenty for 32 guests */
#define MANIFEST_MAX_GUESTS 16         /* in each of "vms" and "tds" */
#define MANIFEST_MAX_CPUS   256        /* physical CPU indices 0..255 */
#define MANIFEST_NAME_MAX   31
#define MANIFEST_IMAGE_MAX  63
#define MANIFEST_DEFAULT_LOAD       0x100000 /* 1 MiB, above legacy low memory */
#define MANIFEST_DEFAULT_WATCHDOG_MS 1000
#define MANIFEST_DEFAULT_MKTME_KEYIDS 15     /* TDX KeyIDs [16, 64), as in Linux's docs */
#define MANIFEST_DEFAULT_TDX_KEYIDS   48
#define MANIFEST_MAX_KEYIDS           1023

enum manifest_tdx_module {
	MANIFEST_TDX_AUTO,     /* hardware module if one answers, else the model */
	MANIFEST_TDX_HARDWARE, /* refuse to run without a real TDX module */
	MANIFEST_TDX_EMULATED, /* always the software model in seam/ */
};

/* Statuses the software module can be told to return (fault injection). */
enum manifest_fault_status {
	MANIFEST_FAULT_OPERAND_BUSY,
	MANIFEST_FAULT_RND_NO_ENTROPY,
	MANIFEST_FAULT_SYS_BUSY,
	MANIFEST_FAULT_INTERRUPTED_RESUMABLE,
};

#define MANIFEST_MAX_FAULTS 32  /* one per SEAMCALL site of a TD, with room */

/* After `after` calls of `leaf`, the next `times` calls answer `status`
 * without doing anything, as a busy or interrupted module would. */
struct manifest_fault {
	uint16_t leaf;                      /* SEAMCALL leaf number */
	enum manifest_fault_status status;
	uint32_t after;
	uint32_t times;
};

enum manifest_console {
	MANIFEST_CONSOLE_SERIAL,
	MANIFEST_CONSOLE_NONE,
};

/* Physical CPUs a guest runs on: vCPU i is pinned to cpu[i]. Indices are
 * unique across the whole manifest, so no CPU is ever shared. */
struct manifest_cpus {
	unsigned count;
	uint8_t cpu[MANIFEST_MAX_CPUS];
};
_Static_assert(MANIFEST_MAX_CPUS <= 256, "CPU indices are stored in a uint8_t");

#define MANIFEST_TD_MAX_IMAGES 4
#define MANIFEST_TD_MAX_CPUID  12           /* TD_PARAMS CPUID_CONFIG entries */
#define MANIFEST_CPUID_NO_SUBLEAF 0xffffffffu
#define MANIFEST_TD_DEFAULT_XFAM  0x3       /* x87, SSE: TDX's XFAM_FIXED1 */
#define MANIFEST_TD_SHARED_GPA    (1ull << 47) /* GPAW 48: the shared bit */
#define MANIFEST_TD_IMAGE_END     (4ull << 30) /* a "top" image ends here */

/* A TD image: a multiboot2 module copied into private memory before the TD
 * runs. The build knows the module's size; the parser does not. */
struct manifest_td_image {
	char module[MANIFEST_IMAGE_MAX + 1]; /* multiboot2 module string */
	uint64_t gpa;                        /* first GPA; meaningless when at_top */
	bool at_top;                         /* placed to end at GPA 4 GiB (reset vector); the default */
	bool measured;                       /* PAGE.ADD + MR.EXTEND (default true); false: PAGE.ADD only */
};

struct manifest_td_cpuid {
	uint32_t leaf, subleaf;              /* subleaf MANIFEST_CPUID_NO_SUBLEAF when not given */
	uint32_t eax, ebx, ecx, edx;         /* bits the TD may see set (CPUID_CONFIG values) */
};

/* What TD_PARAMS and the initial memory of a TD are built from. */
struct manifest_td {
	bool debug;                  /* ATTRIBUTES.DEBUG, default false */
	bool sept_ve_disable;        /* ATTRIBUTES.SEPT_VE_DISABLE, default true */
	bool allow_sept_ve;          /* explicit override, default false */
	uint64_t xfam;               /* default 0x3 (x87, SSE) */
	uint32_t tsc_mhz;            /* 0 (default): the platform's TSC frequency */
	uint64_t initial_memory;     /* RAM bytes from GPA 0 added (zeroed, PAGE.ADD) before the TD
	                              * runs; the rest of "memory" is added lazily when the TD accepts
	                              * it. Default 0. */
	struct manifest_td_image images[MANIFEST_TD_MAX_IMAGES];
	unsigned nr_images;
	struct manifest_td_cpuid cpuid[MANIFEST_TD_MAX_CPUID];
	unsigned nr_cpuid;
};

/* One entry of "vms" or "tds". Strings are copied out of the JSON text, so
 * the manifest module's memory may be reused once parsing is done. */
struct manifest_guest {
	char name[MANIFEST_NAME_MAX + 1];   /* unique across vms and tds */
	char image[MANIFEST_IMAGE_MAX + 1]; /* multiboot2 module string; "" if none
	                                     * (a TD's "images" leave it empty) */
	uint64_t memory;                    /* bytes, a non-zero multiple of 4 KiB */
	uint64_t load;                      /* VMs: GPA the image is copied to */
	uint64_t entry;                     /* VMs: GPA the first vCPU starts at */
	uint64_t watchdog_ms;               /* stop a vCPU silent this long; 0: never */
	bool entry_set;                     /* "entry" given; else entry = load */
	enum manifest_console console;
	struct manifest_cpus cpus;
	struct manifest_td td;              /* "tds" entries only; all zero for VMs */
};

struct manifest_guest_list {
	unsigned count;
	struct manifest_guest guest[MANIFEST_MAX_GUESTS];
};

struct manifest {
	struct {
		enum log_level log_level;
	} hypervisor;
	struct {
		enum manifest_tdx_module module;
		/* KeyID partitioning of the emulated platform: KeyIDs 1..mktme
		 * are MKTME's, the next tdx_keyids are TDX private KeyIDs. */
		uint32_t mktme_keyids;
		uint32_t tdx_keyids;
		/* Deterministic fault injection into the software module. */
		struct manifest_fault faults[MANIFEST_MAX_FAULTS];
		unsigned nr_faults;
	} tdx;
	struct manifest_guest_list vms;
	struct manifest_guest_list tds;
};

#define MANIFEST_MAX_ERRORS 32
#define MANIFEST_ERROR_LEN  200

/* Complete lines, each starting "manifest: ". Callers print msg[0..count)
 * and nothing else, so every front end shows exactly the same text. When
 * more than MANIFEST_MAX_ERRORS errors are found, the rest are only counted
 * in dropped, and one extra final line says how many were left out. */
struct manifest_errors {
	char msg[MANIFEST_MAX_ERRORS + 1][MANIFEST_ERROR_LEN];
	unsigned count;
	unsigned dropped;
};

/* Parses len bytes of JSON (no NUL terminator needed; nothing past len is
 * read). Returns the number of errors found, 0 when the manifest is valid:
 * then *out holds it with defaults applied. On errors *out is zeroed, so a
 * caller that ignores the result sees no guests rather than half of them.
 * *errs is reset first. Uses static scratch space: call from one CPU at a
 * time (the boot CPU parses the manifest once). */
int manifest_parse(const char *json, size_t len, struct manifest *out,
		   struct manifest_errors *errs);

/* The checks that need the machine: every CPU a guest names must be online
 * (indices 0..nr_cpus-1). Kept apart so manifest-check can validate a file
 * without knowing the target, or for a given --cpus. Resets *errs and
 * returns the number of errors. */
int manifest_check_platform(const struct manifest *m, unsigned nr_cpus,
			    struct manifest_errors *errs);

/* One line for the boot log, e.g.
 * "manifest: 2 vms, 1 td, tdx.module=auto, log_level=info".
 * Returns the length the full line has, as format() does. */
size_t manifest_summary(const struct manifest *m, char *buf, size_t size);

#endif
