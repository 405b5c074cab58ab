/*
** packet.c: build the packet model from the catalog, the stored series and the trend module
** (see packet.h): each metric's standing, why it needs attention, the attention section, the
** data notes and the glossary. Layout is in packet_layout.c, the sentences in packet_text.c.
**
** "What changed since the last packet" means since the program's last *published* packet when
** there is one (packet_input.last_pub): a standing is compared with the one that packet showed.
** Without one it is "since the period before", as Stat programs meet once per period. The Stat
** cycle's parts (follow-ups, agenda, revisions and submissions) are built in packet_cycle.c.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/where.h"
#include "packet_int.h"
#include "kpistat/xmalloc.h"

static const char *const group_titles[] = {
	[REASON_NEW_OFF] = "Newly off target",
	[REASON_STILL_OFF] = "Missed the target two periods running or more",
	[REASON_SHIFT] = "Real shifts, not noise (special cause)",
	[REASON_MISSING] = "Missing or late figures",
	[REASON_BACK_ON] = "Back on target",
};

struct packet_block *
packet_add_block(struct packet_flow *f, enum packet_block_kind kind, const char *title,
    const char *text, long metric)
{
	struct packet_block *b;

	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	b = &f->v[f->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->title = title ? xstrdup(title) : NULL;
	b->text = text ? xstrdup(text) : NULL;
	b->metric = metric;
	b->keep_next = kind == BLOCK_HEADING;
	return b;
}

/* Index of period p in series s, or -1. */
static long
find(const struct series *s, const struct period *p)
{
	long key = period_key(p);

	for (size_t i = s->n; i-- > 0;)
		if (s->periods[i].kind == p->kind && period_key(&s->periods[i]) == key)
			return (long)i;
	return -1;
}

/* Grid index of the period the last published packet reported on, or -1. */
static long
last_pub_index(const struct packet_metric *pm, const struct packet_input *in)
{
	struct period pp, at;
	struct kp_err e;
	long k;

	if (in->last_pub == NULL || period_parse(in->last_pub->period, &pp, &e) < 0)
		return -1;
	at = period_last_complete(pm->at.kind, &pp, in->cat->fy_start);
	k = period_key(&at);
	for (size_t i = 0; i < pm->a.n; i++)
		if (pm->a.keys[i] == k && i + 1 < pm->a.n)
			return (long)i;
	return -1;
}

/*
** Targets and standings on the grid, the current run, and the standing the last published
** packet showed (without one: the period before).
*/
static void
standings(struct packet_metric *pm, const struct packet_input *in, int fy)
{
	const struct analysis *a = &pm->a;
	size_t n = a->n;

	pm->target = xcalloc(n + 1, sizeof *pm->target);
	pm->level = xcalloc(n + 1, sizeof *pm->level);
	for (size_t i = 0; i < n; i++) {
		const struct target *t = catalog_target_for(pm->m, &a->periods[i], fy);

		pm->target[i] = t ? t->value : NAN;
		if (isnan(a->values[i]))
			pm->level[i] = STATUS_MISSING;
		else if (t == NULL)
			pm->level[i] = STATUS_NO_TARGET;
		else
			pm->level[i] = status_level_of(pm->m->direction, a->values[i], t->value,
			    catalog_tolerance(t));
	}
	pm->prev_level = n >= 2 ? pm->level[n - 2] : STATUS_MISSING;
	if ((pm->since = last_pub_index(pm, in)) >= 0)
		pm->prev_level = pm->level[pm->since];
	pm->run = 0;
	if (n == 0)
		return;
	for (size_t i = n; i-- > 0;) {
		enum status_level l = pm->level[i], last = pm->level[n - 1];
		int same = last == STATUS_ON ? l == STATUS_ON :
		    (last == STATUS_NEAR || last == STATUS_OFF) ? (l == STATUS_NEAR || l == STATUS_OFF) :
		    l == last;

		if (!same)
			break;
		pm->run++;
	}
}

