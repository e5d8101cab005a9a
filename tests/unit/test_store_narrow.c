/* test_store_narrow.c — narrow record columns widen without losing what
 * they hold: on append, on a replace in the middle, and on merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_store.h"

static void
add_rows(struct ts_store *st, size_t n, int64_t base)
{
	struct ts_row row;
	uint32_t dims[2];       /* a store here has at most two dimensions */
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&row, 0, sizeof row);
		row.period.precision = TS_PREC_YEAR;
		row.period.lo = (int32_t)(i % 3) * 365;
		row.period.hi = row.period.lo + 364;
		row.counts[TS_INVESTIGATIONS] = base + (int64_t)i;
		row.counts[TS_PROSECUTIONS] = i % 2 ? TS_MISSING : 7;
		row.counts[TS_CONVICTIONS] = 1;
		row.counts[TS_ACQUITTALS] = TS_MISSING;
		row.counts[TS_VICTIMS] = 0;
		row.line = (uint32_t)(i + 2);
		dims[0] = dims[1] = (uint32_t)i % 2;
		row.dims = dims;
		assert_int_equal(ts_store_add(st, &row), 0);
	}
}

static void
test_widen_on_append(void **state)
{
	struct ts_store *st = ts_store_new();
	size_t i;

	(void)state;
	assert_int_equal(ts_store_dim(st, "d"), 0);
	add_rows(st, 300, 0);           /* 0..299: past one byte at 255 */
	for (i = 0; i < 300; i++) {
		assert_true(ts_store_get_count(st, i, TS_INVESTIGATIONS) == (int64_t)i);
		assert_true(ts_store_get_count(st, i, TS_PROSECUTIONS) ==
		    (i % 2 ? TS_MISSING : 7));
		assert_true(ts_store_get_count(st, i, TS_ACQUITTALS) == TS_MISSING);
	}
	add_rows(st, 2, 5000000000LL);  /* to eight bytes */
	assert_true(ts_store_get_count(st, 300, TS_INVESTIGATIONS) == 5000000000LL);
	assert_true(ts_store_get_count(st, 255, TS_INVESTIGATIONS) == 255);
	assert_true(ts_store_get_count(st, 1, TS_PROSECUTIONS) == TS_MISSING);
	ts_store_free(st);
}

static void
test_widen_on_replace_keeps_later_rows(void **state)
{
	struct ts_store *st = ts_store_new();
	uint32_t big;
	char name[16];
	int k;

	(void)state;
	assert_int_equal(ts_store_dim(st, "d"), 0);
	add_rows(st, 10, 1);
	/* Record 3 of 10 gets a value that needs two bytes: records 4..9 must
	 * survive the widening too. */
	assert_int_equal(ts_store_set_count(st, 3, TS_CONVICTIONS, 70000), 0);
	assert_true(ts_store_get_count(st, 3, TS_CONVICTIONS) == 70000);
	assert_true(ts_store_get_count(st, 9, TS_CONVICTIONS) == 1);
	assert_true(ts_store_get_count(st, 9, TS_INVESTIGATIONS) == 10);
	assert_int_equal(ts_store_set_count(st, 5, TS_CONVICTIONS, TS_MISSING), 0);
	assert_true(ts_store_get_count(st, 5, TS_CONVICTIONS) == TS_MISSING);
	for (k = 0; k < 300; k++) {
		snprintf(name, sizeof name, "s%d", k);
		big = ts_store_intern(st, name, strlen(name));
	}
	assert_int_equal(ts_store_set_dim(st, 2, 0, big), 0);
	assert_int_equal(ts_store_dim_id(st, 2, 0), big);
	assert_int_equal(ts_store_dim_id(st, 9, 0), 1);
	assert_int_equal(ts_store_dim_id(st, 8, 0), 0);
	ts_store_free(st);
}

static void
test_append_remaps(void **state)
{
	struct ts_store *a = ts_store_new(), *b = ts_store_new();
	uint32_t x;

	(void)state;
	assert_int_equal(ts_store_dim(a, "d"), 0);
	assert_int_equal(ts_store_dim(b, "e"), 0);
	assert_int_equal(ts_store_dim(b, "d"), 1);
	add_rows(a, 3, 0);
	x = ts_store_intern(b, "only in b", 9);
	add_rows(b, 4, 1000);
	assert_int_equal(ts_store_append(a, b, 0, 10), 0);
	assert_int_equal(ts_store_count(a), 7);
	assert_true(ts_store_get_count(a, 6, TS_INVESTIGATIONS) == 1003);
	assert_true(ts_store_get_count(a, 2, TS_INVESTIGATIONS) == 2);
	assert_int_equal(ts_store_line(a, 3), 12);
	assert_int_equal(ts_store_find_dim(a, "e"), 1);
	assert_string_equal(ts_store_string(a, ts_store_intern(a, "only in b", 9)),
	    ts_store_string(b, x));
	ts_store_free(a);
	ts_store_free(b);
}

