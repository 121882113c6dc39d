/* TDCALL wrappers: the module's own leaves (TDG.*) and the GHCI
 * sub-functions of TDG.VP.VMCALL with their register conventions
 * (guest-abi/tdx_ghci.h, guest-abi/tdvisor_pv.h). */
#include "guest-abi/tests/td_rt.h"

#define TD_EXIT_STATUS_FAILED 1

/* ---- module leaves ---- */

uint64_t tdg_vp_info(struct td_vp_info *info)
{
	struct gprs r = { .rax = TDG_VP_INFO };

	td_tdcall(&r);
	info->gpaw = r.rcx & 0x3f;
	info->attributes = r.rdx;
	info->num_vcpus = (uint32_t)r.r8;
	info->max_vcpus = (uint32_t)(r.r8 >> 32);
	info->vcpu_index = r.r9;
	return r.rax;
}

uint64_t tdg_vp_veinfo_get(struct td_ve_info *ve)
{
	struct gprs r = { .rax = TDG_VP_VEINFO_GET };

	td_tdcall(&r);
	ve->exit_reason = r.rcx;
	ve->exit_qual = r.rdx;
	ve->gla = r.r8;
	ve->gpa = r.r9;
	ve->instr_len = (uint32_t)r.r10;
	ve->instr_info = (uint32_t)(r.r10 >> 32);
	return r.rax;
}

uint64_t tdg_mr_report(uint64_t report_gpa, uint64_t reportdata_gpa, uint64_t subtype)
{
	struct gprs r = { .rax = TDG_MR_REPORT, .rcx = report_gpa, .rdx = reportdata_gpa,
			  .r8 = subtype };

	td_tdcall(&r);
	return r.rax;
}

uint64_t tdg_mr_rtmr_extend(uint64_t extension_gpa, uint64_t index)
{
	struct gprs r = { .rax = TDG_MR_RTMR_EXTEND, .rcx = extension_gpa, .rdx = index };

	td_tdcall(&r);
	return r.rax;
}

uint64_t tdg_mem_page_accept(uint64_t gpa, unsigned level)
{
	struct gprs r = { .rax = TDG_MEM_PAGE_ACCEPT, .rcx = gpa | level };

	td_tdcall(&r);
	return r.rax;
}

/* ---- TDG.VP.VMCALL ---- */

uint64_t td_vmcall_raw(struct gprs *r)
{
	r->rax = TDG_VP_VMCALL;
	td_tdcall(r);
	return r->rax;
}

/* A failed TDCALL (RAX) means the call never reached the host: nothing
 * sensible is left to do. */
static uint64_t vmcall_leaf(uint64_t leaf, uint64_t fn, struct gprs *r)
{
	r->rcx = TDG_VP_VMCALL_EXPOSE_STANDARD;
	r->r10 = leaf;
	r->r11 = fn;
	if (td_vmcall_raw(r) != TDX_SUCCESS)
		td_fatal("TDG.VP.VMCALL failed");
	return r->r10;
}

uint64_t tdvmcall(uint64_t fn, struct gprs *r)
{
	return vmcall_leaf(TDG_VP_VMCALL_STANDARD, fn, r);
}

uint64_t tdvmcall_io_write(unsigned size, uint16_t port, uint32_t value)
{
	struct gprs r = { .r12 = size, .r13 = TDG_VP_VMCALL_WRITE, .r14 = port, .r15 = value };

	return tdvmcall(TDG_VP_VMCALL_INSTRUCTION_IO, &r);
}

uint64_t tdvmcall_io_read(unsigned size, uint16_t port, uint32_t *value)
{
	struct gprs r = { .r12 = size, .r13 = TDG_VP_VMCALL_READ, .r14 = port };
	uint64_t status = tdvmcall(TDG_VP_VMCALL_INSTRUCTION_IO, &r);

	*value = (uint32_t)r.r11;
	return status;
}

uint64_t tdvmcall_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *out)
{
	struct gprs r = { .r12 = leaf, .r13 = subleaf };
	uint64_t status = tdvmcall(TDG_VP_VMCALL_INSTRUCTION_CPUID, &r);

	*out = (struct cpuid_regs){ (uint32_t)r.r12, (uint32_t)r.r13,
				    (uint32_t)r.r14, (uint32_t)r.r15 };
	return status;
}

