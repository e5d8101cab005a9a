/* test_load.c — the CSV loader: mapping, counts, rejects and their lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_input.h"

/* Writes text to a fresh temporary file and returns its path (static). */
static const char *
temp_csv(const char *text, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/ts-load-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

struct loaded {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int rc;
};

static void
load_text(struct loaded *l, const char *text, size_t len)
{
	struct ts_load_options opt = { 0 };
	const char *path = temp_csv(text, len);

	memset(l, 0, sizeof *l);
	l->st = ts_store_new();
	assert_non_null(l->st);
	l->rc = ts_input_load(l->st, path, &opt, &l->diags, &l->err);
	unlink(path);
}

static void
unload(struct loaded *l)
{
	ts_store_free(l->st);
	ts_diags_free(&l->diags);
}

static void
test_counts_table(void **state)
{
	static const char text[] =
	    "Year,Jurisdiction,Investigations,Convictions,source\n"
	    "2013,Puebla,\"1,234\",19,a\n"
	    "2014,Jalisco,229,NA,b\n";
	struct loaded l;
	int dim;

	(void)state;
	load_text(&l, text, sizeof text - 1);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_count(l.st), 2);
	assert_int_equal(ts_store_get_count(l.st, 0, TS_INVESTIGATIONS), 1234);
	assert_true(ts_store_get_count(l.st, 1, TS_CONVICTIONS) == TS_MISSING);
	assert_true(ts_store_get_count(l.st, 0, TS_PROSECUTIONS) == TS_MISSING);
	dim = ts_store_find_dim(l.st, "jurisdiction");
	assert_true(dim >= 0);
	assert_string_equal(ts_store_string(l.st, ts_store_dim_id(l.st, 1, (size_t)dim)), "Jalisco");
	assert_string_equal(ts_store_string(l.st, ts_store_source(l.st, 1)), "b");
	assert_int_equal(ts_store_period(l.st, 0).precision, TS_PREC_YEAR);
	assert_int_equal(ts_store_line(l.st, 1), 3);
	assert_int_equal(l.diags.count, 0);
	unload(&l);
}

static void
test_reject_lines_after_multiline_field(void **state)
{
	/* Line 2 holds a quoted field over two lines; the bad count is on the
	 * record that starts at physical line 4, after a blank line 5. */
	static const char text[] =
	    "year,jurisdiction,investigations,convictions\r\n"
	    "2014,\"Ciudad de\r\nMéxico\",10,1\r\n"
	    "2014,Puebla,20,abc\r\n"
	    "\r\n"
	    "2015,Puebla,5,6,7\r\n"
	    "2016,Puebla,5,1";
	struct loaded l;
	const struct ts_input_info *in;

	(void)state;
	load_text(&l, text, sizeof text - 1);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_count(l.st), 2);
	assert_int_equal(l.diags.count, 2);
	assert_int_equal(l.diags.items[0].line, 4);
	assert_string_equal(l.diags.items[0].message,
	    "field 'convictions': \"abc\" is not a count");
	assert_int_equal(l.diags.items[1].line, 6);
	assert_int_equal(ts_store_line(l.st, 1), 7);   /* no final newline */
	in = ts_store_input_info_c(l.st, 0);
	assert_int_equal(in->rows, 4);
	assert_int_equal(in->rejected, 2);
	unload(&l);
}

static void
test_whole_file_faults(void **state)
{
	struct loaded l;
	static const char dup[] = "convictions,Condenas\n1,2\n";
	static const char nocount[] = "year,jurisdiction\n2014,Puebla\n";
	static const char unterminated[] = "year,convictions\n2014,\"12\n";

	(void)state;
	load_text(&l, "", 0);
	assert_int_equal(l.rc, TS_EIO);
	assert_non_null(strstr(l.err.message, "empty"));
	unload(&l);
	load_text(&l, dup, sizeof dup - 1);
	assert_int_equal(l.rc, TS_EIO);
	assert_non_null(strstr(l.err.message, "both give field 'convictions'"));
	unload(&l);
	load_text(&l, nocount, sizeof nocount - 1);
	assert_int_equal(l.rc, TS_EIO);
	unload(&l);
	load_text(&l, unterminated, sizeof unterminated - 1);
	assert_int_equal(l.rc, TS_EIO);
	assert_int_equal(l.err.line, 2);
	unload(&l);
}

static void
test_load_from_memory(void **state)
{
	static const char text[] = "year,investigations,convictions\n2014,229,19\n";
	struct ts_load_options opt = { 0 };
	struct ts_store *st = ts_store_new();
	struct ts_diags diags = { 0 };
	struct ts_error err = { 0 };

	(void)state;
	assert_int_equal(ts_input_load_mem(st, "mem", text, sizeof text - 1, &opt,
	    &diags, &err), 0);
	assert_int_equal(ts_store_count(st), 1);
	assert_int_equal(ts_store_get_count(st, 0, TS_CONVICTIONS), 19);
	assert_string_equal(ts_store_input_info_c(st, 0)->path, "mem");
	ts_store_free(st);
	ts_diags_free(&diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_table),
		cmocka_unit_test(test_reject_lines_after_multiline_field),
		cmocka_unit_test(test_whole_file_faults),
		cmocka_unit_test(test_load_from_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
