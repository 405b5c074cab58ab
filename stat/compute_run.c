/*
** compute_run.c: every computed metric over the store's raw records (see compute.h).
**
** One pass per dataset: the metrics computed from a dataset share a single read of its
** records, each row fed to each metric's job. A full compute reads every record; a compute of
** some periods (--period, --since) asks the store only for the records that can fall in them
** (store_ev_scan: the blocks whose summaries can hold them, plus those with open records for
** open_at_end), which is
** what makes recomputing a new month cheap. Everything is written in one transaction.
**
** After a metric's figures are written, its stored computed figures in the periods the
** compute rewrites that it did not give again are withdrawn: their records are gone.
*/
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/xmalloc.h"
#include "compute_int.h"

struct mjob {
	const struct metric	*m;
	struct cjob		*j;
	long			 klo, khi;	/* periods to emit */
};

struct run {
	struct store		*st;
	const struct catalog	*c;
	const struct compute_opts *o;
	struct compute_result	*r;
	const struct dataset	*d;
	struct mjob		*jobs;
	size_t			 njobs;
	const char		*metric;	/* the metric being emitted */
	const struct metric	*m;		/* ... and its catalog entry */
	struct diags		*w;		/* warnings */
	struct cstale		*stale;		/* its stored figures not given again yet, or NULL */
	char			 reason[128];	/* of revisions */
	char			 wreason[160];	/* of withdrawals */
	struct kp_err		*e;
};

static long
key_of_value(const struct ds_column *c, long long v, enum period_kind kind, int fy)
{
	long day = c->type == COL_DATE ? (long)v : (long)(v >= 0 ? v / 86400 : -((-v + 86399) / 86400));
	struct period p = period_of_day(kind, day, fy);

	return period_key(&p);
}

/* A day as a value of column c (days, or seconds at its start). */
static long long
value_of_day(const struct ds_column *c, long day)
{
	return c->type == COL_DATE ? day : (long long)day * 86400;
}

/*
** The periods metric m can have figures for: the span of its dataset's dates, cut to what was
** asked. 1 with *klo..*khi, 0 when there is nothing to compute, -1 on error.
*/
static int
span(struct run *u, const struct metric *m, long *klo, long *khi)
{
	const struct compute *k = m->compute;
	enum period_kind kind = period_freq_kind(m->freq);
	const char *first = k->measure == MEAS_OPEN_AT_END ? k->from : k->period_by;
	const struct ds_column *c = catalog_column(u->d, first);
	long long lo, hi;
	long rlo, rhi;
	int rc;

	if ((rc = store_ev_span(u->st, u->d, first, &lo, &hi, u->e)) <= 0)
		return rc;
	*klo = key_of_value(c, lo, kind, u->c->fy_start);
	*khi = key_of_value(c, hi, kind, u->c->fy_start);
	if (k->measure == MEAS_OPEN_AT_END) {
		const struct ds_column *t = catalog_column(u->d, k->to);

		/* Open counts run on to the last date the dataset knows, opened or closed. */
		if ((rc = store_ev_span(u->st, u->d, k->to, &lo, &hi, u->e)) < 0)
			return rc;
		if (rc == 1 && key_of_value(t, hi, kind, u->c->fy_start) > *khi)
			*khi = key_of_value(t, hi, kind, u->c->fy_start);
	}
	/* Then cut to the periods asked for. */
	if (!compute_range(m, u->o, u->c->fy_start, &rlo, &rhi))
		return 0;
	if (rlo > *klo)
		*klo = rlo;
	if (rhi < *khi)
		*khi = rhi;
	return *klo <= *khi;
}

/* Add name to the column list when it is not there yet. */
static void
need(const char ***cols, size_t *n, size_t *cap, const char *name)
{
	if (name == NULL)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*cols)[i], name) == 0)
			return;
	*cols = xgrow(*cols, cap, *n + 1, sizeof **cols);
	(*cols)[(*n)++] = name;
}

static int
feed(void *arg, const struct ev_value *row)
{
	struct run *u = arg;

	for (size_t i = 0; i < u->njobs; i++)
		if (u->jobs[i].j != NULL)
			cjob_add(u->jobs[i].j, row);
	return 0;
}

