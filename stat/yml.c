/*
** yml.c: libyaml's event stream folded into a tree of nodes with locations (see yml.h).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "kpistat/xmalloc.h"
#include "kpistat/yml.h"

#define YML_MAX_DEPTH	64	/* deeper nesting is not a catalog or template */
#define YML_MAX_KEYS	10000	/* keys in one mapping: duplicates are found by comparing each pair */
#define YML_MAX_FILE	(16u << 20)	/* 16 MiB: far past any real catalog */

#define YML_STR_(x)	#x
#define YML_STR(x)	YML_STR_(x)

struct parse {
	yaml_parser_t	 parser;	/* libyaml state */
	const char	*name;		/* file name for locations */
	const char	*text;		/* the whole input, to look at the character an error points at */
	size_t		 len;
	struct kp_err	*e;
};

static void node_free(struct yml_node *n);

static int
fail_at(struct parse *p, size_t line0, size_t col0, const char *fmt, const char *arg)
{
	char where[600];

	snprintf(where, sizeof where, "%s:%zu:%zu", p->name, line0 + 1, col0 + 1);
	return err_set(p->e, KP_DATA, where, fmt, arg);
}

/*
** The byte a mark points at, or NULL past the end. libyaml counts a mark's index and column
** in characters, not bytes, so after any non-ASCII text the index is not a byte offset: walk
** to the mark's line and then over `column` UTF-8 characters (a leading BOM is not counted).
*/
static const char *
mark_byte(const struct parse *p, const yaml_mark_t *m)
{
	const char *s = p->text, *end = p->text + p->len;
	size_t line = 0, col = 0;

	if (p->len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end && line < m->line)
		if (*s++ == '\n')
			line++;
	while (s < end && col < m->column && *s != '\n') {
		s++;
		while (s < end && ((unsigned char)*s & 0xc0) == 0x80)
			s++;
		col++;
	}
	return s < end ? s : NULL;
}

/* Turn libyaml's parser error into our message, naming the usual culprit (a tab). */
static int
parser_error(struct parse *p)
{
	yaml_mark_t m = p->parser.problem_mark;
	const char *problem = p->parser.problem ? p->parser.problem : "syntax error";
	const char *at = mark_byte(p, &m);

	if (at != NULL && *at == '\t')
		return fail_at(p, m.line, m.column, "%s", "tab character in indentation: "
		    "YAML indents with spaces only");
	if (p->parser.context != NULL) {
		char msg[512];

		snprintf(msg, sizeof msg, "%s %s", problem, p->parser.context);
		return fail_at(p, m.line, m.column, "bad YAML: %s", msg);
	}
	return fail_at(p, m.line, m.column, "bad YAML: %s", problem);
}

static struct yml_node *
node_new(enum yml_type type, const yaml_event_t *ev)
{
	struct yml_node *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	return n;
}

/* Parse the node whose first event is `ev` (consumed). NULL with p->e filled on failure. */
static struct yml_node *
parse_node(struct parse *p, yaml_event_t *ev, int depth)
{
	struct yml_node *n = NULL;
	size_t cap = 0;
	yaml_event_t sub;

	if (depth > YML_MAX_DEPTH) {
		fail_at(p, ev->start_mark.line, ev->start_mark.column, "nesting deeper than %s levels: "
		    "a catalog or template needs a few", YML_STR(YML_MAX_DEPTH));
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(YML_SCALAR, ev);
		n->text = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_delete(ev);
		return n;
	case YAML_ALIAS_EVENT:
		fail_at(p, ev->start_mark.line, ev->start_mark.column, "%s",
		    "aliases (*name) are not supported: write the value out");
		yaml_event_delete(ev);
		return NULL;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(YML_SEQ, ev);
		yaml_event_delete(ev);
		for (;;) {
			struct yml_node *item;

			if (!yaml_parser_parse(&p->parser, &sub)) {
				parser_error(p);
				goto fail;
			}
			if (sub.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&sub);
				return n;
			}
			if ((item = parse_node(p, &sub, depth + 1)) == NULL)
				goto fail;
			n->items = xgrow(n->items, &cap, n->n + 1, sizeof *n->items);
			n->items[n->n++] = item;
		}
	case YAML_MAPPING_START_EVENT:
		n = node_new(YML_MAP, ev);
		yaml_event_delete(ev);
		for (;;) {
			struct yml_pair pair;
			struct yml_node *val;

			if (!yaml_parser_parse(&p->parser, &sub)) {
				parser_error(p);
				goto fail;
			}
			if (sub.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&sub);
				return n;
			}
			if (sub.type != YAML_SCALAR_EVENT) {
				fail_at(p, sub.start_mark.line, sub.start_mark.column, "%s",
				    "a key must be a plain word, not a list or mapping");
				yaml_event_delete(&sub);
				goto fail;
			}
			if (n->n == YML_MAX_KEYS) {
				fail_at(p, sub.start_mark.line, sub.start_mark.column, "more than %s keys "
				    "in one mapping: use a list (- item lines) for long collections",
				    YML_STR(YML_MAX_KEYS));
				yaml_event_delete(&sub);
				goto fail;
			}
			pair.key = xstrndup((const char *)sub.data.scalar.value, sub.data.scalar.length);
			pair.line = (int)sub.start_mark.line + 1;
			pair.col = (int)sub.start_mark.column + 1;
			yaml_event_delete(&sub);
			for (size_t i = 0; i < n->n; i++) {
				if (strcmp(n->pairs[i].key, pair.key) == 0) {
					char msg[128];

					snprintf(msg, sizeof msg, "duplicate key '%%s' (first given on line %d)",
					    n->pairs[i].line);
					fail_at(p, (size_t)pair.line - 1, (size_t)pair.col - 1, msg, pair.key);
					free(pair.key);
					goto fail;
				}
			}
			if (!yaml_parser_parse(&p->parser, &sub)) {
				parser_error(p);
				free(pair.key);
				goto fail;
			}
			if ((val = parse_node(p, &sub, depth + 1)) == NULL) {
				free(pair.key);
				goto fail;
			}
			pair.val = val;
			n->pairs = xgrow(n->pairs, &cap, n->n + 1, sizeof *n->pairs);
			n->pairs[n->n++] = pair;
		}
	default:
		fail_at(p, ev->start_mark.line, ev->start_mark.column, "%s", "unexpected YAML event");
		yaml_event_delete(ev);
		return NULL;
	}
