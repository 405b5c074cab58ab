/*
** web_pages.c: the office's data call page, a department's follow-ups (with the update rules
** of `kpistat action update`), and the read-only status table.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/action_rules.h"
#include "kpistat/analysis.h"
#include "kpistat/datacall.h"
#include "kpistat/html.h"
#include "kpistat/num.h"
#include "kpistat/status.h"
#include "kpistat/store_cycle.h"
#include "kpistat/xmalloc.h"
#include "web_int.h"

/* ---- the data call (office) ---- */

static void
call_section(struct buf *b, const struct datacall *dc, const struct cy_call *c,
    const struct program *p)
{
	char per[PERIOD_STRLEN], v[64];

	html_lit(b, "<h2>");
	html_esc(b, p->title);
	html_lit(b, " %s: figures due ", period_format(&dc->period, per));
	html_esc(b, c->due);
	html_lit(b, "</h2>\n<div class=\"tbl\"><table>\n<thead><tr><th scope=\"col\">Department "
	    "and head</th><th scope=\"col\">Figures in</th><th scope=\"col\">Status</th>"
	    "<th scope=\"col\">Late</th><th scope=\"col\">Unexplained</th></tr>"
	    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < dc->ndept; i++) {
		const struct dc_dept *d = &dc->dept[i];

		html_lit(b, "<tr><th scope=\"row\"><a href=\"#d-%s-", p->code);
		html_esc(b, d->d->code);
		html_lit(b, "\">");
		html_esc(b, d->d->name ? d->d->name : d->d->code);
		html_lit(b, "</a><br><span class=\"head\">");
		html_esc(b, d->d->head);
		html_lit(b, "</span></th><td class=\"nw\">%zu of %zu</td><td>%s</td><td>%zu</td>"
		    "<td>%zu</td></tr>\n", d->submitted, d->n, dc_dept_state_name(d->state), d->late,
		    d->unexplained);
	}
	html_lit(b, "</tbody></table></div>\n<p class=\"hint\">Late: entered after the due date. "
	    "Unexplained: off target without commentary.</p>\n");
	for (size_t i = 0; i < dc->ndept; i++) {
		const struct dc_dept *d = &dc->dept[i];

		html_lit(b, "<h3 id=\"d-%s-", p->code);
		html_esc(b, d->d->code);
		html_lit(b, "\">");
		html_esc(b, d->d->name ? d->d->name : d->d->code);
		html_lit(b, "</h3>\n<p><a href=\"/figures?dept=");
		html_esc(b, d->d->code);	/* codes are URL-safe (ck_valid_code) */
		html_lit(b, "\">Enter or correct these figures</a></p>\n<ul>\n");
		for (size_t j = d->first; j < d->first + d->n; j++) {
			const struct dc_figure *f = &dc->fig[j];

			html_lit(b, "<li>");
			html_esc(b, f->m->name);
			html_lit(b, " (%s): %s", period_format(&f->period, per), dc_state_name(f->state));
			if (f->state == DC_SUBMITTED) {
				html_lit(b, ", %s, %s%s", num_format_exact(f->value, v, sizeof v),
				    status_level_name(f->level), f->level == STATUS_ON ||
				    f->level == STATUS_NEAR || f->level == STATUS_OFF ? " target" : "");
				if (f->entered_by) {
					html_lit(b, ", by ");
					html_esc(b, f->entered_by);
				}
			}
			if (f->late)
				html_lit(b, ", late (entered %.10s)", f->entered_at);
			if (dc_unexplained(f))
				html_lit(b, ", <strong>off target without commentary</strong>");
			if (f->stale_why) {
				html_lit(b, " (");
				html_esc(b, f->stale_why);
				html_lit(b, ")");
			}
			html_lit(b, "</li>\n");
		}
		html_lit(b, "</ul>\n");
	}
}

