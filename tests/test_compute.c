/*
** test_compute.c: the measures of computed metrics, fed records directly (no store): order
** statistics against a sorted reference, every measure on a small hand-checked dataset, zero
** fill for counts and none for the rest, breakdown labels, filters (equals, in, not in,
** numeric comparisons, empty values), open_at_end at period ends, records closed before they
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

		memset(&m, 0, sizeof m);
		m.code = (char *)"t";
		m.unit = (char *)unit;
		m.freq = freq;
		m.computed = 1;
		m.compute = k;
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
		memset(&m, 0, sizeof m);
		m.code = (char *)"t";
		m.unit = (char *)"days";
		m.freq = FREQ_MONTHLY;
		m.computed = 1;
		m.compute = &k;
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
	memset(&m, 0, sizeof m);
	m.code = (char *)"t";
	m.unit = (char *)"cases";
	m.freq = FREQ_MONTHLY;
	m.computed = 1;
	m.compute = &k;
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
static void
test_compute_share_in_group(void **state)
{
	static char *ids[] = { (char *)"1", (char *)"3" };
	static const char *const by_count[] = { "2024-01 - 50", "2024-02 - 0", "2024-03 - 100",
	    "2024-04 - 100", NULL };
	static const char *const by_base[] = { "2024-01 - 44.44444444", "2024-02 - 0",
	    "2024-03 - 100", "2024-04 - 100", NULL };
	struct compute k;
	struct out o;

	(void)state;
	memset(&k, 0, sizeof k);
	k.dataset = (char *)"cases";
	k.measure = MEAS_SHARE_IN_GROUP;
	k.period_by = (char *)"opened";
	k.area = (char *)"district";
	k.group = (char *)"g";
	k.scale = 100;
	group_ids = ids;
	ngroup_ids = NELEM(ids);
	run(&k, "%", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), by_count, &o);
	k.field = (char *)"base";
	run(&k, "%", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), by_base, &o);
	/* Without the group's ids nothing is in it. */
	group_ids = NULL;
	k.field = NULL;
	{
		static const char *const none[] = { "2024-01 - 0", "2024-02 - 0", "2024-03 - 0",
		    "2024-04 - 0", NULL };

		run(&k, "%", FREQ_MONTHLY, mkey(2024, 1), mkey(2024, 4), none, &o);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
