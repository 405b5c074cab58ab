/*
** test_store_damage.c: the catalog in a store that something other than kpistat changed (a
** hand edit with sqlite3, a half-restored backup). Values kpistat would never write are read
** past (a fiscal year start of 13 reads as the default July, a rebase period or a target start
** that is not a period is skipped, the rest kept); a table that is gone makes reading and
** writing the catalog fail with a message naming it, the catalog left empty, and a write
** rolled back leaves the store as it was. sqlite3 is used directly only to damage the file and
** to look inside.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"

#define FIXTURE	"tests/fixtures/catalog.yaml"

static char dir[] = "/tmp/test_store_damage.XXXXXX";
static char path[64];

static void
raw_exec(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static long
raw_count(const char *table)
{
	char sql[128];
	sqlite3 *db;
	sqlite3_stmt *q;
	long n;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

/* msg says the table is missing ("no such table: T", or "main.T" where SQLite says so). */
static int
names_table(const char *msg, const char *table)
{
	const char *p = strstr(msg, "no such table: ");
	char a[64], b[64];

	if (p == NULL)
		return 0;
	p += strlen("no such table: ");
	snprintf(a, sizeof a, "%s", table);
	snprintf(b, sizeof b, "main.%s", table);
	return strcmp(p, a) == 0 || strcmp(p, b) == 0;
}

static void
load_fixture(struct catalog *c)
{
	struct diags d;

	diags_init(&d, 10);
	assert_int_equal(catalog_load_file(FIXTURE, c, &d), 0);
	diags_release(&d);
}

/* A fresh store file holding the fixture catalog. */
static int
setup(void **state)
{
	struct catalog c;
	struct store *st;
	struct kp_err e;

	(void)state;
	unlink(path);
	load_fixture(&c);
	st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_catalog_write(st, &c, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_close(st);
	catalog_release(&c);
	return 0;
}

static int
teardown(void **state)
{
	char p[96];

	(void)state;
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, (const char *[]){ "", "-wal", "-shm" }[i]);
		unlink(p);
	}
	return 0;
}

static void
test_odd_values_read_past(void **state)
{
	const struct metric *m;
	struct catalog c;
	struct store *st;
	struct kp_err e;
	size_t before;

	(void)state;
	st = store_open(path, 0, &e);
	assert_non_null(st);
	assert_int_equal(store_catalog_read(st, &c, &e), 0);
	m = catalog_metric(&c, "permits.review_days");
	assert_non_null(m);
	before = m->ntargets;
	assert_true(before > 0);
	catalog_release(&c);
	store_close(st);

	raw_exec("UPDATE setting SET value = '13' WHERE key = 'fiscal_year_start';"
	    "UPDATE metric SET rebase = '2025-04 junk 2025-10' WHERE code = 'permits.review_days';"
	    "INSERT INTO target(metric, from_period, value) SELECT id, 'junk', 1 FROM metric"
	    " WHERE code = 'permits.review_days'");
	st = store_open(path, 0, &e);
	assert_non_null(st);
	assert_int_equal(store_catalog_read(st, &c, &e), 0);
	assert_int_equal(c.fy_start, 7);
	m = catalog_metric(&c, "permits.review_days");
	assert_non_null(m);
	assert_int_equal(m->nrebase, 2);
	assert_int_equal(m->rebase[0].year, 2025);
	assert_int_equal(m->rebase[1].year, 2025);
	assert_int_equal(m->rebase[0].n, 4);
	assert_int_equal(m->rebase[1].n, 10);
	assert_int_equal(m->ntargets, before);		/* 'junk' skipped, the others kept */
	catalog_release(&c);
	store_close(st);
}

/* Each table the catalog is read from, dropped: a message naming it, the catalog empty. */
static void
test_read_missing_table(void **state)
{
	static const char *const tables[] = { "setting", "department", "target", "metric",
	    "program_metric", "program" };

	(void)state;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct catalog c;
		struct store *st;
		struct kp_err e;
		char sql[128];

		setup(NULL);
		snprintf(sql, sizeof sql, "PRAGMA foreign_keys = OFF; DROP TABLE %s", tables[i]);
		raw_exec(sql);
		st = store_open(path, 0, &e);
		assert_non_null(st);
		err_clear(&e);
		assert_int_equal(store_catalog_read(st, &c, &e), -1);
		if (!names_table(e.msg, tables[i]))
			fail_msg("dropped %s: message '%s'", tables[i], e.msg);
		assert_int_equal(c.nmetrics, 0);
		assert_int_equal(c.ndepts, 0);
		assert_int_equal(c.nprograms, 0);
		store_close(st);
	}
}

/* Each table the catalog is written to, dropped: the write fails naming it; rolled back, the
** store holds what it held. */
static void
test_write_missing_table(void **state)
{
	static const char *const tables[] = { "setting", "department", "target", "metric",
	    "program_metric", "program" };
	struct catalog c;

	(void)state;
	load_fixture(&c);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct store *st;
		struct kp_err e;
		char sql[160];
		long metrics;

		setup(NULL);
		snprintf(sql, sizeof sql, "PRAGMA foreign_keys = OFF; DROP TABLE %s", tables[i]);
		raw_exec(sql);
		metrics = strcmp(tables[i], "metric") ? raw_count("metric") : -1;
		st = store_open(path, 0, &e);
		assert_non_null(st);
		err_clear(&e);
		assert_int_equal(store_begin(st, &e), 0);
		assert_int_equal(store_catalog_write(st, &c, &e), -1);
		if (!names_table(e.msg, tables[i]))
			fail_msg("dropped %s: message '%s'", tables[i], e.msg);
		store_rollback(st);
		store_close(st);
		if (metrics >= 0)
			assert_int_equal(raw_count("metric"), metrics);
	}
	catalog_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_odd_values_read_past, setup, teardown),
		cmocka_unit_test_teardown(test_read_missing_table, teardown),
		cmocka_unit_test_teardown(test_write_missing_table, teardown),
	};
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/kp.db", dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	teardown(NULL);
	rmdir(dir);
	return rc;
}
