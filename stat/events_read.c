/*
** events_read.c: the reading half of a raw-record import (see events_int.h): CSV records
** split and typed on a thread of their own, handed over in batches through a small ring.
**
** The ring holds EVR_NBATCH batches of EVR_BATCH records, so memory stays flat whatever the
** file's size; the reader waits while the ring is full, the writer while it is empty. A batch
** is handed over whole, so the two threads meet once per EVR_BATCH records, not per record.
** The reader touches only the CSV reader and its own batches: no SQLite, no diagnostics lists.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/xmalloc.h"
#include "events_int.h"

#define EVR_BATCH	512	/* records per batch */
#define EVR_NBATCH	4	/* batches in the ring */

struct evreader {
	struct csvr		*r;
	const struct dataset	*d;
	const int		*pos;
	size_t			 nheader;
	const struct evp_zone	*zone;
	struct batch		 ring[EVR_NBATCH];
	size_t			 head;		/* batches the reader has filled */
	size_t			 tail;		/* batches the writer has taken (the last one in use) */
	int			 stop;		/* the writer wants no more */
	int			 done;		/* the reader has filled its last batch */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	pthread_t		 th;
	int			 threaded;	/* th runs; else batches are filled on demand */
	int			 dc;		/* numbers with a decimal comma */
};

const char *
evr_field(const struct batch *b, const struct prow *p, size_t i)
{
	return i < p->nf ? b->arena.s + b->off[p->f0 + i] : "";
}

size_t
evr_field_len(const struct batch *b, const struct prow *p, size_t i)
{
	return i < p->nf ? b->len[p->f0 + i] : 0;
}

/* Append text (and a NUL) to the arena; its offset. */
static size_t
put_text(struct batch *b, const char *s, size_t n)
{
	size_t at = b->arena.len;

	buf_add(&b->arena, s, n);
	buf_addch(&b->arena, '\0');
	return at;
}

static void
batch_reset(struct batch *b)
{
	b->nrows = b->nfl = b->nv = b->nerr = 0;
	b->last = 0;
	buf_reset(&b->arena);
}

static void
batch_free(struct batch *b)
{
	free(b->rows);
	free(b->off);
	free(b->len);
	free(b->v);
	free(b->err);
	buf_release(&b->arena);
}

static int
is_null(const struct dataset *d, const char *s, size_t n)
{
	if (n == 0)
		return d->empty_null;
	for (size_t i = 0; i < d->nnulls; i++)
		if (strcmp(s, d->nulls[i]) == 0)
			return 1;
	return 0;
}

/* Type declared column i of the record (field text s, n) into *v; -1 with e filled if bad. */
static int
type_field(const struct evreader *x, size_t i, const char *s, size_t n, struct ev_value *v,
    struct kp_err *e)
{
	const struct ds_column *c = &x->d->cols[i];
	long day;

	v->null = is_null(x->d, s, n);
	if (v->null) {
		if (c->required)
			return err_set(e, KP_DATA, NULL, "no value: column '%s' is %s", c->name,
			    n == 0 && !x->d->empty_null ? "required (and empty text is not a value "
			    "here)" : "required");
		return 0;
	}
	switch (c->type) {
	case COL_TEXT:
		v->n = n;
		return 0;
	case COL_INTEGER:
		return evp_integer(s, n, &v->i, e);
	case COL_NUMBER:
		return (x->dc ? evp_number_dc : evp_number)(s, n, &v->d, e);
	case COL_DATE:
		if (evp_date(s, n, c->format ? c->format : x->d->date_format, &day, e) < 0)
			return -1;
		v->i = day;
		return 0;
	case COL_DATETIME:
		return evp_datetime(s, n, c->format ? c->format : x->d->datetime_format, x->zone,
		    &v->i, e);
	}
	return 0;
}

