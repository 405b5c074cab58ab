/*
** trend.c: one series in, everything a Stat meeting asks of it out. The XmR rules live in
** trend_spc.c, the runs analysis in trend_anhoej.c, Mann-Kendall and Sen in trend_mk.c; this
** file cuts the series into rebase groups and derives the series-level answers: icons,
** assurance, target status and forecast, changes and staleness.
**
** Choices where the references are silent (documented in trend.h and the README):
**  - a rebase at index 0 starts nothing new: groups are numbered from 0 without gaps;
**  - Mann-Kendall and the Sen slope use the last group only, because a rebase marks a known
**    change of process and the step it causes is not a trend of the current process;
**  - the forecast starts from the latest figure and crosses the target itself.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/trend.h"
#include "kpistat/xmalloc.h"

#define SHORT_GROUP	13	/* ptd_spc.warning_threshold: fewer rows than this warn */

static int	check(const double *y, const long *t, size_t n, const struct trend_params *p,
		    struct kp_err *e);
static enum trend_variation variation(enum trend_point_type type, enum trend_direction dir);
static size_t	find_period(const long *t, size_t latest, long back);
static void	target(struct trend_result *r, const double *y, const struct trend_params *p);

void
trend_params_init(struct trend_params *p)
{
	memset(p, 0, sizeof *p);
	p->direction = TREND_INCREASE;
	p->target = NAN;
	p->screen_outliers = 1;
	p->trend_length = 7;
	p->run_length = 7;
	p->periods_per_year = 12;
}

static int
check(const double *y, const long *t, size_t n, const struct trend_params *p, struct kp_err *e)
{
	if (p->direction != TREND_INCREASE && p->direction != TREND_DECREASE &&
	    p->direction != TREND_NEUTRAL)
		return err_set(e, KP_USAGE, NULL, "bad direction %d: expected increase, decrease "
		    "or neutral", (int)p->direction);
	if (p->fix_after_n_points > 0 && p->fix_after_n_points < 12)
		return err_set(e, KP_USAGE, NULL, "bad baseline length %zu: fix_after_n_points "
		    "must be at least 12", p->fix_after_n_points);
	if (p->trend_length < 2)
		return err_set(e, KP_USAGE, NULL, "bad trend length %d: must be at least 2",
		    p->trend_length);
	if (p->run_length < 2)
		return err_set(e, KP_USAGE, NULL, "bad run length %d: must be at least 2",
		    p->run_length);
	if (p->periods_per_year < 0)
		return err_set(e, KP_USAGE, NULL, "bad periods per year %d", p->periods_per_year);
	if (p->has_target && !isfinite(p->target))
		return err_set(e, KP_USAGE, NULL, "bad target: not a finite number");
	if (p->has_target && !(p->tolerance >= 0 && isfinite(p->tolerance)))
		return err_set(e, KP_USAGE, NULL, "bad tolerance: must be a number >= 0");
	for (size_t i = 0; i < p->nrebase; i++)
		if (p->rebase[i] >= n)
			return err_set(e, KP_USAGE, NULL, "bad rebase point %zu: the series has "
			    "%zu points", p->rebase[i], n);
	for (size_t i = 0; i < n; i++) {
		if (isinf(y[i]))
			return err_set(e, KP_DATA, NULL, "bad value at point %zu: not finite", i);
		if (t != NULL && i > 0 && t[i] <= t[i - 1])
			return err_set(e, KP_DATA, NULL, "periods out of order at point %zu", i);
	}
	return 0;
}

/* ptd_get_icons: the last point's type, read through the improvement direction. */
static enum trend_variation
variation(enum trend_point_type type, enum trend_direction dir)
{
	switch (type) {
	case TREND_SPECIAL_IMPROVEMENT:
		return dir == TREND_DECREASE ? TREND_VAR_IMPROVEMENT_LOW : TREND_VAR_IMPROVEMENT_HIGH;
	case TREND_SPECIAL_CONCERN:
		return dir == TREND_DECREASE ? TREND_VAR_CONCERN_HIGH : TREND_VAR_CONCERN_LOW;
	case TREND_SPECIAL_NEUTRAL_HIGH:
		return TREND_VAR_NEUTRAL_HIGH;
	case TREND_SPECIAL_NEUTRAL_LOW:
		return TREND_VAR_NEUTRAL_LOW;
	case TREND_COMMON_CAUSE:
		break;
	}
	return TREND_VAR_COMMON_CAUSE;
}

