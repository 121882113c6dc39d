/* TDH.VP.ENTER: runs a TD vCPU with real VMX until something the host must
 * see (a TDG.VP.VMCALL, an external interrupt, an EPT violation the module
 * cannot resolve), as intel/tdx-module tdx_1.5 src/vmm_dispatcher/
 * api_calls/tdh_vp_enter.c and src/td_dispatcher/ do on hardware:
 * - the TD's VMCS lives in TDVPS page 1; its EPT is the TD's S-EPT;
 * - a guest TDCALL (66 0F 01 CC), an instruction the CPU does not know, is
 *   caught as #UD (exception bitmap bit 6) and decoded here;
 * - CPUID is answered from the TD's configuration or becomes a #VE
 *   (td_cpuid.c); HLT, port I/O, MSRs and the like become #VE in the TD
 *   with the VE info TDG.VP.VEINFO.GET returns (../shared/TDX-TD-ABI.md
 *   section 3);
 * - a debug TD's host may make exceptions and the monitor trap flag TD
 *   exits (md_vp.c), and its DR0-3/DR6 are the TD's while it runs;
 * - TDG.VP.VMCALL leaves to the host with only the GPRs the guest exposed
 *   in RCX, the others zeroed, and restores them on the next entry.
 * What the model leaves out is in docs/tdx-module-model.md. */
#include "md.h"
#include "td_cpuid.h"
#include "td_irq.h"
#include "td_mem.h"
#include "td_run.h"
#include "seam_state.h"
#include "../hv/arch/x86/guest_regs.h"
#include "../hv/arch/x86/insn.h"
#include "../hv/arch/x86/vmx.h"
#include "../hv/arch/x86/vmx_cpu.h"
#include "../hv/arch/x86/vmx_exit.h"
#include "../hv/lib/string.h"
#include "../hv/log.h"
#include "../hv/tdx/tdx_status.h"

#define EXIT_REASON_TDCALL   77        /* TD exit reason of TDG.VP.VMCALL */
#define VECTOR_UD            6
#define VECTOR_VE            20
#define VECTOR_DF            8
#define VECTOR_GP            13
#define TDCALL_LENGTH        4
#define VE_INFO_VALID        0xffffffffu
#define CR0_PE               BIT(0)
#define CR0_PG               BIT(31)
#define EFER_LMA             BIT(10)

/* Where the TD is when it leaves the module (td_vmcs / last_td_exit). */
enum { LAST_EXIT_ASYNC = 0, LAST_EXIT_TDVMCALL = 1 };

static void gprs_from_vp(struct td_run *r)
{
	const uint64_t *x = r->vp->regs.gpr;

	r->g = (struct guest_regs){
		.rax = x[TD_RAX], .rbx = x[TD_RBX], .rcx = x[TD_RCX], .rdx = x[TD_RDX],
		.rsi = x[TD_RSI], .rdi = x[TD_RDI], .rbp = x[TD_RBP],
		.r8 = x[TD_R8], .r9 = x[TD_R9], .r10 = x[TD_R10], .r11 = x[TD_R11],
		.r12 = x[TD_R12], .r13 = x[TD_R13], .r14 = x[TD_R14], .r15 = x[TD_R15],
	};
}

static void gprs_to_vp(const struct td_run *r)
{
	uint64_t *x = r->vp->regs.gpr;

	x[TD_RAX] = r->g.rax; x[TD_RBX] = r->g.rbx; x[TD_RCX] = r->g.rcx;
	x[TD_RDX] = r->g.rdx; x[TD_RSI] = r->g.rsi; x[TD_RDI] = r->g.rdi;
	x[TD_RBP] = r->g.rbp; x[TD_R8] = r->g.r8; x[TD_R9] = r->g.r9;
	x[TD_R10] = r->g.r10; x[TD_R11] = r->g.r11; x[TD_R12] = r->g.r12;
	x[TD_R13] = r->g.r13; x[TD_R14] = r->g.r14; x[TD_R15] = r->g.r15;
}

