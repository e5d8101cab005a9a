/* test_fields.c — header matching, count cells and periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ts_fields.h"
#include "ts_period.h"

static enum ts_field
match(const char *s)
{
	return ts_fields_match(s, strlen(s));
}

static void
test_header_matching(void **state)
{
	(void)state;
	assert_int_equal(match("Investigations"), TS_F_INVESTIGATIONS);
	assert_int_equal(match("AÑO"), TS_F_YEAR);
	assert_int_equal(match("Año"), TS_F_YEAR);
	assert_int_equal(match("Sentencias condenatorias"), TS_F_CONVICTIONS);
	assert_int_equal(match("sentencias_condenatorias"), TS_F_CONVICTIONS);
	assert_int_equal(match("Entidad-Federativa"), TS_F_JURISDICTION);
	assert_int_equal(match("CASE_ID"), TS_F_CASE_ID);
	assert_int_equal(match("level"), TS_F_NONE);
	assert_int_equal(match(""), TS_F_NONE);
	assert_string_equal(ts_field_name(TS_F_CONVICTIONS), "convictions");
	assert_int_equal(ts_field_by_name("victims"), TS_F_VICTIMS);
	assert_non_null(ts_fields_alias(TS_F_YEAR, 0));
}

static enum ts_count_parse
count(const char *s, int64_t *v)
{
	return ts_parse_count(s, strlen(s), v);
}

static void
test_counts(void **state)
{
	int64_t v = -1;

	(void)state;
	assert_int_equal(count("229", &v), TS_COUNT_OK);
	assert_int_equal(v, 229);
	assert_int_equal(count(" 10,051 ", &v), TS_COUNT_OK);
	assert_int_equal(v, 10051);
	assert_int_equal(count("10.051", &v), TS_COUNT_OK);
	assert_int_equal(v, 10051);
	assert_int_equal(count("1 234 567", &v), TS_COUNT_OK);
	assert_int_equal(v, 1234567);
	assert_int_equal(count("1\xc2\xa0" "234", &v), TS_COUNT_OK);
	assert_int_equal(v, 1234);
	assert_int_equal(count("9223372036854775807", &v), TS_COUNT_OK);
	assert_int_equal(count("9223372036854775808", &v), TS_COUNT_TOO_BIG);
	assert_int_equal(count("", &v), TS_COUNT_MISSING);
	assert_int_equal(count("NA", &v), TS_COUNT_MISSING);
	assert_int_equal(count("n/a", &v), TS_COUNT_MISSING);
	assert_int_equal(count("\xe2\x80\x94", &v), TS_COUNT_MISSING);
	assert_int_equal(count("-", &v), TS_COUNT_MISSING);
	assert_int_equal(count("abc", &v), TS_COUNT_BAD);
	assert_int_equal(count("-5", &v), TS_COUNT_BAD);
	assert_int_equal(count("1.5", &v), TS_COUNT_BAD);
	assert_int_equal(count("1,23", &v), TS_COUNT_BAD);
	assert_int_equal(count("1,234.567", &v), TS_COUNT_BAD);
	assert_int_equal(count("1234,567", &v), TS_COUNT_BAD);
	assert_int_equal(count(",123", &v), TS_COUNT_BAD);
	assert_int_equal(count("12e3", &v), TS_COUNT_BAD);
}

static void
test_more_aliases_and_folding(void **state)
{
	(void)state;
	assert_int_equal(match("Carpetas de investigaci\xc3\xb3n"), TS_F_INVESTIGATIONS);
	assert_int_equal(match("ENQU\xc3\x8aTES"), TS_F_INVESTIGATIONS);
	assert_int_equal(match("Inqu\xc3\xa9ritos"), TS_F_INVESTIGATIONS);
	assert_int_equal(match("Poursuites"), TS_F_PROSECUTIONS);
	assert_int_equal(match("Condena\xc3\xa7\xc3\xb5" "es"), TS_F_CONVICTIONS);
	assert_int_equal(match("Dependencia"), TS_F_AGENCY);
	assert_int_equal(match("Fecha de cierre"), TS_F_CLOSED);
	assert_int_equal(match("investigations\xc2\xa0"), TS_F_INVESTIGATIONS);
	assert_true(ts_fields_same("Entidad Federativa", 18, "entidad_federativa", 18));
	assert_false(ts_fields_same("entidad", 7, "entidades", 9));
	assert_false(ts_fields_same("", 0, "a", 1));
	assert_true(ts_fields_same("", 0, " - ", 3));
}

static enum ts_outcome
outcome(const char *s)
{
	return ts_fields_outcome(s, strlen(s));
}

static void
test_outcome_words(void **state)
{
	(void)state;
	assert_int_equal(outcome("convicted"), TS_OUTCOME_CONVICTED);
	assert_int_equal(outcome("CONDENADO"), TS_OUTCOME_CONVICTED);
	assert_int_equal(outcome("Sentencia condenatoria"), TS_OUTCOME_CONVICTED);
	assert_int_equal(outcome("condamn\xc3\xa9"), TS_OUTCOME_CONVICTED);
	assert_int_equal(outcome("Condamne"), TS_OUTCOME_CONVICTED);
	assert_int_equal(outcome("en investigacion"), TS_OUTCOME_OPEN);
	assert_int_equal(outcome("En tr\xc3\xa1mite"), TS_OUTCOME_OPEN);
	assert_int_equal(outcome("pending"), TS_OUTCOME_OPEN);
	assert_int_equal(outcome("Vinculado a proceso"), TS_OUTCOME_CHARGED);
	assert_int_equal(outcome("prosecuted"), TS_OUTCOME_CHARGED);
	assert_int_equal(outcome("poursuivi"), TS_OUTCOME_CHARGED);
	assert_int_equal(outcome("ABSUELTO"), TS_OUTCOME_ACQUITTED);
	assert_int_equal(outcome("acquitt\xc3\xa9"), TS_OUTCOME_ACQUITTED);
	assert_int_equal(outcome("No ejercicio de la acci\xc3\xb3n penal"), TS_OUTCOME_DISMISSED);
	assert_int_equal(outcome("class\xc3\xa9 sans suite"), TS_OUTCOME_DISMISSED);
	assert_int_equal(outcome("perdido"), TS_OUTCOME_NONE);
	assert_int_equal(outcome(""), TS_OUTCOME_NONE);
	assert_true(ts_outcome_prosecuted(TS_OUTCOME_CHARGED));
	assert_true(ts_outcome_prosecuted(TS_OUTCOME_CONVICTED));
	assert_true(ts_outcome_prosecuted(TS_OUTCOME_ACQUITTED));
	assert_false(ts_outcome_prosecuted(TS_OUTCOME_OPEN));
	assert_false(ts_outcome_prosecuted(TS_OUTCOME_DISMISSED));
	assert_string_equal(ts_outcome_name(TS_OUTCOME_ACQUITTED), "acquitted");
	assert_string_equal(ts_fields_outcome_word(TS_OUTCOME_OPEN, 0), "open");
	assert_null(ts_fields_outcome_word(TS_OUTCOME_OPEN, 1000));
}

static void
test_missing_markers(void **state)
{
	int64_t v = -1;

	(void)state;
	assert_int_equal(count("N/D", &v), TS_COUNT_MISSING);
	assert_int_equal(count("s.d.", &v), TS_COUNT_MISSING);
	assert_int_equal(count("S/D", &v), TS_COUNT_MISSING);
	assert_int_equal(count(" \xc2\xa0", &v), TS_COUNT_MISSING);
	assert_int_equal(count("\xc2\xa0" "12\xc2\xa0", &v), TS_COUNT_OK);
	assert_int_equal(v, 12);
	assert_int_equal(count("10\xc2\xa0" "051", &v), TS_COUNT_OK);
	assert_int_equal(v, 10051);
	assert_int_equal(count("1.234", &v), TS_COUNT_OK);
	assert_int_equal(v, 1234);
	assert_int_equal(count("x", &v), TS_COUNT_BAD);
}

static void
test_periods(void **state)
{
	struct ts_period p, y;
	char buf[32];
	int yy, mm, dd;

	(void)state;
	assert_int_equal(ts_period_parse("2014", 4, 0, &p), 0);
	assert_int_equal(p.precision, TS_PREC_YEAR);
	assert_int_equal(p.hi - p.lo, 364);
	assert_int_equal(ts_period_parse("2016-02-29", 10, 0, &p), 0);
	assert_int_equal(ts_period_parse("2014-02-29", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("2014-02-30", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("99999-01-01", 11, 0, &p), -1);
	assert_int_equal(ts_period_parse("05/03/2014", 10, 0, &p), -1);
	assert_int_equal(ts_period_parse("05/03/2014", 10, 1, &p), 0);
	ts_civil_from_days(p.lo, &yy, &mm, &dd);
	assert_int_equal(yy * 10000 + mm * 100 + dd, 20140305);
	assert_int_equal(ts_period_parse("2009-01..2014-06", 16, 0, &p), 0);
	assert_int_equal(p.precision, TS_PREC_RANGE);
	ts_period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2009-01..2014-06");
	y = ts_period_at(&p, TS_PREC_YEAR);
	assert_int_equal(y.precision, TS_PREC_RANGE);   /* spans years */
	assert_int_equal(ts_period_parse("2014-03-17", 10, 0, &p), 0);
	y = ts_period_at(&p, TS_PREC_QUARTER);
	ts_period_format(&y, buf, sizeof buf);
	assert_string_equal(buf, "2014-Q1");
	assert_int_equal(ts_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(ts_days_from_civil(2000, 3, 1), 11017);
}

