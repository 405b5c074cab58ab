/*
** store_catalog.c: the catalog (settings, departments, metrics, targets, programs) in the
** KPI store (see store.h). Catalog writes are rare, so statements here are prepared per call.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"



static char *
dup_col(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? NULL : xstrdup(st_col_text(q, i));
}

/* Parse the rebase column ("2025-04 2025-10") into m->rebase. */
static void
parse_rebase(struct metric *m, const char *s)
{
	size_t cap = 0;
	char *copy = xstrdup(s), *save = NULL;

	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		struct period p;

		if (period_parse(tok, &p, NULL) < 0)
			continue;
		m->rebase = xgrow(m->rebase, &cap, m->nrebase + 1, sizeof *m->rebase);
		m->rebase[m->nrebase++] = p;
	}
	free(copy);
}

static int
read_metrics(struct store *st, struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q, *t;
	size_t cap = 0;
	int rc;

	q = st_prep(st, "SELECT id, code, name, department, unit, decimals, direction, frequency,"
	    " rollup, description, source, rebase, computed, retired, min_value, max_value"
	    " FROM metric ORDER BY code", e);
	t = st_prep(st, "SELECT from_period, value, tolerance, tol_pct FROM target"
	    " WHERE metric = ?1 ORDER BY from_period", e);
	if (q == NULL || t == NULL)
		goto fail;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct metric *m;
		size_t tcap = 0;

		c->metrics = xgrow(c->metrics, &cap, c->nmetrics + 1, sizeof *c->metrics);
		m = &c->metrics[c->nmetrics++];
		memset(m, 0, sizeof *m);
		m->code = dup_col(q, 1);
		m->name = dup_col(q, 2);
		m->department = dup_col(q, 3);
		m->unit = dup_col(q, 4);
		m->decimals = sqlite3_column_int(q, 5);
		catalog_direction_parse(st_col_text(q, 6), &m->direction);
		period_freq_parse(st_col_text(q, 7), &m->freq);
		catalog_rollup_parse(st_col_text(q, 8), &m->rollup);
		m->description = dup_col(q, 9);
		m->source = dup_col(q, 10);
		parse_rebase(m, st_col_text(q, 11));
		m->computed = sqlite3_column_int(q, 12);
		m->retired = sqlite3_column_int(q, 13);
		if ((m->has_min = sqlite3_column_type(q, 14) != SQLITE_NULL))
			m->min = sqlite3_column_double(q, 14);
		if ((m->has_max = sqlite3_column_type(q, 15) != SQLITE_NULL))
			m->max = sqlite3_column_double(q, 15);
		sqlite3_bind_int64(t, 1, sqlite3_column_int64(q, 0));
		while ((rc = sqlite3_step(t)) == SQLITE_ROW) {
			struct target *tg;

			m->targets = xgrow(m->targets, &tcap, m->ntargets + 1, sizeof *m->targets);
			tg = &m->targets[m->ntargets];
			memset(tg, 0, sizeof *tg);
			if (period_parse(st_col_text(t, 0), &tg->from, NULL) < 0)
				continue;
			tg->value = sqlite3_column_double(t, 1);
			tg->has_tol = sqlite3_column_type(t, 2) != SQLITE_NULL;
			tg->tol = sqlite3_column_double(t, 2);
			tg->tol_pct = sqlite3_column_int(t, 3);
			m->ntargets++;
		}
		if (rc != SQLITE_DONE) {
			st_db_err(st, e, "cannot read targets");
			goto fail;
		}
		sqlite3_reset(t);
		/* Read in from_period's text order: put them in the order they start. */
		catalog_sort_targets(m, c->fy_start);
		if (st_compute_read(st, sqlite3_column_int64(q, 0), m, e) < 0 ||
		    st_ratio_read(st, sqlite3_column_int64(q, 0), m, e) < 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		st_db_err(st, e, "cannot read metrics");
		goto fail;
	}
	st_done(st, q);
	st_done(st, t);
	return 0;
fail:
	st_done(st, q);
	st_done(st, t);
	return -1;
}

static int
read_programs(struct store *st, struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q, *pm;
	size_t cap = 0;
	int rc;

	q = st_prep(st, "SELECT code, title, template FROM program ORDER BY code", e);
	pm = st_prep(st, "SELECT m.code FROM program_metric p JOIN metric m ON m.id = p.metric"
	    " WHERE p.program = ?1 ORDER BY p.pos", e);
	if (q == NULL || pm == NULL)
		goto fail;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct program *p;
		size_t mcap = 0;

		c->programs = xgrow(c->programs, &cap, c->nprograms + 1, sizeof *c->programs);
		p = &c->programs[c->nprograms++];
		memset(p, 0, sizeof *p);
		p->code = dup_col(q, 0);
		p->title = dup_col(q, 1);
		p->template = dup_col(q, 2);
		sqlite3_bind_text(pm, 1, p->code, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(pm)) == SQLITE_ROW) {
			p->metrics = xgrow(p->metrics, &mcap, p->nmetrics + 1, sizeof *p->metrics);
			p->metrics[p->nmetrics++] = xstrdup(st_col_text(pm, 0));
		}
		if (rc != SQLITE_DONE)
			break;		/* reported below */
		sqlite3_reset(pm);
	}
	if (rc != SQLITE_DONE) {
		st_db_err(st, e, "cannot read programs");
		goto fail;
	}
	st_done(st, q);
	st_done(st, pm);
	return 0;
