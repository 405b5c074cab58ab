/*
** store_action.c: follow-ups (action items) and their history in the KPI store, and the names
** and colours they are shown with (see store_cycle.h).
**
** An action row holds the item as it stands; each update adds an action_event with the old
** and new status, a moved due date, the evidence, plan and note given, who, when and the day
** it happened. Nothing is deleted: a dropped item keeps its row and the note that says why.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/store_cycle.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

const char *const cy_action_types[] = {
	"email_update", "memo", "meeting", "workgroup", "agenda_item", "report_out", "todo",
	"written_update", NULL
};

/* As CitiStat's tracker names them, in cy_action_types' order. */
static const char *const type_labels[] = {
	"E-mail update", "Memo", "Meeting", "New workgroup/project", "Stat agenda item",
	"Stat report-out", "To-do", "Written update"
};

const char *
cy_action_type_label(const char *type)
{
	for (int i = 0; cy_action_types[i] != NULL; i++)
		if (strcmp(type, cy_action_types[i]) == 0)
			return type_labels[i];
	return type;
}

/*
** Accept the stored names and the tracker's labels in any case, with spaces, '-' or '/' for
** '_': "written update", "E-mail update", "new workgroup/project", "Stat report-out".
*/
const char *
cy_action_type_parse(const char *s)
{
	static const char *const alias[][2] = {
		{ "e_mail_update", "email_update" }, { "new_workgroup_project", "workgroup" },
		{ "new_workgroup", "workgroup" }, { "project", "workgroup" },
		{ "stat_agenda_item", "agenda_item" }, { "stat_report_out", "report_out" },
		{ "to_do", "todo" }
	};
	char k[40];
	size_t n = 0;

	for (; *s && n + 1 < sizeof k; s++)
		k[n++] = (*s == ' ' || *s == '-' || *s == '/') ? '_' :
		    (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	if (*s != '\0')
		return NULL;
	k[n] = '\0';
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (strcmp(k, alias[i][0]) == 0)
			return alias[i][1];
	for (int i = 0; cy_action_types[i] != NULL; i++)
		if (strcmp(k, cy_action_types[i]) == 0)
			return cy_action_types[i];
	return NULL;
}

static const char *const status_names[CY_NSTATUS] = {
	"open", "in_progress", "done", "dropped"
};

const char *
cy_status_name(enum cy_status s)
{
	return (unsigned)s < CY_NSTATUS ? status_names[s] : "?";
}

int
cy_status_parse(const char *s, enum cy_status *out)
{
	for (int i = 0; i < CY_NSTATUS; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum cy_status)i;
			return 0;
		}
	return -1;
}

/*
** CitiStat's tracker: green when done (done always carries evidence), red when overdue, yellow
** while in progress, white while open and not yet due. Dropped items are grey.
*/
enum cy_colour
cy_action_colour(const struct cy_action *a, const char *today)
{
	switch (a->status) {
	case CY_DONE:
		return CY_GREEN;
	case CY_DROPPED:
		return CY_GREY;
	default:
		if (today != NULL && strcmp(a->due, today) < 0)
			return CY_RED;
		return a->status == CY_IN_PROGRESS ? CY_YELLOW : CY_WHITE;
	}
}

const char *
cy_colour_name(enum cy_colour c)
{
	static const char *const names[] = { "white", "yellow", "red", "green", "grey" };

	return (unsigned)c <= CY_GREY ? names[c] : "?";
}

