/* test_load.c — the CSV loader: mapping, counts, rejects and their lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_fields.h"
#include "ts_input.h"
#include "ts_period.h"

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
	/* The bad count cell is rejected alone: its record stays. */
	assert_int_equal(ts_store_count(l.st), 3);
	assert_int_equal(l.diags.count, 2);
	assert_int_equal(l.diags.items[0].line, 4);
	assert_string_equal(l.diags.items[0].message,
	    "field 'convictions': \"abc\" is not a count");
	assert_int_equal(ts_store_get_count(l.st, 1, TS_INVESTIGATIONS), 20);
	assert_int_equal(ts_store_get_count(l.st, 1, TS_CONVICTIONS), TS_MISSING);
	assert_int_equal(l.diags.items[1].line, 6);
	assert_int_equal(ts_store_line(l.st, 2), 7);   /* no final newline */
	in = ts_store_input_info_c(l.st, 0);
	assert_int_equal(in->rows, 4);
	assert_int_equal(in->rejected, 1);
	assert_int_equal(in->layout.rejected_cells, 1);
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

/* Loads text from memory with options; the store may already hold inputs. */
static int
load_opt(struct loaded *l, const char *name, const char *text, size_t len,
    const struct ts_load_options *opt)
{
	memset(&l->err, 0, sizeof l->err);
	l->rc = ts_input_load_mem(l->st, name, text, len, opt, &l->diags, &l->err);
	return l->rc;
}

static void
fresh(struct loaded *l)
{
	memset(l, 0, sizeof *l);
	l->st = ts_store_new();
	assert_non_null(l->st);
}

static void
test_tsv_keeps_tabs_and_empty_cells(void **state)
{
	/* An empty cell between two tabs must stay a cell: libcsv's default
	 * would trim tabs as spaces and shift the columns. */
	static const char text[] =
	    "year\tjurisdiction\tinvestigations\tconvictions\n"
	    "2014\t\t229\t19\n"
	    "2015\t Puebla \t10\t\n";
	struct ts_load_options opt = { 0 };
	struct loaded l;
	int dim;

	(void)state;
	fresh(&l);
	assert_int_equal(load_opt(&l, "t.tsv", text, sizeof text - 1, &opt), 0);
	assert_int_equal(l.diags.count, 0);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->delimiter, '\t');
	assert_int_equal(ts_store_get_count(l.st, 0, TS_INVESTIGATIONS), 229);
	assert_true(ts_store_get_count(l.st, 1, TS_CONVICTIONS) == TS_MISSING);
	dim = ts_store_find_dim(l.st, "jurisdiction");
	assert_string_equal(ts_store_string(l.st, ts_store_dim_id(l.st, 0, (size_t)dim)), "");
	assert_string_equal(ts_store_string(l.st, ts_store_dim_id(l.st, 1, (size_t)dim)), "Puebla");
	unload(&l);
}

static void
test_delimiter_sniffed_and_forced(void **state)
{
	static const char semi[] = "\"a,b\";year;investigations\nx;2014;\"1.234\"\n";
	static const char pipe[] = "year|investigations\r2014|5\r2015|x\r";
	struct ts_load_options opt = { 0 };
	struct loaded l;

	(void)state;
	fresh(&l);
	assert_int_equal(load_opt(&l, "s.csv", semi, sizeof semi - 1, &opt), 0);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->delimiter, ';');
	assert_int_equal(ts_store_get_count(l.st, 0, TS_INVESTIGATIONS), 1234);
	assert_true(ts_store_find_dim(l.st, "a,b") >= 0);
	/* CR-only line ends: the bad row is on physical line 3. */
	assert_int_equal(load_opt(&l, "p.csv", pipe, sizeof pipe - 1, &opt), 0);
	assert_int_equal(ts_store_input_info_c(l.st, 1)->delimiter, '|');
	assert_int_equal(l.diags.count, 1);
	assert_int_equal(l.diags.items[0].line, 3);
	/* Forced: the header is one column, so there is no count column. */
	opt.delimiter = ',';
	assert_int_equal(load_opt(&l, "p2.csv", pipe, sizeof pipe - 1, &opt), TS_EIO);
	unload(&l);
}

