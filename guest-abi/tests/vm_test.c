/* vm-test: the success guest. Exercises every exit tdvisor handles for a
 * plain VM, checks each outcome, measures CPUID and I/O round trips, and
 * ends with "Test result: SUCCESS" (status 0) or
 * "Test result: FAILURE: <what>" (status 1).
 *
 * Booted natively (QEMU -kernel, no hypervisor) it runs only the checks that
 * hold on bare hardware, so the same image smoke-tests the runtime. */
#include "guest-abi/tests/rt.h"

#define MSR_TSC             0x10
#define MSR_APIC_BASE       0x1b
#define MSR_MISC_ENABLE     0x1a0
#define MSR_PAT             0x277
#define MSR_EFER            0xc0000080
#define MSR_STAR            0xc0000081
#define MSR_LSTAR           0xc0000082
#define MSR_CSTAR           0xc0000083
#define MSR_FMASK           0xc0000084
#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_KERNEL_GS_BASE  0xc0000102
#define MSR_UNASSIGNED      0x4b564dff  /* in no vendor's or hypervisor's use */

#define CR0_PE   (1u << 0)
#define CR0_ET   (1u << 4)      /* hardwired to 1 on modern CPUs */
#define CR0_NE   (1u << 5)
#define CR0_PG   (1u << 31)
#define CR4_PAE  (1u << 5)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define RFLAGS_IF (1u << 9)

#define POST_PORT       0x80    /* accepted and ignored by tdvisor */
#define BENCH_LOOPS     1000
#define STEP            (2 * MIB)

static bool tdv;                /* running under tdvisor */

static void ok(const char *what)
{
	guest_printf("ok: %s\n", what);
}

static void check_boot_state(void)
{
	const struct guest_boot_regs *r = &guest_boot_regs;

	if (!tdv) {
		guest_printf("native boot (EAX 0x%x, no tdvisor boot magic): %lu MiB RAM;"
			     " tdvisor-only checks are skipped\n", r->eax,
			     guest_env.mem_size / MIB);
	} else {
		guest_printf("vCPU %u of a %lu MiB VM\n", guest_env.vcpu,
			     guest_env.mem_size / MIB);
		CHECK((r->cr0 & ~CR0_ET) == (CR0_PE | CR0_NE),
		      "initial CR0 0x%x, expected 0x21", r->cr0);
		CHECK(r->cr4 == 0, "initial CR4 0x%x, expected 0", r->cr4);
		CHECK(r->efer == 0, "initial EFER 0x%lx, expected 0", r->efer);
		CHECK(r->eflags == 0x2, "initial EFLAGS 0x%x, expected 0x2", r->eflags);
		CHECK(guest_env.mem_size >= (uint64_t)__bss_end,
		      "RAM size 0x%lx (EBX) does not hold the image", guest_env.mem_size);
		ok("initial vCPU state as documented (CR0, CR4, EFER, EFLAGS, EBX, ECX)");
		/* What the guest wrote must read back: no VMX bits leaking out. */
		CHECK((read_cr0() & ~CR0_ET) == (CR0_PG | CR0_NE | CR0_PE),
		      "CR0 reads 0x%lx in long mode, expected 0x80000021", read_cr0());
		CHECK(read_cr4() == CR4_PAE, "CR4 reads 0x%lx, expected 0x20 (PAE)",
		      read_cr4());
	}
	uint64_t cr3 = read_cr3();
	write_cr3(cr3);
	CHECK(read_cr3() == cr3, "CR3 reads 0x%lx after writing 0x%lx", read_cr3(), cr3);
	ok("long mode control registers, CR3 reload");
}

static void check_fixups(void)
{
	uint64_t v;

	CHECK(read64_safe(0x8000000000000000ull, &v) == VEC_GP,
	      "a non-canonical load did not raise #GP through the fixup table");
	ok("expected #GP recorded and skipped");
}