int
store_action_add(struct store *st, const struct cy_action_new *a, const char *by,
    long long *id, struct kp_err *e)
{
	char at[32];
	sqlite3_stmt *q = st_prep(st,
	    "INSERT INTO action_item(meeting, metric, owner, due, type, done_when, text,\n"
	    "                        created_at, created_by, updated_at)\n"
	    "VALUES (:meeting, :metric, :owner, :due, :type, :done_when, :text, :at, :by, :at)", e);
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_int(q, ":meeting", a->meeting);
	st_bind_text(q, ":metric", a->metric);
	st_bind_text(q, ":owner", a->owner);
	st_bind_text(q, ":due", a->due);
	st_bind_text(q, ":type", a->type);
	st_bind_text(q, ":done_when", a->done_when);
	st_bind_text(q, ":text", a->text);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	rc = st_run(st, q, "cannot store the follow-up", e);
	st_done(st, q);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static const char action_cols[] =
    "SELECT a.id, a.meeting, m.program, m.date, a.metric, a.owner, a.due, a.type, a.done_when,\n"
    "       a.text, a.status, a.evidence, a.note, a.plan, a.closed_on, a.created_at,\n"
    "       a.created_by, a.updated_at\n"
    "  FROM action_item a JOIN meeting m ON m.id = a.meeting\n";

static void
action_row(sqlite3_stmt *q, void *arg)
{
	struct cy_action *a = st_rows_add(arg);
	enum cy_status s = CY_OPEN;

	a->id = sqlite3_column_int64(q, 0);
	a->meeting = sqlite3_column_int64(q, 1);
	a->program = st_col_dup(q, 2);
	a->meeting_date = st_col_dup(q, 3);
	a->metric = st_col_dup(q, 4);
	a->owner = st_col_dup(q, 5);
	a->due = st_col_dup(q, 6);
	a->type = st_col_dup(q, 7);
	a->done_when = st_col_dup(q, 8);
	a->text = st_col_dup(q, 9);
	cy_status_parse(st_col_text(q, 10), &s);	/* the table's CHECK keeps it valid */
	a->status = s;
	a->evidence = st_col_dup(q, 11);
	a->note = st_col_dup(q, 12);
	a->plan = st_col_dup(q, 13);
	a->closed_on = st_col_dup(q, 14);
	a->created_at = st_col_dup(q, 15);
	a->created_by = st_col_dup(q, 16);
	a->updated_at = st_col_dup(q, 17);
}

static void
event_row(sqlite3_stmt *q, void *arg)
{
	struct cy_action_event *ev = st_rows_add(arg);
	enum cy_status s = CY_OPEN;

	ev->at = st_col_dup(q, 0);
	ev->by = st_col_dup(q, 1);
	ev->on = st_col_dup(q, 2);
	cy_status_parse(st_col_text(q, 3), &s);
	ev->old_status = s;
	cy_status_parse(st_col_text(q, 4), &s);
	ev->new_status = s;
	ev->old_due = st_col_dup(q, 5);
	ev->new_due = st_col_dup(q, 6);
	ev->evidence = st_col_dup(q, 7);
	ev->plan = st_col_dup(q, 8);
	ev->note = st_col_dup(q, 9);
}

/* cy_actions_free for st_select, which does not know the rows' type. */
static void
release_actions(void *v, size_t n)
{
	cy_actions_free(v, n);
}

int
store_actions(struct store *st, const char *program, struct cy_action **out, size_t *n,
    struct kp_err *e)
{
	char sql[sizeof action_cols + 128];
	sqlite3_stmt *q;

	snprintf(sql, sizeof sql, "%s WHERE :program IS NULL OR m.program = :program ORDER BY a.id",
	    action_cols);
	if ((q = st_prep(st, sql, e)) == NULL)
		return -1;
	st_bind_text(q, ":program", program);
	return st_select(st, q, action_row, sizeof **out, (void **)out, n, release_actions,
	    "cannot read the follow-ups", e);
}

int
store_action_get(struct store *st, long long id, struct cy_action *out,
    struct cy_action_event **ev, size_t *nev, struct kp_err *e)
{
	struct st_rows r = { NULL, 0, 0, sizeof *out };
	struct st_rows re = { NULL, 0, 0, sizeof **ev };
	char sql[sizeof action_cols + 64];
	sqlite3_stmt *q;

	memset(out, 0, sizeof *out);
	snprintf(sql, sizeof sql, "%s WHERE a.id = :id", action_cols);
	if ((q = st_prep(st, sql, e)) == NULL)
		return -1;
	st_bind_int(q, ":id", id);
	if (st_each_row(st, q, action_row, &r, "cannot read the follow-up", e) < 0)
		return -1;
	if (r.n == 0)
		return 0;
	*out = *(struct cy_action *)r.v;
	free(r.v);
	if (ev == NULL)
		return 1;
	if ((q = st_prep(st, "SELECT at, by, on_day, old_status, new_status, old_due, new_due,\n"
	    "       evidence, plan, note FROM action_event WHERE action = :id ORDER BY id", e)) != NULL)
		st_bind_int(q, ":id", id);
	if (q == NULL ||
	    st_each_row(st, q, event_row, &re, "cannot read the follow-up's history", e) < 0) {
		cy_action_events_free(re.v, re.n);
		cy_action_release(out);
		return -1;
	}
	*ev = re.v;
	*nev = re.n;
	return 1;
}

int
store_action_update(struct store *st, long long id, const struct cy_action_update *u,
    const char *by, struct kp_err *e)
{
	struct cy_action a;
	enum cy_status ns;
	char at[32], today[16];
	sqlite3_stmt *q;
	int rc, closes;

	if ((rc = store_action_get(st, id, &a, NULL, NULL, e)) <= 0)
		return rc;
	st_write_time(st, at);
	snprintf(today, sizeof today, "%.10s", at);
	ns = u->set_status ? u->status : a.status;
	closes = (ns == CY_DONE || ns == CY_DROPPED) && ns != a.status;
	if ((q = st_prep(st,
	    "INSERT INTO action_event(action, at, by, on_day, old_status, new_status, old_due,\n"
	    "                         new_due, evidence, plan, note)\n"
	    "VALUES (:id, :at, :by, :on, :old, :new, :old_due, :new_due, :evidence, :plan, :note)",
	    e)) == NULL) {
		cy_action_release(&a);
		return -1;
	}
	st_bind_int(q, ":id", id);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	st_bind_text(q, ":on", u->on != NULL ? u->on : today);
	st_bind_text(q, ":old", cy_status_name(a.status));
	st_bind_text(q, ":new", cy_status_name(ns));
	if (u->due != NULL && strcmp(u->due, a.due) != 0) {
		st_bind_text(q, ":old_due", a.due);
		st_bind_text(q, ":new_due", u->due);
	}
	st_bind_text(q, ":evidence", u->evidence);
	st_bind_text(q, ":plan", u->plan);
	st_bind_text(q, ":note", u->note);
	rc = st_run(st, q, "cannot keep the follow-up's change", e);
	st_done(st, q);
	cy_action_release(&a);
	if (rc < 0)
		return -1;
	/* Reopening clears the closing day; closing sets it to the day it happened. */
	if ((q = st_prep(st,
	    "UPDATE action_item SET status = :status, due = coalesce(:due, due),\n"
	    "       evidence = coalesce(:evidence, evidence), plan = coalesce(:plan, plan),\n"
	    "       note = coalesce(:note, note),\n"
	    "       closed_on = CASE WHEN :status IN ('done', 'dropped')\n"
	    "                        THEN CASE WHEN :closes THEN :on ELSE closed_on END END,\n"
	    "       updated_at = :at\n"
	    " WHERE id = :id", e)) == NULL)
		return -1;
	st_bind_text(q, ":status", cy_status_name(ns));
	st_bind_text(q, ":due", u->due);
	st_bind_text(q, ":evidence", u->evidence);
	st_bind_text(q, ":plan", u->plan);
	st_bind_text(q, ":note", u->note);
	st_bind_int(q, ":closes", closes);
	st_bind_text(q, ":on", u->on != NULL ? u->on : today);
	st_bind_text(q, ":at", at);
	st_bind_int(q, ":id", id);
	rc = st_run(st, q, "cannot change the follow-up", e);
	st_done(st, q);
	return rc < 0 ? -1 : 1;
}

void
cy_action_release(struct cy_action *a)
{
	free(a->program);
	free(a->meeting_date);
	free(a->metric);
	free(a->owner);
	free(a->due);
	free(a->type);
	free(a->done_when);
	free(a->text);
	free(a->evidence);
	free(a->note);
	free(a->plan);
	free(a->closed_on);
	free(a->created_at);
	free(a->created_by);
	free(a->updated_at);
	memset(a, 0, sizeof *a);
}

void
cy_actions_free(struct cy_action *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cy_action_release(&v[i]);
	free(v);
}

void
cy_action_events_free(struct cy_action_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].by);
		free(v[i].on);
		free(v[i].old_due);
		free(v[i].new_due);
		free(v[i].evidence);
		free(v[i].plan);
		free(v[i].note);
	}
	free(v);
}
