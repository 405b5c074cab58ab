/*
** test_packet.c: the packet model without a PDF: figures and periods in words, the headline
** that states each finding (back on target for the third month, above target for 4 months
** running, a special cause, a missing figure), why each metric needs attention and in which
** group, the attention section's order, page layout and pagination with a fake font, the
** no-data packet, the data-quality notes of computed figures and the empty program.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/buf.h"
#include "kpistat/packet.h"
#include "kpistat/xmalloc.h"

static const char catalog_yaml[] =
    "city: Testville\n"
    "fiscal_year_start: 7\n"
    "departments:\n"
    "  - { code: dev, name: Development Services, head: Pat Smith }\n"
    "  - { code: code, name: Code Enforcement }\n"
    "metrics:\n"
    "  - { code: permits.review_days, name: Permit reviews, department: dev, unit: days,\n"
    "      decimals: 1, direction: lower, targets: [{ value: 5, from: 2024-07 }] }\n"
    "  - { code: blight.open, name: Open blight cases, department: code, unit: cases,\n"
    "      direction: lower, targets: [{ value: 1100, from: 2024-07 }] }\n"
    "  - { code: calls.volume, name: Calls received, department: dev, unit: calls,\n"
    "      direction: neutral }\n"
    "  - { code: stale.metric, name: Missed pickups, department: code, unit: per 10k,\n"
    "      decimals: 1, direction: lower, targets: [{ value: 5, from: 2024-07 }] }\n"
    "  - { code: new.off, name: Inspections on time, department: code, unit: \"%\",\n"
    "      decimals: 1, direction: higher, targets: [{ value: 90, from: 2024-07 }] }\n"
    "programs:\n"
    "  - { code: stat, title: TestStat, metrics: [permits.review_days, blight.open,\n"
    "      calls.volume, stale.metric, new.off] }\n"
    "  - { code: empty, title: Empty }\n";

/* Small wiggles so that the SPC limits are not zero-width. */
static const double wiggle[6] = { 0.02, -0.03, 0.01, 0.03, -0.02, -0.01 };

struct fixture {
	struct catalog		 cat;
	struct template		 tpl;
	struct series		 s[5];
	struct packet_source	 src[5];
	struct packet_input	 in;
};

/* 24 months 2024-11 .. 2026-10 (n of them), values base*(1+wiggle), then the tail given. */
static void
make_series(struct series *s, size_t n, double base, const double *tail, size_t ntail,
    const char *last_note)
{
	struct period p = { PERIOD_MONTH, 2024, 11 };

	s->n = n;
	s->periods = xcalloc(n, sizeof *s->periods);
	s->values = xcalloc(n, sizeof *s->values);
	s->notes = xcalloc(n, sizeof *s->notes);
	for (size_t i = 0; i < n; i++) {
		s->periods[i] = period_add(&p, (long)i);
		s->values[i] = i + ntail >= n ? tail[i + ntail - n] : base * (1 + wiggle[i % 6]);
	}
	if (last_note)
		s->notes[n - 1] = xstrdup(last_note);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char path[] = "/tmp/kpistat-packet.XXXXXX";
	struct diags d;
	FILE *fp;
	int fd;
	static const double permits[] = { 4.8, 4.7, 4.6 };
	static const double blight[] = { 1150, 1160, 1170, 1180 };
	static const double calls[] = { 200 };
	static const double insp[] = { 88 };

	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs(catalog_yaml, fp);
	fclose(fp);
	diags_init(&d, 20);
	if (catalog_load_file(path, &f->cat, &d) != 0)
		fail_msg("%s: %s", d.v[0].where, d.v[0].msg);
	diags_release(&d);
	unlink(path);
	template_default(&f->tpl);
	make_series(&f->s[0], 24, 6.0, permits, 3, NULL);
	make_series(&f->s[1], 24, 1000, blight, 4, "Still above the goal of 1,100; District 3 "
	    "holds almost a third \xe2\x80\x93 \xe2\x80\x9cheir property\xe2\x80\x9d cases.");
	make_series(&f->s[2], 24, 100, calls, 1, NULL);
	make_series(&f->s[3], 23, 4.0, NULL, 0, NULL);		/* ends 2026-09 */
	make_series(&f->s[4], 24, 95, insp, 1, NULL);
	for (size_t i = 0; i < 5; i++) {
		f->src[i].m = catalog_metric(&f->cat, f->cat.programs[0].metrics[i]);
		f->src[i].city = &f->s[i];
	}
	f->in.cat = &f->cat;
	f->in.prog = catalog_program(&f->cat, "stat");
	f->in.tpl = &f->tpl;
	f->in.period = (struct period){ PERIOD_MONTH, 2026, 10 };
	f->in.as_of = "2026-11-03";
	f->in.src = f->src;
	f->in.nsrc = 5;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < 5; i++) {
		for (size_t j = 0; j < f->s[i].n; j++)
			free(f->s[i].notes[j]);
		free(f->s[i].notes);
		free(f->s[i].periods);
		free(f->s[i].values);
	}
	template_release(&f->tpl);
	catalog_release(&f->cat);
	free(f);
	return 0;
}

