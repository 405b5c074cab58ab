/*
** store_dataset.c: the catalog's raw-record parts in the store: dataset definitions and
** metrics' compute blocks (schema migration 2). Called by store_catalog.c's read and write;
** like them, rare enough that statements are prepared per call.
**
** Lists are kept in one column joined with U+001F (the catalog reader refuses control
** characters in these values), so that a definition reads back exactly as it was written and
** `catalog load` of an unchanged file reports no change.
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/store.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

#define SEP	"\x1f"

char *
st_join(char *const *v, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? SEP : "", v[i]);
	return buf_detach(&b);
}

void
st_split(const char *s, char ***out, size_t *n)
{
	size_t cap = 0;
	const char *p = s;

	*out = NULL;
	*n = 0;
	if (s == NULL || *s == '\0')
		return;
	for (;;) {
		const char *q = strstr(p, SEP);
		size_t len = q ? (size_t)(q - p) : strlen(p);

		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrndup(p, len);
		if (q == NULL)
			break;
		p = q + 1;
	}
}

/* ---- datasets ------------------------------------------------------------------------ */

static int
write_dataset(struct store *st, sqlite3_stmt *q, sqlite3_stmt *del, sqlite3_stmt *col,
    const struct dataset *d, struct kp_err *e)
{
	char *keys = st_join(d->key, d->nkey), *nulls = st_join(d->nulls, d->nnulls);
	int rc = -1;

	sqlite3_bind_text(q, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, keys, -1, SQLITE_STATIC);
	st_bind_text_at(q, 3, d->date_format);
	st_bind_text_at(q, 4, d->datetime_format);
	st_bind_text_at(q, 5, d->time_zone);
	sqlite3_bind_int(q, 6, d->empty_null);
	sqlite3_bind_text(q, 7, nulls, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 8, d->extra_ok);
	st_bind_text_at(q, 9, d->description);
	st_bind_text_at(q, 10, d->source);
	if (st_run(st, q, "cannot store a dataset", e) < 0)
		goto out;
	sqlite3_bind_text(del, 1, d->name, -1, SQLITE_STATIC);
	if (st_run(st, del, "cannot replace a dataset's columns", e) < 0)
		goto out;
	for (size_t i = 0; i < d->ncols; i++) {
		sqlite3_bind_text(col, 1, d->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(col, 2, (long long)i);
		sqlite3_bind_text(col, 3, d->cols[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(col, 4, catalog_col_type_name(d->cols[i].type), -1, SQLITE_STATIC);
		st_bind_text_at(col, 5, d->cols[i].format);
		sqlite3_bind_int(col, 6, d->cols[i].required);
		if (st_run(st, col, "cannot store a dataset column", e) < 0)
			goto out;
	}
	rc = 0;
out:
	free(keys);
	free(nulls);
	return rc;
}

int
st_datasets_write(struct store *st, const struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "INSERT INTO dataset(name, keycols, date_format, datetime_format,"
	    " time_zone, empty_null, nulls, extra_ok, description, source, retired)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)"
	    " ON CONFLICT(name) DO UPDATE SET keycols = excluded.keycols,"
	    " date_format = excluded.date_format, datetime_format = excluded.datetime_format,"
	    " time_zone = excluded.time_zone, empty_null = excluded.empty_null,"
	    " nulls = excluded.nulls, extra_ok = excluded.extra_ok,"
	    " description = excluded.description, source = excluded.source, retired = 0", e);
	sqlite3_stmt *del = st_prep(st, "DELETE FROM dataset_column WHERE dataset = ?1", e);
	sqlite3_stmt *col = st_prep(st, "INSERT INTO dataset_column(dataset, pos, name, type, format,"
	    " required) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e);
	int rc = -1;

	if (q == NULL || del == NULL || col == NULL)
		goto out;
	/* Retire all, then restore what the catalog names: records are never dropped here. */
	if (st_exec(st, "UPDATE dataset SET retired = 1", "cannot update datasets", e) < 0)
		goto out;
	for (size_t i = 0; i < c->ndatasets; i++)
		if (write_dataset(st, q, del, col, &c->datasets[i], e) < 0)
			goto out;
	rc = 0;
out:
	st_done(st, q);
	st_done(st, del);
	st_done(st, col);
	return rc;
}

int
st_datasets_read(struct store *st, struct catalog *c, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT name, keycols, date_format, datetime_format, time_zone,"
	    " empty_null, nulls, extra_ok, description, source FROM dataset WHERE retired = 0"
	    " ORDER BY name", e);
	sqlite3_stmt *cq = st_prep(st, "SELECT name, type, format, required FROM dataset_column"
	    " WHERE dataset = ?1 ORDER BY pos", e);
	size_t cap = 0;
	int rc = -1, step;

	if (q == NULL || cq == NULL)
		goto out;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		struct dataset *d;
		size_t ccap = 0;

		c->datasets = xgrow(c->datasets, &cap, c->ndatasets + 1, sizeof *c->datasets);
		d = &c->datasets[c->ndatasets++];
		memset(d, 0, sizeof *d);
		d->name = st_col_dup(q, 0);
		st_split(st_col_text(q, 1), &d->key, &d->nkey);
		d->date_format = st_col_dup(q, 2);
		d->datetime_format = st_col_dup(q, 3);
		d->time_zone = st_col_dup(q, 4);
		d->empty_null = sqlite3_column_int(q, 5);
		st_split(st_col_text(q, 6), &d->nulls, &d->nnulls);
		d->extra_ok = sqlite3_column_int(q, 7);
		d->description = st_col_dup(q, 8);
		d->source = st_col_dup(q, 9);
		sqlite3_bind_text(cq, 1, d->name, -1, SQLITE_STATIC);
		while ((step = sqlite3_step(cq)) == SQLITE_ROW) {
			struct ds_column *col;

			d->cols = xgrow(d->cols, &ccap, d->ncols + 1, sizeof *d->cols);
			col = &d->cols[d->ncols++];
			col->name = st_col_dup(cq, 0);
			catalog_col_type_parse(st_col_text(cq, 1), &col->type);
			col->format = st_col_dup(cq, 2);
			col->required = sqlite3_column_int(cq, 3);
		}
		if (step != SQLITE_DONE)
			break;		/* reported below */
		sqlite3_reset(cq);
	}
	if (step != SQLITE_DONE) {
		st_db_err(st, e, "cannot read datasets");
		goto out;
	}
	rc = 0;
out:
	st_done(st, q);
	st_done(st, cq);
	return rc;
}

/* ---- compute blocks ------------------------------------------------------------------ */

int
st_compute_write(struct store *st, long long id, const struct metric *m, struct kp_err *e)
{
	const struct compute *k = m->compute;
	sqlite3_stmt *del = NULL, *q = NULL, *f = NULL;
	int rc = -1;

	del = st_prep(st, "DELETE FROM metric_filter WHERE metric = ?1", e);
	if (del == NULL)
		goto out;
	sqlite3_bind_int64(del, 1, id);
	if (st_run(st, del, "cannot replace a compute block", e) < 0)
		goto out;
	st_done(st, del);
	if ((del = st_prep(st, "DELETE FROM metric_compute WHERE metric = ?1", e)) == NULL)
		goto out;
	sqlite3_bind_int64(del, 1, id);
	if (st_run(st, del, "cannot replace a compute block", e) < 0)
		goto out;
	if (k == NULL) {
		rc = 0;
		goto out;
	}
	q = st_prep(st, "INSERT INTO metric_compute(metric, dataset, measure, period_by, from_col,"
	    " to_col, field, numerator, denominator, breakdown, p, within, unit, complement, scale,"
	    " since, grp, area) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	    " ?15, ?16, ?17, ?18)", e);
	f = st_prep(st, "INSERT INTO metric_filter(metric, pos, field, op, vals)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", e);
	if (q == NULL || f == NULL)
		goto out;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, k->dataset, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, catalog_measure_name(k->measure), -1, SQLITE_STATIC);
	st_bind_text_at(q, 4, k->period_by);
	st_bind_text_at(q, 5, k->from);
	st_bind_text_at(q, 6, k->to);
	st_bind_text_at(q, 7, k->field);
	st_bind_text_at(q, 8, k->numerator);
	st_bind_text_at(q, 9, k->denominator);
	st_bind_text_at(q, 10, k->breakdown);
	sqlite3_bind_double(q, 11, k->p);
	sqlite3_bind_double(q, 12, k->within);
	st_bind_text_at(q, 13, k->unit);
	sqlite3_bind_int(q, 14, k->complement);
	sqlite3_bind_double(q, 15, k->scale);
	if (k->has_since) {
		char per[PERIOD_STRLEN];

		st_bind_text_at(q, 16, period_format(&k->since, per));
	}
	st_bind_text_at(q, 17, k->group);
	st_bind_text_at(q, 18, k->area);
	if (st_run(st, q, "cannot store a compute block", e) < 0)
		goto out;
	for (size_t i = 0; i < k->nfilters; i++) {
		char *vals = st_join(k->filters[i].vals, k->filters[i].nvals);

		sqlite3_bind_int64(f, 1, id);
		sqlite3_bind_int64(f, 2, (long long)i);
		sqlite3_bind_text(f, 3, k->filters[i].field, -1, SQLITE_STATIC);
		sqlite3_bind_text(f, 4, catalog_filter_op_name(k->filters[i].op), -1, SQLITE_STATIC);
		st_bind_text_at(f, 5, vals);
		free(vals);
		if (st_run(st, f, "cannot store a compute filter", e) < 0)
			goto out;
	}
	rc = 0;
out:
	st_done(st, del);
	st_done(st, q);
	st_done(st, f);
	return rc;
}

