/*
** test_status.c: on / near / off by direction and tolerance (with the boundaries: exactly on
** target and exactly on the band's edge, as people type them in decimal), and a metric's
** status for one period: missing figures, changes against the period before and the year
** before, targets that switch at a new fiscal year, and metrics without a target.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kpistat/catalog.h"
#include "kpistat/period.h"
#include "kpistat/status.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

static struct period	per(const char *);
static void		series_of(struct series *, const char *const *, const double *, size_t);

/* A period from its text, which must be good. */
static struct period
per(const char *s)
{
	struct period p;
	struct kp_err e;

	if (period_parse(s, &p, &e) != 0)
		fail_msg("bad test period '%s': %s", s, e.msg);
	return p;
}

/* Up to 16 figures, periods ascending; notes stay NULL unless a test sets them. */
static struct period	 s_periods[16];
static double		 s_values[16];
static char		*s_notes[16];

static void
series_of(struct series *s, const char *const *periods, const double *values, size_t n)
{
	assert_true(n <= NELEM(s_periods));
	for (size_t i = 0; i < n; i++) {
		s_periods[i] = per(periods[i]);
		s_values[i] = values[i];
		s_notes[i] = NULL;
	}
	s->periods = s_periods;
	s->values = s_values;
	s->notes = s_notes;
	s->n = n;
}

static void
test_status_level_of_by_direction(void **state)
{
	static const struct {
		enum direction dir;
		double v, t, tol;
		enum status_level want;
	} cases[] = {
		/* Higher is better. */
		{ DIR_HIGHER, 92, 92, 2, STATUS_ON },		/* exactly on target */
		{ DIR_HIGHER, 95, 92, 2, STATUS_ON },
		{ DIR_HIGHER, 91, 92, 2, STATUS_NEAR },
		{ DIR_HIGHER, 90, 92, 2, STATUS_NEAR },		/* exactly on the band's edge */
		{ DIR_HIGHER, 89.99, 92, 2, STATUS_OFF },
		{ DIR_HIGHER, 92, 92, 0, STATUS_ON },
		{ DIR_HIGHER, 91.99, 92, 0, STATUS_OFF },	/* no band: a miss is off */
		{ DIR_HIGHER, -3.5, -3, 0.5, STATUS_NEAR },	/* negative targets */
		{ DIR_HIGHER, -3.6, -3, 0.5, STATUS_OFF },
		/* Lower is better. */
		{ DIR_LOWER, 5, 5, 0.5, STATUS_ON },
		{ DIR_LOWER, 4, 5, 0.5, STATUS_ON },
		{ DIR_LOWER, 5.25, 5, 0.5, STATUS_NEAR },
		{ DIR_LOWER, 5.5, 5, 0.5, STATUS_NEAR },
		{ DIR_LOWER, 5.51, 5, 0.5, STATUS_OFF },
		{ DIR_LOWER, 5.01, 5, 0, STATUS_OFF },
		{ DIR_LOWER, 0, 0, 0, STATUS_ON },
		/* Neither way is better: on within the band around the target, else off. */
		{ DIR_NEUTRAL, 100, 100, 5, STATUS_ON },
		{ DIR_NEUTRAL, 95, 100, 5, STATUS_ON },
		{ DIR_NEUTRAL, 105, 100, 5, STATUS_ON },
		{ DIR_NEUTRAL, 105.01, 100, 5, STATUS_OFF },
		{ DIR_NEUTRAL, 94.99, 100, 5, STATUS_OFF },
		{ DIR_NEUTRAL, 100, 100, 0, STATUS_ON },
		{ DIR_NEUTRAL, 100.5, 100, 0, STATUS_OFF },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		enum status_level got = status_level_of(cases[i].dir, cases[i].v, cases[i].t,
		    cases[i].tol);

		if (got != cases[i].want)
			fail_msg("case %zu: %s, v %g t %g tol %g: '%s', want '%s'", i,
			    catalog_direction_name(cases[i].dir), cases[i].v, cases[i].t, cases[i].tol,
			    status_level_name(got), status_level_name(cases[i].want));
	}
}