/* A fake font: every code point is half the size wide (bold a fifth wider). */
static double
fake_width(void *arg, int font, double size, const char *s, size_t n)
{
	(void)arg;
	return (double)text_count(s, n) * size / 2 * (font ? 1.2 : 1.0);
}

static const struct text_measure fake = { fake_width, NULL, NULL };

static void
test_packet_words_and_figures(void **state)
{
	struct metric pct = { 0 }, usd = { 0 }, days = { 0 };
	struct period q = { PERIOD_QUARTER, 2026, 3 }, m = { PERIOD_MONTH, 2026, 10 };
	char b[64], *s;

	(void)state;
	pct.unit = (char *)"%", pct.decimals = 1;
	usd.unit = (char *)"USD", usd.decimals = 0;
	days.unit = (char *)"days", days.decimals = 1;
	assert_string_equal(packet_fmt_value(&pct, 91.4, 0, b, sizeof b), "91.4%");
	assert_string_equal(packet_fmt_value(&usd, 1218802, 0, b, sizeof b), "$1,218,802");
	assert_string_equal(packet_fmt_value(&usd, 1218802, 1, b, sizeof b), "$1.22M");
	assert_string_equal(packet_fmt_value(&days, 4.7, 0, b, sizeof b), "4.7 days");
	assert_string_equal(packet_fmt_value(&days, 1, 0, b, sizeof b), "1.0 days");
	assert_string_equal(packet_fmt_target(&days, 5, b, sizeof b), "5 days");
	assert_string_equal(packet_fmt_target(&pct, 92, b, sizeof b), "92%");
	assert_string_equal(packet_fmt_short(&days, 4.7, 0, b, sizeof b), "4.7");
	assert_string_equal(packet_fmt_change(&days, -0.3, b, sizeof b), "\xe2\x88\x92" "0.3");
	assert_string_equal(packet_fmt_change(&pct, 1.26, b, sizeof b), "+1.3 pts");
	assert_string_equal(packet_fmt_change(&days, 0.01, b, sizeof b), "0");
	assert_string_equal(packet_fmt_change(&usd, -85000, b, sizeof b), "\xe2\x88\x92$85k");
	assert_string_equal(packet_period_long(&m, b, sizeof b), "October 2026");
	assert_string_equal(packet_period_long(&q, b, sizeof b), "Q3 2026");
	assert_string_equal(packet_period_short(&m, b, sizeof b), "Oct 26");
	assert_string_equal(s = packet_break_label("district=3"), "District 3");
	free(s);
	assert_string_equal(s = packet_break_label("neighbourhood=Fairview"), "Fairview");
	free(s);
}

static void
test_packet_headlines_state_the_finding(void **state)
{
	struct fixture *f = *state;
	struct packet p;
	struct kp_err e;

	assert_int_equal(packet_build(&f->in, &p, &e), 0);
	assert_int_equal(p.npm, 5);
	assert_string_equal(p.pm[0].headline, "Permit reviews back under 5 days for the third month");
	assert_string_equal(p.pm[1].headline, "Open blight cases above target for 4 months running");
	assert_string_equal(p.pm[2].headline,
	    "Calls received unusually high in October (200 calls), outside its usual range");
	assert_string_equal(p.pm[3].headline,
	    "Missed pickups: no figure yet for October 2026 (last reported September 2026)");
	assert_string_equal(p.pm[4].headline, "Inspections on time fell below target in October");
	assert_string_equal(p.pm[1].detail, "1,180 cases against a target of 1,100 cases; up 10 "
	    "cases from September and up 190 cases from October 2025.");
	/* Special causes are worded as such, with the rule that fired. */
	assert_non_null(p.pm[2].signal);
	assert_non_null(strstr(p.pm[2].signal, "outside the process limits"));
	/* Forecasts only where there is a target. */
	assert_null(p.pm[2].forecast);
	assert_non_null(p.pm[1].forecast);
	/* Commentary is carried with its UTF-8 intact. */
	assert_non_null(strstr(p.pm[1].note, "\xe2\x80\x9cheir property\xe2\x80\x9d"));
	packet_release(&p);
}

