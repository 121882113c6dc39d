/* Architectural MSR numbers and bits the hypervisor uses (Intel SDM vol. 4). */
#ifndef HV_ARCH_X86_MSR_H
#define HV_ARCH_X86_MSR_H

#define MSR_IA32_FEATURE_CONTROL     0x0000003a
#define   FEATURE_CONTROL_LOCKED          (1ull << 0)
#define   FEATURE_CONTROL_VMX_IN_SMX      (1ull << 1)
#define   FEATURE_CONTROL_VMX_OUTSIDE_SMX (1ull << 2)
#define MSR_IA32_APIC_BASE           0x0000001b
#define   APIC_BASE_BSP                   (1ull << 8)
#define   APIC_BASE_X2APIC                (1ull << 10)
#define   APIC_BASE_ENABLE                (1ull << 11)
/* TDX platform MSRs (../shared/REFERENCES.md "Detection MSRs"). */
#define MSR_IA32_MKTME_KEYID_PARTITIONING 0x00000087
#define MSR_IA32_MTRRCAP             0x000000fe
#define   MTRRCAP_SEAMRR                  (1ull << 15)
#define MSR_IA32_SEAMRR_PHYS_BASE    0x00001400
#define   SEAMRR_BASE_CONFIGURED          (1ull << 3)
#define MSR_IA32_SEAMRR_PHYS_MASK    0x00001401
#define   SEAMRR_MASK_LOCKED              (1ull << 10)
#define   SEAMRR_MASK_ENABLED             (1ull << 11)
#define MSR_IA32_TME_ACTIVATE        0x00000982
#define   TME_ACTIVATE_LOCKED             (1ull << 0)
#define   TME_ACTIVATE_ENABLED            (1ull << 1)
#define   TME_ACTIVATE_KEYID_BITS(v)      (((v) >> 32) & 0xf)  /* KeyID bits atop MAXPHYADDR */
#define MSR_IA32_VMX_BASIC           0x00000480
#define MSR_X2APIC_BASE              0x00000800
#define MSR_IA32_EFER                0xc0000080
#define   EFER_NXE                        (1ull << 11)
#define MSR_FS_BASE                  0xc0000100
#define MSR_GS_BASE                  0xc0000101
#define MSR_KERNEL_GS_BASE           0xc0000102

#endif
