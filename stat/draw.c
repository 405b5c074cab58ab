/*
** draw.c: text and shape helpers on top of the PDF backend (see draw.h). Every string passes
** through text_sanitize() first, so a character the font lacks becomes a visible U+FFFD and
** is measured as drawn.
*/
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/draw.h"

struct text_measure
draw_measure(struct pdf *p)
{
	struct text_measure tm = { pdf_text_width, p, pdf_has_glyph };

	return tm;
}

/* Printable ASCII needs no sanitising: the common case, kept allocation-free. */
static int
plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
			return 0;
	return 1;
}

/* s itself, or a sanitised copy in b. */
static const char *
clean(struct pdf *p, const char *s, struct buf *b)
{
	if (plain(s))
		return s;
	text_sanitize(s, pdf_has_glyph, p, 0, b);
	return b->s;
}

double
draw_width(struct pdf *p, int font, double size, const char *s)
{
	struct buf b = BUF_INIT;
	const char *t = clean(p, s, &b);
	double w = pdf_text_width(p, font, size, t, strlen(t));

	buf_release(&b);
	return w;
}

double
draw_text(struct pdf *p, int font, double size, uint32_t rgb, double x, double y, double w,
    enum draw_align a, const char *s)
{
	struct text_measure tm = draw_measure(p);
	struct text_style st = { font, size };
	struct buf b = BUF_INIT, fitted = BUF_INIT;
	const char *t = clean(p, s, &b);
	size_t n = strlen(t);
	double tw;
	int ell = 0;

	if (w > 0)
		n = text_fit(&tm, st, t, n, w, &ell);
	if (ell) {
		buf_add(&fitted, t, n);
		buf_adds(&fitted, TEXT_ELLIPSIS);
		t = fitted.s;
		n = fitted.len;
	}
	tw = pdf_text_width(p, font, size, t, n);
	if (a == DRAW_RIGHT)
		x -= tw;
	else if (a == DRAW_CENTER)
		x -= tw / 2;
	pdf_fill(p, rgb);
	pdf_text(p, font ? PDF_BOLD : PDF_REGULAR, size, x, y, t, n);
	buf_release(&b);
	buf_release(&fitted);
	return tw;
}

double
draw_lines(struct pdf *p, int font, double size, uint32_t rgb, double x, double y, double lead,
    const char *s, const struct text_lines *l)
{
	struct buf b = BUF_INIT;

	pdf_fill(p, rgb);
	for (size_t i = 0; i < l->n; i++, y -= lead) {
		buf_reset(&b);
		buf_add(&b, s + l->v[i].off, l->v[i].len);
		if (l->v[i].ellipsis)
			buf_adds(&b, TEXT_ELLIPSIS);
		pdf_text(p, font ? PDF_BOLD : PDF_REGULAR, size, x, y, b.s, b.len);
	}
	buf_release(&b);
	return y;
}

size_t
draw_para(struct pdf *p, int font, double size, uint32_t rgb, double x, double y, double w,
    double lead, size_t max_lines, const char *s)
{
	struct text_measure tm = draw_measure(p);
	struct text_style st = { font, size };
	struct text_lines l = { NULL, 0, 0 };
	struct buf b = BUF_INIT;
	size_t n;

	text_sanitize(s, pdf_has_glyph, p, 1, &b);
	n = text_wrap(&tm, st, b.s, w, max_lines, &l);
	draw_lines(p, font, size, rgb, x, y, lead, b.s, &l);
	text_lines_release(&l);
	buf_release(&b);
	return n;
}

void
draw_pill(struct pdf *p, double x, double y, double w, double h, uint32_t fill, uint32_t ink,
    double size, const char *label)
{
	double r = h / 2;

	pdf_fill(p, fill);
	pdf_circle(p, x + r, y + r, r, 1);
	pdf_circle(p, x + w - r, y + r, r, 1);
	pdf_rect(p, x + r, y, w - 2 * r, h, 1);
	/* Centre the cap height (about 0.72 em in DejaVu Sans) on the pill's middle. */
	draw_text(p, 1, size, ink, x + w / 2, y + r - size * 0.36, w - h / 2, DRAW_CENTER, label);
}

void
draw_rule(struct pdf *p, double x0, double x1, double y, uint32_t rgb, double width)
{
	pdf_stroke(p, rgb);
	pdf_line_width(p, width);
	pdf_line(p, x0, y, x1, y);
}

uint32_t
draw_tint(uint32_t rgb, double t)
{
	uint32_t out = 0;

	for (int sh = 16; sh >= 0; sh -= 8) {
		double c = (double)(rgb >> sh & 255);

		out |= (uint32_t)(c + (255 - c) * t + 0.5) << sh;
	}
	return out;
}
