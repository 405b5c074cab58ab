/*
** test_datasets.c: the catalog's datasets and compute blocks, checked at load time with
** FILE:LINE:COL (unknown dataset, missing column, unknown measure, percentile outside 0..100,
** wrong column types, stray keys, bad formats and zones, where: values that do not fit their
** column or operator, bad units, scales and since:); their round trip through the store
** (a reloaded catalog is unchanged); and raw records written and read back through the zones,
** each record once, with key updates, duplicates and --append refusals.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"
#include "store_fixture.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

static struct fx fx;

static const char head[] =
    "departments: [{ code: dev, name: Dev }]\n"
    "datasets:\n"
    "  - name: ev\n"
    "    key: id\n"
    "    columns: { id: text, at: date, done: datetime, kind: text, n: integer, x: number }\n"
    "metrics:\n"
    "  - code: m\n"
    "    name: M\n"
    "    department: dev\n"
    "    unit: \"%\"\n"
    "    direction: higher\n";

static int
group_setup(void **state)
{
	(void)state;
	return fx_dir(&fx, "test_datasets");
}

static int
group_teardown(void **state)
{
	(void)state;
	return fx_remove(&fx);
}

/* Load hd + `rest`; return the first problem as "LINE:COL: message" ("" when it loads). */
static void
first_problem(const char *hd, const char *rest, char *out, size_t n)
{
	char text[4000];
	struct catalog c;
	struct diags d;

	snprintf(text, sizeof text, "%s%s", hd, rest);
	assert_int_equal(fx_write(&fx, text), 0);
	diags_init(&d, 0);
	if (catalog_load_file(fx.yaml, &c, &d) == 0) {
		snprintf(out, n, "%s", "");
		catalog_release(&c);
	} else {
		assert_true(d.n > 0);
		assert_int_equal(strncmp(d.v[0].where, fx.yaml, strlen(fx.yaml)), 0);
		snprintf(out, n, "%s: %s", d.v[0].where + strlen(fx.yaml) + 1, d.v[0].msg);
	}
	diags_release(&d);
}

