/*
** render_where.c: the "Where" page of a metric whose breakdown names areas: a choropleth of
** the period on the boundaries in force then, its legend, the sentence naming the areas that
** differ significantly from the city, and the funnel plot (or, for medians, each area's
** interval) beside it.
**
** Choices, as the packet states them: 5 quantile classes of the areas' values (the target
** replaces the nearest break when there is one), ColorBrewer YlGnBu (colour-blind safe)
** ordered so that worse is darker whatever the metric's direction, white hatched for no data,
** areas beyond the 99.8 % limits outlined heavily (solid worse, dashed better) and those
** beyond 95 % lightly; equirectangular projection with x scaled by cos(mid-latitude).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/draw.h"
#include "kpistat/funnel.h"
#include "kpistat/geo.h"
#include "kpistat/render.h"
#include "kpistat/where.h"
#include "kpistat/xmalloc.h"

static const uint32_t palette[5] = { 0xFFFFCC, 0xA1DAB4, 0x41B6C4, 0x2C7FB8, 0x253494 };
#define NODATA_RGB	0x9CA3AF
#define EDGE_RGB	0xFFFFFF
#define WORSE_RGB	0xB91C1C
#define BETTER_RGB	0x1D4ED8

struct classes {
	double	 b[4];		/* breaks: class c holds values in (b[c-1], b[c]] */
	int	 target;	/* one break is the target */
	int	 reverse;	/* higher is better: low values take the dark end */
};

/* A value as the page shows it: the metric's short form, or a rate per 1,000 residents. */
static char *
fmt_short(const struct where *w, double v, char *buf, size_t n)
{
	if (w->cmp.per_population) {
		char t[48];

		snprintf(buf, n, "%s", num_format(v, 2, t, sizeof t));
		return buf;
	}
	return packet_fmt_short(w->m, v, 1, buf, n);
}

