/* libFuzzer target for the TDMR builder: the input bytes become a memory
 * map (usable ranges, CMRs, ranges to avoid) and module limits; whatever
 * layout the builder emits must pass the module's TDH.SYS.CONFIG checks
 * (seam/tdmr_check.c) and keep the builder's own promises; a failure must
 * name a limit. Linux's algorithm (hv/tdx/linux_tdmr.c) runs on the same
 * map, and its layouts must pass the module's checks too.
 *
 * Input: byte 0 flags (bit 0 relaxed reserved areas, bits 1-3 avoid
 * ranges, bits 4-7 CMR joining), byte 1 max TDMRs, byte 2 max reserved
 * areas, byte 3 PAMT entry size, then per usable range 2 bytes: length
 * (bits 7-6 unit: pages, 64 KiB, 32 MiB, 1 GiB; bits 5-0 count - 1) and
 * gap after it (same encoding). */
#include "../unit/shim.h"
#include "../../hv/tdx/tdmr.c"
#include "../../hv/tdx/linux_tdmr.c"
#include "../../seam/tdmr_check.c"

#define FC(c) do { if (!(c)) { fprintf(stderr, "invariant: %s\n", #c); abort(); } } while (0)
#define MAX_U 64

static struct tdmr_work work;
static struct tdmr_plan plan;
static struct tdmr_info info[TDMR_MAX_TDMRS];
static struct linux_tdmr_result lx;

struct fuzz_map {
	struct range u[MAX_U];
	unsigned nu;
	struct tdmr_cmr c[TDMR_MAX_CMRS];
	unsigned nc;
	struct range avoid[8];
	unsigned na;
	struct tdmr_limits lim;
	unsigned flags;
};

static uint64_t decode_len(uint8_t b)
{
	static const uint64_t unit[4] = { 4 * KiB, 64 * KiB, 32 * MiB, GiB };

	return unit[b >> 6] * ((b & 63) + 1);
}

static bool decode(const uint8_t *d, size_t n, struct fuzz_map *m)
{
	paddr_t at = MiB;
	size_t p = 4;

	if (n < 6)
		return false;
	memset(m, 0, sizeof(*m));
	m->flags = d[0] & 1 ? TDMR_FLAG_RESERVE_NON_CMR_ONLY : 0;
	m->lim.max_tdmrs = d[1] % 65;
	m->lim.max_rsvd = d[2] % 17;
	m->lim.pamt_entry_size[0] = d[3] < 200 ? 16 : 1 + d[3] % 64;
	m->lim.pamt_entry_size[1] = m->lim.pamt_entry_size[2] = m->lim.pamt_entry_size[0];
	while (p + 1 < n && m->nu < MAX_U) {
		uint64_t len = decode_len(d[p]), gap = decode_len(d[p + 1]);

		p += 2;
		if (at + len >= BIT(40))
			break;
		m->u[m->nu++] = (struct range){ at, at + len };
		at += len + gap;
	}
	if (!m->nu)
		return false;
	/* CMRs: the usable ranges, some joined across the gap between them. */
	for (unsigned i = 0, bit = 0; i < m->nu;) {
		paddr_t s = m->u[i].start, e = m->u[i].end;

		i++;
		while (i < m->nu && ((d[0] >> (4 + bit++ % 4)) & 1 || m->nc == TDMR_MAX_CMRS - 1))
			e = m->u[i++].end;
		m->c[m->nc++] = (struct tdmr_cmr){ s, e - s };
	}
	/* Ranges to avoid, taken from the first bytes again. */
	for (unsigned i = 0; i < ((d[0] >> 1) & 7u) && i < m->nu; i++) {
		const struct range *u = &m->u[d[(4 + i) % n] % m->nu];
		uint64_t pages = (u->end - u->start) / PAGE_SIZE;
		paddr_t s = u->start + (d[(5 + i) % n] % pages) * PAGE_SIZE;

		m->avoid[m->na++] = (struct range){ s, MIN(u->end, s + (1 + d[(6 + i) % n]) * PAGE_SIZE) };
	}
	return true;
}

static bool inside(const struct range *r, unsigned n, paddr_t a, paddr_t b)
{
	for (unsigned i = 0; i < n; i++)
		if (a >= r[i].start && b <= r[i].end)
			return true;
	return false;
}

static bool overlaps(const struct range *r, unsigned n, paddr_t a, paddr_t b)
{
	for (unsigned i = 0; i < n; i++)
		if (a < r[i].end && r[i].start < b)
			return true;
	return false;
}

