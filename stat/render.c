/*
** render.c: the packet's pages other than metric pages, and the passes over the whole
** document: pages, header and footer, bookmarks (see render.h). All pages are created first,
** so that links from the cover, the table and the attention list can point forward.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/chart.h"
#include "kpistat/draw.h"
#include "kpistat/period.h"
#include "kpistat/render.h"

#define BULLET	"\xc2\xb7"	/* U+00B7 MIDDLE DOT */

static const char *const status_words[] = {
	[STATUS_NO_TARGET] = "No target", [STATUS_ON] = "On target",
	[STATUS_NEAR] = "Near target", [STATUS_OFF] = "Off target", [STATUS_MISSING] = "No figure"
};

uint32_t
render_status_rgb(const struct render_ctx *r, enum status_level l)
{
	return l == STATUS_ON ? r->c->on : l == STATUS_NEAR ? r->c->near : l == STATUS_OFF ?
	    r->c->off : r->c->none;
}

const char *
render_status_word(enum status_level l)
{
	return status_words[l];
}

uint32_t
render_change_rgb(const struct render_ctx *r, int good)
{
	return good > 0 ? r->c->on : good < 0 ? r->c->off : RENDER_INK;
}

/* Title block of a section's first page (or the "continued" line); returns the y below it. */
double
render_section_title(const struct render_ctx *r, const struct packet_page *pg)
{
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	char buf[512];

	if (pg->cont) {
		snprintf(buf, sizeof buf, "%s (continued)", pg->sec->title);
		draw_text(r->pdf, 1, 13, r->c->accent, g->x0, g->top - 16, g->x1 - g->x0, DRAW_LEFT,
		    buf);
		return g->top - 32;
	}
	draw_text(r->pdf, 1, PK_TITLE_SIZE, r->c->accent, g->x0, g->top - 18, g->x1 - g->x0,
	    DRAW_LEFT, pg->sec->title);
	if (p->intro[pg->sec->kind].n)
		draw_lines(r->pdf, 0, PK_BODY_SIZE, RENDER_INK, g->x0, g->top - 34 - 9, PK_BODY_LEAD,
		    p->intro_text[pg->sec->kind], &p->intro[pg->sec->kind]);
	return g->top - packet_title_height(p, pg->sec->kind);
}

static void
header_footer(const struct render_ctx *r, int page, int total, const struct packet_page *pg)
{
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	char buf[512];

	if (pg->kind != PAGE_COVER) {
		snprintf(buf, sizeof buf, "%s " BULLET " %s", p->title, p->period_long);
		draw_text(r->pdf, 1, 8, r->c->accent, g->x0, g->ph - 40, 0, DRAW_LEFT, buf);
		draw_text(r->pdf, 0, 8, RENDER_MUTED, g->x1, g->ph - 40, (g->x1 - g->x0) / 2,
		    DRAW_RIGHT, pg->kind == PAGE_METRIC || pg->kind == PAGE_WHERE ?
		    p->pm[pg->metric].m->name :
		    pg->kind == PAGE_NODATA ? "No figures for this period" : pg->sec->title);
		draw_rule(r->pdf, g->x0, g->x1, g->ph - 48, r->c->accent, 0.8);
	}
	draw_rule(r->pdf, g->x0, g->x1, 44, RENDER_RULE, 0.5);
	snprintf(buf, sizeof buf, "%s%s%s", p->city ? p->city : "", p->city ? " " BULLET " " : "",
	    p->tpl->subtitle);
	draw_text(r->pdf, 0, 7.5, RENDER_MUTED, g->x0, 32, (g->x1 - g->x0) * 0.7, DRAW_LEFT, buf);
	snprintf(buf, sizeof buf, "page %d of %d", page + 1, total);
	draw_text(r->pdf, 0, 7.5, RENDER_MUTED, g->x1, 32, 0, DRAW_RIGHT, buf);
}

/* First page of each section kind, or -1. */
static int
first_page(const struct packet *p, enum packet_page_kind k)
{
	for (size_t i = 0; i < p->npages; i++)
		if (p->pages[i].kind == k)
			return (int)i;
	return -1;
}

