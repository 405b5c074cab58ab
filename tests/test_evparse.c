/*
** test_evparse.c: typed fields of raw records: dates strict to the calendar (2023-02-30 and
** 31/12/2023 under ISO are errors with the exact text), custom formats, date-times with
** offsets and zones, whole numbers, numbers, durations, format checks; the many malformed
** date-times (cut short, junk, out of range), each with its exact message.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kpistat/evparse.h"
#include "kpistat/period.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

static long
day(int y, int m, int d)
{
	return period_days_from_civil(y, m, d);
}

static void
test_evparse_dates(void **state)
{
	static const struct {
		const char *in, *fmt;
		int y, m, d;		/* 0: an error with message `msg` */
		const char *msg;
	} cases[] = {
		{ "2024-02-29", NULL, 2024, 2, 29, NULL },
		{ "1970-01-01", NULL, 1970, 1, 1, NULL },
		{ "9999-12-31", NULL, 9999, 12, 31, NULL },
		{ "2023-02-30", NULL, 0, 0, 0, "bad date '2023-02-30': February 2023 has 28 days" },
		{ "2023-04-31", NULL, 0, 0, 0, "bad date '2023-04-31': April 2023 has 30 days" },
		{ "1900-02-29", NULL, 0, 0, 0, "bad date '1900-02-29': February 1900 has 28 days" },
		{ "31/12/2023", NULL, 0, 0, 0, "bad date '31/12/2023': expected YYYY-MM-DD (ISO 8601)" },
		{ "2023-1-05", NULL, 0, 0, 0, "bad date '2023-1-05': expected YYYY-MM-DD (ISO 8601)" },
		{ "2023-01-05T10:00", NULL, 0, 0, 0,
		  "bad date '2023-01-05T10:00': expected YYYY-MM-DD (ISO 8601)" },
		{ "2023-13-01", NULL, 0, 0, 0, "bad date '2023-13-01': month must be 01..12" },
		{ "2023-00-10", NULL, 0, 0, 0, "bad date '2023-00-10': month must be 01..12" },
		{ "2023-01-00", NULL, 0, 0, 0, "bad date '2023-01-00': January 2023 has 31 days" },
		{ "0999-01-01", NULL, 0, 0, 0, "bad date '0999-01-01': the year must be 1000..9999 "
		  "(add the text to the dataset's null_values if it means 'no date')" },
		{ " 2023-01-05", NULL, 0, 0, 0,
		  "bad date ' 2023-01-05': expected YYYY-MM-DD (ISO 8601)" },
		{ "31/12/2023", "%d/%m/%Y", 2023, 12, 31, NULL },
		{ "1/2/2023", "%d/%m/%Y", 2023, 2, 1, NULL },
		{ "3/7/2024", "%m/%d/%Y", 2024, 3, 7, NULL },
		{ "2023-12-31", "%d/%m/%Y", 0, 0, 0, "bad date '2023-12-31': expected %d/%m/%Y" },
		{ "30/02/2023", "%d/%m/%Y", 0, 0, 0, "bad date '30/02/2023': February 2023 has 28 days" },
		{ "31/12/2023x", "%d/%m/%Y", 0, 0, 0, "bad date '31/12/2023x': expected %d/%m/%Y" },
		{ "12-Mar-2024", "%d-%b-%Y", 2024, 3, 12, NULL },
		{ "12-mar-2024", "%d-%b-%Y", 2024, 3, 12, NULL },
		{ "12-Mrz-2024", "%d-%b-%Y", 0, 0, 0, "bad date '12-Mrz-2024': expected %d-%b-%Y" },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct kp_err e;
		long out = -1;
		int rc = evp_date(cases[i].in, strlen(cases[i].in), cases[i].fmt, &out, &e);

		if (cases[i].y) {
			if (rc != 0)
				fail_msg("%s: %s", cases[i].in, e.msg);
			assert_int_equal(out, day(cases[i].y, cases[i].m, cases[i].d));
		} else {
			if (rc != -1)
				fail_msg("%s: accepted", cases[i].in);
			assert_int_equal(e.code, KP_DATA);
			assert_string_equal(e.msg, cases[i].msg);
		}
	}
}

