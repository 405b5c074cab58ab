/*
** trend: which figures deserve a mayor's attention. From one series (values in time order,
** NaN for a missing period) it computes the XmR chart of NHS England's "Making Data Count"
** method exactly as NHSRplotthedots 0.2.2 does (means, limits, the four special-cause rules,
** point types, variation and assurance icons; ../shared/SPC.md), the Anhøj runs analysis of
** qicharts2 per rebase group, the Mann-Kendall test and Theil-Sen slope, and target status.
**
** Pure: no I/O, no globals. trend_analyse() fills a caller-owned struct trend_result whose
** arrays it allocates (xmalloc); trend_result_release() frees them. The helpers below it are
** the building blocks, exported so that tests and benchmarks can check them one by one.
**
** Deliberate behaviours (SPC.md 3 asks for them to be documented):
**  - peak labels (SPC.md 1.2): copied from ptd. A trend point takes the forward difference
**    when the next point is in a trend too, else the backward one, and anything but a rise
**    reads "Decreasing"; so the top of a rise that repeats into a fall is a falling point;
**  - a missing value (NaN) is kept out of the mean and the moving ranges and breaks runs,
**    trends and 2-in-3 windows (SPC.md 1.7), where ptd's trend check would stop with an error;
**    the Anhøj analysis skips it, as qicharts2 does;
**  - Mann-Kendall and the Sen slope use the last rebase group: a rebase marks a change of
**    process, and the step it causes is not a trend of the current one;
**  - the forecast runs from the latest figure at the Sen slope until the target is crossed.
*/
#ifndef KPISTAT_TREND_H
#define KPISTAT_TREND_H

#include <stddef.h>

#include "kpistat/err.h"

/* Which way is better: ptd's improvement_direction. */
enum trend_direction {
	TREND_DECREASE = -1,		/* lower is better */
	TREND_NEUTRAL = 0,		/* neither: no assurance, neutral point types */
	TREND_INCREASE = 1		/* higher is better */
};

struct trend_params {
	enum trend_direction direction;	/* improvement direction */
	int	 has_target;		/* 1 when `target` is set */
	double	 target;		/* one number for the whole series */
	double	 tolerance;		/* absolute half-width of the "near target" band, >= 0 */
	const size_t *rebase;		/* indices of points that start a new group (any order) */
	size_t	 nrebase;		/* length of rebase[] */
	size_t	 fix_after_n_points;	/* baseline length per group; 0 = unset (all points), else >= 12 */
	int	 screen_outliers;	/* 1: drop moving ranges >= 3.267 mR-bar once (ptd default) */
	int	 trend_length;		/* R2: points in a strictly monotone trend (7) */
	int	 run_length;		/* R4: points on one side of the mean (7) */
	int	 periods_per_year;	/* for the change against a year before; 0 = none */
};

/* The rule that labels a point, after precedence R1 > R2 > R3 > R4. */
enum trend_rule {
	TREND_RULE_NONE,
	TREND_RULE_OUTSIDE_LIMITS,	/* R1: beyond a process limit */
	TREND_RULE_TREND,		/* R2: strictly rising or falling */
	TREND_RULE_TWO_IN_THREE,	/* R3: 2 of 3 beyond the 2-sigma line, same side */
	TREND_RULE_RUN			/* R4: a run on one side of the mean */
};

enum trend_point_type {
	TREND_COMMON_CAUSE,
	TREND_SPECIAL_IMPROVEMENT,
	TREND_SPECIAL_CONCERN,
	TREND_SPECIAL_NEUTRAL_HIGH,
	TREND_SPECIAL_NEUTRAL_LOW
};

/* Variation icon, from the last point only. */
enum trend_variation {
	TREND_VAR_COMMON_CAUSE,
	TREND_VAR_IMPROVEMENT_HIGH,
	TREND_VAR_IMPROVEMENT_LOW,
	TREND_VAR_CONCERN_HIGH,
	TREND_VAR_CONCERN_LOW,
	TREND_VAR_NEUTRAL_HIGH,
	TREND_VAR_NEUTRAL_LOW
};

enum trend_assurance {
	TREND_ASSURANCE_NONE,		/* no target, or a neutral direction: no icon */
	TREND_ASSURANCE_PASS,		/* consistent_pass */
	TREND_ASSURANCE_FAIL,		/* consistent_fail */
	TREND_ASSURANCE_INCONSISTENT	/* hit and miss */
};

enum trend_target_status {
	TREND_TARGET_NONE,		/* no target, or no figure at all */
	TREND_TARGET_ON,
	TREND_TARGET_NEAR,		/* missed, but within the tolerance */
	TREND_TARGET_OFF
};

enum trend_forecast {
	TREND_FORECAST_NONE,		/* no target or no figure */
	TREND_FORECAST_ON_TARGET,	/* already on target */
	TREND_FORECAST_PERIODS,		/* the Sen slope reaches the target in periods_to_target */
	TREND_FORECAST_NOT_AT_THIS_RATE	/* flat, moving away, or too few figures for a slope */
};

struct trend_point {
	size_t	 group;			/* rebase group, from 0 */
	double	 mean;			/* the group's centre line */
	double	 lpl, upl;		/* process limits, mean -/+ 2.66 mR-bar (NaN for < 2 usable points) */
	double	 near_lpl, near_upl;	/* 2-sigma lines, mean -/+ 2*(2.66/3) mR-bar */
	unsigned char outside_limits;	/* R1 flag, before precedence */
	unsigned char trend;		/* R2 flag */
	unsigned char two_in_three;	/* R3 flag */
	unsigned char run;		/* R4 flag */
	enum trend_rule rule;		/* the winning rule */
	int	 sign;			/* +1 above/increasing, -1 below/decreasing, 0 common cause */
	enum trend_point_type type;	/* from sign and the direction */
};

