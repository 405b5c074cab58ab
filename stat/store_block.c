/*
** store_block.c: raw records packed into blocks, their keys and block summaries (see
** store_block.h). Pure: the SQLite side is store_events.c and store_scan.c.
**
** Why blocks: one SQLite row per record costs one B-tree insert and one VDBE program per
** record, which bounds an import to the speed of the sqlite3 shell's own .import. A block of
** a few thousand records is one row, so SQLite's share of an import becomes a blob write, and
** a compute decodes records straight from the blob instead of going through the VDBE per
** value. (Measured: tests/bench/events.sh.)
*/
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>

#include "kpistat/period.h"
#include "kpistat/xmalloc.h"
#include "store_block.h"
#include "store_int.h"

/* Write v as a varint at p (up to 10 bytes); returns the bytes written. */
static size_t
put_varint(unsigned char *p, unsigned long long v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

void
blk_put_varint(struct buf *b, unsigned long long v)
{
	unsigned char *p = (unsigned char *)buf_room(b, 10);

	buf_used(b, put_varint(p, v));
}

int
blk_get_varint(const unsigned char **p, const unsigned char *end, unsigned long long *v)
{
	const unsigned char *q = *p;
	unsigned long long r = 0;
	int shift = 0;

	while (q < end && shift < 64) {
		unsigned c = *q++;

		r |= (unsigned long long)(c & 0x7f) << shift;
		if (c < 0x80) {
			*p = q;
			*v = r;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

void
blk_rec_put(struct buf *b, long long batch, const unsigned char *row, size_t len)
{
	blk_put_varint(b, (unsigned long long)batch);
	blk_put_varint(b, len);
	buf_add(b, (const char *)row, len);
}

int
blk_rec_next(const unsigned char **p, const unsigned char *end, long long *batch,
    const unsigned char **row, size_t *len)
{
	unsigned long long b, n;

	if (blk_get_varint(p, end, &b) < 0 || blk_get_varint(p, end, &n) < 0 ||
	    n > (size_t)(end - *p))
		return -1;
	*batch = (long long)b;
	*row = *p;
	*len = (size_t)n;
	*p += n;
	return 0;
}

static unsigned long long
zigzag(long long v)
{
	return ((unsigned long long)v << 1) ^ (unsigned long long)(v >> 63);
}

static long long
unzigzag(unsigned long long u)
{
	return (long long)(u >> 1) ^ -(long long)(u & 1);
}

static size_t
put_be64(unsigned char *p, uint64_t u)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (56 - 8 * i));
	return 8;
}

/*
** The two encoders below run once per record of an import: they size the worst case, then
** write through a pointer rather than a buf call per byte.
*/
void
blk_key(const struct dataset *d, const int *keyidx, const struct ev_value *v, struct buf *out)
{
	size_t need = 0, n = 0;
	unsigned char *p;

	for (size_t k = 0; k < d->nkey; k++)
		need += d->cols[keyidx[k]].type == COL_TEXT ? 2 * v[keyidx[k]].n + 2 : 8;
	p = (unsigned char *)buf_room(out, need);
	for (size_t k = 0; k < d->nkey; k++) {
		const struct ev_value *x = &v[keyidx[k]];
		uint64_t u;

		switch (d->cols[keyidx[k]].type) {
		case COL_TEXT:
			/* NUL as 00 ff and a 00 00 end keep bytewise order across columns. */
			for (size_t i = 0; i < x->n; i++) {
				p[n++] = (unsigned char)x->s[i];
				if (x->s[i] == '\0')
					p[n++] = 0xff;
			}
			p[n++] = 0;
			p[n++] = 0;
			break;
		case COL_NUMBER:
			memcpy(&u, &x->d, sizeof u);
			u = u >> 63 ? ~u : u ^ (1ULL << 63);
			n += put_be64(p + n, u);
			break;
		default:
			n += put_be64(p + n, (uint64_t)x->i ^ (1ULL << 63));
			break;
		}
	}
	buf_used(out, n);
}

void
blk_row(const struct dataset *d, const struct ev_value *v, struct buf *out)
{
	size_t nb = (d->ncols + 7) / 8, need = nb, n = nb;
	unsigned char *p;

	for (size_t i = 0; i < d->ncols; i++)
		need += 10 + (d->cols[i].type == COL_TEXT ? v[i].n : 0);
	p = (unsigned char *)buf_room(out, need);
	memset(p, 0, nb);
	for (size_t i = 0; i < d->ncols; i++) {
		if (v[i].null) {
			p[i / 8] |= (unsigned char)(1 << (i % 8));
			continue;
		}
		switch (d->cols[i].type) {
		case COL_TEXT:
			n += put_varint(p + n, v[i].n);
			memcpy(p + n, v[i].s, v[i].n);
			n += v[i].n;
			break;
		case COL_NUMBER:
			memcpy(p + n, &v[i].d, 8);
			n += 8;
			break;
		default:
			n += put_varint(p + n, zigzag(v[i].i));
			break;
		}
	}
	buf_used(out, n);
}

int
blk_row_read(const struct dataset *d, const unsigned char *p, size_t n, struct ev_value *v)
{
	const unsigned char *end = p + n, *bits = p;
	size_t nb = (d->ncols + 7) / 8;
	unsigned long long u;

	if (n < nb)
		return -1;
	p += nb;
	for (size_t i = 0; i < d->ncols; i++) {
		struct ev_value *x = &v[i];

		x->null = (bits[i / 8] >> (i % 8)) & 1;
		if (x->null)
			continue;
		switch (d->cols[i].type) {
		case COL_TEXT:
			if (blk_get_varint(&p, end, &u) < 0 || u > (size_t)(end - p))
				return -1;
			x->s = (const char *)p;
			x->n = (size_t)u;
			p += u;
			break;
		case COL_NUMBER:
			if (end - p < 8)
				return -1;
			memcpy(&x->d, p, 8);
			p += 8;
			break;
		default:
			if (blk_get_varint(&p, end, &u) < 0)
				return -1;
			x->i = unzigzag(u);
			break;
		}
	}
	return p == end ? 0 : -1;
}

void
blk_pack(const char *raw, size_t n, struct buf *out)
{
	int bound = LZ4_compressBound((int)n), got;
	char *p;

	blk_put_varint(out, n);
	p = buf_room(out, (size_t)bound);
	got = LZ4_compress_default(raw, p, (int)n, bound);
	buf_used(out, (size_t)(got > 0 ? got : 0));
}

int
blk_unpack(const void *blob, size_t n, struct buf *out)
{
	const unsigned char *p = blob, *end = p + n;
	unsigned long long raw;
	char *q;

	if (blk_get_varint(&p, end, &raw) < 0 || raw > (1u << 30))
		return -1;
	buf_reset(out);
	q = buf_room(out, (size_t)raw);
	if (LZ4_decompress_safe((const char *)p, q, (int)(end - p), (int)raw) != (int)raw)
		return -1;
	buf_used(out, (size_t)raw);
	return 0;
}

/* ---- block summaries ------------------------------------------------------------------ */

static int
is_date(enum col_type t)
{
	return t == COL_DATE || t == COL_DATETIME;
}

void
blk_sum_init(struct blk_sum *s, const struct dataset *d)
{
	memset(s, 0, sizeof *s);
	s->dateidx = xcalloc(d->ncols + 1, sizeof *s->dateidx);
	for (size_t i = 0; i < d->ncols; i++)
		if (is_date(d->cols[i].type))
			s->dateidx[s->ndates++] = (int)i;
	s->lo = xcalloc(s->ndates + 1, sizeof *s->lo);
	s->hi = xcalloc(s->ndates + 1, sizeof *s->hi);
	s->has = xcalloc(s->ndates + 1, sizeof *s->has);
	s->nulls = xcalloc(s->ndates + 1, sizeof *s->nulls);
	s->ms = xcalloc(s->ndates + 1, sizeof *s->ms);
}

void
blk_sum_reset(struct blk_sum *s)
{
	for (size_t i = 0; i < s->ndates; i++) {
		s->has[i] = 0;
		s->nulls[i] = 0;
		s->ms[i].n = 0;
	}
}

void
blk_sum_release(struct blk_sum *s)
{
	for (size_t i = 0; i < s->ndates; i++)
		free(s->ms[i].v);
	free(s->dateidx);
	free(s->lo);
	free(s->hi);
	free(s->has);
	free(s->nulls);
	free(s->ms);
	memset(s, 0, sizeof *s);
}

static void
months_put(struct blk_months *m, int v)
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

void
blk_sum_add(struct blk_sum *s, const struct dataset *d, const struct ev_value *v)
{
	for (size_t i = 0; i < s->ndates; i++) {
		const struct ev_value *x = &v[s->dateidx[i]];
		struct blk_months *m = &s->ms[i];
		long day;
		int y, mo, dd, first = !s->has[i];

		if (x->null) {
			s->nulls[i]++;
			continue;
		}
		if (first || x->i < s->lo[i])
			s->lo[i] = x->i;
		if (first || x->i > s->hi[i])
			s->hi[i] = x->i;
		s->has[i] = 1;
		day = st_ev_day(d->cols[s->dateidx[i]].type, x->i);
		if (!first && day == m->last_day)
			continue;
		m->last_day = day;
		period_civil_from_days(day, &y, &mo, &dd);
		if (!first && y * 12 + mo - 1 == m->last_m)
			continue;
		m->last_m = y * 12 + mo - 1;
		months_put(m, m->last_m);
	}
}

void
blk_months_blob(const struct blk_sum *s, size_t i, struct buf *out)
{
	for (size_t k = 0; k < s->ms[i].n; k++) {
		unsigned u = (unsigned)s->ms[i].v[k];

		for (int b = 0; b < 4; b++)
			buf_addch(out, (int)((u >> (8 * b)) & 0xff));
	}
}

static int
month_at(const unsigned char *p)
{
	return (int)((unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 |
	    (unsigned)p[3] << 24);
}

int
blk_months_meet(const unsigned char *b, size_t len, int lo, int hi)
{
	size_t n = len / 4, a = 0, z = n;

	while (a < z) {
		size_t mid = (a + z) / 2;

		if (month_at(b + 4 * mid) < lo)
			a = mid + 1;
		else
			z = mid;
	}
	return a < n && month_at(b + 4 * a) <= hi;
}

int
blk_month_of(enum col_type t, long long v)
{
	int y, m, d;

	if (v == LLONG_MAX)
		return INT_MAX;
	if (v == LLONG_MIN)
		return INT_MIN;
	period_civil_from_days(st_ev_day(t, v), &y, &m, &d);
	return y * 12 + m - 1;
}

long
st_ev_day(enum col_type t, long long v)
{
	if (t == COL_DATE)
		return (long)v;
	return (long)(v >= 0 ? v / 86400 : -((-v + 86399) / 86400));
}
