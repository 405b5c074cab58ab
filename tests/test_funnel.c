/*
** test_funnel.c: funnel limits and verdicts against published worked examples and hand-worked
** numbers.
**
** Published examples (numbers only; the package is GPL-3, its code is not used here):
**   - shares: PHEindicatormethods' tests/testthat/testdata_funnel_prop_outputs.csv (funnel
**     limits around the pooled 80.642448 % of 303 PCTs at population 539 and 2) and
**     testdata_funnel_prop_inputs.csv (Fingertips verdicts of named PCTs);
**   - counts: the same package's testdata_funnel_ratio_outputs.csv (exact Poisson interval of
**     1 event: 0.025317898..5.571644585 at 95 %, 0.001000547..9.233410143 at 99.8 %) and
**     testdata_funnel_ratio_inputs.csv (obs, expected, verdict); Byar's interval for 65
**     events, 50.16..82.85 (Fingertips technical guidance's worked example);
**   - medians: Campbell & Gardner, "Calculating confidence intervals for some non-parametric
**     analyses", BMJ 1988; 296:1454, Table 1 (n = 10: ranks 2 and 9; n = 20: 6 and 15 at
**     95 %).
** Hand-worked (python3, math module only; the script is in the comments next to each case).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "kpistat/funnel.h"

#define NEAR(a, b, tol)	assert_true(fabs((a) - (b)) <= (tol))

static void
test_qnorm(void **state)
{
	(void)state;
	NEAR(funnel_qnorm(0.975), 1.959963984540054, 1e-12);
	NEAR(funnel_qnorm(0.999), 3.090232306167813, 1e-12);
	NEAR(funnel_qnorm(0.5), 0, 1e-12);
	/* the bisection itself, next to the two levels it remembers */
	NEAR(funnel_qnorm(0.97500000001), 1.959963984540054, 1e-8);
	NEAR(funnel_qnorm(0.99899999999), 3.090232306167813, 1e-7);
	NEAR(funnel_qnorm(0.025), -1.959963984540054, 1e-12);
	/* P(1, x) = 1 - e^-x; P(3, 2) = 1 - e^-2 (1 + 2 + 2) */
	NEAR(funnel_gamma_p(1, 0.7), 1 - exp(-0.7), 1e-14);
	NEAR(funnel_gamma_p(3, 2), 1 - exp(-2) * 5, 1e-14);
	NEAR(funnel_gamma_p(3, 20), 1 - exp(-20) * (1 + 20 + 200), 1e-14);
}

/* PHE's funnel for proportions: baseline 80.642448 %, population 539 and 2. */
static void
test_share_limits_phe(void **state)
{
	double p0 = 0.80642448, lo, hi;

	(void)state;
	funnel_share_limits(p0, 539, 0.975, &lo, &hi);
	NEAR(lo * 100, 77.306949, 1e-5);
	NEAR(hi * 100, 83.977947, 1e-5);
	funnel_share_limits(p0, 539, 0.999, &lo, &hi);
	NEAR(lo * 100, 75.38344, 1e-5);
	NEAR(hi * 100, 85.901456, 1e-5);
	funnel_share_limits(p0, 2, 0.975, &lo, &hi);
	NEAR(lo * 100, 25.885383, 1e-5);
	NEAR(hi, 1, 0);			/* cut at 100 % */
	funnel_share_limits(p0, 2, 0.999, &lo, &hi);
	NEAR(lo, 0, 0);			/* cut at 0 */
}

