/*
** fuzz_geo.c: the GeoJSON boundary reader (geo.c), which cuts each feature out of the file
** with its own scanner rather than parsing the whole document with jansson.
** Properties: an area read has an id (unique), rings of at least 3 lon/lat points inside the
** layer's bbox, and flags only for the boolean properties asked; a refusal says why and
** leaves the layer empty; and, against jansson parsing the whole input, the scanner agrees on
** whether it is JSON at all: a document jansson reads is never refused as malformed JSON (a
** problem placed FILE:LINE:COL), and one it cannot read is never accepted.
*/
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/geo.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const flags[] = { "green", "blue" };
	const struct geo_props pr = { "id", "name", "pop", flags, 2 };
	struct geo_layer l;
	struct diags d, w;
	json_error_t je;
	json_t *whole = json_loadb((const char *)data, size, JSON_DECODE_ANY, &je);
	const char *path = fz_file(data, size);
	int rc;

	diags_init(&d, 50);
	diags_init(&w, 50);
	rc = geo_read_geojson(path, &pr, &l, &d, &w);
	if (rc == 0) {
		if (whole == NULL)
			fz_fail("accepted what jansson cannot parse", je.text);
		for (size_t i = 0; i < l.n; i++) {
			const struct geo_area *a = &l.areas[i];

			if (a->id == NULL || *a->id == '\0' || a->nrings == 0 || a->flags > 3)
				fz_fail("an area without an id or rings, or with a flag not asked", a->id);
			for (size_t k = 0; k < i; k++)
				if (strcmp(l.areas[k].id, a->id) == 0)
					fz_fail("a duplicate id accepted", a->id);
			for (size_t r = 0; r < a->nrings; r++) {
				if (a->rings[r].n < 3)
					fz_fail("a ring of fewer than 3 points", a->id);
				for (size_t p = 0; p < a->rings[r].n; p++) {
					double x = a->rings[r].xy[2 * p], y = a->rings[r].xy[2 * p + 1];

					if (!(fabs(x) <= 180 && fabs(y) <= 90) || x < l.bbox[0] ||
					    x > l.bbox[2] || y < l.bbox[1] || y > l.bbox[3])
						fz_fail("a point off lon/lat or outside the bbox", a->id);
				}
			}
		}
		geo_layer_release(&l);
	} else {
		if (d.total == 0)
			fz_fail("refused without a reason", NULL);
		if (l.n != 0 || l.areas != NULL)
			fz_fail("a refused file left areas", NULL);
		/* A JSON syntax problem is placed FILE:LINE:COL; a document jansson reads has none. */
		for (size_t i = 0; whole != NULL && i < d.n; i++) {
			const char *c = strrchr(d.v[i].where, ':');

			if (c != NULL && c > d.v[i].where && strchr(c, '/') == NULL &&
			    strspn(c + 1, "0123456789") == strlen(c + 1) && c[1] != '\0' &&
			    strstr(d.v[i].where, path) != NULL && d.v[i].where[strlen(path)] == ':')
				fz_fail("a JSON document refused as malformed", d.v[i].msg);
		}
	}
	json_decref(whole);
	diags_release(&d);
	diags_release(&w);
	fz_file_close();
	return 0;
}
