/*
** cmd_util.c: small helpers shared by the command handlers: usage lines, error exits,
** opening the store, output formats.
*/
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/store.h"

void
cmd_getopt_reset(void)
{
	/* glibc re-initialises getopt when optind is 0; the commands' argv[0] is the verb. */
	optind = 0;
	opterr = 1;
}

void
cmd_usage(FILE *fp, const char *name, const char *details)
{
	const struct cmd *c = cmd_find(name);

	fprintf(fp, "usage: kpistat %s\n", c ? c->usage : name);
	if (details != NULL)
		fputs(details, fp);
}

int
cmd_usage_error(struct cmd_ctx *ctx, const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ctx->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_usage(stderr, name, NULL);
	return KP_USAGE;
}

int
cmd_fail(struct cmd_ctx *ctx, const struct kp_err *e)
{
	err_print(e, ctx->prog);
	return e->code ? e->code : KP_SOFTWARE;
}

struct store *
cmd_open_store(struct cmd_ctx *ctx, int create, struct kp_err *e)
{
	return store_open(ctx->db_path, create ? STORE_CREATE : 0, e);
}

int
cmd_parse_format(const char *s, enum cmd_format *out)
{
	if (strcmp(s, "table") == 0)
		*out = FORMAT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = FORMAT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = FORMAT_JSON;
	else
		return -1;
	return 0;
}
