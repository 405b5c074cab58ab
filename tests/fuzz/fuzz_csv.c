/*
** fuzz_csv.c: the CSV reader (csv.c over libcsv): any bytes, read to the end.
** Properties: a record's block (csvr_record) holds exactly its fields; a good record's fields
** are valid UTF-8; lines only grow; and every good record, written back with csv_write_row
** and read again, gives the same fields (blank records and a leading BOM aside: the reader
** skips and strips those by design; and a file it refuses by how it starts: semicolon- or
** tab-separated, a spreadsheet's signature).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/csv.h"
#include "fuzz.h"

#define MAXKEEP	64	/* records compared after writing back */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in, *out;
	struct csvr *r, *r2;
	struct kp_err e;
	char *wbuf = NULL, *kept[MAXKEEP];
	size_t wlen = 0, klen[MAXKEEP], nkept = 0;
	long line = 0;
	int rc;

	if (size == 0 || (in = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	if ((out = open_memstream(&wbuf, &wlen)) == NULL)
		abort();
	r = csvr_open_fp(in, "fuzz.csv");
	while ((rc = csvr_next(r, &e)) != 0 && rc != -2) {
		size_t len, sum = 0, n = csvr_nfields(r);
		const char *rec = csvr_record(r, &len);
		const char **f = malloc((n + 1) * sizeof *f);

		if (csvr_line(r) < line)
			fz_fail("a record starts before the previous one", NULL);
		line = csvr_line(r);
		for (size_t i = 0; i < n; i++) {
			f[i] = csvr_field(r, i);
			if (memcmp(rec + sum, f[i], csvr_field_len(r, i) + 1) != 0)
				fz_fail("csvr_record does not hold the fields", f[i]);
			sum += csvr_field_len(r, i) + 1;
			if (rc == 1 && !utf8_valid(f[i], csvr_field_len(r, i)))
				fz_fail("a good record has invalid UTF-8", f[i]);
			if (rc == 1 && strlen(f[i]) != csvr_field_len(r, i))
				fz_fail("a good record has a NUL in a field", NULL);
		}
		if (sum != len)
			fz_fail("csvr_record's length is not the fields'", NULL);
		if (rc == 1 && nkept < MAXKEEP && !(n == 1 && f[0][0] == '\0') &&
		    strncmp(f[0], "\xEF\xBB\xBF", 3) != 0) {
			kept[nkept] = malloc(len);
			memcpy(kept[nkept], rec, len);
			klen[nkept++] = len;
			csv_write_row(out, f, n);
		}
		free(f);
	}
	csvr_close(r);
	fclose(in);
	fclose(out);
	/* Read back what was written: the same records. */
	if (wlen > 0 && (in = fmemopen(wbuf, wlen, "r")) != NULL) {
		size_t k = 0;

		r2 = csvr_open_fp(in, "back.csv");
		while ((rc = csvr_next(r2, &e)) == 1 && k < nkept) {
			size_t len;
			const char *rec = csvr_record(r2, &len);

			if (len != klen[k] || memcmp(rec, kept[k], len) != 0)
				fz_fail("a record written back reads differently", csvr_field(r2, 0));
			k++;
		}
		/*
		** The reader refuses a whole file by how it starts: a first record that looks split
		** by ';' or tabs (the advice to use --delimiter), or a spreadsheet's signature
		** ("PK\3\4"). Written back without the blank lines before it, a later record may
		** come first and be refused so: that is the documented refusal, not a lost record.
		*/
		if (k == 0 && rc == -2 && (strstr(e.msg, "-separated: use --delimiter") != NULL ||
		    strstr(e.msg, "spreadsheet workbook") != NULL))
			k = nkept;
		if (k != nkept)
			fz_fail("records written back are missing", e.msg);
		csvr_close(r2);
		fclose(in);
	}
	for (size_t k = 0; k < nkept; k++)
		free(kept[k]);
	free(wbuf);
	return 0;
}
