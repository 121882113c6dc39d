/* The manifest's schema on top of the JSON layer (manifest_json.c): which
 * keys exist where, what values they take, and the checks that span
 * several keys of one guest or several guests. Decoding goes on after an
 * error, so one run reports every problem, each under its JSON path. */
#include "manifest.h"
#include "manifest_json.h"
#include "lib/format.h"
#include "lib/string.h"

/* TD_PARAMS.TSC_FREQUENCY counts 25 MHz units from 4 to 400 (intel/tdx-module
 * tdx_1.5 VIRT_TSC_FREQUENCY_MIN/MAX, checked in tdh_mng_init.c). */
#define TD_TSC_MHZ_UNIT 25
#define TD_TSC_MHZ_MIN  100
#define TD_TSC_MHZ_MAX  10000

struct parser {
	struct json json;             /* the decoders' handle; see parser_of() */
	struct manifest *m;
	struct manifest_guest *guest; /* being decoded; owns the CPUs it claims */
	bool in_tds;                  /* ... and is a "tds" entry */
	bool image_given, images_given;
	/* Keys of this guest whose value was wrong: checks across keys skip
	 * them rather than report what follows from the mistake. */
	bool attributes_bad, images_bad;
	const struct manifest_guest *cpu_owner[MANIFEST_MAX_CPUS];
};

static struct parser parser;

static struct parser *parser_of(struct json *j)
{
	return (struct parser *)((char *)j - offsetof(struct parser, json));
}

static unsigned errors_so_far(const struct json *j)
{
	return j->errs->count + j->errs->dropped;
}

/* ---- values of any guest and of the top-level objects ------------------- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool image_char(char c)
{
	return c > ' ' && c < 0x7f && c != '\\';
}

static void decode_bool(struct json *j, int t, void *dst)
{
	if (!json_decode_bool(j, t, dst))
		json_expected(j, t, "true or false");
}

static void decode_log_level(struct json *j, int t, void *dst)
{
	const char *names[] = {
		log_level_name(LOG_ERROR), log_level_name(LOG_WARN),
		log_level_name(LOG_INFO), log_level_name(LOG_DEBUG),
	};
	unsigned v;

	if (json_decode_choice(j, t, names, ARRAY_SIZE(names), &v))
		*(enum log_level *)dst = (enum log_level)v;
}

static const char *const tdx_module_names[] = {
	[MANIFEST_TDX_AUTO] = "auto",
	[MANIFEST_TDX_HARDWARE] = "hardware",
	[MANIFEST_TDX_EMULATED] = "emulated",
};

static void decode_tdx_module(struct json *j, int t, void *dst)
{
	unsigned v;

	if (json_decode_choice(j, t, tdx_module_names, ARRAY_SIZE(tdx_module_names), &v))
		*(enum manifest_tdx_module *)dst = (enum manifest_tdx_module)v;
}

static void decode_console(struct json *j, int t, void *dst)
{
	static const char *const names[] = {
		[MANIFEST_CONSOLE_SERIAL] = "serial",
		[MANIFEST_CONSOLE_NONE] = "none",
	};
	unsigned v;

	if (json_decode_choice(j, t, names, ARRAY_SIZE(names), &v))
		*(enum manifest_console *)dst = (enum manifest_console)v;
}

static void decode_name(struct json *j, int t, void *dst)
{
	if (!json_decode_string(j, t, MANIFEST_NAME_MAX, name_char, dst))
		json_expected(j, t, "a name of 1-31 letters, digits, '_' or '-'");
}

/* A multiboot2 module string: a guest's "image" or a TD image's "module". */
static void decode_module(struct json *j, int t, void *dst)
{
	if (!json_decode_string(j, t, MANIFEST_IMAGE_MAX, image_char, dst))
		json_expected(j, t, "a module name of 1-63 printable characters, "
			      "no spaces or '\\'");
}

static void decode_image(struct json *j, int t, void *dst)
{
	parser_of(j)->image_given = true;
	decode_module(j, t, dst);
}

static void decode_memory(struct json *j, int t, void *dst)
{
	uint64_t *bytes = dst;

	if (!json_decode_size(j, t, bytes))
		json_expected(j, t, "a size such as \"64M\"");
	else if (*bytes < PAGE_SIZE)
		json_expected(j, t, "at least 4K");
	else if (!IS_ALIGNED(*bytes, PAGE_SIZE))
		json_expected(j, t, "a multiple of 4K");
}

