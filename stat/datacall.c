/*
** datacall.c: where a program period's data call stands (see datacall.h).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/datacall.h"
#include "kpistat/store_cycle.h"
#include "kpistat/store_events.h"
#include "kpistat/xmalloc.h"

const char *
dc_state_name(enum dc_state s)
{
	return s == DC_SUBMITTED ? "submitted" : s == DC_MISSING ? "missing" : "stale";
}

const char *
dc_dept_state_name(enum dc_dept_state s)
{
	return s == DC_DEPT_SUBMITTED ? "submitted" : s == DC_DEPT_PARTIAL ? "partial" : "missing";
}

int
dc_unexplained(const struct dc_figure *f)
{
	return f->state == DC_SUBMITTED && f->level == STATUS_OFF && !f->explained;
}

/* The first entry of the whole-city figure: who, when, and whether it carries a note. */
struct first_entry {
	char	 at[32];
	char	*by;
	int	 noted;
};

static int
on_entry(void *arg, const struct store_row *r)
{
	struct first_entry *fe = arg;

	if (r->is_revision || r->withdrawn)
		return 0;
	snprintf(fe->at, sizeof fe->at, "%s", r->at ? r->at : "");
	fe->by = r->by ? xstrdup(r->by) : NULL;
	fe->noted = r->note != NULL && *r->note != '\0';
	return 1;
}

/* A computed metric's figure is in when its records reach the period; else say how far. */
static int
computed_state(struct store *st, const struct catalog *cat, struct dc_figure *f,
    struct kp_err *e)
{
	const struct compute *k = f->m->compute;
	const struct dataset *d = catalog_dataset(cat, k->dataset);
	const char *col = k->period_by ? k->period_by : k->from;
	const struct ds_column *c = d && col ? catalog_column(d, col) : NULL;
	struct ev_info info;
	long long lo = 0, hi = 0;
	long day;
	int rc, y, mo, dd;
	char buf[64];

	if (c == NULL)
		return 0;	/* the catalog check makes this impossible; nothing to say */
	if (store_ev_info(st, d, &info, e) < 0)
		return -1;
	if (!info.exists || info.records == 0)
		rc = 0;		/* never imported (or emptied): no records table to read */
	else if ((rc = store_ev_span(st, d, col, &lo, &hi, e)) < 0)
		return -1;
	if (rc == 0) {
		f->state = DC_STALE;
		snprintf(buf, sizeof buf, "%s has no records", d->name);
		f->stale_why = xstrdup(buf);
		return 0;
	}
	day = c->type == COL_DATETIME ? (long)floor((double)hi / 86400.0) : (long)hi;
	if (day >= period_first_day(&f->period, cat->fy_start))
		return 0;
	f->state = DC_STALE;
	period_civil_from_days(day, &y, &mo, &dd);
	snprintf(buf, sizeof buf, "latest record in %s: %04d-%02d-%02d", d->name, y, mo, dd);
	f->stale_why = xstrdup(buf);
	return 0;
}

static int
load_figure(struct store *st, const struct catalog *cat, const char *due, struct dc_figure *f,
    struct kp_err *e)
{
	struct first_entry fe = { "", NULL, 0 };
	struct cy_comment *cm = NULL;
	struct status_row sr;
	struct series s;
	char per[PERIOD_STRLEN];
	size_t ncm = 0;
	int rc;

	period_format(&f->period, per);
	if (store_series(st, f->m->code, "", &s, e) < 0)
		return -1;
	status_compute(f->m, &s, &f->period, cat->fy_start, &sr);
	series_release(&s);
	f->level = sr.level;
	f->value = sr.value;
	/* Computed figures are the office's to make: the records decide (computed_state). */
	f->state = sr.has_value || f->m->compute != NULL ? DC_SUBMITTED : DC_MISSING;
	if (sr.has_value) {
		if ((rc = store_history(st, f->m->code, "", per, on_entry, &fe, e)) < 0)
			return -1;
		snprintf(f->entered_at, sizeof f->entered_at, "%s", fe.at);
		f->entered_by = fe.by;
		f->late = due != NULL && fe.at[0] != '\0' && strncmp(fe.at, due, 10) > 0;
		if (store_comments(st, f->m->code, per, "", 0, &cm, &ncm, e) < 0)
			return -1;
		f->explained = fe.noted || ncm > 0;
		cy_comments_free(cm, ncm);
	}
	if (f->m->compute != NULL && computed_state(st, cat, f, e) < 0)
		return -1;
	return 0;
}

