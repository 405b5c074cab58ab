/*
** store_meeting.c: Stat meetings, their attendees, agenda items and decisions in the KPI store
** (see store_cycle.h).
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/store_cycle.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

int
store_meeting_add(struct store *st, const struct cy_meeting_new *m, const char *by,
    long long *id, struct kp_err *e)
{
	char per[PERIOD_STRLEN], at[32];
	sqlite3_stmt *q = st_prep(st,
	    "INSERT INTO meeting(program, period, pkey, date, time, place, chair, notes,\n"
	    "                    created_at, created_by)\n"
	    "VALUES (:program, :period, :pkey, :date, :time, :place, :chair, :notes, :at, :by)", e);
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_text(q, ":program", m->program);
	st_bind_text(q, ":period", period_format(&m->period, per));
	st_bind_int(q, ":pkey", period_key(&m->period));
	st_bind_text(q, ":date", m->date);
	st_bind_text(q, ":time", m->time);
	st_bind_text(q, ":place", m->place);
	st_bind_text(q, ":chair", m->chair);
	st_bind_text(q, ":notes", m->notes);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	rc = st_run(st, q, "cannot store the meeting", e);
	st_done(st, q);
	if (rc < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	if ((q = st_prep(st, "INSERT INTO meeting_attendee(meeting, pos, name)\n"
	    "VALUES (:meeting, :pos, :name)", e)) == NULL)
		return -1;
	for (size_t i = 0; i < m->nattendees && rc == 0; i++) {
		st_bind_int(q, ":meeting", *id);
		st_bind_int(q, ":pos", (long long)i + 1);
		st_bind_text(q, ":name", m->attendees[i]);
		rc = st_run(st, q, "cannot store an attendee", e);
	}
	st_done(st, q);
	return rc;
}

static void
meeting_row(sqlite3_stmt *q, void *arg)
{
	struct cy_meeting *m = st_rows_add(arg);

	m->id = sqlite3_column_int64(q, 0);
	m->program = st_col_dup(q, 1);
	m->period = st_col_dup(q, 2);
	m->date = st_col_dup(q, 3);
	m->time = st_col_dup(q, 4);
	m->place = st_col_dup(q, 5);
	m->chair = st_col_dup(q, 6);
	m->notes = st_col_dup(q, 7);
	m->created_at = st_col_dup(q, 8);
	m->created_by = st_col_dup(q, 9);
}

static void
name_row(sqlite3_stmt *q, void *arg)
{
	char **s = st_rows_add(arg);

	*s = st_col_dup(q, 0);
}

static void
agenda_row(sqlite3_stmt *q, void *arg)
{
	struct cy_agenda *a = st_rows_add(arg);

	a->pos = sqlite3_column_int(q, 0);
	a->item = st_col_dup(q, 1);
	a->minutes = sqlite3_column_int(q, 2);
	a->metric = st_col_dup(q, 3);
}

static void
decision_row(sqlite3_stmt *q, void *arg)
{
	struct cy_decision *d = st_rows_add(arg);

	d->id = sqlite3_column_int64(q, 0);
	d->text = st_col_dup(q, 1);
	d->by = st_col_dup(q, 2);
	d->at = st_col_dup(q, 3);
	d->data_request = sqlite3_column_int(q, 4);
}

/* Fill one of m's lists with the rows of `sql` (bound to :meeting); 0 or -1. */
static int
meeting_list(struct store *st, long long id, const char *sql, void (*row)(sqlite3_stmt *, void *),
    size_t size, void **v, size_t *n, struct kp_err *e)
{
	struct st_rows r = { NULL, 0, 0, size };
	sqlite3_stmt *q = st_prep(st, sql, e);
	int rc;

	if (q == NULL)
		return -1;
	st_bind_int(q, ":meeting", id);
	rc = st_each_row(st, q, row, &r, "cannot read a meeting", e);
	*v = r.v;
	*n = r.n;
	return rc;
}

int
store_meetings(struct store *st, const char *program, const char *period,
    struct cy_meeting **out, size_t *n, struct kp_err *e)
{
	struct st_rows r = { NULL, 0, 0, sizeof **out };
	sqlite3_stmt *q = st_prep(st,
	    "SELECT id, program, period, date, time, place, chair, notes, created_at, created_by\n"
	    "  FROM meeting WHERE (:program IS NULL OR program = :program)\n"
	    "   AND (:period IS NULL OR period = :period)\n"
	    " ORDER BY date, coalesce(time, ''), id", e);
	int rc = 0;

