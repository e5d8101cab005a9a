/* test_labels_hash.c — label folding when the labels' hashes collide.
 *
 * src/passes/labels.c compares the folded texts only of the spellings
 * whose 64-bit hash another spelling shares.  Real collisions are too
 * rare to meet in a test, so this file builds labels.c with its hash cut
 * to two bits (TS_LABELS_HASH_MASK): nearly every spelling then shares a
 * hash with others, and only the text comparison may tell them apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TS_LABELS_HASH_MASK 0x3ULL
#include "../../src/passes/labels.c"

#include "ts_input.h"

/* The store of one CSV text, and the index of its column dim_name. */
static struct ts_store *
load(const char *text, const char *dim_name, struct ts_diags *diags, size_t *dim)
{
	struct ts_load_options lopt = { 0 };
	struct ts_error err = { 0 };
	struct ts_store *st = ts_store_new();
	int d;

	assert_non_null(st);
	assert_int_equal(ts_input_load_mem(st, "a.csv", text, strlen(text), &lopt,
	    diags, &err), 0);
	d = ts_store_find_dim(st, dim_name);
	assert_true(d >= 0);
	*dim = (size_t)d;
	return st;
}

static const char *
label_at(const struct ts_store *st, size_t i, size_t dim)
{
	return ts_store_string(st, ts_store_dim_id(st, i, dim));
}

static void
test_collisions_do_not_merge(void **state)
{
	static const char text[] =
	    "year,jurisdiction,investigations\n"
	    "2014,Chiapas,1\n"          /* 0 */
	    "2014,Puebla,2\n"           /* 1 */
	    "2014,CHIAPAS,3\n"          /* 2 */
	    "2014,Oaxaca,4\n"           /* 3 */
	    "2014,Sonora,5\n"           /* 4 */
	    "2014,oaxaca.,6\n"          /* 5 */
	    "2014,Yucatán,7\n"          /* 6 */
	    "2014,YUCATAN,8\n"          /* 7 */
	    "2014,YUCATAN,9\n"          /* 8 */
	    "2014,Tabasco,10\n"         /* 9 */
	    "2014,Colima,11\n";         /* 10 */
	struct ts_diags diags = { 0 };
	struct ts_store *st;
	uint8_t keydim[8] = { 0 };
	size_t dim, i;

	(void)state;
	st = load(text, "jurisdiction", &diags, &dim);
	assert_true(dim < sizeof keydim);
	keydim[dim] = 1;
	assert_int_equal(ts_passes_fold_labels(st, keydim, NULL, &diags), 0);
	/* Three groups merged, one warning each; the others kept apart
	 * though their cut hashes are the same. */
	assert_int_equal(ts_diags_count(&diags, TS_DIAG_WARNING), 3);
	assert_string_equal(label_at(st, 0, dim), "Chiapas");
	assert_string_equal(label_at(st, 2, dim), "Chiapas");
	assert_string_equal(label_at(st, 3, dim), "Oaxaca");
	assert_string_equal(label_at(st, 5, dim), "Oaxaca");
	/* The most frequent spelling is shown. */
	assert_string_equal(label_at(st, 6, dim), "YUCATAN");
	assert_string_equal(label_at(st, 8, dim), "YUCATAN");
	assert_string_equal(label_at(st, 1, dim), "Puebla");
	assert_string_equal(label_at(st, 4, dim), "Sonora");
	assert_string_equal(label_at(st, 9, dim), "Tabasco");
	assert_string_equal(label_at(st, 10, dim), "Colima");
	for (i = 0; i < diags.count; i++)
		assert_non_null(strstr(diags.items[i].message, "spellings of one label"));
	ts_store_free(st);
	ts_diags_free(&diags);
}

static void
test_mark_shared(void **state)
{
	/* Hashes spread over all their bits, as label_hash() gives. */
	static const uint64_t small[] = { 5, 7, 5, 9, 7, 7, 1 };
	static const uint8_t want[] = { 1, 1, 1, 0, 1, 1, 0 };
	size_t n = 300000, k;
	uint64_t *h = malloc(n * sizeof *h), few[7];
	uint8_t got[7], *shared = malloc(n);

	(void)state;
	assert_non_null(h);
	assert_non_null(shared);
	for (k = 0; k < 7; k++)
		few[k] = small[k] * 0x9E3779B97F4A7C15ULL;
	assert_int_equal(mark_shared(few, 7, got), 0);
	assert_memory_equal(got, want, 7);
	assert_int_equal(mark_shared(few, 0, got), 0);
	/* Hashes that differ only in their lowest bits, which a bucket's
	 * entry does not keep: marked, so their texts are compared. */
	few[0] = 0x8000000000000000ULL;
	few[1] = 0x8000000000000001ULL;
	few[2] = 0x4000000000000000ULL;
	assert_int_equal(mark_shared(few, 3, got), 0);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 0);
	/* Many buckets: distinct hashes spread over all of them, and two
	 * pairs that meet in one far apart in the list. */
	for (k = 0; k < n; k++)
		h[k] = (uint64_t)(k + 1) * 0x9E3779B97F4A7C15ULL;
	h[299999] = h[3];
	h[150000] = h[149999];
	assert_int_equal(mark_shared(h, n, shared), 0);
	for (k = 0; k < n; k++)
		assert_int_equal(shared[k], k == 3 || k == 299999 || k == 149999 ||
		    k == 150000);
	free(h);
	free(shared);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collisions_do_not_merge),
		cmocka_unit_test(test_mark_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
