/*
** datacall: where a program period's data call stands, department by department: which figures
** are expected (each program metric's figure for the period the packet reports on, as with
** `status --period`), which are in, which came after the due date, which are off target
** without a word of commentary. `kpistat call status`, `kpistat lock` and the packet's data
** notes all read it, so they agree.
**
** A figure counts as explained when it has a current commentary (`kpistat comment`) or, for
** figures entered before commentary existed, a note. A computed metric counts as submitted
** when its dataset's latest record (in its period_by column, or `from` for open_at_end) falls
** on or after the first day of the period, and as stale otherwise: its figures are the office's
** job, but the department owns the records behind them.
**
** Ownership: datacall_load() fills a caller-owned struct datacall (strings and arrays owned,
** the catalog borrowed); datacall_release() frees it.
*/
#ifndef KPISTAT_DATACALL_H
#define KPISTAT_DATACALL_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/status.h"
#include "kpistat/store.h"

enum dc_state {
	DC_SUBMITTED,		/* the figure is in */
	DC_MISSING,		/* no figure for the period */
	DC_STALE		/* computed, and its dataset has no records that far */
};

struct dc_figure {
	const struct metric	*m;		/* borrowed */
	struct period		 period;	/* the figure expected */
	enum dc_state		 state;
	int			 late;		/* first entered after the due date */
	char			 entered_at[32];	/* first entry (ISO 8601), "" when none */
	char			*entered_by;	/* or NULL */
	double			 value;
	enum status_level	 level;		/* against the target in force */
	int			 explained;	/* commentary or note present */
	char			*stale_why;	/* DC_STALE: "latest record 2026-09-28", else NULL */
};

enum dc_dept_state { DC_DEPT_SUBMITTED, DC_DEPT_PARTIAL, DC_DEPT_MISSING };

struct dc_dept {
	const struct department	*d;		/* borrowed (a stub with the code if unknown) */
	size_t			 first, n;	/* its figures: fig[first .. first + n) */
	size_t			 submitted, late, unexplained;
	enum dc_dept_state	 state;
};

struct datacall {
	char			 program[64];
	struct period		 period;
	char			*due;		/* YYYY-MM-DD, or NULL without a call */
	struct dc_figure	*fig;		/* grouped by department, program order within */
	size_t			 nfig;
	struct dc_dept		*dept;
	size_t			 ndept;
	struct department	*stubs;		/* departments a metric names but the catalog lacks */
	size_t			 nstubs;
};

/*
** Load the state of program p's figures for `period` (a period of the program's packets, e.g.
** a month) against due date `due` (NULL: nothing is late). 0, or -1 with e filled.
*/
int	datacall_load(struct store *st, const struct catalog *cat, const struct program *p,
	    const struct period *period, const char *due, struct datacall *out, struct kp_err *e);
/* Which figures the call expects, department by department, without reading the store: the
** same fig[] and dept[] as datacall_load, each figure's state DC_MISSING and the rest zero. */
void	datacall_plan(const struct catalog *cat, const struct program *p,
	    const struct period *period, const char *due, struct datacall *out);
void	datacall_release(struct datacall *dc);

const char *dc_state_name(enum dc_state s);		/* "submitted", "missing", "stale" */
const char *dc_dept_state_name(enum dc_dept_state s);	/* "submitted", "partial", "missing" */

/* Off target (or near it) without commentary: what `lock` refuses to freeze. */
int	dc_unexplained(const struct dc_figure *f);

#endif
