/*
** cmd_packet.c: `kpistat packet`: the briefing packet (PDF) for one program and one period.
**
** Order matters for the user: everything that can be wrong with the input (period, dates,
** program, template, fonts, output path) is checked before the slow part, and the PDF is
** written through outfile.h (a temporary file beside the target, renamed into place), so a
** failed run never leaves half a packet behind (nor truncates the previous one).
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "kpistat/buf.h"
#include "kpistat/cmd.h"
#include "kpistat/outfile.h"
#include "kpistat/packet.h"
#include "kpistat/pdf.h"
#include "kpistat/render.h"
#include "kpistat/draw.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"
#include "kpistat/text.h"
#include "kpistat/version.h"
#include "kpistat/where.h"
#include "kpistat/xmalloc.h"

#include "cmd_packet.h"
#include "cmd_pdf.h"

#ifndef KPISTAT_TEMPLATE_DIR	/* where `make install` puts the templates */
#define KPISTAT_TEMPLATE_DIR	"/usr/local/share/kpistat/templates"
#endif

static const char packet_help[] =
    "Write the briefing packet for a program's period: cover, at a glance, what changed and\n"
    "what needs attention, one page per metric, data notes and a glossary, as the template says.\n"
    "  --program CODE       the program (see 'kpistat catalog show')\n"
    "  --period P           the period reported on, e.g. 2026-10\n"
    "  -o FILE              output file (default PROGRAM-PERIOD.pdf; - for stdout)\n"
    "  --template FILE      packet template (default templates/TEMPLATE.yaml, then\n"
    "                       " KPISTAT_TEMPLATE_DIR ", then built in)\n"
    "  --meeting-date DATE  the meeting's date, YYYY-MM-DD, for the cover\n"
    "  --paper letter|a4    paper size (overrides the template)\n"
    "  --deterministic      fixed dates and ID: the same inputs give the same bytes\n"
    "                       (also when SOURCE_DATE_EPOCH is set)\n"
    "  --publish            record the packet as released: program, period, the SHA-256\n"
    "                       of the PDF, file, pages, when and --by NAME (later packets'\n"
    "                       \"since the last packet\" then counts from it)\n"
    "  --by NAME            who publishes it (default $USER)\n"
    "The Stat cycle shows when the store has it: the meeting (cover, agenda), follow-ups\n"
    "from earlier sessions, commentary, late submissions and revisions since the last\n"
    "published packet.\n"
    "'kpistat packet list [--program CODE]' lists the published packets.\n"
    "Fonts: DejaVu Sans from fonts-dejavu-core, or $KPISTAT_FONT_DIR.\n";

/* Everything loaded from the store, owned here. */
struct loaded {
	struct packet_source	*src;
	struct series		*city;
	struct packet_bseries	**breaks;
	struct series		**bseries;
	char			***bkeys;
	size_t			*nb;
	size_t			 n;
	struct packet_revision	*revs;
	size_t			 nrevs, caprevs;
	struct packet_cnote	*cnotes;	/* data-quality notes of the computes */
	size_t			 ncnotes, capcnotes;
	char			 as_of[32];	/* latest entry or revision time seen */
	const struct catalog	*cat;
	struct period		 period;
	const char		*since;		/* revisions after this time (the last publication) */
	char			 call_period[32];	/* the data call's period, or "" */
	char			 (*entered)[32];	/* per metric: first entry for the call period */
	struct where		*where;		/* per metric: its areas, when it has a geography */
};

struct hist_arg {
	struct loaded		*ld;
	const struct metric	*m;
	long			 k0, k1;	/* the table window of period keys */
};

static int
on_history(void *arg, const struct store_row *r)
{
	struct hist_arg *h = arg;
	struct loaded *ld = h->ld;
	struct packet_revision *rv;
	struct period p;
	struct kp_err e;

	if (r->at && strcmp(r->at, ld->as_of) > 0)
		snprintf(ld->as_of, sizeof ld->as_of, "%s", r->at);
	/* Revisions since the last published packet, else within the figures table's window. */
	if (!r->is_revision || r->old_value == r->value || period_parse(r->period, &p, &e) < 0)
		return 0;
	if (ld->since ? r->at == NULL || strcmp(r->at, ld->since) <= 0 :
	    period_key(&p) < h->k0 || period_key(&p) > h->k1)
		return 0;
	ld->revs = xgrow(ld->revs, &ld->caprevs, ld->nrevs + 1, sizeof *ld->revs);
	rv = &ld->revs[ld->nrevs++];
	rv->metric = h->m->code;
	rv->period = xstrdup(r->period);
	rv->breakdown = xstrdup(r->breakdown ? r->breakdown : "");
	rv->old_value = r->old_value;
	rv->new_value = r->value;
	rv->reason = r->reason ? xstrdup(r->reason) : NULL;
	rv->by = r->by ? xstrdup(r->by) : NULL;
	rv->at = r->at ? xstrdup(r->at) : NULL;
	return 0;
}