static void
test_evparse_datetimes(void **state)
{
	struct evp_zone utc, minus6, chicago;
	static const struct {
		const char *in, *fmt;
		int zone;		/* 0 UTC, 1 -06:00, 2 America/Chicago */
		int ok;
		long long want;		/* seconds since 1970 on the zone's wall clock */
	} cases[] = {
		{ "2024-03-01T10:20:30", NULL, 0, 1, 0 },
		{ "2024-03-01 10:20", NULL, 0, 1, 0 },
		{ "2024-03-01", NULL, 0, 1, 0 },
		{ "2024-03-01T10:20:30.123", NULL, 0, 1, 0 },
		{ "2024-03-01T10:20:30Z", NULL, 1, 1, 0 },	/* 04:20:30 at -06:00 */
		{ "2024-03-01T10:20:30+01:00", NULL, 0, 1, 0 },	/* 09:20:30 UTC */
		{ "2024-03-01T10:20:30-0500", NULL, 0, 1, 0 },	/* 15:20:30 UTC */
		{ "2024-07-01T12:00:00Z", NULL, 2, 1, 0 },	/* 07:00 CDT */
		{ "2024-01-15T12:00:00Z", NULL, 2, 1, 0 },	/* 06:00 CST */
		{ "03/01/2024 10:20 PM", "%m/%d/%Y %I:%M %p", 0, 1, 0 },
		{ "03/01/2024 12:05 AM", "%m/%d/%Y %I:%M %p", 0, 1, 0 },
		{ "2024-03-01T24:00:00", NULL, 0, 0, 0 },
		{ "2024-03-01T10:60", NULL, 0, 0, 0 },
		{ "2024-03-01T10", NULL, 0, 0, 0 },
		{ "2024-03-01T10:20:30+25:00", NULL, 0, 0, 0 },
		{ "03/01/2024 13:05 PM", "%m/%d/%Y %I:%M %p", 0, 0, 0 },
	};
	long long want[NELEM(cases)];
	long long d0 = (long long)day(2024, 3, 1) * 86400;

	(void)state;
	assert_int_equal(evp_zone_parse("UTC", &utc, NULL), 0);
	assert_int_equal(evp_zone_parse("-06:00", &minus6, NULL), 0);
	assert_int_equal(minus6.offset, -6 * 3600);
	assert_int_equal(evp_zone_parse("America/Chicago", &chicago, NULL), 0);
	assert_int_equal(chicago.fixed, 0);
	want[0] = d0 + 10 * 3600 + 20 * 60 + 30;
	want[1] = d0 + 10 * 3600 + 20 * 60;
	want[2] = d0;
	want[3] = want[0];
	want[4] = d0 + 4 * 3600 + 20 * 60 + 30;
	want[5] = d0 + 9 * 3600 + 20 * 60 + 30;
	want[6] = d0 + 15 * 3600 + 20 * 60 + 30;
	want[7] = (long long)day(2024, 7, 1) * 86400 + 7 * 3600;
	want[8] = (long long)day(2024, 1, 15) * 86400 + 6 * 3600;
	want[9] = d0 + 22 * 3600 + 20 * 60;
	want[10] = d0 + 5 * 60;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const struct evp_zone *z = cases[i].zone == 0 ? &utc : cases[i].zone == 1 ? &minus6 :
		    &chicago;
		struct kp_err e;
		long long out = 0;
		int rc = evp_datetime(cases[i].in, strlen(cases[i].in), cases[i].fmt, z, &out, &e);

		if (cases[i].ok && rc != 0)
			fail_msg("%s: %s", cases[i].in, e.msg);
		if (!cases[i].ok && rc == 0)
			fail_msg("%s: accepted as %lld", cases[i].in, out);
		if (cases[i].ok && out != want[i])
			fail_msg("%s: %lld, want %lld", cases[i].in, out, want[i]);
	}
}

