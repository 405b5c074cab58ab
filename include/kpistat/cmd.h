/*
** cmd: the command layer, the only code that prints results and chooses exit statuses.
**
** Adding a command (git's builtin.h recipe):
**   1. write `int cmd_foo(int argc, char **argv, struct cmd_ctx *ctx)` in stat/cmd_foo.c;
**      argv[0] is "foo"; parse options with getopt_long (set optind = 0 first, see
**      cmd_getopt_reset); return an exit status (KP_OK, KP_USAGE, KP_DATA, ...);
**   2. declare it below;
**   3. add a line to the table in stat/main.c (kept sorted; a test checks it);
**   4. document it in kpistat.1 and the README.
*/
#ifndef KPISTAT_CMD_H
#define KPISTAT_CMD_H

#include <getopt.h>
#include <stdio.h>

#include "kpistat/err.h"
#include "kpistat/period.h"

struct store;
struct catalog;

struct cmd_ctx {
	const char	*prog;		/* "kpistat", for messages */
	const char	*db_path;	/* --db, else $KPISTAT_DB, else "kpistat.db" */
	int		 deterministic;	/* --deterministic or SOURCE_DATE_EPOCH set */
};

typedef int cmd_fn(int argc, char **argv, struct cmd_ctx *ctx);

struct cmd {
	const char	*name;		/* the verb */
	cmd_fn		*fn;		/* its handler */
	const char	*usage;		/* synopsis after "kpistat " */
	const char	*help;		/* one line for `kpistat help` */
};

/* The command table (stat/main.c) and its length, for `help` and the table test. */
extern const struct cmd cmd_table[];
extern const int cmd_table_len;
const struct cmd *cmd_find(const char *name);

/* Handlers. */
int	cmd_action(int, char **, struct cmd_ctx *);
int	cmd_call(int, char **, struct cmd_ctx *);
int	cmd_catalog(int, char **, struct cmd_ctx *);
int	cmd_comment(int, char **, struct cmd_ctx *);
int	cmd_compare(int, char **, struct cmd_ctx *);
int	cmd_compute(int, char **, struct cmd_ctx *);
int	cmd_events(int, char **, struct cmd_ctx *);
int	cmd_export(int, char **, struct cmd_ctx *);
int	cmd_help(int, char **, struct cmd_ctx *);
int	cmd_history(int, char **, struct cmd_ctx *);
int	cmd_import(int, char **, struct cmd_ctx *);
int	cmd_init(int, char **, struct cmd_ctx *);
int	cmd_lock(int, char **, struct cmd_ctx *);
int	cmd_meeting(int, char **, struct cmd_ctx *);
int	cmd_memo(int, char **, struct cmd_ctx *);
int	cmd_packet(int, char **, struct cmd_ctx *);
int	cmd_record(int, char **, struct cmd_ctx *);
int	cmd_spc(int, char **, struct cmd_ctx *);
int	cmd_status(int, char **, struct cmd_ctx *);
int	cmd_trend(int, char **, struct cmd_ctx *);
int	cmd_serve(int, char **, struct cmd_ctx *);
int	cmd_user(int, char **, struct cmd_ctx *);

/* Shared helpers for handlers (stat/cmd_util.c). */

/* Reset getopt before a handler parses its own argv. */
void	cmd_getopt_reset(void);

/* Print "usage: kpistat <usage>" for `name` to `fp`, plus the long help text if given. */
void	cmd_usage(FILE *fp, const char *name, const char *details);

/* Report a usage error ("prog: msg" + usage line on stderr); returns KP_USAGE. */
int	cmd_usage_error(struct cmd_ctx *ctx, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
** Report the option getopt_long just refused (optstrings start with ':' so that a missing
** value is told apart from an unknown option) and return KP_USAGE.
*/
int	cmd_bad_option(struct cmd_ctx *ctx, const char *name, int c, char **argv);

/* Print e and return its code (KP_SOFTWARE when it carries none). */
int	cmd_fail(struct cmd_ctx *ctx, const struct kp_err *e);

/* A --reason is text like a note (entry_check_text: UTF-8, at most ENTRY_MAX_TEXT
** characters): 0, or the error printed and its exit status returned. NULL passes. */
int	cmd_check_reason(struct cmd_ctx *ctx, const char *reason);

/*
** Open the existing store and read its catalog into *cat. Returns 0, or prints the error and
** returns the exit status (with nothing left open).
*/
int	cmd_open_catalog(struct cmd_ctx *ctx, struct store **st, struct catalog *cat);

/* Open the store at ctx->db_path: existing only (create = 0) or created when missing (create = 1). */
struct store *cmd_open_store(struct cmd_ctx *ctx, int create, struct kp_err *e);

/* The current month (from SOURCE_DATE_EPOCH when set, else the clock), for defaults. */
struct period cmd_today_month(void);

/* Who is entering figures when --by is not given: $USER, else the login name, else NULL. */
const char *cmd_default_user(void);

/*
** Check a calendar date typed as YYYY-MM-DD ("2026-02-30" and "12/05/2026" are refused); `what`
** names it in the message ("due date"). 0, or -1 with e filled (KP_USAGE).
*/
int	cmd_check_date(const char *s, const char *what, struct kp_err *e);
/* Check a time of day HH:MM (00:00 .. 23:59). 0, or -1 with e filled (KP_USAGE). */
int	cmd_check_time(const char *s, const char *what, struct kp_err *e);
/* Today as YYYY-MM-DD (UTC; SOURCE_DATE_EPOCH when set). */
void	cmd_today(char buf[11]);

/* Print "prog: note: LINE" on stderr (ctx is the struct cmd_ctx): a finding, not an error. */
void	cmd_note_line(void *ctx, const char *line);

/* Output formats shared by status, export, history, trend. */
enum cmd_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };
int	cmd_parse_format(const char *s, enum cmd_format *out);

/*
** --delimiter C for CSV input: one ASCII character other than a quote or space, or "tab".
** 0, or the usage error printed and KP_USAGE returned.
*/
int	cmd_delimiter_opt(struct cmd_ctx *ctx, const char *name, const char *s, int *out);

#endif