int
st_compute_read(struct store *st, long long id, struct metric *m, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT dataset, measure, period_by, from_col, to_col, field,"
	    " numerator, denominator, breakdown, p, within, unit, complement, scale, since, grp,"
	    " area FROM metric_compute WHERE metric = ?1", e);
	sqlite3_stmt *f = st_prep(st, "SELECT field, op, vals FROM metric_filter WHERE metric = ?1"
	    " ORDER BY pos", e);
	struct compute *k;
	size_t cap = 0;
	int rc = -1;

	if (q == NULL || f == NULL)
		goto out;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		/* not computed (or a store older than compute blocks), or a failed read */
		rc = rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read a compute block");
		goto out;
	}
	k = xcalloc(1, sizeof *k);
	k->dataset = st_col_dup(q, 0);
	catalog_measure_parse(st_col_text(q, 1), &k->measure);
	k->period_by = st_col_dup(q, 2);
	k->from = st_col_dup(q, 3);
	k->to = st_col_dup(q, 4);
	k->field = st_col_dup(q, 5);
	k->numerator = st_col_dup(q, 6);
	k->denominator = st_col_dup(q, 7);
	k->breakdown = st_col_dup(q, 8);
	k->p = sqlite3_column_double(q, 9);
	k->within = sqlite3_column_double(q, 10);
	k->unit = st_col_dup(q, 11);
	k->complement = sqlite3_column_int(q, 12);
	k->group = st_col_dup(q, 15);
	k->area = st_col_dup(q, 16);
	k->scale = sqlite3_column_double(q, 13);
	if (sqlite3_column_type(q, 14) != SQLITE_NULL &&
	    period_parse(st_col_text(q, 14), &k->since, NULL) == 0)
		k->has_since = 1;
	sqlite3_bind_int64(f, 1, id);
	m->compute = k;
	while ((rc = sqlite3_step(f)) == SQLITE_ROW) {
		struct filter *fl;

		k->filters = xgrow(k->filters, &cap, k->nfilters + 1, sizeof *k->filters);
		fl = &k->filters[k->nfilters++];
		fl->field = st_col_dup(f, 0);
		catalog_filter_op_parse(st_col_text(f, 1), &fl->op);
		st_split(st_col_text(f, 2), &fl->vals, &fl->nvals);
	}
	rc = rc == SQLITE_DONE ? 0 : st_db_err(st, e, "cannot read a compute block's filters");
out:
	st_done(st, q);
	st_done(st, f);
	return rc;
}
