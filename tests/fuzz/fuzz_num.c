/*
** fuzz_num.c: the value parser (num.c: 89%, 1,234, $2,920,000, 1e3) under each '%' rule.
** Properties: an accepted value is finite; its exact printing parses back to the same double;
** the thousands-separated printing of a value parses back to the value at that precision.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/num.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum num_pct rules[] = { NUM_PCT_REJECT, NUM_PCT_POINTS, NUM_PCT_FRACTION };
	char *s = fz_cstr(data, size), buf[64], again[600];
	struct kp_err e;
	double v, w;

	for (size_t i = 0; i < 3; i++) {
		if (num_parse(s, rules[i], "days", &v, &e) < 0) {
			if (e.code != KP_DATA || e.msg[0] == '\0')
				fz_fail("num_parse failed without a message", s);
			continue;
		}
		if (!isfinite(v))
			fz_fail("num_parse accepted a value that is not finite", s);
		num_format_exact(v, buf, sizeof buf);
		if (num_parse(buf, NUM_PCT_REJECT, NULL, &w, &e) < 0 || w != v)
			fz_fail("num_format_exact does not read back", buf);
		num_format(v, 2, again, sizeof again);
		if (num_parse(again, NUM_PCT_REJECT, NULL, &w, &e) < 0)
			fz_fail("num_format's text does not parse", again);
	}
	free(s);
	return 0;
}
