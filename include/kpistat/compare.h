/*
** compare: a computed metric's breakdown (areas, or any other: a provider, a crew) compared
** with the whole for one period, with funnel limits (funnel.h) at each part's own denominator.
** The figures are recomputed from the records (compute_cells), so that each part's numerator,
** denominator or values are at hand; the pool is that of the parts compared, and records with
** no part are counted apart (for the data notes), not compared.
**
** Method by measure: share_within, and a rate in a "%"/"ratio" unit: FUNNEL_SHARE; another rate:
** FUNNEL_RATE; median and duration_median: FUNNEL_MEDIAN. Counts (count, open_at_end) become
** rates per 1,000 residents over the areas' populations (population_property) when every area
** of the layer has one, and are refused otherwise, as are means, sums and percentiles.
*/
#ifndef KPISTAT_COMPARE_H
#define KPISTAT_COMPARE_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/err.h"
#include "kpistat/funnel.h"
#include "kpistat/period.h"
#include "kpistat/store.h"

struct compare_area {
	char		*id;		/* the breakdown's value: "3" for district=3 */
	char		*name;		/* display name, or NULL */
	struct funnel_area f;
};

struct geo_layer;
struct geo_link;

struct compare_unmatched {		/* a breakdown value with no area (no polygon) */
	char		*value;		/* as in the records: "NYCC", "NYCC053" */
	double		 count;		/* records (the denominator's units for a rate) */
};

struct compare {
	const struct metric *m;
	struct period	 period;
	char		*key;		/* the breakdown column: "district" */
	enum funnel_method method;
	double		 scale;
	int		 per_population;	/* a count over the areas' populations (per 1,000) */
	int		 overdispersion;
	struct compare_area *areas;	/* sorted by id (numerically when ids are numbers) */
	size_t		 n;
	struct funnel_result pooled;
	double		 city_den;	/* the whole city's denominator (records, or values) */
	double		 unplaced;	/* of it, with no breakdown value at all; NaN if unknown */
	struct compare_unmatched *unmatched;	/* values that name no area of the layer */
	size_t		 nunmatched;
	double		 unmatched_total;
	char		**nodata;	/* the layer's areas without records in the period */
	size_t		 nnodata;
};

/*
** Compare metric m's breakdown in period p (NULL: the latest period with a whole-city figure).
** With a layer (the boundaries in force in p) and the link that maps record values to its area
** ids, values that name no area are set apart (unmatched), areas get their names, and the
** layer's areas without records are listed (nodata). 0, or -1 with e set: no breakdown, not
** computed, a measure without denominators, no figures.
*/
int	compare_run(struct store *st, const struct catalog *c, const struct metric *m,
	    const struct period *p, int overdispersion, const struct geo_layer *layer,
	    const struct geo_link *link, struct compare *out, struct kp_err *e);
/* The period compare_run would take for m with p NULL (latest whole-city figure). 0 or -1. */
int	compare_default_period(struct store *st, const struct metric *m, struct period *out,
	    struct kp_err *e);
void	compare_release(struct compare *cmp);

/*
** The verdict in words for metric m ("significantly worse than the city (99.8 % limits)",
** "no evidence that it differs from the city"), direction-aware. Returns a static string.
*/
const char *compare_words(const struct metric *m, enum funnel_verdict v);
/* 1 when v is worse than the whole for m's direction, -1 better, 0 neither or neutral. */
int	compare_sense(const struct metric *m, enum funnel_verdict v);

#endif
