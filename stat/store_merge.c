/*
** store_merge.c: merging records, given in rising key order, into a dataset's stored blocks
** (see store_events.h, store_block.h). One pass: the stored blocks are walked by key range; a
** block whose range a record falls in is read, merged with the records of its range and
** written again (split when it grows past BLK_MAX); records between blocks become new blocks
** of BLK_ROWS. Blocks no record falls in are not touched, so appending new records costs only
** their own blocks, and re-importing the last months of an export costs only those months.
**
** A short run of new records between two blocks joins the next block (or, at the end, the
** last one) rather than making a small block of its own: daily imports of a few hundred new
** records would otherwise leave the table in thousands of small blocks.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/xmalloc.h"
#include "store_ev_int.h"

#define GAP_JOIN	(BLK_ROWS / 4)	/* new records fewer than this join a neighbour block */

void
recs_init(struct recs *rs)
{
	memset(rs, 0, sizeof *rs);
	buf_init(&rs->a, 0);
}

void
recs_reset(struct recs *rs)
{
	rs->n = 0;
	buf_reset(&rs->a);
}

void
recs_release(struct recs *rs)
{
	free(rs->r);
	buf_release(&rs->a);
	memset(rs, 0, sizeof *rs);
}

void
recs_add(struct recs *rs, const void *key, size_t klen, const void *row, size_t rlen,
    const void *note, size_t nlen, long long batch, long long tag)
{
	struct rec *x;

	rs->r = xgrow(rs->r, &rs->cap, rs->n + 1, sizeof *rs->r);
	x = &rs->r[rs->n++];
	x->koff = (uint32_t)rs->a.len;
	x->klen = (uint32_t)klen;
	buf_add(&rs->a, key, klen);
	x->roff = (uint32_t)rs->a.len;
	x->rlen = (uint32_t)rlen;
	buf_add(&rs->a, row, rlen);
	x->noff = (uint32_t)rs->a.len;
	x->nlen = (uint32_t)nlen;
	if (nlen > 0)
		buf_add(&rs->a, note, nlen);
	x->batch = batch;
	x->tag = tag;
}

/* Prepare the statement in sql, which is then emptied for the next one. */
static sqlite3_stmt *
prep(struct ev_writer *w, struct buf *sql, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(w->st, sql->s, e);

	buf_reset(sql);
	return q;
}

