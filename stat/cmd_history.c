/*
** cmd_history.c: `kpistat history METRIC`: a metric's figures, each followed by every
** revision it went through (who, when, old -> new, why), withdrawals included.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/entry.h"
#include "kpistat/num.h"
#include "kpistat/store.h"

static const char history_help[] =
    "Show every figure of METRIC (all breakdowns) with its revisions; a withdrawn figure\n"
    "(compute found no records for it any more) shows 'withdrawn' and when and why.\n"
    "  --period P          only period P\n"
    "  --breakdown K=V     only one breakdown ('' for the whole city)\n";

/* Print "  label text", continuing a multi-line text under its first line. */
static void
print_text(const char *label, const char *text)
{
	printf("  %s", label);
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			printf("  %*s", (int)strlen(label), "");
	}
	putchar('\n');
}

static int
print_row(void *arg, const struct store_row *r)
{
	char v[48], o[48];

	(void)arg;
	if (r->is_revision && r->change == STORE_CHANGE_WITHDRAWN) {
		printf("  withdrawn (was %s) by %s at %s: %s\n", num_format_exact(r->old_value, o,
		    sizeof o), r->by ? r->by : "?", r->at, r->reason);
		return 0;
	}
	if (r->is_revision && r->change == STORE_CHANGE_RESTORED) {
		printf("  restored as %s by %s at %s: %s\n", num_format_exact(r->value, v, sizeof v),
		    r->by ? r->by : "?", r->at, r->reason);
		return 0;
	}
	if (r->is_revision && r->old_value == r->value) {
		printf("  note changed by %s at %s\n", r->by ? r->by : "?", r->at);
		print_text("  was: ", r->old_note ? r->old_note : "(none)");
		print_text("  now: ", r->note ? r->note : "(none)");
		return 0;
	}
	if (r->is_revision) {
		printf("  revised %s -> %s by %s at %s: %s\n", num_format_exact(r->old_value, o, sizeof o),
		    num_format_exact(r->value, v, sizeof v), r->by ? r->by : "?", r->at, r->reason);
		return 0;
	}
	/* A withdrawn figure has no current value: its last one is on its withdrawal line. */
	printf("%-8s %-16s %12s  %s by %s at %s\n", r->period,
	    r->breakdown[0] ? r->breakdown : "(city)", r->withdrawn ? "withdrawn" :
	    num_format_exact(r->value, v, sizeof v), r->origin, r->by ? r->by : "?", r->at);
	if (r->note != NULL)
		print_text("note: ", r->note);
	return 0;
}

int
cmd_history(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "period", required_argument, NULL, 'p' },
		{ "breakdown", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *period = NULL, *breakdown = NULL;
	struct catalog cat;
	struct period p;
	struct kp_err e;
	struct store *st;
	int c, rc;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': period = optarg; break;
		case 'k': breakdown = optarg; break;
		case 'h':
			cmd_usage(stdout, "history", history_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "history", c, argv);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(ctx, "history", "expected one METRIC");
	if (period && period_parse(period, &p, &e) < 0)
		return cmd_fail(ctx, &e);
	if (breakdown && entry_check_breakdown(breakdown, &e) < 0)
		return cmd_fail(ctx, &e);
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	if (catalog_metric(&cat, argv[optind]) == NULL) {
		err_set(&e, KP_DATA, NULL, "unknown metric '%s': see 'kpistat catalog show'",
		    argv[optind]);
		rc = cmd_fail(ctx, &e);
	} else if (store_history(st, argv[optind], breakdown, period, print_row, NULL, &e) < 0) {
		rc = cmd_fail(ctx, &e);
	} else {
		rc = KP_OK;
	}
	catalog_release(&cat);
	store_close(st);
	return rc;
}
