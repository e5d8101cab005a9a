/* test_numfmt.c — ts_numfmt_exact() (big integers), ts_numfmt_double()
 * (128-bit where it can) and ts_num_text() (the writers' call) must print
 * what the plain definition prints: the
 * first of printf's "%.15g", "%.16g", "%.17g" that strtod reads back as the
 * same double; on edges (subnormals, the largest double, 1e21, minus zero,
 * 0.1 + 0.2, integers past 2^53, exact ties of the rounding, carries),
 * on random doubles of every binary exponent and on millions of the shapes
 * the writers print.  The integers (ts_numfmt_*, ts_int_text) against
 * "%llu" and "%lld". */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_jsonout.h"
#include "ts_numfmt.h"

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

/* check() without the big-integer path: for the millions. */
static void
check_fast(double v)
{
	char want[64], got[64];

	plain(v, want, sizeof want);
	ts_num_text(v, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("%.17g: ts_num_text gave %s, printf %s", v, got, want);
}

static void
check(double v)
{
	char want[64], got[TS_NUMFMT_ROOM + 1], fast[TS_NUMFMT_ROOM + 1];
	size_t n;

	plain(v, want, sizeof want);
	n = ts_numfmt_exact(got, v);
	got[n] = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("%a: exact path gave %s, printf %s", v, got, want);
	n = ts_numfmt_double(fast, v);
	fast[n] = '\0';
	if (strcmp(fast, want) != 0)
		fail_msg("%a: ts_numfmt_double gave %s, printf %s", v, fast, want);
	check_fast(v);
}

static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
test_edges(void **state)
{
	static const double v[] = {
		0.0, 5e-324, 1e-323, 2.2250738585072009e-308, 2.2250738585072014e-308,
		4.9406564584124654e-324, 1.7976931348623157e308, 8.98846567431158e307,
		1e21, 1e22, 1e23, 9.999999999999999e22, 1e-7, 1e-6, 1e15, 1e16, 1e17,
		123456789012345678.0, 9007199254740992.0, 9007199254740994.0,
		9007199254740996.0, 18014398509481988.0, 9223372036854775808.0,
		18446744073709551616.0, 1e300, 1e-300, 0.1, 0.2, 0.3, 2.5, 0.5,
		1.5e-10, 3.0e-5, 7.0e20, 4.35e-316, 1.25e-320,
		/* exact ties at the 15th or 16th digit: the exact value decides */
		1000000000000000.5, 2000000000000000.5, 4503599627370497.5,
		1.0000000000000002, 0.30000000000000004, 5e-7, 12345678.125,
		NAN, INFINITY,
	};
	size_t i;

	(void)state;
	check(0.1 + 0.2);
	check(-0.0);
	check(DBL_MIN);
	check(DBL_MAX);
	check(DBL_TRUE_MIN);
	check(nextafter(DBL_MIN, 0));
	check(nextafter(1e21, 0));
	check(nextafter(1e21, INFINITY));
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		check(v[i]);
		check(-v[i]);
	}
}

/* Random mantissas at every binary exponent (subnormals included), each
 * with its neighbours, and powers of two and ten with theirs. */
static void
test_every_exponent(void **state)
{
	uint64_t s = 0x2545F4914F6CDD1DULL, r, bits;
	double v;
	int be, k;

	(void)state;
	for (be = 0; be < 2047; be++) {
		for (k = 0; k < 24; k++) {
			r = next(&s);
			bits = (uint64_t)be << 52 | (r & ((1ULL << 52) - 1));
			if (k == 0)
				bits = (uint64_t)be << 52;          /* a power of two */
			if (k == 1)
				bits = (uint64_t)be << 52 | 1;
			memcpy(&v, &bits, sizeof v);
			check(v);
			check(-v);
		}
	}
	for (k = -323; k <= 308; k++) {
		v = strtod("1e0", NULL) * pow(10, k);
		check(v);
		check(nextafter(v, 0));
		check(nextafter(v, INFINITY));
	}
}

/* Integers past 2^53, and short decimals of every size. */
static void
test_integers_and_decimals(void **state)
{
	uint64_t s = 0x9E3779B97F4A7C15ULL, r;
	int i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		r = next(&s);
		switch (i % 4) {
		case 0: check((double)(r >> (r % 64))); break;
		case 1: check((double)(r % 100000) * pow(10, (int)(r >> 50) % 40 - 20)); break;
		case 2: check((double)(r % 1000000007) / (double)(1 + (r >> 40) % 99991)); break;
		default: check(ldexp((double)(r >> 11), (int)(r % 2100) - 1100)); break;
		}
	}
}

static void
test_ties_and_carries(void **state)
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
		check_fast(r >> 63 ? -v : v);
	}
}

static void
test_integers(void **state)
{
	static const int64_t edge[] = {
		0, 1, -1, 9, 10, -10, 99, 100, INT64_MAX, INT64_MIN, INT64_MIN + 1,
		1000000000000000000LL, 999999999999999999LL, 4294967295LL, 4294967296LL,
		(int64_t)10000000000000000000ULL, (int64_t)9999999999999999999ULL,
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
		/* The same bits unsigned: -1 is 2^64 - 1. */
		n = ts_numfmt_u64(got, (uint64_t)v);
		got[n] = '\0';
		snprintf(want, sizeof want, "%llu", (unsigned long long)(uint64_t)v);
		if (strcmp(got, want) != 0)
			fail_msg("%s: got %s", want, got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_every_exponent),
		cmocka_unit_test(test_integers_and_decimals),
		cmocka_unit_test(test_ties_and_carries),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_millions),
		cmocka_unit_test(test_integers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