int
mj_prepare(struct ev_writer *w, struct kp_err *e)
{
	const struct dataset *d = w->d;
	struct buf b = BUF_INIT, mine = BUF_INIT;
	int rc = -1;

	blk_sum_init(&w->sum, d);
	recs_init(&w->L);
	recs_init(&w->O);
	recs_init(&w->G);
	buf_init(&w->bkeys, 0);
	buf_init(&w->blob, 0);
	buf_init(&w->mblob, 0);
	buf_init(&w->zblob, 0);
	buf_init(&w->lkey, 0);
	w->vals = xcalloc(d->ncols + 1, sizeof *w->vals);
	w->oblob = xcalloc(w->sum.ndates + 1, sizeof *w->oblob);
	for (size_t i = 0; i < w->sum.ndates; i++)
		buf_init(&w->oblob[i], 0);
	buf_addf(&b, "INSERT INTO \"%s\"(klo, khi, n", w->table);
	for (size_t i = 0; i < w->sum.ndates; i++) {
		const char *c = d->cols[w->sum.dateidx[i]].name;

		buf_addf(&b, ", \"lo_%s\", \"hi_%s\", \"m_%s\", \"null_%s\"", c, c, c, c);
	}
	buf_adds(&b, ") VALUES (?, ?, ?");
	for (size_t i = 0; i < w->sum.ndates; i++)
		buf_adds(&b, ", ?, ?, ?, ?");
	buf_adds(&b, ")");
	if ((w->ins = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "INSERT INTO \"%s__data\"(blk, data) VALUES (?1, ?2)", w->table);
	if ((w->dins = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "DELETE FROM \"%s__data\" WHERE blk = ?1", w->table);
	if ((w->ddel = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "INSERT INTO \"%s__open\"(blk, col, data) VALUES (?1, ?2, ?3)", w->table);
	if ((w->oins = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "DELETE FROM \"%s__open\" WHERE blk = ?1", w->table);
	if ((w->odel = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "SELECT data FROM \"%s__data\" WHERE blk = ?1", w->table);
	if ((w->get = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "DELETE FROM \"%s\" WHERE blk = ?1", w->table);
	if ((w->del = prep(w, &b, e)) == NULL)
		goto out;
	/* The blocks as this import sees them: without those it has rewritten already. */
	buf_adds(&mine, "");
	if (!w->fresh)
		buf_addf(&mine, " WHERE blk NOT IN (SELECT blk FROM \"%s__stage\" WHERE gone)",
		    w->table);
	buf_addf(&b, "SELECT blk, klo, khi FROM \"%s\"%s ORDER BY klo", w->table, mine.s);
	if ((w->list = prep(w, &b, e)) == NULL)
		goto out;
	buf_addf(&b, "SELECT blk, n FROM \"%s\"%s ORDER BY klo DESC LIMIT 1", w->table, mine.s);
	if ((w->last = prep(w, &b, e)) == NULL)
		goto out;
	if (!w->fresh) {
		buf_addf(&b, "INSERT INTO \"%s__stage\"(blk, gone) VALUES (?1, ?2)", w->table);
		if ((w->smark = prep(w, &b, e)) == NULL)
			goto out;
		buf_addf(&b, "DELETE FROM \"%s__stage\" WHERE blk = ?1", w->table);
		if ((w->sdel = prep(w, &b, e)) == NULL)
			goto out;
	}
	rc = 0;
out:
	buf_release(&mine);
	buf_release(&b);
	return rc;
}

void
mj_finalize(struct ev_writer *w)
{
	sqlite3_stmt **all[] = { &w->ins, &w->dins, &w->get, &w->del, &w->ddel, &w->list,
	    &w->last, &w->oins, &w->odel, &w->smark, &w->sdel };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		st_done(w->st, *all[i]);
		*all[i] = NULL;
	}
}

void
mj_free(struct ev_writer *w)
{
	mj_finalize(w);
	pend_free(w);
	for (size_t i = 0; w->oblob != NULL && i < w->sum.ndates; i++)
		buf_release(&w->oblob[i]);
	free(w->oblob);
	blk_sum_release(&w->sum);
	recs_release(&w->L);
	recs_release(&w->O);
	recs_release(&w->G);
	buf_release(&w->bkeys);
	buf_release(&w->blob);
	buf_release(&w->mblob);
	buf_release(&w->zblob);
	buf_release(&w->lkey);
	free(w->bl);
	free(w->vals);
}

static int
dberr(struct ev_writer *w, sqlite3_stmt *q, const char *doing, struct kp_err *e)
{
	sqlite3_reset(q);
	return st_db_err(w->st, e, doing);
}

/* Write records [from, to) of rs as one block (held back: store_pend.c). */
static int
write_block(struct ev_writer *w, const struct recs *rs, size_t from, size_t to,
    struct kp_err *e)
{
	const struct dataset *d = w->d;
	struct pend *p = pend_add(w);

	buf_reset(&w->blob);
	blk_sum_reset(&w->sum);
	for (size_t i = 0; i < w->sum.ndates; i++)
		buf_reset(&w->oblob[i]);
	for (size_t k = from; k < to; k++) {
		const struct rec *x = &rs->r[k];
		size_t at = w->blob.len;

		blk_rec_put(&w->blob, x->batch, REC_ROW(rs, x), x->rlen);
		if (w->sum.ndates == 0)
			continue;
		if (blk_row_read(d, REC_ROW(rs, x), x->rlen, w->vals) < 0)
			return err_set(e, KP_SOFTWARE, w->st->path, "a record of dataset '%s' does "
			    "not decode", d->name);
		blk_sum_add(&w->sum, d, w->vals);
		for (size_t i = 0; i < w->sum.ndates; i++)
			if (w->vals[w->sum.dateidx[i]].null)
				buf_add(&w->oblob[i], w->blob.s + at, w->blob.len - at);
	}
	pend_seg(p, PEND_KLO, REC_KEY(rs, &rs->r[from]), rs->r[from].klen);
	pend_seg(p, PEND_KHI, REC_KEY(rs, &rs->r[to - 1]), rs->r[to - 1].klen);
	pend_rows(p, (long long)(to - from));
	buf_reset(&w->zblob);
	blk_pack(w->blob.s, w->blob.len, &w->zblob);
	pend_seg(p, PEND_DATA, w->zblob.s, w->zblob.len);
	for (size_t i = 0; i < w->sum.ndates; i++) {
		buf_reset(&w->mblob);
		if (w->sum.has[i])
			blk_months_blob(&w->sum, i, &w->mblob);
		pend_block(p, i, w->sum.lo[i], w->sum.hi[i], w->sum.nulls[i], w->sum.has[i],
		    &w->mblob, &w->oblob[i]);
	}
	return pend_full(w) ? pend_flush(w, e) : 0;
}

/* Write all of rs as blocks of about BLK_ROWS (one block when it holds at most BLK_MAX). */
static int
write_all(struct ev_writer *w, struct recs *rs, struct kp_err *e)
{
	size_t n = rs->n, parts = n <= BLK_MAX ? 1 : (n + BLK_ROWS - 1) / BLK_ROWS, at = 0;

	for (size_t k = 0; n > 0 && k < parts; k++) {
		size_t len = n / parts + (k < n % parts);

		if (write_block(w, rs, at, at + len, e) < 0)
			return -1;
		at += len;
	}
	recs_reset(rs);
	return 0;
}

/* Read block `id` into L and take it out of the import's view. */
static int
load(struct ev_writer *w, long long id, struct kp_err *e)
{
	const struct dataset *d = w->d;
	const unsigned char *p, *end, *row;
	sqlite3_stmt *q = w->get;
	long long batch;
	size_t len;
	int bad;

	recs_reset(&w->L);
	w->li = 0;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW)
		return dberr(w, q, "cannot read stored records", e);
	bad = blk_unpack(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0),
	    &w->zblob) < 0;
	sqlite3_reset(q);
	p = (const unsigned char *)w->zblob.s;
	end = p + w->zblob.len;
	while (!bad && p < end) {
		if (blk_rec_next(&p, end, &batch, &row, &len) < 0 ||
		    blk_row_read(d, row, len, w->vals) < 0) {
			bad = 1;
			break;
		}
		buf_reset(&w->lkey);
		blk_key(d, w->keyidx, w->vals, &w->lkey);
		recs_add(&w->L, w->lkey.s, w->lkey.len, row, len, NULL, 0, batch, 0);
	}
	if (bad)
		return err_set(e, KP_SOFTWARE, w->st->path, "stored records of dataset '%s' are "
		    "damaged (block %lld)", d->name, id);
	pend_gone(w, id);	/* it is written again, merged */
	w->loaded = 1;
	return 0;
}

static void
move_all(struct recs *to, struct recs *from, size_t start)
{
	for (size_t k = start; k < from->n; k++) {
		const struct rec *x = &from->r[k];

		recs_add(to, REC_KEY(from, x), x->klen, REC_ROW(from, x), x->rlen, NULL, 0,
		    x->batch, 0);
	}
}

/*
** Leave the gap before block bi: new records there join block bi (read now if need be) when
** they are few, else become blocks of their own.
*/
static int
close_gap(struct ev_writer *w, struct kp_err *e)
{
	if (w->G.n == 0)
		return 0;
	if (w->G.n < GAP_JOIN && w->bi < w->nbl) {
		if (!w->loaded && load(w, w->bl[w->bi].id, e) < 0)
			return -1;
		/* G's keys are all below the block's: they go first. */
		move_all(&w->O, &w->G, 0);
		recs_reset(&w->G);
		return 0;
	}
	return write_all(w, &w->G, e);
}

/* Done with block bi: write it back, merged. */
static int
close_block(struct ev_writer *w, struct kp_err *e)
{
	if (!w->loaded)
		return 0;
	move_all(&w->O, &w->L, w->li);
	recs_reset(&w->L);
	w->loaded = 0;
	return write_all(w, &w->O, e);
}

int
mj_begin(struct ev_writer *w, struct kp_err *e)
{
	sqlite3_stmt *q = w->list;
	size_t cap = 0;
	int rc;

	w->nbl = w->bi = 0;
	w->loaded = 0;
	buf_reset(&w->bkeys);
	recs_reset(&w->L);
	recs_reset(&w->O);
	recs_reset(&w->G);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct sblk *b;

		w->bl = xgrow(w->bl, &cap, w->nbl + 1, sizeof *w->bl);
		b = &w->bl[w->nbl++];
		b->id = sqlite3_column_int64(q, 0);
		b->lo = w->bkeys.len;
		b->nlo = (size_t)sqlite3_column_bytes(q, 1);
		buf_add(&w->bkeys, sqlite3_column_blob(q, 1), b->nlo);
		b->hi = w->bkeys.len;
		b->nhi = (size_t)sqlite3_column_bytes(q, 2);
		buf_add(&w->bkeys, sqlite3_column_blob(q, 2), b->nhi);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return st_db_err(w->st, e, "cannot read the stored records' key ranges");
	w->merging = 1;
	w->have_prev = 0;
	return 0;
}

static int
cmp_lo(const struct ev_writer *w, const unsigned char *key, size_t klen, size_t bi)
{
	return key_cmp(key, klen, w->bkeys.s + w->bl[bi].lo, w->bl[bi].nlo);
}

static int
cmp_hi(const struct ev_writer *w, const unsigned char *key, size_t klen, size_t bi)
{
	return key_cmp(key, klen, w->bkeys.s + w->bl[bi].hi, w->bl[bi].nhi);
}

/* The record meets the stored one with its key (L's record li). */
static void
meet(struct ev_writer *w, const unsigned char *key, size_t klen, const unsigned char *row,
    size_t rlen, long long tag, const char *note, size_t nlen)
{
	const struct rec *s = &w->L.r[w->li++];
	const unsigned char *srow = REC_ROW(&w->L, s);

	if (s->batch == w->batch || w->mode == EV_APPEND) {
		/* Written by this import already (an earlier row), or --append: keep it as is. */
		recs_add(&w->O, key, klen, srow, s->rlen, NULL, 0, s->batch, 0);
		if (s->batch == w->batch) {
			w->duplicate++;
			ev_report(w, EV_DUPLICATE, tag, note, nlen);
		} else {
			w->exists++;
			ev_report(w, EV_EXISTS, tag, note, nlen);
		}
		return;
	}
	/* Marked with this import even when unchanged, so that a later row with it is caught. */
	if (s->rlen == rlen && memcmp(srow, row, rlen) == 0) {
		w->unchanged++;
		recs_add(&w->O, key, klen, srow, s->rlen, NULL, 0, w->batch, 0);
	} else {
		w->updated++;
		ev_report(w, EV_UPDATED, tag, note, nlen);
		recs_add(&w->O, key, klen, row, rlen, NULL, 0, w->batch, 0);
	}
}

static int
mj_feed(struct ev_writer *w, const unsigned char *key, size_t klen, const unsigned char *row,
    size_t rlen, long long tag, const char *note, size_t nlen, struct kp_err *e)
{
	/* Past block bi: the gap before it and the block itself are done. */
	while (w->bi < w->nbl && cmp_hi(w, key, klen, w->bi) > 0) {
		if (close_gap(w, e) < 0 || close_block(w, e) < 0)
			return -1;
		w->bi++;
	}
	if (w->bi < w->nbl && cmp_lo(w, key, klen, w->bi) >= 0) {
		/* In block bi's range. */
		if (!w->loaded && (close_gap(w, e) < 0 ||
		    (!w->loaded && load(w, w->bl[w->bi].id, e) < 0)))
			return -1;
		while (w->li < w->L.n) {
			const struct rec *s = &w->L.r[w->li];
			int c = key_cmp(REC_KEY(&w->L, s), s->klen, key, klen);

			if (c > 0)
				break;
			if (c == 0) {
				meet(w, key, klen, row, rlen, tag, note, nlen);
				goto placed;
			}
			recs_add(&w->O, REC_KEY(&w->L, s), s->klen, REC_ROW(&w->L, s), s->rlen,
			    NULL, 0, s->batch, 0);
			w->li++;
		}
		w->added++;
		recs_add(&w->O, key, klen, row, rlen, NULL, 0, w->batch, 0);
placed:
		/* Many new records inside one block's range: write what is merged so far. */
		if (w->O.n >= 2 * BLK_MAX)
			return write_all(w, &w->O, e);
		return 0;
	}
	/* Between blocks (or past the last): a new record. */
	w->added++;
	recs_add(&w->G, key, klen, row, rlen, NULL, 0, w->batch, 0);
	return w->G.n >= BLK_ROWS ? write_all(w, &w->G, e) : 0;
}

int
mj_feed_first(struct ev_writer *w, const unsigned char *key, size_t klen,
    const unsigned char *row, size_t rlen, long long tag, const char *note, size_t nlen,
    struct kp_err *e)
{
	if (w->have_prev && key_cmp(key, klen, w->prev.s, w->prev.len) == 0) {
		w->duplicate++;
		ev_report(w, EV_DUPLICATE, tag, note, nlen);
		return 0;
	}
	buf_reset(&w->prev);
	buf_add(&w->prev, (const char *)key, klen);
	w->have_prev = 1;
	return mj_feed(w, key, klen, row, rlen, tag, note, nlen, e);
}

/* Past the last block, a few new records: join them to the last block stored now. */
static int
join_tail(struct ev_writer *w, struct kp_err *e)
{
	sqlite3_stmt *q = w->last;
	long long id = 0, n = 0;
	int rc;

	if (pend_flush(w, e) < 0)
		return -1;
	rc = sqlite3_step(q);

	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		n = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_db_err(w->st, e, "cannot read the stored records' key ranges");
	if (rc == SQLITE_ROW && n + (long long)w->G.n <= BLK_MAX) {
		if (load(w, id, e) < 0)
			return -1;
		move_all(&w->O, &w->L, 0);
		recs_reset(&w->L);
		w->loaded = 0;
		move_all(&w->O, &w->G, 0);
		recs_reset(&w->G);
		return write_all(w, &w->O, e);
	}
	return write_all(w, &w->G, e);
}

static int
end_pass(struct ev_writer *w, struct kp_err *e)
{
	w->merging = 0;
	if (w->loaded) {
		if (close_block(w, e) < 0)
			return -1;
		w->bi++;
	}
	if (w->G.n == 0)
		return 0;
	if (w->bi < w->nbl)
		return close_gap(w, e) < 0 || close_block(w, e) < 0 ? -1 : 0;
	return w->G.n < GAP_JOIN && w->nbl > 0 ? join_tail(w, e) : write_all(w, &w->G, e);
}

int
mj_end(struct ev_writer *w, struct kp_err *e)
{
	if (!w->merging)
		return pend_flush(w, e);
	/* The next pass, or the publish, reads what this one wrote. */
	return end_pass(w, e) < 0 ? -1 : pend_flush(w, e);
}
