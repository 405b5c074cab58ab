/*
** test_memo.c: the follow-up memo's model without a PDF: the header fields (T+1 date), the
** session summary in words, decisions and data requests kept apart, the follow-ups agreed
** with their done-when, the next session's focus from its agenda, what an empty section
** says, and pagination with a fake font (headings never end a page).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/memo.h"

#define S(x)	((char *)(x))

static double
fake_width(void *arg, int font, double size, const char *s, size_t n)
{
	(void)arg;
	return (double)text_count(s, n) * size / 2 * (font ? 1.2 : 1.0);
}

static const struct text_measure fake = { fake_width, NULL, NULL };

static struct program prog = { .code = S("stat"), .title = S("TestStat") };
static char *people[] = { S("Mayor Ortiz"), S("Dana Cole"), S("Lee Park") };
static struct cy_agenda items[] = { { 1, S("Follow-up review"), 10, NULL },
    { 2, S("Blight backlog"), 30, S("blight.open") } };
static struct cy_decision decs[] = {
	{ 1, S("Fund two inspectors"), S("Mayor Ortiz"), S("2026-11-05T10:40:00Z"), 0 },
	{ 2, S("Backlog by council district"), S("Mayor Ortiz"), S("2026-11-05T10:45:00Z"), 1 },
};
static struct cy_action agreed[] = {
	{ .id = 9, .owner = S("Dana Cole"), .due = S("2026-12-01"), .text = S("Hire two inspectors"),
	    .done_when = S("Both start work") },
	{ .id = 10, .owner = S("Lee Park"), .due = S("2026-11-20"), .text = S("Map the backlog") },
};

static void
meeting(struct cy_meeting *m)
{
	*m = (struct cy_meeting){ .id = 3, .program = S("stat"), .period = S("2026-10"),
	    .date = S("2026-11-05"), .time = S("09:30"), .place = S("Room 4"),
	    .chair = S("Mayor Ortiz"), .notes = S("Fire and EMS to meet weekly."),
	    .attendees = people, .nattendees = 3, .agenda = items, .nagenda = 2,
	    .decisions = decs, .ndecisions = 2 };
}

/* The cells of every row, as one line per row "kind|cell|cell". */
static char *
dump(const struct memo *mm)
{
	size_t cap = 16384, len = 0;
	char *s = calloc(cap, 1);

	for (size_t i = 0; i < mm->nrows; i++) {
		len += (size_t)snprintf(s + len, cap - len, "%d", mm->rows[i].kind);
		for (size_t c = 0; c < mm->rows[i].ncols; c++)
			len += (size_t)snprintf(s + len, cap - len, "|%s", mm->rows[i].cell[c]);
		len += (size_t)snprintf(s + len, cap - len, "\n");
	}
	return s;
}

static void
test_memo_content(void **state)
{
	struct cy_meeting m, next;
	struct memo_input in = { .prog = &prog, .m = &m, .agreed = agreed, .nagreed = 2,
	    .next = &next, .from = "Office of Performance", .date = "2026-11-06" };
	struct memo mm;
	char *d;

	(void)state;
	meeting(&m);
	next = (struct cy_meeting){ .id = 4, .date = S("2026-12-03"), .time = S("09:30"),
	    .agenda = items + 1, .nagenda = 1 };
	assert_int_equal(memo_build(&in, &mm), 0);
	d = dump(&mm);
	assert_string_equal(mm.title, "TestStat follow-up memo");
	assert_string_equal(mm.subtitle, "Session of Thursday 5 November 2026");
	assert_non_null(strstr(d, "0|To|Mayor Ortiz, Dana Cole and Lee Park\n"));
	assert_non_null(strstr(d, "0|Date|6 November 2026\n"));
	assert_non_null(strstr(d, "2|TestStat met on Thursday 5 November 2026 at 09:30, Room 4, "
	    "chaired by Mayor Ortiz, to review the figures for October 2026. Present: Mayor Ortiz, "
	    "Dana Cole and Lee Park.\n"));
	assert_non_null(strstr(d, "2|Agenda: 1. Follow-up review (10 min); 2. Blight backlog "
	    "(30 min).\n"));
	assert_non_null(strstr(d, "2|Fire and EMS to meet weekly.\n"));
	/* A decision is not a data request, and the other way round. */
	assert_non_null(strstr(d, "5|Fund two inspectors|Mayor Ortiz|5 November 2026\n"));
	assert_non_null(strstr(d, "4|Request|Asked by|When\n5|Backlog by council district|"));
	assert_int_equal(mm.ndecisions, 1);
	assert_int_equal(mm.nrequests, 1);
	assert_non_null(strstr(d, "5|F-9|Hire two inspectors|Dana Cole|1 December 2026|Both start "
	    "work\n"));
	assert_non_null(strstr(d, "5|F-10|Map the backlog|Lee Park|20 November 2026|to be agreed "
	    "with the owner\n"));
	assert_non_null(strstr(d, "2|Thursday 3 December 2026 at 09:30. Focus: 2. Blight backlog "
	    "(30 min).\n"));
	free(d);
	memo_release(&mm);

	/* Nothing decided, agreed or requested, no next session: each section says so. */
	m.ndecisions = 0;
	in.nagreed = 0;
	in.next = NULL;
	memo_build(&in, &mm);
	d = dump(&mm);
	assert_non_null(strstr(d, "3|No decisions were recorded.\n"));
	assert_non_null(strstr(d, "3|No follow-ups were agreed at this session.\n"));
	assert_non_null(strstr(d, "3|No data or analysis was requested.\n"));
	assert_non_null(strstr(d, "3|Not scheduled yet.\n"));
	assert_null(strstr(d, "4|"));
	free(d);
	memo_release(&mm);
}

static void
test_memo_layout(void **state)
{
	struct cy_meeting m;
	struct cy_action many[60];
	struct memo_input in = { .prog = &prog, .m = &m, .agreed = many, .nagreed = 60,
	    .date = "2026-11-06" };
	struct packet_geom g;
	struct memo mm;
	size_t n, rows = 0;

	(void)state;
	meeting(&m);
	for (size_t i = 0; i < 60; i++)
		many[i] = agreed[i % 2];
	memo_build(&in, &mm);
	packet_geometry(TPL_LETTER, &g);
	n = memo_layout(&mm, &g, &fake);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		const struct memo_page *pg = &mm.pages[i];
		const struct memo_row *last = &mm.rows[pg->first + pg->n - 1];
		double h = 0;

		rows += pg->n;
		for (size_t k = pg->first; k < pg->first + pg->n; k++)
			h += mm.rows[k].h;
		/* Every page's rows fit, and none ends on a heading or a table header. */
		assert_true(h <= g.top - g.bottom + (i == 0 ? MEMO_FIRST_UP - MEMO_TITLE_H : 0) + 1e-9);
		if (i + 1 < n)
			assert_true(last->kind != MEMO_HEADING && last->kind != MEMO_THEAD);
	}
	assert_int_equal(rows, mm.nrows);
	for (size_t i = 0; i < mm.nrows; i++)
		assert_true(mm.rows[i].h > 0);
	memo_release(&mm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memo_content),
		cmocka_unit_test(test_memo_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