static int
cover(const struct render_ctx *r, const struct packet_page *pg, struct kp_err *e)
{
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	double band = g->ph - 290, y, tile_w, x;
	static const enum status_level tiles[] = { STATUS_OFF, STATUS_NEAR, STATUS_ON,
	    STATUS_MISSING, STATUS_NO_TARGET };
	static const char *const tile_words[] = { "off target", "near target", "on target",
	    "without a figure", "without a target" };
	char buf[512], num[32];

	pdf_fill(pdf, r->c->accent);
	pdf_rect(pdf, 0, band, g->pw, g->ph - band, 1);
	/* The template checked the PNG signature; libharu may still find the file unreadable. */
	if (r->ri->logo && pdf_image(pdf, r->ri->logo, g->x1 - 96, g->ph - 146, 96, 96, e) < 0)
		return -1;
	if (p->city)
		draw_text(pdf, 1, 12, draw_tint(r->c->accent, 0.7), g->x0, g->ph - 78,
		    g->x1 - g->x0 - 110, DRAW_LEFT, p->city);
	draw_text(pdf, 1, 40, 0xFFFFFF, g->x0, g->ph - 150, g->x1 - g->x0 - 110, DRAW_LEFT,
	    p->title);
	draw_text(pdf, 0, 18, draw_tint(r->c->accent, 0.8), g->x0, g->ph - 180, g->x1 - g->x0,
	    DRAW_LEFT, p->tpl->subtitle);
	draw_text(pdf, 1, 24, 0xFFFFFF, g->x0, g->ph - 244, g->x1 - g->x0, DRAW_LEFT,
	    p->period_long);

	/* The template's introduction, then facts about the meeting. */
	y = band - 40;
	if (pg->sec->intro && p->intro[TPL_COVER].n) {
		draw_lines(pdf, 0, 10, RENDER_INK, g->x0, y, 14, p->intro_text[TPL_COVER],
		    &p->intro[TPL_COVER]);
		y -= (double)p->intro[TPL_COVER].n * 14 + 16;
	}
	{
		const struct cy_meeting *m = p->in->meeting;
		const char *labels[6], *vals[6];
		char date[96], asof[64];
		int nrow = 0;

		/* The session's own record wins; --meeting-date stands in when there is none. */
		if (m && m->date) {
			packet_day_long(m->date, 1, date, sizeof date);
			if (m->time)
				snprintf(date + strlen(date), sizeof date - strlen(date), ", %s", m->time);
		} else if (p->in->meeting_date) {
			packet_day_long(p->in->meeting_date, 1, date, sizeof date);
		}
		if (r->ri->as_of)
			packet_day_long(r->ri->as_of, 0, asof, sizeof asof);
		labels[nrow] = "Meeting";
		vals[nrow++] = (m && m->date) || p->in->meeting_date ? date : "date to be set";
		if (m && m->place) {
			labels[nrow] = "Place";
			vals[nrow++] = m->place;
		}
		if (m && m->chair) {
			labels[nrow] = "Chair";
			vals[nrow++] = m->chair;
		}
		labels[nrow] = "Reporting period";
		vals[nrow++] = p->period_long;
		labels[nrow] = "Data as of";
		vals[nrow++] = r->ri->as_of ? asof : "no figures entered";
		labels[nrow] = "Prepared by";
		vals[nrow++] = p->tpl->prepared_by ? p->tpl->prepared_by : "the performance office";
		for (int i = 0; i < nrow; i++, y -= 18) {
			draw_text(pdf, 0, 9, RENDER_MUTED, g->x0, y, 110, DRAW_LEFT, labels[i]);
			/* A long office name takes a second line rather than an ellipsis. */
			y -= 13 * (double)(draw_para(pdf, i == 0, 10, RENDER_INK, g->x0 + 115, y,
			    g->x1 - g->x0 - 115, 13, 2, vals[i]) - 1);
		}
	}

	/* The standing in five tiles. */
	y -= 24;
	snprintf(buf, sizeof buf, "%zu metric%s this period", p->npm, p->npm == 1 ? "" : "s");
	draw_text(pdf, 1, 11, r->c->accent, g->x0, y, 0, DRAW_LEFT, buf);
	y -= 66;
	tile_w = (g->x1 - g->x0 - 4 * 8) / 5;
	for (int i = 0; i < 5; i++) {
		uint32_t rgb = render_status_rgb(r, tiles[i]);

		x = g->x0 + i * (tile_w + 8);
		pdf_fill(pdf, draw_tint(rgb, 0.9));
		pdf_rect(pdf, x, y, tile_w, 54, 1);
		pdf_fill(pdf, rgb);
		pdf_rect(pdf, x, y, 3, 54, 1);
		snprintf(num, sizeof num, "%zu", p->count[tiles[i]]);
		draw_text(pdf, 1, 22, rgb, x + 12, y + 24, 0, DRAW_LEFT, num);
		draw_text(pdf, 0, 8, RENDER_INK, x + 12, y + 10, tile_w - 16, DRAW_LEFT,
		    tile_words[i]);
	}

	/* Contents, with links. */
	y -= 34;
	draw_text(pdf, 1, 11, r->c->accent, g->x0, y, 0, DRAW_LEFT, "In this packet");
	y -= 6;
	for (size_t i = 0; i < p->npages; i++) {
		const struct packet_page *q = &p->pages[i];

		/* At most seven sections: they fit below the tiles on either paper. */
		if (q->kind == PAGE_COVER || q->cont || q->kind == PAGE_WHERE ||
		    (q->kind == PAGE_METRIC &&
		    (int)i != first_page(p, PAGE_METRIC)) || y - 16 < g->bottom + 4)
			continue;
		y -= 16;
		draw_rule(pdf, g->x0, g->x1, y - 5, RENDER_RULE, 0.4);
		draw_text(pdf, 0, 9.5, RENDER_INK, g->x0, y, g->x1 - g->x0 - 40, DRAW_LEFT,
		    q->kind == PAGE_NODATA ? "No figures for this period" : q->sec->title);
		snprintf(num, sizeof num, "%zu", i + 1);
		draw_text(pdf, 1, 9.5, r->c->accent, g->x1, y, 0, DRAW_RIGHT, num);
		pdf_link(pdf, g->x0, y - 5, g->x1 - g->x0, 16, (int)i);
	}
	return 0;
}

