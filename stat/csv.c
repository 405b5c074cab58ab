/*
** csv.c: the streaming CSV reader and writer (see csv.h for the contract), the only caller
** of libcsv.
**
** libcsv does the RFC 4180 parsing but says nothing about positions, so the reader feeds it
** one physical line at a time (a line ends at LF, CRLF or a lone CR) and counts the lines
** itself. Two facts about libcsv make that enough:
**   - a record can only end on a line break (or at EOF), so each csv_parse() call completes
**     at most one record and we can stop as soon as it does: no queue, one record in memory;
**   - after a line break has been fed, the parser is inside a record only when the break sat
**     inside a quoted field, which csv_parser.quoted (a documented field) tells us. So at the
**     start of a line, "not quoted" means the next record, if any, starts on this line.
** Like libcsv, the reader drops spaces and tabs around unquoted fields and blank lines.
*/
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "kpistat/csv.h"
#include "kpistat/err.h"
#include "kpistat/xmalloc.h"

#define CSVR_CHUNK	(64 * 1024)		/* bytes per fread */
#define CSVR_MAX_RECORD	(1UL * 1024 * 1024)	/* 1 MiB: no figure or raw record is this long */
#define CSVR_MAX_FIELDS	1000			/* fields in one record */
#define CSVR_BLOCK	4096			/* libcsv grows its field buffer by this much */

struct field {
	size_t	 off;		/* into csvr.data */
	size_t	 len;		/* excluding the NUL that follows */
};

struct csvr {
	struct csv_parser p;
	FILE	*fp;
	int	 own;		/* fclose(fp) at csvr_close */
	char	*name;
	unsigned char *rbuf;	/* read buffer, CSVR_CHUNK bytes */
	size_t	 rpos, rlen;
	int	 started;	/* the first chunk has been checked for a BOM */
	int	 eof;		/* csv_fini done: every further call returns 0 */
	int	 dead;		/* -2 was returned: `err` holds why, every further call repeats it */
	struct kp_err err;
	unsigned long long bytes;
	long	 line;		/* physical line of the bytes being fed */
	int	 bol;		/* the next byte begins a physical line */
	unsigned char prev;	/* last byte fed, so that CRLF counts as one break */
	long	 rec_start;	/* line the record being parsed starts on */
	long	 field_start;	/* line the field being parsed starts on */

	/* The current record: fields packed into `data`, each followed by a NUL. */
	char	*data;
	size_t	 dlen, dcap;
	struct field *f;
	size_t	 nf, fcap;
	long	 rec_line;
	int	 rec_done;
	int	 clean;		/* the record is ASCII without NUL: nothing for check_fields */
	int	 unterminated;	/* the record ended at EOF without a line break */
	unsigned char delim;	/* field separator (',' unless csvr_set_delimiter) */
	long	 nrec;		/* records returned so far */
};

static struct csvr *csvr_new(FILE *, int, const char *);
static void	on_field(void *, size_t, void *);
static void	on_row(int, void *);
static int	fill(struct csvr *);
static int	check_nfields(struct csvr *);
static int	feed_line(struct csvr *);
static size_t	split_line(struct csvr *, const unsigned char *, size_t);
static int	fail(struct csvr *, int, long, size_t, const char *);
static int	check_fields(struct csvr *, struct kp_err *);
static size_t	utf8_prefix(const char *, size_t);

static struct csvr *
csvr_new(FILE *fp, int own, const char *name)
{
	struct csvr *r = xcalloc(1, sizeof *r);

	/* CSV_STRICT_FINI only works together with CSV_STRICT. */
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	/* xrealloc exits on out-of-memory, so CSV_ENOMEM never reaches us. */
	csv_set_realloc_func(&r->p, xrealloc);
	csv_set_free_func(&r->p, free);
	csv_set_blk_size(&r->p, CSVR_BLOCK);
	r->fp = fp;
	r->own = own;
	r->name = xstrdup(name);
	r->rbuf = xmalloc(CSVR_CHUNK);
	r->line = 1;
	r->bol = 1;
	r->rec_start = r->field_start = 1;
	r->delim = ',';
	return r;
}

