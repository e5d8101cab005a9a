/* test_store.c — interning, dimensions and record columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_fields.h"
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
	assert_null(ts_store_case_text(st, 2, NULL));
	assert_true(ts_store_closed(st, 1) == TS_NO_DAY);
	assert_int_equal(ts_store_outcome(st, 3), 3);
	assert_int_equal(ts_store_closed(st, 3), 16000);
	assert_string_equal(ts_store_case_text(st, 4, NULL), "MX-1");
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

/* Many case ids: the fingerprint table grows many times and still finds
 * the first record of each repeated id, and nothing else. */
static void
test_case_fingerprints_many(void **state)
{
	struct ts_store *st = ts_store_new();
	struct ts_row row = { 0 };
	char id[32];
	size_t i, first, n = 200000;
	int len;

	(void)state;
	assert_non_null(st);
	row.period.precision = TS_PREC_NONE;
	for (i = 0; i < n; i++) {
		/* Every 7th record repeats the id of record i / 7. */
		len = snprintf(id, sizeof id, "MX-%08zu", i % 7 == 6 ? i / 7 : i);
		assert_int_equal(ts_store_add(st, &row), 0);
		assert_int_equal(ts_store_set_case_key(st, i, 1,
		    ts_store_case_key(id, (size_t)len), 0, TS_NO_DAY), 0);
		assert_int_equal(ts_store_case_first(st, i, &first), 0);
		if (i % 7 == 6 && (i / 7) % 7 != 6)
			assert_int_equal(first, i / 7);
		else    /* new, or the id of a record that repeated another */
			assert_true(first == SIZE_MAX);
	}
	assert_true(ts_store_case_fingerprint("A4", 2) != ts_store_case_fingerprint("A5", 2));
	assert_true(ts_store_case_fingerprint("", 0) != 0);
	assert_true(ts_store_case_fingerprint("A4", 2) != ts_store_case_fingerprint("A4\0", 3));
	ts_store_free(st);
}

/* Single days (a record's period, a case's closed day) read back as
 * stored whatever order they come in: days spread over centuries, so
 * that the day maps beside the tables (store_impl.h) grow on both sides,
 * reach their limit and leave days outside to the tables. */
static void
test_days_read_back(void **state)
{
	struct ts_store *st = ts_store_new();
	struct ts_row row = { 0 };
	static int32_t opened[60000], closed[60000];
	unsigned seed = 7u;
	size_t i, n = sizeof opened / sizeof opened[0];

	(void)state;
	assert_non_null(st);
	row.outcome = TS_OUTCOME_OPEN;
	row.counts[TS_VICTIMS] = 1;
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		/* Mostly a few years around 2020, then ever wider. */
		opened[i] = 18000 + (int32_t)((seed >> 8) % (i < 20000 ? 2000u :
		    i < 40000 ? 80000u : 3000000u)) - (i < 40000 ? 0 : 1500000);
		closed[i] = i % 5 ? opened[i] + (int32_t)(seed % 900) : TS_NO_DAY;
		row.period.precision = TS_PREC_DAY;
		row.period.lo = row.period.hi = opened[i];
		assert_int_equal(ts_store_add_case(st, &row, ts_store_case_key("x", 1), 0,
		    closed[i]), 0);
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(ts_store_period(st, i).lo, opened[i]);
		assert_int_equal(ts_store_period(st, i).hi, opened[i]);
		assert_int_equal(ts_store_closed(st, i), closed[i]);
	}
	ts_store_free(st);
}

/* Adds case record i to st with case id id (checked in order, as a
 * reader does) and returns the earlier record with that id, or
 * SIZE_MAX. */
