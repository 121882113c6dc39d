/* A vCPU's VMCS and its run loop. The VMCS is built on the CPU that runs
 * the vCPU (a VMCS is loaded per CPU), in the initial state guest-abi/
 * tdvisor_pv.h documents: 32-bit protected mode, paging off, flat segments. */
#include "descriptors.h"
#include "host_debug.h"
#include "insn.h"
#include "msr.h"
#include "percpu.h"
#include "smp.h"
#include "vmx.h"
#include "vmx_cpu.h"
#include "vmx_exit.h"
#include "../../lib/string.h"
#include "../../log.h"
#include "../../mm/ept.h"
#include "../../mm/page_alloc.h"
#include "../../mm/phys.h"
#include "../../vm.h"
#include "../../../guest-abi/tdvisor_pv.h"

#define CR0_PE 0x1ull
#define CR0_NE 0x20ull
#define GUEST_PAT 0x0007040600070406ull   /* the power-on default */
#define AR_CODE32 0xc09b                  /* present, DPL0, exec/read, accessed, D, G */
#define AR_DATA32 0xc093
#define AR_TSS32_BUSY 0x8b

extern char vmx_exit[];

static uint16_t next_vpid = 1;

void vmcs_write(enum vmcs_field field, uint64_t value)
{
	if (!vmwrite(field, value))
		panic("vmx: VMWRITE of field 0x%x failed (error %llu)", field,
		      (unsigned long long)vmcs_read(VMCS_VM_INSTRUCTION_ERROR));
}

uint64_t vmcs_read(enum vmcs_field field)
{
	uint64_t v = 0;

	if (!vmread(field, &v))
		panic("vmx: VMREAD of field 0x%x failed", field);
	return v;
}

/* Intercept every port and MSR but the MSRs the VMCS switches itself or
 * that only the guest uses on its dedicated CPU (syscall MSRs, FS/GS). */
bool vmx_vm_init(struct vm *vm)
{
	static const uint32_t passthrough[] = {
		0x174, 0x175, 0x176,                    /* SYSENTER_CS/ESP/EIP (VMCS) */
		0x277,                                  /* PAT (VMCS) */
		0xc0000080,                             /* EFER (VMCS) */
		0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, /* STAR..FMASK */
		0xc0000100, 0xc0000101, 0xc0000102,     /* FS/GS/KERNEL_GS base */
	};
	uint8_t *msr;

	vm->io_bitmaps = page_alloc_contig(2, PAGE_SIZE);
	vm->msr_bitmap = page_alloc();
	if (!vm->io_bitmaps || !vm->msr_bitmap)
		return false;
	memset(phys_to_virt(vm->io_bitmaps), 0xff, 2 * PAGE_SIZE);
	msr = phys_to_virt(vm->msr_bitmap);
	memset(msr, 0xff, PAGE_SIZE);
	for (unsigned i = 0; i < ARRAY_SIZE(passthrough); i++) {
		uint32_t m = passthrough[i];
		unsigned base = m >= 0xc0000000 ? 1024 : 0;  /* read-high at 1 KiB */
		uint32_t bit = m & 0x1fff;

		msr[base + bit / 8] &= ~(1u << (bit % 8));          /* reads */
		msr[base + 2048 + bit / 8] &= ~(1u << (bit % 8));   /* writes */
	}
	return true;
}

