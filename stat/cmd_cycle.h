/*
** cmd_cycle.h: what the Stat cycle's commands (call, comment, lock, meeting, action) share:
** finding a program and checking that a period is one its packets report on.
*/
#ifndef KPISTAT_CMD_CYCLE_H
#define KPISTAT_CMD_CYCLE_H

#include "kpistat/catalog.h"
#include "kpistat/err.h"
#include "kpistat/period.h"

/* The program `code`, or NULL with e filled (KP_DATA, naming the programs there are). */
const struct program *cycle_program(const struct catalog *c, const char *code, struct kp_err *e);

/*
** The kind of period a program's packets report on: its most frequent metrics' (a program
** with any monthly metric meets monthly, weekly metrics aside unless all are weekly).
*/
enum period_kind cycle_program_kind(const struct catalog *c, const struct program *p);

/*
** Parse `text` as a period of program p's cadence ("2026-Q3" for a monthly program is refused).
** 0, or -1 with e filled (KP_DATA).
*/
int	cycle_program_period(const struct catalog *c, const struct program *p, const char *text,
	    struct period *out, struct kp_err *e);

struct cmd_ctx;
struct store;

/*
** The end of a cycle command: on failure (rc < 0) roll back and report e (a usage error with
** the command's usage line; one already reported, with an empty message, as it is); release
** the catalog, close the store. Returns the exit status.
*/
int	cycle_finish(struct cmd_ctx *ctx, const char *name, struct store *st, struct catalog *cat,
	    int rc, const struct kp_err *e);

/* Refuse an empty or blank text for `what` (KP_USAGE). 0 or -1. */
int	cycle_nonblank(const char *s, const char *what, struct kp_err *e);

/* A meeting ID as typed ("3" or "M-3"). 0, or -1 with e filled (KP_USAGE). */
int	cycle_meeting_id(const char *s, long long *id, struct kp_err *e);
/*
** An ID as typed: "12", or with its letter ("F-12" for a follow-up, "M-3" for a meeting), in
** either case. 0, or -1 with e filled (KP_USAGE) naming `what` and the text as typed.
*/
int	cycle_id(const char *s, char letter, const char *what, long long *id, struct kp_err *e);

#endif
