/*
** packet_cycle.c: the Stat cycle's part of the packet model (see packet.h): the follow-up
** table in CitiStat's order, each metric's follow-ups and the "did it work?" verdict of every
** done one (trend_effect.h), the agenda rows, and the data notes the cycle adds: late and
** missing submissions of the data call, and figures revised since the last published packet
** (with the changes made to locked figures, each with who, when and why).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/xmalloc.h"

#include "packet_int.h"

#define ARROW	" \xe2\x86\x92 "	/* U+2192 */

const char *
packet_comment_for(const struct packet_input *in, const struct metric *m, const struct period *at)
{
	char per[32];
	const char *t = NULL;

	if (in->ncomments == 0)
		return NULL;
	period_format(at, per);
	for (size_t i = 0; i < in->ncomments; i++) {
		const struct cy_comment *c = &in->comments[i];

		if (c->current && strcmp(c->metric, m->code) == 0 && strcmp(c->period, per) == 0 &&
		    (c->breakdown == NULL || *c->breakdown == '\0') && c->text && *c->text)
			t = c->text;
	}
	return t;
}

static long
metric_index(const struct packet *p, const char *code)
{
	if (code == NULL)
		return -1;
	for (size_t i = 0; i < p->npm; i++)
		if (strcmp(p->pm[i].m->code, code) == 0)
			return (long)i;
	return -1;
}

/* CitiStat's order: overdue (red) first, then in progress, open, done, dropped. */
static int
rank(enum cy_colour c)
{
	return c == CY_RED ? 0 : c == CY_YELLOW ? 1 : c == CY_WHITE ? 2 : c == CY_GREEN ? 3 : 4;
}

static int
by_rank(const void *x, const void *y)
{
	const struct packet_fu_row *a = x, *b = y;
	int d = rank(a->colour) - rank(b->colour);

	if (d == 0)
		d = strcmp(a->a->due ? a->a->due : "", b->a->due ? b->a->due : "");
	if (d == 0)
		d = (a->a->id > b->a->id) - (a->a->id < b->a->id);
	return d;
}

/* Is this follow-up in the table: still open, or closed since the session before. */
static int
listed(const struct packet_input *in, const struct cy_action *a)
{
	if (a->status == CY_OPEN || a->status == CY_IN_PROGRESS)
		return 1;
	return in->closed_since == NULL || (a->closed_on && strcmp(a->closed_on,
	    in->closed_since) >= 0);
}

static const char *
word(const struct cy_action *a, enum cy_colour c)
{
	if (a->status == CY_DONE)
		return "Done";
	if (a->status == CY_DROPPED)
		return "Dropped";
	return c == CY_RED ? "Overdue" : a->status == CY_IN_PROGRESS ? "In progress" : "Open";
}

/* The last column: evidence of done, why it was dropped, the latest note or plan. */
static char *
latest(const struct cy_action *a)
{
	if (a->status == CY_DONE && a->evidence)
		return xasprintf("Evidence: %s", a->evidence);
	if (a->status == CY_DROPPED)
		return xasprintf("Dropped: %s", a->note ? a->note : "no reason recorded");
	if (a->note)
		return xstrdup(a->note);
	if (a->plan)
		return xasprintf("Revised plan: %s", a->plan);
	if (a->done_when)
		return xasprintf("Done when: %s", a->done_when);
	return xstrdup("");
}

static int
newest_done(const void *x, const void *y)
{
	const struct packet_effect *a = x, *b = y;
	int d = strcmp(b->a->closed_on, a->a->closed_on);

	return d ? d : (b->a->id > a->a->id) - (b->a->id < a->a->id);
}

/* The "did it work?" verdict of each done follow-up of pm's metric within its grid. */
static void
effects(struct packet *p, struct packet_metric *pm)
{
	const struct packet_input *in = p->in;
	const struct analysis *an = &pm->a;
	struct trend_params tp = an->params;
	size_t *rb = xcalloc(pm->m->nrebase + 1, sizeof *rb);

	/* The analysis keeps no rebase points once it is done: find them on the grid again. */
	tp.rebase = rb;
	tp.nrebase = 0;
	for (size_t i = 0; i < pm->m->nrebase; i++)
		for (size_t j = 0; j < an->n; j++)
			if (pm->m->rebase[i].kind == pm->at.kind &&
			    an->keys[j] == period_key(&pm->m->rebase[i]))
				rb[tp.nrebase++] = j;
	pm->eff = xcalloc(in->nfu + 1, sizeof *pm->eff);
	for (size_t i = 0; i < in->nfu; i++) {
		const struct cy_action *a = in->fu[i].a;
		struct packet_effect *ef = &pm->eff[pm->neff];
		struct period done;
		struct kp_err e;
		int y, mo, d;
		long k;
		size_t after = 0;

		if (a->status != CY_DONE || a->metric == NULL || a->closed_on == NULL ||
		    strcmp(a->metric, pm->m->code) != 0 || an->n == 0 ||
		    sscanf(a->closed_on, "%4d-%2d-%2d", &y, &mo, &d) != 3)
			continue;
		done = period_of_day(pm->at.kind, period_days_from_civil(y, mo, d),
		    in->cat->fy_start);
		k = period_key(&done);
		if (k > an->keys[an->n - 1])
			continue;	/* done after the period reported on */
		ef->done_at = (size_t)-1;
		for (size_t j = 0; j < an->n; j++)
			if (an->keys[j] == k) {
				ef->done_at = j;
				after = j + 1;
			}
		if (trend_effect(an->values, an->n, after, &tp, &ef->r, &e) < 0)
			continue;
		ef->a = a;
		ef->text = packet_effect_text(pm, a, &done, &ef->r);
		pm->neff++;
	}
	qsort(pm->eff, pm->neff, sizeof *pm->eff, newest_done);
	free(rb);
}

