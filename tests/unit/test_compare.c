/* test_compare.c — which comparisons a report gets, and their figures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ts_compare.h"
#include "ts_input.h"

struct fixture {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_result *res;
};

/* Options the next build uses besides the defaults (then reset). */
static struct ts_report_options extra;

/* Loads csv and builds the report grouped by the comma-separated by. */
static void
build_basis(struct fixture *f, const char *csv, const char *by, enum ts_basis basis)
{
	struct ts_load_options lo = { 0 };
	struct ts_report_options ro;
	struct ts_error err;
	char names[128], *p, *save = NULL;

	memset(f, 0, sizeof *f);
	memset(&err, 0, sizeof err);
	ro = extra;
	memset(&extra, 0, sizeof extra);
	ro.nby = 0;
	ro.method = TS_CI_WILSON;
	ro.level = 0.95;
	ro.basis = basis;
	f->st = ts_store_new();
	assert_non_null(f->st);
	assert_int_equal(ts_input_load_mem(f->st, "mem", csv, strlen(csv), &lo,
	    &f->diags, &err), 0);
	snprintf(names, sizeof names, "%s", by);
	for (p = strtok_r(names, ",", &save); p; p = strtok_r(NULL, ",", &save))
		assert_int_equal(ts_report_resolve_by(f->st, p, &ro.by[ro.nby++], &err), 0);
	assert_int_equal(ts_report_build(f->st, &ro, &f->diags, &f->res, &err), 0);
	assert_non_null(f->res->comparisons);
}

static void
build(struct fixture *f, const char *csv, const char *by)
{
	build_basis(f, csv, by, TS_BASIS_COHORT);
}

static void
done(struct fixture *f)
{
	ts_result_free(f->res);
	ts_store_free(f->st);
	ts_diags_free(&f->diags);
}

static size_t
count_kind(const struct ts_result *r, enum ts_cmp_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < r->comparisons->count; i++)
		n += r->comparisons->items[i].kind == kind;
	return n;
}

/* Years given out of order, one of them twice: the differences follow the
 * calendar and the figures are those of the reference series S01. */
static void
test_years(void **state)
{
	struct fixture f;
	const struct ts_cmp *it;

	(void)state;
	build(&f, "year,investigations,convictions\n2012,250,30\n2010,229,19\n"
	    "2011,200,20\n2013,245,28\n2011,40,5\n2014,260,35\n", "year");
	assert_int_equal(count_kind(f.res, TS_CMP_DIFFERENCE), 4);
	assert_int_equal(count_kind(f.res, TS_CMP_TREND), 1);
	assert_int_equal(count_kind(f.res, TS_CMP_HOMOGENEITY), 1);
	it = &f.res->comparisons->items[0];
	assert_int_equal(it->kind, TS_CMP_DIFFERENCE);
	assert_int_equal(it->from, 0);   /* 2010 */
	assert_int_equal(it->group, 1);  /* 2011 */
	assert_true(fabs(it->diff.value - (25.0 / 240 - 19.0 / 229)) < 1e-15);
	assert_int_equal(it->fisher, 0);
	it = &f.res->comparisons->items[4];
	assert_int_equal(it->kind, TS_CMP_TREND);
	assert_true(fabs(it->chisq.statistic / 3.1216854056824088 - 1) < 1e-12);
	assert_true(fabs(it->p_value / 0.077256837701244127 - 1) < 1e-12);
	it = &f.res->comparisons->items[5];
	assert_true(fabs(it->chisq.statistic / 3.6013408528680459 - 1) < 1e-12);
	assert_true(it->chisq.df == 4);
	done(&f);
}

/* Comparisons run within each jurisdiction; a group without investigations
 * or with more convictions than investigations takes no part, and the
 * latter gets a warning. */
