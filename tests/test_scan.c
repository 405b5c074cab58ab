/*
** test_scan.c: reading raw records back (store_scan.c) and compute_cells over them. A
** condition on a column without block summaries (an integer, a text open column) reads every
** block and passes only the records it asks for; a column the dataset lacks is refused by
** name before anything is read; a non-zero return from the callback stops the scan and is
** returned; the span of a column without summaries comes from the records (0 when it has no
** value); blocks written by an import not yet published are left out; a damaged stored block
** is an error naming the dataset, and a state or notes table gone one naming the table; data
** notes are replaced, removed and filtered; and compute_cells refuses a metric not computed
** from records and a dataset with none (never imported, or imported empty).
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
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/catalog.h"
#include "kpistat/compute.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"
#include "store_fixture.h"

static struct fx fx;

static const char cat[] =
    "departments: [{ code: dev, name: Dev }]\n"
    "datasets:\n"
    "  - name: ev\n"
    "    key: id\n"
    "    columns: { id: text, at: date, done: datetime, kind: text, n: integer }\n"
    "  - name: none\n"
    "    key: id\n"
    "    columns: { id: text, at: date }\n"
    "metrics:\n"
    "  - { code: m1, name: M1, department: dev, direction: lower, frequency: monthly,\n"
    "      compute: { dataset: ev, period_by: at, measure: count } }\n"
    "  - { code: m4, name: M4, department: dev, unit: cases, direction: lower,\n"
    "      frequency: monthly,\n"
    "      compute: { dataset: ev, measure: open_at_end, from: at, to: done } }\n"
    "  - { code: m5, name: M5, department: dev, direction: lower }\n"
    "  - { code: m7, name: M7, department: dev, unit: days, direction: lower,\n"
    "      frequency: monthly, compute: { dataset: ev, period_by: done,\n"
    "      measure: duration_mean, from: at, to: done } }\n"
    "  - { code: m6, name: M6, department: dev, direction: lower,\n"
    "      compute: { dataset: none, period_by: at, measure: count } }\n";

/* 30 records r00..r29: at = Jan 1 + i days; done 5 days later, none for i % 5 == 0 (open);
** kind null for i % 7 == 0; n = i. */
#define NREC	30

static struct catalog	 c;
static const struct dataset *d;
static long		 jan;

static void
put(struct ev_writer *w, int i)
{
	struct ev_value v[5];
	struct kp_err e;
	char key[16];

	fx_record(v, key, i, jan, 5, 5, 7);
	if (store_ev_put(w, v, i, key, strlen(key), &e) != 0)
		fail_msg("put %d: %s", i, e.msg);
}

static int
group_setup(void **state)
{
	struct ev_counts counts;
	struct ev_writer *w;
	struct kp_err e;
	struct store *st;

	(void)state;
	if (fx_dir(&fx, "test_scan") != 0 || fx_catalog(&fx, cat, &c) != 0)
		return -1;
	d = catalog_dataset(&c, "ev");
	jan = period_days_from_civil(2024, 1, 1);
	if ((st = fx_store(&fx, &c)) == NULL)
		return -1;
	memset(&counts, 0, sizeof counts);
	if ((w = store_ev_begin(st, d, EV_MERGE, "a.csv", "t", NULL, NULL, &e)) == NULL)
		return -1;
	for (int i = 0; i < NREC; i++)
		put(w, i);
	if (store_ev_finish(w, &counts, &e) != 0 || store_ev_commit(w, &counts, &e) != 0)
		return -1;
	store_close(st);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	catalog_release(&c);
	return fx_remove(&fx);
}

static struct store *
open_db(void)
{
	return fx_open(&fx);
}

/* The records passed: their n, once each; `stop_after` > 0 stops the scan with 7. */
struct seen {
	int	count[NREC + 5];
	int	n;
	int	stop_after;
};

static int
tally(void *arg, const struct ev_value *v)
{
	struct seen *s = arg;

	assert_false(v[0].null);
	assert_true(v[0].i >= 0 && v[0].i < NREC + 5);
	s->count[v[0].i]++;
	s->n++;
	return s->stop_after > 0 && s->n == s->stop_after ? 7 : 0;
}

