/*
** test_store_faults.c: the store when SQLite runs out of memory mid-statement.
**
** SQLite's own technique (sqlite.org/malloc.html#testing): its allocator is wrapped
** (SQLITE_CONFIG_MALLOC, before SQLite starts) so that, once armed, the Nth allocation fails;
** for odd N that one only (a passing shortage), for even N every one after it too. Each store
** operation below runs on a handle of its own, in a child process, for N = 1, 1 + K, 1 + 2K,
** ... until it runs without meeting a fault (K: $STORE_FAULT_STRIDE, default 5, 15 under
** make asan; odd so that both kinds come; 1 tries every allocation, some 15,000 runs). The
** operations: writes (a figure revised and one added; a period locked; a data call opened and
** another closed; a meeting with attendees, agenda and decisions; a follow-up added and
** another updated; commentary revised; a packet published; a locked figure changed with a
** reason and a figure withdrawn; data notes; the catalog changed; a CSV of figures imported;
** a raw-records import merging updates out of key order; a computed metric computed), each
** then read back; and reads (series, current and computed figures, the catalog with its
** datasets and geography, a boundary layer, records scanned, a computed metric's cells, a data
** call's state).
** After each run:
**   - it failed with -1 and an error naming the store that says "out of memory" (and what
**     failed), or it exited "kpistat: out of memory" (exit 70: where SQLite's copy of a
**     value failed, as xmalloc.h does for kpistat's own memory); either way the store holds
**     what it held before, or (a failure reading back after the commit) all of the change
**   - or it succeeded in spite of the fault (SQLite got by without that memory), and then what
**     it read back is right and the store holds what a run without faults leaves
** and PRAGMA integrity_check says ok. "What the store holds" is every row of every table (for
** the import: of every table but the records' own, plus the records a reader sees). The child
** ends with exit(), so make asan's leak check covers each run.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/catalog.h"
#include "kpistat/compute.h"
#include "kpistat/datacall.h"
#include "kpistat/import.h"
#include "kpistat/store.h"
#include "kpistat/store_cycle.h"
#include "kpistat/store_events.h"
#include "kpistat/store_geo.h"
#include "store_fixture.h"

#define MAX_FAULTS	20000	/* more allocations than any operation here makes */
#define CLOCK		"2026-11-12T12:00:00Z"

/* ---- SQLite's allocator, failing on demand ---------------------------------------------- */

static sqlite3_mem_methods real_mem;	/* SQLite's own, wrapped */
static long mem_calls;			/* allocations since armed */
static long mem_fail_at;		/* the first that fails; 0 = disarmed */
static int mem_persist;			/* every one after it fails too */
static long mem_failed;			/* how many failed since armed */

static int
mem_fault(void)
{
	if (mem_fail_at == 0)
		return 0;
	mem_calls++;
	if (mem_calls == mem_fail_at || (mem_persist && mem_calls > mem_fail_at)) {
		mem_failed++;
		return 1;
	}
	return 0;
}
static void *
f_malloc(int n)
{
	return mem_fault() ? NULL : real_mem.xMalloc(n);
}
static void *
f_realloc(void *p, int n)
{
	return mem_fault() ? NULL : real_mem.xRealloc(p, n);
}

static void
arm(long n, int persist)
{
	mem_calls = mem_failed = 0;
	mem_persist = persist;
	mem_fail_at = n;
}

/* Disarm; how many allocations failed. */
static long
disarm(void)
{
	mem_fail_at = 0;
	return mem_failed;
}

/* ---- the store the operations start from ------------------------------------------------- */

/* Departments, a records dataset linked to a geography of two zones, up to the metrics. */
#define CATALOG_HEAD \
    "departments:\n" \
    "  - { code: dev, name: Development, head: Pat }\n" \
    "  - { code: fire, name: Fire, head: Mike }\n" \
    "datasets:\n" \
    "  - name: ev\n" \
    "    key: id\n" \
    "    columns: { id: text, at: date, done: datetime, kind: text, n: integer }\n" \
    "    geography: { kind: zones }\n" \
    "geographies:\n" \
    "  - { name: zones, id_property: z, label: Zone, population_property: pop, file: z.geojson,\n" \
    "      groups: { north: { property: north } } }\n" \
    "metrics:\n"

static const char catalog_text[] =
    CATALOG_HEAD
    "  - { code: a, name: A, department: dev, direction: lower,\n"
    "      targets: [{ value: 5, from: 2026-01 }] }\n"
    "  - { code: b, name: B, department: fire, direction: higher }\n"
    "  - { code: c, name: C, department: dev, direction: lower, frequency: monthly,\n"
    "      compute: { dataset: ev, period_by: at, measure: count } }\n"
    "programs:\n"
    "  - { code: p, metrics: [a, b] }\n";

/* The catalog changed: b gone (retired: it has figures), d new, a second target for a. */
static const char catalog2_text[] =
    CATALOG_HEAD
    "  - { code: a, name: A, department: dev, direction: lower,\n"
    "      targets: [{ value: 5, from: 2026-01 }, { value: 4, from: 2026-07 }] }\n"
    "  - { code: c, name: C, department: dev, direction: lower, frequency: monthly,\n"
    "      compute: { dataset: ev, period_by: at, measure: count,\n"
    "                 where: { kind: [k, m] } } }\n"
    "  - { code: d, name: D, department: fire, direction: higher, unit: \"%\" }\n"
    "programs:\n"
    "  - { code: p, metrics: [a, d] }\n";

