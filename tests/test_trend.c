/*
** test_trend.c: the trend module against independently computed figures.
**
** Expected SPC figures (means, limits, the four rule flags, labels, point types, icons,
** assurance, Anhøj) come from tests/trend_ref.py, a separate Python transcription of the R
** code SPC.md describes (NA logic, padding and per-window loops, unlike stat/trend_spc.c), run
** on the series in tests/trend_cases.py; its output is tests/trend_ref.h. Regenerate with
**     /usr/bin/python3 tests/trend_ref.py > tests/trend_ref.h
** Mann-Kendall and Theil-Sen figures come from Debian's python3-scipy 1.10.1 in the same
** script; for one series by hand:
**     from scipy import stats; import math, numpy as np
**     x = [3.1, 3.4, 3.2, 3.9, 4.1, 3.8, 4.4, 4.6, 4.5, 5.0, 5.2, 5.1, 5.6, 5.9]; n = len(x)
**     s = sum((x[j] > x[i]) - (x[j] < x[i]) for i in range(n) for j in range(i + 1, n))  # 81
**     _, c = np.unique(x, return_counts=True)
**     var = (n*(n-1)*(2*n+5) - sum(t*(t-1)*(2*t+5) for t in c)) / 18                 # 333.667
**     z = (s - 1) / math.sqrt(var); p = 2 * stats.norm.sf(abs(z))                     # 4.3796, 1.189e-05
**     stats.kendalltau(range(n), x)   # tau * n(n-1)/2 == S when there are no ties
**     stats.theilslopes(x, range(n))[0]                                               # 0.2
** The named tests below then check each edge case of SPC.md explicitly.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/trend.h"

#include "trend_ref.h"

#define NCASES	(sizeof ref_cases / sizeof ref_cases[0])

static const struct ref_case *
find_case(const char *name)
{
	for (size_t i = 0; i < NCASES; i++)
		if (strcmp(ref_cases[i].name, name) == 0)
			return &ref_cases[i];
	fail_msg("no case '%s'", name);
	return NULL;
}

static void
case_params(const struct ref_case *c, struct trend_params *p)
{
	trend_params_init(p);
	p->direction = (enum trend_direction)c->direction;
	p->has_target = c->has_target;
	p->target = c->target;
	p->rebase = c->rebase;
	p->nrebase = c->nrebase;
	p->fix_after_n_points = c->fix_after;
	p->screen_outliers = c->screen;
	p->trend_length = c->trend_n;
	p->run_length = c->run_n;
}

/* Run a reference case; the caller releases r. */
static void
run_case(const char *name, struct trend_result *r)
{
	const struct ref_case *c = find_case(name);
	struct trend_params p;
	struct kp_err e;

	case_params(c, &p);
	assert_int_equal(trend_analyse(c->y, NULL, c->n, &p, r, &e), 0);
}