static void write_segment(enum vmcs_field sel, const struct td_segment *s)
{
	unsigned n = (sel - VMCS_GUEST_ES_SEL) / 2;

	vmcs_write(sel, s->selector);
	vmcs_write(VMCS_GUEST_ES_LIMIT + 2 * n, s->limit);
	vmcs_write(VMCS_GUEST_ES_AR + 2 * n, s->ar);
	vmcs_write(VMCS_GUEST_ES_BASE + 2 * n, s->base);
}

/* MSRs a TD accesses without the module (../shared/TDX-TD-ABI.md section 4,
 * from msr_config_lookup.c): read and write native, or read native only.
 * Everything else exits and becomes a #VE. Feature-dependent classes (PMU,
 * CET, PKS, ...) stay intercepted: the model's TDs have none of them. */
static const uint32_t msr_native[] = {
	0x48, 0x49, 0x10b, 0x174, 0x175, 0x176, 0x277, 0x600, 0x1b01,
	0xc0000081, 0xc0000082, 0xc0000084, 0xc0000100, 0xc0000101, 0xc0000102,
	0xc0000103, 0x808, 0x80a, 0x80b, 0x83f,
};
static const uint32_t msr_read_native[] = { 0x10, 0xbc, 0xc80, 0xc0000080 };

static void msr_pass(uint8_t *bitmap, uint32_t msr, bool write)
{
	unsigned base = (msr >= 0xc0000000 ? 1024 : 0) + (write ? 2048 : 0);
	uint32_t bit = msr & 0x1fff;

	bitmap[base + bit / 8] &= ~(1u << (bit % 8));
}

static void set_msr_bitmap(struct td_run *r)
{
	uint8_t *bitmap = td_page(r->tdr->tdcx_pa[TDCS_PAGE_MSR_BITMAPS]);

	for (unsigned i = 0; i < ARRAY_SIZE(msr_native); i++) {
		msr_pass(bitmap, msr_native[i], false);
		msr_pass(bitmap, msr_native[i], true);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(msr_read_native); i++)
		msr_pass(bitmap, msr_read_native[i], false);
	for (uint32_t msr = 0x810; msr <= 0x827; msr++)   /* x2APIC ISR/TMR/IRR */
		msr_pass(bitmap, msr, false);
}

