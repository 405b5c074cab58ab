/*
** entry: the checks one figure passes before it is stored, whether typed on the command line
** (`kpistat record`) or read from a CSV row (`kpistat import`): the metric exists and takes
** figures by hand, the period has the form the metric's frequency takes, the value is a
** number as people type it (with the metric's unit deciding what '%' means), the breakdown is
** KEY=VALUE, and all text is valid UTF-8.
*/
#ifndef KPISTAT_ENTRY_H
#define KPISTAT_ENTRY_H

#include "kpistat/catalog.h"
#include "kpistat/err.h"
#include "kpistat/store.h"

/* Which field a failed check is about (CSV column order of the import format). */
enum entry_field { ENTRY_METRIC, ENTRY_PERIOD, ENTRY_VALUE, ENTRY_BREAKDOWN, ENTRY_NOTE };

/*
** Check the text of one figure against catalog `c` and fill *out (its strings point into the
** arguments; origin and by are left for the caller). `breakdown` and `note` may be NULL or "".
** On failure fill e (KP_DATA, where empty), set *bad to the failing field and return -1.
*/
int	entry_check(const struct catalog *c, const char *metric, const char *period,
	    const char *value, const char *breakdown, const char *note, struct figure *out,
	    enum entry_field *bad, struct kp_err *e);

/*
** The first two checks alone: metric `metric` exists and is not retired (*m), and `period`
** (when not NULL) has the form its frequency takes (*out). For commentary and follow-ups,
** which computed metrics take too. 0, or -1 with e and *bad filled.
*/
int	entry_check_period(const struct catalog *c, const char *metric, const char *period,
	    const struct metric **m, struct period *out, enum entry_field *bad, struct kp_err *e);

/* How a figure's text is read (NULL: the defaults, all 0). */
struct entry_opts {
	int	decimal_comma;	/* values written 1.234,5 (num_parse_dc) */
	int	allow_outlier;	/* a value outside the metric's range (catalog_bounds) is kept */
};

/*
** entry_check() reading the text as `o` says. A value outside the metric's plausible range
** (catalog_bounds) fails, naming the bound and where it comes from, unless o->allow_outlier:
** then 1 is returned with *out filled and e holding the warning ("warning: ... kept").
*/
int	entry_check_opts(const struct catalog *c, const char *metric, const char *period,
	    const char *value, const char *breakdown, const char *note, const struct entry_opts *o,
	    struct figure *out, enum entry_field *bad, struct kp_err *e);

/*
** Free text people write (a figure's note, commentary): valid UTF-8 and at most ENTRY_MAX_TEXT
** characters, else -1 with e saying so ("note is too long: 12,000 characters, at most 10000
** (a paragraph: ...)"). `what` names it in the message.
*/
#define ENTRY_MAX_TEXT	10000	/* characters: a paragraph or a page, not a report */
int	entry_check_text(const char *s, const char *what, struct kp_err *e);

/* Check a breakdown "KEY=VALUE" (key: lower-case letters, digits, '_'); "" is the whole city. */
int	entry_check_breakdown(const char *s, struct kp_err *e);

#endif