/* The fold of group labels, which --where and the label pass share:
 * case, accents, spacing and ASCII punctuation go; letters of other
 * scripts and digits stay; the value is never cut in a buffer of len + 1. */
static void
test_label_folding(void **state)
{
	char buf[64];
	const char *s;

	(void)state;
	s = "P.G.R.";
	assert_int_equal(ts_fields_fold_label(s, strlen(s), buf, strlen(s) + 1), 3);
	assert_string_equal(buf, "pgr");
	s = "Michoac\xc3\xa1n (Edo.)";
	ts_fields_fold_label(s, strlen(s), buf, strlen(s) + 1);
	assert_string_equal(buf, "michoacanedo");
	s = "PGR, FEVIMTRA";
	ts_fields_fold_label(s, strlen(s), buf, strlen(s) + 1);
	assert_string_equal(buf, "pgrfevimtra");
	s = "Distrito 07/\xce\x91";      /* a Greek capital alpha stays */
	ts_fields_fold_label(s, strlen(s), buf, strlen(s) + 1);
	assert_string_equal(buf, "distrito07\xce\x91");
	/* A short buffer: cut, and still terminated. */
	s = "Chiapas";
	assert_int_equal(ts_fields_fold_label(s, strlen(s), buf, 4), 3);
	assert_string_equal(buf, "chi");
	/* Punctuation counts toward a short buffer's limit, as it would
	 * have in ts_fields_fold(): "a,b,c" in 3 bytes is "a". */
	s = "a,b,c";
	assert_int_equal(ts_fields_fold_label(s, strlen(s), buf, 3), 1);
	assert_string_equal(buf, "a");
}

