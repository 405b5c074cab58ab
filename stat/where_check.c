/*
** where_check.c: which record values name no area, and which areas no record names (see
** where.h): read once over a linked column, counted per distinct value.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/num.h"
#include "kpistat/store_events.h"
#include "kpistat/store_geo.h"
#include "kpistat/where.h"
#include "kpistat/xmalloc.h"

struct seen {				/* distinct values and their counts: open addressing */
	char		**key;
	long		*count;
	size_t		 cap, n;
	long		 blank;
	enum col_type	 type;
};

static unsigned long
hash(const char *s)
{
	unsigned long h = 1469598103934665603UL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211UL;
	return h;
}

static void
put(struct seen *t, const char *s, long add)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct seen g = { NULL, NULL, t->cap ? 2 * t->cap : 64, 0, t->blank, t->type };

		g.key = xcalloc(g.cap, sizeof *g.key);
		g.count = xcalloc(g.cap, sizeof *g.count);
		for (size_t k = 0; k < t->cap; k++)
			if (t->key[k] != NULL) {
				for (i = hash(t->key[k]) & (g.cap - 1); g.key[i]; i = (i + 1) & (g.cap - 1))
					;
				g.key[i] = t->key[k];
				g.count[i] = t->count[k];
				g.n++;
			}
		free(t->key);
		free(t->count);
		*t = g;
	}
	for (i = hash(s) & (t->cap - 1); t->key[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->key[i], s) == 0) {
			t->count[i] += add;
			return;
		}
	t->key[i] = xstrdup(s);
	t->count[i] = add;
	t->n++;
}

static int
row(void *arg, const struct ev_value *v)
{
	struct seen *t = arg;
	char buf[256];

	if (v->null) {
		t->blank++;
		return 0;
	}
	if (t->type == COL_INTEGER)
		snprintf(buf, sizeof buf, "%lld", v->i);
	else
		snprintf(buf, sizeof buf, "%.*s", (int)(v->n < 255 ? v->n : 255), v->s);
	put(t, buf, 1);
	return 0;
}

/* Is id an area of any vintage? */
static int
known(const struct geo_layer *ls, size_t nl, const char *id)
{
	for (size_t i = 0; i < nl; i++)
		if (geo_find(&ls[i], id) != NULL)
			return 1;
	return 0;
}

static int
check_link(struct store *st, const struct catalog *c, const struct geo_link *l,
    void (*emit)(void *, const char *), void *arg, struct kp_err *e)
{
	const struct dataset *d = catalog_dataset(c, l->dataset);
	const struct geography *g = catalog_geography(c, l->geography);
	const char *cols[1] = { l->column };
	struct seen t;
	struct geo_layer *ls;
	struct ev_info info;
	struct buf b = BUF_INIT;
	char num[32], id[200];
	size_t shown = 0;
	int rc = -1;

	if (d == NULL || g == NULL || g->nversions == 0 || catalog_column(d, l->column) == NULL)
		return 0;
	if (store_ev_info(st, d, &info, e) < 0)
		return -1;
	if (!info.exists || info.records == 0 || !info.same_columns)
		return 0;
	memset(&t, 0, sizeof t);
	t.type = catalog_column(d, l->column)->type;
	ls = xcalloc(g->nversions + 1, sizeof *ls);
	for (size_t i = 0; i < g->nversions; i++)
		if (store_geo_layer(st, g, &g->versions[i], &ls[i], e) < 0)
			goto out;
	if (store_ev_scan(st, d, cols, 1, NULL, 0, NULL, row, &t, e) != 0)
		goto out;
	if (t.blank > 0)
		buf_addf(&b, "%s records have no %s", num_format((double)t.blank, 0, num, sizeof num),
		    l->column);
	for (size_t k = 0; k < t.cap; k++) {
		if (t.key[k] == NULL || known(ls, g->nversions, catalog_geo_area_id(l, t.key[k], id,
		    sizeof id)))
			continue;
		if (shown++ >= 12)
			continue;
		num_format((double)t.count[k], 0, num, sizeof num);
		if (shown == 1)
			buf_addf(&b, "%s%s %s '%s'", b.len ? "; " : "", num, t.count[k] == 1 ?
			    "has" : "have", t.key[k]);
		else
			buf_addf(&b, ", %s '%s'", num, t.key[k]);
	}
	if (b.len > 0) {
		char *line = xasprintf("dataset '%s', column '%s': %s%s%s", l->dataset, l->column,
		    b.s, shown > 12 ? ", ..." : "", shown ? ", which name no area of '" : "");

		buf_reset(&b);
		buf_adds(&b, line);
		free(line);
		if (shown)
			buf_addf(&b, "%s' in any vintage", g->name);
		buf_adds(&b, ": counted for the city, left out of maps and comparisons");
		emit(arg, b.s);
	}
	/* Areas of the latest vintage that no record names. */
	buf_reset(&b);
	{
		const struct geo_layer *last = &ls[g->nversions - 1];
		size_t none = 0;

		for (size_t i = 0; i < last->n; i++) {
			int hit = 0;

			for (size_t k = 0; k < t.cap && !hit; k++)
				hit = t.key[k] != NULL && strcmp(catalog_geo_area_id(l, t.key[k], id,
				    sizeof id), last->areas[i].id) == 0;
			if (!hit && none++ < 20)
				buf_addf(&b, " %s", last->areas[i].id);
		}
		if (none > 0) {
			char *line = xasprintf("dataset '%s', column '%s': %zu area%s of '%s' (%s) no "
			    "record names:%s%s", l->dataset, l->column, none, none == 1 ? "" : "s",
			    g->name, g->versions[g->nversions - 1].file, b.s, none > 20 ? " ..." : "");

			emit(arg, line);
			free(line);
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < g->nversions; i++)
		geo_layer_release(&ls[i]);
	free(ls);
	for (size_t k = 0; k < t.cap; k++)
		free(t.key[k]);
	free(t.key);
	free(t.count);
	buf_release(&b);
	return rc;
}

int
where_check_records(struct store *st, const struct catalog *c, const char *dataset,
    void (*emit)(void *, const char *), void *arg, struct kp_err *e)
{
	for (size_t i = 0; i < c->nglinks; i++)
		if ((dataset == NULL || strcmp(c->glinks[i].dataset, dataset) == 0) &&
		    check_link(st, c, &c->glinks[i], emit, arg, e) < 0)
			return -1;
	return 0;
}