static void check_gprs_kept(const char *what, void (*op)(struct gprs *),
			    struct gprs in, const struct gprs *defined)
{
	static const char *const names[] = {
		"RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8",
		"R9", "R10", "R11", "R12", "R13", "R14", "R15",
	};
	struct gprs out = in;
	const uint64_t *a = (const uint64_t *)&in, *b = (const uint64_t *)&out;
	const uint64_t *d = (const uint64_t *)defined;

	_Static_assert(sizeof(names) / sizeof(names[0]) == sizeof(in) / 8, "gprs");
	op(&out);
	for (unsigned i = 0; i < sizeof(in) / 8; i++)
		CHECK(d[i] || a[i] == b[i], "%s changed %s from 0x%lx to 0x%lx",
		      what, names[i], a[i], b[i]);
}

static struct gprs gprs_pattern(uint64_t rax)
{
	struct gprs g;
	uint64_t *p = (uint64_t *)&g;

	for (unsigned i = 0; i < sizeof(g) / 8; i++)
		p[i] = 0x5a5a000000000000ull | (uint64_t)(i + 1) << 32 | (0x1111u * (i + 1));
	g.rax = rax;
	return g;
}

static void check_cpuid(void)
{
	static const struct gprs cpuid_defines = { .rax = 1, .rbx = 1, .rcx = 1, .rdx = 1 };

	check_gprs_kept("CPUID", gprs_cpuid, gprs_pattern(0), &cpuid_defines);
	if (!tdv) {
		ok("CPUID keeps the registers it does not define");
		return;
	}
	struct cpuid_regs l1 = cpuid(1, 0);
	CHECK(!(l1.ecx & (1u << 5)), "CPUID.1:ECX.VMX is set (ECX 0x%x)", l1.ecx);
	CHECK(l1.ecx & (1u << 31), "CPUID.1:ECX.hypervisor is clear (ECX 0x%x)", l1.ecx);

	struct cpuid_regs base = cpuid(TDVISOR_CPUID_LEAF_BASE, 0);
	CHECK(base.eax >= TDVISOR_CPUID_LEAF_BASE + 1,
	      "CPUID 0x40000000 EAX 0x%x < 0x40000001", base.eax);
	CHECK(base.ebx == TDVISOR_CPUID_SIGNATURE_EBX && base.ecx == TDVISOR_CPUID_SIGNATURE_ECX &&
	      base.edx == TDVISOR_CPUID_SIGNATURE_EDX,
	      "CPUID 0x40000000 signature %08x %08x %08x", base.ebx, base.ecx, base.edx);

	struct cpuid_regs abi = cpuid(TDVISOR_CPUID_LEAF_BASE + 1, 0);
	CHECK(abi.eax == TDVISOR_PV_ABI_VERSION, "ABI version %u, expected %u",
	      abi.eax, TDVISOR_PV_ABI_VERSION);
	ok("CPUID: VMX hidden, hypervisor bit, signature TDVISORTDVIS, ABI version");
}

static void check_io(void)
{
	static const struct gprs io_defines = { 0 };

	check_gprs_kept("OUT to port 0x80", gprs_outb_post, gprs_pattern(0x42), &io_defines);
	ok("I/O exit (OUT to port 0x80) keeps every register");
}

static void check_msr_readback(uint32_t msr, uint64_t val)
{
	uint64_t got;

	CHECK(wrmsr_safe(msr, val) == FAULT_NONE, "WRMSR 0x%x = 0x%lx faulted", msr, val);
	CHECK(rdmsr_safe(msr, &got) == FAULT_NONE, "RDMSR 0x%x faulted", msr);
	CHECK(got == val, "MSR 0x%x reads 0x%lx after writing 0x%lx", msr, got, val);
}

