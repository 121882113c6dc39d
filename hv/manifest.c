/* JSON manifest -> struct manifest, in three passes:
 *  1. tokenize with jsmn (strict mode, parent links, a static token array);
 *  2. check the syntax jsmn lets through: jsmn does not look at the bytes
 *     between tokens (missing or extra commas and colons) nor inside
 *     primitives (1.2.3, tru), so every gap and literal is checked here;
 *  3. decode the now well-formed token tree against tables of known keys,
 *     collecting every error with the JSON path it belongs to.
 * No recursion on input nesting: unknown values are skipped by token count.
 * String values are taken literally: JSON escapes are not decoded, and the
 * character rules for names and images reject the backslash. */
#include "manifest.h"
#include "lib/format.h"
#include "lib/string.h"

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#define EXCERPT_MAX 32 /* bytes of a key or value quoted in a message */
#define MAX_FIELDS  64 /* bits in decode_object's seen mask */

struct parser {
	const char *js;
	size_t len;
	int ntok;
	struct manifest *m;
	struct manifest_errors *errs;
	struct manifest_guest *guest; /* being decoded; owns the CPUs it claims */
	const struct manifest_guest *cpu_owner[MANIFEST_MAX_CPUS];
	size_t path_len;
	char path[128]; /* e.g. "tds[1].cpus[0]"; "" at the top level */
};

/* Static so that a 40 KiB token array stays off the boot CPU's stack. */
static jsmntok_t tokens[MANIFEST_MAX_TOKENS];
static struct parser parser;

/* ---- errors ---------------------------------------------------------- */

static void add_error(struct manifest_errors *e, const char *path,
		      const char *fmt, va_list ap)
{
	if (e->count == MANIFEST_MAX_ERRORS) {
		e->dropped++;
		return;
	}
	char *msg = e->msg[e->count++];
	size_t n = format(msg, MANIFEST_ERROR_LEN,
			  path[0] ? "manifest: %s: " : "manifest: %s", path);
	if (n < MANIFEST_ERROR_LEN)
		vformat(msg + n, MANIFEST_ERROR_LEN - n, fmt, ap);
}

static void reset_errors(struct manifest_errors *e)
{
	e->count = 0;
	e->dropped = 0;
}

/* The line saying how many errors were left out goes into the spare slot,
 * so printing msg[0..count) is all a front end does. */
static int finish_errors(struct manifest_errors *e)
{
	int total = (int)(e->count + e->dropped);

	if (e->dropped)
		format(e->msg[e->count++], MANIFEST_ERROR_LEN,
		       "manifest: %u more errors not shown", e->dropped);
	return total;
}

static void __printf(2, 3) error(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_error(p->errs, p->path, fmt, ap);
	va_end(ap);
}

static void syntax_error(struct parser *p, size_t offset)
{
	error(p, "invalid JSON at byte %zu", offset);
}

/* ---- token helpers ---------------------------------------------------- */

static const char *tok_text(const struct parser *p, int t)
{
	return p->js + tokens[t].start;
}

static size_t tok_len(int t)
{
	return (size_t)(tokens[t].end - tokens[t].start);
}

static bool tok_eq(const struct parser *p, int t, const char *s)
{
	size_t n = strlen(s);

	return tok_len(t) == n && memcmp(tok_text(p, t), s, n) == 0;
}

static bool is_container(int t)
{
	return tokens[t].type == JSMN_OBJECT || tokens[t].type == JSMN_ARRAY;
}

/* Index of the first token after t and everything nested in it. Relies on
 * the syntax check: every key has exactly one child, its value. */
static int skip(int t)
{
	for (int pending = 1; pending > 0; t++)
		pending += tokens[t].size - 1;
	return t;
}

/* Printable excerpt of a token's text for messages: untrusted bytes never
 * reach the console raw, and long ones are cut with "...". */
static void excerpt(const struct parser *p, int t, char *buf, size_t size)
{
	size_t n = MIN(tok_len(t), (size_t)EXCERPT_MAX), i;
	const char *s = tok_text(p, t);

	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
	if (tok_len(t) > n)
		format(buf + i, size - i, "...");
}

