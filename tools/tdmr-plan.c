/* tdmr-plan [options] FILE: the TDMR/PAMT layout tdvisor would give the TDX
 * module for a memory map, or exactly which module limit makes the map
 * impossible; with --linux, what Linux's algorithm does with the same map.
 *
 * FILE is a Linux dmesg (its "BIOS-e820:" lines; "ACPI: SRAT: Node N PXM P
 * [mem A-B]" lines place memory on NUMA nodes for --linux; "virt/tdx: CMR:
 * [A, B)" lines give the CMRs, else every RAM range above 1 MiB is a CMR)
 * or JSON {"ram": [["0x100000", "0x80000000"], ...], "cmrs": [...],
 * "avoid": [...]} with end-exclusive ranges.
 *
 * Exit status: 0 a layout exists (and passes the module's checks), 1 no
 * layout within the limits, 2 usage or input error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/tdx/tdmr.h"
#include "hv/tdx/tdx_status.h"
#include "seam/tdmr_check.h"

#define MAP_MAX_RAM   512
#define MAP_MAX_NUMA  64

struct map {
	struct range ram[MAP_MAX_RAM];          /* e820 RAM, ascending, merged */
	unsigned nr_ram;
	struct tdmr_cmr cmr[TDMR_MAX_CMRS];
	unsigned nr_cmr;
	struct range avoid[TDMR_MAX_AVOID];
	unsigned nr_avoid;
	struct linux_numa_range numa[MAP_MAX_NUMA];
	unsigned nr_numa;
	bool have_cmrs;
};

struct plan_opts {
	struct tdmr_limits limits;
	unsigned flags;
};

/* What each algorithm made of a map. */
struct outcome {
	bool ok;
	char msg[256];                  /* the failure line */
	unsigned nr_tdmrs, max_rsvd, max_rsvd_tdmr;
	uint64_t pamt_bytes;
	uint64_t check;                 /* the module's verdict on the layout */
};

static void add_ram(struct map *m, uint64_t start, uint64_t end)
{
	unsigned k = 0;

	if (start >= end)
		return;
	while (k < m->nr_ram && m->ram[k].end < start)
		k++;
	while (k < m->nr_ram && m->ram[k].start <= end) {
		start = MIN(start, m->ram[k].start);
		end = MAX(end, m->ram[k].end);
		memmove(&m->ram[k], &m->ram[k + 1], (m->nr_ram - k - 1) * sizeof(m->ram[0]));
		m->nr_ram--;
	}
	if (m->nr_ram == MAP_MAX_RAM)
		return;
	memmove(&m->ram[k + 1], &m->ram[k], (m->nr_ram - k) * sizeof(m->ram[0]));
	m->ram[k] = (struct range){ start, end };
	m->nr_ram++;
}

static bool add_cmr(struct map *m, uint64_t start, uint64_t end, char *err, size_t errsz)
{
	if (start >= end)
		return true;
	if (m->nr_cmr == TDMR_MAX_CMRS) {
		snprintf(err, errsz, "more than %u CMRs", TDMR_MAX_CMRS);
		return false;
	}
	m->cmr[m->nr_cmr++] = (struct tdmr_cmr){ start, end - start };
	m->have_cmrs = true;
	return true;
}

static bool parse_u64(const char **p, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(*p, &end, 0);
	if (end == *p || errno)
		return false;
	*p = end;
	return true;
}

static bool parse_hex(const char **p, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(*p, &end, 16);
	if (end == *p || errno)
		return false;
	*p = end;
	return true;
}

/* "BIOS-e820: [mem 0xA-0xB] type" (B inclusive) or the older
 * "BIOS-e820: A - B (type)" (B exclusive). */
static bool parse_e820(struct map *m, const char *s)
{
	uint64_t a, b;
	bool ram;

	while (*s == ' ')
		s++;
	if (strncmp(s, "[mem ", 5) == 0) {
		s += 5;
		if (!parse_hex(&s, &a) || *s++ != '-' || !parse_hex(&s, &b) || *s++ != ']')
			return false;
		while (*s == ' ')
			s++;
		ram = strncmp(s, "usable", 6) == 0;
		b++;
	} else {
		if (!parse_hex(&s, &a))
			return false;
		while (*s == ' ' || *s == '-')
			s++;
		if (!parse_hex(&s, &b))
			return false;
		ram = strstr(s, "(usable)") != NULL;
	}
	if (ram)
		add_ram(m, a, b);
	return true;
}

