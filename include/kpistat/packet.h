/*
** packet: the briefing packet as a model, built by pure code: for one program and one period,
** every metric's standing (from analysis.h: status, SPC, forecast), the sentences that state
** each finding, what changed since the last period and what needs attention, the glossary and
** the data notes; then packet_layout() decides what goes on which page. Nothing here draws or
** reads a file: the command loads the figures, pdf/render draw the result, and tests check
** the model directly.
**
** Ownership: packet_build() fills a caller-owned struct packet freed by packet_release(). It
** borrows the catalog, template and series in the input (they must outlive the packet) and
** owns everything else, including each metric's analysis.
*/
#ifndef KPISTAT_PACKET_H
#define KPISTAT_PACKET_H

#include <stddef.h>

#include "kpistat/analysis.h"
#include "kpistat/catalog.h"
#include "kpistat/datacall.h"
#include "kpistat/store.h"
#include "kpistat/store_cycle.h"
#include "kpistat/template.h"
#include "kpistat/trend_effect.h"
#include "kpistat/text.h"

/* ---- input: what the command loaded ---- */

struct packet_bseries {			/* one breakdown's figures */
	const char	*key;		/* "district=3" */
	const struct series *s;		/* ascending */
};

struct where;
struct packet_source {			/* one metric, in packet order */
	const struct metric *m;
	const struct series *city;	/* whole-city figures, ascending */
	const struct packet_bseries *breaks;	/* may be NULL */
	size_t		 nbreaks;
	const char	*entered;	/* when the call period's figure was first entered (ISO), or NULL */
	const struct where *where;	/* its areas on a map and a funnel plot, or NULL (where.h) */
};

struct packet_revision {		/* a stored figure changed after it was first entered */
	const char	*metric;	/* metric code */
	const char	*period;	/* "2026-09" */
	const char	*breakdown;	/* "" for the whole city */
	double		 old_value, new_value;
	const char	*reason;	/* may be NULL */
	const char	*by;		/* may be NULL */
	const char	*at;		/* ISO 8601 */
};

struct packet_cnote {			/* a data-quality note `kpistat compute` left (store_notes) */
	const char	*metric;	/* metric code */
	struct period	 period;	/* the period of the figure it concerns */
	const char	*what;		/* "records with closed_on before opened_on left out" */
	long		 count;		/* records concerned, > 0 */
};

struct packet_followup {		/* a follow-up of the program, with its tracker colour */
	const struct cy_action *a;	/* borrowed */
	enum cy_colour	 colour;	/* on the meeting's day (cy_action_colour) */
};

struct packet_input {
	const struct catalog	*cat;
	const struct program	*prog;
	const struct template	*tpl;
	struct period		 period;	/* the packet's period (a month for monthly programs) */
	const char		*meeting_date;	/* "2026-11-05", or NULL */
	const char		*as_of;		/* "data as of" date, or NULL */
	const struct packet_source *src;
	size_t			 nsrc;
	const struct packet_revision *revs;	/* revisions since the last published packet (without
						 * one: within the table window) */
	size_t			 nrevs;
	const struct packet_cnote *cnotes;	/* compute notes (shown: the packet's metrics, table window) */
	size_t			 ncnotes;
	/* The Stat cycle (store_cycle.h), each may be NULL / 0. */
	const struct cy_meeting	*meeting;	/* the session this packet is for (its agenda filled);
						 * its date, time, place and chair win over meeting_date */
	const struct packet_followup *fu;	/* follow-ups from earlier sessions (any status) */
	size_t			 nfu;
	const char		*closed_since;	/* YYYY-MM-DD of the session before: done or dropped
						 * follow-ups closed before it are not listed; NULL: all */
	const struct cy_comment	*comments;	/* current commentary (supersedes a figure's note) */
	size_t			 ncomments;
	const struct cy_late_change *late;	/* changes to locked figures since the last publication */
	size_t			 nlate;
	const struct datacall	*call;		/* where the program period's data call stands (the
						 * same as `call status`), or NULL without a call */
	const struct cy_publication *last_pub;	/* the program's last published packet before this one */
};

/* ---- the model ---- */

#define PACKET_TABLE_PERIODS	13	/* the figures table on a metric page */
#define PACKET_SPARK_PERIODS	24	/* the sparkline in the at-a-glance table */

