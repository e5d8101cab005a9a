/* test_row_memo.c — the row map's memos of text, outcome and date cells
 * give what the cells say, whatever the order and however alike the
 * cells look: values that share their length and first and last eight
 * bytes (one memo set), values too long to keep, a NUL byte in a value
 * the memo knows the look of, outcome words spelt several ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_fields.h"
#include "ts_rowmap.h"

struct fixture {
	struct ts_store *st;
	struct ts_rowmap *m;
	struct ts_diags diags;
	struct ts_error err;
	struct ts_load_options opt;
	long col[5];
};

/* A case list: case_id, opened, jurisdiction, outcome, closed. */
static void
open_list(struct fixture *f)
{
	static const char *const names[5] = {
		"case_id", "opened", "jurisdiction", "outcome", "closed",
	};
	size_t i;

	memset(f, 0, sizeof *f);
	f->st = ts_store_new();
	assert_non_null(f->st);
	assert_int_equal(ts_store_add_input(f->st, "t.csv"), 0);
	f->m = ts_rowmap_new(f->st, 0, &f->opt, &f->diags);
	assert_non_null(f->m);
	for (i = 0; i < 5; i++)
		f->col[i] = ts_rowmap_column(f->m, names[i], strlen(names[i]), 1, &f->err);
	assert_int_equal(ts_rowmap_columns_done(f->m, 1, &f->err), 0);
}

static void
close_list(struct fixture *f)
{
	ts_rowmap_free(f->m);
	ts_store_free(f->st);
	ts_diags_free(&f->diags);
}

/* One row; cells given with their lengths (they may hold NUL bytes). */
static void
row(struct fixture *f, long line, const char *id, const char *opened,
    const char *jur, size_t jur_len, const char *outcome, const char *closed)
{
	ts_rowmap_begin(f->m, line);
	ts_rowmap_cell(f->m, (size_t)f->col[0], id, strlen(id));
	ts_rowmap_cell(f->m, (size_t)f->col[1], opened, strlen(opened));
	ts_rowmap_cell(f->m, (size_t)f->col[2], jur, jur_len);
	ts_rowmap_cell(f->m, (size_t)f->col[3], outcome, strlen(outcome));
	ts_rowmap_cell(f->m, (size_t)f->col[4], closed, strlen(closed));
	assert_int_equal(ts_rowmap_end(f->m), 0);
}

/* The k-th test value: lengths 1 to 80, many of one length sharing their
 * first and last eight bytes and differing only inside. */
static size_t
value(unsigned k, char *buf, size_t size)
{
	size_t len = 1 + k % 80, i;

	assert_true(len < size);
	for (i = 0; i < len; i++)
		buf[i] = i < 8 || i + 8 >= len ? 'a' + (char)(len % 26) :
		    (char)('A' + (k / 80 + i) % 26);
	buf[len] = '\0';
	return len;
}

static void
test_text_values(void **state)
{
	struct fixture f;
	char buf[96], id[16];
	unsigned k, n = 6000;
	size_t i, len, d;

	(void)state;
	open_list(&f);
	/* Each value twice, far apart, in a scrambled order. */
	for (i = 0; i < 2 * (size_t)n; i++) {
		k = (unsigned)((i * 7919) % n);
		len = value(k, buf, sizeof buf);
		snprintf(id, sizeof id, "C%zu", i);
		row(&f, (long)i + 2, id, "2014-03-17", buf, len, "open", "");
	}
	assert_int_equal(ts_store_count(f.st), 2 * (size_t)n);
	d = (size_t)ts_store_find_dim(f.st, "jurisdiction");
	for (i = 0; i < 2 * (size_t)n; i++) {
		value((unsigned)((i * 7919) % n), buf, sizeof buf);
		assert_string_equal(ts_store_string(f.st, ts_store_dim_id(f.st, i, d)), buf);
	}
	assert_int_equal(f.diags.count, 0);
	close_list(&f);
}

static void
test_nul_and_outcomes(void **state)
{
	static const struct { const char *word; int outcome; } words[] = {
		{ "convicted", TS_OUTCOME_CONVICTED }, { " convicted\t", TS_OUTCOME_CONVICTED },
		{ "Convicted", TS_OUTCOME_CONVICTED }, { "condenado", TS_OUTCOME_CONVICTED },
		{ "open", TS_OUTCOME_OPEN }, { "absuelto", TS_OUTCOME_ACQUITTED },
		{ "convicte", TS_OUTCOME_NONE }, { "", TS_OUTCOME_NONE },
		{ "convicteda", TS_OUTCOME_NONE },
	};
	struct fixture f;
	size_t i, k, rec = 0, rejected = 0;
	char id[16];

	(void)state;
	open_list(&f);
	row(&f, 2, "A", "2014-03-17", "Jalisco", 7, "open", "");
	/* Same length and words as "Jalisco" but a NUL inside: rejected,
	 * never taken for the value the memo holds. */
	row(&f, 3, "B", "2014-03-17", "Jal\0sco", 7, "open", "");
	assert_int_equal(f.diags.count, 1);
	assert_non_null(strstr(f.diags.items[0].message, "has a NUL byte"));
	assert_int_equal(f.diags.items[0].line, 3);
	for (k = 0; k < 3; k++) {
		for (i = 0; i < sizeof words / sizeof words[0]; i++) {
			snprintf(id, sizeof id, "X%zu-%zu", k, i);
			row(&f, (long)(10 + k * 20 + i), id, "2014-03-17", "Jalisco", 7,
			    words[i].word, "");
			if (words[i].outcome == TS_OUTCOME_NONE) {
				rejected++;
				continue;
			}
			rec++;
			assert_int_equal(ts_store_outcome(f.st, rec), words[i].outcome);
		}
	}
	assert_int_equal(ts_store_count(f.st), rec + 1);
	assert_int_equal(f.diags.count, 1 + rejected);
	close_list(&f);
}

/* Dates in months the memo knows, valid or not, and closed dates. */
static void
test_dates(void **state)
{
	static const struct { const char *opened, *closed; int ok; } rows[] = {
		{ "2014-02-28", "2014-03-01", 1 }, { "2014-02-29", "", 0 },
		{ "2016-02-29", "2016-02-29", 1 }, { "2014-02-00", "", 0 },
		{ "2014-02-1x", "", 0 }, { "2014-02-01", "2014-02-30", 0 },
		{ "2014-02-01", "na", 1 }, { "2014-02-01", " 2014-02-02 ", 1 },
	};
	struct fixture f;
	struct ts_period p;
	size_t i, k, rec = 0;
	int32_t want;

	(void)state;
	open_list(&f);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			row(&f, (long)(2 + k * 10 + i), rows[i].opened + 5, rows[i].opened, "J", 1,
			    "convicted", rows[i].closed);
			if (!rows[i].ok)
				continue;
			assert_int_equal(ts_period_parse(rows[i].opened, 10, 0, &p), 0);
			want = p.lo;
			p = ts_store_period(f.st, rec);
			assert_int_equal(p.lo, want);
			assert_int_equal(p.precision, TS_PREC_DAY);
			if (strlen(rows[i].closed) >= 10) {
				const char *c = rows[i].closed;
				while (*c == ' ')
					c++;
				assert_int_equal(ts_period_parse(c, 10, 0, &p), 0);
				assert_int_equal(ts_store_closed(f.st, rec), p.lo);
			} else {
				assert_int_equal(ts_store_closed(f.st, rec), TS_NO_DAY);
			}
			rec++;
		}
	}
	assert_int_equal(ts_store_count(f.st), rec);
	close_list(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_values),
		cmocka_unit_test(test_nul_and_outcomes),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
