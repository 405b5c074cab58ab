/*
** test_text.c: UTF-8 text fitting for the packet: decoding (malformed input becomes U+FFFD),
** sanitising (nothing outside the BMP or the font reaches the PDF, and nothing is silently
** dropped), ellipsis fitting that never splits a code point, and word wrap with long tokens,
** newlines and a line limit. Widths come from a fake monospaced measure: every code point is
** `size` / 2 points wide, so expected cuts are easy to count.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kpistat/text.h"

/* Each code point is half the font size wide; bold ones a little wider. */
static double
fake_width(void *arg, int font, double size, const char *s, size_t n)
{
	(void)arg;
	return (double)text_count(s, n) * size / 2 * (font ? 1.2 : 1.0);
}

static const struct text_measure tm = { fake_width, NULL, NULL };
static const struct text_style st10 = { 0, 10 };	/* 5 points per character */

static void
test_text_decode_valid_and_malformed(void **state)
{
	static const struct { const char *in; size_t len; uint32_t cp; } cases[] = {
		{ "A", 1, 'A' },
		{ "\xc3\xa1", 2, 0xE1 },		/* á */
		{ "\xe2\x89\xa5", 3, 0x2265 },		/* ≥ */
		{ "\xf0\x9f\x98\x80", 4, 0x1F600 },	/* emoji: decoded, rejected later */
		{ "\xc0\xaf", 1, TEXT_REPLACEMENT },	/* overlong */
		{ "\xed\xa0\x80", 1, TEXT_REPLACEMENT },	/* surrogate */
		{ "\xe2\x89", 1, TEXT_REPLACEMENT },	/* truncated */
		{ "\x80", 1, TEXT_REPLACEMENT },	/* stray continuation */
		{ "\xff", 1, TEXT_REPLACEMENT },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0;

		assert_int_equal(text_decode(cases[i].in, strlen(cases[i].in), &cp), cases[i].len);
		assert_int_equal(cp, cases[i].cp);
	}
	assert_int_equal(text_count("Bogot\xc3\xa1", 7), 6);
}

static int
no_cjk(void *arg, uint32_t cp)
{
	(void)arg;
	return cp < 0x3000;
}