/* Equal within 1e-12 relative (the issue asks 1e-9), or both NaN. */
static int
close_enough(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

static void
test_trend_matches_reference(void **state)
{
	(void)state;
	for (size_t k = 0; k < NCASES; k++) {
		const struct ref_case *c = &ref_cases[k];
		struct trend_result r;
		const struct trend_anhoej *a = &r.anhoej;

		run_case(c->name, &r);
		assert_int_equal(r.n, c->n);
		for (size_t i = 0; i < c->n; i++) {
			const struct ref_point *w = &c->ref[i];
			const struct trend_point *g = &r.points[i];
			int ok = g->group == w->group && close_enough(g->mean, w->mean) &&
			    close_enough(g->lpl, w->lpl) && close_enough(g->upl, w->upl) &&
			    close_enough(g->near_lpl, w->nlpl) && close_enough(g->near_upl, w->nupl) &&
			    g->outside_limits == w->flags[0] && g->trend == w->flags[1] &&
			    g->two_in_three == w->flags[2] && g->run == w->flags[3] &&
			    g->rule == w->rule && g->type == w->type;

			/* The mean is even bit-exact: R's long double algorithm, as numpy.longdouble. */
			if (!ok || (!isnan(w->mean) && g->mean != w->mean))
				fail_msg("%s point %zu: got group %zu mean %.17g lpl %.17g upl %.17g "
				    "flags %d%d%d%d rule %s type %s; want group %zu mean %.17g flags "
				    "%d%d%d%d rule %s type %s", c->name, i, g->group, g->mean, g->lpl,
				    g->upl, g->outside_limits, g->trend, g->two_in_three, g->run,
				    trend_rule_name(g->rule), trend_point_type_name(g->type), w->group,
				    w->mean, w->flags[0], w->flags[1], w->flags[2], w->flags[3],
				    trend_rule_name(w->rule), trend_point_type_name(w->type));
		}
		assert_string_equal(trend_variation_name(r.variation), c->sum->variation);
		if (c->sum->assurance == NULL)
			assert_null(trend_assurance_name(r.assurance));
		else
			assert_string_equal(trend_assurance_name(r.assurance), c->sum->assurance);
		assert_int_equal(r.short_series_warning, c->sum->short_warning);
		if ((long)a->n_useful != c->sum->anhoej[0] || (long)a->longest_run != c->sum->anhoej[1] ||
		    a->longest_run_max != c->sum->anhoej[2] || (long)a->crossings != c->sum->anhoej[3] ||
		    a->crossings_min != c->sum->anhoej[4] || a->signal != c->sum->anhoej[5])
			fail_msg("%s: anhoej %zu %zu %ld %zu %ld %d", c->name, a->n_useful,
			    a->longest_run, a->longest_run_max, a->crossings, a->crossings_min, a->signal);
		trend_result_release(&r);
	}
}

static int
count_flag(const struct trend_result *r, size_t off)
{
	int n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += ((const unsigned char *)&r->points[i])[off];
	return n;
}

#define COUNT(r, field)	count_flag(r, offsetof(struct trend_point, field))

static void
test_trend_rules_fire(void **state)
{
	struct trend_result r;

	(void)state;
	run_case("outside", &r);
	assert_int_equal(r.points[15].rule, TREND_RULE_OUTSIDE_LIMITS);
	assert_int_equal(r.points[15].type, TREND_SPECIAL_IMPROVEMENT);
	trend_result_release(&r);
	run_case("outside_low_decrease", &r);	/* below the lower limit is good when lower is better */
	assert_int_equal(r.points[10].type, TREND_SPECIAL_IMPROVEMENT);
	trend_result_release(&r);
	run_case("trend7", &r);			/* crosses the mean (#171); last point -> icon */
	assert_int_equal(COUNT(&r, trend), 7);
	assert_int_equal(r.variation, TREND_VAR_IMPROVEMENT_HIGH);
	trend_result_release(&r);
	run_case("trend7_down", &r);
	assert_int_equal(COUNT(&r, trend), 7);
	assert_int_equal(r.points[5].type, TREND_SPECIAL_CONCERN);
	trend_result_release(&r);
	run_case("two_in_three", &r);		/* the middle, not close, point is not flagged */
	assert_int_equal(COUNT(&r, two_in_three), 2);
	assert_true(r.points[6].two_in_three && !r.points[7].two_in_three && r.points[8].two_in_three);
	trend_result_release(&r);
	run_case("run7", &r);
	assert_int_equal(COUNT(&r, run), 7);
	trend_result_release(&r);
}

static void
test_trend_near_misses_do_not_fire(void **state)
{
	struct trend_result r;

	(void)state;
	run_case("trend6", &r);			/* a 6-point trend does not signal */
	assert_int_equal(COUNT(&r, trend), 0);
	trend_result_release(&r);
	run_case("equal_neighbours", &r);	/* 8 rising points with a repeat: no trend */
	assert_int_equal(COUNT(&r, trend), 0);
	trend_result_release(&r);
	run_case("run6", &r);
	assert_int_equal(COUNT(&r, run), 0);
	trend_result_release(&r);
	run_case("two_in_three_opposite", &r);	/* close above and close below: no R3 */
	assert_true(r.points[10].near_upl < 11.3 && r.points[11].near_lpl > 8.8);
	assert_int_equal(COUNT(&r, two_in_three), 0);
	trend_result_release(&r);
	run_case("two_in_three_middle_below", &r);
	assert_int_equal(COUNT(&r, two_in_three), 0);
	trend_result_release(&r);
}

static void
test_trend_tie_on_mean(void **state)
{
	const struct ref_case *c = find_case("tie_on_mean");
	struct trend_result r;
	double naive = 0;

	(void)state;
	for (size_t i = 0; i < c->n; i++)
		naive += c->y[i];
	naive /= (double)c->n;
	assert_true(naive < 10.1);		/* a plain double mean would put 10.1 above it */
	run_case("tie_on_mean", &r);
	assert_true(r.points[11].mean == 10.1);	/* R's long double mean lands on it */
	assert_int_equal(COUNT(&r, run), 0);	/* so the 10-point run is broken into 5 and 4 */
	assert_int_equal(r.anhoej.n_useful, 23);	/* Anhøj skips it and sees a run of 9 */
	assert_int_equal(r.anhoej.longest_run, 9);
	assert_true(r.anhoej.signal);
	trend_result_release(&r);
	run_case("tie_two_in_three", &r);	/* close, on the mean, close: no R3 */
	assert_true(r.points[11].mean == 10.1);
	assert_int_equal(COUNT(&r, two_in_three), 0);
	trend_result_release(&r);
}

static void
test_trend_precedence(void **state)
{
	struct trend_result r;

	(void)state;
	run_case("prec_r1_r4", &r);		/* R1 > R4 */
	assert_true(r.points[8].outside_limits && r.points[8].run);
	assert_int_equal(r.points[8].rule, TREND_RULE_OUTSIDE_LIMITS);
	assert_int_equal(r.points[7].rule, TREND_RULE_RUN);
	trend_result_release(&r);
	run_case("prec_r2_r4", &r);		/* R2 > R4 */
	assert_true(r.points[8].trend && r.points[8].run);
	assert_int_equal(r.points[8].rule, TREND_RULE_TREND);
	assert_int_equal(r.points[13].rule, TREND_RULE_RUN);
	trend_result_release(&r);
	run_case("prec_r3_r4", &r);		/* R3 > R4 */
	assert_true(r.points[7].two_in_three && r.points[7].run);
	assert_int_equal(r.points[7].rule, TREND_RULE_TWO_IN_THREE);
	assert_int_equal(r.points[8].rule, TREND_RULE_RUN);
	trend_result_release(&r);
	run_case("missing", &r);		/* R1 > R2 on the first point of a trend */
	assert_true(r.points[23].outside_limits && r.points[23].trend);
	assert_int_equal(r.points[23].rule, TREND_RULE_OUTSIDE_LIMITS);
	trend_result_release(&r);
}

/* SPC.md 1.2: we copy ptd's peak labels, the repeat quirk included. */
static void
test_trend_peak_labels(void **state)
{
	struct trend_result r;

	(void)state;
	run_case("peak_repeat", &r);
	assert_int_equal(r.points[15].sign, 1);		/* 10.2, rising */
	assert_int_equal(r.points[16].sign, -1);	/* 10.3, ends the rise, but "Decreasing" */
	assert_int_equal(r.points[16].type, TREND_SPECIAL_CONCERN);
	assert_int_equal(r.points[17].sign, -1);
	trend_result_release(&r);
	run_case("peak_sharp", &r);
	assert_int_equal(r.points[16].sign, -1);	/* the shared top takes the falling side */
	trend_result_release(&r);
}

static void
test_trend_rebase_and_baseline(void **state)
{
	struct trend_result r;

	(void)state;
	run_case("rebase", &r);
	assert_int_equal(r.ngroups, 2);
	assert_int_equal(r.points[14].group, 0);
	assert_int_equal(r.points[15].group, 1);
	assert_true(r.points[15].mean > 12 && r.points[14].mean < 10.1);
	assert_int_equal(COUNT(&r, run) + COUNT(&r, two_in_three) + COUNT(&r, outside_limits), 0);
	assert_int_equal(r.anhoej.n_useful, 15);	/* the last group's */
	assert_int_equal(r.mk.n, 15);			/* Mann-Kendall too */
	trend_result_release(&r);
	run_case("no_rebase", &r);
	assert_int_equal(r.ngroups, 1);
	assert_int_equal(r.variation, TREND_VAR_IMPROVEMENT_HIGH);
	trend_result_release(&r);
	run_case("fixed", &r);			/* the mean of the first 12 only */
	assert_true(r.points[19].mean == trend_r_mean(find_case("fixed")->y, 12));
	assert_int_equal(COUNT(&r, run), 8);
	trend_result_release(&r);
}

static void
test_trend_short_one_empty(void **state)
{
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;

	(void)state;
	run_case("short", &r);
	assert_true(r.short_series_warning);
	assert_true(r.groups[0].short_warning);
	trend_result_release(&r);
	run_case("one_point", &r);
	assert_true(isnan(r.points[0].upl) && isnan(r.points[0].lpl));
	assert_int_equal(r.points[0].type, TREND_COMMON_CAUSE);
	assert_int_equal(r.anhoej.n_useful, 0);		/* on its own mean */
	assert_true(isnan(r.sen_slope));
	trend_result_release(&r);

	trend_params_init(&p);
	p.has_target = 1;
	p.target = 3;
	assert_int_equal(trend_analyse(NULL, NULL, 0, &p, &r, &e), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.ngroups, 0);
	assert_int_equal(r.variation, TREND_VAR_COMMON_CAUSE);
	assert_int_equal(r.assurance, TREND_ASSURANCE_NONE);
	assert_int_equal(r.target_status, TREND_TARGET_NONE);
	assert_int_equal(r.forecast, TREND_FORECAST_NONE);
	assert_int_equal(r.latest, 0);
	trend_result_release(&r);
	trend_result_release(NULL);
}

static void
test_trend_missing(void **state)
{
	static const double stale[] = { 10, 11, 9, 10, NAN };
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;

	(void)state;
	run_case("missing", &r);
	for (size_t i = 2; i <= 8; i++)		/* a run ending right before a gap is flagged */
		assert_int_equal(r.points[i].run, 1);
	for (size_t i = 13; i <= 20; i++)	/* a run across a gap is not */
		assert_int_equal(r.points[i].run, 0);
	for (size_t i = 23; i <= 29; i++)	/* a trend wholly after a gap is */
		assert_int_equal(r.points[i].trend, 1);
	assert_int_equal(r.points[9].rule, TREND_RULE_NONE);
	assert_int_equal(r.anhoej.n_useful, 28);	/* Anhøj skips the three gaps */
	trend_result_release(&r);
	run_case("missing_breaks", &r);		/* would be a 7-trend and a 2-in-3 without the gaps */
	assert_int_equal(COUNT(&r, trend) + COUNT(&r, two_in_three), 0);
	trend_result_release(&r);

	trend_params_init(&p);
	assert_int_equal(trend_analyse(stale, NULL, 5, &p, &r, &e), 0);
	assert_true(r.stale);
	assert_int_equal(r.latest, 3);
	assert_int_equal(r.variation, TREND_VAR_COMMON_CAUSE);
	assert_true(r.change_prev == 1);
	trend_result_release(&r);
}

static void
test_trend_neutral(void **state)
{
	struct trend_result r;

	(void)state;
	run_case("neutral", &r);
	assert_int_equal(r.points[15].type, TREND_SPECIAL_NEUTRAL_HIGH);
	trend_result_release(&r);
	run_case("neutral_low", &r);
	assert_int_equal(r.points[19].type, TREND_SPECIAL_NEUTRAL_LOW);
	assert_int_equal(r.variation, TREND_VAR_NEUTRAL_LOW);
	trend_result_release(&r);
	run_case("assure_neutral", &r);		/* a target but no direction: no assurance */
	assert_int_equal(r.assurance, TREND_ASSURANCE_NONE);
	trend_result_release(&r);
}

static void
test_trend_assurance(void **state)
{
	const struct ref_case *c = find_case("common");
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;
	double upl, lpl;

	(void)state;
	run_case("assure_fail", &r);
	assert_int_equal(r.assurance, TREND_ASSURANCE_FAIL);
	assert_true(r.needs_change);
	trend_result_release(&r);
	run_case("assure_pass", &r);
	assert_int_equal(r.assurance, TREND_ASSURANCE_PASS);
	trend_result_release(&r);
	run_case("assure_inconsistent", &r);
	assert_int_equal(r.assurance, TREND_ASSURANCE_INCONSISTENT);
	upl = r.points[0].upl;
	lpl = r.points[0].lpl;
	trend_result_release(&r);
	/* A target exactly on a limit is "hit and miss": the comparisons are strict. */
	trend_params_init(&p);
	p.has_target = 1;
	p.target = upl;
	assert_int_equal(trend_analyse(c->y, NULL, c->n, &p, &r, &e), 0);
	assert_int_equal(r.assurance, TREND_ASSURANCE_INCONSISTENT);
	trend_result_release(&r);
	p.target = lpl;
	p.direction = TREND_DECREASE;
	assert_int_equal(trend_analyse(c->y, NULL, c->n, &p, &r, &e), 0);
	assert_int_equal(r.assurance, TREND_ASSURANCE_INCONSISTENT);
	trend_result_release(&r);
}

static void
test_trend_mann_kendall_and_sen(void **state)
{
	static const struct {
		const double *y;
		const long *t;
		size_t n;
		const double *want;	/* S, var_s, z, p, Sen slope (scipy) */
	} cases[] = {
		{ mk_noise_y, NULL, 12, mk_noise_mk },
		{ mk_rising_y, NULL, 14, mk_rising_mk },
		{ mk_ties_y, NULL, 16, mk_ties_mk },
		{ mk_falling_even_y, NULL, 8, mk_falling_even_mk },
		{ mk_missing_y, NULL, 10, mk_missing_mk },
		{ mk_times_y, mk_times_t, 7, mk_times_mk },
	};

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct trend_mk mk = trend_mann_kendall(cases[k].y, cases[k].t, cases[k].n);
		double sen = trend_sen_slope(cases[k].y, cases[k].t, cases[k].n);

		if (mk.s != cases[k].want[0] || !close_enough(mk.var_s, cases[k].want[1]) ||
		    fabs(mk.z - cases[k].want[2]) > 1e-12 || fabs(mk.p - cases[k].want[3]) > 1e-12 ||
		    fabs(sen - cases[k].want[4]) > 1e-12)
			fail_msg("case %zu: S %g var %.17g z %.17g p %.17g sen %.17g", k, mk.s,
			    mk.var_s, mk.z, mk.p, sen);
	}
}

