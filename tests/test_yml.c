/*
** test_yml.c: the YAML reader: scalars and their style, nulls, nested maps and lists with the
** line and column of every node, flow style, and the strict errors (tab indentation, duplicate
** keys, aliases, several documents) with their exact FILE:LINE:COL and text.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpistat/err.h"
#include "kpistat/yml.h"

static void	 load_ok(const char *, struct yml_doc *);
static void	 load_bad(const char *, const char *, const char *);
static const struct yml_node *at_path(const struct yml_node *, const char *);

/* Parse text named "t.yaml", which must succeed. */
static void
load_ok(const char *text, struct yml_doc *d)
{
	struct kp_err e;

	err_clear(&e);
	if (yml_load_string("t.yaml", text, strlen(text), d, &e) != 0)
		fail_msg("unexpected error: %s: %s", e.where, e.msg);
	assert_string_equal(d->file, "t.yaml");
}

/* Parse text named "t.yaml", which must fail at `where` with exactly `msg`. */
static void
load_bad(const char *text, const char *where, const char *msg)
{
	struct yml_doc d = { NULL, NULL };
	struct kp_err e;

	err_clear(&e);
	if (yml_load_string("t.yaml", text, strlen(text), &d, &e) != -1)
		fail_msg("expected an error for:\n%s", text);
	assert_int_equal(e.code, KP_DATA);
	assert_string_equal(e.where, where);
	assert_string_equal(e.msg, msg);
	assert_null(d.root);	/* nothing handed out on failure */
	assert_null(d.file);
}

/* Walk "a/b/2/c": map keys by name, list items by index. */
static const struct yml_node *
at_path(const struct yml_node *n, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *tok = strtok_r(buf, "/", &save); tok && n; tok = strtok_r(NULL, "/", &save)) {
		if (n->type == YML_SEQ) {
			size_t i = strtoul(tok, NULL, 10);

			n = i < n->n ? n->items[i] : NULL;
		} else {
			n = yml_get(n, tok);
		}
	}
	if (n == NULL)
		fail_msg("no node at '%s'", path);
	return n;
}

static void
test_yml_scalars_plain_and_null(void **state)
{
	static const struct {
		const char *key, *text;
		int plain, null;
	} cases[] = {
		{ "tilde", "~", 1, 1 },
		{ "word", "null", 1, 1 },
		{ "empty", "", 1, 1 },
		{ "qnull", "null", 0, 0 },	/* quoted: the text "null", not nothing */
		{ "sqempty", "", 0, 0 },
		{ "dqempty", "", 0, 0 },
		{ "number", "5", 1, 0 },
		{ "qnumber", "5", 0, 0 },
		{ "pct", "10%", 1, 0 },
		{ "period", "2026-07", 1, 0 },
		{ "spaces", "two words", 1, 0 },
		{ "bool", "yes", 1, 0 },	/* no YAML 1.1 booleans: text is text */
	};
	const char *text =
	    "tilde: ~\n"
	    "word: null\n"
	    "empty:\n"
	    "qnull: \"null\"\n"
	    "sqempty: ''\n"
	    "dqempty: \"\"\n"
	    "number: 5\n"
	    "qnumber: '5'\n"
	    "pct: 10%\n"
	    "period: 2026-07\n"
	    "spaces: two words   \n"
	    "bool: yes\n";
	struct yml_doc d;
	size_t i;

	(void)state;
	load_ok(text, &d);
	assert_int_equal(d.root->type, YML_MAP);
	assert_int_equal(d.root->n, sizeof cases / sizeof cases[0]);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct yml_node *n = yml_get(d.root, cases[i].key);

		assert_non_null(n);
		assert_int_equal(n->type, YML_SCALAR);
		if (strcmp(n->text, cases[i].text) != 0 || n->plain != cases[i].plain ||
		    yml_is_null(n) != cases[i].null)
			fail_msg("%s: text '%s' plain %d null %d", cases[i].key, n->text, n->plain,
			    yml_is_null(n));
		/* File order is kept. */
		assert_string_equal(d.root->pairs[i].key, cases[i].key);
		assert_int_equal(d.root->pairs[i].line, (int)i + 1);
		assert_int_equal(d.root->pairs[i].col, 1);
	}
	/* Lookups that find nothing. */
	assert_null(yml_get(d.root, "absent"));
	assert_null(yml_get_pair(d.root, "absent"));
	assert_null(yml_get(yml_get(d.root, "word"), "x"));	/* not a mapping */
	assert_null(yml_get(NULL, "x"));
	assert_int_equal(yml_is_null(NULL), 1);
	assert_int_equal(yml_is_null(d.root), 0);		/* a mapping is not null */
	yml_doc_release(&d);
	assert_null(d.root);
	assert_null(d.file);
	yml_doc_release(&d);	/* twice is harmless */
}

