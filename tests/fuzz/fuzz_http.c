/*
** fuzz_http.c: what `kpistat serve` parses itself (libmicrohttpd parses the HTTP framing and
** the Cookie header): the urlencoded form body (form.c), the session token from the cookie
** (web_session_find), the path's routing (web_route) and what the pages read from the form
** (the data call's and follow-up's IDs, the "v./c./r.METRIC" field names, figures through the
** value parser as the web uses it, dates, statuses, commentary) against a real store.
**
** Input: line 1 "METHOD PATH", line 2 who asks ("d": ann of department dev, "o": an office user,
** "v": a viewer; anything else is sent as the session cookie's token), the rest the body. A
** form field csrf whose value is "@" gets the session's CSRF token (the fuzzer cannot guess
** 64 random hex digits; a wrong token is covered by every other value).
**
** The store is made once by tests/fuzz/http_store.sh with the kpistat binary named by
** $KPISTAT (default ./kpistat), and copied fresh for every input, which runs in its own thread
** (the pages keep one store handle per thread, closed when the thread ends): every input sees
** the same store, so a finding replays.
**
** Properties. form_parse: an accepted body's names and values are valid UTF-8 without NUL, no
** more fields than '&'-separated parts, and percent-encoded again they parse back the same; a
** refused body leaves no fields. The pages: the status is one the server means to send (a 503
** on a healthy store is a failure), a page's HTML is valid UTF-8, a redirect goes to a local
** path, nothing but /login and the stylesheet answers 200 without a session, and the store's
** figures, revisions, commentary and follow-ups change only on a POST answered 200 whose data
** call or follow-up ID is written as the pages write it (1-9 then digits: not "2x", " 2", "+2")
** and whose commentary and reasons keep the 10,000-character limit.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "kpistat/csv.h"
#include "kpistat/form.h"
#include "kpistat/text.h"
#include "../../stat/web_int.h"
#include "fuzz.h"

static char dir[64], base[96], work[96];
static unsigned long long pristine;	/* the store's watched rows, as the script left them */

static void
remove_store(void)
{
	char p[128];

	for (size_t i = 0; i < 6; i++) {
		snprintf(p, sizeof p, "%s%s", i < 3 ? base : work,
		    (const char *[]){ "", "-wal", "-shm" }[i % 3]);
		unlink(p);
	}
	rmdir(dir);
}

/* A hash of the rows a page may write (FNV-1a over their text). */
static unsigned long long
store_rows(const char *path)
{
	static const char *const q[] = {
		"SELECT * FROM measurement", "SELECT * FROM revision", "SELECT * FROM commentary",
		"SELECT * FROM action_item", "SELECT * FROM action_event",
	};
	unsigned long long h = 1469598103934665603ULL;
	sqlite3 *db;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fz_fail("cannot open the store", path);
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(db, q[i], -1, &s, NULL) != SQLITE_OK)
			fz_fail("cannot read the store", sqlite3_errmsg(db));
		while (sqlite3_step(s) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const unsigned char *t = sqlite3_column_text(s, c);

				for (; t != NULL && *t; t++)
					h = (h ^ *t) * 1099511628211ULL;
				h = (h ^ 0xff) * 1099511628211ULL;
			}
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return h;
}

static void
setup(void)
{
	const char *kp = getenv("KPISTAT");
	char cmd[512];

	setenv("SOURCE_DATE_EPOCH", "1795000000", 1);	/* 2026-11-18: November's call is open */
	if (sodium_init() < 0)
		fz_fail("libsodium does not start", NULL);
	snprintf(dir, sizeof dir, "/tmp/fuzz-http-XXXXXX");
	if (mkdtemp(dir) == NULL)
		fz_fail("mkdtemp", dir);
	snprintf(base, sizeof base, "%s/base.db", dir);
	snprintf(work, sizeof work, "%s/work.db", dir);
	atexit(remove_store);
	snprintf(cmd, sizeof cmd, "tests/fuzz/http_store.sh '%s' '%s'", kp && *kp ? kp : "./kpistat",
	    base);
	if (system(cmd) != 0)
		fz_fail("tests/fuzz/http_store.sh failed (run from the top directory, with $KPISTAT "
		    "naming a built kpistat)", cmd);
	pristine = store_rows(base);
	web_sessions_init(1800, 12 * 3600);
}

