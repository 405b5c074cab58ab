/*
** render_metric.c: one metric's page (see render.h): the headline stating the finding, a strip
** of key figures, the SPC chart with its source line, the figures of the last 13 periods, the
** department's commentary with the outlook, and the breakdown or the definition beside it.
** The chart takes the height the other blocks leave, so a page is neither crowded nor empty.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/chart.h"
#include "kpistat/draw.h"
#include "kpistat/num.h"
#include "kpistat/render.h"
#include "kpistat/xmalloc.h"

#define STRIP_H		50.0	/* key-figure strip */
#define TABLE_ROW	13.0	/* a row of the last-13 table */
#define EN_DASH		"\xe2\x80\x93"

/* One cell of the key-figure strip: a big value over a small label. */
static void
strip_cell(const struct render_ctx *r, double x, double y, double w, const char *value,
    uint32_t rgb, double size, const char *label)
{
	draw_text(r->pdf, 1, size, rgb, x, y + 24, w - 8, DRAW_LEFT, value);
	draw_text(r->pdf, 0, 7, RENDER_MUTED, x, y + 10, w - 8, DRAW_LEFT, label);
}

static void
strip(const struct render_ctx *r, const struct packet_metric *pm, double y)
{
	const struct packet_geom *g = r->g;
	const struct status_row *st = &pm->a.status;
	const char *unit = packet_unit_word(pm->m);
	struct pdf *pdf = r->pdf;
	double w = g->x1 - g->x0, x = g->x0 + 12, cw = (w - 24 - 116) / 5.3;
	char per[48], lab[96];
	const char *var, *assur;

	pdf_fill(pdf, RENDER_PANEL);
	pdf_rect(pdf, g->x0, y, w, STRIP_H, 1);
	snprintf(lab, sizeof lab, "%s%s%s", *unit ? unit : "", *unit ? ", " : "",
	    packet_period_long(&pm->at, per, sizeof per));
	strip_cell(r, x, y, cw * 1.3, st->has_value ? pm->value_short : "no figure",
	    st->has_value ? RENDER_INK : RENDER_MUTED, st->has_value ? 17 : 13, lab);
	x += cw * 1.3;
	strip_cell(r, x, y, cw, st->has_target ? pm->target_short : "none", RENDER_INK, 13,
	    "target");
	x += cw;
	strip_cell(r, x, y, cw, st->has_prev ? pm->prev : EN_DASH, render_change_rgb(r,
	    pm->prev_good), 13, "vs previous");
	x += cw;
	strip_cell(r, x, y, cw, st->has_year ? pm->year : EN_DASH, render_change_rgb(r,
	    pm->year_good), 13, "vs a year before");
	x += cw;
	draw_pill(pdf, x, y + 23, cw - 8, 14, render_status_rgb(r, st->level), 0xFFFFFF, 7,
	    render_status_word(st->level));
	draw_text(pdf, 0, 7, RENDER_MUTED, x, y + 10, cw - 8, DRAW_LEFT, "status");
	x += cw;
	/* Two icons, each with its word underneath, in the 116 points left. */
	var = pm->a.trend.n == 0 || pm->a.trend.stale ? "no signal" : pm->shift == 1 ?
	    "improvement" : pm->shift == -1 ? "concern" : pm->shift ? "unusual" : "common cause";
	assur = pm->a.trend.assurance == TREND_ASSURANCE_PASS ? "meets target" :
	    pm->a.trend.assurance == TREND_ASSURANCE_FAIL ? "fails target" :
	    pm->a.trend.assurance == TREND_ASSURANCE_INCONSISTENT ? "hit and miss" : "no target";
	cw = (g->x1 - 6 - x) / 2;
	chart_variation_icon(pdf, x + cw / 2, y + 30, 8, pm->a.trend.variation,
	    pm->a.trend.n == 0 || pm->a.trend.stale);
	draw_text(pdf, 0, 6.5, RENDER_MUTED, x + cw / 2, y + 10, cw - 2, DRAW_CENTER, var);
	chart_assurance_icon(pdf, x + cw * 1.5, y + 30, 8, pm->a.trend.assurance);
	draw_text(pdf, 0, 6.5, RENDER_MUTED, x + cw * 1.5, y + 10, cw - 2, DRAW_CENTER, assur);
}

/* A figure for a narrow cell: thousands separators, or millions/thousands when too wide. */
static void
cell_number(struct pdf *pdf, const struct metric *m, double v, double w, char *buf, size_t n)
{
	num_format(v, m->decimals, buf, n);
	if (draw_width(pdf, 0, 7, buf) <= w)
		return;
	if (fabs(v) >= 1e6)
		snprintf(buf, n, "%.2fM", v / 1e6);
	else
		snprintf(buf, n, "%.1fk", v / 1e3);
}

