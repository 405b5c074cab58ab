/*
** cmd_compare.c: `kpistat compare METRIC`: each area (breakdown value) against the whole with
** funnel limits at its own denominator (compare.h, funnel.h), as a table, CSV or JSON.
*/
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kpistat/cmd.h"
#include "kpistat/compare.h"
#include "kpistat/equity.h"
#include "kpistat/num.h"
#include "kpistat/where.h"

static const char compare_help[] =
    "Compare each area of a computed metric's breakdown with the whole, against funnel limits\n"
    "at the area's own denominator (95 % and 99.8 %): Wilson score limits for shares, exact\n"
    "Poisson (Byar's from 10 events) for rates, a distribution-free order-statistic test for\n"
    "medians. The pool is that of the areas compared; records with no area are counted apart.\n"
    "  --period P          the period (default: the metric's latest whole-city figure)\n"
    "  --geography G       match the breakdown's values to G's areas (default: the geography\n"
    "                      the dataset links its column to, on the lines in force then)\n"
    "  --overdispersion    widen the limits when areas differ more than chance allows\n"
    "                      (Spiegelhalter: winsorised z-scores, phi, additive tau^2)\n"
    "  --gap               the equity view instead: per period, the best and the worst\n"
    "                      area and the gap between them, and with --group G a group of\n"
    "                      areas against the rest; whether each gap is closing\n"
    "  --periods N         with --gap: the last N periods (default 12)\n"
    "  --group G           with --gap: a group of the geography (groups: in the catalog)\n"
    "  --format F          table (default), csv or json\n";

static json_t *
jnum(double v)
{
	if (isnan(v) || isinf(v))
		return json_null();
	v = num_tidy(v);
	/* Counts print as counts: 195, not 195.0. */
	return v == floor(v) && fabs(v) < 9e15 ? json_integer((json_int_t)v) : json_real(v);
}

static int
print_json(const struct where *w)
{
	const struct compare *c = &w->cmp;
	json_t *o = json_object(), *pool = json_object(), *arr = json_array(), *um = json_object();
	char per[16];
	int rc;

	json_object_set_new(o, "metric", json_string(c->m->code));
	json_object_set_new(o, "period", json_string(period_format(&c->period, per)));
	json_object_set_new(o, "method", json_string(funnel_method_name(c->method)));
	if (c->per_population)
		json_object_set_new(o, "per", json_string("1,000 residents"));
	json_object_set_new(o, "breakdown", json_string(c->key));
	json_object_set_new(pool, "numerator", jnum(c->pooled.num));
	json_object_set_new(pool, "denominator", jnum(c->pooled.den));
	json_object_set_new(pool, "value", jnum(c->pooled.value));
	json_object_set_new(o, "pooled", pool);
	json_object_set_new(o, "geography", w->g ? json_string(w->g->name) : json_null());
	json_object_set_new(o, "boundaries", w->v ? json_string(w->v->file) : json_null());
	json_object_set_new(o, "unplaced", jnum(c->unplaced));
	for (size_t i = 0; i < c->nunmatched; i++)
		json_object_set_new(um, c->unmatched[i].value, jnum(c->unmatched[i].count));
	json_object_set_new(o, "unmatched", um);
	if (c->overdispersion) {
		json_t *od = json_object();

		json_object_set_new(od, "widened", json_boolean(c->pooled.widened));
		json_object_set_new(od, "phi", jnum(c->pooled.phi));
		json_object_set_new(od, "tau", jnum(sqrt(c->pooled.tau2)));
		json_object_set_new(o, "overdispersion", od);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct compare_area *a = &c->areas[i];
		json_t *x = json_object();

		json_object_set_new(x, "area", json_string(a->id));
		json_object_set_new(x, "name", a->name ? json_string(a->name) : json_null());
		json_object_set_new(x, "numerator", jnum(a->f.num));
		json_object_set_new(x, "denominator", jnum(a->f.den));
		json_object_set_new(x, "value", jnum(a->f.value));
		json_object_set_new(x, "lower_95", jnum(a->f.lo95));
		json_object_set_new(x, "upper_95", jnum(a->f.hi95));
		json_object_set_new(x, "lower_998", jnum(a->f.lo998));
		json_object_set_new(x, "upper_998", jnum(a->f.hi998));
		json_object_set_new(x, "verdict", json_string(funnel_verdict_code(a->f.verdict)));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "areas", arr);
	rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(o);
	if (rc == 0)
		putchar('\n');
	return rc;
}

