/*
** web_page.c: the pages' frame and routing: which path runs which page for which role, the
** session and CSRF checks every page relies on, logging in and out, the stylesheet.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kpistat/html.h"
#include "kpistat/period.h"
#include "kpistat/store_user.h"
#include "kpistat/xmalloc.h"
#include "web_int.h"

const char web_css[] =
    "*{box-sizing:border-box}\n"
    "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}\n"
    "header{background:#1a4480;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;"
    "gap:.5rem 1.5rem;align-items:center}\n"
    "header a,header button{color:#fff}\n"
    "header .who{margin-left:auto}\n"
    "nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem;flex-wrap:wrap}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem}\n"
    ".metric{border:1px solid #ccc;border-radius:4px;padding:.75rem;margin:1rem 0}\n"
    ".metric h3{margin:0 0 .5rem;font-size:1.05rem}\n"
    ".facts{margin:0 0 .5rem;color:#444}\n"
    "label{display:block;font-weight:600;margin-top:.5rem}\n"
    "input[type=text],input[type=password],input[type=date],textarea,select{width:100%;"
    "max-width:30rem;font:inherit;padding:.4rem;border:1px solid #767676;border-radius:3px}\n"
    "textarea{min-height:4rem}\n"
    "[aria-invalid=true]{border:2px solid #b50909}\n"
    ".error{color:#b50909;font-weight:600;margin:.25rem 0}\n"
    ".saved{background:#ecf3ec;border-left:4px solid #00a91c;padding:.5rem 1rem}\n"
    ".locked{background:#f0f0f0;border-left:4px solid #757575;padding:.5rem 1rem}\n"
    "button{font:inherit;padding:.5rem 1rem;margin-top:.75rem;cursor:pointer}\n"
    "main button{display:block}\n"
    "header button{background:none;border:1px solid #fff;margin:0;padding:.2rem .6rem}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}\n"
    ".tbl{overflow-x:auto}\n"
    ".off{color:#b50909}.near{color:#8a5a00}.on{color:#00741a}\n"
    ".metric.red{border-left:8px solid #d83933}.metric.yellow{border-left:8px solid #ffbe2e}"
    ".metric.green{border-left:8px solid #00a91c}.metric.white{border-left:8px solid #dfe1e2}\n"
    ":focus{outline:3px solid #2491ff;outline-offset:1px}\n"
    "svg.spark{width:6rem;height:1.5rem}\n"
    ".nw{white-space:nowrap}.head{font-weight:normal;color:#444}\n"
    ".hint{margin:0;color:#444;font-size:.9rem}\n"
    "@media (max-width:30rem){table{font-size:.9rem}th,td{padding:.3rem .25rem}}\n";

void
web_page_begin(struct web_req *r, const char *title)
{
	struct buf *b = &r->body;

	html_lit(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_esc(b, title);
	html_lit(b, " - kpistat</title>\n<link rel=\"stylesheet\" href=\"/static/kpistat.css\">\n"
	    "</head>\n<body>\n<header>\n<strong>kpistat</strong>\n");
	if (r->has_session) {
		html_lit(b, "<nav aria-label=\"Main\"><ul>\n");
		if (r->sess.role == ROLE_DEPARTMENT)
			html_lit(b, "<li><a href=\"/figures\">My figures</a></li>\n"
			    "<li><a href=\"/followups\">Follow-ups</a></li>\n");
		if (r->sess.role == ROLE_OFFICE)
			html_lit(b, "<li><a href=\"/call\">Data call</a></li>\n"
			    "<li><a href=\"/figures\">Enter figures</a></li>\n");
		html_lit(b, "<li><a href=\"/status\">Status</a></li>\n</ul></nav>\n");
		html_lit(b, "<form class=\"who\" method=\"post\" action=\"/logout\">");
		html_esc(b, r->sess.user);
		html_lit(b, " (%s%s", user_role_name(r->sess.role), r->sess.dept[0] ? ", " : "");
		html_esc(b, r->sess.dept);
		html_lit(b, ") ");
		web_csrf_field(r);
		html_lit(b, "<button type=\"submit\">Log out</button></form>\n");
	}
	html_lit(b, "</header>\n<main>\n<h1>");
	html_esc(b, title);
	html_lit(b, "</h1>\n");
}

void
web_page_end(struct web_req *r)
{
	html_lit(&r->body, "</main>\n</body>\n</html>\n");
}

void
web_message(struct web_req *r, int status, const char *title, const char *text)
{
	buf_reset(&r->body);
	r->status = status;
	web_page_begin(r, title);
	html_lit(&r->body, "<p>");
	html_esc(&r->body, text);
	html_lit(&r->body, "</p>\n<p><a href=\"/\">Back to the start</a></p>\n");
	web_page_end(r);
}

void
web_redirect(struct web_req *r, const char *to)
{
	r->status = 303;
	snprintf(r->location, sizeof r->location, "%s", to);
	buf_reset(&r->body);
}

void
web_csrf_field(struct web_req *r)
{
	html_lit(&r->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", r->sess.csrf);
}

/*
** Each connection's thread keeps one store handle open across its requests (opening one costs
** more than most pages), and the catalog it read last with the catalog's stamp then: while
** the stamp is unchanged the catalog is the store's and is not read again. (Reading it was a
** third of the server's CPU under make bench-web; keyed on any commit, as it was first, every
** saved figure made every connection read it again: saves' p99 about 106 ms, some 4,500
** status pages/s in 8 s runs; kept while the catalog's own stamp holds, 20-40 ms and
** 5,000-7,000/s.) Both go when the thread ends (the daemon stopping). A page gets a shallow
** copy of the cached catalog; web_close keeps the lookup index the page may have made, and
** releases nothing else.
*/
struct web_thread {
	struct store		*st;
	struct catalog		 cat;
	int			 has_cat;
	long long		 stamp;
};

