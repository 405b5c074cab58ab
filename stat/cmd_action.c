/*
** cmd_action.c: `kpistat action add|update|list|show`: the follow-ups a Stat meeting ends with.
** CitiStat's rules hold here: one accountable owner, a due date, evidence before an item counts
** as done, a revised plan (not just a new date) before a due date moves, and nothing deleted
** (a dropped item keeps its row and the note saying why).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kpistat/action_rules.h"
#include "kpistat/buf.h"
#include "kpistat/cmd.h"
#include "kpistat/csv.h"
#include "kpistat/entry.h"
#include "kpistat/store_cycle.h"
#include "cmd_cycle.h"

static const char action_help[] =
    "Follow-ups (action items) from Stat meetings, shown as F-ID.\n"
    "  action add --meeting ID --owner NAME --due DATE [--metric M] [--type TYPE]\n"
    "      [--done-when TEXT] [--by NAME] TEXT\n"
    "      one accountable owner (a person, not a group); the due date is on or after the\n"
    "      meeting; TYPE is one of CitiStat's deliverables: email_update, memo, meeting,\n"
    "      workgroup (new workgroup/project), agenda_item (Stat agenda item), report_out\n"
    "      (Stat report-out), todo (default), written_update\n"
    "  action update ID [--status open|in_progress|done|dropped] [--evidence TEXT]\n"
    "      [--due DATE --plan TEXT] [--note TEXT] [--on DATE] --by NAME\n"
    "      done needs evidence; dropped needs a --note saying why; a new due date needs\n"
    "      a revised plan; --on is the day it happened (default today)\n"
    "  action list [--open] [--overdue] [--closed-since DATE] [--owner NAME] [--metric M]\n"
    "      [--program CODE] [--format table|csv|json]   overdue first, as the tracker shows\n"
    "  action show ID                  one follow-up with its whole history\n"
    "Colours, as CitiStat prints them: white open and not yet due, yellow in progress, red\n"
    "overdue, green done with evidence, grey dropped.\n";

struct action_opts {
	long long	 meeting;
	const char	*owner, *due, *metric, *type, *done_when, *by, *evidence, *plan, *note;
	const char	*on, *closed_since, *program, *status;
	int		 open_only, overdue, by_given;
	enum cmd_format	 format;
};

static int
parse(int argc, char **argv, struct cmd_ctx *ctx, struct action_opts *o, struct kp_err *e)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "owner", required_argument, NULL, 'o' },
		{ "due", required_argument, NULL, 'd' },
		{ "metric", required_argument, NULL, 'M' },
		{ "type", required_argument, NULL, 't' },
		{ "done-when", required_argument, NULL, 'w' },
		{ "by", required_argument, NULL, 'b' },
		{ "status", required_argument, NULL, 's' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "plan", required_argument, NULL, 'p' },
		{ "note", required_argument, NULL, 'n' },
		{ "on", required_argument, NULL, 'O' },
		{ "open", no_argument, NULL, '1' },
		{ "overdue", no_argument, NULL, '2' },
		{ "closed-since", required_argument, NULL, 'c' },
		{ "program", required_argument, NULL, 'P' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	o->by = cmd_default_user();
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'm':
			if (cycle_meeting_id(optarg, &o->meeting, e) < 0)
				return cmd_usage_error(ctx, "action", "%s", e->msg);
			break;
		case 'o': o->owner = optarg; break;
		case 'd': o->due = optarg; break;
		case 'M': o->metric = optarg; break;
		case 't': o->type = optarg; break;
		case 'w': o->done_when = optarg; break;
		case 'b': o->by = optarg; o->by_given = 1; break;
		case 's': o->status = optarg; break;
		case 'e': o->evidence = optarg; break;
		case 'p': o->plan = optarg; break;
		case 'n': o->note = optarg; break;
		case 'O': o->on = optarg; break;
		case '1': o->open_only = 1; break;
		case '2': o->overdue = 1; break;
		case 'c': o->closed_since = optarg; break;
		case 'P': o->program = optarg; break;
		case 'f':
			if (cmd_parse_format(optarg, &o->format) < 0)
				return cmd_usage_error(ctx, "action", "bad format '%s': expected table, "
				    "csv or json", optarg);
			break;
		case 'h':
			cmd_usage(stdout, "action", action_help);
			return -1;
		default:
			return cmd_bad_option(ctx, "action", c, argv);
		}
	}
	return 0;
}

/* One accountable person: a list of names ("Kim, Lee", "Kim and Lee") is refused. */
static int
check_owner(const char *s, struct kp_err *e)
{
	if (cycle_nonblank(s, "owner", e) < 0)
		return -1;
	if (strpbrk(s, ",;&/") != NULL || strstr(s, " and ") != NULL)
		return err_set(e, KP_USAGE, NULL, "owner '%s' names more than one: give one "
		    "accountable person (a follow-up has one owner, not a group)", s);
	return 0;
}