static void
nodata(const struct render_ctx *r)
{
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	const struct period *latest = NULL;
	char buf[1024], per[48];

	for (size_t i = 0; i < p->npm; i++) {
		const struct status_row *st = &p->pm[i].a.status;

		if (st->has_latest && (latest == NULL || period_key(&st->latest) > period_key(latest)))
			latest = &st->latest;
	}
	snprintf(buf, sizeof buf, "No figures for %s", p->period_long);
	draw_text(r->pdf, 1, PK_TITLE_SIZE, r->c->accent, g->x0, g->top - 18, g->x1 - g->x0,
	    DRAW_LEFT, buf);
	snprintf(buf, sizeof buf, "None of the %zu metrics of %s has a figure for %s, so this "
	    "packet has no table and no charts. %s%s%s Enter the figures with 'kpistat record' or "
	    "'kpistat import' and build the packet again.", p->npm, p->title, p->period_long,
	    latest ? "The latest figures on record are for " : "No figures have been recorded "
	    "for these metrics yet.", latest ? packet_period_long(latest, per, sizeof per) : "",
	    latest ? "." : "");
	draw_para(r->pdf, 0, 10.5, RENDER_INK, g->x0, g->top - 48, g->x1 - g->x0, 15, 0, buf);
}

/* Column layout of the at-a-glance table (x of each column's left edge). */
struct cols {
	double	name, value, target, status, prev, year, spark, var, assur, end;
};

static void
glance_cols(const struct packet_geom *g, struct cols *c)
{
	double w = g->x1 - g->x0, fixed = 50 + 44 + 60 + 48 + 48 + 66 + 24 + 26;

	c->name = g->x0;
	c->value = c->name + (w - fixed);
	c->target = c->value + 50;
	c->status = c->target + 44;
	c->prev = c->status + 60;
	c->year = c->prev + 48;
	c->spark = c->year + 48;
	c->var = c->spark + 66;
	c->assur = c->var + 24;
	c->end = c->assur + 26;
}

/* An icon and its words; returns the x after them. */
static double
legend_entry(struct pdf *pdf, double x, double y, int var, int which, const char *words)
{
	if (var)
		chart_variation_icon(pdf, x + 5, y + 2.5, 5, (enum trend_variation)which, 0);
	else
		chart_assurance_icon(pdf, x + 5, y + 2.5, 5, (enum trend_assurance)which);
	return x + 13 + draw_text(pdf, 0, 7, RENDER_MUTED, x + 13, y, 0, DRAW_LEFT, words) + 12;
}

