/* test_claim.c — parsing published figures and naming their slips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ts_claim.h"

/* Parses text and checks it against k/n; returns the slip. */
static enum ts_claim_slip
slip_of(const char *text, int64_t k, int64_t n, struct ts_claim_result *cr)
{
	struct ts_claim c;
	struct ts_error err;

	memset(&err, 0, sizeof err);
	assert_int_equal(ts_claim_parse(text, &c, &err), 0);
	assert_int_equal(ts_claim_check(&c, k, n, cr, &err), 0);
	assert_int_equal(cr->matches, cr->slip == TS_SLIP_NONE);
	return cr->slip;
}

static void
test_forms(void **state)
{
	struct ts_claim c;
	struct ts_error err;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(ts_claim_parse("0,08 %", &c, &err), 0);
	assert_int_equal(c.form, TS_CLAIM_PERCENT);
	assert_true(c.digits == 8 && c.decimals == 2);
	assert_true(c.value > 0.00079999 && c.value < 0.00080001);
	assert_int_equal(ts_claim_parse(" 8 Percent ", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_PERCENT && c.digits == 8 && c.decimals == 0);
	assert_int_equal(ts_claim_parse("8.3 per cent", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_PERCENT && c.digits == 83 && c.decimals == 1);
	assert_int_equal(ts_claim_parse("0.083", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_FRACTION && c.digits == 83 && c.decimals == 3);
	assert_int_equal(ts_claim_parse("1 in 12", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_ONE_IN && c.per == 1 && c.digits == 12);
	assert_int_equal(ts_claim_parse(".08 percent", &c, &err), 0);
	assert_true(c.digits == 8 && c.decimals == 2);
	assert_int_equal(ts_claim_parse("8,3\xc2\xa0%", &c, &err), 0);
	assert_true(c.digits == 83 && c.decimals == 1);
	assert_int_equal(ts_claim_parse("0,08 por ciento", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_PERCENT && c.digits == 8 && c.decimals == 2);
	assert_int_equal(ts_claim_parse("0,08 pour cent", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_PERCENT && c.digits == 8);
	assert_int_equal(ts_claim_parse("about 8%", &c, &err), 0);
	assert_true(c.approx && c.digits == 8);
	assert_int_equal(ts_claim_parse("~8%", &c, &err), 0);
	assert_true(c.approx && c.digits == 8);
	assert_int_equal(ts_claim_parse("8.3%", &c, &err), 0);
	assert_false(c.approx);
	assert_int_equal(ts_claim_parse("8.3%.", &c, &err), 0);
	assert_int_equal(ts_claim_parse("(8.3%);", &c, &err), TS_EUSAGE);
	assert_int_equal(ts_claim_parse("83 per mille", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_PERMILLE && c.value > 0.0829 && c.value < 0.0831);
	assert_int_equal(ts_claim_parse("uno de cada 12", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_ONE_IN && c.per == 1 && c.digits == 12);
	assert_int_equal(ts_claim_parse("1/12", &c, &err), 0);
	assert_true(c.form == TS_CLAIM_ONE_IN && c.per == 1 && c.digits == 12);
	/* "1,205%": 1205% in English, 1.205% in Spanish or French. */
	memset(&err, 0, sizeof err);
	assert_int_equal(ts_claim_parse("1,205%", &c, &err), TS_EUSAGE);
	assert_non_null(strstr(err.message, "ambiguous"));
	assert_int_equal(ts_claim_parse("1,205 por ciento", &c, &err), 0);
	assert_true(c.digits == 1205 && c.decimals == 3);
	assert_int_equal(ts_claim_parse("1,2%", &c, &err), 0);
	assert_int_equal(ts_claim_parse("0,083", &c, &err), 0);
}

/* Everything that is not a claim is refused with a message. */
static void
test_hostile(void **state)
{
	static const char *const bad[] = {
		"", " ", "%", "abc", "8.3%%", "8..3%", "8.3.1", "8.%", "-8%",
		"1e3", "1 in", "in 12", "0 in 12", "1 in 0", "1.5 in 12", "8 % x",
		"12345678901234567890", "0.1234567890123456789", "8.3\x1b[31m%",
		"1 in 12 in 3", "8,3,1 %",
	};
	size_t i;
	struct ts_claim c;
	struct ts_error err;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		if (ts_claim_parse(bad[i], &c, &err) == 0)
			fail_msg("accepted '%s'", bad[i]);
		assert_int_equal(err.code, TS_EUSAGE);
		assert_true(strstr(err.message, "--claim") != NULL);
	}
}

static void
test_slips(void **state)
{
	struct ts_claim_result cr;

	(void)state;
	/* The motivating figure: 19/229 = 8.2969...% */
	assert_int_equal(slip_of("0.08%", 19, 229, &cr), TS_SLIP_FRACTION_AS_PCT);
	assert_string_equal(cr.correct, "8.30%");
	assert_int_equal(slip_of("8.3%", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("8.30 %", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("8 percent", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("0.083", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("1 in 12", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("8.29%", 19, 229, &cr), TS_SLIP_ROUNDING);
	assert_string_equal(cr.correct, "8.30%");
	assert_int_equal(slip_of("8.3", 19, 229, &cr), TS_SLIP_PCT_AS_FRACTION);
	assert_int_equal(slip_of("1205%", 19, 229, &cr), TS_SLIP_INVERSE);
	assert_int_equal(slip_of("12.05", 19, 229, &cr), TS_SLIP_INVERSE);
	assert_int_equal(slip_of("12%", 19, 229, &cr), TS_SLIP_UNKNOWN);
	assert_int_equal(slip_of("1 in 13", 19, 229, &cr), TS_SLIP_ROUNDING);
	assert_string_equal(cr.correct, "1 in 12");
	/* Exactly halfway: 1/8 = 12.5% is 13% half up and 12% half down or
	 * to even, and 1/16 = 6.25% is 6.3% or 6.2%: both match.  Not
	 * halfway, the other way is a rounding slip. */
	assert_int_equal(slip_of("13%", 1, 8, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("12%", 1, 8, &cr), TS_SLIP_NONE);
	assert_true(cr.halfway);
	assert_int_equal(slip_of("6.3%", 1, 16, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("6.2%", 1, 16, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("6.1%", 1, 16, &cr), TS_SLIP_UNKNOWN);
	assert_int_equal(slip_of("8.2%", 19, 229, &cr), TS_SLIP_ROUNDING);
	assert_false(cr.halfway);
	/* The decimal point moved by any number of places (8.30%). */
	assert_int_equal(slip_of("0.8%", 19, 229, &cr), TS_SLIP_DECIMAL_SHIFT);
	assert_int_equal(cr.shift, -1);
	assert_int_equal(slip_of("83%", 19, 229, &cr), TS_SLIP_DECIMAL_SHIFT);
	assert_int_equal(cr.shift, 1);
	assert_int_equal(slip_of("830%", 19, 229, &cr), TS_SLIP_DECIMAL_SHIFT);
	assert_int_equal(cr.shift, 2);
	assert_int_equal(slip_of("0.0083%", 19, 229, &cr), TS_SLIP_DECIMAL_SHIFT);
	assert_int_equal(cr.shift, -3);
	assert_int_equal(slip_of("0.0083", 19, 229, &cr), TS_SLIP_DECIMAL_SHIFT);
	assert_int_equal(cr.shift, -1);
	/* Approximate figures match a unit away in their last digit. */
	assert_int_equal(slip_of("~8%", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("about 9%", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("9%", 19, 229, &cr), TS_SLIP_ROUNDING);
	assert_int_equal(slip_of("aproximadamente 10%", 19, 229, &cr), TS_SLIP_UNKNOWN);
	/* Other languages, per mille, one in N. */
	assert_int_equal(slip_of("8,3 por ciento", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("8,3 pour cent.", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("8,3 por cento", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("83\xe2\x80\xb0", 19, 229, &cr), TS_SLIP_NONE);
	assert_string_equal(cr.correct, "83\xe2\x80\xb0");
	assert_int_equal(slip_of("1/12", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("uno de cada 12", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("un sur 12", 19, 229, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("um em cada 12", 19, 229, &cr), TS_SLIP_NONE);
	/* 0% and 100% round right and mislead. */
	assert_int_equal(slip_of("0%", 1, 100000, &cr), TS_SLIP_NONE);
	assert_true(cr.misleading);
	assert_int_equal(slip_of("100%", 99999, 100000, &cr), TS_SLIP_NONE);
	assert_true(cr.misleading);
	assert_int_equal(slip_of("0%", 0, 5, &cr), TS_SLIP_NONE);
	assert_false(cr.misleading);
	/* Edges: zero, all, and counts near the 64-bit limit. */
	assert_int_equal(slip_of("0%", 0, 5, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("1 in 3", 0, 5, &cr), TS_SLIP_UNKNOWN);
	assert_string_equal(cr.correct, "0 in 5");
	assert_int_equal(slip_of("100%", 7, 7, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("1.000", 7, 7, &cr), TS_SLIP_NONE);
	assert_int_equal(slip_of("50.000000000000000%", INT64_MAX / 2, INT64_MAX - 1, &cr),
	    TS_SLIP_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_slips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
