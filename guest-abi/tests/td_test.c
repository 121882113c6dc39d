/* td-test: the Trust Domain success guest (README.md, "td-test"). Touches
 * no RAM: everything lives in its image. The first line goes out through
 * direct TDVMCALL Instruction.IO, every later one through `out`, which the
 * TDX module turns into a #VE that td_rt.c hands to the host. */
#include "guest-abi/tests/td_rt.h"
#include "seam/crypto/sha384.h"

#define BENCH_ITERS     1000
#define EFER_AT_BOOT    0x901           /* SCE | LME | NXE */
#define RFLAGS_AT_BOOT  0x2
#define MSR_TSC_DEADLINE 0x6e0          /* #VE in a TD: the host's virtual timer */
#define XFAM_FIXED1     0x3ull          /* x87, SSE (TDX-TD-ABI.md §8) */
#define XFAM_FIXED0     0x6dbe7ull
/* No device there: an unclaimed MMIO read gives all ones. */
#define UNCLAIMED_MMIO  0xc0000000ull

/* TDREPORT_STRUCT offsets (TDX-TD-ABI.md §5) */
#define REPORT_SIZE       1024
#define REPORT_DATA       128
#define REPORT_MAC        224
#define REPORT_TDINFO     512
#define TDINFO_ATTRIBUTES 0
#define TDINFO_XFAM       8
#define TDINFO_MRTD       16
#define TDINFO_RTMR       208
#define RTMR_EXTENDED     2             /* RTMR[2]: the OS's, unused by firmware here */

static const char *const gpr_names[15] = {
	"RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP",
	"R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
};

static void cpuid_string(char out[13], uint32_t a, uint32_t b, uint32_t c)
{
	const uint32_t w[3] = { a, b, c };

	for (int i = 0; i < 12; i++)
		out[i] = (char)(w[i / 4] >> 8 * (i % 4));
	out[12] = '\0';
}

