/*
** compute_stale.c: which periods a compute rewrites, and which of the figures stored for them
** it no longer gives (see compute.h). Pure.
**
** compute_run() fills a set with a metric's stored computed figures in the periods it rewrites,
** crosses each one off as the job emits it again, and withdraws what is left: the cells that
** lost their records. The set is sorted once, on first use, and searched by halving, so the
** order in which figures are added and emitted does not matter.
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/xmalloc.h"

int
compute_range(const struct metric *m, const struct compute_opts *o, int fy_start, long *lo,
    long *hi)
{
	enum period_kind kind = period_freq_kind(m->freq);

	*lo = LONG_MIN;
	*hi = LONG_MAX;
	if (m->compute != NULL && m->compute->has_since)
		*lo = period_key(&m->compute->since);
	if (o->from != NULL) {
		/* --period 2026-10 for a quarterly metric means 2026-Q4: the one holding its first day. */
		struct period p = period_of_day(kind, period_first_day(o->from, fy_start), fy_start);
		long want = period_key(&p);

		if (want > *lo)
			*lo = want;
		if (o->only)
			*hi = want;
	}
	return *lo <= *hi;
}

/* One stored figure. */
struct sfig {
	struct period	 p;
	long		 key;		/* period_key(&p) */
	char		*breakdown;	/* "" for the whole city */
	int		 crossed;	/* the compute gave it again */
};

struct cstale {
	struct sfig	*v;
	size_t		 n, cap;
	int		 sorted;	/* v is in (key, breakdown) order */
};

struct cstale *
cstale_new(void)
{
	struct cstale *s = xcalloc(1, sizeof *s);

	return s;
}

void
cstale_free(struct cstale *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].breakdown);
	free(s->v);
	free(s);
}

void
cstale_add(struct cstale *s, const struct period *p, const char *breakdown)
{
	struct sfig *f;

	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	f = &s->v[s->n++];
	f->p = *p;
	f->key = period_key(p);
	f->breakdown = xstrdup(breakdown ? breakdown : "");
	f->crossed = 0;
	s->sorted = 0;
}

static int
cmp_key(long ka, const char *ba, long kb, const char *bb)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(ba, bb);
}

static int
by_key(const void *a, const void *b)
{
	const struct sfig *x = a, *y = b;

	return cmp_key(x->key, x->breakdown, y->key, y->breakdown);
}

static void
sort(struct cstale *s)
{
	if (!s->sorted && s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, by_key);
	s->sorted = 1;
}

int
cstale_cross(struct cstale *s, const struct period *p, const char *breakdown)
{
	long key = period_key(p);
	size_t lo = 0, hi;

	sort(s);
	if (breakdown == NULL)
		breakdown = "";
	/* Halve [lo, hi) until it is empty or holds the figure. */
	for (hi = s->n; lo < hi; ) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_key(key, breakdown, s->v[mid].key, s->v[mid].breakdown);

		if (c == 0) {
			s->v[mid].crossed = 1;
			return 1;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int
cstale_next(struct cstale *s, size_t *i, struct period *p, const char **breakdown)
{
	sort(s);
	for (; *i < s->n; (*i)++) {
		if (s->v[*i].crossed)
			continue;
		*p = s->v[*i].p;
		*breakdown = s->v[*i].breakdown;
		(*i)++;
		return 1;
	}
	return 0;
}
