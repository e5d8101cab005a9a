/* test_period_fiscal.c — fiscal and split years (docs/input.md, "Fiscal
 * and split years"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ts_period.h"

static int
parse(const char *s, struct ts_period *p)
{
	return ts_period_parse(s, strlen(s), 0, p);
}

static void
assert_span(const struct ts_period *p, int y1, int m1, int d1, int y2, int m2, int d2)
{
	assert_int_equal(p->lo, ts_days_from_civil(y1, m1, d1));
	assert_int_equal(p->hi, ts_days_from_civil(y2, m2, d2));
}

static void
assert_label(const struct ts_period *p, const char *want)
{
	char buf[32];

	ts_period_format(p, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
test_notations(void **state)
{
	struct ts_period p;

	(void)state;
	assert_int_equal(parse("FY2016", &p), 0);
	assert_int_equal(p.precision, TS_PREC_FISCAL);
	assert_span(&p, 2016, 1, 1, 2016, 12, 31);
	assert_label(&p, "FY2016");
	assert_int_equal(parse("FY 2016", &p), 0);
	assert_label(&p, "FY2016");
	assert_int_equal(parse("2016/17", &p), 0);
	assert_span(&p, 2016, 1, 1, 2016, 12, 31);
	assert_label(&p, "2016/17");
	assert_int_equal(parse("2017-18", &p), 0);
	assert_label(&p, "2017-18");
	assert_int_equal(parse("2016-2017", &p), 0);
	assert_label(&p, "2016-2017");
	assert_int_equal(parse("2016/2017", &p), 0);
	assert_label(&p, "2016/2017");
	assert_int_equal(parse("1999/00", &p), 0);
	assert_label(&p, "1999/00");
}

static void
test_not_fiscal(void **state)
{
	struct ts_period p;

	(void)state;
	/* A month stays a month. */
	assert_int_equal(parse("2011-12", &p), 0);
	assert_int_equal(p.precision, TS_PREC_MONTH);
	/* Not consecutive years: no split year. */
	assert_int_not_equal(parse("2016/18", &p), 0);
	assert_int_not_equal(parse("2016-2018", &p), 0);
	assert_int_not_equal(parse("FY16", &p), 0);
	assert_int_not_equal(parse("FY20166", &p), 0);
	assert_int_not_equal(parse("FYabcd", &p), 0);
	assert_int_not_equal(parse("9999/00", &p), 0);
}

static void
test_fiscal_start(void **state)
{
	struct ts_period p, y;

	(void)state;
	/* The US federal year: FY2016 from October 2015. */
	assert_int_equal(parse("FY2016", &p), 0);
	ts_period_fiscal_start(&p, 10);
	assert_span(&p, 2015, 10, 1, 2016, 9, 30);
	assert_label(&p, "FY2016");
	/* A split year from July of its first year. */
	assert_int_equal(parse("2016/17", &p), 0);
	ts_period_fiscal_start(&p, 7);
	assert_span(&p, 2016, 7, 1, 2017, 6, 30);
	assert_label(&p, "2016/17");
	/* January changes nothing; nor does a start on a plain year. */
	assert_int_equal(parse("2017-18", &p), 0);
	ts_period_fiscal_start(&p, 1);
	assert_span(&p, 2017, 1, 1, 2017, 12, 31);
	assert_int_equal(parse("2017", &y), 0);
	ts_period_fiscal_start(&y, 7);
	assert_span(&y, 2017, 1, 1, 2017, 12, 31);
	/* --by year keeps a fiscal year as it is, even one of a calendar
	 * year's span. */
	p = ts_period_at(&p, TS_PREC_YEAR);
	assert_int_equal(p.precision, TS_PREC_FISCAL);
	assert_label(&p, "2017-18");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notations),
		cmocka_unit_test(test_not_fiscal),
		cmocka_unit_test(test_fiscal_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
