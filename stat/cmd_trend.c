/*
** cmd_trend.c: `kpistat trend METRIC`: the spc analysis on a stored metric, with the
** metric's direction, target, tolerance and rebase points from the catalog (analysis.h),
** printed by the same views as `kpistat spc`.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "kpistat/analysis.h"
#include "kpistat/cmd.h"
#include "kpistat/xmalloc.h"
#include "cmd_spc.h"

static const char trend_help[] =
    "The XmR chart (Making Data Count rules), Anhoej runs, Mann-Kendall, Sen slope and target\n"
    "forecast for a stored metric's whole-city figures, with its direction, target and rebase\n"
    "points from the catalog. Missing periods are gaps. Same output as 'kpistat spc'.\n"
    "  --until P        analyse up to period P (default: the metric's latest figure)\n"
    "  --format F       table (default), csv or json\n";

int
cmd_trend(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum cmd_format fmt = FORMAT_TABLE;
	const char *until = NULL;
	const struct metric *m;
	struct spc_series view;
	struct analysis a;
	struct catalog cat;
	struct series s;
	struct period up;
	struct kp_err e;
	struct store *st;
	int c, rc;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'u': until = optarg; break;
		case 'f':
			if (cmd_parse_format(optarg, &fmt) < 0)
				return cmd_usage_error(ctx, "trend", "bad format '%s': expected table, "
				    "csv or json", optarg);
			break;
		case 'h':
			cmd_usage(stdout, "trend", trend_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "trend", c, argv);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(ctx, "trend", "expected one METRIC");
	if (until && period_parse(until, &up, &e) < 0)
		return cmd_fail(ctx, &e);
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	if ((m = catalog_metric(&cat, argv[optind])) == NULL) {
		err_set(&e, KP_DATA, NULL, "unknown metric '%s': see 'kpistat catalog show'",
		    argv[optind]);
		goto fail;
	}
	if (until && up.kind != period_freq_kind(m->freq)) {
		err_set(&e, KP_DATA, NULL, "--until '%s' is a %s, but metric '%s' is reported %s: "
		    "expected %s", until, period_kind_name(up.kind), m->code,
		    period_freq_name(m->freq), period_kind_example(period_freq_kind(m->freq)));
		goto fail;
	}
	if (store_series(st, m->code, "", &s, &e) < 0)
		goto fail;
	if (analysis_run(m, &s, until ? &up : NULL, cat.fy_start, &a, &e) < 0) {
		series_release(&s);
		goto fail;
	}
	series_release(&s);
	if (a.n == 0) {
		err_set(&e, KP_DATA, NULL, "metric '%s' has no figures%s%s to analyse", m->code,
		    until ? " up to " : "", until ? until : "");
		analysis_release(&a);
		goto fail;
	}
	view.per = a.periods;
	view.y = a.values;
	view.t = a.keys;
	view.line = xcalloc(a.n, sizeof *view.line);
	view.n = view.cap = a.n;
	rc = KP_OK;
	if (fmt == FORMAT_CSV)
		spc_print_csv(&view, &a.trend);
	else if (fmt == FORMAT_JSON)
		rc = spc_print_json(&view, &a.trend, &a.params) < 0 ? KP_IOERR : KP_OK;
	else {
		printf("%s (%s): %s is better%s\n", m->name, m->code,
		    m->direction == DIR_HIGHER ? "higher" : m->direction == DIR_LOWER ? "lower" :
		    "neither way", m->unit[0] ? "" : "");
		spc_print_table(&view, &a.trend, &a.params);
	}
	free(view.line);
	analysis_release(&a);
	catalog_release(&cat);
	store_close(st);
	return rc;
fail:
	catalog_release(&cat);
	store_close(st);
	return cmd_fail(ctx, &e);
}
