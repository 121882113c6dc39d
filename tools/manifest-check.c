/* manifest-check [--cpus N] FILE: validates a tdvisor manifest on the host
 * with the hypervisor's own parser, so its error lines are exactly the ones
 * the hypervisor would print at boot.
 * Exit status: 0 valid (prints the summary line), 1 manifest errors (prints
 * each error line), 2 usage or I/O error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/manifest.h"

static const char *prog = "manifest-check";

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [--cpus N] FILE\n"
		"Checks a tdvisor JSON manifest. With --cpus N, also checks that\n"
		"every CPU named is one of the N online CPUs 0..N-1.\n", prog);
	exit(2);
}

static void fail(const char *path, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, path, what);
	exit(2);
}

/* The whole file, however big: the parser itself rejects an oversized one,
 * with the same line the hypervisor would print. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, got;
	char *buf = NULL;

	if (!f)
		fail(path, strerror(errno));
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				fail(path, "out of memory");
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f))
		fail(path, strerror(errno));
	fclose(f);
	*len = n;
	return buf;
}

static unsigned parse_cpus(const char *s)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || n == 0 || n > 4096) {
		fprintf(stderr, "%s: --cpus wants a CPU count from 1 to 4096, got '%s'\n",
			prog, s);
		exit(2);
	}
	return (unsigned)n;
}

static int print_errors(const struct manifest_errors *errs)
{
	for (unsigned i = 0; i < errs->count; i++)
		printf("%s\n", errs->msg[i]);
	return 1;
}

int main(int argc, char **argv)
{
	static struct manifest m;
	static struct manifest_errors errs;
	const char *path = NULL;
	unsigned cpus = 0;
	char line[160];
	size_t len;
	char *json;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cpus") == 0 && i + 1 < argc)
			cpus = parse_cpus(argv[++i]);
		else if (strncmp(argv[i], "--cpus=", 7) == 0)
			cpus = parse_cpus(argv[i] + 7);
		else if (argv[i][0] == '-')
			usage();
		else if (!path)
			path = argv[i];
		else
			usage();
	}
	if (!path)
		usage();
	json = read_file(path, &len);
	if (manifest_parse(json, len, &m, &errs))
		return print_errors(&errs);
	if (cpus && manifest_check_platform(&m, cpus, &errs))
		return print_errors(&errs);
	manifest_summary(&m, line, sizeof(line));
	printf("%s\n", line);
	free(json);
	return 0;
}
