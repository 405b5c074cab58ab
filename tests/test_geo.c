/*
** test_geo.c: boundaries: the projection, ring areas and orientation, holes and multi-part
** areas (even-odd), Douglas-Peucker within 1 % of each area's area, the stored form, and
** GeoJSON reading with every bad input the catalog must refuse or warn about, which vintage
** holds a period, and record values as area ids.
** Expected numbers are worked by hand in the comments.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/catalog.h"
#include "kpistat/geo.h"

#define NEAR(a, b, tol)	assert_true(fabs((a) - (b)) <= (tol))

static char dir[] = "/tmp/kpistat-geo-XXXXXX";

static const char *
write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* At 60 degrees north cos = 0.5: a 1 x 1 degree cell is half as wide as it is tall. */
static void
test_projection(void **state)
{
	double bbox[4] = { 10, 59.5, 11, 60.5 }, x, y;
	struct geo_proj p;

	(void)state;
	geo_proj_fit(&p, bbox, 0, 0, 200, 100);
	NEAR(p.k, 0.5, 1e-12);
	NEAR(p.scale, 100, 1e-9);	/* the height fills 100 pt; the width takes 50 */
	geo_project(&p, 10, 59.5, &x, &y);
	NEAR(x, 75, 1e-9);
	NEAR(y, 0, 1e-9);
	geo_project(&p, 11, 60.5, &x, &y);
	NEAR(x, 125, 1e-9);
	NEAR(y, 100, 1e-9);
}

static void
test_area_orientation_holes(void **state)
{
	/* counter-clockwise 4 x 4 square at the equator: +16; clockwise hole 2 x 2: -4 */
	double outer[] = { 0, 0, 4, 0, 4, 4, 0, 4 }, hole[] = { 1, 1, 1, 3, 3, 3, 3, 1 };
	double far[] = { 10, 0, 11, 0, 11, 1, 10, 1 };
	struct geo_ring rings[3] = { { outer, 4, 0 }, { hole, 4, 1 }, { far, 4, 0 } };
	struct geo_area a = { NULL, NULL, NAN, rings, 3, 0 };

	(void)state;
	NEAR(geo_ring_area(outer, 4, 0), 16, 1e-12);
	NEAR(geo_ring_area(hole, 4, 0), -4, 1e-12);
	/* net: 16 - 4 + 1 (the second part) */
	NEAR(geo_area_area(&a, 0), 13, 1e-12);
	/* at 60 degrees the same square covers half the projected area */
	NEAR(geo_ring_area(outer, 4, 60), 8, 1e-9);
	/* even-odd: inside the outer ring, inside the hole (out), the second part (in) */
	assert_true(geo_contains(&a, 0.5, 0.5));
	assert_false(geo_contains(&a, 2, 2));
	assert_true(geo_contains(&a, 10.5, 0.5));
	assert_false(geo_contains(&a, 7, 0.5));
	/* a bow tie crosses itself; the square does not */
	{
		double bow[] = { 0, 0, 2, 2, 2, 0, 0, 2 };

		assert_true(geo_ring_self_crosses(bow, 4));
		assert_false(geo_ring_self_crosses(outer, 4));
	}
}

