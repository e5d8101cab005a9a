/* test_pct.c — ts_pct_decimals() decides in doubles what printing and
 * reading back define (docs/methods.md, "Printed figures"): the fewest
 * decimals, 2 or more, at which 100 v prints as neither 0 nor +-100.  The
 * definition is written out here by printing, and compared with the fast
 * one on rates k/n, values beside the half-unit edges of every decimal,
 * values beside 0 and 1, and random bits. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_pct.h"

static int
reads_as(double x, int d, double x0)
{
	char buf[400];

	snprintf(buf, sizeof buf, "%.*f", d, x);
	return strtod(buf, NULL) == x0;
}

static int
by_printing(double v)
{
	double x = v * 100;
	int d = 2;

	if (!isfinite(v) || v == 0 || v == 1 || v == -1)
		return 2;
	while (d < 20 && (reads_as(x, d, 0) || reads_as(x, d, 100) || reads_as(x, d, -100)))
		d++;
	return d;
}

static void
check(double v)
{
	if (ts_pct_decimals(v) != by_printing(v))
		fail_msg("%.17g: %d decimals, printing says %d", v, ts_pct_decimals(v),
		    by_printing(v));
}

static void
test_rates(void **state)
{
	int64_t n, k;

	(void)state;
	for (n = 1; n <= 400; n++)
		for (k = 0; k <= n; k++)
			check((double)k / (double)n);
	for (n = 1000000; n < 1000000000000LL; n *= 7)
		for (k = 0; k < 4; k++) {
			check((double)k / (double)n);
			check((double)(n - k) / (double)n);
		}
}

static void
test_edges(void **state)
{
	int d, s, i;
	double edge, v;

	(void)state;
	for (d = 2; d <= 20; d++) {
		edge = 0.5 * pow(10, -d) / 100;
		for (s = -1; s <= 1; s += 2)
			for (i = -40; i <= 40; i++) {
				int j;

				/* i doubles below or above the edge. */
				for (v = edge, j = 0; j < (i < 0 ? -i : i); j++)
					v = nextafter(v, i < 0 ? 0 : 1);
				check(s * v);
				check(1 - v);
				check(-1 + v);
			}
	}
}

static void
test_random_bits(void **state)
{
	uint64_t x = 0x9E3779B97F4A7C15ULL, b;
	double v;
	int i;

	(void)state;
	for (i = 0; i < 300000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		/* Exponents around 2^-70 .. 2^3, where decimals matter. */
		b = (x >> 12) | (uint64_t)(953 + (x >> 2) % 80) << 52;
		memcpy(&v, &b, sizeof v);
		check(i & 1 ? -v : v);
		check(1 - v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_random_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
