/*
** err: how a failure travels from the module that sees it to the command that reports it.
**
** A fallible function returns 0 on success or -1 on failure and fills the `struct kp_err`
** its caller passed last. Only command code (stat/cmd_*.c) prints an error and picks the
** exit status, which is the sysexits(3) code carried in `code`.
**
** Messages follow git's rules: lower case, no full stop, the problem first, names in single
** quotes, what would be accepted last: "bad period '2026-13': month must be 01..12".
*/
#ifndef KPISTAT_ERR_H
#define KPISTAT_ERR_H

#include <sysexits.h>

#define KP_OK		0	/* success */
#define KP_USAGE	EX_USAGE	/* 64: bad command line */
#define KP_DATA		EX_DATAERR	/* 65: bad input data */
#define KP_NOINPUT	EX_NOINPUT	/* 66: an input file is missing or unreadable */
#define KP_SOFTWARE	EX_SOFTWARE	/* 70: internal error (a bug) */
#define KP_CANTCREAT	EX_CANTCREAT	/* 73: cannot create an output file */
#define KP_IOERR	EX_IOERR	/* 74: input/output error */

struct kp_err {
	int	code;		/* one of KP_*: the exit status a command would use */
	char	where[512];	/* "samples/m.csv:14:3", "metric 'x'", or "" */
	char	msg[1024];	/* what is wrong and what would be accepted */
};

/* Reset to "no error". */
void	err_clear(struct kp_err *e);

/*
** Record an error in `e` (which may be NULL) and return -1, so that a failing path is one
** line: return err_set(e, KP_DATA, where, "unknown metric '%s'", code);
** `where` may be NULL or "" when there is no location.
*/
int	err_set(struct kp_err *e, int code, const char *where, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* Print "prog: where: msg" (or "prog: msg") and a newline on stderr. */
void	err_print(const struct kp_err *e, const char *prog);

/* Print "prog: " and a formatted message on stderr (for messages not carried by a kp_err). */
void	err_printf(const char *prog, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
