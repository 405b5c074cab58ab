/*
** compare.c: a computed metric's breakdown against the whole (see compare.h).
*/
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compare.h"
#include "kpistat/compute.h"
#include "kpistat/geo.h"
#include "kpistat/num.h"
#include "kpistat/xmalloc.h"

struct collect {
	struct compare	*cmp;
	size_t		 cap, ucap;
	double		 city_den, all_den;	/* the city's, and that of every value */
	const struct geo_layer *layer;
	const struct geo_link *link;
};

static int
collect(void *arg, const struct cfigure *f)
{
	struct collect *u = arg;
	struct compare *cmp = u->cmp;
	struct compare_area *a;
	const char *eq, *value;
	double count;

	if (*f->breakdown == '\0') {
		u->city_den = cmp->method == FUNNEL_MEDIAN ? (double)f->nvals : cmp->per_population ?
		    f->num : f->den;
		return 0;
	}
	eq = strchr(f->breakdown, '=');
	count = cmp->method == FUNNEL_MEDIAN ? (double)f->nvals : cmp->per_population ? f->num :
	    f->den > 0 ? f->den : 0;
	u->all_den += count;
	value = eq != NULL ? eq + 1 : f->breakdown;
	if (u->layer != NULL) {
		const struct geo_area *ga;
		char idbuf[200];

		catalog_geo_area_id(u->link, value, idbuf, sizeof idbuf);
		if (*idbuf == '\0' || (ga = geo_find(u->layer, idbuf)) == NULL) {
			struct compare_unmatched *x;

			cmp->unmatched = xgrow(cmp->unmatched, &u->ucap, cmp->nunmatched + 1,
			    sizeof *cmp->unmatched);
			x = &cmp->unmatched[cmp->nunmatched++];
			x->value = xstrdup(value);
			x->count = count;
			cmp->unmatched_total += count;
			return 0;
		}
		cmp->areas = xgrow(cmp->areas, &u->cap, cmp->n + 1, sizeof *cmp->areas);
		a = &cmp->areas[cmp->n++];
		memset(a, 0, sizeof *a);
		a->id = xstrdup(ga->id);
		a->name = ga->name ? xstrdup(ga->name) : NULL;
		if (cmp->per_population) {
			a->f.num = f->num;
			a->f.den = ga->population;
			return 0;
		}
	} else {
		cmp->areas = xgrow(cmp->areas, &u->cap, cmp->n + 1, sizeof *cmp->areas);
		a = &cmp->areas[cmp->n++];
		memset(a, 0, sizeof *a);
		a->id = xstrdup(value);
	}
	if (cmp->method == FUNNEL_MEDIAN) {
		a->f.nvals = f->nvals;
		if (f->nvals > 0) {
			a->f.vals = xmalloc(f->nvals * sizeof *a->f.vals);
			memcpy(a->f.vals, f->vals, f->nvals * sizeof *a->f.vals);
		}
	} else {
		a->f.num = f->num;
		a->f.den = f->den;
	}
	return 0;
}

/* Ids that are numbers sort as numbers (district 2 before 10), then the others by text. */
static int
by_id(const void *x, const void *y)
{
	const struct compare_area *a = x, *b = y;
	char *ea, *eb;
	double na, nb;

	errno = 0;
	na = strtod(a->id, &ea);
	nb = strtod(b->id, &eb);
	if (*a->id && *b->id && *ea == '\0' && *eb == '\0')
		return (na > nb) - (na < nb);
	if (*a->id && *ea == '\0')
		return -1;
	if (*b->id && *eb == '\0')
		return 1;
	return strcmp(a->id, b->id);
}

/* 1 when every area of the layer has a population. */
static int
has_population(const struct geo_layer *l)
{
	if (l == NULL || l->n == 0)
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (isnan(l->areas[i].population) || l->areas[i].population <= 0)
			return 0;
	return 1;
}

static int
method_of(const struct metric *m, const struct geo_layer *l, struct compare *out,
    struct kp_err *e)
{
	const struct compute *k = m->compute;
	enum funnel_method *method = &out->method;
	double *scale = &out->scale;

	*scale = 1;
	switch (k->measure) {
	case MEAS_SHARE_IN_GROUP:
		if (k->field != NULL)
			return err_set(e, KP_DATA, NULL, "metric '%s' is a share of a sum (%s): compare "
			    "works on shares of records, rates and medians", m->code, k->field);
		/* fall through */
	case MEAS_SHARE_WITHIN:
		*method = FUNNEL_SHARE;
		*scale = k->scale;
		return 0;
	case MEAS_RATE:
		*method = num_pct_for_unit(m->unit) != NUM_PCT_REJECT ? FUNNEL_SHARE : FUNNEL_RATE;
		*scale = k->scale;
		return 0;
	case MEAS_MEDIAN:
	case MEAS_DURATION_MEDIAN:
		*method = FUNNEL_MEDIAN;
		return 0;
	case MEAS_COUNT:
	case MEAS_OPEN_AT_END:
		/* With a population per area, a count is a rate per 1,000 residents. */
		if (has_population(l)) {
			*method = FUNNEL_RATE;
			*scale = 1000;
			out->per_population = 1;
			return 0;
		}
		return err_set(e, KP_DATA, NULL, "metric '%s' counts records (%s): compare needs "
		    "denominators: a population per area (the geography's population_property) "
		    "makes it a rate", m->code,
		    catalog_measure_name(k->measure));
	default:
		return err_set(e, KP_DATA, NULL, "metric '%s' is a %s: compare works on shares "
		    "(share_within, rate), rates and medians", m->code,
		    catalog_measure_name(k->measure));
	}
}