static bool all_zero(const uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static bool equal(const uint8_t *a, const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static void print_hex(const char *what, const uint8_t *p, unsigned n)
{
	char hex[2 * SHA384_DIGEST_SIZE + 1];

	for (unsigned i = 0; i < n && i < SHA384_DIGEST_SIZE; i++)
		guest_snprintf(hex + 2 * i, 3, "%02x", p[i]);
	td_say("%s %s", what, hex);
}

static void case_boot(void)
{
	const struct td_boot_regs *b = &td_boot_regs;
	char line[128];
	int n;

	n = guest_snprintf(line, sizeof(line),
			   "td-test: hello from a Trust Domain (vCPU %lu, GPAW %lu)\n",
			   b->rsi, b->rbx);
	td_console_direct(line, (size_t)n);

	td_say("boot registers: RCX 0x%lx R8 0x%lx RDX 0x%lx CR0 0x%lx CR4 0x%lx EFER 0x%lx"
	       " RFLAGS 0x%lx", b->rcx, b->r8, b->rdx, b->cr0, b->cr4, b->efer, b->rflags);
	CHECK(td_ve_stats.io > 0, "console `out` did not go through #VE");
	CHECK(b->rbx == td_gpaw, "boot RBX (GPAW) is %lu, TDG.VP.INFO says %lu", b->rbx, td_gpaw);
	CHECK(b->rbx == 48 || b->rbx == 52, "boot RBX (GPAW) is %lu", b->rbx);
	CHECK(b->r8 == b->rcx, "boot R8 0x%lx differs from RCX 0x%lx", b->r8, b->rcx);
	CHECK(b->rcx && !(b->rcx & 0xfff), "boot RCX 0x%lx is no RAM size", b->rcx);
	td_say("boot RCX: %lu KiB of RAM at GPA 0", b->rcx / 1024);
	CHECK(b->efer == EFER_AT_BOOT, "boot EFER 0x%lx, expected 0x%x", b->efer, EFER_AT_BOOT);
	CHECK(b->rflags == RFLAGS_AT_BOOT, "boot RFLAGS 0x%lx, expected 0x2", b->rflags);

	struct cpuid_regs c = cpuid(1, 0);
	CHECK(c.eax == b->rdx, "boot RDX 0x%lx differs from CPUID(1).EAX 0x%x", b->rdx, c.eax);
	td_say("boot RDX = CPUID(1).EAX = 0x%x", c.eax);
}

static void case_vp_info(void)
{
	static const struct { int bit; const char *name; } attrs[] = {
		{ 0, "DEBUG" }, { 28, "SEPT_VE_DISABLE" }, { 29, "MIGRATABLE" },
		{ 30, "PKS" }, { 31, "KL" }, { 63, "PERFMON" },
	};
	struct td_vp_info info;
	uint64_t status = tdg_vp_info(&info);
	char names[96] = "";
	int n = 0;

	CHECK(status == TDX_SUCCESS, "TDG.VP.INFO status 0x%lx", status);
	CHECK(info.gpaw == td_boot_regs.rbx, "TDG.VP.INFO GPAW %lu, boot RBX %lu", info.gpaw,
	      td_boot_regs.rbx);
	CHECK(info.vcpu_index == 0 && info.vcpu_index == td_boot_regs.rsi,
	      "TDG.VP.INFO vCPU index %lu, boot RSI %lu, expected 0", info.vcpu_index,
	      td_boot_regs.rsi);
	CHECK(info.max_vcpus >= 1 && info.num_vcpus >= 1 && info.num_vcpus <= info.max_vcpus,
	      "TDG.VP.INFO vCPUs: %u initialized of %u", info.num_vcpus, info.max_vcpus);
	for (unsigned i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (info.attributes >> attrs[i].bit & 1)
			n += guest_snprintf(names + n, sizeof(names) - (size_t)n, " %s",
					    attrs[i].name);
	td_say("TDG.VP.INFO: GPAW %lu, ATTRIBUTES 0x%lx%s, vCPU %lu, %u of %u vCPUs",
	       info.gpaw, info.attributes, names, info.vcpu_index, info.num_vcpus,
	       info.max_vcpus);
}

static void case_cpuid(void)
{
	uint64_t ves = td_ve_stats.cpuid;
	struct cpuid_regs c = cpuid(0, 0);
	char s[13];

	cpuid_string(s, c.ebx, c.edx, c.ecx);
	td_say("CPUID 0: \"%s\", max leaf 0x%x (%s)", s, c.eax,
	       td_ve_stats.cpuid > ves ? "through #VE" : "answered by the TDX module");

	/* Not in the module's CPUID table: always a #VE, always the host. */
	ves = td_ve_stats.cpuid;
	c = cpuid(TDVISOR_CPUID_LEAF_BASE, 0);
	CHECK(td_ve_stats.cpuid == ves + 1, "CPUID 0x40000000 did not raise #VE");
	cpuid_string(s, c.ebx, c.ecx, c.edx);
	CHECK(c.ebx == TDVISOR_CPUID_SIGNATURE_EBX && c.ecx == TDVISOR_CPUID_SIGNATURE_ECX &&
	      c.edx == TDVISOR_CPUID_SIGNATURE_EDX, "CPUID 0x40000000 signature \"%s\"", s);
	CHECK(c.eax >= TDVISOR_CPUID_LEAF_BASE + 1, "CPUID 0x40000000 max leaf 0x%x", c.eax);
	td_say("CPUID 0x40000000 through #VE: \"%s\", max leaf 0x%x", s, c.eax);
}

/* No #VE is pending (the handler took each one): the leaf must say so and
 * zero its outputs. */
static void case_veinfo_empty(void)
{
	struct gprs r = {
		.rax = TDG_VP_VEINFO_GET, .rcx = 0x1c1c1c1c, .rdx = 0x2d2d2d2d,
		.r8 = 0x8888, .r9 = 0x9999, .r10 = 0x1010,
	};

	td_tdcall(&r);
	CHECK(r.rax == TDX_NO_VALID_VE_INFO, "TDG.VP.VEINFO.GET with no #VE pending: 0x%lx",
	      r.rax);
	CHECK(!r.rcx && !r.rdx && !r.r8 && !r.r9 && !r.r10,
	      "TDG.VP.VEINFO.GET with no #VE pending left RCX 0x%lx RDX 0x%lx R8 0x%lx"
	      " R9 0x%lx R10 0x%lx", r.rcx, r.rdx, r.r8, r.r9, r.r10);
	td_say("TDG.VP.VEINFO.GET with no #VE pending: TDX_NO_VALID_VE_INFO");
}

/* TDVMCALL Instruction.CPUID(0x40000000) exposing R10-R15 only: every
 * other register must come back as it went in (RCX: the bitmap again). */
static void case_unexposed_registers(void)
{
	struct gprs r = {
		.rcx = TDG_VP_VMCALL_EXPOSE_STANDARD,
		.rbx = 0xb0b0b0b0b0b0b0b1, .rdx = 0xd0d0d0d0d0d0d0d1,
		.rsi = 0x5151515151515151, .rdi = 0xd1d1d1d1d1d1d1d1,
		.rbp = 0xbebebebebebebebe, .r8 = 0x0808080808080808,
		.r9 = 0x0909090909090909, .r10 = TDG_VP_VMCALL_STANDARD,
		.r11 = TDG_VP_VMCALL_INSTRUCTION_CPUID, .r12 = TDVISOR_CPUID_LEAF_BASE,
	};
	const struct gprs in = r;
	const uint64_t *before = (const uint64_t *)&in, *after = (const uint64_t *)&r;
	static const int kept[] = { 1, 2, 3, 4, 5, 6, 7, 8 };  /* RBX ... R9 */
	uint64_t status = td_vmcall_raw(&r);

	CHECK(status == TDX_SUCCESS, "TDG.VP.VMCALL status 0x%lx", status);
	CHECK(r.r10 == TDG_VP_VMCALL_SUCCESS, "TDVMCALL Instruction.CPUID status 0x%lx", r.r10);
	for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		CHECK(after[kept[i]] == before[kept[i]], "TDG.VP.VMCALL changed %s (not exposed):"
		      " 0x%lx -> 0x%lx", gpr_names[kept[i]], before[kept[i]], after[kept[i]]);
	CHECK(r.r13 == TDVISOR_CPUID_SIGNATURE_EBX && r.r14 == TDVISOR_CPUID_SIGNATURE_ECX &&
	      r.r15 == TDVISOR_CPUID_SIGNATURE_EDX,
	      "TDVMCALL Instruction.CPUID(0x40000000) returned R13-R15 0x%lx 0x%lx 0x%lx",
	      r.r13, r.r14, r.r15);
	td_say("registers not exposed to the host are preserved");
}

/* IA32_TSC_DEADLINE: intercepted by the module, served by the host's
 * virtual timer. Zero disarms it, so reading it back gives zero. */
static void case_msr(void)
{
	uint64_t ves = td_ve_stats.msr, v;

	td_wrmsr(MSR_TSC_DEADLINE, 0);
	v = td_rdmsr(MSR_TSC_DEADLINE);
	CHECK(td_ve_stats.msr == ves + 2, "WRMSR/RDMSR 0x%x made %lu #VEs, expected 2",
	      MSR_TSC_DEADLINE, td_ve_stats.msr - ves);
	CHECK(v == 0, "IA32_TSC_DEADLINE reads 0x%lx after writing 0", v);
	td_say("WRMSR and RDMSR of IA32_TSC_DEADLINE through #VE: wrote 0, read 0x%lx", v);
}

/* #VE.RequestMMIO to a shared GPA nothing claims: reads give all ones of
 * the access size, writes are dropped. */
static void case_mmio(void)
{
	static const unsigned sizes[] = { 1, 2, 4, 8 };
	uint64_t gpa = td_shared_bit | UNCLAIMED_MMIO, v, status;

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned size = sizes[i];
		uint64_t ones = size == 8 ? ~0ull : (1ull << 8 * size) - 1;

		status = tdvmcall_mmio_read(size, gpa, &v);
		CHECK(status == TDG_VP_VMCALL_SUCCESS, "MMIO read of %u at 0x%lx: status 0x%lx",
		      size, gpa, status);
		CHECK(v == ones, "MMIO read of %u at 0x%lx gave 0x%lx", size, gpa, v);
	}
	status = tdvmcall_mmio_write(4, gpa, 0x12345678);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "MMIO write at 0x%lx: status 0x%lx", gpa, status);
	CHECK(tdvmcall_mmio_read(4, gpa, &v) == 0 && v == 0xffffffff,
	      "MMIO read after the write gave 0x%lx", v);
	td_say("#VE.RequestMMIO to shared GPA 0x%lx: reads all ones, write dropped", gpa);
}

static uint8_t report[REPORT_SIZE] __attribute__((aligned(REPORT_SIZE)));
static uint8_t reportdata[64] __attribute__((aligned(64)));
static uint8_t extension[SHA384_DIGEST_SIZE] __attribute__((aligned(64)));

static uint64_t take_report(void)
{
	return tdg_mr_report((uint64_t)(uintptr_t)report, (uint64_t)(uintptr_t)reportdata, 0);
}

/* TDG.MR.REPORT, then TDG.MR.RTMR.EXTEND: the next report must show
 * RTMR[2] = SHA-384(RTMR[2] before || extension), computed here. */
static void case_report(void)
{
	const uint8_t *tdinfo = report + REPORT_TDINFO;
	const uint8_t *rtmr = tdinfo + TDINFO_RTMR + RTMR_EXTENDED * SHA384_DIGEST_SIZE;
	uint8_t before[2 * SHA384_DIGEST_SIZE], expected[SHA384_DIGEST_SIZE];
	uint64_t attributes, xfam, status, rep = (uint64_t)(uintptr_t)report;
	uint64_t data = (uint64_t)(uintptr_t)reportdata, ext = (uint64_t)(uintptr_t)extension;
	struct td_vp_info info;

	CHECK(tdg_vp_info(&info) == TDX_SUCCESS, "TDG.VP.INFO");
	for (unsigned i = 0; i < sizeof(reportdata); i++)
		reportdata[i] = (uint8_t)(3 * i + 1);
	status = take_report();
	CHECK(status == TDX_SUCCESS, "TDG.MR.REPORT status 0x%lx", status);
	CHECK(report[0] == 0x81 && report[1] == 0, "TDREPORT type 0x%x subtype 0x%x",
	      report[0], report[1]);
	CHECK(equal(report + REPORT_DATA, reportdata, sizeof(reportdata)),
	      "REPORTDATA not echoed");
	memcpy(&attributes, tdinfo + TDINFO_ATTRIBUTES, 8);
	memcpy(&xfam, tdinfo + TDINFO_XFAM, 8);
	CHECK(attributes == info.attributes, "TDINFO.ATTRIBUTES 0x%lx, TDG.VP.INFO 0x%lx",
	      attributes, info.attributes);
	CHECK((xfam & XFAM_FIXED1) == XFAM_FIXED1 && !(xfam & ~XFAM_FIXED0),
	      "TDINFO.XFAM 0x%lx outside the TDX rules", xfam);
	CHECK(!all_zero(tdinfo + TDINFO_MRTD, SHA384_DIGEST_SIZE), "TDINFO.MRTD is zero");
	print_hex("TDREPORT MRTD", tdinfo + TDINFO_MRTD, SHA384_DIGEST_SIZE);
	td_say("TDINFO: ATTRIBUTES 0x%lx, XFAM 0x%lx", attributes, xfam);

	for (unsigned i = 0; i < sizeof(extension); i++)
		extension[i] = (uint8_t)(0xab ^ i);
	memcpy(before, rtmr, SHA384_DIGEST_SIZE);
	memcpy(before + SHA384_DIGEST_SIZE, extension, SHA384_DIGEST_SIZE);
	sha384(before, sizeof(before), expected);
	status = tdg_mr_rtmr_extend(ext, RTMR_EXTENDED);
	CHECK(status == TDX_SUCCESS, "TDG.MR.RTMR.EXTEND status 0x%lx", status);
	CHECK(take_report() == TDX_SUCCESS, "second TDG.MR.REPORT");
	if (!equal(rtmr, expected, SHA384_DIGEST_SIZE)) {
		print_hex("RTMR[2] reported", rtmr, SHA384_DIGEST_SIZE);
		print_hex("RTMR[2] expected", expected, SHA384_DIGEST_SIZE);
		CHECK(false, "RTMR[2] is not SHA-384(old RTMR[2] || extension)");
	}
	print_hex("RTMR[2] extended to", rtmr, SHA384_DIGEST_SIZE);

	/* Operand checks: misaligned report, misaligned REPORTDATA, subtype,
	 * RTMR index. */
	CHECK(tdg_mr_report(rep + 512, data, 0) == (TDX_OPERAND_INVALID | TDX_OPERAND_RCX),
	      "misaligned TDREPORT GPA accepted");
	CHECK(tdg_mr_report(rep, data + 8, 0) == (TDX_OPERAND_INVALID | TDX_OPERAND_RDX),
	      "misaligned REPORTDATA GPA accepted");
	CHECK(tdg_mr_report(rep, data, 1) == (TDX_OPERAND_INVALID | TDX_OPERAND_R8),
	      "subtype 1 accepted");
	CHECK(tdg_mr_rtmr_extend(ext, 4) == (TDX_OPERAND_INVALID | TDX_OPERAND_RDX),
	      "RTMR index 4 accepted");
	td_say("TDG.MR.REPORT and TDG.MR.RTMR.EXTEND: REPORTDATA echoed, RTMR[2] extended as"
	       " computed, bad operands refused");
}

/* Leaf 0: the base GHCI, R11-R14 zero. Leaf 1: the optional sub-functions
 * the host offers, known bits only. */
static void case_td_vm_call_info(void)
{
	const uint64_t known = TDG_VP_VMCALL_INFO1_GET_QUOTE |
			       TDG_VP_VMCALL_INFO1_SETUP_EVENT_NOTIFY_INTERRUPT;
	uint64_t out[4], status;

	status = tdvmcall_get_td_vm_call_info(0, out);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "GetTdVmCallInfo(0) status 0x%lx", status);
	CHECK(!out[0] && !out[1] && !out[2] && !out[3],
	      "GetTdVmCallInfo(0) R11-R14 0x%lx 0x%lx 0x%lx 0x%lx", out[0], out[1], out[2],
	      out[3]);
	status = tdvmcall_get_td_vm_call_info(1, out);
	CHECK(status == TDG_VP_VMCALL_SUCCESS, "GetTdVmCallInfo(1) status 0x%lx", status);
	CHECK(!(out[0] & ~known) && !out[1] && !out[2] && !out[3],
	      "GetTdVmCallInfo(1) R11-R14 0x%lx 0x%lx 0x%lx 0x%lx", out[0], out[1], out[2],
	      out[3]);
	td_say("GetTdVmCallInfo: leaf 0 all zero, leaf 1 R11 0x%lx", out[0]);
}

