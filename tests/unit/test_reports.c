/* test_reports.c — display widths, escaping, relative periods, atomic output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_cell.h"
#include "ts_output.h"
#include "ts_period.h"

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(ts_cell_width("Puebla"), 6);
	assert_int_equal(ts_cell_width("Querétaro"), 9);
	assert_int_equal(ts_cell_width("Ciudad de México"), 16);
	/* e + COMBINING ACUTE ACCENT: one column. */
	assert_int_equal(ts_cell_width("Me\xcc\x81xico"), 6);
	/* 東京都: three wide characters. */
	assert_int_equal(ts_cell_width("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd"), 6);
	/* Hangul syllables and fullwidth forms are wide, a zero-width space 0. */
	assert_int_equal(ts_cell_wcwidth(0xAC00), 2);
	assert_int_equal(ts_cell_wcwidth(0xFF21), 2);
	assert_int_equal(ts_cell_wcwidth(0x200B), 0);
	assert_int_equal(ts_cell_wcwidth(0x1F600), 2);
	assert_int_equal(ts_cell_wcwidth('a'), 1);
	assert_int_equal(ts_cell_wcwidth(0x1B), 0);
	/* A stray byte that is not UTF-8 still takes a column. */
	assert_int_equal(ts_cell_width("a\xff" "b"), 3);
}

