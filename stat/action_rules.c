/*
** action_rules.c: the update rules of a follow-up (see action_rules.h).
*/
#include <string.h>

#include "kpistat/action_rules.h"

int
action_rules(const struct cy_action *a, const struct cy_action_update *u)
{
	int broken = 0;

	if (u->set_status && u->status == CY_DONE && u->evidence == NULL && a->evidence == NULL)
		broken |= ACT_DONE_NEEDS_EVIDENCE;
	if (u->set_status && u->status == CY_DROPPED && a->status != CY_DROPPED && u->note == NULL)
		broken |= ACT_DROP_NEEDS_NOTE;
	if (u->due != NULL && strcmp(u->due, a->meeting_date) < 0)
		broken |= ACT_DUE_BEFORE_MEETING;
	return broken;
}
