/*
** render_cycle.c: the packet pages the Stat cycle adds (see render.h): the agenda, the
** follow-up table as CitiStat prints it (ID, item, owner, due, status colour and word,
** evidence or latest note), the "next steps" page of blank ruled lines for the follow-ups
** agreed in the room, and the follow-up block of a metric page (its follow-ups, linked back to
** the table, and the "did it work?" sentence of each done one).
*/
#include <stdio.h>
#include <string.h>

#include "kpistat/draw.h"
#include "kpistat/render.h"


static const char *const month3[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
    "Sep", "Oct", "Nov", "Dec" };

const char *
render_short_date(const char *iso, int year, char *buf, size_t n)
{
	int y, m, d;

	if (iso == NULL)
		return "";
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		snprintf(buf, n, "%s", iso);
	else if (year)
		snprintf(buf, n, "%d %s %d", d, month3[m - 1], y);
	else
		snprintf(buf, n, "%d %s", d, month3[m - 1]);
	return buf;
}

uint32_t
render_colour_rgb(const struct render_ctx *r, enum cy_colour c)
{
	return c == CY_RED ? r->c->off : c == CY_GREEN ? r->c->on : c == CY_YELLOW ? 0xF2C230 :
	    c == CY_GREY ? 0xA3A8B0 : 0xFFFFFF;
}

/* The tracker's colour swatch: white gets an outline so it shows on paper. */
static void
swatch(const struct render_ctx *r, enum cy_colour c, double x, double y, double s)
{
	pdf_fill(r->pdf, render_colour_rgb(r, c));
	pdf_stroke(r->pdf, 0x9CA3AF);
	pdf_line_width(r->pdf, 0.6);
	pdf_rect(r->pdf, x, y, s, s, c == CY_WHITE ? 2 : 1);
}

/* A table's header band with its column labels; returns the y below it. */
static double
header_band(const struct render_ctx *r, double y, const double *x, const char *const *label,
    int n)
{
	const struct packet_geom *g = r->g;

	pdf_fill(r->pdf, draw_tint(r->c->accent, 0.9));
	pdf_rect(r->pdf, g->x0, y - PK_FU_HEAD, g->x1 - g->x0, PK_FU_HEAD - 4, 1);
	for (int i = 0; i < n; i++)
		draw_text(r->pdf, 1, 7, r->c->accent, x[i] + 4, y - PK_FU_HEAD + 7, x[i + 1] - x[i] - 6,
		    DRAW_LEFT, label[i]);
	return y - PK_FU_HEAD;
}

/* The page that holds follow-up row `row`, or -1. */
static int
fu_row_page(const struct packet *p, size_t row)
{
	for (size_t i = 0; i < p->npages; i++)
		if (p->pages[i].kind == PAGE_ACTIONS && row >= p->pages[i].first &&
		    row < p->pages[i].first + p->pages[i].n)
			return (int)i;
	return -1;
}

void
render_followups(const struct render_ctx *r, const struct packet_page *pg)
{
	static const char *const label[PK_FU_NCOLS] = { "ID", "Follow-up", "Owner", "Due",
	    "Status", "Evidence or latest note" };
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	struct pdf *pdf = r->pdf;
	double x[PK_FU_NCOLS + 1], y = render_section_title(r, pg);
	char buf[64];

	packet_fu_columns(g, x);
	y = header_band(r, y, x, label, PK_FU_NCOLS);
	for (size_t i = pg->first; i < pg->first + pg->n; i++) {
		const struct packet_fu_row *f = &p->fu[i];
		const struct packet_metric *pm = f->metric >= 0 ? &p->pm[f->metric] : NULL;
		double base = y - PK_FU_PAD - PK_FU_LEAD + 3;
		int closed = f->a->status == CY_DONE || f->a->status == CY_DROPPED;

		/* The first closed row gets a rule of its own: "closed since the last session". */
		if (closed && (i == 0 || (p->fu[i - 1].a->status != CY_DONE &&
		    p->fu[i - 1].a->status != CY_DROPPED)))
			draw_rule(pdf, g->x0, g->x1, y, r->c->accent, 1.0);
		draw_text(pdf, 1, PK_FU_SIZE, pm && pm->page >= 0 ? r->c->accent : RENDER_INK,
		    x[0] + 4, base, x[1] - x[0] - 6, DRAW_LEFT, f->id);
		draw_lines(pdf, 0, PK_FU_SIZE, RENDER_INK, x[1] + 4, base, PK_FU_LEAD, f->text, &f->tl);
		if (pm && pm->page >= 0) {
			snprintf(buf, sizeof buf, "p. %d", pm->page + 1);
			draw_text(pdf, 0, 6.5, r->c->accent, x[0] + 4, base - PK_FU_LEAD,
			    x[1] - x[0] - 6, DRAW_LEFT, buf);
		}
		draw_lines(pdf, 0, PK_FU_SIZE, RENDER_INK, x[2] + 4, base, PK_FU_LEAD, f->owner,
		    &f->ol);
		draw_text(pdf, 0, PK_FU_SIZE, RENDER_INK, x[3] + 4, base, x[4] - x[3] - 6, DRAW_LEFT,
		    render_short_date(f->a->due, 1, buf, sizeof buf));
		swatch(r, f->colour, x[4] + 4, base - 1, 8);
		draw_text(pdf, f->colour == CY_RED, PK_FU_SIZE, f->colour == CY_RED ? r->c->off :
		    RENDER_INK, x[4] + 16, base, x[5] - x[4] - 18, DRAW_LEFT, f->word);
		if (closed && f->a->closed_on)
			draw_text(pdf, 0, 6.5, RENDER_MUTED, x[4] + 16, base - PK_FU_LEAD,
			    x[5] - x[4] - 18, DRAW_LEFT, render_short_date(f->a->closed_on, 1, buf,
			    sizeof buf));
		draw_lines(pdf, 0, PK_FU_SIZE, closed ? RENDER_INK : RENDER_MUTED, x[5] + 4, base,
		    PK_FU_LEAD, f->latest, &f->ll);
		y -= f->h;
		draw_rule(pdf, g->x0, g->x1, y, 0xE5E7EB, 0.4);
		if (pm && pm->page >= 0)
			pdf_link(pdf, g->x0, y, g->x1 - g->x0, f->h, pm->page);
	}
	/* The colour key, as CitiStat's tracker explains it. */
	y -= 14;
	{
		static const enum cy_colour key[] = { CY_RED, CY_YELLOW, CY_WHITE, CY_GREEN, CY_GREY };
		static const char *const words[] = { "overdue or evidence not received",
		    "in progress", "open, not yet due", "done, with evidence", "dropped" };
		double kx = g->x0;

		for (size_t k = 0; k < sizeof key / sizeof key[0]; k++) {
			swatch(r, key[k], kx, y - 1, 7);
			kx += 10 + draw_text(pdf, 0, 7, RENDER_MUTED, kx + 10, y, 0, DRAW_LEFT,
			    words[k]) + 12;
		}
		draw_text(pdf, 0, 7, RENDER_MUTED, g->x0, y - 12, g->x1 - g->x0, DRAW_LEFT,
		    "Select a row to open the page of the metric it concerns. Closed follow-ups are "
		    "listed once, in the first packet after they closed.");
	}
}