static void
test_yml_nested_locations(void **state)
{
	const char *text =
	    "# a comment line\n"
	    "city: Testville\n"
	    "departments:\n"
	    "  - code: dev\n"
	    "    name: Development\n"
	    "  - code: fire\n"
	    "    name: Fire\n"
	    "metrics:\n"
	    "- code: m.one\n"
	    "  targets:\n"
	    "    - value: 5\n"
	    "      from:   2026-07\n"
	    "  rebase:\n"
	    "    -   2025-04\n";
	static const struct {
		const char *path;
		enum yml_type type;
		int line, col;
		const char *text;
	} cases[] = {
		{ "city", YML_SCALAR, 2, 7, "Testville" },
		{ "departments", YML_SEQ, 4, 3, NULL },
		{ "departments/0", YML_MAP, 4, 5, NULL },
		{ "departments/0/code", YML_SCALAR, 4, 11, "dev" },
		{ "departments/0/name", YML_SCALAR, 5, 11, "Development" },
		{ "departments/1/name", YML_SCALAR, 7, 11, "Fire" },
		{ "metrics", YML_SEQ, 9, 1, NULL },	/* an unindented list under a key */
		{ "metrics/0", YML_MAP, 9, 3, NULL },
		{ "metrics/0/targets/0", YML_MAP, 11, 7, NULL },
		{ "metrics/0/targets/0/value", YML_SCALAR, 11, 14, "5" },
		{ "metrics/0/targets/0/from", YML_SCALAR, 12, 15, "2026-07" },
		{ "metrics/0/rebase/0", YML_SCALAR, 14, 9, "2025-04" },
	};
	const struct yml_pair *pair;
	struct yml_doc d;
	char where[64];
	size_t i;

	(void)state;
	load_ok(text, &d);
	assert_int_equal(d.root->type, YML_MAP);
	assert_int_equal(d.root->line, 2);
	assert_int_equal(d.root->col, 1);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct yml_node *n = at_path(d.root, cases[i].path);

		if (n->type != cases[i].type || n->line != cases[i].line || n->col != cases[i].col)
			fail_msg("%s: type %d at %d:%d, want type %d at %d:%d", cases[i].path,
			    n->type, n->line, n->col, cases[i].type, cases[i].line, cases[i].col);
		if (cases[i].text != NULL)
			assert_string_equal(n->text, cases[i].text);
	}
	assert_int_equal(at_path(d.root, "departments")->n, 2);
	assert_int_equal(at_path(d.root, "metrics/0")->n, 3);
	/* A key's own location. */
	pair = yml_get_pair(at_path(d.root, "metrics/0/targets/0"), "from");
	assert_non_null(pair);
	assert_string_equal(pair->key, "from");
	assert_int_equal(pair->line, 12);
	assert_int_equal(pair->col, 7);
	assert_ptr_equal(pair->val, at_path(d.root, "metrics/0/targets/0/from"));
	assert_string_equal(yml_where(&d, pair->line, pair->col, where, sizeof where), "t.yaml:12:7");
	assert_string_equal(yml_type_name(YML_SCALAR), "a single value");
	assert_string_equal(yml_type_name(YML_SEQ), "a list");
	assert_string_equal(yml_type_name(YML_MAP), "a mapping");
	yml_doc_release(&d);
}

