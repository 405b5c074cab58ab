/*
** test_store.c: the SQLite store. A fresh store and an upgraded old one end up with the same
** schema; files that are not kpistat stores (or that a newer kpistat wrote) are refused and
** left alone; the catalog survives a write and read; figures are recorded as new, same, needing
** a reason, or revised (with the revision kept); a withdrawn figure leaves series, breakdowns
** and export but stays in history, and comes back as a revision; and duplicates, series,
** history and rollback behave as store.h says. Files go to a temporary directory; sqlite3 is used directly only to
** build old or foreign files and to look inside.
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
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/buf.h"
#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/schema.h"
#include "kpistat/store.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define FIXTURE		"tests/fixtures/catalog.yaml"
#define NOW		"1767225600"		/* SOURCE_DATE_EPOCH: 2026-01-01T00:00:00Z */
#define NOW_ISO		"2026-01-01T00:00:00Z"

static char	 tmpdir[] = "/tmp/test_store.XXXXXX";

/* Per-test state: a ":memory:" store holding the fixture catalog. */
struct fx {
	struct store	*st;
	struct catalog	 cat;
};

static int	 group_setup(void **);
static int	 group_teardown(void **);
static int	 fx_setup(void **);
static int	 fx_teardown(void **);
static const char *tmp_path(const char *);
static void	 rm_db(const char *);
static void	 load_yaml(const char *, struct catalog *);
static void	 load_text(const char *, struct catalog *);
static void	 write_catalog(struct store *, const struct catalog *);
static sqlite3	*raw_open(const char *);
static void	 raw_exec(const char *, const char *);
static long	 raw_int(const char *, const char *);
static char	*schema_of(const char *);
static struct period per(const char *);
static enum store_outcome record(struct store *, const char *, const char *, const char *,
		    double, const char *, const char *, const char *, double *);

/* ---- helpers ------------------------------------------------------------------------ */

static int
group_setup(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", NOW, 1);
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	static const char *const names[] = {
		"fresh.db", "old.db", "foreign.db", "bad.db", "rollback.db", "catalog.yaml",
		"stamp.db",
	};

	(void)state;
	for (size_t i = 0; i < NELEM(names); i++)	/* left behind by a failed test */
		rm_db(tmp_path(names[i]));
	return rmdir(tmpdir);
}

static int
fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	struct kp_err e;

	if (fx == NULL)
		return -1;
	fx->st = store_open(":memory:", STORE_CREATE, &e);
	if (fx->st == NULL) {
		free(fx);
		return -1;
	}
	load_yaml(FIXTURE, &fx->cat);
	write_catalog(fx->st, &fx->cat);
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	catalog_release(&fx->cat);
	free(fx);
	return 0;
}

/* tmpdir/name, in one of four static buffers. */
static const char *
tmp_path(const char *name)
{
	static char paths[4][256];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof paths[0], "%s/%s", tmpdir, name);
	return p;
}

/* Remove a store file and whatever SQLite keeps beside it. */
static void
rm_db(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char p[300];

	for (size_t i = 0; i < NELEM(sfx); i++) {
		snprintf(p, sizeof p, "%s%s", path, sfx[i]);
		unlink(p);
	}
}

static void
load_yaml(const char *path, struct catalog *c)
{
	struct diags d;

	diags_init(&d, 0);
	catalog_init(c);
	if (catalog_load_file(path, c, &d) != 0)
		fail_msg("%s: %s: %s", path, d.n ? d.v[0].where : "", d.n ? d.v[0].msg : "");
	diags_release(&d);
}

/* A catalog from YAML text (through a temporary file). */
static void
load_text(const char *text, struct catalog *c)
{
	const char *path = tmp_path("catalog.yaml");
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	load_yaml(path, c);
	unlink(path);
}

static void
write_catalog(struct store *st, const struct catalog *c)
{
	struct kp_err e;

	if (store_begin(st, &e) != 0 || store_catalog_write(st, c, &e) != 0 ||
	    store_commit(st, &e) != 0)
		fail_msg("catalog write: %s: %s", e.where, e.msg);
}

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail_msg("sqlite3_open %s: %s", path, sqlite3_errmsg(db));
	return db;
}

static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static long
raw_int(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *q;
	long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

/* Every schema object of the file as "name: sql" lines; caller frees. */
static char *
schema_of(const char *path)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *q;
	struct buf b = BUF_INIT;

	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema ORDER BY name", -1, &q,
	    NULL) != SQLITE_OK)
		fail_msg("schema: %s", sqlite3_errmsg(db));
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(q, 1);

		buf_addf(&b, "%s: %s\n", sqlite3_column_text(q, 0), sql ? sql : "(auto)");
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return buf_detach(&b);
}

static struct period
per(const char *s)
{
	struct period p;

	if (period_parse(s, &p, NULL) != 0)
		fail_msg("bad test period '%s'", s);
	return p;
}

/* store_record that must succeed; returns the outcome. */
static enum store_outcome
record(struct store *st, const char *metric, const char *period, const char *breakdown,
    double value, const char *note, const char *by, const char *reason, double *old)
{
	struct figure f;
	struct kp_err e;
	enum store_outcome out = (enum store_outcome)-1;

	f.metric = metric;
	f.period = per(period);
	f.breakdown = breakdown;
	f.value = value;
	f.note = note;
	f.by = by;
	f.origin = "entered";
	if (store_record(st, &f, reason, &out, old, &e) != 0)
		fail_msg("record %s %s: %s", metric, period, e.msg);
	return out;
}

/* ---- open, create, upgrade, refuse -------------------------------------------------- */

static void
test_store_fresh_memory(void **state)
{
	struct store *st;
	struct catalog c;
	struct kp_err e;

	(void)state;
	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_schema_latest(), schema_latest);
	st = store_open(":memory:", STORE_CREATE, &e);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(store_count_figures(st, NULL), 0);
	assert_int_equal(store_catalog_read(st, &c, &e), 0);
	assert_int_equal(c.ndepts, 0);
	assert_int_equal(c.nmetrics, 0);
	assert_int_equal(c.nprograms, 0);
	assert_null(c.city);
	assert_int_equal(c.fy_start, 7);
	catalog_release(&c);
	store_close(st);
	store_close(NULL);
}

