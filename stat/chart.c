/*
** chart.c: axis ticks, the SPC run chart, sparklines and the MDC icons (see chart.h).
**
** The chart follows NHS England's "Making Data Count" conventions, which Stat audiences read
** at a glance: grey points are common-cause noise, orange ones a special cause of concern,
** blue ones an improvement; the mean and process limits are dashed, the target is a solid
** line of its own colour, and each rebase starts new limits.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/chart.h"
#include "kpistat/draw.h"
#include "kpistat/num.h"

void
chart_nice_axis(double min, double max, int want, int zero_base, struct chart_axis *out)
{
	static const double steps[] = { 1, 2, 2.5, 5, 10 };
	double range, raw, mag, step = 1;

	if (isnan(min) || isnan(max)) {
		min = isnan(min) ? (isnan(max) ? 0 : max) : min;
		max = min;
	}
	if (min > max) {
		double t = min;

		min = max;
		max = t;
	}
	if (max - min < 1e-12 * (fabs(max) + 1)) {	/* one value: give it room */
		double pad = fabs(min) > 0 ? fabs(min) * 0.1 : 1;

		min -= pad;
		max += pad;
	}
	if (zero_base && min >= 0 && min < max / 4)
		min = 0;
	if (want < 2)
		want = 2;
	range = max - min;
	raw = range / want;
	mag = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		step = steps[i] * mag;
		if (step >= raw * (1 - 1e-9))
			break;
	}
	out->step = step;
	/* Round to the step's own precision so 0.1 * 3 does not print as 0.30000000000000004. */
	out->lo = floor(min / step + 1e-9) * step;
	out->hi = ceil(max / step - 1e-9) * step;
	out->nticks = (int)llround((out->hi - out->lo) / step) + 1;
	out->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	if (out->decimals > 0 && fabs(step * pow(10, out->decimals) -
	    round(step * pow(10, out->decimals))) > 1e-6)
		out->decimals++;	/* 0.25 needs two places, not one */
	if (out->decimals > 6)
		out->decimals = 6;
}

char *
chart_tick_label(const struct chart_axis *ax, double v, char *buf, size_t n)
{
	double big = fabs(ax->lo) > fabs(ax->hi) ? fabs(ax->lo) : fabs(ax->hi);

	if (fabs(v) < ax->step * 1e-9)
		v = 0;
	if (big >= 1e6) {
		int dec = ax->step >= 1e6 ? 0 : ax->step >= 1e5 ? 1 : 2;

		snprintf(buf, n, "%.*fM", dec, v / 1e6);
	} else {
		num_format(v, ax->decimals, buf, n);
	}
	return buf;
}

/* Plot-area mapping. */
struct plot {
	double	x, y, w, h;		/* the plot area */
	double	lo, hi;			/* value range */
	size_t	n;			/* points */
};

static double
px(const struct plot *pl, size_t i)
{
	return pl->x + ((double)i + 0.5) * pl->w / (double)pl->n;
}

static double
py(const struct plot *pl, double v)
{
	return pl->y + (v - pl->lo) / (pl->hi - pl->lo) * pl->h;
}

static uint32_t
point_colour(const struct trend_point *pt)
{
	if (pt == NULL)
		return CHART_COMMON;
	switch (pt->type) {
	case TREND_SPECIAL_IMPROVEMENT:
		return CHART_IMPROVE;
	case TREND_SPECIAL_CONCERN:
		return CHART_CONCERN;
	case TREND_SPECIAL_NEUTRAL_HIGH:
	case TREND_SPECIAL_NEUTRAL_LOW:
		return CHART_NEUTRAL;
	default:
		return CHART_COMMON;
	}
}

/* A legend entry: a short line sample (or a dot) and its label; returns the x after it. */
static double
legend_item(struct pdf *p, double x, double y, int dot, uint32_t rgb, unsigned dash,
    const char *label)
{
	if (dot) {
		pdf_fill(p, rgb);
		pdf_circle(p, x + 4, y + 2.6, 2.6, 1);
		x += 10;
	} else {
		pdf_stroke(p, rgb);
		pdf_line_width(p, dash ? 0.9 : 1.3);
		pdf_dash(p, dash, dash ? 2 : 0);
		pdf_line(p, x, y + 2.6, x + 16, y + 2.6);
		pdf_dash(p, 0, 0);
		x += 20;
	}
	x += draw_text(p, 0, 7, CHART_MUTED, x, y, 0, DRAW_LEFT, label);
	return x + 10;
}