/* What the manifest had where something else was expected. */
static void describe(const struct parser *p, int t, char *buf, size_t size)
{
	char text[EXCERPT_MAX + 4];

	if (is_container(t)) {
		format(buf, size, "%s %s", tokens[t].size ? "an" : "an empty",
		       tokens[t].type == JSMN_OBJECT ? "object" : "array");
		return;
	}
	excerpt(p, t, text, sizeof(text));
	format(buf, size, tokens[t].type == JSMN_STRING ? "\"%s\"" : "%s", text);
}

static void expected(struct parser *p, int t, const char *what)
{
	char got[EXCERPT_MAX + 8];

	describe(p, t, got, sizeof(got));
	error(p, "expected %s, got %s", what, got);
}

static size_t __printf(2, 3) path_push(struct parser *p, const char *fmt, ...)
{
	size_t mark = p->path_len;
	va_list ap;

	va_start(ap, fmt);
	vformat(p->path + mark, sizeof(p->path) - mark, fmt, ap);
	va_end(ap);
	p->path_len = strlen(p->path);
	return mark;
}

static size_t path_push_key(struct parser *p, int key)
{
	char name[EXCERPT_MAX + 4];

	excerpt(p, key, name, sizeof(name));
	return path_push(p, p->path_len ? ".%s" : "%s", name);
}

static void path_pop(struct parser *p, size_t mark)
{
	p->path_len = mark;
	p->path[mark] = '\0';
}

/* ---- pass 1 and 2: tokens and syntax ---------------------------------- */

static bool tokenize(struct parser *p)
{
	jsmn_parser jp;
	int r;

	if (p->len > MANIFEST_MAX_BYTES) {
		error(p, "input is %zu bytes, at most %u are accepted", p->len,
		      MANIFEST_MAX_BYTES);
		return false;
	}
	/* jsmn stops at a NUL as if the input ended there. */
	for (size_t i = 0; i < p->len; i++) {
		if (p->js[i] == '\0') {
			syntax_error(p, i);
			return false;
		}
	}
	jsmn_init(&jp);
	r = jsmn_parse(&jp, p->js, p->len, tokens, MANIFEST_MAX_TOKENS);
	if (r == JSMN_ERROR_NOMEM)
		error(p, "too many JSON tokens (at most %d)", MANIFEST_MAX_TOKENS);
	else if (r == JSMN_ERROR_INVAL)
		syntax_error(p, jp.pos);
	else if (r == JSMN_ERROR_PART)
		error(p, "JSON ends early (truncated?)");
	else if (r == 0)
		error(p, "empty input, expected a JSON object");
	p->ntok = r;
	return r > 0;
}

/* Token extents including a string's quotes. */
static size_t tok_begin(int t)
{
	return (size_t)(tokens[t].start - (tokens[t].type == JSMN_STRING));
}

static size_t tok_end(int t)
{
	return (size_t)(tokens[t].end + (tokens[t].type == JSMN_STRING));
}

static bool is_key(int t)
{
	int parent = tokens[t].parent;

	return tokens[t].type == JSMN_STRING && parent >= 0 &&
	       tokens[parent].type == JSMN_OBJECT;
}

static size_t skip_space(const struct parser *p, size_t pos)
{
	while (pos < p->len && (p->js[pos] == ' ' || p->js[pos] == '\t' ||
				p->js[pos] == '\n' || p->js[pos] == '\r'))
		pos++;
	return pos;
}

/* Only whitespace and the separator sep (0 for none) may lie between pos
 * and next; otherwise the first byte that does not fit is the error. */
static bool expect_gap(struct parser *p, size_t pos, size_t next, char sep)
{
	pos = skip_space(p, pos);
	if (sep && pos < p->len && p->js[pos] == sep)
		pos = skip_space(p, pos + 1);
	else if (sep)
		next = SIZE_MAX; /* the separator is missing right here */
	if (pos == next)
		return true;
	syntax_error(p, pos);
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_digits(const char *s, size_t n, size_t i)
{
	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* Length of the longest prefix of s that is a JSON number. */
static size_t number_prefix(const char *s, size_t n)
{
	size_t i = 0, j;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && is_digit(s[i]))
		i = skip_digits(s, n, i);
	else
		return 0;
	if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1]))
		i = skip_digits(s, n, i + 1);
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		j = i + 1;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < n && is_digit(s[j]))
			i = skip_digits(s, n, j);
	}
	return i;
}