static int
emit(void *arg, const struct cfigure *cf)
{
	struct run *u = arg;
	enum store_outcome out;
	struct figure f;

	memset(&f, 0, sizeof f);
	f.metric = u->metric;
	f.period = cf->period;
	f.breakdown = cf->breakdown;
	f.value = cf->value;
	f.by = u->o->by;
	f.origin = "computed";
	if (store_record(u->st, &f, u->reason, &out, NULL, u->e) < 0)
		return -1;
	if (out == STORE_LOCKED) {
		char per[PERIOD_STRLEN];

		return err_set(u->e, KP_DATA, NULL, "the records change %s %s%s%s, which is locked "
		    "for its Stat packet ('kpistat lock list'): give --reason TEXT to recompute "
		    "locked figures (each change is listed in the next packet's data notes)",
		    u->metric, period_format(&cf->period, per), *cf->breakdown ? " " : "",
		    cf->breakdown);
	}
	if (out != STORE_SAME)
		compute_check_bounds(u->m, &f, u->r, u->w);
	if (u->stale != NULL)
		cstale_cross(u->stale, &cf->period, cf->breakdown);
	u->r->figures++;
	if (out == STORE_NEW)
		u->r->added++;
	else if (out == STORE_REVISED || out == STORE_RESTORED)
		u->r->revised++;
	else
		u->r->same++;
	return 0;
}

static int
note(void *arg, const struct period *p, const char *what, long count)
{
	struct run *u = arg;

	if (count > 0)
		u->r->notes++;
	return store_note_set(u->st, u->metric, p, what, count, u->e);
}

/* A stored computed figure the compute may withdraw. */
static int
stale_add(void *arg, const struct store_row *r)
{
	struct run *u = arg;
	struct period p;
	struct kp_err e;

	/* A period the store cannot parse is left alone (series and status report it). */
	if (period_parse(r->period, &p, &e) == 0)
		cstale_add(u->stale, &p, r->breakdown);
	return 0;
}

/*
** Emit metric mj's figures (when it has periods to compute), then withdraw its stored
** computed figures, in the periods the compute rewrites, that it did not give again: their
** period or breakdown value has no records any more. 0 or -1.
*/
static int
finish(struct run *u, struct mjob *mj)
{
	const struct compute *k = mj->m->compute;
	const char *b;
	char what[200];
	struct period p;
	size_t i = 0;
	long lo, hi, before = u->r->withdrawn;
	int rc = 0, w;

	u->metric = mj->m->code;
	u->m = mj->m;
	/* No period to rewrite: nothing to withdraw (and span() made no job either). */
	if (!compute_range(mj->m, u->o, u->c->fy_start, &lo, &hi))
		return mj->j != NULL ? cjob_finish(mj->j, emit, note, u) : 0;
	u->stale = cstale_new();
	if (store_current_figures(u->st, mj->m->code, "computed", lo, hi, stale_add, u, u->e) != 0 ||
	    (mj->j != NULL && cjob_finish(mj->j, emit, note, u) != 0)) {
		rc = -1;
		goto out;
	}
	compute_note_what(k, what, sizeof what);
	while (rc == 0 && cstale_next(u->stale, &i, &p, &b)) {
		long key = period_key(&p);

		if ((w = store_withdraw(u->st, mj->m->code, &p, b, u->o->by, u->wreason, u->e)) < 0) {
			rc = -1;
			break;
		}
		u->r->withdrawn += w;
		/* A period the job no longer covers takes its data-quality note with it. */
		if (*b == '\0' && k->from != NULL && (mj->j == NULL || key < mj->klo ||
		    key > mj->khi) && store_note_set(u->st, mj->m->code, &p, what, 0, u->e) < 0)
			rc = -1;
	}
	if (mj->j == NULL && u->r->withdrawn > before)
		u->r->metrics++;
out:
	cstale_free(u->stale);
	u->stale = NULL;
	return rc;
}

