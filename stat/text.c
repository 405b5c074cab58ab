/*
** text.c: UTF-8 decoding, sanitising, ellipsis fitting and word wrap (see text.h).
**
** Widths are additive in libharu (no kerning), so a line's width is the sum of its words and
** spaces; each word is measured once. Fitting a prefix is a binary search over code-point
** boundaries, so it never splits a UTF-8 sequence and costs O(log n) measurements.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/text.h"
#include "kpistat/xmalloc.h"

size_t
text_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = TEXT_REPLACEMENT;
	return 1;
}

size_t
text_count(const char *s, size_t n)
{
	size_t k = 0;
	uint32_t cp;

	for (size_t i = 0; i < n; k++)
		i += text_decode(s + i, n - i, &cp);
	return k;
}

/* Append code point cp (BMP) as UTF-8. */
static void
put_cp(struct buf *out, uint32_t cp)
{
	char b[3];

	if (cp < 0x80) {
		buf_addch(out, (int)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 2);
	} else {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 3);
	}
}

size_t
text_sanitize(const char *s, int (*has)(void *arg, uint32_t cp), void *arg, int keep_newlines,
    struct buf *out)
{
	size_t n = strlen(s), bad = 0;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = text_decode(s + i, n - i, &cp);

		if (cp == '\n' && keep_newlines) {
			buf_addch(out, '\n');
		} else if (cp == '\n' || cp == '\t' || cp == '\r') {
			buf_addch(out, ' ');
		} else if (cp == TEXT_REPLACEMENT || cp > 0xFFFF || cp < 0x20 ||
		    (cp >= 0x7F && cp < 0xA0) || (has != NULL && !has(arg, cp))) {
			put_cp(out, TEXT_REPLACEMENT);
			bad += cp != TEXT_REPLACEMENT || k == 1;
		} else {
			buf_add(out, s + i, k);
		}
		i += k;
	}
	return bad;
}

static double
width(const struct text_measure *tm, struct text_style st, const char *s, size_t n)
{
	return n == 0 ? 0 : tm->width(tm->arg, st.font, st.size, s, n);
}

/* Byte offsets of the code-point boundaries of s[0..n): b[0] = 0 ... b[k] = n; returns k. */
static size_t
boundaries(const char *s, size_t n, size_t **b)
{
	size_t k = 0, cap = 0;
	uint32_t cp;

	*b = NULL;
	for (size_t i = 0;;) {
		*b = xgrow(*b, &cap, k + 1, sizeof **b);
		(*b)[k] = i;
		if (i >= n)
			break;
		i += text_decode(s + i, n - i, &cp);
		k++;
	}
	return k;
}

/* The longest prefix (whole code points) of s[0..n) no wider than w. */
static size_t
longest_prefix(const struct text_measure *tm, struct text_style st, const char *s, size_t n,
    double w)
{
	size_t *b, k, lo = 0, hi, res;

	k = boundaries(s, n, &b);
	hi = k;
	while (lo < hi) {	/* invariant: b[lo] fits; find the largest count that fits */
		size_t mid = lo + (hi - lo + 1) / 2;

		if (width(tm, st, s, b[mid]) <= w)
			lo = mid;
		else
			hi = mid - 1;
	}
	res = b[lo];
	free(b);
	return res;
}

/* A prefix of s[0..n) that leaves room for "…" in w, cut at a space when that loses little. */
static size_t
fit_ellipsis(const struct text_measure *tm, struct text_style st, const char *s, size_t n,
    double w)
{
	double ew = width(tm, st, TEXT_ELLIPSIS, strlen(TEXT_ELLIPSIS));
	size_t k, sp;

	if (ew > w)
		return 0;
	k = longest_prefix(tm, st, s, n, w - ew);
	/* Prefer a word boundary when it keeps at least two thirds of the room. */
	for (sp = k; sp > 0 && s[sp - 1] != ' ' && k < n && s[k] != ' '; sp--)
		;
	if (sp > 0 && k < n && s[k] != ' ' && width(tm, st, s, sp) >= (w - ew) * 2 / 3)
		k = sp;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	return k;
}

size_t
text_fit(const struct text_measure *tm, struct text_style st, const char *s, size_t n, double w,
    int *ellipsis)
{
	if (width(tm, st, s, n) <= w) {
		*ellipsis = 0;
		return n;
	}
	*ellipsis = 1;
	return fit_ellipsis(tm, st, s, n, w);
}

