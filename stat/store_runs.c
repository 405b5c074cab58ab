/*
** store_runs.c: records that came out of key order (see store_events.h). They are kept in a
** run of bounded memory; a full run is sorted by key (stably: file order among equal keys) and
** spilled to a temporary file. At the end the runs are merged (a heap of run readers, ties to
** the earlier run) into one stream in key order, which goes to a merge pass over the stored
** blocks; of records with the same key the first is kept and the others reported.
**
** Memory: RUN_BYTES for the run, and READ_BYTES per spilled run while merging. A 5M-row file
** in random key order makes about 80 runs.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/xmalloc.h"
#include "store_ev_int.h"

#define RUN_BYTES	(6u << 20)	/* a run's keys, rows and notes */
#define READ_BYTES	(32u << 10)	/* read buffer of a spilled run while merging */

/* ---- sorting a run --------------------------------------------------------------------- */

static int
rec_le(const struct recs *rs, const struct rec *a, const struct rec *b)
{
	return key_cmp(REC_KEY(rs, a), a->klen, REC_KEY(rs, b), b->klen) <= 0;
}

/* Stable bottom-up merge sort of rs->r by key, passes alternating between two arrays. */
static void
sort_run(struct recs *rs)
{
	size_t n = rs->n;
	struct rec *a = rs->r, *t = xcalloc(n + 1, sizeof *t), *from = a, *to = t, *x;

	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n, i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				to[k++] = rec_le(rs, &from[i], &from[j]) ? from[i++] : from[j++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		x = from;
		from = to;
		to = x;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	free(t);
}

/* ---- spilling --------------------------------------------------------------------------- */

static int
io_err(struct ev_writer *w, struct kp_err *e)
{
	return err_set(e, KP_IOERR, NULL, "cannot sort the records of '%s' that are out of key "
	    "order in a temporary file (TMPDIR, else /tmp): %s", w->d->name, strerror(errno));
}

/*
** The temporary file, in $TMPDIR (else /tmp), unlinked at once: it goes away with the process,
** however that ends. (tmpfile() would always use /tmp.)
*/
static FILE *
open_tmp(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/kpistat-sort.XXXXXX", dir) >= sizeof path) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	unlink(path);
	if ((fp = fdopen(fd, "w+")) == NULL)
		close(fd);
	return fp;
}

static int
spill(struct ev_writer *w, struct kp_err *e)
{
	struct runs *r = &w->runs;
	struct recs *rs = &r->cur;
	struct buf b = BUF_INIT;
	long long start = r->end;

	if (r->tmp == NULL && (r->tmp = open_tmp()) == NULL)
		return io_err(w, e);
	sort_run(rs);
	for (size_t k = 0; k < rs->n; k++) {
		const struct rec *x = &rs->r[k];

		blk_put_varint(&b, (unsigned long long)x->tag);
		blk_put_varint(&b, x->klen);
		blk_put_varint(&b, x->rlen);
		blk_put_varint(&b, x->nlen);
		buf_add(&b, (const char *)REC_KEY(rs, x), x->klen);
		buf_add(&b, (const char *)REC_ROW(rs, x), x->rlen);
		buf_add(&b, REC_NOTE(rs, x), x->nlen);
		if (b.len >= (64u << 10) || k + 1 == rs->n) {
			if (fwrite(b.s, 1, b.len, r->tmp) != b.len) {
				buf_release(&b);
				return io_err(w, e);
			}
			r->end += (long long)b.len;
			buf_reset(&b);
		}
	}
	buf_release(&b);
	r->spans = xgrow(r->spans, &r->cap, r->nspans + 1, sizeof *r->spans);
	r->spans[r->nspans].off = start;
	r->spans[r->nspans].len = r->end - start;
	r->nspans++;
	recs_reset(rs);
	return 0;
}

int
runs_add(struct ev_writer *w, const unsigned char *key, size_t klen, const unsigned char *row,
    size_t rlen, long long tag, const char *note, size_t nlen, struct kp_err *e)
{
	struct recs *rs = &w->runs.cur;

	if (rs->a.cap == 0)
		recs_init(rs);
	recs_add(rs, key, klen, row, rlen, note, nlen, 0, tag);
	return rs->a.len >= RUN_BYTES ? spill(w, e) : 0;
}

void
runs_free(struct runs *r)
{
	recs_release(&r->cur);
	if (r->tmp != NULL)
		fclose(r->tmp);
	free(r->spans);
	memset(r, 0, sizeof *r);
}

/* ---- merging ------------------------------------------------------------------------------ */

/* A spilled run being read back: its next record is (tag, key, row, note). */
struct reader {
	long long		 pos, end;	/* file offsets still to read */
	unsigned char		*buf;
	size_t			 len, at, cap;
	long long		 tag;
	const unsigned char	*key, *row;
	const char		*note;
	size_t			 klen, rlen, nlen;
};

/* Have at least `need` bytes from `at` in the buffer (fewer only at the run's end). */
static int
fill(int fd, struct reader *r, size_t need)
{
	if (r->len - r->at >= need)
		return 0;
	memmove(r->buf, r->buf + r->at, r->len - r->at);
	r->len -= r->at;
	r->at = 0;
	if (need > r->cap) {
		r->cap = need;
		r->buf = xrealloc(r->buf, r->cap);
	}
	while (r->len < r->cap && r->pos < r->end) {
		size_t want = r->cap - r->len;
		ssize_t got;

		if ((long long)want > r->end - r->pos)
			want = (size_t)(r->end - r->pos);
		if ((got = pread(fd, r->buf + r->len, want, (off_t)r->pos)) <= 0)
			return -1;
		r->len += (size_t)got;
		r->pos += got;
	}
	return 0;
}

/* Read the run's next record: 1, or 0 at its end; -1 on a read error. */
static int
next(int fd, struct reader *r)
{
	const unsigned char *p, *end;
	unsigned long long v[4];

	if (fill(fd, r, 40) < 0)
		return -1;
	if (r->at == r->len)
		return 0;
	p = r->buf + r->at;
	end = r->buf + r->len;
	for (int i = 0; i < 4; i++)
		if (blk_get_varint(&p, end, &v[i]) < 0)
			return -1;
	{
		size_t head = (size_t)(p - (r->buf + r->at)), body = v[1] + v[2] + v[3];

		if (fill(fd, r, head + body) < 0 || r->len - r->at < head + body)
			return -1;
		p = r->buf + r->at + head;
		r->tag = (long long)v[0];
		r->key = p;
		r->klen = v[1];
		r->row = p + v[1];
		r->rlen = v[2];
		r->note = (const char *)p + v[1] + v[2];
		r->nlen = v[3];
		r->at += head + body;
	}
	return 1;
}

/* Whether reader a's record comes before b's (by key, then by run: a < b in file order). */
static int
before(const struct reader *rd, size_t a, size_t b)
{
	int c = key_cmp(rd[a].key, rd[a].klen, rd[b].key, rd[b].klen);

	return c < 0 || (c == 0 && a < b);
}

static void
sift_down(size_t *h, size_t n, const struct reader *rd, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < n && before(rd, h[l], h[m]))
			m = l;
		if (r < n && before(rd, h[r], h[m]))
			m = r;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static int
merge_memory(struct ev_writer *w, struct kp_err *e)
{
	struct recs *rs = &w->runs.cur;

	sort_run(rs);
	for (size_t k = 0; k < rs->n; k++) {
		const struct rec *x = &rs->r[k];

		if (mj_feed_first(w, REC_KEY(rs, x), x->klen, REC_ROW(rs, x), x->rlen, x->tag,
		    REC_NOTE(rs, x), x->nlen, e) < 0)
			return -1;
	}
	recs_reset(rs);
	return 0;
}

static int
merge_spilled(struct ev_writer *w, struct kp_err *e)
{
	struct runs *r = &w->runs;
	size_t n = r->nspans, hn = 0, *h = xcalloc(n + 1, sizeof *h);
	struct reader *rd = xcalloc(n + 1, sizeof *rd);
	int fd, rc = -1;

	if (fflush(r->tmp) != 0) {
		io_err(w, e);
		goto out;
	}
	fd = fileno(r->tmp);
	for (size_t i = 0; i < n; i++) {
		rd[i].pos = r->spans[i].off;
		rd[i].end = r->spans[i].off + r->spans[i].len;
		rd[i].cap = READ_BYTES;
		rd[i].buf = xmalloc(rd[i].cap);
		switch (next(fd, &rd[i])) {
		case 1: h[hn++] = i; break;
		case 0: break;
		default: io_err(w, e); goto out;
		}
	}
	for (size_t i = hn; i-- > 0;)
		sift_down(h, hn, rd, i);
	while (hn > 0) {
		struct reader *x = &rd[h[0]];

		if (mj_feed_first(w, x->key, x->klen, x->row, x->rlen, x->tag, x->note, x->nlen, e) < 0)
			goto out;
		switch (next(fd, x)) {
		case 1: break;
		case 0: h[0] = h[--hn]; break;
		default: io_err(w, e); goto out;
		}
		sift_down(h, hn, rd, 0);
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(rd[i].buf);
	free(rd);
	free(h);
	return rc;
}

int
runs_finish(struct ev_writer *w, struct kp_err *e)
{
	struct runs *r = &w->runs;

	if (r->nspans == 0 && r->cur.n == 0)
		return 0;
	if (mj_begin(w, e) < 0)
		return -1;
	if (r->nspans == 0) {
		if (merge_memory(w, e) < 0)
			return -1;
	} else if ((r->cur.n > 0 && spill(w, e) < 0) || merge_spilled(w, e) < 0) {
		return -1;
	}
	return mj_end(w, e);
}
