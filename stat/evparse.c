/*
** evparse.c: typed fields of raw records (see evparse.h).
**
** The ISO forms are parsed by position, without a format interpreter, because millions of
** them go by in an import; custom formats go through a small strptime subset that is strict
** where strptime is not (it rejects 2023-02-30 and trailing text). Messages quote the text as
** the file has it, so that the person fixing the file can search for it.
*/
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "kpistat/evparse.h"
#include "kpistat/num.h"
#include "kpistat/period.h"

static const char *const month_names[12] = { "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December" };

/* What one parse found; fields left at -1 were not in the text. */
struct tmv {
	int	y, mo, d, h, mi, s;
	int	pm;		/* -1 none, 0 AM, 1 PM (with %I) */
	int	has_off;	/* an offset was given */
	long	off;		/* its seconds east of UTC */
};

static int
days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

/* Read between min and max digits at *p (bounded by end); -1 when there are fewer than min. */
static int
digits(const char **p, const char *end, int min, int max)
{
	const char *s = *p;
	int v = 0, k = 0;

	while (s < end && k < max && *s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		k++;
	}
	if (k < min)
		return -1;
	*p = s;
	return v;
}

/* An offset at *p: Z, +HH, +HHMM, +HH:MM (or -). Returns 0 or -1. */
static int
offset(const char **p, const char *end, long *off)
{
	const char *s = *p;
	int sign, hh, mm = 0;

	if (s < end && *s == 'Z') {
		*off = 0;
		*p = s + 1;
		return 0;
	}
	if (s >= end || (*s != '+' && *s != '-'))
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if ((hh = digits(&s, end, 2, 2)) < 0 || hh > 18)
		return -1;
	/* minutes are optional, but a colon promises them: +01: is cut short, not +01:00 */
	if (s < end && *s == ':') {
		s++;
		if ((mm = digits(&s, end, 2, 2)) < 0 || mm > 59)
			return -1;
	} else if (s < end && *s >= '0' && *s <= '9' &&
	    ((mm = digits(&s, end, 2, 2)) < 0 || mm > 59))
		return -1;
	*off = sign * (hh * 3600L + mm * 60L);
	*p = s;
	return 0;
}

