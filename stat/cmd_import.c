/*
** cmd_import.c: `kpistat import FILE.csv`: load figures, all or nothing (see import.h).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/import.h"

#define IMPORT_REPORT_LIMIT	100	/* bad rows listed before "... and N more" */

static const char import_help[] =
    "Load figures from a CSV file with a header line metric,period,value and optional\n"
    "breakdown and note columns (UTF-8, with or without BOM; CRLF or LF). Values as people\n"
    "type them: 4.2, 1,234, 89%, $2,920,000. One bad row and nothing is written; every bad\n"
    "row is listed as FILE:LINE:COL. Importing the same file again changes nothing.\n"
    "  --dry-run        check and count, write nothing\n"
    "  --reason TEXT    revise stored figures that the file changes (kept as revisions)\n"
    "  --by NAME        who is importing (default $USER)\n"
    "  --delimiter C    fields separated by C instead of a comma (';' or tab, as Excel saves\n"
    "                   CSV in many European locales)\n"
    "  --decimal-comma  values written with a decimal comma: 4,2, 1.234,5 and 1 234,5\n"
    "  --allow-outlier  keep figures outside their metric's range (a percentage past 0..100,\n"
    "                   a negative count, the catalog's min:/max:) with a warning\n"
    "  --accept-unterminated  the last row may change stored figures even though it has no\n"
    "                   line break at its end (else refused: the file may be cut off)\n";

int
cmd_import(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' },
		{ "by", required_argument, NULL, 'b' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "decimal-comma", no_argument, NULL, 'c' },
		{ "accept-unterminated", no_argument, NULL, 'u' },
		{ "allow-outlier", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts o = { NULL, 0, NULL, cmd_default_user(), 0, 0, 0, 0, NULL };
	struct import_result res;
	struct catalog cat;
	struct diags d, w;
	struct store *st;
	int c, rc;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":nh", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'n': o.dry_run = 1; break;
		case 'r': o.reason = optarg; break;
		case 'b': o.by = optarg; break;
		case 'd':
			if ((rc = cmd_delimiter_opt(ctx, "import", optarg, &o.delimiter)) != 0)
				return rc;
			break;
		case 'c': o.decimal_comma = 1; break;
		case 'u': o.accept_unterminated = 1; break;
		case 'o': o.allow_outlier = 1; break;
		case 'h':
			cmd_usage(stdout, "import", import_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "import", c, argv);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(ctx, "import", "expected one FILE.csv (or - for stdin)");
	o.path = argv[optind];
	if ((rc = cmd_check_reason(ctx, o.reason)) != 0)
		return rc;
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	diags_init(&d, IMPORT_REPORT_LIMIT);
	diags_init(&w, IMPORT_REPORT_LIMIT);
	o.warn = &w;
	if (import_csv(st, &cat, &o, &res, &d) < 0) {
		diags_print(&d, ctx->prog, stderr);
		fprintf(stderr, "%s: nothing imported: %zu problem%s in '%s'\n", ctx->prog, d.total,
		    d.total == 1 ? "" : "s", o.path);
		rc = d.code ? d.code : KP_DATA;
	} else {
		diags_print(&w, ctx->prog, stderr);
		printf("%s%s: %ld rows: %ld new, %ld revised, %ld unchanged",
		    o.dry_run ? "dry run, nothing written: " : "",
		    strcmp(o.path, "-") == 0 ? "standard input" : o.path, res.rows, res.added,
		    res.revised, res.same);
		if (res.outliers > 0)
			printf(", %ld outside their metric's range (kept)", res.outliers);
		printf("\n");
		rc = KP_OK;
	}
	diags_release(&d);
	diags_release(&w);
	catalog_release(&cat);
	store_close(st);
	return rc;
}
