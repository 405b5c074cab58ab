/*
** store_events.c: writing raw records (see store_events.h): the per-dataset table, the
** import transaction, and the zone summaries that make a one-month recompute cheap.
**
** Table and column names come from the catalog, which allows only [a-z][a-z0-9_]* there, so
** they can be spliced into SQL (quoted); every value is still bound.
**
** Why this layout (measured on 5M-row files, see tests/bench/events.sh): a WITHOUT ROWID
** table keyed on the record key costs one B-tree insert per record, at the right edge when
** keys come in order, as exports from systems of record do; a rowid table plus a unique key
** index costs two, and a secondary index per date column another each, which together made
** an import slower than the sqlite3 shell's untyped .import. The zones (store_zone.c)
** replace those indexes for range reads at a cost of one small row per 1,024 records.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store_events.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

struct ev_writer {
	struct store		*st;
	const struct dataset	*d;
	enum ev_mode		 mode;
	long long		 batch;		/* event_import.id, stored in each record */
	char			 table[64];	/* ev_<name> */
	sqlite3_stmt		*ins, *upd, *sel, *mark;
	int			*keyidx;	/* column index of each key column */
	struct zones		*z;		/* zone summaries (one key column only), or NULL */
	long long		 records;	/* stored before this import */
};

static const char *
sql_type(enum col_type t)
{
	return t == COL_TEXT ? "TEXT" : t == COL_NUMBER ? "REAL" : "INTEGER";
}

/* "permit_id:text,...|key=permit_id": what the table was made with. */
char *
st_ev_signature(const struct dataset *d)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < d->ncols; i++)
		buf_addf(&b, "%s%s:%s", i ? "," : "", d->cols[i].name,
		    catalog_col_type_name(d->cols[i].type));
	buf_adds(&b, "|key=");
	for (size_t i = 0; i < d->nkey; i++)
		buf_addf(&b, "%s%s", i ? "," : "", d->key[i]);
	return buf_detach(&b);
}

static int
exec_buf(struct store *st, struct buf *sql, const char *doing, struct kp_err *e)
{
	int rc = st_exec(st, sql->s, doing, e);

	buf_reset(sql);
	return rc;
}

static int
create_tables(struct store *st, const struct dataset *d, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	buf_addf(&b, "CREATE TABLE \"ev_%s\"(", d->name);
	for (size_t i = 0; i < d->ncols; i++)
		buf_addf(&b, "\"%s\" %s, ", d->cols[i].name, sql_type(d->cols[i].type));
	buf_adds(&b, "_batch INTEGER NOT NULL, PRIMARY KEY (");
	for (size_t i = 0; i < d->nkey; i++)
		buf_addf(&b, "%s\"%s\"", i ? ", " : "", d->key[i]);
	buf_adds(&b, ")) STRICT, WITHOUT ROWID");
	if (exec_buf(st, &b, "cannot make the records table", e) < 0)
		goto out;
	if (d->nkey == 1 && st_zones_create(st, d, e) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static int
drop_tables(struct store *st, const char *name, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_addf(&b, "DROP TABLE IF EXISTS \"ev_%s\"; DROP TABLE IF EXISTS \"ev_%s__zone\";",
	    name, name);
	rc = exec_buf(st, &b, "cannot drop the old records table", e);
	buf_release(&b);
	return rc;
}

/* 1 when table `name` exists, 0 when not, -1 on error. */
int
st_table_exists(struct store *st, const char *name)
{
	sqlite3_stmt *q;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND"
	    " name = ?1", -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	switch (sqlite3_step(q)) {
	case SQLITE_ROW: rc = 1; break;
	case SQLITE_DONE: rc = 0; break;
	}
	sqlite3_finalize(q);
	return rc;
}

/* The stored signature and record count of d's table; *sig is NULL when none is stored. */
static int
read_state(struct store *st, const char *name, char **sig, long long *records, struct kp_err *e)
{
	sqlite3_stmt *q;
	int rc;

	*sig = NULL;
	*records = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT table_sig, records FROM dataset_state"
	    " WHERE dataset = ?1", -1, &q, NULL) != SQLITE_OK)
		return st_db_err(st, e, "cannot read a dataset's state");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*sig = xstrdup(st_col_text(q, 0));
		*records = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read a dataset's state");
}

