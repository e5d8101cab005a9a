/* test_escape.c — what data values may put on a terminal (ts_escape,
 * ts_quote, ts_utf8_seq). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ts_error.h"

static void
test_utf8_seq(void **state)
{
	(void)state;
	assert_int_equal(ts_utf8_seq("a", 1), 1);
	assert_int_equal(ts_utf8_seq("\xc3\xa1", 2), 2);
	assert_int_equal(ts_utf8_seq("\xe2\x80\x94", 3), 3);
	assert_int_equal(ts_utf8_seq("\xf0\x9f\x98\x80", 4), 4);
	assert_int_equal(ts_utf8_seq("\xc3\xa1", 1), 0);        /* cut short */
	assert_int_equal(ts_utf8_seq("\x80", 1), 0);            /* stray continuation */
	assert_int_equal(ts_utf8_seq("\xc0\xaf", 2), 0);        /* overlong */
	assert_int_equal(ts_utf8_seq("\xe0\x80\xaf", 3), 0);    /* overlong */
	assert_int_equal(ts_utf8_seq("\xed\xa0\x80", 3), 0);    /* surrogate */
	assert_int_equal(ts_utf8_seq("\xf4\x90\x80\x80", 4), 0); /* past U+10FFFF */
	assert_int_equal(ts_utf8_seq("", 0), 0);
}

static void
test_escape_controls(void **state)
{
	char buf[128];
	const char in[] = "\x1b[2Ja\x07\x7f\xc2\x9b" "b\xff\xc3\xa1\"";

	(void)state;
	assert_int_equal(ts_escape(in, sizeof in - 1, 0, buf, sizeof buf), sizeof in - 1);
	assert_string_equal(buf, "\\x1b[2Ja\\x07\\x7f\\xc2\\x9bb\\xff\xc3\xa1\"");
	ts_escape(in, sizeof in - 1, 1, buf, sizeof buf);
	assert_string_equal(buf, "\\x1b[2Ja\\x07\\x7f\\xc2\\x9bb\\xff\xc3\xa1\\\"");
	/* A no-break space (U+00A0) is text, not a C1 control. */
	ts_escape("\xc2\xa0", 2, 0, buf, sizeof buf);
	assert_string_equal(buf, "\xc2\xa0");
}

static void
test_escape_never_cuts(void **state)
{
	char buf[6];

	(void)state;
	/* "ab" then a 3-byte character that does not fit in 5 bytes. */
	assert_int_equal(ts_escape("ab\xe2\x80\x94", 5, 0, buf, sizeof buf), 5);
	assert_int_equal(ts_escape("abc\xe2\x80\x94", 6, 0, buf, sizeof buf), 3);
	assert_string_equal(buf, "abc");
	/* An escape is written whole or not at all. */
	assert_int_equal(ts_escape("ab\x1b", 3, 0, buf, sizeof buf), 2);
	assert_string_equal(buf, "ab");
}

static void
test_quote_cut(void **state)
{
	char buf[128], in[100];

	(void)state;
	memset(in, 'x', sizeof in);
	/* 56 x, then "á" across the 57-byte cut: the whole letter goes. */
	in[56] = '\xc3';
	in[57] = '\xa1';
	ts_quote(in, sizeof in, buf, sizeof buf);
	assert_int_equal(strlen(buf), 1 + 56 + 3 + 1);
	assert_memory_equal(buf + 57, "...\"", 4);
	ts_quote("a\"b", 3, buf, sizeof buf);
	assert_string_equal(buf, "\"a\\\"b\"");
	/* A buffer too small for the value still ends in ..." */
	ts_quote("\x01\x02\x03\x04\x05\x06", 6, buf, 16);
	assert_string_equal(buf, "\"\\x01\\x02...\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_seq),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escape_never_cuts),
		cmocka_unit_test(test_quote_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
