/*
** trend_mk.c: the Mann-Kendall trend test and the Theil-Sen slope, the non-parametric pair
** that KPI tools add to SPC (../shared/SPC.md section 4). Both look at all n(n-1)/2 pairs,
** which is fine for monthly series, but a whole catalogue is analysed at once, so the hot
** loops avoid data-dependent branches: S comes from a merge sort's inversion count, and the
** median slope from a selection that copies partitions instead of swapping (a mispredicted
** branch per comparison made the first, textbook versions several times slower).
*/
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/trend.h"
#include "kpistat/xmalloc.h"

#define SMALL		16	/* below this, insertion sort beats partitioning */
#define BRACKET_MIN	512	/* from this size, bracket before partitioning */
#define NSAMPLE		63	/* sample size for a bracket */
#define MARGIN		10	/* sample ranks each side of the target: 2.5 sd, misses ~1% */

static long	sort_count_inversions(double *a, double *b, size_t n);
static double	median3(double a, double b, double c);
static void	insertion_sort(double *a, size_t n);
static double	max_of(const double *a, size_t n);
static double	min_of(const double *a, size_t n);
static size_t	bracket(const double *a, size_t n, size_t k1, size_t k2, double *b,
		    size_t *below);
static double	median(double *a, double *b, size_t n);

/*
** Sort a[0..n) (scratch b, n long) by bottom-up merges and return the number of strict
** inversions, pairs i < j with a[i] > a[j]. The merge step takes the left value on a tie, so
** ties are not counted, and picks each value without a data-dependent branch.
*/
static long
sort_count_inversions(double *a, double *b, size_t n)
{
	long inv = 0;
	double *src = a, *dst = b, *tmp;

	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				int right = src[j] < src[i];

				dst[k++] = right ? src[j] : src[i];
				inv += right ? (long)(mid - i) : 0;
				j += (size_t)right;
				i += (size_t)!right;
			}
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		tmp = src;
		src = dst;
		dst = tmp;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	return inv;
}

struct trend_mk
trend_mann_kendall(const double *y, const long *t, size_t n)
{
	struct trend_mk mk = { 0, 0, 0, 0, 1 };
	double *x = xmalloc((n ? n : 1) * sizeof *x), *scratch = xmalloc((n ? n : 1) * sizeof *x);
	double m, ties = 0;
	long s, pairs, tied = 0, inv;
	size_t k = 0;

	(void)t;	/* S only needs the order, which t (strictly increasing) does not change */
	for (size_t i = 0; i < n; i++)
		if (!isnan(y[i]))
			x[k++] = y[i];
	/*
	** S = concordant - discordant pairs = all pairs - tied pairs - 2 x discordant, and the
	** discordant pairs are the inversions a merge sort counts: O(n log n), not n^2 compares.
	** The sorted values then give the tie groups: g equal values take g(g-1)(2g+5) off the
	** numerator of Var(S).
	*/
	inv = sort_count_inversions(x, scratch, k);
	for (size_t i = 0; i < k;) {
		size_t j = i + 1;

		while (j < k && x[j] == x[i])
			j++;
		if (j - i > 1) {
			double g = (double)(j - i);

			tied += (long)((j - i) * (j - i - 1) / 2);
			ties += g * (g - 1) * (2 * g + 5);
		}
		i = j;
	}
	free(scratch);
	free(x);
	pairs = (long)(k * (k ? k - 1 : 0) / 2);
	s = pairs - tied - 2 * inv;
	m = (double)k;
	mk.n = k;
	mk.s = (double)s;
	mk.var_s = k < 2 ? 0 : (m * (m - 1) * (2 * m + 5) - ties) / 18;
	if (mk.var_s > 0 && s != 0) {
		/* Continuity correction of one towards zero, as Mann-Kendall implementations do. */
		mk.z = (double)(s > 0 ? s - 1 : s + 1) / sqrt(mk.var_s);
		mk.p = erfc(fabs(mk.z) / sqrt(2.0));
	}
	return mk;
}

static double
median3(double a, double b, double c)
{
	return a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}

