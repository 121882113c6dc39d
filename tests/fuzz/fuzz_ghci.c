/* libFuzzer target for what a TD controls at a TDG.VP.VMCALL: the GHCI
 * decoder (hv/tdx/ghci.c) and, behind Instruction.IO, COM1's 16550A model
 * and the port policy (hv/dev/).
 *
 * Input: 13 little-endian u64 in the order of struct tdx_module_args
 * (RCX, RDX, R8-R15, RBX, RDI, RSI), then one byte whose bit 0 picks GPAW
 * 52 over 48, then pairs of bytes (port offset from 0x3f8 | 0x80 for a
 * write, value) played on the port policy. Short inputs are zero-padded.
 * Checked: the status is one the GHCI defines; decoding twice agrees; a
 * success carries only validated values (sizes, alignment, GPAW, shared
 * bit, vector range, lengths, printable message); the UART's registers
 * keep their reserved bits clear and its line stays bounded. */
#include "../unit/shim.h"
#include "../../hv/tdx/ghci.c"
#include "../../hv/dev/uart_model.c"
#include "../../hv/dev/guest_ports.c"

#define FC(c) do { if (!(c)) { fprintf(stderr, "invariant %s (line %d)\n", #c, __LINE__); \
		abort(); } } while (0)

#define REGS 13

static void check_request(const struct tdx_module_args *a, unsigned gpaw,
			  const struct ghci_request *r)
{
	uint64_t shared = BIT(gpaw - 1), limit = BIT(gpaw);

	FC((a->rcx & R10_R11) == R10_R11);
	switch (r->call) {
	case GHCI_GET_TD_VM_CALL_INFO:
		FC(r->info.leaf <= 1);
		break;
	case GHCI_MAP_GPA:
		FC(r->map_gpa.size && IS_ALIGNED(r->map_gpa.gpa | r->map_gpa.size, PAGE_SIZE));
		FC(r->map_gpa.gpa < limit && r->map_gpa.size <= limit - r->map_gpa.gpa);
		FC(((r->map_gpa.gpa + r->map_gpa.size - 1) & shared) == (r->map_gpa.gpa & shared));
		FC(r->map_gpa.to_shared == !!(r->map_gpa.gpa & shared));
		FC(r->map_gpa.gpa == a->r12 && r->map_gpa.size == a->r13);
		break;
	case GHCI_REPORT_FATAL_ERROR:
		FC(strlen(r->fatal.message) <= 64);
		for (const char *c = r->fatal.message; *c; c++)
			FC(*c >= 0x20 && *c < 0x7f);
		FC(r->fatal.has_data_gpa || r->fatal.data_gpa == 0);
		break;
	case GHCI_SETUP_EVENT_NOTIFY:
		FC(r->notify.vector >= 32);
		break;
	case GHCI_CPUID:
	case GHCI_RDMSR:
		break;
	case GHCI_HLT:
		FC(a->r12 <= 1);
		break;
	case GHCI_IO:
		FC(r->io.size == 1 || r->io.size == 2 || r->io.size == 4);
		FC(r->io.size == 4 || r->io.value < BIT(8 * r->io.size));
		FC(!r->io.write || (a->rcx & TDG_VP_VMCALL_GPR_R15));
		break;
	case GHCI_WRMSR:
		FC(r->msr.value == a->r13);
		break;
	case GHCI_MMIO:
		FC(r->mmio.size == 1 || r->mmio.size == 2 || r->mmio.size == 4 || r->mmio.size == 8);
		FC((r->mmio.gpa & shared) && r->mmio.gpa + r->mmio.size <= limit);
		FC(r->mmio.size == 8 || r->mmio.value < BIT(8 * r->mmio.size));
		break;
	case GHCI_PV_CONSOLE_WRITE:
		FC(r->console.len <= GHCI_PV_CONSOLE_MAX);
		FC(!r->console.len ||
		   ((r->console.gpa & shared) && r->console.gpa + r->console.len <= limit));
		break;
	case GHCI_PV_EXIT:
		FC(r->exit.status == a->r12);
		break;
	default:
		FC(!"decoded call out of range");
	}
}

static void play_ports(const uint8_t *data, size_t size)
{
	static struct guest_ports p;
	const struct uart_model *u = &p.com1;

	guest_ports_init(&p, "fuzz", false);
	for (size_t i = 0; i + 1 < size; i += 2) {
		struct port_io io = { .port = (uint16_t)(0x3f8 + (data[i] & 0x7f)), .size = 1,
				      .write = data[i] & 0x80, .value = data[i + 1] };

		if (!guest_port_io(&p, &io)) {
			FC(io.stop_reason[0] != '\0');
			return;
		}
		FC(io.write || io.value <= 0xff);
		FC(u->ier <= 0x0f && u->mcr <= 0x1f);
		FC((u->fcr & ~0xc9) == 0);
		FC(u->line_len < UART_MODEL_LINE);
		FC((uart_model_read(&p.com1, 5) & 0x60) == 0x60);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t regs[REGS] = { 0 };
	struct tdx_module_args a;
	struct ghci_request r1, r2;
	uint64_t s1, s2;
	unsigned gpaw;

	memcpy(regs, data, MIN(size, sizeof(regs)));
	a = (struct tdx_module_args){
		.rcx = regs[0], .rdx = regs[1], .r8 = regs[2], .r9 = regs[3], .r10 = regs[4],
		.r11 = regs[5], .r12 = regs[6], .r13 = regs[7], .r14 = regs[8], .r15 = regs[9],
		.rbx = regs[10], .rdi = regs[11], .rsi = regs[12],
	};
	gpaw = size > sizeof(regs) && (data[sizeof(regs)] & 1) ? 52 : 48;

	s1 = ghci_decode(&a, gpaw, &r1);
	s2 = ghci_decode(&a, gpaw, &r2);
	FC(s1 == TDG_VP_VMCALL_SUCCESS || s1 == TDG_VP_VMCALL_INVALID_OPERAND ||
	   s1 == TDG_VP_VMCALL_ALIGN_ERROR || s1 == TDG_VP_VMCALL_SUBFUNC_UNSUPPORTED);
	FC(s1 == s2 && r1.call == r2.call && r1.fail_r11 == r2.fail_r11);
	FC(r1.name && strcmp(r1.name, r2.name) == 0);
	if (s1 == TDG_VP_VMCALL_SUCCESS)
		check_request(&a, gpaw, &r1);
	else
		FC(r1.fail_r11 == 0 || (r1.call == GHCI_MAP_GPA && r1.fail_r11 == a.r12));
	if (size > sizeof(regs) + 1)
		play_ports(data + sizeof(regs) + 1, size - sizeof(regs) - 1);
	return 0;
}
