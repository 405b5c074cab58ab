/*
** packet_text.c: the words of the packet: figures with their units, period names, and the
** sentences that state each metric's finding (see packet.h). A mayor reads the headline first,
** so it says what happened ("above target for 4 months running"), not what the chart is.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/num.h"
#include "kpistat/packet.h"
#include "kpistat/xmalloc.h"

#define MINUS	"\xe2\x88\x92"	/* U+2212, the typographic minus */
#define EN_DASH	"\xe2\x80\x93"

static char *range(const struct metric *, double, double, char *, size_t);

static const char *const month_names[12] = { "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December" };

static int
is_pct(const struct metric *m)
{
	return strcmp(m->unit, "%") == 0;
}

static int
is_money(const struct metric *m)
{
	return strcmp(m->unit, "USD") == 0 || strcmp(m->unit, "$") == 0;
}

/* |v| with the metric's decimals and thousands separators; trailing zeros dropped if `trim`. */
static char *
number(const struct metric *m, double v, int trim, char *buf, size_t n)
{
	num_format(fabs(v), m->decimals, buf, n);
	if (trim && strchr(buf, '.') != NULL) {
		size_t k = strlen(buf);

		while (k > 0 && buf[k - 1] == '0')
			buf[--k] = '\0';
		if (k > 0 && buf[k - 1] == '.')
			buf[--k] = '\0';
	}
	return buf;
}

static char *
with_unit(const struct metric *m, double v, int trim, int compact, char *buf, size_t n)
{
	const char *sign = v < 0 && fabs(v) >= 0.5 * pow(10, -m->decimals) ? MINUS : "";
	char num[64];

	if (is_money(m) && compact && fabs(v) >= 1e6)
		snprintf(num, sizeof num, "%.2fM", fabs(v) / 1e6);
	else if (is_money(m) && compact && fabs(v) >= 1e4)
		snprintf(num, sizeof num, "%.0fk", fabs(v) / 1e3);
	else
		number(m, v, trim, num, sizeof num);
	if (is_pct(m))
		snprintf(buf, n, "%s%s%%", sign, num);
	else if (is_money(m))
		snprintf(buf, n, "%s$%s", sign, num);
	else if (*m->unit == '\0')
		snprintf(buf, n, "%s%s", sign, num);
	else if (strcmp(num, "1") == 0 && strlen(m->unit) > 1 &&
	    m->unit[strlen(m->unit) - 1] == 's' && strchr(m->unit, ' ') == NULL)
		snprintf(buf, n, "%s1 %.*s", sign, (int)strlen(m->unit) - 1, m->unit);	/* 1 day */
	else
		snprintf(buf, n, "%s%s %s", sign, num, m->unit);
	return buf;
}

char *
packet_fmt_value(const struct metric *m, double v, int compact, char *buf, size_t n)
{
	return with_unit(m, v, 0, compact, buf, n);
}

char *
packet_fmt_target(const struct metric *m, double v, char *buf, size_t n)
{
	return with_unit(m, v, 1, 0, buf, n);
}

char *
packet_fmt_short(const struct metric *m, double v, int trim, char *buf, size_t n)
{
	struct metric bare = *m;

	/* % and $ stay with the number; unit words go into the column or label instead. */
	if (!is_pct(m) && !is_money(m))
		bare.unit = (char *)"";
	return with_unit(&bare, v, trim, 1, buf, n);
}

const char *
packet_unit_word(const struct metric *m)
{
	return is_pct(m) || is_money(m) ? "" : m->unit;
}

/* "165" EN_DASH "213 calls", "73.8" EN_DASH "85.3%": the unit once, after the range. */
static char *
range(const struct metric *m, double lo, double hi, char *buf, size_t n)
{
	char a[48], b[48];

	if (is_money(m))
		snprintf(buf, n, "%s " EN_DASH " %s", with_unit(m, lo, 0, 1, a, sizeof a),
		    with_unit(m, hi, 0, 1, b, sizeof b));
	else
		snprintf(buf, n, "%s" EN_DASH "%s", packet_fmt_short(m, lo, 0, a, sizeof a),
		    with_unit(m, hi, 0, 0, b, sizeof b));
	return buf;
}