struct packet_break {			/* one row of a breakdown table */
	char		*label;		/* "District 3" */
	double		 value;		/* at the metric's period */
	int		 has_prev;
	double		 prev;		/* the period before */
	double		 share;		/* of the sum over rows, 0..1 (NaN when meaningless) */
};

struct packet_note {			/* earlier commentary shown on a metric page */
	struct period	 period;
	const char	*text;		/* borrowed from the series */
};

enum packet_reason {			/* why a metric is in "what needs attention", by priority */
	REASON_NEW_OFF,			/* off target now, not the period before */
	REASON_STILL_OFF,		/* missed the target two periods running or more */
	REASON_SHIFT,			/* a special-cause signal (concern or improvement) */
	REASON_MISSING,			/* no figure for the period */
	REASON_BACK_ON,			/* on target again after missing it */
	REASON_NONE			/* steady: acknowledged and passed over */
};

struct packet_metric {
	const struct metric	*m;		/* borrowed */
	const struct department *dept;		/* may be NULL */
	struct analysis		 a;		/* grid, trend and status at `at` (owned) */
	double			*target;	/* per grid point; NaN where none (owned) */
	enum status_level	*level;		/* per grid point against its target (owned) */
	struct period		 at;		/* the period reported on */
	int			 run;		/* periods running at the current standing (on / missed) */
	enum status_level	 prev_level;	/* standing at the last published packet, else the
						 * period before (STATUS_MISSING: none) */
	long			 since;		/* grid index of the last published packet's period, or -1 */
	enum packet_reason	 reason;	/* the most important reason it needs attention */
	int			 attention;	/* it needs attention (gets a page under pages: attention) */
	int			 shift;		/* +1 special-cause improvement, -1 concern, 0 none */
	char			 value[48];	/* "4.7 days", or "no figure" */
	char			 target_s[48];	/* "5 days", or "" */
	char			 value_short[48];	/* "4.7", "91.4%", "$1.22M", or "" */
	char			 target_short[48];	/* "5", "92%", or "" */
	char			 prev[48];	/* "−0.3", or "" */
	char			 year[48];
	int			 prev_good;	/* +1 better, -1 worse, 0 neither */
	int			 year_good;
	char			*finding;	/* "above target for 4 months running" */
	char			*headline;	/* name + finding, the metric page's title */
	char			*detail;	/* "1,167 cases against a target of 1,100; down 30 from ..." */
	char			*signal;	/* special-cause sentence, or NULL */
	char			*forecast;	/* forecast sentence, or NULL without a target */
	const char		*note;		/* commentary for `at` (borrowed), or NULL */
	struct packet_note	*earlier;	/* earlier commentary in the table window, newest first */
	size_t			 nearlier;
	struct packet_break	*brk;		/* breakdown at `at`, in key order */
	size_t			 nbrk;
	char			*brk_title;	/* "By district, October 2026" */
	int			 page;		/* its metric page, or -1 */
	const struct where	*where;		/* borrowed from the input: a "Where" page follows */
	size_t			*fu;		/* rows of p->fu that concern it (owned) */
	size_t			 nfu;
	struct packet_effect	*eff;		/* done follow-ups on its chart, newest first (owned) */
	size_t			 neff;
};

/* A done follow-up on a metric's chart, and whether the process changed after it. */
struct packet_effect {
	const struct cy_action	*a;		/* borrowed */
	size_t			 done_at;	/* grid index of the period holding the done date */
	struct trend_effect	 r;
	char			*text;		/* "Since follow-up F-12 (...) was done in March 2026, ..." */
};

/* A row of the follow-up table, in CitiStat's order (packet.c). */
struct packet_fu_row {
	const struct cy_action	*a;		/* borrowed */
	enum cy_colour		 colour;
	const char		*word;		/* "Overdue", "In progress", "Open", "Done", "Dropped" */
	char			*id;		/* "F-12" */
	char			*latest;	/* evidence, the why, the latest note or plan, or "" */
	long			 metric;	/* index in pm of the metric it concerns, or -1 */
	char			*text;		/* the item, sanitised (packet_layout) */
	char			*owner;		/* the owner, sanitised (packet_layout) */
	struct text_lines	 tl, ll, ol;	/* item, latest and owner wrapped (packet_layout) */
	double			 h;		/* row height (packet_layout) */
};