void
web_call(struct web_req *r)
{
	struct cy_call *cv = NULL;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	size_t ncv = 0, shown = 0;

	if (web_open(r, &st, &cat) < 0)
		return;
	err_clear(&e);
	if (store_calls(st, NULL, NULL, &cv, &ncv, &e) < 0)
		goto fail;
	web_page_begin(r, "Data call");
	for (size_t i = 0; i < ncv; i++) {
		const struct program *p = NULL;
		struct datacall dc;
		struct period per;

		for (size_t j = 0; j < cat.nprograms; j++)
			if (strcmp(cat.programs[j].code, cv[i].program) == 0)
				p = &cat.programs[j];
		if (cv[i].closed_at != NULL || p == NULL || period_parse(cv[i].period, &per, &e) < 0)
			continue;
		if (datacall_load(st, &cat, p, &per, cv[i].due, &dc, &e) < 0)
			goto fail;
		call_section(&r->body, &dc, &cv[i], p);
		datacall_release(&dc);
		shown++;
	}
	if (shown == 0)
		html_lit(&r->body, "<p>No data call is open ('kpistat call open' opens one).</p>\n");
	web_page_end(r);
	cy_calls_free(cv, ncv);
	web_close(st, &cat);
	return;
fail:
	fprintf(stderr, "kpistat: %s\n", e.msg);
	cy_calls_free(cv, ncv);
	web_close(st, &cat);
	web_message(r, 503, "Not available", "The data call cannot be read just now.");
}

/* ---- follow-ups (department) ---- */

/*
** A department's follow-ups: those on its metrics, and those owned by the user or by the
** department's head.
*/
static int
is_mine(const struct web_req *r, const struct catalog *cat, const struct cy_action *a)
{
	if (strcmp(a->owner, r->sess.user) == 0)
		return 1;
	for (size_t i = 0; i < cat->ndepts; i++)
		if (strcmp(cat->depts[i].code, r->sess.dept) == 0 && cat->depts[i].head &&
		    strcmp(cat->depts[i].head, a->owner) == 0)
			return 1;
	if (a->metric != NULL)
		for (size_t i = 0; i < cat->nmetrics; i++)
			if (strcmp(cat->metrics[i].code, a->metric) == 0)
				return strcmp(cat->metrics[i].department, r->sess.dept) == 0;
	return 0;
}

struct fu_errors {
	long long	 id;		/* the item the errors are about */
	char		 status[300], evidence[300], note[300], due[300], plan[300];
	char		 saved[300];
};

static void
fu_field(struct buf *b, long long id, const char *name, const char *label, const char *kind,
    const char *value, const char *err)
{
	html_lit(b, "<label for=\"%s-%lld\">%s</label>\n", name, id, label);
	if (strcmp(kind, "textarea") == 0)
		html_lit(b, "<textarea id=\"%s-%lld\" name=\"%s\"", name, id, name);
	else
		html_lit(b, "<input type=\"%s\" id=\"%s-%lld\" name=\"%s\" value=\"", kind, name, id,
		    name);
	if (strcmp(kind, "textarea") != 0) {
		html_esc(b, value);
		html_lit(b, "\"");
	}
	if (err[0])
		html_lit(b, " aria-invalid=\"true\" aria-describedby=\"e%s-%lld\"", name, id);
	html_lit(b, ">");
	if (strcmp(kind, "textarea") == 0) {
		html_esc(b, value);
		html_lit(b, "</textarea>");
	}
	html_lit(b, "\n");
	if (err[0]) {
		html_lit(b, "<p class=\"error\" id=\"e%s-%lld\">", name, id);
		html_esc(b, err);
		html_lit(b, "</p>\n");
	}
}