static void case_bench(void)
{
	struct td_vp_info info;
	uint64_t t0, t1, ves, status = 0;

	t0 = rdtsc_fenced();
	for (int i = 0; i < BENCH_ITERS; i++)
		status |= tdg_vp_info(&info);
	t1 = rdtsc_fenced();
	CHECK(status == TDX_SUCCESS, "TDG.VP.INFO failed in the benchmark");
	guest_printf("bench: tdcall round trip %lu tsc\n", (t1 - t0) / BENCH_ITERS);

	ves = td_ve_stats.cpuid;
	t0 = rdtsc_fenced();
	for (int i = 0; i < BENCH_ITERS; i++)
		cpuid(TDVISOR_CPUID_LEAF_BASE, 0);
	t1 = rdtsc_fenced();
	CHECK(td_ve_stats.cpuid - ves == BENCH_ITERS, "%lu #VEs for %u CPUIDs",
	      td_ve_stats.cpuid - ves, BENCH_ITERS);
	guest_printf("bench: cpuid via #VE round trip %lu tsc\n", (t1 - t0) / BENCH_ITERS);
}

int guest_main(void)
{
	static const struct td_case cases[] = {
		{ "boot", case_boot },
		{ "vp-info", case_vp_info },
		{ "cpuid", case_cpuid },
		{ "veinfo-empty", case_veinfo_empty },
		{ "unexposed-registers", case_unexposed_registers },
		{ "msr", case_msr },
		{ "mmio", case_mmio },
		{ "report", case_report },
		{ "td-vm-call-info", case_td_vm_call_info },
		{ "bench", case_bench },
	};

	return td_run_cases("td-test", cases, sizeof(cases) / sizeof(cases[0]));
}
