/*
** period: the reporting periods figures belong to, as plain values (no allocation, no I/O).
**
** Forms (strict, ISO-like):  2026-10 (month)   2026-Q3 (quarter)   2026-W43 (ISO 8601 week)
**                            2026 (calendar year)   FY2026 (fiscal year)
** A fiscal year is named by the calendar year in which it ends: with fiscal_year_start = 7
** (July, as in Tulsa and Baltimore), FY2026 runs 2025-07-01 .. 2026-06-30. With a start of 1,
** FY2026 is the calendar year 2026. The start month is a catalog setting, passed in wherever
** dates are needed; parsing and formatting do not depend on it.
**
** Days are counted as days since 1970-01-01 (proleptic Gregorian), so that date arithmetic
** is integer arithmetic.
*/
#ifndef KPISTAT_PERIOD_H
#define KPISTAT_PERIOD_H

#include <stddef.h>

#include "kpistat/err.h"

enum period_kind {
	PERIOD_MONTH,		/* n = 1..12 */
	PERIOD_QUARTER,		/* n = 1..4 */
	PERIOD_WEEK,		/* n = 1..52 or 53 (ISO week-numbering year) */
	PERIOD_YEAR,		/* n = 0 */
	PERIOD_FYEAR		/* n = 0; year = the calendar year the fiscal year ends in */
};

/* How often a metric is reported; decides which period forms it accepts. */
enum period_freq {
	FREQ_MONTHLY,		/* accepts months */
	FREQ_QUARTERLY,		/* accepts quarters */
	FREQ_WEEKLY,		/* accepts ISO weeks */
	FREQ_YEARLY,		/* accepts calendar years */
	FREQ_FISCAL_YEARLY	/* accepts fiscal years */
};

struct period {
	enum period_kind kind;	/* which form */
	int	year;		/* 1000..9999 (ISO week-numbering year for weeks) */
	int	n;		/* month, quarter or week number; 0 for years */
};

#define PERIOD_STRLEN	16	/* enough for any formatted period plus the NUL */

/*
** Parse `s` (the whole string, no surrounding space) into *out. On failure fill `e`
** (code KP_DATA, empty `where`) with the exact text, for example:
**   bad period '2026-13': month must be 01..12
**   bad period '2026-W54': 2026 has 53 ISO weeks         (or "... has 52 ISO weeks")
**   bad period '26-10': expected a month (2026-10), quarter (2026-Q3), ISO week
**                       (2026-W43), year (2026) or fiscal year (FY2026)
** Months and weeks need two digits (2026-1 and 2026-W5 are rejected), quarters one.
** *out is written only on success. Returns 0 or -1.
*/
int	period_parse(const char *s, struct period *out, struct kp_err *e);

/* Write the canonical text of `p` into buf (at least PERIOD_STRLEN bytes). Returns buf. */
char	*period_format(const struct period *p, char *buf);

/*
** A totally ordered integer for periods of one kind: consecutive periods differ by 1
** (months: year*12 + n-1; quarters: year*4 + n-1; weeks: days of the week's Monday / 7;
** years and fiscal years: year). period_from_key() is its inverse for a given kind.
*/
long	period_key(const struct period *p);
struct period period_from_key(enum period_kind kind, long key);

/* The period `k` steps after `p` (k may be negative), of the same kind. */
struct period period_add(const struct period *p, long k);

/* How many periods of this kind make a year: 12, 4, 52 (weeks: see period_year_ago), 1, 1. */
int	period_per_year(enum period_kind kind);

/* The same period a year before: month/quarter/year minus one year; week W of year-1 (W53 -> W52 when year-1 has 52). */
struct period period_year_ago(const struct period *p);

/* First and last day of `p` as days since 1970-01-01 (fiscal years need fy_start, 1..12). */
long	period_first_day(const struct period *p, int fy_start);
long	period_last_day(const struct period *p, int fy_start);

/*
** The latest period of `kind` that ends on or before the last day of `ref`: the month, quarter,
** week or year a status for `ref` should show for a metric reported at that frequency. For a
** reference month 2026-10: quarter 2026-Q3, year 2025, week 2026-W43 (the last ISO week whose
** Sunday is on or before 2026-10-31), fiscal year FY2026 when fy_start = 7 (ended 2026-06-30).
** A `ref` of the same kind is returned unchanged.
*/
struct period period_last_complete(enum period_kind kind, const struct period *ref, int fy_start);

/* The period of `kind` that holds day `days` (since 1970-01-01); fiscal years need fy_start. */
struct period period_of_day(enum period_kind kind, long days, int fy_start);

/* Days since 1970-01-01 <-> calendar date. */
long	period_days_from_civil(int y, int m, int d);
void	period_civil_from_days(long days, int *y, int *m, int *d);

/* Frequency names: "monthly", "quarterly", "weekly", "yearly", "fiscal_yearly". */
int	period_freq_parse(const char *s, enum period_freq *out);
const char *period_freq_name(enum period_freq f);
enum period_kind period_freq_kind(enum period_freq f);	/* the one kind a frequency accepts */
const char *period_kind_name(enum period_kind k);	/* "month", "quarter", "week", "year", "fiscal year" */
const char *period_kind_example(enum period_kind k);	/* "YYYY-MM (e.g. 2026-10)", ... for messages */

#endif
