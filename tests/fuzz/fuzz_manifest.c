/* libFuzzer target for the manifest parser. Besides the sanitizers, it
 * checks what the rest of the hypervisor relies on: error lines are
 * well-formed, a manifest that parses is valid in every field, a failed
 * parse leaves nothing behind, and the static parser state never leaks
 * from one parse into the next. */
#include "../unit/shim.h"
#include "../../hv/manifest_json.c"
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

static bool module_ok(const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == '\\')
			return false;
	return n < size;
}

/* What td.c may rely on for a "tds" entry (and that a VM has none of it). */
static void check_td_settings(const struct manifest_guest *g, bool is_td)
{
	static const struct manifest_td zero;
	const struct manifest_td *td = &g->td;
	unsigned tops = 0;

	if (!is_td) {
		if (memcmp(td, &zero, sizeof(zero)) != 0)
			abort();
		return;
	}
	if (g->load || g->entry || g->entry_set || (td->xfam & 3) != 3 ||
	    (td->tsc_mhz && (td->tsc_mhz < 100 || td->tsc_mhz > 10000 || td->tsc_mhz % 25)) ||
	    td->initial_memory > g->memory || td->initial_memory % 4096 ||
	    (!td->debug && !td->sept_ve_disable && !td->allow_sept_ve) ||
	    td->nr_images > MANIFEST_TD_MAX_IMAGES || td->nr_cpuid > MANIFEST_TD_MAX_CPUID)
		abort();
	/* "image" is images[0] at the top, measured. */
	if (g->image[0] && (td->nr_images != 1 || strcmp(td->images[0].module, g->image) != 0 ||
			    !td->images[0].at_top || !td->images[0].measured))
		abort();
	for (unsigned i = 0; i < td->nr_images; i++) {
		const struct manifest_td_image *img = &td->images[i];

		if (!img->module[0] || !module_ok(img->module, sizeof(img->module)))
			abort();
		if (img->at_top) {
			if (tops++ || g->memory > MANIFEST_TD_IMAGE_END - 4096)
				abort();
		} else if (img->gpa % 4096 || img->gpa >= MANIFEST_TD_SHARED_GPA ||
			   img->gpa < g->memory) {
			abort();
		}
		for (unsigned k = 0; k < i; k++)
			if (!img->at_top && !td->images[k].at_top && img->gpa == td->images[k].gpa)
				abort();
	}
	for (unsigned i = 0; i < td->nr_cpuid; i++)
		for (unsigned k = 0; k < i; k++)
			if (td->cpuid[i].leaf == td->cpuid[k].leaf &&
			    td->cpuid[i].subleaf == td->cpuid[k].subleaf)
				abort();
}

static void check_guest(const struct manifest_guest *g, bool is_td, bool used[])
{
	size_t n = strnlen(g->name, sizeof(g->name));

	if (n == 0 || n > MANIFEST_NAME_MAX || strspn(g->name,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n)
		abort();
	if (!module_ok(g->image, sizeof(g->image)))
		abort();
	if (!is_td && g->image[0] && (g->load >= g->memory || g->entry >= g->memory))
		abort();
	if (!g->entry_set && g->entry != g->load)
		abort();
	check_td_settings(g, is_td);
	if (g->memory < 4096 || g->memory % 4096 ||
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
			check_guest(&lists[l]->guest[i], l == 1, used);
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