/* The builder's promises, checked range by range. */
static void check_plan(const struct fuzz_map *m)
{
	uint64_t total = 0;

	FC(plan.nr_tdmrs >= 1 && plan.nr_tdmrs <= m->lim.max_tdmrs);
	for (unsigned t = 0; t < plan.nr_tdmrs; t++) {
		const struct tdmr_desc *d = &plan.tdmr[t];

		FC(d->nr_rsvd <= m->lim.max_rsvd);
		for (int ps = 0; ps < TDX_PS_NR; ps++) {
			const struct range *pa = &d->pamt[ps];

			FC(pa->end - pa->start == tdmr_pamt_size(d->size, (enum tdx_page_size)ps,
								 m->lim.pamt_entry_size[ps]));
			total += pa->end - pa->start;
			FC(inside(m->u, m->nu, pa->start, pa->end));
			FC(!overlaps(m->avoid, m->na, pa->start, pa->end));
			/* Inside its TDMR's reserved areas or outside every TDMR. */
			for (unsigned o = 0; o < plan.nr_tdmrs; o++) {
				const struct tdmr_desc *e = &plan.tdmr[o];
				paddr_t s = MAX(pa->start, e->base), x = MIN(pa->end, e->base + e->size);

				if (s < x)
					FC(inside(e->rsvd, e->nr_rsvd, s, x));
			}
		}
		/* Usable memory is never reserved, except where a PAMT sits. */
		for (unsigned r = 0; r < d->nr_rsvd; r++)
			for (unsigned k = 0; k < m->nu; k++) {
				paddr_t s = MAX(d->rsvd[r].start, m->u[k].start);
				paddr_t x = MIN(d->rsvd[r].end, m->u[k].end);

				for (paddr_t a = s; a < x;) {
					bool pamt = false;
					paddr_t next = x;

					for (unsigned o = 0; o < plan.nr_tdmrs && !pamt; o++)
						for (int ps = 0; ps < TDX_PS_NR && !pamt; ps++) {
							const struct range *pa = &plan.tdmr[o].pamt[ps];

							if (a >= pa->start && a < pa->end) {
								pamt = true;
								next = MIN(pa->end, x);
							}
						}
					FC(pamt);
					a = next;
				}
			}
	}
	/* Every usable byte is in some TDMR. */
	for (unsigned k = 0; k < m->nu; k++) {
		paddr_t a = m->u[k].start;

		for (unsigned t = 0; t < plan.nr_tdmrs; t++)
			if (a >= plan.tdmr[t].base && a < plan.tdmr[t].base + plan.tdmr[t].size)
				a = MIN(m->u[k].end, plan.tdmr[t].base + plan.tdmr[t].size);
		FC(a == m->u[k].end);
	}
	FC(total == plan.pamt_bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_map m;
	struct tdmr_check_params cp;
	struct tdmr_input in;
	struct linux_tdmr_input lin;

	if (!decode(data, size, &m))
		return 0;
	cp = (struct tdmr_check_params){ m.c, m.nc, m.lim.max_tdmrs, m.lim.max_rsvd,
					 m.lim.pamt_entry_size[0], 0 };
	in = (struct tdmr_input){ m.u, m.nu, m.c, m.nc, m.avoid, m.na, m.lim, m.flags };
	if (tdmr_build(&in, &work, &plan)) {
		FC(plan.result == TDMR_OK);
		check_plan(&m);
		for (unsigned t = 0; t < plan.nr_tdmrs; t++)
			tdmr_plan_to_info(&plan, t, &info[t]);
		if (tdmr_check_all(info, plan.nr_tdmrs, &cp) != TDX_SUCCESS) {
			char st[96];

			tdmr_check_format(tdmr_check_all(info, plan.nr_tdmrs, &cp), st, sizeof(st));
			fprintf(stderr, "module rejects the layout: %s\n", st);
			abort();
		}
	} else {
		/* Well-formed input: a failure is a limit, and says which. */
		FC(plan.result == TDMR_ERR_TOO_MANY_TDMRS || plan.result == TDMR_ERR_TOO_MANY_RSVD ||
		   plan.result == TDMR_ERR_NO_PAMT_SPACE);
		FC(plan.msg[0] != '\0');
		FC(plan.result == TDMR_ERR_NO_PAMT_SPACE || plan.need > plan.allowed);
	}

	lin = (struct linux_tdmr_input){ m.u, m.nu, NULL, 0, m.lim };
	linux_tdmr_build(&lin, &lx);
	if (lx.err == 0) {
		FC(lx.nr_tdmrs <= m.lim.max_tdmrs && lx.max_rsvd <= m.lim.max_rsvd);
		FC(tdmr_check_all(lx.tdmr, lx.nr_tdmrs, &cp) == TDX_SUCCESS);
	} else {
		FC(lx.err == -LINUX_ENOSPC || lx.err == -LINUX_ENOMEM);
	}
	return 0;
}
