/* Range-set arithmetic over a fixed array kept sorted and merged. */
#include "range_set.h"
#include "../lib/string.h"

static void delete_at(struct range_set *s, unsigned i)
{
	memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(s->r[0]));
	s->n--;
}

static bool insert_at(struct range_set *s, unsigned i, paddr_t start, paddr_t end)
{
	if (s->n == RANGE_SET_MAX) {
		s->overflow = true;
		return false;
	}
	memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
	s->r[i].start = start;
	s->r[i].end = end;
	s->n++;
	return true;
}

void range_set_add(struct range_set *s, paddr_t start, paddr_t end)
{
	unsigned i = 0;

	if (start >= end)
		return;
	while (i < s->n && s->r[i].end < start)
		i++;
	/* Absorb every range that overlaps or touches [start, end). */
	while (i < s->n && s->r[i].start <= end) {
		start = MIN(start, s->r[i].start);
		end = MAX(end, s->r[i].end);
		delete_at(s, i);
	}
	insert_at(s, i, start, end);
}

void range_set_remove(struct range_set *s, paddr_t start, paddr_t end)
{
	if (start >= end)
		return;
	for (unsigned i = 0; i < s->n;) {
		struct range *r = &s->r[i];

		if (r->end <= start || r->start >= end) {
			i++;
			continue;
		}
		if (r->start < start && r->end > end) {
			paddr_t old_end = r->end;
			r->end = start;
			insert_at(s, i + 1, end, old_end);
			return;
		}
		if (r->start < start) {
			r->end = start;
			i++;
		} else if (r->end > end) {
			r->start = end;
			i++;
		} else {
			delete_at(s, i);
		}
	}
}

uint64_t range_set_total(const struct range_set *s)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < s->n; i++)
		total += s->r[i].end - s->r[i].start;
	return total;
}

paddr_t range_set_find(const struct range_set *s, uint64_t size, uint64_t align,
		       paddr_t min, paddr_t max)
{
	for (unsigned i = 0; i < s->n; i++) {
		paddr_t base = ALIGN_UP(MAX(s->r[i].start, min), align);
		paddr_t limit = MIN(s->r[i].end, max);

		if (base && base < limit && limit - base >= size)
			return base;
	}
	return 0;
}