/* "SRAT: Node N PXM P [mem 0xA-0xB]" (B inclusive). */
static bool parse_srat(struct map *m, const char *s)
{
	uint64_t nid, a, b;

	if (!parse_u64(&s, &nid))
		return false;
	s = strstr(s, "[mem ");
	if (!s)
		return false;
	s += 5;
	if (!parse_hex(&s, &a) || *s++ != '-' || !parse_hex(&s, &b))
		return false;
	if (m->nr_numa < MAP_MAX_NUMA && nid < 64)
		m->numa[m->nr_numa++] = (struct linux_numa_range){ a, b + 1, (int)nid };
	return true;
}

/* "CMR: [0xA, 0xB)". */
static bool parse_cmr_line(struct map *m, const char *s, char *err, size_t errsz)
{
	uint64_t a, b;

	while (*s == ' ' || *s == '[')
		s++;
	if (!parse_u64(&s, &a))
		return false;
	while (*s == ',' || *s == ' ')
		s++;
	if (!parse_u64(&s, &b))
		return false;
	return add_cmr(m, a, b, err, errsz);
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static bool json_number(const char **p, uint64_t *v)
{
	const char *s = skip_ws(*p);
	bool quoted = *s == '"';

	if (quoted)
		s++;
	if (!parse_u64(&s, v))
		return false;
	if (quoted && *s++ != '"')
		return false;
	*p = s;
	return true;
}

/* "key": [[a, b], ...]: calls add for each pair; absent key is fine. */
static bool json_ranges(const char *text, const char *key, struct map *m,
			bool (*add)(struct map *, uint64_t, uint64_t, char *, size_t),
			char *err, size_t errsz)
{
	char quoted[32];
	const char *p;

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	p = strstr(text, quoted);
	if (!p)
		return true;
	p = skip_ws(p + strlen(quoted));
	if (*p++ != ':' || *(p = skip_ws(p)) != '[')
		goto bad;
	p = skip_ws(p + 1);
	if (*p == ']')
		return true;
	for (;;) {
		uint64_t a, b;

		if (*p != '[')
			goto bad;
		p++;
		if (!json_number(&p, &a))
			goto bad;
		p = skip_ws(p);
		if (*p++ != ',' || !json_number(&p, &b))
			goto bad;
		p = skip_ws(p);
		if (*p++ != ']')
			goto bad;
		if (!add(m, a, b, err, errsz))
			return false;
		p = skip_ws(p);
		if (*p == ']')
			return true;
		if (*p++ != ',')
			goto bad;
		p = skip_ws(p);
	}
bad:
	snprintf(err, errsz, "\"%s\" is not a list of [start, end] pairs", key);
	return false;
}

static bool json_add_ram(struct map *m, uint64_t a, uint64_t b, char *err, size_t errsz)
{
	(void)err;
	(void)errsz;
	add_ram(m, a, b);
	return true;
}

static bool json_add_avoid(struct map *m, uint64_t a, uint64_t b, char *err, size_t errsz)
{
	if (m->nr_avoid == TDMR_MAX_AVOID) {
		snprintf(err, errsz, "more than %u ranges to avoid", TDMR_MAX_AVOID);
		return false;
	}
	m->avoid[m->nr_avoid++] = (struct range){ a, b };
	return true;
}

/* Fills m from text; false with err set when the text is no memory map. */
static bool map_parse(const char *text, struct map *m, char *err, size_t errsz)
{
	memset(m, 0, sizeof(*m));
	if (*skip_ws(text) == '{') {
		if (!json_ranges(text, "ram", m, json_add_ram, err, errsz) ||
		    !json_ranges(text, "cmrs", m, add_cmr, err, errsz) ||
		    !json_ranges(text, "avoid", m, json_add_avoid, err, errsz))
			return false;
	} else {
		for (const char *line = text; *line;) {
			const char *nl = strchr(line, '\n'), *at;
			char buf[512];
			size_t len = nl ? (size_t)(nl - line) : strlen(line);

			snprintf(buf, sizeof(buf), "%.*s", (int)MIN(len, sizeof(buf) - 1), line);
			line += len + (nl ? 1 : 0);
			if (*skip_ws(buf) == '#')
				continue;
			if ((at = strstr(buf, "BIOS-e820:")) && !parse_e820(m, at + 10)) {
				snprintf(err, errsz, "cannot read e820 line: %.200s", buf);
				return false;
			}
			if ((at = strstr(buf, "SRAT: Node ")) && !parse_srat(m, at + 11)) {
				snprintf(err, errsz, "cannot read SRAT line: %.200s", buf);
				return false;
			}
			if ((at = strstr(buf, "CMR: [")) && !parse_cmr_line(m, at + 5, err, errsz)) {
				if (!*err)
					snprintf(err, errsz, "cannot read CMR line: %.200s", buf);
				return false;
			}
		}
	}
	/* Only CMRs: they are the RAM map too. */
	if (!m->nr_ram)
		for (unsigned i = 0; i < m->nr_cmr; i++)
			add_ram(m, m->cmr[i].base, m->cmr[i].base + m->cmr[i].size);
	if (!m->nr_ram) {
		snprintf(err, errsz, "no RAM in the map");
		return false;
	}
	/* No CMRs: every RAM range above 1 MiB is convertible. */
	if (!m->have_cmrs)
		for (unsigned i = 0; i < m->nr_ram; i++)
			if (m->ram[i].end > MiB &&
			    !add_cmr(m, MAX(m->ram[i].start, MiB), m->ram[i].end, err, errsz))
				return false;
	return true;
}

static bool map_load(const char *path, struct map *m, char *err, size_t errsz)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 65536, n = 0, got;
	char *buf = malloc(cap);
	bool ok;

	if (!f || !buf) {
		snprintf(err, errsz, "%.160s: %.80s", path, strerror(errno));
		if (f)
			fclose(f);
		free(buf);
		return false;
	}
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *more = realloc(buf, cap * 2);
			if (!more)
				break;
			buf = more;
			cap *= 2;
		}
	}
	buf[n] = '\0';
	fclose(f);
	ok = map_parse(buf, m, err, errsz);
	free(buf);
	return ok;
}

