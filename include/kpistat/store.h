/*
** store: the KPI store, one SQLite file; the only module that calls sqlite3_*.
**
** A store is tagged with PRAGMA application_id and versioned with PRAGMA user_version; the
** schema and its migrations live in stat/schema.c. store_open() refuses a file that is not a
** kpistat store or that a newer kpistat wrote, migrates an older one inside a transaction,
** turns on foreign keys and WAL, and waits up to 30 s ($KPISTAT_BUSY_TIMEOUT) for another
** writer instead of failing, then names it in the error (store_lock.c).
**
** Figures are never overwritten silently: store_record() inserts a new figure, leaves an
** identical one alone, and turns a different one into a revision (who, when, old, new, why)
** only when a reason is given. A figure can also be withdrawn (store_withdraw: `kpistat
** compute` found no records for it any more): it stays in history but is no longer current,
** so series, breakdowns and the export leave it out; entering it again restores it.
**
** Ownership: store_open() returns a handle freed by store_close(). Strings in rows passed to
** callbacks are borrowed for the duration of the callback.
*/
#ifndef KPISTAT_STORE_H
#define KPISTAT_STORE_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/err.h"
#include "kpistat/period.h"

#define STORE_CREATE	0x01	/* create the file (and run every migration) when missing */
#define STORE_APP_ID	0x4b504953	/* 'KPIS', PRAGMA application_id */

struct store;

struct store *store_open(const char *path, int flags, struct kp_err *e);
void	store_close(struct store *st);
int	store_schema_version(struct store *st);	/* user_version after open */
/*
** The catalog's stamp (a number every change to the catalog's tables moves on, by whichever
** writer): a catalog read after the stamp was n is the store's while the stamp is still n.
** serve keeps its catalog on that. 0 with *n set, or -1 with e filled.
*/
int	store_catalog_stamp(struct store *st, long long *n, struct kp_err *e);
int	store_schema_latest(void);			/* the version this build writes */

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE). */
int	store_begin(struct store *st, struct kp_err *e);
int	store_commit(struct store *st, struct kp_err *e);
void	store_rollback(struct store *st);
/*
** Inside a transaction, a unit that succeeds or fails on its own (a web submission among
** others committed together): store_savepoint starts it (a figure it stores is new to it, as
** in a transaction of its own), store_release keeps it, store_rollback_to undoes it alone.
*/
int	store_savepoint(struct store *st, struct kp_err *e);
int	store_release(struct store *st, struct kp_err *e);
void	store_rollback_to(struct store *st);

/*
** The catalog in the store. store_catalog_read fills an empty catalog (retired metrics
** included, marked). store_catalog_write makes the store's catalog equal to `c`: it adds and
** updates, replaces targets and programs, and marks metrics missing from `c` as retired
** (their figures are kept). Call it inside a transaction.
*/
int	store_catalog_read(struct store *st, struct catalog *out, struct kp_err *e);
int	store_catalog_write(struct store *st, const struct catalog *c, struct kp_err *e);

/* One figure as entered. */
struct figure {
	const char	*metric;	/* metric code */
	struct period	 period;
	const char	*breakdown;	/* "district=3", or "" for the whole city */
	double		 value;
	const char	*note;		/* commentary, may be NULL */
	const char	*by;		/* who entered it, may be NULL */
	const char	*origin;	/* "entered", "imported", "computed" */
};

enum store_outcome {
	STORE_NEW,		/* inserted */
	STORE_SAME,		/* already stored with this value and note: nothing written */
	STORE_REVISED,		/* changed, revision kept */
	STORE_NEEDS_REASON,	/* differs from the stored value and no reason was given: nothing written */
	STORE_REPEATED,		/* this transaction itself stored it already: nothing written */
	STORE_RESTORED,		/* it was withdrawn: current again, revision kept (no reason needed) */
	STORE_LOCKED		/* a lock froze it and no lock reason is set (store_set_lock_reason):
				   nothing written */
};

/*
** Store one figure (see the header comment). `reason` may be NULL. Unless the figure is new,
** *old_value (when not NULL) gets the value stored before (for STORE_RESTORED, the one the
** figure had when it was withdrawn). Returns 0 (outcome in *out) or -1.
*/
int	store_record(struct store *st, const struct figure *f, const char *reason,
	    enum store_outcome *out, double *old_value, struct kp_err *e);

