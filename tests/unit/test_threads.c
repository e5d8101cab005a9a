/* test_threads.c — one thread or two: the same records, diagnostics and
 * errors, wherever the split point falls (inside quoted newlines, on CRLF,
 * near bad rows, before a malformed tail). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_input.h"

/* The extension of the inputs' names, which picks their reader. */
static const char *ext = "csv";

struct loaded {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int rc;
};

/* Reads texts[0..n) as the inputs t.csv, t1.csv, ... of one store, each
 * with `threads` threads, until one fails. */
static void
load_files(struct loaded *l, const char *const *texts, const size_t *lens,
    size_t n, int threads)
{
	struct ts_load_options opt;
	char name[32];
	size_t i;

	memset(&opt, 0, sizeof opt);
	opt.threads = threads;
	opt.split_min = 1;      /* split even the smallest input */
	opt.encoding = "UTF-8"; /* settled at once: auto waits for 64 KiB */
	memset(l, 0, sizeof *l);
	l->st = ts_store_new();
	assert_non_null(l->st);
	for (i = 0; i < n && l->rc == 0; i++) {
		if (i)
			snprintf(name, sizeof name, "t%zu.%s", i, ext);
		else
			snprintf(name, sizeof name, "t.%s", ext);
		l->rc = ts_input_load_mem(l->st, name, texts[i], lens[i], &opt,
		    &l->diags, &l->err);
	}
}

static void
load_with(struct loaded *l, const char *text, size_t len, int threads)
{
	load_files(l, &text, &len, 1, threads);
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
		assert_int_equal(ts_store_outcome(a->st, i), ts_store_outcome(b->st, i));
		assert_true(ts_store_case_fp(a->st, i) == ts_store_case_fp(b->st, i));
		assert_int_equal(ts_store_closed(a->st, i), ts_store_closed(b->st, i));
		assert_int_equal(ts_store_flag(a->st, i), ts_store_flag(b->st, i));
	}
	assert_int_equal(a->diags.count, b->diags.count);
	for (i = 0; i < a->diags.count; i++) {
		assert_int_equal(a->diags.items[i].kind, b->diags.items[i].kind);
		assert_int_equal(a->diags.items[i].line, b->diags.items[i].line);
		assert_int_equal(a->diags.items[i].input, b->diags.items[i].input);
		assert_string_equal(a->diags.items[i].message, b->diags.items[i].message);
	}
	assert_int_equal(ts_store_ninputs(a->st), ts_store_ninputs(b->st));
	for (i = 0; i < ts_store_ninputs(a->st); i++) {
		assert_int_equal(ts_store_input_info_c(a->st, i)->rows,
		    ts_store_input_info_c(b->st, i)->rows);
		assert_int_equal(ts_store_input_info_c(a->st, i)->rejected,
		    ts_store_input_info_c(b->st, i)->rejected);
		/* The layout decisions too: notes, marks, cells rejected. */
		assert_memory_equal(&ts_store_input_info_c(a->st, i)->layout,
		    &ts_store_input_info_c(b->st, i)->layout, sizeof(struct ts_input_layout));
	}
}

/* Checks that a one-thread load and a two-thread one agree, frees them,
 * and returns how many threads the two-thread load used. */
static unsigned
agree(struct loaded *one, struct loaded *two)
{
	unsigned used;

	assert_int_equal(ts_store_input_info_c(one->st, 0)->threads, 1);
	assert_same(one, two);
	used = ts_store_input_info_c(two->st, 0)->threads;
	unload(one);
	unload(two);
	return used;
}

/* Loads text with 1 and 2 threads, checks they agree, and returns how many
 * threads the two-thread load used. */
static unsigned
check_text(const char *text, size_t len)
{
	struct loaded one, two;

	load_with(&one, text, len, 1);
	load_with(&two, text, len, 2);
	return agree(&one, &two);
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
test_period_totals_in_second_half(void **state)
{
	/* "Total" under the years marks a row for the totals pass; in the
	 * second half as in the first (it was lost in the merge, and the
	 * total was counted besides its rows). */
	char *text;
	size_t i, len = 0, cap = 1 << 15;
	struct loaded two;

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "year,jurisdiction,investigations\n");
	for (i = 0; i < 200; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s,J%zu,%zu\n",
		    i % 50 == 49 ? "Total" : i % 2 ? "2014" : "2015", i % 3, i);
	assert_int_equal(check_text(text, len), 2);
	load_with(&two, text, len, 2);
	assert_int_equal(ts_store_flag(two.st, 199), TS_FLAG_PERIOD_TOTAL);
	unload(&two);
	free(text);
}

