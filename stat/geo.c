/*
** geo.c: boundaries from GeoJSON, their geometry, simplification, projection and stored form
** (see geo.h). The only file that reads GeoJSON.
*/
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/geo.h"
#include "kpistat/xmalloc.h"

#define DEG	(M_PI / 180)

/* ---- reading GeoJSON ------------------------------------------------------------------- */

struct reader {
	const char	*path;
	struct diags	*d, *w;
	int		 bad;
	int		 projected;	/* reported once */
};

static void
bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
bad(struct reader *r, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diags_add(r->d, KP_DATA, r->path, "%s", msg);
	r->bad++;
}

/* A property as text: strings as they are, integers and integral reals without a point. */
static char *
prop_text(json_t *v)
{
	char buf[64];

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		return xstrdup(buf);
	}
	if (json_is_real(v)) {
		double x = json_real_value(v);

		snprintf(buf, sizeof buf, x == floor(x) && fabs(x) < 1e15 ? "%.0f" : "%.15g", x);
		return xstrdup(buf);
	}
	return NULL;
}

/* One ring (a JSON array of positions) into *g; 0, or -1 when reported. */
static int
read_ring(struct reader *r, json_t *ring, const char *at, struct geo_ring *g)
{
	size_t n = json_is_array(ring) ? json_array_size(ring) : 0;

	memset(g, 0, sizeof *g);
	if (!json_is_array(ring)) {
		bad(r, "%s: a ring is a list of [lon, lat] positions", at);
		return -1;
	}
	g->xy = xmalloc((n + 1) * 2 * sizeof *g->xy);
	for (size_t i = 0; i < n; i++) {
		json_t *pos = json_array_get(ring, i), *x = json_array_get(pos, 0),
		    *y = json_array_get(pos, 1);
		double lon, lat;

		if (!json_is_array(pos) || !json_is_number(x) || !json_is_number(y)) {
			bad(r, "%s[%zu]: a position is [lon, lat] with two numbers", at, i);
			return -1;
		}
		lon = json_number_value(x);
		lat = json_number_value(y);
		if (!(fabs(lon) <= 180 && fabs(lat) <= 90)) {
			if (!r->projected++)
				bad(r, "%s[%zu]: (%.10g, %.10g) is not a longitude and latitude: the "
				    "file looks projected (feet or metres, such as EPSG:2263), reproject "
				    "to WGS 84 (EPSG:4326)", at, i, lon, lat);
			else
				r->bad++;
			return -1;
		}
		g->xy[2 * g->n] = lon;
		g->xy[2 * g->n + 1] = lat;
		g->n++;
	}
	/* Stored without the repeated first point; a ring left open is closed the same way. */
	if (g->n >= 2 && g->xy[0] == g->xy[2 * g->n - 2] && g->xy[1] == g->xy[2 * g->n - 1])
		g->n--;
	else if (g->n >= 3)
		diags_add(r->w, 0, r->path, "%s: ring not closed (its last position is not its "
		    "first): closed it", at);
	if (g->n < 3 || fabs(geo_ring_area(g->xy, g->n, g->xy[1])) == 0) {
		bad(r, "%s: empty polygon: a ring needs at least 3 distinct positions enclosing an "
		    "area", at);
		return -1;
	}
	return 0;
}

/* A Polygon's coordinates (a list of rings) appended to a's rings. */
static int
read_polygon(struct reader *r, json_t *rings, const char *at, struct geo_area *a)
{
	char where[200];

	if (!json_is_array(rings) || json_array_size(rings) == 0) {
		bad(r, "%s: empty polygon: expected a list of rings, the outer one first", at);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(rings); i++) {
		struct geo_ring g;

		snprintf(where, sizeof where, "%s[%zu]", at, i);
		if (read_ring(r, json_array_get(rings, i), where, &g) < 0) {
			free(g.xy);
			return -1;
		}
		g.hole = i > 0;
		a->rings = xrealloc(a->rings, (a->nrings + 1) * sizeof *a->rings);
		a->rings[a->nrings++] = g;
	}
	return 0;
}

