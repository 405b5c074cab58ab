/*
** cmd_export.c: `kpistat export`: every current figure with its metric's metadata, as CSV
** (header metric,period,breakdown,value first, as the import format reads) or JSON, for an
** open-data portal. Streams: memory does not grow with the store.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kpistat/cmd.h"
#include "kpistat/csv.h"
#include "kpistat/num.h"
#include "kpistat/outfile.h"
#include "kpistat/store.h"

static const char export_help[] =
    "Write every figure with its metric's name, unit, department and provenance.\n"
    "  --format F     csv (default) or json (an array of objects)\n"
    "  -o FILE        write to FILE (replaced whole, only once complete) instead of\n"
    "                 standard output; - is standard output\n";

struct export {
	const struct catalog	*cat;
	FILE			*fp;
	enum cmd_format		 fmt;
	long			 n;	/* rows written */
};

static int
export_row(void *arg, const struct store_row *r)
{
	static const char *const head[] = { "metric", "period", "breakdown", "value", "unit",
	    "name", "department", "origin", "entered_by", "entered_at", "revised_at",
	    "revisions", "note" };
	struct export *x = arg;
	const struct metric *m = catalog_metric(x->cat, r->metric);
	char v[48], nrev[16];

	snprintf(nrev, sizeof nrev, "%d", r->nrevisions);
	if (x->fmt == FORMAT_CSV) {
		const char *f[13] = { r->metric, r->period, r->breakdown,
		    num_format_exact(r->value, v, sizeof v), m ? m->unit : "", m ? m->name : "",
		    m ? m->department : "", r->origin, r->by, r->at, r->revised_at, nrev, r->note };

		if (x->n == 0)
			csv_write_row(x->fp, head, 13);
		csv_write_row(x->fp, f, 13);
	} else {
		json_t *o = json_object();
		char *s;

		json_object_set_new(o, "metric", json_string(r->metric));
		json_object_set_new(o, "period", json_string(r->period));
		json_object_set_new(o, "breakdown", r->breakdown[0] ? json_string(r->breakdown) : json_null());
		json_object_set_new(o, "value", json_real(r->value));
		json_object_set_new(o, "unit", json_string(m ? m->unit : ""));
		json_object_set_new(o, "name", json_string(m ? m->name : ""));
		json_object_set_new(o, "department", json_string(m ? m->department : ""));
		json_object_set_new(o, "origin", json_string(r->origin));
		json_object_set_new(o, "entered_by", r->by ? json_string(r->by) : json_null());
		json_object_set_new(o, "entered_at", json_string(r->at));
		json_object_set_new(o, "revised_at", r->revised_at ? json_string(r->revised_at) : json_null());
		json_object_set_new(o, "revisions", json_integer(r->nrevisions));
		json_object_set_new(o, "note", r->note ? json_string(r->note) : json_null());
		s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
		fprintf(x->fp, "%s\n  %s", x->n ? "," : "[", s);
		free(s);
		json_decref(o);
	}
	x->n++;
	return 0;
}

int
cmd_export(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct export x = { NULL, NULL, FORMAT_CSV, 0 };
	struct outfile *of;
	const char *out = NULL;
	struct catalog cat;
	struct kp_err e;
	struct store *st;
	int c, rc = KP_OK;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			if (cmd_parse_format(optarg, &x.fmt) < 0 || x.fmt == FORMAT_TABLE)
				return cmd_usage_error(ctx, "export", "bad format '%s': expected csv "
				    "or json", optarg);
			break;
		case 'h':
			cmd_usage(stdout, "export", export_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "export", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "export", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	x.cat = &cat;
	if ((x.fp = outfile_open(out ? out : "-", &of, &e)) == NULL) {
		rc = cmd_fail(ctx, &e);
		goto done;
	}
	if (store_each_figure(st, export_row, &x, &e) < 0) {
		outfile_abort(of);
		rc = cmd_fail(ctx, &e);
	} else {
		if (x.fmt == FORMAT_JSON)
			fputs(x.n ? "\n]\n" : "[]\n", x.fp);
		else if (x.n == 0)
			fputs("metric,period,breakdown,value,unit,name,department,origin,entered_by,"
			    "entered_at,revised_at,revisions,note\n", x.fp);
		if (outfile_commit(of, &e) < 0)
			rc = cmd_fail(ctx, &e);
	}
done:
	catalog_release(&cat);
	store_close(st);
	return rc;
}
