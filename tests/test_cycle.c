/*
** test_cycle.c: the Stat cycle's tables in the store (store_cycle.h) and the data call's view
** of them (datacall.h): calls opened, kept, changed, reopened and closed; commentary versions;
** locks that freeze figures so that store_record answers STORE_LOCKED, and the late-change log
** when a lock reason is set; publications; meetings with agenda and decisions; follow-ups with
** their history and CitiStat colours; departments late, missing and unexplained.
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

#include "kpistat/catalog.h"
#include "kpistat/datacall.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"
#include "kpistat/store_cycle.h"
#include "kpistat/store_events.h"
#include "store_fixture.h"

static const char catalog_text[] =
    "departments:\n"
    "  - { code: dev, name: Development, head: Pat }\n"
    "  - { code: fire, name: Fire, head: Mike }\n"
    "metrics:\n"
    "  - { code: a, name: A, department: dev, direction: lower,\n"
    "      targets: [{ value: 5, from: 2026-01 }] }\n"
    "  - { code: b, name: B, department: fire, direction: higher,\n"
    "      targets: [{ value: 90, from: 2026-01 }] }\n"
    "  - { code: q, name: Q, department: fire, direction: higher, frequency: quarterly }\n"
    "programs:\n"
    "  - { code: p, metrics: [a, b, q] }\n";

struct fixture {
	struct fx	 fx;
	struct store	*st;
	struct catalog	 cat;
};

static void
clock_at(struct store *st, const char *iso)
{
	store_set_clock(st, iso);
	setenv("SOURCE_DATE_EPOCH", "1790000000", 1);	/* st_now_iso for writes without a clock */
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || fx_dir(&f->fx, "test_cycle") != 0 ||
	    fx_catalog(&f->fx, catalog_text, &f->cat) != 0 ||
	    (f->st = fx_store(&f->fx, &f->cat)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	catalog_release(&f->cat);
	fx_remove(&f->fx);
	free(f);
	return 0;
}

static struct period
per(const char *s)
{
	struct period p;
	struct kp_err e;

	assert_int_equal(period_parse(s, &p, &e), 0);
	return p;
}

static enum store_outcome
rec(struct store *st, const char *metric, const char *period, double v, const char *note,
    const char *reason)
{
	struct figure fg = { metric, per(period), "", v, note, "tester", "entered" };
	enum store_outcome out;
	struct kp_err e;

	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_record(st, &fg, reason, &out, NULL, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	return out;
}

static void
test_calls(void **state)
{
	struct fixture *f = *state;
	struct period p = per("2026-10");
	enum cy_call_outcome out;
	struct cy_call *c;
	struct kp_err e;
	size_t n;

	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_call_open(f->st, "p", &p, "2026-11-05", NULL, "ann", &out, &e), 0);
	assert_int_equal(out, CY_CALL_OPENED);
	assert_int_equal(store_call_open(f->st, "p", &p, "2026-11-05", NULL, "ann", &out, &e), 0);
	assert_int_equal(out, CY_CALL_SAME);
	assert_int_equal(store_call_open(f->st, "p", &p, "2026-11-07", "2026-11-09", "ann", &out,
	    &e), 0);
	assert_int_equal(out, CY_CALL_CHANGED);
	assert_int_equal(store_call_close(f->st, "p", "2026-10", "ann", &e), 1);
	assert_int_equal(store_call_close(f->st, "p", "2026-10", "ann", &e), 0);	/* already */
	assert_int_equal(store_call_close(f->st, "p", "2026-09", "ann", &e), 0);	/* none */
	assert_int_equal(store_commit(f->st, &e), 0);

	assert_int_equal(store_calls(f->st, "p", NULL, &c, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].due, "2026-11-07");
	assert_string_equal(c[0].due_was, "2026-11-05");
	assert_string_equal(c[0].cutoff, "2026-11-09");
	assert_non_null(c[0].closed_at);
	cy_calls_free(c, n);

	/* Opening a closed call reopens it and keeps the cutoff it had. */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_call_open(f->st, "p", &p, "2026-11-07", NULL, "ann", &out, &e), 0);
	assert_int_equal(out, CY_CALL_REOPENED);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(store_calls(f->st, NULL, "2026-10", &c, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_null(c[0].closed_at);
	assert_string_equal(c[0].cutoff, "2026-11-09");
	cy_calls_free(c, n);
}

static void
test_comments_keep_versions(void **state)
{
	struct fixture *f = *state;
	struct period p = per("2026-10");
	enum cy_comment_outcome out;
	struct cy_comment *c;
	struct kp_err e;
	size_t n;

	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_comment_put(f->st, "a", &p, "", "first", "pat", NULL, &out, &e), 0);
	assert_int_equal(out, CY_COMMENT_NEW);
	assert_int_equal(store_comment_put(f->st, "a", &p, "", "first", "pat", NULL, &out, &e), 0);
	assert_int_equal(out, CY_COMMENT_SAME);
	assert_int_equal(store_comment_put(f->st, "a", &p, "", "second", "lee", NULL, &out, &e), 0);
	assert_int_equal(out, CY_COMMENT_REVISED);
	assert_int_equal(store_comment_put(f->st, "a", &p, "district=3", "part", "lee", NULL, &out,
	    &e), 0);
	assert_int_equal(out, CY_COMMENT_NEW);
	assert_int_equal(store_commit(f->st, &e), 0);

	assert_int_equal(store_comments(f->st, "a", "2026-10", "", 0, &c, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].text, "second");
	assert_string_equal(c[0].by, "lee");
	cy_comments_free(c, n);
	assert_int_equal(store_comments(f->st, "a", NULL, NULL, 1, &c, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].text, "first");
	assert_int_equal(c[0].current, 0);
	assert_string_equal(c[1].text, "second");
	assert_int_equal(c[1].current, 1);
	assert_string_equal(c[2].breakdown, "district=3");
	cy_comments_free(c, n);
}

