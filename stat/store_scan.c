/*
** store_scan.c: reading raw records back (see store_events.h): every block for a full compute,
** the blocks whose summaries can hold the asked months (or open records) for a recompute of a
** few periods, and the data-quality notes a compute leaves for the packet.
*/
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store_events.h"
#include "kpistat/xmalloc.h"
#include "store_block.h"
#include "store_int.h"

struct scan {
	struct store		*st;
	const struct dataset	*d;
	size_t			*colidx;	/* the columns asked for */
	size_t			 ncols;
	struct ev_value		*all;		/* one record's values, every column */
	struct ev_value		*v;		/* ... the ones asked for */
	const struct ev_cond	*conds;		/* each with its column index in cidx */
	size_t			*cidx;
	size_t			 nconds;
	long			 open;		/* open_col's index, or -1 */
	store_ev_row_fn		*fn;
	void			*arg;
	struct buf		 raw;		/* a block's records, unpacked */
	struct buf		 hide;		/* SQL: which blocks to leave out (see hidden) */
};

/*
** An events import writes its blocks before it publishes them (store_events.c); meanwhile they
** are listed in ev_<name>__stage with gone = 0, and every query here leaves them out. `hide`
** gets that condition ("1" when no import is under way). Called, and the scan run, inside one
** read transaction (snap_begin), so that an import that starts or publishes meanwhile is seen
** whole or not at all.
*/
static int
hidden(struct store *st, const char *name, struct buf *hide, struct kp_err *e)
{
	char t[96];
	int has;

	snprintf(t, sizeof t, "ev_%s__stage", name);
	if ((has = st_table_exists(st, t)) < 0)
		return st_db_err(st, e, "cannot read records");
	buf_reset(hide);
	if (has)
		buf_addf(hide, "blk NOT IN (SELECT blk FROM \"%s\" WHERE NOT gone)", t);
	else
		buf_adds(hide, "1");
	return 0;
}

/* A read transaction, unless one is open already: 1 when this call began it. */
static int
snap_begin(struct store *st)
{
	return sqlite3_get_autocommit(st->db) &&
	    sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
snap_end(struct store *st, int began)
{
	if (began)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

static int
is_date(enum col_type t)
{
	return t == COL_DATE || t == COL_DATETIME;
}

/* Whether a record is one the scan asks for (every record when it asks for none in particular). */
static int
wanted(const struct scan *s)
{
	if (s->nconds == 0 && s->open < 0)
		return 1;
	if (s->open >= 0 && s->all[s->open].null)
		return 1;
	for (size_t i = 0; i < s->nconds; i++) {
		const struct ev_value *x = &s->all[s->cidx[i]];

		if (!x->null && x->i >= s->conds[i].lo && x->i <= s->conds[i].hi)
			return 1;
	}
	return 0;
}

/* Call fn for the wanted records of one block's data. */
static int
each_record(struct scan *s, const unsigned char *p, size_t n, struct kp_err *e)
{
	const unsigned char *end = p + n, *row;
	long long batch;
	size_t len;
	int stop = 0;

	while (stop == 0 && p < end) {
		if (blk_rec_next(&p, end, &batch, &row, &len) < 0 ||
		    blk_row_read(s->d, row, len, s->all) < 0)
			return err_set(e, KP_SOFTWARE, s->st->path, "stored records of dataset '%s' "
			    "are damaged", s->d->name);
		if (!wanted(s))
			continue;
		for (size_t i = 0; i < s->ncols; i++)
			s->v[i] = s->all[s->colidx[i]];
		stop = s->fn(s->arg, s->v);
	}
	return stop;
}

/* Call fn for the wanted records of one stored (packed) block. */
static int
each_block(struct scan *s, const void *blob, size_t n, struct kp_err *e)
{
	if (blk_unpack(blob, n, &s->raw) < 0)
		return err_set(e, KP_SOFTWARE, s->st->path, "stored records of dataset '%s' are "
		    "damaged", s->d->name);
	return each_record(s, (const unsigned char *)s->raw.s, s->raw.len, e);
}

/* Every block. */
static int
scan_all(struct scan *s, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *q = NULL;
	int rc, stop = 0;

	buf_addf(&b, "SELECT data FROM \"ev_%s__data\" WHERE %s", s->d->name, s->hide.s);
	if ((q = st_prep(s->st, b.s, e)) != NULL) {
		while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW)
			stop = each_block(s, sqlite3_column_blob(q, 0),
			    (size_t)sqlite3_column_bytes(q, 0), e);
		if (stop == 0 && rc != SQLITE_DONE)
			stop = st_db_err(s->st, e, "cannot read records");
	} else {
		stop = -1;
	}
	st_done(s->st, q);
	buf_release(&b);
	return stop;
}

static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Call fn for the records of the blocks given, one statement step per block. */
static int
read_block(struct scan *s, sqlite3_stmt *q, long long blk, struct kp_err *e)
{
	int stop;

	sqlite3_bind_int64(q, 1, blk);
	if (sqlite3_step(q) != SQLITE_ROW)
		stop = st_db_err(s->st, e, "cannot read records");
	else
		stop = each_block(s, sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0),
		    e);
	sqlite3_reset(q);
	return stop;
}