void
render_agenda(const struct render_ctx *r, const struct packet_page *pg)
{
	static const char *const label[4] = { "#", "Item", "Minutes", "Metric" };
	const struct packet *p = r->p;
	const struct packet_geom *g = r->g;
	const struct cy_meeting *m = p->in->meeting;
	struct pdf *pdf = r->pdf;
	double w = g->x1 - g->x0, x[5], y = render_section_title(r, pg);
	char buf[600];
	int total = 0;

	x[0] = g->x0;
	x[1] = x[0] + 24;
	x[2] = x[1] + w * PK_AGENDA_ITEM_W + 8;
	x[3] = x[2] + 52;
	x[4] = g->x1;
	y = header_band(r, y, x, label, 4);
	for (size_t i = pg->first; i < pg->first + pg->n; i++) {
		const struct packet_agenda_row *a = &p->agenda[i];
		const struct packet_metric *pm = a->metric >= 0 ? &p->pm[a->metric] : NULL;
		double base = y - PK_FU_PAD - PK_BODY_LEAD + 3;

		snprintf(buf, sizeof buf, "%d", a->item->pos);
		draw_text(pdf, 1, PK_BODY_SIZE, r->c->accent, x[0] + 4, base, 0, DRAW_LEFT, buf);
		draw_lines(pdf, 0, PK_BODY_SIZE, RENDER_INK, x[1] + 4, base, PK_BODY_LEAD, a->text,
		    &a->tl);
		if (a->item->minutes > 0) {
			snprintf(buf, sizeof buf, "%d min", a->item->minutes);
			draw_text(pdf, 0, PK_BODY_SIZE, RENDER_INK, x[3] - 8, base, 0, DRAW_RIGHT, buf);
		}
		if (pm) {
			if (pm->page >= 0)
				snprintf(buf, sizeof buf, "%s, page %d", pm->m->name, pm->page + 1);
			else
				snprintf(buf, sizeof buf, "%s", pm->m->name);
			draw_text(pdf, 0, PK_BODY_SIZE - 0.5, pm->page >= 0 ? r->c->accent : RENDER_INK,
			    x[3] + 4, base, x[4] - x[3] - 6, DRAW_LEFT, buf);
		} else if (a->item->metric) {
			draw_text(pdf, 0, PK_BODY_SIZE - 0.5, RENDER_MUTED, x[3] + 4, base,
			    x[4] - x[3] - 6, DRAW_LEFT, a->item->metric);
		}
		y -= a->h;
		draw_rule(pdf, g->x0, g->x1, y, 0xE5E7EB, 0.4);
		if (pm && pm->page >= 0)
			pdf_link(pdf, g->x0, y, w, a->h, pm->page);
	}
	if (pg->first + pg->n < p->nagenda || m == NULL)
		return;
	for (size_t i = 0; i < m->nagenda; i++)
		total += m->agenda[i].minutes;
	y -= 16;
	if (total > 0) {
		snprintf(buf, sizeof buf, "%d minutes in all", total);
		draw_text(pdf, 1, PK_BODY_SIZE, RENDER_INK, x[3] - 8, y, 0, DRAW_RIGHT, buf);
		y -= 16;
	}
	if (m->nattendees > 0) {
		size_t len = 0;

		len += (size_t)snprintf(buf, sizeof buf, "Attendees: ");
		for (size_t i = 0; i < m->nattendees && len < sizeof buf; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "",
			    m->attendees[i]);
		draw_para(pdf, 0, PK_BODY_SIZE - 0.5, RENDER_MUTED, g->x0, y, w, PK_BODY_LEAD, 3, buf);
	}
}