static void
test_evparse_numbers(void **state)
{
	struct kp_err e;
	long long ll;
	double d;

	(void)state;
	assert_int_equal(evp_integer("42", 2, &ll, &e), 0);
	assert_int_equal(ll, 42);
	assert_int_equal(evp_integer("-7", 2, &ll, &e), 0);
	assert_int_equal(ll, -7);
	assert_int_equal(evp_integer("9223372036854775807", 19, &ll, &e), 0);
	assert_int_equal(evp_integer("-9223372036854775808", 20, &ll, &e), 0);
	assert_int_equal(evp_integer("9223372036854775808", 19, &ll, &e), -1);
	assert_string_equal(e.msg, "whole number '9223372036854775808' is too large");
	assert_int_equal(evp_integer("12.0", 4, &ll, &e), -1);
	assert_string_equal(e.msg, "bad whole number '12.0': expected digits only, such as 42 or -7 "
	    "(no separators or decimals)");
	assert_int_equal(evp_integer("-", 1, &ll, &e), -1);
	assert_int_equal(evp_number("3.25", 4, &d, &e), 0);
	assert_true(d == 3.25);
	assert_int_equal(evp_number("-1e3", 4, &d, &e), 0);
	assert_true(d == -1000);
	assert_int_equal(evp_number("1,234.5", 7, &d, &e), 0);
	assert_true(d == 1234.5);
	assert_int_equal(evp_number("nan", 3, &d, &e), -1);
	assert_int_equal(evp_number("1e", 2, &d, &e), -1);
	assert_int_equal(evp_number("5%", 2, &d, &e), -1);
}

static void
test_evparse_formats_and_zones(void **state)
{
	struct kp_err e;
	struct evp_zone z;

	(void)state;
	assert_int_equal(evp_format_check("%d/%m/%Y", 0, &e), 0);
	assert_int_equal(evp_format_check("%m/%d/%Y %I:%M %p", 1, &e), 0);
	assert_int_equal(evp_format_check("%Y-%m-%d %H:%M:%S%z", 1, &e), 0);
	assert_int_equal(evp_format_check("%d/%m", 0, &e), -1);
	assert_string_equal(e.msg, "bad format '%d/%m': a date needs %Y, %m (or %b) and %d");
	assert_int_equal(evp_format_check("%Y-%m-%d %H", 0, &e), -1);
	assert_int_equal(evp_format_check("%Y-%m-%d", 1, &e), -1);
	assert_int_equal(evp_format_check("%Y-%m-%d %I:%M", 1, &e), -1);
	assert_int_equal(evp_format_check("%Y-%m-%d %q", 0, &e), -1);
	assert_int_equal(evp_format_check("%Y-%Y-%m-%d", 0, &e), -1);
	assert_int_equal(evp_zone_parse("+05:30", &z, &e), 0);
	assert_int_equal(z.offset, 5 * 3600 + 30 * 60);
	assert_int_equal(evp_zone_parse("Europe/Nowhere", &z, &e), -1);
	assert_string_equal(e.msg, "unknown time zone 'Europe/Nowhere': expected UTC, an offset such "
	    "as +01:00, or a zone name such as America/Chicago");
	assert_int_equal(evp_zone_parse("../etc/passwd", &z, &e), -1);
}

static void
test_evparse_durations(void **state)
{
	double s;

	(void)state;
	assert_int_equal(evp_duration("5 days", NULL, &s), 0);
	assert_true(s == 5 * 86400);
	assert_int_equal(evp_duration("4 hours", NULL, &s), 0);
	assert_true(s == 4 * 3600);
	assert_int_equal(evp_duration("30", "minutes", &s), 0);
	assert_true(s == 1800);
	assert_int_equal(evp_duration("1.5 day", NULL, &s), 0);
	assert_true(s == 1.5 * 86400);
	assert_int_equal(evp_duration("5 weeks", NULL, &s), -1);
	assert_int_equal(evp_duration("-5 days", NULL, &s), -1);
	assert_int_equal(evp_duration("days", NULL, &s), -1);
}