void vmx_setup_host_state(void)
{
	struct percpu *cpu = this_cpu();
	struct desc_ptr idtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	vmcs_write(VMCS_HOST_CR0, read_cr0());
	vmcs_write(VMCS_HOST_CR3, read_cr3());
	vmcs_write(VMCS_HOST_CR4, read_cr4());
	vmcs_write(VMCS_HOST_CS_SEL, GDT_CODE_SEL);
	vmcs_write(VMCS_HOST_SS_SEL, GDT_DATA_SEL);
	vmcs_write(VMCS_HOST_DS_SEL, GDT_DATA_SEL);
	vmcs_write(VMCS_HOST_ES_SEL, GDT_DATA_SEL);
	vmcs_write(VMCS_HOST_FS_SEL, 0);
	vmcs_write(VMCS_HOST_GS_SEL, 0);
	vmcs_write(VMCS_HOST_TR_SEL, GDT_TSS_SEL);
	vmcs_write(VMCS_HOST_FS_BASE, 0);
	vmcs_write(VMCS_HOST_GS_BASE, (uintptr_t)cpu);
	vmcs_write(VMCS_HOST_TR_BASE, (uintptr_t)&cpu->tss);
	vmcs_write(VMCS_HOST_GDTR_BASE, (uintptr_t)&cpu->gdt);
	vmcs_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write(VMCS_HOST_SYSENTER_CS, 0);
	vmcs_write(VMCS_HOST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_HOST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_write(VMCS_HOST_IA32_PAT, rdmsr(0x277));
	vmcs_write(VMCS_HOST_RIP, (uintptr_t)vmx_exit);
}

void vmx_write_quiet_state(void)
{
	vmcs_write(VMCS_PF_ERROR_CODE_MASK, 0);
	vmcs_write(VMCS_PF_ERROR_CODE_MATCH, 0);
	vmcs_write(VMCS_CR3_TARGET_COUNT, 0);
	vmcs_write(VMCS_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_ENTRY_INTR_INFO, 0);
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
	vmcs_write(VMCS_LINK_POINTER, ~0ull);
}

static void setup_segment(enum vmcs_field sel, uint16_t value, uint32_t ar)
{
	/* Selector, limit, AR and base fields of one segment are laid out at
	 * fixed distances from the selector's encoding (SDM appendix B). */
	unsigned n = (sel - VMCS_GUEST_ES_SEL) / 2;

	vmcs_write(sel, value);
	vmcs_write(VMCS_GUEST_ES_LIMIT + 2 * n, 0xffffffff);
	vmcs_write(VMCS_GUEST_ES_AR + 2 * n, ar);
	vmcs_write(VMCS_GUEST_ES_BASE + 2 * n, 0);
}

static void setup_guest_state(struct vcpu *v)
{
	setup_segment(VMCS_GUEST_CS_SEL, 0x08, AR_CODE32);
	setup_segment(VMCS_GUEST_SS_SEL, 0x10, AR_DATA32);
	setup_segment(VMCS_GUEST_DS_SEL, 0x10, AR_DATA32);
	setup_segment(VMCS_GUEST_ES_SEL, 0x10, AR_DATA32);
	setup_segment(VMCS_GUEST_FS_SEL, 0x10, AR_DATA32);
	setup_segment(VMCS_GUEST_GS_SEL, 0x10, AR_DATA32);
	vmcs_write(VMCS_GUEST_LDTR_SEL, 0);
	vmcs_write(VMCS_GUEST_LDTR_LIMIT, 0xffff);
	vmcs_write(VMCS_GUEST_LDTR_AR, AR_UNUSABLE);
	vmcs_write(VMCS_GUEST_LDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_TR_SEL, 0);
	vmcs_write(VMCS_GUEST_TR_LIMIT, 0xffff);
	vmcs_write(VMCS_GUEST_TR_AR, AR_TSS32_BUSY);
	vmcs_write(VMCS_GUEST_TR_BASE, 0);
	vmcs_write(VMCS_GUEST_GDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0xffff);

	/* The guest sees CR0 = PE|NE and CR4 = 0; bits VMX forces on (CR4.VMXE,
	 * CR0.NE) are host-owned through the masks, so guest writes that keep
	 * them as shown do not exit. */
	vmcs_write(VMCS_GUEST_CR0, vmx_fix_cr0(&vmx_caps, CR0_PE | CR0_NE, true));
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, vmx_caps.cr0_fixed0 & ~0x80000001ull);
	vmcs_write(VMCS_CR0_READ_SHADOW, CR0_PE | CR0_NE);
	vmcs_write(VMCS_GUEST_CR4, vmx_fix_cr4(&vmx_caps, 0));
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, vmx_caps.cr4_fixed0 | ~vmx_caps.cr4_fixed1);
	vmcs_write(VMCS_CR4_READ_SHADOW, 0);
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_DR7, 0x400);
	vmcs_write(VMCS_GUEST_RSP, 0);
	vmcs_write(VMCS_GUEST_RIP, v->vm->cfg->entry);
	vmcs_write(VMCS_GUEST_RFLAGS, 0x2);
	vmcs_write(VMCS_GUEST_IA32_EFER, 0);
	vmcs_write(VMCS_GUEST_IA32_PAT, GUEST_PAT);
	vmx_write_quiet_state();

	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rbx = v->vm->memory;
	v->regs.rsi = v->index;
	v->regs.rcx = TDVISOR_PV_BOOT_MAGIC;
}