static void
glance_legend(const struct render_ctx *r, double y)
{
	struct pdf *pdf = r->pdf;
	double x0 = r->g->x0 + 56, x;

	draw_text(pdf, 1, 7, RENDER_MUTED, r->g->x0, y, 0, DRAW_LEFT, "Variation");
	x = legend_entry(pdf, x0, y, 1, TREND_VAR_IMPROVEMENT_HIGH, "special cause, improvement");
	x = legend_entry(pdf, x, y, 1, TREND_VAR_CONCERN_HIGH, "special cause, concern");
	x = legend_entry(pdf, x, y, 1, TREND_VAR_NEUTRAL_HIGH, "unusual (no better way)");
	legend_entry(pdf, x, y, 1, TREND_VAR_COMMON_CAUSE, "common cause: noise");
	y -= 14;
	draw_text(pdf, 1, 7, RENDER_MUTED, r->g->x0, y, 0, DRAW_LEFT, "Assurance");
	x = legend_entry(pdf, x0, y, 0, TREND_ASSURANCE_PASS, "consistently meets the target");
	x = legend_entry(pdf, x, y, 0, TREND_ASSURANCE_FAIL, "consistently misses it");
	legend_entry(pdf, x, y, 0, TREND_ASSURANCE_INCONSISTENT, "hit and miss");
	y -= 14;
	draw_text(pdf, 0, 7, RENDER_MUTED, r->g->x0, y, r->g->x1 - r->g->x0, DRAW_LEFT,
	    "H and L: the latest figure is unusually high or low. Changes are green when better, "
	    "red when worse. Select a row to open the metric's page.");
}

static void
glance_row(const struct render_ctx *r, const struct cols *c, const struct packet_metric *pm,
    double top, int odd)
{
	const struct packet_geom *g = r->g;
	const struct status_row *st = &pm->a.status;
	struct pdf *pdf = r->pdf;
	struct text_measure tm = draw_measure(pdf);
	struct text_lines l = { NULL, 0, 0 };
	struct buf name = BUF_INIT, sub = BUF_INIT;
	double mid = top - PK_ROW_H / 2, lo = top - PK_ROW_H, nw = c->value - c->name - 10, ny;
	size_t n = pm->a.n, from = n > PACKET_SPARK_PERIODS ? n - PACKET_SPARK_PERIODS : 0;
	uint32_t srgb = render_status_rgb(r, st->level);
	int quiet = st->level == STATUS_NO_TARGET || st->level == STATUS_MISSING;
	const char *unit = packet_unit_word(pm->m);

	if (odd) {
		pdf_fill(pdf, 0xF8F9FB);
		pdf_rect(pdf, g->x0, lo, g->x1 - g->x0, PK_ROW_H, 1);
	}
	draw_rule(pdf, g->x0, g->x1, lo, 0xE5E7EB, 0.4);
	/* Name on up to two lines, then department and unit; the block centred in the row. */
	text_sanitize(pm->m->name, pdf_has_glyph, pdf, 0, &name);
	text_wrap(&tm, (struct text_style){ 1, 8 }, name.s, nw, 2, &l);
	ny = mid + (double)l.n * 9.5 / 2 + 7.5 / 2 - 7;
	draw_lines(pdf, 1, 8, RENDER_INK, c->name + 6, ny, 9.5, name.s, &l);
	buf_adds(&sub, pm->dept ? pm->dept->name : pm->m->department);
	if (*unit)
		buf_addf(&sub, " \xc2\xb7 %s", unit);
	draw_text(pdf, 0, 6.5, RENDER_MUTED, c->name + 6, ny - (double)l.n * 9.5, nw, DRAW_LEFT,
	    sub.s);
	text_lines_release(&l);
	buf_release(&name);
	buf_release(&sub);

	draw_text(pdf, 1, 8.5, st->has_value ? RENDER_INK : RENDER_MUTED, c->target - 6, mid - 3,
	    c->target - c->value - 6, DRAW_RIGHT, st->has_value ? pm->value_short : "none");
	draw_text(pdf, 0, 8, RENDER_MUTED, c->status - 6, mid - 3, c->status - c->target - 6,
	    DRAW_RIGHT, st->has_target ? pm->target_short : "none");
	draw_pill(pdf, c->status + 3, mid - 6, 54, 12, quiet ? draw_tint(srgb, 0.75) : srgb,
	    quiet ? RENDER_INK : 0xFFFFFF, 6.5, render_status_word(st->level));
	if (st->has_prev)
		draw_text(pdf, 0, 8, render_change_rgb(r, pm->prev_good), c->year - 6, mid - 3,
		    c->year - c->prev - 6, DRAW_RIGHT, pm->prev);
	if (st->has_year)
		draw_text(pdf, 0, 8, render_change_rgb(r, pm->year_good), c->spark - 6, mid - 3,
		    c->spark - c->year - 6, DRAW_RIGHT, pm->year);
	if (n > 0)
		chart_sparkline(pdf, c->spark + 2, mid - 8, 62, 16, pm->a.values + from,
		    pm->target + from, n - from, srgb);
	chart_variation_icon(pdf, c->var + 12, mid, 6.5, pm->a.trend.variation,
	    pm->a.trend.n == 0 || pm->a.trend.stale);
	chart_assurance_icon(pdf, c->assur + 13, mid, 6.5, pm->a.trend.assurance);
	if (pm->page >= 0)
		pdf_link(pdf, g->x0, lo, g->x1 - g->x0, PK_ROW_H, pm->page);
}

