/*
** template.c: read and check a packet template (see template.h). Every problem found is
** reported, not only the first, each at the key or value it concerns; unknown keys are errors
** (a misspelt "sectons:" would otherwise silently give the default packet).
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "kpistat/template.h"
#include "kpistat/text.h"
#include "kpistat/xmalloc.h"
#include "kpistat/yml.h"

static const char *const kind_names[TPL_NKINDS] = {
	"cover", "agenda", "follow_ups", "at_a_glance", "attention", "metric_pages",
	"data_notes", "next_steps", "glossary"
};

#define KIND_LIST	"cover, agenda, follow_ups, at_a_glance, attention, metric_pages, " \
			"data_notes, next_steps or glossary"

static const char *const kind_titles[TPL_NKINDS] = {
	"Cover", "Agenda", "Follow-ups from earlier sessions", "At a glance",
	"What changed and what needs attention", "Metric pages", "Data notes", "Next steps",
	"Glossary of metrics"
};

static const struct tpl_colours default_colours = {
	0x1F3A5F,	/* accent: deep navy */
	0x2E7D32,	/* on target: green */
	0xB26A00,	/* near: dark amber, legible as text on white */
	0xC62828,	/* off: red */
	0x6B7280	/* none: grey */
};

/* What the checks need while walking the document. */
struct ck {
	const struct yml_doc	*doc;
	struct diags		*d;
	int			 bad;
};

