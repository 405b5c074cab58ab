/*
** store_geo.c: the catalog's geographies in the store (schema migration 4): definitions,
** vintages with their areas' simplified rings, groups, and the datasets' links. A vintage
** whose file digest and from are unchanged keeps its stored areas; a changed one is rewritten.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/geo.h"
#include "kpistat/store_geo.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

static const char *
vfrom_text(const struct geo_version *v, char *buf)
{
	return v->has_from ? period_format(&v->from, buf) : "";
}

/* The stored digest of (geography, vfrom), or "" when none, in buf. */
static int
stored_digest(struct store *st, const char *geo, const char *vfrom, char *buf, size_t n,
    struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT digest FROM geo_version WHERE geography = ?1 AND "
	    "vfrom = ?2", e);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, geo, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, vfrom, -1, SQLITE_STATIC);
	*buf = '\0';
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		snprintf(buf, n, "%s", st_col_text(q, 0));
	st_done(st, q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read a geography");
}

static int
write_areas(struct store *st, const char *geo, const char *vfrom, const struct geo_layer *l,
    struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO geo_area(geography, vfrom, pos, id, name, "
	    "population, rings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e);
	struct buf b = BUF_INIT;
	int rc = 0;

	if (q == NULL)
		return -1;
	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		const struct geo_area *a = &l->areas[i];

		buf_reset(&b);
		geo_area_encode(a, &b);
		sqlite3_bind_text(q, 1, geo, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, vfrom, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, (long long)i);
		sqlite3_bind_text(q, 4, a->id, -1, SQLITE_STATIC);
		st_bind_text_at(q, 5, a->name);
		if (isnan(a->population))
			sqlite3_bind_null(q, 6);
		else
			sqlite3_bind_double(q, 6, a->population);
		sqlite3_bind_blob(q, 7, b.s, (int)b.len, SQLITE_STATIC);
		rc = st_run(st, q, "cannot store an area's boundary", e);
	}
	buf_release(&b);
	st_done(st, q);
	return rc;
}

static int
exec2(struct store *st, const char *sql, const char *a, const char *b, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql, e);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
	rc = st_run(st, q, "cannot update the geographies", e);
	st_done(st, q);
	return rc;
}

