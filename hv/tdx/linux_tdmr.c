/* HOST-ONLY COMPARISON MODEL, NOT PART OF THE HYPERVISOR: what Linux's TDX
 * host code would build from the same memory map, so tools/tdmr-plan and
 * docs/tdmr.md can set tdvisor's builder beside it. Re-implemented from the
 * published algorithm (torvalds/linux 01fb93a3 arch/x86/virt/vmx/tdx/tdx.c):
 *
 * - build_tdx_memlist: every memblock region above 1 MiB is TDX memory;
 *   memblock splits RAM at NUMA node boundaries.
 * - fill_out_tdmrs: one TDMR per region, rounded out to 1 GiB, unless the
 *   previous TDMR already covers it; -ENOSPC past MAX_TDMRS.
 * - tdmr_set_up_pamt: the three PAMTs of a TDMR in one alloc_contig_pages()
 *   chunk on the node of the first region ending after the TDMR's base.
 *   Modelled: zones NORMAL, DMA32, DMA of that node, then of the other
 *   nodes by id; in each zone the first chunk-aligned candidate (the
 *   kernel's ALIGN() on a page count) that is RAM of that zone and node and
 *   meets no earlier PAMT. Pages the kernel itself uses are unknown here
 *   (only the first 1 MiB is taken as used), so real placements can differ.
 * - tdmr_populate_rsvd_areas: one reserved area per hole between regions
 *   and one per PAMT inside the TDMR (never merged); -ENOSPC past
 *   MAX_RESERVED_PER_TDMR. */
#if __STDC_HOSTED__
#include "tdmr.h"
#include "../lib/format.h"
#include "../lib/string.h"

#define U(x) ((unsigned long long)(x))

static int node_of(const struct linux_tdmr_input *in, paddr_t pa, paddr_t *node_end)
{
	*node_end = UINT64_MAX;
	for (unsigned i = 0; i < in->nr_numa; i++) {
		if (pa >= in->numa[i].start && pa < in->numa[i].end) {
			*node_end = in->numa[i].end;
			return in->numa[i].nid;
		}
		if (in->numa[i].start > pa)
			*node_end = MIN(*node_end, in->numa[i].start);
	}
	return 0;
}

/* memblock.memory above 1 MiB, whole pages, split where the node changes
 * and merged where adjacent on the same node. */
static void build_tmbs(const struct linux_tdmr_input *in, struct linux_tdmr_result *out)
{
	out->nr_tmb = 0;
	for (unsigned i = 0; i < in->nr_ram; i++) {
		paddr_t s = MAX(ALIGN_UP(in->ram[i].start, PAGE_SIZE), MiB);
		paddr_t e = ALIGN_DOWN(in->ram[i].end, PAGE_SIZE);

		while (s < e) {
			paddr_t node_end, piece_end;
			int nid = node_of(in, s, &node_end);
			struct linux_tmb *last = out->nr_tmb ? &out->tmb[out->nr_tmb - 1] : NULL;

			piece_end = MIN(e, node_end);
			if (last && last->end == s && last->nid == nid) {
				last->end = piece_end;
			} else if (out->nr_tmb < LINUX_TDMR_MAX_TMB) {
				out->tmb[out->nr_tmb++] = (struct linux_tmb){ s, piece_end, nid };
			}
			s = piece_end;
		}
	}
}

/* fill_out_tdmrs; returns how many TDMRs the map takes (may exceed max). */
static unsigned fill_out_tdmrs(struct linux_tdmr_result *out, unsigned max)
{
	unsigned idx = 0;
	paddr_t cur_base = 0, cur_end = 0;
	bool have = false;

	for (unsigned i = 0; i < out->nr_tmb; i++) {
		paddr_t start = ALIGN_DOWN(out->tmb[i].start, GiB);
		paddr_t end = ALIGN_UP(out->tmb[i].end, GiB);

		if (have) {
			if (end <= cur_end)
				continue;
			if (start < cur_end)
				start = cur_end;
			idx++;
		}
		if (idx < max) {
			out->tdmr[idx].base = start;
			out->tdmr[idx].size = end - start;
		}
		cur_base = start;
		cur_end = end;
		have = true;
	}
	(void)cur_base;
	return have ? idx + 1 : 0;
}

static bool is_ram_of(const struct linux_tdmr_result *out, int nid, paddr_t s, paddr_t e)
{
	for (unsigned i = 0; i < out->nr_tmb; i++) {
		const struct linux_tmb *t = &out->tmb[i];

		if (s >= t->start && s < t->end) {
			/* Regions of one node that touch form one stretch of RAM. */
			while (t->nid == nid && t->end < e && i + 1 < out->nr_tmb &&
			       out->tmb[i + 1].start == t->end && out->tmb[i + 1].nid == nid)
				t = &out->tmb[++i];
			return t->nid == nid && e <= t->end;
		}
	}
	return false;
}

