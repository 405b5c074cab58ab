/*
** cmd_call.c: `kpistat call open|status|close`: the office's call for a program period's
** figures, and where each department stands against it (datacall.h decides; this prints).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kpistat/buf.h"
#include "kpistat/cmd.h"
#include "kpistat/csv.h"
#include "kpistat/datacall.h"
#include "kpistat/num.h"
#include "kpistat/store_cycle.h"
#include "cmd_cycle.h"

static const char call_help[] =
    "The data call: the office asks each department of a program for a period's figures.\n"
    "  call open --program CODE --period P --due DATE [--cutoff DATE] [--by NAME]\n"
    "      open the call (again: harmless; a new due date is kept as a change)\n"
    "  call status [--program CODE] [--period P] [--format table|csv|json]\n"
    "      every department: figures expected and in, submitted / partial / missing,\n"
    "      late (entered after the due date), off target without commentary, stale\n"
    "      computed figures; default: every open call. CSV and JSON suit a mail merge.\n"
    "  call close --program CODE --period P [--by NAME]\n"
    "Dates are YYYY-MM-DD. P is a period of the program's cadence (2026-10 for a\n"
    "monthly program).\n";

struct call_opts {
	const char	*program, *period, *due, *cutoff, *by;
	enum cmd_format	 format;
};

static int
parse(int argc, char **argv, struct cmd_ctx *ctx, struct call_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "program", required_argument, NULL, 'p' },
		{ "period", required_argument, NULL, 'P' },
		{ "due", required_argument, NULL, 'd' },
		{ "cutoff", required_argument, NULL, 'c' },
		{ "by", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	o->by = cmd_default_user();
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': o->program = optarg; break;
		case 'P': o->period = optarg; break;
		case 'd': o->due = optarg; break;
		case 'c': o->cutoff = optarg; break;
		case 'b': o->by = optarg; break;
		case 'f':
			if (cmd_parse_format(optarg, &o->format) < 0)
				return cmd_usage_error(ctx, "call", "bad format '%s': expected table, "
				    "csv or json", optarg);
			break;
		case 'h':
			cmd_usage(stdout, "call", call_help);
			return -1;
		default:
			return cmd_bad_option(ctx, "call", c, argv);
		}
	}
	return 0;
}

/* The program and period options, both required, checked against the catalog. */
static int
program_period(struct cmd_ctx *ctx, const struct catalog *cat, const struct call_opts *o,
    const char *verb, const struct program **p, struct period *per, struct kp_err *e)
{
	if (o->program == NULL || o->period == NULL) {
		cmd_usage_error(ctx, "call", "'call %s' needs --program and --period", verb);
		return err_set(e, KP_USAGE, NULL, "%s", "");
	}
	if ((*p = cycle_program(cat, o->program, e)) == NULL ||
	    cycle_program_period(cat, *p, o->period, per, e) < 0)
		return -1;
	return 0;
}

static int
call_open(struct cmd_ctx *ctx, struct store *st, const struct catalog *cat,
    const struct call_opts *o, struct kp_err *e)
{
	const struct program *p;
	struct cy_call *old = NULL;
	enum cy_call_outcome out;
	struct period per;
	size_t n = 0;

	if (program_period(ctx, cat, o, "open", &p, &per, e) < 0)
		return -1;
	if (o->due == NULL) {
		cmd_usage_error(ctx, "call", "'call open' needs --due DATE (YYYY-MM-DD)");
		return err_set(e, KP_USAGE, NULL, "%s", "");
	}
	if (cmd_check_date(o->due, "due date", e) < 0 ||
	    (o->cutoff != NULL && cmd_check_date(o->cutoff, "cutoff date", e) < 0))
		return -1;
	if (store_begin(st, e) < 0 || store_calls(st, p->code, o->period, &old, &n, e) < 0 ||
	    store_call_open(st, p->code, &per, o->due, o->cutoff, o->by, &out, e) < 0 ||
	    store_commit(st, e) < 0) {
		cy_calls_free(old, n);
		return -1;
	}
	switch (out) {
	case CY_CALL_OPENED:
		printf("opened the data call for %s %s: figures due %s%s%s\n", p->code, o->period,
		    o->due, o->cutoff ? ", data cutoff " : "", o->cutoff ? o->cutoff : "");
		break;
	case CY_CALL_SAME:
		printf("unchanged: the data call for %s %s is open, figures due %s\n", p->code,
		    o->period, o->due);
		break;
	case CY_CALL_CHANGED:
		printf("changed the data call for %s %s: figures due %s (was %s; kept as a change)\n",
		    p->code, o->period, o->due, old[0].due);
		break;
	case CY_CALL_REOPENED:
		printf("reopened the data call for %s %s: figures due %s\n", p->code, o->period,
		    o->due);
		break;
	}
	cy_calls_free(old, n);
	return 0;
}