static void check_msrs(void)
{
	static const struct { uint32_t msr; uint64_t val; } rw[] = {
		{ MSR_FS_BASE, 0x00007f0012345000ull },
		{ MSR_GS_BASE, 0xffff888000001000ull },
		{ MSR_KERNEL_GS_BASE, 0x00007ffff7ff0000ull },
		{ MSR_STAR, 0x0023001000000000ull },
		{ MSR_LSTAR, 0xffffffff81000000ull },
		{ MSR_CSTAR, 0xffffffff81000040ull },
		{ MSR_FMASK, 0x47700 },
	};
	static volatile uint64_t fs_probe = 0xf5ba5e0ddba11ull;
	uint64_t v, t0, t1;

	CHECK(rdmsr_safe(MSR_EFER, &v) == FAULT_NONE && v == (EFER_LME | EFER_LMA),
	      "EFER reads 0x%lx, expected 0x500 (LME|LMA)", v);
	for (unsigned i = 0; i < sizeof(rw) / sizeof(rw[0]); i++)
		check_msr_readback(rw[i].msr, rw[i].val);
	/* The FS base must reach the CPU, not only a saved copy. */
	check_msr_readback(MSR_FS_BASE, (uint64_t)&fs_probe);
	CHECK(read_fs64(0) == fs_probe, "a %%fs: load does not use the FS_BASE written");
	for (unsigned i = 0; i < sizeof(rw) / sizeof(rw[0]); i++)
		check_msr_readback(rw[i].msr, 0);

	CHECK(rdmsr_safe(MSR_PAT, &v) == FAULT_NONE, "RDMSR IA32_PAT faulted");
	for (int i = 0; i < 64; i += 8) {
		unsigned type = v >> i & 0xff;
		CHECK(type <= 7 && type != 2 && type != 3, "IA32_PAT 0x%lx has type %u",
		      v, type);
	}
	check_msr_readback(MSR_PAT, v);

	t0 = rdtsc_fenced();
	CHECK(rdmsr_safe(MSR_TSC, &v) == FAULT_NONE, "RDMSR IA32_TSC faulted");
	t1 = rdtsc_fenced();
	if (tdv)
		CHECK(t0 <= v && v <= t1, "IA32_TSC 0x%lx outside RDTSC 0x%lx..0x%lx", v,
		      t0, t1);
	else if (v < t0 || v > t1)      /* QEMU's TCG reads IA32_TSC as 0 */
		guest_printf("note: natively, IA32_TSC reads 0x%lx, RDTSC 0x%lx\n", v, t0);
	CHECK(rdmsr_safe(MSR_APIC_BASE, &v) == FAULT_NONE, "RDMSR IA32_APIC_BASE faulted");
	CHECK(rdmsr_safe(MSR_MISC_ENABLE, &v) == FAULT_NONE,
	      "RDMSR IA32_MISC_ENABLE faulted");
	ok("MSRs: EFER, FS/GS/KERNEL_GS_BASE, STAR/LSTAR/CSTAR/FMASK, PAT, TSC, APIC_BASE,"
	   " MISC_ENABLE");

	int rd = rdmsr_safe(MSR_UNASSIGNED, &v);
	uint64_t rd_err = guest_fault_error;
	int wr = wrmsr_safe(MSR_UNASSIGNED, 0x1234);
	uint64_t wr_err = guest_fault_error;
	if (!tdv && (rd != VEC_GP || wr != VEC_GP)) {
		/* QEMU's TCG reads unknown MSRs as 0 and ignores writes. */
		guest_printf("note: natively, MSR 0x%x read %s, write %s\n", MSR_UNASSIGNED,
			     rd == VEC_GP ? "#GP" : "no fault", wr == VEC_GP ? "#GP" : "no fault");
		return;
	}
	CHECK(rd == VEC_GP && rd_err == 0, "RDMSR 0x%x: vector %d error 0x%lx, expected #GP(0)",
	      MSR_UNASSIGNED, rd, rd_err);
	CHECK(wr == VEC_GP && wr_err == 0, "WRMSR 0x%x: vector %d error 0x%lx, expected #GP(0)",
	      MSR_UNASSIGNED, wr, wr_err);
	ok("unknown MSR: RDMSR and WRMSR raise #GP(0)");
}