static void decode_watchdog(struct json *j, int t, void *dst)
{
	uint64_t *ms = dst;

	if (!json_decode_uint(j, t, ms) || *ms > 3600000)
		json_expected(j, t, "milliseconds from 0 (off) to 3600000");
}

static void guest_path(const struct parser *p, const struct manifest_guest *g,
		       char *buf, size_t size)
{
	const struct manifest_guest_list *list = &p->m->vms;
	const char *name = "vms";

	if (g < list->guest || g >= list->guest + MANIFEST_MAX_GUESTS) {
		list = &p->m->tds;
		name = "tds";
	}
	format(buf, size, "%s[%u]", name, (unsigned)(g - list->guest));
}

static void claim_cpu(struct json *j, struct manifest_cpus *cpus, unsigned cpu)
{
	struct parser *p = parser_of(j);
	const struct manifest_guest *owner = p->cpu_owner[cpu];
	char where[16];

	if (owner == p->guest) {
		json_error(j, "CPU %u is listed twice", cpu);
	} else if (owner) {
		guest_path(p, owner, where, sizeof(where));
		json_error(j, "CPU %u is already used by %s", cpu, where);
	} else {
		/* Claimed CPUs are distinct and < MANIFEST_MAX_CPUS: no overflow. */
		p->cpu_owner[cpu] = p->guest;
		cpus->cpu[cpus->count++] = (uint8_t)cpu;
	}
}

static void decode_cpus(struct json *j, int t, void *dst)
{
	int n = json_array_len(t), e = t + 1;

	if (n <= 0) {
		json_expected(j, t, "a non-empty array of CPU indices");
		return;
	}
	for (int i = 0; i < n; i++, e = json_skip(e)) {
		size_t mark = json_path_push(j, "[%d]", i);
		uint64_t cpu;

		if (!json_decode_uint(j, e, &cpu) || cpu >= MANIFEST_MAX_CPUS)
			json_expected(j, e, "a CPU index from 0 to 255");
		else
			claim_cpu(j, dst, (unsigned)cpu);
		json_path_pop(j, mark);
	}
}

/* ---- keys of one kind of guest only -------------------------------------- */

/* Each says so and returns false when the entry is of the other kind. */
static bool vm_only(struct json *j)
{
	if (!parser_of(j)->in_tds)
		return true;
	json_error(j, "only VMs take this key; a TD always starts at the reset vector "
		   "(GPA 0xfffffff0)");
	return false;
}

static bool td_only(struct json *j)
{
	if (parser_of(j)->in_tds)
		return true;
	json_error(j, "only Trust Domains (\"tds\" entries) take this key");
	return false;
}

/* A VM's "load" or "entry". */
static void decode_gpa(struct json *j, int t, void *dst)
{
	struct manifest_guest *g = parser_of(j)->guest;

	if (!vm_only(j))
		return;
	if (!json_decode_size(j, t, dst))
		json_expected(j, t, "a guest-physical address such as \"0x100000\"");
	else
		g->entry_set |= dst == &g->entry;
}

static const struct json_field attribute_fields[] = {
	{ "debug", false, decode_bool, offsetof(struct manifest_td, debug) },
	{ "sept_ve_disable", false, decode_bool,
	  offsetof(struct manifest_td, sept_ve_disable) },
};

static void decode_attributes(struct json *j, int t, void *dst)
{
	unsigned errors = errors_so_far(j);

	if (td_only(j))
		JSON_DECODE_OBJECT(j, t, attribute_fields, dst);
	parser_of(j)->attributes_bad = errors != errors_so_far(j);
}

static void decode_allow_sept_ve(struct json *j, int t, void *dst)
{
	if (td_only(j))
		decode_bool(j, t, dst);
}

static void decode_xfam(struct json *j, int t, void *dst)
{
	uint64_t *xfam = dst;

	if (!td_only(j))
		return;
	if (!json_decode_uint(j, t, xfam))
		json_expected(j, t, "an XFAM bit mask such as \"0x3\"");
	else if ((*xfam & MANIFEST_TD_DEFAULT_XFAM) != MANIFEST_TD_DEFAULT_XFAM)
		json_expected(j, t, "an XFAM with bits 0 and 1 (x87, SSE) set, as TDX requires");
}

