/*
** import: a CSV of figures (header metric,period,value[,breakdown][,note]) into the store,
** all or nothing. The file is streamed; every row is checked (entry.h) and every bad row is
** reported as FILE:LINE:COL (COL = column number); if any row is bad, or a stored figure would
** change without a reason, nothing is written. Rows repeating a (metric, period, breakdown)
** within the file are errors. Re-importing the same file changes nothing. A last row without a
** line break (a file cut off in transfer?) that would change a stored figure's value or note is
** an error unless accept_unterminated.
*/
#ifndef KPISTAT_IMPORT_H
#define KPISTAT_IMPORT_H

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"

struct import_opts {
	const char	*path;		/* the CSV ("-" for stdin) */
	int		 dry_run;	/* check everything, write nothing */
	const char	*reason;	/* revision reason for changed figures, or NULL */
	const char	*by;		/* who is importing, or NULL */
	int		 delimiter;	/* field separator, 0 for ',' (--delimiter) */
	int		 decimal_comma;	/* values written 1.234,5 (--decimal-comma) */
	int		 accept_unterminated; /* a last row without a line break may change stored figures */
	int		 allow_outlier;	/* figures outside their metric's range are kept, with a warning */
	struct diags	*warn;		/* such warnings, or NULL */
};

struct import_result {
	long	rows;		/* data rows read */
	long	outliers;	/* figures kept outside their range (allow_outlier) */
	long	added;		/* new figures */
	long	revised;	/* changed figures (with a revision each) */
	long	same;		/* already stored as given */
};

/*
** Import o->path into st, checking figures against catalog c. Returns 0 when the import is
** written (or would be, with dry_run), -1 when not: the problems are in d.
*/
int	import_csv(struct store *st, const struct catalog *c, const struct import_opts *o,
	    struct import_result *r, struct diags *d);

#endif
