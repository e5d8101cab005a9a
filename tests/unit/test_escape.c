/* test_escape.c — the one escaping policy (src/core/escape.c): what data
 * values may put on a terminal or into a document (ts_escape, ts_quote,
 * ts_cell_clean, ts_utf8_seq). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <stdlib.h>

#include "ts_cell.h"
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
	/* C1 controls as code points, as the writers show them. */
	assert_int_equal(ts_escape(in, sizeof in - 1, 0, buf, sizeof buf), sizeof in - 1);
	assert_string_equal(buf, "\\x1b[2Ja\\x07\\x7f\\u009bb\\xff\xc3\xa1\"");
	ts_escape(in, sizeof in - 1, 1, buf, sizeof buf);
	assert_string_equal(buf, "\\x1b[2Ja\\x07\\x7f\\u009bb\\xff\xc3\xa1\\\"");
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

/* The bidirectional controls (Trojan Source), the line separators and
 * U+FFFE/U+FFFF, on standard error and in every writer alike. */
static const char layout_in[] = "a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x81\xa9"
    "d\xe2\x80\x8f" "e\xd8\x9c" "f\xe2\x80\xa8" "g\xef\xbf\xbe" "h\xef\xbf\xbf"
    "i\xef\xbf\xbd";
static const char layout_out[] = "a\\u202eb\\u2066c\\u2069d\\u200fe\\u061c"
    "f\\u2028g\\ufffeh\\uffffi\xef\xbf\xbd";

static void
test_escape_layout(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(ts_escape(layout_in, sizeof layout_in - 1, 0, buf, sizeof buf),
	    sizeof layout_in - 1);
	assert_string_equal(buf, layout_out);
	/* A \uHHHH escape is written whole or not at all. */
	assert_int_equal(ts_escape("ab\xe2\x80\xae", 5, 0, buf, 8), 2);
	assert_string_equal(buf, "ab");
}

static void
test_cell_clean_same_policy(void **state)
{
	char *c;

	(void)state;
	c = ts_cell_clean(layout_in, 0);
	assert_non_null(c);
	assert_string_equal(c, layout_out);
	free(c);
	c = ts_cell_clean("\x1b]0;title\x07\xc2\x9b\xff", 0);
	assert_non_null(c);
	assert_string_equal(c, "\\x1b]0;title\\x07\\u009b\\xff");
	free(c);
	/* Tab, CR and LF: escaped, or kept when asked (CSV cells). */
	c = ts_cell_clean("a\tb\r\nc", 0);
	assert_string_equal(c, "a\\x09b\\x0d\\x0ac");
	free(c);
	c = ts_cell_clean("a\tb\r\nc", 1);
	assert_string_equal(c, "a\tb\r\nc");
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_seq),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escape_never_cuts),
		cmocka_unit_test(test_quote_cut),
		cmocka_unit_test(test_escape_layout),
		cmocka_unit_test(test_cell_clean_same_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
