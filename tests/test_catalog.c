/*
** test_catalog.c: the catalog YAML, read from files: the test fixture field by field, every
** kind of mistake with its exact FILE:LINE:COL and text (all of them collected, not only the
** first), the target in force for a period (across period kinds and fiscal year starts), the
** tolerance band, and the differences between two catalogs.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/buf.h"
#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/period.h"
#include "kpistat/xmalloc.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define FIXTURE		"tests/fixtures/catalog.yaml"

static char	 tmpdir[] = "/tmp/test_catalog.XXXXXX";

static int	 group_setup(void **);
static int	 group_teardown(void **);
static const char *write_yaml(const char *, const char *);
static void	 load_good(const char *, struct catalog *);
static struct period per(const char *);

static int
group_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	static const char *const names[] = { "bad.yaml", "good.yaml", "a.yaml", "b.yaml" };
	char path[256];

	(void)state;
	for (size_t i = 0; i < NELEM(names); i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	return rmdir(tmpdir);
}

/* Write `text` to tmpdir/name and return the path (a static buffer per name slot). */
static const char *
write_yaml(const char *name, const char *text)
{
	static char paths[4][256];
	static int next;
	char *path = paths[next++ % 4];
	FILE *fp;

	snprintf(path, sizeof paths[0], "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Load a catalog that must be good. */
static void
load_good(const char *path, struct catalog *c)
{
	struct diags d;

	diags_init(&d, 0);
	catalog_init(c);
	if (catalog_load_file(path, c, &d) != 0)
		fail_msg("%s: %zu problems, first: %s: %s", path, d.total, d.n ? d.v[0].where : "",
		    d.n ? d.v[0].msg : "");
	assert_int_equal(d.total, 0);
	diags_release(&d);
}

static struct period
per(const char *s)
{
	struct period p;

	if (period_parse(s, &p, NULL) != 0)
		fail_msg("bad test period '%s'", s);
	return p;
}

static void
test_catalog_loads_fixture(void **state)
{
	const struct metric *m;
	const struct department *dp;
	const struct program *p;
	struct catalog c;
	char buf[PERIOD_STRLEN];

	(void)state;
	load_good(FIXTURE, &c);
	assert_string_equal(c.city, "Testville");
	assert_int_equal(c.fy_start, 7);

	assert_int_equal(c.ndepts, 2);
	dp = catalog_dept(&c, "dev");
	assert_ptr_equal(dp, &c.depts[0]);
	assert_string_equal(dp->name, "Development Services");
	assert_string_equal(dp->head, "Pat Smith");
	dp = catalog_dept(&c, "fire");
	assert_string_equal(dp->name, "Fire Department");
	assert_null(dp->head);
	assert_null(catalog_dept(&c, "parks"));

	assert_int_equal(c.nmetrics, 7);
	m = &c.metrics[0];
	assert_string_equal(m->code, "permits.review_days");
	assert_string_equal(m->name, "Median building permit review time");
	assert_string_equal(m->department, "dev");
	assert_string_equal(m->unit, "days");
	assert_int_equal(m->decimals, 1);
	assert_int_equal(m->direction, DIR_LOWER);
	assert_int_equal(m->freq, FREQ_MONTHLY);
	assert_int_equal(m->rollup, ROLLUP_MEAN);
	assert_string_equal(m->description, "Calendar days from complete application to decision.");
	assert_null(m->source);
	assert_int_equal(m->computed, 0);
	assert_int_equal(m->retired, 0);
	assert_int_equal(m->nrebase, 0);
	assert_int_equal(m->ntargets, 2);
	assert_string_equal(period_format(&m->targets[0].from, buf), "2024-07");
	assert_true(m->targets[0].value == 5);
	assert_int_equal(m->targets[0].has_tol, 1);
	assert_int_equal(m->targets[0].tol_pct, 1);
	assert_true(m->targets[0].tol == 10);
	assert_true(catalog_tolerance(&m->targets[0]) == 0.5);
	assert_string_equal(period_format(&m->targets[1].from, buf), "2026-07");
	assert_true(m->targets[1].value == 4);
	assert_int_equal(m->targets[1].has_tol, 0);

	m = catalog_metric(&c, "permits.within_5_days");
	assert_ptr_equal(m, &c.metrics[1]);
	assert_string_equal(m->unit, "%");
	assert_int_equal(m->decimals, 0);		/* defaults */
	assert_int_equal(m->freq, FREQ_MONTHLY);
	assert_int_equal(m->rollup, ROLLUP_MEAN);
	assert_null(m->description);
	assert_int_equal(m->direction, DIR_HIGHER);
	assert_int_equal(m->ntargets, 1);
	assert_true(m->targets[0].value == 92);
	assert_int_equal(m->targets[0].has_tol, 1);
	assert_int_equal(m->targets[0].tol_pct, 0);
	assert_true(m->targets[0].tol == 2);
	assert_true(catalog_tolerance(&m->targets[0]) == 2);

	m = catalog_metric(&c, "fire.lift_assists");
	assert_int_equal(m->ntargets, 0);
	assert_string_equal(m->unit, "calls");
	m = catalog_metric(&c, "fire.share_on_time");
	assert_int_equal(m->decimals, 3);
	assert_string_equal(m->unit, "ratio");
	m = catalog_metric(&c, "fire.budget");
	assert_int_equal(m->freq, FREQ_QUARTERLY);
	assert_int_equal(m->rollup, ROLLUP_SUM);
	assert_string_equal(m->unit, "USD");
	assert_int_equal(catalog_metric(&c, "fire.drills")->freq, FREQ_WEEKLY);
	assert_int_equal(catalog_metric(&c, "fire.inspections_fy")->freq, FREQ_FISCAL_YEARLY);
	assert_null(catalog_metric(&c, "fire"));

	assert_int_equal(c.nprograms, 1);
	p = catalog_program(&c, "tulstat");
	assert_non_null(p);
	assert_string_equal(p->title, "TulStat");
	assert_string_equal(p->template, "tulstat");
	assert_int_equal(p->nmetrics, 3);
	assert_string_equal(p->metrics[0], "permits.review_days");
	assert_string_equal(p->metrics[1], "permits.within_5_days");
	assert_string_equal(p->metrics[2], "fire.lift_assists");
	assert_null(catalog_program(&c, "baltimore"));

	catalog_release(&c);
	assert_int_equal(c.nmetrics, 0);
	assert_null(c.metrics);
	assert_int_equal(c.fy_start, 7);
	catalog_release(&c);	/* a released catalog is empty and may be released again */
}

static void
test_catalog_optional_parts(void **state)
{
	const char *path = write_yaml("good.yaml",
	    "departments:\n"
	    "  - { code: dev, name: Dev }\n"
	    "metrics:\n"
	    "  - code: m.one\n"
	    "    name: One\n"
	    "    department: dev\n"
	    "    direction: neutral\n"
	    "    frequency: quarterly\n"
	    "    rollup: last\n"
	    "    source: ~\n"
	    "    targets: []\n"
	    "    rebase: [2025-Q2, 2024-Q4]\n"
	    "    compute: { dataset: events, period_by: at, measure: count }\n"
	    "programs:\n"
	    "  - name: by-name\n"
	    "    metrics: [m.one]\n"
	    "datasets:\n"
	    "  - { name: events, key: id, columns: { id: text, at: date } }\n");
	const struct metric *m;
	struct catalog c;
	char buf[PERIOD_STRLEN];

	(void)state;
	load_good(path, &c);
	assert_null(c.city);
	assert_int_equal(c.fy_start, 7);	/* the default */
	m = catalog_metric(&c, "m.one");
	assert_int_equal(m->direction, DIR_NEUTRAL);
	assert_int_equal(m->rollup, ROLLUP_LAST);
	assert_string_equal(m->unit, "");
	assert_null(m->source);
	assert_int_equal(m->ntargets, 0);
	assert_int_equal(m->nrebase, 2);
	assert_string_equal(period_format(&m->rebase[0], buf), "2025-Q2");	/* as given */
	assert_int_equal(m->computed, 1);
	assert_int_equal(c.nprograms, 1);
	assert_string_equal(c.programs[0].code, "by-name");
	assert_string_equal(c.programs[0].title, "by-name");	/* the code when no title */
	assert_null(c.programs[0].template);
	catalog_release(&c);
}

/* One bad catalog and every problem it must report, in order: "LINE:COL" and the text. */
struct bad_case {
	const char *name;
	const char *yaml;
	struct {
		const char *at;
		const char *msg;
	} want[10];
};

static const struct bad_case bad_cases[] = {
	{ "tab indentation",
	  "departments:\n\t- code: x\n",
	  { { "2:1", "tab character in indentation: YAML indents with spaces only" } } },
	{ "duplicate key",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "    name: Development\n"
	  "metrics: []\n",
	  { { "4:5", "duplicate key 'name' (first given on line 3)" } } },
	{ "metric without a name",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    department: dev\n"
	  "    direction: lower\n",
	  { { "5:5", "metric 'm.one': missing required key 'name'" } } },
	{ "metric without a code or direction",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "metrics:\n"
	  "  - name: One\n"
	  "    department: dev\n"
	  "    direction:\n",
	  { { "5:5", "metric: missing required key 'code'" },
	    { "5:5", "metric '?': missing required key 'direction'" } } },
	{ "department without a name",
	  "departments:\n"
	  "  - code: dev\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    name: One\n"
	  "    department: dev\n"
	  "    direction: lower\n",
	  { { "2:5", "department 'dev': missing required key 'name'" },
	    { "6:17", "metric 'm.one': department 'dev' is not defined under 'departments'" } } },
	{ "no departments or metrics",
	  "city: Testville\n",
	  { { "1:1", "catalog: missing required key 'departments'" },
	    { "1:1", "catalog: missing required key 'metrics'" } } },
	{ "bad fields",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    name: One\n"
	  "    department: parks\n"
	  "    direction: sideways\n"
	  "    frequency: hourly\n"
	  "    rollup: median\n"
	  "    decimals: 7\n",
	  { { "7:17", "metric 'm.one': department 'parks' is not defined under 'departments'" },
	    { "11:15", "metric 'm.one': bad decimals '7': expected a whole number 0..6" },
	    { "8:16", "metric 'm.one': bad direction 'sideways': expected higher, lower or "
	      "neutral (which way is better)" },
	    { "9:16", "metric 'm.one': bad frequency 'hourly': expected monthly, quarterly, "
	      "weekly, yearly or fiscal_yearly" },
	    { "10:13", "metric 'm.one': bad rollup 'median': expected sum, mean or last" } } },
	{ "bad decimals",
	  "departments: [{ code: dev, name: Dev }]\n"
	  "metrics:\n"
	  "  - { code: a, name: A, department: dev, direction: lower, decimals: 1.5 }\n"
	  "  - { code: b, name: B, department: dev, direction: lower, decimals: -1 }\n"
	  "  - { code: c, name: C, department: dev, direction: lower, decimals: [2] }\n",
	  { { "3:70", "metric 'a': bad decimals '1.5': expected a whole number 0..6" },
	    { "4:70", "metric 'b': bad decimals '-1': expected a whole number 0..6" },
	    { "5:70", "metric 'c': 'decimals' must be a single value, not a list" } } },
	{ "bad targets",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    name: One\n"
	  "    department: dev\n"
	  "    unit: days\n"
	  "    direction: lower\n"
	  "    targets:\n"
	  "      - { value: abc, from: 2026-07 }\n"
	  "      - { value: 89%, from: 2026-07 }\n"
	  "      - { value: 5, from: 2026-13 }\n"
	  "      - { value: 5, from: 2026-07, tolerance: ten }\n"
	  "      - { value: 5, from: 2026-08, tolerance: -1 }\n"
	  "      - { value: 5 }\n"
	  "      - { value: 4, from: 2026-Q3, tolerance: 5% }\n"
	  "      - 5\n",
	  { { "11:18", "metric 'm.one': target: bad value 'abc': expected a number such as 4.2, "
	      "1,234 or $2,920,000" },
	    { "12:18", "metric 'm.one': target: bad value '89%': a percentage is not accepted for "
	      "a metric measured in 'days': give the value without '%'" },
	    { "13:27", "metric 'm.one': target: bad period '2026-13': month must be 01..12" },
	    { "14:47", "metric 'm.one': target: bad tolerance 'ten': expected a percentage of the "
	      "target such as 10% or a number in the metric's units such as 0.5" },
	    { "15:47", "metric 'm.one': target: bad tolerance '-1': expected a percentage of the "
	      "target such as 10% or a number in the metric's units such as 0.5" },
	    { "16:9", "metric 'm.one': target: missing required key 'from'" },
	    { "17:27", "metric 'm.one': target: two targets from 2026-Q3" },
	    { "18:9", "metric 'm.one': target must be a mapping of key: value lines, not a "
	      "single value" } } },
	{ "target list of the wrong type",
	  "departments: [{ code: dev, name: Dev }]\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    name: [One]\n"
	  "    department: dev\n"
	  "    direction: lower\n"
	  "    targets: 5\n"
	  "    rebase: [2025-Q2, 2025-13, [2025-04]]\n",
	  { { "4:11", "metric 'm.one': 'name' must be a single value, not a list" },
	    { "7:14", "metric 'm.one': 'targets' must be a list (- item lines or [a, b]), not a "
	      "single value" },
	    { "8:14", "metric 'm.one': rebase period '2025-Q2' is not a month, as the metric's "
	      "frequency needs" },
	    { "8:23", "metric 'm.one': rebase: bad period '2025-13': month must be 01..12" },
	    { "8:32", "metric 'm.one': rebase: expected a list of periods" } } },
	{ "codes defined twice",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "  - code: dev\n"
	  "    name: Again\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    name: One\n"
	  "    department: dev\n"
	  "    direction: lower\n"
	  "  - code: m.one\n"
	  "    name: One again\n"
	  "    department: dev\n"
	  "    direction: lower\n",
	  { { "4:11", "department 'dev' is defined twice" },
	    { "11:11", "metric 'm.one' is defined twice" } } },
	{ "bad codes and items",
	  "fiscal_year_start: 13\n"
	  "departments:\n"
	  "  - code: Dev\n"
	  "    name: Dev\n"
	  "  - dev\n"
	  "metrics:\n"
	  "  - code: M One\n"
	  "    name: One\n"
	  "    department: Dev\n"
	  "    direction: lower\n"
	  "  - [m.two]\n",
	  { { "1:20", "catalog: bad fiscal_year_start '13': expected a whole number 1..12" },
	    { "3:11", "department code 'Dev': use lower-case letters, digits, '_', '.' or '-'" },
	    { "5:5", "a department must be a mapping of key: value lines, not a single value" },
	    { "7:11", "metric code 'M One': use lower-case letters, digits, '_', '.' or '-' "
	      "(e.g. permits.review_days)" },
	    { "9:17", "metric 'M One': department 'Dev' is not defined under 'departments'" },
	    { "11:5", "a metric must be a mapping of key: value lines, not a list" } } },
	{ "programs",
	  "departments:\n"
	  "  - code: dev\n"
	  "    name: Dev\n"
	  "metrics:\n"
	  "  - code: m.one\n"
	  "    name: One\n"
	  "    department: dev\n"
	  "    direction: lower\n"
	  "programs:\n"
	  "  - code: p\n"
	  "    metrics: [m.one, m.two]\n"
	  "  - name: q\n"
	  "    metrics: [m.one]\n"
	  "  - code: p\n"
	  "  - title: No code\n"
	  "  - code: P Q\n",
	  { { "11:22", "program 'p': metric 'm.two' is not defined under 'metrics'" },
	    { "14:5", "program 'p' is defined twice" },
	    { "15:5", "program: missing required key 'code' (or 'name')" },
	    { "16:5", "program 'P Q': use lower-case letters, digits, '_', '.' or '-' in its code" } } },
	{ "alias",
	  "departments:\n"
	  "  - &d { code: dev, name: Dev }\n"
	  "  - *d\n"
	  "metrics: []\n",
	  { { "3:5", "aliases (*name) are not supported: write the value out" } } },
	{ "list at the root",
	  "- departments\n- metrics\n",
	  { { "1:1", "a catalog is a mapping with departments, metrics and programs; this file "
	      "holds a list" } } },
	{ "text at the root",
	  "departments and metrics\n",
	  { { "1:1", "a catalog is a mapping with departments, metrics and programs; this file "
	      "holds a single value" } } },
	{ "empty file",
	  "",
	  { { "1:1", "a catalog is a mapping with departments, metrics and programs; this file "
	      "holds nothing" } } },
	{ "comments only",
	  "# nothing yet\n",
	  { { "1:1", "a catalog is a mapping with departments, metrics and programs; this file "
	      "holds nothing" } } },
};

static void
test_catalog_reports_every_problem(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(bad_cases); i++) {
		const struct bad_case *bc = &bad_cases[i];
		const char *path = write_yaml("bad.yaml", bc->yaml);
		struct catalog c;
		struct diags d;
		size_t n = 0;

		while (n < NELEM(bc->want) && bc->want[n].at != NULL)
			n++;
		diags_init(&d, 0);
		catalog_init(&c);
		if (catalog_load_file(path, &c, &d) != -1)
			fail_msg("%s: loaded", bc->name);
		assert_int_equal(c.nmetrics, 0);	/* nothing handed out */
		assert_int_equal(c.ndepts, 0);
		assert_null(c.city);
		assert_int_equal(d.code, KP_DATA);
		for (size_t j = 0; j < d.n; j++) {
			char where[300];

			if (j >= n)
				fail_msg("%s: unexpected problem %zu: %s: %s", bc->name, j, d.v[j].where,
				    d.v[j].msg);
			snprintf(where, sizeof where, "%s:%s", path, bc->want[j].at);
			if (strcmp(d.v[j].where, where) != 0 || strcmp(d.v[j].msg, bc->want[j].msg) != 0)
				fail_msg("%s: problem %zu:\n  got  %s: %s\n  want %s: %s", bc->name, j,
				    d.v[j].where, d.v[j].msg, where, bc->want[j].msg);
		}
		if (d.n != n)
			fail_msg("%s: %zu problems, want %zu", bc->name, d.n, n);
		assert_int_equal(d.total, n);
		diags_release(&d);
	}
}

static void
test_catalog_missing_file(void **state)
{
	struct catalog c;
	struct diags d;

	(void)state;
	diags_init(&d, 0);
	catalog_init(&c);
	assert_int_equal(catalog_load_file("/nonexistent/catalog.yaml", &c, &d), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.code, KP_NOINPUT);
	assert_string_equal(d.v[0].where, "/nonexistent/catalog.yaml");
	assert_string_equal(d.v[0].msg, "cannot open: No such file or directory");
	diags_release(&d);
}

/*
** Targets of different period kinds, in a city whose fiscal year starts in July: FY2026 starts
** 2025-07-01, 2025-10 on 2025-10-01, 2026-Q2 on 2026-04-01, 2026-W27 on Monday 2026-06-29 and
** 2027 on 2027-01-01. The target in force is the one that started last.
*/
static const char mixed_targets[] =
    "fiscal_year_start: 7\n"
    "departments: [{ code: d, name: D }]\n"
    "metrics:\n"
    "  - code: a\n"
    "    name: A\n"
    "    department: d\n"
    "    direction: higher\n"
    "    targets:\n"
    "      - { value: 5, from: 2027 }\n"
    "      - { value: 2, from: FY2026 }\n"
    "      - { value: 4, from: 2026-W27 }\n"
    "      - { value: 1, from: 2025-10 }\n"
    "      - { value: 3, from: 2026-Q2 }\n";

static void
test_catalog_target_for_latest_started(void **state)
{
	static const struct {
		int fy_start;
		const char *at;
		double want;		/* 0: no target */
	} cases[] = {
		{ 7, "2025-06", 0 },
		{ 7, "2025-07", 2 },	/* FY2026 has started */
		{ 7, "2025-09", 2 },
		{ 7, "2025-10", 1 },	/* then 2025-10, though FY2026 runs on */
		{ 7, "2025-12", 1 },
		{ 7, "2026-03", 1 },
		{ 7, "2026", 1 },	/* a year is asked about from its first day */
		{ 7, "2026-Q1", 1 },
		{ 7, "2026-04", 3 },
		{ 7, "2026-06", 3 },	/* June 1 is before the week of June 29 */
		{ 7, "2026-W26", 3 },
		{ 7, "2026-W27", 4 },
		{ 7, "2026-07", 4 },
		{ 7, "2026-Q3", 4 },
		{ 7, "FY2027", 4 },
		{ 7, "2027-01", 5 },
		{ 7, "FY2028", 5 },
		/* Fiscal years as calendar years: FY2026 starts 2026-01-01, after 2025-10. */
		{ 1, "2025-09", 0 },
		{ 1, "2025-10", 1 },
		{ 1, "2026-01", 2 },
		{ 1, "2026-04", 3 },
		/* From October: FY2026 starts 2025-10-01, the same day as 2025-10. */
		{ 10, "2025-09", 0 },
	};
	const char *path = write_yaml("good.yaml", mixed_targets);
	const struct metric *m;
	struct catalog c;

	(void)state;
	load_good(path, &c);
	m = catalog_metric(&c, "a");
	assert_int_equal(m->ntargets, 5);
	/* Sorted by when they start, in this city's fiscal calendar. */
	assert_true(m->targets[0].value == 2);
	assert_true(m->targets[1].value == 1);
	assert_true(m->targets[2].value == 3);
	assert_true(m->targets[3].value == 4);
	assert_true(m->targets[4].value == 5);
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct period p = per(cases[i].at);
		const struct target *t = catalog_target_for(m, &p, cases[i].fy_start);
		double got = t ? t->value : 0;

		if (got != cases[i].want)
			fail_msg("fy_start %d, %s: target %g, want %g", cases[i].fy_start, cases[i].at,
			    got, cases[i].want);
	}
	catalog_release(&c);
}