/* Index of the point `back` periods before point `latest`, or (size_t)-1 when there is none. */
static size_t
find_period(const long *t, size_t latest, long back)
{
	if (t == NULL)
		return (size_t)back <= latest ? latest - (size_t)back : (size_t)-1;
	for (size_t i = latest; i-- > 0;) {
		if (t[i] == t[latest] - back)
			return i;
		if (t[i] < t[latest] - back)
			break;
	}
	return (size_t)-1;
}

/*
** Target status of the latest figure, and the forecast. "On" means the target is met on the
** right side (>= for increase, <= for decrease; within the tolerance for neutral); "near"
** means missed by no more than the tolerance.
*/
static void
target(struct trend_result *r, const double *y, const struct trend_params *p)
{
	double v, need;

	r->target_status = TREND_TARGET_NONE;
	r->gap = NAN;
	r->forecast = TREND_FORECAST_NONE;
	r->periods_to_target = NAN;
	r->needs_change = r->assurance == TREND_ASSURANCE_FAIL;
	if (!p->has_target || r->latest == r->n)
		return;
	v = y[r->latest];
	r->gap = v - p->target;
	switch (p->direction) {
	case TREND_INCREASE:
		r->target_status = v >= p->target ? TREND_TARGET_ON :
		    v >= p->target - p->tolerance ? TREND_TARGET_NEAR : TREND_TARGET_OFF;
		break;
	case TREND_DECREASE:
		r->target_status = v <= p->target ? TREND_TARGET_ON :
		    v <= p->target + p->tolerance ? TREND_TARGET_NEAR : TREND_TARGET_OFF;
		break;
	case TREND_NEUTRAL:
		r->target_status = fabs(r->gap) <= p->tolerance ? TREND_TARGET_ON : TREND_TARGET_OFF;
		break;
	}
	if (r->target_status == TREND_TARGET_ON) {
		r->forecast = TREND_FORECAST_ON_TARGET;
		return;
	}
	need = p->target - v;
	if (isnan(r->sen_slope) || r->sen_slope == 0 || (need > 0) != (r->sen_slope > 0)) {
		r->forecast = TREND_FORECAST_NOT_AT_THIS_RATE;
		return;
	}
	r->forecast = TREND_FORECAST_PERIODS;
	r->periods_to_target = ceil(need / r->sen_slope);
	if (r->periods_to_target < 1)
		r->periods_to_target = 1;
}

int
trend_analyse(const double *y, const long *t, size_t n, const struct trend_params *p,
    struct trend_result *r, struct kp_err *e)
{
	unsigned char *start;
	size_t g, prev, latest = n;
	const struct trend_group *last;

	memset(r, 0, sizeof *r);
	if (check(y, t, n, p, e) < 0)
		return -1;

