/*
** store_cycle: the Stat cycle in the KPI store (part of the store module: only stat/store*.c
** call sqlite3_*). A program's month runs: the office opens a data call with a due date;
** departments enter figures and commentary; the office locks the period (its figures then
** change only with a reason, and each such change is logged); the packet is published (its
** SHA-256 kept); the meeting is held (agenda, attendees, decisions); it ends with follow-ups
** (action items) that later packets track until they are closed.
**
** Nothing here is ever deleted: a changed due date, a new commentary, a status change of a
** follow-up are each kept with who and when. Every write takes `by` (may be NULL) and stamps
** the store's clock (store_set_clock, else now).
**
** Ownership: functions that return rows fill caller-owned structs (or arrays of them) whose
** strings they own; free them with the matching *_release / *_free. Writers run inside a
** transaction the caller opened with store_begin() unless they say otherwise.
*/
#ifndef KPISTAT_STORE_CYCLE_H
#define KPISTAT_STORE_CYCLE_H

#include <stddef.h>

#include "kpistat/err.h"
#include "kpistat/period.h"
#include "kpistat/store.h"

/* ---- data calls ---- */

struct cy_call {
	long long	 id;
	char		*program;
	char		*period;	/* the program period called for, "2026-10" */
	char		*due;		/* YYYY-MM-DD: figures entered after this day are late */
	char		*cutoff;	/* YYYY-MM-DD or NULL: the final data refresh */
	char		*opened_at, *opened_by;
	char		*closed_at, *closed_by;	/* NULL while open */
	char		*due_was;	/* the first due date when it was changed since, else NULL */
};

enum cy_call_outcome { CY_CALL_OPENED, CY_CALL_SAME, CY_CALL_CHANGED, CY_CALL_REOPENED };

/*
** Open the call for (program, period), or keep it: the same due date and cutoff change nothing;
** a changed one is kept as a change (cy_call_changes); a closed call is reopened. 0 or -1.
*/
int	store_call_open(struct store *st, const char *program, const struct period *period,
	    const char *due, const char *cutoff, const char *by, enum cy_call_outcome *out,
	    struct kp_err *e);
/* Close it: 1 closed, 0 no open call for (program, period); -1 on error. */
int	store_call_close(struct store *st, const char *program, const char *period,
	    const char *by, struct kp_err *e);
/*
** The calls for `program` (NULL: every program) and `period` (NULL: every period), newest
** period first. *out is an array of *n calls; cy_calls_free frees it.
*/
int	store_calls(struct store *st, const char *program, const char *period,
	    struct cy_call **out, size_t *n, struct kp_err *e);
void	cy_calls_free(struct cy_call *v, size_t n);

/* ---- commentary ---- */

struct cy_comment {
	char		*metric, *period, *breakdown;	/* breakdown "" for the whole city */
	char		*text;
	char		*by, *at;
	char		*reason;	/* why it changed after a lock, or NULL */
	int		 current;	/* 1 for the one in force, 0 for earlier versions */
};

enum cy_comment_outcome { CY_COMMENT_NEW, CY_COMMENT_SAME, CY_COMMENT_REVISED, CY_COMMENT_LOCKED };

/*
** Make `text` the current commentary of (metric, period, breakdown), keeping the one before as
** an earlier version. When the figure is locked (store_figure_lock) a change needs `reason`:
** without one nothing is written and *out is CY_COMMENT_LOCKED. 0 or -1.
*/
int	store_comment_put(struct store *st, const char *metric, const struct period *period,
	    const char *breakdown, const char *text, const char *by, const char *reason,
	    enum cy_comment_outcome *out, struct kp_err *e);
/*
** The commentary of `metric` (current only, or every version when all = 1), for one period
** and breakdown when given (NULL: all), ordered by period, breakdown, then oldest version first.
*/
int	store_comments(struct store *st, const char *metric, const char *period,
	    const char *breakdown, int all, struct cy_comment **out, size_t *n, struct kp_err *e);
void	cy_comments_free(struct cy_comment *v, size_t n);

/* ---- locks ---- */

struct cy_lock {
	char		*program, *period;
	char		*at, *by;
	int		 forced;	/* locked with --force over missing commentary */
};