static char *
fmt_value(const struct where *w, double v, char *buf, size_t n)
{
	if (w->cmp.per_population) {
		char t[48];

		snprintf(buf, n, "%s per 1,000 residents", num_format(v, 2, t, sizeof t));
		return buf;
	}
	return packet_fmt_value(w->m, v, 0, buf, n);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Classes over the areas' values of w and of the maps before it (ws[0..nw)). */
static void
make_classes_of(const struct where *w, const struct where *ws, size_t nw,
    const struct period *at, int fy, struct classes *k)
{
	const struct target *t = catalog_target_for(w->m, at, fy);
	size_t n = 0, cap = w->cmp.n + 1;
	double *v;

	for (size_t q = 0; q < nw; q++)
		cap += ws[q].cmp.n;
	v = xcalloc(cap, sizeof *v);
	for (size_t q = 0; q <= nw; q++) {
		const struct compare *c = q < nw ? &ws[q].cmp : &w->cmp;

		for (size_t i = 0; i < c->n; i++)
			if (!isnan(c->areas[i].f.value))
				v[n++] = c->areas[i].f.value;
	}
	qsort(v, n, sizeof *v, cmp_double);
	for (int i = 0; i < 4; i++) {
		double h = n ? (double)(n - 1) * (i + 1) / 5 : 0;
		size_t j = (size_t)floor(h);

		k->b[i] = n == 0 ? 0 : j + 1 < n ? v[j] + (h - (double)j) * (v[j + 1] - v[j]) : v[n - 1];
	}
	k->target = 0;
	if (t != NULL && n > 0 && t->value > v[0] && t->value < v[n - 1]) {
		int best = 0;

		for (int i = 1; i < 4; i++)
			if (fabs(k->b[i] - t->value) < fabs(k->b[best] - t->value))
				best = i;
		k->b[best] = t->value;
		qsort(k->b, 4, sizeof k->b[0], cmp_double);
		k->target = 1;
	}
	k->reverse = w->m->direction == DIR_HIGHER;
	free(v);
}

static void
make_classes(const struct where *w, const struct period *at, int fy, struct classes *k)
{
	make_classes_of(w, NULL, 0, at, fy, k);
}

static uint32_t
class_rgb(const struct classes *k, double v, int *cls)
{
	int c = 0;

	while (c < 4 && v > k->b[c])
		c++;
	if (k->reverse)
		c = 4 - c;
	if (cls != NULL)
		*cls = c;
	return palette[c];
}

/* The area's rings projected, as pdf_rings wants them. */
struct path {
	double	*x, *y;
	size_t	*len, n, nr;
	double	 bb[4];		/* page bbox */
	double	*xy;		/* one ring projected, x y pairs (scratch) */
};

#define PAGE_TOL	0.2	/* points: what print shows of a boundary's detail */
#define SPECK_PT	0.8	/* a ring smaller than this both ways is a dot under the edges */

/*
** Project the area's rings and simplify them again at the size the map is drawn: the store
** keeps detail for the widest map, a map in a smaller box or a small multiple needs less.
*/
static void
project(const struct geo_proj *pj, const struct geo_area *a, struct path *p)
{
	size_t total = 0, at = 0;

	for (size_t r = 0; r < a->nrings; r++)
		total += a->rings[r].n;
	p->x = xrealloc(p->x, (total + 1) * sizeof *p->x);
	p->y = xrealloc(p->y, (total + 1) * sizeof *p->y);
	p->xy = xrealloc(p->xy, (2 * total + 2) * sizeof *p->xy);
	p->len = xrealloc(p->len, (a->nrings + 1) * sizeof *p->len);
	p->bb[0] = p->bb[1] = INFINITY;
	p->bb[2] = p->bb[3] = -INFINITY;
	p->nr = 0;
	for (size_t r = 0; r < a->nrings; r++) {
		const struct geo_ring *g = &a->rings[r];
		double bb[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
		size_t m;

		for (size_t i = 0; i < g->n; i++) {
			double *q = &p->xy[2 * i];

			geo_project(pj, g->xy[2 * i], g->xy[2 * i + 1], &q[0], &q[1]);
			bb[0] = fmin(bb[0], q[0]);
			bb[1] = fmin(bb[1], q[1]);
			bb[2] = fmax(bb[2], q[0]);
			bb[3] = fmax(bb[3], q[1]);
		}
		if (bb[2] - bb[0] < SPECK_PT && bb[3] - bb[1] < SPECK_PT)
			continue;
		m = geo_simplify_plane(p->xy, g->n, PAGE_TOL);
		if (m < 3)
			continue;
		for (size_t i = 0; i < m; i++, at++) {
			p->x[at] = p->xy[2 * i];
			p->y[at] = p->xy[2 * i + 1];
		}
		for (int c = 0; c < 4; c++)
			p->bb[c] = c < 2 ? fmin(p->bb[c], bb[c]) : fmax(p->bb[c], bb[c]);
		p->len[p->nr++] = m;
	}
	p->n = at;
}

/* Diagonal hatching inside the path (clipped to it). */
static void
hatch(struct pdf *pdf, const struct path *p, double step)
{
	double w = p->bb[2] - p->bb[0], h = p->bb[3] - p->bb[1];

	pdf_save_state(pdf);
	pdf_rings(pdf, p->x, p->y, p->len, p->nr, 3);
	pdf_stroke(pdf, NODATA_RGB);
	pdf_line_width(pdf, 0.4);
	for (double d = -h; d < w; d += step)
		pdf_line(pdf, p->bb[0] + d, p->bb[1], p->bb[0] + d + h, p->bb[3]);
	pdf_restore_state(pdf);
}

static const struct compare_area *
area_of(const struct compare *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->areas[i].id, id) == 0)
			return &c->areas[i];
	return NULL;
}

/* Where to put a label: the centroid of the area's largest ring, when it lies inside. */
static int
label_at(const struct geo_area *a, double *lon, double *lat, double *span_lon, double *span_lat)
{
	size_t best = 0;
	double amax = -1, cx = 0, cy = 0, s = 0;

	for (size_t r = 0; r < a->nrings; r++) {
		double ar = fabs(geo_ring_area(a->rings[r].xy, a->rings[r].n, 0));

		if (!a->rings[r].hole && ar > amax) {
			amax = ar;
			best = r;
		}
	}
	{
		const struct geo_ring *g = &a->rings[best];
		double lo0 = INFINITY, lo1 = -INFINITY, la0 = INFINITY, la1 = -INFINITY;

		for (size_t i = 0, j = g->n - 1; i < g->n; j = i++) {
			double xi = g->xy[2 * i], yi = g->xy[2 * i + 1], xj = g->xy[2 * j],
			    yj = g->xy[2 * j + 1], f = xj * yi - xi * yj;

			s += f;
			cx += (xi + xj) * f;
			cy += (yi + yj) * f;
			lo0 = fmin(lo0, xi);
			lo1 = fmax(lo1, xi);
			la0 = fmin(la0, yi);
			la1 = fmax(la1, yi);
		}
		if (s == 0)
			return 0;
		*lon = cx / (3 * s);
		*lat = cy / (3 * s);
		*span_lon = lo1 - lo0;
		*span_lat = la1 - la0;
	}
	return geo_contains(a, *lon, *lat);
}