static void
figures_table(const struct render_ctx *r, const struct packet_metric *pm, double top)
{
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	size_t n = pm->a.n, from = n > PACKET_TABLE_PERIODS ? n - PACKET_TABLE_PERIODS : 0;
	double lw = 46, cw = (g->x1 - g->x0 - lw) / PACKET_TABLE_PERIODS, y = top;
	static const char *const rows[] = { "", "Value", "Target", "Status" };
	char buf[48];

	pdf_fill(pdf, RENDER_PANEL);
	pdf_rect(pdf, g->x0, y - TABLE_ROW - 1, g->x1 - g->x0, TABLE_ROW + 1, 1);
	for (int k = 0; k < 4; k++)
		draw_text(pdf, 1, 7, RENDER_MUTED, g->x0 + 4, y - (k + 1) * TABLE_ROW + 3.5, lw - 6,
		    DRAW_LEFT, rows[k]);
	for (size_t i = from; i < n; i++) {
		double cx = g->x0 + lw + ((double)(i - from) + (PACKET_TABLE_PERIODS - (n - from))) *
		    cw + cw / 2;
		int latest = i + 1 == n;

		draw_text(pdf, 1, 6.5, latest ? r->c->accent : RENDER_MUTED, cx, y - TABLE_ROW + 3.5,
		    cw - 2, DRAW_CENTER, packet_period_short(&pm->a.periods[i], buf, sizeof buf));
		if (isnan(pm->a.values[i]))
			snprintf(buf, sizeof buf, EN_DASH);
		else
			cell_number(pdf, pm->m, pm->a.values[i], cw - 3, buf, sizeof buf);
		draw_text(pdf, latest, 7, RENDER_INK, cx, y - 2 * TABLE_ROW + 3.5, cw - 2,
		    DRAW_CENTER, buf);
		if (isnan(pm->target[i]))
			snprintf(buf, sizeof buf, EN_DASH);
		else
			cell_number(pdf, pm->m, pm->target[i], cw - 3, buf, sizeof buf);
		draw_text(pdf, 0, 7, RENDER_MUTED, cx, y - 3 * TABLE_ROW + 3.5, cw - 2, DRAW_CENTER,
		    buf);
		if (pm->level[i] != STATUS_NO_TARGET && pm->level[i] != STATUS_MISSING) {
			pdf_fill(pdf, render_status_rgb(r, pm->level[i]));
			pdf_rect(pdf, cx - 8, y - 4 * TABLE_ROW + 3, 16, 6, 1);
		}
	}
	draw_rule(pdf, g->x0, g->x1, y - 4 * TABLE_ROW - 2, RENDER_RULE, 0.5);
}

/* A small heading over a column; returns the y below it. */
static double
col_heading(const struct render_ctx *r, double x, double y, double w, const char *s)
{
	draw_text(r->pdf, 1, 9, r->c->accent, x, y - 10, w, DRAW_LEFT, s);
	return y - 16;
}

/* Wrap s into the room left above `bottom`; returns the y below it. */
static double
para(const struct render_ctx *r, int font, double size, double lead, uint32_t rgb, double x,
    double y, double w, double bottom, size_t max, const char *s)
{
	size_t room = (size_t)floor((y - bottom) / lead), n;

	if (room == 0)
		return y;
	if (max == 0 || max > room)
		max = room;
	n = draw_para(r->pdf, font, size, rgb, x, y - lead + 3, w, lead, max, s);
	return y - (double)n * lead;
}

