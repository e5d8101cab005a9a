/* test_numtext.c — ts_num_text() decides the 15-, 16- and 17-digit
 * candidates by integer arithmetic (or, outside that path's range, from
 * one 17-digit conversion); it must print exactly what the plain
 * definition (the first of %.15g, %.16g, %.17g that reads back) prints,
 * and ts_int_text() what "%lld" prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "ts_jsonout.h"
#include "ts_report.h"

static void
plain(double v, char *buf, size_t size)
{
	int prec;

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "null");
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
}

static void
check(double v)
{
	char got[64], want[64];

	ts_num_text(v, got, sizeof got);
	plain(v, want, sizeof want);
	if (strcmp(got, want) != 0)
		fail_msg("%.17g: got %s, want %s", v, got, want);
}

static void
test_edges(void **state)
{
	/* Ties that only the exact value settles (x.5 at digit 16), carries
	 * (9.99... -> 10), the %g switch between fixed and exponent forms,
	 * zeros, subnormals, the largest double, not finite. */
	static const double v[] = {
		0.0, 1e-5, 1e-4, 9.9999999999999995e-5, 0.0001, 1e15, 1e16, 1e17,
		9.999999999999999e15, 1e-320, 5e-324, 1.7976931348623157e308, 0.1,
		0.5, 1, 10, 100, 123456789012345680.0, 0.30000000000000004,
		99999999999999999.0, 999999999999999.9, 1234567890123456.5,
		1000000000000000.5, 123456789012345.25, 2.5, 0.125,
		4503599627370495.5, 12345678901234.125, 0.06717784220573507,
		0.22081053724160823, 1.0 / 3.0, 2.0 / 3.0, NAN, INFINITY,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		check(v[i]);
		check(-v[i]);
	}
}

static void
test_random(void **state)
{
	uint64_t s = 88172645463325252ULL, r;
	double v;
	int i;

	(void)state;
	for (i = 0; i < 30000; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		r = s;
		switch (i % 4) {
		case 0: memcpy(&v, &r, sizeof v); break;                /* any bits */
		case 1: v = (double)(r % 100000) / (double)(r >> 40 | 1); break; /* rates */
		case 2: v = ldexp((double)(r >> 11), (int)(r % 120) - 90); break;
		default: v = (double)(r % 1000000) / 1000.0; break;
		}
		check(v);
	}
}

static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Millions of doubles of the shapes the writers print (rates k / n,
 * interval limits, values at every binary exponent of the exact path and
 * past its ends, neighbours of powers of ten and two), from a fixed seed,
 * against the plain definition. */
static void
test_millions(void **state)
{
	uint64_t s = 0x9E3779B97F4A7C15ULL, r, k, n;
	double v;
	long i;

	(void)state;
	for (i = 0; i < 2400000; i++) {
		r = next(&s);
		switch (i % 8) {
		case 0:         /* a rate k / n, n up to a million */
			n = 1 + (r >> 20) % 1000000;
			k = (r & 0xFFFFF) % (n + 1);
			v = (double)k / (double)n;
			break;
		case 1:         /* a mantissa at any exponent from 2^-80 to 2^60 */
			v = ldexp((double)((r >> 11) | 1ULL << 52), (int)(r % 141) - 132);
			break;
		case 2:         /* short decimals, which 15 digits give */
			v = (double)(r % 100000000) / 1e4;
			break;
		case 3:         /* next to a power of ten */
			v = pow(10, (int)(r % 24) - 8);
			v = (r >> 8 & 1) ? nextafter(v, 0) : (r >> 9 & 1) ? nextafter(v, INFINITY) : v;
			break;
		case 4:         /* next to a power of two: the gap below is half */
			v = ldexp(1, (int)(r % 141) - 80);
			v = (r >> 8 & 1) ? nextafter(v, 0) : (r >> 9 & 1) ? nextafter(v, INFINITY) : v;
			break;
		case 5:         /* any bits */
			memcpy(&v, &r, sizeof v);
			break;
		case 6:         /* a uniform [0, 1) with every mantissa bit */
			v = (double)(r >> 11) / 9007199254740992.0;
			break;
		default:        /* sqrt-like limits, as the intervals have */
			v = sqrt((double)(r % 1000003)) / (double)(1 + (r >> 40) % 997);
			break;
		}
		check(r >> 63 ? -v : v);
	}
}

static void
test_integers(void **state)
{
	static const int64_t edge[] = {
		0, 1, -1, 9, 10, -10, 99, 100, INT64_MAX, INT64_MIN, INT64_MIN + 1,
		1000000000000000000LL, 999999999999999999LL,
	};
	uint64_t s = 2463534242ULL, r;
	char got[32], want[32];
	size_t i, n;
	int64_t v;

	(void)state;
	for (i = 0; i < 1000000 + sizeof edge / sizeof edge[0]; i++) {
		r = next(&s);
		if (i < sizeof edge / sizeof edge[0])
			v = edge[i];
		else
			v = (int64_t)(r >> (r % 64));    /* every length */
		n = ts_int_text(v, got);
		snprintf(want, sizeof want, "%lld", (long long)v);
		if (strcmp(got, want) != 0 || n != strlen(want))
			fail_msg("%s: got %s", want, got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_millions),
		cmocka_unit_test(test_integers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
