/*
** catalog.c: read a catalog YAML document into struct catalog and check it as a whole
** (see catalog.h). Every problem found is reported, not only the first, each with the
** location of the key or value it concerns.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/catalog.h"
#include "kpistat/xmalloc.h"
#include "kpistat/yml.h"
#include "catalog_int.h"

void
ck_report(struct ck *ck, const struct yml_node *at, const char *fmt, ...)
{
	char where[600], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	yml_where(ck->doc, at ? at->line : 1, at ? at->col : 1, where, sizeof where);
	diags_add(ck->d, KP_DATA, where, "%s", msg);
	ck->bad++;
}

/* A code: lower-case letters, digits, '_', '.', '-', starting with a letter or digit. */
int
ck_valid_code(const char *s)
{
	if (*s == '\0' || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_' && *s != '.' && *s != '-')
			return 0;
	return 1;
}

/* The scalar text under `key`, or NULL when absent; reports a non-scalar. */
const char *
ck_str(struct ck *ck, const struct yml_node *map, const char *key, const char *what,
    int required)
{
	const struct yml_node *v = yml_get(map, key);

	if (v == NULL || (yml_is_null(v) && required)) {
		if (required)
			ck_report(ck, map, "%s: missing required key '%s'", what, key);
		return NULL;
	}
	if (v->type != YML_SCALAR) {
		ck_report(ck, v, "%s: '%s' must be %s, not %s", what, key,
		    yml_type_name(YML_SCALAR), yml_type_name(v->type));
		return NULL;
	}
	if (yml_is_null(v))
		return NULL;
	return v->text;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* An integer in [lo, hi] under `key`, else `dflt` (reporting a bad one). */
static int
get_int(struct ck *ck, const struct yml_node *map, const char *key, const char *what,
    int lo, int hi, int dflt)
{
	const char *s = ck_str(ck, map, key, what, 0);
	char *end;
	long v;

	if (s == NULL)
		return dflt;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		ck_report(ck, yml_get(map, key), "%s: bad %s '%s': expected a whole number %d..%d",
		    what, key, s, lo, hi);
		return dflt;
	}
	return (int)v;
}

/* The list under `key` (NULL when absent or null); reports a non-list. */
const struct yml_node *
ck_list(struct ck *ck, const struct yml_node *map, const char *key, const char *what)
{
	const struct yml_node *v = yml_get(map, key);

	if (v == NULL || yml_is_null(v))
		return NULL;
	if (v->type != YML_SEQ) {
		ck_report(ck, v, "%s: '%s' must be a list (- item lines or [a, b]), not %s",
		    what, key, yml_type_name(v->type));
		return NULL;
	}
	return v;
}

int
ck_map(struct ck *ck, const struct yml_node *n, const char *what)
{
	if (n->type == YML_MAP)
		return 1;
	ck_report(ck, n, "%s must be a mapping of key: value lines, not %s", what,
	    yml_type_name(n->type));
	return 0;
}

static void
read_departments(struct ck *ck, const struct yml_node *list, struct catalog *c)
{
	size_t cap = 0;

	for (size_t i = 0; list && i < list->n; i++) {
		const struct yml_node *n = list->items[i];
		struct department *d;
		const char *code, *name;
		char what[300];

		if (!ck_map(ck, n, "a department"))
			continue;
		code = ck_str(ck, n, "code", "department", 1);
		snprintf(what, sizeof what, "department '%s'", code ? code : "?");
		name = ck_str(ck, n, "name", code ? what : "department", 1);
		if (code == NULL || name == NULL)
			continue;
		if (!ck_valid_code(code)) {
			ck_report(ck, yml_get(n, "code"), "department code '%s': use lower-case letters, "
			    "digits, '_', '.' or '-'", code);
			continue;
		}
		if (catalog_dept(c, code) != NULL) {
			ck_report(ck, yml_get(n, "code"), "department '%s' is defined twice", code);
			continue;
		}
		c->depts = xgrow(c->depts, &cap, c->ndepts + 1, sizeof *c->depts);
		d = &c->depts[c->ndepts++];
		d->code = xstrdup(code);
		d->name = xstrdup(name);
		d->head = dup_or_null(ck_str(ck, n, "head", what, 0));
	}
}

/* Tolerance: "10%" (of the target) or a number (in the metric's units), >= 0. */
static void
read_tolerance(struct ck *ck, const struct yml_node *n, const char *what, struct target *t)
{
	struct kp_err e;
	const char *s = ck_str(ck, n, "tolerance", what, 0);
	size_t len;
	double v;

	if (s == NULL)
		return;
	len = strlen(s);
	t->tol_pct = len > 0 && s[len - 1] == '%';
	if (num_parse(s, t->tol_pct ? NUM_PCT_POINTS : NUM_PCT_REJECT, NULL, &v, &e) < 0 || v < 0) {
		ck_report(ck, yml_get(n, "tolerance"), "%s: bad tolerance '%s': expected a percentage "
		    "of the target such as 10%% or a number in the metric's units such as 0.5",
		    what, s);
		return;
	}
	t->has_tol = 1;
	t->tol = v;
}

/* Targets start on the first day of their `from` in the city's fiscal calendar (fy_start). */
static void
read_targets(struct ck *ck, const struct yml_node *list, struct metric *m, int fy_start)
{
	char what[300];
	size_t cap = 0;

	snprintf(what, sizeof what, "metric '%s': target", m->code);
	for (size_t i = 0; list && i < list->n; i++) {
		const struct yml_node *n = list->items[i];
		const char *value, *from;
		struct target t;
		struct kp_err e;

		if (!ck_map(ck, n, what))
			continue;
		memset(&t, 0, sizeof t);
		value = ck_str(ck, n, "value", what, 1);
		from = ck_str(ck, n, "from", what, 1);
		if (value && num_parse(value, num_pct_for_unit(m->unit), m->unit, &t.value, &e) < 0)
			ck_report(ck, yml_get(n, "value"), "%s: %s", what, e.msg);
		else if (value && catalog_out_of_bounds(m, t.value, e.msg, sizeof e.msg))
			ck_report(ck, yml_get(n, "value"), "%s: %s: a target is a figure the metric "
			    "can have", what, e.msg);
		else if (from && period_parse(from, &t.from, &e) < 0)
			ck_report(ck, yml_get(n, "from"), "%s: %s", what, e.msg);
		else if (value && from) {
			read_tolerance(ck, n, what, &t);
			for (size_t j = 0; j < m->ntargets; j++)
				if (period_first_day(&m->targets[j].from, fy_start) ==
				    period_first_day(&t.from, fy_start))
					ck_report(ck, yml_get(n, "from"), "%s: two targets from %s", what, from);
			m->targets = xgrow(m->targets, &cap, m->ntargets + 1, sizeof *m->targets);
			m->targets[m->ntargets++] = t;
		}
	}
	if (m->ntargets > 1)
		catalog_sort_targets(m, fy_start);
}

static void
read_rebase(struct ck *ck, const struct yml_node *list, struct metric *m)
{
	size_t cap = 0;

	for (size_t i = 0; list && i < list->n; i++) {
		const struct yml_node *n = list->items[i];
		struct kp_err e;
		struct period p;

		if (n->type != YML_SCALAR || period_parse(n->text, &p, &e) < 0) {
			ck_report(ck, n, "metric '%s': rebase: %s", m->code,
			    n->type == YML_SCALAR ? e.msg : "expected a list of periods");
			continue;
		}
		if (p.kind != period_freq_kind(m->freq)) {
			ck_report(ck, n, "metric '%s': rebase period '%s' is not a %s, as the metric's "
			    "frequency needs", m->code, n->text, period_kind_name(period_freq_kind(m->freq)));
			continue;
		}
		m->rebase = xgrow(m->rebase, &cap, m->nrebase + 1, sizeof *m->rebase);
		m->rebase[m->nrebase++] = p;
	}
}

/* min: or max: a number in the metric's unit ('%' as for its figures). */
static void
read_bound(struct ck *ck, const struct yml_node *n, const char *key, const char *what,
    const struct metric *m, int *has, double *v)
{
	const char *s = ck_str(ck, n, key, what, 0);
	struct kp_err e;

	if (s == NULL)
		return;
	if (num_parse(s, num_pct_for_unit(m->unit), m->unit, v, &e) < 0) {
		ck_report(ck, yml_get(n, key), "%s: %s: %s", what, key, e.msg);
		return;
	}
	*has = 1;
}

static void
read_metric(struct ck *ck, const struct yml_node *n, struct catalog *c, struct metric *m)
{
	const char *code, *name, *dept, *s;
	char what[300];

	memset(m, 0, sizeof *m);
	code = ck_str(ck, n, "code", "metric", 1);
	snprintf(what, sizeof what, "metric '%s'", code ? code : "?");
	if (code != NULL && !ck_valid_code(code))
		ck_report(ck, yml_get(n, "code"), "metric code '%s': use lower-case letters, digits, "
		    "'_', '.' or '-' (e.g. permits.review_days)", code);
	m->code = xstrdup(code ? code : "?");
	name = ck_str(ck, n, "name", what, 1);
	m->name = xstrdup(name ? name : m->code);
	dept = ck_str(ck, n, "department", what, 1);
	if (dept != NULL && catalog_dept(c, dept) == NULL)
		ck_report(ck, yml_get(n, "department"), "%s: department '%s' is not defined under "
		    "'departments'", what, dept);
	m->department = xstrdup(dept ? dept : "?");
	s = ck_str(ck, n, "unit", what, 0);
	m->unit = xstrdup(s ? s : "");
	m->decimals = get_int(ck, n, "decimals", what, 0, 6, 0);
	s = ck_str(ck, n, "direction", what, 1);
	if (s != NULL && catalog_direction_parse(s, &m->direction) < 0)
		ck_report(ck, yml_get(n, "direction"), "%s: bad direction '%s': expected higher, "
		    "lower or neutral (which way is better)", what, s);
	s = ck_str(ck, n, "frequency", what, 0);
	if (s != NULL && period_freq_parse(s, &m->freq) < 0)
		ck_report(ck, yml_get(n, "frequency"), "%s: bad frequency '%s': expected monthly, "
		    "quarterly, weekly, yearly or fiscal_yearly", what, s);
	else if (s == NULL)
		m->freq = FREQ_MONTHLY;
	s = ck_str(ck, n, "rollup", what, 0);
	m->rollup = ROLLUP_MEAN;
	if (s != NULL && catalog_rollup_parse(s, &m->rollup) < 0)
		ck_report(ck, yml_get(n, "rollup"), "%s: bad rollup '%s': expected sum, mean or last",
		    what, s);
	read_bound(ck, n, "min", what, m, &m->has_min, &m->min);
	read_bound(ck, n, "max", what, m, &m->has_max, &m->max);
	if (m->has_min && m->has_max && m->min > m->max)
		ck_report(ck, yml_get(n, "max"), "%s: max: is below min:: expected min <= max", what);
	m->description = dup_or_null(ck_str(ck, n, "description", what, 0));
	m->source = dup_or_null(ck_str(ck, n, "source", what, 0));
	read_targets(ck, ck_list(ck, n, "targets", what), m, c->fy_start);
	read_rebase(ck, ck_list(ck, n, "rebase", what), m);
	m->computed = yml_get(n, "compute") != NULL && !yml_is_null(yml_get(n, "compute"));
	if (m->computed)
		m->compute = ck_compute(ck, yml_get(n, "compute"), c, m);
	if (yml_get(n, "ratio") != NULL && (m->ratio = ck_ratio(ck, yml_get(n, "ratio"), m)) != NULL)
		m->computed = 1;	/* its figures come from `kpistat compute`, not by hand */
}

static void
read_metrics(struct ck *ck, const struct yml_node *list, struct catalog *c)
{
	size_t cap = 0;

	if (list != NULL && list->n > CATALOG_MAX_METRICS) {
		ck_report(ck, list, "catalog: %zu metrics: a catalog takes at most %d (a city's "
		    "performance programs hold hundreds)", list->n, CATALOG_MAX_METRICS);
		return;
	}
	for (size_t i = 0; list && i < list->n; i++) {
		const struct yml_node *n = list->items[i];
		struct metric m;

		if (!ck_map(ck, n, "a metric"))
			continue;
		read_metric(ck, n, c, &m);
		if (catalog_metric(c, m.code) != NULL) {
			ck_report(ck, yml_get(n, "code"), "metric '%s' is defined twice", m.code);
			c->metrics = xgrow(c->metrics, &cap, c->nmetrics + 1, sizeof *c->metrics);
			c->metrics[c->nmetrics++] = m;	/* kept so that release frees it */
			continue;
		}
		c->metrics = xgrow(c->metrics, &cap, c->nmetrics + 1, sizeof *c->metrics);
		c->metrics[c->nmetrics++] = m;
	}
}

static void
read_programs(struct ck *ck, const struct yml_node *list, struct catalog *c)
{
	size_t cap = 0;

	for (size_t i = 0; list && i < list->n; i++) {
		const struct yml_node *n = list->items[i], *ms;
		struct program *p;
		const char *code, *title;
		char what[300];
		size_t mcap = 0;

		if (!ck_map(ck, n, "a program"))
			continue;
		/* DESIGN.md calls the key `code`; people also write `name`. */
		code = yml_get(n, "code") ? ck_str(ck, n, "code", "program", 1) :
		    ck_str(ck, n, "name", "program", 0);
		if (code == NULL) {
			ck_report(ck, n, "program: missing required key 'code' (or 'name')");
			continue;
		}
		snprintf(what, sizeof what, "program '%s'", code);
		if (!ck_valid_code(code)) {
			ck_report(ck, n, "%s: use lower-case letters, digits, '_', '.' or '-' in its code", what);
			continue;
		}
		if (catalog_program(c, code) != NULL) {
			ck_report(ck, n, "%s is defined twice", what);
			continue;
		}
		title = ck_str(ck, n, "title", what, 0);
		c->programs = xgrow(c->programs, &cap, c->nprograms + 1, sizeof *c->programs);
		p = &c->programs[c->nprograms++];
		memset(p, 0, sizeof *p);
		p->code = xstrdup(code);
		p->title = xstrdup(title ? title : code);
		p->template = dup_or_null(ck_str(ck, n, "template", what, 0));
		ms = ck_list(ck, n, "metrics", what);
		for (size_t j = 0; ms && j < ms->n; j++) {
			const struct yml_node *mn = ms->items[j];

			if (mn->type != YML_SCALAR || catalog_metric(c, mn->text) == NULL) {
				ck_report(ck, mn, "%s: metric '%s' is not defined under 'metrics'", what,
				    mn->type == YML_SCALAR ? mn->text : "?");
				continue;
			}
			p->metrics = xgrow(p->metrics, &mcap, p->nmetrics + 1, sizeof *p->metrics);
			p->metrics[p->nmetrics++] = xstrdup(mn->text);
		}
	}
}

int
catalog_load_file(const char *path, struct catalog *out, struct diags *d)
{
	struct yml_doc doc = { NULL, NULL };
	struct kp_err e;
	struct ck ck = { &doc, d, 0 };
	const struct yml_node *root, *depts, *metrics;
	struct catalog c;
	const char *city;

	catalog_init(&c);
	if (yml_load_file(path, &doc, &e) < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	root = doc.root;
	if (root == NULL || root->type != YML_MAP) {
		ck_report(&ck, root, "a catalog is a mapping with departments, metrics and programs; "
		    "this file holds %s", root ? yml_type_name(root->type) : "nothing");
		goto out;
	}
	city = ck_str(&ck, root, "city", "catalog", 0);
	c.city = dup_or_null(city);
	c.fy_start = get_int(&ck, root, "fiscal_year_start", "catalog", 1, 12, 7);
	depts = ck_list(&ck, root, "departments", "catalog");
	metrics = ck_list(&ck, root, "metrics", "catalog");
	if (depts == NULL)
		ck_report(&ck, root, "catalog: missing required key 'departments'");
	if (metrics == NULL)
		ck_report(&ck, root, "catalog: missing required key 'metrics'");
	read_departments(&ck, depts, &c);
	/* Datasets first: compute blocks are checked against them, wherever the file puts them. */
	ck_datasets(&ck, ck_list(&ck, root, "datasets", "catalog"), &c);
	ck_geographies(&ck, ck_list(&ck, root, "geographies", "catalog"), &c, path);
	ck_geo_links(&ck, yml_get(root, "datasets"), &c);
	read_metrics(&ck, metrics, &c);
	ck_geo_measures(&ck, metrics, &c);
	ck_ratios(&ck, metrics, &c);
	read_programs(&ck, ck_list(&ck, root, "programs", "catalog"), &c);
out:
	yml_doc_release(&doc);
	if (ck.bad) {
		catalog_release(&c);
		return -1;
	}
	*out = c;
	return 0;
}
