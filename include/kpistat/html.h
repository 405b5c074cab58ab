/*
** html: the one way text reaches a web page. Every string that is not a literal of the page
** templates goes through html_esc (element content and quoted attribute values alike), so
** that a commentary of `<script>` or `"><img onerror=...>` is shown as typed, never run.
*/
#ifndef KPISTAT_HTML_H
#define KPISTAT_HTML_H

#include "kpistat/buf.h"

/* Append s to b with & < > " ' escaped (NULL appends nothing). */
void	html_esc(struct buf *b, const char *s);
/* Append a printf-formatted literal (the format is the page's; arguments must be numbers or
** already escaped): a thin wrapper so that page code reads the same everywhere. */
#define html_lit(b, ...)	buf_addf((b), __VA_ARGS__)

#endif
