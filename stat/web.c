/*
** web.c: `kpistat serve`'s HTTP side on libmicrohttpd: a request's body gathered under a cap,
** its session and form found, the page run (web_page.c), the response sent with the security
** headers every response carries, one log line written. SIGINT and SIGTERM stop the daemon,
** which lets the requests in flight finish first (their transactions commit or roll back
** whole).
*/
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "kpistat/store.h"
#include "kpistat/web.h"
#include "kpistat/xmalloc.h"
#include "web_int.h"

#define SESSION_COOKIE	"kpistat_session"
#define LOGIN_COOKIE	"kpistat_login"

static const char csp[] = "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct app {
	const char	*db_path;
	int		 secure;
};

/* One connection's request body, gathered across calls. */
/*
** Requests begun and not yet completed (their headers read, a body perhaps still coming).
** SIGINT/SIGTERM stop taking connections, then wait for these to finish before stopping: a
** department head's "Save" that was on its way is answered and stored, not cut off.
*/
static atomic_int in_flight;
#define DRAIN_MAX_S	30	/* as long as an idle connection is kept (CONNECTION_TIMEOUT) */

struct conn {
	struct buf	 body;
	int		 too_big;
	struct timespec	 t0;
};

static double
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One line per request: time, method, path, status, milliseconds, user. Never a cookie, a
** token or a form value; control characters in the path are shown as '?'. */
static void
log_request(const char *method, const char *path, int status, double ms, const char *user)
{
	char when[32], safe[201];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (i = 0; path[i] != '\0' && i < sizeof safe - 1; i++)
		safe[i] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f || path[i] == ' ' ? '?' :
		    path[i];
	safe[i] = '\0';
	fprintf(stderr, "%s %s %s %d %.1fms %s\n", when, method, safe, status, ms,
	    user && *user ? user : "-");
}

static enum MHD_Result
respond(struct MHD_Connection *c, struct web_req *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->body.len, r->body.s,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;
	char n[32];

	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    r->ctype ? r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    r->cacheable ? "public, max-age=3600" : "no-store");
	if (r->location[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	for (int i = 0; i < 2; i++)
		if (r->cookie[i][0])
			MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie[i]);
	if (r->retry_after > 0) {
		snprintf(n, sizeof n, "%ld", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, n);
	}
	ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* A response without a page run: too large, bad method, bad form. */
static enum MHD_Result
refuse(struct MHD_Connection *c, const char *method, const char *url, struct conn *cn,
    int status, const char *title, const char *text)
{
	struct web_req r;
	enum MHD_Result ok;

	memset(&r, 0, sizeof r);
	buf_init(&r.body, 0);
	web_message(&r, status, title, text);
	ok = respond(c, &r);
	log_request(method, url, status, ms_since(&cn->t0), NULL);
	buf_release(&r.body);
	return ok;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upsize, void **con_cls)
{
	struct app *app = cls;
	struct conn *cn = *con_cls;
	const char *ctype, *tok;
	enum MHD_Result ok;
	struct web_req r;

	(void)version;
	if (cn == NULL) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);

		cn = xcalloc(1, sizeof *cn);
		atomic_fetch_add(&in_flight, 1);
		buf_init(&cn->body, WEB_BODY_MAX);
		clock_gettime(CLOCK_MONOTONIC, &cn->t0);
		*con_cls = cn;
		if (cl != NULL && strtoull(cl, NULL, 10) > WEB_BODY_MAX)
			return refuse(c, method, url, cn, 413, "Too much at once",
			    "The form sent more than the server takes (64 KB).");
		return MHD_YES;
	}
	if (*upsize > 0) {
		if (!cn->too_big && buf_add(&cn->body, upload, *upsize) < 0)
			cn->too_big = 1;
		*upsize = 0;
		return MHD_YES;
	}
	if (cn->too_big)
		return refuse(c, method, url, cn, 413, "Too much at once",
		    "The form sent more than the server takes (64 KB).");
	if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
		return refuse(c, method, url, cn, 405, "Not allowed", "This server answers GET and "
		    "POST only.");
	memset(&r, 0, sizeof r);
	buf_init(&r.body, 0);
	r.method = strcmp(method, "HEAD") == 0 ? "GET" : method;
	r.path = url;
	r.db_path = app->db_path;
	r.secure = app->secure;
	r.status = 200;
	if (strcmp(method, "POST") == 0) {
		ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ctype == NULL || strncmp(ctype, "application/x-www-form-urlencoded", 33) != 0) {
			buf_release(&r.body);
			return refuse(c, method, url, cn, 415, "Not a form", "Send the page's form "
			    "(application/x-www-form-urlencoded).");
		}
		if (form_parse(cn->body.s, cn->body.len, &r.form) < 0) {
			buf_release(&r.body);
			return refuse(c, method, url, cn, 400, "Bad form", "The form's text is not "
			    "valid (bad escape, NUL byte or not UTF-8).");
		}
	}
	r.login_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, LOGIN_COOKIE);
	r.arg_dept = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "dept");
	tok = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, SESSION_COOKIE);
	r.has_session = web_session_find(tok, &r.sess);
	web_route(&r);
	ok = respond(c, &r);
	log_request(method, url, r.status, ms_since(&cn->t0), r.has_session ? r.sess.user : NULL);
	form_release(&r.form);
	buf_release(&r.body);
	return ok;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
	struct conn *cn = *con_cls;

	(void)cls;
	(void)c;
	(void)t;
	if (cn != NULL) {
		buf_release(&cn->body);
		free(cn);
		*con_cls = NULL;
		atomic_fetch_sub(&in_flight, 1);
	}
}

