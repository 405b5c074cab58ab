/*
** test_num.c: number parsing and formatting, table-driven.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/err.h"
#include "kpistat/num.h"

/* What a bad value is told it may look like: 89% only where a '%' is taken. */
#define GENERIC	"expected a number such as 4.2, 1,234 or $2,920,000"
#define GENERIC_PCT	"expected a number such as 4.2, 1,234, 89% or $2,920,000"
#define COMMAS	"thousands separators must group three digits"

static void
test_parse_ok(void **state)
{
	static const struct {
		const char *in;
		enum num_pct pct;
		double	 want;
	} t[] = {
		{ "0", NUM_PCT_REJECT, 0 },
		{ "4.2", NUM_PCT_REJECT, 4.2 },
		{ "-4.2", NUM_PCT_REJECT, -4.2 },
		{ "+4.2", NUM_PCT_REJECT, 4.2 },
		{ "1,234", NUM_PCT_REJECT, 1234 },
		{ "12,345.67", NUM_PCT_REJECT, 12345.67 },
		{ "1,234,567", NUM_PCT_REJECT, 1234567 },
		{ "999,999", NUM_PCT_REJECT, 999999 },
		{ "1234567", NUM_PCT_REJECT, 1234567 },
		{ "$2,920,000", NUM_PCT_REJECT, 2920000 },
		{ "-$5", NUM_PCT_REJECT, -5 },
		{ "$-5", NUM_PCT_REJECT, -5 },
		{ "$0.99", NUM_PCT_REJECT, 0.99 },
		{ "\xE2\x82\xAC" "1,000", NUM_PCT_REJECT, 1000 },
		{ "\xC2\xA3" "7", NUM_PCT_REJECT, 7 },
		{ "1e3", NUM_PCT_REJECT, 1000 },
		{ "2.5E-2", NUM_PCT_REJECT, 0.025 },
		{ "1e+2", NUM_PCT_REJECT, 100 },
		{ ".5", NUM_PCT_REJECT, 0.5 },
		{ "5.", NUM_PCT_REJECT, 5 },
		{ "-.5", NUM_PCT_REJECT, -0.5 },
		{ "  7 ", NUM_PCT_REJECT, 7 },
		{ "\t7\t", NUM_PCT_REJECT, 7 },
		{ "007", NUM_PCT_REJECT, 7 },
		{ "0.1", NUM_PCT_REJECT, 0.1 },
		{ "89%", NUM_PCT_POINTS, 89 },
		{ "89", NUM_PCT_POINTS, 89 },
		{ "89.5%", NUM_PCT_POINTS, 89.5 },
		{ "89%", NUM_PCT_FRACTION, 0.89 },
		{ "12.34%", NUM_PCT_FRACTION, 0.1234 },
		{ "0.89", NUM_PCT_FRACTION, 0.89 },
		{ "-3%", NUM_PCT_FRACTION, -0.03 },
		{ "1,234%", NUM_PCT_FRACTION, 12.34 },
		{ "1e2%", NUM_PCT_FRACTION, 1 },
		{ "1e15", NUM_PCT_REJECT, 1e15 },
		{ "-1,000,000,000,000,000", NUM_PCT_REJECT, -1e15 },
		{ "0e-400", NUM_PCT_REJECT, 0 },
		{ "2.3e-308", NUM_PCT_REJECT, 2.3e-308 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct kp_err e;
		double v = -12345;

		err_clear(&e);
		if (num_parse(t[i].in, t[i].pct, "x", &v, &e) != 0)
			fail_msg("'%s': rejected: %s", t[i].in, e.msg);
		/* Exact: the cleaned text goes through strtod, so 12.34% is 0.1234's double. */
		if (v != t[i].want)
			fail_msg("'%s': got %.17g, want %.17g", t[i].in, v, t[i].want);
	}
}

static void
test_parse_bad(void **state)
{
	static const struct {
		const char *in;
		enum num_pct pct;
		const char *unit;
		const char *msg;	/* the whole message */
	} t[] = {
		{ "", NUM_PCT_REJECT, NULL, "empty value: " GENERIC },
		{ "   ", NUM_PCT_REJECT, NULL, "empty value: " GENERIC },
		{ "abc", NUM_PCT_REJECT, NULL, "bad value 'abc': " GENERIC },
		{ "nan", NUM_PCT_REJECT, NULL, "bad value 'nan': " GENERIC },
		{ "NaN", NUM_PCT_REJECT, NULL, "bad value 'NaN': " GENERIC },
		{ "inf", NUM_PCT_REJECT, NULL, "bad value 'inf': " GENERIC },
		{ "-Infinity", NUM_PCT_REJECT, NULL, "bad value '-Infinity': " GENERIC },
		{ "0x10", NUM_PCT_REJECT, NULL, "bad value '0x10': " GENERIC },
		{ "1 234", NUM_PCT_REJECT, NULL, "bad value '1 234': " GENERIC },
		{ "4.2.1", NUM_PCT_REJECT, NULL, "bad value '4.2.1': " GENERIC },
		{ ".", NUM_PCT_REJECT, NULL, "bad value '.': " GENERIC },
		{ "-", NUM_PCT_REJECT, NULL, "bad value '-': " GENERIC },
		{ "$", NUM_PCT_REJECT, NULL, "bad value '$': " GENERIC },
		{ "--5", NUM_PCT_REJECT, NULL, "bad value '--5': " GENERIC },
		{ "-$-5", NUM_PCT_REJECT, NULL, "bad value '-$-5': " GENERIC },
		{ "5$", NUM_PCT_REJECT, NULL, "bad value '5$': " GENERIC },
		{ "1e", NUM_PCT_REJECT, NULL, "bad value '1e': " GENERIC },
		{ "1e+", NUM_PCT_REJECT, NULL, "bad value '1e+': " GENERIC },
		{ "e5", NUM_PCT_REJECT, NULL, "bad value 'e5': " GENERIC },
		{ "12abc", NUM_PCT_REJECT, NULL, "bad value '12abc': " GENERIC },
		{ "(5)", NUM_PCT_REJECT, NULL, "bad value '(5)': " GENERIC },
		{ "5%%", NUM_PCT_POINTS, NULL, "bad value '5%%': " GENERIC_PCT },
		{ "$5%", NUM_PCT_POINTS, NULL, "bad value '$5%': " GENERIC_PCT },
		{ "x", NUM_PCT_FRACTION, NULL, "bad value 'x': " GENERIC_PCT },
		{ "", NUM_PCT_POINTS, NULL, "empty value: " GENERIC_PCT },
		{ "1.5,000", NUM_PCT_REJECT, NULL, "bad value '1.5,000': " GENERIC },
		{ "1,23", NUM_PCT_REJECT, NULL, "bad value '1,23': " COMMAS },
		{ ",123", NUM_PCT_REJECT, NULL, "bad value ',123': " COMMAS },
		{ "1,2345", NUM_PCT_REJECT, NULL, "bad value '1,2345': " COMMAS },
		{ "1234,567", NUM_PCT_REJECT, NULL, "bad value '1234,567': " COMMAS },
		{ "1,", NUM_PCT_REJECT, NULL, "bad value '1,': " COMMAS },
		{ "1,,234", NUM_PCT_REJECT, NULL, "bad value '1,,234': " COMMAS },
		{ "0,5", NUM_PCT_REJECT, NULL, "bad value '0,5': " COMMAS },
		{ "0,500", NUM_PCT_REJECT, NULL, "bad value '0,500': " COMMAS },
		{ "1e400", NUM_PCT_REJECT, NULL, "bad value '1e400': out of range" },
		{ "-1e99999999999999999999", NUM_PCT_REJECT, NULL, "bad value '-1e99999999999999999999': out of range" },
		{ "1.7976931348623157e308", NUM_PCT_REJECT, NULL, "bad value '1.7976931348623157e308': "
		  "out of range: kpistat takes numbers up to 1e15 in size" },
		{ "-9.2e18", NUM_PCT_REJECT, NULL, "bad value '-9.2e18': out of range" },
		{ "1,000,000,000,000,001", NUM_PCT_REJECT, NULL, "bad value '1,000,000,000,000,001': out of range" },
		{ "1e-400", NUM_PCT_REJECT, NULL, "bad value '1e-400': too close to zero to be kept "
		  "(below 2.2e-308): give the figure in a larger unit or as 0" },
		{ "4e-320", NUM_PCT_REJECT, NULL, "bad value '4e-320': too close to zero" },
		{ "89%", NUM_PCT_REJECT, "days",
		  "bad value '89%': a percentage is not accepted for a metric measured in 'days'" },
		{ "89%", NUM_PCT_REJECT, NULL, "bad value '89%': a percentage is not accepted for this metric" },
		{ "a\x1b[31m", NUM_PCT_REJECT, NULL, "bad value 'a?[31m': " GENERIC },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct kp_err e;
		double v = 42;

		err_clear(&e);
		if (num_parse(t[i].in, t[i].pct, t[i].unit, &v, &e) != -1)
			fail_msg("'%s': accepted as %g", t[i].in, v);
		assert_true(v == 42);			/* not written on failure */
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.where, "");
		if (strncmp(e.msg, t[i].msg, strlen(t[i].msg)) != 0)
			fail_msg("'%s': got '%s'", t[i].in, e.msg);
	}
}