static void
test_evparse_format_back(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(evp_format_date(day(2024, 2, 29), buf, sizeof buf), "2024-02-29");
	assert_string_equal(evp_format_datetime((long long)day(1969, 12, 31) * 86400 + 3661, buf,
	    sizeof buf), "1969-12-31T01:01:01");
	assert_string_equal(evp_format_datetime(-1, buf, sizeof buf), "1969-12-31T23:59:59");
}

/*
** The many ways a date-time can be malformed, each with the exact message: ISO shapes cut
** short or with junk, custom formats (%S, %f, %z, %%, %p, %b) that do not match, and
** out-of-range parts that do match the shape.
*/
static void
test_evparse_malformed(void **state)
{
	static const char iso[] = "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (ISO 8601)";
	static const char time_range[] = "the time must be 00:00:00..23:59:59";
	static const char *const fz = "%Y-%m-%d %H:%M:%S.%f%z";
	static const char *const f12 = "%m/%d/%Y %I:%M %p";
	static const struct {
		const char *in, *fmt;
		const char *why;	/* after "bad date-time 'IN': "; NULL: expected FMT */
	} cases[] = {
		{ "2024-03-01T", NULL, iso },
		{ "2024-03-01 ", NULL, iso },
		{ "2024-03-01X10:20", NULL, iso },
		{ "2024-03-01T10-20", NULL, iso },
		{ "2024-03-01T10:2", NULL, iso },
		{ "2024-03-01T10:20:", NULL, iso },
		{ "2024-03-01T10:20:3", NULL, iso },
		{ "2024-03-01T10:20:30.", NULL, iso },
		{ "2024-03-01T10:20:30,x", NULL, iso },
		{ "2024-03-01T10:20:30Zjunk", NULL, iso },
		{ "2024-03-01T10:20:30+1", NULL, iso },
		{ "2024-03-01T10:20:30+01:7", NULL, iso },
		{ "2024-03-01T10:20:30+01:60", NULL, iso },
		{ "2024-03-01T10:20:30+01:", NULL, iso },
		{ "2024-03-01T10:20:30*01", NULL, iso },
		{ "20240-03-01", NULL, iso },
		{ "2024-03", NULL, iso },
		{ "2024-03-01T10:60", NULL, time_range },
		{ "2024-03-01T10:20:60", NULL, time_range },
		{ "2024-03-01T24:00:00", NULL, time_range },
		{ "2024-03-01 10:20:3.5+01:00", fz, NULL },
		{ "2024-03-01 10:20:30.+01:00", fz, NULL },
		{ "2024-03-01 10:20:30.5", fz, NULL },
		{ "2024-03-01 10:20:30.5+01:00x", fz, NULL },
		{ "2024-03-01 10:61:30.5Z", fz, time_range },
		{ "2024-03-01 :20:30.5Z", fz, NULL },
		{ "2024-03-01 10:2:30.5Z", fz, NULL },
		{ "03/01/2024 10:05 XM", f12, NULL },
		{ "03/01/2024 10:05 A", f12, NULL },
		{ "03/01/2024 00:05 AM", f12, NULL },
		{ "03/01/2024 :05 AM", f12, NULL },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct evp_zone utc;
		struct kp_err e;
		long long out = 0;
		char want[256];

		assert_int_equal(evp_zone_parse("UTC", &utc, NULL), 0);
		snprintf(want, sizeof want, "bad date-time '%s': %s%s", cases[i].in,
		    cases[i].why ? "" : "expected ", cases[i].why ? cases[i].why : cases[i].fmt);
		if (evp_datetime(cases[i].in, strlen(cases[i].in), cases[i].fmt, &utc, &out, &e) == 0)
			fail_msg("%s: accepted as %lld", cases[i].in, out);
		assert_int_equal(e.code, KP_DATA);
		if (strcmp(e.msg, want) != 0)
			fail_msg("%s: '%s', want '%s'", cases[i].in, e.msg, want);
	}
}

