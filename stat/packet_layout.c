/*
** packet_layout.c: what goes on which page (see packet.h). Pure: text widths come from the
** caller's measure, so tests lay out pages with a fake font and the renderer with the real one.
** Every height used here is one the renderer draws with (the PK_* constants), so a block that
** was given a page always fits on it.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/packet.h"
#include "kpistat/xmalloc.h"

#define CONT_TITLE_H	32.0	/* "Section (continued)" on later pages */
#define HEADING_H	28.0	/* a group heading in a flowing section */
#define BLOCK_GAP	10.0	/* space after a block */

void
packet_geometry(enum tpl_paper paper, struct packet_geom *g)
{
	g->pw = paper == TPL_A4 ? 595.276 : 612.0;
	g->ph = paper == TPL_A4 ? 841.89 : 792.0;
	g->x0 = 50;
	g->x1 = g->pw - 50;
	g->top = g->ph - 66;	/* the running header sits above */
	g->bottom = 58;		/* the footer sits below */
}

static void
add_page(struct packet *p, enum packet_page_kind kind, const struct tpl_section *sec,
    size_t first, size_t n, size_t metric, int cont)
{
	struct packet_page *pg;

	p->pages = xgrow(p->pages, &p->cappages, p->npages + 1, sizeof *p->pages);
	pg = &p->pages[p->npages++];
	pg->kind = kind;
	pg->sec = sec;
	pg->first = first;
	pg->n = n;
	pg->metric = metric;
	pg->cont = cont;
}

double
packet_title_height(const struct packet *p, enum tpl_kind k)
{
	size_t n = p->intro[k].n;

	return 34 + (double)n * PK_BODY_LEAD + (n ? 10 : 0);
}

/* Replace *s by a copy the font can show (see text_sanitize). */
static void
sanitize(char **s, const struct text_measure *tm)
{
	struct buf b = BUF_INIT;

	if (*s == NULL)
		return;
	text_sanitize(*s, tm->has, tm->arg, 1, &b);
	free(*s);
	*s = buf_detach(&b);
}

static void
measure_flow(struct packet_flow *f, double w, const struct text_measure *tm)
{
	const struct text_style bold = { 1, PK_BODY_SIZE }, body = { 0, PK_BODY_SIZE };
	const struct text_style quote = { 0, PK_QUOTE_SIZE }, small = { 0, PK_SMALL_SIZE };

	for (size_t i = 0; i < f->n; i++) {
		struct packet_block *b = &f->v[i];
		double indent = b->kind == BLOCK_ITEM ? PK_INDENT : 0;

		sanitize(&b->title, tm);
		sanitize(&b->text, tm);
		sanitize(&b->quote, tm);
		sanitize(&b->meta, tm);
		if (b->kind == BLOCK_HEADING) {
			b->h = HEADING_H;
			continue;
		}
		if (b->title)
			text_wrap(tm, bold, b->title, w - indent, 2, &b->tl);
		if (b->text)
			text_wrap(tm, body, b->text, w - indent, 0, &b->bl);
		if (b->quote)
			text_wrap(tm, quote, b->quote, w - indent - 12, PK_QUOTE_LINES, &b->ql);
		if (b->meta)
			text_wrap(tm, small, b->meta, w - indent, 0, &b->ml);
		b->h = (double)(b->tl.n + b->bl.n) * PK_BODY_LEAD +
		    (b->ql.n ? 4 + (double)b->ql.n * PK_QUOTE_LEAD : 0) +
		    (b->ml.n ? 2 + (double)b->ml.n * PK_SMALL_LEAD : 0) + BLOCK_GAP;
	}
}

/*
** Fill pages with blocks in order. A heading (keep_next) never ends a page, and a block
** taller than a whole page still gets a page of its own rather than looping forever.
*/
static void
flow_pages(struct packet *p, enum packet_page_kind kind, const struct tpl_section *sec,
    const struct packet_flow *f, double first_avail, double next_avail)
{
	size_t i = 0;
	int cont = 0;

	if (f->n == 0) {
		add_page(p, kind, sec, 0, 0, 0, 0);
		return;
	}
	while (i < f->n) {
		double avail = cont ? next_avail : first_avail, used = 0;
		size_t first = i;

		while (i < f->n) {
			double h = f->v[i].h;

			if (i > first && used + h > avail)
				break;
			if (i > first && f->v[i].keep_next && i + 1 < f->n &&
			    used + h + f->v[i + 1].h > avail)
				break;
			used += h;
			i++;
		}
		add_page(p, kind, sec, first, i - first, 0, cont);
		cont = 1;
	}
}

