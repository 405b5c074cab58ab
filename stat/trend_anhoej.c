/*
** trend_anhoej.c: the Anhøj runs rules of qicharts2 (runs.analysis, method "anhoej"):
** a series-level signal for an unusually long run on one side of the centre line or
** unusually few crossings of it. Unlike ptd's rules, points on the centre line and missing
** points are dropped, so a run continues across them (../shared/SPC.md section 2.2).
*/
#include <float.h>
#include <math.h>

#include "kpistat/trend.h"

/*
** R's qbinom(0.05, size, 0.5). The CDF is summed in long double: exactly from
** P(0) = 2^-size while that is representable, else from a starting term taken with lgammal
** far enough below the answer (ten standard deviations) that the skipped mass is < 1e-20.
** R fuzzes p by (1 - 64 DBL_EPSILON) "to ensure left continuity"; we compare the same way.
*/
long
trend_crossings_min(size_t size)
{
	const long double p = 0.05L * (1 - 64 * DBL_EPSILON);
	long double m = (long double)size, pmf, cdf;
	size_t k = 0;

	if (size <= 16000) {
		pmf = ldexpl(1.0L, -(int)size);
	} else {
		long double lo = m / 2 - 5 * sqrtl(m);	/* sd = sqrt(m)/2, so 10 sd below */

		k = (size_t)lo;
		pmf = expl(lgammal(m + 1) - lgammal((long double)k + 1) -
		    lgammal(m - (long double)k + 1) - m * logl(2.0L));
	}
	cdf = pmf;
	while (cdf < p && k < size) {
		pmf = pmf * (m - (long double)k) / ((long double)k + 1);
		k++;
		cdf += pmf;
	}
	return (long)k;
}

struct trend_anhoej
trend_anhoej(const double *y, size_t n, double cl)
{
	struct trend_anhoej a = { 0, 0, -1, 0, -1, 0 };
	size_t run = 0, runs = 0;
	int last = 0;

	for (size_t i = 0; i < n; i++) {
		double d = y[i] - cl;
		int s;

		if (isnan(d) || d == 0)
			continue;	/* missing or on the line: neither breaks nor extends a run */
		s = d > 0 ? 1 : -1;
		a.n_useful++;
		if (s == last) {
			run++;
		} else {
			run = 1;
			runs++;
			last = s;
		}
		if (run > a.longest_run)
			a.longest_run = run;
	}
	if (a.n_useful == 0)
		return a;	/* qic: NA limits and no signal */
	a.crossings = runs - 1;
	/* log2 of an integer is never exactly k + 0.5, so R's round-half-even does not matter. */
	a.longest_run_max = lround(log2((double)a.n_useful)) + 3;
	a.crossings_min = trend_crossings_min(a.n_useful - 1);
	a.signal = (long)a.longest_run > a.longest_run_max || (long)a.crossings < a.crossings_min;
	return a;
}
