/*
** store_figure.c: figures and their revisions in the KPI store (see store.h).
**
** The rule that matters here: a stored figure changes only through store_record() or
** store_withdraw(), which write the revision (old, new, who, when, why, what kind of change)
** in the same transaction as the change.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/store.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

/* The statements this file runs (st_prep keeps them prepared per handle). */
static const char sql_metric_id[] =
	"SELECT id, computed FROM metric WHERE code = :code";
static const char sql_fig_get[] =
	"SELECT id, value, note, withdrawn FROM measurement\n"
	" WHERE metric = :metric AND breakdown = :breakdown AND period = :period";
static const char sql_fig_insert[] =
	"INSERT INTO measurement(metric, period, pkey, breakdown, value, note,\n"
	"                        entered_by, entered_at, origin)\n"
	"VALUES (:metric, :period, :pkey, :breakdown, :value, :note, :by, :at, :origin)\n"
	"ON CONFLICT DO NOTHING";
static const char sql_fig_update[] =
	"UPDATE measurement SET value = :value, note = :note, withdrawn = :withdrawn\n"
	" WHERE id = :id";
static const char sql_rev_insert[] =
	"INSERT INTO revision(measurement, old_value, new_value, old_note, new_note,\n"
	"                     changed_by, changed_at, reason, kind)\n"
	"VALUES (:id, :old, :new, :old_note, :new_note, :by, :at, :reason, :kind)";
static const char sql_seen_insert[] =
	"INSERT OR IGNORE INTO temp.seen(metric, breakdown, period, line)\n"
	"VALUES (:metric, :breakdown, :period, :line)";
static const char sql_seen_line[] =
	"SELECT line FROM temp.seen\n"
	" WHERE metric = :metric AND breakdown = :breakdown AND period = :period";
static const char sql_series[] =
	"SELECT m.period, m.value, m.note FROM measurement m JOIN metric t ON t.id = m.metric\n"
	" WHERE t.code = :code AND m.breakdown = :breakdown AND NOT m.withdrawn\n"
	" ORDER BY m.pkey";
static const char sql_breakdowns[] =
	"SELECT DISTINCT m.breakdown FROM measurement m JOIN metric t ON t.id = m.metric\n"
	" WHERE t.code = :code AND m.breakdown <> '' AND NOT m.withdrawn ORDER BY m.breakdown";
static const char sql_history[] =
	"SELECT m.id, t.code, m.period, m.breakdown, m.value, m.note, m.entered_by,\n"
	"       m.entered_at, m.origin, m.withdrawn\n"
	"  FROM measurement m JOIN metric t ON t.id = m.metric\n"
	" WHERE t.code = :code\n"
	"   AND (:breakdown IS NULL OR m.breakdown = :breakdown)\n"
	"   AND (:period IS NULL OR m.period = :period)\n"
	" ORDER BY m.breakdown, m.pkey";
static const char sql_revisions[] =
	"SELECT old_value, new_value, old_note, new_note, changed_by, changed_at, reason, kind\n"
	"  FROM revision WHERE measurement = :id ORDER BY id";
static const char sql_each[] =
	"SELECT t.code, m.period, m.breakdown, m.value, m.note, m.entered_by, m.entered_at,\n"
	"       m.origin, r.last, coalesce(r.n, 0)\n"
	"  FROM measurement m JOIN metric t ON t.id = m.metric\n"
	"  LEFT JOIN (SELECT measurement, max(changed_at) AS last, count(*) AS n\n"
	"               FROM revision GROUP BY measurement) r ON r.measurement = m.id\n"
	" WHERE NOT m.withdrawn\n"
	" ORDER BY t.code, m.breakdown, m.pkey";

/* Look up a metric's row id; 1 found, 0 unknown, -1 error. */
static int
metric_id(struct store *st, const char *code, long long *id, int *computed, struct kp_err *e)
{
	sqlite3_stmt *q;
	int rc;

	if (st->last_code != NULL && strcmp(st->last_code, code) == 0) {
		*id = st->last_id;
		*computed = st->last_computed;
		return 1;
	}
	if ((q = st_prep(st, sql_metric_id, e)) == NULL)
		return -1;
	st_bind_text(q, ":code", code);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		*computed = sqlite3_column_int(q, 1);
		st_done(st, q);
		free(st->last_code);
		st->last_code = xstrdup(code);
		st->last_id = *id;
		st->last_computed = *computed;
		return 1;
	}
	st_done(st, q);
	if (rc == SQLITE_DONE)
		return 0;
	return st_db_err(st, e, "cannot look up a metric");
}

