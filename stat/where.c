/*
** where.c: a metric's comparison of areas on the boundaries in force (see where.h).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/num.h"
#include "kpistat/store_geo.h"
#include "kpistat/where.h"

int
where_load(struct store *st, const struct catalog *c, const struct metric *m,
    const struct period *p, const char *geo, int overdispersion, struct where *w,
    struct kp_err *e)
{
	struct period at;
	char per[16];

	memset(w, 0, sizeof *w);
	w->m = m;
	if (geo != NULL) {
		if ((w->g = catalog_geography(c, geo)) == NULL)
			return err_set(e, KP_DATA, NULL, "unknown geography '%s': see the catalog's "
			    "geographies:", geo);
		catalog_metric_geography(c, m, &w->link);
		if (w->link != NULL && strcmp(w->link->geography, geo) != 0)
			w->link = NULL;
	} else {
		w->g = catalog_metric_geography(c, m, &w->link);
	}
	if (p != NULL)
		at = *p;
	else if ((m->compute != NULL || m->ratio != NULL) &&
	    compare_default_period(st, m, &at, e) < 0)
		return -1;
	if (w->g != NULL && (m->compute != NULL || m->ratio != NULL)) {
		if ((w->v = catalog_geo_version(w->g, &at, c->fy_start)) == NULL) {
			if (geo != NULL)
				return err_set(e, KP_DATA, NULL, "geography '%s' has no boundaries in "
				    "force for %s: see its versions' from and to", w->g->name,
				    period_format(&at, per));
			w->g = NULL;
		} else if (store_geo_layer(st, w->g, w->v, &w->layer, e) < 0) {
			return -1;
		}
	}
	if (compare_run(st, c, m, m->compute != NULL || m->ratio != NULL ? &at : p, overdispersion,
	    w->g != NULL ? &w->layer : NULL, w->link, &w->cmp, e) < 0) {
		geo_layer_release(&w->layer);
		return -1;
	}
	return 0;
}

void
where_load_earlier(struct store *st, const struct catalog *c, struct where *w, size_t n)
{
	long key = period_key(&w->cmp.period);

	w->earlier = calloc(n + 1, sizeof *w->earlier);
	for (size_t i = n - 1; w->earlier != NULL && i >= 1; i--) {
		struct period p = period_from_key(w->cmp.period.kind, key - (long)i);
		struct kp_err e;

		if (where_load(st, c, w->m, &p, w->g ? w->g->name : NULL, 0,
		    &w->earlier[w->nearlier], &e) == 0) {
			if (w->earlier[w->nearlier].g != NULL)
				w->nearlier++;
			else
				where_release(&w->earlier[w->nearlier]);
		}
	}
}

void
where_release(struct where *w)
{
	for (size_t i = 0; i < w->nearlier; i++)
		where_release(&w->earlier[i]);
	free(w->earlier);
	compare_release(&w->cmp);
	geo_layer_release(&w->layer);
	memset(w, 0, sizeof *w);
}

char *
where_left_out(const struct where *w, size_t max_values, size_t max_areas)
{
	const struct compare *c = &w->cmp;
	struct buf b = BUF_INIT;
	char n1[32];
	size_t nv = c->nunmatched < max_values ? c->nunmatched : max_values;

	if (c->unplaced > 0)
		buf_addf(&b, "%s records have no %s", num_format(c->unplaced, 0, n1, sizeof n1),
		    c->key);
	for (size_t i = 0; i < nv; i++)
		buf_addf(&b, "%s%s %s'%s'", i > 0 ? ", " : b.len > 0 ? "; " : "",
		    num_format(c->unmatched[i].count, 0, n1, sizeof n1), i == 0 ? "have " : "",
		    c->unmatched[i].value);
	if (c->nunmatched > nv)
		buf_addf(&b, " and %zu more values", c->nunmatched - nv);
	if (nv > 0)
		buf_addf(&b, ", which name no area%s%s%s", w->g ? " of '" : "", w->g ? w->g->name :
		    "", w->g ? "'" : "");
	if (b.len > 0)
		buf_adds(&b, ". They count for the city but not in the comparison or the map. ");
	if (c->nnodata > 0) {
		buf_addf(&b, "%zu area%s with no records:", c->nnodata, c->nnodata == 1 ? "" : "s");
		for (size_t i = 0; i < c->nnodata && i < max_areas; i++)
			buf_addf(&b, " %s", c->nodata[i]);
		buf_adds(&b, c->nnodata > max_areas ? " ... " : ". ");
	}
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	b.s[--b.len] = '\0';	/* the trailing space */
	return buf_detach(&b);
}
