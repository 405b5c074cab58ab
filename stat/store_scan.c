/*
** store_scan.c: reading raw records back (see store_events.h): whole-table scans for a full
** compute, zone-guided key-range scans for a recompute of a few periods, the partial index
** of open records, and the data-quality notes a compute leaves for the packet.
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store_events.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

/* A key range [lo, hi] read from the zones: text keys in the bufs, integer keys in i. */
struct krange {
	struct buf	 lo, hi;
	long long	 ilo, ihi;
};

struct scan {
	struct store		*st;
	const struct dataset	*d;
	const struct ds_column	**cols;	/* the columns asked for */
	size_t			 ncols;
	struct ev_value		*v;	/* one row's values */
	store_ev_row_fn		*fn;
	void			*arg;
};

static int
is_date(enum col_type t)
{
	return t == COL_DATE || t == COL_DATETIME;
}

/* Run a prepared SELECT of the scan's columns and call fn per row. */
static int
each_row(struct scan *s, sqlite3_stmt *q, struct kp_err *e)
{
	int rc, stop = 0;

	while (stop == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		/*
		** One API call per value where possible: a NULL reads as 0 (or a NULL pointer), so
		** the type is asked only then. Millions of rows go through here in a compute.
		*/
		for (size_t i = 0; i < s->ncols; i++) {
			struct ev_value *v = &s->v[i];
			int c = (int)i;

			switch (s->cols[i]->type) {
			case COL_TEXT:
				v->s = (const char *)sqlite3_column_text(q, c);
				v->null = v->s == NULL;
				v->n = v->null ? 0 : (size_t)sqlite3_column_bytes(q, c);
				break;
			case COL_NUMBER:
				v->d = sqlite3_column_double(q, c);
				v->null = v->d == 0 && sqlite3_column_type(q, c) == SQLITE_NULL;
				break;
			default:
				v->i = sqlite3_column_int64(q, c);
				v->null = v->i == 0 && sqlite3_column_type(q, c) == SQLITE_NULL;
				break;
			}
		}
		stop = s->fn(s->arg, s->v);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = st_db_err(s->st, e, "cannot read records");
	sqlite3_reset(q);
	return stop;
}

static void
select_cols(struct buf *b, const struct scan *s)
{
	buf_adds(b, "SELECT ");
	for (size_t i = 0; i < s->ncols; i++)
		buf_addf(b, "%s\"%s\"", i ? ", " : "", s->cols[i]->name);
	buf_addf(b, " FROM \"ev_%s\"", s->d->name);
}

static int
prep(struct store *st, const char *sql, sqlite3_stmt **q, struct kp_err *e)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK)
		return err_set(e, KP_SOFTWARE, st->path, "cannot prepare a records query: %s",
		    sqlite3_errmsg(st->db));
	return 0;
}

/* Every record, or (conds, open_col) filtered by SQLite: for tables without zones. */
static int
scan_table(struct scan *s, const struct ev_cond *conds, size_t nconds, const char *open_col,
    struct kp_err *e)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *q = NULL;
	int rc;

	select_cols(&b, s);
	for (size_t i = 0; i < nconds; i++)
		buf_addf(&b, "%s(\"%s\" BETWEEN %lld AND %lld)", i ? " OR " : " WHERE ",
		    conds[i].col, conds[i].lo, conds[i].hi);
	if (open_col != NULL)
		buf_addf(&b, "%s\"%s\" IS NULL", nconds ? " OR " : " WHERE ", open_col);
	rc = prep(s->st, b.s, &q, e);
	if (rc == 0)
		rc = each_row(s, q, e);
	sqlite3_finalize(q);
	buf_release(&b);
	return rc;
}

/*
** The open records of a to-column live in a partial index that holds only them and every
** column, so that reading them never visits the table. Made by the first import (or compute)
** that needs it; SQLite keeps it up to date from then on, at the cost of the open records only.
*/
int
st_ev_open_index(struct store *st, const struct dataset *d, const char *col, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_addf(&b, "CREATE INDEX IF NOT EXISTS \"ev_%s__open_%s\" ON \"ev_%s\"(\"%s\"",
	    d->name, col, d->name, col);
	for (size_t i = 0; i < d->ncols; i++)
		if (strcmp(d->cols[i].name, col) != 0)
			buf_addf(&b, ", \"%s\"", d->cols[i].name);
	buf_addf(&b, ") WHERE \"%s\" IS NULL", col);
	rc = st_exec(st, b.s, "cannot index the open records", e);
	buf_release(&b);
	return rc;
}

static int
scan_open(struct scan *s, const char *col, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *q = NULL;
	int rc;

	if ((rc = st_ev_open_index(s->st, s->d, col, e)) == 0) {
		select_cols(&b, s);
		buf_addf(&b, " INDEXED BY \"ev_%s__open_%s\" WHERE \"%s\" IS NULL", s->d->name, col,
		    col);
		if ((rc = prep(s->st, b.s, &q, e)) == 0)
			rc = each_row(s, q, e);
	}
	sqlite3_finalize(q);
	buf_release(&b);
	return rc;
}

