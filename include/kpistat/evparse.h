/*
** evparse: the typed fields of raw records (dates, date-times, whole numbers, numbers), parsed
** strictly and fast, with the messages a person needs to fix the file. Pure: no I/O, no
** allocation (an IANA time zone is applied through the C library's TZ, see evp_zone).
**
** Dates are stored as days since 1970-01-01 and date-times as seconds since 1970-01-01T00:00
** on the dataset's local wall clock, so that the day a record falls on is its local day and
** the measures need integer arithmetic only. A date-time written with an offset (Z, +02:00)
** is converted to the dataset's time zone; one written without is taken as local already.
**
** Formats (a dataset's date_format / datetime_format) are a strict subset of strptime:
**   %Y four-digit year   %m month 1-2 digits   %d day 1-2 digits   %b month name (Jan, jan)
**   %H hour 0-23   %I hour 1-12 with %p (AM/PM)   %M minutes   %S seconds   %f fraction
**   %z offset (Z, +HH:MM, +HHMM, +HH)   %% a percent sign; any other character matches itself.
** Without a format the ISO 8601 forms are accepted: YYYY-MM-DD, and for date-times
** YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|+HH:MM|+HHMM|+HH]] (a date alone means midnight).
** Years run 1000..9999, as periods do.
*/
#ifndef KPISTAT_EVPARSE_H
#define KPISTAT_EVPARSE_H

#include <stddef.h>

#include "kpistat/err.h"

/* A time zone: a fixed offset (UTC is 0) or an IANA name applied through TZ. */
struct evp_zone {
	int	 fixed;		/* 1: `offset` applies; 0: `name` is an IANA zone */
	long	 offset;	/* seconds east of UTC */
	char	 name[64];	/* "America/Chicago" */
};

/* Parse "UTC", "Z", "+05:30", "-0800" or an IANA name that the system's tzdata has. */
int	evp_zone_parse(const char *s, struct evp_zone *z, struct kp_err *e);

/*
** Make z the zone date-times with offsets are converted to (sets TZ for an IANA zone). Call it
** before reading dates on other threads: setenv() is not safe while they run.
*/
void	evp_zone_use(const struct evp_zone *z);

/* Check a format for a date (datetime = 0) or a date-time (1); the message says what is wrong. */
int	evp_format_check(const char *fmt, int datetime, struct kp_err *e);

/*
** Parse s[0..n) into *out. `fmt` is NULL for ISO 8601. On failure fill e (KP_DATA, empty where)
** with the text and what would be accepted, e.g.
**   bad date '2023-02-30': February 2023 has 28 days
**   bad date '31/12/2023': expected YYYY-MM-DD (ISO 8601)
*/
int	evp_date(const char *s, size_t n, const char *fmt, long *out, struct kp_err *e);
int	evp_datetime(const char *s, size_t n, const char *fmt, const struct evp_zone *z,
	    long long *out, struct kp_err *e);

/* A whole number: optional sign and digits only (no '1,234', no '12.0'), within 64 bits. */
int	evp_integer(const char *s, size_t n, long long *out, struct kp_err *e);
/* A finite number: 12, -3.5, 1e3, or anything num_parse() takes without a '%'. */
int	evp_number(const char *s, size_t n, double *out, struct kp_err *e);
/* The same written with a decimal comma (--decimal-comma): 3,25 and 1.234,5 (num_parse_dc). */
int	evp_number_dc(const char *s, size_t n, double *out, struct kp_err *e);

/* Format days as YYYY-MM-DD (11 bytes) and seconds as YYYY-MM-DDTHH:MM:SS (20 bytes). */
char	*evp_format_date(long days, char *buf, size_t n);
char	*evp_format_datetime(long long secs, char *buf, size_t n);

/* "2 days" / "4 hours" / "90 minutes" / "30 seconds" / "5" (in `unit`) into seconds; -1 if bad. */
int	evp_duration(const char *s, const char *unit, double *seconds);
/* Seconds in one `unit` ("days", "hours", "minutes", "seconds", also singular); 0 if unknown. */
double	evp_unit_seconds(const char *unit);

#endif
