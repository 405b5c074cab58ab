/*
** import.c: figures from CSV, all or nothing (see import.h).
**
** The whole file runs inside one write transaction: rows are checked and written as they are
** read, so memory stays flat, and the transaction is rolled back unless every row was good.
** After the first bad row the rows are still checked against the store, so that one run reports
** all the problems; the rollback undoes whatever was written meanwhile.
*/
#include <stdio.h>
#include <string.h>

#include "kpistat/csv.h"
#include "kpistat/entry.h"
#include "kpistat/import.h"
#include "kpistat/num.h"

/* Column positions in this file's header (-1 when absent). */
struct cols {
	int	idx[5];		/* by enum entry_field: metric, period, value, breakdown, note */
	size_t	n;		/* columns in the header */
};

static const char *const col_names[5] = { "metric", "period", "value", "breakdown", "note" };

/* Columns `kpistat export` adds: accepted and ignored, so that an export imports back. */
static const char *const export_cols[] = { "unit", "name", "department", "origin",
    "entered_by", "entered_at", "revised_at", "revisions" };
static const char accepted_header[] = "a header line metric,period,value with optional "
    "breakdown and note columns (and the other columns 'kpistat export' writes)";

static int
is_export_col(const char *name)
{
	for (size_t i = 0; i < sizeof export_cols / sizeof export_cols[0]; i++)
		if (strcmp(name, export_cols[i]) == 0)
			return 1;
	return 0;
}

/* A known column whose name the header name starts or ends with ("metric_code" -> "metric"), or NULL. */
static const char *
near_col(const char *norm)
{
	size_t n = strlen(norm);

	for (int k = 0; k < 5; k++) {
		size_t c = strlen(col_names[k]);

		if (n > c && ((strncmp(norm, col_names[k], c) == 0 && norm[c] == '_') ||
		    (strcmp(norm + n - c, col_names[k]) == 0 && norm[n - c - 1] == '_')))
			return col_names[k];
	}
	return NULL;
}

