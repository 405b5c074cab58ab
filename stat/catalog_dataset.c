/*
** catalog_dataset.c: the catalog's raw-record datasets (see catalog.h): read from the
** `datasets:` list and checked (names that become SQL identifiers, column types, key columns,
** date formats, time zones), compared, and described for `catalog load`. Also the small
** helpers catalog_compute.c shares (catalog_int.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/evparse.h"
#include "kpistat/xmalloc.h"
#include "catalog_int.h"

#define NAME_MAX_LEN	48	/* dataset and column names become SQL identifiers */

static const char *const type_names[] = {
	[COL_TEXT] = "text", [COL_INTEGER] = "integer", [COL_NUMBER] = "number",
	[COL_DATE] = "date", [COL_DATETIME] = "datetime",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
catalog_col_type_name(enum col_type t)
{
	return type_names[t];
}

int
catalog_col_type_parse(const char *s, enum col_type *out)
{
	for (size_t i = 0; i < NELEM(type_names); i++)
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum col_type)i;
			return 0;
		}
	return -1;
}

const struct dataset *
catalog_dataset(const struct catalog *c, const char *name)
{
	for (size_t i = 0; i < c->ndatasets; i++)
		if (strcmp(c->datasets[i].name, name) == 0)
			return &c->datasets[i];
	return NULL;
}

const struct ds_column *
catalog_column(const struct dataset *d, const char *name)
{
	for (size_t i = 0; i < d->ncols; i++)
		if (strcmp(d->cols[i].name, name) == 0)
			return &d->cols[i];
	return NULL;
}

void
catalog_dataset_release(struct dataset *d)
{
	free(d->name);
	ck_strv_free(d->key, d->nkey);
	for (size_t i = 0; i < d->ncols; i++) {
		free(d->cols[i].name);
		free(d->cols[i].format);
	}
	free(d->cols);
	free(d->date_format);
	free(d->datetime_format);
	free(d->time_zone);
	ck_strv_free(d->nulls, d->nnulls);
	free(d->description);
	free(d->source);
	memset(d, 0, sizeof *d);
}

void
ck_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
ck_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
ck_strv_equal(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

int
catalog_dataset_equal(const struct dataset *a, const struct dataset *b)
{
	if (!ck_streq(a->name, b->name) || !ck_strv_equal(a->key, a->nkey, b->key, b->nkey) ||
	    a->ncols != b->ncols || !ck_streq(a->date_format, b->date_format) ||
	    !ck_streq(a->datetime_format, b->datetime_format) || !ck_streq(a->time_zone, b->time_zone) ||
	    a->empty_null != b->empty_null || !ck_strv_equal(a->nulls, a->nnulls, b->nulls, b->nnulls) ||
	    a->extra_ok != b->extra_ok || !ck_streq(a->description, b->description) ||
	    !ck_streq(a->source, b->source))
		return 0;
	for (size_t i = 0; i < a->ncols; i++)
		if (!ck_streq(a->cols[i].name, b->cols[i].name) || a->cols[i].type != b->cols[i].type ||
		    !ck_streq(a->cols[i].format, b->cols[i].format) ||
		    a->cols[i].required != b->cols[i].required)
			return 0;
	return 1;
}

size_t
catalog_diff_datasets(const struct catalog *old, const struct catalog *new,
    void (*emit)(void *arg, const char *line), void *arg, int only_removed)
{
	char line[300];
	size_t n = 0;

	for (size_t i = 0; !only_removed && i < new->ndatasets; i++) {
		const struct dataset *b = &new->datasets[i], *a = catalog_dataset(old, b->name);

		if (a != NULL && catalog_dataset_equal(a, b))
			continue;
		snprintf(line, sizeof line, "dataset '%s' %s", b->name, a ? "changed" : "added");
		emit(arg, line);
		n++;
	}
	for (size_t i = 0; i < old->ndatasets; i++)
		if (catalog_dataset(new, old->datasets[i].name) == NULL) {
			snprintf(line, sizeof line, "dataset '%s' removed (its records are kept)",
			    old->datasets[i].name);
			emit(arg, line);
			n++;
		}
	return n;
}

/* ---- reading datasets --------------------------------------------------------------- */

/* A dataset or column name: [a-z][a-z0-9_]*, short; it becomes an SQL identifier and a key. */
static int
valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > NAME_MAX_LEN || *s < 'a' || *s > 'z')
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9') && *s != '_')
			return 0;
	return 1;
}

