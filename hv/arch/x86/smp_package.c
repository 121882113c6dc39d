/* Once per package: the TDX module's package-scoped operations (SYS.KEY.
 * CONFIG, MNG.KEY.CONFIG, PHYMEM.CACHE.WB) each need one CPU of every
 * package, one package at a time. Built on smp_call_on() alone, so host
 * tests that fake the CPU layer use this file as it is. */
#include "percpu.h"
#include "smp.h"
#include "../../arch.h"

struct package_call {
	bool (*fn)(void *);
	void *arg;
	bool ok;
};

static void call_one(void *c)
{
	struct package_call *pc = c;

	pc->ok = pc->fn(pc->arg);
}

bool smp_call_each_package(bool (*fn)(void *), void *arg)
{
	struct package_call pc = { fn, arg, true };
	unsigned self = arch_cpu_index();
	uint64_t done = BIT(percpu[self].package % 64);

	call_one(&pc);                  /* the calling CPU serves its own package */
	for (unsigned i = 0; i < nr_cpus && pc.ok; i++) {
		uint32_t pkg = percpu[i].package % 64;

		if (percpu[i].state != CPU_ONLINE || (done & BIT(pkg)))
			continue;
		done |= BIT(pkg);
		smp_call_on(i, call_one, &pc);
	}
	return pc.ok;
}