static int
write_geo(struct store *st, const struct geography *g, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO geography(name, id_property, name_property, "
	    "population_property, label) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO UPDATE "
	    "SET id_property = excluded.id_property, name_property = excluded.name_property, "
	    "population_property = excluded.population_property, label = excluded.label", e);
	sqlite3_stmt *v = NULL, *gr = NULL;
	struct buf keep = BUF_INIT;
	int rc = -1;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, g->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, g->id_property, -1, SQLITE_STATIC);
	st_bind_text_at(q, 3, g->name_property);
	st_bind_text_at(q, 4, g->population_property);
	st_bind_text_at(q, 5, g->label);
	if (st_run(st, q, "cannot store a geography", e) < 0)
		goto out;
	v = st_prep(st, "INSERT INTO geo_version(geography, vfrom, vto, file, digest) VALUES "
	    "(?1, ?2, ?3, ?4, ?5) ON CONFLICT(geography, vfrom) DO UPDATE SET vto = excluded.vto, "
	    "file = excluded.file, digest = excluded.digest", e);
	if (v == NULL)
		goto out;
	/* Versions no longer declared go, with their areas. */
	buf_adds(&keep, "\x1f");
	for (size_t i = 0; i < g->nversions; i++) {
		char f[16];

		buf_addf(&keep, "%s\x1f", vfrom_text(&g->versions[i], f));
	}
	if (exec2(st, "DELETE FROM geo_area WHERE geography = ?1 AND instr(?2, char(31) || vfrom "
	    "|| char(31)) = 0", g->name, keep.s, e) < 0 || exec2(st, "DELETE FROM geo_version "
	    "WHERE geography = ?1 AND instr(?2, char(31) || vfrom || char(31)) = 0", g->name,
	    keep.s, e) < 0)
		goto out;
	for (size_t i = 0; i < g->nversions; i++) {
		const struct geo_version *x = &g->versions[i];
		char fb[16], t[16], old[40];
		const char *f = vfrom_text(x, fb);

		if (stored_digest(st, g->name, f, old, sizeof old, e) < 0)
			goto out;
		if (strcmp(old, x->digest ? x->digest : "") != 0) {
			if (x->layer == NULL) {
				err_set(e, KP_SOFTWARE, NULL, "geography '%s': boundaries of %s not read",
				    g->name, x->file);
				goto out;
			}
			if (exec2(st, "DELETE FROM geo_area WHERE geography = ?1 AND vfrom = ?2",
			    g->name, f, e) < 0 || write_areas(st, g->name, f, x->layer, e) < 0)
				goto out;
		}
		sqlite3_bind_text(v, 1, g->name, -1, SQLITE_STATIC);
		st_bind_text_at(v, 2, f);
		st_bind_text_at(v, 3, x->has_to ? period_format(&x->to, t) : NULL);
		sqlite3_bind_text(v, 4, x->file, -1, SQLITE_STATIC);
		sqlite3_bind_text(v, 5, x->digest ? x->digest : "", -1, SQLITE_STATIC);
		if (st_run(st, v, "cannot store a geography version", e) < 0)
			goto out;
	}
	if (exec2(st, "DELETE FROM geo_group WHERE geography = ?1", g->name, NULL, e) < 0)
		goto out;
	gr = st_prep(st, "INSERT INTO geo_group(geography, pos, name, ids) VALUES (?1, ?2, ?3, ?4)",
	    e);
	if (gr == NULL)
		goto out;
	for (size_t i = 0; i < g->ngroups; i++) {
		char *ids = st_join(g->groups[i].ids, g->groups[i].nids);

		sqlite3_bind_text(gr, 1, g->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(gr, 2, (long long)i);
		sqlite3_bind_text(gr, 3, g->groups[i].name, -1, SQLITE_STATIC);
		st_bind_text_at(gr, 4, ids);
		free(ids);
		if (st_run(st, gr, "cannot store a geography group", e) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&keep);
	st_done(st, q);
	st_done(st, v);
	st_done(st, gr);
	return rc;
}

int
st_geos_write(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q, *l;
	struct buf keep = BUF_INIT;
	int rc = -1;

	buf_adds(&keep, "\x1f");
	for (size_t i = 0; i < c->ngeos; i++) {
		if (write_geo(st, &c->geos[i], e) < 0)
			goto out;
		buf_addf(&keep, "%s\x1f", c->geos[i].name);
	}
	if (exec2(st, "DELETE FROM geo_area WHERE instr(?1, char(31) || geography || char(31)) = 0",
	    keep.s, NULL, e) < 0 || exec2(st, "DELETE FROM geo_version WHERE instr(?1, char(31) || "
	    "geography || char(31)) = 0", keep.s, NULL, e) < 0 || exec2(st, "DELETE FROM geo_group "
	    "WHERE instr(?1, char(31) || geography || char(31)) = 0", keep.s, NULL, e) < 0 ||
	    exec2(st, "DELETE FROM geography WHERE instr(?1, char(31) || name || char(31)) = 0",
	    keep.s, NULL, e) < 0 || (q = st_prep(st, "DELETE FROM geo_link", e)) == NULL)
		goto out;
	rc = st_run(st, q, "cannot update the geography links", e);
	st_done(st, q);
	if (rc < 0 || (l = st_prep(st, "INSERT INTO geo_link(dataset, col, geography, prefix) "
	    "VALUES (?1, ?2, ?3, ?4)", e)) == NULL) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < c->nglinks; i++) {
		sqlite3_bind_text(l, 1, c->glinks[i].dataset, -1, SQLITE_STATIC);
		sqlite3_bind_text(l, 2, c->glinks[i].column, -1, SQLITE_STATIC);
		sqlite3_bind_text(l, 3, c->glinks[i].geography, -1, SQLITE_STATIC);
		st_bind_text_at(l, 4, c->glinks[i].prefix);
		rc = st_run(st, l, "cannot store a geography link", e);
	}
	st_done(st, l);
out:
	buf_release(&keep);
	return rc;
}

static int
read_versions(struct store *st, struct geography *g, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT vfrom, vto, file, digest FROM geo_version WHERE "
	    "geography = ?1", e);
	struct kp_err pe;
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, g->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct geo_version *v;

		g->versions = xrealloc(g->versions, (g->nversions + 1) * sizeof *g->versions);
		v = &g->versions[g->nversions++];
		memset(v, 0, sizeof *v);
		v->has_from = *st_col_text(q, 0) != '\0' && period_parse(st_col_text(q, 0), &v->from,
		    &pe) == 0;
		v->has_to = sqlite3_column_type(q, 1) != SQLITE_NULL &&
		    period_parse(st_col_text(q, 1), &v->to, &pe) == 0;
		v->file = xstrdup(st_col_text(q, 2));
		v->digest = xstrdup(st_col_text(q, 3));
	}
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, "cannot read geography versions");
	/* In from order, as the catalog reader leaves them. */
	for (size_t i = 1; i < g->nversions; i++)
		for (size_t j = i; j > 0 && (!g->versions[j - 1].has_from ? 0 :
		    !g->versions[j].has_from || period_first_day(&g->versions[j].from, 1) <
		    period_first_day(&g->versions[j - 1].from, 1)); j--) {
			struct geo_version t = g->versions[j];

			g->versions[j] = g->versions[j - 1];
			g->versions[j - 1] = t;
		}
	q = st_prep(st, "SELECT name, ids FROM geo_group WHERE geography = ?1 ORDER BY pos", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, g->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct geo_group *gr;

		g->groups = xrealloc(g->groups, (g->ngroups + 1) * sizeof *g->groups);
		gr = &g->groups[g->ngroups++];
		memset(gr, 0, sizeof *gr);
		gr->name = xstrdup(st_col_text(q, 0));
		st_split(st_col_text(q, 1), &gr->ids, &gr->nids);
	}
	st_done(st, q);
	return rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read geography groups");
}