static void
commentary(const struct render_ctx *r, const struct packet_metric *pm, double x, double y,
    double w)
{
	double bottom = r->g->bottom;
	char per[48], buf[96];

	y = col_heading(r, x, y, w, "What the department says");
	if (pm->note) {
		double y1 = para(r, 0, PK_QUOTE_SIZE, PK_QUOTE_LEAD, 0x374151, x + 10, y, w - 10,
		    bottom, 8, pm->note);

		pdf_fill(r->pdf, draw_tint(r->c->accent, 0.55));
		pdf_rect(r->pdf, x, y1 + 2, 2, y - y1 - 3, 1);
		y = y1;
	} else {
		snprintf(buf, sizeof buf, "No commentary was submitted for %s.",
		    packet_period_long(&pm->at, per, sizeof per));
		y = para(r, 0, PK_QUOTE_SIZE, PK_QUOTE_LEAD, RENDER_MUTED, x, y, w, bottom, 2, buf);
	}
	for (size_t i = 0; i < pm->nearlier && y > bottom + 30; i++) {
		char *s = xasprintf("%s: %s", packet_period_long(&pm->earlier[i].period, per,
		    sizeof per), pm->earlier[i].text);

		y = para(r, 0, PK_SMALL_SIZE, PK_SMALL_LEAD, RENDER_MUTED, x + 10, y - 3, w - 10,
		    bottom, 3, s);
		free(s);
	}
	y -= 8;
	if (pm->nfu || pm->neff)
		y = render_metric_fu(r, pm, x, y, w) - 8;
	if (y < bottom + 30)
		return;
	y = col_heading(r, x, y, w, "Outlook");
	if (pm->signal)
		y = para(r, 0, PK_BODY_SIZE - 0.5, PK_BODY_LEAD - 0.5, RENDER_INK, x, y, w, bottom, 4,
		    pm->signal) - 3;
	y = para(r, 0, PK_BODY_SIZE - 0.5, PK_BODY_LEAD - 0.5, RENDER_INK, x, y, w, bottom, 7,
	    pm->forecast ? pm->forecast : "No target is set for this metric, so there is no "
	    "forecast; the chart shows whether it moved beyond its usual range.");
}

static void
breakdown(const struct render_ctx *r, const struct packet_metric *pm, double x, double y,
    double w)
{
	struct pdf *pdf = r->pdf;
	int bars = r->p->tpl->breakdown == TPL_BREAK_BARS;
	double vmax = 0, row = 15, lab = w * 0.34, val = w * 0.22, chg = w * 0.2, bottom = r->g->bottom;
	char buf[64];

	y = col_heading(r, x, y, w, pm->brk_title);
	draw_text(pdf, 1, 6.5, RENDER_MUTED, x + lab + val, y - 6, 0, DRAW_RIGHT, "value");
	draw_text(pdf, 1, 6.5, RENDER_MUTED, x + lab + val + chg, y - 6, 0, DRAW_RIGHT, "vs prev");
	draw_text(pdf, 1, 6.5, RENDER_MUTED, x + w, y - 6, 0, DRAW_RIGHT, bars ? "" : "share");
	y -= 10;
	for (size_t i = 0; i < pm->nbrk; i++)
		vmax = fmax(vmax, fabs(pm->brk[i].value));
	for (size_t i = 0; i < pm->nbrk; i++, y -= row) {
		const struct packet_break *b = &pm->brk[i];
		double d = b->value - b->prev;
		int up = pm->m->direction == DIR_HIGHER ? 1 : pm->m->direction == DIR_LOWER ? -1 : 0;

		if (y - row < bottom) {
			snprintf(buf, sizeof buf, "and %zu more", pm->nbrk - i);
			draw_text(pdf, 0, 7, RENDER_MUTED, x, y - 9, w, DRAW_LEFT, buf);
			break;
		}
		draw_rule(pdf, x, x + w, y - row, 0xE5E7EB, 0.4);
		draw_text(pdf, 0, 7.5, RENDER_INK, x, y - 10, lab - 4, DRAW_LEFT, b->label);
		num_format(b->value, pm->m->decimals, buf, sizeof buf);
		draw_text(pdf, 1, 7.5, RENDER_INK, x + lab + val, y - 10, val - 4, DRAW_RIGHT, buf);
		if (b->has_prev)
			draw_text(pdf, 0, 7.5, render_change_rgb(r, d == 0 ? 0 : d > 0 ? up : -up),
			    x + lab + val + chg, y - 10, chg - 4, DRAW_RIGHT,
			    packet_fmt_change(pm->m, d, buf, sizeof buf));
		if (bars && vmax > 0) {
			double bw = (w - lab - val - chg - 8) * fabs(b->value) / vmax;

			pdf_fill(pdf, draw_tint(r->c->accent, 0.35));
			pdf_rect(pdf, x + lab + val + chg + 8, y - row + 4, bw, row - 8, 1);
		} else if (!isnan(b->share)) {
			snprintf(buf, sizeof buf, "%.0f%%", b->share * 100);
			draw_text(pdf, 0, 7.5, RENDER_MUTED, x + w, y - 10, 0, DRAW_RIGHT, buf);
		}
	}
}