static void
test_text_sanitize_replaces_what_cannot_be_shown(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* UTF-8 the font has passes through untouched. */
	assert_int_equal(text_sanitize("Medell\xc3\xadn \xe2\x89\xa5 92 % \xe2\x80\x9cq\xe2\x80\x9d "
	    "\xe2\x80\x93", no_cjk, NULL, 0, &b), 0);
	assert_string_equal(b.s, "Medell\xc3\xadn \xe2\x89\xa5 92 % \xe2\x80\x9cq\xe2\x80\x9d "
	    "\xe2\x80\x93");
	buf_reset(&b);
	/* Emoji (outside the BMP), a glyph the font lacks, a bad byte, a control: each a U+FFFD. */
	assert_int_equal(text_sanitize("a\xf0\x9f\x98\x80" "b\xe6\x9d\xb1" "c\xff" "d\x01" "e",
	    no_cjk, NULL, 0, &b), 4);
	assert_string_equal(b.s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd" "e");
	buf_reset(&b);
	/* Newlines become spaces in one-line text, and stay when asked. */
	text_sanitize("one\ntwo\tthree", NULL, NULL, 0, &b);
	assert_string_equal(b.s, "one two three");
	buf_reset(&b);
	text_sanitize("one\ntwo", NULL, NULL, 1, &b);
	assert_string_equal(b.s, "one\ntwo");
	buf_release(&b);
}

static void
test_text_fit_whole_or_with_ellipsis(void **state)
{
	const char *s = "Median building permit review time";
	int ell = -1;

	(void)state;
	assert_int_equal(text_fit(&tm, st10, s, strlen(s), 500, &ell), strlen(s));
	assert_int_equal(ell, 0);
	/* 50 points: 10 characters; with the ellipsis (5 points) 9 fit; cut at the space. */
	assert_int_equal(text_fit(&tm, st10, s, strlen(s), 50, &ell), 6);
	assert_int_equal(ell, 1);
	/* Not even the ellipsis fits. */
	assert_int_equal(text_fit(&tm, st10, s, strlen(s), 4, &ell), 0);
	assert_int_equal(ell, 1);
}

static void
test_text_fit_never_splits_a_code_point(void **state)
{
	const char *s = "\xc3\x80\xc3\x89\xc3\x8e\xc3\x94\xc3\x9b\xe2\x89\xa5\xe2\x80\x93xyz";
	size_t n = strlen(s);

	(void)state;
	for (double w = 0; w <= 60; w += 1) {
		int ell;
		size_t k = text_fit(&tm, st10, s, n, w, &ell);

		/* The cut is at a lead byte (or the end) and the result fits. */
		assert_true(k == n || ((unsigned char)s[k] & 0xC0) != 0x80);
		assert_true(fake_width(NULL, 0, 10, s, k) + (ell ? 5 : 0) <= w + 1e-9 || k == 0);
	}
}

static void
test_text_wrap_breaks_at_spaces(void **state)
{
	struct text_lines l = { NULL, 0, 0 };
	const char *s = "Still rising, mostly repeat callers at the senior residences";

	(void)state;
	/* 100 points = 20 characters per line. */
	assert_int_equal(text_wrap(&tm, st10, s, 100, 0, &l), 4);
	assert_int_equal(l.v[0].off, 0);
	assert_memory_equal(s + l.v[0].off, "Still rising, mostly", l.v[0].len);
	assert_memory_equal(s + l.v[1].off, "repeat callers at", l.v[1].len);
	assert_memory_equal(s + l.v[2].off, "the senior", l.v[2].len);
	assert_memory_equal(s + l.v[3].off, "residences", l.v[3].len);
	for (size_t i = 0; i < l.n; i++) {
		assert_true(fake_width(NULL, 0, 10, s + l.v[i].off, l.v[i].len) <= 100);
		assert_int_equal(l.v[i].ellipsis, 0);
	}
	text_lines_release(&l);
}

static void
test_text_wrap_long_token_newline_and_limit(void **state)
{
	struct text_lines l = { NULL, 0, 0 };
	const char *url = "see https://example.org/a/very/long/path/that/cannot/fit";
	const char *two = "first paragraph\n\nthird after a blank";
	const char *many = "one two three four five six seven eight nine ten eleven twelve";

	(void)state;
	/* A token wider than the line is broken between code points, nothing is lost. */
	assert_true(text_wrap(&tm, st10, url, 60, 0, &l) >= 5);
	{
		size_t total = 0;

		for (size_t i = 0; i < l.n; i++)
			total += l.v[i].len;
		assert_int_equal(total, strlen(url) - 1);	/* all but the one space */
	}
	/* Newlines end lines; a blank line is kept. */
	assert_int_equal(text_wrap(&tm, st10, two, 200, 0, &l), 3);
	assert_int_equal(l.v[1].len, 0);
	/* At most three lines: the third ends with an ellipsis and still fits. */
	assert_int_equal(text_wrap(&tm, st10, many, 60, 3, &l), 3);
	assert_int_equal(l.v[2].ellipsis, 1);
	assert_true(fake_width(NULL, 0, 10, many + l.v[2].off, l.v[2].len) + 5 <= 60);
	assert_int_equal(l.v[0].ellipsis, 0);
	/* Empty text has no lines. */
	assert_int_equal(text_wrap(&tm, st10, "  \n ", 60, 0, &l), 0);
	text_lines_release(&l);
}

static void
test_text_wrap_utf8_widths(void **state)
{
	struct text_lines l = { NULL, 0, 0 };
	/* 12 characters, 24 bytes: wrapping counts code points, not bytes. */
	const char *s = "\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1 \xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9";

	(void)state;
	assert_int_equal(text_wrap(&tm, st10, s, 60, 0, &l), 1);	/* exactly 12 x 5 = 60 */
	assert_int_equal(text_wrap(&tm, st10, s, 59, 0, &l), 2);
	assert_int_equal(l.v[0].len, 12);
	text_lines_release(&l);
}

/* Measures `fake_width` does, and the bytes it is given, for the cost of a long word. */
static size_t calls, measured;

static double
counting_width(void *arg, int font, double size, const char *s, size_t n)
{
	calls++;
	measured += n;
	return fake_width(arg, font, size, s, n);
}

/*
** One unbroken word of 200,000 characters (ASCII, then 2-byte UTF-8) in lines of 20: every
** line full but the last, the pieces rejoin into the word, and the measuring is linear (bytes
** measured a small multiple of the text; it was quadratic: each line re-measured the rest).
*/
static void
test_text_wrap_long_word_is_linear(void **state)
{
	static const struct text_measure ctm = { counting_width, NULL, NULL };
	const size_t n = 200000;
	struct text_lines l = { NULL, 0, 0 };
	char *word = malloc(2 * n + 1);

	(void)state;
	assert_non_null(word);
	for (int pass = 0; pass < 2; pass++) {
		size_t cb = pass ? 2 : 1, at = 0;

		for (size_t i = 0; i < n; i++)
			memcpy(word + i * cb, pass ? "\xc3\xa1" : "x", cb);
		word[n * cb] = '\0';
		calls = measured = 0;
		assert_int_equal(text_wrap(&ctm, st10, word, 100, 0, &l), n / 20);
		for (size_t k = 0; k < l.n; k++) {
			assert_int_equal(l.v[k].off, at);
			assert_int_equal(l.v[k].len, 20 * cb);
			at += l.v[k].len;
		}
		assert_int_equal(at, n * cb);
		if (measured > 3 * n * cb)
			fail_msg("%zu bytes measured in %zu calls for a %zu-byte word", measured, calls,
			    n * cb);
	}
	text_lines_release(&l);
	free(word);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_decode_valid_and_malformed),
		cmocka_unit_test(test_text_sanitize_replaces_what_cannot_be_shown),
		cmocka_unit_test(test_text_fit_whole_or_with_ellipsis),
		cmocka_unit_test(test_text_fit_never_splits_a_code_point),
		cmocka_unit_test(test_text_wrap_breaks_at_spaces),
		cmocka_unit_test(test_text_wrap_long_token_newline_and_limit),
		cmocka_unit_test(test_text_wrap_utf8_widths),
		cmocka_unit_test(test_text_wrap_long_word_is_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
