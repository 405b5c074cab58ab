/*
** diag: a list of problems found while checking a whole input (a CSV import, a catalog, a
** template), so that every bad row is reported at once rather than only the first
** (mandoc's diagnostics). Each entry is "WHERE: MESSAGE". Past `limit` entries are counted,
** not kept. diag_release() frees everything.
*/
#ifndef KPISTAT_DIAG_H
#define KPISTAT_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "kpistat/err.h"

struct diag_entry {
	char	*where;		/* "FILE:LINE:COL", owned */
	char	*msg;		/* what is wrong: what is accepted, owned */
};

struct diags {
	struct diag_entry *v;	/* the kept entries */
	size_t	 n;		/* kept */
	size_t	 cap;		/* allocated */
	size_t	 total;		/* seen, including those past the limit */
	size_t	 limit;		/* how many to keep (0 = no limit) */
	int	 code;		/* the exit status the worst entry calls for */
};

void	diags_init(struct diags *d, size_t limit);
void	diags_release(struct diags *d);
void	diags_add(struct diags *d, int code, const char *where, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Add an error record as an entry. */
void	diags_add_err(struct diags *d, const struct kp_err *e);
/* Print every kept entry as "prog: where: msg", then "prog: N more not shown" if any were dropped. */
void	diags_print(const struct diags *d, const char *prog, FILE *fp);

#endif
