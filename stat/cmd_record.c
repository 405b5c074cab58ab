/*
** cmd_record.c: `kpistat record METRIC PERIOD VALUE`: enter one figure, or revise one with
** --reason. A changed figure without a reason is refused, never overwritten.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/entry.h"
#include "kpistat/num.h"
#include "kpistat/store.h"
#include "kpistat/store_cycle.h"

static const char record_help[] =
    "Enter the figure for METRIC in PERIOD (a month 2026-10, quarter 2026-Q3, ISO week\n"
    "2026-W43, year 2026 or fiscal year FY2026, as the metric's frequency says).\n"
    "VALUE is a number as people type it: 4.2, 1,234, 89%, $2,920,000 (put -- before a\n"
    "negative value: record -- METRIC PERIOD -3).\n"
    "  --note TEXT          the department's commentary on this figure\n"
    "  --by NAME            who is entering it (default $USER)\n"
    "  --reason TEXT        why a stored figure changes (required to change one)\n"
    "  --breakdown KEY=VAL  a figure for part of the city, e.g. district=3\n"
    "  --allow-outlier      keep a figure outside its metric's range (a percentage past\n"
    "                       0..100, a negative count, the catalog's min:/max:), with a warning\n";

int
cmd_record(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "note", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "breakdown", required_argument, NULL, 'k' },
		{ "allow-outlier", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *note = NULL, *by = cmd_default_user(), *reason = NULL, *breakdown = "";
	struct entry_opts eo = { 0, 0 };
	char warn[sizeof ((struct kp_err *)0)->msg] = "";
	struct catalog cat;
	struct figure f;
	struct kp_err e;
	struct store *st;
	enum store_outcome out;
	enum entry_field bad;
	double old = 0;
	char v1[64], v2[64];
	int c;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'n': note = optarg; break;
		case 'b': by = optarg; break;
		case 'r': reason = optarg; break;
		case 'k': breakdown = optarg; break;
		case 'o': eo.allow_outlier = 1; break;
		case 'h':
			cmd_usage(stdout, "record", record_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "record", c, argv);
		}
	}
	if (argc - optind != 3)
		return cmd_usage_error(ctx, "record", "expected METRIC PERIOD VALUE, got %d argument%s",
		    argc - optind, argc - optind == 1 ? "" : "s");
	if ((c = cmd_check_reason(ctx, reason)) != 0)
		return c;
	if ((c = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return c;
	if ((c = entry_check_opts(&cat, argv[optind], argv[optind + 1], argv[optind + 2], breakdown,
	    note, &eo, &f, &bad, &e)) < 0)
		goto fail;
	if (c == 1)	/* outside its range, kept (--allow-outlier): said once it is stored */
		snprintf(warn, sizeof warn, "%s", e.msg);
	f.by = by;
	f.origin = "entered";
	store_set_lock_reason(st, reason);
	if (store_begin(st, &e) < 0 || store_record(st, &f, reason, &out, &old, &e) < 0)
		goto fail;
	if (out == STORE_NEEDS_REASON) {
		store_rollback(st);
		err_set(&e, KP_DATA, NULL, "'%s' %s%s%s already has %s; to change it to %s give "
		    "--reason TEXT (the change is kept as a revision)", f.metric, argv[optind + 1],
		    *breakdown ? " " : "", breakdown,
		    num_format_exact(old, v1, sizeof v1), num_format_exact(f.value, v2, sizeof v2));
		goto fail;
	}
	if (out == STORE_LOCKED) {
		char prog[64] = "", per[16] = "";

		store_figure_lock(st, f.metric, argv[optind + 1], prog, per, &e);
		store_rollback(st);
		err_set(&e, KP_DATA, NULL, "'%s' %s%s%s is locked (%s %s): to %s give --reason TEXT "
		    "(the change is listed in the next packet's data notes)", f.metric,
		    argv[optind + 1], *breakdown ? " " : "", breakdown, prog, per,
		    old == f.value ? "change its note" : "enter or change it");
		goto fail;
	}
	if (store_commit(st, &e) < 0)
		goto fail;
	if (warn[0] != '\0')
		err_printf(ctx->prog, "%s", warn);
	switch (out) {
	case STORE_REPEATED:	/* cannot happen: one figure per transaction */
	case STORE_NEW:
		printf("recorded %s %s%s%s = %s\n", f.metric, argv[optind + 1], *breakdown ? " " : "",
		    breakdown, num_format_exact(f.value, v1, sizeof v1));
		break;
	case STORE_SAME:
		printf("unchanged: %s %s%s%s is already %s\n", f.metric, argv[optind + 1],
		    *breakdown ? " " : "", breakdown, num_format_exact(f.value, v1, sizeof v1));
		break;
	case STORE_RESTORED:
		printf("recorded %s %s%s%s = %s (it had been withdrawn; kept as a revision)\n",
		    f.metric, argv[optind + 1], *breakdown ? " " : "", breakdown,
		    num_format_exact(f.value, v1, sizeof v1));
		break;
	default:
		if (old == f.value) {
			printf("updated the note on %s %s%s%s (kept as a revision)\n", f.metric,
			    argv[optind + 1], *breakdown ? " " : "", breakdown);
			break;
		}
		printf("revised %s %s%s%s: %s -> %s\n", f.metric, argv[optind + 1],
		    *breakdown ? " " : "", breakdown, num_format_exact(old, v1, sizeof v1),
		    num_format_exact(f.value, v2, sizeof v2));
		break;
	}
	catalog_release(&cat);
	store_close(st);
	return KP_OK;
fail:
	catalog_release(&cat);
	store_rollback(st);
	store_close(st);
	return cmd_fail(ctx, &e);
}
