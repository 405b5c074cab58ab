/*
** err.c: error records and the one place that formats them for the terminal.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/err.h"

void
err_clear(struct kp_err *e)
{
	if (e == NULL)
		return;
	e->code = KP_OK;
	e->where[0] = '\0';
	e->msg[0] = '\0';
}

int
err_set(struct kp_err *e, int code, const char *where, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	snprintf(e->where, sizeof e->where, "%s", where ? where : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
err_print(const struct kp_err *e, const char *prog)
{
	if (e->where[0] != '\0')
		fprintf(stderr, "%s: %s: %s\n", prog, e->where, e->msg);
	else
		fprintf(stderr, "%s: %s\n", prog, e->msg);
}

void
err_printf(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