/* A 2,000-point circle simplifies to far fewer points with its area within 1 %. */
static void
test_simplify(void **state)
{
	struct geo_layer l;
	struct geo_ring *g = calloc(1, sizeof *g);
	double a0, a1;
	size_t kept;

	(void)state;
	g->n = 2000;
	g->xy = malloc(2 * g->n * sizeof *g->xy);
	for (size_t i = 0; i < g->n; i++) {
		double t = 2 * M_PI * (double)i / (double)g->n;

		/* radius 0.1 degree with a 1 % wobble, at 40 N */
		g->xy[2 * i] = -74 + 0.1 * cos(t) * (1 + 0.01 * sin(37 * t)) / cos(40 * M_PI / 180);
		g->xy[2 * i + 1] = 40 + 0.1 * sin(t) * (1 + 0.01 * sin(37 * t));
	}
	memset(&l, 0, sizeof l);
	l.areas = calloc(1, sizeof *l.areas);
	l.n = 1;
	l.areas[0].id = strdup("1");
	l.areas[0].rings = g;
	l.areas[0].nrings = 1;
	l.areas[0].population = NAN;
	geo_layer_bbox(&l);
	a0 = geo_area_area(&l.areas[0], 40);
	/* 0.2 pt on a 500 pt map: 0.2 / 500 of the 0.2-degree span */
	NEAR(geo_tolerance(&l, 0.2, 500), 0.2 * 1.02 * 0.2 / 500, 2e-6);
	kept = geo_simplify(&l, geo_tolerance(&l, 0.2, 500));
	a1 = geo_area_area(&l.areas[0], 40);
	assert_true(kept < 1000);
	assert_true(kept >= 20);
	assert_true(fabs(a1 - a0) <= 0.01 * a0);
	/* a tolerance as large as the shape is halved until the area holds */
	kept = geo_simplify(&l, 0.2);
	assert_true(kept >= 3);
	assert_true(fabs(geo_area_area(&l.areas[0], 40) - a0) <= 0.01 * a0 + 1e-15);
	geo_layer_release(&l);
}

static void
test_encode_decode(void **state)
{
	double xy[] = { -74.0012345, 40.7012345, -73.9, 40.7, -73.95, 40.8 };
	struct geo_ring r = { xy, 3, 1 };
	struct geo_area a = { NULL, NULL, NAN, &r, 1, 0 }, b;
	struct buf blob = BUF_INIT;

	(void)state;
	geo_area_encode(&a, &blob);
	assert_int_equal(blob.len, 4 + 4 + 5 + 3 * 8);
	memset(&b, 0, sizeof b);
	assert_int_equal(geo_area_decode(blob.s, blob.len, &b), 0);
	assert_int_equal(b.nrings, 1);
	assert_int_equal(b.rings[0].n, 3);
	assert_int_equal(b.rings[0].hole, 1);
	for (size_t i = 0; i < 6; i++)
		NEAR(b.rings[0].xy[i], xy[i], 1e-7);
	free(b.rings[0].xy);
	free(b.rings);
	/* a cut blob is refused */
	memset(&b, 0, sizeof b);
	assert_int_equal(geo_area_decode(blob.s, blob.len - 3, &b), -1);
	free(b.rings[0].xy);
	free(b.rings);
	buf_release(&blob);
}

/* Two areas: one with a hole, one of two parts; one ring left open (warned, closed). */
static void
test_read_good(void **state)
{
	const struct geo_props pr = { "dist", "name", "pop", NULL, 0 };
	struct geo_layer l;
	struct diags d, w;
	const char *path = write_file("good.geojson",
	    "{\"type\":\"FeatureCollection\",\"features\":["
	    "{\"type\":\"Feature\",\"properties\":{\"dist\":1,\"name\":\"North\",\"pop\":1200},"
	    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
	    "[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,3],[3,3],[3,1],[1,1]]]}},"
	    "{\"type\":\"Feature\",\"properties\":{\"dist\":\"2\",\"name\":\"South\",\"pop\":800},"
	    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
	    "[[[5,0],[6,0],[6,1],[5,1]]],[[[7,0],[8,0],[8,1],[7,1],[7,0]]]]}}]}");

	(void)state;
	diags_init(&d, 100);
	diags_init(&w, 100);
	assert_int_equal(geo_read_geojson(path, &pr, &l, &d, &w), 0);
	assert_int_equal(d.total, 0);
	assert_int_equal(w.total, 1);	/* the open ring */
	assert_non_null(strstr(w.v[0].msg, "features[1].geometry.coordinates[0][0]: ring not closed"));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.areas[0].id, "1");
	assert_string_equal(l.areas[0].name, "North");
	NEAR(l.areas[0].population, 1200, 0);
	assert_int_equal(l.areas[0].nrings, 2);
	assert_int_equal(l.areas[0].rings[0].n, 4);	/* the repeated first point dropped */
	assert_true(l.areas[0].rings[1].hole);
	assert_int_equal(l.areas[1].nrings, 2);
	assert_false(l.areas[1].rings[1].hole);		/* a second part, not a hole */
	NEAR(geo_area_area(&l.areas[0], 0), 12, 1e-12);
	NEAR(l.bbox[0], 0, 0);
	NEAR(l.bbox[2], 8, 0);
	assert_non_null(geo_find(&l, "2"));
	assert_null(geo_find(&l, "3"));
	geo_layer_release(&l);
	diags_release(&d);
	diags_release(&w);
}

