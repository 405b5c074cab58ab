/*
** events.c: raw records from CSV into the store (see events.h).
**
** The header is matched to the dataset's columns by name (any order). The rows are then read
** and typed field by field (evparse.h) on a second thread (events_read.c) and written here,
** in file order, through store_ev_put(), so that memory does not grow with the file. After a
** bad row the import still reads, checks and writes the rest (the transaction is rolled back at
** the end), so one run reports every bad row. A key given twice is found by the store, at once
** or (rows out of key order) at the end: each row gives it its line, its key as text and, when
** rejects are written, the row itself, which come back in the report.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/csv.h"
#include "kpistat/events.h"
#include "kpistat/evparse.h"
#include "kpistat/outfile.h"
#include "kpistat/xmalloc.h"
#include "events_int.h"

#define PROGRESS_EVERY	16384	/* rows between progress calls */
#define WARN_LIMIT	10	/* data-quality warnings listed one by one */

/* A from/to pair a compute block uses, checked on every row. */
struct pair {
	int	from, to;	/* column indexes */
};

struct imp {
	const struct dataset	*d;
	const struct events_opts *o;
	struct csvr		*r;
	int			*pos;		/* header position of each declared column */
	size_t			 nheader;	/* fields in the header */
	struct evp_zone		 zone;
	const struct batch	*b;		/* the batch and record being written */
	const struct prow	*p;
	struct pair		*pairs;
	size_t			 npairs;
	FILE			*rej;		/* reject file, or NULL */
	struct outfile		*rejof;		/* its writer: replaced only by a successful import */
	FILE			*line;		/* with rej: a memory stream the row is written to */
	char			*linebuf;
	size_t			 linelen;
	struct buf		 note;		/* the note given with each record (see events.c) */
	size_t			*keypos;	/* header position of each key column */
	struct ev_writer	*w;
	struct events_result	*res;
	struct diags		*errs, *warn;	/* problems; warnings and skipped rows */
	long			 cut_line;	/* line of a last row with no line break, or 0 */
	long long		 stored;	/* records the dataset held before (for --replace) */
};

/* "FILE:LINE:COL" of column `col` (1-based) of the record being written (the header before). */
static const char *
col_where(struct imp *m, size_t col, char *buf, size_t n)
{
	if (m->p == NULL)
		return csvr_where(m->r, col, buf, n);
	snprintf(buf, n, "%s:%ld:%zu", csvr_name(m->r), m->p->line, col);
	return buf;
}

static const char *
field(struct imp *m, size_t i)
{
	return evr_field(m->b, m->p, i);
}

static int
read_header(struct imp *m)
{
	const struct dataset *d = m->d;
	struct kp_err e;
	char where[600];
	size_t before = m->errs->total;
	int rc = csvr_next(m->r, &e);
	char **names;

	if (rc == 0) {
		diags_add(m->errs, KP_DATA, csvr_name(m->r), "empty file: expected a header line with "
		    "the columns of dataset '%s'", d->name);
		return -1;
	}
	if (rc < 0) {
		diags_add_err(m->errs, &e);
		return -1;
	}
	m->nheader = csvr_nfields(m->r);
	names = xcalloc(d->ncols + 1, sizeof *names);
	for (size_t i = 0; i < d->ncols; i++) {
		m->pos[i] = -1;
		names[i] = d->cols[i].name;
	}
	for (size_t h = 0; h < m->nheader; h++) {
		const char *name = csvr_field(m->r, h);
		int k = csv_header_find(name, (const char *const *)names, d->ncols);
		/* "Permit ID" and " status " name permit_id and status (csv_header_find). */
		size_t i = k < 0 ? d->ncols : (size_t)k;

		col_where(m, h + 1, where, sizeof where);
		if (i == d->ncols) {
			if (!d->extra_ok)
				diags_add(m->errs, KP_DATA, where, "column '%s' is not in dataset '%s': "
				    "expected the declared columns (or extra_columns: ignore in the "
				    "catalog)", name, d->name);
		} else if (m->pos[i] >= 0) {
			diags_add(m->errs, KP_DATA, where, "column '%s' appears twice in the header",
			    d->cols[i].name);
		} else {
			m->pos[i] = (int)h;
		}
	}
	free(names);
	for (size_t k = 0; k < d->nkey; k++)
		for (size_t i = 0; i < d->ncols; i++)
			if (strcmp(d->cols[i].name, d->key[k]) == 0 && m->pos[i] >= 0)
				m->keypos[k] = (size_t)m->pos[i];
	for (size_t i = 0; i < d->ncols; i++)
		if (m->pos[i] < 0)
			diags_add(m->errs, KP_DATA, col_where(m, 1, where, sizeof where),
			    "the header has no '%s' column, which dataset '%s' declares", d->cols[i].name,
			    d->name);
	if (m->rej != NULL) {
		const char **f = xcalloc(m->nheader + 1, sizeof *f);

		for (size_t h = 0; h < m->nheader; h++)
			f[h] = csvr_field(m->r, h);
		csv_write_row(m->rej, f, m->nheader);
		free(f);
	}
	return m->errs->total > before ? -1 : 0;
}

