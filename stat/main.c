/*
** main.c: kpistat's command table and dispatch, nothing else.
**
** Global options (--db, --deterministic, --version, --help) may come before the command;
** every command also takes --db itself. The table is sorted by name; tests/test_cmd.c checks it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/version.h"

const struct cmd cmd_table[] = {
	{ "action",  cmd_action,  "action add --meeting ID --owner NAME --due DATE [--metric M] [--type TYPE] [--done-when TEXT] [--by NAME] TEXT | action update ID [--status S] [--evidence TEXT] [--due DATE --plan TEXT] [--note TEXT] [--on DATE] --by NAME | action list [--open] [--overdue] [--closed-since DATE] [--owner NAME] [--metric M] [--program CODE] [--format table|csv|json] | action show ID",
	  "follow-ups from Stat meetings: one owner, a due date, evidence of done" },
	{ "call",    cmd_call,    "call open --program CODE --period P --due DATE [--cutoff DATE] [--by NAME] | call status [--program CODE] [--period P] [--format table|csv|json] | call close --program CODE --period P [--by NAME]",
	  "the data call: who has submitted a program period's figures, who is late" },
	{ "catalog", cmd_catalog, "catalog load FILE.yaml [--dry-run] [--prune] | catalog show",
	  "load or show departments, metrics, targets and programs" },
	{ "comment", cmd_comment, "comment METRIC PERIOD TEXT [--breakdown K=V] [--by NAME] [--reason TEXT] | comment --history METRIC [--period P]",
	  "the department's commentary on a figure (every version kept)" },
	{ "compare", cmd_compare, "compare METRIC [--period P] [--geography G] [--overdispersion] [--gap [--group G] [--periods N]] [--format table|csv|json]",
	  "each area against the whole, with funnel limits at its own denominator" },
	{ "compute", cmd_compute, "compute [--period P | --since P] [--metric M] [--by NAME]",
	  "compute metrics from raw records (compute: blocks), per period and breakdown" },
	{ "events",  cmd_events,  "events import DATASET FILE.csv [--replace | --append] [--skip-bad FILE] [--by NAME] [--delimiter C] [--decimal-comma] [--accept-unterminated] | events list",
	  "load raw records (permits, calls, cases) into a dataset, all or nothing" },
	{ "export",  cmd_export,  "export [--format csv|json] [-o FILE]",
	  "write every measurement with its metric for an open-data portal" },
	{ "help",    cmd_help,    "help [COMMAND]",
	  "show the commands, or one command's options" },
	{ "history", cmd_history, "history METRIC [--period P] [--breakdown K=V]",
	  "show a metric's figures and every revision" },
	{ "import",  cmd_import,  "import FILE.csv [--dry-run] [--reason TEXT] [--by NAME] [--delimiter C] [--decimal-comma] [--accept-unterminated] [--allow-outlier]",
	  "load figures from CSV, all or nothing" },
	{ "init",    cmd_init,    "init",
	  "create an empty store" },
	{ "lock",    cmd_lock,    "lock --program CODE --period P [--force] [--by NAME] | lock list [--program CODE]",
	  "freeze a program period's figures before the packet is released" },
	{ "meeting", cmd_meeting, "meeting add --program CODE --period P --date DATE [--time HH:MM] [--place TEXT] [--chair NAME] [--attendee NAME]... [--notes TEXT] | meeting agenda ID --item TEXT [--minutes N] [--metric M] | meeting decide ID TEXT --by NAME [--data-request] | meeting list [--program CODE] | meeting show ID",
	  "Stat meetings: date, place, chair, agenda, decisions" },
	{ "memo",    cmd_memo,    "memo --meeting ID [-o FILE.pdf] [--date DATE] [--from NAME] [--paper letter|a4] [--deterministic]",
	  "the follow-up memo of a Stat session (PDF), sent the day after it" },
	{ "packet",  cmd_packet,  "packet --program CODE --period P [-o FILE.pdf] [--template FILE.yaml] [--meeting-date DATE] [--paper letter|a4] [--deterministic] [--publish [--by NAME]] | packet list [--program CODE]",
	  "write the briefing packet (PDF) for a program's period" },
	{ "record",  cmd_record,  "record METRIC PERIOD VALUE [--note TEXT] [--by NAME] [--reason TEXT] [--breakdown K=V] [--allow-outlier]",
	  "enter or revise one figure" },
	{ "serve",   cmd_serve,   "serve [--listen ADDR:PORT] [--base-url URL]",
	  "web pages where departments enter figures and the office follows the data call" },
	{ "spc",     cmd_spc,     "spc [FILE.csv | -] --direction increase|decrease|neutral [--target X] [--rebase PERIOD]... [--fix-after N] [--no-screen] [--run-length N] [--trend-length N] [--format table|csv|json]",
	  "SPC chart, runs rules, trend test and forecast for a period,value CSV" },
	{ "status",  cmd_status,  "status [--period P] [--program CODE] [--department CODE] [--format table|csv|json] [--codes]",
	  "every metric against its target" },
	{ "trend",   cmd_trend,   "trend METRIC [--until P] [--format table|csv|json]",
	  "SPC signals, trend test and forecast for a stored metric" },
	{ "user",    cmd_user,    "user add NAME --role office|department|viewer [--department CODE] [--by NAME] | user passwd NAME | user list | user disable NAME",
	  "who may log in to 'kpistat serve': roles, passwords (Argon2id), disabling" },
};
const int cmd_table_len = (int)(sizeof cmd_table / sizeof cmd_table[0]);

const struct cmd *
cmd_find(const char *name)
{
	for (int i = 0; i < cmd_table_len; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	static char help_verb[] = "help";
	char *help_argv[] = { help_verb, NULL };
	struct cmd_ctx ctx = { "kpistat", NULL, 0 };
	const struct cmd *c;
	const char *env;
	int i = 1;

	if ((env = getenv("KPISTAT_DB")) != NULL && *env != '\0')
		ctx.db_path = env;
	if ((env = getenv("SOURCE_DATE_EPOCH")) != NULL && *env != '\0')
		ctx.deterministic = 1;

	/* Global options before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("kpistat %s\n", KPISTAT_VERSION);
			return KP_OK;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			return cmd_help(1, help_argv, &ctx);
		} else if (strcmp(a, "--deterministic") == 0) {
			ctx.deterministic = 1;
		} else if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc) {
				err_printf(ctx.prog, "option '--db' needs a path");
				return KP_USAGE;
			}
			ctx.db_path = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			ctx.db_path = a + 5;
		} else {
			err_printf(ctx.prog, "unknown option '%s'", a);
			fprintf(stderr, "usage: kpistat [--db PATH] COMMAND [ARGS]; see 'kpistat help'\n");
			return KP_USAGE;
		}
	}
	if (ctx.db_path == NULL)
		ctx.db_path = "kpistat.db";
	if (i >= argc) {
		cmd_help(1, help_argv, &ctx);
		return KP_USAGE;
	}
	if ((c = cmd_find(argv[i])) == NULL) {
		err_printf(ctx.prog, "unknown command '%s'", argv[i]);
		fprintf(stderr, "run 'kpistat help' for the list of commands\n");
		return KP_USAGE;
	}
	return c->fn(argc - i, argv + i, &ctx);
}
