/*
** test_compute.c: the measures of computed metrics, fed records directly (no store): order
** statistics against a sorted reference, every measure on a small hand-checked dataset, zero
** fill for counts and none for the rest, breakdown labels (text, numbers, dates, date-times,
** seeded values), filters (equals, in, not in, numeric, date and date-time comparisons, empty
** values), open_at_end at period ends, records closed before they
** were opened, quarters and fiscal years, and results independent of record order; which
** periods a compute rewrites, and which stored figures it no longer gives (to withdraw).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/period.h"
#include "kpistat/xmalloc.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

/* The columns of the test dataset, in row order. */
static const char *const cols[] = { "id", "district", "opened", "closed", "kind", "amount", "base" };
static struct ds_column dcols[] = {
	{ (char *)"id", COL_TEXT, NULL, 1 },
	{ (char *)"district", COL_INTEGER, NULL, 0 },
	{ (char *)"opened", COL_DATE, NULL, 0 },
	{ (char *)"closed", COL_DATE, NULL, 0 },
	{ (char *)"kind", COL_TEXT, NULL, 0 },
	{ (char *)"amount", COL_NUMBER, NULL, 0 },
	{ (char *)"base", COL_INTEGER, NULL, 0 },
};
static char *keys[] = { (char *)"id" };
static struct dataset ds = { (char *)"cases", keys, 1, dcols, NELEM(dcols), NULL, NULL, NULL, 1,
    NULL, 0, 0, NULL, NULL };

struct rec {
	const char	*id;
	int		 district;	/* 0: empty */
	const char	*opened, *closed, *kind;
	double		 amount;	/* NAN: empty */
	int		 base;
};

/* Cases in 2024: opened/closed dates, a kind, an amount and a base. */
static const struct rec recs[] = {
	{ "a", 1, "2024-01-03", "2024-01-05", "weeds", 10, 100 },
	{ "b", 1, "2024-01-10", "2024-01-20", "debris", 20, 100 },
	{ "c", 2, "2024-01-15", "2024-02-01", "weeds", 30, 200 },
	{ "d", 2, "2024-01-31", NULL, "weeds", NAN, 50 },
	{ "e", 0, "2024-02-02", "2024-02-04", "", 5, 10 },
	{ "f", 1, "2024-03-20", "2024-03-10", "debris", 7, 70 },	/* closed before opened */
	{ "g", 3, "2024-04-01", "2024-04-01", "weeds", 1, 1 },
};

static void
to_row(const struct rec *r, struct ev_value *v)
{
	memset(v, 0, NELEM(cols) * sizeof *v);
	v[0].s = r->id;
	v[0].n = strlen(r->id);
	v[1].null = r->district == 0;
	v[1].i = r->district;
	v[2].null = r->opened == NULL;
	if (r->opened)
		v[2].i = period_days_from_civil(atoi(r->opened), atoi(r->opened + 5), atoi(r->opened + 8));
	v[3].null = r->closed == NULL;
	if (r->closed)
		v[3].i = period_days_from_civil(atoi(r->closed), atoi(r->closed + 5), atoi(r->closed + 8));
	v[4].s = r->kind;
	v[4].n = strlen(r->kind);
	v[4].null = *r->kind == '\0';
	v[5].null = isnan(r->amount);
	v[5].d = r->amount;
	v[6].i = r->base;
}

/* share_in_group: the group's area ids that run() gives its jobs (none: NULL). */
static char *const *group_ids;
static size_t ngroup_ids;

struct out {
	char	lines[64][96];
	size_t	n;
	long	bad[16];
};

static int
collect(void *arg, const struct cfigure *f)
{
	struct out *o = arg;
	char p[PERIOD_STRLEN];

	assert_true(o->n < NELEM(o->lines));
	snprintf(o->lines[o->n++], sizeof o->lines[0], "%s %s %.10g", period_format(&f->period, p),
	    *f->breakdown ? f->breakdown : "-", f->value);
	return 0;
}

static int
note(void *arg, const struct period *p, const char *what, long count)
{
	struct out *o = arg;

	(void)what;
	o->bad[p->n % 16] += count;
	return 0;
}

/* m: the metric "t" computed by k, in `unit`, at `freq`. */
static void
metric_of(struct metric *m, struct compute *k, const char *unit, enum period_freq freq)
{
	memset(m, 0, sizeof *m);
	m->code = (char *)"t";
	m->unit = (char *)unit;
	m->freq = freq;
	m->computed = 1;
	m->compute = k;
}

/*
** Run a compute block (YAML-free: the struct) over recs, in order or reversed, for months
** 2024-01..2024-04, and compare the figures with `want` (NULL-terminated).
*/
static void
run(struct compute *k, const char *unit, enum period_freq freq, long klo, long khi,
    const char *const *want, struct out *o)
{
	struct metric m;
	struct ev_value v[NELEM(cols)];

	for (int pass = 0; pass < 2; pass++) {
		struct cjob *j;
		size_t n = 0;

		metric_of(&m, k, unit, freq);
		j = cjob_new(&m, &ds, 7, cols, NELEM(cols), klo, khi);
		assert_non_null(j);
		if (group_ids != NULL)
			cjob_set_group(j, group_ids, ngroup_ids, NULL);
		memset(o, 0, sizeof *o);
		for (size_t i = 0; i < NELEM(recs); i++) {
			to_row(&recs[pass ? NELEM(recs) - 1 - i : i], v);
			cjob_add(j, v);
		}
		assert_int_equal(cjob_finish(j, collect, note, o), 0);
		cjob_free(j);
		while (want[n] != NULL)
			n++;
		for (size_t i = 0; i < o->n || i < n; i++)
			if (i >= o->n || i >= n || strcmp(o->lines[i], want[i]) != 0)
				fail_msg("line %zu (pass %d): got '%s', want '%s'", i, pass,
				    i < o->n ? o->lines[i] : "(none)", i < n ? want[i] : "(none)");
	}
}