/* A value in seconds, so that a date and a date-time compare. */
static long long
secs(const struct dataset *d, int col, const struct ev_value *v)
{
	return d->cols[col].type == COL_DATE ? v->i * 86400 : v->i;
}

static void
check_pairs(struct imp *m)
{
	char where[600];

	for (size_t k = 0; k < m->npairs; k++) {
		const struct pair *p = &m->pairs[k];
		const struct ev_value *v = &m->b->v[m->p->v0];
		const struct ev_value *f = &v[p->from], *t = &v[p->to];

		if (f->null || t->null || secs(m->d, p->to, t) >= secs(m->d, p->from, f))
			continue;
		m->res->warnings++;
		if (m->res->warnings > WARN_LIMIT)
			continue;
		diags_add(m->warn, KP_DATA, col_where(m, (size_t)m->pos[p->to] + 1, where,
		    sizeof where), "warning: %s %s is before %s %s: kept, but left out of "
		    "durations and open counts", m->d->cols[p->to].name,
		    field(m, (size_t)m->pos[p->to]), m->d->cols[p->from].name,
		    field(m, (size_t)m->pos[p->from]));
	}
}

/* A bad row: an error, or with a reject file a skipped row and a warning. */
static void
bad_row(struct imp *m, const char *where, const char *msg)
{
	if (m->rej == NULL) {
		diags_add(m->errs, KP_DATA, where, "%s", msg);
		return;
	}
	diags_add(m->warn, KP_DATA, where, "skipped: %s", msg);
}

static void
reject(struct imp *m)
{
	size_t n = m->p->nf;
	const char **f = xcalloc(n + 1, sizeof *f);

	for (size_t i = 0; i < n; i++)
		f[i] = field(m, i);
	csv_write_row(m->rej, f, n);
	free(f);
	m->res->skipped++;
}

/*
** The note a record carries into the store: its key as text (the key fields, joined by " / "),
** a NUL and, when rejects are written, the row as a CSV line. Returns its length.
*/
static size_t
make_note(struct imp *m)
{
	struct buf *b = &m->note;

	buf_reset(b);
	for (size_t k = 0; k < m->d->nkey; k++) {
		if (k > 0)
			buf_adds(b, " / ");
		buf_add(b, field(m, m->keypos[k]), evr_field_len(m->b, m->p, m->keypos[k]));
	}
	buf_addch(b, '\0');
	if (m->line != NULL) {
		size_t n = m->p->nf;
		const char **f = xcalloc(n + 1, sizeof *f);

		for (size_t i = 0; i < n; i++)
			f[i] = field(m, i);
		rewind(m->line);
		csv_write_row(m->line, f, n);
		fflush(m->line);
		buf_add(b, m->linebuf, m->linelen);
		free(f);
	}
	return b->len;
}

/* The last row has no line break and would change what is stored: refused, whatever --skip-bad. */
static void
cut_row(struct imp *m, long line, const char *what)
{
	char where[600];

	snprintf(where, sizeof where, "%s:%ld", csvr_name(m->r), line);
	diags_add(m->errs, KP_DATA, where, "the last row has no line break at its end and would "
	    "%s: the file may be cut off; check its end, or give --accept-unterminated", what);
}

