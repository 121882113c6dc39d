/* The JSON layer of the manifest parser (see manifest_json.h), in passes:
 *  1. tokenize with jsmn (strict mode, parent links, a static token array);
 *  2. check the syntax jsmn lets through: jsmn does not look at the bytes
 *     between tokens (missing or extra commas and colons) nor inside
 *     primitives (1.2.3, tru), so every gap and literal is checked here;
 *  3. then manifest.c decodes the well-formed token tree with the helpers
 *     at the end of this file, collecting every error with its JSON path.
 * No recursion on input nesting: unknown values are skipped by token count.
 * String values are taken literally: JSON escapes are not decoded, and the
 * character rules for names and images reject the backslash. */
#include "manifest_json.h"
#include "lib/format.h"
#include "lib/string.h"

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#define EXCERPT_MAX 32 /* bytes of a key or value quoted in a message */

/* Static so that a 40 KiB token array stays off the boot CPU's stack. */
static jsmntok_t tokens[MANIFEST_MAX_TOKENS];

/* ---- errors ---------------------------------------------------------- */

void manifest_errors_vadd(struct manifest_errors *e, const char *path,
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

void manifest_errors_reset(struct manifest_errors *e)
{
	e->count = 0;
	e->dropped = 0;
}

/* The line saying how many errors were left out goes into the spare slot,
 * so printing msg[0..count) is all a front end does. */
int manifest_errors_finish(struct manifest_errors *e)
{
	int total = (int)(e->count + e->dropped);

	if (e->dropped)
		format(e->msg[e->count++], MANIFEST_ERROR_LEN,
		       "manifest: %u more errors not shown", e->dropped);
	return total;
}

void json_error(struct json *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	manifest_errors_vadd(j->errs, j->path, fmt, ap);
	va_end(ap);
}

static void syntax_error(struct json *j, size_t offset)
{
	json_error(j, "invalid JSON at byte %zu", offset);
}

/* ---- token helpers ---------------------------------------------------- */

static const char *tok_text(const struct json *j, int t)
{
	return j->js + tokens[t].start;
}

static size_t tok_len(int t)
{
	return (size_t)(tokens[t].end - tokens[t].start);
}

static bool tok_eq(const struct json *j, int t, const char *s)
{
	size_t n = strlen(s);

	return tok_len(t) == n && memcmp(tok_text(j, t), s, n) == 0;
}

static bool is_container(int t)
{
	return tokens[t].type == JSMN_OBJECT || tokens[t].type == JSMN_ARRAY;
}

/* Index of the first token after t and everything nested in it. Relies on
 * the syntax check: every key has exactly one child, its value. */
int json_skip(int t)
{
	for (int pending = 1; pending > 0; t++)
		pending += tokens[t].size - 1;
	return t;
}

/* Printable excerpt of a token's text for messages: untrusted bytes never
 * reach the console raw, and long ones are cut with "...". */
static void excerpt(const struct json *j, int t, char *buf, size_t size)
{
	size_t n = MIN(tok_len(t), (size_t)EXCERPT_MAX), i;
	const char *s = tok_text(j, t);

	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
	if (tok_len(t) > n)
		format(buf + i, size - i, "...");
}

/* What the manifest had where something else was expected. */
static void describe(const struct json *j, int t, char *buf, size_t size)
{
	char text[EXCERPT_MAX + 4];

	if (is_container(t)) {
		format(buf, size, "%s %s", tokens[t].size ? "an" : "an empty",
		       tokens[t].type == JSMN_OBJECT ? "object" : "array");
		return;
	}
	excerpt(j, t, text, sizeof(text));
	format(buf, size, tokens[t].type == JSMN_STRING ? "\"%s\"" : "%s", text);
}

void json_expected(struct json *j, int t, const char *what)
{
	char got[EXCERPT_MAX + 8];

	describe(j, t, got, sizeof(got));
	json_error(j, "expected %s, got %s", what, got);
}

size_t json_path_push(struct json *j, const char *fmt, ...)
{
	size_t mark = j->path_len;
	va_list ap;

	va_start(ap, fmt);
	vformat(j->path + mark, sizeof(j->path) - mark, fmt, ap);
	va_end(ap);
	j->path_len = strlen(j->path);
	return mark;
}

static size_t path_push_key(struct json *j, int key)
{
	char name[EXCERPT_MAX + 4];

	excerpt(j, key, name, sizeof(name));
	return json_path_push(j, j->path_len ? ".%s" : "%s", name);
}

void json_path_pop(struct json *j, size_t mark)
{
	j->path_len = mark;
	j->path[mark] = '\0';
}

/* ---- pass 1 and 2: tokens and syntax ---------------------------------- */

static bool tokenize(struct json *j)
{
	jsmn_parser jp;
	int r;

	if (j->len > MANIFEST_MAX_BYTES) {
		json_error(j, "input is %zu bytes, at most %u are accepted", j->len,
		      MANIFEST_MAX_BYTES);
		return false;
	}
	/* jsmn stops at a NUL as if the input ended there. */
	for (size_t i = 0; i < j->len; i++) {
		if (j->js[i] == '\0') {
			syntax_error(j, i);
			return false;
		}
	}
	jsmn_init(&jp);
	r = jsmn_parse(&jp, j->js, j->len, tokens, MANIFEST_MAX_TOKENS);
	if (r == JSMN_ERROR_NOMEM)
		json_error(j, "too many JSON tokens (at most %d)", MANIFEST_MAX_TOKENS);
	else if (r == JSMN_ERROR_INVAL)
		syntax_error(j, jp.pos);
	else if (r == JSMN_ERROR_PART)
		json_error(j, "JSON ends early (truncated?)");
	else if (r == 0)
		json_error(j, "empty input, expected a JSON object");
	j->ntok = r;
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

static size_t skip_space(const struct json *j, size_t pos)
{
	while (pos < j->len && (j->js[pos] == ' ' || j->js[pos] == '\t' ||
				j->js[pos] == '\n' || j->js[pos] == '\r'))
		pos++;
	return pos;
}

/* Only whitespace and the separator sep (0 for none) may lie between pos
 * and next; otherwise the first byte that does not fit is the error. */
static bool expect_gap(struct json *j, size_t pos, size_t next, char sep)
{
	pos = skip_space(j, pos);
	if (sep && pos < j->len && j->js[pos] == sep)
		pos = skip_space(j, pos + 1);
	else if (sep)
		next = SIZE_MAX; /* the separator is missing right here */
	if (pos == next)
		return true;
	syntax_error(j, pos);
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
static bool check_text(struct json *j, int t)
{
	const char *s = tok_text(j, t);
	size_t n = tok_len(t), bad = n;

	if (tokens[t].type == JSMN_STRING) {
		for (bad = 0; bad < n && (unsigned char)s[bad] >= 0x20; bad++)
			;
	} else if (tokens[t].type == JSMN_PRIMITIVE) {
		if (tok_eq(j, t, "true") || tok_eq(j, t, "false") ||
		    tok_eq(j, t, "null"))
			return true;
		bad = number_prefix(s, n);
	}
	if (bad == n)
		return true;
	syntax_error(j, (size_t)tokens[t].start + bad);
	return false;
}

/* Walks up from token t to (not including) until, checking the closing
 * bracket of every container on the way. */
static bool close_containers(struct json *j, int t, int until, size_t *pos)
{
	for (; t != until && t >= 0; t = tokens[t].parent) {
		if (!is_container(t))
			continue;
		if (!expect_gap(j, *pos, (size_t)tokens[t].end - 1, 0))
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
static bool check_syntax(struct json *j)
{
	size_t pos = 0;

	for (int t = 0; t < j->ntok; t++) {
		if (t > 0 && !close_containers(j, t - 1, tokens[t].parent, &pos))
			return false;
		if (!well_placed(t)) {
			syntax_error(j, skip_space(j, pos));
			return false;
		}
		if (!expect_gap(j, pos, tok_begin(t), separator_before(t)) ||
		    !check_text(j, t))
			return false;
		/* A key without a value: the gap check reports where it should be. */
		if (is_key(t) && tokens[t].size == 0)
			return expect_gap(j, tok_end(t), SIZE_MAX, ':');
		pos = is_container(t) ? (size_t)tokens[t].start + 1 : tok_end(t);
	}
	return close_containers(j, j->ntok - 1, -1, &pos) &&
	       expect_gap(j, pos, j->len, 0);
}

bool json_load(struct json *j, const char *js, size_t len, struct manifest_errors *errs)
{
	memset(j, 0, sizeof(*j));
	j->js = js;
	j->len = len;
	j->errs = errs;
	return tokenize(j) && check_syntax(j);
}

int json_array_len(int t)
{
	return tokens[t].type == JSMN_ARRAY ? tokens[t].size : -1;
}

int json_array_at_most(struct json *j, int t, int max)
{
	int n = json_array_len(t);

	if (n < 0) {
		json_expected(j, t, "an array");
	} else if (n > max) {
		json_error(j, "expected at most %d entries, got %d", max, n);
		n = max;
	}
	return n;
}

bool json_string_is(const struct json *j, int t, const char *s)
{
	return tokens[t].type == JSMN_STRING && tok_eq(j, t, s);
}

/* ---- objects ----------------------------------------------------------- */

static const struct json_field *find_field(const struct json *j, int key,
					   const struct json_field *fields, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++)
		if (tok_eq(j, key, fields[i].key))
			return &fields[i];
	return NULL;
}

void json_decode_object(struct json *j, int t, const struct json_field *fields, unsigned nr,
			void *obj)
{
	uint64_t seen = 0;
	int key = t + 1;

	if (tokens[t].type != JSMN_OBJECT) {
		json_expected(j, t, "an object");
		return;
	}
	for (int i = 0; i < tokens[t].size; i++, key = json_skip(key)) {
		const struct json_field *f = find_field(j, key, fields, nr);
		size_t mark = path_push_key(j, key);

		if (!f) {
			json_error(j, "unknown key");
		} else if (seen & BIT(f - fields)) {
			json_error(j, "duplicate key");
		} else {
			seen |= BIT(f - fields);
			f->decode(j, key + 1, (char *)obj + f->offset);
		}
		json_path_pop(j, mark);
	}
	for (unsigned i = 0; i < nr; i++)
		if (fields[i].required && !(seen & BIT(i)))
			json_error(j, "missing required key \"%s\"", fields[i].key);
}

/* ---- scalar values ---------------------------------------------------- */

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

bool json_decode_uint(const struct json *j, int t, uint64_t *out)
{
	const char *s = tok_text(j, t);
	size_t n = tok_len(t);

	if (tokens[t].type == JSMN_STRING)
		return parse_hex(s, n, out);
	return tokens[t].type == JSMN_PRIMITIVE && parse_uint(s, n, 10, out);
}

bool json_decode_size(const struct json *j, int t, uint64_t *out)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} units[] = {
		{ "", 0 },     { "K", 10 },   { "KiB", 10 }, { "M", 20 },
		{ "MiB", 20 }, { "G", 30 },   { "GiB", 30 }, { "T", 40 },
		{ "TiB", 40 },
	};
	const char *s = tok_text(j, t);
	size_t n = tok_len(t), digits = skip_digits(s, n, 0);
	uint64_t v;

	if (tokens[t].type != JSMN_STRING)
		return json_decode_uint(j, t, out);
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

bool json_decode_choice(struct json *j, int t, const char *const names[], unsigned nr,
			unsigned *out)
{
	char what[96];
	size_t n = 0;

	for (unsigned i = 0; i < nr; i++) {
		if (json_string_is(j, t, names[i])) {
			*out = i;
			return true;
		}
	}
	for (unsigned i = 0; i < nr && n < sizeof(what); i++)
		n += format(what + n, sizeof(what) - n, "%s\"%s\"",
			    i == 0 ? "" : i + 1 < nr ? ", " : " or ", names[i]);
	json_expected(j, t, what);
	return false;
}

bool json_decode_string(const struct json *j, int t, size_t max, bool (*ok)(char c),
			char *dst)
{
	const char *s = tok_text(j, t);
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


bool json_decode_bool(const struct json *j, int t, bool *out)
{
	if (tokens[t].type != JSMN_PRIMITIVE || !(tok_eq(j, t, "true") || tok_eq(j, t, "false")))
		return false;
	*out = tok_eq(j, t, "true");
	return true;
}