/*
** Open `path` for reading, "-" meaning stdin (named "<stdin>" in diagnostics). A directory is
** refused here, because fopen() accepts one and only the first read would fail.
*/
struct csvr *
csvr_open(const char *path, struct kp_err *e)
{
	struct stat st;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return csvr_new(stdin, 0, "<stdin>");
	if ((fp = fopen(path, "r")) == NULL) {
		err_set(e, KP_NOINPUT, NULL, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		err_set(e, KP_NOINPUT, NULL, "cannot read '%s': it is a directory, not a CSV file",
		    path);
		return NULL;
	}
	return csvr_new(fp, 1, path);
}

/*
** Read from a stream the caller owns; `name` appears in diagnostics.
*/
struct csvr *
csvr_open_fp(FILE *fp, const char *name)
{
	return csvr_new(fp, 0, name ? name : "<stream>");
}

/* libcsv's field callback: append the field to the current record. */
static void
on_field(void *s, size_t n, void *arg)
{
	struct csvr *r = arg;

	if (r->nf == r->fcap)
		r->f = xgrow(r->f, &r->fcap, r->nf + 1, sizeof *r->f);
	if (r->dlen + n + 1 > r->dcap)
		r->data = xgrow(r->data, &r->dcap, r->dlen + n + 1, 1);
	if (n > 0)
		memcpy(r->data + r->dlen, s, n);
	r->data[r->dlen + n] = '\0';
	r->f[r->nf].off = r->dlen;
	r->f[r->nf].len = n;
	r->nf++;
	r->dlen += n + 1;
	/*
	** If a comma ended this field the next one starts on this line; if a line break did,
	** on_row follows and the next line start resets field_start.
	*/
	r->field_start = r->line;
}

/* libcsv's record callback: the record is complete. */
static void
on_row(int c, void *arg)
{
	struct csvr *r = arg;

	/* libcsv passes the line break that ended the record, or -1 when csv_fini ended it. */
	r->unterminated = c == -1;
	r->rec_line = r->rec_start;
	r->rec_done = 1;
}

/* Record a fatal error in r->err, mark the reader dead and return -2. */
static int
fail(struct csvr *r, int code, long line, size_t col, const char *msg)
{
	char where[sizeof r->err.where];

	if (line > 0 && col > 0)
		snprintf(where, sizeof where, "%s:%ld:%zu", r->name, line, col);
	else if (line > 0)
		snprintf(where, sizeof where, "%s:%ld", r->name, line);
	else
		snprintf(where, sizeof where, "%s", r->name);
	err_set(&r->err, code, where, "%s", msg);
	r->dead = 1;
	return -2;
}

/*
** Refill the read buffer. At the very start, drop a UTF-8 BOM and recognise the files people
** most often mistake for CSV, so that they hear what to do instead of "invalid UTF-8".
*/
static int
fill(struct csvr *r)
{
	const unsigned char *b = r->rbuf;

	r->rpos = 0;
	r->rlen = fread(r->rbuf, 1, CSVR_CHUNK, r->fp);
	if (r->rlen == 0 && ferror(r->fp)) {
		char msg[300];

		snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
		return fail(r, KP_IOERR, 0, 0, msg);
	}
	if (r->started)
		return 0;
	r->started = 1;
	if (r->rlen >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		r->rpos = 3;
		r->bytes = 3;
	} else if (r->rlen >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return fail(r, KP_DATA, 0, 0,
		    "the file is UTF-16 text, not UTF-8: save it as 'CSV UTF-8 (comma delimited)'");
	else if (r->rlen >= 4 && ((b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) ||
	    (b[0] == 0xD0 && b[1] == 0xCF && b[2] == 0x11 && b[3] == 0xE0)))
		return fail(r, KP_DATA, 0, 0, "the file is a spreadsheet workbook (.xlsx, .xls or "
		    ".ods), not CSV: save it as 'CSV UTF-8 (comma delimited)'");
	return 0;
}

/* Space or tab: what libcsv drops around unquoted fields. */
static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
** Split a complete, quote-free line (ending in its line break) into a record; returns n. One
** pass finds the commas and notes whether the line is plain ASCII without NUL bytes, in which
** case check_fields() has nothing to check.
*/
static size_t
split_line(struct csvr *r, const unsigned char *b, size_t n)
{
	const unsigned char *p = b, *end = b + n - 1;
	unsigned high = 0, nul = 0;

	while (p < end && is_blank(*p))
		p++;
	if (p == end)
		return n;		/* a blank line: no record, as libcsv */
	p = b;
	for (;;) {
		const unsigned char *s, *e;

		while (p < end && is_blank(*p))
			p++;
		s = p;
		for (; p < end && *p != r->delim; p++) {
			high |= *p;
			nul |= *p == 0;
		}
		e = p;
		while (e > s && is_blank(e[-1]))
			e--;
		on_field((void *)(uintptr_t)s, (size_t)(e - s), r);
		if (p == end)
			break;
		p++;
	}
	on_row(b[n - 1], r);
	r->clean = !(high & 0x80) && !nul;
	return n;
}

/*
** Feed libcsv the rest of the current physical line, or as much of it as the buffer holds.
** Returns 0, or -2 on a parse error.
*/
static int
feed_line(struct csvr *r)
{
	const unsigned char *b = r->rbuf + r->rpos, *nl, *cr;
	size_t avail = r->rlen - r->rpos, seg, got;
	unsigned char last;

	nl = memchr(b, '\n', avail);
	seg = nl ? (size_t)(nl - b) + 1 : avail;
	if ((cr = memchr(b, '\r', seg)) != NULL)
		seg = (size_t)(cr - b) + 1;
	if (r->bol) {
		/* A line break outside quotes always ends the record (see the top of the file). */
		if (!r->p.quoted)
			r->rec_start = r->field_start = r->line;
		r->bol = 0;
	}
	/*
	** The fast path: a whole line with no quote, starting between records, is split here
	** with memchr instead of going through libcsv byte by byte (several times faster on the
	** plain lines that make up nearly every large export). It gives what libcsv would: fields
	** split at commas, spaces and tabs around each field dropped, a blank line no record.
	*/
	if (r->p.pstate == 0 && !r->p.quoted && r->nf == 0 && (b[seg - 1] == '\n' ||
	    b[seg - 1] == '\r') && memchr(b, '"', seg) == NULL)
		got = split_line(r, b, seg);
	else
		got = csv_parse(&r->p, b, seg, on_field, on_row, r);
	r->rpos += got;
	r->bytes += got;
	if (got < seg) {
		char msg[300];

		/* A quoted field in a header split by ';' trips CSV_STRICT before check_separator. */
		if (r->nrec == 0 && r->delim == ',' && memchr(b, ';', seg) != NULL)
			return fail(r, KP_DATA, r->line, 0, "this file looks semicolon-separated: "
			    "use --delimiter ';'");
		/* CSV_STRICT stops on a quote that is out of place; quoted tells which kind. */
		if (r->p.quoted)
			snprintf(msg, sizeof msg, "unexpected text after the closing quote of field %zu: "
			    "a quote inside a quoted field must be doubled (\"\")", r->nf + 1);
		else
			snprintf(msg, sizeof msg, "stray quote in unquoted field %zu: put the whole "
			    "field in quotes and double the quotes inside it (\"say \"\"hi\"\"\")", r->nf + 1);
		return fail(r, KP_DATA, r->line, r->nf + 1, msg);
	}
	last = b[seg - 1];
	if (last == '\r' || last == '\n') {
		/* A '\n' alone in its segment right after a '\r' is the second half of a CRLF. */
		if (!(last == '\n' && seg == 1 && r->prev == '\r'))
			r->line++;
		r->bol = 1;
	}
	r->prev = last;
	if (r->dlen + r->nf * sizeof *r->f + csv_get_buffer_size(&r->p) > CSVR_MAX_RECORD) {
		char msg[300];

		snprintf(msg, sizeof msg, "the record starting on line %ld is larger than %lu MiB, "
		    "the most kpistat reads as one line or field: is a quoted field missing its "
		    "closing quote?", r->rec_start, CSVR_MAX_RECORD >> 20);
		return fail(r, KP_DATA, r->rec_start, 0, msg);
	}
	return check_nfields(r);
}

/* -2 (and the reader dead) when the record has more fields than kpistat reads, else 0. */
static int
check_nfields(struct csvr *r)
{
	char msg[300];

	if (r->nf <= CSVR_MAX_FIELDS)
		return 0;
	snprintf(msg, sizeof msg, "the record starting on line %ld has more than %d fields, "
	    "the most kpistat reads in one record", r->rec_start, CSVR_MAX_FIELDS);
	return fail(r, KP_DATA, r->rec_start, 0, msg);
}

/*
** 1 when the bytes past ASCII in s[0..n) all stand for characters in Windows-1252 (every byte
** 0x80..0xFF but the five it leaves undefined): the usual reason a CSV is not UTF-8 is that
** Excel saved it as "CSV (comma delimited)" in that code page.
*/
static int
looks_cp1252(const unsigned char *s, size_t n)
{
	int high = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80)
			continue;
		if (s[i] == 0x81 || s[i] == 0x8D || s[i] == 0x8F || s[i] == 0x90 || s[i] == 0x9D)
			return 0;
		high = 1;
	}
	return high;
}