static void
test_yml_flow_style(void **state)
{
	const char *text =
	    "targets: [{ value: 5, from: 2024-07, tolerance: 10% }, {value: 4, from: 2026-07}]\n"
	    "metrics: [a.b, 'c d', \"e\"]\n"
	    "empty_list: []\n"
	    "empty_map: {}\n"
	    "nested: { a: [1, [2, 3]], b: { c: x } }\n";
	const struct yml_node *n;
	struct yml_doc d;

	(void)state;
	load_ok(text, &d);
	n = at_path(d.root, "targets");
	assert_int_equal(n->type, YML_SEQ);
	assert_int_equal(n->n, 2);
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 10);
	n = at_path(d.root, "targets/0");
	assert_int_equal(n->type, YML_MAP);
	assert_int_equal(n->n, 3);
	assert_int_equal(n->col, 11);
	assert_string_equal(n->pairs[2].key, "tolerance");
	assert_int_equal(n->pairs[2].col, 38);
	assert_string_equal(n->pairs[2].val->text, "10%");
	assert_int_equal(n->pairs[2].val->col, 49);
	n = at_path(d.root, "targets/1/from");
	assert_string_equal(n->text, "2026-07");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 73);

	n = at_path(d.root, "metrics");
	assert_int_equal(n->n, 3);
	assert_string_equal(n->items[0]->text, "a.b");
	assert_int_equal(n->items[0]->plain, 1);
	assert_string_equal(n->items[1]->text, "c d");
	assert_int_equal(n->items[1]->plain, 0);
	assert_int_equal(n->items[1]->line, 2);
	assert_int_equal(n->items[1]->col, 16);
	assert_string_equal(n->items[2]->text, "e");
	assert_int_equal(n->items[2]->plain, 0);

	n = at_path(d.root, "empty_list");
	assert_int_equal(n->type, YML_SEQ);
	assert_int_equal(n->n, 0);
	assert_int_equal(yml_is_null(n), 0);
	n = at_path(d.root, "empty_map");
	assert_int_equal(n->type, YML_MAP);
	assert_int_equal(n->n, 0);
	assert_string_equal(at_path(d.root, "nested/a/1/1")->text, "3");
	assert_string_equal(at_path(d.root, "nested/b/c")->text, "x");
	assert_int_equal(at_path(d.root, "nested/b/c")->col, 35);
	yml_doc_release(&d);
}

static void
test_yml_quoted_scalars(void **state)
{
	const char *text =
	    "dq: \"tab\\there \\\"quoted\\\" \\u00e9\"\n"
	    "sq: 'it''s # not a comment'\n"
	    "hash: a # a comment\n"
	    "colon: \"a: b\"\n"
	    "lit: |\n"
	    "  line one\n"
	    "  line two\n"
	    "fold: >\n"
	    "  folded\n"
	    "  text\n"
	    "multi: \"two\n"
	    "  lines\"\n";
	const struct yml_node *n;
	struct yml_doc d;

	(void)state;
	load_ok(text, &d);
	n = yml_get(d.root, "dq");
	assert_string_equal(n->text, "tab\there \"quoted\" \xc3\xa9");
	assert_int_equal(n->plain, 0);
	assert_int_equal(n->col, 5);
	n = yml_get(d.root, "sq");
	assert_string_equal(n->text, "it's # not a comment");
	assert_int_equal(n->plain, 0);
	assert_string_equal(yml_get(d.root, "hash")->text, "a");
	assert_string_equal(yml_get(d.root, "colon")->text, "a: b");
	n = yml_get(d.root, "lit");
	assert_string_equal(n->text, "line one\nline two\n");
	assert_int_equal(n->plain, 0);
	assert_int_equal(n->line, 5);
	assert_string_equal(yml_get(d.root, "fold")->text, "folded text\n");
	assert_string_equal(yml_get(d.root, "multi")->text, "two lines");
	yml_doc_release(&d);
}