static void
copy_store(void)
{
	FILE *in = fopen(base, "rb"), *out = fopen(work, "wb");
	char b[65536], p[128];
	size_t n;

	if (in == NULL || out == NULL)
		fz_fail("cannot copy the store", work);
	while ((n = fread(b, 1, sizeof b, in)) > 0)
		if (fwrite(b, 1, n, out) != n)
			fz_fail("cannot copy the store", work);
	fclose(in);
	if (fclose(out) != 0)
		fz_fail("cannot copy the store", work);
	snprintf(p, sizeof p, "%s-wal", work);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", work);
	unlink(p);
}

/* Append s percent-encoded, every byte. */
static void
encode(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addf(b, "%%%02X", (unsigned char)*s);
}

static void
check_form(const char *body, size_t len, int rc, const struct form *f)
{
	struct form back;
	struct buf b = BUF_INIT;
	size_t parts = 1;

	if (rc < 0) {
		if (f->n != 0 || f->f != NULL)
			fz_fail("a refused form body left fields", NULL);
		return;
	}
	for (size_t i = 0; i < len; i++)
		parts += body[i] == '&';
	if (f->n > parts)
		fz_fail("more fields than parts of the body", NULL);
	for (size_t i = 0; i < f->n; i++) {
		if (!utf8_valid(f->f[i].name, strlen(f->f[i].name)) ||
		    !utf8_valid(f->f[i].value, strlen(f->f[i].value)))
			fz_fail("a form field is not valid UTF-8", f->f[i].name);
		if (i > 0)
			buf_addch(&b, '&');
		encode(&b, f->f[i].name);
		buf_addch(&b, '=');
		encode(&b, f->f[i].value);
	}
	if (form_parse(b.s ? b.s : "", b.len, &back) < 0 || back.n != f->n)
		fz_fail("a form encoded again does not parse to the same fields", b.s);
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(back.f[i].name, f->f[i].name) || strcmp(back.f[i].value, f->f[i].value))
			fz_fail("a form field encoded again reads differently", f->f[i].name);
	form_release(&back);
	buf_release(&b);
}

static void *
run_page(void *arg)
{
	web_route(arg);
	return NULL;	/* the thread's store handle closes as it ends */
}

