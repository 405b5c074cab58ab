/*
** store_zone.c: the zone summaries of a records table (see store_events.h), kept while an
** import writes: for a run of up to 1,024 records written in key order, their key range, and
** for every date column the least and greatest value and the set of months present.
**
** Why months and not only a range: one case closed years after it was opened would stretch
** its zone's range over every later month, while the set still says exactly which months the
** zone holds. Why updates join the zone that covers their key: a stored record updated by a
** later import (a permit decided, a case closed) would otherwise start a zone whose key range
** spans the whole table; widening the covering zone's months keeps every zone narrow.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store_events.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

#define ZONE_ROWS	1024	/* records summarised by one zone */
#define ZONE_MIN	64	/* a key out of order starts a new zone only past this many */

/* The months (year * 12 + month - 1) a date column's values fall in: sorted, distinct. */
struct mset {
	int		*v;
	size_t		 n, cap;
	long		 last_day;	/* the last value's day and month: records come in runs */
	int		 last_m;
};

/* What is known of one zone's date columns. */
struct dates {
	long long	*lo, *hi;	/* per date column */
	int		*has;		/* per date column: any value seen */
	struct mset	*ms;		/* per date column */
};

/* A stored zone that updated records widen, by id, in an open-addressing table. */
struct pend {
	long long	 id;		/* 0: empty slot */
	struct dates	 dt;
};

struct zones {
	struct store		*st;
	const struct dataset	*d;
	int			 keytext;	/* the key column is text */
	int			 keycol;	/* its index */
	size_t			 ndates;
	int			*dateidx;	/* column index of each date column */
	sqlite3_stmt		*ins, *find, *get, *put;
	/* The zone being filled. */
	long			 n;
	struct buf		 klo, khi;
	long long		 ilo, ihi;
	struct dates		 cur;
	struct buf		 prev;		/* the last key added */
	long long		 previ;
	struct pend		*pend;
	size_t			 npend, cap;
	struct buf		 blob;
};

static int
is_date(enum col_type t)
{
	return t == COL_DATE || t == COL_DATETIME;
}

static void
dates_init(struct dates *dt, size_t n)
{
	dt->lo = xcalloc(n + 1, sizeof *dt->lo);
	dt->hi = xcalloc(n + 1, sizeof *dt->hi);
	dt->has = xcalloc(n + 1, sizeof *dt->has);
	dt->ms = xcalloc(n + 1, sizeof *dt->ms);
}

static void
dates_free(struct dates *dt, size_t n)
{
	for (size_t i = 0; dt->ms != NULL && i < n; i++)
		free(dt->ms[i].v);
	free(dt->lo);
	free(dt->hi);
	free(dt->has);
	free(dt->ms);
}

static void
mset_put(struct mset *m, int v)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->v[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->n && m->v[lo] == v)
		return;
	m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof *m->v);
	memmove(m->v + lo + 1, m->v + lo, (m->n - lo) * sizeof *m->v);
	m->v[lo] = v;
	m->n++;
}

/* Add the month of day `day` to m (first: m holds nothing yet). */
static void
mset_add(struct mset *m, long day, int first)
{
	int y, mo, d, v;

	if (!first && day == m->last_day)
		return;
	period_civil_from_days(day, &y, &mo, &d);
	v = y * 12 + mo - 1;
	m->last_day = day;
	if (!first && v == m->last_m)
		return;
	m->last_m = v;
	mset_put(m, v);
}

/* Note a record's date values in dt. */
static void
dates_add(struct zones *z, struct dates *dt, const struct ev_value *v)
{
	for (size_t i = 0; i < z->ndates; i++) {
		const struct ev_value *x = &v[z->dateidx[i]];

		if (x->null)
			continue;
		if (!dt->has[i] || x->i < dt->lo[i])
			dt->lo[i] = x->i;
		if (!dt->has[i] || x->i > dt->hi[i])
			dt->hi[i] = x->i;
		mset_add(&dt->ms[i], st_ev_day(z->d->cols[z->dateidx[i]].type, x->i), !dt->has[i]);
		dt->has[i] = 1;
	}
}

static void
blob_of(struct zones *z, const struct mset *m)
{
	buf_reset(&z->blob);
	for (size_t k = 0; k < m->n; k++) {
		unsigned u = (unsigned)m->v[k];

		for (int b = 0; b < 4; b++)
			buf_addch(&z->blob, (int)((u >> (8 * b)) & 0xff));
	}
}

