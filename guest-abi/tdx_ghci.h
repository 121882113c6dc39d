/* The TDX guest-host interface as a Trust Domain sees it under tdvisor:
 * TDCALL leaf numbers (TDX module 1.5 ABI), the TDG.VP.VMCALL sub-functions
 * of the GHCI 1.5 with their register conventions, and the GHCI status
 * codes. Header-only, freestanding, MIT-licensed like the rest of tdvisor,
 * usable from C and from assembly (only #defines outside __ASSEMBLY__).
 * tdvisor's own PV calls through TDG.VP.VMCALL are in tdvisor_pv.h.
 *
 * Sources (numbers checked there; the prose is ours): Linux
 * arch/x86/include/asm/shared/tdx.h and arch/x86/coco/tdx/tdx.c (guest
 * side), arch/x86/kvm/vmx/tdx.c handle_tdvmcall() and friends (host
 * side), intel/tdx-module tdx_1.5 src/td_dispatcher/vm_exits/
 * tdg_vp_vmcall.c (what the module copies), ../shared/TDX-TD-ABI.md §7.
 *
 * TDCALL: RAX = leaf; the status comes back in RAX (0 = success).
 *
 * TDG.VP.VMCALL (RAX = 0):
 *   RCX  bits 15:0 = which GPRs the host sees (bit n = GPR n in the order
 *        RAX RCX RDX RBX RSP RBP RSI RDI R8..R15), bits 31:16 = XMM0..15;
 *        bits 0 (RAX), 1 (RCX) and 4 (RSP) must be 0 or the module fails
 *        the TDCALL itself. Registers not exposed reach the host as 0 and
 *        keep their value in the guest. Every call below needs at least
 *        R10-R15 exposed (TDG_VP_VMCALL_EXPOSE_STANDARD); a call whose
 *        argument or output registers are not all exposed gets
 *        INVALID_OPERAND (R10 and R11 not exposed read as 0).
 *   R10  0 (TDG_VP_VMCALL_STANDARD) for the GHCI sub-functions below, or
 *        TDVISOR_PV_TDVMCALL_LEAF for tdvisor's PV calls; anything else:
 *        TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED.
 *   R11  the sub-function; R12, R13, R14, R15 its arguments.
 *   Out: R10 = status (TDG_VP_VMCALL_SUCCESS ...), R11 = the output value
 *        where a sub-function has one, other exposed registers as listed.
 *
 * Sub-functions (R11), arguments -> outputs:
 *   GetTdVmCallInfo   R12 = leaf. Leaf 0: R11..R14 = 0 (base GHCI only).
 *                     Leaf 1: R11 = optional sub-functions supported
 *                     (TDG_VP_VMCALL_INFO1_*), R12..R14 = 0. Other leaves:
 *                     INVALID_OPERAND.
 *   MapGPA            R12 = start GPA, R13 = size in bytes: both 4 KiB
 *                     aligned (else ALIGN_ERROR, R11 = R12), size non-zero,
 *                     no wrap, inside GPAW, all shared or all private (else
 *                     INVALID_OPERAND, R11 = R12). The shared bit of the GPA
 *                     says which way: set = convert to shared, clear = to
 *                     private. RETRY with R11 = the GPA to resume from: call
 *                     again with R12 = R11 and the size reduced accordingly.
 *   GetQuote          R12 = shared GPA of the quote buffer, R13 = its size.
 *                     tdvisor has no quoting service: the call answers R10 =
 *                     SUBFUNC_UNSUPPORTED and leaves the buffer untouched, as
 *                     KVM does without a userspace quote handler; leaf 1 of
 *                     GetTdVmCallInfo does not advertise it.
 *   ReportFatalError  R12 = error code (bits 31:0; 0 = panic; bit 63: R13
 *                     holds the GPA of a page of extra data), the message,
 *                     64 bytes NUL-padded, in R14 R15 RBX RDI RSI R8 R9 RDX
 *                     (in that order, each little-endian: expose them, mask
 *                     TDG_VP_VMCALL_EXPOSE_FATAL). The TD is stopped and the
 *                     message logged; the call does not return.
 *   SetupEventNotifyInterrupt  R12 = vector 32..255 (else INVALID_OPERAND),
 *                     delivered to the calling vCPU on host events.
 *   Instruction.CPUID R12 = EAX (leaf), R13 = ECX (sub-leaf) ->
 *                     R12..R15 = EAX, EBX, ECX, EDX.
 *   Instruction.HLT   R12 = 1 if the guest had interrupts blocked (RFLAGS.IF
 *                     = 0; it can then only be woken by an NMI), else 0.
 *                     Returns when an interrupt is pending.
 *   Instruction.IO    R12 = size 1, 2 or 4, R13 = 0 read / 1 write, R14 =
 *                     port (0..0xffff), R15 = value to write -> R11 = value
 *                     read (zero-extended from size bytes).
 *   Instruction.RDMSR R12 = MSR index -> R11 = value.
 *   Instruction.WRMSR R12 = MSR index, R13 = value.
 *   #VE.RequestMMIO   R12 = size 1, 2, 4 or 8, R13 = 0 read / 1 write, R14 =
 *                     GPA, which must be shared (shared bit set) over the
 *                     whole access, R15 = value to write -> R11 = value read.
 *
 * What tdvisor answers beyond the register rules:
 *   Instruction.IO    the port policy of tdvisor_pv.h ("Ports"): COM1 is a
 *                     16550A, port 0xf4 ends the TD, unclaimed ports read
 *                     all ones and too many of them stop the TD.
 *   Instruction.RDMSR/WRMSR  the TSC-deadline timer and x2APIC MSRs of the
 *                     virtual interrupt controller; IA32_APIC_BASE reads
 *                     0xFEE00000 | enabled | x2APIC mode (| BSP on vCPU 0)
 *                     and may only be rewritten with that value; the x2APIC
 *                     ID (0x802) reads the VCPU_INDEX. Any other MSR gets
 *                     INVALID_OPERAND (Linux's #VE handler then raises the
 *                     #GP that rdmsr_safe()/wrmsr_safe() expect).
 *   #VE.RequestMMIO   no MMIO devices exist yet: reads return all ones,
 *                     writes are dropped.
 *   Instruction.HLT   with interrupts blocked and no interrupt that could
 *                     ever wake the vCPU, the TD is stopped.
 */
