/*
** trend_mk.c: the Mann-Kendall trend test and the Theil-Sen slope, the non-parametric pair
** that KPI tools add to SPC (../shared/SPC.md section 4). Both are O(n^2) in pairs, which is
** fine for monthly series; the slope's median is found by selection, not by sorting, because
** sorting the n(n-1)/2 slopes would dominate a whole-catalogue analysis.
*/
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "kpistat/trend.h"
#include "kpistat/xmalloc.h"

static int	cmp_double(const void *a, const void *b);
static double	select_kth(double *a, size_t n, size_t k);

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct trend_mk
trend_mann_kendall(const double *y, const long *t, size_t n)
{
	struct trend_mk mk = { 0, 0, 0, 0, 1 };
	double *x = xmalloc((n ? n : 1) * sizeof *x), ties = 0, m, s = 0;
	size_t k = 0;

	(void)t;	/* S only needs the order, which t (strictly increasing) does not change */
	for (size_t i = 0; i < n; i++)
		if (!isnan(y[i]))
			x[k++] = y[i];
	for (size_t i = 0; i + 1 < k; i++)
		for (size_t j = i + 1; j < k; j++)
			s += (x[j] > x[i]) - (x[j] < x[i]);

	/* Tie correction: each group of g equal values removes g(g-1)(2g+5) from the numerator. */
	qsort(x, k, sizeof *x, cmp_double);
	for (size_t i = 0; i < k;) {
		size_t j = i + 1;

		while (j < k && x[j] == x[i])
			j++;
		if (j - i > 1) {
			double g = (double)(j - i);

			ties += g * (g - 1) * (2 * g + 5);
		}
		i = j;
	}
	free(x);
	m = (double)k;
	mk.n = k;
	mk.s = s;
	mk.var_s = k < 2 ? 0 : (m * (m - 1) * (2 * m + 5) - ties) / 18;
	if (mk.var_s > 0 && s != 0) {
		/* Continuity correction of one towards zero, as Mann-Kendall implementations do. */
		mk.z = (s > 0 ? s - 1 : s + 1) / sqrt(mk.var_s);
		mk.p = erfc(fabs(mk.z) / sqrt(2.0));
	}
	return mk;
}

/*
** Rearrange a[0..n) so that a[k] holds the k-th smallest value, nothing larger before it and
** nothing smaller after it: Wirth's selection (Algorithms + Data Structures, 1976). The pivot
** a[k] is the middle element, which is the right one for the sorted slopes of a steady trend.
*/
static double
select_kth(double *a, size_t n, size_t kk)
{
	ptrdiff_t l = 0, r = (ptrdiff_t)n - 1, k = (ptrdiff_t)kk;

	while (l < r) {
		double x = a[k], tmp;
		ptrdiff_t i = l, j = r;

		do {
			while (a[i] < x)
				i++;
			while (x < a[j])
				j--;
			if (i <= j) {
				tmp = a[i];
				a[i] = a[j];
				a[j] = tmp;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < k)
			l = i;
		if (k < i)
			r = j;
	}
	return a[k];
}

double
trend_sen_slope(const double *y, const long *t, size_t n)
{
	size_t k = 0, m = 0, *idx;
	double *sl, med;

	for (size_t i = 0; i < n; i++)
		k += !isnan(y[i]);
	if (k < 2)
		return NAN;
	idx = xmalloc(k * sizeof *idx);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(y[i]))
			idx[k++] = i;
	sl = xmalloc(k * (k - 1) / 2 * sizeof *sl);
	for (size_t a = 0; a + 1 < k; a++) {
		size_t i = idx[a];
		double ti = t ? (double)t[i] : (double)i;

		for (size_t b = a + 1; b < k; b++) {
			size_t j = idx[b];
			double tj = t ? (double)t[j] : (double)j;

			sl[m++] = (y[j] - y[i]) / (tj - ti);
		}
	}
	/* numpy's median: the middle value, or the mean of the two middle values. */
	med = select_kth(sl, m, (m - 1) / 2);
	if (m % 2 == 0) {
		double up = sl[m / 2];

		for (size_t i = m / 2 + 1; i < m; i++)
			if (sl[i] < up)
				up = sl[i];
		med = (med + up) / 2;
	}
	free(sl);
	free(idx);
	return med;
}
