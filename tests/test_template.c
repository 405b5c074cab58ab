/*
** test_template.c: packet templates: a full template read into the struct, defaults, the
** shipped templates, and every kind of mistake reported with its FILE:LINE:COL (all of them,
** not only the first), checked before any PDF would be written; metric codes checked against
** a catalog.
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

#include "kpistat/catalog.h"
#include "kpistat/template.h"

static void
load_ok(const char *text, struct template *t)
{
	struct diags d;

	diags_init(&d, 20);
	if (template_load_string("t.yaml", text, strlen(text), t, &d) != 0)
		fail_msg("unexpected error: %s: %s", d.n ? d.v[0].where : "?", d.n ? d.v[0].msg : "?");
	diags_release(&d);
}

/* Loading must fail, and diagnostic `i` must be at `where` and contain `msg`. */
static void
load_bad(const char *text, size_t count, size_t i, const char *where, const char *msg)
{
	struct template t;
	struct diags d;

	diags_init(&d, 20);
	if (template_load_string("t.yaml", text, strlen(text), &t, &d) != -1)
		fail_msg("expected an error for:\n%s", text);
	if (d.n != count || i >= d.n || strcmp(d.v[i].where, where) != 0 ||
	    strstr(d.v[i].msg, msg) == NULL)
		fail_msg("got %zu diagnostics, #%zu: %s: %s; wanted %zu, %s: ...%s...", d.n, i,
		    i < d.n ? d.v[i].where : "-", i < d.n ? d.v[i].msg : "-", count, where, msg);
	assert_int_equal(d.code, KP_DATA);
	diags_release(&d);
}

static void
test_template_full(void **state)
{
	struct template t;
	const struct tpl_section *s;

	(void)state;
	load_ok("title: RivStat\n"
	    "subtitle: Monthly briefing\n"
	    "city: Bogot\xc3\xa1\n"
	    "prepared_by: Office of Performance\n"
	    "paper: a4\n"
	    "colours: { accent: \"#112233\", off_target: \"#AA0000\" }\n"
	    "metrics: [b.one, a.two]\n"
	    "sections:\n"
	    "  - section: cover\n"
	    "    intro: Read this first \xe2\x80\x93 \xe2\x89\xa5 92 %\n"
	    "  - section: metric_pages\n"
	    "    title: Deep dives\n"
	    "    pages: attention\n"
	    "    breakdown: bars\n"
	    "    periods: 13\n"
	    "  - section: glossary\n", &t);
	assert_string_equal(t.title, "RivStat");
	assert_string_equal(t.subtitle, "Monthly briefing");
	assert_string_equal(t.city, "Bogot\xc3\xa1");
	assert_int_equal(t.paper, TPL_A4);
	assert_int_equal(t.colours.accent, 0x112233);
	assert_int_equal(t.colours.off, 0xAA0000);
	assert_int_equal(t.colours.on, 0x2E7D32);	/* the default stays */
	assert_int_equal(t.nmetrics, 2);
	assert_string_equal(t.metrics[0], "b.one");	/* order as written */
	assert_int_equal(t.metric_line[1], 7);
	assert_int_equal(t.nsections, 3);
	assert_int_equal(t.sections[0].kind, TPL_COVER);
	assert_string_equal(t.sections[0].title, "Cover");
	assert_non_null(t.sections[0].intro);
	assert_int_equal(t.pages, TPL_PAGES_ATTENTION);
	assert_int_equal(t.breakdown, TPL_BREAK_BARS);
	assert_int_equal(t.chart_periods, 13);
	assert_non_null(s = template_section(&t, TPL_METRICS));
	assert_string_equal(s->title, "Deep dives");
	assert_null(template_section(&t, TPL_GLANCE));
	template_release(&t);
}

static void
test_template_defaults(void **state)
{
	struct template t;

	(void)state;
	load_ok("sections:\n  - section: at_a_glance\n", &t);
	assert_null(t.title);
	assert_null(t.metrics);
	assert_int_equal(t.paper, TPL_LETTER);
	assert_int_equal(t.pages, TPL_PAGES_ALL);
	assert_int_equal(t.chart_periods, 24);
	assert_string_equal(t.sections[0].title, "At a glance");
	template_release(&t);

	/* "action_items", the follow-up table's old name, is still read. */
	load_ok("sections:\n  - section: action_items\n    title: Commitments\n", &t);
	assert_int_equal(t.sections[0].kind, TPL_ACTIONS);
	assert_string_equal(t.sections[0].title, "Commitments");
	assert_string_equal(template_kind_name(TPL_ACTIONS), "follow_ups");
	template_release(&t);

	template_default(&t);
	assert_int_equal(t.nsections, TPL_NKINDS);
	for (int k = 0; k < TPL_NKINDS; k++)
		assert_int_equal(t.sections[k].kind, k);
	assert_string_equal(t.file, "built-in");
	template_release(&t);
}