static size_t
add_case(struct ts_store *st, const char *id, int32_t closed, int keep)
{
	struct ts_row row = { 0 };
	size_t i = ts_store_count(st), first;
	uint32_t sid = keep ? ts_store_intern(st, id, strlen(id)) : 0;

	row.outcome = (uint8_t)(1 + i % 5);
	row.counts[TS_INVESTIGATIONS] = 1;
	row.counts[TS_PROSECUTIONS] = ts_outcome_prosecuted((enum ts_outcome)row.outcome);
	row.counts[TS_CONVICTIONS] = row.outcome == TS_OUTCOME_CONVICTED;
	row.counts[TS_ACQUITTALS] = row.outcome == TS_OUTCOME_ACQUITTED;
	row.counts[TS_VICTIMS] = TS_MISSING;
	row.line = (uint32_t)i + 2;
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_set_case_key(st, i, row.outcome,
	    ts_store_case_key(id, strlen(id)), sid, closed), 0);
	assert_int_equal(ts_store_case_first(st, i, &first), 0);
	return first;
}

static void
test_append_case_lists(void **state)
{
	/* A store read apart (a split input's second half) and appended: its
	 * case details move (over several chunks), its ids join the table,
	 * and later records find their first cases in either part. */
	struct ts_store *st = ts_store_new(), *part = ts_store_new(), *other = ts_store_new();
	char id[32];
	size_t i, n1 = 150000, n2 = 300000;

	(void)state;
	assert_true(st && part && other);
	for (i = 0; i < n1; i++) {
		snprintf(id, sizeof id, "A%zu", i % 5 == 4 ? i / 5 : i);
		assert_true(add_case(st, id, i % 3 ? TS_NO_DAY : (int32_t)(i % 4000), 0) ==
		    (i % 5 == 4 && (i / 5) % 5 != 4 ? i / 5 : SIZE_MAX));
	}
	for (i = 0; i < n2; i++) {
		snprintf(id, sizeof id, "B%zu", i % 5 == 4 ? i / 5 : i);
		assert_true(add_case(part, id, i % 3 ? TS_NO_DAY : (int32_t)(i % 7000),
		    i < 10) == (i % 5 == 4 && (i / 5) % 5 != 4 ? i / 5 : SIZE_MAX));
	}
	assert_int_equal(add_case(other, "C1", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(ts_store_case_overlap(st, other, 0, SIZE_MAX), 0);
	assert_int_equal(add_case(other, "A17", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(add_case(other, "C2", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(ts_store_case_overlap(st, other, 0, SIZE_MAX), 1);
	assert_int_equal(ts_store_case_overlap(st, other, 0, 1), 0);
	assert_int_equal(ts_store_case_overlap(st, other, 1, 2), 1);
	assert_int_equal(ts_store_case_overlap(st, other, 2, 3), 0);
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 0);
	assert_int_equal(ts_store_append(st, part, 0, 1000), 0);
	assert_int_equal(ts_store_count(part), 0);
	/* part's records are not in the table until the next check: other
	 * may share a case id with them. */
	assert_int_equal(ts_store_case_overlap(st, other, 2, 3), 1);
	assert_int_equal(ts_store_count(st), n1 + n2);
	/* The appended records as part had them. */
	for (i = 0; i < n2; i++) {
		snprintf(id, sizeof id, "B%zu", i % 5 == 4 ? i / 5 : i);
		assert_true(ts_store_case_fp(st, n1 + i) == ts_store_case_fingerprint(id, strlen(id)));
		assert_int_equal(ts_store_outcome(st, n1 + i), 1 + i % 5);
		assert_int_equal(ts_store_closed(st, n1 + i), i % 3 ? TS_NO_DAY : (int32_t)(i % 7000));
		assert_int_equal(ts_store_get_count(st, n1 + i, TS_CONVICTIONS),
		    1 + i % 5 == TS_OUTCOME_CONVICTED);
		assert_int_equal(ts_store_line(st, n1 + i), i + 1002);
		if (i < 10)
			assert_string_equal(ts_store_case_text(st, n1 + i, NULL), id);
		else
			assert_null(ts_store_case_text(st, n1 + i, NULL));
	}
	assert_int_equal(ts_store_closed(st, 3), 3);
	/* Later records: first cases in the first part, the appended one,
	 * or among themselves. */
	assert_int_equal(add_case(st, "B7", TS_NO_DAY, 0), n1 + 7);
	assert_int_equal(add_case(st, "A10", TS_NO_DAY, 0), 10);
	assert_int_equal(add_case(st, "B9", TS_NO_DAY, 0), n1 + 49);     /* record 49 */
	assert_int_equal(add_case(st, "C1", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(add_case(st, "C1", TS_NO_DAY, 0), n1 + n2 + 3);
	assert_int_equal(add_case(st, "B299998", TS_NO_DAY, 0), n1 + 299998);
	/* Folded: known again. */
	assert_int_equal(ts_store_case_overlap(st, other, 2, 3), 0);
	assert_int_equal(ts_store_case_overlap(st, other, 1, 2), 1);
	ts_store_free(st);
	ts_store_free(part);
	ts_store_free(other);
}

/* The table of first occurrences given back once every input is read:
 * nothing changes.  A part checked against it may share case ids (not
 * known without it); a later case id rebuilds it, in order, and finds
 * its first case before or after the records given back, or across an
 * appended store. */
static void
test_cases_loaded(void **state)
{
	struct ts_store *st = ts_store_new(), *part = ts_store_new();
	char id[32];
	size_t i, n = 30000;

	(void)state;
	assert_true(st && part);
	ts_store_cases_loaded(st);      /* no case yet: nothing to do */
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "A%zu", i % 3 == 2 ? i / 3 : i);
		assert_true(add_case(st, id, TS_NO_DAY, 0) ==
		    (i % 3 == 2 && (i / 3) % 3 != 2 ? i / 3 : SIZE_MAX));
	}
	assert_int_equal(add_case(part, "Z1", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 0);
	ts_store_cases_loaded(st);
	ts_store_cases_loaded(st);      /* twice: the same */
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 1);
	ts_store_case_expect(st, 1000000);      /* a hint: nothing lost */
	assert_int_equal(add_case(st, "A7", TS_NO_DAY, 0), 7);
	assert_int_equal(add_case(st, "A29998", TS_NO_DAY, 0), 29998);
	assert_int_equal(add_case(st, "B1", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(add_case(st, "B1", TS_NO_DAY, 0), n + 2);
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 0);
	/* Given back with an appended store's records not in it yet. */
	assert_int_equal(ts_store_append(st, part, 0, 0), 0);
	ts_store_cases_loaded(st);
	assert_int_equal(add_case(st, "Z1", TS_NO_DAY, 0), n + 4);
	assert_int_equal(add_case(st, "A10", TS_NO_DAY, 0), 10);
	assert_int_equal(add_case(st, "A20000", TS_NO_DAY, 0), SIZE_MAX);
	assert_int_equal(add_case(st, "A20000", TS_NO_DAY, 0), n + 7);
	ts_store_free(st);
	ts_store_free(part);
}

/* Adds a case record to st with key key and, when text is not NULL, the
 * text text[0..len) staged and kept; checks it in order and returns the
 * earlier record with its case id, or SIZE_MAX. */
static size_t
add_text_case(struct ts_store *st, struct ts_case_key key, const char *text,
    size_t len)
{
	struct ts_row row = { 0 };
	size_t first;

	row.outcome = TS_OUTCOME_OPEN;
	row.period.precision = TS_PREC_NONE;
	if (text)
		assert_int_equal(ts_store_case_stage(st, text, len), 0);
	assert_int_equal(ts_store_add_case(st, &row, key, text ? TS_CASE_STAGED : 0,
	    TS_NO_DAY), 0);
	assert_int_equal(ts_store_case_first(st, ts_store_count(st) - 1, &first), 0);
	return first;
}

/* Kept case ids: staged texts, kept once, read back whatever their
 * length (one to three bytes of it) or bytes; a repeat is an equal text,
 * byte for byte, even for keys made to agree (which the keyed hash does
 * not let an input do); the texts move with an appended store. */
static void
test_case_texts(void **state)
{
	struct ts_store *st = ts_store_new(), *part = ts_store_new();
	const struct ts_case_key k = { 42, 7 }, other = { 43, 7 };
	static char huge[20000];
	const char *t;
	size_t len, n0;

	(void)state;
	assert_true(st && part);
	memset(huge, 'H', sizeof huge);
	/* A row rejected after its case id was staged: the next one wins. */
	assert_int_equal(ts_store_case_stage(st, "lost", 4), 0);
	assert_true(add_text_case(st, k, "A", 1) == SIZE_MAX);            /* 0 */
	assert_string_equal(ts_store_case_text(st, 0, &len), "A");
	assert_int_equal(len, 1);
	/* Staged text is kept once: a later record without one has none. */
	assert_true(add_text_case(st, other, NULL, 0) == SIZE_MAX);       /* 1 */
	assert_null(ts_store_case_text(st, 1, NULL));
	assert_true(add_text_case(st, k, "A\0b", 3) == SIZE_MAX);        /* 2 */
	t = ts_store_case_text(st, 2, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(t, "A\0b", 4);
	assert_true(add_text_case(st, k, "A\0c", 3) == SIZE_MAX);        /* 3 */
	assert_int_equal(add_text_case(st, k, "A\0b", 3), 2);           /* 4 */
	assert_int_equal(add_text_case(st, k, "A", 1), 0);               /* 5 */
	assert_true(add_text_case(st, k, "", 0) == SIZE_MAX);             /* 6 */
	assert_string_equal(ts_store_case_text(st, 6, &len), "");
	assert_int_equal(len, 0);
	assert_true(add_text_case(st, k, huge, 200) == SIZE_MAX);         /* 7 */
	assert_true(add_text_case(st, k, huge, sizeof huge) == SIZE_MAX); /* 8 */
	assert_true(add_text_case(st, k, huge, sizeof huge - 1) == SIZE_MAX); /* 9 */
	assert_int_equal(add_text_case(st, k, huge, sizeof huge), 8);    /* 10 */
	t = ts_store_case_text(st, 8, &len);
	assert_int_equal(len, sizeof huge);
	assert_memory_equal(t, huge, sizeof huge);
	assert_int_equal(t[len], '\0');
	/* Without a text the key alone decides. */
	assert_int_equal(add_text_case(st, k, NULL, 0), 0);              /* 11 */
	/* The other part: its own texts, one of them st's. */
	assert_true(add_text_case(part, k, "P", 1) == SIZE_MAX);
	assert_true(add_text_case(part, k, huge, 199) == SIZE_MAX);
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 0);
	assert_true(add_text_case(part, k, "A\0c", 3) == SIZE_MAX);
	assert_int_equal(ts_store_case_overlap(st, part, 0, 2), 0);
	assert_int_equal(ts_store_case_overlap(st, part, 2, 3), 1);
	/* A text staged in st and never kept is dropped by the append. */
	assert_int_equal(ts_store_case_stage(st, "gone", 4), 0);
	n0 = ts_store_count(st);
	assert_int_equal(ts_store_append(st, part, 0, 0), 0);
	assert_string_equal(ts_store_case_text(st, n0, &len), "P");
	assert_int_equal(len, 1);
	t = ts_store_case_text(st, n0 + 1, &len);
	assert_int_equal(len, 199);
	assert_memory_equal(t, huge, 199);
	assert_memory_equal(ts_store_case_text(st, n0 + 2, &len), "A\0c", 4);
	assert_string_equal(ts_store_case_text(st, 0, NULL), "A");
	assert_null(ts_store_case_text(st, n0 + 3, NULL));
	/* Later records find their first in either part, by text. */
	assert_int_equal(add_text_case(st, k, "P", 1), n0);
	assert_int_equal(add_text_case(st, k, huge, 199), n0 + 1);
	assert_int_equal(add_text_case(st, k, huge, 200), 7);
	assert_int_equal(add_text_case(st, k, "A\0c", 3), 3);
	assert_true(add_text_case(st, k, "Q", 1) == SIZE_MAX);
	assert_null(ts_store_case_text(st, 1, NULL));
	ts_store_free(st);
	ts_store_free(part);
}

/* Censored counts: the count holds the low end, the range sits beside
 * it; a second setting narrows it; appending moves the ranges with their
 * records; blocks hold a known sum. */
static void
test_censored_ranges(void **state)
{
	struct ts_store *st = ts_store_new(), *part = ts_store_new();
	struct ts_row row;
	size_t i, rec;
	int64_t lo, hi, sum, out[4];
	enum ts_count c;
	uint32_t b;

	(void)state;
	assert_true(st && part);
	memset(&row, 0, sizeof row);
	for (i = 0; i < TS_NCOUNTS; i++)
		row.counts[i] = 10;
	for (i = 0; i < 3; i++) {
		assert_int_equal(ts_store_add(st, &row), 0);
		assert_int_equal(ts_store_add(part, &row), 0);
	}
	assert_int_equal(ts_store_ncensored(st), 0);
	assert_int_equal(ts_store_set_censored(st, 1, TS_CONVICTIONS, 1, 4), 0);
	assert_int_equal(ts_store_set_censored(st, 3, TS_CONVICTIONS, 1, 4), -1);
	assert_int_equal(ts_store_set_censored(st, 2, TS_CONVICTIONS, 4, 1), -1);
	assert_int_equal(ts_store_get_count(st, 1, TS_CONVICTIONS), 1);
	assert_true(ts_store_flag(st, 1) & TS_FLAG_CENSORED);
	assert_false(ts_store_flag(st, 1) & TS_FLAGS_OUT);
	assert_int_equal(ts_store_censored(st, 1, TS_CONVICTIONS, &lo, &hi), 1);
	assert_int_equal(hi, 4);
	assert_int_equal(ts_store_censored(st, 1, TS_INVESTIGATIONS, &lo, &hi), 0);
	assert_int_equal(ts_store_censored(st, 0, TS_CONVICTIONS, &lo, &hi), 0);
	/* Narrowed: the same cell, a new range. */
	assert_int_equal(ts_store_set_censored(st, 1, TS_CONVICTIONS, 2, 3), 0);
	assert_int_equal(ts_store_ncensored(st), 1);
	assert_int_equal(ts_store_get_count(st, 1, TS_CONVICTIONS), 2);
	ts_store_read_counts_raw(st, TS_CONVICTIONS, 0, 3, out);
	ts_store_read_counts_high(st, TS_CONVICTIONS, 0, 3, out);
	assert_int_equal(out[0], 10);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 10);
	ts_store_read_counts_high(st, TS_CONVICTIONS, 1, 2, out);
	assert_int_equal(out[0], 3);
	/* Appended: part's record 2 is st's record 5. */
	assert_int_equal(ts_store_set_censored(part, 2, TS_VICTIMS, 0, 3), 0);
	assert_int_equal(ts_store_append(st, part, 0, 0), 0);
	assert_int_equal(ts_store_ncensored(part), 0);
	assert_int_equal(ts_store_ncensored(st), 2);
	assert_int_equal(ts_store_censored(st, 5, TS_VICTIMS, &lo, &hi), 1);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 3);
	ts_store_censored_at(st, 1, &rec, &c, &lo, &hi);
	assert_int_equal(rec, 5);
	assert_int_equal(c, TS_VICTIMS);
	/* A block: its sum, its cells; a cell joins one block only. */
	assert_int_equal(ts_store_censored_block_id(st, 5, TS_VICTIMS), 0);
	b = ts_store_censored_block(st, 2);
	assert_int_equal(b, 1);
	assert_int_equal(ts_store_censored_join(st, 5, TS_VICTIMS, b), 0);
	assert_int_equal(ts_store_censored_join(st, 5, TS_VICTIMS, b), -1);
	assert_int_equal(ts_store_censored_join(st, 0, TS_VICTIMS, b), -1);
	assert_int_equal(ts_store_censored_block_id(st, 5, TS_VICTIMS), b);
	assert_int_equal(ts_store_censored_block_of(st, 1, &sum), b);
	assert_int_equal(sum, 2);
	assert_int_equal(ts_store_censored_block_of(st, 0, &sum), 0);
	assert_int_equal(ts_store_censored_nblocks(st), 1);
	ts_store_free(st);
	ts_store_free(part);
}

/* Adds case record i with case id "P<k>" and leaves its check for later,
 * as the row map does (it checks a row some rows after adding it). */
static void
add_unchecked(struct ts_store *st, size_t k)
{
	struct ts_row row = { 0 };
	size_t i = ts_store_count(st);
	char id[32];
	int len = snprintf(id, sizeof id, "P%zu", k);

	row.period.precision = TS_PREC_NONE;
	assert_int_equal(ts_store_add(st, &row), 0);
	assert_int_equal(ts_store_set_case_key(st, i, 1,
	    ts_store_case_key(id, (size_t)len), 0, TS_NO_DAY), 0);
}

/* Presizing the table (ts_store_case_expect) changes no answer: not with
 * records added but not yet checked, not with an appended store's table
 * waiting to be folded in, not when the estimate is too small (the table
 * still grows) or absurd (nothing happens). */
static void
test_case_expect(void **state)
{
	struct ts_store *st = ts_store_new(), *part = ts_store_new();
	size_t i, k, first, n = 3000, m = 40000;

	(void)state;
	assert_true(st && part);
	/* Record i has id P(i % 1000): from record 1000 on, repeats. */
	for (i = 0; i < n; i++)
		add_unchecked(st, i % 1000);
	for (i = 0; i < n - 16; i++) {
		assert_int_equal(ts_store_case_first(st, i, &first), 0);
		assert_true(first == (i < 1000 ? SIZE_MAX : i % 1000));
	}
	ts_store_case_expect(st, SIZE_MAX);
	ts_store_case_expect(st, SIZE_MAX / 40);
	/* Room for fewer than will come: the table must grow again. */
	ts_store_case_expect(st, 10000);
	for (i = n - 16; i < n; i++) {
		assert_int_equal(ts_store_case_first(st, i, &first), 0);
		assert_int_equal(first, i % 1000);
	}
	/* A part read apart, appended: its table waits beside st's, and a
	 * presize counts its entries and keeps them. */
	for (i = 0; i < n; i++) {
		add_unchecked(part, 5000 + i);
		assert_int_equal(ts_store_case_first(part, i, &first), 0);
		assert_true(first == SIZE_MAX);
	}
	assert_int_equal(ts_store_case_overlap(st, part, 0, SIZE_MAX), 0);
	assert_int_equal(ts_store_append(st, part, 0, 0), 0);
	ts_store_case_expect(st, m / 4);
	for (k = 0; k < m; k++) {
		add_unchecked(st, k);
		i = ts_store_count(st) - 1;
		assert_int_equal(ts_store_case_first(st, i, &first), 0);
		if (k < 1000)
			assert_int_equal(first, k);
		else if (k >= 5000 && k < 5000 + n)
			assert_int_equal(first, n + k - 5000);
		else
			assert_true(first == SIZE_MAX);
	}
	ts_store_free(st);
	ts_store_free(part);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_records_and_late_dims),
		cmocka_unit_test(test_case_details),
		cmocka_unit_test(test_case_fingerprints_many),
		cmocka_unit_test(test_append_case_lists),
		cmocka_unit_test(test_case_texts),
		cmocka_unit_test(test_cases_loaded),
		cmocka_unit_test(test_censored_ranges),
		cmocka_unit_test(test_case_expect),
		cmocka_unit_test(test_days_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