static long
mkey(int y, int m)
{
	struct period p = { PERIOD_MONTH, y, m };

	return period_key(&p);
}

static void
test_compute_percentile_matches_sorted(void **state)
{
	unsigned seed = 7;

	(void)state;
	for (int t = 0; t < 300; t++) {
		size_t n = 1 + (size_t)(t * 7 % 97);
		double *v = xmalloc(n * sizeof *v), *s = xmalloc(n * sizeof *s);
		double p = (t % 11) * 10;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			v[i] = (double)((seed >> 16) % (t % 3 ? 1000 : 5));	/* many ties too */
			s[i] = v[i];
		}
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && s[j - 1] > s[j]; j--) {
				double x = s[j];

				s[j] = s[j - 1];
				s[j - 1] = x;
			}
		{
			double h = (double)(n - 1) * p / 100, want;
			size_t lo = (size_t)floor(h);

			want = lo + 1 < n ? s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]) : s[lo];
			assert_true(fabs(compute_percentile(v, n, p) - want) < 1e-9);
		}
		free(v);
		free(s);
	}
}

static void
test_compute_median_small(void **state)
{
	double a[] = { 3, 1, 2 }, b[] = { 4, 1, 3, 2 }, c[] = { 5 };

	(void)state;
	assert_true(compute_median(a, 3) == 2);
	assert_true(compute_median(b, 4) == 2.5);
	assert_true(compute_median(c, 1) == 5);
}

static void
test_compute_count_zero_fill_and_breakdown(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened", .breakdown = (char *)"district" };
	static const char *const want[] = {
		"2024-01 - 4", "2024-01 district=1 2", "2024-01 district=2 2",
		"2024-01 district=3 0",
		"2024-02 - 1", "2024-02 district=1 0", "2024-02 district=2 0", "2024-02 district=3 0",
		"2024-03 - 1", "2024-03 district=1 1", "2024-03 district=2 0", "2024-03 district=3 0",
		"2024-04 - 1", "2024-04 district=1 0", "2024-04 district=2 0", "2024-04 district=3 1",
		NULL };
	struct out o;

	(void)state;
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), want, &o);
}

static void
test_compute_filters(void **state)
{
	char *weeds[] = { (char *)"weeds" }, *two[] = { (char *)"weeds", (char *)"debris" };
	char *ge[] = { (char *)"20" }, *d1[] = { (char *)"1" };
	struct filter f1[] = { { (char *)"kind", FOP_EQ, weeds, 1 } };
	struct filter f2[] = { { (char *)"kind", FOP_NOT_IN, two, 2 } };
	struct filter f3[] = { { (char *)"amount", FOP_GE, ge, 1 }, { (char *)"district", FOP_NE, d1, 1 } };
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened" };
	static const char *const w1[] = { "2024-01 - 3", "2024-02 - 0", "2024-03 - 0", "2024-04 - 1", NULL };
	static const char *const w2[] = { "2024-01 - 0", "2024-02 - 1", "2024-03 - 0", "2024-04 - 0", NULL };
	static const char *const w3[] = { "2024-01 - 1", "2024-02 - 0", "2024-03 - 0", "2024-04 - 0", NULL };
	struct out o;

	(void)state;
	k.filters = f1;
	k.nfilters = 1;
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), w1, &o);
	/* not_in keeps the empty kind (as SQL's NOT IN would not: documented). */
	k.filters = f2;
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), w2, &o);
	/* An empty amount fails >=; an empty district passes != 1. */
	k.filters = f3;
	k.nfilters = 2;
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), w3, &o);
}

static void
test_compute_numeric_measures(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .period_by = (char *)"opened",
	    .field = (char *)"amount" };
	static const char *const sum[] = { "2024-01 - 60", "2024-02 - 5", "2024-03 - 7",
	    "2024-04 - 1", NULL };
	static const char *const mean[] = { "2024-01 - 20", "2024-02 - 5", "2024-03 - 7",
	    "2024-04 - 1", NULL };
	static const char *const median[] = { "2024-01 - 20", "2024-02 - 5", "2024-03 - 7",
	    "2024-04 - 1", NULL };
	static const char *const p90[] = { "2024-01 - 28", "2024-02 - 5", "2024-03 - 7",
	    "2024-04 - 1", NULL };
	static const char *const rate[] = { "2024-01 - 15", "2024-02 - 50", "2024-03 - 10",
	    "2024-04 - 100", NULL };
	static const char *const comp[] = { "2024-01 - 0.85", "2024-02 - 0.5",
	    "2024-03 - 0.9", "2024-04 - 0", NULL };
	struct out o;

	(void)state;
	k.measure = MEAS_SUM;
	run(&k, "USD", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), sum, &o);
	k.measure = MEAS_MEAN;
	run(&k, "USD", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), mean, &o);
	k.measure = MEAS_MEDIAN;
	run(&k, "USD", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), median, &o);
	k.measure = MEAS_PERCENTILE;
	k.p = 90;
	run(&k, "USD", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), p90, &o);
	/* rate: sum(amount) / sum(base) over records with both; d has no amount. */
	k.measure = MEAS_RATE;
	k.field = NULL;
	k.numerator = (char *)"amount";
	k.denominator = (char *)"base";
	k.scale = 100;
	run(&k, "%", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), rate, &o);
	k.complement = 1;
	k.scale = 1;
	run(&k, "ratio", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), comp, &o);
}

