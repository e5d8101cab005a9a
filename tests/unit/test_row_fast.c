/* test_row_fast.c — the fast paths a row's cells take (ISO dates, years,
 * plain-digit counts) agree with the general rules on every input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_fields.h"
#include "ts_period.h"

/* Every YYYY-MM-DD with months 0..13 and days 0..32: accepted exactly
 * when it is a real date, and then the day it names (checked back with
 * the era arithmetic both ways).  Every year for the month ends, every
 * day for the years around the data. */
static void
test_iso_dates(void **state)
{
	static const int edge_days[] = { 0, 1, 27, 28, 29, 30, 31, 32 };
	struct ts_period p;
	char buf[16];
	int y, m, d, k, yy, mm, dd, ok, all;

	(void)state;
	for (y = 0; y <= 9999; y++) {
		all = y >= 1890 && y <= 2110;
		for (m = 0; m <= 13; m++) {
			for (k = 0; k < (all ? 33 : 8); k++) {
				d = all ? k : edge_days[k];
				snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
				ok = ts_date_valid(y, m, d);
				assert_int_equal(ts_period_parse(buf, 10, 0, &p), ok ? 0 : -1);
				if (!ok)
					continue;
				assert_int_equal(p.lo, ts_days_from_civil(y, m, d));
				assert_int_equal(p.hi, p.lo);
				assert_int_equal(p.precision, TS_PREC_DAY);
				assert_int_equal(p.range_prec, TS_PREC_DAY);
				ts_civil_from_days(p.lo, &yy, &mm, &dd);
				assert_int_equal(yy * 10000 + mm * 100 + dd, y * 10000 + m * 100 + d);
			}
		}
	}
	/* Near misses the fast path must leave to the general rules. */
	assert_int_equal(ts_period_parse("2014-3-170", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("2014/03/17", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("2014-03-1x", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("2O14-03-17", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("17/03/2014", 10, 1, &p), 0);
	assert_int_equal(p.lo, ts_days_from_civil(2014, 3, 17));
	assert_int_equal(ts_period_parse("2014-03-17", 10, 1, &p), 0);
	assert_int_equal(p.lo, ts_days_from_civil(2014, 3, 17));
}

static void
test_years(void **state)
{
	struct ts_period p;
	char buf[8];
	int y;

	(void)state;
	assert_int_equal(ts_period_parse("0000", 4, 0, &p), -1);
	assert_int_equal(ts_period_parse("201a", 4, 0, &p), -1);
	assert_int_equal(ts_period_parse("-201", 4, 0, &p), -1);
	for (y = 1; y <= 9999; y++) {
		snprintf(buf, sizeof buf, "%04d", y);
		assert_int_equal(ts_period_parse(buf, 4, 0, &p), 0);
		assert_int_equal(p.lo, ts_days_from_civil(y, 1, 1));
		assert_int_equal(p.hi, ts_days_from_civil(y, 12, 31));
		assert_int_equal(p.precision, TS_PREC_YEAR);
		assert_int_equal(p.range_prec, TS_PREC_YEAR);
	}
}

/* Every YYYY-MM with months 0..13: the whole month, as the era
 * arithmetic gives it; quarters and near misses go the general way. */
static void
test_months(void **state)
{
	struct ts_period p;
	char buf[16];
	int y, m, yy, mm, dd;

	(void)state;
	for (y = 0; y <= 9999; y++) {
		for (m = 0; m <= 13; m++) {
			snprintf(buf, sizeof buf, "%04d-%02d", y, m);
			if (y >= 1 && y < 9999 && (m < 1 || m > 12) && m == (y + 1) % 100) {
				/* 2012-13, 1999-00: split years (test_period_fiscal.c). */
				assert_int_equal(ts_period_parse(buf, 7, 0, &p), 0);
				assert_int_equal(p.precision, TS_PREC_FISCAL);
				continue;
			}
			if (y < 1 || m < 1 || m > 12) {
				assert_int_equal(ts_period_parse(buf, 7, 0, &p), -1);
				continue;
			}
			assert_int_equal(ts_period_parse(buf, 7, 0, &p), 0);
			assert_int_equal(p.precision, TS_PREC_MONTH);
			assert_int_equal(p.range_prec, TS_PREC_MONTH);
			assert_int_equal(p.lo, ts_days_from_civil(y, m, 1));
			ts_civil_from_days(p.hi, &yy, &mm, &dd);
			assert_int_equal(yy * 100 + mm, y * 100 + m);
			ts_civil_from_days(p.hi + 1, &yy, &mm, &dd);
			assert_int_equal(dd, 1);
		}
	}
	assert_int_equal(ts_period_parse("2014-Q3", 7, 0, &p), 0);
	assert_int_equal(p.precision, TS_PREC_QUARTER);
	assert_int_equal(ts_period_parse("2014-3 ", 7, 0, &p), -1);
	assert_int_equal(ts_period_parse("2014/03", 7, 0, &p), -1);
}

/* With a memo of the months met, every answer is the one without: the
 * days of a month seen before (valid or not), other forms, other
 * months landing on the same slot. */
static void
test_month_memo(void **state)
{
	static const char *const more[] = {
		"2014-02-29", "2014-02-00", "2014-02-3x", "2014-02-1", "2014-02..2014-03",
		"2016-02-29", "2014-02", "2014", "17/02/2014", "2014-02-28 ", "",
	};
	struct ts_month_memo *memo = calloc(1, sizeof *memo);
	struct ts_period p, q;
	char buf[16];
	int y, m, d, df, r;
	size_t i;

	(void)state;
	assert_non_null(memo);
	for (df = 0; df <= 1; df++) {
		for (y = 1990; y <= 2030; y++) {
			for (m = 0; m <= 13; m++) {
				for (d = 0; d <= 32; d++) {
					snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
					memset(&p, 0, sizeof p);
					memset(&q, 0, sizeof q);
					r = ts_period_parse(buf, 10, df, &q);
					assert_int_equal(ts_period_parse_memo(buf, 10, df, memo, &p), r);
					if (r == 0)
						assert_memory_equal(&p, &q, sizeof p);
				}
			}
		}
		for (i = 0; i < sizeof more / sizeof more[0]; i++) {
			memset(&p, 0, sizeof p);
			memset(&q, 0, sizeof q);
			r = ts_period_parse(more[i], strlen(more[i]), df, &q);
			assert_int_equal(ts_period_parse_memo(more[i], strlen(more[i]), df,
			    memo, &p), r);
			if (r == 0)
				assert_memory_equal(&p, &q, sizeof p);
		}
	}
	free(memo);
}

static enum ts_count_parse
count(const char *s, int64_t *v)
{
	return ts_parse_count(s, strlen(s), v);
}

/* Plain digits up to the length where INT64_MAX could be passed, and the
 * forms just past the fast path. */
static void
test_plain_counts(void **state)
{
	int64_t v = -1;

	(void)state;
	assert_int_equal(count("0", &v), TS_COUNT_OK);
	assert_int_equal(v, 0);
	assert_int_equal(count("0012", &v), TS_COUNT_OK);
	assert_int_equal(v, 12);
	assert_int_equal(count("999999999999999999", &v), TS_COUNT_OK);
	assert_int_equal(v, 999999999999999999LL);
	assert_int_equal(count("9999999999999999999", &v), TS_COUNT_TOO_BIG);
	assert_int_equal(count("000000000000000000000000001", &v), TS_COUNT_OK);
	assert_int_equal(v, 1);
	assert_int_equal(count("12 ", &v), TS_COUNT_OK);
	assert_int_equal(v, 12);
	assert_int_equal(count("1/", &v), TS_COUNT_BAD);
	assert_int_equal(count("1:", &v), TS_COUNT_BAD);
	assert_int_equal(count("-0", &v), TS_COUNT_BAD);
	assert_int_equal(ts_parse_count("12", 0, &v), TS_COUNT_MISSING);
	assert_int_equal(ts_parse_count("7\0" "1", 3, &v), TS_COUNT_BAD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_dates),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_month_memo),
		cmocka_unit_test(test_plain_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
