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
	const uint8_t *image;
	uint64_t image_size;
};

static bool measure_page(void *arg, const struct td_page *p)
{
	struct measure_ctx *c = arg;
	uint8_t page[PAGE_SIZE];

	mrtd_page_add(&c->mrtd, p->gpa);
	if (p->measured) {
		td_page_contents(p, c->image, c->image_size, page);
		for (unsigned off = 0; off < PAGE_SIZE; off += 256)
			mrtd_extend_chunk(&c->mrtd, p->gpa + off, page + off);
	}
	return true;
}

static int measure(const struct manifest_guest *g)
{
	static struct measure_ctx c;
	uint8_t mrtd[MR_SIZE];
	const char *path = NULL;
	size_t size;

	for (unsigned i = 0; i < nr_modules; i++)
		if (strcmp(modules[i].name, g->image) == 0)
			path = modules[i].path;
	if (!path) {
		fprintf(stderr, "%s: td %s: no --module %s=FILE given\n", prog, g->name, g->image);
		return 1;
	}
	c.image = read_file(path, &size);
	c.image_size = size;
	if (!size || size > TD_IMAGE_MAX) {
		fprintf(stderr, "%s: td %s: image %s is empty or larger than 64 KiB\n", prog,
			g->name, path);
		return 1;
	}
	mrtd_init(&c.mrtd);
	td_layout(c.image_size, g->memory, measure_page, &c);
	mrtd_finalize(&c.mrtd, mrtd);
	printf("td %s: MRTD ", g->name);
	for (unsigned i = 0; i < MR_SIZE; i++)
		printf("%02x", mrtd[i]);
	printf("\n");
	free((void *)c.image);
	return 0;
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