static const char *
cell(double v, int decimals, char *buf, size_t n)
{
	if (isnan(v))
		return "-";
	return num_format(v, decimals, buf, n);
}

static void
print_csv(const struct compare *c)
{
	char per[16];

	printf("metric,period,area,name,numerator,denominator,value,pooled,lower_95,upper_95,"
	    "lower_998,upper_998,verdict\n");
	for (size_t i = 0; i < c->n; i++) {
		const struct compare_area *a = &c->areas[i];
		const double v[] = { a->f.num, a->f.den, a->f.value, c->pooled.value, a->f.lo95,
		    a->f.hi95, a->f.lo998, a->f.hi998 };
		char b[40];

		printf("%s,%s,%s,%s", c->m->code, period_format(&c->period, per), a->id,
		    a->name ? a->name : "");
		for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
			printf(",%s", isnan(v[k]) ? "" : num_format_exact(num_tidy(v[k]), b, sizeof b));
		printf(",%s\n", funnel_verdict_code(a->f.verdict));
	}
}

static void
print_table(const struct where *w)
{
	const struct compare *c = &w->cmp;
	int d = c->per_population ? 2 : c->m->decimals;
	char per[16], b[8][40];

	printf("%s (%s), %s, by %s: %s\n", c->m->name, c->m->code, period_format(&c->period, per),
	    c->key, c->method == FUNNEL_SHARE ? "shares against Wilson score limits" :
	    c->method == FUNNEL_RATE ? (c->per_population ? "per 1,000 residents against exact "
	    "Poisson limits (Byar's from 10 events)" : "rates against exact Poisson limits "
	    "(Byar's from 10 events)") :
	    "medians: is the city's median outside the area's order-statistic interval?");
	if (c->per_population)
		printf("city (areas compared): %s %s per 1,000 residents\n",
		    cell(c->pooled.value, 2, b[0], sizeof b[0]), c->m->unit);
	else
		printf("city (areas compared): %s%s%s\n", cell(c->pooled.value, d, b[0],
		    sizeof b[0]), c->m->unit[0] && c->m->unit[0] != '%' ? " " : "", c->m->unit);
	printf("\n%-12s %9s %9s %9s %9s %9s %9s %9s  %s\n", "AREA", "NUM", "DENOM", "VALUE",
	    "LOW 99.8", "LOW 95", "UP 95", "UP 99.8", "VERDICT");
	for (size_t i = 0; i < c->n; i++) {
		const struct compare_area *a = &c->areas[i];

		printf("%-12.12s %9s %9s %9s %9s %9s %9s %9s  %s\n", a->name ? a->name : a->id,
		    cell(a->f.num, 0, b[0], sizeof b[0]), cell(a->f.den, 0, b[1], sizeof b[1]),
		    cell(a->f.value, d, b[2], sizeof b[2]), cell(a->f.lo998, d, b[3], sizeof b[3]),
		    cell(a->f.lo95, d, b[4], sizeof b[4]), cell(a->f.hi95, d, b[5], sizeof b[5]),
		    cell(a->f.hi998, d, b[6], sizeof b[6]), compare_words(c->m, a->f.verdict));
	}
	if (c->unplaced > 0 || c->nunmatched > 0 || c->nnodata > 0)
		printf("\n");
	if (c->unplaced > 0)
		printf("%s %s with no %s: counted for the city, left out of the comparison\n",
		    num_format(c->unplaced, 0, b[0], sizeof b[0]),
		    c->method == FUNNEL_RATE ? "of the denominator" : "records", c->key);
	for (size_t i = 0; i < c->nunmatched; i++)
		printf("%s %s with %s '%s', which is no area of '%s': left out\n",
		    num_format(c->unmatched[i].count, 0, b[0], sizeof b[0]),
		    c->method == FUNNEL_RATE ? "of the denominator" : c->unmatched[i].count == 1 ?
		    "record" : "records", c->key,
		    c->unmatched[i].value, w->g->name);
	if (c->nnodata > 0) {
		printf("areas with no records in the period:");
		for (size_t i = 0; i < c->nnodata; i++)
			printf(" %s", c->nodata[i]);
		printf("\n");
	}
	if (w->v != NULL)
		printf("boundaries: %s, %s\n", w->g->name, w->v->file);
	if (c->overdispersion)
		printf("%s\n", c->pooled.widened ? "limits widened for overdispersion" :
		    "no overdispersion: the areas differ no more than chance allows; limits not "
		    "widened");
	if (c->overdispersion && c->pooled.widened)
		printf("  phi = %.2f, tau = %s (between-area spread added to each area's)\n",
		    c->pooled.phi, num_format(sqrt(c->pooled.tau2), d, b[0], sizeof b[0]));
}