/* The ISO forms (see evparse.h). Returns 0 or -1 (shape not recognised). */
static int
scan_iso(const char *s, const char *end, int datetime, struct tmv *t)
{
	const char *p = s;

	if ((t->y = digits(&p, end, 4, 4)) < 0 || p >= end || *p++ != '-' ||
	    (t->mo = digits(&p, end, 2, 2)) < 0 || p >= end || *p++ != '-' ||
	    (t->d = digits(&p, end, 2, 2)) < 0)
		return -1;
	if (p == end)
		return 0;
	if (!datetime || (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if ((t->h = digits(&p, end, 2, 2)) < 0 || p >= end || *p++ != ':' ||
	    (t->mi = digits(&p, end, 2, 2)) < 0)
		return -1;
	if (p < end && *p == ':') {
		p++;
		if ((t->s = digits(&p, end, 2, 2)) < 0)
			return -1;
		if (p < end && (*p == '.' || *p == ',')) {
			p++;
			if (digits(&p, end, 1, 9) < 0)
				return -1;
		}
	}
	if (p < end) {
		if (offset(&p, end, &t->off) < 0)
			return -1;
		t->has_off = 1;
	}
	return p == end ? 0 : -1;
}

/* A custom format (see evparse.h). Returns 0 or -1 (the text does not have the form). */
static int
scan_fmt(const char *s, const char *end, const char *fmt, struct tmv *t)
{
	const char *p = s;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (p >= end || *p != *fmt)
				return -1;
			p++;
			continue;
		}
		switch (*++fmt) {
		case 'Y': t->y = digits(&p, end, 4, 4); break;
		case 'm': t->mo = digits(&p, end, 1, 2); break;
		case 'd': t->d = digits(&p, end, 1, 2); break;
		case 'H': t->h = digits(&p, end, 1, 2); break;
		case 'I': t->h = digits(&p, end, 1, 2); break;
		case 'M': t->mi = digits(&p, end, 2, 2); break;
		case 'S': t->s = digits(&p, end, 2, 2); break;
		case 'f':
			if (digits(&p, end, 1, 9) < 0)
				return -1;
			break;
		case 'b':
			t->mo = -1;
			for (int i = 0; i < 12 && t->mo < 0; i++)
				if (end - p >= 3 && strncasecmp(p, month_names[i], 3) == 0) {
					t->mo = i + 1;
					p += 3;
				}
			break;
		case 'p':
			if (end - p >= 2 && strncasecmp(p, "AM", 2) == 0)
				t->pm = 0;
			else if (end - p >= 2 && strncasecmp(p, "PM", 2) == 0)
				t->pm = 1;
			else
				return -1;
			p += 2;
			break;
		case 'z':
			if (offset(&p, end, &t->off) < 0)
				return -1;
			t->has_off = 1;
			break;
		case '%':
			if (p >= end || *p++ != '%')
				return -1;
			break;
		default:
			return -1;	/* evp_format_check() keeps this from happening */
		}
		if ((fmt[0] == 'Y' && t->y < 0) || (fmt[0] == 'm' && t->mo < 0) ||
		    (fmt[0] == 'b' && t->mo < 0) || (fmt[0] == 'd' && t->d < 0) ||
		    ((fmt[0] == 'H' || fmt[0] == 'I') && t->h < 0) || (fmt[0] == 'M' && t->mi < 0) ||
		    (fmt[0] == 'S' && t->s < 0))
			return -1;
	}
	if (t->pm >= 0) {
		if (t->h < 1 || t->h > 12)
			return -1;
		t->h = t->h % 12 + (t->pm ? 12 : 0);
	}
	return p == end ? 0 : -1;
}

/* What the accepted form looks like, for messages. */
static const char *
expected(const char *fmt, int datetime)
{
	if (fmt != NULL)
		return fmt;
	return datetime ? "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (ISO 8601)" :
	    "YYYY-MM-DD (ISO 8601)";
}

/* Scan and check the calendar; fills *t. Returns 0 or -1 with e filled. */
static int
scan(const char *s, size_t n, const char *fmt, int datetime, struct tmv *t, struct kp_err *e)
{
	const char *what = datetime ? "date-time" : "date";
	int len = n > 60 ? 60 : (int)n;
	int rc;

	t->y = t->mo = t->d = -1;
	t->h = t->mi = t->s = -1;
	t->pm = -1;
	t->has_off = 0;
	t->off = 0;
	rc = fmt ? scan_fmt(s, s + n, fmt, t) : scan_iso(s, s + n, datetime, t);
	if (rc < 0)
		return err_set(e, KP_DATA, NULL, "bad %s '%.*s': expected %s", what, len, s,
		    expected(fmt, datetime));
	if (t->y < 1000)
		return err_set(e, KP_DATA, NULL, "bad %s '%.*s': the year must be 1000..9999 (add "
		    "the text to the dataset's null_values if it means 'no date')", what, len, s);
	if (t->mo < 1 || t->mo > 12)
		return err_set(e, KP_DATA, NULL, "bad %s '%.*s': month must be 01..12", what, len, s);
	if (t->d < 1 || t->d > days_in_month(t->y, t->mo))
		return err_set(e, KP_DATA, NULL, "bad %s '%.*s': %s %d has %d days", what, len, s,
		    month_names[t->mo - 1], t->y, days_in_month(t->y, t->mo));
	if (t->h > 23 || t->mi > 59 || t->s > 59)
		return err_set(e, KP_DATA, NULL, "bad %s '%.*s': the time must be 00:00:00..23:59:59",
		    what, len, s);
	return 0;
}

