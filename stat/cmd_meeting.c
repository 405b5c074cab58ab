/*
** cmd_meeting.c: `kpistat meeting add|agenda|decide|list|show`: a program's Stat session for a
** period: when and where, who chairs and attends, the agenda with minutes per item, and the
** decisions taken (who made them). Follow-ups raised there are `kpistat action`'s.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/cmd.h"
#include "kpistat/entry.h"
#include "kpistat/store_cycle.h"
#include "kpistat/xmalloc.h"
#include "cmd_cycle.h"

static const char meeting_help[] =
    "Stat meetings. IDs are the numbers 'meeting add' and 'meeting list' print.\n"
    "  meeting add --program CODE --period P --date DATE [--time HH:MM] [--place TEXT]\n"
    "      [--chair NAME] [--attendee NAME]... [--notes TEXT] [--by NAME]\n"
    "  meeting agenda ID --item TEXT [--minutes N] [--metric M]   add an agenda item\n"
    "  meeting decide ID TEXT --by NAME [--data-request]          record a decision (or a\n"
    "      request for data or analysis) and who made it\n"
    "  meeting list [--program CODE]      every meeting, by date\n"
    "  meeting show ID                 one meeting: agenda, decisions, follow-ups\n"
    "The packet's cover shows the meeting of its program period; its agenda gets a page.\n";

#define MEETING_MAX_ATTENDEES	200

struct meeting_opts {
	struct cy_meeting_new m;
	const char	*program, *period, *item, *metric, *by;
	const char	*attendees[MEETING_MAX_ATTENDEES];
	int		 minutes, has_minutes, data_request, by_given;
};

static int
parse(int argc, char **argv, struct cmd_ctx *ctx, struct meeting_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "program", required_argument, NULL, 'p' },
		{ "period", required_argument, NULL, 'P' },
		{ "date", required_argument, NULL, 'd' },
		{ "time", required_argument, NULL, 't' },
		{ "place", required_argument, NULL, 'l' },
		{ "chair", required_argument, NULL, 'c' },
		{ "attendee", required_argument, NULL, 'a' },
		{ "notes", required_argument, NULL, 'n' },
		{ "item", required_argument, NULL, 'i' },
		{ "minutes", required_argument, NULL, 'm' },
		{ "metric", required_argument, NULL, 'M' },
		{ "by", required_argument, NULL, 'b' },
		{ "data-request", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	memset(o, 0, sizeof *o);
	o->by = cmd_default_user();
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'p': o->program = optarg; break;
		case 'P': o->period = optarg; break;
		case 'd': o->m.date = optarg; break;
		case 't': o->m.time = optarg; break;
		case 'l': o->m.place = optarg; break;
		case 'c': o->m.chair = optarg; break;
		case 'n': o->m.notes = optarg; break;
		case 'i': o->item = optarg; break;
		case 'M': o->metric = optarg; break;
		case 'b': o->by = optarg; o->by_given = 1; break;
		case 'r': o->data_request = 1; break;
		case 'a':
			if (o->m.nattendees == MEETING_MAX_ATTENDEES)
				return cmd_usage_error(ctx, "meeting", "more than %d attendees",
				    MEETING_MAX_ATTENDEES);
			o->attendees[o->m.nattendees++] = optarg;
			break;
		case 'm':
			o->minutes = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o->minutes < 1 || o->minutes > 600)
				return cmd_usage_error(ctx, "meeting", "bad --minutes '%s': expected a "
				    "whole number of minutes, 1 to 600", optarg);
			o->has_minutes = 1;
			break;
		case 'h':
			cmd_usage(stdout, "meeting", meeting_help);
			return -1;
		default:
			return cmd_bad_option(ctx, "meeting", c, argv);
		}
	}
	o->m.attendees = o->attendees;
	return 0;
}

/* The meeting `id`, which must exist; 0, or -1 with e filled. */
static int
get_meeting(struct store *st, long long id, struct cy_meeting *m, struct kp_err *e)
{
	int rc = store_meeting_get(st, id, m, e);

	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no meeting %lld: 'kpistat meeting list' shows the "
		    "meetings", id);
	return rc < 0 ? -1 : 0;
}

static int
meeting_add(struct store *st, const struct catalog *cat, struct meeting_opts *o,
    struct kp_err *e)
{
	const struct program *p;
	long long id;

