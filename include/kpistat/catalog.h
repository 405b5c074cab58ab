/*
** catalog: a city's departments, metrics, targets and programs as plain C structs, read from
** the catalog YAML (the format in README.md) and checked as a whole: every problem is reported
** with FILE:LINE:COL and the key it concerns, and a catalog that fails a check is not used.
**
** Ownership: catalog_init() an embedded struct catalog, catalog_release() frees everything it
** holds. Strings inside are owned by the catalog. The store reads and writes the same structs.
*/
#ifndef KPISTAT_CATALOG_H
#define KPISTAT_CATALOG_H

#include <stddef.h>

#include "kpistat/diag.h"
#include "kpistat/num.h"
#include "kpistat/period.h"

enum direction { DIR_HIGHER, DIR_LOWER, DIR_NEUTRAL };	/* which way is better */
enum rollup { ROLLUP_SUM, ROLLUP_MEAN, ROLLUP_LAST };		/* how periods combine */

struct target {
	struct period	from;		/* valid from this period on, until the next target */
	double		value;		/* the goal */
	int		has_tol;	/* a "near target" band was given */
	int		tol_pct;	/* tol is a percentage of value (else absolute) */
	double		tol;		/* the band's width */
};

struct department {
	char	*code;			/* short key, e.g. "dev" */
	char	*name;			/* "Development Services" */
	char	*head;			/* may be NULL */
};

struct metric {
	char		*code;		/* "permits.review_days" */
	char		*name;		/* shown in tables and packets */
	char		*department;	/* a department code */
	char		*unit;		/* "days", "%", "calls", ... ("" when none) */
	int		 decimals;	/* places to print, 0..6 */
	enum direction	 direction;
	enum period_freq freq;
	enum rollup	 rollup;
	char		*description;	/* definition in words, may be NULL */
	char		*source;	/* system of record, may be NULL */
	struct target	*targets;	/* sorted by from, oldest first */
	size_t		 ntargets;
	struct period	*rebase;	/* periods where the process changed (for SPC), sorted */
	size_t		 nrebase;
	int		 computed;	/* has a compute: block (figures come from raw records) */
	int		 retired;	/* in the store but no longer in the catalog file */
};

struct program {
	char	*code;			/* "tulstat" */
	char	*title;			/* "TulStat" */
	char	*template;		/* template name, may be NULL */
	char	**metrics;		/* metric codes in packet order */
	size_t	 nmetrics;
};

struct catalog {
	char			*city;		/* may be NULL */
	int			 fy_start;	/* first month of the fiscal year, 1..12 (default 7) */
	struct department	*depts;
	size_t			 ndepts;
	struct metric		*metrics;
	size_t			 nmetrics;
	struct program		*programs;
	size_t			 nprograms;
};

void	catalog_init(struct catalog *c);
void	catalog_release(struct catalog *c);

/*
** Read and check the catalog YAML at `path`. On success fill *out and return 0; otherwise
** add every problem to `d` (with FILE:LINE:COL) and return -1, leaving *out empty.
*/
int	catalog_load_file(const char *path, struct catalog *out, struct diags *d);

/* Lookups; NULL when absent. */
const struct metric *catalog_metric(const struct catalog *c, const char *code);
const struct department *catalog_dept(const struct catalog *c, const char *code);
const struct program *catalog_program(const struct catalog *c, const char *code);

/* The target in force for period `p` (latest `from` whose first day <= p's first day), or NULL. */
const struct target *catalog_target_for(const struct metric *m, const struct period *p, int fy_start);

/* Sort m's targets by the first day of `from` (fiscal years start in month fy_start), oldest first. */
void	catalog_sort_targets(struct metric *m, int fy_start);

/* The half-width of the target's "near" band in the metric's units (0 without a band). */
double	catalog_tolerance(const struct target *t);

/*
** Describe how `new` differs from `old`, one line per change ("metric 'x': target from
** 2025-07 changed 5 -> 4"), by calling `emit` for each. Returns the number of changes.
*/
size_t	catalog_diff(const struct catalog *old, const struct catalog *new,
	    void (*emit)(void *arg, const char *line), void *arg);

/* Names for enums, and their parsers (0 on success, -1 for an unknown name). */
const char *catalog_direction_name(enum direction d);
const char *catalog_rollup_name(enum rollup r);
int	catalog_direction_parse(const char *s, enum direction *out);
int	catalog_rollup_parse(const char *s, enum rollup *out);

#endif