static void
test_packet_reasons_and_attention_order(void **state)
{
	struct fixture *f = *state;
	struct packet p;
	struct kp_err e;
	const struct packet_flow *a;

	assert_int_equal(packet_build(&f->in, &p, &e), 0);
	assert_int_equal(p.count[STATUS_ON], 1);
	assert_int_equal(p.count[STATUS_OFF], 2);
	assert_int_equal(p.count[STATUS_NO_TARGET], 1);
	assert_int_equal(p.count[STATUS_MISSING], 1);
	assert_int_equal(p.pm[1].reason, REASON_STILL_OFF);
	assert_int_equal(p.pm[1].run, 4);
	assert_int_equal(p.pm[2].reason, REASON_SHIFT);
	assert_int_equal(p.pm[3].reason, REASON_MISSING);
	assert_int_equal(p.pm[4].reason, REASON_NEW_OFF);
	assert_true(p.pm[1].attention && p.pm[3].attention && p.pm[4].attention);
	/* Newly off first, then missed running, shifts, missing; each heading before its items. */
	a = &p.attention;
	assert_true(a->n >= 9);
	assert_int_equal(a->v[0].kind, BLOCK_HEADING);
	assert_string_equal(a->v[0].title, "Newly off target");
	assert_int_equal(a->v[1].metric, 4);
	assert_string_equal(a->v[2].title, "Missed the target two periods running or more");
	assert_int_equal(a->v[3].metric, 1);
	assert_non_null(a->v[3].quote);
	assert_string_equal(a->v[4].title, "Real shifts, not noise (special cause)");
	assert_string_equal(a->v[7].title, "Missing or late figures");
	assert_int_equal(a->v[8].metric, 3);
	packet_release(&p);
}

static void
test_packet_layout_assigns_pages(void **state)
{
	struct fixture *f = *state;
	struct packet_geom g;
	struct packet p;
	struct kp_err e;
	size_t rows = 0, metric_pages = 0;

	assert_int_equal(packet_build(&f->in, &p, &e), 0);
	packet_geometry(TPL_LETTER, &g);
	assert_true(g.pw == 612 && g.ph == 792 && g.x0 < g.x1 && g.bottom < g.top);
	assert_true(packet_layout(&p, &g, &fake) >= 9);
	assert_int_equal(p.pages[0].kind, PAGE_COVER);
	assert_int_equal(p.pages[1].kind, PAGE_GLANCE);
	assert_int_equal(p.pages[p.npages - 1].kind, PAGE_GLOSSARY);
	for (size_t i = 0; i < p.npages; i++) {
		if (p.pages[i].kind == PAGE_GLANCE)
			rows += p.pages[i].n;
		if (p.pages[i].kind == PAGE_METRIC)
			metric_pages++;
		/* Sections come in template order. */
		assert_true(i == 0 || p.pages[i].sec->kind >= p.pages[i - 1].sec->kind);
	}
	assert_int_equal(rows, 5);
	assert_int_equal(metric_pages, 5);
	for (size_t i = 0; i < p.npm; i++) {
		assert_true(p.pm[i].page > 0);
		assert_int_equal(p.pages[p.pm[i].page].kind, PAGE_METRIC);
		assert_int_equal(p.pages[p.pm[i].page].metric, i);
	}
	packet_release(&p);

	/* Only metrics needing attention get a page. */
	f->tpl.pages = TPL_PAGES_ATTENTION;
	assert_int_equal(packet_build(&f->in, &p, &e), 0);
	packet_layout(&p, &g, &fake);
	for (size_t i = 0; i < p.npm; i++)
		assert_int_equal(p.pm[i].page >= 0, p.pm[i].attention);
	packet_release(&p);
	f->tpl.pages = TPL_PAGES_ALL;
}