/* The file refused, with msg in a problem whose place holds `where` ("bad.geojson:3:"). */
static void
expect_bad_at(const char *text, const char *msg, const char *where)
{
	const struct geo_props pr = { "dist", NULL, NULL, NULL, 0 };
	struct geo_layer l;
	struct diags d, w;
	const char *path = write_file("bad.geojson", text);
	int found = 0;

	diags_init(&d, 100);
	diags_init(&w, 100);
	assert_int_equal(geo_read_geojson(path, &pr, &l, &d, &w), -1);
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, msg) != NULL && strstr(d.v[i].where, where))
			found = 1;
	if (!found)
		fail_msg("no '%s' at '%s' in %s: %s", msg, where, d.n ? d.v[0].where : "",
		    d.n ? d.v[0].msg : "(nothing)");
	assert_int_equal(l.n, 0);
	diags_release(&d);
	diags_release(&w);
}

static void
expect_bad(const char *text, const char *msg)
{
	expect_bad_at(text, msg, "bad.geojson");
}

#define FC(f)	"{\"type\":\"FeatureCollection\",\"features\":[" f "]}"
#define SQ	"[[[0,0],[1,0],[1,1],[0,1],[0,0]]]"

static void
test_read_bad(void **state)
{
	(void)state;
	expect_bad("{\"type\":\"Feature\",\"geometry\":null}",
	    "not a GeoJSON FeatureCollection (type is 'Feature')");
	expect_bad("[1,2", "");	/* not JSON at all: jansson's message, FILE:LINE:COL */
	expect_bad(FC("{\"properties\":{\"dist\":1},\"geometry\":{\"type\":\"Point\","
	    "\"coordinates\":[0,0]}}"), "features[0].geometry: a Point is not an area: expected "
	    "Polygon or MultiPolygon");
	expect_bad(FC("{\"properties\":{\"dist\":1},\"geometry\":{\"type\":\"Polygon\","
	    "\"coordinates\":[[[987654.1,201234.5],[987660,201234.5],[987660,201240],"
	    "[987654.1,201234.5]]]}}"), "looks projected (feet or metres, such as EPSG:2263), "
	    "reproject to WGS 84 (EPSG:4326)");
	expect_bad(FC("{\"properties\":{\"other\":1},\"geometry\":{\"type\":\"Polygon\","
	    "\"coordinates\":" SQ "}}"), "features[0].properties: no 'dist'");
	expect_bad(FC("{\"properties\":{\"dist\":1},\"geometry\":{\"type\":\"Polygon\","
	    "\"coordinates\":" SQ "}},{\"properties\":{\"dist\":\"1\"},\"geometry\":"
	    "{\"type\":\"Polygon\",\"coordinates\":" SQ "}}"), "duplicate id '1'");
	expect_bad(FC("{\"properties\":{\"dist\":1},\"geometry\":{\"type\":\"Polygon\","
	    "\"coordinates\":[]}}"), "features[0].geometry.coordinates: empty polygon");
	expect_bad(FC("{\"properties\":{\"dist\":1},\"geometry\":{\"type\":\"Polygon\","
	    "\"coordinates\":[[[0,0],[1,1],[0,0]]]}}"), "empty polygon");
	expect_bad(FC("{\"properties\":{\"dist\":1},\"geometry\":null}"),
	    "features[0].geometry: none");
}

