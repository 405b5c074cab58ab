/*
** catalog_model.c: the catalog's plain structs: lifetime, lookups, targets, enum names.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kpistat/catalog.h"
#include "kpistat/num.h"
#include "catalog_int.h"

void
catalog_init(struct catalog *c)
{
	memset(c, 0, sizeof *c);
	c->fy_start = 7;
}

static void
metric_release(struct metric *m)
{
	free(m->code);
	free(m->name);
	free(m->department);
	free(m->unit);
	free(m->description);
	free(m->source);
	free(m->targets);
	free(m->rebase);
	catalog_compute_free(m->compute);
	catalog_ratio_free(m->ratio);
}

void
catalog_release(struct catalog *c)
{
	for (size_t i = 0; i < c->ndepts; i++) {
		free(c->depts[i].code);
		free(c->depts[i].name);
		free(c->depts[i].head);
	}
	for (size_t i = 0; i < c->nmetrics; i++)
		metric_release(&c->metrics[i]);
	for (size_t i = 0; i < c->nprograms; i++) {
		struct program *p = &c->programs[i];

		free(p->code);
		free(p->title);
		free(p->template);
		for (size_t j = 0; j < p->nmetrics; j++)
			free(p->metrics[j]);
		free(p->metrics);
	}
	for (size_t i = 0; i < c->ndatasets; i++)
		catalog_dataset_release(&c->datasets[i]);
	free(c->datasets);
	catalog_geo_release(c);
	free(c->city);
	free(c->depts);
	free(c->metrics);
	free(c->programs);
	catalog_index_free(c->idx);
	catalog_init(c);
}

/*
** Insertion sort (a metric has a handful of targets), stable for targets starting on the same
** day. Periods of different kinds order by their first day, which for fiscal years depends on
** fy_start: FY2026 starts 2025-07-01 with a July start but 2026-01-01 with a January one.
*/
void
catalog_sort_targets(struct metric *m, int fy_start)
{
	for (size_t i = 1; i < m->ntargets; i++) {
		struct target t = m->targets[i];
		long day = period_first_day(&t.from, fy_start);
		size_t j = i;

		for (; j > 0 && period_first_day(&m->targets[j - 1].from, fy_start) > day; j--)
			m->targets[j] = m->targets[j - 1];
		m->targets[j] = t;
	}
}

const struct target *
catalog_target_for(const struct metric *m, const struct period *p, int fy_start)
{
	const struct target *best = NULL;
	long day = period_first_day(p, fy_start), best_day = 0;

	/*
	** The one that started last wins. Compare start days rather than trust the order: the
	** targets may have been sorted with another fiscal year start, or not at all.
	*/
	for (size_t i = 0; i < m->ntargets; i++) {
		long from = period_first_day(&m->targets[i].from, fy_start);

		if (from <= day && (best == NULL || from >= best_day)) {
			best = &m->targets[i];
			best_day = from;
		}
	}
	return best;
}

/* Currency units take any sign (a budget variance, a refund); compared without regard to case. */
static int
is_currency(const char *unit)
{
	static const char *const cur[] = { "$", "usd", "dollars", "dollar", "eur", "euro", "euros",
	    "\xE2\x82\xAC", "gbp", "\xC2\xA3", "pounds", "cad", "aud" };

	for (size_t i = 0; i < sizeof cur / sizeof cur[0]; i++)
		if (strcasecmp(unit, cur[i]) == 0)
			return 1;
	return 0;
}

void
catalog_bounds(const struct metric *m, double *lo, double *hi, const char **why_lo,
    const char **why_hi)
{
	const char *unit = m->unit ? m->unit : "";
	enum num_pct pct = num_pct_for_unit(unit);

	*lo = -HUGE_VAL;
	*hi = HUGE_VAL;
	*why_lo = *why_hi = "";
	if (pct == NUM_PCT_POINTS) {
		*lo = 0, *hi = 100;
		*why_lo = *why_hi = "a percentage lies within 0..100";
	} else if (pct == NUM_PCT_FRACTION) {
		*lo = 0, *hi = 1;
		*why_lo = *why_hi = "a ratio lies within 0..1";
	} else if (*unit != '\0' && !is_currency(unit)) {
		*lo = 0;
		*why_lo = "a count cannot be negative; give the metric a min: in the catalog if its "
		    "figures can be";
	}
	if (m->has_min) {
		*lo = m->min;
		*why_lo = "the min: the catalog gives it";
	}
	if (m->has_max) {
		*hi = m->max;
		*why_hi = "the max: the catalog gives it";
	}
}

int
catalog_out_of_bounds(const struct metric *m, double v, char *buf, size_t n)
{
	const char *why_lo, *why_hi;
	double lo, hi;
	char vs[64], bs[64];

	catalog_bounds(m, &lo, &hi, &why_lo, &why_hi);
	if (v >= lo && v <= hi)
		return 0;
	num_format_exact(v, vs, sizeof vs);
	num_format_exact(v < lo ? lo : hi, bs, sizeof bs);
	snprintf(buf, n, "value %s is %s %s, the %s for metric '%s'%s%s (%s)", vs,
	    v < lo ? "below" : "above", bs, v < lo ? "least" : "most", m->code,
	    m->unit && *m->unit ? " in " : "", m->unit ? m->unit : "", v < lo ? why_lo : why_hi);
	return 1;
}

double
catalog_tolerance(const struct target *t)
{
	if (t == NULL || !t->has_tol)
		return 0;
	if (t->tol_pct)
		return (t->value < 0 ? -t->value : t->value) * t->tol / 100.0;
	return t->tol;
}

static const char *const dir_names[] = { "higher", "lower", "neutral" };
static const char *const rollup_names[] = { "sum", "mean", "last" };

const char *
catalog_direction_name(enum direction d)
{
	return (unsigned)d < 3 ? dir_names[d] : "?";
}

const char *
catalog_rollup_name(enum rollup r)
{
	return (unsigned)r < 3 ? rollup_names[r] : "?";
}

int
catalog_direction_parse(const char *s, enum direction *out)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, dir_names[i]) == 0) {
			*out = (enum direction)i;
			return 0;
		}
	return -1;
}

int
catalog_rollup_parse(const char *s, enum rollup *out)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, rollup_names[i]) == 0) {
			*out = (enum rollup)i;
			return 0;
		}
	return -1;
}
