/*
** test_csv.c: the CSV reader and writer, mostly table-driven: each case is an input and the
** records (with the line each starts on) that must come out of it.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/csv.h"
#include "kpistat/err.h"
#include "kpistat/xmalloc.h"

#define MAXF	4
#define MAXR	6

struct rec {
	long	 line;
	size_t	 nf;
	const char *f[MAXF];
};

struct rcase {
	const char *name;
	const char *in;
	size_t	 nrec;
	struct rec r[MAXR];
};

static FILE	*mkfile(const char *, size_t);
static void	 expect_records(const struct rcase *);

/* A temporary file holding s[0..n), rewound. */
static FILE *
mkfile(const char *s, size_t n)
{
	FILE *fp = tmpfile();

	assert_non_null(fp);
	if (n > 0)
		assert_int_equal(fwrite(s, 1, n, fp), n);
	rewind(fp);
	return fp;
}

static void
expect_records(const struct rcase *c)
{
	FILE *fp = mkfile(c->in, strlen(c->in));
	struct csvr *r = csvr_open_fp(fp, "t.csv");
	struct kp_err e;
	size_t i, j;

	for (i = 0; i < c->nrec; i++) {
		int rc = csvr_next(r, &e);

		if (rc != 1)
			fail_msg("%s: record %zu: rc %d: %s: %s", c->name, i, rc, e.where, e.msg);
		if (csvr_line(r) != c->r[i].line)
			fail_msg("%s: record %zu: line %ld, want %ld", c->name, i, csvr_line(r),
			    c->r[i].line);
		if (csvr_nfields(r) != c->r[i].nf)
			fail_msg("%s: record %zu: %zu fields, want %zu", c->name, i, csvr_nfields(r),
			    c->r[i].nf);
		for (j = 0; j < c->r[i].nf; j++)
			if (strcmp(csvr_field(r, j), c->r[i].f[j]) != 0)
				fail_msg("%s: record %zu field %zu: '%s', want '%s'", c->name, i, j,
				    csvr_field(r, j), c->r[i].f[j]);
	}
	if (csvr_next(r, &e) != 0)
		fail_msg("%s: more records than the %zu expected", c->name, c->nrec);
	assert_int_equal(csvr_next(r, &e), 0);	/* and it stays at the end */
	assert_int_equal(csvr_bytes(r), strlen(c->in));
	csvr_close(r);
	fclose(fp);
}