static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void
thread_end(void *arg)
{
	struct web_thread *t = arg;

	catalog_release(&t->cat);
	store_close(t->st);
	free(t);
}

static void
make_key(void)
{
	pthread_key_create(&thread_key, thread_end);
}

/* The thread's store handle and a current catalog (shared: see web_close); -1 with e filled. */
static int
thread_open(const char *db_path, struct web_thread **out, struct kp_err *e)
{
	struct web_thread *t;
	long long now;

	pthread_once(&thread_once, make_key);
	if ((t = pthread_getspecific(thread_key)) == NULL) {
		t = xcalloc(1, sizeof *t);
		catalog_init(&t->cat);
		pthread_setspecific(thread_key, t);
	}
	*out = t;
	if (t->st == NULL && (t->st = store_open(db_path, 0, e)) == NULL)
		return -1;
	/* The stamp before the read: a change that lands during it makes the next page re-read. */
	if (store_catalog_stamp(t->st, &now, e) < 0)
		return -1;
	if (t->has_cat && now == t->stamp)
		return 0;
	catalog_release(&t->cat);
	t->has_cat = 0;
	if (store_catalog_read(t->st, &t->cat, e) < 0)
		return -1;
	t->has_cat = 1;
	t->stamp = now;
	return 0;
}

int
web_open(struct web_req *r, struct store **st, struct catalog *cat)
{
	struct web_thread *t;
	struct kp_user u;
	struct kp_err e;
	int rc;

	err_clear(&e);
	catalog_init(cat);
	*st = NULL;
	if (thread_open(r->db_path, &t, &e) < 0) {
		fprintf(stderr, "kpistat: %s%s%s\n", e.where, e.where[0] ? ": " : "", e.msg);
		if (t->st != NULL)
			store_rollback(t->st);
		web_message(r, 503, "Not available", "The store cannot be read just now; try again "
		    "in a minute.");
		return -1;
	}
	*st = t->st;
	*cat = t->cat;
	if (!r->has_session)
		return 0;
	/* A user disabled since logging in is logged out at the next request. */
	rc = store_user_get(*st, r->sess.user, &u, &e);
	if (rc <= 0 || u.disabled) {
		kp_user_release(&u);
		web_close(*st, cat);
		web_session_end(r->sess.token);
		r->has_session = 0;
		web_message(r, 401, "Logged out", "Your account is disabled or was removed: ask the "
		    "performance office.");
		return -1;
	}
	kp_user_release(&u);
	return 0;
}