/* Appends a case-list row to text[*len..cap). */
static void
case_row(char *text, size_t *len, size_t cap, const char *id, size_t i)
{
	*len += (size_t)snprintf(text + *len, cap - *len, "%s,2014-%02zu-10,J%zu,%s,%s\n",
	    id, 1 + i % 12, i % 3, i % 11 == 5 ? "lost" : i % 2 ? "convicted" : "open",
	    i % 13 == 4 ? "2013-01-01" : "");
}

/* A case list of cap bytes so far holding its header. */
static char *
case_list(size_t cap, size_t *len)
{
	char *text = malloc(cap);

	assert_non_null(text);
	*len = (size_t)snprintf(text, cap, "case_id,opened,jurisdiction,outcome,closed\n");
	return text;
}

/* The duplicate warnings among l's diagnostics. */
static size_t
count_repeats(const struct loaded *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->diags.count; i++)
		n += strstr(l->diags.items[i].message, " repeats the case at ") != NULL;
	return n;
}

static void
test_case_list_duplicates_in_second_half(void **state)
{
	/* Case ids that repeat within the first half, and within the second
	 * half only (some quoted, with a comma, a quote or a line end in
	 * them, some long, one with control bytes, some on rows with other
	 * warnings or rejected):
	 * read on two threads, with the same warnings as on one, naming the
	 * same first cases at the same lines. */
	char *text, id[128];
	size_t i, len = 0, cap = 1 << 16;
	struct loaded two;

	(void)state;
	text = case_list(cap, &len);
	for (i = 0; i < 300; i++) {
		if (i >= 170 && i % 40 == 7)
			snprintf(id, sizeof id, "\"D, \"\"%zu\"\"\nsecond line\"", i % 40);
		else if (i >= 170 && i % 40 == 11)
			snprintf(id, sizeof id, "D%zu-a-case-id-longer-than-the-sixty-bytes-a-warning-quotes-%s",
			    i % 40, "0123456789");
		else if (i >= 170 && i % 40 == 23)
			snprintf(id, sizeof id, "D%zu\001\033[2J", i % 40);
		else if (i >= 170)
			snprintf(id, sizeof id, "D%zu", i % 40);
		else
			snprintf(id, sizeof id, "C%zu", i < 120 && i % 9 == 8 ? i - 8 : i);
		case_row(text, &len, cap, id, i);
	}
	assert_int_equal(check_text(text, len), 2);
	load_with(&two, text, len, 2);
	assert_int_equal(two.rc, 0);
	/* Within the first half: rows 8, 17, ... 116, within the second
	 * every row from 210 on, less the rejected (i % 11 == 5): 12 + 77. */
	assert_int_equal(count_repeats(&two), 89);
	unload(&two);
	free(text);
}

static void
test_case_list_duplicates_across_halves(void **state)
{
	/* Case ids that repeat within each half and across the split: the
	 * second half does not know the first case of an id it shares with
	 * the first half, so the first half reads on alone, and the warnings
	 * come out as in one pass. */
	char *text, id[32];
	size_t i, len = 0, cap = 1 << 16;

	(void)state;
	text = case_list(cap, &len);
	for (i = 0; i < 300; i++) {
		snprintf(id, sizeof id, "C%zu", i % 7 == 0 ? i % 50 : i);
		case_row(text, &len, cap, id, i);
	}
	assert_int_equal(check_text(text, len), 1);
	free(text);
}