static void
test_compute_durations(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .period_by = (char *)"closed",
	    .from = (char *)"opened", .to = (char *)"closed", .unit = (char *)"days" };
	/* By month closed: Jan a(2) b(10); Feb c(17) e(2); Mar f(-10: left out); Apr g(0). */
	static const char *const med[] = { "2024-01 - 6", "2024-02 - 9.5", "2024-04 - 0", NULL };
	static const char *const share[] = { "2024-01 - 50", "2024-02 - 50", "2024-04 - 100", NULL };
	static const char *const hours[] = { "2024-01 - 240", "2024-02 - 408", "2024-04 - 0", NULL };
	static const char *const mean[] = { "2024-01 - 6", "2024-02 - 9.5", "2024-04 - 0", NULL };
	struct out o;

	(void)state;
	k.measure = MEAS_DURATION_MEDIAN;
	run(&k, "days", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), med, &o);
	assert_int_equal(o.bad[3], 1);		/* f, in March */
	assert_int_equal(o.bad[1] + o.bad[2] + o.bad[4], 0);
	k.measure = MEAS_SHARE_WITHIN;
	k.within = 5 * 86400;
	k.scale = 100;
	run(&k, "%", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), share, &o);
	k.measure = MEAS_DURATION_PERCENTILE;
	k.p = 100;
	k.unit = (char *)"hours";
	run(&k, "hours", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), hours, &o);
	k.measure = MEAS_DURATION_MEAN;
	k.unit = (char *)"days";
	run(&k, "days", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), mean, &o);
}

/*
** Durations are kept as 32-bit seconds while they fit; a case open for a century does not, and
** the cell goes over to doubles mid-way, with the same medians (in order and reversed).
*/
static void
test_compute_long_durations(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .period_by = (char *)"closed",
	    .from = (char *)"opened", .to = (char *)"closed", .unit = (char *)"days",
	    .measure = MEAS_DURATION_MEDIAN };
	struct cjob *j;
	struct metric m;
	struct ev_value v[NELEM(cols)];
	struct out o;
	static const struct rec old[] = {
		{ "x", 1, "2024-01-01", "2024-01-03", "", 1, 1 },	/* 2 days */
		{ "y", 1, "1900-01-01", "2024-01-10", "", 1, 1 },	/* 45,299 days */
		{ "z", 1, "2024-01-01", "2024-01-05", "", 1, 1 },	/* 4 days */
	};

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		metric_of(&m, &k, "days", FREQ_MONTHLY);
		j = cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 1));
		assert_non_null(j);
		memset(&o, 0, sizeof o);
		for (size_t i = 0; i < NELEM(old); i++) {
			to_row(&old[pass ? NELEM(old) - 1 - i : i], v);
			cjob_add(j, v);
		}
		assert_int_equal(cjob_finish(j, collect, note, &o), 0);
		cjob_free(j);
		assert_int_equal(o.n, 1);
		assert_string_equal(o.lines[0], "2024-01 - 4");
	}
	k.measure = MEAS_DURATION_PERCENTILE;
	k.p = 100;
	memset(&m, 0, sizeof m);
	m.code = (char *)"t";
	m.freq = FREQ_MONTHLY;
	m.computed = 1;
	m.compute = &k;
	j = cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 1));
	memset(&o, 0, sizeof o);
	for (size_t i = 0; i < NELEM(old); i++) {
		to_row(&old[i], v);
		cjob_add(j, v);
	}
	assert_int_equal(cjob_finish(j, collect, note, &o), 0);
	cjob_free(j);
	assert_string_equal(o.lines[0], "2024-01 - 45299");
}

static void
test_compute_open_at_end(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_OPEN_AT_END,
	    .from = (char *)"opened", .to = (char *)"closed", .breakdown = (char *)"kind" };
	/*
	** Month ends: Jan 31: c (closes Feb 1), d (never) -> 2; Feb 29: d -> 1; Mar 31: d (f was
	** closed before opened: left out) -> 1; Apr 30: d (g opened and closed Apr 1) -> 1.
	*/
	static const char *const want[] = {
		"2024-01 - 2", "2024-01 kind=debris 0", "2024-01 kind=weeds 2",
		"2024-02 - 1", "2024-02 kind=debris 0", "2024-02 kind=weeds 1",
		"2024-03 - 1", "2024-03 kind=debris 0", "2024-03 kind=weeds 1",
		"2024-04 - 1", "2024-04 kind=debris 0", "2024-04 kind=weeds 1", NULL };
	/* From February only: records opened before still count. */
	static const char *const late[] = {
		"2024-02 - 1", "2024-02 kind=debris 0", "2024-02 kind=weeds 1",
		"2024-03 - 1", "2024-03 kind=debris 0", "2024-03 kind=weeds 1", NULL };
	struct out o;

	(void)state;
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), want, &o);
	assert_int_equal(o.bad[3], 1);
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 2), mkey(2024, 3), late, &o);
}

static void
test_compute_quarters_and_fiscal_years(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened" };
	struct period q1 = { PERIOD_QUARTER, 2024, 1 }, q2 = { PERIOD_QUARTER, 2024, 2 };
	struct period fy = { PERIOD_FYEAR, 2024, 0 };
	static const char *const wq[] = { "2024-Q1 - 6", "2024-Q2 - 1", NULL };
	/* FY2024 runs July 2023 .. June 2024: every record. */
	static const char *const wf[] = { "FY2024 - 7", NULL };
	struct out o;

	(void)state;
	run(&k, "cases", FREQ_QUARTERLY, period_key(&q1), period_key(&q2), wq, &o);
	run(&k, "cases", FREQ_FISCAL_YEARLY, period_key(&fy), period_key(&fy), wf, &o);
}