/* Horizontal segments of one trend_point field, one per rebase group. */
static void
group_lines(struct pdf *p, const struct plot *pl, const struct trend_point *pts, int upl,
    int mean)
{
	size_t i = 0;

	while (i < pl->n) {
		size_t j = i;
		double v;

		while (j + 1 < pl->n && pts[j + 1].group == pts[i].group)
			j++;
		v = mean ? pts[i].mean : upl ? pts[i].upl : pts[i].lpl;
		if (!isnan(v) && v >= pl->lo && v <= pl->hi)
			pdf_line(p, px(pl, i) - pl->w / (double)pl->n / 2, py(pl, v),
			    px(pl, j) + pl->w / (double)pl->n / 2, py(pl, v));
		i = j + 1;
	}
}

void
chart_spc(struct pdf *p, double x, double y, double w, double h, const struct chart_data *d)
{
	struct chart_axis ax;
	struct plot pl;
	double lo = INFINITY, hi = -INFINITY, lw = 0, lx, xs[512], ys[512];
	char buf[64];
	size_t n = d->n < 512 ? d->n : 512, every, last = n;
	int any_special = 0;

	for (size_t i = 0; i < n; i++) {
		double v[4] = { d->values[i], d->target ? d->target[i] : NAN,
		    d->pts ? d->pts[i].upl : NAN, d->pts ? d->pts[i].lpl : NAN };

		for (int k = 0; k < 4; k++) {
			if (isnan(v[k]))
				continue;
			lo = v[k] < lo ? v[k] : lo;
			hi = v[k] > hi ? v[k] : hi;
		}
		if (!isnan(d->values[i]))
			last = i;
		if (d->pts && d->pts[i].type != TREND_COMMON_CAUSE && !isnan(d->values[i]))
			any_special = 1;
	}
	if (n == 0 || last == n)
		return;
	if (lo < 0 && d->pts)	/* limits below zero for counts mean nothing on the axis */
		lo = fmin(lo, 0);
	chart_nice_axis(lo, hi, 5, 0, &ax);
	for (int t = 0; t < ax.nticks; t++) {
		double wt = draw_width(p, 0, 7, chart_tick_label(&ax, ax.lo + t * ax.step, buf,
		    sizeof buf));

		lw = wt > lw ? wt : lw;
	}

	/* Legend along the top. */
	lx = x + lw + 8;
	lx = legend_item(p, lx, y + h - 8, 0, CHART_INK, 0, "value");
	if (d->target)
		lx = legend_item(p, lx, y + h - 8, 0, CHART_TARGET, 0, "target");
	if (d->pts) {
		lx = legend_item(p, lx, y + h - 8, 0, CHART_MUTED, 4, "mean");
		lx = legend_item(p, lx, y + h - 8, 0, CHART_COMMON, 2, "process limits");
		lx = legend_item(p, lx, y + h - 8, 1, CHART_COMMON, 0, "common cause");
		if (any_special) {
			lx = legend_item(p, lx, y + h - 8, 1, CHART_CONCERN, 0, "concern");
			lx = legend_item(p, lx, y + h - 8, 1, CHART_IMPROVE, 0, "improvement");
		}
	}
	(void)lx;

	pl.x = x + lw + 8;
	pl.w = w - lw - 8;
	pl.y = y + 22;
	pl.h = h - 22 - 20;
	pl.lo = ax.lo;
	pl.hi = ax.hi;
	pl.n = n;

	/* Gridlines and tick labels. */
	for (int t = 0; t < ax.nticks; t++) {
		double v = ax.lo + t * ax.step, yy = py(&pl, v);

		draw_rule(p, pl.x, pl.x + pl.w, yy, t == 0 ? 0xB8BDC6 : CHART_GRID, t == 0 ? 0.8 : 0.5);
		draw_text(p, 0, 7, CHART_MUTED, pl.x - 5, yy - 2.5, 0, DRAW_RIGHT,
		    chart_tick_label(&ax, v, buf, sizeof buf));
	}

	/* Rebase marks: a dotted divider where a new process (and new limits) starts. */
	for (size_t i = 1; d->rebase && i < n; i++) {
		double xx;

		if (!d->rebase[i])
			continue;
		xx = (px(&pl, i - 1) + px(&pl, i)) / 2;
		pdf_stroke(p, CHART_MUTED);
		pdf_line_width(p, 0.8);
		pdf_dash(p, 1, 2);
		pdf_line(p, xx, pl.y, xx, pl.y + pl.h);
		pdf_dash(p, 0, 0);
		draw_text(p, 0, 6.5, CHART_MUTED, xx + 3, pl.y + pl.h - 8, 0, DRAW_LEFT,
		    "process change");
	}

	/*
	** Done follow-ups: a solid line through the period that holds the done date (it belongs
	** to neither side of "did it work?"), labelled near the top, a line below the
	** process-change label (they often fall together); a second mark in the same period
	** stacks its label below.
	*/
	for (size_t k = 0; d->marks && k < d->nmarks; k++) {
		double xx, mw, mx;
		size_t below = 0;

		if (d->marks[k] >= n)
			continue;
		for (size_t j = 0; j < k; j++)
			below += d->marks[j] == d->marks[k];
		xx = px(&pl, d->marks[k]);
		pdf_stroke(p, CHART_MARK);
		pdf_line_width(p, 1.0);
		pdf_line(p, xx, pl.y, xx, pl.y + pl.h);
		/* Right of the line, or left of it when the label would leave the plot. */
		mw = draw_width(p, 1, 6.5, d->mark_labels[k]);
		mx = xx + 4 + mw > pl.x + pl.w ? xx - 4 - mw : xx + 4;
		pdf_fill(p, 0xFFFFFF);
		pdf_rect(p, mx - 2, pl.y + pl.h - 21 - 10 * (double)below, mw + 4, 9, 1);
		draw_text(p, 1, 6.5, CHART_MARK, mx, pl.y + pl.h - 18.5 - 10 * (double)below, 0,
		    DRAW_LEFT, d->mark_labels[k]);
	}

	/* Limits and mean, dashed, per rebase group. */
	if (d->pts) {
		pdf_stroke(p, CHART_COMMON);
		pdf_line_width(p, 0.9);
		pdf_dash(p, 2, 2);
		group_lines(p, &pl, d->pts, 1, 0);
		group_lines(p, &pl, d->pts, 0, 0);
		pdf_stroke(p, CHART_MUTED);
		pdf_dash(p, 4, 3);
		group_lines(p, &pl, d->pts, 0, 1);
		pdf_dash(p, 0, 0);
	}

	/* Target: a step line following the target in force. */
	if (d->target) {
		for (size_t i = 0; i < n; i++) {
			xs[i] = px(&pl, i);
			ys[i] = isnan(d->target[i]) ? NAN : py(&pl, d->target[i]);
		}
		pdf_stroke(p, CHART_TARGET);
		pdf_line_width(p, 1.3);
		for (size_t i = 0; i < n; i++) {
			double half = pl.w / (double)n / 2;

			if (isnan(ys[i]))
				continue;
			pdf_line(p, xs[i] - half, ys[i], xs[i] + half, ys[i]);
			if (i + 1 < n && !isnan(ys[i + 1]) && ys[i + 1] != ys[i])
				pdf_line(p, xs[i] + half, ys[i], xs[i] + half, ys[i + 1]);
		}
	}

	/* Values and their points. */
	for (size_t i = 0; i < n; i++) {
		xs[i] = px(&pl, i);
		ys[i] = isnan(d->values[i]) ? NAN : py(&pl, d->values[i]);
	}
	pdf_stroke(p, CHART_INK);
	pdf_line_width(p, 1.4);
	pdf_polyline(p, xs, ys, n);
	for (size_t i = 0; i < n; i++) {
		double r = i == last ? 3.4 : 2.5;

		if (isnan(ys[i]))
			continue;
		pdf_fill(p, 0xFFFFFF);
		pdf_circle(p, xs[i], ys[i], r + 0.9, 1);
		pdf_fill(p, point_colour(d->pts ? &d->pts[i] : NULL));
		pdf_circle(p, xs[i], ys[i], r, 1);
	}
	/* The latest figure, labelled on a white patch so lines do not run through it. */
	{
		double tw, tx, ly = ys[last] + (ys[last] > pl.y + pl.h - 14 ? -14 : 6);

		num_format(d->values[last], d->decimals, buf, sizeof buf);
		tw = draw_width(p, 1, 7.5, buf);
		tx = fmin(xs[last] - tw / 2, pl.x + pl.w - tw);
		pdf_fill(p, 0xFFFFFF);
		pdf_rect(p, tx - 1.5, ly - 2, tw + 3, 9.5, 1);
		draw_text(p, 1, 7.5, CHART_INK, tx, ly, 0, DRAW_LEFT, buf);
	}

	/* Period labels: as many as fit without touching, always including the latest. */
	every = (size_t)ceil((draw_width(p, 0, 6.5, d->labels[0]) + 6) / (pl.w / (double)n));
	if (every < 1)
		every = 1;
	for (size_t i = n; i-- > 0;) {
		if ((n - 1 - i) % every != 0)
			continue;
		pdf_stroke(p, 0xB8BDC6);
		pdf_line_width(p, 0.6);
		pdf_line(p, xs[i], pl.y, xs[i], pl.y - 3);
		draw_text(p, 0, 6.5, CHART_MUTED, xs[i], pl.y - 12, 0, DRAW_CENTER, d->labels[i]);
	}
}