static void
test_map_wins_over_aliases(void **state)
{
	static const char text[] = "Year,Condenas,Sentencias firmes,investigations\n2014,7,3,10\n";
	static const char other[] = "year,Condenas,investigations\n2015,4,9\n";
	struct ts_load_options opt = { 0 };
	struct loaded l;

	(void)state;
	opt.maps[0].field = TS_F_CONVICTIONS;
	opt.maps[0].column = "sentencias_firmes";
	opt.maps[1].field = TS_F_PROSECUTIONS;
	opt.maps[1].column = "no such column";
	opt.nmaps = 2;
	fresh(&l);
	assert_int_equal(load_opt(&l, "m.csv", text, sizeof text - 1, &opt), 0);
	assert_int_equal(ts_store_get_count(l.st, 0, TS_CONVICTIONS), 3);
	/* The alias column lost its field and stays groupable by name. */
	assert_true(ts_store_find_dim(l.st, "Condenas") >= 0);
	assert_int_equal(ts_diags_count(&l.diags, TS_DIAG_WARNING), 1);
	assert_non_null(strstr(l.diags.items[0].message, "no such column"));
	/* A pooled file without the mapped column gives no convictions (not
	 * its alias column's), with a warning. */
	assert_int_equal(load_opt(&l, "n.csv", other, sizeof other - 1, &opt), 0);
	assert_int_equal(ts_store_get_count(l.st, 1, TS_CONVICTIONS), TS_MISSING);
	assert_int_equal(ts_store_get_count(l.st, 1, TS_INVESTIGATIONS), 9);
	unload(&l);
}

static void
test_case_list(void **state)
{
	static const char a[] =
	    "Expediente;Fecha;Entidad;Resultado;Fecha de cierre\n"
	    "A1;2014-03-01;Puebla;Condenado;2015-01-01\n"
	    "A2;2014-03-01;Puebla;en investigaci\xc3\xb3n;\n"
	    "A3;2014-03-01;Puebla;ABSUELTO;2013-12-31\n"
	    "A4;2014-03-01;Puebla;vinculado a proceso;NA\n"
	    "A5;2031-01-01;Puebla;archivado;2032-01-01\n"
	    "A6;2014-03-01;Puebla;perdido;\n";
	static const char b[] = "case_id,outcome\nA4,dismissed\n,open\n";
	static const char mixed[] = "outcome,convictions\nopen,1\n";
	struct ts_load_options opt = { 0 };
	struct loaded l;
	int64_t sums[TS_NCOUNTS] = { 0 };
	size_t i, c;

	(void)state;
	opt.has_today = 1;
	opt.today = ts_days_from_civil(2026, 11, 27);
	fresh(&l);
	assert_int_equal(load_opt(&l, "a.csv", a, sizeof a - 1, &opt), 0);
	assert_int_equal(load_opt(&l, "b.csv", b, sizeof b - 1, &opt), 0);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->shape, TS_SHAPE_CASES);
	assert_int_equal(ts_store_input_info_c(l.st, 0)->rejected, 1);
	assert_int_equal(ts_store_count(l.st), 7);
	for (i = 0; i < 5; i++)
		for (c = 0; c < TS_NCOUNTS; c++)
			if (ts_store_get_count(l.st, i, (enum ts_count)c) != TS_MISSING)
				sums[c] += ts_store_get_count(l.st, i, (enum ts_count)c);
	assert_int_equal(sums[TS_INVESTIGATIONS], 5);
	assert_int_equal(sums[TS_PROSECUTIONS], 3);
	assert_int_equal(sums[TS_CONVICTIONS], 1);
	assert_int_equal(sums[TS_ACQUITTALS], 1);
	assert_int_equal(ts_store_outcome(l.st, 0), TS_OUTCOME_CONVICTED);
	assert_int_equal(ts_store_closed(l.st, 0), ts_days_from_civil(2015, 1, 1));
	assert_true(ts_store_closed(l.st, 1) == TS_NO_DAY);
	assert_true(ts_store_closed(l.st, 3) == TS_NO_DAY);
	/* Without keep_case_ids a case id is only its fingerprint. */
	assert_null(ts_store_case_text(l.st, 5, NULL));
	assert_true(ts_store_case_fp(l.st, 5) == ts_store_case_fingerprint("A4", 2));
	assert_true(ts_store_case_fp(l.st, 6) == 0);
	/* Warnings: closed before the period (line 4), period and closed in
	 * the future (line 6), A4 twice across files; the bad word rejected. */
	assert_int_equal(ts_diags_count(&l.diags, TS_DIAG_REJECT), 1);
	assert_int_equal(ts_diags_count(&l.diags, TS_DIAG_WARNING), 4);
	for (i = 0; i < l.diags.count; i++) {
		const struct ts_diag *d = &l.diags.items[i];
		if (d->kind == TS_DIAG_REJECT) {
			assert_int_equal(d->line, 7);
			assert_non_null(strstr(d->message, "\"perdido\" is not an outcome"));
			assert_non_null(strstr(d->message, "convicted"));
		}
	}
	assert_int_equal(l.diags.items[0].line, 4);
	assert_non_null(strstr(l.diags.items[0].message, "before"));
	assert_int_equal(l.diags.items[1].line, 6);
	assert_int_equal(l.diags.items[2].line, 6);
	assert_int_equal(l.diags.items[4].input, 1);
	assert_int_equal(l.diags.items[4].line, 2);
	assert_non_null(strstr(l.diags.items[4].message, "\"A4\" repeats the case at a.csv:5"));
	assert_int_equal(load_opt(&l, "c.csv", mixed, sizeof mixed - 1, &opt), TS_EIO);
	assert_non_null(strstr(l.err.message, "case list"));
	unload(&l);
}