/*
** A record the store found to be a problem (a key given twice, or stored under --append), or
** a stored record updated (a problem only for a last row cut off).
*/
static void
on_report(void *arg, enum ev_outcome out, long long tag, const char *note, size_t nlen)
{
	struct imp *m = arg;
	size_t klen = strnlen(note, nlen);
	char where[600], msg[400];

	if (out == EV_UPDATED) {
		if (tag == m->cut_line && !m->o->accept_unterminated) {
			snprintf(msg, sizeof msg, "update the stored record '%.*s'",
			    (int)(klen > 80 ? 80 : klen), note);
			cut_row(m, m->cut_line, msg);
		}
		return;
	}
	snprintf(where, sizeof where, "%s:%lld:%zu", csvr_name(m->r), tag, m->keypos[0] + 1);
	snprintf(msg, sizeof msg, out == EV_DUPLICATE ? "key '%.*s' appears on an earlier row of "
	    "this file: give each record once" : "key '%.*s' is already stored: --append adds "
	    "new records only (leave it out to update stored records)",
	    (int)(klen > 80 ? 80 : klen), note);
	bad_row(m, where, msg);
	if (m->rej != NULL && klen < nlen) {
		fwrite(note + klen + 1, 1, nlen - klen - 1, m->rej);
		m->res->skipped++;
	}
}

/* Check and store the current record (read and typed already). -1 only when the import cannot go on. */
static int
import_row(struct imp *m)
{
	const struct dataset *d = m->d;
	const struct prow *p = m->p;
	struct kp_err e;
	char where[600];

	if (p->status < 0) {
		bad_row(m, m->b->arena.s + p->where, m->b->arena.s + p->msg);
		goto bad;
	}
	if (!p->typed) {
		snprintf(e.msg, sizeof e.msg, "wrong number of columns: expected %zu as in the "
		    "header, found %zu", m->nheader, p->nf);
		bad_row(m, col_where(m, 1, where, sizeof where), e.msg);
		goto bad;
	}
	for (size_t k = 0; k < p->nerr; k++) {
		const struct perr *pe = &m->b->err[p->e0 + k];
		char msg[sizeof e.msg + 80];

		snprintf(msg, sizeof msg, "%s (column '%s')", m->b->arena.s + pe->msg,
		    d->cols[pe->col].name);
		bad_row(m, col_where(m, (size_t)m->pos[pe->col] + 1, where, sizeof where), msg);
	}
	if (p->nerr > 0)
		goto bad;
	if (p->cut) {
		m->cut_line = p->line;
		if (m->o->mode == EV_REPLACE && m->stored > 0 && !m->o->accept_unterminated)
			cut_row(m, p->line, "replace the stored records");
	}
	if (store_ev_put(m->w, &m->b->v[p->v0], p->line, m->note.s, make_note(m), &e) < 0) {
		diags_add_err(m->errs, &e);
		return -1;
	}
	check_pairs(m);
	return 0;
bad:
	if (m->rej != NULL)
		reject(m);
	return 0;
}

/* The distinct from/to pairs of the compute blocks on this dataset. */
static void
find_pairs(struct imp *m, const struct catalog *c)
{
	size_t cap = 0;

	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct compute *k = c->metrics[i].compute;
		struct pair p = { -1, -1 };
		size_t j;

		if (k == NULL || k->from == NULL || k->to == NULL || strcmp(k->dataset, m->d->name))
			continue;
		for (j = 0; j < m->d->ncols; j++) {
			if (strcmp(m->d->cols[j].name, k->from) == 0)
				p.from = (int)j;
			if (strcmp(m->d->cols[j].name, k->to) == 0)
				p.to = (int)j;
		}
		for (j = 0; j < m->npairs; j++)
			if (m->pairs[j].from == p.from && m->pairs[j].to == p.to)
				break;
		if (p.from < 0 || p.to < 0 || j < m->npairs)
			continue;
		m->pairs = xgrow(m->pairs, &cap, m->npairs + 1, sizeof *m->pairs);
		m->pairs[m->npairs++] = p;
	}
}