static const struct rcase cases[] = {
	{ "header and rows", "metric,period,value\npermits.days,2026-09,4.2\nx,2026-10,5\n", 3, {
		{ 1, 3, { "metric", "period", "value" } },
		{ 2, 3, { "permits.days", "2026-09", "4.2" } },
		{ 3, 3, { "x", "2026-10", "5" } } } },
	{ "crlf", "a,b\r\nc,d\r\n\r\ne,f\r\n", 3, {
		{ 1, 2, { "a", "b" } }, { 2, 2, { "c", "d" } }, { 4, 2, { "e", "f" } } } },
	{ "bom", "\xEF\xBB\xBFmetric,value\nm,1\n", 2, {
		{ 1, 2, { "metric", "value" } }, { 2, 2, { "m", "1" } } } },
	{ "quoted comma", "\"Smith, J\",\"1,234\"\n", 1, {
		{ 1, 2, { "Smith, J", "1,234" } } } },
	{ "embedded newline", "a,\"two\nlines\",b\nc,d\n", 2, {
		{ 1, 3, { "a", "two\nlines", "b" } }, { 3, 2, { "c", "d" } } } },
	{ "embedded crlf", "a,\"x\r\ny\r\nz\"\r\nc\r\n", 2, {
		{ 1, 2, { "a", "x\r\ny\r\nz" } }, { 4, 1, { "c" } } } },
	{ "newline first in field", "\"\nx\",y\nz\n", 2, {
		{ 1, 2, { "\nx", "y" } }, { 3, 1, { "z" } } } },
	{ "quoted blank lines", "\"a\n\n\nb\"\nc\n", 2, {
		{ 1, 1, { "a\n\n\nb" } }, { 5, 1, { "c" } } } },
	{ "doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", 1, {
		{ 1, 2, { "say \"hi\"", "\"" } } } },
	{ "blank lines", "\n\na\n\n  \n\t\r\nb\n\n", 2, {
		{ 3, 1, { "a" } }, { 7, 1, { "b" } } } },
	{ "no trailing newline", "a,b\nc,d", 2, {
		{ 1, 2, { "a", "b" } }, { 2, 2, { "c", "d" } } } },
	{ "no trailing newline, quoted", "a\n\"c\nd\"", 2, {
		{ 1, 1, { "a" } }, { 2, 1, { "c\nd" } } } },
	{ "lone cr", "a,b\rc,d\r\re\r", 3, {
		{ 1, 2, { "a", "b" } }, { 2, 2, { "c", "d" } }, { 4, 1, { "e" } } } },
	{ "spaces trimmed outside quotes", " a , b\t,\" c \" \n", 1, {
		{ 1, 3, { "a", "b", " c " } } } },
	{ "empty fields", ",,\na,\n\"\"\n", 3, {
		{ 1, 3, { "", "", "" } }, { 2, 2, { "a", "" } }, { 3, 1, { "" } } } },
	{ "utf-8", "caf\xC3\xA9,\xE2\x82\xAC" "5,\xF0\x9F\x98\x80\n", 1, {
		{ 1, 3, { "caf\xC3\xA9", "\xE2\x82\xAC" "5", "\xF0\x9F\x98\x80" } } } },
	{ "empty file", "", 0, { { 0, 0, { NULL } } } },
	{ "bom only", "\xEF\xBB\xBF", 0, { { 0, 0, { NULL } } } },
	{ "blank lines only", "\n\r\n  \n", 0, { { 0, 0, { NULL } } } },
};

static void
test_records(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_records(&cases[i]);
}

