/*
** cmd_catalog.c: `kpistat catalog load FILE.yaml` and `kpistat catalog show`.
**
** Loading is idempotent: the file is checked as a whole first, then compared with the store's
** catalog, and only the differences are written, in one transaction, and reported.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/catalog.h"
#include "kpistat/cmd.h"
#include "kpistat/num.h"
#include "kpistat/store.h"

static const char catalog_help[] =
    "  catalog load FILE.yaml [--dry-run] [--prune]\n"
    "                                       check the catalog and make the store match it;\n"
    "                                       prints what changed (nothing when nothing did)\n"
    "      --prune   needed when the file retires metrics or removes departments, programs,\n"
    "                datasets or geographies (else the changes are listed and nothing is\n"
    "                written: a file cut short must not take half the catalog with it)\n"
    "  catalog show                         list departments, metrics, targets, programs\n"
    "The catalog format is in README.md and kpistat(1).\n";

static void
print_line(void *arg, const char *line)
{
	(void)arg;
	printf("  %s\n", line);
}

/*
** A metric's frequency decides the form of its stored periods: changing it under stored
** figures would strand them. Returns the number of such metrics (each reported).
*/
static int
check_frequency_changes(struct cmd_ctx *ctx, struct store *st, const struct catalog *old,
    const struct catalog *new, const char *path, struct kp_err *e)
{
	int bad = 0;

	for (size_t i = 0; i < new->nmetrics; i++) {
		const struct metric *b = &new->metrics[i], *a = catalog_metric(old, b->code);
		long n;

		if (a == NULL || a->freq == b->freq)
			continue;
		if ((n = store_count_figures(st, b->code)) < 0)
			return err_set(e, KP_IOERR, ctx->db_path, "cannot count figures");
		if (n > 0) {
			err_printf(ctx->prog, "%s: metric '%s': frequency cannot change from %s to %s: "
			    "it has %ld figure%s stored by %s; add a new metric with the new frequency instead",
			    path, b->code, period_freq_name(a->freq), period_freq_name(b->freq), n,
			    n == 1 ? "" : "s", period_kind_name(period_freq_kind(a->freq)));
			bad++;
		}
	}
	return bad;
}

static void
count_line(void *arg, const char *line)
{
	(void)line;
	(void)arg;
}

static int
catalog_load(struct cmd_ctx *ctx, const char *path, int dry_run, int prune)
{
	struct catalog new, old;
	struct diags d;
	struct kp_err e;
	struct store *st;
	size_t n, rm;
	int rc = KP_OK, bad;

	diags_init(&d, 50);
	if (catalog_load_file(path, &new, &d) < 0) {
		diags_print(&d, ctx->prog, stderr);
		rc = d.code;
		fprintf(stderr, "%s: catalog not loaded: %zu problem%s in '%s'\n", ctx->prog,
		    d.total, d.total == 1 ? "" : "s", path);
		diags_release(&d);
		return rc;
	}
	diags_release(&d);
	for (size_t i = 0; i < new.nwarnings; i++)
		fprintf(stderr, "%s: %s\n", ctx->prog, new.warnings[i]);
	if ((st = cmd_open_store(ctx, 0, &e)) == NULL) {
		catalog_release(&new);
		return cmd_fail(ctx, &e);
	}
	if (store_begin(st, &e) < 0 || store_catalog_read(st, &old, &e) < 0)
		goto fail;
	if ((bad = check_frequency_changes(ctx, st, &old, &new, path, &e)) != 0) {
		catalog_release(&old);
		if (bad < 0)
			goto fail;
		store_rollback(st);
		store_close(st);
		catalog_release(&new);
		fprintf(stderr, "%s: catalog not loaded\n", ctx->prog);
		return KP_DATA;
	}
	printf("%s: %zu department%s, %zu metric%s, %zu program%s", path, new.ndepts,
	    new.ndepts == 1 ? "" : "s", new.nmetrics, new.nmetrics == 1 ? "" : "s",
	    new.nprograms, new.nprograms == 1 ? "" : "s");
	if (new.ndatasets > 0)
		printf(", %zu dataset%s", new.ndatasets, new.ndatasets == 1 ? "" : "s");
	if (new.ngeos > 0)
		printf(", %zu geograph%s", new.ngeos, new.ngeos == 1 ? "y" : "ies");
	printf("\n");
	n = catalog_diff(&old, &new, print_line, NULL);
	rm = catalog_removals(&old, &new, count_line, NULL);
	catalog_release(&old);
	if (n == 0) {
		printf("catalog unchanged\n");
		store_rollback(st);
	} else if (dry_run) {
		printf("dry run: %zu change%s not written%s\n", n, n == 1 ? "" : "s",
		    rm > 0 && !prune ? " (loading it needs --prune: it retires or removes "
		    "something)" : "");
		store_rollback(st);
	} else if (rm > 0 && !prune) {
		store_rollback(st);
		fprintf(stderr, "%s: %s: catalog not loaded: it would retire or remove %zu "
		    "thing%s (listed above); if that is meant, load it again with --prune, else "
		    "check the file (is it cut short?)\n", ctx->prog, path, rm, rm == 1 ? "" : "s");
		rc = KP_DATA;
	} else {
		if (store_catalog_write(st, &new, &e) < 0 || store_commit(st, &e) < 0)
			goto fail;
		printf("catalog updated: %zu change%s\n", n, n == 1 ? "" : "s");
	}
	catalog_release(&new);
	store_close(st);
	return rc;
fail:
	store_rollback(st);
	store_close(st);
	catalog_release(&new);
	return cmd_fail(ctx, &e);
}

