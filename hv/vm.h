/* Guests tdvisor runs as plain VMs (the manifest's "vms"): their memory,
 * vCPUs, console and lifecycle. The architecture layer (hv/arch/x86/vmx_*)
 * runs the vCPUs and reports what the guest did through the vm_* calls. */
#ifndef HV_VM_H
#define HV_VM_H

#include "arch/x86/guest_regs.h"
#include "dev/guest_ports.h"
#include "manifest.h"
#include "mm/pagetable.h"
#include "spinlock.h"
#include "types.h"

#define VM_MAX 16
#define VM_MAX_VCPUS 16

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned index;         /* within the VM */
	unsigned cpu;           /* physical CPU it is pinned to */
	paddr_t vmcs;
	uint16_t vpid;
	bool launched;
	struct guest_regs regs;
	uint64_t exits;
	uint64_t hv_ticks;      /* TSC ticks between VM exit and the next entry */
	uint64_t last_progress_tsc;
};

enum vm_state {
	VM_RUNNING,
	VM_STOPPED,
};

struct vm {
	char name[MANIFEST_NAME_MAX + 1];
	const struct manifest_guest *cfg;
	uint64_t memory;
	struct page_table ept;
	paddr_t io_bitmaps;     /* two pages: ports 0-0x7fff, 0x8000-0xffff */
	paddr_t msr_bitmap;
	uint64_t watchdog_ticks; /* 0: no watchdog */
	unsigned nr_vcpus;
	struct vcpu vcpus[VM_MAX_VCPUS];
	volatile enum vm_state state;
	struct spinlock lock;   /* stop */
	struct guest_ports ports; /* COM1 and the port policy TDs share */
};

/* Builds every VM of the manifest and hands its vCPUs to their CPUs.
 * Returns how many VMs were started; one that cannot start is reported and
 * skipped. */
unsigned vm_start_all(const struct manifest *m);
/* Stops the VM once (later calls do nothing): logs the reason, kicks its
 * other vCPUs. When the last VM stops, the hypervisor ends the run. */
void vm_stop(struct vm *vm, int status, const char *fmt, ...) __printf(3, 4);
/* For the monitor: the i-th VM started (NULL past the last), a VM by name. */
struct vm *vm_at(unsigned i);
struct vm *vm_find(const char *name);
/* Copies guest memory; false when any byte is outside guest RAM. */
bool vm_read_guest(struct vm *vm, uint64_t gpa, void *dst, size_t len);
bool vm_gpa_is_ram(const struct vm *vm, uint64_t gpa);

/* Runs a vCPU on the calling CPU until its VM stops (arch/x86/vmx_vcpu.c). */
void vcpu_run(struct vcpu *v);
/* Per-VM VMX setup before any vCPU runs: I/O and MSR bitmaps. */
bool vmx_vm_init(struct vm *vm);

#endif