static void
test_scan_condition_without_summaries(void **state)
{
	const char *cols[] = { "n", "id" };
	struct ev_cond cond = { "n", 10, 14 };
	struct seen s;
	struct kp_err e;
	struct store *st = open_db();

	(void)state;
	/* An integer column has no block summaries: every block read, only n in 10..14 passed. */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_ev_scan(st, d, cols, 2, &cond, 1, NULL, tally, &s, &e), 0);
	assert_int_equal(s.n, 5);
	for (int i = 10; i <= 14; i++)
		assert_int_equal(s.count[i], 1);

	/* A text open column: the records without a kind (i % 7 == 0) and those in the range. */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_ev_scan(st, d, cols, 2, &cond, 1, "kind", tally, &s, &e), 0);
	for (int i = 0; i < NREC; i++)
		assert_int_equal(s.count[i], i % 7 == 0 || (i >= 10 && i <= 14));
	assert_int_equal(s.n, 5 + 4);	/* 0, 7, 21, 28 besides 10..14 (14 counted once) */
	store_close(st);
}

static void
test_scan_unknown_column_refused(void **state)
{
	const char *bad[] = { "n", "zz" }, *cols[] = { "n" };
	struct ev_cond cond = { "yy", 0, 1 };
	struct seen s;
	struct kp_err e;
	struct store *st = open_db();

	(void)state;
	memset(&s, 0, sizeof s);
	err_clear(&e);
	assert_int_equal(store_ev_scan(st, d, bad, 2, NULL, 0, NULL, tally, &s, &e), -1);
	assert_int_equal(e.code, KP_SOFTWARE);
	assert_string_equal(e.msg, "dataset 'ev' has no column 'zz'");
	assert_int_equal(s.n, 0);

	err_clear(&e);
	assert_int_equal(store_ev_scan(st, d, cols, 1, &cond, 1, NULL, tally, &s, &e), -1);
	assert_int_equal(e.code, KP_SOFTWARE);
	assert_string_equal(e.msg, "dataset 'ev' has no column 'yy'");
	assert_int_equal(s.n, 0);
	store_close(st);
}

static void
test_scan_stops_when_asked(void **state)
{
	const char *cols[] = { "n" };
	struct ev_cond cond = { "at", jan, jan + NREC };
	struct seen s;
	struct kp_err e;
	struct store *st = open_db();

	(void)state;
	/* Every block, and the blocks a date condition picks: the callback's 7 comes back. */
	memset(&s, 0, sizeof s);
	s.stop_after = 3;
	assert_int_equal(store_ev_scan(st, d, cols, 1, NULL, 0, NULL, tally, &s, &e), 7);
	assert_int_equal(s.n, 3);
	memset(&s, 0, sizeof s);
	s.stop_after = 4;
	assert_int_equal(store_ev_scan(st, d, cols, 1, &cond, 1, "done", tally, &s, &e), 7);
	assert_int_equal(s.n, 4);
	/* Unstopped, the same scan passes each record once. */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_ev_scan(st, d, cols, 1, &cond, 1, "done", tally, &s, &e), 0);
	assert_int_equal(s.n, NREC);
	store_close(st);
}

static void
test_scan_span_without_summaries(void **state)
{
	struct kp_err e;
	struct store *st = open_db();
	long long lo = -1, hi = -1;

	(void)state;
	assert_int_equal(store_ev_span(st, d, "n", &lo, &hi, &e), 1);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, NREC - 1);
	assert_int_equal(store_ev_span(st, d, "done", &lo, &hi, &e), 1);
	assert_int_equal(lo, (long long)(jan + 1 + 5) * 86400);
	assert_int_equal(hi, (long long)(jan + NREC - 1 + 5) * 86400);
	/* A column the dataset lacks has no values: the scan behind the span refuses it. */
	err_clear(&e);
	assert_int_equal(store_ev_span(st, d, "zz", &lo, &hi, &e), -1);
	assert_string_equal(e.msg, "dataset 'ev' has no column 'zz'");
	store_close(st);
}