	if (q == NULL)
		return -1;
	st_bind_text(q, ":program", program);
	st_bind_text(q, ":period", period);
	if (st_each_row(st, q, meeting_row, &r, "cannot read the meetings", e) < 0)
		rc = -1;
	for (size_t i = 0; i < r.n && rc == 0; i++) {
		struct cy_meeting *m = (struct cy_meeting *)r.v + i;

		rc = meeting_list(st, m->id, "SELECT name FROM meeting_attendee\n"
		    " WHERE meeting = :meeting ORDER BY pos", name_row, sizeof(char *),
		    (void **)&m->attendees, &m->nattendees, e);
	}
	if (rc < 0) {
		cy_meetings_free(r.v, r.n);
		return -1;
	}
	*out = r.v;
	*n = r.n;
	return 0;
}

int
store_meeting_get(struct store *st, long long id, struct cy_meeting *out, struct kp_err *e)
{
	struct cy_meeting *v = NULL;
	struct st_rows r = { NULL, 0, 0, sizeof *v };
	sqlite3_stmt *q = st_prep(st,
	    "SELECT id, program, period, date, time, place, chair, notes, created_at, created_by\n"
	    "  FROM meeting WHERE id = :id", e);

	memset(out, 0, sizeof *out);
	if (q == NULL)
		return -1;
	st_bind_int(q, ":id", id);
	if (st_each_row(st, q, meeting_row, &r, "cannot read the meeting", e) < 0)
		return -1;
	if (r.n == 0)
		return 0;
	v = r.v;
	*out = v[0];
	free(v);
	if (meeting_list(st, id, "SELECT name FROM meeting_attendee WHERE meeting = :meeting\n"
	    " ORDER BY pos", name_row, sizeof(char *), (void **)&out->attendees, &out->nattendees,
	    e) < 0 ||
	    meeting_list(st, id, "SELECT pos, item, minutes, metric FROM agenda_item\n"
	    " WHERE meeting = :meeting ORDER BY pos", agenda_row, sizeof(struct cy_agenda),
	    (void **)&out->agenda, &out->nagenda, e) < 0 ||
	    meeting_list(st, id, "SELECT id, text, by, at, data_request FROM decision\n"
	    " WHERE meeting = :meeting ORDER BY id", decision_row, sizeof(struct cy_decision),
	    (void **)&out->decisions, &out->ndecisions, e) < 0) {
		cy_meeting_release(out);
		return -1;
	}
	return 1;
}

void
cy_meeting_release(struct cy_meeting *m)
{
	free(m->program);
	free(m->period);
	free(m->date);
	free(m->time);
	free(m->place);
	free(m->chair);
	free(m->notes);
	free(m->created_at);
	free(m->created_by);
	for (size_t i = 0; i < m->nattendees; i++)
		free(m->attendees[i]);
	free(m->attendees);
	for (size_t i = 0; i < m->nagenda; i++) {
		free(m->agenda[i].item);
		free(m->agenda[i].metric);
	}
	free(m->agenda);
	for (size_t i = 0; i < m->ndecisions; i++) {
		free(m->decisions[i].text);
		free(m->decisions[i].by);
		free(m->decisions[i].at);
	}
	free(m->decisions);
	memset(m, 0, sizeof *m);
}

void
cy_meetings_free(struct cy_meeting *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cy_meeting_release(&v[i]);
	free(v);
}

int
store_agenda_add(struct store *st, long long meeting, const char *item, int minutes,
    const char *metric, const char *by, int *pos, struct kp_err *e)
{
	char at[32];
	sqlite3_stmt *q = st_prep(st,
	    "INSERT INTO agenda_item(meeting, pos, item, minutes, metric, added_at, added_by)\n"
	    "SELECT :meeting, coalesce(max(pos), 0) + 1, :item, :minutes, :metric, :at, :by\n"
	    "  FROM agenda_item WHERE meeting = :meeting\n"
	    "RETURNING pos", e);
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_int(q, ":meeting", meeting);
	st_bind_text(q, ":item", item);
	st_bind_int(q, ":minutes", minutes);
	st_bind_text(q, ":metric", metric);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*pos = sqlite3_column_int(q, 0);
		rc = sqlite3_step(q);
	}
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, "cannot store the agenda item");
	return 0;
}

int
store_decision_add(struct store *st, long long meeting, const char *text, const char *by,
    int data_request, long long *id, struct kp_err *e)
{
	char at[32];
	sqlite3_stmt *q = st_prep(st, "INSERT INTO decision(meeting, text, by, at, data_request)\n"
	    "VALUES (:meeting, :text, :by, :at, :dr)", e);
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_int(q, ":meeting", meeting);
	st_bind_text(q, ":text", text);
	st_bind_text(q, ":by", by);
	st_bind_text(q, ":at", at);
	st_bind_int(q, ":dr", data_request);
	rc = st_run(st, q, "cannot store the decision", e);
	st_done(st, q);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}
