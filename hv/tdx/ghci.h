/* Decoding of one TDG.VP.VMCALL (guest-abi/tdx_ghci.h, tdvisor_pv.h): the
 * registers the TDX module handed over -> a validated request, or the GHCI
 * status to answer. Pure: no side effects, no TD state, host-testable;
 * td_vmcall.c acts on what it returns (seL4's decode, then invoke). */
#ifndef HV_TDX_GHCI_H
#define HV_TDX_GHCI_H

#include "seamcall.h"
#include "../types.h"

#define GHCI_PV_CONSOLE_MAX 4096        /* bytes per CONSOLE_WRITE */

enum ghci_call {
	GHCI_GET_TD_VM_CALL_INFO,
	GHCI_MAP_GPA,
	GHCI_REPORT_FATAL_ERROR,
	GHCI_SETUP_EVENT_NOTIFY,
	GHCI_CPUID,
	GHCI_HLT,
	GHCI_IO,
	GHCI_RDMSR,
	GHCI_WRMSR,
	GHCI_MMIO,
	GHCI_PV_CONSOLE_WRITE,
	GHCI_PV_EXIT,
	GHCI_PV_EXIT_STATS,
};

struct ghci_request {
	enum ghci_call call;
	const char *name;               /* "MapGPA", ...; "unknown" if none */
	uint64_t fail_r11;              /* R11 to answer with an error status */
	union {
		struct { uint64_t leaf; } info;
		/* gpa as the guest gave it: the shared bit says the direction. */
		struct { uint64_t gpa, size; bool to_shared; } map_gpa;
		struct {
			uint32_t code;
			bool has_data_gpa;
			uint64_t data_gpa;
			char message[64 + 1];   /* printable ASCII, NUL-terminated */
		} fatal;
		struct { uint8_t vector; } notify;
		struct { uint32_t leaf, subleaf; } cpuid;
		struct { bool irq_blocked; } hlt;
		struct { uint16_t port; uint8_t size; bool write; uint32_t value; } io;
		struct { uint32_t index; uint64_t value; } msr;
		struct { uint64_t gpa; uint8_t size; bool write; uint64_t value; } mmio;
		struct { uint64_t gpa, len; } console;
		struct { uint64_t status; } exit;
	};
};

/* Decodes the TDG.VP.VMCALL in a (as TDH.VP.ENTER returned it: RCX = the
 * exposed-register bitmap) for a TD whose GPA width is gpaw (48 or 52).
 * Returns TDG_VP_VMCALL_SUCCESS with *req filled, or the status to put in
 * R10 (req->name and req->fail_r11 still set). */
uint64_t ghci_decode(const struct tdx_module_args *a, unsigned gpaw, struct ghci_request *req);

#endif