static int
call_close(struct cmd_ctx *ctx, struct store *st, const struct catalog *cat,
    const struct call_opts *o, struct kp_err *e)
{
	const struct program *p;
	struct period per;
	int rc;

	if (program_period(ctx, cat, o, "close", &p, &per, e) < 0)
		return -1;
	if (store_begin(st, e) < 0 || (rc = store_call_close(st, p->code, o->period, o->by, e)) < 0 ||
	    store_commit(st, e) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no open data call for %s %s ('kpistat call status' "
		    "lists the calls)", p->code, o->period);
	printf("closed the data call for %s %s\n", p->code, o->period);
	return 0;
}

/* ---- status ---- */

static const char *
dept_head(const struct dc_dept *d)
{
	return d->d && d->d->head ? d->d->head : "";
}

static const char *
dept_name(const struct dc_dept *d)
{
	return d->d && d->d->name ? d->d->name : d->d ? d->d->code : "";
}

/* The figures of department d that pass `pick`, as "code period" joined by "; ". */
static void
join_figs(const struct datacall *dc, const struct dc_dept *d,
    int (*pick)(const struct dc_figure *), struct buf *b)
{
	char per[PERIOD_STRLEN];

	buf_reset(b);
	for (size_t i = d->first; i < d->first + d->n; i++)
		if (pick(&dc->fig[i]))
			buf_addf(b, "%s%s %s", b->len ? "; " : "", dc->fig[i].m->code,
			    period_format(&dc->fig[i].period, per));
}

static int pick_missing(const struct dc_figure *f) { return f->state == DC_MISSING; }
static int pick_late(const struct dc_figure *f) { return f->late; }
static int pick_stale(const struct dc_figure *f) { return f->state == DC_STALE; }

static void
print_table(const struct datacall *dc, const struct cy_call *c)
{
	char per[PERIOD_STRLEN], v[64];
	int any;

	if (c != NULL)
		printf("Data call %s %s: figures due %s%s%s; %s (opened %.10s%s%s)\n", c->program,
		    c->period, c->due, c->cutoff ? ", cutoff " : "", c->cutoff ? c->cutoff : "",
		    c->closed_at ? "closed" : "open", c->opened_at, c->opened_by ? " by " : "",
		    c->opened_by ? c->opened_by : "");
	else
		printf("%s %s: no data call opened (nothing counts as late)\n", dc->program,
		    period_format(&dc->period, per));
	printf("%-26s %-20s %7s  %-9s %4s %5s\n", "DEPARTMENT", "HEAD", "FIGURES", "STATUS",
	    "LATE", "UNEXP");
	for (size_t i = 0; i < dc->ndept; i++) {
		const struct dc_dept *d = &dc->dept[i];
		struct buf b;
		char figs[32];

		buf_init(&b, 0);
		buf_add_fitted(&b, dept_name(d), 26);
		buf_addch(&b, ' ');
		buf_add_fitted(&b, dept_head(d), 20);
		snprintf(figs, sizeof figs, "%zu of %zu", d->submitted, d->n);
		printf("%s %7s  %-9s %4zu %5zu\n", b.s, figs, dc_dept_state_name(d->state), d->late,
		    d->unexplained);
		buf_release(&b);
	}
	for (int pass = 0; pass < 4; pass++) {
		static const char *const title[] = { "Missing", "Late (entered after the due date)",
		    "Off target without commentary", "Computed figures whose records are stale" };

		any = 0;
		for (size_t i = 0; i < dc->nfig; i++) {
			const struct dc_figure *f = &dc->fig[i];
			if (!(pass == 0 ? f->state == DC_MISSING : pass == 1 ? f->late :
			    pass == 2 ? dc_unexplained(f) : f->state == DC_STALE))
				continue;
			if (!any++)
				printf("\n%s:\n", title[pass]);
			printf("  %s %s: %s", f->m->code, period_format(&f->period, per), f->m->name);
			if (pass == 1)
				printf(", entered %.10s%s%s", f->entered_at, f->entered_by ? " by " : "",
				    f->entered_by ? f->entered_by : "");
			else if (pass == 2)
				printf(" = %s", num_format_exact(f->value, v, sizeof v));
			else if (pass == 3)
				printf(" (%s)", f->stale_why);
			printf(" [%s]\n", f->m->department);
		}
	}
}

static void
print_csv(const struct datacall *const *dcs, const struct cy_call *const *calls, size_t n)
{
	static const char *const head[] = { "program", "period", "due", "department",
	    "department_name", "head", "status", "expected", "submitted", "late", "missing",
	    "late_figures", "unexplained", "stale" };
	struct buf miss, late, unexp, stale;
	char nexp[24], nsub[24], nlate[24];

	buf_init(&miss, 0);
	buf_init(&late, 0);
	buf_init(&unexp, 0);
	buf_init(&stale, 0);
	csv_write_row(stdout, head, 14);
	for (size_t k = 0; k < n; k++) {
		const struct datacall *dc = dcs[k];
		char per[PERIOD_STRLEN];

		period_format(&dc->period, per);
		for (size_t i = 0; i < dc->ndept; i++) {
			const struct dc_dept *d = &dc->dept[i];
			const char *f[14];

			join_figs(dc, d, pick_missing, &miss);
			join_figs(dc, d, pick_late, &late);
			join_figs(dc, d, dc_unexplained, &unexp);
			join_figs(dc, d, pick_stale, &stale);
			snprintf(nexp, sizeof nexp, "%zu", d->n);
			snprintf(nsub, sizeof nsub, "%zu", d->submitted);
			snprintf(nlate, sizeof nlate, "%zu", d->late);
			f[0] = dc->program; f[1] = per; f[2] = calls[k] ? calls[k]->due : "";
			f[3] = d->d->code; f[4] = dept_name(d); f[5] = dept_head(d);
			f[6] = dc_dept_state_name(d->state); f[7] = nexp; f[8] = nsub; f[9] = nlate;
			f[10] = miss.s; f[11] = late.s; f[12] = unexp.s; f[13] = stale.s;
			csv_write_row(stdout, f, 14);
		}
	}
	buf_release(&miss);
	buf_release(&late);
	buf_release(&unexp);
	buf_release(&stale);
}

static json_t *
fig_list(const struct datacall *dc, const struct dc_dept *d, int (*pick)(const struct dc_figure *))
{
	json_t *a = json_array();
	char per[PERIOD_STRLEN];

	for (size_t i = d->first; i < d->first + d->n; i++) {
		const struct dc_figure *f = &dc->fig[i];
		json_t *o;

		if (!pick(f))
			continue;
		o = json_object();
		json_object_set_new(o, "metric", json_string(f->m->code));
		json_object_set_new(o, "name", json_string(f->m->name));
		json_object_set_new(o, "period", json_string(period_format(&f->period, per)));
		if (f->late) {
			json_object_set_new(o, "entered_at", json_string(f->entered_at));
			json_object_set_new(o, "entered_by", f->entered_by ?
			    json_string(f->entered_by) : json_null());
		}
		if (f->state == DC_STALE)
			json_object_set_new(o, "why", json_string(f->stale_why));
		json_array_append_new(a, o);
	}
	return a;
}

static int
print_json(const struct datacall *const *dcs, const struct cy_call *const *calls, size_t n)
{
	json_t *all = json_array();
	int rc;

	for (size_t k = 0; k < n; k++) {
		const struct datacall *dc = dcs[k];
		json_t *o = json_object(), *depts = json_array();
		char per[PERIOD_STRLEN];

		json_object_set_new(o, "program", json_string(dc->program));
		json_object_set_new(o, "period", json_string(period_format(&dc->period, per)));
		json_object_set_new(o, "due", calls[k] ? json_string(calls[k]->due) : json_null());
		json_object_set_new(o, "cutoff", calls[k] && calls[k]->cutoff ?
		    json_string(calls[k]->cutoff) : json_null());
		json_object_set_new(o, "state", json_string(calls[k] == NULL ? "none" :
		    calls[k]->closed_at ? "closed" : "open"));
		for (size_t i = 0; i < dc->ndept; i++) {
			const struct dc_dept *d = &dc->dept[i];
			json_t *jd = json_object();

			json_object_set_new(jd, "department", json_string(d->d->code));
			json_object_set_new(jd, "name", json_string(dept_name(d)));
			json_object_set_new(jd, "head", d->d->head ? json_string(d->d->head) : json_null());
			json_object_set_new(jd, "status", json_string(dc_dept_state_name(d->state)));
			json_object_set_new(jd, "expected", json_integer((json_int_t)d->n));
			json_object_set_new(jd, "submitted", json_integer((json_int_t)d->submitted));
			json_object_set_new(jd, "missing", fig_list(dc, d, pick_missing));
			json_object_set_new(jd, "late", fig_list(dc, d, pick_late));
			json_object_set_new(jd, "unexplained", fig_list(dc, d, dc_unexplained));
			json_object_set_new(jd, "stale", fig_list(dc, d, pick_stale));
			json_array_append_new(depts, jd);
		}
		json_object_set_new(o, "departments", depts);
		json_array_append_new(all, o);
	}
	rc = json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(all);
	return rc;
}

static int
call_status(struct store *st, const struct catalog *cat, const struct call_opts *o,
    struct kp_err *e)
{
	struct cy_call *calls = NULL;
	struct datacall *dcs = NULL;
	const struct datacall **dv = NULL;
	const struct cy_call **cv = NULL;
	const struct program *p = NULL;
	struct period per;
	size_t n = 0, nd = 0;
	int rc = -1;

	if (o->program != NULL && (p = cycle_program(cat, o->program, e)) == NULL)
		return -1;
	if (o->period != NULL) {
		if (p != NULL ? cycle_program_period(cat, p, o->period, &per, e) < 0 :
		    period_parse(o->period, &per, e) < 0)
			return -1;
	}
	if (store_calls(st, o->program, o->period, &calls, &n, e) < 0)
		return -1;
	dcs = calloc(n + 1, sizeof *dcs);
	dv = calloc(n + 1, sizeof *dv);
	cv = calloc(n + 1, sizeof *cv);
	if (dcs == NULL || dv == NULL || cv == NULL) {
		err_set(e, KP_SOFTWARE, NULL, "out of memory");
		goto out;
	}
	if (p != NULL && o->period != NULL && n == 0) {
		/* No call yet: still say where the figures stand, with nothing late. */
		if (datacall_load(st, cat, p, &per, NULL, &dcs[0], e) < 0)
			goto out;
		dv[0] = &dcs[0];
		cv[0] = NULL;
		nd = 1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct program *cp = catalog_program(cat, calls[i].program);
		struct period cper;

		/* Without a period: the open calls, or a program's latest call. */
		if (o->period == NULL && (o->program == NULL ? calls[i].closed_at != NULL : nd > 0))
			continue;
		if (cp == NULL || period_parse(calls[i].period, &cper, e) < 0)
			continue;	/* a program since removed from the catalog */
		if (datacall_load(st, cat, cp, &cper, calls[i].due, &dcs[nd], e) < 0)
			goto out;
		dv[nd] = &dcs[nd];
		cv[nd] = &calls[i];
		nd++;
	}
	if (nd == 0) {
		if (o->format == FORMAT_TABLE)
			printf("no %sdata calls%s%s%s ('kpistat call open' opens one)\n",
			    o->program || o->period ? "" : "open ", o->program ? " for " : "",
			    o->program ? o->program : "", o->period ? " in that period" : "");
		else if (o->format == FORMAT_CSV)
			print_csv(dv, cv, 0);
		else
			print_json(dv, cv, 0);
		rc = 0;
		goto out;
	}
	if (o->format == FORMAT_TABLE)
		for (size_t i = 0; i < nd; i++) {
			if (i)
				putchar('\n');
			print_table(dv[i], cv[i]);
		}
	else if (o->format == FORMAT_CSV)
		print_csv(dv, cv, nd);
	else
		print_json(dv, cv, nd);
	rc = 0;
out:
	for (size_t i = 0; i < nd; i++)
		datacall_release(&dcs[i]);
	free(dcs);
	free(dv);
	free(cv);
	cy_calls_free(calls, n);
	return rc;
}

int
cmd_call(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct call_opts o;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	const char *verb;
	int rc;

	if ((rc = parse(argc, argv, ctx, &o)) != 0)
		return rc < 0 ? KP_OK : rc;
	if (argc - optind != 1)
		return cmd_usage_error(ctx, "call", "expected one of open, status, close");
	verb = argv[optind];
	if (strcmp(verb, "open") != 0 && strcmp(verb, "status") != 0 && strcmp(verb, "close") != 0)
		return cmd_usage_error(ctx, "call", "unknown 'call %s': expected open, status or close",
		    verb);
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	err_clear(&e);
	if (strcmp(verb, "open") == 0)
		rc = call_open(ctx, st, &cat, &o, &e);
	else if (strcmp(verb, "close") == 0)
		rc = call_close(ctx, st, &cat, &o, &e);
	else
		rc = call_status(st, &cat, &o, &e);
	return cycle_finish(ctx, "call", st, &cat, rc, &e);
}