/* No control characters: the store joins lists with U+001F. */
int
ck_plain_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return 0;
	return 1;
}

/* A YAML boolean under `key`: 1, 0, or dflt when absent (a bad one is reported). */
int
ck_bool(struct ck *ck, const struct yml_node *map, const char *key, const char *what, int dflt)
{
	const char *s = ck_str(ck, map, key, what, 0);

	if (s == NULL)
		return dflt;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		return 0;
	ck_report(ck, yml_get(map, key), "%s: bad %s '%s': expected true or false", what, key, s);
	return dflt;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void
add_column(struct ck *ck, struct dataset *d, size_t *cap, const char *name,
    const struct yml_node *at, const struct yml_node *spec, const char *what)
{
	struct ds_column col = { NULL, COL_TEXT, NULL, 0 };
	const char *type, *fmt = NULL;

	if (!valid_name(name)) {
		ck_report(ck, at, "%s: bad column name '%s': use lower-case letters, digits and '_', "
		    "starting with a letter (at most %d characters)", what, name, NAME_MAX_LEN);
		return;
	}
	if (catalog_column(d, name) != NULL) {
		ck_report(ck, at, "%s: column '%s' is declared twice", what, name);
		return;
	}
	if (spec->type == YML_SCALAR) {
		type = spec->text;
	} else if (spec->type == YML_MAP) {
		type = ck_str(ck, spec, "type", what, 1);
		fmt = ck_str(ck, spec, "format", what, 0);
		col.required = ck_bool(ck, spec, "required", what, 0);
	} else {
		ck_report(ck, spec, "%s: column '%s' needs a type (text, integer, number, date or "
		    "datetime), not %s", what, name, yml_type_name(spec->type));
		return;
	}
	if (type == NULL)
		return;
	if (catalog_col_type_parse(type, &col.type) < 0) {
		ck_report(ck, spec, "%s: column '%s': unknown type '%s': expected text, integer, "
		    "number, date or datetime", what, name, type);
		return;
	}
	if (fmt != NULL) {
		struct kp_err e;

		if (col.type != COL_DATE && col.type != COL_DATETIME)
			ck_report(ck, yml_get(spec, "format"), "%s: column '%s': a format is only "
			    "for date and datetime columns", what, name);
		else if (evp_format_check(fmt, col.type == COL_DATETIME, &e) < 0)
			ck_report(ck, yml_get(spec, "format"), "%s: column '%s': %s", what, name, e.msg);
		else
			col.format = xstrdup(fmt);
	}
	col.name = xstrdup(name);
	d->cols = xgrow(d->cols, cap, d->ncols + 1, sizeof *d->cols);
	d->cols[d->ncols++] = col;
}

static void
read_columns(struct ck *ck, const struct yml_node *ds, struct dataset *d, const char *what)
{
	const struct yml_node *n = yml_get(ds, "columns");
	size_t cap = 0;

	if (n == NULL || yml_is_null(n)) {
		ck_report(ck, ds, "%s: missing required key 'columns' (name: type for each column)",
		    what);
		return;
	}
	if (n->type == YML_MAP) {
		for (size_t i = 0; i < n->n; i++) {
			struct yml_node at = { YML_SCALAR, n->pairs[i].line, n->pairs[i].col,
			    NULL, 0, NULL, NULL, 0 };

			add_column(ck, d, &cap, n->pairs[i].key, &at, n->pairs[i].val, what);
		}
	} else if (n->type == YML_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			const char *name;

			if (!ck_map(ck, n->items[i], "a column"))
				continue;
			if ((name = ck_str(ck, n->items[i], "name", what, 1)) != NULL)
				add_column(ck, d, &cap, name, n->items[i], n->items[i], what);
		}
	} else {
		ck_report(ck, n, "%s: 'columns' must be a mapping of name: type", what);
	}
}

/* A scalar or a list of scalars under `key` into a string vector. */
static void
read_strv(struct ck *ck, const struct yml_node *map, const char *key, const char *what,
    char ***out, size_t *n)
{
	const struct yml_node *v = yml_get(map, key);
	size_t cap = 0;

	if (v == NULL || yml_is_null(v))
		return;
	for (size_t i = 0; i < (v->type == YML_SEQ ? v->n : 1); i++) {
		const struct yml_node *s = v->type == YML_SEQ ? v->items[i] : v;

		if (s->type != YML_SCALAR || !ck_plain_text(s->text)) {
			ck_report(ck, s, "%s: '%s' takes text values (a value or a list)", what, key);
			continue;
		}
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup(s->text);
	}
}