fail:
	st_done(st, q);
	st_done(st, pm);
	return -1;
}

int
store_catalog_read(struct store *st, struct catalog *out, struct kp_err *e)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc;

	catalog_init(out);
	if ((q = st_prep(st, "SELECT key, value FROM setting", e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *k = st_col_text(q, 0), *v = st_col_text(q, 1);

		if (strcmp(k, "city") == 0)
			out->city = xstrdup(v);
		else if (strcmp(k, "fiscal_year_start") == 0)
			out->fy_start = (int)strtol(v, NULL, 10);
	}
	if (rc != SQLITE_DONE) {
		st_db_err(st, e, "cannot read settings");
		st_done(st, q);
		goto fail;
	}
	st_done(st, q);
	if (out->fy_start < 1 || out->fy_start > 12)
		out->fy_start = 7;

	if ((q = st_prep(st, "SELECT code, name, head FROM department ORDER BY code", e)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct department *d;

		out->depts = xgrow(out->depts, &cap, out->ndepts + 1, sizeof *out->depts);
		d = &out->depts[out->ndepts++];
		d->code = dup_col(q, 0);
		d->name = dup_col(q, 1);
		d->head = dup_col(q, 2);
	}
	st_done(st, q);
	if (rc != SQLITE_DONE) {
		st_db_err(st, e, "cannot read departments");
		goto fail;
	}
	if (read_metrics(st, out, e) < 0 || read_programs(st, out, e) < 0 ||
	    st_datasets_read(st, out, e) < 0 || st_geos_read(st, out, e) < 0)
		goto fail;
	return 0;
fail:
	catalog_release(out);
	return -1;
}

static int
write_settings(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO setting(key, value) VALUES (?1, ?2)"
	    " ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
	char fy[8];
	int rc = 0;

	if (q == NULL)
		return -1;
	snprintf(fy, sizeof fy, "%d", c->fy_start);
	sqlite3_bind_text(q, 1, "fiscal_year_start", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, fy, -1, SQLITE_STATIC);
	rc = st_run(st, q, "cannot store settings", e);
	if (rc == 0 && c->city != NULL) {
		sqlite3_bind_text(q, 1, "city", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, c->city, -1, SQLITE_STATIC);
		rc = st_run(st, q, "cannot store settings", e);
	} else if (rc == 0) {
		/* A catalog without a city drops the one stored before. */
		rc = st_exec(st, "DELETE FROM setting WHERE key = 'city'", "cannot store settings", e);
	}
	st_done(st, q);
	return rc;
}

static int
write_departments(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO department(code, name, head) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, head = excluded.head", e);
	int rc = 0;

	if (q == NULL)
		return -1;
	for (size_t i = 0; rc == 0 && i < c->ndepts; i++) {
		sqlite3_bind_text(q, 1, c->depts[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, c->depts[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, c->depts[i].head, -1, SQLITE_STATIC);
		rc = st_run(st, q, "cannot store a department", e);
	}
	st_done(st, q);
	return rc;
}

static int
write_targets(struct store *st, long long id, const struct metric *m, struct kp_err *e)
{
	sqlite3_stmt *del = st_prep(st, "DELETE FROM target WHERE metric = ?1", e);
	sqlite3_stmt *ins = st_prep(st, "INSERT INTO target(metric, from_period, value, tolerance,"
	    " tol_pct) VALUES (?1, ?2, ?3, ?4, ?5)", e);
	char from[PERIOD_STRLEN];
	int rc = -1;

	if (del == NULL || ins == NULL)
		goto out;
	sqlite3_bind_int64(del, 1, id);
	if (st_run(st, del, "cannot replace targets", e) < 0)
		goto out;
	for (size_t i = 0; i < m->ntargets; i++) {
		const struct target *t = &m->targets[i];

		sqlite3_bind_int64(ins, 1, id);
		st_bind_text_at(ins, 2, period_format(&t->from, from));
		sqlite3_bind_double(ins, 3, t->value);
		if (t->has_tol)
			sqlite3_bind_double(ins, 4, t->tol);
		sqlite3_bind_int(ins, 5, t->tol_pct);
		if (st_run(st, ins, "cannot store a target", e) < 0)
			goto out;
	}
	rc = 0;
out:
	st_done(st, del);
	st_done(st, ins);
	return rc;
}

static int
write_metrics(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO metric(code, name, department, unit, decimals,"
	    " direction, frequency, rollup, description, source, rebase, computed, retired,"
	    " min_value, max_value)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, ?13, ?14)"
	    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, department = excluded.department,"
	    " unit = excluded.unit, decimals = excluded.decimals, direction = excluded.direction,"
	    " frequency = excluded.frequency, rollup = excluded.rollup,"
	    " description = excluded.description, source = excluded.source,"
	    " rebase = excluded.rebase, computed = excluded.computed, retired = 0,"
	    " min_value = excluded.min_value, max_value = excluded.max_value"
	    " RETURNING id", e);
	sqlite3_stmt *retire = st_prep(st, "UPDATE metric SET retired = 1", e);
	struct buf rebase = BUF_INIT;
	int rc = -1;

	if (q == NULL || retire == NULL)
		goto out;
	/* Retire all, then un-retire what the catalog names: figures are never deleted. */
	if (st_run(st, retire, "cannot update metrics", e) < 0)
		goto out;
	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric *m = &c->metrics[i];
		char p[PERIOD_STRLEN];
		long long id;

		buf_reset(&rebase);
		for (size_t j = 0; j < m->nrebase; j++)
			buf_addf(&rebase, "%s%s", j ? " " : "", period_format(&m->rebase[j], p));
		sqlite3_bind_text(q, 1, m->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, m->department, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, m->unit ? m->unit : "", -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 5, m->decimals);
		sqlite3_bind_text(q, 6, catalog_direction_name(m->direction), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 7, period_freq_name(m->freq), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 8, catalog_rollup_name(m->rollup), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 9, m->description, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 10, m->source, -1, SQLITE_STATIC);
		st_bind_text_at(q, 11, rebase.s);
		sqlite3_bind_int(q, 12, m->computed);
		if (m->has_min)
			sqlite3_bind_double(q, 13, m->min);
		if (m->has_max)
			sqlite3_bind_double(q, 14, m->max);
		if (sqlite3_step(q) != SQLITE_ROW) {
			st_db_err(st, e, "cannot store a metric");
			sqlite3_reset(q);
			goto out;
		}
		id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
		if (write_targets(st, id, m, e) < 0 || st_compute_write(st, id, m, e) < 0 ||
		    st_ratio_write(st, id, m, e) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&rebase);
	st_done(st, q);
	st_done(st, retire);
	return rc;
}

static int
write_programs(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *ins = st_prep(st, "INSERT INTO program(code, title, template) VALUES (?1, ?2, ?3)", e);
	sqlite3_stmt *pm = st_prep(st, "INSERT INTO program_metric(program, metric, pos)"
	    " SELECT ?1, id, ?3 FROM metric WHERE code = ?2", e);
	int rc = -1;

	if (ins == NULL || pm == NULL)
		goto out;
	if (st_exec(st, "DELETE FROM program_metric; DELETE FROM program;",
	    "cannot replace programs", e) < 0)
		goto out;
	for (size_t i = 0; i < c->nprograms; i++) {
		const struct program *p = &c->programs[i];

		sqlite3_bind_text(ins, 1, p->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, p->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, p->template, -1, SQLITE_STATIC);
		if (st_run(st, ins, "cannot store a program", e) < 0)
			goto out;
		for (size_t j = 0; j < p->nmetrics; j++) {
			sqlite3_bind_text(pm, 1, p->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(pm, 2, p->metrics[j], -1, SQLITE_STATIC);
			sqlite3_bind_int64(pm, 3, (long long)j);
			if (st_run(st, pm, "cannot store a program's metric", e) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	st_done(st, ins);
	st_done(st, pm);
	return rc;
}

/* Departments the catalog dropped go, unless a (retired) metric still names them. */
static int
drop_departments(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT code FROM department", e);
	sqlite3_stmt *del = st_prep(st, "DELETE FROM department WHERE code = ?1"
	    " AND code NOT IN (SELECT department FROM metric)", e);
	int rc = -1;

	if (q == NULL || del == NULL)
		goto out;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *code = st_col_text(q, 0);

		if (catalog_dept(c, code) != NULL)
			continue;
		st_bind_text_at(del, 1, code);
		if (st_run(st, del, "cannot remove a department", e) < 0) {
			rc = -1;
			goto out;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read departments");
out:
	st_done(st, q);
	st_done(st, del);
	return rc;
}

int
store_catalog_write(struct store *st, const struct catalog *c, struct kp_err *e)
{
	/* A metric looked up before may now be computed (or retired): look it up afresh. */
	free(st->last_code);
	st->last_code = NULL;
	if (write_settings(st, c, e) < 0 || write_departments(st, c, e) < 0 ||
	    write_metrics(st, c, e) < 0 || write_programs(st, c, e) < 0 ||
	    drop_departments(st, c, e) < 0 || st_datasets_write(st, c, e) < 0 ||
	    st_geos_write(st, c, e) < 0)
		return -1;
	return 0;
}
