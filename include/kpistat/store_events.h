/*
** store_events: raw records in the KPI store (part of the store module, so the only callers
** of sqlite3_* stay in stat/store*.c).
**
** Each dataset's records live in their own table, ev_<name>, packed into blocks of a few
** thousand records sorted by key (stat/store_block.h), one row per block, with the block's
** key range and, per date column, its least and greatest value, the months it holds and how
** many records have no value there. A full compute reads every block; a recompute of one
** month reads only the blocks that can hold it (and those with open records, for open_at_end).
**
** An import writes records as they come while their keys keep rising (exports from systems of
** record are in key order), merging them into the stored blocks in one pass. Records that come
** out of key order are sorted in runs of bounded memory, spilled to a temporary file and merged
** at the end, so any order works at any size; in-order files never touch the temporary file.
** Outcomes of records (added, updated, ...) are counted; the two that are problems with the
** file (a key given twice, a stored key under --append) and updates of stored records are
** reported through a callback, at once for in-order records and when the runs are merged for
** the others.
**
** An import writes its blocks in short transactions that readers do not see and publishes
** them in one short last one (store_ev_commit), so the store stays open to other writers
** meanwhile: readers see the dataset before or after the import, never part of it; a crash
** or SIGKILL leaves the store as it was for them (the next import removes what was left).
** One import at a time per store: store_ev_begin waits for another (the busy timeout).
**
** Ownership: store_ev_begin() returns a writer that store_ev_commit() or store_ev_abort()
** frees. Values passed to callbacks are borrowed for the call.
*/
#ifndef KPISTAT_STORE_EVENTS_H
#define KPISTAT_STORE_EVENTS_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/err.h"
#include "kpistat/store.h"

/* One field of a record, typed by its column. */
struct ev_value {
	int		 null;		/* no value */
	long long	 i;		/* integer; date: days; datetime: seconds (see evparse.h) */
	double		 d;		/* number */
	const char	*s;		/* text: not NUL-terminated, `n` bytes */
	size_t		 n;
};

enum ev_mode {
	EV_MERGE,		/* new keys added, stored keys updated (the default) */
	EV_APPEND,		/* new keys only; a stored key is an error */
	EV_REPLACE		/* the file becomes the dataset */
};

enum ev_outcome {
	EV_ADDED,		/* a new record */
	EV_UPDATED,		/* a stored record, now as in this file */
	EV_UNCHANGED,		/* a stored record, already as in this file */
	EV_DUPLICATE,		/* the key is on an earlier row of this file: nothing written */
	EV_EXISTS		/* --append and the key is stored: nothing written */
};

struct ev_writer;

/*
** A record that is a problem (EV_DUPLICATE or EV_EXISTS), or a stored record this import
** changes (EV_UPDATED, so that a caller can refuse a change from a doubtful row): the tag and
** note given to store_ev_put() for it.
*/
typedef void store_ev_report_fn(void *arg, enum ev_outcome out, long long tag,
	    const char *note, size_t notelen);

/*
** Start an import of dataset d: take the store's import lock, remove what an unfinished
** import of d left, check that the stored table has d's columns and key (if not, only
** EV_REPLACE may go on, and it remakes the table). report (may be NULL) hears of problem records.
** NULL on failure with e filled.
*/
struct ev_writer *store_ev_begin(struct store *st, const struct dataset *d, enum ev_mode mode,
	    const char *file, const char *by, store_ev_report_fn *report, void *arg,
	    struct kp_err *e);

/*
** Write one record: v[i] for column d->cols[i]; key columns are never null. `tag` (a line
** number, say) and the `note` bytes (copied; may be NULL) come back with a report about it.
** The first record with a key wins; later ones are EV_DUPLICATE. 0 or -1.
*/
int	store_ev_put(struct ev_writer *w, const struct ev_value *v, long long tag,
	    const char *note, size_t notelen, struct kp_err *e);

/* Counts for the import log: the store's (added..exists) and the caller's (rows..warnings). */
struct ev_counts {
	long	rows, added, updated, unchanged, skipped, warnings, duplicate, exists;
};

/*
** Write what is still held (merging the out-of-order runs), reporting the problems left, and
** fill c's added, updated, unchanged, duplicate and exists. The caller then commits or aborts.
*/
int	store_ev_finish(struct ev_writer *w, struct ev_counts *c, struct kp_err *e);

/* Publish the import and log it (0) or, on failure, undo it and fill e (-1). Frees w. */
int	store_ev_commit(struct ev_writer *w, const struct ev_counts *c, struct kp_err *e);
/* Roll back everything the import wrote and free w. */
void	store_ev_abort(struct ev_writer *w);

/* What the store holds for a dataset. */
struct ev_info {
	int		 exists;	/* a records table exists */
	int		 same_columns;	/* ... made with the dataset's current columns and key */
	long long	 records;
	char		 imported_at[32];	/* "" when never imported */
};
int	store_ev_info(struct store *st, const struct dataset *d, struct ev_info *out,
	    struct kp_err *e);

/* Rows whose column `col` holds a value in [lo, hi], for store_ev_scan. */
struct ev_cond {
	const char	*col;
	long long	 lo, hi;
};

typedef int store_ev_row_fn(void *arg, const struct ev_value *v);

/*
** Call fn with the values of columns `cols` (in that order) of every record of d that may
** hold any of the conditions or has no value in `open_col` (when not NULL). With no
** condition and no open_col, every record. Every record is passed at most once; records that
** hold no condition may be passed too (fn checks). A non-zero return from fn stops the scan
** and is returned.
*/
int	store_ev_scan(struct store *st, const struct dataset *d, const char *const *cols,
	    size_t ncols, const struct ev_cond *conds, size_t nconds, const char *open_col,
	    store_ev_row_fn *fn, void *arg, struct kp_err *e);

/* The least and greatest value of a date column (1), or 0 when it has none; -1 on error. */
int	store_ev_span(struct store *st, const struct dataset *d, const char *col,
	    long long *lo, long long *hi, struct kp_err *e);

/*
** Make the figures store_record() writes carry the time `iso` (the data's import time) rather
** than now; NULL goes back to now.
*/
void	store_set_clock(struct store *st, const char *iso);

/*
** Data-quality notes of a compute, per metric and period ("3 records closed before they were
** opened, left out"), for the packet's data notes. store_note_set replaces the note `what`
** (count 0 removes it).
*/
int	store_note_set(struct store *st, const char *metric, const struct period *p,
	    const char *what, long count, struct kp_err *e);
typedef int store_note_fn(void *arg, const char *metric, const char *period, const char *what,
	    long count);
/* Every note, or those of one metric and/or period (NULL = any), by metric and period. */
int	store_notes(struct store *st, const char *metric, const char *period, store_note_fn *fn,
	    void *arg, struct kp_err *e);

#endif
