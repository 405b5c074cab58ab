/*
** cmd_help.c: `kpistat help [COMMAND]`: the command list, or one command's usage.
*/
#include <stdio.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/version.h"

int
cmd_help(int argc, char **argv, struct cmd_ctx *ctx)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_usage(stdout, "help", "Without COMMAND: the list of commands. With one: its "
		    "usage and options.\n");
		return KP_OK;
	}
	if (argc > 1) {
		const struct cmd *c = cmd_find(argv[1]);
		char *sub[] = { argv[1], (char *)"--help", NULL };

		if (c == NULL) {
			err_printf(ctx->prog, "unknown command '%s'", argv[1]);
			fprintf(stderr, "run 'kpistat help' for the list of commands\n");
			return KP_USAGE;
		}
		return c->fn(2, sub, ctx);
	}
	printf("kpistat %s: KPI store, trend signals and briefing packets for city Stat programs\n\n",
	    KPISTAT_VERSION);
	printf("usage: kpistat [--db PATH] COMMAND [ARGS]\n\n");
	printf("commands:\n");
	for (int i = 0; i < cmd_table_len; i++)
		printf("  %-9s %s\n", cmd_table[i].name, cmd_table[i].help);
	printf("\nThe store is --db PATH, else $KPISTAT_DB, else ./kpistat.db.\n");
	printf("'kpistat COMMAND --help' shows a command's options; 'man kpistat' has the rest.\n");
	printf("Global options: --db PATH, --deterministic (fixed dates in output, as with\n"
	    "SOURCE_DATE_EPOCH), --version, --help.\n");
	printf("Exit status: 0 ok, 64 usage, 65 bad data, 66 missing input, 70 internal error,\n"
	    "73 cannot create output, 74 I/O error.\n");
	return KP_OK;
}
