/* test_methods.c — the many-comparisons, exact-test, dispersion, funnel,
 * cumulative-incidence and percentage figures against R's reference
 * values (tests/data/adjust.csv, exact.csv, cuminc.csv, made by
 * tests/data/refs_issue17.R; see tests/data/REFSTATS.md). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <Rmath.h>

#include "refdata.h"

#include "ts_adjust.h"
#include "ts_cuminc.h"
#include "ts_exact.h"
#include "ts_pct.h"
#include "ts_stats.h"

/* Relative closeness within 1e-9, or within 1e-12 absolute where R's
 * own figure is rounding noise around 0 (a standard error of 2e-17, a
 * trend statistic of 8e-31 with scores near 2000). */
static int
close9(double got, double want)
{
	if (isnan(want))
		return isnan(got);
	if (fabs(want) < 1e-12)
		return fabs(got - want) < 1e-12;
	return fabs(got - want) <= 1e-9 * fabs(want);
}

static void
test_adjust_rows(void **state)
{
	FILE *fp = fopen("tests/data/adjust.csv", "r");
	char line[512], *f[8], method[8] = "";
	double p[64], want[64], got[64];
	int set = 0, checked = 0;
	size_t n = 0, i;
	enum ts_adjust a;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	for (;;) {
		char *ok = fgets(line, sizeof line, fp);
		int s = 0;
		if (ok) {
			assert_int_equal(ref_split(line, f, 8), 5);
			s = atoi(f[0]);
		}
		/* A set ends: adjust it and compare. */
		if (n > 0 && (!ok || s != set || strcmp(f[1], method) != 0)) {
			assert_int_equal(ts_adjust_parse(method, &a), 0);
			assert_int_equal(ts_adjust_p(a, n, p, got), 0);
			for (i = 0; i < n; i++) {
				if (!close9(got[i], want[i]))
					fail_msg("set %d %s #%zu: got %.17g want %.17g", set,
					    method, i + 1, got[i], want[i]);
				checked++;
			}
			n = 0;
		}
		if (!ok)
			break;
		set = s;
		snprintf(method, sizeof method, "%s", f[1]);
		p[n] = strtod(f[3], NULL);
		want[n++] = strtod(f[4], NULL);
	}
	fclose(fp);
	assert_int_equal(checked, 2 * (5 + 6 + 4 + 3 + 1 + 12 + 7));
	/* none leaves the figures alone; NaN is not a test. */
	{
		double q[3] = { 0.2, NAN, 0.01 }, r[3];
		assert_int_equal(ts_adjust_p(TS_ADJUST_NONE, 3, q, r), 0);
		assert_true(r[0] == 0.2 && isnan(r[1]) && r[2] == 0.01);
		assert_int_equal(ts_adjust_p(TS_ADJUST_HOLM, 3, q, r), 0);
		assert_true(r[0] == 0.2 && isnan(r[1]) && r[2] == 0.02);
	}
	assert_int_equal(ts_adjust_parse("BH", &a), 0);
	assert_int_equal(a, TS_ADJUST_BH);
	assert_int_equal(ts_adjust_parse("bonferroni", &a), -1);
}

static void
test_exact_rows(void **state)
{
	FILE *fp = fopen("tests/data/exact.csv", "r");
	char line[1024], *f[10];
	int checked = 0;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	while (fgets(line, sizeof line, fp)) {
		int64_t k[16], n[16], s[16];
		double sc[16], fisher, trend;
		struct ts_chisq ch;
		size_t m, i;

		assert_int_equal(ref_split(line, f, 10), 8);
		m = ref_parse_list(f[1], k, 16);
		assert_int_equal(ref_parse_list(f[2], n, 16), m);
		assert_int_equal(ref_parse_list(f[3], s, 16), m);
		for (i = 0; i < m; i++)
			sc[i] = (double)s[i];
		assert_int_equal(ts_stats_exact_homogeneity(m, k, n, &fisher), TS_EXACT_OK);
		assert_int_equal(ts_stats_exact_trend(m, k, n, s, &trend), TS_EXACT_OK);
		assert_int_equal(ts_stats_trend_scores(m, k, n, sc, &ch), 0);
		/* R's exact sums can pass 1 by rounding; ours stop at 1. */
		if (!close9(fisher, fmin(1, strtod(f[4], NULL))) ||
		    !close9(trend, fmin(1, strtod(f[5], NULL))) ||
		    !close9(ch.statistic, strtod(f[6], NULL)) ||
		    !close9(ch.p_value, strtod(f[7], NULL)))
			fail_msg("case %s: fisher %.17g exact trend %.17g chisq %.17g p %.17g",
			    f[0], fisher, trend, ch.statistic, ch.p_value);
		checked++;
	}
	fclose(fp);
	assert_int_equal(checked, 8);
}

