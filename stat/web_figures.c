/*
** web_figures.c: "My figures", a department user's page: for each open data call, the
** department's figures the call expects, with last period's value, the target and the unit;
** an input per figure entered by hand (computed ones read only, locked ones read only), a
** commentary box required when the figure is off target, a reason asked for when a submitted
** figure changes. The checks are the command line's: entry_check for the value, the store's
** revision and lock rules, commentary as `kpistat comment` takes it. Nothing is written unless
** every field of the form passes; each write carries the user's name as `by`.
**
** The performance office gets the same page for any department it picks (/figures?dept=CODE,
** or a list of departments to pick from): offices key in what a department sent by mail, and
** correct what was entered wrong. Its writes carry the office user's name.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/datacall.h"
#include "kpistat/entry.h"
#include "kpistat/html.h"
#include "kpistat/num.h"
#include "kpistat/status.h"
#include "kpistat/store_cycle.h"
#include "kpistat/store_events.h"
#include "kpistat/text.h"
#include "kpistat/xmalloc.h"
#include "web_int.h"

struct fig {
	const struct metric *m;
	struct period	 per;
	char		 pers[PERIOD_STRLEN];
	int		 has_value, has_prev, has_target;
	double		 value, prev, target;
	enum status_level level;
	char		*comment;		/* current commentary, or NULL */
	int		 locked;
	char		 lock_prog[64], lock_per[16];
	char		 imported_at[32];	/* computed: its dataset's last import */
	const char	*tv, *tc, *tr;		/* typed value, commentary, reason (POST) */
	char		 ev[1100], ec[400], er[400];	/* errors by field */
	char		 saved[200];
};

struct call {
	struct cy_call	*c;
	const struct program *p;
	struct fig	*f;
	size_t		 n;
};

static const struct metric *
metric_of(const struct catalog *cat, const char *code)
{
	for (size_t i = 0; i < cat->nmetrics; i++)
		if (strcmp(cat->metrics[i].code, code) == 0)
			return &cat->metrics[i];
	return NULL;
}

static const struct dataset *
dataset_of(const struct catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->ndatasets; i++)
		if (strcmp(cat->datasets[i].name, name) == 0)
			return &cat->datasets[i];
	return NULL;
}

/* Where figure f stands: value, previous, target, commentary, lock. */
static int
load_fig(struct store *st, const struct catalog *cat, struct fig *f, struct kp_err *e)
{
	struct cy_comment *cm = NULL;
	struct status_row row;
	struct series s;
	size_t ncm = 0;
	long k = period_key(&f->per);
	int rc;

	period_format(&f->per, f->pers);
	if (store_series(st, f->m->code, "", &s, e) < 0)
		return -1;
	status_compute(f->m, &s, &f->per, cat->fy_start, &row);
	f->has_value = row.has_value;
	f->value = row.value;
	f->has_target = row.has_target;
	f->target = row.target;
	f->level = row.level;
	for (size_t i = 0; i < s.n; i++)
		if (period_key(&s.periods[i]) == k - 1) {
			f->has_prev = 1;
			f->prev = s.values[i];
		}
	series_release(&s);
	if (store_comments(st, f->m->code, f->pers, "", 0, &cm, &ncm, e) < 0)
		return -1;
	if (ncm > 0)
		f->comment = xstrdup(cm[ncm - 1].text);
	cy_comments_free(cm, ncm);
	if ((rc = store_figure_lock(st, f->m->code, f->pers, f->lock_prog, f->lock_per, e)) < 0)
		return -1;
	f->locked = rc;
	if (f->m->computed && f->m->compute != NULL) {
		const struct dataset *d = dataset_of(cat, f->m->compute->dataset);
		struct ev_info info;

		if (d != NULL && store_ev_info(st, d, &info, e) == 0)
			snprintf(f->imported_at, sizeof f->imported_at, "%s", info.imported_at);
	}
	return 0;
}

static void
calls_free(struct call *v, size_t n, struct cy_call *cv, size_t ncv)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < v[i].n; j++)
			free(v[i].f[j].comment);
		free(v[i].f);
	}
	free(v);
	cy_calls_free(cv, ncv);
}