/* A very long bad value is quoted back shortened, not cut inside a UTF-8 character. */
/* --decimal-comma: ',' and '.' swap roles; the messages say so. */
static void
test_parse_decimal_comma(void **state)
{
	struct kp_err e;
	double v;

	(void)state;
	assert_int_equal(num_parse_dc("4,2", NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == 4.2);
	assert_int_equal(num_parse_dc("1.234.567,89", NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == 1234567.89);
	assert_int_equal(num_parse_dc("89,5%", NUM_PCT_POINTS, NULL, &v, &e), 0);
	assert_true(v == 89.5);
	assert_int_equal(num_parse_dc("-\xE2\x82\xAC" "2.920.000", NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == -2920000);
	assert_int_equal(num_parse_dc("1 234 567,5", NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == 1234567.5);
	assert_int_equal(num_parse_dc("12\xC2\xA0" "345", NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == 12345);
	assert_int_equal(num_parse_dc("1\xE2\x80\xAF" "000,25", NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == 1000.25);
	assert_int_equal(num_parse_dc("1 23", NUM_PCT_REJECT, NULL, &v, &e), -1);
	assert_int_equal(num_parse("1 234", NUM_PCT_REJECT, NULL, &v, &e), -1);	/* not without --decimal-comma */
	assert_int_equal(num_parse_dc("4.5", NUM_PCT_REJECT, NULL, &v, &e), -1);
	assert_string_equal(e.msg, "bad value '4.5': thousands separators must group three digits: "
	    "write 1.234.567 or 1234567, with a comma for decimals (4,25), as --decimal-comma reads");
	assert_int_equal(num_parse_dc("x", NUM_PCT_REJECT, NULL, &v, &e), -1);
	assert_string_equal(e.msg, "bad value 'x': expected a number such as 4,2, 1.234 or "
	    "2.920.000 (decimal comma)");
	assert_int_equal(num_parse_dc("x", NUM_PCT_POINTS, NULL, &v, &e), -1);
	assert_string_equal(e.msg, "bad value 'x': expected a number such as 4,2, 1.234, 89% or "
	    "2.920.000 (decimal comma)");
	assert_int_equal(num_parse_dc("1e16", NUM_PCT_REJECT, NULL, &v, &e), -1);
	assert_non_null(strstr(e.msg, "out of range"));
}

static void
test_parse_long(void **state)
{
	char in[300], want[80];
	struct kp_err e;
	double v;

	(void)state;
	memset(in, '9', sizeof in);
	memcpy(in + 59, "\xC3\xA9", 2);	/* 'é' across the 60-byte cut */
	in[sizeof in - 1] = '\0';
	assert_int_equal(num_parse(in, NUM_PCT_REJECT, NULL, &v, &e), -1);
	snprintf(want, sizeof want, "bad value '%.59s...'", in);
	assert_true(strncmp(e.msg, want, strlen(want)) == 0);
	/* A long but valid number (longer than the stack buffer) parses. */
	memset(in, '0', 200);
	strcpy(in + 200, "1.5");
	assert_int_equal(num_parse(in, NUM_PCT_REJECT, NULL, &v, &e), 0);
	assert_true(v == 1.5);
	assert_int_equal(num_parse(NULL, NUM_PCT_REJECT, NULL, &v, NULL), -1);
}

static void
test_pct_for_unit(void **state)
{
	(void)state;
	assert_int_equal(num_pct_for_unit("%"), NUM_PCT_POINTS);
	assert_int_equal(num_pct_for_unit("percent"), NUM_PCT_POINTS);
	assert_int_equal(num_pct_for_unit("Percent"), NUM_PCT_POINTS);
	assert_int_equal(num_pct_for_unit("pct"), NUM_PCT_POINTS);
	assert_int_equal(num_pct_for_unit("ratio"), NUM_PCT_FRACTION);
	assert_int_equal(num_pct_for_unit("fraction"), NUM_PCT_FRACTION);
	assert_int_equal(num_pct_for_unit("proportion"), NUM_PCT_FRACTION);
	assert_int_equal(num_pct_for_unit("days"), NUM_PCT_REJECT);
	assert_int_equal(num_pct_for_unit(""), NUM_PCT_REJECT);
	assert_int_equal(num_pct_for_unit(NULL), NUM_PCT_REJECT);
}

static void
test_format(void **state)
{
	static const struct {
		double	 v;
		int	 dec;
		const char *want;
	} t[] = {
		{ 0, 0, "0" }, { 1, 0, "1" }, { 999, 0, "999" }, { 1000, 0, "1,000" },
		{ 1234.5, 1, "1,234.5" }, { 1234.5, 0, "1,234" }, { 1235.5, 0, "1,236" },
		{ 12345.678, 2, "12,345.68" }, { 123456, 0, "123,456" }, { 1234567, 0, "1,234,567" },
		{ -1234567.891, 3, "-1,234,567.891" }, { -999, 0, "-999" }, { -1000, 0, "-1,000" },
		{ -0.0, 2, "0.00" }, { -0.001, 2, "0.00" }, { -0.004, 0, "0" }, { -0.5, 1, "-0.5" },
		{ 0.5, 12, "0.500000000" }, { 7, -3, "7" }, { 1e21, 0, "1,000,000,000,000,000,000,000" },
		{ NAN, 2, "nan" }, { INFINITY, 0, "inf" }, { -INFINITY, 0, "-inf" },
	};
	char buf[64], big[512], tiny[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		num_format(t[i].v, t[i].dec, buf, sizeof buf);
		if (strcmp(buf, t[i].want) != 0)
			fail_msg("num_format(%g, %d): '%s', want '%s'", t[i].v, t[i].dec, buf, t[i].want);
	}
	/* The largest double, with all its commas, fits a big enough buffer... */
	num_format(-1.7976931348623157e308, 9, big, sizeof big);
	assert_int_equal(strlen(big), 1 + 309 + 102 + 10);
	/* ...and a small buffer is truncated, not overrun. */
	assert_string_equal(num_format(1234567, 0, tiny, sizeof tiny), "1,2");
	assert_ptr_equal(num_format(1, 0, tiny, 0), tiny);
}

static void
test_format_exact(void **state)
{
	static const struct {
		double	 v;
		const char *want;
	} t[] = {
		{ 0, "0" }, { 4.2, "4.2" }, { 0.1, "0.1" }, { 1234567, "1234567" },
		{ 0.1 + 0.2, "0.30000000000000004" }, { 1.0 / 3, "0.3333333333333333" },
		{ 1e300, "1e+300" }, { -2.5, "-2.5" }, { 5e-324, "4.94065645841247e-324" }, { 0.1 + 0.7, "0.7999999999999999" },
	};
	char buf[40];
	size_t i;
	unsigned seed = 7;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		num_format_exact(t[i].v, buf, sizeof buf);
		if (strcmp(buf, t[i].want) != 0)
			fail_msg("num_format_exact(%.17g): '%s', want '%s'", t[i].v, buf, t[i].want);
	}
	/* Round trips for many values, and num_parse reads the text back the same. */
	for (i = 0; i < 10000; i++) {
		double v, back;
		struct kp_err e;

		seed = seed * 1103515245 + 12345;
		v = (double)seed / 7.0 * pow(10, (int)(seed % 26) - 20);	/* within NUM_MAX */
		num_format_exact(v, buf, sizeof buf);
		assert_true(strtod(buf, NULL) == v);
		assert_int_equal(num_parse(buf, NUM_PCT_REJECT, NULL, &back, &e), 0);
		assert_true(back == v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_parse_decimal_comma),
		cmocka_unit_test(test_pct_for_unit),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