void
packet_fu_columns(const struct packet_geom *g, double x[PK_FU_NCOLS + 1])
{
	/* ID, item, owner, due, status, evidence or latest note; x[6] is the right edge. */
	static const double share[PK_FU_NCOLS] = { 0.065, PK_FU_ITEM_W, 0.13, 0.12, 0.13,
	    PK_FU_LATEST_W };
	double w = g->x1 - g->x0;

	x[0] = g->x0;
	for (int i = 0; i < PK_FU_NCOLS; i++)
		x[i + 1] = x[i] + share[i] * w;
}

/* Wrap each follow-up's item and latest note; a row is as tall as its longer column. */
static void
measure_fu(struct packet *p, const struct packet_geom *g, const struct text_measure *tm)
{
	const struct text_style st = { 0, PK_FU_SIZE };
	double x[PK_FU_NCOLS + 1];

	packet_fu_columns(g, x);
	for (size_t i = 0; i < p->nfu; i++) {
		struct packet_fu_row *r = &p->fu[i];
		size_t n;

		text_lines_release(&r->tl);
		text_lines_release(&r->ll);
		text_lines_release(&r->ol);
		free(r->text);
		free(r->owner);
		r->text = xstrdup(r->a->text ? r->a->text : "");
		r->owner = xstrdup(r->a->owner ? r->a->owner : "");
		sanitize(&r->owner, tm);
		text_wrap(tm, st, r->owner, x[3] - x[2] - 6, 2, &r->ol);
		sanitize(&r->text, tm);
		sanitize(&r->latest, tm);
		text_wrap(tm, st, r->text, x[2] - x[1] - 8, 4, &r->tl);
		text_wrap(tm, st, r->latest, x[6] - x[5] - 4, 4, &r->ll);
		n = r->tl.n > r->ll.n ? r->tl.n : r->ll.n;
		if (r->ol.n > n)
			n = r->ol.n;
		/* A second line under the ID ("p. 7") and under a closed one's status (its day). */
		if (n < 2 && (r->metric >= 0 || r->a->closed_on))
			n = 2;
		r->h = 2 * PK_FU_PAD + (double)(n ? n : 1) * PK_FU_LEAD;
	}
	for (size_t i = 0; i < p->nagenda; i++) {
		struct packet_agenda_row *r = &p->agenda[i];

		text_lines_release(&r->tl);
		free(r->text);
		r->text = xstrdup(r->item->item ? r->item->item : "");
		sanitize(&r->text, tm);
		text_wrap(tm, (struct text_style){ 0, PK_BODY_SIZE }, r->text,
		    (g->x1 - g->x0) * PK_AGENDA_ITEM_W, 3, &r->tl);
		r->h = 2 * PK_FU_PAD + (double)(r->tl.n ? r->tl.n : 1) * PK_BODY_LEAD;
	}
}

/* Rows of heights h(i) onto pages: first page has `first` points, later ones `next`. */
static void
row_pages(struct packet *p, enum packet_page_kind kind, const struct tpl_section *sec,
    const double *h, size_t n, double first, double next)
{
	size_t i = 0;

	while (i < n) {
		double avail = i == 0 ? first : next, used = 0;
		size_t from = i;

		while (i < n && (i == from || used + h[i] <= avail))
			used += h[i++];
		add_page(p, kind, sec, from, i - from, 0, from > 0);
	}
}

