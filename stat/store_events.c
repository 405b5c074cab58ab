/*
** store_events.c: writing raw records (see store_events.h): the per-dataset table of record
** blocks, the import's transactions, and the writer's entry points. Records in key order go
** straight to the merge with the stored blocks (store_merge.c); once a key comes out of
** order, the rest are sorted in runs (store_runs.c) and merged in a second pass at the end.
**
** Why an import is written in short transactions and published in one short last one (issue
** 11): `kpistat serve` must take a department head's figure, and show pages, while a large
** import runs. One transaction for the whole import held the store's write lock for all of
** it (a 1M-row file: seconds), and its rollback journal kept readers out too. Now blocks
** are written a few at a time (store_pend.c), each batch in a transaction of its own, in WAL
** mode, holding the write lock only while SQLite writes them (parsing, merging and packing
** happen outside it): a submission waits for one batch's writes at most (make bench-web).
** Readers never see those blocks until the publish:
**   - into a dataset's tables, new blocks are listed in ev_<name>__stage (gone = 0) and every
**     reader leaves them out (store_scan.c); stored blocks the import rewrites stay for the
**     readers, listed with gone = 1 (the import leaves those out), and are deleted at publish;
**   - a first import and --replace write new tables, ev_<name>__next*, renamed over the old
**     ones at publish.
** The publish (store_ev_commit) deletes the rewritten blocks, drops the stage table (or renames
** the new tables), logs the import and sets the dataset's state in one transaction: readers
** see the old dataset or the new one, never part of either. A killed or failed import leaves
** only blocks that no reader sees; the next import of the dataset removes them first (an
** import that fails cleanly removes its own at once). One import at a time per store
** (store_evlock.c). The other way considered, raw records in a database file of their own
** beside the store, would have broken "one store, one file" (README: backups, copying a
** store) and needed a migration that moves every stored record, for the same result.
**
** Every transaction of an import commits with synchronous = NORMAL (WAL: no fsync per block);
** a checkpoint after the publish syncs the import to disk (see store_ev_commit).
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

/* Make the records tables `t`, t__data and t__open (t: ev_<name> or ev_<name>__next). */
static int
create_tables(struct store *st, const struct dataset *d, const char *t, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_addf(&b, "CREATE TABLE \"%s\"(blk INTEGER PRIMARY KEY, klo BLOB NOT NULL,"
	    " khi BLOB NOT NULL, n INTEGER NOT NULL", t);
	for (size_t i = 0; i < d->ncols; i++)
		if (d->cols[i].type == COL_DATE || d->cols[i].type == COL_DATETIME)
			buf_addf(&b, ", \"lo_%s\" INTEGER, \"hi_%s\" INTEGER, \"m_%s\" BLOB,"
			    " \"null_%s\" INTEGER NOT NULL", d->cols[i].name, d->cols[i].name,
			    d->cols[i].name, d->cols[i].name);
	/*
	** The records in a table of their own: a row with a large blob keeps up to a page of it
	** beside the row, so summaries next to their blobs would cost a page read each to scan.
	*/
	buf_addf(&b, ") STRICT; CREATE INDEX \"%s__klo\" ON \"%s\"(klo);", t, t);
	buf_addf(&b, "CREATE TABLE \"%s__data\"(blk INTEGER PRIMARY KEY, data BLOB NOT NULL)"
	    " STRICT;", t);
	buf_addf(&b, "CREATE TABLE \"%s__open\"(blk INTEGER NOT NULL, col TEXT NOT NULL,"
	    " data BLOB NOT NULL, PRIMARY KEY (blk, col)) STRICT;", t);
	rc = exec_buf(st, &b, "cannot make the records table", e);
	buf_release(&b);
	return rc;
}

/*
** Remove what an import of dataset `name` that was killed or failed left behind: its blocks
** (which no reader sees) and its stage or new tables. Only under the import lock.
*/
static int
clean_stale(struct store *st, const char *name, struct kp_err *e)
{
	struct buf b = BUF_INIT, t = BUF_INIT;
	int has, rc;

	buf_addf(&t, "ev_%s__stage", name);
	if ((has = st_table_exists(st, t.s)) < 0) {
		buf_release(&t);
		return st_db_err(st, e, "cannot look for an unfinished import");
	}
	if (has)
		buf_addf(&b, "DELETE FROM \"ev_%s\" WHERE blk IN (SELECT blk FROM \"%s\" WHERE NOT gone);"
		    " DELETE FROM \"ev_%s__data\" WHERE blk IN (SELECT blk FROM \"%s\" WHERE NOT gone);"
		    " DELETE FROM \"ev_%s__open\" WHERE blk IN (SELECT blk FROM \"%s\" WHERE NOT gone);"
		    " DROP TABLE \"%s\";", name, t.s, name, t.s, name, t.s, t.s);
	buf_addf(&b, "DROP TABLE IF EXISTS \"ev_%s__next\"; DROP TABLE IF EXISTS \"ev_%s__next__data\";"
	    " DROP TABLE IF EXISTS \"ev_%s__next__open\";", name, name, name);
	rc = exec_buf(st, &b, "cannot remove what an unfinished import left", e);
	buf_release(&b);
	buf_release(&t);
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
	ev_lock_drop(w->lockfd);
	free(w->file);
	free(w->by);
	mj_free(w);
	runs_free(&w->runs);
	buf_release(&w->prev);
	buf_release(&w->kbuf);
	buf_release(&w->rbuf);
	free(w->keyidx);
	free(w);
}