/* Breakdown values the metric already has figures for, so that counts stay zero-filled. */
static int
seed(struct run *u, struct mjob *mj)
{
	char **v;
	size_t n;

	if (mj->m->compute->breakdown == NULL || !catalog_measure_is_count(mj->m->compute->measure))
		return 0;
	if (store_breakdowns(u->st, mj->m->code, &v, &n, u->e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(v[i], '=');

		if (eq != NULL)
			cjob_seed_breakdown(mj->j, eq + 1);
	}
	store_strv_free(v, n);
	return 0;
}

/*
** The conditions that select the records the jobs' periods need: their number (0 with no
** open column: there is nothing to read), or -1 when every record must be read.
*/
static long
conditions(struct run *u, struct ev_cond *conds, const char **open)
{
	long n = 0;
	int opens = 0;

	*open = NULL;
	if (u->o->from == NULL)
		return -1;
	for (size_t i = 0; i < u->njobs; i++) {
		const struct compute *k = u->jobs[i].m->compute;
		const char *col = k->measure == MEAS_OPEN_AT_END ? k->to : k->period_by;
		const struct ds_column *c = catalog_column(u->d, col);
		struct period lo = period_from_key(period_freq_kind(u->jobs[i].m->freq), u->jobs[i].klo);
		struct period hi = period_from_key(period_freq_kind(u->jobs[i].m->freq), u->jobs[i].khi);

		if (u->jobs[i].j == NULL)
			continue;
		conds[n].col = col;
		conds[n].lo = value_of_day(c, period_first_day(&lo, u->c->fy_start));
		conds[n].hi = value_of_day(c, period_last_day(&hi, u->c->fy_start) + 1) - 1;
		if (k->measure == MEAS_OPEN_AT_END) {
			/* Open at some period end in range: closed after the first one, or not closed. */
			conds[n].lo = value_of_day(c, period_last_day(&lo, u->c->fy_start) + 1);
			conds[n].hi = LLONG_MAX;
			if (*open != NULL && strcmp(*open, col) != 0)
				opens++;
			*open = col;
		}
		n++;
	}
	if (opens > 0) {
		*open = NULL;	/* two different to-columns: read everything */
		return -1;
	}
	return n;
}

static int
run_dataset(struct run *u, const struct metric **ms, size_t nms, struct diags *d,
    struct diags *w)
{
	const char **cols = NULL, *open;
	size_t ncols = 0, cap = 0;
	long nconds;
	struct ev_cond *conds = xcalloc(nms + 1, sizeof *conds);
	struct ev_info info;
	int rc = -1;

	u->jobs = xcalloc(nms + 1, sizeof *u->jobs);
	u->njobs = 0;
	if (store_ev_info(u->st, u->d, &info, u->e) < 0)
		goto fail;
	if (!info.exists || info.records == 0) {
		for (size_t i = 0; i < nms; i++)
			diags_add(u->o->metric ? d : w, KP_DATA, NULL, "metric '%s': dataset '%s' has no "
			    "records: load them with 'kpistat events import %s FILE.csv'", ms[i]->code,
			    u->d->name, u->d->name);
		u->r->skipped += (long)nms;
		rc = 0;
		goto out;
	}
	if (!info.same_columns) {
		diags_add(d, KP_DATA, NULL, "dataset '%s': the catalog changed its columns or key "
		    "since its records were imported: import them again with --replace", u->d->name);
		goto out;
	}
	snprintf(u->reason, sizeof u->reason, "recomputed from %s", u->d->name);
	snprintf(u->wreason, sizeof u->wreason, "recomputed from %s: no records", u->d->name);
	store_set_clock(u->st, info.imported_at[0] ? info.imported_at : NULL);
	for (size_t i = 0; i < nms; i++) {
		const struct compute *k = ms[i]->compute;

		need(&cols, &ncols, &cap, k->period_by);
		need(&cols, &ncols, &cap, k->from);
		need(&cols, &ncols, &cap, k->to);
		need(&cols, &ncols, &cap, k->field);
		need(&cols, &ncols, &cap, k->numerator);
		need(&cols, &ncols, &cap, k->denominator);
		need(&cols, &ncols, &cap, k->breakdown);
		need(&cols, &ncols, &cap, k->area);
		for (size_t f = 0; f < k->nfilters; f++)
			need(&cols, &ncols, &cap, k->filters[f].field);
	}
	for (size_t i = 0; i < nms; i++) {
		struct mjob *mj = &u->jobs[u->njobs++];
		int s;

		mj->m = ms[i];
		if ((s = span(u, ms[i], &mj->klo, &mj->khi)) < 0)
			goto fail;
		if (s == 0)
			continue;
		u->r->metrics++;
		if ((mj->j = cjob_new(ms[i], u->d, u->c->fy_start, cols, ncols, mj->klo, mj->khi)) == NULL) {
			err_set(u->e, KP_SOFTWARE, NULL, "metric '%s': its compute block does not fit "
			    "dataset '%s'", ms[i]->code, u->d->name);
			goto fail;
		}
		if (ms[i]->compute->measure == MEAS_SHARE_IN_GROUP) {
			const struct geo_group *g;
			const char *prefix;

			if (catalog_geo_group_of(u->c, ms[i]->compute, &g, &prefix) < 0) {
				err_set(u->e, KP_DATA, NULL, "metric '%s': share_in_group: no group '%s' "
				    "for column '%s': load the catalog again", ms[i]->code,
				    ms[i]->compute->group, ms[i]->compute->area);
				goto fail;
			}
			cjob_set_group(mj->j, g->ids, g->nids, prefix);
		}
		if (seed(u, mj) < 0)
			goto fail;
	}
	nconds = conditions(u, conds, &open);
	if ((nconds != 0 || open != NULL) && store_ev_scan(u->st, u->d, cols, ncols, conds,
	    nconds < 0 ? 0 : (size_t)nconds, open, feed, u, u->e) != 0)
		goto fail;
	for (size_t i = 0; i < u->njobs; i++)
		if (finish(u, &u->jobs[i]) != 0)
			goto fail;
	rc = 0;
	goto out;
fail:
	diags_add_err(d, u->e);
out:
	store_set_clock(u->st, NULL);
	for (size_t i = 0; i < u->njobs; i++)
		cjob_free(u->jobs[i].j);
	free(u->jobs);
	u->jobs = NULL;
	free(cols);
	free(conds);
	return rc;
}

int
compute_run(struct store *st, const struct catalog *c, const struct compute_opts *o,
    struct compute_result *r, struct diags *d, struct diags *w)
{
	const struct metric **ms = xcalloc(c->nmetrics + 1, sizeof *ms);
	struct run u;
	struct kp_err e;
	int rc = -1;

	memset(r, 0, sizeof *r);
	memset(&u, 0, sizeof u);
	u.st = st;
	u.c = c;
	u.o = o;
	u.r = r;
	u.e = &e;
	u.w = w;
	err_clear(&e);
	if (o->metric != NULL) {
		const struct metric *m = catalog_metric(c, o->metric);

		if (m == NULL || !m->computed) {
			diags_add(d, KP_DATA, NULL, m == NULL ? "unknown metric '%s': see 'kpistat "
			    "catalog show'" : "metric '%s' has no compute block: its figures are "
			    "entered by hand", o->metric);
			goto out;
		}
	}
	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric *m = &c->metrics[i];

		if (!m->computed || m->retired || m->ratio != NULL ||
		    (o->metric && strcmp(m->code, o->metric) != 0))
			continue;
		if (m->compute == NULL || catalog_dataset(c, m->compute->dataset) == NULL) {
			diags_add(d, KP_DATA, NULL, "metric '%s': the store has no compute block for it: "
			    "load the catalog again ('kpistat catalog load FILE.yaml')", m->code);
			goto out;
		}
	}
	if (store_begin(st, &e) < 0) {
		diags_add_err(d, &e);
		goto out;
	}
	for (size_t ds = 0; ds < c->ndatasets; ds++) {
		size_t n = 0;

		u.d = &c->datasets[ds];
		for (size_t i = 0; i < c->nmetrics; i++) {
			const struct metric *m = &c->metrics[i];

			if (m->computed && !m->retired && m->compute != NULL &&
			    strcmp(m->compute->dataset, u.d->name) == 0 &&
			    (o->metric == NULL || strcmp(m->code, o->metric) == 0))
				ms[n++] = m;
		}
		if (n > 0 && run_dataset(&u, ms, n, d, w) < 0)
			break;
	}
	/* Ratio metrics last: they read the figures just computed. */
	if (d->total == 0)
		compute_ratios(st, c, o, r, d, w);
	if (d->total > 0) {
		store_rollback(st);
		goto out;
	}
	if (store_commit(st, &e) < 0) {
		diags_add_err(d, &e);
		goto out;
	}
	rc = 0;
out:
	free(ms);
	return rc;
}