static void
test_datasets_compute_errors_located(void **state)
{
	static const struct { const char *yaml, *want; } cases[] = {
		{ "    compute: { dataset: nope, period_by: at, measure: count }\n",
		  "12:25: metric 'm': compute: unknown dataset 'nope': expected one of the names under "
		  "'datasets'" },
		{ "    compute: { dataset: ev, period_by: at, measure: avg }\n",
		  "12:53: metric 'm': compute: unknown measure 'avg': expected count, sum, mean, median, "
		  "percentile, share_within, open_at_end, rate, duration_median, duration_percentile, "
		  "duration_mean or share_in_group" },
		{ "    compute: { dataset: ev, period_by: at, measure: sum, field: nosuch }\n",
		  "12:65: metric 'm': compute: field: dataset 'ev' has no column 'nosuch'" },
		{ "    compute: { dataset: ev, period_by: at, measure: percentile, field: n, p: 101 }\n",
		  "12:78: metric 'm': compute: bad percentile '101': expected a number from 0 to 100 "
		  "(90 for the 90th percentile)" },
		{ "    compute: { dataset: ev, period_by: at, measure: duration_percentile, from: at,\n"
		  "               to: done, percentile: -1 }\n",
		  "13:38: metric 'm': compute: bad percentile '-1': expected a number from 0 to 100 "
		  "(90 for the 90th percentile)" },
		{ "    compute: { dataset: ev, period_by: kind, measure: count }\n",
		  "12:40: metric 'm': compute: period_by: column 'kind' is text; expected a date or "
		  "datetime" },
		{ "    compute: { dataset: ev, period_by: at, measure: mean, field: kind }\n",
		  "12:66: metric 'm': compute: field: column 'kind' is text; expected an integer or "
		  "number" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, p: 50 }\n",
		  "12:60: metric 'm': compute: 'p' does not apply to measure 'count'" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, were: { kind: a } }\n",
		  "12:60: metric 'm': compute: unknown key 'were' in compute: expected dataset, measure, "
		  "period_by, from, to, field, p, within, unit, numerator, denominator, complement, "
		  "scale, group, area, breakdown, where or since" },
		{ "    compute: { dataset: ev, period_by: at, measure: count }\n"
		  "    compute2: 1\n"
		  "  - { code: m2, name: M2, department: dev, direction: lower,\n"
		  "      compute: { dataset: ev, measure: open_at_end, from: at, to: done, period_by: at } }\n",
		  "15:73: metric 'm2': compute: 'period_by' does not apply to measure 'open_at_end'" },
		{ "    compute: { dataset: ev, period_by: at, measure: share_within, from: at, to: done,\n"
		  "               within: 5 weeks }\n",
		  "13:24: metric 'm': compute: bad within '5 weeks': expected a duration such as 5 days, "
		  "4 hours or 30 minutes" },
		{ "    compute: { dataset: ev, period_by: at, measure: share_within, from: at, to: done }\n",
		  "12:14: metric 'm': compute: missing required key 'within'" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { nosuch: 1 } }\n",
		  "12:69: metric 'm': compute: where: dataset 'ev' has no column 'nosuch'" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { kind: { \">\": a } } }\n",
		  "12:82: metric 'm': compute: where 'kind': gt compares numbers, dates and times; "
		  "'kind' is text" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { n: { in: [1, x] } } }\n",
		  "12:82: metric 'm': compute: where 'n' is integer: bad whole number 'x': expected "
		  "digits only, such as 42 or -7 (no separators or decimals)" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { at: 2024-02-30 } }\n",
		  "12:73: metric 'm': compute: where 'at' is date: bad date '2024-02-30': February 2024 "
		  "has 29 days" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { n: { like: 1 } } }\n",
		  "12:74: metric 'm': compute: where 'n': unknown operator 'like': expected eq, ne, in, "
		  "not_in, lt, le, gt, ge (or = != < <= > >=)" },
		{ "    compute: { dataset: ev, period_by: at, measure: rate, numerator: n,\n"
		  "               denominator: x, scale: 0 }\n",
		  "13:39: metric 'm': compute: bad scale '0': expected a number such as 100 or 10000" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, breakdown: nosuch }\n",
		  "12:71: metric 'm': compute: breakdown: dataset 'ev' has no column 'nosuch'" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, since: 2024-Q1 }\n",
		  "12:67: metric 'm': compute: since '2024-Q1' is a quarter; the metric is reported "
		  "monthly: expected YYYY-MM (e.g. 2026-10)" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { n: { eq: [1, 2] } } }\n",
		  "12:78: metric 'm': compute: where 'n': eq takes one value; use in or not_in for a list" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { n: { in: [1, [2]] } } }\n",
		  "12:82: metric 'm': compute: where 'n': expected a value or a list of values" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: [kind] }\n",
		  "12:67: metric 'm': compute: 'where' must be a mapping of column: value (or [values], or "
		  "{ not_in: [values] }, { \">=\": number })" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { x: { \">=\": abc } } }\n",
		  "12:80: metric 'm': compute: where 'x' is number: bad value 'abc': expected a number such "
		  "as 4.2, 1,234 or $2,920,000" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, where: { done: { lt: 2024-01-01T25:00 } } }\n",
		  "12:81: metric 'm': compute: where 'done' is datetime: bad date-time '2024-01-01T25:00': "
		  "the time must be 00:00:00..23:59:59" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, filter: { nosuch: 1 } }\n",
		  "12:70: metric 'm': compute: where: dataset 'ev' has no column 'nosuch'" },
		{ "    compute: { dataset: ev, period_by: at, measure: duration_median, from: at, to: done,\n"
		  "               unit: weeks }\n",
		  "13:22: metric 'm': compute: bad unit 'weeks': expected days, hours, minutes or seconds" },
		{ "    compute: { dataset: ev, period_by: at, measure: percentile, field: x, p: ninety }\n",
		  "12:78: metric 'm': compute: bad percentile 'ninety': expected a number from 0 to 100 (90 "
		  "for the 90th percentile)" },
		{ "    compute: { dataset: ev, period_by: at, measure: rate, numerator: n,\n"
		  "               denominator: x, scale: lots }\n",
		  "13:39: metric 'm': compute: bad scale 'lots': expected a number such as 100 or 10000" },
		{ "    compute: { dataset: ev, period_by: at, measure: rate, numerator: kind, denominator: x }\n",
		  "12:70: metric 'm': compute: numerator: column 'kind' is text; expected an integer or "
		  "number" },
		{ "    compute: { dataset: ev, measure: open_at_end, from: at, to: nosuch }\n",
		  "12:65: metric 'm': compute: to: dataset 'ev' has no column 'nosuch'" },
		{ "    compute: { dataset: ev, period_by: at, measure: share_in_group, group: g, area: at }\n",
		  "12:85: metric 'm': compute: area: column 'at' is date; expected text or integer (area "
		  "ids)" },
		{ "    compute: { dataset: ev, period_by: at, measure: count, since: 2024-13 }\n",
		  "12:67: metric 'm': compute: since: bad period '2024-13': month must be 01..12" },
		{ "    compute: [count]\n",
		  "12:14: metric 'm': compute must be a mapping of key: value lines, not a list" },
	};
	char got[600];

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		first_problem(head, cases[i].yaml, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu:\n  got  %s\n  want %s", i, got, cases[i].want);
	}
}