static void decode_tsc_mhz(struct json *j, int t, void *dst)
{
	uint64_t mhz;

	if (!td_only(j))
		return;
	if (!json_decode_uint(j, t, &mhz) || mhz < TD_TSC_MHZ_MIN || mhz > TD_TSC_MHZ_MAX ||
	    mhz % TD_TSC_MHZ_UNIT)
		json_expected(j, t, "MHz from 100 to 10000 in steps of 25");
	else
		*(uint32_t *)dst = (uint32_t)mhz;
}

static void decode_initial_memory(struct json *j, int t, void *dst)
{
	uint64_t *bytes = dst;

	if (!td_only(j))
		return;
	if (!json_decode_size(j, t, bytes))
		json_expected(j, t, "a size such as \"2M\"");
	else if (!IS_ALIGNED(*bytes, PAGE_SIZE))
		json_expected(j, t, "a multiple of 4K");
}

/* ---- a TD's "images" ------------------------------------------------------ */

static void decode_image_gpa(struct json *j, int t, void *dst)
{
	struct manifest_td_image *img = dst;
	uint64_t gpa;

	if (json_string_is(j, t, "top"))
		return; /* at_top is the default */
	if (!json_decode_size(j, t, &gpa)) {
		json_expected(j, t, "\"top\" or a guest-physical address such as \"0xfff00000\"");
	} else if (!IS_ALIGNED(gpa, PAGE_SIZE)) {
		json_expected(j, t, "a multiple of 4K");
	} else if (gpa >= MANIFEST_TD_SHARED_GPA) {
		json_expected(j, t, "an address below the shared bit, 0x800000000000");
	} else {
		img->gpa = gpa;
		img->at_top = false;
	}
}

static const struct json_field image_fields[] = {
	{ "module", true, decode_module, offsetof(struct manifest_td_image, module) },
	{ "gpa", false, decode_image_gpa, 0 },
	{ "measured", false, decode_bool, offsetof(struct manifest_td_image, measured) },
};

/* What the parser can tell without the modules' sizes: one image at the
 * top, and no two images starting at the same GPA. */
static void check_image_placement(struct json *j, const struct manifest_td *td, unsigned i)
{
	const struct manifest_td_image *img = &td->images[i];

	for (unsigned k = 0; k < i; k++) {
		if (img->at_top && td->images[k].at_top) {
			json_error(j, "only one image can be at \"top\" (images[%u] is)", k);
			return;
		}
		if (!img->at_top && !td->images[k].at_top && img->gpa == td->images[k].gpa) {
			json_error(j, "images[%u] starts at GPA 0x%llx too", k,
				   (unsigned long long)img->gpa);
			return;
		}
	}
}

static void decode_images(struct json *j, int t, void *dst)
{
	struct parser *p = parser_of(j);
	struct manifest_td *td = dst;
	unsigned errors = errors_so_far(j);
	int n, e = t + 1;

	if (!td_only(j))
		return;
	p->images_given = true;
	n = json_array_at_most(j, t, MANIFEST_TD_MAX_IMAGES);
	if (n == 0)
		json_expected(j, t, "at least one image");
	for (int i = 0; i < n; i++, e = json_skip(e)) {
		size_t mark = json_path_push(j, "[%d]", i);
		struct manifest_td_image *img = &td->images[i];
		unsigned before = errors_so_far(j);

		img->at_top = true;
		img->measured = true;
		td->nr_images = (unsigned)i + 1;
		JSON_DECODE_OBJECT(j, e, image_fields, img);
		if (before == errors_so_far(j))
			check_image_placement(j, td, (unsigned)i);
		json_path_pop(j, mark);
	}
	p->images_bad = errors != errors_so_far(j);
}

/* ---- a TD's "cpuid" ------------------------------------------------------- */

static void decode_u32(struct json *j, int t, void *dst)
{
	uint64_t v;

	if (!json_decode_uint(j, t, &v) || v > UINT32_MAX)
		json_expected(j, t, "a 32-bit value such as \"0x1f\"");
	else
		*(uint32_t *)dst = (uint32_t)v;
}

static void decode_subleaf(struct json *j, int t, void *dst)
{
	uint64_t v;

	if (!json_decode_uint(j, t, &v) || v >= MANIFEST_CPUID_NO_SUBLEAF)
		json_expected(j, t, "a subleaf from 0 to 0xfffffffe");
	else
		*(uint32_t *)dst = (uint32_t)v;
}