/*
** The streaming reader: "features" before "type", other top-level keys (one holding a nested
** "features" key that is not the areas), brackets and escaped quotes inside strings, a
** pretty-printed file; a boolean property read as a flag.
*/
static void
test_read_streamed(void **state)
{
	const char *flags[] = { "green" };
	const struct geo_props pr = { "dist", "name", NULL, flags, 1 };
	struct geo_layer l;
	struct diags d, w;
	const char *path = write_file("streamed.geojson",
	    "{\n  \"name\": \"x\\\" ]} {[\",\n"
	    "  \"crs\": { \"features\": [1, 2], \"type\": \"name\" },\n"
	    "  \"features\": [\n"
	    "    {\"type\":\"Feature\",\"properties\":{\"dist\":7,\"name\":\"A ]}\\\"[{\",\n"
	    "      \"green\":true},\n"
	    "     \"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQ "}} ,\n"
	    "    {\"type\":\"Feature\",\"properties\":{\"dist\":8,\"green\":false},\n"
	    "     \"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQ "}}\n"
	    "  ],\n"
	    "  \"type\": \"FeatureCollection\", \"bbox\": [0, 0, 1, 1]\n}\n");

	(void)state;
	diags_init(&d, 100);
	diags_init(&w, 100);
	assert_int_equal(geo_read_geojson(path, &pr, &l, &d, &w), 0);
	assert_int_equal(d.total, 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.areas[0].id, "7");
	assert_string_equal(l.areas[0].name, "A ]}\"[{");
	assert_int_equal(l.areas[0].flags, 1);
	assert_string_equal(l.areas[1].id, "8");
	assert_int_equal(l.areas[1].flags, 0);
	assert_int_equal(l.areas[1].rings[0].n, 4);
	geo_layer_release(&l);
	diags_release(&d);
	diags_release(&w);
}

/* "features" written with an escape: the scanner does not see it, the tree has it. */
static void
test_read_escaped_key(void **state)
{
	const struct geo_props pr = { "dist", NULL, NULL, NULL, 0 };
	struct geo_layer l;
	struct diags d, w;
	const char *path = write_file("escaped.geojson",
	    "{\"type\":\"FeatureCollection\",\"feat\\u0075res\":[{\"properties\":{\"dist\":4},"
	    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQ "}}]}");

	(void)state;
	diags_init(&d, 100);
	diags_init(&w, 100);
	assert_int_equal(geo_read_geojson(path, &pr, &l, &d, &w), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.areas[0].id, "4");
	geo_layer_release(&l);
	diags_release(&d);
	diags_release(&w);
}

static void
test_read_streamed_bad(void **state)
{
	(void)state;
	/* Line 3: the feature starts at column 5; jansson places the error at its 26th character
	 * (as it does reading the whole file): column 30. */
	expect_bad_at("{\"type\":\"FeatureCollection\",\n\"features\":[\n    "
	    "{\"properties\":{\"dist\":1} x,\"geometry\":null}]}\n", "", "bad.geojson:3:30");
	/* Cut off inside the second feature (line 2): jansson's message, at the file's end. */
	expect_bad_at("{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":"
	    "{\"dist\":1},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQ "}},\n"
	    "{\"properties\":", "", "bad.geojson:2:");
	/* Garbage after the features array: the skeleton's parse finds it, on its line. */
	expect_bad_at("{\"type\":\"FeatureCollection\",\"features\":[\n{\"properties\":"
	    "{\"dist\":1},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQ "}}\n]\n"
	    " oops }", "", "bad.geojson:4:");
	expect_bad(FC("1"), "features[0]: a feature is an object with properties");
	expect_bad("{\"features\":[]}", "not a GeoJSON FeatureCollection (no type)");
	expect_bad(FC(""), "no features");
	expect_bad("{\"type\":\"FeatureCollection\",\"features\":[],\"features\":[]}",
	    "\"features\" given twice");
	/* A scalar holding a bracket is still one (bad) element: the next is read as usual. */
	expect_bad(FC("tru{e, {\"properties\":{\"dist\":1},\"geometry\":null}"), "");
}

