/* test_sort.c — ts_sort() sorts by a comparison that takes its context as
 * an argument, keeps equal elements in their order (stable, as the
 * report's orders need), and leaves one or no element alone;
 * ts_sort_u32() gives the order ts_sort() gives, on either of its paths
 * (keys counted per value, or a radix sort); ts_sort_keyed() too, equal
 * keys kept in their order, whichever bytes of the keys differ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_sort.h"

struct item {
	uint32_t key;
	uint32_t at;            /* its place before the sort */
};

/* ctx: how many low bits of the key count, so that many keys tie. */
static int
by_masked_key(const void *pa, const void *pb, const void *ctx)
{
	const struct item *a = pa, *b = pb;
	uint32_t mask = *(const uint32_t *)ctx;

	return (a->key & mask) < (b->key & mask) ? -1 : (a->key & mask) > (b->key & mask);
}

static void
test_sorted_and_stable(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 7, 8, 9, 100, 4097 };
	static const uint32_t masks[] = { 0xFFFFFFFFu, 0xFu, 0u };
	uint64_t x = 0x243F6A8885A308D3ULL;
	size_t s, m, i, n;
	struct item *a;

	(void)state;
	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		n = sizes[s];
		a = malloc((n ? n : 1) * sizeof *a);
		assert_non_null(a);
		for (m = 0; m < sizeof masks / sizeof masks[0]; m++) {
			for (i = 0; i < n; i++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				a[i].key = (uint32_t)(x >> 33);
				a[i].at = (uint32_t)i;
			}
			assert_int_equal(ts_sort(a, n, sizeof *a, by_masked_key, &masks[m]), 0);
			for (i = 1; i < n; i++) {
				int c = by_masked_key(&a[i - 1], &a[i], &masks[m]);
				assert_true(c <= 0);
				if (c == 0)
					assert_true(a[i - 1].at < a[i].at);
			}
		}
		free(a);
	}
}

/* Descending input: every merge moves every element. */
static void
test_reversed(void **state)
{
	uint32_t mask = 0xFFFFFFFFu;
	struct item a[1000];
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		a[i].key = (uint32_t)(1000 - i);
		a[i].at = (uint32_t)i;
	}
	assert_int_equal(ts_sort(a, 1000, sizeof *a, by_masked_key, &mask), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(a[i].key, i + 1);
}

/* Keys below each bound (1: all 0; n + 4096 and just above it: the two
 * sides of the counted path's limit; 2^16, 2^24, 2^32: one to four radix
 * bytes), against the merge sort above (itself held to the order). */
static void
test_u32_as_merge_sort(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 63, 64, 65, 1000, 20000 };
	const uint32_t all = 0xFFFFFFFFu;
	uint64_t x = 0x13198A2E03707344ULL;
	size_t s, b, i, n;
	uint32_t *a;
	struct item *want;

	(void)state;
	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		uint64_t bounds[7];
		n = sizes[s];
		bounds[0] = 1;
		bounds[1] = (uint64_t)n + 4097;
		bounds[2] = (uint64_t)n + 4098;
		bounds[3] = 1ULL << 16;
		bounds[4] = 1ULL << 24;
		bounds[5] = 1ULL << 32;
		bounds[6] = 3;
		a = malloc((n ? n : 1) * sizeof *a);
		want = malloc((n ? n : 1) * sizeof *want);
		assert_non_null(a);
		assert_non_null(want);
		for (b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
			for (i = 0; i < n; i++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				a[i] = (uint32_t)((x >> 16) % bounds[b]);
			}
			/* The largest key possible, so that both limits are met. */
			if (n > 1 && b != 0 && b != 6)
				a[n / 2] = (uint32_t)(bounds[b] - 1);
			for (i = 0; i < n; i++) {
				want[i].key = a[i];
				want[i].at = (uint32_t)i;
			}
			assert_int_equal(ts_sort(want, n, sizeof *want, by_masked_key, &all), 0);
			assert_int_equal(ts_sort_u32(a, n), 0);
			for (i = 0; i < n; i++)
				assert_int_equal(a[i], want[i].key);
		}
		free(a);
		free(want);
	}
}

struct keyed_item {
	uint64_t key;
	uint32_t at;
};

static int
by_key64(const void *pa, const void *pb, const void *ctx)
{
	const struct keyed_item *a = pa, *b = pb;

	(void)ctx;
	return a->key < b->key ? -1 : a->key > b->key;
}

static void
test_keyed_as_merge_sort(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 100, 5000 };
	/* Which bits of the keys vary: all, one byte, the top byte, the low
	 * bit (many ties), none (every byte skipped). */
	static const uint64_t masks[] = { ~0ULL, 0xFF00ULL, 0xFF00000000000000ULL, 1ULL, 0ULL };
	uint64_t x = 0x13198A2E03707344ULL;
	size_t s, m, i, n;
	struct ts_sort_keyed *a;
	struct keyed_item *want;

	(void)state;
	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		n = sizes[s];
		a = malloc((n ? n : 1) * sizeof *a);
		want = malloc((n ? n : 1) * sizeof *want);
		assert_non_null(a);
		assert_non_null(want);
		for (m = 0; m < sizeof masks / sizeof masks[0]; m++) {
			for (i = 0; i < n; i++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				a[i].key = (x ^ x >> 29) & masks[m];
				a[i].value = (uint32_t)i;
				a[i].spare = (uint32_t)(i * 3);
				want[i].key = a[i].key;
				want[i].at = (uint32_t)i;
			}
			assert_int_equal(ts_sort(want, n, sizeof *want, by_key64, NULL), 0);
			assert_int_equal(ts_sort_keyed(a, n), 0);
			for (i = 0; i < n; i++) {
				assert_true(a[i].key == want[i].key);
				assert_int_equal(a[i].value, want[i].at);
				assert_int_equal(a[i].spare, want[i].at * 3);
			}
		}
		free(a);
		free(want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_stable),
		cmocka_unit_test(test_reversed),
		cmocka_unit_test(test_u32_as_merge_sort),
		cmocka_unit_test(test_keyed_as_merge_sort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
