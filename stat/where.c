/*
** where.c: a metric's comparison of areas on the boundaries in force (see where.h).
*/
#include <string.h>

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
	else if (m->compute != NULL && compare_default_period(st, m, &at, e) < 0)
		return -1;
	if (w->g != NULL && m->compute != NULL) {
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
	if (compare_run(st, c, m, m->compute != NULL ? &at : p, overdispersion,
	    w->g != NULL ? &w->layer : NULL, w->link, &w->cmp, e) < 0) {
		geo_layer_release(&w->layer);
		return -1;
	}
	return 0;
}

void
where_release(struct where *w)
{
	compare_release(&w->cmp);
	geo_layer_release(&w->layer);
	memset(w, 0, sizeof *w);
}
