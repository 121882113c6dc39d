/* TDX metadata field identifiers (TDX module 1.5 ABI), shared by the host
 * (TDH.VP.RD/WR, TDH.MNG.RD/WR) and the software module in seam/.
 *
 * A field id (md_field_id_t, intel/tdx-module tdx_1.5 include/tdx_api_defs.h):
 *   23:0 field code   33:32 element size (0..3 = 1, 2, 4, 8 bytes)
 *   50 increment size   51 write-mask valid   54:52 context (0 platform,
 *   1 TD, 2 vCPU)   61:56 class   63 non-architectural; bits 31:24, 37:34,
 *   46:38, 49:47, 55 and 62 must be 0 in a single-field access.
 * The module finds a field by class and field code only: context, size and
 * increment size are ignored (metadata_generic.c,
 * md_check_as_single_element_id), so KVM's ids, which carry class and
 * field code only (arch/x86/kvm/vmx/tdx_arch.h), work too. The ids below
 * are the full ones of include/auto_gen/tdvps_fields_lookup.c,
 * td_vmcs_fields_lookup.c and tdr_tdcs_fields_lookup.c. Listed here: the
 * fields tdvisor uses, all of which the software module answers (which
 * accessor may read or write each: docs/tdx-module-model.md, "Metadata,
 * debug TDs and CPUID"). */
#ifndef HV_TDX_TD_FIELDS_H
#define HV_TDX_TD_FIELDS_H

#define TDX_MD_FIELD_CODE(id)   ((id) & 0xffffffull)
#define TDX_MD_ELEM_SIZE(id)    (1u << (((id) >> 32) & 3))      /* bytes */
#define TDX_MD_CLASS(id)        (((id) >> 56) & 0x3f)

/* ---- vCPU scope (TDH.VP.RD/WR; TDG.VP.RD/WR) ---- */

/* Class 16, guest GPRs: field code = register number (RAX 0, RCX 1, RDX 2,
 * RBX 3, RSP 4, RBP 5, RSI 6, RDI 7, R8..R15 8..15). RSP (4) is a
 * placeholder nobody can read: the stack pointer lives in the TD VMCS
 * (TDX_FIELD_GUEST_RSP). A debug TD only: a production TD's GPRs are
 * neither readable nor writable by the host. */
#define TDX_FIELD_GPR(n)          (0x1020000300000000ull | (n))
#define TDX_FIELD_RAX             TDX_FIELD_GPR(0)
#define TDX_FIELD_RCX             TDX_FIELD_GPR(1)
#define TDX_FIELD_RDX             TDX_FIELD_GPR(2)
#define TDX_FIELD_RBX             TDX_FIELD_GPR(3)
#define TDX_FIELD_RBP             TDX_FIELD_GPR(5)
#define TDX_FIELD_RSI             TDX_FIELD_GPR(6)
#define TDX_FIELD_RDI             TDX_FIELD_GPR(7)
#define TDX_FIELD_R15             TDX_FIELD_GPR(15)

/* Class 17, other guest state: DR0-3 and DR6 (field code = register
 * number), XCR0. DR7 is in the TD VMCS. Debug TD only. */
#define TDX_FIELD_DR(n)           (0x1120000300000000ull | (n))   /* n = 0..3, 6 */
#define TDX_FIELD_XCR0            0x1120000300000020ull           /* read-only */
/* Non-architectural; readable for any TD. Bit 0: an interrupt is pending
 * in the virtual APIC (KVM: TD_VCPU_STATE_DETAILS_NON_ARCH). */
#define TDX_FIELD_VCPU_STATE_DETAILS        0x9120000300000100ull
#define TDX_VCPU_STATE_DETAILS_INTR_PENDING 1ull

/* Class 32, vCPU management. */
#define TDX_FIELD_VCPU_INDEX      0xa020000200000002ull
#define TDX_FIELD_NUM_TDVPS_PAGES 0xa020000000000003ull
#define TDX_FIELD_ASSOC_LPID      0xa020000200000004ull
#define TDX_FIELD_CPUID_SUPERVISOR_VE 0xa020000000000007ull /* guest r/w */
#define TDX_FIELD_CPUID_USER_VE   0xa020000000000008ull   /* guest r/w */
#define TDX_FIELD_XFAM            0x202000030000000cull
#define TDX_FIELD_TDVPS_PAGE_PA(n) (0xa020000300000010ull + (n))

/* Class 0, the TD VMCS: field code = the VMCS field encoding; element
 * size from its width (16-bit 1, 32-bit 2, 64-bit and natural 3). */
#define TDX_FIELD_VMCS16(enc)     (0x0024000100000000ull | (enc))
#define TDX_FIELD_VMCS32(enc)     (0x0024000200000000ull | (enc))
#define TDX_FIELD_VMCS64(enc)     (0x0024000300000000ull | (enc))

/* What a host may touch on any TD (KVM arch/x86/kvm/vmx/tdx.c): */
#define TDX_FIELD_POSTED_INTR_NV        TDX_FIELD_VMCS16(0x0002)  /* r/w */
#define TDX_FIELD_POSTED_INTR_DESC_ADDR TDX_FIELD_VMCS64(0x2016)  /* r/w, bits 5:0 0 */
#define TDX_FIELD_SHARED_EPTP           TDX_FIELD_VMCS64(0x203c)  /* r/w, bits 51:12 */
#define TDX_FIELD_PIN_BASED_CONTROLS    TDX_FIELD_VMCS32(0x4000)  /* bit 7 r/w */

