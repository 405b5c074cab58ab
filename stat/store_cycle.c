/*
** store_cycle.c: data calls, commentary, locks, late changes and publications in the KPI store
** (see store_cycle.h). Meetings and follow-ups are in store_meeting.c and store_action.c.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/store_cycle.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

int
st_each_row(struct store *st, sqlite3_stmt *q, void (*row)(sqlite3_stmt *, void *), void *arg,
    const char *doing, struct kp_err *e)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		row(q, arg);
	if (rc != SQLITE_DONE) {
		st_db_err(st, e, doing);
		st_done(st, q);
		return -1;
	}
	st_done(st, q);
	return 0;
}

int
st_select(struct store *st, sqlite3_stmt *q, void (*row)(sqlite3_stmt *, void *), size_t size,
    void **out, size_t *n, void (*release)(void *, size_t), const char *doing, struct kp_err *e)
{
	struct st_rows r = { NULL, 0, 0, size };

	if (st_each_row(st, q, row, &r, doing, e) < 0) {
		release(r.v, r.n);
		return -1;
	}
	*out = r.v;
	*n = r.n;
	return 0;
}

void *
st_rows_add(struct st_rows *r)
{
	char *p;

	r->v = xgrow(r->v, &r->cap, r->n + 1, r->size);
	p = (char *)r->v + r->n++ * r->size;
	memset(p, 0, r->size);
	return p;
}

/* ---- data calls ---- */

static void
call_row(sqlite3_stmt *q, void *arg)
{
	struct cy_call *c = st_rows_add(arg);

	c->id = sqlite3_column_int64(q, 0);
	c->program = st_col_dup(q, 1);
	c->period = st_col_dup(q, 2);
	c->due = st_col_dup(q, 3);
	c->cutoff = st_col_dup(q, 4);
	c->opened_at = st_col_dup(q, 5);
	c->opened_by = st_col_dup(q, 6);
	c->closed_at = st_col_dup(q, 7);
	c->closed_by = st_col_dup(q, 8);
	c->due_was = st_col_dup(q, 9);
}

/* cy_calls_free for st_select, which does not know the rows' type. */
static void
release_calls(void *v, size_t n)
{
	cy_calls_free(v, n);
}

int
store_calls(struct store *st, const char *program, const char *period, struct cy_call **out,
    size_t *n, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st,
	    "SELECT c.id, c.program, c.period, c.due, c.cutoff, c.opened_at, c.opened_by,\n"
	    "       c.closed_at, c.closed_by,\n"
	    "       (SELECT old FROM call_change WHERE call = c.id AND what = 'due' ORDER BY id\n"
	    "         LIMIT 1)\n"
	    "  FROM data_call c\n"
	    " WHERE (:program IS NULL OR c.program = :program)\n"
	    "   AND (:period IS NULL OR c.period = :period)\n"
	    " ORDER BY c.pkey DESC, c.program", e);

	if (q == NULL)
		return -1;
	st_bind_text(q, ":program", program);
	st_bind_text(q, ":period", period);
	return st_select(st, q, call_row, sizeof **out, (void **)out, n, release_calls,
	    "cannot read the data calls", e);
}

void
cy_calls_free(struct cy_call *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].program);
		free(v[i].period);
		free(v[i].due);
		free(v[i].cutoff);
		free(v[i].opened_at);
		free(v[i].opened_by);
		free(v[i].closed_at);
		free(v[i].closed_by);
		free(v[i].due_was);
	}
	free(v);
}

static int
call_change(struct store *st, long long call, const char *what, const char *old,
    const char *nv, const char *by, const char *at, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO call_change(call, what, old, new, by, at)\n"
	    "VALUES (:call, :what, :old, :new, :by, :at)", e);
	int rc;

	if (q == NULL)
		return -1;
	st_bind_int(q, ":call", call);
	st_bind_text(q, ":what", what);
	st_bind_text(q, ":old", old);
	st_bind_text(q, ":new", nv);
	st_bind_text(q, ":by", by);
	st_bind_text(q, ":at", at);
	rc = st_run(st, q, "cannot keep a change of a data call", e);
	st_done(st, q);
	return rc;
}

