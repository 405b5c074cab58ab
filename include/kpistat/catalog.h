/*
** catalog: a city's departments, metrics, targets and programs as plain C structs, read from
** the catalog YAML (the format in README.md) and checked as a whole: every problem is reported
** with FILE:LINE:COL and the key it concerns, and a catalog that fails a check is not used.
**
** Ownership: catalog_init() an embedded struct catalog, catalog_release() frees everything it
** holds. Strings inside are owned by the catalog. The store reads and writes the same structs.
**
** Raw-record datasets (`datasets:`) and metrics' `compute:` blocks are read and checked by
** stat/catalog_compute.c: a compute block must name a declared dataset, existing columns of
** the right types and a known measure; every problem is reported with FILE:LINE:COL.
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

struct catalog_index;

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
	int		 has_min, has_max;	/* min: / max: given in the catalog */
	double		 min, max;	/* plausible figures lie in [min, max] (see catalog_bounds) */
	int		 computed;	/* has a compute: block (figures come from raw records) */
	int		 retired;	/* in the store but no longer in the catalog file */
	struct compute	*compute;	/* the compute: block, or NULL (also for old stores) */
	struct ratio	*ratio;		/* ratio: of two stored metrics, or NULL (catalog_ratio.c) */
};

/* A metric that is the ratio of two others with the same breakdown: numerator / denominator * per. */
struct ratio {
	char		*numerator, *denominator;	/* metric codes */
	double		 per;		/* 100 for a percentage, 1000 for "per 1,000", ... */
};

struct program {
	char	*code;			/* "tulstat" */
	char	*title;			/* "TulStat" */
	char	*template;		/* template name, may be NULL */
	char	**metrics;		/* metric codes in packet order */
	size_t	 nmetrics;
};

/* ---- raw-record datasets and computed measures ------------------------------------------ */

/* A dataset column's type, and how it is stored (dates and times as integers, see evparse.h). */
enum col_type {
	COL_TEXT,		/* TEXT */
	COL_INTEGER,		/* INTEGER: a whole number */
	COL_NUMBER,		/* REAL: num_parse() forms without '%' */
	COL_DATE,		/* INTEGER: days since 1970-01-01 */
	COL_DATETIME		/* INTEGER: seconds since 1970-01-01T00:00, local wall clock */
};

struct ds_column {
	char		*name;		/* header name: [a-z][a-z0-9_]*, also the breakdown key */
	enum col_type	 type;
	char		*format;	/* date/datetime format for this column, or NULL (dataset's) */
	int		 required;	/* a null is an error (always so for key columns) */
};

struct dataset {
	char		*name;		/* "permits": [a-z][a-z0-9_]* */
	char		**key;		/* key column names (one or more); a record's identity */
	size_t		 nkey;
	struct ds_column *cols;		/* in declaration order */
	size_t		 ncols;
	char		*date_format;	/* strptime-like (%Y %m %d), NULL = ISO 8601 YYYY-MM-DD */
	char		*datetime_format; /* NULL = ISO 8601 date, 'T' or ' ', time, optional offset */
	char		*time_zone;	/* "UTC" (default), "+01:00", or an IANA name such as America/Chicago */
	int		 empty_null;	/* an empty field means null (default 1) */
	char		**nulls;	/* other texts that mean null ("NA", "N/A") */
	size_t		 nnulls;
	int		 extra_ok;	/* header columns not declared are ignored (extra_columns: ignore) */
	char		*description;	/* may be NULL */
	char		*source;	/* may be NULL */
};

enum measure {
	MEAS_COUNT,			/* records */
	MEAS_SUM,			/* sum of `field` */
	MEAS_MEAN,			/* mean of `field` */
	MEAS_MEDIAN,			/* median of `field` */
	MEAS_PERCENTILE,		/* p-th percentile of `field` (linear interpolation) */
	MEAS_SHARE_WITHIN,		/* % of records with to - from <= within */
	MEAS_OPEN_AT_END,		/* records with from <= period end < to (or no to) */
	MEAS_RATE,			/* sum(numerator) / sum(denominator), times scale */
	MEAS_DURATION_MEDIAN,		/* median of to - from, in `unit` */
	MEAS_DURATION_PERCENTILE,	/* p-th percentile of to - from */
	MEAS_DURATION_MEAN,		/* mean of to - from */
	MEAS_SHARE_IN_GROUP		/* % of records (or of `field`'s sum) whose `area` is in `group` */
};

enum filter_op { FOP_EQ, FOP_NE, FOP_IN, FOP_NOT_IN, FOP_LT, FOP_LE, FOP_GT, FOP_GE };