static void
test_strata(void **state)
{
	struct fixture f;
	size_t i, n;

	(void)state;
	extra.dispersion = TS_DISPERSION_NONE;
	build(&f, "year,jurisdiction,investigations,convictions\n"
	    "2013,A,100,10\n2014,A,60,0\n2015,A,50,60\n2016,A,0,0\n"
	    "2013,B,20,0\n2014,B,30,0\n", "year,jurisdiction");
	/* A: 2013 -> 2014 only (2015 is a period ratio, 2016 has no n);
	 * B: 2013 -> 2014 with no conviction in either: Fisher's p = 1, as
	 * R's fisher.test gives it. */
	assert_int_equal(count_kind(f.res, TS_CMP_DIFFERENCE), 2);
	for (i = 0; i < f.res->comparisons->count; i++) {
		const struct ts_cmp *it = &f.res->comparisons->items[i];
		const struct ts_group *g = &f.res->groups[it->group];
		if (it->kind != TS_CMP_DIFFERENCE)
			continue;
		assert_int_equal(it->fisher, 1);
		if (g->sum[TS_CONVICTIONS] == 0 && f.res->groups[it->from].sum[TS_CONVICTIONS] == 0)
			assert_true(it->p_value == 1);
		else
			assert_true(it->p_value > 0 && it->p_value < 0.05);
	}
	/* The report's warning, whatever the reader warned about the row. */
	for (i = 0, n = 0; i < f.diags.count; i++)
		n += f.diags.items[i].kind == TS_DIAG_WARNING &&
		    strstr(f.diags.items[i].message, "period ratio") != NULL;
	assert_int_equal(n, 1);
	done(&f);
}

/* Without a period field: one homogeneity test and the funnel outliers. */
static void
test_outliers(void **state)
{
	struct fixture f;
	size_t i, high = 0, low = 0;

	(void)state;
	extra.dispersion = TS_DISPERSION_NONE;
	build(&f, "jurisdiction,investigations,convictions\nA,200,20\nB,210,19\n"
	    "C,190,18\nD,205,60\nE,220,1\n", "jurisdiction");
	assert_int_equal(count_kind(f.res, TS_CMP_DIFFERENCE), 0);
	assert_int_equal(count_kind(f.res, TS_CMP_TREND), 0);
	assert_int_equal(count_kind(f.res, TS_CMP_HOMOGENEITY), 1);
	for (i = 0; i < f.res->comparisons->count; i++) {
		const struct ts_cmp *it = &f.res->comparisons->items[i];
		if (it->kind != TS_CMP_OUTLIER)
			continue;
		assert_true(it->limit == TS_FUNNEL_WIDE);
		if (it->side > 0)
			high++, assert_string_equal(ts_store_string(f.st,
			    f.res->groups[it->group].key[0].id), "D");
		else
			low++;
	}
	assert_int_equal(high, 1);
	assert_int_equal(low, 1);
	done(&f);
}

/* The same groups vary far more than binomial sampling allows: by
 * default the funnel limits widen by sqrt(phi), and neither D (29%) nor E
 * (0.5%) is past the alarm limit any more. */
static void
test_outliers_dispersed(void **state)
{
	struct fixture f;
	const struct ts_cmp *h = NULL, *it;
	size_t i, alarms = 0;

	(void)state;
	build(&f, "jurisdiction,investigations,convictions\nA,200,20\nB,210,19\n"
	    "C,190,18\nD,205,60\nE,220,1\n", "jurisdiction");
	for (i = 0; i < f.res->comparisons->count; i++) {
		it = &f.res->comparisons->items[i];
		if (it->kind == TS_CMP_HOMOGENEITY)
			h = it;
		if (it->kind == TS_CMP_OUTLIER && it->limit == TS_FUNNEL_WIDE) {
			alarms++;
			assert_true(it->side < 0);
		}
	}
	assert_non_null(h);
	assert_true(h->has_dispersion && h->disp.significant);
	assert_true(fabs(h->disp.phi - h->chisq.statistic / 4) < 1e-12);
	assert_int_equal(h->disp_used, TS_DISPERSION_MULTIPLICATIVE);
	assert_int_equal(h->alarms, alarms);
	assert_int_equal(alarms, 0);
	assert_true(h->expected_alarms > 0.0099 && h->expected_alarms < 0.0101);
	done(&f);
}