static int
read_feature(struct reader *r, json_t *f, size_t i, const struct geo_props *pr,
    struct geo_area *a)
{
	json_t *geom = json_object_get(f, "geometry"), *props = json_object_get(f, "properties");
	const char *type = json_string_value(json_object_get(geom, "type"));
	json_t *coords = json_object_get(geom, "coordinates");
	char at[160];

	memset(a, 0, sizeof *a);
	a->population = NAN;
	if (!json_is_object(f) || !json_is_object(props)) {
		bad(r, "features[%zu]: a feature is an object with properties", i);
		return -1;
	}
	a->id = prop_text(json_object_get(props, pr->id));
	if (a->id == NULL || *a->id == '\0') {
		bad(r, "features[%zu].properties: no '%s' (the geography's id_property): each area "
		    "needs an id", i, pr->id);
		return -1;
	}
	if (pr->name != NULL)
		a->name = prop_text(json_object_get(props, pr->name));
	if (pr->population != NULL) {
		json_t *p = json_object_get(props, pr->population);

		if (json_is_number(p) && json_number_value(p) >= 0)
			a->population = json_number_value(p);
		else if (p != NULL && !json_is_null(p))
			bad(r, "features[%zu].properties.%s: a population is a number >= 0", i,
			    pr->population);
	}
	for (size_t k = 0; k < pr->nflags && k < 32; k++) {
		json_t *b = json_object_get(props, pr->flags[k]);

		if (json_is_true(b))
			a->flags |= 1u << k;
		else if (b != NULL && !json_is_false(b) && !json_is_null(b))
			bad(r, "features[%zu].properties.%s: a group's property is true or false", i,
			    pr->flags[k]);
	}
	if (!json_is_object(geom) || type == NULL) {
		bad(r, "features[%zu].geometry: none: each area needs a Polygon or MultiPolygon", i);
		return -1;
	}
	snprintf(at, sizeof at, "features[%zu].geometry.coordinates", i);
	if (strcmp(type, "Polygon") == 0)
		return read_polygon(r, coords, at, a);
	if (strcmp(type, "MultiPolygon") == 0) {
		if (!json_is_array(coords) || json_array_size(coords) == 0) {
			bad(r, "%s: empty polygon: a MultiPolygon needs at least one polygon", at);
			return -1;
		}
		for (size_t k = 0; k < json_array_size(coords); k++) {
			char sub[200];

			snprintf(sub, sizeof sub, "%s[%zu]", at, k);
			if (read_polygon(r, json_array_get(coords, k), sub, a) < 0)
				return -1;
		}
		return 0;
	}
	bad(r, "features[%zu].geometry: a %s is not an area: expected Polygon or MultiPolygon",
	    i, type);
	return -1;
}

static void
area_release(struct geo_area *a)
{
	for (size_t i = 0; i < a->nrings; i++)
		free(a->rings[i].xy);
	free(a->rings);
	free(a->id);
	free(a->name);
	memset(a, 0, sizeof *a);
}

static int
by_id(const void *x, const void *y)
{
	const struct geo_area *const *a = x, *const *b = y;

	return strcmp((*a)->id, (*b)->id);
}

/*
** Streaming: a boundary file can be tens of megabytes, and a jansson tree of it ten times that
** (a 48 MB file took 402 MB). So the file is read in chunks by a small scanner that follows
** strings and brackets: each element of the top-level object's "features" array is cut out
** and parsed on its own, converted and its tree freed; everything else (the "skeleton", with
** the features array left empty and the newlines of what was cut kept, so that line numbers
** hold) is parsed at the end to check the type. Memory is then the rings at full resolution
** plus one feature's text and tree.
*/
struct scan {
	struct reader	*r;
	const struct geo_props *pr;
	struct geo_layer *out;
	size_t		 cap, nfeat;	/* areas' room; features seen */
	struct buf	 skel, feat, key;
	int		 depth;		/* brackets open */
	int		 top_obj;	/* the file is an object */
	int		 in_str, esc;
	int		 want_key;	/* at depth 1, a string here is a key */
	int		 in_feats;	/* inside the top-level "features" array */
	int		 nlists;	/* "features" arrays met (a second one is refused) */
	int		 in_elem;	/* inside one of its elements */
	int		 elem_scalar;	/* ... which is not an object or array */
	long		 line, col;	/* of the byte being scanned, 1-based */
	long		 fline, fcol;	/* where the element starts */
	int		 stop;		/* too many problems: read no further */
};

