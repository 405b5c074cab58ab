/*
** web_int.h: what the web server's files share (web.c serves, web_session.c keeps sessions
** and login throttles, web_page.c frames pages, web_figures.c and web_pages.c render them).
*/
#ifndef KPISTAT_WEB_INT_H
#define KPISTAT_WEB_INT_H

#include <time.h>

#include "kpistat/buf.h"
#include "kpistat/catalog.h"
#include "kpistat/form.h"
#include "kpistat/store.h"
#include "kpistat/user.h"

#define WEB_BODY_MAX	(64 * 1024)	/* bytes of a request body: a month's figures fit */
#define WEB_TOKEN_HEX	64		/* 32 random bytes */
#define WEB_COMMENT_MAX	10000		/* characters, as `kpistat comment` */

struct web_session {
	char		 token[WEB_TOKEN_HEX + 1];
	char		 csrf[WEB_TOKEN_HEX + 1];
	char		 user[USER_NAME_MAX + 1];
	enum user_role	 role;
	char		 dept[64];
	time_t		 created, seen;
};

/* ---- web_session.c ---- */
void	web_sessions_init(long idle, long absolute);
/* A new session for the user; *out is a copy. */
void	web_session_new(const char *user, enum user_role role, const char *dept,
	    struct web_session *out);
/* The live session of token (touching it): 1 with a copy in *out, 0 none or expired. */
int	web_session_find(const char *token, struct web_session *out);
void	web_session_end(const char *token);
/* Seconds before `name` may try to log in again (0: now). */
long	web_login_wait(const char *name);
void	web_login_failed(const char *name);
void	web_login_ok(const char *name);
/* A fresh random token as hex. */
void	web_token(char out[WEB_TOKEN_HEX + 1]);
/* Constant-time equality of two tokens (NULL never matches). */
int	web_token_eq(const char *a, const char *b);

/* One request and its response. */
struct web_req {
	const char	*method, *path;
	const char	*db_path;
	int		 secure;		/* cookies get Secure */
	struct form	 form;			/* a POST's fields */
	const char	*login_cookie;		/* the pre-login CSRF cookie */
	const char	*arg_dept;		/* a GET's ?dept= (the office's pick), or NULL */
	int		 has_session;
	struct web_session sess;
	/* the response */
	int		 status;
	struct buf	 body;
	const char	*ctype;			/* NULL: text/html */
	int		 cacheable;		/* the stylesheet */
	char		 location[256];		/* a redirect, or "" */
	char		 cookie[2][256];	/* Set-Cookie values, or "" */
	long		 retry_after;		/* 429: seconds, else 0 */
};

/* ---- web_page.c ---- */
void	web_route(struct web_req *r);
/* The page frame: doctype, head, the navigation of the session's role, <main>. */
void	web_page_begin(struct web_req *r, const char *title);
void	web_page_end(struct web_req *r);
/* A whole page with one message (an error page): status, title, text. */
void	web_message(struct web_req *r, int status, const char *title, const char *text);
void	web_redirect(struct web_req *r, const char *to);
/* The hidden CSRF field of the session's forms. */
void	web_csrf_field(struct web_req *r);
/* Open the store and its catalog; on failure a 503 page is set and -1 returned. */
int	web_open(struct web_req *r, struct store **st, struct catalog *cat);
void	web_close(struct store *st, struct catalog *cat);
/*
** Every write of the server goes through web_write (group commit): one thread at a time
** writes, and it writes all the submissions that came meanwhile in one transaction, each in a
** savepoint of its own (fn: 0 keeps it, anything else undoes it alone), then commits once: one
** wait for the disk for all of them. fn writes with the store it is given (the writing
** thread's) and neither begins nor ends a transaction. Returns fn's result, or 503 when the
** store could not start or commit the write.
*/
typedef int web_write_fn(void *arg, struct store *st);
int	web_write(struct store *st, web_write_fn *fn, void *arg);
/* Take (1) or give back (0) one of the few slots for a password hash check. */
void	web_hash_slot(int take);
/* Today (UTC) as YYYY-MM-DD, and whether s is a real calendar date YYYY-MM-DD. */
void	web_today(char out[11]);
int	web_date_ok(const char *s);
/* s without surrounding white space is empty (or s is NULL). */
int	web_blank(const char *s);
/* A form's record ID (a data call's, a follow-up's) as the pages write it: 1-9 then digits,
** no sign, space or tail, within long long. 0 with *id set, or -1. */
int	web_id(const char *s, long long *id);

/* ---- web_figures.c: "My figures" ---- */
void	web_figures(struct web_req *r);
/* ---- web_pages.c ---- */
void	web_login(struct web_req *r);
void	web_call(struct web_req *r);
void	web_followups(struct web_req *r);
void	web_status(struct web_req *r);

extern const char web_css[];

#endif