static void
test_catalog_target_for_unsorted_targets(void **state)
{
	struct target t[3];
	struct metric m;
	struct period p;

	(void)state;
	/* However the targets are ordered (say, as a store hands them back), the latest wins. */
	memset(&m, 0, sizeof m);
	memset(t, 0, sizeof t);
	t[0].from = per("2025-Q3");
	t[0].value = 1;
	t[1].from = per("2025-10");
	t[1].value = 2;
	t[2].from = per("2025-08");
	t[2].value = 3;
	m.targets = t;
	m.ntargets = 3;
	p = per("2025-07");
	assert_true(catalog_target_for(&m, &p, 7)->value == 1);
	p = per("2025-09");
	assert_true(catalog_target_for(&m, &p, 7)->value == 3);
	p = per("2025-11");
	assert_true(catalog_target_for(&m, &p, 7)->value == 2);
	p = per("2025-06");
	assert_null(catalog_target_for(&m, &p, 7));
	m.ntargets = 0;
	p = per("2030-01");
	assert_null(catalog_target_for(&m, &p, 7));
}

static void
test_catalog_two_targets_same_start(void **state)
{
	static const struct {
		int fy_start;
		const char *a, *b;
		int dup;
	} cases[] = {
		{ 7, "2025-10", "2025-Q4", 1 },
		{ 7, "FY2026", "2025-07", 1 },	/* both start on 2025-07-01 */
		{ 7, "FY2026", "2026", 0 },
		{ 1, "FY2026", "2026", 1 },
		{ 1, "FY2026", "2025-07", 0 },
		{ 7, "2026-W01", "2025-12", 0 },	/* 2026-W01 starts on 2025-12-29 */
	};
	char yaml[512];

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct catalog c;
		struct diags d;
		int rc;

		snprintf(yaml, sizeof yaml,
		    "fiscal_year_start: %d\n"
		    "departments: [{ code: d, name: D }]\n"
		    "metrics:\n"
		    "  - code: a\n"
		    "    name: A\n"
		    "    department: d\n"
		    "    direction: higher\n"
		    "    targets: [{ value: 1, from: %s }, { value: 2, from: %s }]\n",
		    cases[i].fy_start, cases[i].a, cases[i].b);
		diags_init(&d, 0);
		catalog_init(&c);
		rc = catalog_load_file(write_yaml("good.yaml", yaml), &c, &d);
		if (rc != (cases[i].dup ? -1 : 0))
			fail_msg("fy_start %d, %s and %s: rc %d", cases[i].fy_start, cases[i].a,
			    cases[i].b, rc);
		if (cases[i].dup) {
			char want[64];

			assert_int_equal(d.n, 1);
			snprintf(want, sizeof want, "metric 'a': target: two targets from %s", cases[i].b);
			assert_string_equal(d.v[0].msg, want);
		}
		catalog_release(&c);
		diags_release(&d);
	}
}