static void
test_datasets_definition_errors_located(void **state)
{
	static const struct { const char *yaml, *want; } cases[] = {
		{ "datasets:\n  - { name: Bad-Name, key: id, columns: { id: text } }\n",
		  "4:13: bad dataset name 'Bad-Name': use lower-case letters, digits and '_', starting "
		  "with a letter (at most 48 characters)" },
		{ "datasets:\n  - { name: d, key: nope, columns: { id: text } }\n",
		  "4:21: dataset 'd': key column 'nope' is not among the columns" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: text, t: timestamp } }\n",
		  "4:49: dataset 'd': column 't': unknown type 'timestamp': expected text, integer, "
		  "number, date or datetime" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: number } }\n",
		  "4:21: dataset 'd': key column 'id' is a number; a key is text, integer, date or "
		  "datetime" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: text }, date_format: \"%d/%m\" }\n",
		  "4:61: dataset 'd': bad format '%d/%m': a date needs %Y, %m (or %b) and %d" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: text }, time_zone: Mars/Base }\n",
		  "4:59: dataset 'd': unknown time zone 'Mars/Base': expected UTC, an offset such as "
		  "+01:00, or a zone name such as America/Chicago" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: text, Id: text } }\n",
		  "4:46: dataset 'd': bad column name 'Id': use lower-case letters, digits and '_', "
		  "starting with a letter (at most 48 characters)" },
		{ "datasets:\n  - { name: d, key: id }\n",
		  "4:5: dataset 'd': missing required key 'columns' (name: type for each column)" },
		{ "datasets:\n  - { name: d, columns: { id: text } }\n",
		  "4:5: dataset 'd': missing required key 'key' (the column, or list of columns, that "
		  "identifies a record)" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: text }, extra_columns: maybe }\n",
		  "4:63: dataset 'd': bad extra_columns 'maybe': expected ignore or error" },
		{ "datasets:\n  - { name: d, key: id, columns: { id: text } }\n"
		  "  - { name: d, key: id, columns: { id: text } }\n",
		  "5:13: dataset 'd' is defined twice" },
	};
	char got[600];

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		first_problem("departments: [{ code: dev, name: Dev }]\nmetrics: []\n", cases[i].yaml,
		    got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu:\n  got  %s\n  want %s", i, got, cases[i].want);
	}
}