static void
test_store_fresh_file(void **state)
{
	const char *path = tmp_path("fresh.db");
	struct store *st;
	struct kp_err e;
	struct stat sb;
	char want[600];

	(void)state;
	rm_db(path);
	/* Without STORE_CREATE a missing file is not made. */
	err_clear(&e);
	assert_null(store_open(path, 0, &e));
	assert_int_equal(e.code, KP_NOINPUT);
	assert_string_equal(e.where, path);
	assert_string_equal(e.msg, "no kpistat store here: run 'kpistat init' first, or give the "
	    "store with --db PATH or $KPISTAT_DB");
	assert_int_equal(stat(path, &sb), -1);

	st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), STORE_APP_ID);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), store_schema_latest());
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'measurement'"), 1);
	{
		sqlite3 *db = raw_open(path);
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
		sqlite3_finalize(q);
		sqlite3_close(db);
	}

	/* Opened again, it is simply used. */
	st = store_open(path, 0, &e);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	rm_db(path);

	/* Not a file; nowhere to create one. */
	assert_null(store_open(tmpdir, STORE_CREATE, &e));
	assert_int_equal(e.code, KP_NOINPUT);
	assert_string_equal(e.msg, "is a directory, not a kpistat store");
	assert_null(store_open("/nonexistent/dir/k.db", STORE_CREATE, &e));
	assert_int_equal(e.code, KP_CANTCREAT);
	assert_string_equal(e.where, "/nonexistent/dir/k.db");
	assert_string_equal(e.msg, "cannot create the store: directory '/nonexistent/dir' does not exist");
	snprintf(want, sizeof want, "%s/fresh.db/k.db", tmpdir);
	raw_exec(path, "CREATE TABLE x(a)");	/* a file where a directory should be */
	assert_null(store_open(want, STORE_CREATE, &e));
	assert_int_equal(e.code, KP_CANTCREAT);
	snprintf(want, sizeof want, "cannot create the store: '%s' is not a directory", path);
	assert_string_equal(e.msg, want);
	rm_db(path);
}

/* A file at schema version v, made by running migrations 1..v by hand. */
static void
make_old_store(const char *path, int v)
{
	char sql[128];

	rm_db(path);
	raw_exec(path, "PRAGMA user_version = 0");	/* creates an empty database file */
	for (int i = 1; i <= v; i++)
		raw_exec(path, schema_migrations[i]);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d;", v,
	    v > 0 ? STORE_APP_ID : 0);
	raw_exec(path, sql);
}

static void
test_store_upgrade_matches_fresh(void **state)
{
	const char *fresh = tmp_path("fresh.db"), *old = tmp_path("old.db");
	struct store *st;
	struct kp_err e;
	char *want, *got;

	(void)state;
	rm_db(fresh);
	st = store_open(fresh, STORE_CREATE, &e);
	assert_non_null(st);
	store_close(st);
	want = schema_of(fresh);
	assert_non_null(strstr(want, "measurement: CREATE TABLE measurement("));
	assert_non_null(strstr(want, "revision_by_measurement: CREATE INDEX"));

	/* Every older version, upgraded step by step, ends with the same schema. */
	for (int v = 0; v < store_schema_latest(); v++) {
		make_old_store(old, v);
		if (v == 0) {
			/* An empty database is not a store yet: init (STORE_CREATE) makes it one. */
			assert_null(store_open(old, 0, &e));
			assert_int_equal(e.code, KP_NOINPUT);
			assert_string_equal(e.msg, "empty store: run 'kpistat init' first");
		}
		st = store_open(old, v == 0 ? STORE_CREATE : 0, &e);
		if (st == NULL)
			fail_msg("upgrade from %d: %s", v, e.msg);
		assert_int_equal(store_schema_version(st), store_schema_latest());
		store_close(st);
		got = schema_of(old);
		if (strcmp(got, want) != 0)
			fail_msg("upgraded from %d:\n%s\nfresh:\n%s", v, got, want);
		free(got);
		assert_int_equal(raw_int(old, "PRAGMA user_version"), store_schema_latest());
		assert_int_equal(raw_int(old, "PRAGMA application_id"), STORE_APP_ID);
	}

	/* A zero-byte file (touch k.db; kpistat init k.db) becomes a store too. */
	rm_db(old);
	{
		FILE *fp = fopen(old, "w");

		assert_non_null(fp);
		fclose(fp);
	}
	st = store_open(old, STORE_CREATE, &e);
	assert_non_null(st);
	store_close(st);
	got = schema_of(old);
	assert_string_equal(got, want);
	free(got);

	/* The latest version is opened as it is: figures stay. */
	raw_exec(old, "INSERT INTO setting(key, value) VALUES ('city', 'Kept')");
	st = store_open(old, 0, &e);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(raw_int(old, "SELECT count(*) FROM setting WHERE value = 'Kept'"), 1);

	free(want);
	rm_db(old);
	rm_db(fresh);
}

static void
test_store_refuses_foreign_files(void **state)
{
	const char *path = tmp_path("foreign.db");
	char text[1024], back[1024], want[600];
	struct kp_err e;
	FILE *fp;
	size_t n;

	(void)state;
	/* Not SQLite at all: refused, and left as it was. */
	memset(text, 0, sizeof text);
	for (n = 0; n + 40 < sizeof text; n += 39)
		memcpy(text + n, "metric,period,value\npermits,2026-01,4\n", 39);
	for (int flags = 0; flags <= STORE_CREATE; flags += STORE_CREATE) {
		fp = fopen(path, "w");
		assert_non_null(fp);
		assert_int_equal(fwrite(text, 1, n, fp), n);
		fclose(fp);
		err_clear(&e);
		assert_null(store_open(path, flags, &e));
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.where, path);
		assert_string_equal(e.msg, "not a kpistat store (file is not a database)");
		fp = fopen(path, "r");
		assert_non_null(fp);
		assert_int_equal(fread(back, 1, sizeof back, fp), n);
		fclose(fp);
		assert_memory_equal(back, text, n);
		rm_db(path);
	}

	/* Another program's database. */
	raw_exec(path, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('mine')");
	assert_null(store_open(path, STORE_CREATE, &e));
	assert_int_equal(e.code, KP_DATA);
	assert_string_equal(e.msg, "not a kpistat store (an SQLite database of another program); "
	    "give a kpistat store or a new file name");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM notes"), 1);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
	rm_db(path);

	/* Another program's tag on an empty database. */
	raw_exec(path, "PRAGMA application_id = 42");
	assert_null(store_open(path, STORE_CREATE, &e));
	assert_int_equal(e.code, KP_DATA);
	assert_string_equal(e.msg, "not a kpistat store (an SQLite database of another program); "
	    "give a kpistat store or a new file name");
	assert_int_equal(raw_int(path, "PRAGMA application_id"), 42);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 0);
	rm_db(path);

	/* A newer kpistat's store. */
	make_old_store(path, store_schema_latest());
	snprintf(want, sizeof want, "PRAGMA user_version = %d", store_schema_latest() + 1);
	raw_exec(path, want);
	for (int flags = 0; flags <= STORE_CREATE; flags += STORE_CREATE) {
		assert_null(store_open(path, flags, &e));
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.where, path);
		snprintf(want, sizeof want, "written by a newer kpistat (schema version %d; this "
		    "kpistat knows up to %d): upgrade kpistat to use it", store_schema_latest() + 1,
		    store_schema_latest());
		assert_string_equal(e.msg, want);
		assert_int_equal(raw_int(path, "PRAGMA user_version"), store_schema_latest() + 1);
	}
	rm_db(path);
}

/* ---- the catalog -------------------------------------------------------------------- */