static int
same_note(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Keep one revision of figure `fid` and then change the figure; 0 or -1. */
static int
revise(struct store *st, long long fid, double old, const char *old_note, double value,
    const char *note, int withdrawn, const char *by, const char *at, const char *reason,
    const char *kind, struct kp_err *e)
{
	sqlite3_stmt *q;
	int rc;

	if ((q = st_prep(st, sql_rev_insert, e)) == NULL)
		return -1;
	st_bind_int(q, ":id", fid);
	st_bind_double(q, ":old", old);
	st_bind_double(q, ":new", value);
	st_bind_text(q, ":old_note", old_note);
	st_bind_text(q, ":new_note", note);
	st_bind_text(q, ":by", by);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":reason", reason);
	st_bind_text(q, ":kind", kind);
	rc = sqlite3_step(q);
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, "cannot store a revision");
	if ((q = st_prep(st, sql_fig_update, e)) == NULL)
		return -1;
	st_bind_double(q, ":value", value);
	st_bind_text(q, ":note", note);
	st_bind_int(q, ":withdrawn", withdrawn);
	st_bind_int(q, ":id", fid);
	rc = sqlite3_step(q);
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, withdrawn ? "cannot withdraw a figure" : "cannot revise a figure");
	return 0;
}

/*
** Read the stored figure (metric mid, breakdown, period): 1 with its id, value, note (caller
** frees) and withdrawn flag, 0 when there is none, -1 on error.
*/
static int
figure_get(struct store *st, long long mid, const char *breakdown, const char *period,
    long long *fid, double *value, char **note, int *withdrawn, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql_fig_get, e);
	int rc;

	if (q == NULL)
		return -1;
	st_bind_int(q, ":metric", mid);
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	st_bind_text(q, ":period", period);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*fid = sqlite3_column_int64(q, 0);
		*value = sqlite3_column_double(q, 1);
		*note = sqlite3_column_type(q, 2) == SQLITE_NULL ? NULL : xstrdup(st_col_text(q, 2));
		*withdrawn = sqlite3_column_int(q, 3);
	}
	st_done(st, q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return st_db_err(st, e, "cannot read a figure");
}

/*
** A locked figure and no lock reason: nothing is written. Say STORE_SAME when the figure is
** stored as given (importing the same file again stays harmless), else STORE_LOCKED.
*/
static int
locked_outcome(struct store *st, long long mid, const struct figure *f, const char *period,
    enum store_outcome *out, double *old_value, struct kp_err *e)
{
	long long fid;
	double old = 0;
	char *old_note = NULL;
	int found, withdrawn = 0;

	if ((found = figure_get(st, mid, f->breakdown, period, &fid, &old, &old_note, &withdrawn,
	    e)) < 0)
		return -1;
	if (old_value != NULL)
		*old_value = old;
	*out = found && !withdrawn && old == f->value &&
	    same_note(old_note, f->note != NULL ? f->note : old_note) ? STORE_SAME : STORE_LOCKED;
	free(old_note);
	return 0;
}

void
store_set_lock_reason(struct store *st, const char *reason)
{
	st->lock_reason = reason != NULL && *reason != '\0' ? reason : NULL;
}

int
store_record(struct store *st, const struct figure *f, const char *reason,
    enum store_outcome *out, double *old_value, struct kp_err *e)
{
	sqlite3_stmt *q;
	char period[PERIOD_STRLEN], at[32];
	long long mid = 0, fid = 0;
	double old = 0;
	char *old_note = NULL;
	const char *new_note;
	int computed = 0, rc, found, withdrawn = 0, locked = 0;
	long long lock = 0;

