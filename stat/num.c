/*
** num.c: parse numbers the way people type them into spreadsheets, and print them back.
**
** num_parse() scans the text itself, so that every accepted form is written down here and
** every rejected one gets a message saying what would be accepted; only then does it hand a
** cleaned copy (sign, digits, point, exponent) to strtod(), which does the correctly rounded
** conversion. strtod() alone would accept "nan", "inf", "0x1p3" and leading junk we refuse.
*/
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kpistat/err.h"
#include "kpistat/num.h"
#include "kpistat/xmalloc.h"

/* What a number may look like, by decimal mark and by whether '%' is taken (an example the
** value would be refused for, "89%" for a count of calls, only confused). */
static const char *const examples[2][2] = {
	{ "expected a number such as 4.2, 1,234 or $2,920,000",
	  "expected a number such as 4.2, 1,234, 89% or $2,920,000" },
	{ "expected a number such as 4,2, 1.234 or 2.920.000 (decimal comma)",
	  "expected a number such as 4,2, 1.234, 89% or 2.920.000 (decimal comma)" },
};
#define NUM_EXAMPLES	examples[dc != 0][pct != NUM_PCT_REJECT]
#define NUM_SHOW_MAX	60	/* bytes of a bad value quoted back in a message */
#define NUM_EXP_MAX	100000	/* an exponent past this is out of range anyway */
#define NUM_RANGE_MSG	"out of range: kpistat takes numbers up to 1e15 in size (a thousand " \
	"trillion), past which a double no longer holds every whole number"

static size_t	currency(const char *, const char *);
static size_t	group_sep(const char *, const char *, int);
static void	show(const char *, size_t, char *, size_t);
static int	bad(struct kp_err *, const char *, size_t, const char *);

/* Length of a currency sign at p ($, € or £ in UTF-8), or 0. */
static size_t
currency(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);

	if (n >= 1 && p[0] == '$')
		return 1;
	if (n >= 3 && memcmp(p, "\xE2\x82\xAC", 3) == 0)
		return 3;
	if (n >= 2 && memcmp(p, "\xC2\xA3", 2) == 0)
		return 2;
	return 0;
}

