/*
** cmd_spc.c: `kpistat spc`: the trend module on a period,value CSV, for analysts whose series
** lives in a spreadsheet rather than in the store. No database is opened.
**
** Rows are analysed as given, one point per row, as NHSRplotthedots does; a period skipped
** between two rows is not invented (that would change the moving ranges), but it is reported
** on stderr, and the Sen slope and year-ago change use the real period numbers.
*/
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/csv.h"
#include "kpistat/diag.h"
#include "kpistat/num.h"
#include "kpistat/period.h"
#include "kpistat/trend.h"
#include "kpistat/xmalloc.h"

#include "cmd_spc.h"

#define MAX_REBASE	64	/* more rebase points than that is not a chart anyone reads */

static const char spc_help[] =
    "An XmR chart with NHS England's \"Making Data Count\" rules (NHSRplotthedots), the Anhoej\n"
    "runs rules, Mann-Kendall and the Sen slope, for a CSV with the header period,value\n"
    "(periods in time order, one form: 2026-10, 2026-Q3, 2026-W43, 2026 or FY2026; an empty\n"
    "value is a missing period; '-' or no FILE reads standard input). Values and the target\n"
    "are numbers as people type them: 4.2, 1,234, $2,920,000; a '%' is dropped (89% is 89).\n"
    "  --direction D       increase, decrease or neutral: which way is better (required)\n"
    "  --target X          a target, for the assurance icon and the forecast\n"
    "  --rebase PERIOD     start new limits at PERIOD (repeatable)\n"
    "  --fix-after N       compute each group's limits from its first N points (N >= 12)\n"
    "  --no-screen         keep moving ranges >= 3.267 mR-bar (as the MDC Excel tool does)\n"
    "  --run-length N      points on one side of the mean that signal (default 7)\n"
    "  --trend-length N    points rising or falling that signal (default 7)\n"
    "  --format F          table (default), csv or json\n";


static int	parse_count(const char *s, long min, long *out);
static int	read_header(struct csvr *r, size_t *pcol, size_t *vcol, struct diags *d);
static void	read_row(struct csvr *r, size_t pcol, size_t vcol, size_t ncol,
		    struct spc_series *s, struct diags *d);
static int	read_series(const char *path, struct spc_series *s, struct diags *d);
static void	series_release(struct spc_series *s);
static void	warn_gaps(const struct spc_series *s, const char *name, const char *prog);

/* A whole-string integer >= min. */
static int
parse_count(const char *s, long min, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < min || v > 1000000)
		return -1;
	*out = v;
	return 0;
}

