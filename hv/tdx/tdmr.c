/* TDMR/PAMT layout builder (tdmr.h, docs/tdmr.md).
 *
 * 1. TDMRs: a dynamic program over candidate boundaries (the 1 GiB
 *    boundaries around every end of a usable range; between two candidates
 *    memory is uniform, so no other boundary changes a hole count) finds,
 *    for each TDMR count up to the module's limit, the cover of all usable
 *    memory with the least PAMT, then the fewest reserved areas; every
 *    TDMR's holes must fit its reserved areas. PAMT size depends only on
 *    TDMR sizes, so the PAMT total is the floor for the TDMRs chosen.
 * 2. PAMTs: largest first, each PAMT goes where it costs the fewest extra
 *    reserved areas (touching a hole or another PAMT costs none), preferring
 *    its own TDMR (NUMA-local), then the smallest free range it fits.
 *    PAMTs of several TDMRs may share one reserved area: the module checks
 *    each PAMT only against available (non-reserved) TDMR memory and other
 *    PAMTs (tdh_sys_config.c check_pamt_overlaps_available_areas,
 *    check_all_pamt_overlap).
 * 3. Bounded retries: holes joined by one-page usable fragments count as
 *    one when PAMT_1Gs will fill the fragments; if PAMTs do not fit the
 *    reserved areas left, step 1 runs again with one, then two areas per
 *    TDMR kept free; if a PAMT finds no free range big enough, TDMRs are
 *    capped in size so their PAMTs fit, halving the cap until they do. */
#include "tdmr.h"
#include "../lib/format.h"
#include "../lib/string.h"

#define U(x)        ((unsigned long long)(x))
#define NO_COST     UINT64_MAX
#define NO_HOLES    0xffffu             /* no usable memory in the interval */
#define FROM_SKIP   0x8000u             /* came from the previous point, no TDMR */
#define AREA_BITS   11                  /* cost = PAMT pages << 11 | reserved areas */

static const unsigned page_shift[TDX_PS_NR] = { 12, 21, 30 };
static const char *const level_name[TDX_PS_NR] = { "PAMT_4K", "PAMT_2M", "PAMT_1G" };

uint64_t tdmr_pamt_size(uint64_t tdmr_size, enum tdx_page_size ps, unsigned entry_size)
{
	return ALIGN_UP((tdmr_size >> page_shift[ps]) * entry_size, PAGE_SIZE);
}

static uint64_t tdmr_pamt_total(uint64_t size, const unsigned entry[TDX_PS_NR])
{
	uint64_t total = 0;

	for (int ps = 0; ps < TDX_PS_NR; ps++)
		total += tdmr_pamt_size(size, (enum tdx_page_size)ps, entry[ps]);
	return total;
}

static bool fail(struct tdmr_plan *p, enum tdmr_result r, uint64_t need, uint64_t allowed,
		 const char *fmt, ...) __printf(5, 6);