static void
test_case_list_split_across_quoted_ids(void **state)
{
	/* The middle moved across every byte of quoted case ids with line
	 * ends (LF and CRLF), a repeat of one of them within the tail: split
	 * or not, the same records and warnings. */
	unsigned split;

	(void)state;
	split = sweep("case_id,opened,outcome,agency\nH0,2014-01-01,open,a\n"
	    "H1,2014-01-01,open,a\nH2,2014-01-01,open,a\nH3,2014-01-01,open,a\n"
	    "H4,2014-01-01,open,a\nH5,2014-01-01,open,a\nH6,2014-01-01,open,a\n"
	    "H7,2014-01-01,open,a\nH8,2014-01-01,open,a\nA0,2014-01-01,open,",
	    "\n\"Q1\nx\",2014-02-01,open,b\n\"Q,2\r\ny\",2014-03-01,convicted,\"c\nd\"\n"
	    "\"Q3\",2014-03-01,open,\"e\r\n\"\r\n\n"
	    "R1,2014-04-01,lost,e\n\"R,2\ny\",2014-05-01,open,f\nR3,2014-06-01,open,g\n"
	    "R4,2014-06-01,open,g\nR5,2014-06-01,open,g\nR6,2014-06-01,open,g\n"
	    "R7,2014-06-01,open,g\nR8,2014-06-01,open,g\nR9,2014-06-01,open,g\n"
	    "\"R,2\ny\",2013-07-01,open,h\nR4,2015-01-01,convicted,i\nR9,2015-01-01,open,j\n"
	    "R9,2015-01-02,open,j\n", 120);
	assert_true(split > 0);
	assert_true(split < 121);
}

/* Loads texts with 1 and 2 threads, checks they agree, and returns how
 * many threads read input `which` in the two-thread load. */
static unsigned
check_files(const char *const *texts, size_t n, size_t which)
{
	struct loaded one, two;
	size_t lens[8], i;
	unsigned used;

	assert_true(n <= 8);
	for (i = 0; i < n; i++)
		lens[i] = strlen(texts[i]);
	load_files(&one, texts, lens, n, 1);
	load_files(&two, texts, lens, n, 2);
	assert_int_equal(one.rc, 0);
	assert_same(&one, &two);
	used = ts_store_input_info_c(two.st, which)->threads;
	unload(&one);
	unload(&two);
	return used;
}

static void
test_case_ids_across_files(void **state)
{
	/* Duplicates are checked across files too.  A second file whose
	 * second half repeats an id of the first file is read on one
	 * thread; one whose first half does (warned by the first thread) or
	 * that repeats only its own ids is split; a third file then finds
	 * the first cases of the second file's second half. */
	char *a, *b, *b2, *b3, *c, id[32];
	size_t i, la = 0, lb = 0, lb2 = 0, lb3 = 0, lc = 0, cap = 1 << 15;
	const char *texts[3];

	(void)state;
	a = malloc(cap);
	b = malloc(cap);
	b2 = malloc(cap);
	b3 = malloc(cap);
	c = malloc(cap);
	assert_true(a && b && b2 && b3 && c);
	la = (size_t)snprintf(a, cap, "case_id,opened,jurisdiction,outcome,closed\n");
	lb = lb2 = lb3 = lc = la;
	memcpy(b, a, la + 1);
	memcpy(b2, a, la + 1);
	memcpy(b3, a, la + 1);
	memcpy(c, a, la + 1);
	for (i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "A%zu", i);
		case_row(a, &la, cap, id, i);
	}
	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof id, "B%zu", i < 150 ? i : i % 20 + 130);
		case_row(b, &lb, cap, id, i);
		snprintf(id, sizeof id, i == 180 ? "A17" : "B%zu", i);
		case_row(b2, &lb2, cap, id, i);
		snprintf(id, sizeof id, i == 3 ? "A5" : "B%zu", i);
		case_row(b3, &lb3, cap, id, i);
	}
	for (i = 0; i < 30; i++) {
		snprintf(id, sizeof id, "B%zu", i * 7);
		case_row(c, &lc, cap, id, i);
	}
	texts[0] = a;
	texts[1] = b;
	texts[2] = c;
	assert_int_equal(check_files(texts, 3, 1), 2);
	texts[1] = b2;
	assert_int_equal(check_files(texts, 3, 1), 1);
	texts[1] = b3;
	assert_int_equal(check_files(texts, 3, 1), 2);
	/* The second file first: the third file checks against its halves,
	 * and so does the second file's own second half. */
	texts[0] = b;
	texts[1] = c;
	texts[2] = b;
	assert_int_equal(check_files(texts, 3, 0), 2);
	free(a);
	free(b);
	free(b2);
	free(b3);
	free(c);
}