/* Feature i read into the layer, or reported. */
static void
add_feature(struct scan *sc, json_t *f, size_t i)
{
	struct geo_area a;

	if (read_feature(sc->r, f, i, sc->pr, &a) < 0 || sc->r->bad) {
		area_release(&a);
		return;
	}
	sc->out->areas = xgrow(sc->out->areas, &sc->cap, sc->out->n + 1, sizeof *sc->out->areas);
	sc->out->areas[sc->out->n++] = a;
}

static void
one_feature(struct scan *sc)
{
	struct reader *r = sc->r;
	size_t i = sc->nfeat++;
	json_error_t je;
	json_t *f;

	if (sc->stop)
		return;
	f = json_loadb(sc->feat.s, sc->feat.len, JSON_DECODE_ANY, &je);
	if (f == NULL) {
		char where[600];

		snprintf(where, sizeof where, "%s:%ld:%ld", r->path, sc->fline + je.line - 1,
		    je.line <= 1 ? sc->fcol + je.column - 1 : (long)je.column);
		diags_add(r->d, KP_DATA, where, "%s", je.text);
		r->bad++;
	} else {
		add_feature(sc, f, i);
	}
	json_decref(f);
	buf_reset(&sc->feat);
	if (r->bad >= 20)
		sc->stop = 1;
}

/* One byte of the file. */
static void
scan_byte(struct scan *sc, int c)
{
	int was_str = sc->in_str;

	/* A newline ends its line: the next byte is column 1 of the next one. */
	if (sc->col < 0) {
		sc->line++;
		sc->col = 0;
	}
	sc->col = c == '\n' ? -1 : sc->col + 1;
	if (sc->in_str) {
		if (sc->esc)
			sc->esc = 0;
		else if (c == '\\')
			sc->esc = 1;
		else if (c == '"')
			sc->in_str = 0;
	} else if (c == '"') {
		sc->in_str = 1;
	}
	if (sc->in_elem) {
		/* A scalar element ends at the comma or bracket after it, outside strings. */
		if (sc->elem_scalar && !sc->in_str && !was_str && (c == ',' || c == ']')) {
			sc->in_elem = 0;
			one_feature(sc);
		} else {
			if (!sc->stop)
				buf_addch(&sc->feat, c);
			if (c == '\n')
				buf_addch(&sc->skel, c);
			if (!sc->elem_scalar && !was_str && !sc->in_str) {
				if (c == '{' || c == '[')
					sc->depth++;
				else if ((c == '}' || c == ']') && --sc->depth == 2 &&
				    !sc->elem_scalar) {
					sc->in_elem = 0;
					one_feature(sc);
				}
			}
			return;
		}
	}
	if (sc->in_feats && sc->depth == 2 && !was_str && c != ']' && c != ',' &&
	    c != ' ' && c != '\t' && c != '\n' && c != '\r') {
		/* An element starts. */
		sc->in_elem = 1;
		sc->elem_scalar = c != '{' && c != '[';
		sc->fline = sc->line;
		sc->fcol = sc->col;
		if (!sc->stop)
			buf_addch(&sc->feat, c);
		if (!sc->elem_scalar)
			sc->depth++;
		return;
	}
	if (sc->in_feats && c == '\n') {
		buf_addch(&sc->skel, c);
		return;
	}
	if (!sc->in_feats || (c == ']' && sc->depth == 2 && !was_str))
		buf_addch(&sc->skel, c);
	if (was_str || sc->in_str) {
		/* The text of a key of the top-level object. */
		if (sc->depth == 1 && sc->top_obj && sc->want_key) {
			if (!was_str)
				buf_reset(&sc->key);
			else if (sc->in_str)
				buf_addch(&sc->key, c);
			else
				sc->want_key = 0;
		}
		return;
	}
	switch (c) {
	case '{':
	case '[':
		if (sc->depth == 0 && c == '{')
			sc->top_obj = 1;
		if (sc->depth == 1 && sc->top_obj && c == '[' && strcmp(sc->key.s, "features") == 0 &&
		    sc->nlists++ == 0)
			sc->in_feats = 1;	/* a second one stays in the skeleton */
		sc->depth++;
		if (sc->depth == 1)
			sc->want_key = 1;
		break;
	case '}':
	case ']':
		if (sc->in_feats && sc->depth == 2)
			sc->in_feats = 0;
		sc->depth--;
		break;
	case ',':
		if (sc->depth == 1)
			sc->want_key = 1;
		break;
	default:
		break;
	}
}