/* jsmn accepts any printable run starting with -, a digit, t, f or n as a
 * primitive, and raw control characters inside strings. */
static bool check_text(struct parser *p, int t)
{
	const char *s = tok_text(p, t);
	size_t n = tok_len(t), bad = n;

	if (tokens[t].type == JSMN_STRING) {
		for (bad = 0; bad < n && (unsigned char)s[bad] >= 0x20; bad++)
			;
	} else if (tokens[t].type == JSMN_PRIMITIVE) {
		if (tok_eq(p, t, "true") || tok_eq(p, t, "false") ||
		    tok_eq(p, t, "null"))
			return true;
		bad = number_prefix(s, n);
	}
	if (bad == n)
		return true;
	syntax_error(p, (size_t)tokens[t].start + bad);
	return false;
}

/* Walks up from token t to (not including) until, checking the closing
 * bracket of every container on the way. */
static bool close_containers(struct parser *p, int t, int until, size_t *pos)
{
	for (; t != until && t >= 0; t = tokens[t].parent) {
		if (!is_container(t))
			continue;
		if (!expect_gap(p, *pos, (size_t)tokens[t].end - 1, 0))
			return false;
		*pos = (size_t)tokens[t].end;
	}
	return true;
}

/* Whether a well-formed document can have token t where jsmn put it: one
 * root, strings as keys, and exactly one value right after each key. */
static bool well_placed(int t)
{
	int parent = tokens[t].parent;

	if (parent < 0)
		return t == 0;
	if (tokens[parent].type == JSMN_OBJECT)
		return is_key(t);
	if (tokens[parent].type == JSMN_ARRAY)
		return true;
	return is_key(parent) && t == parent + 1;
}

/* ':' between a key and its value, ',' before all but a first element. */
static char separator_before(int t)
{
	int parent = tokens[t].parent;

	if (parent < 0)
		return 0;
	if (is_key(parent))
		return ':';
	return t == parent + 1 ? 0 : ',';
}

/* Visits tokens in document order, checking the bytes before each one and
 * the closing brackets between them. */
static bool check_syntax(struct parser *p)
{
	size_t pos = 0;

	for (int t = 0; t < p->ntok; t++) {
		if (t > 0 && !close_containers(p, t - 1, tokens[t].parent, &pos))
			return false;
		if (!well_placed(t)) {
			syntax_error(p, skip_space(p, pos));
			return false;
		}
		if (!expect_gap(p, pos, tok_begin(t), separator_before(t)) ||
		    !check_text(p, t))
			return false;
		/* A key without a value: the gap check reports where it should be. */
		if (is_key(t) && tokens[t].size == 0)
			return expect_gap(p, tok_end(t), SIZE_MAX, ':');
		pos = is_container(t) ? (size_t)tokens[t].start + 1 : tok_end(t);
	}
	return close_containers(p, p->ntok - 1, -1, &pos) &&
	       expect_gap(p, pos, p->len, 0);
}

/* ---- pass 3: decoding -------------------------------------------------- */

struct field {
	const char *key;
	bool required;
	void (*decode)(struct parser *p, int t, void *dst);
	size_t offset; /* of dst within the object being decoded */
};

static const struct field *find_field(const struct parser *p, int key,
				      const struct field *fields, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++)
		if (tok_eq(p, key, fields[i].key))
			return &fields[i];
	return NULL;
}

static void decode_object(struct parser *p, int t, const struct field *fields,
			  unsigned nr, void *obj)
{
	uint64_t seen = 0;
	int key = t + 1;

	if (tokens[t].type != JSMN_OBJECT) {
		expected(p, t, "an object");
		return;
	}
	for (int i = 0; i < tokens[t].size; i++, key = skip(key)) {
		const struct field *f = find_field(p, key, fields, nr);
		size_t mark = path_push_key(p, key);

		if (!f) {
			error(p, "unknown key");
		} else if (seen & BIT(f - fields)) {
			error(p, "duplicate key");
		} else {
			seen |= BIT(f - fields);
			f->decode(p, key + 1, (char *)obj + f->offset);
		}
		path_pop(p, mark);
	}
	for (unsigned i = 0; i < nr; i++)
		if (fields[i].required && !(seen & BIT(i)))
			error(p, "missing required key \"%s\"", fields[i].key);
}

