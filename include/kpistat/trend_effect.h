/*
** trend_effect: "did it work?" After a follow-up is done, did the process it concerns change?
** The XmR limits of the periods before the done date are frozen and the periods after it are
** held against them, with three of the trend module's own rules (trend_spc_group computes the
** frozen mean and mR-bar exactly as NHSRplotthedots does for a fixed baseline, screening
** included):
**   - a run of 7 (the params' run_length) after-points on one side of the frozen mean;
**   - a point beyond the frozen process limits;
**   - 2 of 3 consecutive after-points beyond the frozen 2-sigma line, on one side.
** The 7-point trend rule is left out on purpose: a steady drift that began before the done
** date would carry on after it and read as the follow-up's effect.
**
** Pure: no I/O, no allocation that outlives the call.
**
** Choices (documented because another reader could choose otherwise):
**  - the period that contains the done date belongs to neither side: `after` is the index of
**    the first period after it, so the before side is [start, after - 1) and the after side
**    [after, n). `after` = 0 means the done date precedes the series (too few before);
**  - the before side starts at the last rebase point inside it (a rebase marks a new
**    process; the frozen limits are the process's as it stood when the follow-up was done);
**    rebase points on the after side are ignored: the after side is judged as one stretch;
**  - the before side needs TREND_EFFECT_MIN_BEFORE (6) figures; fewer and limits from it
**    would be guesswork, so the verdict is "too few before" whatever the after side shows;
**  - the after side is judged only on its own points: no run or 2-of-3 window straddles the
**    done period. With no signal and fewer after-figures than the run length, the verdict is
**    "too few after" (a point beyond the limits or 2 of 3 can still show a change early);
**  - missing figures (NaN) are skipped in the counts and break runs and 2-of-3 windows;
**  - when after-points signal both ways, the latest signalling point decides the direction:
**    the process as it stands now is what the room asks about.
*/
#ifndef KPISTAT_TREND_EFFECT_H
#define KPISTAT_TREND_EFFECT_H

#include <stddef.h>

#include "kpistat/trend.h"

#define TREND_EFFECT_MIN_BEFORE	6	/* figures the frozen limits need */

enum trend_effect_verdict {
	TREND_EFFECT_IMPROVEMENT,	/* a signal in the better direction */
	TREND_EFFECT_DETERIORATION,	/* a signal in the worse direction */
	TREND_EFFECT_UP,		/* neutral metric: a signal upwards */
	TREND_EFFECT_DOWN,		/* neutral metric: a signal downwards */
	TREND_EFFECT_NO_CHANGE,		/* enough after-figures, no signal */
	TREND_EFFECT_TOO_FEW_AFTER,	/* no signal yet and fewer than run_length after-figures */
	TREND_EFFECT_TOO_FEW_BEFORE	/* fewer than TREND_EFFECT_MIN_BEFORE figures before */
};

/* Which rules fired on the after side (bit mask). */
#define TREND_EFFECT_RUN	1u	/* run_length after-points on one side of the frozen mean */
#define TREND_EFFECT_BEYOND	2u	/* a point beyond the frozen limits */
#define TREND_EFFECT_TWO_IN_3	4u	/* 2 of 3 beyond the frozen 2-sigma line, one side */

struct trend_effect {
	enum trend_effect_verdict verdict;
	size_t	 start;			/* first index of the before side */
	size_t	 nbefore;		/* figures (not NaN) before */
	size_t	 nafter;		/* figures after */
	size_t	 need_before;		/* TREND_EFFECT_MIN_BEFORE */
	size_t	 need_after;		/* the run length */
	double	 mean, amr;		/* frozen centre line and mR-bar (NaN when too few before) */
	double	 lpl, upl;		/* frozen process limits */
	double	 near_lpl, near_upl;	/* frozen 2-sigma lines */
	size_t	 above, below;		/* after-figures above / below the frozen mean */
	size_t	 beyond;		/* after-figures beyond the frozen limits */
	unsigned rules;			/* TREND_EFFECT_* bits that fired */
	int	 sign;			/* +1 the signal is upwards, -1 downwards, 0 none */
	size_t	 last_signal;		/* index of the latest signalling point (n when none) */
};

/*
** Judge y[0..n) (NaN = missing) around `after` with p's direction, rebase points, screening
** and run length (fix_after_n_points is ignored: the whole before side is the baseline).
** Returns 0, or -1 with e filled (KP_USAGE) when after > n or run_length < 2.
*/
int	trend_effect(const double *y, size_t n, size_t after, const struct trend_params *p,
	    struct trend_effect *out, struct kp_err *e);

/* "improvement", "deterioration", "up", "down", "no_change", "too_few_after", "too_few_before". */
const char *trend_effect_verdict_name(enum trend_effect_verdict v);

#endif