static void check_hlt(void)
{
	if (!tdv)
		return;         /* bare metal: the firmware's timer would interrupt */
	for (int i = 0; i < 3; i++)
		sti_hlt_cli();
	CHECK(!(read_rflags() & RFLAGS_IF), "RFLAGS.IF still set after cli");
	ok("HLT with interrupts enabled returns");
}

static void copy_to_gpa(uint64_t gpa, const char *s, size_t len)
{
	volatile char *d = (volatile char *)gpa;     /* identity mapped */

	for (size_t i = 0; i < len; i++)
		d[i] = s[i];
}

static void check_vmcall(void)
{
	static const char text[] = "vmcall: hello through PV CONSOLE_WRITE\n";
	uint64_t mem = guest_env.mem_size;
	struct pv_result r;

	if (!tdv) {
		r = pv_call(TDVISOR_PV_EXIT_STATS, 0, 0, 0);
		CHECK(r.fault == VEC_UD, "natively VMCALL gave vector %d, expected #UD", r.fault);
		ok("native VMCALL raises #UD (recorded by the fixup table)");
		return;
	}
	r = pv_call(TDVISOR_PV_CONSOLE_WRITE, (uint64_t)text, sizeof(text) - 1, 0);
	CHECK(r.status == TDVISOR_PV_OK, "CONSOLE_WRITE returned %lu", r.status);
	/* Text across a 2 MiB boundary, and text ending at the last byte of
	 * RAM: valid, and where off-by-one and page-walk bugs show. */
	static const char across[] = "vmcall: text across a 2 MiB boundary\n";
	static const char last[] = "vmcall: text ending at the last byte of RAM\n";
	if (mem >= 2 * STEP) {
		copy_to_gpa(STEP - 16, across, sizeof(across) - 1);
		r = pv_call(TDVISOR_PV_CONSOLE_WRITE, STEP - 16, sizeof(across) - 1, 0);
		CHECK(r.status == TDVISOR_PV_OK, "CONSOLE_WRITE across 2 MiB returned %lu",
		      r.status);
	}
	copy_to_gpa(mem - (sizeof(last) - 1), last, sizeof(last) - 1);
	r = pv_call(TDVISOR_PV_CONSOLE_WRITE, mem - (sizeof(last) - 1), sizeof(last) - 1, 0);
	CHECK(r.status == TDVISOR_PV_OK, "CONSOLE_WRITE at the end of RAM returned %lu",
	      r.status);

	static const struct gprs vmcall_defines = { .rax = 1 };
	check_gprs_kept("VMCALL", gprs_vmcall, gprs_pattern(0xdead), &vmcall_defines);
	/* 0x100000003 catches a hypervisor that decodes only EAX (-> EXIT_STATS). */
	static const uint64_t unknown[] = { 0, 0xdead, 0x100000003ull, ~0ull };
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		r = pv_call(unknown[i], 0, 0, 0);
		CHECK(r.status == TDVISOR_PV_ENOSYS, "function 0x%lx returned %lu, expected"
		      " ENOSYS", unknown[i], r.status);
	}

	const struct { uint64_t gpa, len; const char *what; } bad[] = {
		{ mem, 8, "text at the first GPA beyond RAM" },
		{ mem - 8, 16, "text running past the end of RAM" },
		{ 0xfffffffffffff000ull, 0x1000, "a range that wraps around" },
		{ GUEST_LOAD_ADDR, 4097, "4097 bytes" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = pv_call(TDVISOR_PV_CONSOLE_WRITE, bad[i].gpa, bad[i].len, 0);
		CHECK(r.status == TDVISOR_PV_EINVAL, "CONSOLE_WRITE of %s (GPA 0x%lx, %lu"
		      " bytes) returned %lu, expected EINVAL", bad[i].what, bad[i].gpa,
		      bad[i].len, r.status);
	}

	struct pv_result s0 = pv_call(TDVISOR_PV_EXIT_STATS, 0, 0, 0);
	struct pv_result s1 = pv_call(TDVISOR_PV_EXIT_STATS, 0, 0, 0);
	CHECK(s0.status == TDVISOR_PV_OK && s1.status == TDVISOR_PV_OK,
	      "EXIT_STATS returned %lu", s0.status);
	CHECK(s1.rcx > s0.rcx && s0.rcx > 0 && s1.rbx >= s0.rbx,
	      "EXIT_STATS exits %lu then %lu, ticks %lu then %lu",
	      s0.rcx, s1.rcx, s0.rbx, s1.rbx);
	ok("VMCALL: CONSOLE_WRITE, registers kept, ENOSYS, EINVAL, EXIT_STATS");
}

