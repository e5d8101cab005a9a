/* test_store_split.c — the store's side of a split input: whether two
 * stores share a case id, found by walking their tables of first
 * occurrences side by side (ts_store_case_overlap_walk()), against the
 * probe a record (ts_store_case_overlap()); and an appended store's keys
 * kept apart until one is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_store.h"

/* Adds a case record with case id id to st and checks it, as a reader
 * does; check 0 leaves it unchecked. */
static void
add_case(struct ts_store *st, const char *id, int check)
{
	struct ts_row row = { 0 };
	size_t i = ts_store_count(st), first;

	row.outcome = 1;
	row.counts[TS_INVESTIGATIONS] = 1;
	row.counts[TS_VICTIMS] = TS_MISSING;
	row.line = (uint32_t)i + 2;
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_set_case_key(st, i, row.outcome,
	    ts_store_case_key(id, strlen(id)), 0, TS_NO_DAY), 0);
	if (check)
		assert_int_equal(ts_store_case_first(st, i, &first), 0);
}

/* The walk's answer over nslices slices, each asked alone: -1 when one
 * says it cannot tell. */
static int
walk(const struct ts_store *st, const struct ts_store *part, unsigned nslices)
{
	unsigned s;
	int found = 0, r;

	for (s = 0; s < nslices; s++) {
		if ((r = ts_store_case_overlap_walk(st, part, s, nslices)) < 0)
			return -1;
		found |= r;
	}
	return found;
}

/* Case ids named prefix + number whose fingerprints have home bucket
 * `home` in a table of `nb` buckets (nb 0: any), from *k on. */
static void
next_id(char *id, size_t size, const char *prefix, size_t *k, uint64_t home, uint64_t nb)
{
	for (;; (*k)++) {
		snprintf(id, size, "%s%zu", prefix, *k);
		if (nb == 0 || (ts_store_case_fingerprint(id, strlen(id)) & (nb - 1)) == home)
			break;
	}
	(*k)++;
}

/* Tables of 64 buckets three quarters full (the first size a table
 * has, kept up to 650 case ids), with a third of each store's ids in one
 * home bucket near the end, so that a long run of full buckets wraps
 * around to the start: the walk must look back and ahead across it.
 * Every case id of st in turn is the one part shares, added at a
 * different place in part; none shared finds none. */
static void
test_walk_runs_of_full_buckets(void **state)
{
	enum { NA = 480, NB = 470, CROWD = 160 };
	static char ids[NA][32];
	char id[32];
	size_t i, j, ka = 0, kb = 0;
	struct ts_store *st = ts_store_new(), *part;
	int two;

	(void)state;
	assert_non_null(st);
	for (i = 0; i < NA; i++) {
		if (i % 3 == 0)
			next_id(ids[i], sizeof ids[i], "A", &ka, 62 + i % 2, 64);
		else
			next_id(ids[i], sizeof ids[i], "A", &ka, 0, 0);
		add_case(st, ids[i], 1);
	}
	for (i = 0; i <= NA; i += i < 20 ? 1 : 7) {
		part = ts_store_new();
		assert_non_null(part);
		for (j = 0, kb = 0; j < NB; j++) {
			if (i < NA && j == (i * 13) % NB)
				add_case(part, ids[i], 1);
			if (j % 3 == 0 && j / 3 < CROWD)
				next_id(id, sizeof id, "B", &kb, 63 - j % 2, 64);
			else
				next_id(id, sizeof id, "B", &kb, 0, 0);
			add_case(part, id, 1);
		}
		two = i < NA;
		assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), two);
		assert_int_equal(walk(st, part, 1), two);
		assert_int_equal(walk(st, part, 2), two);
		assert_int_equal(walk(st, part, 5), two);
		ts_store_free(part);
	}
	ts_store_free(st);
}

/* A case id part repeats itself (its second record is not in part's
 * table): found by its first. */
static void
test_walk_repeat_within_part(void **state)
{
	struct ts_store *st = ts_store_new(), *part = ts_store_new();
	char id[32];
	size_t i;

	(void)state;
	assert_true(st && part);
	for (i = 0; i < 300; i++) {
		snprintf(id, sizeof id, "A%zu", i);
		add_case(st, id, 1);
		snprintf(id, sizeof id, "B%zu", i % 150);
		add_case(part, id, 1);
	}
	assert_int_equal(walk(st, part, 2), 0);
	add_case(part, "A299", 1);
	add_case(part, "A299", 1);
	assert_int_equal(walk(st, part, 2), 1);
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 1);
	ts_store_free(st);
	ts_store_free(part);
}

/* When the walk cannot tell it says so (-1), and the probe a record
 * answers: tables of different sizes, a record of part not checked, a
 * slice out of range.  With nothing to compare it answers 0; with st's
 * table given back, 1 (may share), as the probe does. */