/* The open calls with the department's figures in each. */
static int
load_calls(struct store *st, const struct catalog *cat, const char *dept, struct cy_call **cv,
    size_t *ncv, struct call **out, size_t *n, struct kp_err *e)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (store_calls(st, NULL, NULL, cv, ncv, e) < 0)
		return -1;
	for (size_t i = 0; i < *ncv; i++) {
		struct cy_call *c = &(*cv)[i];
		const struct program *p = NULL;
		struct datacall dc;
		struct period per;
		struct call *cl;

		for (size_t j = 0; j < cat->nprograms; j++)
			if (strcmp(cat->programs[j].code, c->program) == 0)
				p = &cat->programs[j];
		if (c->closed_at != NULL || p == NULL || period_parse(c->period, &per, e) < 0)
			continue;
		datacall_plan(cat, p, &per, c->due, &dc);	/* the figures asked: no state needed */
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		cl = &(*out)[(*n)++];
		memset(cl, 0, sizeof *cl);
		cl->c = c;
		cl->p = p;
		for (size_t d = 0; d < dc.ndept; d++) {
			const struct dc_dept *dd = &dc.dept[d];

			if (strcmp(dd->d->code, dept) != 0)
				continue;
			cl->f = xcalloc(dd->n ? dd->n : 1, sizeof *cl->f);
			for (size_t j = 0; j < dd->n; j++) {
				cl->f[j].m = dc.fig[dd->first + j].m;
				cl->f[j].per = dc.fig[dd->first + j].period;
			}
			cl->n = dd->n;
		}
		datacall_release(&dc);
		for (size_t j = 0; j < cl->n; j++)
			if (load_fig(st, cat, &cl->f[j], e) < 0)
				return -1;
	}
	return 0;
}

static struct fig *
fig_of(struct call *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->f[i].m->code, code) == 0)
			return &c->f[i];
	return NULL;
}

static const char *
fmt(double v, char *buf, size_t n)
{
	return num_format_exact(v, buf, n);
}

/* ---- rendering ---- */

static void
field_error(struct buf *b, const char *id, const char *code, const char *msg)
{
	if (msg[0] == '\0')
		return;
	html_lit(b, "<p class=\"error\" id=\"%s-", id);
	html_esc(b, code);
	html_lit(b, "\">");
	html_esc(b, msg);
	html_lit(b, "</p>\n");
}

/* The attributes tying an input to its error: aria-invalid and aria-describedby. */
static void
invalid_attrs(struct buf *b, const char *id, const char *code, const char *msg)
{
	if (msg[0] == '\0')
		return;
	html_lit(b, " aria-invalid=\"true\" aria-describedby=\"%s-", id);
	html_esc(b, code);
	html_lit(b, "\"");
}

