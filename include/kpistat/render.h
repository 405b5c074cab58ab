/*
** render: draws a laid-out packet (packet.h) into a PDF document through draw.h and chart.h:
** the cover, the at-a-glance table, the flowing sections, the metric pages, the running header,
** the "page X of Y" footer, the bookmarks and the links from table rows to metric pages. It
** decides nothing about content (packet.c does) nor which page holds what (packet_layout.c).
**
** Ownership: borrows everything; the document stays the caller's.
*/
#ifndef KPISTAT_RENDER_H
#define KPISTAT_RENDER_H

#include "kpistat/packet.h"
#include "kpistat/pdf.h"

struct render_info {
	const char	*meeting_date;	/* "2026-11-05", or NULL */
	const char	*as_of;		/* "2026-11-03", or NULL */
	const char	*logo;		/* PNG path, or NULL */
};

/* Draw every page of p (laid out for the document's page size). 0, or -1 with e filled. */
int	render_packet(struct pdf *pdf, const struct packet *p, const struct render_info *ri,
	    struct kp_err *e);

/* ---- shared by render.c and render_metric.c ---- */

#define RENDER_INK	0x1F2937	/* body text */
#define RENDER_MUTED	0x6B7280	/* secondary text */
#define RENDER_RULE	0xD1D5DB	/* hairlines */
#define RENDER_PANEL	0xF4F5F7	/* light panels */

struct render_ctx {
	struct pdf		*pdf;
	const struct packet	*p;
	const struct render_info *ri;
	const struct packet_geom *g;
	const struct tpl_colours *c;
};

uint32_t render_status_rgb(const struct render_ctx *r, enum status_level l);
const char *render_status_word(enum status_level l);	/* "On target", ... */
uint32_t render_change_rgb(const struct render_ctx *r, int good);
void	render_metric_page(const struct render_ctx *r, const struct packet_page *pg);
/* A section's title block (or "continued" line); returns the y below it. */
double	render_section_title(const struct render_ctx *r, const struct packet_page *pg);

/* ---- the Stat cycle's pages (render_cycle.c) ---- */
uint32_t render_colour_rgb(const struct render_ctx *r, enum cy_colour c);	/* tracker colour */
/* "31 Oct 2026" (year = 0: "31 Oct") from "2026-10-31"; as given when it is not a date. */
const char *render_short_date(const char *iso, int year, char *buf, size_t n);
void	render_agenda(const struct render_ctx *r, const struct packet_page *pg);
void	render_followups(const struct render_ctx *r, const struct packet_page *pg);
void	render_next_steps(const struct render_ctx *r, const struct packet_page *pg);
/*
** A metric page's follow-ups (linked to the table) and "did it work?" sentences in the column
** at (x, y), width w; returns the y below. The height function mirrors it with nlines.
*/
double	render_metric_fu(const struct render_ctx *r, const struct packet_metric *pm, double x,
	    double y, double w);
double	render_metric_fu_height(const struct render_ctx *r, const struct packet_metric *pm,
	    double w, size_t (*nlines)(struct pdf *, int, double, double, size_t, const char *));
/* The map, sentence and funnel plot of a metric with areas (stat/render_where.c). */
void	render_where_page(const struct render_ctx *r, const struct packet_page *pg);

#endif
