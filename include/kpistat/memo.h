/*
** memo: CitiStat's follow-up memo, sent the day after a Stat session (T+1): the session's
** summary (program, period, date, place, chair, attendees, agenda, notes), its decisions (what,
** who, when), the follow-ups agreed (ID, owner, due, done when), the data requests, and the
** next session's date and focus. A model built by pure code, laid out into rows and pages with
** the caller's text measure (so tests use a fake font), and drawn by render_memo() through the
** packet's PDF layer, fonts and deterministic mode.
**
** Ownership: memo_build() fills a caller-owned struct memo freed by memo_release(); it borrows
** the input (which must outlive it) and owns its rows.
*/
#ifndef KPISTAT_MEMO_H
#define KPISTAT_MEMO_H

#include <stddef.h>

#include "kpistat/catalog.h"
#include "kpistat/packet.h"
#include "kpistat/pdf.h"
#include "kpistat/store_cycle.h"
#include "kpistat/text.h"

struct memo_input {
	const struct catalog	*cat;
	const struct program	*prog;
	const struct cy_meeting	*m;		/* the session, agenda and decisions filled */
	const struct cy_action	*agreed;	/* follow-ups agreed at it, by id */
	size_t			 nagreed;
	const struct cy_meeting	*next;		/* the program's next session (agenda filled), or NULL */
	const char		*from;		/* who sends it, or NULL: "the performance office" */
	const char		*date;		/* the memo's date, YYYY-MM-DD */
};

enum memo_kind {
	MEMO_FIELD,		/* "To", "From", "Date", "Re": label and value */
	MEMO_HEADING,		/* a section heading */
	MEMO_PARA,		/* running text, one cell */
	MEMO_NONE,		/* "No decisions were recorded.": muted text */
	MEMO_THEAD,		/* a table's header row */
	MEMO_ROW		/* a table row */
};

#define MEMO_MAXCOLS	5

struct memo_row {
	enum memo_kind	 kind;
	size_t		 ncols;
	char		*cell[MEMO_MAXCOLS];
	double		 share[MEMO_MAXCOLS];	/* of the text width */
	struct text_lines tl[MEMO_MAXCOLS];	/* wrapped (memo_layout) */
	double		 h;			/* height in points (memo_layout) */
};

struct memo_page {
	size_t		 first, n;		/* rows on it */
};

#define MEMO_SIZE	9.0	/* text */
#define MEMO_LEAD	12.0
#define MEMO_PAD	4.0	/* above and below a table row's text */
#define MEMO_TITLE_H	62.0	/* the title block on the first page */
#define MEMO_FIRST_UP	18.0	/* the first page starts this much higher: no running header */

struct memo {
	const struct memo_input	*in;
	char			*title;		/* "RivStat follow-up memo" */
	char			*subtitle;	/* "Session of Thursday 5 November 2026" */
	struct memo_row		*rows;
	size_t			 nrows, caprows;
	struct memo_page	*pages;
	size_t			 npages, cappages;
	struct packet_geom	 g;
	size_t			 ndecisions, nrequests;	/* counted while building */
};

/* Build the rows. Returns 0 (there is nothing in a meeting record that can fail). */
int	memo_build(const struct memo_input *in, struct memo *mm);
/* Wrap every cell with tm and assign rows to pages for geometry g. Returns the page count. */
size_t	memo_layout(struct memo *mm, const struct packet_geom *g, const struct text_measure *tm);
void	memo_release(struct memo *mm);

/* Draw a laid-out memo, one PDF page per memo page. 0, or -1 with e filled. */
int	render_memo(struct pdf *pdf, const struct memo *mm, struct kp_err *e);

#endif