int
st_geos_read(struct store *st, struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT name, id_property, name_property, population_property,"
	    " label FROM geography ORDER BY name", e);
	int rc;

	if (q == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct geography *g;

		c->geos = xrealloc(c->geos, (c->ngeos + 1) * sizeof *c->geos);
		g = &c->geos[c->ngeos++];
		memset(g, 0, sizeof *g);
		g->name = xstrdup(st_col_text(q, 0));
		g->id_property = xstrdup(st_col_text(q, 1));
		g->name_property = st_col_dup(q, 2);
		g->population_property = st_col_dup(q, 3);
		g->label = st_col_dup(q, 4);
	}
	st_done(st, q);
	if (rc != SQLITE_DONE)
		return st_db_err(st, e, "cannot read geographies");
	for (size_t i = 0; i < c->ngeos; i++)
		if (read_versions(st, &c->geos[i], e) < 0)
			return -1;
	if ((q = st_prep(st, "SELECT dataset, col, geography, prefix FROM geo_link ORDER BY "
	    "dataset, col", e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct geo_link *l;

		c->glinks = xrealloc(c->glinks, (c->nglinks + 1) * sizeof *c->glinks);
		l = &c->glinks[c->nglinks++];
		l->dataset = xstrdup(st_col_text(q, 0));
		l->column = xstrdup(st_col_text(q, 1));
		l->geography = xstrdup(st_col_text(q, 2));
		l->prefix = st_col_dup(q, 3);
	}
	st_done(st, q);
	return rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read geography links");
}

int
store_geo_layer(struct store *st, const struct geography *g, const struct geo_version *v,
    struct geo_layer *out, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT id, name, population, rings FROM geo_area WHERE "
	    "geography = ?1 AND vfrom = ?2 ORDER BY pos", e);
	char f[16];
	int rc;

	memset(out, 0, sizeof *out);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, g->name, -1, SQLITE_STATIC);
	st_bind_text_at(q, 2, vfrom_text(v, f));
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct geo_area *a;

		out->areas = xrealloc(out->areas, (out->n + 1) * sizeof *out->areas);
		a = &out->areas[out->n++];
		memset(a, 0, sizeof *a);
		a->id = xstrdup(st_col_text(q, 0));
		a->name = st_col_dup(q, 1);
		a->population = sqlite3_column_type(q, 2) == SQLITE_NULL ? NAN :
		    sqlite3_column_double(q, 2);
		if (geo_area_decode(sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3),
		    a) < 0) {
			err_set(e, KP_DATA, NULL, "geography '%s': the stored boundary of area '%s' is "
			    "damaged: restore the store from a backup (loading the same catalog again "
			    "does not rewrite it)", g->name, a->id);
			st_done(st, q);
			geo_layer_release(out);
			return -1;
		}
	}
	st_done(st, q);
	if (rc != SQLITE_DONE) {
		geo_layer_release(out);
		return st_db_err(st, e, "cannot read boundaries");
	}
	geo_layer_bbox(out);
	return 0;
}

/* ---- ratio metrics (they travel with the geographies' migration) ---- */

int
st_ratio_write(struct store *st, long long id, const struct metric *m, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, m->ratio ? "INSERT OR REPLACE INTO metric_ratio(metric, "
	    "numerator, denominator, per) VALUES (?1, ?2, ?3, ?4)" :
	    "DELETE FROM metric_ratio WHERE metric = ?1", e);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (m->ratio) {
		sqlite3_bind_text(q, 2, m->ratio->numerator, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, m->ratio->denominator, -1, SQLITE_STATIC);
		sqlite3_bind_double(q, 4, m->ratio->per);
	}
	rc = st_run(st, q, "cannot store a ratio", e);
	st_done(st, q);
	return rc;
}

int
st_ratio_read(struct store *st, long long id, struct metric *m, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT numerator, denominator, per FROM metric_ratio "
	    "WHERE metric = ?1", e);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		m->ratio = xcalloc(1, sizeof *m->ratio);
		m->ratio->numerator = xstrdup(st_col_text(q, 0));
		m->ratio->denominator = xstrdup(st_col_text(q, 1));
		m->ratio->per = sqlite3_column_double(q, 2);
	}
	st_done(st, q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read a ratio");
}
