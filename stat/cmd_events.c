/*
** cmd_events.c: `kpistat events import DATASET FILE.csv` (raw records, see events.h) and
** `kpistat events list` (what each dataset holds).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kpistat/cmd.h"
#include "kpistat/where.h"
#include "kpistat/events.h"
#include "kpistat/num.h"

#define REPORT_LIMIT	100	/* bad rows listed before "... and N more" */

static const char events_help[] =
    "  events import DATASET FILE.csv   load raw records into a dataset the catalog declares\n"
    "      --replace        the file replaces every stored record of the dataset\n"
    "      --append         add new records only; a key already stored is an error\n"
    "                       (default: new keys are added, stored keys updated)\n"
    "      --skip-bad FILE  write bad rows to FILE (same header) and import the others\n"
    "      --by NAME        who is importing (default $USER)\n"
    "      --delimiter C    fields separated by C instead of a comma (';', '|' or tab)\n"
    "      --decimal-comma  number columns written with a decimal comma: 4,2 and 1.234,5\n"
    "      --accept-unterminated  the last row may update a stored record even though no\n"
    "                       line break ends it (else refused: the file may be cut off)\n"
    "  events list                      each dataset: records, last import\n"
    "Every field is checked against the column's type; one bad row and nothing is written\n"
    "(unless --skip-bad), and every bad row is listed as FILE:LINE:COL. A progress bar is shown\n"
    "on a terminal. Rows may come in any order: in key order they are stored as they are read;\n"
    "out of order, they are sorted in a temporary file in $TMPDIR (default /tmp) first.\n";

struct progress {
	const char	*name;		/* dataset */
	unsigned long long size;	/* file size, 0 when unknown (stdin) */
	struct timespec	 t0, last;
	int		 drawn;
};

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Rows, MB/s and (for a file) percent and ETA, redrawn at most five times a second. */
static void
progress(void *arg, long rows, unsigned long long bytes, int done)
{
	struct progress *p = arg;
	struct timespec now;
	char n[32];
	double dt, mbs;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (done == 1) {
		if (p->drawn)
			fputs("\r\033[K", stderr);
		return;
	}
	if (done == 2) {
		fprintf(stderr, "\r\033[K%s: %s rows read; writing (rows out of key order are sorted "
		    "first)", p->name, num_format((double)rows, 0, n, sizeof n));
		fflush(stderr);
		p->drawn = 1;
		return;
	}
	if (p->drawn && since(&p->last, &now) < 0.2)
		return;
	p->last = now;
	p->drawn = 1;
	dt = since(&p->t0, &now);
	mbs = dt > 0 ? (double)bytes / 1e6 / dt : 0;
	fprintf(stderr, "\r\033[K%s: %s rows, %.1f MB/s", p->name, num_format((double)rows, 0, n,
	    sizeof n), mbs);
	if (p->size > 0 && bytes <= p->size && bytes > 0) {
		double frac = (double)bytes / (double)p->size, eta = dt / frac - dt;
		int bar = (int)(frac * 20);

		fprintf(stderr, " [%.*s%*s] %3.0f%% ETA %d:%02d", bar, "####################",
		    20 - bar, "", frac * 100, (int)eta / 60, (int)eta % 60);
	}
	fflush(stderr);
}