static void
test_scan_leaves_out_unpublished_import(void **state)
{
	const char *cols[] = { "n" };
	struct ev_counts counts;
	struct ev_writer *w;
	struct ev_info info;
	struct seen s;
	struct kp_err e;
	struct store *st = open_db(), *rd = open_db();
	long long lo, hi;

	(void)state;
	memset(&counts, 0, sizeof counts);
	w = store_ev_begin(st, d, EV_MERGE, "b.csv", "t", NULL, NULL, &e);
	if (w == NULL)
		fail_msg("%s", e.msg);
	put(w, NREC + 2);	/* a new record, Jan 33 = Feb 2 */
	assert_int_equal(store_ev_finish(w, &counts, &e), 0);
	assert_int_equal(counts.added, 1);
	/* Its block is written and staged, not published: another reader sees the 30 records. */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_ev_scan(rd, d, cols, 1, NULL, 0, NULL, tally, &s, &e), 0);
	assert_int_equal(s.n, NREC);
	assert_int_equal(s.count[NREC + 2], 0);
	assert_int_equal(store_ev_span(rd, d, "at", &lo, &hi, &e), 1);
	assert_int_equal(hi, jan + NREC - 1);
	assert_int_equal(store_ev_info(rd, d, &info, &e), 0);
	assert_int_equal(info.records, NREC);
	store_ev_abort(w);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_ev_scan(rd, d, cols, 1, NULL, 0, NULL, tally, &s, &e), 0);
	assert_int_equal(s.n, NREC);
	store_close(rd);
	store_close(st);
}

static int
note_line(void *arg, const char *metric, const char *period, const char *what, long count)
{
	char *out = arg;
	size_t len = strlen(out);

	snprintf(out + len, 512 - len, "%s %s %s %ld;", metric, period, what, count);
	return strstr(out, "STOP") != NULL ? 5 : 0;
}

static void
test_scan_notes_replaced_removed_filtered(void **state)
{
	struct period p1, p2;
	struct kp_err e;
	struct store *st = open_db();
	char out[512];

	(void)state;
	assert_int_equal(period_parse("2024-01", &p1, &e), 0);
	assert_int_equal(period_parse("2024-02", &p2, &e), 0);
	assert_int_equal(store_note_set(st, "m1", &p1, "late", 3, &e), 0);
	assert_int_equal(store_note_set(st, "m1", &p1, "late", 4, &e), 0);	/* replaced */
	assert_int_equal(store_note_set(st, "m1", &p1, "early", 1, &e), 0);
	assert_int_equal(store_note_set(st, "m1", &p2, "late", 2, &e), 0);
	assert_int_equal(store_note_set(st, "m4", &p2, "late", 9, &e), 0);
	assert_int_equal(store_note_set(st, "m4", &p2, "late", 0, &e), 0);	/* removed */
	assert_int_equal(store_note_set(st, "m4", &p1, "gone", 0, &e), 0);	/* none: fine */
	out[0] = '\0';
	assert_int_equal(store_notes(st, NULL, NULL, note_line, out, &e), 0);
	assert_string_equal(out, "m1 2024-01 early 1;m1 2024-01 late 4;m1 2024-02 late 2;");
	out[0] = '\0';
	assert_int_equal(store_notes(st, "m1", "2024-02", note_line, out, &e), 0);
	assert_string_equal(out, "m1 2024-02 late 2;");
	out[0] = '\0';
	assert_int_equal(store_notes(st, "m4", NULL, note_line, out, &e), 0);
	assert_string_equal(out, "");
	/* The callback's non-zero stops the listing and is returned. */
	snprintf(out, sizeof out, "STOP");
	assert_int_equal(store_notes(st, NULL, "2024-01", note_line, out, &e), 5);
	assert_string_equal(out, "STOPm1 2024-01 early 1;");
	store_close(st);
}

struct cells {
	int	n;
	double	value, num;
};

static int
on_cell(void *arg, const struct cfigure *f)
{
	struct cells *k = arg;

	if (*f->breakdown == '\0') {	/* the whole city */
		k->value = f->value;
		k->num = f->num;
	}
	k->n++;
	return 0;
}

