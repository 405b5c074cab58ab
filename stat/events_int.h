/*
** events_int.h: what the raw-record import's two halves share. events_read.c reads and types
** the CSV on a thread of its own, in batches of rows; events.c takes the batches in order and
** does everything else (checks that need the store, writing, reports). Since records are
** written in blocks, the two halves take about as long as each other, so on two cores an import
** takes about half its work's time. Private to stat/events*.c.
*/
#ifndef KPISTAT_EVENTS_INT_H
#define KPISTAT_EVENTS_INT_H

#include <stddef.h>

#include "kpistat/buf.h"
#include "kpistat/catalog.h"
#include "kpistat/csv.h"
#include "kpistat/evparse.h"
#include "kpistat/store_events.h"

/* One record as read and typed. */
struct prow {
	long	 line;		/* the line the record starts on */
	int	 status;	/* 1 read, -1 a bad record (where, msg), -2 cannot read on (where, msg) */
	size_t	 nf;		/* its fields */
	size_t	 f0;		/* its first field in batch.off / batch.len */
	size_t	 v0;		/* its first typed value in batch.v (ncols of them; if typed) */
	int	 typed;		/* the fields were typed (the record has the header's width) */
	size_t	 where, msg;	/* status < 0: offsets of two texts in the arena */
	size_t	 e0, nerr;	/* its field errors in batch.err */
	int	 cut;		/* the last record, and no line break ends it */
};

/* A field that does not read as its column's type. */
struct perr {
	size_t	 col;		/* declared column index */
	size_t	 msg;		/* offset of the message in the arena */
};

/* Up to EVR_BATCH records; text (fields, messages) lives in the arena, NUL-terminated. */
struct batch {
	struct prow	*rows;
	size_t		 nrows, rcap;
	size_t		*off, *len;	/* fields: offset in the arena and length */
	size_t		 nfl, fcap, lcap;
	struct ev_value	*v;		/* typed values; text values point into the arena */
	size_t		 nv, vcap;
	struct perr	*err;
	size_t		 nerr, ecap;
	struct buf	 arena;
	unsigned long long bytes;	/* input consumed up to the end of this batch */
	int		 last;		/* no batch follows */
};

struct evreader;

/*
** Start reading records from r (the header already read) on a thread: each is split, and
** when it has `nheader` fields, its declared columns (at header positions pos[]) are typed.
** The dataset, pos and zone must outlive the reader. Without a thread to be had, evr_next
** reads each batch when asked, in the caller's thread. With decimal_comma, number columns
** are read as 1.234,5.
*/
struct evreader *evr_start(struct csvr *r, const struct dataset *d, const int *pos,
	    size_t nheader, const struct evp_zone *zone, int decimal_comma);
/* The next batch, in order (batch->last on the final one). Valid until the next call. */
struct batch *evr_next(struct evreader *x);
/* Stop the thread (early or at the end) and free everything. */
void	evr_stop(struct evreader *x);

/* Field i of record p of batch b (NUL-terminated), and its length. */
const char *evr_field(const struct batch *b, const struct prow *p, size_t i);
size_t	evr_field_len(const struct batch *b, const struct prow *p, size_t i);

#endif
