/*
** template: a packet template (YAML, read through yml.h): which sections in which order, their
** titles and intro text, the city's name, colours, paper, an optional cover logo (PNG), the
** metrics and their order, and whether every metric or only those needing attention get a
** page. A template is checked as a whole before any PDF is written: every problem is reported
** with FILE:LINE:COL, and one that fails is not used. Limits: a file of 1 MiB, a string of
** 10,000 characters (TPL_MAX_FILE, TPL_MAX_STRING). templates/tulstat.yaml is the example.
**
** Ownership: template_load_file() and template_default() fill a caller-owned struct template
** that template_release() frees; every string in it is owned by it.
*/
#ifndef KPISTAT_TEMPLATE_H
#define KPISTAT_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "kpistat/catalog.h"
#include "kpistat/diag.h"

#define TPL_MAX_FILE	(1L << 20)	/* bytes in a template file */
#define TPL_MAX_STRING	10000		/* characters in any one string of it */

enum tpl_kind {				/* in the built-in template's order */
	TPL_COVER,		/* "cover" */
	TPL_AGENDA,		/* "agenda": the meeting's items; hidden when it has none */
	TPL_ACTIONS,		/* "follow_ups" (or "action_items"): the follow-up table */
	TPL_GLANCE,		/* "at_a_glance": one table row per metric */
	TPL_ATTENTION,		/* "attention": what changed and what needs attention */
	TPL_METRICS,		/* "metric_pages": one page per metric */
	TPL_NOTES,		/* "data_notes": missing figures, revisions, target and method changes */
	TPL_NEXT_STEPS,		/* "next_steps": ruled lines for the follow-ups agreed in the room */
	TPL_GLOSSARY,		/* "glossary": definitions, units, sources, owners */
	TPL_NKINDS
};

enum tpl_pages { TPL_PAGES_ALL, TPL_PAGES_ATTENTION };		/* which metrics get a page */
enum tpl_breakdown { TPL_BREAK_NONE, TPL_BREAK_TABLE, TPL_BREAK_BARS };	/* how a breakdown shows */
enum tpl_paper { TPL_LETTER, TPL_A4 };

struct tpl_section {
	enum tpl_kind	 kind;
	char		*title;		/* heading; never NULL (each kind has a default) */
	char		*intro;		/* paragraph under the heading, or NULL */
};

struct tpl_colours {			/* 0xRRGGBB */
	uint32_t	 accent;	/* cover band, headings, rules */
	uint32_t	 on;		/* on target */
	uint32_t	 near;		/* near target (inside the tolerance band) */
	uint32_t	 off;		/* off target */
	uint32_t	 none;		/* no target or no figure */
};

struct template {
	char		*file;		/* path it was read from, or "built-in" */
	char		*title;		/* packet title; NULL: the program's title */
	char		*subtitle;	/* "Briefing packet" */
	char		*city;		/* NULL: the catalog's city */
	char		*prepared_by;	/* "Office of Performance ...", or NULL */
	char		*logo;		/* PNG path (resolved against the template's directory), or NULL */
	enum tpl_paper	 paper;
	struct tpl_colours colours;
	char		**metrics;	/* metric codes in packet order; NULL: the program's */
	int		*metric_line;	/* where each was written, for template_check() */
	int		*metric_col;
	size_t		 nmetrics;
	enum tpl_pages	 pages;		/* metric_pages: pages: all | attention */
	enum tpl_breakdown breakdown;	/* metric_pages: breakdown: none | table | bars */
	int		 chart_periods;	/* metric_pages: periods: how many periods a chart shows */
	struct tpl_section *sections;	/* in packet order, each kind at most once */
	size_t		 nsections;
};

/* The built-in template: every section with default titles, letter paper, default colours. */
void	template_default(struct template *t);

/*
** Read and check the template at `path` (or YAML text in memory, named `name`). On success
** fill *out and return 0; otherwise add every problem to `d` and return -1, leaving *out
** empty. Checks what can be checked without a catalog, including that the logo is a PNG.
*/
int	template_load_file(const char *path, struct template *out, struct diags *d);
int	template_load_string(const char *name, const char *text, size_t len,
	    struct template *out, struct diags *d);

/* Check the template against a catalog: every metric it names exists. 0 or -1 (into d). */
int	template_check(const struct template *t, const struct catalog *c, struct diags *d);

/* The section of a kind, or NULL when the template leaves it out. */
const struct tpl_section *template_section(const struct template *t, enum tpl_kind k);

/* "cover", "agenda", "follow_ups", "at_a_glance", ... */
const char *template_kind_name(enum tpl_kind k);

void	template_release(struct template *t);

#endif