/* Line breaks (LF, CR or CRLF) in s[0..n): how many lines a field spans past its first. */
static long
breaks_in(const char *s, size_t n)
{
	long k = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

/*
** Check the encoding of every field of the completed record; -1 names the first bad one. The
** message names the physical line of the bad field (a quoted field may span lines) and, when
** the bytes read as Windows-1252, says so: that file needs saving again, not fixing by hand.
*/
static int
check_fields(struct csvr *r, struct kp_err *e)
{
	char where[sizeof e->where];
	long line = r->rec_line;
	size_t ok;

	for (size_t i = 0; i < r->nf; line += breaks_in(r->data + r->f[i].off, r->f[i].len), i++) {
		const char *s = r->data + r->f[i].off;
		size_t n = r->f[i].len;

		if (memchr(s, '\0', n) != NULL)
			return err_set(e, KP_DATA, csvr_where(r, i + 1, where, sizeof where),
			    "NUL byte in field %zu: the file is not text; save it as "
			    "'CSV UTF-8 (comma delimited)'", i + 1);
		if ((ok = utf8_prefix(s, n)) == n)
			continue;
		line += breaks_in(s, ok);
		if (looks_cp1252((const unsigned char *)s, n))
			return err_set(e, KP_DATA, csvr_where(r, i + 1, where, sizeof where),
			    "not UTF-8 (line %ld looks like Windows-1252): save it as CSV UTF-8 "
			    "(field %zu)", line, i + 1);
		return err_set(e, KP_DATA, csvr_where(r, i + 1, where, sizeof where),
		    "not UTF-8 (line %ld, field %zu): save it as CSV UTF-8", line, i + 1);
	}
	return 0;
}

/*
** The first record of a comma-separated file that is one field holding semicolons (or tabs),
** or has a field with two semicolons, is a file saved with another separator, as Excel does in many European locales: say which
** option reads it rather than let the caller call it one long unknown column.
*/
static int
check_separator(struct csvr *r, struct kp_err *e)
{
	const char *s = r->nf == 1 ? r->data + r->f[0].off : "";
	const char *opt = strchr(s, ';') ? "';'" : strchr(s, '\t') ? "tab" : NULL;
	char where[sizeof e->where];

	/* "metric;period;value, in units" has a comma too: a field with two ';' says the same. */
	for (size_t i = 0; opt == NULL && i < r->nf; i++) {
		const char *p = strchr(r->data + r->f[i].off, ';');

		if (p != NULL && strchr(p + 1, ';') != NULL)
			opt = "';'";
	}

	if (r->delim != ',' || opt == NULL)
		return 0;
	snprintf(where, sizeof where, "%s:%ld", r->name, r->rec_line);
	err_set(e, KP_DATA, where, "this file looks %s-separated: use --delimiter %s",
	    opt[0] == '\'' ? "semicolon" : "tab", opt);
	r->err = *e;
	r->dead = 1;
	return -2;
}

/*
** Read the next record: 1, 0 at the end, -1 for a record with a bad field (readable, and the
** next call goes on), -2 when reading cannot go on (repeated on every later call).
*/
int
csvr_next(struct csvr *r, struct kp_err *e)
{
	if (r->dead) {
		if (e != NULL)
			*e = r->err;
		return -2;
	}
	if (r->eof)
		return 0;
	r->nf = 0;
	r->dlen = 0;
	r->rec_done = 0;
	r->clean = 0;
	while (!r->rec_done) {
		if (r->rpos == r->rlen) {
			if (fill(r) < 0)
				return csvr_next(r, e);
			if (r->rlen == 0) {
				/* EOF: flush a last line without a line break. */
				if (csv_fini(&r->p, on_field, on_row, r) != 0) {
					char msg[300];

					snprintf(msg, sizeof msg, "unterminated quoted field starting "
					    "on line %ld: add the closing quote", r->field_start);
					fail(r, KP_DATA, r->field_start, r->nf + 1, msg);
					return csvr_next(r, e);
				}
				r->eof = 1;
				/* csv_fini may add the last field of a line without a line break. */
				if (check_nfields(r) < 0)
					return csvr_next(r, e);
				if (!r->rec_done) {
					r->nf = 0;
					return 0;
				}
				break;
			}
			continue;
		}
		if (feed_line(r) < 0)
			return csvr_next(r, e);
	}
	if (r->nrec++ == 0 && check_separator(r, e) < 0)
		return -2;
	return !r->clean && check_fields(r, e) < 0 ? -1 : 1;
}

int
csvr_set_delimiter(struct csvr *r, int c)
{
	if (c == '"' || c == '\r' || c == '\n' || c == ' ' || c == '\0' || (unsigned)c > 0x7F)
		return -1;
	r->delim = (unsigned char)c;
	csv_set_delim(&r->p, r->delim);
	return 0;
}

int
csvr_unterminated(const struct csvr *r)
{
	return r->unterminated;
}

/* a and b equal when '_' is left out of both ("break_down" is "breakdown"). */
static int
eq_blind(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '_')
			a++;
		while (*b == '_')
			b++;
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
	}
}

