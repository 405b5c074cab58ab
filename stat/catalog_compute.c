/*
** catalog_compute.c: metrics' `compute:` blocks (see catalog.h), read from YAML and checked
** against the datasets (catalog_dataset.c) at load time, so that a compute block naming a
** missing column or an unknown measure, or a percentile outside 0..100, is reported with
** FILE:LINE:COL before any record is read.
**
** A compute block is strict about its keys (a misspelt `were:` would otherwise silently count
** every record): keys it does not know, and keys its measure does not use, are errors.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/evparse.h"
#include "kpistat/xmalloc.h"
#include "catalog_int.h"

static const char *const measure_names[] = {
	[MEAS_COUNT] = "count", [MEAS_SUM] = "sum", [MEAS_MEAN] = "mean",
	[MEAS_MEDIAN] = "median", [MEAS_PERCENTILE] = "percentile",
	[MEAS_SHARE_WITHIN] = "share_within", [MEAS_OPEN_AT_END] = "open_at_end",
	[MEAS_RATE] = "rate", [MEAS_DURATION_MEDIAN] = "duration_median",
	[MEAS_DURATION_PERCENTILE] = "duration_percentile", [MEAS_DURATION_MEAN] = "duration_mean",
	[MEAS_SHARE_IN_GROUP] = "share_in_group",
};
static const char *const op_names[] = {
	[FOP_EQ] = "eq", [FOP_NE] = "ne", [FOP_IN] = "in", [FOP_NOT_IN] = "not_in",
	[FOP_LT] = "lt", [FOP_LE] = "le", [FOP_GT] = "gt", [FOP_GE] = "ge",
};
/* Operators as people also write them in a where: mapping. */
static const struct { const char *sym; enum filter_op op; } op_symbols[] = {
	{ "=", FOP_EQ }, { "==", FOP_EQ }, { "!=", FOP_NE }, { "<", FOP_LT }, { "<=", FOP_LE },
	{ ">", FOP_GT }, { ">=", FOP_GE }, { "not in", FOP_NOT_IN },
};

