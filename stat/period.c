/*
** period.c: parse, format and step reporting periods (see period.h for the forms).
**
** Everything is integer arithmetic on days since 1970-01-01, so there is no I/O, no
** allocation and no dependence on the time zone or locale. Parsing is strict and
** case-sensitive: only upper-case FY, Q and W are accepted, because a period is also a
** key in the store and "2026-q3" must not become a second spelling of "2026-Q3".
*/
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/err.h"
#include "kpistat/period.h"

#define YEAR_MIN	1000
#define YEAR_MAX	9999

static long	floordiv(long a, long b);
static long	floormod(long a, long b);
static int	weekday(long days);
static long	week1_monday(int isoyear);
static int	weeks_in_year(int isoyear);
static int	digits(const char *s, int n);
static int	number(const char *s, int n);

/* C division truncates; periods before 1970 have negative days and need the floor. */
static long
floordiv(long a, long b)
{
	long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static long
floormod(long a, long b)
{
	return a - floordiv(a, b) * b;
}

/* 0 = Monday .. 6 = Sunday, as ISO 8601 counts; 1970-01-01 was a Thursday. */
static int
weekday(long days)
{
	return (int)floormod(days + 3, 7);
}

/* Week 1 of an ISO year is the week that holds 4 January (the first Thursday). */
static long
week1_monday(int isoyear)
{
	long jan4 = period_days_from_civil(isoyear, 1, 4);

	return jan4 - weekday(jan4);
}

/*
** A year has 53 ISO weeks iff it starts on a Thursday, or is a leap year starting on a
** Wednesday: only then does its last Thursday fall in week 53.
*/
static int
weeks_in_year(int isoyear)
{
	int jan1 = weekday(period_days_from_civil(isoyear, 1, 1));
	int leap = (isoyear % 4 == 0 && isoyear % 100 != 0) || isoyear % 400 == 0;

	return (jan1 == 3 || (leap && jan1 == 2)) ? 53 : 52;
}

/* The period of `kind` that contains day `days`. */
struct period
period_of_day(enum period_kind kind, long days, int fy_start)
{
	struct period p = { kind, 0, 0 };
	long thursday;
	int y, m, d;

	switch (kind) {
	case PERIOD_MONTH:
		period_civil_from_days(days, &p.year, &p.n, &d);
		break;
	case PERIOD_QUARTER:
		period_civil_from_days(days, &p.year, &m, &d);
		p.n = (m - 1) / 3 + 1;
		break;
	case PERIOD_WEEK:
		/* A week belongs to the ISO year of its Thursday. */
		thursday = days - weekday(days) + 3;
		period_civil_from_days(thursday, &p.year, &m, &d);
		p.n = (int)((thursday - period_days_from_civil(p.year, 1, 1)) / 7) + 1;
		break;
	case PERIOD_YEAR:
		period_civil_from_days(days, &p.year, &m, &d);
		break;
	case PERIOD_FYEAR:
		assert(fy_start >= 1 && fy_start <= 12);
		period_civil_from_days(days, &y, &m, &d);
		/* Named by the year it ends in: from the start month on, that is next year. */
		p.year = (fy_start > 1 && m >= fy_start) ? y + 1 : y;
		break;
	}
	return p;
}

/* Nonzero when s[0..n-1] are all ASCII digits (isdigit() would follow the locale). */
static int
digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The value of n digits already checked by digits(). */
static int
number(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
** The grammar is small enough to match by length and position, which keeps every
** rejection exact: a string either has one of the five shapes or it gets the message
** listing them. Only then are values range-checked, with a message naming the range.
*/
int
period_parse(const char *s, struct period *out, struct kp_err *e)
{
	struct period p = { PERIOD_YEAR, 0, 0 };
	const char *y = s;
	size_t len;

	if (s == NULL)
		s = y = "";
	len = strlen(s);
	if (len == 6 && s[0] == 'F' && s[1] == 'Y' && digits(s + 2, 4)) {
		p.kind = PERIOD_FYEAR;
		y = s + 2;
	} else if (len == 4 && digits(s, 4)) {
		p.kind = PERIOD_YEAR;
	} else if (len == 7 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2)) {
		p.kind = PERIOD_MONTH;
		p.n = number(s + 5, 2);
	} else if (len == 7 && digits(s, 4) && s[4] == '-' && s[5] == 'Q' && digits(s + 6, 1)) {
		p.kind = PERIOD_QUARTER;
		p.n = number(s + 6, 1);
	} else if (len == 8 && digits(s, 4) && s[4] == '-' && s[5] == 'W' && digits(s + 6, 2)) {
		p.kind = PERIOD_WEEK;
		p.n = number(s + 6, 2);
	} else {
		return err_set(e, KP_DATA, "", "bad period '%s': expected a month (2026-10), "
		    "quarter (2026-Q3), ISO week (2026-W43), year (2026) or fiscal year (FY2026)", s);
	}
	p.year = number(y, 4);

	/* The year first: in '0999-13' the year is the mistake to fix before the month. */
	if (p.year < YEAR_MIN)
		return err_set(e, KP_DATA, "", "bad period '%s': year must be %d..%d", s,
		    YEAR_MIN, YEAR_MAX);
	if (p.kind == PERIOD_MONTH && (p.n < 1 || p.n > 12))
		return err_set(e, KP_DATA, "", "bad period '%s': month must be 01..12", s);
	if (p.kind == PERIOD_QUARTER && (p.n < 1 || p.n > 4))
		return err_set(e, KP_DATA, "", "bad period '%s': quarter must be 1..4", s);
	if (p.kind == PERIOD_WEEK) {
		int nweeks = weeks_in_year(p.year);

		if (p.n < 1)
			return err_set(e, KP_DATA, "", "bad period '%s': week must be 01..%d",
			    s, nweeks);
		if (p.n > nweeks)
			return err_set(e, KP_DATA, "", "bad period '%s': %d has %d ISO weeks",
			    s, p.year, nweeks);
	}
	*out = p;
	return 0;
}

/*
** The one spelling a period is stored and shown under. PERIOD_STRLEN covers every valid
** period; snprintf keeps an out-of-range one (a bug) from overrunning buf.
*/
char *
period_format(const struct period *p, char *buf)
{
	switch (p->kind) {
	case PERIOD_MONTH:
		snprintf(buf, PERIOD_STRLEN, "%04d-%02d", p->year, p->n);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, PERIOD_STRLEN, "%04d-Q%d", p->year, p->n);
		break;
	case PERIOD_WEEK:
		snprintf(buf, PERIOD_STRLEN, "%04d-W%02d", p->year, p->n);
		break;
	case PERIOD_YEAR:
		snprintf(buf, PERIOD_STRLEN, "%04d", p->year);
		break;
	case PERIOD_FYEAR:
		snprintf(buf, PERIOD_STRLEN, "FY%04d", p->year);
		break;
	default:
		snprintf(buf, PERIOD_STRLEN, "?");
		break;
	}
	return buf;
}

