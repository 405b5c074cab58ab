/*
** catalog_ratio.c: ratio metrics, the ratio of two stored metrics with the same breakdown:
**
**   - code: ae.breach_rate
**     unit: "%"
**     ratio: { numerator: ae.breaches, denominator: ae.attendances, per: 100 }
**
** `kpistat compute` derives its figures (numerator / denominator * per, per period and per
** breakdown value) from the two metrics' current figures; its value, trend and target then work
** like any other, and `kpistat compare` uses the two counts.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/xmalloc.h"
#include "catalog_int.h"

void
catalog_ratio_free(struct ratio *r)
{
	if (r == NULL)
		return;
	free(r->numerator);
	free(r->denominator);
	free(r);
}

int
catalog_ratio_equal(const struct ratio *a, const struct ratio *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return ck_streq(a->numerator, b->numerator) && ck_streq(a->denominator, b->denominator) &&
	    a->per == b->per;
}

struct ratio *
ck_ratio(struct ck *ck, const struct yml_node *n, const struct metric *m)
{
	char what[300];
	const char *num, *den, *per;
	struct ratio *r;
	char *end;

	snprintf(what, sizeof what, "metric '%s': ratio", m->code);
	if (!ck_map(ck, n, what))
		return NULL;
	if (m->computed) {
		ck_report(ck, n, "%s: a metric has a compute: block or a ratio:, not both", what);
		return NULL;
	}
	num = ck_str(ck, n, "numerator", what, 1);
	den = ck_str(ck, n, "denominator", what, 1);
	per = ck_str(ck, n, "per", what, 0);
	if (num == NULL || den == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->numerator = xstrdup(num);
	r->denominator = xstrdup(den);
	r->per = 1;
	if (per != NULL) {
		r->per = strtod(per, &end);
		if (*per == '\0' || *end != '\0' || !isfinite(r->per) || r->per <= 0) {
			ck_report(ck, yml_get(n, "per"), "%s: bad per '%s': expected a number such as "
			    "100 (a percentage) or 1000 (per 1,000)", what, per);
			catalog_ratio_free(r);
			return NULL;
		}
	}
	return r;
}

void
ck_ratios(struct ck *ck, const struct yml_node *metrics, const struct catalog *c)
{
	for (size_t i = 0; metrics && metrics->type == YML_SEQ && i < metrics->n; i++) {
		const struct yml_node *n = metrics->items[i], *rn = yml_get(n, "ratio");
		const char *code = n->type == YML_MAP ? ck_str(ck, n, "code", "a metric", 0) : NULL;
		const struct metric *m = code ? catalog_metric(c, code) : NULL;

		if (m == NULL || m->ratio == NULL)
			continue;
		for (int k = 0; k < 2; k++) {
			const char *part = k ? m->ratio->denominator : m->ratio->numerator;
			const struct metric *x = catalog_metric(c, part);
			const char *key = k ? "denominator" : "numerator";

			if (x == NULL)
				ck_report(ck, yml_get(rn, key), "metric '%s': ratio: unknown %s metric "
				    "'%s': expected a metric code of this catalog", code, key, part);
			else if (x == m || x->ratio != NULL)
				ck_report(ck, yml_get(rn, key), "metric '%s': ratio: %s '%s' is %s: a "
				    "ratio takes two stored metrics", code, key, part, x == m ?
				    "the metric itself" : "a ratio too");
			else if (x->freq != m->freq)
				ck_report(ck, yml_get(rn, key), "metric '%s': ratio: %s '%s' is reported "
				    "%s, the ratio %s: expected the same frequency", code, key, part,
				    period_freq_name(x->freq), period_freq_name(m->freq));
		}
	}
}