/* Case rows keep only their outcome until a row's counts differ from
 * what the outcome gives: then the column takes bytes, and every earlier
 * record still reads the same; source and input likewise from 0. */
static void
test_counts_from_outcomes(void **state)
{
	struct ts_store *st = ts_store_new();
	struct ts_store *part = ts_store_new();
	struct ts_row row;
	size_t i;

	(void)state;
	assert_non_null(st);
	assert_non_null(part);
	for (i = 0; i < 300; i++) {
		memset(&row, 0, sizeof row);
		row.outcome = (uint8_t)(i % 5 + 1);     /* open .. dismissed */
		row.counts[TS_INVESTIGATIONS] = 1;
		row.counts[TS_PROSECUTIONS] = i % 5 == 1 || i % 5 == 2 || i % 5 == 3;
		row.counts[TS_CONVICTIONS] = i % 5 == 2;
		row.counts[TS_ACQUITTALS] = i % 5 == 3;
		row.counts[TS_VICTIMS] = TS_MISSING;
		assert_int_equal(ts_store_add(st, &row), 0);
		assert_int_equal(ts_store_add(part, &row), 0);
	}
	/* A counts-table row, from another input and source. */
	memset(&row, 0, sizeof row);
	row.counts[TS_INVESTIGATIONS] = 700;
	row.counts[TS_PROSECUTIONS] = row.counts[TS_ACQUITTALS] = TS_MISSING;
	row.counts[TS_CONVICTIONS] = 3;
	row.counts[TS_VICTIMS] = 9;
	row.input = 1;
	row.source = ts_store_intern(st, "INEGI", 5);
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_set_count(st, 7, TS_CONVICTIONS, 4), 0);
	assert_int_equal(ts_store_append(st, part, 2, 1000), 0);
	for (i = 0; i < 601; i++) {
		size_t k = i < 300 ? i : i - 301;
		if (i == 300) {
			assert_int_equal(ts_store_get_count(st, i, TS_INVESTIGATIONS), 700);
			assert_true(ts_store_get_count(st, i, TS_PROSECUTIONS) == TS_MISSING);
			assert_int_equal(ts_store_get_count(st, i, TS_CONVICTIONS), 3);
			assert_int_equal(ts_store_get_count(st, i, TS_VICTIMS), 9);
			assert_int_equal(ts_store_input(st, i), 1);
			assert_string_equal(ts_store_string(st, ts_store_source(st, i)), "INEGI");
			continue;
		}
		assert_int_equal(ts_store_outcome(st, i), k % 5 + 1);
		assert_int_equal(ts_store_get_count(st, i, TS_INVESTIGATIONS), 1);
		assert_int_equal(ts_store_get_count(st, i, TS_PROSECUTIONS),
		    k % 5 == 1 || k % 5 == 2 || k % 5 == 3);
		assert_int_equal(ts_store_get_count(st, i, TS_CONVICTIONS),
		    i == 7 ? 4 : k % 5 == 2);
		assert_int_equal(ts_store_get_count(st, i, TS_ACQUITTALS), k % 5 == 3);
		assert_true(ts_store_get_count(st, i, TS_VICTIMS) == TS_MISSING);
		assert_int_equal(ts_store_input(st, i), i < 300 ? 0 : 2);
		assert_int_equal(ts_store_source(st, i), 0);
	}
	ts_store_free(st);
	ts_store_free(part);
}

/* Lines cost nothing while each is its record index plus one constant,
 * and read back exactly once they are not (a second input, a jump, the
 * saturated UINT32_MAX). */
static void
test_lines_from_record_index(void **state)
{
	struct ts_store *st = ts_store_new();
	struct ts_store *part = ts_store_new();
	struct ts_row row;
	uint32_t want[400];
	size_t i;

	(void)state;
	assert_non_null(st);
	assert_non_null(part);
	for (i = 0; i < 400; i++) {
		want[i] = i < 300 ? (uint32_t)i + 2 : i == 300 ? 2 : i == 301 ? 70000 :
		    i == 302 ? UINT32_MAX : (uint32_t)i * 3;
		memset(&row, 0, sizeof row);
		row.line = want[i];
		assert_int_equal(ts_store_add(st, &row), 0);
		if (i < 10) {
			row.line = (uint32_t)i + 7;
			assert_int_equal(ts_store_add(part, &row), 0);
		}
	}
	assert_int_equal(ts_store_append(st, part, 0, 100), 0);
	for (i = 0; i < 400; i++)
		assert_true(ts_store_line(st, i) == want[i]);
	assert_int_equal(ts_store_count(part), 0);     /* moved, not copied */
	for (i = 0; i < 10; i++)
		assert_int_equal(ts_store_line(st, 400 + i), i + 107);
	ts_store_free(st);
	ts_store_free(part);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_from_record_index),
		cmocka_unit_test(test_counts_from_outcomes),
		cmocka_unit_test(test_widen_on_append),
		cmocka_unit_test(test_widen_on_replace_keeps_later_rows),
		cmocka_unit_test(test_append_remaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