static void
test_case_lists_split_by_default(void **state)
{
	/* No option needed; a repeat within the second half names its first
	 * case by the line it has in the whole file. */
	static const char text[] =
	    "case_id,opened,outcome\nA,2014-01-01,open\nB,2014-01-02,convicted\n"
	    "C,2014-01-03,open\nD,2014-01-04,open\nC,2014-01-05,open\n";
	struct loaded l;

	(void)state;
	load_with(&l, text, sizeof text - 1, 2);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->threads, 2);
	assert_int_equal(ts_store_count(l.st), 5);
	assert_int_equal(l.diags.count, 1);
	assert_int_equal(l.diags.items[0].line, 6);
	assert_string_equal(l.diags.items[0].message,
	    "case_id \"C\" repeats the case at t.csv:4");
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

/* --- NDJSON: a line a record, so every LF ends one ------------------ */

static void
test_ndjson_lines_across_the_middle(void **state)
{
	/* The middle moved across blank lines, CRLF, bad lines (malformed,
	 * not an object, text after the object, a control byte), a byte
	 * order mark at the start of a line (which the second half's start
	 * must not drop), an escaped string (the cJSON path), a long line
	 * and a last line without LF: split or not, the same records,
	 * rejects and warnings, at the same lines and columns. */
	static const char filler[] =
	    "{\"year\":2019,\"jurisdiction\":\"Z\",\"investigations\":4,\"convictions\":1}\n";
	char tail[8192], longsrc[400];
	size_t n = 0, k;
	unsigned split;

	(void)state;
	ext = "ndjson";
	memset(longsrc, 'y', sizeof longsrc - 1);
	longsrc[sizeof longsrc - 1] = '\0';
	n += (size_t)snprintf(tail + n, sizeof tail - n, "%s",
	    "\"}\n\n\r\n"
	    "{\"year\":2015,\"jurisdiction\":\"C\",\"investigations\":30,\"convictions\":\"abc\"}\r\n"
	    "{\"year\":2015,\"jurisdiction\":\"D\",\n"
	    "[1,2]\n"
	    "{\"year\":2016} trailing\n"
	    "{\"year\":2016,\"jurisdiction\":\"c\001\"}\n"
	    "\xEF\xBB\xBF{\"year\":2016,\"jurisdiction\":\"E\",\"investigations\":5}\n"
	    "{\"year\":2016,\"jurisdiction\":\"F\\n escaped\",\"investigations\":6,\"convictions\":2}\n"
	    "   \n"
	    "{\"year\":2017,\"jurisdiction\":\"G\",\"investigations\":7,\"convictions\":8}\n");
	n += (size_t)snprintf(tail + n, sizeof tail - n,
	    "{\"year\":2017,\"jurisdiction\":\"H\",\"investigations\":9,\"source\":\"%s\"}\n",
	    longsrc);
	for (k = 0; k < 16; k++)
		n += (size_t)snprintf(tail + n, sizeof tail - n, "%s", filler);
	n += (size_t)snprintf(tail + n, sizeof tail - n, "%s",
	    "{\"year\":2018,\"jurisdiction\":\"I\",\"investigations\":9}");
	split = sweep("{\"year\":2014,\"jurisdiction\":\"A\",\"investigations\":10,\"convictions\":1}\n"
	    "{\"year\":2014,\"jurisdiction\":\"B\",\"investigations\":3,\"source\":\"",
	    tail, n - 200);
	/* Every pad but those that put the middle on the line before the
	 * byte order mark (37 bytes, so about 74 pads): the cut would fall
	 * just before it. */
	assert_true(split > n - 199 - 90);
	assert_true(split < n - 199);
	ext = "csv";
}

/* n bytes or more of NDJSON counts records into text at *len (cap). */
static void
ndjson_rows(char *text, size_t *len, size_t cap, size_t n, size_t from)
{
	size_t i, end = *len + n;

	for (i = from; *len < end; i++)
		*len += (size_t)snprintf(text + *len, cap - *len,
		    "{\"year\":%zu,\"jurisdiction\":\"J%zu\",\"investigations\":%zu,"
		    "\"convictions\":%zu}\n", 2000 + i % 20, i % 37, 10 + i % 50, i % 9);
}

static unsigned
check_ndjson(const char *text, size_t len)
{
	unsigned used;

	ext = "ndjson";
	used = check_text(text, len);
	ext = "csv";
	return used;
}