/* Start of the first stretch of node nid's RAM that ends after pa. */
static paddr_t next_ram(const struct linux_tdmr_result *out, int nid, paddr_t pa)
{
	for (unsigned i = 0; i < out->nr_tmb; i++)
		if (out->tmb[i].nid == nid && out->tmb[i].end > pa)
			return MAX(out->tmb[i].start, pa);
	return UINT64_MAX;
}

static bool hits_pamt(const struct linux_tdmr_result *out, unsigned nr, paddr_t s, paddr_t e)
{
	for (unsigned i = 0; i < nr; i++) {
		paddr_t ps = out->tdmr[i].pamt_4k_base;
		paddr_t pe = ps + out->tdmr[i].pamt_4k_size + out->tdmr[i].pamt_2m_size +
			     out->tdmr[i].pamt_1g_size;

		if (s < pe && ps < e)
			return true;
	}
	return false;
}

/* The span of node nid's pages in [lo, hi), as its zone would have it. */
static bool zone_span(const struct linux_tdmr_input *in, const struct linux_tdmr_result *out,
		      int nid, paddr_t lo, paddr_t hi, paddr_t *zs, paddr_t *ze)
{
	paddr_t s = UINT64_MAX, e = 0;

	for (unsigned i = 0; i < in->nr_ram; i++) {
		paddr_t rs = MAX(ALIGN_UP(in->ram[i].start, PAGE_SIZE), PAGE_SIZE);
		paddr_t re = ALIGN_DOWN(in->ram[i].end, PAGE_SIZE);

		for (paddr_t x = rs; x < re;) {
			paddr_t node_end, pe;
			int n = node_of(in, x, &node_end);

			pe = MIN(re, node_end);
			if (n == nid && MAX(x, lo) < MIN(pe, hi)) {
				s = MIN(s, MAX(x, lo));
				e = MAX(e, MIN(pe, hi));
			}
			x = pe;
		}
	}
	(void)out;
	*zs = s;
	*ze = e;
	return s < e;
}

/* alloc_contig_pages(nr_pages, GFP_KERNEL, nid, &node_online_map). */
static paddr_t alloc_contig(const struct linux_tdmr_input *in, const struct linux_tdmr_result *out,
			    unsigned done, uint64_t nr_pages, int nid)
{
	static const paddr_t zone_lo[3] = { 4 * GiB, 16 * MiB, 0 };
	static const paddr_t zone_hi[3] = { UINT64_MAX, 4 * GiB, 16 * MiB };
	int nodes[65], nr_nodes = 0;

	nodes[nr_nodes++] = nid;
	for (int n = 0; n < 64; n++) {
		bool known = false;

		for (unsigned i = 0; i < in->nr_numa && !known; i++)
			known = in->numa[i].nid == n;
		if (known && n != nid)
			nodes[nr_nodes++] = n;
	}
	for (int k = 0; k < nr_nodes; k++) {
		for (int z = 0; z < 3; z++) {
			paddr_t zs, ze;

			if (!zone_span(in, out, nodes[k], zone_lo[z], zone_hi[z], &zs, &ze))
				continue;
			/* ALIGN(zone_start_pfn, nr_pages): a mask, even when nr_pages
			 * is not a power of two. */
			uint64_t pfn = ((zs >> PAGE_SHIFT) + nr_pages - 1) & ~(nr_pages - 1);

			for (; (pfn + nr_pages) << PAGE_SHIFT <= ze; pfn += nr_pages) {
				paddr_t s = pfn << PAGE_SHIFT, e = (pfn + nr_pages) << PAGE_SHIFT;
				paddr_t resume;

				if (s >= MiB && is_ram_of(out, nodes[k], s, e) && !hits_pamt(out, done, s, e))
					return s;
				/* The same candidates the kernel tries, minus those that
				 * cannot be RAM: skip to the next chunk that can. */
				resume = next_ram(out, nodes[k], s + PAGE_SIZE);
				if (resume > e)
					pfn += ((resume - e) >> PAGE_SHIFT) / nr_pages * nr_pages;
			}
		}
	}
	return 0;
}

static int tmb_nid_for(const struct linux_tdmr_result *out, paddr_t base)
{
	for (unsigned i = 0; i < out->nr_tmb; i++)
		if (out->tmb[i].end > base)
			return out->tmb[i].nid;
	return 0;
}

/* tdmr_populate_rsvd_holes + tdmr_populate_rsvd_pamts: counts every area,
 * stores up to max in ascending order. */