void
chart_sparkline(struct pdf *p, double x, double y, double w, double h, const double *v,
    const double *target, size_t n, uint32_t last_rgb)
{
	double lo = INFINITY, hi = -INFINITY, xs[256], ys[256];
	struct plot pl;
	size_t last = n;

	if (n > 256)
		v += n - 256, target = target ? target + n - 256 : NULL, n = 256;
	for (size_t i = 0; i < n; i++) {
		if (!isnan(v[i])) {
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
			last = i;
		}
	}
	if (last == n)
		return;
	/* Show the target only when it is near the data; otherwise it would flatten the line. */
	if (target && !isnan(target[n - 1]) && target[n - 1] >= lo - (hi - lo) &&
	    target[n - 1] <= hi + (hi - lo)) {
		lo = fmin(lo, target[n - 1]);
		hi = fmax(hi, target[n - 1]);
	} else {
		target = NULL;
	}
	if (hi - lo < 1e-12) {
		lo -= 1;
		hi += 1;
	}
	pl = (struct plot){ x + 2, y + 2, w - 6, h - 4, lo, hi, n };
	if (target) {
		pdf_stroke(p, 0xE3A3A3);
		pdf_line_width(p, 0.7);
		pdf_line(p, pl.x, py(&pl, target[n - 1]), pl.x + pl.w, py(&pl, target[n - 1]));
	}
	for (size_t i = 0; i < n; i++) {
		xs[i] = px(&pl, i);
		ys[i] = isnan(v[i]) ? NAN : py(&pl, v[i]);
	}
	pdf_stroke(p, 0x4B5563);
	pdf_line_width(p, 0.8);
	pdf_polyline(p, xs, ys, n);
	pdf_fill(p, last_rgb);
	pdf_circle(p, xs[last], ys[last], 1.9, 1);
}