static char *
area_label(const struct where *w, const struct compare_area *a)
{
	char *key, *s;

	if (a->name != NULL)
		return xstrdup(a->name);
	if (w->g != NULL && w->g->label != NULL)
		return xasprintf("%s %s", w->g->label, a->id);
	key = xasprintf("%s=%s", w->cmp.key, a->id);
	s = packet_break_label(key);
	free(key);
	return s;
}

/* The map in the box; returns nothing, draws everything. */
static void
draw_map(const struct render_ctx *r, const struct where *w, const struct classes *k, double x,
    double y, double bw, double bh)
{
	struct pdf *pdf = r->pdf;
	const struct geo_layer *l = &w->layer;
	struct geo_proj pj;
	struct path p = { NULL, NULL, NULL, 0, 0, { 0, 0, 0, 0 }, NULL };
	double edge = l->n > 150 ? 0.25 : 0.5;

	geo_proj_fit(&pj, l->bbox, x, y, bw, bh);
	pdf_bulk_begin(pdf);	/* the paths: most of the map's bytes */
	/*
	 * The areas that differ come last, filled and outlined in one path, so their outlines
	 * lie over their neighbours' edges without each path being written twice.
	 */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->n; i++) {
			const struct compare_area *a = area_of(&w->cmp, l->areas[i].id);
			enum funnel_verdict v = a ? a->f.verdict : FV_NONE;
			int differs = v != FV_NONE && v != FV_NOT_SIG, sense;

			if (differs != pass)
				continue;
			project(&pj, &l->areas[i], &p);
			if (a == NULL || isnan(a->f.value)) {
				pdf_fill(pdf, 0xFFFFFF);
				pdf_rings(pdf, p.x, p.y, p.len, p.nr, 1);
				hatch(pdf, &p, 3);
				pdf_stroke(pdf, NODATA_RGB);
				pdf_line_width(pdf, edge);
				pdf_rings(pdf, p.x, p.y, p.len, p.nr, 0);
				continue;
			}
			pdf_fill(pdf, class_rgb(k, a->f.value, NULL));
			if (!differs) {
				pdf_stroke(pdf, EDGE_RGB);
				pdf_line_width(pdf, edge);
				pdf_rings(pdf, p.x, p.y, p.len, p.nr, 2);
				continue;
			}
			sense = compare_sense(w->m, v);
			pdf_stroke(pdf, sense >= 0 ? WORSE_RGB : BETTER_RGB);
			pdf_line_width(pdf, v == FV_HIGH_998 || v == FV_LOW_998 ? 1.6 : 0.8);
			pdf_dash(pdf, sense < 0 ? 3 : 0, sense < 0 ? 1 : 0);
			pdf_rings(pdf, p.x, p.y, p.len, p.nr, 2);
			pdf_dash(pdf, 0, 0);
		}
	pdf_bulk_end(pdf);
	/*
	 * Labels where they fit: a short id ("12"), else the area's name or id ("Old Town") when
	 * the area is wide enough for it (areas named, not numbered, were left unlabelled).
	 */
	for (size_t i = 0; i < l->n; i++) {
		const struct compare_area *a = area_of(&w->cmp, l->areas[i].id);
		double lon, lat, sl, sa, px, py, tw;
		const char *text = l->areas[i].id;
		int cls = 0, shortid = strlen(text) <= 4;

		if (!shortid && l->areas[i].name != NULL)
			text = l->areas[i].name;
		if (!label_at(&l->areas[i], &lon, &lat, &sl, &sa))
			continue;
		tw = draw_width(pdf, 0, 6, text);
		if (sl * pj.k * pj.scale < tw * (shortid ? 1.6 : 1.15) || sa * pj.scale < 9)
			continue;
		geo_project(&pj, lon, lat, &px, &py);
		if (a != NULL && !isnan(a->f.value))
			class_rgb(k, a->f.value, &cls);
		draw_text(pdf, 0, 6, cls >= 3 ? 0xFFFFFF : RENDER_INK, px, py - 2, 0, DRAW_CENTER,
		    text);
	}
	free(p.x);
	free(p.y);
	free(p.len);
	free(p.xy);
}

