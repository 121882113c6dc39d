/* The JSON layer under the manifest parser (manifest_json.c): tokens,
 * the syntax checks jsmn leaves out, error lines that name a JSON path, and
 * decoders for values whose shape is not manifest-specific (integers,
 * sizes, choices, strings, booleans, objects by field table). manifest.c
 * holds the schema: which keys exist and what they mean. Tokens are
 * indices into one static array, so only one document is decoded at a
 * time. */
#ifndef HV_MANIFEST_JSON_H
#define HV_MANIFEST_JSON_H

#include "manifest.h"

/* One document being decoded, and where in it the decoder is. */
struct json {
	const char *js;
	size_t len;
	int ntok;
	struct manifest_errors *errs;
	size_t path_len;
	char path[128]; /* e.g. "tds[1].cpus[0]"; "" at the top level */
};

void manifest_errors_reset(struct manifest_errors *e);
void manifest_errors_vadd(struct manifest_errors *e, const char *path,
			  const char *fmt, va_list ap);
/* Adds the "N more errors not shown" line if needed; returns the total. */
int manifest_errors_finish(struct manifest_errors *e);

/* One error line for the current path. */
void __printf(2, 3) json_error(struct json *j, const char *fmt, ...);
/* "expected <what>, got <token t as written>". */
void json_expected(struct json *j, int t, const char *what);

/* Appends to the path; json_path_pop(j, mark) with the returned mark undoes it. */
size_t __printf(2, 3) json_path_push(struct json *j, const char *fmt, ...);
void json_path_pop(struct json *j, size_t mark);

/* Tokenizes len bytes of js and checks their syntax; on failure the one
 * error line is added and false returned. Token 0 is then the root. */
bool json_load(struct json *j, const char *js, size_t len, struct manifest_errors *errs);

/* Index of the first token after t and everything nested in it. */
int json_skip(int t);
/* Number of elements when t is an array, else -1. Element 0 is t + 1,
 * each next one json_skip() of the one before. */
int json_array_len(int t);
/* json_array_len(t) capped at max; says "expected an array" (and returns
 * -1) or "expected at most max entries" (and returns max) otherwise. */
int json_array_at_most(struct json *j, int t, int max);
/* Whether t is a string token that reads exactly s. */
bool json_string_is(const struct json *j, int t, const char *s);

/* Decoders that report nothing: they return false when the value does not
 * fit, so the caller can say what it expected. */
/* A JSON integer (no sign, fraction or exponent), or a "0x..." string. */
bool json_decode_uint(const struct json *j, int t, uint64_t *out);
/* Bytes: json_decode_uint's forms, or a decimal string with a binary
 * suffix ("64M", "2GiB"). */
bool json_decode_size(const struct json *j, int t, uint64_t *out);
/* Copies a string of 1..max bytes that all pass ok() into dst[max + 1]. */
bool json_decode_string(const struct json *j, int t, size_t max, bool (*ok)(char c),
			char *dst);
bool json_decode_bool(const struct json *j, int t, bool *out);

/* A string from names[0..nr); *out gets its index. Otherwise reports
 * "expected "a", "b" or "c", got ..." and returns false. */
bool json_decode_choice(struct json *j, int t, const char *const names[], unsigned nr,
			unsigned *out);

/* A key an object may have; decode() gets the value token and obj + offset. */
struct json_field {
	const char *key;
	bool required;
	void (*decode)(struct json *j, int t, void *dst);
	size_t offset;
};

#define JSON_MAX_FIELDS 64 /* bits in json_decode_object's seen mask */

/* Decodes object t with fields[0..nr): each key's value through its decoder
 * with the path extended by the key; unknown, duplicate and missing
 * required keys are errors. Reports a t that is not an object. */
void json_decode_object(struct json *j, int t, const struct json_field *fields, unsigned nr,
			void *obj);

#define JSON_DECODE_OBJECT(j, t, fields, obj)                                     \
	do {                                                                      \
		_Static_assert(ARRAY_SIZE(fields) <= JSON_MAX_FIELDS, "too many"); \
		json_decode_object(j, t, fields, ARRAY_SIZE(fields), obj);        \
	} while (0)

#endif
