/*
** test_period.c: parsing, formatting, stepping and dating of reporting periods.
**
** Fixed cases come from the calendar (checked against Python's datetime); the sweeps
** compare with glibc's gmtime_r()/strftime("%G-W%V"), an implementation we did not write.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kpistat/err.h"
#include "kpistat/period.h"

/* Parse a period the test knows to be good. */
static struct period
P(const char *s)
{
	struct period p;
	struct kp_err e;

	err_clear(&e);
	if (period_parse(s, &p, &e) != 0)
		fail_msg("period_parse('%s'): %s", s, e.msg);
	return p;
}

static long
D(int y, int m, int d)
{
	return period_days_from_civil(y, m, d);
}

static void
assert_period(const struct period *p, const char *want)
{
	char buf[PERIOD_STRLEN];

	assert_string_equal(period_format(p, buf), want);
}

static void
assert_day(long days, int y, int m, int d)
{
	int yy, mm, dd;

	period_civil_from_days(days, &yy, &mm, &dd);
	assert_int_equal(yy, y);
	assert_int_equal(mm, m);
	assert_int_equal(dd, d);
}

/* strftime() of a day since 1970, in UTC. */
static void
day_text(long days, const char *fmt, char *buf, size_t n)
{
	time_t t = (time_t)days * 86400;
	struct tm tm;

	assert_non_null(gmtime_r(&t, &tm));
	assert_true(strftime(buf, n, fmt, &tm) > 0);
}

