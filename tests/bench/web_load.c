/*
** web_load: the load generator of `make bench-web` (tests/bench/web.sh). WRITERS clients log
** in as department users w0, w1, ... (department d0, d1, ...) and submit their figure again and
** again, each time a new value with a reason; READERS clients log in as `viewer` and read the
** status page. Each client keeps one HTTP/1.1 connection alive. At the end it prints requests
** per second, p50 and p99 latency, failures, and each writer's last accepted value and count of
** accepted submissions, so that the caller can check that every one is in the store.
**
** usage: web_load PORT SECONDS WRITERS READERS [FIRST_VALUE]
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int port;
static double seconds;
static long first_value;

struct client {
	pthread_t	 th;
	int		 id, writer, fd;
	char		 cookie[200], csrf[80], call[24];
	double		*lat;
	size_t		 nlat, cap;
	long		 errors, accepted, last;
	char		 resp[1 << 17];
	int		 status;
	char		*body;
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
connect_to(void)
{
	struct sockaddr_in sa = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One request on the client's connection (reconnecting once); 0 with status and body set. */
static int
request(struct client *c, const char *method, const char *path, const char *form)
{
	char req[4096];
	int n, tries;

	n = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
	    "Content-Length: %zu\r\n%s\r\n%s", method, path, c->cookie[0] ? "Cookie: " : "",
	    c->cookie, c->cookie[0] ? "\r\n" : "", form ? strlen(form) : 0,
	    form ? "Content-Type: application/x-www-form-urlencoded\r\n" : "", form ? form : "");
	for (tries = 0; tries < 2; tries++) {
		size_t got = 0, need = 0;
		char *end;

		if (c->fd < 0 && (c->fd = connect_to()) < 0)
			return -1;
		if (write(c->fd, req, (size_t)n) != n)
			goto reconnect;
		for (;;) {
			ssize_t k = read(c->fd, c->resp + got, sizeof c->resp - 1 - got);

			if (k <= 0)
				goto reconnect;
			got += (size_t)k;
			c->resp[got] = '\0';
			if (need == 0 && (end = strstr(c->resp, "\r\n\r\n")) != NULL) {
				char *cl = strcasestr(c->resp, "Content-Length:");

				c->body = end + 4;
				need = (size_t)(c->body - c->resp) + (cl ? strtoul(cl + 15, NULL, 10) : 0);
			}
			if (need && got >= need)
				break;
			if (got == sizeof c->resp - 1)
				return -1;
		}
		c->status = atoi(c->resp + 9);
		return 0;
reconnect:
		close(c->fd);
		c->fd = -1;
	}
	return -1;
}

/* The value of `name="csrf" value="..."` (or another hidden field) from the last body. */
static void
hidden(struct client *c, const char *name, char *out, size_t n)
{
	char key[64], *p, *q;

	snprintf(key, sizeof key, "name=\"%s\" value=\"", name);
	out[0] = '\0';
	if ((p = strstr(c->body, key)) != NULL && (q = strchr(p + strlen(key), '"')) != NULL)
		snprintf(out, n, "%.*s", (int)(q - p - strlen(key)), p + strlen(key));
}

static int
login(struct client *c, const char *user)
{
	char form[512], tok[80], *p;

	c->cookie[0] = '\0';
	if (request(c, "GET", "/login", NULL) < 0)
		return -1;
	hidden(c, "csrf", tok, sizeof tok);
	snprintf(c->cookie, sizeof c->cookie, "kpistat_login=%s", tok);
	snprintf(form, sizeof form, "csrf=%s&name=%s&password=%s+long+password", tok, user, user);
	if (request(c, "POST", "/login", form) < 0 || c->status != 303 ||
	    (p = strstr(c->resp, "kpistat_session=")) == NULL)
		return -1;
	snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)strcspn(p, ";\r\n"), p);
	if (c->writer) {
		if (request(c, "GET", "/figures", NULL) < 0 || c->status != 200)
			return -1;
		hidden(c, "call", c->call, sizeof c->call);
	} else if (request(c, "GET", "/status", NULL) < 0 || c->status != 200)
		return -1;
	hidden(c, "csrf", c->csrf, sizeof c->csrf);
	return 0;
}