	period_format(&f->period, period);
	if ((rc = metric_id(st, f->metric, &mid, &computed, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, KP_DATA, NULL, "unknown metric '%s': "
		    "see 'kpistat catalog show' for the metrics in this store", f->metric);
	if (computed && strcmp(f->origin, "computed") != 0)
		return err_set(e, KP_DATA, NULL, "metric '%s' is computed from raw records and "
		    "takes no figures by hand: run 'kpistat compute' instead", f->metric);
	if (!isfinite(f->value))
		return err_set(e, KP_DATA, NULL, "value for '%s' is not a finite number", f->metric);

	if (st->has_locks && (locked = st_figure_lock(st, f->metric, period, &lock, NULL, NULL,
	    e)) < 0)
		return -1;
	if (locked && st->lock_reason == NULL)
		return locked_outcome(st, mid, f, period, out, old_value, e);

	st_write_time(st, at);
	/* Most figures are new: try the insert first, and read the stored one only on conflict. */
	if ((q = st_prep(st, sql_fig_insert, e)) == NULL)
		return -1;
	st_bind_int(q, ":metric", mid);
	st_bind_text(q, ":period", period);
	st_bind_int(q, ":pkey", period_key(&f->period));
	st_bind_text(q, ":breakdown", f->breakdown ? f->breakdown : "");
	st_bind_double(q, ":value", f->value);
	st_bind_text(q, ":note", f->note);
	st_bind_text(q, ":by", f->by);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":origin", f->origin);
	rc = sqlite3_step(q);
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, "cannot store a figure");
	if (sqlite3_changes(st->db) == 1) {
		*out = STORE_NEW;
		return locked ? st_late_change(st, f->metric, period, f->breakdown, "added", 0, 0, 1,
		    f->value, f->by, at, st->lock_reason, lock, e) : 0;
	}

	if ((found = figure_get(st, mid, f->breakdown, period, &fid, &old, &old_note, &withdrawn,
	    e)) <= 0)
		return found < 0 ? -1 : st_db_err(st, e, "cannot read a figure");
	if (fid > st->fig_floor) {
		free(old_note);
		*out = STORE_REPEATED;
		return 0;
	}

	/* A figure given without a note keeps the note it had. */
	new_note = f->note != NULL ? f->note : old_note;
	if (old_value != NULL)
		*old_value = old;
	/* A withdrawn figure has no current value to contradict: it needs no reason. */
	if (!withdrawn && old == f->value && same_note(old_note, new_note)) {
		free(old_note);
		*out = STORE_SAME;
		return 0;
	}
	if (!withdrawn && old != f->value && (reason == NULL || *reason == '\0')) {
		free(old_note);
		*out = STORE_NEEDS_REASON;
		return 0;
	}
	if (reason == NULL || *reason == '\0')
		reason = withdrawn ? "entered again" : "commentary changed";
	rc = revise(st, fid, old, old_note, f->value, new_note, 0, f->by, at, reason,
	    withdrawn ? "restored" : "revised", e);
	free(old_note);
	if (rc < 0 || (locked && st_late_change(st, f->metric, period, f->breakdown,
	    withdrawn ? "restored" : old == f->value ? "note" : "revised", !withdrawn, old, 1,
	    f->value, f->by, at, st->lock_reason, lock, e) < 0))
		return -1;
	*out = withdrawn ? STORE_RESTORED : STORE_REVISED;
	return 0;
}

int
store_withdraw(struct store *st, const char *metric, const struct period *p,
    const char *breakdown, const char *by, const char *reason, struct kp_err *e)
{
	char period[PERIOD_STRLEN], at[32], prog[64], per[16];
	long long mid = 0, fid = 0, lock = 0;
	double value = 0;
	char *note = NULL;
	int computed = 0, rc, withdrawn = 0, locked = 0;

	if ((rc = metric_id(st, metric, &mid, &computed, e)) <= 0)
		return rc;
	period_format(p, period);
	if ((rc = figure_get(st, mid, breakdown, period, &fid, &value, &note, &withdrawn, e)) <= 0)
		return rc;
	if (withdrawn) {
		free(note);
		return 0;
	}
	if (st->has_locks && (locked = st_figure_lock(st, metric, period, &lock, prog, per, e)) != 0) {
		if (locked > 0 && st->lock_reason == NULL)
			err_set(e, KP_DATA, NULL, "%s %s%s%s would be withdrawn, but it is locked "
			    "(%s %s): give --reason TEXT to change locked figures", metric, period,
			    breakdown && *breakdown ? " " : "", breakdown ? breakdown : "", prog, per);
		if (locked < 0 || st->lock_reason == NULL) {
			free(note);
			return -1;
		}
	}
	st_write_time(st, at);
	/* The revision repeats the value: the columns are NOT NULL (see schema.c, [3]). */
	rc = revise(st, fid, value, note, value, note, 1, by, at, reason && *reason ? reason :
	    "withdrawn", "withdrawn", e);
	free(note);
	if (rc == 0 && locked && st_late_change(st, metric, period, breakdown, "withdrawn", 1,
	    value, 0, 0, by, at, st->lock_reason, lock, e) < 0)
		rc = -1;
	return rc < 0 ? -1 : 1;
}

