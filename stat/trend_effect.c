/*
** trend_effect.c: "did it work?" (see include/kpistat/trend_effect.h for the rule and its
** choices). The before side and the after side are laid end to end with one missing point
** between them, and trend_spc_group is asked for a chart whose baseline is the before side:
** the mean and mR-bar are then ptd's for a fixed baseline, and the gap keeps every run and
** 2-of-3 window on the after side to after-points only, since a missing value breaks both.
*/
#include <math.h>
#include <stdlib.h>

#include "kpistat/trend_effect.h"
#include "kpistat/xmalloc.h"

int
trend_effect(const double *y, size_t n, size_t after, const struct trend_params *p,
    struct trend_effect *out, struct kp_err *e)
{
	struct trend_params q;
	struct trend_point *pts;
	double *z, mean, amr;
	size_t done, nb, na, m;

	if (after > n)
		return err_set(e, KP_USAGE, NULL, "the first period after the done date (%zu) is "
		    "past the end of the series (%zu periods)", after, n);
	if (p->run_length < 2)
		return err_set(e, KP_USAGE, NULL, "run length %d: expected 2 or more",
		    p->run_length);
	*out = (struct trend_effect){ .need_before = TREND_EFFECT_MIN_BEFORE,
	    .need_after = (size_t)p->run_length, .mean = NAN, .amr = NAN, .lpl = NAN,
	    .upl = NAN, .near_lpl = NAN, .near_upl = NAN, .last_signal = n };

	/* The before side: from the last rebase inside it to the done period (excluded). */
	done = after > 0 ? after - 1 : 0;
	for (size_t i = 0; i < p->nrebase; i++)
		if (p->rebase[i] < done && p->rebase[i] > out->start)
			out->start = p->rebase[i];
	nb = done - out->start;
	na = n - after;
	for (size_t i = out->start; i < done; i++)
		out->nbefore += !isnan(y[i]);
	for (size_t i = after; i < n; i++)
		out->nafter += !isnan(y[i]);
	if (out->nbefore < TREND_EFFECT_MIN_BEFORE) {
		out->verdict = TREND_EFFECT_TOO_FEW_BEFORE;
		return 0;
	}

	m = nb + 1 + na;
	z = xmalloc(m * sizeof *z);
	pts = xcalloc(m, sizeof *pts);
	for (size_t i = 0; i < nb; i++)
		z[i] = y[out->start + i];
	z[nb] = NAN;
	for (size_t i = 0; i < na; i++)
		z[nb + 1 + i] = y[after + i];
	q = *p;
	q.fix_after_n_points = nb;	/* the frozen baseline: the before side only */
	q.nrebase = 0;
	q.rebase = NULL;
	trend_spc_group(z, m, &q, pts, &mean, &amr);
	out->mean = mean;
	out->amr = amr;
	out->lpl = pts[0].lpl;
	out->upl = pts[0].upl;
	out->near_lpl = pts[0].near_lpl;
	out->near_upl = pts[0].near_upl;

	for (size_t i = 0; i < na; i++) {
		const struct trend_point *pt = &pts[nb + 1 + i];
		double v = z[nb + 1 + i];
		unsigned fired = 0;

		if (isnan(v))
			continue;
		out->above += v > mean;
		out->below += v < mean;
		out->beyond += pt->outside_limits;
		if (pt->run)
			fired |= TREND_EFFECT_RUN;
		if (pt->outside_limits)
			fired |= TREND_EFFECT_BEYOND;
		if (pt->two_in_three)
			fired |= TREND_EFFECT_TWO_IN_3;
		if (fired) {
			out->rules |= fired;
			out->sign = v > mean ? 1 : -1;
			out->last_signal = after + i;
		}
	}
	free(pts);
	free(z);

	if (out->sign == 0)
		out->verdict = out->nafter < out->need_after ? TREND_EFFECT_TOO_FEW_AFTER :
		    TREND_EFFECT_NO_CHANGE;
	else if (p->direction == TREND_NEUTRAL)
		out->verdict = out->sign > 0 ? TREND_EFFECT_UP : TREND_EFFECT_DOWN;
	else
		out->verdict = out->sign * (int)p->direction > 0 ? TREND_EFFECT_IMPROVEMENT :
		    TREND_EFFECT_DETERIORATION;
	return 0;
}

const char *
trend_effect_verdict_name(enum trend_effect_verdict v)
{
	static const char *const names[] = { "improvement", "deterioration", "up", "down",
	    "no_change", "too_few_after", "too_few_before" };

	return (size_t)v < sizeof names / sizeof names[0] ? names[v] : "?";
}