static void
render_fig(struct buf *b, const struct fig *f, int office)
{
	const char *code = f->m->code, *unit = f->m->unit;
	char v[64];

	html_lit(b, "<section class=\"metric\" aria-labelledby=\"h-");
	html_esc(b, code);
	html_lit(b, "\">\n<h3 id=\"h-");
	html_esc(b, code);
	html_lit(b, "\">");
	html_esc(b, f->m->name);
	html_lit(b, "</h3>\n<p class=\"facts\">");
	html_esc(b, code);
	html_lit(b, ", %s", f->pers);
	if (unit[0]) {
		html_lit(b, ", in ");
		html_esc(b, unit);
	}
	html_lit(b, ". Target: %s.", f->has_target ? fmt(f->target, v, sizeof v) : "none");
	html_lit(b, " Previous period: %s.", f->has_prev ? fmt(f->prev, v, sizeof v) : "none");
	if (f->has_value)
		html_lit(b, " Submitted: %s (%s%s).", fmt(f->value, v, sizeof v),
		    status_level_name(f->level), f->level == STATUS_ON || f->level == STATUS_OFF ||
		    f->level == STATUS_NEAR ? " target" : "");
	html_lit(b, "</p>\n");
	if (f->saved[0]) {
		html_lit(b, "<p class=\"saved\">");
		html_esc(b, f->saved);
		html_lit(b, "</p>\n");
	}
	if (f->m->computed || f->locked) {
		html_lit(b, "<p class=\"locked\">");
		if (f->m->computed) {
			html_lit(b, "Computed from the records of ");
			html_esc(b, f->m->compute ? f->m->compute->dataset : "its dataset");
			html_lit(b, ", last imported ");
			html_esc(b, f->imported_at[0] ? f->imported_at : "never");
			html_lit(b, ": not entered here.");
		} else {
			html_lit(b, "Locked (");
			html_esc(b, f->lock_prog);
			html_lit(b, " %s): read only. %s", f->lock_per, office ? "A locked figure "
			    "changes only with a reason: 'kpistat record ... --reason TEXT'." :
			    "Ask the performance office to change it.");
		}
		html_lit(b, "</p>\n");
		if (f->comment) {
			html_lit(b, "<p>Commentary: ");
			html_esc(b, f->comment);
			html_lit(b, "</p>\n");
		}
		html_lit(b, "</section>\n");
		return;
	}
	html_lit(b, "<label for=\"v-");
	html_esc(b, code);
	html_lit(b, "\">Figure for %s%s", f->pers, unit[0] ? " (" : "");
	html_esc(b, unit);
	html_lit(b, "%s</label>\n<input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" "
	    "id=\"v-", unit[0] ? ")" : "");
	html_esc(b, code);
	html_lit(b, "\" name=\"v.");
	html_esc(b, code);
	html_lit(b, "\" value=\"");
	html_esc(b, f->tv ? f->tv : f->has_value ? fmt(f->value, v, sizeof v) : "");
	html_lit(b, "\"");
	invalid_attrs(b, "ev", code, f->ev);
	html_lit(b, ">\n");
	field_error(b, "ev", code, f->ev);
	html_lit(b, "<label for=\"c-");
	html_esc(b, code);
	html_lit(b, "\">Commentary (required when off target)</label>\n<textarea id=\"c-");
	html_esc(b, code);
	html_lit(b, "\" name=\"c.");
	html_esc(b, code);
	html_lit(b, "\"");
	invalid_attrs(b, "ec", code, f->ec);
	html_lit(b, ">");
	html_esc(b, f->tc ? f->tc : f->comment);
	html_lit(b, "</textarea>\n");
	field_error(b, "ec", code, f->ec);
	if (f->has_value) {
		html_lit(b, "<label for=\"r-");
		html_esc(b, code);
		html_lit(b, "\">Reason for a change</label>\n<p class=\"hint\" id=\"hr-");
		html_esc(b, code);
		html_lit(b, "\">Needed only if you change the figure already submitted (%s).</p>\n"
		    "<input type=\"text\" id=\"r-", fmt(f->value, v, sizeof v));
		html_esc(b, code);
		html_lit(b, "\" name=\"r.");
		html_esc(b, code);
		html_lit(b, "\" value=\"");
		html_esc(b, f->tr);
		html_lit(b, "\" aria-describedby=\"hr-");
		html_esc(b, code);
		if (f->er[0]) {
			html_lit(b, " er-");
			html_esc(b, code);
			html_lit(b, "\" aria-invalid=\"true");
		}
		html_lit(b, "\">\n");
		field_error(b, "er", code, f->er);
	}
	html_lit(b, "</section>\n");
}

