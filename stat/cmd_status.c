/*
** cmd_status.c: `kpistat status`: every metric against its target for one period, as an
** 80-column table, CSV or JSON.
**
** Without --period each metric is shown for the latest period any metric of its frequency
** has a figure for, so a metric that has fallen behind shows as `missing` instead of quietly
** showing an old figure.
*/
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kpistat/analysis.h"
#include "kpistat/buf.h"
#include "kpistat/cmd.h"
#include "kpistat/csv.h"
#include "kpistat/num.h"
#include "kpistat/status.h"
#include "kpistat/store.h"
#include "kpistat/xmalloc.h"

static const char status_help[] =
    "One row per metric: the figure for the period, the target in force, the gap, on / near /\n"
    "off target, and the change against the previous period and a year before.\n"
    "  --period P          report on P (a month shows quarterly metrics' last full quarter)\n"
    "  --program NAME      only the program's metrics, in its order\n"
    "  --department CODE   only one department's metrics\n"
    "  --format F          table (default), csv or json\n"
    "  --codes             name metrics by code rather than by name in the table\n";

struct status_set {
	struct analysis		*an;		/* one per shown metric: trend + status */
	struct series		*series;	/* their whole-city series (notes are borrowed from them) */
	size_t			*order;		/* print order: needs attention first */
	size_t			 n;
};

/* Order rows by attention rank, keeping the selection's order within a rank. */
static void
sort_by_attention(struct status_set *set)
{
	size_t k = 0;

	for (int rank = 0; rank <= 3; rank++)
		for (size_t i = 0; i < set->n; i++)
			if (analysis_attention_rank(&set->an[i]) == rank)
				set->order[k++] = i;
}

/* The trend direction Mann-Kendall finds at the 5 % level: "rising", "falling" or NULL. */
static const char *
mk_direction(const struct trend_result *r)
{
	if (r->mk.n < 3 || !(r->mk.p < 0.05))
		return NULL;
	return r->mk.s > 0 ? "rising" : "falling";
}

/* Short table symbols for the variation icon: C concern, I improvement, N neutral; + high, - low. */
static const char *
variation_symbol(const struct trend_result *r)
{
	static const char *const sym[] = { "-", "I+", "I-", "C+", "C-", "N+", "N-" };

	return r->n > 0 && (unsigned)r->variation < 7 ? sym[r->variation] : "";
}

static const char *
assurance_symbol(enum trend_assurance a)
{
	switch (a) {
	case TREND_ASSURANCE_PASS:
		return "P";
	case TREND_ASSURANCE_FAIL:
		return "F";
	case TREND_ASSURANCE_INCONSISTENT:
		return "?";
	default:
		return "";
	}
}

