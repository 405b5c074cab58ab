/*
** catalog_geo.c: the catalog's geographies and the datasets' links to them.
**
**   geographies:
**     - name: council_districts
**       id_property: coun_dist            # required
**       name_property: name               # optional; population_property too
**       label: District                   # optional: "District 3" in sentences
**       file: districts.geojson           # one set of lines, or vintages:
**       versions:
**         - { file: districts_2013.geojson, from: 2014-01, to: 2022-12 }
**         - { file: districts_2023.geojson, from: 2023-01 }
**       groups: { green_zones: [3, 5, 6] }   # or { green_zones: { property: green_zone } }:
**                                          # the areas whose boolean property is true
**   datasets:
**     - name: cases
**       geography: { council_dist: council_districts }
**       # or { council_dist: { geography: council_districts, prefix: NYCC } }
**
** Each file is read (relative to the catalog's directory), checked and simplified once here
** (geo.h); a problem in it is a catalog problem, reported with the file and feature. Vintages
** are sorted by from; two with the same from overlap, and a `to` must end right before the
** next version's from (else a gap or an overlap).
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/geo.h"
#include "kpistat/xmalloc.h"
#include "catalog_int.h"

#define MAP_WIDTH_PT	500	/* the widest map the packet draws */
#define SIMPLIFY_PT	0.2	/* what print needs */

const struct geography *
catalog_geography(const struct catalog *c, const char *name)
{
	for (size_t i = 0; i < c->ngeos; i++)
		if (strcmp(c->geos[i].name, name) == 0)
			return &c->geos[i];
	return NULL;
}

const struct geography *
catalog_metric_geography(const struct catalog *c, const struct metric *m,
    const struct geo_link **link)
{
	const struct compute *k = m->compute;

	/* A ratio's areas are its numerator's. */
	if (m->ratio != NULL && (m = catalog_metric(c, m->ratio->numerator)) != NULL &&
	    m->ratio == NULL)
		return catalog_metric_geography(c, m, link);
	if (k == NULL || k->breakdown == NULL)
		return NULL;
	for (size_t i = 0; i < c->nglinks; i++)
		if (strcmp(c->glinks[i].dataset, k->dataset) == 0 &&
		    strcmp(c->glinks[i].column, k->breakdown) == 0) {
			if (link != NULL)
				*link = &c->glinks[i];
			return catalog_geography(c, c->glinks[i].geography);
		}
	return NULL;
}

const struct geo_version *
catalog_geo_version(const struct geography *g, const struct period *p, int fy_start)
{
	const struct geo_version *best = NULL;
	long day = period_first_day(p, fy_start);

	for (size_t i = 0; i < g->nversions; i++) {
		const struct geo_version *v = &g->versions[i];

		if (v->has_from && period_first_day(&v->from, fy_start) > day)
			continue;
		if (v->has_to && period_last_day(&v->to, fy_start) < day)
			continue;
		best = v;
	}
	return best;
}

const struct geo_group *
catalog_geo_group(const struct geography *g, const char *name)
{
	for (size_t i = 0; i < g->ngroups; i++)
		if (strcmp(g->groups[i].name, name) == 0)
			return &g->groups[i];
	return NULL;
}

int
catalog_geo_group_of(const struct catalog *c, const struct compute *k,
    const struct geo_group **g, const char **prefix)
{
	const struct geography *geo;

	if (k->area == NULL || k->group == NULL)
		return -1;
	for (size_t i = 0; i < c->nglinks; i++) {
		const struct geo_link *l = &c->glinks[i];

		if (strcmp(l->dataset, k->dataset) != 0 || strcmp(l->column, k->area) != 0)
			continue;
		if ((geo = catalog_geography(c, l->geography)) == NULL ||
		    (*g = catalog_geo_group(geo, k->group)) == NULL)
			return -1;
		*prefix = l->prefix;
		return 0;
	}
	return -1;
}

/* "02" -> "2"; other text as it is. */
static const char *
tidy_id(const char *s, char *buf, size_t n)
{
	const char *p = s;

	while (*p == '0' && p[1] != '\0')
		p++;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			p = s;
	snprintf(buf, n, "%s", p);
	return buf;
}