static const struct json_field cpuid_fields[] = {
	{ "leaf", true, decode_u32, offsetof(struct manifest_td_cpuid, leaf) },
	{ "subleaf", false, decode_subleaf, offsetof(struct manifest_td_cpuid, subleaf) },
	{ "eax", false, decode_u32, offsetof(struct manifest_td_cpuid, eax) },
	{ "ebx", false, decode_u32, offsetof(struct manifest_td_cpuid, ebx) },
	{ "ecx", false, decode_u32, offsetof(struct manifest_td_cpuid, ecx) },
	{ "edx", false, decode_u32, offsetof(struct manifest_td_cpuid, edx) },
};

static void check_cpuid_unique(struct json *j, const struct manifest_td *td, unsigned i)
{
	const struct manifest_td_cpuid *c = &td->cpuid[i];

	for (unsigned k = 0; k < i; k++) {
		if (td->cpuid[k].leaf != c->leaf || td->cpuid[k].subleaf != c->subleaf)
			continue;
		if (c->subleaf == MANIFEST_CPUID_NO_SUBLEAF)
			json_error(j, "leaf 0x%x is already configured by cpuid[%u]", c->leaf, k);
		else
			json_error(j, "leaf 0x%x subleaf 0x%x is already configured by cpuid[%u]",
				   c->leaf, c->subleaf, k);
		return;
	}
}

static void decode_cpuid(struct json *j, int t, void *dst)
{
	struct manifest_td *td = dst;
	int n, e = t + 1;

	if (!td_only(j))
		return;
	n = json_array_at_most(j, t, MANIFEST_TD_MAX_CPUID);
	for (int i = 0; i < n; i++, e = json_skip(e)) {
		size_t mark = json_path_push(j, "[%d]", i);
		struct manifest_td_cpuid *c = &td->cpuid[i];
		unsigned before = errors_so_far(j);

		c->subleaf = MANIFEST_CPUID_NO_SUBLEAF;
		td->nr_cpuid = (unsigned)i + 1;
		JSON_DECODE_OBJECT(j, e, cpuid_fields, c);
		if (before == errors_so_far(j))
			check_cpuid_unique(j, td, (unsigned)i);
		json_path_pop(j, mark);
	}
}

/* ---- guests --------------------------------------------------------------- */

/* Keys of a "vms" or "tds" entry; the decoders of keys only one kind of
 * guest has check which kind this is. */
static const struct json_field guest_fields[] = {
	{ "name", true, decode_name, offsetof(struct manifest_guest, name) },
	{ "memory", true, decode_memory, offsetof(struct manifest_guest, memory) },
	{ "cpus", true, decode_cpus, offsetof(struct manifest_guest, cpus) },
	{ "image", false, decode_image, offsetof(struct manifest_guest, image) },
	{ "console", false, decode_console, offsetof(struct manifest_guest, console) },
	{ "watchdog_ms", false, decode_watchdog, offsetof(struct manifest_guest, watchdog_ms) },
	{ "load", false, decode_gpa, offsetof(struct manifest_guest, load) },
	{ "entry", false, decode_gpa, offsetof(struct manifest_guest, entry) },
	{ "attributes", false, decode_attributes, offsetof(struct manifest_guest, td) },
	{ "allow_sept_ve", false, decode_allow_sept_ve,
	  offsetof(struct manifest_guest, td.allow_sept_ve) },
	{ "xfam", false, decode_xfam, offsetof(struct manifest_guest, td.xfam) },
	{ "tsc_mhz", false, decode_tsc_mhz, offsetof(struct manifest_guest, td.tsc_mhz) },
	{ "initial_memory", false, decode_initial_memory,
	  offsetof(struct manifest_guest, td.initial_memory) },
	{ "images", false, decode_images, offsetof(struct manifest_guest, td) },
	{ "cpuid", false, decode_cpuid, offsetof(struct manifest_guest, td) },
};

