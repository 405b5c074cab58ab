/*
** compute.c: one computed metric's accumulation over raw records (see compute.h). Pure.
**
** Cells are kept per (breakdown value, period): counts and long double sums for the additive
** measures, the values themselves for medians and percentiles. The whole-city figure is the
** union of a period's cells, so a value is stored once whether or not there is a breakdown.
** open_at_end keeps, per breakdown value, +1 at the period a record opens and -1 at the one it
** closes in; a running sum then gives the open count at each period's end, so a record costs
** O(1) however long it stayed open.
*/
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/compute.h"
#include "kpistat/evparse.h"
#include "kpistat/num.h"
#include "kpistat/xmalloc.h"
#include "compute_int.h"

/* ---- setting up -------------------------------------------------------------------- */

static int
col_index(const char *const *cols, size_t ncols, const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < ncols; i++)
		if (strcmp(cols[i], name) == 0)
			return (int)i;
	return -2;
}

static int
setup_filters(struct cjob *j, const char *const *cols, size_t ncols)
{
	const struct compute *k = j->k;

	j->f = xcalloc(k->nfilters + 1, sizeof *j->f);
	j->nf = k->nfilters;
	for (size_t i = 0; i < k->nfilters; i++) {
		const struct filter *src = &k->filters[i];
		const struct ds_column *c = catalog_column(j->d, src->field);
		struct cfilter *f = &j->f[i];
		struct evp_zone utc = { 1, 0, "" };

		if (c == NULL || (f->col = col_index(cols, ncols, src->field)) < 0)
			return -1;
		f->type = c->type;
		f->op = src->op;
		f->n = src->nvals;
		f->s = src->vals;
		f->sn = xcalloc(f->n + 1, sizeof *f->sn);
		f->x = xcalloc(f->n + 1, sizeof *f->x);
		for (size_t v = 0; v < f->n; v++) {
			const char *s = src->vals[v];
			long long ll = 0;
			long day = 0;

			f->sn[v] = strlen(s);
			/* The catalog checked these values: parsing cannot fail here. */
			switch (c->type) {
			case COL_TEXT: break;
			case COL_INTEGER: evp_integer(s, f->sn[v], &ll, NULL); f->x[v] = (double)ll; break;
			case COL_NUMBER: evp_number(s, f->sn[v], &f->x[v], NULL); break;
			case COL_DATE: evp_date(s, f->sn[v], NULL, &day, NULL); f->x[v] = (double)day; break;
			case COL_DATETIME:
				evp_datetime(s, f->sn[v], NULL, &utc, &ll, NULL);
				f->x[v] = (double)ll;
				break;
			}
		}
	}
	return 0;
}

/* Every column the block names is a column of d (a store could hold a stale block). */
static int
columns_known(const struct dataset *d, const struct compute *k)
{
	const char *names[] = { k->period_by, k->from, k->to, k->field, k->numerator,
	    k->denominator, k->breakdown, k->area };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i] != NULL && catalog_column(d, names[i]) == NULL)
			return 0;
	return 1;
}