/* Two periods: a difference, no trend (a trend needs three). */
static void
test_two_periods(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, "year,investigations,convictions\n2014,229,19\n2015,240,40\n", "year");
	assert_int_equal(count_kind(f.res, TS_CMP_DIFFERENCE), 1);
	assert_int_equal(count_kind(f.res, TS_CMP_TREND), 0);
	assert_int_equal(count_kind(f.res, TS_CMP_HOMOGENEITY), 1);
	assert_int_equal(f.res->comparisons->ntests[1], 0);
	done(&f);
}

/* 2013, 2015, 2016: the trend's scores are the years, and the difference
 * across the missing year says so. */
static void
test_gap_scores(void **state)
{
	struct fixture f;
	int64_t k[3] = { 10, 15, 30 }, n[3] = { 100, 100, 100 };
	double years[3] = { 2013, 2015, 2016 };
	struct ts_chisq want;
	size_t i;
	int seen = 0;
	double phi = 0;

	(void)state;
	build(&f, "year,investigations,convictions\n2013,100,10\n2015,100,15\n2016,100,30\n",
	    "year");
	assert_int_equal(ts_stats_trend_scores(3, k, n, years, &want), 0);
	/* The three rates vary more than sampling allows, but what is left
	 * around the trend line does not: the trend's chi-square is the
	 * binomial one unless that rest is significant on m - 2 df. */
	for (i = 0; i < f.res->comparisons->count; i++)
		if (f.res->comparisons->items[i].kind == TS_CMP_HOMOGENEITY)
			phi = f.res->comparisons->items[i].disp.chisq - want.statistic;
	assert_true(f.res->comparisons->items[0].dispersed);
	if (!(phi > 3.841458820694124))
		phi = 1;
	for (i = 0; i < f.res->comparisons->count; i++) {
		const struct ts_cmp *it = &f.res->comparisons->items[i];
		if (it->kind == TS_CMP_DIFFERENCE)
			assert_int_equal(it->gap, it->from == 0 ? 1 : 0);
		if (it->kind == TS_CMP_TREND) {
			assert_true(fabs(it->chisq.statistic * phi / want.statistic - 1) < 1e-12);
			assert_int_equal(it->dispersed, phi != 1);
			assert_int_equal(ts_compare_slot(f.res, 0, &f.res->groups[it->first]), 2013);
			/* Rising only when the adjusted p is below 0.05. */
			assert_int_equal(it->direction, it->p_adjusted < 0.05 ? 1 : 0);
			seen = 1;
		}
	}
	assert_true(seen);
	done(&f);
}

/* The differences are adjusted together (Holm by default); a trend with
 * p = 0.077 is not called rising. */
static void
test_adjusted(void **state)
{
	struct fixture f;
	double raw[8], adj[8];
	size_t i, m = 0;

	(void)state;
	build(&f, "year,investigations,convictions\n2010,229,19\n2011,240,25\n2012,250,30\n"
	    "2013,245,28\n2014,260,35\n", "year");
	for (i = 0; i < f.res->comparisons->count; i++)
		if (f.res->comparisons->items[i].kind == TS_CMP_DIFFERENCE)
			raw[m++] = f.res->comparisons->items[i].p_value;
	assert_int_equal(m, 4);
	assert_int_equal(ts_adjust_p(TS_ADJUST_HOLM, m, raw, adj), 0);
	for (i = 0, m = 0; i < f.res->comparisons->count; i++) {
		const struct ts_cmp *it = &f.res->comparisons->items[i];
		if (it->kind == TS_CMP_DIFFERENCE)
			assert_true(it->p_adjusted == adj[m++]);
		if (it->kind == TS_CMP_TREND) {
			assert_true(it->p_value > 0.05 && it->chisq.z > 0);
			assert_int_equal(it->direction, 0);
		}
	}
	assert_int_equal(f.res->comparisons->ntests[0] + f.res->comparisons->ntests[1] +
	    f.res->comparisons->ntests[2], 6);
	done(&f);
}