/* The legend row; returns its height. */
static double
draw_legend(const struct render_ctx *r, const struct where *w, const struct classes *k, double x,
    double y, double width)
{
	struct pdf *pdf = r->pdf;
	char a[48], b[48], lab[300];
	double cx = x, sw = 16, sh = 9;

	draw_text(pdf, 1, 7, RENDER_INK, cx, y - 7, 0, DRAW_LEFT, "Classes");
	cx += 38;
	for (int c = 0; c < 5; c++) {
		int col = k->reverse ? 4 - c : c;

		if (c == 0)
			snprintf(lab, sizeof lab, "up to %s", fmt_short(w, k->b[0], a, sizeof a));
		else if (c == 4)
			snprintf(lab, sizeof lab, "over %s", fmt_short(w, k->b[3], a, sizeof a));
		else
			snprintf(lab, sizeof lab, "%s to %s", fmt_short(w, k->b[c - 1], a, sizeof a),
			    fmt_short(w, k->b[c], b, sizeof b));
		pdf_fill(pdf, palette[col]);
		pdf_stroke(pdf, RENDER_RULE);
		pdf_line_width(pdf, 0.4);
		pdf_rect(pdf, cx, y - 9, sw, sh, 2);
		cx += sw + 3;
		cx += draw_text(pdf, 0, 6.5, RENDER_INK, cx, y - 7, 0, DRAW_LEFT, lab) + 8;
	}
	{
		double hx[4] = { cx, cx + sw, cx + sw, cx }, hy[4] = { y - 9, y - 9, y, y };
		size_t len[1] = { 4 };
		struct path p = { hx, hy, len, 4, 1, { cx, y - 9, cx + sw, y }, NULL };

		pdf_fill(pdf, 0xFFFFFF);
		pdf_rings(pdf, hx, hy, len, 1, 1);
		hatch(pdf, &p, 3);
		pdf_stroke(pdf, NODATA_RGB);
		pdf_rect(pdf, cx, y - 9, sw, sh, 0);
		cx += sw + 3;
		draw_text(pdf, 0, 6.5, RENDER_INK, cx, y - 7, 0, DRAW_LEFT, "no data");
	}
	y -= 15;
	snprintf(lab, sizeof lab, "Darker is worse (%s is better).%s Outlined: significantly "
	    "different from the city, heavy at 99.8 %% limits, light at 95 %%; solid worse, dashed "
	    "better.", w->m->direction == DIR_HIGHER ? "higher" : w->m->direction == DIR_LOWER ?
	    "lower" : "neither way", k->target ? " One break is the target." : "");
	draw_para(pdf, 0, 6.5, RENDER_MUTED, x, y - 6, width, 8.5, 2, lab);
	return 15 + 24;
}