int
geo_read_geojson(const char *path, const struct geo_props *pr, struct geo_layer *out,
    struct diags *d, struct diags *w)
{
	struct reader r = { path, d, w, 0, 0 };
	struct scan sc;
	json_error_t je;
	json_t *root, *feats;
	const char *type;
	FILE *fp;
	char chunk[1 << 16];
	size_t n;

	memset(out, 0, sizeof *out);
	if ((fp = fopen(path, "rb")) == NULL) {
		root = json_load_file(path, JSON_DECODE_ANY, &je);	/* its message */
		json_decref(root);
		diags_add(d, KP_NOINPUT, path, "%s", root ? "cannot open" : je.text);
		return -1;
	}
	memset(&sc, 0, sizeof sc);
	sc.r = &r;
	sc.pr = pr;
	sc.out = out;
	sc.line = 1;
	buf_init(&sc.skel, 0);
	buf_init(&sc.feat, 0);
	buf_init(&sc.key, 0);
	while (!sc.stop && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		for (size_t i = 0; i < n; i++)
			scan_byte(&sc, (unsigned char)chunk[i]);
	if (!sc.stop && sc.in_elem) {
		/* The file ends inside a feature: jansson says where. */
		sc.in_elem = 0;
		one_feature(&sc);
	}
	fclose(fp);
	root = r.bad ? NULL : json_loadb(sc.skel.s ? sc.skel.s : "", sc.skel.len, JSON_DECODE_ANY,
	    &je);
	if (root == NULL && r.bad == 0) {
		char where[600];

		snprintf(where, sizeof where, "%s:%d:%d", path, je.line, je.column);
		diags_add(d, KP_DATA, je.line > 0 ? where : path, "%s", je.text);
		r.bad++;
	}
	buf_release(&sc.skel);
	buf_release(&sc.feat);
	buf_release(&sc.key);
	if (root != NULL) {
		type = json_string_value(json_object_get(root, "type"));
		feats = json_object_get(root, "features");
		if (type == NULL || strcmp(type, "FeatureCollection") != 0 || !json_is_array(feats))
			bad(&r, "not a GeoJSON FeatureCollection (%s%s%s): expected an object with "
			    "\"type\": \"FeatureCollection\" and a list of features", type ?
			    "type is '" : "no type", type ? type : "", type ? "'" : "");
		else if (sc.nlists > 1)
			bad(&r, "\"features\" given twice: expected one list of features");
		/* A key the scanner did not see as "features" (written with escapes): from the tree. */
		for (size_t i = 0; r.bad == 0 && sc.nlists == 0 && i < json_array_size(feats); i++)
			add_feature(&sc, json_array_get(feats, i), i);
		json_decref(root);
	}
	if (r.bad == 0 && out->n == 0)
		bad(&r, "no features: a geography needs at least one area");
	if (r.bad == 0) {
		/* Duplicate ids: sort pointers, compare neighbours. */
		const struct geo_area **v = xcalloc(out->n + 1, sizeof *v);

		for (size_t i = 0; i < out->n; i++)
			v[i] = &out->areas[i];
		qsort(v, out->n, sizeof *v, by_id);
		for (size_t i = 1; i < out->n; i++)
			if (strcmp(v[i]->id, v[i - 1]->id) == 0)
				bad(&r, "features[%zu]: duplicate id '%s' (also features[%zu]): each "
				    "area's '%s' must be unique", (size_t)(v[i] - out->areas), v[i]->id,
				    (size_t)(v[i - 1] - out->areas), pr->id);
		free(v);
	}
	if (r.bad) {
		geo_layer_release(out);
		return -1;
	}
	geo_layer_bbox(out);
	return 0;
}

void
geo_layer_release(struct geo_layer *l)
{
	for (size_t i = 0; i < l->n; i++)
		area_release(&l->areas[i]);
	free(l->areas);
	memset(l, 0, sizeof *l);
}

const struct geo_area *
geo_find(const struct geo_layer *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->areas[i].id, id) == 0)
			return &l->areas[i];
	return NULL;
}