struct cjob *
cjob_new(const struct metric *m, const struct dataset *d, int fy_start,
    const char *const *cols, size_t ncols, long klo, long khi)
{
	const struct compute *k = m->compute;
	struct cjob *j;

	if (k == NULL || khi < klo || !columns_known(d, k))
		return NULL;
	j = xcalloc(1, sizeof *j);
	j->m = m;
	j->k = k;
	j->d = d;
	j->kind = period_freq_kind(m->freq);
	j->fy = fy_start;
	j->klo = klo;
	j->khi = khi;
	j->nper = (size_t)(khi - klo + 1);
	j->ip = col_index(cols, ncols, k->period_by);
	j->ifrom = col_index(cols, ncols, k->from);
	j->ito = col_index(cols, ncols, k->to);
	j->ifield = col_index(cols, ncols, k->field);
	j->inum = col_index(cols, ncols, k->numerator);
	j->iden = col_index(cols, ncols, k->denominator);
	j->ibrk = col_index(cols, ncols, k->breakdown);
	j->iarea = col_index(cols, ncols, k->area);
	if (k->area)
		j->tarea = catalog_column(d, k->area)->type;
	j->unit = evp_unit_seconds(k->unit ? k->unit : "days");
	for (size_t i = 0; i < 256; i++)
		j->cday[i] = LONG_MIN;
	j->last_b = 0;
	buf_init(&j->tmp, 0);
	if (k->period_by)
		j->tp = catalog_column(d, k->period_by)->type;
	if (k->from)
		j->tfrom = catalog_column(d, k->from)->type;
	if (k->to)
		j->tto = catalog_column(d, k->to)->type;
	if (k->breakdown)
		j->tbrk = catalog_column(d, k->breakdown)->type;
	if (k->field)
		j->tfield = catalog_column(d, k->field)->type;
	if (k->numerator)
		j->tnum = catalog_column(d, k->numerator)->type;
	if (k->denominator)
		j->tden = catalog_column(d, k->denominator)->type;
	j->b = xgrow(NULL, &j->bcap, 1, sizeof *j->b);
	j->b[0].key = xstrdup("");
	j->b[0].label = xstrdup("");
	j->b[0].cells = xcalloc(j->nper + 1, sizeof *j->b[0].cells);
	j->nb = 1;
	j->nslot = 64;
	j->slot = xcalloc(j->nslot, sizeof *j->slot);
	if (j->ip == -2 || j->ifrom == -2 || j->ito == -2 || j->ifield == -2 || j->inum == -2 ||
	    j->iden == -2 || j->ibrk == -2 || j->iarea == -2 || setup_filters(j, cols, ncols) < 0) {
		cjob_free(j);
		return NULL;
	}
	return j;
}

void
cjob_set_group(struct cjob *j, char *const *ids, size_t n, const char *prefix)
{
	j->gids = xcalloc(n + 1, sizeof *j->gids);
	for (size_t i = 0; i < n; i++)
		j->gids[j->ngids++] = xstrdup(ids[i]);
	j->gprefix = prefix ? xstrdup(prefix) : NULL;
}

/* Is the record's area in the group? Its value, prefix stripped, leading zeros dropped. */
static int
in_group(struct cjob *j, const struct ev_value *v)
{
	struct geo_link l = { NULL, NULL, NULL, j->gprefix };
	char raw[128], id[128];

	if (v->null)
		return 0;
	if (j->tarea == COL_INTEGER)
		snprintf(raw, sizeof raw, "%lld", v->i);
	else
		snprintf(raw, sizeof raw, "%.*s", (int)(v->n < 127 ? v->n : 127), v->s);
	catalog_geo_area_id(&l, raw, id, sizeof id);
	for (size_t i = 0; i < j->ngids; i++)
		if (strcmp(j->gids[i], id) == 0)
			return 1;
	return 0;
}

void
cjob_free(struct cjob *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->ngids; i++)
		free(j->gids[i]);
	free(j->gids);
	free(j->gprefix);
	for (size_t i = 0; i < j->nb; i++) {
		for (size_t p = 0; p <= j->nper; p++) {
			free(j->b[i].cells[p].v);
			free(j->b[i].cells[p].iv);
		}
		free(j->b[i].cells);
		free(j->b[i].key);
		free(j->b[i].label);
	}
	for (size_t i = 0; i < j->nf; i++) {
		free(j->f[i].sn);
		free(j->f[i].x);
	}
	free(j->f);
	free(j->b);
	free(j->slot);
	buf_release(&j->tmp);
	free(j);
}

/* ---- breakdown values -------------------------------------------------------------- */