/* The department of code `code`, or a stub made for it (a metric of a removed department). */
static const struct department *
dept_of(const struct catalog *cat, struct datacall *dc, const char *code)
{
	const struct department *d = catalog_dept(cat, code);

	if (d != NULL)
		return d;
	for (size_t i = 0; i < dc->nstubs; i++)
		if (strcmp(dc->stubs[i].code, code) == 0)
			return &dc->stubs[i];
	return NULL;
}

void
datacall_plan(const struct catalog *cat, const struct program *p, const struct period *period,
    const char *due, struct datacall *out)
{
	const struct metric **ms = xcalloc(p->nmetrics + 1, sizeof *ms);
	size_t nm = 0, k = 0, capstubs = 0;

	memset(out, 0, sizeof *out);
	snprintf(out->program, sizeof out->program, "%s", p->code);
	out->period = *period;
	out->due = due ? xstrdup(due) : NULL;
	for (size_t i = 0; i < p->nmetrics; i++) {
		const struct metric *m = catalog_metric(cat, p->metrics[i]);

		if (m != NULL && !m->retired)
			ms[nm++] = m;
	}
	out->fig = xcalloc(nm + 1, sizeof *out->fig);
	out->dept = xcalloc(nm + 1, sizeof *out->dept);
	out->stubs = NULL;
	/* Group by department in the order departments first appear in the program. */
	for (size_t i = 0; i < nm; i++) {
		struct dc_dept *dd;
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(ms[j]->department, ms[i]->department) == 0;
		if (seen)
			continue;
		if (catalog_dept(cat, ms[i]->department) == NULL) {
			out->stubs = xgrow(out->stubs, &capstubs, out->nstubs + 1, sizeof *out->stubs);
			memset(&out->stubs[out->nstubs], 0, sizeof *out->stubs);
			out->stubs[out->nstubs++].code = xstrdup(ms[i]->department);
		}
		dd = &out->dept[out->ndept++];
		dd->first = k;
		for (size_t j = i; j < nm; j++)
			if (strcmp(ms[j]->department, ms[i]->department) == 0)
				out->fig[k++].m = ms[j];
		dd->n = k - dd->first;
	}
	out->nfig = k;
	for (size_t i = 0; i < out->ndept; i++)
		out->dept[i].d = dept_of(cat, out, out->fig[out->dept[i].first].m->department);
	for (size_t i = 0; i < out->nfig; i++) {
		struct dc_figure *f = &out->fig[i];

		f->period = period_last_complete(period_freq_kind(f->m->freq), period, cat->fy_start);
		f->state = DC_MISSING;
	}
	free(ms);
}

int
datacall_load(struct store *st, const struct catalog *cat, const struct program *p,
    const struct period *period, const char *due, struct datacall *out, struct kp_err *e)
{
	datacall_plan(cat, p, period, due, out);
	for (size_t i = 0; i < out->ndept; i++) {
		struct dc_dept *dd = &out->dept[i];

		for (size_t j = dd->first; j < dd->first + dd->n; j++) {
			if (load_figure(st, cat, due, &out->fig[j], e) < 0) {
				datacall_release(out);
				return -1;
			}
			dd->submitted += out->fig[j].state == DC_SUBMITTED;
			dd->late += out->fig[j].late;
			dd->unexplained += (size_t)dc_unexplained(&out->fig[j]);
		}
		dd->state = dd->submitted == dd->n ? DC_DEPT_SUBMITTED :
		    dd->submitted > 0 ? DC_DEPT_PARTIAL : DC_DEPT_MISSING;
	}
	return 0;
}

void
datacall_release(struct datacall *dc)
{
	for (size_t i = 0; i < dc->nfig; i++) {
		free(dc->fig[i].entered_by);
		free(dc->fig[i].stale_why);
	}
	free(dc->fig);
	free(dc->dept);
	for (size_t i = 0; i < dc->nstubs; i++)
		free(dc->stubs[i].code);
	free(dc->stubs);
	free(dc->due);
	memset(dc, 0, sizeof *dc);
}
