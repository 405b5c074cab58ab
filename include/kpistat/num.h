/*
** num: numbers as people type them into spreadsheets, and numbers printed for people.
**
** num_parse() accepts an optional sign, an optional leading currency sign ($, € or £),
** digits with optional thousands separators (commas in groups of three: 1,234,567), an optional
** decimal part, an optional exponent (1e3) and an optional trailing percent sign; spaces around
** the whole are ignored. It rejects empty text, NaN, inf, hex, misplaced commas (1,23) and
** anything else. What '%' means depends on the metric's unit, passed as `pct`.
*/
#ifndef KPISTAT_NUM_H
#define KPISTAT_NUM_H

#include <stddef.h>

#include "kpistat/err.h"

enum num_pct {
	NUM_PCT_REJECT,		/* a '%' is an error (the unit is days, calls, dollars, ...) */
	NUM_PCT_POINTS,		/* unit "%": 89% and 89 both mean 89 */
	NUM_PCT_FRACTION	/* unit "ratio"/"fraction": 89% means 0.89 */
};

/*
** Parse `s` into *out (written only on success). On failure fill `e` (KP_DATA, empty where):
**   bad value 'abc': expected a number such as 4.2, 1,234, 89% or $2,920,000
**   bad value '1,23': thousands separators must group three digits: ...
**   bad value '89%': a percentage is not accepted for a metric measured in 'days'   (unit given)
** `unit` is used only in messages and may be NULL. Returns 0 or -1.
*/
int	num_parse(const char *s, enum num_pct pct, const char *unit, double *out, struct kp_err *e);

/*
** num_parse() for files with a decimal comma (--decimal-comma): 4,2 and 1.234,5 (',' and '.'
** swap), and 1 234,5 with a space, no-break space or narrow no-break space between thousands.
*/
int	num_parse_dc(const char *s, enum num_pct pct, const char *unit, double *out, struct kp_err *e);

/*
** Largest magnitude any figure or raw-record number may have: 1e15 (a thousand trillion, a
** hundred times a large city's budget in cents), under 2^53, so that every whole number up to
** it is held exactly and sums of a few thousand stay exact to the cent.
*/
#define NUM_MAX	1e15
/*
** 0 when v can be kept: finite, |v| <= NUM_MAX, and not a rounding to zero (or to a subnormal)
** of a number whose digits were not all zero (`nonzero_digits`): "1e-400". Else -1, e filled.
*/
int	num_check_range(double v, int nonzero_digits, struct kp_err *e);

/* The '%' rule for a unit: "%", "percent", "pct" -> POINTS; "ratio", "fraction", "proportion" -> FRACTION; else REJECT. */
enum num_pct num_pct_for_unit(const char *unit);

/*
** Format `v` with `decimals` places (0..9) and thousands separators into buf: 1234.5, 1 -> "1,234.5".
** Negative zero prints as "0". Returns buf.
*/
char	*num_format(double v, int decimals, char *buf, size_t n);

/*
** `v` rounded to 12 significant digits: for differences of stored figures (a gap, a change),
** so that 4.6 - 5 prints as -0.4 and not -0.40000000000000036.
*/
double	num_tidy(double v);

/* Shortest text that reads back as exactly `v` (%.15g, %.16g or %.17g, the first that round-trips). */
char	*num_format_exact(double v, char *buf, size_t n);

#endif