static void
render(struct web_req *r, const struct department *d, struct call *cv, size_t n,
    const char *banner)
{
	struct buf *b = &r->body;
	int office = r->sess.role == ROLE_OFFICE;

	buf_reset(b);
	if (office) {
		char title[300];

		snprintf(title, sizeof title, "Figures of %s", d->name ? d->name : d->code);
		web_page_begin(r, title);
		html_lit(b, "<p>You enter these for the department: they are saved under your "
		    "name. <a href=\"/figures\">Another department</a></p>\n");
	} else
		web_page_begin(r, "My figures");
	if (banner != NULL) {
		html_lit(b, "<p class=\"%s\" role=\"%s\">", r->status == 200 ? "saved" : "error",
		    r->status == 200 ? "status" : "alert");
		html_esc(b, banner);
		html_lit(b, "</p>\n");
	}
	if (n == 0)
		html_lit(b, "<p>No data call is open: nothing to enter just now.</p>\n");
	for (size_t i = 0; i < n; i++) {
		struct call *c = &cv[i];
		int editable = 0;

		html_lit(b, "<h2>");
		html_esc(b, c->p->title);
		html_lit(b, " ");
		html_esc(b, c->c->period);
		html_lit(b, ": figures due ");
		html_esc(b, c->c->due);
		html_lit(b, "</h2>\n");
		if (c->n == 0) {
			html_lit(b, "<p>This call asks nothing of %s department.</p>\n",
			    office ? "this" : "your");
			continue;
		}
		html_lit(b, "<form method=\"post\" action=\"/figures\" novalidate>\n");
		web_csrf_field(r);
		if (office) {
			html_lit(b, "<input type=\"hidden\" name=\"dept\" value=\"");
			html_esc(b, d->code);
			html_lit(b, "\">\n");
		}
		html_lit(b, "<input type=\"hidden\" name=\"call\" value=\"%lld\">\n", c->c->id);
		for (size_t j = 0; j < c->n; j++) {
			render_fig(b, &c->f[j], office);
			editable += !c->f[j].m->computed && !c->f[j].locked;
		}
		if (editable)
			html_lit(b, "<button type=\"submit\">Save these figures</button>\n");
		html_lit(b, "</form>\n");
	}
	web_page_end(r);
}

/* ---- saving ---- */

/* Take the form's fields into the call's figures; a status other than 0 refuses it whole. */
static int
take_fields(struct web_req *r, const struct catalog *cat, struct call *c, const char **why)
{
	for (size_t i = 0; i < r->form.n; i++) {
		const char *name = r->form.f[i].name, *val = r->form.f[i].value;
		struct fig *f;

		if (strcmp(name, "csrf") == 0 || strcmp(name, "call") == 0 ||
		    (strcmp(name, "dept") == 0 && r->sess.role == ROLE_OFFICE))
			continue;
		if (strlen(name) < 3 || name[1] != '.' || strchr("vcr", name[0]) == NULL) {
			*why = "The form has a field this page does not have.";
			return 400;
		}
		if ((f = fig_of(c, name + 2)) == NULL) {
			if (metric_of(cat, name + 2) == NULL) {
				*why = "No such metric.";
				return 400;
			}
			*why = r->sess.role == ROLE_OFFICE ? "That figure is not this department's, "
			    "or not in this data call." : "That figure is not your department's, or "
			    "not in this data call.";
			return 403;
		}
		if (f->m->computed && name[0] != 'c') {
			*why = "A computed figure comes from its records, not from this form.";
			return 403;
		}
		if (f->locked) {
			*why = "That period is locked: its figures are read only. Ask the "
			    "performance office.";
			return 409;
		}
		if (name[0] == 'v')
			f->tv = val;
		else if (name[0] == 'c')
			f->tc = val;
		else
			f->tr = val;
	}
	return 0;
}