static void
test_ndjson_long_line_and_late_keys(void **state)
{
	/* A line longer than a read block across the middle: the cut is
	 * after it.  A key first met after the first MiB (which settles
	 * the columns), in either half: one thread reads on, warning once,
	 * with the count of records before it. */
	size_t cap = 6u << 20, len = 0, big = (3u << 19);
	char *text = malloc(cap);
	struct loaded two;

	(void)state;
	assert_non_null(text);
	ndjson_rows(text, &len, cap, 1u << 20, 0);
	len += (size_t)snprintf(text + len, cap - len, "{\"year\":2001,\"jurisdiction\":\"");
	memset(text + len, 'l', big);
	len += big;
	len += (size_t)snprintf(text + len, cap - len, "\",\"investigations\":1}\n");
	ndjson_rows(text, &len, cap, 1u << 20, 7);
	assert_int_equal(check_ndjson(text, len), 2);

	len = 0;
	ndjson_rows(text, &len, cap, 3u << 19, 0);
	len += (size_t)snprintf(text + len, cap - len,
	    "{\"year\":2001,\"agency\":\"late\",\"investigations\":1}\n");
	ndjson_rows(text, &len, cap, 3u << 20, 3);
	assert_int_equal(check_ndjson(text, len), 1);
	ext = "ndjson";
	load_with(&two, text, len, 2);
	ext = "csv";
	assert_int_equal(two.rc, 0);
	assert_int_equal(two.diags.count, 1);
	assert_non_null(strstr(two.diags.items[0].message, "key \"agency\" first appears here"));
	unload(&two);

	len = 0;
	ndjson_rows(text, &len, cap, 3u << 20, 0);
	len += (size_t)snprintf(text + len, cap - len,
	    "{\"year\":2001,\"agency\":\"late\",\"investigations\":1}\n");
	ndjson_rows(text, &len, cap, 1u << 20, 3);
	assert_int_equal(check_ndjson(text, len), 1);
	free(text);
}

static void
test_ndjson_first_half_without_a_record(void **state)
{
	/* No record settles the columns before the middle: one thread. */
	size_t cap = 1 << 16, len = 0, i;
	char *text = malloc(cap);

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 400; i++)
		len += (size_t)snprintf(text + len, cap - len, "[%zu]\n", i);
	ndjson_rows(text, &len, cap, 2000, 0);
	assert_int_equal(check_ndjson(text, len), 1);
	free(text);
}

static void
test_ndjson_case_ids(void **state)
{
	/* Case ids repeated within the second half: split, with the same
	 * warnings naming the same first cases; repeated across the halves:
	 * one thread. */
	size_t cap = 1 << 16, len = 0, i;
	char *text = malloc(cap);
	struct loaded two;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 300; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "{\"case_id\":\"%c%zu\",\"opened\":\"2014-%02zu-10\",\"outcome\":\"%s\"}\n",
		    i >= 200 ? 'D' : 'C', i >= 200 ? i % 17 : i, 1 + i % 12,
		    i % 2 ? "convicted" : "open");
	assert_int_equal(check_ndjson(text, len), 2);
	ext = "ndjson";
	load_with(&two, text, len, 2);
	ext = "csv";
	assert_int_equal(count_repeats(&two), 83);
	unload(&two);
	len = 0;
	for (i = 0; i < 300; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "{\"case_id\":\"C%zu\",\"opened\":\"2014-%02zu-10\",\"outcome\":\"open\"}\n",
		    i % 7 == 0 ? i % 50 : i, 1 + i % 12);
	assert_int_equal(check_ndjson(text, len), 1);
	free(text);
}

/* Reads the file path with `threads` threads, the encoding detected. */
static void
load_path(struct loaded *l, const char *path, int threads)
{
	struct ts_load_options opt;

	memset(&opt, 0, sizeof opt);
	opt.threads = threads;
	opt.split_min = 1;
	memset(l, 0, sizeof *l);
	l->st = ts_store_new();
	assert_non_null(l->st);
	l->rc = ts_input_load(l->st, path, &opt, &l->diags, &l->err);
}

/* Writes text to a file of its own (its reader picked by its content)
 * and reads it into one with 1 thread, into two with 2. */
static void
load_file_both(const char *text, size_t len, struct loaded *one, struct loaded *two)
{
	char path[] = "/tmp/test_threads_XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	load_path(one, path, 1);
	load_path(two, path, 2);
	unlink(path);
}

