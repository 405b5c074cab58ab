/*
** form.c: urlencoded form bodies (see form.h).
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/csv.h"
#include "kpistat/form.h"
#include "kpistat/xmalloc.h"

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode s[0..n) into a new string; NULL when it is malformed. */
static char *
decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n) {
				free(out);
				return NULL;
			}
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			free(out);
			return NULL;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	if (!utf8_valid(out, (size_t)(o - out))) {
		free(out);
		return NULL;
	}
	return out;
}

int
form_parse(const char *body, size_t len, struct form *out)
{
	size_t cap = 0, i = 0;

	memset(out, 0, sizeof *out);
	while (i < len) {
		size_t end = i, eq;
		char *name, *value;

		while (end < len && body[end] != '&')
			end++;
		for (eq = i; eq < end && body[eq] != '='; eq++)
			;
		if (end > i) {
			name = decode(body + i, eq - i);
			value = name ? decode(body + eq + (eq < end), end - eq - (eq < end)) : NULL;
			if (name == NULL || value == NULL) {
				free(name);
				form_release(out);
				return -1;
			}
			out->f = xgrow(out->f, &cap, out->n + 1, sizeof *out->f);
			out->f[out->n].name = name;
			out->f[out->n++].value = value;
		}
		i = end + 1;
	}
	return 0;
}

const char *
form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

size_t
form_count(const struct form *f, const char *name)
{
	size_t k = 0;

	for (size_t i = 0; i < f->n; i++)
		k += strcmp(f->f[i].name, name) == 0;
	return k;
}

void
form_release(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
	}
	free(f->f);
	memset(f, 0, sizeof *f);
}