/* Check every field; 1 when all pass. */
static int
check_fields(const struct catalog *cat, struct call *c, struct figure *out)
{
	int ok = 1;

	for (size_t i = 0; i < c->n; i++) {
		struct fig *f = &c->f[i];
		enum entry_field bad;
		struct kp_err e;
		int has_new = 0;
		double v = f->value;
		char a[64], t[64];

		out[i].metric = NULL;
		if (f->tv != NULL && !web_blank(f->tv)) {
			if (entry_check(cat, f->m->code, f->pers, f->tv, "", NULL, &out[i], &bad,
			    &e) < 0) {
				snprintf(f->ev, sizeof f->ev, "%s", e.msg);
				ok = 0;
				continue;
			}
			has_new = 1;
			v = out[i].value;
		}
		if (f->tc != NULL && text_count(f->tc, strlen(f->tc)) > WEB_COMMENT_MAX) {
			snprintf(f->ec, sizeof f->ec, "The commentary is too long: at most %d "
			    "characters (a paragraph).", WEB_COMMENT_MAX);
			ok = 0;
		}
		/* A reason is kept with the revision: the same limit as `--reason`. */
		if (f->tr != NULL && text_count(f->tr, strlen(f->tr)) > WEB_COMMENT_MAX) {
			snprintf(f->er, sizeof f->er, "The reason is too long: at most %d characters "
			    "(a paragraph).", WEB_COMMENT_MAX);
			ok = 0;
		}
		/* Off target needs commentary: what is typed, or the current one when the form
		** leaves the box out. */
		if (has_new && f->has_target && (f->tc ? web_blank(f->tc) : f->comment == NULL)) {
			struct status_row row;
			char *no_note = NULL;
			struct series s = { &f->per, &v, &no_note, 1 };

			status_compute(f->m, &s, &f->per, cat->fy_start, &row);
			if (row.level == STATUS_OFF) {
				snprintf(f->ec, sizeof f->ec, "%s is off target (%s): say in a sentence "
				    "what drove it and what is being done.", fmt(v, a, sizeof a),
				    fmt(f->target, t, sizeof t));
				ok = 0;
			}
		}
		if (has_new && f->has_value && v != f->value && web_blank(f->tr)) {
			snprintf(f->er, sizeof f->er, "You changed the submitted figure from %s to %s: "
			    "give the reason (it is kept with the revision).",
			    fmt(f->value, a, sizeof a), fmt(v, t, sizeof t));
			ok = 0;
		}
	}
	return ok;
}

struct write_job {
	struct web_req	*r;
	struct call	*c;
	struct figure	*fv;
};

/*
** Write the checked figures and commentary (a web_write job, inside its transaction): 0 done,
** 409 locked meanwhile, 422 a field failed in the store, 503 the store failed.
*/
static int
write_fields(void *arg, struct store *st)
{
	struct write_job *job = arg;
	struct web_req *r = job->r;
	struct call *c = job->c;
	struct figure *fv = job->fv;
	struct kp_err e;
	char a[64], t[64];

	for (size_t i = 0; i < c->n; i++) {
		struct fig *f = &c->f[i];
		enum cy_comment_outcome co;
		enum store_outcome out;
		double old = 0;

		if (fv[i].metric != NULL) {
			fv[i].by = r->sess.user;
			fv[i].origin = "entered";
			if (store_record(st, &fv[i], web_blank(f->tr) ? NULL : f->tr, &out, &old,
			    &e) < 0)
				goto fail;
			if (out == STORE_LOCKED)
				goto locked;
			if (out == STORE_NEEDS_REASON) {
				snprintf(f->er, sizeof f->er, "You changed the submitted figure: give "
				    "the reason.");
				return 422;
			}
			snprintf(f->saved, sizeof f->saved, out == STORE_SAME ? "Unchanged: %s." :
			    out == STORE_REVISED ? "Saved: revised from %s to %s." : "Saved: %s.",
			    out == STORE_REVISED ? fmt(old, a, sizeof a) : fmt(fv[i].value, t, sizeof t),
			    fmt(fv[i].value, t, sizeof t));
		}
		if (!web_blank(f->tc) && (f->comment == NULL || strcmp(f->comment, f->tc) != 0)) {
			if (store_comment_put(st, f->m->code, &f->per, "", f->tc, r->sess.user, NULL, &co,
			    &e) < 0)
				goto fail;
			if (co == CY_COMMENT_LOCKED)
				goto locked;
			snprintf(f->saved + strlen(f->saved), sizeof f->saved - strlen(f->saved),
			    "%sCommentary saved.", f->saved[0] ? " " : "");
		}
	}
	return 0;
locked:
	return 409;
fail:
	fprintf(stderr, "kpistat: %s\n", e.msg);
	return 503;
}

/* The office's list of departments to enter figures for. */
static void
choose_dept(struct web_req *r, const struct catalog *cat)
{
	struct buf *b = &r->body;

	web_page_begin(r, "Enter figures");
	html_lit(b, "<p>Pick the department whose figures you enter or correct:</p>\n<ul>\n");
	for (size_t i = 0; i < cat->ndepts; i++) {
		html_lit(b, "<li><a href=\"/figures?dept=");
		html_esc(b, cat->depts[i].code);	/* codes are URL-safe (ck_valid_code) */
		html_lit(b, "\">");
		html_esc(b, cat->depts[i].name ? cat->depts[i].name : cat->depts[i].code);
		html_lit(b, "</a></li>\n");
	}
	html_lit(b, "</ul>\n");
	web_page_end(r);
}

