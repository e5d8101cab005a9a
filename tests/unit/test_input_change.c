/* test_input_change.c — a file that changes while it is read (an export
 * still being written) is an error, never a cut last row counted
 * silently (ts_input_load, docs/security.md "Inputs that change"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_input.h"

struct writer {
	const char *path;
	const char *rest;       /* what the "exporter" appends mid-read */
	int calls;
};

/* The progress callback stands in for the program still writing the
 * file: its last call comes while the reader still holds the file, after
 * the bytes it had at open were parsed. */
static void
append_rest(void *arg, const struct ts_progress *p)
{
	struct writer *w = arg;
	FILE *fp;

	if (!p->done || w->calls++)
		return;
	fp = fopen(w->path, "a");
	assert_non_null(fp);
	fputs(w->rest, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
load_while_written(const char *text, const char *rest, const char *format,
    int threads, struct ts_error *err)
{
	char path[64];
	struct ts_load_options opt;
	struct ts_store *st = ts_store_new();
	struct ts_diags diags = { 0 };
	struct writer w;
	FILE *fp;
	int fd, rc;

	assert_non_null(st);
	snprintf(path, sizeof path, "/tmp/ts-change-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	memset(&opt, 0, sizeof opt);
	memset(err, 0, sizeof *err);
	w.path = path;
	w.rest = rest;
	w.calls = 0;
	opt.progress = append_rest;
	opt.progress_arg = &w;
	opt.threads = threads;
	opt.split_min = 16;
	assert_int_equal(ts_input_parse_format(format, &opt.format), 0);
	rc = ts_input_load(st, path, &opt, &diags, err);
	assert_int_equal(w.calls, 1);
	unlink(path);
	ts_store_free(st);
	ts_diags_free(&diags);
	return rc;
}

/* "2014,A,1,1000" caught as "2014,A,1,10": exit 3 with a message, by
 * format detection and with --input-format csv, on one and two threads. */
static void
test_cut_csv_row(void **state)
{
	static const char *const formats[] = { "auto", "csv" };
	const char text[] = "year,jurisdiction,prosecutions,convictions\n"
	    "2013,A,1,500\n2014,A,1,10";
	struct ts_error err;
	size_t i;
	int threads;

	(void)state;
	for (i = 0; i < 2; i++) {
		for (threads = 1; threads <= 2; threads++) {
			assert_int_equal(load_while_written(text, "00\n", formats[i],
			    threads, &err), 3);
			assert_non_null(strstr(err.message, "changed while it was read"));
			assert_non_null(strstr(err.file, "/tmp/ts-change-"));
		}
	}
}

/* A file left alone reads as before. */
static void
test_unchanged_file(void **state)
{
	const char text[] = "year,jurisdiction,prosecutions,convictions\n"
	    "2014,A,1,1000\n";
	struct ts_error err;

	(void)state;
	assert_int_equal(load_while_written(text, "", "auto", 1, &err), 0);
	assert_int_equal(err.code, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_csv_row),
		cmocka_unit_test(test_unchanged_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