/*
** Band edges in decimal: 2.3 + 0.3 is 2.5999999999999996 in binary, yet a figure of 2.6 for a
** target of 2.3 +/- 0.3 is on the edge of the band and so near, not off.
*/
static void
test_status_level_of_decimal_edges(void **state)
{
	static const struct {
		enum direction dir;
		double v, t, tol;
		enum status_level want;
	} cases[] = {
		{ DIR_LOWER, 2.6, 2.3, 0.3, STATUS_NEAR },
		{ DIR_LOWER, 2.35, 2.3, 0.05, STATUS_NEAR },
		{ DIR_LOWER, 0.8, 0.7, 0.1, STATUS_NEAR },
		{ DIR_LOWER, 13.8, 12.6, 1.2, STATUS_NEAR },
		{ DIR_LOWER, 2.61, 2.3, 0.3, STATUS_OFF },
		{ DIR_HIGHER, 4.1, 4.2, 0.1, STATUS_NEAR },
		{ DIR_HIGHER, 0.9, 1.1, 0.2, STATUS_NEAR },
		{ DIR_HIGHER, 7.6, 7.7, 0.1, STATUS_NEAR },
		{ DIR_HIGHER, 4.09, 4.2, 0.1, STATUS_OFF },
		{ DIR_NEUTRAL, 0.4, 0.3, 0.1, STATUS_ON },
		{ DIR_NEUTRAL, 0.2, 0.3, 0.1, STATUS_ON },
		{ DIR_NEUTRAL, 92.2, 92, 0.2, STATUS_ON },
		{ DIR_NEUTRAL, 0.86, 0.85, 0.01, STATUS_ON },
		{ DIR_NEUTRAL, 0.41, 0.3, 0.1, STATUS_OFF },
		{ DIR_NEUTRAL, 0.3000001, 0.3, 0, STATUS_OFF },
	};
	struct target t;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		enum status_level got = status_level_of(cases[i].dir, cases[i].v, cases[i].t,
		    cases[i].tol);

		if (got != cases[i].want)
			fail_msg("case %zu: %s, v %.17g t %.17g tol %.17g: '%s', want '%s'", i,
			    catalog_direction_name(cases[i].dir), cases[i].v, cases[i].t, cases[i].tol,
			    status_level_name(got), status_level_name(cases[i].want));
	}

	/* Percentage bands: 10% of 4.2 is 0.42, so 4.62 is on the edge. */
	memset(&t, 0, sizeof t);
	t.value = 4.2;
	t.has_tol = 1;
	t.tol_pct = 1;
	t.tol = 10;
	assert_int_equal(status_level_of(DIR_LOWER, 4.62, t.value, catalog_tolerance(&t)), STATUS_NEAR);
	assert_int_equal(status_level_of(DIR_LOWER, 4.63, t.value, catalog_tolerance(&t)), STATUS_OFF);
	t.value = 0.85;
	t.tol = 5;
	assert_int_equal(status_level_of(DIR_HIGHER, 0.8075, t.value, catalog_tolerance(&t)), STATUS_NEAR);
	assert_int_equal(status_level_of(DIR_HIGHER, 0.807, t.value, catalog_tolerance(&t)), STATUS_OFF);
}

static void
test_status_level_names(void **state)
{
	(void)state;
	assert_string_equal(status_level_name(STATUS_NO_TARGET), "no target");
	assert_string_equal(status_level_name(STATUS_ON), "on");
	assert_string_equal(status_level_name(STATUS_NEAR), "near");
	assert_string_equal(status_level_name(STATUS_OFF), "off");
	assert_string_equal(status_level_name(STATUS_MISSING), "missing");
	assert_string_equal(status_level_name((enum status_level)9), "?");
}

/* permits.review_days: lower is better; 5 days +/- 10% from 2024-07, 4 days from FY2027. */
static struct target review_targets[2];
static struct metric review;

static void
make_review(void)
{
	memset(&review, 0, sizeof review);
	review.code = (char *)"permits.review_days";
	review.direction = DIR_LOWER;
	review.freq = FREQ_MONTHLY;
	memset(review_targets, 0, sizeof review_targets);
	review_targets[0].from = per("2024-07");
	review_targets[0].value = 5;
	review_targets[0].has_tol = 1;
	review_targets[0].tol_pct = 1;
	review_targets[0].tol = 10;
	review_targets[1].from = per("FY2027");
	review_targets[1].value = 4;
	review.targets = review_targets;
	review.ntargets = 2;
}