static int
prep(struct store *st, struct buf *sql, sqlite3_stmt **q, struct kp_err *e)
{
	if (sqlite3_prepare_v2(st->db, sql->s, -1, q, NULL) != SQLITE_OK) {
		err_set(e, KP_SOFTWARE, st->path, "cannot prepare a records statement: %s",
		    sqlite3_errmsg(st->db));
		buf_reset(sql);
		return -1;
	}
	buf_reset(sql);
	return 0;
}

/* The key condition "k1" = ?i AND ..., with each key column's parameter number. */
static void
key_where(struct buf *b, const struct ev_writer *w)
{
	for (size_t i = 0; i < w->d->nkey; i++)
		buf_addf(b, "%s\"%s\" = ?%d", i ? " AND " : "", w->d->key[i], w->keyidx[i] + 1);
}

static int
is_key(const struct ev_writer *w, size_t col)
{
	for (size_t i = 0; i < w->d->nkey; i++)
		if (w->keyidx[i] == (int)col)
			return 1;
	return 0;
}

static int
prepare(struct ev_writer *w, struct kp_err *e)
{
	const struct dataset *d = w->d;
	struct buf b = BUF_INIT;
	int n = (int)d->ncols;

	buf_addf(&b, "INSERT INTO \"%s\"(", w->table);
	for (size_t i = 0; i < d->ncols; i++)
		buf_addf(&b, "\"%s\", ", d->cols[i].name);
	buf_adds(&b, "_batch) VALUES (");
	for (int i = 1; i <= n + 1; i++)
		buf_addf(&b, "?%d%s", i, i <= n ? ", " : ") ON CONFLICT DO NOTHING");
	if (prep(w->st, &b, &w->ins, e) < 0)
		goto fail;
	/* The batch test tells an update of a stored record from a key given twice in the file. */
	buf_addf(&b, "UPDATE \"%s\" SET ", w->table);
	/* Key columns stay out of SET: naming them would make SQLite delete and reinsert. */
	for (size_t i = 0; i < d->ncols; i++)
		if (!is_key(w, i))
			buf_addf(&b, "\"%s\" = ?%zu, ", d->cols[i].name, i + 1);
	buf_addf(&b, "_batch = ?%d WHERE ", n + 1);
	key_where(&b, w);
	buf_addf(&b, " AND _batch <> ?%d", n + 1);
	if (prep(w->st, &b, &w->upd, e) < 0)
		goto fail;
	/* The stored record, to tell an unchanged one (only its batch is written) from a change. */
	buf_adds(&b, "SELECT _batch");
	for (size_t i = 0; i < d->ncols; i++)
		buf_addf(&b, ", \"%s\"", d->cols[i].name);
	buf_addf(&b, " FROM \"%s\" WHERE ", w->table);
	key_where(&b, w);
	if (prep(w->st, &b, &w->sel, e) < 0)
		goto fail;
	buf_addf(&b, "UPDATE \"%s\" SET _batch = ?%d WHERE ", w->table, n + 1);
	key_where(&b, w);
	if (prep(w->st, &b, &w->mark, e) < 0)
		goto fail;
	buf_release(&b);
	return 0;
fail:
	buf_release(&b);
	return -1;
}

static void
writer_free(struct ev_writer *w)
{
	sqlite3_finalize(w->ins);
	sqlite3_finalize(w->upd);
	sqlite3_finalize(w->sel);
	sqlite3_finalize(w->mark);
	st_zones_free(w->z);
	free(w->keyidx);
	free(w);
}

/* Make, check, remake or empty d's table for this import (inside the transaction). */
static int
ready_table(struct ev_writer *w, struct kp_err *e)
{
	struct store *st = w->st;
	const struct dataset *d = w->d;
	char *want = st_ev_signature(d), *have = NULL;
	struct buf b = BUF_INIT;
	sqlite3_stmt *q = NULL;
	int exists, rc = -1;

	if ((exists = st_table_exists(st, w->table)) < 0) {
		st_db_err(st, e, "cannot look for the records table");
		goto out;
	}
	if (read_state(st, d->name, &have, &w->records, e) < 0)
		goto out;
	if (exists && (have == NULL || strcmp(have, want) != 0)) {
		if (w->mode != EV_REPLACE) {
			err_set(e, KP_DATA, NULL, "dataset '%s' has other columns or another key in the "
			    "catalog than when its records were imported: import the whole file again "
			    "with --replace", d->name);
			goto out;
		}
		if (drop_tables(st, d->name, e) < 0)
			goto out;
		exists = 0;
	}
	if (!exists && create_tables(st, d, e) < 0)
		goto out;
	if (exists && w->mode == EV_REPLACE) {
		/* No WHERE: SQLite empties the tables without visiting each row. */
		buf_addf(&b, "DELETE FROM \"ev_%s\";", d->name);
		if (d->nkey == 1)
			buf_addf(&b, "DELETE FROM \"ev_%s__zone\";", d->name);
		if (exec_buf(st, &b, "cannot empty the records table", e) < 0)
			goto out;
	}
	if (!exists || w->mode == EV_REPLACE)
		w->records = 0;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO dataset_state(dataset, table_sig, records)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT(dataset) DO UPDATE SET table_sig = excluded.table_sig,"
	    " records = excluded.records", -1, &q, NULL) != SQLITE_OK) {
		st_db_err(st, e, "cannot record the dataset's state");
		goto out;
	}
	sqlite3_bind_text(q, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, want, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, w->records);
	if (sqlite3_step(q) != SQLITE_DONE) {
		st_db_err(st, e, "cannot record the dataset's state");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	buf_release(&b);
	free(want);
	free(have);
	return rc;
}