/* The session `who` names (see the top), or the token sent as it is. */
static void
session_of(const char *who, struct web_req *r)
{
	static const struct { const char *who, *user, *dept; enum user_role role; } users[] = {
		{ "d", "ann", "dev", ROLE_DEPARTMENT },
		{ "o", "office1", "", ROLE_OFFICE },
		{ "v", "eve", "", ROLE_VIEWER },
	};
	static struct web_session live[3];

	for (size_t i = 0; i < 3; i++)
		if (strcmp(who, users[i].who) == 0) {
			/* A fresh session each time: an input that logs out ends its own only. */
			web_session_end(live[i].token);
			web_session_new(users[i].user, users[i].role, users[i].dept, &live[i]);
			who = live[i].token;
		}
	r->has_session = web_session_find(who, &r->sess);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int statuses[] = { 200, 303, 400, 401, 403, 404, 405, 409, 422, 429 };
	char *in = fz_cstr(data, size), *nl, *nl2, *sp, *who, *body, *q;
	struct web_req r;
	pthread_t t;
	size_t blen;
	int rc, known = 0;

	if (base[0] == '\0')
		setup();
	/* Framing: "METHOD PATH\nWHO\nBODY"; the body may hold NUL bytes (size, not strlen). */
	if ((nl = memchr(in, '\n', size)) == NULL || (nl2 = memchr(nl + 1, '\n',
	    size - (size_t)(nl + 1 - in))) == NULL || (sp = memchr(in, ' ', (size_t)(nl - in))) ==
	    NULL) {
		free(in);
		return 0;
	}
	*nl = *nl2 = *sp = '\0';
	who = nl + 1;
	body = nl2 + 1;
	blen = size - (size_t)(body - in);
	memset(&r, 0, sizeof r);
	rc = form_parse(body, blen, &r.form);
	check_form(body, blen, rc, &r.form);
	/* web.c answers other methods (405), a bad form (400) and a path that is not text itself. */
	if ((strcmp(in, "GET") && strcmp(in, "POST")) || (rc < 0 && strcmp(in, "POST") == 0) ||
	    strlen(sp + 1) != (size_t)(nl - sp - 1)) {
		form_release(&r.form);
		free(in);
		return 0;
	}
	r.method = in;
	r.path = sp + 1;
	/* libmicrohttpd hands the pages the path without its query, and ?dept= apart (decoded). */
	if ((q = strchr(sp + 1, '?')) != NULL) {
		*q = '\0';
		if (strncmp(q + 1, "dept=", 5) == 0)
			r.arg_dept = q + 6;
	}
	r.db_path = work;
	r.status = 200;
	buf_init(&r.body, 0);
	session_of(who, &r);
	for (size_t i = 0; i < r.form.n && r.has_session; i++)
		if (strcmp(r.form.f[i].name, "csrf") == 0 && strcmp(r.form.f[i].value, "@") == 0) {
			free(r.form.f[i].value);
			r.form.f[i].value = strdup(r.sess.csrf);
		}
	copy_store();
	if (pthread_create(&t, NULL, run_page, &r) != 0 || pthread_join(t, NULL) != 0)
		fz_fail("cannot run the page in a thread", NULL);

	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "fuzz_http: %s %s: %d%s\n", r.method, r.path, r.status,
		    store_rows(work) != pristine ? " (saved)" : "");
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		known |= r.status == statuses[i];
	if (!known) {
		char s[16];

		snprintf(s, sizeof s, "%d", r.status);
		fz_fail(r.status == 503 ? "a page failed on a healthy store" : "an unexpected status",
		    s);
	}
	if (!utf8_valid(r.body.s ? r.body.s : "", r.body.len))
		fz_fail("a page is not valid UTF-8", r.path);
	if (r.status == 303 && r.location[0] != '/')
		fz_fail("a redirect does not go to a local path", r.location);
	if (r.status != 303 && r.body.len == 0)
		fz_fail("a page without a body", r.path);
	if (!r.has_session && r.status == 200 && strcmp(r.path, "/login") &&
	    strcmp(r.path, "/static/kpistat.css"))
		fz_fail("a page answered 200 without a session", r.path);
	if (store_rows(work) != pristine) {
		const char *id = form_get(&r.form, strcmp(r.path, "/figures") == 0 ? "call" : "id");

		if (strcmp(r.method, "POST") != 0 || r.status != 200)
			fz_fail("the store changed on a request that did not save", r.path);
		/* What was saved was named by its ID as the page wrote it: digits, no sign. */
		if (id == NULL || id[0] < '1' || id[0] > '9' || id[strspn(id, "0123456789")] != '\0')
			fz_fail("a form saved under an ID that is not one", id);
		/* Commentary and reasons saved keep the CLI's limit (10,000 characters). */
		for (size_t i = 0; i < r.form.n; i++)
			if ((strncmp(r.form.f[i].name, "c.", 2) == 0 ||
			    strncmp(r.form.f[i].name, "r.", 2) == 0) &&
			    text_count(r.form.f[i].value, strlen(r.form.f[i].value)) > WEB_COMMENT_MAX)
				fz_fail("a form saved text past 10,000 characters", r.form.f[i].name);
	}
	form_release(&r.form);
	buf_release(&r.body);
	free(in);
	return 0;
}