static void
about(const struct render_ctx *r, const struct packet_metric *pm, double x, double y, double w)
{
	const struct metric *m = pm->m;
	double bottom = r->g->bottom;
	char *s;

	y = col_heading(r, x, y, w, "About this metric");
	y = para(r, 0, 8, 11, RENDER_INK, x, y, w, bottom, 6, m->description ? m->description :
	    "No definition recorded in the catalog.") - 4;
	s = xasprintf("%s. Unit: %s. Reported %s.", m->direction == DIR_LOWER ? "Lower is better" :
	    m->direction == DIR_HIGHER ? "Higher is better" : "Neither direction is better",
	    *m->unit ? m->unit : "none", period_freq_name(m->freq));
	y = para(r, 0, PK_SMALL_SIZE, PK_SMALL_LEAD, RENDER_MUTED, x, y, w, bottom, 3, s) - 2;
	free(s);
	if (pm->dept) {
		s = xasprintf("Owner: %s%s%s%s.", pm->dept->name, pm->dept->head ? " (" : "",
		    pm->dept->head ? pm->dept->head : "", pm->dept->head ? ")" : "");
		para(r, 0, PK_SMALL_SIZE, PK_SMALL_LEAD, RENDER_MUTED, x, y, w, bottom, 2, s);
		free(s);
	}
}

/* Lines s takes in width w (at most max, 0: no limit), as draw_para would lay it. */
static size_t
nlines(struct pdf *pdf, int font, double size, double w, size_t max, const char *s)
{
	struct text_measure tm = draw_measure(pdf);
	struct text_lines l = { NULL, 0, 0 };
	struct buf b = BUF_INIT;
	size_t n;

	text_sanitize(s, pdf_has_glyph, pdf, 1, &b);
	n = text_wrap(&tm, (struct text_style){ font, size }, b.s, w, max, &l);
	text_lines_release(&l);
	buf_release(&b);
	return n;
}

/*
** Height the commentary and side columns want, mirroring commentary(), breakdown() and
** about(), so the chart can take whatever the page has left.
*/
static double
bottom_height(const struct render_ctx *r, const struct packet_metric *pm, double lw, double rw)
{
	struct pdf *pdf = r->pdf;
	double left = 16, right;

	left += pm->note ? (double)nlines(pdf, 0, PK_QUOTE_SIZE, lw - 10, 8, pm->note) *
	    PK_QUOTE_LEAD : PK_QUOTE_LEAD;
	for (size_t i = 0; i < pm->nearlier; i++) {
		/* As commentary() draws it: the period first ("September 2026: ..."). */
		char per[48], *t = xasprintf("%s: %s", packet_period_long(&pm->earlier[i].period, per,
		    sizeof per), pm->earlier[i].text);

		left += 3 + (double)nlines(pdf, 0, PK_SMALL_SIZE, lw - 10, 3, t) * PK_SMALL_LEAD;
		free(t);
	}
	left += 8 + 16;
	left += render_metric_fu_height(r, pm, lw, nlines) + (pm->nfu || pm->neff ? 8 : 0);
	if (pm->signal)
		left += 3 + (double)nlines(pdf, 0, PK_BODY_SIZE - 0.5, lw, 4, pm->signal) * 12;
	left += (double)nlines(pdf, 0, PK_BODY_SIZE - 0.5, lw, 7, pm->forecast ? pm->forecast :
	    "No target") * 12;
	if (pm->nbrk > 0 && r->p->tpl->breakdown != TPL_BREAK_NONE)
		right = 26 + (double)pm->nbrk * 15;
	else
		right = 16 + (pm->m->description ? (double)nlines(pdf, 0, 8, rw, 6,
		    pm->m->description) * 11 : 11) + 4 + 3 * PK_SMALL_LEAD + 2 + 2 * PK_SMALL_LEAD;
	return (left > right ? left : right) + 6;
}

