/*
** cmd_spc_print.c: the views of `kpistat spc`: an 80-column table with a text chart, CSV with
** one row per input row, and JSON. Numbers in CSV and JSON round-trip exactly (shortest text or
** %.17g); the table rounds to about four significant digits for reading.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "kpistat/csv.h"
#include "kpistat/num.h"

#include "cmd_spc.h"

#define CHART_W		31	/* columns of the text chart in the table */

static char	*fmt(double v, char *buf, size_t n);
static const char *signal_text(const struct trend_point *pt, const struct trend_params *p,
		    char *buf, size_t n);
static void	chart_row(const struct trend_point *pt, double y, double lo, double hi, char *row);
static void	group_line(const struct spc_series *s, const struct trend_result *r, size_t g, int dec);
static json_t	*num_or_null(double v);

/* Shortest text that reads back exactly, or "" for NaN (an empty CSV field). */
static char *
fmt(double v, char *buf, size_t n)
{
	if (isnan(v)) {
		if (n > 0)
			buf[0] = '\0';
		return buf;
	}
	return num_format_exact(v, buf, n);
}

void
spc_print_csv(const struct spc_series *s, const struct trend_result *r)
{
	char per[PERIOD_STRLEN], num[7][40], fl[4][2];
	const char *f[14];

	puts("period,value,group,mean,lpl,upl,near_lpl,near_upl,outside_limits,trend,two_in_three,"
	    "run,rule,point_type");
	for (size_t i = 0; i < s->n; i++) {
		const struct trend_point *p = &r->points[i];

		snprintf(num[6], sizeof num[6], "%zu", p->group);
		fl[0][0] = (char)('0' + p->outside_limits);
		fl[1][0] = (char)('0' + p->trend);
		fl[2][0] = (char)('0' + p->two_in_three);
		fl[3][0] = (char)('0' + p->run);
		for (int k = 0; k < 4; k++)
			fl[k][1] = '\0';
		f[0] = period_format(&s->per[i], per);
		f[1] = fmt(s->y[i], num[0], sizeof num[0]);
		f[2] = num[6];
		f[3] = fmt(p->mean, num[1], sizeof num[1]);
		f[4] = fmt(p->lpl, num[2], sizeof num[2]);
		f[5] = fmt(p->upl, num[3], sizeof num[3]);
		f[6] = fmt(p->near_lpl, num[4], sizeof num[4]);
		f[7] = fmt(p->near_upl, num[5], sizeof num[5]);
		for (int k = 0; k < 4; k++)
			f[8 + k] = fl[k];
		f[12] = trend_rule_name(p->rule);
		f[13] = trend_point_type_name(p->type);
		csv_write_row(stdout, f, 14);
	}
}

static json_t *
num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

