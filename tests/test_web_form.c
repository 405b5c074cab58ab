/*
** test_web_form.c: what the web pages rely on to read input and write output: HTML escaping
** (the one function every page's text goes through), urlencoded form bodies (percent escapes,
** '+', empty and repeated fields, and the bodies refused whole: bad escapes, NUL, invalid
** UTF-8), and user names, roles and password rules.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kpistat/form.h"
#include "kpistat/html.h"
#include "kpistat/user.h"

static void
test_html_esc(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_esc(&b, "\"><img src=x onerror=alert(1)> & <script>'x'</script>");
	assert_string_equal(b.s, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; "
	    "&lt;script&gt;&#39;x&#39;&lt;/script&gt;");
	buf_reset(&b);
	html_esc(&b, NULL);
	html_esc(&b, "plain, caf\xc3\xa9 ok");
	assert_string_equal(b.s, "plain, caf\xc3\xa9 ok");
	buf_reset(&b);
	html_esc(&b, "&amp;");	/* escaped again: shown as typed */
	assert_string_equal(b.s, "&amp;amp;");
	buf_release(&b);
}

static void
test_form_parse(void **state)
{
	static const char body[] = "csrf=ab12&v.m.x=89%25&c.m.x=a+b%3Cc%3E%0D%0Aline&empty=&flag"
	    "&&v.m.x=second&caf%C3%A9=%E2%89%A5";
	struct form f;

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), &f), 0);
	assert_int_equal(f.n, 7);
	assert_string_equal(form_get(&f, "csrf"), "ab12");
	assert_string_equal(form_get(&f, "v.m.x"), "89%");
	assert_int_equal(form_count(&f, "v.m.x"), 2);
	assert_string_equal(form_get(&f, "c.m.x"), "a b<c>\r\nline");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, "caf\xc3\xa9"), "\xe2\x89\xa5");
	assert_null(form_get(&f, "missing"));
	form_release(&f);
	assert_int_equal(form_parse("", 0, &f), 0);
	assert_int_equal(f.n, 0);
	form_release(&f);
}

static void
test_form_refused(void **state)
{
	static const char *const bad[] = {
		"a=%",			/* escape cut short */
		"a=%4",
		"a=%zz",		/* not hex */
		"a=%00",		/* NUL */
		"a=%ff%fe",		/* not UTF-8 */
		"a=%C0%AF",		/* overlong */
		"%ED%A0%80=1",		/* surrogate in a name */
	};
	struct form f;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(form_parse(bad[i], strlen(bad[i]), &f), -1);
		assert_int_equal(f.n, 0);
		assert_null(f.f);
	}
	/* A NUL byte in the raw body is refused too. */
	assert_int_equal(form_parse("a=b\0c", 5, &f), -1);
}

static void
test_user_rules(void **state)
{
	enum user_role r;
	struct kp_err e;

	(void)state;
	assert_int_equal(user_role_parse("department", &r), 0);
	assert_int_equal(r, ROLE_DEPARTMENT);
	assert_string_equal(user_role_name(ROLE_VIEWER), "viewer");
	assert_int_equal(user_role_parse("admin", &r), -1);
	assert_int_equal(user_role_parse(NULL, &r), -1);
	assert_int_equal(user_check_name("Pat O'Brien", &e), 0);
	assert_int_equal(user_check_name("", &e), -1);
	assert_int_equal(user_check_name("tab\there", &e), -1);
	assert_int_equal(user_check_name("trailing ", &e), -1);
	assert_int_equal(user_check_password("ten chars!", &e), 0);
	assert_int_equal(user_check_password("nine char", &e), -1);
	assert_string_equal(e.msg, "password is too short: 9 characters, at least 10 (a few words "
	    "make a good one)");
	/* Characters, not bytes: ten accented letters pass. */
	assert_int_equal(user_check_password("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", &e), 0);
	assert_int_equal(user_check_password("\xff\xfe long enough", &e), -1);
}

static void
test_user_hash_and_verify(void **state)
{
	char h[USER_HASH_MAX];
	struct kp_err e;

	(void)state;
	assert_int_equal(user_hash("correct horse battery", h, &e), 0);
	assert_memory_equal(h, "$argon2id$", 10);
	assert_int_equal(user_verify(h, "correct horse battery"), 1);
	assert_int_equal(user_verify(h, "correct horse batterY"), 0);
	assert_int_equal(user_verify(NULL, "correct horse battery"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_esc),
		cmocka_unit_test(test_form_parse),
		cmocka_unit_test(test_form_refused),
		cmocka_unit_test(test_user_rules),
		cmocka_unit_test(test_user_hash_and_verify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
