/*
** cmd_memo.c: `kpistat memo`: the follow-up memo of one Stat session (CitiStat's T+1 memo,
** see memo.h), as a PDF with the packet's fonts and deterministic mode. Everything that can be
** wrong (the ID, dates, paper, fonts, the meeting, the output path) is checked before the
** PDF is drawn, and the file is written through outfile, so a failed run leaves nothing.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/draw.h"
#include "kpistat/memo.h"
#include "kpistat/outfile.h"
#include "kpistat/store_cycle.h"
#include "kpistat/xmalloc.h"

#include "cmd_cycle.h"
#include "cmd_pdf.h"

static const char memo_help[] =
    "Write the follow-up memo of a Stat session, the day after it (CitiStat's T+1 memo):\n"
    "session summary, decisions, follow-ups agreed (owner, due, done when), data requests,\n"
    "and the next session's date and focus (the program's next meeting and its agenda).\n"
    "  --meeting ID         the session ('kpistat meeting list')\n"
    "  -o FILE              output file (default PROGRAM-memo-DATE.pdf; - for stdout)\n"
    "  --date DATE          the memo's date, YYYY-MM-DD (default the day after the session)\n"
    "  --from NAME          who sends it (default \"the performance office\")\n"
    "  --paper letter|a4    paper size (default letter)\n"
    "  --deterministic      fixed dates and ID: the same inputs give the same bytes\n";

struct memo_opts {
	const char *meeting, *out, *date, *from, *paper;
};

static int
parse(int argc, char **argv, struct cmd_ctx *ctx, struct memo_opts *o)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "paper", required_argument, NULL, 'a' },
		{ "deterministic", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct kp_err e;
	int c;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'm': o->meeting = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->date = optarg; break;
		case 'f': o->from = optarg; break;
		case 'a': o->paper = optarg; break;
		case 'd': ctx->deterministic = 1; break;
		case 'h':
			cmd_usage(stdout, "memo", memo_help);
			return -2;
		default:
			return cmd_bad_option(ctx, "memo", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "memo", "unexpected argument '%s'", argv[optind]);
	if (o->meeting == NULL)
		return cmd_usage_error(ctx, "memo", "--meeting ID is required");
	if (o->date && cmd_check_date(o->date, "memo date", &e) < 0)
		return cmd_usage_error(ctx, "memo", "%s", e.msg);
	if (o->from && cycle_nonblank(o->from, "--from", &e) < 0)
		return cmd_usage_error(ctx, "memo", "%s", e.msg);
	if (o->paper && strcmp(o->paper, "letter") != 0 && strcmp(o->paper, "a4") != 0)
		return cmd_usage_error(ctx, "memo", "bad paper '%s': expected letter or a4",
		    o->paper);
	return 0;
}

/* The day after `date` (YYYY-MM-DD). */
static void
day_after(const char *date, char out[11])
{
	int y = 2000, m = 1, d = 1;

	sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	period_civil_from_days(period_days_from_civil(y, m, d) + 1, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Everything the memo needs from the store, owned here. */
struct memo_data {
	struct cy_meeting	 m, next;
	int			 has_m, has_next;
	struct cy_action	*actions;	/* the program's */
	size_t			 nactions;
	struct cy_action	*agreed;	/* copies of those agreed at m (strings borrowed) */
	size_t			 nagreed;
};

static int
load(struct store *st, long long id, struct memo_data *md, struct kp_err *e)
{
	struct cy_meeting *v = NULL;
	size_t n = 0;
	long long next = 0;
	int rc;

	if ((rc = store_meeting_get(st, id, &md->m, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no meeting %lld: 'kpistat meeting list' shows "
		    "the meetings there are", id);
	md->has_m = 1;
	if (store_actions(st, md->m.program, &md->actions, &md->nactions, e) < 0)
		return -1;
	md->agreed = xcalloc(md->nactions + 1, sizeof *md->agreed);
	for (size_t i = 0; i < md->nactions; i++)
		if (md->actions[i].meeting == id)
			md->agreed[md->nagreed++] = md->actions[i];
	/* The next session: the program's first meeting on a later day (ordered by date). */
	if (store_meetings(st, md->m.program, NULL, &v, &n, e) < 0)
		return -1;
	for (size_t i = 0; i < n && next == 0; i++)
		if (strcmp(v[i].date, md->m.date) > 0)
			next = v[i].id;
	cy_meetings_free(v, n);
	if (next > 0 && (rc = store_meeting_get(st, next, &md->next, e)) < 0)
		return -1;
	md->has_next = next > 0 && rc == 1;
	return 0;
}

static void
unload(struct memo_data *md)
{
	if (md->has_m)
		cy_meeting_release(&md->m);
	if (md->has_next)
		cy_meeting_release(&md->next);
	free(md->agreed);
	cy_actions_free(md->actions, md->nactions);
}

/* Lay out and draw the memo into fp. */
static int
write_memo(struct cmd_ctx *ctx, const struct memo_opts *o, const struct memo_input *in,
    FILE *fp, size_t *npages, struct kp_err *e)
{
	struct pdf_opts po;
	struct packet_geom g;
	struct memo mm;
	struct text_measure tm;
	struct pdf *pdf;
	char *seed, as_of[32];
	int rc = -1;

	memset(&po, 0, sizeof po);
	packet_geometry(o->paper && strcmp(o->paper, "a4") == 0 ? TPL_A4 : TPL_LETTER, &g);
	po.width = g.pw;
	po.height = g.ph;
	cmd_pdf_opts(&po);
	memo_build(in, &mm);
	po.title = mm.title;
	po.author = in->from;
	po.subject = mm.subtitle;
	snprintf(as_of, sizeof as_of, "%sT00:00:00", in->date);
	seed = xasprintf("memo|%s|%lld|%s", in->prog->code, in->m->id, in->date);
	cmd_pdf_identity(ctx, as_of, seed, &po);
	free(seed);
	if ((pdf = pdf_new(&po, e)) != NULL) {
		tm = draw_measure(pdf);
		*npages = memo_layout(&mm, &g, &tm);
		if (render_memo(pdf, &mm, e) == 0 && pdf_save(pdf, fp, e) == 0)
			rc = 0;
		pdf_free(pdf);
	}
	memo_release(&mm);
	return rc;
}

int
cmd_memo(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct memo_opts o = { NULL, NULL, NULL, NULL, NULL };
	struct memo_data md;
	struct memo_input in;
	struct catalog cat;
	struct store *st = NULL;
	struct outfile *of = NULL;
	struct kp_err e;
	long long id;
	char date[11], *out = NULL;
	size_t npages = 0, ndec = 0, nreq = 0;
	FILE *fp;
	int rc;

	memset(&md, 0, sizeof md);
	catalog_init(&cat);
	if ((rc = parse(argc, argv, ctx, &o)) != 0)
		return rc == -2 ? KP_OK : rc;
	if (cycle_meeting_id(o.meeting, &id, &e) < 0)
		return cmd_usage_error(ctx, "memo", "%s", e.msg);
	if (cmd_pdf_fonts(&e) < 0)
		return cmd_fail(ctx, &e);
	if ((st = cmd_open_store(ctx, 0, &e)) == NULL)
		return cmd_fail(ctx, &e);
	if (store_catalog_read(st, &cat, &e) < 0 || load(st, id, &md, &e) < 0)
		goto fail;
	memset(&in, 0, sizeof in);
	in.cat = &cat;
	if ((in.prog = catalog_program(&cat, md.m.program)) == NULL) {
		err_set(&e, KP_DATA, NULL, "meeting %lld is for program '%s', which the catalog no "
		    "longer has", id, md.m.program);
		goto fail;
	}
	if (o.date)
		snprintf(date, sizeof date, "%s", o.date);
	else
		day_after(md.m.date, date);
	in.m = &md.m;
	in.agreed = md.agreed;
	in.nagreed = md.nagreed;
	in.next = md.has_next ? &md.next : NULL;
	in.from = o.from;
	in.date = date;
	for (size_t i = 0; i < md.m.ndecisions; i++) {
		ndec += !md.m.decisions[i].data_request;
		nreq += md.m.decisions[i].data_request;
	}
	out = o.out ? xstrdup(o.out) : xasprintf("%s-memo-%s.pdf", md.m.program, md.m.date);
	if ((fp = outfile_open(out, &of, &e)) == NULL)
		goto fail;
	if (write_memo(ctx, &o, &in, fp, &npages, &e) < 0)
		goto fail;
	rc = outfile_commit(of, &e);
	of = NULL;
	if (rc < 0)
		goto fail;
	if (strcmp(out, "-") != 0)
		printf("wrote %s: %zu page%s; %zu decision%s, %zu follow-up%s, %zu data "
		    "request%s\n", out, npages, npages == 1 ? "" : "s", ndec, ndec == 1 ? "" : "s",
		    md.nagreed, md.nagreed == 1 ? "" : "s", nreq, nreq == 1 ? "" : "s");
	rc = KP_OK;
	goto out;
fail:
	rc = cmd_fail(ctx, &e);
out:
	outfile_abort(of);
	free(out);
	unload(&md);
	catalog_release(&cat);
	store_close(st);
	return rc;
}