/* The Anhøj runs analysis of one group (qicharts2 runs.analysis, method "anhoej"). */
struct trend_anhoej {
	size_t	 n_useful;		/* points not missing and not on the centre line */
	size_t	 longest_run;		/* 0 when n_useful = 0 */
	long	 longest_run_max;	/* round(log2(n_useful)) + 3; -1 when n_useful = 0 (qic: NA) */
	size_t	 crossings;		/* runs - 1; 0 when n_useful = 0 */
	long	 crossings_min;		/* qbinom(0.05, n_useful - 1, 0.5); -1 when n_useful = 0 */
	int	 signal;		/* longest_run > max or crossings < min */
};

struct trend_group {
	size_t	 first;			/* index of the group's first point */
	size_t	 n;			/* rows in the group, missing ones included */
	double	 mean;			/* centre line */
	double	 amr;			/* mR-bar after screening */
	int	 short_warning;		/* fewer than 13 rows: "trial limits" */
	struct trend_anhoej anhoej;	/* against this group's mean */
};

struct trend_mk {
	size_t	 n;			/* figures used (the last group's non-missing ones) */
	double	 s;			/* sum of sign(x_j - x_i), i < j */
	double	 var_s;			/* tie-corrected variance of S */
	double	 z;			/* (S -/+ 1) / sqrt(var_s), 0 when S = 0 or var_s = 0 */
	double	 p;			/* two-sided normal p-value, 1 when z = 0 */
};

struct trend_result {
	size_t	 n;			/* points */
	struct trend_point *points;	/* n of them */
	size_t	 ngroups;
	struct trend_group *groups;	/* ngroups of them */
	enum trend_variation variation;	/* from the last point */
	enum trend_assurance assurance;	/* from the last group's limits */
	int	 short_series_warning;	/* some group has fewer than 13 rows */
	struct trend_anhoej anhoej;	/* the last group's */
	struct trend_mk mk;		/* over the last group */
	double	 sen_slope;		/* per period, over the last group; NaN for < 2 figures */
	int	 stale;			/* the last row has no figure */
	size_t	 latest;		/* index of the last figure; n when there is none */
	double	 change_prev;		/* latest minus the period before it, NaN if missing */
	double	 change_year;		/* latest minus periods_per_year before, NaN if missing */
	enum trend_target_status target_status;
	double	 gap;			/* latest minus target (NaN without both) */
	enum trend_forecast forecast;
	double	 periods_to_target;	/* for TREND_FORECAST_PERIODS: whole periods, >= 1; else NaN */
	int	 needs_change;		/* assurance is consistent_fail: the process cannot hit it */
};

/* Defaults that reproduce NHSRplotthedots: increase, no target, screening on, 7 and 7, 12/year. */
void	trend_params_init(struct trend_params *p);

/*
** Analyse y[0..n) (NaN = missing). `t` gives each point's period number (strictly increasing,
** e.g. period_key()); NULL means 0, 1, 2, ... It only matters for the Sen slope, the
** Mann-Kendall pairs and the changes against earlier periods: the SPC rules, like ptd, treat
** rows as consecutive. n may be 0. Fills *r (release with trend_result_release) and returns 0,
** or returns -1 with e filled (KP_USAGE) for a bad parameter: fix_after_n_points 1..11,
** trend_length or run_length < 2, a rebase index >= n, a negative or NaN tolerance.
*/
int	trend_analyse(const double *y, const long *t, size_t n, const struct trend_params *p,
	    struct trend_result *r, struct kp_err *e);
void	trend_result_release(struct trend_result *r);

/* Names used in CSV and JSON output ("outside_limits", "special_cause_concern", ...). */
const char *trend_rule_name(enum trend_rule rule);
const char *trend_point_type_name(enum trend_point_type type);
const char *trend_variation_name(enum trend_variation v);
const char *trend_assurance_name(enum trend_assurance a);	/* NULL for NONE */
const char *trend_target_status_name(enum trend_target_status s);	/* NULL for NONE */
const char *trend_forecast_name(enum trend_forecast f);	/* NULL for NONE */
/* Parse "increase", "decrease", "neutral". Returns 0 or -1. */
int	trend_direction_parse(const char *s, enum trend_direction *out);

/* ---- building blocks ---- */

/* R's mean.default of the non-NaN x[i]: long double sum, divide, one correction pass. NaN if none. */
double	trend_r_mean(const double *x, size_t n);

/*
** The XmR part for one group y[0..n): centre line, mR-bar, per-point limits, the four rule
** flags, precedence and point types, written to pts[0..n) (group numbers are left alone).
*/
void	trend_spc_group(const double *y, size_t n, const struct trend_params *p,
	    struct trend_point *pts, double *mean, double *amr);

/* Anhøj runs analysis of y[0..n) against centre line cl. */
struct trend_anhoej trend_anhoej(const double *y, size_t n, double cl);

/* qbinom(0.05, size, 0.5): the smallest c with P(Binom(size, 1/2) <= c) >= 0.05. */
long	trend_crossings_min(size_t size);

/* Mann-Kendall over the non-NaN y[i] (times t[i], or i when t is NULL). */
struct trend_mk trend_mann_kendall(const double *y, const long *t, size_t n);

/* Theil-Sen slope: median of (y_j - y_i)/(t_j - t_i) over non-NaN pairs; NaN for < 2 figures. */
double	trend_sen_slope(const double *y, const long *t, size_t n);

#endif