static void
test_scan_compute_cells(void **state)
{
	struct period p;
	struct cells k;
	struct kp_err e;
	struct store *st = open_db();

	(void)state;
	assert_int_equal(period_parse("2024-01", &p, &e), 0);
	/* January holds all 30 records (Jan 1..30). */
	memset(&k, 0, sizeof k);
	assert_int_equal(compute_cells(st, &c, catalog_metric(&c, "m1"), &p, on_cell, &k, &e), 0);
	assert_int_equal(k.n, 1);
	assert_true(k.value == NREC);
	assert_true(k.num == NREC);	/* a count is made of its records */
	/* Open at the end of January: the 6 never closed, and those closing in February
	** (done = at + 5 days > Jan 31: i = 26..29 less 0-mod-5 ones are 26, 27, 28, 29). */
	memset(&k, 0, sizeof k);
	assert_int_equal(compute_cells(st, &c, catalog_metric(&c, "m4"), &p, on_cell, &k, &e), 0);
	assert_int_equal(k.n, 1);
	assert_true(k.value == 6 + 4);
	/* Closed in January (i = 1..25 but every 5th): 20 records, each after 5 days. */
	memset(&k, 0, sizeof k);
	assert_int_equal(compute_cells(st, &c, catalog_metric(&c, "m7"), &p, on_cell, &k, &e), 0);
	assert_int_equal(k.n, 1);
	assert_true(k.value == 5);

	err_clear(&e);
	assert_int_equal(compute_cells(st, &c, catalog_metric(&c, "m5"), &p, on_cell, &k, &e), -1);
	assert_int_equal(e.code, KP_DATA);
	assert_string_equal(e.msg, "metric 'm5' is not computed from records: compare needs the "
	    "records behind each area's figure");
	/* Dataset 'none' never imported, then imported from a file without records. */
	for (int round = 0; round < 2; round++) {
		err_clear(&e);
		assert_int_equal(compute_cells(st, &c, catalog_metric(&c, "m6"), &p, on_cell, &k,
		    &e), -1);
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.msg, "metric 'm6': dataset 'none' has no records: load "
		    "them with 'kpistat events import none FILE.csv'");
		if (round == 0) {
			const struct dataset *none = catalog_dataset(&c, "none");
			struct ev_counts counts;
			struct ev_writer *w;
			long long lo = -1, hi = -1;

			memset(&counts, 0, sizeof counts);
			w = store_ev_begin(st, none, EV_MERGE, "empty.csv", "t", NULL, NULL, &e);
			assert_non_null(w);
			assert_int_equal(store_ev_finish(w, &counts, &e), 0);
			assert_int_equal(store_ev_commit(w, &counts, &e), 0);
			/* No record, no date range. */
			assert_int_equal(store_ev_span(st, none, "at", &lo, &hi, &e), 0);
		}
	}
	store_close(st);
}

/* Last: it damages the stored records. */
static void
test_scan_damaged_block(void **state)
{
	const char *cols[] = { "n" };
	struct period p;
	struct cells k;
	struct seen s;
	struct kp_err e;
	struct store *st;
	sqlite3 *raw;

	(void)state;
	assert_int_equal(period_parse("2024-01", &p, &e), 0);
	assert_int_equal(sqlite3_open(fx.db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "UPDATE ev_ev__data SET data = x'00ff00ff00ff'", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	st = open_db();
	memset(&s, 0, sizeof s);
	err_clear(&e);
	assert_int_equal(store_ev_scan(st, d, cols, 1, NULL, 0, NULL, tally, &s, &e), -1);
	assert_int_equal(e.code, KP_SOFTWARE);
	assert_string_equal(e.msg, "stored records of dataset 'ev' are damaged");
	assert_int_equal(s.n, 0);
	/* The same error from compute_cells, which reads the records through the scan. */
	err_clear(&e);
	assert_int_equal(compute_cells(st, &c, catalog_metric(&c, "m1"), &p, on_cell, &k, &e), -1);
	assert_int_equal(e.code, KP_SOFTWARE);
	assert_string_equal(e.msg, "stored records of dataset 'ev' are damaged");
	store_close(st);

	/* The tables of a dataset's state and of the data notes gone: each reader names them. */
	assert_int_equal(sqlite3_open(fx.db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "DROP TABLE dataset_state; DROP TABLE compute_note",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	st = open_db();
	err_clear(&e);
	{
		struct ev_info info;

		assert_int_equal(store_ev_info(st, d, &info, &e), -1);
	}
	assert_int_equal(e.code, KP_IOERR);
	assert_string_equal(e.msg, "cannot read a dataset's state: no such table: dataset_state");
	err_clear(&e);
	assert_int_equal(store_note_set(st, "m1", &p, "late", 1, &e), -1);
	assert_string_equal(e.msg, "cannot prepare a data note: no such table: compute_note");
	err_clear(&e);
	assert_int_equal(store_notes(st, NULL, NULL, note_line, NULL, &e), -1);
	assert_string_equal(e.msg, "cannot read data notes: no such table: compute_note");
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_condition_without_summaries),
		cmocka_unit_test(test_scan_unknown_column_refused),
		cmocka_unit_test(test_scan_stops_when_asked),
		cmocka_unit_test(test_scan_span_without_summaries),
		cmocka_unit_test(test_scan_leaves_out_unpublished_import),
		cmocka_unit_test(test_scan_notes_replaced_removed_filtered),
		cmocka_unit_test(test_scan_compute_cells),
		cmocka_unit_test(test_scan_damaged_block),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
