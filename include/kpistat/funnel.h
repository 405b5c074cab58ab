/*
** funnel: fair comparison of areas (or any breakdown) with the whole, as funnel plots do
** (Spiegelhalter, Statistics in Medicine 2005; PHE/OHID Fingertips technical guidance, as the
** PHEindicatormethods R package implements it). Pure: numbers in, limits and verdicts out.
**
** Methods, each at 95 % (two-sided, p = 0.975) and 99.8 % (p = 0.999):
**   - FUNNEL_SHARE: a share k of n records. Limits around the pooled share p0 at the area's own
**     n are the shares whose Wilson score test against p0 is just significant,
**     p0 +- z sqrt(p0 (1 - p0) / n), cut to 0..1 (what PHEindicatormethods' sigma_adjustment
**     works out to); the verdict is the area's share against them.
**   - FUNNEL_RATE: a count of events over an exposure (population, attendances). The area's
**     own interval for its count O is exact Poisson (chi-squared) below 10 events and Byar's
**     approximation from 10 on; it is significantly high when the expected count E = r0 * n
**     lies below that interval, low when above (as Fingertips). The limits shown are the rates
**     at which that test turns, found by bisection on a continuous O.
**   - FUNNEL_MEDIAN: a median of an area's values. Distribution-free: the area's median has a
**     binomial order-statistic interval [x(l), x(n-l+1)]; the area differs from the whole when
**     the whole's median is outside it. The limits reported are that interval (none when the
**     area has too few values for the level: NaN).
** Overdispersion (opt-in): Spiegelhalter's additive random effect. z-scores
** (y - y0) / s with s the normal-approximation standard error, winsorised at 10 % each side;
** phi = mean of z^2; when I phi > I - 1, tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w),
** w = 1/s^2 (DerSimonian-Laird, as FunnelPlotR and the NHS SHMI do), and the limits become
** y0 +- z sqrt(s^2 + tau^2). Not for medians.
*/
#ifndef KPISTAT_FUNNEL_H
#define KPISTAT_FUNNEL_H

#include <stddef.h>

enum funnel_method { FUNNEL_SHARE, FUNNEL_RATE, FUNNEL_MEDIAN };

/* As Fingertips labels them: High/Low at 0.001 (99.8 %) and 0.025 (95 %). */
enum funnel_verdict { FV_HIGH_998, FV_HIGH_95, FV_NOT_SIG, FV_LOW_95, FV_LOW_998, FV_NONE };

struct funnel_area {
	/* in */
	double		 num, den;	/* share: k of n; rate: events over exposure */
	double		*vals;		/* median: the area's values (sorted in place), nvals of them */
	size_t		 nvals;
	/* out, on the metric's scale (share and rate times opts.scale) */
	double		 value;
	double		 lo95, hi95, lo998, hi998;	/* NaN when there are none */
	enum funnel_verdict verdict;	/* FV_NONE: no denominator or no values */
};

struct funnel_opts {
	enum funnel_method method;
	double		 scale;		/* 100 for a share in %, 1000 for "per 1,000", else 1 */
	int		 overdispersion;
};

struct funnel_result {
	double	 num, den, value;	/* pooled over the areas compared (median: of all values) */
	size_t	 compared;		/* areas with a verdict */
	int	 widened;		/* overdispersion asked, and tau^2 > 0 */
	double	 phi, tau2;		/* the dispersion ratio and the between-area variance (scaled) */
};

/*
** Compare areas a[0..n) with their pool. Areas with den <= 0 (share, rate) or no values
** (median) get FV_NONE and stay out of the pool. 0, or -1 when no area can be compared.
*/
int	funnel_compare(const struct funnel_opts *o, struct funnel_area *a, size_t n,
	    struct funnel_result *r);

const char *funnel_verdict_code(enum funnel_verdict v);	/* "high_998", ... */
const char *funnel_method_name(enum funnel_method m);	/* "share", "rate", "median" */

/* ---- the parts, for tests and for the packet's funnel plot ---- */

/* The standard normal quantile: z with P(Z <= z) = p, 0 < p < 1. */
double	funnel_qnorm(double p);
/* The regularised lower incomplete gamma P(a, x), a > 0, x >= 0. */
double	funnel_gamma_p(double a, double x);
/* Share limits around p0 (0..1) at denominator n for one-sided probability p (0.975, 0.999). */
void	funnel_share_limits(double p0, double n, double p, double *lo, double *hi);
/* The interval of a Poisson mean given `obs` events (exact below 10, Byar's from 10 on). */
void	funnel_poisson_ci(double obs, double p, double *lo, double *hi);
/* Rate limits around r0 at exposure n: the rates at which the area's interval excludes r0. */
void	funnel_rate_limits(double r0, double n, double p, double *lo, double *hi);
/* The verdict of k of n against pooled share p0; of `obs` events where `expected` were due. */
enum funnel_verdict funnel_share_verdict(double k, double n, double p0);
enum funnel_verdict funnel_rate_verdict(double obs, double expected);
/*
** The 1-based ranks l and u of the order-statistic interval of a median of n values at
** two-sided coverage of at least 2p - 1: 1, or 0 when n is too small for it.
*/
int	funnel_median_ranks(size_t n, double p, size_t *l, size_t *u);

#endif
