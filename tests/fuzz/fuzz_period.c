/*
** fuzz_period.c: reporting periods (2026-10, 2026-Q3, 2026-W43, 2026, FY2026) and frequency
** names. Properties: an accepted period prints back as the same text and parses to the same
** period; its key maps back to it; its first day is not after its last; the next period's key
** is the key plus one.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/period.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size), buf[PERIOD_STRLEN];
	struct period p, q, r;
	enum period_freq f;
	struct kp_err e;

	(void)period_freq_parse(s, &f);
	if (period_parse(s, &p, &e) < 0) {
		if (e.code != KP_DATA || e.msg[0] == '\0')
			fz_fail("period_parse failed without a message", s);
		free(s);
		return 0;
	}
	period_format(&p, buf);
	if (strcmp(buf, s) != 0)
		fz_fail("an accepted period prints differently", buf);
	if (period_parse(buf, &q, &e) < 0 || q.kind != p.kind || q.year != p.year || q.n != p.n)
		fz_fail("a printed period does not parse back", buf);
	r = period_from_key(p.kind, period_key(&p));
	if (r.kind != p.kind || r.year != p.year || r.n != p.n)
		fz_fail("period_from_key(period_key(p)) != p", buf);
	for (int fy = 1; fy <= 12; fy += 6)
		if (period_first_day(&p, fy) > period_last_day(&p, fy))
			fz_fail("a period ends before it starts", buf);
	r = period_add(&p, 1);
	if (p.year < 9999 && period_key(&r) != period_key(&p) + 1)
		fz_fail("the next period's key is not key + 1", buf);
	free(s);
	return 0;
}