static const char full_catalog[] =
    "city: Testville\n"
    "fiscal_year_start: 7\n"
    "departments:\n"
    "  - { code: dev, name: Development Services, head: Pat Smith }\n"
    "  - { code: parks, name: Parks }\n"
    "metrics:\n"
    "  - code: permits.review_days\n"
    "    name: Median review time\n"
    "    department: dev\n"
    "    unit: days\n"
    "    decimals: 1\n"
    "    direction: lower\n"
    "    rollup: mean\n"
    "    description: Calendar days to decision.\n"
    "    source: Accela\n"
    "    rebase: [2025-04, 2025-11]\n"
    "    targets:\n"
    "      - { value: 5, from: 2025-Q3, tolerance: 10% }\n"
    "      - { value: 4.5, from: 2025-10, tolerance: 0.25 }\n"
    "      - { value: 4, from: FY2027 }\n"
    "      - { value: 3.5, from: 2026-W40 }\n"
    "  - code: parks.acres\n"
    "    name: Acres mowed\n"
    "    department: parks\n"
    "    unit: acres\n"
    "    direction: neutral\n"
    "    frequency: quarterly\n"
    "    rollup: sum\n"
    "    compute: { dataset: mowing, period_by: mowed_on, measure: sum, field: acres }\n"
    "  - code: dev.inspections\n"
    "    name: Inspections\n"
    "    department: dev\n"
    "    direction: higher\n"
    "    frequency: fiscal_yearly\n"
    "    rollup: last\n"
    "    targets: [{ value: 1200, from: FY2026 }]\n"
    "programs:\n"
    "  - { code: tulstat, title: TulStat, template: tulstat,\n"
    "      metrics: [permits.review_days, parks.acres] }\n"
    "  - { code: devstat, title: DevStat, metrics: [dev.inspections, permits.review_days] }\n"
    "datasets:\n"
    "  - { name: mowing, key: id, columns: { id: integer, mowed_on: date, acres: number } }\n";

/* The catalog without parks (department and metric) and without a city. */
static const char smaller_catalog[] =
    "fiscal_year_start: 7\n"
    "departments:\n"
    "  - { code: dev, name: Development Services, head: Pat Smith }\n"
    "metrics:\n"
    "  - code: permits.review_days\n"
    "    name: Median review time\n"
    "    department: dev\n"
    "    unit: days\n"
    "    decimals: 1\n"
    "    direction: lower\n"
    "    rollup: mean\n"
    "    description: Calendar days to decision.\n"
    "    source: Accela\n"
    "    rebase: [2025-04, 2025-11]\n"
    "    targets:\n"
    "      - { value: 5, from: 2025-Q3, tolerance: 10% }\n"
    "      - { value: 4.5, from: 2025-10, tolerance: 0.25 }\n"
    "      - { value: 4, from: FY2027 }\n"
    "      - { value: 3.5, from: 2026-W40 }\n"
    "  - code: dev.inspections\n"
    "    name: Inspections\n"
    "    department: dev\n"
    "    direction: higher\n"
    "    frequency: fiscal_yearly\n"
    "    rollup: last\n"
    "    targets: [{ value: 1200, from: FY2026 }]\n"
    "programs:\n"
    "  - { code: devstat, title: DevStat, metrics: [dev.inspections, permits.review_days] }\n";

static void
diff_line(void *arg, const char *line)
{
	struct buf *b = arg;

	buf_addf(b, "%s\n", line);
}

/* catalog_diff(a, b) as text, "" when they agree. */
static char *
diff_of(const struct catalog *a, const struct catalog *b)
{
	struct buf out = BUF_INIT;

	catalog_diff(a, b, diff_line, &out);
	return buf_detach(&out);
}

static void
test_store_catalog_round_trip(void **state)
{
	const struct metric *m;
	const struct department *d;
	struct catalog in, out;
	struct store *st;
	struct kp_err e;
	char buf[PERIOD_STRLEN], *diff;

	(void)state;
	load_text(full_catalog, &in);
	st = store_open(":memory:", STORE_CREATE, &e);
	assert_non_null(st);
	write_catalog(st, &in);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);

	assert_string_equal(out.city, "Testville");
	assert_int_equal(out.fy_start, 7);
	assert_int_equal(out.ndepts, 2);
	d = catalog_dept(&out, "dev");
	assert_string_equal(d->name, "Development Services");
	assert_string_equal(d->head, "Pat Smith");
	assert_null(catalog_dept(&out, "parks")->head);

	assert_int_equal(out.nmetrics, 3);
	m = catalog_metric(&out, "permits.review_days");
	assert_string_equal(m->name, "Median review time");
	assert_string_equal(m->department, "dev");
	assert_string_equal(m->unit, "days");
	assert_int_equal(m->decimals, 1);
	assert_int_equal(m->direction, DIR_LOWER);
	assert_int_equal(m->freq, FREQ_MONTHLY);
	assert_int_equal(m->rollup, ROLLUP_MEAN);
	assert_string_equal(m->description, "Calendar days to decision.");
	assert_string_equal(m->source, "Accela");
	assert_int_equal(m->computed, 0);
	assert_int_equal(m->retired, 0);
	assert_int_equal(m->nrebase, 2);
	assert_string_equal(period_format(&m->rebase[0], buf), "2025-04");
	assert_string_equal(period_format(&m->rebase[1], buf), "2025-11");
	/* Targets come back oldest first, by when they start (FY2027 starts 2026-07-01). */
	assert_int_equal(m->ntargets, 4);
	assert_string_equal(period_format(&m->targets[0].from, buf), "2025-Q3");
	assert_true(m->targets[0].value == 5);
	assert_int_equal(m->targets[0].has_tol, 1);
	assert_int_equal(m->targets[0].tol_pct, 1);
	assert_true(m->targets[0].tol == 10);
	assert_string_equal(period_format(&m->targets[1].from, buf), "2025-10");
	assert_true(m->targets[1].value == 4.5);
	assert_int_equal(m->targets[1].has_tol, 1);
	assert_int_equal(m->targets[1].tol_pct, 0);
	assert_true(m->targets[1].tol == 0.25);
	assert_string_equal(period_format(&m->targets[2].from, buf), "FY2027");
	assert_int_equal(m->targets[2].has_tol, 0);
	assert_string_equal(period_format(&m->targets[3].from, buf), "2026-W40");
	{
		struct period p = per("2026-08");

		assert_true(catalog_target_for(m, &p, out.fy_start)->value == 4);
	}
	m = catalog_metric(&out, "parks.acres");
	assert_int_equal(m->computed, 1);
	assert_int_equal(m->direction, DIR_NEUTRAL);
	assert_int_equal(m->freq, FREQ_QUARTERLY);
	assert_int_equal(m->rollup, ROLLUP_SUM);
	assert_null(m->description);
	assert_null(m->source);
	assert_int_equal(m->ntargets, 0);
	m = catalog_metric(&out, "dev.inspections");
	assert_int_equal(m->freq, FREQ_FISCAL_YEARLY);
	assert_string_equal(m->unit, "");

	assert_int_equal(out.nprograms, 2);
	assert_string_equal(catalog_program(&out, "tulstat")->template, "tulstat");
	assert_null(catalog_program(&out, "devstat")->template);
	assert_string_equal(catalog_program(&out, "devstat")->title, "DevStat");
	assert_int_equal(catalog_program(&out, "devstat")->nmetrics, 2);
	assert_string_equal(catalog_program(&out, "devstat")->metrics[0], "dev.inspections");
	assert_string_equal(catalog_program(&out, "devstat")->metrics[1], "permits.review_days");

	/* Nothing is lost on the way: the catalogs do not differ. */
	diff = diff_of(&out, &in);
	assert_string_equal(diff, "");
	free(diff);

	/* Writing the same catalog again changes nothing. */
	catalog_release(&out);
	write_catalog(st, &in);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);
	diff = diff_of(&out, &in);
	assert_string_equal(diff, "");
	free(diff);

	catalog_release(&out);
	catalog_release(&in);
	store_close(st);
}