void
geo_layer_bbox(struct geo_layer *l)
{
	l->bbox[0] = l->bbox[1] = INFINITY;
	l->bbox[2] = l->bbox[3] = -INFINITY;
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->areas[i].nrings; k++) {
			const struct geo_ring *g = &l->areas[i].rings[k];

			for (size_t j = 0; j < g->n; j++) {
				l->bbox[0] = fmin(l->bbox[0], g->xy[2 * j]);
				l->bbox[1] = fmin(l->bbox[1], g->xy[2 * j + 1]);
				l->bbox[2] = fmax(l->bbox[2], g->xy[2 * j]);
				l->bbox[3] = fmax(l->bbox[3], g->xy[2 * j + 1]);
			}
		}
}

/* ---- geometry -------------------------------------------------------------------------- */

double
geo_ring_area(const double *xy, size_t n, double lat0)
{
	double s = 0, k = cos(lat0 * DEG);

	for (size_t i = 0, j = n - 1; i < n; j = i++)
		s += (xy[2 * j] * k) * xy[2 * i + 1] - (xy[2 * i] * k) * xy[2 * j + 1];
	return s / 2;
}

double
geo_area_area(const struct geo_area *a, double lat0)
{
	double s = 0;

	for (size_t i = 0; i < a->nrings; i++) {
		double r = fabs(geo_ring_area(a->rings[i].xy, a->rings[i].n, lat0));

		s += a->rings[i].hole ? -r : r;
	}
	return s;
}

static int
orient(double ax, double ay, double bx, double by, double cx, double cy)
{
	double v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

	return (v > 0) - (v < 0);
}

int
geo_ring_self_crosses(const double *xy, size_t n)
{
	if (n < 4 || n > 6000)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];

		for (size_t j = i + 2; j < n; j++) {
			const double *c = &xy[2 * j], *d = &xy[2 * ((j + 1) % n)];

			if ((j + 1) % n == i)
				continue;	/* adjacent through the close */
			if (orient(a[0], a[1], b[0], b[1], c[0], c[1]) *
			    orient(a[0], a[1], b[0], b[1], d[0], d[1]) < 0 &&
			    orient(c[0], c[1], d[0], d[1], a[0], a[1]) *
			    orient(c[0], c[1], d[0], d[1], b[0], b[1]) < 0)
				return 1;
		}
	}
	return 0;
}

int
geo_contains(const struct geo_area *a, double lon, double lat)
{
	int in = 0;

	for (size_t r = 0; r < a->nrings; r++) {
		const double *xy = a->rings[r].xy;
		size_t n = a->rings[r].n;

		for (size_t i = 0, j = n - 1; i < n; j = i++) {
			double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];

			if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
				in = !in;
		}
	}
	return in;
}

/* Squared distance of p from segment a-b, in projected units (x scaled by k). */
static double
seg_dist2(const double *p, const double *a, const double *b, double k)
{
	double ax = a[0] * k, ay = a[1], bx = b[0] * k - ax, by = b[1] - ay;
	double px = p[0] * k - ax, py = p[1] - ay, l2 = bx * bx + by * by, t;

	t = l2 > 0 ? (px * bx + py * by) / l2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	px -= t * bx;
	py -= t * by;
	return px * px + py * py;
}

