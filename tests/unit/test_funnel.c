/* test_funnel.c — the funnel plot's limit curves agree with the outlier
 * flags of the report: a count that ts_stats_funnel() flags lies on or
 * beyond the curve, one it does not flag on or inside it, and the curves
 * narrow as n grows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ts_stats.h"

static void
test_flags_match_curves(void **state)
{
	static const double rates[] = { 0.01, 0.083, 0.25, 0.5, 0.9 };
	static const double limits[] = { 0.95, 0.998 };
	size_t a, b;
	int64_t n, k;

	(void)state;
	for (a = 0; a < sizeof rates / sizeof rates[0]; a++)
		for (b = 0; b < 2; b++)
			for (n = 1; n <= 400; n += n < 50 ? 1 : 7)
				for (k = 0; k <= n; k++) {
					double lo, hi, v = (double)k / (double)n;
					int side = ts_stats_funnel(k, n, rates[a], limits[b]);
					assert_int_equal(ts_stats_funnel_limits(n, rates[a],
					    limits[b], &lo, &hi), 0);
					assert_true(lo >= 0 && lo <= hi && hi <= 1);
					if (side < 0)
						assert_true(v <= lo);
					else if (side > 0)
						assert_true(v >= hi);
					else
						assert_true(v >= lo - 1.0 / (double)n && v <= hi + 1.0 / (double)n);
				}
}

static void
test_narrowing(void **state)
{
	double lo, hi, plo = 0, phi = 1, wlo, whi;
	int64_t n;

	(void)state;
	for (n = 10; n <= 100000; n *= 10) {
		assert_int_equal(ts_stats_funnel_limits(n, 0.083, 0.95, &lo, &hi), 0);
		assert_true(lo >= plo && hi <= phi);
		/* The 99.8% limits lie outside the 95% ones. */
		assert_int_equal(ts_stats_funnel_limits(n, 0.083, 0.998, &wlo, &whi), 0);
		assert_true(wlo <= lo && whi >= hi);
		plo = lo;
		phi = hi;
	}
	/* n = 100, p = 0.1, 95%: the quantile is 5 convictions (P(R <= 4) =
	 * 0.0237 < 0.025 <= P(R <= 5) = 0.0576), interpolated to 4.04. */
	assert_int_equal(ts_stats_funnel_limits(100, 0.1, 0.95, &lo, &hi), 0);
	assert_true(lo > 0.040 && lo < 0.041);
	assert_int_equal(ts_stats_funnel_limits(0, 0.1, 0.95, &lo, &hi), -1);
	assert_int_equal(ts_stats_funnel_limits(10, 1.5, 0.95, &lo, &hi), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags_match_curves),
		cmocka_unit_test(test_narrowing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