/* Scores 1..m give the test of ts_stats_trend; a gap changes it. */
static void
test_trend_scores(void **state)
{
	int64_t k[3] = { 10, 15, 30 }, n[3] = { 100, 100, 100 };
	double one[3] = { 1, 2, 3 }, years[3] = { 2013, 2015, 2016 };
	struct ts_chisq a, b, c;

	(void)state;
	assert_int_equal(ts_stats_trend(3, k, n, &a), 0);
	assert_int_equal(ts_stats_trend_scores(3, k, n, one, &b), 0);
	assert_true(close9(a.statistic, b.statistic));
	assert_int_equal(ts_stats_trend_scores(3, k, n, years, &c), 0);
	assert_true(fabs(c.statistic - b.statistic) > 0.1);
}

/* No conviction anywhere (or only convictions): p = 1, as fisher.test. */
static void
test_degenerate(void **state)
{
	int64_t z[3] = { 0, 0, 0 }, all[3] = { 4, 5, 6 }, n[3] = { 4, 5, 6 }, s[3] = { 1, 2, 3 };
	double p;

	(void)state;
	assert_true(ts_stats_fisher_p(0, 10, 0, 12) == 1);
	assert_true(ts_stats_fisher_p(10, 10, 12, 12) == 1);
	assert_int_equal(ts_stats_exact_homogeneity(3, z, n, &p), 0);
	assert_true(p == 1);
	assert_int_equal(ts_stats_exact_trend(3, all, n, s, &p), 0);
	assert_true(p == 1);
}

/* Funnel limits against the direct formulas of Spiegelhalter (2005). */
static void
test_funnel_dispersion(void **state)
{
	int64_t k[5] = { 96, 19, 18, 34, 10 }, n[5] = { 260, 210, 190, 205, 220 };
	struct ts_dispersion_fit fit;
	double p0 = 177.0 / 1085.0, lo, hi, z = qnorm(0.001, 0, 1, 0, 0), s2, w = 0, w2 = 0;
	size_t i;
	int side;

	(void)state;
	assert_int_equal(ts_stats_dispersion(5, k, n, &fit), 0);
	/* chisq.test(cbind(k, n - k), correct = FALSE)$statistic */
	assert_true(close9(fit.chisq, 117.85273697986871));
	assert_true(close9(fit.phi, 117.85273697986871 / 4));
	assert_true(fit.significant);
	for (i = 0; i < 5; i++) {
		w += n[i] / (p0 * (1 - p0));
		w2 += pow(n[i] / (p0 * (1 - p0)), 2);
	}
	assert_true(close9(fit.tau2, (117.85273697986871 - 4) / (w - w2 / w)));
	side = ts_stats_funnel_check(96, 260, p0, 0.998, TS_DISPERSION_MULTIPLICATIVE, &fit, &lo, &hi);
	s2 = p0 * (1 - p0) / 260;
	assert_true(close9(lo, p0 - z * sqrt(fit.phi * s2)));
	assert_true(close9(hi, p0 + z * sqrt(fit.phi * s2)));
	/* 96/260 is past the binomial limit but inside the widened one. */
	assert_int_equal(side, 0);
	assert_int_equal(ts_stats_funnel_check(96, 260, p0, 0.998, TS_DISPERSION_NONE, NULL,
	    &lo, &hi), 1);
	ts_stats_funnel_check(10, 220, p0, 0.998, TS_DISPERSION_ADDITIVE, &fit, &lo, &hi);
	s2 = p0 * (1 - p0) / 220;
	assert_true(close9(lo, p0 - z * sqrt(s2 + fit.tau2)));
	side = ts_stats_funnel_check(10, 220, p0, 0.998, TS_DISPERSION_NONE, NULL, &lo, &hi);
	assert_true(close9(lo * 220, qbinom(0.001, 220, p0, 1, 0)));
	assert_int_equal(side, -1);
	/* The chance of a flag: pbinom below the lower limit plus above. */
	assert_true(close9(ts_stats_funnel_chance(220, p0, 0.95),
	    pbinom(qbinom(0.025, 220, p0, 1, 0) - 1, 220, p0, 1, 0) +
	    pbinom(qbinom(0.025, 220, p0, 0, 0), 220, p0, 0, 0)));
}