/* A bad record is reported with FILE:LINE:COL, stays readable, and reading goes on. */
static void
test_invalid_utf8_recovers(void **state)
{
	static const struct {
		const char *field;
		size_t	 len;		/* 0: strlen(field) */
		const char *what;
	} bad[] = {
		{ "caf\xE9", 0, "latin-1" },
		{ "\xC0\xAF", 0, "overlong /" },
		{ "\xE0\x80\xAF", 0, "overlong 3-byte" },
		{ "\xED\xA0\x80", 0, "surrogate" },
		{ "\xF4\x90\x80\x80", 0, "past U+10FFFF" },
		{ "\xE2\x82", 0, "truncated" },
		{ "\x80", 0, "lone continuation" },
		{ "a\0b", 3, "NUL" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char in[64];
		int n = snprintf(in, sizeof in, "a,b\n\"q\nq\",");
		size_t flen = bad[i].len ? bad[i].len : strlen(bad[i].field);
		struct kp_err e;
		struct csvr *r;
		FILE *fp;

		memcpy(in + n, bad[i].field, flen);
		n += (int)flen;
		n += snprintf(in + n, sizeof in - (size_t)n, "\nok,fine\n");
		fp = mkfile(in, (size_t)n);
		r = csvr_open_fp(fp, "t.csv");
		assert_int_equal(csvr_next(r, &e), 1);
		err_clear(&e);
		if (csvr_next(r, &e) != -1)
			fail_msg("%s: not rejected", bad[i].what);
		assert_int_equal(e.code, KP_DATA);
		assert_string_equal(e.where, "t.csv:2:2");
		assert_non_null(strstr(e.msg, "field 2"));
		assert_non_null(strstr(e.msg, "UTF-8"));
		assert_int_equal(csvr_nfields(r), 2);
		assert_string_equal(csvr_field(r, 0), "q\nq");
		assert_int_equal(csvr_field_len(r, 1), flen);
		assert_int_equal(csvr_next(r, &e), 1);
		assert_int_equal(csvr_line(r), 4);
		assert_string_equal(csvr_field(r, 1), "fine");
		assert_int_equal(csvr_next(r, &e), 0);
		csvr_close(r);
		fclose(fp);
	}
}

/* Errors after which the reader cannot go on: -2, with where and what, on every call. */
static void
test_fatal(void **state)
{
	static const struct {
		const char *in;
		size_t	 len;		/* 0: strlen(in) */
		size_t	 good;		/* records before the error */
		const char *where;
		const char *msg;	/* a substring of the message */
	} cases2[] = {
		{ "a,b\nc,\"open\nmore\n", 0, 1, "t.csv:2:2",
		  "unterminated quoted field starting on line 2" },
		{ "a,b\n\n\"x\ny\",\"z\n", 0, 1, "t.csv:4:2",
		  "unterminated quoted field starting on line 4" },
		{ "\"", 0, 0, "t.csv:1:1", "unterminated quoted field starting on line 1" },
		{ "a,b\nc,d\"e\n", 0, 1, "t.csv:2:2", "stray quote in unquoted field 2" },
		{ "a\n\"x\ny\" z\n", 0, 1, "t.csv:3:1", "after the closing quote of field 1" },
		{ "\"a\"\"b\"c\n", 0, 0, "t.csv:1:1", "after the closing quote" },
		{ "\xFF\xFE" "a\0,\0", 6, 0, "t.csv", "UTF-16" },
		{ "PK\x03\x04\x14\0", 6, 0, "t.csv", "workbook" },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof cases2 / sizeof cases2[0]; i++) {
		const char *in = cases2[i].in;
		size_t n = cases2[i].len ? cases2[i].len : strlen(in);
		struct kp_err e;
		struct csvr *r;
		FILE *fp;

		fp = mkfile(in, n);
		r = csvr_open_fp(fp, "t.csv");
		for (j = 0; j < cases2[i].good; j++)
			assert_int_equal(csvr_next(r, &e), 1);
		if (csvr_next(r, &e) != -2)
			fail_msg("case %zu: not fatal", i);
		assert_int_equal(e.code, KP_DATA);
		if (strcmp(e.where, cases2[i].where) != 0 || strstr(e.msg, cases2[i].msg) == NULL)
			fail_msg("case %zu: got '%s: %s'", i, e.where, e.msg);
		err_clear(&e);
		assert_int_equal(csvr_next(r, &e), -2);
		assert_string_equal(e.where, cases2[i].where);
		csvr_close(r);
		fclose(fp);
	}
}

/* Fields far wider than the 64 KiB read buffer, and line breaks split across two reads. */
static void
test_wide_and_boundaries(void **state)
{
	size_t wide = 200 * 1024, n = 0, i, cap = 3 * wide;
	char *in = xmalloc(cap), *want = xmalloc(wide + 1);
	struct kp_err e;
	struct csvr *r;
	FILE *fp;

	(void)state;
	for (i = 0; i < wide; i++)
		want[i] = "abc,\n\"xyz"[i % 9];
	want[wide] = '\0';
	/* Line 1: a plain field ending so that its CRLF straddles the first read. */
	in[n++] = 'h';
	while (n < 64 * 1024 - 1)
		in[n++] = 'x';
	in[n++] = '\r';		/* the last byte of the first 64 KiB read */
	in[n++] = '\n';
	/* Line 2: a quoted wide field with commas, quotes and newlines. */
	in[n++] = '"';
	for (i = 0; i < wide; i++) {
		if (want[i] == '"')
			in[n++] = '"';
		in[n++] = want[i];
	}
	n += (size_t)sprintf(in + n, "\",end\r\nlast\r\n");
	fp = mkfile(in, n);
	r = csvr_open_fp(fp, "w.csv");
	assert_int_equal(csvr_next(r, &e), 1);
	assert_int_equal(csvr_line(r), 1);
	assert_int_equal(csvr_field_len(r, 0), 64 * 1024 - 1);
	assert_int_equal(csvr_next(r, &e), 1);
	assert_int_equal(csvr_line(r), 2);
	assert_int_equal(csvr_nfields(r), 2);
	assert_int_equal(csvr_field_len(r, 0), wide);
	assert_memory_equal(csvr_field(r, 0), want, wide);
	assert_string_equal(csvr_field(r, 1), "end");
	assert_int_equal(csvr_next(r, &e), 1);
	/* Line 2 plus one line per '\n' in the wide field. */
	assert_int_equal(csvr_line(r), 3 + (long)(wide / 9 + (wide % 9 > 4)));
	assert_string_equal(csvr_field(r, 0), "last");
	assert_int_equal(csvr_next(r, &e), 0);
	assert_int_equal(csvr_bytes(r), n);
	csvr_close(r);
	fclose(fp);
	free(in);
	free(want);
}

/*
** At most 1000 fields in a record, however it ends: a line break, or the end of the file with
** or without a last empty field (csv_fini adds that one: the fuzzer found it let 1001 through).
*/
static void
test_field_limit(void **state)
{
	static const char *const ends[] = { "\n", "", ",", "\"x\"" };
	char in[4096];

	(void)state;
	for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
		for (int nf = 1000; nf <= 1001; nf++) {
			size_t n = 0;
			struct kp_err e;
			struct csvr *r;
			FILE *fp;
			int rc;

			n += (size_t)sprintf(in, "a,b\n");
			/* nf fields: nf - 1 commas, the last field given by the ending. */
			for (int i = 0; i < nf - 1; i++)
				in[n++] = ',';
			if (strcmp(ends[k], ",") == 0)
				n--;	/* the ending's comma is the last separator */
			n += (size_t)sprintf(in + n, "%s", strcmp(ends[k], "\n") == 0 ? "z\n" :
			    ends[k]);
			fp = mkfile(in, n);
			r = csvr_open_fp(fp, "f.csv");
			assert_int_equal(csvr_next(r, &e), 1);
			rc = csvr_next(r, &e);
			if (nf == 1000) {
				assert_int_equal(rc, 1);
				assert_int_equal(csvr_nfields(r), 1000);
				assert_int_equal(csvr_next(r, &e), 0);
			} else {
				if (rc != -2)
					fail_msg("ending %zu: 1001 fields not refused", k);
				assert_string_equal(e.where, "f.csv:2");
				assert_string_equal(e.msg, "the record starting on line 2 has more than "
				    "1000 fields, the most kpistat reads in one record");
			}
			csvr_close(r);
			fclose(fp);
		}
	}
}

