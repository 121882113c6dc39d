/* td-test: the Trust Domain success guest (README.md, "Trust Domain test
 * guests"). The first line goes out through direct TDVMCALL Instruction.IO,
 * every later one through `out`, which the TDX module turns into a #VE that
 * td_rt.c hands to the host the same way. Any failed check prints
 * "Test result: FAILURE: <what>" and ends the TD with ReportFatalError. */
#include "guest-abi/tests/td_rt.h"

#define TD_GPAW       48
#define BENCH_ITERS   1000
#define EFER_AT_BOOT  0x901             /* SCE | LME | NXE */
#define RFLAGS_AT_BOOT 0x2

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

static void check_boot_registers(void)
{
	const struct td_boot_regs *b = &td_boot_regs;
	char line[128];
	int n;

	n = guest_snprintf(line, sizeof(line),
			   "td-test: hello from a Trust Domain (vCPU %lu, GPAW %lu)\n",
			   b->rsi, b->rbx);
	td_console_direct(line, (size_t)n);

	guest_printf("td-test: boot registers: RCX 0x%lx R8 0x%lx RDX 0x%lx CR0 0x%lx"
		     " CR4 0x%lx EFER 0x%lx RFLAGS 0x%lx\n", b->rcx, b->r8, b->rdx,
		     b->cr0, b->cr4, b->efer, b->rflags);
	CHECK(td_ve_stats.io > 0, "console `out` did not go through #VE");
	CHECK(b->rbx == TD_GPAW, "boot RBX (GPAW) is %lu, expected %u", b->rbx, TD_GPAW);
	CHECK(b->r8 == b->rcx, "boot R8 0x%lx differs from RCX 0x%lx", b->r8, b->rcx);
	CHECK(b->efer == EFER_AT_BOOT, "boot EFER 0x%lx, expected 0x%x", b->efer, EFER_AT_BOOT);
	CHECK(b->rflags == RFLAGS_AT_BOOT, "boot RFLAGS 0x%lx, expected 0x2", b->rflags);

	struct cpuid_regs c = cpuid(1, 0);
	CHECK(c.eax == b->rdx, "boot RDX 0x%lx differs from CPUID(1).EAX 0x%x", b->rdx, c.eax);
	guest_printf("td-test: boot RDX = CPUID(1).EAX = 0x%x\n", c.eax);
}

static void check_vp_info(void)
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
	CHECK(info.gpaw == TD_GPAW, "TDG.VP.INFO GPAW %lu, expected %u", info.gpaw, TD_GPAW);
	CHECK(info.vcpu_index == 0 && info.vcpu_index == td_boot_regs.rsi,
	      "TDG.VP.INFO vCPU index %lu, boot RSI %lu, expected 0", info.vcpu_index,
	      td_boot_regs.rsi);
	CHECK(info.max_vcpus >= 1 && info.num_vcpus >= 1 && info.num_vcpus <= info.max_vcpus,
	      "TDG.VP.INFO vCPUs: %u initialized of %u", info.num_vcpus, info.max_vcpus);
	for (unsigned i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (info.attributes >> attrs[i].bit & 1)
			n += guest_snprintf(names + n, sizeof(names) - (size_t)n, " %s",
					    attrs[i].name);
	guest_printf("td-test: TDG.VP.INFO: GPAW %lu, ATTRIBUTES 0x%lx%s, vCPU %lu,"
		     " %u of %u vCPUs\n", info.gpaw, info.attributes, names,
		     info.vcpu_index, info.num_vcpus, info.max_vcpus);
}

