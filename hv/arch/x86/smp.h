/* Starting the application processors. */
#ifndef HV_ARCH_X86_SMP_H
#define HV_ARCH_X86_SMP_H

#include "../../types.h"

/* Boot CPU descriptor tables on static stacks, before memory is set up. */
void smp_early_boot_cpu(void);
/* Boot CPU as CPU 0 on its own guard-paged stacks, once paging is final. */
void smp_init_boot_cpu(void);
/* Runs fn(arg) on CPU cpu (the caller's own CPU included) and waits for it
 * to finish. A CPU running a guest takes the call at its next exit (the
 * kick IPI forces one). */
void smp_call_on(unsigned cpu, void (*fn)(void *), void *arg);
/* Hands fn(arg) to CPU cpu without waiting (a guest's run loop); the
 * CPU runs it from its idle loop, the caller's own CPU once it idles. */
void smp_post(unsigned cpu, void (*fn)(void *), void *arg);
/* fn(arg) on the calling CPU, then on one online CPU of every other
 * package, one at a time (smp_package.c); stops at the first false and
 * returns it. */
bool smp_call_each_package(bool (*fn)(void *), void *arg);
/* Runs work another CPU left here, if any: the idle loop, and guest run
 * loops between exits, so a CPU busy with a guest still answers calls. */
void smp_run_pending_call(void);
/* smp_call_on() for every online CPU, one after the other, boot CPU first. */
void smp_call_each(void (*fn)(void *), void *arg);
/* Waits for a vCPU to be pinned here (kick IPI) and runs it; also runs
 * smp_call_on() work. */
__noreturn void cpu_idle(void);
/* Continues on another stack; fn must not return. */
__noreturn void call_on_stack(uint64_t top, void (*fn)(void));
/* Registers the CPUs the MADT lists (boot CPU first) so they get indices. */
void smp_add_cpu(uint32_t apic_id);
/* Starts every registered AP with INIT-SIPI-SIPI, one at a time. A CPU that
 * does not come up is reported and left out; the rest go on. */
void smp_start_aps(paddr_t start_page);

#endif