static void
fu_item(struct web_req *r, const struct cy_action *a, const char *today,
    const struct fu_errors *er)
{
	static const char *const label[] = { "Open", "In progress", "Done", "Dropped" };
	const struct fu_errors none = { 0, "", "", "", "", "", "" };
	const char *colour = cy_colour_name(cy_action_colour(a, today));
	struct buf *b = &r->body;
	int mine = er != NULL && er->id == a->id;
	const char *typed;

	if (!mine)
		er = &none;
	html_lit(b, "<section class=\"metric %s\" aria-labelledby=\"f-%lld\">\n<h3 id=\"f-%lld\">"
	    "F-%lld: ", colour, a->id, a->id, a->id);
	html_esc(b, a->text);
	html_lit(b, "</h3>\n<p class=\"facts\">Owner ");
	html_esc(b, a->owner);
	html_lit(b, ", due ");
	html_esc(b, a->due);
	html_lit(b, ", %s (%s: %s)", cy_status_name(a->status), colour,
	    strcmp(colour, "red") == 0 ? "overdue or evidence not received" :
	    strcmp(colour, "yellow") == 0 ? "in progress" : strcmp(colour, "green") == 0 ?
	    "done with evidence" : strcmp(colour, "white") == 0 ? "open, not yet due" : "closed");
	if (a->done_when) {
		html_lit(b, ". Done when: ");
		html_esc(b, a->done_when);
	}
	if (a->evidence) {
		html_lit(b, ". Evidence: ");
		html_esc(b, a->evidence);
	}
	if (a->note) {
		html_lit(b, ". Latest note: ");
		html_esc(b, a->note);
	}
	html_lit(b, ".</p>\n");
	if (er->saved[0]) {
		html_lit(b, "<p class=\"saved\" role=\"status\">");
		html_esc(b, er->saved);
		html_lit(b, "</p>\n");
	}
	html_lit(b, "<form method=\"post\" action=\"/followups\" novalidate>\n");
	web_csrf_field(r);
	html_lit(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\">\n<label for=\"status-%lld\">"
	    "Status</label>\n<select id=\"status-%lld\" name=\"status\"", a->id, a->id, a->id);
	if (er->status[0])
		html_lit(b, " aria-invalid=\"true\" aria-describedby=\"estatus-%lld\"", a->id);
	html_lit(b, ">\n");
	typed = mine ? form_get(&r->form, "status") : NULL;
	for (int s = 0; s < CY_NSTATUS; s++)
		html_lit(b, "<option value=\"%s\"%s>%s</option>\n", cy_status_name((enum cy_status)s),
		    (typed ? strcmp(typed, cy_status_name((enum cy_status)s)) == 0 :
		    (int)a->status == s) ? " selected" : "", label[s]);
	html_lit(b, "</select>\n");
	if (er->status[0]) {
		html_lit(b, "<p class=\"error\" id=\"estatus-%lld\">", a->id);
		html_esc(b, er->status);
		html_lit(b, "</p>\n");
	}
	fu_field(b, a->id, "evidence", "Evidence (what shows it is done; needed for done)",
	    "textarea", mine ? form_get(&r->form, "evidence") : NULL, er->evidence);
	fu_field(b, a->id, "note", "Note (why, when dropping)", "textarea",
	    mine ? form_get(&r->form, "note") : NULL, er->note);
	fu_field(b, a->id, "due", "New due date (with a revised plan)", "date",
	    mine ? form_get(&r->form, "due") : NULL, er->due);
	fu_field(b, a->id, "plan", "Revised plan (needed with a new due date)", "textarea",
	    mine ? form_get(&r->form, "plan") : NULL, er->plan);
	html_lit(b, "<button type=\"submit\">Update F-%lld</button>\n</form>\n</section>\n", a->id);
}

/* `kpistat action update`'s rules on a web form: 0 when it passes, else 422 with er filled,
** or 400 for a status outside the list (no browser sends one). */
static int
fu_check(struct web_req *r, const struct cy_action *a, struct cy_action_update *u,
    struct fu_errors *er)
{
	const char *st = form_get(&r->form, "status");
	const char *ev = form_get(&r->form, "evidence"), *note = form_get(&r->form, "note");
	const char *due = form_get(&r->form, "due"), *plan = form_get(&r->form, "plan");
	int bad = 0, broken;