static void
test_trend_crossings_min(void **state)
{
	(void)state;
	for (size_t n = 0; n < sizeof qbinom_ref / sizeof qbinom_ref[0]; n++)
		if (trend_crossings_min(n) != qbinom_ref[n])
			fail_msg("qbinom(0.05, %zu, 0.5): %ld, want %ld", n, trend_crossings_min(n),
			    qbinom_ref[n]);
	/* SPC.md 2.2's examples, and a long series past the exact-start range (normal approx.). */
	assert_int_equal(trend_crossings_min(11), 3);
	assert_int_equal(trend_crossings_min(23), 8);
	assert_int_equal(trend_crossings_min(35), 13);
	assert_true(labs(trend_crossings_min(20000) - (long)(10000 - 1.6449 * 70.71)) <= 2);
}

/* Target status, gap and forecast at the Sen slope: 1, 2, ..., 10 rises by 1 a period. */
static void
test_trend_target_forecast(void **state)
{
	double y[10];
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;

	(void)state;
	for (int i = 0; i < 10; i++)
		y[i] = i + 1;
	trend_params_init(&p);
	p.has_target = 1;
	p.target = 13.5;
	p.tolerance = 1;
	assert_int_equal(trend_analyse(y, NULL, 10, &p, &r, &e), 0);
	assert_true(r.sen_slope == 1);
	assert_int_equal(r.target_status, TREND_TARGET_OFF);
	assert_true(r.gap == -3.5);
	assert_int_equal(r.forecast, TREND_FORECAST_PERIODS);
	assert_true(r.periods_to_target == 4);
	trend_result_release(&r);

	p.target = 10.5;			/* within the tolerance: near */
	assert_int_equal(trend_analyse(y, NULL, 10, &p, &r, &e), 0);
	assert_int_equal(r.target_status, TREND_TARGET_NEAR);
	assert_true(r.periods_to_target == 1);
	trend_result_release(&r);

	p.target = 10;				/* met */
	assert_int_equal(trend_analyse(y, NULL, 10, &p, &r, &e), 0);
	assert_int_equal(r.target_status, TREND_TARGET_ON);
	assert_int_equal(r.forecast, TREND_FORECAST_ON_TARGET);
	trend_result_release(&r);

	p.direction = TREND_DECREASE;		/* lower is better, but it is rising */
	p.target = 4;
	assert_int_equal(trend_analyse(y, NULL, 10, &p, &r, &e), 0);
	assert_int_equal(r.target_status, TREND_TARGET_OFF);
	assert_int_equal(r.forecast, TREND_FORECAST_NOT_AT_THIS_RATE);
	assert_true(isnan(r.periods_to_target));
	trend_result_release(&r);

	p.direction = TREND_NEUTRAL;		/* neutral: on within the tolerance, else off */
	p.target = 9.5;
	assert_int_equal(trend_analyse(y, NULL, 10, &p, &r, &e), 0);
	assert_int_equal(r.target_status, TREND_TARGET_ON);
	p.tolerance = 0.25;
	trend_result_release(&r);
	assert_int_equal(trend_analyse(y, NULL, 10, &p, &r, &e), 0);
	assert_int_equal(r.target_status, TREND_TARGET_OFF);
	trend_result_release(&r);
}