void
render_next_steps(const struct render_ctx *r, const struct packet_page *pg)
{
	static const char *const label[4] = { "Follow-up agreed", "Owner (one person)", "Due",
	    "Evidence of done" };
	const struct packet_geom *g = r->g;
	double w = g->x1 - g->x0, x[5], y = render_section_title(r, pg), row = 34;

	x[0] = g->x0;
	x[1] = x[0] + w * 0.42;
	x[2] = x[1] + w * 0.2;
	x[3] = x[2] + w * 0.12;
	x[4] = g->x1;
	if (!r->p->intro[pg->sec->kind].n) {
		draw_para(r->pdf, 0, PK_BODY_SIZE, RENDER_INK, g->x0, y - 9, w, PK_BODY_LEAD, 3,
		    "Each follow-up agreed in the room: one accountable owner, a due date, and the "
		    "evidence that will show it is done. The performance office enters them with "
		    "'kpistat action add' and sends the memo the next day.");
		y -= 3 * PK_BODY_LEAD + 6;
	}
	y = header_band(r, y, x, label, 4);
	for (; y - row > g->bottom + 4; y -= row) {
		draw_rule(r->pdf, g->x0, g->x1, y - row, RENDER_RULE, 0.6);
		pdf_stroke(r->pdf, RENDER_RULE);
		pdf_line_width(r->pdf, 0.4);
		for (int k = 1; k < 4; k++)
			pdf_line(r->pdf, x[k], y, x[k], y - row);
	}
}

/* The lines of a metric's follow-up list: one per follow-up, then each effect sentence. */
double
render_metric_fu_height(const struct render_ctx *r, const struct packet_metric *pm, double w,
    size_t (*nlines)(struct pdf *, int, double, double, size_t, const char *))
{
	double h = 0;

	if (pm->nfu == 0 && pm->neff == 0)
		return 0;
	h = 16 + (double)pm->nfu * PK_SMALL_LEAD + 6;
	for (size_t i = 0; i < pm->neff; i++)
		h += 3 + (double)nlines(r->pdf, i == 0, PK_SMALL_SIZE + 0.5, w, 4, pm->eff[i].text) *
		    (PK_SMALL_LEAD + 0.5);
	return h;
}

double
render_metric_fu(const struct render_ctx *r, const struct packet_metric *pm, double x,
    double y, double w)
{
	const struct packet *p = r->p;
	struct pdf *pdf = r->pdf;
	double bottom = r->g->bottom;
	char buf[512], due[32];

	if (pm->nfu == 0 && pm->neff == 0)
		return y;
	draw_text(pdf, 1, 9, r->c->accent, x, y - 10, w, DRAW_LEFT, "Follow-ups");
	y -= 16;
	for (size_t i = 0; i < pm->nfu && y - PK_SMALL_LEAD > bottom; i++) {
		const struct packet_fu_row *f = &p->fu[pm->fu[i]];
		int pg = fu_row_page(p, pm->fu[i]);

		swatch(r, f->colour, x, y - PK_SMALL_LEAD + 2, 6);
		/* Status, due and owner first: a long item is what the ellipsis may cut. */
		snprintf(buf, sizeof buf, "%s %s (due %s, %s): %s", f->id, f->word,
		    render_short_date(f->a->due, 1, due, sizeof due), f->a->owner ? f->a->owner : "",
		    f->a->text ? f->a->text : "");
		draw_text(pdf, 0, PK_SMALL_SIZE, pg >= 0 ? r->c->accent : RENDER_INK, x + 10,
		    y - PK_SMALL_LEAD + 2.5, w - 10, DRAW_LEFT, buf);
		if (pg >= 0)
			pdf_link(pdf, x, y - PK_SMALL_LEAD, w, PK_SMALL_LEAD, pg);
		y -= PK_SMALL_LEAD;
	}
	y -= 6;
	for (size_t i = 0; i < pm->neff && y - PK_SMALL_LEAD > bottom; i++) {
		size_t room = (size_t)((y - 3 - bottom) / (PK_SMALL_LEAD + 0.5)), n;

		n = draw_para(pdf, i == 0, PK_SMALL_SIZE + 0.5, RENDER_INK, x, y - 3 -
		    PK_SMALL_LEAD + 3, w, PK_SMALL_LEAD + 0.5, room < 4 ? room : 4, pm->eff[i].text);
		y -= 3 + (double)n * (PK_SMALL_LEAD + 0.5);
	}
	return y;
}