/* One qword every 2 MiB from above the image to the end of RAM, and the
 * last qword: each distinct, all written before any is read back. */
static void check_memory(void)
{
	uint64_t mem = guest_env.mem_size, first = ((uint64_t)__bss_end + STEP - 1) & ~(uint64_t)(STEP - 1);
	unsigned n = 0;

	if (mem < 8)
		guest_fail("RAM size unknown");
	for (uint64_t a = first; a < mem; a += STEP)
		write64(a, a ^ 0xa5a5f00dcafe0000ull);
	write64(mem - 8, ~mem);
	for (uint64_t a = first; a < mem; a += STEP, n++)
		CHECK(read64(a) == (a ^ 0xa5a5f00dcafe0000ull), "GPA 0x%lx reads 0x%lx",
		      a, read64(a));
	CHECK(read64(mem - 8) == ~mem, "last qword of RAM (GPA 0x%lx) reads 0x%lx",
	      mem - 8, read64(mem - 8));
	guest_printf("ok: RAM written and read back: %u qwords 2 MiB apart from GPA 0x%lx,"
		     " and the last at 0x%lx\n", n, first, mem - 8);
}

static uint64_t loop_cpuid(void)
{
	uint64_t t0 = rdtsc_fenced();

	for (int i = 0; i < BENCH_LOOPS; i++)
		cpuid(0, 0);
	return rdtsc_fenced() - t0;
}

static uint64_t loop_io(void)
{
	uint64_t t0 = rdtsc_fenced();

	for (int i = 0; i < BENCH_LOOPS; i++)
		outb(POST_PORT, (uint8_t)i);
	return rdtsc_fenced() - t0;
}

static void bench(const char *name, uint64_t (*loop)(void))
{
	struct pv_result s0 = {0}, s1 = {0};
	uint64_t tsc;

	if (tdv)
		s0 = pv_call(TDVISOR_PV_EXIT_STATS, 0, 0, 0);
	tsc = loop();
	if (tdv)
		s1 = pv_call(TDVISOR_PV_EXIT_STATS, 0, 0, 0);
	guest_printf("bench: %s round trip %lu tsc\n", name, tsc / BENCH_LOOPS);
	if (!tdv)
		return;
	uint64_t exits = s1.rcx - s0.rcx, ticks = s1.rbx - s0.rbx;
	CHECK(exits >= BENCH_LOOPS, "%u %s operations caused only %lu exits",
	      BENCH_LOOPS, name, exits);
	guest_printf("bench: %s hypervisor %lu tsc/exit\n", name, ticks / exits);
}

int guest_main(void)
{
	tdv = guest_env.tdvisor;
	check_boot_state();
	check_fixups();
	check_cpuid();
	check_io();
	check_msrs();
	check_hlt();
	check_vmcall();
	check_memory();
	bench("cpuid", loop_cpuid);
	bench("io", loop_io);
	guest_printf("Test result: SUCCESS\n");
	return 0;
}