int
spc_print_json(const struct spc_series *s, const struct trend_result *r, const struct trend_params *p)
{
	json_t *root = json_object(), *pts = json_array(), *sum = json_object(), *o;
	const struct trend_anhoej *a = &r->anhoej;
	const char *name;
	char per[PERIOD_STRLEN];
	int rc;

	for (size_t i = 0; i < s->n; i++) {
		const struct trend_point *pt = &r->points[i];

		o = json_object();
		json_object_set_new(o, "period", json_string(period_format(&s->per[i], per)));
		json_object_set_new(o, "value", num_or_null(s->y[i]));
		json_object_set_new(o, "group", json_integer((json_int_t)pt->group));
		json_object_set_new(o, "mean", num_or_null(pt->mean));
		json_object_set_new(o, "lpl", num_or_null(pt->lpl));
		json_object_set_new(o, "upl", num_or_null(pt->upl));
		json_object_set_new(o, "near_lpl", num_or_null(pt->near_lpl));
		json_object_set_new(o, "near_upl", num_or_null(pt->near_upl));
		json_object_set_new(o, "outside_limits", json_integer(pt->outside_limits));
		json_object_set_new(o, "trend", json_integer(pt->trend));
		json_object_set_new(o, "two_in_three", json_integer(pt->two_in_three));
		json_object_set_new(o, "run", json_integer(pt->run));
		json_object_set_new(o, "rule", json_string(trend_rule_name(pt->rule)));
		json_object_set_new(o, "point_type", json_string(trend_point_type_name(pt->type)));
		json_array_append_new(pts, o);
	}
	json_object_set_new(root, "points", pts);

	json_object_set_new(sum, "variation", json_string(trend_variation_name(r->variation)));
	name = trend_assurance_name(r->assurance);
	json_object_set_new(sum, "assurance", name ? json_string(name) : json_null());
	json_object_set_new(sum, "short_series_warning", json_boolean(r->short_series_warning));
	o = json_object();
	json_object_set_new(o, "n_useful", json_integer((json_int_t)a->n_useful));
	json_object_set_new(o, "longest_run", json_integer((json_int_t)a->longest_run));
	json_object_set_new(o, "longest_run_max", a->n_useful ? json_integer(a->longest_run_max) : json_null());
	json_object_set_new(o, "crossings", json_integer((json_int_t)a->crossings));
	json_object_set_new(o, "crossings_min", a->n_useful ? json_integer(a->crossings_min) : json_null());
	json_object_set_new(o, "signal", json_boolean(a->signal));
	json_object_set_new(sum, "anhoej", o);
	o = json_object();
	json_object_set_new(o, "n", json_integer((json_int_t)r->mk.n));
	json_object_set_new(o, "s", json_real(r->mk.s));
	json_object_set_new(o, "var_s", json_real(r->mk.var_s));
	json_object_set_new(o, "z", json_real(r->mk.z));
	json_object_set_new(o, "p", json_real(r->mk.p));
	json_object_set_new(sum, "mann_kendall", o);
	json_object_set_new(sum, "sen_slope", num_or_null(r->sen_slope));
	json_object_set_new(sum, "stale", json_boolean(r->stale));
	json_object_set_new(sum, "change_previous", num_or_null(r->change_prev));
	json_object_set_new(sum, "change_year_ago", num_or_null(r->change_year));
	if (p->has_target) {
		o = json_object();
		json_object_set_new(o, "target", json_real(p->target));
		json_object_set_new(o, "period", r->latest < r->n ?
		    json_string(period_format(&s->per[r->latest], per)) : json_null());
		json_object_set_new(o, "value", r->latest < r->n ? json_real(s->y[r->latest]) : json_null());
		name = trend_target_status_name(r->target_status);
		json_object_set_new(o, "status", name ? json_string(name) : json_null());
		json_object_set_new(o, "gap", num_or_null(r->gap));
		name = trend_forecast_name(r->forecast);
		json_object_set_new(o, "forecast", name ? json_string(name) : json_null());
		json_object_set_new(o, "periods_to_target", isnan(r->periods_to_target) ? json_null() :
		    json_integer((json_int_t)r->periods_to_target));
		json_object_set_new(o, "needs_change", json_boolean(r->needs_change));
		json_object_set_new(sum, "target", o);
	} else {
		json_object_set_new(sum, "target", json_null());
	}
	json_object_set_new(root, "summary", sum);
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	fputc('\n', stdout);
	json_decref(root);
	return rc;
}

/* What fired, in words, for the table: "7 above mean: concern". */
static const char *
signal_text(const struct trend_point *pt, const struct trend_params *p, char *buf, size_t n)
{
	const char *what = "", *kind;
	int up = pt->sign > 0, len = 0;

	switch (pt->rule) {
	case TREND_RULE_NONE:
		buf[0] = '\0';
		return buf;
	case TREND_RULE_OUTSIDE_LIMITS:
		what = up ? "above upper limit" : "below lower limit";
		break;
	case TREND_RULE_TREND:
		what = up ? " rising" : " falling";
		len = p->trend_length;
		break;
	case TREND_RULE_TWO_IN_THREE:
		what = up ? "2 of 3 high" : "2 of 3 low";
		break;
	case TREND_RULE_RUN:
		what = up ? " above mean" : " below mean";
		len = p->run_length;
		break;
	}
	kind = pt->type == TREND_SPECIAL_IMPROVEMENT ? "improvement" :
	    pt->type == TREND_SPECIAL_CONCERN ? "concern" : "neutral";
	if (len > 0)
		snprintf(buf, n, "%d%s: %s", len, what, kind);
	else
		snprintf(buf, n, "%s: %s", what, kind);
	return buf;
}

/* One row of the text chart: limits '|', mean ':', the point by its type. */
static void
chart_row(const struct trend_point *pt, double y, double lo, double hi, char *row)
{
	double span = hi > lo ? hi - lo : 1;
	char mark = pt->type == TREND_COMMON_CAUSE ? 'o' : pt->type == TREND_SPECIAL_IMPROVEMENT ?
	    '+' : pt->type == TREND_SPECIAL_CONCERN ? '!' : '*';
	const double at[4] = { pt->lpl, pt->upl, pt->mean, y };
	const char ch[4] = { '|', '|', ':', mark };

	memset(row, ' ', CHART_W);
	row[CHART_W] = '\0';
	for (int k = 0; k < 4; k++) {
		long c;

		if (!isfinite(at[k]))
			continue;
		c = hi > lo ? lround((at[k] - lo) / span * (CHART_W - 1)) : CHART_W / 2;
		row[c < 0 ? 0 : c >= CHART_W ? CHART_W - 1 : c] = ch[k];
	}
}