/* Bind dt's columns as lo, hi, months triples from parameter p on. */
static void
bind_dates(struct zones *z, sqlite3_stmt *q, int p, const struct dates *dt)
{
	for (size_t i = 0; i < z->ndates; i++, p += 3) {
		if (!dt->has[i]) {
			sqlite3_bind_null(q, p);
			sqlite3_bind_null(q, p + 1);
			sqlite3_bind_null(q, p + 2);
			continue;
		}
		sqlite3_bind_int64(q, p, dt->lo[i]);
		sqlite3_bind_int64(q, p + 1, dt->hi[i]);
		blob_of(z, &dt->ms[i]);
		sqlite3_bind_blob(q, p + 2, z->blob.s, (int)z->blob.len, SQLITE_TRANSIENT);
	}
}

int
st_zones_create(struct store *st, const struct dataset *d, struct kp_err *e)
{
	const struct ds_column *k = catalog_column(d, d->key[0]);
	const char *t = k->type == COL_TEXT ? "TEXT" : "INTEGER";
	struct buf b = BUF_INIT;
	int rc;

	buf_addf(&b, "CREATE TABLE \"ev_%s__zone\"(id INTEGER PRIMARY KEY, n INTEGER NOT NULL,"
	    " klo %s, khi %s", d->name, t, t);
	for (size_t i = 0; i < d->ncols; i++)
		if (is_date(d->cols[i].type))
			buf_addf(&b, ", \"lo_%s\" INTEGER, \"hi_%s\" INTEGER, \"m_%s\" BLOB",
			    d->cols[i].name, d->cols[i].name, d->cols[i].name);
	buf_addf(&b, ") STRICT; CREATE INDEX \"ev_%s__zone_klo\" ON \"ev_%s__zone\"(klo);",
	    d->name, d->name);
	rc = st_exec(st, b.s, "cannot make the records' zone table", e);
	buf_release(&b);
	return rc;
}

static int
prep(struct zones *z, struct buf *sql, sqlite3_stmt **q, struct kp_err *e)
{
	int rc = sqlite3_prepare_v2(z->st->db, sql->s, -1, q, NULL);

	buf_reset(sql);
	if (rc != SQLITE_OK)
		return err_set(e, KP_SOFTWARE, NULL, "cannot prepare a zone statement: %s",
		    sqlite3_errmsg(z->st->db));
	return 0;
}

struct zones *
st_zones_new(struct store *st, const struct dataset *d, struct kp_err *e)
{
	struct zones *z = xcalloc(1, sizeof *z);
	struct buf b = BUF_INIT;
	const char *name = d->name;

	z->st = st;
	z->d = d;
	for (size_t i = 0; i < d->ncols; i++)
		if (strcmp(d->cols[i].name, d->key[0]) == 0)
			z->keycol = (int)i;
	z->keytext = d->cols[z->keycol].type == COL_TEXT;
	z->dateidx = xcalloc(d->ncols + 1, sizeof *z->dateidx);
	for (size_t i = 0; i < d->ncols; i++)
		if (is_date(d->cols[i].type))
			z->dateidx[z->ndates++] = (int)i;
	dates_init(&z->cur, z->ndates);
	buf_init(&z->klo, 0);
	buf_init(&z->khi, 0);
	buf_init(&z->prev, 0);
	buf_init(&z->blob, 0);
	buf_addf(&b, "INSERT INTO \"ev_%s__zone\"(n, klo, khi", name);
	for (size_t i = 0; i < z->ndates; i++)
		buf_addf(&b, ", \"lo_%s\", \"hi_%s\", \"m_%s\"", d->cols[z->dateidx[i]].name,
		    d->cols[z->dateidx[i]].name, d->cols[z->dateidx[i]].name);
	buf_adds(&b, ") VALUES (?, ?, ?");
	for (size_t i = 0; i < z->ndates; i++)
		buf_adds(&b, ", ?, ?, ?");
	buf_adds(&b, ")");
	if (prep(z, &b, &z->ins, e) < 0)
		goto fail;
	buf_addf(&b, "SELECT id FROM \"ev_%s__zone\" WHERE klo <= ?1 AND khi >= ?1"
	    " ORDER BY klo DESC LIMIT 1", name);
	if (prep(z, &b, &z->find, e) < 0)
		goto fail;
	buf_adds(&b, "SELECT 0");
	for (size_t i = 0; i < z->ndates; i++)
		buf_addf(&b, ", \"lo_%s\", \"hi_%s\", \"m_%s\"", d->cols[z->dateidx[i]].name,
		    d->cols[z->dateidx[i]].name, d->cols[z->dateidx[i]].name);
	buf_addf(&b, " FROM \"ev_%s__zone\" WHERE id = ?1", name);
	if (prep(z, &b, &z->get, e) < 0)
		goto fail;
	buf_addf(&b, "UPDATE \"ev_%s__zone\" SET n = n", name);
	for (size_t i = 0; i < z->ndates; i++)
		buf_addf(&b, ", \"lo_%s\" = ?%zu, \"hi_%s\" = ?%zu, \"m_%s\" = ?%zu",
		    d->cols[z->dateidx[i]].name, 3 * i + 2, d->cols[z->dateidx[i]].name, 3 * i + 3,
		    d->cols[z->dateidx[i]].name, 3 * i + 4);
	buf_adds(&b, " WHERE id = ?1");
	if (prep(z, &b, &z->put, e) < 0)
		goto fail;
	buf_release(&b);
	return z;
fail:
	buf_release(&b);
	st_zones_free(z);
	return NULL;
}