static int
events_import_cmd(struct cmd_ctx *ctx, struct events_opts *o)
{
	struct events_result res;
	struct progress pg;
	struct catalog cat;
	struct diags d, w;
	struct kp_err e;
	struct store *st;
	struct stat sb;
	int rc;

	memset(&pg, 0, sizeof pg);
	pg.name = o->dataset;
	if (strcmp(o->path, "-") != 0 && stat(o->path, &sb) == 0 && S_ISREG(sb.st_mode))
		pg.size = (unsigned long long)sb.st_size;
	clock_gettime(CLOCK_MONOTONIC, &pg.t0);
	if (isatty(STDERR_FILENO)) {
		o->progress = progress;
		o->progress_arg = &pg;
	}
	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(st, &cat, &e) < 0) {
		store_close(st);
		return cmd_fail(ctx, &e);
	}
	diags_init(&d, REPORT_LIMIT);
	diags_init(&w, REPORT_LIMIT);
	if (events_import(st, &cat, o, &res, &d, &w) < 0) {
		diags_print(&w, ctx->prog, stderr);
		diags_print(&d, ctx->prog, stderr);
		fprintf(stderr, "%s: nothing imported: %zu problem%s in '%s'\n", ctx->prog, d.total,
		    d.total == 1 ? "" : "s", o->path);
		rc = d.code ? d.code : KP_DATA;
	} else {
		diags_print(&w, ctx->prog, stderr);
		if (res.warnings > 0)
			fprintf(stderr, "%s: %ld data-quality warning%s (records kept)\n", ctx->prog,
			    res.warnings, res.warnings == 1 ? "" : "s");
		printf("%s: %s: %ld rows: %ld new, %ld updated, %ld unchanged",
		    strcmp(o->path, "-") == 0 ? "standard input" : o->path, o->dataset, res.rows,
		    res.added, res.updated, res.unchanged);
		if (o->reject_path != NULL)
			printf(", %ld skipped (in %s)", res.skipped, o->reject_path);
		if (res.warnings > 0)
			printf(", %ld warning%s", res.warnings, res.warnings == 1 ? "" : "s");
		printf("\n");
		rc = KP_OK;
		/*
		** The records are stored by now: a failure to read them back for the notes on
		** unmatched areas is a warning, not a failed import.
		*/
		if (where_check_records(st, &cat, o->dataset, cmd_note_line, ctx, &e) < 0)
			fprintf(stderr, "%s: warning: the records are imported, but the check for values "
			    "that name no area could not run: %s%s%s\n", ctx->prog, e.where,
			    e.where[0] ? ": " : "", e.msg);
	}
	diags_release(&d);
	diags_release(&w);
	catalog_release(&cat);
	store_close(st);
	return rc;
}

static int
events_list(struct cmd_ctx *ctx)
{
	struct catalog cat;
	struct kp_err e;
	struct store *st;
	int rc = KP_OK;

	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(st, &cat, &e) < 0) {
		store_close(st);
		return cmd_fail(ctx, &e);
	}
	for (size_t i = 0; i < cat.ndatasets; i++) {
		const struct dataset *d = &cat.datasets[i];
		struct ev_info in;
		char n[32];

		if (store_ev_info(st, d, &in, &e) < 0) {
			rc = cmd_fail(ctx, &e);
			break;
		}
		printf("%-20s %12s records", d->name, num_format((double)in.records, 0, n, sizeof n));
		if (in.imported_at[0])
			printf(", imported %s", in.imported_at);
		if (in.exists && !in.same_columns)
			printf(" (the catalog changed its columns: import again with --replace)");
		printf("\n");
	}
	if (cat.ndatasets == 0)
		printf("no datasets: declare them under 'datasets' in the catalog\n");
	catalog_release(&cat);
	store_close(st);
	return rc;
}

int
cmd_events(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "replace", no_argument, NULL, 'R' },
		{ "append", no_argument, NULL, 'A' },
		{ "skip-bad", required_argument, NULL, 'S' },
		{ "by", required_argument, NULL, 'b' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "decimal-comma", no_argument, NULL, 'c' },
		{ "accept-unterminated", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct events_opts o;
	int c, modes = 0;

	memset(&o, 0, sizeof o);
	o.mode = EV_MERGE;
	o.by = cmd_default_user();
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'R': o.mode = EV_REPLACE; modes++; break;
		case 'A': o.mode = EV_APPEND; modes++; break;
		case 'S': o.reject_path = optarg; break;
		case 'b': o.by = optarg; break;
		case 'd':
			if ((c = cmd_delimiter_opt(ctx, "events", optarg, &o.delimiter)) != 0)
				return c;
			break;
		case 'c': o.decimal_comma = 1; break;
		case 'u': o.accept_unterminated = 1; break;
		case 'h':
			cmd_usage(stdout, "events", events_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "events", c, argv);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(ctx, "events", "missing action: import or list");
	if (strcmp(argv[optind], "list") == 0) {
		if (optind + 1 != argc)
			return cmd_usage_error(ctx, "events", "events list takes no arguments");
		return events_list(ctx);
	}
	if (strcmp(argv[optind], "import") != 0)
		return cmd_usage_error(ctx, "events", "unknown action '%s': expected import or list",
		    argv[optind]);
	if (optind + 3 != argc)
		return cmd_usage_error(ctx, "events", "events import takes DATASET and FILE.csv "
		    "(or - for stdin)");
	if (modes > 1)
		return cmd_usage_error(ctx, "events", "give --replace or --append, not both");
	o.dataset = argv[optind + 1];
	o.path = argv[optind + 2];
	if (o.reject_path != NULL && strcmp(o.reject_path, o.path) == 0)
		return cmd_usage_error(ctx, "events", "--skip-bad needs another file than the input");
	return events_import_cmd(ctx, &o);
}
