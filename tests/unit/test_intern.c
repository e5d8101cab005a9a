/* test_intern.c — the string intern table, and its strings appended from
 * another store (the second half of a file read on two threads). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_store.h"

static uint32_t
put(struct ts_store *st, unsigned k)
{
	char s[32];
	int n = snprintf(s, sizeof s, "CF-%07u", k);

	return ts_store_intern(st, s, (size_t)n);
}

/* dst's strings after appending src must be those one store would have
 * had, interning the same strings in the same order. */
static void
check_append(unsigned a_from, unsigned a_to, unsigned b_from, unsigned b_to)
{
	struct ts_store *a = ts_store_new(), *b = ts_store_new(), *one = ts_store_new();
	unsigned k;
	size_t id;

	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(one);
	for (k = a_from; k < a_to; k++) {
		assert_int_not_equal(put(a, k), TS_NO_ID);
		assert_int_not_equal(put(one, k), TS_NO_ID);
	}
	for (k = b_from; k < b_to; k++) {
		assert_int_not_equal(put(b, k), TS_NO_ID);
		assert_int_not_equal(put(one, k), TS_NO_ID);
	}
	assert_int_equal(ts_store_append(a, b, 0, 0), 0);
	assert_int_equal(ts_store_nstrings(a), ts_store_nstrings(one));
	for (id = 0; id < ts_store_nstrings(one); id++)
		assert_string_equal(ts_store_string(a, (uint32_t)id),
		    ts_store_string(one, (uint32_t)id));
	/* Every string is found again under its id, none added twice. */
	for (k = a_from; k < b_to; k++)
		if ((k >= a_from && k < a_to) || (k >= b_from && k < b_to))
			assert_int_equal(put(a, k), put(one, k));
	assert_int_equal(ts_store_nstrings(a), ts_store_nstrings(one));
	ts_store_free(a);
	ts_store_free(b);
	ts_store_free(one);
}

static void
test_append_strings(void **state)
{
	(void)state;
	/* Halves that share strings, with the table grown on the way. */
	check_append(0, 30000, 15000, 45000);
	/* Fewer strings than are fetched ahead, and none at all. */
	check_append(0, 5, 3, 6);
	check_append(0, 5, 0, 0);
	check_append(0, 0, 0, 40);
	/* Each half's strings the other's. */
	check_append(0, 2000, 0, 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
