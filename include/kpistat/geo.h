/*
** geo: a set of areas (districts, neighbourhoods) and their boundaries: read from GeoJSON
** (RFC 7946: a FeatureCollection of Polygon/MultiPolygon in lon/lat WGS 84) with jansson,
** checked, simplified once for print, kept in the store as a compact blob per area, and
** projected onto a page.
**
** Rings: each area is a list of rings, lon/lat pairs, closed implicitly (the last point is not
** the first again). A ring is a hole when it is not the first ring of its polygon; drawing
** fills with the even-odd rule, so holes and multi-part areas come out right whatever the
** rings' orientation.
**
** Projection: equirectangular with x scaled by the cosine of the mid-latitude (lon cos(lat0),
** lat). Over a city (tens of kilometres) that keeps shapes within a fraction of a percent
** of their true proportions, which is all a printed choropleth needs.
**
** Simplification: Douglas-Peucker per ring at a tolerance in projected degrees (the caller
** derives it from about 0.2 pt on the page); a ring that would cross itself where it did not
** is simplified again at half the tolerance, a ring that collapses (a speck of an island) is
** dropped, and an area whose net area moves by more than 1 % is simplified again at half the
** tolerance (up to 12 times), else kept as it was.
**
** Ownership: a geo_layer owns its areas, their strings and rings; geo_layer_release frees it.
*/
#ifndef KPISTAT_GEO_H
#define KPISTAT_GEO_H

#include <stddef.h>

#include "kpistat/buf.h"
#include "kpistat/diag.h"
#include "kpistat/err.h"

struct geo_ring {
	double		*xy;		/* lon, lat pairs */
	size_t		 n;		/* points */
	int		 hole;
};

struct geo_area {
	char		*id;		/* id_property as text ("3") */
	char		*name;		/* name_property, or NULL */
	double		 population;	/* population_property, or NaN */
	struct geo_ring	*rings;
	size_t		 nrings;
	unsigned	 flags;		/* bit i: geo_props.flags[i] is true for the feature */
};

struct geo_layer {
	struct geo_area	*areas;		/* in file order */
	size_t		 n;
	double		 bbox[4];	/* lon min, lat min, lon max, lat max */
};

/*
** Which properties of a feature say what (name and population may be NULL), and up to 32
** boolean ones (a group of areas: "green_zone": true) to read into each area's flags.
*/
struct geo_props {
	const char	*id, *name, *population;
	const char *const *flags;
	size_t		 nflags;
};

/*
** Read a GeoJSON boundary file. Problems that make it unusable (not a FeatureCollection, a
** geometry that is not a polygon, coordinates that look projected, a missing or duplicate id,
** an empty polygon) go to d as "FILE: features[i]...: what: what would do" and return -1;
** fixable ones (an unclosed ring, closed) go to w as warnings. 0 with *out filled.
*/
int	geo_read_geojson(const char *path, const struct geo_props *pr, struct geo_layer *out,
	    struct diags *d, struct diags *w);
void	geo_layer_release(struct geo_layer *l);
const struct geo_area *geo_find(const struct geo_layer *l, const char *id);

/* ---- geometry on projected coordinates (x = lon cos(lat0), y = lat) ---- */

/* Signed shoelace area of a ring of n points given as lon/lat, projected about lat0. */
double	geo_ring_area(const double *xy, size_t n, double lat0);
/* An area's net area: outer rings less holes (projected square degrees). */
double	geo_area_area(const struct geo_area *a, double lat0);
/* 1 when two non-adjacent edges of the ring cross (only rings of up to 6,000 points). */
int	geo_ring_self_crosses(const double *xy, size_t n);
/* Simplify every ring (see above); returns the points kept over all rings. */
size_t	geo_simplify(struct geo_layer *l, double tol);
/* Douglas-Peucker on one closed ring of n planar points (x, y pairs, e.g. page points) at tol,
 * in place, no other checks: what a map at its drawn size needs. Returns the points kept. */
size_t	geo_simplify_plane(double *xy, size_t n, double tol);
/* The tolerance for about `pt` points on a map `width_pt` wide showing the layer. */
double	geo_tolerance(const struct geo_layer *l, double pt, double width_pt);
/* Even-odd point-in-area test (lon/lat). */
int	geo_contains(const struct geo_area *a, double lon, double lat);

/* ---- a page projection ---- */

struct geo_proj {
	double	 lat0, k;		/* mid-latitude, its cosine */
	double	 lon_c, lat_c;		/* centre of the layer */
	double	 scale;			/* points per projected degree */
	double	 cx, cy;		/* centre of the box on the page */
};

/* Fit the layer's bbox into the box (x, y, w, h) in points, aspect kept, centred. */
void	geo_proj_fit(struct geo_proj *p, const double bbox[4], double x, double y, double w,
	    double h);
void	geo_project(const struct geo_proj *p, double lon, double lat, double *x, double *y);

/* ---- stored form ---- */

/* One area's rings as a compact blob (int32 1e-7 degrees), appended to b. */
void	geo_area_encode(const struct geo_area *a, struct buf *b);
/* Rings back from a blob into a (id, name, population left as they are). 0, or -1 if bad. */
int	geo_area_decode(const void *blob, size_t n, struct geo_area *a);
/* Recompute the layer's bbox from its rings. */
void	geo_layer_bbox(struct geo_layer *l);

#endif