static size_t
hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The label's value text for a breakdown key (type tag + bytes). */
static void
label_of(struct cjob *j, const char *key, size_t n, struct buf *out)
{
	long long ll;
	double x;

	buf_reset(out);
	buf_addf(out, "%s=", j->k->breakdown);
	switch (key[0]) {
	case 'i':
		memcpy(&ll, key + 1, sizeof ll);
		if (j->tbrk == COL_DATE) {
			char d[16];

			buf_adds(out, evp_format_date((long)ll, d, sizeof d));
		} else if (j->tbrk == COL_DATETIME) {
			char d[32];

			buf_adds(out, evp_format_datetime(ll, d, sizeof d));
		} else {
			buf_addf(out, "%lld", ll);
		}
		break;
	case 'd': {
		char num[64];

		memcpy(&x, key + 1, sizeof x);
		buf_adds(out, num_format_exact(x, num, sizeof num));
		break;
	}
	default:
		/* A breakdown value is one line: tabs and line breaks become spaces. */
		for (size_t i = 1; i < n; i++)
			buf_addch(out, key[i] == '\n' || key[i] == '\r' || key[i] == '\t' ? ' ' : key[i]);
	}
}

static void
rehash(struct cjob *j)
{
	free(j->slot);
	j->nslot *= 2;
	j->slot = xcalloc(j->nslot, sizeof *j->slot);
	for (size_t i = 1; i < j->nb; i++) {
		size_t h = hash(j->b[i].key, j->b[i].keylen) & (j->nslot - 1);

		while (j->slot[h] != 0)
			h = (h + 1) & (j->nslot - 1);
		j->slot[h] = i + 1;
	}
}

/* The number of breakdown value key[0..n), added when new. */
static size_t
intern(struct cjob *j, const char *key, size_t n)
{
	size_t h = hash(key, n) & (j->nslot - 1);
	struct bval *b;

	while (j->slot[h] != 0) {
		b = &j->b[j->slot[h] - 1];
		if (b->keylen == n && memcmp(b->key, key, n) == 0)
			return j->slot[h] - 1;
		h = (h + 1) & (j->nslot - 1);
	}
	j->b = xgrow(j->b, &j->bcap, j->nb + 1, sizeof *j->b);
	b = &j->b[j->nb];
	b->key = xmalloc(n + 1);
	memcpy(b->key, key, n);
	b->key[n] = '\0';
	b->keylen = n;
	label_of(j, key, n, &j->tmp);
	b->label = xstrdup(j->tmp.s);
	b->cells = xcalloc(j->nper + 1, sizeof *b->cells);
	j->slot[h] = ++j->nb;
	if (j->nb * 2 > j->nslot)
		rehash(j);
	return j->nb - 1;
}

/* The breakdown number of a row's value (0: none). */
static size_t
breakdown_of(struct cjob *j, const struct ev_value *v)
{
	char key[1 + sizeof(long long)];

	if (v->null)
		return 0;
	switch (j->tbrk) {
	case COL_TEXT:
		if (v->n == 0)
			return 0;
		buf_reset(&j->tmp);
		buf_addch(&j->tmp, 's');
		buf_add(&j->tmp, v->s, v->n);
		{
			/* intern() reuses tmp for the label: hand it a copy of the key. */
			char small[256], *k = j->tmp.len <= sizeof small ? small : xmalloc(j->tmp.len);
			size_t n = j->tmp.len, id;

			memcpy(k, j->tmp.s, n);
			id = intern(j, k, n);
			if (k != small)
				free(k);
			return id;
		}
	case COL_NUMBER:
		key[0] = 'd';
		memcpy(key + 1, &v->d, sizeof v->d);
		return intern(j, key, sizeof key);
	default:
		/* Districts and the like are small numbers that repeat: skip the hash for them. */
		if (v->i >= 0 && v->i < (long long)(sizeof j->small_b / sizeof j->small_b[0]) &&
		    j->small_b[v->i] != 0)
			return j->small_b[v->i];
		if (j->last_b != 0 && v->i == j->last_i)
			return j->last_b;
		key[0] = 'i';
		memcpy(key + 1, &v->i, sizeof v->i);
		j->last_i = v->i;
		j->last_b = intern(j, key, sizeof key);
		if (v->i >= 0 && v->i < (long long)(sizeof j->small_b / sizeof j->small_b[0]))
			j->small_b[v->i] = j->last_b;
		return j->last_b;
	}
}