/* Which keys each measure uses (besides dataset, measure, breakdown, where). */
#define K_PERIOD	0x01
#define K_FROMTO	0x02
#define K_FIELD		0x04
#define K_P		0x08
#define K_WITHIN	0x10
#define K_RATE		0x20
#define K_UNIT		0x40
#define K_GROUP		0x80	/* group and area; field optional */
static const int measure_keys[] = {
	[MEAS_COUNT] = K_PERIOD,
	[MEAS_SUM] = K_PERIOD | K_FIELD,
	[MEAS_MEAN] = K_PERIOD | K_FIELD,
	[MEAS_MEDIAN] = K_PERIOD | K_FIELD,
	[MEAS_PERCENTILE] = K_PERIOD | K_FIELD | K_P,
	[MEAS_SHARE_WITHIN] = K_PERIOD | K_FROMTO | K_WITHIN | K_UNIT,
	[MEAS_OPEN_AT_END] = K_FROMTO,
	[MEAS_RATE] = K_PERIOD | K_RATE,
	[MEAS_DURATION_MEDIAN] = K_PERIOD | K_FROMTO | K_UNIT,
	[MEAS_DURATION_PERCENTILE] = K_PERIOD | K_FROMTO | K_P | K_UNIT,
	[MEAS_DURATION_MEAN] = K_PERIOD | K_FROMTO | K_UNIT,
	[MEAS_SHARE_IN_GROUP] = K_PERIOD | K_GROUP,
};
static const struct { const char *key; int need; } compute_keys[] = {
	{ "dataset", 0 }, { "measure", 0 }, { "breakdown", 0 }, { "where", 0 }, { "filter", 0 },
	{ "since", 0 },
	{ "period_by", K_PERIOD }, { "from", K_FROMTO }, { "to", K_FROMTO },
	{ "field", K_FIELD | K_GROUP }, { "group", K_GROUP }, { "area", K_GROUP }, { "p", K_P }, { "percentile", K_P }, { "within", K_WITHIN },
	{ "numerator", K_RATE }, { "denominator", K_RATE }, { "complement", K_RATE },
	{ "scale", K_RATE }, { "unit", K_UNIT },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- names -------------------------------------------------------------------------- */

const char *
catalog_measure_name(enum measure m)
{
	return measure_names[m];
}

int
catalog_measure_parse(const char *s, enum measure *out)
{
	for (size_t i = 0; i < NELEM(measure_names); i++)
		if (strcmp(s, measure_names[i]) == 0) {
			*out = (enum measure)i;
			return 0;
		}
	return -1;
}

const char *
catalog_filter_op_name(enum filter_op op)
{
	return op_names[op];
}

int
catalog_filter_op_parse(const char *s, enum filter_op *out)
{
	for (size_t i = 0; i < NELEM(op_names); i++)
		if (strcmp(s, op_names[i]) == 0) {
			*out = (enum filter_op)i;
			return 0;
		}
	for (size_t i = 0; i < NELEM(op_symbols); i++)
		if (strcmp(s, op_symbols[i].sym) == 0) {
			*out = op_symbols[i].op;
			return 0;
		}
	return -1;
}

int
catalog_measure_is_count(enum measure m)
{
	return m == MEAS_COUNT || m == MEAS_SUM || m == MEAS_OPEN_AT_END;
}

/* ---- lifetime and comparison -------------------------------------------------------- */

void
catalog_compute_free(struct compute *k)
{
	if (k == NULL)
		return;
	free(k->dataset);
	free(k->period_by);
	free(k->from);
	free(k->to);
	free(k->field);
	free(k->numerator);
	free(k->denominator);
	free(k->breakdown);
	free(k->unit);
	free(k->group);
	free(k->area);
	for (size_t i = 0; i < k->nfilters; i++) {
		free(k->filters[i].field);
		ck_strv_free(k->filters[i].vals, k->filters[i].nvals);
	}
	free(k->filters);
	free(k);
}

int
catalog_compute_equal(const struct compute *a, const struct compute *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (!ck_streq(a->dataset, b->dataset) || a->measure != b->measure ||
	    !ck_streq(a->period_by, b->period_by) || !ck_streq(a->from, b->from) ||
	    !ck_streq(a->to, b->to) || !ck_streq(a->field, b->field) ||
	    !ck_streq(a->numerator, b->numerator) || !ck_streq(a->denominator, b->denominator) ||
	    !ck_streq(a->breakdown, b->breakdown) || a->p != b->p || a->within != b->within ||
	    !ck_streq(a->unit, b->unit) || a->complement != b->complement || a->scale != b->scale ||
	    a->nfilters != b->nfilters || a->has_since != b->has_since ||
	    (a->has_since && period_key(&a->since) != period_key(&b->since)) ||
	    !ck_streq(a->group, b->group) || !ck_streq(a->area, b->area))
		return 0;
	for (size_t i = 0; i < a->nfilters; i++) {
		const struct filter *x = &a->filters[i], *y = &b->filters[i];

		if (!ck_streq(x->field, y->field) || x->op != y->op ||
		    !ck_strv_equal(x->vals, x->nvals, y->vals, y->nvals))
			return 0;
	}
	return 1;
}

/* ---- reading compute blocks --------------------------------------------------------- */

/* Check that a filter value reads as the column's type. */
static int
value_fits(const struct ds_column *col, const char *v, struct kp_err *e)
{
	struct evp_zone utc = { 1, 0, "" };
	long long ll;
	long day;
	double d;

	switch (col->type) {
	case COL_TEXT:
		return 0;
	case COL_INTEGER:
		return evp_integer(v, strlen(v), &ll, e);
	case COL_NUMBER:
		return evp_number(v, strlen(v), &d, e);
	case COL_DATE:
		return evp_date(v, strlen(v), NULL, &day, e);
	case COL_DATETIME:
		return evp_datetime(v, strlen(v), NULL, &utc, &ll, e);
	}
	return 0;
}

static void
add_filter(struct ck *ck, struct compute *k, size_t *cap, const struct ds_column *col,
    enum filter_op op, const struct yml_node *v, const char *what)
{
	struct filter f = { NULL, op, NULL, 0 };
	int list = op == FOP_IN || op == FOP_NOT_IN;
	size_t vcap = 0;
	struct kp_err e;

	if (v->type == YML_SEQ && !list) {
		ck_report(ck, v, "%s: where '%s': %s takes one value; use in or not_in for a list",
		    what, col->name, op_names[op]);
		return;
	}
	if ((op == FOP_LT || op == FOP_LE || op == FOP_GT || op == FOP_GE) && col->type == COL_TEXT) {
		ck_report(ck, v, "%s: where '%s': %s compares numbers, dates and times; '%s' is "
		    "text", what, col->name, op_names[op], col->name);
		return;
	}
	for (size_t i = 0; i < (v->type == YML_SEQ ? v->n : 1); i++) {
		const struct yml_node *s = v->type == YML_SEQ ? v->items[i] : v;

		if (s->type != YML_SCALAR || !ck_plain_text(s->text)) {
			ck_report(ck, s, "%s: where '%s': expected a value or a list of values", what,
			    col->name);
			continue;
		}
		if (value_fits(col, s->text, &e) < 0) {
			ck_report(ck, s, "%s: where '%s' is %s: %s", what, col->name,
			    catalog_col_type_name(col->type), e.msg);
			continue;
		}
		f.vals = xgrow(f.vals, &vcap, f.nvals + 1, sizeof *f.vals);
		f.vals[f.nvals++] = xstrdup(s->text);
	}
	f.field = xstrdup(col->name);
	k->filters = xgrow(k->filters, cap, k->nfilters + 1, sizeof *k->filters);
	k->filters[k->nfilters++] = f;
}

static void
read_filters(struct ck *ck, const struct yml_node *n, const struct dataset *d,
    struct compute *k, const char *what)
{
	size_t cap = 0;

	if (n == NULL || yml_is_null(n))
		return;
	if (n->type != YML_MAP) {
		ck_report(ck, n, "%s: 'where' must be a mapping of column: value (or [values], or "
		    "{ not_in: [values] }, { \">=\": number })", what);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_pair *pr = &n->pairs[i];
		const struct ds_column *col = catalog_column(d, pr->key);
		struct yml_node at = { YML_SCALAR, pr->line, pr->col, NULL, 0, NULL, NULL, 0 };

		if (col == NULL) {
			ck_report(ck, &at, "%s: where: dataset '%s' has no column '%s'", what, d->name,
			    pr->key);
			continue;
		}
		if (pr->val->type != YML_MAP) {
			add_filter(ck, k, &cap, col, pr->val->type == YML_SEQ ? FOP_IN : FOP_EQ,
			    pr->val, what);
			continue;
		}
		for (size_t j = 0; j < pr->val->n; j++) {
			const struct yml_pair *o = &pr->val->pairs[j];
			struct yml_node oat = { YML_SCALAR, o->line, o->col, NULL, 0, NULL, NULL, 0 };
			enum filter_op op;

			if (catalog_filter_op_parse(o->key, &op) < 0)
				ck_report(ck, &oat, "%s: where '%s': unknown operator '%s': expected eq, "
				    "ne, in, not_in, lt, le, gt, ge (or = != < <= > >=)", what,
				    col->name, o->key);
			else
				add_filter(ck, k, &cap, col, op, o->val, what);
		}
	}
}

/*
** The column named under `key`, which must exist and (when `types` is not 0) have one of the
** types in the mask (bit = 1 << enum col_type). Returns its name (owned) or NULL.
*/
static char *
column_key(struct ck *ck, const struct yml_node *n, const struct dataset *d, const char *key,
    int types, const char *kind, const char *what)
{
	const char *s = ck_str(ck, n, key, what, 1);
	const struct ds_column *col;

	if (s == NULL || d == NULL)
		return NULL;
	if ((col = catalog_column(d, s)) == NULL) {
		ck_report(ck, yml_get(n, key), "%s: %s: dataset '%s' has no column '%s'", what, key,
		    d->name, s);
		return NULL;
	}
	if (types && !(types & (1 << col->type))) {
		ck_report(ck, yml_get(n, key), "%s: %s: column '%s' is %s; expected %s", what, key,
		    s, catalog_col_type_name(col->type), kind);
		return NULL;
	}
	return xstrdup(s);
}

#define T_DATES		((1 << COL_DATE) | (1 << COL_DATETIME))
#define T_NUMBERS	((1 << COL_INTEGER) | (1 << COL_NUMBER))

/* Check the keys against what the measure uses; reports each stray one. */
static void
check_keys(struct ck *ck, const struct yml_node *n, enum measure ms, const char *what)
{
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_pair *pr = &n->pairs[i];
		struct yml_node at = { YML_SCALAR, pr->line, pr->col, NULL, 0, NULL, NULL, 0 };
		size_t j;

		for (j = 0; j < NELEM(compute_keys); j++)
			if (strcmp(pr->key, compute_keys[j].key) == 0)
				break;
		if (j == NELEM(compute_keys))
			ck_report(ck, &at, "%s: unknown key '%s' in compute: expected dataset, "
			    "measure, period_by, from, to, field, p, within, unit, numerator, "
			    "denominator, complement, scale, group, area, breakdown, where or since",
			    what, pr->key);
		else if (compute_keys[j].need && !(measure_keys[ms] & compute_keys[j].need))
			ck_report(ck, &at, "%s: '%s' does not apply to measure '%s'", what, pr->key,
			    measure_names[ms]);
	}
}

