/*
** equity: whether the gap between areas is closing. For each of the last N periods of a
** metric's breakdown on a geography (where.h): the best and the worst area by the metric's
** direction and the gap between them, and, for a named group of areas (green_zones), the
** group's pooled value against the rest's and their difference (for a median, the median of
** the group's records against that of the rest's, as the city's pools all); then the trend of each gap
** (Mann-Kendall with the Sen slope, trend.h): closing, widening, or no clear change.
*/
#ifndef KPISTAT_EQUITY_H
#define KPISTAT_EQUITY_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/store.h"

struct equity_point {
	struct period	 period;
	int		 ok;		/* the period had areas to compare */
	char		*best, *worst;	/* area ids */
	double		 best_v, worst_v, gap;	/* gap = |best - worst| */
	double		 group_v, rest_v, group_gap;	/* group - rest (NaN without a group) */
};

struct equity {
	struct equity_point *v;		/* oldest first */
	size_t		 n;
	char		*group;		/* or NULL */
	double		 gap_slope, gap_p;	/* per period; Mann-Kendall p */
	double		 group_slope, group_p;
	const char	*gap_trend, *group_trend;	/* "closing", "widening", "no clear change" */
};

/*
** The last n periods up to `until` (NULL: the latest figure) of m's breakdown; group may be
** NULL. 0, or -1 with e set (an unknown group, a metric that compare refuses).
*/
int	equity_run(struct store *st, const struct catalog *c, const struct metric *m,
	    const struct period *until, size_t n, const char *group, struct equity *out,
	    struct kp_err *e);
void	equity_release(struct equity *q);

#endif
