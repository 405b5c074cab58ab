/*
** test_pdf_paths.c: the PDF backend's map paths (pdf.h): rings written in one go at 0.1 pt
** with the even-odd painting operator asked for; the bulk form (pdf_bulk_begin/end) holding
** them, deflated by kpistat, painted with Do on the page; and the graphics-state cache
** forgetting what a restore undid (a no-data area after the first was hatched in white).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kpistat/pdf.h"

/* The saved document's bytes (compress: Flate streams), or NULL to skip (no fonts). */
static char *
render(int compress, int bulk, size_t *n)
{
	/* A square with a square hole; coordinates off the 0.1 pt grid. */
	static const double x[8] = { 10.04, 110, 110, 10.04, 40.26, 60, 60, 40.26 };
	static const double y[8] = { 20.46, 20.46, -3.25, -3.25, 5, 5, 15, 15 };
	static const size_t len[2] = { 4, 4 };
	struct pdf_opts o;
	struct pdf *p;
	struct kp_err e;
	FILE *fp = tmpfile();
	char *buf;
	long size;

	memset(&o, 0, sizeof o);
	o.width = 612;
	o.height = 792;
	o.compress = compress;
	if ((p = pdf_new(&o, &e)) == NULL) {
		fclose(fp);
		return NULL;
	}
	pdf_page_add(p);
	if (bulk)
		pdf_bulk_begin(p);
	pdf_fill(p, 0xFF0000);
	pdf_rings(p, x, y, len, 2, 1);
	pdf_save_state(p);
	pdf_fill(p, 0x0000FF);
	pdf_rings(p, x, y, len, 2, 3);
	pdf_restore_state(p);
	pdf_fill(p, 0x0000FF);	/* blue again after Q: written again, not taken as set */
	pdf_rings(p, x, y, len, 1, 2);
	if (bulk)
		pdf_bulk_end(p);
	assert_int_equal(pdf_check(p, "drawing", &e), 0);
	assert_int_equal(pdf_save(p, fp, &e), 0);
	pdf_free(p);
	size = ftell(fp);
	buf = malloc((size_t)size + 1);
	rewind(fp);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	buf[size] = '\0';
	fclose(fp);
	*n = (size_t)size;
	return buf;
}

static const char paths[] =
    "10 20.5 m\n110 20.5 l\n110 -3.3 l\n10 -3.3 l\nh\n40.3 5 m\n60 5 l\n60 15 l\n40.3 15 l\nh\nf*\n"
    "q\n0 0 1 rg\n10 20.5 m\n110 20.5 l\n110 -3.3 l\n10 -3.3 l\nh\n40.3 5 m\n60 5 l\n60 15 l\n"
    "40.3 15 l\nh\nW* n\nQ\n0 0 1 rg\n10 20.5 m\n110 20.5 l\n110 -3.3 l\n10 -3.3 l\nh\nB*\n";

static const char *
find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static void
test_rings_on_the_page(void **state)
{
	size_t n;
	char *pdf = render(0, 0, &n);

	(void)state;
	if (pdf == NULL)
		skip();
	assert_non_null(find(pdf, n, paths));
	assert_null(find(pdf, n, "/Subtype /Form"));
	free(pdf);
}

static void
test_rings_in_a_bulk_form(void **state)
{
	size_t n, zn;
	char *pdf = render(1, 1, &n), out[4096];
	const char *form, *s;
	z_stream z;

	(void)state;
	if (pdf == NULL)
		skip();
	/* The form: its dictionary says FlateDecode, and its stream inflates to the paths. */
	assert_non_null(form = find(pdf, n, "/Subtype /Form"));
	assert_non_null(s = find(form, n - (size_t)(form - pdf), "stream\r\n"));
	assert_non_null(find(form, (size_t)(s - form), "/Filter /FlateDecode"));
	s += 8;
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit(&z), Z_OK);
	z.next_in = (unsigned char *)s;
	z.avail_in = (unsigned)(n - (size_t)(s - pdf));
	z.next_out = (unsigned char *)out;
	z.avail_out = sizeof out - 1;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	zn = sizeof out - 1 - z.avail_out;
	inflateEnd(&z);
	out[zn] = '\0';
	assert_non_null(strstr(out, paths));
	free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rings_on_the_page),
		cmocka_unit_test(test_rings_in_a_bulk_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