static int
run(struct imp *m, struct store *st)
{
	const struct events_opts *o = m->o;
	struct evreader *x = NULL;
	struct ev_counts counts;
	struct kp_err e;
	long next = PROGRESS_EVERY;
	int fatal = 0, last = 0;

	if (read_header(m) < 0)
		return -1;
	if (o->mode == EV_REPLACE) {
		struct ev_info in;

		if (store_ev_info(st, m->d, &in, &e) < 0) {
			diags_add_err(m->errs, &e);
			return -1;
		}
		m->stored = in.records;
	}
	if ((m->w = store_ev_begin(st, m->d, o->mode, o->path, o->by, on_report, m,
	    &e)) == NULL) {
		diags_add_err(m->errs, &e);
		return -1;
	}
	x = evr_start(m->r, m->d, m->pos, m->nheader, &m->zone, o->decimal_comma);
	while (!fatal && !last) {
		m->b = evr_next(x);
		last = m->b->last;
		for (size_t k = 0; !fatal && k < m->b->nrows; k++) {
			m->p = &m->b->rows[k];
			if (m->p->status == -2) {
				diags_add(m->errs, KP_DATA, m->b->arena.s + m->p->where, "%s",
				    m->b->arena.s + m->p->msg);
				fatal = 1;
				break;
			}
			m->res->rows++;
			if (import_row(m) < 0)
				fatal = 1;
		}
		if (o->progress != NULL && m->res->rows >= next) {
			o->progress(o->progress_arg, m->res->rows, m->b->bytes, 0);
			next = m->res->rows + PROGRESS_EVERY;
		}
	}
	evr_stop(x);
	m->p = NULL;
	memset(&counts, 0, sizeof counts);
	/* Rows that came out of key order are sorted and written now: say so on a terminal. */
	if (o->progress != NULL && !fatal)
		o->progress(o->progress_arg, m->res->rows, csvr_bytes(m->r), 2);
	if (!fatal && store_ev_finish(m->w, &counts, &e) < 0)
		diags_add_err(m->errs, &e);
	if (o->progress != NULL)
		o->progress(o->progress_arg, m->res->rows, csvr_bytes(m->r), 1);
	if (m->rej != NULL && (fflush(m->rej) != 0 || ferror(m->rej)))
		diags_add(m->errs, KP_IOERR, o->reject_path, "cannot write the rejected rows: %s",
		    strerror(errno));
	if (m->errs->total > 0) {
		store_ev_abort(m->w);
		return -1;
	}
	m->res->added = counts.added;
	m->res->updated = counts.updated;
	m->res->unchanged = counts.unchanged;
	counts.rows = m->res->rows;
	counts.skipped = m->res->skipped;
	counts.warnings = m->res->warnings;
	if (store_ev_commit(m->w, &counts, &e) < 0) {
		diags_add_err(m->errs, &e);
		return -1;
	}
	return 0;
}

int
events_import(struct store *st, const struct catalog *c, const struct events_opts *o,
    struct events_result *r, struct diags *d, struct diags *w)
{
	struct imp m;
	struct kp_err e;
	int rc = -1;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	m.o = o;
	m.res = r;
	m.errs = d;
	m.warn = w;
	if ((m.d = catalog_dataset(c, o->dataset)) == NULL) {
		diags_add(d, KP_DATA, NULL, "unknown dataset '%s': expected %s", o->dataset,
		    c->ndatasets ? "one of the datasets in the catalog ('kpistat events list')" :
		    "a dataset declared under 'datasets' in the catalog (it declares none)");
		return -1;
	}
	if (evp_zone_parse(m.d->time_zone ? m.d->time_zone : "UTC", &m.zone, &e) < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	if ((m.r = csvr_open(o->path, &e)) == NULL) {
		diags_add_err(d, &e);
		return -1;
	}
	if (o->delimiter != 0)
		csvr_set_delimiter(m.r, o->delimiter);
	if (o->reject_path != NULL && (m.rej = outfile_open(o->reject_path, &m.rejof, &e)) == NULL) {
		diags_add_err(d, &e);
		csvr_close(m.r);
		return -1;
	}
	m.pos = xcalloc(m.d->ncols + 1, sizeof *m.pos);
	m.keypos = xcalloc(m.d->nkey + 1, sizeof *m.keypos);
	buf_init(&m.note, 0);
	if (m.rej != NULL && (m.line = open_memstream(&m.linebuf, &m.linelen)) == NULL) {
		diags_add(d, KP_SOFTWARE, NULL, "cannot make a memory stream: %s", strerror(errno));
		outfile_abort(m.rejof);
		csvr_close(m.r);
		free(m.pos);
		free(m.keypos);
		return -1;
	}
	/* An IANA zone is set up here, once, before the reading thread uses it. */
	evp_zone_use(&m.zone);
	find_pairs(&m, c);
	rc = run(&m, st);
	/*
	** The rejected rows were flushed and checked before the store's commit and replace the
	** file only after it (a failed import leaves the old file); failing now is a warning.
	*/
	if (m.rejof != NULL && rc < 0)
		outfile_abort(m.rejof);
	else if (m.rejof != NULL && outfile_commit(m.rejof, &e) < 0)
		diags_add(w, KP_IOERR, e.where, "warning: the rows were imported but the rejected "
		    "rows were not saved: %s", e.msg);
	csvr_close(m.r);
	free(m.pos);
	free(m.pairs);
	free(m.keypos);
	buf_release(&m.note);
	if (m.line != NULL)
		fclose(m.line);
	free(m.linebuf);
	return rc;
}
