/*
** cmd_compute.c: `kpistat compute`: computed metrics from the stored raw records (see
** compute.h for what each measure means).
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/compute.h"

static const char compute_help[] =
    "Compute every metric that has a compute: block from its dataset's records and store the\n"
    "figures as computed: one per period, for the whole city and for each breakdown value.\n"
    "A figure that changes is revised with the reason 'recomputed from DATASET'; computing\n"
    "again with the same records changes nothing.\n"
    "  --period P     only period P (a month such as 2026-10, or the quarter, week or year of\n"
    "                 the metric's frequency that holds it)\n"
    "  --since P      period P and every later one\n"
    "  --metric M     only metric M\n"
    "  --by NAME      who computes (default $USER)\n"
    "A period with no records gives 0 for count, sum and open_at_end, and no figure for the\n"
    "other measures. A computed figure stored before for a period (or breakdown value) that\n"
    "has no records any more is withdrawn: it is no longer current, and 'kpistat history'\n"
    "shows it with the reason 'recomputed from DATASET: no records'. Only the periods asked\n"
    "for are touched, and figures entered by hand never are.\n";

int
cmd_compute(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "period", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "metric", required_argument, NULL, 'm' },
		{ "by", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct compute_opts o = { NULL, NULL, 0, cmd_default_user() };
	struct compute_result res;
	const char *period = NULL, *reason = NULL;
	struct period p;
	struct catalog cat;
	struct diags d, w;
	struct kp_err e;
	struct store *st;
	int c, rc, both = 0;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': period = optarg; o.only = 1; both++; break;
		case 's': period = optarg; o.only = 0; both++; break;
		case 'm': o.metric = optarg; break;
		case 'b': o.by = optarg; break;
		case 'r': reason = optarg; break;
		case 'h':
			cmd_usage(stdout, "compute", compute_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "compute", c, argv);
		}
	}
	if (optind != argc)
		return cmd_usage_error(ctx, "compute", "unexpected argument '%s'", argv[optind]);
	if (both > 1)
		return cmd_usage_error(ctx, "compute", "give --period or --since, not both");
	if (period != NULL) {
		if (period_parse(period, &p, &e) < 0)
			return cmd_usage_error(ctx, "compute", "%s", e.msg);
		o.from = &p;
	}
	if ((rc = cmd_check_reason(ctx, reason)) != 0)
		return rc;
	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(st, &cat, &e) < 0) {
		store_close(st);
		return cmd_fail(ctx, &e);
	}
	store_set_lock_reason(st, reason);
	diags_init(&d, 100);
	diags_init(&w, 100);
	if (compute_run(st, &cat, &o, &res, &d, &w) < 0) {
		diags_print(&w, ctx->prog, stderr);
		diags_print(&d, ctx->prog, stderr);
		fprintf(stderr, "%s: nothing computed\n", ctx->prog);
		rc = d.code ? d.code : KP_DATA;
	} else {
		diags_print(&w, ctx->prog, stderr);
		printf("computed %ld metric%s: %ld figures: %ld new, %ld revised, %ld unchanged",
		    res.metrics, res.metrics == 1 ? "" : "s", res.figures, res.added, res.revised,
		    res.same);
		if (res.withdrawn > 0)
			printf("; %ld withdrawn (no records)", res.withdrawn);
		if (res.notes > 0)
			printf("; %ld data-quality note%s", res.notes, res.notes == 1 ? "" : "s");
		if (res.outliers > 0)
			printf("; %ld outside their metric's range (kept)", res.outliers);
		printf("\n");
		rc = KP_OK;
	}
	diags_release(&d);
	diags_release(&w);
	catalog_release(&cat);
	store_close(st);
	return rc;
}