int
evp_date(const char *s, size_t n, const char *fmt, long *out, struct kp_err *e)
{
	struct tmv t;

	if (scan(s, n, fmt, 0, &t, e) < 0)
		return -1;
	*out = period_days_from_civil(t.y, t.mo, t.d);
	return 0;
}

static char tz_current[64];	/* the IANA zone TZ is set to, "" for none yet */

void
evp_zone_use(const struct evp_zone *z)
{
	if (z->fixed || strcmp(tz_current, z->name) == 0)
		return;
	setenv("TZ", z->name, 1);
	tzset();
	snprintf(tz_current, sizeof tz_current, "%s", z->name);
}

/*
** The local wall clock in zone z at UTC instant `utc`. An IANA zone goes through the C
** library (TZ and localtime_r); evp_zone_use() sets it once, before any thread reads dates.
*/
static long long
to_local(const struct evp_zone *z, long long utc)
{
	struct tm tm;
	time_t t = (time_t)utc;

	if (z->fixed)
		return utc + z->offset;
	evp_zone_use(z);
	if (localtime_r(&t, &tm) == NULL)
		return utc;
	return utc + tm.tm_gmtoff;
}

int
evp_datetime(const char *s, size_t n, const char *fmt, const struct evp_zone *z,
    long long *out, struct kp_err *e)
{
	struct tmv t;
	long long v;

	if (scan(s, n, fmt, 1, &t, e) < 0)
		return -1;
	v = (long long)period_days_from_civil(t.y, t.mo, t.d) * 86400 +
	    (t.h < 0 ? 0 : t.h) * 3600LL + (t.mi < 0 ? 0 : t.mi) * 60LL + (t.s < 0 ? 0 : t.s);
	if (t.has_off)
		v = to_local(z, v - t.off);
	*out = v;
	return 0;
}

int
evp_integer(const char *s, size_t n, long long *out, struct kp_err *e)
{
	const char *p = s, *end = s + n;
	unsigned long long v = 0, lim;
	int neg = 0, len = n > 40 ? 40 : (int)n;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	if (p == end)
		return err_set(e, KP_DATA, NULL, "bad whole number '%.*s': expected digits such "
		    "as 42 or -7", len, s);
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return err_set(e, KP_DATA, NULL, "bad whole number '%.*s': expected digits "
			    "only, such as 42 or -7 (no separators or decimals)", len, s);
		if (v > (lim - (unsigned)(*p - '0')) / 10)
			return err_set(e, KP_DATA, NULL, "whole number '%.*s' is too large", len, s);
		v = v * 10 + (unsigned)(*p - '0');
	}
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

int
evp_number(const char *s, size_t n, double *out, struct kp_err *e)
{
	char buf[64], *end;
	size_t i;
	double v;

	/* The plain forms (digits, sign, point, exponent) are the common case: strtod them. */
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '+' &&
		    s[i] != 'e' && s[i] != 'E')
			break;
	if (i == n && n > 0 && n < sizeof buf) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		errno = 0;
		v = strtod(buf, &end);
		if (*end == '\0' && errno == 0 && isfinite(v) && isdigit((unsigned char)buf[n - 1]) &&
		    (v == 0 || (fabs(v) >= DBL_MIN && fabs(v) <= NUM_MAX))) {
			*out = v;
			return 0;
		}
	}
	if (n >= sizeof buf)
		return err_set(e, KP_DATA, NULL, "bad number '%.40s...': too long", s);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return num_parse(buf, NUM_PCT_REJECT, NULL, out, e);
}

int
evp_number_dc(const char *s, size_t n, double *out, struct kp_err *e)
{
	char buf[64];

	if (n >= sizeof buf)
		return err_set(e, KP_DATA, NULL, "bad number '%.40s...': too long", s);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return num_parse_dc(buf, NUM_PCT_REJECT, NULL, out, e);
}