/* The group's centre line and limits, printed above its rows (they are the same on each). */
static void
group_line(const struct spc_series *s, const struct trend_result *r, size_t g, int dec)
{
	const struct trend_group *gr = &r->groups[g];
	const struct trend_point *pt = &r->points[gr->first];
	char a[PERIOD_STRLEN], b[PERIOD_STRLEN], v[3][48];

	printf("%s%s .. %s, %zu points: mean %s, limits %s to %s%s\n", g > 0 ? "-- rebase: " : "",
	    period_format(&s->per[gr->first], a), period_format(&s->per[gr->first + gr->n - 1], b),
	    gr->n, isnan(pt->mean) ? "-" : num_format(pt->mean, dec, v[0], sizeof v[0]),
	    isnan(pt->lpl) ? "-" : num_format(pt->lpl, dec, v[1], sizeof v[1]),
	    isnan(pt->upl) ? "-" : num_format(pt->upl, dec, v[2], sizeof v[2]),
	    gr->short_warning ? " (trial limits: fewer than 13 points)" : "");
}

/* An 80-column view: per group its limits, per row the value, a text chart and what fired. */
void
spc_print_table(const struct spc_series *s, const struct trend_result *r, const struct trend_params *p)
{
	double lo = INFINITY, hi = -INFINITY, big = 0;
	char per[PERIOD_STRLEN], v[2][48], sig[64], row[CHART_W + 1];
	const struct trend_anhoej *a = &r->anhoej;
	int dec;

	if (s->n == 0) {
		puts("no rows");
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		const double c[3] = { s->y[i], r->points[i].lpl, r->points[i].upl };

		for (int k = 0; k < 3; k++)
			if (isfinite(c[k])) {
				lo = fmin(lo, c[k]);
				hi = fmax(hi, c[k]);
				big = fmax(big, fabs(c[k]));
			}
	}
	/* About four significant digits for the series' magnitude, the same on every row. */
	dec = big > 0 ? 3 - (int)floor(log10(big)) : 2;
	dec = dec < 0 ? 0 : dec > 4 ? 4 : dec;
	for (size_t i = 0; i < s->n; i++) {
		const struct trend_point *pt = &r->points[i];

		if (i == 0 || pt->group != r->points[i - 1].group) {
			group_line(s, r, pt->group, dec);
			if (i == 0)
				printf("%-9s %12s  %-*s  %s\n", "period", "value", CHART_W, "chart", "signal");
		}
		chart_row(pt, s->y[i], lo, hi, row);
		if (signal_text(pt, p, sig, sizeof sig)[0] == '\0') {
			size_t w = CHART_W;

			while (w > 0 && row[w - 1] == ' ')
				w--;	/* no trailing blanks on a quiet row */
			row[w] = '\0';
		}
		printf("%-9s %12s  %s%s%s\n", period_format(&s->per[i], per),
		    isnan(s->y[i]) ? "(missing)" : num_format(s->y[i], dec, v[0], sizeof v[0]), row,
		    sig[0] ? "  " : "", sig);
	}
	printf("\nvariation  %s (the last point)\n", trend_variation_name(r->variation));
	if (r->assurance != TREND_ASSURANCE_NONE)
		printf("assurance  %s (target against the last limits)\n",
		    trend_assurance_name(r->assurance));
	if (a->n_useful > 0)
		printf("runs       %s: longest run %zu (limit %ld), %zu crossings (minimum %ld)\n",
		    a->signal ? "Anhoej signal" : "no Anhoej signal", a->longest_run, a->longest_run_max,
		    a->crossings, a->crossings_min);
	printf("trend      %s (Mann-Kendall z = %.2f, p = %.3g); Sen slope %s a period\n",
	    r->mk.p >= 0.05 ? "no significant trend" : r->mk.s > 0 ? "rising" : "falling",
	    r->mk.z, r->mk.p, isnan(r->sen_slope) ? "-" :
	    num_format(r->sen_slope, dec + 1 > 4 ? 4 : dec + 1, v[0], sizeof v[0]));
	if (p->has_target && r->target_status != TREND_TARGET_NONE) {
		printf("target     %s: %s target, gap %s", num_format_exact(p->target, v[0], sizeof v[0]),
		    trend_target_status_name(r->target_status), num_format(r->gap, dec, v[1], sizeof v[1]));
		if (r->forecast == TREND_FORECAST_PERIODS)
			printf("; reached in %.0f period%s at this rate", r->periods_to_target,
			    r->periods_to_target == 1 ? "" : "s");
		else if (r->forecast == TREND_FORECAST_NOT_AT_THIS_RATE)
			printf("; not at this rate");
		printf("%s\n", r->needs_change ? "; needs a change in the process" : "");
	}
	if (r->stale)
		printf("stale      the last period, %s, has no figure\n",
		    period_format(&s->per[s->n - 1], per));
}