static void
show_target(const struct metric *m, const struct target *t)
{
	char v[64], from[PERIOD_STRLEN];

	printf("      target %s %s from %s", num_format(t->value, m->decimals, v, sizeof v),
	    m->unit, period_format(&t->from, from));
	if (t->has_tol)
		printf(" (near within %g%s)", t->tol, t->tol_pct ? "%" : "");
	printf("\n");
}

/* "computed: duration_median of permits (submitted_at -> decided_at) by district, where ..." */
static void
show_compute(const struct compute *k)
{
	printf("      computed: %s of %s", catalog_measure_name(k->measure), k->dataset);
	if (k->field)
		printf(" %s", k->field);
	if (k->numerator)
		printf(" %s%s / %s", k->complement ? "1 - " : "", k->numerator, k->denominator);
	if (k->from)
		printf(" (%s -> %s)", k->from, k->to);
	if (k->period_by)
		printf(", period by %s", k->period_by);
	if (k->breakdown)
		printf(", per %s", k->breakdown);
	for (size_t i = 0; i < k->nfilters; i++) {
		printf("%s %s %s", i ? " and" : ", where", k->filters[i].field,
		    catalog_filter_op_name(k->filters[i].op));
		for (size_t j = 0; j < k->filters[i].nvals; j++)
			printf("%s%s", j ? "|" : " ", k->filters[i].vals[j]);
	}
	printf("\n");
}

static void
show_dataset(const struct dataset *d)
{
	printf("  %s  key", d->name);
	for (size_t i = 0; i < d->nkey; i++)
		printf("%s%s", i ? "+" : " ", d->key[i]);
	printf(":");
	for (size_t i = 0; i < d->ncols; i++)
		printf(" %s %s%s", d->cols[i].name, catalog_col_type_name(d->cols[i].type),
		    i + 1 < d->ncols ? "," : "");
	printf("\n");
}

static int
catalog_show(struct cmd_ctx *ctx)
{
	struct catalog c;
	struct kp_err e;
	struct store *st;

	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(st, &c, &e) < 0) {
		store_close(st);
		return cmd_fail(ctx, &e);
	}
	printf("city: %s (fiscal year starts in month %d)\n", c.city ? c.city : "(unnamed)",
	    c.fy_start);
	for (size_t i = 0; i < c.ndepts; i++) {
		const struct department *d = &c.depts[i];

		printf("\n%s  %s%s%s\n", d->code, d->name, d->head ? ", head: " : "",
		    d->head ? d->head : "");
		for (size_t j = 0; j < c.nmetrics; j++) {
			const struct metric *m = &c.metrics[j];

			if (strcmp(m->department, d->code) != 0)
				continue;
			printf("  %s%s  %s [%s; %s; %s%s]\n", m->code,
			    m->retired ? " (retired)" : "", m->name, m->unit[0] ? m->unit : "no unit",
			    m->direction == DIR_HIGHER ? "higher is better" :
			    m->direction == DIR_LOWER ? "lower is better" : "neither way is better",
			    period_freq_name(m->freq),
			    m->computed ? "; computed" : "");
			for (size_t k = 0; k < m->ntargets; k++)
				show_target(m, &m->targets[k]);
			if (m->has_min || m->has_max) {
				char lo[64], hi[64];

				printf("      range %s .. %s\n", m->has_min ? num_format_exact(m->min, lo,
				    sizeof lo) : "", m->has_max ? num_format_exact(m->max, hi, sizeof hi) : "");
			}
			if (m->compute != NULL)
				show_compute(m->compute);
		}
	}
	if (c.ndatasets)
		printf("\ndatasets:\n");
	for (size_t i = 0; i < c.ndatasets; i++)
		show_dataset(&c.datasets[i]);
	if (c.nprograms)
		printf("\nprograms:\n");
	for (size_t i = 0; i < c.nprograms; i++)
		printf("  %s  %s (%zu metrics%s%s)\n", c.programs[i].code, c.programs[i].title,
		    c.programs[i].nmetrics, c.programs[i].template ? ", template " : "",
		    c.programs[i].template ? c.programs[i].template : "");
	catalog_release(&c);
	store_close(st);
	return KP_OK;
}

int
cmd_catalog(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "prune", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, dry_run = 0, prune = 0;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":nh", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			ctx->db_path = optarg;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'p':
			prune = 1;
			break;
		case 'h':
			cmd_usage(stdout, "catalog", catalog_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "catalog", c, argv);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(ctx, "catalog", "missing action: load or show");
	if (strcmp(argv[optind], "load") == 0) {
		if (optind + 2 != argc)
			return cmd_usage_error(ctx, "catalog", "catalog load takes one FILE.yaml");
		return catalog_load(ctx, argv[optind + 1], dry_run, prune);
	}
	if (strcmp(argv[optind], "show") == 0) {
		if (optind + 1 != argc)
			return cmd_usage_error(ctx, "catalog", "catalog show takes no arguments");
		return catalog_show(ctx);
	}
	return cmd_usage_error(ctx, "catalog", "unknown action '%s': expected load or show",
	    argv[optind]);
}