static void
classify(struct packet_metric *pm)
{
	const struct trend_result *r = &pm->a.trend;
	enum status_level l = pm->a.status.level;

	pm->shift = 0;
	if (r->n > 0 && !r->stale && r->latest < r->n) {
		enum trend_point_type t = r->points[r->latest].type;

		pm->shift = t == TREND_SPECIAL_IMPROVEMENT ? 1 : t == TREND_SPECIAL_CONCERN ? -1 :
		    (t == TREND_SPECIAL_NEUTRAL_HIGH || t == TREND_SPECIAL_NEUTRAL_LOW) ? 2 : 0;
	}
	if (l == STATUS_MISSING)
		pm->reason = REASON_MISSING;
	else if ((l == STATUS_OFF || l == STATUS_NEAR) && (pm->since >= 0 ?
	    pm->prev_level == STATUS_OFF || pm->prev_level == STATUS_NEAR : pm->run >= 2))
		pm->reason = REASON_STILL_OFF;
	else if (l == STATUS_OFF || l == STATUS_NEAR)
		pm->reason = REASON_NEW_OFF;
	else if (pm->shift != 0)
		pm->reason = REASON_SHIFT;
	else if (l == STATUS_ON && (pm->prev_level == STATUS_OFF || pm->prev_level == STATUS_NEAR))
		pm->reason = REASON_BACK_ON;
	else
		pm->reason = REASON_NONE;
	pm->attention = analysis_needs_attention(&pm->a) || pm->reason == REASON_NEW_OFF ||
	    pm->reason == REASON_STILL_OFF || pm->shift == -1;
}

static void
figures(struct packet_metric *pm)
{
	const struct metric *m = pm->m;
	const struct status_row *st = &pm->a.status;
	int up = m->direction == DIR_HIGHER ? 1 : m->direction == DIR_LOWER ? -1 : 0;

	if (st->has_value) {
		packet_fmt_value(m, st->value, 0, pm->value, sizeof pm->value);
		packet_fmt_short(m, st->value, 0, pm->value_short, sizeof pm->value_short);
	} else {
		snprintf(pm->value, sizeof pm->value, "no figure");
	}
	if (st->has_target) {
		packet_fmt_target(m, st->target, pm->target_s, sizeof pm->target_s);
		packet_fmt_short(m, st->target, 1, pm->target_short, sizeof pm->target_short);
	}
	if (st->has_prev) {
		packet_fmt_change(m, st->d_prev, pm->prev, sizeof pm->prev);
		pm->prev_good = strcmp(pm->prev, "0") == 0 ? 0 : st->d_prev > 0 ? up : -up;
	}
	if (st->has_year) {
		packet_fmt_change(m, st->d_year, pm->year, sizeof pm->year);
		pm->year_good = strcmp(pm->year, "0") == 0 ? 0 : st->d_year > 0 ? up : -up;
	}
}

/*
** Earlier commentary within the chart's window, newest first, at most three: the current
** commentary of each period, else the figure's own note.
*/
static void
earlier_notes(struct packet_metric *pm, const struct packet_input *in, const struct series *s,
    int window)
{
	long k1 = period_key(&pm->at), k0 = k1 - window + 1;

	pm->earlier = xcalloc(4, sizeof *pm->earlier);
	for (size_t i = s->n; i-- > 0 && pm->nearlier < 3;) {
		long k = period_key(&s->periods[i]);
		const char *t = packet_comment_for(in, pm->m, &s->periods[i]);

		if (t == NULL)
			t = s->notes[i];
		if (s->periods[i].kind != pm->at.kind || k >= k1 || k < k0 || t == NULL)
			continue;
		pm->earlier[pm->nearlier].period = s->periods[i];
		pm->earlier[pm->nearlier++].text = t;
	}
}

