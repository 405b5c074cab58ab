/*
** cmd_user.c: `kpistat user add|passwd|list|disable`: who may log in to `kpistat serve`.
** A password is read from the terminal without echo (asked twice), or as one line from
** standard input when that is not a terminal; never from the command line, where other
** users of the machine could see it.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "kpistat/cmd.h"
#include "kpistat/store_user.h"
#include "kpistat/user.h"
#include "cmd_cycle.h"

static const char user_help[] =
    "Users of 'kpistat serve' (the web pages for departments, the office and viewers).\n"
    "  user add NAME --role office|department|viewer [--department CODE] [--by NAME]\n"
    "      a department user needs --department: the department whose figures they enter\n"
    "  user passwd NAME   set the password: asked twice on the terminal (not echoed), or\n"
    "      read as one line from standard input when it is not a terminal; at least 10\n"
    "      characters. Stored as an Argon2id hash only.\n"
    "  user list          every user: role, department, password set, disabled\n"
    "  user disable NAME  the user can no longer log in (their sessions end); kept, since\n"
    "      figures carry their name\n";

struct user_opts {
	const char	*role, *department, *by;
};

/* Read one line (without its newline) into buf; 0, or -1 at end of input or past its size. */
static int
read_line(FILE *fp, char *buf, size_t size)
{
	size_t n;

	if (fgets(buf, (int)size, fp) == NULL)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(fp))
		return -1;	/* longer than the buffer */
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Ask on the terminal with echo off. */
static int
ask(FILE *tty, const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int rc, fd = fileno(tty);

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(fd, &old) < 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	rc = read_line(tty, buf, size);
	tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The new password into pw (USER_PW_MAX + 2 bytes), checked. 0, or -1 with e filled. */
static int
read_password(char *pw, size_t size, struct kp_err *e)
{
	char again[USER_PW_MAX + 2];
	FILE *tty;
	int rc = 0;

	if (!isatty(STDIN_FILENO)) {
		if (read_line(stdin, pw, size) < 0)
			return err_set(e, KP_DATA, "standard input", "no password: expected one line "
			    "of at most %d bytes", USER_PW_MAX);
		return user_check_password(pw, e);
	}
	if ((tty = fopen("/dev/tty", "r+")) == NULL)
		return err_set(e, KP_NOINPUT, "/dev/tty", "cannot open the terminal to ask for the "
		    "password");
	if (ask(tty, "New password: ", pw, size) < 0)
		rc = err_set(e, KP_DATA, NULL, "no password read (at most %d bytes)", USER_PW_MAX);
	else if (user_check_password(pw, e) < 0)
		rc = -1;
	else if (ask(tty, "Same password again: ", again, sizeof again) < 0 || strcmp(pw, again) != 0)
		rc = err_set(e, KP_DATA, NULL, "the two passwords differ: nothing changed");
	sodium_memzero(again, sizeof again);
	fclose(tty);
	return rc;
}

static int
user_add(struct cmd_ctx *ctx, struct store *st, const struct catalog *cat, const char *name,
    const struct user_opts *o, struct kp_err *e)
{
	enum user_role role;
	size_t i;
	int rc;

	if (o->role == NULL) {
		cmd_usage_error(ctx, "user", "'user add' needs --role office|department|viewer");
		return err_set(e, KP_USAGE, NULL, "%s", "");
	}
	if (user_role_parse(o->role, &role) < 0)
		return err_set(e, KP_USAGE, NULL, "bad role '%s': expected office, department or "
		    "viewer", o->role);
	if (role == ROLE_DEPARTMENT && o->department == NULL)
		return err_set(e, KP_USAGE, NULL, "a department user needs --department CODE: the "
		    "department whose figures they enter");
	if (role != ROLE_DEPARTMENT && o->department != NULL)
		return err_set(e, KP_USAGE, NULL, "--department goes with --role department only (an "
		    "%s user sees every department)", o->role);
	if (o->department != NULL) {
		for (i = 0; i < cat->ndepts && strcmp(cat->depts[i].code, o->department) != 0; i++)
			;
		if (i == cat->ndepts)
			return err_set(e, KP_DATA, NULL, "unknown department '%s': 'kpistat catalog "
			    "show' lists the departments", o->department);
	}
	if (store_begin(st, e) < 0 || (rc = store_user_add(st, name, role, o->department, o->by,
	    e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "user '%s' exists already ('kpistat user list')",
		    name);
	if (store_commit(st, e) < 0)
		return -1;
	printf("added user %s (%s%s%s); set a password with 'kpistat user passwd %s'\n", name,
	    o->role, o->department ? ", department " : "", o->department ? o->department : "",
	    name);
	return 0;
}

static int
user_passwd(struct store *st, const char *name, struct kp_err *e)
{
	char pw[USER_PW_MAX + 2], hash[USER_HASH_MAX];
	struct kp_user u;
	int rc;

	if ((rc = store_user_get(st, name, &u, e)) < 0)
		return -1;
	kp_user_release(&u);
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no user '%s' ('kpistat user list')", name);
	rc = read_password(pw, sizeof pw, e);
	if (rc == 0)
		rc = user_hash(pw, hash, e);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		return -1;
	if (store_begin(st, e) < 0 || store_user_set_hash(st, name, hash, e) < 0 ||
	    store_commit(st, e) < 0)
		return -1;
	printf("password set for %s\n", name);
	return 0;
}

static int
user_list(struct store *st, struct kp_err *e)
{
	struct kp_user *v = NULL;
	size_t n = 0;

	if (store_users(st, &v, &n, e) < 0)
		return -1;
	printf("%-24s %-10s %-12s %-8s %-8s %s\n", "NAME", "ROLE", "DEPARTMENT", "PASSWORD",
	    "STATE", "CREATED");
	for (size_t i = 0; i < n; i++)
		printf("%-24s %-10s %-12s %-8s %-8s %.10s\n", v[i].name, user_role_name(v[i].role),
		    v[i].department ? v[i].department : "-", v[i].pwhash ? "set" : "not set",
		    v[i].disabled ? "disabled" : "active", v[i].created_at);
	if (n == 0)
		printf("(no users: 'kpistat user add NAME --role ROLE' adds one)\n");
	kp_users_free(v, n);
	return 0;
}

static int
user_disable(struct store *st, const char *name, struct kp_err *e)
{
	int rc;

	if (store_begin(st, e) < 0 || (rc = store_user_disable(st, name, e)) < 0 ||
	    store_commit(st, e) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, KP_DATA, NULL, "no user '%s' ('kpistat user list')", name);
	printf("disabled user %s\n", name);
	return 0;
}

int
cmd_user(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "role", required_argument, NULL, 'r' },
		{ "department", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct user_opts o = { NULL, NULL, cmd_default_user() };
	const char *verb;
	struct catalog cat;
	struct store *st;
	struct kp_err e;
	int c, nargs, rc;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'r': o.role = optarg; break;
		case 'd': o.department = optarg; break;
		case 'b': o.by = optarg; break;
		case 'h':
			cmd_usage(stdout, "user", user_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "user", c, argv);
		}
	}
	nargs = argc - optind;
	verb = nargs > 0 ? argv[optind] : "";
	if (strcmp(verb, "add") && strcmp(verb, "passwd") && strcmp(verb, "list") &&
	    strcmp(verb, "disable"))
		return cmd_usage_error(ctx, "user", nargs ? "unknown 'user %s': expected add, passwd, "
		    "list or disable" : "expected add, passwd, list or disable%s", verb);
	if (strcmp(verb, "list") == 0 ? nargs != 1 : nargs != 2)
		return cmd_usage_error(ctx, "user", "'user %s' takes %s", verb,
		    strcmp(verb, "list") == 0 ? "no arguments" : "one user NAME");
	if (strcmp(verb, "add") != 0 && (o.role != NULL || o.department != NULL))
		return cmd_usage_error(ctx, "user", "--role and --department go with 'user add'");
	err_clear(&e);
	if (nargs == 2 && user_check_name(argv[optind + 1], &e) < 0)
		return cmd_fail(ctx, &e);
	if ((rc = cmd_open_catalog(ctx, &st, &cat)) != 0)
		return rc;
	if (strcmp(verb, "add") == 0)
		rc = user_add(ctx, st, &cat, argv[optind + 1], &o, &e);
	else if (strcmp(verb, "passwd") == 0)
		rc = user_passwd(st, argv[optind + 1], &e);
	else if (strcmp(verb, "list") == 0)
		rc = user_list(st, &e);
	else
		rc = user_disable(st, argv[optind + 1], &e);
	return cycle_finish(ctx, "user", st, &cat, rc, &e);
}