/* Fingertips verdicts of PCTs in PHE's test data (pooled share of all 303: 0.8064244786). */
static void
test_share_verdicts_phe(void **state)
{
	static const struct { double k, n; enum funnel_verdict v; } pct[] = {
		{ 35078.4880, 41980, FV_HIGH_998 },	/* New Forest */
		{ 24803.6256, 31824, FV_LOW_998 },	/* Norwich */
		{ 50050.7443, 61921, FV_NOT_SIG },	/* South Gloucestershire */
		{ 26789.2380, 33012, FV_HIGH_95 },	/* West Norfolk */
		{ 36850.0492, 45449, FV_HIGH_95 },	/* North Tees */
		{ 30277.5312, 37828, FV_LOW_95 },	/* North Devon */
		{ 35795.6324, 45449, FV_LOW_998 },	/* Kingston */
		{ 18550.7595, 22905, FV_NOT_SIG },	/* Hertsmere */
	};

	(void)state;
	for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++)
		assert_int_equal(funnel_share_verdict(pct[i].k, pct[i].n, 0.806424478571495),
		    pct[i].v);
}

static void
test_poisson_ci(void **state)
{
	double lo, hi;

	(void)state;
	/* exact (chi-squared), PHE's ratio test data for 1 event */
	funnel_poisson_ci(1, 0.975, &lo, &hi);
	/*
	** (the package bisects to about 1e-6; exactly, the lower limit is -ln 0.975 and the
	** upper solves 1 - e^-x (1 + x) = 0.975: 5.5716433909, by bisection in python3)
	*/
	NEAR(lo, 0.025317898, 1e-6);
	NEAR(lo, -log(0.975), 1e-12);
	NEAR(hi, 5.571644585, 1e-5);
	NEAR(hi, 5.5716433909388945, 1e-9);
	funnel_poisson_ci(1, 0.999, &lo, &hi);
	NEAR(lo, 0.001000547, 1e-6);
	NEAR(hi, 9.233410143, 1e-5);
	NEAR(hi, 9.233413476451522, 1e-9);
	/* no events: 0 .. -ln(0.025) */
	funnel_poisson_ci(0, 0.975, &lo, &hi);
	NEAR(lo, 0, 0);
	NEAR(hi, -log(0.025), 1e-9);
	/* Byar's from 10 on: 65 events */
	funnel_poisson_ci(65, 0.975, &lo, &hi);
	NEAR(lo, 50.16318771045943, 1e-9);
	NEAR(hi, 82.84913854593984, 1e-9);
	/* O = 20 by hand: 20 (1 - 1/180 - z/(3 sqrt 20))^3 */
	funnel_poisson_ci(20, 0.975, &lo, &hi);
	NEAR(lo, 12.211428834875935, 1e-9);
	NEAR(hi, 30.88988036919706, 1e-9);
	funnel_poisson_ci(20, 0.999, &lo, &hi);
	NEAR(lo, 8.922802365144193, 1e-9);
}

/* PHE's ratio test data: observed, expected and the Fingertips verdict. */
static void
test_rate_verdicts_phe(void **state)
{
	static const struct { double o, e; enum funnel_verdict v; } r[] = {
		{ 8, 6.239860227, FV_NOT_SIG },
		{ 151, 106.4429719, FV_HIGH_998 },
		{ 159, 232.9329036, FV_LOW_998 },
		{ 191, 184.0963855, FV_NOT_SIG },
		{ 150, 119.5695496, FV_HIGH_95 },
		{ 101, 126.2973615, FV_LOW_95 },
		{ 0, 240.6273499, FV_LOW_998 },
		{ 6, 4.293052052, FV_NOT_SIG },
	};

	(void)state;
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		assert_int_equal(funnel_rate_verdict(r[i].o, r[i].e), r[i].v);
	/* by hand: 20 events where 10 were due is above 12.21 but not 8.92 */
	assert_int_equal(funnel_rate_verdict(20, 10), FV_HIGH_95);
	assert_int_equal(funnel_rate_verdict(20, 8.9), FV_HIGH_998);
}