/* "District 4 is significantly worse than the city: 14.2 days against 9.8 (99.8 % limits)." */
static char *
sentence(const struct where *w)
{
	const struct compare *c = &w->cmp;
	struct buf b = BUF_INIT, b95 = BUF_INIT;
	size_t shown = 0, more = 0, n95 = 0;
	char v[48], city[48];

	fmt_value(w, c->pooled.value, city, sizeof city);
	for (int pass = 0; pass < 2; pass++)	/* worse first, then better */
		for (size_t i = 0; i < c->n; i++) {
			const struct compare_area *a = &c->areas[i];
			int s = compare_sense(w->m, a->f.verdict), strong = a->f.verdict ==
			    FV_HIGH_998 || a->f.verdict == FV_LOW_998;
			char *name;

			if (a->f.verdict == FV_NONE || a->f.verdict == FV_NOT_SIG ||
			    (pass == 0 ? s < 0 : s >= 0))
				continue;
			name = area_label(w, a);
			if (!strong) {
				buf_addf(&b95, "%s%s (%s)", n95++ ? ", " : "", name, s > 0 ? "worse" :
				    s < 0 ? "better" : a->f.verdict == FV_HIGH_95 ? "higher" : "lower");
			} else if (shown < 4) {
				buf_addf(&b, "%s is %s: %s against %s. ", name, compare_words(w->m,
				    a->f.verdict), fmt_value(w, a->f.value, v, sizeof v),
				    city);
				shown++;
			} else {
				more++;
			}
			free(name);
		}
	if (more > 0)
		buf_addf(&b, "%zu more differ at 99.8 %% limits (outlined). ", more);
	if (shown == 0 && more == 0)
		buf_addf(&b, "No area differs significantly from the city (%s) at 99.8 %% limits. ",
		    city);
	if (n95 > 0)
		buf_addf(&b, "At 95 %% limits only: %s.", b95.s);
	if (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	if (c->method == FUNNEL_MEDIAN)
		buf_adds(&b, " (Medians: an area differs when the city's median lies outside the "
		    "area's distribution-free order-statistic interval.)");
	else if (c->overdispersion && c->pooled.widened)
		buf_addf(&b, " The areas differ more than chance allows (phi = %.2f): the limits are "
		    "widened by a between-area spread of %s (Spiegelhalter's additive "
		    "overdispersion).", c->pooled.phi, fmt_short(w, sqrt(c->pooled.tau2), v,
		    sizeof v));
	else if (c->overdispersion)
		buf_adds(&b, " The areas differ no more than chance allows: the limits are not "
		    "widened.");
	buf_release(&b95);
	return buf_detach(&b);
}

static double
lerp(double v, double a, double b, double pa, double pb)
{
	return b == a ? (pa + pb) / 2 : pa + (v - a) / (b - a) * (pb - pa);
}

/* The funnel plot (shares and rates) or the areas' intervals (medians). */
static void
draw_funnel(const struct render_ctx *r, const struct where *w, double x, double y, double bw,
    double bh)
{
	struct pdf *pdf = r->pdf;
	const struct compare *c = &w->cmp;
	double xmax = 0, ymin = INFINITY, ymax = -INFINITY, px0 = x + 34, py0 = y + 16;
	double pw = bw - 40, ph = bh - 30, y0v = c->pooled.value;
	int med = c->method == FUNNEL_MEDIAN;
	char t[48];
	size_t nn = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct funnel_area *f = &c->areas[i].f;

		if (f->verdict == FV_NONE)
			continue;
		nn++;
		xmax = fmax(xmax, f->den);
		ymin = fmin(ymin, f->value);
		ymax = fmax(ymax, f->value);
	}
	if (med) {
		/* Intervals of skewed durations run far up: show up to twice the largest median. */
		double top = fmax(ymax, y0v) * 2;

		for (size_t i = 0; i < c->n; i++)
			if (c->areas[i].f.verdict != FV_NONE && !isnan(c->areas[i].f.lo95)) {
				ymin = fmin(ymin, c->areas[i].f.lo95);
				ymax = fmax(ymax, fmin(c->areas[i].f.hi95, top));
			}
	}
	if (nn == 0)
		return;
	if (!med) {
		/* Show the 99.8 % limits at the largest area; at the smallest they may run off. */
		double p0 = c->pooled.num / c->pooled.den, sc = c->scale > 0 ? c->scale : 1, lo, hi;

		if (c->method == FUNNEL_SHARE)
			funnel_share_limits(p0, xmax, 0.999, &lo, &hi);
		else
			funnel_rate_limits(p0, xmax, 0.999, &lo, &hi);
		ymin = fmin(ymin, lo * sc);
		ymax = fmax(ymax, hi * sc);
	}
	ymin = fmin(ymin, y0v);
	ymax = fmax(ymax, y0v);
	if (ymax == ymin)
		ymax = ymin + 1;
	{
		double pad = (ymax - ymin) * 0.08;

		ymin -= pad;
		ymax += pad;
		if (c->method == FUNNEL_SHARE || med)
			ymin = fmax(ymin, 0);
		if (c->method == FUNNEL_SHARE)	/* a share runs to 100 %, the padding too */
			ymax = fmin(ymax, c->scale > 0 ? c->scale : 1);
	}
	pdf_stroke(pdf, RENDER_RULE);
	pdf_line_width(pdf, 0.5);
	pdf_rect(pdf, px0, py0, pw, ph, 0);
	draw_text(pdf, 1, 7.5, RENDER_INK, x, y + bh - 6, bw, DRAW_LEFT, med ?
	    "Each area's median with its 95 % interval (distribution-free), against the city's" :
	    "Funnel plot: each area against the city at its own size (95 % and 99.8 % limits)");
	draw_text(pdf, 0, 6.5, RENDER_MUTED, px0 + pw / 2, y + 1, 0, DRAW_CENTER, med ?
	    "areas, by median" : c->method == FUNNEL_SHARE ? "records (denominator)" :
	    c->per_population ? "residents" : "denominator");
	/* The axis's ends, unless the city's value is printed over one of them. */
	if (lerp(y0v, ymin, ymax, py0, py0 + ph) - py0 > 8)
		draw_text(pdf, 0, 6.5, RENDER_MUTED, px0 - 3, py0 - 2, 0, DRAW_RIGHT,
		    fmt_short(w, ymin, t, sizeof t));
	if (py0 + ph - lerp(y0v, ymin, ymax, py0, py0 + ph) > 8)
		draw_text(pdf, 0, 6.5, RENDER_MUTED, px0 - 3, py0 + ph - 6, 0, DRAW_RIGHT,
		    fmt_short(w, ymax, t, sizeof t));
	/* The city's line. */
	pdf_stroke(pdf, RENDER_INK);
	pdf_line_width(pdf, 0.7);
	pdf_line(pdf, px0, lerp(y0v, ymin, ymax, py0, py0 + ph), px0 + pw,
	    lerp(y0v, ymin, ymax, py0, py0 + ph));
	draw_text(pdf, 0, 6.5, RENDER_INK, px0 - 3, lerp(y0v, ymin, ymax, py0, py0 + ph) - 2, 0,
	    DRAW_RIGHT, fmt_short(w, y0v, t, sizeof t));
	if (!med) {
		/* Limits at 80 denominators from 1 to the largest, cut to the plot. */
		const double ps[2] = { 0.975, 0.999 };
		double p0 = c->pooled.num / c->pooled.den, sc = c->scale > 0 ? c->scale : 1;

		snprintf(t, sizeof t, "%.0f", xmax);
		draw_text(pdf, 0, 6.5, RENDER_MUTED, px0 + pw, py0 - 9, 0, DRAW_RIGHT, t);
		draw_text(pdf, 0, 6.5, RENDER_MUTED, px0, py0 - 9, 0, DRAW_LEFT, "0");
		for (int k = 0; k < 2; k++)
			for (int side = 0; side < 2; side++) {
				double xs[80], ys[80];

				for (int i = 0; i < 80; i++) {
					double n = 1 + (xmax - 1) * pow((double)i / 79, 2), lo, hi, v;

					if (c->pooled.widened) {
						/* Spiegelhalter: the area's variance plus tau^2. */
						double s2 = (c->method == FUNNEL_SHARE ? p0 * (1 - p0) :
						    p0) / n + c->pooled.tau2 / (sc * sc);

						lo = p0 - funnel_qnorm(ps[k]) * sqrt(s2);
						hi = p0 + funnel_qnorm(ps[k]) * sqrt(s2);
					} else if (c->method == FUNNEL_SHARE) {
						funnel_share_limits(p0, n, ps[k], &lo, &hi);
					} else {
						funnel_rate_limits(p0, n, ps[k], &lo, &hi);
					}
					v = (side ? hi : lo) * sc;
					xs[i] = lerp(n, 0, xmax, px0, px0 + pw);
					/* Off the plot: a break in the line (pdf_polyline). */
					ys[i] = v < ymin || v > ymax ? NAN : lerp(v, ymin, ymax, py0,
					    py0 + ph);
				}
				pdf_stroke(pdf, RENDER_MUTED);
				pdf_line_width(pdf, k ? 0.6 : 0.9);
				pdf_dash(pdf, k ? 3 : 0, k ? 2 : 0);
				pdf_polyline(pdf, xs, ys, 80);
				pdf_dash(pdf, 0, 0);
			}
	}
	{
		/* Medians: areas side by side in order of value. */
		size_t *ord = xcalloc(c->n + 1, sizeof *ord), m = 0;

		for (size_t i = 0; i < c->n; i++)
			if (c->areas[i].f.verdict != FV_NONE)
				ord[m++] = i;
		for (size_t i = 1; med && i < m; i++)
			for (size_t j = i; j > 0 && c->areas[ord[j]].f.value <
			    c->areas[ord[j - 1]].f.value; j--) {
				size_t tmp = ord[j];

				ord[j] = ord[j - 1];
				ord[j - 1] = tmp;
			}
		for (size_t k = 0; k < m; k++) {
			const struct compare_area *a = &c->areas[ord[k]];
			int s = compare_sense(w->m, a->f.verdict);
			uint32_t col = a->f.verdict == FV_NOT_SIG ? NODATA_RGB : s >= 0 ? WORSE_RGB :
			    BETTER_RGB;
			double px = med ? px0 + pw * ((double)k + 0.5) / (double)m :
			    lerp(a->f.den, 0, xmax, px0, px0 + pw);
			double py = lerp(a->f.value, ymin, ymax, py0, py0 + ph);

			if (med && !isnan(a->f.lo95)) {
				pdf_stroke(pdf, col);
				pdf_line_width(pdf, 0.6);
				pdf_line(pdf, px, lerp(a->f.lo95, ymin, ymax, py0, py0 + ph), px,
				    lerp(fmin(a->f.hi95, ymax), ymin, ymax, py0, py0 + ph));
			}
			pdf_fill(pdf, col);
			pdf_circle(pdf, px, py, m > 100 ? 1.3 : 2.2, 1);
			/* Medians: which area each column is, under the axis, cut to the column. */
			if (med && m <= 60)
				draw_text(pdf, 0, 5.5, RENDER_MUTED, px, py0 - 7, pw / (double)m - 1,
				    DRAW_CENTER, a->name != NULL ? a->name : a->id);
			if (!med && a->f.verdict != FV_NOT_SIG && strlen(a->id) <= 4 && m <= 80)
				draw_text(pdf, 0, 5.5, col, px + 3, py + 2, 0, DRAW_LEFT, a->id);
		}
		free(ord);
	}
}