void
st_zones_free(struct zones *z)
{
	if (z == NULL)
		return;
	sqlite3_finalize(z->ins);
	sqlite3_finalize(z->find);
	sqlite3_finalize(z->get);
	sqlite3_finalize(z->put);
	dates_free(&z->cur, z->ndates);
	for (size_t i = 0; i < z->cap; i++)
		if (z->pend[i].id != 0)
			dates_free(&z->pend[i].dt, z->ndates);
	free(z->pend);
	free(z->dateidx);
	buf_release(&z->klo);
	buf_release(&z->khi);
	buf_release(&z->prev);
	buf_release(&z->blob);
	free(z);
}

/* Write the zone being filled and empty it. */
static int
flush_current(struct zones *z, struct kp_err *e)
{
	sqlite3_stmt *q = z->ins;
	int rc;

	if (z->n == 0)
		return 0;
	sqlite3_bind_int64(q, 1, z->n);
	if (z->keytext) {
		sqlite3_bind_text(q, 2, z->klo.s, (int)z->klo.len, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, z->khi.s, (int)z->khi.len, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(q, 2, z->ilo);
		sqlite3_bind_int64(q, 3, z->ihi);
	}
	bind_dates(z, q, 4, &z->cur);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	z->n = 0;
	return rc == SQLITE_DONE ? 0 : st_db_err(z->st, e, "cannot store a zone summary");
}

/* SQLite's BINARY order of two texts: memcmp, then the shorter first. */
static int
textcmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	return c != 0 ? c : (na > nb) - (na < nb);
}

int
st_zones_added(struct zones *z, const struct ev_value *v, struct kp_err *e)
{
	const struct ev_value *k = &v[z->keycol];
	int back;

	back = z->keytext ? textcmp(k->s, k->n, z->prev.s, z->prev.len) < 0 : k->i < z->previ;
	if (z->n >= ZONE_ROWS || (back && z->n >= ZONE_MIN))
		if (flush_current(z, e) < 0)
			return -1;
	if (z->keytext) {
		buf_reset(&z->prev);
		buf_add(&z->prev, k->s, k->n);
		if (z->n == 0 || textcmp(k->s, k->n, z->klo.s, z->klo.len) < 0) {
			buf_reset(&z->klo);
			buf_add(&z->klo, k->s, k->n);
		}
		if (z->n == 0 || textcmp(k->s, k->n, z->khi.s, z->khi.len) > 0) {
			buf_reset(&z->khi);
			buf_add(&z->khi, k->s, k->n);
		}
	} else {
		z->previ = k->i;
		if (z->n == 0 || k->i < z->ilo)
			z->ilo = k->i;
		if (z->n == 0 || k->i > z->ihi)
			z->ihi = k->i;
	}
	if (z->n == 0)
		for (size_t i = 0; i < z->ndates; i++) {
			z->cur.has[i] = 0;
			z->cur.ms[i].n = 0;
		}
	dates_add(z, &z->cur, v);
	z->n++;
	return 0;
}

