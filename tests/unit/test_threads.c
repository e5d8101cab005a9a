/* test_threads.c — one thread or two: the same records, diagnostics and
 * errors, wherever the split point falls (inside quoted newlines, on CRLF,
 * near bad rows, before a malformed tail). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_input.h"

struct loaded {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int rc;
};

static void
load_with(struct loaded *l, const char *text, size_t len, int threads)
{
	struct ts_load_options opt;

	memset(&opt, 0, sizeof opt);
	opt.threads = threads;
	opt.split_min = 1;      /* split even the smallest input */
	opt.encoding = "UTF-8"; /* settled at once: auto waits for 64 KiB */
	opt.split_case_ids = 1;
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

static void
assert_same_period(struct ts_period a, struct ts_period b)
{
	assert_int_equal(a.lo, b.lo);
	assert_int_equal(a.hi, b.hi);
	assert_int_equal(a.precision, b.precision);
}

/* Everything a report could see must match. */
static void
assert_same(const struct loaded *a, const struct loaded *b)
{
	size_t i, d, c, n = ts_store_count(a->st);

	assert_int_equal(a->rc, b->rc);
	assert_int_equal(a->err.code, b->err.code);
	assert_int_equal(a->err.line, b->err.line);
	assert_string_equal(a->err.message, b->err.message);
	assert_int_equal(n, ts_store_count(b->st));
	assert_int_equal(ts_store_ndims(a->st), ts_store_ndims(b->st));
	assert_int_equal(ts_store_nstrings(a->st), ts_store_nstrings(b->st));
	for (i = 0; i < ts_store_nstrings(a->st); i++)
		assert_string_equal(ts_store_string(a->st, (uint32_t)i),
		    ts_store_string(b->st, (uint32_t)i));
	for (i = 0; i < n; i++) {
		assert_same_period(ts_store_period(a->st, i), ts_store_period(b->st, i));
		for (c = 0; c < TS_NCOUNTS; c++)
			assert_true(ts_store_get_count(a->st, i, (enum ts_count)c) ==
			    ts_store_get_count(b->st, i, (enum ts_count)c));
		for (d = 0; d < ts_store_ndims(a->st); d++)
			assert_int_equal(ts_store_dim_id(a->st, i, d), ts_store_dim_id(b->st, i, d));
		assert_int_equal(ts_store_source(a->st, i), ts_store_source(b->st, i));
		assert_int_equal(ts_store_input(a->st, i), ts_store_input(b->st, i));
		assert_int_equal(ts_store_line(a->st, i), ts_store_line(b->st, i));
	}
	assert_int_equal(a->diags.count, b->diags.count);
	for (i = 0; i < a->diags.count; i++) {
		assert_int_equal(a->diags.items[i].kind, b->diags.items[i].kind);
		assert_int_equal(a->diags.items[i].line, b->diags.items[i].line);
		assert_int_equal(a->diags.items[i].input, b->diags.items[i].input);
		assert_string_equal(a->diags.items[i].message, b->diags.items[i].message);
	}
	assert_int_equal(ts_store_input_info_c(a->st, 0)->rows,
	    ts_store_input_info_c(b->st, 0)->rows);
	assert_int_equal(ts_store_input_info_c(a->st, 0)->rejected,
	    ts_store_input_info_c(b->st, 0)->rejected);
}

/* Loads text with 1 and 2 threads, checks they agree, and returns how many
 * threads the two-thread load used. */
static unsigned
check_text(const char *text, size_t len)
{
	struct loaded one, two;
	unsigned used;

	load_with(&one, text, len, 1);
	load_with(&two, text, len, 2);
	assert_int_equal(ts_store_input_info_c(one.st, 0)->threads, 1);
	assert_same(&one, &two);
	used = ts_store_input_info_c(two.st, 0)->threads;
	unload(&one);
	unload(&two);
	return used;
}

/* Runs check_text on head + a pad of k bytes + tail for every k up to
 * max_pad, which moves the middle of the input across every byte of the
 * tail's first rows.  Returns how many of them were split. */
static unsigned
sweep(const char *head, const char *tail, size_t max_pad)
{
	size_t k, hl = strlen(head), tl = strlen(tail);
	char *buf = malloc(hl + max_pad + tl + 1);
	unsigned split = 0;

	assert_non_null(buf);
	for (k = 0; k <= max_pad; k++) {
		memcpy(buf, head, hl);
		memset(buf + hl, 'x', k);
		memcpy(buf + hl + k, tail, tl);
		split += check_text(buf, hl + k + tl) == 2;
	}
	free(buf);
	return split;
}

static void
test_quoted_newlines_across_the_middle(void **state)
{
	/* A long quoted source with newlines in it (LF and CRLF) holds the
	 * middle for some pads; the parts must then fall back, or split
	 * after it with the right line numbers. */
	unsigned split;

	(void)state;
	split = sweep("year,jurisdiction,investigations,convictions,source\n2014,A,10,1,",
	    "\n2014,B,20,2,\"one\ntwo\r\nthree\nfour, with a comma\"\n"
	    "2015,C,30,abc,\"x\"\"y\"\n"
	    "2015,\"D\nE\",40,4,z\n"
	    "2016,F,50,5\n"
	    "2016,G,60,6,w\n", 90);
	/* Some pads put the middle outside every quote, some inside. */
	assert_true(split > 0);
	assert_true(split < 91);
}

