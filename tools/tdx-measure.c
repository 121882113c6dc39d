/* tdx-measure [--module NAME=FILE]... MANIFEST: prints the MRTD of every TD
 * in the manifest without booting anything, computed exactly as the TDX
 * module computes it for the pages tdvisor adds (hv/tdx/td_layout.c gives
 * the page order, seam/measure.c the SHA-384 blocks). Each line is the one
 * the hypervisor prints: "td NAME: MRTD <96 hex digits>".
 * Exit status: 0 all TDs measured, 1 a manifest or image problem, 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/manifest.h"
#include "hv/tdx/td_layout.h"
#include "seam/measure.h"

#define MAX_MODULES 32

static const char *prog = "tdx-measure";
static struct {
	const char *name, *path;
} modules[MAX_MODULES];
static unsigned nr_modules;

static void usage(void)
{
	fprintf(stderr, "usage: %s [--module NAME=FILE]... MANIFEST\n"
		"Prints each TD's MRTD; NAME is the image's multiboot2 module string.\n", prog);
	exit(2);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		exit(1);
	}
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: %s: cannot read\n", prog, path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct measure_ctx {
	struct mrtd_ctx mrtd;
	const struct td_layout *layout;
};

static bool measure_page(void *arg, const struct td_page *p)
{
	struct measure_ctx *c = arg;
	uint8_t page[PAGE_SIZE];

	mrtd_page_add(&c->mrtd, p->gpa);
	if (p->measured) {
		td_page_contents(c->layout, p, page);
		for (unsigned off = 0; off < PAGE_SIZE; off += 256)
			mrtd_extend_chunk(&c->mrtd, p->gpa + off, page + off);
	}
	return true;
}

static const char *module_path(const char *name)
{
	for (unsigned i = 0; i < nr_modules; i++)
		if (strcmp(modules[i].name, name) == 0)
			return modules[i].path;
	return NULL;
}

static int measure(const struct manifest_guest *g)
{
	static struct measure_ctx c;
	static struct td_layout layout;
	const uint8_t *data[MANIFEST_TD_MAX_IMAGES] = { 0 };
	uint64_t size[MANIFEST_TD_MAX_IMAGES] = { 0 };
	char err[TD_LAYOUT_ERROR_LEN];
	uint8_t mrtd[MR_SIZE];
	int status = 0;

	for (unsigned i = 0; i < g->td.nr_images; i++) {
		const char *path = module_path(g->td.images[i].module);
		size_t len;

		if (!path) {
			fprintf(stderr, "%s: td %s: no --module %s=FILE given\n", prog, g->name,
				g->td.images[i].module);
			status = 1;
			goto out;
		}
		data[i] = read_file(path, &len);
		size[i] = len;
	}
	if (!td_layout_plan(g, data, size, &layout, err)) {
		fprintf(stderr, "%s: td %s: %s\n", prog, g->name, err);
		status = 1;
		goto out;
	}
	c.layout = &layout;
	mrtd_init(&c.mrtd);
	td_layout_walk(&layout, measure_page, &c);
	mrtd_finalize(&c.mrtd, mrtd);
	printf("td %s: MRTD ", g->name);
	for (unsigned i = 0; i < MR_SIZE; i++)
		printf("%02x", mrtd[i]);
	printf("\n");
out:
	for (unsigned i = 0; i < MANIFEST_TD_MAX_IMAGES; i++)
		free((void *)data[i]);
	return status;
}

int main(int argc, char **argv)
{
	static struct manifest m;
	static struct manifest_errors errs;
	const char *manifest = NULL;
	uint8_t *json;
	size_t len;
	int status = 0;

	for (int i = 1; i < argc; i++) {
		char *eq;

		if (strcmp(argv[i], "--module") == 0 && i + 1 < argc && nr_modules < MAX_MODULES &&
		    (eq = strchr(argv[i + 1], '=')) != NULL) {
			*eq = '\0';
			modules[nr_modules].name = argv[++i];
			modules[nr_modules++].path = eq + 1;
		} else if (argv[i][0] == '-' || manifest) {
			usage();
		} else {
			manifest = argv[i];
		}
	}
	if (!manifest)
		usage();
	json = read_file(manifest, &len);
	if (manifest_parse((const char *)json, len, &m, &errs)) {
		for (unsigned i = 0; i < errs.count; i++)
			printf("%s\n", errs.msg[i]);
		return 1;
	}
	for (unsigned i = 0; i < m.tds.count; i++)
		status |= measure(&m.tds.guest[i]);
	free(json);
	return status;
}