static void
test_lock_freezes_figures(void **state)
{
	struct fixture *f = *state;
	struct period p = per("2026-10");
	struct cy_frozen fz[] = { { "a", per("2026-10") }, { "q", per("2026-Q3") } };
	struct cy_late_change *lc;
	enum cy_comment_outcome cout;
	struct kp_err e;
	char prog[64], lper[16];
	size_t n;
	int already;

	clock_at(f->st, "2026-11-01T10:00:00Z");
	assert_int_equal(rec(f->st, "a", "2026-10", 6, NULL, NULL), STORE_NEW);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_lock(f->st, "p", &p, fz, 2, "ann", 0, &already, &e), 0);
	assert_int_equal(already, 0);
	assert_int_equal(store_lock(f->st, "p", &p, fz, 2, "ann", 0, &already, &e), 0);
	assert_int_equal(already, 1);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(store_figure_lock(f->st, "a", "2026-10", prog, lper, &e), 1);
	assert_string_equal(prog, "p");
	assert_string_equal(lper, "2026-10");
	assert_int_equal(store_figure_lock(f->st, "a", "2026-09", prog, lper, &e), 0);
	assert_int_equal(store_figure_lock(f->st, "b", "2026-10", prog, lper, &e), 0);

	/* Without a lock reason nothing is written, even with a revision reason. */
	assert_int_equal(rec(f->st, "a", "2026-10", 7, NULL, "fix"), STORE_LOCKED);
	assert_int_equal(rec(f->st, "a", "2026-10", 6, "a note", NULL), STORE_LOCKED);
	assert_int_equal(rec(f->st, "a", "2026-10", 6, NULL, NULL), STORE_SAME);
	assert_int_equal(rec(f->st, "q", "2026-Q3", 1, NULL, NULL), STORE_LOCKED);	/* new */
	assert_int_equal(rec(f->st, "b", "2026-10", 80, NULL, NULL), STORE_NEW);	/* not frozen */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_comment_put(f->st, "a", &p, "", "why", "pat", NULL, &cout, &e), 0);
	assert_int_equal(cout, CY_COMMENT_LOCKED);
	assert_int_equal(store_withdraw(f->st, "a", &p, "", "pat", "gone", &e), -1);
	assert_int_equal(e.code, KP_DATA);
	store_rollback(f->st);
	assert_int_equal(store_count_figures(f->st, "q"), 0);

	/* With one, each change is made and logged. */
	clock_at(f->st, "2026-11-05T10:00:00Z");
	store_set_lock_reason(f->st, "late correction");
	assert_int_equal(rec(f->st, "a", "2026-10", 7, NULL, "late correction"), STORE_REVISED);
	assert_int_equal(rec(f->st, "q", "2026-Q3", 1, NULL, "late correction"), STORE_NEW);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_comment_put(f->st, "a", &p, "", "why", "pat", "late correction",
	    &cout, &e), 0);
	assert_int_equal(cout, CY_COMMENT_NEW);
	assert_int_equal(store_commit(f->st, &e), 0);
	store_set_lock_reason(f->st, NULL);

	assert_int_equal(store_late_changes(f->st, NULL, &lc, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(lc[0].what, "revised");
	assert_true(lc[0].has_old && lc[0].old_value == 6 && lc[0].new_value == 7);
	assert_string_equal(lc[0].reason, "late correction");
	assert_string_equal(lc[0].lock_program, "p");
	assert_string_equal(lc[1].what, "added");
	assert_false(lc[1].has_old);
	assert_string_equal(lc[1].period, "2026-Q3");
	assert_string_equal(lc[2].what, "commentary");
	cy_late_changes_free(lc, n);
	assert_int_equal(store_late_changes(f->st, "2026-11-05T10:00:00Z", &lc, &n, &e), 0);
	assert_int_equal(n, 0);		/* "since" is strictly after */
	cy_late_changes_free(lc, n);
	store_set_clock(f->st, NULL);
}

static void
test_meetings_and_actions(void **state)
{
	struct fixture *f = *state;
	const char *const att[] = { "Pat", "Mike" };
	struct cy_meeting_new mn = { "p", per("2026-10"), "2026-11-12", "09:30", "Room 1", "Mayor",
	    NULL, att, 2 };
	struct cy_action_new an = { 0, "a", "Pat", "2026-11-30", "memo", "signed", "Do it" };
	struct cy_action_update u;
	struct cy_action_event *ev;
	struct cy_action a, *v;
	struct cy_meeting m;
	struct kp_err e;
	long long mid, did, id;
	size_t n, nev;
	int pos;

	clock_at(f->st, "2026-11-12T12:00:00Z");
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_meeting_add(f->st, &mn, "ann", &mid, &e), 0);
	assert_int_equal(store_agenda_add(f->st, mid, "Follow-ups", 10, NULL, "ann", &pos, &e), 0);
	assert_int_equal(pos, 1);
	assert_int_equal(store_agenda_add(f->st, mid, "A", 20, "a", "ann", &pos, &e), 0);
	assert_int_equal(pos, 2);
	assert_int_equal(store_decision_add(f->st, mid, "Hire", "Mayor", 0, &did, &e), 0);
	assert_int_equal(store_decision_add(f->st, mid, "Data by hour", "Mayor", 1, &did, &e), 0);
	an.meeting = mid;
	assert_int_equal(store_action_add(f->st, &an, "ann", &id, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);

	assert_int_equal(store_meeting_get(f->st, mid, &m, &e), 1);
	assert_string_equal(m.place, "Room 1");
	assert_int_equal(m.nattendees, 2);
	assert_string_equal(m.attendees[1], "Mike");
	assert_int_equal(m.nagenda, 2);
	assert_string_equal(m.agenda[1].metric, "a");
	assert_int_equal(m.agenda[1].minutes, 20);
	assert_int_equal(m.ndecisions, 2);
	assert_int_equal(m.decisions[1].data_request, 1);
	cy_meeting_release(&m);
	assert_int_equal(store_meeting_get(f->st, mid + 100, &m, &e), 0);

	/* In progress, then the due date moves with a plan, then done on a given day. */
	memset(&u, 0, sizeof u);
	u.set_status = 1;
	u.status = CY_IN_PROGRESS;
	u.note = "started";
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_action_update(f->st, id, &u, "Pat", &e), 1);
	memset(&u, 0, sizeof u);
	u.due = "2026-12-15";
	u.plan = "new plan";
	assert_int_equal(store_action_update(f->st, id, &u, "Pat", &e), 1);
	memset(&u, 0, sizeof u);
	u.set_status = 1;
	u.status = CY_DONE;
	u.evidence = "signed memo";
	u.on = "2026-12-01";
	assert_int_equal(store_action_update(f->st, id, &u, "Pat", &e), 1);
	assert_int_equal(store_action_update(f->st, id + 100, &u, "Pat", &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);

	assert_int_equal(store_action_get(f->st, id, &a, &ev, &nev, &e), 1);
	assert_int_equal(a.status, CY_DONE);
	assert_string_equal(a.due, "2026-12-15");
	assert_string_equal(a.closed_on, "2026-12-01");
	assert_string_equal(a.evidence, "signed memo");
	assert_string_equal(a.plan, "new plan");
	assert_string_equal(a.note, "started");
	assert_string_equal(a.meeting_date, "2026-11-12");
	assert_int_equal(nev, 3);
	assert_int_equal(ev[0].old_status, CY_OPEN);
	assert_int_equal(ev[0].new_status, CY_IN_PROGRESS);
	assert_null(ev[0].new_due);
	assert_string_equal(ev[1].old_due, "2026-11-30");
	assert_string_equal(ev[1].new_due, "2026-12-15");
	assert_string_equal(ev[2].on, "2026-12-01");
	assert_int_equal(cy_action_colour(&a, "2027-01-01"), CY_GREEN);	/* done is never late */
	cy_action_events_free(ev, nev);

	/* Reopened: the closing day goes; overdue is red, in progress yellow, open white. */
	memset(&u, 0, sizeof u);
	u.set_status = 1;
	u.status = CY_OPEN;
	u.note = "evidence rejected";
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_action_update(f->st, id, &u, "ann", &e), 1);
	assert_int_equal(store_commit(f->st, &e), 0);
	cy_action_release(&a);
	assert_int_equal(store_action_get(f->st, id, &a, NULL, NULL, &e), 1);
	assert_null(a.closed_on);
	assert_int_equal(cy_action_colour(&a, "2026-12-15"), CY_WHITE);
	assert_int_equal(cy_action_colour(&a, "2026-12-16"), CY_RED);
	a.status = CY_IN_PROGRESS;
	assert_int_equal(cy_action_colour(&a, "2026-12-01"), CY_YELLOW);
	assert_int_equal(cy_action_colour(&a, "2026-12-16"), CY_RED);
	a.status = CY_DROPPED;
	assert_int_equal(cy_action_colour(&a, "2026-12-16"), CY_GREY);
	cy_action_release(&a);

	assert_int_equal(store_actions(f->st, "p", &v, &n, &e), 0);
	assert_int_equal(n, 1);
	cy_actions_free(v, n);
	assert_int_equal(store_actions(f->st, "other", &v, &n, &e), 0);
	assert_int_equal(n, 0);
	cy_actions_free(v, n);
	store_set_clock(f->st, NULL);
}