static void
test_period_parses_good_forms(void **state)
{
	static const struct {
		const char *in;
		enum period_kind kind;
		int year, n;
	} cases[] = {
		{ "2026-10", PERIOD_MONTH, 2026, 10 },
		{ "2026-01", PERIOD_MONTH, 2026, 1 },
		{ "2026-12", PERIOD_MONTH, 2026, 12 },
		{ "1000-01", PERIOD_MONTH, 1000, 1 },
		{ "9999-12", PERIOD_MONTH, 9999, 12 },
		{ "2026-Q1", PERIOD_QUARTER, 2026, 1 },
		{ "2026-Q3", PERIOD_QUARTER, 2026, 3 },
		{ "2026-Q4", PERIOD_QUARTER, 2026, 4 },
		{ "2026-W01", PERIOD_WEEK, 2026, 1 },
		{ "2026-W43", PERIOD_WEEK, 2026, 43 },
		{ "2026-W53", PERIOD_WEEK, 2026, 53 },
		{ "2020-W53", PERIOD_WEEK, 2020, 53 },
		{ "2004-W53", PERIOD_WEEK, 2004, 53 },
		{ "2025-W52", PERIOD_WEEK, 2025, 52 },
		{ "2026", PERIOD_YEAR, 2026, 0 },
		{ "1000", PERIOD_YEAR, 1000, 0 },
		{ "9999", PERIOD_YEAR, 9999, 0 },
		{ "FY2026", PERIOD_FYEAR, 2026, 0 },
		{ "FY1000", PERIOD_FYEAR, 1000, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period p = { PERIOD_YEAR, -1, -1 };
		struct kp_err e;

		err_clear(&e);
		if (period_parse(cases[i].in, &p, &e) != 0)
			fail_msg("'%s' rejected: %s", cases[i].in, e.msg);
		assert_int_equal(p.kind, cases[i].kind);
		assert_int_equal(p.year, cases[i].year);
		assert_int_equal(p.n, cases[i].n);
		assert_int_equal(e.code, KP_OK);
		/* Every good case is canonical, so formatting gives the input back. */
		assert_period(&p, cases[i].in);
	}
}

#define EXPECTED "expected a month (2026-10), quarter (2026-Q3), ISO week (2026-W43), year (2026) or fiscal year (FY2026)"

static void
test_period_rejects_bad_forms(void **state)
{
	static const struct {
		const char *in;
		const char *why;	/* the message after "bad period '<in>': " */
	} cases[] = {
		{ "2026-13", "month must be 01..12" },
		{ "2026-00", "month must be 01..12" },
		{ "2026-99", "month must be 01..12" },
		{ "2026-W54", "2026 has 53 ISO weeks" },
		{ "2026-W99", "2026 has 53 ISO weeks" },
		{ "2025-W53", "2025 has 52 ISO weeks" },
		{ "2021-W53", "2021 has 52 ISO weeks" },
		{ "2026-W00", "week must be 01..53" },
		{ "2025-W00", "week must be 01..52" },
		{ "2026-Q5", "quarter must be 1..4" },
		{ "2026-Q0", "quarter must be 1..4" },
		{ "2026-Q9", "quarter must be 1..4" },
		{ "0999", "year must be 1000..9999" },
		{ "0999-12", "year must be 1000..9999" },
		{ "0000-W01", "year must be 1000..9999" },
		{ "0500-Q1", "year must be 1000..9999" },
		{ "FY0999", "year must be 1000..9999" },
		{ "26-10", EXPECTED },
		{ "2026-1", EXPECTED },
		{ "2026-W5", EXPECTED },
		{ "2026-Q03", EXPECTED },
		{ "2026-Q", EXPECTED },
		{ "2026-W", EXPECTED },
		{ "2026-", EXPECTED },
		{ "2026-10-01", EXPECTED },
		{ "", EXPECTED },
		{ " 2026-10", EXPECTED },
		{ "2026-10 ", EXPECTED },
		{ "2026-10\n", EXPECTED },
		{ "2026/10", EXPECTED },
		{ "+026-10", EXPECTED },
		{ "-026-10", EXPECTED },
		{ "2026-1a", EXPECTED },
		{ "10000", EXPECTED },
		{ "10000-01", EXPECTED },
		{ "202", EXPECTED },
		{ "FY26", EXPECTED },
		{ "FY", EXPECTED },
		{ "FY20266", EXPECTED },
		{ "FY 2026", EXPECTED },
		{ "FY2026-10", EXPECTED },
		{ "fy2026", EXPECTED },
		{ "Fy2026", EXPECTED },
		{ "2026-q3", EXPECTED },
		{ "2026-w43", EXPECTED },
		{ "2026Q3", EXPECTED },
		{ "2026-M10", EXPECTED },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period p = { PERIOD_MONTH, 1234, 5 };
		struct kp_err e;
		char want[1024];

		err_clear(&e);
		snprintf(want, sizeof want, "bad period '%s': %s", cases[i].in, cases[i].why);
		if (period_parse(cases[i].in, &p, &e) != -1)
			fail_msg("'%s' accepted", cases[i].in);
		assert_string_equal(e.msg, want);
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.where, "");
		/* *out is written only on success. */
		assert_int_equal(p.kind, PERIOD_MONTH);
		assert_int_equal(p.year, 1234);
		assert_int_equal(p.n, 5);
	}
	/* A NULL kp_err is allowed and just loses the message. */
	assert_int_equal(period_parse("2026-13", NULL, NULL), -1);
}

/* Every month, quarter and week of 1000..9999 formats and parses back to itself. */
static void
test_period_round_trips_every_period(void **state)
{
	static const enum period_kind kinds[] = {
		PERIOD_MONTH, PERIOD_QUARTER, PERIOD_WEEK, PERIOD_YEAR, PERIOD_FYEAR,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct period p = { kinds[i], 1000, kinds[i] >= PERIOD_YEAR ? 0 : 1 };
		struct period q;
		long key = period_key(&p), last = 0;
		char buf[PERIOD_STRLEN];

		for (; p.year <= 9999; p = period_from_key(kinds[i], ++key)) {
			if (period_parse(period_format(&p, buf), &q, NULL) != 0)
				fail_msg("'%s' does not parse", buf);
			assert_int_equal(q.kind, p.kind);
			assert_int_equal(q.year, p.year);
			assert_int_equal(q.n, p.n);
			assert_int_equal(period_key(&q), key);
			last = key;
		}
		/* The sweep ended on the last period of 9999, not short of it. */
		p = period_from_key(kinds[i], last);
		if (kinds[i] == PERIOD_WEEK)	/* 9999-W52 ends in 10000 */
			assert_int_equal(period_last_day(&p, 1), D(10000, 1, 2));
		else
			assert_int_equal(period_last_day(&p, 1), D(9999, 12, 31));
	}
}

