/* CPUID in a TD: which leaves the module answers itself and with what
 * values (seam/cpuid_virt.c, pure), the CPUID exit (seam/td_cpuid.c) and
 * the CPUID_CONFIG rules TDH.MNG.INIT checks (seam/td_init.c). Sources:
 * intel/tdx-module tdx_1.5 include/auto_gen/cpuid_configurations.c,
 * src/vmm_dispatcher/api_calls/tdh_sys_init.c (native values),
 * src/common/helpers/helpers.c (complete_cpuid_handling),
 * tdh_mng_init.c (read_and_set_cpuid_configurations) and
 * src/td_dispatcher/vm_exits/td_cpuid.c (td_cpuid_exit). */
#ifndef SEAM_TD_CPUID_H
#define SEAM_TD_CPUID_H

#include "td_state.h"

#define TD_CPUID_SUBLEAF_NA 0xffffffffu         /* CPUID_SUBLEAF_NA */

/* One CPUID_CONFIG entry of TD_PARAMS (in TD_PARAMS order): the bits the
 * host sets directly (CONFIG_DIRECT) and the native bits it may clear
 * (ALLOW_DIRECT); every other bit must be 0 in CPUID_CONFIG. */
struct td_cpuid_configurable {
	uint32_t leaf, subleaf;
	struct td_cpuid_values config_direct, allow_direct;
};
extern const struct td_cpuid_configurable td_cpuid_configurable[TD_NUM_CPUID_CONFIG];

/* What a virtual CPUID value depends on beyond the TD's configuration. */
struct td_cpuid_vcpu {
	uint32_t vcpu_index;            /* CPUID(1).EBX[31:24] */
	uint64_t cr4;                   /* OSXSAVE, PKE */
	bool long_mode;                 /* CPUID(0x80000001).EDX.SYSCALL */
	uint32_t platform_fms;          /* CPUID(1).EAX sampled at TDH.SYS.INIT */
	/* The platform's CPUID (the CPU's; a host test gives its own). */
	struct td_cpuid_values (*native)(uint32_t leaf, uint32_t subleaf);
};

/* The value the module returns for CPUID(leaf, subleaf) in the TD, or
 * false when it injects a #VE instead (a leaf it does not virtualize, or
 * one marked faulting). */
bool td_cpuid_virtual(const struct td_tdcs *tdcs, const struct td_cpuid_vcpu *v,
		      uint32_t leaf, uint32_t subleaf, struct td_cpuid_values *out);

struct td_run;
/* A CPUID exit: the answer in RAX/RBX/RCX/RDX and RIP past the
 * instruction, or a #VE (also when TDG.VP.CPUIDVE.SET asked for one at
 * the guest's privilege level). */
void td_cpuid_exit(struct td_run *r);

#endif