/* Douglas-Peucker over xy[lo..hi] (indexes, both kept), marking kept points. */
static void
dp(const double *xy, size_t lo, size_t hi, double tol2, double k, unsigned char *keep,
    size_t *stack)
{
	size_t sp = 0;

	stack[sp++] = lo;
	stack[sp++] = hi;
	while (sp > 0) {
		size_t b = stack[--sp], a = stack[--sp], far = a;
		double dmax = 0;

		for (size_t i = a + 1; i < b; i++) {
			double d2 = seg_dist2(&xy[2 * i], &xy[2 * a], &xy[2 * b], k);

			if (d2 > dmax) {
				dmax = d2;
				far = i;
			}
		}
		if (far != a && dmax > tol2) {
			keep[far] = 1;
			stack[sp++] = a;
			stack[sp++] = far;
			stack[sp++] = far;
			stack[sp++] = b;
		}
	}
}

/* The ring simplified at tol (projected degrees) into out (room for n points); its count. */
static size_t
simplify_ring(const struct geo_ring *g, double tol, double k, double *out)
{
	unsigned char *keep = xcalloc(g->n + 1, 1);
	size_t *stack = xmalloc((4 * g->n + 4) * sizeof *stack), far = 0, m = 0;
	double *xy = xmalloc((g->n + 1) * 2 * sizeof *xy), dmax = -1;

	/* Close the ring, and split it at the point farthest from the first. */
	memcpy(xy, g->xy, g->n * 2 * sizeof *xy);
	xy[2 * g->n] = g->xy[0];
	xy[2 * g->n + 1] = g->xy[1];
	for (size_t i = 1; i < g->n; i++) {
		double dx = (xy[2 * i] - xy[0]) * k, dy = xy[2 * i + 1] - xy[1];

		if (dx * dx + dy * dy > dmax) {
			dmax = dx * dx + dy * dy;
			far = i;
		}
	}
	keep[0] = keep[far] = 1;
	dp(xy, 0, far, tol * tol, k, keep, stack);
	dp(xy, far, g->n, tol * tol, k, keep, stack);
	for (size_t i = 0; i < g->n; i++)
		if (keep[i]) {
			out[2 * m] = g->xy[2 * i];
			out[2 * m + 1] = g->xy[2 * i + 1];
			m++;
		}
	free(keep);
	free(stack);
	free(xy);
	return m;
}

size_t
geo_simplify_plane(double *xy, size_t n, double tol)
{
	struct geo_ring g = { xy, n, 0 };

	/* simplify_ring reads point i before it writes point m <= i: in place is safe. */
	return n < 4 ? n : simplify_ring(&g, tol, 1, xy);
}

/*
** Ring g simplified at tolerance t into a new array (*out, *m points), at half the tolerance
** again while it would cross itself where the original does not. 0 when it collapses.
*/
static int
simplify_one(const struct geo_ring *g, double t, double k, int *crossed, double **out, size_t *m)
{
	*out = xmalloc((g->n + 1) * 2 * sizeof **out);
	for (int tries = 0; tries < 12; tries++, t /= 2) {
		*m = simplify_ring(g, t, k, *out);
		if (*m < 3)
			continue;
		if (!geo_ring_self_crosses(*out, *m))
			return 1;
		if (*crossed < 0)
			*crossed = geo_ring_self_crosses(g->xy, g->n);
		if (*crossed == 1)
			return 1;
	}
	*m = 0;
	return 0;
}

size_t
geo_simplify(struct geo_layer *l, double tol)
{
	double lat0 = (l->bbox[1] + l->bbox[3]) / 2, k = cos(lat0 * DEG);
	size_t total = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct geo_area *a = &l->areas[i];
		double a0 = geo_area_area(a, lat0), t = tol;
		struct geo_ring *best = NULL;
		int *crossed = xmalloc((a->nrings + 1) * sizeof *crossed);

		for (size_t r = 0; r < a->nrings; r++)
			crossed[r] = -1;
		/* The whole area at one tolerance; halve it until its area holds within 1 %. */
		for (int tries = 0; tries < 12 && best == NULL; tries++, t /= 2) {
			struct geo_ring *v = xcalloc(a->nrings + 1, sizeof *v);
			struct geo_area s = *a;
			size_t kept = 0;

			for (size_t r = 0; r < a->nrings; r++) {
				double *out;
				size_t m;

				/* A ring that collapses (a speck of an island) is dropped. */
				if (simplify_one(&a->rings[r], t, k, &crossed[r], &out, &m)) {
					v[kept].xy = out;
					v[kept].n = m;
					v[kept].hole = a->rings[r].hole;
					kept++;
				} else {
					free(out);
				}
			}
			s.rings = v;
			s.nrings = kept;
			if (kept > 0 && fabs(geo_area_area(&s, lat0) - a0) <= 0.01 * fabs(a0)) {
				best = v;
				for (size_t r = 0; r < a->nrings; r++)
					free(a->rings[r].xy);
				free(a->rings);
				a->rings = v;
				a->nrings = kept;
			} else {
				for (size_t r = 0; r < kept; r++)
					free(v[r].xy);
				free(v);
			}
		}
		free(crossed);
		for (size_t r = 0; r < a->nrings; r++)
			total += a->rings[r].n;
	}
	return total;
}