fail:
	node_free(n);
	return NULL;
}

int
yml_load_string(const char *name, const char *text, size_t len, struct yml_doc *out,
    struct kp_err *e)
{
	struct parse p;
	yaml_event_t ev;
	struct yml_node *root = NULL;
	int rc = -1;

	memset(&p, 0, sizeof p);
	p.name = name;
	p.text = text;
	p.len = len;
	p.e = e;
	if (!yaml_parser_initialize(&p.parser))
		return err_set(e, KP_SOFTWARE, name, "cannot start the YAML parser");
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)text, len);
	/* STREAM-START, then DOCUMENT-START or STREAM-END for an empty file. */
	for (;;) {
		if (!yaml_parser_parse(&p.parser, &ev)) {
			parser_error(&p);
			goto out;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		/* A second document (after '---' or '...') is refused where it starts, not skipped. */
		if (ev.type == YAML_DOCUMENT_START_EVENT && root != NULL) {
			fail_at(&p, ev.start_mark.line, ev.start_mark.column, "%s",
			    "a second YAML document starts here: a catalog or template is one document "
			    "(remove this '---' and what follows, or merge the two)");
			yaml_event_delete(&ev);
			goto out;
		}
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT ||
		    ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if ((root = parse_node(&p, &ev, 0)) == NULL)
			goto out;
	}
	out->file = xstrdup(name);
	out->root = root;
	root = NULL;
	rc = 0;
out:
	node_free(root);
	yaml_parser_delete(&p.parser);
	return rc;
}

int
yml_load_file(const char *path, struct yml_doc *out, struct kp_err *e)
{
	FILE *fp = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	if (fp == NULL)
		return err_set(e, KP_NOINPUT, path, "cannot open: %s", strerror(errno));
	do {
		text = xgrow(text, &cap, len + 65536, 1);
		got = fread(text + len, 1, cap - len, fp);
		len += got;
	} while (got > 0 && len < YML_MAX_FILE);
	if (ferror(fp)) {
		rc = err_set(e, KP_IOERR, path, "cannot read: %s", strerror(errno));
	} else if (len >= YML_MAX_FILE) {
		rc = err_set(e, KP_DATA, path, "file too large for a YAML catalog or template (over 16 MiB)");
	} else {
		rc = yml_load_string(path, text, len, out, e);
	}
	fclose(fp);
	free(text);
	return rc;
}

static void
node_free(struct yml_node *n)
{
	if (n == NULL)
		return;
	free(n->text);
	for (size_t i = 0; n->type == YML_SEQ && i < n->n; i++)
		node_free(n->items[i]);
	for (size_t i = 0; n->type == YML_MAP && i < n->n; i++) {
		free(n->pairs[i].key);
		node_free(n->pairs[i].val);
	}
	free(n->items);
	free(n->pairs);
	free(n);
}

void
yml_doc_release(struct yml_doc *d)
{
	node_free(d->root);
	free(d->file);
	d->root = NULL;
	d->file = NULL;
}

const struct yml_pair *
yml_get_pair(const struct yml_node *map, const char *key)
{
	if (map == NULL || map->type != YML_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key, key) == 0)
			return &map->pairs[i];
	return NULL;
}

const struct yml_node *
yml_get(const struct yml_node *map, const char *key)
{
	const struct yml_pair *p = yml_get_pair(map, key);

	return p ? p->val : NULL;
}

int
yml_is_null(const struct yml_node *n)
{
	return n == NULL || (n->type == YML_SCALAR && n->plain &&
	    (n->text[0] == '\0' || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0));
}

char *
yml_where(const struct yml_doc *d, int line, int col, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%d:%d", d->file ? d->file : "-", line, col);
	return buf;
}

const char *
yml_type_name(enum yml_type t)
{
	switch (t) {
	case YML_SCALAR:
		return "a single value";
	case YML_SEQ:
		return "a list";
	default:
		return "a mapping";
	}
}