static const char full[] =
    "departments: [{ code: dev, name: Dev }]\n"
    "metrics:\n"
    "  - { code: m1, name: M1, department: dev, direction: lower,\n"
    "      compute: { dataset: ev, period_by: at, measure: count } }\n"
    "  - code: m2\n"
    "    name: M2\n"
    "    department: dev\n"
    "    unit: ratio\n"
    "    direction: higher\n"
    "    compute: { dataset: ev, period_by: done, measure: rate, numerator: n, denominator: x,\n"
    "               complement: true, breakdown: kind, since: 2024-03,\n"
    "               where: { kind: [a, b], n: { \">=\": 2, \"<\": 9 }, x: { not_in: [1.5] } } }\n"
    "  - code: m3\n"
    "    name: M3\n"
    "    department: dev\n"
    "    unit: days\n"
    "    direction: lower\n"
    "    compute: { dataset: ev, period_by: done, measure: duration_percentile, p: 90,\n"
    "               from: at, to: done, unit: hours }\n"
    "  - code: m4\n"
    "    name: M4\n"
    "    department: dev\n"
    "    unit: cases\n"
    "    direction: lower\n"
    "    compute: { dataset: ev, measure: open_at_end, from: at, to: done }\n"
    "  - { code: m5, name: M5, department: dev, direction: lower }\n"
    "  - code: m6\n"
    "    name: M6\n"
    "    department: dev\n"
    "    unit: \"%\"\n"
    "    direction: higher\n"
    "    compute: { dataset: ev, period_by: at, measure: share_within, from: at, to: done,\n"
    "               within: 4 hours }\n"
    "datasets:\n"
    "  - name: ev\n"
    "    key: id\n"
    "    columns: { id: text, at: date, done: datetime, kind: text, n: integer, x: number }\n"
    "  - name: calls\n"
    "    key: [day, unit]\n"
    "    date_format: \"%d/%m/%Y\"\n"
    "    datetime_format: \"%d/%m/%Y %H:%M\"\n"
    "    time_zone: Europe/London\n"
    "    empty_means_null: false\n"
    "    null_values: [NA, \"N/A\"]\n"
    "    extra_columns: ignore\n"
    "    source: CAD\n"
    "    columns:\n"
    "      day: date\n"
    "      unit: { type: text }\n"
    "      at: { type: datetime, format: \"%Y%m%d %H%M\", required: true }\n";

struct lines {
	char	v[8][200];
	size_t	n;
};

static void
collect(void *arg, const char *line)
{
	struct lines *l = arg;

	if (l->n < NELEM(l->v))
		snprintf(l->v[l->n], sizeof l->v[0], "%s", line);
	l->n++;
}

static void
load(const char *text, struct catalog *c)
{
	if (fx_catalog(&fx, text, c) != 0)
		fail_msg("the catalog does not load (its first problem above)");
}
static void
test_datasets_round_trip_through_store(void **state)
{
	struct catalog c, back, less;
	struct lines l;
	struct kp_err e;
	struct store *st;
	const struct metric *m;

	(void)state;
	load(full, &c);
	assert_int_equal(c.ndatasets, 2);
	m = catalog_metric(&c, "m2");
	assert_non_null(m->compute);
	assert_int_equal(m->compute->nfilters, 4);
	assert_int_equal(m->compute->filters[1].op, FOP_GE);
	assert_int_equal(m->compute->filters[3].op, FOP_NOT_IN);
	assert_true(m->compute->scale == 1);		/* a ratio: no x100 */
	assert_true(catalog_metric(&c, "m6")->compute->within == 4 * 3600);
	assert_true(catalog_metric(&c, "m6")->compute->scale == 100);
	assert_null(catalog_metric(&c, "m5")->compute);
	assert_true(catalog_dataset(&c, "calls")->cols[2].required);
	assert_true(catalog_dataset(&c, "calls")->cols[0].required);	/* a key column */
	assert_int_equal(catalog_dataset(&c, "calls")->nkey, 2);

	st = fx_store(&fx, &c);
	assert_non_null(st);
	assert_int_equal(store_catalog_read(st, &back, &e), 0);
	memset(&l, 0, sizeof l);
	if (catalog_diff(&back, &c, collect, &l) != 0)
		fail_msg("a reloaded catalog differs: %s", l.v[0]);
	for (size_t i = 0; i < c.ndatasets; i++)
		assert_true(catalog_dataset_equal(&c.datasets[i],
		    catalog_dataset(&back, c.datasets[i].name)));
	catalog_release(&back);

	/* Without the calls dataset and with m3 changed: both reported, and written. */
	load(full, &less);
	catalog_dataset_release(&less.datasets[1]);
	less.ndatasets = 1;
	catalog_compute_free(less.metrics[2].compute);
	less.metrics[2].compute = NULL;
	less.metrics[2].computed = 0;
	memset(&l, 0, sizeof l);
	assert_int_equal(catalog_diff(&c, &less, collect, &l), 2);
	assert_string_equal(l.v[0], "metric 'm3' changed: compute");
	assert_string_equal(l.v[1], "dataset 'calls' removed (its records are kept)");
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_catalog_write(st, &less, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_catalog_read(st, &back, &e), 0);
	assert_int_equal(back.ndatasets, 1);
	assert_null(catalog_metric(&back, "m3")->compute);
	memset(&l, 0, sizeof l);
	assert_int_equal(catalog_diff(&back, &less, collect, &l), 0);
	catalog_release(&back);
	catalog_release(&less);
	store_close(st);
	catalog_release(&c);
}