void
packet_cycle_build(struct packet *p)
{
	const struct packet_input *in = p->in;

	p->fu_page = -1;
	p->fu = xcalloc(in->nfu + 1, sizeof *p->fu);
	for (size_t i = 0; i < in->nfu; i++) {
		const struct cy_action *a = in->fu[i].a;
		struct packet_fu_row *r;

		if (!listed(in, a))
			continue;
		r = &p->fu[p->nfu++];
		r->a = a;
		r->colour = in->fu[i].colour;
		r->word = word(a, r->colour);
		r->id = xasprintf("F-%lld", a->id);
		r->latest = latest(a);
		r->metric = metric_index(p, a->metric);
	}
	qsort(p->fu, p->nfu, sizeof *p->fu, by_rank);
	for (size_t i = 0; i < p->npm; i++) {
		struct packet_metric *pm = &p->pm[i];

		pm->fu = xcalloc(p->nfu + 1, sizeof *pm->fu);
		for (size_t j = 0; j < p->nfu; j++)
			if (p->fu[j].metric == (long)i)
				pm->fu[pm->nfu++] = j;
		effects(p, pm);
	}
	if (in->meeting && in->meeting->nagenda > 0) {
		p->agenda = xcalloc(in->meeting->nagenda, sizeof *p->agenda);
		for (size_t i = 0; i < in->meeting->nagenda; i++) {
			p->agenda[i].item = &in->meeting->agenda[i];
			p->agenda[i].metric = metric_index(p, in->meeting->agenda[i].metric);
		}
		p->nagenda = in->meeting->nagenda;
	}
}

/*
** Per department, from the data call (datacall.h, as `call status` sees it): the figures not
** in (missing, or computed from records that do not reach the period yet) and those entered
** after the due date.
*/
static void
submissions(struct packet *p)
{
	const struct datacall *dc = p->in->call;
	struct buf b = BUF_INIT, miss = BUF_INIT, stale = BUF_INIT, late = BUF_INIT;
	char due[48], when[48];
	int any = 0;

	for (size_t k = 0; k < dc->ndept; k++) {
		const struct dc_dept *d = &dc->dept[k];
		size_t nmiss = 0, nstale = 0, nlate = 0;

		buf_reset(&miss);
		buf_reset(&stale);
		buf_reset(&late);
		for (size_t i = d->first; i < d->first + d->n; i++) {
			const struct dc_figure *f = &dc->fig[i];

			if (f->state == DC_MISSING)
				buf_addf(&miss, "%s%s", nmiss++ ? "; " : "", f->m->name);
			else if (f->state == DC_STALE)
				buf_addf(&stale, "%s%s%s%s%s", nstale++ ? "; " : "", f->m->name,
				    f->stale_why ? " (" : "", f->stale_why ? f->stale_why : "",
				    f->stale_why ? ")" : "");
			else if (f->late)
				buf_addf(&late, "%s%s (entered %s)", nlate++ ? "; " : "", f->m->name,
				    packet_day_long(f->entered_at, 0, when, sizeof when));
		}
		if (nmiss + nstale + nlate == 0)
			continue;
		if (!any++)
			packet_add_block(&p->notes, BLOCK_HEADING, "Late and missing submissions",
			    NULL, -1);
		buf_reset(&b);
		if (dc->due)
			buf_addf(&b, "Figures were due %s.", packet_day_long(dc->due, 0, due,
			    sizeof due));
		if (nmiss)
			buf_addf(&b, "%sMissing: %s.", b.len ? " " : "", miss.s);
		if (nstale)
			buf_addf(&b, "%sRecords not in yet for: %s.", b.len ? " " : "", stale.s);
		if (nlate)
			buf_addf(&b, "%sLate: %s.", b.len ? " " : "", late.s);
		packet_add_block(&p->notes, BLOCK_ENTRY, d->d ? d->d->name : "", b.s, -1);
	}
	buf_release(&b);
	buf_release(&miss);
	buf_release(&stale);
	buf_release(&late);
}