static void
test_packet_paginates_long_sections(void **state)
{
	struct fixture *f = *state;
	struct packet_source *src = xcalloc(100, sizeof *src);
	struct packet_input in = f->in;
	struct packet_geom g;
	struct packet p;
	struct kp_err e;
	size_t next = 0;

	/* 100 metrics (the five, repeated): the table and the flows run over several pages. */
	for (size_t i = 0; i < 100; i++)
		src[i] = f->src[i % 5];
	in.src = src;
	in.nsrc = 100;
	assert_int_equal(packet_build(&in, &p, &e), 0);
	packet_geometry(TPL_A4, &g);
	packet_layout(&p, &g, &fake);
	for (size_t i = 0; i < p.npages; i++) {
		const struct packet_page *pg = &p.pages[i];
		const struct packet_flow *fl = pg->kind == PAGE_ATTENTION ? &p.attention :
		    pg->kind == PAGE_GLOSSARY ? &p.glossary : pg->kind == PAGE_NOTES ? &p.notes : NULL;
		double used = 0;

		if (pg->kind == PAGE_GLANCE) {
			/* Rows are contiguous and fit the page. */
			assert_int_equal(pg->first, next);
			next += pg->n;
			assert_true(pg->n <= p.glance_rows + 2);
			assert_int_equal(pg->cont, pg->first > 0);
		}
		if (fl == NULL || pg->n == 0)
			continue;
		/* A page's blocks fit its height, and a heading never ends a page. */
		for (size_t k = pg->first; k < pg->first + pg->n; k++)
			used += fl->v[k].h;
		assert_true(used <= g.top - g.bottom || pg->n == 1);
		if (pg->first + pg->n < fl->n)
			assert_int_equal(fl->v[pg->first + pg->n - 1].keep_next, 0);
	}
	assert_int_equal(next, 100);
	packet_release(&p);
	free(src);
}

static void
test_packet_without_data_says_so(void **state)
{
	struct fixture *f = *state;
	struct packet_input in = f->in;
	struct packet_geom g;
	struct packet p;
	struct kp_err e;
	size_t nodata = 0;

	in.period = (struct period){ PERIOD_MONTH, 2030, 1 };
	assert_int_equal(packet_build(&in, &p, &e), 0);
	assert_int_equal(p.no_data, 1);
	assert_int_equal(p.count[STATUS_MISSING], 5);
	packet_geometry(TPL_LETTER, &g);
	packet_layout(&p, &g, &fake);
	for (size_t i = 0; i < p.npages; i++) {
		nodata += p.pages[i].kind == PAGE_NODATA;
		assert_true(p.pages[i].kind != PAGE_GLANCE && p.pages[i].kind != PAGE_METRIC);
	}
	assert_int_equal(nodata, 1);
	packet_release(&p);
}

/* Index of the block titled `title` in flow f (the first at or after `from`), or -1. */
static long
block_titled(const struct packet_flow *f, const char *title, size_t from)
{
	for (size_t i = from; i < f->n; i++)
		if (f->v[i].title != NULL && strcmp(f->v[i].title, title) == 0)
			return (long)i;
	return -1;
}

#define LEFT_OUT	"records with closed_on before opened_on left out"

static void
test_packet_notes_show_compute_notes(void **state)
{
	struct fixture *f = *state;
	static const struct packet_cnote notes[] = {
		{ "blight.open", { PERIOD_MONTH, 2025, 9 }, LEFT_OUT, 5 },	/* before the table */
		{ "blight.open", { PERIOD_MONTH, 2026, 2 }, LEFT_OUT, 1 },
		{ "blight.open", { PERIOD_MONTH, 2026, 10 }, LEFT_OUT, 1200 },
		{ "blight.open", { PERIOD_MONTH, 2026, 11 }, LEFT_OUT, 4 },	/* after the packet */
		{ "calls.volume", { PERIOD_MONTH, 2026, 8 }, "records without a district left out", 1 },
		{ "calls.volume", { PERIOD_MONTH, 2026, 9 }, "records without a district left out", 3 },
		{ "not.in.packet", { PERIOD_MONTH, 2026, 10 }, LEFT_OUT, 7 },
		{ "permits.review_days", { PERIOD_MONTH, 2026, 3 },
		    "records with decided_at before submitted_at left out", 1 },
		{ "permits.review_days", { PERIOD_MONTH, 2026, 4 }, LEFT_OUT, 0 },	/* nothing */
	};
	struct packet_input in = f->in;
	const struct packet_flow *fl;
	struct packet p;
	struct kp_err e;
	long h;

	in.cnotes = notes;
	in.ncnotes = sizeof notes / sizeof notes[0];
	assert_int_equal(packet_build(&in, &p, &e), 0);
	fl = &p.notes;
	h = block_titled(fl, "Data quality of computed figures", 0);
	assert_true(h >= 0);
	assert_int_equal(fl->v[h].kind, BLOCK_HEADING);
	assert_int_equal(block_titled(fl, "Data quality of computed figures", (size_t)h + 1), -1);
	/* One entry per metric in packet order, right under the heading; none for other metrics. */
	assert_true((size_t)h + 3 < fl->n);
	assert_int_equal(fl->v[h + 1].kind, BLOCK_ENTRY);
	assert_string_equal(fl->v[h + 1].title, "Permit reviews");
	assert_int_equal(fl->v[h + 1].metric, 0);
	assert_string_equal(fl->v[h + 1].text, "In March 2026, 1 record was left out of the figure "
	    "because its decided date is earlier than its submitted date.");
	assert_string_equal(fl->v[h + 2].title, "Open blight cases");
	assert_int_equal(fl->v[h + 2].metric, 1);
	assert_string_equal(fl->v[h + 2].text, "1,201 records were left out of these figures "
	    "because their closed date is earlier than their opened date: 1,200 in October 2026 "
	    "and 1 in February 2026.");
	/* A note of another kind keeps its own words. */
	assert_string_equal(fl->v[h + 3].title, "Calls received");
	assert_string_equal(fl->v[h + 3].text, "September 2026: 3 records without a district left "
	    "out; August 2026: 1 record without a district left out.");
	assert_true((size_t)h + 4 == fl->n || fl->v[h + 4].kind == BLOCK_HEADING);
	packet_release(&p);

	/* Notes only outside the table window, of other metrics, or empty: no heading. */
	in.cnotes = notes;
	in.ncnotes = 1;
	assert_int_equal(packet_build(&in, &p, &e), 0);
	assert_int_equal(block_titled(&p.notes, "Data quality of computed figures", 0), -1);
	packet_release(&p);
	in.cnotes = &notes[6];
	assert_int_equal(packet_build(&in, &p, &e), 0);
	assert_int_equal(block_titled(&p.notes, "Data quality of computed figures", 0), -1);
	packet_release(&p);
	assert_int_equal(packet_build(&f->in, &p, &e), 0);
	assert_int_equal(block_titled(&p.notes, "Data quality of computed figures", 0), -1);
	assert_true(block_titled(&p.notes, "Missing or late figures", 0) >= 0);
	packet_release(&p);
}