	memset(u, 0, sizeof *u);
	if (st != NULL && !web_blank(st)) {
		if (cy_status_parse(st, &u->status) < 0)
			return 400;
		u->set_status = u->status != a->status;
	}
	u->evidence = web_blank(ev) ? NULL : ev;
	u->note = web_blank(note) ? NULL : note;
	u->due = web_blank(due) ? NULL : due;
	u->plan = web_blank(plan) ? NULL : plan;
	if (!u->set_status && !u->evidence && !u->note && !u->due && !u->plan) {
		snprintf(er->status, sizeof er->status, "Nothing to change: choose a status, or give "
		    "evidence, a note, or a new due date with a plan.");
		return 422;
	}
	broken = action_rules(a, u);
	if (u->due != NULL && !web_date_ok(u->due)) {
		snprintf(er->due, sizeof er->due, "Not a date: give it as YYYY-MM-DD (e.g. 2026-11-05).");
		bad = 1;
	} else if (broken & ACT_DUE_BEFORE_MEETING) {
		snprintf(er->due, sizeof er->due, "The new due date is before the meeting this "
		    "follow-up comes from (%s).", a->meeting_date);
		bad = 1;
	}
	if (u->due != NULL && u->plan == NULL) {
		snprintf(er->plan, sizeof er->plan, "A new due date needs a revised plan: say what "
		    "changes, not just the date.");
		bad = 1;
	}
	if (broken & ACT_DONE_NEEDS_EVIDENCE) {
		snprintf(er->evidence, sizeof er->evidence, "Done needs evidence: what shows it is "
		    "done%s%.200s%s.", a->done_when ? " (agreed in the room: " : "",
		    a->done_when ? a->done_when : "", a->done_when ? ")" : "");
		bad = 1;
	}
	if (broken & ACT_DROP_NEEDS_NOTE) {
		snprintf(er->note, sizeof er->note, "Dropping needs a note saying why (the item and "
		    "the why are kept).");
		bad = 1;
	}
	return bad ? 422 : 0;
}

struct fu_job {
	long long			 id;
	const struct cy_action_update	*u;
	const char			*by;
};

/* A follow-up's update (a web_write job): 0, or 503 (said on stderr). */
static int
fu_write(void *arg, struct store *st)
{
	struct fu_job *job = arg;
	struct kp_err e;

	if (store_action_update(st, job->id, job->u, job->by, &e) < 0) {
		fprintf(stderr, "kpistat: %s\n", e.msg);
		return 503;
	}
	return 0;
}

