/*
** store_pend.c: an import's writes, held back and written a few blocks at a time (see
** store_ev_int.h, store_events.c). Each batch is one short transaction: the store's write
** lock is held while SQLite writes it, not while the next records are parsed, merged and
** packed, so a web submission meanwhile waits a few milliseconds at most. Batches of several
** blocks rather than one: every commit writes the tables' last pages to the log again.
*/
#include <stdlib.h>

#include "kpistat/xmalloc.h"
#include "store_ev_int.h"

#define PEND_BLOCKS	8	/* blocks held before they are written */

/* Segments of a held block in its arena: key range, packed records, per date column two. */
#define SEG_KLO		PEND_KLO
#define SEG_KHI		PEND_KHI
#define SEG_DATA	PEND_DATA
#define SEG_DATES	3
#define SEG_MONTHS(i)	(SEG_DATES + 2 * (i))
#define SEG_OPEN(i)	(SEG_DATES + 2 * (i) + 1)

struct pend {
	struct buf	 a;
	size_t		*off, *len;
	long long	 n, *lo, *hi, *nulls;
	int		*has;
};

struct pend *
pend_add(struct ev_writer *w)
{
	size_t nd = w->sum.ndates, nseg = SEG_DATES + 2 * nd;
	struct pend *p;

	if (w->pend == NULL)
		w->pend = xcalloc(PEND_BLOCKS, sizeof *w->pend);
	p = &w->pend[w->npend++];
	if (p->off == NULL) {
		buf_init(&p->a, 0);
		p->off = xcalloc(nseg, sizeof *p->off);
		p->len = xcalloc(nseg, sizeof *p->len);
		p->lo = xcalloc(nd + 1, sizeof *p->lo);
		p->hi = xcalloc(nd + 1, sizeof *p->hi);
		p->nulls = xcalloc(nd + 1, sizeof *p->nulls);
		p->has = xcalloc(nd + 1, sizeof *p->has);
	}
	buf_reset(&p->a);
	for (size_t i = 0; i < nseg; i++)
		p->len[i] = 0;
	return p;
}

void
pend_seg(struct pend *p, int seg, const void *s, size_t n)
{
	p->off[seg] = p->a.len;
	p->len[seg] = n;
	buf_add(&p->a, s, n);
}

void
pend_block(struct pend *p, size_t i, long long lo, long long hi, long nulls, int has,
    const struct buf *months, const struct buf *open)
{
	p->lo[i] = lo;
	p->hi[i] = hi;
	p->nulls[i] = nulls;
	p->has[i] = has;
	if (has)
		pend_seg(p, SEG_MONTHS(i), months->s, months->len);
	pend_seg(p, SEG_OPEN(i), open->s, open->len);
}

void
pend_rows(struct pend *p, long long n)
{
	p->n = n;
}

int
pend_full(const struct ev_writer *w)
{
	return w->npend >= PEND_BLOCKS;
}

void
pend_gone(struct ev_writer *w, long long id)
{
	w->gone = xgrow(w->gone, &w->gcap, w->ngone + 1, sizeof *w->gone);
	w->gone[w->ngone++] = id;
}

void
pend_free(struct ev_writer *w)
{
	for (size_t k = 0; w->pend != NULL && k < PEND_BLOCKS; k++) {
		struct pend *p = &w->pend[k];

		if (p->off == NULL)
			continue;
		buf_release(&p->a);
		free(p->off);
		free(p->len);
		free(p->lo);
		free(p->hi);
		free(p->nulls);
		free(p->has);
	}
	free(w->pend);
	free(w->gone);
}

static int
step(struct ev_writer *w, sqlite3_stmt *q, struct kp_err *e)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : st_db_err(w->st, e, "cannot write records");
}

static int
blob(sqlite3_stmt *q, int col, const struct pend *p, int seg)
{
	return sqlite3_bind_blob(q, col, p->a.s + p->off[seg], (int)p->len[seg], SQLITE_STATIC);
}

/* Step q on block id (a delete, a mark). */
static int
on(struct ev_writer *w, sqlite3_stmt *q, long long id, struct kp_err *e)
{
	sqlite3_bind_int64(q, 1, id);
	return step(w, q, e);
}

static int
mark(struct ev_writer *w, long long id, int gone, struct kp_err *e)
{
	sqlite3_bind_int(w->smark, 2, gone);
	return on(w, w->smark, id, e);
}

static int
write_one(struct ev_writer *w, const struct pend *p, struct kp_err *e)
{
	sqlite3_stmt *q = w->ins;
	long long blk;
	int c = 4;

	blob(q, 1, p, SEG_KLO);
	blob(q, 2, p, SEG_KHI);
	sqlite3_bind_int64(q, 3, p->n);
	for (size_t i = 0; i < w->sum.ndates; i++, c += 4) {
		if (p->has[i]) {
			sqlite3_bind_int64(q, c, p->lo[i]);
			sqlite3_bind_int64(q, c + 1, p->hi[i]);
			blob(q, c + 2, p, SEG_MONTHS(i));
		} else {
			sqlite3_bind_null(q, c);
			sqlite3_bind_null(q, c + 1);
			sqlite3_bind_null(q, c + 2);
		}
		sqlite3_bind_int64(q, c + 3, p->nulls[i]);
	}
	if (step(w, q, e) < 0)
		return -1;
	blk = sqlite3_last_insert_rowid(w->st->db);
	sqlite3_bind_int64(w->dins, 1, blk);
	blob(w->dins, 2, p, SEG_DATA);
	if (step(w, w->dins, e) < 0)
		return -1;
	/*
	** Beside the block, a copy of its records that have no value in a date column, per
	** column: a case still open is counted at the end of every month after it was opened,
	** so a recompute of one month needs every open case, spread over all the blocks.
	*/
	for (size_t i = 0; i < w->sum.ndates; i++) {
		if (p->len[SEG_OPEN(i)] == 0)
			continue;
		sqlite3_bind_int64(w->oins, 1, blk);
		sqlite3_bind_text(w->oins, 2, w->d->cols[w->sum.dateidx[i]].name, -1, SQLITE_STATIC);
		blob(w->oins, 3, p, SEG_OPEN(i));
		if (step(w, w->oins, e) < 0)
			return -1;
	}
	return w->fresh ? 0 : mark(w, blk, 0, e);
}

int
pend_flush(struct ev_writer *w, struct kp_err *e)
{
	if (w->npend == 0 && w->ngone == 0)
		return 0;
	if (ev_tx_open(w, e) < 0)
		return -1;
	/*
	** Blocks the merge has read to write again: one of this import's own goes now; a
	** published one stays for the readers until the publish, listed as rewritten.
	*/
	for (size_t k = 0; k < w->ngone; k++) {
		long long id = w->gone[k];

		if (EV_OWN(w, id)) {
			if (on(w, w->del, id, e) < 0 || on(w, w->ddel, id, e) < 0 ||
			    on(w, w->odel, id, e) < 0 || (!w->fresh && on(w, w->sdel, id, e) < 0))
				return -1;
		} else if (mark(w, id, 1, e) < 0) {
			return -1;
		}
	}
	for (size_t k = 0; k < w->npend; k++)
		if (write_one(w, &w->pend[k], e) < 0)
			return -1;
	w->npend = w->ngone = 0;
	return ev_tx_close(w, e);
}