static void
test_catalog_tolerance(void **state)
{
	struct target t;

	(void)state;
	memset(&t, 0, sizeof t);
	t.value = 5;
	assert_true(catalog_tolerance(&t) == 0);	/* no band */
	assert_true(catalog_tolerance(NULL) == 0);
	t.has_tol = 1;
	t.tol = 0.75;
	assert_true(catalog_tolerance(&t) == 0.75);	/* in the metric's units */
	t.tol_pct = 1;
	t.tol = 10;
	assert_true(catalog_tolerance(&t) == 0.5);	/* 10% of 5 */
	t.value = -20;
	assert_true(catalog_tolerance(&t) == 2);	/* a width, whatever the sign */
	t.value = 0;
	assert_true(catalog_tolerance(&t) == 0);
	t.value = 92;
	t.tol = 0;
	assert_true(catalog_tolerance(&t) == 0);
}

static void
test_catalog_enum_names(void **state)
{
	enum direction d;
	enum rollup r;

	(void)state;
	assert_string_equal(catalog_direction_name(DIR_HIGHER), "higher");
	assert_string_equal(catalog_direction_name(DIR_LOWER), "lower");
	assert_string_equal(catalog_direction_name(DIR_NEUTRAL), "neutral");
	assert_string_equal(catalog_rollup_name(ROLLUP_SUM), "sum");
	assert_string_equal(catalog_rollup_name(ROLLUP_MEAN), "mean");
	assert_string_equal(catalog_rollup_name(ROLLUP_LAST), "last");
	assert_int_equal(catalog_direction_parse("lower", &d), 0);
	assert_int_equal(d, DIR_LOWER);
	assert_int_equal(catalog_rollup_parse("last", &r), 0);
	assert_int_equal(r, ROLLUP_LAST);
	d = DIR_NEUTRAL;
	assert_int_equal(catalog_direction_parse("Higher", &d), -1);
	assert_int_equal(d, DIR_NEUTRAL);
	assert_int_equal(catalog_rollup_parse("median", &r), -1);
	assert_int_equal(catalog_rollup_parse("", &r), -1);
}