static void report(struct ck *ck, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
report(struct ck *ck, int line, int col, const char *fmt, ...)
{
	char where[600], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	yml_where(ck->doc, line, col, where, sizeof where);
	diags_add(ck->d, KP_DATA, where, "%s", msg);
	ck->bad++;
}

const char *
template_kind_name(enum tpl_kind k)
{
	return k < TPL_NKINDS ? kind_names[k] : "?";
}

static void
add_section(struct template *t, size_t *cap, enum tpl_kind k, const char *title,
    const char *intro)
{
	struct tpl_section *s;

	t->sections = xgrow(t->sections, cap, t->nsections + 1, sizeof *t->sections);
	s = &t->sections[t->nsections++];
	s->kind = k;
	s->title = xstrdup(title ? title : kind_titles[k]);
	s->intro = intro ? xstrdup(intro) : NULL;
}

static void
base(struct template *t, const char *file)
{
	memset(t, 0, sizeof *t);
	t->file = xstrdup(file);
	t->subtitle = xstrdup("Briefing packet");
	t->colours = default_colours;
	t->chart_periods = 24;
	t->breakdown = TPL_BREAK_TABLE;
}

void
template_default(struct template *t)
{
	size_t cap = 0;

	base(t, "built-in");
	for (int k = 0; k < TPL_NKINDS; k++)
		add_section(t, &cap, (enum tpl_kind)k, NULL, NULL);
}

/* The scalar text of v, or NULL after reporting; rejects what a PDF cannot show. */
static const char *
text_of(struct ck *ck, const struct yml_pair *pr)
{
	const struct yml_node *v = pr->val;

	if (v->type != YML_SCALAR) {
		report(ck, v->line, v->col, "'%s' must be text, not %s", pr->key,
		    yml_type_name(v->type));
		return NULL;
	}
	for (size_t i = 0, n = strlen(v->text); i < n;) {
		uint32_t cp;

		i += text_decode(v->text + i, n - i, &cp);
		if (cp > 0xFFFF || cp == TEXT_REPLACEMENT) {
			report(ck, v->line, v->col, "'%s' has a character the packet cannot show "
			    "(outside the Basic Multilingual Plane, such as an emoji): remove it",
			    pr->key);
			return NULL;
		}
	}
	return v->text;
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

static int
parse_colour(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (s[0] != '#' || strlen(s) != 7)
		return -1;
	v = strtoul(s + 1, &end, 16);
	if (*end != '\0')
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static void
read_colours(struct ck *ck, const struct yml_node *map, struct tpl_colours *c)
{
	static const char *const names[] = { "accent", "on_target", "near_target", "off_target",
	    "no_target" };
	uint32_t *dst[] = { &c->accent, &c->on, &c->near, &c->off, &c->none };

	if (map->type != YML_MAP) {
		report(ck, map->line, map->col, "'colours' must be a mapping such as "
		    "{ accent: \"#1F3A5F\" }, not %s", yml_type_name(map->type));
		return;
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct yml_pair *pr = &map->pairs[i];
		const char *s;
		size_t k;

		for (k = 0; k < 5 && strcmp(pr->key, names[k]) != 0; k++)
			;
		if (k == 5) {
			report(ck, pr->line, pr->col, "unknown colour '%s': expected accent, "
			    "on_target, near_target, off_target or no_target", pr->key);
			continue;
		}
		if ((s = text_of(ck, pr)) != NULL && parse_colour(s, dst[k]) < 0)
			report(ck, pr->val->line, pr->val->col, "bad colour '%s' for '%s': expected "
			    "#RRGGBB, e.g. \"#1F3A5F\" (quoted, since # starts a YAML comment)",
			    s, pr->key);
	}
}

static void
read_metrics(struct ck *ck, const struct yml_node *list, struct template *t)
{
	if (list->type != YML_SEQ || list->n == 0) {
		report(ck, list->line, list->col, "'metrics' must be a non-empty list of metric "
		    "codes (leave it out for the program's metrics), not %s", list->type == YML_SEQ ?
		    "an empty list" : yml_type_name(list->type));
		return;
	}
	t->metrics = xcalloc(list->n + 1, sizeof *t->metrics);
	t->metric_line = xcalloc(list->n + 1, sizeof *t->metric_line);
	t->metric_col = xcalloc(list->n + 1, sizeof *t->metric_col);
	for (size_t i = 0; i < list->n; i++) {
		const struct yml_node *v = list->items[i];
		size_t j;

		if (v->type != YML_SCALAR || *v->text == '\0') {
			report(ck, v->line, v->col, "'metrics' entries must be metric codes, not %s",
			    v->type == YML_SCALAR ? "empty text" : yml_type_name(v->type));
			continue;
		}
		for (j = 0; j < t->nmetrics && strcmp(t->metrics[j], v->text) != 0; j++)
			;
		if (j < t->nmetrics) {
			report(ck, v->line, v->col, "metric '%s' is listed twice", v->text);
			continue;
		}
		t->metric_line[t->nmetrics] = v->line;
		t->metric_col[t->nmetrics] = v->col;
		t->metrics[t->nmetrics++] = xstrdup(v->text);
	}
}

/* The keys `metric_pages` takes beyond section, title and intro. */
static void
read_page_options(struct ck *ck, const struct yml_pair *pr, struct template *t)
{
	const struct yml_node *v = pr->val;
	const char *s = text_of(ck, pr);
	char *end;
	long n;

	if (s == NULL)
		return;
	if (strcmp(pr->key, "pages") == 0) {
		if (strcmp(s, "all") == 0)
			t->pages = TPL_PAGES_ALL;
		else if (strcmp(s, "attention") == 0)
			t->pages = TPL_PAGES_ATTENTION;
		else
			report(ck, v->line, v->col, "bad pages '%s': expected all (a page for "
			    "every metric) or attention (only metrics needing attention)", s);
	} else if (strcmp(pr->key, "breakdown") == 0) {
		if (strcmp(s, "none") == 0)
			t->breakdown = TPL_BREAK_NONE;
		else if (strcmp(s, "table") == 0)
			t->breakdown = TPL_BREAK_TABLE;
		else if (strcmp(s, "bars") == 0)
			t->breakdown = TPL_BREAK_BARS;
		else
			report(ck, v->line, v->col, "bad breakdown '%s': expected none, table or "
			    "bars", s);
	} else {
		n = strtol(s, &end, 10);
		if (*s == '\0' || *end != '\0' || n < 6 || n > 60)
			report(ck, v->line, v->col, "bad periods '%s': expected a whole number "
			    "6..60 (how many periods a metric's chart shows)", s);
		else
			t->chart_periods = (int)n;
	}
}

static void
read_sections(struct ck *ck, const struct yml_node *list, struct template *t)
{
	size_t cap = 0;
	int seen[TPL_NKINDS] = { 0 };

	if (list->type != YML_SEQ || list->n == 0) {
		report(ck, list->line, list->col, "'sections' must be a non-empty list of "
		    "'- section: NAME' entries, not %s", list->type == YML_SEQ ? "an empty list" :
		    yml_type_name(list->type));
		return;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct yml_node *n = list->items[i];
		const struct yml_pair *kp;
		const char *name, *title = NULL, *intro = NULL;
		int k;

		if (n->type != YML_MAP || (kp = yml_get_pair(n, "section")) == NULL) {
			report(ck, n->line, n->col, "a section is a mapping starting with "
			    "'section: NAME' (" KIND_LIST ")");
			continue;
		}
		if ((name = text_of(ck, kp)) == NULL)
			continue;
		/* "action_items" is the name the follow-up table had before it was kept. */
		for (k = 0; k < TPL_NKINDS && strcmp(name, kind_names[k]) != 0; k++)
			;
		if (strcmp(name, "action_items") == 0)
			k = TPL_ACTIONS;
		if (k == TPL_NKINDS) {
			report(ck, kp->val->line, kp->val->col, "unknown section '%s': expected "
			    KIND_LIST, name);
			continue;
		}
		if (seen[k]++) {
			report(ck, kp->val->line, kp->val->col, "section '%s' appears twice", name);
			continue;
		}
		for (size_t j = 0; j < n->n; j++) {
			const struct yml_pair *pr = &n->pairs[j];

			if (strcmp(pr->key, "section") == 0)
				continue;
			if (strcmp(pr->key, "title") == 0)
				title = text_of(ck, pr);
			else if (strcmp(pr->key, "intro") == 0)
				intro = text_of(ck, pr);
			else if (k == TPL_METRICS && (strcmp(pr->key, "pages") == 0 ||
			    strcmp(pr->key, "breakdown") == 0 || strcmp(pr->key, "periods") == 0))
				read_page_options(ck, pr, t);
			else
				report(ck, pr->line, pr->col, "unknown key '%s' in section '%s': "
				    "expected title or intro%s", pr->key, name, k == TPL_METRICS ?
				    ", pages, breakdown or periods" : "");
		}
		add_section(t, &cap, (enum tpl_kind)k, title, intro);
	}
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* CRC-32 as PNG chunks use it (ISO 3309), bitwise: logos are small. */
static uint32_t
crc32_png(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

/*
** Check a PNG's structure: signature, IHDR first and sane, every chunk's CRC, some IDAT, IEND
** last. libpng, as libharu 2.3.0 calls it, aborts the whole process on a damaged file, so a
** damaged logo must be caught here. Returns NULL, or what is wrong.
*/
static const char *
png_problem(const unsigned char *d, size_t n)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	size_t at = 8;
	int chunks = 0, idat = 0, iend = 0;

	if (n < 8 || memcmp(d, sig, 8) != 0)
		return "is not a PNG image";
	while (at + 12 <= n && !iend) {
		uint32_t len = be32(d + at);
		const unsigned char *type = d + at + 4;

		if (len > n - at - 12)
			return "is a damaged PNG image (a chunk runs past the end)";
		if (crc32_png(type, len + 4) != be32(type + 4 + len))
			return "is a damaged PNG image (a chunk fails its CRC)";
		if (chunks++ == 0) {
			const unsigned char *h = type + 4;

			if (memcmp(type, "IHDR", 4) != 0 || len != 13)
				return "is a damaged PNG image (no IHDR header)";
			if (be32(h) == 0 || be32(h + 4) == 0 || be32(h) > 10000 || be32(h + 4) > 10000)
				return "has a width or height outside 1..10000 pixels";
			if (h[10] != 0 || h[11] != 0 || h[12] > 1)
				return "uses a PNG compression, filter or interlace method no reader knows";
		}
		idat |= memcmp(type, "IDAT", 4) == 0;
		iend = memcmp(type, "IEND", 4) == 0;
		at += 12 + (size_t)len;
	}
	if (!idat || !iend)
		return "is a damaged PNG image (no image data or no end)";
	return NULL;
}

/* Resolve the logo against the template's directory and check it is a sound PNG. */
static void
read_logo(struct ck *ck, const struct yml_pair *pr, const char *file, struct template *t)
{
	const char *s = text_of(ck, pr), *slash = strrchr(file, '/'), *why;
	unsigned char *d;
	size_t n = 0, cap = 1 << 16;
	char *path;
	FILE *fp;

	if (s == NULL)
		return;
	if (s[0] == '/' || slash == NULL)
		path = xstrdup(s);
	else
		path = xasprintf("%.*s/%s", (int)(slash - file), file, s);
	if ((fp = fopen(path, "rb")) == NULL) {
		report(ck, pr->val->line, pr->val->col, "cannot read logo '%s': %s", path,
		    strerror(errno));
		free(path);
		return;
	}
	d = xmalloc(cap);
	for (size_t k; (k = fread(d + n, 1, cap - n, fp)) > 0 && n < (8u << 20);) {
		n += k;
		if (n == cap)
			d = xrealloc(d, cap *= 2);
	}
	fclose(fp);
	if ((why = png_problem(d, n)) != NULL)
		report(ck, pr->val->line, pr->val->col, "logo '%s' %s: the cover takes a PNG logo",
		    path, why);
	free(d);
	set_str(&t->logo, path);
	free(path);
}

/*
** Every string in the template at most TPL_MAX_STRING characters: a title of 70,000 bytes
** reached libharu and failed the packet with "libharu error 0x105B" (its strings stop at 65,535
** bytes), and a megabyte of intro text is not a briefing.
*/
static void
check_lengths(struct ck *ck, const struct yml_node *n)
{
	size_t k;

	if (n == NULL)
		return;
	if (n->type == YML_SCALAR && (k = text_count(n->text, strlen(n->text))) > TPL_MAX_STRING)
		report(ck, n->line, n->col, "text of %zu characters: a template string takes at most "
		    "%d", k, TPL_MAX_STRING);
	for (size_t i = 0; n->type == YML_SEQ && i < n->n; i++)
		check_lengths(ck, n->items[i]);
	for (size_t i = 0; n->type == YML_MAP && i < n->n; i++)
		check_lengths(ck, n->pairs[i].val);
}

static int
load_doc(const struct yml_doc *doc, struct template *out, struct diags *d)
{
	struct ck ck = { doc, d, 0 };
	const struct yml_node *root = doc->root;
	struct template t;

	base(&t, doc->file);
	check_lengths(&ck, root);
	if (root == NULL || root->type != YML_MAP) {
		report(&ck, root ? root->line : 1, root ? root->col : 1, "a template is a mapping "
		    "with keys such as title, city, paper and sections (see templates/tulstat.yaml)");
		goto fail;
	}
	for (size_t i = 0; i < root->n; i++) {
		const struct yml_pair *pr = &root->pairs[i];
		const char *s;

		if (strcmp(pr->key, "sections") == 0) {
			read_sections(&ck, pr->val, &t);
		} else if (strcmp(pr->key, "metrics") == 0) {
			read_metrics(&ck, pr->val, &t);
		} else if (strcmp(pr->key, "colours") == 0 || strcmp(pr->key, "colors") == 0) {
			read_colours(&ck, pr->val, &t.colours);
		} else if (strcmp(pr->key, "logo") == 0) {
			read_logo(&ck, pr, doc->file, &t);
		} else if (strcmp(pr->key, "paper") == 0) {
			if ((s = text_of(&ck, pr)) == NULL)
				continue;
			if (strcmp(s, "letter") == 0)
				t.paper = TPL_LETTER;
			else if (strcmp(s, "a4") == 0 || strcmp(s, "A4") == 0)
				t.paper = TPL_A4;
			else
				report(&ck, pr->val->line, pr->val->col, "bad paper '%s': expected "
				    "letter or a4", s);
		} else if (strcmp(pr->key, "title") == 0 || strcmp(pr->key, "subtitle") == 0 ||
		    strcmp(pr->key, "city") == 0 || strcmp(pr->key, "prepared_by") == 0) {
			char **dst = pr->key[0] == 't' ? &t.title : pr->key[0] == 's' ? &t.subtitle :
			    pr->key[0] == 'c' ? &t.city : &t.prepared_by;

			if ((s = text_of(&ck, pr)) != NULL)
				set_str(dst, s);
		} else {
			report(&ck, pr->line, pr->col, "unknown key '%s': expected title, subtitle, "
			    "city, prepared_by, paper, logo, colours, metrics or sections", pr->key);
		}
	}
	if (yml_get(root, "sections") == NULL)
		report(&ck, root->line, root->col, "missing required key 'sections': the list of "
		    "sections in packet order");
	if (ck.bad == 0) {
		*out = t;
		return 0;
	}
fail:
	template_release(&t);
	return -1;
}

int
template_load_file(const char *path, struct template *out, struct diags *d)
{
	struct yml_doc doc = { NULL, NULL };
	struct kp_err e;
	struct stat sb;
	int rc;

	if (stat(path, &sb) == 0 && sb.st_size > TPL_MAX_FILE) {
		diags_add(d, KP_DATA, path, "template is %lld bytes: a template takes at most 1 MiB",
		    (long long)sb.st_size);
		return -1;
	}
	if (yml_load_file(path, &doc, &e) < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	rc = load_doc(&doc, out, d);
	yml_doc_release(&doc);
	return rc;
}

int
template_load_string(const char *name, const char *text, size_t len, struct template *out,
    struct diags *d)
{
	struct yml_doc doc = { NULL, NULL };
	struct kp_err e;
	int rc;

	if (yml_load_string(name, text, len, &doc, &e) < 0) {
		diags_add_err(d, &e);
		return -1;
	}
	rc = load_doc(&doc, out, d);
	yml_doc_release(&doc);
	return rc;
}

int
template_check(const struct template *t, const struct catalog *c, struct diags *d)
{
	int bad = 0;

	for (size_t i = 0; i < t->nmetrics; i++) {
		const struct metric *m = catalog_metric(c, t->metrics[i]);
		char where[600];

		if (m != NULL && !m->retired)
			continue;
		snprintf(where, sizeof where, "%s:%d:%d", t->file, t->metric_line[i],
		    t->metric_col[i]);
		diags_add(d, KP_DATA, where, m ? "metric '%s' is retired: remove it from the "
		    "template" : "unknown metric '%s': expected a metric code from the catalog "
		    "('kpistat catalog show')", t->metrics[i]);
		bad++;
	}
	return bad ? -1 : 0;
}

const struct tpl_section *
template_section(const struct template *t, enum tpl_kind k)
{
	for (size_t i = 0; i < t->nsections; i++)
		if (t->sections[i].kind == k)
			return &t->sections[i];
	return NULL;
}

void
template_release(struct template *t)
{
	for (size_t i = 0; i < t->nsections; i++) {
		free(t->sections[i].title);
		free(t->sections[i].intro);
	}
	for (size_t i = 0; i < t->nmetrics; i++)
		free(t->metrics[i]);
	free(t->sections);
	free(t->metrics);
	free(t->metric_line);
	free(t->metric_col);
	free(t->file);
	free(t->title);
	free(t->subtitle);
	free(t->city);
	free(t->prepared_by);
	free(t->logo);
	memset(t, 0, sizeof *t);
}