/* A VM's load and entry only matter when it has an image. */
static void check_vm_layout(struct json *j, struct manifest_guest *g)
{
	if (!g->entry_set)
		g->entry = g->load;
	if (!g->image[0] || !g->memory)
		return;
	if (g->load >= g->memory)
		json_error(j, "load address 0x%llx is outside the guest's %llu KiB of memory",
			   (unsigned long long)g->load, (unsigned long long)(g->memory / KiB));
	else if (g->entry >= g->memory)
		json_error(j, "entry address 0x%llx is outside the guest's %llu KiB of memory",
			   (unsigned long long)g->entry, (unsigned long long)(g->memory / KiB));
}

/* Images go outside the TD's RAM [0, memory). Without the modules' sizes
 * only the first page of an image at a GPA, and the last page of the one at
 * the top, can be checked; the build checks the rest. */
static void check_images_outside_ram(struct json *j, const struct manifest_guest *g)
{
	bool shorthand = !parser_of(j)->images_given;

	for (unsigned i = 0; i < g->td.nr_images && g->memory; i++) {
		const struct manifest_td_image *img = &g->td.images[i];
		uint64_t page = img->at_top ? MANIFEST_TD_IMAGE_END - PAGE_SIZE : img->gpa;
		size_t mark;

		if (page >= g->memory)
			continue;
		mark = shorthand ? json_path_push(j, ".image") :
				   json_path_push(j, ".images[%u]%s", i, img->at_top ? "" : ".gpa");
		if (img->at_top)
			json_error(j, "a \"top\" image's last page (GPA 0x%llx) is inside the TD's "
				   "RAM [0, 0x%llx)", (unsigned long long)page,
				   (unsigned long long)g->memory);
		else
			json_error(j, "GPA 0x%llx is inside the TD's RAM [0, 0x%llx)",
				   (unsigned long long)page, (unsigned long long)g->memory);
		json_path_pop(j, mark);
	}
}

/* Checks across the keys of a "tds" entry, once all are decoded. */
static void check_td(struct json *j, struct manifest_guest *g)
{
	struct parser *p = parser_of(j);
	struct manifest_td *td = &g->td;
	size_t mark;

	if (p->image_given && p->images_given) {
		json_error(j, "\"image\" and \"images\" cannot both be given");
	} else if (g->image[0]) {
		/* "image" is one measured image at the top. */
		memcpy(td->images[0].module, g->image, sizeof(g->image));
		td->images[0].at_top = true;
		td->images[0].measured = true;
		td->nr_images = 1;
	}
	if (!p->images_bad)
		check_images_outside_ram(j, g);
	if (g->memory && td->initial_memory > g->memory) {
		mark = json_path_push(j, ".initial_memory");
		json_error(j, "%llu KiB is more than the TD's %llu KiB of memory",
			   (unsigned long long)(td->initial_memory / KiB),
			   (unsigned long long)(g->memory / KiB));
		json_path_pop(j, mark);
	}
	/* Linux refuses to run as a TD without SEPT_VE_DISABLE unless it is a
	 * debug TD (torvalds/linux arch/x86/coco/tdx/tdx.c, tdx_parse_tdinfo
	 * and later disable_sept_ve): a #VE on kernel memory cannot be handled. */
	if (!p->attributes_bad && !td->debug && !td->sept_ve_disable && !td->allow_sept_ve) {
		mark = json_path_push(j, ".attributes.sept_ve_disable");
		json_error(j, "a non-debug TD needs sept_ve_disable: Linux TD guests panic on the "
			   "#VE an access to a pending page raises; set \"allow_sept_ve\": true "
			   "to override");
		json_path_pop(j, mark);
	}
}

/* Names must be unique across both lists; compared against every guest
 * decoded so far. */
static void check_unique_name(struct json *j, const struct manifest_guest *g)
{
	struct parser *p = parser_of(j);
	const struct manifest_guest_list *lists[] = { &p->m->vms, &p->m->tds };
	char where[16];

	for (unsigned l = 0; l < ARRAY_SIZE(lists) && g->name[0]; l++) {
		for (unsigned i = 0; i < lists[l]->count; i++) {
			const struct manifest_guest *other = &lists[l]->guest[i];

			if (other == g || strcmp(other->name, g->name) != 0)
				continue;
			guest_path(p, other, where, sizeof(where));
			size_t mark = json_path_push(j, ".name");
			json_error(j, "name \"%s\" is already used by %s", g->name, where);
			json_path_pop(j, mark);
			return;
		}
	}
}

