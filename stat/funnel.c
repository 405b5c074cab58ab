/*
** funnel.c: funnel-plot limits and verdicts (see funnel.h for the methods and sources).
** Pure; the special functions are small and exact enough for limits printed to a few digits:
** the normal quantile by bisection on erfc, the incomplete gamma by its series and continued
** fraction, gamma quantiles by bisection.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/funnel.h"
#include "kpistat/xmalloc.h"

/* ---- special functions ---------------------------------------------------------------- */

double
funnel_qnorm(double p)
{
	/* The two levels come back thousands of times (a funnel plot's curves): remember them. */
	static const double known_p[2] = { 0.975, 0.999 };
	static const double known_z[2] = { 1.959963984540054, 3.090232306167813 };
	double lo = -40, hi = 40;

	for (int i = 0; i < 2; i++)
		if (p == known_p[i])
			return known_z[i];

	/* P(Z <= x) = erfc(-x / sqrt 2) / 2 is monotone: 200 halvings reach double precision. */
	for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
		double mid = (lo + hi) / 2;

		if (0.5 * erfc(-mid / sqrt(2.0)) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double
funnel_gamma_p(double a, double x)
{
	double lg = lgamma(a);

	if (x <= 0)
		return 0;
	if (x < a + 1) {
		/* Series: P = e^-x x^a / Gamma(a) * sum x^k / (a (a+1) ... (a+k)). */
		double term = 1 / a, sum = term;

		for (int k = 1; k < 1000; k++) {
			term *= x / (a + k);
			sum += term;
			if (fabs(term) < fabs(sum) * 1e-16)
				break;
		}
		return sum * exp(-x + a * log(x) - lg);
	} else {
		/* Continued fraction for Q = 1 - P (modified Lentz). */
		double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;

		for (int i = 1; i < 1000; i++) {
			double an = -i * (i - a), del;

			b += 2;
			d = an * d + b;
			if (fabs(d) < 1e-300)
				d = 1e-300;
			c = b + an / c;
			if (fabs(c) < 1e-300)
				c = 1e-300;
			d = 1 / d;
			del = d * c;
			h *= del;
			if (fabs(del - 1) < 1e-16)
				break;
		}
		return 1 - exp(-x + a * log(x) - lg) * h;
	}
}

/* x with P(a, x) = q (half the chi-squared quantile of 2a degrees of freedom). */
static double
gamma_quantile(double a, double q)
{
	double lo = 0, hi = a + 40 * sqrt(a) + 100;

	for (int i = 0; i < 200 && hi - lo > 1e-13 * (1 + hi); i++) {
		double mid = (lo + hi) / 2;

		if (funnel_gamma_p(a, mid) < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* ---- the limits of each method --------------------------------------------------------- */

void
funnel_share_limits(double p0, double n, double p, double *lo, double *hi)
{
	double z = funnel_qnorm(p), half = z * sqrt(p0 * (1 - p0) / n);

	*lo = p0 - half < 0 ? 0 : p0 - half;
	*hi = p0 + half > 1 ? 1 : p0 + half;
}

static double
poisson_lo(double obs, double p)
{
	double z;

	if (obs <= 0)
		return 0;
	if (obs < 10)
		return gamma_quantile(obs, 1 - p);
	z = funnel_qnorm(p);
	return obs * pow(1 - 1 / (9 * obs) - z / (3 * sqrt(obs)), 3);
}

static double
poisson_hi(double obs, double p)
{
	double z, o1 = obs + 1;

	if (obs < 10)
		return gamma_quantile(o1, p);
	z = funnel_qnorm(p);
	return o1 * pow(1 - 1 / (9 * o1) + z / (3 * sqrt(o1)), 3);
}

void
funnel_poisson_ci(double obs, double p, double *lo, double *hi)
{
	*lo = poisson_lo(obs, p);
	*hi = poisson_hi(obs, p);
}

/* The count O at which f(O, p) crosses e, O in [0, top]: both f are increasing in O. */
static double
crossing(double (*f)(double, double), double p, double e, double top)
{
	double lo = 0, hi = top;

	if (f(0, p) >= e)
		return 0;
	for (int i = 0; i < 100 && hi - lo > 1e-10 * (1 + hi); i++) {
		double mid = (lo + hi) / 2;

		if (f(mid, p) < e)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

void
funnel_rate_limits(double r0, double n, double p, double *lo, double *hi)
{
	double e = r0 * n, top = e + 40 * sqrt(e) + 100;

	/* High beyond the count whose lower interval reaches E; low below the one whose upper does. */
	*hi = crossing(poisson_lo, p, e, top) / n;
	*lo = crossing(poisson_hi, p, e, top) / n;
}

int
funnel_median_ranks(size_t n, double p, size_t *l, size_t *u)
{
	double alpha = 1 - p, cdf = 0, lf = lgamma((double)n + 1) - (double)n * log(2.0);
	size_t k;

	/* The largest l with P(B <= l - 1) <= alpha, B ~ Binomial(n, 1/2). */
	for (k = 0; k < n; k++) {
		cdf += exp(lf - lgamma((double)k + 1) - lgamma((double)(n - k) + 1));
		if (cdf > alpha * (1 + 1e-12))
			break;
	}
	if (k == 0 || k > n / 2)
		return 0;
	*l = k;
	*u = n - k + 1;
	return 1;
}

/* ---- comparing areas ------------------------------------------------------------------- */

const char *
funnel_verdict_code(enum funnel_verdict v)
{
	static const char *const names[] = { "high_998", "high_95", "not_significant", "low_95",
	    "low_998", "none" };

	return names[v];
}

const char *
funnel_method_name(enum funnel_method m)
{
	return m == FUNNEL_SHARE ? "share" : m == FUNNEL_RATE ? "rate" : "median";
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of sorted v[0..n), interpolated as pandas does. */
static double
sorted_median(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The q-quantile of sorted v[0..n) (R's type 7). */
static double
quantile7(const double *v, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t i = (size_t)floor(h);

	return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

/* The value's verdict against its limits (area value y; for rates and medians: see below). */
static enum funnel_verdict
against(double y, double lo95, double hi95, double lo998, double hi998)
{
	if (y > hi998)
		return FV_HIGH_998;
	if (y > hi95)
		return FV_HIGH_95;
	if (y < lo998)
		return FV_LOW_998;
	if (y < lo95)
		return FV_LOW_95;
	return FV_NOT_SIG;
}

enum funnel_verdict
funnel_rate_verdict(double obs, double expected)
{
	double l95, h95, l998, h998, e = expected;

	/* Fingertips: E against the area's own interval for its count. */
	funnel_poisson_ci(obs, 0.975, &l95, &h95);
	funnel_poisson_ci(obs, 0.999, &l998, &h998);
	return e < l998 ? FV_HIGH_998 : e < l95 ? FV_HIGH_95 : e > h998 ? FV_LOW_998 :
	    e > h95 ? FV_LOW_95 : FV_NOT_SIG;
}

enum funnel_verdict
funnel_share_verdict(double k, double n, double p0)
{
	double l95, h95, l998, h998;

	funnel_share_limits(p0, n, 0.975, &l95, &h95);
	funnel_share_limits(p0, n, 0.999, &l998, &h998);
	return against(k / n, l95, h95, l998, h998);
}

static int
compare_medians(struct funnel_area *a, size_t n, struct funnel_result *r)
{
	size_t total = 0, at = 0;
	double *all;

	for (size_t i = 0; i < n; i++)
		total += a[i].nvals;
	if (total == 0)
		return -1;
	all = xmalloc(total * sizeof *all);
	for (size_t i = 0; i < n; i++) {
		if (a[i].nvals)
			memcpy(all + at, a[i].vals, a[i].nvals * sizeof *all);
		at += a[i].nvals;
	}
	qsort(all, total, sizeof *all, by_value);
	r->value = sorted_median(all, total);
	r->num = NAN;
	r->den = (double)total;
	free(all);
	for (size_t i = 0; i < n; i++) {
		struct funnel_area *x = &a[i];
		size_t l, u;
		double m = r->value;

		x->lo95 = x->hi95 = x->lo998 = x->hi998 = NAN;
		x->verdict = FV_NONE;
		if (x->nvals == 0)
			continue;
		qsort(x->vals, x->nvals, sizeof *x->vals, by_value);
		x->value = sorted_median(x->vals, x->nvals);
		x->num = NAN;
		x->den = (double)x->nvals;
		if (funnel_median_ranks(x->nvals, 0.975, &l, &u)) {
			x->lo95 = x->vals[l - 1];
			x->hi95 = x->vals[u - 1];
		}
		if (funnel_median_ranks(x->nvals, 0.999, &l, &u)) {
			x->lo998 = x->vals[l - 1];
			x->hi998 = x->vals[u - 1];
		}
		/* The area is high when the whole's median lies below the area's interval. */
		x->verdict = m < x->lo998 ? FV_HIGH_998 : m < x->lo95 ? FV_HIGH_95 :
		    m > x->hi998 ? FV_LOW_998 : m > x->hi95 ? FV_LOW_95 : FV_NOT_SIG;
		r->compared++;
	}
	return r->compared > 0 ? 0 : -1;
}

/* Spiegelhalter's additive overdispersion: tau^2 on the 0..1 (or per-unit) scale, and phi. */
static double
overdispersion(const struct funnel_opts *o, const struct funnel_area *a, size_t n, double y0,
    double *phi)
{
	double *z = xmalloc((n + 1) * sizeof *z), *s = xmalloc((n + 1) * sizeof *s);
	double zlo, zhi, sz2 = 0, sw = 0, sw2 = 0, tau2 = 0;
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		double y, se;

		if (a[i].verdict == FV_NONE)
			continue;
		y = a[i].num / a[i].den;
		se = o->method == FUNNEL_SHARE ? sqrt(y0 * (1 - y0) / a[i].den) : sqrt(y0 / a[i].den);
		if (!(se > 0))
			continue;
		s[m] = se;
		z[m++] = (y - y0) / se;
	}
	*phi = NAN;
	if (m >= 2) {
		double *sorted = xmalloc(m * sizeof *sorted);

		memcpy(sorted, z, m * sizeof *sorted);
		qsort(sorted, m, sizeof *sorted, by_value);
		zlo = quantile7(sorted, m, 0.1);
		zhi = quantile7(sorted, m, 0.9);
		free(sorted);
		for (size_t i = 0; i < m; i++) {
			double zw = z[i] < zlo ? zlo : z[i] > zhi ? zhi : z[i], w = 1 / (s[i] * s[i]);

			sz2 += zw * zw;
			sw += w;
			sw2 += w * w;
		}
		*phi = sz2 / (double)m;
		if ((double)m * *phi > (double)(m - 1))
			tau2 = ((double)m * *phi - (double)(m - 1)) / (sw - sw2 / sw);
	}
	free(z);
	free(s);
	return tau2;
}

int
funnel_compare(const struct funnel_opts *o, struct funnel_area *a, size_t n,
    struct funnel_result *r)
{
	double y0, tau2 = 0, sc = o->scale > 0 ? o->scale : 1;

	memset(r, 0, sizeof *r);
	if (o->method == FUNNEL_MEDIAN)
		return compare_medians(a, n, r);
	for (size_t i = 0; i < n; i++) {
		a[i].verdict = a[i].den > 0 ? FV_NOT_SIG : FV_NONE;
		a[i].value = a[i].den > 0 ? a[i].num / a[i].den * sc : NAN;
		a[i].lo95 = a[i].hi95 = a[i].lo998 = a[i].hi998 = NAN;
		if (a[i].den > 0) {
			r->num += a[i].num;
			r->den += a[i].den;
		}
	}
	if (!(r->den > 0))
		return -1;
	y0 = r->num / r->den;
	r->value = y0 * sc;
	r->phi = NAN;
	if (o->overdispersion) {
		tau2 = overdispersion(o, a, n, y0, &r->phi);
		r->widened = tau2 > 0;
		r->tau2 = tau2 * sc * sc;
	}
	for (size_t i = 0; i < n; i++) {
		struct funnel_area *x = &a[i];

		if (x->verdict == FV_NONE)
			continue;
		r->compared++;
		if (r->widened) {
			double s2 = (o->method == FUNNEL_SHARE ? y0 * (1 - y0) : y0) / x->den + tau2;
			double z95 = funnel_qnorm(0.975), z998 = funnel_qnorm(0.999), hi = o->method ==
			    FUNNEL_SHARE ? 1 : INFINITY;

			x->lo95 = fmax(0, y0 - z95 * sqrt(s2));
			x->hi95 = fmin(hi, y0 + z95 * sqrt(s2));
			x->lo998 = fmax(0, y0 - z998 * sqrt(s2));
			x->hi998 = fmin(hi, y0 + z998 * sqrt(s2));
		} else if (o->method == FUNNEL_SHARE) {
			funnel_share_limits(y0, x->den, 0.975, &x->lo95, &x->hi95);
			funnel_share_limits(y0, x->den, 0.999, &x->lo998, &x->hi998);
		} else {
			funnel_rate_limits(y0, x->den, 0.975, &x->lo95, &x->hi95);
			funnel_rate_limits(y0, x->den, 0.999, &x->lo998, &x->hi998);
		}
		if (o->method == FUNNEL_RATE && !r->widened) {
			x->verdict = funnel_rate_verdict(x->num, y0 * x->den);
		} else {
			x->verdict = against(x->num / x->den, x->lo95, x->hi95, x->lo998, x->hi998);
		}
		x->lo95 *= sc;
		x->hi95 *= sc;
		x->lo998 *= sc;
		x->hi998 *= sc;
	}
	return 0;
}
