/*
** trend_spc.c: the XmR chart of one rebase group, as NHSRplotthedots 0.2.2 computes it
** (ptd_spc_standard and ptd_special_cause_type; ../shared/SPC.md sections 1.1 to 1.3 and 1.7).
**
** ptd works on R vectors where a missing value is NA and NA poisons every comparison it
** touches. Here a missing y is NaN, and each per-point helper (rel, close) carries an explicit
** "unknown" state, so that a window containing one never qualifies, which is what the R code
** does whenever it does not crash (the 7-point trend check can raise an error on a window
** with an NA; we treat the gap as a break instead).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/trend.h"
#include "kpistat/xmalloc.h"

#define LIMIT		2.66		/* ptd: literally 2.66, not 3/1.128 */
#define SCREEN		3.267		/* Nelson's moving-range screen */
#define NA		2		/* a rel or close value that is unknown */

static void	paint(unsigned char *flag, size_t from, size_t to, size_t *painted);
static void	rule_trend(const double *y, size_t n, int len, unsigned char *flag);
static void	rule_run(const signed char *rel, size_t n, int len, unsigned char *flag);
static void	rule_two_in_three(const signed char *rel, const signed char *close, size_t n,
		    unsigned char *flag);
static enum trend_point_type point_type(int sign, enum trend_direction dir);

double
trend_r_mean(const double *x, size_t n)
{
	long double s = 0.0L, t = 0.0L;
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i])) {
			s += x[i];
			m++;
		}
	if (m == 0)
		return NAN;
	if (isfinite((double)s)) {
		s /= (long double)m;
	} else {
		/* R's fallback when the sum overflows a double: add the terms already divided. */
		s = 0.0L;
		for (size_t i = 0; i < n; i++)
			if (!isnan(x[i]))
				s += x[i] / (long double)m;
	}
	if (isfinite((double)s)) {
		for (size_t i = 0; i < n; i++)
			if (!isnan(x[i]))
				t += x[i] - s;
		s += t / (long double)m;
	}
	return (double)s;
}

/*
** Set flag[from..to], skipping what an earlier, overlapping window already set: windows are
** visited left to right, so each point is written at most once and a rule costs O(n).
*/
static void
paint(unsigned char *flag, size_t from, size_t to, size_t *painted)
{
	if (*painted != (size_t)-1 && from <= *painted)
		from = *painted + 1;
	for (size_t i = from; i <= to; i++)
		flag[i] = 1;
	*painted = to;
}

/* R2: `len` points, each strictly above (or each strictly below) the one before. */
static void
rule_trend(const double *y, size_t n, int len, unsigned char *flag)
{
	size_t painted = (size_t)-1, streak = 0;
	int last = 0;

	for (size_t j = 1; j < n; j++) {
		int d = 0;

		/* NaN compares false both ways, so a gap gives d = 0 and breaks the streak. */
		if (y[j] > y[j - 1])
			d = 1;
		else if (y[j] < y[j - 1])
			d = -1;
		streak = (d != 0 && d == last) ? streak + 1 : (d != 0);
		last = d;
		if (streak >= (size_t)len - 1)
			paint(flag, j + 1 - (size_t)len, j, &painted);
	}
}

/* R4: `len` points with the same non-zero rel; a point on the mean or missing breaks it. */
static void
rule_run(const signed char *rel, size_t n, int len, unsigned char *flag)
{
	size_t painted = (size_t)-1, streak = 0;

	for (size_t j = 0; j < n; j++) {
		if (rel[j] == 0 || rel[j] == NA)
			streak = 0;
		else if (j > 0 && streak > 0 && rel[j] == rel[j - 1])
			streak++;
		else
			streak = 1;
		if (streak >= (size_t)len)
			paint(flag, j + 1 - (size_t)len, j, &painted);
	}
}

/*
** R3: a window of three points, all on one side of the mean (rel sum +-3, so none on it), of
** which at least two are close to a limit; only the close points are flagged (#143 fixed the
** opposite-sides case in 0.2.x). Windows must lie wholly inside the group.
*/
static void
rule_two_in_three(const signed char *rel, const signed char *close, size_t n, unsigned char *flag)
{
	for (size_t k = 0; k + 2 < n; k++) {
		int nclose = 0, sum = 0, unknown = 0;

		for (size_t i = k; i < k + 3; i++) {
			if (rel[i] == NA || close[i] == NA) {
				unknown = 1;
				break;
			}
			nclose += close[i];
			sum += rel[i];
		}
		if (unknown || nclose < 2 || abs(sum) != 3)
			continue;
		for (size_t i = k; i < k + 3; i++)
			if (close[i] == 1)
				flag[i] = 1;
	}
}