/* A row of the agenda page. */
struct packet_agenda_row {
	const struct cy_agenda	*item;		/* borrowed */
	long			 metric;	/* index in pm, or -1 */
	char			*text;		/* the item, sanitised (packet_layout) */
	struct text_lines	 tl;
	double			 h;
};

enum packet_block_kind { BLOCK_HEADING, BLOCK_ITEM, BLOCK_ENTRY };

/* A block in a flowing section (attention, notes, glossary): laid out top to bottom. */
struct packet_block {
	enum packet_block_kind kind;
	char		*title;		/* heading, or the item's lead (metric name) */
	char		*text;		/* body, or NULL */
	char		*quote;		/* department commentary, or NULL */
	char		*meta;		/* glossary: unit, direction, source, owner line; or NULL */
	long		 metric;	/* metric index for the link and status colour, or -1 */
	int		 keep_next;	/* never the last block on a page (headings) */
	double		 h;		/* height in points (packet_layout) */
	struct text_lines tl, bl, ql, ml;	/* title, body, quote, meta wrapped (packet_layout) */
};

struct packet_flow {
	struct packet_block	*v;
	size_t			 n, cap;
};

enum packet_page_kind {
	PAGE_COVER, PAGE_GLANCE, PAGE_ATTENTION, PAGE_METRIC, PAGE_ACTIONS, PAGE_NOTES,
	PAGE_GLOSSARY, PAGE_NODATA, PAGE_AGENDA, PAGE_NEXT_STEPS, PAGE_WHERE
};

struct packet_page {
	enum packet_page_kind	 kind;
	const struct tpl_section *sec;		/* its template section (NULL for PAGE_NODATA) */
	size_t			 first, n;	/* rows or blocks on it */
	size_t			 metric;	/* PAGE_METRIC: which */
	int			 cont;		/* continues the section from the page before */
};

/* Page geometry in points, shared by layout and drawing. */
struct packet_geom {
	double	pw, ph;			/* paper */
	double	x0, x1;			/* content left and right */
	double	top, bottom;		/* content area: below the header, above the footer */
};

/* Type sizes and spacing shared by layout and drawing, so both agree on heights. */
#define PK_TITLE_SIZE	18.0	/* section title */
#define PK_BODY_SIZE	9.0	/* running text */
#define PK_BODY_LEAD	12.5
#define PK_QUOTE_SIZE	8.5	/* commentary */
#define PK_QUOTE_LEAD	11.5
#define PK_SMALL_SIZE	7.5	/* meta lines, table notes */
#define PK_SMALL_LEAD	10.0
#define PK_HEAD_SIZE	11.0	/* block heading */
#define PK_INDENT	14.0	/* item text right of its status dot */
#define PK_ROW_H	32.0	/* at-a-glance row: a two-line name and its department */
#define PK_GLANCE_HEAD	24.0	/* its header row */
#define PK_LEGEND_H	56.0	/* its legend, under the last row */
#define PK_QUOTE_LINES	5	/* commentary lines kept in a flowing block */

struct packet {
	const struct packet_input *in;		/* borrowed */
	const struct template	*tpl;
	char			*title;		/* "RivStat" */
	char			*city;		/* may be NULL */
	char			 period_long[48];	/* "October 2026" */
	struct packet_metric	*pm;		/* one per metric, packet order */
	size_t			 npm;
	size_t			 count[5];	/* metrics per status_level */
	size_t			 nattention;
	int			 no_data;	/* no metric has a figure for the period */
	struct packet_flow	 attention;	/* blocks of the attention section */
	struct packet_flow	 notes;		/* data notes */
	struct packet_flow	 glossary;
	char			*steady;	/* "Steady and on target: A, B and C." or NULL */
	char			*intro_text[TPL_NKINDS];	/* each section's intro, sanitised */
	struct text_lines	 intro[TPL_NKINDS];	/* ... and wrapped */
	struct packet_geom	 g;
	struct packet_page	*pages;
	size_t			 npages, cappages;
	size_t			 glance_rows;	/* rows per at-a-glance page */
	char			*last_pub_long;	/* "September 2026": the last published packet, or NULL */
	struct packet_fu_row	*fu;		/* the follow-up table */
	size_t			 nfu;
	int			 fu_page;	/* its first page, or -1 */
	struct packet_agenda_row *agenda;
	size_t			 nagenda;
};