/* Reads text from a file with 1 and 2 threads: they must agree; returns
 * how many threads the second load used. */
static unsigned
check_file(const char *text, size_t len)
{
	struct loaded one, two;

	load_file_both(text, len, &one, &two);
	return agree(&one, &two);
}

/* A file of NDJSON: a record with jurisdiction j first, at least 3 MiB
 * of records, a rejected one with j again, a non-object, a blank line,
 * 1 MiB of records, then tail. */
static size_t
ndjson_file(char *text, size_t cap, const char *j, const char *tail)
{
	size_t len = (size_t)snprintf(text, cap, "{\"year\":2001,\"jurisdiction\":"
	    "\"%s\",\"investigations\":1,\"convictions\":0}\n", j);

	ndjson_rows(text, &len, cap, 3u << 20, 0);
	len += (size_t)snprintf(text + len, cap - len, "{\"year\":2001,\"jurisdiction\":"
	    "\"%s\",\"investigations\":\"x\"}\n[]\n\n", j);
	ndjson_rows(text, &len, cap, 1u << 20, 5);
	len += (size_t)snprintf(text + len, cap - len, "%s", tail);
	return len;
}

static void
test_ndjson_files(void **state)
{
	/* A file is read in blocks, the second half from the cut with a
	 * decoder of its own: split, with the same records and diagnostics,
	 * in UTF-8 and in Windows-1252 (detected); a UTF-8 file whose second
	 * half holds a byte that is not UTF-8 stops at the same line and
	 * column; not split when a byte order mark follows the cut, which a
	 * decoder at the start of its bytes would drop. */
	size_t cap = 6u << 20, len, mid;
	char *text = malloc(cap), *nl;
	(void)state;
	assert_non_null(text);
	len = ndjson_file(text, cap, "Michoac\xC3\xA1n", "");
	assert_int_equal(check_file(text, len), 2);
	len = ndjson_file(text, cap, "Michoac\xE1n", "");
	assert_int_equal(check_file(text, len), 2);
	len = ndjson_file(text, cap, "Michoac\xC3\xA1n", "{\"jurisdiction\":\"\xE1\"}\n");
	assert_int_equal(check_file(text, len), 1);

	/* A byte order mark just after the cut. */
	len = ndjson_file(text, cap, "A", "");
	mid = (len + 3) / 2;
	nl = memchr(text + mid, '\n', len - mid);
	assert_non_null(nl);
	memmove(nl + 4, nl + 1, len - (size_t)(nl + 1 - text));
	memcpy(nl + 1, "\xEF\xBB\xBF", 3);
	len += 3;
	assert_int_equal(check_file(text, len), 1);
	free(text);
}

/* A JSON file: head, at least 4 MiB of records one a line, with elem as
 * one element after the first 3 MiB, then "]" and tail. */
static size_t
json_file(char *text, size_t cap, const char *head, const char *elem,
    int pretty, const char *tail)
{
	size_t len = (size_t)snprintf(text, cap, "%s", head), i;

	for (i = 0; len < (4u << 20) + strlen(head); i++) {
		len += (size_t)snprintf(text + len, cap - len,
		    "%s{\"year\": %zu,%s\"jurisdiction\": \"J%zu\", \"investigations\": %zu}",
		    i ? ",\n" : "", 2000 + i % 20, pretty ? "\n" : " ", i % 37, 10 + i % 50);
		if (elem && len >= (3u << 20) && len < (3u << 20) + 64)
			len += (size_t)snprintf(text + len, cap - len, ",\n%s", elem);
	}
	len += (size_t)snprintf(text + len, cap - len, "\n]%s", tail);
	return len;
}