/* A data-quality note `kpistat compute` left for one of the packet's metrics. */
static int
on_note(void *arg, const char *metric, const char *period, const char *what, long count)
{
	struct hist_arg *h = arg;
	struct loaded *ld = h->ld;
	struct packet_cnote *c;
	struct period p;
	struct kp_err e;

	(void)metric;
	if (count <= 0 || period_parse(period, &p, &e) < 0 || period_key(&p) < h->k0 ||
	    period_key(&p) > h->k1)
		return 0;
	ld->cnotes = xgrow(ld->cnotes, &ld->capcnotes, ld->ncnotes + 1, sizeof *ld->cnotes);
	c = &ld->cnotes[ld->ncnotes++];
	c->metric = h->m->code;
	c->period = p;
	c->what = xstrdup(what);
	c->count = count;
	return 0;
}

/*
** The metric's areas in period `at` when its breakdown names a geography; NULL otherwise, and
** also when there is nothing to compare then (no records): the packet goes on without a map.
*/
static const struct where *
where_for(struct store *st, struct loaded *ld, const struct metric *m, size_t i,
    const struct period *at)
{
	struct kp_err e;

	if (catalog_metric_geography(ld->cat, m, NULL) == NULL)
		return NULL;
	if (where_load(st, ld->cat, m, at, NULL, 0, &ld->where[i], &e) < 0)
		return NULL;
	if (ld->where[i].g == NULL) {
		where_release(&ld->where[i]);
		return NULL;
	}
	return &ld->where[i];
}

static int
load(struct store *st, const struct metric **ms, size_t n, struct loaded *ld, struct kp_err *e)
{
	ld->src = xcalloc(n + 1, sizeof *ld->src);
	ld->city = xcalloc(n + 1, sizeof *ld->city);
	ld->breaks = xcalloc(n + 1, sizeof *ld->breaks);
	ld->bseries = xcalloc(n + 1, sizeof *ld->bseries);
	ld->bkeys = xcalloc(n + 1, sizeof *ld->bkeys);
	ld->nb = xcalloc(n + 1, sizeof *ld->nb);
	ld->where = xcalloc(n + 1, sizeof *ld->where);
	for (size_t i = 0; i < n; i++) {
		struct period at = period_last_complete(period_freq_kind(ms[i]->freq), &ld->period,
		    ld->cat->fy_start);
		struct hist_arg h = { ld, ms[i], period_key(&at) - PACKET_TABLE_PERIODS + 1,
		    period_key(&at) };

		ld->n = i + 1;
		if (store_series(st, ms[i]->code, "", &ld->city[i], e) < 0 ||
		    store_breakdowns(st, ms[i]->code, &ld->bkeys[i], &ld->nb[i], e) < 0)
			return -1;
		ld->breaks[i] = xcalloc(ld->nb[i] + 1, sizeof **ld->breaks);
		ld->bseries[i] = xcalloc(ld->nb[i] + 1, sizeof **ld->bseries);
		for (size_t j = 0; j < ld->nb[i]; j++) {
			if (store_series(st, ms[i]->code, ld->bkeys[i][j], &ld->bseries[i][j], e) < 0)
				return -1;
			ld->breaks[i][j].key = ld->bkeys[i][j];
			ld->breaks[i][j].s = &ld->bseries[i][j];
		}
		ld->src[i] = (struct packet_source){ .m = ms[i], .city = &ld->city[i],
		    .breaks = ld->breaks[i], .nbreaks = ld->nb[i],
		    .where = where_for(st, ld, ms[i], i, &at) };
		if (store_history(st, ms[i]->code, NULL, NULL, on_history, &h, e) < 0)
			return -1;
		if (ms[i]->computed && store_notes(st, ms[i]->code, NULL, on_note, &h, e) != 0)
			return -1;
	}
	return 0;
}

