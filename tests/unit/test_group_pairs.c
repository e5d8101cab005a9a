/* test_group_pairs.c — a group holds its rates' pair sums apart only when
 * they differ from its plain sums (docs/performance.md, "Many groups"):
 * the groups of a counts table where some records give investigations
 * without convictions hold their own pairs, the others none, and every
 * group's sums and pairs are as the records give them, whether the
 * cells are added up or (a negative count in the store) the records
 * are added one by one, on one thread or two. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ts_report.h"

/* More groups than the small direct map holds, more records than the
 * grouping keeps on one thread. */
#define GROUPS 70000u
#define ROWS 280000u

/* Record i: group i % GROUPS; investigations 2 + i % 5, convictions i % 3,
 * missing in the records past the first round of a group that is a
 * multiple of 4. */
static int64_t
inv_of(uint32_t i)
{
	return 2 + i % 5;
}

static int64_t
conv_of(uint32_t i)
{
	return (i % GROUPS) % 4 == 0 && i >= GROUPS ? TS_MISSING : (int64_t)(i % 3);
}

static struct ts_store *
make_store(void)
{
	struct ts_store *st = ts_store_new();
	struct ts_row row;
	uint32_t dims[1], i;
	char name[32];

	assert_non_null(st);
	assert_int_equal(ts_store_dim(st, "court_file"), 0);
	memset(&row, 0, sizeof row);
	row.dims = dims;
	for (i = 0; i < ROWS; i++) {
		snprintf(name, sizeof name, "CF-%06u", (unsigned)(i % GROUPS));
		dims[0] = ts_store_intern(st, name, strlen(name));
		row.counts[TS_INVESTIGATIONS] = inv_of(i);
		row.counts[TS_PROSECUTIONS] = TS_MISSING;
		row.counts[TS_CONVICTIONS] = conv_of(i);
		row.counts[TS_ACQUITTALS] = TS_MISSING;
		row.counts[TS_VICTIMS] = 1;
		row.line = i + 2;
		assert_int_equal(ts_store_add(st, &row), 0);
	}
	return st;
}

static struct ts_result *
build(const struct ts_store *st, int threads)
{
	struct ts_report_options opt;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_result *r = NULL;

	memset(&opt, 0, sizeof opt);
	memset(&err, 0, sizeof err);
	opt.method = TS_CI_WILSON;
	opt.level = 0.95;
	opt.threads = threads;
	assert_int_equal(ts_report_resolve_by(st, "court_file", &opt.by[0], &err), 0);
	opt.nby = 1;
	assert_int_equal(ts_report_build(st, &opt, &diags, &r, &err), 0);
	ts_diags_free(&diags);
	assert_non_null(r);
	return r;
}

/* Every group of r against the records (victims of record 0 at v0). */
static void
expect_groups(const struct ts_result *r, int64_t v0)
{
	uint32_t g, i;
	size_t own = 0;
	int64_t tinv = 0, tconv = 0;

	assert_int_equal(r->ngroups, GROUPS);
	for (g = 0; g < GROUPS; g++) {
		const struct ts_group *x = &r->groups[g];
		int64_t inv = 0, conv = 0, pinv = 0, pconv = 0, vic = 0;

		/* CF-%06u: key order is the groups' order. */
		for (i = g; i < ROWS; i += GROUPS) {
			inv += inv_of(i);
			vic += i == 0 ? v0 : 1;
			if (conv_of(i) == TS_MISSING)
				continue;
			conv += conv_of(i);
			pinv += inv_of(i);
			pconv += conv_of(i);
		}
		assert_int_equal(x->sum[TS_INVESTIGATIONS], inv);
		assert_int_equal(x->sum[TS_CONVICTIONS], conv);
		assert_int_equal(x->sum[TS_VICTIMS], vic);
		assert_true(x->sum[TS_PROSECUTIONS] == TS_MISSING);
		assert_int_equal(ts_group_pair(x, TS_RATE_CONVICTION, 0), pconv);
		assert_int_equal(ts_group_pair(x, TS_RATE_CONVICTION, 1), pinv);
		assert_true(ts_group_pair(x, TS_RATE_PROSECUTION, 0) == TS_MISSING);
		assert_true(ts_group_pair(x, TS_RATE_PER_PROSECUTION, 1) == TS_MISSING);
		/* Held apart exactly where they differ from the plain sums. */
		assert_int_equal(x->pair != NULL, g % 4 == 0);
		own += x->pair != NULL;
		tinv += pinv;
		tconv += pconv;
	}
	assert_int_equal(own, GROUPS / 4);
	assert_int_equal(ts_group_pair(&r->total, TS_RATE_CONVICTION, 0), tconv);
	assert_int_equal(ts_group_pair(&r->total, TS_RATE_CONVICTION, 1), tinv);
	assert_true(r->unpaired[TS_RATE_CONVICTION] > 0);
}

static void
test_cells(void **state)
{
	struct ts_store *st = make_store();
	struct ts_result *r;
	int th;

	(void)state;
	for (th = 1; th <= 2; th++) {
		r = build(st, th);
		expect_groups(r, 1);
		ts_result_free(r);
	}
	ts_store_free(st);
}

/* A negative count (which no input gives, but a caller could store)
 * makes the grouping add the records one by one. */
static void
test_one_by_one(void **state)
{
	struct ts_store *st = make_store();
	struct ts_result *r;
	int th;

	(void)state;
	assert_int_equal(ts_store_set_count(st, 0, TS_VICTIMS, -1), 0);
	for (th = 1; th <= 2; th++) {
		r = build(st, th);
		expect_groups(r, -1);
		ts_result_free(r);
	}
	ts_store_free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_one_by_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