static void
test_yml_duplicate_key(void **state)
{
	(void)state;
	load_bad("a: 1\nb: 2\na: 3\n", "t.yaml:3:1", "duplicate key 'a' (first given on line 1)");
	load_bad("departments:\n"
	    "  - code: dev\n"
	    "    name: Dev\n"
	    "    name: Development\n",
	    "t.yaml:4:5", "duplicate key 'name' (first given on line 3)");
	/* In flow style too, and a key with a '%' is printed as it is. */
	load_bad("x: { a%s: 1, b: 2, a%s: 3 }\n", "t.yaml:1:20",
	    "duplicate key 'a%s' (first given on line 1)");
	/* The same key in two different mappings is fine. */
	{
		struct yml_doc d;

		load_ok("a: { k: 1 }\nb: { k: 2 }\n", &d);
		yml_doc_release(&d);
	}
}

static void
test_yml_tab_indentation(void **state)
{
	static const char tab_msg[] = "tab character in indentation: YAML indents with spaces only";

	(void)state;
	load_bad("departments:\n\t- code: x\n", "t.yaml:2:1", tab_msg);
	load_bad("a:\n  b: 1\n  \tc: 2\n", "t.yaml:3:3", tab_msg);
	/* After non-ASCII text the tab is still found and named. */
	load_bad("city: Z\xc3\xbcrich \xe2\x80\x93 Stra\xc3\x9f" "e\nmetrics:\n\t- x\n", "t.yaml:3:1",
	    tab_msg);
	/* With a byte-order mark, CRLF line ends, or a tab on the first line. */
	load_bad("\xef\xbb\xbf" "a: \xc3\xa9\nb:\n\t- x\n", "t.yaml:3:1", tab_msg);
	load_bad("a: 1\r\nb:\r\n  \t- x\r\n", "t.yaml:3:3", tab_msg);
	load_bad("\ta: 1\n", "t.yaml:1:1", tab_msg);
	/* A tab inside a value is not indentation. */
	{
		struct yml_doc d;

		load_ok("a: \"x\ty\"\nb: x\ty\n", &d);
		assert_string_equal(yml_get(d.root, "a")->text, "x\ty");
		assert_string_equal(yml_get(d.root, "b")->text, "x\ty");
		yml_doc_release(&d);
	}
}

/* Limits: nesting depth and keys per mapping, each with its own message. */
static void
test_yml_limits(void **state)
{
	char *text = malloc(200000);
	size_t n = 0;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < 100; i++)
		text[n++] = '[';
	text[n] = '\0';
	load_bad(text, "t.yaml:1:66", "nesting deeper than 64 levels: a catalog or template "
	    "needs a few");
	n = 0;
	for (int i = 0; i <= 10000; i++)
		n += (size_t)sprintf(text + n, "k%d: 1\n", i);
	load_bad(text, "t.yaml:10001:1", "more than 10000 keys in one mapping: use a list "
	    "(- item lines) for long collections");
	free(text);
}

static void
test_yml_other_errors(void **state)
{
	(void)state;
	load_bad("a: &x 1\nb: *x\n", "t.yaml:2:4",
	    "aliases (*name) are not supported: write the value out");
	load_bad("a: 1\n---\nb: 2\n", "t.yaml:2:1",
	    "a second YAML document starts here: a catalog or template is one document "
	    "(remove this '---' and what follows, or merge the two)");
	load_bad("a: 1\n...\n---\n", "t.yaml:3:1",
	    "a second YAML document starts here: a catalog or template is one document "
	    "(remove this '---' and what follows, or merge the two)");
	load_bad("? [a, b]\n: 1\n", "t.yaml:1:3",
	    "a key must be a plain word, not a list or mapping");
	load_bad("a: [1, 2\n", "t.yaml:2:1",
	    "bad YAML: did not find expected ',' or ']' while parsing a flow sequence");
	load_bad("a: 1\n b: 2\n", "t.yaml:2:3",
	    "bad YAML: mapping values are not allowed in this context");
	load_bad("a: \"open\n", "t.yaml:2:1",
	    "bad YAML: found unexpected end of stream while scanning a quoted scalar");
}