#define DECODE_OBJECT(p, t, fields, obj)                                    \
	do {                                                                \
		_Static_assert(ARRAY_SIZE(fields) <= MAX_FIELDS, "too many"); \
		decode_object(p, t, fields, ARRAY_SIZE(fields), obj);       \
	} while (0)

static unsigned digit_value(char c)
{
	if (is_digit(c))
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	return 16;
}

/* All of s[0..n) as a number in base; false if empty, junk or too big. */
static bool parse_uint(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = digit_value(s[i]);

		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static bool parse_hex(const char *s, size_t n, uint64_t *out)
{
	return n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	       parse_uint(s + 2, n - 2, 16, out);
}

/* A JSON integer (no sign, fraction or exponent), or a "0x..." string. */
static bool decode_uint(const struct parser *p, int t, uint64_t *out)
{
	const char *s = tok_text(p, t);
	size_t n = tok_len(t);

	if (tokens[t].type == JSMN_STRING)
		return parse_hex(s, n, out);
	return tokens[t].type == JSMN_PRIMITIVE && parse_uint(s, n, 10, out);
}

/* Bytes: an integer as decode_uint takes it, or a decimal string with an
 * optional binary suffix ("64M", "2GiB"). */
static bool decode_size(const struct parser *p, int t, uint64_t *out)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} units[] = {
		{ "", 0 },     { "K", 10 },   { "KiB", 10 }, { "M", 20 },
		{ "MiB", 20 }, { "G", 30 },   { "GiB", 30 }, { "T", 40 },
		{ "TiB", 40 },
	};
	const char *s = tok_text(p, t);
	size_t n = tok_len(t), digits = skip_digits(s, n, 0);
	uint64_t v;

	if (tokens[t].type != JSMN_STRING)
		return decode_uint(p, t, out);
	if (parse_hex(s, n, out))
		return true;
	if (!parse_uint(s, digits, 10, &v))
		return false;
	for (unsigned i = 0; i < ARRAY_SIZE(units); i++) {
		if (strlen(units[i].suffix) == n - digits &&
		    memcmp(s + digits, units[i].suffix, n - digits) == 0 &&
		    v <= UINT64_MAX >> units[i].shift) {
			*out = v << units[i].shift;
			return true;
		}
	}
	return false;
}

/* A string from a fixed set; *out gets its index. */
static bool decode_choice(struct parser *p, int t, const char *const names[],
			  unsigned nr, unsigned *out)
{
	char what[96];
	size_t n = 0;

	for (unsigned i = 0; i < nr; i++) {
		if (tokens[t].type == JSMN_STRING && tok_eq(p, t, names[i])) {
			*out = i;
			return true;
		}
	}
	for (unsigned i = 0; i < nr && n < sizeof(what); i++)
		n += format(what + n, sizeof(what) - n, "%s\"%s\"",
			    i == 0 ? "" : i + 1 < nr ? ", " : " or ", names[i]);
	expected(p, t, what);
	return false;
}

/* Copies a string of 1..max bytes that all pass ok() into dst[max + 1]. */
static bool decode_string(const struct parser *p, int t, size_t max,
			  bool (*ok)(char c), char *dst)
{
	const char *s = tok_text(p, t);
	size_t n = tok_len(t);

	if (tokens[t].type != JSMN_STRING || n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ok(s[i]))
			return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       is_digit(c) || c == '_' || c == '-';
}

static bool image_char(char c)
{
	return c > ' ' && c < 0x7f && c != '\\';
}

static void decode_log_level(struct parser *p, int t, void *dst)
{
	const char *names[] = {
		log_level_name(LOG_ERROR), log_level_name(LOG_WARN),
		log_level_name(LOG_INFO), log_level_name(LOG_DEBUG),
	};
	unsigned v;

	if (decode_choice(p, t, names, ARRAY_SIZE(names), &v))
		*(enum log_level *)dst = (enum log_level)v;
}

