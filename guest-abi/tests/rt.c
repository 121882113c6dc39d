/* Runtime core: decode the boot registers, install the IDT, handle
 * exceptions (expected ones through the fixup table), end the VM. */
#include "guest-abi/tests/rt.h"

_Static_assert(TDVISOR_PV_BOOT_MAGIC == 0x74647673u, "entry.S BOOT_MAGIC");

#define MB1_BOOT_MAGIC   0x2badb002u    /* EAX from a multiboot (v1) loader */
#define MB1_INFO_MEMORY  (1u << 0)

struct guest_env guest_env;
volatile int guest_fault_vector = FAULT_NONE;
volatile uint64_t guest_fault_error;

struct fixup {
	uint64_t fault_rip, resume_rip;
};
extern const struct fixup __fixup_start[], __fixup_end[];
extern const uint64_t guest_exc_stubs[32];

static uint64_t idt[32 * 2];

static void idt_init(void)
{
	for (int v = 0; v < 32; v++) {
		uint64_t off = guest_exc_stubs[v];

		/* 64-bit interrupt gate, present, DPL 0 (SDM vol. 3 fig. 6-8) */
		idt[2 * v] = (off & 0xffff) | (uint64_t)GUEST_CS << 16 |
			     (uint64_t)0x8e << 40 | (off >> 16 & 0xffff) << 48;
		idt[2 * v + 1] = off >> 32;
	}
}

/* Under tdvisor the registers say it all; on bare metal (the native smoke
 * test) a multiboot loader left EAX = its magic and EBX = its information,
 * whose mem_upper is the KiB of RAM above 1 MiB. */
static void decode_boot_regs(void)
{
	const struct guest_boot_regs *r = &guest_boot_regs;

	if (r->ecx == TDVISOR_PV_BOOT_MAGIC) {
		guest_env.tdvisor = true;
		guest_env.vcpu = r->esi;
		guest_env.mem_size = r->ebx;
	} else if (r->eax == MB1_BOOT_MAGIC && (read64(r->ebx) & MB1_INFO_MEMORY)) {
		uint32_t mem_upper_kib = read64(r->ebx + 8) & 0xffffffff;

		guest_env.mem_size = ((uint64_t)mem_upper_kib + 1024) * 1024;
	}
}

void guest_start(void)
{
	idt_init();
	lidt((uint64_t)idt, sizeof(idt) - 1);
	decode_boot_regs();
	guest_exit(guest_main());
}

void guest_ap_start(uint32_t vcpu)
{
	lidt((uint64_t)idt, sizeof(idt) - 1);
	guest_ap_main(vcpu);
}

/* Idles in HLT with interrupts enabled: no interrupt ever comes, so under
 * tdvisor each HLT exits and returns. A spin without exits would look like
 * a hung vCPU to the watchdog, and HLT with interrupts disabled stops the
 * whole VM. */
__attribute__((weak)) void guest_ap_main(uint32_t vcpu)
{
	guest_printf("vCPU %u: secondary vCPU parked\n", vcpu);
	for (;;)
		asm volatile("sti; hlt; cli" : : : "memory");
}

static const char *const exc_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO",
	"#TS", "#NP", "#SS", "#GP", "#PF", "15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP", "22", "23", "24", "25", "26", "27", "#HV", "#VC", "#SX", "31",
};

void guest_exception(struct exc_frame *f)
{
	static char line[192];
	int n;

	for (const struct fixup *x = __fixup_start; x < __fixup_end; x++) {
		if (x->fault_rip == f->rip) {
			guest_fault_vector = (int)f->vector;
			guest_fault_error = f->error;
			f->rip = x->resume_rip;
			return;
		}
	}
	/* Unlocked: the faulting code may hold the console lock. */
	n = guest_snprintf(line, sizeof(line),
			   "Test result: FAILURE: unexpected exception %lu at RIP 0x%lx"
			   " (%s, error code 0x%lx, RSP 0x%lx)\n", f->vector, f->rip,
			   exc_names[f->vector & 31], f->error, f->rsp);
	console_write(line, (size_t)n, false);
	outl(TDVISOR_PORT_DEBUG_EXIT, 1);
	for (;;)
		asm volatile("cli; hlt");
}

_Noreturn void guest_exit(uint32_t status)
{
	if (guest_env.tdvisor)
		pv_call(TDVISOR_PV_EXIT, status, 0, 0);
	outl(TDVISOR_PORT_DEBUG_EXIT, status);
	/* Halted forever with interrupts off: tdvisor stops the VM. */
	for (;;)
		asm volatile("cli; hlt");
}

_Noreturn void guest_fail(const char *fmt, ...)
{
	va_list ap;
	char text[256];

	va_start(ap, fmt);
	guest_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	guest_printf("Test result: FAILURE: %s\n", text);
	guest_exit(1);
}

/* GCC may call these even in freestanding code (struct copies, zeroing). */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}
