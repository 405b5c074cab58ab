/*
** fuzz_evparse.c: the typed fields of raw records (evparse.c): dates, date-times with and
** without a format, time zones, whole numbers, numbers, durations and date formats.
** Input: one selector byte, then FORMAT NUL VALUE (no NUL: no format, ISO 8601).
** Properties: an ISO date or date-time prints back to a value that parses to the same day or
** second; a whole number prints back to itself; a rejected field comes with a message.
*/
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/evparse.h"
#include "fuzz.h"

static void
need_msg(int rc, const struct kp_err *e, const char *what)
{
	if (rc < 0 && e->msg[0] == '\0')
		fz_fail("rejected without a message", what);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct evp_zone utc = { 1, 0, "" };
	char *s, *nul, *fmt = NULL, *val, buf[64];
	struct evp_zone z;
	struct kp_err e;
	long days, d2;
	long long secs, s2, iv, iv2;
	double x;
	int sel, rc;

	if (size == 0)
		return 0;
	sel = data[0];
	s = fz_cstr(data + 1, size - 1);
	val = s;
	if ((nul = memchr(s, '\0', size - 1)) != NULL) {
		fmt = s;
		val = nul + 1;
	}
	e.msg[0] = '\0';
	switch (sel % 8) {
	case 0:
		rc = evp_date(val, strlen(val), NULL, &days, &e);
		need_msg(rc, &e, val);
		if (rc == 0 && (evp_date(evp_format_date(days, buf, sizeof buf), 10, NULL, &d2, &e) < 0 ||
		    d2 != days))
			fz_fail("a date does not print back", buf);
		break;
	case 1:
		rc = evp_datetime(val, strlen(val), NULL, &utc, &secs, &e);
		need_msg(rc, &e, val);
		if (rc == 0) {
			evp_format_datetime(secs, buf, sizeof buf);
			if (evp_datetime(buf, strlen(buf), NULL, &utc, &s2, &e) < 0 || s2 != secs)
				fz_fail("a date-time does not print back", buf);
		}
		break;
	case 2:
		if (fmt != NULL && evp_format_check(fmt, 0, &e) == 0)
			need_msg(evp_date(val, strlen(val), fmt, &days, &e), &e, val);
		break;
	case 3:
		if (fmt != NULL && evp_format_check(fmt, 1, &e) == 0)
			need_msg(evp_datetime(val, strlen(val), fmt, &utc, &secs, &e), &e, val);
		break;
	case 4:
		/* A zone from the input, then a date-time read in it (fixed offsets only: an IANA
		** zone would setenv TZ on every run). */
		if (evp_zone_parse(fmt ? fmt : val, &z, &e) == 0 && z.fixed)
			need_msg(evp_datetime(val, strlen(val), NULL, &z, &secs, &e), &e, val);
		break;
	case 5:
		rc = evp_integer(val, strlen(val), &iv, &e);
		need_msg(rc, &e, val);
		if (rc == 0) {
			snprintf(buf, sizeof buf, "%lld", iv);
			if (evp_integer(buf, strlen(buf), &iv2, &e) < 0 || iv2 != iv)
				fz_fail("a whole number does not print back", buf);
		}
		break;
	case 6:
		need_msg(evp_number(val, strlen(val), &x, &e), &e, val);
		break;
	case 7:
		(void)evp_duration(val, fmt ? fmt : "days", &x);
		(void)evp_unit_seconds(val);
		break;
	}
	free(s);
	return 0;
}