static void
test_compute_missing_columns_refused(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_SUM,
	    .period_by = (char *)"opened", .field = (char *)"nosuch" };
	struct metric m;

	(void)state;
	memset(&m, 0, sizeof m);
	m.code = (char *)"t";
	m.unit = (char *)"";
	m.compute = &k;
	assert_null(cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 2)));
	k.field = (char *)"amount";
	assert_null(cjob_new(&m, &ds, 7, cols, 3, mkey(2024, 1), mkey(2024, 2)));	/* not read */
	/* no periods (the range's end before its start), or a metric with no compute block */
	assert_null(cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 2), mkey(2024, 1)));
	m.compute = NULL;
	assert_null(cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 2)));
}

/* The periods a compute rewrites: since:, --period and --since, in the metric's own kind. */
static void
test_compute_range(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened" };
	struct period may = { PERIOD_MONTH, 2024, 5 }, feb = { PERIOD_MONTH, 2024, 2 };
	struct period q2 = { PERIOD_QUARTER, 2024, 2 }, fy25 = { PERIOD_FYEAR, 2025, 0 };
	struct period aug = { PERIOD_MONTH, 2024, 8 };
	struct compute_opts all = { NULL, NULL, 0, NULL }, only = { NULL, &may, 1, NULL };
	struct compute_opts since = { NULL, &feb, 0, NULL };
	struct metric m;
	long lo, hi;

	(void)state;
	memset(&m, 0, sizeof m);
	m.code = (char *)"t";
	m.freq = FREQ_MONTHLY;
	m.computed = 1;
	m.compute = &k;
	/* A full compute rewrites every period. */
	assert_int_equal(compute_range(&m, &all, 7, &lo, &hi), 1);
	assert_true(lo == LONG_MIN && hi == LONG_MAX);
	/* --period: that period only; --since: it and every later one. */
	assert_int_equal(compute_range(&m, &only, 7, &lo, &hi), 1);
	assert_true(lo == mkey(2024, 5) && hi == mkey(2024, 5));
	assert_int_equal(compute_range(&m, &since, 7, &lo, &hi), 1);
	assert_true(lo == mkey(2024, 2) && hi == LONG_MAX);
	/* since: in the compute block is a floor that the options cannot lower. */
	k.has_since = 1;
	k.since = (struct period){ PERIOD_MONTH, 2024, 3 };
	assert_int_equal(compute_range(&m, &all, 7, &lo, &hi), 1);
	assert_true(lo == mkey(2024, 3) && hi == LONG_MAX);
	assert_int_equal(compute_range(&m, &since, 7, &lo, &hi), 1);
	assert_true(lo == mkey(2024, 3));
	only.from = &feb;
	assert_int_equal(compute_range(&m, &only, 7, &lo, &hi), 0);
	k.has_since = 0;
	/* A month asked of a quarterly or fiscal-yearly metric means the period that holds it. */
	m.freq = FREQ_QUARTERLY;
	only.from = &may;
	assert_int_equal(compute_range(&m, &only, 7, &lo, &hi), 1);
	assert_true(lo == period_key(&q2) && hi == period_key(&q2));
	m.freq = FREQ_FISCAL_YEARLY;
	only.from = &aug;
	assert_int_equal(compute_range(&m, &only, 7, &lo, &hi), 1);
	assert_true(lo == period_key(&fy25) && hi == lo);
}

/* The set of stored figures: crossed off in any order, the rest listed in order. */
static void
test_compute_stale_set(void **state)
{
	struct cstale *s = cstale_new();
	struct period jan = { PERIOD_MONTH, 2024, 1 }, feb = { PERIOD_MONTH, 2024, 2 };
	struct period mar = { PERIOD_MONTH, 2024, 3 }, p;
	const char *b;
	size_t i = 0;

	(void)state;
	/* An empty set: nothing to cross off, nothing left. */
	assert_int_equal(cstale_cross(s, &jan, ""), 0);
	assert_int_equal(cstale_next(s, &i, &p, &b), 0);
	cstale_add(s, &mar, "district=4");
	cstale_add(s, &jan, "district=1");
	cstale_add(s, &feb, "");
	cstale_add(s, &jan, NULL);		/* the whole city */
	cstale_add(s, &mar, "");
	assert_int_equal(cstale_cross(s, &jan, ""), 1);
	assert_int_equal(cstale_cross(s, &jan, "district=1"), 1);
	assert_int_equal(cstale_cross(s, &jan, "district=1"), 1);	/* again: still in the set */
	assert_int_equal(cstale_cross(s, &jan, "district=2"), 0);	/* never stored */
	assert_int_equal(cstale_cross(s, &mar, NULL), 1);
	/* Added after the first search: the set sorts itself again. */
	cstale_add(s, &feb, "district=2");
	assert_int_equal(cstale_cross(s, &feb, "district=2"), 1);
	/* Left: February's city figure and March's district 4, in period order. */
	assert_int_equal(cstale_next(s, &i, &p, &b), 1);
	assert_int_equal(period_key(&p), mkey(2024, 2));
	assert_string_equal(b, "");
	assert_int_equal(cstale_next(s, &i, &p, &b), 1);
	assert_int_equal(period_key(&p), mkey(2024, 3));
	assert_string_equal(b, "district=4");
	assert_int_equal(cstale_next(s, &i, &p, &b), 0);
	assert_int_equal(cstale_next(s, &i, &p, &b), 0);
	cstale_free(s);
	cstale_free(NULL);
}

