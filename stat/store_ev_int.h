/*
** store_ev_int.h: what the raw-record writer's files share (store_events.c: tables and the
** writer's entry points; store_merge.c: merging records in key order into the stored blocks;
** store_runs.c: sorting records that came out of order). Private to stat/store*.c.
*/
#ifndef KPISTAT_STORE_EV_INT_H
#define KPISTAT_STORE_EV_INT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store_events.h"
#include "store_block.h"
#include "store_int.h"

/* A record held in memory: its key, row and note are at offsets in its list's arena. */
struct rec {
	uint32_t	 koff, klen, roff, rlen, noff, nlen;
	long long	 batch;
	long long	 tag;
};

struct recs {
	struct rec	*r;
	size_t		 n, cap;
	struct buf	 a;
};

void	recs_init(struct recs *rs);
void	recs_reset(struct recs *rs);
void	recs_release(struct recs *rs);
void	recs_add(struct recs *rs, const void *key, size_t klen, const void *row, size_t rlen,
	    const void *note, size_t nlen, long long batch, long long tag);
#define REC_KEY(rs, x)	((const unsigned char *)(rs)->a.s + (x)->koff)
#define REC_ROW(rs, x)	((const unsigned char *)(rs)->a.s + (x)->roff)
#define REC_NOTE(rs, x)	((rs)->a.s + (x)->noff)

/*
** memcmp order of two encoded keys. Inline, eight bytes at a time: sorting records that come
** out of key order is mostly this comparison (a call to memcmp per pair cost a quarter of it).
*/
static inline int
key_cmp(const void *a, size_t na, const void *b, size_t nb)
{
	const unsigned char *x = a, *y = b;
	size_t n = na < nb ? na : nb;

	for (; n >= 8; x += 8, y += 8, n -= 8) {
		uint64_t u, v;

		memcpy(&u, x, 8);
		memcpy(&v, y, 8);
		if (u != v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			u = __builtin_bswap64(u);
			v = __builtin_bswap64(v);
#endif
			return u < v ? -1 : 1;
		}
	}
	for (; n > 0; x++, y++, n--)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return (na > nb) - (na < nb);
}

/* A stored block's place: its key range in the writer's `bkeys` arena. */
struct sblk {
	long long	 id;
	size_t		 lo, nlo, hi, nhi;
};

/* Records that came out of key order: sorted runs, spilled to a temporary file. */
struct runs {
	struct recs	 cur;		/* the run being filled */
	FILE		*tmp;
	struct span { long long off, len; } *spans;
	size_t		 nspans, cap;
	long long	 end;		/* bytes written to tmp */
};

struct ev_writer {
	struct store		*st;
	const struct dataset	*d;
	enum ev_mode		 mode;
	long long		 batch;		/* event_import.id, stored with each record written */
	char			 table[96];	/* where blocks go: ev_<name>, or ev_<name>__next */
	char			 at[32];	/* when the import started */

	/*
	** Publishing (store_events.c). Blocks are written in short transactions that readers do
	** not see until one short last one publishes them. Into a dataset's tables (fresh == 0)
	** new blocks are listed in ev_<name>__stage with gone = 0 (readers skip them) and stored
	** blocks this import rewrites with gone = 1 (the import skips them; deleted at publish).
	** A first import, or --replace, builds new tables ev_<name>__next* (fresh == 1), renamed
	** over the old ones at publish.
	*/
	int			 fresh;
	long long		 top;		/* block ids above this one are this import's */
	int			 lockfd;	/* store_evlock.c */
	int			 in_tx;
	int			 sync;		/* PRAGMA synchronous before the import */
	char			*file, *by;	/* for the import's log */
	int			*keyidx;	/* column index of each key column */
	store_ev_report_fn	*report;
	void			*arg;
	long			 added, updated, unchanged, duplicate, exists;
	long long		 records;	/* stored before this import */

	/* Records in key order go straight to the merge; `prev` is the last key it was fed. */
	int			 in_order;
	struct buf		 prev, kbuf, rbuf;
	int			 have_prev;
	struct runs		 runs;

