/*
** compute_cells.c: one computed metric's figures for one period, with what each is made of
** (records within, numerator and denominator, the values behind a median), not stored: what
** `kpistat compare` and the packet's maps compare areas on (see compute.h).
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/xmalloc.h"

struct cells_run {
	struct cjob	*j;
};

static int
feed(void *arg, const struct ev_value *row)
{
	cjob_add(((struct cells_run *)arg)->j, row);
	return 0;
}

static void
need(const char **cols, size_t *n, const char *name)
{
	if (name == NULL)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(cols[i], name) == 0)
			return;
	cols[(*n)++] = name;
}

/* A day as a value of column c (days, or seconds at its start). */
static long long
at_day(const struct ds_column *c, long day)
{
	return c->type == COL_DATE ? day : (long long)day * 86400;
}

int
compute_cells(struct store *st, const struct catalog *c, const struct metric *m,
    const struct period *p, cjob_emit_fn *emit, void *arg, struct kp_err *e)
{
	const struct compute *k = m->compute;
	const struct dataset *d = k != NULL ? catalog_dataset(c, k->dataset) : NULL;
	const char **cols;
	size_t ncols = 0;
	long key = period_key(p);
	struct cells_run u;
	struct ev_cond cond;
	struct ev_info info;
	const char *open = NULL, *col;
	const struct ds_column *dc;
	int rc = -1;

	if (d == NULL)
		return err_set(e, KP_DATA, NULL, "metric '%s' is not computed from records: "
		    "compare needs the records behind each area's figure", m->code);
	if (store_ev_info(st, d, &info, e) < 0)
		return -1;
	if (!info.exists || info.records == 0)
		return err_set(e, KP_DATA, NULL, "metric '%s': dataset '%s' has no records: load "
		    "them with 'kpistat events import %s FILE.csv'", m->code, d->name, d->name);
	cols = xcalloc(9 + k->nfilters, sizeof *cols);
	need(cols, &ncols, k->period_by);
	need(cols, &ncols, k->from);
	need(cols, &ncols, k->to);
	need(cols, &ncols, k->field);
	need(cols, &ncols, k->numerator);
	need(cols, &ncols, k->denominator);
	need(cols, &ncols, k->breakdown);
	need(cols, &ncols, k->area);
	for (size_t f = 0; f < k->nfilters; f++)
		need(cols, &ncols, k->filters[f].field);
	u.j = cjob_new(m, d, c->fy_start, cols, ncols, key, key);
	if (u.j == NULL) {
		err_set(e, KP_SOFTWARE, NULL, "metric '%s': its compute block does not fit dataset "
		    "'%s'", m->code, d->name);
		goto out;
	}
	if (k->measure == MEAS_SHARE_IN_GROUP) {
		const struct geo_group *g;
		const char *prefix;

		if (catalog_geo_group_of(c, k, &g, &prefix) < 0) {
			err_set(e, KP_DATA, NULL, "metric '%s': share_in_group: no group '%s' for "
			    "column '%s'", m->code, k->group, k->area);
			goto out;
		}
		cjob_set_group(u.j, g->ids, g->nids, prefix);
	}
	/* Only the records that can fall in p (open_at_end: those still open at its start). */
	col = k->measure == MEAS_OPEN_AT_END ? k->to : k->period_by;
	dc = catalog_column(d, col);
	cond.col = col;
	if (k->measure == MEAS_OPEN_AT_END) {
		cond.lo = at_day(dc, period_last_day(p, c->fy_start) + 1);
		cond.hi = LLONG_MAX;
		open = col;
	} else {
		cond.lo = at_day(dc, period_first_day(p, c->fy_start));
		cond.hi = at_day(dc, period_last_day(p, c->fy_start) + 1) - 1;
	}
	if (store_ev_scan(st, d, cols, ncols, &cond, 1, open, feed, &u, e) != 0 ||
	    cjob_finish(u.j, emit, NULL, arg) != 0)
		goto out;
	rc = 0;
out:
	cjob_free(u.j);
	free(cols);
	return rc;
}
