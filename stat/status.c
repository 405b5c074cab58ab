/*
** status.c: one metric's standing for one period (see status.h).
*/
#include <math.h>
#include <string.h>

#include "kpistat/num.h"
#include "kpistat/status.h"

/*
** Figures and targets are decimals held in binary, where 2.3 + 0.3 is 2.5999999999999996: a
** figure of 2.6 typed exactly on the edge of the band 2.3 +/- 0.3 would miss it. So compare
** with a slack of 1e-9 of the magnitudes involved: far below any precision a figure is
** printed with, far above binary rounding (about 1e-16 of them).
*/
enum status_level
status_level_of(enum direction dir, double v, double t, double tol)
{
	double eps = 1e-9 * (fabs(t) + fabs(tol));

	switch (dir) {
	case DIR_HIGHER:
		if (v >= t - eps)
			return STATUS_ON;
		return tol > 0 && v >= t - tol - eps ? STATUS_NEAR : STATUS_OFF;
	case DIR_LOWER:
		if (v <= t + eps)
			return STATUS_ON;
		return tol > 0 && v <= t + tol + eps ? STATUS_NEAR : STATUS_OFF;
	default:
		/* Neither way is better: on target means within the band around it. */
		return fabs(v - t) <= tol + eps ? STATUS_ON : STATUS_OFF;
	}
}

/* Index of period p in the series, or -1 (series are short: a linear scan from the end). */
static long
find(const struct series *s, const struct period *p)
{
	long key = period_key(p);

	for (size_t i = s->n; i-- > 0;)
		if (s->periods[i].kind == p->kind && period_key(&s->periods[i]) == key)
			return (long)i;
	return -1;
}

void
status_compute(const struct metric *m, const struct series *s, const struct period *at,
    int fy_start, struct status_row *out)
{
	const struct target *t;
	struct period prev, year;
	long i, j;

	memset(out, 0, sizeof *out);
	out->m = m;
	out->period = *at;
	out->level = STATUS_MISSING;
	if (s->n > 0) {
		out->has_latest = 1;
		out->latest = s->periods[s->n - 1];
	}
	if ((t = catalog_target_for(m, at, fy_start)) != NULL) {
		out->has_target = 1;
		out->target = t->value;
		out->tolerance = catalog_tolerance(t);
	}
	if ((i = find(s, at)) < 0)
		return;
	out->has_value = 1;
	out->value = s->values[i];
	out->note = s->notes[i];
	if (out->has_target) {
		out->gap = num_tidy(out->value - out->target);
		out->level = status_level_of(m->direction, out->value, out->target, out->tolerance);
	} else {
		out->level = STATUS_NO_TARGET;
	}
	prev = period_add(at, -1);
	if ((j = find(s, &prev)) >= 0) {
		out->has_prev = 1;
		out->d_prev = num_tidy(out->value - s->values[j]);
	}
	year = period_year_ago(at);
	if ((j = find(s, &year)) >= 0) {
		out->has_year = 1;
		out->d_year = num_tidy(out->value - s->values[j]);
	}
}

const char *
status_level_name(enum status_level l)
{
	static const char *const names[] = { "no target", "on", "near", "off", "missing" };

	return (unsigned)l < 5 ? names[l] : "?";
}
