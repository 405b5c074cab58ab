/*
** buf.c: growable strings (see buf.h for the invariants).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/xmalloc.h"

char buf_empty[1];

void
buf_init(struct buf *b, size_t max)
{
	b->s = buf_empty;
	b->len = b->cap = 0;
	b->max = max;
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		free(b->s);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = '\0';
}

/* Make room for `n` more bytes plus the NUL; -1 past the cap. */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t need = b->len + n + 1;

	if (b->max && need > b->max + 1)
		return -1;
	if (need <= b->cap)
		return 0;
	if (b->cap == 0) {
		size_t cap = 0;
		char *p = xgrow(NULL, &cap, need, 1);

		p[0] = '\0';
		b->s = p;
		b->cap = cap;
		return 0;
	}
	b->s = xgrow(b->s, &b->cap, need, 1);
	return 0;
}

char *
buf_room(struct buf *b, size_t n)
{
	return buf_grow(b, n) < 0 ? NULL : b->s + b->len;
}

void
buf_used(struct buf *b, size_t n)
{
	b->len += n;
	b->s[b->len] = '\0';
}

int
buf_add(struct buf *b, const char *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return -1;
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
buf_detach(struct buf *b)
{
	char *p = b->cap ? b->s : xstrdup("");

	buf_init(b, b->max);
	return p;
}

/* Add s to b in `width` display columns, shortened with an ellipsis (one column per character). */
void
buf_add_fitted(struct buf *b, const char *s, int width)
{
	int cols = 0;
	const char *p = s;

	while (*p) {
		const char *next = p + 1;

		while ((*next & 0xC0) == 0x80)
			next++;
		if (cols == width - 1 && next[0] != '\0') {
			buf_adds(b, "…");
			cols++;
			break;
		}
		buf_add(b, p, (size_t)(next - p));
		cols++;
		p = next;
	}
	for (; cols < width; cols++)
		buf_addch(b, ' ');
}