/*
** Consecutive periods get consecutive keys, so stepping and counting gaps is subtraction.
** Weeks are keyed by their Monday because ISO years have 52 or 53 weeks.
*/
long
period_key(const struct period *p)
{
	switch (p->kind) {
	case PERIOD_MONTH:
		return (long)p->year * 12 + p->n - 1;
	case PERIOD_QUARTER:
		return (long)p->year * 4 + p->n - 1;
	case PERIOD_WEEK:
		return floordiv(week1_monday(p->year) + 7L * (p->n - 1), 7);
	case PERIOD_YEAR:
	case PERIOD_FYEAR:
		break;
	}
	return p->year;
}

/* The inverse of period_key() for one kind. */
struct period
period_from_key(enum period_kind kind, long key)
{
	struct period p = { kind, 0, 0 };

	switch (kind) {
	case PERIOD_MONTH:
		p.year = (int)floordiv(key, 12);
		p.n = (int)floormod(key, 12) + 1;
		break;
	case PERIOD_QUARTER:
		p.year = (int)floordiv(key, 4);
		p.n = (int)floormod(key, 4) + 1;
		break;
	case PERIOD_WEEK:
		/* Mondays are the days congruent to 4 mod 7 (1970-01-05 is day 4). */
		p = period_of_day(PERIOD_WEEK, key * 7 + 4, 1);
		break;
	case PERIOD_YEAR:
	case PERIOD_FYEAR:
		p.year = (int)key;
		break;
	}
	return p;
}

/* Step through keys, so that year boundaries (and week 53) need no special case. */
struct period
period_add(const struct period *p, long k)
{
	return period_from_key(p->kind, period_key(p) + k);
}

/* Weeks say 52: the usual span for "the last year of weeks", though some years have 53. */
int
period_per_year(enum period_kind kind)
{
	switch (kind) {
	case PERIOD_MONTH:
		return 12;
	case PERIOD_QUARTER:
		return 4;
	case PERIOD_WEEK:
		return 52;
	case PERIOD_YEAR:
	case PERIOD_FYEAR:
		break;
	}
	return 1;
}

/*
** For year-over-year comparison: the same label a year earlier, not 52 weeks earlier,
** so W10 compares with W10. A week 53 maps to week 52 when last year had no week 53.
*/
struct period
period_year_ago(const struct period *p)
{
	struct period q = *p;

	q.year--;
	if (q.kind == PERIOD_WEEK && q.n > weeks_in_year(q.year))
		q.n = weeks_in_year(q.year);
	return q;
}