/* Crosses off what a job emits (the part of compute_run's emit that is pure). */
static int
cross(void *arg, const struct cfigure *f)
{
	cstale_cross(arg, &f->period, f->breakdown);
	return 0;
}

/*
** Figures computed from every record, then the records without district 3 and without March:
** what the second run no longer gives is exactly what lost its records. A median has no figure
** there (left to withdraw); a count gives 0 for the stored district within the span (kept).
*/
static void
test_compute_stale_after_records_go(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .period_by = (char *)"opened",
	    .breakdown = (char *)"district", .field = (char *)"amount" };
	struct ev_value v[NELEM(cols)];
	struct metric m;
	const char *b;
	struct period p;
	char got[8][40];
	size_t n;

	(void)state;
	metric_of(&m, &k, "cases", FREQ_MONTHLY);
	for (int measure = 0; measure < 2; measure++) {
		struct cstale *s = cstale_new();
		struct cjob *j;
		size_t i = 0;

		k.measure = measure == 0 ? MEAS_MEDIAN : MEAS_COUNT;
		/* First run: every record; what it emits is what the store holds. */
		j = cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 4));
		assert_non_null(j);
		for (size_t r = 0; r < NELEM(recs); r++) {
			to_row(&recs[r], v);
			cjob_add(j, v);
		}
		{
			struct out o;

			memset(&o, 0, sizeof o);
			assert_int_equal(cjob_finish(j, collect, NULL, &o), 0);
			for (size_t l = 0; l < o.n; l++) {
				char per[16], brk[32];

				assert_int_equal(sscanf(o.lines[l], "%15s %31s", per, brk), 2);
				assert_int_equal(period_parse(per, &p, NULL), 0);
				cstale_add(s, &p, strcmp(brk, "-") == 0 ? "" : brk);
			}
		}
		cjob_free(j);
		/* Second run: without f (March, district 1) and g (April, district 3). */
		j = cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 4));
		assert_non_null(j);
		cjob_seed_breakdown(j, "3");	/* as compute_run seeds stored values for counts */
		for (size_t r = 0; r < NELEM(recs); r++) {
			if (strcmp(recs[r].id, "f") == 0 || strcmp(recs[r].id, "g") == 0)
				continue;
			to_row(&recs[r], v);
			cjob_add(j, v);
		}
		assert_int_equal(cjob_finish(j, cross, NULL, s), 0);
		cjob_free(j);
		for (n = 0; cstale_next(s, &i, &p, &b); n++) {
			char per[PERIOD_STRLEN];

			assert_true(n < NELEM(got));
			snprintf(got[n], sizeof got[0], "%s %s", period_format(&p, per), *b ? b : "-");
		}
		if (measure == 0) {
			/* Medians of amount: March and April lose their only records. */
			assert_int_equal(n, 4);
			assert_string_equal(got[0], "2024-03 -");
			assert_string_equal(got[1], "2024-03 district=1");
			assert_string_equal(got[2], "2024-04 -");
			assert_string_equal(got[3], "2024-04 district=3");
		} else {
			/* Counts: 0 wherever they were stored, so nothing is left to withdraw. */
			assert_int_equal(n, 0);
		}
		cstale_free(s);
	}
}

/*
** share_in_group over districts 1 and 3, by month opened. Records: January a(1), b(1), c(2),
** d(2): 2 of 4 in the group, 50 %; of their base 100 + 100 of 450, 44.44 %. February e has no
** district: 0 %. March f(1) and April g(3): 100 %.
*/
/*
** share_in_group of the area column `area` (of `field`'s sum, or of records: NULL), months
** 2024-01..04, the group being `ids` (none: NULL).
*/
static void
run_share(const char *area, const char *field, char **ids, size_t nids,
    const char *const *want)
{
	struct compute k;
	struct out o;

	memset(&k, 0, sizeof k);
	k.dataset = (char *)"cases";
	k.measure = MEAS_SHARE_IN_GROUP;
	k.period_by = (char *)"opened";
	k.area = (char *)area;
	k.field = (char *)field;
	k.group = (char *)"g";
	k.scale = 100;
	group_ids = ids;
	ngroup_ids = nids;
	run(&k, "%", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), want, &o);
	group_ids = NULL;
	ngroup_ids = 0;
}

static void
test_compute_share_in_group(void **state)
{
	static char *ids[] = { (char *)"1", (char *)"3" };
	static const char *const by_count[] = { "2024-01 - 50", "2024-02 - 0", "2024-03 - 100",
	    "2024-04 - 100", NULL };
	static const char *const by_base[] = { "2024-01 - 44.44444444", "2024-02 - 0",
	    "2024-03 - 100", "2024-04 - 100", NULL };
	static const char *const none[] = { "2024-01 - 0", "2024-02 - 0", "2024-03 - 0",
	    "2024-04 - 0", NULL };

	(void)state;
	run_share("district", NULL, ids, NELEM(ids), by_count);
	run_share("district", "base", ids, NELEM(ids), by_base);
	/* Without the group's ids nothing is in it. */
	run_share("district", NULL, NULL, 0, none);
}