/* ---- records ---------------------------------------------------------------------- */

struct seen {
	int	 count[25000];	/* times each id was passed */
	long	 n;
};

static int
tally(void *arg, const struct ev_value *v)
{
	struct seen *s = arg;
	int id = atoi(v[0].s + 1);

	assert_true(id >= 0 && id < 25000);
	s->count[id]++;
	s->n++;
	return 0;
}

/* The problems a writer reported: outcome and tag (the id) of each. */
struct reports {
	enum ev_outcome	 out[8];
	long long	 tag[8];
	size_t		 n;
};

static void
on_report(void *arg, enum ev_outcome out, long long tag, const char *note, size_t nlen)
{
	struct reports *r = arg;

	(void)note;
	(void)nlen;
	assert_true(r->n < 8);
	r->out[r->n] = out;
	r->tag[r->n++] = tag;
}

static void
put(struct ev_writer *w, int id, long at, long long done, int kind)
{
	struct ev_value v[6];
	struct kp_err e;
	char key[16];

	memset(v, 0, sizeof v);
	snprintf(key, sizeof key, "r%05d", id);
	v[0].s = key;
	v[0].n = strlen(key);
	v[1].i = at;
	v[2].null = done < 0;
	v[2].i = done;
	v[3].s = kind ? "a" : "b";
	v[3].n = 1;
	v[4].i = id;
	v[5].d = id / 2.0;
	if (store_ev_put(w, v, id, key, strlen(key), &e) != 0)
		fail_msg("put %d: %s", id, e.msg);
}

#define NREC	20000	/* about twenty zones */

