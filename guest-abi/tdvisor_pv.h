/* tdvisor's paravirtual guest ABI: what a guest may rely on when tdvisor
 * runs it. Header-only, freestanding, MIT-licensed like the rest of tdvisor,
 * so guest authors can copy it into their own trees.
 *
 * Plain VMs (the manifest's "vms") call the hypervisor with VMCALL:
 *   RAX = function (enum tdvisor_pv_function), arguments in RBX, RCX, RDX;
 *   on return RAX = status (enum tdvisor_pv_status), other registers kept.
 * Trust Domains reach the same functions through TDG.VP.VMCALL (TDCALL
 * leaf 0; register conventions in tdx_ghci.h) with R10 =
 * TDVISOR_PV_TDVMCALL_LEAF (a non-zero, vendor-specific leaf per the GHCI),
 * R11 = function, arguments in R12, R13, R14, and R10-R13 exposed (RCX =
 * TDG_VP_VMCALL_EXPOSE_STANDARD does). On return R10 holds a GHCI status,
 * not enum tdvisor_pv_status: TDG_VP_VMCALL_SUCCESS (0),
 * TDG_VP_VMCALL_INVALID_OPERAND for a bad argument or too few registers
 * exposed (nothing was done), TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED for a
 * function TDs do not have; any other R10 value than the two leaves gets
 * SUBFUNC_UNSUPPORTED too.
 *
 * Initial vCPU state of a VM (chosen to match a TD's, so one guest entry
 * path serves both): 32-bit protected mode, paging off, flat 4 GiB code and
 * data segments, CR0 = PE|NE (0x21), CR4 = 0, EFER = 0, RFLAGS = 0x2,
 * interrupts disabled, RIP = the manifest's "entry",
 * RBX = guest memory size in bytes (GPAs [0, size) are RAM; only EBX is
 * visible in 32-bit mode, so VMs are limited to 4 GiB - 4 KiB for now),
 * RSI = vCPU index (0 for the first vCPU), RCX = TDVISOR_PV_BOOT_MAGIC.
 * CR0.ET (bit 4) is hardwired to 1 on real CPUs and may read as 1.
 * Every vCPU of a VM starts at the same RIP at the same time: the guest
 * serializes its own early setup (vCPU 0 first, the others wait).
 *
 * Ports, the same for VMs (IN/OUT) and TDs (TDG.VP.VMCALL<Instruction.IO>):
 * COM1 (0x3f8-0x3ff) is a 16550A that Linux's 8250 driver probes and
 * drives (polled: no interrupt line, no input); what is written to its
 * transmit register is collected into lines (printable ASCII and tabs,
 * '\r' dropped, others shown as '?', a line ends at '\n' or 159
 * characters) and printed as "[name] text"; the line-status register
 * always says "transmitter empty". An OUT of any width to port 0xf4 stops
 * the guest with that value as its status. Port 0x80 is accepted and
 * ignored (IN reads 0). Any other port is unclaimed: IN returns all ones,
 * OUT is dropped, and more than 10,000 such accesses stop the guest.
 * HLT with interrupts enabled returns at once (no interrupt sources yet);
 * with interrupts disabled it stops the VM, which could never wake.
 */
#ifndef TDVISOR_PV_H
#define TDVISOR_PV_H
/* The #defines below are usable from assembly; the enums are C only. */

#define TDVISOR_PV_BOOT_MAGIC     0x74647673u  /* "tdvs" */
#define TDVISOR_PV_TDVMCALL_LEAF  0x74647673u

/* CPUID leaf 0x40000000: EAX = highest hypervisor leaf, EBX/ECX/EDX spell
 * the signature "TDVISORTDVIS". Leaf 0x40000001: EAX = ABI version. */
#define TDVISOR_CPUID_LEAF_BASE   0x40000000u
#define TDVISOR_CPUID_SIGNATURE_EBX 0x49564454u  /* "TDVI" */
#define TDVISOR_CPUID_SIGNATURE_ECX 0x54524f53u  /* "SORT" */
#define TDVISOR_CPUID_SIGNATURE_EDX 0x53495644u  /* "DVIS" */
#define TDVISOR_PV_ABI_VERSION    1u

/* Guest-visible I/O ports. */
#define TDVISOR_PORT_COM1         0x3f8  /* 16550 transmit: console output, line by line */
#define TDVISOR_PORT_DEBUG_EXIT   0xf4   /* out (any width): ends the VM with that status */

#ifndef __ASSEMBLY__
enum tdvisor_pv_function {
	/* RBX = GPA of the text, RCX = length (0 to 4096 bytes). The text joins
	 * the same line buffer as COM1 output: end lines with '\n'.
	 * TD: R12 = GPA of the text in shared memory (the shared bit set over
	 * the whole range, and mapped shared with MapGPA), R13 = length. */
	TDVISOR_PV_CONSOLE_WRITE = 1,
	/* RBX = exit status (0 = success). Stops the whole VM; does not return.
	 * TD: R12 = exit status; stops the whole TD, which is torn down. */
	TDVISOR_PV_EXIT = 2,
	/* Returns, for the calling vCPU, in RBX the hypervisor's TSC ticks spent
	 * between VM exit and VM entry so far and in RCX its number of exits
	 * (this call's own exit counted, its handling not yet): for path-length
	 * benchmarks.
	 * TD: R11 = ticks from each TD exit (TDH.VP.ENTER returning) to the
	 * next TDH.VP.ENTER, R12 = exits (TDH.VP.ENTER calls that returned),
	 * counted the same way; R10-R12 must be exposed. */
	TDVISOR_PV_EXIT_STATS = 3,
};

enum tdvisor_pv_status {
	TDVISOR_PV_OK = 0,
	TDVISOR_PV_EINVAL = 1,      /* bad argument: nothing was done */
	TDVISOR_PV_ENOSYS = 2,      /* unknown function */
};
#endif

#endif