double
geo_tolerance(const struct geo_layer *l, double pt, double width_pt)
{
	double lat0 = (l->bbox[1] + l->bbox[3]) / 2, k = cos(lat0 * DEG);
	double w = (l->bbox[2] - l->bbox[0]) * k, h = l->bbox[3] - l->bbox[1];
	double span = w > h ? w : h;

	/* The longer side fills the map's width at most: pt points of it in projected degrees. */
	return span > 0 ? span * pt / width_pt : 0;
}

/* ---- projection ------------------------------------------------------------------------ */

void
geo_proj_fit(struct geo_proj *p, const double bbox[4], double x, double y, double w, double h)
{
	double pw, ph;

	p->lat0 = (bbox[1] + bbox[3]) / 2;
	p->k = cos(p->lat0 * DEG);
	p->lon_c = (bbox[0] + bbox[2]) / 2;
	p->lat_c = p->lat0;
	pw = (bbox[2] - bbox[0]) * p->k;
	ph = bbox[3] - bbox[1];
	p->scale = fmin(pw > 0 ? w / pw : INFINITY, ph > 0 ? h / ph : INFINITY);
	if (!isfinite(p->scale))
		p->scale = 1;
	p->cx = x + w / 2;
	p->cy = y + h / 2;
}

void
geo_project(const struct geo_proj *p, double lon, double lat, double *x, double *y)
{
	*x = p->cx + (lon - p->lon_c) * p->k * p->scale;
	*y = p->cy + (lat - p->lat_c) * p->scale;
}

/* ---- stored form: "KPG1", u32 rings, per ring u32 n, u8 hole, n x (i32 lon, i32 lat) ---- */

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	buf_add(b, (const char *)c, 4);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void
geo_area_encode(const struct geo_area *a, struct buf *b)
{
	buf_add(b, "KPG1", 4);
	put32(b, (uint32_t)a->nrings);
	for (size_t r = 0; r < a->nrings; r++) {
		const struct geo_ring *g = &a->rings[r];

		put32(b, (uint32_t)g->n);
		buf_addch(b, g->hole ? 1 : 0);
		for (size_t i = 0; i < 2 * g->n; i++)
			put32(b, (uint32_t)(int32_t)lround(g->xy[i] * 1e7));
	}
}

int
geo_area_decode(const void *blob, size_t n, struct geo_area *a)
{
	const unsigned char *p = blob, *end = p + n;
	uint32_t nr;

	if (n < 8 || memcmp(p, "KPG1", 4) != 0)
		return -1;
	nr = get32(p + 4);
	p += 8;
	if (nr > n / 5)
		return -1;
	a->rings = xcalloc(nr + 1, sizeof *a->rings);
	a->nrings = 0;
	for (uint32_t r = 0; r < nr; r++) {
		struct geo_ring *g = &a->rings[r];
		uint32_t np;

		if (end - p < 5)
			return -1;
		np = get32(p);
		g->hole = p[4];
		p += 5;
		if ((size_t)(end - p) / 8 < np)
			return -1;
		g->xy = xmalloc(((size_t)np + 1) * 2 * sizeof *g->xy);
		g->n = np;
		a->nrings++;
		for (size_t i = 0; i < 2 * (size_t)np; i++, p += 4)
			g->xy[i] = (double)(int32_t)get32(p) / 1e7;
	}
	return p == end ? 0 : -1;
}