struct filter {
	char		*field;		/* a column of the dataset */
	enum filter_op	 op;
	char		**vals;		/* as written; one for comparisons, one or more for in/not_in */
	size_t		 nvals;
};

struct compute {
	char		*dataset;	/* a dataset name */
	enum measure	 measure;
	char		*period_by;	/* the date column that places a record in a period (not open_at_end) */
	char		*from, *to;	/* date columns: durations, share_within, open_at_end */
	char		*field;		/* numeric column: sum, mean, median, percentile */
	char		*numerator;	/* numeric columns: rate */
	char		*denominator;
	char		*breakdown;	/* a column: also one figure per value, or NULL */
	double		 p;		/* percentile, 0..100 */
	double		 within;	/* share_within threshold, in `unit`s */
	char		*unit;		/* duration unit: days (default), hours, minutes, seconds */
	int		 complement;	/* rate: 1 - numerator/denominator */
	double		 scale;		/* rate: multiplier (default 100 for a "%" metric, else 1) */
	struct filter	*filters;	/* all must hold (where:) */
	size_t		 nfilters;
	int		 has_since;	/* since: given */
	struct period	 since;		/* first period to compute (earlier records still count) */
	char		*group;		/* share_in_group: a group of the area column's geography */
	char		*area;		/* share_in_group: the column whose values are areas */
};

/* ---- geographies (stat/catalog_geo.c) ---------------------------------------------------- */

struct geo_layer;

struct geo_version {			/* one vintage of a geography's boundaries */
	int		 has_from;	/* from: given (else in force from the start) */
	struct period	 from;
	int		 has_to;	/* to: given (else until the next version, or for ever) */
	struct period	 to;
	char		*file;		/* as written in the catalog */
	char		*digest;	/* of the file's bytes (a changed file is a catalog change) */
	struct geo_layer *layer;	/* read and simplified at catalog load; NULL from the store */
};

struct geo_group {			/* a named set of areas: green_zones: [3, 5, 6] */
	char		*name;
	char		**ids;
	size_t		 nids;
	char		*property;	/* { property: green_zone }: the areas where it is true */
};

struct geography {
	char		*name;		/* "council_districts" */
	char		*id_property, *name_property, *population_property;	/* last two may be NULL */
	char		*label;		/* what one area is called ("District"), or NULL */
	struct geo_version *versions;	/* sorted by from */
	size_t		 nversions;
	struct geo_group *groups;
	size_t		 ngroups;
};

struct geo_link {			/* a dataset column whose values are a geography's areas */
	char		*dataset, *column, *geography;
	char		*prefix;	/* stripped from record values before matching ("NYCC"), or NULL */
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
	struct dataset		*datasets;	/* raw-record datasets (datasets:) */
	size_t			 ndatasets;
	struct geography	*geos;		/* geographies: */
	size_t			 ngeos;
	struct geo_link		*glinks;	/* datasets' geography: */
	size_t			 nglinks;
	char			**warnings;	/* from catalog_load_file: fixed, not refused */
	size_t			 nwarnings;
	struct catalog_index	*idx;		/* lookups by code (catalog_index.c), made on demand */
};

#define CATALOG_MAX_METRICS	10000	/* metrics in one catalog file */

void	catalog_init(struct catalog *c);
void	catalog_release(struct catalog *c);

/*
** Read and check the catalog YAML at `path`. On success fill *out and return 0; otherwise
** add every problem to `d` (with FILE:LINE:COL) and return -1, leaving *out empty.
*/
int	catalog_load_file(const char *path, struct catalog *out, struct diags *d);

/*
** Lookups; NULL when absent; the first entry with the code when there are several. Large
** catalogs are looked up through hash tables made on first use and kept up to date as
** entries are appended; an entry's code must not be changed in place once looked up (remove
** entries, so that the count falls, and the tables are made again).
*/
const struct metric *catalog_metric(const struct catalog *c, const char *code);
const struct department *catalog_dept(const struct catalog *c, const char *code);
const struct program *catalog_program(const struct catalog *c, const char *code);

/* The target in force for period `p` (latest `from` whose first day <= p's first day), or NULL. */
const struct target *catalog_target_for(const struct metric *m, const struct period *p, int fy_start);

/* Sort m's targets by the first day of `from` (fiscal years start in month fy_start), oldest first. */
void	catalog_sort_targets(struct metric *m, int fy_start);

/*
** The range a figure of m may take, and where each end comes from, for messages: the catalog's
** min: and max: when given, else what the unit implies: a percentage 0..100, a ratio 0..1, a
** count (any other non-empty unit but a currency) at least 0; no bound is -HUGE_VAL/HUGE_VAL.
** *why_lo / *why_hi say why: "the min: the catalog gives it", "a percentage lies within 0..100".
*/
void	catalog_bounds(const struct metric *m, double *lo, double *hi, const char **why_lo,
	    const char **why_hi);