static void
test_cuminc_rows(void **state)
{
	FILE *fp = fopen("tests/data/cuminc.csv", "r");
	static char line[16384];
	char *f[12];
	int checked = 0;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	while (fgets(line, sizeof line, fp)) {
		static int64_t d[512], s[512];
		static uint32_t times[512];
		struct ts_cuminc_class *cls;
		struct ts_cuminc ci;
		size_t m, i, ncls;
		double want_est, want_se, want_lo, want_hi, want_med;

		assert_int_equal(ref_split(line, f, 12), 9);
		m = ref_parse_list(f[1], d, 512);
		assert_int_equal(ref_parse_list(f[2], s, 512), m);
		for (i = 0; i < m; i++) {
			assert_true(d[i] >= 0 && s[i] >= 0 && s[i] <= 2);
			times[i] = ts_cuminc_time((uint32_t)d[i], (enum ts_case_status)s[i]);
		}
		assert_int_equal(ts_cuminc_classes(times, m, &cls, &ncls), 0);
		assert_int_equal(ts_cuminc_fit(cls, ncls, strtod(f[3], NULL), 0.95, &ci), 0);
		free(cls);
		want_est = strtod(f[4], NULL);
		want_se = strtod(f[5], NULL);
		want_lo = strtod(f[6], NULL);
		want_hi = strtod(f[7], NULL);
		want_med = strtod(f[8], NULL);
		/* survfit gives 0-0 as the interval of an estimate of 0; ours
		 * is undefined there. */
		if (want_est == 0) {
			want_lo = want_hi = NAN;
		}
		if (!close9(ci.estimate, want_est) || !close9(ci.std_err, want_se) ||
		    !close9(ci.low, want_lo) || !close9(ci.high, want_hi) ||
		    !close9(ci.median, want_med))
			fail_msg("case %s at %s: got %.17g se %.17g (%.17g, %.17g) median %.17g",
			    f[0], f[3], ci.estimate, ci.std_err, ci.low, ci.high, ci.median);
		checked++;
	}
	fclose(fp);
	assert_int_equal(checked, 24);
}

static void
test_pct(void **state)
{
	char b[64];

	(void)state;
	ts_pct_text(0.083, b, sizeof b);
	assert_string_equal(b, "8.30%");
	ts_pct_text(0, b, sizeof b);
	assert_string_equal(b, "0.00%");
	ts_pct_text(1, b, sizeof b);
	assert_string_equal(b, "100.00%");
	ts_pct_text(1e-6, b, sizeof b);
	assert_string_equal(b, "0.0001%");
	ts_pct_text(1 - 1e-6, b, sizeof b);
	assert_string_equal(b, "99.9999%");
	ts_pct_text(0.00004, b, sizeof b);
	assert_string_equal(b, "0.004%");
	ts_pct_text(NAN, b, sizeof b);
	assert_string_equal(b, "\xe2\x80\x94");
	ts_points_text(-0.000031, b, sizeof b);
	assert_string_equal(b, "-0.003");
	ts_points_text(0, b, sizeof b);
	assert_string_equal(b, "+0.00");
	ts_points_text(-1 + 1e-7, b, sizeof b);
	assert_string_equal(b, "-99.99999");
	ts_pct_text(1e-300, b, sizeof b);
	assert_true(strcmp(b, "0.00%") != 0 && strstr(b, "nan") == NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust_rows),
		cmocka_unit_test(test_exact_rows),
		cmocka_unit_test(test_trend_scores),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_funnel_dispersion),
		cmocka_unit_test(test_cuminc_rows),
		cmocka_unit_test(test_pct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