char *
packet_fmt_change(const struct metric *m, double d, char *buf, size_t n)
{
	char num[64];

	if (fabs(d) < 0.5 * pow(10, -m->decimals)) {
		snprintf(buf, n, "0");
		return buf;
	}
	if (is_money(m) && fabs(d) >= 1e6)
		snprintf(num, sizeof num, "$%.2fM", fabs(d) / 1e6);
	else if (is_money(m) && fabs(d) >= 1e4)
		snprintf(num, sizeof num, "$%.0fk", fabs(d) / 1e3);
	else if (is_money(m))
		snprintf(num, sizeof num, "$%s", number(m, d, 0, buf, n));
	else
		number(m, d, 0, num, sizeof num);
	snprintf(buf, n, "%s%s%s", d < 0 ? MINUS : "+", num, is_pct(m) ? " pts" : "");
	return buf;
}

char *
packet_period_long(const struct period *p, char *buf, size_t n)
{
	switch (p->kind) {
	case PERIOD_MONTH:
		snprintf(buf, n, "%s %d", month_names[p->n - 1], p->year);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "Q%d %d", p->n, p->year);
		break;
	case PERIOD_WEEK:
		snprintf(buf, n, "week %d, %d", p->n, p->year);
		break;
	case PERIOD_YEAR:
		snprintf(buf, n, "%d", p->year);
		break;
	default:
		snprintf(buf, n, "FY%d", p->year);
		break;
	}
	return buf;
}

char *
packet_period_short(const struct period *p, char *buf, size_t n)
{
	switch (p->kind) {
	case PERIOD_MONTH:
		snprintf(buf, n, "%.3s %02d", month_names[p->n - 1], p->year % 100);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "Q%d %02d", p->n, p->year % 100);
		break;
	case PERIOD_WEEK:
		snprintf(buf, n, "W%02d", p->n);
		break;
	case PERIOD_YEAR:
		snprintf(buf, n, "%d", p->year);
		break;
	default:
		snprintf(buf, n, "FY%02d", p->year % 100);
		break;
	}
	return buf;
}

char *
packet_break_label(const char *key)
{
	const char *eq = strchr(key, '=');
	char *s;

	if (eq == NULL)
		return xstrdup(key);
	/* A numbered part ("district=3") is named by its kind; a named one ("ward=Fairview") by its name. */
	if (isdigit((unsigned char)eq[1])) {
		s = xasprintf("%.*s %s", (int)(eq - key), key, eq + 1);
		s[0] = (char)toupper((unsigned char)s[0]);
		for (char *q = s; *q; q++)
			if (*q == '_')
				*q = ' ';
		return s;
	}
	return xstrdup(eq + 1);
}

