/*
** csv: an RFC 4180 reader and writer that knows nothing about KPIs.
**
** Limits: a record (its line, or lines when a quoted field spans several) of at most 1 MiB and
** 1,000 fields; past either, reading stops (-2) with the line it started on.
**
** The reader streams (memory does not grow with the file), wraps libcsv, strips a UTF-8 BOM,
** accepts CRLF or LF, quoted fields with embedded commas, quotes and newlines, skips blank
** lines, and checks that every field is valid UTF-8. It tells the caller, for every record,
** the physical line the record starts on, so that diagnostics read FILE:LINE:COL where COL is
** the 1-based field (column) number.
**
** Ownership: csvr_open* return a reader freed by csvr_close(). Field pointers are borrowed and
** valid until the next csvr_next() or csvr_close().
*/
#ifndef KPISTAT_CSV_H
#define KPISTAT_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "kpistat/err.h"

struct csvr;

/* Open `path` for reading ("-" is stdin). NULL on failure with e->code KP_NOINPUT. */
struct csvr *csvr_open(const char *path, struct kp_err *e);

/* Read from an open stream; `name` is used in diagnostics. The stream is not closed by csvr_close. */
struct csvr *csvr_open_fp(FILE *fp, const char *name);

/*
** Read fields separated by `c` instead of ',' (before the first csvr_next). -1 for a character
** that cannot separate fields (a quote, a line break, a space, NUL or a non-ASCII byte).
** With the default ',', a first record that is one field holding ';' or a tab is refused
** (-2): "this file looks semicolon-separated: use --delimiter ';'".
*/
int	csvr_set_delimiter(struct csvr *r, int c);

/*
** Read the next record.
**   1  a record is ready (csvr_nfields, csvr_field, csvr_line describe it)
**   0  end of input
**  -1  this record is bad (a field not UTF-8: "not UTF-8 (line 12 looks like Windows-1252):
**      save it as CSV UTF-8 (field 3)"): e says where ("FILE:LINE:COL") and what;
**      the record's fields are still readable and the caller may go on to the next record
**  -2  the input cannot be read further (I/O error, a quote never closed): e says why
*/
int	csvr_next(struct csvr *r, struct kp_err *e);

size_t	csvr_nfields(const struct csvr *r);
const char *csvr_field(const struct csvr *r, size_t i);	/* NUL-terminated; "" past the end */
size_t	csvr_field_len(const struct csvr *r, size_t i);
long	csvr_line(const struct csvr *r);		/* 1-based line the current record starts on */
/*
** The current record as one block: its fields one after another, each followed by a NUL
** (field i+1 starts csvr_field_len(r, i) + 1 bytes after field i), so that a caller keeping
** records copies each with one memcpy. Borrowed like the fields; *len is the block's size.
*/
const char *csvr_record(const struct csvr *r, size_t *len);
const char *csvr_name(const struct csvr *r);		/* the name given at open */
/* 1 when the current record ended at the end of input with no line break (a cut-off file?). */
int	csvr_unterminated(const struct csvr *r);
unsigned long long csvr_bytes(const struct csvr *r);	/* bytes consumed so far (for progress) */
void	csvr_close(struct csvr *r);

/* Format "NAME:LINE:COL" for field `col` (1-based) of the current record into buf. */
char	*csvr_where(const struct csvr *r, size_t col, char *buf, size_t n);

/* A header name normalised: trimmed, lower-case, runs of ' ', '-', '_' as one '_' ("Metric Code" -> "metric_code"). */
char	*csv_header_norm(const char *s, char *buf, size_t n);
/*
** The index among names[0..n) of the column a header name means: the one equal to its
** normalised form, else the one equal to it when '_' is left out ("Break-down" is breakdown,
** "PermitID" permit_id); -1 for none.
*/
int	csv_header_find(const char *given, const char *const *names, size_t n);

/* Write one field, quoted only when it holds a comma, quote, CR or LF (quotes doubled). */
void	csv_write_field(FILE *fp, const char *s);
/* Write `n` fields separated by commas and end the line with "\n". NULL fields are written empty. */
void	csv_write_row(FILE *fp, const char *const *fields, size_t n);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
int	utf8_valid(const char *s, size_t n);

#endif
