/*
** catalog_diff.c: say, line by line, how a newly loaded catalog differs from the store's, so
** that `kpistat catalog load` reports what it changed (and nothing when nothing did).
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/buf.h"
#include "kpistat/catalog.h"
#include "kpistat/num.h"

struct out {
	void	(*emit)(void *, const char *);
	void	*arg;
	size_t	 n;
	int	 only_removals;	/* catalog_removals: say() is silent, say_rm() speaks */
};

static void say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say_rm(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
vsay(struct out *o, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof line, fmt, ap);
	o->emit(o->arg, line);
	o->n++;
}

/* A change that adds or alters something. */
static void
say(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->only_removals)
		return;
	va_start(ap, fmt);
	vsay(o, fmt, ap);
	va_end(ap);
}

/* A change that takes something away (a metric retired, a department removed, ...). */
static void
say_rm(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(o, fmt, ap);
	va_end(ap);
}

static int
streq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Append " what" to the list of changed fields when a and b differ. */
static void
field(struct buf *b, const char *what, int differ)
{
	if (differ)
		buf_addf(b, "%s%s", b->len ? ", " : "", what);
}

static int
same_targets(const struct metric *a, const struct metric *b)
{
	if (a->ntargets != b->ntargets)
		return 0;
	for (size_t i = 0; i < a->ntargets; i++) {
		const struct target *x = &a->targets[i], *y = &b->targets[i];

		if (period_key(&x->from) != period_key(&y->from) || x->from.kind != y->from.kind ||
		    x->value != y->value || x->has_tol != y->has_tol ||
		    (x->has_tol && (x->tol != y->tol || x->tol_pct != y->tol_pct)))
			return 0;
	}
	return 1;
}

static int
same_rebase(const struct metric *a, const struct metric *b)
{
	if (a->nrebase != b->nrebase)
		return 0;
	for (size_t i = 0; i < a->nrebase; i++)
		if (memcmp(&a->rebase[i], &b->rebase[i], sizeof a->rebase[i]) != 0)
			return 0;
	return 1;
}

static void
diff_metric(struct out *o, const struct metric *a, const struct metric *b)
{
	struct buf f = BUF_INIT;

	field(&f, "name", !streq(a->name, b->name));
	field(&f, "department", !streq(a->department, b->department));
	field(&f, "unit", !streq(a->unit, b->unit));
	field(&f, "decimals", a->decimals != b->decimals);
	field(&f, "direction", a->direction != b->direction);
	field(&f, "frequency", a->freq != b->freq);
	field(&f, "rollup", a->rollup != b->rollup);
	field(&f, "description", !streq(a->description, b->description));
	field(&f, "source", !streq(a->source, b->source));
	field(&f, "targets", !same_targets(a, b));
	field(&f, "rebase", !same_rebase(a, b));
	field(&f, "min", a->has_min != b->has_min || (a->has_min && a->min != b->min));
	field(&f, "max", a->has_max != b->has_max || (a->has_max && a->max != b->max));
	field(&f, "compute", a->computed != b->computed ||
	    !catalog_compute_equal(a->compute, b->compute));
	if (a->retired)
		say(o, "metric '%s' restored from retirement", b->code);
	if (f.len)
		say(o, "metric '%s' changed: %s", b->code, f.s);
	buf_release(&f);
}

/*
** Whether a retired metric of `c` names department `code`: the store keeps such a department
** after the catalog file drops it, so its absence from the file is no change.
*/
static int
kept_for_retired(const struct catalog *c, const char *code)
{
	for (size_t i = 0; i < c->nmetrics; i++)
		if (c->metrics[i].retired && streq(c->metrics[i].department, code))
			return 1;
	return 0;
}

static int
same_program(const struct program *a, const struct program *b)
{
	if (!streq(a->title, b->title) || !streq(a->template, b->template) ||
	    a->nmetrics != b->nmetrics)
		return 0;
	for (size_t i = 0; i < a->nmetrics; i++)
		if (strcmp(a->metrics[i], b->metrics[i]) != 0)
			return 0;
	return 1;
}

static size_t
diff(const struct catalog *old, const struct catalog *new,
    void (*emit)(void *arg, const char *line), void *arg, int only_removals)
{
	struct out o = { emit, arg, 0, only_removals };

	if (!streq(old->city, new->city))
		say(&o, "city set to '%s'", new->city ? new->city : "");
	if (old->fy_start != new->fy_start)
		say(&o, "fiscal year start changed from month %d to %d", old->fy_start, new->fy_start);
	for (size_t i = 0; i < new->ndepts; i++) {
		const struct department *b = &new->depts[i], *a = catalog_dept(old, b->code);

		if (a == NULL)
			say(&o, "department '%s' added", b->code);
		else if (!streq(a->name, b->name) || !streq(a->head, b->head))
			say(&o, "department '%s' changed", b->code);
	}
	for (size_t i = 0; i < old->ndepts; i++)
		if (catalog_dept(new, old->depts[i].code) == NULL &&
		    !kept_for_retired(old, old->depts[i].code))
			say_rm(&o, "department '%s' removed", old->depts[i].code);
	for (size_t i = 0; i < new->nmetrics; i++) {
		const struct metric *b = &new->metrics[i], *a = catalog_metric(old, b->code);

		if (a == NULL)
			say(&o, "metric '%s' added", b->code);
		else
			diff_metric(&o, a, b);
	}
	for (size_t i = 0; i < old->nmetrics; i++)
		if (!old->metrics[i].retired && catalog_metric(new, old->metrics[i].code) == NULL)
			say_rm(&o, "metric '%s' retired (no longer in the catalog; its figures are kept)",
			    old->metrics[i].code);
	for (size_t i = 0; i < new->nprograms; i++) {
		const struct program *b = &new->programs[i], *a = catalog_program(old, b->code);

		if (a == NULL)
			say(&o, "program '%s' added", b->code);
		else if (!same_program(a, b))
			say(&o, "program '%s' changed", b->code);
	}
	for (size_t i = 0; i < old->nprograms; i++)
		if (catalog_program(new, old->programs[i].code) == NULL)
			say_rm(&o, "program '%s' removed", old->programs[i].code);
	o.n += catalog_diff_datasets(old, new, emit, arg, only_removals);
	o.n += catalog_diff_geos(old, new, emit, arg, only_removals);
	return o.n;
}

size_t
catalog_diff(const struct catalog *old, const struct catalog *new,
    void (*emit)(void *arg, const char *line), void *arg)
{
	return diff(old, new, emit, arg, 0);
}

size_t
catalog_removals(const struct catalog *old, const struct catalog *new,
    void (*emit)(void *arg, const char *line), void *arg)
{
	return diff(old, new, emit, arg, 1);
}