/*
** 0 when v lies within catalog_bounds(m); else 1 with what is wrong in buf (n bytes): "value
** 150 is above 100, the most for metric 'x' in % (a percentage lies within 0..100)". Figures
** entered, imported and computed and the catalog's targets are all held to it.
*/
int	catalog_out_of_bounds(const struct metric *m, double v, char *buf, size_t n);

/* The half-width of the target's "near" band in the metric's units (0 without a band). */
double	catalog_tolerance(const struct target *t);

/*
** Describe how `new` differs from `old`, one line per change ("metric 'x': target from
** 2025-07 changed 5 -> 4"), by calling `emit` for each. Returns the number of changes.
*/
size_t	catalog_diff(const struct catalog *old, const struct catalog *new,
	    void (*emit)(void *arg, const char *line), void *arg);
/*
** The changes catalog_diff() reports that take something away: metrics retired, departments,
** programs and datasets removed. Each is emitted as there; returns how many.
*/
size_t	catalog_removals(const struct catalog *old, const struct catalog *new,
	    void (*emit)(void *arg, const char *line), void *arg);

/* ---- datasets and compute blocks (stat/catalog_compute.c) ---- */

const struct dataset *catalog_dataset(const struct catalog *c, const char *name);
const struct ds_column *catalog_column(const struct dataset *d, const char *name);
void	catalog_dataset_release(struct dataset *d);
void	catalog_compute_free(struct compute *k);
/* 1 when two datasets / compute blocks say the same (NULLs equal only each other). */
int	catalog_dataset_equal(const struct dataset *a, const struct dataset *b);
int	catalog_compute_equal(const struct compute *a, const struct compute *b);
/* Report dataset additions, changes and removals (only removals) as catalog_diff() does; the count. */
size_t	catalog_diff_datasets(const struct catalog *old, const struct catalog *new,
	    void (*emit)(void *arg, const char *line), void *arg, int only_removed);

const char *catalog_measure_name(enum measure m);
int	catalog_measure_parse(const char *s, enum measure *out);
const char *catalog_col_type_name(enum col_type t);
int	catalog_col_type_parse(const char *s, enum col_type *out);
const char *catalog_filter_op_name(enum filter_op op);
int	catalog_filter_op_parse(const char *s, enum filter_op *out);
/* Measures that are counts give 0 for a period with no records; the others give no figure. */
int	catalog_measure_is_count(enum measure m);

/* ---- geographies (stat/catalog_geo.c) ---- */

const struct geography *catalog_geography(const struct catalog *c, const char *name);
/* The geography metric m's breakdown column points at, with its link; NULL when none. */
const struct geography *catalog_metric_geography(const struct catalog *c, const struct metric *m,
	    const struct geo_link **link);
/* The version in force for period p (the latest from on or before p's first day), or NULL. */
const struct geo_version *catalog_geo_version(const struct geography *g, const struct period *p,
	    int fy_start);
/* A group by name, or NULL. */
const struct geo_group *catalog_geo_group(const struct geography *g, const char *name);
/*
** The area id a record value stands for under link l (prefix stripped, leading zeros of a
** number dropped: "NYCC02" -> "2"), in buf; "" when it stands for none.
*/
const char *catalog_geo_area_id(const struct geo_link *l, const char *value, char *buf, size_t n);
void	catalog_geo_release(struct catalog *c);
/*
** A share_in_group block's group: its area ids and the prefix of the link from its dataset's
** area column (borrowed). 0, or -1 when the column names no geography or it has no such group.
*/
int	catalog_geo_group_of(const struct catalog *c, const struct compute *k,
	    const struct geo_group **g, const char **prefix);

/* Geography changes as catalog_diff() reports them (only the removals: geographies removed). */
size_t	catalog_diff_geos(const struct catalog *old, const struct catalog *new,
	    void (*emit)(void *arg, const char *line), void *arg, int only_removed);

/* ---- ratio metrics (stat/catalog_ratio.c) ---- */

void	catalog_ratio_free(struct ratio *r);
int	catalog_ratio_equal(const struct ratio *a, const struct ratio *b);	/* NULLs equal */

/* Names for enums, and their parsers (0 on success, -1 for an unknown name). */
const char *catalog_direction_name(enum direction d);
const char *catalog_rollup_name(enum rollup r);
int	catalog_direction_parse(const char *s, enum direction *out);
int	catalog_rollup_parse(const char *s, enum rollup *out);

#endif
