/*
** trend_bench.c: how fast the trend module is, and how its rules behave on simulated data.
**
**   build/trend_bench [SEED]        (make bench-trend)
**
** 1. Speed: trend_analyse() (XmR limits, four rules, Anhøj, Mann-Kendall, Sen slope, target)
**    on 10,000 series of 120 months, some with gaps, trends, shifts and rebases.
** 2. False alarms: the share of stable 24-month series (iid normal) whose last point is flagged:
**    by any of the four default rules (NHSRplotthedots), by the Anhøj runs rules (series-level,
**    qicharts2), and by Anhøj plus the last point beyond the limits (a qic I chart).
** 3. Detection delay: 24 stable months, then a sustained shift of 1.5 sigma; the delay is the
**    number of shifted months until the last point is flagged (Anhøj: until the series
**    signals), censored at 60. Limits are recomputed on all points, as ptd does by default,
**    and also frozen after the 24 baseline months (fix_after_n_points = 24).
** Deterministic: a splitmix64 generator and Box-Muller normals, seeded from argv[1] (default 1).
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kpistat/trend.h"
#include "kpistat/xmalloc.h"

#define NBENCH		10000	/* series in the speed test */
#define LBENCH		120	/* months each */
#define NFALSE		100000	/* stable series for the false-alarm rate */
#define NDELAY		10000	/* shifted series for the detection delay */
#define BASE		24	/* stable months before the shift */
#define MAXDELAY	60	/* months watched after the shift */
#define SHIFT		1.5	/* in sigma */

static uint64_t rng;

static double	uniform(void);
static double	normal(void);
static double	now(void);
static int	cmp_int(const void *a, const void *b);
static void	bench_speed(void);
static enum trend_rule last_flagged(const double *y, size_t n, const struct trend_params *p,
		    int *anhoej, int *anhoej_sigma);
static void	false_alarms(void);
static void	delays(size_t fix_after);

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, and good enough for a simulation. */
static double
uniform(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;	/* (0, 1) */
}

static double
normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
bench_speed(void)
{
	double *y = xmalloc((size_t)NBENCH * LBENCH * sizeof *y), t0, t1, sum = 0;
	size_t rebase[1] = { 60 }, flagged = 0;
	struct trend_params p;
	struct trend_result r;
	struct kp_err e;

	/* A mix: noise, slow trends, a shift at month 80, 2% missing months. */
	for (size_t s = 0; s < NBENCH; s++)
		for (size_t i = 0; i < LBENCH; i++) {
			double v = 100 + 5 * normal();

			if (s % 4 == 1)
				v += 0.05 * (double)i;
			else if (s % 4 == 2 && i >= 80)
				v += 7.5;
			y[s * LBENCH + i] = uniform() < 0.02 ? NAN : v;
		}
	trend_params_init(&p);
	p.has_target = 1;
	p.target = 104;
	p.tolerance = 1;
	t0 = now();
	for (size_t s = 0; s < NBENCH; s++) {
		p.nrebase = s % 10 == 3;	/* one series in ten is rebased at month 60 */
		p.rebase = rebase;
		if (trend_analyse(y + s * LBENCH, NULL, LBENCH, &p, &r, &e) < 0) {
			fprintf(stderr, "trend_bench: %s\n", e.msg);
			exit(1);
		}
		flagged += r.points[LBENCH - 1].rule != TREND_RULE_NONE;
		sum += r.sen_slope;		/* keep the work observable */
		trend_result_release(&r);
	}
	t1 = now();
	printf("speed: %d series x %d months, full analysis: %.3f s (%.1f us a series); "
	    "last point flagged in %zu, mean Sen slope %.4f\n", NBENCH, LBENCH, t1 - t0,
	    (t1 - t0) / NBENCH * 1e6, flagged, sum / NBENCH);
	free(y);
}

/*
** The rule that flags the last point of y[0..n), or TREND_RULE_NONE. *anhoej: does the series
** signal by the Anhøj rules; *anhoej_sigma: or is its last point beyond the limits (a qic I
** chart). Uses the building blocks, as Mann-Kendall and Sen do not decide a signal.
*/
static enum trend_rule
last_flagged(const double *y, size_t n, const struct trend_params *p, int *anhoej,
    int *anhoej_sigma)
{
	static struct trend_point pts[BASE + MAXDELAY];
	double mean, amr;
	struct trend_anhoej a;

	trend_spc_group(y, n, p, pts, &mean, &amr);
	a = trend_anhoej(y, n, mean);
	*anhoej = a.signal;
	*anhoej_sigma = a.signal || pts[n - 1].outside_limits;
	return pts[n - 1].rule;
}

