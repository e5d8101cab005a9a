/* test_group_threads.c — grouping on two threads gives, byte for byte, the
 * report of one thread: the same groups in the same order, the same sums,
 * cohort figures and comparisons, the same error when a sum overflows. */
#define _GNU_SOURCE             /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_input.h"
#include "ts_report.h"

/* Enough rows that the report splits them (group.c: SPLIT_MIN). */
#define ROWS 300000

static const char *const places[] = { "Oaxaca", "Puebla", "Sonora", "Yucatán", "Colima" };
static const char *const outcomes[] = { "open", "charged", "convicted", "acquitted",
	"dismissed", "convicted" };

/* A case list whose second half brings jurisdictions and years the first
 * lacks, so that the fold must add groups after the first half's. */
static char *
case_list(size_t *len)
{
	size_t cap = (size_t)ROWS * 64 + 128, n = 0, i;
	char *s = malloc(cap);
	uint32_t x = 2463534242u;

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "case_id,opened,jurisdiction,outcome,closed\n");
	for (i = 0; i < ROWS; i++) {
		int late = i >= ROWS / 2, y, m, d;
		const char *o;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		y = 2010 + (int)(x % (late ? 14 : 8));
		m = 1 + (int)(x >> 8) % 12;
		d = 1 + (int)(x >> 12) % 28;
		o = outcomes[(x >> 16) % 6];
		n += (size_t)snprintf(s + n, cap - n, "C%zu,%d-%02d-%02d,%s,%s,", i, y, m, d,
		    late && (x >> 20) % 7 == 0 ? "Zacatecas" : places[(x >> 4) % (late ? 5 : 4)], o);
		if (strcmp(o, "convicted") == 0 || strcmp(o, "acquitted") == 0)
			n += (size_t)snprintf(s + n, cap - n, "%d-%02d-%02d", y + 1 + (int)(x >> 24) % 3,
			    m, d);
		s[n++] = '\n';
	}
	*len = n;
	return s;
}

/* The JSON report of csv grouped by `by` on `threads` threads, or the
 * error's message. */
static char *
report(const char *csv, size_t len, const char *by, enum ts_basis basis, int threads)
{
	struct ts_load_options lo = { 0 };
	struct ts_report_options ro;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_store *st = ts_store_new();
	struct ts_result *res = NULL;
	char names[64], *p, *save = NULL, *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	memset(&err, 0, sizeof err);
	memset(&ro, 0, sizeof ro);
	ro.method = TS_CI_WILSON;
	ro.level = 0.95;
	ro.basis = basis;
	ro.threads = threads;
	assert_non_null(st);
	assert_int_equal(ts_input_load_mem(st, "mem", csv, len, &lo, &diags, &err), 0);
	snprintf(names, sizeof names, "%s", by);
	for (p = strtok_r(names, ",", &save); p; p = strtok_r(NULL, ",", &save))
		assert_int_equal(ts_report_resolve_by(st, p, &ro.by[ro.nby++], &err), 0);
	if (ts_report_build(st, &ro, &diags, &res, &err) != 0) {
		out = strdup(err.message);
	} else {
		fp = open_memstream(&out, &outlen);
		assert_non_null(fp);
		assert_int_equal(ts_report_write_json(fp, res), 0);
		fclose(fp);
	}
	assert_non_null(out);
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	return out;
}

static void
expect_same(const char *csv, size_t len, const char *by, enum ts_basis basis)
{
	char *one = report(csv, len, by, basis, 1), *two = report(csv, len, by, basis, 2);

	assert_string_equal(one, two);
	free(one);
	free(two);
}

static void
test_case_list(void **state)
{
	size_t len;
	char *csv = case_list(&len);

	(void)state;
	expect_same(csv, len, "year,jurisdiction", TS_BASIS_COHORT);
	expect_same(csv, len, "jurisdiction", TS_BASIS_COHORT);
	expect_same(csv, len, "", TS_BASIS_COHORT);
	expect_same(csv, len, "year", TS_BASIS_PERIOD);
	free(csv);
}

/* A counts table whose second half passes INT64_MAX: both find it, and
 * name the same row. */
static void
test_overflow(void **state)
{
	size_t cap = (size_t)ROWS * 40, n = 0, i;
	char *csv = malloc(cap), *one, *two;

	(void)state;
	assert_non_null(csv);
	n += (size_t)snprintf(csv + n, cap - n, "year,jurisdiction,investigations,convictions\n");
	for (i = 0; i < ROWS; i++)
		n += (size_t)snprintf(csv + n, cap - n, "%zu,%s,%s,1\n", 2000 + i % 20, places[i % 5],
		    i > ROWS - 10 ? "4611686018427387904" : "3");
	one = report(csv, n, "year", TS_BASIS_COHORT, 1);
	two = report(csv, n, "year", TS_BASIS_COHORT, 2);
	assert_non_null(strstr(one, "passes"));
	assert_string_equal(one, two);
	free(one);
	free(two);
	free(csv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_list),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
