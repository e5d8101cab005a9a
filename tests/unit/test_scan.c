/* test_scan.c — the CSV reader's scanner (csv_scan.c), which splits most
 * records itself and leaves the rest to libcsv: the same cells, row ends
 * and lines either way, wherever a block ends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_input.h"

/* The reader's block size (BLOCK_SIZE in csv_impl.h). */
#define BLOCK (1u << 20)

/* Events as text: a field in brackets, a row end as R and its byte (E at
 * the end of the input). */
struct events {
	char text[512];
	size_t len;
};

static void
add(struct events *ev, const char *s, size_t n)
{
	assert_true(ev->len + n < sizeof ev->text);
	memcpy(ev->text + ev->len, s, n);
	ev->len += n;
	ev->text[ev->len] = '\0';
}

static void
on_field(void *s, size_t len, void *arg)
{
	add(arg, "[", 1);
	add(arg, s, len);
	add(arg, "]", 1);
}

static void
on_row(int c, void *arg)
{
	char r[2] = { 'R', c < 0 ? 'E' : (char)c };

	add(arg, r, 2);
}

static void
test_events_every_cut(void **state)
{
	/* Trimmed spaces and tabs, a quoted field with spaces after it, the
	 * empty row for the LF of a CRLF, a blank line, a line of spaces, a
	 * lone CR, a doubled quote and a quoted line end (libcsv's), and a
	 * last record without a line end. */
	static const char text[] =
	    " a ,\t\"q, r\" ,\r\n\n  \r\nb\rc,\"say \"\"x\"\"\",\"1\n2\"\nlast";
	static const char want[] =
	    "[a][q, r][]R\rR\nR\nR\rR\n[b]R\r[c][say \"x\"][1\n2]R\n[last]RE";
	struct events ev;
	size_t cut[2], i, j, n = sizeof text - 1;

	(void)state;
	for (i = 0; i <= n; i++) {
		for (j = i; j <= n; j++) {
			cut[0] = i;
			cut[1] = j;
			memset(&ev, 0, sizeof ev);
			assert_int_equal(ts_csv_scan_events(text, n, ',', cut, 2, 1,
			    on_field, on_row, &ev), 0);
			assert_string_equal(ev.text, want);
		}
	}
	memset(&ev, 0, sizeof ev);
	assert_int_equal(ts_csv_scan_events(text, n, ',', NULL, 0, 0, on_field,
	    on_row, &ev), 0);
	assert_string_equal(ev.text, want);
}

static void
test_events_tab_delimiter(void **state)
{
	/* With tab the delimiter, only spaces are trimmed, and a line of
	 * tabs is a row of empty fields. */
	static const char text[] = " a \t\tb\n\t\n \n";
	struct events ev;

	(void)state;
	memset(&ev, 0, sizeof ev);
	assert_int_equal(ts_csv_scan_events(text, sizeof text - 1, '\t', NULL, 0,
	    1, on_field, on_row, &ev), 0);
	assert_string_equal(ev.text, "[a][][b]R\n[][]R\nR\n");
}

static void
test_events_errors(void **state)
{
	/* A quote inside an unquoted field, text after a closing quote, and
	 * a quoted field never closed: libcsv's errors, after the same rows. */
	static const char *const texts[] = {
		"a,b\n1,x\"y\n", "a\n\"x\"y\n", "a\n\"open\n",
	};
	static const char *const wants[] = {
		"[a][b]R\n[1]", "[a]R\n", "[a]R\n",
	};
	static const int codes[] = { 1, 1, 101 };
	struct events ev;
	size_t k, cut;

	(void)state;
	for (k = 0; k < 3; k++) {
		for (cut = 0; cut <= strlen(texts[k]); cut++) {
			memset(&ev, 0, sizeof ev);
			assert_int_equal(ts_csv_scan_events(texts[k], strlen(texts[k]),
			    ',', &cut, 1, 1, on_field, on_row, &ev), codes[k]);
			assert_string_equal(ev.text, wants[k]);
		}
	}
}

/* The records after the filler, each cut by the first block's end at
 * every byte: quoted with a comma, doubled quotes with spaces around, a
 * quoted line end, spaces around plain text, no line end at the end. */
static const char tail[] =
    "2015,\"a, b\",7\r\n"
    "2016, \"say \"\"hi\"\"\" ,8\r\n"
    "2017,\"two\nlines\",9\r\n"
    "2018, plain ,10\r\n"
    "2019,last,11";

static void
test_records_across_block_end(void **state)
{
	static const char header[] = "year,jurisdiction,investigations\r\n";
	static const char *const names[] = { "a, b", "say \"hi\"", "two\nlines", "plain", "last" };
	static const long counts[] = { 7, 8, 9, 10, 11 };
	static const long lines[] = { 0, 1, 2, 4, 5 };  /* after the first */
	size_t tlen = sizeof tail - 1, hlen = sizeof header - 1;
	size_t x, start, k, nfill, pad, pos, i, first;
	struct ts_load_options opt = { 0 };
	char *buf = malloc(BLOCK + sizeof tail);
	int dim;

	(void)state;
	assert_non_null(buf);
	for (x = 0; x <= tlen; x++) {
		struct ts_store *st = ts_store_new();
		struct ts_diags diags = { 0 };
		struct ts_error err = { 0 };

		assert_non_null(st);
		/* Header, rows of 10 bytes, one row of 20 to 29 to end right
		 * before start, then the tail. */
		start = BLOCK - x;
		nfill = (start - hlen) / 10 - 2;
		pad = start - hlen - 10 * nfill;
		memcpy(buf, header, hlen);
		pos = hlen;
		for (k = 0; k < nfill; k++, pos += 10)
			memcpy(buf + pos, "2014,F,1\r\n", 10);
		memcpy(buf + pos, "2014,", 5);
		memset(buf + pos + 5, 'G', pad - 9);
		memcpy(buf + pos + pad - 4, ",1\r\n", 4);
		pos += pad;
		assert_int_equal(pos, start);
		memcpy(buf + pos, tail, tlen);
		assert_int_equal(ts_input_load_mem(st, "cut.csv", buf, start + tlen,
		    &opt, &diags, &err), 0);
		assert_int_equal(diags.count, 0);
		assert_int_equal(ts_store_count(st), nfill + 1 + 5);
		dim = ts_store_find_dim(st, "jurisdiction");
		assert_true(dim >= 0);
		first = nfill + 1;
		assert_int_equal(ts_store_line(st, first - 1), nfill + 2);
		for (i = 0; i < 5; i++) {
			assert_string_equal(ts_store_string(st,
			    ts_store_dim_id(st, first + i, (size_t)dim)), names[i]);
			assert_int_equal(ts_store_get_count(st, first + i, TS_INVESTIGATIONS),
			    counts[i]);
			assert_int_equal(ts_store_line(st, first + i),
			    (long)nfill + 3 + lines[i]);
		}
		ts_store_free(st);
		ts_diags_free(&diags);
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_every_cut),
		cmocka_unit_test(test_events_tab_delimiter),
		cmocka_unit_test(test_events_errors),
		cmocka_unit_test(test_records_across_block_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