/*
** The blocks whose summaries can hold a condition (a month of the block's set falls in the
** condition's months), read whole; then, for open_col, the copies of the open records of every
** other block (ev_<name>__open). Records that meet nothing asked for are skipped.
*/
static int
scan_some(struct scan *s, struct kp_err *e)
{
	int *mlo = xcalloc(s->nconds + 1, sizeof *mlo), *mhi = xcalloc(s->nconds + 1, sizeof *mhi);
	long long *full = NULL;
	size_t nfull = 0, cap = 0;
	struct buf b = BUF_INIT;
	sqlite3_stmt *z = NULL, *q = NULL;
	int rc = SQLITE_DONE, stop = 0;

	buf_adds(&b, "SELECT blk");
	for (size_t i = 0; i < s->nconds; i++) {
		enum col_type t = s->d->cols[s->cidx[i]].type;

		buf_addf(&b, ", \"m_%s\"", s->conds[i].col);
		mlo[i] = blk_month_of(t, s->conds[i].lo);
		mhi[i] = blk_month_of(t, s->conds[i].hi);
	}
	buf_addf(&b, " FROM \"ev_%s\" WHERE %s ORDER BY klo", s->d->name, s->hide.s);
	if ((z = st_prep(s->st, b.s, e)) == NULL) {
		stop = -1;
		goto out;
	}
	buf_reset(&b);
	buf_addf(&b, "SELECT data FROM \"ev_%s__data\" WHERE blk = ?1", s->d->name);
	if ((q = st_prep(s->st, b.s, e)) == NULL) {
		stop = -1;
		goto out;
	}
	while (s->nconds > 0 && stop == 0 && (rc = sqlite3_step(z)) == SQLITE_ROW) {
		int hit = 0;

		for (size_t i = 0; !hit && i < s->nconds; i++)
			hit = blk_months_meet(sqlite3_column_blob(z, 1 + (int)i),
			    (size_t)sqlite3_column_bytes(z, 1 + (int)i), mlo[i], mhi[i]);
		if (!hit)
			continue;
		full = xgrow(full, &cap, nfull + 1, sizeof *full);
		full[nfull++] = sqlite3_column_int64(z, 0);
		stop = read_block(s, q, full[nfull - 1], e);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = st_db_err(s->st, e, "cannot read records");
	if (stop != 0 || s->open < 0)
		goto out;
	if (nfull > 0)
		qsort(full, nfull, sizeof *full, cmp_id);
	st_done(s->st, z);
	buf_reset(&b);
	buf_addf(&b, "SELECT blk, data FROM \"ev_%s__open\" WHERE col = ?1 AND %s", s->d->name,
	    s->hide.s);
	if ((z = st_prep(s->st, b.s, e)) == NULL) {
		stop = -1;
		goto out;
	}
	sqlite3_bind_text(z, 1, s->d->cols[s->open].name, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = sqlite3_step(z)) == SQLITE_ROW) {
		long long blk = sqlite3_column_int64(z, 0);

		if (nfull == 0 || bsearch(&blk, full, nfull, sizeof *full, cmp_id) == NULL)
			stop = each_record(s, sqlite3_column_blob(z, 1),
			    (size_t)sqlite3_column_bytes(z, 1), e);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = st_db_err(s->st, e, "cannot read open records");
out:
	st_done(s->st, z);
	st_done(s->st, q);
	buf_release(&b);
	free(full);
	free(mlo);
	free(mhi);
	return stop;
}

static long
col_index(const struct dataset *d, const char *name)
{
	for (size_t i = 0; i < d->ncols; i++)
		if (strcmp(d->cols[i].name, name) == 0)
			return (long)i;
	return -1;
}

int
store_ev_scan(struct store *st, const struct dataset *d, const char *const *cols, size_t ncols,
    const struct ev_cond *conds, size_t nconds, const char *open_col, store_ev_row_fn *fn,
    void *arg, struct kp_err *e)
{
	struct scan s;
	int rc, snap, some = nconds > 0 || open_col != NULL;

	memset(&s, 0, sizeof s);
	s.st = st;
	s.d = d;
	s.ncols = ncols;
	s.conds = conds;
	s.nconds = nconds;
	s.fn = fn;
	s.arg = arg;
	s.open = open_col != NULL ? col_index(d, open_col) : -1;
	s.colidx = xcalloc(ncols + 1, sizeof *s.colidx);
	s.cidx = xcalloc(nconds + 1, sizeof *s.cidx);
	s.all = xcalloc(d->ncols + 1, sizeof *s.all);
	s.v = xcalloc(ncols + 1, sizeof *s.v);
	buf_init(&s.raw, 0);
	buf_init(&s.hide, 0);
	snap = snap_begin(st);
	rc = hidden(st, d->name, &s.hide, e);
	for (size_t i = 0; i < ncols; i++) {
		long k = col_index(d, cols[i]);

		if (k < 0)
			rc = err_set(e, KP_SOFTWARE, NULL, "dataset '%s' has no column '%s'",
			    d->name, cols[i]);
		s.colidx[i] = (size_t)(k < 0 ? 0 : k);
	}
	for (size_t i = 0; i < nconds; i++) {
		long k = col_index(d, conds[i].col);

		/* Block summaries know date columns only; a condition on another reads all. */
		if (k < 0 || !is_date(d->cols[k].type))
			some = 0;
		s.cidx[i] = (size_t)(k < 0 ? 0 : k);
		if (k < 0)
			rc = err_set(e, KP_SOFTWARE, NULL, "dataset '%s' has no column '%s'",
			    d->name, conds[i].col);
	}
	if (open_col != NULL && (s.open < 0 || !is_date(d->cols[s.open].type)))
		some = 0;
	if (rc == 0)
		rc = some ? scan_some(&s, e) : scan_all(&s, e);
	free(s.colidx);
	free(s.cidx);
	free(s.all);
	free(s.v);
	buf_release(&s.raw);
	buf_release(&s.hide);
	snap_end(st, snap);
	return rc;
}

/* Note the least and greatest value of the column: a fallback for columns without summaries. */
struct span_acc {
	int		 has;
	long long	 lo, hi;
};

static int
span_add(void *arg, const struct ev_value *v)
{
	struct span_acc *a = arg;

	if (v[0].null)
		return 0;
	if (!a->has || v[0].i < a->lo)
		a->lo = v[0].i;
	if (!a->has || v[0].i > a->hi)
		a->hi = v[0].i;
	a->has = 1;
	return 0;
}

int
store_ev_span(struct store *st, const struct dataset *d, const char *col, long long *lo,
    long long *hi, struct kp_err *e)
{
	struct buf b = BUF_INIT, hide = BUF_INIT;
	sqlite3_stmt *q = NULL;
	long k = col_index(d, col);
	int rc = 0, snap;

	if (k < 0 || !is_date(d->cols[k].type)) {
		struct span_acc a = { 0, 0, 0 };

		if (store_ev_scan(st, d, &col, 1, NULL, 0, NULL, span_add, &a, e) < 0)
			return -1;
		*lo = a.lo;
		*hi = a.hi;
		return a.has;
	}
	snap = snap_begin(st);
	if (hidden(st, d->name, &hide, e) < 0) {
		snap_end(st, snap);
		return -1;
	}
	buf_addf(&b, "SELECT min(\"lo_%s\"), max(\"hi_%s\") FROM \"ev_%s\" WHERE %s", col, col,
	    d->name, hide.s);
	if ((q = st_prep(st, b.s, e)) == NULL)
		rc = -1;
	else if (sqlite3_step(q) != SQLITE_ROW)
		rc = st_db_err(st, e, "cannot read a date range");
	else if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*lo = sqlite3_column_int64(q, 0);
		*hi = sqlite3_column_int64(q, 1);
		rc = 1;
	}
	st_done(st, q);
	snap_end(st, snap);
	buf_release(&b);
	buf_release(&hide);
	return rc;
}