static long long
log_import(struct store *st, const char *name, enum ev_mode mode, const char *file,
    const char *by, struct kp_err *e)
{
	static const char *const modes[] = { "merge", "append", "replace" };
	sqlite3_stmt *q;
	char at[32];
	long long id = -1;

	st_now_iso(at);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO event_import(dataset, file, mode, at, by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &q, NULL) != SQLITE_OK)
		return st_db_err(st, e, "cannot log the import");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, modes[mode], -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, at, -1, SQLITE_STATIC);
	if (by != NULL)
		sqlite3_bind_text(q, 5, by, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(st->db);
	else
		st_db_err(st, e, "cannot log the import");
	sqlite3_finalize(q);
	return id;
}

struct ev_writer *
store_ev_begin(struct store *st, const struct dataset *d, enum ev_mode mode, const char *file,
    const char *by, struct kp_err *e)
{
	struct ev_writer *w = xcalloc(1, sizeof *w);

	w->st = st;
	w->d = d;
	w->mode = mode;
	snprintf(w->table, sizeof w->table, "ev_%s", d->name);
	w->keyidx = xcalloc(d->nkey, sizeof *w->keyidx);
	for (size_t i = 0; i < d->nkey; i++)
		for (size_t j = 0; j < d->ncols; j++)
			if (strcmp(d->key[i], d->cols[j].name) == 0)
				w->keyidx[i] = (int)j;
	/*
	** A rollback journal for the import: pages appended to the file need no journal, where
	** WAL would write every page twice (to the log, then back into the file). It does not
	** weaken crash safety; it makes other processes that read meanwhile wait (up to the
	** 30 s busy timeout). When another process has the store open, SQLite keeps WAL.
	*/
	sqlite3_exec(st->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (store_begin(st, e) < 0) {
		sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		writer_free(w);
		return NULL;
	}
	if (ready_table(w, e) < 0 || (w->batch = log_import(st, d->name, mode, file, by, e)) < 0 ||
	    prepare(w, e) < 0 || (d->nkey == 1 && (w->z = st_zones_new(st, d, e)) == NULL)) {
		store_rollback(st);
		sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		writer_free(w);
		return NULL;
	}
	return w;
}

static void
bind_values(struct ev_writer *w, sqlite3_stmt *q, const struct ev_value *v)
{
	const struct dataset *d = w->d;

	for (size_t i = 0; i < d->ncols; i++) {
		int p = (int)i + 1;

		if (v[i].null)
			sqlite3_bind_null(q, p);
		else if (d->cols[i].type == COL_TEXT)
			sqlite3_bind_text(q, p, v[i].s, (int)v[i].n, SQLITE_STATIC);
		else if (d->cols[i].type == COL_NUMBER)
			sqlite3_bind_double(q, p, v[i].d);
		else
			sqlite3_bind_int64(q, p, v[i].i);
	}
	sqlite3_bind_int64(q, (int)d->ncols + 1, w->batch);
}

/* Step a bound statement; 0 or -1. */
static int
step(struct ev_writer *w, sqlite3_stmt *q, const char *doing, struct kp_err *e)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : st_db_err(w->st, e, doing);
}