static void *
run(void *arg)
{
	struct client *c = arg;
	double t0 = now(), t;
	long v = first_value;
	char form[512];

	while ((t = now()) - t0 < seconds) {
		int rc;

		if (c->writer) {
			snprintf(form, sizeof form, "csrf=%s&call=%s&v.d%d.figure=%ld&r.d%d.figure=bench"
			    "&c.d%d.figure=bench+run", c->csrf, c->call, c->id, v, c->id, c->id);
			rc = request(c, "POST", "/figures", form);
		} else
			rc = request(c, "GET", "/status", NULL);
		if (c->nlat == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 4096;
			c->lat = realloc(c->lat, c->cap * sizeof *c->lat);
		}
		c->lat[c->nlat++] = (now() - t) * 1e3;
		if (rc < 0 || c->status != 200) {
			c->errors++;
			continue;
		}
		if (c->writer && strstr(c->body, "Saved. What the store now holds") != NULL) {
			c->accepted++;
			c->last = v;
		} else if (c->writer)
			c->errors++;
		v++;
	}
	return NULL;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	int writers, readers, n;
	struct client *cl;
	double *all, t0, el;
	size_t total = 0;
	long errors = 0;
	char user[32];

	if (argc < 5) {
		fputs("usage: web_load PORT SECONDS WRITERS READERS [FIRST_VALUE]\n", stderr);
		return 64;
	}
	port = atoi(argv[1]);
	seconds = atof(argv[2]);
	writers = atoi(argv[3]);
	readers = atoi(argv[4]);
	first_value = argc > 5 ? atol(argv[5]) : 1;
	n = writers + readers;
	cl = calloc((size_t)n, sizeof *cl);
	for (int i = 0; i < n; i++) {
		cl[i].id = i < writers ? i : i - writers;
		cl[i].writer = i < writers;
		cl[i].fd = -1;
		snprintf(user, sizeof user, cl[i].writer ? "w%d" : "viewer", cl[i].id);
		if (login(&cl[i], user) < 0) {
			fprintf(stderr, "web_load: cannot log in as %s (status %d)\n", user, cl[i].status);
			return 1;
		}
	}
	t0 = now();
	for (int i = 0; i < n; i++)
		pthread_create(&cl[i].th, NULL, run, &cl[i]);
	for (int i = 0; i < n; i++) {
		pthread_join(cl[i].th, NULL);
		total += cl[i].nlat;
		errors += cl[i].errors;
	}
	el = now() - t0;
	all = malloc((total ? total : 1) * sizeof *all);
	/* pass 0: every request; 1: the writers' submissions; 2: the readers' status pages */
	for (int pass = 0; pass < 3; pass++) {
		static const char *const name[] = { "all", "submit", "status" };
		size_t m = 0;

		for (int i = 0; i < n; i++)
			if (pass == 0 || (pass == 1) == cl[i].writer) {
				memcpy(all + m, cl[i].lat, cl[i].nlat * sizeof *all);
				m += cl[i].nlat;
			}
		qsort(all, m, sizeof *all, cmp);
		printf("%-6s requests %6zu rps %5.0f p50_ms %7.2f p99_ms %8.2f max_ms %8.1f", name[pass],
		    m, (double)m / el, m ? all[m / 2] : 0, m ? all[(size_t)((double)m * 0.99)] : 0,
		    m ? all[m - 1] : 0);
		if (pass == 0)
			printf(" failed %ld seconds %.1f", errors, el);
		putchar('\n');
	}
	for (int i = 0; i < writers; i++)
		printf("accepted d%d.figure last %ld count %ld\n", i, cl[i].last, cl[i].accepted);
	return 0;
}