int
store_ev_info(struct store *st, const struct dataset *d, struct ev_info *out, struct kp_err *e)
{
	sqlite3_stmt *q;
	char table[80], *want = st_ev_signature(d);
	int rc, snap;

	memset(out, 0, sizeof *out);
	snprintf(table, sizeof table, "ev_%s", d->name);
	snap = snap_begin(st);	/* an import's publish renames the table and sets the state */
	if ((rc = st_table_exists(st, table)) < 0) {
		rc = st_db_err(st, e, "cannot look for a records table");
		snap_end(st, snap);
		free(want);
		return rc;
	}
	out->exists = rc;
	if (sqlite3_prepare_v2(st->db, "SELECT table_sig, records, imported_at FROM dataset_state"
	    " WHERE dataset = ?1", -1, &q, NULL) != SQLITE_OK) {
		rc = st_db_err(st, e, "cannot read a dataset's state");
		snap_end(st, snap);
		free(want);
		return rc;
	}
	sqlite3_bind_text(q, 1, d->name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->same_columns = strcmp(st_col_text(q, 0), want) == 0;
		out->records = sqlite3_column_int64(q, 1);
		if (sqlite3_column_type(q, 2) != SQLITE_NULL)
			snprintf(out->imported_at, sizeof out->imported_at, "%s", st_col_text(q, 2));
	}
	/* A failed read is not "never imported" (out of memory, the disk). */
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_db_err(st, e,
	    "cannot read a dataset's state");
	st_done(st, q);
	snap_end(st, snap);
	free(want);
	return rc;
}

