/* test_load_json.c — the JSON and NDJSON readers and format detection,
 * through ts_input_load_mem(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_input.h"

struct loaded {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int rc;
};

static void
load_as(struct loaded *l, const char *name, const char *text, size_t len,
    enum ts_input_format format)
{
	struct ts_load_options opt = { 0 };

	opt.format = format;
	memset(l, 0, sizeof *l);
	l->st = ts_store_new();
	assert_non_null(l->st);
	l->rc = ts_input_load_mem(l->st, name, text, len, &opt, &l->diags, &l->err);
}

static void
load(struct loaded *l, const char *name, const char *text)
{
	load_as(l, name, text, strlen(text), TS_FORMAT_AUTO);
}

static void
unload(struct loaded *l)
{
	ts_store_free(l->st);
	ts_diags_free(&l->diags);
}

static const char *
dim_value(const struct loaded *l, size_t rec, const char *dim)
{
	int d = ts_store_find_dim(l->st, dim);

	assert_true(d >= 0);
	return ts_store_string(l->st, ts_store_dim_id(l->st, rec, (size_t)d));
}

static void
test_array_of_objects(void **state)
{
	static const char text[] =
	    "[\n"
	    "  {\"Año\": 2013, \"Entidad federativa\": \"Michoacán\",\n"
	    "   \"investigations\": \"1,234\", \"convictions\": 19.0},\n"
	    "  {\"convictions\": null, \"investigations\": 229, \"Año\": \"2014\",\n"
	    "   \"Entidad federativa\": \"Jalisco\", \"agency\": \"FGR\"}\n"
	    "]\n";
	struct loaded l;
	const struct ts_input_info *in;

	(void)state;
	load(&l, "a.json", text);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_count(l.st), 2);
	assert_int_equal(ts_store_get_count(l.st, 0, TS_INVESTIGATIONS), 1234);
	assert_int_equal(ts_store_get_count(l.st, 0, TS_CONVICTIONS), 19);
	assert_true(ts_store_get_count(l.st, 1, TS_CONVICTIONS) == TS_MISSING);
	assert_int_equal(ts_store_get_count(l.st, 1, TS_INVESTIGATIONS), 229);
	/* Keys in another order still land in their own columns. */
	assert_string_equal(dim_value(&l, 0, "jurisdiction"), "Michoacán");
	assert_string_equal(dim_value(&l, 1, "jurisdiction"), "Jalisco");
	/* A key first seen in a later record is a dimension from there on. */
	assert_string_equal(dim_value(&l, 0, "agency"), "");
	assert_string_equal(dim_value(&l, 1, "agency"), "FGR");
	assert_int_equal(ts_store_period(l.st, 1).precision, TS_PREC_YEAR);
	/* Each record's line is the line where its object starts. */
	assert_int_equal(ts_store_line(l.st, 0), 2);
	assert_int_equal(ts_store_line(l.st, 1), 4);
	in = ts_store_input_info_c(l.st, 0);
	assert_string_equal(in->format, "json");
	assert_int_equal(in->delimiter, 0);
	assert_int_equal(in->rows, 2);
	assert_int_equal(in->rejected, 0);
	unload(&l);
}

static void
test_records_object(void **state)
{
	static const char text[] =
	    "{\"meta\": {\"nested\": [1, {\"deep\": [true]}]},\n"
	    " \"records\": [\n"
	    "  {\"year\": 2014, \"investigations\": 5, \"convictions\": 1},\n"
	    "  7,\n"
	    "  {\"year\": 2015, \"investigations\": 6, \"convictions\": 2}\n"
	    " ], \"count\": 3}";
	struct loaded l;

	(void)state;
	load(&l, "-", text);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_count(l.st), 2);
	assert_int_equal(ts_store_line(l.st, 1), 5);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->rejected, 1);
	assert_int_equal(l.diags.count, 1);
	assert_int_equal(l.diags.items[0].line, 4);
	assert_non_null(strstr(l.diags.items[0].message, "element 2 of the array is a number"));
	unload(&l);
}

static void
test_ndjson(void **state)
{
	static const char text[] =
	    "{\"year\": 2014, \"investigations\": 5, \"convictions\": 1}\r\n"
	    "\n"
	    "{\"year\": 2014, \"investigations\": 5 \"convictions\": 1}\n"
	    "   \n"
	    "{\"year\": 2015, \"investigations\": 6, \"convictions\": 2}";
	struct loaded l;

	(void)state;
	load(&l, "x.jsonl", text);
	assert_int_equal(l.rc, 0);
	assert_string_equal(ts_store_input_info_c(l.st, 0)->format, "ndjson");
	assert_int_equal(ts_store_count(l.st), 2);
	assert_int_equal(ts_store_line(l.st, 0), 1);
	assert_int_equal(ts_store_line(l.st, 1), 5);
	assert_int_equal(l.diags.count, 1);
	assert_int_equal(l.diags.items[0].line, 3);
	assert_non_null(strstr(l.diags.items[0].message, "column 36"));
	assert_int_equal(ts_store_input_info_c(l.st, 0)->rows, 3);
	unload(&l);
}