/* The small multiples: the same map for each of the last periods, on one scale of classes. */
static void
render_multiples(const struct render_ctx *r, const struct packet_metric *pm)
{
	const struct where *w = pm->where;
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	size_t n = w->nearlier + 1, cols = n > 4 ? 3 : 2, rows = (n + cols - 1) / cols;
	double wd = g->x1 - g->x0, y = g->top, cw, chh;
	struct classes k;
	struct buf b = BUF_INIT;
	char per[64], buf[600], v1[48], v2[48];
	size_t lines;

	make_classes_of(w, w->earlier, w->nearlier, &w->cmp.period, r->p->in->cat->fy_start, &k);
	draw_text(pdf, 1, 7.5, r->c->accent, g->x0, y - 8, wd * 0.7, DRAW_LEFT, "WHERE, OVER TIME");
	draw_text(pdf, 0, 7.5, RENDER_MUTED, g->x1, y - 8, wd * 0.28, DRAW_RIGHT, pm->m->code);
	snprintf(buf, sizeof buf, "Where, the last %zu periods: %s", n, pm->m->name);
	lines = draw_para(pdf, 1, 14, RENDER_INK, g->x0, y - 28, wd, 17, 2, buf);
	y -= 28 + (double)(lines ? lines - 1 : 0) * 17 + 8;
	draw_para(pdf, 0, 7, RENDER_MUTED, g->x0, y - 4, wd, 9, 2, "One scale of classes for all "
	    "the maps; each on the boundaries in force in its period; outlined as on the Where "
	    "page.");
	y -= 16;
	cw = wd / (double)cols;
	chh = fmin((y - g->bottom - 90) / (double)rows, cw * 1.25);
	for (size_t i = 0; i < n; i++) {
		const struct where *x = i < w->nearlier ? &w->earlier[i] : w;
		double cx = g->x0 + (double)(i % cols) * cw, cy = y - (double)(i / cols + 1) * chh;

		packet_period_long(&x->cmp.period, per, sizeof per);
		draw_text(pdf, 1, 8, RENDER_INK, cx + cw / 2, cy + chh - 10, cw - 8, DRAW_CENTER, per);
		draw_map(r, x, &k, cx + 4, cy + 4, cw - 8, chh - 20);
	}
	y -= (double)rows * chh + 6;
	y -= draw_legend(r, w, &k, g->x0, y, wd);
	/* The city and the gap between the best and the worst area, first and last. */
	{
		const struct where *first = w->nearlier ? &w->earlier[0] : w;
		char p1[64], p2[64];
		double g1 = NAN, g2 = NAN;

		for (int q = 0; q < 2; q++) {
			const struct compare *c = q ? &w->cmp : &first->cmp;
			double lo = INFINITY, hi = -INFINITY;

			for (size_t i = 0; i < c->n; i++)
				if (c->areas[i].f.verdict != FV_NONE) {
					lo = fmin(lo, c->areas[i].f.value);
					hi = fmax(hi, c->areas[i].f.value);
				}
			if (q)
				g2 = hi - lo;
			else
				g1 = hi - lo;
		}
		packet_period_long(&first->cmp.period, p1, sizeof p1);
		packet_period_long(&w->cmp.period, p2, sizeof p2);
		buf_addf(&b, "The city: %s in %s, ", fmt_value(w, first->cmp.pooled.value, v1,
		    sizeof v1), p1);
		buf_addf(&b, "%s in %s. ", fmt_value(w, w->cmp.pooled.value, v2, sizeof v2), p2);
		if (isfinite(g1) && isfinite(g2))
			buf_addf(&b, "Between the best and the worst area: %s in %s, %s in %s. ",
			    fmt_short(w, g1, v1, sizeof v1), p1, fmt_short(w, g2, v2, sizeof v2), p2);
		buf_adds(&b, "(kpistat compare --gap gives the gap in every period and whether it is "
		    "closing.)");
		draw_para(pdf, 0, 8.5, RENDER_INK, g->x0, y - 6, wd, 12, 4, b.s);
	}
	buf_release(&b);
}