/* TDX-usable memory: RAM above 1 MiB, clipped to the CMRs. */
static unsigned map_usable(const struct map *m, struct range *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < m->nr_ram; i++)
		for (unsigned c = 0; c < m->nr_cmr; c++) {
			uint64_t s = MAX(MAX(m->ram[i].start, MiB), m->cmr[c].base);
			uint64_t e = MIN(m->ram[i].end, m->cmr[c].base + m->cmr[c].size);

			if (s < e && n < max)
				out[n++] = (struct range){ s, e };
		}
	return n;
}

static struct tdmr_check_params check_params(const struct map *m, const struct plan_opts *o)
{
	return (struct tdmr_check_params){
		.cmrs = m->cmr,
		.nr_cmrs = m->nr_cmr,
		.max_tdmrs = o->limits.max_tdmrs,
		.max_rsvd = o->limits.max_rsvd,
		.pamt_entry_size = o->limits.pamt_entry_size[TDX_PS_4K],
		.hkid_mask = 0,
	};
}

static struct tdmr_work plan_work;
static struct tdmr_plan plan;
static struct tdmr_info plan_info[TDMR_MAX_TDMRS];
static struct linux_tdmr_result linux_result;

static void run_tdvisor(const struct map *m, const struct plan_opts *o, struct outcome *r)
{
	static struct range usable[TDMR_MAX_RANGES];
	struct tdmr_input in = {
		.usable = usable,
		.nr_usable = map_usable(m, usable, TDMR_MAX_RANGES),
		.cmrs = m->cmr,
		.nr_cmrs = m->nr_cmr,
		.avoid = m->avoid,
		.nr_avoid = m->nr_avoid,
		.limits = o->limits,
		.flags = o->flags,
	};
	struct tdmr_check_params cp = check_params(m, o);

	memset(r, 0, sizeof(*r));
	r->ok = tdmr_build(&in, &plan_work, &plan);
	if (!r->ok) {
		snprintf(r->msg, sizeof(r->msg), "%.200s", plan.msg);
		return;
	}
	r->nr_tdmrs = plan.nr_tdmrs;
	r->pamt_bytes = plan.pamt_bytes;
	for (unsigned t = 0; t < plan.nr_tdmrs; t++) {
		tdmr_plan_to_info(&plan, t, &plan_info[t]);
		if (plan.tdmr[t].nr_rsvd > r->max_rsvd || t == 0) {
			r->max_rsvd = plan.tdmr[t].nr_rsvd;
			r->max_rsvd_tdmr = t;
		}
	}
	r->check = tdmr_check_all(plan_info, plan.nr_tdmrs, &cp);
}