/* ---- the Stat cycle: follow-ups, agenda, commentary, revisions, submissions ---- */

#define S(x)	((char *)(x))

static struct cy_action cycle_actions[] = {
	{ .id = 1, .metric = S("blight.open"), .owner = S("Dana Cole"), .due = S("2026-10-01"),
	    .text = S("Clear the District 3 backlog"), .status = CY_OPEN,
	    .note = S("Waiting on the contractor") },
	{ .id = 2, .metric = S("new.off"), .owner = S("Lee Park"), .due = S("2026-12-01"),
	    .text = S("Add a second inspection shift"), .status = CY_IN_PROGRESS,
	    .plan = S("Hire two inspectors by November") },
	{ .id = 3, .metric = S("permits.review_days"), .owner = S("Pat Smith"),
	    .due = S("2026-07-31"), .text = S("Cut resubmissions with a checklist"),
	    .status = CY_DONE, .evidence = S("Checklist live on the portal"),
	    .closed_on = S("2026-07-15") },
	{ .id = 4, .owner = S("Lee Park"), .due = S("2026-11-01"), .text = S("Survey the crews"),
	    .status = CY_DROPPED, .note = S("Superseded by F-2"), .closed_on = S("2026-10-20") },
	{ .id = 5, .owner = S("Ana Ruiz"), .due = S("2026-12-15"), .text = S("Draft the memo"),
	    .status = CY_OPEN, .done_when = S("Memo sent to council") },
	{ .id = 6, .metric = S("calls.volume"), .owner = S("Pat Smith"), .due = S("2026-10-31"),
	    .text = S("Publish the call log"), .status = CY_DONE,
	    .evidence = S("Posted on the open data portal"), .closed_on = S("2026-10-25") },
};

static const struct packet_followup cycle_fu[] = {
	{ &cycle_actions[0], CY_RED }, { &cycle_actions[1], CY_YELLOW },
	{ &cycle_actions[2], CY_GREEN }, { &cycle_actions[3], CY_GREY },
	{ &cycle_actions[4], CY_WHITE }, { &cycle_actions[5], CY_GREEN },
};

static struct cy_agenda cycle_agenda[] = {
	{ 1, S("Follow-up review"), 10, NULL },
	{ 2, S("Blight backlog in District 3"), 30, S("blight.open") },
};

static char *cycle_attendees[] = { S("Mayor Ortiz"), S("Dana Cole") };

static struct cy_meeting cycle_meeting = {
	.id = 7, .program = S("stat"), .period = S("2026-10"), .date = S("2026-11-05"),
	.time = S("09:30"), .place = S("City Hall, Room 4"), .chair = S("Mayor Ortiz"),
	.attendees = cycle_attendees, .nattendees = 2, .agenda = cycle_agenda, .nagenda = 2,
};

