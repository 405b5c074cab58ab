/*
** fuzz_geo.c: the GeoJSON boundary reader (geo_read_geojson, the entry point in geo.h), which
** cuts each feature out of the file with its own scanner, on any bytes; then the geometry every
** accepted layer goes through on its way to a page.
** Properties: a refused file says why (a diagnostic) and leaves no areas; against jansson
** parsing the whole input, the scanner agrees on whether it is JSON at all (a document jansson
** reads is never refused as malformed JSON, a problem placed FILE:LINE:COL; one it cannot read
** is never accepted); an accepted layer has at least one area, each with a non-empty id unique
** in the layer, flags only for the boolean properties asked, and rings of 3 or more lon/lat
** points; its bbox holds every point; each area's stored form (geo_area_encode) decodes to the
** same rings within the blob's 1e-7 degrees; and simplified for print, every ring kept still
** has 3 or more points, no more than it had, and every area keeps at least one ring.
*/
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/geo.h"
#include "fuzz.h"

/* The properties samples/city/districts.geojson names (the catalog's id/name/population/group). */
static const char *const flag_names[] = { "green_zone", "green" };
static const struct geo_props props = {
	.id = "district", .name = "name", .population = "population",
	.flags = flag_names, .nflags = 2,
};

/* A refusal placed FILE:LINE:COL is a JSON syntax error: never for what jansson reads. */
static void
check_refusal(const struct diags *d, const char *path, const json_t *whole)
{
	size_t plen = strlen(path);

	for (size_t i = 0; whole != NULL && i < d->n; i++) {
		const char *where = d->v[i].where, *c = strrchr(where, ':');

		if (c != NULL && c > where && c[1] != '\0' && strchr(c, '/') == NULL &&
		    strspn(c + 1, "0123456789") == strlen(c + 1) &&
		    strncmp(where, path, plen) == 0 && where[plen] == ':')
			fz_fail("a JSON document refused as malformed", d->v[i].msg);
	}
}

static void
check_ring(const struct geo_ring *g, const double bbox[4], const char *id)
{
	if (g->n < 3)
		fz_fail("a ring of fewer than 3 points was accepted", id);
	for (size_t i = 0; i < g->n; i++) {
		double lon = g->xy[2 * i], lat = g->xy[2 * i + 1];

		if (!(fabs(lon) <= 180 && fabs(lat) <= 90))
			fz_fail("a point outside lon/lat was accepted", id);
		if (lon < bbox[0] || lat < bbox[1] || lon > bbox[2] || lat > bbox[3])
			fz_fail("the bbox does not hold a point", id);
	}
}

static void
check_stored(const struct geo_area *a)
{
	struct buf b = BUF_INIT;
	struct geo_area back;

	memset(&back, 0, sizeof back);
	geo_area_encode(a, &b);
	if (geo_area_decode(b.s, b.len, &back) < 0)
		fz_fail("an area's stored form does not decode", a->id);
	if (back.nrings != a->nrings)
		fz_fail("an area's stored form has other rings", a->id);
	for (size_t r = 0; r < a->nrings; r++) {
		const struct geo_ring *g = &a->rings[r], *h = &back.rings[r];

		if (h->n != g->n || !h->hole != !g->hole)
			fz_fail("a ring's stored form differs in points or hole", a->id);
		for (size_t i = 0; i < 2 * g->n; i++)
			if (fabs(h->xy[i] - g->xy[i]) > 0.51e-7)
				fz_fail("a point's stored form moved more than 1e-7 degrees", a->id);
		free(h->xy);
	}
	free(back.rings);
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geo_layer l;
	struct diags d, w;
	size_t *before;
	json_error_t je;
	json_t *whole = json_loadb((const char *)data, size, JSON_DECODE_ANY, &je);
	const char *path = fz_file(data, size);

	diags_init(&d, 50);
	diags_init(&w, 50);
	if (geo_read_geojson(path, &props, &l, &d, &w) < 0) {
		if (d.total == 0)
			fz_fail("a GeoJSON file was refused without a message", NULL);
		if (l.n != 0 || l.areas != NULL)
			fz_fail("a refused file left areas behind", NULL);
		check_refusal(&d, path, whole);
		goto done;
	}
	if (whole == NULL)
		fz_fail("accepted what jansson cannot parse", je.text);
	if (l.n == 0)
		fz_fail("a layer without areas was accepted", NULL);
	before = calloc(l.n, sizeof *before);
	for (size_t i = 0; i < l.n; i++) {
		const struct geo_area *a = &l.areas[i];

		if (a->id == NULL || a->id[0] == '\0')
			fz_fail("an area without an id was accepted", NULL);
		if (geo_find(&l, a->id) != a)
			fz_fail("an id is not unique in the layer", a->id);
		if (a->nrings == 0)
			fz_fail("an area without rings was accepted", a->id);
		if (a->flags > 3)
			fz_fail("an area has a flag not asked for", a->id);
		if (!(isnan(a->population) || a->population >= 0))
			fz_fail("a negative population was accepted", a->id);
		for (size_t r = 0; r < a->nrings; r++) {
			check_ring(&a->rings[r], l.bbox, a->id);
			before[i] += a->rings[r].n;
		}
		check_stored(a);
	}
	/* As the packet does: about 0.2 pt on a map 500 pt wide. */
	geo_simplify(&l, geo_tolerance(&l, 0.2, 500));
	for (size_t i = 0; i < l.n; i++) {
		const struct geo_area *a = &l.areas[i];
		size_t after = 0;

		if (a->nrings == 0)
			fz_fail("simplifying dropped every ring of an area", a->id);
		for (size_t r = 0; r < a->nrings; r++) {
			if (a->rings[r].n < 3)
				fz_fail("simplifying left a ring of fewer than 3 points", a->id);
			after += a->rings[r].n;
		}
		if (after > before[i])
			fz_fail("simplifying added points", a->id);
	}
	free(before);
	geo_layer_release(&l);
done:
	json_decref(whole);
	diags_release(&d);
	diags_release(&w);
	fz_file_close();
	return 0;
}
