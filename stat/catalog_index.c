/*
** catalog_index.c: departments, metrics and programs found by code in constant time.
**
** A catalog of tens of thousands of departments was loaded in quadratic time when every
** lookup walked the array (40,000 departments: 10 s, most of it in strcmp). Each kind now has
** an open-addressing hash table of array positions, made on the first lookup of a large
** catalog and extended as entries are appended (the reader looks up each code before adding
** it). Positions, not pointers, are kept, so the arrays may move when they grow. The tables
** hang off a const catalog: they are a cache that never changes what a lookup returns.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/catalog.h"
#include "kpistat/xmalloc.h"
#include "catalog_int.h"

#define IDX_MIN	32	/* fewer entries are looked up by walking the array */

/* One kind's table: slot values are position + 1, 0 is empty; cap is a power of two. */
struct table {
	size_t	*slot;
	size_t	 cap;
	size_t	 n;		/* entries of the array in the table (positions 0..n-1) */
};

struct catalog_index {
	struct table	 dept, metric, program;
};

/* The code of entry i of an array of structs whose first member is `char *code`. */
typedef const char *code_fn(const void *base, size_t i);

static const char *
dept_code(const void *base, size_t i)
{
	return ((const struct department *)base)[i].code;
}

static const char *
metric_code(const void *base, size_t i)
{
	return ((const struct metric *)base)[i].code;
}

static const char *
program_code(const void *base, size_t i)
{
	return ((const struct program *)base)[i].code;
}

/* FNV-1a. */
static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static void
put(struct table *t, size_t pos, const char *code)
{
	size_t k = hash(code) & (t->cap - 1);

	while (t->slot[k] != 0)
		k = (k + 1) & (t->cap - 1);
	t->slot[k] = pos + 1;
}

/* Bring t up to the array's n entries: append the new ones, or make it again when it shrank. */
static void
sync(struct table *t, const void *base, size_t n, code_fn *code)
{
	if (n < t->n || n * 2 > t->cap) {
		size_t cap = 64;

		while (cap < n * 2)
			cap *= 2;
		free(t->slot);
		t->slot = xcalloc(cap, sizeof *t->slot);
		t->cap = cap;
		t->n = 0;
	}
	for (; t->n < n; t->n++)
		put(t, t->n, code(base, t->n));
}

/* Position of `code` in the array (first such entry), or -1; t NULL: walk the array. */
static long
find(struct table *t, const void *base, size_t n, code_fn *fn, const char *code)
{
	if (t == NULL) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(fn(base, i), code) == 0)
				return (long)i;
		return -1;
	}
	sync(t, base, n, fn);
	/* Probing from the hash finds the first-inserted entry of a code first. */
	for (size_t k = hash(code) & (t->cap - 1); t->slot[k] != 0; k = (k + 1) & (t->cap - 1))
		if (strcmp(fn(base, t->slot[k] - 1), code) == 0)
			return (long)(t->slot[k] - 1);
	return -1;
}

/* The catalog's tables, made on first use (the catalog is never a const object). */
static struct catalog_index *
index_of(const struct catalog *c)
{
	struct catalog *w = (struct catalog *)(uintptr_t)c;

	if (w->idx == NULL)
		w->idx = xcalloc(1, sizeof *w->idx);
	return w->idx;
}

const struct department *
catalog_dept(const struct catalog *c, const char *code)
{
	long i = find(c->ndepts < IDX_MIN ? NULL : &index_of(c)->dept, c->depts, c->ndepts,
	    dept_code, code);

	return i < 0 ? NULL : &c->depts[i];
}

const struct metric *
catalog_metric(const struct catalog *c, const char *code)
{
	long i = find(c->nmetrics < IDX_MIN ? NULL : &index_of(c)->metric, c->metrics,
	    c->nmetrics, metric_code, code);

	return i < 0 ? NULL : &c->metrics[i];
}

const struct program *
catalog_program(const struct catalog *c, const char *code)
{
	long i = find(c->nprograms < IDX_MIN ? NULL : &index_of(c)->program, c->programs,
	    c->nprograms, program_code, code);

	return i < 0 ? NULL : &c->programs[i];
}

void
catalog_index_free(struct catalog_index *x)
{
	if (x == NULL)
		return;
	free(x->dept.slot);
	free(x->metric.slot);
	free(x->program.slot);
	free(x);
}