int
compare_default_period(struct store *st, const struct metric *m, struct period *out,
    struct kp_err *e)
{
	struct series s;

	if (store_series(st, m->code, "", &s, e) < 0)
		return -1;
	if (s.n == 0) {
		series_release(&s);
		return err_set(e, KP_DATA, NULL, "metric '%s' has no figures: run 'kpistat "
		    "compute' first, or give --period", m->code);
	}
	*out = s.periods[s.n - 1];
	series_release(&s);
	return 0;
}

int
compare_run(struct store *st, const struct catalog *c, const struct metric *m,
    const struct period *p, int overdispersion, const struct geo_layer *layer,
    const struct geo_link *link, struct compare *out, struct kp_err *e)
{
	struct funnel_opts o;
	struct collect u;

	memset(out, 0, sizeof *out);
	out->m = m;
	out->overdispersion = overdispersion;
	if (m->compute == NULL)
		return err_set(e, KP_DATA, NULL, "metric '%s' is not computed from records: compare "
		    "needs the records behind each area's figure (a compute block)", m->code);
	if (m->compute->breakdown == NULL)
		return err_set(e, KP_DATA, NULL, "metric '%s' has no breakdown: compare needs its "
		    "figures by area (breakdown: in its compute block)", m->code);
	if (method_of(m, layer, out, e) < 0)
		return -1;
	if (p != NULL) {
		if (p->kind != period_freq_kind(m->freq))
			return err_set(e, KP_DATA, NULL, "period is a %s, but metric '%s' is reported "
			    "%s: expected %s", period_kind_name(p->kind), m->code,
			    period_freq_name(m->freq), period_kind_example(period_freq_kind(m->freq)));
		out->period = *p;
	} else if (compare_default_period(st, m, &out->period, e) < 0) {
		return -1;
	}
	out->key = xstrdup(m->compute->breakdown);
	memset(&u, 0, sizeof u);
	u.cmp = out;
	u.city_den = NAN;
	u.layer = layer;
	u.link = link;
	if (compute_cells(st, c, m, &out->period, collect, &u, e) < 0) {
		compare_release(out);
		return -1;
	}
	if (out->n > 1)		/* no qsort on an empty (NULL) list: UBSan */
		qsort(out->areas, out->n, sizeof *out->areas, by_id);
	o.method = out->method;
	o.scale = out->scale;
	o.overdispersion = overdispersion;
	{
		struct funnel_area *fa = xcalloc(out->n + 1, sizeof *fa);
		int rc;

		for (size_t i = 0; i < out->n; i++)
			fa[i] = out->areas[i].f;
		rc = funnel_compare(&o, fa, out->n, &out->pooled);
		for (size_t i = 0; i < out->n; i++)
			out->areas[i].f = fa[i];
		free(fa);
		if (rc < 0) {
			char per[16];

			err_set(e, KP_DATA, NULL, "metric '%s': no %s value has records in %s to "
			    "compare", m->code, out->key, period_format(&out->period, per));
			compare_release(out);
			return -1;
		}
	}
	out->city_den = u.city_den;
	out->unplaced = isnan(u.city_den) ? NAN : u.city_den - u.all_den;
	for (size_t i = 0; layer != NULL && i < layer->n; i++) {
		int seen = 0;

		for (size_t k = 0; k < out->n && !seen; k++)
			seen = strcmp(out->areas[k].id, layer->areas[i].id) == 0;
		if (!seen) {
			out->nodata = xrealloc(out->nodata, (out->nnodata + 1) * sizeof *out->nodata);
			out->nodata[out->nnodata++] = xstrdup(layer->areas[i].id);
		}
	}
	return 0;
}

void
compare_release(struct compare *cmp)
{
	for (size_t i = 0; i < cmp->n; i++) {
		free(cmp->areas[i].id);
		free(cmp->areas[i].name);
		free(cmp->areas[i].f.vals);
	}
	for (size_t i = 0; i < cmp->nunmatched; i++)
		free(cmp->unmatched[i].value);
	for (size_t i = 0; i < cmp->nnodata; i++)
		free(cmp->nodata[i]);
	free(cmp->unmatched);
	free(cmp->nodata);
	free(cmp->areas);
	free(cmp->key);
	memset(cmp, 0, sizeof *cmp);
}

int
compare_sense(const struct metric *m, enum funnel_verdict v)
{
	int high = v == FV_HIGH_998 || v == FV_HIGH_95, low = v == FV_LOW_998 || v == FV_LOW_95;

	if (m->direction == DIR_NEUTRAL || (!high && !low))
		return 0;
	return (high && m->direction == DIR_LOWER) || (low && m->direction == DIR_HIGHER) ? 1 : -1;
}

const char *
compare_words(const struct metric *m, enum funnel_verdict v)
{
	int s = compare_sense(m, v), strong = v == FV_HIGH_998 || v == FV_LOW_998;

	if (v == FV_NONE)
		return "not compared (no records)";
	if (v == FV_NOT_SIG)
		return "no evidence that it differs from the city";
	if (s > 0)
		return strong ? "significantly worse than the city (99.8 % limits)" :
		    "worse than the city (95 % limits)";
	if (s < 0)
		return strong ? "significantly better than the city (99.8 % limits)" :
		    "better than the city (95 % limits)";
	if (v == FV_HIGH_998 || v == FV_HIGH_95)
		return strong ? "significantly higher than the city (99.8 % limits)" :
		    "higher than the city (95 % limits)";
	return strong ? "significantly lower than the city (99.8 % limits)" :
	    "lower than the city (95 % limits)";
}