static void
test_datasets_records_and_blocks(void **state)
{
	struct catalog c;
	const struct dataset *d;
	struct ev_counts counts;
	struct reports rep;
	struct ev_writer *w;
	struct ev_info info;
	struct kp_err e;
	struct store *st;
	struct seen *s = calloc(1, sizeof *s);
	const char *cols[] = { "id", "at", "done" };
	long jan = period_days_from_civil(2024, 1, 1);
	long long lo, hi;

	(void)state;
	memset(&counts, 0, sizeof counts);
	memset(&rep, 0, sizeof rep);
	load(full, &c);
	d = catalog_dataset(&c, "ev");
	st = fx_store(&fx, &c);
	assert_non_null(st);
	assert_int_equal(store_ev_info(st, d, &info, &e), 0);
	assert_int_equal(info.exists, 0);

	/* Records in key order, ten a day; each closes 30 days later, every 10th never. */
	w = store_ev_begin(st, d, EV_MERGE, "a.csv", "t", on_report, &rep, &e);
	assert_non_null(w);
	for (int i = 0; i < NREC; i++)
		put(w, i, jan + i / 10, i % 10 == 0 ? -1 : (long long)(jan + i / 10 + 30) * 86400,
		    i % 2);
	put(w, 5, jan, -1, 0);		/* out of order and given before: found at the end */
	assert_int_equal(rep.n, 0);
	assert_int_equal(store_ev_finish(w, &counts, &e), 0);
	assert_int_equal(counts.added, NREC);
	assert_int_equal(counts.duplicate, 1);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.out[0], EV_DUPLICATE);
	assert_int_equal(rep.tag[0], 5);
	assert_int_equal(store_ev_commit(w, &counts, &e), 0);

	/* A second import: an update out of key order (moves r00003's dates), a new key. */
	memset(&rep, 0, sizeof rep);
	w = store_ev_begin(st, d, EV_MERGE, "b.csv", "t", on_report, &rep, &e);
	assert_non_null(w);
	put(w, 3, jan + 1505, -1, 0);
	put(w, 4, jan + 4 / 10, (long long)(jan + 4 / 10 + 30) * 86400, 0);
	put(w, 4, jan, -1, 0);		/* in order, given twice: reported at once */
	assert_int_equal(rep.n, 2);	/* after the update of r00003, reported too */
	put(w, 22000, jan + 1501, (long long)(jan + 1502) * 86400, 0);
	assert_int_equal(store_ev_finish(w, &counts, &e), 0);
	assert_int_equal(counts.added, 1);
	assert_int_equal(counts.updated, 1);
	assert_int_equal(counts.unchanged, 1);
	assert_int_equal(counts.duplicate, 1);
	assert_int_equal(rep.n, 2);
	assert_int_equal(rep.out[0], EV_UPDATED);
	assert_int_equal(rep.tag[0], 3);
	assert_int_equal(rep.out[1], EV_DUPLICATE);
	assert_int_equal(rep.tag[1], 4);
	assert_int_equal(store_ev_commit(w, &counts, &e), 0);
	memset(&rep, 0, sizeof rep);
	w = store_ev_begin(st, d, EV_APPEND, "c.csv", "t", on_report, &rep, &e);
	assert_non_null(w);
	put(w, 7, jan, -1, 0);
	assert_int_equal(store_ev_finish(w, &counts, &e), 0);
	assert_int_equal(counts.exists, 1);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.out[0], EV_EXISTS);
	assert_int_equal(rep.tag[0], 7);
	store_ev_abort(w);
	assert_int_equal(store_ev_info(st, d, &info, &e), 0);
	assert_int_equal(info.exists, 1);
	assert_int_equal(info.same_columns, 1);
	assert_int_equal(info.records, NREC + 1);

	/* Everything, once. */
	assert_int_equal(store_ev_scan(st, d, cols, 3, NULL, 0, NULL, tally, s, &e), 0);
	assert_int_equal(s->n, NREC + 1);
	assert_int_equal(store_ev_span(st, d, "at", &lo, &hi, &e), 1);
	assert_int_equal(lo, jan);
	assert_int_equal(hi, jan + (NREC - 1) / 10);

	/* A day range: at least the records in it, each once, far fewer than all. */
	{
		struct ev_cond cond = { "at", jan + 1500, jan + 1510 };

		memset(s, 0, sizeof *s);
		assert_int_equal(store_ev_scan(st, d, cols, 3, &cond, 1, NULL, tally, s, &e), 0);
		for (int i = 15000; i <= 15109; i++)
			assert_int_equal(s->count[i], 1);
		assert_int_equal(s->count[3], 1);	/* moved there by the update */
		assert_int_equal(s->count[22000], 1);
		for (int i = 0; i < 25000; i++)
			assert_true(s->count[i] <= 1);
		/* Only the records in the range are passed on. */
		assert_int_equal(s->n, 110 + 2);
	}
	/* Open records (no `done`) and those closed in the range, each once. */
	{
		struct ev_cond cond = { "done", (long long)(jan + 1990) * 86400, LLONG_MAX };
		int open = 0;

		memset(s, 0, sizeof *s);
		assert_int_equal(store_ev_scan(st, d, cols, 3, &cond, 1, "done", tally, s, &e), 0);
		for (int i = 0; i < 25000; i++) {
			assert_true(s->count[i] <= 1);
			if (i < NREC && (i % 10 == 0 || i == 3)) {
				assert_int_equal(s->count[i], 1);
				open++;
			}
		}
		for (int i = 19600; i < NREC; i++)
			assert_int_equal(s->count[i], 1);
		if (s->n >= NREC / 2)
			fail_msg("open records read %ld of %d records", s->n, NREC);
		assert_int_equal(open, NREC / 10 + 1);
	}
	store_close(st);
	catalog_release(&c);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_datasets_compute_errors_located),
		cmocka_unit_test(test_datasets_definition_errors_located),
		cmocka_unit_test(test_datasets_round_trip_through_store),
		cmocka_unit_test(test_datasets_records_and_blocks),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
