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
#include "kpistat/entry.h"
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

int
cmd_check_reason(struct cmd_ctx *ctx, const char *reason)
{
	struct kp_err e;

	err_clear(&e);
	if (reason == NULL || entry_check_text(reason, "--reason", &e) == 0)
		return 0;
	return cmd_fail(ctx, &e);
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

/* Now, or SOURCE_DATE_EPOCH when set, as UTC calendar fields. */
static void
today_tm(struct tm *tm)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	char *end;

	if (env != NULL && *env != '\0') {
		long long v = strtoll(env, &end, 10);

		if (*end == '\0' && v >= 0)
			t = (time_t)v;
	}
	gmtime_r(&t, tm);
}

void
cmd_today(char buf[11])
{
	struct tm tm;

	today_tm(&tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

int
cmd_check_date(const char *s, const char *what, struct kp_err *e)
{
	int y, m, d, cy, cm, cd;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return err_set(e, KP_USAGE, NULL, "bad %s '%s': expected a date as YYYY-MM-DD "
		    "(e.g. 2026-11-05)", what, s);
	if (m < 1 || m > 12)
		return err_set(e, KP_USAGE, NULL, "bad %s '%s': month must be 01..12", what, s);
	period_civil_from_days(period_days_from_civil(y, m, d), &cy, &cm, &cd);
	if (y < 1000 || d < 1 || cy != y || cm != m || cd != d)
		return err_set(e, KP_USAGE, NULL, "bad %s '%s': %04d-%02d has no day %d", what, s,
		    y, m, d);
	return 0;
}

int
cmd_check_time(const char *s, const char *what, struct kp_err *e)
{
	if (strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5 ||
	    s[0] > '2' || (s[0] == '2' && s[1] > '3') || s[3] > '5')
		return err_set(e, KP_USAGE, NULL, "bad %s '%s': expected a time of day as HH:MM, "
		    "00:00 to 23:59 (e.g. 09:30)", what, s);
	return 0;
}

struct period
cmd_today_month(void)
{
	struct period p;
	struct tm tm;

	today_tm(&tm);
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

int
cmd_delimiter_opt(struct cmd_ctx *ctx, const char *name, const char *s, int *out)
{
	const char *c = strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 ? "\t" : s;

	if (strlen(c) != 1 || *c == '"' || *c == ' ' || (unsigned char)*c > 0x7F ||
	    ((unsigned char)*c < 0x20 && *c != '\t'))
		return cmd_usage_error(ctx, name, "bad --delimiter '%s': expected one character such "
		    "as ';' or '|', or tab", s);
	*out = *c;
	return 0;
}

void
cmd_note_line(void *ctx, const char *line)
{
	fprintf(stderr, "%s: note: %s\n", ((struct cmd_ctx *)ctx)->prog, line);
}