/*
** Whose figures the page is about: a department user's own department; for the office, the
** one it picked (?dept= on a GET, the form's dept on a POST). NULL with a page set (the list
** to pick from, or an error) when there is none.
*/
static const struct department *
page_dept(struct web_req *r, const struct catalog *cat)
{
	const char *code = r->sess.dept;
	const struct department *d;
	int post = strcmp(r->method, "POST") == 0;

	if (r->sess.role == ROLE_OFFICE) {
		if (post && form_count(&r->form, "dept") != 1) {
			web_message(r, 400, "Bad form", "The form does not say which department it "
			    "is for: nothing was saved.");
			return NULL;
		}
		code = post ? form_get(&r->form, "dept") : r->arg_dept;
		if (code == NULL) {
			choose_dept(r, cat);
			return NULL;
		}
	}
	if ((d = catalog_dept(cat, code)) == NULL)
		web_message(r, 404, "No such department", "There is no department with that code "
		    "in the catalog.");
	return d;
}

void
web_figures(struct web_req *r)
{
	struct cy_call *cv = NULL;
	struct call *calls = NULL, *c = NULL;
	struct figure *fv = NULL;
	size_t ncv = 0, n = 0;
	const char *why = NULL;
	long long id;
	const struct department *d;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	int rc;

	if (web_open(r, &st, &cat) < 0)
		return;
	err_clear(&e);
	if ((d = page_dept(r, &cat)) == NULL)
		goto done;
	if (load_calls(st, &cat, d->code, &cv, &ncv, &calls, &n, &e) < 0) {
		fprintf(stderr, "kpistat: %s\n", e.msg);
		web_message(r, 503, "Not available", "The data call cannot be read just now.");
		goto done;
	}
	if (strcmp(r->method, "GET") == 0) {
		render(r, d, calls, n, NULL);
		goto done;
	}
	/* Exactly one call ID, written as the page writes it ("2x" or " 2" is no call). */
	if (form_count(&r->form, "call") == 1 && web_id(form_get(&r->form, "call"), &id) == 0)
		for (size_t i = 0; i < n; i++)
			if (id == calls[i].c->id)
				c = &calls[i];
	if (c == NULL) {
		web_message(r, 409, "Data call closed", "That data call is closed or does not exist: "
		    "nothing was saved.");
		goto done;
	}
	if ((rc = take_fields(r, &cat, c, &why)) != 0) {
		web_message(r, rc, rc == 403 ? "Not yours" : rc == 409 ? "Locked" : "Bad form", why);
		goto done;
	}
	fv = xcalloc(c->n ? c->n : 1, sizeof *fv);
	if (!check_fields(&cat, c, fv)) {
		r->status = 422;
		render(r, d, calls, n, "Nothing was saved: see the fields marked below.");
		goto done;
	}
	{
		struct write_job job = { r, c, fv };

		rc = web_write(st, write_fields, &job);
	}
	if (rc == 409)
		web_message(r, 409, "Locked", "The period was locked while you typed: nothing was "
		    "saved. Ask the performance office.");
	else if (rc == 503)
		web_message(r, 503, "Not saved", "The store could not save just now: nothing was "
		    "saved; try again.");
	else {
		/* Show what the store holds now. */
		for (size_t i = 0; i < c->n; i++) {
			free(c->f[i].comment);
			c->f[i].comment = NULL;
			if (rc == 0) {
				c->f[i].tv = c->f[i].tc = c->f[i].tr = NULL;
				if (load_fig(st, &cat, &c->f[i], &e) < 0)
					break;
			}
		}
		r->status = rc == 0 ? 200 : 422;
		render(r, d, calls, n, rc == 0 ? "Saved. What the store now holds is shown below." :
		    "Nothing was saved: see the fields marked below.");
	}
done:
	free(fv);
	calls_free(calls, n, cv, ncv);
	web_close(st, &cat);
}
