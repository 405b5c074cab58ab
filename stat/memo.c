/*
** memo.c: the follow-up memo's model and layout (see memo.h). Sections in CitiStat's order:
** the memo header (to, from, date, re), session summary, decisions, follow-ups agreed, data
** requests, next session. An empty section says so rather than disappearing: "no data
** requests" is news to the departments too.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/memo.h"
#include "kpistat/xmalloc.h"

static struct memo_row *
add_row(struct memo *mm, enum memo_kind kind, size_t ncols, const double *share,
    const char *const *cells)
{
	struct memo_row *r;

	mm->rows = xgrow(mm->rows, &mm->caprows, mm->nrows + 1, sizeof *mm->rows);
	r = &mm->rows[mm->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		r->cell[i] = xstrdup(cells[i] ? cells[i] : "");
		r->share[i] = share ? share[i] : 1.0;
	}
	return r;
}

static void
one(struct memo *mm, enum memo_kind kind, const char *text)
{
	add_row(mm, kind, 1, NULL, &text);
}

static void
field(struct memo *mm, const char *label, const char *value)
{
	static const double share[2] = { 0.12, 0.88 };
	const char *cells[2] = { label, value };

	add_row(mm, MEMO_FIELD, 2, share, cells);
}

/* "10 November 2026" of an ISO time, or "" */
static const char *
day(const char *iso, char *buf, size_t n)
{
	if (iso == NULL)
		return "";
	return packet_day_long(iso, 0, buf, n);
}

static void
names(struct buf *b, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", v[i]);
}

/* "1. Follow-up review (10 min); 2. ..." */
static void
agenda(struct buf *b, const struct cy_meeting *m)
{
	for (size_t i = 0; i < m->nagenda; i++) {
		buf_addf(b, "%s%d. %s", i ? "; " : "", m->agenda[i].pos, m->agenda[i].item);
		if (m->agenda[i].minutes > 0)
			buf_addf(b, " (%d min)", m->agenda[i].minutes);
	}
}

static void
summary(struct memo *mm)
{
	const struct cy_meeting *m = mm->in->m;
	struct buf b = BUF_INIT;
	struct period per;
	struct kp_err e;
	char d[64], pl[48];

	one(mm, MEMO_HEADING, "Session summary");
	buf_addf(&b, "%s met on %s", mm->in->prog->title, packet_day_long(m->date, 1, d, sizeof d));
	if (m->time)
		buf_addf(&b, " at %s", m->time);
	if (m->place)
		buf_addf(&b, ", %s", m->place);
	if (m->chair)
		buf_addf(&b, ", chaired by %s", m->chair);
	if (period_parse(m->period, &per, &e) == 0)
		buf_addf(&b, ", to review the figures for %s", packet_period_long(&per, pl, sizeof pl));
	buf_adds(&b, ".");
	if (m->nattendees) {
		buf_adds(&b, " Present: ");
		names(&b, m->attendees, m->nattendees);
		buf_adds(&b, ".");
	}
	one(mm, MEMO_PARA, b.s);
	if (m->nagenda) {
		buf_reset(&b);
		buf_adds(&b, "Agenda: ");
		agenda(&b, m);
		buf_adds(&b, ".");
		one(mm, MEMO_PARA, b.s);
	}
	if (m->notes && *m->notes)
		one(mm, MEMO_PARA, m->notes);
	buf_release(&b);
}

/* Decisions (data_request = 0) or data requests (1): what, who, when. */
static size_t
decisions(struct memo *mm, int data_request)
{
	static const double share[3] = { 0.62, 0.2, 0.18 };
	static const char *const head[2][3] = { { "Decision", "By", "When" },
	    { "Request", "Asked by", "When" } };
	const struct cy_meeting *m = mm->in->m;
	size_t k = 0;
	char d[48];

	one(mm, MEMO_HEADING, data_request ? "Data requests" : "Decisions");
	for (size_t i = 0; i < m->ndecisions; i++) {
		const struct cy_decision *x = &m->decisions[i];
		const char *cells[3] = { x->text, x->by, day(x->at, d, sizeof d) };

		if (!x->data_request != !data_request)
			continue;
		if (k++ == 0)
			add_row(mm, MEMO_THEAD, 3, share, head[data_request]);
		add_row(mm, MEMO_ROW, 3, share, cells);
	}
	if (k == 0)
		one(mm, MEMO_NONE, data_request ? "No data or analysis was requested." :
		    "No decisions were recorded.");
	return k;
}

static void
agreed(struct memo *mm)
{
	static const double share[5] = { 0.07, 0.31, 0.15, 0.19, 0.28 };
	static const char *const head[5] = { "ID", "Follow-up", "Owner", "Due", "Done when" };
	char id[32], due[48];

	one(mm, MEMO_HEADING, "Follow-ups agreed");
	if (mm->in->nagreed == 0) {
		one(mm, MEMO_NONE, "No follow-ups were agreed at this session.");
		return;
	}
	add_row(mm, MEMO_THEAD, 5, share, head);
	for (size_t i = 0; i < mm->in->nagreed; i++) {
		const struct cy_action *a = &mm->in->agreed[i];
		const char *cells[5] = { id, a->text, a->owner, day(a->due, due, sizeof due),
		    a->done_when ? a->done_when : "to be agreed with the owner" };

		snprintf(id, sizeof id, "F-%lld", a->id);
		add_row(mm, MEMO_ROW, 5, share, cells);
	}
	one(mm, MEMO_NONE, "Each follow-up will be reviewed at the next session; closing one "
	    "needs its evidence of done, and moving a due date needs a revised plan.");
}