static int
read_header(struct csvr *r, size_t *pcol, size_t *vcol, struct diags *d)
{
	static const char accepted[] = "expected the header period,value";
	struct kp_err e;
	char where[600];
	int rc = csvr_next(r, &e);

	*pcol = *vcol = (size_t)-1;
	if (rc == 0) {
		diags_add(d, KP_DATA, csvr_name(r), "empty file: %s", accepted);
		return -1;
	}
	if (rc < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	for (size_t i = 0; i < csvr_nfields(r); i++) {
		const char *name = csvr_field(r, i);
		size_t *col = strcmp(name, "period") == 0 ? pcol : strcmp(name, "value") == 0 ? vcol : NULL;

		csvr_where(r, i + 1, where, sizeof where);
		if (col == NULL)
			diags_add(d, KP_DATA, where, "unknown column '%s' in the header: %s", name, accepted);
		else if (*col != (size_t)-1)
			diags_add(d, KP_DATA, where, "column '%s' appears twice in the header", name);
		else
			*col = i;
	}
	if (*pcol == (size_t)-1 || *vcol == (size_t)-1)
		diags_add(d, KP_DATA, csvr_where(r, 1, where, sizeof where), "the header has no '%s' "
		    "column: %s", *pcol == (size_t)-1 ? "period" : "value", accepted);
	return d->total ? -1 : 0;
}

/* Check one row and append it; every problem goes to d with its FILE:LINE:COL. */
static void
read_row(struct csvr *r, size_t pcol, size_t vcol, size_t ncol, struct spc_series *s,
    struct diags *d)
{
	const char *ptext = csvr_field(r, pcol), *vtext = csvr_field(r, vcol);
	struct period p;
	struct kp_err e;
	char where[600], a[PERIOD_STRLEN];
	double v = NAN;
	size_t k;

	if (csvr_nfields(r) != ncol) {
		diags_add(d, KP_DATA, csvr_where(r, 1, where, sizeof where), "wrong number of columns: "
		    "expected %zu as in the header, found %zu", ncol, csvr_nfields(r));
		return;
	}
	if (period_parse(ptext, &p, &e) < 0) {
		diags_add(d, KP_DATA, csvr_where(r, pcol + 1, where, sizeof where), "%s", e.msg);
		return;
	}
	if (vtext[strspn(vtext, " \t")] != '\0' &&
	    num_parse(vtext, NUM_PCT_POINTS, NULL, &v, &e) < 0) {
		diags_add(d, KP_DATA, csvr_where(r, vcol + 1, where, sizeof where),
		    "%s; leave the value empty for a missing period", e.msg);
		return;
	}
	k = s->n;
	if (k > 0 && p.kind != s->per[0].kind) {
		diags_add(d, KP_DATA, csvr_where(r, pcol + 1, where, sizeof where), "period '%s' is a "
		    "%s, but line %ld has a %s: use one form of period for the whole series", ptext,
		    period_kind_name(p.kind), s->line[0], period_kind_name(s->per[0].kind));
		return;
	}
	if (k > 0 && period_key(&p) <= s->t[k - 1]) {
		size_t i = k;

		/* Find the row it collides with or should have come before, for the message. */
		while (i > 0 && s->t[i - 1] > period_key(&p))
			i--;
		if (i > 0 && s->t[i - 1] == period_key(&p))
			diags_add(d, KP_DATA, csvr_where(r, pcol + 1, where, sizeof where),
			    "duplicate period '%s': already on line %ld; give each period once",
			    ptext, s->line[i - 1]);
		else
			diags_add(d, KP_DATA, csvr_where(r, pcol + 1, where, sizeof where),
			    "period '%s' is earlier than '%s' on line %ld: rows must be in time order", ptext,
			    period_format(&s->per[k - 1], a), s->line[k - 1]);
		return;
	}
	if (d->total > 0)
		return;		/* the file has failed; keep checking, stop collecting */
	if (k == s->cap) {
		size_t cap = s->cap;

		s->per = xgrow(s->per, &cap, k + 1, sizeof *s->per);
		cap = s->cap;
		s->y = xgrow(s->y, &cap, k + 1, sizeof *s->y);
		cap = s->cap;
		s->t = xgrow(s->t, &cap, k + 1, sizeof *s->t);
		cap = s->cap;
		s->line = xgrow(s->line, &cap, k + 1, sizeof *s->line);
		s->cap = cap;
	}
	s->per[k] = p;
	s->y[k] = v;
	s->t[k] = period_key(&p);
	s->line[k] = csvr_line(r);
	s->n++;
}

static int
read_series(const char *path, struct spc_series *s, struct diags *d)
{
	struct csvr *r;
	struct kp_err e;
	size_t pcol, vcol, ncol = 0;
	int rc;

	if ((r = csvr_open(path, &e)) == NULL) {
		diags_add_err(d, &e);
		return -1;
	}
	if (read_header(r, &pcol, &vcol, d) == 0) {
		ncol = csvr_nfields(r);
		while ((rc = csvr_next(r, &e)) != 0) {
			if (rc == -2) {
				diags_add_err(d, &e);
				break;
			}
			if (rc == -1)
				diags_add_err(d, &e);
			else
				read_row(r, pcol, vcol, ncol, s, d);
		}
	}
	csvr_close(r);
	return d->total ? -1 : 0;
}

static void
series_release(struct spc_series *s)
{
	free(s->per);
	free(s->y);
	free(s->t);
	free(s->line);
	memset(s, 0, sizeof *s);
}

/* Skipped periods are legal (ptd treats rows as consecutive), but almost always a mistake. */
static void
warn_gaps(const struct spc_series *s, const char *name, const char *prog)
{
	char a[PERIOD_STRLEN], b[PERIOD_STRLEN];

	for (size_t i = 1; i < s->n; i++)
		if (s->t[i] - s->t[i - 1] > 1)
			fprintf(stderr, "%s: warning: %s:%ld: %ld period%s missing between '%s' and "
			    "'%s'; rows are analysed as consecutive (give a row with an empty value "
			    "for a missing period)\n", prog, name, s->line[i], s->t[i] - s->t[i - 1] - 1,
			    s->t[i] - s->t[i - 1] == 2 ? "" : "s", period_format(&s->per[i - 1], a),
			    period_format(&s->per[i], b));
}

int
cmd_spc(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "direction", required_argument, NULL, 'd' },
		{ "target", required_argument, NULL, 't' },
		{ "rebase", required_argument, NULL, 'r' },
		{ "fix-after", required_argument, NULL, 'f' },
		{ "no-screen", no_argument, NULL, 'S' },
		{ "run-length", required_argument, NULL, 'R' },
		{ "trend-length", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'D' },		/* accepted everywhere; unused */
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = "-", *rebase_arg[MAX_REBASE], *dir = NULL;
	size_t nrebase = 0, rebase[MAX_REBASE];
	enum cmd_format format = FORMAT_TABLE;
	struct spc_series s = { 0 };
	struct trend_params p;
	struct trend_result r;
	struct diags d;
	struct kp_err e;
	long n;
	int c, rc = KP_OK;

	trend_params_init(&p);
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			if (trend_direction_parse(optarg, &p.direction) < 0)
				return cmd_usage_error(ctx, "spc", "unknown direction '%s': expected "
				    "increase, decrease or neutral", optarg);
			break;
		case 't':
			if (num_parse(optarg, NUM_PCT_POINTS, NULL, &p.target, &e) < 0)
				return cmd_usage_error(ctx, "spc", "--target: %s", e.msg);
			p.has_target = 1;
			break;
		case 'r':
			if (nrebase == MAX_REBASE)
				return cmd_usage_error(ctx, "spc", "too many --rebase periods (at most %d)",
				    MAX_REBASE);
			rebase_arg[nrebase++] = optarg;
			break;
		case 'f':
			if (parse_count(optarg, 12, &n) < 0)
				return cmd_usage_error(ctx, "spc", "bad --fix-after '%s': expected a whole "
				    "number of points, at least 12", optarg);
			p.fix_after_n_points = (size_t)n;
			break;
		case 'S':
			p.screen_outliers = 0;
			break;
		case 'R':
		case 'T':
			if (parse_count(optarg, 2, &n) < 0)
				return cmd_usage_error(ctx, "spc", "bad --%s '%s': expected a whole number "
				    "of points, at least 2", c == 'R' ? "run-length" : "trend-length", optarg);
			*(c == 'R' ? &p.run_length : &p.trend_length) = (int)n;
			break;
		case 'o':
			if (cmd_parse_format(optarg, &format) < 0)
				return cmd_usage_error(ctx, "spc", "unknown format '%s': expected table, "
				    "csv or json", optarg);
			break;
		case 'D':
			break;
		case 'h':
			cmd_usage(stdout, "spc", spc_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "spc", c, argv);
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "spc", "expected at most one FILE, got %d", argc - optind);
	if (argc - optind == 1)
		path = argv[optind];
	if (dir == NULL)
		return cmd_usage_error(ctx, "spc", "missing --direction: give increase, decrease or "
		    "neutral (which way is better)");

	diags_init(&d, 20);
	if (read_series(path, &s, &d) < 0) {
		diags_print(&d, ctx->prog, stderr);
		rc = d.code ? d.code : KP_DATA;
		goto out;
	}
	warn_gaps(&s, strcmp(path, "-") == 0 ? "<stdin>" : path, ctx->prog);

	/* Rebase periods name rows of this file. */
	for (size_t i = 0; i < nrebase; i++) {
		struct period rp;
		size_t k;

		if (period_parse(rebase_arg[i], &rp, &e) < 0) {
			rc = cmd_usage_error(ctx, "spc", "--rebase: %s", e.msg);
			goto out;
		}
		for (k = 0; k < s.n; k++)
			if (s.per[k].kind == rp.kind && s.t[k] == period_key(&rp))
				break;
		if (k == s.n) {
			rc = cmd_usage_error(ctx, "spc", "--rebase '%s': no row has this period",
			    rebase_arg[i]);
			goto out;
		}
		rebase[i] = k;
	}
	p.rebase = rebase;
	p.nrebase = nrebase;
	if (trend_analyse(s.y, s.t, s.n, &p, &r, &e) < 0) {
		rc = cmd_fail(ctx, &e);
		goto out;
	}
	if (format == FORMAT_CSV)
		spc_print_csv(&s, &r);
	else if (format == FORMAT_JSON)
		spc_print_json(&s, &r, &p);
	else
		spc_print_table(&s, &r, &p);
	trend_result_release(&r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_printf(ctx->prog, "cannot write the output");
		rc = KP_IOERR;
	}
out:
	diags_release(&d);
	series_release(&s);
	return rc;
}
