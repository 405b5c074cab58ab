/*
** text: UTF-8 text fitted to a width, for the packet's table cells and paragraphs. Pure: widths
** come from a caller-supplied measure function (the PDF's font metrics, or a fake in tests), so
** that page layout and drawing compute the same line breaks. Cuts always fall between code
** points, never inside a UTF-8 sequence (libharu's own MeasureText does not promise that).
**
** Ownership: text_wrap() fills a caller-owned struct text_lines, freed by text_lines_release();
** the lines point into the caller's string by offset and length.
*/
#ifndef KPISTAT_TEXT_H
#define KPISTAT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "kpistat/buf.h"

#define TEXT_ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 HORIZONTAL ELLIPSIS */
#define TEXT_REPLACEMENT 0xFFFD		/* what an unshowable character becomes */

/* Width in points of s[0..n) in font `font` (0 regular, 1 bold) at `size` points. */
typedef double text_width_fn(void *arg, int font, double size, const char *s, size_t n);

struct text_measure {
	text_width_fn	*width;		/* the measure */
	void		*arg;		/* passed to it (and to has) */
	int		(*has)(void *arg, uint32_t cp);	/* font coverage for text_sanitize, or NULL */
};

/* A style: which face and how big. */
struct text_style {
	int	font;			/* 0 regular, 1 bold */
	double	size;			/* points */
};

/*
** Decode the code point at s (n > 0 bytes left) into *cp; returns the bytes it takes (1..4).
** A malformed sequence (overlong, surrogate, truncated, stray continuation) is one byte
** decoding to TEXT_REPLACEMENT.
*/
size_t	text_decode(const char *s, size_t n, uint32_t *cp);

/* Number of code points in s[0..n). */
size_t	text_count(const char *s, size_t n);

/*
** Append s to `out` with every character that cannot be shown replaced by U+FFFD, so it is
** visibly replaced rather than silently dropped: malformed UTF-8, code points outside the
** Basic Multilingual Plane, C0/C1 controls (newline and tab become a space unless
** keep_newlines) and code points for which `has` (may be NULL) returns 0. Returns how many
** characters were replaced.
*/
size_t	text_sanitize(const char *s, int (*has)(void *arg, uint32_t cp), void *arg,
	    int keep_newlines, struct buf *out);

/*
** The longest prefix of s[0..n) that fits in `w` points. When all of s fits it returns n and
** sets *ellipsis to 0; otherwise it returns a prefix (trailing spaces dropped) after which an
** ellipsis still fits, and sets *ellipsis to 1. May return 0 when not even "…" fits.
*/
size_t	text_fit(const struct text_measure *tm, struct text_style st, const char *s, size_t n,
	    double w, int *ellipsis);

struct text_line {
	size_t	off;			/* start in the string */
	size_t	len;			/* bytes */
	int	ellipsis;		/* draw "…" after it: the text was cut here */
};

struct text_lines {
	struct text_line *v;		/* the lines */
	size_t	n;			/* how many */
	size_t	cap;			/* allocated */
};

/*
** Break the NUL-terminated `s` into lines no wider than `w`: at spaces and explicit newlines,
** and between code points inside a word too wide for a line of its own. With max_lines > 0,
** at most that many lines are kept, the last ending in an ellipsis when text was left over.
** Replaces the contents of *out; returns the number of lines (0 for empty text).
*/
size_t	text_wrap(const struct text_measure *tm, struct text_style st, const char *s, double w,
	    size_t max_lines, struct text_lines *out);
void	text_lines_release(struct text_lines *l);

#endif
