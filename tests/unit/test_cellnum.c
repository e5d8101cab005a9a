/* test_cellnum.c — annotated, flagged, TIP and censored count cells
 * (docs/input.md), and footnote marks on headers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ts_cellnum.h"

static enum ts_cellnum_kind
parse(const char *s, struct ts_cellnum *cn)
{
	return ts_cellnum_parse(s, strlen(s), cn);
}

static size_t
unmark(const char *s, int flags)
{
	return ts_cellnum_unmark(s, strlen(s), flags);
}

static void
test_marks(void **state)
{
	struct ts_cellnum cn;
	static const char *const marked[] = {
		"19*", "19 *", "19**", "19 a/", "19a/", "19 1/", "19 (p)", "19(a)",
		"19\xc2\xb9", "19\xe2\x81\xb4", "19\xe2\x80\xa0", "19 p", "19p", "19 e",
		"19 b", "19 ep", "19 (p)*",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof marked / sizeof marked[0]; i++) {
		assert_int_equal(parse(marked[i], &cn), TS_CELLNUM_MARKED);
		assert_int_equal(cn.value, 19);
		assert_true(cn.mark > 0 && cn.mark < strlen(marked[i]));
	}
	/* Not marks: a letter of a word, text, a bare mark. */
	assert_int_equal(parse("19 x", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("abc", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("*", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("-3", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("1.5", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("99999999999999999999*", &cn), TS_CELLNUM_TOO_BIG);
}

static void
test_flags_parts_censored(void **state)
{
	struct ts_cellnum cn;

	(void)state;
	assert_int_equal(parse(":", &cn), TS_CELLNUM_FLAGGED_MISSING);
	assert_int_equal(parse(": c", &cn), TS_CELLNUM_FLAGGED_MISSING);
	assert_int_equal(parse(":u", &cn), TS_CELLNUM_FLAGGED_MISSING);
	assert_int_equal(parse(":x", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("5,682 (490)", &cn), TS_CELLNUM_PART);
	assert_int_equal(cn.value, 5682);
	assert_int_equal(cn.part, 490);
	assert_int_equal(parse("30,961 (3,212)", &cn), TS_CELLNUM_PART);
	assert_int_equal(cn.part, 3212);
	assert_int_equal(parse("<5", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.lo, 1);
	assert_int_equal(cn.hi, 4);
	assert_int_equal(parse("< 5", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(parse("Menos de 5", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.hi, 4);
	assert_int_equal(parse("\xe2\x89\xa4" "3", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.lo, 0);
	assert_int_equal(cn.hi, 3);
	assert_int_equal(parse("<=3", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.hi, 3);
	assert_int_equal(parse("<x", &cn), TS_CELLNUM_BAD);
	/* "<N" leaves 1..N-1: nothing below 1 or 2 but 0 or 1 alone. */
	assert_int_equal(parse("<1", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("<0", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("<-5", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("<", &cn), TS_CELLNUM_BAD);
	assert_int_equal(parse("<2", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.lo, 1);
	assert_int_equal(cn.hi, 1);
	assert_int_equal(parse("<99999999999999999999", &cn), TS_CELLNUM_TOO_BIG);
	assert_int_equal(parse("\xe2\x89\xa4" "0", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.hi, 0);
	assert_int_equal(parse("moins de 10", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.hi, 9);
	assert_int_equal(parse("Fewer than 5", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(parse("inf\xc3\xa9rieur \xc3\xa0 5", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.lo, 1);
	assert_int_equal(parse("au plus 3", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.lo, 0);
	assert_int_equal(cn.hi, 3);
	assert_int_equal(parse("< 1,000", &cn), TS_CELLNUM_CENSORED);
	assert_int_equal(cn.hi, 999);
	assert_true(ts_cellnum_is_dash("-", 1));
	assert_true(ts_cellnum_is_dash(" \xe2\x80\x94 ", 5));
	assert_false(ts_cellnum_is_dash("--", 2));
}

static void
test_header_marks(void **state)
{
	(void)state;
	assert_int_equal(unmark("Convictions*", 0), 11);
	assert_int_equal(unmark("Condenas 1/", 0), 8);
	assert_int_equal(unmark("Convictions (a)", 0), 11);
	assert_int_equal(unmark("Convictions\xc2\xb9", 0), 11);
	/* Words are never cut: no flags in headers, "(personas)" is too long. */
	assert_int_equal(unmark("Casos p", 0), 7);
	assert_int_equal(unmark("Total (personas)", 0), 16);
	assert_int_equal(unmark("*", 0), 1);
	assert_int_equal(unmark("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_flags_parts_censored),
		cmocka_unit_test(test_header_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