/* A filled disc with a short bold mark in white. */
static void
disc(struct pdf *p, double cx, double cy, double r, uint32_t rgb, const char *mark)
{
	pdf_fill(p, rgb);
	pdf_circle(p, cx, cy, r, 1);
	draw_text(p, 1, r * 1.15, 0xFFFFFF, cx, cy - r * 0.41, 0, DRAW_CENTER, mark);
}

void
chart_variation_icon(struct pdf *p, double cx, double cy, double r, enum trend_variation v,
    int none)
{
	double xs[5], ys[5];

	if (none) {
		pdf_stroke(p, CHART_COMMON);
		pdf_line_width(p, 0.8);
		pdf_dash(p, 1, 1);
		pdf_circle(p, cx, cy, r - 0.4, 0);
		pdf_dash(p, 0, 0);
		return;
	}
	switch (v) {
	case TREND_VAR_IMPROVEMENT_HIGH:
		disc(p, cx, cy, r, CHART_IMPROVE, "H");
		break;
	case TREND_VAR_IMPROVEMENT_LOW:
		disc(p, cx, cy, r, CHART_IMPROVE, "L");
		break;
	case TREND_VAR_CONCERN_HIGH:
		disc(p, cx, cy, r, CHART_CONCERN, "H");
		break;
	case TREND_VAR_CONCERN_LOW:
		disc(p, cx, cy, r, CHART_CONCERN, "L");
		break;
	case TREND_VAR_NEUTRAL_HIGH:
		disc(p, cx, cy, r, CHART_NEUTRAL, "H");
		break;
	case TREND_VAR_NEUTRAL_LOW:
		disc(p, cx, cy, r, CHART_NEUTRAL, "L");
		break;
	default:	/* common cause: a grey disc with a flat zigzag, "just noise" */
		pdf_fill(p, CHART_COMMON);
		pdf_circle(p, cx, cy, r, 1);
		for (int i = 0; i < 5; i++) {
			xs[i] = cx - r * 0.55 + i * r * 0.275;
			ys[i] = cy + (i % 2 ? -r * 0.18 : r * 0.18);
		}
		pdf_stroke(p, 0xFFFFFF);
		pdf_line_width(p, r * 0.16);
		pdf_polyline(p, xs, ys, 5);
		break;
	}
}

void
chart_assurance_icon(struct pdf *p, double cx, double cy, double r, enum trend_assurance a)
{
	switch (a) {
	case TREND_ASSURANCE_PASS:
		disc(p, cx, cy, r, CHART_IMPROVE, "P");
		break;
	case TREND_ASSURANCE_FAIL:
		disc(p, cx, cy, r, CHART_CONCERN, "F");
		break;
	case TREND_ASSURANCE_INCONSISTENT:
		disc(p, cx, cy, r, CHART_COMMON, "?");
		break;
	default:
		break;
	}
}
