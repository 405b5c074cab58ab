/*
** cmd_comment.c: `kpistat comment METRIC PERIOD TEXT`: the department's account of a figure.
** One commentary is current per metric, period and breakdown; every earlier version is kept.
** On a locked figure a change needs --reason and is listed in the next packet's data notes.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/csv.h"
#include "kpistat/entry.h"
#include "kpistat/store_cycle.h"
#include "kpistat/text.h"
#include "cmd_cycle.h"

static const char comment_help[] =
    "Set the department's commentary on METRIC's figure for PERIOD: what drove it, what is\n"
    "being done. The packet shows it; an off-target figure without one is listed by\n"
    "'kpistat call status' and stops 'kpistat lock'. Earlier versions are kept.\n"
    "  --breakdown KEY=VAL  commentary on part of the city, e.g. district=3\n"
    "  --by NAME            who wrote it (default $USER)\n"
    "  --reason TEXT        why it changes after the period was locked (required then)\n"
    "  --history            print METRIC's commentary, every version (PERIOD optional)\n";

static int
print_history(struct store *st, const struct metric *m, const char *period, struct kp_err *e)
{
	struct cy_comment *v = NULL;
	size_t n = 0;

	if (store_comments(st, m->code, period, NULL, 1, &v, &n, e) < 0)
		return -1;
	if (n == 0)
		printf("no commentary on %s%s%s\n", m->code, period ? " for " : "", period ? period : "");
	for (size_t i = 0; i < n; i++) {
		printf("%-8s %-16s %s by %s at %s%s%s\n", v[i].period,
		    v[i].breakdown[0] ? v[i].breakdown : "(city)",
		    v[i].current ? "current," : "earlier,", v[i].by ? v[i].by : "?", v[i].at,
		    v[i].reason ? "; reason: " : "", v[i].reason ? v[i].reason : "");
		printf("  %s\n", v[i].text);
	}
	cy_comments_free(v, n);
	return 0;
}

int
cmd_comment(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "breakdown", required_argument, NULL, 'k' },
		{ "by", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "history", no_argument, NULL, 'H' },
		{ "period", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *breakdown = "", *by = cmd_default_user(), *reason = NULL, *hper = NULL;
	const struct metric *m = NULL;
	enum cy_comment_outcome out;
	enum entry_field bad;
	struct catalog cat;
	struct period per;
	struct store *st;
	struct kp_err e;
	int c, history = 0, rc = 0;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'k': breakdown = optarg; break;
		case 'b': by = optarg; break;
		case 'r': reason = optarg; break;
		case 'H': history = 1; break;
		case 'P': hper = optarg; break;
		case 'h':
			cmd_usage(stdout, "comment", comment_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "comment", c, argv);
		}
	}
	if (history ? argc - optind != 1 : argc - optind != 3)
		return cmd_usage_error(ctx, "comment", history ? "expected METRIC after --history" :
		    "expected METRIC PERIOD TEXT, got %d argument%s", argc - optind,
		    argc - optind == 1 ? "" : "s");
	if (!history && hper != NULL)
		return cmd_usage_error(ctx, "comment", "--period goes with --history; give the "
		    "period as the second argument");
	if ((c = cmd_check_reason(ctx, reason)) != 0)
		return c;
	if ((c = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return c;
	err_clear(&e);
	if (history) {
		if (entry_check_period(&cat, argv[optind], hper, &m, &per, &bad, &e) < 0 ||
		    print_history(st, m, hper, &e) < 0)
			rc = -1;
		goto done;
	}
	{
		const char *text = argv[optind + 2];

		if (entry_check_period(&cat, argv[optind], argv[optind + 1], &m, &per, &bad, &e) < 0 ||
		    entry_check_breakdown(breakdown, &e) < 0 || cycle_nonblank(text, "commentary", &e) < 0) {
			rc = -1;
			goto done;
		}
		if ((rc = entry_check_text(text, "commentary", &e)) < 0)
			goto done;
		if (store_begin(st, &e) < 0 || store_comment_put(st, m->code, &per, breakdown, text, by,
		    reason, &out, &e) < 0) {
			rc = -1;
			goto done;
		}
		if (out == CY_COMMENT_LOCKED) {
			char prog[64] = "", lper[16] = "";

			store_figure_lock(st, m->code, argv[optind + 1], prog, lper, &e);
			err_set(&e, KP_DATA, NULL, "%s %s is locked (%s %s): give --reason TEXT to change "
			    "its commentary (the change is listed in the next packet's data notes)",
			    m->code, argv[optind + 1], prog, lper);
			rc = -1;
			goto done;
		}
		if (store_commit(st, &e) < 0) {
			rc = -1;
			goto done;
		}
		printf("%s %s %s%s%s\n", out == CY_COMMENT_NEW ? "commentary on" : out ==
		    CY_COMMENT_SAME ? "unchanged: commentary on" : "revised the commentary on",
		    m->code, argv[optind + 1], *breakdown ? " " : "", breakdown);
	}
done:
	return cycle_finish(ctx, "comment", st, &cat, rc, &e);
}