/* Whether the stored record the select just read (columns from 1 on) equals v. */
static int
same_record(const struct ev_writer *w, const struct ev_value *v)
{
	sqlite3_stmt *q = w->sel;

	for (size_t i = 0; i < w->d->ncols; i++) {
		int c = (int)i + 1, null = sqlite3_column_type(q, c) == SQLITE_NULL;

		if (null || v[i].null) {
			if (null != v[i].null)
				return 0;
			continue;
		}
		switch (w->d->cols[i].type) {
		case COL_TEXT:
			if ((size_t)sqlite3_column_bytes(q, c) != v[i].n ||
			    memcmp(sqlite3_column_text(q, c), v[i].s, v[i].n) != 0)
				return 0;
			break;
		case COL_NUMBER:
			if (sqlite3_column_double(q, c) != v[i].d)
				return 0;
			break;
		default:
			if (sqlite3_column_int64(q, c) != v[i].i)
				return 0;
			break;
		}
	}
	return 1;
}

int
store_ev_put(struct ev_writer *w, const struct ev_value *v, enum ev_outcome *out,
    struct kp_err *e)
{
	sqlite3 *db = w->st->db;
	long long b = -1;
	int same = 0, rc;

	/* Most records are new: try the insert, and look further only on a key conflict. */
	bind_values(w, w->ins, v);
	if (step(w, w->ins, "cannot store a record", e) < 0)
		return -1;
	if (sqlite3_changes(db) == 1) {
		*out = EV_ADDED;
		return w->z != NULL ? st_zones_added(w->z, v, e) : 0;
	}
	/* The key is stored: by an earlier row of this file (the batch tells), or before. */
	bind_values(w, w->sel, v);
	rc = sqlite3_step(w->sel);
	if (rc == SQLITE_ROW) {
		b = sqlite3_column_int64(w->sel, 0);
		same = same_record(w, v);
	}
	sqlite3_reset(w->sel);
	if (rc != SQLITE_ROW)
		return st_db_err(w->st, e, "cannot read a stored record");
	if (b == w->batch) {
		*out = EV_DUPLICATE;
		return 0;
	}
	if (w->mode == EV_APPEND) {
		*out = EV_EXISTS;
		return 0;
	}
	/* Unchanged: only the batch is written (so that a second row with the key is caught). */
	bind_values(w, same ? w->mark : w->upd, v);
	if (step(w, same ? w->mark : w->upd, "cannot update a record", e) < 0)
		return -1;
	*out = same ? EV_UNCHANGED : EV_UPDATED;
	return w->z != NULL && !same ? st_zones_updated(w->z, v, e) : 0;
}

int
store_ev_commit(struct ev_writer *w, const struct ev_counts *c, struct kp_err *e)
{
	struct store *st = w->st;
	sqlite3_stmt *q = NULL;
	char at[32];
	int rc = -1;

	st_now_iso(at);
	if (w->z != NULL && st_zones_flush(w->z, e) < 0)
		goto out;
	if (sqlite3_prepare_v2(st->db, "UPDATE dataset_state SET records = ?2, imported_at = ?3,"
	    " imported_from = (SELECT file FROM event_import WHERE id = ?4) WHERE dataset = ?1;",
	    -1, &q, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(q, 1, w->d->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, w->records + c->added);
	sqlite3_bind_text(q, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, w->batch);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(st->db, "UPDATE event_import SET rows = ?2, added = ?3, updated = ?4,"
	    " skipped = ?5, warnings = ?6, unchanged = ?7 WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_int64(q, 1, w->batch);
	sqlite3_bind_int64(q, 2, c->rows);
	sqlite3_bind_int64(q, 3, c->added);
	sqlite3_bind_int64(q, 4, c->updated);
	sqlite3_bind_int64(q, 5, c->skipped);
	sqlite3_bind_int64(q, 6, c->warnings);
	sqlite3_bind_int64(q, 7, c->unchanged);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto dberr;
	if (store_commit(st, e) < 0)
		goto out;
	rc = 0;
	goto out;
dberr:
	st_db_err(st, e, "cannot finish the import");
out:
	sqlite3_finalize(q);
	if (rc < 0)
		store_rollback(st);
	sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	writer_free(w);
	return rc;
}

void
store_ev_abort(struct ev_writer *w)
{
	store_rollback(w->st);
	sqlite3_exec(w->st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	writer_free(w);
}

int
store_ev_open_index(struct ev_writer *w, const char *col, struct kp_err *e)
{
	return st_ev_open_index(w->st, w->d, col, e);
}

void
store_set_clock(struct store *st, const char *iso)
{
	snprintf(st->clock, sizeof st->clock, "%s", iso ? iso : "");
}

long
st_ev_day(enum col_type t, long long v)
{
	if (t == COL_DATE)
		return (long)v;
	return (long)(v >= 0 ? v / 86400 : -((-v + 86399) / 86400));
}