static void
read_measure_args(struct ck *ck, const struct yml_node *n, const struct dataset *d,
    struct compute *k, const struct metric *m, const char *what)
{
	int keys = measure_keys[k->measure];
	const char *s;

	if (keys & K_PERIOD)
		k->period_by = column_key(ck, n, d, "period_by", T_DATES, "a date or datetime", what);
	if (keys & K_FROMTO) {
		k->from = column_key(ck, n, d, "from", T_DATES, "a date or datetime", what);
		k->to = column_key(ck, n, d, "to", T_DATES, "a date or datetime", what);
	}
	if (keys & K_FIELD)
		k->field = column_key(ck, n, d, "field", T_NUMBERS, "an integer or number", what);
	if (keys & K_RATE) {
		k->numerator = column_key(ck, n, d, "numerator", T_NUMBERS, "an integer or number", what);
		k->denominator = column_key(ck, n, d, "denominator", T_NUMBERS,
		    "an integer or number", what);
		k->complement = ck_bool(ck, n, "complement", what, 0);
	}
	if (keys & K_GROUP) {
		if ((s = ck_str(ck, n, "group", what, 1)) != NULL)
			k->group = xstrdup(s);
		k->area = column_key(ck, n, d, "area", (1 << COL_TEXT) | (1 << COL_INTEGER),
		    "text or integer (area ids)", what);
		if (yml_get(n, "field") != NULL)
			k->field = column_key(ck, n, d, "field", T_NUMBERS, "an integer or number",
			    what);
		k->scale = num_pct_for_unit(m->unit) == NUM_PCT_FRACTION ? 1 : 100;
	}
	if (keys & K_UNIT) {
		s = ck_str(ck, n, "unit", what, 0);
		if (s != NULL && evp_unit_seconds(s) == 0)
			ck_report(ck, yml_get(n, "unit"), "%s: bad unit '%s': expected days, hours, "
			    "minutes or seconds", what, s);
		k->unit = xstrdup(s && evp_unit_seconds(s) ? s : "days");
	}
	if (keys & K_P) {
		const char *key = yml_get(n, "percentile") ? "percentile" : "p";
		char *end;

		if ((s = ck_str(ck, n, key, what, 1)) != NULL) {
			k->p = strtod(s, &end);
			if (*s == '\0' || *end != '\0' || !(k->p >= 0 && k->p <= 100))
				ck_report(ck, yml_get(n, key), "%s: bad percentile '%s': expected a "
				    "number from 0 to 100 (90 for the 90th percentile)", what, s);
		}
	}
	if ((keys & K_WITHIN) && (s = ck_str(ck, n, "within", what, 1)) != NULL &&
	    evp_duration(s, k->unit, &k->within) < 0)
		ck_report(ck, yml_get(n, "within"), "%s: bad within '%s': expected a duration such "
		    "as 5 days, 4 hours or 30 minutes", what, s);
	/* A share or a rate in a "%" metric is in points (92.5), in a "ratio" one a fraction. */
	if (k->measure == MEAS_SHARE_WITHIN)
		k->scale = num_pct_for_unit(m->unit) == NUM_PCT_FRACTION ? 1 : 100;
	if (k->measure == MEAS_RATE) {
		char *end;

		k->scale = num_pct_for_unit(m->unit) == NUM_PCT_POINTS ? 100 : 1;
		if ((s = ck_str(ck, n, "scale", what, 0)) != NULL) {
			k->scale = strtod(s, &end);
			if (*s == '\0' || *end != '\0' || !isfinite(k->scale) || k->scale == 0)
				ck_report(ck, yml_get(n, "scale"), "%s: bad scale '%s': expected a "
				    "number such as 100 or 10000", what, s);
		}
	}
}