/* A figure frozen by a lock: the metric and the period of its figure (a quarter, say). */
struct cy_frozen {
	const char	*metric;
	struct period	 period;
};

/*
** Lock (program, period), freezing the figures f[0..n) (every breakdown of each). Locking
** twice is harmless: *already = 1 and nothing changes. 0 or -1.
*/
int	store_lock(struct store *st, const char *program, const struct period *period,
	    const struct cy_frozen *f, size_t n, const char *by, int forced, int *already,
	    struct kp_err *e);
/* The locks of `program` (NULL: all), newest first. */
int	store_locks(struct store *st, const char *program, struct cy_lock **out, size_t *n,
	    struct kp_err *e);
void	cy_locks_free(struct cy_lock *v, size_t n);
/*
** Whether (metric, period) is frozen by a lock: 1 (with the first lock's program and period
** copied into prog/per when not NULL), 0 not, -1 on error.
*/
int	store_figure_lock(struct store *st, const char *metric, const char *period,
	    char prog[64], char per[16], struct kp_err *e);

/* A change made to a locked figure (or its commentary), for the packet's data notes. */
struct cy_late_change {
	char		*metric, *period, *breakdown;
	char		*what;		/* "added", "revised", "note", "withdrawn", "commentary" */
	int		 has_old, has_new;
	double		 old_value, new_value;
	char		*by, *at, *reason;
	char		*lock_program, *lock_period;
};
/* Changes to locked figures made after `since` (ISO time; NULL: all), oldest first. */
int	store_late_changes(struct store *st, const char *since, struct cy_late_change **out,
	    size_t *n, struct kp_err *e);
void	cy_late_changes_free(struct cy_late_change *v, size_t n);

/* ---- published packets ---- */

struct cy_publication {
	long long	 id;
	char		*program, *period;
	char		*sha256;	/* 64 lower-case hex digits of the PDF */
	char		*file;		/* the path it was written to */
	long		 pages;
	char		*at, *by;
};

int	store_publish(struct store *st, const char *program, const struct period *period,
	    const char *sha256, const char *file, long pages, const char *by, long long *id,
	    struct kp_err *e);
/* Publications of `program` (NULL: all), oldest first. */
int	store_publications(struct store *st, const char *program, struct cy_publication **out,
	    size_t *n, struct kp_err *e);
void	cy_publications_free(struct cy_publication *v, size_t n);

/* ---- meetings ---- */

struct cy_agenda {
	int		 pos;		/* 1, 2, ... */
	char		*item;
	int		 minutes;	/* 0: not given */
	char		*metric;	/* or NULL */
};

struct cy_decision {
	long long	 id;
	char		*text;
	char		*by, *at;
	int		 data_request;	/* a request for data or analysis, not a decision */
};

struct cy_meeting {
	long long	 id;
	char		*program, *period;
	char		*date;		/* YYYY-MM-DD */
	char		*time;		/* HH:MM or NULL */
	char		*place, *chair, *notes;	/* or NULL */
	char		**attendees;
	size_t		 nattendees;
	struct cy_agenda *agenda;	/* filled by store_meeting_get only */
	size_t		 nagenda;
	struct cy_decision *decisions;	/* filled by store_meeting_get only */
	size_t		 ndecisions;
	char		*created_at, *created_by;
};

struct cy_meeting_new {			/* what `meeting add` gives */
	const char	*program;
	struct period	 period;
	const char	*date, *time, *place, *chair, *notes;
	const char *const *attendees;
	size_t		 nattendees;
};

int	store_meeting_add(struct store *st, const struct cy_meeting_new *m, const char *by,
	    long long *id, struct kp_err *e);
/* One meeting with its agenda and decisions: 1 found, 0 no such meeting, -1 on error. */
int	store_meeting_get(struct store *st, long long id, struct cy_meeting *out, struct kp_err *e);
/*
** Meetings of `program` (NULL: all), by date then id (no agenda or decisions filled). With
** period not NULL, only that program period's.
*/
int	store_meetings(struct store *st, const char *program, const char *period,
	    struct cy_meeting **out, size_t *n, struct kp_err *e);
