/*
** draw: the packet's drawing vocabulary on top of pdf.h: text that is sanitised (nothing the
** font cannot show reaches libharu), aligned, fitted into a width with an ellipsis or wrapped
** into a box; filled pills for status words; rules. Coordinates are PDF points, origin bottom
** left, y the text baseline.
**
** Ownership: nothing is kept between calls.
*/
#ifndef KPISTAT_DRAW_H
#define KPISTAT_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "kpistat/pdf.h"
#include "kpistat/text.h"

enum draw_align { DRAW_LEFT, DRAW_RIGHT, DRAW_CENTER };

/* The measure text.h needs, backed by the document's fonts. */
struct text_measure draw_measure(struct pdf *p);

/*
** Draw s in one line: left-aligned from x, right-aligned ending at x, or centred on x. With
** w > 0 the text is cut with an ellipsis to fit w. Returns the width drawn.
*/
double	draw_text(struct pdf *p, int font, double size, uint32_t rgb, double x, double y,
	    double w, enum draw_align a, const char *s);

/* Width of s as draw_text would draw it (unfitted). */
double	draw_width(struct pdf *p, int font, double size, const char *s);

/* Draw already-wrapped lines of s from baseline y down, `lead` apart; returns the next baseline. */
double	draw_lines(struct pdf *p, int font, double size, uint32_t rgb, double x, double y,
	    double lead, const char *s, const struct text_lines *l);

/*
** Wrap s into width w and draw at most max_lines (0: all) from baseline y down; the last line
** ends with an ellipsis when text was left over. Returns the number of lines drawn.
*/
size_t	draw_para(struct pdf *p, int font, double size, uint32_t rgb, double x, double y,
	    double w, double lead, size_t max_lines, const char *s);

/* A rounded pill filled with `fill` holding a centred label in `ink`; (x, y) is its bottom left. */
void	draw_pill(struct pdf *p, double x, double y, double w, double h, uint32_t fill,
	    uint32_t ink, double size, const char *label);

/* A horizontal rule. */
void	draw_rule(struct pdf *p, double x0, double x1, double y, uint32_t rgb, double width);

/* A colour mixed with white: t = 0 gives rgb, t = 1 white (for light fills). */
uint32_t draw_tint(uint32_t rgb, double t);

#endif