/*
** Breakdowns by a number, a whole number past the small-value table and a date: labels as the
** value is written (num_format_exact, %lld, YYYY-MM-DD), sorted as text, zero-filled. By month
** opened: January a, b, c, d; February e; March f; April g; d has no amount and no close date
** (it counts in the city total only).
*/
static void
test_compute_breakdown_kinds(void **state)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened" };
	static const char *const by_amount[] = {
		"2024-01 - 4", "2024-01 amount=1 0", "2024-01 amount=10 1", "2024-01 amount=20 1",
		"2024-01 amount=30 1", "2024-01 amount=5 0", "2024-01 amount=7 0",
		"2024-02 - 1", "2024-02 amount=1 0", "2024-02 amount=10 0", "2024-02 amount=20 0",
		"2024-02 amount=30 0", "2024-02 amount=5 1", "2024-02 amount=7 0",
		"2024-03 - 1", "2024-03 amount=1 0", "2024-03 amount=10 0", "2024-03 amount=20 0",
		"2024-03 amount=30 0", "2024-03 amount=5 0", "2024-03 amount=7 1",
		"2024-04 - 1", "2024-04 amount=1 1", "2024-04 amount=10 0", "2024-04 amount=20 0",
		"2024-04 amount=30 0", "2024-04 amount=5 0", "2024-04 amount=7 0", NULL };
	/* base: a and b share 100, one after the other (in either order) */
	static const char *const by_base[] = {
		"2024-01 - 4", "2024-01 base=1 0", "2024-01 base=10 0", "2024-01 base=100 2",
		"2024-01 base=200 1", "2024-01 base=50 1", "2024-01 base=70 0",
		"2024-02 - 1", "2024-02 base=1 0", "2024-02 base=10 1", "2024-02 base=100 0",
		"2024-02 base=200 0", "2024-02 base=50 0", "2024-02 base=70 0", NULL };
	static const char *const by_closed[] = {
		"2024-01 - 4", "2024-01 closed=2024-01-05 1", "2024-01 closed=2024-01-20 1",
		"2024-01 closed=2024-02-01 1", "2024-01 closed=2024-02-04 0",
		"2024-01 closed=2024-03-10 0", "2024-01 closed=2024-04-01 0",
		"2024-02 - 1", "2024-02 closed=2024-01-05 0", "2024-02 closed=2024-01-20 0",
		"2024-02 closed=2024-02-01 0", "2024-02 closed=2024-02-04 1",
		"2024-02 closed=2024-03-10 0", "2024-02 closed=2024-04-01 0", NULL };
	struct out o;

	(void)state;
	k.breakdown = (char *)"amount";
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), by_amount, &o);
	k.breakdown = (char *)"base";
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 2), by_base, &o);
	k.breakdown = (char *)"closed";
	run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 2), by_closed, &o);
}

/* Every figure a job gives, kept whole (labels longer than struct out's lines). */
struct lines {
	char	**s;
	size_t	  n, cap;
};

static int
keep(void *arg, const struct cfigure *f)
{
	struct lines *l = arg;
	char p[PERIOD_STRLEN], *t;
	size_t n = strlen(f->breakdown) + 64;

	t = xmalloc(n);
	snprintf(t, n, "%s %s %.10g", period_format(&f->period, p), *f->breakdown ? f->breakdown :
	    "-", f->value);
	l->s = xgrow(l->s, &l->cap, l->n + 1, sizeof *l->s);
	l->s[l->n++] = t;
	return 0;
}

static void
lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof *l);
}

/*
** A January count by opened, breakdown `brk`, with `seeds` seeded first; the figures in l.
** Every record is fed: values seen only in other months are listed with 0 too.
*/
static void
run_seeded(const char *brk, const char *const *seeds, size_t nseeds, struct lines *l)
{
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened", .breakdown = (char *)brk };
	struct metric m;
	struct ev_value v[NELEM(cols)];
	struct cjob *j;

	metric_of(&m, &k, "cases", FREQ_MONTHLY);
	j = cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 1));
	assert_non_null(j);
	for (size_t i = 0; i < nseeds; i++)
		cjob_seed_breakdown(j, seeds[i]);
	for (size_t i = 0; i < NELEM(recs); i++) {
		to_row(&recs[i], v);
		cjob_add(j, v);
	}
	memset(l, 0, sizeof *l);
	assert_int_equal(cjob_finish(j, keep, NULL, l), 0);
	cjob_free(j);
}

static void
assert_lines(const struct lines *l, const char *const *want)
{
	size_t n = 0;

	while (want[n] != NULL)
		n++;
	for (size_t i = 0; i < l->n || i < n; i++)
		if (i >= l->n || i >= n || strcmp(l->s[i], want[i]) != 0)
			fail_msg("line %zu: got '%s', want '%s'", i, i < l->n ? l->s[i] : "(none)",
			    i < n ? want[i] : "(none)");
}