static void
insertion_sort(double *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double v = a[i];
		size_t j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static double
max_of(const double *a, size_t n)
{
	double v = a[0];

	for (size_t i = 1; i < n; i++)
		v = a[i] > v ? a[i] : v;
	return v;
}

static double
min_of(const double *a, size_t n)
{
	double v = a[0];

	for (size_t i = 1; i < n; i++)
		v = a[i] < v ? a[i] : v;
	return v;
}

/*
** Floyd and Rivest's step (CACM 18(3), 1975): from a sorted sample, pick two values that very
** probably bracket ranks k1..k2 of a[0..n), copy only what lies between them into b and count
** what lies below. One store per value and no branch, so it runs several times faster than a
** partition round, and it keeps about a third of the values. Returns how many were kept, or
** 0 when the bracket missed the ranks (about one time in a hundred) or kept more than half
** (ties); the caller then partitions.
*/
static size_t
bracket(const double *a, size_t n, size_t k1, size_t k2, double *b, size_t *below)
{
	double smp[NSAMPLE], lo = -INFINITY, hi = INFINITY;
	size_t c = 0, under = 0, r1 = k1 * NSAMPLE / n, r2 = k2 * NSAMPLE / n;

	for (size_t i = 0; i < NSAMPLE; i++)
		smp[i] = a[(2 * i + 1) * n / (2 * NSAMPLE)];
	insertion_sort(smp, NSAMPLE);
	if (r1 >= MARGIN)
		lo = smp[r1 - MARGIN];
	if (r2 + MARGIN < NSAMPLE)
		hi = smp[r2 + MARGIN];
	for (size_t i = 0; i < n; i++) {
		double v = a[i];

		under += v < lo;
		b[c] = v;
		c += (v >= lo) & (v <= hi);
	}
	/* A miss, or a bracket that keeps most values (many ties): a partition round does better. */
	if (under > k1 || under + c <= k2 || c > n / 2)
		return 0;
	*below = under;
	return c;
}

/*
** numpy's median of a[0..n), n >= 1: the middle value, or the mean of the two middle values.
** Selection of ranks k1 = (n-1)/2 and k2 = n/2 at once: bracketing rounds while the range is
** large, then quickselect rounds that copy a into b split three ways around a pivot (Tukey's
** ninther) without branching: every value is stored at both ends and only the matching
** end's counter moves; the middle [lt, gt) is the pivot's. a and b are overwritten.
*/
static double
median(double *a, double *b, size_t n)
{
	size_t k1 = (n - 1) / 2, k2 = n / 2, below, kept;

	while (n > SMALL) {
		size_t lt = 0, gt = n, e = n / 8;
		double p, lo, hi, *tmp;

		if (n >= BRACKET_MIN && (kept = bracket(a, n, k1, k2, b, &below)) > 0) {
			n = kept;
			k1 -= below;
			k2 -= below;
			goto swap;
		}
		p = median3(median3(a[0], a[e], a[2 * e]), median3(a[3 * e], a[4 * e], a[5 * e]),
		    median3(a[6 * e], a[7 * e], a[n - 1]));
		for (size_t i = 0; i < n; i++) {
			double v = a[i];

			b[lt] = v;
			b[gt - 1] = v;
			lt += v < p;
			gt -= v > p;
		}
		if (k2 < lt) {				/* both ranks below the pivot */
			n = lt;
		} else if (k1 >= gt) {			/* both above */
			b += gt;
			n -= gt;
			k1 -= gt;
			k2 -= gt;
		} else {
			/* The ranks straddle or touch the pivot's block: read them off directly. */
			lo = k1 < lt ? max_of(b, lt) : p;
			hi = k2 < gt ? p : min_of(b + gt, n - gt);
			return (lo + hi) / 2;
		}
swap:
		tmp = a;
		a = b;
		b = tmp;
	}
	insertion_sort(a, n);
	return (a[k1] + a[k2]) / 2;
}

double
trend_sen_slope(const double *y, const long *t, size_t n)
{
	size_t k = 0, m = 0;
	double *tx, *vy, *sl, *scratch, med;

	for (size_t i = 0; i < n; i++)
		k += !isnan(y[i]);
	if (k < 2)
		return NAN;
	/* The figures and their times, packed, so that the pair loop is a plain vector loop. */
	tx = xmalloc(k * sizeof *tx);
	vy = xmalloc(k * sizeof *vy);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(y[i])) {
			tx[k] = t ? (double)t[i] : (double)i;
			vy[k++] = y[i];
		}
	sl = xmalloc(k * (k - 1) / 2 * sizeof *sl);
	scratch = xmalloc(k * (k - 1) / 2 * sizeof *scratch);
	for (size_t a = 0; a + 1 < k; a++) {
		const double ta = tx[a], ya = vy[a];
		double *out = sl + m;
		size_t cnt = k - a - 1, i = 0;
#ifdef __GNUC__
		/*
		** Two divisions per instruction (divpd), each lane an IEEE division like the scalar
		** one, so the slopes are identical; it halves the cost of the pair loop, which
		** -O2 does not vectorise on its own. gcc and clang both know vector_size.
		*/
		typedef double v2d __attribute__((vector_size(16)));
		const v2d va = { ya, ya }, vt = { ta, ta };

		for (; i + 2 <= cnt; i += 2) {
			v2d yb, tb, q;

			memcpy(&yb, vy + a + 1 + i, sizeof yb);
			memcpy(&tb, tx + a + 1 + i, sizeof tb);
			q = (yb - va) / (tb - vt);
			memcpy(out + i, &q, sizeof q);
		}
#endif
		for (; i < cnt; i++)
			out[i] = (vy[a + 1 + i] - ya) / (tx[a + 1 + i] - ta);
		m += cnt;
	}
	med = median(sl, scratch, m);
	free(scratch);
	free(sl);
	free(vy);
	free(tx);
	return med;
}
