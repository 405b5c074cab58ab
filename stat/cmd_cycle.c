/*
** cmd_cycle.c: helpers shared by the Stat cycle's commands (see cmd_cycle.h).
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/cmd.h"
#include "kpistat/store.h"
#include "cmd_cycle.h"

const struct program *
cycle_program(const struct catalog *c, const char *code, struct kp_err *e)
{
	const struct program *p = catalog_program(c, code);
	struct buf b;

	if (p != NULL)
		return p;
	buf_init(&b, 0);
	for (size_t i = 0; i < c->nprograms; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", c->programs[i].code);
	err_set(e, KP_DATA, NULL, "unknown program '%s': expected %s%s", code,
	    c->nprograms ? "one of " : "a program from the catalog (it has none)",
	    c->nprograms ? b.s : "");
	buf_release(&b);
	return NULL;
}

enum period_kind
cycle_program_kind(const struct catalog *c, const struct program *p)
{
	/* From the most frequent to the least; weeks only when nothing else is there. */
	static const enum period_kind order[] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR,
	    PERIOD_FYEAR, PERIOD_WEEK };
	int have[8] = { 0 };

	for (size_t i = 0; i < p->nmetrics; i++) {
		const struct metric *m = catalog_metric(c, p->metrics[i]);

		if (m != NULL)
			have[period_freq_kind(m->freq)] = 1;
	}
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (have[order[i]])
			return order[i];
	return PERIOD_MONTH;
}

int
cycle_program_period(const struct catalog *c, const struct program *p, const char *text,
    struct period *out, struct kp_err *e)
{
	enum period_kind k = cycle_program_kind(c, p);

	if (period_parse(text, out, e) < 0)
		return -1;
	if (out->kind != k)
		return err_set(e, KP_DATA, NULL, "period '%s' is a %s, but program '%s' meets %s: "
		    "expected %s", text, period_kind_name(out->kind), p->code,
		    k == PERIOD_MONTH ? "monthly" : k == PERIOD_QUARTER ? "quarterly" :
		    k == PERIOD_WEEK ? "weekly" : "yearly", period_kind_example(k));
	return 0;
}

int
cycle_nonblank(const char *s, const char *what, struct kp_err *e)
{
	if (s == NULL || s[strspn(s, " \t\r\n")] == '\0')
		return err_set(e, KP_USAGE, NULL, "%s is empty: give %s", what,
		    strcmp(what, "owner") == 0 ? "one accountable person's name" : "some text");
	return 0;
}

int
cycle_id(const char *s, char letter, const char *what, long long *id, struct kp_err *e)
{
	const char *p = s;
	char *end;

	if ((p[0] == letter || p[0] == letter - 'A' + 'a') && p[1] == '-')
		p += 2;
	*id = strtoll(p, &end, 10);
	if (*p == '\0' || *end != '\0' || *id < 1)
		return err_set(e, KP_USAGE, NULL, "bad %s ID '%s': expected a number such as 12 or "
		    "%c-12 (the one 'kpistat %s list' shows)", what, s, letter,
		    letter == 'F' ? "action" : "meeting");
	return 0;
}

int
cycle_meeting_id(const char *s, long long *id, struct kp_err *e)
{
	return cycle_id(s, 'M', "meeting", id, e);
}

int
cycle_finish(struct cmd_ctx *ctx, const char *name, struct store *st, struct catalog *cat,
    int rc, const struct kp_err *e)
{
	if (rc < 0)
		store_rollback(st);
	catalog_release(cat);
	store_close(st);
	if (rc >= 0)
		return KP_OK;
	if (e->msg[0] == '\0')
		return e->code;
	if (e->code == KP_USAGE) {
		err_print(e, ctx->prog);
		cmd_usage(stderr, name, NULL);
		return KP_USAGE;
	}
	return cmd_fail(ctx, e);
}