static void set_guest_defaults(struct manifest_guest *g, bool td)
{
	g->console = MANIFEST_CONSOLE_SERIAL;
	g->watchdog_ms = MANIFEST_DEFAULT_WATCHDOG_MS;
	if (td) {
		g->td.sept_ve_disable = true;
		g->td.xfam = MANIFEST_TD_DEFAULT_XFAM;
	} else {
		g->load = MANIFEST_DEFAULT_LOAD;
	}
}

static void decode_guest_list(struct json *j, int t, void *dst)
{
	struct parser *p = parser_of(j);
	struct manifest_guest_list *list = dst;
	int n = json_array_at_most(j, t, MANIFEST_MAX_GUESTS), e = t + 1;

	for (int i = 0; i < n; i++, e = json_skip(e)) {
		size_t mark = json_path_push(j, "[%d]", i);

		p->guest = &list->guest[i];
		p->in_tds = list == &p->m->tds;
		p->image_given = p->images_given = false;
		p->attributes_bad = p->images_bad = false;
		set_guest_defaults(p->guest, p->in_tds);
		list->count = (unsigned)i + 1;
		JSON_DECODE_OBJECT(j, e, guest_fields, p->guest);
		if (p->in_tds)
			check_td(j, p->guest);
		else
			check_vm_layout(j, p->guest);
		check_unique_name(j, p->guest);
		json_path_pop(j, mark);
	}
}

/* ---- hypervisor and tdx ------------------------------------------------- */

static const struct json_field hypervisor_fields[] = {
	{ "log_level", false, decode_log_level, 0 },
};

static void decode_keyids(struct json *j, int t, void *dst)
{
	uint64_t n;

	if (!json_decode_uint(j, t, &n) || n > MANIFEST_MAX_KEYIDS)
		json_expected(j, t, "a KeyID count from 0 to 1023");
	else
		*(uint32_t *)dst = (uint32_t)n;
}

static const struct {
	uint16_t number;
	const char *name;
} seamcall_leaves[] = {
#define TDH_LEAF(id, number, name) { number, name },
#include "tdx/tdh_leaves.h"
#undef TDH_LEAF
};

static void decode_fault_leaf(struct json *j, int t, void *dst)
{
	for (unsigned i = 0; i < ARRAY_SIZE(seamcall_leaves); i++) {
		if (json_string_is(j, t, seamcall_leaves[i].name)) {
			*(uint16_t *)dst = seamcall_leaves[i].number;
			return;
		}
	}
	json_expected(j, t, "a SEAMCALL leaf name such as \"TDH.SYS.KEY.CONFIG\"");
}

static void decode_fault_status(struct json *j, int t, void *dst)
{
	static const char *const names[] = {
		[MANIFEST_FAULT_OPERAND_BUSY] = "OPERAND_BUSY",
		[MANIFEST_FAULT_RND_NO_ENTROPY] = "RND_NO_ENTROPY",
		[MANIFEST_FAULT_SYS_BUSY] = "SYS_BUSY",
		[MANIFEST_FAULT_INTERRUPTED_RESUMABLE] = "INTERRUPTED_RESUMABLE",
	};
	unsigned v;

	if (json_decode_choice(j, t, names, ARRAY_SIZE(names), &v))
		*(enum manifest_fault_status *)dst = (enum manifest_fault_status)v;
}

static void decode_count(struct json *j, int t, void *dst)
{
	uint64_t n;

	if (!json_decode_uint(j, t, &n) || n > 1000000)
		json_expected(j, t, "a count from 0 to 1000000");
	else
		*(uint32_t *)dst = (uint32_t)n;
}

static const struct json_field fault_fields[] = {
	{ "leaf", true, decode_fault_leaf, offsetof(struct manifest_fault, leaf) },
	{ "status", true, decode_fault_status, offsetof(struct manifest_fault, status) },
	{ "after", false, decode_count, offsetof(struct manifest_fault, after) },
	{ "times", false, decode_count, offsetof(struct manifest_fault, times) },
};

static void decode_faults(struct json *j, int t, void *dst)
{
	struct manifest *m = parser_of(j)->m;
	int n = json_array_at_most(j, t, MANIFEST_MAX_FAULTS), e = t + 1;

	(void)dst;
	for (int i = 0; i < n; i++, e = json_skip(e)) {
		size_t mark = json_path_push(j, "[%d]", i);
		struct manifest_fault *f = &m->tdx.faults[i];

		f->times = 1;
		m->tdx.nr_faults = (unsigned)i + 1;
		JSON_DECODE_OBJECT(j, e, fault_fields, f);
		json_path_pop(j, mark);
	}
}