void	cy_meeting_release(struct cy_meeting *m);
void	cy_meetings_free(struct cy_meeting *v, size_t n);
int	store_agenda_add(struct store *st, long long meeting, const char *item, int minutes,
	    const char *metric, const char *by, int *pos, struct kp_err *e);
int	store_decision_add(struct store *st, long long meeting, const char *text, const char *by,
	    int data_request, long long *id, struct kp_err *e);

/* ---- follow-ups (action items) ---- */

enum cy_status { CY_OPEN, CY_IN_PROGRESS, CY_DONE, CY_DROPPED, CY_NSTATUS };

/* CitiStat's tracker colours. */
enum cy_colour { CY_WHITE, CY_YELLOW, CY_RED, CY_GREEN, CY_GREY };

struct cy_action {
	long long	 id;		/* shown as F-<id> */
	long long	 meeting;
	char		*program, *meeting_date;	/* from the meeting */
	char		*metric;	/* or NULL */
	char		*owner;
	char		*due;		/* YYYY-MM-DD, the due date in force */
	char		*type;		/* one of cy_action_types */
	char		*done_when;	/* evidence of done agreed in the room, or NULL */
	char		*text;
	enum cy_status	 status;
	char		*evidence;	/* or NULL */
	char		*note;		/* the latest note, or NULL */
	char		*plan;		/* the latest revised plan, or NULL */
	char		*closed_on;	/* YYYY-MM-DD it was done or dropped, else NULL */
	char		*created_at, *created_by;
	char		*updated_at;	/* the latest change, or created_at */
};

/* One change in an action's history. */
struct cy_action_event {
	char		*at, *by;
	char		*on;		/* the day it happened (YYYY-MM-DD), as told or today */
	enum cy_status	 old_status, new_status;
	char		*old_due, *new_due;	/* NULL when the due date did not move */
	char		*evidence, *plan, *note;	/* or NULL */
};

struct cy_action_new {
	long long	 meeting;
	const char	*metric, *owner, *due, *type, *done_when, *text;
};

struct cy_action_update {
	int		 set_status;	/* 0: keep */
	enum cy_status	 status;
	const char	*evidence, *due, *plan, *note;	/* NULL: not given */
	const char	*on;		/* the day it happened, YYYY-MM-DD (NULL: today) */
};

/* The eight CitiStat deliverable types, as stored ("email_update", ...), NULL-terminated. */
extern const char *const cy_action_types[];
/* The tracker's label of a type ("Written update"); the type itself when unknown. */
const char *cy_action_type_label(const char *type);
/* A type as typed ("written update", "E-mail update", "todo") as stored, or NULL. */
const char *cy_action_type_parse(const char *s);
/* "open", "in_progress", "done", "dropped"; parse returns 0 or -1. */
const char *cy_status_name(enum cy_status s);
int	cy_status_parse(const char *s, enum cy_status *out);
/* The tracker colour of an action on day `today` (YYYY-MM-DD). */
enum cy_colour cy_action_colour(const struct cy_action *a, const char *today);
const char *cy_colour_name(enum cy_colour c);	/* "white", "yellow", "red", "green", "grey" */

int	store_action_add(struct store *st, const struct cy_action_new *a, const char *by,
	    long long *id, struct kp_err *e);
/*
** Apply an update (the caller has checked the rules: done needs evidence, a moved due date a
** plan). 1 applied, 0 no such action, -1 on error.
*/
int	store_action_update(struct store *st, long long id, const struct cy_action_update *u,
	    const char *by, struct kp_err *e);
/* One action: 1 found (history in *ev, *nev when ev is not NULL), 0 none, -1 on error. */
int	store_action_get(struct store *st, long long id, struct cy_action *out,
	    struct cy_action_event **ev, size_t *nev, struct kp_err *e);
/* Every action of `program` (NULL: all), by id. */
int	store_actions(struct store *st, const char *program, struct cy_action **out, size_t *n,
	    struct kp_err *e);
void	cy_action_release(struct cy_action *a);
void	cy_actions_free(struct cy_action *v, size_t n);
void	cy_action_events_free(struct cy_action_event *v, size_t n);

#endif
