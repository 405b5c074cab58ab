/*
** test_chart.c: nice axis ticks (steps of 1, 2, 2.5 and 5 times a power of ten, bounds that
** cover the data, labels without binary noise), tick labels, and a smoke test that draws the
** SPC chart, sparkline and icons with awkward input (NaN gaps, one point, a flat series) into
** a real document without a libharu error.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/chart.h"
#include "kpistat/pdf.h"

static void
test_chart_nice_axis_cases(void **state)
{
	static const struct {
		double min, max;
		int want, zero;
		double lo, hi, step;
		int decimals;
	} cases[] = {
		{ 0, 10, 5, 0, 0, 10, 2, 0 },
		{ 4.4, 6.9, 5, 0, 4.0, 7.0, 0.5, 1 },
		{ 1152, 1398, 5, 0, 1150, 1400, 50, 0 },
		{ 0.3, 0.87, 5, 0, 0.2, 1.0, 0.2, 1 },
		{ 0.31, 0.87, 6, 0, 0.3, 0.9, 0.1, 1 },
		{ 0, 1, 4, 0, 0, 1, 0.25, 2 },
		{ -3, 7, 5, 0, -4, 8, 2, 0 },
		{ 165, 226, 5, 0, 160, 240, 20, 0 },
		{ 72.4, 93.1, 5, 0, 70, 95, 5, 0 },
		{ 1100000, 1300000, 5, 0, 1100000, 1300000, 50000, 0 },
		{ 0.0012, 0.0019, 5, 0, 0.0012, 0.002, 0.0002, 4 },
		{ 5, 5, 5, 0, 4.4, 5.6, 0.2, 1 },		/* one value: widened */
		{ 0, 0, 5, 0, -1, 1, 0.5, 1 },
		{ 12, 80, 5, 1, 0, 80, 20, 0 },			/* near zero: start at zero */
		{ 60, 80, 5, 1, 60, 80, 5, 0 },			/* far from zero: do not */
		{ 9, 1, 5, 0, 0, 10, 2, 0 },			/* reversed bounds */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct chart_axis ax;

		chart_nice_axis(cases[i].min, cases[i].max, cases[i].want, cases[i].zero, &ax);
		if (fabs(ax.lo - cases[i].lo) > 1e-9 || fabs(ax.hi - cases[i].hi) > 1e-9 ||
		    fabs(ax.step - cases[i].step) > 1e-12 || ax.decimals != cases[i].decimals)
			fail_msg("case %zu (%g..%g): got %g..%g step %g dec %d", i, cases[i].min,
			    cases[i].max, ax.lo, ax.hi, ax.step, ax.decimals);
		assert_int_equal(ax.nticks, (int)llround((ax.hi - ax.lo) / ax.step) + 1);
		/* The ticks cover the data. */
		assert_true(ax.lo <= fmin(cases[i].min, cases[i].max) + 1e-9);
		assert_true(ax.hi >= fmax(cases[i].min, cases[i].max) - 1e-9);
	}
}

static void
test_chart_nice_axis_any_range_has_few_ticks(void **state)
{
	(void)state;
	/* Whatever the range, 3 to 11 ticks, each a multiple of the step. */
	for (double a = -1000; a <= 1000; a += 37.3) {
		for (double span = 0.001; span < 1e7; span *= 3.7) {
			struct chart_axis ax;
			double m;

			chart_nice_axis(a, a + span, 5, 0, &ax);
			assert_true(ax.nticks >= 3 && ax.nticks <= 11);
			m = ax.lo / ax.step;
			assert_true(fabs(m - round(m)) < 1e-6);
			if (!(ax.lo <= a + 1e-9 * ax.step && ax.hi >= a + span - 1e-9 * ax.step))
				fail_msg("%g..%g gave %.17g..%.17g step %g", a, a + span, ax.lo, ax.hi,
				    ax.step);
		}
	}
	/* NaN bounds still give an axis. */
	{
		struct chart_axis ax;

		chart_nice_axis(NAN, NAN, 5, 0, &ax);
		assert_true(ax.hi > ax.lo);
	}
}

