/*
** cmd_packet.h: what `kpistat packet` loads of the Stat cycle (stat/cmd_packet_cycle.c): the
** meeting the packet is for, follow-ups from earlier sessions with their tracker colour, the
** current commentary, the changes made to locked figures, the data call and the program's
** last published packet. The memo command reuses the meeting and follow-up parts.
*/
#ifndef KPISTAT_CMD_PACKET_H
#define KPISTAT_CMD_PACKET_H

#include "kpistat/packet.h"
#include "kpistat/store_cycle.h"

struct cycle_data {
	struct cy_meeting	 meeting;	/* the session this packet is for (agenda filled) */
	int			 has_meeting;
	struct cy_action	*actions;	/* every follow-up of the program */
	size_t			 nactions;
	struct packet_followup	*fu;		/* those from earlier sessions, with colours */
	size_t			 nfu;
	struct cy_comment	*comments;
	size_t			 ncomments, capcomments;
	struct cy_late_change	*late;
	size_t			 nlate;
	struct cy_call		*calls;
	size_t			 ncalls;
	struct datacall		 dc;		/* where the call stands, when there is one */
	int			 has_dc;
	struct cy_publication	*pubs;
	size_t			 npubs;
	const struct cy_publication *last_pub;	/* in pubs, or NULL */
	char			 closed_since[11];	/* the session before's date, or "" */
	char			 today[11];	/* the day colours are judged on */
};

/*
** Load the cycle for program `prog`, period `per` and the packet's metrics ms[0..n).
** meeting_date: --meeting-date or NULL (stands in for the day when there is no meeting).
*/
int	cycle_load(struct store *st, const struct catalog *cat, const struct program *prog,
	    const struct period *per,
	    const char *meeting_date, const struct metric *const *ms, size_t n,
	    struct cycle_data *cd, struct kp_err *e);
/* Point the packet input at what was loaded (the cycle_data must outlive it). */
void	cycle_fill(const struct cycle_data *cd, struct packet_input *in);
void	cycle_unload(struct cycle_data *cd);

#endif
