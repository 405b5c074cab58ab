/*
** store_events.c: writing raw records (see store_events.h): the per-dataset table of record
** blocks, the import transaction, and the writer's entry points. Records in key order go
** straight to the merge with the stored blocks (store_merge.c); once a key comes out of
** order, the rest are sorted in runs (store_runs.c) and merged in a second pass at the end.
**
** Table and column names come from the catalog, which allows only [a-z][a-z0-9_]* there, so
** they can be spliced into SQL (quoted); every value is still bound.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store_events.h"
#include "kpistat/xmalloc.h"
#include "store_ev_int.h"

/*
** "blocks2;permit_id:text,...|key=permit_id": what the table was made with. The first part
** names the table's layout, so that a store written by an older kpistat is told apart.
*/
char *
st_ev_signature(const struct dataset *d)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, EV_LAYOUT);
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
	int rc;

	buf_addf(&b, "CREATE TABLE \"ev_%s\"(blk INTEGER PRIMARY KEY, klo BLOB NOT NULL,"
	    " khi BLOB NOT NULL, n INTEGER NOT NULL", d->name);
	for (size_t i = 0; i < d->ncols; i++)
		if (d->cols[i].type == COL_DATE || d->cols[i].type == COL_DATETIME)
			buf_addf(&b, ", \"lo_%s\" INTEGER, \"hi_%s\" INTEGER, \"m_%s\" BLOB,"
			    " \"null_%s\" INTEGER NOT NULL", d->cols[i].name, d->cols[i].name,
			    d->cols[i].name, d->cols[i].name);
	/*
	** The records in a table of their own: a row with a large blob keeps up to a page of it
	** beside the row, so summaries next to their blobs would cost a page read each to scan.
	*/
	buf_addf(&b, ") STRICT; CREATE INDEX \"ev_%s__klo\" ON \"ev_%s\"(klo);", d->name, d->name);
	buf_addf(&b, "CREATE TABLE \"ev_%s__data\"(blk INTEGER PRIMARY KEY, data BLOB NOT NULL)"
	    " STRICT;", d->name);
	buf_addf(&b, "CREATE TABLE \"ev_%s__open\"(blk INTEGER NOT NULL, col TEXT NOT NULL,"
	    " data BLOB NOT NULL, PRIMARY KEY (blk, col)) STRICT;", d->name);
	rc = exec_buf(st, &b, "cannot make the records table", e);
	buf_release(&b);
	return rc;
}

static int
drop_tables(struct store *st, const char *name, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_addf(&b, "DROP TABLE IF EXISTS \"ev_%s\"; DROP TABLE IF EXISTS \"ev_%s__zone\";"
	    " DROP TABLE IF EXISTS \"ev_%s__open\"; DROP TABLE IF EXISTS \"ev_%s__data\";", name,
	    name, name, name);
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

static void
writer_free(struct ev_writer *w)
{
	mj_free(w);
	runs_free(&w->runs);
	buf_release(&w->prev);
	buf_release(&w->kbuf);
	buf_release(&w->rbuf);
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
		if (w->mode != EV_REPLACE && (have == NULL ||
		    strncmp(have, EV_LAYOUT, strlen(EV_LAYOUT)) != 0)) {
			err_set(e, KP_DATA, NULL, "the records of dataset '%s' were stored by an older "
			    "kpistat, in another layout: import the whole file again with --replace",
			    d->name);
			goto out;
		}
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
		buf_addf(&b, "DELETE FROM \"ev_%s\"; DELETE FROM \"ev_%s__open\";"
		    " DELETE FROM \"ev_%s__data\";", d->name, d->name, d->name);
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
    const char *by, store_ev_report_fn *report, void *arg, struct kp_err *e)
{
	struct ev_writer *w = xcalloc(1, sizeof *w);

	w->st = st;
	w->d = d;
	w->mode = mode;
	w->report = report;
	w->arg = arg;
	w->in_order = 1;
	snprintf(w->table, sizeof w->table, "ev_%s", d->name);
	w->keyidx = xcalloc(d->nkey, sizeof *w->keyidx);
	for (size_t i = 0; i < d->nkey; i++)
		for (size_t j = 0; j < d->ncols; j++)
			if (strcmp(d->key[i], d->cols[j].name) == 0)
				w->keyidx[i] = (int)j;
	buf_init(&w->prev, 0);
	buf_init(&w->kbuf, 0);
	buf_init(&w->rbuf, 0);
	/*
	** A rollback journal for the import: pages appended to the file need no journal, where
	** WAL would write every page twice (to the log, then back into the file). It does not
	** weaken crash safety; it makes other processes that read meanwhile wait (up to the
	** busy timeout, 30 s by default). When another process has the store open, SQLite keeps WAL.
	*/
	sqlite3_exec(st->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (store_begin(st, e) < 0) {
		sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		writer_free(w);
		return NULL;
	}
	if (ready_table(w, e) < 0 || (w->batch = log_import(st, d->name, mode, file, by, e)) < 0 ||
	    mj_prepare(w, e) < 0 || mj_begin(w, e) < 0) {
		store_rollback(st);
		sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		writer_free(w);
		return NULL;
	}
	return w;
}

void
ev_report(struct ev_writer *w, enum ev_outcome out, long long tag, const char *note,
    size_t nlen)
{
	if (w->report != NULL)
		w->report(w->arg, out, tag, note, nlen);
}

int
store_ev_put(struct ev_writer *w, const struct ev_value *v, long long tag, const char *note,
    size_t notelen, struct kp_err *e)
{
	const unsigned char *key, *row;

	buf_reset(&w->kbuf);
	blk_key(w->d, w->keyidx, v, &w->kbuf);
	buf_reset(&w->rbuf);
	blk_row(w->d, v, &w->rbuf);
	key = (const unsigned char *)w->kbuf.s;
	row = (const unsigned char *)w->rbuf.s;
	if (w->in_order && w->have_prev && key_cmp(key, w->kbuf.len, w->prev.s, w->prev.len) < 0) {
		/* Out of key order from here on: finish this pass, sort the rest. */
		w->in_order = 0;
		if (mj_end(w, e) < 0)
			return -1;
	}
	if (!w->in_order)
		return runs_add(w, key, w->kbuf.len, row, w->rbuf.len, tag, note, notelen, e);
	return mj_feed_first(w, key, w->kbuf.len, row, w->rbuf.len, tag, note, notelen, e);
}

int
store_ev_finish(struct ev_writer *w, struct ev_counts *c, struct kp_err *e)
{
	if (mj_end(w, e) < 0 || runs_finish(w, e) < 0)
		return -1;
	c->added = w->added;
	c->updated = w->updated;
	c->unchanged = w->unchanged;
	c->duplicate = w->duplicate;
	c->exists = w->exists;
	return 0;
}

int
store_ev_commit(struct ev_writer *w, const struct ev_counts *c, struct kp_err *e)
{
	struct store *st = w->st;
	sqlite3_stmt *q = NULL;
	char at[32];
	int rc = -1;

	st_now_iso(at);
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

void
store_set_clock(struct store *st, const char *iso)
{
	snprintf(st->clock, sizeof st->clock, "%s", iso ? iso : "");
}