static void
test_numbers(void **state)
{
	static const char text[] =
	    "[{\"investigations\": 1152921504606846976, \"convictions\": 0},\n"
	    " {\"investigations\": 9007199254740993, \"convictions\": -0},\n"
	    " {\"investigations\": 9223372036854775808},\n"
	    " {\"investigations\": 1e400},\n"
	    " {\"investigations\": -0.5},\n"
	    " {\"investigations\": 1.234},\n"
	    " {\"investigations\": 2e3, \"code\": 0.25, \"big\": 12345678901234567890}]";
	struct loaded l;

	(void)state;
	load(&l, "n.json", text);
	assert_int_equal(l.rc, 0);
	/* A count too large for a count is rejected alone: its record
	 * stays, without it. */
	assert_int_equal(ts_store_count(l.st), 7);
	assert_int_equal(ts_store_get_count(l.st, 2, TS_INVESTIGATIONS), TS_MISSING);
	assert_int_equal(ts_store_get_count(l.st, 3, TS_INVESTIGATIONS), TS_MISSING);
	assert_int_equal(ts_store_get_count(l.st, 4, TS_INVESTIGATIONS), TS_MISSING);
	assert_int_equal(ts_store_get_count(l.st, 5, TS_INVESTIGATIONS), TS_MISSING);
	/* Above 2^53 the digits come from the text, not from the double. */
	assert_true(ts_store_get_count(l.st, 0, TS_INVESTIGATIONS) == 1152921504606846976LL);
	assert_true(ts_store_get_count(l.st, 1, TS_INVESTIGATIONS) == 9007199254740993LL);
	assert_int_equal(ts_store_get_count(l.st, 1, TS_CONVICTIONS), 0);
	assert_int_equal(ts_store_get_count(l.st, 6, TS_INVESTIGATIONS), 2000);
	assert_string_equal(dim_value(&l, 6, "code"), "0.25");
	assert_string_equal(dim_value(&l, 6, "big"), "12345678901234567890");
	assert_int_equal(l.diags.count, 4);
	assert_non_null(strstr(l.diags.items[0].message, "too large"));
	assert_non_null(strstr(l.diags.items[1].message, "\"1e400\" is too large"));
	assert_non_null(strstr(l.diags.items[2].message, "\"-0.5\" is not a count"));
	/* Not one thousand two hundred and thirty-four, as "1.234" in CSV. */
	assert_non_null(strstr(l.diags.items[3].message, "\"1.234\" is not a count"));
	assert_int_equal(l.diags.items[3].line, 6);
	unload(&l);
}

static void
test_malformed_position(void **state)
{
	static const char text[] = "[\n  {\"convictions\": 2},\n  {\"convictions\" 3}\n]";
	struct loaded l;

	(void)state;
	load(&l, "m.json", text);
	assert_int_equal(l.rc, TS_EIO);
	assert_int_equal(l.err.line, 3);
	assert_int_equal(l.err.column, 18);
	assert_non_null(strstr(l.err.message, "malformed JSON"));
	unload(&l);
}

static void
test_deep_nesting(void **state)
{
	size_t n = 100000, i;
	char *text = malloc(2 * n + 1);
	struct loaded l;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n; i++) {
		text[i] = '[';
		text[n + i] = ']';
	}
	load_as(&l, "d.json", text, 2 * n, TS_FORMAT_AUTO);
	assert_int_equal(l.rc, TS_EIO);
	assert_non_null(strstr(l.err.message, "nested more than 1000 levels"));
	assert_int_equal(l.err.line, 1);
	unload(&l);
	free(text);
}

static void
test_empty_inputs(void **state)
{
	struct loaded l;

	(void)state;
	load_as(&l, "e.json", "", 0, TS_FORMAT_AUTO);
	assert_int_equal(l.rc, TS_EIO);
	assert_non_null(strstr(l.err.message, "empty"));
	unload(&l);
	load_as(&l, "-", "  \n", 3, TS_FORMAT_NDJSON);
	assert_int_equal(l.rc, TS_EIO);
	unload(&l);
	/* An empty array is an empty table, like a CSV header alone. */
	load(&l, "e.json", " [ ] ");
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_count(l.st), 0);
	unload(&l);
}