static void
breakdown(struct packet_metric *pm, const struct packet_source *src)
{
	struct period prev = period_add(&pm->at, -1);
	double sum = 0;
	int shares = (pm->m->rollup == ROLLUP_SUM || pm->m->rollup == ROLLUP_LAST) &&
	    strcmp(pm->m->unit, "%") != 0;
	char per[48];

	pm->brk = xcalloc(src->nbreaks + 1, sizeof *pm->brk);
	for (size_t i = 0; i < src->nbreaks; i++) {
		const struct series *s = src->breaks[i].s;
		struct packet_break *b = &pm->brk[pm->nbrk];
		long j = find(s, &pm->at), k = find(s, &prev);

		if (j < 0)
			continue;
		b->label = packet_break_label(src->breaks[i].key);
		b->value = s->values[j];
		if (k >= 0) {
			b->has_prev = 1;
			b->prev = s->values[k];
		}
		if (b->value < 0)
			shares = 0;
		sum += b->value;
		pm->nbrk++;
	}
	for (size_t i = 0; i < pm->nbrk; i++)
		pm->brk[i].share = shares && sum > 0 ? pm->brk[i].value / sum : NAN;
	if (pm->nbrk > 0) {
		const char *eq = strchr(src->breaks[0].key, '=');
		char *kind = xstrndup(src->breaks[0].key, eq ? (size_t)(eq - src->breaks[0].key) : 0);

		for (char *q = kind; *q; q++)
			if (*q == '_')
				*q = ' ';
		pm->brk_title = xasprintf("By %s, %s", *kind ? kind : "part of the city",
		    packet_period_long(&pm->at, per, sizeof per));
		free(kind);
	}
}

static int
build_metric(const struct packet_input *in, const struct packet_source *src,
    struct packet_metric *pm, struct kp_err *e)
{
	const struct metric *m = src->m;
	int fy = in->cat->fy_start;

	memset(pm, 0, sizeof *pm);
	pm->m = m;
	pm->where = src->where;
	pm->dept = catalog_dept(in->cat, m->department);
	pm->page = -1;
	pm->at = period_last_complete(period_freq_kind(m->freq), &in->period, fy);
	if (analysis_run(m, src->city, &pm->at, fy, &pm->a, e) < 0)
		return -1;
	standings(pm, in, fy);
	classify(pm);
	figures(pm);
	/* Commentary entered with `kpistat comment` supersedes the note stored with the figure. */
	pm->note = packet_comment_for(in, m, &pm->at);
	if (pm->note == NULL && pm->a.status.has_value)
		pm->note = pm->a.status.note;
	earlier_notes(pm, in, src->city, in->tpl->chart_periods);
	breakdown(pm, src);
	packet_sentences(pm);
	return 0;
}

/* "A, B and C" into b; "A; B; and C" when a name holds a comma itself. */
static void
name_list(struct buf *b, const struct packet *p, enum packet_reason want, int level)
{
	size_t k = 0, total = 0;
	int commas = 0;

	for (size_t i = 0; i < p->npm; i++)
		if (p->pm[i].reason == want && (int)p->pm[i].a.status.level == level) {
			total++;
			commas |= strchr(p->pm[i].m->name, ',') != NULL;
		}
	for (size_t i = 0; i < p->npm; i++) {
		if (p->pm[i].reason != want || (int)p->pm[i].a.status.level != level)
			continue;
		buf_adds(b, k == 0 ? "" : k + 1 == total ? (commas ? "; and " : " and ") :
		    commas ? "; " : ", ");
		buf_adds(b, p->pm[i].m->name);
		k++;
	}
}

static void
attention_flow(struct packet *p)
{
	static const enum packet_reason order[] = { REASON_NEW_OFF, REASON_STILL_OFF, REASON_SHIFT,
	    REASON_MISSING, REASON_BACK_ON };
	struct buf b = BUF_INIT;
	char still_off[128];

	snprintf(still_off, sizeof still_off, "Off target in the %s packet and still",
	    p->last_pub_long ? p->last_pub_long : "");
	for (size_t g = 0; g < sizeof order / sizeof order[0]; g++) {
		int any = 0;

		for (size_t i = 0; i < p->npm; i++) {
			struct packet_metric *pm = &p->pm[i];
			struct packet_block *blk;

			if (pm->reason != order[g])
				continue;
			if (!any++)
				packet_add_block(&p->attention, BLOCK_HEADING, p->last_pub_long &&
				    order[g] == REASON_STILL_OFF ? still_off : group_titles[order[g]],
				    NULL, -1);
			buf_reset(&b);
			buf_addch(&b, (char)(pm->finding[0] >= 'a' && pm->finding[0] <= 'z' ?
			    pm->finding[0] - 'a' + 'A' : pm->finding[0]));
			buf_addf(&b, "%s.", pm->finding + 1);
			if (pm->detail)
				buf_addf(&b, " %s", pm->detail);
			if (pm->signal)
				buf_addf(&b, " %s", pm->signal);
			blk = packet_add_block(&p->attention, BLOCK_ITEM, pm->m->name, b.s, (long)i);
			if (pm->note)
				blk->quote = xstrdup(pm->note);
		}
	}
	buf_reset(&b);
	if (p->attention.n == 0)
		buf_adds(&b, "Nothing needs the room's attention this period: every metric is on "
		    "target or within its usual range. ");
	for (int pass = 0; pass < 2; pass++) {
		int level = pass == 0 ? STATUS_ON : STATUS_NO_TARGET;
		size_t k = 0;

		for (size_t i = 0; i < p->npm; i++)
			k += p->pm[i].reason == REASON_NONE && (int)p->pm[i].a.status.level == level;
		if (k == 0)
			continue;
		buf_adds(&b, pass == 0 ? "On target and steady: " : "Workload indicators within "
		    "their usual range: ");
		name_list(&b, p, REASON_NONE, level);
		buf_adds(&b, ". ");
	}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	if (b.len > 0) {
		p->steady = xstrdup(b.s);
		packet_add_block(&p->attention, BLOCK_ENTRY, NULL, b.s, -1);
	}
	buf_release(&b);
}