static void
unload(struct loaded *ld)
{
	for (size_t i = 0; i < ld->n; i++) {
		series_release(&ld->city[i]);
		for (size_t j = 0; ld->bseries[i] && j < ld->nb[i]; j++)
			series_release(&ld->bseries[i][j]);
		free(ld->bseries[i]);
		free(ld->breaks[i]);
		if (ld->bkeys[i])
			store_strv_free(ld->bkeys[i], ld->nb[i]);
	}
	for (size_t i = 0; i < ld->nrevs; i++) {
		free((char *)ld->revs[i].period);
		free((char *)ld->revs[i].breakdown);
		free((char *)ld->revs[i].reason);
		free((char *)ld->revs[i].by);
		free((char *)ld->revs[i].at);
	}
	free(ld->revs);
	for (size_t i = 0; i < ld->ncnotes; i++)
		free((char *)ld->cnotes[i].what);
	free(ld->cnotes);
	free(ld->src);
	free(ld->city);
	free(ld->breaks);
	free(ld->bseries);
	free(ld->bkeys);
	free(ld->nb);
	free(ld->entered);
	for (size_t i = 0; ld->where && i < ld->n; i++)
		where_release(&ld->where[i]);
	free(ld->where);
}

/* A real calendar date YYYY-MM-DD. */
static int
valid_date(const char *s)
{
	int y, m, d, cy, cm, cd;
	char tail;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
	    s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	period_civil_from_days(period_days_from_civil(y, m, d), &cy, &cm, &cd);
	return cy == y && cm == m && cd == d;
}

/*
** The template: --template, templates/NAME.yaml here, the installed one, or the built-in.
** Returns 0, or minus the exit status (66 for a missing file, 65 for a bad one).
*/
static int
load_template(struct cmd_ctx *ctx, const char *path, const struct program *prog,
    const struct catalog *cat, struct template *t)
{
	const char *name = prog->template ? prog->template : prog->code;
	char *local = xasprintf("templates/%s.yaml", name);
	char *global = xasprintf("%s/%s.yaml", KPISTAT_TEMPLATE_DIR, name);
	struct diags d;
	int rc = 0;

	diags_init(&d, 50);
	if (path == NULL)
		path = access(local, F_OK) == 0 ? local : access(global, F_OK) == 0 ? global : NULL;
	if (path == NULL)
		template_default(t);
	else if (template_load_file(path, t, &d) < 0)
		rc = -1;
	if (rc == 0 && template_check(t, cat, &d) < 0) {
		template_release(t);
		rc = -1;
	}
	if (rc < 0) {
		diags_print(&d, ctx->prog, stderr);
		rc = d.code == KP_NOINPUT ? -KP_NOINPUT : -KP_DATA;
	}
	diags_release(&d);
	free(local);
	free(global);
	return rc;
}

struct opts {
	const char *program, *period, *out, *tpl, *meeting, *paper, *by;
	int publish;
};

static int
parse(int argc, char **argv, struct cmd_ctx *ctx, struct opts *o)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "program", required_argument, NULL, 'P' },
		{ "period", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, 't' },
		{ "meeting-date", required_argument, NULL, 'm' },
		{ "paper", required_argument, NULL, 'a' },
		{ "deterministic", no_argument, NULL, 'd' },
		{ "publish", no_argument, NULL, 'u' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'P': o->program = optarg; break;
		case 'p': o->period = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->tpl = optarg; break;
		case 'm': o->meeting = optarg; break;
		case 'a': o->paper = optarg; break;
		case 'd': ctx->deterministic = 1; break;
		case 'u': o->publish = 1; break;
		case 'b': o->by = optarg; break;
		case 'h':
			cmd_usage(stdout, "packet", packet_help);
			return -2;
		default:
			return cmd_bad_option(ctx, "packet", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "packet", "unexpected argument '%s'", argv[optind]);
	if (o->program == NULL || o->period == NULL)
		return cmd_usage_error(ctx, "packet", "--program and --period are required");
	if (o->meeting && !valid_date(o->meeting))
		return cmd_usage_error(ctx, "packet", "bad meeting date '%s': expected a date "
		    "YYYY-MM-DD such as 2026-11-05", o->meeting);
	if (o->publish && o->out && strcmp(o->out, "-") == 0)
		return cmd_usage_error(ctx, "packet", "--publish needs a file to record: give -o "
		    "FILE.pdf, not -o -");
	if (o->by && !o->publish)
		return cmd_usage_error(ctx, "packet", "--by names who publishes: it goes with "
		    "--publish");
	if (o->by && *o->by == '\0')
		return cmd_usage_error(ctx, "packet", "empty --by: give the name of who publishes");
	if (o->paper && strcmp(o->paper, "letter") != 0 && strcmp(o->paper, "a4") != 0)
		return cmd_usage_error(ctx, "packet", "bad paper '%s': expected letter or a4",
		    o->paper);
	return 0;
}