static int
same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

int
store_call_open(struct store *st, const char *program, const struct period *period,
    const char *due, const char *cutoff, const char *by, enum cy_call_outcome *out,
    struct kp_err *e)
{
	struct cy_call *c = NULL;
	char per[PERIOD_STRLEN], at[32];
	sqlite3_stmt *q;
	size_t n = 0;
	int rc = 0;

	period_format(period, per);
	st_write_time(st, at);
	if (store_calls(st, program, per, &c, &n, e) < 0)
		return -1;
	if (n == 0) {
		if ((q = st_prep(st, "INSERT INTO data_call(program, period, pkey, due, cutoff,\n"
		    "                      opened_at, opened_by)\n"
		    "VALUES (:program, :period, :pkey, :due, :cutoff, :at, :by)", e)) == NULL)
			return -1;
		st_bind_text(q, ":program", program);
		st_bind_text(q, ":period", per);
		st_bind_int(q, ":pkey", period_key(period));
		st_bind_text(q, ":due", due);
		st_bind_text(q, ":cutoff", cutoff);
		st_bind_text(q, ":at", at);
		st_bind_text(q, ":by", by);
		rc = st_run(st, q, "cannot open the data call", e);
		st_done(st, q);
		*out = CY_CALL_OPENED;
		return rc;
	}
	*out = CY_CALL_SAME;
	if (c->closed_at != NULL) {
		*out = CY_CALL_REOPENED;
		rc = call_change(st, c->id, "reopened", c->closed_at, NULL, by, at, e);
	}
	if (rc == 0 && strcmp(c->due, due) != 0) {
		if (*out == CY_CALL_SAME)
			*out = CY_CALL_CHANGED;
		rc = call_change(st, c->id, "due", c->due, due, by, at, e);
	}
	/* A call opened again without --cutoff keeps its cutoff. */
	if (rc == 0 && cutoff != NULL && !same_text(c->cutoff, cutoff)) {
		if (*out == CY_CALL_SAME)
			*out = CY_CALL_CHANGED;
		rc = call_change(st, c->id, "cutoff", c->cutoff, cutoff, by, at, e);
	}
	if (rc == 0 && *out != CY_CALL_SAME) {
		if ((q = st_prep(st, "UPDATE data_call SET due = :due, cutoff = coalesce(:cutoff,\n"
		    "  cutoff), closed_at = NULL, closed_by = NULL WHERE id = :id", e)) == NULL)
			rc = -1;
		else {
			st_bind_text(q, ":due", due);
			st_bind_text(q, ":cutoff", cutoff);
			st_bind_int(q, ":id", c->id);
			rc = st_run(st, q, "cannot change the data call", e);
			st_done(st, q);
		}
	}
	cy_calls_free(c, n);
	return rc;
}

int
store_call_close(struct store *st, const char *program, const char *period, const char *by,
    struct kp_err *e)
{
	struct cy_call *c = NULL;
	sqlite3_stmt *q;
	char at[32];
	size_t n = 0;
	int rc;

	if (store_calls(st, program, period, &c, &n, e) < 0)
		return -1;
	if (n == 0 || c->closed_at != NULL) {
		cy_calls_free(c, n);
		return 0;
	}
	st_write_time(st, at);
	rc = call_change(st, c->id, "closed", NULL, at, by, at, e);
	if (rc == 0 && (q = st_prep(st, "UPDATE data_call SET closed_at = :at, closed_by = :by\n"
	    " WHERE id = :id", e)) != NULL) {
		st_bind_text(q, ":at", at);
		st_bind_text(q, ":by", by);
		st_bind_int(q, ":id", c->id);
		rc = st_run(st, q, "cannot close the data call", e);
		st_done(st, q);
	} else
		rc = -1;
	cy_calls_free(c, n);
	return rc < 0 ? -1 : 1;
}

