/*
** cmd_util.c: small helpers shared by the command handlers: usage lines, error exits,
** opening the store, output formats.
*/
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/cmd.h"
#include "kpistat/store.h"

void
cmd_getopt_reset(void)
{
	/* glibc re-initialises getopt when optind is 0; the commands' argv[0] is the verb. */
	optind = 0;
	opterr = 0;	/* cmd_bad_option() words the message */
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
cmd_bad_option(struct cmd_ctx *ctx, const char *name, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		err_printf(ctx->prog, "option '%s' needs a value", arg);
	else if (optopt != 0 && !(arg[0] == '-' && arg[1] == '-'))
		err_printf(ctx->prog, "unknown option '-%c' for '%s'", optopt, name);
	else
		err_printf(ctx->prog, "unknown option '%s' for '%s'", arg, name);
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
cmd_open_catalog(struct cmd_ctx *ctx, struct store **st, struct catalog *cat)
{
	struct kp_err e;

	if ((*st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(*st, cat, &e) < 0) {
		store_close(*st);
		*st = NULL;
		return cmd_fail(ctx, &e);
	}
	return 0;
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

struct period
cmd_today_month(void)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct period p;
	struct tm tm;
	char *end;

	if (env != NULL && *env != '\0') {
		long long v = strtoll(env, &end, 10);

		if (*end == '\0' && v >= 0)
			t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	p.kind = PERIOD_MONTH;
	p.year = tm.tm_year + 1900;
	p.n = tm.tm_mon + 1;
	return p;
}

const char *
cmd_default_user(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u != NULL && *u != '\0')
		return u;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : NULL;
}

/* Add s to b in `width` display columns, shortened with an ellipsis (one column per character). */
void
cmd_add_fitted(struct buf *b, const char *s, int width)
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

void
cmd_note_line(void *ctx, const char *line)
{
	fprintf(stderr, "%s: note: %s\n", ((struct cmd_ctx *)ctx)->prog, line);
}