void
render_where_page(const struct render_ctx *r, const struct packet_page *pg)
{
	const struct packet_metric *pm = &r->p->pm[pg->metric];
	const struct where *w = pm->where;
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	double wd = g->x1 - g->x0, y = g->top, mh, fh;
	struct classes k;
	char per[64], buf[900], *s;
	size_t lines;

	if (w == NULL)
		return;
	if (pg->first == 1) {
		render_multiples(r, pm);
		return;
	}
	packet_period_long(&w->cmp.period, per, sizeof per);
	make_classes(w, &w->cmp.period, r->p->in->cat->fy_start, &k);
	draw_text(pdf, 1, 7.5, r->c->accent, g->x0, y - 8, wd * 0.7, DRAW_LEFT, "WHERE");
	draw_text(pdf, 0, 7.5, RENDER_MUTED, g->x1, y - 8, wd * 0.28, DRAW_RIGHT, pm->m->code);
	snprintf(buf, sizeof buf, "Where: %s, %s", pm->m->name, per);
	lines = draw_para(pdf, 1, 14, RENDER_INK, g->x0, y - 28, wd, 17, 2, buf);
	y -= 28 + (double)(lines ? lines - 1 : 0) * 17 + 8;
	if (w->g != NULL) {
		char from[16];

		snprintf(buf, sizeof buf, "%zu areas of '%s' on the boundaries in force in %s (%s%s%s). "
		    "Projection: equirectangular, east-west scaled by the cosine of the mid-latitude "
		    "(%.1f°).", w->layer.n, w->g->name, per, w->v->file, w->v->has_from ? ", from " :
		    "", w->v->has_from ? period_format(&w->v->from, from) : "",
		    (w->layer.bbox[1] + w->layer.bbox[3]) / 2);
		y -= 9 * (double)draw_para(pdf, 0, 7, RENDER_MUTED, g->x0, y - 4, wd, 9, 2, buf) + 4;
	}
	/* The map takes about half the page; the funnel plot what the sentence leaves. */
	mh = (y - g->bottom) * 0.5;
	if (w->g != NULL && w->layer.n > 0) {
		if (!getenv("NOMAP")) draw_map(r, w, &k, g->x0, y - mh, wd, mh);
		y -= mh + 6;
		y -= draw_legend(r, w, &k, g->x0, y, wd);
	}
	s = sentence(w);
	y -= 12 * (double)draw_para(pdf, 0, 8.5, RENDER_INK, g->x0, y - 6, wd, 12, 6, s) + 8;
	free(s);
	/* What was left out (the data notes say it too). */
	if ((s = where_left_out(w, 8, 12)) != NULL) {
		y -= 9 * (double)draw_para(pdf, 0, 7, RENDER_MUTED, g->x0, y - 2, wd, 9, 3, s) + 6;
		free(s);
	}
	fh = y - g->bottom;
	if (fh > 90)
		draw_funnel(r, w, g->x0, g->bottom, wd, fmin(fh, 260));
}