static void
read_keys(struct ck *ck, const struct yml_node *n, struct dataset *d, const char *what)
{
	read_strv(ck, n, "key", what, &d->key, &d->nkey);
	if (d->nkey == 0 && yml_get(n, "key") == NULL)
		ck_report(ck, n, "%s: missing required key 'key' (the column, or list of columns, "
		    "that identifies a record)", what);
	for (size_t i = 0; i < d->nkey; i++) {
		struct ds_column *c = NULL;

		for (size_t j = 0; j < d->ncols; j++)
			if (strcmp(d->cols[j].name, d->key[i]) == 0)
				c = &d->cols[j];
		if (c == NULL && d->ncols > 0)
			ck_report(ck, yml_get(n, "key"), "%s: key column '%s' is not among the columns",
			    what, d->key[i]);
		else if (c != NULL && c->type == COL_NUMBER)
			ck_report(ck, yml_get(n, "key"), "%s: key column '%s' is a number; a key is "
			    "text, integer, date or datetime", what, d->key[i]);
		else if (c != NULL)
			c->required = 1;
	}
}

static void
read_dataset(struct ck *ck, const struct yml_node *n, struct catalog *c, size_t *cap)
{
	struct dataset d;
	struct kp_err e;
	const char *name, *s;
	char what[120];

	memset(&d, 0, sizeof d);
	if ((name = ck_str(ck, n, "name", "dataset", 1)) == NULL)
		return;
	snprintf(what, sizeof what, "dataset '%s'", name);
	if (!valid_name(name)) {
		ck_report(ck, yml_get(n, "name"), "bad dataset name '%s': use lower-case letters, "
		    "digits and '_', starting with a letter (at most %d characters)", name,
		    NAME_MAX_LEN);
		return;
	}
	if (catalog_dataset(c, name) != NULL) {
		ck_report(ck, yml_get(n, "name"), "dataset '%s' is defined twice", name);
		return;
	}
	d.name = xstrdup(name);
	read_columns(ck, n, &d, what);
	read_keys(ck, n, &d, what);
	if ((s = ck_str(ck, n, "date_format", what, 0)) != NULL) {
		if (evp_format_check(s, 0, &e) < 0)
			ck_report(ck, yml_get(n, "date_format"), "%s: %s", what, e.msg);
		d.date_format = xstrdup(s);
	}
	if ((s = ck_str(ck, n, "datetime_format", what, 0)) != NULL) {
		if (evp_format_check(s, 1, &e) < 0)
			ck_report(ck, yml_get(n, "datetime_format"), "%s: %s", what, e.msg);
		d.datetime_format = xstrdup(s);
	}
	if ((s = ck_str(ck, n, "time_zone", what, 0)) != NULL) {
		struct evp_zone z;

		if (evp_zone_parse(s, &z, &e) < 0)
			ck_report(ck, yml_get(n, "time_zone"), "%s: %s", what, e.msg);
		d.time_zone = xstrdup(s);
	}
	d.empty_null = ck_bool(ck, n, "empty_means_null", what, 1);
	read_strv(ck, n, "null_values", what, &d.nulls, &d.nnulls);
	if ((s = ck_str(ck, n, "extra_columns", what, 0)) != NULL) {
		if (strcmp(s, "ignore") == 0)
			d.extra_ok = 1;
		else if (strcmp(s, "error") != 0)
			ck_report(ck, yml_get(n, "extra_columns"), "%s: bad extra_columns '%s': "
			    "expected ignore or error", what, s);
	}
	d.description = dup_or_null(ck_str(ck, n, "description", what, 0));
	d.source = dup_or_null(ck_str(ck, n, "source", what, 0));
	c->datasets = xgrow(c->datasets, cap, c->ndatasets + 1, sizeof *c->datasets);
	c->datasets[c->ndatasets++] = d;
}

void
ck_datasets(struct ck *ck, const struct yml_node *list, struct catalog *c)
{
	size_t cap = 0;

	for (size_t i = 0; list && i < list->n; i++)
		if (ck_map(ck, list->items[i], "a dataset"))
			read_dataset(ck, list->items[i], c, &cap);
}