static void run_linux(const struct map *m, const struct plan_opts *o, struct outcome *r)
{
	struct linux_tdmr_input in = {
		.ram = m->ram,
		.nr_ram = m->nr_ram,
		.numa = m->numa,
		.nr_numa = m->nr_numa,
		.limits = o->limits,
	};
	struct tdmr_check_params cp = check_params(m, o);
	struct linux_tdmr_result *l = &linux_result;

	memset(r, 0, sizeof(*r));
	linux_tdmr_build(&in, l);
	r->nr_tdmrs = l->nr_tdmrs;
	r->max_rsvd = l->max_rsvd;
	r->max_rsvd_tdmr = l->max_rsvd_tdmr;
	r->pamt_bytes = l->pamt_bytes;
	r->ok = l->err == 0;
	if (!r->ok) {
		if (l->err == -LINUX_ENOSPC && l->nr_tdmrs > o->limits.max_tdmrs)
			snprintf(r->msg, sizeof(r->msg), "-ENOSPC: %.150s (%u TDMRs needed, %u allowed)",
				 l->msg, l->nr_tdmrs, o->limits.max_tdmrs);
		else if (l->err == -LINUX_ENOSPC)
			snprintf(r->msg, sizeof(r->msg), "-ENOSPC: %.150s (%u areas needed, %u allowed)",
				 l->msg, l->max_rsvd, o->limits.max_rsvd);
		else
			snprintf(r->msg, sizeof(r->msg), "-ENOMEM: %.200s", l->msg);
		return;
	}
	r->check = tdmr_check_all(l->tdmr, l->nr_tdmrs, &cp);
}

#ifndef TDMR_PLAN_NO_MAIN
static const char *prog = "tdmr-plan";

static void print_size(FILE *f, uint64_t bytes)
{
	if (bytes >= GiB)
		fprintf(f, "%.1f GiB", (double)bytes / GiB);
	else if (bytes >= MiB)
		fprintf(f, "%.1f MiB", (double)bytes / MiB);
	else
		fprintf(f, "%llu KiB", (unsigned long long)(bytes / KiB));
}

static void print_summary(const char *who, const struct outcome *r)
{
	char check[96];

	if (!r->ok) {
		printf("%s: no layout: %s\n", who, r->msg);
		return;
	}
	tdmr_check_format(r->check, check, sizeof(check));
	printf("%s: %u TDMR%s, at most %u reserved areas in one TDMR (TDMR %u), PAMT %llu bytes (",
	       who, r->nr_tdmrs, r->nr_tdmrs == 1 ? "" : "s", r->max_rsvd, r->max_rsvd_tdmr,
	       (unsigned long long)r->pamt_bytes);
	print_size(stdout, r->pamt_bytes);
	printf("); module check: %s\n", check);
}