int
store_seen(struct store *st, const char *metric, const struct period *p,
    const char *breakdown, long line, long *first, struct kp_err *e)
{
	sqlite3_stmt *q;
	char period[PERIOD_STRLEN];
	int rc;

	/* A temp table keeps memory flat however large the import is. */
	if (!st->seen_ready) {
		if (st_exec(st, "CREATE TEMP TABLE IF NOT EXISTS seen(metric TEXT, breakdown TEXT,"
		    " period TEXT, line INTEGER, PRIMARY KEY (metric, breakdown, period)) WITHOUT ROWID",
		    "cannot make the duplicate check", e) < 0)
			return -1;
		st->seen_ready = 1;
	}
	if ((q = st_prep(st, sql_seen_insert, e)) == NULL)
		return -1;
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	st_bind_text(q, ":period", period_format(p, period));
	st_bind_int(q, ":line", line);
	rc = sqlite3_step(q);
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, "cannot check for duplicates");
	/*
	** OR IGNORE rather than an upsert: it needs no statement journal, which SQLite
	** would otherwise allocate and free (64 KiB) on every row.
	*/
	if (sqlite3_changes(st->db) == 1)
		return 0;
	if ((q = st_prep(st, sql_seen_line, e)) == NULL)
		return -1;
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	st_bind_text(q, ":period", period);
	rc = sqlite3_step(q);
	*first = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 1 :
	    st_db_err(st, e, "cannot check for duplicates");
	st_done(st, q);
	return rc;
}

void
store_seen_reset(struct store *st)
{
	if (st->seen_ready)
		sqlite3_exec(st->db, "DELETE FROM temp.seen", NULL, NULL, NULL);
}

int
store_series(struct store *st, const char *metric, const char *breakdown,
    struct series *out, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql_series, e);
	struct series s = { NULL, NULL, NULL, 0 };
	size_t cap = 0, cap2 = 0, cap3 = 0;
	int rc;

	if (q == NULL)
		return -1;
	st_bind_text(q, ":code", metric);
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct period p;

		if (period_parse(st_col_text(q, 0), &p, e) < 0) {
			/* The column's text is valid only until st_done resets it. */
			err_set(e, KP_DATA, NULL, "store holds a bad period '%s' for '%s'",
			    st_col_text(q, 0), metric);
			st_done(st, q);
			series_release(&s);
			return -1;
		}
		s.periods = xgrow(s.periods, &cap, s.n + 1, sizeof *s.periods);
		s.values = xgrow(s.values, &cap2, s.n + 1, sizeof *s.values);
		s.notes = xgrow(s.notes, &cap3, s.n + 1, sizeof *s.notes);
		s.periods[s.n] = p;
		s.values[s.n] = sqlite3_column_double(q, 1);
		s.notes[s.n] = sqlite3_column_type(q, 2) == SQLITE_NULL ? NULL :
		    xstrdup(st_col_text(q, 2));
		s.n++;
	}
	st_done(st, q);
	if (rc != SQLITE_DONE) {
		series_release(&s);
		return st_db_err(st, e, "cannot read a series");
	}
	*out = s;
	return 0;
}

void
series_release(struct series *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->notes[i]);
	free(s->periods);
	free(s->values);
	free(s->notes);
	memset(s, 0, sizeof *s);
}