static void
false_alarms(void)
{
	double y[BASE];
	size_t rules = 0, anh = 0, anh_sigma = 0, by_rule[5] = { 0 };
	struct trend_params p;

	trend_params_init(&p);
	for (size_t s = 0; s < NFALSE; s++) {
		enum trend_rule rule;
		int a, as;

		for (size_t i = 0; i < BASE; i++)
			y[i] = normal();
		rule = last_flagged(y, BASE, &p, &a, &as);
		rules += rule != TREND_RULE_NONE;
		by_rule[rule]++;
		anh += a;
		anh_sigma += as;
	}
	printf("false alarms (%d stable series of %d months, last point): four rules %.2f%% "
	    "(outside %.2f%%, trend %.2f%%, 2-in-3 %.2f%%, run %.2f%%); Anhoej runs %.2f%%; "
	    "Anhoej + limits %.2f%%\n", NFALSE, BASE, 100.0 * (double)rules / NFALSE,
	    100.0 * (double)by_rule[TREND_RULE_OUTSIDE_LIMITS] / NFALSE,
	    100.0 * (double)by_rule[TREND_RULE_TREND] / NFALSE,
	    100.0 * (double)by_rule[TREND_RULE_TWO_IN_THREE] / NFALSE,
	    100.0 * (double)by_rule[TREND_RULE_RUN] / NFALSE,
	    100.0 * (double)anh / NFALSE, 100.0 * (double)anh_sigma / NFALSE);
}

/* Median months to detection of a sustained +1.5 sigma shift after BASE stable months. */
static void
delays(size_t fix_after)
{
	static int d_rules[NDELAY], d_anh[NDELAY], d_anh_sigma[NDELAY];
	double y[BASE + MAXDELAY];
	size_t pre_rules = 0, pre_anh = 0;
	struct trend_params p;

	trend_params_init(&p);
	p.fix_after_n_points = fix_after;
	for (size_t s = 0; s < NDELAY; s++) {
		int a, as, fr;

		for (size_t i = 0; i < BASE + MAXDELAY; i++)
			y[i] = normal() + (i >= BASE ? SHIFT : 0);
		fr = last_flagged(y, BASE, &p, &a, &as) != TREND_RULE_NONE;
		pre_rules += fr;
		pre_anh += a;
		d_rules[s] = d_anh[s] = d_anh_sigma[s] = MAXDELAY + 1;	/* censored */
		for (int k = 1; k <= MAXDELAY; k++) {
			fr = last_flagged(y, BASE + (size_t)k, &p, &a, &as) != TREND_RULE_NONE;
			if (fr && d_rules[s] > MAXDELAY)
				d_rules[s] = k;
			if (a && d_anh[s] > MAXDELAY)
				d_anh[s] = k;
			if (as && d_anh_sigma[s] > MAXDELAY)
				d_anh_sigma[s] = k;
			if (d_rules[s] <= MAXDELAY && d_anh[s] <= MAXDELAY && d_anh_sigma[s] <= MAXDELAY)
				break;
		}
	}
	qsort(d_rules, NDELAY, sizeof d_rules[0], cmp_int);
	qsort(d_anh, NDELAY, sizeof d_anh[0], cmp_int);
	qsort(d_anh_sigma, NDELAY, sizeof d_anh_sigma[0], cmp_int);
	printf("detection of a %.1f-sigma shift after %d months (%s, %d series): median delay "
	    "four rules %d months (p10 %d, p90 %d); Anhoej runs %d (p10 %d, p90 %d); "
	    "Anhoej + limits %d; already flagged before the shift: %.1f%% / %.1f%%\n", SHIFT, BASE,
	    fix_after ? "limits frozen after 24" : "limits on all points", NDELAY,
	    d_rules[NDELAY / 2], d_rules[NDELAY / 10], d_rules[NDELAY * 9 / 10],
	    d_anh[NDELAY / 2], d_anh[NDELAY / 10], d_anh[NDELAY * 9 / 10], d_anh_sigma[NDELAY / 2],
	    100.0 * (double)pre_rules / NDELAY, 100.0 * (double)pre_anh / NDELAY);
}

int
main(int argc, char **argv)
{
	double t0 = now();

	rng = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
	bench_speed();
	false_alarms();
	delays(0);
	delays(BASE);
	printf("simulation time %.1f s (seed %llu)\n", now() - t0, (unsigned long long)(argc > 1 ?
	    strtoull(argv[1], NULL, 10) : 1));
	return 0;
}