/* Does late change c describe revision r (the same figure, to the same value)? */
static int
same_change(const struct cy_late_change *c, const struct packet_revision *r)
{
	return strcmp(c->metric, r->metric) == 0 && strcmp(c->period, r->period) == 0 &&
	    strcmp(c->breakdown ? c->breakdown : "", r->breakdown) == 0 && c->has_new &&
	    c->new_value == r->new_value;
}

static void
who_why(struct buf *b, const char *by, const char *at, const char *reason)
{
	char when[48];

	if (by)
		buf_addf(b, ", by %s", by);
	if (at)
		buf_addf(b, " on %s", packet_day_long(at, 0, when, sizeof when));
	if (reason)
		buf_addf(b, ", reason: %s", reason);
	buf_addch(b, '.');
}

static void
where(struct buf *b, const char *period, const char *breakdown)
{
	struct period pp;
	struct kp_err e;
	char per[48];

	if (period_parse(period, &pp, &e) == 0)
		buf_adds(b, packet_period_long(&pp, per, sizeof per));
	else
		buf_adds(b, period);
	if (breakdown && *breakdown)
		buf_addf(b, ", %s", breakdown);
	buf_adds(b, ": ");
}

/* Revisions (since the last published packet) and the changes made to locked figures. */
static void
revisions(struct packet *p)
{
	const struct packet_input *in = p->in;
	struct buf b = BUF_INIT;
	char head[128], s1[48], s2[48];
	int any = 0;

	if (p->last_pub_long)
		snprintf(head, sizeof head, "Revised since the %s packet", p->last_pub_long);
	else
		snprintf(head, sizeof head, "Revised figures");
	for (size_t i = 0; i < in->nrevs; i++) {
		const struct packet_revision *r = &in->revs[i];
		const struct metric *m = catalog_metric(in->cat, r->metric);
		int locked = 0;

		if (m == NULL)
			continue;
		for (size_t j = 0; j < in->nlate && !locked; j++)
			locked = same_change(&in->late[j], r);
		if (!any++)
			packet_add_block(&p->notes, BLOCK_HEADING, head, NULL, -1);
		buf_reset(&b);
		where(&b, r->period, r->breakdown);
		buf_addf(&b, "%s" ARROW "%s%s", packet_fmt_value(m, r->old_value, 0, s1, sizeof s1),
		    packet_fmt_value(m, r->new_value, 0, s2, sizeof s2), locked ?
		    " after the figure was locked" : "");
		who_why(&b, r->by, r->at, r->reason);
		packet_add_block(&p->notes, BLOCK_ENTRY, m->name, b.s, metric_index(p, m->code));
	}
	for (size_t j = 0; j < in->nlate; j++) {
		const struct cy_late_change *c = &in->late[j];
		const struct metric *m = catalog_metric(in->cat, c->metric);
		size_t i;

		for (i = 0; i < in->nrevs && !same_change(c, &in->revs[i]); i++)
			;
		if (m == NULL || metric_index(p, m->code) < 0 || i < in->nrevs)
			continue;	/* not in this packet, or listed above with its revision */
		if (!any++)
			packet_add_block(&p->notes, BLOCK_HEADING, head, NULL, -1);
		buf_reset(&b);
		where(&b, c->period, c->breakdown);
		if (strcmp(c->what, "commentary") == 0)
			buf_adds(&b, "commentary changed after the lock");
		else if (strcmp(c->what, "note") == 0)
			buf_adds(&b, "the figure's note changed after the lock");
		else if (strcmp(c->what, "withdrawn") == 0 && c->has_old)
			buf_addf(&b, "figure withdrawn after the lock (it was %s)",
			    packet_fmt_value(m, c->old_value, 0, s1, sizeof s1));
		else if (c->has_old && c->has_new)
			buf_addf(&b, "%s" ARROW "%s after the figure was locked",
			    packet_fmt_value(m, c->old_value, 0, s1, sizeof s1),
			    packet_fmt_value(m, c->new_value, 0, s2, sizeof s2));
		else if (c->has_new)
			buf_addf(&b, "figure of %s added after the lock",
			    packet_fmt_value(m, c->new_value, 0, s2, sizeof s2));
		else
			buf_addf(&b, "%s after the lock", c->what);
		who_why(&b, c->by, c->at, c->reason);
		packet_add_block(&p->notes, BLOCK_ENTRY, m->name, b.s, metric_index(p, m->code));
	}
	buf_release(&b);
}

void
packet_cycle_notes(struct packet *p)
{
	if (p->in->call)
		submissions(p);
	revisions(p);
}

void
packet_cycle_release(struct packet *p)
{
	for (size_t i = 0; i < p->nfu; i++) {
		free(p->fu[i].id);
		free(p->fu[i].latest);
		free(p->fu[i].text);
		free(p->fu[i].owner);
		text_lines_release(&p->fu[i].ol);
		text_lines_release(&p->fu[i].tl);
		text_lines_release(&p->fu[i].ll);
	}
	free(p->fu);
	for (size_t i = 0; i < p->nagenda; i++) {
		text_lines_release(&p->agenda[i].tl);
		free(p->agenda[i].text);
	}
	free(p->agenda);
}