static const struct json_field tdx_fields[] = {
	{ "module", false, decode_tdx_module, 0 },
	{ "mktme_keyids", false, decode_keyids, offsetof(struct manifest, tdx.mktme_keyids) -
	  offsetof(struct manifest, tdx) },
	{ "tdx_keyids", false, decode_keyids, offsetof(struct manifest, tdx.tdx_keyids) -
	  offsetof(struct manifest, tdx) },
	{ "inject", false, decode_faults, 0 },
};

static void decode_hypervisor(struct json *j, int t, void *dst)
{
	JSON_DECODE_OBJECT(j, t, hypervisor_fields, dst);
}

static void decode_tdx(struct json *j, int t, void *dst)
{
	struct manifest *m = parser_of(j)->m;

	JSON_DECODE_OBJECT(j, t, tdx_fields, dst);
	if (m->tdx.mktme_keyids + m->tdx.tdx_keyids > MANIFEST_MAX_KEYIDS)
		json_error(j, "mktme_keyids + tdx_keyids is %u; KeyIDs end at %u",
			   m->tdx.mktme_keyids + m->tdx.tdx_keyids, MANIFEST_MAX_KEYIDS);
}

static const struct json_field root_fields[] = {
	{ "hypervisor", false, decode_hypervisor, offsetof(struct manifest, hypervisor) },
	{ "tdx", false, decode_tdx, offsetof(struct manifest, tdx) },
	{ "vms", false, decode_guest_list, offsetof(struct manifest, vms) },
	{ "tds", false, decode_guest_list, offsetof(struct manifest, tds) },
};

static void set_defaults(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	m->hypervisor.log_level = LOG_INFO;
	m->tdx.module = MANIFEST_TDX_AUTO;
	m->tdx.mktme_keyids = MANIFEST_DEFAULT_MKTME_KEYIDS;
	m->tdx.tdx_keyids = MANIFEST_DEFAULT_TDX_KEYIDS;
}

int manifest_parse(const char *json, size_t len, struct manifest *out,
		   struct manifest_errors *errs)
{
	struct parser *p = &parser;
	int nr;

	memset(p, 0, sizeof(*p));
	p->m = out;
	manifest_errors_reset(errs);
	set_defaults(out);
	if (json_load(&p->json, json, len, errs))
		JSON_DECODE_OBJECT(&p->json, 0, root_fields, out);
	nr = manifest_errors_finish(errs);
	if (nr)
		memset(out, 0, sizeof(*out));
	return nr;
}

/* ---- after parsing ------------------------------------------------------ */

static void __printf(2, 3) platform_error(struct manifest_errors *e,
					  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	manifest_errors_vadd(e, "", fmt, ap);
	va_end(ap);
}

int manifest_check_platform(const struct manifest *m, unsigned nr_cpus,
			    struct manifest_errors *errs)
{
	const struct manifest_guest_list *lists[] = { &m->vms, &m->tds };
	static const char *const list_names[] = { "vms", "tds" };

	manifest_errors_reset(errs);
	for (unsigned l = 0; l < ARRAY_SIZE(lists); l++) {
		for (unsigned i = 0; i < lists[l]->count; i++) {
			const struct manifest_cpus *cpus = &lists[l]->guest[i].cpus;

			for (unsigned c = 0; c < cpus->count; c++)
				if (cpus->cpu[c] >= nr_cpus)
					platform_error(errs, "%s[%u].cpus[%u]: CPU %u is not online (%u CPU%s online)",
						       list_names[l], i, c, cpus->cpu[c],
						       nr_cpus, nr_cpus == 1 ? "" : "s");
		}
	}
	return manifest_errors_finish(errs);
}

size_t manifest_summary(const struct manifest *m, char *buf, size_t size)
{
	return format(buf, size, "manifest: %u vm%s, %u td%s, tdx.module=%s, log_level=%s",
		      m->vms.count, m->vms.count == 1 ? "" : "s",
		      m->tds.count, m->tds.count == 1 ? "" : "s",
		      tdx_module_names[m->tdx.module],
		      log_level_name(m->hypervisor.log_level));
}