/* Read the next record into b. 0 at the end of input, else 1. */
static int
read_one(struct evreader *x, struct batch *b)
{
	struct kp_err e;
	struct prow *p;
	int rc = csvr_next(x->r, &e);
	size_t nf;

	if (rc == 0)
		return 0;
	b->rows = xgrow(b->rows, &b->rcap, b->nrows + 1, sizeof *b->rows);
	p = &b->rows[b->nrows++];
	memset(p, 0, sizeof *p);
	p->status = rc;
	p->line = csvr_line(x->r);
	p->cut = csvr_unterminated(x->r);
	if (rc < 0) {
		p->where = put_text(b, e.where, strlen(e.where));
		p->msg = put_text(b, e.msg, strlen(e.msg));
		if (rc == -2)
			return 0;
	}
	nf = csvr_nfields(x->r);
	p->nf = nf;
	p->f0 = b->nfl;
	b->off = xgrow(b->off, &b->fcap, b->nfl + nf + 1, sizeof *b->off);
	b->len = xgrow(b->len, &b->lcap, b->nfl + nf + 1, sizeof *b->len);
	/* The record's fields are one block, NUL after each: one copy, offsets from the lengths. */
	{
		size_t blen, at = b->arena.len;
		const char *block = csvr_record(x->r, &blen);

		buf_add(&b->arena, block, blen);
		for (size_t i = 0; i < nf; i++) {
			b->len[b->nfl] = csvr_field_len(x->r, i);
			b->off[b->nfl] = at;
			at += b->len[b->nfl++] + 1;
		}
	}
	if (rc < 0 || nf != x->nheader)
		return 1;
	/* Typed values, text as an arena offset in .i until the batch is complete. */
	p->typed = 1;
	p->v0 = b->nv;
	p->e0 = b->nerr;
	b->v = xgrow(b->v, &b->vcap, b->nv + x->d->ncols + 1, sizeof *b->v);
	for (size_t i = 0; i < x->d->ncols; i++) {
		size_t h = (size_t)x->pos[i];
		struct ev_value *v = &b->v[b->nv++];

		memset(v, 0, sizeof *v);
		if (type_field(x, i, csvr_field(x->r, h), csvr_field_len(x->r, h), v, &e) < 0) {
			b->err = xgrow(b->err, &b->ecap, b->nerr + 1, sizeof *b->err);
			b->err[b->nerr].col = i;
			b->err[b->nerr++].msg = put_text(b, e.msg, strlen(e.msg));
			p->nerr++;
		} else if (!v->null && x->d->cols[i].type == COL_TEXT) {
			v->i = (long long)b->off[p->f0 + h];
		}
	}
	return 1;
}

/* Fill b with up to EVR_BATCH records; resolve text values once the arena stops moving. */
static void
fill(struct evreader *x, struct batch *b)
{
	batch_reset(b);
	while (b->nrows < EVR_BATCH)
		if (!read_one(x, b)) {
			b->last = 1;
			break;
		}
	for (size_t k = 0; k < b->nrows; k++) {
		const struct prow *p = &b->rows[k];

		for (size_t i = 0; p->typed && i < x->d->ncols; i++) {
			struct ev_value *v = &b->v[p->v0 + i];

			if (!v->null && x->d->cols[i].type == COL_TEXT)
				v->s = b->arena.s + v->i;
		}
	}
	b->bytes = csvr_bytes(x->r);
}

static void *
reader_main(void *arg)
{
	struct evreader *x = arg;

	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&x->mu);
		/* The slot of batch `head` is free once the writer has moved past it. */
		while (!x->stop && x->head >= x->tail + EVR_NBATCH - 1)
			pthread_cond_wait(&x->cv, &x->mu);
		if (x->stop) {
			pthread_mutex_unlock(&x->mu);
			break;
		}
		b = &x->ring[x->head % EVR_NBATCH];
		pthread_mutex_unlock(&x->mu);
		fill(x, b);
		pthread_mutex_lock(&x->mu);
		x->head++;
		x->done = b->last;
		pthread_cond_broadcast(&x->cv);
		pthread_mutex_unlock(&x->mu);
		if (b->last)
			break;
	}
	return NULL;
}

struct evreader *
evr_start(struct csvr *r, const struct dataset *d, const int *pos, size_t nheader,
    const struct evp_zone *zone, int decimal_comma)
{
	struct evreader *x = xcalloc(1, sizeof *x);

	x->dc = decimal_comma;
	x->r = r;
	x->d = d;
	x->pos = pos;
	x->nheader = nheader;
	x->zone = zone;
	for (size_t i = 0; i < EVR_NBATCH; i++)
		buf_init(&x->ring[i].arena, 0);
	pthread_mutex_init(&x->mu, NULL);
	pthread_cond_init(&x->cv, NULL);
	/* Without a thread (none to be had), evr_next reads each batch itself. */
	x->threaded = pthread_create(&x->th, NULL, reader_main, x) == 0;
	return x;
}

struct batch *
evr_next(struct evreader *x)
{
	struct batch *b;

	if (!x->threaded) {
		fill(x, &x->ring[0]);
		return &x->ring[0];
	}
	pthread_mutex_lock(&x->mu);
	/* Hand back the batch taken last time (tail - 1 is in use until now). */
	while (x->head <= x->tail)
		pthread_cond_wait(&x->cv, &x->mu);
	b = &x->ring[x->tail % EVR_NBATCH];
	x->tail++;
	pthread_cond_broadcast(&x->cv);
	pthread_mutex_unlock(&x->mu);
	return b;
}

void
evr_stop(struct evreader *x)
{
	if (x == NULL)
		return;
	pthread_mutex_lock(&x->mu);
	x->stop = 1;
	pthread_cond_broadcast(&x->cv);
	pthread_mutex_unlock(&x->mu);
	if (x->threaded)
		pthread_join(x->th, NULL);
	pthread_mutex_destroy(&x->mu);
	pthread_cond_destroy(&x->cv);
	for (size_t i = 0; i < EVR_NBATCH; i++)
		batch_free(&x->ring[i]);
	free(x);
}