/* The rate limits are where the verdict turns: just inside, not significant; just out, it is. */
static void
test_rate_limits_turn(void **state)
{
	double lo, hi, r0 = 0.012, n = 1500;	/* E = 18 */

	(void)state;
	funnel_rate_limits(r0, n, 0.975, &lo, &hi);
	assert_true(lo < r0 && hi > r0);
	/* at the upper limit the count's lower Byar interval reaches E */
	{
		double l, h;

		funnel_poisson_ci(hi * n, 0.975, &l, &h);
		NEAR(l, r0 * n, 1e-6);
		funnel_poisson_ci(lo * n, 0.975, &l, &h);
		NEAR(h, r0 * n, 1e-6);
	}
	assert_int_equal(funnel_rate_verdict(ceil(hi * n), r0 * n), FV_HIGH_95);
	assert_int_equal(funnel_rate_verdict(floor(hi * n), r0 * n), FV_NOT_SIG);
	assert_int_equal(funnel_rate_verdict(floor(lo * n), r0 * n), FV_LOW_95);
	assert_int_equal(funnel_rate_verdict(ceil(lo * n), r0 * n), FV_NOT_SIG);
}

static void
test_median_ranks(void **state)
{
	size_t l, u;

	(void)state;
	assert_true(funnel_median_ranks(10, 0.975, &l, &u));
	assert_int_equal(l, 2);
	assert_int_equal(u, 9);
	assert_true(funnel_median_ranks(20, 0.975, &l, &u));
	assert_int_equal(l, 6);
	assert_int_equal(u, 15);
	/* 5 values: P(B <= 0) = 1/32 > 0.025, no 95 % interval; 6: 1/64 <= 0.025 */
	assert_false(funnel_median_ranks(5, 0.975, &l, &u));
	assert_true(funnel_median_ranks(6, 0.975, &l, &u));
	assert_int_equal(l, 1);
	assert_int_equal(u, 6);
	/* 99.8 %: 10 values need P(B <= 0) = 1/1024 <= 0.001: ranks 1 and 10 */
	assert_true(funnel_median_ranks(10, 0.999, &l, &u));
	assert_int_equal(l, 1);
	assert_int_equal(u, 10);
	assert_false(funnel_median_ranks(9, 0.999, &l, &u));
	/* large n: near n/2 - z sqrt(n)/2 (normal approximation: 10000 -> 4902) */
	assert_true(funnel_median_ranks(10000, 0.975, &l, &u));
	assert_true(l >= 4900 && l <= 4903);
	assert_int_equal(u, 10000 - l + 1);
}

/* Two areas and the whole: one area's interval lies above the whole's median. */
static void
test_compare_medians(void **state)
{
	double a[20], b[20];
	struct funnel_area ar[2];
	struct funnel_opts o = { FUNNEL_MEDIAN, 1, 0 };
	struct funnel_result r;

	(void)state;
	for (int i = 0; i < 20; i++) {
		a[i] = 20 - i;		/* 1..20, reversed: sorted in place */
		b[i] = 100 + i;		/* 100..119 */
	}
	memset(ar, 0, sizeof ar);
	ar[0].vals = a;
	ar[0].nvals = 20;
	ar[1].vals = b;
	ar[1].nvals = 20;
	assert_int_equal(funnel_compare(&o, ar, 2, &r), 0);
	/* pooled median of 1..20, 100..119 is (20 + 100) / 2 = 60 */
	NEAR(r.value, 60, 0);
	NEAR(ar[0].value, 10.5, 0);
	/* ranks 6 and 15 of 1..20 */
	NEAR(ar[0].lo95, 6, 0);
	NEAR(ar[0].hi95, 15, 0);
	assert_int_equal(ar[0].verdict, FV_LOW_998);
	assert_int_equal(ar[1].verdict, FV_HIGH_998);
	NEAR(ar[1].lo95, 105, 0);
}

