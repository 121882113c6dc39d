/* The one SEAMCALL policy helper and the backend switch. */
#include "seamcall.h"
#include "tdx_status.h"
#include "../log.h"

static seamcall_backend_fn backend = seamcall_hw;
static uint64_t counts[64];

static const struct {
	uint16_t number;
	const char *name;
} leaf_names[] = {
#define TDH_LEAF(id, number, name) { number, name },
#include "tdh_leaves.h"
#undef TDH_LEAF
};

void seamcall_set_backend(seamcall_backend_fn fn)
{
	backend = fn;
}

uint64_t seamcall(uint64_t rax, struct tdx_module_args *args)
{
	__atomic_fetch_add(&counts[(rax & 0xffff) % ARRAY_SIZE(counts)], 1, __ATOMIC_RELAXED);
	return backend(rax, args);
}

uint64_t seamcall_count(enum tdh_leaf leaf)
{
	return counts[leaf % ARRAY_SIZE(counts)];
}

uint64_t seamcall_count_total(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(counts); i++)
		total += counts[i];
	return total;
}

const char *tdh_leaf_name(uint64_t rax)
{
	for (unsigned i = 0; i < ARRAY_SIZE(leaf_names); i++)
		if (leaf_names[i].number == (rax & 0xffff))
			return leaf_names[i].name;
	return "TDH.(unknown leaf)";
}

static bool transient(uint64_t status)
{
	uint64_t code = TDX_STATUS_CODE(status);

	return code == TDX_OPERAND_BUSY || code == TDX_RND_NO_ENTROPY || code == TDX_SYS_BUSY;
}

uint64_t tdx_call(uint64_t rax, struct tdx_module_args *args, unsigned flags)
{
	const struct tdx_module_args inputs = *args;
	unsigned retries = 0;
	uint64_t status;
	char text[160];

	for (;;) {
		status = seamcall(rax, args);
		if (TDX_STATUS_CODE(status) == TDX_INTERRUPTED_RESUMABLE)
			continue;       /* the module kept its progress in the outputs */
		if (!transient(status) || ++retries > TDX_RETRY_LIMIT)
			break;
		log_debug("tdx: %s: %s, retrying", tdh_leaf_name(rax), tdx_status_name(status));
		*args = inputs;
	}
	if (TDX_STATUS_IS_ERROR(status) && !(flags & TDX_CALL_QUIET)) {
		tdx_status_format(status, text, sizeof(text));
		log_error("tdx: %s failed: %s%s", tdh_leaf_name(rax), text,
			  retries > TDX_RETRY_LIMIT ? " (still busy after retries)" : "");
	}
	return status;
}