static struct cy_comment cycle_comments[] = {
	{ S("blight.open"), S("2026-10"), S(""), S("Old commentary"), S("a"), S("t1"), NULL, 0 },
	{ S("blight.open"), S("2026-10"), S(""), S("The contractor started on 20 October."),
	    S("Dana Cole"), S("t2"), NULL, 1 },
	{ S("permits.review_days"), S("2026-09"), S(""), S("The checklist is working."),
	    S("Pat Smith"), S("t3"), NULL, 1 },
};

static const struct packet_revision cycle_revs[] = {
	{ "blight.open", "2026-09", "", 1170, 1175, "late closures", "Dana Cole",
	    "2026-10-12T09:00:00Z" },
};

static struct cy_late_change cycle_late[] = {
	{ S("blight.open"), S("2026-09"), S(""), S("revised"), 1, 1, 1170, 1175, S("Dana Cole"),
	    S("2026-10-12T09:00:00Z"), S("late closures"), S("stat"), S("2026-09") },
	{ S("new.off"), S("2026-09"), S(""), S("commentary"), 0, 0, 0, 0, S("Lee Park"),
	    S("2026-10-13T09:00:00Z"), S("wrong month cited"), S("stat"), S("2026-09") },
};

/* The data call as datacall_load() would leave it; metrics are filled in by cycle_input(). */
static struct dc_figure cycle_figs[] = {
	{ .state = DC_SUBMITTED, .entered_at = "2026-11-02T10:00:00Z" },	/* permits */
	{ .state = DC_STALE, .stale_why = S("latest record 2026-09-28") },	/* calls.volume */
	{ .state = DC_SUBMITTED, .entered_at = "2026-10-30T10:00:00Z" },	/* blight.open */
	{ .state = DC_MISSING },						/* stale.metric */
	{ .state = DC_SUBMITTED, .late = 1, .entered_at = "2026-11-06T10:00:00Z" },	/* new.off */
};
static struct dc_dept cycle_depts[] = { { .first = 0, .n = 2 }, { .first = 2, .n = 3 } };
static struct datacall cycle_call = { .program = "stat", .due = S("2026-11-04"),
	.fig = cycle_figs, .nfig = 5, .dept = cycle_depts, .ndept = 2 };

static struct cy_publication cycle_pub = { .id = 1, .program = S("stat"),
	.period = S("2026-08"), .at = S("2026-09-03T12:00:00Z") };

static void
cycle_input(struct fixture *f, struct packet_input *in)
{
	*in = f->in;
	in->meeting = &cycle_meeting;
	in->fu = cycle_fu;
	in->nfu = sizeof cycle_fu / sizeof cycle_fu[0];
	in->closed_since = "2026-10-08";
	in->comments = cycle_comments;
	in->ncomments = 3;
	in->revs = cycle_revs;
	in->nrevs = 1;
	in->late = cycle_late;
	in->nlate = 2;
	in->call = &cycle_call;
	in->last_pub = &cycle_pub;
	{
		static const char *const codes[] = { "permits.review_days", "calls.volume",
		    "blight.open", "stale.metric", "new.off" };

		for (size_t i = 0; i < 5; i++)
			cycle_figs[i].m = catalog_metric(&f->cat, codes[i]);
		cycle_depts[0].d = catalog_dept(&f->cat, "dev");
		cycle_depts[1].d = catalog_dept(&f->cat, "code");
	}
}

/* The notes block whose title or text holds `needle`, or NULL. */
static const struct packet_block *
note_with(const struct packet *p, const char *needle)
{
	for (size_t i = 0; i < p->notes.n; i++) {
		const struct packet_block *b = &p->notes.v[i];

		if ((b->title && strstr(b->title, needle)) || (b->text && strstr(b->text, needle)))
			return b;
	}
	return NULL;
}