static void
test_detect(void **state)
{
	static const char two_lines[] = "{\"a\": \"}{\"}\n{\"a\": 2}\n";
	static const char one_records[] = "{\"records\": []}\n";

	(void)state;
	assert_int_equal(ts_input_detect("x.csv", "[1]", 3), TS_FORMAT_CSV);
	assert_int_equal(ts_input_detect("x.TSV", "", 0), TS_FORMAT_CSV);
	assert_int_equal(ts_input_detect("x.jsonl", "[]", 2), TS_FORMAT_NDJSON);
	assert_int_equal(ts_input_detect("x.ndjson", "", 0), TS_FORMAT_NDJSON);
	assert_int_equal(ts_input_detect("x.json", "year,x\n", 7), TS_FORMAT_JSON);
	assert_int_equal(ts_input_detect("-", "\xEF\xBB\xBF \n[", 6), TS_FORMAT_JSON);
	assert_int_equal(ts_input_detect("-", "year,n\n", 7), TS_FORMAT_CSV);
	assert_int_equal(ts_input_detect("-", "", 0), TS_FORMAT_CSV);
	assert_int_equal(ts_input_detect("-", two_lines, strlen(two_lines)), TS_FORMAT_NDJSON);
	/* Objects one per line are never valid JSON, whatever the name says. */
	assert_int_equal(ts_input_detect("x.json", two_lines, strlen(two_lines)),
	    TS_FORMAT_NDJSON);
	assert_int_equal(ts_input_detect("-", one_records, strlen(one_records)),
	    TS_FORMAT_JSON);
	assert_int_equal(ts_input_detect("-", "{\"a\": 1}", 8), TS_FORMAT_NDJSON);
	assert_int_equal(ts_input_detect("x.json", "{\"a\": 1}", 8), TS_FORMAT_JSON);
	assert_int_equal(ts_input_detect("-", "{\"a\": 1,\n\"b\": 2}", 16), TS_FORMAT_JSON);
}

static void
test_parse_format(void **state)
{
	enum ts_input_format f = TS_FORMAT_CSV;

	(void)state;
	assert_int_equal(ts_input_parse_format("ndjson", &f), 0);
	assert_int_equal(f, TS_FORMAT_NDJSON);
	assert_int_equal(ts_input_parse_format("auto", &f), 0);
	assert_int_equal(f, TS_FORMAT_AUTO);
	assert_int_equal(ts_input_parse_format("JSON", &f), -1);
}

static void
test_forced_format(void **state)
{
	static const char text[] = "{\"year\": 2014, \"investigations\": 3}\n";
	struct loaded l;

	(void)state;
	/* Named .csv but forced to NDJSON: the option wins. */
	load_as(&l, "x.csv", text, strlen(text), TS_FORMAT_NDJSON);
	assert_int_equal(l.rc, 0);
	assert_int_equal(ts_store_count(l.st), 1);
	unload(&l);
}

/* NDJSON files are read in blocks of 1 MiB: lines cut at a block edge, and
 * a line longer than a block, read the same as from memory. */
static void
test_ndjson_stream(void **state)
{
	char dir[] = "/tmp/ts-json-XXXXXX", path[64];
	size_t n = 40000, i, big = 3u << 20;
	struct ts_load_options opt = { 0 };
	struct loaded l;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.ndjson", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("\xEF\xBB\xBF", fp);
	for (i = 0; i < n; i++) {
		fprintf(fp, "{\"year\": %zu, \"investigations\": %zu}\n", 2000 + i % 20, i);
		if (i == n / 2) {
			fputs("{\"year\": 2014, \"note\": \"", fp);
			for (size_t k = 0; k < big; k++)
				putc('x', fp);
			fputs("\", \"investigations\": 1}\n", fp);
		}
	}
	fputs("{\"year\": 2014, \"investigations\": 7}", fp);
	assert_int_equal(fclose(fp), 0);
	memset(&l, 0, sizeof l);
	l.st = ts_store_new();
	assert_non_null(l.st);
	l.rc = ts_input_load(l.st, path, &opt, &l.diags, &l.err);
	unlink(path);
	rmdir(dir);
	assert_int_equal(l.rc, 0);
	assert_string_equal(ts_store_input_info_c(l.st, 0)->format, "ndjson");
	assert_int_equal(ts_store_count(l.st), n + 2);
	/* "note" first appears past the first MiB, which settled the
	 * columns: a warning, the record kept. */
	assert_int_equal(l.diags.count, 1);
	assert_int_equal(l.diags.items[0].kind, TS_DIAG_WARNING);
	assert_non_null(strstr(l.diags.items[0].message, "key \"note\" first appears"));
	assert_int_equal(ts_store_get_count(l.st, 100, TS_INVESTIGATIONS), 100);
	assert_int_equal(ts_store_line(l.st, 100), 101);
	assert_int_equal(ts_store_get_count(l.st, n, TS_INVESTIGATIONS), n - 1);
	assert_int_equal(ts_store_line(l.st, n), n + 1);
	assert_int_equal(strlen(dim_value(&l, n / 2 + 1, "note")), big);
	assert_int_equal(ts_store_line(l.st, n + 1), n + 2);
	assert_int_equal(ts_store_get_count(l.st, n + 1, TS_INVESTIGATIONS), 7);
	unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_of_objects),
		cmocka_unit_test(test_records_object),
		cmocka_unit_test(test_ndjson),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_malformed_position),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_forced_format),
		cmocka_unit_test(test_ndjson_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