static void
test_open(void **state)
{
	char path[] = "/tmp/test_csv.XXXXXX", where[64];
	struct kp_err e;
	struct csvr *r;
	int fd;

	(void)state;
	err_clear(&e);
	assert_null(csvr_open("/nonexistent/dir/m.csv", &e));
	assert_int_equal(e.code, KP_NOINPUT);
	assert_string_equal(e.msg, "cannot open '/nonexistent/dir/m.csv': No such file or directory");
	err_clear(&e);
	assert_null(csvr_open("/tmp", &e));
	assert_int_equal(e.code, KP_NOINPUT);
	assert_non_null(strstr(e.msg, "'/tmp'"));
	assert_non_null(strstr(e.msg, "directory"));

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "m,v\nx,1\n", 8), 8);
	close(fd);
	r = csvr_open(path, &e);
	assert_non_null(r);
	assert_string_equal(csvr_name(r), path);
	assert_int_equal(csvr_line(r), 0);
	assert_int_equal(csvr_next(r, &e), 1);
	assert_int_equal(csvr_next(r, &e), 1);
	assert_string_equal(csvr_field(r, 1), "1");
	assert_string_equal(csvr_field(r, 2), "");	/* past the end */
	assert_int_equal(csvr_field_len(r, 9), 0);
	csvr_where(r, 2, where, sizeof where);
	assert_true(strlen(where) > 4);
	assert_string_equal(where + strlen(where) - 4, ":2:2");
	assert_int_equal(csvr_next(r, &e), 0);
	csvr_close(r);
	unlink(path);
	csvr_close(NULL);
}

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		int	 ok;
	} t[] = {
		{ "", 1 }, { "plain", 1 }, { "\xC2\x80", 1 }, { "\xDF\xBF", 1 },
		{ "\xE0\xA0\x80", 1 }, { "\xEF\xBF\xBF", 1 }, { "\xED\x9F\xBF", 1 },
		{ "\xEE\x80\x80", 1 }, { "\xF0\x90\x80\x80", 1 }, { "\xF4\x8F\xBF\xBF", 1 },
		{ "\xC1\xBF", 0 }, { "\xC2", 0 }, { "\xC2" "A", 0 }, { "\xE0\x9F\xBF", 0 },
		{ "\xED\xA0\x80", 0 }, { "\xED\xBF\xBF", 0 }, { "\xF0\x8F\xBF\xBF", 0 },
		{ "\xF4\x90\x80\x80", 0 }, { "\xF5\x80\x80\x80", 0 }, { "\xFF", 0 },
		{ "\xF0\x9F\x98", 0 }, { "\xBF", 0 }, { "a\xE2\x82\xAC" "b", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (utf8_valid(t[i].s, strlen(t[i].s)) != t[i].ok)
			fail_msg("utf8_valid case %zu: want %d", i, t[i].ok);
}

static void
test_write_field(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "plain", "plain" }, { "", "" }, { NULL, "" }, { "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" }, { "x\ny", "\"x\ny\"" }, { "x\ry", "\"x\ry\"" },
		{ " lead", "\" lead\"" }, { "trail\t", "\"trail\t\"" }, { "in side", "in side" },
		{ "caf\xC3\xA9", "caf\xC3\xA9" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		FILE *fp;

		memset(buf, 0, sizeof buf);	/* fmemopen "w" does not write the first NUL */
		fp = fmemopen(buf, sizeof buf, "w");
		assert_non_null(fp);
		csv_write_field(fp, t[i].in);
		fclose(fp);
		assert_string_equal(buf, t[i].out);
	}
}

