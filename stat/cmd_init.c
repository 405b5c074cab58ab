/*
** cmd_init.c: `kpistat init`: create an empty store (or say that one is already there).
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/store.h"

static const char init_help[] =
    "Create an empty KPI store at --db PATH (default $KPISTAT_DB or ./kpistat.db).\n"
    "Running it on an existing store changes nothing.\n";

int
cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct kp_err e;
	struct store *st;
	FILE *probe;
	int c, existed;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			ctx->db_path = optarg;
			break;
		case 'h':
			cmd_usage(stdout, "init", init_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "init", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "init", "unexpected argument '%s'", argv[optind]);
	probe = fopen(ctx->db_path, "rb");
	existed = probe != NULL;
	if (probe)
		fclose(probe);
	if ((st = cmd_open_store(ctx, 1, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (existed)
		printf("store '%s' already exists (schema version %d); nothing changed\n",
		    ctx->db_path, store_schema_version(st));
	else
		printf("created store '%s' (schema version %d)\n", ctx->db_path,
		    store_schema_version(st));
	store_close(st);
	return KP_OK;
}