static void
test_label_folding_ascii_path(void **state)
{
	/* ASCII labels take a one-pass path; a label that starts with "é"
	 * takes the general one from its start.  So the fold of "é" + s is
	 * "e" and then the fold of s, in a buffer one byte longer, for any
	 * ASCII s and any buffer: 200,000 random labels of letters, digits,
	 * punctuation, spaces and controls. */
	static const char alphabet[] = "aZ09 -_.\t\n\r,;:/()'\"#&*+!?\x01\x1f\x7f";
	char s[40], t[42], a[48], b[48];
	unsigned x = 12345;
	size_t k, n, i, size, la, lb;

	(void)state;
	for (k = 0; k < 200000; k++) {
		x = x * 1103515245u + 12345u;
		n = (x >> 16) % 32;
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			s[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
		}
		memcpy(t, "\xc3\xa9", 2);
		memcpy(t + 2, s, n);
		x = x * 1103515245u + 12345u;
		size = (x >> 16) % (n + 3);
		memset(a, '#', sizeof a);
		memset(b, '#', sizeof b);
		la = ts_fields_fold_label(s, n, a, size);
		lb = ts_fields_fold_label(t, n + 2, b, size + 1);
		if (size == 0) {
			assert_int_equal(la, 0);
			assert_int_equal(a[0], '#');        /* nothing written */
			continue;
		}
		assert_int_equal(lb, la + 1);
		assert_int_equal(b[0], 'e');
		assert_memory_equal(a, b + 1, la + 1);      /* the NUL too */
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_matching),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_more_aliases_and_folding),
		cmocka_unit_test(test_outcome_words),
		cmocka_unit_test(test_missing_markers),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_label_folding),
		cmocka_unit_test(test_label_folding_ascii_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