size_t
packet_layout(struct packet *p, const struct packet_geom *g, const struct text_measure *tm)
{
	const struct template *t = p->tpl;
	const struct text_style body = { 0, PK_BODY_SIZE };
	double w = g->x1 - g->x0, h = g->top - g->bottom;
	int nodata_done = 0;

	p->g = *g;
	p->npages = 0;
	for (size_t i = 0; i < t->nsections; i++) {
		const struct tpl_section *s = &t->sections[i];

		if (s->intro) {
			free(p->intro_text[s->kind]);
			p->intro_text[s->kind] = xstrdup(s->intro);
			sanitize(&p->intro_text[s->kind], tm);
			/* The cover sets its introduction larger, and keeps it short. */
			text_wrap(tm, s->kind == TPL_COVER ? (struct text_style){ 0, 10 } : body,
			    p->intro_text[s->kind], w, s->kind == TPL_COVER ? 6 : 0,
			    &p->intro[s->kind]);
		}
	}
	measure_flow(&p->attention, w, tm);
	measure_flow(&p->notes, w, tm);
	measure_flow(&p->glossary, w, tm);
	measure_fu(p, g, tm);
	for (size_t i = 0; i < p->npm; i++)
		p->pm[i].page = -1;
	p->fu_page = -1;

	for (size_t i = 0; i < t->nsections; i++) {
		const struct tpl_section *s = &t->sections[i];
		double first = h - packet_title_height(p, s->kind), next = h - CONT_TITLE_H;

		if (p->no_data && (s->kind == TPL_GLANCE || s->kind == TPL_ATTENTION ||
		    s->kind == TPL_METRICS)) {
			/* No figures at all: one page that says so instead of empty tables and charts. */
			if (!nodata_done++)
				add_page(p, PAGE_NODATA, s, 0, 0, 0, 0);
			continue;
		}
		switch (s->kind) {
		case TPL_COVER:
			add_page(p, PAGE_COVER, s, 0, 0, 0, 0);
			break;
		case TPL_GLANCE: {
			size_t r1 = (size_t)floor((first - PK_GLANCE_HEAD - PK_LEGEND_H) / PK_ROW_H);
			size_t rn = (size_t)floor((next - PK_GLANCE_HEAD - PK_LEGEND_H) / PK_ROW_H);

			if (r1 < 1)
				r1 = 1;
			p->glance_rows = rn;
			for (size_t k = 0; k < p->npm;) {
				size_t take = k == 0 ? r1 : rn;

				if (take > p->npm - k)
					take = p->npm - k;
				add_page(p, PAGE_GLANCE, s, k, take, 0, k > 0);
				k += take;
			}
			break;
		}
		case TPL_ATTENTION:
			flow_pages(p, PAGE_ATTENTION, s, &p->attention, first, next);
			break;
		case TPL_METRICS:
			for (size_t k = 0; k < p->npm; k++) {
				if (t->pages == TPL_PAGES_ATTENTION && !p->pm[k].attention)
					continue;
				p->pm[k].page = (int)p->npages;
				add_page(p, PAGE_METRIC, s, 0, 0, k, 0);
				if (p->pm[k].where != NULL)
					add_page(p, PAGE_WHERE, s, 0, 0, k, 0);
			}
			break;
		case TPL_AGENDA: {
			double *rh = xcalloc(p->nagenda + 1, sizeof *rh);

			for (size_t k = 0; k < p->nagenda; k++)
				rh[k] = p->agenda[k].h;
			/* Room under the table for the total and the attendees. */
			row_pages(p, PAGE_AGENDA, s, rh, p->nagenda, first - PK_FU_HEAD -
			    PK_AGENDA_FOOT, next - PK_FU_HEAD - PK_AGENDA_FOOT);
			free(rh);
			break;
		}
		case TPL_ACTIONS: {
			double *rh = xcalloc(p->nfu + 1, sizeof *rh);

			for (size_t k = 0; k < p->nfu; k++)
				rh[k] = p->fu[k].h;
			if (p->nfu > 0)
				p->fu_page = (int)p->npages;
			row_pages(p, PAGE_ACTIONS, s, rh, p->nfu, first - PK_FU_HEAD - PK_FU_FOOT,
			    next - PK_FU_HEAD - PK_FU_FOOT);
			free(rh);
			break;
		}
		case TPL_NEXT_STEPS:
			add_page(p, PAGE_NEXT_STEPS, s, 0, 0, 0, 0);
			break;
		case TPL_NOTES:
			if (p->notes.n > 0)
				flow_pages(p, PAGE_NOTES, s, &p->notes, first, next);
			break;
		case TPL_GLOSSARY:
			flow_pages(p, PAGE_GLOSSARY, s, &p->glossary, first, next);
			break;
		default:
			break;
		}
	}
	return p->npages;
}