static void
test_trend_changes(void **state)
{
	double y[15];
	long t[15];
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;

	(void)state;
	for (int i = 0; i < 15; i++) {
		y[i] = 100 + i * i;
		t[i] = 24000 + i + (i >= 14);	/* the last period follows a skipped one */
	}
	trend_params_init(&p);
	assert_int_equal(trend_analyse(y, NULL, 15, &p, &r, &e), 0);
	assert_true(r.change_prev == 196 - 169);
	assert_true(r.change_year == 196 - 4);
	assert_false(r.stale);
	trend_result_release(&r);
	assert_int_equal(trend_analyse(y, t, 15, &p, &r, &e), 0);
	assert_true(isnan(r.change_prev));	/* the period before the latest is missing */
	assert_true(r.change_year == 196 - 9);	/* t = 24003 is a year before 24015 */
	trend_result_release(&r);
}

static void
test_trend_rejects_bad_parameters(void **state)
{
	static const double y[] = { 1, 2, 3 };
	static const long back[] = { 5, 4, 6 };
	static const size_t far[] = { 3 };
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;

	(void)state;
	trend_params_init(&p);
	p.fix_after_n_points = 11;
	assert_int_equal(trend_analyse(y, NULL, 3, &p, &r, &e), -1);
	assert_int_equal(e.code, KP_USAGE);
	assert_non_null(strstr(e.msg, "at least 12"));
	trend_params_init(&p);
	p.trend_length = 1;
	assert_int_equal(trend_analyse(y, NULL, 3, &p, &r, &e), -1);
	trend_params_init(&p);
	p.run_length = 0;
	assert_int_equal(trend_analyse(y, NULL, 3, &p, &r, &e), -1);
	trend_params_init(&p);
	p.rebase = far;
	p.nrebase = 1;
	assert_int_equal(trend_analyse(y, NULL, 3, &p, &r, &e), -1);
	trend_params_init(&p);
	p.has_target = 1;
	p.target = 1;
	p.tolerance = -1;
	assert_int_equal(trend_analyse(y, NULL, 3, &p, &r, &e), -1);
	trend_params_init(&p);
	assert_int_equal(trend_analyse(y, back, 3, &p, &r, &e), -1);
	assert_int_equal(e.code, KP_DATA);
}

