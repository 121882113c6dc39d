/* Deterministic fault injection: the manifest's tdx.inject schedule makes
 * chosen leaves answer OPERAND_BUSY, RND_NO_ENTROPY, SYS_BUSY or
 * INTERRUPTED_RESUMABLE, with no side effect, as a contended or interrupted
 * module would, so the host's retry paths run under test. */
#include "seam_state.h"
#include "../hv/log.h"
#include "../hv/tdx/tdx_status.h"

struct fault_state {
	struct manifest_fault f;
	uint32_t seen;          /* calls of the leaf so far */
};

static struct fault_state faults[MANIFEST_MAX_FAULTS];
static unsigned nr_faults;
static struct spinlock lock;

void seam_set_faults(const struct manifest_fault *f, unsigned n)
{
	nr_faults = MIN(n, MANIFEST_MAX_FAULTS);
	for (unsigned i = 0; i < nr_faults; i++)
		faults[i] = (struct fault_state){ .f = f[i] };
}

static uint64_t status_of(enum manifest_fault_status s)
{
	switch (s) {
	case MANIFEST_FAULT_OPERAND_BUSY:
		return TDX_OPERAND_BUSY;
	case MANIFEST_FAULT_RND_NO_ENTROPY:
		return TDX_RND_NO_ENTROPY;
	case MANIFEST_FAULT_SYS_BUSY:
		return TDX_SYS_BUSY;
	case MANIFEST_FAULT_INTERRUPTED_RESUMABLE:
		return TDX_INTERRUPTED_RESUMABLE;
	}
	return TDX_SUCCESS;
}

uint64_t seam_injected_fault(unsigned leaf)
{
	uint64_t status = TDX_SUCCESS;

	spin_lock(&lock);
	for (unsigned i = 0; i < nr_faults && status == TDX_SUCCESS; i++) {
		struct fault_state *s = &faults[i];
		uint32_t n;

		if (s->f.leaf != leaf)
			continue;
		n = s->seen++;
		if (n >= s->f.after && n < s->f.after + s->f.times)
			status = status_of(s->f.status);
	}
	spin_unlock(&lock);
	if (status != TDX_SUCCESS)
		log_debug("seam: injected %s into leaf %u", tdx_status_name(status), leaf);
	return status;
}