void
web_followups(struct web_req *r)
{
	struct cy_action *v = NULL;
	struct fu_errors er;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	size_t n = 0, shown = 0;
	char today[11];
	int rc = 0;

	memset(&er, 0, sizeof er);
	if (web_open(r, &st, &cat) < 0)
		return;
	err_clear(&e);
	web_today(today);
	if (strcmp(r->method, "POST") == 0) {
		struct cy_action_update u;
		struct cy_action a;

		if (form_count(&r->form, "id") != 1 || web_id(form_get(&r->form, "id"), &er.id) < 0) {
			web_message(r, 400, "Bad form", "No follow-up given.");
			goto done;
		}
		if ((rc = store_action_get(st, er.id, &a, NULL, NULL, &e)) < 0)
			goto fail;
		if (rc == 0) {
			web_message(r, 404, "Not found", "There is no such follow-up.");
			goto done;
		}
		if (!is_mine(r, &cat, &a)) {
			cy_action_release(&a);
			web_message(r, 403, "Not yours", "That follow-up is not your department's.");
			goto done;
		}
		rc = fu_check(r, &a, &u, &er);
		if (rc == 400) {
			cy_action_release(&a);
			web_message(r, 400, "Bad form", "Status must be open, in_progress, done or "
			    "dropped.");
			goto done;
		}
		if (rc == 0) {
			struct fu_job job = { er.id, &u, r->sess.user };

			if (web_write(st, fu_write, &job) != 0) {
				cy_action_release(&a);
				goto fail_written;
			}
			snprintf(er.saved, sizeof er.saved, "Saved: F-%lld updated.", er.id);
		}
		cy_action_release(&a);
		r->status = rc == 0 ? 200 : 422;
	}
	if (store_actions(st, NULL, &v, &n, &e) < 0)
		goto fail;
	web_page_begin(r, "Follow-ups");
	if (rc == 422)
		html_lit(&r->body, "<p class=\"error\" role=\"alert\">Nothing was saved: see the "
		    "fields marked below.</p>\n");
	for (size_t i = 0; i < n; i++)
		if (is_mine(r, &cat, &v[i]) && (v[i].status == CY_OPEN ||
		    v[i].status == CY_IN_PROGRESS || v[i].id == er.id)) {
			fu_item(r, &v[i], today, &er);
			shown++;
		}
	if (shown == 0)
		html_lit(&r->body, "<p>No open follow-ups for your department.</p>\n");
	web_page_end(r);
	goto done;
fail:
	fprintf(stderr, "kpistat: %s\n", e.msg);
fail_written:	/* web_write has said why */
	web_message(r, 503, "Not available", "The follow-ups cannot be read or saved just now: "
	    "nothing was saved.");
done:
	cy_actions_free(v, n);
	web_close(st, &cat);
}

/* ---- status (everyone) ---- */

static const char *
dept_name(const struct catalog *cat, const char *code)
{
	for (size_t i = 0; i < cat->ndepts; i++)
		if (strcmp(cat->depts[i].code, code) == 0 && cat->depts[i].name)
			return cat->depts[i].name;
	return code;
}

/* The last (up to) 12 values as a line, with their range in words for screen readers. */
static void
sparkline(struct buf *b, const struct series *s)
{
	size_t from = s->n > 12 ? s->n - 12 : 0, k = s->n - from;
	double lo = 0, hi = 0;
	char a[64], z[64];

	if (k < 2)
		return;
	lo = hi = s->values[from];
	for (size_t i = from; i < s->n; i++) {
		lo = s->values[i] < lo ? s->values[i] : lo;
		hi = s->values[i] > hi ? s->values[i] : hi;
	}
	html_lit(b, "<svg class=\"spark\" viewBox=\"0 0 100 24\" role=\"img\" aria-label=\"last %zu "
	    "values, from %s to %s\"><polyline fill=\"none\" stroke=\"#1a4480\" stroke-width=\"1.5\" "
	    "points=\"", k, num_format_exact(s->values[from], a, sizeof a),
	    num_format_exact(s->values[s->n - 1], z, sizeof z));
	for (size_t i = from; i < s->n; i++)
		html_lit(b, "%.1f,%.1f ", 100.0 * (double)(i - from) / (double)(k - 1),
		    hi > lo ? 22 - 20 * (s->values[i] - lo) / (hi - lo) : 12.0);
	html_lit(b, "\"/></svg>");
}

#define SPC_MIN_POINTS	6	/* figures before variation and assurance are shown */

/* The SPC icons in words (NHS "Making Data Count" variation and assurance icons). */
static const char *
variation_words(enum trend_variation v)
{
	switch (v) {
	case TREND_VAR_IMPROVEMENT_HIGH: return "special cause: improvement (higher)";
	case TREND_VAR_IMPROVEMENT_LOW:	return "special cause: improvement (lower)";
	case TREND_VAR_CONCERN_HIGH:	return "special cause: concern (higher)";
	case TREND_VAR_CONCERN_LOW:	return "special cause: concern (lower)";
	case TREND_VAR_NEUTRAL_HIGH:	return "special cause (higher)";
	case TREND_VAR_NEUTRAL_LOW:	return "special cause (lower)";
	case TREND_VAR_COMMON_CAUSE:	break;
	}
	return "common cause: no signal";
}