static const char *const tdx_module_names[] = {
	[MANIFEST_TDX_AUTO] = "auto",
	[MANIFEST_TDX_HARDWARE] = "hardware",
	[MANIFEST_TDX_EMULATED] = "emulated",
};

static void decode_tdx_module(struct parser *p, int t, void *dst)
{
	unsigned v;

	if (decode_choice(p, t, tdx_module_names, ARRAY_SIZE(tdx_module_names), &v))
		*(enum manifest_tdx_module *)dst = (enum manifest_tdx_module)v;
}

static void decode_console(struct parser *p, int t, void *dst)
{
	static const char *const names[] = {
		[MANIFEST_CONSOLE_SERIAL] = "serial",
		[MANIFEST_CONSOLE_NONE] = "none",
	};
	unsigned v;

	if (decode_choice(p, t, names, ARRAY_SIZE(names), &v))
		*(enum manifest_console *)dst = (enum manifest_console)v;
}

static void decode_name(struct parser *p, int t, void *dst)
{
	if (!decode_string(p, t, MANIFEST_NAME_MAX, name_char, dst))
		expected(p, t, "a name of 1-31 letters, digits, '_' or '-'");
}

static void decode_image(struct parser *p, int t, void *dst)
{
	if (!decode_string(p, t, MANIFEST_IMAGE_MAX, image_char, dst))
		expected(p, t, "a module name of 1-63 printable characters, "
			       "no spaces or '\\'");
}

static void decode_memory(struct parser *p, int t, void *dst)
{
	uint64_t *bytes = dst;

	if (!decode_size(p, t, bytes))
		expected(p, t, "a size such as \"64M\"");
	else if (*bytes < PAGE_SIZE)
		expected(p, t, "at least 4K");
	else if (!IS_ALIGNED(*bytes, PAGE_SIZE))
		expected(p, t, "a multiple of 4K");
}

static void decode_gpa(struct parser *p, int t, void *dst)
{
	if (!decode_size(p, t, dst))
		expected(p, t, "a guest-physical address such as \"0x100000\"");
	else
		p->guest->entry_set |= dst == &p->guest->entry;
}

static void decode_watchdog(struct parser *p, int t, void *dst)
{
	uint64_t *ms = dst;

	if (!decode_uint(p, t, ms) || *ms > 3600000)
		expected(p, t, "milliseconds from 0 (off) to 3600000");
}

/* Checks that need several keys of one entry, once all are decoded. Load
 * and entry only matter for a guest with an image. */