/*
** The catalog's stamp moves on with every change to a catalog table, by kpistat or by hand,
** and holds while only figures change: serve keeps its catalog on it (web_page.c).
*/
static long long
stamp_of(struct store *st)
{
	struct kp_err e;
	long long n = -1;

	if (store_catalog_stamp(st, &n, &e) != 0)
		fail_msg("store_catalog_stamp: %s", e.msg);
	return n;
}

static void
test_store_catalog_stamp(void **state)
{
	const char *path = tmp_path("stamp.db");
	struct catalog in, small;
	struct store *st;
	struct kp_err e;
	long long n0, n1, n2, n3;

	(void)state;
	rm_db(path);
	st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	n0 = stamp_of(st);
	load_text(full_catalog, &in);
	write_catalog(st, &in);
	n1 = stamp_of(st);
	assert_true(n1 > n0);

	/* Figures, their revisions and commentary leave it where it is. */
	assert_int_equal(record(st, "permits.review_days", "2026-08", "", 4.2, NULL, "ana", NULL,
	    NULL), STORE_NEW);
	assert_int_equal(record(st, "permits.review_days", "2026-08", "", 4.4, NULL, "ana", "typo",
	    NULL), STORE_REVISED);
	assert_int_equal(stamp_of(st), n1);

	/* A smaller catalog (metrics retired, a program gone) moves it on. */
	load_text(smaller_catalog, &small);
	write_catalog(st, &small);
	n2 = stamp_of(st);
	assert_true(n2 > n1);
	store_close(st);

	/* So does a change made by hand, behind kpistat's back, to any catalog table. */
	raw_exec(path, "UPDATE department SET name = 'Dev' WHERE code = 'dev'");
	assert_int_equal(raw_int(path, "SELECT n FROM catalog_stamp"), n2 + 1);
	raw_exec(path, "DELETE FROM target");
	n3 = raw_int(path, "SELECT n FROM catalog_stamp");
	assert_true(n3 > n2 + 1);
	raw_exec(path, "INSERT INTO setting(key, value) VALUES ('x', 'y')");
	assert_int_equal(raw_int(path, "SELECT n FROM catalog_stamp"), n3 + 1);
	/* ... and not a figure written by hand. */
	raw_exec(path, "UPDATE measurement SET value = value + 1");
	assert_int_equal(raw_int(path, "SELECT n FROM catalog_stamp"), n3 + 1);

	catalog_release(&in);
	catalog_release(&small);
	rm_db(path);
}

static void
test_store_catalog_retires_metrics(void **state)
{
	struct catalog big, small, out;
	struct store *st;
	struct kp_err e;
	struct series s;
	const struct metric *m;
	char *diff;

	(void)state;
	load_text(full_catalog, &big);
	load_text(smaller_catalog, &small);
	st = store_open(":memory:", STORE_CREATE, &e);
	assert_non_null(st);
	write_catalog(st, &big);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 4.2, NULL, NULL, NULL,
	    NULL), STORE_NEW);
	{
		struct figure f = { "parks.acres", per("2026-Q1"), "", 31, NULL, NULL, "computed" };
		enum store_outcome o;

		assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), 0);
		assert_int_equal(o, STORE_NEW);
	}

	/* Dropping parks.acres retires it; its department stays while it refers to it. */
	write_catalog(st, &small);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);
	assert_null(out.city);			/* the city was dropped too */
	assert_int_equal(out.nmetrics, 3);	/* retired metrics are read, marked */
	m = catalog_metric(&out, "parks.acres");
	assert_non_null(m);
	assert_int_equal(m->retired, 1);
	assert_int_equal(catalog_metric(&out, "permits.review_days")->retired, 0);
	assert_int_equal(catalog_metric(&out, "dev.inspections")->retired, 0);
	assert_non_null(catalog_dept(&out, "parks"));
	assert_int_equal(out.nprograms, 1);
	assert_null(catalog_program(&out, "tulstat"));
	/* Its figures are kept. */
	assert_int_equal(store_count_figures(st, NULL), 2);
	assert_int_equal(store_series(st, "parks.acres", "", &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.values[0] == 31);
	series_release(&s);
	/* And loading the smaller catalog again is no change at all. */
	diff = diff_of(&out, &small);
	assert_string_equal(diff, "");
	free(diff);
	catalog_release(&out);

	/* Bringing it back un-retires it. */
	write_catalog(st, &big);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);
	assert_int_equal(catalog_metric(&out, "parks.acres")->retired, 0);
	assert_string_equal(out.city, "Testville");
	diff = diff_of(&out, &big);
	assert_string_equal(diff, "");
	free(diff);
	catalog_release(&out);

	/* A department nobody refers to goes with the catalog that dropped it. */
	catalog_release(&small);
	load_text("departments: [{ code: dev, name: Dev }, { code: hr, name: HR }]\n"
	    "metrics: [{ code: permits.review_days, name: R, department: dev, direction: lower }]\n",
	    &small);
	write_catalog(st, &small);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);
	assert_non_null(catalog_dept(&out, "hr"));
	assert_non_null(catalog_dept(&out, "parks"));	/* parks.acres, retired, still names it */
	catalog_release(&out);
	catalog_release(&small);
	load_text("departments: [{ code: dev, name: Dev }]\n"
	    "metrics: [{ code: permits.review_days, name: R, department: dev, direction: lower }]\n",
	    &small);
	write_catalog(st, &small);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);
	assert_null(catalog_dept(&out, "hr"));
	assert_int_equal(out.ndepts, 2);		/* dev, and parks for the retired metric */
	assert_int_equal(catalog_metric(&out, "dev.inspections")->retired, 1);
	diff = diff_of(&out, &small);
	assert_string_equal(diff, "");
	free(diff);
	catalog_release(&out);
	catalog_release(&big);
	catalog_release(&small);
	store_close(st);
}

/* ---- figures ------------------------------------------------------------------------ */

/* Collects store_history / store_each_figure rows (strings copied). */
struct rows {
	size_t	 n;
	int	 stop_at;	/* return 99 on this row (1-based), 0: never */
	struct {
		char	 metric[40], period[16], breakdown[24], note[40], by[16], at[24];
		char	 old_note[40], reason[40], revised_at[24];
		double	 value, old_value;
		int	 is_revision, nrevisions, has_note, has_old_note, withdrawn;
		enum store_change change;
	} r[32];
};

static void
copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "(null)");
}