static bool fail(struct tdmr_plan *p, enum tdmr_result r, uint64_t need, uint64_t allowed,
		 const char *fmt, ...)
{
	va_list ap;

	p->result = r;
	p->need = need;
	p->allowed = allowed;
	va_start(ap, fmt);
	vformat(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* ---- inputs ---- */

static bool take_usable(const struct tdmr_input *in, struct tdmr_work *w, struct tdmr_plan *p)
{
	paddr_t prev_end = 0;

	w->nr_usable = 0;
	for (unsigned i = 0; i < in->nr_usable; i++) {
		paddr_t start = ALIGN_UP(in->usable[i].start, PAGE_SIZE);
		paddr_t end = ALIGN_DOWN(in->usable[i].end, PAGE_SIZE);

		if (in->usable[i].end > BIT(TDX_MAX_PA_BITS) || in->usable[i].start > in->usable[i].end)
			return fail(p, TDMR_ERR_INPUT, 0, 0,
				    "usable range %u [0x%llx, 0x%llx) is not a range below 2^52", i,
				    U(in->usable[i].start), U(in->usable[i].end));
		if (start >= end)
			continue;
		if (w->nr_usable && start < prev_end)
			return fail(p, TDMR_ERR_INPUT, 0, 0,
				    "usable range %u [0x%llx, 0x%llx) is out of order or overlaps", i,
				    U(start), U(end));
		if (w->nr_usable && start == prev_end) {
			w->usable[w->nr_usable - 1].end = end;
		} else {
			if (w->nr_usable == TDMR_MAX_RANGES)
				return fail(p, TDMR_ERR_INPUT, in->nr_usable, TDMR_MAX_RANGES,
					    "more than %u usable ranges", TDMR_MAX_RANGES);
			w->usable[w->nr_usable].start = start;
			w->usable[w->nr_usable].end = end;
			w->nr_usable++;
		}
		prev_end = end;
	}
	if (!w->nr_usable)
		return fail(p, TDMR_ERR_INPUT, 0, 0, "no TDX-usable memory");
	return true;
}

/* CMRs merged where adjacent, as the module's is_area_in_cmr() does. */
static bool take_cmrs(const struct tdmr_input *in, struct tdmr_work *w, struct tdmr_plan *p)
{
	w->nr_cmr = 0;
	if (in->nr_cmrs > TDMR_MAX_CMRS)
		return fail(p, TDMR_ERR_INPUT, in->nr_cmrs, TDMR_MAX_CMRS, "more than %u CMRs",
			    TDMR_MAX_CMRS);
	for (unsigned i = 0; i < in->nr_cmrs; i++) {
		uint64_t base = in->cmrs[i].base, size = in->cmrs[i].size;
		struct range *last = w->nr_cmr ? &w->cmr[w->nr_cmr - 1] : NULL;

		if (!size)
			continue;
		if (base + size < base || (last && base < last->end))
			return fail(p, TDMR_ERR_INPUT, 0, 0,
				    "CMR %u [0x%llx, +0x%llx) is out of order or overlaps", i,
				    U(base), U(size));
		if (last && base == last->end) {
			last->end = base + size;
		} else {
			w->cmr[w->nr_cmr].start = base;
			w->cmr[w->nr_cmr].end = base + size;
			w->nr_cmr++;
		}
	}
	for (unsigned i = 0; i < w->nr_usable; i++) {
		const struct range *u = &w->usable[i];
		bool inside = false;

		for (unsigned c = 0; c < w->nr_cmr && !inside; c++)
			inside = u->start >= w->cmr[c].start && u->end <= w->cmr[c].end;
		if (!inside)
			return fail(p, TDMR_ERR_INPUT, 0, 0,
				    "usable range [0x%llx, 0x%llx) is not inside a CMR", U(u->start),
				    U(u->end));
	}
	return true;
}

/* Sorted and merged, rounded out to pages. */
static bool take_avoid(const struct tdmr_input *in, struct tdmr_work *w, struct tdmr_plan *p)
{
	w->nr_avoid = 0;
	for (unsigned i = 0; i < in->nr_avoid; i++) {
		paddr_t start = ALIGN_DOWN(in->avoid[i].start, PAGE_SIZE);
		paddr_t end = in->avoid[i].end;
		unsigned k = 0;

		if (end > BIT(TDX_MAX_PA_BITS))
			end = BIT(TDX_MAX_PA_BITS);
		end = ALIGN_UP(end, PAGE_SIZE);
		if (start >= end)
			continue;
		while (k < w->nr_avoid && w->avoid[k].end < start)
			k++;
		/* Absorb every range it overlaps or touches. */
		while (k < w->nr_avoid && w->avoid[k].start <= end) {
			start = MIN(start, w->avoid[k].start);
			end = MAX(end, w->avoid[k].end);
			memmove(&w->avoid[k], &w->avoid[k + 1], (w->nr_avoid - k - 1) * sizeof(w->avoid[0]));
			w->nr_avoid--;
		}
		if (w->nr_avoid == TDMR_MAX_AVOID)
			return fail(p, TDMR_ERR_INPUT, in->nr_avoid, TDMR_MAX_AVOID,
				    "more than %u ranges to avoid", TDMR_MAX_AVOID);
		memmove(&w->avoid[k + 1], &w->avoid[k], (w->nr_avoid - k) * sizeof(w->avoid[0]));
		w->avoid[k].start = start;
		w->avoid[k].end = end;
		w->nr_avoid++;
	}
	return true;
}

/* ---- holes ---- */

/* [x, y) lies inside one (merged) CMR. */
static bool cmr_covers(const struct tdmr_work *w, paddr_t x, paddr_t y)
{
	for (unsigned c = 0; c < w->nr_cmr; c++)
		if (x >= w->cmr[c].start && y <= w->cmr[c].end)
			return true;
	return false;
}

/* A hole [x, y) in a TDMR needs a reserved area: always, or in relaxed
 * mode only if some of it is not convertible. */
static bool hole_needs_area(const struct tdmr_work *w, bool relaxed, paddr_t x, paddr_t y)
{
	return !relaxed || !cmr_covers(w, x, y);
}

/* First and last+1 addresses of [x, y) outside every CMR; false if none. */
static bool non_cmr_extent(const struct tdmr_work *w, paddr_t x, paddr_t y, paddr_t *lo, paddr_t *hi)
{
	paddr_t first = y, last = x;
	paddr_t cursor = x;

	for (unsigned c = 0; c <= w->nr_cmr && cursor < y; c++) {
		paddr_t cs = c < w->nr_cmr ? w->cmr[c].start : y;
		paddr_t ce = c < w->nr_cmr ? w->cmr[c].end : y;

		if (ce <= cursor)
			continue;
		if (cs > cursor) {               /* [cursor, min(cs, y)) is not convertible */
			paddr_t e = MIN(cs, y);
			first = MIN(first, cursor);
			last = MAX(last, e);
		}
		cursor = MAX(cursor, ce);
	}
	*lo = first;
	*hi = last;
	return first < last;
}

/* Inner gap g (between usable ranges g and g + 1) needs a reserved area. */
static bool gap_needs(const struct tdmr_work *w, unsigned g)
{
	return w->gap_needs[g + 1] != w->gap_needs[g];
}

/* A usable range of one page: a PAMT_1G (one page for any TDMR up to
 * 256 GiB) can fill it, joining the holes on its two sides into one area. */
static bool is_fragment(const struct tdmr_work *w, unsigned k)
{
	return w->usable[k].end - w->usable[k].start == PAGE_SIZE;
}

static void add_point(struct tdmr_work *w, paddr_t pt)
{
	unsigned k = w->nr_points;

	/* Candidates arrive nearly sorted: insert from the back. */
	while (k && w->point[k - 1] > pt)
		k--;
	if ((k && w->point[k - 1] == pt) || w->nr_points == TDMR_MAX_POINTS)
		return;
	memmove(&w->point[k + 1], &w->point[k], (w->nr_points - k) * sizeof(w->point[0]));
	w->point[k] = pt;
	w->nr_points++;
}

/* Candidate TDMR boundaries: the 1 GiB boundaries around each end of a
 * usable range. With a size limit, also every max_size from both ends of
 * each run of whole usable blocks, so such a run can be cut into TDMRs
 * that small (as far as the point array reaches). */
static void prepare_points(struct tdmr_work *w, bool relaxed)
{
	unsigned n = w->nr_usable, m;

	w->nr_points = 0;
	for (unsigned i = 0; i < n; i++) {
		add_point(w, ALIGN_DOWN(w->usable[i].start, TDMR_GRANULE));
		add_point(w, ALIGN_UP(w->usable[i].start, TDMR_GRANULE));
		add_point(w, ALIGN_DOWN(w->usable[i].end, TDMR_GRANULE));
		add_point(w, ALIGN_UP(w->usable[i].end, TDMR_GRANULE));
	}
	for (unsigned i = 0; w->max_size && i < n; i++) {
		paddr_t a = ALIGN_UP(w->usable[i].start, TDMR_GRANULE);
		paddr_t b = ALIGN_DOWN(w->usable[i].end, TDMR_GRANULE);

		if (b <= a + w->max_size)
			continue;
		for (paddr_t x = a + w->max_size; x < b; x += w->max_size) {
			add_point(w, x);
			add_point(w, b - (x - a));
		}
	}
	m = w->nr_points;

	w->gap_needs[0] = 0;
	for (unsigned g = 0; g + 1 < n; g++)
		w->gap_needs[g + 1] = w->gap_needs[g] +
			hole_needs_area(w, relaxed, w->usable[g].end, w->usable[g + 1].start);
	w->frag_prefix[0] = 0;
	for (unsigned k = 0; k < n; k++)
		w->frag_prefix[k + 1] = w->frag_prefix[k] +
			(k > 0 && k + 1 < n && is_fragment(w, k) && gap_needs(w, k - 1) && gap_needs(w, k));

	for (unsigned j = 0, after = 0, before = 0; j < m; j++) {
		paddr_t pt = w->point[j];

		while (after < n && w->usable[after].end <= pt)
			after++;
		while (before < n && w->usable[before].start < pt)
			before++;
		w->first_after[j] = (uint16_t)after;
		w->nr_before[j] = (uint16_t)before;
		w->head_needs[j] = after < n && w->usable[after].start > pt &&
				   hole_needs_area(w, relaxed, pt, w->usable[after].start);
		w->tail_needs[j] = before > 0 && w->usable[before - 1].end < pt &&
				   hole_needs_area(w, relaxed, w->usable[before - 1].end, pt);
	}
}

/* Reserved areas the holes of TDMR [point i, point j) need, or NO_HOLES if
 * it holds no usable memory (such a TDMR is never worth having). */
static unsigned holes(const struct tdmr_work *w, unsigned i, unsigned j)
{
	unsigned s = w->first_after[i], e = w->nr_before[j];

	if (s >= e)
		return NO_HOLES;
	return w->head_needs[i] + (w->gap_needs[e - 1] - w->gap_needs[s]) + w->tail_needs[j];
}

/* 4K fragments inside TDMR [point i, point j) with a hole needing an area
 * on each side. */
static unsigned fragments(const struct tdmr_work *w, unsigned i, unsigned j)
{
	unsigned s = w->first_after[i], e = w->nr_before[j], n = 0;

	if (s >= e)
		return 0;
	if (e - s >= 3)
		n += w->frag_prefix[e - 1] - w->frag_prefix[s + 1];
	if (is_fragment(w, s) && w->head_needs[i] && (s + 1 < e ? gap_needs(w, s) : w->tail_needs[j]))
		n++;
	if (e - 1 > s && is_fragment(w, e - 1) && w->tail_needs[j] && gap_needs(w, e - 2))
		n++;
	return n;
}

/* Reserved areas the search counts for TDMR [point i, point j): its holes,
 * less the fragments PAMTs are expected to fill when w->absorb is set. */
static unsigned areas_for(const struct tdmr_work *w, unsigned i, unsigned j)
{
	unsigned h = holes(w, i, j);

	return h == NO_HOLES || !w->absorb ? h : h - fragments(w, i, j);
}

/* TDMR [point i, point j) is larger than the current size limit. */
static bool too_big(const struct tdmr_work *w, unsigned i, unsigned j)
{
	return w->max_size && w->point[j] - w->point[i] > w->max_size;
}

/* No usable memory in [point j-1, point j). */
static bool empty_step(const struct tdmr_work *w, unsigned j)
{
	unsigned s = w->first_after[j - 1];

	return s == w->nr_usable || w->usable[s].start >= w->point[j];
}

/* ---- step 1: TDMRs ---- */

static uint64_t tdmr_cost(const struct tdmr_work *w, const unsigned entry[TDX_PS_NR],
			  unsigned i, unsigned j, unsigned h)
{
	return (tdmr_pamt_total(w->point[j] - w->point[i], entry) >> PAGE_SHIFT) << AREA_BITS | h;
}

/* PAMT no layout with c TDMRs can go below: every TDMR has at least one
 * page per level, and together they cover every 1 GiB block that holds
 * usable memory. */
static uint64_t pamt_lower_bound(uint64_t blocks, unsigned c, const unsigned entry[TDX_PS_NR])
{
	uint64_t total = 0;

	for (int ps = 0; ps < TDX_PS_NR; ps++) {
		uint64_t floor = ALIGN_UP((blocks * (TDMR_GRANULE >> page_shift[ps])) * entry[ps], PAGE_SIZE);
		total += MAX(floor, (uint64_t)c * PAGE_SIZE);
	}
	return total;
}

static uint64_t usable_blocks(const struct tdmr_work *w)
{
	uint64_t blocks = 0;
	paddr_t covered = 0;

	for (unsigned i = 0; i < w->nr_usable; i++) {
		paddr_t s = MAX(ALIGN_DOWN(w->usable[i].start, TDMR_GRANULE), covered);
		paddr_t e = ALIGN_UP(w->usable[i].end, TDMR_GRANULE);

		if (e > s)
			blocks += (e - s) / TDMR_GRANULE;
		covered = MAX(covered, e);
	}
	return blocks;
}

/* Fewest TDMRs any layout needs (for the failure message). */
static unsigned min_tdmrs(struct tdmr_work *w, unsigned cap)
{
	uint64_t *g = w->cost[0];
	unsigned m = w->nr_points;

	g[0] = 0;
	for (unsigned j = 1; j < m; j++) {
		g[j] = empty_step(w, j) ? g[j - 1] : NO_COST;
		for (unsigned i = j; i-- > 0;) {
			unsigned h = areas_for(w, i, j);

			if (too_big(w, i, j) || (h != NO_HOLES && h > cap))
				break;
			if (h == NO_HOLES)
				continue;
			if (g[i] != NO_COST && g[i] + 1 < g[j])
				g[j] = g[i] + 1;
		}
	}
	return g[m - 1] == NO_COST ? 0 : (unsigned)g[m - 1];
}

static bool choose_tdmrs(struct tdmr_work *w, const struct tdmr_limits *lim, unsigned max_tdmrs,
			 unsigned cap, struct tdmr_plan *p)
{
	unsigned m = w->nr_points, best_c = 0;
	uint64_t best = NO_COST, blocks = usable_blocks(w);
	uint64_t *prev = w->cost[0], *cur = w->cost[1];

	/* Zero TDMRs reach point j while no usable memory lies before it. */
	for (unsigned j = 0; j < m; j++)
		prev[j] = w->usable[0].start >= w->point[j] ? 0 : NO_COST;

	for (unsigned c = 1; c <= max_tdmrs; c++) {
		uint64_t *t;

		cur[0] = NO_COST;
		for (unsigned j = 1; j < m; j++) {
			cur[j] = NO_COST;
			if (empty_step(w, j) && cur[j - 1] != NO_COST) {
				cur[j] = cur[j - 1];
				w->from[c][j] = (uint16_t)(FROM_SKIP | (j - 1));
			}
			/* Holes only grow as the TDMR grows downwards. */
			for (unsigned i = j; i-- > 0;) {
				unsigned h = areas_for(w, i, j);
				uint64_t cost;

				if (too_big(w, i, j) || (h != NO_HOLES && h > cap))
					break;
				if (h == NO_HOLES || prev[i] == NO_COST)
					continue;
				cost = prev[i] + tdmr_cost(w, lim->pamt_entry_size, i, j, h);
				if (cost < cur[j]) {
					cur[j] = cost;
					w->from[c][j] = (uint16_t)i;
				}
			}
		}
		/* Least PAMT; for equal PAMT the fewer TDMRs seen first. */
		if (cur[m - 1] != NO_COST &&
		    (best == NO_COST || (cur[m - 1] >> AREA_BITS) < (best >> AREA_BITS))) {
			best = cur[m - 1];
			best_c = c;
		}
		/* More TDMRs cannot lower the PAMT below this floor. */
		if (best != NO_COST &&
		    (best >> AREA_BITS) << PAGE_SHIFT <= pamt_lower_bound(blocks, c + 1, lim->pamt_entry_size))
			break;
		t = prev;
		prev = cur;
		cur = t;
	}

	if (best == NO_COST) {
		/* A span between two adjacent candidates is one 1 GiB block or a
		 * run of uniform blocks; only the former can have too many holes. */
		for (unsigned j = 1; j < m; j++) {
			unsigned h = areas_for(w, j - 1, j);

			if (h != NO_HOLES && h > cap)
				return fail(p, TDMR_ERR_TOO_MANY_RSVD, h, cap,
					    "the 1 GiB block [0x%llx, 0x%llx) needs %u reserved areas on its own%s, the module allows %u per TDMR",
					    U(w->point[j - 1]), U(w->point[j]), h,
					    w->absorb && fragments(w, j - 1, j) ? " (with PAMTs in its one-page ranges)" : "",
					    cap);
		}
		unsigned need = min_tdmrs(w, cap);
		return fail(p, TDMR_ERR_TOO_MANY_TDMRS, need, max_tdmrs,
			    "the map needs %u TDMRs, the module allows %u", need, max_tdmrs);
	}

	/* Walk the choices back from the last point. */
	p->nr_tdmrs = best_c;
	for (unsigned c = best_c, j = m - 1; c > 0;) {
		uint16_t f = w->from[c][j];

		if (f & FROM_SKIP) {
			j = f & ~FROM_SKIP;
			continue;
		}
		c--;
		memset(&p->tdmr[c], 0, sizeof(p->tdmr[c]));
		p->tdmr[c].base = w->point[f];
		p->tdmr[c].size = w->point[j] - w->point[f];
		j = f;
	}
	return true;
}

/* ---- reserved areas ---- */

/* Walks, in address order, the pieces of [base, end) that may be reserved:
 * holes (no usable memory) and PAMT blocks (placed ones plus extra). */
struct piece_walk {
	const struct tdmr_work *w;
	paddr_t base, end;
	paddr_t hole_at;                /* next hole starts at or after this */
	unsigned range;                 /* next usable range to look at */
	unsigned blk;
	const struct range *extra;
	bool extra_done;
};

static bool next_hole(struct piece_walk *pw, struct range *out)
{
	const struct tdmr_work *w = pw->w;

	while (pw->hole_at < pw->end) {
		paddr_t next_start = pw->range < w->nr_usable ? w->usable[pw->range].start : pw->end;

		if (pw->range < w->nr_usable && w->usable[pw->range].end <= pw->hole_at) {
			pw->range++;
			continue;
		}
		if (next_start > pw->hole_at) {
			out->start = pw->hole_at;
			out->end = MIN(next_start, pw->end);
			pw->hole_at = out->end;
			return true;
		}
		pw->hole_at = w->usable[pw->range].end;
		pw->range++;
	}
	return false;
}

static bool next_block(struct piece_walk *pw, struct range *out)
{
	const struct tdmr_work *w = pw->w;

	for (;;) {
		const struct range *b = pw->blk < w->nr_blocks ? &w->block[pw->blk] : NULL;
		const struct range *x = pw->extra && !pw->extra_done ? pw->extra : NULL;
		const struct range *pick = !b ? x : !x ? b : (x->start < b->start ? x : b);

		if (!pick)
			return false;
		if (pick == x)
			pw->extra_done = true;
		else
			pw->blk++;
		if (pick->end <= pw->base || pick->start >= pw->end)
			continue;
		*out = *pick;
		return true;
	}
}

/* The reserved areas TDMR [base, end) needs with the placed PAMT blocks
 * plus extra (may be NULL): one per run of holes and blocks that touch,
 * spanning, in relaxed mode, only from the first to the last part of the
 * run that must be reserved. Writes at most max_out areas, returns how
 * many are needed. */
static unsigned tdmr_areas(const struct tdmr_work *w, bool relaxed, paddr_t base, paddr_t end,
			   const struct range *extra, struct range *out, unsigned max_out)
{
	struct piece_walk pw = { .w = w, .base = base, .end = end, .hole_at = base, .extra = extra };
	struct range hole, blk, cur = { 0, 0 };
	bool have_hole = next_hole(&pw, &hole), have_blk = next_block(&pw, &blk);
	paddr_t lo = 0, hi = 0;
	bool in_run = false, must = false;
	unsigned n = 0;

	for (;;) {
		bool take_hole = have_hole && (!have_blk || hole.start <= blk.start);
		struct range piece;
		paddr_t plo, phi;
		bool pmust;

		if (!have_hole && !have_blk)
			break;
		if (take_hole) {
			piece = hole;
			if (relaxed) {
				pmust = non_cmr_extent(w, hole.start, hole.end, &plo, &phi);
			} else {
				pmust = true;
				plo = hole.start;
				phi = hole.end;
			}
			have_hole = next_hole(&pw, &hole);
		} else {
			piece = blk;
			pmust = true;
			plo = blk.start;
			phi = blk.end;
			have_blk = next_block(&pw, &blk);
		}
		if (in_run && piece.start > cur.end) {
			if (must) {
				if (n < max_out)
					out[n] = (struct range){ lo, hi };
				n++;
			}
			in_run = false;
		}
		if (!in_run) {
			cur = piece;
			in_run = true;
			must = false;
		}
		cur.end = MAX(cur.end, piece.end);
		if (pmust) {
			if (!must || plo < lo)
				lo = plo;
			if (!must || phi > hi)
				hi = phi;
			must = true;
		}
	}
	if (in_run && must) {
		if (n < max_out)
			out[n] = (struct range){ lo, hi };
		n++;
	}
	return n;
}

/* ---- step 2: PAMTs ---- */

/* Candidate spot for a PAMT; lower keys win. */
struct spot {
	int delta;                      /* extra reserved areas it costs */
	bool foreign;                   /* outside the PAMT's own TDMR */
	uint64_t room;                  /* size of the free range it sits in */
	paddr_t at;
	unsigned tdmr;
	unsigned areas;                 /* the TDMR's areas once it is placed */
};

static bool spot_better(const struct spot *a, const struct spot *b)
{
	if (a->delta != b->delta)
		return a->delta < b->delta;
	if (a->foreign != b->foreign)
		return !a->foreign;
	if (a->room != b->room)
		return a->room < b->room;
	return a->at < b->at;
}

/* Next obstacle (avoid range or placed block) ending after x, lowest start. */
static const struct range *next_obstacle(const struct tdmr_work *w, paddr_t x)
{
	const struct range *best = NULL;

	for (unsigned i = 0; i < w->nr_avoid; i++)
		if (w->avoid[i].end > x && (!best || w->avoid[i].start < best->start)) {
			best = &w->avoid[i];
			break;                  /* sorted: the first one is the lowest */
		}
	for (unsigned i = 0; i < w->nr_blocks; i++)
		if (w->block[i].end > x) {
			if (!best || w->block[i].start < best->start)
				best = &w->block[i];
			break;
		}
	return best;
}

struct place_ctx {
	struct tdmr_work *w;
	const struct tdmr_plan *p;
	bool relaxed;
	unsigned max_rsvd;
	unsigned *areas;                /* current areas per TDMR */
	uint64_t largest;               /* largest free range seen */
	bool fits_somewhere;            /* some free range was big enough */
};

static void consider(struct place_ctx *cx, const struct tdmr_pamt_item *it, unsigned t,
		     paddr_t at, uint64_t room, struct spot *best, bool *found)
{
	const struct tdmr_desc *d = &cx->p->tdmr[t];
	struct range blk = { at, at + it->size };
	struct spot s;

	s.areas = tdmr_areas(cx->w, cx->relaxed, d->base, d->base + d->size, &blk, NULL, 0);
	s.delta = (int)s.areas - (int)cx->areas[t];
	/* Over the limit only while fragments wait for PAMTs: accept spots
	 * that bring it down. */
	if (s.areas > cx->max_rsvd && s.delta >= 0)
		return;
	s.foreign = t != it->tdmr;
	s.room = room;
	s.at = at;
	s.tdmr = t;
	if (!*found || spot_better(&s, best)) {
		*best = s;
		*found = true;
	}
}

static bool place_one(struct place_ctx *cx, const struct tdmr_pamt_item *it, struct spot *best)
{
	struct tdmr_work *w = cx->w;
	bool found = false;

	for (unsigned t = 0; t < cx->p->nr_tdmrs; t++) {
		paddr_t base = cx->p->tdmr[t].base, end = base + cx->p->tdmr[t].size;

		for (unsigned k = 0; k < w->nr_usable; k++) {
			paddr_t s = MAX(w->usable[k].start, base), e = MIN(w->usable[k].end, end);

			/* Free stretches of this usable range inside this TDMR. */
			while (s < e) {
				const struct range *ob = next_obstacle(w, s);
				paddr_t fe = ob && ob->start < e ? MAX(ob->start, s) : e;

				if (fe > s) {
					uint64_t room = fe - s;

					cx->largest = MAX(cx->largest, room);
					if (room >= it->size) {
						cx->fits_somewhere = true;
						consider(cx, it, t, s, room, best, &found);
						if (room > it->size)
							consider(cx, it, t, fe - it->size, room, best, &found);
					}
				}
				if (!ob || ob->start >= e)
					break;
				s = MAX(s, ob->end);
			}
		}
	}
	return found;
}

static void insert_block(struct tdmr_work *w, paddr_t start, paddr_t end)
{
	unsigned k = w->nr_blocks;

	while (k && w->block[k - 1].start > start)
		k--;
	memmove(&w->block[k + 1], &w->block[k], (w->nr_blocks - k) * sizeof(w->block[0]));
	w->block[k].start = start;
	w->block[k].end = end;
	w->nr_blocks++;
}

static bool place_pamts(struct tdmr_work *w, const struct tdmr_limits *lim, unsigned max_rsvd,
			bool relaxed, struct tdmr_plan *p, bool *area_limited)
{
	struct tdmr_pamt_item *items = w->item;
	unsigned *areas = w->areas;
	unsigned nr = 0;
	struct place_ctx cx = { .w = w, .p = p, .relaxed = relaxed, .max_rsvd = max_rsvd, .areas = areas };

	*area_limited = false;
	w->nr_blocks = 0;
	for (unsigned t = 0; t < p->nr_tdmrs; t++) {
		struct tdmr_desc *d = &p->tdmr[t];

		areas[t] = tdmr_areas(w, relaxed, d->base, d->base + d->size, NULL, NULL, 0);
		for (int ps = 0; ps < TDX_PS_NR; ps++) {
			struct tdmr_pamt_item it = { tdmr_pamt_size(d->size, (enum tdx_page_size)ps,
								    lim->pamt_entry_size[ps]),
						     (uint16_t)t, (uint16_t)ps };
			unsigned k = nr++;

			/* Largest first; then by TDMR and level. */
			while (k && items[k - 1].size < it.size)
				k--;
			memmove(&items[k + 1], &items[k], (nr - 1 - k) * sizeof(items[0]));
			items[k] = it;
		}
	}

	for (unsigned i = 0; i < nr; i++) {
		const struct tdmr_pamt_item *it = &items[i];
		const struct tdmr_desc *d = &p->tdmr[it->tdmr];
		struct spot best;

		cx.largest = 0;
		cx.fits_somewhere = false;
		if (!place_one(&cx, it, &best)) {
			*area_limited = cx.fits_somewhere;
			if (cx.fits_somewhere)
				return fail(p, TDMR_ERR_TOO_MANY_RSVD, max_rsvd + 1, max_rsvd,
					    "no place for the %s of TDMR %u [0x%llx, 0x%llx) within %u reserved areas per TDMR",
					    level_name[it->ps], it->tdmr, U(d->base), U(d->base + d->size),
					    max_rsvd);
			return fail(p, TDMR_ERR_NO_PAMT_SPACE, it->size, cx.largest,
				    "no room for the %s of TDMR %u [0x%llx, 0x%llx): it needs %llu contiguous bytes of usable memory, the largest free range is %llu bytes",
				    level_name[it->ps], it->tdmr, U(d->base), U(d->base + d->size),
				    U(it->size), U(cx.largest));
		}
		insert_block(w, best.at, best.at + it->size);
		areas[best.tdmr] = best.areas;
		p->tdmr[it->tdmr].pamt[it->ps] = (struct range){ best.at, best.at + it->size };
	}
	/* Fragments the search counted on may have stayed unfilled. */
	for (unsigned t = 0; t < p->nr_tdmrs; t++)
		if (areas[t] > max_rsvd) {
			*area_limited = true;
			return fail(p, TDMR_ERR_TOO_MANY_RSVD, areas[t], max_rsvd,
				    "TDMR %u [0x%llx, 0x%llx) needs %u reserved areas, the module allows %u",
				    t, U(p->tdmr[t].base), U(p->tdmr[t].base + p->tdmr[t].size),
				    areas[t], max_rsvd);
		}
	return true;
}

/* ---- the whole ---- */

/* The most 1 GiB blocks a TDMR may span for each of its PAMTs to fit in
 * the largest free usable range; 0 if not even one block's do. */
static uint64_t fitting_blocks(const struct tdmr_work *w, const struct tdmr_limits *lim)
{
	uint64_t largest = 0, blocks;

	for (unsigned k = 0; k < w->nr_usable; k++) {
		paddr_t s = w->usable[k].start, e = w->usable[k].end;

		for (unsigned a = 0; a <= w->nr_avoid && s < e; a++) {
			paddr_t stop = a < w->nr_avoid ? MIN(MAX(w->avoid[a].start, s), e) : e;

			largest = MAX(largest, stop - s);
			if (a < w->nr_avoid)
				s = MAX(s, w->avoid[a].end);
		}
	}
	blocks = largest / ((TDMR_GRANULE >> page_shift[TDX_PS_4K]) * lim->pamt_entry_size[TDX_PS_4K]) + 1;
	while (blocks) {
		bool fits = true;

		for (int ps = 0; ps < TDX_PS_NR; ps++)
			fits &= tdmr_pamt_size(blocks * TDMR_GRANULE, (enum tdx_page_size)ps,
					       lim->pamt_entry_size[ps]) <= largest;
		if (fits)
			break;
		blocks--;
	}
	return blocks;
}

struct failure {
	enum tdmr_result result;
	uint64_t need, allowed;
	char msg[sizeof(((struct tdmr_plan *)0)->msg)];
};

static void save_failure(struct failure *f, const struct tdmr_plan *p)
{
	f->result = p->result;
	f->need = p->need;
	f->allowed = p->allowed;
	memcpy(f->msg, p->msg, sizeof(f->msg));
}

static void restore_failure(struct tdmr_plan *p, const struct failure *f)
{
	p->result = f->result;
	p->need = f->need;
	p->allowed = f->allowed;
	memcpy(p->msg, f->msg, sizeof(p->msg));
}

bool tdmr_build(const struct tdmr_input *in, struct tdmr_work *w, struct tdmr_plan *p)
{
	struct tdmr_limits lim = in->limits;
	bool relaxed = in->flags & TDMR_FLAG_RESERVE_NON_CMR_ONLY;
	unsigned max_tdmrs = MIN(lim.max_tdmrs, TDMR_MAX_TDMRS);
	unsigned max_rsvd = MIN(lim.max_rsvd, TDMR_MAX_RSVD);

	memset(p, 0, sizeof(*p));
	for (int ps = 0; ps < TDX_PS_NR; ps++)
		if (lim.pamt_entry_size[ps] == 0 || lim.pamt_entry_size[ps] > PAGE_SIZE)
			return fail(p, TDMR_ERR_INPUT, 0, 0, "%s entry size %u is not 1..4096 bytes",
				    level_name[ps], lim.pamt_entry_size[ps]);
	if (!take_usable(in, w, p) || !take_cmrs(in, w, p) || !take_avoid(in, w, p))
		return false;
	/* Two ways to count a TDMR's reserved areas: every hole, or holes less
	 * the one-page usable fragments between them that PAMT_1Gs will fill
	 * (more layouts fit, if the placement then fills them). Try the latter
	 * first when there are such fragments; for each, keep 0, 1, then 2
	 * areas per TDMR free for PAMTs until they fit. When a PAMT finds no
	 * free range big enough, smaller TDMRs (smaller PAMTs) are tried. The
	 * failure reported is the first one met. */
	struct failure first_failure = { TDMR_OK, 0, 0, "" };
	bool placed = false, any_fragment = false;

	for (unsigned k = 0; k < w->nr_usable && !any_fragment; k++)
		any_fragment = is_fragment(w, k);
	w->max_size = 0;
	for (unsigned round = 0; round < 24 && !placed; round++) {
		bool dead[2] = { false, false }, no_space = false;
		uint64_t blocks;

		prepare_points(w, relaxed);
		for (unsigned spare = 0; spare <= 2 && spare <= max_rsvd && !placed && !no_space; spare++) {
			for (int mode = any_fragment; mode >= 0 && !placed && !no_space; mode--) {
				bool area_limited = false;

				if (dead[mode])
					continue;
				w->absorb = mode == 1;
				if (choose_tdmrs(w, &lim, max_tdmrs, max_rsvd - spare, p) &&
				    place_pamts(w, &lim, max_rsvd, relaxed, p, &area_limited)) {
					placed = true;
					break;
				}
				if (first_failure.result == TDMR_OK)
					save_failure(&first_failure, p);
				no_space = p->result == TDMR_ERR_NO_PAMT_SPACE;
				/* Fewer areas per TDMR only help PAMTs find a place. */
				if (!area_limited)
					dead[mode] = true;
			}
		}
		if (placed || !no_space)
			break;
		blocks = w->max_size ? w->max_size / TDMR_GRANULE / 2 : fitting_blocks(w, &lim);
		if (!blocks)
			break;
		w->max_size = blocks * TDMR_GRANULE;
	}
	if (!placed) {
		restore_failure(p, &first_failure);
		return false;
	}
	p->result = TDMR_OK;

	for (unsigned t = 0; t < p->nr_tdmrs; t++) {
		struct tdmr_desc *d = &p->tdmr[t];

		d->nr_rsvd = tdmr_areas(w, relaxed, d->base, d->base + d->size, NULL, d->rsvd,
					TDMR_MAX_RSVD);
		p->max_rsvd_used = MAX(p->max_rsvd_used, d->nr_rsvd);
		for (int ps = 0; ps < TDX_PS_NR; ps++)
			p->pamt_bytes += d->pamt[ps].end - d->pamt[ps].start;
	}
	return true;
}

void tdmr_plan_to_info(const struct tdmr_plan *plan, unsigned i, struct tdmr_info *out)
{
	const struct tdmr_desc *d = &plan->tdmr[i];

	memset(out, 0, sizeof(*out));
	out->base = d->base;
	out->size = d->size;
	out->pamt_4k_base = d->pamt[TDX_PS_4K].start;
	out->pamt_4k_size = d->pamt[TDX_PS_4K].end - d->pamt[TDX_PS_4K].start;
	out->pamt_2m_base = d->pamt[TDX_PS_2M].start;
	out->pamt_2m_size = d->pamt[TDX_PS_2M].end - d->pamt[TDX_PS_2M].start;
	out->pamt_1g_base = d->pamt[TDX_PS_1G].start;
	out->pamt_1g_size = d->pamt[TDX_PS_1G].end - d->pamt[TDX_PS_1G].start;
	for (unsigned r = 0; r < d->nr_rsvd && r < TDMR_MAX_RSVD; r++) {
		out->rsvd[r].offset = d->rsvd[r].start - d->base;
		out->rsvd[r].size = d->rsvd[r].end - d->rsvd[r].start;
	}
}
