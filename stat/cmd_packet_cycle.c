/*
** cmd_packet_cycle.c: load the Stat cycle's records for a packet (see cmd_packet.h). Which
** records count:
**  - the meeting is the program period's latest one (by date); its date is the day the
**    tracker colours are judged on (else --meeting-date, else today);
**  - follow-ups from earlier sessions: every follow-up of the program except those agreed at
**    this meeting or at a later one;
**  - "closed since the last session": the date of the program's latest meeting before this
**    one (without a meeting: the latest one for an earlier period);
**  - the last published packet: the program's latest publication for an earlier period.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/xmalloc.h"

#include "cmd_packet.h"

/* The session before: the latest meeting earlier than the packet's (by date, else period). */
static void
session_before(const struct cy_meeting *v, size_t n, const struct cycle_data *cd,
    const char *per, char out[11])
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int earlier = cd->has_meeting ? strcmp(v[i].date, cd->meeting.date) < 0 &&
		    v[i].id != cd->meeting.id : strcmp(v[i].period, per) < 0;

		if (earlier && strcmp(v[i].date, out) > 0)
			snprintf(out, 11, "%s", v[i].date);
	}
}

static int
load_meetings(struct store *st, const struct program *prog, const char *per,
    struct cycle_data *cd, struct kp_err *e)
{
	struct cy_meeting *v = NULL;
	size_t n = 0;
	long long id = 0;
	int rc = 0;

	if (store_meetings(st, prog->code, per, &v, &n, e) < 0)
		return -1;
	if (n > 0)
		id = v[n - 1].id;	/* ordered by date then id: the latest */
	cy_meetings_free(v, n);
	if (id > 0 && (rc = store_meeting_get(st, id, &cd->meeting, e)) < 0)
		return -1;
	cd->has_meeting = rc == 1;
	if (store_meetings(st, prog->code, NULL, &v, &n, e) < 0)
		return -1;
	session_before(v, n, cd, per, cd->closed_since);
	cy_meetings_free(v, n);
	return 0;
}

static int
load_actions(struct store *st, const struct program *prog, struct cycle_data *cd,
    struct kp_err *e)
{
	if (store_actions(st, prog->code, &cd->actions, &cd->nactions, e) < 0)
		return -1;
	cd->fu = xcalloc(cd->nactions + 1, sizeof *cd->fu);
	for (size_t i = 0; i < cd->nactions; i++) {
		const struct cy_action *a = &cd->actions[i];

		if (cd->has_meeting && (a->meeting == cd->meeting.id || (a->meeting_date &&
		    strcmp(a->meeting_date, cd->meeting.date) > 0)))
			continue;	/* agreed at this session or a later one */
		cd->fu[cd->nfu].a = a;
		cd->fu[cd->nfu++].colour = cy_action_colour(a, cd->today);
	}
	return 0;
}

/* Append the current commentary of each metric. */
static int
load_comments(struct store *st, const struct metric *const *ms, size_t n,
    struct cycle_data *cd, struct kp_err *e)
{
	for (size_t i = 0; i < n; i++) {
		struct cy_comment *v = NULL;
		size_t k = 0;

		if (store_comments(st, ms[i]->code, NULL, NULL, 0, &v, &k, e) < 0)
			return -1;
		cd->comments = xgrow(cd->comments, &cd->capcomments, cd->ncomments + k + 1,
		    sizeof *cd->comments);
		if (k > 0)
			memcpy(cd->comments + cd->ncomments, v, k * sizeof *v);
		cd->ncomments += k;
		free(v);	/* the strings moved into cd->comments */
	}
	return 0;
}

int
cycle_load(struct store *st, const struct catalog *cat, const struct program *prog,
    const struct period *per, const char *meeting_date, const struct metric *const *ms, size_t n,
    struct cycle_data *cd, struct kp_err *e)
{
	char ps[32];

	memset(cd, 0, sizeof *cd);
	period_format(per, ps);
	if (load_meetings(st, prog, ps, cd, e) < 0)
		return -1;
	if (cd->has_meeting)
		snprintf(cd->today, sizeof cd->today, "%s", cd->meeting.date);
	else if (meeting_date)
		snprintf(cd->today, sizeof cd->today, "%s", meeting_date);
	else
		cmd_today(cd->today);
	if (load_actions(st, prog, cd, e) < 0 || load_comments(st, ms, n, cd, e) < 0)
		return -1;
	if (store_publications(st, prog->code, &cd->pubs, &cd->npubs, e) < 0)
		return -1;
	for (size_t i = 0; i < cd->npubs; i++)	/* oldest first: the last earlier one wins */
		if (strcmp(cd->pubs[i].period, ps) < 0)
			cd->last_pub = &cd->pubs[i];
	if (store_late_changes(st, cd->last_pub ? cd->last_pub->at : NULL, &cd->late, &cd->nlate,
	    e) < 0)
		return -1;
	if (store_calls(st, prog->code, ps, &cd->calls, &cd->ncalls, e) < 0)
		return -1;
	/* The call's state as `call status` sees it, for the late and missing submissions. */
	if (cd->ncalls > 0) {
		if (datacall_load(st, cat, prog, per, cd->calls[0].due, &cd->dc, e) < 0)
			return -1;
		cd->has_dc = 1;
	}
	return 0;
}

void
cycle_fill(const struct cycle_data *cd, struct packet_input *in)
{
	in->meeting = cd->has_meeting ? &cd->meeting : NULL;
	in->fu = cd->fu;
	in->nfu = cd->nfu;
	in->closed_since = cd->closed_since[0] ? cd->closed_since : NULL;
	in->comments = cd->comments;
	in->ncomments = cd->ncomments;
	in->late = cd->late;
	in->nlate = cd->nlate;
	in->call = cd->has_dc ? &cd->dc : NULL;
	in->last_pub = cd->last_pub;
}

void
cycle_unload(struct cycle_data *cd)
{
	if (cd->has_meeting)
		cy_meeting_release(&cd->meeting);
	cy_actions_free(cd->actions, cd->nactions);
	free(cd->fu);
	cy_comments_free(cd->comments, cd->ncomments);
	cy_late_changes_free(cd->late, cd->nlate);
	cy_calls_free(cd->calls, cd->ncalls);
	if (cd->has_dc)
		datacall_release(&cd->dc);
	cy_publications_free(cd->pubs, cd->npubs);
	memset(cd, 0, sizeof *cd);
}