static int
collect(void *arg, const struct store_row *r)
{
	struct rows *rows = arg;

	assert_true(rows->n < NELEM(rows->r));
	copy(rows->r[rows->n].metric, sizeof rows->r[0].metric, r->metric);
	copy(rows->r[rows->n].period, sizeof rows->r[0].period, r->period);
	copy(rows->r[rows->n].breakdown, sizeof rows->r[0].breakdown, r->breakdown);
	copy(rows->r[rows->n].note, sizeof rows->r[0].note, r->note);
	copy(rows->r[rows->n].by, sizeof rows->r[0].by, r->by);
	copy(rows->r[rows->n].at, sizeof rows->r[0].at, r->at);
	copy(rows->r[rows->n].old_note, sizeof rows->r[0].old_note, r->old_note);
	copy(rows->r[rows->n].reason, sizeof rows->r[0].reason, r->reason);
	copy(rows->r[rows->n].revised_at, sizeof rows->r[0].revised_at, r->revised_at);
	rows->r[rows->n].value = r->value;
	rows->r[rows->n].old_value = r->old_value;
	rows->r[rows->n].is_revision = r->is_revision;
	rows->r[rows->n].nrevisions = r->nrevisions;
	rows->r[rows->n].withdrawn = r->withdrawn;
	rows->r[rows->n].change = r->change;
	rows->n++;
	return rows->stop_at != 0 && (int)rows->n == rows->stop_at ? 99 : 0;
}

static void
test_store_record_outcomes(void **state)
{
	struct fx *fx = *state;
	struct store *st = fx->st;
	struct rows rows;
	struct series s;
	struct kp_err e;
	double old = -1;

	/* New, then the same figure again. */
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.2, NULL, "ana", NULL,
	    NULL), STORE_NEW);
	assert_int_equal(store_count_figures(st, NULL), 1);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.2, NULL, "bo", NULL,
	    NULL), STORE_SAME);
	assert_int_equal(record(st, "permits.review_days", "2026-01", NULL, 5.2, NULL, "bo",
	    "a reason for nothing", NULL), STORE_SAME);	/* NULL breakdown is the whole city */

	/* A different value without a reason: nothing is written. */
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, "late", "bo", NULL,
	    &old), STORE_NEEDS_REASON);
	assert_true(old == 5.2);
	old = -1;
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, NULL, "bo", "",
	    &old), STORE_NEEDS_REASON);
	assert_true(old == 5.2);
	assert_int_equal(store_series(st, "permits.review_days", "", &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.values[0] == 5.2);
	assert_null(s.notes[0]);
	series_release(&s);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", NULL, NULL, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 1);		/* no revision */
	assert_string_equal(rows.r[0].by, "ana");

	/* With a reason it is revised, and the revision says old, new, why and who. */
	old = -1;
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, NULL, "bo",
	    "typo in the January report", &old), STORE_REVISED);
	assert_true(old == 5.2);
	assert_int_equal(store_count_figures(st, NULL), 1);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", NULL, NULL, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 2);
	assert_int_equal(rows.r[0].is_revision, 0);
	assert_true(rows.r[0].value == 5.4);
	assert_string_equal(rows.r[0].by, "ana");	/* who entered it first */
	assert_string_equal(rows.r[0].at, NOW_ISO);
	assert_int_equal(rows.r[1].is_revision, 1);
	assert_true(rows.r[1].old_value == 5.2);
	assert_true(rows.r[1].value == 5.4);
	assert_string_equal(rows.r[1].reason, "typo in the January report");
	assert_string_equal(rows.r[1].by, "bo");
	assert_string_equal(rows.r[1].at, NOW_ISO);
	assert_string_equal(rows.r[1].old_note, "(null)");
	assert_string_equal(rows.r[1].note, "(null)");

	/* A note alone changes without a reason; a figure given without a note keeps its note. */
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, "two reviewers out",
	    "cy", NULL, NULL), STORE_REVISED);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, NULL, "cy", NULL,
	    NULL), STORE_SAME);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, "two reviewers out",
	    "cy", NULL, NULL), STORE_SAME);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.4, "one reviewer out",
	    "cy", "corrected", NULL), STORE_REVISED);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.6, NULL, "cy",
	    "recount", NULL), STORE_REVISED);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", "", "2026-01", collect, &rows, &e), 0);
	assert_int_equal(rows.n, 5);
	assert_true(rows.r[0].value == 5.6);
	assert_string_equal(rows.r[0].note, "one reviewer out");
	assert_string_equal(rows.r[2].reason, "commentary changed");
	assert_string_equal(rows.r[2].old_note, "(null)");
	assert_string_equal(rows.r[2].note, "two reviewers out");
	assert_true(rows.r[2].old_value == 5.4);
	assert_true(rows.r[2].value == 5.4);
	assert_string_equal(rows.r[3].reason, "corrected");
	assert_string_equal(rows.r[3].old_note, "two reviewers out");
	assert_string_equal(rows.r[3].note, "one reviewer out");
	assert_string_equal(rows.r[4].reason, "recount");
	assert_string_equal(rows.r[4].note, "one reviewer out");	/* kept */
	assert_true(rows.r[4].old_value == 5.4);
	assert_true(rows.r[4].value == 5.6);

	/* Another breakdown is another figure. */
	assert_int_equal(record(st, "permits.review_days", "2026-01", "district=3", 7, NULL, NULL,
	    NULL, NULL), STORE_NEW);
	assert_int_equal(store_count_figures(st, NULL), 2);

	/* What cannot be stored. */
	{
		struct figure f = { "nope", per("2026-01"), "", 1, NULL, NULL, "entered" };
		enum store_outcome o = STORE_SAME;

		err_clear(&e);
		assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), -1);
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.msg, "unknown metric 'nope': see 'kpistat catalog show' for "
		    "the metrics in this store");
		f.metric = "permits.review_days";
		f.value = NAN;
		assert_int_equal(store_record(st, &f, "why", &o, NULL, &e), -1);
		assert_string_equal(e.msg, "value for 'permits.review_days' is not a finite number");
		f.value = INFINITY;
		assert_int_equal(store_record(st, &f, "why", &o, NULL, &e), -1);
		assert_int_equal(o, STORE_SAME);	/* untouched on failure */
	}
	assert_int_equal(store_count_figures(st, NULL), 2);
}

static void
test_store_computed_metric_refuses_hand_entry(void **state)
{
	struct fx *fx = *state;
	struct store *st = fx->st;
	struct metric *m = (struct metric *)catalog_metric(&fx->cat, "fire.lift_assists");
	struct figure f = { "fire.lift_assists", per("2026-01"), "", 12, NULL, "ana", "entered" };
	enum store_outcome o;
	struct kp_err e;
	static const char msg[] = "metric 'fire.lift_assists' is computed from raw records and "
	    "takes no figures by hand: run 'kpistat compute' instead";

	/* Recorded by hand while it is an ordinary metric... */
	assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), 0);
	assert_int_equal(o, STORE_NEW);

	/* ...then the catalog says it is computed: hand entry and import are refused. */
	m->computed = 1;
	write_catalog(st, &fx->cat);
	f.period = per("2026-02");
	err_clear(&e);
	assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), -1);
	assert_int_equal(e.code, KP_DATA);
	assert_string_equal(e.msg, msg);
	f.origin = "imported";
	assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), -1);
	assert_string_equal(e.msg, msg);
	f.origin = "computed";
	assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), 0);
	assert_int_equal(o, STORE_NEW);
	assert_int_equal(store_count_figures(st, NULL), 2);
}