static void
next_session(struct memo *mm)
{
	const struct cy_meeting *n = mm->in->next;
	struct buf b = BUF_INIT;
	char d[64];

	one(mm, MEMO_HEADING, "Next session");
	if (n == NULL) {
		one(mm, MEMO_NONE, "Not scheduled yet.");
		return;
	}
	buf_adds(&b, packet_day_long(n->date, 1, d, sizeof d));
	if (n->time)
		buf_addf(&b, " at %s", n->time);
	if (n->place)
		buf_addf(&b, ", %s", n->place);
	buf_adds(&b, ". Focus: ");
	if (n->nagenda)
		agenda(&b, n);
	else
		buf_adds(&b, "the follow-ups above and the figures for the period");
	buf_adds(&b, ".");
	one(mm, MEMO_PARA, b.s);
	buf_release(&b);
}

int
memo_build(const struct memo_input *in, struct memo *mm)
{
	const struct cy_meeting *m = in->m;
	struct buf b = BUF_INIT;
	char d[64];

	memset(mm, 0, sizeof *mm);
	mm->in = in;
	mm->title = xasprintf("%s follow-up memo", in->prog->title);
	mm->subtitle = xasprintf("Session of %s", packet_day_long(m->date, 1, d, sizeof d));
	if (m->nattendees)
		names(&b, m->attendees, m->nattendees);
	else
		buf_adds(&b, "the session's participants");
	field(mm, "To", b.s);
	field(mm, "From", in->from ? in->from : "the performance office");
	field(mm, "Date", packet_day_long(in->date, 0, d, sizeof d));
	buf_reset(&b);
	buf_addf(&b, "Follow-up from the %s session of %s", in->prog->title,
	    packet_day_long(m->date, 0, d, sizeof d));
	field(mm, "Re", b.s);
	buf_release(&b);
	summary(mm);
	mm->ndecisions = decisions(mm, 0);
	agreed(mm);
	mm->nrequests = decisions(mm, 1);
	next_session(mm);
	return 0;
}

static void
add_page(struct memo *mm, size_t first, size_t n)
{
	mm->pages = xgrow(mm->pages, &mm->cappages, mm->npages + 1, sizeof *mm->pages);
	mm->pages[mm->npages].first = first;
	mm->pages[mm->npages++].n = n;
}

size_t
memo_layout(struct memo *mm, const struct packet_geom *g, const struct text_measure *tm)
{
	double w = g->x1 - g->x0, avail, used;
	size_t i, first;

	mm->g = *g;
	mm->npages = 0;
	for (i = 0; i < mm->nrows; i++) {
		struct memo_row *r = &mm->rows[i];
		size_t lines = 1;

		for (size_t c = 0; c < r->ncols; c++) {
			struct buf b = BUF_INIT;
			int bold = r->kind == MEMO_HEADING || r->kind == MEMO_THEAD ||
			    (r->kind == MEMO_FIELD && c == 0);

			text_sanitize(r->cell[c], tm->has, tm->arg, 1, &b);
			free(r->cell[c]);
			r->cell[c] = buf_detach(&b);
			text_lines_release(&r->tl[c]);
			text_wrap(tm, (struct text_style){ bold, r->kind == MEMO_HEADING ? 11 :
			    MEMO_SIZE }, r->cell[c], r->share[c] * w - 6, 0, &r->tl[c]);
			if (r->tl[c].n > lines)
				lines = r->tl[c].n;
		}
		r->h = r->kind == MEMO_HEADING ? 30 : (double)lines * MEMO_LEAD +
		    (r->kind == MEMO_ROW || r->kind == MEMO_THEAD ? 2 * MEMO_PAD :
		    r->kind == MEMO_FIELD ? 3 : 6);
	}
	/* Rows onto pages; a heading or a table header never ends a page. */
	for (i = 0; i < mm->nrows;) {
		avail = g->top - g->bottom + (mm->npages == 0 ? MEMO_FIRST_UP - MEMO_TITLE_H : 0);
		used = 0;
		first = i;
		while (i < mm->nrows) {
			const struct memo_row *r = &mm->rows[i];
			int keep = r->kind == MEMO_HEADING || r->kind == MEMO_THEAD;

			if (i > first && used + r->h > avail)
				break;
			if (i > first && keep && i + 1 < mm->nrows &&
			    used + r->h + mm->rows[i + 1].h > avail)
				break;
			used += r->h;
			i++;
		}
		add_page(mm, first, i - first);
	}
	return mm->npages;
}

void
memo_release(struct memo *mm)
{
	for (size_t i = 0; i < mm->nrows; i++)
		for (size_t c = 0; c < mm->rows[i].ncols; c++) {
			free(mm->rows[i].cell[c]);
			text_lines_release(&mm->rows[i].tl[c]);
		}
	free(mm->rows);
	free(mm->pages);
	free(mm->title);
	free(mm->subtitle);
	memset(mm, 0, sizeof *mm);
}
