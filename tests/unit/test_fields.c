/* test_fields.c — header matching, count cells and periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ts_fields.h"
#include "ts_period.h"

static enum ts_field
match(const char *s)
{
	return ts_fields_match(s, strlen(s));
}

static void
test_header_matching(void **state)
{
	(void)state;
	assert_int_equal(match("Investigations"), TS_F_INVESTIGATIONS);
	assert_int_equal(match("AÑO"), TS_F_YEAR);
	assert_int_equal(match("Año"), TS_F_YEAR);
	assert_int_equal(match("Sentencias condenatorias"), TS_F_CONVICTIONS);
	assert_int_equal(match("sentencias_condenatorias"), TS_F_CONVICTIONS);
	assert_int_equal(match("Entidad-Federativa"), TS_F_JURISDICTION);
	assert_int_equal(match("CASE_ID"), TS_F_CASE_ID);
	assert_int_equal(match("level"), TS_F_NONE);
	assert_int_equal(match(""), TS_F_NONE);
	assert_string_equal(ts_field_name(TS_F_CONVICTIONS), "convictions");
	assert_int_equal(ts_field_by_name("victims"), TS_F_VICTIMS);
	assert_non_null(ts_fields_alias(TS_F_YEAR, 0));
}

static enum ts_count_parse
count(const char *s, int64_t *v)
{
	return ts_parse_count(s, strlen(s), v);
}

static void
test_counts(void **state)
{
	int64_t v = -1;

	(void)state;
	assert_int_equal(count("229", &v), TS_COUNT_OK);
	assert_int_equal(v, 229);
	assert_int_equal(count(" 10,051 ", &v), TS_COUNT_OK);
	assert_int_equal(v, 10051);
	assert_int_equal(count("10.051", &v), TS_COUNT_OK);
	assert_int_equal(v, 10051);
	assert_int_equal(count("1 234 567", &v), TS_COUNT_OK);
	assert_int_equal(v, 1234567);
	assert_int_equal(count("1\xc2\xa0" "234", &v), TS_COUNT_OK);
	assert_int_equal(v, 1234);
	assert_int_equal(count("9223372036854775807", &v), TS_COUNT_OK);
	assert_int_equal(count("9223372036854775808", &v), TS_COUNT_TOO_BIG);
	assert_int_equal(count("", &v), TS_COUNT_MISSING);
	assert_int_equal(count("NA", &v), TS_COUNT_MISSING);
	assert_int_equal(count("n/a", &v), TS_COUNT_MISSING);
	assert_int_equal(count("\xe2\x80\x94", &v), TS_COUNT_MISSING);
	assert_int_equal(count("-", &v), TS_COUNT_MISSING);
	assert_int_equal(count("abc", &v), TS_COUNT_BAD);
	assert_int_equal(count("-5", &v), TS_COUNT_BAD);
	assert_int_equal(count("1.5", &v), TS_COUNT_BAD);
	assert_int_equal(count("1,23", &v), TS_COUNT_BAD);
	assert_int_equal(count("1,234.567", &v), TS_COUNT_BAD);
	assert_int_equal(count("1234,567", &v), TS_COUNT_BAD);
	assert_int_equal(count(",123", &v), TS_COUNT_BAD);
	assert_int_equal(count("12e3", &v), TS_COUNT_BAD);
}

static void
test_periods(void **state)
{
	struct ts_period p, y;
	char buf[32];
	int yy, mm, dd;

	(void)state;
	assert_int_equal(ts_period_parse("2014", 4, 0, &p), 0);
	assert_int_equal(p.precision, TS_PREC_YEAR);
	assert_int_equal(p.hi - p.lo, 364);
	assert_int_equal(ts_period_parse("2016-02-29", 10, 0, &p), 0);
	assert_int_equal(ts_period_parse("2014-02-29", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("2014-02-30", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("99999-01-01", 11, 0, &p), -1);
	assert_int_equal(ts_period_parse("05/03/2014", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("05/03/2014", 10, 1, &p), 0);
	ts_civil_from_days(p.lo, &yy, &mm, &dd);
	assert_int_equal(yy * 10000 + mm * 100 + dd, 20140305);
	assert_int_equal(ts_period_parse("2009-01..2014-06", 16, 0, &p), 0);
	assert_int_equal(p.precision, TS_PREC_RANGE);
	ts_period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2009-01..2014-06");
	y = ts_period_at(&p, TS_PREC_YEAR);
	assert_int_equal(y.precision, TS_PREC_RANGE);   /* spans years */
	assert_int_equal(ts_period_parse("2014-03-17", 10, 0, &p), 0);
	y = ts_period_at(&p, TS_PREC_QUARTER);
	ts_period_format(&y, buf, sizeof buf);
	assert_string_equal(buf, "2014-Q1");
	assert_int_equal(ts_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(ts_days_from_civil(2000, 3, 1), 11017);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_matching),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_periods),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
