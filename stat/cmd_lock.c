/*
** cmd_lock.c: `kpistat lock`: freeze a program period's figures before its packet is released.
** After the lock, record, import, compute and comment change those figures only with --reason,
** and each change is logged for the next packet's data notes. A figure off target without a
** word of commentary stops the lock ("all poor performance has an explanation") unless --force.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/datacall.h"
#include "kpistat/num.h"
#include "kpistat/store_cycle.h"
#include "cmd_cycle.h"

static const char lock_help[] =
    "Freeze a program period's figures (every metric's figure the packet reports on, each\n"
    "breakdown too). Afterwards record, import, compute and comment change them only with\n"
    "--reason, and the next packet lists each change. Locking twice is harmless.\n"
    "  --program CODE the program\n"
    "  --period P     the period of its packet, e.g. 2026-10\n"
    "  --force        lock although some off-target figures have no commentary\n"
    "  --by NAME      who locks it (default $USER)\n"
    "  lock list [--program CODE]   the locks, newest first\n";

static int
lock_list(struct store *st, const char *program, struct kp_err *e)
{
	struct cy_lock *v = NULL;
	size_t n = 0;

	if (store_locks(st, program, &v, &n, e) < 0)
		return -1;
	if (n == 0)
		printf("no locked periods%s%s\n", program ? " for " : "", program ? program : "");
	for (size_t i = 0; i < n; i++)
		printf("%-12s %-8s locked %s by %s%s\n", v[i].program, v[i].period, v[i].at,
		    v[i].by ? v[i].by : "?", v[i].forced ? " (forced: some off-target figures "
		    "had no commentary)" : "");
	cy_locks_free(v, n);
	return 0;
}

static int
do_lock(struct store *st, const struct catalog *cat, const char *program, const char *period,
    int force, const char *by, struct kp_err *e)
{
	const struct program *p;
	struct cy_frozen *fz = NULL;
	struct cy_call *call = NULL;
	struct datacall dc;
	struct period per;
	size_t ncall = 0, bad = 0;
	int already = 0, rc = -1;
	char v[64], ps[PERIOD_STRLEN];

	if ((p = cycle_program(cat, program, e)) == NULL ||
	    cycle_program_period(cat, p, period, &per, e) < 0)
		return -1;
	if (store_begin(st, e) < 0 || store_calls(st, p->code, period, &call, &ncall, e) < 0)
		return -1;
	if (datacall_load(st, cat, p, &per, ncall ? call[0].due : NULL, &dc, e) < 0) {
		cy_calls_free(call, ncall);
		return -1;
	}
	for (size_t i = 0; i < dc.nfig; i++)
		bad += (size_t)dc_unexplained(&dc.fig[i]);
	if (bad > 0 && !force) {
		err_printf("kpistat", "cannot lock %s %s: %zu figure%s off target without commentary:",
		    p->code, period, bad, bad == 1 ? " is" : "s are");
		for (size_t i = 0; i < dc.nfig; i++)
			if (dc_unexplained(&dc.fig[i]))
				fprintf(stderr, "  %s %s = %s (%s, %s)\n", dc.fig[i].m->code,
				    period_format(&dc.fig[i].period, ps),
				    num_format_exact(dc.fig[i].value, v, sizeof v), dc.fig[i].m->name,
				    dc.fig[i].m->department);
		err_set(e, KP_DATA, NULL, "give each a commentary ('kpistat comment METRIC PERIOD "
		    "TEXT'), or lock with --force");
		goto out;
	}
	fz = calloc(dc.nfig + 1, sizeof *fz);
	if (fz == NULL) {
		err_set(e, KP_SOFTWARE, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < dc.nfig; i++) {
		fz[i].metric = dc.fig[i].m->code;
		fz[i].period = dc.fig[i].period;
	}
	if (store_lock(st, p->code, &per, fz, dc.nfig, by, bad > 0, &already, e) < 0 ||
	    store_commit(st, e) < 0)
		goto out;
	if (already)
		printf("already locked: %s %s (nothing changed)\n", p->code, period);
	else
		printf("locked %s %s: %zu figure%s frozen; changing %s now needs --reason%s\n",
		    p->code, period, dc.nfig, dc.nfig == 1 ? "" : "s", dc.nfig == 1 ? "it" : "them",
		    bad ? " (forced over missing commentary)" : "");
	rc = 0;
out:
	free(fz);
	datacall_release(&dc);
	cy_calls_free(call, ncall);
	return rc;
}

int
cmd_lock(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "program", required_argument, NULL, 'p' },
		{ "period", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *program = NULL, *period = NULL, *by = cmd_default_user();
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	int c, force = 0, list = 0, rc;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': program = optarg; break;
		case 'P': period = optarg; break;
		case 'f': force = 1; break;
		case 'b': by = optarg; break;
		case 'h':
			cmd_usage(stdout, "lock", lock_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "lock", c, argv);
		}
	}
	if (argc - optind == 1 && strcmp(argv[optind], "list") == 0)
		list = 1;
	else if (argc - optind != 0)
		return cmd_usage_error(ctx, "lock", "unexpected '%s'", argv[optind]);
	if (!list && (program == NULL || period == NULL))
		return cmd_usage_error(ctx, "lock", "needs --program and --period");
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	err_clear(&e);
	rc = list ? lock_list(st, program, &e) : do_lock(st, &cat, program, period, force, by, &e);
	return cycle_finish(ctx, "lock", st, &cat, rc, &e);
}