static void
glance(const struct render_ctx *r, const struct packet_page *pg)
{
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	uint32_t head = r->c->accent;
	struct cols c;
	double y = render_section_title(r, pg), hy;
	char label[48];

	glance_cols(g, &c);
	hy = y - PK_GLANCE_HEAD;
	pdf_fill(pdf, draw_tint(head, 0.9));
	pdf_rect(pdf, g->x0, hy, g->x1 - g->x0, PK_GLANCE_HEAD - 4, 1);
	hy += 7;
	draw_text(pdf, 1, 7, head, c.name + 6, hy, 0, DRAW_LEFT, "Metric");
	draw_text(pdf, 1, 7, head, c.target - 6, hy, 0, DRAW_RIGHT, "Latest");
	draw_text(pdf, 1, 7, head, c.status - 6, hy, 0, DRAW_RIGHT, "Target");
	draw_text(pdf, 1, 7, head, c.status + 30, hy, 0, DRAW_CENTER, "Status");
	draw_text(pdf, 1, 7, head, c.year - 6, hy, 0, DRAW_RIGHT, "vs prev");
	draw_text(pdf, 1, 7, head, c.spark - 6, hy, 0, DRAW_RIGHT, "vs year");
	snprintf(label, sizeof label, "Last %d", PACKET_SPARK_PERIODS);
	draw_text(pdf, 1, 7, head, c.spark + 33, hy, 0, DRAW_CENTER, label);
	draw_text(pdf, 1, 7, head, c.var + 12, hy, 0, DRAW_CENTER, "Var.");
	draw_text(pdf, 1, 7, head, c.assur + 13, hy, 0, DRAW_CENTER, "Assur.");
	y -= PK_GLANCE_HEAD;
	for (size_t k = 0; k < pg->n; k++)
		glance_row(r, &c, &p->pm[pg->first + k], y - (double)k * PK_ROW_H, (int)(k % 2));
	/* The legend right under the table (the layout kept room for it on every page). */
	glance_legend(r, y - (double)pg->n * PK_ROW_H - 20);
}

/* A flowing section page: headings, items with commentary, entries. */
static void
flow(const struct render_ctx *r, const struct packet_page *pg, const struct packet_flow *f)
{
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	double y = render_section_title(r, pg), w = g->x1 - g->x0;

	for (size_t i = pg->first; i < pg->first + pg->n; i++) {
		const struct packet_block *b = &f->v[i];
		double ind = b->kind == BLOCK_ITEM ? PK_INDENT : 0, top = y, yy;
		const struct packet_metric *pm = b->metric >= 0 ? &p->pm[b->metric] : NULL;

		if (b->kind == BLOCK_HEADING) {
			draw_text(pdf, 1, PK_HEAD_SIZE, r->c->accent, g->x0, y - 18, w, DRAW_LEFT,
			    b->title);
			draw_rule(pdf, g->x0, g->x1, y - 23, draw_tint(r->c->accent, 0.7), 0.6);
			y -= b->h;
			continue;
		}
		yy = y - PK_BODY_LEAD + 3;
		if (b->kind == BLOCK_ITEM && pm) {
			pdf_fill(pdf, render_status_rgb(r, pm->a.status.level));
			pdf_circle(pdf, g->x0 + 4, yy + 3, 3.5, 1);
		}
		if (b->tl.n) {
			draw_lines(pdf, 1, PK_BODY_SIZE, pm && pm->page >= 0 ? r->c->accent : RENDER_INK,
			    g->x0 + ind, yy, PK_BODY_LEAD, b->title, &b->tl);
			if (pm && pm->page >= 0)
				pdf_link(pdf, g->x0, y - (double)b->tl.n * PK_BODY_LEAD,
				    w, (double)b->tl.n * PK_BODY_LEAD, pm->page);
			yy -= (double)b->tl.n * PK_BODY_LEAD;
		}
		if (b->bl.n)
			yy = draw_lines(pdf, 0, PK_BODY_SIZE, RENDER_INK, g->x0 + ind, yy,
			    PK_BODY_LEAD, b->text, &b->bl);
		y -= (double)(b->tl.n + b->bl.n) * PK_BODY_LEAD;
		if (b->ql.n) {
			double qh = (double)b->ql.n * PK_QUOTE_LEAD;

			y -= 4;
			pdf_fill(pdf, draw_tint(r->c->accent, 0.55));
			pdf_rect(pdf, g->x0 + ind, y - qh + 2, 2, qh - 1, 1);
			draw_lines(pdf, 0, PK_QUOTE_SIZE, 0x374151, g->x0 + ind + 12,
			    y - PK_QUOTE_LEAD + 3, PK_QUOTE_LEAD, b->quote, &b->ql);
			y -= qh;
		}
		if (b->ml.n) {
			y -= 2;
			draw_lines(pdf, 0, PK_SMALL_SIZE, RENDER_MUTED, g->x0 + ind,
			    y - PK_SMALL_LEAD + 2.5, PK_SMALL_LEAD, b->meta, &b->ml);
			y -= (double)b->ml.n * PK_SMALL_LEAD;
		}
		y = top - b->h;	/* exactly the height the layout gave it */
	}
}