static bool setup_vmcs(struct vcpu *v)
{
	struct vm *vm = v->vm;

	v->vmcs = page_alloc();
	if (!v->vmcs)
		return false;
	*(uint32_t *)phys_to_virt(v->vmcs) = vmx_caps.basic & 0x7fffffff;
	if (!vmclear(v->vmcs) || !vmptrld(v->vmcs))
		return false;
	vmcs_write(VMCS_PIN_BASED_CONTROLS, vmx_controls.pin);
	vmcs_write(VMCS_PROC_BASED_CONTROLS, vmx_controls.proc);
	vmcs_write(VMCS_PROC_BASED_CONTROLS2, vmx_controls.proc2);
	vmcs_write(VMCS_EXIT_CONTROLS, vmx_controls.exit);
	vmcs_write(VMCS_ENTRY_CONTROLS, vmx_controls.entry);
	if (vmx_controls.vpid) {
		v->vpid = __atomic_fetch_add(&next_vpid, 1, __ATOMIC_RELAXED);
		vmcs_write(VMCS_VPID, v->vpid);
	}
	vmcs_write(VMCS_EXCEPTION_BITMAP, 0);
	vmcs_write(VMCS_EPT_POINTER, ept_pointer(&vm->ept));
	vmcs_write(VMCS_IO_BITMAP_A, vm->io_bitmaps);
	vmcs_write(VMCS_IO_BITMAP_B, vm->io_bitmaps + PAGE_SIZE);
	vmcs_write(VMCS_MSR_BITMAP, vm->msr_bitmap);
	vmcs_write(VMCS_TSC_OFFSET, 0);
	vmx_setup_host_state();
	setup_guest_state(v);
	return true;
}

/* The watchdog's clock: the preemption timer counts down at TSC >> shift. */
static void arm_preemption_timer(struct vcpu *v)
{
	uint64_t slice;

	if (!vmx_controls.preemption_timer)
		return;
	slice = v->vm->watchdog_ticks ? v->vm->watchdog_ticks / 4 : ~0ull;
	slice >>= vmx_controls.preemption_timer_shift;
	vmcs_write(VMCS_PREEMPTION_TIMER_VALUE, MIN(slice, 0xffffffffull));
}

void vcpu_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t prev_exit_tsc = 0;

	if (!setup_vmcs(v)) {
		vm_stop(vm, -1, "vCPU %u: cannot set up its VMCS", v->index);
		return;
	}
	invept(INVEPT_SINGLE_CONTEXT, ept_pointer(&vm->ept));
	v->last_progress_tsc = rdtsc();
	log_debug("vm %s: vCPU %u running on cpu%u", vm->name, v->index, v->cpu);
	while (vm->state == VM_RUNNING) {
		struct host_debug dbg;

		arm_preemption_timer(v);
		host_debug_save(&dbg);
		if (vmx_enter(&v->regs, v->launched)) {
			vmx_report_entry_failure(v);
			return;
		}
		host_debug_restore(&dbg);       /* the exit left DR7 = 0x400 */
		v->launched = true;
		if (prev_exit_tsc)
			v->hv_ticks += v->regs.entry_tsc - prev_exit_tsc;
		prev_exit_tsc = v->regs.exit_tsc;
		v->exits++;
		vmx_handle_exit(v);
		/* Work other CPUs left here (TD builds and teardowns run per
		 * package); SEAMCALLs are fine: this is VMX root. The VM's VMCS
		 * stays current, as nothing on this CPU loads another. */
		smp_run_pending_call();
	}
	vmclear(v->vmcs);
}