static void
print_gap(const struct metric *m, const struct equity *q, int csv)
{
	char per[16], b[6][40];

	if (csv)
		printf("metric,period,best,best_value,worst,worst_value,gap,group,group_value,"
		    "rest_value,group_gap\n");
	else
		printf("Gap between areas: %s (%s), %s is better\n\n%-9s %-8s %9s %-8s %9s %9s"
		    "%s%s\n", m->name, m->code, m->direction == DIR_HIGHER ? "higher" :
		    m->direction == DIR_LOWER ? "lower" : "neither way", "PERIOD", "BEST", "VALUE",
		    "WORST", "VALUE", "GAP", q->group ? "     GROUP      REST  GROUP-REST" : "", "");
	for (size_t i = 0; i < q->n; i++) {
		const struct equity_point *pt = &q->v[i];

		period_format(&pt->period, per);
		if (csv) {
			printf("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", m->code, per,
			    pt->best ? pt->best : "", pt->ok ? num_format_exact(num_tidy(pt->best_v),
			    b[0], sizeof b[0]) : "", pt->worst ? pt->worst : "",
			    pt->ok ? num_format_exact(num_tidy(pt->worst_v), b[1], sizeof b[1]) : "",
			    pt->ok ? num_format_exact(num_tidy(pt->gap), b[2], sizeof b[2]) : "",
			    q->group ? q->group : "", isnan(pt->group_v) ? "" :
			    num_format_exact(num_tidy(pt->group_v), b[3], sizeof b[3]),
			    isnan(pt->rest_v) ? "" : num_format_exact(num_tidy(pt->rest_v), b[4],
			    sizeof b[4]), isnan(pt->group_gap) ? "" :
			    num_format_exact(num_tidy(pt->group_gap), b[5], sizeof b[5]));
			continue;
		}
		if (!pt->ok) {
			printf("%-9s (no areas to compare)\n", per);
			continue;
		}
		printf("%-9s %-8.8s %9s %-8.8s %9s %9s", per, pt->best,
		    cell(pt->best_v, m->decimals + 1, b[0], sizeof b[0]), pt->worst,
		    cell(pt->worst_v, m->decimals + 1, b[1], sizeof b[1]),
		    cell(pt->gap, m->decimals + 1, b[2], sizeof b[2]));
		if (q->group)
			printf(" %9s %9s %11s", cell(pt->group_v, m->decimals + 1, b[3], sizeof b[3]),
			    cell(pt->rest_v, m->decimals + 1, b[4], sizeof b[4]),
			    cell(pt->group_gap, m->decimals + 1, b[5], sizeof b[5]));
		printf("\n");
	}
	if (csv)
		return;
	printf("\nbest against worst: %s", q->gap_trend);
	if (!isnan(q->gap_slope))
		printf(" (Sen slope %+.3g a period, Mann-Kendall p = %.3g)", q->gap_slope, q->gap_p);
	printf("\n");
	if (q->group) {
		printf("%s against the rest: %s", q->group, q->group_trend);
		if (!isnan(q->group_slope))
			printf(" (Sen slope of the gap %+.3g a period, Mann-Kendall p = %.3g)",
			    q->group_slope, q->group_p);
		printf("\n");
	}
}

static json_t *
trend_json(const char *trend, double slope, double p)
{
	json_t *o = json_object();

	json_object_set_new(o, "trend", json_string(trend));
	json_object_set_new(o, "sen_slope", jnum(slope));
	json_object_set_new(o, "mann_kendall_p", jnum(p));
	return o;
}