/* ---- commentary ---- */

static void
comment_row(sqlite3_stmt *q, void *arg)
{
	struct cy_comment *c = st_rows_add(arg);

	c->metric = st_col_dup(q, 0);
	c->period = st_col_dup(q, 1);
	c->breakdown = st_col_dup(q, 2);
	c->text = st_col_dup(q, 3);
	c->by = st_col_dup(q, 4);
	c->at = st_col_dup(q, 5);
	c->reason = st_col_dup(q, 6);
	c->current = sqlite3_column_int(q, 7);
}

/* cy_comments_free for st_select, which does not know the rows' type. */
static void
release_comments(void *v, size_t n)
{
	cy_comments_free(v, n);
}

int
store_comments(struct store *st, const char *metric, const char *period, const char *breakdown,
    int all, struct cy_comment **out, size_t *n, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st,
	    "SELECT metric, period, breakdown, text, by, at, reason, current FROM commentary\n"
	    " WHERE metric = :metric AND (:period IS NULL OR period = :period)\n"
	    "   AND (:breakdown IS NULL OR breakdown = :breakdown) AND (:all OR current)\n"
	    " ORDER BY pkey, breakdown, id", e);

	if (q == NULL)
		return -1;
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":period", period);
	st_bind_text(q, ":breakdown", breakdown);
	st_bind_int(q, ":all", all);
	return st_select(st, q, comment_row, sizeof **out, (void **)out, n, release_comments,
	    "cannot read commentary", e);
}

void
cy_comments_free(struct cy_comment *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].metric);
		free(v[i].period);
		free(v[i].breakdown);
		free(v[i].text);
		free(v[i].by);
		free(v[i].at);
		free(v[i].reason);
	}
	free(v);
}

int
store_comment_put(struct store *st, const char *metric, const struct period *period,
    const char *breakdown, const char *text, const char *by, const char *reason,
    enum cy_comment_outcome *out, struct kp_err *e)
{
	struct cy_comment *cur = NULL;
	char per[PERIOD_STRLEN], at[32], prog[64], lper[16];
	long long lock = 0;
	sqlite3_stmt *q;
	size_t n = 0;
	int locked, rc;

	if (reason != NULL && *reason == '\0')
		reason = NULL;
	period_format(period, per);
	if (store_comments(st, metric, per, breakdown ? breakdown : "", 0, &cur, &n, e) < 0)
		return -1;
	if (n > 0 && strcmp(cur[0].text, text) == 0) {
		cy_comments_free(cur, n);
		*out = CY_COMMENT_SAME;
		return 0;
	}
	*out = n > 0 ? CY_COMMENT_REVISED : CY_COMMENT_NEW;
	cy_comments_free(cur, n);
	if ((locked = st_figure_lock(st, metric, per, &lock, prog, lper, e)) < 0)
		return -1;
	if (locked && reason == NULL) {
		*out = CY_COMMENT_LOCKED;
		return 0;
	}
	st_write_time(st, at);
	if ((q = st_prep(st, "UPDATE commentary SET current = 0\n"
	    " WHERE metric = :metric AND period = :period AND breakdown = :breakdown AND current",
	    e)) == NULL)
		return -1;
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":period", per);
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	rc = st_run(st, q, "cannot keep the earlier commentary", e);
	st_done(st, q);
	if (rc < 0 || (q = st_prep(st, "INSERT INTO commentary(metric, period, pkey, breakdown,\n"
	    "                       text, by, at, reason)\n"
	    "VALUES (:metric, :period, :pkey, :breakdown, :text, :by, :at, :reason)", e)) == NULL)
		return -1;
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":period", per);
	st_bind_int(q, ":pkey", period_key(period));
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	st_bind_text(q, ":text", text);
	st_bind_text(q, ":by", by);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":reason", reason);
	rc = st_run(st, q, "cannot store the commentary", e);
	st_done(st, q);
	if (rc == 0 && locked)
		rc = st_late_change(st, metric, per, breakdown, "commentary", 0, 0, 0, 0, by, at,
		    reason, lock, e);
	return rc;
}