#ifndef TDVISOR_TDX_GHCI_H
#define TDVISOR_TDX_GHCI_H

/* TDCALL leaves (RAX), TDX module 1.5. */
#define TDG_VP_VMCALL          0
#define TDG_VP_INFO            1
#define TDG_MR_RTMR_EXTEND     2
#define TDG_VP_VEINFO_GET      3
#define TDG_MR_REPORT          4
#define TDG_VP_CPUIDVE_SET     5
#define TDG_MEM_PAGE_ACCEPT    6
#define TDG_VM_RD              7
#define TDG_VM_WR              8
#define TDG_VP_RD              9
#define TDG_VP_WR              10
#define TDG_SYS_RD             11
#define TDG_SYS_RDALL          12

/* TDG.VP.VMCALL RCX: bit n exposes GPR n. */
#define TDG_VP_VMCALL_GPR_RDX  (1 << 2)
#define TDG_VP_VMCALL_GPR_RBX  (1 << 3)
#define TDG_VP_VMCALL_GPR_RBP  (1 << 5)
#define TDG_VP_VMCALL_GPR_RSI  (1 << 6)
#define TDG_VP_VMCALL_GPR_RDI  (1 << 7)
#define TDG_VP_VMCALL_GPR_R8   (1 << 8)
#define TDG_VP_VMCALL_GPR_R9   (1 << 9)
#define TDG_VP_VMCALL_GPR_R10  (1 << 10)
#define TDG_VP_VMCALL_GPR_R11  (1 << 11)
#define TDG_VP_VMCALL_GPR_R12  (1 << 12)
#define TDG_VP_VMCALL_GPR_R13  (1 << 13)
#define TDG_VP_VMCALL_GPR_R14  (1 << 14)
#define TDG_VP_VMCALL_GPR_R15  (1 << 15)
/* GPRs the module refuses to expose (RAX, RCX, RSP); RCX bits 63:32 must
 * be 0 too. */
#define TDG_VP_VMCALL_GPR_FORBIDDEN 0x13
#define TDG_VP_VMCALL_XMM_SHIFT     16
/* R10-R15: enough for every call but ReportFatalError's message. */
#define TDG_VP_VMCALL_EXPOSE_STANDARD 0xfc00
/* RDX RBX RSI RDI R8-R15: what Linux exposes on every call
 * (TDVMCALL_EXPOSE_REGS_MASK), needed for ReportFatalError's message. */
#define TDG_VP_VMCALL_EXPOSE_FATAL    0xffcc

/* R10 */
#define TDG_VP_VMCALL_STANDARD 0

/* R11: GHCI sub-functions. Instruction.* and #VE.RequestMMIO reuse the
 * VMX exit reason of the instruction they stand for. */
#define TDG_VP_VMCALL_INSTRUCTION_CPUID 10
#define TDG_VP_VMCALL_INSTRUCTION_HLT   12
#define TDG_VP_VMCALL_INSTRUCTION_IO    30
#define TDG_VP_VMCALL_INSTRUCTION_RDMSR 31
#define TDG_VP_VMCALL_INSTRUCTION_WRMSR 32
#define TDG_VP_VMCALL_VE_REQUEST_MMIO   48
#define TDG_VP_VMCALL_GET_TD_VM_CALL_INFO          0x10000
#define TDG_VP_VMCALL_MAP_GPA                      0x10001
#define TDG_VP_VMCALL_GET_QUOTE                    0x10002
#define TDG_VP_VMCALL_REPORT_FATAL_ERROR           0x10003
#define TDG_VP_VMCALL_SETUP_EVENT_NOTIFY_INTERRUPT 0x10004

/* GetTdVmCallInfo leaf 1, R11: optional sub-functions the host offers. */
#define TDG_VP_VMCALL_INFO1_GET_QUOTE                  (1 << 0)
#define TDG_VP_VMCALL_INFO1_SETUP_EVENT_NOTIFY_INTERRUPT (1 << 1)

/* Instruction.IO, #VE.RequestMMIO: R13 */
#define TDG_VP_VMCALL_READ     0
#define TDG_VP_VMCALL_WRITE    1

/* ReportFatalError R12 */
#define TDG_VP_VMCALL_FATAL_CODE_MASK  0xffffffff
#define TDG_VP_VMCALL_FATAL_DATA_GPA_VALID 0x8000000000000000  /* R13 is valid */
#define TDG_VP_VMCALL_FATAL_MESSAGE    64               /* bytes in GPRs */

/* SetupEventNotifyInterrupt R12 */
#define TDG_VP_VMCALL_NOTIFY_VECTOR_MIN 32
#define TDG_VP_VMCALL_NOTIFY_VECTOR_MAX 255

/* R10 on return: bit 63 set = error. */
#define TDG_VP_VMCALL_SUCCESS             0x0000000000000000
#define TDG_VP_VMCALL_RETRY               0x0000000000000001
#define TDG_VP_VMCALL_INVALID_OPERAND     0x8000000000000000
#define TDG_VP_VMCALL_GPA_INUSE           0x8000000000000001
#define TDG_VP_VMCALL_ALIGN_ERROR         0x8000000000000002
#define TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED 0x8000000000000003

#endif