/*
** Write pseudo-random rows of awkward fields, read them back: same fields, and every record
** starts on the line its first byte is on (counting LF, CRLF and lone CR as one break each).
*/
static void
test_round_trip(void **state)
{
	static const char *const atoms[] = { "a", ",", "\"", "\n", "\r", " ", "\xC3\xA9", "",
	    "\r\n", "x y" };
	enum { NROWS = 400, NF = 4 };
	char *rows[NROWS][NF], *text;
	long lines[NROWS], line = 1;
	unsigned seed = 12345;
	size_t i, j, k, len;
	struct kp_err e;
	struct csvr *r;
	FILE *fp = tmpfile();

	(void)state;
	assert_non_null(fp);
	for (i = 0; i < NROWS; i++) {
		size_t nf = 1 + i % NF;

		for (j = 0; j < NF; j++) {
			char tmp[64] = "";

			for (k = 0; j < nf && k < i % 7; k++) {
				seed = seed * 1103515245 + 12345;
				strcat(tmp, atoms[(seed >> 16) % (sizeof atoms / sizeof atoms[0])]);
			}
			rows[i][j] = j < nf ? xstrdup(tmp) : NULL;
		}
		csv_write_row(fp, (const char *const *)rows[i], nf);
	}
	/* Work out each record's line from the bytes written. */
	len = (size_t)ftell(fp);
	text = xmalloc(len + 1);
	rewind(fp);
	assert_int_equal(fread(text, 1, len, fp), len);
	for (i = 0, k = 0; i < NROWS; i++) {
		lines[i] = line;
		/* Each row ends at the first '\n' outside quotes. */
		for (int q = 0; k < len; k++) {
			if (text[k] == '"')
				q = !q;
			if (text[k] == '\r' || (text[k] == '\n' && (k == 0 || text[k - 1] != '\r')))
				line++;
			if (text[k] == '\n' && !q) {
				k++;
				break;
			}
		}
	}
	rewind(fp);
	r = csvr_open_fp(fp, "rt.csv");
	for (i = 0; i < NROWS; i++) {
		size_t nf = 1 + i % NF;

		assert_int_equal(csvr_next(r, &e), 1);
		if (csvr_line(r) != lines[i])
			fail_msg("row %zu: line %ld, want %ld", i, csvr_line(r), lines[i]);
		assert_int_equal(csvr_nfields(r), nf);
		for (j = 0; j < nf; j++)
			assert_string_equal(csvr_field(r, j), rows[i][j]);
		for (j = 0; j < NF; j++)
			free(rows[i][j]);
	}
	assert_int_equal(csvr_next(r, &e), 0);
	csvr_close(r);
	fclose(fp);
	free(text);
}