int
csv_header_find(const char *given, const char *const *names, size_t n)
{
	char norm[256];

	csv_header_norm(given, norm, sizeof norm);
	for (size_t i = 0; i < n; i++)
		if (strcmp(norm, names[i]) == 0)
			return (int)i;
	for (size_t i = 0; i < n; i++)
		if (eq_blind(norm, names[i]))
			return (int)i;
	return -1;
}

/*
** A header name as people vary it, in the form column names take: spaces around dropped,
** letters lower-cased, each run of spaces, '-' or '_' one '_'. "Metric Code" -> "metric_code".
*/
char *
csv_header_norm(const char *s, char *buf, size_t n)
{
	size_t k = 0;
	int gap = 0;

	if (n == 0)
		return buf;
	for (; *s == ' ' || *s == '\t'; s++)
		;
	for (; *s != '\0' && k + 2 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '-' || c == '_') {
			gap = 1;
			continue;
		}
		if (gap && k > 0)
			buf[k++] = '_';
		gap = 0;
		buf[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	buf[k] = '\0';
	return buf;
}

size_t
csvr_nfields(const struct csvr *r)
{
	return r->nf;
}

/* Field `i` (0-based) of the current record; "" past the end. Borrowed until csvr_next. */
const char *
csvr_field(const struct csvr *r, size_t i)
{
	return i < r->nf ? r->data + r->f[i].off : "";
}

size_t
csvr_field_len(const struct csvr *r, size_t i)
{
	return i < r->nf ? r->f[i].len : 0;
}

long
csvr_line(const struct csvr *r)
{
	return r->rec_line;
}

const char *
csvr_record(const struct csvr *r, size_t *len)
{
	*len = r->dlen;
	return r->data != NULL ? r->data : "";
}

const char *
csvr_name(const struct csvr *r)
{
	return r->name;
}

unsigned long long
csvr_bytes(const struct csvr *r)
{
	return r->bytes;
}

/*
** Free the reader; closes the file only when csvr_open opened it. csvr_close(NULL) is a no-op.
*/
void
csvr_close(struct csvr *r)
{
	if (r == NULL)
		return;
	csv_free(&r->p);
	if (r->own)
		fclose(r->fp);
	free(r->name);
	free(r->rbuf);
	free(r->data);
	free(r->f);
	free(r);
}

/*
** "NAME:LINE:COL" for field `col` (1-based) of the current record.
*/
char *
csvr_where(const struct csvr *r, size_t col, char *buf, size_t n)
{
	if (n > 0)
		snprintf(buf, n, "%s:%ld:%zu", r->name, r->rec_line, col);
	return buf;
}

/*
** Write one field, quoted when it holds a comma, quote, CR or LF, and also when it begins or
** ends with a space or tab, which the reader would otherwise trim. NULL is written empty.
*/
void
csv_write_field(FILE *fp, const char *s)
{
	size_t n;
	const char *p;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\t' &&
	    s[n - 1] != ' ' && s[n - 1] != '\t') {
		fwrite(s, 1, n, fp);
		return;
	}
	putc('"', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			putc('"', fp);
		putc(*p, fp);
	}
	putc('"', fp);
}