	if (o->program == NULL || o->period == NULL || o->m.date == NULL)
		return err_set(e, KP_USAGE, NULL, "'meeting add' needs --program, --period and --date");
	if ((p = cycle_program(cat, o->program, e)) == NULL ||
	    cycle_program_period(cat, p, o->period, &o->m.period, e) < 0 ||
	    cmd_check_date(o->m.date, "meeting date", e) < 0 ||
	    (o->m.time != NULL && cmd_check_time(o->m.time, "meeting time", e) < 0))
		return -1;
	for (size_t i = 0; i < o->m.nattendees; i++)
		if (cycle_nonblank(o->attendees[i], "attendee", e) < 0)
			return -1;
	o->m.program = p->code;
	if (store_begin(st, e) < 0 || store_meeting_add(st, &o->m, o->by, &id, e) < 0 ||
	    store_commit(st, e) < 0)
		return -1;
	printf("meeting %lld: %s %s on %s%s%s%s%s\n", id, p->code, o->period, o->m.date,
	    o->m.time ? " at " : "", o->m.time ? o->m.time : "", o->m.place ? ", " : "",
	    o->m.place ? o->m.place : "");
	return 0;
}

static int
meeting_agenda(struct store *st, const struct catalog *cat, const struct meeting_opts *o,
    const char *ids, struct kp_err *e)
{
	const struct metric *m = NULL;
	struct cy_meeting mt;
	enum entry_field bad;
	long long id;
	int pos;

	if (cycle_meeting_id(ids, &id, e) < 0)
		return -1;
	if (o->item == NULL)
		return err_set(e, KP_USAGE, NULL, "'meeting agenda' needs --item TEXT");
	if (cycle_nonblank(o->item, "agenda item", e) < 0 ||
	    (o->metric != NULL && entry_check_period(cat, o->metric, NULL, &m, NULL, &bad, e) < 0))
		return -1;
	if (store_begin(st, e) < 0 || get_meeting(st, id, &mt, e) < 0)
		return -1;
	cy_meeting_release(&mt);
	if (store_agenda_add(st, id, o->item, o->minutes, m ? m->code : NULL, o->by, &pos, e) < 0 ||
	    store_commit(st, e) < 0)
		return -1;
	printf("meeting %lld, agenda item %d: %s", id, pos, o->item);
	if (o->has_minutes)
		printf(" (%d min)", o->minutes);
	putchar('\n');
	return 0;
}

static int
meeting_decide(struct store *st, const struct meeting_opts *o, const char *ids,
    const char *text, struct kp_err *e)
{
	struct cy_meeting mt;
	long long id, did;

	if (cycle_meeting_id(ids, &id, e) < 0)
		return -1;
	if (!o->by_given)
		return err_set(e, KP_USAGE, NULL, "'meeting decide' needs --by NAME: who made the "
		    "decision");
	if (cycle_nonblank(text, "decision", e) < 0 || cycle_nonblank(o->by, "--by", e) < 0)
		return -1;
	if (store_begin(st, e) < 0 || get_meeting(st, id, &mt, e) < 0)
		return -1;
	cy_meeting_release(&mt);
	if (store_decision_add(st, id, text, o->by, o->data_request, &did, e) < 0 ||
	    store_commit(st, e) < 0)
		return -1;
	printf("meeting %lld: %s %lld by %s: %s\n", id, o->data_request ? "data request" :
	    "decision", did, o->by, text);
	return 0;
}

static void
print_when(const struct cy_meeting *m)
{
	printf("%s%s%s%s%s", m->date, m->time ? " " : "", m->time ? m->time : "",
	    m->place ? ", " : "", m->place ? m->place : "");
}

static int
meeting_list(struct store *st, const char *program, struct kp_err *e)
{
	struct cy_meeting *v = NULL;
	size_t n = 0;

	if (store_meetings(st, program, NULL, &v, &n, e) < 0)
		return -1;
	if (n == 0)
		printf("no meetings%s%s\n", program ? " for " : "", program ? program : "");
	else
		printf("%4s  %-12s %-8s %s\n", "ID", "PROGRAM", "PERIOD", "WHEN, WHERE, CHAIR");
	for (size_t i = 0; i < n; i++) {
		printf("%4lld  %-12s %-8s ", v[i].id, v[i].program, v[i].period);
		print_when(&v[i]);
		if (v[i].chair)
			printf("; chair %s", v[i].chair);
		putchar('\n');
	}
	cy_meetings_free(v, n);
	return 0;
}