static void
test_action_types(void **state)
{
	(void)state;
	assert_string_equal(cy_action_type_parse("Written update"), "written_update");
	assert_string_equal(cy_action_type_parse("E-mail update"), "email_update");
	assert_string_equal(cy_action_type_parse("new workgroup/project"), "workgroup");
	assert_string_equal(cy_action_type_parse("Stat report-out"), "report_out");
	assert_string_equal(cy_action_type_parse("To-do"), "todo");
	assert_string_equal(cy_action_type_parse("memo"), "memo");
	assert_null(cy_action_type_parse("report"));
	assert_null(cy_action_type_parse(""));
	assert_string_equal(cy_action_type_label("agenda_item"), "Stat agenda item");
	for (int i = 0; cy_action_types[i] != NULL; i++)
		assert_string_equal(cy_action_type_parse(cy_action_type_label(cy_action_types[i])),
		    cy_action_types[i]);
}

static void
test_publications(void **state)
{
	struct fixture *f = *state;
	struct period p = per("2026-10");
	struct cy_publication *v;
	struct kp_err e;
	long long id;
	size_t n;

	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_publish(f->st, "p", &p, "ab12", "x.pdf", 12, "ann", &id, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(store_publications(f->st, "p", &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].sha256, "ab12");
	assert_int_equal(v[0].pages, 12);
	assert_int_equal(v[0].id, id);
	cy_publications_free(v, n);
}

static void
test_datacall_states(void **state)
{
	struct fixture *f = *state;
	const struct program *prog = catalog_program(&f->cat, "p");
	struct period p = per("2026-10");
	enum cy_comment_outcome cout;
	struct datacall dc;
	struct kp_err e;

	/* a on time and on target; b late, off target, unexplained; q (quarterly) missing. */
	clock_at(f->st, "2026-11-03T10:00:00Z");
	assert_int_equal(rec(f->st, "a", "2026-10", 4, NULL, NULL), STORE_NEW);
	clock_at(f->st, "2026-11-09T10:00:00Z");
	assert_int_equal(rec(f->st, "b", "2026-10", 80, NULL, NULL), STORE_NEW);
	assert_int_equal(datacall_load(f->st, &f->cat, prog, &p, "2026-11-05", &dc, &e), 0);
	assert_int_equal(dc.ndept, 2);
	assert_string_equal(dc.dept[0].d->code, "dev");
	assert_int_equal(dc.dept[0].state, DC_DEPT_SUBMITTED);
	assert_int_equal(dc.dept[0].late, 0);
	assert_string_equal(dc.dept[1].d->code, "fire");
	assert_int_equal(dc.dept[1].n, 2);
	assert_int_equal(dc.dept[1].state, DC_DEPT_PARTIAL);
	assert_int_equal(dc.dept[1].late, 1);
	assert_int_equal(dc.dept[1].unexplained, 1);
	assert_string_equal(dc.fig[1].m->code, "b");
	assert_string_equal(dc.fig[1].entered_by, "tester");
	assert_string_equal(dc.fig[2].m->code, "q");
	assert_int_equal(dc.fig[2].period.kind, PERIOD_QUARTER);	/* 2026-Q3 for October */
	assert_int_equal(dc.fig[2].state, DC_MISSING);
	datacall_release(&dc);

	/* Commentary explains it; without a due date nothing is late. */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_comment_put(f->st, "b", &p, "", "staff out", "mike", NULL, &cout,
	    &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(datacall_load(f->st, &f->cat, prog, &p, NULL, &dc, &e), 0);
	assert_int_equal(dc.dept[1].unexplained, 0);
	assert_int_equal(dc.dept[1].late, 0);

	/* The plan (what web pages need to list the figures asked) is the load without the store:
	** the same figures, periods and departments, nothing in yet. */
	{
		struct datacall plan;

		datacall_plan(&f->cat, prog, &p, "2026-11-05", &plan);
		assert_int_equal(plan.nfig, dc.nfig);
		assert_int_equal(plan.ndept, dc.ndept);
		for (size_t i = 0; i < plan.nfig; i++) {
			assert_ptr_equal(plan.fig[i].m, dc.fig[i].m);
			assert_int_equal(period_key(&plan.fig[i].period), period_key(&dc.fig[i].period));
			assert_int_equal(plan.fig[i].period.kind, dc.fig[i].period.kind);
			assert_int_equal(plan.fig[i].state, DC_MISSING);
			assert_null(plan.fig[i].entered_by);
		}
		for (size_t i = 0; i < plan.ndept; i++) {
			assert_string_equal(plan.dept[i].d->code, dc.dept[i].d->code);
			assert_int_equal(plan.dept[i].first, dc.dept[i].first);
			assert_int_equal(plan.dept[i].n, dc.dept[i].n);
			assert_int_equal(plan.dept[i].submitted, 0);
		}
		assert_string_equal(plan.due, "2026-11-05");
		datacall_release(&plan);
	}
	datacall_release(&dc);
	store_set_clock(f->st, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments_keep_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_freezes_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meetings_and_actions, setup, teardown),
		cmocka_unit_test(test_action_types),
		cmocka_unit_test_setup_teardown(test_publications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_datacall_states, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
