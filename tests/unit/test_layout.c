/* test_layout.c — long and wide tables into records (src/input/layout.c):
 * combined records keep their first line, nothing is lost, and a table
 * that two threads could split is read in one pass with the same result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_input.h"
#include "ts_store.h"

struct loaded {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int rc;
};

static void
load(struct loaded *l, const char *text, size_t len, int threads,
    const char *measure)
{
	struct ts_load_options opt;

	memset(&opt, 0, sizeof opt);
	opt.threads = threads;
	opt.split_min = 16;     /* small enough that two threads would split */
	if (measure) {
		opt.layout.measures[0] = measure;
		opt.layout.nmeasures = 1;
	}
	memset(l, 0, sizeof *l);
	l->st = ts_store_new();
	assert_non_null(l->st);
	l->rc = ts_input_load_mem(l->st, "t.csv", text, len, &opt, &l->diags, &l->err);
}

static void
unload(struct loaded *l)
{
	ts_store_free(l->st);
	ts_diags_free(&l->diags);
}

/* A long table whose keys come back after many other rows. */
static char *
long_table(size_t keys, size_t *len)
{
	size_t cap = 64 + keys * 80, n, k;
	char *s = malloc(cap);

	assert_non_null(s);
	n = (size_t)snprintf(s, cap, "state,year,indicator,value\n");
	for (k = 0; k < keys; k++)
		n += (size_t)snprintf(s + n, cap - n, "S%zu,2020,Persons prosecuted,%zu\n",
		    k, k + 10);
	for (k = 0; k < keys; k++)
		n += (size_t)snprintf(s + n, cap - n, "S%zu,2020,Persons convicted,%zu\n",
		    k, k + 1);
	*len = n;
	return s;
}

static void
test_long_combines(void **state)
{
	struct loaded a, b;
	size_t len, i, keys = 5000;
	char *text = long_table(keys, &len);
	const struct ts_input_info *in;

	(void)state;
	load(&a, text, len, 1, NULL);
	load(&b, text, len, 2, NULL);
	assert_int_equal(a.rc, TS_OK);
	assert_int_equal(b.rc, TS_OK);
	assert_int_equal(ts_store_count(a.st), keys);
	assert_int_equal(ts_store_count(b.st), keys);
	in = ts_store_input_info_c(b.st, 0);
	assert_int_equal(in->layout.kind, TS_LAYOUT_LONG);
	assert_int_equal(in->threads, 1);
	assert_int_equal(in->rows, 2 * keys);
	for (i = 0; i < keys; i++) {
		/* Line 1 is the header; key i's first row is line i + 2. */
		assert_int_equal(ts_store_line(a.st, i), i + 2);
		assert_int_equal(ts_store_line(b.st, i), i + 2);
		assert_int_equal(ts_store_get_count(a.st, i, TS_PROSECUTIONS), (int64_t)i + 10);
		assert_int_equal(ts_store_get_count(a.st, i, TS_CONVICTIONS), (int64_t)i + 1);
		assert_int_equal(ts_store_get_count(b.st, i, TS_CONVICTIONS), (int64_t)i + 1);
	}
	unload(&a);
	unload(&b);
	free(text);
}

static void
test_wide_unpivots(void **state)
{
	static const char text[] =
	    "Entidad,2012,2013,2014\n"
	    "A,1,,3\n"
	    "B,4,5,6\n";
	struct loaded l;
	struct ts_period p;

	(void)state;
	load(&l, text, sizeof text - 1, 2, "convictions");
	assert_int_equal(l.rc, TS_OK);
	assert_int_equal(ts_store_count(l.st), 5);
	/* Row A gives 2012 and 2014 on its line; row B three records. */
	assert_int_equal(ts_store_line(l.st, 1), 2);
	p = ts_store_period(l.st, 1);
	assert_int_equal(p.precision, TS_PREC_YEAR);
	assert_int_equal(p.lo, ts_days_from_civil(2014, 1, 1));
	assert_int_equal(ts_store_get_count(l.st, 1, TS_CONVICTIONS), 3);
	assert_int_equal(ts_store_line(l.st, 4), 3);
	assert_int_equal(ts_store_get_count(l.st, 4, TS_CONVICTIONS), 6);
	assert_int_equal(ts_store_get_count(l.st, 4, TS_INVESTIGATIONS), TS_MISSING);
	unload(&l);
}

static void
test_plain_unchanged(void **state)
{
	static const char text[] = "jurisdiction,year,convictions,Value\nA,2012,3,x\n";
	struct loaded l;

	(void)state;
	/* A count column of its own: one record a row, Value a dimension. */
	load(&l, text, sizeof text - 1, 1, NULL);
	assert_int_equal(l.rc, TS_OK);
	assert_int_equal(ts_store_count(l.st), 1);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->layout.kind, TS_LAYOUT_PLAIN);
	assert_true(ts_store_find_dim(l.st, "Value") >= 0);
	unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_combines),
		cmocka_unit_test(test_wide_unpivots),
		cmocka_unit_test(test_plain_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