/*
** Seeded breakdown values (a value list the catalog declares) get zero figures; a seed that
** is not a value of the column's type is ignored, as is an empty one. A text value is one
** line in its label; a long one (past the 256-byte key buffer) is kept whole; many values
** (past half the 64-slot table) are all found again after the table grows.
*/
static void
test_compute_seeded_breakdowns(void **state)
{
	static const char *const num_seeds[] = { "12.5", "12x", "", "10" };
	static const char *const num_want[] = { "2024-01 - 4", "2024-01 amount=1 0",
	    "2024-01 amount=10 1", "2024-01 amount=12.5 0", "2024-01 amount=20 1",
	    "2024-01 amount=30 1", "2024-01 amount=5 0", "2024-01 amount=7 0", NULL };
	static const char *const int_seeds[] = { "9", "x", "2" };
	static const char *const int_want[] = { "2024-01 - 4", "2024-01 district=1 2",
	    "2024-01 district=2 2", "2024-01 district=3 0", "2024-01 district=9 0", NULL };
	static const char *const date_seeds[] = { "2024-13-01", "2023-12-31" };
	static const char *const date_want[] = { "2024-01 - 4", "2024-01 opened=2023-12-31 0",
	    "2024-01 opened=2024-01-03 1", "2024-01 opened=2024-01-10 1",
	    "2024-01 opened=2024-01-15 1", "2024-01 opened=2024-01-31 1",
	    "2024-01 opened=2024-02-02 0", "2024-01 opened=2024-03-20 0",
	    "2024-01 opened=2024-04-01 0", NULL };
	char *many[40], longv[301], *text_seeds[43];
	char *want[64];
	size_t nw = 0;
	struct lines l;

	(void)state;
	run_seeded("amount", num_seeds, NELEM(num_seeds), &l);
	assert_lines(&l, num_want);
	lines_free(&l);
	run_seeded("district", int_seeds, NELEM(int_seeds), &l);
	assert_lines(&l, int_want);
	lines_free(&l);
	run_seeded("opened", date_seeds, NELEM(date_seeds), &l);
	assert_lines(&l, date_want);
	lines_free(&l);

	/* text: 40 values k00..k39, one with a tab and a line break, one of 300 bytes */
	memset(longv, 'x', 300);
	longv[300] = '\0';
	for (int i = 0; i < 40; i++) {
		many[i] = xmalloc(16);
		snprintf(many[i], 16, "k%02d", i);
		text_seeds[i] = many[i];
	}
	text_seeds[40] = (char *)"a\tb\nc";
	text_seeds[41] = longv;
	text_seeds[42] = (char *)"weeds";
	run_seeded("kind", (const char *const *)text_seeds, NELEM(text_seeds), &l);
	/* sorted as text: "a b c" < "debris" < "k.." < "weeds" < "xxx.." */
	want[nw++] = xstrdup("2024-01 - 4");
	want[nw++] = xstrdup("2024-01 kind=a b c 0");
	want[nw++] = xstrdup("2024-01 kind=debris 1");
	for (int i = 0; i < 40; i++) {
		want[nw] = xmalloc(32);
		snprintf(want[nw++], 32, "2024-01 kind=k%02d 0", i);
	}
	want[nw++] = xstrdup("2024-01 kind=weeds 3");
	want[nw] = xmalloc(400);
	snprintf(want[nw++], 400, "2024-01 kind=%s 0", longv);
	want[nw] = NULL;
	assert_lines(&l, (const char *const *)want);
	lines_free(&l);
	for (size_t i = 0; i < nw; i++)
		free(want[i]);
	for (int i = 0; i < 40; i++)
		free(many[i]);
}

/*
** Numeric and date filters, each against the records it keeps: amount < 10 keeps e (Feb),
** f (Mar), g (Apr); <= 10 also a (Jan); > 10 b and c (Jan); in {5, 30} c (Jan) and e (Feb);
** opened < 2024-02-01 the four January records; opened >= 2024-03-20 f and g; district = 2
** c and d. A filter on a column the dataset does not have refuses the job.
*/
static void
test_compute_numeric_and_date_filters(void **state)
{
	static const struct {
		const char *field;
		enum filter_op op;
		const char *v1, *v2;
		const char *want[5];
	} cases[] = {
		{ "amount", FOP_LT, "10", NULL,
		  { "2024-01 - 0", "2024-02 - 1", "2024-03 - 1", "2024-04 - 1", NULL } },
		{ "amount", FOP_LE, "10", NULL,
		  { "2024-01 - 1", "2024-02 - 1", "2024-03 - 1", "2024-04 - 1", NULL } },
		{ "amount", FOP_GT, "10", NULL,
		  { "2024-01 - 2", "2024-02 - 0", "2024-03 - 0", "2024-04 - 0", NULL } },
		{ "amount", FOP_IN, "5", "30",
		  { "2024-01 - 1", "2024-02 - 1", "2024-03 - 0", "2024-04 - 0", NULL } },
		{ "opened", FOP_LT, "2024-02-01", NULL,
		  { "2024-01 - 4", "2024-02 - 0", "2024-03 - 0", "2024-04 - 0", NULL } },
		{ "opened", FOP_GE, "2024-03-20", NULL,
		  { "2024-01 - 0", "2024-02 - 0", "2024-03 - 1", "2024-04 - 1", NULL } },
		{ "district", FOP_EQ, "2", NULL,
		  { "2024-01 - 2", "2024-02 - 0", "2024-03 - 0", "2024-04 - 0", NULL } },
	};
	struct compute k = { .dataset = (char *)"cases", .measure = MEAS_COUNT,
	    .period_by = (char *)"opened" };
	struct out o;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char *vals[2] = { (char *)cases[i].v1, (char *)cases[i].v2 };
		struct filter f = { (char *)cases[i].field, cases[i].op, vals, cases[i].v2 ? 2 : 1 };

		k.filters = &f;
		k.nfilters = 1;
		run(&k, "cases", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), cases[i].want, &o);
	}
	{
		char *v[] = { (char *)"1" };
		struct filter f = { (char *)"nosuch", FOP_EQ, v, 1 };
		struct metric m;

		memset(&m, 0, sizeof m);
		m.code = (char *)"t";
		m.unit = (char *)"cases";
		m.freq = FREQ_MONTHLY;
		m.compute = &k;
		k.filters = &f;
		assert_null(cjob_new(&m, &ds, 7, cols, NELEM(cols), mkey(2024, 1), mkey(2024, 4)));
	}
}