static void
test_json_array_files(void **state)
{
	/* A JSON array is cut like NDJSON and split when the cut falls
	 * between two elements of the records array, with the same records
	 * and diagnostics; read on one thread when the cut falls inside a
	 * record (one member a line), when the second half holds an element
	 * that is not an object (only one pass can number it) or a fault, and
	 * when more than 1 MiB follows the array. */
	size_t cap = 8u << 20, len;
	char *text = malloc(cap), *big = malloc(1300000);
	(void)state;
	assert_non_null(text);
	assert_non_null(big);
	len = json_file(text, cap, "[\n", NULL, 0, "\n");
	assert_int_equal(check_file(text, len), 2);
	len = json_file(text, cap, "{\"meta\": [1, 2],\n\"records\": [\n", NULL, 0,
	    ", \"more\": {\"a\": [1, {\"b\": null}]}}\n");
	assert_int_equal(check_file(text, len), 2);
	len = json_file(text, cap, "[\n", "{\"year\": 2001, \"investigations\": \"x\"}", 0, "");
	assert_int_equal(check_file(text, len), 2);
	len = json_file(text, cap, "[\n", NULL, 1, "");
	assert_int_equal(check_file(text, len), 1);
	len = json_file(text, cap, "[\n", "[1]", 0, "");
	assert_int_equal(check_file(text, len), 1);
	len = json_file(text, cap, "[\n", "{\"year\": 01}", 0, "");
	assert_int_equal(check_file(text, len), 1);
	memset(big, ' ', 1300000 - 1);
	big[1300000 - 1] = '\0';
	len = json_file(text, cap, "[\n", NULL, 0, big);
	assert_int_equal(check_file(text, len), 1);
	free(big);
	free(text);
}

static void
test_windows_1252_csv_splits(void **state)
{
	/* A CSV file detected as Windows-1252: its second half is decoded by
	 * a decoder given that name, which spells it WINDOWS-1252; split all
	 * the same (it was always read on one thread). */
	size_t cap = 1 << 20, len, i;
	char *text = malloc(cap);

	(void)state;
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "year,jurisdiction,investigations\n2014,Michoac\xE1n,1\n");
	for (i = 0; i < 20000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%zu,J%zu\xE9,%zu\n",
		    2000 + i % 20, i % 37, i % 50);
	assert_int_equal(check_file(text, len), 2);
	free(text);
}

/* Writes text to a file and reads it with 1 and 2 threads: both stop
 * with the same error at line `line`. */
static void
check_error_file(const char *text, size_t len, long line)
{
	struct loaded one, two;

	load_file_both(text, len, &one, &two);
	assert_int_not_equal(one.rc, 0);
	assert_int_equal(one.rc, two.rc);
	assert_int_equal(one.err.line, line);
	assert_int_equal(two.err.line, line);
	assert_int_equal(one.err.column, two.err.column);
	assert_string_equal(one.err.message, two.err.message);
	unload(&one);
	unload(&two);
}

/* utf8[0..n) (code points below U+10000, or pairs written as two \xED
 * surrogate sequences) as UTF-16 at out: little-endian, or big-endian
 * when be; returns the bytes written. */
static size_t
to_utf16(const char *utf8, size_t n, char *out, int be)
{
	const unsigned char *u = (const unsigned char *)utf8;
	size_t i = 0, o = 0;
	unsigned cp;

	while (i < n) {
		if (u[i] < 0x80)
			cp = u[i++];
		else if (u[i] < 0xE0) {
			cp = (u[i] & 0x1Fu) << 6 | (u[i + 1] & 0x3Fu);
			i += 2;
		} else {
			cp = (u[i] & 0x0Fu) << 12 | (u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu);
			i += 3;
		}
		out[o + (size_t)!be] = (char)(cp >> 8);
		out[o + (size_t)be] = (char)(cp & 0xFF);
		o += 2;
	}
	return o;
}

/* A CSV case of utf8 as UTF-16 (with a byte order mark when bom) read
 * from a file by both thread counts; returns the threads the second used. */
static unsigned
check_utf16(const char *utf8, size_t n, int be, int bom)
{
	char *text = malloc(2 * n + 2);
	size_t len = 0;
	unsigned threads;

	assert_non_null(text);
	if (bom) {
		memcpy(text, be ? "\xFE\xFF" : "\xFF\xFE", 2);
		len = 2;
	}
	len += to_utf16(utf8, n, text + len, be);
	threads = check_file(text, len);
	free(text);
	return threads;
}