static void
test_status_changes_against_previous_and_year_ago(void **state)
{
	static const char *const periods[] = { "2024-06", "2025-06", "2026-04", "2026-05", "2026-06" };
	static const double values[] = { 6, 5.8, 5.2, 5.6, 5.3 };
	struct status_row r;
	struct series s;
	char buf[PERIOD_STRLEN];

	(void)state;
	make_review();
	series_of(&s, periods, values, NELEM(periods));
	s_notes[4] = (char *)"two reviewers out";

	/* 2026-06: previous month and the same month a year before are both there. */
	status_compute(&review, &s, &s.periods[4], 7, &r);
	assert_ptr_equal(r.m, &review);
	assert_string_equal(period_format(&r.period, buf), "2026-06");
	assert_int_equal(r.has_value, 1);
	assert_true(r.value == 5.3);
	assert_string_equal(r.note, "two reviewers out");
	assert_int_equal(r.has_target, 1);
	assert_true(r.target == 5);
	assert_true(r.tolerance == 0.5);
	assert_true(r.gap > 0.3 - 1e-12 && r.gap < 0.3 + 1e-12);
	assert_int_equal(r.level, STATUS_NEAR);
	assert_int_equal(r.has_prev, 1);
	assert_true(r.d_prev > -0.3 - 1e-12 && r.d_prev < -0.3 + 1e-12);
	assert_int_equal(r.has_year, 1);
	assert_true(r.d_year > -0.5 - 1e-12 && r.d_year < -0.5 + 1e-12);
	assert_int_equal(r.has_latest, 1);
	assert_string_equal(period_format(&r.latest, buf), "2026-06");

	/* 2026-04: no 2026-03 and no 2025-04. */
	status_compute(&review, &s, &s.periods[2], 7, &r);
	assert_int_equal(r.has_value, 1);
	assert_null(r.note);
	assert_int_equal(r.level, STATUS_NEAR);	/* 5.2 within 5 + 0.5 */
	assert_int_equal(r.has_prev, 0);
	assert_true(r.d_prev == 0);
	assert_int_equal(r.has_year, 0);
	assert_true(r.d_year == 0);
	assert_string_equal(period_format(&r.latest, buf), "2026-06");	/* the series' latest */

	/* 2026-05: the previous month is there, the year before is not. */
	status_compute(&review, &s, &s.periods[3], 7, &r);
	assert_int_equal(r.level, STATUS_OFF);	/* 5.6 > 5.5 */
	assert_int_equal(r.has_prev, 1);
	assert_true(r.d_prev > 0.4 - 1e-12 && r.d_prev < 0.4 + 1e-12);
	assert_int_equal(r.has_year, 0);
}

static void
test_status_missing_period(void **state)
{
	static const char *const periods[] = { "2026-04", "2026-05" };
	static const double values[] = { 4.5, 4.9 };
	struct status_row r;
	struct series s;
	struct period at = per("2026-06");
	char buf[PERIOD_STRLEN];

	(void)state;
	make_review();
	series_of(&s, periods, values, NELEM(periods));
	status_compute(&review, &s, &at, 7, &r);
	assert_int_equal(r.level, STATUS_MISSING);
	assert_int_equal(r.has_value, 0);
	assert_null(r.note);
	assert_int_equal(r.has_prev, 0);	/* no change without a figure, though 2026-05 is there */
	assert_int_equal(r.has_year, 0);
	assert_int_equal(r.has_target, 1);	/* the target in force is still shown */
	assert_true(r.target == 5);
	assert_true(r.gap == 0);
	assert_int_equal(r.has_latest, 1);
	assert_string_equal(period_format(&r.latest, buf), "2026-05");
	assert_string_equal(period_format(&r.period, buf), "2026-06");

	/* An empty series: missing, and no latest period. */
	series_of(&s, periods, values, 0);
	status_compute(&review, &s, &at, 7, &r);
	assert_int_equal(r.level, STATUS_MISSING);
	assert_int_equal(r.has_latest, 0);

	/* A figure of another kind with the same key is not the figure for `at`. */
	{
		static const char *const yp[] = { "2026" };
		static const double yv[] = { 1 };
		struct period y = per("2026"), m;

		series_of(&s, yp, yv, 1);
		m = period_from_key(PERIOD_MONTH, period_key(&y));
		status_compute(&review, &s, &m, 7, &r);
		assert_int_equal(r.has_value, 0);
		assert_int_equal(r.level, STATUS_MISSING);
	}
}

