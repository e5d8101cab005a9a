/* test_stats.c — intervals against R's reference values (tests/data). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_stats.h"

/* Relative closeness; exact zeros and ones must match exactly. */
static int
close_rel(double got, double want, double tol)
{
	if (want == 0)
		return got == 0;
	return fabs(got - want) <= tol * fabs(want);
}

static void
test_reference_rows(void **state)
{
	FILE *fp = fopen("tests/data/intervals.csv", "r");
	char line[512], method[32], levelstr[16];
	long long k, n;
	double est, lo, hi;
	int checked = 0;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));   /* header */
	while (fgets(line, sizeof line, fp)) {
		struct ts_interval ci;
		enum ts_ci_method m;
		char *p;

		for (p = line; *p; p++)
			if (*p == ',')
				*p = ' ';
		assert_int_equal(sscanf(line, "%lld %lld %15s %31s %lf %lf %lf",
		    &k, &n, levelstr, method, &est, &lo, &hi), 7);
		if (ts_stats_method_parse(method, &m) != 0)
			fail_msg("unknown method %s", method);
		if (ts_stats_interval(m, k, n, strtod(levelstr, NULL), &ci) != 0) {
			/* Only methods not built yet may refuse. */
			assert_int_not_equal(m, TS_CI_WILSON);
			continue;
		}
		if (!close_rel(ci.value, est, 1e-12) || !close_rel(ci.low, lo, 1e-12) ||
		    !close_rel(ci.high, hi, 1e-12))
			fail_msg("%s k=%lld n=%lld level=%s: got %.17g %.17g %.17g, "
			    "want %.17g %.17g %.17g", method, k, n, levelstr,
			    ci.value, ci.low, ci.high, est, lo, hi);
		checked++;
	}
	fclose(fp);
	assert_true(checked >= 60);
}

static void
test_motivating_figure(void **state)
{
	struct ts_interval ci;

	(void)state;
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 19, 229, 0.95, &ci), 0);
	/* R: prop.test(19, 229, correct = FALSE) */
	assert_true(close_rel(ci.value, 0.082969432314410, 1e-12));
	assert_true(close_rel(ci.low, 0.053757991454388, 1e-12));
	assert_true(close_rel(ci.high, 0.125941358621043, 1e-12));
}

static void
test_edges(void **state)
{
	struct ts_interval ci;

	(void)state;
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 0, 10, 0.95, &ci), 0);
	assert_true(ci.low == 0.0);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 10, 10, 0.95, &ci), 0);
	assert_true(ci.high == 1.0);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 0, 0, 0.95, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 5, 4, 0.95, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, -1, 4, 0.95, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 1, 4, 1.0, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 1, 4, 0.0, &ci), -1);
	/* n near 1e9: k(n-k) must not overflow. */
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 500000000, 1000000000, 0.95, &ci), 0);
	assert_true(ci.low < 0.5 && ci.high > 0.5 && ci.high - ci.low < 1e-4);
}

static void
test_method_names(void **state)
{
	enum ts_ci_method m;

	(void)state;
	assert_int_equal(ts_stats_method_parse("wilson", &m), 0);
	assert_int_equal(m, TS_CI_WILSON);
	assert_int_equal(ts_stats_method_parse("agresti_coull", &m), 0);
	assert_int_equal(m, TS_CI_AGRESTI_COULL);
	assert_int_equal(ts_stats_method_parse("wald", &m), -1);
	assert_string_equal(ts_stats_method_name(TS_CI_EXACT), "exact");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_rows),
		cmocka_unit_test(test_motivating_figure),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_method_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