int
store_breakdowns(struct store *st, const char *metric, char ***out, size_t *n, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql_breakdowns, e);
	char **v = NULL;
	size_t cap = 0, len = 0;
	int rc;

	if (q == NULL)
		return -1;
	st_bind_text(q, ":code", metric);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		v = xgrow(v, &cap, len + 1, sizeof *v);
		v[len++] = xstrdup(st_col_text(q, 0));
	}
	st_done(st, q);
	if (rc != SQLITE_DONE) {
		store_strv_free(v, len);
		return st_db_err(st, e, "cannot read breakdowns");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Call fn for each revision of figure `id` (r carries the figure's own fields). */
static int
each_revision(struct store *st, long long id, struct store_row *r, store_row_fn *fn,
    void *arg, struct kp_err *e)
{
	sqlite3_stmt *q;
	int rc, stop = 0;

	/* A second statement object: the history query is still stepping. */
	if ((q = st_prep(st, sql_revisions, e)) == NULL)
		return -1;
	st_bind_int(q, ":id", id);
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_row rv = *r;

		rv.is_revision = 1;
		rv.old_value = sqlite3_column_double(q, 0);
		rv.value = sqlite3_column_double(q, 1);
		rv.old_note = st_col_text(q, 2);
		rv.note = st_col_text(q, 3);
		rv.by = st_col_text(q, 4);
		rv.at = st_col_text(q, 5);
		rv.reason = st_col_text(q, 6);
		rv.change = strcmp(st_col_text(q, 7), "withdrawn") == 0 ? STORE_CHANGE_WITHDRAWN :
		    strcmp(st_col_text(q, 7), "restored") == 0 ? STORE_CHANGE_RESTORED :
		    STORE_CHANGE_REVISED;
		stop = fn(arg, &rv);
	}
	if (stop == 0 && rc != SQLITE_DONE) {
		st_done(st, q);
		return st_db_err(st, e, "cannot read revisions");
	}
	st_done(st, q);
	return stop;
}

int
store_history(struct store *st, const char *metric, const char *breakdown,
    const char *period, store_row_fn *fn, void *arg, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql_history, e);
	int rc, stop = 0;

	if (q == NULL)
		return -1;
	st_bind_text(q, ":code", metric);
	st_bind_text(q, ":breakdown", breakdown);
	st_bind_text(q, ":period", period);
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_row r;

		memset(&r, 0, sizeof r);
		r.metric = st_col_text(q, 1);
		r.period = st_col_text(q, 2);
		r.breakdown = st_col_text(q, 3);
		r.value = sqlite3_column_double(q, 4);
		r.note = st_col_text(q, 5);
		r.by = st_col_text(q, 6);
		r.at = st_col_text(q, 7);
		r.origin = st_col_text(q, 8);
		r.withdrawn = sqlite3_column_int(q, 9);
		if ((stop = fn(arg, &r)) == 0)
			stop = each_revision(st, sqlite3_column_int64(q, 0), &r, fn, arg, e);
	}
	if (stop == 0 && rc != SQLITE_DONE) {
		st_done(st, q);
		return st_db_err(st, e, "cannot read history");
	}
	st_done(st, q);
	return stop;
}

int
store_each_figure(struct store *st, store_row_fn *fn, void *arg, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql_each, e);
	int rc, stop = 0;

	if (q == NULL)
		return -1;
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_row r;

		memset(&r, 0, sizeof r);
		r.metric = st_col_text(q, 0);
		r.period = st_col_text(q, 1);
		r.breakdown = st_col_text(q, 2);
		r.value = sqlite3_column_double(q, 3);
		r.note = st_col_text(q, 4);
		r.by = st_col_text(q, 5);
		r.at = st_col_text(q, 6);
		r.origin = st_col_text(q, 7);
		r.revised_at = st_col_text(q, 8);
		r.nrevisions = sqlite3_column_int(q, 9);
		stop = fn(arg, &r);
	}
	if (stop == 0 && rc != SQLITE_DONE) {
		st_done(st, q);
		return st_db_err(st, e, "cannot read figures");
	}
	st_done(st, q);
	return stop;
}

int
store_current_figures(struct store *st, const char *metric, const char *origin, long klo,
    long khi, store_row_fn *fn, void *arg, struct kp_err *e)
{
	/* A one-off statement: compute asks once per metric. */
	sqlite3_stmt *q = st_prep(st,
	    "SELECT m.period, m.breakdown, m.value, m.origin FROM measurement m\n"
	    " WHERE m.metric = (SELECT id FROM metric WHERE code = :code) AND m.origin = :origin\n"
	    "   AND NOT m.withdrawn AND m.pkey BETWEEN :klo AND :khi\n"
	    " ORDER BY m.pkey, m.breakdown", e);
	int rc, stop = 0;

	if (q == NULL)
		return -1;
	st_bind_text(q, ":code", metric);
	st_bind_text(q, ":origin", origin);
	st_bind_int(q, ":klo", klo);
	st_bind_int(q, ":khi", khi);
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_row r;

		memset(&r, 0, sizeof r);
		r.metric = metric;
		r.period = st_col_text(q, 0);
		r.breakdown = st_col_text(q, 1);
		r.value = sqlite3_column_double(q, 2);
		r.origin = st_col_text(q, 3);
		stop = fn(arg, &r);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = st_db_err(st, e, "cannot read figures");
	st_done(st, q);
	return stop;
}

long
store_count_figures(struct store *st, const char *metric)
{
	sqlite3_stmt *q;
	long n = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM measurement WHERE ?1 IS NULL"
	    " OR metric = (SELECT id FROM metric WHERE code = ?1)", -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (metric != NULL)
		st_bind_text_at(q, 1, metric);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	st_done(st, q);
	return n;
}