void
web_close(struct store *st, struct catalog *cat)
{
	struct web_thread *t = pthread_getspecific(thread_key);

	/* cat is the thread's cached catalog (web_open): keep the index a lookup made on it. */
	if (t != NULL && t->has_cat && cat->metrics == t->cat.metrics &&
	    cat->depts == t->cat.depts)
		t->cat.idx = cat->idx;
	else
		catalog_release(cat);
	catalog_init(cat);
	if (st != NULL)
		store_rollback(st);	/* a page that failed half-way leaves nothing open */
}

/*
** Argon2id takes 64 MB and a core for a fraction of a second: at most two at once (this is a
** two-core machine's worth), however many people log in together.
*/
#define HASH_SLOTS	2
static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hash_busy;

void
web_hash_slot(int take)
{
	pthread_mutex_lock(&hash_mu);
	if (take) {
		while (hash_busy >= HASH_SLOTS)
			pthread_cond_wait(&hash_cv, &hash_mu);
		hash_busy++;
	} else {
		hash_busy--;
		pthread_cond_signal(&hash_cv);
	}
	pthread_mutex_unlock(&hash_mu);
}

/*
** Group commit (web_write). Why: a commit waits for the disk (an fsync of the WAL, a few
** milliseconds to tens); with one commit per submission, ten department heads saving at once
** waited for ten of them in a row (make bench-web, quiet store: submission p50 182 ms, p99
** 922 ms). Now whoever finds no write under way writes every submission queued by then.
*/
struct wjob {
	web_write_fn	*fn;
	void		*arg;
	int		 rc, done;
	struct wjob	*next;
};

static pthread_mutex_t wq_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wq_cv = PTHREAD_COND_INITIALIZER;
static struct wjob *wq_head, **wq_tail = &wq_head;
static int wq_busy;

static void
write_batch(struct store *st, struct wjob *batch)
{
	struct kp_err e;

	if (store_begin(st, &e) < 0) {
		fprintf(stderr, "kpistat: %s\n", e.msg);
		for (struct wjob *j = batch; j != NULL; j = j->next)
			j->rc = 503;
		return;
	}
	for (struct wjob *j = batch; j != NULL; j = j->next) {
		if (store_savepoint(st, &e) < 0) {
			fprintf(stderr, "kpistat: %s\n", e.msg);
			j->rc = 503;
			continue;
		}
		if ((j->rc = j->fn(j->arg, st)) != 0)
			store_rollback_to(st);
		else if (store_release(st, &e) < 0) {
			fprintf(stderr, "kpistat: %s\n", e.msg);
			store_rollback_to(st);
			j->rc = 503;
		}
	}
	if (store_commit(st, &e) < 0) {
		fprintf(stderr, "kpistat: %s\n", e.msg);
		store_rollback(st);
		for (struct wjob *j = batch; j != NULL; j = j->next)
			if (j->rc == 0)
				j->rc = 503;
	}
}

int
web_write(struct store *st, web_write_fn *fn, void *arg)
{
	struct wjob job = { fn, arg, 0, 0, NULL }, *batch;

	pthread_mutex_lock(&wq_mu);
	*wq_tail = &job;
	wq_tail = &job.next;
	while (!job.done && wq_busy)
		pthread_cond_wait(&wq_cv, &wq_mu);
	if (job.done) {
		pthread_mutex_unlock(&wq_mu);
		return job.rc;
	}
	/* No write under way: this thread writes everything queued, its own job among them. */
	wq_busy = 1;
	batch = wq_head;
	wq_head = NULL;
	wq_tail = &wq_head;
	pthread_mutex_unlock(&wq_mu);
	write_batch(st, batch);
	pthread_mutex_lock(&wq_mu);
	for (struct wjob *j = batch, *next; j != NULL; j = next) {
		next = j->next;		/* j may be gone once done is seen */
		j->done = 1;
	}
	wq_busy = 0;
	pthread_cond_broadcast(&wq_cv);
	pthread_mutex_unlock(&wq_mu);
	return job.rc;
}