void
render_metric_page(const struct render_ctx *r, const struct packet_page *pg)
{
	const struct packet *p = r->p;
	const struct packet_metric *pm = &p->pm[pg->metric];
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	double w = g->x1 - g->x0, y = g->top, ch, lw = w * 0.57;
	size_t n = pm->a.n, cp = (size_t)p->tpl->chart_periods;
	size_t from = n > cp ? n - cp : 0, hl;
	char buf[600];

	draw_text(pdf, 1, 7.5, r->c->accent, g->x0, y - 8, w * 0.7, DRAW_LEFT,
	    pm->dept ? pm->dept->name : pm->m->department);
	draw_text(pdf, 0, 7.5, RENDER_MUTED, g->x1, y - 8, w * 0.28, DRAW_RIGHT, pm->m->code);
	/* The headline on two lines at 15 pt, or three at 13 pt when it is long. */
	{
		struct text_measure tm = draw_measure(pdf);
		struct text_lines l = { NULL, 0, 0 };
		double size = 15, lead = 18;

		if (text_wrap(&tm, (struct text_style){ 1, 15 }, pm->headline, w, 0, &l) > 2)
			size = 13, lead = 15.5;
		text_lines_release(&l);
		hl = draw_para(pdf, 1, size, RENDER_INK, g->x0, y - 30, w, lead, size < 15 ? 3 : 2,
		    pm->headline);
		y -= 30 + (double)(hl ? hl - 1 : 0) * lead + 14;
	}
	strip(r, pm, y - STRIP_H);
	y -= STRIP_H + 10;
	/* The chart takes what the rest leaves (source line, table, columns), within bounds. */
	ch = y - g->bottom - 29 - (4 * TABLE_ROW + 14) - bottom_height(r, pm, lw, w - lw - 22);
	/* A page with follow-ups gives the chart up to 30 points more to keep the outlook. */
	ch = ch < (pm->nfu || pm->neff ? 160 : 190) ? (pm->nfu || pm->neff ? 160 : 190) :
	    ch > 330 ? 330 : ch;

	if (n == 0) {
		pdf_fill(pdf, RENDER_PANEL);
		pdf_rect(pdf, g->x0, y - ch, w, ch, 1);
		draw_text(pdf, 0, 10, RENDER_MUTED, g->x0 + w / 2, y - ch / 2, w - 20, DRAW_CENTER,
		    "No figures have been recorded for this metric yet.");
		y -= ch + 16;
	} else {
		const char **labels = xcalloc(n - from + 1, sizeof *labels);
		size_t *marks = xcalloc(pm->neff + 1, sizeof *marks), nmarks = 0;
		char (*ml)[48] = xcalloc(pm->neff + 1, sizeof *ml);
		const char **mlabels = xcalloc(pm->neff + 1, sizeof *mlabels);
		unsigned char *rebase = xcalloc(n - from + 1, 1);
		char (*lb)[16] = xcalloc(n - from + 1, sizeof *lb);
		struct chart_data d;

		for (size_t i = from; i < n; i++) {
			labels[i - from] = packet_period_short(&pm->a.periods[i], lb[i - from], 16);
			rebase[i - from] = i > from && pm->a.trend.points[i].group !=
			    pm->a.trend.points[i - 1].group;
		}
		/* Each done follow-up in the chart's window: a dated marker. */
		for (size_t k = 0; k < pm->neff; k++) {
			size_t at = pm->eff[k].done_at;

			if (at == (size_t)-1 || at < from)
				continue;
			char day[32];

			/* Dated: "F-12 done 20 Mar" (the year is on the axis below). */
			snprintf(ml[nmarks], sizeof ml[nmarks], "F-%lld done %s", pm->eff[k].a->id,
			    render_short_date(pm->eff[k].a->closed_on, 0, day, sizeof day));
			mlabels[nmarks] = ml[nmarks];
			marks[nmarks++] = at - from;
		}
		d = (struct chart_data){ n - from, pm->a.values + from, pm->a.params.has_target ||
		    pm->m->ntargets ? pm->target + from : NULL, pm->a.trend.points + from, labels,
		    rebase, pm->m->decimals, marks, mlabels, nmarks };
		chart_spc(pdf, g->x0, y - ch, w, ch, &d);
		free(labels);
		free(rebase);
		free(marks);
		free(ml);
		free(mlabels);
		free(lb);
		y -= ch + 2;
		snprintf(buf, sizeof buf, "Source: %s. Data as of %s. The chart shows the last %zu "
		    "%s; the mean and limits start afresh after each process change.",
		    pm->m->source ? pm->m->source : "not recorded in the catalog",
		    r->ri->as_of ? r->ri->as_of : "unknown", n - from,
		    pm->a.periods[0].kind == PERIOD_MONTH ? "months" : "periods");
		y -= 9.5 * (double)draw_para(pdf, 0, 7, RENDER_MUTED, g->x0, y - 8, w, 9.5, 2, buf) +
		    10;
		figures_table(r, pm, y);
		y -= 4 * TABLE_ROW + 14;
	}
	commentary(r, pm, g->x0, y, lw);
	if (pm->nbrk > 0 && p->tpl->breakdown != TPL_BREAK_NONE)
		breakdown(r, pm, g->x0 + lw + 22, y, w - lw - 22);
	else
		about(r, pm, g->x0 + lw + 22, y, w - lw - 22);
}
