/*
** where: what the packet's "Where" page and `kpistat compare` need for a metric whose
** breakdown names areas: the geography in force for a period (its vintage), its stored
** boundaries, and the comparison of the areas (compare.h) matched to them.
**
** Ownership: where_load fills a caller-owned struct where freed by where_release.
*/
#ifndef KPISTAT_WHERE_H
#define KPISTAT_WHERE_H

#include "kpistat/catalog.h"
#include "kpistat/compare.h"
#include "kpistat/geo.h"
#include "kpistat/store.h"

struct where {
	const struct metric	*m;
	const struct geography	*g;		/* NULL: a breakdown without a geography */
	const struct geo_version *v;		/* the vintage in force for the period */
	const struct geo_link	*link;
	struct geo_layer	 layer;		/* its areas (empty without a geography) */
	struct compare		 cmp;
	struct where		*earlier;	/* small multiples: the periods before, oldest first */
	size_t			 nearlier;	/* (where_load_earlier), each with its own vintage */
};

/*
** Load the comparison of m's breakdown for period p (NULL: its latest figure), on geography
** `geo` when given (else the one its breakdown column is linked to, if any). 0, or -1 with e
** set (no vintage in force for p is an error when a geography was named).
*/
int	where_load(struct store *st, const struct catalog *c, const struct metric *m,
	    const struct period *p, const char *geo, int overdispersion, struct where *w,
	    struct kp_err *e);
/*
** Load the n - 1 periods before w's for small multiples (a period with nothing to compare is
** skipped). Never fails: what cannot be loaded is left out.
*/
void	where_load_earlier(struct store *st, const struct catalog *c, struct where *w, size_t n);
void	where_release(struct where *w);
/*
** What w's comparison left out, as sentences for the page and the packet's data notes:
** "740 records have no council_dist; 26 have 'NYCC', 1 'NYCC053', which name no area of
** 'council_districts'. They count for ... 7 areas with no records: 30 24 ...", naming at most
** max_values values and max_areas areas. NULL when nothing was left out; caller frees.
*/
char	*where_left_out(const struct where *w, size_t max_values, size_t max_areas);

/*
** For each dataset column linked to a geography (of `dataset`, or of every dataset when
** NULL) whose records are stored: the values that name no area of any vintage, with their
** counts, and the areas of the latest vintage that no record names, each as one line to emit
** (nothing when all match). Reads the column's records once. 0, or -1 with e set.
*/
int	where_check_records(struct store *st, const struct catalog *c, const char *dataset,
	    void (*emit)(void *arg, const char *line), void *arg, struct kp_err *e);

#endif