static void
test_trend_names(void **state)
{
	enum trend_direction d;

	(void)state;
	assert_string_equal(trend_rule_name(TREND_RULE_TWO_IN_THREE), "two_in_three");
	assert_string_equal(trend_point_type_name(TREND_SPECIAL_NEUTRAL_LOW), "special_cause_neutral_low");
	assert_string_equal(trend_variation_name(TREND_VAR_CONCERN_HIGH), "concern_high");
	assert_string_equal(trend_assurance_name(TREND_ASSURANCE_PASS), "consistent_pass");
	assert_null(trend_assurance_name(TREND_ASSURANCE_NONE));
	assert_string_equal(trend_target_status_name(TREND_TARGET_NEAR), "near");
	assert_string_equal(trend_forecast_name(TREND_FORECAST_NOT_AT_THIS_RATE), "not_at_this_rate");
	assert_int_equal(trend_direction_parse("decrease", &d), 0);
	assert_int_equal(d, TREND_DECREASE);
	assert_int_equal(trend_direction_parse("down", &d), -1);
}

/* R's mean.default: NaN skipped, NaN when empty, the overflow fallback, and the long double sum. */
static void
test_trend_r_mean(void **state)
{
	static const double x[] = { 0.1, 0.2, 0.3, NAN, 0.4 };
	const struct ref_case *c = find_case("tie_on_mean");

	(void)state;
	assert_true(isnan(trend_r_mean(x + 3, 1)));
	assert_true(trend_r_mean(x, 5) == 0.25);
	assert_true(trend_r_mean((const double[]){ 1e308, 1e308 }, 2) == 1e308);
	assert_true(trend_r_mean(c->y, c->n) == 10.1);	/* sum/n in double: 10.099999999999998 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trend_matches_reference),
		cmocka_unit_test(test_trend_rules_fire),
		cmocka_unit_test(test_trend_near_misses_do_not_fire),
		cmocka_unit_test(test_trend_tie_on_mean),
		cmocka_unit_test(test_trend_precedence),
		cmocka_unit_test(test_trend_peak_labels),
		cmocka_unit_test(test_trend_rebase_and_baseline),
		cmocka_unit_test(test_trend_short_one_empty),
		cmocka_unit_test(test_trend_missing),
		cmocka_unit_test(test_trend_neutral),
		cmocka_unit_test(test_trend_assurance),
		cmocka_unit_test(test_trend_mann_kendall_and_sen),
		cmocka_unit_test(test_trend_crossings_min),
		cmocka_unit_test(test_trend_target_forecast),
		cmocka_unit_test(test_trend_changes),
		cmocka_unit_test(test_trend_rejects_bad_parameters),
		cmocka_unit_test(test_trend_names),
		cmocka_unit_test(test_trend_r_mean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
