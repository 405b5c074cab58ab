/*
** test_trend_effect.c: "did it work?" against hand-worked series.
**
** The before side used by most cases (12 months, lower is better unless said):
**     210 214 212 208 216 211 213 209 215 212 210 214
** sum 2544, mean 212; moving ranges 4 2 4 8 5 2 4 6 3 2 4 (sum 44), mR-bar 4; none reaches
** the screen 3.267 * 4 = 13.068, so mR-bar stays 4. Frozen limits 212 -/+ 2.66 * 4 =
** 201.36 and 222.64; 2-sigma lines 212 -/+ (2/3)(2.66)(4) = 204.9067 and 219.0933.
** Index 12 is the done period (given a wild value, 400, that must not move the limits);
** the after side starts at index 13.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "kpistat/trend_effect.h"

static const double before[12] = { 210, 214, 212, 208, 216, 211, 213, 209, 215, 212, 210, 214 };

/* before[] + the done period (400) + after[0..na), judged with `dir`. */
static struct trend_effect
judge(const double *after, size_t na, enum trend_direction dir)
{
	double y[40];
	struct trend_params p;
	struct trend_effect r;
	struct kp_err e = { 0 };

	memcpy(y, before, sizeof before);
	y[12] = 400;
	memcpy(y + 13, after, na * sizeof *after);
	trend_params_init(&p);
	p.direction = dir;
	assert_int_equal(trend_effect(y, 13 + na, 13, &p, &r, &e), 0);
	return r;
}

static void
test_frozen_limits(void **state)
{
	static const double after[] = { 213, 209, 215, 211, 212, 210, 214 };
	struct trend_effect r = judge(after, 7, TREND_DECREASE);

	(void)state;
	assert_int_equal(r.start, 0);
	assert_int_equal(r.nbefore, 12);
	assert_int_equal(r.nafter, 7);
	assert_float_equal(r.mean, 212.0, 1e-9);
	assert_float_equal(r.amr, 4.0, 1e-9);
	assert_float_equal(r.lpl, 201.36, 1e-9);
	assert_float_equal(r.upl, 222.64, 1e-9);
	assert_float_equal(r.near_lpl, 212 - 2 * (2.66 / 3) * 4, 1e-9);
	assert_float_equal(r.near_upl, 212 + 2 * (2.66 / 3) * 4, 1e-9);
}

/* 7 of 7 below the former mean, none beyond a line: a run, and lower is better. */
static void
test_real_shift_lower_is_better(void **state)
{
	static const double after[] = { 206, 208, 207, 209, 205, 210, 208 };
	struct trend_effect r = judge(after, 7, TREND_DECREASE);

	(void)state;
	assert_int_equal(r.verdict, TREND_EFFECT_IMPROVEMENT);
	assert_int_equal(r.rules, TREND_EFFECT_RUN);
	assert_int_equal(r.sign, -1);
	assert_int_equal(r.below, 7);
	assert_int_equal(r.above, 0);
	assert_int_equal(r.beyond, 0);
	assert_int_equal(r.last_signal, 19);
	/* The same shift on a higher-is-better metric is for the worse, on a neutral one "down". */
	assert_int_equal(judge(after, 7, TREND_INCREASE).verdict, TREND_EFFECT_DETERIORATION);
	assert_int_equal(judge(after, 7, TREND_NEUTRAL).verdict, TREND_EFFECT_DOWN);
	/* Six of them are not a run: too few after, and it says how many there are. */
	r = judge(after, 6, TREND_DECREASE);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
	assert_int_equal(r.nafter, 6);
	assert_int_equal(r.need_after, 7);
	assert_int_equal(r.below, 6);
}

/* Both sides of the mean, one point on it, nothing near a limit: no change. */
static void
test_no_change(void **state)
{
	static const double after[] = { 213, 209, 215, 211, 212, 210, 214, 213 };
	struct trend_effect r = judge(after, 8, TREND_DECREASE);

	(void)state;
	assert_int_equal(r.verdict, TREND_EFFECT_NO_CHANGE);
	assert_int_equal(r.rules, 0);
	assert_int_equal(r.sign, 0);
	assert_int_equal(r.above, 4);
	assert_int_equal(r.below, 3);
	assert_int_equal(r.last_signal, 21);
}

static void
test_too_few_after(void **state)
{
	static const double after[] = { 208, 207, NAN, 209 };
	struct trend_effect r = judge(after, 4, TREND_DECREASE);

	(void)state;
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
	assert_int_equal(r.nafter, 3);
	assert_int_equal(r.below, 3);
	/* Nothing after the done period at all. */
	r = judge(after, 0, TREND_DECREASE);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
	assert_int_equal(r.nafter, 0);
}

/* 200 < 201.36: one point beyond the frozen lower limit is enough, even among three. */
static void
test_one_point_beyond(void **state)
{
	static const double after[] = { 211, 200, 213 };
	struct trend_effect r = judge(after, 3, TREND_INCREASE);

	(void)state;
	assert_int_equal(r.verdict, TREND_EFFECT_DETERIORATION);
	assert_int_equal(r.rules, TREND_EFFECT_BEYOND);
	assert_int_equal(r.beyond, 1);
	assert_int_equal(r.last_signal, 14);
	/* 201.5 is inside the limits (but below the 2-sigma line, alone): nothing. */
	static const double inside[] = { 211, 201.5, 213 };
	r = judge(inside, 3, TREND_INCREASE);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
	assert_int_equal(r.rules, 0);
}