/* One integer from a query; -1 on error. */
static long long
query_ll(struct store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/*
** Check d's table against the catalog and make what this import writes into (inside the first
** transaction): new tables for a first import or --replace, else a stage table beside d's.
*/
static int
ready_table(struct ev_writer *w, struct kp_err *e)
{
	struct store *st = w->st;
	const struct dataset *d = w->d;
	char *want = st_ev_signature(d), *have = NULL;
	struct buf b = BUF_INIT;
	int exists, rc = -1;

	if ((exists = st_table_exists(st, w->table)) < 0) {
		st_db_err(st, e, "cannot look for the records table");
		goto out;
	}
	if (read_state(st, d->name, &have, &w->records, e) < 0)
		goto out;
	if (exists && (have == NULL || strcmp(have, want) != 0) && w->mode != EV_REPLACE) {
		if (have == NULL || strncmp(have, EV_LAYOUT, strlen(EV_LAYOUT)) != 0)
			err_set(e, KP_DATA, NULL, "the records of dataset '%s' were stored by an older "
			    "kpistat, in another layout: import the whole file again with --replace",
			    d->name);
		else
			err_set(e, KP_DATA, NULL, "dataset '%s' has other columns or another key in the "
			    "catalog than when its records were imported: import the whole file again "
			    "with --replace", d->name);
		goto out;
	}
	w->fresh = !exists || w->mode == EV_REPLACE;
	if (w->fresh) {
		w->records = 0;
		snprintf(w->table, sizeof w->table, "ev_%s__next", d->name);
		if (create_tables(st, d, w->table, e) < 0)
			goto out;
	} else {
		buf_addf(&b, "CREATE TABLE \"%s__stage\"(blk INTEGER PRIMARY KEY, gone INTEGER NOT"
		    " NULL) STRICT;", w->table);
		if (exec_buf(st, &b, "cannot make the import's stage table", e) < 0)
			goto out;
		buf_addf(&b, "SELECT coalesce(max(blk), 0) FROM \"%s\"", w->table);
		if ((w->top = query_ll(st, b.s)) < 0) {
			st_db_err(st, e, "cannot read the records table");
			goto out;
		}
	}
	/* The import's number, stored with its records; its log row is written at publish. */
	if ((w->batch = query_ll(st, "SELECT coalesce(max(id), 0) + 1 FROM event_import")) < 0) {
		st_db_err(st, e, "cannot number the import");
		goto out;
	}
	rc = 0;
out:
	buf_release(&b);
	free(want);
	free(have);
	return rc;
}

int
ev_tx_open(struct ev_writer *w, struct kp_err *e)
{
	if (w->in_tx)
		return 0;
	if (store_begin(w->st, e) < 0)
		return -1;
	w->in_tx = 1;
	return 0;
}

int
ev_tx_close(struct ev_writer *w, struct kp_err *e)
{
	if (!w->in_tx)
		return 0;
	w->in_tx = 0;
	return store_commit(w->st, e);
}

static void
set_sync(struct store *st, int level)
{
	char sql[40];

	snprintf(sql, sizeof sql, "PRAGMA synchronous = %d", level);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

/* After a failure: undo the open transaction and remove what the import wrote (if it can). */
static void
undo(struct ev_writer *w)
{
	struct kp_err e;

	store_rollback(w->st);
	w->in_tx = 0;
	mj_finalize(w);
	set_sync(w->st, w->sync);
	/* Best effort: what stays (a failing disk) is seen by no reader; the next import removes it. */
	if (store_begin(w->st, &e) == 0 && (clean_stale(w->st, w->d->name, &e) < 0 ||
	    store_commit(w->st, &e) < 0))
		store_rollback(w->st);
}

/* The import's log row, written at publish under the number its records carry. */
static int
log_import(struct ev_writer *w, const struct ev_counts *c, struct kp_err *e)
{
	static const char *const modes[] = { "merge", "append", "replace" };
	struct store *st = w->st;
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO event_import(id, dataset, file, mode, at, by,"
	    " rows, added, updated, skipped, warnings, unchanged)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", -1, &q, NULL) != SQLITE_OK)
		return st_db_err(st, e, "cannot log the import");
	sqlite3_bind_int64(q, 1, w->batch);
	sqlite3_bind_text(q, 2, w->d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, w->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, modes[w->mode], -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, w->at, -1, SQLITE_STATIC);
	st_bind_text_at(q, 6, w->by);
	sqlite3_bind_int64(q, 7, c->rows);
	sqlite3_bind_int64(q, 8, c->added);
	sqlite3_bind_int64(q, 9, c->updated);
	sqlite3_bind_int64(q, 10, c->skipped);
	sqlite3_bind_int64(q, 11, c->warnings);
	sqlite3_bind_int64(q, 12, c->unchanged);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot log the import");
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
	w->lockfd = -1;
	w->file = xstrdup(file);
	w->by = by != NULL ? xstrdup(by) : NULL;
	st_now_iso(w->at);
	if ((w->lockfd = ev_lock_take(st, e)) < 0) {
		writer_free(w);
		return NULL;
	}
	if ((w->sync = (int)query_ll(st, "PRAGMA synchronous")) < 0)
		w->sync = 2;
	set_sync(st, 1);
	if (ev_tx_open(w, e) < 0) {
		set_sync(st, w->sync);
		writer_free(w);
		return NULL;
	}
	if (clean_stale(st, d->name, e) < 0 || ready_table(w, e) < 0 || mj_prepare(w, e) < 0 ||
	    ev_tx_close(w, e) < 0 || mj_begin(w, e) < 0) {
		undo(w);
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

/* Make this import's blocks the dataset's (inside the publishing transaction). */
static int
publish_blocks(struct ev_writer *w, struct kp_err *e)
{
	const char *n = w->d->name;
	struct buf b = BUF_INIT;
	int rc;

	if (w->fresh) {
		/* An index keeps its name through a rename: the new table's is made again. */
		buf_addf(&b, "DROP TABLE IF EXISTS \"ev_%s\"; DROP TABLE IF EXISTS \"ev_%s__zone\";"
		    " DROP TABLE IF EXISTS \"ev_%s__open\"; DROP TABLE IF EXISTS \"ev_%s__data\";"
		    " ALTER TABLE \"ev_%s__next\" RENAME TO \"ev_%s\";"
		    " ALTER TABLE \"ev_%s__next__data\" RENAME TO \"ev_%s__data\";"
		    " ALTER TABLE \"ev_%s__next__open\" RENAME TO \"ev_%s__open\";"
		    " DROP INDEX \"ev_%s__next__klo\"; CREATE INDEX \"ev_%s__klo\" ON \"ev_%s\"(klo);",
		    n, n, n, n, n, n, n, n, n, n, n, n, n);
	} else {
		buf_addf(&b, "DELETE FROM \"ev_%s\" WHERE blk IN (SELECT blk FROM \"ev_%s__stage\" WHERE gone);"
		    " DELETE FROM \"ev_%s__data\" WHERE blk IN (SELECT blk FROM \"ev_%s__stage\" WHERE gone);"
		    " DELETE FROM \"ev_%s__open\" WHERE blk IN (SELECT blk FROM \"ev_%s__stage\" WHERE gone);"
		    " DROP TABLE \"ev_%s__stage\";", n, n, n, n, n, n, n);
	}
	rc = exec_buf(w->st, &b, "cannot publish the import", e);
	buf_release(&b);
	return rc;
}

int
store_ev_commit(struct ev_writer *w, const struct ev_counts *c, struct kp_err *e)
{
	struct store *st = w->st;
	char *sig = st_ev_signature(w->d);
	sqlite3_stmt *q = NULL;
	char at[32];
	int rc = -1;

	st_now_iso(at);
	mj_finalize(w);		/* no statement may hold a table that is dropped or renamed */
	if (ev_tx_close(w, e) < 0)
		goto out;
	if (ev_tx_open(w, e) < 0 || publish_blocks(w, e) < 0 || log_import(w, c, e) < 0)
		goto out;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO dataset_state(dataset, table_sig, records,"
	    " imported_at, imported_from) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(dataset) DO UPDATE"
	    " SET table_sig = excluded.table_sig, records = excluded.records,"
	    " imported_at = excluded.imported_at, imported_from = excluded.imported_from",
	    -1, &q, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(q, 1, w->d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, sig, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, w->records + c->added);
	sqlite3_bind_text(q, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, w->file, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto dberr;
	if (ev_tx_close(w, e) < 0)
		goto out;
	/*
	** The publish commits without a sync (synchronous = NORMAL, as the blocks did): in WAL
	** mode a commit whose sync fails is reported failed but found whole in the log when the
	** store is opened next, so "nothing was imported" could be untrue. A failed write, on
	** the other hand, leaves no commit mark. The checkpoint then syncs the log, the import
	** with it; if the disk fails there the import is in the store all the same, and SQLite
	** syncs it at its next checkpoint.
	*/
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	set_sync(st, w->sync);
	rc = 0;
	goto out;
dberr:
	st_db_err(st, e, "cannot finish the import");
out:
	sqlite3_finalize(q);
	free(sig);
	if (rc < 0)
		undo(w);
	writer_free(w);
	return rc;
}

void
store_ev_abort(struct ev_writer *w)
{
	undo(w);
	writer_free(w);
}

void
store_set_clock(struct store *st, const char *iso)
{
	snprintf(st->clock, sizeof st->clock, "%s", iso ? iso : "");
}