void
cjob_seed_breakdown(struct cjob *j, const char *value)
{
	struct ev_value v;
	char *end;

	memset(&v, 0, sizeof v);
	if (j->ibrk < 0 || *value == '\0')
		return;
	switch (j->tbrk) {
	case COL_TEXT:
		v.s = value;
		v.n = strlen(value);
		break;
	case COL_NUMBER:
		v.d = strtod(value, &end);
		if (*end != '\0')
			return;
		break;
	case COL_INTEGER:
		if (evp_integer(value, strlen(value), &v.i, NULL) < 0)
			return;
		break;
	case COL_DATE: {
		long day;

		if (evp_date(value, strlen(value), NULL, &day, NULL) < 0)
			return;
		v.i = day;
		break;
	}
	case COL_DATETIME: {
		struct evp_zone utc = { 1, 0, "" };

		if (evp_datetime(value, strlen(value), NULL, &utc, &v.i, NULL) < 0)
			return;
		break;
	}
	}
	(void)breakdown_of(j, &v);
}

/* ---- feeding records ----------------------------------------------------------------- */

/* SQL-like: a missing value fails every test except ne and not_in. */
static int
passes(const struct cfilter *f, const struct ev_value *v)
{
	int hit = 0;
	double x;

	if (v->null)
		return f->op == FOP_NE || f->op == FOP_NOT_IN;
	if (f->type == COL_TEXT) {
		for (size_t i = 0; i < f->n && !hit; i++)
			hit = f->sn[i] == v->n && memcmp(f->s[i], v->s, v->n) == 0;
		return f->op == FOP_NE || f->op == FOP_NOT_IN ? !hit : hit;
	}
	x = f->type == COL_NUMBER ? v->d : (double)v->i;
	switch (f->op) {
	case FOP_EQ:
	case FOP_IN:
	case FOP_NE:
	case FOP_NOT_IN:
		for (size_t i = 0; i < f->n && !hit; i++)
			hit = x == f->x[i];
		return f->op == FOP_NE || f->op == FOP_NOT_IN ? !hit : hit;
	case FOP_LT: return x < f->x[0];
	case FOP_LE: return x <= f->x[0];
	case FOP_GT: return x > f->x[0];
	case FOP_GE: return x >= f->x[0];
	}
	return 0;
}

/* Day of a date or date-time value (floor division: times before 1970 go to the right day). */
static long
day_of(enum col_type t, long long v)
{
	if (t == COL_DATE)
		return (long)v;
	return (long)(v >= 0 ? v / 86400 : -((-v + 86399) / 86400));
}

/* The period key of a day; a small cache, as records come in runs of nearby days. */
static long
key_of_day(struct cjob *j, long day)
{
	size_t h = (size_t)day & 255;
	struct period p;

	if (j->cday[h] == day)
		return j->ckey[h];
	p = period_of_day(j->kind, day, j->fy);
	j->cday[h] = day;
	j->ckey[h] = period_key(&p);
	return j->ckey[h];
}

static long long
seconds(enum col_type t, long long v)
{
	return t == COL_DATE ? v * 86400 : v;
}

static void
push(struct cell *c, double x)
{
	if (c->nv == c->cap)
		c->v = xgrow(c->v, &c->cap, c->nv + 1, sizeof *c->v);
	c->v[c->nv++] = x;
}

/*
** A duration of `secs` seconds, in `unit`s. Kept as 32-bit seconds while every duration of the
** cell fits (68 years), which halves the memory of a median over millions of records; the
** division is the same one, made when the median is taken (compute_result.c).
*/
static void
push_secs(struct cell *c, long long secs, double unit)
{
	if (c->v == NULL && secs >= INT32_MIN && secs <= INT32_MAX) {
		if (c->nv == c->cap)
			c->iv = xgrow(c->iv, &c->cap, c->nv + 1, sizeof *c->iv);
		c->iv[c->nv++] = (int32_t)secs;
		return;
	}
	if (c->iv != NULL) {
		c->v = xmalloc((c->nv + 1) * sizeof *c->v);
		for (size_t i = 0; i < c->nv; i++)
			c->v[i] = (double)c->iv[i] / unit;
		free(c->iv);
		c->iv = NULL;
		c->cap = c->nv + 1;
	}
	push(c, (double)secs / unit);
}