/*
** The reason that lets this handle's writes change figures frozen by a Stat lock
** (store_cycle.h): record, import and compute pass their --reason. NULL (the default) makes
** store_record answer STORE_LOCKED and store_withdraw fail for them. Borrowed. Each change
** to a locked figure is logged with this reason for the next packet's data notes.
*/
void	store_set_lock_reason(struct store *st, const char *reason);

/*
** Within one import: remember (metric, period, breakdown) as given on `line` and say whether
** it was already seen in this import (1, with the earlier line in *first) or not (0); -1 on
** error. A temp table holds them, so memory stays flat. store_seen_reset() forgets them all.
*/
int	store_seen(struct store *st, const char *metric, const struct period *p,
	    const char *breakdown, long line, long *first, struct kp_err *e);
void	store_seen_reset(struct store *st);

/*
** Withdraw the current figure (metric, period, breakdown): it is kept, with a revision that
** says who withdrew it, when (the time store_record() would write) and why, but it is no
** longer current. 1 withdrawn, 0 when there is no current figure there; -1 on error.
*/
int	store_withdraw(struct store *st, const char *metric, const struct period *p,
	    const char *breakdown, const char *by, const char *reason, struct kp_err *e);

/* A metric's current figures for one breakdown, oldest first. */
struct series {
	struct period	*periods;	/* the periods that have a figure, ascending */
	double		*values;
	char		**notes;	/* NULL where there is none */
	size_t		 n;
};
int	store_series(struct store *st, const char *metric, const char *breakdown,
	    struct series *out, struct kp_err *e);
void	series_release(struct series *s);

/*
** The distinct breakdowns a metric has current figures for ("" excluded), sorted; caller frees
** with store_strv_free.
*/
int	store_breakdowns(struct store *st, const char *metric, char ***out, size_t *n, struct kp_err *e);
void	store_strv_free(char **v, size_t n);

/* What a revision did. */
enum store_change {
	STORE_CHANGE_REVISED,	/* changed the value or the note */
	STORE_CHANGE_WITHDRAWN,	/* withdrew the figure: old_value and value are the value it had */
	STORE_CHANGE_RESTORED	/* made a withdrawn figure current: old_value is the value it had */
};

/* One stored figure or one revision of it, for history and export. */
struct store_row {
	const char	*metric;
	const char	*period;
	const char	*breakdown;
	double		 value;
	const char	*note;
	const char	*by;
	const char	*at;		/* when entered (ISO 8601 UTC) */
	const char	*origin;
	const char	*revised_at;	/* last revision, or NULL */
	int		 nrevisions;
	int		 withdrawn;	/* no longer current (history only): value is the last it had */
	/* for revisions only */
	int		 is_revision;
	double		 old_value;
	const char	*old_note;
	const char	*reason;
	enum store_change change;
};

typedef int store_row_fn(void *arg, const struct store_row *r);

/*
** Call fn for each figure of `metric` (every breakdown when `breakdown` is NULL; one period
** when `period` is not NULL), withdrawn ones included, in period order, each followed by its
** revisions oldest first. A non-zero return from fn stops the walk and is returned.
*/
int	store_history(struct store *st, const char *metric, const char *breakdown,
	    const char *period, store_row_fn *fn, void *arg, struct kp_err *e);

/* Call fn for every current figure, ordered by metric, breakdown, period. */
int	store_each_figure(struct store *st, store_row_fn *fn, void *arg, struct kp_err *e);

/*
** Call fn for each current figure of `metric` whose origin is `origin` ("computed") and whose
** period key (period_key) lies in klo..khi, ordered by period and breakdown; only metric,
** period, breakdown, value and origin are filled. A non-zero return from fn stops the walk
** and is returned.
*/
int	store_current_figures(struct store *st, const char *metric, const char *origin, long klo,
	    long khi, store_row_fn *fn, void *arg, struct kp_err *e);

/*
** How many figures are stored (withdrawn ones included): for one metric (every breakdown), or
** all when metric is NULL; -1 on error.
*/
long	store_count_figures(struct store *st, const char *metric);

#endif