/* The pending widening of stored zone `id`, made on first use. */
static struct pend *
pending(struct zones *z, long long id)
{
	size_t h;

	if (z->npend * 2 >= z->cap) {
		struct pend *old = z->pend;
		size_t oldcap = z->cap;

		z->cap = z->cap ? z->cap * 2 : 64;
		z->pend = xcalloc(z->cap, sizeof *z->pend);
		for (size_t i = 0; i < oldcap; i++) {
			if (old[i].id == 0)
				continue;
			h = (size_t)old[i].id & (z->cap - 1);
			while (z->pend[h].id != 0)
				h = (h + 1) & (z->cap - 1);
			z->pend[h] = old[i];
		}
		free(old);
	}
	h = (size_t)id & (z->cap - 1);
	while (z->pend[h].id != 0 && z->pend[h].id != id)
		h = (h + 1) & (z->cap - 1);
	if (z->pend[h].id == 0) {
		z->pend[h].id = id;
		dates_init(&z->pend[h].dt, z->ndates);
		z->npend++;
	}
	return &z->pend[h];
}

int
st_zones_updated(struct zones *z, const struct ev_value *v, struct kp_err *e)
{
	const struct ev_value *k = &v[z->keycol];
	long long id = 0;
	int rc;

	/* Inside the zone being filled: it takes the dates, and its key range holds already. */
	if (z->n > 0 && (z->keytext ? textcmp(k->s, k->n, z->klo.s, z->klo.len) >= 0 &&
	    textcmp(k->s, k->n, z->khi.s, z->khi.len) <= 0 : k->i >= z->ilo && k->i <= z->ihi)) {
		dates_add(z, &z->cur, v);
		return 0;
	}
	if (z->keytext)
		sqlite3_bind_text(z->find, 1, k->s, (int)k->n, SQLITE_STATIC);
	else
		sqlite3_bind_int64(z->find, 1, k->i);
	rc = sqlite3_step(z->find);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(z->find, 0);
	sqlite3_reset(z->find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_db_err(z->st, e, "cannot find a record's zone");
	if (id == 0)
		return st_zones_added(z, v, e);	/* no zone holds the key (cannot happen) */
	dates_add(z, &pending(z, id)->dt, v);
	return 0;
}

/* Merge a stored zone's dates (row of z->get from column c) into dt. */
static void
merge_stored(struct zones *z, struct dates *dt)
{
	for (size_t i = 0; i < z->ndates; i++) {
		int c = 1 + 3 * (int)i;
		const unsigned char *b = sqlite3_column_blob(z->get, c + 2);
		size_t n = (size_t)sqlite3_column_bytes(z->get, c + 2) / 4;

		if (sqlite3_column_type(z->get, c) == SQLITE_NULL)
			continue;
		if (!dt->has[i] || sqlite3_column_int64(z->get, c) < dt->lo[i])
			dt->lo[i] = sqlite3_column_int64(z->get, c);
		if (!dt->has[i] || sqlite3_column_int64(z->get, c + 1) > dt->hi[i])
			dt->hi[i] = sqlite3_column_int64(z->get, c + 1);
		dt->has[i] = 1;
		for (size_t k = 0; k < n; k++, b += 4)
			mset_put(&dt->ms[i], (int)((unsigned)b[0] | (unsigned)b[1] << 8 |
			    (unsigned)b[2] << 16 | (unsigned)b[3] << 24));
	}
}

int
st_zones_flush(struct zones *z, struct kp_err *e)
{
	if (flush_current(z, e) < 0)
		return -1;
	for (size_t i = 0; i < z->cap; i++) {
		struct pend *p = &z->pend[i];
		int rc;

		if (p->id == 0)
			continue;
		sqlite3_bind_int64(z->get, 1, p->id);
		rc = sqlite3_step(z->get);
		if (rc == SQLITE_ROW)
			merge_stored(z, &p->dt);
		sqlite3_reset(z->get);
		if (rc != SQLITE_ROW)
			return st_db_err(z->st, e, "cannot read a zone summary");
		sqlite3_bind_int64(z->put, 1, p->id);
		bind_dates(z, z->put, 2, &p->dt);
		rc = sqlite3_step(z->put);
		sqlite3_reset(z->put);
		if (rc != SQLITE_DONE)
			return st_db_err(z->st, e, "cannot widen a zone summary");
	}
	return 0;
}