static struct period
month(int y, int m)
{
	struct period p = { PERIOD_MONTH, y, m };

	return p;
}

/* Vintages: the latest from on or before the period, until its to; none before the first. */
static void
test_vintages(void **state)
{
	struct geo_version v[3];
	struct geography g;
	struct period p;

	(void)state;
	memset(v, 0, sizeof v);
	memset(&g, 0, sizeof g);
	v[0].has_from = 1;
	v[0].from = month(2014, 1);
	v[0].has_to = 1;
	v[0].to = month(2022, 12);
	v[0].file = (char *)"2013.geojson";
	v[1].has_from = 1;
	v[1].from = month(2023, 1);
	v[1].file = (char *)"2023.geojson";
	g.versions = v;
	g.nversions = 2;
	p = month(2022, 6);
	assert_string_equal(catalog_geo_version(&g, &p, 7)->file, "2013.geojson");
	p = month(2022, 12);
	assert_string_equal(catalog_geo_version(&g, &p, 7)->file, "2013.geojson");
	p = month(2023, 1);
	assert_string_equal(catalog_geo_version(&g, &p, 7)->file, "2023.geojson");
	p = month(2013, 12);
	assert_null(catalog_geo_version(&g, &p, 7));
	/* a quarter takes the lines in force on its first day; FY2023 (July start) too */
	p.kind = PERIOD_QUARTER;
	p.year = 2023;
	p.n = 1;
	assert_string_equal(catalog_geo_version(&g, &p, 7)->file, "2023.geojson");
	p.kind = PERIOD_FYEAR;		/* July 2022 .. June 2023 */
	p.year = 2023;
	p.n = 0;
	assert_string_equal(catalog_geo_version(&g, &p, 7)->file, "2013.geojson");
	/* a version without from holds from the start */
	v[0].has_from = 0;
	p = month(1999, 1);
	assert_string_equal(catalog_geo_version(&g, &p, 7)->file, "2013.geojson");
}

/* Record values to area ids: a link's prefix stripped, leading zeros of numbers dropped. */
static void
test_area_ids(void **state)
{
	struct geo_link l = { NULL, NULL, NULL, (char *)"NYCC" };
	char b[64];

	(void)state;
	assert_string_equal(catalog_geo_area_id(&l, "NYCC02", b, sizeof b), "2");
	assert_string_equal(catalog_geo_area_id(&l, "NYCC4", b, sizeof b), "4");
	assert_string_equal(catalog_geo_area_id(&l, "NYCC053", b, sizeof b), "53");
	assert_string_equal(catalog_geo_area_id(&l, "NYCC", b, sizeof b), "");
	assert_string_equal(catalog_geo_area_id(&l, "BK02", b, sizeof b), "");
	assert_string_equal(catalog_geo_area_id(&l, "NYCCBrooklyn", b, sizeof b), "Brooklyn");
	l.prefix = NULL;
	assert_string_equal(catalog_geo_area_id(&l, "007", b, sizeof b), "7");
	assert_string_equal(catalog_geo_area_id(&l, "0", b, sizeof b), "0");
	assert_string_equal(catalog_geo_area_id(&l, "0A1", b, sizeof b), "0A1");
	assert_string_equal(catalog_geo_area_id(NULL, "Bogotá Park", b, sizeof b), "Bogotá Park");
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_projection),
		cmocka_unit_test(test_area_orientation_holes),
		cmocka_unit_test(test_simplify),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test(test_read_good),
		cmocka_unit_test(test_read_bad),
		cmocka_unit_test(test_read_streamed),
		cmocka_unit_test(test_read_streamed_bad),
		cmocka_unit_test(test_read_escaped_key),
		cmocka_unit_test(test_vintages),
		cmocka_unit_test(test_area_ids),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