static double
num(enum col_type t, const struct ev_value *v)
{
	return t == COL_NUMBER ? v->d : (double)v->i;
}

/* open_at_end: open from the period of `from` up to (not including) the period of `to`. */
static void
add_open(struct cjob *j, const struct ev_value *row, struct cell *cells)
{
	const struct ev_value *f = &row[j->ifrom], *t = &row[j->ito];
	long fk, tk, s, e;

	if (f->null)
		return;
	fk = key_of_day(j, day_of(j->tfrom, f->i));
	if (!t->null && seconds(j->tto, t->i) < seconds(j->tfrom, f->i)) {
		if (fk >= j->klo && fk <= j->khi)
			cells[fk - j->klo].bad++;
		return;
	}
	tk = t->null ? j->khi + 1 : key_of_day(j, day_of(j->tto, t->i));
	s = fk > j->klo ? fk : j->klo;
	e = tk < j->khi + 1 ? tk : j->khi + 1;
	if (s < e) {
		cells[s - j->klo].n++;
		cells[e - j->klo].n--;
	}
}

void
cjob_add(struct cjob *j, const struct ev_value *row)
{
	const struct compute *k = j->k;
	struct cell *cells, *c;
	size_t bv;
	long key;
	long long secs;

	for (size_t i = 0; i < j->nf; i++)
		if (!passes(&j->f[i], &row[j->f[i].col]))
			return;
	/* The number first: interning a new value may move j->b. */
	bv = j->ibrk >= 0 ? breakdown_of(j, &row[j->ibrk]) : 0;
	cells = j->b[bv].cells;
	if (k->measure == MEAS_OPEN_AT_END) {
		add_open(j, row, cells);
		return;
	}
	if (row[j->ip].null)
		return;
	key = key_of_day(j, day_of(j->tp, row[j->ip].i));
	if (key < j->klo || key > j->khi)
		return;
	c = &cells[key - j->klo];
	switch (k->measure) {
	case MEAS_COUNT:
		c->n++;
		break;
	case MEAS_SUM:
	case MEAS_MEAN:
		if (!row[j->ifield].null) {
			c->n++;
			c->s1 += num(j->tfield, &row[j->ifield]);
		}
		break;
	case MEAS_MEDIAN:
	case MEAS_PERCENTILE:
		if (!row[j->ifield].null) {
			c->n++;
			push(c, num(j->tfield, &row[j->ifield]));
		}
		break;
	case MEAS_RATE:
		if (!row[j->inum].null && !row[j->iden].null) {
			c->n++;
			c->s1 += num(j->tnum, &row[j->inum]);
			c->s2 += num(j->tden, &row[j->iden]);
		}
		break;
	case MEAS_SHARE_WITHIN:
	case MEAS_DURATION_MEDIAN:
	case MEAS_DURATION_PERCENTILE:
	case MEAS_DURATION_MEAN:
		if (row[j->ifrom].null || row[j->ito].null)
			break;
		secs = seconds(j->tto, row[j->ito].i) - seconds(j->tfrom, row[j->ifrom].i);
		if (secs < 0) {
			c->bad++;
			break;
		}
		c->n++;
		if (k->measure == MEAS_SHARE_WITHIN)
			c->k += (double)secs <= k->within;
		else if (k->measure == MEAS_DURATION_MEAN)
			c->s1 += (double)secs / j->unit;
		else
			push_secs(c, secs, j->unit);
		break;
	case MEAS_SHARE_IN_GROUP:
		/* Records (or the field's sum) in all areas and in the group's. */
		if (j->ifield >= 0) {
			double x;

			if (row[j->ifield].null)
				break;
			x = num(j->tfield, &row[j->ifield]);
			c->n++;
			c->s2 += x;
			if (in_group(j, &row[j->iarea]))
				c->s1 += x;
		} else {
			c->n++;
			c->k += in_group(j, &row[j->iarea]);
		}
		break;
	case MEAS_OPEN_AT_END:
		break;
	}
}