int
store_note_set(struct store *st, const char *metric, const struct period *p, const char *what,
    long count, struct kp_err *e)
{
	sqlite3_stmt *q;
	char per[PERIOD_STRLEN];
	const char *sql = count > 0 ?
	    "INSERT INTO compute_note(metric, period, pkey, what, count)"
	    " SELECT id, ?2, ?3, ?4, ?5 FROM metric WHERE code = ?1"
	    " ON CONFLICT(metric, period, what) DO UPDATE SET count = excluded.count" :
	    "DELETE FROM compute_note WHERE metric = (SELECT id FROM metric WHERE code = ?1)"
	    " AND period = ?2 AND what = ?4 AND ?3 IS NOT NULL AND ?5 IS NOT NULL";
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return st_db_err(st, e, "cannot prepare a data note");
	sqlite3_bind_text(q, 1, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, period_format(p, per), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, period_key(p));
	sqlite3_bind_text(q, 4, what, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, count);
	rc = sqlite3_step(q);
	st_done(st, q);
	return rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot store a data note");
}

int
store_notes(struct store *st, const char *metric, const char *period, store_note_fn *fn,
    void *arg, struct kp_err *e)
{
	sqlite3_stmt *q;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT m.code, n.period, n.what, n.count"
	    " FROM compute_note n JOIN metric m ON m.id = n.metric"
	    " WHERE (?1 IS NULL OR m.code = ?1) AND (?2 IS NULL OR n.period = ?2)"
	    " ORDER BY m.code, n.pkey, n.what", -1, &q, NULL) != SQLITE_OK)
		return st_db_err(st, e, "cannot read data notes");
	if (metric != NULL)
		sqlite3_bind_text(q, 1, metric, -1, SQLITE_STATIC);
	if (period != NULL)
		sqlite3_bind_text(q, 2, period, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW)
		stop = fn(arg, st_col_text(q, 0), st_col_text(q, 1), st_col_text(q, 2),
		    (long)sqlite3_column_int64(q, 3));
	if (stop == 0 && rc != SQLITE_DONE)
		stop = st_db_err(st, e, "cannot read data notes");
	st_done(st, q);
	return stop;
}
