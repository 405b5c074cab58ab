/*
** status: where one metric stands for one period: its figure, the target in force, the gap,
** on / near / off target (direction-aware, with the target's tolerance band), and the change
** against the previous period and the same period a year before. Pure: computed from the
** metric, its series and the period asked for; no I/O.
*/
#ifndef KPISTAT_STATUS_H
#define KPISTAT_STATUS_H

#include "kpistat/catalog.h"
#include "kpistat/store.h"

enum status_level {
	STATUS_NO_TARGET,	/* a figure, but no target in force */
	STATUS_ON,		/* meets the target */
	STATUS_NEAR,		/* misses it, within the tolerance band */
	STATUS_OFF,		/* misses it beyond the band */
	STATUS_MISSING		/* no figure for the period */
};

struct status_row {
	const struct metric *m;		/* borrowed from the catalog */
	struct period	period;		/* the period reported on */
	int		has_value;	/* a figure exists for it */
	double		value;
	const char	*note;		/* its commentary, borrowed from the series, or NULL */
	int		has_target;
	double		target;
	double		tolerance;	/* half-width of the near band in units (0: none) */
	double		gap;		/* value - target */
	enum status_level level;
	int		has_prev;	/* a figure for the period before */
	double		d_prev;		/* value - that figure */
	int		has_year;	/* a figure for the same period a year before */
	double		d_year;		/* value - that figure */
	int		has_latest;	/* the series has any figure */
	struct period	latest;		/* its latest period (differs from period when missing) */
};

/*
** Fill *out for metric m and its series s (ascending) at period `at` (of the metric's kind).
*/
void	status_compute(const struct metric *m, const struct series *s, const struct period *at,
	    int fy_start, struct status_row *out);

/* On / near / off for value v against target t with tolerance tol, by direction. */
enum status_level status_level_of(enum direction dir, double v, double t, double tol);

const char *status_level_name(enum status_level l);	/* "on", "near", "off", "no target", "missing" */

#endif