/* A share comparison by hand, and the same areas with Spiegelhalter's overdispersion. */
static void
test_compare_shares_overdispersed(void **state)
{
	/*
	** python3: A = [(30,100),(45,100),(20,80),(60,150),(10,60),(90,200),(25,50),(40,120)]
	** y0 = 320/860; s = sqrt(y0(1-y0)/n); z = (k/n - y0)/s; winsorise z at R's type-7 10 %
	** and 90 % quantiles; phi = mean(zw^2) = 3.159231515483289;
	** tau2 = (8 phi - 7) / (sum w - sum w^2 / sum w), w = 1/s^2 -> 0.00582635569181452;
	** limits for n = 60: y0 -+ z sqrt(y0(1-y0)/60 + tau2): 0.1788565524562215 (95 %),
	** 0.06742131015038849 (99.8 %); without tau2 0.2498... and 0.1793...
	*/
	static const double k[] = { 30, 45, 20, 60, 10, 90, 25, 40 };
	static const double n[] = { 100, 100, 80, 150, 60, 200, 50, 120 };
	struct funnel_area ar[9];
	struct funnel_opts o = { FUNNEL_SHARE, 100, 0 };
	struct funnel_result r;

	(void)state;
	memset(ar, 0, sizeof ar);
	for (int i = 0; i < 8; i++) {
		ar[i].num = k[i];
		ar[i].den = n[i];
	}
	/* ar[8]: no denominator, left out of the pool and not compared */
	assert_int_equal(funnel_compare(&o, ar, 9, &r), 0);
	NEAR(r.value, 32000.0 / 860, 1e-9);
	assert_int_equal(r.compared, 8);
	assert_int_equal(ar[8].verdict, FV_NONE);
	assert_int_equal(ar[4].verdict, FV_LOW_998);		/* 16.7 % of 60 */
	assert_int_equal(ar[6].verdict, FV_NOT_SIG);		/* 50 % of 50: z = 1.87 */
	assert_int_equal(ar[5].verdict, FV_HIGH_95);		/* 45 % of 200: z = 2.28 */
	assert_int_equal(ar[0].verdict, FV_NOT_SIG);
	assert_false(r.widened);

	o.overdispersion = 1;
	assert_int_equal(funnel_compare(&o, ar, 9, &r), 0);
	assert_true(r.widened);
	NEAR(r.phi, 3.159231515483289, 1e-12);
	NEAR(r.tau2, 0.00582635569181452 * 1e4, 1e-9);
	NEAR(ar[4].lo95, 17.88565524562215, 1e-9);
	NEAR(ar[4].lo998, 6.742131015038849, 1e-9);
	NEAR(ar[6].hi95, 57.29214557138045, 1e-9);
	assert_int_equal(ar[4].verdict, FV_LOW_95);		/* widened: no longer 99.8 % */
	assert_int_equal(ar[5].verdict, FV_NOT_SIG);		/* nor 95 % */
}

/* Underdispersed areas (phi < 1 after winsorising): the limits are not widened. */
static void
test_no_widening_when_underdispersed(void **state)
{
	struct funnel_area ar[4];
	struct funnel_opts o = { FUNNEL_RATE, 1000, 1 };
	struct funnel_result r;

	(void)state;
	memset(ar, 0, sizeof ar);
	for (int i = 0; i < 4; i++) {
		ar[i].num = 100 + i;
		ar[i].den = 10000;
	}
	assert_int_equal(funnel_compare(&o, ar, 4, &r), 0);
	assert_false(r.widened);
	NEAR(r.value, 406.0 / 40000 * 1000, 1e-12);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(ar[i].verdict, FV_NOT_SIG);
		assert_true(ar[i].lo95 < ar[i].value && ar[i].value < ar[i].hi95);
	}
	assert_string_equal(funnel_verdict_code(FV_HIGH_998), "high_998");
	assert_string_equal(funnel_verdict_code(FV_NOT_SIG), "not_significant");
	/* nothing to compare */
	memset(ar, 0, sizeof ar);
	assert_int_equal(funnel_compare(&o, ar, 4, &r), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qnorm),
		cmocka_unit_test(test_share_limits_phe),
		cmocka_unit_test(test_share_verdicts_phe),
		cmocka_unit_test(test_poisson_ci),
		cmocka_unit_test(test_rate_verdicts_phe),
		cmocka_unit_test(test_rate_limits_turn),
		cmocka_unit_test(test_median_ranks),
		cmocka_unit_test(test_compare_medians),
		cmocka_unit_test(test_compare_shares_overdispersed),
		cmocka_unit_test(test_no_widening_when_underdispersed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