static void
test_template_shipped_files_load(void **state)
{
	static const char *const files[] = { "templates/tulstat.yaml", "templates/blightstat.yaml",
	    "templates/citistat.yaml" };
	struct template t;
	struct diags d;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		diags_init(&d, 20);
		if (template_load_file(files[i], &t, &d) != 0)
			fail_msg("%s: %s", d.n ? d.v[0].where : files[i], d.n ? d.v[0].msg : "?");
		assert_true(t.nsections >= 5);
		assert_non_null(template_section(&t, TPL_METRICS));
		/* Each has the cycle's sections: the follow-up table and the next-steps page. */
		assert_non_null(template_section(&t, TPL_ACTIONS));
		assert_non_null(template_section(&t, TPL_NEXT_STEPS));
		/* CitiStat prints the follow-ups right after the cover, before the agenda. */
		if (i == 2)
			assert_int_equal(t.sections[1].kind, TPL_ACTIONS);
		template_release(&t);
		diags_release(&d);
	}
	/* BlightStat draws its breakdown by district. */
	diags_init(&d, 20);
	assert_int_equal(template_load_file("templates/blightstat.yaml", &t, &d), 0);
	assert_int_equal(t.breakdown, TPL_BREAK_BARS);
	template_release(&t);
	diags_release(&d);
}

static void
test_template_errors_have_locations(void **state)
{
	(void)state;
	load_bad("sectons: []\n", 2, 0, "t.yaml:1:1", "unknown key 'sectons': expected title");
	load_bad("sectons: []\n", 2, 1, "t.yaml:1:1", "missing required key 'sections'");
	load_bad("paper: legal\nsections: [{ section: cover }]\n", 1, 0, "t.yaml:1:8",
	    "bad paper 'legal': expected letter or a4");
	load_bad("colours: { accent: blue }\nsections: [{ section: cover }]\n", 1, 0,
	    "t.yaml:1:20", "bad colour 'blue' for 'accent': expected #RRGGBB");
	load_bad("colours: { acent: \"#000000\" }\nsections: [{ section: cover }]\n", 1, 0,
	    "t.yaml:1:12", "unknown colour 'acent'");
	load_bad("sections:\n  - section: coverr\n", 1, 0, "t.yaml:2:14",
	    "unknown section 'coverr': expected cover, agenda, follow_ups, at_a_glance");
	load_bad("sections:\n  - section: cover\n  - section: cover\n", 1, 0, "t.yaml:3:14",
	    "section 'cover' appears twice");
	load_bad("sections:\n  - section: cover\n    pages: all\n", 1, 0, "t.yaml:3:5",
	    "unknown key 'pages' in section 'cover': expected title or intro");
	load_bad("sections:\n  - section: metric_pages\n    pages: some\n    periods: 3\n", 2, 0,
	    "t.yaml:3:12", "bad pages 'some': expected all");
	load_bad("sections:\n  - section: metric_pages\n    pages: some\n    periods: 3\n", 2, 1,
	    "t.yaml:4:14", "bad periods '3': expected a whole number 6..60");
	load_bad("sections:\n  - cover\n", 1, 0, "t.yaml:2:5", "a section is a mapping");
	load_bad("sections: []\n", 1, 0, "t.yaml:1:11", "non-empty list");
	load_bad("metrics: []\nsections: [{ section: cover }]\n", 1, 0, "t.yaml:1:10",
	    "'metrics' must be a non-empty list");
	load_bad("metrics: [a, a]\nsections: [{ section: cover }]\n", 1, 0, "t.yaml:1:14",
	    "metric 'a' is listed twice");
	load_bad("title: [x]\nsections: [{ section: cover }]\n", 1, 0, "t.yaml:1:8",
	    "'title' must be text");
	load_bad("title: Stat \xf0\x9f\x98\x80\nsections: [{ section: cover }]\n", 1, 0,
	    "t.yaml:1:8", "outside the Basic Multilingual Plane");
	load_bad("- a\n", 1, 0, "t.yaml:1:1", "a template is a mapping");
	/* YAML syntax errors come through yml with their location. */
	load_bad("sections: [\n", 1, 0, "t.yaml:2:1", "");
}