/* ---- locks ---- */

void
st_locks_forget(struct store *st)
{
	for (size_t i = 0; i < st->nfrozen; i++)
		free(st->frozen[i].key);
	free(st->frozen);
	st->frozen = NULL;
	st->nfrozen = 0;
	st->frozen_ready = 0;
}

static int
frozen_cmp(const void *a, const void *b)
{
	return strcmp(((const struct st_frozen *)a)->key, ((const struct st_frozen *)b)->key);
}

/*
** Read every locked figure into a sorted array: an import checks each of its figures, and a
** binary search in memory costs a small part of a statement run per figure. A store holds a
** few hundred of them a year (the programs' metrics, once a period).
*/
static int
locks_load(struct store *st, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT metric || char(31) || period, min(lock)\n"
	    "  FROM locked_figure GROUP BY metric, period ORDER BY 1", e);
	size_t cap = 0;
	int rc;

	st_locks_forget(st);
	if (q == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		st->frozen = xgrow(st->frozen, &cap, st->nfrozen + 1, sizeof *st->frozen);
		st->frozen[st->nfrozen].key = xstrdup(st_col_text(q, 0));
		st->frozen[st->nfrozen++].lock = sqlite3_column_int64(q, 1);
	}
	st_done(st, q);
	if (rc != SQLITE_DONE) {
		st_locks_forget(st);
		return st_db_err(st, e, "cannot read the locks");
	}
	/* SQLite's ORDER BY uses the same bytewise order as strcmp for these keys; sort anyway. */
	if (st->nfrozen > 1)	/* no qsort on an empty (NULL) list: UBSan */
		qsort(st->frozen, st->nfrozen, sizeof *st->frozen, frozen_cmp);
	st->frozen_ready = 1;
	return 0;
}

int
st_figure_lock(struct store *st, const char *metric, const char *period, long long *lock,
    char prog[64], char per[16], struct kp_err *e)
{
	struct st_frozen key, *hit;
	sqlite3_stmt *q;
	char buf[256];
	int rc;

	if (!st->frozen_ready && locks_load(st, e) < 0)
		return -1;
	snprintf(buf, sizeof buf, "%s\x1f%s", metric, period);
	key.key = buf;
	if (st->nfrozen == 0 ||
	    (hit = bsearch(&key, st->frozen, st->nfrozen, sizeof *st->frozen, frozen_cmp)) == NULL)
		return 0;
	*lock = hit->lock;
	if (prog == NULL && per == NULL)
		return 1;
	/* Only messages want the lock's program and period. */
	if ((q = st_prep(st, "SELECT program, period FROM period_lock WHERE id = :id", e)) == NULL)
		return -1;
	st_bind_int(q, ":id", hit->lock);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (prog != NULL)
			snprintf(prog, 64, "%s", st_col_text(q, 0));
		if (per != NULL)
			snprintf(per, 16, "%s", st_col_text(q, 1));
	}
	st_done(st, q);
	if (rc != SQLITE_ROW)
		return st_db_err(st, e, "cannot read a lock");
	return 1;
}

int
store_figure_lock(struct store *st, const char *metric, const char *period, char prog[64],
    char per[16], struct kp_err *e)
{
	long long lock;

	return st_figure_lock(st, metric, period, &lock, prog, per, e);
}

int
store_lock(struct store *st, const char *program, const struct period *period,
    const struct cy_frozen *f, size_t n, const char *by, int forced, int *already,
    struct kp_err *e)
{
	char per[PERIOD_STRLEN], fper[PERIOD_STRLEN], at[32];
	sqlite3_stmt *q;
	long long id;
	int rc;

