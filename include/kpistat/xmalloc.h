/*
** xmalloc: allocation that cannot fail. Out of memory is not an error path in kpistat: these
** wrappers print "kpistat: out of memory" and exit 70, so callers never check for NULL
** (as mandoc and tmux do). Everything they return is freed with free().
*/
#ifndef KPISTAT_XMALLOC_H
#define KPISTAT_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
/* Grow an array of `size`-byte elements to hold at least `need`, doubling; updates *cap. */
void	*xgrow(void *p, size_t *cap, size_t need, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same message and exit, for memory another allocator ran out of (SQLite's copies). */
void	xoom(void) __attribute__((noreturn));

#endif