const char *
catalog_geo_area_id(const struct geo_link *l, const char *value, char *buf, size_t n)
{
	size_t pl = l && l->prefix ? strlen(l->prefix) : 0;

	if (pl > 0) {
		if (strncmp(value, l->prefix, pl) != 0 || value[pl] == '\0') {
			*buf = '\0';
			return buf;
		}
		value += pl;
	}
	return tidy_id(value, buf, n);
}

static void
geography_release(struct geography *g)
{
	for (size_t i = 0; i < g->nversions; i++) {
		free(g->versions[i].file);
		free(g->versions[i].digest);
		if (g->versions[i].layer != NULL) {
			geo_layer_release(g->versions[i].layer);
			free(g->versions[i].layer);
		}
	}
	for (size_t i = 0; i < g->ngroups; i++) {
		ck_strv_free(g->groups[i].ids, g->groups[i].nids);
		free(g->groups[i].name);
		free(g->groups[i].property);
	}
	free(g->versions);
	free(g->groups);
	free(g->name);
	free(g->id_property);
	free(g->name_property);
	free(g->population_property);
	free(g->label);
}

void
catalog_geo_release(struct catalog *c)
{
	for (size_t i = 0; i < c->ngeos; i++)
		geography_release(&c->geos[i]);
	for (size_t i = 0; i < c->nglinks; i++) {
		free(c->glinks[i].dataset);
		free(c->glinks[i].column);
		free(c->glinks[i].geography);
		free(c->glinks[i].prefix);
	}
	ck_strv_free(c->warnings, c->nwarnings);
	free(c->geos);
	free(c->glinks);
	c->geos = NULL;
	c->glinks = NULL;
	c->warnings = NULL;
	c->ngeos = c->nglinks = c->nwarnings = 0;
}

/* ---- changes ------------------------------------------------------------------------- */

static int
same_geo(const struct geography *a, const struct geography *b)
{
	if (!ck_streq(a->id_property, b->id_property) || !ck_streq(a->name_property,
	    b->name_property) || !ck_streq(a->population_property, b->population_property) ||
	    !ck_streq(a->label, b->label) ||
	    a->nversions != b->nversions || a->ngroups != b->ngroups)
		return 0;
	for (size_t i = 0; i < a->nversions; i++) {
		const struct geo_version *x = &a->versions[i], *y = &b->versions[i];

		if (x->has_from != y->has_from || x->has_to != y->has_to ||
		    (x->has_from && period_key(&x->from) != period_key(&y->from)) ||
		    (x->has_from && x->from.kind != y->from.kind) ||
		    (x->has_to && period_key(&x->to) != period_key(&y->to)) ||
		    !ck_streq(x->digest, y->digest))
			return 0;
	}
	for (size_t i = 0; i < a->ngroups; i++)
		if (!ck_streq(a->groups[i].name, b->groups[i].name) ||
		    !ck_strv_equal(a->groups[i].ids, a->groups[i].nids, b->groups[i].ids,
		    b->groups[i].nids))
			return 0;
	return 1;
}

static const struct geo_link *
find_link(const struct catalog *c, const char *dataset, const char *column)
{
	for (size_t i = 0; i < c->nglinks; i++)
		if (strcmp(c->glinks[i].dataset, dataset) == 0 &&
		    strcmp(c->glinks[i].column, column) == 0)
			return &c->glinks[i];
	return NULL;
}

size_t
catalog_diff_geos(const struct catalog *old, const struct catalog *new,
    void (*emit)(void *arg, const char *line), void *arg, int only_removed)
{
	char line[400];
	size_t n = 0;

	for (size_t i = 0; !only_removed && i < new->ngeos; i++) {
		const struct geography *b = &new->geos[i], *a = catalog_geography(old, b->name);

		if (a != NULL && same_geo(a, b))
			continue;
		snprintf(line, sizeof line, "geography '%s' %s", b->name, a == NULL ? "added" :
		    "changed (boundaries, vintages, properties or groups)");
		emit(arg, line);
		n++;
	}
	for (size_t i = 0; i < old->ngeos; i++)
		if (catalog_geography(new, old->geos[i].name) == NULL) {
			snprintf(line, sizeof line, "geography '%s' removed", old->geos[i].name);
			emit(arg, line);
			n++;
		}
	for (size_t i = 0; !only_removed && i < new->nglinks; i++) {
		const struct geo_link *b = &new->glinks[i], *a = find_link(old, b->dataset,
		    b->column);

		if (a != NULL && ck_streq(a->geography, b->geography) && ck_streq(a->prefix,
		    b->prefix))
			continue;
		snprintf(line, sizeof line, "dataset '%s': column '%s' now names areas of '%s'",
		    b->dataset, b->column, b->geography);
		emit(arg, line);
		n++;
	}
	for (size_t i = 0; !only_removed && i < old->nglinks; i++)
		if (find_link(new, old->glinks[i].dataset, old->glinks[i].column) == NULL) {
			snprintf(line, sizeof line, "dataset '%s': column '%s' no longer names areas",
			    old->glinks[i].dataset, old->glinks[i].column);
			emit(arg, line);
			n++;
		}
	return n;
}