void
web_today(char out[11])
{
	const char *env = getenv("SOURCE_DATE_EPOCH");	/* as the store's clock does */
	time_t now = env && *env ? (time_t)atoll(env) : time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
web_date_ok(const char *s)
{
	int y, m, d, cy, cm, cd;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1)
		return 0;
	period_civil_from_days(period_days_from_civil(y, m, d), &cy, &cm, &cd);
	return y >= 1000 && cy == y && cm == m && cd == d;
}

int
web_blank(const char *s)
{
	if (s == NULL)
		return 1;
	return s[strspn(s, " \t\r\n")] == '\0';
}

int
web_id(const char *s, long long *id)
{
	char *end;

	if (s == NULL || s[0] < '1' || s[0] > '9' || strlen(s) > 18)
		return -1;
	*id = strtoll(s, &end, 10);
	return *end == '\0' ? 0 : -1;
}

/* ---- logging in and out ---- */

static void
set_cookie(struct web_req *r, int i, const char *name, const char *value, int clear)
{
	snprintf(r->cookie[i], sizeof r->cookie[i], "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    name, value, clear ? "; Max-Age=0" : "", r->secure ? "; Secure" : "");
}

static void
login_form(struct web_req *r, const char *name, const char *error)
{
	struct buf *b = &r->body;
	char tok[WEB_TOKEN_HEX + 1];

	/* A login form has no session yet: its CSRF token is a cookie it must echo. */
	web_token(tok);
	set_cookie(r, 1, "kpistat_login", tok, 0);
	web_page_begin(r, "Log in");
	html_lit(b, "<form method=\"post\" action=\"/login\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", tok);
	if (error != NULL) {
		html_lit(b, "<p class=\"error\" id=\"login-error\" role=\"alert\">");
		html_esc(b, error);
		html_lit(b, "</p>\n");
	}
	html_lit(b, "<label for=\"name\">Name</label>\n<input type=\"text\" id=\"name\" "
	    "name=\"name\" autocomplete=\"username\" required value=\"");
	html_esc(b, name);
	html_lit(b, "\"%s>\n<label for=\"password\">Password</label>\n<input type=\"password\" "
	    "id=\"password\" name=\"password\" autocomplete=\"current-password\" required%s>\n"
	    "<button type=\"submit\">Log in</button>\n</form>\n",
	    error ? " aria-describedby=\"login-error\"" : "",
	    error ? " aria-describedby=\"login-error\" aria-invalid=\"true\"" : "");
	web_page_end(r);
}

void
web_login(struct web_req *r)
{
	const char *name = form_get(&r->form, "name"), *pw = form_get(&r->form, "password");
	struct store *st;
	struct catalog cat;
	struct kp_user u;
	struct kp_err e;
	long wait;
	int ok;

	if (strcmp(r->method, "GET") == 0) {
		if (r->has_session)
			web_redirect(r, "/");
		else
			login_form(r, "", NULL);
		return;
	}
	if (!web_token_eq(form_get(&r->form, "csrf"), r->login_cookie)) {
		web_message(r, 403, "Form expired", "The log-in form had expired: load it again.");
		return;
	}
	if (name == NULL || pw == NULL || name[0] == '\0' || strlen(name) > USER_NAME_MAX ||
	    strlen(pw) > USER_PW_MAX) {
		r->status = 422;
		login_form(r, name && strlen(name) <= USER_NAME_MAX ? name : "", "Give your name "
		    "and password.");
		return;
	}
	if ((wait = web_login_wait(name)) > 0) {
		char msg[160];

		snprintf(msg, sizeof msg, "Too many wrong passwords for this name: try again in %ld "
		    "second%s.", wait, wait == 1 ? "" : "s");
		r->status = 429;
		r->retry_after = wait;
		login_form(r, name, msg);
		return;
	}
	if (web_open(r, &st, &cat) < 0)
		return;
	err_clear(&e);
	ok = store_user_get(st, name, &u, &e);
	web_close(st, &cat);
	if (ok < 0) {
		web_message(r, 503, "Not available", "The store cannot be read just now.");
		return;
	}
	/* Same work and the same answer whether the name is unknown, disabled or the password
	** wrong: the page does not tell which names exist. */
	web_hash_slot(1);
	ok = user_verify(ok == 1 ? u.pwhash : NULL, pw) && !u.disabled;
	web_hash_slot(0);
	if (!ok) {
		kp_user_release(&u);
		web_login_failed(name);
		r->status = 401;
		login_form(r, name, "Wrong name or password (or the account is disabled).");
		return;
	}
	web_login_ok(name);
	web_session_new(u.name, u.role, u.department, &r->sess);
	r->has_session = 1;
	kp_user_release(&u);
	set_cookie(r, 0, "kpistat_session", r->sess.token, 0);
	set_cookie(r, 1, "kpistat_login", "", 1);
	web_redirect(r, "/");
}

static void
logout(struct web_req *r)
{
	web_session_end(r->sess.token);
	r->has_session = 0;
	set_cookie(r, 0, "kpistat_session", "", 1);
	web_redirect(r, "/login");
}

/* ---- routing ---- */

struct route {
	const char	*path;
	void		(*page)(struct web_req *);
	int		 post;		/* takes POST */
	int		 roles;		/* 1 << role; 0: no session needed */
};

#define R_ANY	(1 << ROLE_OFFICE | 1 << ROLE_DEPARTMENT | 1 << ROLE_VIEWER)

static void
home(struct web_req *r)
{
	web_redirect(r, r->sess.role == ROLE_DEPARTMENT ? "/figures" : r->sess.role == ROLE_OFFICE ?
	    "/call" : "/status");
}

static void
css(struct web_req *r)
{
	buf_adds(&r->body, web_css);
	r->ctype = "text/css; charset=utf-8";
	r->cacheable = 1;
}

static const struct route routes[] = {
	{ "/", home, 0, R_ANY },
	{ "/login", web_login, 1, 0 },
	{ "/logout", logout, 1, R_ANY },
	{ "/static/kpistat.css", css, 0, 0 },
	{ "/figures", web_figures, 1, 1 << ROLE_DEPARTMENT | 1 << ROLE_OFFICE },
	{ "/followups", web_followups, 1, 1 << ROLE_DEPARTMENT },
	{ "/call", web_call, 0, 1 << ROLE_OFFICE },
	{ "/status", web_status, 0, R_ANY },
};

void
web_route(struct web_req *r)
{
	int post = strcmp(r->method, "POST") == 0;
	const struct route *rt = NULL;

	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
		if (strcmp(routes[i].path, r->path) == 0)
			rt = &routes[i];
	if (rt == NULL) {
		web_message(r, 404, "Not found", "There is no such page here.");
		return;
	}
	if (post && !rt->post) {
		web_message(r, 405, "Not allowed", "This page takes no form.");
		return;
	}
	if (rt->roles != 0) {
		if (!r->has_session) {
			if (post)
				web_message(r, 401, "Logged out", "Your session ended: log in again "
				    "(what you typed was not saved).");
			else
				web_redirect(r, "/login");
			return;
		}
		if (post && (form_count(&r->form, "csrf") != 1 ||
		    !web_token_eq(form_get(&r->form, "csrf"), r->sess.csrf))) {
			web_message(r, 403, "Form expired", "This form does not belong to your "
			    "session: load the page again. Nothing was saved.");
			return;
		}
		if (!(rt->roles & 1 << r->sess.role)) {
			web_message(r, 403, "Not yours", "This page is not for your role.");
			return;
		}
	}
	rt->page(r);
}