	period_format(period, per);
	st_write_time(st, at);
	if ((q = st_prep(st, "INSERT INTO period_lock(program, period, pkey, at, by, forced)\n"
	    "VALUES (:program, :period, :pkey, :at, :by, :forced) ON CONFLICT DO NOTHING", e)) == NULL)
		return -1;
	st_bind_text(q, ":program", program);
	st_bind_text(q, ":period", per);
	st_bind_int(q, ":pkey", period_key(period));
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	st_bind_int(q, ":forced", forced);
	rc = st_run(st, q, "cannot lock the period", e);
	st_done(st, q);
	if (rc < 0)
		return -1;
	*already = sqlite3_changes(st->db) == 0;
	if (*already)
		return 0;
	id = sqlite3_last_insert_rowid(st->db);
	if ((q = st_prep(st, "INSERT OR IGNORE INTO locked_figure(metric, period, lock)\n"
	    "VALUES (:metric, :period, :lock)", e)) == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		st_bind_text(q, ":metric", f[i].metric);
		st_bind_text(q, ":period", period_format(&f[i].period, fper));
		st_bind_int(q, ":lock", id);
		rc = st_run(st, q, "cannot lock a figure", e);
	}
	st_done(st, q);
	st->has_locks = 1;
	st_locks_forget(st);
	return rc;
}

static void
lock_row(sqlite3_stmt *q, void *arg)
{
	struct cy_lock *l = st_rows_add(arg);

	l->program = st_col_dup(q, 0);
	l->period = st_col_dup(q, 1);
	l->at = st_col_dup(q, 2);
	l->by = st_col_dup(q, 3);
	l->forced = sqlite3_column_int(q, 4);
}

/* cy_locks_free for st_select, which does not know the rows' type. */
static void
release_locks(void *v, size_t n)
{
	cy_locks_free(v, n);
}

int
store_locks(struct store *st, const char *program, struct cy_lock **out, size_t *n,
    struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT program, period, at, by, forced FROM period_lock\n"
	    " WHERE :program IS NULL OR program = :program ORDER BY pkey DESC, program", e);

	if (q == NULL)
		return -1;
	st_bind_text(q, ":program", program);
	return st_select(st, q, lock_row, sizeof **out, (void **)out, n, release_locks,
	    "cannot read the locks", e);
}

void
cy_locks_free(struct cy_lock *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].program);
		free(v[i].period);
		free(v[i].at);
		free(v[i].by);
	}
	free(v);
}

int
st_late_change(struct store *st, const char *metric, const char *period, const char *breakdown,
    const char *what, int has_old, double old, int has_new, double nv, const char *by,
    const char *at, const char *reason, long long lock, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st,
	    "INSERT INTO late_change(metric, period, breakdown, what, old_value, new_value, by, at,\n"
	    "                        reason, lock)\n"
	    "VALUES (:metric, :period, :breakdown, :what, :old, :new, :by, :at, :reason, :lock)", e);
	int rc;

	if (q == NULL)
		return -1;
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":period", period);
	st_bind_text(q, ":breakdown", breakdown ? breakdown : "");
	st_bind_text(q, ":what", what);
	if (has_old)
		st_bind_double(q, ":old", old);
	if (has_new)
		st_bind_double(q, ":new", nv);
	st_bind_text(q, ":by", by);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":reason", reason);
	st_bind_int(q, ":lock", lock);
	rc = st_run(st, q, "cannot log a change to a locked figure", e);
	st_done(st, q);
	return rc;
}