struct compute *
ck_compute(struct ck *ck, const struct yml_node *n, const struct catalog *c,
    const struct metric *m)
{
	struct compute *k;
	const struct dataset *d = NULL;
	const char *s;
	char what[300];
	int bad = ck->bad;

	snprintf(what, sizeof what, "metric '%s': compute", m->code);
	if (!ck_map(ck, n, what))
		return NULL;
	k = xcalloc(1, sizeof *k);
	if ((s = ck_str(ck, n, "dataset", what, 1)) != NULL) {
		if ((d = catalog_dataset(c, s)) == NULL)
			ck_report(ck, yml_get(n, "dataset"), "%s: unknown dataset '%s': expected one "
			    "of the names under 'datasets'", what, s);
		k->dataset = xstrdup(s);
	}
	if ((s = ck_str(ck, n, "measure", what, 1)) == NULL)
		goto out;
	if (catalog_measure_parse(s, &k->measure) < 0) {
		ck_report(ck, yml_get(n, "measure"), "%s: unknown measure '%s': expected count, sum, "
		    "mean, median, percentile, share_within, open_at_end, rate, duration_median, "
		    "duration_percentile, duration_mean or share_in_group", what, s);
		goto out;
	}
	check_keys(ck, n, k->measure, what);
	if (d == NULL)
		goto out;
	read_measure_args(ck, n, d, k, m, what);
	if (yml_get(n, "breakdown") != NULL)
		k->breakdown = column_key(ck, n, d, "breakdown", 0, NULL, what);
	read_filters(ck, yml_get(n, "where") ? yml_get(n, "where") : yml_get(n, "filter"), d, k,
	    what);
	if ((s = ck_str(ck, n, "since", what, 0)) != NULL) {
		struct kp_err e;

		if (period_parse(s, &k->since, &e) < 0)
			ck_report(ck, yml_get(n, "since"), "%s: since: %s", what, e.msg);
		else if (k->since.kind != period_freq_kind(m->freq))
			ck_report(ck, yml_get(n, "since"), "%s: since '%s' is a %s; the metric is "
			    "reported %s: expected %s", what, s, period_kind_name(k->since.kind),
			    period_freq_name(m->freq), period_kind_example(period_freq_kind(m->freq)));
		else
			k->has_since = 1;
	}
out:
	if (ck->bad != bad) {
		catalog_compute_free(k);
		return NULL;
	}
	return k;
}