static int
kcmp(const struct krange *a, int lo_a, const struct krange *b, int lo_b, int text)
{
	const struct buf *x = lo_a ? &a->lo : &a->hi, *y = lo_b ? &b->lo : &b->hi;
	long long xi = lo_a ? a->ilo : a->ihi, yi = lo_b ? b->ilo : b->ihi;
	int c;

	if (!text)
		return (xi > yi) - (xi < yi);
	c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* Scan the key range r (excluding open records when open_col is set: scan_open has them). */
static int
scan_range(struct scan *s, sqlite3_stmt *q, const struct krange *r, int text, struct kp_err *e)
{
	if (text) {
		sqlite3_bind_text(q, 1, r->lo.s, (int)r->lo.len, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, r->hi.s, (int)r->hi.len, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(q, 1, r->ilo);
		sqlite3_bind_int64(q, 2, r->ihi);
	}
	return each_row(s, q, e);
}

/* A month number (year * 12 + month - 1) of a date or date-time value; clamps the extremes. */
static int
month_of(enum col_type t, long long v)
{
	int y, m, d;

	if (v == LLONG_MAX)
		return INT_MAX;
	period_civil_from_days(st_ev_day(t, v), &y, &m, &d);
	return y * 12 + m - 1;
}

/* Whether a zone's month set (little-endian 32-bit, sorted) has a month in [lo, hi]. */
static int
months_meet(const unsigned char *b, size_t len, int lo, int hi)
{
	size_t n = len / 4, a = 0, z = n;

	while (a < z) {
		size_t mid = (a + z) / 2;
		const unsigned char *p = b + 4 * mid;
		int v = (int)((unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 |
		    (unsigned)p[3] << 24);

		if (v < lo)
			a = mid + 1;
		else
			z = mid;
	}
	if (a == n)
		return 0;
	b += 4 * a;
	return (int)((unsigned)b[0] | (unsigned)b[1] << 8 | (unsigned)b[2] << 16 |
	    (unsigned)b[3] << 24) <= hi;
}

/*
** The zones that may hold a condition (a month of the zone's set falls in the condition's
** months), merged into key ranges, each scanned once; then the open records.
*/
static int
scan_zones(struct scan *s, const struct ev_cond *conds, size_t nconds, const char *open_col,
    struct kp_err *e)
{
	const struct ds_column *key = catalog_column(s->d, s->d->key[0]);
	int text = key->type == COL_TEXT, rc = 0, have = 0;
	int *mlo = xcalloc(nconds + 1, sizeof *mlo), *mhi = xcalloc(nconds + 1, sizeof *mhi);
	struct krange cur, next;
	struct buf b = BUF_INIT;
	sqlite3_stmt *z = NULL, *q = NULL;

	buf_init(&cur.lo, 0);
	buf_init(&cur.hi, 0);
	buf_init(&next.lo, 0);
	buf_init(&next.hi, 0);
	buf_adds(&b, "SELECT klo, khi");
	for (size_t i = 0; i < nconds; i++) {
		enum col_type t = catalog_column(s->d, conds[i].col)->type;

		buf_addf(&b, ", \"m_%s\"", conds[i].col);
		mlo[i] = month_of(t, conds[i].lo);
		mhi[i] = month_of(t, conds[i].hi);
	}
	buf_addf(&b, " FROM \"ev_%s__zone\" ORDER BY klo", s->d->name);
	if ((rc = prep(s->st, b.s, &z, e)) < 0)
		goto out;
	buf_reset(&b);
	select_cols(&b, s);
	buf_addf(&b, " WHERE \"%s\" BETWEEN ?1 AND ?2", key->name);
	if (open_col != NULL)
		buf_addf(&b, " AND \"%s\" IS NOT NULL", open_col);
	if ((rc = prep(s->st, b.s, &q, e)) < 0)
		goto out;
	while (rc == 0 && sqlite3_step(z) == SQLITE_ROW) {
		size_t i;

		for (i = 0; i < nconds; i++)
			if (months_meet(sqlite3_column_blob(z, 2 + (int)i),
			    (size_t)sqlite3_column_bytes(z, 2 + (int)i), mlo[i], mhi[i]))
				break;
		if (i == nconds)
			continue;
		if (text) {
			buf_reset(&next.lo);
			buf_add(&next.lo, (const char *)sqlite3_column_text(z, 0),
			    (size_t)sqlite3_column_bytes(z, 0));
			buf_reset(&next.hi);
			buf_add(&next.hi, (const char *)sqlite3_column_text(z, 1),
			    (size_t)sqlite3_column_bytes(z, 1));
		} else {
			next.ilo = sqlite3_column_int64(z, 0);
			next.ihi = sqlite3_column_int64(z, 1);
		}
		if (have && kcmp(&next, 1, &cur, 0, text) <= 0) {
			/* Overlaps the range being built (zones come by klo): widen it. */
			if (kcmp(&next, 0, &cur, 0, text) > 0) {
				buf_reset(&cur.hi);
				buf_add(&cur.hi, next.hi.s, next.hi.len);
				cur.ihi = next.ihi;
			}
			continue;
		}
		if (have)
			rc = scan_range(s, q, &cur, text, e);
		buf_reset(&cur.lo);
		buf_add(&cur.lo, next.lo.s, next.lo.len);
		buf_reset(&cur.hi);
		buf_add(&cur.hi, next.hi.s, next.hi.len);
		cur.ilo = next.ilo;
		cur.ihi = next.ihi;
		have = 1;
	}
	if (rc == 0 && have)
		rc = scan_range(s, q, &cur, text, e);
	if (rc == 0 && open_col != NULL)
		rc = scan_open(s, open_col, e);
out:
	sqlite3_finalize(z);
	sqlite3_finalize(q);
	buf_release(&b);
	buf_release(&cur.lo);
	buf_release(&cur.hi);
	buf_release(&next.lo);
	buf_release(&next.hi);
	free(mlo);
	free(mhi);
	return rc;
}

int
store_ev_scan(struct store *st, const struct dataset *d, const char *const *cols, size_t ncols,
    const struct ev_cond *conds, size_t nconds, const char *open_col, store_ev_row_fn *fn,
    void *arg, struct kp_err *e)
{
	struct scan s = { st, d, NULL, ncols, NULL, fn, arg };
	char zone[80];
	int rc, zoned = d->nkey == 1;

	s.cols = xcalloc(ncols + 1, sizeof *s.cols);
	s.v = xcalloc(ncols + 1, sizeof *s.v);
	for (size_t i = 0; i < ncols; i++)
		s.cols[i] = catalog_column(d, cols[i]);
	for (size_t i = 0; i < nconds; i++) {
		const struct ds_column *c = catalog_column(d, conds[i].col);

		if (c == NULL || !is_date(c->type))
			zoned = 0;	/* zones summarise date columns only */
	}
	snprintf(zone, sizeof zone, "ev_%s__zone", d->name);
	if (zoned && st_table_exists(st, zone) != 1)
		zoned = 0;
	if (nconds == 0 && open_col == NULL)
		rc = scan_table(&s, NULL, 0, NULL, e);
	else if (zoned)
		rc = scan_zones(&s, conds, nconds, open_col, e);
	else
		rc = scan_table(&s, conds, nconds, open_col, e);
	free(s.cols);
	free(s.v);
	return rc;
}

int
store_ev_span(struct store *st, const struct dataset *d, const char *col, long long *lo,
    long long *hi, struct kp_err *e)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *q = NULL;
	char zone[80];
	int rc = 0;

	snprintf(zone, sizeof zone, "ev_%s__zone", d->name);
	/* The zones know every date column's range; a table without them is read whole. */
	if (d->nkey == 1 && st_table_exists(st, zone) == 1)
		buf_addf(&b, "SELECT min(\"lo_%s\"), max(\"hi_%s\") FROM \"%s\"", col, col, zone);
	else
		buf_addf(&b, "SELECT min(\"%s\"), max(\"%s\") FROM \"ev_%s\"", col, col, d->name);
	if (prep(st, b.s, &q, e) < 0)
		rc = -1;
	else if (sqlite3_step(q) != SQLITE_ROW)
		rc = st_db_err(st, e, "cannot read a date range");
	else if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*lo = sqlite3_column_int64(q, 0);
		*hi = sqlite3_column_int64(q, 1);
		rc = 1;
	}
	sqlite3_finalize(q);
	buf_release(&b);
	return rc;
}

int
store_ev_info(struct store *st, const struct dataset *d, struct ev_info *out, struct kp_err *e)
{
	sqlite3_stmt *q;
	char table[80], *want = st_ev_signature(d);
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(table, sizeof table, "ev_%s", d->name);
	if ((rc = st_table_exists(st, table)) < 0) {
		free(want);
		return st_db_err(st, e, "cannot look for a records table");
	}
	out->exists = rc;
	if (sqlite3_prepare_v2(st->db, "SELECT table_sig, records, imported_at FROM dataset_state"
	    " WHERE dataset = ?1", -1, &q, NULL) != SQLITE_OK) {
		free(want);
		return st_db_err(st, e, "cannot read a dataset's state");
	}
	sqlite3_bind_text(q, 1, d->name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		out->same_columns = strcmp(st_col_text(q, 0), want) == 0;
		out->records = sqlite3_column_int64(q, 1);
		if (sqlite3_column_type(q, 2) != SQLITE_NULL)
			snprintf(out->imported_at, sizeof out->imported_at, "%s", st_col_text(q, 2));
	}
	sqlite3_finalize(q);
	free(want);
	return 0;
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
	sqlite3_finalize(q);
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
	sqlite3_finalize(q);
	return stop;
}
