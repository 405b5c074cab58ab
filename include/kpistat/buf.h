/*
** buf: a growable, always NUL-terminated string (git's strbuf, curl's dynbuf).
**
** Initialise with BUF_INIT or buf_init(); `s` is never NULL after that. `max` (0 = no cap)
** bounds growth for input a remote user controls; past it buf_add* return -1 and leave the
** buffer as it was. buf_release() frees the contents; buf_detach() hands them to the caller.
*/
#ifndef KPISTAT_BUF_H
#define KPISTAT_BUF_H

#include <stddef.h>

struct buf {
	char	*s;	/* the text, NUL-terminated; never NULL */
	size_t	 len;	/* bytes used, excluding the NUL */
	size_t	 cap;	/* bytes allocated (0 while s points at the shared empty string) */
	size_t	 max;	/* growth cap in bytes, 0 for none */
};

extern char buf_empty[];
#define BUF_INIT	{ buf_empty, 0, 0, 0 }

void	buf_init(struct buf *b, size_t max);
void	buf_release(struct buf *b);
void	buf_reset(struct buf *b);		/* len = 0, keeps the allocation */
int	buf_add(struct buf *b, const char *p, size_t n);
int	buf_adds(struct buf *b, const char *s);
int	buf_addch(struct buf *b, int c);
int	buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Add s in `width` display columns (one per character), shortened with "…" or padded. */
void	buf_add_fitted(struct buf *b, const char *s, int width);
char	*buf_detach(struct buf *b);		/* caller frees; b is re-initialised */
/* Room for n more bytes at the end (NULL past the cap); buf_used() then takes the k written. */
char	*buf_room(struct buf *b, size_t n);
void	buf_used(struct buf *b, size_t k);

#endif
