/*
** events: a CSV of raw records (permits, 911 calls, code cases) into the store, checked
** against the dataset the catalog declares. The file is streamed (memory stays flat at any
** size) inside one transaction: all or nothing by default, every bad field reported as
** FILE:LINE:COL (COL = the column's number in the header); with a reject file, bad rows are
** written there instead and the good ones kept. Re-importing a key updates its record.
**
** A record whose `to` date is before its `from` date (for any from/to pair a compute block
** uses) is kept, and counted and reported as a data-quality warning: the measures leave it
** out of durations and open counts.
*/
#ifndef KPISTAT_EVENTS_H
#define KPISTAT_EVENTS_H

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"

/*
** Called every few thousand rows (done = 0), once when every row is read and the store finishes
** writing (done = 2: rows out of key order are sorted then) and once at the end (done = 1), for
** a progress display.
*/
typedef void events_progress_fn(void *arg, long rows, unsigned long long bytes, int done);

struct events_opts {
	const char	*dataset;	/* a dataset of the catalog */
	const char	*path;		/* the CSV ("-" for stdin) */
	enum ev_mode	 mode;
	const char	*reject_path;	/* --skip-bad FILE: bad rows go there, or NULL */
	const char	*by;		/* who is importing, or NULL */
	int		 delimiter;	/* field separator, 0 for ',' (--delimiter) */
	int		 decimal_comma;	/* number columns written 1.234,5 (--decimal-comma) */
	int		 accept_unterminated; /* a last row without a line break may update a stored record */
	events_progress_fn *progress;	/* or NULL */
	void		*progress_arg;
};

struct events_result {
	long	rows;		/* data rows read */
	long	added;		/* new records */
	long	updated;	/* stored records changed */
	long	unchanged;	/* stored records given again as they are */
	long	skipped;	/* bad rows written to the reject file */
	long	warnings;	/* data-quality warnings (kept rows) */
};

/*
** Import o->path into dataset o->dataset of catalog c. Returns 0 when written, -1 when not:
** the problems are in d. Data-quality warnings (and, with a reject file, the reasons rows
** were skipped) go to w, which never fails the import.
*/
int	events_import(struct store *st, const struct catalog *c, const struct events_opts *o,
	    struct events_result *r, struct diags *d, struct diags *w);

#endif