/* First day of `p`; only fiscal years depend on fy_start. */
long
period_first_day(const struct period *p, int fy_start)
{
	switch (p->kind) {
	case PERIOD_MONTH:
		return period_days_from_civil(p->year, p->n, 1);
	case PERIOD_QUARTER:
		return period_days_from_civil(p->year, (p->n - 1) * 3 + 1, 1);
	case PERIOD_WEEK:
		return week1_monday(p->year) + 7L * (p->n - 1);
	case PERIOD_YEAR:
		return period_days_from_civil(p->year, 1, 1);
	case PERIOD_FYEAR:
		assert(fy_start >= 1 && fy_start <= 12);
		/* FY2026 starting in July began in 2025; starting in January, in 2026. */
		return period_days_from_civil(fy_start > 1 ? p->year - 1 : p->year, fy_start, 1);
	}
	return 0;
}

/* Last day of `p`: the day before the next period starts, so month lengths come free. */
long
period_last_day(const struct period *p, int fy_start)
{
	struct period next = period_add(p, 1);

	return period_first_day(&next, fy_start) - 1;
}

/*
** Take the period of `kind` holding ref's last day; if it runs past that day it is not
** complete yet, and the one before it is the answer.
*/
struct period
period_last_complete(enum period_kind kind, const struct period *ref, int fy_start)
{
	long last;
	struct period p;

	if (ref->kind == kind)
		return *ref;
	last = period_last_day(ref, fy_start);
	p = period_of_day(kind, last, fy_start);
	if (period_last_day(&p, fy_start) > last)
		p = period_add(&p, -1);
	return p;
}

/*
** Howard Hinnant's days_from_civil: count from 1 March of year 0 in 400-year eras of
** 146097 days, so that leap days fall at the end of each shifted year.
*/
long
period_days_from_civil(int y, int m, int d)
{
	long yy = (long)y - (m <= 2);
	long era = floordiv(yy, 400);
	long yoe = yy - era * 400;				/* 0..399 */
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;	/* 0..365 */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */

	return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the inverse of the above. */
void
period_civil_from_days(long days, int *y, int *m, int *d)
{
	long z = days + 719468;
	long era = floordiv(z, 146097);
	long doe = z - era * 146097;				/* 0..146096 */
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;	/* 0..399 */
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* 0..365 */
	long mp = (5 * doy + 2) / 153;				/* 0..11, March first */
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

static const char *const freq_names[] = {
	[FREQ_MONTHLY] = "monthly",
	[FREQ_QUARTERLY] = "quarterly",
	[FREQ_WEEKLY] = "weekly",
	[FREQ_YEARLY] = "yearly",
	[FREQ_FISCAL_YEARLY] = "fiscal_yearly",
};

/* Exact, case-sensitive match of a catalog's `frequency:` value. Returns 0 or -1. */
int
period_freq_parse(const char *s, enum period_freq *out)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof freq_names / sizeof freq_names[0]; i++) {
		if (strcmp(s, freq_names[i]) == 0) {
			*out = (enum period_freq)i;
			return 0;
		}
	}
	return -1;
}

/* The catalog spelling of a frequency; "?" for a value outside the enum (a bug). */
const char *
period_freq_name(enum period_freq f)
{
	if ((unsigned)f >= sizeof freq_names / sizeof freq_names[0])
		return "?";
	return freq_names[f];
}

/* The enums run in parallel; the switch keeps that from being an accident of order. */
enum period_kind
period_freq_kind(enum period_freq f)
{
	switch (f) {
	case FREQ_MONTHLY:
		return PERIOD_MONTH;
	case FREQ_QUARTERLY:
		return PERIOD_QUARTER;
	case FREQ_WEEKLY:
		return PERIOD_WEEK;
	case FREQ_YEARLY:
		return PERIOD_YEAR;
	case FREQ_FISCAL_YEARLY:
		break;
	}
	return PERIOD_FYEAR;
}

/* Indexed by enum period_kind. */
static const struct {
	const char *name;	/* a noun for messages: "reported by month" */
	const char *example;	/* the form, ending a message with what would be accepted */
} kinds[] = {
	[PERIOD_MONTH] = { "month", "YYYY-MM (e.g. 2026-10)" },
	[PERIOD_QUARTER] = { "quarter", "YYYY-Qn (e.g. 2026-Q3)" },
	[PERIOD_WEEK] = { "week", "YYYY-Wnn (e.g. 2026-W43)" },
	[PERIOD_YEAR] = { "year", "YYYY (e.g. 2026)" },
	[PERIOD_FYEAR] = { "fiscal year", "FY and the year it ends (e.g. FY2026)" },
};

/* "month", "quarter", "week", "year" or "fiscal year"; "?" outside the enum (a bug). */
const char *
period_kind_name(enum period_kind k)
{
	if ((unsigned)k >= sizeof kinds / sizeof kinds[0])
		return "?";
	return kinds[k].name;
}

/* "YYYY-MM (e.g. 2026-10)" and so on; "?" outside the enum (a bug). */
const char *
period_kind_example(enum period_kind k)
{
	if ((unsigned)k >= sizeof kinds / sizeof kinds[0])
		return "?";
	return kinds[k].example;
}
