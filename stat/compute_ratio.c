/*
** compute_ratio.c: ratio metrics' figures from their two metrics' current figures (see
** catalog_ratio.c): numerator / denominator * per, for the whole city and per breakdown value,
** in the periods the compute rewrites (compute_range). The two metrics must have the same
** breakdown values; a zero denominator gives no figure and a notice. A stored ratio figure the
** compute no longer gives (an input figure withdrawn or never there for that period and
** breakdown, or a denominator now 0) is withdrawn, as compute_run does for dataset metrics.
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/num.h"
#include "kpistat/xmalloc.h"
#include "compute_int.h"

/* "'x' has district=1, 'y' has none": the first breakdown value one has and the other not. */
static int
same_breakdowns(char **a, size_t na, char **b, size_t nb, const char **only_a,
    const char **only_b)
{
	*only_a = *only_b = NULL;
	for (size_t i = 0; i < na && *only_a == NULL; i++) {
		size_t k = 0;

		while (k < nb && strcmp(a[i], b[k]) != 0)
			k++;
		if (k == nb)
			*only_a = a[i];
	}
	for (size_t i = 0; i < nb && *only_a == NULL && *only_b == NULL; i++) {
		size_t k = 0;

		while (k < na && strcmp(b[i], a[k]) != 0)
			k++;
		if (k == na)
			*only_b = b[i];
	}
	return *only_a == NULL && *only_b == NULL;
}

static int
one_breakdown(struct store *st, const struct metric *m, const char *key, long lo, long hi,
    const struct compute_opts *o, struct compute_result *r, struct cstale *stale,
    struct diags *w, struct kp_err *e)
{
	struct series sn, sd;
	char reason[300];
	int rc = -1;

	if (store_series(st, m->ratio->numerator, key, &sn, e) < 0)
		return -1;
	if (store_series(st, m->ratio->denominator, key, &sd, e) < 0) {
		series_release(&sn);
		return -1;
	}
	snprintf(reason, sizeof reason, "recomputed from %s / %s", m->ratio->numerator,
	    m->ratio->denominator);
	for (size_t i = 0, k = 0; i < sn.n; i++) {
		long pk = period_key(&sn.periods[i]);
		enum store_outcome out;
		struct figure f;
		char per[PERIOD_STRLEN];

		while (k < sd.n && period_key(&sd.periods[k]) < pk)
			k++;
		if (k == sd.n || period_key(&sd.periods[k]) != pk || pk < lo || pk > hi)
			continue;
		if (sd.values[k] == 0) {
			diags_add(w, 0, NULL, "metric '%s': %s%s%s: denominator '%s' is 0: no figure",
			    m->code, period_format(&sn.periods[i], per), *key ? " " : "", key,
			    m->ratio->denominator);
			continue;
		}
		memset(&f, 0, sizeof f);
		f.metric = m->code;
		f.period = sn.periods[i];
		f.breakdown = key;
		f.value = num_tidy(sn.values[i] / sd.values[k] * m->ratio->per);
		f.by = o->by;
		f.origin = "computed";
		if (store_record(st, &f, reason, &out, NULL, e) < 0)
			goto out;
		if (out != STORE_SAME)
			compute_check_bounds(m, &f, r, w);
		cstale_cross(stale, &f.period, key);
		r->figures++;
		if (out == STORE_NEW)
			r->added++;
		else if (out == STORE_REVISED || out == STORE_RESTORED)
			r->revised++;
		else
			r->same++;
	}
	rc = 0;
out:
	series_release(&sn);
	series_release(&sd);
	return rc;
}

/* A stored computed ratio figure the compute may withdraw. */
static int
stale_add(void *arg, const struct store_row *r)
{
	struct period p;
	struct kp_err e;

	if (period_parse(r->period, &p, &e) == 0)
		cstale_add(arg, &p, r->breakdown);
	return 0;
}

/* Withdraw what the compute did not give again. 0 or -1. */
static int
withdraw_rest(struct store *st, const struct metric *m, struct cstale *stale,
    const struct compute_opts *o, struct compute_result *r, struct kp_err *e)
{
	char reason[300];
	const char *b;
	struct period p;
	size_t i = 0;
	int n;

	snprintf(reason, sizeof reason, "recomputed from %s / %s: an input figure is gone or the "
	    "denominator is 0", m->ratio->numerator, m->ratio->denominator);
	while (cstale_next(stale, &i, &p, &b)) {
		if ((n = store_withdraw(st, m->code, &p, b, o->by, reason, e)) < 0)
			return -1;
		r->withdrawn += n;
	}
	return 0;
}

int
compute_ratios(struct store *st, const struct catalog *c, const struct compute_opts *o,
    struct compute_result *r, struct diags *d, struct diags *w)
{
	struct kp_err e;

	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric *m = &c->metrics[i];
		char **bn = NULL, **bd = NULL;
		size_t nn = 0, nd = 0;
		const char *only_n, *only_d;
		struct cstale *stale;
		long lo, hi;
		int rc = 0;

		if (m->ratio == NULL || m->retired || (o->metric && strcmp(m->code, o->metric) != 0))
			continue;
		if (!compute_range(m, o, c->fy_start, &lo, &hi))
			continue;
		if (store_breakdowns(st, m->ratio->numerator, &bn, &nn, &e) < 0 ||
		    store_breakdowns(st, m->ratio->denominator, &bd, &nd, &e) < 0) {
			diags_add_err(d, &e);
			rc = -1;
		} else if (!same_breakdowns(bn, nn, bd, nd, &only_n, &only_d)) {
			diags_add(d, KP_DATA, NULL, "metric '%s': a ratio of metrics with different "
			    "breakdowns: '%s' has %s and '%s' does not: give both the same breakdown",
			    m->code, only_n ? m->ratio->numerator : m->ratio->denominator,
			    only_n ? only_n : only_d, only_n ? m->ratio->denominator :
			    m->ratio->numerator);
			rc = -1;
		} else {
			r->metrics++;
			stale = cstale_new();
			rc = store_current_figures(st, m->code, "computed", lo, hi, stale_add, stale,
			    &e) != 0 ? -1 : 0;
			if (rc == 0)
				rc = one_breakdown(st, m, "", lo, hi, o, r, stale, w, &e);
			for (size_t k = 0; rc == 0 && k < nn; k++)
				rc = one_breakdown(st, m, bn[k], lo, hi, o, r, stale, w, &e);
			if (rc == 0)
				rc = withdraw_rest(st, m, stale, o, r, &e);
			cstale_free(stale);
			if (rc < 0)
				diags_add_err(d, &e);
		}
		store_strv_free(bn, nn);
		store_strv_free(bd, nd);
		if (rc < 0)
			return -1;
	}
	return 0;
}