/*
** Length of a thousands separator at p, or 0: ',' (or '.' with a decimal comma, `dc`). With a
** decimal comma, a space, a no-break space (U+00A0) or a narrow one (U+202F) too, as French and
** other European spreadsheets write 1 234,5.
*/
static size_t
group_sep(const char *p, const char *end, int dc)
{
	size_t n = (size_t)(end - p);

	if (n >= 1 && *p == (dc ? '.' : ','))
		return 1;
	if (!dc)
		return 0;
	if (n >= 1 && *p == ' ')
		return 1;
	if (n >= 2 && memcmp(p, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(p, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/*
** Copy the value for quoting in a message: at most NUM_SHOW_MAX bytes, cut on a UTF-8
** character boundary, control characters replaced so that they cannot reach the terminal.
*/
static void
show(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, cut = n;

	if (cut > NUM_SHOW_MAX) {
		cut = NUM_SHOW_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	if (cut + 4 > outsz)
		cut = outsz > 4 ? outsz - 4 : 0;
	for (i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	if (cut < n) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

/* Fail with "bad value 'S': WHY". */
static int
bad(struct kp_err *e, const char *s, size_t n, const char *why)
{
	char v[NUM_SHOW_MAX + 8];

	show(s, n, v, sizeof v);
	return err_set(e, KP_DATA, NULL, "bad value '%s': %s", v, why);
}

int
num_check_range(double v, int nonzero_digits, struct kp_err *e)
{
	if (!isfinite(v) || fabs(v) > NUM_MAX)
		return err_set(e, KP_DATA, NULL, "%s", NUM_RANGE_MSG);
	/* strtod() gives 0 (or a subnormal) for 1e-400: that is not the figure written down. */
	if ((v == 0 && nonzero_digits) || (v != 0 && fabs(v) < DBL_MIN))
		return err_set(e, KP_DATA, NULL, "too close to zero to be kept (below 2.2e-308): "
		    "give the figure in a larger unit or as 0");
	return 0;
}

/*
** Parse `s` (see num.h for the accepted forms). `pct` says what a trailing '%' means; `unit`
** only names the unit in the message when a '%' is refused. With `dc` (decimal comma) the
** roles of ',' and '.' swap: 1.234,5. *out is written on success only.
*/
static int
parse(const char *s, enum num_pct pct, const char *unit, int dc, double *out, struct kp_err *e)
{
	const char dot = dc ? ',' : '.';
	const char *b, *end, *p, *q, *ip;
	char stackbuf[64], *clean;
	size_t len, k = 0, first, nint = 0, nfrac = 0, c, nz = 0;
	long exp10 = 0;
	int neg = 0, signed_ = 0, cur = 0, expneg = 0, rc = -1;
	double v;

	if (s == NULL)
		s = "";
	for (b = s; *b == ' ' || *b == '\t'; b++)
		;
	for (end = b + strlen(b); end > b && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	len = (size_t)(end - b);
	if (len == 0)
		return err_set(e, KP_DATA, NULL, "empty value: %s", NUM_EXAMPLES);

	/* Sign and currency, in either order: -$5 and $-5 are the same. */
	p = b;
	if (*p == '+' || *p == '-') {
		neg = *p++ == '-';
		signed_ = 1;
	}
	if ((c = currency(p, end)) > 0) {
		p += c;
		cur = 1;
		if (!signed_ && p < end && (*p == '+' || *p == '-'))
			neg = *p++ == '-';
	}

	/* The cleaned copy is never longer than the text plus "-" "e-NNNNNN". */
	clean = len + 16 <= sizeof stackbuf ? stackbuf : xmalloc(len + 16);
	if (neg)
		clean[k++] = '-';

	/* Integer part: 1234 or 1,234,567 (1 to 3 digits, then groups of exactly three). */
	for (ip = p; p < end && isdigit((unsigned char)*p); p++)
		clean[k++] = *p;
	first = nint = (size_t)(p - ip);
	while ((c = group_sep(p, end, dc)) > 0) {
		/* "0,5" is a decimal comma, not a thousands separator: refuse it the same way. */
		if (first == 0 || first > 3 || *ip == '0')
			goto badcomma;
		for (q = p += c; p < end && isdigit((unsigned char)*p); p++)
			clean[k++] = *p;
		if (p - q != 3)
			goto badcomma;
		nint += 3;
	}

	/* Fraction: .5, 4.25 and 5. are all fine. */
	if (p < end && *p == dot) {
		clean[k++] = '.';
		p++;
		for (; p < end && isdigit((unsigned char)*p); p++, nfrac++)
			clean[k++] = *p;
	}
	if (nint + nfrac == 0)
		goto badform;

	/* Exponent: kept apart so that a FRACTION '%' can shift it by two exactly. */
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			expneg = *p++ == '-';
		if (p == end || !isdigit((unsigned char)*p))
			goto badform;
		for (; p < end && isdigit((unsigned char)*p); p++)
			if (exp10 < NUM_EXP_MAX)
				exp10 = exp10 * 10 + (*p - '0');
		if (expneg)
			exp10 = -exp10;
	}

	if (p < end && *p == '%') {
		p++;
		if (cur || p != end)
			goto badform;
		if (pct == NUM_PCT_REJECT) {
			char why[300];

			if (unit != NULL && *unit != '\0')
				snprintf(why, sizeof why, "a percentage is not accepted for a metric "
				    "measured in '%.100s': give the value without '%%'", unit);
			else
				snprintf(why, sizeof why, "a percentage is not accepted for this metric: "
				    "give the value without '%%'");
			rc = bad(e, b, len, why);
			goto out;
		}
		if (pct == NUM_PCT_FRACTION)
			exp10 -= 2;
	}
	if (p != end)
		goto badform;

	for (size_t i = 0; i < k; i++)
		nz += clean[i] >= '1' && clean[i] <= '9';
	snprintf(clean + k, 10, "e%ld", exp10);
	v = strtod(clean, NULL);
	if (num_check_range(v, nz > 0, e) < 0) {
		char why[sizeof e->msg];

		snprintf(why, sizeof why, "%s", e->msg);
		rc = bad(e, b, len, why);
		goto out;
	}
	*out = v;
	rc = 0;
	goto out;

badcomma:
	rc = bad(e, b, len, dc ? "thousands separators must group three digits: write 1.234.567 "
	    "or 1234567, with a comma for decimals (4,25), as --decimal-comma reads" :
	    "thousands separators must group three digits: write 1,234,567 or "
	    "1234567, with a point for decimals (4.25)");
	goto out;
badform:
	rc = bad(e, b, len, NUM_EXAMPLES);
out:
	if (clean != stackbuf)
		free(clean);
	return rc;
}

int
num_parse(const char *s, enum num_pct pct, const char *unit, double *out, struct kp_err *e)
{
	return parse(s, pct, unit, 0, out, e);
}

int
num_parse_dc(const char *s, enum num_pct pct, const char *unit, double *out, struct kp_err *e)
{
	return parse(s, pct, unit, 1, out, e);
}

/*
** The '%' rule for a unit, compared without regard to case. Unknown and NULL units refuse '%'
** because "89%" of a count of days is more likely a wrong column than a real figure.
*/
enum num_pct
num_pct_for_unit(const char *unit)
{
	static const char *const points[] = { "%", "percent", "percentage", "pct" };
	static const char *const fraction[] = { "ratio", "fraction", "proportion" };
	size_t i;

	if (unit == NULL)
		return NUM_PCT_REJECT;
	for (i = 0; i < sizeof points / sizeof points[0]; i++)
		if (strcasecmp(unit, points[i]) == 0)
			return NUM_PCT_POINTS;
	for (i = 0; i < sizeof fraction / sizeof fraction[0]; i++)
		if (strcasecmp(unit, fraction[i]) == 0)
			return NUM_PCT_FRACTION;
	return NUM_PCT_REJECT;
}

/*
** Format `v` with `decimals` places (clamped to 0..9) and commas between thousands:
** 1234.5, 1 -> "1,234.5". A value that rounds to zero prints without a minus sign.
** NaN and infinities print as "nan", "inf" and "-inf". Returns buf (truncated to n).
*/
char *
num_format(double v, int decimals, char *buf, size_t n)
{
	char tmp[400], res[560];
	const char *digits, *dot, *d;
	size_t nint, i, k = 0;

	if (n == 0)
		return buf;
	if (!isfinite(v)) {
		snprintf(buf, n, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	digits = tmp[0] == '-' ? tmp + 1 : tmp;
	/* "-0.00" is zero: drop the sign rather than print a negative nothing. */
	if (tmp[0] == '-' && strspn(digits, "0.") != strlen(digits))
		res[k++] = '-';
	dot = strchr(digits, '.');
	nint = dot ? (size_t)(dot - digits) : strlen(digits);
	for (i = 0, d = digits; i < nint; i++, d++) {
		if (i > 0 && (nint - i) % 3 == 0)
			res[k++] = ',';
		res[k++] = *d;
	}
	snprintf(res + k, sizeof res - k, "%s", dot ? dot : "");
	snprintf(buf, n, "%s", res);
	return buf;
}

/*
** The shortest of %.15g, %.16g and %.17g that strtod() reads back as exactly `v` (%.17g
** always does). Used where a figure is stored or exported, so no digit is lost or invented.
*/
char *
num_format_exact(double v, char *buf, size_t n)
{
	char tmp[40];
	int prec;

	if (n == 0)
		return buf;
	if (!isfinite(v)) {
		snprintf(buf, n, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
		return buf;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	snprintf(buf, n, "%s", tmp);
	return buf;
}

double
num_tidy(double v)
{
	char buf[32];

	if (!isfinite(v))
		return v;
	snprintf(buf, sizeof buf, "%.12g", v);
	return strtod(buf, NULL);
}
