/* test_store.c — interning, dimensions and record columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_store.h"

static void
test_intern(void **state)
{
	struct ts_store *st = ts_store_new();
	uint32_t a, b, c;
	char name[32];
	int i;

	(void)state;
	assert_non_null(st);
	assert_int_equal(ts_store_intern(st, "", 0), 0);
	a = ts_store_intern(st, "Michoacán", strlen("Michoacán"));
	b = ts_store_intern(st, "Jalisco", 7);
	c = ts_store_intern(st, "Michoacán!", strlen("Michoacán"));  /* same prefix */
	assert_int_equal(a, c);
	assert_int_not_equal(a, b);
	assert_string_equal(ts_store_string(st, a), "Michoacán");
	/* Enough strings to force several rehashes; ids stay stable. */
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "state %d", i);
		assert_int_equal(ts_store_intern(st, name, strlen(name)), (uint32_t)(3 + i));
	}
	assert_int_equal(ts_store_intern(st, "Jalisco", 7), b);
	assert_int_equal(ts_store_nstrings(st), 5003);
	ts_store_free(st);
	ts_store_free(NULL);
}

static void
test_records_and_late_dims(void **state)
{
	struct ts_store *st = ts_store_new();
	struct ts_row row;
	uint32_t dims[2];
	int d0, d1, i;

	(void)state;
	memset(&row, 0, sizeof row);
	d0 = ts_store_dim(st, "jurisdiction");
	assert_int_equal(d0, 0);
	assert_int_equal(ts_store_dim(st, "jurisdiction"), 0);
	dims[0] = ts_store_intern(st, "Puebla", 6);
	row.dims = dims;
	for (i = 0; i < 1000; i++) {
		row.counts[TS_INVESTIGATIONS] = i;
		row.counts[TS_CONVICTIONS] = TS_MISSING;
		row.line = (uint32_t)(i + 2);
		assert_int_equal(ts_store_add(st, &row), 0);
	}
	/* A dimension added later reads as "" for the earlier records. */
	d1 = ts_store_dim(st, "agency");
	assert_int_equal(d1, 1);
	dims[1] = ts_store_intern(st, "FGR", 3);
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_count(st), 1001);
	assert_int_equal(ts_store_get_count(st, 999, TS_INVESTIGATIONS), 999);
	assert_true(ts_store_get_count(st, 5, TS_CONVICTIONS) == TS_MISSING);
	assert_string_equal(ts_store_string(st, ts_store_dim_id(st, 3, 1)), "");
	assert_string_equal(ts_store_string(st, ts_store_dim_id(st, 1000, 1)), "FGR");
	assert_string_equal(ts_store_string(st, ts_store_dim_id(st, 3, 0)), "Puebla");
	assert_int_equal(ts_store_line(st, 10), 12);
	assert_int_equal(ts_store_find_dim(st, "exploitation"), -1);
	ts_store_free(st);
}

static void
test_case_details(void **state)
{
	struct ts_store *st = ts_store_new();
	struct ts_row row;
	size_t i, first;
	uint32_t a, b;

	(void)state;
	assert_non_null(st);
	memset(&row, 0, sizeof row);
	/* Records 0..2 come from a counts table and have no case details. */
	for (i = 0; i < 5; i++)
		assert_int_equal(ts_store_add(st, &row), 0);
	a = ts_store_intern(st, "MX-1", 4);
	b = ts_store_intern(st, "MX-2", 4);
	assert_int_equal(ts_store_set_case(st, 3, 3, a, 16000), 0);
	assert_int_equal(ts_store_case_first(st, 3, &first), 0);
	assert_true(first == SIZE_MAX);
	assert_int_equal(ts_store_set_case(st, 4, 1, a, TS_NO_DAY), 0);
	assert_int_equal(ts_store_case_first(st, 4, &first), 0);
	assert_int_equal(first, 3);
	assert_int_equal(ts_store_outcome(st, 0), 0);
	assert_int_equal(ts_store_case_id(st, 2), 0);
	assert_true(ts_store_closed(st, 1) == TS_NO_DAY);
	assert_int_equal(ts_store_outcome(st, 3), 3);
	assert_int_equal(ts_store_closed(st, 3), 16000);
	assert_int_equal(ts_store_case_id(st, 4), a);
	assert_int_equal(ts_store_outcome(st, 99), 0);
	/* A record without a case id is never a duplicate. */
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_set_case(st, 5, 1, 0, TS_NO_DAY), 0);
	assert_int_equal(ts_store_case_first(st, 5, &first), 0);
	assert_true(first == SIZE_MAX);
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_set_case(st, 6, 1, b, TS_NO_DAY), 0);
	assert_int_equal(ts_store_case_first(st, 6, &first), 0);
	assert_true(first == SIZE_MAX);
	ts_store_free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_records_and_late_dims),
		cmocka_unit_test(test_case_details),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