/* ---- reading ------------------------------------------------------------------------- */

/* FNV-1a 64 of the file's bytes, as hex; NULL when it cannot be read. */
static char *
file_digest(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned long long h = 1469598103934665603ULL;
	unsigned char buf[65536];
	size_t n;
	char out[24];

	if (fp == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		for (size_t i = 0; i < n; i++) {
			h ^= buf[i];
			h *= 1099511628211ULL;
		}
	fclose(fp);
	snprintf(out, sizeof out, "%016llx", h);
	return xstrdup(out);
}

/* The file relative to the catalog's directory (absolute paths as they are). */
static char *
resolve(const char *catalog_path, const char *file)
{
	const char *slash = strrchr(catalog_path, '/');

	if (file[0] == '/' || slash == NULL)
		return xstrdup(file);
	return xasprintf("%.*s/%s", (int)(slash - catalog_path), catalog_path, file);
}

static void
warn(struct catalog *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warn(struct catalog *c, const char *fmt, ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->warnings = xrealloc(c->warnings, (c->nwarnings + 1) * sizeof *c->warnings);
	c->warnings[c->nwarnings++] = xstrdup(msg);
}

/* Read, check and simplify one version's file. */
static void
load_version(struct ck *ck, const struct yml_node *at, const char *cpath, struct geography *g,
    struct geo_version *v, struct catalog *c)
{
	const char *flags[32];
	struct geo_props pr = { g->id_property, g->name_property, g->population_property, flags,
	    0 };
	char *path = resolve(cpath, v->file);
	struct diags d, w;
	struct geo_layer *l = xcalloc(1, sizeof *l);

	/* The groups by a property: bit k of an area's flags is group k's property (read_groups
	 * allows 32 of them). */
	for (size_t i = 0; i < g->ngroups && pr.nflags < 32; i++)
		if (g->groups[i].property != NULL)
			flags[pr.nflags++] = g->groups[i].property;
	diags_init(&d, 20);
	diags_init(&w, 20);
	v->digest = file_digest(path);
	if (v->digest == NULL) {
		ck_report(ck, at, "geography '%s': cannot read boundary file '%s': expected a "
		    "GeoJSON file (paths are relative to the catalog)", g->name, path);
	} else if (geo_read_geojson(path, &pr, l, &d, &w) < 0) {
		for (size_t i = 0; i < d.n; i++)
			ck_report(ck, at, "geography '%s': %s: %s", g->name, d.v[i].where,
			    d.v[i].msg);
		if (d.total > d.n)
			ck_report(ck, at, "geography '%s': ... and %zu more problems in '%s'", g->name,
			    d.total - d.n, path);
	} else {
		for (size_t i = 0; i < l->n; i++)
			for (size_t r = 0; r < l->areas[i].nrings; r++)
				if (geo_ring_self_crosses(l->areas[i].rings[r].xy,
				    l->areas[i].rings[r].n)) {
					warn(c, "%s: warning: area '%s': a ring crosses itself: drawn as "
					    "it is", path, l->areas[i].id);
					break;
				}
		geo_simplify(l, geo_tolerance(l, SIMPLIFY_PT, MAP_WIDTH_PT));
		v->layer = l;
		l = NULL;
	}
	for (size_t i = 0; i < w.n; i++)
		warn(c, "%s: warning: %s", w.v[i].where, w.v[i].msg);
	if (l != NULL) {
		geo_layer_release(l);
		free(l);
	}
	diags_release(&d);
	diags_release(&w);
	free(path);
}

static void
read_version(struct ck *ck, const struct yml_node *n, const char *cpath, struct geography *g,
    struct catalog *c)
{
	const char *file = ck_str(ck, n, "file", "geography version", 1);
	const char *from = ck_str(ck, n, "from", "geography version", 0);
	const char *to = ck_str(ck, n, "to", "geography version", 0);
	struct geo_version v;
	struct kp_err e;

	memset(&v, 0, sizeof v);
	if (file == NULL)
		return;
	if (from != NULL) {
		if (period_parse(from, &v.from, &e) < 0) {
			ck_report(ck, yml_get(n, "from"), "geography '%s': %s", g->name, e.msg);
			return;
		}
		v.has_from = 1;
	}
	if (to != NULL) {
		if (period_parse(to, &v.to, &e) < 0) {
			ck_report(ck, yml_get(n, "to"), "geography '%s': %s", g->name, e.msg);
			return;
		}
		v.has_to = 1;
	}
	v.file = xstrdup(file);
	load_version(ck, yml_get(n, "file"), cpath, g, &v, c);
	g->versions = xrealloc(g->versions, (g->nversions + 1) * sizeof *g->versions);
	g->versions[g->nversions++] = v;
}

static long
from_day(const struct geo_version *v, int fy)
{
	return v->has_from ? period_first_day(&v->from, fy) : -2147483647L;
}

/* Sort by from (insertion: a handful of vintages), then check overlaps and gaps. */
static void
check_vintages(struct ck *ck, const struct yml_node *at, struct geography *g, int fy)
{
	char a[16], b[16];

	for (size_t i = 1; i < g->nversions; i++)
		for (size_t j = i; j > 0 && from_day(&g->versions[j], fy) <
		    from_day(&g->versions[j - 1], fy); j--) {
			struct geo_version t = g->versions[j];

			g->versions[j] = g->versions[j - 1];
			g->versions[j - 1] = t;
		}
	for (size_t i = 0; i + 1 < g->nversions; i++) {
		const struct geo_version *x = &g->versions[i], *y = &g->versions[i + 1];

		if (!y->has_from || from_day(x, fy) == from_day(y, fy)) {
			ck_report(ck, at, "geography '%s': versions '%s' and '%s' overlap: give each a "
			    "different from", g->name, x->file, y->file);
			continue;
		}
		if (!x->has_to)
			continue;
		if (period_last_day(&x->to, fy) >= from_day(y, fy))
			ck_report(ck, at, "geography '%s': version '%s' runs to %s, after '%s' starts "
			    "(%s): the vintages overlap", g->name, x->file, period_format(&x->to, a),
			    y->file, period_format(&y->from, b));
		else if (period_last_day(&x->to, fy) + 1 < from_day(y, fy))
			ck_report(ck, at, "geography '%s': version '%s' ends %s but '%s' starts only %s:"
			    " the vintages leave a gap", g->name, x->file, period_format(&x->to, a),
			    y->file, period_format(&y->from, b));
	}
}

/*
** groups: { name: [ids] } or { name: { property: P } }; a property group's ids are filled from
** the boundaries once they are read (property_groups).
*/
static void
read_groups(struct ck *ck, const struct yml_node *n, struct geography *g)
{
	size_t nprop = 0;

	if (n == NULL || yml_is_null(n))
		return;
	if (n->type != YML_MAP) {
		ck_report(ck, n, "geography '%s': groups is a mapping of group names to lists of "
		    "area ids (green_zones: [3, 5, 6])", g->name);
		return;
	}
	g->groups = xcalloc(n->n + 1, sizeof *g->groups);
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_node *v = n->pairs[i].val;
		struct geo_group *gr = &g->groups[g->ngroups++];

		gr->name = xstrdup(n->pairs[i].key);
		if (v->type == YML_MAP) {
			const char *prop = ck_str(ck, v, "property", "a group", 1);

			if (v->n != 1 && prop != NULL)
				ck_report(ck, v, "geography '%s': group '%s': expected only property: "
				    "(a boolean property of the features)", g->name, gr->name);
			else if (prop != NULL && nprop++ == 32)
				ck_report(ck, v, "geography '%s': group '%s': at most 32 groups by a "
				    "property", g->name, gr->name);
			else if (prop != NULL)
				gr->property = xstrdup(prop);
			continue;
		}
		if (v->type != YML_SEQ) {
			ck_report(ck, v, "geography '%s': group '%s': expected a list of area ids, or "
			    "{ property: P } for the areas whose boolean property P is true", g->name,
			    gr->name);
			continue;
		}
		gr->ids = xcalloc(v->n + 1, sizeof *gr->ids);
		for (size_t k = 0; k < v->n; k++) {
			char buf[200];

			if (v->items[k]->type != YML_SCALAR) {
				ck_report(ck, v->items[k], "geography '%s': group '%s': an area id is a "
				    "number or a name", g->name, gr->name);
				continue;
			}
			gr->ids[gr->nids++] = xstrdup(tidy_id(v->items[k]->text, buf, sizeof buf));
		}
	}
}

/*
** A property group's ids: the areas whose property is true, in any version (each vintage's
** file says it for its own areas). None at all is reported: a misspelt property.
*/
static void
property_groups(struct ck *ck, const struct yml_node *at, struct geography *g)
{
	for (size_t i = 0, bit = 0; i < g->ngroups; i++) {
		struct geo_group *gr = &g->groups[i];
		size_t cap = 0;

		if (gr->property == NULL)
			continue;
		for (size_t v = 0; v < g->nversions; v++) {
			const struct geo_layer *l = g->versions[v].layer;

			for (size_t k = 0; l != NULL && k < l->n; k++) {
				size_t j = 0;

				if (!(l->areas[k].flags & 1u << bit))
					continue;
				while (j < gr->nids && strcmp(gr->ids[j], l->areas[k].id) != 0)
					j++;
				if (j < gr->nids)
					continue;
				gr->ids = xgrow(gr->ids, &cap, gr->nids + 1, sizeof *gr->ids);
				gr->ids[gr->nids++] = xstrdup(l->areas[k].id);
			}
		}
		if (gr->nids == 0 && g->nversions > 0 && g->versions[0].layer != NULL)
			ck_report(ck, at, "geography '%s': group '%s': no area has property '%s' true: "
			    "expected \"%s\": true in some features' properties", g->name, gr->name,
			    gr->property, gr->property);
		bit++;
	}
}

/*
** Every listed group id must be an area of every version (a version may lack it: reported).
** A property group's ids come from the files themselves, each vintage for its own areas.
*/
static void
check_groups(struct ck *ck, const struct yml_node *at, struct geography *g)
{
	for (size_t i = 0; i < g->ngroups; i++)
		for (size_t k = 0; g->groups[i].property == NULL && k < g->groups[i].nids; k++)
			for (size_t v = 0; v < g->nversions; v++) {
				const struct geo_layer *l = g->versions[v].layer;
				const char *id = g->groups[i].ids[k];

				if (l == NULL || geo_find(l, id) != NULL)
					continue;
				ck_report(ck, at, "geography '%s': group '%s' names area '%s', which "
				    "'%s' does not have: expected one of its %s values", g->name,
				    g->groups[i].name, id, g->versions[v].file, g->id_property);
			}
}

static void
read_geography(struct ck *ck, const struct yml_node *n, const char *cpath, struct catalog *c)
{
	const char *name = ck_str(ck, n, "name", "a geography", 1);
	const char *idp = ck_str(ck, n, "id_property", "a geography", 1);
	const struct yml_node *versions = yml_get(n, "versions");
	struct geography *g;

	if (name == NULL || idp == NULL)
		return;
	if (catalog_geography(c, name) != NULL) {
		ck_report(ck, yml_get(n, "name"), "geography '%s' is declared twice", name);
		return;
	}
	c->geos = xrealloc(c->geos, (c->ngeos + 1) * sizeof *c->geos);
	g = &c->geos[c->ngeos++];
	memset(g, 0, sizeof *g);
	g->name = xstrdup(name);
	g->id_property = xstrdup(idp);
	if (ck_str(ck, n, "label", "a geography", 0))
		g->label = xstrdup(ck_str(ck, n, "label", "a geography", 0));
	if (ck_str(ck, n, "name_property", "a geography", 0))
		g->name_property = xstrdup(ck_str(ck, n, "name_property", "a geography", 0));
	if (ck_str(ck, n, "population_property", "a geography", 0))
		g->population_property = xstrdup(ck_str(ck, n, "population_property",
		    "a geography", 0));
	read_groups(ck, yml_get(n, "groups"), g);	/* the versions read their properties */
	if (versions != NULL && versions->type == YML_SEQ) {
		for (size_t i = 0; i < versions->n; i++)
			if (ck_map(ck, versions->items[i], "a geography version"))
				read_version(ck, versions->items[i], cpath, g, c);
	} else if (yml_get(n, "file") != NULL) {
		read_version(ck, n, cpath, g, c);
	} else {
		ck_report(ck, n, "geography '%s': no boundaries: give file: or versions: [{ file:, "
		    "from: }]", name);
	}
	check_vintages(ck, versions ? versions : n, g, c->fy_start);
	property_groups(ck, yml_get(n, "groups"), g);
	check_groups(ck, yml_get(n, "groups"), g);
}

void
ck_geographies(struct ck *ck, const struct yml_node *list, struct catalog *c, const char *cpath)
{
	for (size_t i = 0; list && i < list->n; i++)
		if (ck_map(ck, list->items[i], "a geography"))
			read_geography(ck, list->items[i], cpath, c);
}

/* A share_in_group needs its area column linked to a geography that has the group. */
void
ck_geo_measures(struct ck *ck, const struct yml_node *metrics, struct catalog *c)
{
	for (size_t i = 0; metrics && metrics->type == YML_SEQ && i < metrics->n; i++) {
		const struct yml_node *n = metrics->items[i], *cn = yml_get(n, "compute");
		const char *code = n->type == YML_MAP ? ck_str(ck, n, "code", "a metric", 0) : NULL;
		const struct metric *m = code ? catalog_metric(c, code) : NULL;
		const struct geo_group *g;
		const char *prefix;

		if (m == NULL || m->compute == NULL || m->compute->measure != MEAS_SHARE_IN_GROUP ||
		    m->compute->area == NULL || m->compute->group == NULL ||
		    catalog_geo_group_of(c, m->compute, &g, &prefix) == 0)
			continue;
		if (find_link(c, m->compute->dataset, m->compute->area) == NULL)
			ck_report(ck, yml_get(cn, "area"), "metric '%s': share_in_group: dataset '%s' "
			    "has no geography for column '%s': link it (geography: { %s: GEOGRAPHY })",
			    code, m->compute->dataset, m->compute->area, m->compute->area);
		else
			ck_report(ck, yml_get(cn, "group"), "metric '%s': share_in_group: no group '%s' "
			    "in the geography of column '%s': expected one of its groups:", code,
			    m->compute->group, m->compute->area);
	}
}

void
ck_geo_links(struct ck *ck, const struct yml_node *datasets, struct catalog *c)
{
	for (size_t i = 0; datasets && datasets->type == YML_SEQ && i < datasets->n; i++) {
		const struct yml_node *d = datasets->items[i], *gm = yml_get(d, "geography");
		const char *ds = d->type == YML_MAP ? ck_str(ck, d, "name", "a dataset", 0) : NULL;
		const struct dataset *dset = ds ? catalog_dataset(c, ds) : NULL;

		if (gm == NULL || dset == NULL)
			continue;
		if (gm->type != YML_MAP) {
			ck_report(ck, gm, "dataset '%s': geography maps a column to a geography "
			    "({ district: council_districts })", ds);
			continue;
		}
		for (size_t k = 0; k < gm->n; k++) {
			const struct yml_node *v = gm->pairs[k].val;
			const char *geo = v->type == YML_SCALAR ? v->text : ck_str(ck, v, "geography",
			    "a dataset's geography", 1);
			const char *prefix = v->type == YML_MAP ? ck_str(ck, v, "prefix",
			    "a dataset's geography", 0) : NULL;
			struct geo_link *l;

			if (catalog_column(dset, gm->pairs[k].key) == NULL) {
				ck_report(ck, v, "dataset '%s': geography: no column '%s'", ds,
				    gm->pairs[k].key);
				continue;
			}
			if (geo == NULL)
				continue;
			if (catalog_geography(c, geo) == NULL) {
				ck_report(ck, v, "dataset '%s': column '%s' names geography '%s', which the "
				    "catalog does not declare under geographies:", ds, gm->pairs[k].key,
				    geo);
				continue;
			}
			c->glinks = xrealloc(c->glinks, (c->nglinks + 1) * sizeof *c->glinks);
			l = &c->glinks[c->nglinks++];
			l->dataset = xstrdup(ds);
			l->column = xstrdup(gm->pairs[k].key);
			l->geography = xstrdup(geo);
			l->prefix = prefix ? xstrdup(prefix) : NULL;
		}
	}
}