#define NREC	40	/* raw records r00..r39: at = Jan 1 2026 + i days, n = i */

/* Two square zones, "k" (north) and "m", the second with a hole. */
static const char zones[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"z\":\"k\",\"pop\":100,\"north\":true},\n"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,1],[1,1],[1,2],[0,2],[0,1]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"z\":\"m\",\"pop\":50,\"north\":false},\n"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],\n"
    "  [[0.4,0.4],[0.6,0.4],[0.6,0.6],[0.4,0.6],[0.4,0.4]]]}}]}\n";

/* A CSV of figures: one revised (with the reason), three new, one as stored. */
static const char figures_csv[] =
    "metric,period,breakdown,value,note\n"
    "a,2026-01,,8,recounted\n"
    "a,2026-02,,7,\n"
    "b,2026-02,,88,\n"
    "b,2026-02,zone=k,40,\n"
    "b,2026-01,,90,\n";

static struct fx	 fx;
static char		 zones_path[400], figures_path[400];
static struct catalog	 cat, cat2;	/* the catalog, and as changed (catalog2_text) */
static long		 jan;
static long long	 base_meeting, base_action;

static struct period
per(const char *s)
{
	struct period p;
	struct kp_err e;

	if (period_parse(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

static int
put_records(struct store *st, struct kp_err *e)
{
	const struct dataset *d = catalog_dataset(&cat, "ev");
	struct ev_counts counts;
	struct ev_writer *w;

	memset(&counts, 0, sizeof counts);
	if ((w = store_ev_begin(st, d, EV_MERGE, "a.csv", "t", NULL, NULL, e)) == NULL)
		return -1;
	for (int i = 0; i < NREC; i++) {
		struct ev_value v[5];
		char key[16];

		fx_record(v, key, i, jan, 3, 0, 0);
		if (store_ev_put(w, v, i, key, strlen(key), e) != 0) {
			store_ev_abort(w);
			return -1;
		}
	}
	if (store_ev_finish(w, &counts, e) != 0) {
		store_ev_abort(w);
		return -1;
	}
	return store_ev_commit(w, &counts, e);
}

static int
group_setup(void **state)
{
	const char *const att[] = { "Pat", "Mike" };
	struct cy_meeting_new mn = { "p", per("2026-01"), "2026-02-12", "09:30", "Room 1", "Mayor",
	    NULL, att, 2 };
	struct cy_action_new an = { 0, "a", "Pat", "2026-03-30", "memo", "signed", "Do it" };
	struct figure fa = { "a", per("2026-01"), "", 6, "first", "ann", "entered" };
	struct figure fb = { "b", per("2026-01"), "", 90, NULL, "ann", "entered" };
	struct figure fd = { "a", per("2025-12"), "", 4, NULL, "ann", "entered" };
	struct figure fc = { "c", per("2026-01"), "", 12, NULL, NULL, "computed" };
	struct figure fz = { "c", per("2026-01"), "kind=k", 12, NULL, NULL, "computed" };
	struct cy_frozen frozen = { "a", per("2025-12") };
	struct period jan26 = per("2026-01"), dec25 = per("2025-12");
	enum cy_call_outcome co;
	int already;
	FILE *fp;
	enum store_outcome out;
	struct kp_err e;
	struct store *st;

	(void)state;
	/* Before SQLite starts: every allocation it makes from here on can be made to fail. */
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
		return -1;
	{
		sqlite3_mem_methods m = real_mem;

		m.xMalloc = f_malloc;
		m.xRealloc = f_realloc;
		if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
			return -1;
	}
	setenv("SOURCE_DATE_EPOCH", "1790000000", 1);
	jan = period_days_from_civil(2026, 1, 1);
	if (fx_dir(&fx, "test_store_faults") != 0)
		return -1;
	snprintf(zones_path, sizeof zones_path, "%s/z.geojson", fx.dir);
	if ((fp = fopen(zones_path, "w")) == NULL)
		return -1;
	fputs(zones, fp);
	if (fclose(fp) != 0)
		return -1;
	snprintf(figures_path, sizeof figures_path, "%s/figures.csv", fx.dir);
	if ((fp = fopen(figures_path, "w")) == NULL)
		return -1;
	fputs(figures_csv, fp);
	if (fclose(fp) != 0 || fx_catalog(&fx, catalog_text, &cat) != 0 ||
	    (st = fx_store(&fx, &cat)) == NULL)
		return -1;
	store_set_clock(st, "2026-02-01T10:00:00Z");
	if (store_begin(st, &e) != 0 || store_record(st, &fa, NULL, &out, NULL, &e) != 0 ||
	    store_record(st, &fb, NULL, &out, NULL, &e) != 0 ||
	    store_record(st, &fc, NULL, &out, NULL, &e) != 0 ||
	    store_record(st, &fz, NULL, &out, NULL, &e) != 0 ||
	    store_record(st, &fd, NULL, &out, NULL, &e) != 0 ||
	    store_lock(st, "p", &dec25, &frozen, 1, "ann", 0, &already, &e) != 0 ||
	    store_call_open(st, "p", &jan26, "2026-02-05", NULL, "ann", &co, &e) != 0 ||
	    store_meeting_add(st, &mn, "ann", &base_meeting, &e) != 0 ||
	    (an.meeting = base_meeting, store_action_add(st, &an, "ann", &base_action, &e)) != 0 ||
	    store_commit(st, &e) != 0 || put_records(st, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	store_close(st);
	if (fx_save(&fx) != 0 || fx_catalog(&fx, catalog2_text, &cat2) != 0)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	char p[400];

	(void)state;
	snprintf(p, sizeof p, "%s/stderr", fx.dir);
	unlink(p);
	unlink(zones_path);
	unlink(figures_path);
	catalog_release(&cat2);
	catalog_release(&cat);
	return fx_remove(&fx);
}

/* ---- the operations ------------------------------------------------------------------- */

/*
** One operation, as a command would run it on a handle of its own: 0 done, -1 failed (e set,
** any transaction rolled back), -2 done but what it read back is wrong (e says what).
*/
typedef int fault_op(struct store *st, struct kp_err *e);

/* body inside store_begin .. store_commit, rolled back when any of it fails. */
static int
in_txn(struct store *st, fault_op *body, struct kp_err *e)
{
	if (store_begin(st, e) != 0)
		return -1;
	if (body(st, e) != 0 || store_commit(st, e) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* The first of d's problems into e, as a command would print it first. */
static void
first_problem(const struct diags *d, struct kp_err *e)
{
	err_set(e, d->code, d->n ? d->v[0].where : "", "%s", d->n ? d->v[0].msg : "?");
}

static int
wrong(struct kp_err *e, const char *what)
{
	err_set(e, KP_SOFTWARE, "", "read back wrong: %s", what);
	return -2;
}

static int
revise_body(struct store *st, struct kp_err *e)
{
	struct figure fa = { "a", per("2026-01"), "", 7, "revised", "pat", "entered" };
	struct figure fb = { "b", per("2026-02"), "", 91, NULL, "pat", "entered" };
	enum store_outcome out;
	double old = 0;

	if (store_record(st, &fa, "typo", &out, &old, e) != 0)
		return -1;
	if (out != STORE_REVISED || old != 6)
		return wrong(e, "the revision's outcome");
	if (store_record(st, &fb, NULL, &out, NULL, e) != 0)
		return -1;
	return out == STORE_NEW ? 0 : wrong(e, "the new figure's outcome");
}
static int
op_record_revision(struct store *st, struct kp_err *e)
{
	return in_txn(st, revise_body, e);
}

static int
lock_body(struct store *st, struct kp_err *e)
{
	struct cy_frozen fz[] = { { "a", per("2026-01") }, { "b", per("2026-01") } };
	struct period p = per("2026-01");
	int already = -1;

	if (store_lock(st, "p", &p, fz, 2, "ann", 0, &already, e) != 0)
		return -1;
	return already == 0 ? 0 : wrong(e, "a first lock said it was there already");
}
static int
op_lock(struct store *st, struct kp_err *e)
{
	struct cy_lock *v;
	char prog[64], lper[16];
	size_t n;
	int rc;

	if (in_txn(st, lock_body, e) != 0)
		return -1;
	if (store_locks(st, "p", &v, &n, e) != 0)
		return -1;
	rc = n == 2 && strcmp(v[0].period, "2026-01") == 0 && strcmp(v[0].by, "ann") == 0 &&
	    strcmp(v[1].period, "2025-12") == 0;
	cy_locks_free(v, n);
	if (!rc)
		return wrong(e, "the lock listed");
	if ((rc = store_figure_lock(st, "b", "2026-01", prog, lper, e)) < 0)
		return -1;
	return rc == 1 && strcmp(prog, "p") == 0 ? 0 : wrong(e, "the figure's lock");
}

static int
call_body(struct store *st, struct kp_err *e)
{
	struct period feb = per("2026-02");
	enum cy_call_outcome co;
	int rc;

	if (store_call_open(st, "p", &feb, "2026-03-05", "2026-03-09", "ann", &co, e) != 0)
		return -1;
	if (co != CY_CALL_OPENED)
		return wrong(e, "the new call's outcome");
	if ((rc = store_call_close(st, "p", "2026-01", "ann", e)) < 0)
		return -1;
	return rc == 1 ? 0 : wrong(e, "the open call was not found to close");
}
static int
op_call(struct store *st, struct kp_err *e)
{
	struct cy_call *v;
	size_t n;
	int ok;

	if (in_txn(st, call_body, e) != 0)
		return -1;
	if (store_calls(st, "p", NULL, &v, &n, e) != 0)
		return -1;
	ok = n == 2 && strcmp(v[0].period, "2026-02") == 0 && v[0].closed_at == NULL &&
	    strcmp(v[0].cutoff, "2026-03-09") == 0 && v[1].closed_at != NULL &&
	    strcmp(v[1].due, "2026-02-05") == 0;
	cy_calls_free(v, n);
	return ok ? 0 : wrong(e, "the calls");
}

static long long new_meeting;

static int
meeting_body(struct store *st, struct kp_err *e)
{
	const char *const att[] = { "Ann", "Bob", "Cy" };
	struct cy_meeting_new mn = { "p", per("2026-02"), "2026-03-12", NULL, "Hall", NULL,
	    "quarterly", att, 3 };
	long long did;
	int pos;

	if (store_meeting_add(st, &mn, "ann", &new_meeting, e) != 0 ||
	    store_agenda_add(st, new_meeting, "Follow-ups", 10, NULL, "ann", &pos, e) != 0 ||
	    store_agenda_add(st, new_meeting, "A", 20, "a", "ann", &pos, e) != 0)
		return -1;
	if (pos != 2)
		return wrong(e, "the agenda item's position");
	if (store_decision_add(st, new_meeting, "Hire", "Mayor", 0, &did, e) != 0 ||
	    store_decision_add(st, new_meeting, "Data by hour", "Mayor", 1, &did, e) != 0)
		return -1;
	return 0;
}
static int
op_meeting(struct store *st, struct kp_err *e)
{
	struct cy_meeting m, *v;
	size_t n;
	int rc, ok;

	if (in_txn(st, meeting_body, e) != 0)
		return -1;
	if ((rc = store_meeting_get(st, new_meeting, &m, e)) < 0)
		return -1;
	if (rc == 0)
		return wrong(e, "the new meeting is not there");
	ok = m.nattendees == 3 && strcmp(m.attendees[2], "Cy") == 0 && m.nagenda == 2 &&
	    strcmp(m.agenda[1].metric, "a") == 0 && m.agenda[1].minutes == 20 &&
	    m.ndecisions == 2 && m.decisions[1].data_request == 1 && m.time == NULL &&
	    strcmp(m.notes, "quarterly") == 0 && strcmp(m.place, "Hall") == 0;
	cy_meeting_release(&m);
	if (!ok)
		return wrong(e, "the new meeting");
	if (store_meetings(st, "p", NULL, &v, &n, e) != 0)
		return -1;
	ok = n == 2 && v[0].id == base_meeting && v[0].nattendees == 2 &&
	    strcmp(v[0].attendees[1], "Mike") == 0 && strcmp(v[0].place, "Room 1") == 0 &&
	    v[1].id == new_meeting;
	cy_meetings_free(v, n);
	return ok ? 0 : wrong(e, "the meetings listed");
}

static long long new_action;

static int
action_body(struct store *st, struct kp_err *e)
{
	struct cy_action_new an = { base_meeting, NULL, "Mike", "2026-04-15", "briefing", NULL,
	    "Brief the council" };
	struct cy_action_update u;
	int rc;

	if (store_action_add(st, &an, "ann", &new_action, e) != 0)
		return -1;
	memset(&u, 0, sizeof u);
	u.set_status = 1;
	u.status = CY_DONE;
	u.evidence = "signed memo";
	u.due = "2026-04-01";
	u.plan = "sooner";
	u.on = "2026-03-20";
	if ((rc = store_action_update(st, base_action, &u, "Pat", e)) < 0)
		return -1;
	return rc == 1 ? 0 : wrong(e, "the action to update was not found");
}
static int
op_action(struct store *st, struct kp_err *e)
{
	struct cy_action_event *ev;
	struct cy_action a, *v;
	size_t n, nev;
	int rc, ok;

	if (in_txn(st, action_body, e) != 0)
		return -1;
	if ((rc = store_action_get(st, base_action, &a, &ev, &nev, e)) < 0)
		return -1;
	if (rc == 0)
		return wrong(e, "the updated action is not there");
	ok = a.status == CY_DONE && strcmp(a.due, "2026-04-01") == 0 &&
	    strcmp(a.closed_on, "2026-03-20") == 0 && strcmp(a.evidence, "signed memo") == 0 &&
	    strcmp(a.meeting_date, "2026-02-12") == 0 && nev == 1 &&
	    ev[0].old_status == CY_OPEN && strcmp(ev[0].old_due, "2026-03-30") == 0 &&
	    strcmp(ev[0].plan, "sooner") == 0;
	cy_action_release(&a);
	cy_action_events_free(ev, nev);
	if (!ok)
		return wrong(e, "the updated action");
	if (store_actions(st, "p", &v, &n, e) != 0)
		return -1;
	ok = n == 2 && v[1].id == new_action && v[1].metric == NULL &&
	    strcmp(v[1].type, "briefing") == 0 && strcmp(v[0].owner, "Pat") == 0;
	cy_actions_free(v, n);
	return ok ? 0 : wrong(e, "the actions listed");
}

static int
comment_body(struct store *st, struct kp_err *e)
{
	struct period p = per("2026-01");
	enum cy_comment_outcome out;

	if (store_comment_put(st, "a", &p, "", "why it rose", "pat", NULL, &out, e) != 0 ||
	    store_comment_put(st, "a", &p, "", "why it rose, again", "pat", NULL, &out, e) != 0)
		return -1;
	return out == CY_COMMENT_REVISED ? 0 : wrong(e, "the revised comment's outcome");
}
static int
op_comment(struct store *st, struct kp_err *e)
{
	struct cy_comment *v;
	size_t n;
	int ok;

	if (in_txn(st, comment_body, e) != 0)
		return -1;
	if (store_comments(st, "a", NULL, NULL, 1, &v, &n, e) != 0)
		return -1;
	ok = n == 2 && strcmp(v[0].text, "why it rose") == 0 && !v[0].current &&
	    strcmp(v[1].text, "why it rose, again") == 0 && v[1].current;
	cy_comments_free(v, n);
	return ok ? 0 : wrong(e, "the comments");
}

static int
op_read_figures(struct store *st, struct kp_err *e)
{
	struct series s;
	int ok;

	if (store_series(st, "a", "", &s, e) != 0)
		return -1;
	ok = s.n == 2 && s.values[0] == 4 && s.notes[0] == NULL && s.values[1] == 6 &&
	    s.notes[1] != NULL && strcmp(s.notes[1], "first") == 0;
	series_release(&s);
	return ok ? 0 : wrong(e, "the series");
}

static int
op_read_catalog(struct store *st, struct kp_err *e)
{
	struct catalog back;
	const struct dataset *d;
	const struct metric *m;
	int ok;

	if (store_catalog_read(st, &back, e) != 0)
		return -1;
	d = catalog_dataset(&back, "ev");
	m = catalog_metric(&back, "c");
	ok = back.nmetrics == cat.nmetrics && d != NULL && d->ncols == 5 && d->nkey == 1 &&
	    m != NULL && m->compute != NULL && catalog_metric(&back, "a")->compute == NULL;
	catalog_release(&back);
	return ok ? 0 : wrong(e, "the catalog");
}

static int
count_row(void *arg, const struct ev_value *v)
{
	long long *sum = arg;

	*sum += v[0].i;
	return 0;
}
static int
op_scan(struct store *st, struct kp_err *e)
{
	const struct dataset *d = catalog_dataset(&cat, "ev");
	const char *cols[] = { "n" };
	struct ev_cond cond = { "at", jan + 10, jan + 14 };
	struct ev_info info;
	long long sum = 0, lo, hi;
	int rc;

	if (store_ev_info(st, d, &info, e) != 0)
		return -1;
	if (!info.exists || info.records != NREC)
		return wrong(e, "the dataset's record count");
	if (store_ev_scan(st, d, cols, 1, NULL, 0, NULL, count_row, &sum, e) != 0)
		return -1;
	if (sum != NREC * (NREC - 1) / 2)
		return wrong(e, "the records scanned");
	sum = 0;
	/* The blocks that may hold days 10..14: every record passed is checked by the caller. */
	if (store_ev_scan(st, d, cols, 1, &cond, 1, NULL, count_row, &sum, e) != 0)
		return -1;
	if (sum < 10 + 11 + 12 + 13 + 14)
		return wrong(e, "the records a condition picks");
	if ((rc = store_ev_span(st, d, "at", &lo, &hi, e)) < 0)
		return -1;
	return rc == 1 && lo == jan && hi == jan + NREC - 1 ? 0 : wrong(e, "the span");
}

static int
op_datacall(struct store *st, struct kp_err *e)
{
	struct period p = per("2026-01");
	struct datacall dc;
	int ok;

	if (datacall_load(st, &cat, catalog_program(&cat, "p"), &p, "2026-02-05", &dc, e) != 0)
		return -1;
	ok = dc.nfig == 2 && dc.fig[0].state == DC_SUBMITTED && dc.fig[1].state == DC_SUBMITTED;
	datacall_release(&dc);
	return ok ? 0 : wrong(e, "the data call's figures");
}

static int
publish_body(struct store *st, struct kp_err *e)
{
	struct period p = per("2026-01");
	long long id;

	return store_publish(st, "p", &p, "ab12", "packet.pdf", 7, "ann", &id, e);
}
static int
op_publish(struct store *st, struct kp_err *e)
{
	struct cy_publication *v;
	size_t n;
	int ok;

	if (in_txn(st, publish_body, e) != 0 || store_publications(st, "p", &v, &n, e) != 0)
		return -1;
	ok = n == 1 && strcmp(v[0].sha256, "ab12") == 0 && v[0].pages == 7 &&
	    strcmp(v[0].file, "packet.pdf") == 0;
	cy_publications_free(v, n);
	return ok ? 0 : wrong(e, "the publications");
}

/* A locked figure changed with a lock reason, another withdrawn: logged as late changes. */
static int
late_body(struct store *st, struct kp_err *e)
{
	struct figure fd = { "a", per("2025-12"), "", 5, NULL, "pat", "entered" };
	struct period p = per("2026-01");
	enum store_outcome out;
	int rc;

	store_set_lock_reason(st, "late data");
	rc = store_record(st, &fd, "late data", &out, NULL, e);
	store_set_lock_reason(st, NULL);
	if (rc != 0)
		return -1;
	if (out != STORE_REVISED)
		return wrong(e, "the locked figure's revision");
	if ((rc = store_withdraw(st, "b", &p, "", "pat", "wrong unit", e)) < 0)
		return -1;
	return rc == 1 ? 0 : wrong(e, "the figure to withdraw was not found");
}
static int
history_row(void *arg, const struct store_row *r)
{
	int *n = arg;

	(*n)++;
	return r->is_revision && r->change != STORE_CHANGE_WITHDRAWN;	/* stops: wrong */
}
static int
op_late_change(struct store *st, struct kp_err *e)
{
	struct cy_late_change *v;
	size_t n;
	int ok, rows = 0;
	char prog[64], lper[16];

	if (in_txn(st, late_body, e) != 0 || store_late_changes(st, NULL, &v, &n, e) != 0)
		return -1;
	ok = n == 1 && strcmp(v[0].what, "revised") == 0 && v[0].old_value == 4 &&
	    v[0].new_value == 5 && strcmp(v[0].reason, "late data") == 0 &&
	    strcmp(v[0].lock_period, "2025-12") == 0;
	cy_late_changes_free(v, n);
	if (!ok)
		return wrong(e, "the late changes");
	if ((ok = store_history(st, "b", NULL, NULL, history_row, &rows, e)) < 0)
		return -1;
	if (ok != 0 || rows != 2)		/* the figure and its withdrawal */
		return wrong(e, "the withdrawn figure's history");
	if ((ok = store_figure_lock(st, "a", "2025-12", prog, lper, e)) < 0)
		return -1;
	return ok == 1 && strcmp(lper, "2025-12") == 0 ? 0 : wrong(e, "the figure's lock");
}

static int
note_body(struct store *st, struct kp_err *e)
{
	struct period p = per("2026-01");

	return store_note_set(st, "c", &p, "closed before opened", 3, e) != 0 ||
	    store_note_set(st, "c", &p, "no district", 2, e) != 0 ||
	    store_note_set(st, "c", &p, "no district", 0, e) != 0 ? -1 : 0;
}
static int
note_row(void *arg, const char *metric, const char *period, const char *what, long count)
{
	int *ok = arg;

	*ok = *ok == 0 && strcmp(metric, "c") == 0 && strcmp(period, "2026-01") == 0 &&
	    strcmp(what, "closed before opened") == 0 && count == 3 ? 1 : -1;
	return 0;
}
static int
op_notes(struct store *st, struct kp_err *e)
{
	int ok = 0;

	if (in_txn(st, note_body, e) != 0 || store_notes(st, "c", NULL, note_row, &ok, e) != 0)
		return -1;
	return ok == 1 ? 0 : wrong(e, "the data notes");
}

static int
figure_row(void *arg, const struct store_row *r)
{
	double *sum = arg;

	*sum += r->value;
	return 0;
}
static int
op_read_current(struct store *st, struct kp_err *e)
{
	struct period p = per("2026-01");
	double sum = 0;
	char **v;
	size_t n;
	int ok;

	if (store_current_figures(st, "c", "computed", period_key(&p), period_key(&p), figure_row,
	    &sum, e) != 0)
		return -1;
	if (sum != 24)
		return wrong(e, "the computed figures");
	sum = 0;
	if (store_each_figure(st, figure_row, &sum, e) != 0)
		return -1;
	if (sum != 6 + 90 + 12 + 12 + 4)
		return wrong(e, "every figure");
	if (store_breakdowns(st, "c", &v, &n, e) != 0)
		return -1;
	ok = n == 1 && strcmp(v[0], "kind=k") == 0;
	store_strv_free(v, n);
	return ok ? 0 : wrong(e, "the breakdowns");
}

static int
op_read_geo(struct store *st, struct kp_err *e)
{
	struct catalog back;
	struct geo_layer l;
	const struct geography *g;
	int ok;

	if (store_catalog_read(st, &back, e) != 0)
		return -1;
	g = catalog_geography(&back, "zones");
	if (g == NULL || g->nversions != 1 || g->ngroups != 1 || g->groups[0].nids != 1) {
		catalog_release(&back);
		return wrong(e, "the geography");
	}
	if (store_geo_layer(st, g, &g->versions[0], &l, e) != 0) {
		catalog_release(&back);
		return -1;
	}
	ok = l.n == 2 && strcmp(l.areas[0].id, "k") == 0 && l.areas[1].nrings == 2 &&
	    l.areas[1].population == 50;
	geo_layer_release(&l);
	catalog_release(&back);
	return ok ? 0 : wrong(e, "the zones");
}

/* The catalog written again with a metric more, one less, a target changed. */

static int
catalog_body(struct store *st, struct kp_err *e)
{
	return store_catalog_write(st, &cat2, e);
}
static int
op_write_catalog(struct store *st, struct kp_err *e)
{
	struct catalog back;
	int ok;

	if (in_txn(st, catalog_body, e) != 0 || store_catalog_read(st, &back, e) != 0)
		return -1;
	ok = catalog_metric(&back, "d") != NULL && catalog_metric(&back, "b")->retired &&
	    catalog_metric(&back, "a")->ntargets == 2;
	catalog_release(&back);
	return ok ? 0 : wrong(e, "the catalog written");
}

/*
** An events import merging into the stored records: r05..r14 again, changed (n + 100), out of
** key order (the runs are sorted at the end), and r40..r44 new.
*/
static int
op_import(struct store *st, struct kp_err *e)
{
	const struct dataset *d = catalog_dataset(&cat, "ev");
	struct ev_counts counts;
	struct ev_writer *w;

	memset(&counts, 0, sizeof counts);
	if ((w = store_ev_begin(st, d, EV_MERGE, "b.csv", "t", NULL, NULL, e)) == NULL)
		return -1;
	for (int k = 0; k < 15; k++) {
		int i = k < 10 ? 14 - k : NREC + k - 10;
		struct ev_value v[5];
		char key[16];

		fx_record(v, key, i, jan, 3, 0, 0);
		v[4].i = i + 100;
		if (store_ev_put(w, v, k, key, strlen(key), e) != 0) {
			store_ev_abort(w);
			return -1;
		}
	}
	if (store_ev_finish(w, &counts, e) != 0) {
		store_ev_abort(w);
		return -1;
	}
	if (store_ev_commit(w, &counts, e) != 0)
		return -1;
	return counts.added == 5 && counts.updated == 10 ? 0 : wrong(e, "the import's counts");
}

/* Each record's n by its key's number (r07: n[7]); -1 for none. */
static int
record_n(void *arg, const struct ev_value *v)
{
	long long *n = arg;
	int k = atoi(v[0].s + 1);

	if (k < 0 || k >= NREC + 5 || n[k] != -1)
		return 1;	/* a stray or a repeated record: the text says "stopped" */
	n[k] = v[1].i;
	return 0;
}

/*
** What readers see after an import: every table but the records' (where a failed import may
** leave blocks no reader sees, for the next import to remove), and the records read back.
*/
static char *
visible_rows(void)
{
	const char *cols[] = { "id", "n" };
	char *rows = fx_dump(&fx, "ev_"), *text = NULL;
	long long n[NREC + 5];
	size_t len;
	FILE *fp = open_memstream(&text, &len);
	struct store *st = fx_open(&fx);
	struct kp_err e;
	int rc;

	assert_non_null(rows);
	assert_non_null(fp);
	fputs(rows, fp);
	free(rows);
	for (int k = 0; k < NREC + 5; k++)
		n[k] = -1;
	rc = store_ev_scan(st, catalog_dataset(&cat, "ev"), cols, 2, NULL, 0, NULL, record_n, n,
	    &e);
	if (rc < 0)
		fail_msg("%s", e.msg);
	fprintf(fp, "records%s:", rc ? " (stopped)" : "");
	for (int k = 0; k < NREC + 5; k++)
		fprintf(fp, " %lld", n[k]);
	store_close(st);
	fclose(fp);
	return text;
}

/* The computed metric over the records: January's count (31 records), written. */
static int
op_compute(struct store *st, struct kp_err *e)
{
	struct compute_opts o = { "c", NULL, 0, "t" };
	struct compute_result r;
	struct diags d, w;
	struct series s;
	int rc, ok;

	memset(&r, 0, sizeof r);
	diags_init(&d, 0);
	diags_init(&w, 0);
	if ((rc = compute_run(st, &cat, &o, &r, &d, &w)) != 0)
		first_problem(&d, e);
	diags_release(&d);
	diags_release(&w);
	if (rc != 0)
		return -1;
	if (r.figures < 2 || r.revised != 1)
		return wrong(e, "the compute's counts");
	if (store_series(st, "c", "", &s, e) != 0)
		return -1;
	ok = s.n == 2 && s.values[0] == 31 && s.values[1] == 9;
	series_release(&s);
	return ok ? 0 : wrong(e, "the computed series");
}

static int
cell_figure(void *arg, const struct cfigure *f)
{
	double *city = arg;

	if (f->breakdown == NULL || *f->breakdown == '\0')
		*city = f->value;
	return 0;
}
static int
op_cells(struct store *st, struct kp_err *e)
{
	struct period p = per("2026-02");
	double city = -1;

	if (compute_cells(st, &cat, catalog_metric(&cat, "c"), &p, cell_figure, &city, e) != 0)
		return -1;
	return city == 9 ? 0 : wrong(e, "February's count");
}

static int
op_import_csv(struct store *st, struct kp_err *e)
{
	struct import_opts o;
	struct import_result r;
	struct diags d;
	struct series s;
	int rc, ok;

	memset(&o, 0, sizeof o);
	o.path = figures_path;
	o.reason = "recounted";
	o.by = "t";
	memset(&r, 0, sizeof r);
	diags_init(&d, 0);
	if ((rc = import_csv(st, &cat, &o, &r, &d)) != 0)
		first_problem(&d, e);
	diags_release(&d);
	if (rc != 0)
		return -1;
	if (r.rows != 5 || r.added != 3 || r.revised != 1 || r.same != 1)
		return wrong(e, "the import's counts");
	if (store_series(st, "a", "", &s, e) != 0)
		return -1;
	ok = s.n == 3 && s.values[1] == 8 && s.values[2] == 7;
	series_release(&s);
	return ok ? 0 : wrong(e, "the imported series");
}

/* ---- the loop ------------------------------------------------------------------------- */

/* What a run of an operation in a child process came to. */
struct outcome {
	int		 rc;		/* the operation's return */
	long		 met;		/* allocations that failed */
	struct kp_err	 e;
};

/*
** Run op on a handle of its own in a child process, with the Nth allocation failing (n = 0:
** none). 0 with *out filled; 1 when the child exited for lack of memory (xoom: "kpistat: out
** of memory", exit 70), which it may do where SQLite's copy of a value failed.
*/
static int
run_child(fault_op *op, long n, struct outcome *out)
{
	char errfile[400], msg[256] = "";
	int fd[2], status;
	ssize_t got;
	FILE *fp;
	pid_t pid;

	snprintf(errfile, sizeof errfile, "%s/stderr", fx.dir);
	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct outcome o;
		struct store *st;

		close(fd[0]);
		if (freopen(errfile, "w", stderr) == NULL ||
		    (st = store_open(fx.db, 0, &o.e)) == NULL)
			_exit(3);
		store_set_clock(st, CLOCK);
		err_clear(&o.e);
		arm(n, n % 2 == 0);
		o.rc = op(st, &o.e);
		o.met = disarm();
		store_close(st);
		if (write(fd[1], &o, sizeof o) != (ssize_t)sizeof o)
			_exit(4);
		exit(0);	/* not _exit: a leak checker runs at exit */
	}
	assert_true(pid > 0);
	close(fd[1]);
	got = read(fd[0], out, sizeof *out);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if ((fp = fopen(errfile, "r")) != NULL) {
		if (fgets(msg, sizeof msg, fp) == NULL)
			msg[0] = '\0';
		fclose(fp);
	}
	if (WEXITSTATUS(status) == KP_SOFTWARE && got == 0) {
		assert_string_equal(msg, "kpistat: out of memory\n");
		return 1;
	}
	if (WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof *out)
		fail_msg("allocation %ld: the run exited %d: %s", n, WEXITSTATUS(status), msg);
	assert_string_equal(msg, "");
	return 0;
}

/* How the runs of one operation ended. */
struct tally {
	long	 failed;	/* -1 with an out-of-memory error */
	long	 exited;	/* exited out of memory */
	long	 survived;	/* done in spite of the fault */
};

/*
** Every how many allocations a fault: $STORE_FAULT_STRIDE, else 5, times $FAULT_STRIDE when
** set (make asan sets 3 for tests/cli/test_faults.sh), made odd so that both kinds come.
*/
static long
fault_stride(void)
{
	const char *own = getenv("STORE_FAULT_STRIDE"), *all = getenv("FAULT_STRIDE");
	long k = own != NULL && atol(own) > 0 ? atol(own) :
	    5 * (all != NULL && atol(all) > 0 ? atol(all) : 1);

	return k % 2 == 0 && k > 1 ? k + 1 : k;
}

/* What the store holds: every row. */
static char *
all_rows(void)
{
	char *rows = fx_dump(&fx, NULL);

	assert_non_null(rows);
	return rows;
}

/*
** Run op at every allocation until it runs without a fault (see the top of the file), the
** store's content compared as rows_of() gives it.
*/
static void
fault_every_allocation(fault_op *op, int writes, char *(*rows_of)(void), struct tally *t)
{
	long n, stride = fault_stride();
	struct outcome o;
	char *before, *after, *rows, ok[256];

	memset(t, 0, sizeof *t);
	assert_int_equal(fx_restore(&fx), 0);
	before = rows_of();
	/* A run without faults: what the store holds after it. */
	assert_int_equal(run_child(op, 0, &o), 0);
	if (o.rc != 0)
		fail_msg("without faults: %s", o.e.msg);
	after = rows_of();
	assert_int_equal(strcmp(after, before) == 0, !writes);
	assert_int_equal(fx_restore(&fx), 0);

	for (n = 1; n < MAX_FAULTS; n += stride) {
		int exited = run_child(op, n, &o);

		if (!exited && o.rc == -2)
			fail_msg("fault at allocation %ld: %s", n, o.e.msg);
		assert_string_equal(fx_integrity(&fx, ok, sizeof ok), "ok");
		rows = rows_of();
		if (!exited && o.rc == 0) {
			/* All of it was done, as without faults. */
			if (strcmp(rows, after) != 0)
				fail_msg("fault at allocation %ld: done, but the store differs "
				    "from a run without faults", n);
			free(rows);
			if (o.met == 0)
				break;
			t->survived++;
			assert_int_equal(fx_restore(&fx), 0);
			continue;
		}
		/* None of it was done (or all), and the error (if it did not exit) says why. */
		if (exited) {
			t->exited++;
		} else {
			assert_int_equal(o.rc, -1);
			assert_true(o.met > 0);
			t->failed++;
			/* SQLite says so, except where its temporary tables' file failed to open. */
			if ((strstr(o.e.msg, "out of memory") == NULL && strstr(o.e.msg,
			    "unable to open a temporary database file") == NULL) ||
			    strcmp(o.e.where, fx.db) != 0)
				fail_msg("fault at allocation %ld: error \"%s: %s\"", n,
				    o.e.where, o.e.msg);
		}
		/* A failure reading back after the commit leaves all of it done. */
		if (strcmp(rows, before) != 0 && strcmp(rows, after) != 0)
			fail_msg("fault at allocation %ld (%s): the store was changed in part", n,
			    exited ? "exited" : o.e.msg);
		if (getenv("FAULT_VERBOSE"))
			fprintf(stderr, "%ld %s\n", n, exited ? "(exited)" : o.e.msg);
		/* Start again from the store before (a run that exited left its -wal). */
		if (exited || strcmp(rows, before) != 0)
			assert_int_equal(fx_restore(&fx), 0);
		free(rows);
	}
	free(before);
	free(after);
	assert_true(n < MAX_FAULTS);
	if (getenv("FAULT_VERBOSE"))
		fprintf(stderr, "up to allocation %ld: %ld failed, %ld exited, %ld survived\n", n,
		    t->failed, t->exited, t->survived);
}

static void
test_faults_record_revision(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_record_revision, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_lock(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_lock, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_call(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_call, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_meeting(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_meeting, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_action(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_action, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_comment(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_comment, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_publish(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_publish, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_late_change(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_late_change, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_notes(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_notes, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_write_catalog(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_write_catalog, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_import(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_import, 1, visible_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_compute(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_compute, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_cells(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_cells, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_import_csv(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_import_csv, 1, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_read_figures(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_read_figures, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_read_current(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_read_current, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_read_catalog(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_read_catalog, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_read_geo(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_read_geo, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_scan(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_scan, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

static void
test_faults_datacall(void **state)
{
	struct tally t;

	(void)state;
	fault_every_allocation(op_datacall, 0, all_rows, &t);
	assert_true(t.failed > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults_record_revision),
		cmocka_unit_test(test_faults_lock),
		cmocka_unit_test(test_faults_call),
		cmocka_unit_test(test_faults_meeting),
		cmocka_unit_test(test_faults_action),
		cmocka_unit_test(test_faults_comment),
		cmocka_unit_test(test_faults_publish),
		cmocka_unit_test(test_faults_late_change),
		cmocka_unit_test(test_faults_notes),
		cmocka_unit_test(test_faults_write_catalog),
		cmocka_unit_test(test_faults_import),
		cmocka_unit_test(test_faults_import_csv),
		cmocka_unit_test(test_faults_compute),
		cmocka_unit_test(test_faults_cells),
		cmocka_unit_test(test_faults_read_figures),
		cmocka_unit_test(test_faults_read_current),
		cmocka_unit_test(test_faults_read_catalog),
		cmocka_unit_test(test_faults_read_geo),
		cmocka_unit_test(test_faults_scan),
		cmocka_unit_test(test_faults_datacall),
	};

	if (getenv("FAULT_TEST"))	/* one test only, by name (a glob) */
		cmocka_set_test_filter(getenv("FAULT_TEST"));
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