static int
meeting_show(struct store *st, const char *ids, struct kp_err *e)
{
	struct cy_action *acts = NULL;
	struct cy_meeting m;
	size_t nact = 0, shown = 0;
	long long id;
	char today[11];

	if (cycle_meeting_id(ids, &id, e) < 0 || get_meeting(st, id, &m, e) < 0)
		return -1;
	if (store_actions(st, m.program, &acts, &nact, e) < 0) {
		cy_meeting_release(&m);
		return -1;
	}
	cmd_today(today);
	printf("meeting %lld: %s %s, ", m.id, m.program, m.period);
	print_when(&m);
	putchar('\n');
	if (m.chair)
		printf("chair: %s\n", m.chair);
	if (m.nattendees > 0) {
		printf("attendees: ");
		for (size_t i = 0; i < m.nattendees; i++)
			printf("%s%s", i ? ", " : "", m.attendees[i]);
		putchar('\n');
	}
	if (m.notes)
		printf("notes: %s\n", m.notes);
	if (m.nagenda > 0)
		printf("agenda:\n");
	for (size_t i = 0; i < m.nagenda; i++) {
		printf("  %d. %s", m.agenda[i].pos, m.agenda[i].item);
		if (m.agenda[i].metric)
			printf(" [%s]", m.agenda[i].metric);
		if (m.agenda[i].minutes)
			printf(" (%d min)", m.agenda[i].minutes);
		putchar('\n');
	}
	if (m.ndecisions > 0)
		printf("decisions:\n");
	for (size_t i = 0; i < m.ndecisions; i++)
		printf("  %s %lld, %.10s by %s: %s\n", m.decisions[i].data_request ? "data request" :
		    "decision", m.decisions[i].id, m.decisions[i].at, m.decisions[i].by,
		    m.decisions[i].text);
	for (size_t i = 0; i < nact; i++) {
		if (acts[i].meeting != m.id)
			continue;
		if (!shown++)
			printf("follow-ups:\n");
		printf("  F-%lld %-11s %-6s due %s, %s: %s\n", acts[i].id,
		    cy_status_name(acts[i].status), cy_colour_name(cy_action_colour(&acts[i], today)),
		    acts[i].due, acts[i].owner, acts[i].text);
	}
	cy_actions_free(acts, nact);
	cy_meeting_release(&m);
	return 0;
}

int
cmd_meeting(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct meeting_opts o;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	const char *verb;
	int rc, nargs;

	if ((rc = parse(argc, argv, ctx, &o)) != 0)
		return rc < 0 ? KP_OK : rc;
	nargs = argc - optind;
	if (nargs < 1)
		return cmd_usage_error(ctx, "meeting", "expected add, agenda, decide, list or show");
	verb = argv[optind];
	if ((strcmp(verb, "add") == 0 || strcmp(verb, "list") == 0) ? nargs != 1 :
	    strcmp(verb, "decide") == 0 ? nargs != 3 :
	    (strcmp(verb, "agenda") == 0 || strcmp(verb, "show") == 0) ? nargs != 2 : 1) {
		if (strcmp(verb, "add") && strcmp(verb, "list") && strcmp(verb, "decide") &&
		    strcmp(verb, "agenda") && strcmp(verb, "show"))
			return cmd_usage_error(ctx, "meeting", "unknown 'meeting %s': expected add, "
			    "agenda, decide, list or show", verb);
		return cmd_usage_error(ctx, "meeting", "'meeting %s' takes %s", verb,
		    strcmp(verb, "decide") == 0 ? "ID TEXT" : strcmp(verb, "agenda") == 0 ||
		    strcmp(verb, "show") == 0 ? "one meeting ID" : "options only");
	}
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	err_clear(&e);
	if (strcmp(verb, "add") == 0)
		rc = meeting_add(st, &cat, &o, &e);
	else if (strcmp(verb, "agenda") == 0)
		rc = meeting_agenda(st, &cat, &o, argv[optind + 1], &e);
	else if (strcmp(verb, "decide") == 0)
		rc = meeting_decide(st, &o, argv[optind + 1], argv[optind + 2], &e);
	else if (strcmp(verb, "list") == 0)
		rc = meeting_list(st, o.program, &e);
	else
		rc = meeting_show(st, argv[optind + 1], &e);
	return cycle_finish(ctx, "meeting", st, &cat, rc, &e);
}