/* Collects catalog_diff's lines. */
struct lines {
	char	 v[16][256];
	size_t	 n;
};

static void
collect(void *arg, const char *line)
{
	struct lines *l = arg;

	assert_true(l->n < NELEM(l->v));
	snprintf(l->v[l->n++], sizeof l->v[0], "%s", line);
}

static const char diff_a[] =
    "city: Old\n"
    "fiscal_year_start: 7\n"
    "departments: [{ code: dev, name: Dev }, { code: fire, name: Fire }]\n"
    "metrics:\n"
    "  - { code: a, name: A, department: dev, direction: lower,\n"
    "      targets: [{ value: 5, from: 2025-07, tolerance: 10% }] }\n"
    "  - { code: b, name: B, department: fire, direction: higher }\n"
    "  - { code: c, name: C, department: dev, direction: higher, rebase: [2025-04] }\n"
    "programs:\n"
    "  - { code: p, title: P, metrics: [a, b] }\n"
    "  - { code: q, title: Q, metrics: [a] }\n";

static void
test_catalog_diff(void **state)
{
	static const char diff_b[] =
	    "city: New\n"
	    "fiscal_year_start: 1\n"
	    "departments: [{ code: dev, name: Development }, { code: parks, name: Parks }]\n"
	    "metrics:\n"
	    "  - { code: a, name: A, department: dev, direction: lower, unit: days,\n"
	    "      targets: [{ value: 4, from: 2025-07, tolerance: 10% }] }\n"
	    "  - { code: c, name: C, department: dev, direction: higher, rebase: [2025-04] }\n"
	    "  - { code: d, name: D, department: parks, direction: higher }\n"
	    "programs:\n"
	    "  - { code: p, title: P, metrics: [a] }\n"
	    "  - { code: r, title: R, metrics: [d] }\n";
	static const char *const want[] = {
		"city set to 'New'",
		"fiscal year start changed from month 7 to 1",
		"department 'dev' changed",
		"department 'parks' added",
		"department 'fire' removed",
		"metric 'a' changed: unit, targets",
		"metric 'd' added",
		"metric 'b' retired (no longer in the catalog; its figures are kept)",
		"program 'p' changed",
		"program 'r' added",
		"program 'q' removed",
	};
	struct catalog a, a2, b;
	struct lines l;

	(void)state;
	load_good(write_yaml("a.yaml", diff_a), &a);
	load_good(write_yaml("a.yaml", diff_a), &a2);
	load_good(write_yaml("b.yaml", diff_b), &b);

	/* Identical catalogs: nothing, and emit is never called. */
	memset(&l, 0, sizeof l);
	assert_int_equal(catalog_diff(&a, &a2, collect, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(catalog_diff(&b, &b, collect, &l), 0);

	assert_int_equal(catalog_diff(&a, &b, collect, &l), NELEM(want));
	assert_int_equal(l.n, NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++)
		assert_string_equal(l.v[i], want[i]);
	/* The removals alone, as catalog load lists them before asking for --prune. */
	memset(&l, 0, sizeof l);
	assert_int_equal(catalog_removals(&a, &b, collect, &l), 3);
	assert_string_equal(l.v[0], want[4]);
	assert_string_equal(l.v[1], want[7]);
	assert_string_equal(l.v[2], want[10]);
	assert_int_equal(catalog_removals(&b, &b, collect, &l), 0);

	/* A metric that comes back from retirement; a retired one still missing says nothing. */
	memset(&l, 0, sizeof l);
	a.metrics[1].retired = 1;	/* b */
	a.metrics[2].retired = 1;	/* c */
	assert_int_equal(catalog_diff(&a, &a2, collect, &l), 2);
	assert_string_equal(l.v[0], "metric 'b' restored from retirement");
	assert_string_equal(l.v[1], "metric 'c' restored from retirement");
	memset(&l, 0, sizeof l);
	a2.metrics[0].targets[0].tol = 5;	/* a's band: 10% -> 5% */
	a2.metrics[2].rebase[0].n = 5;		/* c's rebase: 2025-04 -> 2025-05 */
	a2.programs[0].metrics[0][0] = 'b';	/* p: [a, b] -> [b, b] */
	assert_int_equal(catalog_diff(&a, &a2, collect, &l), 5);
	assert_string_equal(l.v[0], "metric 'a' changed: targets");
	assert_string_equal(l.v[1], "metric 'b' restored from retirement");
	assert_string_equal(l.v[2], "metric 'c' restored from retirement");
	assert_string_equal(l.v[3], "metric 'c' changed: rebase");
	assert_string_equal(l.v[4], "program 'p' changed");

	/*
	** A department the file dropped but the store keeps for a retired metric (b, in fire)
	** is no change; once nothing retired names it, its removal is.
	*/
	memset(&l, 0, sizeof l);
	a.metrics[2].retired = 0;
	free(b.depts[0].name);
	b.depts[0].name = strdup("Dev");	/* b's dev as a's */
	free(b.city);
	b.city = strdup("Old");
	b.fy_start = 7;
	assert_int_equal(catalog_diff(&a, &b, collect, &l), 6);
	assert_string_equal(l.v[0], "department 'parks' added");
	assert_string_equal(l.v[1], "metric 'a' changed: unit, targets");
	assert_string_equal(l.v[2], "metric 'd' added");
	assert_string_equal(l.v[3], "program 'p' changed");
	assert_string_equal(l.v[4], "program 'r' added");
	assert_string_equal(l.v[5], "program 'q' removed");
	a.metrics[1].retired = 0;
	memset(&l, 0, sizeof l);
	assert_int_equal(catalog_diff(&a, &b, collect, &l), 8);
	assert_string_equal(l.v[1], "department 'fire' removed");
	assert_string_equal(l.v[4], "metric 'b' retired (no longer in the catalog; its figures are kept)");

	catalog_release(&a);
	catalog_release(&a2);
	catalog_release(&b);
}

static void
test_catalog_diff_every_metric_field(void **state)
{
	static const char *const fields[] = {
		"name", "department", "unit", "decimals", "direction", "frequency", "rollup",
		"description", "source", "targets", "rebase", "compute",
	};
	struct catalog a, b;
	struct metric *m;
	struct lines l;
	char want[512];

	(void)state;
	load_good(write_yaml("a.yaml", diff_a), &a);
	load_good(write_yaml("b.yaml", diff_a), &b);
	m = &b.metrics[2];	/* c */
	free(m->name);
	m->name = strdup("C2");
	free(m->department);
	m->department = strdup("fire");
	free(m->unit);
	m->unit = strdup("days");
	m->decimals = 2;
	m->direction = DIR_NEUTRAL;
	m->freq = FREQ_QUARTERLY;
	m->rollup = ROLLUP_SUM;
	m->description = strdup("what it is");
	m->source = strdup("where from");
	m->targets = calloc(1, sizeof *m->targets);
	m->ntargets = 1;
	m->nrebase = 0;
	m->computed = 1;
	memset(&l, 0, sizeof l);
	assert_int_equal(catalog_diff(&a, &b, collect, &l), 1);
	snprintf(want, sizeof want, "metric 'c' changed:");
	for (size_t i = 0; i < NELEM(fields); i++)
		snprintf(want + strlen(want), sizeof want - strlen(want), "%s %s", i ? "," : "",
		    fields[i]);
	assert_string_equal(l.v[0], want);
	catalog_release(&a);
	catalog_release(&b);
}

/*
** Lookups in a catalog large enough for the hash tables: every code found at its place, the
** first of two equal codes, a missing one not; entries appended later and a shrunk array too.
*/
static void
test_catalog_lookup_large(void **state)
{
	struct buf y = BUF_INIT;
	struct catalog c;
	struct diags d;
	char code[32];

	(void)state;
	buf_adds(&y, "departments:\n");
	for (int i = 0; i < 300; i++)
		buf_addf(&y, "  - { code: d%d, name: D%d }\n", i, i);
	buf_adds(&y, "  - { code: d7, name: again }\nmetrics:\n");
	for (int i = 0; i < 100; i++)
		buf_addf(&y, "  - { code: m%d, name: M, department: d%d, direction: higher }\n", i, i);
	diags_init(&d, 0);
	catalog_init(&c);
	assert_int_equal(catalog_load_file(write_yaml("bad.yaml", y.s), &c, &d), -1);
	assert_int_equal(d.total, 1);
	assert_non_null(strstr(d.v[0].msg, "department 'd7' is defined twice"));
	diags_release(&d);
	buf_release(&y);

	/* The same by hand, through the lookups only. */
	catalog_init(&c);
	c.depts = calloc(400, sizeof *c.depts);
	assert_non_null(c.depts);
	for (int i = 0; i < 300; i++) {
		snprintf(code, sizeof code, "d%d", i);
		c.depts[c.ndepts++].code = strdup(code);
	}
	for (int i = 0; i < 300; i++) {
		snprintf(code, sizeof code, "d%d", i);
		assert_ptr_equal(catalog_dept(&c, code), &c.depts[i]);
	}
	assert_null(catalog_dept(&c, "d300"));
	c.depts[c.ndepts++].code = strdup("d300");	/* appended after the tables were made */
	c.depts[c.ndepts++].code = strdup("d5");	/* a second d5: the first is found */
	assert_ptr_equal(catalog_dept(&c, "d300"), &c.depts[300]);
	assert_ptr_equal(catalog_dept(&c, "d5"), &c.depts[5]);
	free(c.depts[--c.ndepts].code);		/* shrunk, then a different last entry */
	free(c.depts[--c.ndepts].code);
	c.depts[c.ndepts++].code = strdup("x");
	assert_ptr_equal(catalog_dept(&c, "x"), &c.depts[300]);
	assert_null(catalog_dept(&c, "d300"));
	catalog_release(&c);
}

/* The range a figure may take: from the unit, or the catalog's min:/max:. */
static void
test_catalog_bounds(void **state)
{
	static const struct {
		const char *unit;
		double	 lo, hi;
	} t[] = {
		{ "%", 0, 100 }, { "percent", 0, 100 }, { "ratio", 0, 1 }, { "calls", 0, HUGE_VAL },
		{ "days", 0, HUGE_VAL }, { "USD", -HUGE_VAL, HUGE_VAL }, { "$", -HUGE_VAL, HUGE_VAL },
		{ "", -HUGE_VAL, HUGE_VAL },
	};
	struct metric m;
	const char *wl, *wh;
	double lo, hi;

	(void)state;
	memset(&m, 0, sizeof m);
	for (size_t i = 0; i < NELEM(t); i++) {
		m.unit = (char *)(uintptr_t)t[i].unit;
		catalog_bounds(&m, &lo, &hi, &wl, &wh);
		if (lo != t[i].lo || hi != t[i].hi)
			fail_msg("unit '%s': %g..%g", t[i].unit, lo, hi);
	}
	m.unit = (char *)(uintptr_t)"%";
	m.has_min = 1;
	m.min = -5;
	catalog_bounds(&m, &lo, &hi, &wl, &wh);
	assert_true(lo == -5 && hi == 100);
	assert_string_equal(wl, "the min: the catalog gives it");
	assert_string_equal(wh, "a percentage lies within 0..100");
	m.has_max = 1;
	m.max = 250;
	catalog_bounds(&m, &lo, &hi, &wl, &wh);
	assert_true(hi == 250);
	assert_string_equal(wh, "the max: the catalog gives it");
}

/*
** Two compute blocks are equal only when every field is: each field changed in turn (a
** string to another or to none, a number, a flag, since:, a filter's column, operator and
** values) makes them differ, both ways round; copies with their own strings are equal.
*/
static void
test_catalog_compute_equal_every_field(void **state)
{
	char *va[] = { (char *)"a" }, *vb[] = { (char *)"b" }, *vab[] = { (char *)"a", (char *)"b" };
	char *va2[] = { xstrdup("a") };
	struct filter fa[] = { { (char *)"kind", FOP_EQ, va, 1 } };
	struct filter fa2[] = { { xstrdup("kind"), FOP_EQ, va2, 1 } };
	struct filter fcol[] = { { (char *)"type", FOP_EQ, va, 1 } };
	struct filter fop[] = { { (char *)"kind", FOP_NE, va, 1 } };
	struct filter fval[] = { { (char *)"kind", FOP_EQ, vb, 1 } };
	struct filter fn[] = { { (char *)"kind", FOP_IN, vab, 2 } };
	struct filter fn1[] = { { (char *)"kind", FOP_IN, va, 1 } };
	struct compute base = { (char *)"cases", MEAS_RATE, (char *)"opened", (char *)"opened",
	    (char *)"closed", (char *)"amount", (char *)"num", (char *)"den", (char *)"district",
	    90, 86400, (char *)"days", 1, 100, fa, 1, 1, { PERIOD_MONTH, 2024, 3 }, (char *)"g",
	    (char *)"area" };
	struct compute x;

	(void)state;
	assert_true(catalog_compute_equal(NULL, NULL));
	assert_false(catalog_compute_equal(&base, NULL));
	assert_false(catalog_compute_equal(NULL, &base));
	x = base;
	x.dataset = xstrdup("cases");
	x.filters = fa2;
	assert_true(catalog_compute_equal(&base, &x));
	free(x.dataset);
	for (int i = 0; i < 23; i++) {
		x = base;
		switch (i) {
		case 0: x.dataset = (char *)"calls"; break;
		case 1: x.measure = MEAS_SUM; break;
		case 2: x.period_by = NULL; break;
		case 3: x.from = (char *)"closed"; break;
		case 4: x.to = NULL; break;
		case 5: x.field = (char *)"base"; break;
		case 6: x.numerator = (char *)"den"; break;
		case 7: x.denominator = NULL; break;
		case 8: x.breakdown = (char *)"kind"; break;
		case 9: x.p = 50; break;
		case 10: x.within = 3600; break;
		case 11: x.unit = (char *)"hours"; break;
		case 12: x.complement = 0; break;
		case 13: x.scale = 1; break;
		case 14: x.nfilters = 0; break;
		case 15: x.has_since = 0; break;
		case 16: x.since.n = 4; break;
		case 17: x.group = (char *)"h"; break;
		case 18: x.area = NULL; break;
		case 19: x.filters = fcol; break;
		case 20: x.filters = fop; break;
		case 21: x.filters = fval; break;
		case 22: x.filters = fn; break;
		}
		if (catalog_compute_equal(&base, &x) || catalog_compute_equal(&x, &base))
			fail_msg("change %d: still equal", i);
	}
	/* since: compared only when given */
	x = base;
	base.has_since = x.has_since = 0;
	x.since.n = 9;
	assert_true(catalog_compute_equal(&base, &x));
	/* one value against two, the first the same */
	x = base;
	base.filters = fn;
	x.filters = fn1;
	assert_false(catalog_compute_equal(&base, &x));
	free(fa2[0].field);
	free(va2[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_loads_fixture),
		cmocka_unit_test(test_catalog_optional_parts),
		cmocka_unit_test(test_catalog_reports_every_problem),
		cmocka_unit_test(test_catalog_missing_file),
		cmocka_unit_test(test_catalog_target_for_latest_started),
		cmocka_unit_test(test_catalog_target_for_unsorted_targets),
		cmocka_unit_test(test_catalog_two_targets_same_start),
		cmocka_unit_test(test_catalog_tolerance),
		cmocka_unit_test(test_catalog_enum_names),
		cmocka_unit_test(test_catalog_diff),
		cmocka_unit_test(test_catalog_lookup_large),
		cmocka_unit_test(test_catalog_bounds),
		cmocka_unit_test(test_catalog_diff_every_metric_field),
		cmocka_unit_test(test_catalog_compute_equal_every_field),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