static void
test_crlf_blank_lines_and_bad_rows(void **state)
{
	unsigned split;

	(void)state;
	split = sweep("\xEF\xBB\xBFYear,Jurisdiction,Investigations,Convictions\r\n2013,P,1,",
	    "\r\n\r\n2013,Q,2,1\r\n2014,R,-3,1\r\n2014,S,4\r\n\r\n"
	    "2014,T,5,9999999999999999999999\r\n2015,U,6,2\r\n2015,V,7,3", 60);
	assert_true(split > 0);
}

static void
test_malformed_tail(void **state)
{
	/* An unterminated quote, or a quote inside a field, in the second
	 * half: that half gives up and the first reads on alone, so the error
	 * names the same line either way and the rows before it are kept
	 * alike. */
	unsigned split;

	(void)state;
	split = sweep("year,jurisdiction,investigations,convictions\n2014,A,1,",
	    "\n2014,B,2,1\n2014,C,3,1\n2015,\"D,4,1\n2015,E,5,1\n", 40);
	assert_int_equal(split, 0);
	split = sweep("year,jurisdiction,investigations,convictions\n2014,A,1,",
	    "\n2014,B,2,1\n2014,C,3,1\n2015,D\"x,4,1\n2015,E,5,1\n", 40);
	assert_int_equal(split, 0);
}

static void
test_more_strings_and_dims_in_second_half(void **state)
{
	/* Strings first seen in the second half get the ids one pass would
	 * give them; an unnamed extra column becomes a dimension in both. */
	char *text;
	size_t i, len = 0, cap = 1 << 16;
	unsigned used;

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len,
	    "year,jurisdiction,agency,investigations,convictions,\n");
	for (i = 0; i < 400; i++)
		len += (size_t)snprintf(text + len, cap - len, "%zu,J%zu,\"A, %zu\",%zu,%zu,e%zu\n",
		    2000 + i % 20, i % 37, i / 3, 300 + i, i % 7, i % 5);
	used = check_text(text, len);
	assert_int_equal(used, 2);
	free(text);
}

static void
test_case_list_duplicates_across_halves(void **state)
{
	/* Case ids that repeat within each half and across the split, closed
	 * dates before the opening, rejects: the warnings come out in the
	 * same order, naming the same first cases. */
	char *text;
	size_t i, len = 0, cap = 1 << 16;
	unsigned used;

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len,
	    "case_id,opened,jurisdiction,outcome,closed\n");
	for (i = 0; i < 300; i++)
		len += (size_t)snprintf(text + len, cap - len, "C%zu,2014-%02zu-10,J%zu,%s,%s\n",
		    i % 7 == 0 ? i % 50 : i, 1 + i % 12, i % 3,
		    i % 11 == 0 ? "lost" : i % 2 ? "convicted" : "open",
		    i % 13 == 0 ? "2013-01-01" : "");
	used = check_text(text, len);
	assert_int_equal(used, 2);
	free(text);
}

static void
test_case_ids_not_split_by_default(void **state)
{
	static const char text[] =
	    "case_id,opened,outcome\nA,2014-01-01,open\nB,2014-01-02,convicted\n"
	    "A,2014-01-03,open\nC,2014-01-04,open\n";
	struct ts_load_options opt;
	struct loaded l;

	(void)state;
	memset(&opt, 0, sizeof opt);
	opt.threads = 2;
	opt.split_min = 1;
	opt.encoding = "UTF-8";
	memset(&l, 0, sizeof l);
	l.st = ts_store_new();
	assert_non_null(l.st);
	l.rc = ts_input_load_mem(l.st, "t.csv", text, sizeof text - 1, &opt, &l.diags, &l.err);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->threads, 1);
	assert_int_equal(ts_store_count(l.st), 4);
	assert_int_equal(l.diags.count, 1);
	unload(&l);
}

static void
test_small_inputs(void **state)
{
	static const char *const texts[] = {
		"", "\n", "a", "year\n", "year,convictions\n",
		"year,convictions\n2014,1", "year,convictions\n2014,1\n",
		"\"year\nx\",convictions\n2014,1\n2015,2\n",
		"year,convictions\n\"2014\n\",1\n2015,2\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		check_text(texts[i], strlen(texts[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_newlines_across_the_middle),
		cmocka_unit_test(test_crlf_blank_lines_and_bad_rows),
		cmocka_unit_test(test_malformed_tail),
		cmocka_unit_test(test_more_strings_and_dims_in_second_half),
		cmocka_unit_test(test_case_list_duplicates_across_halves),
		cmocka_unit_test(test_case_ids_not_split_by_default),
		cmocka_unit_test(test_small_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