static void
test_store_seen_finds_duplicates(void **state)
{
	struct fx *fx = *state;
	struct store *st = fx->st;
	struct period jan = per("2026-01"), feb = per("2026-02");
	struct kp_err e;
	long first = -1;

	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "", 2, &first, &e), 0);
	assert_int_equal(store_seen(st, "permits.review_days", &feb, "", 3, &first, &e), 0);
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "district=1", 4, &first, &e), 0);
	assert_int_equal(store_seen(st, "fire.lift_assists", &jan, "", 5, &first, &e), 0);
	assert_int_equal(first, -1);		/* untouched when not seen */
	assert_int_equal(store_seen(st, "permits.review_days", &jan, NULL, 7, &first, &e), 1);
	assert_int_equal(first, 2);		/* the first line, not the latest */
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "", 9, &first, &e), 1);
	assert_int_equal(first, 2);
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "district=1", 10, &first, &e), 1);
	assert_int_equal(first, 4);

	/* A new import forgets them. */
	store_seen_reset(st);
	first = -1;
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "", 11, &first, &e), 0);
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "", 12, &first, &e), 1);
	assert_int_equal(first, 11);

	/* An import that failed (rolled back) does not break the next one on the same handle. */
	store_rollback(st);
	assert_int_equal(store_begin(st, &e), 0);
	store_seen_reset(st);
	err_clear(&e);
	if (store_seen(st, "permits.review_days", &jan, "", 2, &first, &e) != 0)
		fail_msg("after a rollback: %s", e.msg);
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "", 3, &first, &e), 1);
	assert_int_equal(first, 2);
	assert_int_equal(store_commit(st, &e), 0);
	store_seen_reset(st);
	assert_int_equal(store_seen(st, "permits.review_days", &jan, "", 4, &first, &e), 0);
	assert_int_equal(store_count_figures(st, NULL), 0);	/* seen is not stored */
}

static void
test_store_series_in_period_order(void **state)
{
	static const struct {
		const char *metric, *period, *breakdown;
		double value;
		const char *note;
	} figs[] = {
		{ "permits.review_days", "2026-03", "", 3, NULL },
		{ "permits.review_days", "2025-12", "", 12, "holidays" },
		{ "permits.review_days", "2026-01", "", 1, NULL },
		{ "permits.review_days", "2025-02", "", 2, NULL },
		{ "permits.review_days", "2026-02", "district=2", 22, NULL },
		{ "permits.review_days", "2026-01", "district=10", 110, NULL },
		{ "permits.review_days", "2026-01", "district=2", 21, NULL },
		{ "permits.within_5_days", "2024-01", "", 90, NULL },
		{ "fire.drills", "2026-W01", "", 1, NULL },
		{ "fire.drills", "2025-W52", "", 52, NULL },
		{ "fire.drills", "2025-W03", "", 3, NULL },
		{ "fire.drills", "2026-W10", "", 10, NULL },
		{ "fire.budget", "2026-Q1", "", 261, NULL },
		{ "fire.budget", "2025-Q4", "", 254, NULL },
		{ "fire.inspections_fy", "FY2027", "", 27, NULL },
		{ "fire.inspections_fy", "FY2026", "", 26, NULL },
	};
	static const struct {
		const char *metric, *breakdown;
		const char *periods[5];
	} want[] = {
		{ "permits.review_days", "", { "2025-02", "2025-12", "2026-01", "2026-03" } },
		{ "permits.review_days", "district=2", { "2026-01", "2026-02" } },
		{ "fire.drills", "", { "2025-W03", "2025-W52", "2026-W01", "2026-W10" } },
		{ "fire.budget", "", { "2025-Q4", "2026-Q1" } },
		{ "fire.inspections_fy", "", { "FY2026", "FY2027" } },
		{ "fire.lift_assists", "", { NULL } },
		{ "no.such.metric", "", { NULL } },
	};
	struct fx *fx = *state;
	struct store *st = fx->st;
	struct series s;
	struct kp_err e;
	char buf[PERIOD_STRLEN], **bd;
	size_t n;

	for (size_t i = 0; i < NELEM(figs); i++)
		assert_int_equal(record(st, figs[i].metric, figs[i].period, figs[i].breakdown,
		    figs[i].value, figs[i].note, NULL, NULL, NULL), STORE_NEW);
	for (size_t i = 0; i < NELEM(want); i++) {
		size_t k = 0;

		assert_int_equal(store_series(st, want[i].metric, want[i].breakdown, &s, &e), 0);
		while (k < NELEM(want[i].periods) && want[i].periods[k] != NULL)
			k++;
		if (s.n != k)
			fail_msg("%s %s: %zu figures, want %zu", want[i].metric, want[i].breakdown, s.n, k);
		for (size_t j = 0; j < k; j++)
			assert_string_equal(period_format(&s.periods[j], buf), want[i].periods[j]);
		series_release(&s);
		assert_int_equal(s.n, 0);
	}
	assert_int_equal(store_series(st, "permits.review_days", NULL, &s, &e), 0);
	assert_int_equal(s.n, 4);
	assert_true(s.values[0] == 2);
	assert_true(s.values[1] == 12);
	assert_string_equal(s.notes[1], "holidays");
	assert_null(s.notes[0]);
	assert_true(s.values[3] == 3);
	series_release(&s);

	assert_int_equal(store_count_figures(st, "fire.drills"), 4);
	assert_int_equal(store_count_figures(st, "permits.review_days"), 7);
	assert_int_equal(store_count_figures(st, "fire.lift_assists"), 0);
	assert_int_equal(store_count_figures(st, NULL), (long)NELEM(figs));

	/* Breakdowns, sorted as text, without the whole city. */
	assert_int_equal(store_breakdowns(st, "permits.review_days", &bd, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(bd[0], "district=10");
	assert_string_equal(bd[1], "district=2");
	store_strv_free(bd, n);
	assert_int_equal(store_breakdowns(st, "fire.drills", &bd, &n, &e), 0);
	assert_int_equal(n, 0);
	store_strv_free(bd, n);
}

static void
test_store_series_bad_stored_period(void **state)
{
	const char *path = tmp_path("bad.db");
	struct catalog c;
	struct store *st;
	struct series s = { NULL, NULL, NULL, 0 };
	struct kp_err e;

	(void)state;
	rm_db(path);
	st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	load_yaml(FIXTURE, &c);
	write_catalog(st, &c);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 1, NULL, NULL, NULL, NULL),
	    STORE_NEW);
	store_close(st);
	raw_exec(path, "UPDATE measurement SET period = '2026-13'");
	st = store_open(path, 0, &e);
	assert_non_null(st);
	err_clear(&e);
	assert_int_equal(store_series(st, "permits.review_days", "", &s, &e), -1);
	assert_int_equal(e.code, KP_DATA);
	assert_string_equal(e.msg, "store holds a bad period '2026-13' for 'permits.review_days'");
	assert_int_equal(s.n, 0);
	store_close(st);
	catalog_release(&c);
	rm_db(path);
}