static void
test_yml_empty_documents(void **state)
{
	static const char *const empty[] = { "", "\n\n", "# only a comment\n", "---\n", "---\n...\n" };
	struct yml_doc d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		load_ok(empty[i], &d);
		if (i < 3)
			assert_null(d.root);
		else	/* an explicit document with nothing in it is a plain null */
			assert_true(d.root == NULL || yml_is_null(d.root));
		yml_doc_release(&d);
	}
	/* A bare scalar and a bare list are documents too. */
	load_ok("just text\n", &d);
	assert_int_equal(d.root->type, YML_SCALAR);
	assert_string_equal(d.root->text, "just text");
	yml_doc_release(&d);
	load_ok("- a\n- b\n", &d);
	assert_int_equal(d.root->type, YML_SEQ);
	assert_int_equal(d.root->n, 2);
	yml_doc_release(&d);
}

static void
test_yml_utf8_preserved(void **state)
{
	/* "Zürich – Straße ✓", a BOM-less UTF-8 file with non-ASCII keys and values. */
	const char *text =
	    "city: Z\xc3\xbcrich \xe2\x80\x93 Stra\xc3\x9f" "e \xe2\x9c\x93\n"
	    "n\xc3\xa4me: \"\xe6\x9d\xb1\xe4\xba\xac\"\n"
	    "list: [\xc3\xa9t\xc3\xa9, \xf0\x9f\x93\x88]\n";
	const struct yml_node *n;
	struct yml_doc d;

	(void)state;
	load_ok(text, &d);
	assert_string_equal(yml_get(d.root, "city")->text,
	    "Z\xc3\xbcrich \xe2\x80\x93 Stra\xc3\x9f" "e \xe2\x9c\x93");
	n = yml_get(d.root, "n\xc3\xa4me");
	assert_non_null(n);
	assert_string_equal(n->text, "\xe6\x9d\xb1\xe4\xba\xac");
	/* Columns count characters, as an editor shows them, not bytes. */
	assert_int_equal(n->col, 7);
	n = yml_get(d.root, "list");
	assert_string_equal(n->items[0]->text, "\xc3\xa9t\xc3\xa9");
	assert_string_equal(n->items[1]->text, "\xf0\x9f\x93\x88");
	assert_int_equal(n->items[1]->col, 13);
	yml_doc_release(&d);
}

static void
test_yml_load_file(void **state)
{
	char path[] = "/tmp/test_yml.XXXXXX", where[600];
	struct yml_doc d;
	struct kp_err e;
	FILE *fp;
	int fd;

	(void)state;
	err_clear(&e);
	assert_int_equal(yml_load_file("/nonexistent/dir/c.yaml", &d, &e), -1);
	assert_int_equal(e.code, KP_NOINPUT);
	assert_string_equal(e.where, "/nonexistent/dir/c.yaml");
	assert_string_equal(e.msg, "cannot open: No such file or directory");

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("a:\n  b: [1, 2]\nc: \xc3\xa9\n", fp);
	fclose(fp);
	assert_int_equal(yml_load_file(path, &d, &e), 0);
	assert_string_equal(d.file, path);
	assert_string_equal(at_path(d.root, "a/b/1")->text, "2");
	assert_string_equal(at_path(d.root, "c")->text, "\xc3\xa9");
	yml_doc_release(&d);

	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("a: 1\na: 2\n", fp);
	fclose(fp);
	assert_int_equal(yml_load_file(path, &d, &e), -1);
	snprintf(where, sizeof where, "%s:2:1", path);
	assert_string_equal(e.where, where);
	assert_string_equal(e.msg, "duplicate key 'a' (first given on line 1)");
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yml_scalars_plain_and_null),
		cmocka_unit_test(test_yml_nested_locations),
		cmocka_unit_test(test_yml_flow_style),
		cmocka_unit_test(test_yml_quoted_scalars),
		cmocka_unit_test(test_yml_duplicate_key),
		cmocka_unit_test(test_yml_tab_indentation),
		cmocka_unit_test(test_yml_other_errors),
		cmocka_unit_test(test_yml_limits),
		cmocka_unit_test(test_yml_empty_documents),
		cmocka_unit_test(test_yml_utf8_preserved),
		cmocka_unit_test(test_yml_load_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