static void
test_chart_tick_labels(void **state)
{
	struct chart_axis ax;
	char buf[64];

	(void)state;
	chart_nice_axis(0.31, 0.87, 6, 0, &ax);
	assert_string_equal(chart_tick_label(&ax, ax.lo + 3 * ax.step, buf, sizeof buf), "0.6");
	chart_nice_axis(1152, 1398, 5, 0, &ax);
	assert_string_equal(chart_tick_label(&ax, 1200, buf, sizeof buf), "1,200");
	chart_nice_axis(1100000, 1300000, 5, 0, &ax);
	assert_string_equal(chart_tick_label(&ax, 1250000, buf, sizeof buf), "1.25M");
	chart_nice_axis(-1, 1, 4, 0, &ax);
	assert_string_equal(chart_tick_label(&ax, ax.lo + 2 * ax.step, buf, sizeof buf), "0.0");
}

static void
test_chart_draws_awkward_series(void **state)
{
	struct pdf_opts o;
	struct pdf *pdf;
	struct kp_err e;
	struct trend_point pts[6];
	double v[6] = { 5, NAN, 5.5, 4.2, NAN, 9.8 }, t[6] = { NAN, NAN, 5, 5, 5, 5 };
	double flat[3] = { 2, 2, 2 };
	const char *labels[6] = { "Jan 26", "Feb 26", "Mar 26", "Apr 26", "May 26", "Jun 26" };
	unsigned char rebase[6] = { 0, 0, 0, 1, 0, 0 };
	FILE *fp = tmpfile();

	(void)state;
	memset(&o, 0, sizeof o);
	o.width = 612;
	o.height = 792;
	o.compress = 1;
	if ((pdf = pdf_new(&o, &e)) == NULL) {
		/* Without fonts there is nothing to draw with; the CLI test covers that error. */
		skip();
	}
	memset(pts, 0, sizeof pts);
	for (int i = 0; i < 6; i++) {
		pts[i].group = i >= 3;
		pts[i].mean = i >= 3 ? 6 : 5;
		pts[i].lpl = i >= 3 ? NAN : 3;
		pts[i].upl = i >= 3 ? NAN : 7;
		pts[i].type = i == 5 ? TREND_SPECIAL_CONCERN : TREND_COMMON_CAUSE;
	}
	pdf_page_add(pdf);
	chart_spc(pdf, 50, 400, 500, 220, &(struct chart_data){ 6, v, t, pts, labels, rebase, 1,
	    NULL, NULL, 0 });
	/* Done follow-ups: two in one period (labels stack), one at the right edge (label to the
	 * left of its line), one past the end (ignored). */
	{
		static const size_t marks[] = { 2, 2, 5, 9 };
		static const char *const ml[] = { "F-1 done 3 Mar", "F-2 done 9 Mar",
		    "F-3 done 30 Jun", "F-4 done" };

		chart_spc(pdf, 50, 400, 500, 220, &(struct chart_data){ 6, v, t, pts, labels, rebase,
		    1, marks, ml, 4 });
	}
	chart_spc(pdf, 50, 100, 500, 220, &(struct chart_data){ 1, v, NULL, NULL, labels, NULL, 1,
	    NULL, NULL, 0 });
	chart_spc(pdf, 50, 100, 500, 220, &(struct chart_data){ 0, v, NULL, NULL, labels, NULL, 1,
	    NULL, NULL, 0 });
	chart_sparkline(pdf, 50, 50, 60, 16, v, t, 6, 0xC62828);
	chart_sparkline(pdf, 50, 30, 60, 16, flat, NULL, 3, 0x2E7D32);
	chart_sparkline(pdf, 50, 10, 60, 16, v + 1, NULL, 1, 0x2E7D32);	/* only NaN */
	for (int k = 0; k <= TREND_VAR_NEUTRAL_LOW; k++)
		chart_variation_icon(pdf, 300 + 20 * k, 30, 6, (enum trend_variation)k, 0);
	chart_variation_icon(pdf, 300, 10, 6, TREND_VAR_COMMON_CAUSE, 1);
	for (int k = 0; k <= TREND_ASSURANCE_INCONSISTENT; k++)
		chart_assurance_icon(pdf, 300 + 20 * k, 50, 6, (enum trend_assurance)k);
	assert_int_equal(pdf_check(pdf, "drawing", &e), 0);
	assert_int_equal(pdf_save(pdf, fp, &e), 0);
	assert_true(ftell(fp) > 1000);
	pdf_free(pdf);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_nice_axis_cases),
		cmocka_unit_test(test_chart_nice_axis_any_range_has_few_ticks),
		cmocka_unit_test(test_chart_tick_labels),
		cmocka_unit_test(test_chart_draws_awkward_series),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