/* A bookmark; its title sanitised like page text (bookmarks take no font, but the BMP rule holds). */
static int
bookmark(const struct render_ctx *r, int parent, const char *title, int page, int open)
{
	struct buf b = BUF_INIT;
	int id;

	text_sanitize(title, NULL, NULL, 0, &b);
	id = pdf_outline(r->pdf, parent, b.s, page, open);
	buf_release(&b);
	return id;
}

static void
outlines(const struct render_ctx *r)
{
	const struct packet *p = r->p;
	const struct tpl_section *last = NULL;
	int parent = -1;

	for (size_t i = 0; i < p->npages; i++) {
		const struct packet_page *pg = &p->pages[i];

		if (pg->kind == PAGE_NODATA) {
			bookmark(r, -1, "No figures for this period", (int)i, 0);
			last = NULL;
			continue;
		}
		if (pg->sec != last) {
			parent = bookmark(r, -1, pg->sec->title, (int)i, 1);
			last = pg->sec;
		}
		if (pg->kind == PAGE_METRIC)
			bookmark(r, parent, p->pm[pg->metric].headline, (int)i, 0);
	}
}

int
render_packet(struct pdf *pdf, const struct packet *p, const struct render_info *ri,
    struct kp_err *e)
{
	struct render_ctx r = { pdf, p, ri, &p->g, &p->tpl->colours };

	for (size_t i = 0; i < p->npages; i++)
		pdf_page_add(pdf);
	if (pdf_check(pdf, "creating the pages", e) < 0)
		return -1;
	for (size_t i = 0; i < p->npages; i++) {
		const struct packet_page *pg = &p->pages[i];

		pdf_page_use(pdf, (int)i);
		switch (pg->kind) {
		case PAGE_COVER:
			if (cover(&r, pg, e) < 0)
				return -1;
			break;
		case PAGE_NODATA:
			nodata(&r);
			break;
		case PAGE_GLANCE:
			glance(&r, pg);
			break;
		case PAGE_ATTENTION:
			flow(&r, pg, &p->attention);
			break;
		case PAGE_NOTES:
			flow(&r, pg, &p->notes);
			break;
		case PAGE_GLOSSARY:
			flow(&r, pg, &p->glossary);
			break;
		case PAGE_METRIC:
			render_metric_page(&r, pg);
			break;
		case PAGE_AGENDA:
			render_agenda(&r, pg);
			break;
		case PAGE_ACTIONS:
			render_followups(&r, pg);
			break;
		case PAGE_NEXT_STEPS:
			render_next_steps(&r, pg);
			break;
		case PAGE_WHERE:
			render_where_page(&r, pg);
			break;
		default:
			break;
		}
		header_footer(&r, (int)i, (int)p->npages, pg);
	}
	if (pdf_check(pdf, "drawing the pages", e) < 0)
		return -1;
	outlines(&r);
	return pdf_check(pdf, "adding bookmarks", e);
}