/*
** Write `n` fields separated by commas and a "\n". A single empty field is written as "" so
** that the line is not blank (the reader skips blank lines).
*/
void
csv_write_row(FILE *fp, const char *const *fields, size_t n)
{
	size_t i;

	if (n == 1 && (fields[0] == NULL || fields[0][0] == '\0'))
		fputs("\"\"", fp);
	else
		for (i = 0; i < n; i++) {
			if (i > 0)
				putc(',', fp);
			csv_write_field(fp, fields[i]);
		}
	putc('\n', fp);
}

/*
** 1 when s[0..n) is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
** (U+D800..DFFF), nothing past U+10FFFF, no truncated sequence at the end.
*/
int
utf8_valid(const char *s, size_t n)
{
	return utf8_prefix(s, n) == n;
}

/* Bytes of s[0..n) before the first that is not well-formed UTF-8 (n when all are). */
static size_t
utf8_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c;
		size_t need, i;
		uint64_t w;

		/* Most text is ASCII: skip it a word, then a byte, at a time. */
		for (; end - p >= 8; p += 8) {
			memcpy(&w, p, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
		}
		while (p < end && *p < 0x80)
			p++;
		if (p == end)
			break;
		c = *p;
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return (size_t)(p - (const unsigned char *)s);	/* a continuation byte, C0/C1, F5..FF */
		if ((size_t)(end - p) <= need)
			return (size_t)(p - (const unsigned char *)s);
		for (i = 1; i <= need; i++)
			if ((p[i] & 0xC0) != 0x80)
				return (size_t)(p - (const unsigned char *)s);
		/* The second byte's range rules out overlongs, surrogates and > U+10FFFF. */
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
		    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
			return (size_t)(p - (const unsigned char *)s);
		p += need + 1;
	}
	return n;
}