/* Render the packet into fp. */
static int
write_packet(struct cmd_ctx *ctx, const struct opts *o, struct packet_input *in,
    struct loaded *ld, FILE *fp, size_t *npages, struct kp_err *e)
{
	const struct template *t = in->tpl;
	struct pdf_opts po;
	struct packet_geom g;
	struct packet p;
	struct pdf *pdf;
	struct text_measure tm;
	struct render_info ri = { in->meeting_date, in->as_of, t->logo };
	char *title, *seed;
	int rc = -1;

	memset(&po, 0, sizeof po);
	packet_geometry(o->paper ? (strcmp(o->paper, "a4") == 0 ? TPL_A4 : TPL_LETTER) : t->paper,
	    &g);
	po.width = g.pw;
	po.height = g.ph;
	cmd_pdf_opts(&po);
	if (packet_build(in, &p, e) < 0)
		return -1;
	{
		struct buf b = BUF_INIT;

		/* Document info has no font, but must stay in the BMP like everything else. */
		text_sanitize(p.title, NULL, NULL, 0, &b);
		title = xasprintf("%s briefing packet %s %s", b.s, "\xe2\x80\x94", p.period_long);
		buf_release(&b);
	}
	po.title = title;
	po.author = t->prepared_by;
	po.subject = p.city;
	seed = xasprintf("%s|%s|%s|%s|%zu", in->prog->code, o->period, t->file, ld->as_of, p.npm);
	cmd_pdf_identity(ctx, ld->as_of, seed, &po);
	if ((pdf = pdf_new(&po, e)) == NULL)
		goto out;
	tm = draw_measure(pdf);
	*npages = packet_layout(&p, &g, &tm);
	if (render_packet(pdf, &p, &ri, e) == 0 && pdf_save(pdf, fp, e) == 0)
		rc = 0;
	pdf_free(pdf);
out:
	free(seed);
	free(title);
	packet_release(&p);
	return rc;
}

/* The SHA-256 of a file in lower-case hex (libsodium). 0, or -1 with e filled (KP_IOERR). */
static int
sha256_file(const char *path, char hex[65], struct kp_err *e)
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], sum[crypto_hash_sha256_BYTES];
	FILE *fp;
	size_t k;
	int bad;

	if (sodium_init() < 0)
		return err_set(e, KP_SOFTWARE, NULL, "libsodium could not start");
	if ((fp = fopen(path, "rb")) == NULL)
		return err_set(e, KP_IOERR, NULL, "cannot read '%s' back to hash it: %s", path,
		    strerror(errno));
	crypto_hash_sha256_init(&h);
	while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
		crypto_hash_sha256_update(&h, buf, k);
	bad = ferror(fp);
	fclose(fp);
	if (bad)
		return err_set(e, KP_IOERR, NULL, "cannot read '%s' back to hash it", path);
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(hex, 65, sum, sizeof sum);
	return 0;
}

/* Record the packet just written as released (after the PDF is in place). */
static int
publish(struct store *st, const struct program *prog, const struct period *per,
    const char *file, size_t pages, const char *by, struct kp_err *e)
{
	char hex[65], ps[32];
	long long id = 0;

	if (sha256_file(file, hex, e) < 0)
		return -1;
	if (by == NULL)
		by = cmd_default_user();
	if (store_begin(st, e) < 0)
		return -1;
	if (store_publish(st, prog->code, per, hex, file, (long)pages, by, &id, e) < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, e) < 0)
		return -1;
	printf("published %s %s: publication %lld, sha256 %s\n", prog->code,
	    period_format(per, ps), id, hex);
	return 0;
}

static const char list_help[] =
    "List the published packets, oldest first: program, period, when, by whom, pages, file\n"
    "and the SHA-256 of the PDF as it was released.\n"
    "  --program CODE       only this program's\n";

static int
packet_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "program", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cy_publication *v = NULL;
	const char *program = NULL;
	struct store *st;
	struct kp_err e;
	size_t n = 0;
	int c;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'P': program = optarg; break;
		case 'h':
			cmd_usage(stdout, "packet", list_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "packet list", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "packet", "unexpected argument '%s' after 'list'",
		    argv[optind]);
	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_publications(st, program, &v, &n, &e) < 0) {
		store_close(st);
		return cmd_fail(ctx, &e);
	}
	if (n == 0)
		printf("no published packets%s%s%s\n", program ? " for '" : "",
		    program ? program : "", program ? "'" : "");
	else
		printf("%-5s %-12s %-8s %-20s %-16s %5s  %-64s  %s\n", "id", "program", "period",
		    "published", "by", "pages", "sha256", "file");
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-12s %-8s %-20s %-16s %5ld  %-64s  %s\n", v[i].id, v[i].program,
		    v[i].period, v[i].at ? v[i].at : "", v[i].by ? v[i].by : "", v[i].pages,
		    v[i].sha256, v[i].file ? v[i].file : "");
	cy_publications_free(v, n);
	store_close(st);
	return KP_OK;
}

