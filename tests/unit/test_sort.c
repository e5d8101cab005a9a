/* test_sort.c — ts_sort() sorts by a comparison that takes its context as
 * an argument, keeps equal elements in their order (stable, as the
 * report's orders need), and leaves one or no element alone. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_stable),
		cmocka_unit_test(test_reversed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