static void
test_period_steps_across_year_ends(void **state)
{
	static const struct {
		const char *from;
		long k;
		const char *to;
	} cases[] = {
		{ "2026-12", 1, "2027-01" },
		{ "2027-01", -1, "2026-12" },
		{ "2026-10", 15, "2028-01" },
		{ "2026-10", -22, "2024-12" },
		{ "2026-10", 0, "2026-10" },
		{ "2026-10", -12 * 1026 - 9, "1000-01" },
		{ "2026-Q4", 1, "2027-Q1" },
		{ "2026-Q1", -1, "2025-Q4" },
		{ "2026-Q3", 10, "2029-Q1" },
		{ "2026-W53", 1, "2027-W01" },
		{ "2027-W01", -1, "2026-W53" },
		{ "2020-W52", 1, "2020-W53" },
		{ "2020-W53", 1, "2021-W01" },
		{ "2021-W01", -1, "2020-W53" },
		{ "2025-W52", 1, "2026-W01" },
		{ "2026-W01", 52, "2026-W53" },
		{ "2026-W01", 53, "2027-W01" },
		{ "2026-W43", -52, "2025-W43" },
		{ "2026", 1, "2027" },
		{ "2026", -26, "2000" },
		{ "FY2026", -1, "FY2025" },
		{ "FY2026", 3, "FY2029" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period p = P(cases[i].from);
		struct period q = period_add(&p, cases[i].k);

		assert_period(&q, cases[i].to);
		/* Keys of consecutive periods differ by one. */
		assert_int_equal(period_key(&q) - period_key(&p), cases[i].k);
	}
	assert_int_equal(period_key(&(struct period){ PERIOD_MONTH, 2026, 10 }), 2026L * 12 + 9);
	assert_int_equal(period_key(&(struct period){ PERIOD_QUARTER, 2026, 3 }), 2026L * 4 + 2);
	assert_int_equal(period_key(&(struct period){ PERIOD_FYEAR, 2026, 0 }), 2026);
	/* Week keys are the Monday's day number / 7, rounded down. */
	assert_int_equal(period_key(&(struct period){ PERIOD_WEEK, 1970, 2 }), D(1970, 1, 5) / 7);
	assert_int_equal(period_key(&(struct period){ PERIOD_WEEK, 1970, 1 }), -1);
	assert_int_equal(period_key(&(struct period){ PERIOD_WEEK, 2026, 43 }), D(2026, 10, 19) / 7);
}

static void
test_period_year_ago(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "2026-10", "2025-10" },
		{ "2026-01", "2025-01" },
		{ "2026-Q1", "2025-Q1" },
		{ "2026-W10", "2025-W10" },
		{ "2026-W52", "2025-W52" },
		{ "2026-W53", "2025-W52" },	/* 2025 has no week 53 */
		{ "2020-W53", "2019-W52" },
		{ "2021-W01", "2020-W01" },
		{ "2026", "2025" },
		{ "FY2026", "FY2025" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period p = P(cases[i].in);
		struct period q = period_year_ago(&p);

		assert_period(&q, cases[i].want);
	}
	assert_int_equal(period_per_year(PERIOD_MONTH), 12);
	assert_int_equal(period_per_year(PERIOD_QUARTER), 4);
	assert_int_equal(period_per_year(PERIOD_WEEK), 52);
	assert_int_equal(period_per_year(PERIOD_YEAR), 1);
	assert_int_equal(period_per_year(PERIOD_FYEAR), 1);
}