static void
test_status_target_switches_at_fiscal_year(void **state)
{
	static const char *const periods[] = { "2026-06", "2026-07", "2027-01" };
	static const double values[] = { 4.5, 4.5, 4.5 };
	struct status_row r;
	struct series s;

	(void)state;
	make_review();
	series_of(&s, periods, values, NELEM(periods));

	/* Fiscal years from July: FY2027 starts 2026-07, so 4.5 is on in June and off in July. */
	status_compute(&review, &s, &s.periods[0], 7, &r);
	assert_true(r.target == 5);
	assert_true(r.tolerance == 0.5);
	assert_int_equal(r.level, STATUS_ON);
	status_compute(&review, &s, &s.periods[1], 7, &r);
	assert_true(r.target == 4);
	assert_true(r.tolerance == 0);		/* the new target has no band */
	assert_int_equal(r.level, STATUS_OFF);
	assert_true(r.gap == 0.5);

	/* Fiscal years as calendar years: FY2027 starts 2027-01. */
	status_compute(&review, &s, &s.periods[1], 1, &r);
	assert_true(r.target == 5);
	assert_int_equal(r.level, STATUS_ON);
	status_compute(&review, &s, &s.periods[2], 1, &r);
	assert_true(r.target == 4);
	assert_int_equal(r.level, STATUS_OFF);

	/* Fiscal years from October: FY2027 starts 2026-10. */
	status_compute(&review, &s, &s.periods[1], 10, &r);
	assert_true(r.target == 5);
	status_compute(&review, &s, &s.periods[2], 10, &r);
	assert_true(r.target == 4);
}

static void
test_status_without_target(void **state)
{
	static const char *const periods[] = { "2024-06", "2024-07" };
	static const double values[] = { 7, 6 };
	struct metric m;
	struct status_row r;
	struct series s;

	(void)state;
	memset(&m, 0, sizeof m);
	m.code = (char *)"fire.lift_assists";
	m.direction = DIR_LOWER;
	series_of(&s, periods, values, NELEM(periods));
	status_compute(&m, &s, &s.periods[1], 7, &r);
	assert_int_equal(r.has_value, 1);
	assert_int_equal(r.has_target, 0);
	assert_int_equal(r.level, STATUS_NO_TARGET);
	assert_true(r.gap == 0);
	assert_true(r.tolerance == 0);
	assert_int_equal(r.has_prev, 1);
	assert_true(r.d_prev == -1);

	/* Before its first target starts, a metric has no target either. */
	make_review();
	status_compute(&review, &s, &s.periods[0], 7, &r);
	assert_int_equal(r.has_target, 0);
	assert_int_equal(r.level, STATUS_NO_TARGET);
	status_compute(&review, &s, &s.periods[1], 7, &r);
	assert_int_equal(r.has_target, 1);
	assert_int_equal(r.level, STATUS_OFF);	/* 6 against 5 + 0.5 */
}

static void
test_status_quarters_and_weeks(void **state)
{
	static const char *const qp[] = { "2025-Q1", "2025-Q4", "2026-Q1" };
	static const double qv[] = { 100, 120, 130 };
	static const char *const wp[] = { "2025-W52", "2026-W01", "2026-W53" };
	static const double wv[] = { 3, 4, 6 };
	struct metric m;
	struct status_row r;
	struct series s;

	(void)state;
	memset(&m, 0, sizeof m);
	m.code = (char *)"fire.budget";
	m.direction = DIR_HIGHER;
	m.freq = FREQ_QUARTERLY;
	series_of(&s, qp, qv, NELEM(qp));
	status_compute(&m, &s, &s.periods[2], 7, &r);
	assert_int_equal(r.has_prev, 1);	/* 2025-Q4 before 2026-Q1 */
	assert_true(r.d_prev == 10);
	assert_int_equal(r.has_year, 1);	/* 2025-Q1 */
	assert_true(r.d_year == 30);

	m.freq = FREQ_WEEKLY;
	series_of(&s, wp, wv, NELEM(wp));
	status_compute(&m, &s, &s.periods[1], 7, &r);
	assert_int_equal(r.has_prev, 1);	/* 2025 has 52 ISO weeks */
	assert_true(r.d_prev == 1);
	assert_int_equal(r.has_year, 0);
	status_compute(&m, &s, &s.periods[2], 7, &r);
	assert_int_equal(r.has_prev, 0);
	assert_int_equal(r.has_year, 1);	/* 2026-W53 a year before is 2025-W52 */
	assert_true(r.d_year == 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_level_of_by_direction),
		cmocka_unit_test(test_status_level_of_decimal_edges),
		cmocka_unit_test(test_status_level_names),
		cmocka_unit_test(test_status_changes_against_previous_and_year_ago),
		cmocka_unit_test(test_status_missing_period),
		cmocka_unit_test(test_status_target_switches_at_fiscal_year),
		cmocka_unit_test(test_status_without_target),
		cmocka_unit_test(test_status_quarters_and_weeks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