static void
test_store_history_and_each_figure(void **state)
{
	struct fx *fx = *state;
	struct store *st = fx->st;
	struct rows rows;
	struct kp_err e;

	assert_int_equal(record(st, "permits.review_days", "2026-02", "", 4, NULL, "ana", NULL,
	    NULL), STORE_NEW);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5, "first", "ana", NULL,
	    NULL), STORE_NEW);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "district=1", 6, NULL, "ana",
	    NULL, NULL), STORE_NEW);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.5, NULL, "bo", "one",
	    NULL), STORE_REVISED);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5.25, NULL, "cy", "two",
	    NULL), STORE_REVISED);
	assert_int_equal(record(st, "fire.lift_assists", "2025-12", "", 30, NULL, NULL, NULL, NULL),
	    STORE_NEW);

	/* Every breakdown: the city's figures, then district=1's, each by period, revisions after. */
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", NULL, NULL, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 5);
	assert_string_equal(rows.r[0].period, "2026-01");
	assert_string_equal(rows.r[0].breakdown, "");
	assert_int_equal(rows.r[0].is_revision, 0);
	assert_true(rows.r[0].value == 5.25);
	assert_string_equal(rows.r[0].note, "first");
	assert_string_equal(rows.r[0].metric, "permits.review_days");
	assert_int_equal(rows.r[1].is_revision, 1);
	assert_string_equal(rows.r[1].reason, "one");
	assert_true(rows.r[1].old_value == 5);
	assert_true(rows.r[1].value == 5.5);
	assert_string_equal(rows.r[1].by, "bo");
	assert_string_equal(rows.r[1].period, "2026-01");
	assert_string_equal(rows.r[2].reason, "two");
	assert_true(rows.r[2].old_value == 5.5);
	assert_true(rows.r[2].value == 5.25);
	assert_string_equal(rows.r[3].period, "2026-02");
	assert_int_equal(rows.r[3].is_revision, 0);
	assert_string_equal(rows.r[4].breakdown, "district=1");

	/* One breakdown, one period. */
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", "district=1", NULL, collect,
	    &rows, &e), 0);
	assert_int_equal(rows.n, 1);
	assert_true(rows.r[0].value == 6);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", "", "2026-02", collect, &rows,
	    &e), 0);
	assert_int_equal(rows.n, 1);
	assert_true(rows.r[0].value == 4);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "nope", NULL, NULL, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 0);

	/* The callback stops the walk, in a figure or in its revisions, and its value is returned. */
	memset(&rows, 0, sizeof rows);
	rows.stop_at = 1;
	assert_int_equal(store_history(st, "permits.review_days", NULL, NULL, collect, &rows, &e), 99);
	assert_int_equal(rows.n, 1);
	memset(&rows, 0, sizeof rows);
	rows.stop_at = 2;
	assert_int_equal(store_history(st, "permits.review_days", NULL, NULL, collect, &rows, &e), 99);
	assert_int_equal(rows.n, 2);
	/* And the statements are usable again afterwards. */
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", NULL, NULL, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 5);

	/* Every current figure, by metric, breakdown and period, with its revision count. */
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_each_figure(st, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 4);
	assert_string_equal(rows.r[0].metric, "fire.lift_assists");
	assert_int_equal(rows.r[0].nrevisions, 0);
	assert_string_equal(rows.r[0].revised_at, "(null)");
	assert_string_equal(rows.r[1].metric, "permits.review_days");
	assert_string_equal(rows.r[1].period, "2026-01");
	assert_string_equal(rows.r[1].breakdown, "");
	assert_true(rows.r[1].value == 5.25);
	assert_int_equal(rows.r[1].nrevisions, 2);
	assert_string_equal(rows.r[1].revised_at, NOW_ISO);
	assert_string_equal(rows.r[1].at, NOW_ISO);
	assert_string_equal(rows.r[1].by, "ana");
	assert_string_equal(rows.r[2].period, "2026-02");
	assert_string_equal(rows.r[3].breakdown, "district=1");
	assert_int_equal(rows.r[3].is_revision, 0);
	memset(&rows, 0, sizeof rows);
	rows.stop_at = 3;
	assert_int_equal(store_each_figure(st, collect, &rows, &e), 99);
	assert_int_equal(rows.n, 3);
}

static void
test_store_withdraw_and_restore(void **state)
{
	struct fx *fx = *state;
	struct store *st = fx->st;
	struct period jan = per("2026-01"), feb = per("2026-02");
	struct series s;
	struct rows rows;
	struct kp_err e;
	char **bd;
	size_t n;
	double old = 0;

	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5, "first", "ana", NULL,
	    NULL), STORE_NEW);
	assert_int_equal(record(st, "permits.review_days", "2026-02", "", 4, NULL, "ana", NULL,
	    NULL), STORE_NEW);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "district=1", 6, NULL, "ana",
	    NULL, NULL), STORE_NEW);

	/* Current figures of one origin, in a range of period keys, by period and breakdown. */
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_current_figures(st, "permits.review_days", "entered", LONG_MIN,
	    LONG_MAX, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 3);
	assert_string_equal(rows.r[0].period, "2026-01");
	assert_string_equal(rows.r[0].breakdown, "");
	assert_string_equal(rows.r[1].breakdown, "district=1");
	assert_string_equal(rows.r[2].period, "2026-02");
	assert_true(rows.r[2].value == 4);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_current_figures(st, "permits.review_days", "entered",
	    period_key(&feb), period_key(&feb), collect, &rows, &e), 0);
	assert_int_equal(rows.n, 1);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_current_figures(st, "permits.review_days", "computed", LONG_MIN,
	    LONG_MAX, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 0);
	rows.stop_at = 1;
	assert_int_equal(store_current_figures(st, "permits.review_days", "entered", LONG_MIN,
	    LONG_MAX, collect, &rows, &e), 99);

	/* Withdrawn once; then there is no current figure to withdraw. */
	assert_int_equal(store_withdraw(st, "permits.review_days", &jan, "", "bo", "no records",
	    &e), 1);
	assert_int_equal(store_withdraw(st, "permits.review_days", &jan, "", "bo", "again", &e), 0);
	assert_int_equal(store_withdraw(st, "permits.review_days", &jan, "district=9", "bo", "x",
	    &e), 0);
	assert_int_equal(store_withdraw(st, "nope", &jan, "", "bo", "x", &e), 0);

	/* It leaves the series and the export, but is still stored, with its history. */
	assert_int_equal(store_series(st, "permits.review_days", "", &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.values[0] == 4);
	series_release(&s);
	assert_int_equal(store_count_figures(st, "permits.review_days"), 3);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_each_figure(st, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.r[0].period, "2026-02");
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_current_figures(st, "permits.review_days", "entered", LONG_MIN,
	    LONG_MAX, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 2);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", "", "2026-01", collect, &rows,
	    &e), 0);
	assert_int_equal(rows.n, 2);
	assert_int_equal(rows.r[0].withdrawn, 1);
	assert_true(rows.r[0].value == 5);
	assert_int_equal(rows.r[1].is_revision, 1);
	assert_int_equal(rows.r[1].change, STORE_CHANGE_WITHDRAWN);
	assert_true(rows.r[1].old_value == 5 && rows.r[1].value == 5);
	assert_string_equal(rows.r[1].reason, "no records");
	assert_string_equal(rows.r[1].by, "bo");
	assert_string_equal(rows.r[1].at, NOW_ISO);
	assert_string_equal(rows.r[1].note, "first");

	/* A breakdown whose every figure is withdrawn is no longer listed. */
	assert_int_equal(store_withdraw(st, "permits.review_days", &jan, "district=1", "bo",
	    NULL, &e), 1);
	assert_int_equal(store_breakdowns(st, "permits.review_days", &bd, &n, &e), 0);
	assert_int_equal(n, 0);
	store_strv_free(bd, n);

	/* Given again, it is restored without a reason, and the revision says so. */
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 7, NULL, "cy", NULL,
	    &old), STORE_RESTORED);
	assert_true(old == 5);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 7, NULL, "cy", NULL,
	    NULL), STORE_SAME);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "district=1", 6, NULL, "cy",
	    "back", NULL), STORE_RESTORED);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "permits.review_days", NULL, "2026-01", collect, &rows,
	    &e), 0);
	assert_int_equal(rows.n, 6);
	assert_int_equal(rows.r[0].withdrawn, 0);
	assert_true(rows.r[0].value == 7);
	assert_string_equal(rows.r[0].note, "first");		/* the note stays */
	assert_int_equal(rows.r[1].change, STORE_CHANGE_WITHDRAWN);
	assert_int_equal(rows.r[2].change, STORE_CHANGE_RESTORED);
	assert_true(rows.r[2].old_value == 5 && rows.r[2].value == 7);
	assert_string_equal(rows.r[2].reason, "entered again");
	assert_string_equal(rows.r[4].reason, "withdrawn");	/* no reason given */
	assert_int_equal(rows.r[5].change, STORE_CHANGE_RESTORED);
	assert_string_equal(rows.r[5].reason, "back");
	assert_true(rows.r[5].old_value == 6 && rows.r[5].value == 6);
	assert_int_equal(store_series(st, "permits.review_days", "", &s, &e), 0);
	assert_int_equal(s.n, 2);
	series_release(&s);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_each_figure(st, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 3);
	assert_int_equal(rows.r[0].nrevisions, 2);
}