/* ptd_point_type: the label's direction times the improvement direction. */
static enum trend_point_type
point_type(int sign, enum trend_direction dir)
{
	if (sign == 0)
		return TREND_COMMON_CAUSE;
	if (dir == TREND_NEUTRAL)
		return sign > 0 ? TREND_SPECIAL_NEUTRAL_HIGH : TREND_SPECIAL_NEUTRAL_LOW;
	return sign * (int)dir > 0 ? TREND_SPECIAL_IMPROVEMENT : TREND_SPECIAL_CONCERN;
}

void
trend_spc_group(const double *y, size_t n, const struct trend_params *p,
    struct trend_point *pts, double *mean_out, double *amr_out)
{
	size_t nb = n;
	double mean, amr, lpl, upl, nlpl, nupl;
	const double limitclose = 2 * (LIMIT / 3);	/* as ptd writes it, for the same rounding */
	double *mr;
	signed char *rel, *close;
	unsigned char *r2, *r3, *r4;

	if (p->fix_after_n_points > 0 && p->fix_after_n_points < n)
		nb = p->fix_after_n_points;
	mean = trend_r_mean(y, nb);

	/* Moving ranges over the baseline; the first has none and a gap is not bridged. */
	mr = xmalloc((nb ? nb : 1) * sizeof *mr);
	for (size_t i = 0; i < nb; i++)
		mr[i] = i == 0 ? NAN : fabs(y[i] - y[i - 1]);
	amr = trend_r_mean(mr, nb);
	if (p->screen_outliers) {
		/* One pass, no iteration; `!(a < b)` also drops the NaN that ptd's NA falls into. */
		double cut = SCREEN * amr;

		for (size_t i = 0; i < nb; i++)
			if (!(mr[i] < cut))
				mr[i] = NAN;
		amr = trend_r_mean(mr, nb);
	}
	free(mr);
	lpl = mean - LIMIT * amr;
	upl = mean + LIMIT * amr;
	nlpl = mean - limitclose * amr;
	nupl = mean + limitclose * amr;
	*mean_out = mean;
	*amr_out = amr;

	rel = xmalloc(n ? n : 1);
	close = xmalloc(n ? n : 1);
	r2 = xcalloc(n ? n : 1, 1);
	r3 = xcalloc(n ? n : 1, 1);
	r4 = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		struct trend_point *pt = &pts[i];
		double d = y[i] - mean;

		pt->mean = mean;
		pt->lpl = lpl;
		pt->upl = upl;
		pt->near_lpl = nlpl;
		pt->near_upl = nupl;
		/* Comparisons with NaN are false, as R's NA is treated by case_when. */
		pt->outside_limits = y[i] > upl || y[i] < lpl;
		rel[i] = isnan(d) ? NA : (d > 0) - (d < 0);
		if (isnan(y[i]) || isnan(nlpl))
			close[i] = NA;
		else
			close[i] = !pt->outside_limits && (y[i] < nlpl || y[i] > nupl);
	}
	rule_trend(y, n, p->trend_length, r2);
	rule_two_in_three(rel, close, n, r3);
	rule_run(rel, n, p->run_length, r4);

	for (size_t i = 0; i < n; i++) {
		struct trend_point *pt = &pts[i];

		pt->trend = r2[i];
		pt->two_in_three = r3[i];
		pt->run = r4[i];
		pt->sign = 0;
		if (pt->outside_limits) {
			pt->rule = TREND_RULE_OUTSIDE_LIMITS;
			pt->sign = rel[i] == 1 ? 1 : -1;
		} else if (r2[i]) {
			/*
			** ptd labels a trend point by the forward difference when the next point is
			** also in a trend, else by the backward one, and calls anything but +1
			** "Decreasing". We copy it, quirk included: a rising trend whose last value
			** repeats at the start of a falling trend ends on a "Decreasing" point.
			*/
			double dd = (i + 1 < n && r2[i + 1]) ? y[i + 1] - y[i] :
			    i > 0 ? y[i] - y[i - 1] : 0;

			pt->rule = TREND_RULE_TREND;
			pt->sign = dd > 0 ? 1 : -1;
		} else if (r3[i]) {
			pt->rule = TREND_RULE_TWO_IN_THREE;
			pt->sign = rel[i] == 1 ? 1 : -1;
		} else if (r4[i]) {
			pt->rule = TREND_RULE_RUN;
			pt->sign = rel[i] == 1 ? 1 : -1;
		} else {
			pt->rule = TREND_RULE_NONE;
		}
		pt->type = point_type(pt->sign, p->direction);
	}
	free(r4);
	free(r3);
	free(r2);
	free(close);
	free(rel);
}