static void
test_period_first_and_last_days(void **state)
{
	static const struct {
		const char *in;
		int fy;
		int y0, m0, d0, y1, m1, d1;
	} cases[] = {
		{ "2026-10", 1, 2026, 10, 1, 2026, 10, 31 },
		{ "2026-02", 1, 2026, 2, 1, 2026, 2, 28 },
		{ "2024-02", 1, 2024, 2, 1, 2024, 2, 29 },
		{ "2000-02", 1, 2000, 2, 1, 2000, 2, 29 },	/* divisible by 400 */
		{ "1900-02", 1, 1900, 2, 1, 1900, 2, 28 },	/* by 100 only */
		{ "2026-12", 1, 2026, 12, 1, 2026, 12, 31 },
		{ "2024-Q1", 1, 2024, 1, 1, 2024, 3, 31 },
		{ "2026-Q3", 1, 2026, 7, 1, 2026, 9, 30 },
		{ "2026-Q4", 1, 2026, 10, 1, 2026, 12, 31 },
		{ "2026-W01", 1, 2025, 12, 29, 2026, 1, 4 },
		{ "2026-W43", 1, 2026, 10, 19, 2026, 10, 25 },
		{ "2026-W53", 1, 2026, 12, 28, 2027, 1, 3 },
		{ "2020-W53", 1, 2020, 12, 28, 2021, 1, 3 },
		{ "2027-W01", 1, 2027, 1, 4, 2027, 1, 10 },
		{ "2026", 7, 2026, 1, 1, 2026, 12, 31 },
		{ "FY2026", 7, 2025, 7, 1, 2026, 6, 30 },
		{ "FY2026", 1, 2026, 1, 1, 2026, 12, 31 },
		{ "FY2026", 10, 2025, 10, 1, 2026, 9, 30 },
		{ "FY2026", 12, 2025, 12, 1, 2026, 11, 30 },
		{ "FY2024", 3, 2023, 3, 1, 2024, 2, 29 },
		{ "FY2025", 3, 2024, 3, 1, 2025, 2, 28 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period p = P(cases[i].in);

		assert_day(period_first_day(&p, cases[i].fy), cases[i].y0, cases[i].m0, cases[i].d0);
		assert_day(period_last_day(&p, cases[i].fy), cases[i].y1, cases[i].m1, cases[i].d1);
	}
	assert_int_equal(period_last_day(&(struct period){ PERIOD_YEAR, 2024, 0 }, 1) -
	    period_first_day(&(struct period){ PERIOD_YEAR, 2024, 0 }, 1) + 1, 366);
}

/* Consecutive fiscal years tile the calendar, whatever month they start in. */
static void
test_period_fiscal_years_tile(void **state)
{
	int fy, y;

	(void)state;
	for (fy = 1; fy <= 12; fy++) {
		for (y = 1999; y <= 2030; y++) {
			struct period p = { PERIOD_FYEAR, y, 0 };
			struct period q = { PERIOD_FYEAR, y + 1, 0 };
			long first = period_first_day(&p, fy);
			long last = period_last_day(&p, fy);

			assert_int_equal(period_first_day(&q, fy), last + 1);
			assert_day(first, fy == 1 ? y : y - 1, fy, 1);
			/* A fiscal year ends in the year it is named after. */
			assert_day(last + 1, fy == 1 ? y + 1 : y, fy, 1);
		}
	}
}

static void
test_period_last_complete(void **state)
{
	static const struct {
		const char *ref;
		enum period_kind kind;
		int fy;
		const char *want;
	} cases[] = {
		/* The header's example: reference month 2026-10. */
		{ "2026-10", PERIOD_MONTH, 7, "2026-10" },
		{ "2026-10", PERIOD_QUARTER, 7, "2026-Q3" },
		{ "2026-10", PERIOD_WEEK, 7, "2026-W43" },	/* 10-31 is a Saturday */
		{ "2026-10", PERIOD_YEAR, 7, "2025" },
		{ "2026-10", PERIOD_FYEAR, 7, "FY2026" },
		{ "2026-10", PERIOD_FYEAR, 1, "FY2025" },
		{ "2026-10", PERIOD_FYEAR, 10, "FY2026" },
		{ "2026-10", PERIOD_FYEAR, 11, "FY2026" },	/* ends 2026-10-31 itself */
		{ "2026-10", PERIOD_FYEAR, 12, "FY2025" },
		{ "2026-09", PERIOD_QUARTER, 7, "2026-Q3" },	/* ends with the quarter */
		{ "2026-12", PERIOD_YEAR, 7, "2026" },
		{ "2026-12", PERIOD_WEEK, 7, "2026-W52" },	/* W53 runs to 2027-01-03 */
		{ "2020-12", PERIOD_WEEK, 7, "2020-W52" },
		{ "2021-01", PERIOD_WEEK, 7, "2021-W04" },	/* 01-31 is a Sunday */
		{ "2026-05", PERIOD_WEEK, 7, "2026-W22" },
		/* Quarters as the reference. */
		{ "2026-Q3", PERIOD_MONTH, 7, "2026-09" },
		{ "2026-Q3", PERIOD_WEEK, 7, "2026-W39" },
		{ "2026-Q3", PERIOD_YEAR, 7, "2025" },
		{ "2026-Q3", PERIOD_FYEAR, 7, "FY2026" },
		{ "2026-Q2", PERIOD_FYEAR, 7, "FY2026" },
		{ "2026-Q3", PERIOD_QUARTER, 7, "2026-Q3" },
		/* Weeks as the reference. */
		{ "2026-W01", PERIOD_MONTH, 7, "2025-12" },
		{ "2026-W01", PERIOD_QUARTER, 7, "2025-Q4" },
		{ "2026-W01", PERIOD_YEAR, 7, "2025" },
		{ "2026-W01", PERIOD_FYEAR, 7, "FY2025" },
		{ "2026-W22", PERIOD_MONTH, 7, "2026-05" },	/* ends 2026-05-31 */
		{ "2020-W53", PERIOD_YEAR, 1, "2020" },
		{ "2020-W53", PERIOD_MONTH, 1, "2020-12" },
		{ "2026-W43", PERIOD_WEEK, 7, "2026-W43" },
		/* Calendar years as the reference. */
		{ "2026", PERIOD_MONTH, 7, "2026-12" },
		{ "2026", PERIOD_QUARTER, 7, "2026-Q4" },
		{ "2026", PERIOD_WEEK, 7, "2026-W52" },
		{ "2026", PERIOD_FYEAR, 7, "FY2026" },
		{ "2026", PERIOD_FYEAR, 1, "FY2026" },
		{ "2026", PERIOD_YEAR, 7, "2026" },
		/* Fiscal years as the reference. */
		{ "FY2026", PERIOD_MONTH, 7, "2026-06" },
		{ "FY2026", PERIOD_QUARTER, 7, "2026-Q2" },
		{ "FY2026", PERIOD_WEEK, 7, "2026-W26" },	/* 06-30 is a Tuesday */
		{ "FY2026", PERIOD_YEAR, 7, "2025" },
		{ "FY2026", PERIOD_YEAR, 1, "2026" },
		{ "FY2026", PERIOD_FYEAR, 7, "FY2026" },
		{ "FY2026", PERIOD_FYEAR, 1, "FY2026" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period ref = P(cases[i].ref);
		struct period p = period_last_complete(cases[i].kind, &ref, cases[i].fy);
		char buf[PERIOD_STRLEN];

		if (strcmp(period_format(&p, buf), cases[i].want) != 0)
			fail_msg("last complete %s for %s (fy %d): got %s, want %s",
			    period_kind_name(cases[i].kind), cases[i].ref, cases[i].fy, buf,
			    cases[i].want);
	}
}

static void
test_period_iso_week_edges(void **state)
{
	struct period p;

	(void)state;
	/* 2021-01-03 (a Sunday) belongs to 2020-W53. */
	p = P("2020-W53");
	assert_int_equal(period_last_day(&p, 1), D(2021, 1, 3));
	p = P("2021-W01");
	assert_int_equal(period_first_day(&p, 1), D(2021, 1, 4));
	/* 2026-W01 starts in 2025: ISO 2026 begins on Monday 2025-12-29. */
	p = P("2026-W01");
	assert_int_equal(period_first_day(&p, 1), D(2025, 12, 29));
	/* 53-week years: Jan 1 a Thursday, or a leap year with Jan 1 a Wednesday. */
	assert_int_equal(period_parse("2015-W53", &p, NULL), 0);	/* Thursday */
	assert_int_equal(period_parse("2032-W53", &p, NULL), 0);	/* leap, Thursday */
	assert_int_equal(period_parse("2020-W53", &p, NULL), 0);	/* leap, Wednesday */
	assert_int_equal(period_parse("2014-W53", &p, NULL), -1);	/* Wednesday, not leap */
	assert_int_equal(period_parse("2008-W53", &p, NULL), -1);	/* leap, Tuesday */
}

/* Week numbering and 53-week years agree with glibc's %G-W%V on every day of 1902..2100. */
static void
test_period_weeks_match_strftime(void **state)
{
	struct period p;
	int y, n53 = 0;

	(void)state;
	for (p = P("1902-W01"); p.year <= 2100; p = period_add(&p, 1)) {
		long day = period_first_day(&p, 1);
		char want[32], got[PERIOD_STRLEN];
		int i;

		day_text(day, "%u", want, sizeof want);
		assert_string_equal(want, "1");		/* a Monday */
		assert_int_equal(period_last_day(&p, 1), day + 6);
		period_format(&p, got);
		for (i = 0; i < 7; i++) {
			day_text(day + i, "%G-W%V", want, sizeof want);
			assert_string_equal(got, want);
		}
	}
	for (y = 1902; y <= 2100; y++) {
		char buf[32], w53[16];

		day_text(D(y, 12, 28), "%V", buf, sizeof buf);	/* 28 December is in the last week */
		snprintf(w53, sizeof w53, "%04d-W53", y);
		assert_int_equal(period_parse(w53, &p, NULL) == 0, strcmp(buf, "53") == 0);
	}
	/* 71 of every 400 years have 53 weeks. */
	for (y = 2000; y < 2400; y++) {
		char w53[16];

		snprintf(w53, sizeof w53, "%04d-W53", y);
		n53 += period_parse(w53, &p, NULL) == 0;
	}
	assert_int_equal(n53, 71);
}

static void
test_period_civil_dates(void **state)
{
	long day;
	int y, m, d, py, pm, pd;

	(void)state;
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(D(1969, 12, 31), -1);
	assert_int_equal(D(2000, 3, 1), 11017);
	assert_int_equal(D(2024, 2, 29), 19782);
	assert_int_equal(D(2026, 10, 31), 20757);
	assert_int_equal(D(1000, 1, 1), -354285);
	assert_int_equal(D(9999, 12, 31), 2932896);
	assert_day(-354285, 1000, 1, 1);
	assert_day(11016, 2000, 2, 29);

	/* Every day of 1000..9999 converts back, and each is the day after the one before. */
	period_civil_from_days(D(1000, 1, 1) - 1, &py, &pm, &pd);
	assert_int_equal(py, 999);
	for (day = D(1000, 1, 1); day <= D(9999, 12, 31); day++) {
		period_civil_from_days(day, &y, &m, &d);
		assert_int_equal(D(y, m, d), day);
		if (d != pd + 1)
			assert_true(d == 1 && (m == pm + 1 || (m == 1 && pm == 12 && y == py + 1)));
		py = y, pm = m, pd = d;
	}
	/* And the calendar is glibc's over the range time_t covers here. */
	for (day = D(1901, 12, 14); day <= D(2200, 1, 1); day++) {
		char want[32], got[32];

		period_civil_from_days(day, &y, &m, &d);
		day_text(day, "%Y-%m-%d", want, sizeof want);
		snprintf(got, sizeof got, "%04d-%02d-%02d", y, m, d);
		assert_string_equal(got, want);
	}
}

static void
test_period_freq_names(void **state)
{
	static const struct {
		const char *name;
		enum period_freq f;
		enum period_kind kind;
	} cases[] = {
		{ "monthly", FREQ_MONTHLY, PERIOD_MONTH },
		{ "quarterly", FREQ_QUARTERLY, PERIOD_QUARTER },
		{ "weekly", FREQ_WEEKLY, PERIOD_WEEK },
		{ "yearly", FREQ_YEARLY, PERIOD_YEAR },
		{ "fiscal_yearly", FREQ_FISCAL_YEARLY, PERIOD_FYEAR },
	};
	static const char *const bad[] = {
		"", "Monthly", "MONTHLY", "month", "monthly ", " monthly", "annual",
		"fiscal yearly", "fiscal-yearly", "fiscal_year",
	};
	enum period_freq f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = FREQ_YEARLY;
		assert_int_equal(period_freq_parse(cases[i].name, &f), 0);
		assert_int_equal(f, cases[i].f);
		assert_string_equal(period_freq_name(cases[i].f), cases[i].name);
		assert_int_equal(period_freq_kind(cases[i].f), cases[i].kind);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f = FREQ_WEEKLY;
		assert_int_equal(period_freq_parse(bad[i], &f), -1);
		assert_int_equal(f, FREQ_WEEKLY);	/* untouched */
	}
}

static void
test_period_kind_names(void **state)
{
	static const struct {
		enum period_kind kind;
		const char *name, *example;
	} cases[] = {
		{ PERIOD_MONTH, "month", "YYYY-MM (e.g. 2026-10)" },
		{ PERIOD_QUARTER, "quarter", "YYYY-Qn (e.g. 2026-Q3)" },
		{ PERIOD_WEEK, "week", "YYYY-Wnn (e.g. 2026-W43)" },
		{ PERIOD_YEAR, "year", "YYYY (e.g. 2026)" },
		{ PERIOD_FYEAR, "fiscal year", "FY and the year it ends (e.g. FY2026)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *ex = period_kind_example(cases[i].kind);
		const char *eg = strstr(ex, "e.g. ");
		char sample[PERIOD_STRLEN];
		struct period p;

		assert_string_equal(period_kind_name(cases[i].kind), cases[i].name);
		assert_string_equal(ex, cases[i].example);
		/* The example in the text is a period of that kind. */
		assert_non_null(eg);
		snprintf(sample, sizeof sample, "%.*s", (int)strcspn(eg + 5, ")"), eg + 5);
		assert_int_equal(period_parse(sample, &p, NULL), 0);
		assert_int_equal(p.kind, cases[i].kind);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_parses_good_forms),
		cmocka_unit_test(test_period_rejects_bad_forms),
		cmocka_unit_test(test_period_round_trips_every_period),
		cmocka_unit_test(test_period_steps_across_year_ends),
		cmocka_unit_test(test_period_year_ago),
		cmocka_unit_test(test_period_first_and_last_days),
		cmocka_unit_test(test_period_fiscal_years_tile),
		cmocka_unit_test(test_period_last_complete),
		cmocka_unit_test(test_period_iso_week_edges),
		cmocka_unit_test(test_period_weeks_match_strftime),
		cmocka_unit_test(test_period_civil_dates),
		cmocka_unit_test(test_period_freq_names),
		cmocka_unit_test(test_period_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