/* A store of version 2 with figures and revisions: upgraded, they stay current and revised. */
static void
test_store_upgrade_keeps_figures(void **state)
{
	const char *old = tmp_path("old.db");
	struct store *st;
	struct series s;
	struct rows rows;
	struct kp_err e;

	(void)state;
	make_old_store(old, 2);
	raw_exec(old, "INSERT INTO department(code, name) VALUES ('dev', 'Development');"
	    "INSERT INTO metric(id, code, name, department, direction, frequency, rollup)"
	    " VALUES (1, 'm.x', 'X', 'dev', 'lower', 'monthly', 'mean');"
	    "INSERT INTO measurement(id, metric, period, pkey, value, entered_at)"
	    " VALUES (1, 1, '2026-01', 24312, 4, '2026-02-01T00:00:00Z');"
	    "INSERT INTO revision(measurement, old_value, new_value, changed_at, reason)"
	    " VALUES (1, 3, 4, '2026-02-02T00:00:00Z', 'late data');");
	st = store_open(old, 0, &e);
	assert_non_null(st);
	assert_int_equal(store_series(st, "m.x", "", &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.values[0] == 4);
	series_release(&s);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_history(st, "m.x", NULL, NULL, collect, &rows, &e), 0);
	assert_int_equal(rows.n, 2);
	assert_int_equal(rows.r[0].withdrawn, 0);
	assert_int_equal(rows.r[1].change, STORE_CHANGE_REVISED);
	assert_string_equal(rows.r[1].reason, "late data");
	store_close(st);
	rm_db(old);
}

static void
test_store_rollback_leaves_nothing(void **state)
{
	const char *path = tmp_path("rollback.db");
	struct catalog c, out;
	struct store *st;
	struct kp_err e;
	struct figure f;
	enum store_outcome o;

	(void)state;
	load_yaml(FIXTURE, &c);
	st = store_open(":memory:", STORE_CREATE, &e);
	assert_non_null(st);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_catalog_write(st, &c, &e), 0);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5, NULL, NULL, NULL, NULL),
	    STORE_NEW);
	store_rollback(st);
	store_rollback(st);	/* a second rollback is harmless */
	assert_int_equal(store_count_figures(st, NULL), 0);
	assert_int_equal(store_catalog_read(st, &out, &e), 0);
	assert_int_equal(out.nmetrics, 0);
	assert_int_equal(out.ndepts, 0);
	assert_null(out.city);
	catalog_release(&out);
	/* The metric went with the rollback: it is unknown, not half-remembered. */
	f.metric = "permits.review_days";
	f.period = per("2026-01");
	f.breakdown = "";
	f.value = 5;
	f.note = NULL;
	f.by = NULL;
	f.origin = "entered";
	err_clear(&e);
	assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), -1);
	assert_string_equal(e.msg, "unknown metric 'permits.review_days': see 'kpistat catalog "
	    "show' for the metrics in this store");
	assert_int_equal(store_count_figures(st, NULL), 0);
	/* After the catalog is written for real, it is recorded. */
	write_catalog(st, &c);
	assert_int_equal(store_record(st, &f, NULL, &o, NULL, &e), 0);
	assert_int_equal(o, STORE_NEW);
	store_close(st);

	/* Closing a store with a write under way rolls it back too. */
	rm_db(path);
	st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	write_catalog(st, &c);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(record(st, "permits.review_days", "2026-01", "", 5, NULL, NULL, NULL, NULL),
	    STORE_NEW);
	assert_int_equal(record(st, "fire.budget", "2026-Q1", "", 5, NULL, NULL, NULL, NULL),
	    STORE_NEW);
	store_close(st);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM measurement"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM metric"), 7);
	/* And a committed write stays. */
	st = store_open(path, 0, &e);
	assert_non_null(st);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(record(st, "fire.budget", "2026-Q1", "", 5, NULL, NULL, NULL, NULL),
	    STORE_NEW);
	assert_int_equal(store_commit(st, &e), 0);
	store_close(st);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM measurement"), 1);
	catalog_release(&c);
	rm_db(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_fresh_memory),
		cmocka_unit_test(test_store_fresh_file),
		cmocka_unit_test(test_store_upgrade_matches_fresh),
		cmocka_unit_test(test_store_refuses_foreign_files),
		cmocka_unit_test(test_store_catalog_round_trip),
		cmocka_unit_test(test_store_catalog_retires_metrics),
		cmocka_unit_test(test_store_catalog_stamp),
		cmocka_unit_test_setup_teardown(test_store_record_outcomes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_computed_metric_refuses_hand_entry,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_seen_finds_duplicates, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_series_in_period_order, fx_setup, fx_teardown),
		cmocka_unit_test(test_store_series_bad_stored_period),
		cmocka_unit_test_setup_teardown(test_store_history_and_each_figure, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_withdraw_and_restore, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_store_upgrade_keeps_figures),
		cmocka_unit_test(test_store_rollback_leaves_nothing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
