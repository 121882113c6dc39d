/* libFuzzer target for the manifest parser. Besides the sanitizers, it
 * checks what the rest of the hypervisor relies on: error lines are
 * well-formed, a manifest that parses is valid in every field, a failed
 * parse leaves nothing behind, and the static parser state never leaks
 * from one parse into the next. */
#include "../unit/shim.h"
#include "../../hv/manifest.c"

static struct manifest m, again;
static struct manifest_errors errs, errs_again;

static void check_lines(const struct manifest_errors *e)
{
	if (e->count > MANIFEST_MAX_ERRORS + 1 || (e->dropped && e->count != MANIFEST_MAX_ERRORS + 1))
		abort();
	for (unsigned i = 0; i < e->count; i++)
		if (strnlen(e->msg[i], MANIFEST_ERROR_LEN) == MANIFEST_ERROR_LEN ||
		    strncmp(e->msg[i], "manifest: ", 10) != 0)
			abort();
}

static void check_guest(const struct manifest_guest *g, bool used[])
{
	size_t n = strnlen(g->name, sizeof(g->name));

	if (n == 0 || n > MANIFEST_NAME_MAX || strspn(g->name,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n)
		abort();
	n = strnlen(g->image, sizeof(g->image));
	for (size_t i = 0; i < n; i++)
		if (g->image[i] <= ' ' || g->image[i] >= 0x7f || g->image[i] == '\\')
			abort();
	if (g->image[0] && (g->load >= g->memory || g->entry >= g->memory))
		abort();
	if (!g->entry_set && g->entry != g->load)
		abort();
	if (n == sizeof(g->image) || g->memory < 4096 || g->memory % 4096 ||
	    g->watchdog_ms > 3600000 ||
	    g->console > MANIFEST_CONSOLE_NONE || g->cpus.count == 0 ||
	    g->cpus.count > MANIFEST_MAX_CPUS)
		abort();
	for (unsigned i = 0; i < g->cpus.count; i++) {
		if (used[g->cpus.cpu[i]])
			abort();
		used[g->cpus.cpu[i]] = true;
	}
}

static void check_manifest(void)
{
	const struct manifest_guest_list *lists[] = { &m.vms, &m.tds };
	bool used[MANIFEST_MAX_CPUS] = { false };
	char line[160];

	if (m.hypervisor.log_level > LOG_DEBUG || m.tdx.module > MANIFEST_TDX_EMULATED)
		abort();
	for (unsigned l = 0; l < 2; l++) {
		if (lists[l]->count > MANIFEST_MAX_GUESTS)
			abort();
		for (unsigned i = 0; i < lists[l]->count; i++)
			check_guest(&lists[l]->guest[i], used);
	}
	for (unsigned a = 0; a < 2 * MANIFEST_MAX_GUESTS; a++)
		for (unsigned b = a + 1; b < 2 * MANIFEST_MAX_GUESTS; b++)
			if (a % 16 < lists[a / 16]->count && b % 16 < lists[b / 16]->count &&
			    strcmp(lists[a / 16]->guest[a % 16].name,
				   lists[b / 16]->guest[b % 16].name) == 0)
				abort();
	if (manifest_summary(&m, line, sizeof(line)) >= sizeof(line))
		abort();
	manifest_check_platform(&m, 4, &errs);
	check_lines(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct manifest zero;
	int r;

	/* Token slots jsmn does not fill hold wild offsets, so a decoder that
	 * strays past the parsed tokens faults under ASan at once. */
	memset(tokens, 0xa5, sizeof(tokens));
	r = manifest_parse((const char *)data, size, &m, &errs);

	check_lines(&errs);
	if (r != (int)(errs.count + errs.dropped - (errs.dropped ? 1 : 0)))
		abort();
	if (r == 0)
		check_manifest();
	else if (memcmp(&m, &zero, sizeof(m)) != 0)
		abort();
	/* Same input, same answer: nothing carries over in the static state. */
	if (manifest_parse((const char *)data, size, &again, &errs_again) != r ||
	    memcmp(&m, &again, sizeof(m)) != 0)
		abort();
	if (r && (errs.count != errs_again.count || errs.dropped != errs_again.dropped))
		abort();
	for (unsigned i = 0; r && i < errs.count; i++)
		if (strcmp(errs.msg[i], errs_again.msg[i]) != 0)
			abort();
	return 0;
}