static int
newest_first(const void *a, const void *b)
{
	long x = period_key(&(*(const struct packet_cnote *const *)a)->period);
	long y = period_key(&(*(const struct packet_cnote *const *)b)->period);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Is note c metric pm's, for a period in its figures table? */
static int
cnote_shown(const struct packet_cnote *c, const struct packet_metric *pm)
{
	long k = period_key(&c->period), k1 = period_key(&pm->at);

	return c->count > 0 && strcmp(c->metric, pm->m->code) == 0 &&
	    c->period.kind == pm->at.kind && k <= k1 && k > k1 - PACKET_TABLE_PERIODS;
}

/*
** What `kpistat compute` left out of the packet's computed figures (records closed before they
** were opened, ...): one entry per metric and kind of note, over the periods of its figures
** table, newest first. Only the packet's metrics, each once.
*/
static void
cnotes_flow(struct packet *p)
{
	const struct packet_input *in = p->in;
	const struct packet_cnote **v = xcalloc(in->ncnotes + 1, sizeof *v);
	int any = 0;

	for (size_t i = 0; i < p->npm; i++) {
		const struct packet_metric *pm = &p->pm[i];
		size_t dup = 0;

		while (dup < i && p->pm[dup].m != pm->m)
			dup++;
		for (size_t j = 0; dup == i && j < in->ncnotes; j++) {
			const struct packet_cnote *c = &in->cnotes[j];
			size_t n = 0, k;
			char *text;

			if (!cnote_shown(c, pm))
				continue;
			for (k = 0; k < j; k++)	/* this kind was listed with an earlier note */
				if (cnote_shown(&in->cnotes[k], pm) && strcmp(in->cnotes[k].what,
				    c->what) == 0)
					break;
			if (k < j)
				continue;
			for (k = j; k < in->ncnotes; k++)
				if (cnote_shown(&in->cnotes[k], pm) && strcmp(in->cnotes[k].what,
				    c->what) == 0)
					v[n++] = &in->cnotes[k];
			qsort(v, n, sizeof *v, newest_first);
			if (!any++)
				packet_add_block(&p->notes, BLOCK_HEADING, "Data quality of computed figures",
				    NULL, -1);
			text = packet_cnote_text(v, n);
			packet_add_block(&p->notes, BLOCK_ENTRY, pm->m->name, text, (long)i);
			free(text);
		}
	}
	free(v);
}

/* What each Where page's comparison left out: records without an area, areas without data. */
static void
where_notes_flow(struct packet *p)
{
	char per[64], *s, *t;
	int any = 0;

	for (size_t i = 0; i < p->npm; i++) {
		const struct packet_metric *pm = &p->pm[i];

		if (pm->where == NULL || (s = where_left_out(pm->where, 8, 40)) == NULL)
			continue;
		if (!any++)
			packet_add_block(&p->notes, BLOCK_HEADING, "Records without an area", NULL, -1);
		t = xasprintf("%s: %s", packet_period_long(&pm->where->cmp.period, per, sizeof per),
		    s);
		packet_add_block(&p->notes, BLOCK_ENTRY, pm->m->name, t, (long)i);
		free(s);
		free(t);
	}
}

static void
notes_flow(struct packet *p)
{
	struct buf b = BUF_INIT;
	char s1[48], s2[48], s3[48];
	int any;

	any = 0;
	for (size_t i = 0; i < p->npm; i++) {
		const struct packet_metric *pm = &p->pm[i];

		if (pm->a.status.has_value)
			continue;
		if (!any++)
			packet_add_block(&p->notes, BLOCK_HEADING, "Missing or late figures", NULL, -1);
		buf_reset(&b);
		buf_addf(&b, "No figure for %s", packet_period_long(&pm->at, s1, sizeof s1));
		if (pm->a.status.has_latest)
			buf_addf(&b, "; last reported for %s.", packet_period_long(&pm->a.status.latest,
			    s2, sizeof s2));
		else
			buf_adds(&b, "; no figures recorded at all.");
		packet_add_block(&p->notes, BLOCK_ENTRY, pm->m->name, b.s, (long)i);
	}
	packet_cycle_notes(p);
	cnotes_flow(p);
	where_notes_flow(p);
	any = 0;
	for (size_t i = 0; i < p->npm; i++) {
		const struct packet_metric *pm = &p->pm[i];
		const struct metric *m = pm->m;
		long k1 = period_key(&pm->at), k0 = k1 - p->tpl->chart_periods + 1;

		for (size_t t = 1; t < m->ntargets; t++) {
			long k = period_key(&m->targets[t].from);

			if (m->targets[t].from.kind != pm->at.kind || k < k0 || k > k1)
				continue;
			if (!any++)
				packet_add_block(&p->notes, BLOCK_HEADING, "Target and method changes", NULL, -1);
			buf_reset(&b);
			buf_addf(&b, "Target changed from %s to %s in %s.",
			    packet_fmt_target(m, m->targets[t - 1].value, s1, sizeof s1),
			    packet_fmt_target(m, m->targets[t].value, s2, sizeof s2),
			    packet_period_long(&m->targets[t].from, s3, sizeof s3));
			packet_add_block(&p->notes, BLOCK_ENTRY, m->name, b.s, (long)i);
		}
		for (size_t r = 0; r < m->nrebase; r++) {
			long k = period_key(&m->rebase[r]);

			if (m->rebase[r].kind != pm->at.kind || k < k0 || k > k1)
				continue;
			if (!any++)
				packet_add_block(&p->notes, BLOCK_HEADING, "Target and method changes", NULL, -1);
			buf_reset(&b);
			buf_addf(&b, "The process changed in %s; its mean and limits are computed "
			    "afresh from there.", packet_period_long(&m->rebase[r], s1, sizeof s1));
			packet_add_block(&p->notes, BLOCK_ENTRY, m->name, b.s, (long)i);
		}
	}
	buf_release(&b);
}

static int
by_name(const void *a, const void *b)
{
	const struct packet_metric *x = *(const struct packet_metric *const *)a;
	const struct packet_metric *y = *(const struct packet_metric *const *)b;

	return strcmp(x->m->name, y->m->name);
}

static void
glossary_flow(struct packet *p)
{
	const struct packet_metric **v = xcalloc(p->npm + 1, sizeof *v);
	struct buf b = BUF_INIT;
	char s1[48], s2[48];

	for (size_t i = 0; i < p->npm; i++)
		v[i] = &p->pm[i];
	qsort(v, p->npm, sizeof *v, by_name);
	for (size_t i = 0; i < p->npm; i++) {
		const struct metric *m = v[i]->m;
		const struct department *d = v[i]->dept;
		const struct target *t = catalog_target_for(m, &v[i]->at, p->in->cat->fy_start);
		struct packet_block *blk;

		buf_reset(&b);
		buf_addf(&b, "%s " "\xc2\xb7" " unit: %s " "\xc2\xb7" " %s " "\xc2\xb7" " %s",
		    m->code, *m->unit ? m->unit : "none", m->direction == DIR_LOWER ?
		    "lower is better" : m->direction == DIR_HIGHER ? "higher is better" :
		    "neither direction is better", period_freq_name(m->freq));
		if (t != NULL) {
			buf_addf(&b, " " "\xc2\xb7" " target: %s from %s",
			    packet_fmt_target(m, t->value, s1, sizeof s1),
			    packet_period_long(&t->from, s2, sizeof s2));
			if (t->has_tol)
				buf_addf(&b, " (near band %s%g%s)", "\xc2\xb1", t->tol, t->tol_pct ?
				    "%" : "");
		}
		buf_addf(&b, " " "\xc2\xb7" " source: %s", m->source ? m->source : "not recorded");
		if (d != NULL)
			buf_addf(&b, " " "\xc2\xb7" " owner: %s%s%s%s", d->name, d->head ? " (" : "",
			    d->head ? d->head : "", d->head ? ")" : "");
		blk = packet_add_block(&p->glossary, BLOCK_ENTRY, m->name, m->description ?
		    m->description : "No definition recorded in the catalog.",
		    (long)(v[i] - p->pm));
		blk->meta = xstrdup(b.s);
	}
	buf_release(&b);
	free(v);
}

int
packet_build(const struct packet_input *in, struct packet *p, struct kp_err *e)
{
	size_t with_value = 0;

	memset(p, 0, sizeof *p);
	p->in = in;
	p->tpl = in->tpl;
	if (in->nsrc == 0)
		return err_set(e, KP_DATA, NULL, "program '%s' has no metrics: list some under its "
		    "'metrics' in the catalog (or in the template)", in->prog->code);
	p->title = xstrdup(in->tpl->title ? in->tpl->title : in->prog->title);
	p->city = in->tpl->city ? xstrdup(in->tpl->city) : in->cat->city ?
	    xstrdup(in->cat->city) : NULL;
	packet_period_long(&in->period, p->period_long, sizeof p->period_long);
	if (in->last_pub) {
		struct period pp;
		char buf[48];

		if (period_parse(in->last_pub->period, &pp, e) < 0) {
			packet_release(p);
			return -1;
		}
		p->last_pub_long = xstrdup(packet_period_long(&pp, buf, sizeof buf));
	}
	p->pm = xcalloc(in->nsrc, sizeof *p->pm);
	for (size_t i = 0; i < in->nsrc; i++) {
		if (build_metric(in, &in->src[i], &p->pm[i], e) < 0) {
			p->npm = i + 1;
			packet_release(p);
			return -1;
		}
		p->npm++;
		p->count[p->pm[i].a.status.level]++;
		p->nattention += p->pm[i].attention;
		with_value += p->pm[i].a.status.has_value;
	}
	p->no_data = with_value == 0;
	packet_cycle_build(p);
	attention_flow(p);
	notes_flow(p);
	glossary_flow(p);
	return 0;
}

static void
flow_release(struct packet_flow *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct packet_block *b = &f->v[i];

		free(b->title);
		free(b->text);
		free(b->quote);
		free(b->meta);
		text_lines_release(&b->tl);
		text_lines_release(&b->bl);
		text_lines_release(&b->ql);
		text_lines_release(&b->ml);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}

void
packet_release(struct packet *p)
{
	for (size_t i = 0; i < p->npm; i++) {
		struct packet_metric *pm = &p->pm[i];

		analysis_release(&pm->a);
		free(pm->target);
		free(pm->level);
		free(pm->finding);
		free(pm->headline);
		free(pm->detail);
		free(pm->signal);
		free(pm->forecast);
		free(pm->earlier);
		for (size_t j = 0; j < pm->nbrk; j++)
			free(pm->brk[j].label);
		free(pm->brk);
		free(pm->brk_title);
		free(pm->fu);
		for (size_t j = 0; j < pm->neff; j++)
			free(pm->eff[j].text);
		free(pm->eff);
	}
	free(p->pm);
	packet_cycle_release(p);
	free(p->last_pub_long);
	flow_release(&p->attention);
	flow_release(&p->notes);
	flow_release(&p->glossary);
	for (int k = 0; k < TPL_NKINDS; k++) {
		text_lines_release(&p->intro[k]);
		free(p->intro_text[k]);
	}
	free(p->pages);
	free(p->title);
	free(p->city);
	free(p->steady);
	memset(p, 0, sizeof *p);
}