static int
print_gap_json(const struct metric *m, const struct equity *q)
{
	json_t *o = json_object(), *arr = json_array();
	char per[16];
	int rc;

	json_object_set_new(o, "metric", json_string(m->code));
	json_object_set_new(o, "group", q->group ? json_string(q->group) : json_null());
	for (size_t i = 0; i < q->n; i++) {
		const struct equity_point *pt = &q->v[i];
		json_t *x = json_object();

		json_object_set_new(x, "period", json_string(period_format(&pt->period, per)));
		json_object_set_new(x, "best", pt->best ? json_string(pt->best) : json_null());
		json_object_set_new(x, "best_value", pt->ok ? jnum(pt->best_v) : json_null());
		json_object_set_new(x, "worst", pt->worst ? json_string(pt->worst) : json_null());
		json_object_set_new(x, "worst_value", pt->ok ? jnum(pt->worst_v) : json_null());
		json_object_set_new(x, "gap", jnum(pt->gap));
		json_object_set_new(x, "group_value", jnum(pt->group_v));
		json_object_set_new(x, "rest_value", jnum(pt->rest_v));
		json_object_set_new(x, "group_gap", jnum(pt->group_gap));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "periods", arr);
	json_object_set_new(o, "gap", trend_json(q->gap_trend, q->gap_slope, q->gap_p));
	json_object_set_new(o, "group_gap", trend_json(q->group_trend, q->group_slope,
	    q->group_p));
	rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(o);
	if (rc == 0)
		putchar('\n');
	return rc;
}

int
cmd_compare(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "period", required_argument, NULL, 'p' },
		{ "overdispersion", no_argument, NULL, 'o' },
		{ "geography", required_argument, NULL, 'g' },
		{ "gap", no_argument, NULL, 'G' },
		{ "periods", required_argument, NULL, 'n' },
		{ "group", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum cmd_format fmt = FORMAT_TABLE;
	const char *period = NULL, *geo = NULL, *group = NULL;
	long nper = 12;
	int gap = 0;
	char *end;
	const struct metric *m;
	struct where w;
	struct catalog cat;
	struct period p;
	struct kp_err e;
	struct store *st;
	int c, rc, od = 0;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': period = optarg; break;
		case 'o': od = 1; break;
		case 'g': geo = optarg; break;
		case 'G': gap = 1; break;
		case 'r': group = optarg; break;
		case 'n':
			nper = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || nper < 2 || nper > 240)
				return cmd_usage_error(ctx, "compare", "bad --periods '%s': expected a "
				    "number of periods, 2..240", optarg);
			break;
		case 'f':
			if (cmd_parse_format(optarg, &fmt) < 0)
				return cmd_usage_error(ctx, "compare", "bad format '%s': expected "
				    "table, csv or json", optarg);
			break;
		case 'h':
			cmd_usage(stdout, "compare", compare_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "compare", c, argv);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(ctx, "compare", "expected one METRIC");
	if (period && period_parse(period, &p, &e) < 0)
		return cmd_fail(ctx, &e);
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	if ((m = catalog_metric(&cat, argv[optind])) == NULL) {
		err_set(&e, KP_DATA, NULL, "unknown metric '%s': see 'kpistat catalog show'",
		    argv[optind]);
		goto fail;
	}
	if ((group != NULL || nper != 12) && !gap) {
		catalog_release(&cat);
		store_close(st);
		return cmd_usage_error(ctx, "compare", "--group and --periods go with --gap");
	}
	if (gap) {
		struct equity q;

		if (equity_run(st, &cat, m, period ? &p : NULL, (size_t)nper, group, &q, &e) < 0)
			goto fail;
		rc = fmt == FORMAT_JSON ? (print_gap_json(m, &q) < 0 ? KP_IOERR : KP_OK) :
		    (print_gap(m, &q, fmt == FORMAT_CSV), KP_OK);
		equity_release(&q);
		catalog_release(&cat);
		store_close(st);
		return rc;
	}
	if (where_load(st, &cat, m, period ? &p : NULL, geo, od, &w, &e) < 0)
		goto fail;
	rc = KP_OK;
	if (fmt == FORMAT_JSON)
		rc = print_json(&w) < 0 ? KP_IOERR : KP_OK;
	else if (fmt == FORMAT_CSV)
		print_csv(&w.cmp);
	else
		print_table(&w);
	where_release(&w);
	catalog_release(&cat);
	store_close(st);
	return rc;
fail:
	catalog_release(&cat);
	store_close(st);
	return cmd_fail(ctx, &e);
}
