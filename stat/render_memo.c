/*
** render_memo.c: draws a laid-out follow-up memo (memo.h) with the packet's PDF layer and
** fonts: a title block on the first page, the header fields, headings with a rule, tables
** with a tinted header row, and "page X of Y" in the footer.
*/
#include <stdio.h>

#include "kpistat/draw.h"
#include "kpistat/memo.h"
#include "kpistat/render.h"

#define MEMO_ACCENT	0x1F3A5F

static void
row(struct pdf *pdf, const struct memo *mm, const struct memo_row *r, double y)
{
	const struct packet_geom *g = &mm->g;
	double w = g->x1 - g->x0, x = g->x0;

	switch (r->kind) {
	case MEMO_HEADING:
		draw_text(pdf, 1, 11, MEMO_ACCENT, g->x0, y - 20, w, DRAW_LEFT, r->cell[0]);
		draw_rule(pdf, g->x0, g->x1, y - 25, draw_tint(MEMO_ACCENT, 0.7), 0.6);
		return;
	case MEMO_THEAD:
		pdf_fill(pdf, draw_tint(MEMO_ACCENT, 0.9));
		pdf_rect(pdf, g->x0, y - r->h, w, r->h, 1);
		break;
	default:
		break;
	}
	for (size_t c = 0; c < r->ncols; c++) {
		int bold = r->kind == MEMO_THEAD || (r->kind == MEMO_FIELD && c == 0);
		uint32_t rgb = r->kind == MEMO_NONE || (r->kind == MEMO_FIELD && c == 0) ?
		    RENDER_MUTED : r->kind == MEMO_THEAD ? MEMO_ACCENT : RENDER_INK;
		double pad = r->kind == MEMO_ROW || r->kind == MEMO_THEAD ? MEMO_PAD : 0;

		draw_lines(pdf, bold, MEMO_SIZE, rgb, x + (r->ncols > 1 ? 3 : 0),
		    y - pad - MEMO_LEAD + 3, MEMO_LEAD, r->cell[c], &r->tl[c]);
		x += r->share[c] * w;
	}
	if (r->kind == MEMO_ROW)
		draw_rule(pdf, g->x0, g->x1, y - r->h, 0xE5E7EB, 0.4);
}

int
render_memo(struct pdf *pdf, const struct memo *mm, struct kp_err *e)
{
	const struct packet_geom *g = &mm->g;
	char buf[160];

	for (size_t i = 0; i < mm->npages; i++)
		pdf_page_add(pdf);
	if (pdf_check(pdf, "creating the pages", e) < 0)
		return -1;
	for (size_t i = 0; i < mm->npages; i++) {
		const struct memo_page *pg = &mm->pages[i];
		double y = g->top;

		pdf_page_use(pdf, (int)i);
		if (i == 0) {
			y += MEMO_FIRST_UP;
			draw_text(pdf, 1, 20, MEMO_ACCENT, g->x0, y - 22, g->x1 - g->x0, DRAW_LEFT,
			    mm->title);
			draw_text(pdf, 0, 11, RENDER_MUTED, g->x0, y - 40, g->x1 - g->x0, DRAW_LEFT,
			    mm->subtitle);
			draw_rule(pdf, g->x0, g->x1, y - 50, MEMO_ACCENT, 1.2);
			y -= MEMO_TITLE_H;
		} else {
			/* A running header, so a second sheet is not mistaken for another memo. */
			snprintf(buf, sizeof buf, "%s (continued)", mm->subtitle);
			draw_text(pdf, 1, 8, MEMO_ACCENT, g->x0, g->ph - 40, 0, DRAW_LEFT, mm->title);
			draw_text(pdf, 0, 8, RENDER_MUTED, g->x1, g->ph - 40, (g->x1 - g->x0) / 2,
			    DRAW_RIGHT, buf);
			draw_rule(pdf, g->x0, g->x1, g->ph - 48, MEMO_ACCENT, 0.8);
		}
		for (size_t k = pg->first; k < pg->first + pg->n; k++) {
			row(pdf, mm, &mm->rows[k], y);
			y -= mm->rows[k].h;
		}
		draw_rule(pdf, g->x0, g->x1, 44, RENDER_RULE, 0.5);
		draw_text(pdf, 0, 7.5, RENDER_MUTED, g->x0, 32, (g->x1 - g->x0) * 0.7, DRAW_LEFT,
		    mm->title);
		snprintf(buf, sizeof buf, "page %zu of %zu", i + 1, mm->npages);
		draw_text(pdf, 0, 7.5, RENDER_MUTED, g->x1, 32, 0, DRAW_RIGHT, buf);
	}
	return pdf_check(pdf, "drawing the memo", e);
}