static void
expect_clean(const char *in, int keep, const char *want)
{
	char *got = ts_cell_clean(in, keep);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_clean(void **state)
{
	(void)state;
	expect_clean("Michoacán", 0, "Michoacán");
	expect_clean("a\x1b[31mred\x07", 0, "a\\x1b[31mred\\x07");
	expect_clean("del\x7f", 0, "del\\x7f");
	/* C1 controls: NEL and CSI as UTF-8. */
	expect_clean("x\xc2\x85y\xc2\x9b", 0, "x\\u0085y\\u009b");
	/* RIGHT-TO-LEFT OVERRIDE, FIRST STRONG ISOLATE, LINE SEPARATOR. */
	expect_clean("a\xe2\x80\xae" "b\xe2\x81\xa8" "c\xe2\x80\xa8", 0,
	    "a\\u202eb\\u2068c\\u2028");
	/* Bytes that are not UTF-8: an overlong slash, a lone continuation,
	 * a surrogate, a cut sequence at the end. */
	expect_clean("\xc0\xaf", 0, "\\xc0\\xaf");
	expect_clean("\x80", 0, "\\x80");
	expect_clean("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	expect_clean("ok\xe2\x80", 0, "ok\\xe2\\x80");
	expect_clean("t\tn\nr\r", 0, "t\\x09n\\x0ar\\x0d");
	expect_clean("t\tn\nr\r", 1, "t\tn\nr\r");
	expect_clean("", 0, "");
}

/* Random bytes: whatever comes in, what comes out holds no raw control
 * (C0, DEL, C1, bidi) and every byte above 0x7f is part of valid UTF-8. */
static void
test_clean_random(void **state)
{
	unsigned long seed = 20140715;
	unsigned char in[48];
	size_t i, k, n;
	char *out, *again;
	const unsigned char *p;

	(void)state;
	for (i = 0; i < 3000; i++) {
		seed = seed * 1103515245 + 12345;
		n = (seed >> 16) % sizeof in;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			in[k] = (unsigned char)((seed >> 16) & 0xff);
			if (in[k] == 0)
				in[k] = 0xc2;
		}
		in[n] = '\0';
		out = ts_cell_clean((const char *)in, 0);
		assert_non_null(out);
		for (p = (const unsigned char *)out; *p; p++) {
			assert_true(*p >= 0x20 && *p != 0x7f);
			if (p[0] == 0xc2)
				assert_false(p[1] >= 0x80 && p[1] <= 0x9f);
			if (p[0] == 0xe2 && p[1] == 0x80)
				assert_false(p[2] >= 0xa8 && p[2] <= 0xae);
		}
		/* Cleaning is idempotent (backslashes are not escaped), which
		 * also shows that the output is valid UTF-8. */
		again = ts_cell_clean(out, 0);
		assert_non_null(again);
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
}

static void
test_is_number(void **state)
{
	(void)state;
	assert_true(ts_cell_is_number("-5"));
	assert_true(ts_cell_is_number("+1.5e-3"));
	assert_true(ts_cell_is_number(".5"));
	assert_false(ts_cell_is_number("-"));
	assert_false(ts_cell_is_number("-2+3"));
	assert_false(ts_cell_is_number("=1"));
	assert_false(ts_cell_is_number("1e"));
	assert_false(ts_cell_is_number(""));
}

static void
expect_filter(const char *s, const char *today, const char *from, const char *to)
{
	struct ts_period t, f, lo, hi;
	char a[16], b[16];

	assert_int_equal(ts_period_parse(today, strlen(today), 0, &t), 0);
	assert_int_equal(ts_period_filter_parse(s, t.lo, &f), 0);
	lo = hi = f;
	lo.hi = lo.lo;
	hi.lo = hi.hi;
	lo.precision = hi.precision = TS_PREC_DAY;
	ts_period_format(&lo, a, sizeof a);
	ts_period_format(&hi, b, sizeof b);
	assert_string_equal(a, from);
	assert_string_equal(b, to);
}

static void
test_relative_periods(void **state)
{
	struct ts_period f, p;

	(void)state;
	expect_filter("last-month", "2014-07-15", "2014-06-01", "2014-06-30");
	expect_filter("last-month", "2014-01-31", "2013-12-01", "2013-12-31");
	expect_filter("last-month", "2016-03-31", "2016-02-01", "2016-02-29");
	expect_filter("last-quarter", "2014-07-15", "2014-04-01", "2014-06-30");
	expect_filter("last-quarter", "2014-02-01", "2013-10-01", "2013-12-31");
	expect_filter("last-year", "2014-07-15", "2013-01-01", "2013-12-31");
	expect_filter("this-year", "2014-07-15", "2014-01-01", "2014-12-31");
	expect_filter("this-quarter", "2014-12-31", "2014-10-01", "2014-12-31");
	expect_filter("2014-01..2014-06", "2000-01-01", "2014-01-01", "2014-06-30");
	expect_filter("2014-Q2", "2000-01-01", "2014-04-01", "2014-06-30");
	assert_int_equal(ts_period_filter_parse("last-week", 0, &f), -1);
	assert_int_equal(ts_period_filter_parse("Last-Month", 0, &f), -1);
	assert_int_equal(ts_period_filter_parse("2014-13", 0, &f), -1);
	/* The year 1 has no previous year. */
	assert_int_equal(ts_period_filter_parse("last-year", ts_days_from_civil(1, 5, 1), &f), -1);

	/* Inside: a record passes only when it lies wholly in the filter. */
	assert_int_equal(ts_period_filter_parse("2014-06", 0, &f), 0);
	assert_int_equal(ts_period_parse("2014-06-30", 10, 0, &p), 0);
	assert_true(ts_period_within(&p, &f));
	assert_int_equal(ts_period_parse("2014-Q2", 7, 0, &p), 0);
	assert_false(ts_period_within(&p, &f));
	assert_int_equal(ts_period_parse("2014-06..2014-07", 16, 0, &p), 0);
	assert_false(ts_period_within(&p, &f));
	memset(&p, 0, sizeof p);
	assert_false(ts_period_within(&p, &f));
}

/* The number of entries in dir besides . and .. */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
test_output_atomic(void **state)
{
	char dir[] = "/tmp/ts-output-XXXXXX", path[64], buf[64];
	struct ts_output out;
	struct ts_error err;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/summary.json", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("old\n", fp);
	fclose(fp);

	/* Abandoned: the old file stays, the temporary file goes. */
	memset(&err, 0, sizeof err);
	assert_int_equal(ts_output_open(&out, path, &err), 0);
	fputs("half a rep", out.fp);
	/* An unnamed temporary file (O_TMPFILE) does not show in the folder. */
	assert_int_equal(entries(dir), out.unnamed ? 1 : 2);
	ts_output_abort(&out);
	assert_int_equal(entries(dir), 1);
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "old\n");

	/* Committed: the new content, and still one file. */
	assert_int_equal(ts_output_open(&out, path, &err), 0);
	fputs("new\n", out.fp);
	assert_int_equal(ts_output_commit(&out, &err), 0);
	assert_int_equal(entries(dir), 1);
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "new\n");

	/* A folder that does not exist: an error naming the file. */
	snprintf(buf, sizeof buf, "%s/no/summary.json", dir);
	assert_int_equal(ts_output_open(&out, buf, &err), 3);
	assert_string_equal(err.file, buf);

	/* Standard output: nothing to commit. */
	assert_int_equal(ts_output_open(&out, "-", &err), 0);
	assert_ptr_equal(out.fp, stdout);
	assert_int_equal(ts_output_commit(&out, &err), 0);

	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_clean_random),
		cmocka_unit_test(test_is_number),
		cmocka_unit_test(test_relative_periods),
		cmocka_unit_test(test_output_atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