static void check_cpuid(void)
{
	uint64_t ves = td_ve_stats.cpuid;
	struct cpuid_regs c = cpuid(0, 0);
	char s[13];

	cpuid_string(s, c.ebx, c.edx, c.ecx);
	guest_printf("td-test: CPUID 0: \"%s\", max leaf 0x%x (%s)\n", s, c.eax,
		     td_ve_stats.cpuid > ves ? "through #VE" : "answered by the TDX module");

	/* Not in the module's CPUID table: always a #VE, always the host. */
	ves = td_ve_stats.cpuid;
	c = cpuid(TDVISOR_CPUID_LEAF_BASE, 0);
	CHECK(td_ve_stats.cpuid == ves + 1, "CPUID 0x40000000 did not raise #VE");
	cpuid_string(s, c.ebx, c.ecx, c.edx);
	CHECK(c.ebx == TDVISOR_CPUID_SIGNATURE_EBX && c.ecx == TDVISOR_CPUID_SIGNATURE_ECX &&
	      c.edx == TDVISOR_CPUID_SIGNATURE_EDX, "CPUID 0x40000000 signature \"%s\"", s);
	CHECK(c.eax >= TDVISOR_CPUID_LEAF_BASE + 1, "CPUID 0x40000000 max leaf 0x%x", c.eax);
	guest_printf("td-test: CPUID 0x40000000 through #VE: \"%s\", max leaf 0x%x\n", s, c.eax);
}

/* No #VE is pending (the handler took each one): the leaf must say so and
 * zero its outputs. */
static void check_veinfo_empty(void)
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
	guest_printf("td-test: TDG.VP.VEINFO.GET with no #VE pending: TDX_NO_VALID_VE_INFO\n");
}

/* TDVMCALL Instruction.CPUID(0x40000000) exposing R10-R15 only: every
 * other register must come back as it went in (RCX: the bitmap again). */
static void check_unexposed_registers(void)
{
	struct gprs r = {
		.rax = TDG_VP_VMCALL, .rcx = TDVMCALL_EXPOSE_R10_R15,
		.rbx = 0xb0b0b0b0b0b0b0b1, .rdx = 0xd0d0d0d0d0d0d0d1,
		.rsi = 0x5151515151515151, .rdi = 0xd1d1d1d1d1d1d1d1,
		.rbp = 0xbebebebebebebebe, .r8 = 0x0808080808080808,
		.r9 = 0x0909090909090909, .r10 = TDVMCALL_GHCI, .r11 = TDVMCALL_CPUID,
		.r12 = TDVISOR_CPUID_LEAF_BASE, .r13 = 0,
	};
	const struct gprs in = r;
	const uint64_t *before = (const uint64_t *)&in, *after = (const uint64_t *)&r;
	static const int kept[] = { 1, 2, 3, 4, 5, 6, 7, 8 };  /* RBX ... R9 */

	td_tdcall(&r);
	CHECK(r.rax == TDX_SUCCESS, "TDG.VP.VMCALL status 0x%lx", r.rax);
	CHECK(r.r10 == 0, "TDVMCALL Instruction.CPUID status 0x%lx", r.r10);
	for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		CHECK(after[kept[i]] == before[kept[i]], "TDG.VP.VMCALL changed %s (not exposed):"
		      " 0x%lx -> 0x%lx", gpr_names[kept[i]], before[kept[i]], after[kept[i]]);
	CHECK(r.r13 == TDVISOR_CPUID_SIGNATURE_EBX && r.r14 == TDVISOR_CPUID_SIGNATURE_ECX &&
	      r.r15 == TDVISOR_CPUID_SIGNATURE_EDX,
	      "TDVMCALL Instruction.CPUID(0x40000000) returned R13-R15 0x%lx 0x%lx 0x%lx",
	      r.r13, r.r14, r.r15);
	guest_printf("td-test: registers not exposed to the host are preserved\n");
}

/* TDG.MR.REPORT and TDG.MR.RTMR.EXTEND, with buffers in low private RAM
 * (free between the stack and the end of the 2 MiB). */
#define TDG_MR_RTMR_EXTEND  2
#define TDG_MR_REPORT       4
#define REPORT_GPA          0x40000ul   /* 1024-aligned */
#define REPORTDATA_GPA      0x41000ul   /* 64-aligned */
#define EXTENSION_GPA       0x41100ul
#define OPERAND_INVALID     0xc000010000000000ull

static uint64_t mr_report(uint64_t report, uint64_t reportdata, uint64_t subtype)
{
	struct gprs r = { .rax = TDG_MR_REPORT, .rcx = report, .rdx = reportdata, .r8 = subtype };

	td_tdcall(&r);
	return r.rax;
}

static uint64_t rtmr_extend(uint64_t extension, uint64_t index)
{
	struct gprs r = { .rax = TDG_MR_RTMR_EXTEND, .rcx = extension, .rdx = index };

	td_tdcall(&r);
	return r.rax;
}