/*
** Print v with the metric's decimals and unit, in at most `width` columns. A value that is not
** finite (a difference of two extreme figures in an old store) prints as "n/a"; a large one in
** thousands, millions, billions or trillions, and past that in powers of ten, never as a long
** row of digits.
*/
static char *
fmt_value(const struct metric *m, double v, int sign, char *buf, size_t n, int width)
{
	static const struct { double at; const char *suffix; } scale[] = {
		{ 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" },
	};
	char num[64];
	int dec = m->decimals;
	const char *unit = strcmp(m->unit, "%") == 0 ? "%" : "";
	double a = v < 0 ? -v : v;

	if (!isfinite(v)) {
		snprintf(buf, n, "n/a");
		return buf;
	}
	if (a >= 1e15) {
		snprintf(buf, n, "%s%.1e%s", sign && v > 0 ? "+" : "", v, unit);
		if ((int)strlen(buf) > width)
			snprintf(buf, n, "%s%.0e%s", sign && v > 0 ? "+" : "", v, unit);
		return buf;
	}
	for (;;) {
		num_format(v, dec, num, sizeof num);
		snprintf(buf, n, "%s%s%s", sign && v > 0 ? "+" : "", num, unit);
		if ((int)strlen(buf) <= width || dec == 0)
			break;
		dec--;
	}
	if ((int)strlen(buf) > width) {
		/* Large figures in thousands, millions, ... rather than overflowing the column. */
		size_t i = 0;

		while (i + 1 < sizeof scale / sizeof scale[0] && a < scale[i].at)
			i++;
		snprintf(buf, n, "%s%.1f%s%s", sign && v > 0 ? "+" : "", v / scale[i].at,
		    scale[i].suffix, unit);
	}
	return buf;
}

/* v as exact text, or "" when there is none or it is not finite. */
static const char *
exact_or_empty(int has, double v, char *buf)
{
	return has && isfinite(v) ? num_format_exact(v, buf, 40) : "";
}

/* The rule behind a special-cause point, in words. */
static const char *
rule_words(enum trend_rule rule)
{
	switch (rule) {
	case TREND_RULE_OUTSIDE_LIMITS:
		return "beyond the process limits";
	case TREND_RULE_TREND:
		return "a 7-point trend";
	case TREND_RULE_TWO_IN_THREE:
		return "2 of 3 points near a limit";
	case TREND_RULE_RUN:
		return "a run of 7 on one side of the mean";
	default:
		return "common cause";
	}
}

/* Print "  label: text" wrapped at 79 columns, continuation lines indented by 4. */
static void
print_wrapped(const char *label, const char *text)
{
	size_t col = 2 + strlen(label) + 2;
	const char *p = text;

	printf("  %s:", label);
	while (*p) {
		const char *w = p;
		size_t len;

		while (*w == ' ')
			w++;
		len = strcspn(w, " ");
		if (len == 0)
			break;
		if (col + 1 + len > 79 && col > 4) {
			printf("\n   ");
			col = 3;
		}
		printf(" %.*s", (int)len, w);
		col += 1 + len;
		p = w + len;
	}
	putchar('\n');
}

/* The forecast in words, for the attention list and the CSV/JSON "forecast_text". */
static void
add_forecast(struct buf *b, const struct analysis *a, const struct metric *m)
{
	const struct trend_result *r = &a->trend;
	char per[24];

	if (r->needs_change) {
		buf_adds(b, "the target is outside what this process delivers: it needs a change in "
		    "the process");
		return;
	}
	switch (r->forecast) {
	case TREND_FORECAST_PERIODS:
		/* Decades away is no forecast a meeting can act on. */
		if (r->periods_to_target > 3.0 * period_per_year(period_freq_kind(m->freq))) {
			buf_adds(b, "not on course to reach the target within three years at the "
			    "current rate");
			break;
		}
		snprintf(per, sizeof per, "%.0f", r->periods_to_target);
		buf_addf(b, "at the current rate the target is reached in about %s %s%s", per,
		    period_kind_name(period_freq_kind(m->freq)),
		    r->periods_to_target == 1 ? "" : "s");
		break;
	case TREND_FORECAST_NOT_AT_THIS_RATE:
		buf_adds(b, "not on course to reach the target at the current rate");
		break;
	default:
		break;
	}
}

static void
print_attention(const struct status_set *set, int codes)
{
	struct buf line = BUF_INIT;
	char gap[96];
	int any = 0;

	for (size_t k = 0; k < set->n; k++) {
		const struct analysis *a = &set->an[set->order[k]];
		const struct status_row *r = &a->status;
		const struct metric *m = r->m;
		const char *dir = mk_direction(&a->trend);
		enum trend_variation v = a->trend.variation;

		if (!analysis_needs_attention(a))
			continue;
		if (!any++)
			printf("\nNeeds attention:\n");
		buf_reset(&line);
		if (r->level == STATUS_MISSING)
			buf_addf(&line, "no figure for this period");
		else if (r->level == STATUS_OFF)
			buf_addf(&line, "off target by %s", fmt_value(m, r->gap, 1, gap, sizeof gap, 12));
		else
			buf_addf(&line, "%s target", status_level_name(r->level));
		if (a->trend.n > 0 && (v == TREND_VAR_CONCERN_HIGH || v == TREND_VAR_CONCERN_LOW))
			buf_addf(&line, "; special-cause concern (%s)", rule_words(
			    a->trend.points[a->trend.n - 1].rule));
		if (dir != NULL && a->trend.mk.p < 0.001)
			buf_addf(&line, "; %s trend (Mann-Kendall p < 0.001)", dir);
		else if (dir != NULL)
			buf_addf(&line, "; %s trend (Mann-Kendall p = %.3f)", dir, a->trend.mk.p);
		if (r->level == STATUS_OFF || r->level == STATUS_NEAR) {
			size_t before = line.len;

			buf_adds(&line, "; ");
			add_forecast(&line, a, m);
			if (line.len == before + 2)
				line.s[line.len = before] = '\0';
		}
		print_wrapped(codes ? m->code : m->name, line.s);
	}
	if (any)
		printf("\nSPC: C concern, I improvement, N neutral special cause (+ high, - low),\n"
		    "     - common cause; assurance P consistently passes, F consistently fails,\n"
		    "     ? hit and miss\n");
	buf_release(&line);
}

static void
print_table(const struct status_set *set, int codes)
{
	char per[PERIOD_STRLEN], b[5][96];
	struct buf line = BUF_INIT;
	int shown[5] = { 0 };

	/*
	** The period is the same for every metric of one frequency, so it is said once above
	** the table rather than in a column: the names get the width instead.
	*/
	buf_adds(&line, "Figures for");
	for (size_t i = 0; i < set->n; i++) {
		const struct status_row *r = &set->an[i].status;

		if (shown[r->period.kind]++)
			continue;
		buf_addf(&line, "%s %s (%s)", line.len > 11 ? "," : "", period_format(&r->period, per),
		    period_freq_name(r->m->freq));
	}
	if (set->n > 0)
		printf("%s\n\n", line.s);
	printf("%-24s %8s %7s %7s %-7s %7s %7s %s\n", "METRIC", "VALUE", "TARGET", "GAP", "STATUS",
	    "VS PREV", "VS YEAR", "SPC");
	for (size_t k = 0; k < set->n; k++) {
		const struct analysis *a = &set->an[set->order[k]];
		const struct status_row *r = &a->status;
		const struct metric *m = r->m;

		buf_reset(&line);
		buf_add_fitted(&line, codes ? m->code : m->name, 24);
		buf_addf(&line, " %8s %7s %7s %-7s %7s %7s %2s %s",
		    r->has_value ? fmt_value(m, r->value, 0, b[0], 96, 8) : "missing",
		    r->has_target ? fmt_value(m, r->target, 0, b[1], 96, 7) : "-",
		    r->has_value && r->has_target ? fmt_value(m, r->gap, 1, b[2], 96, 7) : "",
		    r->level == STATUS_NO_TARGET ? "-" : status_level_name(r->level),
		    r->has_prev ? fmt_value(m, r->d_prev, 1, b[3], 96, 7) : "",
		    r->has_year ? fmt_value(m, r->d_year, 1, b[4], 96, 7) : "",
		    variation_symbol(&a->trend), assurance_symbol(a->trend.assurance));
		while (line.len > 0 && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		puts(line.s);
	}
	buf_release(&line);
	print_attention(set, codes);
}

#define NCOLS	21

static void
print_csv(const struct status_set *set)
{
	static const char *const head[NCOLS] = { "metric", "name", "department", "unit", "period",
	    "value", "target", "gap", "status", "change_prev", "change_year", "latest_period",
	    "variation", "assurance", "trend", "mann_kendall_p", "sen_slope", "forecast",
	    "periods_to_target", "needs_attention", "note" };
	char per[PERIOD_STRLEN], lat[PERIOD_STRLEN], v[9][40];
	struct buf fc = BUF_INIT;

	csv_write_row(stdout, head, NCOLS);
	for (size_t k = 0; k < set->n; k++) {
		const struct analysis *a = &set->an[set->order[k]];
		const struct status_row *r = &a->status;
		const struct trend_result *t = &a->trend;
		const char *f[NCOLS], *dir = mk_direction(t);

		buf_reset(&fc);
		add_forecast(&fc, a, r->m);
		f[0] = r->m->code;
		f[1] = r->m->name;
		f[2] = r->m->department;
		f[3] = r->m->unit;
		f[4] = period_format(&r->period, per);
		f[5] = exact_or_empty(r->has_value, r->value, v[0]);
		f[6] = exact_or_empty(r->has_target, r->target, v[1]);
		f[7] = exact_or_empty(r->has_value && r->has_target, r->gap, v[2]);
		f[8] = status_level_name(r->level);
		f[9] = exact_or_empty(r->has_prev, r->d_prev, v[3]);
		f[10] = exact_or_empty(r->has_year, r->d_year, v[4]);
		f[11] = r->has_latest ? period_format(&r->latest, lat) : "";
		f[12] = t->n > 0 ? trend_variation_name(t->variation) : "";
		f[13] = trend_assurance_name(t->assurance);
		f[14] = t->n > 0 ? (dir ? dir : "none") : "";
		f[15] = t->mk.n >= 3 ? num_format_exact(num_tidy(t->mk.p), v[5], 40) : "";
		f[16] = isfinite(t->sen_slope) ? num_format_exact(num_tidy(t->sen_slope), v[6], 40) : "";
		f[17] = fc.s;
		f[18] = t->forecast == TREND_FORECAST_PERIODS ?
		    num_format_exact(t->periods_to_target, v[7], 40) : "";
		f[19] = analysis_needs_attention(a) ? "yes" : "no";
		f[20] = r->note;
		csv_write_row(stdout, f, NCOLS);
	}
	buf_release(&fc);
}

static json_t *
num_or_null(int has, double v)
{
	return has && isfinite(v) ? json_real(v) : json_null();
}


static json_t *
str_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

static void
print_json(const struct status_set *set)
{
	json_t *arr = json_array();
	char per[PERIOD_STRLEN];
	struct buf fc = BUF_INIT;

	for (size_t k = 0; k < set->n; k++) {
		const struct analysis *a = &set->an[set->order[k]];
		const struct status_row *r = &a->status;
		const struct trend_result *t = &a->trend;
		const char *dir = mk_direction(t);
		json_t *o = json_object();

		buf_reset(&fc);
		add_forecast(&fc, a, r->m);
		json_object_set_new(o, "metric", json_string(r->m->code));
		json_object_set_new(o, "name", json_string(r->m->name));
		json_object_set_new(o, "department", json_string(r->m->department));
		json_object_set_new(o, "unit", json_string(r->m->unit));
		json_object_set_new(o, "direction", json_string(catalog_direction_name(r->m->direction)));
		json_object_set_new(o, "period", json_string(period_format(&r->period, per)));
		json_object_set_new(o, "value", num_or_null(r->has_value, r->value));
		json_object_set_new(o, "target", num_or_null(r->has_target, r->target));
		json_object_set_new(o, "gap", num_or_null(r->has_value && r->has_target, r->gap));
		json_object_set_new(o, "status", json_string(status_level_name(r->level)));
		json_object_set_new(o, "change_prev", num_or_null(r->has_prev, r->d_prev));
		json_object_set_new(o, "change_year", num_or_null(r->has_year, r->d_year));
		json_object_set_new(o, "latest_period", r->has_latest ?
		    json_string(period_format(&r->latest, per)) : json_null());
		json_object_set_new(o, "variation", t->n > 0 ?
		    json_string(trend_variation_name(t->variation)) : json_null());
		json_object_set_new(o, "assurance", str_or_null(trend_assurance_name(t->assurance)));
		json_object_set_new(o, "trend", t->n > 0 ? json_string(dir ? dir : "none") : json_null());
		json_object_set_new(o, "mann_kendall_p", num_or_null(t->mk.n >= 3, num_tidy(t->mk.p)));
		json_object_set_new(o, "sen_slope", num_or_null(isfinite(t->sen_slope),
		    num_tidy(t->sen_slope)));
		json_object_set_new(o, "forecast", str_or_null(trend_forecast_name(t->forecast)));
		json_object_set_new(o, "forecast_text", str_or_null(fc.s));
		json_object_set_new(o, "periods_to_target", num_or_null(t->forecast ==
		    TREND_FORECAST_PERIODS, t->periods_to_target));
		json_object_set_new(o, "needs_change", json_boolean(t->needs_change));
		json_object_set_new(o, "stale", json_boolean(t->stale || r->level == STATUS_MISSING));
		json_object_set_new(o, "needs_attention", json_boolean(analysis_needs_attention(a)));
		json_object_set_new(o, "note", r->note ? json_string(r->note) : json_null());
		json_array_append_new(arr, o);
	}
	json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	putchar('\n');
	json_decref(arr);
	buf_release(&fc);
}

static int
cmp_dept_name(const void *a, const void *b)
{
	const struct metric *x = *(const struct metric *const *)a;
	const struct metric *y = *(const struct metric *const *)b;
	int c = strcmp(x->department, y->department);

	return c != 0 ? c : strcmp(x->name, y->name);
}

/* Which metrics to show: a program's, in its order, or all (optionally one department's). */
static int
select_metrics(const struct catalog *c, const char *program, const char *dept,
    const struct metric ***out, size_t *n, struct kp_err *e)
{
	const struct metric **v = xcalloc(c->nmetrics + 1, sizeof *v);
	const struct program *p = NULL;
	size_t k = 0;

	if (program && (p = catalog_program(c, program)) == NULL) {
		free(v);
		return err_set(e, KP_DATA, NULL, "unknown program '%s': see 'kpistat catalog show'",
		    program);
	}
	if (dept && catalog_dept(c, dept) == NULL) {
		free(v);
		return err_set(e, KP_DATA, NULL, "unknown department '%s': see 'kpistat catalog show'",
		    dept);
	}
	for (size_t i = 0; i < (p ? p->nmetrics : c->nmetrics); i++) {
		const struct metric *m = p ? catalog_metric(c, p->metrics[i]) : &c->metrics[i];

		if (m == NULL || m->retired || (dept && strcmp(m->department, dept) != 0))
			continue;
		v[k++] = m;
	}
	if (p == NULL)
		qsort(v, k, sizeof *v, cmp_dept_name);
	*out = v;
	*n = k;
	return 0;
}

int
cmd_status(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "period", required_argument, NULL, 'p' },
		{ "program", required_argument, NULL, 'P' },
		{ "department", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "codes", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *period = NULL, *program = NULL, *dept = NULL;
	enum cmd_format fmt = FORMAT_TABLE;
	const struct metric **ms = NULL;
	struct status_set set = { NULL, NULL, NULL, 0 };
	struct period ref, latest[5], this_month;
	int have_latest[5] = { 0 };
	struct catalog cat;
	struct kp_err e;
	struct store *st;
	size_t n = 0;
	int c, rc = KP_OK, codes = 0;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': period = optarg; break;
		case 'P': program = optarg; break;
		case 'd': dept = optarg; break;
		case 'c': codes = 1; break;
		case 'f':
			if (cmd_parse_format(optarg, &fmt) < 0)
				return cmd_usage_error(ctx, "status", "bad format '%s': expected table, "
				    "csv or json", optarg);
			break;
		case 'h':
			cmd_usage(stdout, "status", status_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "status", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "status", "unexpected argument '%s'", argv[optind]);
	if (period && period_parse(period, &ref, &e) < 0)
		return cmd_fail(ctx, &e);
	this_month = cmd_today_month();
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	if (select_metrics(&cat, program, dept, &ms, &n, &e) < 0) {
		rc = cmd_fail(ctx, &e);
		goto out;
	}
	set.an = xcalloc(n + 1, sizeof *set.an);
	set.series = xcalloc(n + 1, sizeof *set.series);
	set.order = xcalloc(n + 1, sizeof *set.order);
	for (size_t i = 0; i < n; i++) {
		struct series *s = &set.series[i];

		if (store_series(st, ms[i]->code, "", s, &e) < 0) {
			rc = cmd_fail(ctx, &e);
			goto out;
		}
		set.n++;
		if (s->n > 0) {
			const struct period *last = &s->periods[s->n - 1];
			int k = (int)last->kind;

			if (!have_latest[k] || period_key(last) > period_key(&latest[k]))
				latest[k] = *last;
			have_latest[k] = 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		enum period_kind k = period_freq_kind(ms[i]->freq);
		struct period at;

		if (period)
			at = period_last_complete(k, &ref, cat.fy_start);
		else if (have_latest[k])
			at = latest[k];
		else
			at = period_last_complete(k, &this_month, cat.fy_start);
		if (analysis_run(ms[i], &set.series[i], &at, cat.fy_start, &set.an[i], &e) < 0) {
			for (size_t j = 0; j < i; j++)
				analysis_release(&set.an[j]);
			rc = cmd_fail(ctx, &e);
			goto out;
		}
	}
	sort_by_attention(&set);
	if (fmt == FORMAT_TABLE)
		print_table(&set, codes);
	else if (fmt == FORMAT_CSV)
		print_csv(&set);
	else
		print_json(&set);
	for (size_t i = 0; i < n; i++)
		analysis_release(&set.an[i]);
out:
	for (size_t i = 0; i < set.n; i++)
		series_release(&set.series[i]);
	free(set.series);
	free(set.an);
	free(set.order);
	free(ms);
	catalog_release(&cat);
	store_close(st);
	return rc;
}