static void
test_utf16_csv_splits(void **state)
{
	/* A CSV file in UTF-16 is cut at a line feed code unit (0A 00 at an
	 * even offset in little-endian, 00 0A in big-endian), not at a 0x0A
	 * byte: characters whose code units hold 0x0A bytes (U+010A, U+0A0A)
	 * sit on every row, so a byte cut would fall inside one.  Split with
	 * the byte order mark in either order and without one (detected);
	 * on one thread when U+FEFF follows the cut (a decoder at the start
	 * of its bytes would drop it) or the cut is inside a quoted field;
	 * a lone surrogate in the second half stops both at the same line. */
	size_t cap = 1 << 21, len, i, n16;
	char *text = malloc(cap), *u16;

	(void)state;
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "year,jurisdiction,investigations\n");
	for (i = 0; i < 20000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%zu,J%zu \xC4\x8A\xE0\xA8\x8A\xC3\xA9 abcdef,%zu\n",
		    2000 + i % 20, i % 37, i % 50);
	assert_int_equal(check_utf16(text, len, 0, 1), 2);
	assert_int_equal(check_utf16(text, len, 1, 1), 2);
	assert_int_equal(check_utf16(text, len, 0, 0), 2);

	/* U+FEFF (FF FE in little-endian) just after the line feed code
	 * unit that the cut looks for: the first at or after the middle. */
	u16 = malloc(2 * len + 4);
	assert_non_null(u16);
	memcpy(u16, "\xFF\xFE", 2);
	n16 = 2 + to_utf16(text, len, u16 + 2, 0);
	for (i = (n16 + 2) / 2 & ~(size_t)1; u16[i] != '\n' || u16[i + 1] != '\0'; i += 2)
		;
	memmove(u16 + i + 4, u16 + i + 2, n16 - (i + 2));
	memcpy(u16 + i + 2, "\xFF\xFE", 2);
	assert_int_equal(check_file(u16, n16 + 2), 1);
	/* The same two bytes one code unit later: split again. */
	memmove(u16 + i + 2, u16 + i + 4, n16 - (i + 2));
	memmove(u16 + i + 6, u16 + i + 4, n16 - (i + 4));
	memcpy(u16 + i + 4, "\xFF\xFE", 2);
	assert_int_equal(check_file(u16, n16 + 2), 2);
	free(u16);

	/* Quoted fields with line feeds everywhere. */
	len = (size_t)snprintf(text, cap, "year,jurisdiction,investigations\n");
	for (i = 0; i < 20000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%zu,\"J%zu\n\xC4\x8A\n\",%zu\n",
		    2000 + i % 20, i % 37, i % 50);
	assert_int_equal(check_utf16(text, len, 0, 1), 1);

	/* A lone high surrogate (\xED\xA0\x80 is U+D800) in the second
	 * half: the same error, at the same line and column, on one thread
	 * and two (the records read before it differ with the blocks, and
	 * are never reported: the run stops). */
	len = (size_t)snprintf(text, cap, "year,jurisdiction,investigations\n");
	for (i = 0; i < 20000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%zu,%s,%zu\n", 2000 + i % 20,
		    i == 19000 ? "J\xED\xA0\x80x" : "J\xC3\xA9", i % 50);
	u16 = malloc(2 * len + 2);
	assert_non_null(u16);
	memcpy(u16, "\xFF\xFE", 2);
	n16 = 2 + to_utf16(text, len, u16 + 2, 0);
	check_error_file(u16, n16, 19002);
	free(u16);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_newlines_across_the_middle),
		cmocka_unit_test(test_crlf_blank_lines_and_bad_rows),
		cmocka_unit_test(test_malformed_tail),
		cmocka_unit_test(test_more_strings_and_dims_in_second_half),
		cmocka_unit_test(test_period_totals_in_second_half),
		cmocka_unit_test(test_case_list_duplicates_in_second_half),
		cmocka_unit_test(test_case_list_duplicates_across_halves),
		cmocka_unit_test(test_case_list_split_across_quoted_ids),
		cmocka_unit_test(test_case_ids_across_files),
		cmocka_unit_test(test_case_lists_split_by_default),
		cmocka_unit_test(test_small_inputs),
		cmocka_unit_test(test_ndjson_lines_across_the_middle),
		cmocka_unit_test(test_ndjson_long_line_and_late_keys),
		cmocka_unit_test(test_ndjson_first_half_without_a_record),
		cmocka_unit_test(test_ndjson_case_ids),
		cmocka_unit_test(test_ndjson_files),
		cmocka_unit_test(test_windows_1252_csv_splits),
		cmocka_unit_test(test_utf16_csv_splits),
		cmocka_unit_test(test_json_array_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
