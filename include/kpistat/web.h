/*
** web: `kpistat serve`, the web pages on the KPI store (libmicrohttpd). Department users enter
** their department's figures and commentary for the open data call and update their
** follow-ups; the office follows the data call; viewers read the status table. Every write
** goes through the same checks as the command line (entry.h, the store's revision and lock
** rules, the follow-up rules) and carries the logged-in user's name as `by`.
**
** Security: sessions are random tokens in an HttpOnly, SameSite=Strict cookie (Secure when the
** base URL is https) with idle and absolute expiry; repeated failed logins for a name wait
** longer and longer; every form carries a CSRF token checked on every POST; a department user
** gets 403 for anything of another department; bodies are capped; every response carries a
** strict Content-Security-Policy (no script at all), nosniff and frame-ancestors 'none'; the
** only file served is the stylesheet compiled into the binary.
*/
#ifndef KPISTAT_WEB_H
#define KPISTAT_WEB_H

#include "kpistat/err.h"

struct web_opts {
	const char	*db_path;
	const char	*listen;	/* "127.0.0.1:8080" (IPv4 address and port) */
	const char	*base_url;	/* "https://stat.example.gov" or NULL */
};

/*
** Serve until SIGINT or SIGTERM, then finish the requests in flight and return 0; -1 with e
** filled when it cannot start (bad address, port taken, store missing).
*/
int	web_serve(const struct web_opts *o, struct kp_err *e);

#endif