	/* A rebase point starts a group (ptd: rebase_group = cumsum(rebase)); groups never overlap. */
	start = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < p->nrebase; i++)
		start[p->rebase[i]] = 1;
	if (n > 0)
		start[0] = 1;
	for (size_t i = 0; i < n; i++)
		r->ngroups += start[i];
	r->n = n;
	r->points = xcalloc(n ? n : 1, sizeof *r->points);
	r->groups = xcalloc(r->ngroups ? r->ngroups : 1, sizeof *r->groups);
	for (g = 0, prev = 0; prev < n; g++) {
		struct trend_group *gr = &r->groups[g];
		size_t end = prev + 1;

		while (end < n && !start[end])
			end++;
		gr->first = prev;
		gr->n = end - prev;
		gr->short_warning = gr->n < SHORT_GROUP;
		trend_spc_group(y + prev, gr->n, p, r->points + prev, &gr->mean, &gr->amr);
		gr->anhoej = trend_anhoej(y + prev, gr->n, gr->mean);
		for (size_t i = prev; i < end; i++)
			r->points[i].group = g;
		r->short_series_warning |= gr->short_warning;
		prev = end;
	}
	free(start);

	r->variation = TREND_VAR_COMMON_CAUSE;
	r->assurance = TREND_ASSURANCE_NONE;
	r->sen_slope = NAN;
	r->mk = (struct trend_mk){ 0, 0, 0, 0, 1 };	/* no pairs: S = 0, p = 1 */
	r->change_prev = r->change_year = NAN;
	for (size_t i = n; i-- > 0;)
		if (!isnan(y[i])) {
			latest = i;
			break;
		}
	r->latest = latest;
	if (n > 0) {
		const struct trend_point *lp = &r->points[n - 1];

		last = &r->groups[r->ngroups - 1];
		r->anhoej = last->anhoej;
		r->variation = variation(lp->type, p->direction);
		r->stale = isnan(y[n - 1]);
		if (p->has_target && p->direction != TREND_NEUTRAL) {
			/* Strict comparisons; NaN limits (a one-point group) fall through to "hit and miss". */
			if (p->target > lp->upl)
				r->assurance = p->direction == TREND_INCREASE ?
				    TREND_ASSURANCE_FAIL : TREND_ASSURANCE_PASS;
			else if (p->target < lp->lpl)
				r->assurance = p->direction == TREND_INCREASE ?
				    TREND_ASSURANCE_PASS : TREND_ASSURANCE_FAIL;
			else
				r->assurance = TREND_ASSURANCE_INCONSISTENT;
		}
		r->mk = trend_mann_kendall(y + last->first, t ? t + last->first : NULL, last->n);
		r->sen_slope = trend_sen_slope(y + last->first, t ? t + last->first : NULL, last->n);
	}
	if (latest < n) {
		size_t i = find_period(t, latest, 1);

		if (i != (size_t)-1 && !isnan(y[i]))
			r->change_prev = y[latest] - y[i];
		if (p->periods_per_year > 0) {
			i = find_period(t, latest, p->periods_per_year);
			if (i != (size_t)-1 && !isnan(y[i]))
				r->change_year = y[latest] - y[i];
		}
	}
	target(r, y, p);
	return 0;
}

void
trend_result_release(struct trend_result *r)
{
	if (r == NULL)
		return;
	free(r->points);
	free(r->groups);
	r->points = NULL;
	r->groups = NULL;
	r->n = r->ngroups = 0;
}

const char *
trend_rule_name(enum trend_rule rule)
{
	static const char *const names[] = { "none", "outside_limits", "trend", "two_in_three", "run" };

	return (unsigned)rule < sizeof names / sizeof names[0] ? names[rule] : "none";
}

const char *
trend_point_type_name(enum trend_point_type type)
{
	static const char *const names[] = { "common_cause", "special_cause_improvement",
	    "special_cause_concern", "special_cause_neutral_high", "special_cause_neutral_low" };

	return (unsigned)type < sizeof names / sizeof names[0] ? names[type] : "common_cause";
}

const char *
trend_variation_name(enum trend_variation v)
{
	static const char *const names[] = { "common_cause", "improvement_high", "improvement_low",
	    "concern_high", "concern_low", "neutral_high", "neutral_low" };

	return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "common_cause";
}

const char *
trend_assurance_name(enum trend_assurance a)
{
	switch (a) {
	case TREND_ASSURANCE_PASS:		return "consistent_pass";
	case TREND_ASSURANCE_FAIL:		return "consistent_fail";
	case TREND_ASSURANCE_INCONSISTENT:	return "inconsistent";
	case TREND_ASSURANCE_NONE:		break;
	}
	return NULL;
}

const char *
trend_target_status_name(enum trend_target_status s)
{
	switch (s) {
	case TREND_TARGET_ON:	return "on";
	case TREND_TARGET_NEAR:	return "near";
	case TREND_TARGET_OFF:	return "off";
	case TREND_TARGET_NONE:	break;
	}
	return NULL;
}

const char *
trend_forecast_name(enum trend_forecast f)
{
	switch (f) {
	case TREND_FORECAST_ON_TARGET:		return "on_target";
	case TREND_FORECAST_PERIODS:		return "periods";
	case TREND_FORECAST_NOT_AT_THIS_RATE:	return "not_at_this_rate";
	case TREND_FORECAST_NONE:		break;
	}
	return NULL;
}

int
trend_direction_parse(const char *s, enum trend_direction *out)
{
	if (strcmp(s, "increase") == 0)
		*out = TREND_INCREASE;
	else if (strcmp(s, "decrease") == 0)
		*out = TREND_DECREASE;
	else if (strcmp(s, "neutral") == 0)
		*out = TREND_NEUTRAL;
	else
		return -1;
	return 0;
}
