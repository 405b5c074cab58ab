/*
** diag.c: collected diagnostics (see diag.h).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kpistat/diag.h"
#include "kpistat/xmalloc.h"

void
diags_init(struct diags *d, size_t limit)
{
	d->v = NULL;
	d->n = d->cap = d->total = 0;
	d->limit = limit;
	d->code = KP_OK;
}

void
diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].where);
		free(d->v[i].msg);
	}
	free(d->v);
	diags_init(d, d->limit);
}

void
diags_add(struct diags *d, int code, const char *where, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	d->total++;
	if (d->code == KP_OK || code == KP_IOERR)
		d->code = code;
	if (d->limit && d->n >= d->limit)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	va_start(ap, fmt);
	vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	va_end(ap);
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof d->v[0]);
	d->v[d->n].where = xstrdup(where ? where : "");
	d->v[d->n].msg = msg;
	d->n++;
}

void
diags_add_err(struct diags *d, const struct kp_err *e)
{
	diags_add(d, e->code ? e->code : KP_DATA, e->where, "%s", e->msg);
}

void
diags_print(const struct diags *d, const char *prog, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].where[0] != '\0')
			fprintf(fp, "%s: %s: %s\n", prog, d->v[i].where, d->v[i].msg);
		else
			fprintf(fp, "%s: %s\n", prog, d->v[i].msg);
	}
	if (d->total > d->n)
		fprintf(fp, "%s: ... and %zu more problems not shown\n", prog, d->total - d->n);
}