static void
test_consistency_warnings_in_counts(void **state)
{
	static const char text[] =
	    "year,investigations,prosecutions,convictions\n"
	    "2014,10,12,11\n"
	    "2014,10,NA,3\n";
	struct ts_load_options opt = { 0 };
	struct loaded l;

	(void)state;
	fresh(&l);
	assert_int_equal(load_opt(&l, "w.csv", text, sizeof text - 1, &opt), 0);
	assert_int_equal(ts_store_count(l.st), 2);
	assert_int_equal(l.diags.count, 2);
	assert_int_equal(l.diags.items[0].kind, TS_DIAG_WARNING);
	assert_string_equal(l.diags.items[0].message, "convictions (11) exceed investigations (10)");
	assert_string_equal(l.diags.items[1].message, "prosecutions (12) exceed investigations (10)");
	unload(&l);
}

static void
test_windows_1252_and_utf16_inputs(void **state)
{
	static const char cp[] = "A\xf1o;Entidad federativa;Averiguaciones previas\r\n"
	    "2014;Michoac\xe1n;1.234\r\n";
	static const char u16[] = "\xff\xfey\0e\0a\0r\0\t\0c\0a\0s\0e\0s\0\r\0\n\0"
	    "2\0" "0\0" "1\0" "4\0\t\0" "5\0\r\0\n\0";
	struct ts_load_options opt = { 0 };
	struct loaded l;
	int dim;

	(void)state;
	fresh(&l);
	assert_int_equal(load_opt(&l, "cp.csv", cp, sizeof cp - 1, &opt), 0);
	assert_string_equal(ts_store_input_info_c(l.st, 0)->encoding, "Windows-1252");
	dim = ts_store_find_dim(l.st, "jurisdiction");
	assert_string_equal(ts_store_string(l.st, ts_store_dim_id(l.st, 0, (size_t)dim)),
	    "Michoac\xc3\xa1n");
	assert_int_equal(ts_store_get_count(l.st, 0, TS_INVESTIGATIONS), 1234);
	assert_int_equal(load_opt(&l, "u16.txt", u16, sizeof u16 - 1, &opt), 0);
	assert_string_equal(ts_store_input_info_c(l.st, 1)->encoding, "UTF-16LE");
	assert_int_equal(ts_store_get_count(l.st, 1, TS_INVESTIGATIONS), 5);
	assert_int_equal(ts_store_line(l.st, 1), 2);
	unload(&l);
}

static void
test_wide_header_is_not_quadratic(void **state)
{
	/* 200,000 columns: the column lookup is a hash; the columns past the
	 * limit that match no field are left out with one warning. */
	size_t n = 200000, i, len = 0, cap = n * 10 + 64;
	char *text = malloc(cap);
	struct ts_load_options opt = { 0 };
	struct loaded l;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "c%zu,", i);
	len += (size_t)snprintf(text + len, cap - len, "convictions\n");
	for (i = 0; i < n; i++)
		text[len++] = ',';
	len += (size_t)snprintf(text + len, cap - len, "7\n");
	fresh(&l);
	assert_int_equal(load_opt(&l, "wide.csv", text, len, &opt), 0);
	assert_int_equal(ts_store_get_count(l.st, 0, TS_CONVICTIONS), 7);
	assert_int_equal(ts_diags_count(&l.diags, TS_DIAG_WARNING), 1);
	assert_true(ts_store_find_dim(l.st, "c0") >= 0);
	assert_true(ts_store_find_dim(l.st, "c199999") < 0);
	free(text);
	unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_table),
		cmocka_unit_test(test_reject_lines_after_multiline_field),
		cmocka_unit_test(test_whole_file_faults),
		cmocka_unit_test(test_load_from_memory),
		cmocka_unit_test(test_tsv_keeps_tabs_and_empty_cells),
		cmocka_unit_test(test_delimiter_sniffed_and_forced),
		cmocka_unit_test(test_map_wins_over_aliases),
		cmocka_unit_test(test_case_list),
		cmocka_unit_test(test_consistency_warnings_in_counts),
		cmocka_unit_test(test_windows_1252_and_utf16_inputs),
		cmocka_unit_test(test_wide_header_is_not_quadratic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