uint64_t tdvmcall_rdmsr(uint32_t msr, uint64_t *value)
{
	struct gprs r = { .r12 = msr };
	uint64_t status = tdvmcall(TDG_VP_VMCALL_INSTRUCTION_RDMSR, &r);

	*value = r.r11;
	return status;
}

uint64_t tdvmcall_wrmsr(uint32_t msr, uint64_t value)
{
	struct gprs r = { .r12 = msr, .r13 = value };

	return tdvmcall(TDG_VP_VMCALL_INSTRUCTION_WRMSR, &r);
}

uint64_t tdvmcall_hlt(bool interrupts_blocked)
{
	struct gprs r = { .r12 = interrupts_blocked };

	return tdvmcall(TDG_VP_VMCALL_INSTRUCTION_HLT, &r);
}

uint64_t tdvmcall_mmio_read(unsigned size, uint64_t gpa, uint64_t *value)
{
	struct gprs r = { .r12 = size, .r13 = TDG_VP_VMCALL_READ, .r14 = gpa };
	uint64_t status = tdvmcall(TDG_VP_VMCALL_VE_REQUEST_MMIO, &r);

	*value = r.r11;
	return status;
}

uint64_t tdvmcall_mmio_write(unsigned size, uint64_t gpa, uint64_t value)
{
	struct gprs r = { .r12 = size, .r13 = TDG_VP_VMCALL_WRITE, .r14 = gpa, .r15 = value };

	return tdvmcall(TDG_VP_VMCALL_VE_REQUEST_MMIO, &r);
}

uint64_t tdvmcall_map_gpa(uint64_t gpa, uint64_t size, uint64_t *resume)
{
	struct gprs r = { .r12 = gpa, .r13 = size };
	uint64_t status = tdvmcall(TDG_VP_VMCALL_MAP_GPA, &r);

	*resume = r.r11;
	return status;
}

uint64_t tdvmcall_get_td_vm_call_info(uint64_t leaf, uint64_t out[4])
{
	struct gprs r = { .r12 = leaf };
	uint64_t status = tdvmcall(TDG_VP_VMCALL_GET_TD_VM_CALL_INFO, &r);

	out[0] = r.r11;
	out[1] = r.r12;
	out[2] = r.r13;
	out[3] = r.r14;
	return status;
}

uint64_t td_pv_call(uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct gprs r = { .r12 = a0, .r13 = a1, .r14 = a2 };

	return vmcall_leaf(TDVISOR_PV_TDVMCALL_LEAF, fn, &r);
}

/* ReportFatalError: R12 = error code (0: panic; bit 63 clear: R13 holds no
 * data page), the message in R14, R15, RBX, RDI, RSI, R8, R9, RDX in that
 * order, 64 bytes, NUL-padded (as Linux's tdx_panic()). The host stops the
 * TD; should it return, the debug-exit port does. Raw TDCALLs only: this
 * is where a failing vmcall_leaf() ends up. */
_Noreturn void td_fatal(const char *msg)
{
	char text[TDG_VP_VMCALL_FATAL_MESSAGE] = { 0 };
	uint64_t *m = (uint64_t *)text;

	for (size_t i = 0; i < sizeof(text) && msg[i]; i++)
		text[i] = msg[i];
	for (;;) {
		struct gprs r = {
			.rcx = TDG_VP_VMCALL_EXPOSE_FATAL, .r10 = TDG_VP_VMCALL_STANDARD,
			.r11 = TDG_VP_VMCALL_REPORT_FATAL_ERROR,
			.r14 = m[0], .r15 = m[1], .rbx = m[2], .rdi = m[3],
			.rsi = m[4], .r8 = m[5], .r9 = m[6], .rdx = m[7],
		};

		td_vmcall_raw(&r);
		r = (struct gprs){
			.rcx = TDG_VP_VMCALL_EXPOSE_STANDARD,
			.r11 = TDG_VP_VMCALL_INSTRUCTION_IO, .r12 = 4, .r13 = TDG_VP_VMCALL_WRITE,
			.r14 = TDVISOR_PORT_DEBUG_EXIT, .r15 = TD_EXIT_STATUS_FAILED,
		};
		td_vmcall_raw(&r);
	}
}

void td_console_direct(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (tdvmcall_io_write(1, TDVISOR_PORT_COM1, (uint8_t)s[i]) != 0)
			td_fatal("TDVMCALL Instruction.IO to COM1 failed");
}
