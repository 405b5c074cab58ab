/*
** action_rules: the rules a follow-up's update must pass against the follow-up as stored
** (CitiStat's), in one place for `kpistat action update` and the web's Follow-ups page: done
** needs evidence (given now or before); dropping needs a note saying why; a new due date is
** not before the meeting the follow-up comes from. (A new due date also needs a revised plan:
** that one needs nothing stored, and each front end checks it with its other fields.)
*/
#ifndef KPISTAT_ACTION_RULES_H
#define KPISTAT_ACTION_RULES_H

#include "kpistat/store_cycle.h"

#define ACT_DONE_NEEDS_EVIDENCE	0x1
#define ACT_DROP_NEEDS_NOTE	0x2
#define ACT_DUE_BEFORE_MEETING	0x4

/* The rules update u breaks against follow-up a, as a mask of ACT_* (0: none). */
int	action_rules(const struct cy_action *a, const struct cy_action_update *u);

#endif