static bool all_zero(const uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void check_report(const struct td_vp_info *info)
{
	uint8_t *report = (uint8_t *)REPORT_GPA, *reportdata = (uint8_t *)REPORTDATA_GPA;
	uint8_t *ext = (uint8_t *)EXTENSION_GPA, mac[32];
	const uint8_t *tdinfo = report + 512, *rtmr2 = tdinfo + 208 + 2 * 48;
	uint64_t status;

	for (unsigned i = 0; i < 64; i++)
		reportdata[i] = (uint8_t)(3 * i + 1);
	status = mr_report(REPORT_GPA, REPORTDATA_GPA, 0);
	CHECK(status == TDX_SUCCESS, "TDG.MR.REPORT status 0x%lx", status);
	CHECK(report[0] == 0x81 && report[1] == 0, "TDREPORT type 0x%x subtype 0x%x",
	      report[0], report[1]);
	for (unsigned i = 0; i < 64; i++)
		CHECK(report[128 + i] == reportdata[i], "REPORTDATA byte %u not echoed", i);
	CHECK(*(const uint64_t *)tdinfo == info->attributes, "TDINFO.ATTRIBUTES 0x%lx",
	      *(const uint64_t *)tdinfo);
	CHECK(!all_zero(tdinfo + 16, 48), "TDINFO.MRTD is zero");
	CHECK(all_zero(rtmr2, 48), "RTMR[2] is not zero before any extend");
	guest_printf("td-test: TDREPORT MRTD ");
	for (unsigned i = 0; i < 48; i++)
		guest_printf("%02x", tdinfo[16 + i]);
	guest_printf("\n");
	for (unsigned i = 0; i < 32; i++)
		mac[i] = report[224 + i];

	for (unsigned i = 0; i < 48; i++)
		ext[i] = 0xab;
	status = rtmr_extend(EXTENSION_GPA, 2);
	CHECK(status == TDX_SUCCESS, "TDG.MR.RTMR.EXTEND status 0x%lx", status);
	CHECK(mr_report(REPORT_GPA, REPORTDATA_GPA, 0) == TDX_SUCCESS, "second TDG.MR.REPORT");
	CHECK(!all_zero(rtmr2, 48), "RTMR[2] unchanged by TDG.MR.RTMR.EXTEND");
	CHECK(!all_zero(mac, 32), "TDREPORT MAC is zero");
	bool mac_changed = false;
	for (unsigned i = 0; i < 32; i++)
		mac_changed |= mac[i] != report[224 + i];
	CHECK(mac_changed, "TDREPORT MAC did not change with RTMR[2]");

	/* Operand checks: misaligned report, misaligned REPORTDATA, subtype,
	 * RTMR index. */
	CHECK(mr_report(REPORT_GPA + 512, REPORTDATA_GPA, 0) == (OPERAND_INVALID | 1),
	      "misaligned TDREPORT GPA accepted");
	CHECK(mr_report(REPORT_GPA, REPORTDATA_GPA + 8, 0) == (OPERAND_INVALID | 2),
	      "misaligned REPORTDATA GPA accepted");
	CHECK(mr_report(REPORT_GPA, REPORTDATA_GPA, 1) == (OPERAND_INVALID | 8),
	      "subtype 1 accepted");
	CHECK(rtmr_extend(EXTENSION_GPA, 4) == (OPERAND_INVALID | 2), "RTMR index 4 accepted");
	guest_printf("td-test: TDG.MR.REPORT and TDG.MR.RTMR.EXTEND: REPORTDATA echoed, "
		     "RTMR[2] extended, MAC follows, bad operands refused\n");
}

static void bench(void)
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
	check_boot_registers();
	check_vp_info();
	check_cpuid();
	check_veinfo_empty();
	check_unexposed_registers();
	{
		struct td_vp_info info;

		CHECK(tdg_vp_info(&info) == TDX_SUCCESS, "TDG.VP.INFO");
		check_report(&info);
	}
	guest_printf("td-test: #VE handled so far: %lu CPUID, %lu I/O\n",
		     td_ve_stats.cpuid, td_ve_stats.io);
	bench();
	guest_printf("Test result: SUCCESS\n");
	return 0;
}