int
evp_zone_parse(const char *s, struct evp_zone *z, struct kp_err *e)
{
	const char *p = s, *dir;
	char path[600];
	long off;

	memset(z, 0, sizeof *z);
	z->fixed = 1;
	if (strcmp(s, "UTC") == 0 || strcmp(s, "Z") == 0 || strcmp(s, "GMT") == 0)
		return 0;
	if ((*s == '+' || *s == '-') && offset(&p, s + strlen(s), &off) == 0 && *p == '\0') {
		z->offset = off;
		return 0;
	}
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '/' && *p != '_' && *p != '-' && *p != '+')
			break;
	dir = getenv("TZDIR");
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", s);
	if (*p != '\0' || strlen(s) >= sizeof z->name || strstr(s, "..") != NULL || *s == '/' ||
	    access(path, R_OK) != 0)
		return err_set(e, KP_DATA, NULL, "unknown time zone '%s': expected UTC, an offset "
		    "such as +01:00, or a zone name such as America/Chicago", s);
	z->fixed = 0;
	snprintf(z->name, sizeof z->name, "%s", s);
	return 0;
}

int
evp_format_check(const char *fmt, int datetime, struct kp_err *e)
{
	int seen[128] = { 0 };

	for (const char *f = fmt; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		if (*f == '\0' || strchr("YmdbHIMSfpz%", *f) == NULL)
			return err_set(e, KP_DATA, NULL, "bad format '%s': '%%%c' is not known; use "
			    "%%Y %%m %%d %%b %%H %%I %%M %%S %%f %%p %%z or %%%%", fmt, *f ? *f : ' ');
		if (*f != '%' && seen[(unsigned char)*f]++)
			return err_set(e, KP_DATA, NULL, "bad format '%s': '%%%c' appears twice", fmt, *f);
	}
	if (!seen['Y'] || !(seen['m'] || seen['b']) || !seen['d'] || (seen['m'] && seen['b']))
		return err_set(e, KP_DATA, NULL, "bad format '%s': a date needs %%Y, %%m (or %%b) "
		    "and %%d", fmt);
	if (!datetime && (seen['H'] || seen['I'] || seen['M'] || seen['S'] || seen['z']))
		return err_set(e, KP_DATA, NULL, "bad format '%s': a date format has no time; "
		    "declare the column as datetime", fmt);
	if (seen['I'] != seen['p'] || (seen['H'] && seen['I']))
		return err_set(e, KP_DATA, NULL, "bad format '%s': use %%I together with %%p "
		    "(3:15 PM), or %%H alone (15:15)", fmt);
	if (datetime && !seen['H'] && !seen['I'])
		return err_set(e, KP_DATA, NULL, "bad format '%s': a date-time format needs %%H "
		    "(or %%I with %%p)", fmt);
	return 0;
}

char *
evp_format_date(long days, char *buf, size_t n)
{
	int y, m, d;

	period_civil_from_days(days, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02d", y % 10000, m, d);
	return buf;
}

char *
evp_format_datetime(long long secs, char *buf, size_t n)
{
	long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int s = (int)(secs - days * 86400), y, m, d;

	period_civil_from_days((long)days, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d", y % 10000, m, d, s / 3600 % 24,
	    s / 60 % 60, s % 60);
	return buf;
}

double
evp_unit_seconds(const char *u)
{
	static const struct { const char *name; double secs; } units[] = {
		{ "days", 86400 }, { "day", 86400 }, { "hours", 3600 }, { "hour", 3600 },
		{ "minutes", 60 }, { "minute", 60 }, { "seconds", 1 }, { "second", 1 },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(u, units[i].name) == 0)
			return units[i].secs;
	return 0;
}

int
evp_duration(const char *s, const char *unit, double *seconds)
{
	char *end;
	double v, per;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v) || v < 0 || !isdigit((unsigned char)*s))
		return -1;
	while (*end == ' ')
		end++;
	per = evp_unit_seconds(*end ? end : unit ? unit : "days");
	if (per == 0)
		return -1;
	*seconds = v * per;
	return 0;
}