/* 220 and 221 lie between 219.09 and 222.64, 213 above the mean: 2 of 3 on the high side. */
static void
test_two_of_three(void **state)
{
	static const double after[] = { 220, 213, 221 };
	static const double split[] = { 220, 211, 221 };	/* the middle one below the mean */
	struct trend_effect r = judge(after, 3, TREND_NEUTRAL);

	(void)state;
	assert_int_equal(r.verdict, TREND_EFFECT_UP);
	assert_int_equal(r.rules, TREND_EFFECT_TWO_IN_3);
	assert_int_equal(r.sign, 1);
	assert_int_equal(judge(after, 3, TREND_DECREASE).verdict, TREND_EFFECT_DETERIORATION);
	r = judge(split, 3, TREND_NEUTRAL);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
	assert_int_equal(r.rules, 0);
}

/*
** Runs never straddle the done period: the last five before-points of this series are below
** its mean and so are the four after-points, but 4 after-points are not a run of 7.
** Before: 217 216 214 215 213 211 217 212 209 210 208 210, sum 2552, mean 212.667; moving
** ranges 1 2 1 2 2 6 5 3 1 2 2 (27), mR-bar 2.4545; 2-sigma line 212.667 - 1.7733 * 2.4545 =
** 208.314, which the after-points 210 209 211 210 stay above (no 2 of 3).
*/
static void
test_no_run_across_the_done_period(void **state)
{
	double y[] = { 217, 216, 214, 215, 213, 211, 217, 212, 209, 210, 208, 210,
	    205, 210, 209, 211, 210 };
	struct trend_params p;
	struct trend_effect r;
	struct kp_err e = { 0 };

	(void)state;
	trend_params_init(&p);
	p.direction = TREND_DECREASE;
	assert_int_equal(trend_effect(y, 17, 13, &p, &r, &e), 0);
	assert_float_equal(r.mean, 2552.0 / 12, 1e-9);
	assert_int_equal(r.below, 4);
	assert_int_equal(r.rules, 0);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
}

/* The before side starts at the last rebase inside it; fewer than 6 figures is too few. */
static void
test_rebase_and_too_few_before(void **state)
{
	double y[24];
	size_t rb[] = { 3, 20 };	/* 20 is on the after side: ignored */
	struct trend_params p;
	struct trend_effect r;
	struct kp_err e = { 0 };

	(void)state;
	y[0] = 500, y[1] = 510, y[2] = 505;
	memcpy(y + 3, before, sizeof before);
	y[15] = 400;
	for (size_t i = 16; i < 24; i++)
		y[i] = 207;
	trend_params_init(&p);
	p.direction = TREND_DECREASE;
	p.rebase = rb;
	p.nrebase = 2;
	assert_int_equal(trend_effect(y, 24, 16, &p, &r, &e), 0);
	assert_int_equal(r.start, 3);
	assert_float_equal(r.mean, 212.0, 1e-9);
	assert_int_equal(r.verdict, TREND_EFFECT_IMPROVEMENT);
	assert_int_equal(r.below, 8);

	/* Five figures before the done period (one missing among six periods). */
	double s[] = { 210, NAN, 212, 208, 216, 211, 300, 190, 190, 190 };
	p.rebase = NULL;
	p.nrebase = 0;
	assert_int_equal(trend_effect(s, 10, 7, &p, &r, &e), 0);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_BEFORE);
	assert_int_equal(r.nbefore, 5);
	assert_int_equal(r.need_before, TREND_EFFECT_MIN_BEFORE);
	assert_true(isnan(r.mean));
	/* The done date before the series: nothing before. */
	assert_int_equal(trend_effect(s, 10, 0, &p, &r, &e), 0);
	assert_int_equal(r.verdict, TREND_EFFECT_TOO_FEW_BEFORE);
	assert_int_equal(r.nbefore, 0);
}

static void
test_bad_parameters(void **state)
{
	double y[3] = { 1, 2, 3 };
	struct trend_params p;
	struct trend_effect r;
	struct kp_err e = { 0 };

	(void)state;
	trend_params_init(&p);
	assert_int_equal(trend_effect(y, 3, 4, &p, &r, &e), -1);
	assert_int_equal(e.code, KP_USAGE);
	assert_non_null(strstr(e.msg, "past the end"));
	p.run_length = 1;
	assert_int_equal(trend_effect(y, 3, 1, &p, &r, &e), -1);
	assert_string_equal(trend_effect_verdict_name(TREND_EFFECT_TOO_FEW_BEFORE),
	    "too_few_before");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frozen_limits),
		cmocka_unit_test(test_real_shift_lower_is_better),
		cmocka_unit_test(test_no_change),
		cmocka_unit_test(test_too_few_after),
		cmocka_unit_test(test_one_point_beyond),
		cmocka_unit_test(test_two_of_three),
		cmocka_unit_test(test_no_run_across_the_done_period),
		cmocka_unit_test(test_rebase_and_too_few_before),
		cmocka_unit_test(test_bad_parameters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