static int
action_add(struct store *st, const struct catalog *cat, const struct action_opts *o,
    const char *text, struct kp_err *e)
{
	const struct metric *m = NULL;
	struct cy_action_new a;
	struct cy_meeting mt;
	enum entry_field bad;
	const char *type = "todo";
	long long id;
	int rc;

	if (o->meeting == 0 || o->owner == NULL || o->due == NULL)
		return err_set(e, KP_USAGE, NULL, "'action add' needs --meeting ID, --owner NAME and "
		    "--due DATE");
	if (check_owner(o->owner, e) < 0 || cycle_nonblank(text, "follow-up text", e) < 0 ||
	    cmd_check_date(o->due, "due date", e) < 0)
		return -1;
	if (o->type != NULL && (type = cy_action_type_parse(o->type)) == NULL)
		return err_set(e, KP_USAGE, NULL, "bad type '%s': expected one of email_update, memo, "
		    "meeting, workgroup, agenda_item, report_out, todo, written_update", o->type);
	if (o->metric != NULL && entry_check_period(cat, o->metric, NULL, &m, NULL, &bad, e) < 0)
		return -1;
	if (store_begin(st, e) < 0 || (rc = store_meeting_get(st, o->meeting, &mt, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no meeting %lld: 'kpistat meeting list' shows the "
		    "meetings", o->meeting);
	if (strcmp(o->due, mt.date) < 0) {
		err_set(e, KP_DATA, NULL, "due date %s is before the meeting it comes from (%s, "
		    "meeting %lld)", o->due, mt.date, o->meeting);
		cy_meeting_release(&mt);
		return -1;
	}
	cy_meeting_release(&mt);
	a = (struct cy_action_new){ o->meeting, m ? m->code : NULL, o->owner, o->due, type,
	    o->done_when, text };
	if (store_action_add(st, &a, o->by, &id, e) < 0 || store_commit(st, e) < 0)
		return -1;
	printf("F-%lld: %s, owner %s, due %s\n", id, text, o->owner, o->due);
	return 0;
}

static int
action_update(struct store *st, const struct action_opts *o, const char *ids, struct kp_err *e)
{
	struct cy_action_update u;
	struct cy_action a;
	long long id;
	char today[11];
	int rc, broken;

	memset(&u, 0, sizeof u);
	if (cycle_id(ids, 'F', "follow-up", &id, e) < 0)
		return -1;
	if (!o->by_given)
		return err_set(e, KP_USAGE, NULL, "'action update' needs --by NAME: who reports the "
		    "change");
	if (cycle_nonblank(o->by, "--by", e) < 0)
		return -1;
	if (o->status == NULL && o->evidence == NULL && o->due == NULL && o->note == NULL &&
	    o->plan == NULL)
		return err_set(e, KP_USAGE, NULL, "nothing to change: give --status, --evidence, "
		    "--due with --plan, or --note");
	if (o->status != NULL) {
		if (cy_status_parse(o->status, &u.status) < 0)
			return err_set(e, KP_USAGE, NULL, "bad status '%s': expected open, in_progress, "
			    "done or dropped", o->status);
		u.set_status = 1;
	}
	if (o->due != NULL && cmd_check_date(o->due, "due date", e) < 0)
		return -1;
	if (o->on != NULL && cmd_check_date(o->on, "date given with --on", e) < 0)
		return -1;
	if (o->due != NULL && (o->plan == NULL || cycle_nonblank(o->plan, "plan", e) < 0))
		return err_set(e, KP_DATA, NULL, "a new due date needs a revised plan: give --plan "
		    "TEXT saying what changes, not just the date");
	if (o->evidence != NULL && cycle_nonblank(o->evidence, "evidence", e) < 0)
		return -1;
	if (store_begin(st, e) < 0 || (rc = store_action_get(st, id, &a, NULL, NULL, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no follow-up F-%lld: 'kpistat action list' shows "
		    "them", id);
	cmd_today(today);
	u.evidence = o->evidence;
	u.due = o->due;
	u.plan = o->plan;
	u.note = o->note;
	u.on = o->on;
	broken = action_rules(&a, &u);
	if (broken & ACT_DONE_NEEDS_EVIDENCE)
		rc = err_set(e, KP_DATA, NULL, "F-%lld cannot be done without evidence: give "
		    "--evidence TEXT (what shows it is done%s%s)", id, a.done_when ? ": " : "",
		    a.done_when ? a.done_when : "");
	else if (broken & ACT_DROP_NEEDS_NOTE)
		rc = err_set(e, KP_DATA, NULL, "dropping F-%lld needs --note TEXT saying why (the "
		    "item and the why are kept)", id);
	else if (broken & ACT_DUE_BEFORE_MEETING)
		rc = err_set(e, KP_DATA, NULL, "due date %s is before the meeting F-%lld comes from "
		    "(%s)", o->due, id, a.meeting_date);
	else if (o->on != NULL && (strcmp(o->on, a.meeting_date) < 0 || strcmp(o->on, today) > 0))
		rc = err_set(e, KP_DATA, NULL, "--on %s is outside F-%lld's life: between its "
		    "meeting (%s) and today (%s)", o->on, id, a.meeting_date, today);
	cy_action_release(&a);
	if (rc < 0)
		return -1;
	if (store_action_update(st, id, &u, o->by, e) < 0 ||
	    store_action_get(st, id, &a, NULL, NULL, e) < 0 || store_commit(st, e) < 0)
		return -1;
	printf("F-%lld: %s, due %s (%s)\n", id, cy_status_name(a.status), a.due,
	    cy_colour_name(cy_action_colour(&a, today)));
	cy_action_release(&a);
	return 0;
}

/* Tracker order: red, yellow, white, then closed; by due date within. */
static int
colour_rank(enum cy_colour c)
{
	return c == CY_RED ? 0 : c == CY_YELLOW ? 1 : c == CY_WHITE ? 2 : c == CY_GREEN ? 3 : 4;
}

static const char *sort_today;

static int
by_tracker(const void *a, const void *b)
{
	const struct cy_action *x = a, *y = b;
	int d = colour_rank(cy_action_colour(x, sort_today)) -
	    colour_rank(cy_action_colour(y, sort_today));

	if (d != 0)
		return d;
	if ((d = strcmp(x->due, y->due)) != 0)
		return d;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
keep(const struct action_opts *o, const struct cy_action *a, const char *today)
{
	int closed = a->status == CY_DONE || a->status == CY_DROPPED;

	if (o->open_only && closed)
		return 0;
	if (o->overdue && cy_action_colour(a, today) != CY_RED)
		return 0;
	if (o->closed_since && (!closed || a->closed_on == NULL || strcmp(a->closed_on,
	    o->closed_since) < 0))
		return 0;
	if (o->owner && strcmp(o->owner, a->owner) != 0)
		return 0;
	if (o->metric && (a->metric == NULL || strcmp(o->metric, a->metric) != 0))
		return 0;
	return 1;
}

static int
action_list(struct store *st, const struct action_opts *o, struct kp_err *e)
{
	static const char *const head[] = { "id", "program", "meeting", "meeting_date", "metric",
	    "owner", "due", "type", "status", "colour", "item", "done_when", "evidence", "note",
	    "plan", "closed_on", "created_at", "updated_at" };
	struct cy_action *v = NULL;
	json_t *arr = NULL;
	size_t n = 0, shown = 0;
	char today[11];

	if (o->closed_since && cmd_check_date(o->closed_since, "--closed-since date", e) < 0)
		return -1;
	if (store_actions(st, o->program, &v, &n, e) < 0)
		return -1;
	cmd_today(today);
	sort_today = today;
	qsort(v, n, sizeof *v, by_tracker);
	if (o->format == FORMAT_CSV)
		csv_write_row(stdout, head, 18);
	else if (o->format == FORMAT_JSON)
		arr = json_array();
	else
		printf("%-6s %-11s %-6s %-10s %-18s %s\n", "ID", "STATUS", "COLOUR", "DUE", "OWNER",
		    "ITEM");
	for (size_t i = 0; i < n; i++) {
		const struct cy_action *a = &v[i];
		const char *colour = cy_colour_name(cy_action_colour(a, today));
		char id[24], mid[24];

		if (!keep(o, a, today))
			continue;
		shown++;
		snprintf(id, sizeof id, "F-%lld", a->id);
		snprintf(mid, sizeof mid, "%lld", a->meeting);
		if (o->format == FORMAT_CSV) {
			const char *f[18] = { id, a->program, mid, a->meeting_date, a->metric ? a->metric :
			    "", a->owner, a->due, a->type, cy_status_name(a->status), colour, a->text,
			    a->done_when ? a->done_when : "", a->evidence ? a->evidence : "",
			    a->note ? a->note : "", a->plan ? a->plan : "", a->closed_on ? a->closed_on :
			    "", a->created_at, a->updated_at };

			csv_write_row(stdout, f, 18);
		} else if (o->format == FORMAT_JSON) {
			json_t *j = json_object();

			json_object_set_new(j, "id", json_string(id));
			json_object_set_new(j, "program", json_string(a->program));
			json_object_set_new(j, "meeting", json_integer(a->meeting));
			json_object_set_new(j, "meeting_date", json_string(a->meeting_date));
			json_object_set_new(j, "metric", a->metric ? json_string(a->metric) : json_null());
			json_object_set_new(j, "owner", json_string(a->owner));
			json_object_set_new(j, "due", json_string(a->due));
			json_object_set_new(j, "type", json_string(a->type));
			json_object_set_new(j, "status", json_string(cy_status_name(a->status)));
			json_object_set_new(j, "colour", json_string(colour));
			json_object_set_new(j, "item", json_string(a->text));
			json_object_set_new(j, "done_when", a->done_when ? json_string(a->done_when) :
			    json_null());
			json_object_set_new(j, "evidence", a->evidence ? json_string(a->evidence) :
			    json_null());
			json_object_set_new(j, "note", a->note ? json_string(a->note) : json_null());
			json_object_set_new(j, "plan", a->plan ? json_string(a->plan) : json_null());
			json_object_set_new(j, "closed_on", a->closed_on ? json_string(a->closed_on) :
			    json_null());
			json_array_append_new(arr, j);
		} else {
			struct buf b;

			buf_init(&b, 0);
			buf_add_fitted(&b, a->owner, 18);
			printf("%-6s %-11s %-6s %-10s %s %s\n", id, cy_status_name(a->status), colour,
			    a->due, b.s, a->text);
			buf_release(&b);
			if (a->status == CY_DONE && a->evidence)
				printf("%46s%s: %s\n", "", "evidence", a->evidence);
			else {
				if (a->note)
					printf("%46s%s: %s\n", "", "note", a->note);
				if (a->plan)
					printf("%46s%s: %s\n", "", "plan", a->plan);
			}
		}
	}
	if (o->format == FORMAT_JSON) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(arr);
	} else if (o->format == FORMAT_TABLE && shown == 0)
		printf("(no follow-ups)\n");
	cy_actions_free(v, n);
	return 0;
}

static int
action_show(struct store *st, const char *ids, struct kp_err *e)
{
	struct cy_action_event *ev = NULL;
	struct cy_action a;
	const char *first_due;
	size_t nev = 0;
	long long id;
	char today[11];
	int rc;

	if (cycle_id(ids, 'F', "follow-up", &id, e) < 0 ||
	    (rc = store_action_get(st, id, &a, &ev, &nev, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no follow-up F-%lld: 'kpistat action list' shows "
		    "them", id);
	cmd_today(today);
	printf("F-%lld: %s\n", a.id, a.text);
	printf("  status     %s (%s)\n", cy_status_name(a.status),
	    cy_colour_name(cy_action_colour(&a, today)));
	printf("  owner      %s\n  due        %s\n  type       %s\n", a.owner, a.due,
	    cy_action_type_label(a.type));
	printf("  meeting    %lld (%s, %s)\n", a.meeting, a.program, a.meeting_date);
	if (a.metric)
		printf("  metric     %s\n", a.metric);
	if (a.done_when)
		printf("  done when  %s\n", a.done_when);
	if (a.evidence)
		printf("  evidence   %s\n", a.evidence);
	if (a.plan)
		printf("  plan       %s\n", a.plan);
	if (a.closed_on)
		printf("  closed on  %s\n", a.closed_on);
	/* The due date it was raised with: the one the first move of the date replaced. */
	first_due = a.due;
	for (size_t i = nev; i-- > 0;)
		if (ev[i].old_due)
			first_due = ev[i].old_due;
	printf("history:\n  %s by %s: raised, due %s\n", a.created_at,
	    a.created_by ? a.created_by : "?", first_due);
	for (size_t i = 0; i < nev; i++) {
		printf("  %s by %s", ev[i].at, ev[i].by ? ev[i].by : "?");
		if (strncmp(ev[i].on, ev[i].at, 10) != 0)
			printf(" (on %s)", ev[i].on);
		printf(":");
		if (ev[i].old_status != ev[i].new_status)
			printf(" %s -> %s", cy_status_name(ev[i].old_status),
			    cy_status_name(ev[i].new_status));
		if (ev[i].new_due)
			printf("%s due %s -> %s", ev[i].old_status != ev[i].new_status ? ";" : "",
			    ev[i].old_due, ev[i].new_due);
		putchar('\n');
		if (ev[i].plan)
			printf("    plan: %s\n", ev[i].plan);
		if (ev[i].evidence)
			printf("    evidence: %s\n", ev[i].evidence);
		if (ev[i].note)
			printf("    note: %s\n", ev[i].note);
	}
	cy_action_events_free(ev, nev);
	cy_action_release(&a);
	return 0;
}

int
cmd_action(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct action_opts o;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	const char *verb;
	int rc, nargs;

	err_clear(&e);
	if ((rc = parse(argc, argv, ctx, &o, &e)) != 0)
		return rc < 0 ? KP_OK : rc;
	nargs = argc - optind;
	verb = nargs > 0 ? argv[optind] : "";
	if (strcmp(verb, "add") && strcmp(verb, "update") && strcmp(verb, "list") &&
	    strcmp(verb, "show"))
		return cmd_usage_error(ctx, "action", nargs ? "unknown 'action %s': expected add, "
		    "update, list or show" : "expected add, update, list or show%s", verb);
	if (strcmp(verb, "list") == 0 ? nargs != 1 : nargs != 2)
		return cmd_usage_error(ctx, "action", "'action %s' takes %s", verb,
		    strcmp(verb, "add") == 0 ? "the follow-up's TEXT (quote it)" :
		    strcmp(verb, "list") == 0 ? "options only" : "one follow-up ID");
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	if (strcmp(verb, "add") == 0)
		rc = action_add(st, &cat, &o, argv[optind + 1], &e);
	else if (strcmp(verb, "update") == 0)
		rc = action_update(st, &o, argv[optind + 1], &e);
	else if (strcmp(verb, "list") == 0)
		rc = (o.program && cycle_program(&cat, o.program, &e) == NULL) ? -1 :
		    action_list(st, &o, &e);
	else
		rc = action_show(st, argv[optind + 1], &e);
	return cycle_finish(ctx, "action", st, &cat, rc, &e);
}