/*
** share_in_group over a text area column (kind), group {weeds}. By count: January a, c, d of
** a, b, c, d: 75 %; February e has no kind: 0 %; March f (debris) 0 %; April g 100 %. Of the
** amount: January 10 + 30 of 10 + 20 + 30 (d has none: left out), 66.67 %.
*/
static void
test_compute_share_in_group_text_area(void **state)
{
	static char *ids[] = { (char *)"weeds" };
	static const char *const by_count[] = { "2024-01 - 75", "2024-02 - 0", "2024-03 - 0",
	    "2024-04 - 100", NULL };
	static const char *const by_amount[] = { "2024-01 - 66.66666667", "2024-02 - 0",
	    "2024-03 - 0", "2024-04 - 100", NULL };

	(void)state;
	run_share("kind", NULL, ids, NELEM(ids), by_count);
	run_share("kind", "amount", ids, NELEM(ids), by_amount);
}

/*
** A date-time column as period, filter, breakdown and seed. Records at 2024-01-03 10:00,
** 2024-01-03 18:30, 2024-02-10 00:00 and 1969-12-31 23:00 (an hour before 1970: December
** 1969, not January 1970). Filtered to at >= 2024-01-03T12:00:00: 18:30 in January, 02-10 in
** February; the seed 2024-02-29T12:00:00 is listed with zeros, 2024-02-30 is not a date.
*/
static void
test_compute_datetime_column(void **state)
{
	static const char *const dcols_at[] = { "id", "at" };
	static struct ds_column at_cols[] = {
		{ (char *)"id", COL_TEXT, NULL, 1 },
		{ (char *)"at", COL_DATETIME, NULL, 0 },
	};
	static struct dataset ds_at = { (char *)"calls", keys, 1, at_cols, NELEM(at_cols), NULL,
	    NULL, NULL, 1, NULL, 0, 0, NULL, NULL };
	static const long long at[] = {
		1704276000LL,		/* 2024-01-03T10:00:00Z */
		1704306600LL,		/* 2024-01-03T18:30:00Z */
		1707523200LL,		/* 2024-02-10T00:00:00Z */
		-3600LL,		/* 1969-12-31T23:00:00Z */
	};
	static const char *const filtered[] = {
		"2024-01 - 1", "2024-01 at=2024-01-03T18:30:00 1", "2024-01 at=2024-02-10T00:00:00 0",
		"2024-01 at=2024-02-29T12:00:00 0",
		"2024-02 - 1", "2024-02 at=2024-01-03T18:30:00 0", "2024-02 at=2024-02-10T00:00:00 1",
		"2024-02 at=2024-02-29T12:00:00 0", NULL };
	static const char *const early[] = { "1969-12 - 1", "1970-01 - 0", NULL };
	char *ge[] = { (char *)"2024-01-03T12:00:00" };
	struct filter f = { (char *)"at", FOP_GE, ge, 1 };
	struct compute k = { .dataset = (char *)"calls", .measure = MEAS_COUNT,
	    .period_by = (char *)"at", .breakdown = (char *)"at", .filters = &f, .nfilters = 1 };
	struct metric m;
	struct lines l;

	(void)state;
	metric_of(&m, &k, "calls", FREQ_MONTHLY);
	for (int pass = 0; pass < 2; pass++) {
		struct cjob *j;

		if (pass == 1) {
			k.breakdown = NULL;
			k.nfilters = 0;
		}
		j = pass == 0 ? cjob_new(&m, &ds_at, 7, dcols_at, 2, mkey(2024, 1), mkey(2024, 2)) :
		    cjob_new(&m, &ds_at, 7, dcols_at, 2, mkey(1969, 12), mkey(1970, 1));
		assert_non_null(j);
		if (pass == 0) {
			cjob_seed_breakdown(j, "2024-02-29T12:00:00");
			cjob_seed_breakdown(j, "2024-02-30T00:00:00");
		}
		for (size_t i = 0; i < NELEM(at); i++) {
			struct ev_value v[2];

			memset(v, 0, sizeof v);
			v[0].s = "r";
			v[0].n = 1;
			v[1].i = at[i];
			cjob_add(j, v);
		}
		memset(&l, 0, sizeof l);
		assert_int_equal(cjob_finish(j, keep, NULL, &l), 0);
		cjob_free(j);
		assert_lines(&l, pass == 0 ? filtered : early);
		lines_free(&l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute_percentile_matches_sorted),
		cmocka_unit_test(test_compute_median_small),
		cmocka_unit_test(test_compute_count_zero_fill_and_breakdown),
		cmocka_unit_test(test_compute_filters),
		cmocka_unit_test(test_compute_numeric_measures),
		cmocka_unit_test(test_compute_durations),
		cmocka_unit_test(test_compute_long_durations),
		cmocka_unit_test(test_compute_open_at_end),
		cmocka_unit_test(test_compute_quarters_and_fiscal_years),
		cmocka_unit_test(test_compute_missing_columns_refused),
		cmocka_unit_test(test_compute_range),
		cmocka_unit_test(test_compute_stale_set),
		cmocka_unit_test(test_compute_stale_after_records_go),
		cmocka_unit_test(test_compute_share_in_group),
		cmocka_unit_test(test_compute_breakdown_kinds),
		cmocka_unit_test(test_compute_seeded_breakdowns),
		cmocka_unit_test(test_compute_numeric_and_date_filters),
		cmocka_unit_test(test_compute_share_in_group_text_area),
		cmocka_unit_test(test_compute_datetime_column),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