/* Debug TD only: guest state a debugger reads and writes. */
#define TDX_FIELD_PROC_BASED_CONTROLS   TDX_FIELD_VMCS32(0x4002)  /* MTF (27) writable */
#define TDX_FIELD_EXCEPTION_BITMAP      TDX_FIELD_VMCS32(0x4004)  /* all but #MC (18) */
#define TDX_FIELD_GUEST_ES_SEL          TDX_FIELD_VMCS16(0x0800)  /* ES CS SS DS FS GS LDTR TR, +2 */
#define TDX_FIELD_GUEST_CS_SEL          TDX_FIELD_VMCS16(0x0802)
#define TDX_FIELD_GUEST_SS_SEL          TDX_FIELD_VMCS16(0x0804)
#define TDX_FIELD_GUEST_DS_SEL          TDX_FIELD_VMCS16(0x0806)
#define TDX_FIELD_GUEST_FS_SEL          TDX_FIELD_VMCS16(0x0808)
#define TDX_FIELD_GUEST_GS_SEL          TDX_FIELD_VMCS16(0x080a)
#define TDX_FIELD_GUEST_ES_LIMIT        TDX_FIELD_VMCS32(0x4800)  /* same order, +2 */
#define TDX_FIELD_GUEST_ES_AR           TDX_FIELD_VMCS32(0x4814)  /* same order, +2 */
#define TDX_FIELD_GUEST_ES_BASE         TDX_FIELD_VMCS64(0x6806)  /* same order, +2 */
#define TDX_FIELD_GUEST_FS_BASE         TDX_FIELD_VMCS64(0x680e)
#define TDX_FIELD_GUEST_GS_BASE         TDX_FIELD_VMCS64(0x6810)
#define TDX_FIELD_GUEST_GDTR_LIMIT      TDX_FIELD_VMCS32(0x4810)
#define TDX_FIELD_GUEST_IDTR_LIMIT      TDX_FIELD_VMCS32(0x4812)
#define TDX_FIELD_GUEST_GDTR_BASE       TDX_FIELD_VMCS64(0x6816)
#define TDX_FIELD_GUEST_IDTR_BASE       TDX_FIELD_VMCS64(0x6818)
#define TDX_FIELD_GUEST_CR0             TDX_FIELD_VMCS64(0x6800)
#define TDX_FIELD_GUEST_CR3             TDX_FIELD_VMCS64(0x6802)
#define TDX_FIELD_GUEST_CR4             TDX_FIELD_VMCS64(0x6804)
#define TDX_FIELD_GUEST_DR7             TDX_FIELD_VMCS64(0x681a)
#define TDX_FIELD_GUEST_RSP             TDX_FIELD_VMCS64(0x681c)
#define TDX_FIELD_GUEST_RIP             TDX_FIELD_VMCS64(0x681e)
#define TDX_FIELD_GUEST_RFLAGS          TDX_FIELD_VMCS64(0x6820)
#define TDX_FIELD_GUEST_IA32_EFER       TDX_FIELD_VMCS64(0x2806)
#define TDX_FIELD_GUEST_IA32_PAT        TDX_FIELD_VMCS64(0x2804)

/* Primary processor-based control a debugger sets for single-step. */
#define TDX_PROC_MONITOR_TRAP_FLAG      (1u << 27)

/* ---- TD scope (TDH.MNG.RD/WR; TDG.VM.RD/WR) ---- */
#define TDX_FIELD_ATTRIBUTES      0x1110000300000000ull
#define TDX_FIELD_TD_XFAM         0x1110000300000001ull
#define TDX_FIELD_MAX_VCPUS       0x1110000200000002ull
#define TDX_FIELD_GPAW            0x1110000000000003ull
#define TDX_FIELD_TD_EPTP         0x1110000300000004ull
#define TDX_FIELD_TSC_OFFSET      0x111000030000000aull   /* KVM reads it */
#define TDX_FIELD_TSC_MULTIPLIER  0x111000030000000bull
#define TDX_FIELD_TSC_FREQUENCY   0x111000010000000cull
#define TDX_FIELD_NOTIFY_ENABLES  0x9110000300000010ull   /* guest r/w bit 0 */
#define TDX_FIELD_CONFIG_FLAGS    0x1110000300000016ull
#define TDX_FIELD_TD_CTLS         0x1110000300000017ull   /* guest r/w bit 0 */
#define TDX_FIELD_NUM_VCPUS       0x9010000200000001ull
#define TDX_FIELD_OP_STATE        0x9010000200000004ull
#define TDX_FIELD_MRTD            0x1310000300000000ull   /* 6 elements */
#define TDX_FIELD_RTMR(n)         (0x1310000300000040ull + 6 * (n))

/* CONFIG_FLAGS and TD_CTLS bits (td_control_structures.h). */
#define TDX_CONFIG_FLAGS_FLEXIBLE_PENDING_VE (1ull << 1)
#define TDX_TD_CTLS_PENDING_VE_DISABLE       (1ull << 0)

#endif