/*
** Match the header's names to the columns, as people write them: " Period ", "Metric" and
** "VALUE" are period, metric and value (csv_header_norm). A name that still matches nothing
** is named as written, with the column it most likely means.
*/
static int
read_header(struct csvr *r, struct cols *cols, struct diags *d)
{
	struct kp_err e;
	char where[600], norm[256];
	int rc = csvr_next(r, &e);

	if (rc == 0) {
		diags_add(d, KP_DATA, csvr_name(r), "empty file: expected %s", accepted_header);
		return -1;
	}
	if (rc < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	for (int i = 0; i < 5; i++)
		cols->idx[i] = -1;
	cols->n = csvr_nfields(r);
	for (size_t i = 0; i < cols->n; i++) {
		const char *name = csvr_field(r, i), *near;
		int k;

		csv_header_norm(name, norm, sizeof norm);
		if ((k = csv_header_find(name, col_names, 5)) < 0)
			k = 5;
		csvr_where(r, i + 1, where, sizeof where);
		if (k == 5 && is_export_col(norm))
			continue;
		if (k == 5 && (near = near_col(norm)) != NULL) {
			diags_add(d, KP_DATA, where, "unknown column '%s' in the header: did you mean "
			    "'%s'? (expected %s)", name, near, accepted_header);
			continue;
		}
		if (k == 5) {
			diags_add(d, KP_DATA, where, "unknown column '%s' in the header: expected %s",
			    name, accepted_header);
			continue;
		}
		if (cols->idx[k] >= 0) {
			diags_add(d, KP_DATA, where, "column '%s' appears twice in the header (as '%s' "
			    "and '%s')", col_names[k], csvr_field(r, (size_t)cols->idx[k]), name);
			continue;
		}
		cols->idx[k] = (int)i;
	}
	for (int k = 0; k < 3; k++)
		if (cols->idx[k] < 0)
			diags_add(d, KP_DATA, csvr_where(r, 1, where, sizeof where),
			    "the header has no '%s' column: expected %s", col_names[k], accepted_header);
	return d->total ? -1 : 0;
}

static const char *
field_of(struct csvr *r, const struct cols *cols, enum entry_field f)
{
	return cols->idx[f] < 0 ? NULL : csvr_field(r, (size_t)cols->idx[f]);
}

/* Check and (while the file is still good) store the current row. */
static void
import_row(struct store *st, const struct catalog *c, const struct import_opts *o,
    struct csvr *r, const struct cols *cols, struct import_result *res, struct diags *d)
{
	struct entry_opts eo = { o->decimal_comma, o->allow_outlier };
	struct figure f;
	struct kp_err e;
	enum entry_field bad;
	enum store_outcome out;
	char where[600], v1[64], v2[64];
	double old;
	long first;
	int dup, rc;

	if (csvr_nfields(r) != cols->n) {
		diags_add(d, KP_DATA, csvr_where(r, 1, where, sizeof where), "wrong number of columns: "
		    "expected %zu as in the header, found %zu", cols->n, csvr_nfields(r));
		return;
	}
	if ((rc = entry_check_opts(c, field_of(r, cols, ENTRY_METRIC), field_of(r, cols,
	    ENTRY_PERIOD), field_of(r, cols, ENTRY_VALUE), field_of(r, cols, ENTRY_BREAKDOWN),
	    field_of(r, cols, ENTRY_NOTE), &eo, &f, &bad, &e)) < 0) {
		diags_add(d, KP_DATA, csvr_where(r, (size_t)cols->idx[bad] + 1, where, sizeof where),
		    "%s", e.msg);
		return;
	}
	if (rc == 1) {
		res->outliers++;
		if (o->warn != NULL)
			diags_add(o->warn, KP_DATA, csvr_where(r, (size_t)cols->idx[ENTRY_VALUE] + 1,
			    where, sizeof where), "%s", e.msg);
	}
	/*
	** Even once the import has failed, the row still goes through store_record() (all of it
	** is rolled back at the end) so that every figure needing --reason is reported in one run.
	*/
	f.by = o->by;
	f.origin = "imported";
	if (store_record(st, &f, o->reason, &out, &old, &e) < 0) {
		diags_add_err(d, &e);
		return;
	}
	if (out == STORE_REPEATED) {
		diags_add(d, KP_DATA, csvr_where(r, 1, where, sizeof where), "duplicate row: %s %s%s%s "
		    "appears earlier in this file; give each figure once", f.metric,
		    field_of(r, cols, ENTRY_PERIOD), *f.breakdown ? " " : "", f.breakdown);
		return;
	}
	/*
	** A figure that was already stored (not new) may still repeat within the file: those, and
	** only those, go through the lookup table, which can also name the earlier line.
	*/
	if (out != STORE_NEW &&
	    (dup = store_seen(st, f.metric, &f.period, f.breakdown, csvr_line(r), &first, &e)) != 0) {
		if (dup < 0)
			diags_add_err(d, &e);
		else
			diags_add(d, KP_DATA, csvr_where(r, 1, where, sizeof where), "duplicate row: "
			    "%s %s%s%s is already given on line %ld; give each figure once",
			    f.metric, field_of(r, cols, ENTRY_PERIOD), *f.breakdown ? " " : "",
			    f.breakdown, first);
		return;
	}
	if ((out == STORE_REVISED || out == STORE_RESTORED) && csvr_unterminated(r) &&
	    !o->accept_unterminated) {
		char what[200];

		if (old != f.value)
			snprintf(what, sizeof what, "its value %s -> %s", num_format_exact(old, v1,
			    sizeof v1), num_format_exact(f.value, v2, sizeof v2));
		else
			snprintf(what, sizeof what, "its note");
		snprintf(where, sizeof where, "%s:%ld", csvr_name(r), csvr_line(r));
		diags_add(d, KP_DATA, where, "the last row has no line break at its end and would "
		    "change the stored figure %s %s%s%s (%s): the file may be cut off; check its end, "
		    "or give --accept-unterminated", f.metric, field_of(r, cols, ENTRY_PERIOD),
		    *f.breakdown ? " " : "", f.breakdown, what);
		return;
	}
	switch (out) {
	case STORE_NEW:
		res->added++;
		break;
	case STORE_SAME:
		res->same++;
		break;
	case STORE_REVISED:
	case STORE_RESTORED:	/* a withdrawn figure given again: kept as a revision */
		res->revised++;
		break;
	case STORE_NEEDS_REASON:
		diags_add(d, KP_DATA, csvr_where(r, (size_t)cols->idx[ENTRY_VALUE] + 1, where,
		    sizeof where), "stored figure would change from %s to %s: give --reason TEXT "
		    "to revise stored figures (each change is kept as a revision)",
		    num_format_exact(old, v1, sizeof v1), num_format_exact(f.value, v2, sizeof v2));
		break;
	case STORE_LOCKED:
		diags_add(d, KP_DATA, csvr_where(r, (size_t)cols->idx[ENTRY_VALUE] + 1, where,
		    sizeof where), "%s %s%s%s is locked for its Stat packet: give --reason TEXT to "
		    "change it (the change is listed in the next packet's data notes)", f.metric,
		    field_of(r, cols, ENTRY_PERIOD), *f.breakdown ? " " : "", f.breakdown);
		break;
	case STORE_REPEATED:
		break;		/* reported above */
	}
}

int
import_csv(struct store *st, const struct catalog *c, const struct import_opts *o,
    struct import_result *res, struct diags *d)
{
	struct csvr *r;
	struct kp_err e;
	struct cols cols;
	int rc;

	memset(res, 0, sizeof *res);
	if ((r = csvr_open(o->path, &e)) == NULL) {
		diags_add_err(d, &e);
		return -1;
	}
	if (o->delimiter != 0)
		csvr_set_delimiter(r, o->delimiter);
	if (read_header(r, &cols, d) < 0) {
		csvr_close(r);
		return -1;
	}
	store_set_lock_reason(st, o->reason);
	if (store_begin(st, &e) < 0) {
		diags_add_err(d, &e);
		csvr_close(r);
		return -1;
	}
	store_seen_reset(st);
	while ((rc = csvr_next(r, &e)) != 0) {
		if (rc == -2) {
			diags_add_err(d, &e);
			break;
		}
		res->rows++;
		if (rc == -1) {
			diags_add_err(d, &e);
			continue;
		}
		import_row(st, c, o, r, &cols, res, d);
	}
	csvr_close(r);
	store_seen_reset(st);
	if (d->total > 0 || o->dry_run) {
		store_rollback(st);
		return d->total > 0 ? -1 : 0;
	}
	if (store_commit(st, &e) < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	return 0;
}