/* Build the model (no layout yet). Returns 0, or -1 with e filled (an empty program: KP_DATA). */
int	packet_build(const struct packet_input *in, struct packet *p, struct kp_err *e);

/* Page geometry for the template's paper. */
void	packet_geometry(enum tpl_paper paper, struct packet_geom *g);

/*
** Wrap every text with `tm` and assign rows and blocks to pages for geometry g, in the
** template's section order; sets each metric's page. Returns the number of pages.
*/
size_t	packet_layout(struct packet *p, const struct packet_geom *g, const struct text_measure *tm);

void	packet_release(struct packet *p);

/* Height of a section's title block (title plus wrapped intro) on its first page. */
double	packet_title_height(const struct packet *p, enum tpl_kind k);

/* Follow-up table geometry shared by layout and drawing. */
#define PK_FU_HEAD	22.0	/* header row */
#define PK_FU_LEAD	10.5	/* a wrapped line in a row */
#define PK_FU_PAD	9.0	/* above and below a row's text */
#define PK_FU_ITEM_W	0.30	/* share of the width for the item column */
#define PK_FU_LATEST_W	0.255	/* ... and for evidence or latest note */
#define PK_FU_SIZE	8.0
#define PK_FU_NCOLS	6
#define PK_FU_FOOT	30.0	/* the colour key under the table */
#define PK_AGENDA_ITEM_W 0.55	/* share of the width for an agenda item */
#define PK_AGENDA_FOOT	60.0	/* total time and attendees under the agenda */

/* Left edges of the follow-up table's columns; x[PK_FU_NCOLS] is the right edge. */
void	packet_fu_columns(const struct packet_geom *g, double x[PK_FU_NCOLS + 1]);

/* ---- words and figures (stat/packet_text.c) ---- */

/* "4.7 days", "91.4%", "$1,218,802", "221 calls". compact: "$1.22M" for big currency. */
char	*packet_fmt_value(const struct metric *m, double v, int compact, char *buf, size_t n);
/* A target with its trailing zeros dropped: "5 days", "92%", "1,100 cases". */
char	*packet_fmt_target(const struct metric *m, double v, char *buf, size_t n);
/* The number only, keeping % and $ ("4.7", "91.4%", "$1.22M"): for tables and strips. */
char	*packet_fmt_short(const struct metric *m, double v, int trim, char *buf, size_t n);
/* The unit as a word for a label ("days"), or "" when the short form carries it (% and $). */
const char *packet_unit_word(const struct metric *m);
/* A change: "+0.3", "−0.3" (U+2212), "+1.2 pts" for percentages, "0" for none. */
char	*packet_fmt_change(const struct metric *m, double d, char *buf, size_t n);
/* "October 2026", "Q3 2026", "week 43, 2026", "2026", "FY2026". */
char	*packet_period_long(const struct period *p, char *buf, size_t n);
/* "Oct 26", "Q3 26", "W43", "2026", "FY26": chart and table labels. */
char	*packet_period_short(const struct period *p, char *buf, size_t n);
/* Fill finding, headline, detail, signal and forecast of pm (needs the rest of pm filled). */
void	packet_sentences(struct packet_metric *pm);
/* The label of a breakdown key: "district=3" -> "District 3", "neighbourhood=Fairview" -> "Fairview". */
char	*packet_break_label(const char *key);
/*
** The data-quality entry for one metric's compute notes v[0..n) (n >= 1, all with the same
** `what`, newest first): "In February 2026, 1 record was left out of the figure because its
** closed date is earlier than its opened date." Returns a string the caller frees.
*/
char	*packet_cnote_text(const struct packet_cnote *const *v, size_t n);
/*
** The "did it work?" sentence for follow-up a, done in period `done` of pm's metric: "Since
** follow-up F-12 (cut lift-assist repeat callers) was done in March 2026, 7 of 7 months have
** been below the former average of 212: a real change, an improvement." Caller frees.
*/
char	*packet_effect_text(const struct packet_metric *pm, const struct cy_action *a,
	    const struct period *done, const struct trend_effect *r);
/* "Thursday 5 November 2026" (weekday = 0: "5 November 2026") from "2026-11-05..."; as given
** when it is not a date. Returns buf. */
char	*packet_day_long(const char *iso, int weekday, char *buf, size_t n);
/* "months", "quarters", "weeks", "years" (n == 1: the singular). */
const char *packet_period_noun(enum period_kind k, size_t n);

#endif