static void
test_walk_cannot_tell(void **state)
{
	struct ts_store *st = ts_store_new(), *part = ts_store_new(), *big = ts_store_new();
	char id[32];
	size_t i;

	(void)state;
	assert_true(st && part && big);
	assert_int_equal(walk(st, part, 2), 0);         /* no case details */
	for (i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "A%zu", i);
		add_case(st, id, 1);
	}
	assert_int_equal(walk(st, part, 2), 0);
	add_case(part, "B1", 1);
	assert_int_equal(walk(st, part, 1), 0);
	assert_int_equal(ts_store_case_overlap_walk(st, part, 1, 1), -1);
	assert_int_equal(ts_store_case_overlap_walk(st, part, 0, 0), -1);
	/* Unchecked: the walk would not see it. */
	add_case(part, "A7", 0);
	assert_int_equal(walk(st, part, 1), -1);
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 1);
	/* A record after the last checked without a case id: no matter. */
	ts_store_free(part);
	part = ts_store_new();
	assert_non_null(part);
	add_case(part, "A7", 1);
	{
		struct ts_row row = { 0 };
		row.counts[TS_VICTIMS] = TS_MISSING;
		assert_int_equal(ts_store_add(part, &row), 0);
	}
	assert_int_equal(walk(st, part, 1), 1);
	/* A table of another size. */
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "C%zu", i);
		add_case(big, id, 1);
	}
	assert_int_equal(walk(big, part, 1), -1);
	assert_int_equal(walk(part, big, 1), -1);
	assert_int_equal(ts_store_case_overlap(big, part, 0, SIZE_MAX), 0);
	/* Given back: may share. */
	ts_store_cases_loaded(st);
	assert_int_equal(walk(st, part, 1), 1);
	ts_store_free(st);
	ts_store_free(part);
	ts_store_free(big);
}

/* The walk over large tables that the hint sized alike, as a split
 * input's halves have: each of a few shared ids found, on either slice. */
static void
test_walk_large_tables(void **state)
{
	enum { N = 200000 };
	struct ts_store *st = ts_store_new(), *part;
	char id[32];
	size_t i, shared[] = { 0, 1, N / 2, N - 1 }, s;

	(void)state;
	assert_non_null(st);
	ts_store_case_expect(st, N);
	for (i = 0; i < N; i++) {
		snprintf(id, sizeof id, "A%zu", i);
		add_case(st, id, 1);
	}
	for (s = 0; s <= sizeof shared / sizeof shared[0]; s++) {
		part = ts_store_new();
		assert_non_null(part);
		ts_store_case_expect(part, N);
		for (i = 0; i < N; i++) {
			if (s < sizeof shared / sizeof shared[0] && i == shared[s])
				snprintf(id, sizeof id, "A%zu", N - 1 - i);
			else
				snprintf(id, sizeof id, "B%zu", i);
			add_case(part, id, 1);
		}
		assert_int_equal(walk(st, part, 2), s < sizeof shared / sizeof shared[0]);
		ts_store_free(part);
	}
	ts_store_free(st);
}

/* Appended stores keep their keys where they were: every key reads
 * back, an append after an append, a key rewritten in an appended part,
 * and later records find their first cases in any part. */
static void
test_keys_kept_apart(void **state)
{
	struct ts_store *st = ts_store_new(), *p1 = ts_store_new(), *p2 = ts_store_new();
	char id[32];
	size_t i, first, n = 3000;

	(void)state;
	assert_true(st && p1 && p2);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "A%zu", i);
		add_case(st, id, 1);
		snprintf(id, sizeof id, "B%zu", i);
		add_case(p1, id, 1);
		snprintf(id, sizeof id, "C%zu", i);
		add_case(p2, id, 1);
	}
	assert_int_equal(ts_store_append(st, p1, 0, 0), 0);
	assert_int_equal(ts_store_append(st, p2, 0, 0), 0);
	assert_int_equal(ts_store_count(st), 3 * n);
	for (i = 0; i < 3 * n; i++) {
		snprintf(id, sizeof id, "%c%zu", "ABC"[i / n], i % n);
		assert_true(ts_store_case_fp(st, i) == ts_store_case_fingerprint(id, strlen(id)));
	}
	/* A key of the last part rewritten: the others stay. */
	assert_int_equal(ts_store_set_case_key(st, 2 * n + 5, 1,
	    ts_store_case_key("D1", 2), 0, TS_NO_DAY), 0);
	assert_true(ts_store_case_fp(st, 2 * n + 5) == ts_store_case_fingerprint("D1", 2));
	assert_true(ts_store_case_fp(st, 2 * n + 6) == ts_store_case_fingerprint("C6", 2));
	assert_true(ts_store_case_fp(st, n + 6) == ts_store_case_fingerprint("B6", 2));
	/* Later records. */
	add_case(st, "B17", 0);
	assert_int_equal(ts_store_case_first(st, 3 * n, &first), 0);
	assert_int_equal(first, n + 17);
	add_case(st, "D1", 0);
	assert_int_equal(ts_store_case_first(st, 3 * n + 1, &first), 0);
	assert_int_equal(first, 2 * n + 5);
	add_case(st, "C5", 0);
	assert_int_equal(ts_store_case_first(st, 3 * n + 2, &first), 0);
	assert_int_equal(first, SIZE_MAX);
	add_case(st, "A2999", 0);
	assert_int_equal(ts_store_case_first(st, 3 * n + 3, &first), 0);
	assert_int_equal(first, n - 1);
	ts_store_free(st);
	ts_store_free(p1);
	ts_store_free(p2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_runs_of_full_buckets),
		cmocka_unit_test(test_walk_repeat_within_part),
		cmocka_unit_test(test_walk_cannot_tell),
		cmocka_unit_test(test_walk_large_tables),
		cmocka_unit_test(test_keys_kept_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