/* A fixed-seed generator (64-bit LCG, Knuth's MMIX constants): the same
 * draws on every machine. */
static uint64_t lcg_state;

static double
lcg_uniform(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(lcg_state >> 11) / 9007199254740992.0;
}

/* 32 jurisdictions of equal true rate (15%), 50 to 400 investigations
 * each, 400 simulated reports: the share of reports with any alarm is at
 * most 5%.  Every funnel alarm here is by chance. */
static void
test_alarm_share(void **state)
{
	static char csv[8192];
	struct fixture f;
	int rep, j, t, with_alarm = 0, alerts = 0;

	(void)state;
	lcg_state = 20261201;
	for (rep = 0; rep < 400; rep++) {
		size_t o = (size_t)snprintf(csv, sizeof csv, "jurisdiction,investigations,convictions\n");
		for (j = 0; j < 32; j++) {
			int n = 50 + (int)(lcg_uniform() * 351), k = 0;
			for (t = 0; t < n; t++)
				k += lcg_uniform() < 0.15;
			o += (size_t)snprintf(csv + o, sizeof csv - o, "J%02d,%d,%d\n", j, n, k);
		}
		build(&f, csv, "jurisdiction");
		for (j = 0; j < (int)f.res->comparisons->count; j++) {
			const struct ts_cmp *it = &f.res->comparisons->items[j];
			if (it->kind == TS_CMP_HOMOGENEITY) {
				with_alarm += it->alarms > 0;
				alerts += (int)it->alerts;
			}
		}
		done(&f);
	}
	print_message("reports with an alarm: %d of 400; alerts: %d\n", with_alarm, alerts);
	assert_true(with_alarm <= 20);
	/* Alerts do come by chance: about 32 x 0.05 a report. */
	assert_true(alerts > 200);
}

/* No grouping, or a single group: nothing to compare. */
static void
test_nothing(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, "year,investigations,convictions\n2014,229,19\n", "");
	assert_int_equal(f.res->comparisons->count, 0);
	done(&f);
	build(&f, "year,investigations,convictions\n2014,229,19\n", "year");
	assert_int_equal(f.res->comparisons->count, 0);
	done(&f);
}

/* Mexico 2013 as two case lists: 600 cases opened in 2013, none convicted
 * yet, and 76 convictions dated 2013 of cases opened earlier. */
static const char *
mexico(void)
{
	static char csv[40000];
	size_t o = 0;
	int i;

	o += (size_t)snprintf(csv + o, sizeof csv - o, "case_id,opened,outcome,closed\n");
	for (i = 0; i < 600; i++)
		o += (size_t)snprintf(csv + o, sizeof csv - o, "A%d,2013-%02d-15,open,\n",
		    i, i % 12 + 1);
	for (i = 0; i < 76; i++)
		o += (size_t)snprintf(csv + o, sizeof csv - o,
		    "B%d,2011-03-01,convicted,2013-03-%02d\n", i, i % 28 + 1);
	return csv;
}