/* td_vmcs_init.c: the TD VMCS the module builds at the first entry. */
static void build_vmcs(struct td_run *r)
{
	const struct td_vcpu_regs *v = &r->vp->regs;
	uint32_t pin = vmx_controls.pin & ~PIN_PREEMPTION_TIMER;
	uint64_t cr0_mask = vmx_caps.cr0_fixed0 & ~(CR0_PE | CR0_PG);

	vmcs_write(VMCS_PIN_BASED_CONTROLS, pin);
	vmcs_write(VMCS_PROC_BASED_CONTROLS, vmx_controls.proc | r->vp->ctls.proc_based);
	vmcs_write(VMCS_PROC_BASED_CONTROLS2, vmx_controls.proc2 & ~PROC2_ENABLE_VPID);
	/* The TD's DR7 and DEBUGCTL live in its VMCS (td_vmcs_init.c sets
	 * both controls): a debugger's DR7 written with TDH.VP.WR takes
	 * effect at entry, and the host gets its own DR7 back at exit. */
	vmcs_write(VMCS_EXIT_CONTROLS, vmx_controls.exit | EXIT_SAVE_DEBUG_CONTROLS);
	vmcs_write(VMCS_ENTRY_CONTROLS, vmx_controls.entry | ENTRY_LOAD_DEBUG_CONTROLS);
	vmcs_write(VMCS_EXCEPTION_BITMAP, md_vp_exception_bitmap(r->vp)); /* #UD: TDCALL */
	vmcs_write(VMCS_EPT_POINTER, r->tdcs->eptp);
	/* Every port exits (and becomes a #VE); MSRs per the TD MSR classes. */
	vmcs_write(VMCS_IO_BITMAP_A, seam_io_bitmaps());
	vmcs_write(VMCS_IO_BITMAP_B, seam_io_bitmaps() + PAGE_SIZE);
	set_msr_bitmap(r);
	vmcs_write(VMCS_MSR_BITMAP, r->tdr->tdcx_pa[TDCS_PAGE_MSR_BITMAPS] & TD_PA_MASK);
	td_irq_vmcs_init(r);
	vmcs_write(VMCS_TSC_OFFSET, 0);
	vmx_setup_host_state();

	write_segment(VMCS_GUEST_ES_SEL, &v->es);
	write_segment(VMCS_GUEST_CS_SEL, &v->cs);
	write_segment(VMCS_GUEST_SS_SEL, &v->ss);
	write_segment(VMCS_GUEST_DS_SEL, &v->ds);
	write_segment(VMCS_GUEST_FS_SEL, &v->fs);
	write_segment(VMCS_GUEST_GS_SEL, &v->gs);
	write_segment(VMCS_GUEST_LDTR_SEL, &v->ldtr);
	write_segment(VMCS_GUEST_TR_SEL, &v->tr);
	vmcs_write(VMCS_GUEST_GDTR_BASE, v->gdtr_base);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, v->gdtr_limit);
	vmcs_write(VMCS_GUEST_IDTR_BASE, v->idtr_base);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, v->idtr_limit);
	/* The guest reads CR0 = PE|NE and CR4 = MCE: VMX's own bits are
	 * host-owned (CR4 read shadow, as init_tdcs_dependent_fields_in_vmcs). */
	vmcs_write(VMCS_GUEST_CR0, vmx_fix_cr0(&vmx_caps, v->cr0, true));
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, cr0_mask);
	vmcs_write(VMCS_CR0_READ_SHADOW, v->cr0);
	vmcs_write(VMCS_GUEST_CR4, vmx_fix_cr4(&vmx_caps, v->cr4));
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, vmx_caps.cr4_fixed0 | ~vmx_caps.cr4_fixed1);
	vmcs_write(VMCS_CR4_READ_SHADOW, v->cr4 & ~vmx_caps.cr4_fixed0);
	vmcs_write(VMCS_GUEST_CR3, v->cr3);
	vmcs_write(VMCS_GUEST_DR7, v->dr7);
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_RSP, v->gpr[TD_RSP]);
	vmcs_write(VMCS_GUEST_RIP, v->rip);
	vmcs_write(VMCS_GUEST_RFLAGS, v->rflags);
	vmcs_write(VMCS_GUEST_IA32_EFER, v->ia32_efer);
	vmcs_write(VMCS_GUEST_IA32_PAT, v->ia32_pat);
	vmx_write_quiet_state();
}

/* Whether the #UD came from a TDCALL: the 4 bytes at CS:RIP, read through
 * the TD's paging and the S-EPT. One translation serves every byte up to
 * the end of its page: the walks are most of an in-module TDCALL's cost. */
static bool insn_is_tdcall(const struct td_run *r)
{
	static const uint8_t tdcall[TDCALL_LENGTH] = { 0x66, 0x0f, 0x01, 0xcc };
	uint64_t rip = vmcs_read(VMCS_GUEST_RIP) + vmcs_read(VMCS_GUEST_CS_BASE);
	const uint8_t *byte = NULL;

	for (unsigned i = 0; i < TDCALL_LENGTH; i++, byte++) {
		uint64_t gpa, hpa;

		if (!byte || IS_ALIGNED(rip + i, PAGE_SIZE)) {
			if (!td_gva_to_gpa(r, rip + i, &gpa) || !td_gpa_to_hpa(r, gpa, &hpa))
				return false;
			byte = phys_to_virt(hpa);
		}
		if (*byte != tdcall[i])
			return false;
	}
	return true;
}

void td_inject(unsigned vector, bool error_code)
{
	vmcs_write(VMCS_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION |
		   (error_code ? INTR_INFO_ERROR_CODE : 0) | vector);
	if (error_code)
		vmcs_write(VMCS_ENTRY_EXCEPTION_ERROR_CODE, 0);
}

/* tdx_inject_ve (td_other_exits.c): fill VE info, inject vector 20; a #VE
 * while the info is still valid becomes #DF. */
