/*
** analysis.c: stored figures on a regular period grid, through the trend module (see analysis.h).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/analysis.h"
#include "kpistat/xmalloc.h"

enum trend_direction
analysis_direction(enum direction d)
{
	switch (d) {
	case DIR_HIGHER:
		return TREND_INCREASE;
	case DIR_LOWER:
		return TREND_DECREASE;
	default:
		return TREND_NEUTRAL;
	}
}

int
analysis_run(const struct metric *m, const struct series *s, const struct period *until,
    int fy_start, struct analysis *out, struct kp_err *e)
{
	enum period_kind kind = period_freq_kind(m->freq);
	const struct target *t;
	struct period end;
	size_t *rebase = NULL, nrebase = 0, first = 0;
	long k0, k1;
	int rc;

	memset(out, 0, sizeof *out);
	out->m = m;
	trend_params_init(&out->params);
	out->params.direction = analysis_direction(m->direction);
	out->params.periods_per_year = period_per_year(kind);

	/* The grid: from the first figure of this kind to `until` (or the last figure). */
	while (first < s->n && s->periods[first].kind != kind)
		first++;
	if (until != NULL)
		end = *until;
	else if (s->n > first)
		end = s->periods[s->n - 1];
	else
		end = period_from_key(kind, 0);
	status_compute(m, s, &end, fy_start, &out->status);
	if (first >= s->n || period_key(&s->periods[first]) > period_key(&end))
		return trend_analyse(NULL, NULL, 0, &out->params, &out->trend, e);
	k0 = period_key(&s->periods[first]);
	k1 = period_key(&end);
	out->n = (size_t)(k1 - k0 + 1);
	out->periods = xcalloc(out->n, sizeof *out->periods);
	out->values = xcalloc(out->n, sizeof *out->values);
	out->keys = xcalloc(out->n, sizeof *out->keys);
	for (size_t i = 0; i < out->n; i++) {
		out->keys[i] = k0 + (long)i;
		out->periods[i] = period_from_key(kind, out->keys[i]);
		out->values[i] = NAN;
	}
	for (size_t i = first; i < s->n; i++) {
		long k = period_key(&s->periods[i]);

		if (s->periods[i].kind == kind && k >= k0 && k <= k1)
			out->values[k - k0] = s->values[i];
	}

	if ((t = catalog_target_for(m, &end, fy_start)) != NULL) {
		out->params.has_target = 1;
		out->params.target = t->value;
		out->params.tolerance = catalog_tolerance(t);
	}
	/* Rebase points inside the grid (its first point already starts a group). */
	rebase = xcalloc(m->nrebase + 1, sizeof *rebase);
	for (size_t i = 0; i < m->nrebase; i++) {
		long k = period_key(&m->rebase[i]);

		if (m->rebase[i].kind == kind && k > k0 && k <= k1)
			rebase[nrebase++] = (size_t)(k - k0);
	}
	out->params.rebase = rebase;
	out->params.nrebase = nrebase;
	rc = trend_analyse(out->values, out->keys, out->n, &out->params, &out->trend, e);
	out->params.rebase = NULL;	/* freed below; the params stay readable without it */
	out->params.nrebase = 0;
	free(rebase);
	return rc;
}

void
analysis_release(struct analysis *a)
{
	trend_result_release(&a->trend);
	free(a->periods);
	free(a->values);
	free(a->keys);
	memset(a, 0, sizeof *a);
}

int
analysis_attention_rank(const struct analysis *a)
{
	const struct trend_result *r = &a->trend;

	if (a->status.level == STATUS_OFF)
		return 0;
	if (r->n > 0 && (r->variation == TREND_VAR_CONCERN_HIGH ||
	    r->variation == TREND_VAR_CONCERN_LOW))
		return 1;
	if (a->status.level == STATUS_MISSING || r->stale)
		return 2;
	return 3;
}

int
analysis_needs_attention(const struct analysis *a)
{
	return analysis_attention_rank(a) < 3;
}