static void
test_cohort_basis(void **state)
{
	struct fixture f;
	struct ts_cohort cohort;
	const struct ts_cohort *co;

	(void)state;
	build(&f, mexico(), "year");
	assert_int_equal(f.res->ngroups, 2);
	assert_int_equal(f.res->groups[1].sum[TS_CONVICTIONS], 0);   /* 2013 */
	assert_true(ts_result_rate(f.res, &f.res->groups[1], TS_RATE_CONVICTION).ci.value == 0);
	assert_int_equal(ts_result_rate(f.res, &f.res->groups[1], TS_RATE_CONVICTION).has_interval, 1);
	assert_non_null(f.res->comparisons->cohorts);
	cohort = ts_compare_cohort(f.res->comparisons, 1);
	co = &cohort;
	assert_true(co->cases == 600 && co->still_open == 600 && co->share_open == 1);
	assert_true(isnan(co->median_days));
	cohort = ts_compare_cohort(f.res->comparisons, 0);     /* 2011 */
	co = &cohort;
	assert_true(co->cases == 76 && co->convicted == 76 && co->still_open == 0);
	/* 2011-03-01 to 2013-03-01 is 731 days; closings spread to the 28th. */
	assert_true(co->q1_days >= 731 && co->median_days > co->q1_days &&
	    co->q3_days <= 731 + 27);
	assert_int_equal(f.res->comparisons->cohorts[2].cases, 676);
	done(&f);
}

/* Days are counted only when both dates are known and in order; a case
 * closed before it opened, or without a closed date, still counts. */
static void
test_cohort_days(void **state)
{
	struct fixture f;
	struct ts_cohort cohort;
	const struct ts_cohort *co;
	const struct ts_follow *fw;
	struct ts_follow tmp;

	(void)state;
	build(&f, "case_id,opened,outcome,closed\n"
	    "1,2014-01-10,convicted,2014-01-20\n"
	    "2,2014-01-10,convicted,2014-01-05\n"
	    "4,2014-01-10,convicted,\n"
	    "5,2014-01-10,acquitted,2014-06-01\n"
	    "6,2014-01-10,charged,\n", "");
	cohort = ts_compare_cohort(f.res->comparisons, 0);
	co = &cohort;
	assert_int_equal(co->cases, 5);
	assert_int_equal(co->convicted, 3);
	assert_int_equal(co->still_open, 1);
	/* The cumulative incidence: case 1 convicted at day 10 (1 of 3 at
	 * risk), case 5 acquitted at day 142 and case 6 open, censored at the
	 * cut-off (2014-06-01, day 142): it stays at 1/3, so the quartile is
	 * 10 days and the median and upper quartile are not reached. */
	assert_true(co->q1_days == 10 && isnan(co->median_days) && isnan(co->q3_days));
	fw = ts_compare_follow(f.res->comparisons, 0, &tmp);
	assert_int_equal(fw->untimed, 2);
	assert_int_equal(fw->timed, 3);
	assert_true(fabs(fw->ci.estimate - 1.0 / 3) < 1e-15);
	done(&f);
}

static void
test_period_basis(void **state)
{
	struct fixture f;

	(void)state;
	build_basis(&f, mexico(), "year", TS_BASIS_PERIOD);
	assert_int_equal(f.res->ngroups, 2);
	assert_int_equal(f.res->groups[0].sum[TS_CONVICTIONS], 0);   /* 2011 */
	assert_int_equal(f.res->groups[1].sum[TS_CONVICTIONS], 76);  /* 2013 */
	assert_int_equal(f.res->groups[1].sum[TS_INVESTIGATIONS], 600);
	assert_int_equal(ts_result_rate(f.res, &f.res->groups[1], TS_RATE_CONVICTION).has_interval, 0);
	assert_true(f.res->comparisons->period_basis);
	assert_null(f.res->comparisons->cohorts);
	/* The total is the same on either basis, and a proportion. */
	assert_int_equal(f.res->total.sum[TS_CONVICTIONS], 76);
	assert_int_equal(ts_result_rate(f.res, &f.res->total, TS_RATE_CONVICTION).has_interval, 1);
	done(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_strata),
		cmocka_unit_test(test_outliers),
		cmocka_unit_test(test_outliers_dispersed),
		cmocka_unit_test(test_two_periods),
		cmocka_unit_test(test_gap_scores),
		cmocka_unit_test(test_adjusted),
		cmocka_unit_test(test_alarm_share),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_cohort_basis),
		cmocka_unit_test(test_cohort_days),
		cmocka_unit_test(test_period_basis),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