/* "ADDR:PORT" into sa; -1 with e filled. */
static int
parse_listen(const char *s, struct sockaddr_in *sa, struct kp_err *e)
{
	const char *colon = strrchr(s, ':');
	char addr[64];
	char *end;
	long port;

	memset(sa, 0, sizeof *sa);
	if (colon == NULL || (size_t)(colon - s) >= sizeof addr)
		return err_set(e, KP_USAGE, NULL, "bad --listen '%s': expected ADDRESS:PORT, e.g. "
		    "127.0.0.1:8080", s);
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno || port < 0 || port > 65535)
		return err_set(e, KP_USAGE, NULL, "bad --listen '%s': port must be 0..65535 (0: any "
		    "free port)", s);
	if (inet_pton(AF_INET, addr, &sa->sin_addr) != 1)
		return err_set(e, KP_USAGE, NULL, "bad --listen '%s': '%s' is not an IPv4 address",
		    s, addr);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

int
web_serve(const struct web_opts *o, struct kp_err *e)
{
	struct app app = { o->db_path, o->base_url && strncmp(o->base_url, "https://", 8) == 0 };
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	struct store *st;
	sigset_t stop;
	const char *env;
	MHD_socket lfd;
	int sig;

	if (parse_listen(o->listen, &sa, e) < 0)
		return -1;
	if (o->base_url && strncmp(o->base_url, "https://", 8) && strncmp(o->base_url, "http://", 7))
		return err_set(e, KP_USAGE, NULL, "bad --base-url '%s': expected http://... or "
		    "https://...", o->base_url);
	/* The store must be there (and migrated) before anyone logs in. */
	if ((st = store_open(o->db_path, 0, e)) == NULL)
		return -1;
	store_close(st);
	if (user_crypto_init(e) < 0)
		return -1;
	env = getenv("KPISTAT_SESSION_IDLE");
	web_sessions_init(env && atol(env) > 0 ? atol(env) : 1800, 12 * 3600);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);	/* the daemon's threads inherit it */
	/*
	** A thread per connection: a submission waiting for the store's write lock (an import
	** holds it for its whole run) then holds up its own connection only, not the readers
	** that a thread pool would have queued behind it.
	*/
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_ITC, 0,
	    NULL, NULL, handle, &app,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (d == NULL)
		return err_set(e, KP_IOERR, o->listen, "cannot listen there (address in use or not "
		    "this machine's?)");
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	{
		char addr[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
		fprintf(stderr, "kpistat: serving %s on http://%s:%u/%s%s; stop with Ctrl-C\n",
		    o->db_path, addr, info ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port),
		    o->base_url ? " for " : "", o->base_url ? o->base_url : "");
	}
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "kpistat: %s: finishing the requests in flight\n", strsignal(sig));
	/*
	** MHD_stop_daemon would cut the connections off, a request half-way through with them:
	** first take no new connection, then let every request begun finish (up to DRAIN_MAX_S).
	*/
	lfd = MHD_quiesce_daemon(d);
	for (int i = 0; i < DRAIN_MAX_S * 50 && atomic_load(&in_flight) > 0; i++)
		nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
	MHD_stop_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	fprintf(stderr, "kpistat: stopped\n");
	return 0;
}
