/*
** compute_result.c: a compute job's cells turned into figures (see compute.h): the measures
** themselves, including the order statistics behind medians and percentiles. Pure.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/compute.h"
#include "kpistat/num.h"
#include "kpistat/xmalloc.h"
#include "compute_int.h"

/* ---- order statistics ---------------------------------------------------------------- */

static void
swap(double *a, double *b)
{
	double t = *a;

	*a = *b;
	*b = t;
}

/* Put the k-th smallest of v[0..n) at v[k], smaller ones before it (Hoare's selection). */
static void
select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
		double pivot;

		/* Median of three keeps sorted and reverse-sorted input linear. */
		if (v[mid] < v[lo])
			swap(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap(&v[hi], &v[lo]);
		if (v[hi] < v[mid])
			swap(&v[hi], &v[mid]);
		pivot = v[mid];
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				swap(&v[i], &v[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

double
compute_percentile(double *v, size_t n, double p)
{
	double h = (double)(n - 1) * p / 100, lo, hi;
	size_t i = (size_t)floor(h);

	select_kth(v, n, i);
	lo = v[i];
	if (i + 1 >= n || h == (double)i)
		return lo;
	/* The next order statistic is the least of what lies above position i. */
	hi = v[i + 1];
	for (size_t j = i + 2; j < n; j++)
		if (v[j] < hi)
			hi = v[j];
	return lo + (h - (double)i) * (hi - lo);
}

double
compute_median(double *v, size_t n)
{
	return compute_percentile(v, n, 50);
}

/* ---- results --------------------------------------------------------------------------- */

/*
** The figure of the union of cells `cs` (ncs of them), or 0 when there is none; f->vals is
** then to be freed when it is not cs[0]->v.
*/
static int
value_of(struct cjob *j, struct cell **cs, size_t ncs, struct cfigure *f)
{
	double *out = &f->value;
	const struct compute *k = j->k;
	long long n = 0, within = 0;
	long double s1 = 0, s2 = 0;
	size_t nv = 0, at = 0;
	double *v, r;

	for (size_t i = 0; i < ncs; i++) {
		n += cs[i]->n;
		within += cs[i]->k;
		s1 += cs[i]->s1;
		s2 += cs[i]->s2;
		nv += cs[i]->nv;
	}
	f->num = f->den = NAN;
	f->vals = NULL;
	f->nvals = 0;
	switch (k->measure) {
	case MEAS_COUNT:
	case MEAS_OPEN_AT_END:
		*out = (double)n;
		f->num = (double)n;
		f->den = 0;
		return 1;
	case MEAS_SUM:
		*out = num_tidy((double)s1);
		return 1;
	case MEAS_MEAN:
	case MEAS_DURATION_MEAN:
		if (n == 0)
			return 0;
		*out = num_tidy((double)(s1 / n));
		return 1;
	case MEAS_SHARE_WITHIN:
		if (n == 0)
			return 0;
		*out = num_tidy((double)within / (double)n * k->scale);
		f->num = (double)within;
		f->den = (double)n;
		return 1;
	case MEAS_SHARE_IN_GROUP:
		if (n == 0 || (k->field != NULL && s2 == 0))
			return 0;
		f->num = k->field != NULL ? (double)s1 : (double)within;
		f->den = k->field != NULL ? (double)s2 : (double)n;
		*out = num_tidy(f->num / f->den * k->scale);
		return 1;
	case MEAS_RATE:
		if (n == 0 || s2 == 0)
			return 0;
		r = (double)(s1 / s2);
		*out = num_tidy((k->complement ? 1 - r : r) * k->scale);
		f->num = (double)(k->complement ? s2 - s1 : s1);
		f->den = (double)s2;
		return 1;
	default:
		break;
	}
	if (nv == 0)
		return 0;
	/* One cell of doubles: select in place; else copy them together first. */
	if (ncs == 1 && cs[0]->iv == NULL) {
		v = cs[0]->v;
	} else {
		v = xmalloc(nv * sizeof *v);
		for (size_t i = 0; i < ncs; i++) {
			if (cs[i]->iv != NULL)
				for (size_t x = 0; x < cs[i]->nv; x++)
					v[at + x] = (double)cs[i]->iv[x] / j->unit;
			else if (cs[i]->nv)
				memcpy(v + at, cs[i]->v, cs[i]->nv * sizeof *v);
			at += cs[i]->nv;
		}
	}
	*out = num_tidy(compute_percentile(v, nv, k->measure == MEAS_MEDIAN ||
	    k->measure == MEAS_DURATION_MEDIAN ? 50 : k->p));
	f->vals = v;
	f->nvals = nv;
	return 1;
}

static int
by_label(const void *a, const void *b)
{
	const struct bval *const *x = a, *const *y = b;

	return strcmp((*x)->label, (*y)->label);
}

/* open_at_end: turn each value's +1/-1 differences into running open counts. */
static void
running_sums(struct cjob *j)
{
	for (size_t b = 0; b < j->nb; b++) {
		long long open = 0;

		for (size_t p = 0; p < j->nper; p++) {
			open += j->b[b].cells[p].n;
			j->b[b].cells[p].n = open;
		}
	}
}

const char *
compute_note_what(const struct compute *k, char *buf, size_t n)
{
	snprintf(buf, n, "records with %s before %s left out", k->to ? k->to : "",
	    k->from ? k->from : "");
	return buf;
}

void
compute_check_bounds(const struct metric *m, const struct figure *f, struct compute_result *r,
    struct diags *w)
{
	char what[400], per[PERIOD_STRLEN];

	if (!catalog_out_of_bounds(m, f->value, what, sizeof what))
		return;
	r->outliers++;
	diags_add(w, 0, NULL, "warning: %s %s%s%s: computed %s: stored, as the records give it; "
	    "check the records, or the metric's min:/max: in the catalog", m->code,
	    period_format(&f->period, per), *f->breakdown ? " " : "", f->breakdown, what);
}

int
cjob_finish(struct cjob *j, cjob_emit_fn *emit, cjob_note_fn *note, void *arg)
{
	struct bval **order = xcalloc(j->nb + 1, sizeof *order);
	struct cell **cs = xcalloc(j->nb + 1, sizeof *cs);
	int count = catalog_measure_is_count(j->k->measure), rc = 0;
	char what[200];

	if (j->k->measure == MEAS_OPEN_AT_END)
		running_sums(j);
	for (size_t b = 1; b < j->nb; b++)
		order[b - 1] = &j->b[b];
	qsort(order, j->nb - 1, sizeof *order, by_label);
	compute_note_what(j->k, what, sizeof what);
	for (size_t p = 0; rc == 0 && p < j->nper; p++) {
		struct cfigure f;
		long long bad = 0;

		f.period = period_from_key(j->kind, j->klo + (long)p);
		for (size_t b = 0; b < j->nb; b++) {
			cs[b] = &j->b[b].cells[p];
			bad += cs[b]->bad;
		}
		f.breakdown = "";
		if (value_of(j, cs, j->nb, &f)) {
			rc = emit(arg, &f);
			if (f.vals != cs[0]->v)
				free(f.vals);
		}
		for (size_t b = 0; rc == 0 && b + 1 < j->nb; b++) {
			struct cell *c = &order[b]->cells[p];

			f.breakdown = order[b]->label;
			if ((c->n > 0 || count) && value_of(j, &c, 1, &f)) {
				rc = emit(arg, &f);
				if (f.vals != c->v)
					free(f.vals);
			}
		}
		if (rc == 0 && note != NULL && j->k->from != NULL)
			rc = note(arg, &f.period, what, (long)bad);
	}
	free(order);
	free(cs);
	return rc;
}
