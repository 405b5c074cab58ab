/*
** web_session.c: the server's sessions and login throttles, in memory (a restart logs
** everyone out, which is the safe side). One mutex guards both tables; they are bounded, the
** oldest entry making room for a new one.
**
** Throttle: after 3 failed logins for a name, each further try must wait 2^(n-2) seconds
** (2, 4, 8, ... capped at 15 minutes) after the last failure, whatever password it brings.
*/
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "web_int.h"

#define MAX_SESSIONS	4096
#define MAX_THROTTLE	4096
#define FREE_TRIES	3
#define MAX_WAIT	900

struct throttle {
	char	 name[USER_NAME_MAX + 1];
	int	 fails;
	time_t	 last;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct web_session sessions[MAX_SESSIONS];
static struct throttle throttles[MAX_THROTTLE];
static long idle_s = 1800, absolute_s = 12 * 3600;

void
web_sessions_init(long idle, long absolute)
{
	idle_s = idle;
	absolute_s = absolute;
}

void
web_token(char out[WEB_TOKEN_HEX + 1])
{
	unsigned char raw[WEB_TOKEN_HEX / 2];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, WEB_TOKEN_HEX + 1, raw, sizeof raw);
}

int
web_token_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL || strlen(a) != WEB_TOKEN_HEX || strlen(b) != WEB_TOKEN_HEX)
		return 0;
	return sodium_memcmp(a, b, WEB_TOKEN_HEX) == 0;
}

static int
live(const struct web_session *s, time_t now)
{
	return s->token[0] != '\0' && now - s->seen < idle_s && now - s->created < absolute_s;
}

void
web_session_new(const char *user, enum user_role role, const char *dept, struct web_session *out)
{
	time_t now = time(NULL);
	size_t slot = 0;

	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < MAX_SESSIONS; i++) {
		if (!live(&sessions[i], now)) {
			slot = i;
			break;
		}
		if (sessions[i].seen < sessions[slot].seen)
			slot = i;
	}
	memset(&sessions[slot], 0, sizeof sessions[slot]);
	web_token(sessions[slot].token);
	web_token(sessions[slot].csrf);
	snprintf(sessions[slot].user, sizeof sessions[slot].user, "%s", user);
	sessions[slot].role = role;
	snprintf(sessions[slot].dept, sizeof sessions[slot].dept, "%s", dept ? dept : "");
	sessions[slot].created = sessions[slot].seen = now;
	*out = sessions[slot];
	pthread_mutex_unlock(&mu);
}

int
web_session_find(const char *token, struct web_session *out)
{
	time_t now = time(NULL);
	int found = 0;

	if (token == NULL || strlen(token) != WEB_TOKEN_HEX)
		return 0;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < MAX_SESSIONS && !found; i++) {
		if (sessions[i].token[0] == '\0' || !web_token_eq(sessions[i].token, token))
			continue;
		if (live(&sessions[i], now)) {
			sessions[i].seen = now;
			*out = sessions[i];
			found = 1;
		} else
			memset(&sessions[i], 0, sizeof sessions[i]);
		break;
	}
	pthread_mutex_unlock(&mu);
	return found;
}

void
web_session_end(const char *token)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].token[0] != '\0' && web_token_eq(sessions[i].token, token))
			memset(&sessions[i], 0, sizeof sessions[i]);
	pthread_mutex_unlock(&mu);
}

/* The throttle entry of name (mu held), or NULL. */
static struct throttle *
find_throttle(const char *name)
{
	for (size_t i = 0; i < MAX_THROTTLE; i++)
		if (throttles[i].name[0] != '\0' && strcmp(throttles[i].name, name) == 0)
			return &throttles[i];
	return NULL;
}

static long
wait_of(const struct throttle *t, time_t now)
{
	long w;

	if (t == NULL || t->fails < FREE_TRIES)
		return 0;
	w = t->fails - FREE_TRIES >= 10 ? MAX_WAIT : 2L << (t->fails - FREE_TRIES);
	if (w > MAX_WAIT)
		w = MAX_WAIT;
	w -= (long)(now - t->last);
	return w > 0 ? w : 0;
}

long
web_login_wait(const char *name)
{
	long w;

	pthread_mutex_lock(&mu);
	w = wait_of(find_throttle(name), time(NULL));
	pthread_mutex_unlock(&mu);
	return w;
}

void
web_login_failed(const char *name)
{
	struct throttle *t;
	time_t now = time(NULL);

	pthread_mutex_lock(&mu);
	if ((t = find_throttle(name)) == NULL) {
		t = &throttles[0];
		for (size_t i = 0; i < MAX_THROTTLE; i++) {
			if (throttles[i].name[0] == '\0') {
				t = &throttles[i];
				break;
			}
			if (throttles[i].last < t->last)
				t = &throttles[i];
		}
		memset(t, 0, sizeof *t);
		snprintf(t->name, sizeof t->name, "%s", name);
	}
	t->fails++;
	t->last = now;
	pthread_mutex_unlock(&mu);
}

void
web_login_ok(const char *name)
{
	struct throttle *t;

	pthread_mutex_lock(&mu);
	if ((t = find_throttle(name)) != NULL)
		memset(t, 0, sizeof *t);
	pthread_mutex_unlock(&mu);
}
