/*
** store_block.h: how raw records are packed into blocks (store_block.c). Pure: no SQLite.
** Private to stat/store*.c.
**
** A block holds up to a few thousand records of one dataset, sorted by key, and the blocks of
** a dataset cover disjoint key ranges. It is stored packed (blk_pack: LZ4). Each record is
**
**	varint batch, varint row length, row
**
** and a row as a null bitmap (one bit per column, in declared order) followed by the values
** that are not null: text as varint length + bytes, integers, dates and date-times as zigzag
** varints, numbers as 8 bytes (IEEE 754, in the machine's byte order).
**
** Keys are encoded so that memcmp() orders them as the values order (text bytewise, numbers
** numerically), one column after another; that is what lets SQLite compare block key ranges
** as BLOBs and what the import's merge compares.
**
** A block summary (struct blk_sum) keeps, per date column, the least and greatest value, the
** months present and how many records have no value: what a recompute of one month needs to
** skip blocks that cannot hold it.
*/
#ifndef KPISTAT_STORE_BLOCK_H
#define KPISTAT_STORE_BLOCK_H

#include <stddef.h>

#include "kpistat/buf.h"
#include "kpistat/catalog.h"
#include "kpistat/store_events.h"

#define BLK_ROWS	2048	/* records in a block written whole */
#define BLK_MAX		4096	/* a block that grows past this is split */

/* Append one record to a block: its batch, its row's length and the row. */
void	blk_rec_put(struct buf *b, long long batch, const unsigned char *row, size_t len);
/* The record at *p (before end): its batch and row; advances *p. -1 when malformed. */
int	blk_rec_next(const unsigned char **p, const unsigned char *end, long long *batch,
	    const unsigned char **row, size_t *len);

/* Append the order-preserving key of record v (columns keyidx[0..nkey)) to out. */
void	blk_key(const struct dataset *d, const int *keyidx, const struct ev_value *v,
	    struct buf *out);
/* Append record v's row encoding to out. */
void	blk_row(const struct dataset *d, const struct ev_value *v, struct buf *out);
/* Decode a row of n bytes into v[0..ncols) (text points into p); 0, or -1 when malformed. */
int	blk_row_read(const struct dataset *d, const unsigned char *p, size_t n,
	    struct ev_value *v);

/*
** A block's records as stored: varint length of the records, then the records compressed with
** LZ4 (about 2.7 times smaller on city records; far less to write and read). blk_pack appends
** to out; blk_unpack replaces out's contents with the records (-1 when the blob is damaged).
*/
void	blk_pack(const char *raw, size_t n, struct buf *out);
int	blk_unpack(const void *blob, size_t n, struct buf *out);

void	blk_put_varint(struct buf *b, unsigned long long v);
/* Read a varint at *p (before end); advances *p. -1 when it runs past end. */
int	blk_get_varint(const unsigned char **p, const unsigned char *end,
	    unsigned long long *v);

/* The months (year * 12 + month - 1) a date column's values fall in: sorted, distinct. */
struct blk_months {
	int		*v;
	size_t		 n, cap;
	long		 last_day;	/* records come in runs of one day, one month: a shortcut */
	int		 last_m;
};

/* What a block's date columns hold. */
struct blk_sum {
	size_t			 ndates;
	int			*dateidx;	/* column index of each date column */
	long long		*lo, *hi;
	int			*has;		/* any value seen */
	long			*nulls;		/* records with no value */
	struct blk_months	*ms;
};

void	blk_sum_init(struct blk_sum *s, const struct dataset *d);
void	blk_sum_reset(struct blk_sum *s);
void	blk_sum_add(struct blk_sum *s, const struct dataset *d, const struct ev_value *v);
void	blk_sum_release(struct blk_sum *s);
/* Append month set i as little-endian 32-bit integers to out. */
void	blk_months_blob(const struct blk_sum *s, size_t i, struct buf *out);
/* Whether a month blob holds a month in [lo, hi]. */
int	blk_months_meet(const unsigned char *b, size_t len, int lo, int hi);
/* The month number of a date (days) or date-time (seconds) value; INT_MAX for LLONG_MAX. */
int	blk_month_of(enum col_type t, long long v);

#endif