static void
add_line(struct text_lines *out, size_t off, size_t len)
{
	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n].off = off;
	out->v[out->n].len = len;
	out->v[out->n].ellipsis = 0;
	out->n++;
}

/* Widths of single ASCII characters, measured once per text_wrap (-1: not yet). */
struct cwidths {
	double	ascii[128];
};

/* Width of the code point at s (k bytes). */
static double
char_width(const struct text_measure *tm, struct text_style st, struct cwidths *cw,
    const char *s, size_t k)
{
	unsigned char c = (unsigned char)s[0];

	if (k == 1 && c < 128) {
		if (cw->ascii[c] < 0)
			cw->ascii[c] = width(tm, st, s, 1);
		return cw->ascii[c];
	}
	return width(tm, st, s, k);
}

/*
** A word s[w0..w1) wider than a line, broken between code points: each line takes characters
** while their widths (additive, see the top) fit, and at least one. One pass, one measurement
** per character (a 5 MB word with no space used to take hours: every line re-measured the whole
** rest of the word). Returns where the last, partial line starts; *lw gets its width.
*/
static size_t
break_word(const struct text_measure *tm, struct text_style st, struct cwidths *cw,
    const char *s, size_t w0, size_t w1, double w, struct text_lines *out, double *lw)
{
	size_t start = w0, i = w0;
	double acc = 0;

	while (i < w1) {
		uint32_t cp;
		size_t k = text_decode(s + i, w1 - i, &cp);
		double c = char_width(tm, st, cw, s + i, k);

		if (acc + c > w && i > start) {
			add_line(out, start, i - start);
			start = i;
			acc = 0;
		}
		acc += c;
		i += k;
	}
	*lw = acc;
	return start;
}

/* Lay one paragraph s[p0..p1) into lines. */
static void
wrap_paragraph(const struct text_measure *tm, struct text_style st, struct cwidths *cw,
    const char *s, size_t p0, size_t p1, double w, struct text_lines *out)
{
	double sw = width(tm, st, " ", 1), lw = 0;
	size_t i = p0, start = p0, end = p0;
	int empty = 1;

	while (i < p1) {
		size_t w0, w1;
		double ww;

		while (i < p1 && s[i] == ' ')
			i++;
		if (i >= p1)
			break;
		w0 = i;
		while (i < p1 && s[i] != ' ')
			i++;
		w1 = i;
		ww = width(tm, st, s + w0, w1 - w0);
		if (!empty && lw + sw + ww <= w) {
			lw += sw + ww;
			end = w1;
			continue;
		}
		if (!empty)
			add_line(out, start, end - start);
		/* A word wider than a whole line is broken between code points. */
		if (ww > w)
			w0 = break_word(tm, st, cw, s, w0, w1, w, out, &ww);
		start = w0;
		end = w1;
		lw = ww;
		empty = w1 == w0;
	}
	if (!empty)
		add_line(out, start, end - start);
	else if (start == p0)
		add_line(out, p0, 0);	/* a blank paragraph keeps its blank line */
}

size_t
text_wrap(const struct text_measure *tm, struct text_style st, const char *s, double w,
    size_t max_lines, struct text_lines *out)
{
	size_t n = strlen(s), p0 = 0;
	struct cwidths cw;

	for (size_t i = 0; i < 128; i++)
		cw.ascii[i] = -1;
	out->n = 0;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	if (n == 0)
		return 0;
	while (p0 <= n) {
		const char *nl = memchr(s + p0, '\n', n - p0);
		size_t p1 = nl ? (size_t)(nl - s) : n;

		wrap_paragraph(tm, st, &cw, s, p0, p1, w, out);
		p0 = p1 + 1;
		if (max_lines > 0 && out->n > max_lines)
			break;
	}
	if (max_lines > 0 && out->n > max_lines) {
		struct text_line *last = &out->v[max_lines - 1];

		/* Text was left over: the last kept line ends with "…" (shortened to make room). */
		last->len = fit_ellipsis(tm, st, s + last->off, last->len, w);
		last->ellipsis = 1;
		out->n = max_lines;
	}
	return out->n;
}

void
text_lines_release(struct text_lines *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