	/* The merge (store_merge.c): stored blocks by key, the one being merged into (L, its
	** records from li on still to merge; O, the merged ones) and new records between blocks. */
	int			 merging;
	struct sblk		*bl;
	size_t			 nbl, bi;
	struct buf		 bkeys;
	int			 loaded;
	struct recs		 L, O, G;
	size_t			 li;
	struct blk_sum		 sum;
	struct buf		 blob, zblob, mblob, lkey;	/* lkey: a stored record's key */
	struct ev_value		*vals;		/* one decoded row */
	struct buf		*oblob;		/* per date column: the block's records without a value there */
	sqlite3_stmt		*ins, *dins, *get, *del, *ddel, *list, *last, *oins,
				*odel, *smark, *sdel;

	/* Writes held back (store_pend.c): blocks to write, stored blocks read to rewrite. */
	struct pend		*pend;
	size_t			 npend;
	long long		*gone;
	size_t			 ngone, gcap;
};

/* store_merge.c */
int	mj_prepare(struct ev_writer *w, struct kp_err *e);
void	mj_finalize(struct ev_writer *w);	/* the statements only: before tables change */
void	mj_free(struct ev_writer *w);
/*
** Start a merge pass over the blocks stored now; feed it records in rising key order (of
** records with equal keys the first is kept, the others reported as EV_DUPLICATE); end it.
*/
int	mj_begin(struct ev_writer *w, struct kp_err *e);
int	mj_feed_first(struct ev_writer *w, const unsigned char *key, size_t klen,
	    const unsigned char *row, size_t rlen, long long tag, const char *note, size_t nlen,
	    struct kp_err *e);
int	mj_end(struct ev_writer *w, struct kp_err *e);

/* store_runs.c */
int	runs_add(struct ev_writer *w, const unsigned char *key, size_t klen,
	    const unsigned char *row, size_t rlen, long long tag, const char *note, size_t nlen,
	    struct kp_err *e);
/* Merge every run and feed the records to a merge pass, a key given twice reported once. */
int	runs_finish(struct ev_writer *w, struct kp_err *e);
void	runs_free(struct runs *r);

/*
** store_events.c: the import's short write transactions. ev_tx_open starts one unless one is
** open; ev_tx_close commits it. A batch of writes (store_pend.c) goes in one transaction.
*/
int	ev_tx_open(struct ev_writer *w, struct kp_err *e);
int	ev_tx_close(struct ev_writer *w, struct kp_err *e);
/* Whether block `blk` was written by this import (and is seen by no reader). */
#define EV_OWN(w, blk)	((w)->fresh || (blk) > (w)->top)

/*
** store_pend.c: the import's writes, held back and written a few blocks per transaction.
** pend_add gives the next block to fill (pend_seg: its key range and packed records; then
** pend_block per date column); when pend_full, pend_flush. pend_gone: stored block `id` was
** read to be written again. pend_flush writes what is held, in one transaction; it must run
** before the import reads the blocks it has written (a new merge pass, the last block).
*/
struct pend;
enum { PEND_KLO, PEND_KHI, PEND_DATA };
struct pend *pend_add(struct ev_writer *w);
void	pend_seg(struct pend *p, int seg, const void *s, size_t n);
void	pend_block(struct pend *p, size_t i, long long lo, long long hi, long nulls, int has,
	    const struct buf *months, const struct buf *open);
void	pend_rows(struct pend *p, long long n);
int	pend_full(const struct ev_writer *w);
void	pend_gone(struct ev_writer *w, long long id);
int	pend_flush(struct ev_writer *w, struct kp_err *e);
void	pend_free(struct ev_writer *w);

/* store_evlock.c: one events import at a time per store. A descriptor to drop, or -1. */
int	ev_lock_take(struct store *st, struct kp_err *e);
void	ev_lock_drop(int fd);

/* store_events.c: report a problem record. */
void	ev_report(struct ev_writer *w, enum ev_outcome out, long long tag, const char *note,
	    size_t nlen);

#endif
