/* vm-wild-ept: reads a qword at GPA 1 GiB, beyond a small VM's RAM. The
 * guest's own page tables map it (entry.S maps 4 GiB), so the access reaches
 * EPT: tdvisor must stop this VM and log the GPA. */
#include "guest-abi/tests/rt.h"

#define WILD_GPA 0x40000000ull

int guest_main(void)
{
	uint64_t gpa = WILD_GPA;

	/* A VM with 1 GiB or more: the first 2 MiB page beyond its RAM. */
	if (guest_env.mem_size >= WILD_GPA)
		gpa = (guest_env.mem_size + 2 * MIB - 1) & ~(uint64_t)(2 * MIB - 1);
	guest_printf("hostile: wild-ept starting: reading GPA 0x%lx beyond %lu MiB of RAM\n",
		     gpa, guest_env.mem_size / MIB);
	guest_fail("read of GPA 0x%lx outside RAM returned 0x%lx", gpa, read64(gpa));
}
