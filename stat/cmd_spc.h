/*
** cmd_spc.h: what stat/cmd_spc.c (options, reading the CSV) shares with stat/cmd_spc_print.c
** (the table, CSV and JSON views). Internal to the spc command.
*/
#ifndef KPISTAT_CMD_SPC_H
#define KPISTAT_CMD_SPC_H

#include <stddef.h>

#include "kpistat/period.h"
#include "kpistat/trend.h"

struct spc_series {
	struct period	*per;		/* each row's period */
	double		*y;		/* each row's value, NaN when empty */
	long		*t;		/* period_key() of each row */
	long		*line;		/* each row's line in the file */
	size_t		 n, cap;
};

/* The three views of one analysed series; print_json returns json_dumpf's 0 or -1. */
void	spc_print_csv(const struct spc_series *s, const struct trend_result *r);
int	spc_print_json(const struct spc_series *s, const struct trend_result *r,
	    const struct trend_params *p);
void	spc_print_table(const struct spc_series *s, const struct trend_result *r,
	    const struct trend_params *p);

#endif