/* Another separator, the hint for a semicolon file, the cut-off last record, header names. */
static void
test_delimiter_and_cut(void **state)
{
	static const char *const names[] = { "metric", "period", "breakdown", "permit_id" };
	const char *in = "a;b;\"c;d\"\r\n1;2;3\r\n4;5;6";
	struct kp_err e;
	struct csvr *r;
	FILE *fp;

	(void)state;
	fp = mkfile(in, strlen(in));
	r = csvr_open_fp(fp, "t.csv");
	assert_int_equal(csvr_next(r, &e), -2);
	assert_string_equal(e.where, "t.csv:1");
	assert_string_equal(e.msg, "this file looks semicolon-separated: use --delimiter ';'");
	csvr_close(r);
	rewind(fp);
	r = csvr_open_fp(fp, "t.csv");
	assert_int_equal(csvr_set_delimiter(r, '"'), -1);
	assert_int_equal(csvr_set_delimiter(r, ';'), 0);
	assert_int_equal(csvr_next(r, &e), 1);
	assert_int_equal(csvr_nfields(r), 3);
	assert_string_equal(csvr_field(r, 2), "c;d");
	assert_int_equal(csvr_unterminated(r), 0);
	assert_int_equal(csvr_next(r, &e), 1);
	assert_int_equal(csvr_unterminated(r), 0);
	assert_int_equal(csvr_next(r, &e), 1);	/* "4;5;6" with no line break */
	assert_string_equal(csvr_field(r, 2), "6");
	assert_int_equal(csvr_unterminated(r), 1);
	assert_int_equal(csvr_next(r, &e), 0);
	csvr_close(r);
	fclose(fp);

	assert_int_equal(csv_header_find(" Metric ", names, 4), 0);
	assert_int_equal(csv_header_find("PERIOD", names, 4), 1);
	assert_int_equal(csv_header_find("Break-down", names, 4), 2);
	assert_int_equal(csv_header_find("Permit ID", names, 4), 3);
	assert_int_equal(csv_header_find("PermitID", names, 4), 3);
	assert_int_equal(csv_header_find("Metric Code", names, 4), -1);
}

/* A field in Windows-1252 is named with its physical line, also inside a quoted field. */
static void
test_cp1252_line(void **state)
{
	const char *in = "a,b\n\"x\ny\",\"one\ntwo caf\xe9\"\n";
	struct kp_err e;
	struct csvr *r;
	FILE *fp;

	(void)state;
	fp = mkfile(in, strlen(in));
	r = csvr_open_fp(fp, "t.csv");
	assert_int_equal(csvr_next(r, &e), 1);
	assert_int_equal(csvr_next(r, &e), -1);
	assert_string_equal(e.where, "t.csv:2:2");
	assert_string_equal(e.msg, "not UTF-8 (line 4 looks like Windows-1252): save it as CSV "
	    "UTF-8 (field 2)");
	csvr_close(r);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_invalid_utf8_recovers),
		cmocka_unit_test(test_fatal),
		cmocka_unit_test(test_wide_and_boundaries),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_write_field),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_delimiter_and_cut),
		cmocka_unit_test(test_cp1252_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