static const char *
assurance_words(enum trend_assurance a)
{
	switch (a) {
	case TREND_ASSURANCE_PASS:	return "will meet the target consistently";
	case TREND_ASSURANCE_FAIL:	return "will miss the target consistently: the process must "
					    "change";
	case TREND_ASSURANCE_INCONSISTENT: return "will hit and miss the target";
	case TREND_ASSURANCE_NONE:	break;
	}
	return "";
}

void
web_status(struct web_req *r)
{
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	struct buf *b = &r->body;

	if (web_open(r, &st, &cat) < 0)
		return;
	err_clear(&e);
	web_page_begin(r, "Status");
	html_lit(b, "<p>Each metric's latest figure against its target: on target, near it "
	    "(within the tolerance band), or off target; the line shows the last twelve figures. "
	    "Variation says whether the latest figure is a signal (special cause) or the usual "
	    "noise of the process (common cause); assurance, whether the process as it runs will "
	    "meet the target (statistical process control, as in the packet).</p>\n");
	html_lit(b, "<div class=\"tbl\"><table>\n<thead><tr><th scope=\"col\">Metric</th>"
	    "<th scope=\"col\">Department</th><th scope=\"col\">Period</th><th scope=\"col\">Figure"
	    "</th><th scope=\"col\">Target</th><th scope=\"col\">Status</th><th scope=\"col\">"
	    "Variation</th><th scope=\"col\">Assurance</th><th scope=\"col\">Trend</th></tr>"
	    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < cat.nmetrics; i++) {
		const struct metric *m = &cat.metrics[i];
		struct analysis an;
		struct series s;
		char per[PERIOD_STRLEN], v[64], t[64];
		const struct status_row *row = &an.status;
		const char *lv;

		if (m->retired)
			continue;
		if (store_series(st, m->code, "", &s, &e) < 0)
			break;
		html_lit(b, "<tr><th scope=\"row\">");
		html_esc(b, m->name);
		html_lit(b, "</th><td>");
		html_esc(b, dept_name(&cat, m->department));
		if (s.n == 0 || analysis_run(m, &s, NULL, cat.fy_start, &an, &e) < 0) {
			html_lit(b, "</td><td></td><td>no figures yet</td><td></td><td></td><td></td>"
			    "<td></td><td></td></tr>\n");
			series_release(&s);
			continue;
		}
		lv = status_level_name(row->level);
		html_lit(b, "</td><td class=\"nw\">%s</td><td>%s", period_format(&s.periods[s.n - 1],
		    per), num_format_exact(row->value, v, sizeof v));
		if (m->unit[0]) {
			html_lit(b, " ");
			html_esc(b, m->unit);
		}
		html_lit(b, "</td><td>%s</td><td class=\"nw %s\">%s</td>",
		    row->has_target ? num_format_exact(row->target, t, sizeof t) : "",
		    row->level == STATUS_OFF ? "off" : row->level == STATUS_NEAR ? "near" :
		    row->level == STATUS_ON ? "on" : "", strcmp(lv, "on") == 0 ? "on target" :
		    strcmp(lv, "off") == 0 ? "off target" : strcmp(lv, "near") == 0 ? "near target" : lv);
		/* Limits from a handful of figures say nothing yet. */
		if (an.n < SPC_MIN_POINTS)
			html_lit(b, "<td colspan=\"2\">too few figures (%zu) for process limits</td><td>",
			    an.n);
		else
			html_lit(b, "<td>%s%s</td><td>%s</td><td>", variation_words(an.trend.variation),
			    an.trend.short_series_warning ? " (trial limits)" : "",
			    assurance_words(an.trend.assurance));
		sparkline(b, &s);
		html_lit(b, "</td></tr>\n");
		analysis_release(&an);
		series_release(&s);
	}
	html_lit(b, "</tbody></table></div>\n");
	web_page_end(r);
	web_close(st, &cat);
}