/* Custom formats that do match: seconds, fractions, offsets and a literal percent sign. */
static void
test_evparse_custom_parts(void **state)
{
	struct evp_zone utc;
	struct kp_err e;
	long long t;
	long d;
	long long d0 = (long long)day(2024, 3, 1) * 86400;

	(void)state;
	assert_int_equal(evp_zone_parse("UTC", &utc, NULL), 0);
	/* 10:20:30 at +01:00 is 09:20:30 UTC; 9:20:30 Z the same with a one-digit hour */
	assert_int_equal(evp_datetime("2024-03-01 10:20:30.5+01:00", 27, "%Y-%m-%d %H:%M:%S.%f%z",
	    &utc, &t, &e), 0);
	assert_int_equal(t, d0 + 9 * 3600 + 20 * 60 + 30);
	assert_int_equal(evp_datetime("2024-03-01 9:20:30.123456789Z", 29, "%Y-%m-%d %H:%M:%S.%f%z",
	    &utc, &t, &e), 0);
	assert_int_equal(t, d0 + 9 * 3600 + 20 * 60 + 30);
	/* 12 PM is noon, 12 AM midnight, 1 PM 13:00 */
	assert_int_equal(evp_datetime("03/01/2024 12:00 pm", 19, "%m/%d/%Y %I:%M %p", &utc, &t, &e),
	    0);
	assert_int_equal(t, d0 + 12 * 3600);
	assert_int_equal(evp_datetime("03/01/2024 1:00 PM", 18, "%m/%d/%Y %I:%M %p", &utc, &t, &e), 0);
	assert_int_equal(t, d0 + 13 * 3600);
	assert_int_equal(evp_date("2024%03%01", 10, "%Y%%%m%%%d", &d, &e), 0);
	assert_int_equal(d, day(2024, 3, 1));
	assert_int_equal(evp_date("2024%03", 7, "%Y%%%m%%%d", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '2024%03': expected %Y%%%m%%%d");
	assert_int_equal(evp_date("2024-03-01", 10, "%Y%%%m%%%d", &d, &e), -1);
	assert_int_equal(evp_date("12-Ma", 5, "%d-%b-%Y", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '12-Ma': expected %d-%b-%Y");
	assert_int_equal(evp_date("12-Dec-2024", 11, "%d-%b-%Y", &d, &e), 0);
	assert_int_equal(d, day(2024, 12, 12));
	assert_int_equal(evp_date("1/2/203", 7, "%d/%m/%Y", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '1/2/203': expected %d/%m/%Y");
	assert_int_equal(evp_date("/2/2023", 7, "%d/%m/%Y", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '/2/2023': expected %d/%m/%Y");
	assert_int_equal(evp_date("1//2023", 7, "%d/%m/%Y", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '1//2023': expected %d/%m/%Y");
	assert_int_equal(evp_date("1/2/0999", 8, "%d/%m/%Y", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '1/2/0999': the year must be 1000..9999 (add the text "
	    "to the dataset's null_values if it means 'no date')");
	assert_int_equal(evp_date("1/13/2023", 9, "%d/%m/%Y", &d, &e), -1);
	assert_string_equal(e.msg, "bad date '1/13/2023': month must be 01..12");
	/* a long text is quoted by its first 60 characters */
	{
		char in[80], want[160];

		memset(in, '7', 70);
		in[70] = '\0';
		snprintf(want, sizeof want, "bad date '%.60s': expected YYYY-MM-DD (ISO 8601)", in);
		assert_int_equal(evp_date(in, 70, NULL, &d, &e), -1);
		assert_string_equal(e.msg, want);
	}
}

/* Number edges: signs, empty text, over-long text, decimal comma, each with its message. */
static void
test_evparse_number_edges(void **state)
{
	struct kp_err e;
	long long ll;
	double d;
	char longnum[70];

	(void)state;
	assert_int_equal(evp_integer("+5", 2, &ll, &e), 0);
	assert_int_equal(ll, 5);
	assert_int_equal(evp_integer("", 0, &ll, &e), -1);
	assert_string_equal(e.msg, "bad whole number '': expected digits such as 42 or -7");
	assert_int_equal(evp_integer("-", 1, &ll, &e), -1);
	assert_string_equal(e.msg, "bad whole number '-': expected digits such as 42 or -7");
	assert_int_equal(evp_integer("-9223372036854775809", 20, &ll, &e), -1);
	assert_string_equal(e.msg, "whole number '-9223372036854775809' is too large");
	assert_int_equal(evp_integer("-9223372036854775808", 20, &ll, &e), 0);
	assert_true(ll == INT64_MIN);
	memset(longnum, '1', sizeof longnum - 1);
	longnum[sizeof longnum - 1] = '\0';
	assert_int_equal(evp_number(longnum, 69, &d, &e), -1);
	assert_string_equal(e.msg, "bad number '1111111111111111111111111111111111111111...': too "
	    "long");
	assert_int_equal(evp_number_dc(longnum, 69, &d, &e), -1);
	assert_string_equal(e.msg, "bad number '1111111111111111111111111111111111111111...': too "
	    "long");
	assert_int_equal(evp_number_dc("1.234,5", 7, &d, &e), 0);
	assert_true(d == 1234.5);
	assert_int_equal(evp_number_dc("3,25", 4, &d, &e), 0);
	assert_true(d == 3.25);
	assert_int_equal(evp_number("0", 1, &d, &e), 0);
	assert_true(d == 0);
	/* what the fast path leaves to num_parse: its messages come through unchanged */
	assert_int_equal(evp_number("", 0, &d, &e), -1);
	assert_string_equal(e.msg, "empty value: expected a number such as 4.2, 1,234 or "
	    "$2,920,000");
	assert_int_equal(evp_number("1e999", 5, &d, &e), -1);
	assert_string_equal(e.msg, "bad value '1e999': out of range: kpistat takes numbers up to "
	    "1e15 in size (a thousand trillion), past which a double no longer holds every whole "
	    "number");
	assert_int_equal(evp_number("1e-400", 6, &d, &e), -1);
	assert_string_equal(e.msg, "bad value '1e-400': too close to zero to be kept (below "
	    "2.2e-308): give the figure in a larger unit or as 0");
	assert_int_equal(evp_number("1.", 2, &d, &e), 0);	/* num_parse takes a bare point */
	assert_true(d == 1);
}

/* Zones and format refusals, each with the message that says what would be accepted. */
static void
test_evparse_zone_and_format_refusals(void **state)
{
	static const struct {
		const char *fmt;
		int datetime;
		const char *why;
	} bad[] = {
		{ "%Y-%m-%d %", 0, "'% ' is not known; use %Y %m %d %b %H %I %M %S %f %p %z or %%" },
		{ "%Y-%m-%d %q", 0, "'%q' is not known; use %Y %m %d %b %H %I %M %S %f %p %z or %%" },
		{ "%Y-%Y-%m-%d", 0, "'%Y' appears twice" },
		{ "%Y-%b-%m-%d", 0, "a date needs %Y, %m (or %b) and %d" },
		{ "%m-%d", 0, "a date needs %Y, %m (or %b) and %d" },
		{ "%Y-%m", 0, "a date needs %Y, %m (or %b) and %d" },
		{ "%Y-%m-%d %H:%M", 0, "a date format has no time; declare the column as datetime" },
		{ "%Y-%m-%dT%z", 0, "a date format has no time; declare the column as datetime" },
		{ "%Y-%m-%d %I:%M", 1, "use %I together with %p (3:15 PM), or %H alone (15:15)" },
		{ "%Y-%m-%d %H:%M %p", 1, "use %I together with %p (3:15 PM), or %H alone (15:15)" },
		{ "%Y-%m-%d %H %I %p", 1, "use %I together with %p (3:15 PM), or %H alone (15:15)" },
		{ "%Y-%m-%d", 1, "a date-time format needs %H (or %I with %p)" },
	};
	struct evp_zone z;
	struct kp_err e;
	char want[200], longname[80];

	(void)state;
	for (size_t i = 0; i < NELEM(bad); i++) {
		snprintf(want, sizeof want, "bad format '%s': %s", bad[i].fmt, bad[i].why);
		assert_int_equal(evp_format_check(bad[i].fmt, bad[i].datetime, &e), -1);
		assert_string_equal(e.msg, want);
	}
	assert_int_equal(evp_format_check("%Y%%%m%%%d", 0, &e), 0);
	assert_int_equal(evp_format_check("%d-%b-%Y %H:%M:%S.%f", 1, &e), 0);

	assert_int_equal(evp_zone_parse("GMT", &z, &e), 0);
	assert_true(z.fixed && z.offset == 0);
	assert_int_equal(evp_zone_parse("Z", &z, &e), 0);
	assert_true(z.fixed && z.offset == 0);
	assert_int_equal(evp_zone_parse("-0330", &z, &e), 0);
	assert_int_equal(z.offset, -(3 * 3600 + 30 * 60));
	assert_int_equal(evp_zone_parse("+05", &z, &e), 0);
	assert_int_equal(z.offset, 5 * 3600);
	/* not an offset nor a zone name: the message names the three accepted forms */
	for (const char *const *s = (const char *const[]){ "+05:30x", "+05:", "+19:00", "/etc/passwd",
	    "America/../Chicago", "America Chicago", NULL }; *s; s++) {
		snprintf(want, sizeof want, "unknown time zone '%s': expected UTC, an offset such as "
		    "+01:00, or a zone name such as America/Chicago", *s);
		if (evp_zone_parse(*s, &z, &e) == 0)
			fail_msg("%s: accepted", *s);
		assert_string_equal(e.msg, want);
	}
	memset(longname, 'A', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(evp_zone_parse(longname, &z, &e), -1);
}

/* Duration units, singular and plural, the default unit, and refusals. */
static void
test_evparse_duration_units(void **state)
{
	double s;

	(void)state;
	assert_int_equal(evp_duration("2 seconds", NULL, &s), 0);
	assert_true(s == 2);
	assert_int_equal(evp_duration("1 second", NULL, &s), 0);
	assert_true(s == 1);
	assert_int_equal(evp_duration("1 hour", NULL, &s), 0);
	assert_true(s == 3600);
	assert_int_equal(evp_duration("3 minute", NULL, &s), 0);
	assert_true(s == 180);
	assert_int_equal(evp_duration("10", "second", &s), 0);
	assert_true(s == 10);
	assert_int_equal(evp_duration("5", NULL, &s), 0);
	assert_true(s == 5 * 86400);
	assert_int_equal(evp_duration("1e999 days", NULL, &s), -1);
	assert_int_equal(evp_duration(".5 days", NULL, &s), -1);
	assert_int_equal(evp_duration("5", "fortnights", &s), -1);
	assert_true(evp_unit_seconds("Days") == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evparse_dates),
		cmocka_unit_test(test_evparse_datetimes),
		cmocka_unit_test(test_evparse_numbers),
		cmocka_unit_test(test_evparse_formats_and_zones),
		cmocka_unit_test(test_evparse_durations),
		cmocka_unit_test(test_evparse_format_back),
		cmocka_unit_test(test_evparse_malformed),
		cmocka_unit_test(test_evparse_custom_parts),
		cmocka_unit_test(test_evparse_number_edges),
		cmocka_unit_test(test_evparse_zone_and_format_refusals),
		cmocka_unit_test(test_evparse_duration_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
