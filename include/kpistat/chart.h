/*
** chart: the packet's charts, drawn through draw.h and pdf.h: the SPC run chart of a metric
** page (values with points, target line, mean and process limits dashed, signal points in the
** Making Data Count colours, rebase marks, nice axis ticks, period labels), the at-a-glance
** sparkline, and the MDC variation and assurance icons. chart_nice_axis() is pure and is what
** the unit tests check; the drawing code takes plain arrays and knows nothing of the store.
**
** Ownership: nothing is kept; the arrays passed in are read during the call only.
*/
#ifndef KPISTAT_CHART_H
#define KPISTAT_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "kpistat/pdf.h"
#include "kpistat/trend.h"

/* NHS England "Making Data Count" colours. */
#define CHART_CONCERN	0xED8B00	/* orange: special cause, concern */
#define CHART_IMPROVE	0x00B0F0	/* blue: special cause, improvement */
#define CHART_NEUTRAL	0x490092	/* purple: special cause, neither direction better */
#define CHART_COMMON	0xA6A6A6	/* grey: common cause */
#define CHART_INK	0x2B2F36	/* the values line and labels */
#define CHART_MUTED	0x6B7280	/* axis labels, mean */
#define CHART_GRID	0xE5E7EB	/* gridlines */
#define CHART_TARGET	0xB91C1C	/* the target line */
#define CHART_MARK	0x15803D	/* a done follow-up's marker */

/* An axis from lo to hi in steps of `step` (1, 2, 2.5 or 5 times a power of ten). */
struct chart_axis {
	double	lo, hi;		/* first and last tick */
	double	step;		/* between ticks */
	int	nticks;		/* (hi - lo) / step + 1 */
	int	decimals;	/* places a tick label needs */
};

/*
** Ticks covering [min, max] with about `want` (>= 2) intervals. Equal or NaN bounds are
** widened so there is always a range. With zero_base, an axis whose data start near zero
** (min >= 0 and min < max / 4) starts at zero.
*/
void	chart_nice_axis(double min, double max, int want, int zero_base, struct chart_axis *out);

/* The label of tick v: thousands separators, "1.2M" for millions, the axis's decimals. */
char	*chart_tick_label(const struct chart_axis *ax, double v, char *buf, size_t n);

/* What a metric page's chart shows; every array has n entries. */
struct chart_data {
	size_t			 n;
	const double		*values;	/* NaN: no figure */
	const double		*target;	/* target in force per point, NaN: none; may be NULL */
	const struct trend_point *pts;		/* mean, limits and point types; may be NULL */
	const char *const	*labels;	/* short period labels ("Oct 26") */
	const unsigned char	*rebase;	/* 1 where a new process starts (a rebase); may be NULL */
	int			 decimals;	/* of the values, for the latest-value label */
	const size_t		*marks;		/* points where a follow-up was done; may be NULL */
	const char *const	*mark_labels;	/* "F-12 done", one per mark */
	size_t			 nmarks;
};

/* The SPC run chart in the box (x, y) .. (x + w, y + h), legend along its top. */
void	chart_spc(struct pdf *p, double x, double y, double w, double h, const struct chart_data *d);

/* A sparkline of v[0..n) (NaN breaks it) with a faint target line, the last point in `last_rgb`. */
void	chart_sparkline(struct pdf *p, double x, double y, double w, double h, const double *v,
	    const double *target, size_t n, uint32_t last_rgb);

/* The MDC variation icon for the latest point, centred at (cx, cy). `none`: no figure. */
void	chart_variation_icon(struct pdf *p, double cx, double cy, double r, enum trend_variation v,
	    int none);

/* The MDC assurance icon (nothing for TREND_ASSURANCE_NONE). */
void	chart_assurance_icon(struct pdf *p, double cx, double cy, double r, enum trend_assurance a);

#endif
