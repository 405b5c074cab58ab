/*
** compute: metrics derived from raw records. A job accumulates one computed metric over the
** records it is fed (one pass, in any order) and then emits one figure per period and per
** breakdown value; compute_run() drives the jobs of every computed metric over the store's
** records and writes the figures through store_record() as "computed".
**
** Semantics (also in kpistat.1):
**   - a record belongs to the period (of the metric's frequency) that holds its period_by
**     date, taken on the dataset's local clock; open_at_end counts, at each period's last
**     day, the records with from on or before it and to empty or after it;
**   - durations are to - from in the compute block's unit (days by default); a record with
**     to before from is left out of durations, share_within and open_at_end, and counted in a
**     data-quality note for the packet;
**   - median and percentile interpolate linearly between order statistics (as pandas,
**     numpy and Excel's PERCENTILE.INC do); mean, sum and rate skip empty values;
**   - a period with no records gives 0 for count, sum and open_at_end (within the span of
**     dates the dataset holds) and no figure for every other measure; per breakdown, the same
**     holds for every value the metric has (seen now or stored before);
**   - "no figure" is also what the store ends up with: a computed figure stored earlier, in
**     the periods this compute rewrites (compute_range), that the records no longer give
**     (its period or breakdown value lost its records, e.g. to an import with --replace) is
**     withdrawn (store_withdraw), with the reason "recomputed from DATASET: no records";
**     hand-entered figures, and periods outside that range, are never touched;
**   - results are rounded to 12 significant digits, so that recomputing in another order
**     gives the same figure and an unchanged result is not a revision.
** Jobs are pure (no I/O); compute_run() is the part that reads and writes the store.
*/
#ifndef KPISTAT_COMPUTE_H
#define KPISTAT_COMPUTE_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/period.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"

/* ---- measures on arrays (pure; they reorder v) ---- */

/* The p-th percentile (0..100) of v[0..n), linear interpolation; n > 0. */
double	compute_percentile(double *v, size_t n, double p);
double	compute_median(double *v, size_t n);

/* ---- one metric's job ---- */

struct cjob;

/*
** A job for metric m (whose compute block names dataset d), fed rows whose values come in
** the order of `cols` (column names; every column the block uses must be there), emitting
** periods with keys klo..khi (period_key of the metric's kind). NULL when a column is missing.
*/
struct cjob *cjob_new(const struct metric *m, const struct dataset *d, int fy_start,
	    const char *const *cols, size_t ncols, long klo, long khi);
void	cjob_free(struct cjob *j);
/* Feed one record. */
void	cjob_add(struct cjob *j, const struct ev_value *row);
/*
** share_in_group: the group's area ids and the prefix its records' values carry (the link's;
** may be NULL). A share_in_group job without them counts no record in the group.
*/
void	cjob_set_group(struct cjob *j, char *const *ids, size_t n, const char *prefix);
/* Make breakdown value `value` known (a count then gets 0 for it where it has no records). */
void	cjob_seed_breakdown(struct cjob *j, const char *value);

/* One result; breakdown is "" for the whole city, else "column=value". */
struct cfigure {
	struct period	 period;
	const char	*breakdown;
	double		 value;
	/*
	** What the value is made of, for a fair comparison of breakdowns (funnel.h): records
	** within of records (share_within), numerator and denominator sums (rate), records (count,
	** open_at_end; den 0); NaN where it has none. Medians and percentiles: their values,
	** borrowed for the emit call and in no order (vals NULL otherwise).
	*/
	double		 num, den;
	double		*vals;
	size_t		 nvals;
};
typedef int cjob_emit_fn(void *arg, const struct cfigure *f);
/* A data-quality count for a period (count may be 0: no such records). */
typedef int cjob_note_fn(void *arg, const struct period *p, const char *what, long count);

/* Emit every figure (by period, city first, then breakdowns by name) and note; stops on non-zero. */
int	cjob_finish(struct cjob *j, cjob_emit_fn *emit, cjob_note_fn *note, void *arg);

/*
** One metric's figures for one period without storing them: the job run over the records that
** can fall in p, emitting the whole city's figure and each breakdown value's (with num, den
** and vals filled). 0, or -1 with e set (a metric without a compute block, no records).
*/
int	compute_cells(struct store *st, const struct catalog *c, const struct metric *m,
	    const struct period *p, cjob_emit_fn *emit, void *arg, struct kp_err *e);

/* ---- running it over the store ---- */

struct compute_opts {
	const char	*metric;	/* one metric, or NULL for every computed metric */
	const struct period *from;	/* first period to compute, or NULL for all */
	int		 only;		/* 1: just the period `from` (--period); 0: from on (--since) */
	const char	*by;		/* who runs it, or NULL */
};

struct compute_result {
	long	metrics;	/* computed metrics run */
	long	figures;	/* figures produced */
	long	added, revised, same;	/* of those: a withdrawn figure given again counts as revised */
	long	withdrawn;	/* stored figures withdrawn: no records give them any more */
	long	notes;		/* data-quality notes written */
	long	skipped;	/* metrics whose dataset has no records */
	long	outliers;	/* figures stored new or changed outside their metric's range (warned) */
};

/*
** Compute and store. Returns 0 (everything written in one transaction) or -1 with the problems
** in d; notices that fail nothing (a dataset without records) go to w.
*/
int	compute_run(struct store *st, const struct catalog *c, const struct compute_opts *o,
	    struct compute_result *r, struct diags *d, struct diags *w);

/* ---- what a compute rewrites, and what it withdraws (pure) ---- */

/*
** The periods a compute with options o rewrites for metric m, as period keys *lo..*hi of the
** metric's kind: from the compute block's since and o->from (--period: that period only;
** --since: it and every later one), o->from taken as the metric's period that holds its first
** day. An end nothing bounds is LONG_MIN or LONG_MAX. 1, or 0 when there is no such period.
*/
int	compute_range(const struct metric *m, const struct compute_opts *o, int fy_start,
	    long *lo, long *hi);

/*
** The text of the data-quality note cjob_finish() writes for m's compute block k ("records
** with TO before FROM left out"), in buf (n bytes). Returns buf.
*/
const char *compute_note_what(const struct compute *k, char *buf, size_t n);

/*
** A set of stored figures, (period, breakdown), that a compute may withdraw: added from the
** store in any order, crossed off as the compute gives each one again; what is left has no
** records any more.
*/
struct cstale;

struct cstale *cstale_new(void);
void	cstale_free(struct cstale *s);
void	cstale_add(struct cstale *s, const struct period *p, const char *breakdown);
/* Cross off (p, breakdown): 1 when it is in the set, 0 when not. */
int	cstale_cross(struct cstale *s, const struct period *p, const char *breakdown);
/*
** The next figure not crossed off at or after cursor *i (start at 0), in period and then
** breakdown order: 1 with *p and *breakdown (borrowed from s) and *i moved past it, or 0.
*/
int	cstale_next(struct cstale *s, size_t *i, struct period *p, const char **breakdown);

#endif