static void
test_packet_follow_up_table(void **state)
{
	struct fixture *f = *state;
	struct packet_input in;
	struct packet p;
	struct kp_err e;
	static const long order[] = { 1, 2, 5, 6, 4 };

	cycle_input(f, &in);
	assert_int_equal(packet_build(&in, &p, &e), 0);
	/* Overdue, in progress, open, then closed since the last session; F-3 closed before it. */
	assert_int_equal(p.nfu, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(p.fu[i].a->id, order[i]);
	assert_string_equal(p.fu[0].id, "F-1");
	assert_string_equal(p.fu[0].word, "Overdue");
	assert_string_equal(p.fu[0].latest, "Waiting on the contractor");
	assert_string_equal(p.fu[1].word, "In progress");
	assert_string_equal(p.fu[1].latest, "Revised plan: Hire two inspectors by November");
	assert_string_equal(p.fu[2].latest, "Done when: Memo sent to council");
	assert_string_equal(p.fu[3].latest, "Evidence: Posted on the open data portal");
	assert_string_equal(p.fu[4].word, "Dropped");
	assert_string_equal(p.fu[4].latest, "Dropped: Superseded by F-2");
	/* Each row knows its metric, and each metric its rows. */
	assert_int_equal(p.fu[0].metric, 1);
	assert_int_equal(p.fu[2].metric, -1);
	assert_int_equal(p.pm[1].nfu, 1);
	assert_int_equal(p.pm[1].fu[0], 0);
	assert_int_equal(p.pm[0].nfu, 0);	/* F-3 is closed and no longer listed ... */
	packet_release(&p);

	/* Without the session before, every closed follow-up is listed. */
	in.closed_since = NULL;
	assert_int_equal(packet_build(&in, &p, &e), 0);
	assert_int_equal(p.nfu, 6);
	packet_release(&p);
}

static void
test_packet_did_it_work(void **state)
{
	struct fixture *f = *state;
	struct packet_input in;
	struct packet p;
	struct kp_err e;
	const struct packet_metric *pm;

	cycle_input(f, &in);
	assert_int_equal(packet_build(&in, &p, &e), 0);
	/*
	** ... but it still marks the permits chart: done in July 2026 (grid index 20 of
	** 2024-11..2026-10), after it 4.8, 4.7 and 4.6 days against a mean near 6 with limits a
	** few hundredths wide: all three beyond, an improvement for a lower-is-better metric.
	*/
	pm = &p.pm[0];
	assert_int_equal(pm->neff, 1);
	assert_int_equal(pm->eff[0].done_at, 20);
	assert_int_equal(pm->eff[0].r.verdict, TREND_EFFECT_IMPROVEMENT);
	assert_int_equal(pm->eff[0].r.nafter, 3);
	assert_int_equal(pm->eff[0].r.below, 3);
	assert_string_equal(pm->eff[0].text, "Since follow-up F-3 (cut resubmissions with a "
	    "checklist) was done in July 2026, 3 of 3 months have been below the former average "
	    "of 6.0 days, 3 beyond its former limits: a real change, an improvement.");
	/* Done in October, the period reported on: nothing after it yet. */
	pm = &p.pm[2];
	assert_int_equal(pm->neff, 1);
	assert_int_equal(pm->eff[0].done_at, 23);
	assert_int_equal(pm->eff[0].r.verdict, TREND_EFFECT_TOO_FEW_AFTER);
	assert_non_null(strstr(pm->eff[0].text, "no month since has a figure yet"));
	/* Open and dropped follow-ups mark nothing. */
	assert_int_equal(p.pm[1].neff, 0);
	assert_int_equal(p.pm[4].neff, 0);
	packet_release(&p);

	/* A process change in November 2025 (grid index 12): the frozen limits start there. */
	{
		struct metric *m = (struct metric *)catalog_metric(&f->cat, "permits.review_days");
		struct period *keep = m->rebase, rb = { PERIOD_MONTH, 2025, 11 };
		size_t nkeep = m->nrebase;

		m->rebase = &rb;
		m->nrebase = 1;
		assert_int_equal(packet_build(&in, &p, &e), 0);
		m->rebase = keep;
		m->nrebase = nkeep;
		assert_int_equal(p.pm[0].eff[0].r.start, 12);
		assert_int_equal(p.pm[0].eff[0].r.nbefore, 8);	/* 2025-11 .. 2026-06 */
		assert_int_equal(p.pm[0].eff[0].r.verdict, TREND_EFFECT_IMPROVEMENT);
		packet_release(&p);
	}
}

static void
test_packet_cycle_notes_and_commentary(void **state)
{
	struct fixture *f = *state;
	struct packet_input in;
	struct packet p;
	struct kp_err e;
	const struct packet_block *b;

	cycle_input(f, &in);
	assert_int_equal(packet_build(&in, &p, &e), 0);
	/* The current commentary supersedes the figure's note; old versions are not shown. */
	assert_string_equal(p.pm[1].note, "The contractor started on 20 October.");
	assert_non_null(p.pm[0].earlier);
	assert_int_equal(p.pm[0].nearlier, 1);
	assert_string_equal(p.pm[0].earlier[0].text, "The checklist is working.");
	/* Revised since the last published packet, with who and why, marked as after the lock. */
	assert_non_null(b = note_with(&p, "Revised since the August 2026 packet"));
	assert_int_equal(b->kind, BLOCK_HEADING);
	assert_non_null(b = note_with(&p, "1,170 cases \xe2\x86\x92 1,175 cases"));
	assert_string_equal(b->text, "September 2026: 1,170 cases \xe2\x86\x92 1,175 cases after "
	    "the figure was locked, by Dana Cole on 12 October 2026, reason: late closures.");
	/* The commentary change has no revision of its own: listed from the late changes. */
	assert_non_null(b = note_with(&p, "commentary changed after the lock"));
	assert_string_equal(b->title, "Inspections on time");
	/* Late and missing submissions, per department. */
	assert_non_null(note_with(&p, "Late and missing submissions"));
	assert_non_null(b = note_with(&p, "Missing: Missed pickups"));
	assert_string_equal(b->title, "Code Enforcement");
	assert_string_equal(b->text, "Figures were due 4 November 2026. Missing: Missed pickups. "
	    "Late: Inspections on time (entered 6 November 2026).");
	assert_null(note_with(&p, "Permit reviews (entered"));
	/* A computed metric whose records do not reach the period yet. */
	assert_non_null(b = note_with(&p, "Records not in yet for"));
	assert_string_equal(b->title, "Development Services");
	assert_string_equal(b->text, "Figures were due 4 November 2026. Records not in yet for: "
	    "Calls received (latest record 2026-09-28).");
	/* "Since the last packet" is since August: still off target at August reads as such. */
	assert_non_null(p.last_pub_long);
	assert_string_equal(p.last_pub_long, "August 2026");
	assert_true(p.pm[1].since == 21);
	packet_release(&p);
}

static void
test_packet_cycle_pages(void **state)
{
	struct fixture *f = *state;
	struct packet_input in;
	struct packet_geom g;
	struct packet p;
	struct kp_err e;
	size_t n;

	cycle_input(f, &in);
	assert_int_equal(packet_build(&in, &p, &e), 0);
	packet_geometry(TPL_LETTER, &g);
	n = packet_layout(&p, &g, &fake);
	/* Built-in order: cover, agenda, follow-ups, ..., next steps, glossary. */
	assert_int_equal(p.pages[0].kind, PAGE_COVER);
	assert_int_equal(p.pages[1].kind, PAGE_AGENDA);
	assert_int_equal(p.pages[1].n, 2);
	assert_int_equal(p.nagenda, 2);
	assert_int_equal(p.agenda[1].metric, 1);
	assert_int_equal(p.agenda[0].metric, -1);
	assert_int_equal(p.pages[2].kind, PAGE_ACTIONS);
	assert_int_equal(p.fu_page, 2);
	assert_int_equal(p.pages[2].n, 5);
	assert_int_equal(p.pages[n - 2].kind, PAGE_NEXT_STEPS);
	assert_int_equal(p.pages[n - 1].kind, PAGE_GLOSSARY);
	for (size_t i = 0; i < p.nfu; i++)
		assert_true(p.fu[i].h >= 2 * PK_FU_PAD + PK_FU_LEAD);
	packet_release(&p);

	/* Without a meeting or follow-ups both sections are left out. */
	in.meeting = NULL;
	in.nfu = 0;
	assert_int_equal(packet_build(&in, &p, &e), 0);
	n = packet_layout(&p, &g, &fake);
	assert_int_equal(p.pages[1].kind, PAGE_GLANCE);
	assert_int_equal(p.fu_page, -1);
	packet_release(&p);
}

static void
test_packet_empty_program_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct packet_input in = f->in;
	struct packet p;
	struct kp_err e;

	in.prog = catalog_program(&f->cat, "empty");
	in.nsrc = 0;
	err_clear(&e);
	assert_int_equal(packet_build(&in, &p, &e), -1);
	assert_int_equal(e.code, KP_DATA);
	assert_non_null(strstr(e.msg, "program 'empty' has no metrics"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_words_and_figures),
		cmocka_unit_test(test_packet_headlines_state_the_finding),
		cmocka_unit_test(test_packet_reasons_and_attention_order),
		cmocka_unit_test(test_packet_layout_assigns_pages),
		cmocka_unit_test(test_packet_paginates_long_sections),
		cmocka_unit_test(test_packet_without_data_says_so),
		cmocka_unit_test(test_packet_notes_show_compute_notes),
		cmocka_unit_test(test_packet_follow_up_table),
		cmocka_unit_test(test_packet_did_it_work),
		cmocka_unit_test(test_packet_cycle_notes_and_commentary),
		cmocka_unit_test(test_packet_cycle_pages),
		cmocka_unit_test(test_packet_empty_program_is_an_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