/* The smallest PNG: one pixel. */
static const unsigned char png1x1[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
	0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
	0xda, 0x63, 0x64, 0xf8, 0xcf, 0x50, 0x0f, 0x00, 0x03, 0x86, 0x01, 0x80, 0x5a, 0x34,
	0x7d, 0x6b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

static void
test_template_logo_checked_before_use(void **state)
{
	char dir[] = "/tmp/kpistat-tpl.XXXXXX", path[128], logo[128], text[256];
	struct template t;
	struct diags d;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(logo, sizeof logo, "%s/logo.png", dir);
	snprintf(path, sizeof path, "%s/t.yaml", dir);
	/* Not a PNG. */
	assert_non_null(fp = fopen(logo, "w"));
	fputs("GIF89a", fp);
	fclose(fp);
	assert_non_null(fp = fopen(path, "w"));
	fputs("logo: logo.png\nsections: [{ section: cover }]\n", fp);
	fclose(fp);
	diags_init(&d, 20);
	assert_int_equal(template_load_file(path, &t, &d), -1);
	assert_non_null(strstr(d.v[0].msg, "is not a PNG image"));
	diags_release(&d);
	/* A PNG (1 x 1 pixel), resolved against the template's directory. */
	assert_non_null(fp = fopen(logo, "wb"));
	assert_int_equal(fwrite(png1x1, 1, sizeof png1x1, fp), sizeof png1x1);
	fclose(fp);
	diags_init(&d, 20);
	assert_int_equal(template_load_file(path, &t, &d), 0);
	assert_string_equal(t.logo, logo);
	template_release(&t);
	diags_release(&d);
	/* Damaged ones are caught here: libpng would abort the process on them later. */
	for (int k = 0; k < 3; k++) {
		unsigned char bad[sizeof png1x1];

		memcpy(bad, png1x1, sizeof bad);
		if (k == 0)
			bad[40] ^= 0x55;		/* inside IDAT: its CRC fails */
		assert_non_null(fp = fopen(logo, "wb"));
		fwrite(bad, 1, k == 1 ? 8 : k == 2 ? sizeof bad - 12 : sizeof bad, fp);	/* cut short */
		fclose(fp);
		diags_init(&d, 20);
		assert_int_equal(template_load_file(path, &t, &d), -1);
		assert_non_null(strstr(d.v[0].msg, "is a damaged PNG image"));
		diags_release(&d);
	}
	/* Missing. */
	snprintf(text, sizeof text, "logo: nowhere.png\nsections: [{ section: cover }]\n");
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	diags_init(&d, 20);
	assert_int_equal(template_load_file(path, &t, &d), -1);
	assert_non_null(strstr(d.v[0].msg, "cannot read logo"));
	diags_release(&d);
	unlink(logo);
	unlink(path);
	rmdir(dir);
}

static void
test_template_checked_against_catalog(void **state)
{
	struct catalog c;
	struct template t;
	struct diags d;

	(void)state;
	diags_init(&d, 20);
	assert_int_equal(catalog_load_file("tests/fixtures/catalog.yaml", &c, &d), 0);
	load_ok("metrics: [permits.review_days, no.such, fire.drills]\n"
	    "sections: [{ section: cover }]\n", &t);
	assert_int_equal(template_check(&t, &c, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].where, "t.yaml:1:32");
	assert_non_null(strstr(d.v[0].msg, "unknown metric 'no.such'"));
	template_release(&t);
	load_ok("sections: [{ section: cover }]\n", &t);
	assert_int_equal(template_check(&t, &c, &d), 0);
	template_release(&t);
	catalog_release(&c);
	diags_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_full),
		cmocka_unit_test(test_template_defaults),
		cmocka_unit_test(test_template_shipped_files_load),
		cmocka_unit_test(test_template_errors_have_locations),
		cmocka_unit_test(test_template_logo_checked_before_use),
		cmocka_unit_test(test_template_checked_against_catalog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
