/* test_rowmap_hostile.c — the row map under shapes hostile input takes:
 * many columns, columns declared inside a record, empty and NUL headers,
 * NUL bytes in values (JSON can spell them \u0000). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_rowmap.h"

struct fixture {
	struct ts_store *st;
	struct ts_rowmap *m;
	struct ts_diags diags;
	struct ts_error err;
	struct ts_load_options opt;
};

static void
open_map(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	f->st = ts_store_new();
	assert_non_null(f->st);
	assert_int_equal(ts_store_add_input(f->st, "t.csv"), 0);
	f->m = ts_rowmap_new(f->st, 0, &f->opt, &f->diags);
	assert_non_null(f->m);
}

static void
close_map(struct fixture *f)
{
	ts_rowmap_free(f->m);
	ts_store_free(f->st);
	ts_diags_free(&f->diags);
}

static long
column(struct fixture *f, const char *name)
{
	return ts_rowmap_column(f->m, name, strlen(name), 1, &f->err);
}

static void
cell(struct fixture *f, long col, const char *s)
{
	ts_rowmap_cell(f->m, (size_t)col, s, strlen(s));
}

static const char *
dim_value(struct fixture *f, size_t rec, const char *dim)
{
	int d = ts_store_find_dim(f->st, dim);

	assert_true(d >= 0);
	return ts_store_string(f->st, ts_store_dim_id(f->st, rec, (size_t)d));
}

static void
test_many_columns(void **state)
{
	struct fixture f;
	char name[32];
	long i, n = 50000;

	(void)state;
	open_map(&f);
	assert_int_equal(column(&f, "investigations"), 0);
	for (i = 1; i < n; i++) {
		snprintf(name, sizeof name, "c%ld", i);
		assert_int_equal(column(&f, name), i);
	}
	/* Found again by name, not added twice. */
	assert_int_equal(column(&f, "c777"), 777);
	assert_int_equal(ts_rowmap_ncolumns(f.m), (size_t)n);
	/* Only the first plain columns become dimensions (memory stays
	 * bounded); the rest are read and left out with a warning. */
	assert_true(ts_store_find_dim(f.st, "c1000") >= 0);
	assert_int_equal(ts_store_find_dim(f.st, "c49999"), -1);
	assert_int_equal(ts_rowmap_columns_done(f.m, 1, &f.err), 0);
	assert_int_equal(ts_diags_count(&f.diags, TS_DIAG_WARNING), 1);

	/* Values set in one record do not leak into the next. */
	ts_rowmap_begin(f.m, 2);
	cell(&f, 0, "5");
	cell(&f, 123, "x");
	assert_int_equal(ts_rowmap_end(f.m), 0);
	ts_rowmap_begin(f.m, 3);
	cell(&f, 0, "6");
	cell(&f, 124, "y");
	assert_int_equal(ts_rowmap_end(f.m), 0);
	assert_string_equal(dim_value(&f, 0, "c123"), "x");
	assert_string_equal(dim_value(&f, 1, "c123"), "");
	assert_string_equal(dim_value(&f, 1, "c124"), "y");
	close_map(&f);
}

static void
test_column_inside_record(void **state)
{
	/* Readers of objects (JSON) meet new keys as they go. */
	struct fixture f;
	long inv, agency;

	(void)state;
	open_map(&f);
	inv = column(&f, "investigations");
	assert_int_equal(ts_rowmap_columns_done(f.m, 1, &f.err), 0);
	ts_rowmap_begin(f.m, 2);
	cell(&f, inv, "3");
	agency = column(&f, "agency");
	assert_true(agency > 0);
	cell(&f, agency, "FGR");
	assert_int_equal(ts_rowmap_end(f.m), 0);
	ts_rowmap_begin(f.m, 3);
	cell(&f, inv, "4");
	assert_int_equal(ts_rowmap_end(f.m), 0);
	assert_int_equal(ts_store_count(f.st), 2);
	assert_string_equal(dim_value(&f, 0, "agency"), "FGR");
	assert_string_equal(dim_value(&f, 1, "agency"), "");
	close_map(&f);
}

static void
test_empty_and_nul_headers(void **state)
{
	struct fixture f;

	(void)state;
	open_map(&f);
	assert_int_equal(column(&f, "investigations"), 0);
	/* Several empty headers are several columns. */
	assert_int_equal(ts_rowmap_column(f.m, "", 0, 1, &f.err), 1);
	assert_int_equal(ts_rowmap_column(f.m, "", 0, 1, &f.err), 2);
	assert_true(ts_store_find_dim(f.st, "column 3") >= 0);
	/* A NUL inside a header is refused. */
	assert_int_equal(ts_rowmap_column(f.m, "a\0b", 3, 1, &f.err), -1);
	assert_int_equal(f.err.code, TS_EIO);
	assert_non_null(strstr(f.err.message, "NUL"));
	close_map(&f);
}

static void
test_nul_in_value(void **state)
{
	struct fixture f;
	long inv, jur;

	(void)state;
	open_map(&f);
	inv = column(&f, "investigations");
	jur = column(&f, "jurisdiction");
	assert_int_equal(ts_rowmap_columns_done(f.m, 1, &f.err), 0);
	ts_rowmap_begin(f.m, 2);
	cell(&f, inv, "3");
	ts_rowmap_cell(f.m, (size_t)jur, "Mi\0x", 4);
	assert_int_equal(ts_rowmap_end(f.m), 0);
	assert_int_equal(ts_store_count(f.st), 0);
	assert_int_equal(ts_store_input_info(f.st, 0)->rejected, 1);
	assert_int_equal(f.diags.count, 1);
	assert_string_equal(f.diags.items[0].message,
	    "column \"jurisdiction\": \"Mi\\x00x\" has a NUL byte");
	close_map(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_columns),
		cmocka_unit_test(test_column_inside_record),
		cmocka_unit_test(test_empty_and_nul_headers),
		cmocka_unit_test(test_nul_in_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