static void
late_row(sqlite3_stmt *q, void *arg)
{
	struct cy_late_change *c = st_rows_add(arg);

	c->metric = st_col_dup(q, 0);
	c->period = st_col_dup(q, 1);
	c->breakdown = st_col_dup(q, 2);
	c->what = st_col_dup(q, 3);
	c->has_old = sqlite3_column_type(q, 4) != SQLITE_NULL;
	c->old_value = sqlite3_column_double(q, 4);
	c->has_new = sqlite3_column_type(q, 5) != SQLITE_NULL;
	c->new_value = sqlite3_column_double(q, 5);
	c->by = st_col_dup(q, 6);
	c->at = st_col_dup(q, 7);
	c->reason = st_col_dup(q, 8);
	c->lock_program = st_col_dup(q, 9);
	c->lock_period = st_col_dup(q, 10);
}

/* cy_late_changes_free for st_select, which does not know the rows' type. */
static void
release_late_changes(void *v, size_t n)
{
	cy_late_changes_free(v, n);
}

int
store_late_changes(struct store *st, const char *since, struct cy_late_change **out, size_t *n,
    struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st,
	    "SELECT c.metric, c.period, c.breakdown, c.what, c.old_value, c.new_value, c.by,\n"
	    "       c.at, c.reason, l.program, l.period\n"
	    "  FROM late_change c JOIN period_lock l ON l.id = c.lock\n"
	    " WHERE :since IS NULL OR c.at > :since ORDER BY c.id", e);

	if (q == NULL)
		return -1;
	st_bind_text(q, ":since", since);
	return st_select(st, q, late_row, sizeof **out, (void **)out, n, release_late_changes,
	    "cannot read the changes to locked figures", e);
}

void
cy_late_changes_free(struct cy_late_change *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].metric);
		free(v[i].period);
		free(v[i].breakdown);
		free(v[i].what);
		free(v[i].by);
		free(v[i].at);
		free(v[i].reason);
		free(v[i].lock_program);
		free(v[i].lock_period);
	}
	free(v);
}

/* ---- publications ---- */

int
store_publish(struct store *st, const char *program, const struct period *period,
    const char *sha256, const char *file, long pages, const char *by, long long *id,
    struct kp_err *e)
{
	char per[PERIOD_STRLEN], at[32];
	sqlite3_stmt *q = st_prep(st,
	    "INSERT INTO publication(program, period, pkey, sha256, file, pages, at, by)\n"
	    "VALUES (:program, :period, :pkey, :sha, :file, :pages, :at, :by)", e);
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_text(q, ":program", program);
	st_bind_text(q, ":period", period_format(period, per));
	st_bind_int(q, ":pkey", period_key(period));
	st_bind_text(q, ":sha", sha256);
	st_bind_text(q, ":file", file);
	st_bind_int(q, ":pages", pages);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	rc = st_run(st, q, "cannot record the publication", e);
	st_done(st, q);
	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void
publication_row(sqlite3_stmt *q, void *arg)
{
	struct cy_publication *p = st_rows_add(arg);

	p->id = sqlite3_column_int64(q, 0);
	p->program = st_col_dup(q, 1);
	p->period = st_col_dup(q, 2);
	p->sha256 = st_col_dup(q, 3);
	p->file = st_col_dup(q, 4);
	p->pages = (long)sqlite3_column_int64(q, 5);
	p->at = st_col_dup(q, 6);
	p->by = st_col_dup(q, 7);
}

/* cy_publications_free for st_select, which does not know the rows' type. */
static void
release_publications(void *v, size_t n)
{
	cy_publications_free(v, n);
}

int
store_publications(struct store *st, const char *program, struct cy_publication **out,
    size_t *n, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st,
	    "SELECT id, program, period, sha256, file, pages, at, by FROM publication\n"
	    " WHERE :program IS NULL OR program = :program ORDER BY id", e);

	if (q == NULL)
		return -1;
	st_bind_text(q, ":program", program);
	return st_select(st, q, publication_row, sizeof **out, (void **)out, n, release_publications,
	    "cannot read the publications", e);
}

void
cy_publications_free(struct cy_publication *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].program);
		free(v[i].period);
		free(v[i].sha256);
		free(v[i].file);
		free(v[i].at);
		free(v[i].by);
	}
	free(v);
}