static void print_plan(void)
{
	static const char *const lv[TDX_PS_NR] = { "4K", "2M", "1G" };

	for (unsigned t = 0; t < plan.nr_tdmrs; t++) {
		const struct tdmr_desc *d = &plan.tdmr[t];

		printf("  TDMR %u [0x%llx, 0x%llx) ", t, (unsigned long long)d->base,
		       (unsigned long long)(d->base + d->size));
		print_size(stdout, d->size);
		printf(", %u reserved area%s\n", d->nr_rsvd, d->nr_rsvd == 1 ? "" : "s");
		for (unsigned r = 0; r < d->nr_rsvd; r++) {
			printf("    reserved [0x%llx, 0x%llx) ", (unsigned long long)d->rsvd[r].start,
			       (unsigned long long)d->rsvd[r].end);
			print_size(stdout, d->rsvd[r].end - d->rsvd[r].start);
			printf("\n");
		}
		for (int ps = 0; ps < TDX_PS_NR; ps++) {
			printf("    PAMT_%s   [0x%llx, 0x%llx) ", lv[ps],
			       (unsigned long long)d->pamt[ps].start, (unsigned long long)d->pamt[ps].end);
			print_size(stdout, d->pamt[ps].end - d->pamt[ps].start);
			printf("\n");
		}
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [--max-tdmrs N] [--max-reserved N] [--pamt-entry-size N]\n"
		"          [--relax-cmr] [--linux] [--summary] FILE\n"
		"Prints the TDMRs, reserved areas and PAMTs tdvisor would configure for the\n"
		"memory map in FILE (a dmesg with BIOS-e820 lines, or JSON {\"ram\": [[start,\n"
		"end], ...], \"cmrs\": [...], \"avoid\": [...]}, ends exclusive), or which\n"
		"module limit the map exceeds. --linux also runs Linux's algorithm;\n"
		"--relax-cmr reserves only memory outside the CMRs; --summary prints one\n"
		"line per algorithm.\n", prog);
	exit(2);
}

static unsigned parse_count(const char *opt, const char *s, unsigned lo, unsigned hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
		fprintf(stderr, "%s: %s wants a number from %u to %u, got '%s'\n", prog, opt, lo, hi, s);
		exit(2);
	}
	return (unsigned)v;
}

int main(int argc, char **argv)
{
	static struct map m;
	struct plan_opts o = { .limits = { TDMR_MAX_TDMRS, TDMR_MAX_RSVD,
					   { TDMR_PAMT_ENTRY, TDMR_PAMT_ENTRY, TDMR_PAMT_ENTRY } } };
	struct outcome mine, lx;
	bool linux_too = false, summary = false;
	const char *path = NULL;
	char err[256] = "";

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--max-tdmrs") == 0 && i + 1 < argc)
			o.limits.max_tdmrs = parse_count(a, argv[++i], 0, TDMR_MAX_TDMRS);
		else if (strcmp(a, "--max-reserved") == 0 && i + 1 < argc)
			o.limits.max_rsvd = parse_count(a, argv[++i], 0, TDMR_MAX_RSVD);
		else if (strcmp(a, "--pamt-entry-size") == 0 && i + 1 < argc) {
			unsigned e = parse_count(a, argv[++i], 1, 4096);
			for (int ps = 0; ps < TDX_PS_NR; ps++)
				o.limits.pamt_entry_size[ps] = e;
		} else if (strcmp(a, "--relax-cmr") == 0)
			o.flags |= TDMR_FLAG_RESERVE_NON_CMR_ONLY;
		else if (strcmp(a, "--linux") == 0)
			linux_too = true;
		else if (strcmp(a, "--summary") == 0)
			summary = true;
		else if (a[0] == '-' || path)
			usage();
		else
			path = a;
	}
	if (!path)
		usage();
	if (!map_load(path, &m, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}

	run_tdvisor(&m, &o, &mine);
	if (!summary) {
		static struct range usable[TDMR_MAX_RANGES];
		unsigned n = map_usable(&m, usable, TDMR_MAX_RANGES);
		uint64_t total = 0;

		for (unsigned i = 0; i < n; i++)
			total += usable[i].end - usable[i].start;
		printf("map: %s: %u usable ranges, ", path, n);
		print_size(stdout, total);
		printf(" of TDX memory, %u CMR%s%s; limits: %u TDMRs, %u reserved areas, %u-byte PAMT entries\n",
		       m.nr_cmr, m.nr_cmr == 1 ? "" : "s", m.have_cmrs ? "" : " (from the RAM map)",
		       o.limits.max_tdmrs, o.limits.max_rsvd, o.limits.pamt_entry_size[TDX_PS_4K]);
	}
	print_summary("tdvisor", &mine);
	if (mine.ok && !summary)
		print_plan();
	if (linux_too) {
		run_linux(&m, &o, &lx);
		print_summary("linux", &lx);
	}
	if (mine.ok && mine.check != TDX_SUCCESS)
		return 2;               /* a builder bug: say so loudly */
	return mine.ok ? 0 : 1;
}
#endif