/*
** A date column as words: "closed_on" -> "closed date", "decided_at" -> "decided date",
** "close_date" -> "close date". The column names come from the catalog, so this only tidies.
*/
static void
column_words(struct buf *b, const char *col, size_t n)
{
	static const char *const suffixes[] = { "_on", "_at", "_date", "_time", "_dt", "_ts" };
	size_t start = b->len;

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t k = strlen(suffixes[i]);

		if (n > k && strncmp(col + n - k, suffixes[i], k) == 0) {
			n -= k;
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		buf_addch(b, col[i] == '_' ? ' ' : col[i]);
	if (b->len - start < 4 || (strcmp(b->s + b->len - 4, "date") != 0 &&
	    strcmp(b->s + b->len - 4, "time") != 0))
		buf_adds(b, " date");
}

/*
** The reason in a note `kpistat compute` writes, "records with TO before FROM left out", as
** "closed date is earlier than their opened date" (after "its"/"their"); 0 for another note.
*/
static int
left_out_reason(const char *what, int one, struct buf *b)
{
	static const char head[] = "records with ", mid[] = " before ", tail[] = " left out";
	const char *to, *from, *end;
	size_t n = strlen(what);

	if (strncmp(what, head, sizeof head - 1) != 0 || n < sizeof head - 1 + sizeof tail - 1 ||
	    strcmp(what + n - (sizeof tail - 1), tail) != 0)
		return 0;
	to = what + sizeof head - 1;
	end = what + n - (sizeof tail - 1);
	if ((from = strstr(to, mid)) == NULL || from == to || from + sizeof mid - 1 >= end ||
	    memchr(to, ' ', (size_t)(from - to)) != NULL)
		return 0;
	from += sizeof mid - 1;
	if (memchr(from, ' ', (size_t)(end - from)) != NULL)
		return 0;
	column_words(b, to, (size_t)(from - (sizeof mid - 1) - to));
	buf_addf(b, " is earlier than %s ", one ? "its" : "their");
	column_words(b, from, (size_t)(end - from));
	return 1;
}

char *
packet_cnote_text(const struct packet_cnote *const *v, size_t n)
{
	struct buf b = BUF_INIT, why = BUF_INIT;
	char per[48], num[48];
	long total = 0;

	for (size_t i = 0; i < n; i++)
		total += v[i]->count;
	if (n > 0 && left_out_reason(v[0]->what, total == 1, &why)) {
		if (n == 1)
			buf_addf(&b, "In %s, ", packet_period_long(&v[0]->period, per, sizeof per));
		buf_addf(&b, "%s %s left out of %s because %s %s", num_format((double)total, 0, num,
		    sizeof num), total == 1 ? "record was" : "records were", n == 1 ? "the figure" :
		    "these figures", total == 1 ? "its" : "their", why.s);
		for (size_t i = 0; n > 1 && i < n; i++)
			buf_addf(&b, "%s%s in %s", i == 0 ? ": " : i + 1 == n ? " and " : ", ",
			    num_format((double)v[i]->count, 0, num, sizeof num),
			    packet_period_long(&v[i]->period, per, sizeof per));
		buf_addch(&b, '.');
	} else {
		/* A note of another kind: its own words, period by period. */
		for (size_t i = 0; i < n; i++) {
			int one = v[i]->count == 1 && strncmp(v[i]->what, "records ", 8) == 0;

			buf_addf(&b, "%s%s: %s %s%s", i == 0 ? "" : "; ",
			    packet_period_long(&v[i]->period, per, sizeof per),
			    num_format((double)v[i]->count, 0, num, sizeof num),
			    one ? "record " : "", one ? v[i]->what + 8 : v[i]->what);
		}
		buf_addch(&b, '.');
	}
	buf_release(&why);
	return buf_detach(&b);
}

/* "month"/"months" and friends for the metric's frequency. */
static const char *
unit_word(enum period_kind k, long count)
{
	static const char *const one[] = { "month", "quarter", "week", "year", "fiscal year" };
	static const char *const many[] = { "months", "quarters", "weeks", "years", "fiscal years" };

	return count == 1 ? one[k] : many[k];
}

static const char *
ordinal(int k, char *buf, size_t n)
{
	static const char *const w[] = { "", "first", "second", "third", "fourth", "fifth", "sixth",
	    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth" };

	if (k >= 1 && k <= 12)
		return w[k];
	snprintf(buf, n, "%dth", k);
	return buf;
}

/* The period's name as used mid-sentence: "October" within the same year context, else long. */
static char *
when(const struct period *p, char *buf, size_t n)
{
	if (p->kind == PERIOD_MONTH)
		snprintf(buf, n, "%s", month_names[p->n - 1]);
	else
		packet_period_long(p, buf, n);
	return buf;
}

/* "up 7 calls from September", "down 0.3 points from October 2025". */
static void
change_phrase(struct buf *b, const struct metric *m, double d, const struct period *from,
    int long_name)
{
	char num[64], per[48];

	if (long_name)
		packet_period_long(from, per, sizeof per);
	else
		when(from, per, sizeof per);
	if (fabs(d) < 0.5 * pow(10, -m->decimals)) {
		buf_addf(b, "unchanged from %s", per);
		return;
	}
	if (is_pct(m)) {
		char pts[48];

		snprintf(num, sizeof num, "%s points", number(m, d, 0, pts, sizeof pts));
	} else
		with_unit(m, fabs(d), 0, 0, num, sizeof num);
	buf_addf(b, "%s %s from %s", d > 0 ? "up" : "down", num, per);
}

/* Consecutive points at the end on one side of the mean (R4) or moving one way (R2). */
static int
tail_run(const struct analysis *a, int trend)
{
	const struct trend_result *r = &a->trend;
	size_t last = r->latest;
	int k = 1, side;

	if (last >= r->n)
		return 0;
	if (trend) {
		side = 0;
		for (size_t i = last; i > 0 && !isnan(a->values[i - 1]); i--) {
			int s = a->values[i] > a->values[i - 1] ? 1 : a->values[i] < a->values[i - 1] ?
			    -1 : 0;

			if (s == 0 || (side != 0 && s != side))
				break;
			side = s;
			k++;
		}
		return k;
	}
	side = a->values[last] > r->points[last].mean ? 1 : -1;
	for (size_t i = last; i > 0; i--) {
		double v = a->values[i - 1];

		if (isnan(v) || (v > r->points[i - 1].mean ? 1 : -1) != side ||
		    v == r->points[i - 1].mean)
			break;
		k++;
	}
	return k;
}

/* A rate: "+2.1 calls", "−0.2 points", "−$12k"; a place more when it would print as zero. */
static char *
rate(const struct metric *m, double d, char *buf, size_t n)
{
	struct metric fine = *m;
	char num[48];

	while (fine.decimals < m->decimals + 3 && fabs(d) < 0.5 * pow(10, -fine.decimals))
		fine.decimals++;
	if (is_pct(m))
		snprintf(buf, n, "%s%s points", d < 0 ? MINUS : "+", number(&fine, d, 0, num,
		    sizeof num));
	else
		snprintf(buf, n, "%s%s", d < 0 ? MINUS : "+", with_unit(&fine, fabs(d), 0, 1, num,
		    sizeof num));
	return buf;
}

/* The special-cause sentence for the latest point, or NULL for common cause. */
static char *
signal_sentence(const struct packet_metric *pm)
{
	const struct analysis *a = &pm->a;
	const struct trend_result *r = &a->trend;
	const struct trend_point *pt;
	enum period_kind kind = period_freq_kind(pm->m->freq);
	struct buf b = BUF_INIT;
	char lim[128], mean[48], per[48];
	int k;

	if (r->n == 0 || r->stale || r->latest >= r->n)
		return NULL;
	pt = &r->points[r->latest];
	if (pt->rule == TREND_RULE_NONE)
		return NULL;
	buf_adds(&b, pt->type == TREND_SPECIAL_IMPROVEMENT ? "Special cause, improvement: " :
	    pt->type == TREND_SPECIAL_CONCERN ? "Special cause, concern: " : "Special cause: ");
	switch (pt->rule) {
	case TREND_RULE_OUTSIDE_LIMITS:
		buf_addf(&b, "the latest figure is outside the process limits (%s), so something "
		    "changed; this is not noise.", range(pm->m, pt->lpl, pt->upl, lim, sizeof lim));
		break;
	case TREND_RULE_TREND:
		k = tail_run(a, 1);
		buf_addf(&b, "%d %s in a row %s, a real trend rather than noise.", k,
		    unit_word(kind, k), pt->sign > 0 ? "rising" : "falling");
		break;
	case TREND_RULE_TWO_IN_THREE:
		buf_addf(&b, "two of the last three figures are close to the %s process limit, an "
		    "early sign of a shift.", pt->sign > 0 ? "upper" : "lower");
		break;
	default:
		k = tail_run(a, 0);
		buf_addf(&b, "%d %s running %s the average of %s, a real shift rather than noise.",
		    k, unit_word(kind, k), pt->sign > 0 ? "above" : "below",
		    packet_fmt_value(pm->m, pt->mean, 0, mean, sizeof mean));
		if (k >= 12 && r->latest + 1 >= (size_t)k)
			buf_addf(&b, " If the process was changed on purpose, record a rebase from %s so "
			    "its limits describe the new level.", packet_period_long(
			    &a->periods[r->latest + 1 - (size_t)k], per, sizeof per));
		break;
	}
	return buf_detach(&b);
}

/* Is the standing at i "missed" (near or off)? */
static int
missed(enum status_level l)
{
	return l == STATUS_NEAR || l == STATUS_OFF;
}

/* The finding for a metric without a target: did anything unusual happen? */
static void
finding_no_target(const struct packet_metric *pm, const char *v, const char *w, struct buf *b,
    int *colon)
{
	const struct trend_result *r = &pm->a.trend;
	enum period_kind kind = period_freq_kind(pm->m->freq);
	const struct trend_point *pt = r->n && r->latest < r->n ? &r->points[r->latest] : NULL;
	int k;

	*colon = 1;
	if (pt == NULL || pt->rule == TREND_RULE_NONE) {
		buf_addf(b, "%s in %s, within its usual range", v, w);
	} else if (pt->rule == TREND_RULE_OUTSIDE_LIMITS) {
		*colon = 0;
		buf_addf(b, "unusually %s in %s (%s), outside its usual range",
		    pt->sign > 0 ? "high" : "low", w, v);
	} else if (pt->rule == TREND_RULE_TREND) {
		*colon = 0;
		k = tail_run(&pm->a, 1);
		buf_addf(b, "%s for %d %s in a row", pt->sign > 0 ? "rising" : "falling", k,
		    unit_word(kind, k));
	} else if (pt->rule == TREND_RULE_RUN) {
		*colon = 0;
		k = tail_run(&pm->a, 0);
		buf_addf(b, "%s its average for %d %s running", pt->sign > 0 ? "above" : "below", k,
		    unit_word(kind, k));
	} else {
		buf_addf(b, "%s in %s, near the edge of its usual range", v, w);
	}
}

/* The finding for a metric with a target: where it stands and for how long. */
static void
finding_target(const struct packet_metric *pm, const char *t, const char *w, struct buf *b)
{
	const struct metric *m = pm->m;
	enum status_level l = pm->a.status.level;
	enum period_kind kind = period_freq_kind(m->freq);
	int lower = m->direction == DIR_LOWER, neutral = m->direction == DIR_NEUTRAL;
	const char *good = neutral ? "within" : lower ? "under" : "above";
	const char *bad = neutral ? "outside" : lower ? "above" : "below";
	size_t n = pm->a.n;
	int before_missed = (size_t)pm->run < n && missed(pm->level[n - 1 - (size_t)pm->run]);
	char o[16];

	if (missed(l)) {
		if (pm->run >= 12 && (size_t)pm->run == n)
			buf_addf(b, "%s target in all %d %s on record", bad, pm->run,
			    unit_word(kind, pm->run));
		else if (pm->run >= 2)
			buf_addf(b, "%s target for %d %s running", bad, pm->run,
			    unit_word(kind, pm->run));
		else if (l == STATUS_NEAR)
			buf_addf(b, "just %s target in %s, within the tolerance band", bad, w);
		else
			buf_addf(b, "%s %s target in %s", neutral ? "moved" : lower ? "rose" : "fell",
			    bad, w);
	} else if (neutral) {
		buf_addf(b, "within the target band around %s", t);
	} else if (pm->run == 1 && before_missed) {
		buf_addf(b, "back %s %s", good, t);
	} else if (before_missed && pm->run <= 6) {
		buf_addf(b, "back %s %s for the %s %s", good, t, ordinal(pm->run, o, sizeof o),
		    unit_word(kind, 1));
	} else if (pm->run >= 2) {
		buf_addf(b, "%s %s for %d %s running", good, t, pm->run, unit_word(kind, pm->run));
	} else {
		buf_addf(b, "%s %s in %s", good, t, w);
	}
	/* A special cause that runs against the standing is part of the finding. */
	if (missed(l) && pm->shift == 1)
		buf_adds(b, ", though improving");
	else if (l == STATUS_ON && pm->shift == -1)
		buf_adds(b, ", but worsening");
}

/* The finding: what happened, without the metric's name. *colon: join with ": ". */
static char *
finding(const struct packet_metric *pm, int *colon)
{
	const struct metric *m = pm->m;
	const struct status_row *st = &pm->a.status;
	char v[48], t[48], w[48], last[48];
	struct buf b = BUF_INIT;

	*colon = 0;
	packet_fmt_value(m, st->value, 0, v, sizeof v);
	packet_fmt_target(m, st->target, t, sizeof t);
	when(&pm->at, w, sizeof w);
	if (st->level == STATUS_MISSING) {
		*colon = 1;
		if (st->has_latest)
			buf_addf(&b, "no figure yet for %s (last reported %s)",
			    packet_period_long(&pm->at, w, sizeof w),
			    packet_period_long(&st->latest, last, sizeof last));
		else
			buf_adds(&b, "no figures recorded yet");
	} else if (st->level == STATUS_NO_TARGET) {
		finding_no_target(pm, v, w, &b, colon);
	} else {
		finding_target(pm, t, w, &b);
	}
	return buf_detach(&b);
}

static char *
detail(const struct packet_metric *pm)
{
	const struct metric *m = pm->m;
	const struct status_row *st = &pm->a.status;
	struct buf b = BUF_INIT;
	char v[48], t[48];
	struct period prev = period_add(&pm->at, -1), year = period_year_ago(&pm->at);

	if (!st->has_value)
		return NULL;
	buf_adds(&b, packet_fmt_value(m, st->value, 0, v, sizeof v));
	if (st->has_target)
		buf_addf(&b, " against a target of %s", packet_fmt_target(m, st->target, t,
		    sizeof t));
	if (st->has_prev) {
		buf_adds(&b, "; ");
		change_phrase(&b, m, st->d_prev, &prev, 0);
	}
	if (st->has_year) {
		buf_adds(&b, st->has_prev ? " and " : "; ");
		change_phrase(&b, m, st->d_year, &year, 1);
	}
	buf_addch(&b, '.');
	return buf_detach(&b);
}

static char *
forecast(const struct packet_metric *pm)
{
	const struct metric *m = pm->m;
	const struct trend_result *r = &pm->a.trend;
	enum period_kind kind = period_freq_kind(m->freq);
	const struct trend_point *pt = r->n && r->latest < r->n ? &r->points[r->latest] : NULL;
	char lim[128], s[64];
	struct buf b = BUF_INIT;
	int away;

	if (!pm->a.params.has_target || pt == NULL)
		return NULL;
	if (r->stale) {
		char at[48], last[48];
		enum status_level l = pm->level[r->latest];

		buf_addf(&b, "With no figure for %s there is no forecast; the last one, for %s, was %s.",
		    packet_period_long(&pm->at, at, sizeof at),
		    packet_period_long(&pm->a.periods[r->latest], last, sizeof last),
		    l == STATUS_ON ? "on target" : l == STATUS_NEAR ? "near target" : "off target");
		return buf_detach(&b);
	}
	range(m, pt->lpl, pt->upl, lim, sizeof lim);
	/* Limits computed across a shift describe neither level: say so before judging. */
	if (pm->shift != 0 && r->forecast != TREND_FORECAST_ON_TARGET) {
		buf_adds(&b, "The figures have moved away from their old level, so limits computed "
		    "over the whole period no longer describe the process; if the change lasts, a "
		    "rebase in the catalog would judge the target against the new level. ");
	} else if (r->needs_change) {
		buf_addf(&b, "The target is outside what this process delivers: its limits (%s) "
		    "exclude it, so it will not be met without changing the process.", lim);
		return buf_detach(&b);
	}
	if (r->forecast == TREND_FORECAST_ON_TARGET) {
		if (r->assurance == TREND_ASSURANCE_PASS)
			buf_addf(&b, "The process consistently meets the target: even its limits (%s) "
			    "are on the right side of it.", lim);
		else
			buf_addf(&b, "On target now, but the target lies inside the process limits "
			    "(%s): expect it to be missed from time to time.", lim);
	} else if (r->forecast == TREND_FORECAST_PERIODS) {
		long k = (long)r->periods_to_target, year = period_per_year(kind);

		rate(m, r->sen_slope, s, sizeof s);
		/* "In about 1,782 months" is no forecast: past three years, say so plainly. */
		if (k > 3 * year)
			buf_addf(&b, "The figures are moving towards the target only slowly (%s a %s): "
			    "at this rate it is more than three years away.", s, unit_word(kind, 1));
		else
			buf_addf(&b, "At the current rate (%s a %s) the target is reached in about %ld "
			    "%s.", s, unit_word(kind, 1), k, unit_word(kind, k));
	} else {
		/* Moving away: the slope, as printed, points the wrong way for the direction. */
		away = !isnan(r->sen_slope) && fabs(r->sen_slope) >= 0.5 * pow(10, -m->decimals) &&
		    ((m->direction == DIR_LOWER) == (r->sen_slope > 0));
		if (away) {
			rate(m, r->sen_slope, s, sizeof s);
			buf_addf(&b, "The figures are moving away from the target (%s a %s), so at the "
			    "current rate it will not be reached.", s, unit_word(kind, 1));
		} else {
			buf_adds(&b, "The figures are flat, so at the current rate the target will not "
			    "be reached.");
		}
		if (r->assurance == TREND_ASSURANCE_INCONSISTENT && pm->shift == 0)
			buf_addf(&b, " It lies inside the process limits (%s), so it may still be hit "
			    "now and then.", lim);
	}
	return buf_detach(&b);
}

void
packet_sentences(struct packet_metric *pm)
{
	int colon;
	char *f = finding(pm, &colon);

	pm->finding = f;
	pm->headline = xasprintf("%s%s%s", pm->m->name, colon ? ": " : " ", f);
	pm->detail = detail(pm);
	pm->signal = signal_sentence(pm);
	pm->forecast = forecast(pm);
}

const char *
packet_period_noun(enum period_kind k, size_t n)
{
	return unit_word(k, (long)n);
}

/* "F-12 (cut lift-assist repeat callers)": the item lower-cased when it starts a plain word. */
static void
followup_name(struct buf *b, const struct cy_action *a)
{
	const char *t = a->text ? a->text : "";

	buf_addf(b, "F-%lld (", a->id);
	if (t[0] >= 'A' && t[0] <= 'Z' && t[1] >= 'a' && t[1] <= 'z') {
		buf_addch(b, (char)(t[0] - 'A' + 'a'));
		t++;
	}
	buf_addf(b, "%s)", t);
}

char *
packet_effect_text(const struct packet_metric *pm, const struct cy_action *a,
    const struct period *done, const struct trend_effect *r)
{
	struct buf b = BUF_INIT;
	enum period_kind kind = done->kind;
	char when_s[48], mean[64];
	int dir = pm->m->direction == DIR_LOWER ? -1 : pm->m->direction == DIR_HIGHER ? 1 : 0;
	int side;
	size_t k;

	packet_period_long(done, when_s, sizeof when_s);
	if (r->verdict == TREND_EFFECT_TOO_FEW_BEFORE) {
		buf_adds(&b, "Follow-up ");
		followup_name(&b, a);
		buf_addf(&b, " was done in %s, but %s %zu %s before it %s figures: at least %zu are "
		    "needed to tell whether it worked.", when_s, r->nbefore ? "only" : "",
		    r->nbefore, packet_period_noun(kind, r->nbefore), r->nbefore == 1 ? "has" : "have",
		    r->need_before);
		return buf_detach(&b);
	}
	packet_fmt_value(pm->m, r->mean, 0, mean, sizeof mean);
	/* The side the counts speak of: the signal's, else the better one, else the larger. */
	side = r->sign ? r->sign : dir ? dir : r->above >= r->below ? 1 : -1;
	k = side > 0 ? r->above : r->below;
	if (r->verdict == TREND_EFFECT_TOO_FEW_AFTER) {
		buf_adds(&b, "Follow-up ");
		followup_name(&b, a);
		if (r->nafter == 0) {
			buf_addf(&b, " was done in %s; no %s since has a figure yet, so it is too early "
			    "to tell whether it worked.", when_s, packet_period_noun(kind, 1));
			return buf_detach(&b);
		}
		buf_addf(&b, " was done in %s; %zu %s since %s figures, %zu %s the former average "
		    "of %s: too few to tell yet (%zu are needed, or one beyond the former limits).",
		    when_s, r->nafter, packet_period_noun(kind, r->nafter), r->nafter == 1 ? "has" :
		    "have", k, side > 0 ? "above" : "below", mean, r->need_after);
		return buf_detach(&b);
	}
	buf_adds(&b, "Since follow-up ");
	followup_name(&b, a);
	buf_addf(&b, " was done in %s, %zu of %zu %s %s been %s the former average of %s", when_s,
	    k, r->nafter, packet_period_noun(kind, r->nafter), r->nafter == 1 ? "has" : "have",
	    side > 0 ? "above" : "below", mean);
	switch (r->verdict) {
	case TREND_EFFECT_NO_CHANGE:
		buf_adds(&b, " and none beyond its former limits: no real change yet.");
		break;
	default:
		if (r->beyond)
			buf_addf(&b, ", %zu beyond its former limits", r->beyond);
		buf_addf(&b, ": a real change, %s.", r->verdict == TREND_EFFECT_IMPROVEMENT ?
		    "an improvement" : r->verdict == TREND_EFFECT_DETERIORATION ? "for the worse" :
		    r->verdict == TREND_EFFECT_UP ? "upwards" : "downwards");
		break;
	}
	return buf_detach(&b);
}

char *
packet_day_long(const char *iso, int weekday, char *buf, size_t n)
{
	static const char *const days[] = { "Thursday", "Friday", "Saturday", "Sunday", "Monday",
	    "Tuesday", "Wednesday" };	/* 1970-01-01 was a Thursday */
	struct period m;
	int y, mo, d;
	char month[48];

	if (sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31) {
		snprintf(buf, n, "%s", iso);
		return buf;
	}
	m = (struct period){ PERIOD_MONTH, y, mo };
	packet_period_long(&m, month, sizeof month);
	snprintf(buf, n, "%s%s%d %s", weekday ? days[((period_days_from_civil(y, mo, d) % 7) + 7) %
	    7] : "", weekday ? " " : "", d, month);
	return buf;
}
