/*
** equity.c: the gaps between areas over time (see equity.h).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/equity.h"
#include "kpistat/trend.h"
#include "kpistat/where.h"
#include "kpistat/xmalloc.h"

static int
in_group(const struct geo_group *g, const char *id)
{
	for (size_t i = 0; g != NULL && i < g->nids; i++)
		if (strcmp(g->ids[i], id) == 0)
			return 1;
	return 0;
}

/*
** Medians: the group's pooled median (of all its areas' values together) against the rest's,
** as the city's median pools every area's values; NaN when either side has none.
*/
static void
median_gap(const struct compare *c, const struct geo_group *g, struct equity_point *pt)
{
	size_t total = 0, ng = 0, nr = 0;
	double *gv, *rv;

	for (size_t i = 0; i < c->n; i++)
		total += c->areas[i].f.nvals;
	gv = xmalloc((total + 1) * sizeof *gv);
	rv = xmalloc((total + 1) * sizeof *rv);
	for (size_t i = 0; i < c->n; i++) {
		const struct funnel_area *f = &c->areas[i].f;
		int in = in_group(g, c->areas[i].id);

		if (f->nvals == 0)
			continue;
		memcpy(in ? gv + ng : rv + nr, f->vals, f->nvals * sizeof *gv);
		*(in ? &ng : &nr) += f->nvals;
	}
	if (ng > 0 && nr > 0) {
		pt->group_v = compute_median(gv, ng);
		pt->rest_v = compute_median(rv, nr);
		pt->group_gap = pt->group_v - pt->rest_v;
	}
	free(gv);
	free(rv);
}

/* One period's best, worst and group figures from its comparison. */
static void
point(const struct where *w, const struct geo_group *g, struct equity_point *pt)
{
	const struct compare *c = &w->cmp;
	double gn = 0, gd = 0, rn = 0, rd = 0, sc = c->scale > 0 ? c->scale : 1;
	int higher = w->m->direction == DIR_HIGHER;

	pt->group_v = pt->rest_v = pt->group_gap = NAN;
	for (size_t i = 0; i < c->n; i++) {
		const struct compare_area *a = &c->areas[i];

		if (a->f.verdict == FV_NONE || isnan(a->f.value))
			continue;
		if (pt->best == NULL || (higher ? a->f.value > pt->best_v : a->f.value < pt->best_v)) {
			pt->best = a->id;
			pt->best_v = a->f.value;
		}
		if (pt->worst == NULL || (higher ? a->f.value < pt->worst_v :
		    a->f.value > pt->worst_v)) {
			pt->worst = a->id;
			pt->worst_v = a->f.value;
		}
		if (c->method != FUNNEL_MEDIAN && in_group(g, a->id)) {
			gn += a->f.num;
			gd += a->f.den;
		} else if (c->method != FUNNEL_MEDIAN) {
			rn += a->f.num;
			rd += a->f.den;
		}
	}
	pt->ok = pt->best != NULL;
	pt->best = pt->best ? xstrdup(pt->best) : NULL;
	pt->worst = pt->worst ? xstrdup(pt->worst) : NULL;
	pt->gap = pt->ok ? fabs(pt->best_v - pt->worst_v) : NAN;
	if (g != NULL && c->method == FUNNEL_MEDIAN)
		median_gap(c, g, pt);
	else if (g != NULL && gd > 0 && rd > 0) {
		pt->group_v = gn / gd * sc;
		pt->rest_v = rn / rd * sc;
		pt->group_gap = pt->group_v - pt->rest_v;
	}
}

/* Closing when |gap| shrinks at the 5 % level, widening when it grows. */
static const char *
trend_of(const struct equity *q, int group, double *slope, double *p)
{
	double *y = xcalloc(q->n + 1, sizeof *y);
	long *t = xcalloc(q->n + 1, sizeof *t);
	size_t m = 0;
	struct trend_mk mk;

	for (size_t i = 0; i < q->n; i++) {
		double v = group ? q->v[i].group_gap : q->v[i].gap;

		if (!q->v[i].ok || isnan(v))
			continue;
		y[m] = fabs(v);
		t[m++] = (long)i;
	}
	*slope = *p = NAN;
	if (m >= 3) {
		mk = trend_mann_kendall(y, t, m);
		*slope = trend_sen_slope(y, t, m);
		*p = mk.p;
	}
	free(y);
	free(t);
	if (isnan(*p) || *p >= 0.05 || *slope == 0)
		return "no clear change";
	return *slope < 0 ? "closing" : "widening";
}

int
equity_run(struct store *st, const struct catalog *c, const struct metric *m,
    const struct period *until, size_t n, const char *group, struct equity *out,
    struct kp_err *e)
{
	const struct geo_link *link;
	const struct geography *geo = catalog_metric_geography(c, m, &link);
	const struct geo_group *g = NULL;
	struct period last;
	long key;

	memset(out, 0, sizeof *out);
	if (group != NULL) {
		if (geo == NULL || (g = catalog_geo_group(geo, group)) == NULL)
			return err_set(e, KP_DATA, NULL, "metric '%s': no group '%s'%s%s%s", m->code,
			    group, geo ? " in geography '" : ": its breakdown names no geography",
			    geo ? geo->name : "", geo ? "'" : "");
		out->group = xstrdup(group);
	}
	if (until != NULL)
		last = *until;
	else if (compare_default_period(st, m, &last, e) < 0)
		return -1;
	key = period_key(&last);
	out->v = xcalloc(n + 1, sizeof *out->v);
	for (size_t i = 0; i < n; i++) {
		struct equity_point *pt = &out->v[out->n++];
		struct where w;
		struct kp_err pe;

		pt->period = period_from_key(last.kind, key - (long)(n - 1 - i));
		if (where_load(st, c, m, &pt->period, NULL, 0, &w, &pe) < 0) {
			/* A metric compare refuses is refused here too; an empty period is a gap. */
			if (strstr(pe.msg, "to compare") == NULL) {
				*e = pe;
				equity_release(out);
				return -1;
			}
			continue;
		}
		point(&w, g, pt);
		where_release(&w);
	}
	out->gap_trend = trend_of(out, 0, &out->gap_slope, &out->gap_p);
	out->group_trend = trend_of(out, 1, &out->group_slope, &out->group_p);
	return 0;
}

void
equity_release(struct equity *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->v[i].best);
		free(q->v[i].worst);
	}
	free(q->v);
	free(q->group);
	memset(q, 0, sizeof *q);
}