void td_inject_ve(struct td_run *r, uint32_t reason, uint64_t qual)
{
	struct td_ve_info *ve = &r->vp->ve_info;

	if (ve->valid) {
		td_inject(VECTOR_DF, true);
		return;
	}
	ve->exit_reason = reason;
	ve->exit_qualification = qual;
	ve->gla = 0;
	ve->gpa = 0;
	ve->eptp_index = 0;
	ve->instruction_length = vmcs_read(VMCS_EXIT_INSTRUCTION_LENGTH);
	ve->instruction_info = vmcs_read(VMCS_EXIT_INSTRUCTION_INFO);
	ve->valid = VE_INFO_VALID;
	td_inject(VECTOR_VE, false);
}

/* advance_guest_rip (helpers.c): the TDCALL completed, so the STI or
 * MOV SS shadow it ran in is over (a TD's "sti; tdcall" HLT can then take
 * its interrupt at once). */
void td_skip_tdcall(void)
{
	vmcs_write(VMCS_GUEST_RIP, vmcs_read(VMCS_GUEST_RIP) + TDCALL_LENGTH);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY, vmcs_read(VMCS_GUEST_INTERRUPTIBILITY) &
		   ~(uint64_t)(INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
}

/* The GPRs TDG.VP.VMCALL may expose: RCX bit n = GPR n; RAX, RCX and RSP
 * never leave the TD (tdg_vp_vmcall.c). */
#define VMCALL_EXPOSABLE 0xffc8ull

struct exposed_reg {
	unsigned bit;
	size_t guest;                   /* offset in struct guest_regs */
	size_t host;                    /* offset in struct tdx_module_args */
};

static const struct exposed_reg exposed[] = {
	{ 2, offsetof(struct guest_regs, rdx), offsetof(struct tdx_module_args, rdx) },
	{ 3, offsetof(struct guest_regs, rbx), offsetof(struct tdx_module_args, rbx) },
	{ 6, offsetof(struct guest_regs, rsi), offsetof(struct tdx_module_args, rsi) },
	{ 7, offsetof(struct guest_regs, rdi), offsetof(struct tdx_module_args, rdi) },
	{ 8, offsetof(struct guest_regs, r8), offsetof(struct tdx_module_args, r8) },
	{ 9, offsetof(struct guest_regs, r9), offsetof(struct tdx_module_args, r9) },
	{ 10, offsetof(struct guest_regs, r10), offsetof(struct tdx_module_args, r10) },
	{ 11, offsetof(struct guest_regs, r11), offsetof(struct tdx_module_args, r11) },
	{ 12, offsetof(struct guest_regs, r12), offsetof(struct tdx_module_args, r12) },
	{ 13, offsetof(struct guest_regs, r13), offsetof(struct tdx_module_args, r13) },
	{ 14, offsetof(struct guest_regs, r14), offsetof(struct tdx_module_args, r14) },
	{ 15, offsetof(struct guest_regs, r15), offsetof(struct tdx_module_args, r15) },
};

static uint64_t *reg(void *base, size_t offset)
{
	return (uint64_t *)((char *)base + offset);
}

/* TD exit for TDG.VP.VMCALL: the host sees RCX (the bitmap) and the exposed
 * registers; everything else it gets is zero. */
/* tdg_vp_vmcall.c: RCX bits 63:32 reserved, and RAX, RCX and RSP can
 * never be exposed (../shared/TDX-TD-ABI.md "TDG.VP.VMCALL"). XMM
 * registers (bits 31:16) are not modelled and must not be asked for. */
static bool vmcall_control_ok(uint64_t rcx)
{
	return (rcx >> 16) == 0 && !(rcx & (BIT(0) | BIT(1) | BIT(4)));
}

static uint64_t exit_tdvmcall(struct td_run *r, struct tdx_module_args *args)
{
	uint64_t bitmap = r->g.rcx & VMCALL_EXPOSABLE;

	memset(args, 0, sizeof(*args));
	args->rcx = bitmap;
	for (unsigned i = 0; i < ARRAY_SIZE(exposed); i++)
		if (bitmap & BIT(exposed[i].bit))
			*reg(args, exposed[i].host) = *reg(&r->g, exposed[i].guest);
	r->vp->last_td_exit = LAST_EXIT_TDVMCALL;
	return EXIT_REASON_TDCALL;
}

/* Re-entry after a TDG.VP.VMCALL: the host's answers go into the exposed
 * registers, the TDCALL itself completes with RAX = 0. */
static void resume_from_tdvmcall(struct td_run *r, const struct tdx_module_args *args)
{
	uint64_t bitmap = r->g.rcx & VMCALL_EXPOSABLE;

	for (unsigned i = 0; i < ARRAY_SIZE(exposed); i++)
		if (bitmap & BIT(exposed[i].bit))
			*reg(&r->g, exposed[i].guest) = *reg((void *)args, exposed[i].host);
	r->g.rax = TDX_SUCCESS;
	td_skip_tdcall();
}

/* A TD exit the host handles: reason and details in the registers KVM
 * reads after TDH.VP.ENTER. */
static bool exit_to_host(struct tdx_module_args *args, uint32_t reason, uint64_t qual,
			 uint64_t *status)
{
	memset(args, 0, sizeof(*args));
	args->rcx = qual;
	args->r8 = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	args->r9 = vmcs_read(VMCS_EXIT_INTR_INFO);
	*status = reason;
	return true;
}

/* One VM exit inside the module: false to re-enter the TD, true to return
 * *status from TDH.VP.ENTER (a TD exit reason, or a failure). */
static bool handle_exit(struct td_run *r, struct tdx_module_args *args, uint64_t *status)
{
	uint32_t full_reason = vmcs_read(VMCS_EXIT_REASON);
	uint32_t reason = EXIT_REASON_BASIC(full_reason);
	uint64_t qual = vmcs_read(VMCS_EXIT_QUALIFICATION);
	uint32_t intr = vmcs_read(VMCS_EXIT_INTR_INFO);

	if (full_reason & EXIT_REASON_ENTRY_FAILURE) {
		*status = TDX_NON_RECOVERABLE_TD;
		return true;
	}
	switch (reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		/* An NMI, or an exception a debugger asked for in a debug TD's
		 * exception bitmap (td_exception_or_nmi_exit). */
		if (INTR_INFO_VECTOR(intr) != VECTOR_UD)
			return exit_to_host(args, reason, qual, status);
		if (!insn_is_tdcall(r)) {
			if (r->vp->ctls.exception_bitmap & BIT(VECTOR_UD))
				return exit_to_host(args, reason, qual, status);
			td_inject(VECTOR_UD, false);
			return false;
		}
		if (!(vmcs_read(VMCS_GUEST_IA32_EFER) & EFER_LMA) ||
		    !(vmcs_read(VMCS_GUEST_CS_AR) & BIT(13))) {
			td_inject(VECTOR_GP, true);        /* TDCALL outside 64-bit mode */
			return false;
		}
		if (r->g.rax == TDG_VP_VMCALL) {
			if (!vmcall_control_ok(r->g.rcx)) {
				r->g.rax = TDX_OPERAND_INVALID | TDX_OPERAND_RCX;
				td_skip_tdcall();
				return false;   /* refused in the module: no TD exit */
			}
			*status = exit_tdvmcall(r, args);
			return true;
		}
		switch (tdg_call(r, args, status)) {
		case TDG_DONE:
			td_skip_tdcall();
			return false;
		case TDG_AGAIN:
			return false;   /* not completed: the TDCALL runs again */
		case TDG_EXIT:
			return true;    /* a TD exit the host handles first */
		}
		return false;
	case EXIT_REASON_CPUID:
		td_cpuid_exit(r);
		return false;
	case EXIT_REASON_HLT:
	case EXIT_REASON_IO:
	case EXIT_REASON_RDMSR:
	case EXIT_REASON_WRMSR:
	case EXIT_REASON_VMCALL:
	case EXIT_REASON_INVD:
	case EXIT_REASON_WBINVD:
	case EXIT_REASON_MWAIT:
	case EXIT_REASON_MONITOR:
		/* CPUID and MSR #VEs carry no qualification (TDX-TD-ABI 3). */
		td_inject_ve(r, reason, reason == EXIT_REASON_IO ? qual : 0);
		return false;
	case EXIT_REASON_TRIPLE_FAULT:
		log_warn("seam: TD vCPU %u triple fault at RIP 0x%llx (CR0 0x%llx, EFER 0x%llx)",
			 r->vp->vcpu_index, (unsigned long long)vmcs_read(VMCS_GUEST_RIP),
			 (unsigned long long)vmcs_read(VMCS_GUEST_CR0),
			 (unsigned long long)vmcs_read(VMCS_GUEST_IA32_EFER));
		r->vp->state = VCPU_DISABLED;
		*status = TDX_NON_RECOVERABLE_VCPU | EXIT_REASON_TRIPLE_FAULT;
		return true;
	case EXIT_REASON_EPT_VIOLATION:
		return td_mem_ept_violation(r, args, qual, status);
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		if (td_irq_notification(r, intr))
			return false;   /* posted-interrupt processing: no TD exit */
		return exit_to_host(args, reason, qual, status);
	default:
		/* Other external interrupts and the rest: the host's. */
		return exit_to_host(args, reason, qual, status);
	}
}

uint64_t seam_vp_enter(struct tdx_module_args *args)
{
	struct td_host_debug_regs host_dr;
	struct td_run r;
	paddr_t vmcs;
	uint64_t status = 0;
	bool first;

	r.vp = seam_td_tdvpr(args->rcx);
	if (!r.vp)
		return seam_status(TDX_OPERAND_INVALID, TDX_OPERAND_RCX);
	r.tdr = seam_td_tdr(r.vp->tdr_pa);
	if (!r.tdr || r.tdr->fatal || r.tdr->lifecycle != TD_KEYS_CONFIGURED)
		return TDX_TD_FATAL;
	r.tdcs = td_tdcs_of(r.tdr);
	if (r.tdcs->op_state != OP_STATE_RUNNABLE)
		return seam_status(TDX_OP_STATE_INCORRECT, TDX_OPERAND_TDCS);
	if (r.vp->state != VCPU_READY && r.vp->state != VCPU_ACTIVE)
		return seam_status(TDX_VCPU_STATE_INCORRECT, TDX_OPERAND_RCX);
	if (r.vp->assoc_lp != VCPU_NO_LP && r.vp->assoc_lp != seam_lp())
		return TDX_VCPU_ASSOCIATED;
	r.vp->assoc_lp = seam_lp();

	vmcs = r.vp->tdvps_pa[TDVPS_PAGE_VMCS] & TD_PA_MASK;
	first = r.vp->state == VCPU_READY;
	if (first) {
		*(uint32_t *)phys_to_virt(vmcs) = vmx_caps.basic & 0x7fffffff;
		vmclear(vmcs);
	}
	if (!vmptrld(vmcs))
		return TDX_NON_RECOVERABLE_VCPU;
	gprs_from_vp(&r);
	if (first) {
		build_vmcs(&r);
		r.vp->state = VCPU_ACTIVE;
	} else if (r.vp->last_td_exit == LAST_EXIT_TDVMCALL) {
		resume_from_tdvmcall(&r, args);
	}
	r.vp->last_td_exit = LAST_EXIT_ASYNC;
	/* TLB tracking: a vCPU that ran in an older epoch may hold
	 * translations of pages blocked since (seam/td_mem_track.c). */
	if (td_epoch_enter(r.tdcs, r.vp))
		invept(INVEPT_SINGLE_CONTEXT, r.tdcs->eptp);
	td_merge_shared_ept(&r);
	td_debug_regs_enter(r.vp, &host_dr);
	for (;;) {
		td_irq_reinject();
		if (vmx_enter(&r.g, !first)) {
			status = TDX_NON_RECOVERABLE_TD;
			break;
		}
		first = false;
		if (handle_exit(&r, args, &status))
			break;
	}
	td_epoch_exit(r.tdcs, r.vp);
	td_debug_regs_exit(r.vp, &host_dr);
	gprs_to_vp(&r);
	return status;
}