static unsigned populate_rsvd(struct linux_tdmr_result *out, unsigned t, unsigned nr_tdmrs,
			      unsigned max)
{
	struct tdmr_info *tdmr = &out->tdmr[t];
	paddr_t end = tdmr->base + tdmr->size, prev_end = tdmr->base;
	struct range area[TDMR_MAX_RSVD + 1];
	unsigned n = 0;

#define ADD_AREA(s, e)                                                          \
	do {                                                                    \
		if (n < max)                                                    \
			area[n] = (struct range){ (s), (e) };                   \
		n++;                                                            \
	} while (0)

	for (unsigned i = 0; i < out->nr_tmb; i++) {
		paddr_t s = out->tmb[i].start, e = out->tmb[i].end;

		if (s >= end)
			break;
		if (e < tdmr->base)
			continue;
		if (s <= prev_end) {
			prev_end = e;
			continue;
		}
		ADD_AREA(prev_end, s);
		prev_end = e;
	}
	if (prev_end < end)
		ADD_AREA(prev_end, end);
	for (unsigned i = 0; i < nr_tdmrs; i++) {
		paddr_t ps = out->tdmr[i].pamt_4k_base;
		paddr_t pe = ps + out->tdmr[i].pamt_4k_size + out->tdmr[i].pamt_2m_size +
			     out->tdmr[i].pamt_1g_size;

		if (pe <= tdmr->base || ps >= end)
			continue;
		ADD_AREA(MAX(ps, tdmr->base), MIN(pe, end));
	}
#undef ADD_AREA
	/* sort(): reserved areas never overlap, so ordering by start is enough. */
	unsigned stored = MIN(n, max);
	for (unsigned i = 1; i < stored; i++)
		for (unsigned k = i; k > 0 && area[k].start < area[k - 1].start; k--) {
			struct range tmp = area[k];
			area[k] = area[k - 1];
			area[k - 1] = tmp;
		}
	memset(tdmr->rsvd, 0, sizeof(tdmr->rsvd));
	for (unsigned i = 0; i < stored && i < TDMR_MAX_RSVD; i++) {
		tdmr->rsvd[i].offset = area[i].start - tdmr->base;
		tdmr->rsvd[i].size = area[i].end - area[i].start;
	}
	return n;
}

void linux_tdmr_build(const struct linux_tdmr_input *in, struct linux_tdmr_result *out)
{
	const struct tdmr_limits *lim = &in->limits;
	unsigned max_tdmrs = MIN(lim->max_tdmrs, TDMR_MAX_TDMRS);
	unsigned max_rsvd = MIN(lim->max_rsvd, TDMR_MAX_RSVD);
	unsigned nr;

	memset(out, 0, sizeof(*out));
	build_tmbs(in, out);
	nr = fill_out_tdmrs(out, max_tdmrs);
	out->nr_tdmrs = nr;
	if (nr > max_tdmrs) {
		out->err = -LINUX_ENOSPC;
		format(out->msg, sizeof(out->msg), "initialization failed: TDMRs exhausted.");
		return;
	}

	for (unsigned t = 0; t < nr; t++) {
		struct tdmr_info *tdmr = &out->tdmr[t];
		uint64_t size[TDX_PS_NR], total = 0;
		paddr_t base;

		for (int ps = 0; ps < TDX_PS_NR; ps++) {
			size[ps] = tdmr_pamt_size(tdmr->size, (enum tdx_page_size)ps, lim->pamt_entry_size[ps]);
			total += size[ps];
		}
		base = alloc_contig(in, out, t, total >> PAGE_SHIFT, tmb_nid_for(out, tdmr->base));
		if (!base) {
			out->err = -LINUX_ENOMEM;
			format(out->msg, sizeof(out->msg),
			       "no %llu contiguous bytes for the PAMT of TDMR [0x%llx, 0x%llx)",
			       U(total), U(tdmr->base), U(tdmr->base + tdmr->size));
			return;
		}
		/* One chunk: 4K, then 2M, then 1G. */
		tdmr->pamt_4k_base = base;
		tdmr->pamt_4k_size = size[TDX_PS_4K];
		tdmr->pamt_2m_base = base + size[TDX_PS_4K];
		tdmr->pamt_2m_size = size[TDX_PS_2M];
		tdmr->pamt_1g_base = tdmr->pamt_2m_base + size[TDX_PS_2M];
		tdmr->pamt_1g_size = size[TDX_PS_1G];
		out->pamt_bytes += total;
	}

	for (unsigned t = 0; t < nr; t++) {
		unsigned need = populate_rsvd(out, t, nr, max_rsvd);

		if (need > out->max_rsvd) {
			out->max_rsvd = need;
			out->max_rsvd_tdmr = t;
		}
		if (need > max_rsvd && !out->err) {
			out->err = -LINUX_ENOSPC;
			format(out->msg, sizeof(out->msg),
			       "initialization failed: TDMR [0x%llx, 0x%llx): reserved areas exhausted.",
			       U(out->tdmr[t].base), U(out->tdmr[t].base + out->tdmr[t].size));
		}
	}
}
#endif
