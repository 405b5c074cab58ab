/*
** analysis: a stored metric made ready for the trend module. It lays the metric's figures on
** the regular grid of its periods (a missing period is a NaN, so that it breaks runs and trends
** as SPC.md 1.7 requires), takes the direction, the target in force at the last period, its
** tolerance and the rebase points from the catalog, and runs trend_analyse() and
** status_compute(). Used by `kpistat trend`, `kpistat status` and the packet alike.
**
** Ownership: analysis_run() fills a caller-owned struct analysis; analysis_release() frees it.
** It borrows the metric and copies what it needs from the series.
*/
#ifndef KPISTAT_ANALYSIS_H
#define KPISTAT_ANALYSIS_H

#include "kpistat/catalog.h"
#include "kpistat/status.h"
#include "kpistat/store.h"
#include "kpistat/trend.h"

struct analysis {
	const struct metric	*m;		/* borrowed */
	size_t			 n;		/* grid points: first figure .. `until` */
	struct period		*periods;	/* the grid */
	double			*values;	/* NaN where the period has no figure */
	long			*keys;		/* period_key of each grid point */
	struct trend_params	 params;	/* as given to the trend module */
	struct trend_result	 trend;		/* its answer */
	struct status_row	 status;	/* on/near/off and changes at `until` */
};

/*
** Analyse metric m from its whole-city series s (ascending) up to period `until` (of the
** metric's kind; NULL: its last figure). Periods after `until` are ignored. Returns 0, or -1
** with e filled. With no figure at all, n is 0 and the trend result is empty.
*/
int	analysis_run(const struct metric *m, const struct series *s, const struct period *until,
	    int fy_start, struct analysis *out, struct kp_err *e);
void	analysis_release(struct analysis *a);

/* The trend module's direction for a catalog direction. */
enum trend_direction analysis_direction(enum direction d);

/*
** How urgently the metric needs attention: 0 off target, 1 special-cause concern, 2 stale
** (no figure for the period), 3 none. analysis_needs_attention() is rank < 3.
*/
int	analysis_attention_rank(const struct analysis *a);
int	analysis_needs_attention(const struct analysis *a);

#endif
