/*
** packet_int.h: shared between packet.c and packet_cycle.c (the Stat cycle's part of the
** model: follow-ups, their effect on the charts, the agenda and the cycle's data notes).
*/
#ifndef KPISTAT_PACKET_INT_H
#define KPISTAT_PACKET_INT_H

#include "kpistat/packet.h"

struct packet_block *packet_add_block(struct packet_flow *f, enum packet_block_kind kind,
	    const char *title, const char *text, long metric);

/* The current commentary of pm's metric for period `at` (whole city), or NULL. */
const char *packet_comment_for(const struct packet_input *in, const struct metric *m,
	    const struct period *at);
/* The follow-up table, each metric's follow-ups and effects, the agenda rows. */
void	packet_cycle_build(struct packet *p);
/* Data notes: revisions since the last packet, late changes, late and missing submissions. */
void	packet_cycle_notes(struct packet *p);
void	packet_cycle_release(struct packet *p);

#endif