int
cmd_packet(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct opts o = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	struct cycle_data cd;
	struct catalog cat;
	struct template tpl;
	struct loaded ld;
	struct packet_input in;
	const struct program *prog;
	const struct metric **ms = NULL;
	struct store *st = NULL;
	struct kp_err e;
	struct outfile *of = NULL;
	char *out = NULL;
	FILE *fp = NULL;
	size_t n = 0, npages = 0;
	int rc, have_tpl = 0;

	if (argc > 1 && strcmp(argv[1], "list") == 0)
		return packet_list(argc - 1, argv + 1, ctx);
	memset(&ld, 0, sizeof ld);
	memset(&cd, 0, sizeof cd);
	catalog_init(&cat);
	if ((rc = parse(argc, argv, ctx, &o)) != 0)
		return rc == -2 ? KP_OK : rc;
	if (period_parse(o.period, &ld.period, &e) < 0)
		return cmd_fail(ctx, &e);
	/* Fonts first: a missing one is a setup problem, reported before any work. */
	if (cmd_pdf_fonts(&e) < 0)
		return cmd_fail(ctx, &e);
	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(st, &cat, &e) < 0)
		goto fail;
	if ((prog = catalog_program(&cat, o.program)) == NULL) {
		err_set(&e, KP_DATA, NULL, "unknown program '%s': expected one of the programs in "
		    "the catalog ('kpistat catalog show')", o.program);
		goto fail;
	}
	if ((rc = load_template(ctx, o.tpl, prog, &cat, &tpl)) < 0) {
		rc = -rc;
		goto out;
	}
	have_tpl = 1;
	ms = xcalloc((tpl.metrics ? tpl.nmetrics : prog->nmetrics) + 1, sizeof *ms);
	for (size_t i = 0; i < (tpl.metrics ? tpl.nmetrics : prog->nmetrics); i++) {
		const struct metric *m = catalog_metric(&cat, tpl.metrics ? tpl.metrics[i] :
		    prog->metrics[i]);

		if (m != NULL && !m->retired)
			ms[n++] = m;
	}
	if (n == 0) {
		err_set(&e, KP_DATA, NULL, "program '%s' has no metrics: list some under its "
		    "'metrics' in the catalog", prog->code);
		goto fail;
	}

	/* The output: made now (a bad path fails before the slow part), committed at the end. */
	out = o.out ? xstrdup(o.out) : xasprintf("%s-%s.pdf", prog->code, o.period);
	if ((fp = outfile_open(out, &of, &e)) == NULL)
		goto fail;

	ld.cat = &cat;
	if (cycle_load(st, &cat, prog, &ld.period, o.meeting, ms, n, &cd, &e) < 0)
		goto fail;
	ld.since = cd.last_pub ? cd.last_pub->at : NULL;
	if (load(st, ms, n, &ld, &e) < 0)
		goto fail;
	memset(&in, 0, sizeof in);
	in = (struct packet_input){ .cat = &cat, .prog = prog, .tpl = &tpl, .period = ld.period,
	    .meeting_date = o.meeting, .src = ld.src, .nsrc = n, .revs = ld.revs,
	    .nrevs = ld.nrevs, .cnotes = ld.cnotes, .ncnotes = ld.ncnotes };
	cycle_fill(&cd, &in);
	if (ld.as_of[0]) {
		ld.as_of[10] = '\0';	/* the date is enough on a cover */
		in.as_of = ld.as_of;
	}
	if (write_packet(ctx, &o, &in, &ld, fp, &npages, &e) < 0) {
		if (e.code == KP_IOERR && e.where[0] == '\0')	/* the output's write failed: name it */
			snprintf(e.where, sizeof e.where, "%s", outfile_name(of));
		goto fail;
	}
	rc = outfile_commit(of, &e);
	of = NULL;
	if (rc < 0)
		goto fail;
	if (strcmp(out, "-") != 0)
		printf("wrote %s: %zu pages, %zu metrics\n", out, npages, n);
	/* Hash what landed under the output name: the committed file. */
	if (o.publish && publish(st, prog, &ld.period, out, npages, o.by, &e) < 0)
		goto fail;
	rc = KP_OK;
	goto out;
fail:
	rc = cmd_fail(ctx, &e);
out:
	outfile_abort(of);
	free(out);
	unload(&ld);
	cycle_unload(&cd);
	free(ms);
	if (have_tpl)
		template_release(&tpl);
	catalog_release(&cat);
	store_close(st);
	return rc;
}