static void check_guest_layout(struct parser *p, struct manifest_guest *g)
{
	if (!g->entry_set)
		g->entry = g->load;
	if (!g->image[0] || !g->memory)
		return;
	if (g->load >= g->memory)
		error(p, "load address 0x%llx is outside the guest's %llu KiB of memory",
		      (unsigned long long)g->load, (unsigned long long)(g->memory / KiB));
	else if (g->entry >= g->memory)
		error(p, "entry address 0x%llx is outside the guest's %llu KiB of memory",
		      (unsigned long long)g->entry, (unsigned long long)(g->memory / KiB));
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

static void claim_cpu(struct parser *p, struct manifest_cpus *cpus, unsigned cpu)
{
	const struct manifest_guest *owner = p->cpu_owner[cpu];
	char where[16];

	if (owner == p->guest) {
		error(p, "CPU %u is listed twice", cpu);
	} else if (owner) {
		guest_path(p, owner, where, sizeof(where));
		error(p, "CPU %u is already used by %s", cpu, where);
	} else {
		/* Claimed CPUs are distinct and < MANIFEST_MAX_CPUS: no overflow. */
		p->cpu_owner[cpu] = p->guest;
		cpus->cpu[cpus->count++] = (uint8_t)cpu;
	}
}

static void decode_cpus(struct parser *p, int t, void *dst)
{
	int e = t + 1;

	if (tokens[t].type != JSMN_ARRAY || tokens[t].size == 0) {
		expected(p, t, "a non-empty array of CPU indices");
		return;
	}
	for (int i = 0; i < tokens[t].size; i++, e = skip(e)) {
		size_t mark = path_push(p, "[%d]", i);
		uint64_t cpu;

		if (!decode_uint(p, e, &cpu) || cpu >= MANIFEST_MAX_CPUS)
			expected(p, e, "a CPU index from 0 to 255");
		else
			claim_cpu(p, dst, (unsigned)cpu);
		path_pop(p, mark);
	}
}

/* Keys of a "vms" or "tds" entry. A TD-only key will be one more entry
 * here plus a check that p->guest is in p->m->tds. */
static const struct field guest_fields[] = {
	{ "name", true, decode_name, offsetof(struct manifest_guest, name) },
	{ "memory", true, decode_memory, offsetof(struct manifest_guest, memory) },
	{ "cpus", true, decode_cpus, offsetof(struct manifest_guest, cpus) },
	{ "image", false, decode_image, offsetof(struct manifest_guest, image) },
	{ "console", false, decode_console,
	  offsetof(struct manifest_guest, console) },
	{ "load", false, decode_gpa, offsetof(struct manifest_guest, load) },
	{ "entry", false, decode_gpa, offsetof(struct manifest_guest, entry) },
	{ "watchdog_ms", false, decode_watchdog,
	  offsetof(struct manifest_guest, watchdog_ms) },
};

/* Names must be unique across both lists; compared against every guest
 * decoded so far. */
static void check_unique_name(struct parser *p, const struct manifest_guest *g)
{
	const struct manifest_guest_list *lists[] = { &p->m->vms, &p->m->tds };
	char where[16];

	for (unsigned l = 0; l < ARRAY_SIZE(lists) && g->name[0]; l++) {
		for (unsigned i = 0; i < lists[l]->count; i++) {
			const struct manifest_guest *other = &lists[l]->guest[i];

			if (other == g || strcmp(other->name, g->name) != 0)
				continue;
			guest_path(p, other, where, sizeof(where));
			size_t mark = path_push(p, ".name");
			error(p, "name \"%s\" is already used by %s", g->name, where);
			path_pop(p, mark);
			return;
		}
	}
}

static void decode_guest_list(struct parser *p, int t, void *dst)
{
	struct manifest_guest_list *list = dst;
	int e = t + 1;

	if (tokens[t].type != JSMN_ARRAY) {
		expected(p, t, "an array");
		return;
	}
	if (tokens[t].size > MANIFEST_MAX_GUESTS)
		error(p, "expected at most %d entries, got %d",
		      MANIFEST_MAX_GUESTS, tokens[t].size);
	for (int i = 0; i < MIN(tokens[t].size, MANIFEST_MAX_GUESTS); i++, e = skip(e)) {
		size_t mark = path_push(p, "[%d]", i);

		p->guest = &list->guest[i];
		p->guest->console = MANIFEST_CONSOLE_SERIAL;
		p->guest->load = MANIFEST_DEFAULT_LOAD;
		p->guest->watchdog_ms = MANIFEST_DEFAULT_WATCHDOG_MS;
		list->count = (unsigned)i + 1;
		DECODE_OBJECT(p, e, guest_fields, p->guest);
		check_guest_layout(p, p->guest);
		check_unique_name(p, p->guest);
		path_pop(p, mark);
	}
}

static const struct field hypervisor_fields[] = {
	{ "log_level", false, decode_log_level, 0 },
};

static void decode_keyids(struct parser *p, int t, void *dst)
{
	uint64_t n;

	if (!decode_uint(p, t, &n) || n > MANIFEST_MAX_KEYIDS)
		expected(p, t, "a KeyID count from 0 to 1023");
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

static void decode_fault_leaf(struct parser *p, int t, void *dst)
{
	for (unsigned i = 0; i < ARRAY_SIZE(seamcall_leaves); i++) {
		if (tokens[t].type == JSMN_STRING && tok_eq(p, t, seamcall_leaves[i].name)) {
			*(uint16_t *)dst = seamcall_leaves[i].number;
			return;
		}
	}
	expected(p, t, "a SEAMCALL leaf name such as \"TDH.SYS.KEY.CONFIG\"");
}

static void decode_fault_status(struct parser *p, int t, void *dst)
{
	static const char *const names[] = {
		[MANIFEST_FAULT_OPERAND_BUSY] = "OPERAND_BUSY",
		[MANIFEST_FAULT_RND_NO_ENTROPY] = "RND_NO_ENTROPY",
		[MANIFEST_FAULT_SYS_BUSY] = "SYS_BUSY",
		[MANIFEST_FAULT_INTERRUPTED_RESUMABLE] = "INTERRUPTED_RESUMABLE",
	};
	unsigned v;

	if (decode_choice(p, t, names, ARRAY_SIZE(names), &v))
		*(enum manifest_fault_status *)dst = (enum manifest_fault_status)v;
}

static void decode_count(struct parser *p, int t, void *dst)
{
	uint64_t n;

	if (!decode_uint(p, t, &n) || n > 1000000)
		expected(p, t, "a count from 0 to 1000000");
	else
		*(uint32_t *)dst = (uint32_t)n;
}

static const struct field fault_fields[] = {
	{ "leaf", true, decode_fault_leaf, offsetof(struct manifest_fault, leaf) },
	{ "status", true, decode_fault_status, offsetof(struct manifest_fault, status) },
	{ "after", false, decode_count, offsetof(struct manifest_fault, after) },
	{ "times", false, decode_count, offsetof(struct manifest_fault, times) },
};

static void decode_faults(struct parser *p, int t, void *dst)
{
	int e = t + 1;

	(void)dst;
	if (tokens[t].type != JSMN_ARRAY) {
		expected(p, t, "an array");
		return;
	}
	if (tokens[t].size > MANIFEST_MAX_FAULTS)
		error(p, "expected at most %d entries, got %d", MANIFEST_MAX_FAULTS,
		      tokens[t].size);
	for (int i = 0; i < MIN(tokens[t].size, MANIFEST_MAX_FAULTS); i++, e = skip(e)) {
		size_t mark = path_push(p, "[%d]", i);
		struct manifest_fault *f = &p->m->tdx.faults[i];

		f->times = 1;
		p->m->tdx.nr_faults = (unsigned)i + 1;
		DECODE_OBJECT(p, e, fault_fields, f);
		path_pop(p, mark);
	}
}

static const struct field tdx_fields[] = {
	{ "module", false, decode_tdx_module, 0 },
	{ "mktme_keyids", false, decode_keyids, offsetof(struct manifest, tdx.mktme_keyids) -
	  offsetof(struct manifest, tdx) },
	{ "tdx_keyids", false, decode_keyids, offsetof(struct manifest, tdx.tdx_keyids) -
	  offsetof(struct manifest, tdx) },
	{ "inject", false, decode_faults, 0 },
};

static void decode_hypervisor(struct parser *p, int t, void *dst)
{
	DECODE_OBJECT(p, t, hypervisor_fields, dst);
}

static void decode_tdx(struct parser *p, int t, void *dst)
{
	DECODE_OBJECT(p, t, tdx_fields, dst);
	if (p->m->tdx.mktme_keyids + p->m->tdx.tdx_keyids > MANIFEST_MAX_KEYIDS)
		error(p, "mktme_keyids + tdx_keyids is %u; KeyIDs end at %u",
		      p->m->tdx.mktme_keyids + p->m->tdx.tdx_keyids, MANIFEST_MAX_KEYIDS);
}

static const struct field root_fields[] = {
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
	p->js = json;
	p->len = len;
	p->m = out;
	p->errs = errs;
	reset_errors(errs);
	set_defaults(out);
	if (tokenize(p) && check_syntax(p))
		DECODE_OBJECT(p, 0, root_fields, out);
	nr = finish_errors(errs);
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
	add_error(e, "", fmt, ap);
	va_end(ap);
}

int manifest_check_platform(const struct manifest *m, unsigned nr_cpus,
			    struct manifest_errors *errs)
{
	const struct manifest_guest_list *lists[] = { &m->vms, &m->tds };
	static const char *const list_names[] = { "vms", "tds" };

	reset_errors(errs);
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
	return finish_errors(errs);
}

size_t manifest_summary(const struct manifest *m, char *buf, size_t size)
{
	return format(buf, size, "manifest: %u vm%s, %u td%s, tdx.module=%s, log_level=%s",
		      m->vms.count, m->vms.count == 1 ? "" : "s",
		      m->tds.count, m->tds.count == 1 ? "" : "s",
		      tdx_module_names[m->tdx.module],
		      log_level_name(m->hypervisor.log_level));
}
